//! Loading the versioned data files under `data/article/`.
//!
//! All files are TSV with `#` comments; errors name the file and the line.

use std::collections::HashMap;
use std::fmt;

use crate::norm::{fold, letters_key};

pub const MARKERS: (&str, &str) = (
    "data/article/markers.tsv",
    include_str!("../../../data/article/markers.tsv"),
);
pub const AGENCIES: (&str, &str) = (
    "data/article/agencies.tsv",
    include_str!("../../../data/article/agencies.tsv"),
);
pub const MONTHS: (&str, &str) = (
    "data/article/months.tsv",
    include_str!("../../../data/article/months.tsv"),
);
pub const HINTS: (&str, &str) = (
    "data/article/hints.tsv",
    include_str!("../../../data/article/hints.tsv"),
);

/// A data file problem, located by file and 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for LoadError {}

/// How a marker must sit in a line to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Line,
    Start,
    Any,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub kind: String,
    pub mode: Mode,
    pub max_words: usize,
    /// Folded marker text.
    pub text: String,
}

/// Data rows with their line numbers; comments and blank lines skipped.
fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> + '_ {
    text.lines().enumerate().filter_map(|(i, l)| {
        let l = l.trim_end_matches('\r');
        if l.trim().is_empty() || l.trim_start().starts_with('#') {
            None
        } else {
            Some((i + 1, l.split('\t').map(str::trim).collect()))
        }
    })
}

fn err(file: &str, line: usize, message: impl Into<String>) -> LoadError {
    LoadError {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

pub fn parse_markers(file: &str, text: &str) -> Result<Vec<Marker>, LoadError> {
    let mut out = Vec::new();
    for (line, cols) in rows(text) {
        if cols.len() != 4 {
            return Err(err(
                file,
                line,
                format!("expected 4 tab-separated columns, found {}", cols.len()),
            ));
        }
        let mode = match cols[1] {
            "line" => Mode::Line,
            "start" => Mode::Start,
            "any" => Mode::Any,
            other => {
                return Err(err(
                    file,
                    line,
                    format!("unknown mode {other:?} (line|start|any)"),
                ))
            }
        };
        let max_words = cols[2].parse::<usize>().map_err(|_| {
            err(
                file,
                line,
                format!("max_words {:?} is not a number", cols[2]),
            )
        })?;
        let folded = fold(cols[3]);
        if cols[0].is_empty() || folded.is_empty() {
            return Err(err(file, line, "empty kind or marker"));
        }
        out.push(Marker {
            kind: cols[0].to_string(),
            mode,
            max_words,
            text: folded,
        });
    }
    Ok(out)
}

/// Agency letter-key → canonical name.
pub fn parse_agencies(file: &str, text: &str) -> Result<HashMap<String, String>, LoadError> {
    let mut out = HashMap::new();
    for (line, cols) in rows(text) {
        if cols.len() != 2 || cols[0].is_empty() {
            return Err(err(file, line, "expected: canonical<TAB>variant"));
        }
        let key = letters_key(cols[1]);
        if key.is_empty() {
            return Err(err(file, line, "variant has no letters"));
        }
        out.insert(key, cols[0].to_string());
    }
    Ok(out)
}

/// Folded month name → month number; names may span two words.
pub fn parse_months(file: &str, text: &str) -> Result<HashMap<String, u32>, LoadError> {
    let mut out = HashMap::new();
    for (line, cols) in rows(text) {
        if cols.len() != 2 {
            return Err(err(file, line, "expected: month_number<TAB>name"));
        }
        let n: u32 = cols[0]
            .parse()
            .ok()
            .filter(|n| (1..=12).contains(n))
            .ok_or_else(|| err(file, line, format!("bad month number {:?}", cols[0])))?;
        let name = fold(cols[1]);
        if name.is_empty() || name.split(' ').count() > 2 {
            return Err(err(file, line, "month name must be one or two words"));
        }
        out.insert(name, n);
    }
    Ok(out)
}

#[derive(Debug, Clone, Default)]
pub struct Hints {
    pub neg: Vec<(String, bool)>,
    pub pos: Vec<(String, bool)>,
    pub byline: Vec<(String, bool)>,
}

/// What a class/id token says about its container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hint {
    Neg,
    Pos,
    Byline,
}

impl Hints {
    fn any(list: &[(String, bool)], piece: &str) -> bool {
        list.iter().any(|(t, prefix)| {
            if *prefix {
                piece.starts_with(t.as_str())
            } else {
                piece == t
            }
        })
    }

    /// The hint of one class/id attribute value; byline beats neg beats pos.
    pub fn classify(&self, value: &str) -> Option<Hint> {
        let mut best = None;
        for piece in value
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|p| !p.is_empty())
        {
            let piece = piece.to_ascii_lowercase();
            if Self::any(&self.byline, &piece) {
                return Some(Hint::Byline);
            } else if Self::any(&self.neg, &piece) {
                best = Some(Hint::Neg);
            } else if best.is_none() && Self::any(&self.pos, &piece) {
                best = Some(Hint::Pos);
            }
        }
        best
    }
}

pub fn parse_hints(file: &str, text: &str) -> Result<Hints, LoadError> {
    let mut h = Hints::default();
    for (line, cols) in rows(text) {
        if cols.len() != 2 || cols[1].is_empty() {
            return Err(err(file, line, "expected: neg|pos<TAB>token"));
        }
        let tok = cols[1].to_ascii_lowercase();
        let (prefix, tok) = match tok.strip_suffix('*') {
            Some(t) => (true, t.to_string()),
            None => (false, tok),
        };
        match cols[0] {
            "neg" => h.neg.push((tok, prefix)),
            "pos" => h.pos.push((tok, prefix)),
            "byline" => h.byline.push((tok, prefix)),
            other => {
                return Err(err(
                    file,
                    line,
                    format!("unknown polarity {other:?} (neg|pos|byline)"),
                ))
            }
        }
    }
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_file_and_line() {
        let e = parse_markers("m.tsv", "# c\n\nshare\tany\t3\n").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("m.tsv", 3));
        let e = parse_markers("m.tsv", "share\tsomewhere\t3\tx\n").unwrap_err();
        assert!(e.to_string().starts_with("m.tsv:1:"), "{e}");
        let e = parse_months("mo.tsv", "13\tفoo\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(
            parse_hints("h.tsv", "neg\tshare\nmaybe\tx\n")
                .unwrap_err()
                .line
                == 2
        );
    }

    #[test]
    fn embedded_files_load() {
        assert!(parse_markers(MARKERS.0, MARKERS.1).unwrap().len() > 50);
        let a = parse_agencies(AGENCIES.0, AGENCIES.1).unwrap();
        assert_eq!(
            a.get(&letters_key("(أ.ف.ب)")).map(String::as_str),
            Some("AFP")
        );
        let m = parse_months(MONTHS.0, MONTHS.1).unwrap();
        assert_eq!(m.get(&fold("كانون الأول")), Some(&12));
        let h = parse_hints(HINTS.0, HINTS.1).unwrap();
        assert_eq!(h.classify("social-share-bar"), Some(Hint::Neg));
        assert_eq!(h.classify("article-body"), Some(Hint::Pos));
        assert_eq!(h.classify("header"), Some(Hint::Neg));
        assert_eq!(h.classify("shadow reading"), None);
        assert_eq!(h.classify("post-author"), Some(Hint::Byline));
    }
}
