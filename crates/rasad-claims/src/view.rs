//! One body seen as tokens with folded forms, its sentences and mentions,
//! plus phrase matching against the lexicon.

use rasad_doc::{Mention, Participant, Span};
use rasad_text::{fold_word, normalize, tokens, TokenKind};

use crate::data::{Allow, Key, Lexicon, Phrases};

#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    pub fold: String,
}

/// A mention whose offsets were checked against the body.
#[derive(Debug, Clone)]
pub(crate) struct Ment<'m> {
    pub start: usize,
    pub end: usize,
    pub m: &'m Mention,
}

pub(crate) struct View<'a> {
    pub chars: Vec<char>,
    pub toks: Vec<Tok>,
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
}

impl<'a> View<'a> {
    pub fn new(
        body: &str,
        sentences: &[Span],
        mentions: &'a [Mention],
        lex: &'a Lexicon,
    ) -> View<'a> {
        let chars: Vec<char> = body.chars().collect();
        let n = chars.len();
        let toks = tokens(body)
            .into_iter()
            .map(|t| Tok {
                start: t.span.start,
                end: t.span.end,
                kind: t.kind,
                fold: fold_word(&chars[t.span.start..t.span.end].iter().collect::<String>()),
            })
            .collect();
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
            chars,
            toks,
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
        let rest: Vec<String> = self.toks[i + 1..i + len]
            .iter()
            .map(|t| t.fold.clone())
            .collect();
        for (stem, prefix) in self.lex.variants(&self.toks[i].fold, allow) {
            let mut key: Key = Vec::with_capacity(len);
            key.push(stem);
            key.extend(rest.iter().cloned());
            if let Some(value) = ph.map.get(&key) {
                return Some(Hit { value, len, prefix });
            }
        }
        None
    }

    /// Longest phrase starting at token `i`.
    pub fn match_at<'v, V>(
        &self,
        ph: &'v Phrases<V>,
        i: usize,
        allow: Allow,
    ) -> Option<Hit<'v, V>> {
        (1..=ph.max_len)
            .rev()
            .find_map(|len| self.match_len(ph, i, len, allow))
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
