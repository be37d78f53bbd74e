//! One body seen as tokens with folded forms, its sentences and mentions,
//! plus phrase matching against the lexicon.

use rasad_doc::{Mention, Participant, Span};
use std::cell::RefCell;
use std::num::NonZeroU64;
use std::sync::Arc;

use rasad_text::{normalize, tokenized, SpellingMemo, TokenKind, Tokenized, NO_SPELLING};

use crate::data::{Allow, Lexicon, Phrases, Variant};

/// A token with its folded form reduced to what the lists can match: the
/// word id of the whole form and the readings with clitics stripped.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// Word id of the folded token ([`crate::data::NONE`] when it is in no list).
    pub id: u32,
    /// The folded token starts with ال.
    pub al: bool,
    /// The folded token starts with و.
    pub waw: bool,
    /// Its readings: a range of [`View::vars`].
    vars: (u32, u32),
}

/// A mention whose offsets were checked against the body.
#[derive(Debug, Clone)]
pub(crate) struct Ment<'m> {
    pub start: usize,
    pub end: usize,
    pub m: &'m Mention,
}

/// What a view needs of the body alone: its chars and tokens with their
/// readings. Shared by [`Extractor::quotes`](crate::Extractor::quotes) and
/// [`Extractor::claims`](crate::Extractor::claims) on the same body.
#[derive(Debug)]
pub(crate) struct Tokens {
    /// The body's chars and raw tokens (shared with other stages).
    text: Arc<Tokenized>,
    toks: Vec<Tok>,
    /// Readings of every token, side by side.
    vars: Vec<Variant>,
}

/// What a token's spelling gives, whatever the body: its [`Tok`] fields
/// but the span and kind, and its readings as a range of the memo's own
/// reading list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Spelled {
    id: u32,
    al: bool,
    waw: bool,
    vars: (u32, u32),
}

// A [`Spelled`] packed in one nonzero word, so that a memo slot is 8 bytes:
// the memo is read once per token at a random slot, and its size decides
// the cache misses that dominated building the tokens.
const PACK_PRESENT: u64 = 1 << 63;
const PACK_WAW: u64 = 1 << 62;
const PACK_AL: u64 = 1 << 61;
const PACK_COUNT_SHIFT: u32 = 56;
const PACK_COUNT_MAX: u32 = (1 << 5) - 1;
const PACK_START_SHIFT: u32 = 32;
const PACK_START_MAX: u32 = (1 << 24) - 1;

impl Spelled {
    /// `None` when the readings do not fit the packed fields (then the
    /// spelling is analysed afresh each time, like a too-long token).
    fn pack(self) -> Option<NonZeroU64> {
        let count = self.vars.1.checked_sub(self.vars.0)?;
        if count > PACK_COUNT_MAX || self.vars.0 > PACK_START_MAX {
            return None;
        }
        let flag = |b: bool, bit: u64| if b { bit } else { 0 };
        NonZeroU64::new(
            PACK_PRESENT
                | flag(self.waw, PACK_WAW)
                | flag(self.al, PACK_AL)
                | u64::from(count) << PACK_COUNT_SHIFT
                | u64::from(self.vars.0) << PACK_START_SHIFT
                | u64::from(self.id),
        )
    }

    fn unpack(p: NonZeroU64) -> Spelled {
        let p = p.get();
        let start = (p >> PACK_START_SHIFT) as u32 & PACK_START_MAX;
        let count = (p >> PACK_COUNT_SHIFT) as u32 & PACK_COUNT_MAX;
        Spelled {
            id: p as u32,
            al: p & PACK_AL != 0,
            waw: p & PACK_WAW != 0,
            vars: (start, start + count),
        }
    }
}

/// Per thread: the analysis of every spelling seen (folding and clitic
/// readings dominated building a view), with the readings side by side.
#[derive(Default)]
struct Memo {
    spelled: SpellingMemo<NonZeroU64>,
    vars: Vec<Variant>,
}

impl Tokens {
    pub fn new(body: &str, lex: &Lexicon) -> Tokens {
        thread_local! {
            static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
        }
        let text = tokenized(body);
        let (chars, raw) = (&text.chars, &text.tokens);
        let mut toks = Vec::with_capacity(raw.len());
        let mut vars = Vec::with_capacity(raw.len() * 2);
        // One buffer for every folded token: no allocation per token.
        let mut fold = String::new();
        MEMO.with_borrow_mut(|memo| {
            if !memo.spelled.begin(&text, lex.stamp) {
                memo.vars.clear();
            }
            for (k, t) in raw.iter().enumerate() {
                let spelling = text.spellings.get(k).copied().unwrap_or(NO_SPELLING);
                let (s, kept) = match memo.spelled.get(spelling) {
                    Some(p) => (Spelled::unpack(*p), true),
                    None => {
                        fold.clear();
                        lex.folder.fold_into(
                            chars.get(t.span.start..t.span.end).unwrap_or_default(),
                            &mut fold,
                        );
                        let a = memo.vars.len() as u32;
                        lex.word_variants(&fold, &mut memo.vars);
                        let s = Spelled {
                            id: lex.vocab.get(&fold),
                            al: fold.starts_with("ال"),
                            waw: fold.starts_with('و'),
                            vars: (a, memo.vars.len() as u32),
                        };
                        let packed = if spelling == NO_SPELLING {
                            None
                        } else {
                            s.pack()
                        };
                        if let Some(p) = packed {
                            memo.spelled.set(spelling, p);
                        }
                        (s, packed.is_some())
                    }
                };
                let a = vars.len() as u32;
                vars.extend_from_slice(
                    memo.vars
                        .get(s.vars.0 as usize..s.vars.1 as usize)
                        .unwrap_or_default(),
                );
                if !kept {
                    // Not remembered: its readings need not stay.
                    memo.vars.truncate(s.vars.0 as usize);
                }
                toks.push(Tok {
                    start: t.span.start,
                    end: t.span.end,
                    kind: t.kind,
                    id: s.id,
                    al: s.al,
                    waw: s.waw,
                    vars: (a, vars.len() as u32),
                });
            }
        });
        Tokens { text, toks, vars }
    }

    /// The body these tokens were read from.
    pub fn body(&self) -> &str {
        &self.text.body
    }
}

pub(crate) struct View<'a> {
    pub chars: &'a [char],
    pub toks: &'a [Tok],
    vars: &'a [Variant],
    pub sentences: Vec<Span>,
    pub ments: Vec<Ment<'a>>,
    pub lex: &'a Lexicon,
}

/// A phrase match: the value, tokens covered, folded prefix chars stripped
/// from the first token.
pub(crate) struct Hit<'v, V> {
    pub value: &'v V,
    pub len: usize,
    pub prefix: usize,
    /// [`crate::data::Pre`] bits of the stripped prefix.
    pub pre: u8,
}

impl<'a> View<'a> {
    pub fn new(
        tokens: &'a Tokens,
        sentences: &[Span],
        mentions: &'a [Mention],
        lex: &'a Lexicon,
    ) -> View<'a> {
        let n = tokens.text.chars.len();
        // Callers' spans are trusted only once clamped and ordered.
        let mut sentences: Vec<Span> = sentences
            .iter()
            .filter(|s| s.start < s.end && s.end <= n)
            .copied()
            .collect();
        sentences.sort();
        let mut ments: Vec<Ment> = mentions
            .iter()
            .filter(|m| m.start < m.end && m.end <= n)
            .map(|m| Ment {
                start: m.start,
                end: m.end,
                m,
            })
            .collect();
        ments.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        View {
            chars: &tokens.text.chars,
            toks: &tokens.toks,
            vars: &tokens.vars,
            sentences,
            ments,
            lex,
        }
    }

    pub fn slice(&self, start: usize, end: usize) -> String {
        let end = end.min(self.chars.len());
        let start = start.min(end);
        self.chars[start..end].iter().collect()
    }

    /// The sentence containing char `pos`, else a span of the line around it.
    pub fn sentence_at(&self, pos: usize) -> Span {
        let i = self.sentences.partition_point(|s| s.end <= pos);
        if let Some(s) = self.sentences.get(i) {
            if s.start <= pos {
                return *s;
            }
        }
        let n = self.chars.len();
        let pos = pos.min(n);
        let mut a = pos;
        while a > 0 && self.chars[a - 1] != '\n' {
            a -= 1;
        }
        let mut b = pos;
        while b < n && self.chars[b] != '\n' {
            b += 1;
        }
        Span::new(a, b.max(a))
    }

    /// Index of the first token whose end is after `pos`.
    pub fn tok_at(&self, pos: usize) -> usize {
        self.toks.partition_point(|t| t.end <= pos)
    }

    pub fn is_punct(&self, i: usize, set: &[char]) -> bool {
        self.toks.get(i).is_some_and(|t| {
            t.kind == TokenKind::Punct && t.end == t.start + 1 && set.contains(&self.chars[t.start])
        })
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokenKind::Word)
    }

    /// Only whitespace (no line break) between chars `a` and `b`.
    pub fn spaces_only(&self, a: usize, b: usize) -> bool {
        a <= b
            && b <= self.chars.len()
            && self.chars[a..b]
                .iter()
                .all(|c| c.is_whitespace() && *c != '\n')
    }

    /// No line break between chars `a` and `b`.
    pub fn no_break(&self, a: usize, b: usize) -> bool {
        a <= b && b <= self.chars.len() && !self.chars[a..b].contains(&'\n')
    }

    /// Char offset in the body of folded char `k` of token `i`.
    pub fn orig_in_tok(&self, i: usize, k: usize) -> usize {
        let Some(t) = self.toks.get(i) else {
            return self.chars.len();
        };
        if k == 0 {
            return t.start;
        }
        let text: String = self.chars[t.start..t.end].iter().collect();
        let norm = normalize(&text);
        t.start + norm.map.get(k).copied().unwrap_or(t.end - t.start)
    }

    /// The readings of token `i` a lookup with `allow` may take, in order.
    pub fn variants(&self, i: usize, allow: Allow) -> impl Iterator<Item = &Variant> {
        let (a, b) = self.toks.get(i).map_or((0, 0), |t| t.vars);
        self.vars
            .get(a as usize..b as usize)
            .unwrap_or_default()
            .iter()
            .filter(move |v| allow.admits(v.need))
    }

    /// Match a phrase of exactly `len` tokens starting at token `i`.
    pub fn match_len<'v, V>(
        &self,
        ph: &'v Phrases<V>,
        i: usize,
        len: usize,
        allow: Allow,
    ) -> Option<Hit<'v, V>> {
        if len == 0 || i + len > self.toks.len() || len > ph.max_len {
            return None;
        }
        let rest = &self.toks[i + 1..i + len];
        self.variants(i, allow).find_map(|var| {
            let node = rest
                .iter()
                .fold(ph.start(var.stem), |node, t| ph.next(node, t.id));
            ph.value(node).map(|value| Hit {
                value,
                len,
                prefix: usize::from(var.prefix),
                pre: var.pre,
            })
        })
    }

    /// Longest phrase starting at token `i`; for one length, the first
    /// reading that gives it.
    pub fn match_at<'v, V>(
        &self,
        ph: &'v Phrases<V>,
        i: usize,
        allow: Allow,
    ) -> Option<Hit<'v, V>> {
        let n = self.toks.len();
        let mut best: Option<Hit<'v, V>> = None;
        for var in self.variants(i, allow) {
            let mut node = ph.start(var.stem);
            let mut len = 1;
            while len <= ph.max_len {
                if let Some(value) = ph.value(node) {
                    if best.as_ref().is_none_or(|b| b.len < len) {
                        best = Some(Hit {
                            value,
                            len,
                            prefix: usize::from(var.prefix),
                            pre: var.pre,
                        });
                    }
                }
                if i + len >= n {
                    break;
                }
                node = ph.next(node, self.toks[i + len].id);
                if node == crate::data::NONE {
                    break;
                }
                len += 1;
            }
        }
        best
    }

    /// Longest phrase ending just before token `j` (exclusive); returns the
    /// hit and its first token.
    pub fn match_ending<'v, V>(
        &self,
        ph: &'v Phrases<V>,
        j: usize,
        allow: Allow,
    ) -> Option<(Hit<'v, V>, usize)> {
        (1..=ph.max_len.min(j)).rev().find_map(|len| {
            self.match_len(ph, j - len, len, allow)
                .map(|h| (h, j - len))
        })
    }

    /// The mention that starts inside token `i` (after its proclitics).
    pub fn mention_starting_in(&self, i: usize) -> Option<usize> {
        let t = self.toks.get(i)?;
        let k = self.ments.partition_point(|m| m.start < t.start);
        let m = self.ments.get(k)?;
        (m.start < t.end).then_some(k)
    }

    /// A mention covering char `pos`.
    pub fn mention_covering(&self, pos: usize) -> Option<usize> {
        let k = self.ments.partition_point(|m| m.start <= pos);
        (0..k).rev().take(8).find(|&j| self.ments[j].end > pos)
    }

    /// The speaker phrase for mention `k`: a title (ROLE/PERS) directly
    /// followed by a name (PERS) is one phrase, whichever of the two `k` is.
    pub fn participant(&self, k: usize) -> Participant {
        let is_title = |m: &Mention| m.kind == "ROLE" || m.kind == "PERS";
        let adjacent = |a: &Ment, b: &Ment| b.start >= a.end && self.spaces_only(a.end, b.start);
        let (mut first, mut last) = (k, k);
        if let Some(next) = self.ments.get(k + 1) {
            let cur = &self.ments[k];
            if next.m.kind == "PERS" && is_title(cur.m) && adjacent(cur, next) {
                last = k + 1;
            }
        }
        if first == last && k > 0 {
            let (prev, cur) = (&self.ments[k - 1], &self.ments[k]);
            if cur.m.kind == "PERS" && is_title(prev.m) && adjacent(prev, cur) {
                first = k - 1;
            }
        }
        let (a, b) = (&self.ments[first], &self.ments[last]);
        // The name carries the person and its actor; the title its role.
        Participant {
            text: self.slice(a.start, b.end),
            start: a.start,
            end: b.end,
            actor: b.m.actor.clone().or_else(|| a.m.actor.clone()),
            agent: a.m.agent.clone().or_else(|| b.m.agent.clone()),
            person: b.m.person.clone().or_else(|| a.m.person.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A packed analysis unpacks to itself; one that does not fit is not packed.
    #[test]
    fn spelled_packs_losslessly() {
        for s in [
            Spelled {
                id: crate::data::NONE,
                al: true,
                waw: false,
                vars: (PACK_START_MAX, PACK_START_MAX + PACK_COUNT_MAX),
            },
            Spelled {
                id: 0,
                al: false,
                waw: true,
                vars: (7, 7),
            },
        ] {
            assert_eq!(s.pack().map(Spelled::unpack), Some(s));
        }
        let wide = Spelled {
            id: 1,
            al: false,
            waw: false,
            vars: (0, PACK_COUNT_MAX + 1),
        };
        assert_eq!(wide.pack(), None);
        let far = Spelled {
            vars: (PACK_START_MAX + 1, PACK_START_MAX + 1),
            ..wide
        };
        assert_eq!(far.pack(), None);
    }

    /// Tokens served from the per-spelling memo are those computed afresh,
    /// whatever body the spellings were first seen in.
    #[test]
    fn remembered_spellings_give_the_same_tokens() {
        let lex = Lexicon::load_embedded().unwrap();
        let a = "قال الوزير إن ثلاثة آلاف شخص وصلوا، وقال مسؤول آخر إنهم أقل.";
        let b = "وقال الوزير إن ثلاثة مسؤولين وصلوا.";
        let show = |t: &Tokens| format!("{:?} {:?}", t.toks, t.vars);
        let first = show(&Tokens::new(a, &lex));
        // Another body in between, then `a` again: every spelling is now remembered.
        let other = show(&Tokens::new(b, &lex));
        assert_eq!(show(&Tokens::new(a, &lex)), first);
        // A fresh lexicon (new identity) computes the same tokens again.
        let lex2 = Lexicon::load_embedded().unwrap();
        assert_ne!(lex.stamp, lex2.stamp);
        assert_eq!(show(&Tokens::new(b, &lex2)), other);
        assert!(Tokens::new(a, &lex)
            .toks
            .iter()
            .any(|t| t.id != crate::data::NONE));
    }
}
