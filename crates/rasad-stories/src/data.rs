//! Loader for `data/stories/` (embedded at build time, parsed once).

use rasad_text::fold_word;
use std::collections::HashSet;
use std::sync::OnceLock;

const STOPWORDS: (&str, &str) = (
    "data/stories/stopwords.txt",
    include_str!("../../../data/stories/stopwords.txt"),
);
const SYMMETRIC: (&str, &str) = (
    "data/stories/symmetric_types.txt",
    include_str!("../../../data/stories/symmetric_types.txt"),
);
const BOUNDS: (&str, &str) = (
    "data/stories/bounds.tsv",
    include_str!("../../../data/stories/bounds.tsv"),
);

/// A malformed line in a data file (the text layer's `file:line: message` error).
pub use rasad_text::DataError;

/// What an approximate figure says about the true value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// At least the stated value.
    Lower,
    /// At most the stated value.
    Upper,
    /// Near the stated value.
    About,
}

/// The parsed data files.
#[derive(Debug, Clone)]
pub struct Resources {
    /// Folded function words.
    pub stopwords: HashSet<String>,
    /// PLOVER types whose dyad is unordered.
    pub symmetric: HashSet<String>,
    /// Folded markers, padded with spaces for whole-word matching, in file
    /// order.
    pub bounds: Vec<(String, Bound)>,
}

/// Content lines: (1-based line number, trimmed text), skipping blanks and
/// `#` comments.
fn content(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

fn parse_words(file: &str, text: &str, fold: bool) -> Result<HashSet<String>, DataError> {
    let mut out = HashSet::new();
    for (line, l) in content(text) {
        if l.contains(char::is_whitespace) {
            return Err(DataError {
                file: file.into(),
                line,
                message: format!("expected one word, got {l:?}"),
            });
        }
        out.insert(if fold { fold_word(l) } else { l.to_string() });
    }
    Ok(out)
}

fn parse_bounds(file: &str, text: &str) -> Result<Vec<(String, Bound)>, DataError> {
    let mut out = Vec::new();
    for (line, l) in content(text) {
        let err = |message: String| DataError {
            file: file.into(),
            line,
            message,
        };
        let mut cols = l.split('\t');
        let (Some(marker), Some(kind), None) = (cols.next(), cols.next(), cols.next()) else {
            return Err(err(format!("expected `marker<TAB>kind`, got {l:?}")));
        };
        let kind = match kind.trim() {
            "lower" => Bound::Lower,
            "upper" => Bound::Upper,
            "about" => Bound::About,
            other => return Err(err(format!("unknown kind {other:?} (lower, upper, about)"))),
        };
        let words: Vec<String> = marker.split_whitespace().map(fold_word).collect();
        if words.is_empty() {
            return Err(err("empty marker".into()));
        }
        out.push((format!(" {} ", words.join(" ")), kind));
    }
    Ok(out)
}

impl Resources {
    /// Parse the embedded data files.
    pub fn load() -> Result<Resources, DataError> {
        Ok(Resources {
            stopwords: parse_words(STOPWORDS.0, STOPWORDS.1, true)?,
            symmetric: parse_words(SYMMETRIC.0, SYMMETRIC.1, false)?,
            bounds: parse_bounds(BOUNDS.0, BOUNDS.1)?,
        })
    }
}

/// The parsed data. The files are embedded, so a parse failure is a build
/// defect caught by this crate's tests: it aborts naming the file and line.
pub fn resources() -> &'static Resources {
    static RES: OnceLock<Resources> = OnceLock::new();
    RES.get_or_init(|| match Resources::load() {
        Ok(r) => r,
        Err(e) => panic!("rasad-stories data file is malformed: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_files_parse() {
        let r = Resources::load().expect("data/stories parses");
        assert!(r.stopwords.contains(&fold_word("إلى")));
        assert!(r.symmetric.contains("CONSULT"));
        assert!(!r.symmetric.contains("ASSAULT"));
        assert!(r
            .bounds
            .iter()
            .any(|(m, b)| m == " اكثر من " && *b == Bound::Lower));
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = parse_bounds("x.tsv", "# c\nنحو\tsideways\n").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("x.tsv", 2));
        let e = parse_words("w.txt", "a\nb c\n", true).unwrap_err();
        assert_eq!(
            e.to_string().split(':').take(2).collect::<Vec<_>>(),
            ["w.txt", "2"]
        );
    }
}
