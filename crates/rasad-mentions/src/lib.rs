//! Mention resolution in context: turns the catalogue's alias matches
//! (rasad-actors), role-noun phrases, counterpart and "two sides" words, and
//! the NER model's entities (rasad-ner) into the document's [`Mention`]s.
//!
//! What a mention is (the decisions later stages rely on):
//! - **Span**: char offsets into the body; `text` is exactly that slice. A
//!   span starts after the conjunction and preposition proclitics of its
//!   first word (وبوتين → بوتين, لفرنسا → فرنسا, وبالفرنسيين → الفرنسيين):
//!   the article stays, except in لل where the preposition fuses with it
//!   (للرئيس الفرنسي → رئيس الفرنسي). Possessive enclitics stay.
//! - **kind**: `LOC` for a state name and for a capital used as a place;
//!   `ORG` for IGOs, groups, and a capital or seat metonym acting
//!   (باريس ترفض); `PERS` for a person (a catalogue name, an NER name, or a
//!   role phrase resolved to its office holder); `ROLE` for a role-noun
//!   phrase with no person (الجيش العراقي, المتظاهرون); `MISC` for a nisba
//!   standing alone (الطائرات الروسية → the nisba, actor RUS); `GROUP` for a
//!   "two sides" word (البلدين), see below.
//! - **Role + nisba / construct**: a role phrase followed by a nisba (with
//!   up to two adjectives of `words.tsv` class `gap` between), or, in
//!   construct state, directly by a state/organisation name, is one mention
//!   with the actor of the nisba or name and the role's agent. A person name
//!   right after is absorbed too (الرئيس الروسي فلاديمير بوتين: one PERS).
//!   A bare role noun in construct before a name (جيش الأسد) is the
//!   person's side: `ROLE` with the person's country, no `person`; when
//!   the catalogue already knows the office holder, a name proposed by the
//!   NER alone is not absorbed (it is more often noise than a rival).
//! - **Office holders**: a role phrase listed in `data/mentions/offices.tsv`
//!   with an actor gets `person` = the holder at the article date; `agent`
//!   is the holder's office role in offices.tsv (defence ministers and army
//!   chiefs are `MIL`, as the catalogue codes them), else the phrase's.
//!   Without a date no holder is looked up.
//! - **People**: actor = the country of the office active at the article
//!   date, else of the most recent office; agent = that office's role.
//! - **Counterparts** (نظيره الروسي): the actor comes from the nisba, the
//!   office from the last office-holder mention before it in the document.
//! - **Two sides** (الجانبين, البلدين, العاصمتين…): one mention of kind
//!   `GROUP`: `actor` = the earlier-named of the two actors most recently
//!   mentioned before it, and `alternatives` holds one `GROUP` reading for
//!   the other. For `GROUP` mentions the alternatives are co-members, not
//!   competing readings: an event coder should expand "the two sides agreed"
//!   into both actors.
//! - **Capitals**: after a locative word (في، إلى، من، قرب… or attached ب),
//!   possibly across العاصمة/مدينة and a nisba, a capital is `LOC` with the
//!   actor and an alternative `ORG`/GOV reading; otherwise it is `ORG` with
//!   agent GOV and an alternative `LOC` reading. Seat metonyms (الكرملين)
//!   work the same with their own agent.
//! - **Ambiguous aliases** without a default (القدس): actor null, each code
//!   in `alternatives`; with a default: the default, others as alternatives.
//!   Organs carry their parent as an alternative (مجلس الأمن: UNSC, alt UN).
//! - **Role nouns alone** get an agent and no actor: choosing the article's
//!   dominant state is a later stage's job.
//!
//! - **NER names** outside the catalogue keep the model's type and no
//!   actor; a PERS name within three words after a state nisba
//!   (المحلل الروسي العسكري فلان) takes that state as actor (span = the
//!   name; the nisba and role adjectives between are consumed as evidence).
//!   Catalogue-backed units win over overlapping NER entities, except weak
//!   aliases (also common words), which yield to NER and are otherwise
//!   dropped unless part of a larger phrase.
//!
//! Data: `data/mentions/offices.tsv` (role phrase → office, agent, implied
//! actor) and `data/mentions/words.tsv` (counterpart, pair, locative, city
//! and gap word classes), embedded at build time; errors name file and line.
//!
//! Invariants: output is sorted by start, mentions never overlap, every
//! span is in bounds and on char boundaries, every mention has a kind. The
//! catalogue and NER model are loaded once in [`Resolver::new`]; work per
//! document is linear in its tokens: each token's clitic readings are
//! computed once per document (remembered per thread across documents, a
//! few MB) and shared by the catalogue matcher, office phrases and word
//! classes through interned token ids. No panics on any input. It does not do
//! coreference beyond counterparts and two-sides words, does not pick a
//! dominant actor, and does not decide between readings it records.

mod data;

use std::collections::HashSet;

use rasad_actors::vocab::{Analysis, FxHashMap, Vocab};
use rasad_actors::{fold, Catalogue, Entry, Form, Kind, PartialDate};
use rasad_doc::{Mention, Reading, Span};
use rasad_ner::{EntityType, Model};
use rasad_text::{Token, TokenKind};

pub use data::{Lexicon, OfficeRow, PairWord};

/// Resolves mentions in article bodies. Build once, use for every article.
pub struct Resolver {
    cat: Catalogue,
    /// `None` only for [`Resolver::without_ner`].
    ner: Option<Model>,
    lex: Lexicon,
    idx: Index,
}

/// The lexicon's phrase and word lookups keyed by interned tokens, so a
/// document's token readings are computed once ([`Analysis`]) and shared by
/// the catalogue matcher, office phrases and word classes.
struct Index {
    /// The catalogue's vocabulary extended with the lexicon's tokens.
    vocab: Vocab,
    /// Office phrase trie: (node << 32 | token id) → child node, below
    /// the root; root children by token id (every token is tried there).
    office_edges: FxHashMap<u64, u32>,
    office_root: Vec<Option<u32>>,
    /// Per node: the office row of the phrase ending here.
    office_row: Vec<Option<usize>>,
    /// Per node: whether a longer phrase continues from here.
    office_more: Vec<bool>,
    /// Counterpart and pair words by token id.
    words: FxHashMap<u32, WordClass>,
}

enum WordClass {
    Counterpart,
    Pair(PairWord),
}

fn edge(node: usize, tok: u32) -> u64 {
    ((node as u64) << 32) | tok as u64
}

impl Index {
    fn new(cat: &Catalogue, lex: &Lexicon) -> Index {
        let mut idx = Index {
            vocab: cat.vocab().clone(),
            office_edges: FxHashMap::default(),
            office_root: Vec::new(),
            office_row: vec![None],
            office_more: vec![false],
            words: FxHashMap::default(),
        };
        for (key, &row) in &lex.offices {
            let mut at = 0;
            for tok in key.split(' ') {
                let id = idx.vocab.intern(tok);
                let next = idx.office_row.len();
                idx.office_more[at] = true;
                at = if at == 0 {
                    if idx.office_root.len() <= id as usize {
                        idx.office_root.resize(id as usize + 1, None);
                    }
                    *idx.office_root[id as usize].get_or_insert(next as u32) as usize
                } else {
                    *idx.office_edges.entry(edge(at, id)).or_insert(next as u32) as usize
                };
                if at == next {
                    idx.office_row.push(None);
                    idx.office_more.push(false);
                }
            }
            idx.office_row[at] = Some(row);
        }
        for (key, p) in &lex.pairs {
            let id = idx.vocab.intern(key);
            idx.words.insert(id, WordClass::Pair(p.clone()));
        }
        // A word in both classes is a counterpart (checked first before).
        for key in &lex.counterparts {
            let id = idx.vocab.intern(key);
            idx.words.insert(id, WordClass::Counterpart);
        }
        idx
    }

    #[inline]
    fn office_child(&self, node: usize, tok: u32) -> Option<usize> {
        if node == 0 {
            return self
                .office_root
                .get(tok as usize)
                .copied()
                .flatten()
                .map(|n| n as usize);
        }
        self.office_edges.get(&edge(node, tok)).map(|&n| n as usize)
    }

    fn word(&self, id: u32) -> &str {
        self.vocab.word(id).unwrap_or("")
    }
}

/// A sentence token with its text.
struct Tok<'b> {
    span: Span,
    text: &'b str,
    kind: TokenKind,
    /// Index of the token in the document's [`Analysis`].
    at: usize,
}

#[derive(Debug, Clone)]
enum What {
    /// A state, capital, metonym, IGO, NGO or group.
    Actor {
        code: Option<String>,
        kind: Kind,
        form: Form,
        agent: Option<String>,
        /// Other codes of an ambiguous alias.
        others: Vec<String>,
    },
    Person {
        id: String,
    },
    Role {
        /// Agent from the catalogue's role noun, if it matched.
        agent: Option<String>,
        /// Index into the lexicon's office rows.
        office: Option<usize>,
        /// The role's last word carries the article (no construct state).
        article: bool,
    },
    Counterpart,
    Pair(PairWord),
    Ner(EntityType),
}

#[derive(Debug, Clone)]
struct Unit {
    /// Token range in the sentence.
    t0: usize,
    t1: usize,
    /// Absolute char span (start after proclitics).
    start: usize,
    end: usize,
    what: What,
    weak: bool,
    /// Attached ب stripped from the first word (بباريس).
    bi: bool,
}

/// Document-level context carried from sentence to sentence.
#[derive(Default)]
struct Ctx {
    /// Office (row index) and agent of the last office-holder mention.
    last_office: Option<(usize, Option<String>)>,
    /// Actors in order of last mention (most recent last), with "is a state".
    recent: Vec<(String, bool)>,
}

impl Ctx {
    fn note(&mut self, code: &str, is_state: bool) {
        self.recent.retain(|(c, _)| c != code);
        self.recent.push((code.to_string(), is_state));
    }

    /// The two most recent distinct actors, earlier-named first.
    fn two(&self, states_only: bool) -> Vec<String> {
        let mut v: Vec<String> = self
            .recent
            .iter()
            .rev()
            .filter(|(_, s)| *s || !states_only)
            .take(2)
            .map(|(c, _)| c.clone())
            .collect();
        v.reverse();
        v
    }
}

const CONJ: [char; 2] = ['و', 'ف'];
const PREP: [char; 3] = ['ب', 'ل', 'ك'];

/// Chars of `word` (original spelling) after skipping `n` letters and the
/// marks that follow them; returns the char count skipped.
fn skip_letters(word: &str, n: usize) -> usize {
    let mut letters = 0;
    let mut skipped = 0;
    for c in word.chars() {
        let is_mark = fold::folds_away(c);
        if letters == n && !is_mark {
            break;
        }
        if !is_mark {
            letters += 1;
        }
        skipped += 1;
    }
    skipped
}

/// How many chars of proclitics to drop from `word` so that its rest reads
/// as `key0` (the first canonical token of the alias that matched), and
/// whether an attached ب was among them. Least stripping wins.
fn proclitics(word: &str, key0: &str) -> (usize, bool) {
    let folded = fold::fold(word);
    let key0_chars = key0.chars().count();
    // Enclitic readings (حكومتها → حكومه): the key is a prefix modulo ة/ت.
    let k = key0.strip_suffix('ه').unwrap_or(key0);
    let k_ok = k.chars().count() >= 2;
    // `rest` is already folded, so its canonical form is the article strip.
    let fits =
        |c: &str| c == key0 || (k_ok && c.starts_with(k) && c.chars().count() <= key0_chars + 3);
    // Proclitic letters are two-byte chars: `n` of them are `2n` bytes.
    let first = |at: usize| folded.get(at..).and_then(|r| r.chars().next());
    for conj in [None, Some(0usize), Some(1)] {
        let mut i = 0;
        if let Some(ci) = conj {
            if first(0) != Some(CONJ[ci]) {
                continue;
            }
            i = 1;
        }
        for prep in [None, Some(0usize), Some(1), Some(2)] {
            let mut j = i;
            if let Some(pi) = prep {
                if first(2 * j) != Some(PREP[pi]) {
                    continue;
                }
                j += 1;
            }
            let Some(rest) = folded.get(2 * j..) else {
                continue;
            };
            if rest.chars().count() < 2 {
                continue;
            }
            if fits(fold::strip_article(rest)) {
                return (skip_letters(word, j), prep == Some(0));
            }
            // لل: the preposition fused with the article; drop both.
            if let (Some(1), Some(after)) = (prep, rest.strip_prefix('ل')) {
                // Read as ا + rest: the article strip leaves `after` when it
                // keeps two letters, else the whole ال + `after`.
                let fused = if after.chars().count() >= 2 {
                    fits(after)
                } else {
                    fits(&format!("ا{rest}"))
                };
                if fused {
                    return (skip_letters(word, j + 1), false);
                }
            }
        }
    }
    (0, false)
}

/// Whether a word (after و/ف and ب/ك) carries the article, or is لل-fused.
fn has_article(word: &str) -> bool {
    // Only the first four letters are ever looked at (و + ب + ال): fold
    // just those, on the stack.
    let mut buf = [0u8; 16];
    let mut len = 0;
    for c in word.chars().filter_map(fold::fold_char).take(4) {
        len += c.encode_utf8(&mut buf[len..]).len();
    }
    let Ok(mut s) = std::str::from_utf8(&buf[..len]) else {
        return false;
    };
    for c in CONJ {
        if let Some(r) = s.strip_prefix(c) {
            if r.starts_with("ال")
                || r.starts_with("لل")
                || r.starts_with('ب')
                || r.starts_with('ك')
            {
                s = r;
            }
            break;
        }
    }
    if s.starts_with("لل") {
        return true;
    }
    for c in ['ب', 'ك'] {
        if let Some(r) = s.strip_prefix(c) {
            if r.starts_with("ال") {
                return true;
            }
        }
    }
    s.starts_with("ال")
}

impl Resolver {
    /// Loads the actor catalogue, the NER model and the mention lexicon.
    pub fn new() -> Result<Resolver, String> {
        let cat = Catalogue::load_embedded().map_err(|e| format!("actor catalogue: {e}"))?;
        let ner = Model::load_embedded().map_err(|e| format!("NER model: {e}"))?;
        let lex = Lexicon::load_embedded()?;
        let idx = Index::new(&cat, &lex);
        Ok(Resolver {
            cat,
            ner: Some(ner),
            lex,
            idx,
        })
    }

    /// A resolver from catalogue and lexicon only: no NER entities (names
    /// outside the catalogue are not found). For degraded runs and tests
    /// when the model file is unavailable.
    pub fn without_ner() -> Result<Resolver, String> {
        let cat = Catalogue::load_embedded().map_err(|e| format!("actor catalogue: {e}"))?;
        let lex = Lexicon::load_embedded()?;
        let idx = Index::new(&cat, &lex);
        Ok(Resolver {
            cat,
            ner: None,
            lex,
            idx,
        })
    }

    /// Whether NER entities are used.
    pub fn has_ner(&self) -> bool {
        self.ner.is_some()
    }

    /// The loaded catalogue (for callers that need actor names).
    pub fn catalogue(&self) -> &Catalogue {
        &self.cat
    }

    /// Mentions in `body`, sentence by sentence (`sentences` are char spans
    /// into `body`, in order, as rasad-text produces them). `published` is
    /// the article date `YYYY-MM-DD`; office holders are looked up at it.
    pub fn mentions(
        &self,
        body: &str,
        sentences: &[Span],
        published: Option<&str>,
    ) -> Vec<Mention> {
        // Accept a full timestamp too: only its date part matters.
        let date = published
            .map(str::trim)
            .map(|d| {
                d.get(..10)
                    .filter(|p| PartialDate::parse(p).is_some())
                    .unwrap_or(d)
            })
            .filter(|d| PartialDate::parse(d).is_some());
        // Chars and the byte offset of every char (for slicing token texts
        // out of `body`), in one pass.
        let (chars, bt) = BodyText::with_chars(body);
        let all = rasad_text::tokenize_chars(&chars);
        let text_of = |s: Span| bt.slice(s);
        // Clitic readings of every token, once for all lookups. The analysis
        // is per thread and reused: it remembers each spelling's readings.
        thread_local! {
            static ANALYSIS: std::cell::RefCell<Analysis> = std::cell::RefCell::new(Analysis::new());
        }
        ANALYSIS.with_borrow_mut(|analysis| {
            analysis.clear();
            for t in &all {
                analysis.push(text_of(t.span), &self.idx.vocab);
            }
            self.resolve(sentences, date, &chars, &all, analysis, &bt)
        })
    }

    /// [`Resolver::mentions`] once the body is tokenised and analysed.
    fn resolve(
        &self,
        sentences: &[Span],
        date: Option<&str>,
        chars: &[char],
        all: &[Token],
        analysis: &Analysis,
        bt: &BodyText,
    ) -> Vec<Mention> {
        let text_of = |s: Span| bt.slice(s);
        // Tokens of each sentence (sentences are ordered; one linear pass),
        // as ranges of one token list.
        let mut toks_all: Vec<Tok> = Vec::with_capacity(all.len());
        let mut ranges: Vec<(usize, usize)> = Vec::with_capacity(sentences.len());
        let mut k = 0;
        let mut last_end = 0;
        for s in sentences {
            let from = toks_all.len();
            if s.start < last_end || s.end > chars.len() || s.start > s.end {
                // Out of order or out of bounds: skip rather than panic.
                ranges.push((from, from));
                continue;
            }
            last_end = s.end;
            while k < all.len() && all[k].span.start < s.start {
                k += 1;
            }
            while k < all.len() && all[k].span.end <= s.end {
                let t: &Token = &all[k];
                toks_all.push(Tok {
                    span: t.span,
                    text: text_of(t.span),
                    kind: t.kind,
                    at: k,
                });
                k += 1;
            }
            ranges.push((from, toks_all.len()));
        }
        let per_sentence = ranges.iter().map(|&(a, b)| &toks_all[a..b]);

        // NER over the whole document at once (it uses neighbouring sentences).
        let ner_input: Vec<Vec<&str>> = per_sentence
            .clone()
            .map(|v| v.iter().map(|t| t.text).collect())
            .collect();
        let tags = match &self.ner {
            Some(model) => model.tag_document(&ner_input),
            None => Vec::new(),
        };

        let mut ctx = Ctx::default();
        let mut out = Vec::new();
        for (si, toks) in per_sentence.enumerate() {
            if toks.is_empty() {
                continue;
            }
            let ents = tags
                .get(si)
                .map(|t| rasad_ner::spans(t.as_slice()))
                .unwrap_or_default();
            let units = self.units(toks, analysis, &ents);
            self.combine(toks, units, date, &mut ctx, bt, &mut out);
        }
        out.sort_by_key(|m| (m.start, m.end));
        // Belt and braces: never emit overlaps, whatever the combiner did.
        let mut clean: Vec<Mention> = Vec::with_capacity(out.len());
        for m in out {
            if clean.last().is_none_or(|p| p.end <= m.start) && m.start < m.end {
                clean.push(m);
            }
        }
        clean
    }

    /// Candidate units of one sentence: catalogue matches, office phrases,
    /// lexicon words and NER entities, non-overlapping, sorted by position.
    fn units(&self, toks: &[Tok], a: &Analysis, ents: &[(usize, usize, EntityType)]) -> Vec<Unit> {
        let texts: Vec<&str> = toks.iter().map(|t| t.text).collect();
        let readings = |i: usize| toks.get(i).map_or(&[][..], |t| a.readings(t.at));
        let mut cands: Vec<(u8, Unit)> = Vec::new(); // (priority, unit)

        // Office phrases: longest at each position, over clitic readings of
        // the first word and article-stripped later words.
        let mut i = 0;
        while i < toks.len() {
            let mut best: Option<(usize, usize, &str)> = None; // (end tok, row, key0)
            for r in readings(i) {
                let Some(mut node) = self.idx.office_child(0, r.id) else {
                    continue;
                };
                let mut j = i + 1;
                loop {
                    if let Some(row) = self.idx.office_row[node] {
                        if best.as_ref().is_none_or(|b| j > b.0) {
                            best = Some((j, row, self.idx.word(r.id)));
                        }
                    }
                    if j >= toks.len()
                        || j - i >= self.lex.office_max_tokens
                        || !self.idx.office_more[node]
                    {
                        break;
                    }
                    // Later words: the plain reading or clitic-stripped (للأمم).
                    let Some(next) = readings(j)
                        .iter()
                        .find_map(|n| self.idx.office_child(node, n.id))
                    else {
                        break;
                    };
                    node = next;
                    j += 1;
                }
            }
            if let Some((end, row, key0)) = best {
                let (skip, bi) = proclitics(texts[i], key0);
                let last = texts.get(end - 1).copied().unwrap_or("");
                cands.push((
                    3,
                    Unit {
                        t0: i,
                        t1: end,
                        start: toks[i].span.start + skip,
                        end: toks[end - 1].span.end,
                        what: What::Role {
                            agent: None,
                            office: Some(row),
                            article: has_article(last),
                        },
                        weak: false,
                        bi,
                    },
                ));
                i = end;
            } else {
                i += 1;
            }
        }

        // Catalogue matches.
        let range = toks.first().map_or(0, |t| t.at)..toks.last().map_or(0, |t| t.at + 1);
        for m in self.cat.matcher().find_analyzed(a, range) {
            let (t0, t1) = (m.tokens.start, m.tokens.end);
            if t1 > toks.len() || t0 >= t1 {
                continue;
            }
            // "السورية" is both the nisba and the spelling سورية with an
            // article; state names rarely take one, so prefer the nisba.
            let nisba = m.entries.iter().copied().find(|e| e.form == Form::Nisba);
            let Some(p) = nisba
                .filter(|_| t1 - t0 == 1 && has_article(texts[t0]))
                .or_else(|| m.primary())
            else {
                continue;
            };
            let name_is_nisba = p.kind == Kind::State
                && p.form == Form::Name
                && t1 - t0 == 1
                && has_article(texts[t0])
                && self.is_nisba_key(p.code.as_deref(), &m.key);
            let key0 = m.key.split(' ').next().unwrap_or("");
            let (skip, bi) = proclitics(texts[t0], key0);
            let what = match p.kind {
                Kind::Agent => What::Role {
                    agent: p.agent.clone(),
                    office: None,
                    article: has_article(texts[t1 - 1]),
                },
                Kind::Person => match &p.person {
                    Some(id) => What::Person { id: id.clone() },
                    None => continue,
                },
                _ => {
                    let mut w = self.actor_what(
                        p,
                        &m.codes(),
                        m.ambiguity.map(|a| a.default.is_none()).unwrap_or(false),
                    );
                    if let (true, What::Actor { form, .. }) = (name_is_nisba, &mut w) {
                        *form = Form::Nisba;
                    }
                    w
                }
            };
            cands.push((
                2,
                Unit {
                    t0,
                    t1,
                    start: toks[t0].span.start + skip,
                    end: toks[t1 - 1].span.end,
                    what,
                    weak: m.weak,
                    bi,
                },
            ));
        }

        // Counterpart and two-sides words (single tokens).
        for (i, t) in toks.iter().enumerate() {
            if t.kind != TokenKind::Word {
                continue;
            }
            for r in a.readings(t.at) {
                let what = match self.idx.words.get(&r.id) {
                    Some(WordClass::Counterpart) => What::Counterpart,
                    Some(WordClass::Pair(p)) => What::Pair(p.clone()),
                    None => continue,
                };
                let (skip, _) = proclitics(t.text, self.idx.word(r.id));
                cands.push((
                    1,
                    Unit {
                        t0: i,
                        t1: i + 1,
                        start: t.span.start + skip,
                        end: t.span.end,
                        what,
                        weak: false,
                        bi: false,
                    },
                ));
                break;
            }
        }

        // Longest first, then priority; greedy non-overlapping selection.
        cands.sort_by(|(pa, a), (pb, b)| {
            (b.t1 - b.t0)
                .cmp(&(a.t1 - a.t0))
                .then(pb.cmp(pa))
                .then(a.t0.cmp(&b.t0))
        });
        let mut taken = vec![false; toks.len()];
        let mut units: Vec<Unit> = Vec::new();
        for (_, u) in cands {
            if taken[u.t0..u.t1].iter().any(|&x| x) {
                continue;
            }
            // An office phrase and the catalogue role noun over the same
            // words: keep the office, but remember the catalogue's agent.
            taken[u.t0..u.t1].iter_mut().for_each(|x| *x = true);
            units.push(u);
        }

        // NER entities: weak catalogue units yield to them; others win.
        for &(s, e, ty) in ents {
            if e > toks.len() || s >= e {
                continue;
            }
            // One- or two-letter single tokens are tagging noise (اف).
            if e - s == 1 && toks[s].text.chars().count() < 3 {
                continue;
            }
            let clash_strong = units.iter().any(|u| u.t0 < e && s < u.t1 && !u.weak);
            if clash_strong {
                continue;
            }
            units.retain(|u| !(u.t0 < e && s < u.t1));
            let skip = ner_proclitics(toks[s].text);
            units.push(Unit {
                t0: s,
                t1: e,
                start: toks[s].span.start + skip,
                end: toks[e - 1].span.end,
                what: What::Ner(ty),
                weak: false,
                bi: false,
            });
        }
        units.sort_by_key(|u| u.t0);
        units
    }

    fn actor_what(&self, e: &Entry, codes: &[&str], no_default: bool) -> What {
        let code = if no_default { None } else { e.code.clone() };
        let others: Vec<String> = codes
            .iter()
            .filter(|c| Some(**c) != code.as_deref())
            .map(|c| c.to_string())
            .collect();
        let agent = e.agent.clone().or_else(|| {
            e.code
                .as_deref()
                .and_then(|c| self.cat.actor(c))
                .and_then(|a| a.agent.clone())
        });
        What::Actor {
            code,
            kind: e.kind,
            form: e.form,
            agent,
            others,
        }
    }

    /// The single holder (person id, office role) of the row's office for
    /// `actor` on `date`. Concurrent holders (UN envoys to different
    /// conflicts) give `None`: the phrase alone cannot tell which.
    fn holder(&self, row: &OfficeRow, actor: &str, date: &str) -> Option<(String, String)> {
        let office = self.office_for(row, Some(actor))?;
        let pd = PartialDate::parse(date)?;
        let active: Vec<&rasad_actors::Office> = self
            .cat
            .terms(actor, &office)
            .filter(|o| o.covers(&pd))
            .collect();
        let mut people: Vec<&str> = active.iter().map(|o| o.person_id.as_str()).collect();
        people.sort_unstable();
        people.dedup();
        // Terms touching on a handover day are not concurrent holders.
        let handover = active
            .iter()
            .any(|o| o.end.is_some_and(|e| e.latest() <= pd.latest()));
        if people.len() > 1 && !(people.len() == 2 && handover) {
            return None;
        }
        let p = self.cat.office_holder(actor, &office, date)?;
        let role = active
            .iter()
            .find(|o| o.person_id == p.id)
            .map(|o| o.role.clone())
            .or_else(|| row.agent.clone())?;
        Some((p.id.clone(), role))
    }

    /// Whether `key` is an inflection of one of the state's nisba stems
    /// (سوري → سوريه), i.e. a name spelling that doubles as a nisba.
    fn is_nisba_key(&self, code: Option<&str>, key: &str) -> bool {
        let Some(actor) = code.and_then(|c| self.cat.actor(c)) else {
            return false;
        };
        actor.nisbas.iter().any(|stem| {
            let base = fold::canonical_token(stem);
            key.strip_prefix(base.as_str()).is_some_and(|rest| {
                matches!(rest, "" | "ه" | "ون" | "ين" | "ان" | "تان" | "تين" | "ات")
            })
        })
    }

    fn is_state(&self, code: &str) -> bool {
        self.cat.actor(code).is_some_and(|a| a.kind == Kind::State)
    }

    /// The actor kind of a code (None for unknown codes).
    fn kind_of(&self, code: &str) -> Option<Kind> {
        self.cat.actor(code).map(|a| a.kind)
    }

    /// A person's (country, role, office) at `date`: the office active then
    /// (latest start), else the most recent one before it, else the latest.
    fn person_at(&self, id: &str, date: Option<&str>) -> Option<(String, String, String)> {
        let offices = self.cat.offices_of(id);
        let pick =
            |o: &&rasad_actors::Office| (o.country.clone(), o.role.clone(), o.office.clone());
        if let Some(d) = date.and_then(PartialDate::parse) {
            if let Some(o) = offices
                .iter()
                .filter(|o| o.covers(&d))
                .max_by_key(|o| o.start.earliest())
            {
                return Some(pick(o));
            }
            if let Some(o) = offices
                .iter()
                .filter(|o| o.start.earliest() <= d.earliest())
                .max_by_key(|o| o.start.earliest())
            {
                return Some(pick(o));
            }
        }
        offices.iter().max_by_key(|o| o.start.earliest()).map(pick)
    }

    /// The office a row means for an actor (state office, or group office
    /// for armed groups).
    fn office_for(&self, row: &OfficeRow, actor: Option<&str>) -> Option<String> {
        match actor.and_then(|a| self.kind_of(a)) {
            Some(Kind::Group) => row.group_office.clone(),
            _ => row.office.clone(),
        }
    }

    /// Whether `toks[i]` is a locative word (or a city word, when `city`).
    fn word_in(&self, tok: &Tok, set: &HashSet<String>) -> bool {
        tok.kind == TokenKind::Word && set.contains(&fold::canonical_token(tok.text))
    }

    /// Groups units into mentions and resolves them in context.
    fn combine(
        &self,
        toks: &[Tok],
        units: Vec<Unit>,
        date: Option<&str>,
        ctx: &mut Ctx,
        text_of: &BodyText,
        out: &mut Vec<Mention>,
    ) {
        // Unit starting at each token (units never overlap): O(1) lookups.
        let mut starts: Vec<Option<usize>> = vec![None; toks.len() + 1];
        for (k, u) in units.iter().enumerate() {
            if let Some(slot) = starts.get_mut(u.t0) {
                *slot = Some(k);
            }
        }
        let at = |t: usize| starts.get(t).copied().flatten();
        let mut used = vec![false; units.len()];
        let mut i = 0;
        while i < units.len() {
            if used[i] {
                i += 1;
                continue;
            }
            used[i] = true;
            let u = &units[i];
            let m = match &u.what {
                What::Role { .. } | What::Counterpart => {
                    let mut actor_u: Option<usize> = None;
                    let mut person_u: Option<usize> = None;
                    let article = match &u.what {
                        What::Role { article, .. } => *article,
                        _ => true,
                    };
                    // Skip up to two gap adjectives, then a nisba or (construct) a name.
                    let mut j = u.t1;
                    let mut gaps = 0;
                    while gaps < 2
                        && j < toks.len()
                        && at(j).is_none()
                        && self.word_in(&toks[j], &self.lex.gaps)
                    {
                        j += 1;
                        gaps += 1;
                    }
                    if let Some(v) = at(j).filter(|&v| !used[v]) {
                        if let What::Actor {
                            code: Some(_),
                            kind,
                            form,
                            ..
                        } = &units[v].what
                        {
                            let actorish =
                                matches!(kind, Kind::State | Kind::Igo | Kind::Ngo | Kind::Group);
                            let nisba = matches!(form, Form::Nisba | Form::Demonym);
                            if actorish && (nisba || (!article && gaps == 0)) {
                                actor_u = Some(v);
                            }
                        }
                    }
                    let after = actor_u.map(|v| units[v].t1).unwrap_or(u.t1);
                    // When the catalogue knows the office holder, a name the
                    // NER alone proposes is more likely noise than a rival.
                    let holder_known = self.role_holder_known(&units, i, actor_u, date);
                    if let Some(w) = at(after).filter(|&w| !used[w] && Some(w) != actor_u) {
                        let take = match units[w].what {
                            What::Person { .. } => true,
                            What::Ner(EntityType::Pers) => !holder_known,
                            _ => false,
                        };
                        if take {
                            person_u = Some(w);
                        }
                    }
                    for x in [actor_u, person_u].into_iter().flatten() {
                        used[x] = true;
                    }
                    if actor_u.is_none() && person_u.is_none() && u.weak {
                        i += 1;
                        continue;
                    }
                    self.role_mention(&units, i, actor_u, person_u, date, ctx)
                }
                What::Actor {
                    code,
                    kind,
                    form,
                    agent,
                    others,
                } => {
                    // A nisba shortly before an unknown name: the name's nationality.
                    if matches!(form, Form::Nisba) && *kind == Kind::State && code.is_some() {
                        if let Some((w, adjectives)) = self.name_after(toks, &units, &used, i) {
                            used[w] = true;
                            for a in adjectives {
                                used[a] = true;
                            }
                            let p = &units[w];
                            let mut mm = self.mention_of(p.start, p.end, "PERS");
                            mm.actor = code.clone();
                            out_push(out, mm, ctx, self, text_of);
                            i += 1;
                            continue;
                        }
                    }
                    if u.weak {
                        i += 1;
                        continue;
                    }
                    self.actor_mention(toks, &units, i, code, *kind, *form, agent, others)
                }
                What::Person { id } => {
                    let mut mm = self.mention_of(u.start, u.end, "PERS");
                    mm.person = Some(id.clone());
                    if let Some((c, role, office)) = self.person_at(id, date) {
                        mm.actor = Some(c);
                        mm.agent = Some(role.clone());
                        // "X met his counterpart": X's office is the one meant.
                        if let Some(row) = self.lex.row_for_office(&office) {
                            ctx.last_office = Some((row, Some(role)));
                        }
                    }
                    mm
                }
                What::Pair(p) => {
                    // "the two presidents, the Russian and the French": the
                    // nisbas right after name the sides; else the context.
                    let named = self.sides_after(toks, &units, i);
                    let two = if named.len() == 2 {
                        named
                    } else {
                        ctx.two(p.states_only)
                    };
                    let mut mm = self.mention_of(u.start, u.end, "GROUP");
                    mm.agent = p.agent.clone();
                    mm.actor = two.first().cloned();
                    if let Some(second) = two.get(1) {
                        mm.alternatives.push(Reading {
                            kind: "GROUP".into(),
                            actor: Some(second.clone()),
                            agent: p.agent.clone(),
                        });
                    }
                    mm
                }
                What::Ner(ty) => self.mention_of(u.start, u.end, ty.as_str()),
            };
            out_push(out, m, ctx, self, text_of);
            i += 1;
        }
    }

    /// Two actor nisbas naming the sides right after a pair word
    /// (الرئيسين الروسي ... والفرنسي): the first must follow at once, the
    /// second within six tokens of it.
    fn sides_after(&self, toks: &[Tok], units: &[Unit], i: usize) -> Vec<String> {
        let Some(u) = units.get(i) else {
            return Vec::new();
        };
        let nisba_code = |v: &Unit| match &v.what {
            What::Actor {
                code: Some(c),
                form: Form::Nisba,
                ..
            } => Some(c.clone()),
            _ => None,
        };
        let Some(first) = units
            .get(i + 1)
            .filter(|v| v.t0 == u.t1)
            .and_then(nisba_code)
        else {
            return Vec::new();
        };
        let first_end = units.get(i + 1).map_or(u.t1, |v| v.t1);
        let second = units[i + 2..]
            .iter()
            .take_while(|v| v.t0 <= first_end + 6)
            .filter(|v| {
                toks.get(first_end..v.t0)
                    .is_some_and(|b| b.iter().all(|t| t.kind == TokenKind::Word))
            })
            .find_map(|v| nisba_code(v).filter(|c| *c != first));
        match second {
            Some(s) => vec![first, s],
            None => Vec::new(),
        }
    }

    /// An unknown person name (NER PERS) starting within three plain words
    /// after the nisba unit `i` (المحلل الروسي العسكري فلان). Role nouns in
    /// between are adjectives of the person and are returned to be consumed.
    fn name_after(
        &self,
        toks: &[Tok],
        units: &[Unit],
        used: &[bool],
        i: usize,
    ) -> Option<(usize, Vec<usize>)> {
        let u = units.get(i)?;
        let mut w = i + 1;
        let mut between_units = Vec::new();
        while let Some(v) = units.get(w) {
            if !matches!(v.what, What::Role { .. }) || v.t0 > u.t1 + 3 {
                break;
            }
            between_units.push(w);
            w += 1;
        }
        let next = units.get(w)?;
        if used.get(w).copied().unwrap_or(true) || !matches!(next.what, What::Ner(EntityType::Pers))
        {
            return None;
        }
        if next.t0 < u.t1 || next.t0 - u.t1 > 3 {
            return None;
        }
        let between = toks.get(u.t1..next.t0)?;
        between
            .iter()
            .all(|t| t.kind == TokenKind::Word)
            .then_some((w, between_units))
    }

    /// Whether role unit `i` with actor unit `actor_u` resolves to a known
    /// office holder at `date`.
    fn role_holder_known(
        &self,
        units: &[Unit],
        i: usize,
        actor_u: Option<usize>,
        date: Option<&str>,
    ) -> bool {
        let (Some(d), Some(v)) = (date, actor_u) else {
            return false;
        };
        let row = match units.get(i).map(|u| &u.what) {
            Some(What::Role {
                office: Some(r), ..
            }) => self.lex.office_rows.get(*r),
            _ => None,
        };
        let code = match units.get(v).map(|u| &u.what) {
            Some(What::Actor { code: Some(c), .. }) => c.as_str(),
            _ => return false,
        };
        row.is_some_and(|r| self.holder(r, code, d).is_some())
    }

    fn mention_of(&self, start: usize, end: usize, kind: &str) -> Mention {
        Mention {
            text: String::new(),
            start,
            end,
            kind: kind.to_string(),
            actor: None,
            agent: None,
            person: None,
            alternatives: Vec::new(),
        }
    }

    fn role_mention(
        &self,
        units: &[Unit],
        i: usize,
        actor_u: Option<usize>,
        person_u: Option<usize>,
        date: Option<&str>,
        ctx: &mut Ctx,
    ) -> Mention {
        let u = &units[i];
        let end = person_u.or(actor_u).map(|x| units[x].end).unwrap_or(u.end);
        let mut m = self.mention_of(u.start, end, "ROLE");
        // A role noun in construct state before a name (جيش الأسد, نظام
        // فلان) is the person's side, not the person: apposition needs the
        // article (الرئيس الأسد, الجنرال فلان).
        let construct = actor_u.is_none()
            && person_u.is_some()
            && matches!(
                u.what,
                What::Role {
                    article: false,
                    office: None,
                    ..
                }
            );
        let (row_idx, cat_agent) = match &u.what {
            What::Role { agent, office, .. } => (*office, agent.clone()),
            _ => match &ctx.last_office {
                Some((row, agent)) => (Some(*row), agent.clone()),
                None => (None, None),
            },
        };
        let row = row_idx.and_then(|r| self.lex.office_rows.get(r));
        let actor_code: Option<String> = actor_u
            .and_then(|v| match &units[v].what {
                What::Actor { code, .. } => code.clone(),
                _ => None,
            })
            .or_else(|| row.and_then(|r| r.actor.clone()));

        let mut agent = cat_agent;
        if let Some(r) = row {
            let applies =
                self.office_for(r, actor_code.as_deref()).is_some() || actor_code.is_none();
            if applies && r.agent.is_some() && (actor_code.is_some() || r.office.is_some()) {
                agent = r.agent.clone();
            }
        }
        // A named person: their identity and country win.
        match person_u.map(|p| &units[p].what) {
            Some(What::Person { id }) if construct => {
                m.actor = self.person_at(id, date).map(|a| a.0);
            }
            Some(What::Ner(_)) if construct => {}
            Some(What::Person { id }) => {
                m.kind = "PERS".into();
                m.person = Some(id.clone());
                let at = self.person_at(id, date);
                m.actor = actor_code
                    .clone()
                    .or_else(|| at.as_ref().map(|a| a.0.clone()));
                if agent.is_none() {
                    agent = at.map(|a| a.1);
                }
            }
            Some(What::Ner(_)) => {
                m.kind = "PERS".into();
                m.actor = actor_code.clone();
            }
            _ => {
                m.actor = actor_code.clone();
                if let (Some(r), Some(a), Some(d)) = (row, actor_code.as_deref(), date) {
                    if let Some((id, role)) = self.holder(r, a, d) {
                        m.kind = "PERS".into();
                        m.person = Some(id);
                        agent = Some(role);
                    }
                }
            }
        }
        if actor_code.is_none() && agent.is_none() {
            // A group actor with no row agent (قائد + group): the group's own agent.
            agent = None;
        }
        m.agent = agent.clone();
        if let Some(r) = row_idx {
            if self
                .lex
                .office_rows
                .get(r)
                .is_some_and(|r| r.office.is_some() || r.group_office.is_some())
            {
                ctx.last_office = Some((r, agent));
            }
        }
        m
    }

    #[allow(clippy::too_many_arguments)]
    fn actor_mention(
        &self,
        toks: &[Tok],
        units: &[Unit],
        i: usize,
        code: &Option<String>,
        kind: Kind,
        form: Form,
        agent: &Option<String>,
        others: &[String],
    ) -> Mention {
        let u = &units[i];
        let alt = |kind: &str, actor: Option<String>, agent: Option<String>| Reading {
            kind: kind.to_string(),
            actor,
            agent,
        };
        let mut m = self.mention_of(u.start, u.end, "LOC");
        m.actor = code.clone();
        match kind {
            Kind::Capital | Kind::Metonym if code.is_some() => {
                let seat_agent = agent.clone().or_else(|| Some("GOV".to_string()));
                if self.locative_before(toks, units, i) {
                    m.kind = "LOC".into();
                    m.alternatives.push(alt("ORG", code.clone(), seat_agent));
                } else {
                    m.kind = "ORG".into();
                    m.agent = seat_agent;
                    m.alternatives.push(alt("LOC", code.clone(), None));
                }
            }
            Kind::Capital | Kind::Metonym | Kind::State => m.kind = "LOC".into(),
            Kind::Igo | Kind::Ngo | Kind::Group => {
                m.kind = "ORG".into();
                m.agent = agent.clone();
                if let Some(parent) = code
                    .as_deref()
                    .and_then(|c| self.cat.actor(c))
                    .and_then(|a| a.parent.clone())
                {
                    m.alternatives.push(alt("ORG", Some(parent), agent.clone()));
                }
            }
            Kind::Person | Kind::Agent => {}
        }
        if matches!(form, Form::Nisba | Form::Demonym) && kind == Kind::State {
            m.kind = "MISC".into();
        }
        for o in others {
            m.alternatives
                .push(alt(&m.kind.clone(), Some(o.clone()), None));
        }
        m
    }

    /// A locative word before unit `i`, possibly across city words
    /// (العاصمة، مدينة) and a nisba (في العاصمة الروسية موسكو), or an
    /// attached ب on the capital itself.
    fn locative_before(&self, toks: &[Tok], units: &[Unit], i: usize) -> bool {
        let u = &units[i];
        if u.bi {
            return true;
        }
        let mut t = u.t0;
        for _ in 0..4 {
            if t == 0 {
                return false;
            }
            let prev = &toks[t - 1];
            if self.word_in(prev, &self.lex.locatives) {
                return true;
            }
            // Attached ب on a city word (بالعاصمة) is locative too.
            if self.word_in(prev, &self.lex.cities) {
                if fold::fold(prev.text).starts_with("بال") {
                    return true;
                }
                t -= 1;
                continue;
            }
            let nisba = units.iter().any(|v| {
                v.t1 == t
                    && matches!(
                        v.what,
                        What::Actor {
                            form: Form::Nisba,
                            ..
                        }
                    )
            });
            if nisba {
                t = units
                    .iter()
                    .find(|v| v.t1 == t)
                    .map(|v| v.t0)
                    .unwrap_or(t - 1);
                continue;
            }
            return false;
        }
        false
    }
}

/// Proclitics to drop from an NER entity's first word: conjunction and
/// preposition as rasad-text segments them (the article stays).
fn ner_proclitics(word: &str) -> usize {
    let seg = rasad_text::segment(word);
    let mut skip = 0;
    for c in &seg.proclitics {
        let f = fold::fold(&c.form);
        let first = f.chars().next().unwrap_or(' ');
        if f.chars().count() == 1 && (CONJ.contains(&first) || PREP.contains(&first)) {
            skip = skip.max(c.span.end);
        } else if f == "ال" && c.span.len() == 1 && skip > 0 {
            // The article fused into لل: dropped with the preposition.
            skip = skip.max(c.span.end);
        } else {
            break;
        }
    }
    // Keep at least two chars of the word.
    if word.chars().count().saturating_sub(skip) < 2 {
        0
    } else {
        skip
    }
}

/// A body with a char → byte index, for slicing char spans.
struct BodyText<'b> {
    body: &'b str,
    byte_at: Vec<usize>,
}

impl<'b> BodyText<'b> {
    #[cfg(test)]
    fn new(body: &'b str) -> BodyText<'b> {
        BodyText::with_chars(body).1
    }

    /// The body's chars and its char → byte index, in one pass.
    fn with_chars(body: &'b str) -> (Vec<char>, BodyText<'b>) {
        let mut chars = Vec::with_capacity(body.len());
        let mut byte_at = Vec::with_capacity(body.len() + 1);
        for (b, c) in body.char_indices() {
            chars.push(c);
            byte_at.push(b);
        }
        byte_at.push(body.len());
        (chars, BodyText { body, byte_at })
    }

    /// The text of a char span ("" when out of bounds).
    fn slice(&self, s: Span) -> &'b str {
        match (self.byte_at.get(s.start), self.byte_at.get(s.end)) {
            (Some(&a), Some(&b)) if a <= b => self.body.get(a..b).unwrap_or(""),
            _ => "",
        }
    }
}

/// Fills `text`, records the actors in the context, appends.
fn out_push(
    out: &mut Vec<Mention>,
    mut m: Mention,
    ctx: &mut Ctx,
    r: &Resolver,
    text_of: &BodyText,
) {
    if m.start >= m.end {
        return;
    }
    m.text = text_of.slice(Span::new(m.start, m.end)).to_string();
    if m.kind != "GROUP" {
        if let Some(a) = m.actor.as_deref() {
            ctx.note(a, r.is_state(a));
        }
    }
    out.push(m);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proclitics_follow_the_matched_key() {
        // و + stem; a word that merely starts with و keeps it.
        assert_eq!(proclitics("وبوتين", "بوتين"), (1, false));
        assert_eq!(proclitics("واشنطن", "واشنطن"), (0, false));
        // ب is reported (it makes a capital a place); the article stays.
        assert_eq!(proclitics("بباريس", "باريس"), (1, true));
        assert_eq!(proclitics("وبالفرنسيين", "فرنسيين"), (2, true));
        // لل: preposition and fused article go together.
        assert_eq!(proclitics("للرئيس", "رئيس"), (2, false));
        // Diacritics after a proclitic are skipped with it.
        assert_eq!(proclitics("وَبوتين", "بوتين"), (2, false));
        // An enclitic does not block the match (حكومتها keyed حكومه).
        assert_eq!(proclitics("وحكومتها", "حكومه"), (1, false));
        // No analysis: nothing stripped.
        assert_eq!(proclitics("كلمة", "بوتين"), (0, false));
    }

    #[test]
    fn article_detection() {
        assert!(has_article("الرئيس"));
        assert!(has_article("للرئيس"));
        assert!(has_article("وبالرئيس"));
        assert!(!has_article("رئيس"));
        assert!(!has_article("وزير"));
    }

    /// Runs one sentence with NER entities given by hand (token ranges), so
    /// the NER paths are tested whatever the shipped model predicts.
    fn with_entities(
        body: &str,
        ents: &[(usize, usize, EntityType)],
        date: Option<&str>,
    ) -> Vec<Mention> {
        let r = Resolver::without_ner().expect("loads");
        let bt = BodyText::new(body);
        let mut a = Analysis::new();
        let toks: Vec<Tok> = rasad_text::tokens(body)
            .into_iter()
            .enumerate()
            .map(|(at, t)| {
                a.push(bt.slice(t.span), &r.idx.vocab);
                Tok {
                    span: t.span,
                    text: bt.slice(t.span),
                    kind: t.kind,
                    at,
                }
            })
            .collect();
        let units = r.units(&toks, &a, ents);
        let mut ctx = Ctx::default();
        let mut out = Vec::new();
        r.combine(&toks, units, date, &mut ctx, &bt, &mut out);
        out
    }

    #[test]
    fn ner_name_after_nisba_takes_the_state() {
        // tokens: وقال(0) المحلل(1) الروسي(2) العسكري(3) ميخائيل(4) سيمونوف(5) إن(6) ...
        let body = "وقال المحلل الروسي العسكري ميخائيل سيمونوف إن العملية ستطول";
        let ms = with_entities(body, &[(4, 6, EntityType::Pers)], Some("2015-12-10"));
        let p = ms.iter().find(|m| m.kind == "PERS").expect("a person");
        assert_eq!(p.text, "ميخائيل سيمونوف");
        assert_eq!(p.actor.as_deref(), Some("RUS"));
        assert_eq!(p.person, None);
        // The nisba and the role adjective are consumed, not separate mentions.
        assert!(
            ms.iter().all(|m| m.text != "الروسي" && m.text != "العسكري"),
            "{ms:?}"
        );
    }

    #[test]
    fn ner_name_after_role_and_nisba_is_one_mention() {
        // وقال(0) الجنرال(1) الروسي(2) إيغور(3) كوناشينكوف(4) إن(5)
        let body = "وقال الجنرال الروسي إيغور كوناشينكوف إن الطائرات أصابت أهدافها";
        let ms = with_entities(body, &[(3, 5, EntityType::Pers)], None);
        let p = ms.iter().find(|m| m.kind == "PERS").expect("a person");
        assert_eq!(p.text, "الجنرال الروسي إيغور كوناشينكوف");
        assert_eq!(p.actor.as_deref(), Some("RUS"));
        assert_eq!(p.agent.as_deref(), Some("MIL"));
    }

    #[test]
    fn ner_entities_yield_to_catalogue_but_fill_gaps() {
        // قصفت(0) الطائرات(1) الروسية(2) مدينة(3) حلب(4)
        let body = "قصفت الطائرات الروسية مدينة حلب";
        let ms = with_entities(
            body,
            &[(2, 3, EntityType::Loc), (4, 5, EntityType::Loc)],
            None,
        );
        let rus = ms.iter().find(|m| m.text == "الروسية").expect("nisba kept");
        assert_eq!(rus.actor.as_deref(), Some("RUS"));
        let aleppo = ms.iter().find(|m| m.text == "حلب").expect("NER place");
        assert_eq!(
            (aleppo.kind.as_str(), aleppo.actor.as_deref()),
            ("LOC", None)
        );
    }

    #[test]
    fn ner_span_drops_conjunction() {
        // وقال(0) وسيمونوف(1)
        let body = "وقال وسيمونوف";
        let ms = with_entities(body, &[(1, 2, EntityType::Pers)], None);
        assert_eq!(ms.len(), 1, "{ms:?}");
        assert_eq!(ms[0].text, "سيمونوف");
    }

    #[test]
    fn pair_context_orders_earlier_first() {
        let mut ctx = Ctx::default();
        ctx.note("FRA", true);
        ctx.note("ISIL", false);
        ctx.note("RUS", true);
        assert_eq!(ctx.two(true), vec!["FRA".to_string(), "RUS".to_string()]);
        assert_eq!(ctx.two(false), vec!["ISIL".to_string(), "RUS".to_string()]);
        // A re-mention moves an actor to the end.
        ctx.note("FRA", true);
        assert_eq!(ctx.two(true), vec!["RUS".to_string(), "FRA".to_string()]);
    }
}
