//! Longest-match alias finding over token sequences.
//!
//! Aliases are stored in a trie of canonical tokens. Each text token has a
//! few readings (clitics stripped, see [`crate::fold::readings`]); at each
//! position the matcher walks the trie over every reading and keeps the
//! longest alias, preferring the reading that stripped least. Matching is
//! left to right and non-overlapping, and never crosses punctuation.

use std::collections::HashMap;
use std::ops::Range;

use crate::fold::{is_token_char, readings, Reading};
use crate::{Ambiguity, Catalogue, Entry, Kind};

#[derive(Debug, Clone, Default)]
struct Node {
    children: HashMap<String, usize>,
    /// The canonical key ending here, when an alias does.
    key: Option<String>,
}

/// Alias trie keyed by canonical tokens.
#[derive(Debug, Clone)]
pub(crate) struct Trie {
    nodes: Vec<Node>,
}

impl Default for Trie {
    fn default() -> Self {
        Trie {
            nodes: vec![Node::default()],
        }
    }
}

impl Trie {
    pub(crate) fn insert(&mut self, key: &str) {
        let mut at = 0;
        for tok in key.split(' ') {
            let next = match self.nodes.get(at).and_then(|n| n.children.get(tok)) {
                Some(&n) => n,
                None => {
                    let id = self.nodes.len();
                    self.nodes.push(Node::default());
                    if let Some(n) = self.nodes.get_mut(at) {
                        n.children.insert(tok.to_string(), id);
                    }
                    id
                }
            };
            at = next;
        }
        if let Some(n) = self.nodes.get_mut(at) {
            n.key = Some(key.to_string());
        }
    }

    fn child(&self, node: usize, tok: &str) -> Option<usize> {
        self.nodes.get(node)?.children.get(tok).copied()
    }

    fn key(&self, node: usize) -> Option<&str> {
        self.nodes.get(node)?.key.as_deref()
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

struct Tok {
    start: usize,
    end: usize,
    /// Only spaces (or a hyphen) separate it from the previous token.
    joined: bool,
    readings: Vec<Reading>,
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
        let mut toks = Vec::new();
        let mut cur: Option<(usize, usize)> = None; // (start char, start byte)
        let mut gap_ok = true;
        let mut chars = text.char_indices().enumerate().peekable();
        while let Some((ci, (bi, ch))) = chars.next() {
            if is_token_char(ch) {
                if cur.is_none() {
                    cur = Some((ci, bi));
                }
            } else {
                if let Some((cs, bs)) = cur.take() {
                    toks.push(self.tok(&text[bs..bi], cs, ci, gap_ok, toks.is_empty()));
                    gap_ok = true;
                }
                // Aliases may span spaces and hyphens (تيمور - ليشتي), nothing else.
                if !(ch.is_whitespace() || matches!(ch, '-' | '–' | '‐')) {
                    gap_ok = false;
                }
            }
            if chars.peek().is_none() {
                if let Some((cs, bs)) = cur.take() {
                    toks.push(self.tok(&text[bs..], cs, ci + 1, gap_ok, toks.is_empty()));
                }
            }
        }
        self.run(&toks)
    }

    /// Finds matches in a caller's token stream (tokens are taken as
    /// adjacent; punctuation tokens stop a match since they have no reading
    /// that any alias uses).
    pub fn find_tokens(&self, tokens: &[&str]) -> Vec<Match<'c>> {
        let mut toks = Vec::with_capacity(tokens.len());
        let mut pos = 0;
        for (i, t) in tokens.iter().enumerate() {
            let n = t.chars().count();
            toks.push(self.tok(t, pos, pos + n, true, i == 0));
            pos += n + 1;
        }
        self.run(&toks)
    }

    fn tok(&self, text: &str, start: usize, end: usize, joined: bool, first: bool) -> Tok {
        Tok {
            start,
            end,
            joined: joined && !first,
            readings: readings(text),
        }
    }

    fn run(&self, toks: &[Tok]) -> Vec<Match<'c>> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let mut best: Option<(usize, usize, String)> = None; // (len, cost, key)
            self.walk(toks, i, i, 0, 0, &mut best);
            match best {
                Some((len, _, key)) => {
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

    fn walk(
        &self,
        toks: &[Tok],
        from: usize,
        j: usize,
        node: usize,
        cost: usize,
        best: &mut Option<(usize, usize, String)>,
    ) {
        let Some(tok) = toks.get(j) else { return };
        if j > from && !tok.joined {
            return;
        }
        for r in &tok.readings {
            let Some(child) = self.cat.trie.child(node, &r.key) else {
                continue;
            };
            let c = cost + r.cost;
            let len = j + 1 - from;
            if let Some(key) = self.cat.trie.key(child) {
                let better = match best {
                    None => true,
                    Some((bl, bc, _)) => len > *bl || (len == *bl && c < *bc),
                };
                if better {
                    *best = Some((len, c, key.to_string()));
                }
            }
            if len < crate::load::MAX_ALIAS_TOKENS {
                self.walk(toks, from, j + 1, child, c, best);
            }
        }
    }

    fn make_match(&self, tokens: Range<usize>, start: usize, end: usize, key: String) -> Match<'c> {
        let ambiguity = self.cat.ambiguities.get(&key);
        let mut entries: Vec<&Entry> = self
            .cat
            .index
            .get(&key)
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
            key,
            entries,
            weak,
            ambiguity,
        }
    }
}
