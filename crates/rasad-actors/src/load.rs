//! Parsing the TSV files and cross-file validation.

use std::collections::{BTreeMap, BTreeSet};

use crate::fold::{canonical_phrase, fold, tokens};
use crate::matcher::Trie;
use crate::vocab::FxHashMap;
use crate::{
    Actor, Ambiguity, Catalogue, CatalogueError, Entry, Form, Kind, Office, PartialDate, Person,
    OFFICES,
};

/// Suffixes that inflect a masculine singular nisba (folded: ة is ه).
// `ا` is the indefinite accusative (جنديا باكستانيا).
const NISBA_SUFFIXES: [&str; 9] = ["", "ه", "ا", "ون", "ين", "ان", "تان", "تين", "ات"];

/// Longest alias, in tokens, the matcher has to consider.
pub const MAX_ALIAS_TOKENS: usize = 10;

struct Row<'a> {
    line: usize,
    cols: Vec<&'a str>,
}

fn err(file: &str, line: usize, message: impl Into<String>) -> CatalogueError {
    CatalogueError::Parse {
        file: file.to_string(),
        line,
        message: message.into(),
    }
}

/// Splits a TSV file into data rows: skips blank and `#` lines, checks the
/// header (first other line) and the column count.
fn rows<'a>(
    file: &str,
    text: &'a str,
    header: &[&str],
    required: usize,
) -> Result<Vec<Row<'a>>, CatalogueError> {
    let mut out = Vec::new();
    let mut seen_header = false;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let l = raw.trim_end_matches('\r');
        if l.trim().is_empty() || l.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = l.split('\t').map(str::trim).collect();
        if !seen_header {
            seen_header = true;
            if cols != header {
                return Err(err(
                    file,
                    line,
                    format!("header should be `{}`", header.join("<TAB>")),
                ));
            }
            continue;
        }
        if cols.len() < required || cols.len() > header.len() {
            return Err(err(
                file,
                line,
                format!(
                    "expected {} to {} tab-separated columns, found {}",
                    required,
                    header.len(),
                    cols.len()
                ),
            ));
        }
        out.push(Row { line, cols });
    }
    Ok(out)
}

fn col<'a>(row: &Row<'a>, i: usize) -> &'a str {
    row.cols.get(i).copied().unwrap_or("")
}

/// `a|~b|c` → [(a, strong), (b, weak), (c, strong)]; `-` and empty → none.
fn alias_list(s: &str) -> Vec<(String, bool)> {
    if s == "-" {
        return Vec::new();
    }
    s.split('|')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| match a.strip_prefix('~') {
            Some(rest) => (rest.trim().to_string(), true),
            None => (a.to_string(), false),
        })
        .collect()
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty() && s != "-").then(|| s.to_string())
}

fn is_state_code(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase())
}

fn is_actor_code(s: &str) -> bool {
    let mut b = s.bytes();
    matches!(b.next(), Some(c) if c.is_ascii_uppercase())
        && b.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_')
}

/// Every inflection of a nisba stem: the suffix goes on each token ending in ي
/// (كوري شمالي → كورية شمالية), other tokens stay (جنوب سوداني → جنوب سودانية).
pub fn nisba_forms(stem: &str) -> Vec<String> {
    let toks: Vec<String> = tokens(stem).iter().map(|t| fold(t)).collect();
    if !toks.iter().any(|t| t.ends_with('ي')) {
        return vec![toks.join(" ")];
    }
    NISBA_SUFFIXES
        .iter()
        .map(|suf| {
            toks.iter()
                .map(|t| {
                    if t.ends_with('ي') {
                        format!("{t}{suf}")
                    } else {
                        t.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// One rule of spelling.tsv, on folded words.
struct SpellingRule {
    from: String,
    to: String,
    at_end: bool,
}

/// Most variants one alias may produce (the product over its words).
const MAX_VARIANTS: usize = 16;

/// Other spellings of a multi-word name, one rule applied per word, every
/// combination over the words; the name itself excluded. Words are folded.
fn spelling_variants(name: &str, rules: &[SpellingRule]) -> Vec<String> {
    let words = tokens(name);
    if words.len() < 2 {
        return Vec::new();
    }
    let mut combos: Vec<String> = vec![String::new()];
    for w in &words {
        let f = fold(w);
        let mut forms = vec![f.clone()];
        for r in rules {
            let v = if r.at_end {
                match f.strip_suffix(r.from.as_str()) {
                    Some(stem) => format!("{stem}{}", r.to),
                    None => continue,
                }
            } else if f.contains(r.from.as_str()) {
                f.replace(r.from.as_str(), &r.to)
            } else {
                continue;
            };
            // A rule and its inverse must not stack letters (ييه → يييه).
            if v.chars().count() >= 3 && !v.contains("ييي") && !forms.contains(&v) {
                forms.push(v);
            }
        }
        let mut next = Vec::new();
        for c in &combos {
            for form in &forms {
                if next.len() < MAX_VARIANTS {
                    next.push(if c.is_empty() {
                        form.clone()
                    } else {
                        format!("{c} {form}")
                    });
                }
            }
        }
        combos = next;
    }
    let own = canonical_phrase(name);
    combos.retain(|c| canonical_phrase(c) != own);
    combos
}

struct Builder {
    actors: BTreeMap<String, Actor>,
    entries: Vec<Entry>,
}

impl Builder {
    #[allow(clippy::too_many_arguments)]
    fn entry(
        &mut self,
        code: Option<&str>,
        kind: Kind,
        agent: Option<&str>,
        person: Option<&str>,
        form: Form,
        alias: &str,
        weak: bool,
        source: &str,
    ) {
        self.entries.push(Entry {
            code: code.map(str::to_string),
            kind,
            agent: agent.map(str::to_string),
            person: person.map(str::to_string),
            form,
            alias: alias.to_string(),
            weak,
            source: source.to_string(),
        });
    }
}

pub fn build(files: &[(&str, &str)]) -> Result<Catalogue, CatalogueError> {
    let text = |name: &str| -> &str {
        files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
            .unwrap_or("")
    };
    let mut b = Builder {
        actors: BTreeMap::new(),
        entries: Vec::new(),
    };

    // States.
    let f = "states.tsv";
    for r in rows(
        f,
        text(f),
        &["code", "name_en", "names_ar", "nisbas", "demonyms", "note"],
        4,
    )? {
        let src = format!("{f}:{}", r.line);
        let code = col(&r, 0);
        if !is_state_code(code) {
            return Err(err(
                f,
                r.line,
                format!("`{code}` is not 3 upper-case letters"),
            ));
        }
        if b.actors.contains_key(code) {
            return Err(err(f, r.line, format!("state code `{code}` repeated")));
        }
        let names = alias_list(col(&r, 2));
        let nisbas = alias_list(col(&r, 3));
        for (n, weak) in &names {
            b.entry(
                Some(code),
                Kind::State,
                None,
                None,
                Form::Name,
                n,
                *weak,
                &src,
            );
        }
        for (stem, weak) in &nisbas {
            for form in nisba_forms(stem) {
                b.entry(
                    Some(code),
                    Kind::State,
                    None,
                    None,
                    Form::Nisba,
                    &form,
                    *weak,
                    &src,
                );
            }
        }
        for (d, weak) in alias_list(col(&r, 4)) {
            b.entry(
                Some(code),
                Kind::State,
                None,
                None,
                Form::Demonym,
                &d,
                weak,
                &src,
            );
        }
        b.actors.insert(
            code.to_string(),
            Actor {
                code: code.to_string(),
                kind: Kind::State,
                name_en: col(&r, 1).to_string(),
                names_ar: names.into_iter().map(|(n, _)| n).collect(),
                nisbas: nisbas.into_iter().map(|(n, _)| n).collect(),
                capitals: Vec::new(),
                parent: None,
                country: None,
                agent: None,
                no_nisba: col(&r, 3) == "-",
                note: col(&r, 5).to_string(),
                source: src,
            },
        );
    }

    // Capitals and metonyms.
    let f = "capitals.tsv";
    for r in rows(
        f,
        text(f),
        &["code", "type", "agent", "names_ar", "name_en", "note"],
        4,
    )? {
        let src = format!("{f}:{}", r.line);
        let code = col(&r, 0);
        let kind = match col(&r, 1) {
            "capital" => Kind::Capital,
            "metonym" => Kind::Metonym,
            other => {
                return Err(err(
                    f,
                    r.line,
                    format!("type `{other}` should be capital or metonym"),
                ))
            }
        };
        let agent = opt(col(&r, 2));
        let names = alias_list(col(&r, 3));
        let Some(state) = b.actors.get_mut(code) else {
            return Err(err(
                f,
                r.line,
                format!("`{code}` is not a state in states.tsv"),
            ));
        };
        if kind == Kind::Capital {
            state.capitals.extend(names.iter().map(|(n, _)| n.clone()));
        }
        for (n, weak) in &names {
            b.entry(
                Some(code),
                kind,
                agent.as_deref(),
                None,
                Form::Name,
                n,
                *weak,
                &src,
            );
        }
    }

    // IGOs, NGOs and groups share one format.
    for f in ["igos.tsv", "groups.tsv"] {
        for r in rows(
            f,
            text(f),
            &[
                "code", "name_en", "names_ar", "nisbas", "parent", "country", "agent", "note",
            ],
            7,
        )? {
            let src = format!("{f}:{}", r.line);
            let code = col(&r, 0);
            if !is_actor_code(code) {
                return Err(err(
                    f,
                    r.line,
                    format!("`{code}` is not a code (A-Z, 0-9, _ starting with a letter)"),
                ));
            }
            let agent = opt(col(&r, 6));
            let kind = match (f, agent.as_deref()) {
                ("groups.tsv", _) => Kind::Group,
                (_, Some("NGO")) => Kind::Ngo,
                _ => Kind::Igo,
            };
            let parent = opt(col(&r, 4));
            let country = opt(col(&r, 5));
            let names = alias_list(col(&r, 2));
            let nisbas = alias_list(col(&r, 3));
            for (n, weak) in &names {
                b.entry(
                    Some(code),
                    kind,
                    agent.as_deref(),
                    None,
                    Form::Name,
                    n,
                    *weak,
                    &src,
                );
            }
            for (stem, weak) in &nisbas {
                for form in nisba_forms(stem) {
                    b.entry(
                        Some(code),
                        kind,
                        agent.as_deref(),
                        None,
                        Form::Nisba,
                        &form,
                        *weak,
                        &src,
                    );
                }
            }
            match b.actors.get_mut(code) {
                Some(a) => {
                    if a.kind != kind || a.parent != parent || a.country != country {
                        return Err(err(
                            f,
                            r.line,
                            format!(
                                "`{code}` repeats {} with another kind, parent or country",
                                a.source
                            ),
                        ));
                    }
                    a.names_ar.extend(names.into_iter().map(|(n, _)| n));
                    a.nisbas.extend(nisbas.into_iter().map(|(n, _)| n));
                }
                None => {
                    b.actors.insert(
                        code.to_string(),
                        Actor {
                            code: code.to_string(),
                            kind,
                            name_en: col(&r, 1).to_string(),
                            names_ar: names.into_iter().map(|(n, _)| n).collect(),
                            nisbas: nisbas.into_iter().map(|(n, _)| n).collect(),
                            capitals: Vec::new(),
                            parent,
                            country,
                            agent,
                            no_nisba: false,
                            note: col(&r, 7).to_string(),
                            source: src,
                        },
                    );
                }
            }
        }
    }

    // Agent role nouns.
    let f = "agents.tsv";
    let mut agent_codes = BTreeSet::new();
    for r in rows(f, text(f), &["code", "forms", "note"], 2)? {
        let src = format!("{f}:{}", r.line);
        let code = col(&r, 0);
        if !(code.len() == 3 && code.bytes().all(|c| c.is_ascii_uppercase())) {
            return Err(err(
                f,
                r.line,
                format!("agent code `{code}` is not 3 upper-case letters"),
            ));
        }
        agent_codes.insert(code.to_string());
        for (form, weak) in alias_list(col(&r, 1)) {
            b.entry(
                None,
                Kind::Agent,
                Some(code),
                None,
                Form::Role,
                &form,
                weak,
                &src,
            );
        }
    }

    // People and their offices (written by the people curators; may be empty).
    let f = "people.tsv";
    let mut people = BTreeMap::new();
    for r in rows(f, text(f), &["id", "name_en", "names_ar"], 3)? {
        let id = col(&r, 0);
        if id.is_empty() || id.contains(char::is_whitespace) {
            return Err(err(f, r.line, format!("bad person id `{id}`")));
        }
        if people.contains_key(id) {
            return Err(err(f, r.line, format!("person id `{id}` repeated")));
        }
        let names: Vec<String> = alias_list(col(&r, 2)).into_iter().map(|(n, _)| n).collect();
        people.insert(
            id.to_string(),
            Person {
                id: id.to_string(),
                name_en: col(&r, 1).to_string(),
                names_ar: names,
                source: format!("{f}:{}", r.line),
            },
        );
    }
    let f = "offices.tsv";
    let mut offices = Vec::new();
    for r in rows(
        f,
        text(f),
        &["person_id", "country", "office", "role", "start", "end"],
        5,
    )? {
        let start = PartialDate::parse(col(&r, 4)).ok_or_else(|| {
            err(
                f,
                r.line,
                format!("start `{}` is not YYYY[-MM[-DD]]", col(&r, 4)),
            )
        })?;
        let end = match col(&r, 5) {
            "" => None,
            s => Some(
                PartialDate::parse(s)
                    .ok_or_else(|| err(f, r.line, format!("end `{s}` is not YYYY[-MM[-DD]]")))?,
            ),
        };
        offices.push(Office {
            person_id: col(&r, 0).to_string(),
            country: col(&r, 1).to_string(),
            office: col(&r, 2).to_string(),
            role: col(&r, 3).to_string(),
            start,
            end,
            source: format!("{f}:{}", r.line),
        });
    }
    for p in people.values() {
        // The most recent office gives a person's default actor and role.
        let latest = offices
            .iter()
            .filter(|o| o.person_id == p.id)
            .max_by_key(|o| o.start.earliest());
        for n in &p.names_ar {
            b.entry(
                latest.map(|o| o.country.as_str()),
                Kind::Person,
                latest.map(|o| o.role.as_str()),
                Some(&p.id),
                Form::Name,
                n,
                false,
                &p.source,
            );
        }
    }

    // Spelling variants of multi-word person names (فيلييه / فيليه), added
    // only under keys no other alias has.
    let f = "spelling.tsv";
    let mut rules = Vec::new();
    for r in rows(f, text(f), &["from", "to", "where"], 3)? {
        let (from, to) = (fold(col(&r, 0)), fold(col(&r, 1)));
        let at_end = match col(&r, 2) {
            "end" => true,
            "any" => false,
            w => return Err(err(f, r.line, format!("where `{w}` is not end or any"))),
        };
        if from.is_empty() || from == to {
            return Err(err(f, r.line, "a rule needs two different spellings"));
        }
        rules.push(SpellingRule { from, to, at_end });
    }
    let taken: BTreeSet<String> = b
        .entries
        .iter()
        .map(|e| canonical_phrase(&e.alias))
        .collect();
    // Variant key → the entry it would add; None once two people want it.
    let mut variants: BTreeMap<String, Option<Entry>> = BTreeMap::new();
    for e in b.entries.iter().filter(|e| e.kind == Kind::Person) {
        for v in spelling_variants(&e.alias, &rules) {
            let key = canonical_phrase(&v);
            if taken.contains(&key) {
                continue;
            }
            let slot = variants.entry(key).or_insert_with(|| {
                Some(Entry {
                    alias: v.clone(),
                    ..e.clone()
                })
            });
            if slot.as_ref().is_some_and(|x| x.person != e.person) {
                *slot = None;
            }
        }
    }
    b.entries.extend(variants.into_values().flatten());

    // Deliberate ambiguities.
    let f = "ambiguous.tsv";
    let mut ambiguities = FxHashMap::default();
    for r in rows(f, text(f), &["alias", "codes", "default", "rule"], 4)? {
        let written = col(&r, 0);
        // nisba:STEM covers every generated inflection of the stem.
        let aliases = match written.strip_prefix("nisba:") {
            Some(stem) => nisba_forms(stem),
            None => vec![written.to_string()],
        };
        if aliases.iter().any(|a| canonical_phrase(a).is_empty()) {
            return Err(err(f, r.line, "empty alias"));
        }
        let codes: Vec<String> = alias_list(col(&r, 1)).into_iter().map(|(c, _)| c).collect();
        if codes.len() < 2 {
            return Err(err(f, r.line, "an ambiguity needs at least two codes"));
        }
        let default = opt(col(&r, 2));
        if let Some(d) = &default {
            if !codes.contains(d) {
                return Err(err(
                    f,
                    r.line,
                    format!("default `{d}` is not one of the codes"),
                ));
            }
        }
        for alias in aliases {
            let key = canonical_phrase(&alias);
            ambiguities.insert(
                key.clone(),
                Ambiguity {
                    alias,
                    key,
                    codes: codes.clone(),
                    default: default.clone(),
                    rule: col(&r, 3).to_string(),
                    source: format!("{f}:{}", r.line),
                },
            );
        }
    }

    // Index by canonical key; one entry per (key, reading), strong wins over weak.
    let mut index: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    let mut trie = Trie::default();
    let mut kept: Vec<Entry> = Vec::with_capacity(b.entries.len());
    for e in b.entries {
        let key = canonical_phrase(&e.alias);
        if key.is_empty() {
            continue;
        }
        let ids = index.entry(key.clone()).or_default();
        let same = ids.iter().copied().find(|&i| {
            let k: &Entry = &kept[i];
            k.code == e.code && k.kind == e.kind && k.agent == e.agent && k.person == e.person
        });
        match same {
            Some(i) => {
                if !e.weak {
                    kept[i].weak = false;
                }
            }
            None => {
                ids.push(kept.len());
                kept.push(e);
                trie.insert(&key);
            }
        }
    }

    // In code order, as the builder's map holds them.
    let actors: Vec<Actor> = b.actors.into_values().collect();
    let actor_at = actors
        .iter()
        .enumerate()
        .map(|(i, a)| (a.code.clone(), i))
        .collect();
    Ok(Catalogue {
        actors,
        actor_at,
        people,
        by_post: index_offices(&offices, |o| (o.country.clone(), o.office.clone())),
        by_person: index_offices(&offices, |o| o.person_id.clone()),
        offices,
        entries: kept,
        agent_codes,
        ambiguities,
        index,
        trie,
    })
}

/// Office indices grouped by `key`, each group in file order.
fn index_offices<K: std::hash::Hash + Eq>(
    offices: &[Office],
    key: impl Fn(&Office) -> K,
) -> FxHashMap<K, Vec<usize>> {
    let mut map: FxHashMap<K, Vec<usize>> = FxHashMap::default();
    for (i, o) in offices.iter().enumerate() {
        map.entry(key(o)).or_default().push(i);
    }
    map
}

pub fn validate(cat: &Catalogue) -> Vec<String> {
    let mut problems = Vec::new();
    let is_actor = |c: &str| cat.actor(c).is_some();

    // States: a name, a nisba (or an explicit "-"), a capital.
    for a in cat.actors() {
        if a.names_ar.is_empty() {
            problems.push(format!("{}: `{}` has no Arabic name", a.source, a.code));
        }
        if a.kind == Kind::State {
            if a.nisbas.is_empty() && !a.no_nisba {
                problems.push(format!(
                    "{}: state `{}` has no nisba (write - if none is in use)",
                    a.source, a.code
                ));
            }
            if a.capitals.is_empty() {
                problems.push(format!(
                    "{}: state `{}` has no capital in capitals.tsv",
                    a.source, a.code
                ));
            }
        }
        for (what, c) in [("parent", &a.parent), ("country", &a.country)] {
            if let Some(c) = c {
                if !is_actor(c) {
                    problems.push(format!(
                        "{}: {what} `{c}` of `{}` is not an actor",
                        a.source, a.code
                    ));
                }
            }
        }
        if let Some(ag) = &a.agent {
            if !cat.agent_codes.contains(ag) && ag != "IGO" && ag != "NGO" {
                problems.push(format!("{}: agent `{ag}` is not in agents.tsv", a.source));
            }
        }
    }
    for e in &cat.entries {
        if let Some(ag) = &e.agent {
            if e.kind == Kind::Metonym && !cat.agent_codes.contains(ag) {
                problems.push(format!("{}: agent `{ag}` is not in agents.tsv", e.source));
            }
        }
        if tokens(&e.alias).len() > MAX_ALIAS_TOKENS {
            problems.push(format!(
                "{}: alias `{}` is longer than {MAX_ALIAS_TOKENS} tokens",
                e.source, e.alias
            ));
        }
    }

    // People: every person has at least one office; offices are coherent.
    for p in cat.people.values() {
        if p.names_ar.is_empty() {
            problems.push(format!(
                "{}: person `{}` has no Arabic name",
                p.source, p.id
            ));
        }
        if !cat.offices.iter().any(|o| o.person_id == p.id) {
            problems.push(format!(
                "{}: person `{}` has no office (country, role, start) in offices.tsv",
                p.source, p.id
            ));
        }
    }
    for o in &cat.offices {
        if !cat.people.contains_key(&o.person_id) {
            problems.push(format!(
                "{}: person `{}` is not in people.tsv",
                o.source, o.person_id
            ));
        }
        if !is_actor(&o.country) {
            problems.push(format!(
                "{}: country `{}` is not an actor code",
                o.source, o.country
            ));
        }
        if !OFFICES.contains(&o.office.as_str()) {
            problems.push(format!(
                "{}: office `{}` is not one of {OFFICES:?}",
                o.source, o.office
            ));
        }
        if !cat.agent_codes.contains(&o.role) && o.role != "IGO" {
            problems.push(format!(
                "{}: role `{}` is not an agent code",
                o.source, o.role
            ));
        }
        if let Some(end) = o.end {
            if end.latest() < o.start.earliest() {
                problems.push(format!("{}: end is before start", o.source));
            }
        }
    }

    // Ambiguities: codes exist; every alias naming two actors is listed.
    for amb in cat.ambiguities.values() {
        for c in &amb.codes {
            if !is_actor(c) {
                problems.push(format!("{}: `{c}` is not an actor code", amb.source));
            }
        }
        if !cat.index.contains_key(&amb.key) {
            problems.push(format!(
                "{}: alias `{}` is in no data file",
                amb.source, amb.alias
            ));
        }
    }
    let mut keys: Vec<&String> = cat.index.keys().collect();
    keys.sort();
    for key in keys {
        let ids = &cat.index[key];
        let identities: BTreeSet<&str> = ids
            .iter()
            .filter_map(|&i| cat.entries.get(i))
            .filter_map(|e| e.identity())
            .collect();
        if identities.len() < 2 {
            continue;
        }
        let listed = cat
            .ambiguities
            .get(key)
            .is_some_and(|a| identities.iter().all(|id| a.codes.iter().any(|c| c == id)));
        if !listed {
            let srcs: Vec<&str> = ids
                .iter()
                .filter_map(|&i| cat.entries.get(i))
                .map(|e| e.source.as_str())
                .collect();
            problems.push(format!(
                "alias key `{key}` names {:?} ({}) but is not in ambiguous.tsv",
                identities,
                srcs.join(", ")
            ));
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nisba_inflections_by_rule() {
        let f = nisba_forms("فرنسي");
        for want in [
            "فرنسي",
            "فرنسيه",
            "فرنسيون",
            "فرنسيين",
            "فرنسيان",
            "فرنسيتان",
            "فرنسيتين",
            "فرنسيات",
        ] {
            assert!(f.contains(&want.to_string()), "{want} missing from {f:?}");
        }
        let k = nisba_forms("كوري شمالي");
        assert!(k.contains(&"كوريه شماليه".to_string()));
        let z = nisba_forms("جنوب أفريقي");
        assert!(z.contains(&"جنوب افريقيون".to_string()));
    }

    fn rules() -> Vec<SpellingRule> {
        [("ييه", "يه", true), ("يه", "ييه", true), ("وو", "و", false)]
            .iter()
            .map(|&(f, t, e)| SpellingRule {
                from: f.to_string(),
                to: t.to_string(),
                at_end: e,
            })
            .collect()
    }

    #[test]
    fn spelling_variants_fold_doubled_letters_both_ways() {
        let v = spelling_variants("جان فيلييه", &rules());
        assert_eq!(v, vec!["جان فيليه".to_string()]);
        let v = spelling_variants("جان فيليه", &rules());
        assert_eq!(v, vec!["جان فيلييه".to_string()]);
        let v = spelling_variants("داوود كوليه", &rules());
        assert!(v.contains(&"داود كولييه".to_string()), "{v:?}");
        assert!(!v.iter().any(|x| x.contains("يييه")), "{v:?}");
        // One word: no variants.
        assert!(spelling_variants("فيلييه", &rules()).is_empty());
    }

    #[test]
    fn spelling_variants_never_take_another_alias_key() {
        let people = "id\tname_en\tnames_ar\na_x\tA\tجان فيلييه\nb_y\tB\tجان فيليه\n";
        let offices = "person_id\tcountry\toffice\trole\tstart\tend\n";
        let spelling = "from\tto\twhere\nييه\tيه\tend\nيه\tييه\tend\n";
        let cat = build(&[
            ("people.tsv", people),
            ("offices.tsv", offices),
            ("spelling.tsv", spelling),
        ])
        .expect("builds");
        for key in ["جان فيليه", "جان فيلييه"] {
            let ids = cat.index.get(key).expect("indexed");
            assert_eq!(ids.len(), 1, "{key}: one reading only");
        }
        let e = build(&[("spelling.tsv", "from\tto\twhere\nيه\tيه\tend\n")]).unwrap_err();
        assert!(e.to_string().starts_with("spelling.tsv:2:"), "{e}");
    }

    #[test]
    fn header_and_columns_are_checked_with_line_numbers() {
        let e = build(&[("states.tsv", "# c\ncode\tname\n")]).unwrap_err();
        assert!(e.to_string().starts_with("states.tsv:2:"), "{e}");
        let e = build(&[(
            "states.tsv",
            "code\tname_en\tnames_ar\tnisbas\tdemonyms\tnote\nFR\tFrance\tفرنسا\tفرنسي\n",
        )])
        .unwrap_err();
        assert!(e.to_string().starts_with("states.tsv:2:"), "{e}");
        let e = build(&[(
            "offices.tsv",
            "person_id\tcountry\toffice\trole\tstart\tend\n\n# x\np\tFRA\thead_of_state\tGOV\t2020-13-01\t\n",
        )])
        .unwrap_err();
        assert!(e.to_string().starts_with("offices.tsv:4:"), "{e}");
    }
}
