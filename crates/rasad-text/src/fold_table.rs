//! rasad-text's `fold_word` for the common case, without its allocation:
//! a table of what `fold_word` makes of each char of the Arabic block,
//! built by calling `fold_word` itself, so the two cannot disagree.
//!
//! `fold_word` folds char by char when every char is NFC-stable; U+0000–
//! U+02FF and the Arabic block are, except the hamza and madda marks
//! U+0653–U+0655 that compose with the letter before them. A word with one
//! of those, or with any char outside the table, or with a char that folds
//! to several, goes to `fold_word` itself.

use crate::fold_word;

/// The table covers U+0000–U+02FF, then the Arabic block U+0600–U+06FF.
const LATIN_END: u32 = 0x0300;
const ARABIC: u32 = 0x0600;
const LEN: usize = 0x400;
/// Table value: the char folds to nothing.
const DROP: u32 = u32::MAX;
/// Table value: fold the whole word with `fold_word`.
const SLOW: u32 = u32::MAX - 1;

#[derive(Debug, Clone)]
pub struct Folder {
    table: Vec<u32>,
}

impl Default for Folder {
    fn default() -> Folder {
        Folder::new()
    }
}

/// The crate's shared table, built on first use.
pub(crate) fn shared() -> &'static Folder {
    static SHARED: std::sync::OnceLock<Folder> = std::sync::OnceLock::new();
    SHARED.get_or_init(Folder::new)
}

impl Folder {
    pub fn new() -> Folder {
        let table = (0..LEN as u32)
            .map(|k| {
                let code = if k < LATIN_END {
                    k
                } else {
                    k - LATIN_END + ARABIC
                };
                let Some(c) = char::from_u32(code) else {
                    return SLOW;
                };
                if ('\u{0653}'..='\u{0655}').contains(&c) {
                    return SLOW;
                }
                let f = fold_word(c.encode_utf8(&mut [0; 4]));
                let mut it = f.chars();
                match (it.next(), it.next()) {
                    (None, _) => DROP,
                    (Some(d), None) => d as u32,
                    _ => SLOW,
                }
            })
            .collect();
        Folder { table }
    }

    /// Appends `fold_word` of the chars `word` to `out`.
    pub fn fold_into(&self, word: &[char], out: &mut String) {
        let mark = out.len();
        for &c in word {
            let v = slot(c)
                .and_then(|k| self.table.get(k))
                .copied()
                .unwrap_or(SLOW);
            if v == SLOW {
                out.truncate(mark);
                let s: String = word.iter().collect();
                out.push_str(&fold_word(&s));
                return;
            }
            if let Some(d) = char::from_u32(v) {
                out.push(d);
            }
        }
    }
}

/// The table index of `c`.
#[inline]
fn slot(c: char) -> Option<usize> {
    let u = c as u32;
    if u < LATIN_END {
        Some(u as usize)
    } else if (ARABIC..ARABIC + 0x100).contains(&u) {
        Some((u - ARABIC + LATIN_END) as usize)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(f: &Folder, word: &[char]) {
        let mut got = String::new();
        f.fold_into(word, &mut got);
        let s: String = word.iter().collect();
        assert_eq!(got, fold_word(&s), "{s:?} {word:?}");
    }

    #[test]
    fn agrees_with_fold_word_on_every_pair_of_the_block() {
        let f = Folder::new();
        let block: Vec<char> = (0x0600..0x0700).filter_map(char::from_u32).collect();
        for &a in &block {
            for &b in &block {
                check(&f, &[a, b]);
                check(&f, &['ا', a, b]);
            }
        }
        for w in [
            "قالَ",
            "الرئيسُ",
            "\u{0627}\u{0654}حمد",
            "إِدْلِـب",
            "Abc",
            "ﻻ",
            "و\u{200C}ا",
        ] {
            check(&f, &w.chars().collect::<Vec<_>>());
        }
    }
}
