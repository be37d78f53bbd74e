//! Data-driven cases: tests/data/quotes.txt and tests/data/claims.txt.
//!
//! Format: cases start with `== id`; `body:` lines (joined by `\n`),
//! `mention: text[@n] | KIND | actor | agent | person` (the n-th occurrence
//! of text, 1 by default; `-` = none), then the expected records, which must
//! be exactly the ones extracted, in order:
//! `quote: kind | text | speaker text | speaker actor` and
//! `claim: value | unit | approx|exact | text | source text` (`-` = none).

use rasad_claims::{attach, Extractor};
use rasad_doc::{offsets, Claim, Event, Mention, Modality, Participant, Quote, Span};

#[derive(Default, Debug)]
struct Case {
    id: String,
    line: usize,
    body: Vec<String>,
    mentions: Vec<Vec<String>>,
    quotes: Vec<Vec<String>>,
    claims: Vec<Vec<String>>,
}

fn fields(s: &str) -> Vec<String> {
    s.split('|').map(|f| f.trim().to_string()).collect()
}

fn parse(text: &str) -> Vec<Case> {
    let mut out: Vec<Case> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(id) = line.strip_prefix("== ") {
            out.push(Case {
                id: id.trim().to_string(),
                line: i + 1,
                ..Case::default()
            });
            continue;
        }
        let case = out.last_mut().expect("a line before the first `== id`");
        let (tag, rest) = line.split_once(':').expect("tag: value");
        match tag {
            "body" => case.body.push(rest.trim().to_string()),
            "mention" => case.mentions.push(fields(rest)),
            "quote" => case.quotes.push(fields(rest)),
            "claim" => case.claims.push(fields(rest)),
            other => panic!("line {}: unknown tag {other}", i + 1),
        }
    }
    out
}

fn opt(s: &str) -> Option<String> {
    (s != "-").then(|| s.to_string())
}

/// Char span of the n-th occurrence of `needle` in `body`.
fn find(body: &str, needle: &str, nth: usize) -> Option<(usize, usize)> {
    let chars: Vec<char> = body.chars().collect();
    let pat: Vec<char> = needle.chars().collect();
    let mut seen = 0;
    for s in 0..chars.len().saturating_sub(pat.len() - 1) {
        if chars[s..s + pat.len()] == pat[..] {
            seen += 1;
            if seen == nth {
                return Some((s, s + pat.len()));
            }
        }
    }
    None
}

fn mentions(case: &Case, body: &str) -> Vec<Mention> {
    case.mentions
        .iter()
        .map(|f| {
            let (text, nth) = match f[0].rsplit_once('@') {
                Some((t, n)) => (t, n.parse().expect("@n")),
                None => (f[0].as_str(), 1),
            };
            let (start, end) = find(body, text, nth)
                .unwrap_or_else(|| panic!("{}: mention `{text}` not in body", case.id));
            Mention {
                text: text.to_string(),
                start,
                end,
                kind: f[1].clone(),
                actor: f.get(2).and_then(|s| opt(s)),
                agent: f.get(3).and_then(|s| opt(s)),
                person: f.get(4).and_then(|s| opt(s)),
                alternatives: vec![],
            }
        })
        .collect()
}

fn check_span(body: &str, text: &str, start: usize, end: usize, what: &str, id: &str) {
    assert!(start <= end, "{id}: {what} span reversed");
    assert_eq!(
        offsets::slice(body, start, end),
        text,
        "{id}: {what} offsets"
    );
}

fn check_participant(body: &str, p: &Option<Participant>, what: &str, id: &str) {
    if let Some(p) = p {
        check_span(body, &p.text, p.start, p.end, what, id);
    }
}

fn run(case: &Case, ex: &Extractor) -> (String, Vec<Quote>, Vec<Claim>) {
    let body = case.body.join("\n");
    let sentences = rasad_text::sentences(&body);
    let ms = mentions(case, &body);
    let quotes = ex.quotes(&body, &sentences, &ms);
    let claims = ex.claims(&body, &sentences, &ms, &quotes);
    let one_pass = ex.quotes_and_claims(&body, &sentences, &ms);
    assert_eq!(
        one_pass,
        (quotes.clone(), claims.clone()),
        "{}: one pass",
        case.id
    );
    for q in &quotes {
        check_span(&body, &q.text, q.start, q.end, "quote", &case.id);
        check_participant(&body, &q.speaker, "speaker", &case.id);
        check_participant(&body, &q.cue, "cue", &case.id);
        assert!(q.sentence.start <= q.sentence.end && q.sentence.end <= body.chars().count());
    }
    for c in &claims {
        check_span(&body, &c.text, c.start, c.end, "claim", &case.id);
        check_participant(&body, &c.source, "source", &case.id);
        assert!(c.event.is_none(), "{}: event is attach()'s job", case.id);
    }
    (body, quotes, claims)
}

fn render_quote(q: &Quote) -> String {
    let sp = q.speaker.as_ref();
    format!(
        "{} | {} | {} | {}",
        q.kind,
        q.text,
        sp.map_or("-", |p| p.text.as_str()),
        sp.and_then(|p| p.actor.as_deref()).unwrap_or("-")
    )
}

fn render_claim(c: &Claim) -> String {
    format!(
        "{} | {} | {} | {} | {}",
        c.value,
        c.unit,
        if c.approximate { "approx" } else { "exact" },
        c.text,
        c.source.as_ref().map_or("-", |p| p.text.as_str())
    )
}

fn run_file(path: &str, quotes_file: bool) -> (usize, usize) {
    let text = std::fs::read_to_string(path).expect("test data file");
    let ex = Extractor::new().expect("embedded data parses");
    let cases = parse(&text);
    let mut failures = Vec::new();
    let mut records = 0;
    for case in &cases {
        let (_, quotes, claims) = run(case, &ex);
        let (got, want): (Vec<String>, Vec<String>) = if quotes_file {
            (
                quotes.iter().map(render_quote).collect(),
                case.quotes.iter().map(|f| f.join(" | ")).collect(),
            )
        } else {
            (
                claims.iter().map(render_claim).collect(),
                case.claims.iter().map(|f| f.join(" | ")).collect(),
            )
        };
        records += want.len();
        if got != want {
            failures.push(format!(
                "{} (line {}):\n  want: {:#?}\n  got:  {:#?}",
                case.id, case.line, want, got
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    (cases.len(), records)
}

#[test]
fn quote_cases() {
    let (cases, records) = run_file(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/quotes.txt"),
        true,
    );
    assert!(cases >= 25, "only {cases} quote cases");
    assert!(records >= 20, "only {records} expected quotes");
}

#[test]
fn claim_cases() {
    let (cases, records) = run_file(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/claims.txt"),
        false,
    );
    assert!(cases >= 35, "only {cases} claim cases");
    assert!(records >= 30, "only {records} expected claims");
}

fn event(trigger: (usize, usize), sentence: Span) -> Event {
    Event {
        r#type: "ASSAULT".into(),
        cameo: None,
        trigger: Participant {
            text: String::new(),
            start: trigger.0,
            end: trigger.1,
            actor: None,
            agent: None,
            person: None,
        },
        source: None,
        target: None,
        date: None,
        date_text: None,
        location: None,
        sentence,
        negated: false,
        modality: Modality::Asserted,
        confidence: 0.5,
    }
}

#[test]
fn attach_picks_nearest_trigger_in_sentence() {
    let ex = Extractor::new().unwrap();
    let body = "شنت الطائرات 7 غارات على المدينة وأسفرت عن مقتل 12 شخصا. وفر 300 لاجئ.";
    let sentences = rasad_text::sentences(body);
    assert_eq!(sentences.len(), 2);
    let mut claims = ex.claims(body, &sentences, &[], &[]);
    let units: Vec<&str> = claims.iter().map(|c| c.unit.as_str()).collect();
    assert_eq!(units, ["airstrike", "killed", "refugee"]);
    let shanna = find(body, "شنت", 1).unwrap();
    let asfarat = find(body, "أسفرت", 1).unwrap();
    let events = vec![event(asfarat, sentences[0]), event(shanna, sentences[0])];
    attach(&mut claims, &events);
    assert_eq!(claims[0].event, Some(1));
    assert_eq!(claims[1].event, Some(0));
    assert_eq!(claims[2].event, None, "no event in the second sentence");
}

/// Deterministic junk: no panics, offsets valid.
#[test]
fn claims_read_their_own_body_not_the_last_one() {
    // claims() reuses the tokens of the last quotes() body only when the
    // text is the same; another body must be read afresh.
    let ex = Extractor::new().unwrap();
    let a = "قال الوزير إن 40 منزلا دمرت.";
    let b = "وقتل 12 شخصا في الهجوم وأصيب ثلاثة آخرون.";
    let sa = rasad_text::sentences(a);
    let sb = rasad_text::sentences(b);
    let _ = ex.quotes(a, &sa, &[]);
    let after_a = ex.claims(b, &sb, &[], &[]);
    let fresh = Extractor::new().unwrap().claims(b, &sb, &[], &[]);
    assert_eq!(after_a, fresh);
    assert!(after_a.iter().any(|c| c.value == 12.0), "{after_a:?}");
    assert!(after_a.iter().all(|c| c.value != 40.0), "{after_a:?}");
}

#[test]
fn junk_never_panics() {
    let ex = Extractor::new().unwrap();
    let alphabet: Vec<char> =
        "قال إن«»“”\"  ١٢3,.٫٬%٪-–:/\nأنحو مقتل ألف آلاف عشرات الـ\u{064E}\u{0640}\u{200F}xF"
            .chars()
            .collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for round in 0..400 {
        let len = (round % 60) + 1;
        let mut s = String::new();
        for _ in 0..len {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            s.push(alphabet[(seed % alphabet.len() as u64) as usize]);
        }
        let n = s.chars().count();
        let sentences = rasad_text::sentences(&s);
        // Mentions with wild offsets are ignored, not trusted.
        let bogus = vec![Mention {
            text: "x".into(),
            start: n / 2,
            end: n + 5,
            kind: "PERS".into(),
            actor: None,
            agent: None,
            person: None,
            alternatives: vec![],
        }];
        let bad_sentences = vec![Span {
            start: 3,
            end: n + 9,
        }];
        for (sents, ms) in [(&sentences, &bogus), (&bad_sentences, &vec![])] {
            let quotes = ex.quotes(&s, sents, ms);
            let claims = ex.claims(&s, sents, ms, &quotes);
            for q in &quotes {
                assert_eq!(offsets::slice(&s, q.start, q.end), q.text);
            }
            for c in &claims {
                assert_eq!(offsets::slice(&s, c.start, c.end), c.text);
                assert!(c.value.is_finite());
            }
        }
    }
}

/// The seed articles, when present: no panics and exact offsets (their
/// content is not asserted: rasad is judged on unseen articles).
#[test]
fn seeds_offsets_when_present() {
    let dir = std::path::Path::new("/work/shared/seeds");
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("skipping: {} not found", dir.display());
        return;
    };
    let ex = Extractor::new().unwrap();
    let mut n = 0;
    for e in entries.flatten() {
        let Ok(body) = std::fs::read_to_string(e.path()) else {
            continue;
        };
        let sentences = rasad_text::sentences(&body);
        let quotes = ex.quotes(&body, &sentences, &[]);
        let claims = ex.claims(&body, &sentences, &[], &quotes);
        for q in &quotes {
            assert_eq!(offsets::slice(&body, q.start, q.end), q.text);
        }
        for c in &claims {
            assert_eq!(offsets::slice(&body, c.start, c.end), c.text);
        }
        n += 1;
    }
    eprintln!("checked {n} seed files");
}
