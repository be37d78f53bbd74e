//! Normalisation for matching, with a map back to the original text.

use crate::chars::{is_arabic_mark, is_invisible_control, TATWEEL};
use unicode_normalization::char::{canonical_combining_class, compose, decompose_compatible};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Matching form of a text plus, for each char of it, where it came from.
///
/// Invariant: `map.len() == ends.len() == text.chars().count()`, `map` is
/// non-decreasing, and every `map[i] < ends[i] <= orig_len`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The folded text (see [`normalize`] for what is folded).
    pub text: String,
    /// For each char of `text`, the char offset in the original where the
    /// char(s) it was made from start.
    pub map: Vec<usize>,
    /// For each char of `text`, the char offset just past its source,
    /// including diacritics and tatweel that followed it and were dropped.
    ends: Vec<usize>,
    orig_len: usize,
}

impl Normalized {
    /// Number of chars in `text`.
    pub fn char_len(&self) -> usize {
        self.map.len()
    }

    /// Number of chars in the original string.
    pub fn orig_len(&self) -> usize {
        self.orig_len
    }

    /// Original char offset just past the source of `text` char `i`.
    pub fn orig_end_of(&self, i: usize) -> usize {
        self.ends.get(i).copied().unwrap_or(self.orig_len)
    }

    /// Map a char span `[start, end)` of `text` to a char span of the
    /// original. Out-of-range or reversed inputs are clamped, never panic.
    /// The result covers the diacritics and tatweel inside and right after
    /// the span, so slicing the original gives the word as written.
    pub fn orig_span(&self, start: usize, end: usize) -> (usize, usize) {
        let n = self.map.len();
        let start = start.min(n);
        let end = end.min(n);
        if start >= end {
            let p = self.map.get(start).copied().unwrap_or(self.orig_len);
            return (p, p);
        }
        (self.map[start], self.ends[end - 1])
    }
}

/// Normalise `s` for matching and keep an offset map to the original.
///
/// In order: NFC; drop tatweel, Arabic diacritics (harakat, tanwin, shadda,
/// sukun, superscript alef, Quranic marks) and invisible bidi/zero-width
/// controls; expand Arabic presentation forms (ﻻ → لا); fold
/// أ إ آ ٱ → ا, ى → ي, ة → ه, ؤ → و, ئ → ي, Persian ی → ي and ک → ك;
/// Arabic-Indic and Persian digits → ASCII, ٪ → %, ٫ → `.`, ٬ → `,`;
/// non-breaking and other spaces → ` `; lowercase (Latin and any other
/// cased script). Arabic comma, semicolon and question mark are kept.
///
/// Why these folds: news spelling of hamza on alef/waw/yeh and of final
/// yeh/alef maqsura and taa marbuta varies between outlets and even within
/// one article, so matching must not depend on them. The cost is a few
/// merged words (e.g. ة/ه: مدرسة "school" vs a pronoun-suffixed form);
/// callers needing the distinction use the original via the map.
pub fn normalize(s: &str) -> Normalized {
    let cap = s.len();
    let mut out = Normalized {
        text: String::with_capacity(cap),
        map: Vec::with_capacity(cap / 2),
        ends: Vec::with_capacity(cap / 2),
        orig_len: 0,
    };
    let n = walk(s, true, |piece| match piece {
        Piece::Char(c, start, end) => {
            out.text.push(c);
            out.map.push(start);
            out.ends.push(end);
        }
        Piece::Attach(end) => {
            if let Some(last) = out.ends.last_mut() {
                *last = (*last).max(end);
            }
        }
    });
    out.orig_len = n;
    out
}

/// The same folding as [`normalize`], without the offset map: for
/// dictionary keys.
pub fn fold_word(s: &str) -> String {
    let mut text = String::with_capacity(s.len());
    walk(s, true, |piece| {
        if let Piece::Char(c, _, _) = piece {
            text.push(c);
        }
    });
    text
}

/// Letters of `s` with marks, tatweel and controls removed but letters not
/// folded (hamza and taa marbuta kept), each with its source char range.
/// The segmenter works on this: ة and ى are never pronoun suffixes and an
/// alef with hamza is never the article.
pub(crate) fn strip_marks(s: &str) -> Vec<(char, usize, usize)> {
    let mut out: Vec<(char, usize, usize)> = Vec::with_capacity(s.len() / 2);
    // Most words are only letters that `walk` keeps as written (plain
    // letters, hamza carriers, ة, ى): each char is then its own source.
    let kept = s.chars().enumerate().all(|(i, c)| {
        let keep = matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}');
        if keep {
            out.push((c, i, i + 1));
        }
        keep
    });
    if kept {
        return out;
    }
    out.clear();
    walk(s, false, |piece| match piece {
        Piece::Char(c, a, b) => out.push((c, a, b)),
        Piece::Attach(end) => {
            if let Some(last) = out.last_mut() {
                last.2 = last.2.max(end);
            }
        }
    });
    out
}

enum Piece {
    /// An output char and its source char range.
    Char(char, usize, usize),
    /// A dropped mark: extend the previous output char's source to here.
    Attach(usize),
}

/// Drive the folding over `s`, reporting output chars with their sources.
/// Returns the number of chars in `s`.
fn walk(s: &str, letters: bool, mut emit: impl FnMut(Piece)) -> usize {
    if s.chars().all(nfc_stable) || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        let mut n = 0;
        for (i, c) in s.chars().enumerate() {
            // Most chars fold to themselves or to lower case ASCII: settled
            // here, without a call to `fold_char` (recursive, so not inlined).
            if c.is_ascii() || is_plain_letter(c) {
                emit(Piece::Char(c.to_ascii_lowercase(), i, i + 1));
            } else {
                fold_char(c, i, i + 1, letters, &mut emit);
            }
            n = i + 1;
        }
        return n;
    }
    // Slow path: split into composition segments (a starter and the
    // non-starters after it), NFC each one, and map every output char of a
    // segment to the whole segment.
    let chars: Vec<char> = s.chars().collect();
    let mut seg_start = 0;
    let mut buf = String::new();
    for i in 1..=chars.len() {
        let boundary = i == chars.len()
            || (canonical_combining_class(chars[i]) == 0
                && compose(chars[i - 1], chars[i]).is_none());
        if !boundary {
            continue;
        }
        buf.clear();
        buf.extend(chars[seg_start..i].iter());
        for c in buf.nfc() {
            fold_char(c, seg_start, i, letters, &mut emit);
        }
        seg_start = i;
    }
    chars.len()
}

/// Chars that NFC leaves alone whatever surrounds them, for a cheap
/// pre-check before the library's table lookups. Arabic marks are included
/// even though NFC may reorder them: they are dropped anyway. The hamza and
/// madda marks (U+0653–U+0655) compose with a preceding letter, so not them.
#[inline]
fn nfc_stable(c: char) -> bool {
    matches!(c,
        '\0'..='\u{02FF}'
        | '\u{0600}'..='\u{0652}'
        | '\u{0656}'..='\u{06FF}'
        | '\u{200B}'..='\u{200F}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205E}'
        | '\u{FE70}'..='\u{FEFC}')
}

/// The bulk of Arabic text: letters that no rule of `fold_char` touches
/// (not a mark, control, hamza carrier, ى or ة), in one range check.
#[inline]
fn is_plain_letter(c: char) -> bool {
    matches!(c, 'ء' | 'ا' | 'ب' | 'ت'..='غ' | 'ف'..='و' | 'ي')
}

#[inline]
fn fold_char(c: char, start: usize, end: usize, letters: bool, emit: &mut impl FnMut(Piece)) {
    if c.is_ascii() {
        emit(Piece::Char(c.to_ascii_lowercase(), start, end));
        return;
    }
    if is_plain_letter(c) {
        emit(Piece::Char(c, start, end));
        return;
    }
    if is_arabic_mark(c) || c == TATWEEL {
        emit(Piece::Attach(end));
        return;
    }
    if is_invisible_control(c) {
        return;
    }
    if !letters && matches!(c, 'أ' | 'إ' | 'آ' | 'ى' | 'ئ' | 'ة' | 'ؤ') {
        emit(Piece::Char(c, start, end));
        return;
    }
    let folded = match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | '\u{0672}' | '\u{0673}' => 'ا',
        'ى' | 'ئ' | '\u{06CC}' => 'ي',
        'ة' => 'ه',
        'ؤ' => 'و',
        '\u{06A9}' => 'ك',
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        '٪' => '%',
        '٫' => '.',
        '٬' => ',',
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => ' ',
        '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}' => {
            // Presentation forms: expand, then fold what they expand to.
            let mut parts = [None; 8];
            let mut k = 0;
            decompose_compatible(c, |d| {
                if k < parts.len() {
                    parts[k] = Some(d);
                    k += 1;
                }
            });
            if k == 1 && parts[0] == Some(c) {
                emit(Piece::Char(c, start, end));
            } else {
                for d in parts.iter().flatten() {
                    fold_char(*d, start, end, letters, emit);
                }
            }
            return;
        }
        // No char of the Arabic block is cased: skip the Unicode lookup.
        _ if !('\u{0600}'..='\u{06FF}').contains(&c) && c.is_uppercase() => {
            for l in c.to_lowercase() {
                emit(Piece::Char(l, start, end));
            }
            return;
        }
        _ => c,
    };
    emit(Piece::Char(folded, start, end));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_and_maps_back_through_diacritics() {
        let s = "قالَ الرئيسُ";
        let n = normalize(s);
        assert_eq!(n.text, "قال الرييس");
        // "الرئيس" in the folded text is chars 4..10; in the original 5..12.
        assert_eq!(n.orig_span(4, 10), (5, 12));
        assert_eq!(n.orig_span(0, 3), (0, 4));
    }

    #[test]
    fn decomposed_hamza_is_composed_then_folded() {
        // ا + combining hamza above, written decomposed.
        let s = "\u{0627}\u{0654}حمد";
        let n = normalize(s);
        assert_eq!(n.text, "احمد");
        assert_eq!(n.orig_span(0, 1), (0, 2));
        assert_eq!(n.orig_span(1, 4), (2, 5));
    }

    #[test]
    fn presentation_forms_expand() {
        assert_eq!(fold_word("\u{FEFB}"), "لا");
        assert_eq!(fold_word("\u{FE83}"), "ا");
    }

    #[test]
    fn arabic_block_has_no_cased_chars() {
        // `fold_char` skips the case lookup for the block on this ground.
        let cased: Vec<char> = ('\u{0600}'..='\u{06FF}')
            .filter(|c| c.is_uppercase() || c.is_lowercase())
            .collect();
        assert!(cased.is_empty(), "{cased:?}");
    }

    #[test]
    fn empty_and_clamped() {
        let n = normalize("");
        assert_eq!(n.text, "");
        assert_eq!(n.orig_span(3, 9), (0, 0));
        let n = normalize("ab");
        assert_eq!(n.orig_span(1, 0), (1, 1));
        assert_eq!(n.orig_span(0, 99), (0, 2));
    }
}
