//! Data-driven resolution cases (tests/data/cases.tsv) and invariants over
//! the seed articles when they are present.

use std::sync::OnceLock;

use rasad_doc::{offsets, Mention};
use rasad_mentions::Resolver;

fn resolver() -> &'static Resolver {
    static R: OnceLock<Resolver> = OnceLock::new();
    R.get_or_init(|| match Resolver::new() {
        Ok(r) => r,
        Err(e) => {
            // The model file may be mid-retraining; the catalogue path must still work.
            eprintln!("NER unavailable ({e}); testing without it, ner_* cases skipped");
            Resolver::without_ner().expect("catalogue and lexicon load")
        }
    })
}

fn run(body: &str, date: Option<&str>) -> Vec<Mention> {
    let sents = rasad_text::sentences(body);
    resolver().mentions(body, &sents, date)
}

fn field_ok(want: &str, got: Option<&str>) -> bool {
    match want {
        "*" => true,
        "-" => got.is_none(),
        w => got == Some(w),
    }
}

fn show(m: &Mention) -> String {
    let alts: Vec<String> = m
        .alternatives
        .iter()
        .map(|a| {
            format!(
                "{}:{}:{}",
                a.kind,
                a.actor.as_deref().unwrap_or("-"),
                a.agent.as_deref().unwrap_or("-")
            )
        })
        .collect();
    format!(
        "«{}»[{}..{}] {} actor={} agent={} person={} alts=[{}]",
        m.text,
        m.start,
        m.end,
        m.kind,
        m.actor.as_deref().unwrap_or("-"),
        m.agent.as_deref().unwrap_or("-"),
        m.person.as_deref().unwrap_or("-"),
        alts.join(",")
    )
}

/// Alternatives spec `K:A:G,K:A:G` against a mention's alternatives (order-insensitive).
fn alts_ok(spec: &str, m: &Mention) -> bool {
    if spec == "*" {
        return true;
    }
    if spec == "-" {
        return m.alternatives.is_empty();
    }
    let want: Vec<&str> = spec.split(',').collect();
    want.len() == m.alternatives.len()
        && want.iter().all(|w| {
            let p: Vec<&str> = w.split(':').collect();
            p.len() == 3
                && m.alternatives.iter().any(|a| {
                    a.kind == p[0]
                        && field_ok(p[1], a.actor.as_deref())
                        && field_ok(p[2], a.agent.as_deref())
                })
        })
}

fn check_invariants(body: &str, ms: &[Mention]) -> Result<(), String> {
    let n = body.chars().count();
    let mut prev_end = 0;
    for m in ms {
        if m.start >= m.end || m.end > n {
            return Err(format!("bad span {}", show(m)));
        }
        if offsets::slice(body, m.start, m.end) != m.text {
            return Err(format!("text is not the body slice: {}", show(m)));
        }
        if m.start < prev_end {
            return Err(format!("overlap or unsorted at {}", show(m)));
        }
        prev_end = m.end;
        if m.kind.is_empty() {
            return Err(format!("no kind: {}", show(m)));
        }
    }
    Ok(())
}

#[test]
fn cases_tsv() {
    let data = include_str!("data/cases.tsv");
    let mut failures = Vec::new();
    let mut cases = 0;
    let mut checks = 0;
    for (ln, line) in data.lines().enumerate() {
        if line.starts_with('#') || line.starts_with("id\t") || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 4, "cases.tsv:{}: expected 4 columns", ln + 1);
        cases += 1;
        if f[0].starts_with("ner_") && !resolver().has_ner() {
            continue;
        }
        let date = (f[1] != "-").then_some(f[1]);
        let ms = run(f[2], date);
        if let Err(e) = check_invariants(f[2], &ms) {
            failures.push(format!("{}: invariant: {e}", f[0]));
        }
        for exp in f[3].split(';') {
            checks += 1;
            if let Some(t) = exp.strip_prefix('!') {
                if ms.iter().any(|m| m.text == t) {
                    failures.push(format!("{}: unexpected mention «{t}»", f[0]));
                }
                continue;
            }
            let p: Vec<&str> = exp.split('|').collect();
            assert!(
                p.len() == 5 || p.len() == 6,
                "cases.tsv:{}: bad expectation {exp}",
                ln + 1
            );
            let found = ms.iter().find(|m| m.text == p[0]);
            let ok = found.is_some_and(|m| {
                m.kind == p[1]
                    && field_ok(p[2], m.actor.as_deref())
                    && field_ok(p[3], m.agent.as_deref())
                    && field_ok(p[4], m.person.as_deref())
                    && alts_ok(p.get(5).copied().unwrap_or("*"), m)
            });
            if !ok {
                let got: Vec<String> = ms.iter().map(show).collect();
                failures.push(format!(
                    "{} [{}]: want {exp}\n    got: {}",
                    f[0],
                    ln + 1,
                    got.join("\n         ")
                ));
            }
        }
    }
    assert!(cases >= 40, "only {cases} cases");
    eprintln!(
        "{cases} cases, {checks} expectations, {} failures",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn hostile_inputs_keep_invariants() {
    let inputs = [
        "",
        " ",
        "و",
        "لل",
        "«»،.؟!",
        "البلدين",
        "نظيره الروسي",
        "في باريس",
        "الرئيس",
        "ب\u{0651}باريس\u{200C}",
        "مرحبا 😀 بالعالم — Paris ويليام",
        "الرئيس الرئيس الرئيس الفرنسي الفرنسي",
    ];
    for body in inputs {
        let ms = run(body, Some("2015-01-01"));
        check_invariants(body, &ms).unwrap_or_else(|e| panic!("{body:?}: {e}"));
        // Bad dates and bad sentence spans must not panic either.
        let _ = resolver().mentions(body, &[rasad_doc::Span::new(0, 999)], Some("not a date"));
        let _ = resolver().mentions(body, &[rasad_doc::Span { start: 3, end: 1 }], None);
    }
}

#[test]
fn seeds_invariants() {
    let dir = std::path::Path::new("/work/shared/seeds");
    let Ok(rd) = std::fs::read_dir(dir) else {
        eprintln!("seeds_invariants: {} absent, skipped", dir.display());
        return;
    };
    let mut paths: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let mut total = 0;
    for p in paths {
        let Ok(body) = std::fs::read_to_string(&p) else {
            continue;
        };
        let t = std::time::Instant::now();
        let ms = run(&body, None);
        let el = t.elapsed();
        check_invariants(&body, &ms).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        for m in &ms {
            assert!(
                m.actor.is_some() || m.agent.is_some() || !m.kind.is_empty(),
                "{}: empty mention {}",
                p.display(),
                show(m)
            );
        }
        total += ms.len();
        if std::env::var_os("RASAD_MENTIONS_DUMP").is_some() {
            for m in &ms {
                eprintln!("  {}", show(m));
            }
        }
        let mut codes: std::collections::BTreeMap<String, usize> = Default::default();
        for m in &ms {
            if let Some(a) = &m.actor {
                *codes.entry(a.clone()).or_default() += 1;
            }
        }
        let list: Vec<String> = codes.iter().map(|(c, n)| format!("{c}×{n}")).collect();
        eprintln!(
            "{}: {} chars, {} mentions in {:?}; actors: {}",
            p.file_name().and_then(|f| f.to_str()).unwrap_or("?"),
            body.chars().count(),
            ms.len(),
            el,
            list.join(" ")
        );
    }
    eprintln!("seeds: {total} mentions");
}

#[test]
fn repeated_text_scales_linearly() {
    // The same paragraphs repeated: mention count must scale exactly, and
    // the time per char is printed for the lead.
    let data = include_str!("data/cases.tsv");
    let para: Vec<&str> = data
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("id\t"))
        .filter_map(|l| l.split('\t').nth(2))
        .collect();
    let one = para.join("\n");
    let four = [one.as_str(); 4].join("\n");
    let _ = resolver(); // load outside the timing
    let t1 = std::time::Instant::now();
    let m1 = run(&one, Some("2016-01-01"));
    let e1 = t1.elapsed();
    let t4 = std::time::Instant::now();
    let m4 = run(&four, Some("2016-01-01"));
    let e4 = t4.elapsed();
    check_invariants(&four, &m4).unwrap_or_else(|e| panic!("{e}"));
    // Pair words may resolve differently only at the seams between copies.
    let diff = (m4.len() as i64 - 4 * m1.len() as i64).abs();
    assert!(diff <= 3, "1x: {} mentions, 4x: {}", m1.len(), m4.len());
    eprintln!(
        "throughput (debug build): 1x {} chars in {:?}, 4x {} chars in {:?}",
        one.chars().count(),
        e1,
        four.chars().count(),
        e4
    );
}
