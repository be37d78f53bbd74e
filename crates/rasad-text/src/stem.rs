//! Stemming for matching.

use crate::data::resources;
use crate::normalize::fold_word;
use crate::segment::segment;
use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;

/// Snowball Arabic stem of the folded word. Aggressive (it strips
/// derivational patterns too): use it for recall-oriented matching only.
pub fn stem(word: &str) -> String {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    let stemmer = STEMMER.get_or_init(|| Stemmer::create(Algorithm::Arabic));
    stemmer.stem(&fold_word(word)).into_owned()
}

/// Light stem: the folded stem from [`crate::segment`], minus one
/// plural/dual/feminine ending (تان تين ون ين ان ات ة) and then one nisba
/// ي, each only if enough letters remain (`data/text/light_suffixes.tsv`).
///
/// What maps together: فرنسي, فرنسية, فرنسيون, الفرنسيين, والفرنسيات,
/// فرنسيتان → `فرنس`; معارض, المعارضة, معارضون → `معارض`. What does not:
/// a country and its adjective (فرنسا → `فرنسا`), and short or
/// name-like words whose ending would leave too little (لبنان, ايران).
pub fn light_stem(word: &str) -> String {
    let key = segment(word).stem_key;
    let (after_number, _) = strip_one(&key, false);
    let (after_nisba, _) = strip_one(after_number, true);
    after_nisba.to_string()
}

/// Strip the first matching ending of one group, if enough remains.
fn strip_one(key: &str, nisba: bool) -> (&str, bool) {
    for rule in resources().suffixes.iter().filter(|r| r.nisba == nisba) {
        if let Some(rest) = key.strip_suffix(rule.suffix.as_str()) {
            // What remains, in chars (counted only when an ending matches).
            if rest.chars().count() >= rule.min_remaining {
                return (rest, true);
            }
        }
    }
    (key, false)
}

/// Whether `pred` holds for a form the folded key may be an inflection
/// of, tried in order: without its plural/feminine ending, without its
/// nisba, and (for a nisba) the country names it derives from (فرنسي →
/// فرنسا, سوري → سوريا). Stops at the first form that holds; builds at
/// most one string (the country forms).
pub(crate) fn any_inflection_reduction(key: &str, pred: impl Fn(&str) -> bool) -> bool {
    // Most keys end in a letter no ending ends in: then neither group
    // strips anything, and there is no form to try.
    let ends = &resources().suffix_last_chars;
    if !key.chars().next_back().is_some_and(|c| ends.contains(&c)) {
        return false;
    }
    let (a, stripped_number) = strip_one(key, false);
    if stripped_number && pred(a) {
        return true;
    }
    let (b, stripped_nisba) = strip_one(a, true);
    if !stripped_nisba {
        return false;
    }
    if pred(b) {
        return true;
    }
    let mut form = String::with_capacity(b.len() + 4);
    form.push_str(b);
    form.push('ا');
    if pred(&form) {
        return true;
    }
    form.truncate(b.len());
    form.push_str("يا");
    pred(&form)
}
