//! Finding place names in a text: leftmost-longest over word tokens, with
//! clitic readings of the first word and the context rules of the crate.

use crate::{
    has_article, hint_bonus, strip_article, Context, Entry, Gazetteer, Place, STRONG_POPULATION,
    STRONG_POPULATION_SHORT, WITH_ARTICLE,
};
use rasad_doc::Location;
use rasad_text::{fold_word, normalize, tokens, TokenKind};

/// A place name found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMatch {
    /// Char offsets of the name as written (article included, a و/ف/ب/ل/ك
    /// clitic excluded).
    pub start: usize,
    pub end: usize,
    /// The chosen place: an index into [`Gazetteer::places`].
    pub place: usize,
    /// Other places the name may denote, best first.
    pub alternatives: Vec<usize>,
    /// The locative context before the name (a word, or a ب/ل clitic).
    pub context: Context,
}

impl PlaceMatch {
    /// The match as the document model's event location.
    pub fn location(&self, gazetteer: &Gazetteer, text: &str) -> Location {
        let p = gazetteer.place(self.place);
        Location {
            text: text
                .chars()
                .skip(self.start)
                .take(self.end.saturating_sub(self.start))
                .collect(),
            start: self.start,
            end: self.end,
            country: p.and_then(|p| p.country.clone()),
            lat: p.map(|p| p.lat),
            lon: p.map(|p| p.lon),
        }
    }
}

/// One way to read the first word of a candidate name.
struct Reading {
    /// Key of the word with clitics and article removed.
    key: String,
    /// Chars of the folded word taken by stripped clitics.
    clitic_chars: usize,
    /// A ب or ل clitic: "in", "to" — locative context by itself.
    prep: bool,
    /// The word had the article ال (so only names with it match).
    article: bool,
}

/// Readings of a folded word: as is, then with و/ف, then ب/ل/ك (or لل =
/// ل + ال) stripped. A word of the rasad-text lexicon is never split, and
/// a stripped reading must keep three letters, so بيروت is not ب + يروت.
fn readings(folded: &str) -> Vec<Reading> {
    let mut out = vec![Reading {
        key: strip_article(folded).to_string(),
        clitic_chars: 0,
        prep: false,
        article: has_article(folded),
    }];
    if rasad_text::is_known_stem(folded) {
        return out;
    }
    let chars: Vec<char> = folded.chars().collect();
    let mut push = |from: usize, prep: bool, keep_article: bool| {
        let rest: String = chars.get(from..).unwrap_or_default().iter().collect();
        let (key, article) = if keep_article {
            (rest, true)
        } else {
            (strip_article(&rest).to_string(), has_article(&rest))
        };
        if key.chars().count() >= 3 {
            out.push(Reading {
                key,
                clitic_chars: from,
                prep,
                article,
            });
        }
    };
    let conj = usize::from(matches!(chars.first(), Some('و' | 'ف')));
    if conj == 1 {
        push(1, false, false);
    }
    match chars.get(conj) {
        Some('ل') if chars.get(conj + 1) == Some(&'ل') => {
            // لل = ل + ال with the alef dropped; before a name that itself
            // starts with ل (اللاذقية → للاذقية) the two lams are ل + the name's.
            push(conj + 2, true, true);
            push(conj + 1, true, true);
        }
        Some(c @ ('ب' | 'ل' | 'ك')) => push(conj + 1, *c != 'ك', false),
        _ => {}
    }
    out
}

impl Gazetteer {
    /// Place names in `text`, leftmost-longest, without country hints.
    pub fn find(&self, text: &str) -> Vec<PlaceMatch> {
        self.find_with_hint(text, &[])
    }

    /// Place names in `text`. `hints` are ISO3 codes of countries the
    /// article is about: they license small places in those countries
    /// without locative context and rank their readings first.
    pub fn find_with_hint(&self, text: &str, hints: &[&str]) -> Vec<PlaceMatch> {
        let chars: Vec<char> = text.chars().collect();
        let toks = tokens(text);
        let words: Vec<Option<String>> = toks
            .iter()
            .map(|t| {
                (t.kind == TokenKind::Word).then(|| {
                    let s: String = chars
                        .get(t.span.start..t.span.end)
                        .unwrap_or_default()
                        .iter()
                        .collect();
                    fold_word(&s)
                })
            })
            .collect();
        // Whether token j+1 follows token j with only spaces between.
        let joined = |j: usize| -> bool {
            match (toks.get(j), toks.get(j + 1)) {
                (Some(a), Some(b)) => chars
                    .get(a.span.end..b.span.start)
                    .is_some_and(|gap| gap.iter().all(|c| c.is_whitespace() && *c != '\n')),
                _ => false,
            }
        };

        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let Some(first) = &words[i] else {
                i += 1;
                continue;
            };
            let prev_context = if i > 0 && joined(i - 1) {
                self.context_of(words[i - 1].as_deref())
            } else {
                Context::None
            };
            let mut best: Option<(usize, &Reading, Vec<usize>, Context)> = None;
            let mut reads = readings(first);
            // A word that is itself a name (بلير, Blair) is not a clitic +
            // another name (ب + لير).
            if self.index.contains_key(&reads[0].key) {
                reads.truncate(1);
            }
            // Longest first; for one length, the least-stripped reading.
            'len: for n in (1..=self.max_words).rev() {
                if i + n > toks.len()
                    || (1..n).any(|k| words[i + k].is_none() || !joined(i + k - 1))
                {
                    continue;
                }
                let rest: Vec<&str> = (1..n)
                    .filter_map(|k| words[i + k].as_deref().map(strip_article))
                    .collect();
                for r in &reads {
                    let mut key = r.key.clone();
                    for w in &rest {
                        key.push(' ');
                        key.push_str(w);
                    }
                    let Some(list) = self.index.get(&key) else {
                        continue;
                    };
                    let context = if r.prep {
                        prev_context.max(Context::Locative)
                    } else {
                        prev_context
                    };
                    let accepted = self.accept(&key, list, r.article, context, hints);
                    if !accepted.is_empty() {
                        best = Some((n, r, accepted, context));
                        break 'len;
                    }
                }
            }
            let Some((n, r, accepted, context)) = best else {
                i += 1;
                continue;
            };
            let first_tok = toks[i].span;
            let last_tok = toks[i + n - 1].span;
            let start = if r.clitic_chars == 0 {
                first_tok.start
            } else {
                let word: String = chars
                    .get(first_tok.start..first_tok.end)
                    .unwrap_or_default()
                    .iter()
                    .collect();
                let norm = normalize(&word);
                first_tok.start + norm.map.get(r.clitic_chars).copied().unwrap_or(0)
            };
            out.push(PlaceMatch {
                start,
                end: last_tok.end,
                place: accepted[0],
                alternatives: accepted[1..].to_vec(),
                context,
            });
            i += n;
        }
        out
    }

    /// Readings of `list` acceptable in this context, best first.
    fn accept(
        &self,
        key: &str,
        list: &[Entry],
        article: bool,
        context: Context,
        hints: &[&str],
    ) -> Vec<usize> {
        let needed = self.needs_context(key);
        let short = !key.contains(' ') && key.chars().count() <= 3;
        let threshold = if short {
            STRONG_POPULATION_SHORT
        } else {
            STRONG_POPULATION
        };
        let hinted = |p: &Place| {
            p.country
                .as_deref()
                .is_some_and(|c| hints.iter().any(|h| h.eq_ignore_ascii_case(c)))
        };
        let mut ok: Vec<(usize, f64)> = list
            .iter()
            // السورية (the Syrian) is not سورية (Syria).
            .filter(|e| !article || e.form & WITH_ARTICLE != 0)
            .filter_map(|e| {
                let p = self.places.get(e.place as usize)?;
                Some((e.place as usize, e.score + hint_bonus(p, hints)))
            })
            .filter(|&(i, _)| {
                let Some(p) = self.places.get(i) else {
                    return false;
                };
                if needed > Context::None {
                    return context >= needed;
                }
                let strong = p.notable
                    || !matches!(p.kind, crate::PlaceKind::City)
                    || p.population >= threshold;
                strong || context >= Context::Locative || hinted(p)
            })
            .collect();
        if !hints.is_empty() {
            ok.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        }
        ok.into_iter().map(|(i, _)| i).collect()
    }

    /// The context a folded word gives to the name after it, allowing a
    /// و/ف and a ب/ل prefix on the word (وفي, بمدينة, لمدينة).
    fn context_of(&self, folded: Option<&str>) -> Context {
        let Some(w) = folded else {
            return Context::None;
        };
        let bare = w.strip_prefix(['و', 'ف']).unwrap_or(w);
        let unprefixed = bare.strip_prefix(['ب', 'ل']);
        [Some(w), Some(bare), unprefixed]
            .into_iter()
            .flatten()
            .filter_map(|k| self.context.get(k).copied())
            .max()
            .unwrap_or(Context::None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_strip_clitics() {
        let keys: Vec<String> = readings(&fold_word("بالرقة"))
            .into_iter()
            .map(|r| r.key)
            .collect();
        assert!(keys.contains(&fold_word("رقة")), "{keys:?}");
        let r = readings(&fold_word("للموصل"));
        assert!(r
            .iter()
            .any(|r| r.key == "موصل" && r.prep && r.clitic_chars == 2));
        let r = readings(&fold_word("والموصل"));
        assert!(r
            .iter()
            .any(|r| r.key == "موصل" && !r.prep && r.clitic_chars == 1));
        // Too short after stripping.
        assert_eq!(readings("بلد").len(), 1);
    }
}
