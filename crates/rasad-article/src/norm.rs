//! Character-level helpers: folding for marker matching, script classes,
//! sentence punctuation. Single pass over chars, no allocation beyond the
//! output string.

/// Arabic letter (base letters of the Arabic block, without digits,
/// punctuation, diacritics or tatweel), plus the Persian/Urdu extensions.
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}' | '\u{0671}'..='\u{06D3}' | '\u{06FA}'..='\u{06FC}')
}

pub fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{00C0}'..='\u{024F}')
}

/// Arabic diacritics (harakat, tanween, shadda, sukun, superscript alef) and tatweel:
/// dropped by folding because writers use them inconsistently.
fn is_ignorable(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{200C}'..='\u{200F}' | '\u{FEFF}')
}

/// Map a digit in any of the scripts Arabic news uses to its value.
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

/// Fold one char for matching; `None` drops it, `Some(' ')` is a separator.
fn fold_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            ' '
        });
    }
    // Base Arabic letters (most chars): neither ignorable nor digits.
    if matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}') {
        return Some(match c {
            'أ' | 'إ' | 'آ' => 'ا',
            'ى' | 'ئ' => 'ي',
            'ة' => 'ه',
            'ؤ' => 'و',
            c => c,
        });
    }
    if is_ignorable(c) {
        return None;
    }
    if let Some(d) = digit_value(c) {
        return char::from_digit(d, 10);
    }
    Some(match c {
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' => 'ي',
        'ة' => 'ه',
        'ؤ' => 'و',
        'ئ' => 'ي',
        // Arabic letters pass unchanged (the common case, no table lookups).
        c if is_arabic_letter(c) => c,
        // Punctuation and spaces frequent in Arabic text, none alphanumeric:
        // settled before the slow Unicode lookup.
        c if is_common_separator(c) => ' ',
        // Other scripts: lower-case the first mapping only (no allocation).
        c if c.is_alphanumeric() => c.to_lowercase().next().unwrap_or(c),
        _ => ' ',
    })
}

/// Non-ASCII spaces and punctuation of Arabic news text (NBSP, « », the
/// Arabic comma, semicolon, question mark and percent signs, general
/// punctuation): none of them is alphanumeric.
fn is_common_separator(c: char) -> bool {
    matches!(c,
        '\u{00A0}' | '\u{00AB}' | '\u{00BB}' | '\u{060C}' | '\u{061B}' | '\u{061F}'
        | '\u{066A}'..='\u{066D}' | '\u{06D4}' | '\u{2000}'..='\u{206F}')
}

/// Folded form used for every marker comparison: alef/yeh/teh-marbuta/hamza
/// seats folded, diacritics dropped, digits to ASCII, Latin lower-cased,
/// every non-alphanumeric char a single space, trimmed.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        match fold_char(c) {
            None => {}
            Some(' ') => pending_space = !out.is_empty(),
            Some(f) => {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(f);
            }
        }
    }
    out
}

/// Letters only, folded: the key for agency names ("(أ.ف.ب)" == "ا ف ب").
pub fn letters_key(s: &str) -> String {
    fold(s).chars().filter(|c| c.is_alphabetic()).collect()
}

/// Sentence-final punctuation in Arabic and Latin text (the closing
/// guillemet counts because quotes often end a sentence after the stop).
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '؟' | '?' | '!' | '»' | '…' | '۔')
}

/// Whether a line ends like a sentence, looking past closing quotes/brackets.
pub fn ends_sentence(s: &str) -> bool {
    for c in s.chars().rev() {
        if c.is_whitespace() || matches!(c, '"' | '”' | '’' | '\'' | ')' | ']') {
            continue;
        }
        return is_sentence_end(c);
    }
    false
}

/// Collapse runs of whitespace (including NBSP and zero-width chars) to one
/// space and trim.
pub fn squash(s: &str) -> String {
    // Fast path: most lines are already clean (single ASCII spaces, trimmed).
    if is_squashed(s) {
        return s.to_string();
    }
    // The words between runs of spaces, joined by one space: copied a word
    // at a time.
    let mut out = String::with_capacity(s.len());
    for word in s
        .split(|c: char| c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}'))
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether `squash` would return `s` unchanged: no leading, trailing or
/// double space and no other whitespace (one pass over the bytes).
fn is_squashed(s: &str) -> bool {
    // On bytes: only a lead byte that may start a non-ASCII space (U+0085,
    // U+00A0, U+1680, U+2000–U+205F, U+3000, U+FEFF) needs its char decoded.
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut after_space = false;
    for (i, &x) in b.iter().enumerate() {
        match x {
            b' ' if after_space => return false,
            b' ' => {
                after_space = true;
                continue;
            }
            b'\t'..=b'\r' => return false,
            0xC2 | 0xE1..=0xE3 | 0xEF => {
                let c = s.get(i..).and_then(|rest| rest.chars().next());
                if c.is_some_and(|c| c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}')) {
                    return false;
                }
            }
            _ => {}
        }
        after_space = false;
    }
    true
}

/// Counts of Arabic and Latin letters.
pub fn script_counts(s: &str) -> (usize, usize) {
    let mut ar = 0;
    let mut la = 0;
    for c in s.chars() {
        if is_arabic_letter(c) {
            ar += 1;
        } else if is_latin_letter(c) {
            la += 1;
        }
    }
    (ar, la)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_unifies_spellings() {
        assert_eq!(fold("اترك تعليقاً"), fold("أترك  تعليقا"));
        assert_eq!(fold("إضافة، تعليق!"), "اضافه تعليق");
        assert_eq!(fold("٢٠١٥/١٢"), "2015 12");
        assert_eq!(fold("Copy to Clipboard"), "copy to clipboard");
        assert_eq!(letters_key("(أ.ف.ب)"), letters_key("ا ف ب"));
    }

    #[test]
    fn squash_cleans_and_keeps_clean_lines() {
        for (line, want) in [
            ("", ""),
            (" ", ""),
            ("a b", "a b"),
            (" a b", "a b"),
            ("a b ", "a b"),
            ("a  b", "a b"),
            ("a\u{00A0}b", "a b"),
            ("a\u{200B} b", "a b"),
            ("\tقال\u{FEFF}", "قال"),
        ] {
            assert_eq!(squash(line), want, "{line:?}");
        }
    }

    #[test]
    fn common_separators_are_not_alphanumeric() {
        for c in (0..=0x2FFF_u32).filter_map(char::from_u32) {
            assert!(!(is_common_separator(c) && c.is_alphanumeric()), "{c:?}");
        }
    }

    #[test]
    fn squashed_lines_on_bytes_and_chars_agree() {
        for line in [
            "",
            " ",
            "a",
            "a b",
            " a",
            "a ",
            "a  b",
            "a\tb",
            "a\u{0085}b",
            "قال إن",
            "قال  إن",
            "\u{FEFF}قال",
            "a\u{2009}b",
            "a\u{3000}b",
            "é b",
            "x\u{1680}y",
            "a\u{000B}b",
            "a\u{001C}b",
        ] {
            let slow = {
                let mut after_space = true;
                let mut ok = true;
                for c in line.chars() {
                    if c == ' ' {
                        ok &= !after_space;
                        after_space = true;
                    } else if c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}') {
                        ok = false;
                    } else {
                        after_space = false;
                    }
                }
                ok && (!after_space || line.is_empty())
            };
            assert_eq!(is_squashed(line), slow, "{line:?}");
        }
    }

    #[test]
    fn sentence_end_looks_past_quotes() {
        assert!(ends_sentence("قال إنه «سيعود.»"));
        assert!(ends_sentence("انتهى الاجتماع.”"));
        assert!(!ends_sentence("عنوان بلا نقطة"));
        assert!(!ends_sentence(""));
    }
}
