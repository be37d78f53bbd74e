//! Loader for the linguistic data files under `data/text/` (embedded at
//! build time, parsed once on first use).

use crate::fx::FxHashSet;
use crate::normalize::fold_word;
use std::fmt;
use std::sync::OnceLock;

const CLITICS: (&str, &str) = (
    "data/text/clitics.tsv",
    include_str!("../../../data/text/clitics.tsv"),
);
const ABBREVIATIONS: (&str, &str) = (
    "data/text/abbreviations.txt",
    include_str!("../../../data/text/abbreviations.txt"),
);
const LEXICON: (&str, &str) = (
    "data/text/lexicon.txt",
    include_str!("../../../data/text/lexicon.txt"),
);
const SUFFIXES: (&str, &str) = (
    "data/text/light_suffixes.tsv",
    include_str!("../../../data/text/light_suffixes.tsv"),
);

/// A malformed line in a data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for DataError {}

/// Where a proclitic sits in the word; proclitics appear in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Slot {
    Conj,
    Prep,
    Future,
    Article,
    /// Enclitic pronoun suffix.
    Suffix,
}

/// One clitic and the conditions for stripping it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliticRule {
    /// As written (diacritics never appear in it).
    pub form: Vec<char>,
    pub form_str: String,
    pub slot: Slot,
    /// Fewest stem letters when the stem is unknown; 0 = known stems only.
    pub min_stem_unknown: usize,
    /// Letters the stem must start with (empty = any).
    pub stem_starts: Vec<char>,
    /// Endings an unknown stem must not have.
    pub stem_not_ending: Vec<String>,
}

/// An ending for `light_stem`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuffixRule {
    /// Folded.
    pub suffix: String,
    pub min_remaining: usize,
    pub nisba: bool,
}

/// Everything parsed from `data/text/`.
#[derive(Debug)]
pub struct Resources {
    pub proclitics: Vec<CliticRule>,
    pub enclitics: Vec<CliticRule>,
    /// Lowercased, folded, without the final period.
    pub abbreviations: FxHashSet<String>,
    /// Folded.
    pub lexicon: FxHashSet<String>,
    pub suffixes: Vec<SuffixRule>,
    /// The last char of every ending in `suffixes`: a key ending in any
    /// other char has nothing to strip (checked before trying each rule).
    pub suffix_last_chars: Vec<char>,
}

/// Lines that carry content: (1-based line number, trimmed text).
fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().filter_map(|(i, l)| {
        let l = l.split('#').next().unwrap_or("").trim();
        (!l.is_empty()).then_some((i + 1, l))
    })
}

fn err(file: &str, line: usize, message: impl Into<String>) -> DataError {
    DataError {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

fn parse_clitics(file: &str, text: &str) -> Result<(Vec<CliticRule>, Vec<CliticRule>), DataError> {
    let mut pro = Vec::new();
    let mut enc = Vec::new();
    for (n, line) in content_lines(text) {
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        if cols.len() != 6 {
            return Err(err(
                file,
                n,
                format!("expected 6 tab-separated columns, found {}", cols.len()),
            ));
        }
        let slot = match (cols[0], cols[2]) {
            ("pro", "conj") => Slot::Conj,
            ("pro", "prep") => Slot::Prep,
            ("pro", "future") => Slot::Future,
            ("pro", "article") => Slot::Article,
            ("enc", "-") => Slot::Suffix,
            (side, slot) => {
                return Err(err(
                    file,
                    n,
                    format!(
                    "unknown side/slot `{side}`/`{slot}` (pro: conj|prep|future|article; enc: -)"
                ),
                ))
            }
        };
        let form: Vec<char> = cols[1].chars().collect();
        if form.is_empty() || form.iter().any(|c| !crate::chars::is_arabic_letter(*c)) {
            return Err(err(
                file,
                n,
                format!("clitic form `{}` must be Arabic letters only", cols[1]),
            ));
        }
        let min_stem_unknown = cols[3].parse::<usize>().map_err(|_| {
            err(
                file,
                n,
                format!("min_stem_unknown `{}` is not a number", cols[3]),
            )
        })?;
        let stem_starts = if cols[4] == "-" {
            Vec::new()
        } else {
            cols[4].chars().collect()
        };
        let stem_not_ending = if cols[5] == "-" {
            Vec::new()
        } else {
            cols[5]
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        };
        let rule = CliticRule {
            form,
            form_str: cols[1].to_string(),
            slot,
            min_stem_unknown,
            stem_starts,
            stem_not_ending,
        };
        if slot == Slot::Suffix {
            enc.push(rule);
        } else {
            pro.push(rule);
        }
    }
    // Longest enclitic first, so هما is tried before هم and ه.
    enc.sort_by_key(|r| std::cmp::Reverse(r.form.len()));
    Ok((pro, enc))
}

fn parse_words(file: &str, text: &str, lowercase: bool) -> Result<FxHashSet<String>, DataError> {
    let mut set = FxHashSet::default();
    for (n, line) in content_lines(text) {
        if line.split_whitespace().count() != 1 {
            return Err(err(file, n, format!("expected one word, found `{line}`")));
        }
        let w = if lowercase {
            fold_word(line)
        } else {
            line.to_string()
        };
        set.insert(w);
    }
    Ok(set)
}

fn parse_suffixes(file: &str, text: &str) -> Result<Vec<SuffixRule>, DataError> {
    let mut out = Vec::new();
    for (n, line) in content_lines(text) {
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        if cols.len() != 3 {
            return Err(err(
                file,
                n,
                format!("expected 3 tab-separated columns, found {}", cols.len()),
            ));
        }
        let min_remaining = cols[1].parse::<usize>().map_err(|_| {
            err(
                file,
                n,
                format!("min_remaining `{}` is not a number", cols[1]),
            )
        })?;
        let nisba = match cols[2] {
            "number" => false,
            "nisba" => true,
            g => return Err(err(file, n, format!("unknown group `{g}` (number|nisba)"))),
        };
        let suffix = fold_word(cols[0]);
        if suffix.is_empty() {
            return Err(err(file, n, "empty ending"));
        }
        out.push(SuffixRule {
            suffix,
            min_remaining,
            nisba,
        });
    }
    Ok(out)
}

impl Resources {
    /// Parse the embedded data files.
    pub fn load() -> Result<Resources, DataError> {
        let (proclitics, enclitics) = parse_clitics(CLITICS.0, CLITICS.1)?;
        let suffixes = parse_suffixes(SUFFIXES.0, SUFFIXES.1)?;
        let mut suffix_last_chars: Vec<char> = suffixes
            .iter()
            .filter_map(|r| r.suffix.chars().next_back())
            .collect();
        suffix_last_chars.sort_unstable();
        suffix_last_chars.dedup();
        Ok(Resources {
            proclitics,
            enclitics,
            abbreviations: parse_words(ABBREVIATIONS.0, ABBREVIATIONS.1, true)?,
            lexicon: parse_words(LEXICON.0, LEXICON.1, true)?,
            suffixes,
            suffix_last_chars,
        })
    }
}

/// The parsed data files. The data is embedded in the binary, so a parse
/// failure is a build defect (caught by this crate's tests), not an input
/// error: it aborts with the file and line.
pub fn resources() -> &'static Resources {
    static RES: OnceLock<Resources> = OnceLock::new();
    RES.get_or_init(|| match Resources::load() {
        Ok(r) => r,
        Err(e) => panic!("rasad-text data file is malformed: {e}"),
    })
}

/// Whether a folded word is in the default lexicon (`data/text/lexicon.txt`).
pub fn is_known_stem(folded: &str) -> bool {
    resources().lexicon.contains(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_files_parse() {
        let r = Resources::load().expect("data files parse");
        assert!(r.proclitics.iter().any(|c| c.slot == Slot::Article));
        assert!(r.enclitics.len() >= 11);
        assert!(r.lexicon.contains(&fold_word("إلى")));
        assert!(r.abbreviations.contains("dr"));
        assert!(!r.suffixes.is_empty());
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = parse_clitics(
            "x.tsv",
            "# c\npro\tو\tconj\t4\t-\t-\npro\tو\twhat\t4\t-\t-\n",
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.tsv:3: unknown side/slot `pro`/`what` (pro: conj|prep|future|article; enc: -)"
        );
        let e = parse_suffixes("s.tsv", "ون\tx\tnumber\n").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("s.tsv", 1));
        let e = parse_words("w.txt", "a\nb c\n", true).unwrap_err();
        assert_eq!(e.line, 2);
    }
}
