//! Word lists that decide attribution (`data/events/attribution.tsv`):
//! cause words that make a violence verb passive, and "foreign" words that
//! make a country-less actor international (CAMEO `INT`), and ethnic
//! words that give an ethnic CAMEO code (KUR) instead of a borrowed state.

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
            let set = match *class {
                "cause" => &mut out.cause,
                "foreign" => &mut out.foreign,
                other => return Err(format!("{file}:{}: unknown class {other:?}", n + 1)),
            };
            for f in forms {
                set.insert(fold_word(f));
            }
        }
        if out.cause.is_empty() || out.foreign.is_empty() {
            return Err(format!("{file}: a class is empty (cause, foreign)"));
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
