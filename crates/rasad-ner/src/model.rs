//! The model: hashed weight table, transitions, lexicon; decoding; file format.

use crate::features::{doc_contexts, doc_features, token_features, Doc, Lexicon};
use crate::{spans, EntityType, NerError, Tag, N_LABELS};
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
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
    back.clear();
    back.resize(n * N_LABELS, 0);
    let mut prev = [0f32; N_LABELS];
    for c in 0..N_LABELS {
        prev[c] = trans[N_LABELS * N_LABELS + c] + em[c];
    }
    for i in 1..n {
        let mut cur = [0f32; N_LABELS];
        for c in 0..N_LABELS {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0usize;
            // `I-X` (even index ≥ 2) may only follow `B-X` or `I-X`; every
            // other move into it is FORBIDDEN and can never be the best.
            let from = if c >= 2 && c % 2 == 0 {
                c - 1..c + 1
            } else {
                0..N_LABELS
            };
            for p in from {
                let s = prev[p] + trans[p * N_LABELS + c];
                if s > best {
                    best = s;
                    arg = p;
                }
            }
            cur[c] = best + em[i * N_LABELS + c];
            back[i * N_LABELS + c] = arg as u8;
        }
        prev = cur;
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
        }
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
    /// rows (count, then varint bucket delta + N_LABELS i16 per row).
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
            Lexicon::new(triggers, gazetteer, names, phrases),
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
