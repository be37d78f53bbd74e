//! Tokenisation: words, numbers, punctuation, Latin runs, symbols.

use crate::chars::{
    digit_value, is_arabic_word_char, is_digit, is_invisible_control, is_other_letter, is_punct,
};
use rasad_doc::Span;
use std::cell::RefCell;
use std::sync::Arc;
use unicode_normalization::char::is_combining_mark;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenKind {
    /// A run of Arabic letters, with any diacritics and tatweel inside it.
    Word,
    /// Digits (ASCII, Arabic-Indic or Persian) with inner `.` `,` `٫` `٬`
    /// `:` `/` separators and an optional trailing `%` `٪` `‰`.
    Number,
    /// One punctuation char, or a run of dots (`...`).
    Punct,
    /// A run of letters of another script (mostly Latin) with inner digits
    /// and apostrophes, or a whole URL or e-mail address.
    Latin,
    /// Anything else that is not whitespace: `$ + = © €`, emoji, stray marks.
    Symbol,
}

/// A token: its char span in the text and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
}

/// Split `body` into tokens (char offsets into `body`). Whitespace and
/// invisible controls separate tokens and are never part of one, except a
/// ZWNJ/ZWJ between two letters of a word. Punctuation is always its own
/// token, so `الروسي-الفرنسي` is three tokens and `«داعش»` is three.
pub fn tokens(body: &str) -> Vec<Token> {
    let chars: Vec<char> = body.chars().collect();
    tokenize_chars(&chars)
}

/// A body's chars and [`tokenize_chars`] tokens (offsets index `chars`).
#[derive(Debug, PartialEq, Eq)]
pub struct Tokenized {
    pub body: String,
    pub chars: Vec<char>,
    pub tokens: Vec<Token>,
}

/// The chars and tokens of `body`. Several stages read the same body one
/// after another on one thread: the last body's result is kept per thread
/// and handed out again when the next call has the same text (compared in
/// full, so the result is always that of [`tokenize_chars`]).
pub fn tokenized(body: &str) -> Arc<Tokenized> {
    thread_local! {
        static LAST: RefCell<Option<Arc<Tokenized>>> = const { RefCell::new(None) };
    }
    LAST.with_borrow_mut(|last| {
        if let Some(t) = last.as_ref().filter(|t| t.body == body) {
            return Arc::clone(t);
        }
        let chars: Vec<char> = body.chars().collect();
        let tokens = tokenize_chars(&chars);
        let t = Arc::new(Tokenized {
            body: body.to_string(),
            chars,
            tokens,
        });
        *last = Some(Arc::clone(&t));
        t
    })
}

/// [`tokens`] over an already collected char slice (offsets index it).
pub fn tokenize_chars(chars: &[char]) -> Vec<Token> {
    let n = chars.len();
    let mut out = Vec::with_capacity(n / 5);
    let mut i = 0;
    while i < n {
        let c = chars[i];
        let start = i;
        let kind = if c.is_whitespace() || is_invisible_control(c) {
            i += 1;
            continue;
        } else if is_arabic_word_char(c) {
            i = scan_word(chars, i);
            TokenKind::Word
        } else if is_digit(c) {
            i = scan_number(chars, i);
            TokenKind::Number
        } else if is_other_letter(c) {
            if let Some(end) = scan_url_or_email(chars, i) {
                i = end;
            } else {
                i = scan_latin(chars, i);
            }
            TokenKind::Latin
        } else if is_punct(c) {
            i += 1;
            if c == '.' {
                while i < n && chars[i] == '.' {
                    i += 1;
                }
            }
            TokenKind::Punct
        } else {
            i += 1;
            TokenKind::Symbol
        };
        out.push(Token {
            span: Span::new(start, i),
            kind,
        });
    }
    out
}

fn is_joiner(c: char) -> bool {
    c == '\u{200C}' || c == '\u{200D}'
}

fn scan_word(chars: &[char], mut i: usize) -> usize {
    let n = chars.len();
    while i < n {
        let c = chars[i];
        if is_arabic_word_char(c) {
            i += 1;
        } else if is_joiner(c) && i + 1 < n && is_arabic_word_char(chars[i + 1]) {
            i += 2;
        } else {
            break;
        }
    }
    i
}

fn is_number_separator(c: char) -> bool {
    matches!(c, '.' | ',' | '٫' | '٬' | ':' | '/')
}

fn scan_number(chars: &[char], mut i: usize) -> usize {
    let n = chars.len();
    while i < n {
        let c = chars[i];
        if digit_value(c).is_some() {
            i += 1;
        } else if is_number_separator(c) && i + 1 < n && is_digit(chars[i + 1]) {
            i += 2;
        } else {
            break;
        }
    }
    if i < n && matches!(chars[i], '%' | '٪' | '‰') {
        i += 1;
    }
    i
}

fn scan_latin(chars: &[char], mut i: usize) -> usize {
    let n = chars.len();
    while i < n {
        let c = chars[i];
        if is_other_letter(c)
            || c.is_ascii_digit()
            || (!c.is_ascii() && is_combining_mark(c) && !is_arabic_word_char(c))
        {
            i += 1;
        } else if matches!(c, '\'' | '’') && i + 1 < n && is_other_letter(chars[i + 1]) {
            // O'Brien, Shi'ite: an apostrophe between letters is inside the word.
            i += 2;
        } else {
            break;
        }
    }
    i
}

fn starts_with_ci(chars: &[char], i: usize, prefix: &str) -> bool {
    let mut k = i;
    for p in prefix.chars() {
        match chars.get(k) {
            Some(c) if c.to_ascii_lowercase() == p => k += 1,
            _ => return false,
        }
    }
    true
}

/// A URL (`http://`, `https://`, `www.`) or e-mail address starting at `i`:
/// returns its end, without trailing sentence punctuation.
fn scan_url_or_email(chars: &[char], i: usize) -> Option<usize> {
    let n = chars.len();
    let is_url = starts_with_ci(chars, i, "http://")
        || starts_with_ci(chars, i, "https://")
        || starts_with_ci(chars, i, "www.");
    if is_url {
        let mut e = i;
        while e < n {
            let c = chars[e];
            if c.is_whitespace()
                || is_invisible_control(c)
                || matches!(
                    c,
                    '«' | '»'
                        | '“'
                        | '”'
                        | '"'
                        | '<'
                        | '>'
                        | '('
                        | ')'
                        | '['
                        | ']'
                        | '{'
                        | '}'
                        | '،'
                        | '؛'
                        | '؟'
                )
            {
                break;
            }
            e += 1;
        }
        while e > i && matches!(chars[e - 1], '.' | ',' | ';' | ':' | '!' | '?' | '\'') {
            e -= 1;
        }
        return Some(e);
    }
    // E-mail: local@domain.tld in ASCII.
    let is_local = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    let mut e = i;
    while e < n && is_local(chars[e]) {
        e += 1;
    }
    if e >= n || chars[e] != '@' {
        return None;
    }
    let d0 = e + 1;
    let mut d = d0;
    while d < n && (chars[d].is_ascii_alphanumeric() || matches!(chars[d], '.' | '-')) {
        d += 1;
    }
    while d > d0 && matches!(chars[d - 1], '.' | '-') {
        d -= 1;
    }
    let domain = &chars[d0..d];
    let dot = domain.iter().rposition(|&c| c == '.')?;
    let tld_ok = dot > 0
        && domain.len() - dot > 2
        && domain[dot + 1..].iter().all(|c| c.is_ascii_alphabetic());
    tld_ok.then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenized_is_tokenize_chars_for_each_body() {
        let a = "قال الوزير: 3.5 مليون.";
        let b = "وزار الرئيس بغداد.";
        for body in [a, a, b, a, ""] {
            let t = tokenized(body);
            let chars: Vec<char> = body.chars().collect();
            assert_eq!(t.body, body);
            assert_eq!(t.chars, chars);
            assert_eq!(t.tokens, tokenize_chars(&chars));
        }
        assert!(Arc::ptr_eq(&tokenized(b), &tokenized(b)));
    }

    fn render(s: &str) -> Vec<String> {
        let chars: Vec<char> = s.chars().collect();
        tokens(s)
            .iter()
            .map(|t| chars[t.span.start..t.span.end].iter().collect())
            .collect()
    }

    #[test]
    fn hyphen_between_words_splits() {
        assert_eq!(
            render("الاتفاق المصري-السوداني"),
            ["الاتفاق", "المصري", "-", "السوداني"]
        );
    }

    #[test]
    fn urls_and_emails_stay_whole() {
        assert_eq!(
            render("زوروا https://example.org/a?b=1."),
            ["زوروا", "https://example.org/a?b=1", "."]
        );
        assert_eq!(
            render("راسلوا info@example.com."),
            ["راسلوا", "info@example.com", "."]
        );
        assert_eq!(render("me@x"), ["me", "@", "x"]);
    }

    #[test]
    fn zwnj_inside_word_only() {
        assert_eq!(render("می\u{200C}خواهم \u{200C}"), ["می\u{200C}خواهم"]);
    }
}
