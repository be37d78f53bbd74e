//! Resolution tests driven by tests/resolve_cases.tsv (sentences written for
//! these tests): each expectation names a surface string and what the
//! matcher must say about it.

use rasad_actors::{Catalogue, Match};

fn slice(s: &str, start: usize, end: usize) -> String {
    s.chars().skip(start).take(end - start).collect()
}

fn check(cat: &Catalogue, sentence: &str, exp: &str) -> Result<(), String> {
    let matches = cat.matcher().find(sentence);
    let found = |surface: &str| -> Option<&Match> {
        matches
            .iter()
            .find(|m| slice(sentence, m.start, m.end) == surface)
    };
    let listing = || {
        matches
            .iter()
            .map(|m| {
                format!(
                    "{}={:?}/{:?}",
                    slice(sentence, m.start, m.end),
                    m.codes(),
                    m.agent()
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    if let Some(surface) = exp.strip_prefix('!') {
        if found(surface).is_some_and(|m| !m.weak) {
            return Err(format!(
                "`{surface}` should not match strongly; got {}",
                listing()
            ));
        }
        return Ok(());
    }
    if let Some(surface) = exp.strip_prefix('~') {
        return match found(surface) {
            Some(m) if m.weak => Ok(()),
            _ => Err(format!(
                "`{surface}` should be a weak match; got {}",
                listing()
            )),
        };
    }
    if let Some(surface) = exp.strip_suffix('?') {
        return match found(surface) {
            Some(m) if m.ambiguity.is_some() => Ok(()),
            _ => Err(format!(
                "`{surface}` should be ambiguous; got {}",
                listing()
            )),
        };
    }
    let (surface, want) = exp
        .split_once('=')
        .ok_or_else(|| format!("bad expectation `{exp}`"))?;
    let (code, agent) = match want.split_once('@') {
        Some((c, a)) => (c, Some(a)),
        None => (want, None),
    };
    let Some(m) = found(surface) else {
        return Err(format!("no match for `{surface}`; got {}", listing()));
    };
    if !code.is_empty() && !m.codes().contains(&code) {
        return Err(format!("`{surface}` codes {:?}, want {code}", m.codes()));
    }
    if let Some(a) = agent {
        if !m.entries.iter().any(|e| e.agent.as_deref() == Some(a)) {
            return Err(format!("`{surface}` agent {:?}, want {a}", m.agent()));
        }
    }
    Ok(())
}

#[test]
fn resolution_cases() {
    let cat = Catalogue::load_embedded().expect("catalogue loads");
    let text = include_str!("resolve_cases.tsv");
    let mut failures = Vec::new();
    let mut checked = 0;
    for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let Some((sentence, exps)) = line.split_once('\t') else {
            continue;
        };
        for exp in exps.split(';').map(str::trim).filter(|e| !e.is_empty()) {
            checked += 1;
            if let Err(e) = check(&cat, sentence, exp) {
                failures.push(format!("{sentence}\n    {e}"));
            }
        }
    }
    assert!(checked >= 80, "only {checked} expectations read");
    assert!(
        failures.is_empty(),
        "{} of {checked} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
