//! Words of a sentence as the coder sees them: folded forms, analyses,
//! cue classes (cached per thread by written form), mention links and
//! clause numbers. Everything here is per word or per token; nothing
//! decides about events.

use std::cell::RefCell;
use std::ops::Deref;
use std::rc::Rc;

use rasad_doc::{Mention, Span};
use rasad_text::{SpellingMemo, TokenKind, Tokenized, NO_SPELLING};

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

/// Word analyses: by rasad-text spelling id for the tokens of the thread's
/// shared tokenisation (an index, no hashing), by chars for others.
#[derive(Default)]
struct WordCache {
    spelled: SpellingMemo<Rc<Analysed>>,
    long: WordMap<Box<[char]>, Rc<Analysed>>,
    /// Per-sentence scratch (first-pass hits), kept between sentences so
    /// a sentence allocates only its tokens.
    hits: Vec<Option<Rc<Analysed>>>,
}

/// Distinct words kept in the per-thread map by chars before it is
/// emptied (the spelling memo is bounded by rasad-text's generations).
const WORD_CACHE_MAX: usize = 200_000;

/// The owner of the spelling memo's answers: analyses depend only on the
/// word and on the trigger lexicon, which every `Coder` loads from the
/// same embedded data, so every coder shares them.
const MEMO_OWNER: u64 = 0;

thread_local! {
    /// Word analyses by written form. Sharing them across coders and
    /// documents is exact (see `MEMO_OWNER`).
    static WORDS: RefCell<WordCache> = RefCell::new(WordCache::default());
}

impl Coder {
    /// Tokens of a sentence with folds, analyses, clauses and mentions.
    /// `spelled`: the thread's shared tokenisation the tokens are a slice
    /// of, and the index of the first, when they are (their analyses are
    /// then remembered by spelling id).
    pub(crate) fn tokens(
        &self,
        chars: &[char],
        raw: &[rasad_text::Token],
        mentions: &[Mention],
        ms: &[usize],
        spelled: Option<(&Tokenized, usize)>,
    ) -> Vec<Tok> {
        let known = |k: &str| self.lex.known.contains(k);
        let mut out: Vec<Tok> = Vec::with_capacity(raw.len());
        let mut text = String::new();
        WORDS.with_borrow_mut(|cache| {
            // Bounded: a long-running process sees an open vocabulary.
            if cache.long.len() > WORD_CACHE_MAX {
                cache.long = WordMap::default();
            }
            let ids = spelled.and_then(|(tz, k)| {
                cache.spelled.begin(tz, MEMO_OWNER);
                tz.spellings.get(k..k.checked_add(raw.len())?)
            });
            let id_of = |i: usize| {
                ids.and_then(|ids| ids.get(i).copied())
                    .unwrap_or(NO_SPELLING)
            };
            let span = |t: &rasad_text::Token| chars.get(t.span.start..t.span.end).unwrap_or(&[]);
            // The cached analysis of token `i`, if it was analysed as the
            // same kind.
            let get = |cache: &WordCache, i: usize, t: &rasad_text::Token| {
                let id = id_of(i);
                let hit = if id == NO_SPELLING {
                    cache.long.get(span(t))
                } else {
                    cache.spelled.get(id)
                };
                hit.filter(|w| w.analysed == (t.kind == TokenKind::Word))
                    .cloned()
            };
            // Every hit's analysis loaded first: their misses overlap.
            let mut hits = std::mem::take(&mut cache.hits);
            hits.clear();
            hits.extend(raw.iter().enumerate().map(|(i, t)| get(cache, i, t)));
            for (i, (t, hit)) in raw.iter().zip(hits.drain(..)).enumerate() {
                let key = span(t);
                let word = t.kind == TokenKind::Word;
                // A word first seen earlier in this sentence is cached now.
                let hit = hit.or_else(|| get(cache, i, t));
                let w = match hit {
                    Some(w) => w,
                    None => {
                        text.clear();
                        text.extend(key);
                        let w = Rc::new(self.analyse(&text, key, word, &known));
                        let id = id_of(i);
                        if id == NO_SPELLING {
                            cache.long.insert(key.into(), w.clone());
                        } else if cache.spelled.get(id).is_none() {
                            cache.spelled.set(id, w.clone());
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

    /// What the coder knows about written word `text` (its `chars`;
    /// analysed as an Arabic word when `word`).
    fn analyse(
        &self,
        text: &str,
        chars: &[char],
        word: bool,
        known: &dyn Fn(&str) -> bool,
    ) -> Analysed {
        // `fold_word` by table (the same result, see `Folder`).
        let mut fold = String::with_capacity(text.len());
        self.folder.fold_into(chars, &mut fold);
        let bare = strip_conj(&fold);
        let (stems, encs): (Vec<_>, Vec<_>) = if word {
            rasad_text::analyses(text, known)
                .into_iter()
                .map(|a| {
                    (
                        (
                            a.stem_key,
                            a.proclitics.into_iter().map(|c| c.form).collect(),
                        ),
                        a.enclitics.into_iter().next().map(|c| c.form),
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
        Analysed {
            fold,
            bare,
            cues,
            seq_first,
            trig,
            stems,
            encs,
            analysed: word,
            ethnic,
        }
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
    // More than two chars, the first و or ف.
    match fold.strip_prefix(['و', 'ف']) {
        Some(rest) if rest.chars().nth(1).is_some() => rest.to_string(),
        _ => fold.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

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
        let fresh = view(&coder.tokens(&chars, &raw, &[], &[], None));
        let cached = view(&coder.tokens(&chars, &raw, &[], &[], None));
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
        let toks = coder.tokens(&chars, &raw, &[], &[], None);
        for t in &toks {
            assert_eq!(t.ethnic, coder.attr.ethnic.contains_key(t.bare.as_str()));
        }
        let kurd: Vec<char> = "وقال الأكراد إن القصف مستمر.".chars().collect();
        let kraw = rasad_text::tokenize_chars(&kurd);
        let ktoks = coder.tokens(&kurd, &kraw, &[], &[], None);
        for t in &ktoks {
            assert_eq!(t.ethnic, coder.attr.ethnic.contains_key(t.bare.as_str()));
        }
        assert!(ktoks.iter().any(|t| t.ethnic));
        assert!(!toks.iter().any(|t| t.ethnic));
        // Remembered by spelling id (a sentence from its second token on,
        // then again): the same words.
        let tz = rasad_text::tokenized(text);
        let skip = 1;
        let by_id =
            |_| view(&coder.tokens(&tz.chars, &tz.tokens[skip..], &[], &[], Some((&tz, skip))));
        let first = by_id(0);
        assert_eq!(first, by_id(1));
        let by_chars = view(&coder.tokens(&tz.chars, &tz.tokens[skip..], &[], &[], None));
        assert_eq!(first, by_chars);
    }
}
