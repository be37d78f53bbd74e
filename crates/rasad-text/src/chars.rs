//! Character classes shared by every module. Plain `match` on code points:
//! these run once per char of every document, so no tables, no allocation.

/// Arabic diacritics and Quranic marks: dropped by normalisation, kept
/// inside words by the tokenizer.
#[inline]
pub fn is_arabic_mark(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}' // honorific / Quranic signs above letters
        | '\u{064B}'..='\u{065F}' // harakat, tanwin, shadda, sukun, madda/hamza marks
        | '\u{0670}' // superscript (dagger) alef
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{08D3}'..='\u{08E1}'
        | '\u{08E3}'..='\u{08FF}')
}

pub const TATWEEL: char = '\u{0640}';

/// Invisible bidi and zero-width controls (Unicode `Cf` that news text
/// actually carries): dropped by normalisation, skipped by the tokenizer,
/// trimmed off sentence edges.
#[inline]
pub fn is_invisible_control(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{061C}'
            | '\u{FEFF}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{00AD}'
            | '\u{2060}'
    )
}

/// Letters of the Arabic script (base letters and presentation forms),
/// excluding marks, tatweel, digits and punctuation.
#[inline]
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        '\u{0620}'..='\u{063F}'
        | '\u{0641}'..='\u{064A}'
        | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}'
        | '\u{06D5}'
        | '\u{06EE}'..='\u{06EF}'
        | '\u{06FA}'..='\u{06FC}'
        | '\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08C9}'
        | '\u{FB50}'..='\u{FBB1}'
        | '\u{FBD3}'..='\u{FD3D}'
        | '\u{FD50}'..='\u{FDC7}'
        | '\u{FDF0}'..='\u{FDFB}'
        | '\u{FE70}'..='\u{FEFC}')
}

/// `char::is_alphanumeric`, with ASCII and the Arabic letters and digits
/// settled before the Unicode table search, which is slow for every
/// non-ASCII char and runs on most chars of an Arabic text.
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    matches!(c, '\u{0621}'..='\u{064A}' | '\u{0660}'..='\u{0669}') || c.is_alphanumeric()
}

/// A char that belongs inside an Arabic word token.
#[inline]
pub fn is_arabic_word_char(c: char) -> bool {
    // Letters, tatweel and harakat: the bulk of Arabic text, in one range.
    if ('\u{0620}'..='\u{065F}').contains(&c) {
        return true;
    }
    // Spaces, ASCII and Latin: below every range of the classes below.
    if c < '\u{0610}' {
        return false;
    }
    is_arabic_letter(c) || is_arabic_mark(c) || c == TATWEEL
}

/// Decimal digit value for ASCII, Arabic-Indic and Persian digits.
#[inline]
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

#[inline]
pub fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

/// Line and paragraph breaks: every one ends a sentence.
#[inline]
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{000B}' | '\u{000C}' | '\u{0085}' | '\u{2028}' | '\u{2029}'
    )
}

/// What sentence spans are trimmed of.
#[inline]
pub fn is_trimmable(c: char) -> bool {
    c.is_whitespace() || is_invisible_control(c)
}

/// Letters of scripts other than Arabic (the tokenizer's `Latin` kind).
#[inline]
pub fn is_other_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    // The Unicode alphabetic lookup is slow: Arabic chars and the common
    // punctuation of Arabic text are settled before it.
    !is_arabic_word_char(c) && !is_digit(c) && !is_common_punct(c) && c.is_alphabetic()
}

/// Non-ASCII punctuation frequent in Arabic news text; none is alphabetic.
#[inline]
fn is_common_punct(c: char) -> bool {
    matches!(c,
        '\u{00AB}' | '\u{00BB}' | '\u{060C}'..='\u{060F}' | '\u{061B}'..='\u{061F}'
        | '\u{066A}'..='\u{066D}' | '\u{06D4}' | '\u{2010}'..='\u{2027}')
}

/// Punctuation (as opposed to symbols such as `$ + = © €`).
#[inline]
pub fn is_punct(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation()
            && !matches!(c, '$' | '+' | '<' | '=' | '>' | '^' | '`' | '|' | '~');
    }
    matches!(c,
        '\u{00A1}' | '\u{00A7}' | '\u{00AB}' | '\u{00B6}' | '\u{00B7}' | '\u{00BB}' | '\u{00BF}'
        | '\u{060C}' | '\u{060D}' | '\u{061B}' | '\u{061D}'..='\u{061F}'
        | '\u{066A}'..='\u{066D}' | '\u{06D4}'
        | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{2043}' | '\u{2045}'..='\u{2051}'
        | '\u{2053}'..='\u{205E}' | '\u{2E00}'..='\u{2E4F}' | '\u{3001}'..='\u{3003}'
        | '\u{3008}'..='\u{3011}' | '\u{FD3E}' | '\u{FD3F}' | '\u{FE10}'..='\u{FE19}'
        | '\u{FE30}'..='\u{FE4F}' | '\u{FE50}'..='\u{FE6B}' | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}' | '\u{FF1B}' | '\u{FF1F}' | '\u{FF3B}'..='\u{FF3D}')
}

/// Double quotation marks whose direction depends on context: Arabic
/// typists use `”` as an opener as often as `“`.
#[inline]
pub fn is_ambiguous_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '＂')
}

/// Opening bracket/guillemet and its closer.
#[inline]
pub fn closer_of(c: char) -> Option<char> {
    match c {
        '«' => Some('»'),
        '(' => Some(')'),
        '[' => Some(']'),
        '{' => Some('}'),
        '‹' => Some('›'),
        '﴾' => Some('﴿'),
        '（' => Some('）'),
        _ => None,
    }
}

#[inline]
pub fn is_closer(c: char) -> bool {
    matches!(c, '»' | ')' | ']' | '}' | '›' | '﴿' | '）')
}

/// Chars that end a sentence.
#[inline]
pub fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '؟' | '…' | '‼' | '⁇' | '⁈' | '⁉' | '۔' | '。' | '！' | '？'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphanumeric_fast_path_agrees_with_std() {
        for c in '\0'..=char::MAX {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn common_punct_is_not_alphabetic() {
        let all = (0..=0x2FFFu32).filter_map(char::from_u32);
        for c in all.filter(|&c| is_common_punct(c)) {
            assert!(!c.is_alphabetic(), "{c:?}");
        }
    }
}
