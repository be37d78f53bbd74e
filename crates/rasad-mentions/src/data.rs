//! Loading of `data/mentions/*.tsv`: office phrases and small word classes.

use std::collections::{HashMap, HashSet};

use rasad_actors::fold;

const OFFICES_TSV: &str = include_str!("../../../data/mentions/offices.tsv");
const WORDS_TSV: &str = include_str!("../../../data/mentions/words.tsv");
/// The NER's list of common given names, shared: a catalogue alias made of
/// two of them («محمد الناصر») names many people.
const GIVEN_TXT: &str = include_str!("../../../data/ner/given_names.txt");
const GIVEN_FILE: &str = "data/ner/given_names.txt";

/// One row of offices.tsv.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeRow {
    /// Office used when the actor is a state (or the implied actor).
    pub office: Option<String>,
    /// Office used when the actor is an armed group.
    pub group_office: Option<String>,
    pub agent: Option<String>,
    /// Actor the phrase names by itself (المبعوث الأممي → UN).
    pub actor: Option<String>,
}

/// A "two sides" word: which agent it implies and which actors count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairWord {
    pub agent: Option<String>,
    /// Only states count as sides (else any actor).
    pub states_only: bool,
}

/// The mention-resolution lexicon.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// Canonical phrase key → office row index.
    pub offices: HashMap<String, usize>,
    pub office_rows: Vec<OfficeRow>,
    /// Every proper prefix of an office phrase key (to stop walks early).
    pub office_prefixes: HashSet<String>,
    pub office_max_tokens: usize,
    /// Canonical keys of counterpart words.
    pub counterparts: HashSet<String>,
    pub pairs: HashMap<String, PairWord>,
    /// Dual construct nouns heading a pair word («جيشي البلدين»), with
    /// the agent they give the two sides.
    pub pair_heads: HashMap<String, Option<String>>,
    pub locatives: HashSet<String>,
    pub cities: HashSet<String>,
    pub gaps: HashSet<String>,
    /// Nouns whose genitive is a place (جامعة بغداد).
    pub place_heads: HashSet<String>,
    /// Institution role nouns never in apposition to a person name.
    pub collectives: HashSet<String>,
    /// Bare definite nouns that refer back, by key.
    pub anaphors: HashMap<String, Anaphor>,
    /// First words of post-modifying role phrases (بدون طيار).
    pub tails: HashSet<String>,
    /// Words an NER name never spans.
    pub prepositions: HashSet<String>,
    /// Role forms that are also adjectives, and the indefinite nouns they
    /// modify.
    pub adjectives: HashSet<String>,
    pub adjective_heads: HashSet<String>,
    /// Common given names (canonical tokens, article dropped).
    pub given_names: HashSet<String>,
}

/// `GIVEN<TAB>name` lines (`#` comments) as canonical tokens.
pub fn given_names(text: &str, file: &str) -> Result<HashSet<String>, String> {
    let mut out = HashSet::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        match line.split_once('\t') {
            Some(("GIVEN", name)) if !word_key(name).is_empty() => {
                out.insert(word_key(name));
            }
            _ => return Err(format!("{file}:{}: expected GIVEN<TAB>name", i + 1)),
        }
    }
    Ok(out)
}

/// What an anaphoric noun (التنظيم، الحزب، البلاد) refers back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnaphorScope {
    /// The last armed group or movement named.
    Group,
    /// The last party (agent PTY) named.
    Party,
    /// The article's dominant state.
    State,
    /// The last actor named anywhere before in the document whose name
    /// begins with this very noun (التحالف → التحالف الدولي).
    Head,
}

/// An anaphoric noun: its scope and the role agent to fall back on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anaphor {
    pub scope: AnaphorScope,
    pub agent: Option<String>,
    /// The noun's own key (`canonical_phrase`), for `Head`.
    pub head: String,
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty() && s != "-").then(|| s.to_string())
}

fn err(file: &str, line: usize, msg: impl std::fmt::Display) -> String {
    format!("data/mentions/{file}:{line}: {msg}")
}

/// Data rows of a TSV text: (1-based line, fields), comments and the header skipped.
fn rows<'a>(text: &'a str, file: &str, header: &str) -> Result<Vec<(usize, Vec<&'a str>)>, String> {
    let mut out = Vec::new();
    let mut seen_header = false;
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if !seen_header {
            if line.split('\t').next() != Some(header) {
                return Err(err(
                    file,
                    n,
                    format!("expected a header starting with `{header}`"),
                ));
            }
            seen_header = true;
            continue;
        }
        out.push((n, line.split('\t').collect()));
    }
    if !seen_header {
        return Err(err(file, 0, "no header line"));
    }
    Ok(out)
}

/// Splits `a|b|c`, rejecting empty forms.
fn forms<'a>(field: &'a str, file: &str, line: usize) -> Result<Vec<&'a str>, String> {
    let v: Vec<&str> = field.split('|').map(str::trim).collect();
    if v.iter().any(|f| f.is_empty()) {
        return Err(err(file, line, "empty form in a |-separated list"));
    }
    Ok(v)
}

/// Canonical key of a single-word form (article dropped, spelling folded).
fn word_key(form: &str) -> String {
    fold::canonical_phrase(form)
}

impl Lexicon {
    /// The first row whose state office is `office`.
    pub fn row_for_office(&self, office: &str) -> Option<usize> {
        self.office_rows.iter().position(|r| {
            r.office.as_deref() == Some(office) || r.group_office.as_deref() == Some(office)
        })
    }

    /// Parses the embedded data files.
    pub fn load_embedded() -> Result<Lexicon, String> {
        let mut lex = Lexicon::from_texts(OFFICES_TSV, WORDS_TSV)?;
        lex.given_names = given_names(GIVEN_TXT, GIVEN_FILE)?;
        Ok(lex)
    }

    /// Parses offices.tsv and words.tsv texts; errors name the file and line.
    pub fn from_texts(offices: &str, words: &str) -> Result<Lexicon, String> {
        let mut lex = Lexicon::default();
        let file = "offices.tsv";
        for (n, f) in rows(offices, file, "office")? {
            if f.len() != 5 {
                return Err(err(
                    file,
                    n,
                    format!("expected 5 columns, found {}", f.len()),
                ));
            }
            let row = OfficeRow {
                office: opt(f[0]),
                group_office: opt(f[1]),
                agent: opt(f[2]),
                actor: opt(f[3]),
            };
            if row.office.is_none() && row.group_office.is_none() {
                return Err(err(file, n, "a row needs an office or a group_office"));
            }
            let idx = lex.office_rows.len();
            lex.office_rows.push(row);
            for phrase in forms(f[4], file, n)? {
                let key = fold::canonical_phrase(phrase);
                if key.is_empty() {
                    return Err(err(file, n, format!("phrase `{phrase}` has no letters")));
                }
                if let Some(&other) = lex.offices.get(&key) {
                    if other != idx {
                        return Err(err(file, n, format!("phrase `{phrase}` is already listed")));
                    }
                }
                let toks: Vec<&str> = key.split(' ').collect();
                lex.office_max_tokens = lex.office_max_tokens.max(toks.len());
                for k in 1..toks.len() {
                    lex.office_prefixes.insert(toks[..k].join(" "));
                }
                lex.offices.insert(key, idx);
            }
        }
        let file = "words.tsv";
        for (n, f) in rows(words, file, "class")? {
            if f.len() < 4 {
                return Err(err(
                    file,
                    n,
                    format!("expected at least 4 columns, found {}", f.len()),
                ));
            }
            let list = forms(f[1], file, n)?;
            for form in list {
                let key = word_key(form);
                if key.is_empty() || key.contains(' ') {
                    return Err(err(file, n, format!("`{form}` must be one word")));
                }
                match f[0] {
                    "counterpart" => {
                        lex.counterparts.insert(key);
                    }
                    "pair" => {
                        let states_only = match f[3].trim() {
                            "state" => true,
                            "any" => false,
                            other => {
                                return Err(err(
                                    file,
                                    n,
                                    format!("scope must be state or any, not `{other}`"),
                                ))
                            }
                        };
                        lex.pairs.insert(
                            key,
                            PairWord {
                                agent: opt(f[2]),
                                states_only,
                            },
                        );
                    }
                    "pair_head" => {
                        lex.pair_heads.insert(key, opt(f[2]));
                    }
                    "locative" => {
                        lex.locatives.insert(key);
                    }
                    "city" => {
                        lex.cities.insert(key);
                    }
                    "gap" => {
                        lex.gaps.insert(key);
                    }
                    "place_head" => {
                        lex.place_heads.insert(key);
                    }
                    "collective" => {
                        lex.collectives.insert(key);
                    }
                    "tail" => {
                        lex.tails.insert(key);
                    }
                    "preposition" => {
                        lex.prepositions.insert(key);
                    }
                    "adjective" => {
                        lex.adjectives.insert(key);
                    }
                    "adjective_head" => {
                        lex.adjective_heads.insert(key);
                    }
                    "anaphor" => {
                        let scope = match f[3].trim() {
                            "group" => AnaphorScope::Group,
                            "party" => AnaphorScope::Party,
                            "state" => AnaphorScope::State,
                            "head" => AnaphorScope::Head,
                            other => {
                                return Err(err(
                                    file,
                                    n,
                                    format!(
                                    "anaphor scope must be group, party, state or head, not `{other}`"
                                ),
                                ))
                            }
                        };
                        lex.anaphors.insert(
                            key.clone(),
                            Anaphor {
                                scope,
                                agent: opt(f[2]),
                                head: key,
                            },
                        );
                    }
                    other => return Err(err(file, n, format!("unknown class `{other}`"))),
                }
            }
        }
        Ok(lex)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicon_loads() {
        let lex = Lexicon::load_embedded().expect("embedded data");
        assert!(lex
            .offices
            .contains_key(&fold::canonical_phrase("وزير الدفاع")));
        assert!(lex
            .office_prefixes
            .contains(&fold::canonical_phrase("رئيس هيئة")));
        assert!(lex.counterparts.contains(&word_key("نظيره")));
        assert!(lex
            .pairs
            .get(&word_key("البلدين"))
            .is_some_and(|p| p.states_only));
        assert!(lex.locatives.contains(&word_key("في")));
        assert!(lex.place_heads.contains(&word_key("جامعة")));
        assert_eq!(
            lex.anaphors.get(&word_key("التنظيم")).map(|a| a.scope),
            Some(AnaphorScope::Group)
        );
        assert!(lex.adjectives.contains(&word_key("العسكري")));
        assert_eq!(
            lex.anaphors.get(&word_key("التحالف")).map(|a| a.scope),
            Some(AnaphorScope::Head)
        );
    }

    #[test]
    fn errors_name_file_and_line() {
        let bad = "# c\noffice\tgroup_office\tagent\tactor\tphrases\nhead_of_state\t-\tGOV\n";
        let e = Lexicon::from_texts(bad, "class\tforms\tagent\tscope\n").unwrap_err();
        assert!(e.contains("offices.tsv:3"), "{e}");
        let ok_off = "office\tgroup_office\tagent\tactor\tphrases\n";
        let e = Lexicon::from_texts(ok_off, "class\tforms\tagent\tscope\nfoo\tبين\t-\t-\n")
            .unwrap_err();
        assert!(e.contains("words.tsv:2") && e.contains("foo"), "{e}");
        let e = Lexicon::from_texts(ok_off, "class\tforms\tagent\tscope\npair\tبين\t-\tsome\n")
            .unwrap_err();
        assert!(e.contains("scope"), "{e}");
    }

    #[test]
    fn given_names_fold_and_report_bad_lines() {
        let g = given_names("# c\nGIVEN\tأحمد\nGIVEN\tالناصر # note\n", "g.txt").expect("loads");
        assert!(g.contains("احمد") && g.contains("ناصر"), "{g:?}");
        let e = given_names("GIVEN\tمحمد\nNAME\tعلي\n", "g.txt").unwrap_err();
        assert!(e.starts_with("g.txt:2:"), "{e}");
        let lex = Lexicon::load_embedded().expect("embedded data");
        assert!(lex.given_names.contains("محمد"));
    }
}
