//! Words of a sentence as the coder sees them: folded forms, analyses,
//! cue classes (cached per thread by written form), mention links and
//! clause numbers. Everything here is per word or per token; nothing
//! decides about events.

use std::cell::RefCell;
use std::rc::Rc;

use rasad_doc::{Mention, Span};
use rasad_text::fx::FxHashMap;
use rasad_text::TokenKind;

use crate::{Coder, Cue, BOUNDARY_PUNCT};

/// One token of a sentence, with everything the chunker asks about it.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub(crate) span: Span,
    /// Folded word.
    pub(crate) fold: String,
    /// Folded word without a leading و/ف.
    pub(crate) bare: String,
    pub(crate) kind: TokenKind,
    /// Analyses: folded stem and proclitic forms (shared with the
    /// per-thread word cache).
    pub(crate) stems: Rc<[(String, Vec<String>)]>,
    /// Pronoun suffix of each analysis in `stems` (same order).
    pub(crate) encs: Rc<[Option<String>]>,
    /// Single-word cue classes of the word (`cue_bit`).
    pub(crate) cues: u64,
    /// Classes of multi-word cues the word can open.
    pub(crate) seq_first: u64,
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

/// What the coder knows about one written word, whatever its sentence:
/// computed once per thread and shared.
struct Analysed {
    fold: String,
    bare: String,
    stems: Rc<[(String, Vec<String>)]>,
    encs: Rc<[Option<String>]>,
    /// Analysed as an Arabic word (a token of kind `Word`).
    analysed: bool,
    /// Single-word cue classes of the word (`cue_bit`).
    cues: u64,
    /// Classes of multi-word cues the word can open.
    seq_first: u64,
}

// Every cue class needs a bit of the u64 mask (`Site` is the last).
const _: () = assert!((Cue::Site as u32) < 64);

/// The bit of a cue class in a word's cue mask.
pub(crate) fn cue_bit(c: Cue) -> u64 {
    1u64 << (c as u32)
}

/// Distinct words kept in the per-thread cache before it is emptied.
const WORD_CACHE_MAX: usize = 200_000;

thread_local! {
    /// Word analyses by written form. The analyses depend only on the word
    /// and on the trigger lexicon, which every `Coder` loads from the same
    /// embedded data, so sharing them across coders and documents is exact.
    static WORDS: RefCell<FxHashMap<String, Rc<Analysed>>> = RefCell::new(FxHashMap::default());
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
            if cache.len() > WORD_CACHE_MAX {
                cache.clear();
            }
            for t in raw {
                text.clear();
                text.extend(chars.get(t.span.start..t.span.end).unwrap_or(&[]));
                let word = t.kind == TokenKind::Word;
                let w = match cache.get(text.as_str()) {
                    Some(w) if w.analysed == word => w.clone(),
                    _ => {
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
                        let w = Rc::new(Analysed {
                            fold,
                            bare,
                            cues,
                            seq_first,
                            stems: stems.into(),
                            encs: encs.into(),
                            analysed: word,
                        });
                        cache.insert(text.clone(), w.clone());
                        w
                    }
                };
                out.push(Tok {
                    span: t.span,
                    fold: w.fold.clone(),
                    bare: w.bare.clone(),
                    kind: t.kind,
                    stems: w.stems.clone(),
                    encs: w.encs.clone(),
                    cues: w.cues,
                    seq_first: w.seq_first,
                    clause: 0,
                    mention: None,
                    inside: None,
                });
            }
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
            // and «الروسي-الفرنسي» are one phrase.
            let dash = t.fold.chars().all(|c| c == '-' || c == '–' || c == '—')
                && t.span.start > 0
                && chars
                    .get(t.span.start - 1)
                    .is_some_and(|c| c.is_whitespace())
                && chars.get(t.span.end).is_some_and(|c| c.is_whitespace());
            let boundary = (t.kind == TokenKind::Punct
                && t.inside.is_none()
                && (dash || t.fold.chars().all(|c| BOUNDARY_PUNCT.contains(&c))))
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
                            .is_some_and(|t| set.contains(&t.fold) || set.contains(&t.bare))
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
