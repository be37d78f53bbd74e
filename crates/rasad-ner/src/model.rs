//! The model: hashed weight table, transitions, lexicon; decoding; file format.

#[cfg(test)]
use crate::cache::CAPACITY;
use crate::cache::{joint_sums, prefetch_lines, Memo, WordCache, SLOTS, W};
use crate::features::{
    bos_prefixes, doc_contexts, doc_features, doc_key, joint_keys, pair_features, Doc, DocKey,
    JointKey, Lexicon, JOINT_GROUPS, REACH,
};
#[cfg(test)]
use crate::features::{pair_prefixes, token_features, token_features_by, Dep, FeatureSink};
use crate::features::{Clusters, CLUSTER_LEVELS};
use crate::{spans, EntityType, NerError, Tag, N_LABELS};
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

const MAGIC: &[u8; 8] = b"RSDNER\x00\x02";
/// The shipped model, trained by `rasad train-ner` (see models/ner/MODEL.md).
const EMBEDDED: &[u8] = include_bytes!("../../../models/ner/rasad-ner.bin");
/// Transition score for forbidden BIO transitions: far below any real path.
const FORBIDDEN: f32 = -1.0e30;

/// One pass of the tagger: label-to-label transitions and the O bias (its
/// feature weights are one half of each [`Table`] row).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pass {
    /// `(N_LABELS + 1) × N_LABELS`: row `p` scores label `p` → column label;
    /// the last row scores the sentence start.
    pub(crate) trans: Vec<i32>,
    /// Subtracted from every token's `O` score (recall/precision trade-off).
    pub(crate) o_bias: i32,
    trans_f: Vec<f32>,
}

impl Pass {
    pub(crate) fn new(trans: Vec<i32>, o_bias: i32) -> Pass {
        let trans_f = constrained(|p, c| trans[p * N_LABELS + c] as f32);
        Pass {
            trans,
            o_bias,
            trans_f,
        }
    }
}

/// Both passes' weights for the hashed feature rows that have any, packed:
/// a bitmap over the `2^log2` rows with a running popcount gives each
/// stored row's index, so a row without weights costs one bit and a
/// lookup never touches memory for it. Each stored row holds the first
/// pass's `N_LABELS` weights, then the second's: the document pass reads
/// the rows the sentence pass has just pulled into cache.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    bits: Vec<u64>,
    /// Stored rows before each bitmap word.
    rank: Vec<u32>,
    rows: Vec<[i16; 2 * N_LABELS]>,
}

/// A sparse row list of one pass: `(bucket, weights)`.
pub(crate) type Rows = Vec<(usize, [i16; N_LABELS])>;

impl Table {
    /// From two passes' row lists (buckets below `2^log2`); a bucket listed
    /// twice in one pass keeps its last weights.
    pub(crate) fn from_rows(log2: u32, first: &Rows, second: &Rows) -> Table {
        let size = 1usize << log2;
        let mut bits = vec![0u64; size.div_ceil(64)];
        for &(b, _) in first.iter().chain(second) {
            if let Some(w) = bits.get_mut(b >> 6) {
                *w |= 1 << (b & 63);
            }
        }
        let mut rank = Vec::with_capacity(bits.len());
        let mut total = 0u32;
        for w in &bits {
            rank.push(total);
            total += w.count_ones();
        }
        let mut t = Table {
            bits,
            rank,
            rows: vec![[0; 2 * N_LABELS]; total as usize],
        };
        for (half, list) in [first, second].into_iter().enumerate() {
            for (b, w) in list {
                if let Some(r) = t.find(*b) {
                    t.rows[r as usize][half * N_LABELS..(half + 1) * N_LABELS].copy_from_slice(w);
                }
            }
        }
        t
    }

    /// From two dense `2^log2 × N_LABELS` weight tables.
    pub(crate) fn from_dense(log2: u32, first: &[i16], second: &[i16]) -> Table {
        let sparse = |w: &[i16]| -> Rows {
            w.chunks(N_LABELS)
                .enumerate()
                .filter(|(_, r)| r.iter().any(|x| *x != 0))
                .map(|(i, r)| {
                    let mut a = [0i16; N_LABELS];
                    a.copy_from_slice(r);
                    (i, a)
                })
                .collect()
        };
        Table::from_rows(log2, &sparse(first), &sparse(second))
    }

    /// Index of the stored row for `bucket`, if it has weights.
    #[inline]
    pub(crate) fn find(&self, bucket: usize) -> Option<u32> {
        let w = *self.bits.get(bucket >> 6)?;
        let bit = 1u64 << (bucket & 63);
        if w & bit == 0 {
            return None;
        }
        Some(self.rank[bucket >> 6] + (w & (bit - 1)).count_ones())
    }

    /// Appends the stored rows of `buckets` (those that have one) to
    /// `rows`, as [`Table::find`] would. Every bitmap word and rank is
    /// loaded before any bit is tested: testing each before the next load
    /// queued the cache misses behind mispredicted branches.
    pub(crate) fn find_many(
        &self,
        buckets: &[usize],
        scratch: &mut Vec<(u64, u32)>,
        rows: &mut Vec<u32>,
    ) {
        scratch.clear();
        scratch.extend(buckets.iter().map(|&b| {
            let i = b >> 6;
            (
                self.bits.get(i).copied().unwrap_or(0),
                self.rank.get(i).copied().unwrap_or(0),
            )
        }));
        for (&b, &(w, rank)) in buckets.iter().zip(scratch.iter()) {
            let bit = 1u64 << (b & 63);
            if w & bit != 0 {
                rows.push(rank + (w & (bit - 1)).count_ones());
            }
        }
    }

    /// `(bucket, row)` for every stored row, in bucket order.
    fn iter(&self) -> impl Iterator<Item = (usize, &[i16; 2 * N_LABELS])> + '_ {
        let mut r = 0usize;
        self.bits
            .iter()
            .enumerate()
            .flat_map(move |(wi, &w)| {
                let mut w = w;
                std::iter::from_fn(move || {
                    if w == 0 {
                        return None;
                    }
                    let b = wi * 64 + w.trailing_zeros() as usize;
                    w &= w - 1;
                    Some(b)
                })
            })
            .map(move |b| {
                let row = &self.rows[r];
                r += 1;
                (b, row)
            })
    }

    /// Hints the CPU to fetch the bitmap word and rank of `bucket`.
    #[inline]
    pub(crate) fn prefetch_bucket(&self, bucket: usize) {
        if let (Some(w), Some(r)) = (self.bits.get(bucket >> 6), self.rank.get(bucket >> 6)) {
            crate::cache::prefetch(w);
            crate::cache::prefetch(r);
        }
    }

    /// Hints the CPU to fetch stored row `r`.
    #[inline]
    pub(crate) fn prefetch_row(&self, r: u32) {
        if let Some(row) = self.rows.get(r as usize) {
            // A row may straddle two cache lines.
            crate::cache::prefetch(row);
            crate::cache::prefetch(row.as_ptr().wrapping_add(N_LABELS * 2 - 1));
        }
    }

    /// Adds both passes' weights of stored row `r` to `acc`.
    #[inline]
    pub(crate) fn add_row(&self, r: u32, acc: &mut [i32; 2 * N_LABELS]) {
        if let Some(row) = self.rows.get(r as usize) {
            for (a, &x) in acc.iter_mut().zip(row) {
                *a += x as i32;
            }
        }
    }

    /// Adds `half` (0 = first pass) of stored row `r` to `acc`.
    #[inline]
    fn add(&self, r: u32, half: usize, acc: &mut [i32; N_LABELS]) {
        if let Some(row) = self.rows.get(r as usize) {
            let w = &row[half * N_LABELS..(half + 1) * N_LABELS];
            for (a, &x) in acc.iter_mut().zip(w) {
                *a += x as i32;
            }
        }
    }
}

/// A trained tagger: a sentence pass, and a document pass that rescores
/// every sentence with what the first pass said about the same words in
/// the neighbouring sentences (names recur within an article).
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub(crate) log2: u32,
    /// Sentences before and after that the document pass looks at.
    pub(crate) window: u32,
    pub(crate) first: Pass,
    pub(crate) second: Pass,
    pub(crate) table: Table,
    pub(crate) lex: Lexicon,
    /// Identifies this model's [`WordCache`]s; models are never changed
    /// after construction, so equal ids mean equal weights.
    id: ModelId,
}

/// A process-unique model number; ignored by `==` (it is not content).
#[derive(Debug, Clone, Copy)]
struct ModelId(u64);

impl PartialEq for ModelId {
    fn eq(&self, _: &ModelId) -> bool {
        true
    }
}

static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

thread_local! {
    /// The word cache of the model this thread tagged with last.
    static CACHE: RefCell<Option<WordCache>> = const { RefCell::new(None) };
}

#[inline]
pub(crate) fn bucket(h: u64, log2: u32) -> usize {
    (h >> (64 - log2)) as usize
}

/// Exact first-order Viterbi over `n` tokens. `em` is `n × N_LABELS`,
/// `trans` is `(N_LABELS + 1) × N_LABELS` with BIO-forbidden moves already
/// set to [`FORBIDDEN`]. Ties go to the lower label index (deterministic).
pub(crate) fn viterbi(em: &[f32], n: usize, trans: &[f32]) -> Vec<usize> {
    let mut out = vec![0usize; n];
    viterbi_into(em, trans, &mut Vec::new(), &mut out);
    out
}

/// [`viterbi`] into `out` (one label per token), with `back` as scratch.
pub(crate) fn viterbi_into(em: &[f32], trans: &[f32], back: &mut Vec<u8>, out: &mut [usize]) {
    let n = out.len().min(em.len() / N_LABELS);
    if n == 0 {
        return;
    }
    // Fixed-size copies, padded to whole SIMD vectors (lanes past
    // `N_LABELS` are never read back): no bounds checks, and each step
    // below is a few vector operations.
    let mut tr = [[0f32; LANES]; N_LABELS + 1];
    for (row, t) in tr.iter_mut().zip(trans.chunks_exact(N_LABELS)) {
        row[..N_LABELS].copy_from_slice(t);
    }
    back.clear();
    back.resize(n * N_LABELS, 0);
    let mut prev = [0f32; LANES];
    for c in 0..N_LABELS {
        prev[c] = tr[N_LABELS][c] + em[c];
    }
    for (e, bk) in em[N_LABELS..n * N_LABELS]
        .chunks_exact(N_LABELS)
        .zip(back[N_LABELS..].chunks_exact_mut(N_LABELS))
    {
        // Every label at once, predecessors in order, strictly greater
        // wins: ties keep the lower label, as a per-label scan would.
        // Forbidden moves (into `I-X` from anything but `B-X`/`I-X`) are
        // scanned too, but score about FORBIDDEN and never beat the
        // allowed `B-X` predecessor, whose score is a real one.
        let mut best = [f32::NEG_INFINITY; LANES];
        let mut arg = [0i32; LANES];
        for (p, row) in tr[..N_LABELS].iter().enumerate() {
            let from = prev[p];
            for c in 0..LANES {
                let s = from + row[c];
                let better = s > best[c];
                best[c] = if better { s } else { best[c] };
                arg[c] = if better { p as i32 } else { arg[c] };
            }
        }
        for c in 0..N_LABELS {
            prev[c] = best[c] + e[c];
            bk[c] = arg[c] as u8;
        }
    }
    let mut arg = 0usize;
    for c in 1..N_LABELS {
        if prev[c] > prev[arg] {
            arg = c;
        }
    }
    out[n - 1] = arg;
    for i in (1..n).rev() {
        arg = back[i * N_LABELS + arg] as usize;
        out[i - 1] = arg;
    }
}

/// [`viterbi_into`]'s label lanes: `N_LABELS` rounded up to whole
/// 4-lane vectors.
const LANES: usize = N_LABELS.next_multiple_of(4);

/// Adds BIO constraints to raw transition scores.
pub(crate) fn constrained(trans: impl Fn(usize, usize) -> f32) -> Vec<f32> {
    let mut out = vec![0f32; (N_LABELS + 1) * N_LABELS];
    for p in 0..=N_LABELS {
        let prev = (p < N_LABELS).then(|| Tag::from_index(p));
        for c in 0..N_LABELS {
            out[p * N_LABELS + c] = if Tag::from_index(c).may_follow(prev) {
                trans(p, c)
            } else {
                FORBIDDEN
            };
        }
    }
    out
}

impl Model {
    pub(crate) fn from_parts(
        log2: u32,
        window: u32,
        first: Pass,
        second: Pass,
        table: Table,
        lex: Lexicon,
    ) -> Model {
        Model {
            log2,
            window,
            first,
            second,
            table,
            lex,
            id: ModelId(NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed)),
        }
    }

    pub(crate) fn id(&self) -> u64 {
        self.id.0
    }

    /// The model shipped in models/ner/ and compiled into the binary.
    pub fn load_embedded() -> Result<Model, NerError> {
        Model::from_bytes(EMBEDDED, "<embedded models/ner/rasad-ner.bin>")
    }

    /// Loads a model file written by [`Model::save`].
    pub fn load(path: &Path) -> Result<Model, NerError> {
        let bytes = std::fs::read(path).map_err(|source| NerError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Model::from_bytes(&bytes, &path.display().to_string())
    }

    /// Tags one sentence on its own with BIO tags (always valid BIO). The
    /// document pass then only sees repetitions inside this sentence; use
    /// [`Model::tag_document`] when the neighbouring sentences are known.
    pub fn tag(&self, tokens: &[&str]) -> Vec<Tag> {
        self.tag_document(&[tokens.to_vec()])
            .pop()
            .unwrap_or_default()
    }

    /// Tags consecutive sentences of one text (an article, or a CoNLL
    /// file): one tag vector per sentence, each valid BIO. Mentions of a
    /// word in sentences up to the model's window away inform each other.
    pub fn tag_document(&self, sentences: &[Vec<&str>]) -> Vec<Vec<Tag>> {
        CACHE.with(|slot| match slot.try_borrow_mut() {
            Ok(mut slot) => {
                if !matches!(&*slot, Some(c) if c.owner == self.id()) {
                    *slot = Some(WordCache::new(self));
                }
                let cache = slot.get_or_insert_with(|| WordCache::new(self));
                self.tag_with(sentences, cache)
            }
            // Only reachable re-entrantly; a private cache is still exact.
            Err(_) => self.tag_with(sentences, &mut WordCache::new(self)),
        })
    }

    /// [`Model::tag_document`] with `cache`.
    fn tag_with(&self, sentences: &[Vec<&str>], cache: &mut WordCache) -> Vec<Vec<Tag>> {
        let (doc, scores) = self.first_scores(sentences, cache);
        let ntok = doc.toks.len();
        let mut em: Vec<f32> = Vec::with_capacity(N_LABELS * 64);
        let mut back: Vec<u8> = Vec::new();
        let mut labels = vec![0usize; ntok];
        for s in 0..doc.len() {
            let range = doc.range(s);
            em.clear();
            for acc in &scores[range.clone()] {
                let mut e = [0i32; N_LABELS];
                e.copy_from_slice(&acc[..N_LABELS]);
                e[0] -= self.first.o_bias;
                em.extend(e.iter().map(|&a| a as f32));
            }
            viterbi_into(&em, &self.first.trans_f, &mut back, &mut labels[range]);
        }
        let ctx = doc_contexts(&doc, &labels, self.window as usize);
        let mut out = Vec::with_capacity(doc.len());
        let mut dkeys: Vec<(DocKey, u64)> = Vec::with_capacity(64);
        let mut dids: Vec<u32> = Vec::with_capacity(64);
        for s in 0..doc.len() {
            let range = doc.range(s);
            let sctx = &ctx[range.clone()];
            em.clear();
            // Keys first, their slots prefetched; then ids, their values
            // prefetched; then the sums (see `Memo`).
            dkeys.clear();
            for i in 0..range.len() {
                let k = doc_key(sctx, i);
                let h = Memo::<DocKey, [i32; N_LABELS]>::hash(&k);
                cache.doc_memo.prefetch(h);
                dkeys.push((k, h));
            }
            dids.clear();
            for (i, &(k, h)) in dkeys.iter().enumerate() {
                let id = match cache.doc_memo.find(&k, h) {
                    Some(id) => id,
                    None => {
                        let mut sum = [0i32; N_LABELS];
                        doc_features(sctx, i, |h| {
                            if let Some(r) = self.table.find(bucket(h, self.log2)) {
                                self.table.add(r, 1, &mut sum);
                            }
                        });
                        cache.doc_memo.insert(k, h, sum)
                    }
                };
                cache.doc_memo.prefetch_value(id);
                dids.push(id);
            }
            for (t, &id) in range.clone().zip(&dids) {
                let mut acc = [0i32; N_LABELS];
                acc.copy_from_slice(&scores[t][N_LABELS..]);
                acc[0] -= self.second.o_bias;
                if let Some(doc) = cache.doc_memo.value(id) {
                    for (a, d) in acc.iter_mut().zip(doc.iter()) {
                        *a += d;
                    }
                }
                em.extend(acc.iter().map(|&a| a as f32));
            }
            let lab = &mut labels[range];
            viterbi_into(&em, &self.second.trans_f, &mut back, lab);
            out.push(lab.iter().map(|&l| Tag::from_index(l)).collect());
        }
        cache.return_text(doc.into_text());
        out
    }

    /// The document built from `sentences` and, per token, both passes'
    /// weight sums over its token features (no O bias, no document
    /// features): cached word sums for the `At` templates within reach,
    /// hashed lookups for the rest. The document holds the cache's arena
    /// of folded words: give it back with `WordCache::return_text`.
    fn first_scores(&self, sentences: &[Vec<&str>], cache: &mut WordCache) -> (Doc, Vec<[i32; W]>) {
        let ntok: usize = sentences.iter().map(Vec::len).sum();
        cache.trim();
        let mut ids: Vec<u32> = Vec::with_capacity(ntok);
        cache.ids(sentences, self, &mut ids);
        // Every word of the document is cached now: its tokens point
        // into the cache's arena.
        let mut doc = Doc::over_text(cache.lend_text(), ntok, sentences.len());
        let mut at = 0;
        for s in sentences {
            for &id in ids.get(at..at + s.len()).unwrap_or(&[]) {
                if let Some(e) = cache.entries.get(id as usize) {
                    doc.push_built(&e.info);
                }
            }
            at += s.len();
            doc.end_sentence(&self.lex);
        }
        let mut scores: Vec<[i32; W]> = Vec::with_capacity(ntok);
        let mut rows: Vec<u32> = Vec::with_capacity(256);
        let mut offs: Vec<usize> = Vec::with_capacity(64);
        let mut jkeys: Vec<(JointKey, u64)> = Vec::with_capacity(4 * 64);
        let mut jids: Vec<[u32; JOINT_GROUPS]> = Vec::with_capacity(64);
        let mut buckets: Vec<usize> = Vec::with_capacity(256);
        let mut boffs: Vec<usize> = Vec::with_capacity(64);
        let bos = bos_prefixes();
        let mut scratch: Vec<(u64, u32)> = Vec::with_capacity(64);
        for s in 0..doc.len() {
            let sent = doc.sentence(s);
            let sid = &ids[doc.range(s)];
            let n = sid.len();
            // First every token's `Pair` buckets and `Joint` sums, then
            // the rows of the buckets, then the additions; bitmap words
            // and rows are prefetched as soon as known, so their cache
            // misses overlap.
            buckets.clear();
            boffs.clear();
            boffs.push(0);
            jkeys.clear();
            for i in 0..n {
                let entry = sid.get(i).and_then(|&id| cache.entries.get(id as usize));
                // The word sums are read last, for every offset: fetch
                // them now, token by token, while the hashing runs (the
                // lookups only touched the entries' first lines).
                if let Some(e) = entry {
                    prefetch_lines(&e.sums);
                }
                let own = entry.map_or(&bos, |e| &e.pairs);
                let prev = i
                    .checked_sub(1)
                    .and_then(|p| sid.get(p))
                    .and_then(|&id| cache.entries.get(id as usize))
                    .map_or(&bos, |e| &e.pairs);
                pair_features(sent, i, prev, own, |h| {
                    let b = bucket(h, self.log2);
                    self.table.prefetch_bucket(b);
                    buckets.push(b);
                });
                boffs.push(buckets.len());
                for k in joint_keys(sent, i) {
                    let h = Memo::<JointKey, [i32; W]>::hash(&k);
                    cache.joint_memo.prefetch(h);
                    jkeys.push((k, h));
                }
            }
            // The ids of the joint keys (sums of the tokens with one
            // missing are computed), their values prefetched.
            jids.clear();
            for (i, keys) in jkeys.chunks_exact(JOINT_GROUPS).enumerate() {
                let mut ids = [0u32; JOINT_GROUPS];
                let mut missing = false;
                for (id, (k, h)) in ids.iter_mut().zip(keys) {
                    match cache.joint_memo.find(k, *h) {
                        Some(found) => *id = found,
                        None => missing = true,
                    }
                }
                if missing {
                    let sums = joint_sums(self, sent, i);
                    for ((id, (k, h)), sum) in ids.iter_mut().zip(keys).zip(sums) {
                        *id = match cache.joint_memo.find(k, *h) {
                            Some(found) => found,
                            None => cache.joint_memo.insert(*k, *h, sum),
                        };
                    }
                }
                for &id in &ids {
                    cache.joint_memo.prefetch_value(id);
                }
                jids.push(ids);
            }
            rows.clear();
            offs.clear();
            offs.push(0);
            for w in boffs.windows(2) {
                let from = rows.len();
                let bs = buckets.get(w[0]..w[1]).unwrap_or(&[]);
                self.table.find_many(bs, &mut scratch, &mut rows);
                for &r in &rows[from..] {
                    self.table.prefetch_row(r);
                }
                offs.push(rows.len());
            }
            for i in 0..n {
                const ZERO: [i32; W] = [0; W];
                let mut src: [&[i32; W]; SLOTS] = [&ZERO; SLOTS];
                for (k, src) in src.iter_mut().enumerate() {
                    // The token at offset k - REACH, or the sentence edge.
                    let j = (i + k).wrapping_sub(REACH);
                    *src = match sid.get(j) {
                        Some(&id) => cache.entries.get(id as usize).map(|e| &e.sums[k]),
                        None => cache.edge.get(k),
                    }
                    .unwrap_or(&ZERO);
                }
                let mut acc = ZERO;
                for &id in jids.get(i).map_or(&[][..], |j| &j[..]) {
                    if let Some(v) = cache.joint_memo.value(id) {
                        acc.iter_mut().zip(v).for_each(|(a, b)| *a += b);
                    }
                }
                for s in src {
                    for l in 0..W {
                        acc[l] += s[l];
                    }
                }
                for &r in rows.get(offs[i]..offs[i + 1]).unwrap_or(&[]) {
                    self.table.add_row(r, &mut acc);
                }
                scores.push(acc);
            }
        }
        (doc, scores)
    }

    /// [`Model::tag_document`] the plain way, every feature hashed and
    /// looked up per token: the reference the cached scoring must match.
    #[cfg(test)]
    pub(crate) fn tag_document_reference(&self, sentences: &[Vec<&str>]) -> Vec<Vec<Tag>> {
        let ntok: usize = sentences.iter().map(Vec::len).sum();
        let mut doc = Doc::with_capacity(ntok, sentences.len());
        for s in sentences {
            doc.push_sentence(s, &self.lex);
        }
        // Stored rows of every token's features, kept for the document
        // pass (features without weights are dropped here).
        let mut rows: Vec<u32> = Vec::with_capacity(ntok * 48);
        let mut offs: Vec<usize> = Vec::with_capacity(ntok + 1);
        offs.push(0);
        let mut em: Vec<f32> = Vec::with_capacity(N_LABELS * 64);
        let mut back: Vec<u8> = Vec::new();
        let mut labels = vec![0usize; ntok];
        for s in 0..doc.len() {
            let sent = doc.sentence(s);
            let base = doc.range(s).start;
            for i in 0..sent.toks.len() {
                token_features(sent, i, |h| {
                    if let Some(r) = self.table.find(bucket(h, self.log2)) {
                        rows.push(r);
                    }
                });
                offs.push(rows.len());
            }
            // A separate loop: its row loads are independent, so the CPU
            // overlaps their cache misses.
            em.clear();
            for t in doc.range(s) {
                let mut acc = [0i32; N_LABELS];
                acc[0] -= self.first.o_bias;
                for &r in &rows[offs[t]..offs[t + 1]] {
                    self.table.add(r, 0, &mut acc);
                }
                em.extend(acc.iter().map(|&a| a as f32));
            }
            let end = base + sent.toks.len();
            viterbi_into(&em, &self.first.trans_f, &mut back, &mut labels[base..end]);
        }
        let ctx = doc_contexts(&doc, &labels, self.window as usize);
        let mut out = Vec::with_capacity(doc.len());
        for s in 0..doc.len() {
            let range = doc.range(s);
            let sctx = &ctx[range.clone()];
            em.clear();
            for (i, t) in range.clone().enumerate() {
                let mut acc = [0i32; N_LABELS];
                acc[0] -= self.second.o_bias;
                for &r in &rows[offs[t]..offs[t + 1]] {
                    self.table.add(r, 1, &mut acc);
                }
                doc_features(sctx, i, |h| {
                    if let Some(r) = self.table.find(bucket(h, self.log2)) {
                        self.table.add(r, 1, &mut acc);
                    }
                });
                em.extend(acc.iter().map(|&a| a as f32));
            }
            let lab = &mut labels[range];
            viterbi_into(&em, &self.second.trans_f, &mut back, lab);
            out.push(lab.iter().map(|&l| Tag::from_index(l)).collect());
        }
        out
    }

    /// Entities as `(start, end, type)` token ranges, `end` exclusive.
    pub fn entities(&self, tokens: &[&str]) -> Vec<(usize, usize, EntityType)> {
        spans(&self.tag(tokens))
    }

    /// Number of non-zero weights (a size/sparsity statistic).
    pub fn nonzero_weights(&self) -> usize {
        self.table
            .rows
            .iter()
            .map(|r| r.iter().filter(|w| **w != 0).count())
            .sum()
    }

    /// Serialises the model: `RSDNER\0\x02` magic, then a raw-deflate stream
    /// of little-endian fields: log2, N_LABELS, window, both passes'
    /// transitions (i32) each followed by its O bias (i32), trigger, gazetteer and name entries (u32 length +
    /// UTF-8 key + u8 code, in key order), phrase entries (same, u32 mask),
    /// then each pass's non-zero weight
    /// rows (count, then varint bucket delta + N_LABELS i16 per row),
    /// then, only if the model has word clusters, their entries (u32
    /// count; u32 length + UTF-8 stem + `CLUSTER_LEVELS` u16 ids each).
    /// Byte-identical for identical models.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut p = Vec::new();
        p.extend_from_slice(&self.log2.to_le_bytes());
        p.extend_from_slice(&(N_LABELS as u32).to_le_bytes());
        p.extend_from_slice(&self.window.to_le_bytes());
        for pass in [&self.first, &self.second] {
            for t in &pass.trans {
                p.extend_from_slice(&t.to_le_bytes());
            }
            p.extend_from_slice(&pass.o_bias.to_le_bytes());
        }
        for map in [&self.lex.triggers, &self.lex.gazetteer, &self.lex.names] {
            p.extend_from_slice(&(map.len() as u32).to_le_bytes());
            for (k, v) in map {
                p.extend_from_slice(&(k.len() as u32).to_le_bytes());
                p.extend_from_slice(k.as_bytes());
                p.push(*v);
            }
        }
        p.extend_from_slice(&(self.lex.phrases.len() as u32).to_le_bytes());
        for (k, v) in &self.lex.phrases {
            p.extend_from_slice(&(k.len() as u32).to_le_bytes());
            p.extend_from_slice(k.as_bytes());
            p.extend_from_slice(&v.to_le_bytes());
        }
        for half in 0..2 {
            write_rows(&mut p, &self.table, half);
        }
        // Word clusters last, and only if any: files without them are
        // what models without clusters always were.
        if !self.lex.clusters.is_empty() {
            p.extend_from_slice(&(self.lex.clusters.len() as u32).to_le_bytes());
            for (k, v) in &self.lex.clusters {
                p.extend_from_slice(&(k.len() as u32).to_le_bytes());
                p.extend_from_slice(k.as_bytes());
                for id in v {
                    p.extend_from_slice(&id.to_le_bytes());
                }
            }
        }
        let mut out = MAGIC.to_vec();
        let mut enc = DeflateEncoder::new(&mut out, Compression::best());
        // Writing into a Vec cannot fail.
        let _ = enc.write_all(&p);
        let _ = enc.finish();
        out
    }

    /// Writes [`Model::to_bytes`] to `path`.
    pub fn save(&self, path: &Path) -> Result<(), NerError> {
        std::fs::write(path, self.to_bytes()).map_err(|source| NerError::Io {
            path: path.display().to_string(),
            source,
        })
    }

    /// Parses [`Model::to_bytes`] output; `name` is used in errors.
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<Model, NerError> {
        let bad = |m: &str| NerError::BadModel {
            path: name.to_string(),
            message: m.to_string(),
        };
        let Some(body) = bytes.strip_prefix(MAGIC.as_slice()) else {
            return Err(bad("not a rasad-ner model (bad magic or empty file)"));
        };
        let mut p = Vec::new();
        DeflateDecoder::new(body)
            .read_to_end(&mut p)
            .map_err(|e| bad(&format!("corrupt compressed data: {e}")))?;
        let mut c = Cursor { buf: &p, pos: 0 };
        let truncated = || bad("truncated");
        let log2 = c.u32().ok_or_else(truncated)?;
        if !(8..=26).contains(&log2) {
            return Err(bad(&format!("table size 2^{log2} out of range")));
        }
        let nl = c.u32().ok_or_else(truncated)? as usize;
        if nl != N_LABELS {
            return Err(bad(&format!("{nl} labels, expected {N_LABELS}")));
        }
        let window = c.u32().ok_or_else(truncated)?;
        if window > 10_000 {
            return Err(bad(&format!("document window {window} out of range")));
        }
        let mut trans = [Vec::new(), Vec::new()];
        let mut bias = [0i32; 2];
        for (t, b) in trans.iter_mut().zip(bias.iter_mut()) {
            for _ in 0..(N_LABELS + 1) * N_LABELS {
                t.push(c.u32().ok_or_else(truncated)? as i32);
            }
            *b = c.u32().ok_or_else(truncated)? as i32;
        }
        let mut maps = [BTreeMap::new(), BTreeMap::new(), BTreeMap::new()];
        for map in maps.iter_mut() {
            let count = c.u32().ok_or_else(truncated)?;
            for _ in 0..count {
                let len = c.u32().ok_or_else(truncated)? as usize;
                let key = c.take(len).ok_or_else(truncated)?;
                let key = std::str::from_utf8(key).map_err(|_| bad("non-UTF-8 key"))?;
                let code = c.take(1).ok_or_else(truncated)?[0];
                map.insert(key.to_string(), code);
            }
        }
        let [triggers, gazetteer, names] = maps;
        let mut phrases = BTreeMap::new();
        let count = c.u32().ok_or_else(truncated)?;
        for _ in 0..count {
            let len = c.u32().ok_or_else(truncated)? as usize;
            let key = c.take(len).ok_or_else(truncated)?;
            let key = std::str::from_utf8(key).map_err(|_| bad("non-UTF-8 key"))?;
            phrases.insert(key.to_string(), c.u32().ok_or_else(truncated)?);
        }
        let w1 = read_rows(&mut c, 1usize << log2).map_err(&bad)?;
        let w2 = read_rows(&mut c, 1usize << log2).map_err(&bad)?;
        let table = Table::from_rows(log2, &w1, &w2);
        let mut clusters = BTreeMap::new();
        if c.pos != p.len() {
            let count = c.u32().ok_or_else(truncated)?;
            for _ in 0..count {
                let len = c.u32().ok_or_else(truncated)? as usize;
                let key = c.take(len).ok_or_else(truncated)?;
                let key = std::str::from_utf8(key).map_err(|_| bad("non-UTF-8 key"))?;
                let mut ids: Clusters = [0; CLUSTER_LEVELS];
                for id in ids.iter_mut() {
                    let b = c.take(2).ok_or_else(truncated)?;
                    *id = u16::from_le_bytes([b[0], b[1]]);
                }
                clusters.insert(key.to_string(), ids);
            }
        }
        if c.pos != p.len() {
            return Err(bad("trailing bytes"));
        }
        let [t1, t2] = trans;
        Ok(Model::from_parts(
            log2,
            window,
            Pass::new(t1, bias[0]),
            Pass::new(t2, bias[1]),
            table,
            Lexicon::new(triggers, gazetteer, names, phrases).with_clusters(clusters),
        ))
    }
}

/// Writes the rows of one pass (`half` of the table) that have weights.
fn write_rows(p: &mut Vec<u8>, table: &Table, half: usize) {
    let part = |r: &[i16; 2 * N_LABELS]| -> [i16; N_LABELS] {
        let mut a = [0i16; N_LABELS];
        a.copy_from_slice(&r[half * N_LABELS..(half + 1) * N_LABELS]);
        a
    };
    let rows: Vec<(usize, [i16; N_LABELS])> = table
        .iter()
        .map(|(b, r)| (b, part(r)))
        .filter(|(_, r)| r.iter().any(|w| *w != 0))
        .collect();
    p.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    let mut last = 0usize;
    for (r, w) in rows {
        let mut d = (r - last) as u64;
        last = r;
        loop {
            let byte = (d & 0x7f) as u8;
            d >>= 7;
            if d == 0 {
                p.push(byte);
                break;
            }
            p.push(byte | 0x80);
        }
        for x in w {
            p.extend_from_slice(&x.to_le_bytes());
        }
    }
}

fn read_rows(c: &mut Cursor<'_>, size: usize) -> Result<Rows, &'static str> {
    let nrows = c.u32().ok_or("truncated")?;
    // Each row takes at least 1 + 2 * N_LABELS bytes: cap the reservation
    // by what the buffer can hold so a corrupt count cannot exhaust memory.
    let cap = (nrows as usize).min(c.buf.len().saturating_sub(c.pos) / (1 + 2 * N_LABELS));
    let mut rows = Vec::with_capacity(cap);
    let mut row = 0usize;
    for _ in 0..nrows {
        let mut d = 0u64;
        let mut shift = 0;
        loop {
            let b = c.take(1).ok_or("truncated")?[0];
            if shift > 56 {
                return Err("bad varint");
            }
            d |= ((b & 0x7f) as u64) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                break;
            }
        }
        row = row
            .checked_add(d as usize)
            .filter(|r| *r < size)
            .ok_or("row index out of range")?;
        let mut w = [0i16; N_LABELS];
        for x in w.iter_mut() {
            let v = c.take(2).ok_or("truncated")?;
            *x = i16::from_le_bytes([v[0], v[1]]);
        }
        rows.push((row, w));
    }
    Ok(rows)
}

struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.buf.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }
    fn u32(&mut self) -> Option<u32> {
        let b = self.take(4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{read_sentences, GoldFormat, Sentence, TrainOptions};

    /// Sentences written for these tests: clitics, diacritics, digits,
    /// Latin, punctuation, repeated names, phrase-gazetteer names, one-word
    /// and empty sentences (edges at both ends at once).
    const WRITTEN: &[&str] = &[
        "التقى الرئيسُ المصري عبد الفتاح السيسي في القاهرة وزيرَ الخارجية الأمريكي",
        "وقال السيسي إن مصر ستستضيف القمة في 12 مايو ٢٠٢٥ ، بحضور الأمم المتحدة",
        "",
        "بيروت",
        "أعلنت شركة Apple وشركة «النور» للتجارة عن اتفاق مع بالأمم المتحدة",
        "وغادر محمد بن سلمان الرياض متجها إلى باريس ثم لندن ؟",
        "ـــ !!! 3.5% iPhone",
        "قال خالد : السيسي والسيسي ولالسيسي",
    ];

    fn written() -> Vec<Vec<&'static str>> {
        WRITTEN
            .iter()
            .map(|s| s.split_whitespace().collect())
            .collect()
    }

    /// Both passes' plain sums over every token feature, per token.
    fn plain_scores(m: &Model, doc: &Doc) -> Vec<[i32; W]> {
        let mut out = Vec::new();
        for s in 0..doc.len() {
            let sent = doc.sentence(s);
            for i in 0..sent.toks.len() {
                let mut acc = [0i32; W];
                token_features(sent, i, |h| {
                    if let Some(r) = m.table.find(bucket(h, m.log2)) {
                        m.table.add_row(r, &mut acc);
                    }
                });
                out.push(acc);
            }
        }
        out
    }

    /// Checks cached scores and tags against the reference, cold and warm.
    fn check(m: &Model, sents: &[Vec<&str>], what: &str) {
        let mut cache = WordCache::new(m);
        for round in ["cold", "warm"] {
            let (doc, fast) = m.first_scores(sents, &mut cache);
            let doc_len = doc.len();
            cache.return_text(doc.into_text());
            let mut plain_doc = Doc::default();
            for s in sents {
                plain_doc.push_sentence(s, &m.lex);
            }
            let plain = plain_scores(m, &plain_doc);
            assert_eq!(fast.len(), plain.len(), "{what} ({round}): token count");
            assert_eq!(doc_len, plain_doc.len(), "{what} ({round}): sentences");
            for (t, (f, p)) in fast.iter().zip(&plain).enumerate() {
                assert_eq!(f, p, "{what} ({round}): scores of token {t}");
            }
            assert_eq!(
                m.tag_with(sents, &mut cache),
                m.tag_document_reference(sents),
                "{what} ({round}): tags"
            );
        }
        assert_eq!(
            m.tag_document(sents),
            m.tag_document_reference(sents),
            "{what}: thread cache"
        );
    }

    #[test]
    fn cached_scoring_matches_plain_scoring_on_written_sentences() {
        let m = Model::load_embedded().expect("shipped model");
        let sents = written();
        check(&m, &sents, "written");
        // Each sentence alone, and the text reversed (other edges).
        for s in &sents {
            check(&m, std::slice::from_ref(s), "one sentence");
        }
        let rev: Vec<Vec<&str>> = sents
            .iter()
            .rev()
            .map(|s| s.iter().rev().copied().collect())
            .collect();
        check(&m, &rev, "reversed");
        check(&m, &[], "empty document");
        // The tagger finds what the written text names.
        let tags = m.tag_document(&sents);
        assert_eq!(tags[3], vec![Tag::B(EntityType::Loc)], "بيروت alone");
    }

    /// Every feature, with its template class.
    struct Record(Vec<(Dep, u64)>);
    impl FeatureSink for Record {
        fn wants(&self, _: Dep) -> bool {
            true
        }
        fn emit(&mut self, dep: Dep, h: u64) {
            self.0.push((dep, h));
        }
    }

    #[test]
    fn every_template_class_is_scored_and_pairs_hash_as_templates_do() {
        let m = Model::load_embedded().expect("shipped model");
        let mut doc = Doc::default();
        for s in written() {
            doc.push_sentence(&s, &m.lex);
        }
        let mut pairs_seen = 0;
        for s in 0..doc.len() {
            let sent = doc.sentence(s);
            for i in 0..sent.toks.len() {
                let mut rec = Record(Vec::new());
                token_features_by(sent, i, &mut rec);
                let mut want: Vec<u64> = Vec::new();
                for &(dep, h) in &rec.0 {
                    match dep {
                        // What the word cache, the joint memo and
                        // `pair_features` cover; anything else would be
                        // dropped by the cached scorer.
                        Dep::At(o) => assert!(o.unsigned_abs() as usize <= REACH, "{dep:?}"),
                        Dep::Joint(g) => assert!((g as usize) < JOINT_GROUPS, "{dep:?}"),
                        Dep::Pair => want.push(h),
                    }
                }
                let own = pair_prefixes(sent.text, &sent.toks[i]);
                let prev = match i.checked_sub(1) {
                    Some(p) => pair_prefixes(sent.text, &sent.toks[p]),
                    None => bos_prefixes(),
                };
                let mut got = Vec::new();
                pair_features(sent, i, &prev, &own, |h| got.push(h));
                want.sort_unstable();
                got.sort_unstable();
                assert_eq!(got, want, "sentence {s} token {i}");
                pairs_seen += got.len();
            }
        }
        assert!(pairs_seen > 100, "{pairs_seen} pair features");
    }

    /// Per label, only its allowed predecessors, in order (what
    /// `viterbi_into` scans all labels at once for).
    fn viterbi_per_label(em: &[f32], n: usize, trans: &[f32]) -> Vec<usize> {
        let allowed = |p: usize, c: usize| trans[p * N_LABELS + c] > FORBIDDEN;
        let mut prev: Vec<f32> = (0..N_LABELS)
            .map(|c| trans[N_LABELS * N_LABELS + c] + em[c])
            .collect();
        let mut back = vec![0usize; n * N_LABELS];
        for i in 1..n {
            let mut cur = vec![0f32; N_LABELS];
            for c in 0..N_LABELS {
                let mut best = f32::NEG_INFINITY;
                for p in (0..N_LABELS).filter(|&p| allowed(p, c)) {
                    let s = prev[p] + trans[p * N_LABELS + c];
                    if s > best {
                        best = s;
                        back[i * N_LABELS + c] = p;
                    }
                }
                cur[c] = best + em[i * N_LABELS + c];
            }
            prev = cur;
        }
        let mut out = vec![0usize; n];
        let mut arg = 0;
        for c in 1..N_LABELS {
            if prev[c] > prev[arg] {
                arg = c;
            }
        }
        out[n - 1] = arg;
        for i in (1..n).rev() {
            arg = back[i * N_LABELS + arg];
            out[i - 1] = arg;
        }
        out
    }

    #[test]
    fn viterbi_scans_like_a_per_label_search_ties_included() {
        // Small integer scores (many ties) and large ones, xorshift.
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |m: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % m) as f32 - (m / 2) as f32
        };
        for round in 0..400 {
            let m = if round % 2 == 0 { 5 } else { 200_000 };
            let raw: Vec<f32> = (0..(N_LABELS + 1) * N_LABELS).map(|_| next(m)).collect();
            let trans = constrained(|p, c| raw[p * N_LABELS + c]);
            let n = 1 + round % 23;
            let em: Vec<f32> = (0..n * N_LABELS).map(|_| next(m)).collect();
            assert_eq!(
                viterbi(&em, n, &trans),
                viterbi_per_label(&em, n, &trans),
                "round {round}"
            );
        }
    }

    #[test]
    fn find_many_finds_what_find_finds() {
        let m = Model::load_embedded().expect("shipped model");
        let size = 1usize << m.log2;
        // Spread over the table, its ends, and past it (no row there).
        let mut buckets: Vec<usize> = (0..4096u64)
            .map(|k| bucket(k.wrapping_mul(0x9e37_79b9_7f4a_7c15), m.log2))
            .collect();
        buckets.extend([0, 1, 63, 64, size - 1, size, size + 64, usize::MAX]);
        let want: Vec<u32> = buckets.iter().filter_map(|&b| m.table.find(b)).collect();
        assert!(want.len() > 10, "some buckets hold rows: {}", want.len());
        let (mut scratch, mut rows) = (Vec::new(), vec![7]);
        m.table.find_many(&buckets, &mut scratch, &mut rows);
        assert_eq!(rows[0], 7, "appends");
        assert_eq!(&rows[1..], &want[..]);
    }

    #[test]
    fn a_full_cache_keeps_its_frequent_words_and_stays_exact() {
        let m = Model::load_embedded().expect("shipped model");
        let sents = written();
        let mut cache = WordCache::new(&m);
        let want = m.tag_document_reference(&sents);
        assert_eq!(m.tag_with(&sents, &mut cache), want);
        assert_eq!(m.tag_with(&sents, &mut cache), want, "warm");
        let held = cache.len();
        assert!(held > 20, "distinct words cached: {held}");
        cache.trim();
        assert_eq!(cache.len(), held, "room left: nothing dropped");
        // Fill up with words seen once: the pruning drops them and keeps
        // the written words, which were looked up twice.
        for k in 0..CAPACITY {
            cache.id(&format!("w{k}"), &m);
        }
        cache.trim();
        assert_eq!(cache.len(), held, "only the words seen again stay");
        assert_eq!(m.tag_with(&sents, &mut cache), want, "after pruning");
        assert_eq!(cache.len(), held, "all written words were kept");
        cache.id("w0", &m);
        assert_eq!(cache.len(), held + 1, "a dropped word is new again");
        assert_eq!(m.tag_with(&sents, &mut cache), want);
    }

    #[test]
    fn two_models_in_one_thread_keep_their_own_caches() {
        let mini: Vec<Sentence> = [
            (
                "التقى الرئيس أحمد سالم في القاهرة",
                "O O B-PERS I-PERS O B-LOC",
            ),
            ("وزارة الخارجية في عمان أعلنت", "B-ORG I-ORG O B-LOC O"),
            ("قال خالد إن القاهرة مدينة", "O B-PERS O B-LOC O"),
        ]
        .iter()
        .map(|(w, t)| Sentence {
            tokens: w.split_whitespace().map(String::from).collect(),
            tags: t.split_whitespace().filter_map(Tag::parse).collect(),
        })
        .collect();
        let opts = TrainOptions {
            epochs: 3,
            first_epochs: 3,
            log2_buckets: 12,
            gazetteer_folds: 2,
            ..TrainOptions::default()
        };
        let small = crate::train_on(&mini, &opts).expect("trains");
        let shipped = Model::load_embedded().expect("shipped model");
        assert_ne!(small.id(), shipped.id());
        let sents = written();
        for m in [&small, &shipped, &small, &shipped] {
            assert_eq!(m.tag_document(&sents), m.tag_document_reference(&sents));
        }
    }

    #[test]
    fn cached_scoring_matches_plain_scoring_on_anercorp_test() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/anercorp/ANERCorp_CamelStyle_test_RECONSTRUCTED.txt"
        );
        let Ok(sents) = read_sentences(Path::new(path), GoldFormat::Anercorp) else {
            eprintln!("skipping: {path} not present");
            return;
        };
        let m = Model::load_embedded().expect("shipped model");
        let doc: Vec<Vec<&str>> = sents
            .iter()
            .map(|s| s.tokens.iter().map(String::as_str).collect())
            .collect();
        assert!(doc.len() > 500, "{} sentences", doc.len());
        check(&m, &doc, "ANERcorp test");
    }
}
