//! Per-thread memo of what each word contributes to the emission scores.
//!
//! Most token-feature templates read one token at a fixed offset from the
//! scored one ([`Dep::At`]): their hashes, table rows and weight sums are a
//! function of that word (and the model) alone. A [`WordCache`] keeps, per
//! distinct raw token, one [`Entry`]: its [`TokenInfo`], the FNV states of
//! the word-pair templates after their first word, and, for every offset
//! `-REACH..=REACH`, the sum of both passes' weights of its `At` features.
//! The `Joint` templates (shapes, lexicon codes and phrase marks of a token
//! and its neighbours) are summed per group and memoised on what the group
//! reads; only the four word-pair templates are hashed (over their second
//! word) and looked up per token. Weights are integers, so all these sums
//! are exactly the plain per-feature sums. (Caching word pairs was tried
//! too: on news text three pairs in four are new, so it cost more than it
//! saved.)
//!
//! Tagging is bound by memory latency more than by arithmetic (the entries
//! of a large vocabulary and the weight rows do not fit in the caches), so
//! lookups go in batches: the index slots of a block of words, then their
//! entries, the bitmap words of a sentence's pair features, then their
//! rows, and the [`Memo`] slots and values of a sentence's joint and
//! document keys, are prefetched before any is used, and their misses
//! overlap. The document being tagged borrows the cache's arena of folded
//! words instead of copying its tokens' text.

use crate::features::{
    pair_prefixes, token_features_by, Dep, DocKey, FeatureSink, FxHasher, FxMap, JointKey, Sent,
    TokenInfo, JOINT_GROUPS, REACH,
};
use crate::model::{bucket, Model, Table};
use crate::N_LABELS;
use std::hash::Hasher;
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

/// Joint-template keys a cache holds (≈ 0.1 KB each) before it starts
/// over. 25 MB of news text has ≈ 14 k (shapes 0.7 k, trigger and name
/// codes 1.5 k, gazetteer codes 3 k, phrase marks 8.5 k); one key over
/// all four groups had ≈ 200 k, about one per 14 tokens, and missed.
const JOINT_CAPACITY: usize = 1 << 16;

/// Words seen by one thread with one model.
pub(crate) struct WordCache {
    /// [`Model::id`] of the model the sums come from.
    pub(crate) owner: u64,
    /// Ids of the words that fit a [`Short`] key (their keys live in
    /// their entries), then of the rest.
    slots: Slots,
    long: FxMap<Box<str>, u32>,
    /// Arena of the cached words' folded forms (entries point into it).
    pub(crate) text: String,
    /// Per word id: everything tagging reads about the word, in one
    /// place, so a word costs one run of cache lines (prefetched ahead).
    pub(crate) entries: Vec<Entry>,
    /// Document-pass feature sums by the contexts they read.
    pub(crate) doc_memo: Memo<DocKey, [i32; N_LABELS]>,
    /// Both passes' sums of each group of `Joint` templates by what the
    /// group reads.
    pub(crate) joint_memo: Memo<JointKey, [i32; W]>,
    /// What a missing neighbour at each offset contributes (sentence
    /// edges); slot `REACH` is zero.
    pub(crate) edge: Sums,
    /// Per-document scratch (kept to avoid allocating per document).
    keys: Vec<(Option<Short>, u64)>,
    /// `owner` while `text` is lent to a document.
    lent_owner: u64,
    /// Scratch of `collect` for new words.
    pending: Vec<(usize, usize)>,
}

/// One cached word, laid out in the order tagging reads it: the key and
/// hit count (the lookup), the token values (building the document), the
/// pair states and sums (scoring). Lookups prefetch the first two cache
/// lines; scoring prefetches the sums (six lines) token by token.
#[derive(Clone, Copy)]
#[repr(C)]
pub(crate) struct Entry {
    /// The raw word ([`Short`] words only; zero for the others).
    key: Short,
    /// Lookups since the last pruning.
    hits: u32,
    /// Whether the word is indexed by `long` rather than by its key.
    long: bool,
    pub(crate) info: TokenInfo,
    /// [`pair_prefixes`] of the word.
    pub(crate) pairs: [u64; 4],
    pub(crate) sums: Sums,
}

/// Hints the CPU to fetch the cache line holding `p` (no effect on
/// results; a no-op off x86-64).
#[inline(always)]
pub(crate) fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint; it never faults or reads memory
    // visibly, whatever the address.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(p as *const i8);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// Prefetches every cache line of `*p`.
#[inline(always)]
pub(crate) fn prefetch_lines<T>(p: &T) {
    let base = p as *const T as *const u8;
    let mut off = 0;
    while off < std::mem::size_of::<T>() {
        prefetch(base.wrapping_add(off));
        off += 64;
    }
}

/// Open-addressing index from [`Short`] keys to entry ids: one `u64`
/// per slot (hash tag above, `id + 1` below; 0 = empty), linear probing,
/// at most half full. A slot is 8 bytes where a map slot holding the
/// key was 36, so the index stays in cache; the key is checked in the
/// entry, which tagging reads anyway.
struct Slots {
    slots: Vec<u64>,
    used: usize,
}

impl Slots {
    fn with_slots(n: usize) -> Slots {
        Slots {
            slots: vec![0; n.next_power_of_two().max(16)],
            used: 0,
        }
    }

    #[inline]
    fn home(&self, h: u64) -> usize {
        // Fx hashes mix into the high bits.
        (h >> (64 - self.slots.len().trailing_zeros())) as usize
    }

    #[inline]
    fn prefetch(&self, h: u64) {
        if let Some(s) = self.slots.get(self.home(h)) {
            prefetch(s);
        }
    }

    /// The id of `key` (hash `h`), or the empty slot where it belongs.
    #[inline]
    fn find(&self, key: &Short, h: u64, entries: &[Entry]) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let tag = h << 32;
        let mut i = self.home(h);
        loop {
            let s = self.slots[i];
            if s == 0 {
                return Err(i);
            }
            if s & !0xffff_ffff == tag {
                let id = (s as u32).wrapping_sub(1);
                if entries.get(id as usize).is_some_and(|e| e.key == *key) {
                    return Ok(id);
                }
            }
            i = (i + 1) & mask;
        }
    }

    /// Files `id` in empty slot `at` (from [`Slots::find`]).
    #[inline]
    fn fill(&mut self, at: usize, h: u64, id: u32) {
        self.slots[at] = (h << 32) | (id as u64 + 1);
        self.used += 1;
    }

    fn over_half(&self) -> bool {
        2 * self.used >= self.slots.len()
    }

    /// Re-indexes the short-keyed `entries` into `n` slots.
    fn rebuild(n: usize, entries: &[Entry]) -> Slots {
        let mut s = Slots::with_slots(n);
        for (id, e) in entries.iter().enumerate() {
            if !e.long {
                let h = e.key.hash();
                if let Err(at) = s.find(&e.key, h, entries) {
                    s.fill(at, h, id as u32);
                }
            }
        }
        s
    }
}

/// A key of a [`Memo`]: a few packed words.
pub(crate) trait MemoKey: Copy + Eq {
    /// Fills empty slots (emptiness is the slot's id, not its key).
    const FILLER: Self;
    fn words(&self) -> &[u64];
}

impl MemoKey for JointKey {
    const FILLER: JointKey = JointKey([0; 2]);
    #[inline]
    fn words(&self) -> &[u64] {
        &self.0
    }
}

impl MemoKey for DocKey {
    const FILLER: DocKey = DocKey([0; 3]);
    #[inline]
    fn words(&self) -> &[u64] {
        &self.0
    }
}

/// Sums memoised on packed keys: an open-addressing index (key and
/// `id + 1` per slot, 0 = empty; linear probing, at most half full) over
/// values kept in insertion order. Unlike a map, a key's slot is known
/// from its hash before it is probed, so the lookups of a whole sentence
/// are prefetched first and their cache misses overlap; the values of
/// frequent keys, inserted early, sit together. Ids stay valid until
/// [`Memo::clear`] (between documents).
pub(crate) struct Memo<K, V> {
    slots: Vec<(K, u32)>,
    vals: Vec<V>,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Memo<K, V> {
        Memo {
            slots: Vec::new(),
            vals: Vec::new(),
        }
    }
}

impl<K: MemoKey, V> Memo<K, V> {
    /// The hash a lookup of `k` takes.
    #[inline]
    pub(crate) fn hash(k: &K) -> u64 {
        // Fx steps: every bit of a word reaches the high bits the home
        // slot is taken from.
        k.words().iter().fold(0u64, |h, &w| {
            (h.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95)
        })
    }

    #[inline]
    fn home(&self, h: u64) -> usize {
        // Fx hashes mix into the high bits (the index is empty or a power
        // of two of at least 1024 slots).
        (h >> (64 - self.slots.len().trailing_zeros()).min(63)) as usize & self.mask()
    }

    #[inline]
    fn mask(&self) -> usize {
        self.slots.len().wrapping_sub(1)
    }

    /// Hints the CPU to fetch the slot where a lookup of hash `h` starts.
    #[inline]
    pub(crate) fn prefetch(&self, h: u64) {
        if let Some(s) = self.slots.get(self.home(h)) {
            prefetch(s);
        }
    }

    /// The id of `k` (hash `h`), if held.
    #[inline]
    pub(crate) fn find(&self, k: &K, h: u64) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let mut i = self.home(h);
        loop {
            let (key, id) = self.slots.get(i)?;
            if *id == 0 {
                return None;
            }
            if key == k {
                return Some(id - 1);
            }
            i = (i + 1) & self.mask();
        }
    }

    /// Hints the CPU to fetch value `id`.
    #[inline]
    pub(crate) fn prefetch_value(&self, id: u32) {
        if let Some(v) = self.vals.get(id as usize) {
            prefetch(v);
            prefetch((v as *const V as *const u8).wrapping_add(std::mem::size_of::<V>() - 1));
        }
    }

    /// Value `id` (from [`Memo::find`] or [`Memo::insert`]).
    #[inline]
    pub(crate) fn value(&self, id: u32) -> Option<&V> {
        self.vals.get(id as usize)
    }

    /// Adds `k` (hash `h`, not held) with value `v`; returns its id.
    pub(crate) fn insert(&mut self, k: K, h: u64, v: V) -> u32 {
        if 2 * (self.vals.len() + 1) > self.slots.len() {
            self.grow();
        }
        let id = self.vals.len() as u32;
        self.vals.push(v);
        self.place(k, h, id);
        id
    }

    fn place(&mut self, k: K, h: u64, id: u32) {
        let mut i = self.home(h);
        while let Some(s) = self.slots.get_mut(i) {
            if s.1 == 0 {
                *s = (k, id + 1);
                return;
            }
            i = (i + 1) & self.mask();
        }
    }

    /// Doubles the index (ids and values stay).
    fn grow(&mut self) {
        let n = (2 * self.slots.len()).max(1024);
        let old = std::mem::replace(&mut self.slots, vec![(K::FILLER, 0); n]);
        for (k, id) in old {
            if id != 0 {
                self.place(k, Self::hash(&k), id - 1);
            }
        }
    }

    /// Keys held.
    pub(crate) fn len(&self) -> usize {
        self.vals.len()
    }

    /// Forgets everything (ids become invalid); keeps the room.
    pub(crate) fn clear(&mut self) {
        self.slots.fill((K::FILLER, 0));
        self.vals.clear();
    }
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

impl Short {
    /// Fx hash of the used bytes (equal keys have equal lengths).
    #[inline]
    fn hash(&self) -> u64 {
        let mut h = FxHasher::default();
        h.write(self.0.get(..=self.0[0] as usize).unwrap_or(&self.0));
        h.finish()
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
        Dep::Joint(_) | Dep::Pair => false,
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

/// `Joint` templates, slot = group.
struct JointSlots;
impl SlotMap for JointSlots {
    #[inline]
    fn slot(dep: Dep) -> Option<usize> {
        match dep {
            Dep::Joint(g) => Some(g as usize),
            _ => None,
        }
    }
}

/// Both passes' sums of each group of `Joint` templates of token `i` of
/// `sent` (what [`WordCache::joint_memo`] holds under their
/// [`JointKey`]s).
pub(crate) fn joint_sums(model: &Model, sent: Sent<'_>, i: usize) -> [[i32; W]; JOINT_GROUPS] {
    collect::<JointSlots, JOINT_GROUPS>(model, sent, i, &mut Vec::new())
}

/// Both passes' weight sums of the features of token `i` of `sent` in
/// the classes `M` maps, by slot (static dispatch: the other templates
/// are compiled out). The features are hashed first and their bitmap
/// words prefetched, then their rows found and prefetched, then added:
/// a word seen for the first time costs dozens of cache misses, and
/// this way they overlap. `pending` is scratch.
fn collect<M: SlotMap, const N: usize>(
    model: &Model,
    sent: Sent<'_>,
    i: usize,
    pending: &mut Vec<(usize, usize)>,
) -> [[i32; W]; N] {
    pending.clear();
    let mut c = Collect::<M> {
        table: &model.table,
        log2: model.log2,
        pending,
        map: PhantomData,
    };
    token_features_by(sent, i, &mut c);
    // `(slot, bucket)` becomes `(slot, row)` for the features with a row.
    let mut found = 0;
    for j in 0..pending.len() {
        let (k, b) = pending[j];
        if let Some(r) = model.table.find(b) {
            model.table.prefetch_row(r);
            pending[found] = (k, r as usize);
            found += 1;
        }
    }
    pending.truncate(found);
    let mut sums = [[0; W]; N];
    for &(k, r) in pending.iter() {
        if let Some(s) = sums.get_mut(k) {
            model.table.add_row(r as u32, s);
        }
    }
    sums
}

/// The `(slot, bucket)` of each feature of the classes `M` maps.
struct Collect<'a, M> {
    table: &'a Table,
    log2: u32,
    pending: &'a mut Vec<(usize, usize)>,
    map: PhantomData<M>,
}

impl<M: SlotMap> FeatureSink for Collect<'_, M> {
    #[inline]
    fn wants(&self, dep: Dep) -> bool {
        M::slot(dep).is_some()
    }
    #[inline]
    fn emit(&mut self, dep: Dep, h: u64) {
        if let Some(k) = M::slot(dep) {
            let b = bucket(h, self.log2);
            self.table.prefetch_bucket(b);
            self.pending.push((k, b));
        }
    }
}

impl WordCache {
    pub(crate) fn new(model: &Model) -> WordCache {
        let mut text = String::new();
        // The edge sums read no word (by the `At` contract), so any token
        // alone in its sentence gives them: every neighbour is missing.
        let lone = [TokenInfo::new("", &model.lex, &mut text)];
        let mut edge =
            collect::<AtSlots, SLOTS>(model, Sent::new(&text, &lone), 0, &mut Vec::new());
        edge[REACH] = [0; W];
        WordCache {
            owner: model.id(),
            slots: Slots::with_slots(2 * CAPACITY),
            long: FxMap::default(),
            text: String::new(),
            // Reserved (not touched) up front: growing by doubling would
            // copy the sums and fault their pages in again.
            entries: Vec::with_capacity(CAPACITY),
            doc_memo: Memo::default(),
            joint_memo: Memo::default(),
            edge,
            keys: Vec::new(),
            lent_owner: u64::MAX,
            pending: Vec::with_capacity(128),
        }
    }

    /// Prunes what is full; called between documents, so ids stay valid
    /// through one (a long document may overfill the cache by its own
    /// words).
    pub(crate) fn trim(&mut self) {
        if self.entries.len() >= CAPACITY {
            let mut hits: Vec<u32> = self.entries.iter().map(|e| e.hits).collect();
            let keep = survivors(&mut hits);
            let mut text = String::with_capacity(self.text.len() / 2);
            let mut at = 0;
            for (old, &new) in keep.iter().enumerate() {
                if new == u32::MAX {
                    continue;
                }
                let mut e = self.entries[old];
                e.info = e.info.copy_into(&self.text, &mut text);
                e.hits = hits[old];
                self.entries[at] = e;
                at += 1;
            }
            self.entries.truncate(at);
            self.text = text;
            self.slots = Slots::rebuild(2 * CAPACITY, &self.entries);
            renumber(&mut self.long, &keep);
        }
        // Independent of the word ids.
        if self.doc_memo.len() >= DOC_CAPACITY {
            self.doc_memo.clear();
        }
        if self.joint_memo.len() >= JOINT_CAPACITY {
            self.joint_memo.clear();
        }
    }

    /// Lends the arena of folded words to a document whose tokens are
    /// the cached ones (see `Doc::over_text`), so they are not copied.
    /// Until [`WordCache::return_text`] the cache claims no model: one
    /// left without its arena (by a panic) is rebuilt, never misread.
    pub(crate) fn lend_text(&mut self) -> String {
        if self.owner != u64::MAX {
            self.lent_owner = self.owner;
        }
        self.owner = u64::MAX;
        std::mem::take(&mut self.text)
    }

    /// Takes back the arena lent by [`WordCache::lend_text`].
    pub(crate) fn return_text(&mut self, text: String) {
        self.text = text;
        self.owner = self.lent_owner;
    }

    /// The id of `word`, computing its entry on first sight.
    #[cfg(test)]
    pub(crate) fn id(&mut self, word: &str, model: &Model) -> u32 {
        let key = Short::new(word);
        let h = key.as_ref().map_or(0, Short::hash);
        self.id_hashed(word, key, h, model)
    }

    /// [`WordCache::id`] with `word`'s key and its hash computed.
    #[inline]
    fn id_hashed(&mut self, word: &str, key: Option<Short>, h: u64, model: &Model) -> u32 {
        let found = match &key {
            Some(k) => self.slots.find(k, h, &self.entries),
            None => self.long.get(word).copied().ok_or(usize::MAX),
        };
        match found {
            Ok(id) => {
                if let Some(e) = self.entries.get_mut(id as usize) {
                    e.hits = e.hits.saturating_add(1);
                }
                id
            }
            Err(at) => {
                let id = self.insert(word, key.is_none(), model);
                match key {
                    Some(k) => {
                        if let Some(e) = self.entries.get_mut(id as usize) {
                            e.key = k;
                        }
                        self.slots.fill(at, h, id);
                        if self.slots.over_half() {
                            self.slots = Slots::rebuild(2 * self.slots.slots.len(), &self.entries);
                        }
                    }
                    None => {
                        self.long.insert(word.into(), id);
                    }
                }
                id
            }
        }
    }

    /// Ids of every word of `sentences`, in order, into `out`. Words are
    /// looked up in blocks: the index slots of a block are prefetched,
    /// then the entries they point to, then the block is resolved, so
    /// the cache misses of a block overlap instead of queueing.
    pub(crate) fn ids(&mut self, sentences: &[Vec<&str>], model: &Model, out: &mut Vec<u32>) {
        const BLOCK: usize = 32;
        let mut keys = std::mem::take(&mut self.keys);
        let mut words = sentences.iter().flatten();
        let mut block: [&str; BLOCK] = [""; BLOCK];
        loop {
            keys.clear();
            let mut n = 0;
            for (slot, w) in block.iter_mut().zip(words.by_ref()) {
                *slot = w;
                n += 1;
            }
            if n == 0 {
                break;
            }
            let block = &block[..n];
            for w in block {
                let key = Short::new(w);
                let h = key.as_ref().map_or(0, Short::hash);
                if key.is_some() {
                    self.slots.prefetch(h);
                }
                keys.push((key, h));
            }
            for (key, h) in &keys {
                if key.is_some() {
                    // A likely entry: the home slot's, if its tag matches.
                    let s = self.slots.slots[self.slots.home(*h)];
                    if s != 0 && s & !0xffff_ffff == h << 32 {
                        if let Some(e) = self.entries.get((s as u32).wrapping_sub(1) as usize) {
                            prefetch(e);
                            prefetch((e as *const Entry as *const u8).wrapping_add(64));
                        }
                    }
                }
            }
            for (w, (key, h)) in block.iter().zip(keys.iter()) {
                let id = self.id_hashed(w, *key, *h, model);
                if let Some(e) = self.entries.get(id as usize) {
                    prefetch(self.text.as_ptr().wrapping_add(e.info.at()));
                }
                out.push(id);
            }
        }
        self.keys = keys;
    }

    /// Computes and appends the entry of a word not held.
    fn insert(&mut self, word: &str, long: bool, model: &Model) -> u32 {
        let info = TokenInfo::new(word, &model.lex, &mut self.text);
        // The word at every offset of a sentence of its own copies: each
        // `At(o)` template reads just the copy at `o`.
        let copies = [info; SLOTS];
        let sums = collect::<AtSlots, SLOTS>(
            model,
            Sent::new(&self.text, &copies),
            REACH,
            &mut self.pending,
        );
        let id = self.entries.len() as u32;
        let pairs = pair_prefixes(&self.text, &info);
        self.entries.push(Entry {
            key: Short([0xff; 32]),
            hits: 0,
            long,
            info,
            pairs,
            sums,
        });
        id
    }

    /// Words held.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
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
