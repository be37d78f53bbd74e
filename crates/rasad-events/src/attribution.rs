//! Word lists that decide attribution (`data/events/attribution.tsv`):
//! cause words that make a violence verb passive, and "foreign" words that
//! make a country-less actor international (CAMEO `INT`), and ethnic
//! words that give an ethnic CAMEO code (KUR) instead of a borrowed state,
//! "capital" words (a country-city homograph after them is the city) and
//! affiliation words (بقيادة، موالين ل: the body a participant belongs to).

use rasad_text::fold_word;
use rasad_text::fx::{FxHashMap, FxHashSet};

const ATTRIBUTION: &str = include_str!("../../../data/events/attribution.tsv");

/// The loaded attribution cues, folded like `Tok::bare`.
#[derive(Debug, Default)]
pub(crate) struct Attribution {
    /// في، جراء، إثر…: introduce the cause of a harm.
    pub(crate) cause: FxHashSet<String>,
    /// أجنبي، أجانب…: "foreign".
    pub(crate) foreign: FxHashSet<String>,
    /// كردي، الأكراد، البيشمركة… → the CAMEO ethnic code (class `ethnic:KUR`).
    pub(crate) ethnic: FxHashMap<String, String>,
    /// العاصمة: a name right after it is a city, not a country.
    pub(crate) capital: FxHashSet<String>,
    /// أبناء، سكان…: «من أبناء X» belongs to X's state.
    pub(crate) people_of: FxHashSet<String>,
    /// أنها، بأنهم…: a complementiser carrying the subject pronoun of the
    /// verb after it.
    pub(crate) subject_pronoun: FxHashSet<String>,
    /// على يد، من قبل، برصاص…: who did a harm, as folded word sequences.
    pub(crate) agent: Vec<Vec<String>>,
    /// بقيادة، موالين، تابعة…: link a participant to the body that leads,
    /// backs or owns it.
    pub(crate) affiliation: FxHashSet<String>,
}

impl Attribution {
    pub(crate) fn embedded() -> Result<Attribution, String> {
        Attribution::parse(ATTRIBUTION, "data/events/attribution.tsv")
    }

    /// Parses the table; errors name `file` and the line.
    pub(crate) fn parse(text: &str, file: &str) -> Result<Attribution, String> {
        let mut out = Attribution::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let (Some(class), Some(forms)) = (cols.first(), cols.get(1)) else {
                return Err(format!("{file}:{}: expected class<TAB>forms", n + 1));
            };
            let forms = forms.split('/').map(str::trim).filter(|f| !f.is_empty());
            if let Some(code) = class.strip_prefix("ethnic:") {
                if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                    return Err(format!("{file}:{}: bad ethnic code {code:?}", n + 1));
                }
                for f in forms {
                    out.ethnic.insert(fold_word(f), code.to_string());
                }
                continue;
            }
            if *class == "agent" {
                for f in forms {
                    out.agent
                        .push(f.split_whitespace().map(fold_word).collect::<Vec<_>>());
                }
                continue;
            }
            let set = match *class {
                "cause" => &mut out.cause,
                "foreign" => &mut out.foreign,
                "capital" => &mut out.capital,
                "people_of" => &mut out.people_of,
                "subject_pronoun" => &mut out.subject_pronoun,
                "affiliation" => &mut out.affiliation,
                other => return Err(format!("{file}:{}: unknown class {other:?}", n + 1)),
            };
            for f in forms {
                set.insert(fold_word(f));
            }
        }
        if out.cause.is_empty()
            || out.foreign.is_empty()
            || out.capital.is_empty()
            || out.people_of.is_empty()
            || out.subject_pronoun.is_empty()
            || out.agent.is_empty()
            || out.affiliation.is_empty()
        {
            return Err(format!(
                "{file}: a class is empty (cause, foreign, capital, people_of, subject_pronoun, agent, affiliation)"
            ));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_loads() {
        let a = Attribution::embedded().unwrap();
        assert!(a.cause.contains(&fold_word("جراء")));
        assert!(a.foreign.contains(&fold_word("الأجنبية")));
        assert!(a.capital.contains(&fold_word("العاصمة")));
        assert!(a.people_of.contains(&fold_word("أبناء")));
        assert!(a.subject_pronoun.contains(&fold_word("بأنها")));
        assert!(a.agent.contains(&vec![fold_word("على"), fold_word("يد")]));
        assert!(a.affiliation.contains(&fold_word("بقيادة")));
        assert!(a.affiliation.contains(&fold_word("الموالية")));
        assert!(!a.affiliation.contains(&fold_word("القوات")));
        assert_eq!(
            a.ethnic.get(&fold_word("الأكراد")).map(String::as_str),
            Some("KUR")
        );
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = Attribution::parse("# c\nbogus\tx\n", "t.tsv").unwrap_err();
        assert!(e.contains("t.tsv:2"), "{e}");
        let e = Attribution::parse("ethnic:kurd\tx\n", "t.tsv").unwrap_err();
        assert!(e.contains("t.tsv:1"), "{e}");
        let e = Attribution::parse("cause\n", "t.tsv").unwrap_err();
        assert!(e.contains("t.tsv:1"), "{e}");
    }
}
