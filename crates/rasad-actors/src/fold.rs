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
    for ch in s.chars() {
        match ch {
            // Harakat, tanween, shadda, sukun, superscript alef, Quranic marks.
            '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' => {}
            '\u{06D6}'..='\u{06ED}' => {}
            // Tatweel and zero-width (non-)joiners carry no letter.
            '\u{0640}' | '\u{200C}' | '\u{200D}' | '\u{200E}' | '\u{200F}' | '\u{FEFF}' => {}
            'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => out.push('ا'),
            'ى' | 'ی' => out.push('ي'),
            'ة' => out.push('ه'),
            'ک' => out.push('ك'),
            c if c.is_ascii_uppercase() => out.push(c.to_ascii_lowercase()),
            c => out.push(c),
        }
    }
    out
}

/// True for chars that belong inside a token (letters, digits, Arabic marks).
pub fn is_token_char(c: char) -> bool {
    c.is_alphanumeric()
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
        Some(rest) if rest.chars().count() >= 2 => rest,
        _ => folded,
    }
}

/// The canonical key of one alias token: folded, article removed.
pub fn canonical_token(tok: &str) -> String {
    let f = fold(tok);
    strip_article(&f).to_string()
}

/// The canonical key of a whole alias phrase: canonical tokens joined by one space.
pub fn canonical_phrase(phrase: &str) -> String {
    tokens(phrase)
        .iter()
        .map(|t| canonical_token(t))
        .collect::<Vec<_>>()
        .join(" ")
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

/// All canonical readings of one text token: the token itself, and the token
/// with proclitics (و ف, then ب ل ك, then the article; لل = ل + article)
/// and, for words without the article, one possessive enclitic removed.
///
/// Readings that keep fewer than two letters are not produced, so a bare
/// clitic never matches anything. The list is small (a handful) and free of
/// duplicates; the first reading is the cheapest.
pub fn readings(tok: &str) -> Vec<Reading> {
    let f = fold(tok);
    let total = f.chars().count();
    // Folding turns ة into ه; a word written with final ة has no ـه enclitic
    // (مقاتلة is not مقاتل + ه), so that strip is skipped for it.
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
            // A stripped stem needs some substance: 3 letters unless nothing was stripped.
            if (!conj.is_empty() || !prep.is_empty()) && b.chars().count() < 3 {
                continue;
            }
            if prep == "ل" && b.starts_with('ل') {
                // لل + noun: the article's alef is elided after the preposition.
                let rest = &b['ل'.len_utf8()..];
                if rest.chars().count() >= 2 {
                    push(rest, &mut out);
                }
            }
            let stem = strip_article(b);
            push(stem, &mut out);
            if stem.len() == b.len() {
                // No article: try one possessive enclitic.
                for enc in ENCLITICS {
                    if enc == "ه" && ends_with_taa {
                        continue;
                    }
                    if let Some(base) = stem.strip_suffix(enc) {
                        if base.chars().count() >= 3 {
                            push(base, &mut out);
                            if let Some(t) = base.strip_suffix('ت') {
                                // حكومتها → حكومه: teh marbuta before a suffix is written ت.
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
    fn canonical_drops_article_only_when_long_enough() {
        assert_eq!(canonical_phrase("الأمم المتحدة"), "امم متحده");
        assert_eq!(canonical_token("الي"), "الي");
    }

    fn keys(t: &str) -> Vec<String> {
        readings(t).into_iter().map(|r| r.key).collect()
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
