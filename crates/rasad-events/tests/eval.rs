//! Evaluation arithmetic on a tiny hand-written GSR-format file, and the
//! dev-set targets when the shared GSR files are present.

use std::path::PathBuf;

use rasad_doc::{Event, Modality, Participant, Span};
use rasad_events::{parse_gsr, Coder, EvalReport};

fn part(actor: Option<&str>, agent: Option<&str>) -> Participant {
    Participant {
        text: "x".into(),
        start: 0,
        end: 1,
        actor: actor.map(str::to_string),
        agent: agent.map(str::to_string),
        person: None,
    }
}

fn event(kind: &str, src: Option<Participant>, tgt: Option<Participant>, conf: f32) -> Event {
    Event {
        r#type: kind.into(),
        cameo: None,
        trigger: part(None, None),
        source: src,
        target: tgt,
        date: None,
        date_text: None,
        location: None,
        sentence: Span::new(0, 1),
        negated: false,
        modality: Modality::Asserted,
        confidence: conf,
    }
}

#[test]
fn parses_the_gsr_format() {
    let gold = parse_gsr(include_str!("data/mini_gsr.xml"), "mini").unwrap();
    assert_eq!(gold.len(), 3);
    assert_eq!(gold[0].category, "ASSAULT");
    assert_eq!(gold[0].date.as_deref(), Some("2015-09-30"));
    assert_eq!(gold[0].source, (Some("RUS".into()), Some("MIL".into())));
    assert_eq!(gold[0].target, (Some("SYR".into()), None));
    assert_eq!(gold[2].source, (None, None));
    assert!(gold[2].text.contains("الخبز & الوقود"), "{}", gold[2].text);
    assert!(parse_gsr("<Sentences></Sentences>", "empty").is_err());
}

#[test]
fn report_arithmetic() {
    let gold = parse_gsr(include_str!("data/mini_gsr.xml"), "mini").unwrap();
    let mut r = EvalReport::default();
    // m1: two ASSAULT events; the more confident one is scored.
    r.add(
        &gold[0],
        &[
            event("ASSAULT", Some(part(Some("FRA"), Some("MIL"))), None, 0.3),
            event(
                "ASSAULT",
                Some(part(Some("RUS"), Some("MIL"))),
                Some(part(Some("TUR"), None)),
                0.8,
            ),
        ],
    );
    // m2: right category, source country right, agent wrong.
    r.add(
        &gold[1],
        &[event(
            "PROTEST",
            Some(part(Some("EGY"), Some("OPP"))),
            None,
            0.5,
        )],
    );
    // m3: missed, an ASSAULT instead.
    r.add(&gold[2], &[event("ASSAULT", None, None, 0.5)]);
    assert_eq!((r.recall.correct, r.recall.total), (2, 3));
    assert_eq!((r.source_country.correct, r.source_country.total), (2, 2));
    assert_eq!((r.source_agent.correct, r.source_agent.total), (1, 2));
    assert_eq!((r.target_country.correct, r.target_country.total), (0, 1));
    assert_eq!((r.target_agent.correct, r.target_agent.total), (0, 1));
    assert_eq!(r.events, 4);
    assert!((r.events_per_sentence() - 4.0 / 3.0).abs() < 1e-9);
    assert_eq!(
        r.confusion.get(&("PROTEST".into(), "ASSAULT".into())),
        Some(&1)
    );
    assert_eq!(r.recall_by_category["PROTEST"].total, 2);
    // Every wrongly scored slot is listed, one per failed count.
    let wrong = (r.source_country.total - r.source_country.correct)
        + (r.source_agent.total - r.source_agent.correct)
        + (r.target_country.total - r.target_country.correct)
        + (r.target_agent.total - r.target_agent.correct);
    assert_eq!(r.misses.len(), wrong);
    let m = r
        .misses
        .iter()
        .find(|m| m.slot == "target country")
        .expect("target country miss listed");
    assert_eq!(m.id, gold[0].id);
    assert_eq!(m.ours, "TUR");
    assert!(m.to_string().contains(&gold[0].text), "{m}");
    let shown = r.to_string();
    assert!(
        shown.contains("category recall      0.667 (2/3)"),
        "{shown}"
    );
}

#[test]
fn end_to_end_on_mini_file() {
    let coder = Coder::new().unwrap();
    let resolver = rasad_mentions::Resolver::new().unwrap();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/mini_gsr.xml");
    let r = rasad_events::evaluate(&[path], &coder, &resolver).unwrap();
    assert_eq!(r.sentences, 3);
    // Gold gives source countries for m1 and m2, a target country for m1.
    assert_eq!(r.source_country.total, 2);
    assert_eq!(r.target_country.total, 1);
    // m1 and m2 are plain ASSAULT / PROTEST sentences; m3 has no event.
    assert_eq!(r.recall.correct, 2);
    assert_eq!(r.source_country.correct, 2);
    assert!(r.confusion.contains_key(&("PROTEST".into(), "NONE".into())));
}

#[test]
fn dev_gsr_targets() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/up-arabic-gsr");
    let paths: Vec<PathBuf> = [
        "arabic_assault_gsr_validation_dev.xml",
        "arabic_protest_gsr_validation_dev.xml",
    ]
    .iter()
    .map(|f| dir.join(f))
    .collect();
    if !paths.iter().all(|p| p.exists()) {
        eprintln!("skipping dev_gsr_targets: {} not found", dir.display());
        return;
    }
    let coder = Coder::new().unwrap();
    let resolver = rasad_mentions::Resolver::new().unwrap();
    let r = rasad_events::evaluate(&paths, &coder, &resolver).unwrap();
    eprintln!("{r}");
    assert!(r.recall.value() >= 0.85, "category recall {}", r.recall);
    // Each file on its own: at most 1.5 events per sentence, and the
    // protest source country (protesters of the place's country) holds.
    for p in &paths {
        let r = rasad_events::evaluate(std::slice::from_ref(p), &coder, &resolver).unwrap();
        assert!(
            r.events_per_sentence() <= 1.5,
            "{}: events/sentence {}",
            p.display(),
            r.events_per_sentence()
        );
        if p.display().to_string().contains("protest") {
            assert!(
                r.source_country.value() >= 0.88,
                "protest source country {}",
                r.source_country
            );
            assert!(
                r.target_country.value() >= 0.75,
                "protest target country {}",
                r.target_country
            );
        } else {
            assert!(
                r.source_country.value() >= 0.60 && r.target_country.value() >= 0.69,
                "assault source / target country {} / {}",
                r.source_country,
                r.target_country
            );
        }
    }
}

#[test]
fn actor_codes_scored_as_cameo_countries() {
    let resolver = rasad_mentions::Resolver::without_ner().unwrap();
    let c = |code: &str| rasad_events::cameo_country(&resolver, code.to_string());
    // A state is itself; a national group its home state; an IGO is IGO;
    // a transnational armed group IMG; an unknown code is kept.
    assert_eq!(c("FRA"), "FRA");
    assert_eq!(c("HAMAS"), "PSE");
    assert_eq!(c("UN"), "IGO");
    assert_eq!(c("AQ"), "IMG");
    // CAMEO codes some actors otherwise (data/events/cameo_country.tsv).
    assert_eq!(c("TALIBAN"), "IMG");
    assert_eq!(c("KRG"), "KUR");
    assert_eq!(c("NOT_A_CODE"), "NOT_A_CODE");
}
