//! Article extraction: from a decoded record to a clean body and metadata.
//!
//! Input is a [`RawArticle`] from `rasad-ingest`, either HTML or plain text
//! that was already extracted from a page (and still carries page furniture).
//! Both are turned into *blocks* (DOM blocks, or lines), every block gets
//! features (word count, sentence-final punctuation, marker hits from
//! `data/article/markers.tsv`, link density and class/id hints for HTML,
//! position relative to the first and last real paragraph, being a prefix
//! of another paragraph, repetition across other documents of the same site)
//! and a keep/drop verdict with a [`Reason`]. Metadata (title, author,
//! agency, source, publication date, language) comes from the container,
//! the HTML head, and the dropped furniture lines themselves.
//!
//! Over a batch, segment each record once, let the extractor observe all
//! of them (site-level repetition), then extract:
//!
//! ```
//! # use rasad_article::Extractor;
//! # use rasad_ingest::{Markup, RawArticle};
//! # let batch: Vec<RawArticle> = vec![];
//! let mut ex = Extractor::new().expect("embedded data files parse");
//! let segs: Vec<_> = batch.iter().map(|r| ex.segment(r)).collect();
//! for (r, s) in batch.iter().zip(&segs) {
//!     ex.observe_segmented(&r.content_hash, s);
//! }
//! let articles: Vec<_> = batch.iter().zip(&segs).map(|(r, s)| ex.extract_segmented(r, s)).collect();
//! # assert!(articles.is_empty());
//! ```
//!
//! Invariants:
//! - The body only ever contains text of the input, whole blocks, in input
//!   order, joined by `\n`; blocks are never rewritten or merged.
//! - A line ending with sentence punctuation is only dropped when markers
//!   cover most of it, when it repeats an earlier paragraph, or when HTML
//!   structure (link density, furniture class/id, skipped elements) says it
//!   is not article text.
//! - Site "last updated" stamps never become the publication date; dates are
//!   real calendar dates between 1990 and the process clock's tomorrow.
//! - Linguistic knowledge lives in `data/article/*.tsv`; all matchers are
//!   built once in [`Extractor::new`], per-line work is one Aho-Corasick scan.
//! - No panics on any input; no network, no file I/O.

mod data;
mod date;
mod html;
mod norm;

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use aho_corasick::AhoCorasick;
use rasad_ingest::{Markup, RawArticle};

pub use data::LoadError;
use data::{Hint, Hints, Marker, Mode};
use date::DateParser;
use html::HtmlMeta;
use norm::{ends_sentence, fold, letters_key, script_counts, squash};

/// The clean article and its metadata.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Article {
    pub title: Option<String>,
    pub author: Option<String>,
    /// Canonical agency name (`AFP`, `Reuters`, `Anadolu`, `dpa`, `SPA`…).
    pub agency: Option<String>,
    pub source_name: Option<String>,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    /// `ar`, `en`, or `None` when no script dominates.
    pub language: Option<String>,
    /// Kept blocks joined by `\n`.
    pub body: String,
    pub warnings: Vec<String>,
}

/// Why a block was left out of the body.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Reason {
    /// Site "last updated" stamp.
    Stamp,
    /// Page widget; the marker kind from the data file (`share`, `comment`…).
    Widget(String),
    /// Latin interface strings (`Copy to clipboard`…).
    LatinUi,
    /// Image caption ending with a parenthesised credit.
    Caption,
    /// Heading that opens a list of other articles.
    RelatedHeading,
    /// Title of another article in a related list.
    RelatedItem,
    /// `Source: X` attribution line.
    Source,
    /// Byline (prefixed, or a bare name right after the title).
    Byline,
    /// Publication date line.
    Dateline,
    /// Agency credit on a line of its own.
    Agency,
    /// The title (or a copy of it).
    Title,
    /// Short label before the title (section/category).
    Category,
    /// Short non-sentence line before the first paragraph.
    HeadFurniture,
    /// Short non-sentence line after the last sentence.
    TailFurniture,
    /// A single word between paragraphs.
    LoneWord,
    /// Truncated copy of another paragraph (teaser/lead duplicate).
    DuplicateLead,
    /// Exact copy of an earlier paragraph.
    Duplicate,
    /// HTML block mostly made of link text.
    LinkDense,
    /// HTML block inside a furniture class/id container.
    ClassHint,
    /// Line seen in many documents of the same site.
    Repeated,
}

impl Reason {
    /// Reasons decided from the line alone (no position, no other lines).
    pub fn is_context_free(&self) -> bool {
        matches!(
            self,
            Reason::Stamp
                | Reason::Widget(_)
                | Reason::LatinUi
                | Reason::Caption
                | Reason::RelatedHeading
                | Reason::Source
                | Reason::Byline
                | Reason::Dateline
                | Reason::Agency
        )
    }
}

/// One block of the input and what happened to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub text: String,
    /// `None` = kept in the body.
    pub dropped: Option<Reason>,
}

/// The article plus the per-block decisions behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub article: Article,
    pub blocks: Vec<Verdict>,
}

/// Lines seen across the documents of one site (URL host, else input folder).
#[derive(Debug, Clone, Default)]
pub struct SiteProfile {
    docs: u32,
    lines: HashMap<u64, u32>,
    seen: HashSet<String>,
}

impl SiteProfile {
    /// Repetition only counts once a site has this many documents.
    const MIN_DOCS: u32 = 4;
    const MIN_COUNT: u32 = 3;

    pub fn documents(&self) -> u32 {
        self.docs
    }

    /// Whether a folded line repeats in enough of the site's documents to be
    /// furniture (at least 3 documents and 30% of them).
    pub fn is_repeated(&self, folded: &str) -> bool {
        if self.docs < Self::MIN_DOCS {
            return false;
        }
        self.is_repeated_hash(line_hash(folded))
    }

    /// [`SiteProfile::is_repeated`] for a line's [`line_hash`].
    fn is_repeated_hash(&self, hash: u64) -> bool {
        if self.docs < Self::MIN_DOCS {
            return false;
        }
        let n = self.lines.get(&hash).copied().unwrap_or(0);
        n >= Self::MIN_COUNT && n * 10 >= self.docs * 3
    }
}

fn line_hash(folded: &str) -> u64 {
    let mut h = DefaultHasher::new();
    folded.hash(&mut h);
    h.finish()
}

/// A record cut into blocks, ready to observe and extract without re-parsing.
#[derive(Debug, Clone)]
pub struct Segmented {
    pub site: String,
    blocks: Vec<Block>,
    meta: Option<HtmlMeta>,
}

#[derive(Debug, Clone)]
struct Block {
    text: String,
    folded: String,
    /// `line_hash(&folded)`, hashed once for observing and extracting.
    hash: u64,
    words: usize,
    sentence: bool,
    link_density: f32,
    heading: Option<u8>,
    hint: Option<Hint>,
}

/// What a line is, judged on its own.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Stamp,
    Widget(String),
    Ui,
    Caption,
    Related,
    Source(String),
    Byline(String),
    Dateline(String),
    Agency(String),
}

impl Kind {
    fn reason(&self) -> Reason {
        match self {
            Kind::Stamp => Reason::Stamp,
            Kind::Widget(k) => Reason::Widget(k.clone()),
            Kind::Ui => Reason::LatinUi,
            Kind::Caption => Reason::Caption,
            Kind::Related => Reason::RelatedHeading,
            Kind::Source(_) => Reason::Source,
            Kind::Byline(_) => Reason::Byline,
            Kind::Dateline(_) => Reason::Dateline,
            Kind::Agency(_) => Reason::Agency,
        }
    }
}

/// Loaded markers and matchers, plus what was learnt about sites.
#[derive(Debug, Clone)]
pub struct Extractor {
    markers: Vec<Marker>,
    matcher: AhoCorasick,
    agencies: HashMap<String, String>,
    /// Longest agency key in chars: bounds dateline segment checks.
    agency_key_max: usize,
    dates: DateParser,
    hints: Hints,
    sites: HashMap<String, SiteProfile>,
}

/// Longest line (in words) that marker rules look at.
const MARKER_LINE_MAX_WORDS: usize = 30;

/// Kinds whose markers carry behaviour beyond "drop this line".
const KIND_PRIORITY: &[&str] = &["stamp", "source", "byline", "dateline", "related"];

impl Extractor {
    /// Load the embedded data files and build the matchers.
    pub fn new() -> Result<Extractor, LoadError> {
        let markers = data::parse_markers(data::MARKERS.0, data::MARKERS.1)?;
        let agencies = data::parse_agencies(data::AGENCIES.0, data::AGENCIES.1)?;
        let months = data::parse_months(data::MONTHS.0, data::MONTHS.1)?;
        let hints = data::parse_hints(data::HINTS.0, data::HINTS.1)?;
        let matcher =
            AhoCorasick::new(markers.iter().map(|m| m.text.as_str())).map_err(|e| LoadError {
                file: data::MARKERS.0.to_string(),
                line: 0,
                message: format!("cannot build matcher: {e}"),
            })?;
        let agency_key_max = agencies
            .keys()
            .map(|k| k.chars().count())
            .max()
            .unwrap_or(0);
        Ok(Extractor {
            markers,
            matcher,
            agencies,
            agency_key_max,
            dates: DateParser::new(months),
            hints,
            sites: HashMap::new(),
        })
    }

    /// The profile learnt so far for a site key (see [`Segmented::site`]).
    pub fn site_profile(&self, site: &str) -> Option<&SiteProfile> {
        self.sites.get(site)
    }

    /// Cut a record into blocks (parses HTML once).
    pub fn segment(&self, raw: &RawArticle) -> Segmented {
        let site = site_key(raw);
        match raw.markup {
            Markup::Html => {
                let (blocks, meta) = html::walk(&raw.content, &self.hints);
                let blocks = blocks
                    .into_iter()
                    .map(|b| {
                        let chars = b.text.chars().filter(|c| !c.is_whitespace()).count();
                        let mut block = make_block(b.text);
                        block.link_density = if chars == 0 {
                            0.0
                        } else {
                            b.link_chars as f32 / chars as f32
                        };
                        block.heading = b.heading;
                        block.hint = b.hint;
                        block
                    })
                    .collect();
                Segmented {
                    site,
                    blocks,
                    meta: Some(meta),
                }
            }
            Markup::Text => Segmented {
                site,
                blocks: raw
                    .content
                    .lines()
                    .map(squash)
                    .filter(|l| !l.is_empty())
                    .map(make_block)
                    .collect(),
                meta: None,
            },
        }
    }

    /// Learn the lines of one record for site-level repetition.
    pub fn observe(&mut self, raw: &RawArticle) {
        let seg = self.segment(raw);
        self.observe_segmented(&raw.content_hash, &seg);
    }

    /// [`Extractor::observe`] for an already segmented record. Identical
    /// records (same content hash) count once, so copies of one page do not
    /// make its own text look like site furniture.
    pub fn observe_segmented(&mut self, content_hash: &str, seg: &Segmented) {
        let profile = self.sites.entry(seg.site.clone()).or_default();
        if !profile.seen.insert(content_hash.to_string()) {
            return;
        }
        profile.docs += 1;
        let mut this_doc = HashSet::new();
        for b in &seg.blocks {
            if this_doc.insert(b.hash) {
                *profile.lines.entry(b.hash).or_insert(0) += 1;
            }
        }
    }

    /// Extract the article from one record.
    pub fn extract(&self, raw: &RawArticle) -> Article {
        self.analyse(raw).article
    }

    /// Extract from an already segmented record.
    pub fn extract_segmented(&self, raw: &RawArticle, seg: &Segmented) -> Article {
        self.analyse_segmented(raw, seg).article
    }

    /// Extract, and report the verdict on every block.
    pub fn analyse(&self, raw: &RawArticle) -> Analysis {
        let seg = self.segment(raw);
        self.analyse_segmented(raw, &seg)
    }

    /// Why a single line would be dropped regardless of its position, if at
    /// all: stamps, widgets, Latin UI, captions, related headings, source,
    /// byline, date and agency lines.
    pub fn classify_line(&self, line: &str) -> Option<Reason> {
        self.kind(&make_block(squash(line))).map(|k| k.reason())
    }

    /// Canonical agency name for a credit such as "(أ.ف.ب)" or "رويترز".
    pub fn agency(&self, credit: &str) -> Option<&str> {
        self.agencies.get(&letters_key(credit)).map(String::as_str)
    }

    fn kind(&self, b: &Block) -> Option<Kind> {
        if b.folded.is_empty() {
            return None;
        }
        if b.words <= 5 {
            if let Some(a) = self.agency(&b.text) {
                return Some(Kind::Agency(a.to_string()));
            }
        }
        if b.words > MARKER_LINE_MAX_WORDS {
            // No marker rule can fire on a line this long (all max_words are
            // lower, and markers cannot cover most of it): skip the scan.
            return None;
        }
        let total: usize = b.folded.chars().filter(|c| *c != ' ').count();
        let mut covered = vec![false; b.folded.len()];
        let mut best: Option<(usize, &Marker)> = None;
        let mut any_line_marker = false;
        for m in self.matcher.find_overlapping_iter(b.folded.as_str()) {
            let marker = &self.markers[m.pattern().as_usize()];
            if marker.kind == "function" || !word_bounded(&b.folded, m.start(), m.end()) {
                continue;
            }
            for c in covered.iter_mut().take(m.end()).skip(m.start()) {
                *c = true;
            }
            let short = marker.max_words == 0 || b.words <= marker.max_words;
            let qualifies = match marker.mode {
                Mode::Line => {
                    any_line_marker = true;
                    false
                }
                Mode::Start => m.start() == 0 && short && !b.sentence,
                Mode::Any => short && !b.sentence,
            };
            if qualifies {
                let rank = KIND_PRIORITY
                    .iter()
                    .position(|k| *k == marker.kind)
                    .unwrap_or(KIND_PRIORITY.len());
                if best.is_none_or(|(r, _)| rank < r) {
                    best = Some((rank, marker));
                }
            }
        }
        let covered_chars = b
            .folded
            .char_indices()
            .filter(|(i, c)| *c != ' ' && covered.get(*i).copied().unwrap_or(false))
            .count();
        let coverage = if total == 0 {
            0.0
        } else {
            covered_chars as f32 / total as f32
        };
        if best.is_none() && (coverage >= 0.999 || (coverage >= 0.6 && !any_line_marker)) {
            // Markers make up (nearly) the whole line: furniture even if it
            // ends with a stop ("Your e-mail address will not be published.").
            for m in self.matcher.find_overlapping_iter(b.folded.as_str()) {
                let marker = &self.markers[m.pattern().as_usize()];
                if marker.kind != "function" && word_bounded(&b.folded, m.start(), m.end()) {
                    if marker.mode == Mode::Line && coverage < 0.999 {
                        continue;
                    }
                    best = Some((KIND_PRIORITY.len(), marker));
                    break;
                }
            }
        }
        if let Some((_, marker)) = best {
            let kind = marker.kind.as_str();
            match kind {
                "stamp" => return Some(Kind::Stamp),
                "related" => return Some(Kind::Related),
                "ui" => return Some(Kind::Ui),
                "source" | "byline" | "dateline" => {
                    let rest = after_words(&b.text, marker.text.split(' ').count());
                    let rest_words = rest.split_whitespace().count();
                    match kind {
                        "source" if (1..=5).contains(&rest_words) => {
                            return Some(match self.agency(&rest) {
                                Some(a) => Kind::Agency(a.to_string()),
                                None => Kind::Source(rest),
                            });
                        }
                        "byline" if self.is_name(&rest, 1, 5) => return Some(Kind::Byline(rest)),
                        "dateline" => {
                            if let Some(d) = self.dates.find_folded(&fold(&rest)) {
                                return Some(Kind::Dateline(d.to_string()));
                            }
                        }
                        _ => {}
                    }
                }
                other => return Some(Kind::Widget(other.to_string())),
            }
        }
        if is_caption(&b.text, b.words, b.sentence) {
            return Some(Kind::Caption);
        }
        if !b.sentence && b.words <= 9 {
            if let Some(d) = self.date_only(&b.folded) {
                return Some(Kind::Dateline(d));
            }
        }
        None
    }

    /// A line that is essentially a date (at most two other words, e.g. a weekday).
    fn date_only(&self, folded: &str) -> Option<String> {
        let d = self.dates.find_folded(folded)?;
        let other = folded
            .split(' ')
            .filter(|w| !w.bytes().all(|b| b.is_ascii_digit()))
            .filter(|w| self.dates.find_folded(&format!("1 {w} 2000")).is_none())
            .count();
        // Two-word month names count as two "other" words above; allow them.
        (other <= 4).then(|| d.to_string())
    }

    /// A bare person name: `min..=max` words, letters only, no function words.
    fn is_name(&self, s: &str, min: usize, max: usize) -> bool {
        let words: Vec<&str> = s.split_whitespace().collect();
        if !(min..=max).contains(&words.len()) {
            return false;
        }
        if !s
            .chars()
            .all(|c| c.is_alphabetic() || c.is_whitespace() || matches!(c, '.' | '-' | '\''))
        {
            return false;
        }
        // Function words and page markers do not occur in names.
        let folded = fold(s);
        !self
            .matcher
            .find_overlapping_iter(folded.as_str())
            .any(|m| word_bounded(&folded, m.start(), m.end()))
    }

    fn analyse_segmented(&self, raw: &RawArticle, seg: &Segmented) -> Analysis {
        let blocks = &seg.blocks;
        let n = blocks.len();
        let mut warnings = Vec::new();
        let mut dropped: Vec<Option<Reason>> = vec![None; n];
        let kinds: Vec<Option<Kind>> = blocks.iter().map(|b| self.kind(b)).collect();
        let profile = self.sites.get(&seg.site);

        // 1. HTML structure.
        if seg.meta.is_some() {
            for (i, b) in blocks.iter().enumerate() {
                dropped[i] = match b.hint {
                    Some(Hint::Neg) => Some(Reason::ClassHint),
                    Some(Hint::Byline) => Some(Reason::Byline),
                    _ if b.link_density >= 0.5
                        && !(b.sentence && b.words >= 12 && b.link_density < 0.8) =>
                    {
                        Some(Reason::LinkDense)
                    }
                    _ => None,
                };
            }
            // If class hints removed every sentence the hints were wrong for
            // this page: fall back to structure-free judgement.
            let any_sentence_left = blocks
                .iter()
                .zip(&dropped)
                .any(|(b, d)| d.is_none() && b.sentence && b.words >= 6);
            if !any_sentence_left {
                for d in dropped.iter_mut() {
                    if *d == Some(Reason::ClassHint) {
                        *d = None;
                    }
                }
            }
        }

        // 2. Line kinds and site repetition.
        for i in 0..n {
            if dropped[i].is_some() {
                continue;
            }
            if let Some(k) = &kinds[i] {
                dropped[i] = Some(k.reason());
                if *k == Kind::Stamp {
                    warnings.push(format!(
                        "ignored site update stamp (not a publication date): {}",
                        clip(&blocks[i].text, 80)
                    ));
                }
            } else if profile.is_some_and(|p| p.is_repeated_hash(blocks[i].hash))
                && !(blocks[i].sentence && blocks[i].text.chars().count() > 60)
            {
                dropped[i] = Some(Reason::Repeated);
            }
        }

        // 3. Zones: head = before the first paragraph, tail = after the last sentence.
        let live = |i: usize, d: &[Option<Reason>]| d[i].is_none();
        // Headlines may end with a closing guillemet or a question mark, so
        // a short line needs a full stop to count as a paragraph.
        let is_para = |b: &Block| (b.full_stop() && b.words >= 6) || b.words >= 15;
        // A text of short sentences only (a one-line dispatch, a test
        // sentence) has no paragraph: its first full-stop sentence of three
        // words or more ends the head instead, so the text is not all
        // furniture.
        let head_end = (0..n)
            .find(|&i| live(i, &dropped) && is_para(&blocks[i]))
            .or_else(|| {
                (0..n).find(|&i| {
                    let b = &blocks[i];
                    live(i, &dropped) && b.sentence && b.full_stop() && b.words >= 3
                })
            })
            .unwrap_or(n);
        let tail_start = (0..n)
            .rev()
            .find(|&i| live(i, &dropped) && blocks[i].sentence && blocks[i].words >= 6)
            .map_or(n, |i| i + 1);

        // 4. Title.
        let meta = seg.meta.as_ref();
        let site_name = meta.and_then(|m| m.site_name.clone());
        let mut title = raw.title.as_deref().map(squash).filter(|t| !t.is_empty());
        if title.is_none() {
            if let Some(m) = meta {
                title = [&m.og_title, &m.h1, &m.title_tag]
                    .into_iter()
                    .flatten()
                    .map(|t| strip_site_suffix(t, site_name.as_deref()))
                    .find(|t| !t.is_empty());
            }
        }
        let mut title_idx = None;
        let text_title = (0..head_end).find(|&i| {
            let b = &blocks[i];
            live(i, &dropped) && (3..=25).contains(&b.words) && !b.full_stop()
        });
        if title.is_none() {
            if let Some(i) = text_title {
                title = Some(blocks[i].text.clone());
            }
        }
        if let Some(t) = &title {
            let ft = fold(t);
            for i in 0..n {
                let same = blocks[i].folded == ft;
                let head_h1 = i < head_end && blocks[i].heading == Some(1);
                if live(i, &dropped) && (same || head_h1) {
                    dropped[i] = Some(Reason::Title);
                    title_idx.get_or_insert(i);
                }
            }
        }
        if title_idx.is_none() {
            // The container title may be phrased differently from the page's
            // own headline: the first title-like head line is still a headline.
            if let Some(i) = text_title {
                dropped[i] = Some(Reason::Title);
                title_idx = Some(i);
            }
        }

        // 5. Byline: a bare 2–4 word name right after the title.
        let mut author = raw.author.as_deref().map(squash).filter(|a| !a.is_empty());
        if let Some(ti) = title_idx {
            if let Some(j) = (ti + 1..head_end.min(n)).find(|&j| live(j, &dropped)) {
                if j < head_end && !blocks[j].sentence && self.is_name(&blocks[j].text, 2, 4) {
                    dropped[j] = Some(Reason::Byline);
                    if author.is_none() {
                        author = Some(blocks[j].text.clone());
                    }
                }
            }
        }
        if author.is_none() {
            author = meta.and_then(|m| {
                m.author.clone().or_else(|| {
                    let t = m.byline_text.as_deref()?;
                    match self.kind(&make_block(t.to_string())) {
                        Some(Kind::Byline(name)) => Some(name),
                        _ => self.is_name(t, 2, 4).then(|| t.to_string()),
                    }
                })
            });
        }
        if author.is_none() {
            author = kinds.iter().flatten().find_map(|k| match k {
                Kind::Byline(a) => Some(a.clone()),
                _ => None,
            });
        }

        // 6. Head furniture: short lines before the first paragraph.
        for i in 0..head_end {
            if live(i, &dropped) && blocks[i].words < 12 {
                dropped[i] = Some(if title_idx.is_none_or(|t| i < t) {
                    Reason::Category
                } else {
                    Reason::HeadFurniture
                });
            }
        }

        // 7. Related lists: heading plus the title-like lines after it.
        for i in 0..n {
            if dropped[i] != Some(Reason::RelatedHeading) {
                continue;
            }
            for j in i + 1..n {
                let b = &blocks[j];
                if dropped[j].is_some() {
                    continue;
                }
                if b.sentence || b.words > 20 {
                    break;
                }
                dropped[j] = Some(Reason::RelatedItem);
            }
        }

        // 8. Tail: short non-sentences after the last sentence.
        for i in tail_start..n {
            if live(i, &dropped) && !blocks[i].sentence && blocks[i].words <= 20 {
                dropped[i] = Some(Reason::TailFurniture);
            }
        }

        // 9. Middle: lone words, duplicates, truncated copies.
        for i in 0..n {
            if !live(i, &dropped) {
                continue;
            }
            let b = &blocks[i];
            if b.words == 1 && !b.sentence && !b.text.ends_with(':') {
                dropped[i] = Some(Reason::LoneWord);
                continue;
            }
            if b.words < 3 {
                continue;
            }
            let window = i.saturating_sub(60)..(i + 60).min(n);
            for j in window {
                if j == i || !live(j, &dropped) {
                    continue;
                }
                let o = &blocks[j].folded;
                if *o == b.folded && j < i {
                    dropped[i] = Some(Reason::Duplicate);
                    break;
                }
                if b.words >= 5 && o.len() > b.folded.len() && o.starts_with(b.folded.as_str()) {
                    dropped[i] = Some(Reason::DuplicateLead);
                    break;
                }
            }
        }

        // 10. Metadata from the dropped lines and the page.
        let mut agency = None;
        let mut source_name = None;
        let mut text_date = None;
        for k in kinds.iter().flatten() {
            match k {
                Kind::Agency(a) if agency.is_none() => agency = Some(a.clone()),
                Kind::Source(s) if source_name.is_none() => source_name = Some(s.clone()),
                Kind::Dateline(d) if text_date.is_none() => text_date = Some(d.clone()),
                _ => {}
            }
        }
        let first_para = (0..n).find(|&i| live(i, &dropped) && is_para(&blocks[i]));
        if agency.is_none() {
            agency = first_para.and_then(|i| self.dateline_agency(&blocks[i].text));
        }
        if source_name.is_none() {
            source_name = raw
                .source
                .as_deref()
                .map(squash)
                .filter(|s| !s.is_empty())
                .or(site_name);
        }
        let mut published = None;
        if let Some(p) = raw.published.as_deref().filter(|p| !p.trim().is_empty()) {
            match self.dates.parse_meta(p) {
                Some(d) => published = Some(d.to_string()),
                None => warnings.push(format!(
                    "container date {:?} is not a plausible date; ignored",
                    clip(p, 40)
                )),
            }
        }
        if published.is_none() {
            if let Some(m) = meta {
                published = m
                    .published
                    .iter()
                    .find_map(|p| self.dates.parse_meta(p))
                    .map(|d| d.to_string());
            }
        }
        if published.is_none() {
            published = text_date;
        }

        // 11. Body.
        let mut body = String::new();
        let mut verdicts = Vec::with_capacity(n);
        for (b, d) in blocks.iter().zip(dropped) {
            if d.is_none() {
                if !body.is_empty() {
                    body.push('\n');
                }
                body.push_str(&b.text);
            }
            verdicts.push(Verdict {
                text: b.text.clone(),
                dropped: d,
            });
        }
        if title.is_none() {
            title = lead_title(&body);
            if title.is_some() {
                warnings.push("no headline found; title derived from the lead".to_string());
            }
        }
        if body.is_empty() {
            warnings.push("no article text found".to_string());
        }
        let language = language_of(&body);
        Analysis {
            article: Article {
                title,
                author,
                agency,
                source_name,
                published,
                language,
                body,
                warnings,
            },
            blocks: verdicts,
        }
    }

    /// Agency credited at the start of the first paragraph: "باريس (أ ف ب) -"
    /// or "دمشق - سانا -".
    fn dateline_agency(&self, para: &str) -> Option<String> {
        let head: String = para.chars().take(90).collect();
        let mut rest = head.as_str();
        while let Some(open) = rest.find('(') {
            let after = &rest[open + 1..];
            let Some(close) = after.find(')') else { break };
            if let Some(a) = self.agency(&after[..close]) {
                return Some(a.to_string());
            }
            rest = &after[close + 1..];
        }
        for seg in head.split(['-', '–', '—', ':', '/']).take(3).map(str::trim) {
            if seg.split_whitespace().count() <= 4
                && letters_key(seg).chars().count() <= self.agency_key_max
            {
                if let Some(a) = self.agency(seg) {
                    return Some(a.to_string());
                }
            }
        }
        None
    }
}

impl Block {
    /// Ends with a full stop, looking past closing quotes (headlines may
    /// end with ? or ! or a closing guillemet, but not with a stop).
    fn full_stop(&self) -> bool {
        self.sentence
            && self
                .text
                .trim_end_matches(|c: char| {
                    c.is_whitespace() || matches!(c, '"' | '”' | '’' | '\'' | ')' | '»')
                })
                .ends_with(['.', '…', '۔'])
    }
}

fn make_block(text: String) -> Block {
    let folded = fold(&text);
    let words = if folded.is_empty() {
        0
    } else {
        folded.split(' ').count()
    };
    Block {
        sentence: ends_sentence(&text),
        text,
        hash: line_hash(&folded),
        folded,
        words,
        link_density: 0.0,
        heading: None,
        hint: None,
    }
}

/// A match at word edges, where a change of script also counts as an edge
/// (pages glue Latin UI strings to Arabic labels: "المقالClose").
fn word_bounded(s: &str, start: usize, end: usize) -> bool {
    let edge = |a: Option<char>, b: Option<char>| match (a, b) {
        (None, _) | (_, None) => true,
        (Some(a), Some(b)) => {
            a == ' ' || b == ' ' || (norm::is_arabic_letter(a) != norm::is_arabic_letter(b))
        }
    };
    let before = s.get(..start).and_then(|p| p.chars().next_back());
    let first = s.get(start..).and_then(|p| p.chars().next());
    let last = s.get(..end).and_then(|p| p.chars().next_back());
    let after = s.get(end..).and_then(|p| p.chars().next());
    edge(before, first) && edge(last, after)
}

/// The text after the first `k` folded words, without leading separators.
fn after_words(text: &str, k: usize) -> String {
    let mut seen = 0;
    // Word-by-word walk over the original tokens, splitting glued separators.
    let mut out = Vec::new();
    for tok in text.split_whitespace() {
        if seen >= k {
            out.push(tok);
            continue;
        }
        let f = fold(tok);
        let parts = if f.is_empty() {
            0
        } else {
            f.split(' ').count()
        };
        if seen + parts > k {
            // "المصدر:الوقت": keep what follows the separator.
            if let Some(pos) = tok.find([':', '/', '|']) {
                out.push(&tok[pos + 1..]);
            }
            seen = k;
            continue;
        }
        seen += parts;
    }
    squash(out.join(" ").trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, ':' | '/' | '-' | '–' | '—' | '|' | '،' | ',')
    }))
}

/// Image caption: "… (credit)" possibly followed by "|", not a sentence.
fn is_caption(text: &str, words: usize, sentence: bool) -> bool {
    if sentence || !(3..=30).contains(&words) {
        return false;
    }
    let t = text.trim_end_matches(|c: char| c.is_whitespace() || c == '|');
    let Some(inner) = t.strip_suffix(')') else {
        return false;
    };
    let Some(open) = inner.rfind('(') else {
        return false;
    };
    let credit = &inner[open + 1..];
    let before = inner[..open].trim_end();
    let cw = credit.split_whitespace().count();
    (1..=3).contains(&cw) && !before.is_empty() && !ends_sentence(before)
}

/// Strip " - Site", " | Site" suffixes (or "Site | " prefixes) from a page title.
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    let title = squash(title);
    let site_f = site.map(fold);
    for sep in [" | ", " - ", " – ", " — ", " :: ", " « ", " » "] {
        if let Some(pos) = title.rfind(sep) {
            let (head, tail) = (&title[..pos], &title[pos + sep.len()..]);
            let tail_is_site = site_f.as_deref().is_some_and(|s| fold(tail) == s);
            if tail_is_site
                || (tail.split_whitespace().count() <= 3 && head.split_whitespace().count() >= 3)
            {
                return head.trim().to_string();
            }
        }
        if let (Some(pos), Some(s)) = (title.find(sep), site_f.as_deref()) {
            if fold(&title[..pos]) == s {
                return title[pos + sep.len()..].trim().to_string();
            }
        }
    }
    title
}

/// A headline stand-in from the first clause of the lead (≤ 14 words).
fn lead_title(body: &str) -> Option<String> {
    let first = body.lines().next()?;
    // A lead that opens with a quoted headline: use the quote.
    for (open, close) in [('“', '”'), ('«', '»'), ('"', '"')] {
        if let Some(rest) = first.strip_prefix(open) {
            if let Some(end) = rest.find(close) {
                let q = squash(&rest[..end]);
                if (3..=14).contains(&q.split_whitespace().count()) {
                    return Some(q);
                }
            }
        }
    }
    let clause = first
        .split(['.', '؟', '?', '!', '،', ':', ';', '؛'])
        .find(|c| c.split_whitespace().count() >= 3)?;
    let words: Vec<&str> = clause.split_whitespace().take(14).collect();
    let t = words
        .join(" ")
        .trim_matches(|c: char| matches!(c, '"' | '“' | '”' | '«' | '»' | ' '))
        .to_string();
    (!t.is_empty()).then_some(t)
}

/// `ar` when Arabic letters dominate, `en` when Latin letters do.
fn language_of(body: &str) -> Option<String> {
    let (ar, la) = script_counts(body);
    let total = ar + la;
    if total < 20 {
        None
    } else if ar * 10 >= total * 7 {
        Some("ar".to_string())
    } else if la * 10 >= total * 7 {
        Some("en".to_string())
    } else {
        None
    }
}

fn clip(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).collect();
    if s.chars().nth(max).is_some() {
        out.push('…');
    }
    out
}

/// URL host, else the input folder (origin without file name and `#record`).
fn site_key(raw: &RawArticle) -> String {
    if let Some(url) = raw.url.as_deref() {
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = host.rsplit('@').next().unwrap_or(host);
        let host = host.trim_start_matches("www.").to_ascii_lowercase();
        if !host.is_empty() {
            return host;
        }
    }
    let origin = raw.origin.split('#').next().unwrap_or("");
    match origin.rfind(['/', '\\']) {
        Some(p) => origin[..p].to_string(),
        None => String::new(),
    }
}
