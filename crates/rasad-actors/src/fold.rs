//! Folding and clitic analysis for alias matching.
//!
//! rasad-text had no `fold_word` when this crate was written, so this is a
//! small local fold with the same rules as the text layer's matching
//! normalisation: drop diacritics, tatweel and zero-width marks, fold the
//! alef forms to bare alef, alef maqsura to yeh, teh marbuta to heh, and
//! lower-case Latin letters.

/// Folds one word (or a phrase: spaces are kept) into its matching key.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Whether folding drops `ch` (a diacritic, tatweel or invisible mark).
pub fn folds_away(ch: char) -> bool {
    is_dropped(ch)
}

/// Chars that folding drops: they carry no letter.
#[inline]
fn is_dropped(ch: char) -> bool {
    matches!(ch,
        // Harakat, tanween, shadda, sukun, superscript alef, Quranic marks.
        '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}'
        // Tatweel and zero-width (non-)joiners carry no letter.
        | '\u{0640}' | '\u{200C}' | '\u{200D}' | '\u{200E}' | '\u{200F}' | '\u{FEFF}')
}

/// The folded form of one char; `None` when folding drops it. [`fold`] is
/// this applied char by char, so a prefix can be folded on its own.
#[inline]
pub fn fold_char(ch: char) -> Option<char> {
    Some(match ch {
        c if c.is_ascii() => c.to_ascii_lowercase(),
        c if is_dropped(c) => return None,
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => 'ا',
        'ى' | 'ی' => 'ي',
        'ة' => 'ه',
        'ک' => 'ك',
        c => c,
    })
}

/// [`fold`] appending to `out`; returns (chars read, chars written).
pub fn fold_into(s: &str, out: &mut String) -> (usize, usize) {
    let (mut read, mut written) = (0, 0);
    for ch in s.chars() {
        read += 1;
        if let Some(c) = fold_char(ch) {
            out.push(c);
            written += 1;
        }
    }
    (read, written)
}

/// [`fold_into`] on UTF-8 bytes (the reading generator works on bytes: its
/// strips are whole chars, so every slice it makes stays valid UTF-8).
fn fold_bytes(s: &str, out: &mut Vec<u8>) -> (usize, usize) {
    let (mut read, mut written) = (0, 0);
    for ch in s.chars() {
        read += 1;
        if let Some(c) = fold_char(ch) {
            let n = c as u32;
            if n < 0x80 {
                out.push(n as u8);
            } else if n < 0x800 {
                out.extend_from_slice(&[0xC0 | (n >> 6) as u8, 0x80 | (n & 0x3F) as u8]);
            } else {
                out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            }
            written += 1;
        }
    }
    (read, written)
}

/// Chars in `s`, counted on bytes (no decoding).
#[inline]
fn nchars(s: &str) -> usize {
    nchars_b(s.as_bytes())
}

#[inline]
fn nchars_b(s: &[u8]) -> usize {
    s.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// `s` without the prefix `p`. Byte loops: these patterns are one to three
/// letters, where a `memcmp` call costs more than the comparison.
#[inline]
fn strip_pre<'a>(s: &'a [u8], p: &[u8]) -> Option<&'a [u8]> {
    (s.len() >= p.len() && s.iter().zip(p).all(|(a, b)| a == b)).then(|| &s[p.len()..])
}

#[inline]
fn strip_suf<'a>(s: &'a [u8], p: &[u8]) -> Option<&'a [u8]> {
    let cut = s.len().checked_sub(p.len())?;
    s[cut..]
        .iter()
        .zip(p)
        .all(|(a, b)| a == b)
        .then(|| &s[..cut])
}

/// True for chars that belong inside a token (letters, digits, Arabic marks).
#[inline]
pub fn is_token_char(c: char) -> bool {
    // rasad-text's `is_alphanumeric` settles ASCII and Arabic letters
    // without the slow Unicode table search.
    rasad_text::is_alphanumeric(c)
        || matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{200C}' | '\u{200D}')
}

/// Splits a phrase into tokens the same way the matcher splits text.
pub fn tokens(s: &str) -> Vec<&str> {
    s.split(|c: char| !is_token_char(c))
        .filter(|t| !t.is_empty())
        .collect()
}

/// Drops a leading definite article from an already folded token, so that
/// aliases match with or without it. Kept only when at least two letters
/// remain (`ال` + one letter is more likely a short word than an article).
pub fn strip_article(folded: &str) -> &str {
    match folded.strip_prefix("ال") {
        Some(rest) if nchars(rest) >= 2 => rest,
        _ => folded,
    }
}

/// The canonical key of one alias token: folded, article removed.
pub fn canonical_token(tok: &str) -> String {
    let mut f = String::with_capacity(tok.len());
    push_canonical(tok, &mut f);
    f
}

/// Appends [`canonical_token`] of `tok` to `out` (no allocation of its own).
fn push_canonical(tok: &str, out: &mut String) {
    let from = out.len();
    fold_into(tok, out);
    let cut = out[from..].len() - strip_article(&out[from..]).len();
    out.replace_range(from..from + cut, "");
}

/// The canonical key of a whole alias phrase: canonical tokens joined by one space.
pub fn canonical_phrase(phrase: &str) -> String {
    // Built in place: the same as joining the canonical tokens of
    // `tokens(phrase)` with one space (empty ones included).
    let mut out = String::with_capacity(phrase.len());
    for (k, t) in phrase
        .split(|c: char| !is_token_char(c))
        .filter(|t| !t.is_empty())
        .enumerate()
    {
        if k > 0 {
            out.push(' ');
        }
        push_canonical(t, &mut out);
    }
    out
}

/// A reading of a text token: a canonical key and how many chars of clitics
/// were removed to get it (lower is preferred when readings compete).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub key: String,
    pub cost: usize,
}

const CONJ: [&str; 3] = ["", "و", "ف"];
const PREP: [&str; 4] = ["", "ب", "ل", "ك"];
const ENCLITICS: [&str; 7] = ["هما", "كما", "هم", "ها", "كم", "نا", "ه"];
const ARTICLE: &str = "ال";
const LAM: &str = "ل";
const TEH: &str = "ت";
const HEH: &str = "ه";

/// All canonical readings of one text token: the token itself, and the token
/// with proclitics (و ف, then ب ل ك, then the article; لل = ل + article)
/// and, for words without the article, one possessive enclitic removed.
///
/// Readings that keep fewer than two letters are not produced, so a bare
/// clitic never matches anything. The list is small (a handful) and free of
/// duplicates; the first reading is the cheapest.
pub fn readings(tok: &str) -> Vec<Reading> {
    let mut out: Vec<Reading> = Vec::new();
    candidates(tok, &mut Scratch::default(), &mut |key, cost| {
        // Keys are whole-char slices of a folded string: always UTF-8.
        let Ok(key) = std::str::from_utf8(key) else {
            return;
        };
        if let Some(r) = out.iter_mut().find(|r| r.key == key) {
            r.cost = r.cost.min(cost);
        } else {
            out.push(Reading {
                key: key.to_string(),
                cost,
            });
        }
    });
    out.sort_by_key(|r| r.cost);
    out
}

/// Reusable buffers for [`candidates`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Scratch {
    folded: Vec<u8>,
    restored: Vec<u8>,
}

/// The reading generator behind [`readings`]: calls `emit(key, cost)` for
/// every candidate (UTF-8 bytes) in generation order, duplicates included
/// (callers merge them keeping the first position and the lowest cost, then
/// sort stably by cost). Returns the chars of `tok` as written. Allocates
/// nothing once `buf` has grown.
pub(crate) fn candidates(
    tok: &str,
    buf: &mut Scratch,
    emit: &mut impl FnMut(&[u8], usize),
) -> usize {
    let Scratch { folded, restored } = buf;
    folded.clear();
    let (read, total) = fold_bytes(tok, folded);
    let f = folded.as_slice();
    // Folding turns ة into ه; a word written with final ة has no ـه enclitic
    // (مقاتلة is not مقاتل + ه), so that strip is skipped for it.
    let ends_with_taa = tok.chars().rev().find(|&c| !is_dropped(c)) == Some('ة');
    let mut push = |key: &[u8]| {
        let n = nchars_b(key);
        if n >= 2 {
            emit(key, total.saturating_sub(n));
        }
    };
    for conj in CONJ {
        let Some(a) = strip_pre(f, conj.as_bytes()) else {
            continue;
        };
        for prep in PREP {
            let Some(b) = strip_pre(a, prep.as_bytes()) else {
                continue;
            };
            // A stripped stem needs some substance: 3 letters unless nothing was stripped.
            if (!conj.is_empty() || !prep.is_empty()) && nchars_b(b) < 3 {
                continue;
            }
            if prep == LAM {
                if let Some(rest) = strip_pre(b, LAM.as_bytes()) {
                    // لل + noun: the article's alef is elided after the preposition.
                    push(rest);
                }
            }
            // strip_article on bytes.
            let stem = match strip_pre(b, ARTICLE.as_bytes()) {
                Some(rest) if nchars_b(rest) >= 2 => rest,
                _ => b,
            };
            push(stem);
            if stem.len() == b.len() {
                // No article: try one possessive enclitic.
                for enc in ENCLITICS {
                    if enc == HEH && ends_with_taa {
                        continue;
                    }
                    if let Some(base) = strip_suf(stem, enc.as_bytes()) {
                        if nchars_b(base) >= 3 {
                            push(base);
                            if let Some(t) = strip_suf(base, TEH.as_bytes()) {
                                // حكومتها → حكومه: teh marbuta before a suffix is written ت.
                                restored.clear();
                                restored.extend_from_slice(t);
                                restored.extend_from_slice(HEH.as_bytes());
                                push(restored);
                            }
                        }
                    }
                }
            }
        }
    }
    read
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_rules() {
        assert_eq!(fold("إيران"), "ايران");
        assert_eq!(fold("مُصْطَفَى"), "مصطفي");
        assert_eq!(fold("الفرنسيّة"), "الفرنسيه");
        assert_eq!(fold("عـــمان"), "عمان");
        assert_eq!(fold("NATO"), "nato");
    }

    #[test]
    fn token_chars_fast_path_agrees() {
        let slow = |c: char| {
            c.is_alphanumeric()
                || matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{200C}' | '\u{200D}')
        };
        for c in ('\0'..='\u{07FF}').chain('\u{2000}'..='\u{206F}') {
            assert_eq!(is_token_char(c), slow(c), "{c:?}");
        }
    }

    /// The in-place phrase key equals the token-by-token join it replaced.
    #[test]
    fn canonical_phrase_is_the_joined_token_keys() {
        for p in [
            "الأمم المتحدة",
            "الولايات  المتحدة-الأمريكية",
            "ـ الجيش",
            "الي ال لل",
            "",
            " ، ",
            "NATO / OTAN",
            "x\u{200C}y الحكومة",
        ] {
            let want = tokens(p)
                .iter()
                .map(|t| canonical_token(t))
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(canonical_phrase(p), want, "{p}");
        }
    }

    #[test]
    fn canonical_drops_article_only_when_long_enough() {
        assert_eq!(canonical_phrase("الأمم المتحدة"), "امم متحده");
        assert_eq!(canonical_token("الي"), "الي");
    }

    fn keys(t: &str) -> Vec<String> {
        readings(t).into_iter().map(|r| r.key).collect()
    }

    /// The string-based generator the byte-level one replaced, kept as the
    /// reference: same keys, same costs, same order.
    fn readings_reference(tok: &str) -> Vec<Reading> {
        let f = fold(tok);
        let total = f.chars().count();
        let ends_with_taa = tok
            .chars()
            .rev()
            .find(|c| fold(&c.to_string()).chars().next().is_some())
            == Some('ة');
        let mut out: Vec<Reading> = Vec::new();
        let push = |key: &str, out: &mut Vec<Reading>| {
            if key.chars().count() < 2 {
                return;
            }
            let cost = total.saturating_sub(key.chars().count());
            if let Some(r) = out.iter_mut().find(|r| r.key == key) {
                r.cost = r.cost.min(cost);
            } else {
                out.push(Reading {
                    key: key.to_string(),
                    cost,
                });
            }
        };
        for conj in CONJ {
            let Some(a) = f.strip_prefix(conj) else {
                continue;
            };
            for prep in PREP {
                let Some(b) = a.strip_prefix(prep) else {
                    continue;
                };
                if (!conj.is_empty() || !prep.is_empty()) && b.chars().count() < 3 {
                    continue;
                }
                if prep == "ل" && b.starts_with('ل') {
                    let rest = &b['ل'.len_utf8()..];
                    if rest.chars().count() >= 2 {
                        push(rest, &mut out);
                    }
                }
                let stem = strip_article(b);
                push(stem, &mut out);
                if stem.len() == b.len() {
                    for enc in ENCLITICS {
                        if enc == "ه" && ends_with_taa {
                            continue;
                        }
                        if let Some(base) = stem.strip_suffix(enc) {
                            if base.chars().count() >= 3 {
                                push(base, &mut out);
                                if let Some(t) = base.strip_suffix('ت') {
                                    let mut restored = t.to_string();
                                    restored.push('ه');
                                    push(&restored, &mut out);
                                }
                            }
                        }
                    }
                }
            }
        }
        out.sort_by_key(|r| r.cost);
        out
    }

    #[test]
    fn readings_match_the_reference() {
        let words = [
            "وبالفرنسيين",
            "للرئيس",
            "حكومتها",
            "جيشه",
            "مقاتلةً",
            "وموسكو",
            "بريطانيا",
            "وب",
            "",
            "ولل",
            "لل",
            "للل",
            "فكالحكومتين",
            "بلدهما",
            "والقوات",
            "NATO",
            "وزيرتها",
            "لللل",
            "ـــه",
            "كالمتحدة",
            "وَبِالْأَمْنِ",
            "فللدولتين",
            "كتابكم",
            "ونا",
            "الاال",
            "ة",
            "وة",
            "بالتهم",
            "O'Brien",
            "٣٠٠",
            "x\u{200C}y",
            "وللجيشين",
        ];
        for w in words {
            assert_eq!(readings(w), readings_reference(w), "{w}");
        }
    }

    #[test]
    fn readings_strip_clitics() {
        assert!(keys("وبالفرنسيين").contains(&"فرنسيين".to_string()));
        assert!(keys("للرئيس").contains(&"رئيس".to_string()));
        assert!(keys("حكومتها").contains(&"حكومه".to_string()));
        assert!(keys("جيشه").contains(&"جيش".to_string()));
        // Final ة is not an enclitic: مقاتلة (fighter jet) is not مقاتل + ه.
        assert!(!keys("مقاتلةً").contains(&"مقاتل".to_string()));
        assert!(keys("وموسكو").contains(&"موسكو".to_string()));
        // The unstripped token is always the first, cheapest reading.
        assert_eq!(keys("بريطانيا")[0], "بريطانيا");
        // A bare clitic yields no reading shorter than two letters.
        assert!(keys("وب").iter().all(|k| k.chars().count() >= 2));
        assert!(keys("").is_empty());
    }
}
