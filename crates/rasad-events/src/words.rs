//! Words of a sentence as the coder sees them: folded forms, analyses,
//! cue classes (cached per thread by written form), mention links and
//! clause numbers. Everything here is per word or per token; nothing
//! decides about events.

use std::cell::RefCell;
use std::hash::BuildHasher;
use std::ops::Deref;
use std::rc::Rc;

use rasad_doc::{Mention, Span};
use rasad_text::TokenKind;

use crate::{Coder, Cue, BOUNDARY_PUNCT};

/// One token of a sentence, with everything the chunker asks about it.
/// The word-level facts (`fold`, `bare`, `stems`, `encs`, `cues`,
/// `seq_first`) live in the shared `Analysed` of its written form and read
/// as fields of the token through `Deref`: building a token costs one
/// reference count, not copies of strings.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub(crate) span: Span,
    pub(crate) kind: TokenKind,
    /// What the word is, whatever its sentence.
    word: Rc<Analysed>,
    /// Clause number within the sentence.
    pub(crate) clause: usize,
    /// Index of the mention starting in this token, if any.
    pub(crate) mention: Option<usize>,
    /// Index of a mention covering this token.
    pub(crate) inside: Option<usize>,
}

impl Tok {
    pub(crate) fn is_word(&self) -> bool {
        matches!(self.kind, TokenKind::Word | TokenKind::Latin)
    }
}

impl Deref for Tok {
    type Target = Analysed;
    fn deref(&self) -> &Analysed {
        &self.word
    }
}

/// What the coder knows about one written word, whatever its sentence:
/// computed once per thread and shared by every token of the word.
/// `repr(C)`, masks first: what every token is asked about (cue bits,
/// trigger flag, fold) sits next to the reference counts, in the cache line
/// that building the token already brought in.
#[derive(Debug)]
#[repr(C)]
pub(crate) struct Analysed {
    /// Single-word cue classes of the word (`cue_bit`).
    pub(crate) cues: u64,
    /// Classes of multi-word cues the word can open.
    pub(crate) seq_first: u64,
    /// Some analysis's stem opens a trigger entry (`Lexicon::first`).
    pub(crate) trig: bool,
    /// Analysed as an Arabic word (a token of kind `Word`).
    analysed: bool,
    /// `bare` is an ethnic word (`attribution.tsv`): the per-sentence scan
    /// for one hashes only these.
    pub(crate) ethnic: bool,
    /// Folded word.
    pub(crate) fold: String,
    /// Folded word without a leading و/ف.
    pub(crate) bare: String,
    /// Analyses: folded stem and proclitic forms.
    pub(crate) stems: Vec<(String, Vec<String>)>,
    /// Pronoun suffix of each analysis in `stems` (same order).
    pub(crate) encs: Vec<Option<String>>,
}

/// Hash map / set keyed by words: the workspace's Fx hasher, whose final
/// mix spreads Arabic UTF-8 keys over the buckets.
pub type WordMap<K, V> = rasad_text::fx::FxMap<K, V>;
pub type WordSet<K> = rasad_text::fx::FxHashSet<K>;

// Every cue class needs a bit of the u64 mask (`Site` is the last).
const _: () = assert!((Cue::Site as u32) < 64);

/// The bit of a cue class in a word's cue mask.
pub(crate) fn cue_bit(c: Cue) -> u64 {
    1u64 << (c as u32)
}

/// A word of at most `SHORT` chars, all in the BMP, stored inline: the
/// common case compares keys without following a pointer.
const SHORT: usize = 11;

#[derive(PartialEq, Eq, Hash)]
struct ShortKey {
    len: u16,
    cs: [u16; SHORT],
}

impl ShortKey {
    fn new(chars: &[char]) -> Option<ShortKey> {
        if chars.len() > SHORT {
            return None;
        }
        let mut cs = [0u16; SHORT];
        for (d, &c) in cs.iter_mut().zip(chars) {
            *d = u16::try_from(u32::from(c)).ok()?;
        }
        Some(ShortKey {
            len: chars.len() as u16,
            cs,
        })
    }
}

impl ShortKey {
    fn empty() -> ShortKey {
        ShortKey {
            len: 0,
            cs: [0; SHORT],
        }
    }
}

/// Short words' analyses: an open-addressing table (linear probing, at
/// most three quarters full) whose home slots a sentence loads all at once
/// (`touch`), so the cache misses of its words overlap instead of
/// queueing one after the other.
#[derive(Default)]
struct ShortTable {
    slots: Vec<Slot>,
    len: usize,
}

struct Slot {
    hash: u64,
    key: ShortKey,
    /// `None`: an empty slot.
    val: Option<Rc<Analysed>>,
}

impl ShortTable {
    fn mask(&self) -> usize {
        self.slots.len().wrapping_sub(1)
    }

    /// Loads the home slot of `hash`; the value means nothing.
    fn touch(&self, hash: u64) -> u64 {
        self.slots
            .get(hash as usize & self.mask())
            .map_or(0, |s| s.hash)
    }

    fn get(&self, hash: u64, key: &ShortKey) -> Option<&Rc<Analysed>> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.mask();
        let mut i = hash as usize & mask;
        // Ends: the table always has an empty slot.
        loop {
            let s = &self.slots[i];
            match &s.val {
                None => return None,
                Some(v) if s.hash == hash && s.key == *key => return Some(v),
                Some(_) => i = (i + 1) & mask,
            }
        }
    }

    fn insert(&mut self, hash: u64, key: ShortKey, val: Rc<Analysed>) {
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            self.grow();
        }
        let mask = self.mask();
        let mut i = hash as usize & mask;
        loop {
            let s = &mut self.slots[i];
            match &s.val {
                None => {
                    *s = Slot {
                        hash,
                        key,
                        val: Some(val),
                    };
                    self.len += 1;
                    return;
                }
                Some(_) if s.hash == hash && s.key == key => {
                    s.val = Some(val);
                    return;
                }
                Some(_) => i = (i + 1) & mask,
            }
        }
    }

    fn grow(&mut self) {
        let cap = (self.slots.len() * 2).max(1024);
        let empty = || Slot {
            hash: 0,
            key: ShortKey::empty(),
            val: None,
        };
        let old = std::mem::replace(&mut self.slots, (0..cap).map(|_| empty()).collect());
        self.len = 0;
        for s in old {
            if let Some(v) = s.val {
                self.insert(s.hash, s.key, v);
            }
        }
    }
}

/// Word analyses by written form: short words inline, others by their
/// chars.
#[derive(Default)]
struct WordCache {
    short: ShortTable,
    long: WordMap<Box<[char]>, Rc<Analysed>>,
    /// Per-sentence scratch (short keys, first-pass hits), kept between
    /// sentences so a sentence allocates only its tokens.
    keys: Vec<Option<(ShortKey, u64)>>,
    hits: Vec<Option<Rc<Analysed>>>,
}

impl WordCache {
    /// The cached analysis of a token, if it was analysed as the same kind.
    fn get(
        &self,
        key: &[char],
        short: Option<&(ShortKey, u64)>,
        word: bool,
    ) -> Option<Rc<Analysed>> {
        let hit = match short {
            Some((k, h)) => self.short.get(*h, k),
            None => self.long.get(key),
        };
        hit.filter(|w| w.analysed == word).cloned()
    }
}

/// Distinct words kept in the per-thread cache before it is emptied.
const WORD_CACHE_MAX: usize = 200_000;

thread_local! {
    /// Word analyses by written form. The analyses depend only on the word
    /// and on the trigger lexicon, which every `Coder` loads from the same
    /// embedded data, so sharing them across coders and documents is exact.
    /// Keyed by the word's chars, so a token is looked up without
    /// building a string.
    static WORDS: RefCell<WordCache> = RefCell::new(WordCache::default());
}

impl Coder {
    /// Tokens of a sentence with folds, analyses, clauses and mentions.
    pub(crate) fn tokens(
        &self,
        chars: &[char],
        raw: &[rasad_text::Token],
        mentions: &[Mention],
        ms: &[usize],
    ) -> Vec<Tok> {
        let known = |k: &str| self.lex.known.contains(k);
        let mut out: Vec<Tok> = Vec::with_capacity(raw.len());
        let mut text = String::new();
        WORDS.with_borrow_mut(|cache| {
            // Bounded: a long-running process sees an open vocabulary.
            if cache.short.len + cache.long.len() > WORD_CACHE_MAX {
                *cache = WordCache::default();
            }
            let build = rasad_text::fx::FxBuild::default();
            let span = |t: &rasad_text::Token| chars.get(t.span.start..t.span.end).unwrap_or(&[]);
            let mut keys = std::mem::take(&mut cache.keys);
            keys.clear();
            keys.extend(raw.iter().map(|t| {
                ShortKey::new(span(t)).map(|k| {
                    let h = build.hash_one(&k);
                    (k, h)
                })
            }));
            // Independent loads of every home slot, then of every hit's
            // analysis: their misses overlap.
            let mut sink = 0;
            for (_, h) in keys.iter().flatten() {
                sink ^= cache.short.touch(*h);
            }
            std::hint::black_box(sink);
            let mut hits = std::mem::take(&mut cache.hits);
            hits.clear();
            hits.extend(
                raw.iter()
                    .zip(&keys)
                    .map(|(t, k)| cache.get(span(t), k.as_ref(), t.kind == TokenKind::Word)),
            );
            for ((t, k), hit) in raw.iter().zip(keys.drain(..)).zip(hits.drain(..)) {
                let key = span(t);
                let word = t.kind == TokenKind::Word;
                // A word first seen earlier in this sentence is cached now.
                let hit = hit.or_else(|| cache.get(key, k.as_ref(), word));
                let w = match hit {
                    Some(w) => w,
                    None => {
                        text.clear();
                        text.extend(key);
                        let fold = rasad_text::fold_word(&text);
                        let bare = strip_conj(&fold);
                        let (stems, encs): (Vec<_>, Vec<_>) = if word {
                            rasad_text::analyses(&text, &known)
                                .into_iter()
                                .map(|a| {
                                    (
                                        (
                                            a.stem_key.clone(),
                                            a.proclitics.iter().map(|c| c.form.clone()).collect(),
                                        ),
                                        a.enclitics.first().map(|c| c.form.clone()),
                                    )
                                })
                                .unzip()
                        } else {
                            (Vec::new(), Vec::new())
                        };
                        let cues = self.cue_mask(&fold, &bare, &stems);
                        let seq_first = self.seq_mask(&fold, &bare);
                        let trig = stems.iter().any(|(s, _)| self.lex.first.contains_key(s));
                        let ethnic = self.attr.ethnic.contains_key(bare.as_str());
                        let w = Rc::new(Analysed {
                            fold,
                            bare,
                            cues,
                            seq_first,
                            trig,
                            stems,
                            encs,
                            analysed: word,
                            ethnic,
                        });
                        match k {
                            Some((k, h)) => cache.short.insert(h, k, w.clone()),
                            None => {
                                cache.long.insert(key.into(), w.clone());
                            }
                        }
                        w
                    }
                };
                out.push(Tok {
                    span: t.span,
                    kind: t.kind,
                    word: w,
                    clause: 0,
                    mention: None,
                    inside: None,
                });
            }
            cache.keys = keys;
            cache.hits = hits;
        });
        // Mentions → tokens.
        for &mi in ms {
            let m = &mentions[mi];
            let mut first = true;
            for t in out.iter_mut() {
                if t.span.end > m.start && t.span.start < m.end {
                    if first {
                        t.mention = Some(mi);
                        first = false;
                    }
                    t.inside = Some(mi);
                }
            }
        }
        // Clauses: a boundary punctuation or word opens a new clause, except
        // inside a mention (a name may contain a comma-less boundary word).
        let mut clause = 0;
        for i in 0..out.len() {
            let t = &out[i];
            // A hyphen is a dash (boundary) only between spaces: «جان-إيف»
            // and «الروسي-الفرنسي» are one phrase. (A closure: only
            // punctuation reads its string.)
            let dash = || {
                t.fold.chars().all(|c| c == '-' || c == '–' || c == '—')
                    && t.span.start > 0
                    && chars
                        .get(t.span.start - 1)
                        .is_some_and(|c| c.is_whitespace())
                    && chars.get(t.span.end).is_some_and(|c| c.is_whitespace())
            };
            let boundary = (t.kind == TokenKind::Punct
                && t.inside.is_none()
                && (dash() || t.fold.chars().all(|c| BOUNDARY_PUNCT.contains(&c))))
                || (t.inside.is_none() && self.cue_at(&out, i, Cue::Boundary));
            if boundary && i > 0 {
                clause += 1;
            }
            out[i].clause = clause;
        }
        out
    }

    /// Whether token `i` is a cue of `class` (single-word cues; verbs via
    /// analyses so clitics may be attached).
    pub(crate) fn cue_at(&self, toks: &[Tok], i: usize, class: Cue) -> bool {
        toks.get(i)
            .is_some_and(|t| t.is_word() && t.cues & cue_bit(class) != 0)
    }

    /// The cue classes a word is a single-word cue of: by its folded form,
    /// without و/ف, or by an analysis whose only proclitics are و/ف/س (so
    /// verbs may carry them).
    pub(crate) fn cue_mask(&self, fold: &str, bare: &str, stems: &[(String, Vec<String>)]) -> u64 {
        let mut mask = 0;
        let mut add = |w: &str| {
            if let Some(v) = self.lex.cue_words.get(w) {
                for (c, _) in v {
                    mask |= cue_bit(*c);
                }
            }
        };
        add(fold);
        add(bare);
        for (s, pro) in stems {
            if pro.iter().all(|c| c == "و" || c == "ف" || c == "س") {
                add(s);
            }
        }
        mask
    }

    /// The cue classes a word can open a multi-word cue of.
    pub(crate) fn seq_mask(&self, fold: &str, bare: &str) -> u64 {
        self.seq_first.get(fold).copied().unwrap_or(0)
            | self.seq_first.get(bare).copied().unwrap_or(0)
    }

    /// Whether a cue of `class` (single or multi-word) starts in `[a, b)`.
    pub(crate) fn any_cue(&self, toks: &[Tok], a: usize, b: usize, class: Cue) -> bool {
        let b = b.min(toks.len());
        for i in a..b {
            if self.cue_at(toks, i, class) {
                return true;
            }
        }
        let bit = cue_bit(class);
        if !toks[a.min(b)..b].iter().any(|t| t.seq_first & bit != 0) {
            return false;
        }
        for &ci in &self.lex.cue_seqs {
            let c = &self.lex.cues[ci];
            if c.class != class {
                continue;
            }
            for i in a..b {
                if toks[i].seq_first & bit != 0
                    && c.words.iter().enumerate().all(|(k, set)| {
                        toks.get(i + k)
                            .is_some_and(|t| set.contains(&*t.fold) || set.contains(&*t.bare))
                    })
                {
                    return true;
                }
            }
        }
        false
    }
}

pub(crate) fn strip_conj(fold: &str) -> String {
    let n = fold.chars().count();
    if n > 2 && (fold.starts_with('و') || fold.starts_with('ف')) {
        fold.chars().skip(1).collect()
    } else {
        fold.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_keys_only_for_short_bmp_words() {
        let w: Vec<char> = "والمتظاهرين".chars().collect();
        assert_eq!(w.len(), 11);
        assert!(ShortKey::new(&w).is_some());
        let longer: Vec<char> = "والمتظاهرينَ".chars().collect();
        assert!(ShortKey::new(&longer).is_none());
        assert!(ShortKey::new(&['a', '😀']).is_none());
        // A trailing NUL is another word, not the same padded key.
        assert!(ShortKey::new(&['ب']) != ShortKey::new(&['ب', '\0']));
    }

    #[test]
    fn short_table_finds_what_it_holds_across_growth() {
        let build = rasad_text::fx::FxBuild::default();
        let letters: Vec<char> = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي".chars().collect();
        let words: Vec<Vec<char>> = letters
            .iter()
            .flat_map(|&a| letters.iter().map(move |&b| vec!['و', a, b]))
            .collect();
        let analysed = |w: &[char]| {
            Rc::new(Analysed {
                cues: 0,
                seq_first: 0,
                trig: false,
                analysed: true,
                ethnic: false,
                fold: w.iter().collect(),
                bare: String::new(),
                stems: Vec::new(),
                encs: Vec::new(),
            })
        };
        let mut t = ShortTable::default();
        for w in &words {
            let k = ShortKey::new(w).expect("short");
            let h = build.hash_one(&k);
            assert!(t.get(h, &k).is_none());
            t.insert(h, k, analysed(w));
        }
        assert_eq!(t.len, words.len());
        assert!(t.slots.len() * 3 >= 4 * words.len());
        for w in &words {
            let k = ShortKey::new(w).expect("short");
            let h = build.hash_one(&k);
            let got = t.get(h, &k).map(|a| a.fold.clone());
            assert_eq!(got, Some(w.iter().collect::<String>()));
        }
        // Re-inserting a word replaces its entry.
        let k = ShortKey::new(&words[0]).expect("short");
        let h = build.hash_one(&k);
        t.insert(h, k, analysed(&['x']));
        assert_eq!(t.len, words.len());
        let k = ShortKey::new(&words[0]).expect("short");
        assert_eq!(t.get(h, &k).map(|a| a.fold.as_str()), Some("x"));
        let absent = ShortKey::new(&['ق', 'ق', 'ق', 'ق']).expect("short");
        assert!(t.get(build.hash_one(&absent), &absent).is_none());
    }

    #[test]
    fn word_hasher_spreads_arabic_words_over_low_bits() {
        // Plain Fx puts these UTF-8 words into 1,024 of 4,096 buckets
        // (64 without the article), chars into nearly all.
        let letters: Vec<char> = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي".chars().collect();
        let build = rasad_text::fx::FxBuild::default();
        for article in ["ال", ""] {
            let mut as_str = std::collections::HashSet::new();
            let mut as_chars = std::collections::HashSet::new();
            for &a in &letters {
                for &b in &letters {
                    for &c in &letters {
                        let w = format!("{article}{a}{b}{c}");
                        as_str.insert(build.hash_one(w.as_str()) & 0xfff);
                        let cs: Vec<char> = w.chars().collect();
                        as_chars.insert(build.hash_one(&cs[..]) & 0xfff);
                    }
                }
            }
            // Random hashes of 21,952 words use ~4,077 of the buckets.
            assert!(as_str.len() > 4_000, "{} buckets used", as_str.len());
            assert!(as_chars.len() > 4_000, "{} buckets used", as_chars.len());
        }
    }

    #[test]
    fn cached_tokens_match_fresh_analysis() {
        let coder = Coder::new().expect("embedded data loads");
        let text = "وقصفت الطائرات مواقع المسلحين، وقال المتحدث إن القصف مستمر.";
        let chars: Vec<char> = text.chars().collect();
        let raw = rasad_text::tokenize_chars(&chars);
        let view = |toks: &[Tok]| -> Vec<_> {
            toks.iter()
                .map(|t| {
                    (
                        t.fold.clone(),
                        t.bare.clone(),
                        t.stems.clone(),
                        t.encs.clone(),
                        t.cues,
                        t.seq_first,
                        t.trig,
                        t.clause,
                    )
                })
                .collect()
        };
        WORDS.with_borrow_mut(|c| *c = WordCache::default());
        let fresh = view(&coder.tokens(&chars, &raw, &[], &[]));
        let cached = view(&coder.tokens(&chars, &raw, &[], &[]));
        assert_eq!(fresh, cached);
        assert_eq!(fresh.len(), raw.len());
        assert_eq!(fresh[0].0, "وقصفت");
        assert_eq!(fresh[0].1, "قصفت");
        // The comma opens a later clause.
        assert_eq!(fresh[0].7, 0);
        assert!(fresh.last().is_some_and(|t| t.7 >= 1));
        // قصف is a trigger stem.
        assert!(fresh[0].6);
        // The cached ethnic flag says what the attribution table says.
        let toks = coder.tokens(&chars, &raw, &[], &[]);
        for t in &toks {
            assert_eq!(t.ethnic, coder.attr.ethnic.contains_key(t.bare.as_str()));
        }
        let kurd: Vec<char> = "وقال الأكراد إن القصف مستمر.".chars().collect();
        let kraw = rasad_text::tokenize_chars(&kurd);
        let ktoks = coder.tokens(&kurd, &kraw, &[], &[]);
        for t in &ktoks {
            assert_eq!(t.ethnic, coder.attr.ethnic.contains_key(t.bare.as_str()));
        }
        assert!(ktoks.iter().any(|t| t.ethnic));
        assert!(!toks.iter().any(|t| t.ethnic));
    }
}
