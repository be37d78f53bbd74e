//! The model: hashed weight table, transitions, lexicon; decoding; file format.

use crate::features::{token_features, token_infos, Lexicon};
use crate::{spans, EntityType, NerError, Tag, N_LABELS};
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

const MAGIC: &[u8; 8] = b"RSDNER\x00\x01";
/// The shipped model, trained by `rasad train-ner` (see models/ner/MODEL.md).
const EMBEDDED: &[u8] = include_bytes!("../../../models/ner/rasad-ner.bin");
/// Transition score for forbidden BIO transitions: far below any real path.
const FORBIDDEN: f32 = -1.0e30;

/// A trained tagger. Weights are `i16` in a table of `2^log2` hashed
/// feature rows with one column per BIO label.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub(crate) log2: u32,
    pub(crate) weights: Vec<i16>,
    /// `(N_LABELS + 1) × N_LABELS`: row `p` scores label `p` → column label;
    /// the last row scores the sentence start.
    pub(crate) trans: Vec<i32>,
    pub(crate) lex: Lexicon,
    trans_f: Vec<f32>,
}

#[inline]
pub(crate) fn bucket(h: u64, log2: u32) -> usize {
    (h >> (64 - log2)) as usize
}

/// Exact first-order Viterbi over `n` tokens. `em` is `n × N_LABELS`,
/// `trans` is `(N_LABELS + 1) × N_LABELS` with BIO-forbidden moves already
/// set to [`FORBIDDEN`]. Ties go to the lower label index (deterministic).
pub(crate) fn viterbi(em: &[f32], n: usize, trans: &[f32]) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    let mut score = vec![0f32; n * N_LABELS];
    let mut back = vec![0u8; n * N_LABELS];
    for c in 0..N_LABELS {
        score[c] = trans[N_LABELS * N_LABELS + c] + em[c];
    }
    for i in 1..n {
        let (prev, cur) = score.split_at_mut(i * N_LABELS);
        let prev = &prev[(i - 1) * N_LABELS..];
        for c in 0..N_LABELS {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0usize;
            for (p, &ps) in prev.iter().enumerate() {
                let s = ps + trans[p * N_LABELS + c];
                if s > best {
                    best = s;
                    arg = p;
                }
            }
            cur[c] = best + em[i * N_LABELS + c];
            back[i * N_LABELS + c] = arg as u8;
        }
    }
    let last = &score[(n - 1) * N_LABELS..];
    let mut arg = 0usize;
    for c in 1..N_LABELS {
        if last[c] > last[arg] {
            arg = c;
        }
    }
    let mut out = vec![0usize; n];
    out[n - 1] = arg;
    for i in (1..n).rev() {
        arg = back[i * N_LABELS + arg] as usize;
        out[i - 1] = arg;
    }
    out
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
    pub(crate) fn from_parts(log2: u32, weights: Vec<i16>, trans: Vec<i32>, lex: Lexicon) -> Model {
        let trans_f = constrained(|p, c| trans[p * N_LABELS + c] as f32);
        Model {
            log2,
            weights,
            trans,
            lex,
            trans_f,
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

    /// Tags one sentence of tokens with BIO tags (always valid BIO).
    pub fn tag(&self, tokens: &[&str]) -> Vec<Tag> {
        let n = tokens.len();
        if n == 0 {
            return Vec::new();
        }
        let infos = token_infos(tokens, &self.lex);
        let mut em = vec![0f32; n * N_LABELS];
        for i in 0..n {
            let mut acc = [0i32; N_LABELS];
            token_features(&infos, i, |h| {
                let b = bucket(h, self.log2) * N_LABELS;
                if let Some(row) = self.weights.get(b..b + N_LABELS) {
                    for (a, &w) in acc.iter_mut().zip(row) {
                        *a += w as i32;
                    }
                }
            });
            for (e, a) in em[i * N_LABELS..(i + 1) * N_LABELS].iter_mut().zip(acc) {
                *e = a as f32;
            }
        }
        viterbi(&em, n, &self.trans_f)
            .into_iter()
            .map(Tag::from_index)
            .collect()
    }

    /// Entities as `(start, end, type)` token ranges, `end` exclusive.
    pub fn entities(&self, tokens: &[&str]) -> Vec<(usize, usize, EntityType)> {
        spans(&self.tag(tokens))
    }

    /// Number of non-zero weights (a size/sparsity statistic).
    pub fn nonzero_weights(&self) -> usize {
        self.weights.iter().filter(|w| **w != 0).count()
    }

    /// Serialises the model: `RSDNER\0\x01` magic, then a raw-deflate stream
    /// of little-endian fields: log2, N_LABELS, transitions (i32), trigger
    /// gazetteer and name entries (u32 length + UTF-8 key + u8 code, in key
    /// order), then the non-zero weight rows (varint bucket delta + N_LABELS
    /// i16). Byte-identical for identical models.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut p = Vec::new();
        p.extend_from_slice(&self.log2.to_le_bytes());
        p.extend_from_slice(&(N_LABELS as u32).to_le_bytes());
        for t in &self.trans {
            p.extend_from_slice(&t.to_le_bytes());
        }
        for map in [&self.lex.triggers, &self.lex.gazetteer, &self.lex.names] {
            p.extend_from_slice(&(map.len() as u32).to_le_bytes());
            for (k, v) in map {
                p.extend_from_slice(&(k.len() as u32).to_le_bytes());
                p.extend_from_slice(k.as_bytes());
                p.push(*v);
            }
        }
        let rows: Vec<usize> = self
            .weights
            .chunks(N_LABELS)
            .enumerate()
            .filter(|(_, r)| r.iter().any(|w| *w != 0))
            .map(|(i, _)| i)
            .collect();
        p.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        let mut last = 0usize;
        for r in rows {
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
            for w in &self.weights[r * N_LABELS..(r + 1) * N_LABELS] {
                p.extend_from_slice(&w.to_le_bytes());
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
        let mut trans = Vec::with_capacity((N_LABELS + 1) * N_LABELS);
        for _ in 0..(N_LABELS + 1) * N_LABELS {
            trans.push(c.u32().ok_or_else(truncated)? as i32);
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
        let size = 1usize << log2;
        let mut weights = vec![0i16; size * N_LABELS];
        let nrows = c.u32().ok_or_else(truncated)?;
        let mut row = 0usize;
        for _ in 0..nrows {
            let mut d = 0u64;
            let mut shift = 0;
            loop {
                let b = c.take(1).ok_or_else(truncated)?[0];
                if shift > 56 {
                    return Err(bad("bad varint"));
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
                .ok_or_else(|| bad("row index out of range"))?;
            for k in 0..N_LABELS {
                let v = c.take(2).ok_or_else(truncated)?;
                weights[row * N_LABELS + k] = i16::from_le_bytes([v[0], v[1]]);
            }
        }
        if c.pos != p.len() {
            return Err(bad("trailing bytes"));
        }
        Ok(Model::from_parts(
            log2,
            weights,
            trans,
            Lexicon {
                triggers,
                gazetteer,
                names,
            },
        ))
    }
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
