//! Clitic segmentation: proclitics + stem + enclitic pronoun.

use crate::chars::is_arabic_letter;
use crate::data::{is_known_stem, resources, CliticRule, Slot};
use crate::fold_table;
use crate::normalize::{fold_word, strip_marks};
use rasad_doc::Span;

/// One clitic of a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clitic {
    /// Char span within the word as given (diacritics included).
    pub span: Span,
    /// Canonical form: `و ف ب ك ل س ال` or a pronoun `ه ها هم …`. The
    /// assimilated article of `للرئيس` has form `ال` and a one-char span.
    pub form: String,
}

/// How much the lexicon vouches for the stem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Known {
    Unknown,
    /// Known once a plural/dual/feminine/nisba ending is removed.
    Inflected,
    Exact,
}

/// One analysis of a word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segmentation {
    pub proclitics: Vec<Clitic>,
    /// Char span of the stem within the word.
    pub stem: Span,
    /// At most one pronoun suffix.
    pub enclitics: Vec<Clitic>,
    /// Folded stem (see [`crate::fold_word`]): the dictionary key.
    pub stem_key: String,
    pub known: Known,
    /// Ranking score; higher is better. Only comparable within one word.
    pub score: i32,
}

impl Segmentation {
    /// `و+ب+ال+فرنسيين`: clitic forms and the stem as written, joined by `+`.
    pub fn render(&self, word: &str) -> String {
        let mut parts: Vec<String> = self.proclitics.iter().map(|c| c.form.clone()).collect();
        parts.push(char_slice(word, self.stem));
        parts.extend(self.enclitics.iter().map(|c| c.form.clone()));
        parts.join("+")
    }

    /// Whether any clitic was split off.
    pub fn is_split(&self) -> bool {
        !self.proclitics.is_empty() || !self.enclitics.is_empty()
    }
}

fn char_slice(s: &str, span: Span) -> String {
    s.chars().skip(span.start).take(span.len()).collect()
}

/// Best analysis of `word` using the default lexicon
/// (`data/text/lexicon.txt`).
pub fn segment(word: &str) -> Segmentation {
    segment_with(word, &is_known_stem)
}

/// Best analysis of `word`, with `known` telling whether a folded stem is a
/// known word. With `&|_| false` only the unknown-stem rules of
/// `data/text/clitics.tsv` apply (minimum stem lengths), which keep
/// وزير, لندن, كبار whole but cannot tell فرنسا from ف + رنسا.
pub fn segment_with(word: &str, known: &dyn Fn(&str) -> bool) -> Segmentation {
    let mut all = analyses(word, known);
    // `analyses` always returns at least the unsegmented reading.
    if all.is_empty() {
        return unsplit(word, known);
    }
    all.swap_remove(0)
}

/// Every admissible analysis of `word`, best first. The unsegmented
/// reading is always among them.
///
/// Grammar: `[و|ف] [ب|ك|ل|س] [ال] stem [pronoun]`, where the article
/// follows only ب ك ل or nothing (ل + ال is written لل), never takes a
/// pronoun, and س needs an imperfect-verb stem (ي ت ن).
///
/// Ranking: a stem known exactly beats one known after removing an
/// inflectional ending, which beats an unknown stem; among known stems
/// fewer clitics win (the whole word when it is itself known); among
/// unknown stems every clitic must pass its unknown-stem rule and more
/// clitics win, so an unknown word is split as far as the rules allow.
pub fn analyses(word: &str, known: &dyn Fn(&str) -> bool) -> Vec<Segmentation> {
    let letters = strip_marks(word);
    let chars: Vec<char> = letters.iter().map(|l| l.0).collect();
    if chars.len() < 3 || !chars.iter().all(|c| is_arabic_letter(*c)) {
        return vec![unsplit(word, known)];
    }
    let res = resources();
    // Every proclitic sequence, flat: (rule index, letters) items, and each
    // sequence's range of them (no allocation per sequence).
    let mut items: Vec<(usize, usize)> = Vec::with_capacity(32);
    let mut prefixes: Vec<(usize, usize)> = Vec::with_capacity(16);
    let mut cur = Vec::with_capacity(4);
    enumerate_prefixes(
        &chars,
        &res.proclitics,
        0,
        &mut cur,
        &mut items,
        &mut prefixes,
    );
    // Enclitics that end the word (whatever the prefix), in rule order.
    let ending: Vec<usize> = res
        .enclitics
        .iter()
        .enumerate()
        .filter(|(_, rule)| {
            chars.len() >= rule.form.len()
                && chars[chars.len() - rule.form.len()..] == rule.form[..]
        })
        .map(|(k, _)| k)
        .collect();
    // How known the whole word is, worked out once for every candidate
    // that needs it.
    let mut whole: Option<Known> = None;

    // At most one analysis per prefix and enclitic choice: one allocation.
    let mut out = Vec::with_capacity(prefixes.len() * (1 + ending.len()));
    for &(from, to) in &prefixes {
        let pre = &items[from..to];
        let p: usize = pre.iter().map(|&(_, l)| l).sum();
        let has_article = pre
            .iter()
            .any(|&(r, _)| res.proclitics[r].slot == Slot::Article);
        // None, or one enclitic matching at the end.
        let encs = std::iter::once(None).chain(
            ending
                .iter()
                .filter(|&&k| !has_article && chars.len() >= p + res.enclitics[k].form.len())
                .map(|&k| Some(k)),
        );
        for enc in encs {
            let e = chars.len() - enc.map_or(0, |k| res.enclitics[k].form.len());
            if e < p + 2 {
                continue;
            }
            let c = Candidate { pre, enc, p, e };
            if let Some(seg) = evaluate(word, &letters, &chars, &c, known, &mut whole) {
                out.push(seg);
            }
        }
    }
    out.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(
                (a.proclitics.len() + a.enclitics.len())
                    .cmp(&(b.proclitics.len() + b.enclitics.len())),
            )
            .then(b.stem.len().cmp(&a.stem.len()))
    });
    out
}

/// All proclitic sequences allowed by the slot order (`cur` is the
/// sequence so far; it is left as it was given). Each sequence is appended
/// to `items`, its range there to `out`.
fn enumerate_prefixes(
    chars: &[char],
    rules: &[CliticRule],
    at: usize,
    cur: &mut Vec<(usize, usize)>,
    items: &mut Vec<(usize, usize)>,
    out: &mut Vec<(usize, usize)>,
) {
    let from = items.len();
    items.extend_from_slice(cur);
    out.push((from, items.len()));
    let last = cur.last().map(|&(r, _)| rules[r].slot);
    // ل + ال is written لل: after ل the article is the single ل.
    let after_lam =
        last == Some(Slot::Prep) && cur.last().is_some_and(|&(r, _)| rules[r].form == ['ل']);
    for (k, rule) in rules.iter().enumerate() {
        let allowed = match (last, rule.slot) {
            (None, _) => true,
            (Some(Slot::Conj), s) => s != Slot::Conj,
            (Some(Slot::Prep), Slot::Article) => true,
            _ => false,
        };
        if !allowed {
            continue;
        }
        let form: &[char] = if rule.slot == Slot::Article && after_lam {
            &['ل']
        } else {
            &rule.form
        };
        // The first letter settles most rules without a slice comparison.
        if chars.get(at) == form.first()
            && chars.len() >= at + form.len()
            && chars[at..at + form.len()] == *form
        {
            cur.push((k, form.len()));
            enumerate_prefixes(chars, rules, at + form.len(), cur, items, out);
            cur.pop();
        }
    }
}

/// One way to cut a word: proclitics (rule index, letters), the enclitic
/// rule, and the stem's letter range `p..e`.
struct Candidate<'a> {
    pre: &'a [(usize, usize)],
    enc: Option<usize>,
    p: usize,
    e: usize,
}

/// Check one candidate and build it, or `None` when inadmissible. `whole`
/// caches how known the whole word is (the same for every candidate).
fn evaluate(
    word: &str,
    letters: &[(char, usize, usize)],
    chars: &[char],
    c: &Candidate,
    known: &dyn Fn(&str) -> bool,
    whole: &mut Option<Known>,
) -> Option<Segmentation> {
    let Candidate { pre, enc, p, e } = *c;
    let res = resources();
    let stem_chars = &chars[p..e];
    let mut key = String::with_capacity(2 * stem_chars.len());
    fold_table::shared().fold_into(stem_chars, &mut key);
    let enc_rule = enc.map(|k| &res.enclitics[k]);
    let mut level = known_level(&key, known);
    // Taa marbuta is written ت before a pronoun: حكومته = حكومة + ه.
    if level != Known::Exact && enc.is_some() && stem_chars.last() == Some(&'ت') {
        let mut alt: Vec<char> = key.chars().collect();
        alt.pop();
        alt.push('ه');
        let alt: String = alt.into_iter().collect();
        level = level.max(known_level(&alt, known));
    }
    // Final ي is far more often a nisba (الجزائري) than "my": when the whole
    // word reads as an inflection of a known word, do not split the ي off.
    if enc_rule.is_some_and(|r| r.form == ['ي'])
        && *whole.get_or_insert_with(|| {
            let mut whole_key = String::with_capacity(2 * chars.len());
            fold_table::shared().fold_into(chars, &mut whole_key);
            known_level(&whole_key, known)
        }) != Known::Unknown
    {
        return None;
    }
    let n_clitics = pre.len() + usize::from(enc.is_some());
    let stem_len = stem_chars.len();

    // Hard grammar constraints, whatever the lexicon says.
    for &(r, _) in pre {
        let rule = &res.proclitics[r];
        if !rule.stem_starts.is_empty()
            && !stem_chars
                .first()
                .is_some_and(|c| rule.stem_starts.contains(c))
        {
            return None;
        }
    }
    if n_clitics > 0 && level == Known::Unknown {
        // Article licenses everything before it.
        let article_at = pre
            .iter()
            .position(|&(r, _)| res.proclitics[r].slot == Slot::Article);
        let checked = pre
            .iter()
            .enumerate()
            .filter(|(i, _)| article_at.is_none_or(|a| *i >= a))
            .map(|(_, &(r, _))| &res.proclitics[r]);
        for rule in checked.chain(enc_rule) {
            if rule.min_stem_unknown == 0 || stem_len < rule.min_stem_unknown {
                return None;
            }
            if rule
                .stem_not_ending
                .iter()
                .any(|end| ends_with(stem_chars, end))
            {
                return None;
            }
        }
        // An unknown stem never starts with the article: strip it.
        if stem_chars.starts_with(&['ا', 'ل']) {
            return None;
        }
    }
    let score = match (n_clitics, level) {
        (0, Known::Exact) => 100,
        (0, Known::Inflected) => 60,
        (0, Known::Unknown) => 0,
        (n, Known::Exact) => 100 - n as i32,
        (n, Known::Inflected) => 60 - n as i32,
        (n, Known::Unknown) => 10 * n as i32,
    };

    let span_of = |from: usize, to: usize| -> Span {
        let s = letters.get(from).map_or(0, |l| l.1);
        let t = letters.get(to.saturating_sub(1)).map_or(s, |l| l.2);
        Span::new(s, t.max(s))
    };
    let mut at = 0;
    let mut proclitics = Vec::with_capacity(pre.len());
    for &(r, len) in pre {
        proclitics.push(Clitic {
            span: span_of(at, at + len),
            form: res.proclitics[r].form_str.clone(),
        });
        at += len;
    }
    let enclitics = enc_rule
        .map(|rule| {
            vec![Clitic {
                span: span_of(e, chars.len()),
                form: rule.form_str.clone(),
            }]
        })
        .unwrap_or_default();
    let mut stem = span_of(p, e);
    if n_clitics == 0 {
        stem = Span::new(0, word.chars().count());
    }
    Some(Segmentation {
        proclitics,
        stem,
        enclitics,
        stem_key: key,
        known: level,
        score,
    })
}

/// Whether the chars `s` end with the string `end`.
fn ends_with(s: &[char], end: &str) -> bool {
    let mut rest = s.iter().rev();
    end.chars().rev().all(|c| rest.next() == Some(&c))
}

fn known_level(key: &str, known: &dyn Fn(&str) -> bool) -> Known {
    if known(key) {
        return Known::Exact;
    }
    if crate::stem::any_inflection_reduction(key, known) {
        return Known::Inflected;
    }
    Known::Unknown
}

fn unsplit(word: &str, known: &dyn Fn(&str) -> bool) -> Segmentation {
    let key = fold_word(word);
    let level = known_level(&key, known);
    Segmentation {
        proclitics: Vec::new(),
        stem: Span::new(0, word.chars().count()),
        enclitics: Vec::new(),
        score: match level {
            Known::Exact => 100,
            Known::Inflected => 60,
            Known::Unknown => 0,
        },
        stem_key: key,
        known: level,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_cover_diacritics_and_assimilated_article() {
        let w = "لِلرَّئيسِ";
        let s = segment(w);
        assert_eq!(s.render(w), "ل+ال+رَّئيسِ");
        assert_eq!(s.proclitics[0].span, Span::new(0, 2));
        assert_eq!(s.proclitics[1].span, Span::new(2, 3));
        assert_eq!(s.stem, Span::new(3, 10));
        assert_eq!(s.stem_key, "رييس");
    }

    #[test]
    fn whole_word_is_always_an_analysis() {
        let all = analyses("وبالفرنسيين", &|_| false);
        assert!(all.iter().any(|a| !a.is_split()));
        assert_eq!(all[0].render("وبالفرنسيين"), "و+ب+ال+فرنسيين");
    }
}
