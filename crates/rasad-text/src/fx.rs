//! A small multiplicative hasher for hot word-keyed tables (rustc's Fx
//! hash): keys are short words and packed integers from trusted data files
//! and looked-up text, never attacker-chosen table sizes, so SipHash's flood
//! resistance buys nothing and costs a lot per lookup. Shared by every stage
//! that builds such tables.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.hash = (self.hash.rotate_left(5) ^ w).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    /// A final mix (murmur3's fmix64 tail) spreads the well-mixed high
    /// bits of the last product into the low bits hashbrown picks buckets
    /// with: without it, Arabic UTF-8 words (every other byte 0xD8/0xD9)
    /// fill a fraction of the buckets and lookups walk long probe chains.
    #[inline]
    fn finish(&self) -> u64 {
        let mut h = self.hash;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h
    }
}

pub type FxBuild = BuildHasherDefault<FxHasher>;
pub type FxMap<K, V> = HashMap<K, V, FxBuild>;
pub type FxHashMap<K, V> = FxMap<K, V>;
pub type FxHashSet<K> = std::collections::HashSet<K, FxBuild>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, Hash};

    fn hash<T: Hash>(t: T) -> u64 {
        FxBuild::default().hash_one(t)
    }

    #[test]
    fn arabic_words_spread_over_the_low_bits() {
        // Words differing in a few letters, as a gazetteer's do: their
        // bucket indices (low bits) must not pile up.
        let letters: Vec<char> = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي".chars().collect();
        let mut seen = std::collections::HashSet::new();
        let mut n = 0;
        for a in &letters {
            for b in &letters {
                let w: String = ['ا', 'ل', *a, 'ي', *b, 'ة'].iter().collect();
                seen.insert(hash(w.as_str()) & 0xfff);
                n += 1;
            }
        }
        // 784 words into 4096 buckets: random hashing leaves ~700 distinct.
        assert!(seen.len() * 10 > n * 8, "{} distinct of {n}", seen.len());
    }

    #[test]
    fn separates_words_and_is_deterministic() {
        assert_ne!(hash("روسيا"), hash("روسية"));
        assert_ne!(hash(("ab", "c")), hash(("a", "bc")));
        assert_eq!(hash("فرنسا"), hash("فرنسا"));
        let mut m: FxMap<&str, u32> = FxMap::default();
        m.insert("قال", 1);
        assert_eq!(m.get("قال"), Some(&1));
    }
}
