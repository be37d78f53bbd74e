//! Interned alias tokens and per-token reading analysis.
//!
//! Every lookup a text token takes part in (the alias trie here, office
//! phrases and word classes in rasad-mentions) is keyed by one of the
//! token's clitic readings. Computing those readings as strings at each
//! lookup dominated the cost of mention resolution, so a token stream is
//! analysed once ([`Analysis`]): each reading is folded, looked up in a
//! [`Vocab`] of every token any lookup can use, and kept as a small integer
//! id. Readings outside the vocabulary cannot match anything and are dropped.

use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::fold;

// The shared Fx hasher: keys here are short folded words we produce
// ourselves, so flooding resistance (what std's SipHash pays for) buys nothing.
pub use rasad_text::fx::{FxBuild, FxHashMap, FxHasher};

static ORIGINS: AtomicU64 = AtomicU64::new(1);

fn fresh_stamp() -> u64 {
    ORIGINS.fetch_add(1, Ordering::Relaxed)
}

/// Canonical tokens (no spaces) numbered densely from 0.
///
/// A vocabulary made by cloning another keeps its ids and its *origin*, so a
/// caller can extend the catalogue's vocabulary with its own words
/// ([`crate::Catalogue::vocab`]) and still use one [`Analysis`] for the
/// catalogue matcher and its own lookups.
#[derive(Debug)]
pub struct Vocab {
    /// Keyed by bytes: the reading generator works on UTF-8 bytes.
    ids: FxHashMap<Box<[u8]>, u32>,
    words: Vec<Box<str>>,
    /// Shared by clones: ids below the original's length agree.
    origin: u64,
    /// This exact content: new on clone and on every new word, so an
    /// [`Analysis`] knows when its remembered readings are stale.
    stamp: u64,
}

impl Default for Vocab {
    fn default() -> Self {
        let origin = fresh_stamp();
        Vocab {
            ids: FxHashMap::default(),
            words: Vec::new(),
            origin,
            stamp: origin,
        }
    }
}

impl Clone for Vocab {
    fn clone(&self) -> Self {
        Vocab {
            ids: self.ids.clone(),
            words: self.words.clone(),
            origin: self.origin,
            stamp: fresh_stamp(),
        }
    }
}

impl Vocab {
    pub fn new() -> Vocab {
        Vocab::default()
    }

    /// The id of a token, if known.
    #[inline]
    pub fn get(&self, token: &str) -> Option<u32> {
        self.get_bytes(token.as_bytes())
    }

    #[inline]
    pub(crate) fn get_bytes(&self, token: &[u8]) -> Option<u32> {
        self.ids.get(token).copied()
    }

    /// The id of a token, adding it when new.
    pub fn intern(&mut self, token: &str) -> u32 {
        if let Some(id) = self.get(token) {
            return id;
        }
        let id = self.words.len() as u32;
        self.stamp = fresh_stamp();
        self.words.push(token.into());
        self.ids.insert(token.as_bytes().into(), id);
        id
    }

    /// The token with this id.
    pub fn word(&self, id: u32) -> Option<&str> {
        self.words.get(id as usize).map(|w| &**w)
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether `other` was cloned from this vocabulary (or this from it).
    pub fn same_origin(&self, other: &Vocab) -> bool {
        self.origin == other.origin
    }
}

/// One reading of a token as a vocabulary id, with its clitic cost (see
/// [`fold::readings`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdReading {
    pub id: u32,
    pub cost: u32,
}

#[derive(Debug, Clone, Copy)]
struct TokInfo {
    /// Range into `Analysis::items`.
    r0: u32,
    r1: u32,
    /// Chars of the token as written.
    chars: u32,
}

/// Remembered spellings: a two-way cache of `1 << MEMO_BITS` slots (4 MB).
/// Looking a spelling up touches one or two adjacent cache lines; a clash
/// evicts the older of the two spellings there.
const MEMO_BITS: u32 = 16;
/// Longest spelling (in bytes) the cache holds; longer ones are analysed
/// every time (they are rare: 25 Arabic letters).
const SLOT_BYTES: usize = 51;
/// Readings kept before the cache starts afresh (8 MB).
const ITEMS_CAP: usize = 1 << 20;

/// One remembered spelling and its analysis, in one cache line.
#[derive(Debug, Clone, Copy)]
#[repr(C, align(64))]
struct Slot {
    /// Spelling length in bytes; 0 = empty (empty tokens are not cached).
    len: u8,
    bytes: [u8; SLOT_BYTES],
    info: TokInfo,
}

const EMPTY: Slot = Slot {
    len: 0,
    bytes: [0; SLOT_BYTES],
    info: TokInfo {
        r0: 0,
        r1: 0,
        chars: 0,
    },
};

/// The in-vocabulary readings of a token stream, computed once.
///
/// For each token, [`Analysis::readings`] gives exactly the readings of
/// [`fold::readings`] whose key is in the vocabulary, in the same order
/// (cheapest first, ties in generation order) and with the same costs.
///
/// Reuse one analysis for many texts ([`Analysis::clear`] between them):
/// the readings of frequent spellings are computed once and remembered for
/// as long as the vocabulary is the same.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    toks: Vec<TokInfo>,
    /// Readings of analysed spellings (tokens and slots point into it).
    items: Vec<IdReading>,
    /// Lineage of the vocabulary of the current tokens.
    origin: u64,
    /// Exact vocabulary the cache was filled with.
    stamp: u64,
    buf: fold::Scratch,
    /// Spelling cache, indexed by the spelling's hash (allocated on first use).
    slots: Vec<Slot>,
    /// Analyses by rasad-text spelling id ([`Analysis::push_spelled`]),
    /// valid for the spelling generation `spell_gen`.
    spelled: Vec<Option<TokInfo>>,
    spell_gen: u64,
    /// Scratch of [`Analysis::push_all_spelled`].
    ahead: Vec<Option<TokInfo>>,
}

impl Analysis {
    pub fn new() -> Analysis {
        Analysis::default()
    }

    /// Empties the token list for the next text, keeping remembered
    /// spellings (forgotten all at once when their readings grow too many).
    pub fn clear(&mut self) {
        self.toks.clear();
        if self.items.len() > ITEMS_CAP {
            self.forget();
            self.items.clear();
        }
    }

    fn forget(&mut self) {
        self.slots.iter_mut().for_each(|s| *s = EMPTY);
        self.spelled.clear();
    }

    /// [`Analysis::push`] for a token of a rasad-text tokenisation whose
    /// spelling id is `spelling` (of spelling generation `generation`): a
    /// spelling analysed before is served by its id, without hashing the
    /// text again. `NO_SPELLING` falls back to [`Analysis::push`].
    pub fn push_spelled(&mut self, token: &str, spelling: u32, generation: u64, vocab: &Vocab) {
        self.begin_spelled(generation, vocab);
        if let Some(&Some(info)) = self.spelled.get(spelling as usize) {
            self.push_known(info, vocab);
            return;
        }
        self.push(token, vocab);
        if spelling == rasad_text::NO_SPELLING {
            return;
        }
        let Some(&info) = self.toks.last() else {
            return;
        };
        let i = spelling as usize;
        if i >= self.spelled.len() {
            self.spelled.resize(i + 1, None);
        }
        self.spelled[i] = Some(info);
    }

    /// [`Analysis::push_spelled`] for every token of a text in order: token
    /// `k` is `token(k)` with spelling id `spellings[k]` ([`rasad_text::NO_SPELLING`]
    /// past the end), for `k < n`. The remembered analyses of all tokens are
    /// looked up first, in one short loop: they are scattered in memory,
    /// and independent loads let the CPU wait for many at once.
    pub fn push_all_spelled<'t>(
        &mut self,
        n: usize,
        spellings: &[u32],
        generation: u64,
        vocab: &Vocab,
        token: impl Fn(usize) -> &'t str,
    ) {
        self.begin_spelled(generation, vocab);
        let spelling = |k: usize| spellings.get(k).copied().unwrap_or(rasad_text::NO_SPELLING);
        let mut ahead = std::mem::take(&mut self.ahead);
        ahead.clear();
        ahead.extend((0..n).map(|k| self.spelled.get(spelling(k) as usize).copied().flatten()));
        for (k, known) in ahead.iter().enumerate() {
            match known {
                // Entries are only ever filled in, never changed, while the
                // vocabulary and generation stay (both checked above).
                Some(info) => self.push_known(*info, vocab),
                // Maybe filled by an earlier token of this text since.
                None => self.push_spelled(token(k), spelling(k), generation, vocab),
            }
        }
        self.ahead = ahead;
    }

    /// Forgets remembered analyses that no longer hold: all of them under
    /// another vocabulary (see `push`), the per-spelling ones under another
    /// spelling generation.
    fn begin_spelled(&mut self, generation: u64, vocab: &Vocab) {
        if self.stamp != vocab.stamp {
            self.forget();
            self.stamp = vocab.stamp;
        }
        if self.spell_gen != generation {
            self.spelled.clear();
            self.spell_gen = generation;
        }
    }

    /// Pushes a token whose analysis was remembered for its spelling.
    #[inline]
    fn push_known(&mut self, info: TokInfo, vocab: &Vocab) {
        if self.toks.is_empty() {
            self.origin = vocab.origin;
        }
        self.toks.push(info);
    }

    /// Analyses one more token with `vocab`. All tokens of one text must
    /// use the same vocabulary (or clones of one).
    pub fn push(&mut self, token: &str, vocab: &Vocab) {
        if self.toks.is_empty() {
            self.origin = vocab.origin;
        }
        if self.stamp != vocab.stamp {
            // Another vocabulary: remembered readings may be wrong. Tokens
            // already pushed keep theirs (`items` only grows until `clear`).
            self.forget();
            self.stamp = vocab.stamp;
        }
        if self.slots.is_empty() {
            self.slots = vec![EMPTY; 1 << MEMO_BITS];
        }
        let bytes = token.as_bytes();
        let cacheable = !bytes.is_empty() && bytes.len() <= SLOT_BYTES;
        let h = FxBuild::default().hash_one(token);
        // The high bits of a multiplicative hash are the well-mixed ones.
        let at = (h >> (64 - MEMO_BITS)) as usize;
        if cacheable {
            // Two ways: the slot and its neighbour (the adjacent cache line).
            for slot in [self.slots.get(at), self.slots.get(at ^ 1)]
                .into_iter()
                .flatten()
            {
                if slot.len as usize == bytes.len() && slot.bytes.get(..bytes.len()) == Some(bytes)
                {
                    self.toks.push(slot.info);
                    return;
                }
            }
        }
        let r0 = self.items.len();
        let items = &mut self.items;
        let chars = fold::candidates(token, &mut self.buf, &mut |key, cost| {
            let Some(id) = vocab.get_bytes(key) else {
                return;
            };
            let cost = cost as u32;
            match items[r0..].iter_mut().find(|r| r.id == id) {
                Some(r) => r.cost = r.cost.min(cost),
                None => items.push(IdReading { id, cost }),
            }
        });
        // Stable: equal costs keep generation order, as fold::readings does.
        self.items[r0..].sort_by_key(|r| r.cost);
        let info = TokInfo {
            r0: r0 as u32,
            r1: self.items.len() as u32,
            chars: chars as u32,
        };
        self.toks.push(info);
        if cacheable {
            // The newest spelling takes the first way, the one it held the second.
            if let Some(&old) = self.slots.get(at) {
                if let Some(second) = self.slots.get_mut(at ^ 1) {
                    *second = old;
                }
            }
            if let Some(slot) = self.slots.get_mut(at) {
                slot.len = bytes.len() as u8;
                slot.bytes[..bytes.len()].copy_from_slice(bytes);
                slot.info = info;
            }
        }
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    /// The readings of token `i` (empty when out of range).
    #[inline]
    pub fn readings(&self, i: usize) -> &[IdReading] {
        match self.toks.get(i) {
            Some(t) => self.items.get(t.r0 as usize..t.r1 as usize).unwrap_or(&[]),
            None => &[],
        }
    }

    /// Chars of token `i` as written (0 when out of range).
    pub fn chars(&self, i: usize) -> usize {
        self.toks.get(i).map_or(0, |t| t.chars as usize)
    }

    /// Whether the analysis was made with `vocab` or a clone of it.
    pub fn made_with(&self, vocab: &Vocab) -> bool {
        self.toks.is_empty() || self.origin == vocab.origin
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::hash::BuildHasher;

    #[test]
    fn fx_hash_separates_lengths_and_content() {
        let b = FxBuild::default();
        let words = ["", "ا", "اا", "ab", "ba", "abcdefgh", "abcdefgh\0", "فرنسا"];
        let hashes: std::collections::HashSet<u64> = words.iter().map(|w| b.hash_one(w)).collect();
        assert_eq!(hashes.len(), words.len());
    }

    #[test]
    fn vocab_interns_and_clones_keep_ids() {
        let mut v = Vocab::new();
        let a = v.intern("فرنسا");
        assert_eq!(v.intern("فرنسا"), a);
        let mut w = v.clone();
        let b = w.intern("روسيا");
        assert_eq!(w.get("فرنسا"), Some(a));
        assert_ne!(a, b);
        assert_eq!(v.get("روسيا"), None);
        assert!(v.same_origin(&w));
        assert!(!v.same_origin(&Vocab::new()));
        assert_eq!(w.word(b), Some("روسيا"));
    }

    /// The analysis keeps exactly the in-vocabulary readings of
    /// `fold::readings`, in the same order and with the same costs.
    #[test]
    fn analysis_agrees_with_string_readings() {
        let words = [
            "وبالفرنسيين",
            "للرئيس",
            "حكومتها",
            "جيشه",
            "مقاتلةً",
            "وموسكو",
            "بريطانيا",
            "وب",
            "",
            "ولل",
            "فكالحكومتين",
            "بلدهما",
            "والقوات",
            "NATO",
            "وزيرتها",
            "لللل",
            "ـــه",
            "كالمتحدة",
            // Repeats are served from the memo.
            "للرئيس",
            "وبالفرنسيين",
        ];
        // Vocabulary: every second reading of every word, plus noise.
        let mut vocab = Vocab::new();
        vocab.intern("noise");
        let mut all: HashMap<String, ()> = HashMap::new();
        for w in words {
            for (k, r) in fold::readings(w).into_iter().enumerate() {
                if k % 2 == 0 {
                    vocab.intern(&r.key);
                }
                all.insert(r.key, ());
            }
        }
        assert!(all.len() > 20);
        let mut a = Analysis::new();
        for w in words {
            a.push(w, &vocab);
        }
        for (i, w) in words.iter().enumerate() {
            let want: Vec<(String, u32)> = fold::readings(w)
                .into_iter()
                .filter(|r| vocab.get(&r.key).is_some())
                .map(|r| (r.key, r.cost as u32))
                .collect();
            let got: Vec<(String, u32)> = a
                .readings(i)
                .iter()
                .map(|r| (vocab.word(r.id).unwrap_or("?").to_string(), r.cost))
                .collect();
            assert_eq!(got, want, "{w}");
            assert_eq!(a.chars(i), w.chars().count());
        }
        assert!(a.readings(words.len()).is_empty());

        // A new text with the same vocabulary reuses remembered spellings.
        let first = a.readings(0).to_vec();
        a.clear();
        assert!(a.is_empty());
        a.push(words[0], &vocab);
        assert_eq!(a.readings(0), first.as_slice());
        // An extended vocabulary is a different one: nothing stale is served.
        let mut bigger = vocab.clone();
        let extra: Vec<u32> = fold::readings(words[0])
            .iter()
            .map(|r| bigger.intern(&r.key))
            .collect();
        a.clear();
        a.push(words[0], &bigger);
        let ids: Vec<u32> = a.readings(0).iter().map(|r| r.id).collect();
        assert_eq!(ids, extra);
        assert!(a.made_with(&vocab.clone()));
        assert!(!a.made_with(&Vocab::new()));
    }

    /// Analyses served by spelling id are those `push` computes, across
    /// texts, and never stale after a vocabulary change.
    #[test]
    fn spelled_pushes_agree_with_plain_pushes() {
        let body = "قال الرئيس الفرنسي إن فرنسا وروسيا والرئيس الفرنسي اتفقا";
        let mut vocab = Vocab::new();
        for w in ["رييس", "فرنسي", "فرنسا", "روسيا"] {
            vocab.intern(w);
        }
        let tz = rasad_text::tokenized(body);
        let word = |k: usize| -> String {
            let sp = tz.tokens[k].span;
            tz.chars[sp.start..sp.end].iter().collect::<String>()
        };
        let readings = |a: &Analysis| -> Vec<Vec<IdReading>> {
            (0..a.len()).map(|i| a.readings(i).to_vec()).collect()
        };
        let mut plain = Analysis::new();
        for k in 0..tz.tokens.len() {
            plain.push(&word(k), &vocab);
        }
        let mut spelled = Analysis::new();
        for round in 0..2 {
            spelled.clear();
            for k in 0..tz.tokens.len() {
                spelled.push_spelled(&word(k), tz.spellings[k], tz.generation, &vocab);
            }
            assert_eq!(readings(&spelled), readings(&plain), "round {round}");
        }
        // A bigger vocabulary: the remembered analyses are not served.
        let mut bigger = vocab.clone();
        bigger.intern("قال");
        let mut plain2 = Analysis::new();
        spelled.clear();
        for k in 0..tz.tokens.len() {
            plain2.push(&word(k), &bigger);
            spelled.push_spelled(&word(k), tz.spellings[k], tz.generation, &bigger);
        }
        assert_eq!(readings(&spelled), readings(&plain2));
        assert!(!spelled.readings(0).is_empty());
    }
}
