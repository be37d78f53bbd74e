//! Per-thread memo of what each word contributes to the emission scores.
//!
//! Most token-feature templates read one token at a fixed offset from the
//! scored one ([`Dep::At`]): their hashes, table rows and weight sums are a
//! function of that word (and the model) alone. A [`WordCache`] keeps, per
//! distinct raw token, its [`TokenInfo`], folded form and, for every offset
//! `-REACH..=REACH`, the sum of both passes' weights of its `At` features.
//! Scoring a token is then a few vector adds plus the `Joint` templates.
//! Weights are integers, so the sums are exactly the plain per-feature
//! sums. (Word pairs were tried too: on news text three pairs in four are
//! new, so a pair cache cost more than it saved.)

use crate::features::{token_features_by, Dep, DocCtx, FeatureSink, FxMap, Sent, TokenInfo, REACH};
use crate::model::{bucket, Model, Table};
use crate::N_LABELS;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

/// Both passes' scores of one label set: first pass, then document pass.
pub(crate) const W: usize = 2 * N_LABELS;
/// Offsets `-REACH..=REACH`, slot `o + REACH`.
pub(crate) const SLOTS: usize = 2 * REACH + 1;
pub(crate) type Sums = [[i32; W]; SLOTS];

/// Words a cache holds (≈ 0.5 KB each, so at most ≈ 128 MB per thread,
/// touched only as words arrive); when full, only the words looked up
/// more often than the median since the last pruning stay. Sized above
/// the vocabulary of a large news sample (25 MB of text: ≈ 150 k distinct
/// words), so a batch of news rarely prunes and first sights are the
/// only misses (≈ 6 % of tokens there, against ≈ 14 % with a quarter of
/// the room: pruning dropped words that came back).
pub(crate) const CAPACITY: usize = 1 << 18;
/// Document contexts a cache holds (≈ 0.1 KB each) before it starts over.
const DOC_CAPACITY: usize = 1 << 16;

/// What [`crate::features::doc_features`] of a token reads: its own
/// context and its neighbours' (`None` past the sentence edge).
pub(crate) type DocKey = (Option<DocCtx>, DocCtx, Option<DocCtx>);

/// Words seen by one thread with one model.
pub(crate) struct WordCache {
    /// [`Model::id`] of the model the sums come from.
    pub(crate) owner: u64,
    /// Ids of the words that fit a [`Short`] key, then of the rest.
    short: FxMap<Short, u32>,
    long: FxMap<Box<str>, u32>,
    /// Arena of the cached words' folded forms (`infos` point into it).
    pub(crate) text: String,
    pub(crate) infos: Vec<TokenInfo>,
    pub(crate) sums: Vec<Sums>,
    /// Per word: lookups since the last pruning.
    hits: Vec<u32>,
    /// Document-pass feature sums by the contexts they read.
    pub(crate) doc_memo: FxMap<DocKey, [i32; N_LABELS]>,
    /// What a missing neighbour at each offset contributes (sentence
    /// edges); slot `REACH` is zero.
    pub(crate) edge: Sums,
}

/// A word of at most 31 bytes (nearly every word), kept in the map's
/// slot itself: comparing keys then reads no other memory, where a
/// `Box<str>` key costs a cache miss on every lookup. Byte 0 is the
/// length, unused bytes are zero.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Short([u8; 32]);

impl Short {
    #[inline]
    fn new(word: &str) -> Option<Short> {
        let b = word.as_bytes();
        let mut k = [0u8; 32];
        k.get_mut(1..=b.len())?.copy_from_slice(b);
        k[0] = b.len() as u8;
        Some(Short(k))
    }
}

impl Hash for Short {
    #[inline]
    fn hash<H: Hasher>(&self, h: &mut H) {
        // Only the used bytes: equal keys have equal lengths.
        h.write(self.0.get(..=self.0[0] as usize).unwrap_or(&self.0));
    }
}

/// Gives the surviving ids of `map` their new values (`keep`), drops the
/// rest.
fn renumber<K>(map: &mut FxMap<K, u32>, keep: &[u32]) {
    map.retain(|_, id| match keep.get(*id as usize) {
        Some(&new) if new != u32::MAX => {
            *id = new;
            true
        }
        _ => false,
    });
}

/// Whether a [`WordCache`] holds the sums of `dep` templates.
#[inline]
fn cached(dep: Dep) -> bool {
    match dep {
        Dep::At(o) => o.unsigned_abs() as usize <= REACH,
        Dep::Joint => false,
    }
}

/// Where a [`Collect`] files each template class it wants.
trait SlotMap {
    fn slot(dep: Dep) -> Option<usize>;
}

/// `At` templates within reach, slot `o + REACH`.
struct AtSlots;
impl SlotMap for AtSlots {
    #[inline]
    fn slot(dep: Dep) -> Option<usize> {
        match dep {
            Dep::At(o) if cached(dep) => Some((o as isize + REACH as isize) as usize),
            _ => None,
        }
    }
}

/// Adds the features of the classes `M` maps to `sums[M::slot(dep)]`
/// (static dispatch: the other templates are compiled out).
struct Collect<'a, M, const N: usize> {
    table: &'a Table,
    log2: u32,
    sums: &'a mut [[i32; W]; N],
    map: PhantomData<M>,
}

impl<'a, M: SlotMap, const N: usize> Collect<'a, M, N> {
    fn new(model: &'a Model, sums: &'a mut [[i32; W]; N]) -> Self {
        Collect {
            table: &model.table,
            log2: model.log2,
            sums,
            map: PhantomData,
        }
    }
}

impl<M: SlotMap, const N: usize> FeatureSink for Collect<'_, M, N> {
    #[inline]
    fn wants(&self, dep: Dep) -> bool {
        M::slot(dep).is_some()
    }
    #[inline]
    fn emit(&mut self, dep: Dep, h: u64) {
        if let (Some(slot), Some(r)) = (
            M::slot(dep).and_then(|k| self.sums.get_mut(k)),
            self.table.find(bucket(h, self.log2)),
        ) {
            self.table.add_row(r, slot);
        }
    }
}

/// Collects the buckets of the features a [`WordCache`] does not hold
/// (`Joint` ones and any `At` beyond its reach), to be looked up together
/// by [`Table::find_many`] after the hashing: their cache misses overlap.
pub(crate) struct Rest<'a> {
    pub(crate) log2: u32,
    pub(crate) buckets: &'a mut Vec<usize>,
}

impl FeatureSink for Rest<'_> {
    #[inline]
    fn wants(&self, dep: Dep) -> bool {
        !cached(dep)
    }
    #[inline]
    fn emit(&mut self, _: Dep, h: u64) {
        self.buckets.push(bucket(h, self.log2));
    }
}

impl WordCache {
    pub(crate) fn new(model: &Model) -> WordCache {
        let mut text = String::new();
        // The edge sums read no word (by the `At` contract), so any token
        // alone in its sentence gives them: every neighbour is missing.
        let lone = [TokenInfo::new("", &model.lex, &mut text)];
        let mut edge = [[0; W]; SLOTS];
        token_features_by(
            Sent::new(&text, &lone),
            0,
            &mut Collect::<AtSlots, SLOTS>::new(model, &mut edge),
        );
        edge[REACH] = [0; W];
        WordCache {
            owner: model.id(),
            // Reserved (not touched) up front: growing by doubling would
            // copy the sums and fault their pages in again.
            short: FxMap::with_capacity_and_hasher(CAPACITY, Default::default()),
            long: FxMap::default(),
            text: String::new(),
            infos: Vec::with_capacity(CAPACITY),
            sums: Vec::with_capacity(CAPACITY),
            hits: Vec::with_capacity(CAPACITY),
            doc_memo: FxMap::default(),
            edge,
        }
    }

    /// Prunes what is full; called between documents, so ids stay valid
    /// through one (a long document may overfill the cache by its own
    /// words).
    pub(crate) fn trim(&mut self) {
        if self.infos.len() >= CAPACITY {
            let keep = survivors(&mut self.hits);
            let mut text = String::with_capacity(self.text.len() / 2);
            let mut at = 0;
            for (old, &new) in keep.iter().enumerate() {
                if new == u32::MAX {
                    continue;
                }
                self.infos[at] = self.infos[old].copy_into(&self.text, &mut text);
                self.sums[at] = self.sums[old];
                self.hits[at] = self.hits[old];
                at += 1;
            }
            self.infos.truncate(at);
            self.sums.truncate(at);
            self.hits.truncate(at);
            self.text = text;
            renumber(&mut self.short, &keep);
            renumber(&mut self.long, &keep);
        }
        // Independent of the word ids.
        if self.doc_memo.len() >= DOC_CAPACITY {
            self.doc_memo.clear();
        }
    }

    /// The id of `word`, computing its entry on first sight.
    pub(crate) fn id(&mut self, word: &str, model: &Model) -> u32 {
        let key = Short::new(word);
        let known = match &key {
            Some(k) => self.short.get(k),
            None => self.long.get(word),
        };
        if let Some(&id) = known {
            if let Some(h) = self.hits.get_mut(id as usize) {
                *h = h.saturating_add(1);
            }
            return id;
        }
        let info = TokenInfo::new(word, &model.lex, &mut self.text);
        // The word at every offset of a sentence of its own copies: each
        // `At(o)` template reads just the copy at `o`.
        let copies = [info; SLOTS];
        let mut sums = [[0; W]; SLOTS];
        token_features_by(
            Sent::new(&self.text, &copies),
            REACH,
            &mut Collect::<AtSlots, SLOTS>::new(model, &mut sums),
        );
        let id = self.infos.len() as u32;
        self.infos.push(info);
        self.sums.push(sums);
        self.hits.push(0);
        match key {
            Some(k) => self.short.insert(k, id),
            None => self.long.insert(word.into(), id),
        };
        id
    }

    /// Words held.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.infos.len()
    }
}

/// Which entries survive a pruning, by lookups: those above the median
/// (at most half, so pruning is rare), with their counts halved so old
/// popularity fades. Returns each entry's new index (`u32::MAX`: dropped).
fn survivors(hits: &mut [u32]) -> Vec<u32> {
    let mut sorted = hits.to_vec();
    let median = match sorted.len() {
        0 => 0,
        n => *sorted.select_nth_unstable(n / 2).1,
    };
    let mut next = 0u32;
    hits.iter_mut()
        .map(|h| {
            if *h > median {
                *h /= 2;
                next += 1;
                next - 1
            } else {
                u32::MAX
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_every_length_keep_one_id_each() {
        let m = Model::load_embedded().expect("shipped model");
        let mut c = WordCache::new(&m);
        // Around the inline key's limit (31 bytes), and keys that differ
        // only by a trailing zero byte or by length.
        let b15 = "ب".repeat(15);
        let words = [
            String::new(),
            "x".to_string(),
            "x\0".to_string(),
            "في".to_string(),
            b15.clone(),
            format!("{b15}x"),
            "ب".repeat(16),
            format!("{}x", "ب".repeat(16)),
            "ب".repeat(40),
        ];
        let ids: Vec<u32> = words.iter().map(|w| c.id(w, &m)).collect();
        let mut uniq = ids.clone();
        uniq.sort_unstable();
        uniq.dedup();
        assert_eq!(uniq.len(), words.len(), "distinct words, distinct ids");
        assert_eq!(c.len(), words.len());
        let again: Vec<u32> = words.iter().map(|w| c.id(w, &m)).collect();
        assert_eq!(again, ids, "a word seen again keeps its id");
        assert_eq!(c.len(), words.len(), "nothing added on a second sight");
    }
}
