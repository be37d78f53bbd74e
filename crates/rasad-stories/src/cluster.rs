//! Near-duplicate detection and incremental story clustering.

use crate::data::resources;
use crate::minhash::{self, Lsh};
use crate::util::{fnv1a, format_day, mix64, parse_day, FastMap, FastSet, UnionFind};
use rasad_doc::{ActorWeight, Document, Participant, Story};
use rasad_text::{fold_word, light_stem, TokenKind};

/// Clustering settings. The defaults suit daily news in Arabic.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Within this many days of a story's nearest document date, the
    /// similarity counts in full. Also the most two copies of one article
    /// may be apart.
    pub window_days: i64,
    /// Beyond the window, the similarity fades with the gap to the story's
    /// nearest document date, `exp(−(gap − window)/gap_decay_days)`,
    /// except as far as actor and event overlap vouch for it (see
    /// [`Clusterer::add`]).
    pub gap_decay_days: f64,
    /// A document never joins a story none of whose dated documents is
    /// within this many days of it.
    pub max_gap_days: i64,
    /// MinHash Jaccard estimate at or above which two documents are copies
    /// of one article.
    pub duplicate_threshold: f64,
    /// Combined similarity at or above which a document joins a story.
    pub join_threshold: f64,
    /// Text cosine below which a story is never joined, whatever actors or
    /// events say: sharing an actor alone does not make the same story.
    pub text_floor: f64,
    /// Weights of the text, actor and event similarities (renormalised over
    /// the parts both sides have).
    pub text_weight: f64,
    pub actor_weight: f64,
    pub event_weight: f64,
    /// Terms kept per document vector (highest TF-IDF first).
    pub max_terms: usize,
    /// Words per shingle for near-duplicate detection.
    pub shingle: usize,
    /// Terms in more than this share of documents are not used to find
    /// candidate stories (they still count in the cosine).
    pub max_posting_share: f64,
    /// Stories scored exactly per document, best candidates first.
    pub max_candidates: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            window_days: 7,
            gap_decay_days: 21.0,
            max_gap_days: 60,
            duplicate_threshold: 0.8,
            join_threshold: 0.4,
            text_floor: 0.15,
            text_weight: 0.7,
            actor_weight: 0.15,
            event_weight: 0.15,
            max_terms: 60,
            shingle: 5,
            max_posting_share: 0.05,
            max_candidates: 40,
        }
    }
}

/// Where [`Clusterer::add`] put a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub story: String,
    /// Whether the document started the story.
    pub new_story: bool,
    /// The earliest document of its near-duplicate group, when it is a copy.
    pub duplicate_of: Option<String>,
    /// Its near-duplicate group so far (itself included, in order added).
    pub duplicates: Vec<String>,
    /// Similarity to the story it joined (1 for a copy, 0 for a new story).
    pub score: f64,
}

#[derive(Debug, Clone)]
struct DocEntry {
    id: String,
    title: String,
    day: Option<i64>,
    story: usize,
    /// Unit-length TF-IDF vector, as weighted when the document arrived.
    vector: Vec<(u32, f32)>,
    /// Actor id → mentions.
    actors: Vec<(u32, u32)>,
    duplicate: bool,
}

#[derive(Debug, Clone, Default)]
struct StoryState {
    id: String,
    docs: Vec<usize>,
    /// Sum of member (non-copy) vectors, and its squared norm.
    centroid: FastMap<u32, f32>,
    norm_sq: f64,
    actors: FastMap<u32, f32>,
    actor_norm_sq: f64,
    event_keys: FastSet<u64>,
    places: FastSet<String>,
    event_days: Vec<i64>,
    first: Option<i64>,
    last: Option<i64>,
    /// Publication days of its documents, sorted (copies included).
    days: Vec<i64>,
}

impl StoryState {
    /// Days from `day` to the story's nearest dated document; `None` when
    /// either side is undated (content alone decides then).
    fn gap(&self, day: Option<i64>) -> Option<i64> {
        let d = day?;
        let i = self.days.partition_point(|x| *x < d);
        let after = self.days.get(i).map(|x| x - d);
        let before = i
            .checked_sub(1)
            .and_then(|j| self.days.get(j))
            .map(|x| d - x);
        match (before, after) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn add_day(&mut self, day: Option<i64>) {
        if let Some(d) = day {
            self.first = Some(self.first.map_or(d, |f| f.min(d)));
            self.last = Some(self.last.map_or(d, |l| l.max(d)));
            let i = self.days.partition_point(|x| *x <= d);
            self.days.insert(i, d);
        }
    }
}

/// A story's similarity to a document: the combined score and how far
/// actors and events alone vouch for it.
#[derive(Debug, Clone, Copy)]
struct Similarity {
    combined: f64,
    /// The weaker of actor similarity and event overlap (0 when either is
    /// missing): what still holds a report weeks later to its story.
    corroboration: f64,
}

impl Similarity {
    /// The score after the time gap: in full within the window; beyond it
    /// the part that actors and events do not vouch for fades as
    /// `exp(−excess/τ)`, so strong text + actor + event overlap still joins
    /// across weeks while text alone does not.
    fn after_gap(self, gap: Option<i64>, opts: &Options) -> f64 {
        let excess = gap.map_or(0, |g| g - opts.window_days);
        if excess <= 0 {
            return self.combined;
        }
        let tau = opts.gap_decay_days.max(1e-9);
        let fade = (-(excess as f64) / tau).exp();
        let vouched = self.combined.min(self.corroboration);
        fade * self.combined + (1.0 - fade) * vouched
    }
}

/// What the event layer contributes to similarity.
#[derive(Debug, Clone, Default)]
struct EventFeatures {
    keys: FastSet<u64>,
    places: FastSet<String>,
    days: Vec<i64>,
}

/// A document's text as the clusterer uses it: what reading found, before
/// any clustering state is involved.
#[derive(Debug, Clone)]
pub(crate) struct Prepared {
    /// Light stems (by 64-bit hash) with their counts, in order of first
    /// occurrence (body, then title), so term ids come out as if read one
    /// by one.
    terms: Vec<(u64, u32)>,
    signature: Option<Vec<u64>>,
    events: EventFeatures,
}

/// Reads documents into [`Prepared`]: tokens, folding, stems, MinHash
/// signature, event features. A pure function of the document; the cache
/// only saves work, so several readers (one per thread) agree exactly.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reader {
    /// Word as written (by 64-bit hash of its chars, as for stems) →
    /// (hash of its folded form, hash of its stem or `None` for a stopword
    /// or a number), so each distinct spelling is folded and stemmed once.
    vocab: FastMap<u64, (u64, Option<u64>)>,
    /// Folded word (by hash, Latin or not) → stem hash, shared by the
    /// readers of one batch: stemming dominates reading, and each word is
    /// then stemmed about once whichever thread meets it first (the stem is
    /// a pure function of the word, so who computes it does not matter).
    stems: StemCache,
}

type StemCache = std::sync::Arc<std::sync::Mutex<FastMap<(u64, bool), Option<u64>>>>;

impl Reader {
    /// A reader with its own word cache sharing `self`'s stem cache.
    pub(crate) fn sharing(&self) -> Reader {
        Reader {
            vocab: FastMap::default(),
            stems: self.stems.clone(),
        }
    }

    /// Hash of a folded word's stem (`None`: a stopword). Terms are known
    /// by 64-bit hash: a collision among a corpus' ~10⁵ stems has odds of
    /// about 10⁻⁹, and hashes cross threads without copying strings.
    fn stem_of(folded: &str, latin: bool) -> Option<u64> {
        let stop = &resources().stopwords;
        let stem = if latin {
            folded.to_string()
        } else {
            light_stem(folded)
        };
        if stop.contains(folded) || stop.contains(&stem) || stem.chars().count() < 2 {
            return None;
        }
        Some(mix64(fnv1a(stem.as_bytes())))
    }

    /// Hashes of the folded words of a text (for shingles) and its stems
    /// (for TF-IDF): `counts[stem]`, with `order` the stems first seen.
    fn read_text(
        &mut self,
        text: &str,
        words: &mut Vec<u64>,
        counts: &mut FastMap<u64, u32>,
        order: &mut Vec<u64>,
    ) {
        let chars: Vec<char> = text.chars().collect();
        let mut raw = String::new();
        for tok in rasad_text::tokenize_chars(&chars) {
            if matches!(tok.kind, TokenKind::Punct | TokenKind::Symbol) {
                continue;
            }
            let (s, e) = (
                tok.span.start.min(chars.len()),
                tok.span.end.min(chars.len()),
            );
            let word = &chars[s..e];
            let key = word.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, c| {
                (h ^ u64::from(*c)).wrapping_mul(0x0000_0100_0000_01b3)
            });
            let (hash, stem) = match self.vocab.get(&key) {
                Some(x) => *x,
                None => {
                    raw.clear();
                    raw.extend(word);
                    let folded = fold_word(&raw);
                    let fold_hash = fnv1a(folded.as_bytes());
                    let stem = match tok.kind {
                        TokenKind::Word | TokenKind::Latin if !folded.is_empty() => {
                            let latin = tok.kind == TokenKind::Latin;
                            let key = (fold_hash, latin);
                            // A poisoned lock still holds valid stems.
                            let known = self
                                .stems
                                .lock()
                                .unwrap_or_else(|e| e.into_inner())
                                .get(&key)
                                .copied();
                            known.unwrap_or_else(|| {
                                let stem = Reader::stem_of(&folded, latin);
                                self.stems
                                    .lock()
                                    .unwrap_or_else(|e| e.into_inner())
                                    .insert(key, stem);
                                stem
                            })
                        }
                        _ => None,
                    };
                    let x = (fold_hash, stem);
                    self.vocab.insert(key, x);
                    x
                }
            };
            words.push(hash);
            if let Some(t) = stem {
                let c = counts.entry(t).or_insert(0);
                if *c == 0 {
                    order.push(t);
                }
                *c += 1;
            }
        }
    }

    pub(crate) fn prepare(&mut self, doc: &Document, shingle: usize) -> Prepared {
        let mut words = Vec::new();
        let mut counts = FastMap::default();
        let mut order = Vec::new();
        self.read_text(&doc.body, &mut words, &mut counts, &mut order);
        // Title words weigh in the vector but not in the copy signature:
        // outlets retitle syndicated copies.
        let mut title_words = Vec::new();
        if let Some(t) = &doc.title {
            self.read_text(t, &mut title_words, &mut counts, &mut order);
        }
        let terms = order
            .into_iter()
            .map(|t| (t, counts.get(&t).copied().unwrap_or(0)))
            .collect();
        Prepared {
            terms,
            signature: minhash::signature(&words, shingle),
            events: event_features(doc),
        }
    }
}

/// Incremental story clusterer: each [`Clusterer::add`] places one document
/// against the stories so far, without revisiting earlier decisions.
#[derive(Debug, Clone)]
pub struct Clusterer {
    opts: Options,
    docs: Vec<DocEntry>,
    stories: Vec<StoryState>,
    /// Reads documents for [`Clusterer::add`] (keeps its word cache).
    reader: Reader,
    /// Light stem (its hash, see [`Reader`]) → term id.
    terms: FastMap<u64, u32>,
    df: Vec<u32>,
    /// Term id → stories whose centroid has it.
    postings: Vec<Vec<u32>>,
    /// Non-copy documents seen: the N of IDF.
    n_docs: u32,
    actor_ids: FastMap<String, u32>,
    actor_df: Vec<u32>,
    lsh: Lsh,
    signatures: Vec<Option<Vec<u64>>>,
    groups: UnionFind,
    /// Per-story accumulator for candidate ranking, all zero between adds.
    scratch: Vec<f32>,
}

fn idf(n: u32, df: u32) -> f64 {
    ((1.0 + f64::from(n)) / (1.0 + f64::from(df))).ln() + 1.0
}

/// The actor a participant or mention stands for: catalogue code, else
/// person id.
pub(crate) fn participant_key(p: &Participant) -> Option<String> {
    p.actor
        .clone()
        .or_else(|| p.person.as_ref().map(|x| format!("person:{x}")))
}

fn fallback_title(body: &str) -> String {
    let line = body
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut t: String = line.chars().take(120).collect();
    if line.chars().count() > 120 {
        t.push('…');
    }
    t
}

fn event_features(doc: &Document) -> EventFeatures {
    let sym = &resources().symmetric;
    let mut f = EventFeatures::default();
    for e in &doc.events {
        let mut a = e
            .source
            .as_ref()
            .and_then(participant_key)
            .unwrap_or_default();
        let mut b = e
            .target
            .as_ref()
            .and_then(participant_key)
            .unwrap_or_default();
        if sym.contains(&e.r#type) && b < a {
            std::mem::swap(&mut a, &mut b);
        }
        let key = format!("{}\u{1}{}\u{1}{}\u{1}{}", e.r#type, a, b, e.negated);
        f.keys.insert(fnv1a(key.as_bytes()));
        if let Some(loc) = &e.location {
            let place = loc.country.clone().unwrap_or_else(|| fold_word(&loc.text));
            if !place.is_empty() {
                f.places.insert(place);
            }
        }
        if let Some(d) = e.date.as_deref().and_then(parse_day) {
            f.days.push(d);
        }
    }
    f
}

/// Share of `a`'s items that `b` has; `None` when either is empty.
fn containment<T: std::hash::Hash + Eq>(a: &FastSet<T>, b: &FastSet<T>) -> Option<f64> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    Some(a.iter().filter(|x| b.contains(x)).count() as f64 / a.len() as f64)
}

impl Clusterer {
    pub fn new(opts: Options) -> Clusterer {
        Clusterer {
            opts,
            docs: Vec::new(),
            stories: Vec::new(),
            reader: Reader::default(),
            terms: FastMap::default(),
            df: Vec::new(),
            postings: Vec::new(),
            n_docs: 0,
            actor_ids: FastMap::default(),
            actor_df: Vec::new(),
            lsh: Lsh::default(),
            signatures: Vec::new(),
            groups: UnionFind::default(),
            scratch: Vec::new(),
        }
    }

    pub fn options(&self) -> &Options {
        &self.opts
    }

    /// Term id of a stem, interning it.
    fn intern(&mut self, stem: u64) -> u32 {
        if let Some(id) = self.terms.get(&stem) {
            return *id;
        }
        let id = self.terms.len() as u32;
        self.terms.insert(stem, id);
        self.df.push(0);
        self.postings.push(Vec::new());
        id
    }

    /// Place `doc`: as a copy of an earlier document (within
    /// `window_days`), in the most similar story, or in a new story. A
    /// story's similarity is weighed by the gap to its nearest dated
    /// document: in full within `window_days`; beyond, what the weaker of
    /// actor similarity and event overlap does not vouch for fades as
    /// `exp(−(gap − window_days)/gap_decay_days)`; past `max_gap_days`
    /// the story is not a candidate.
    pub fn add(&mut self, doc: &Document) -> Assignment {
        let prepared = self.reader.prepare(doc, self.opts.shingle);
        self.add_prepared(doc, prepared)
    }

    /// [`Clusterer::add`] with the document's text already read (by any
    /// [`Reader`]: reading is a pure function of the document).
    pub(crate) fn add_prepared(&mut self, doc: &Document, prepared: Prepared) -> Assignment {
        let day = doc.published.as_deref().and_then(parse_day);
        let idx = self.docs.len();
        let group_idx = self.groups.push();
        debug_assert_eq!(group_idx, idx);
        // Term ids in order of first occurrence, as the text was read.
        let mut tf: Vec<(u32, u32)> = Vec::with_capacity(prepared.terms.len());
        for (stem, count) in &prepared.terms {
            tf.push((self.intern(*stem), *count));
        }
        let sig = prepared.signature;
        let ev = prepared.events;

        // 1. A copy of an earlier article joins that article's story.
        if let Some(sig) = &sig {
            let mut best: Option<(f64, usize)> = None;
            for c in self.lsh.candidates(sig) {
                let c = c as usize;
                let Some(Some(other)) = self.signatures.get(c) else {
                    continue;
                };
                let within = match (day, self.docs[c].day) {
                    (Some(a), Some(b)) => (a - b).abs() <= self.opts.window_days,
                    _ => true,
                };
                let s = minhash::similarity(sig, other);
                if within && s >= self.opts.duplicate_threshold && best.is_none_or(|(bs, _)| s > bs)
                {
                    best = Some((s, c));
                }
            }
            if let Some((score, original)) = best {
                self.groups.union(original, idx);
                let story = self.docs[original].story;
                self.push_doc(
                    doc,
                    idx,
                    day,
                    story,
                    Vec::new(),
                    Vec::new(),
                    true,
                    &Some(sig.clone()),
                );
                let st = &mut self.stories[story];
                st.docs.push(idx);
                st.add_day(day);
                let root = self.groups.find(idx);
                return Assignment {
                    story: st.id.clone(),
                    new_story: false,
                    duplicate_of: Some(self.docs[root].id.clone()),
                    duplicates: self.group_members(idx),
                    score,
                };
            }
        }

        // 2. Learn IDF from this document, then weigh it.
        self.n_docs += 1;
        for (t, _) in &tf {
            self.df[*t as usize] += 1;
        }
        let n = self.n_docs;
        let mut vector: Vec<(u32, f32)> = tf
            .iter()
            .map(|(t, c)| {
                let w = (1.0 + f64::from(*c).ln()) * idf(n, self.df[*t as usize]);
                (*t, w as f32)
            })
            .collect();
        // The top terms by weight (ties: lower id), without sorting the
        // rest; their order does not matter once chosen.
        let keep = self.opts.max_terms.max(1);
        if vector.len() > keep {
            vector.select_nth_unstable_by(keep - 1, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            vector.truncate(keep);
        }
        vector.sort_unstable_by_key(|x| x.0);
        normalise(&mut vector);

        let actors = self.doc_actors(doc);
        let actor_vec = self.actor_vector(&actors);

        // 3. Candidate stories: those sharing discriminative terms, ranked
        // by the doc-side weight of what they share (no centroid lookups);
        // only the best few get an exact score.
        let max_df = ((f64::from(n) * self.opts.max_posting_share).ceil() as u32).max(20);
        let mut touched: Vec<u32> = Vec::new();
        for (t, w) in &vector {
            if self.df[*t as usize] > max_df {
                continue;
            }
            for s in &self.postings[*t as usize] {
                let slot = &mut self.scratch[*s as usize];
                if *slot == 0.0 {
                    touched.push(*s);
                }
                *slot += *w;
            }
        }
        let max_gap = self.opts.max_gap_days;
        let mut ranked: Vec<(f32, u32)> = touched
            .iter()
            .map(|s| (std::mem::take(&mut self.scratch[*s as usize]), *s))
            .filter(|(_, s)| {
                self.stories[*s as usize]
                    .gap(day)
                    .is_none_or(|g| g <= max_gap)
            })
            .collect();
        ranked.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.truncate(self.opts.max_candidates.max(1));

        let mut best: Option<(f64, usize)> = None;
        for (_, s) in ranked {
            let s = s as usize;
            let gap = self.stories[s].gap(day);
            let score = self
                .score(s, &vector, &actor_vec, &ev)
                .after_gap(gap, &self.opts);
            if score >= self.opts.join_threshold
                && best.is_none_or(|(bs, bi)| score > bs || (score == bs && s < bi))
            {
                best = Some((score, s));
            }
        }

        let (story, score, new_story) = match best {
            Some((score, s)) => (s, score, false),
            None => {
                let s = self.stories.len();
                self.stories.push(StoryState {
                    id: format!("s{}", s + 1),
                    ..StoryState::default()
                });
                self.scratch.push(0.0);
                (s, 0.0, true)
            }
        };
        self.push_doc(doc, idx, day, story, vector.clone(), actors, false, &sig);
        self.update_story(story, idx, day, &vector, &actor_vec, ev);
        Assignment {
            story: self.stories[story].id.clone(),
            new_story,
            duplicate_of: None,
            duplicates: vec![doc.id.clone()],
            score,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push_doc(
        &mut self,
        doc: &Document,
        idx: usize,
        day: Option<i64>,
        story: usize,
        vector: Vec<(u32, f32)>,
        actors: Vec<(u32, u32)>,
        duplicate: bool,
        sig: &Option<Vec<u64>>,
    ) {
        let title = doc
            .title
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| fallback_title(&doc.body));
        self.docs.push(DocEntry {
            id: doc.id.clone(),
            title,
            day,
            story,
            vector,
            actors,
            duplicate,
        });
        if let Some(sig) = sig {
            self.lsh.insert(idx as u32, sig);
        }
        self.signatures.push(sig.clone());
    }

    fn group_members(&mut self, idx: usize) -> Vec<String> {
        let root = self.groups.find(idx);
        let mut out = Vec::new();
        for i in root..self.docs.len() {
            if self.groups.find(i) == root {
                out.push(self.docs[i].id.clone());
            }
        }
        out
    }

    /// Actor id → mentions, from resolved mentions and event participants.
    fn doc_actors(&mut self, doc: &Document) -> Vec<(u32, u32)> {
        let mut counts: FastMap<u32, u32> = FastMap::default();
        let mut seen_codes: Vec<String> = doc
            .mentions
            .iter()
            .filter_map(|m| {
                m.actor
                    .clone()
                    .or_else(|| m.person.as_ref().map(|p| format!("person:{p}")))
            })
            .collect();
        for e in &doc.events {
            for p in [&e.source, &e.target].into_iter().flatten() {
                if let Some(k) = participant_key(p) {
                    seen_codes.push(k);
                }
            }
        }
        for code in seen_codes {
            let next = self.actor_ids.len() as u32;
            let id = *self.actor_ids.entry(code).or_insert(next);
            if id == next {
                self.actor_df.push(0);
            }
            *counts.entry(id).or_insert(0) += 1;
        }
        for a in counts.keys() {
            self.actor_df[*a as usize] += 1;
        }
        let mut v: Vec<(u32, u32)> = counts.into_iter().collect();
        v.sort_unstable();
        v
    }

    fn actor_vector(&self, actors: &[(u32, u32)]) -> Vec<(u32, f32)> {
        let mut v: Vec<(u32, f32)> = actors
            .iter()
            .map(|(a, c)| {
                let w = (1.0 + f64::from(*c).ln()) * idf(self.n_docs, self.actor_df[*a as usize]);
                (*a, w as f32)
            })
            .collect();
        normalise(&mut v);
        v
    }

    fn score(
        &self,
        s: usize,
        vector: &[(u32, f32)],
        actors: &[(u32, f32)],
        ev: &EventFeatures,
    ) -> Similarity {
        let none = Similarity {
            combined: 0.0,
            corroboration: 0.0,
        };
        let st = &self.stories[s];
        if st.norm_sq <= 0.0 {
            return none;
        }
        let dot: f64 = vector
            .iter()
            .map(|(t, w)| f64::from(*w) * f64::from(st.centroid.get(t).copied().unwrap_or(0.0)))
            .sum();
        let text = dot / st.norm_sq.sqrt();
        if text < self.opts.text_floor {
            return none;
        }
        let mut total = self.opts.text_weight * text;
        let mut weights = self.opts.text_weight;
        let mut actor_sim = None;
        if !actors.is_empty() && st.actor_norm_sq > 0.0 {
            let adot: f64 = actors
                .iter()
                .map(|(a, w)| f64::from(*w) * f64::from(st.actors.get(a).copied().unwrap_or(0.0)))
                .sum();
            let a = adot / st.actor_norm_sq.sqrt();
            total += self.opts.actor_weight * a;
            weights += self.opts.actor_weight;
            actor_sim = Some(a);
        }
        let parts: Vec<f64> = [
            containment(&ev.keys, &st.event_keys),
            containment(&ev.places, &st.places),
            if ev.days.is_empty() || st.event_days.is_empty() {
                None
            } else {
                let near = ev
                    .days
                    .iter()
                    .filter(|d| st.event_days.iter().any(|s| (*s - **d).abs() <= 2))
                    .count();
                Some(near as f64 / ev.days.len() as f64)
            },
        ]
        .into_iter()
        .flatten()
        .collect();
        let mut event_sim = None;
        if !parts.is_empty() {
            let e = parts.iter().sum::<f64>() / parts.len() as f64;
            total += self.opts.event_weight * e;
            weights += self.opts.event_weight;
            event_sim = Some(e);
        }
        Similarity {
            combined: if weights > 0.0 { total / weights } else { 0.0 },
            corroboration: actor_sim.unwrap_or(0.0).min(event_sim.unwrap_or(0.0)),
        }
    }

    fn update_story(
        &mut self,
        s: usize,
        idx: usize,
        day: Option<i64>,
        vector: &[(u32, f32)],
        actors: &[(u32, f32)],
        ev: EventFeatures,
    ) {
        let st = &mut self.stories[s];
        st.docs.push(idx);
        st.add_day(day);
        // |c + v|² = |c|² + 2 c·v + |v|²
        let mut dot = 0.0f64;
        let mut vv = 0.0f64;
        for (t, w) in vector {
            let e = st.centroid.entry(*t).or_insert(0.0);
            if *e == 0.0 {
                self.postings[*t as usize].push(s as u32);
            }
            dot += f64::from(*e) * f64::from(*w);
            vv += f64::from(*w) * f64::from(*w);
            *e += *w;
        }
        st.norm_sq += 2.0 * dot + vv;
        let mut adot = 0.0f64;
        let mut avv = 0.0f64;
        for (a, w) in actors {
            let e = st.actors.entry(*a).or_insert(0.0);
            adot += f64::from(*e) * f64::from(*w);
            avv += f64::from(*w) * f64::from(*w);
            *e += *w;
        }
        st.actor_norm_sq += 2.0 * adot + avv;
        st.event_keys.extend(ev.keys);
        st.places.extend(ev.places);
        st.event_days.extend(ev.days);
    }

    /// Number of stories so far.
    pub fn len(&self) -> usize {
        self.stories.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stories.is_empty()
    }

    /// The stories so far, in order of creation, with title, documents,
    /// copy groups, dates and actors (the brief fields are left empty for
    /// [`crate::brief`]).
    pub fn stories(&self) -> Vec<Story> {
        let mut groups = self.groups.clone();
        let actor_names: Vec<&str> = {
            let mut v = vec![""; self.actor_ids.len()];
            for (name, id) in &self.actor_ids {
                v[*id as usize] = name;
            }
            v
        };
        self.stories
            .iter()
            .map(|st| {
                let documents: Vec<String> =
                    st.docs.iter().map(|d| self.docs[*d].id.clone()).collect();
                let mut by_root: Vec<(usize, Vec<String>)> = Vec::new();
                for d in &st.docs {
                    let r = groups.find(*d);
                    match by_root.iter_mut().find(|(root, _)| *root == r) {
                        Some((_, g)) => g.push(self.docs[*d].id.clone()),
                        None => by_root.push((r, vec![self.docs[*d].id.clone()])),
                    }
                }
                let duplicates = by_root
                    .into_iter()
                    .map(|(_, g)| g)
                    .filter(|g| g.len() > 1)
                    .collect();
                Story {
                    id: st.id.clone(),
                    title: self.central_title(st),
                    documents,
                    duplicates,
                    start: st.first.map(format_day),
                    end: st.last.map(format_day),
                    actors: self.story_actors(st, &actor_names),
                    events: Vec::new(),
                    agreed: Vec::new(),
                    single_source: Vec::new(),
                    quoted: Vec::new(),
                }
            })
            .collect()
    }

    /// Title of the member with the highest mean cosine to the others:
    /// with unit vectors that is `v·centroid − |v|²` up to a constant.
    fn central_title(&self, st: &StoryState) -> String {
        let mut best: Option<(f64, usize)> = None;
        for d in &st.docs {
            let e = &self.docs[*d];
            if e.duplicate || e.title.is_empty() {
                continue;
            }
            let mut dot = 0.0f64;
            let mut self_sq = 0.0f64;
            for (t, w) in &e.vector {
                dot += f64::from(*w) * f64::from(st.centroid.get(t).copied().unwrap_or(0.0));
                self_sq += f64::from(*w) * f64::from(*w);
            }
            let c = dot - self_sq;
            if best.is_none_or(|(b, _)| c > b + 1e-9) {
                best = Some((c, *d));
            }
        }
        best.or_else(|| st.docs.first().map(|d| (0.0, *d)))
            .map(|(_, d)| self.docs[d].title.clone())
            .unwrap_or_default()
    }

    /// Share of the story's distinct articles mentioning each actor,
    /// ranked; ties by mentions, then code.
    fn story_actors(&self, st: &StoryState, names: &[&str]) -> Vec<ActorWeight> {
        let originals: Vec<&DocEntry> = st
            .docs
            .iter()
            .map(|d| &self.docs[*d])
            .filter(|e| !e.duplicate)
            .collect();
        let n = originals.len().max(1) as f64;
        let mut agg: FastMap<u32, (u32, u32)> = FastMap::default();
        for e in originals {
            for (a, c) in &e.actors {
                let x = agg.entry(*a).or_insert((0, 0));
                x.0 += 1;
                x.1 += c;
            }
        }
        let mut v: Vec<(u32, (u32, u32))> = agg.into_iter().collect();
        v.sort_by(|a, b| {
            b.1 .0
                .cmp(&a.1 .0)
                .then(b.1 .1.cmp(&a.1 .1))
                .then(names[a.0 as usize].cmp(names[b.0 as usize]))
        });
        v.into_iter()
            .map(|(a, (docs, _))| ActorWeight {
                actor: names[a as usize].to_string(),
                weight: f64::from(docs) / n,
            })
            .collect()
    }
}

fn normalise(v: &mut [(u32, f32)]) {
    let norm = v
        .iter()
        .map(|(_, w)| f64::from(*w) * f64::from(*w))
        .sum::<f64>()
        .sqrt();
    if norm > 0.0 {
        for (_, w) in v.iter_mut() {
            *w = (f64::from(*w) / norm) as f32;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gap_is_to_the_nearest_document_date() {
        let mut st = StoryState::default();
        assert_eq!(st.gap(Some(10)), None, "no dated document yet");
        for d in [100, 40, 70] {
            st.add_day(Some(d));
        }
        assert_eq!(st.days, vec![40, 70, 100]);
        assert_eq!(st.gap(Some(58)), Some(12));
        assert_eq!(st.gap(Some(30)), Some(10));
        assert_eq!(st.gap(Some(130)), Some(30));
        assert_eq!(st.gap(Some(70)), Some(0));
        assert_eq!(st.gap(None), None, "undated: content only");
    }

    #[test]
    fn gap_fades_what_actors_and_events_do_not_vouch_for() {
        let o = Options::default();
        let weak = Similarity {
            combined: 0.6,
            corroboration: 0.0,
        };
        let strong = Similarity {
            combined: 0.6,
            corroboration: 0.8,
        };
        // In full within the window and for undated documents.
        assert_eq!(weak.after_gap(Some(o.window_days), &o), 0.6);
        assert_eq!(weak.after_gap(None, &o), 0.6);
        // Smoothly lower beyond it, and lower the longer the gap.
        let a = weak.after_gap(Some(o.window_days + 1), &o);
        let b = weak.after_gap(Some(o.window_days + 21), &o);
        assert!(a < 0.6 && a > 0.55, "{a}");
        assert!((b - 0.6 / std::f64::consts::E).abs() < 1e-9, "{b}");
        // Corroborated similarity keeps its strength across weeks.
        assert_eq!(strong.after_gap(Some(40), &o), 0.6);
        let partly = Similarity {
            combined: 0.6,
            corroboration: 0.3,
        };
        let p = partly.after_gap(Some(40), &o);
        assert!(
            p > weak.after_gap(Some(40), &o) && p < 0.6 && p > 0.3,
            "{p}"
        );
    }
}
