//! Loading the versioned vocabulary under `data/time/`.
//!
//! Every file has the same shape: `class<TAB>value<TAB>form[<TAB>flag]`,
//! `#` comments and blank lines skipped. Errors name the file and line.

use std::collections::HashMap;

use rasad_text::WordFilter;
use std::hash::{BuildHasherDefault, Hasher};

use crate::lex::fold_str;

pub(crate) const FILES: [(&str, &str); 3] = [
    (
        "data/time/months.tsv",
        include_str!("../../../data/time/months.tsv"),
    ),
    (
        "data/time/words.tsv",
        include_str!("../../../data/time/words.tsv"),
    ),
    (
        "data/time/numbers.tsv",
        include_str!("../../../data/time/numbers.tsv"),
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Guard {
    Free,
    Num,
    Strict,
    Ctx,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cal {
    Greg,
    Hijri,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dir {
    Past,
    Next,
    Current,
    BeforeLast,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Day,
    Week,
    Month,
    Year,
    Hour,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Count {
    One,
    Two,
    Plural,
    Def,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PartKind {
    Start,
    Mid,
    End,
    Earlier,
    Later,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Prep {
    Before,
    After,
    Since,
    Within,
    Until,
    In,
    Of,
}

/// One reading of a lexicon form. A form may have several (أول: ordinal
/// and "start of").
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Entry {
    Month {
        cal: Cal,
        m: u32,
        guard: Guard,
    },
    Weekday {
        d: u32,
        guard: Guard,
    },
    Rel(i64),
    Ref(String),
    DayPart,
    Dir(Dir),
    This,
    Unit {
        unit: Unit,
        count: Count,
    },
    Part {
        part: PartKind,
        fallback: Option<String>,
    },
    Prep(Prep),
    Mark(Cal),
    Future,
    BlockWeekday,
    BlockToday,
    NumWord(u32),
    Ordinal(u32),
}

/// FNV-1a: the keys are short words looked up once per token, where
/// SipHash's DoS resistance buys nothing and costs a third of the run time.
#[derive(Debug)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Folded forms to readings. Multi-word forms are indexed by their first
/// word, longest first, so matching stays one left-to-right pass.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    pub sets: Vec<Vec<Entry>>,
    pub words: FnvMap<String, usize>,
    pub phrases: FnvMap<String, Vec<(Vec<String>, usize)>>,
    pub max_phrase: usize,
    /// Keys of `words` and `phrases`: most text words are neither, and the
    /// filter says so before any hashing.
    pub heads: WordFilter,
}

fn err(file: &str, line: usize, msg: impl std::fmt::Display) -> String {
    format!("{file}:{line}: {msg}")
}

fn parse_entry(class: &str, value: &str, flag: Option<&str>) -> Result<Entry, String> {
    let num = |v: &str| v.parse::<u32>().map_err(|_| format!("bad number '{v}'"));
    let guard = |f: Option<&str>| match f.unwrap_or("free") {
        "free" => Ok(Guard::Free),
        "num" => Ok(Guard::Num),
        "strict" => Ok(Guard::Strict),
        "ctx" => Ok(Guard::Ctx),
        g => Err(format!("unknown guard '{g}'")),
    };
    let e = match class {
        "gmonth" | "hmonth" => {
            let m = num(value)?;
            if !(1..=12).contains(&m) {
                return Err(format!("month number {m} out of 1..=12"));
            }
            let cal = if class == "gmonth" {
                Cal::Greg
            } else {
                Cal::Hijri
            };
            Entry::Month {
                cal,
                m,
                guard: guard(flag)?,
            }
        }
        "weekday" => {
            let d = num(value)?;
            if !(1..=7).contains(&d) {
                return Err(format!("weekday {d} out of 1..=7"));
            }
            Entry::Weekday {
                d,
                guard: guard(flag)?,
            }
        }
        "rel" => Entry::Rel(
            value
                .parse::<i64>()
                .map_err(|_| format!("bad offset '{value}'"))?,
        ),
        "ref" => Entry::Ref(value.to_string()),
        "daypart" => Entry::DayPart,
        "dir" => Entry::Dir(match value {
            "past" => Dir::Past,
            "next" => Dir::Next,
            "current" => Dir::Current,
            "before_last" => Dir::BeforeLast,
            v => return Err(format!("unknown dir '{v}'")),
        }),
        "this" => Entry::This,
        "unit" => Entry::Unit {
            unit: match value {
                "day" => Unit::Day,
                "week" => Unit::Week,
                "month" => Unit::Month,
                "year" => Unit::Year,
                "hour" => Unit::Hour,
                v => return Err(format!("unknown unit '{v}'")),
            },
            count: match flag {
                Some("1") => Count::One,
                Some("2") => Count::Two,
                Some("n") => Count::Plural,
                Some("def") => Count::Def,
                f => return Err(format!("unit count must be 1|2|n|def, got {f:?}")),
            },
        },
        "part" => Entry::Part {
            part: match value {
                "start" => PartKind::Start,
                "mid" => PartKind::Mid,
                "end" => PartKind::End,
                "earlier" => PartKind::Earlier,
                "later" => PartKind::Later,
                v => return Err(format!("unknown part '{v}'")),
            },
            fallback: flag.map(str::to_string),
        },
        "prep" => Entry::Prep(match value {
            "before" => Prep::Before,
            "after" => Prep::After,
            "since" => Prep::Since,
            "within" => Prep::Within,
            "until" => Prep::Until,
            "in" => Prep::In,
            "of" => Prep::Of,
            v => return Err(format!("unknown prep '{v}'")),
        }),
        "mark" => Entry::Mark(match value {
            "hijri" => Cal::Hijri,
            "greg" => Cal::Greg,
            v => return Err(format!("unknown calendar '{v}'")),
        }),
        "future" => Entry::Future,
        "block_weekday" => Entry::BlockWeekday,
        "block_today" => Entry::BlockToday,
        "numword" => Entry::NumWord(num(value)?),
        "ordinal" => {
            let d = num(value)?;
            if !(1..=31).contains(&d) {
                return Err(format!("ordinal day {d} out of 1..=31"));
            }
            Entry::Ordinal(d)
        }
        c => return Err(format!("unknown class '{c}'")),
    };
    Ok(e)
}

impl Lexicon {
    pub(crate) fn load() -> Result<Lexicon, String> {
        let mut lex = Lexicon::default();
        for (file, text) in FILES {
            lex.add_file(file, text)?;
        }
        Ok(lex)
    }

    pub(crate) fn add_file(&mut self, file: &str, text: &str) -> Result<(), String> {
        let mut by_form: HashMap<Vec<String>, usize> = HashMap::new();
        for (k, set) in self.words.iter() {
            by_form.insert(vec![k.clone()], *set);
        }
        for (head, list) in self.phrases.iter() {
            for (rest, set) in list {
                let mut key = vec![head.clone()];
                key.extend(rest.iter().cloned());
                by_form.insert(key, *set);
            }
        }
        for (n, raw) in text.lines().enumerate() {
            let line = n + 1;
            let raw = raw.trim_end_matches('\r');
            if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = raw.split('\t').collect();
            if cols.len() < 3 || cols.len() > 4 {
                return Err(err(file, line, "expected 3 or 4 tab-separated columns"));
            }
            let entry = parse_entry(
                cols[0].trim(),
                cols[1].trim(),
                cols.get(3).map(|s| s.trim()),
            )
            .map_err(|m| err(file, line, m))?;
            let words: Vec<String> = cols[2]
                .split_whitespace()
                .map(fold_str)
                .filter(|w| !w.is_empty())
                .collect();
            if words.is_empty() {
                return Err(err(file, line, "empty form"));
            }
            let set = match by_form.get(&words) {
                Some(&s) => s,
                None => {
                    let s = self.sets.len();
                    self.sets.push(Vec::new());
                    by_form.insert(words.clone(), s);
                    self.heads.insert(words[0].as_bytes());
                    if words.len() == 1 {
                        self.words.insert(words[0].clone(), s);
                    } else {
                        self.max_phrase = self.max_phrase.max(words.len());
                        let list = self.phrases.entry(words[0].clone()).or_default();
                        list.push((words[1..].to_vec(), s));
                        // Longest first: «أمس الأول» must beat «أمس».
                        list.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
                    }
                    s
                }
            };
            if !self.sets[set].contains(&entry) {
                self.sets[set].push(entry);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_files_parse() {
        let lex = Lexicon::load().expect("embedded data must parse");
        assert!(lex.words.contains_key(&fold_str("نوفمبر")));
        assert!(lex.phrases.contains_key(&fold_str("تشرين")));
    }

    #[test]
    fn errors_name_file_and_line() {
        let mut lex = Lexicon::default();
        let e = lex.add_file("x.tsv", "# c\ngmonth\t13\tفoo\n").unwrap_err();
        assert!(e.starts_with("x.tsv:2:"), "{e}");
        let e = lex.add_file("y.tsv", "bogus\t1\tكلمة\n").unwrap_err();
        assert!(e.starts_with("y.tsv:1:") && e.contains("bogus"), "{e}");
        let e = lex.add_file("z.tsv", "\n\nunit\tday\tيوم\n").unwrap_err();
        assert!(e.starts_with("z.tsv:3:"), "{e}");
    }
}
