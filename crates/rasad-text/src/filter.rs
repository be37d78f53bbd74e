//! A one-hash bit filter over words, for tables that most looked-up words
//! miss: a clear bit proves absence without hashing the whole word or
//! touching the table. A set bit only means "maybe": callers still look
//! the word up, so a filter never changes an answer.

/// Bit filter of a set of words (see the module doc). Words are given as
/// bytes of their UTF-8 form (or any byte form the caller uses consistently).
#[derive(Debug, Clone)]
pub struct WordFilter {
    bits: Vec<u64>,
    /// Bit count minus one (a power of two minus one).
    mask: usize,
}

impl Default for WordFilter {
    /// 64 K bits (8 KB): a few thousand words.
    fn default() -> WordFilter {
        WordFilter::new(16)
    }
}

impl WordFilter {
    /// An empty filter of `1 << log2_bits` bits (clamped to 6..=26): about
    /// ten bits per expected word keep false positives near one in ten.
    pub fn new(log2_bits: u32) -> WordFilter {
        let n = 1usize << log2_bits.clamp(6, 26);
        WordFilter {
            bits: vec![0; n / 64],
            mask: n - 1,
        }
    }

    /// A filter sized for `words` words, holding them.
    pub fn of<'a>(words: impl IntoIterator<Item = &'a str>) -> WordFilter {
        let words: Vec<&str> = words.into_iter().collect();
        let log2 = (words.len().max(1) * 10)
            .next_power_of_two()
            .trailing_zeros();
        let mut f = WordFilter::new(log2);
        for w in words {
            f.insert(w.as_bytes());
        }
        f
    }

    pub fn insert(&mut self, w: &[u8]) {
        let b = signature(w) & self.mask;
        if let Some(word) = self.bits.get_mut(b / 64) {
            *word |= 1 << (b % 64);
        }
    }

    /// False when `w` was certainly never inserted.
    #[inline]
    pub fn may_contain(&self, w: &[u8]) -> bool {
        let b = signature(w) & self.mask;
        self.bits
            .get(b / 64)
            .is_some_and(|word| word & (1 << (b % 64)) != 0)
    }
}

/// A cheap hash of a word's length and its first and last four bytes (two
/// Arabic letters each way): constant time whatever the word's length.
#[inline]
fn signature(w: &[u8]) -> usize {
    let n = w.len();
    let mut head = [0u8; 4];
    let mut tail = [0u8; 4];
    let k = n.min(4);
    head[..k].copy_from_slice(&w[..k]);
    tail[..k].copy_from_slice(&w[n - k..]);
    let x = (u64::from(u32::from_le_bytes(head)) | (u64::from(u32::from_le_bytes(tail)) << 32))
        ^ (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let h = x.wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    (h >> 32) as usize ^ (h as usize >> 7)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_misses_an_inserted_word_and_rejects_most_others() {
        let words = ["بغداد", "دمشق", "الموصل", "نيويورك", "a", "", "القاهرة"];
        let f = WordFilter::of(words);
        for w in words {
            assert!(f.may_contain(w.as_bytes()), "{w}");
        }
        let others = [
            "قال",
            "وزير",
            "الخارجية",
            "أمس",
            "في",
            "مؤتمر",
            "صحفي",
            "إن",
            "الحكومة",
            "ستعمل",
        ];
        let hits = others
            .iter()
            .filter(|w| f.may_contain(w.as_bytes()))
            .count();
        assert!(hits <= 2, "{hits} false positives of 10");
    }

    #[test]
    fn empty_filter_rejects_everything() {
        let f = WordFilter::new(10);
        assert!(!f.may_contain("بغداد".as_bytes()));
        assert!(!f.may_contain(b""));
    }
}
