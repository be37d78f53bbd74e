//! MinHash signatures over word shingles, and LSH banding for candidates.

#[cfg(test)]
use crate::util::fnv1a;
use crate::util::{mix64, FastMap};

/// Signature length. 20 bands × 6 rows: a pair at Jaccard 0.8 becomes a
/// candidate with probability ≈ 0.998, a pair at 0.5 with ≈ 0.27, and
/// every candidate is then checked on the whole signature.
pub const HASHES: usize = 120;
const BANDS: usize = 20;
const ROWS: usize = HASHES / BANDS;

/// Per-hash multiplier (odd) and offset of the multiply-add family,
/// derived from fixed seeds so signatures are reproducible.
fn coefficients() -> &'static [(u64, u64); HASHES] {
    use std::sync::OnceLock;
    static C: OnceLock<[(u64, u64); HASHES]> = OnceLock::new();
    C.get_or_init(|| {
        let mut out = [(0u64, 0u64); HASHES];
        for (i, c) in out.iter_mut().enumerate() {
            let a = mix64(0x9e37_79b9_7f4a_7c15 ^ (i as u64 * 2 + 1)) | 1;
            let b = mix64(0xd1b5_4a32_d192_ed03 ^ (i as u64 * 2 + 2));
            *c = (a, b);
        }
        out
    })
}

/// Signature of a sequence of folded-word hashes: min-hashes of its
/// `k`-shingles (the whole sequence as one shingle when it is shorter).
/// `None` for an empty sequence: nothing to compare.
pub fn signature(word_hashes: &[u64], k: usize) -> Option<Vec<u64>> {
    if word_hashes.is_empty() {
        return None;
    }
    let k = k.clamp(1, word_hashes.len());
    let coef = coefficients();
    let mut sig = vec![u64::MAX; HASHES];
    for window in word_hashes.windows(k) {
        let mut h: u64 = 0;
        for w in window {
            h = mix64(h.rotate_left(17) ^ w);
        }
        for (s, (a, b)) in sig.iter_mut().zip(coef.iter()) {
            let v = a.wrapping_mul(h).wrapping_add(*b);
            if v < *s {
                *s = v;
            }
        }
    }
    Some(sig)
}

/// Share of equal positions: an estimate of the shingle-set Jaccard.
pub fn similarity(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / a.len() as f64
}

/// LSH index: band hash → items whose signature has that band.
#[derive(Debug, Default, Clone)]
pub struct Lsh {
    buckets: FastMap<(u8, u64), Vec<u32>>,
}

fn band_keys(sig: &[u64]) -> impl Iterator<Item = (u8, u64)> + '_ {
    sig.chunks(ROWS)
        .take(BANDS)
        .enumerate()
        .map(|(band, rows)| {
            let mut h = band as u64;
            for r in rows {
                h = mix64(h ^ r);
            }
            (band as u8, h)
        })
}

impl Lsh {
    pub fn insert(&mut self, item: u32, sig: &[u64]) {
        for key in band_keys(sig) {
            self.buckets.entry(key).or_default().push(item);
        }
    }

    /// Items sharing at least one band with `sig`, each once, ascending.
    pub fn candidates(&self, sig: &[u64]) -> Vec<u32> {
        let mut out: Vec<u32> = band_keys(sig)
            .filter_map(|k| self.buckets.get(&k))
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<u64> {
        s.split_whitespace().map(|w| fnv1a(w.as_bytes())).collect()
    }

    #[test]
    fn identical_texts_match_and_different_ones_do_not() {
        let a = words("a b c d e f g h i j k l m n o p q r s t");
        let b = words("u v w x y z aa bb cc dd ee ff gg hh ii jj kk ll mm nn");
        let sa = signature(&a, 5).unwrap();
        assert_eq!(similarity(&sa, &signature(&a, 5).unwrap()), 1.0);
        assert!(similarity(&sa, &signature(&b, 5).unwrap()) < 0.1);
        assert_eq!(signature(&[], 5), None);
        let mut lsh = Lsh::default();
        lsh.insert(7, &sa);
        assert_eq!(lsh.candidates(&sa), vec![7]);
    }

    #[test]
    fn estimate_tracks_jaccard() {
        // 100 words, the second text changes 5 of them: 5-shingle Jaccard
        // is roughly (96-25)/(96+25) ≈ 0.6, well below identical.
        let a: Vec<u64> = (0..100)
            .map(|i| fnv1a(format!("w{i}").as_bytes()))
            .collect();
        let mut b = a.clone();
        for i in [10, 30, 50, 70, 90] {
            b[i] = fnv1a(format!("x{i}").as_bytes());
        }
        let s = similarity(&signature(&a, 5).unwrap(), &signature(&b, 5).unwrap());
        assert!((0.4..0.8).contains(&s), "{s}");
    }
}
