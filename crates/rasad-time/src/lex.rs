//! Folding, tokenising and lexicon lookup: text to a sequence of items.
//!
//! One left-to-right pass over the chars; every item keeps char and byte
//! offsets into the caller's text (never into a folded copy).

use std::borrow::Cow;

use crate::data::{Entry, Lexicon};

/// Folds one char for matching; `None` drops it (diacritics, tatweel).
pub(crate) fn fold_char(c: char) -> Option<char> {
    match c {
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => None,
        'أ' | 'إ' | 'آ' | 'ٱ' => Some('ا'),
        'ى' | 'ی' => Some('ي'),
        'ة' => Some('ه'),
        'ک' => Some('ك'),
        'ڤ' => Some('ف'),
        'پ' => Some('ب'),
        c if c.is_ascii_uppercase() => Some(c.to_ascii_lowercase()),
        c => Some(c),
    }
}

pub(crate) fn fold_str(s: &str) -> String {
    s.chars().filter_map(fold_char).collect()
}

fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

fn is_word_char(c: char) -> bool {
    // Fast paths for ASCII and the Arabic block: the generic Unicode table
    // lookup dominated the run time.
    match c {
        'a'..='z' | 'A'..='Z' => true,
        c if c.is_ascii() => false,
        '\u{0621}'..='\u{065F}' | '\u{066E}'..='\u{06D3}' | '\u{06D5}' => true,
        '\u{06EE}' | '\u{06EF}' | '\u{06FA}'..='\u{06FF}' => true,
        '\u{0600}'..='\u{06FF}' => false,
        c => c.is_alphabetic(),
    }
}

fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '!' | '?' | '؟' | ';' | '؛' | '\u{2029}')
}

/// Whether char `x` of `chars` is lexed as a `Break` whatever surrounds
/// the stretch scanned (as `tokenize` decides: a dot is a break unless it
/// stands between two digits).
pub(crate) fn break_at(chars: &[char], x: usize) -> bool {
    let is_digit = |k: Option<usize>| {
        k.and_then(|k| chars.get(k))
            .is_some_and(|&c| digit(c).is_some())
    };
    match chars.get(x) {
        Some(&'.') => !(is_digit(x.checked_sub(1)) && is_digit(x.checked_add(1))),
        Some(&c) => is_break(c),
        None => false,
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// Digits; `v` saturates, `digits` tells a year from a day.
    Num {
        v: u32,
        digits: u32,
    },
    Sep(char),
    /// Index into `Lexicon::sets`.
    Lex(usize),
    Word,
    Break,
}

#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub kind: Kind,
    /// Char offsets (clitics excluded).
    pub start: usize,
    pub end: usize,
    pub bstart: usize,
    pub bend: usize,
}

struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
    bstart: usize,
    bend: usize,
    /// Byte range of the folded form in the shared buffer (words only).
    fold: (usize, usize),
}

fn tokenize(text: &str, buf: &mut String) -> Vec<Tok> {
    let mut toks: Vec<Tok> = Vec::with_capacity(text.len() / 8);
    let mut it = text.char_indices().enumerate().peekable();
    while let Some((ci, (bi, c))) = it.next() {
        if let Some(d) = digit(c) {
            let (mut v, mut digits, mut end, mut bend) = (d, 1u32, ci + 1, bi + c.len_utf8());
            while let Some(&(cj, (bj, c2))) = it.peek() {
                let Some(d2) = digit(c2) else { break };
                v = v.saturating_mul(10).saturating_add(d2);
                digits += 1;
                end = cj + 1;
                bend = bj + c2.len_utf8();
                it.next();
            }
            toks.push(Tok {
                kind: Kind::Num { v, digits },
                start: ci,
                end,
                bstart: bi,
                bend,
                fold: (0, 0),
            });
        } else if is_word_char(c) {
            let fstart = buf.len();
            buf.extend(fold_char(c));
            let (mut end, mut bend) = (ci + 1, bi + c.len_utf8());
            while let Some(&(cj, (bj, c2))) = it.peek() {
                if !is_word_char(c2) {
                    break;
                }
                buf.extend(fold_char(c2));
                end = cj + 1;
                bend = bj + c2.len_utf8();
                it.next();
            }
            toks.push(Tok {
                kind: Kind::Word,
                start: ci,
                end,
                bstart: bi,
                bend,
                fold: (fstart, buf.len()),
            });
        } else if c.is_whitespace() && !is_break(c) {
            continue;
        } else {
            let kind = if is_break(c) {
                Kind::Break
            } else if c == '.' {
                // A dot is a date separator only between adjacent digits.
                let prev_num = toks
                    .last()
                    .is_some_and(|t| t.end == ci && matches!(t.kind, Kind::Num { .. }));
                let next_digit = it.peek().is_some_and(|&(_, (_, n))| digit(n).is_some());
                if prev_num && next_digit {
                    Kind::Sep('.')
                } else {
                    Kind::Break
                }
            } else {
                let c = match c {
                    '–' | '—' | '‐' => '-',
                    '،' => ',',
                    '\\' => '/',
                    c => c,
                };
                Kind::Sep(c)
            };
            toks.push(Tok {
                kind,
                start: ci,
                end: ci + 1,
                bstart: bi,
                bend: bi + c.len_utf8(),
                fold: (0, 0),
            });
        }
    }
    toks
}

/// Char count of the original word that the first `n` folded letters cover,
/// plus any tatweel/diacritics right after them («بـ»).
fn original_prefix(word: &str, n: usize) -> (usize, usize) {
    let (mut chars, mut bytes, mut seen) = (0, 0, 0);
    for c in word.chars() {
        let kept = fold_char(c).is_some();
        if seen >= n && kept {
            break;
        }
        if kept {
            seen += 1;
        }
        chars += 1;
        bytes += c.len_utf8();
    }
    (chars, bytes)
}

/// Readings of a word with the proclitics it may carry: the word itself,
/// then و/ف, then ب/ل/ك (and لل → ال). Pushes (folded stem, letters
/// stripped); stems are slices of `f` except the rare لل → ال rewrite.
fn clitic_variants<'a>(f: &'a str, out: &mut Vec<(Cow<'a, str>, usize)>) {
    out.push((Cow::Borrowed(f), 0));
    // Arabic letters are two bytes; a stem must keep more than two letters.
    let long = |s: &str| s.chars().nth(2).is_some();
    let mut bases: [Option<(&str, usize)>; 2] = [Some((f, 0)), None];
    if let Some(rest) = f.strip_prefix('و').or_else(|| f.strip_prefix('ف')) {
        if long(f) {
            out.push((Cow::Borrowed(rest), 1));
            bases[1] = Some((rest, 1));
        }
    }
    for (b, k) in bases.into_iter().flatten() {
        if !long(b) {
            continue;
        }
        if let Some(rest) = b.strip_prefix("لل") {
            out.push((Cow::Owned(format!("ال{rest}")), k + 1));
        } else if let Some(rest) = b
            .strip_prefix('ب')
            .or_else(|| b.strip_prefix('ل'))
            .or_else(|| b.strip_prefix('ك'))
        {
            out.push((Cow::Borrowed(rest), k + 1));
        }
    }
}

/// Tokenises `text` and looks every word (and multi-word form) up.
pub(crate) fn items(text: &str, lex: &Lexicon) -> Vec<Item> {
    let mut buf = String::with_capacity(text.len());
    let toks = tokenize(text, &mut buf);
    let folded = |t: &Tok| buf.get(t.fold.0..t.fold.1).unwrap_or("");
    let mut variants: Vec<(Cow<str>, usize)> = Vec::with_capacity(4);
    let mut out = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if t.kind != Kind::Word {
            out.push(Item {
                kind: t.kind.clone(),
                start: t.start,
                end: t.end,
                bstart: t.bstart,
                bend: t.bend,
            });
            i += 1;
            continue;
        }
        let mut found: Option<(usize, usize, usize)> = None; // (set, stripped, tokens used)
                                                             // Fast path: most words are neither a form nor a clitic + form.
        let f = folded(t);
        variants.clear();
        if matches!(f.chars().next(), Some('و' | 'ف' | 'ب' | 'ل' | 'ك')) {
            clitic_variants(f, &mut variants);
        } else {
            variants.push((Cow::Borrowed(f), 0));
        }
        'v: for (form, stripped) in &variants {
            let form: &str = form;
            if !lex.heads.may_contain(form.as_bytes()) {
                continue;
            }
            if let Some(list) = lex.phrases.get(form) {
                for (rest, set) in list {
                    let ok = rest.iter().enumerate().all(|(k, w)| {
                        toks.get(i + 1 + k)
                            .is_some_and(|n| n.kind == Kind::Word && folded(n) == w.as_str())
                    });
                    if ok {
                        found = Some((*set, *stripped, 1 + rest.len()));
                        break 'v;
                    }
                }
            }
            if let Some(&set) = lex.words.get(form) {
                found = Some((set, *stripped, 1));
                break;
            }
        }
        match found {
            Some((set, stripped, used)) => {
                let (sc, sb) = original_prefix(&text[t.bstart..t.bend], stripped);
                let last = &toks[i + used - 1];
                out.push(Item {
                    kind: Kind::Lex(set),
                    start: t.start + sc,
                    end: last.end,
                    bstart: t.bstart + sb,
                    bend: last.bend,
                });
                i += used;
            }
            None => {
                out.push(Item {
                    kind: Kind::Word,
                    start: t.start,
                    end: t.end,
                    bstart: t.bstart,
                    bend: t.bend,
                });
                i += 1;
            }
        }
    }
    out
}

/// Entries of an item (empty for non-lexicon items).
pub(crate) fn entries<'a>(item: &Item, lex: &'a Lexicon) -> &'a [Entry] {
    match item.kind {
        Kind::Lex(s) => lex.sets.get(s).map(Vec::as_slice).unwrap_or(&[]),
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_of_all_scripts() {
        let t = tokenize("١٣ و۱۴ 15", &mut String::new());
        let nums: Vec<u32> = t
            .iter()
            .filter_map(|t| match t.kind {
                Kind::Num { v, .. } => Some(v),
                _ => None,
            })
            .collect();
        assert_eq!(nums, vec![13, 14, 15]);
    }

    #[test]
    fn clitic_offsets_skip_tatweel() {
        assert_eq!(original_prefix("بـالأمس", 1), (2, "بـ".len()));
        assert_eq!(original_prefix("والخميس", 1), (1, "و".len()));
    }

    #[test]
    fn dot_is_separator_only_inside_numbers() {
        let t = tokenize("18.12.2015. ثم", &mut String::new());
        let kinds: Vec<&Kind> = t.iter().map(|t| &t.kind).collect();
        assert_eq!(kinds[1], &Kind::Sep('.'));
        assert_eq!(kinds[5], &Kind::Break);
    }
}
