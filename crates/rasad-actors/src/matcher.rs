//! Longest-match alias finding over token sequences.
//!
//! Aliases are stored in a trie of canonical tokens. Each text token has a
//! few readings (clitics stripped, see [`crate::fold::readings`]); at each
//! position the matcher walks the trie over every reading and keeps the
//! longest alias, preferring the reading that stripped least. Matching is
//! left to right and non-overlapping, and never crosses punctuation.

use std::ops::Range;

use crate::fold::is_token_char;
use crate::vocab::{Analysis, FxHashMap, Vocab};
use crate::{Ambiguity, Catalogue, Entry, Kind};

/// Alias trie keyed by interned canonical tokens.
#[derive(Debug, Clone)]
pub(crate) struct Trie {
    vocab: Vocab,
    /// (node << 32 | token id) → child node, below the root.
    edges: FxHashMap<u64, u32>,
    /// Root children by token id (`NONE`: no alias starts with it); every
    /// text token is tried at the root, so that step is a plain index.
    root: Vec<u32>,
    /// The canonical key ending at each node, when an alias does.
    keys: Vec<Option<Box<str>>>,
}

impl Default for Trie {
    fn default() -> Self {
        Trie {
            vocab: Vocab::new(),
            edges: FxHashMap::default(),
            root: Vec::new(),
            keys: vec![None],
        }
    }
}

const NONE: u32 = u32::MAX;

#[inline]
fn edge(node: usize, tok: u32) -> u64 {
    ((node as u64) << 32) | tok as u64
}

impl Trie {
    pub(crate) fn insert(&mut self, key: &str) {
        let mut at = 0;
        for tok in key.split(' ') {
            let id = self.vocab.intern(tok);
            let next = self.keys.len();
            at = if at == 0 {
                if self.root.len() <= id as usize {
                    self.root.resize(id as usize + 1, NONE);
                }
                let slot = &mut self.root[id as usize];
                if *slot == NONE {
                    *slot = next as u32;
                }
                *slot as usize
            } else {
                *self.edges.entry(edge(at, id)).or_insert(next as u32) as usize
            };
            if at == next {
                self.keys.push(None);
            }
        }
        if let Some(k) = self.keys.get_mut(at) {
            *k = Some(key.into());
        }
    }

    pub(crate) fn vocab(&self) -> &Vocab {
        &self.vocab
    }

    #[inline]
    fn child(&self, node: usize, tok: u32) -> Option<usize> {
        if node == 0 {
            return self
                .root
                .get(tok as usize)
                .filter(|&&n| n != NONE)
                .map(|&n| n as usize);
        }
        self.edges.get(&edge(node, tok)).map(|&n| n as usize)
    }

    fn key(&self, node: usize) -> Option<&str> {
        self.keys.get(node)?.as_deref()
    }
}

/// One alias found in text.
#[derive(Debug, Clone)]
pub struct Match<'c> {
    /// Token indices `[start, end)` of the match.
    pub tokens: Range<usize>,
    /// Char offsets `[start, end)` into the text given to [`Matcher::find`]
    /// (for [`Matcher::find_tokens`]: into the tokens joined by one space).
    pub start: usize,
    pub end: usize,
    /// The canonical key that matched.
    pub key: String,
    /// All readings, best first: strong before weak, the ambiguity default
    /// first, then actors (state, IGO, group, person) before capitals and
    /// metonyms, and role nouns last.
    pub entries: Vec<&'c Entry>,
    /// Every reading is weak: the alias is also a common word.
    pub weak: bool,
    /// Set when the alias is a listed ambiguity (عمان: OMN or JOR).
    pub ambiguity: Option<&'c Ambiguity>,
}

impl<'c> Match<'c> {
    /// The preferred reading.
    pub fn primary(&self) -> Option<&'c Entry> {
        self.entries.first().copied()
    }

    /// Actor codes of all readings (no duplicates, best first).
    pub fn codes(&self) -> Vec<&'c str> {
        let mut out: Vec<&str> = Vec::new();
        for e in &self.entries {
            if let Some(c) = e.code.as_deref() {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
        }
        out
    }

    /// The agent code of the preferred reading that has one.
    pub fn agent(&self) -> Option<&'c str> {
        self.entries.iter().find_map(|e| e.agent.as_deref())
    }
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    /// Only spaces (or a hyphen) separate it from the previous token.
    joined: bool,
    /// Index of the token in the analysis.
    at: usize,
}

/// Finds catalogue aliases in text. Cheap to create: it borrows the
/// catalogue's prebuilt trie.
pub struct Matcher<'c> {
    cat: &'c Catalogue,
}

impl<'c> Matcher<'c> {
    pub(crate) fn new(cat: &'c Catalogue) -> Matcher<'c> {
        Matcher { cat }
    }

    /// Finds longest, non-overlapping alias matches in free text.
    pub fn find(&self, text: &str) -> Vec<Match<'c>> {
        let vocab = self.cat.trie.vocab();
        let mut a = Analysis::new();
        let mut toks = Vec::new();
        let mut cur: Option<(usize, usize)> = None; // (start char, start byte)
        let mut gap_ok = true;
        let push = |a: &mut Analysis, toks: &mut Vec<Tok>, t: &str, s, e, joined| {
            a.push(t, vocab);
            toks.push(Tok {
                start: s,
                end: e,
                joined: joined && !toks.is_empty(),
                at: a.len() - 1,
            });
        };
        let mut chars = text.char_indices().enumerate().peekable();
        while let Some((ci, (bi, ch))) = chars.next() {
            if is_token_char(ch) {
                if cur.is_none() {
                    cur = Some((ci, bi));
                }
            } else {
                if let Some((cs, bs)) = cur.take() {
                    push(&mut a, &mut toks, &text[bs..bi], cs, ci, gap_ok);
                    gap_ok = true;
                }
                // Aliases may span spaces and hyphens (تيمور - ليشتي), nothing else.
                if !(ch.is_whitespace() || matches!(ch, '-' | '–' | '‐')) {
                    gap_ok = false;
                }
            }
            if chars.peek().is_none() {
                if let Some((cs, bs)) = cur.take() {
                    push(&mut a, &mut toks, &text[bs..], cs, ci + 1, gap_ok);
                }
            }
        }
        self.run(&a, &toks)
    }

    /// Finds matches in a caller's token stream (tokens are taken as
    /// adjacent; punctuation tokens stop a match since they have no reading
    /// that any alias uses).
    pub fn find_tokens(&self, tokens: &[&str]) -> Vec<Match<'c>> {
        let mut a = Analysis::new();
        for t in tokens {
            a.push(t, self.cat.trie.vocab());
        }
        self.find_analyzed(&a, 0..a.len())
    }

    /// [`Matcher::find_tokens`] over tokens `range` of an analysis made with
    /// the catalogue's [`Catalogue::vocab`] (or an extension of it):
    /// token indices and char offsets are relative to `range.start`, as if
    /// those tokens alone had been given to `find_tokens`. An analysis made
    /// with an unrelated vocabulary finds nothing.
    pub fn find_analyzed(&self, a: &Analysis, range: Range<usize>) -> Vec<Match<'c>> {
        if !a.made_with(self.cat.trie.vocab()) {
            return Vec::new();
        }
        let range = range.start.min(a.len())..range.end.min(a.len());
        let mut toks = Vec::with_capacity(range.len());
        let mut pos = 0;
        for at in range {
            let n = a.chars(at);
            toks.push(Tok {
                start: pos,
                end: pos + n,
                joined: !toks.is_empty(),
                at,
            });
            pos += n + 1;
        }
        self.run(a, &toks)
    }

    fn run(&self, a: &Analysis, toks: &[Tok]) -> Vec<Match<'c>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let mut best: Option<(usize, usize, usize)> = None; // (len, cost, node)
            self.walk(a, toks, i, i, 0, 0, &mut best);
            let found = best.and_then(|(len, _, node)| Some((len, self.cat.trie.key(node)?)));
            match found {
                Some((len, key)) => {
                    let end_tok = i + len;
                    if let (Some(first), Some(last)) = (toks.get(i), toks.get(end_tok - 1)) {
                        out.push(self.make_match(i..end_tok, first.start, last.end, key));
                    }
                    i = end_tok;
                }
                None => i += 1,
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        a: &Analysis,
        toks: &[Tok],
        from: usize,
        j: usize,
        node: usize,
        cost: usize,
        best: &mut Option<(usize, usize, usize)>,
    ) {
        let Some(tok) = toks.get(j) else { return };
        if j > from && !tok.joined {
            return;
        }
        for r in a.readings(tok.at) {
            let Some(child) = self.cat.trie.child(node, r.id) else {
                continue;
            };
            let c = cost + r.cost as usize;
            let len = j + 1 - from;
            if self.cat.trie.key(child).is_some() {
                let better = match best {
                    None => true,
                    Some((bl, bc, _)) => len > *bl || (len == *bl && c < *bc),
                };
                if better {
                    *best = Some((len, c, child));
                }
            }
            if len < crate::load::MAX_ALIAS_TOKENS {
                self.walk(a, toks, from, j + 1, child, c, best);
            }
        }
    }

    fn make_match(&self, tokens: Range<usize>, start: usize, end: usize, key: &str) -> Match<'c> {
        let ambiguity = self.cat.ambiguities.get(key);
        let mut entries: Vec<&Entry> = self
            .cat
            .index
            .get(key)
            .map(|ids| {
                ids.iter()
                    .filter_map(|&i| self.cat.entries.get(i))
                    .collect()
            })
            .unwrap_or_default();
        let default = ambiguity.and_then(|a| a.default.as_deref());
        entries.sort_by_key(|e| {
            let rank = match e.kind {
                Kind::State | Kind::Igo | Kind::Ngo | Kind::Group | Kind::Person => 0,
                Kind::Capital | Kind::Metonym => 1,
                Kind::Agent => 2,
            };
            let not_default = default.is_some() && e.code.as_deref() != default;
            (e.weak, not_default, rank)
        });
        let weak = !entries.is_empty() && entries.iter().all(|e| e.weak);
        Match {
            tokens,
            start,
            end,
            key: key.to_string(),
            entries,
            weak,
            ambiguity,
        }
    }
}
