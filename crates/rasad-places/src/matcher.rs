//! Finding place names in a text: leftmost-longest over word tokens, with
//! clitic readings of the first word and the context rules of the crate.

use crate::fx::FxMap;
use crate::{
    has_article, hint_bonus, strip_article, Context, Entry, Gazetteer, Place, BARE,
    STRONG_POPULATION, STRONG_POPULATION_SHORT, WITH_ARTICLE,
};
use rasad_doc::Location;
use rasad_text::{normalize, tokenize_chars, SpellingMemo, Token, TokenKind, NO_SPELLING};
use std::cell::RefCell;

/// A place name found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMatch {
    /// Char offsets of the name as written (article included, a و/ف/ب/ل/ك
    /// clitic excluded).
    pub start: usize,
    pub end: usize,
    /// The chosen place: an index into [`Gazetteer::places`].
    pub place: usize,
    /// Other places the name may denote, best first.
    pub alternatives: Vec<usize>,
    /// The locative context before the name (a word, or a ب/ل clitic).
    pub context: Context,
}

impl PlaceMatch {
    /// The match as the document model's event location.
    pub fn location(&self, gazetteer: &Gazetteer, text: &str) -> Location {
        let p = gazetteer.place(self.place);
        Location {
            text: text
                .chars()
                .skip(self.start)
                .take(self.end.saturating_sub(self.start))
                .collect(),
            start: self.start,
            end: self.end,
            country: p.and_then(|p| p.country.clone()),
            lat: p.map(|p| p.lat),
            lon: p.map(|p| p.lon),
        }
    }
}

/// No word, node or key.
pub(crate) const NONE: u32 = u32::MAX;

/// The name keys as sequences of word ids, so that the finder walks the
/// text token by token with integer lookups instead of building a key
/// string for every span length and clitic reading.
#[derive(Debug, Default)]
pub(crate) struct KeyTrie {
    /// A word of some key (as [`key_of`](crate::key_of) splits it) → id.
    words: FxMap<Box<str>, u32>,
    /// Per word id: the node of the one-word path, or [`NONE`].
    root: Vec<u32>,
    /// `node << 32 | word` → child node.
    edges: FxMap<u64, u32>,
    /// Per node: the key id of the path to it, or [`NONE`].
    terminal: Vec<u32>,
}

impl KeyTrie {
    /// Adds `key` (words joined by one space) under `id`.
    pub(crate) fn insert(&mut self, key: &str, id: u32) {
        let mut node = NONE;
        for w in key.split(' ') {
            let next = self.words.len() as u32;
            let word = *self.words.entry(w.into()).or_insert(next);
            if word as usize >= self.root.len() {
                self.root.resize(word as usize + 1, NONE);
            }
            let fresh = self.terminal.len() as u32;
            let slot = if node == NONE {
                &mut self.root[word as usize]
            } else {
                self.edges.entry(edge(node, word)).or_insert(NONE)
            };
            if *slot == NONE {
                *slot = fresh;
                self.terminal.push(NONE);
            }
            node = *slot;
        }
        if let Some(t) = self.terminal.get_mut(node as usize) {
            *t = id;
        }
    }

    /// The id of a key word, or [`NONE`].
    fn word(&self, w: &str) -> u32 {
        self.words.get(w).copied().unwrap_or(NONE)
    }

    /// The node reached from `node` ([`NONE`]: the root) by `word`.
    fn child(&self, node: u32, word: u32) -> u32 {
        if word == NONE {
            NONE
        } else if node == NONE {
            self.root.get(word as usize).copied().unwrap_or(NONE)
        } else {
            self.edges.get(&edge(node, word)).copied().unwrap_or(NONE)
        }
    }

    fn terminal(&self, node: u32) -> u32 {
        self.terminal.get(node as usize).copied().unwrap_or(NONE)
    }
}

fn edge(node: u32, word: u32) -> u64 {
    (u64::from(node) << 32) | u64::from(word)
}

/// One way to read the first word of a candidate name.
#[derive(Debug, Clone, Copy)]
struct Reading<'a> {
    /// Key of the word with clitics and article removed.
    key: &'a str,
    /// Chars of the folded word taken by stripped clitics.
    clitic_chars: usize,
    /// A ب or ل clitic: "in", "to" — locative context by itself.
    prep: bool,
    /// The word had the article ال (so only names with it match).
    article: bool,
}

/// The reading of a folded word as is.
fn whole(folded: &str) -> Reading<'_> {
    Reading {
        key: strip_article(folded),
        clitic_chars: 0,
        prep: false,
        article: has_article(folded),
    }
}

/// Whether [`readings`] may give `folded` more than its whole reading.
fn may_have_clitic(folded: &str) -> bool {
    folded.starts_with(['و', 'ف', 'ب', 'ل', 'ك'])
}

/// Readings of a folded word, into `out` (cleared): as is, then with و/ف,
/// then ب/ل/ك (or لل = ل + ال) stripped. A word of the rasad-text lexicon
/// is never split, and a stripped reading must keep three letters, so
/// بيروت is not ب + يروت.
///
/// `useful` says whether a stripped reading could match at all: the
/// lexicon is looked up only when one could (the answer is the same
/// either way, the lookup is not free).
fn readings<'a>(folded: &'a str, out: &mut Vec<Reading<'a>>, useful: impl Fn(&Reading) -> bool) {
    stripped_readings(folded, out);
    if out.len() > 1 && out[1..].iter().any(useful) && rasad_text::is_known_stem(folded) {
        out.truncate(1);
    }
}

fn stripped_readings<'a>(folded: &'a str, out: &mut Vec<Reading<'a>>) {
    out.clear();
    out.push(whole(folded));
    if !may_have_clitic(folded) {
        return;
    }
    // Byte offset of char `from` (the clitics are one char each).
    let rest_at = |from: usize| -> Option<&'a str> {
        let at = folded
            .char_indices()
            .nth(from)
            .map_or(folded.len(), |(b, _)| b);
        folded.get(at..)
    };
    let mut push = |from: usize, prep: bool, keep_article: bool| {
        let rest = rest_at(from).unwrap_or_default();
        let (key, article) = if keep_article {
            (rest, true)
        } else {
            (strip_article(rest), has_article(rest))
        };
        if key.chars().count() >= 3 {
            out.push(Reading {
                key,
                clitic_chars: from,
                prep,
                article,
            });
        }
    };
    let mut chars = folded.chars();
    let c0 = chars.next();
    let c1 = chars.next();
    let c2 = chars.next();
    let conj = usize::from(matches!(c0, Some('و' | 'ف')));
    let (at, after) = if conj == 1 { (c1, c2) } else { (c0, c1) };
    if conj == 1 {
        push(1, false, false);
    }
    match at {
        Some('ل') if after == Some('ل') => {
            // لل = ل + ال with the alef dropped; before a name that itself
            // starts with ل (اللاذقية → للاذقية) the two lams are ل + the name's.
            push(conj + 2, true, true);
            push(conj + 1, true, true);
        }
        Some(c @ ('ب' | 'ل' | 'ك')) => push(conj + 1, c != 'ك', false),
        _ => {}
    }
}

/// A [`Reading`] of a first word with its key word's id.
#[derive(Debug, Clone, Copy)]
struct Read {
    /// Key-word id of the reading's key ([`NONE`] when in no key).
    word: u32,
    clitic_chars: usize,
    prep: bool,
    article: bool,
}

/// What the finder remembers of a spelling: ranges of [`Memo`]'s buffers.
#[derive(Debug, Clone, Copy)]
struct Spelled {
    fold: (u32, u32),
    id: u32,
    reads: (u32, u32),
}

/// Per thread: folded forms, key-word ids and readings of every spelling
/// seen (folding and clitic readings were most of the finder's time).
#[derive(Default)]
struct Memo {
    spelled: SpellingMemo<Spelled>,
    folded: String,
    reads: Vec<Read>,
}

/// A candidate at one token: per reading, the key id ending after each
/// number of words (index 0 = one word).
struct Ends {
    keys: Vec<u32>,
    depth: usize,
}

impl Ends {
    fn reset(&mut self, readings: usize, depth: usize) {
        self.depth = depth;
        self.keys.clear();
        self.keys.resize(readings * depth, NONE);
    }

    fn get(&self, reading: usize, words: usize) -> u32 {
        self.keys
            .get(reading * self.depth + words - 1)
            .copied()
            .unwrap_or(NONE)
    }

    fn set(&mut self, reading: usize, words: usize, key: u32) {
        if let Some(k) = self.keys.get_mut(reading * self.depth + words - 1) {
            *k = key;
        }
    }
}

/// Whether token `j + 1` follows token `j` with only spaces between.
fn joined_at(chars: &[char], toks: &[Token], j: usize) -> bool {
    match (toks.get(j), toks.get(j + 1)) {
        (Some(a), Some(b)) => chars
            .get(a.span.end..b.span.start)
            .is_some_and(|gap| gap.iter().all(|c| c.is_whitespace() && *c != '\n')),
        _ => false,
    }
}

impl Gazetteer {
    /// Place names in `text`, leftmost-longest, without country hints.
    pub fn find(&self, text: &str) -> Vec<PlaceMatch> {
        self.find_with_hint(text, &[])
    }

    /// Place names in `text`. `hints` are ISO3 codes of countries the
    /// article is about: they license small places in those countries
    /// without locative context and rank their readings first.
    pub fn find_with_hint(&self, text: &str, hints: &[&str]) -> Vec<PlaceMatch> {
        let chars: Vec<char> = text.chars().collect();
        let toks = tokenize_chars(&chars);
        self.find_in_tokens(&chars, &toks, hints)
    }

    /// [`Gazetteer::find_with_hint`] over a text already split into chars
    /// and tokenised by rasad-text's `tokenize_chars(chars)`: a caller that
    /// has both saves redoing them. Tokens whose spans do not fit `chars`
    /// are skipped.
    pub fn find_in_tokens(
        &self,
        chars: &[char],
        toks: &[Token],
        hints: &[&str],
    ) -> Vec<PlaceMatch> {
        self.find_starting_in(chars, toks, 0..toks.len(), hints)
    }

    /// Whether the leftmost-longest scan of [`Gazetteer::find_in_tokens`]
    /// always reaches token `k` as a start: no name can run from token
    /// `k - 1` into token `k` (names never cross anything but spaces
    /// between two words).
    pub fn scan_reaches(&self, chars: &[char], toks: &[Token], k: usize) -> bool {
        k == 0
            || k >= toks.len()
            || !(toks[k - 1].kind == TokenKind::Word
                && toks[k].kind == TokenKind::Word
                && joined_at(chars, toks, k - 1))
    }

    /// The names [`Gazetteer::find_in_tokens`] finds over all of `toks`
    /// that start at a token of `range` (they may end past it), provided
    /// [`Gazetteer::scan_reaches`] `range.start`. Reads only the tokens
    /// from just before `range` to a longest name after it: a caller that
    /// needs the places of a few sentences of a long text saves the rest.
    pub fn find_starting_in(
        &self,
        chars: &[char],
        toks: &[Token],
        range: std::ops::Range<usize>,
        hints: &[&str],
    ) -> Vec<PlaceMatch> {
        let end = range.end.min(toks.len());
        if range.start >= end {
            return Vec::new();
        }
        // The tokens read: the one before (its context word) to the last
        // a name starting in range can reach.
        let lo = range.start.saturating_sub(1);
        let hi = end.saturating_add(self.max_words).min(toks.len());
        // Fold every word read once: the folded words side by side in one
        // buffer, each word's key-word id and its readings as a start of a
        // name. All depend on the spelling alone: when the tokens are the
        // thread's shared tokenisation, they are remembered per spelling
        // across texts.
        thread_local! {
            static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
        }
        let shared = rasad_text::tokenized_of(chars, toks);
        let n = hi - lo;
        let text_chars = toks[hi - 1].span.end.saturating_sub(toks[lo].span.start);
        let mut folded = String::with_capacity(text_chars * 2);
        let mut spans: Vec<(usize, usize)> = Vec::with_capacity(n);
        let mut ids: Vec<u32> = Vec::with_capacity(n);
        // Per token: its readings, a range of `doc_reads`.
        let mut read_spans: Vec<(usize, usize)> = Vec::with_capacity(n);
        let mut doc_reads: Vec<Read> = Vec::with_capacity(n * 2);
        MEMO.with_borrow_mut(|memo| {
            // Other tokens than the shared ones have no spelling ids.
            if let Some(tz) = &shared {
                if !memo.spelled.begin(tz, self.stamp) {
                    memo.folded.clear();
                    memo.reads.clear();
                }
            }
            for (k, t) in toks.iter().enumerate().take(hi).skip(lo) {
                let text = (t.kind == TokenKind::Word)
                    .then(|| chars.get(t.span.start..t.span.end))
                    .flatten();
                let Some(text) = text else {
                    spans.push((usize::MAX, 0));
                    ids.push(NONE);
                    read_spans.push((0, 0));
                    continue;
                };
                let spelling = shared
                    .as_ref()
                    .and_then(|tz| tz.spellings.get(k).copied())
                    .unwrap_or(NO_SPELLING);
                let a = folded.len();
                let r0 = doc_reads.len();
                if let Some(m) = memo.spelled.get(spelling) {
                    folded.push_str(
                        memo.folded
                            .get(m.fold.0 as usize..m.fold.1 as usize)
                            .unwrap_or_default(),
                    );
                    doc_reads.extend_from_slice(
                        memo.reads
                            .get(m.reads.0 as usize..m.reads.1 as usize)
                            .unwrap_or_default(),
                    );
                    spans.push((a, folded.len()));
                    ids.push(m.id);
                    read_spans.push((r0, doc_reads.len()));
                    continue;
                }
                self.folder.fold_into(text, &mut folded);
                let first = &folded[a..];
                let id = self.trie.word(strip_article(first));
                self.first_readings(first, id, &mut doc_reads);
                spans.push((a, folded.len()));
                ids.push(id);
                read_spans.push((r0, doc_reads.len()));
                if spelling != NO_SPELLING {
                    let f0 = memo.folded.len();
                    memo.folded.push_str(&folded[a..]);
                    let m0 = memo.reads.len();
                    memo.reads.extend_from_slice(&doc_reads[r0..]);
                    // u32 ranges keep the memo's slots small (fewer
                    // cache misses); a memo too big for them stops growing.
                    let range =
                        |a: usize, b: usize| Some((u32::try_from(a).ok()?, u32::try_from(b).ok()?));
                    if let (Some(fold), Some(reads)) =
                        (range(f0, memo.folded.len()), range(m0, memo.reads.len()))
                    {
                        memo.spelled.set(spelling, Spelled { fold, id, reads });
                    } else {
                        memo.folded.truncate(f0);
                        memo.reads.truncate(m0);
                    }
                }
            }
        });
        // Per-token facts are stored from token `lo` on.
        let word_at = |j: usize| -> Option<&str> {
            let &(a, b) = spans.get(j.checked_sub(lo)?)?;
            folded.get(a..b)
        };
        let joined = |j: usize| joined_at(chars, toks, j);

        let mut out = Vec::new();
        let mut ends = Ends {
            keys: Vec::new(),
            depth: 0,
        };
        let mut i = range.start;
        while i < end {
            if word_at(i).is_none() {
                i += 1;
                continue;
            }
            let reads = read_spans
                .get(i - lo)
                .and_then(|&(a, b)| doc_reads.get(a..b))
                .unwrap_or_default();
            // Every key each reading starts: walk the trie along the words
            // that follow with only spaces between.
            ends.reset(reads.len(), self.max_words);
            let mut any = false;
            for (r, read) in reads.iter().enumerate() {
                let mut node = self.trie.child(NONE, read.word);
                let mut n = 1;
                while node != NONE && n <= self.max_words {
                    let key = self.trie.terminal(node);
                    if key != NONE {
                        ends.set(r, n, key);
                        any = true;
                    }
                    let next = i + n;
                    if next >= toks.len() || word_at(next).is_none() || !joined(next - 1) {
                        break;
                    }
                    node = self
                        .trie
                        .child(node, ids.get(next - lo).copied().unwrap_or(NONE));
                    n += 1;
                }
            }
            if !any {
                i += 1;
                continue;
            }
            let prev_context = if i > 0 && joined(i - 1) {
                self.context_of(word_at(i - 1))
            } else {
                Context::None
            };
            // Longest first; for one length, the least-stripped reading.
            let mut best: Option<(usize, Read, Vec<usize>, Context)> = None;
            'len: for n in (1..=self.max_words).rev() {
                for (r, read) in reads.iter().enumerate() {
                    let key = ends.get(r, n);
                    let (Some(key), Some(list)) =
                        (self.keys.get(key as usize), self.lists.get(key as usize))
                    else {
                        continue;
                    };
                    let context = if read.prep {
                        prev_context.max(Context::Locative)
                    } else {
                        prev_context
                    };
                    let needed = self.needs_context_of(ends.get(r, n), read.article);
                    let accepted = self.accept(key, list, read.article, context, hints, needed);
                    if !accepted.is_empty() {
                        best = Some((n, *read, accepted, context));
                        break 'len;
                    }
                }
            }
            let Some((n, r, accepted, context)) = best else {
                i += 1;
                continue;
            };
            let first_tok = toks[i].span;
            let last_tok = toks[i + n - 1].span;
            let start = if r.clitic_chars == 0 {
                first_tok.start
            } else {
                let word: String = chars
                    .get(first_tok.start..first_tok.end)
                    .unwrap_or_default()
                    .iter()
                    .collect();
                let norm = normalize(&word);
                first_tok.start + norm.map.get(r.clitic_chars).copied().unwrap_or(0)
            };
            out.push(PlaceMatch {
                start,
                end: last_tok.end,
                place: accepted[0],
                alternatives: accepted[1..].to_vec(),
                context,
            });
            i += n;
        }
        out
    }

    /// The readings of folded word `first` (key-word id `id`) as the first
    /// word of a name, into `out`.
    fn first_readings(&self, first: &str, id: u32, out: &mut Vec<Read>) {
        let mut scratch: Vec<Reading> = Vec::with_capacity(4);
        // A word that is itself a name (بلير, Blair) is not a clitic +
        // another name (ب + لير).
        let own = self.trie.terminal(self.trie.child(NONE, id));
        if own != NONE || !may_have_clitic(first) {
            scratch.clear();
            scratch.push(whole(first));
        } else {
            readings(first, &mut scratch, |r| {
                self.trie.child(NONE, self.trie.word(r.key)) != NONE
            });
        }
        out.extend(scratch.iter().enumerate().map(|(r, read)| Read {
            word: if r == 0 { id } else { self.trie.word(read.key) },
            clitic_chars: read.clitic_chars,
            prep: read.prep,
            article: read.article,
        }));
    }

    /// Readings of `list` acceptable in this context, best first.
    fn accept(
        &self,
        key: &str,
        list: &[Entry],
        article: bool,
        context: Context,
        hints: &[&str],
        needed: Context,
    ) -> Vec<usize> {
        let short = !key.contains(' ') && key.chars().count() <= 3;
        let threshold = if short {
            STRONG_POPULATION_SHORT
        } else {
            STRONG_POPULATION
        };
        let hinted = |p: &Place| {
            p.country
                .as_deref()
                .is_some_and(|c| hints.iter().any(|h| h.eq_ignore_ascii_case(c)))
        };
        let mut ok: Vec<(usize, f64)> = list
            .iter()
            // السورية (the Syrian) is not سورية (Syria); and a one-word
            // name always written with the article (العين) is not the bare
            // common word (إلى عين المكان).
            .filter(|e| {
                if article {
                    e.form & WITH_ARTICLE != 0
                } else {
                    e.form & BARE != 0 || key.contains(' ')
                }
            })
            .filter_map(|e| {
                let p = self.places.get(e.place as usize)?;
                Some((e.place as usize, e.score + hint_bonus(p, hints)))
            })
            .filter(|&(i, _)| {
                let Some(p) = self.places.get(i) else {
                    return false;
                };
                if needed > Context::None {
                    return context >= needed;
                }
                let strong = p.notable
                    || !matches!(p.kind, crate::PlaceKind::City)
                    || p.population >= threshold;
                strong || context >= Context::Locative || hinted(p)
            })
            .collect();
        if !hints.is_empty() {
            ok.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        }
        ok.into_iter().map(|(i, _)| i).collect()
    }

    /// The context a folded word gives to the name after it, allowing a
    /// و/ف and a ب/ل prefix on the word (وفي, بمدينة, لمدينة).
    fn context_of(&self, folded: Option<&str>) -> Context {
        let Some(w) = folded else {
            return Context::None;
        };
        let bare = w.strip_prefix(['و', 'ف']).unwrap_or(w);
        let unprefixed = bare.strip_prefix(['ب', 'ل']);
        [Some(w), Some(bare), unprefixed]
            .into_iter()
            .flatten()
            .filter_map(|k| self.context.get(k).copied())
            .max()
            .unwrap_or(Context::None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rasad_text::fold_word;

    #[test]
    fn readings_strip_clitics() {
        let read = |w: &str| {
            let mut out = Vec::new();
            readings(w, &mut out, |_| true);
            out.into_iter()
                .map(|r| (r.key.to_string(), r.clitic_chars, r.prep))
                .collect::<Vec<_>>()
        };
        let keys: Vec<String> = read(&fold_word("بالرقة"))
            .into_iter()
            .map(|r| r.0)
            .collect();
        assert!(keys.contains(&fold_word("رقة")), "{keys:?}");
        let r = read(&fold_word("للموصل"));
        assert!(r.iter().any(|r| r.0 == "موصل" && r.2 && r.1 == 2));
        let r = read(&fold_word("والموصل"));
        assert!(r.iter().any(|r| r.0 == "موصل" && !r.2 && r.1 == 1));
        // Too short after stripping.
        assert_eq!(read("بلد").len(), 1);
    }

    /// Scanning from a token the whole-text scan reaches finds the
    /// whole-text names that start in the range.
    #[test]
    fn range_scan_finds_the_names_starting_in_it() {
        let g = Gazetteer::embedded().unwrap();
        let text = "وصل الوفد إلى بغداد. ثم إلى الموصل، وفي دمشق وبحلب قتال.\nالرقة وحلب.";
        let tz = rasad_text::tokenized(text);
        let all = g.find_in_tokens(&tz.chars, &tz.tokens, &["IRQ"]);
        assert!(all.len() >= 4, "{all:?}");
        let n = tz.tokens.len();
        for a in 0..n {
            if !g.scan_reaches(&tz.chars, &tz.tokens, a) {
                continue;
            }
            for b in a..=n {
                let want: Vec<&PlaceMatch> = all
                    .iter()
                    .filter(|p| {
                        let first = tz.tokens.iter().position(|t| p.start < t.span.end);
                        first.is_some_and(|i| a <= i && i < b)
                    })
                    .collect();
                let got = g.find_starting_in(&tz.chars, &tz.tokens, a..b, &["IRQ"]);
                assert_eq!(got.iter().collect::<Vec<_>>(), want, "{a}..{b}");
            }
        }
    }

    /// The finder over the shared tokenisation (readings remembered per
    /// spelling) finds what it finds over private tokens.
    #[test]
    fn remembered_spellings_find_the_same_places() {
        let g = Gazetteer::embedded().unwrap();
        let texts = [
            "وصل الوفد إلى بغداد ثم إلى الموصل، وفي دمشق وبحلب قتال.",
            "قال مسؤول في بغداد إن القتال في الموصل وللموصل تاريخ.",
        ];
        for round in 0..2 {
            for text in texts {
                let tz = rasad_text::tokenized(text);
                let shared = g.find_in_tokens(&tz.chars, &tz.tokens, &["IRQ"]);
                let private = g.find_with_hint(text, &["IRQ"]);
                assert_eq!(shared, private, "round {round}: {text}");
                assert!(shared.len() >= 2, "{text}: {shared:?}");
            }
        }
    }
}
