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
use std::marker::PhantomData;

/// Both passes' scores of one label set: first pass, then document pass.
pub(crate) const W: usize = 2 * N_LABELS;
/// Offsets `-REACH..=REACH`, slot `o + REACH`.
pub(crate) const SLOTS: usize = 2 * REACH + 1;
pub(crate) type Sums = [[i32; W]; SLOTS];

/// Words a cache holds (≈ 0.5 KB each, so ≈ 32 MB per thread); when
/// full, only the words looked up more often than the median since the
/// last pruning stay. On news text about one token in ten is then a word
/// not in the cache.
pub(crate) const CAPACITY: usize = 1 << 16;
/// Document contexts a cache holds (≈ 0.1 KB each) before it starts over.
const DOC_CAPACITY: usize = 1 << 16;

/// What [`crate::features::doc_features`] of a token reads: its own
/// context and its neighbours' (`None` past the sentence edge).
pub(crate) type DocKey = (Option<DocCtx>, DocCtx, Option<DocCtx>);

/// Words seen by one thread with one model.
pub(crate) struct WordCache {
    /// [`Model::id`] of the model the sums come from.
    pub(crate) owner: u64,
    ids: FxMap<Box<str>, u32>,
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

/// Collects the stored rows of the features a [`WordCache`] does not
/// hold (`Joint` ones and any `At` beyond its reach), to be added after
/// the lookups: independent loads, so their cache misses overlap.
pub(crate) struct Rest<'a> {
    pub(crate) table: &'a Table,
    pub(crate) log2: u32,
    pub(crate) rows: &'a mut Vec<u32>,
}

impl FeatureSink for Rest<'_> {
    #[inline]
    fn wants(&self, dep: Dep) -> bool {
        !cached(dep)
    }
    #[inline]
    fn emit(&mut self, _: Dep, h: u64) {
        if let Some(r) = self.table.find(bucket(h, self.log2)) {
            self.rows.push(r);
        }
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
            ids: FxMap::default(),
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
            self.ids.retain(|_, id| match keep.get(*id as usize) {
                Some(&new) if new != u32::MAX => {
                    *id = new;
                    true
                }
                _ => false,
            });
        }
        // Independent of the word ids.
        if self.doc_memo.len() >= DOC_CAPACITY {
            self.doc_memo.clear();
        }
    }

    /// The id of `word`, computing its entry on first sight.
    pub(crate) fn id(&mut self, word: &str, model: &Model) -> u32 {
        if let Some(&id) = self.ids.get(word) {
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
        self.ids.insert(word.into(), id);
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
