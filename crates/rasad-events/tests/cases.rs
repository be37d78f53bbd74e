//! Data-driven event coding cases (tests/data/cases.tsv): each body goes
//! through rasad-text sentences, rasad-mentions and the coder, and every
//! expectation must be met by some event.

use rasad_doc::{Event, Modality, Participant};
use rasad_events::Coder;

fn slot_ok(want: &str, got: &Option<Participant>) -> bool {
    match (want, got) {
        ("*", _) => true,
        ("-", g) => g.is_none(),
        (_, None) => false,
        (w, Some(p)) => {
            let (a, g) = w.split_once(':').unwrap_or((w, "*"));
            // `?` = no country code / no agent.
            (a == "*" || (a == "?" && p.actor.is_none()) || p.actor.as_deref() == Some(a))
                && (g == "*" || (g == "?" && p.agent.is_none()) || p.agent.as_deref() == Some(g))
        }
    }
}

fn modality(s: &str) -> Option<Modality> {
    Some(match s {
        "asserted" => Modality::Asserted,
        "planned" => Modality::Planned,
        "reported" => Modality::Reported,
        "hypothetical" => Modality::Hypothetical,
        _ => return None,
    })
}

fn matches(want: &[&str], e: &Event) -> bool {
    let neg = match want[3] {
        "yes" => e.negated,
        "no" => !e.negated,
        _ => true,
    };
    let m = modality(want[4]).is_none_or(|m| m == e.modality);
    let date = want[5] == "*" || e.date.as_deref() == Some(want[5]);
    let loc = match want[6] {
        "*" => true,
        "-" => e.location.is_none(),
        t => e.location.as_ref().is_some_and(|l| l.text.contains(t)),
    };
    e.r#type == want[0]
        && slot_ok(want[1], &e.source)
        && slot_ok(want[2], &e.target)
        && neg
        && m
        && date
        && loc
}

fn show(e: &Event) -> String {
    let p = |x: &Option<Participant>| {
        x.as_ref().map_or("-".into(), |p| {
            format!(
                "{}:{}",
                p.actor.as_deref().unwrap_or("?"),
                p.agent.as_deref().unwrap_or("?")
            )
        })
    };
    format!(
        "{} [{}] {} -> {} neg={} {:?} {:?}/{:?} loc={:?}",
        e.r#type,
        e.trigger.text,
        p(&e.source),
        p(&e.target),
        e.negated,
        e.modality,
        e.date,
        e.date_text,
        e.location.as_ref().map(|l| l.text.clone())
    )
}

#[test]
fn cases_tsv() {
    let coder = Coder::new().expect("coder loads");
    let resolver = rasad_mentions::Resolver::new().expect("resolver loads");
    let data = include_str!("data/cases.tsv");
    let mut failures = Vec::new();
    let mut n = 0;
    for (i, line) in data.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 4, "cases.tsv:{}: expected 4 columns", i + 1);
        n += 1;
        let date = (cols[1] != "-").then_some(cols[1]);
        let body = cols[2];
        let sentences = rasad_text::sentences(body);
        let mentions = resolver.mentions(body, &sentences, date);
        let events = coder.events(body, &sentences, &mentions, date);
        for e in &events {
            assert!(e.trigger.start < e.trigger.end && e.trigger.end <= body.chars().count());
            assert!((0.0..=1.0).contains(&e.confidence));
        }
        for want in cols[3].split(';') {
            let ok = if let Some(t) = want.strip_prefix('!') {
                !events.iter().any(|e| e.r#type == t && !e.negated)
            } else if let Some(c) = want.strip_prefix('=') {
                // `=TYPE:n`: exactly n non-negated events of TYPE.
                let (t, n) = c.split_once(':').unwrap_or((c, ""));
                let n: usize = n
                    .parse()
                    .unwrap_or_else(|_| panic!("cases.tsv:{}: bad count {want}", i + 1));
                events
                    .iter()
                    .filter(|e| e.r#type == t && !e.negated)
                    .count()
                    == n
            } else {
                let w: Vec<&str> = want.split('|').collect();
                assert_eq!(w.len(), 7, "cases.tsv:{}: bad expectation {want}", i + 1);
                events.iter().any(|e| matches(&w, e))
            };
            if !ok {
                let got: Vec<String> = events.iter().map(show).collect();
                failures.push(format!(
                    "{} ({}): want {want}\n    got {:?}",
                    cols[0],
                    i + 1,
                    got
                ));
            }
        }
    }
    assert!(n >= 40, "only {n} cases");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn odd_input_never_panics() {
    let coder = Coder::new().unwrap();
    let body = "قصفت\u{0651}\u{0640} روسيا،،، «»() على على مع\n\u{200d}هاجم 5 . لم لن سيلتقي";
    let sentences = rasad_text::sentences(body);
    // Mentions out of range or overlapping must be tolerated.
    let bogus = rasad_doc::Mention {
        text: "x".into(),
        start: 3,
        end: 500,
        kind: "LOC".into(),
        actor: Some("RUS".into()),
        agent: None,
        person: None,
        alternatives: Vec::new(),
    };
    for s in [
        vec![],
        sentences.clone(),
        vec![
            rasad_doc::Span { start: 40, end: 2 },
            rasad_doc::Span::new(0, 9999),
        ],
    ] {
        let evs = coder.events(body, &s, std::slice::from_ref(&bogus), Some("bad-date"));
        for e in evs {
            assert!(e.trigger.end <= body.chars().count());
        }
    }
    assert!(coder.events("", &[], &[], None).is_empty());
}
