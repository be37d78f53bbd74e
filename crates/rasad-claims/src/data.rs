//! Loading of `data/claims/*.tsv` (and the month names of
//! `data/article/months.tsv`): every word list this crate uses.

use std::collections::HashMap;

use rasad_text::{fold_word, tokens};

const CUES: &str = include_str!("../../../data/claims/cues.tsv");
const NUMBERS: &str = include_str!("../../../data/claims/numbers.tsv");
const UNITS: &str = include_str!("../../../data/claims/units.tsv");
const HEDGES: &str = include_str!("../../../data/claims/hedges.tsv");
const BLOCKERS: &str = include_str!("../../../data/claims/blockers.tsv");
const CLITICS: &str = include_str!("../../../data/claims/clitics.tsv");
const MONTHS: &str = include_str!("../../../data/article/months.tsv");

/// The folded words of a phrase.
pub(crate) type Key = Vec<String>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CueClass {
    Verb,
    Participle,
    Attribution,
    Complementizer,
    NonSubject,
    Lead,
    Breaker,
    Function,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumKind {
    Unit,
    Teen1,
    Tens,
    Hundreds,
    Scale,
    Plural,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Alone {
    Exact,
    Approx,
    No,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct NumWord {
    pub value: f64,
    pub kind: NumKind,
    pub alone: Alone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UnitClass {
    Noun,
    Event,
    Bridge,
}

/// Which attached proclitics a lookup accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Allow {
    pub conj: bool,
    pub prep: bool,
    pub art: bool,
    pub enclitic: bool,
}

impl Allow {
    pub const NONE: Allow = Allow {
        conj: false,
        prep: false,
        art: false,
        enclitic: false,
    };
    pub const CONJ: Allow = Allow {
        conj: true,
        prep: false,
        art: false,
        enclitic: false,
    };
    pub const CONJ_PREP: Allow = Allow {
        conj: true,
        prep: true,
        art: false,
        enclitic: false,
    };
    pub const ALL: Allow = Allow {
        conj: true,
        prep: true,
        art: true,
        enclitic: false,
    };
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Proclitic {
    pub form: String,
    pub chars: usize,
    pub conj: bool,
    pub prep: bool,
    pub art: bool,
}

/// Phrases keyed by their folded words.
#[derive(Debug, Clone)]
pub(crate) struct Phrases<V> {
    pub map: HashMap<Key, V>,
    pub max_len: usize,
}

impl<V> Default for Phrases<V> {
    fn default() -> Self {
        Phrases {
            map: HashMap::new(),
            max_len: 0,
        }
    }
}

impl<V> Phrases<V> {
    fn entry(&mut self, key: Key) -> &mut V
    where
        V: Default,
    {
        self.max_len = self.max_len.max(key.len());
        self.map.entry(key).or_default()
    }
}

/// Every list the extractor uses, folded and indexed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lexicon {
    pub cues: Phrases<Vec<CueClass>>,
    pub numbers: HashMap<String, NumWord>,
    pub units: Phrases<Vec<(UnitClass, String)>>,
    pub hedges_before: Phrases<()>,
    pub hedges_after: Phrases<()>,
    pub block_before: Phrases<String>,
    pub block_after: Phrases<String>,
    pub proclitics: Vec<Proclitic>,
    pub enclitics: Vec<String>,
}

fn err(file: &str, line: usize, msg: impl std::fmt::Display) -> String {
    format!("{file}:{line}: {msg}")
}

/// Data rows of a TSV text: (1-based line, fields); comments, blank lines
/// and the header (whose first field must be `header`) skipped.
fn rows<'a>(
    text: &'a str,
    file: &str,
    header: &str,
    columns: usize,
) -> Result<Vec<(usize, Vec<&'a str>)>, String> {
    let mut out = Vec::new();
    let mut seen_header = false;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        if !seen_header {
            if fields.first() != Some(&header) {
                return Err(err(
                    file,
                    n,
                    format!("expected a header starting with `{header}`"),
                ));
            }
            seen_header = true;
            continue;
        }
        if fields.len() < columns {
            return Err(err(
                file,
                n,
                format!("expected {columns} columns, found {}", fields.len()),
            ));
        }
        out.push((n, fields));
    }
    if !seen_header {
        return Err(err(file, 0, "no header line"));
    }
    Ok(out)
}

/// The folded words of a form, split the way the body is tokenised.
pub(crate) fn key_of(form: &str) -> Key {
    let chars: Vec<char> = form.chars().collect();
    tokens(form)
        .iter()
        .map(|t| fold_word(&chars[t.span.start..t.span.end].iter().collect::<String>()))
        .filter(|w| !w.is_empty())
        .collect()
}

fn forms(field: &str, file: &str, line: usize) -> Result<Vec<Key>, String> {
    let mut out = Vec::new();
    for f in field.split('|') {
        let key = key_of(f.trim());
        if key.is_empty() {
            return Err(err(file, line, format!("empty form `{f}`")));
        }
        out.push(key);
    }
    Ok(out)
}

impl Lexicon {
    pub fn load_embedded() -> Result<Lexicon, String> {
        Lexicon::from_texts(&[
            ("data/claims/cues.tsv", CUES),
            ("data/claims/numbers.tsv", NUMBERS),
            ("data/claims/units.tsv", UNITS),
            ("data/claims/hedges.tsv", HEDGES),
            ("data/claims/blockers.tsv", BLOCKERS),
            ("data/claims/clitics.tsv", CLITICS),
            ("data/article/months.tsv", MONTHS),
        ])
    }

    /// Parses the files, given as (name, text) in the order of
    /// [`Lexicon::load_embedded`]; errors name the file and line.
    pub fn from_texts(files: &[(&str, &str); 7]) -> Result<Lexicon, String> {
        let mut lex = Lexicon::default();
        let (file, text) = files[0];
        for (n, f) in rows(text, file, "class", 2)? {
            let class = match f[0] {
                "verb" => CueClass::Verb,
                "participle" => CueClass::Participle,
                "attribution" => CueClass::Attribution,
                "complementizer" => CueClass::Complementizer,
                "nonsubject" => CueClass::NonSubject,
                "lead" => CueClass::Lead,
                "breaker" => CueClass::Breaker,
                "function" => CueClass::Function,
                other => return Err(err(file, n, format!("unknown class `{other}`"))),
            };
            for key in forms(f[1], file, n)? {
                let v = lex.cues.entry(key);
                if !v.contains(&class) {
                    v.push(class);
                }
            }
        }
        let (file, text) = files[1];
        for (n, f) in rows(text, file, "form", 4)? {
            let value: f64 = f[1]
                .parse()
                .map_err(|_| err(file, n, format!("bad value `{}`", f[1])))?;
            let kind = match f[2] {
                "unit" => NumKind::Unit,
                "teen1" => NumKind::Teen1,
                "tens" => NumKind::Tens,
                "hundreds" => NumKind::Hundreds,
                "scale" => NumKind::Scale,
                "plural" => NumKind::Plural,
                other => return Err(err(file, n, format!("unknown kind `{other}`"))),
            };
            let alone = match f[3] {
                "exact" => Alone::Exact,
                "approx" => Alone::Approx,
                "no" => Alone::No,
                other => return Err(err(file, n, format!("unknown alone `{other}`"))),
            };
            for key in forms(f[0], file, n)? {
                if key.len() != 1 {
                    return Err(err(file, n, "number words are single words"));
                }
                let w = NumWord { value, kind, alone };
                if let Some(old) = lex.numbers.insert(key[0].clone(), w) {
                    if old != w {
                        return Err(err(file, n, format!("`{}` listed twice", key[0])));
                    }
                }
            }
        }
        let (file, text) = files[2];
        for (n, f) in rows(text, file, "class", 3)? {
            let class = match f[0] {
                "noun" => UnitClass::Noun,
                "event" => UnitClass::Event,
                "bridge" => UnitClass::Bridge,
                other => return Err(err(file, n, format!("unknown class `{other}`"))),
            };
            let unit = f[1].to_string();
            if unit.is_empty() {
                return Err(err(file, n, "empty unit"));
            }
            for key in forms(f[2], file, n)? {
                lex.units.entry(key).push((class, unit.clone()));
            }
        }
        let (file, text) = files[3];
        for (n, f) in rows(text, file, "position", 2)? {
            let target = match f[0] {
                "before" => &mut lex.hedges_before,
                "after" => &mut lex.hedges_after,
                other => return Err(err(file, n, format!("unknown position `{other}`"))),
            };
            for key in forms(f[1], file, n)? {
                target.entry(key);
            }
        }
        let (file, text) = files[4];
        for (n, f) in rows(text, file, "side", 3)? {
            let target = match f[0] {
                "before" => &mut lex.block_before,
                "after" => &mut lex.block_after,
                other => return Err(err(file, n, format!("unknown side `{other}`"))),
            };
            for key in forms(f[2], file, n)? {
                *target.entry(key) = f[1].to_string();
            }
        }
        let (file, text) = files[5];
        for (n, f) in rows(text, file, "kind", 3)? {
            let form = fold_word(f[1]);
            if form.is_empty() {
                return Err(err(file, n, "empty form"));
            }
            match f[0] {
                "pro" => {
                    if f[2].is_empty() || f[2].chars().any(|c| !matches!(c, 'c' | 'p' | 'a')) {
                        return Err(err(file, n, format!("bad flags `{}`", f[2])));
                    }
                    lex.proclitics.push(Proclitic {
                        chars: form.chars().count(),
                        form,
                        conj: f[2].contains('c'),
                        prep: f[2].contains('p'),
                        art: f[2].contains('a'),
                    });
                }
                "enc" => lex.enclitics.push(form),
                other => return Err(err(file, n, format!("unknown kind `{other}`"))),
            }
        }
        // Shorter clitics first, so the least-stripped reading is tried first.
        lex.proclitics.sort_by_key(|p| p.chars);
        lex.enclitics.sort_by_key(|e| e.chars().count());
        let (file, text) = files[6];
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((_, name)) = line.split_once('\t') else {
                return Err(err(file, i + 1, "expected month_number<TAB>name"));
            };
            let key = key_of(name.trim());
            if key.is_empty() {
                return Err(err(file, i + 1, "empty month name"));
            }
            *lex.block_after.entry(key) = "date".to_string();
        }
        Ok(lex)
    }

    /// Readings of a folded word with attached clitics stripped, as
    /// (stem, number of folded prefix chars); the whole word first.
    pub fn variants(&self, word: &str, allow: Allow) -> Vec<(String, usize)> {
        let mut out = vec![(word.to_string(), 0)];
        let n = word.chars().count();
        for p in &self.proclitics {
            let ok = (!p.conj || allow.conj) && (!p.prep || allow.prep) && (!p.art || allow.art);
            if ok && n >= p.chars + 2 && word.starts_with(&p.form) {
                out.push((word[p.form.len()..].to_string(), p.chars));
            }
        }
        if allow.enclitic {
            let base = out.clone();
            for (stem, pre) in base {
                let m = stem.chars().count();
                for e in &self.enclitics {
                    if m >= e.chars().count() + 3 && stem.ends_with(e.as_str()) {
                        out.push((stem[..stem.len() - e.len()].to_string(), pre));
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_files_parse() {
        let lex = Lexicon::load_embedded().unwrap();
        assert!(lex.numbers.contains_key(&fold_word("ثلاثة")));
        assert!(lex.cues.map.contains_key(&key_of("قال")));
        assert!(lex.units.map.contains_key(&key_of("في المئة")));
        assert!(lex.block_after.map.contains_key(&key_of("تشرين الثاني")));
    }

    #[test]
    fn errors_name_file_and_line() {
        let files = [
            ("cues.tsv", "# c\nclass\tforms\nnoun\tقال\n"),
            ("numbers.tsv", "form\tvalue\tkind\talone\n"),
            ("units.tsv", "class\tunit\tforms\n"),
            ("hedges.tsv", "position\tforms\n"),
            ("blockers.tsv", "side\treason\tforms\n"),
            ("clitics.tsv", "kind\tform\tflags\n"),
            ("months.tsv", ""),
        ];
        let e = Lexicon::from_texts(&files).unwrap_err();
        assert_eq!(e, "cues.tsv:3: unknown class `noun`");
        let mut files2 = files;
        files2[0] = ("cues.tsv", "class\tforms\n");
        files2[1] = (
            "numbers.tsv",
            "form\tvalue\tkind\talone\nثلاثة\tx\tunit\texact\n",
        );
        let e = Lexicon::from_texts(&files2).unwrap_err();
        assert_eq!(e, "numbers.tsv:2: bad value `x`");
        files2[1] = ("numbers.tsv", "value\n");
        let e = Lexicon::from_texts(&files2).unwrap_err();
        assert!(e.starts_with("numbers.tsv:1: expected a header"), "{e}");
    }

    #[test]
    fn variants_strip_allowed_clitics_only() {
        let lex = Lexicon::load_embedded().unwrap();
        let v = lex.variants(&fold_word("وقال"), Allow::CONJ);
        assert!(v.contains(&("قال".to_string(), 1)));
        let v = lex.variants(&fold_word("والقتلى"), Allow::CONJ);
        assert!(!v.iter().any(|(s, _)| s == "قتلي"));
        let v = lex.variants(&fold_word("والقتلى"), Allow::ALL);
        assert!(v.iter().any(|(s, p)| s == "قتلي" && *p == 3));
    }
}
