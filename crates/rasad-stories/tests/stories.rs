//! Clustering, fusion, briefs and disputes on hand-written documents.

mod common;

use common::{doc, rows};
use rasad_doc::Document;
use rasad_stories::{analyze, batch_order, brief, fuse, Clusterer, Options};
use std::collections::{BTreeMap, BTreeSet};

struct Fixture {
    docs: Vec<Document>,
    label: BTreeMap<String, String>,
    copy_of: BTreeMap<String, String>,
}

fn articles() -> Fixture {
    let mut f = Fixture {
        docs: Vec::new(),
        label: BTreeMap::new(),
        copy_of: BTreeMap::new(),
    };
    for (line, c) in rows("articles.tsv") {
        assert_eq!(c.len(), 8, "articles.tsv:{line}: expected 8 columns");
        let mut d = doc(&c[0]).outlet(&c[1]).title(&c[6]).body(&c[7]);
        if c[2] != "-" {
            d = d.date(&c[2]);
        }
        if c[5] != "-" {
            for a in c[5].split(',') {
                d = d.mention(a);
            }
        }
        f.label.insert(c[0].clone(), c[3].clone());
        if c[4] != "-" {
            f.copy_of.insert(c[0].clone(), c[4].clone());
        }
        f.docs.push(d.build());
    }
    f
}

/// Story of each document id, as partition labels.
fn partition(stories: &[rasad_doc::Story]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for s in stories {
        for d in &s.documents {
            out.insert(d.clone(), s.id.clone());
        }
    }
    out
}

#[test]
fn fixture_articles_cluster_as_labelled() {
    let f = articles();
    let (stories, _, _) = analyze(&f.docs);
    let got = partition(&stories);
    assert_eq!(got.len(), f.docs.len(), "every document is in one story");
    for a in &f.docs {
        for b in &f.docs {
            let same_expected = f.label[&a.id] == f.label[&b.id];
            let same_got = got[&a.id] == got[&b.id];
            assert_eq!(
                same_expected, same_got,
                "{} vs {}: expected same story = {same_expected}",
                a.id, b.id
            );
        }
    }
    let labels: BTreeSet<&String> = f.label.values().collect();
    assert_eq!(stories.len(), labels.len());
}

#[test]
fn syndicated_copies_are_grouped_and_counted_once() {
    let f = articles();
    let (stories, _, _) = analyze(&f.docs);
    let groups: Vec<&Vec<String>> = stories.iter().flat_map(|s| &s.duplicates).collect();
    for (copy, original) in &f.copy_of {
        assert!(
            groups
                .iter()
                .any(|g| g.contains(copy) && g.contains(original)),
            "{copy} should be grouped with {original}: {groups:?}"
        );
    }
    // No other documents are grouped as copies.
    let grouped: usize = groups.iter().map(|g| g.len()).sum();
    assert_eq!(grouped, f.copy_of.len() * 2);

    // Counted once: an event reported only by an article and its copy is
    // single-source; one more outlet makes it agreed.
    let copy_id = f.copy_of.keys().next().expect("fixture has a copy");
    let original_id = &f.copy_of[copy_id];
    let mut docs: Vec<Document> = f.docs.clone();
    for d in &mut docs {
        if d.id == *copy_id || d.id == *original_id {
            d.events = doc("x")
                .event(
                    "RETREAT",
                    Some("SAU"),
                    None,
                    Some("2016-02-01"),
                    false,
                    Some("SAU"),
                )
                .build()
                .events;
        }
    }
    let (stories, fused, _) = analyze(&docs);
    let story = stories
        .iter()
        .find(|s| s.documents.contains(original_id))
        .expect("story");
    assert_eq!(fused.len(), 1);
    assert_eq!(story.events, vec![fused[0].id.clone()]);
    assert!(story.agreed.is_empty(), "{:?}", story.agreed);
    assert_eq!(story.single_source.len(), 1);
    assert_eq!(story.single_source[0].documents.len(), 2);
    let other = story
        .documents
        .iter()
        .find(|d| *d != copy_id && *d != original_id)
        .expect("third member")
        .clone();
    for d in &mut docs {
        if d.id == other {
            d.events = doc("x")
                .event(
                    "RETREAT",
                    Some("SAU"),
                    None,
                    Some("2016-02-02"),
                    false,
                    Some("SAU"),
                )
                .build()
                .events;
        }
    }
    let (stories, _, _) = analyze(&docs);
    let story = stories
        .iter()
        .find(|s| s.documents.contains(original_id))
        .expect("story");
    assert_eq!(story.agreed.len(), 1, "{:?}", story.single_source);
    assert_eq!(story.agreed[0].documents.len(), 3);
}

#[test]
fn shared_actor_does_not_join_different_happenings() {
    let f = articles();
    let (stories, _, _) = analyze(&f.docs);
    let got = partition(&stories);
    // Both mention SAU; the fixture labels them apart.
    assert_ne!(got["flood-1"], got["trade-1"]);
    // Even with identical resolved actors and events on both sides.
    let mut docs = f.docs.clone();
    for d in &mut docs {
        if d.id == "flood-1" || d.id == "trade-1" {
            d.mentions.truncate(1);
            d.events = doc("x")
                .event(
                    "CONSULT",
                    Some("SAU"),
                    Some("JPN"),
                    Some("2016-02-01"),
                    false,
                    None,
                )
                .build()
                .events;
        }
    }
    let got = partition(&analyze(&docs).0);
    assert_ne!(got["flood-1"], got["trade-1"]);
}

#[test]
fn article_outside_window_starts_a_new_story() {
    let f = articles();
    let get = |id: &str| f.docs.iter().find(|d| d.id == id).expect(id).clone();
    // A new round of floods a month later: same words, no events to vouch
    // for it, so the gap fades its similarity below the threshold. (It was
    // 18 days later when the window was a hard 7 days; text this close now
    // bridges about two and a half weeks, so the fixture moved it.)
    let mut late = get("flood-late");
    let mut c = Clusterer::new(Options::default());
    let first = c.add(&get("flood-1"));
    c.add(&get("flood-2"));
    let a = c.add(&late);
    assert!(a.new_story, "32 days after the last report: new story");
    assert_ne!(a.story, first.story);

    // The same late article joins when moved inside the window.
    late.published = Some("2016-02-08".into());
    let mut c = Clusterer::new(Options::default());
    c.add(&get("flood-1"));
    c.add(&get("flood-2"));
    let a = c.add(&late);
    assert!(!a.new_story, "six days after the last report: same story");
    assert_eq!(a.story, first.story);

    // A wider window lets the original date join too.
    late.published = Some("2016-03-05".into());
    let mut c = Clusterer::new(Options {
        window_days: 40,
        ..Options::default()
    });
    c.add(&get("flood-1"));
    assert!(!c.add(&late).new_story);
}

#[test]
fn incremental_add_equals_batch() {
    let f = articles();
    let (batch, _, _) = analyze(&f.docs);
    let mut c = Clusterer::new(Options::default());
    let mut assigned = BTreeMap::new();
    for i in batch_order(&f.docs) {
        let a = c.add(&f.docs[i]);
        assigned.insert(f.docs[i].id.clone(), a.story.clone());
        // The view after each step holds exactly the documents so far.
        let n: usize = c.stories().iter().map(|s| s.documents.len()).sum();
        assert_eq!(n, assigned.len());
    }
    let inc = c.stories();
    assert_eq!(inc.len(), batch.len());
    for (a, b) in inc.iter().zip(&batch) {
        assert_eq!(
            (&a.id, &a.title, &a.documents, &a.duplicates),
            (&b.id, &b.title, &b.documents, &b.duplicates)
        );
        assert_eq!((&a.start, &a.end, &a.actors), (&b.start, &b.end, &b.actors));
    }
    assert_eq!(partition(&inc), assigned);
}

#[test]
fn story_fields_dates_title_actors() {
    let f = articles();
    let (stories, _, _) = analyze(&f.docs);
    let trade = stories
        .iter()
        .find(|s| s.documents.iter().any(|d| d == "trade-1"))
        .expect("trade story");
    assert_eq!(trade.start.as_deref(), Some("2016-02-01"));
    assert_eq!(
        trade.end.as_deref(),
        Some("2016-02-03"),
        "the undated article does not move the dates"
    );
    let titles: Vec<&str> = f
        .docs
        .iter()
        .filter(|d| trade.documents.contains(&d.id))
        .filter_map(|d| d.title.as_deref())
        .collect();
    assert!(titles.contains(&trade.title.as_str()));
    // JPN is in all three trade articles, SAU in two of three.
    assert_eq!(trade.actors[0].actor, "JPN");
    assert!((trade.actors[0].weight - 1.0).abs() < 1e-9);
    assert_eq!(trade.actors[1].actor, "SAU");
    assert!((trade.actors[1].weight - 2.0 / 3.0).abs() < 1e-9);
    // The copy does not count twice in the flood story's actor weights.
    let flood = stories
        .iter()
        .find(|s| s.documents.iter().any(|d| d == "flood-1"))
        .expect("flood");
    assert_eq!(flood.actors.len(), 1);
    assert!((flood.actors[0].weight - 1.0).abs() < 1e-9);
}

#[test]
fn raid_reported_by_three_outlets_fuses() {
    let body = "غارة";
    let a = doc("raid-a")
        .outlet("أ")
        .body(body)
        .event(
            "ASSAULT",
            Some("ISIL"),
            Some("IRQ"),
            Some("2016-03-10"),
            false,
            Some("IRQ"),
        )
        .build();
    let b = doc("raid-b")
        .outlet("ب")
        .body(body)
        .event(
            "ASSAULT",
            Some("ISIL"),
            Some("IRQ"),
            Some("2016-03-11"),
            false,
            Some("IRQ"),
        )
        .build();
    let c = doc("raid-c")
        .outlet("ج")
        .body(body)
        .event(
            "ASSAULT",
            Some("ISIL"),
            Some("IRQ"),
            Some("2016-03-09"),
            false,
            None,
        )
        // Another happening: ten days later.
        .event(
            "ASSAULT",
            Some("ISIL"),
            Some("IRQ"),
            Some("2016-03-20"),
            false,
            Some("IRQ"),
        )
        .build();
    let d = doc("raid-d")
        .outlet("د")
        .body(body)
        // Another country, a denial, another type: three more happenings.
        .event(
            "ASSAULT",
            Some("ISIL"),
            Some("IRQ"),
            Some("2016-03-10"),
            false,
            Some("SYR"),
        )
        .event(
            "ASSAULT",
            Some("ISIL"),
            Some("IRQ"),
            Some("2016-03-10"),
            false,
            Some("IRQ"),
        )
        .negated()
        .event(
            "COERCE",
            Some("ISIL"),
            Some("IRQ"),
            Some("2016-03-10"),
            false,
            Some("IRQ"),
        )
        .build();
    let fused = fuse(&[&a, &b, &c, &d]);
    assert_eq!(fused.len(), 5, "{fused:#?}");
    let raid = fused
        .iter()
        .find(|f| f.reports.len() == 3)
        .expect("one fused raid");
    assert_eq!(raid.documents, vec!["raid-a", "raid-b", "raid-c"]);
    assert_eq!(
        (raid.date.as_deref(), raid.date_end.as_deref()),
        (Some("2016-03-09"), Some("2016-03-11"))
    );
    assert_eq!(raid.location.as_deref(), Some("IRQ"));
    assert_eq!(
        (raid.source.as_deref(), raid.target.as_deref()),
        (Some("ISIL"), Some("IRQ"))
    );
    let total: usize = fused.iter().map(|f| f.reports.len()).sum();
    assert_eq!(total, 7, "every event is in exactly one fused event");
    // Document order does not change the result.
    assert_eq!(fuse(&[&d, &c, &b, &a]), fused);
}

#[test]
fn symmetric_types_fuse_either_way_round() {
    let a = doc("m1")
        .event(
            "CONSULT",
            Some("FRA"),
            Some("DEU"),
            Some("2016-05-02"),
            false,
            None,
        )
        .build();
    let b = doc("m2")
        .event(
            "CONSULT",
            Some("DEU"),
            Some("FRA"),
            Some("2016-05-02"),
            false,
            None,
        )
        .build();
    let c = doc("m3")
        .event(
            "ASSAULT",
            Some("FRA"),
            Some("DEU"),
            Some("2016-05-02"),
            false,
            None,
        )
        .build();
    let d = doc("m4")
        .event(
            "ASSAULT",
            Some("DEU"),
            Some("FRA"),
            Some("2016-05-02"),
            false,
            None,
        )
        .build();
    let fused = fuse(&[&a, &b, &c, &d]);
    assert_eq!(fused.len(), 3);
    assert!(fused
        .iter()
        .any(|f| f.r#type == "CONSULT" && f.documents == ["m1", "m2"]));
}

/// Two outlets reporting one attack, each with one killed figure.
fn attack_pair(
    text_a: &str,
    va: f64,
    ap_a: bool,
    text_b: &str,
    vb: f64,
    ap_b: bool,
) -> Vec<Document> {
    let mk = |id: &str, outlet: &str, text: &str, v: f64, ap: bool| {
        let body = format!("{text} في الهجوم على المسرح");
        doc(id)
            .outlet(outlet)
            .date("2015-11-14")
            .body(&body)
            .event(
                "ASSAULT",
                Some("ISIL"),
                Some("FRA"),
                Some("2015-11-13"),
                false,
                Some("FRA"),
            )
            .claim(v, "killed", ap, Some(0), text, 0)
            .build()
    };
    vec![
        mk("q-a", "أ", text_a, va, ap_a),
        mk("q-b", "ب", text_b, vb, ap_b),
    ]
}

fn disputes_of(docs: &[Document]) -> Vec<rasad_doc::Dispute> {
    // Brief the pair as one story, whatever clustering would say of such
    // short bodies.
    let refs: Vec<&Document> = docs.iter().collect();
    let fused = fuse(&refs);
    let mut story = analyze(&docs[..1]).0.remove(0);
    story.documents = docs.iter().map(|d| d.id.clone()).collect();
    brief(&mut story, &refs, &fused)
}

#[test]
fn killed_129_vs_130_is_a_dispute_listing_both_documents() {
    let docs = attack_pair("129 قتيلا", 129.0, false, "130 قتيلا", 130.0, false);
    let d = disputes_of(&docs);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].kind, "quantity");
    assert_eq!(d[0].about, "killed (ASSAULT in FRA, 2015-11-13)");
    let values: Vec<(&str, &Vec<String>)> = d[0]
        .values
        .iter()
        .map(|v| (v.value.as_str(), &v.documents))
        .collect();
    assert_eq!(
        values,
        vec![
            ("129", &vec!["q-a".to_string()]),
            ("130", &vec!["q-b".to_string()])
        ]
    );
    assert!(d[0].event.is_some());
}

#[test]
fn quantity_cases_from_fixture() {
    for (line, c) in rows("quantities.tsv") {
        assert_eq!(c.len(), 7, "quantities.tsv:{line}");
        let num = |s: &str| {
            s.parse::<f64>()
                .unwrap_or_else(|e| panic!("quantities.tsv:{line}: {e}"))
        };
        let docs = attack_pair(
            &c[0],
            num(&c[1]),
            c[2] == "true",
            &c[3],
            num(&c[4]),
            c[5] == "true",
        );
        let got = disputes_of(&docs)
            .iter()
            .filter(|d| d.kind == "quantity")
            .count();
        let want = match c[6].as_str() {
            "dispute" => 1,
            "none" => 0,
            other => panic!("quantities.tsv:{line}: bad expectation {other}"),
        };
        assert_eq!(got, want, "quantities.tsv:{line}: {} vs {}", c[0], c[3]);
    }
}

#[test]
fn different_unit_or_unlinked_claims() {
    // Different units are different quantities.
    let mut docs = attack_pair("129 قتيلا", 129.0, false, "130 جريحا", 130.0, false);
    docs[1].claims[0].unit = "wounded".into();
    assert!(disputes_of(&docs).is_empty());

    // A claim with no event link is anchored to the event of its sentence.
    let mut docs = attack_pair("129 قتيلا", 129.0, false, "130 قتيلا", 130.0, false);
    docs[1].claims[0].event = None;
    docs[1].events[0].sentence = rasad_doc::Span::new(0, 30);
    assert_eq!(disputes_of(&docs).len(), 1);

    // …and not compared when its document has no event near it.
    docs[1].events[0].sentence = rasad_doc::Span::new(5000, 5030);
    assert!(disputes_of(&docs).is_empty());

    // One outlet contradicting itself is not a dispute between sources.
    let mut docs = attack_pair("129 قتيلا", 129.0, false, "130 قتيلا", 130.0, false);
    docs[1].source_name = Some("أ".into());
    assert!(disputes_of(&docs).is_empty());
}

#[test]
fn equal_figures_from_two_outlets_are_agreed() {
    let docs = attack_pair("129 قتيلا", 129.0, false, "129 قتيلا", 129.0, false);
    let refs: Vec<&Document> = docs.iter().collect();
    let fused = fuse(&refs);
    let mut story = analyze(&docs[..1]).0.remove(0);
    assert!(brief(&mut story, &refs, &fused).is_empty());
    let whats: Vec<&str> = story.agreed.iter().map(|a| a.what.as_str()).collect();
    assert!(
        whats.contains(&"killed: 129 (ASSAULT in FRA, 2015-11-13)"),
        "{whats:?}"
    );
    assert!(
        whats.contains(&"ASSAULT: ISIL → FRA in FRA, 2015-11-13"),
        "{whats:?}"
    );
    assert!(story.single_source.is_empty());
}

#[test]
fn conflicting_stated_dates_are_a_date_dispute() {
    let mk = |id: &str, outlet: &str, date: &str, stated: bool| {
        doc(id)
            .outlet(outlet)
            .body("انفجار")
            .event(
                "ASSAULT",
                None,
                Some("TUR"),
                Some(date),
                stated,
                Some("TUR"),
            )
            .build()
    };
    let docs = [
        mk("d1", "أ", "2016-06-28", true),
        mk("d2", "ب", "2016-06-29", true),
        mk("d3", "ج", "2016-06-28", true),
    ];
    let d = disputes_of(&docs);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].kind, "date");
    assert_eq!(d[0].values.len(), 2);
    assert_eq!(d[0].values[0].value, "2016-06-28");
    assert_eq!(d[0].values[0].documents, ["d1", "d3"]);
    assert_eq!(d[0].values[1].documents, ["d2"]);

    // Dates that only come from publication dates are not stated: no dispute.
    let docs = [
        mk("d1", "أ", "2016-06-28", false),
        mk("d2", "ب", "2016-06-29", false),
    ];
    assert!(disputes_of(&docs).is_empty());

    // One outlet giving two dates for one happening is not a dispute.
    let two = doc("d1")
        .outlet("أ")
        .body("انفجار")
        .event(
            "ASSAULT",
            None,
            Some("TUR"),
            Some("2016-06-28"),
            true,
            Some("TUR"),
        )
        .event(
            "ASSAULT",
            None,
            Some("TUR"),
            Some("2016-06-29"),
            true,
            Some("TUR"),
        )
        .build();
    assert!(disputes_of(&[two]).is_empty());
}

#[test]
fn quoted_counts_speakers_per_document() {
    let d = doc("qq")
        .outlet("أ")
        .body("قال")
        .quote("المتحدث", Some("UN"))
        .quote("المتحدث", Some("UN"))
        .quote("وزير", None)
        .build();
    let mut story = analyze(std::slice::from_ref(&d)).0.remove(0);
    brief(&mut story, &[&d], &[]);
    assert_eq!(story.quoted.len(), 2);
    let un = story
        .quoted
        .iter()
        .find(|q| q.actor.as_deref() == Some("UN"))
        .expect("UN speaker");
    assert_eq!(
        (un.quotes, un.speaker.as_deref(), un.source_name.as_deref()),
        (2, Some("المتحدث"), Some("أ"))
    );
}

#[test]
fn odd_inputs_do_not_panic() {
    let docs = vec![
        doc("empty").build(),
        doc("bad-date").date("not a date").body("كلمة").build(),
        doc("emoji")
            .date("2016-01-01")
            .body("🙂🙂 ... ؟؟ 123")
            .title("")
            .build(),
        doc("claim-out-of-range")
            .body("قصير")
            .claim(5.0, "killed", true, Some(9), "خمسة", 10_000)
            .build(),
        doc("same-id").body("نص أول").build(),
        doc("same-id").body("نص أول").build(),
    ];
    let (stories, fused, _) = analyze(&docs);
    let n: usize = stories.iter().map(|s| s.documents.len()).sum();
    assert_eq!(n, docs.len());
    assert!(fused.is_empty());
    assert!(stories
        .iter()
        .all(|s| s.start.is_none() || s.start.as_deref() == Some("2016-01-01")));
}

/// The articles of `developing.tsv` (ids, with their expected labels).
fn developing() -> (Vec<Document>, BTreeMap<String, String>) {
    let mut docs = Vec::new();
    let mut label = BTreeMap::new();
    let opt = |s: &str| (s != "-").then(|| s.to_string());
    for (line, c) in rows("developing.tsv") {
        assert_eq!(c.len(), 8, "developing.tsv:{line}: expected 8 columns");
        let mut d = doc(&c[0])
            .outlet(&c[1])
            .date(&c[2])
            .title(&c[6])
            .body(&c[7]);
        for a in c[4].split(',').filter(|a| *a != "-") {
            d = d.mention(a);
        }
        for e in c[5].split(';').filter(|e| *e != "-") {
            let f: Vec<&str> = e.split(':').collect();
            assert_eq!(f.len(), 5, "developing.tsv:{line}: event {e}");
            let (src, tgt, date, country) = (opt(f[1]), opt(f[2]), opt(f[3]), opt(f[4]));
            d = d.event(
                f[0],
                src.as_deref(),
                tgt.as_deref(),
                date.as_deref(),
                false,
                country.as_deref(),
            );
        }
        label.insert(c[0].clone(), c[3].clone());
        docs.push(d.build());
    }
    (docs, label)
}

#[test]
fn story_developing_over_weeks_stays_one_story() {
    let (all, label) = developing();
    let (echo, docs): (Vec<Document>, Vec<Document>) =
        all.into_iter().partition(|d| label[&d.id] == "echo");
    let (stories, _, _) = analyze(&docs);
    let got = partition(&stories);
    for a in &docs {
        for b in &docs {
            assert_eq!(
                label[&a.id] == label[&b.id],
                got[&a.id] == got[&b.id],
                "{} vs {}",
                a.id,
                b.id
            );
        }
    }
    // Reports 17 and 15 days after the previous round join: the gap is to
    // the story's nearest date, and actors and events vouch for the text.
    let dam = stories
        .iter()
        .find(|s| s.documents.iter().any(|d| d == "dam-1"))
        .expect("dam story");
    assert_eq!(dam.documents.len(), 5, "{:?}", dam.documents);
    assert_eq!(
        (dam.start.as_deref(), dam.end.as_deref()),
        (Some("2016-03-01"), Some("2016-04-05"))
    );
    // A hard one-week limit (the former rule) splits it at each gap.
    let week = Options {
        max_gap_days: 7,
        ..Options::default()
    };
    let got = partition(&rasad_stories::analyze_with(&docs, week).0);
    assert_ne!(got["dam-1"], got["dam-4"]);
    assert_ne!(got["dam-4"], got["dam-5"]);

    // Text alone holds across days, not across weeks: the commentary joins
    // two days after the last report but not five weeks after it.
    let mut echo = echo.into_iter().next().expect("echo article");
    let place = |echo: &Document| {
        let mut c = Clusterer::new(Options::default());
        for i in batch_order(&docs) {
            c.add(&docs[i]);
        }
        c.add(echo)
    };
    let near = place(&echo);
    assert!(!near.new_story, "two days after the last report");
    assert_eq!(near.story, dam.id);
    echo.published = Some("2016-05-10".into());
    let far = place(&echo);
    assert!(far.new_story, "35 days after the last report, text only");

    // Beyond the hard limit nothing joins, however strong the overlap: a
    // second copy of the latest round's report, 66 days later.
    let mut again = docs
        .iter()
        .find(|d| d.id == "dam-4")
        .expect("dam-4")
        .clone();
    again.id = "dam-4-again".into();
    again.published = Some("2016-06-10".into());
    for e in &mut again.events {
        e.date = Some("2016-06-10".into());
    }
    let late = place(&again);
    assert!(late.new_story, "66 days after the last report");
    // …while at 20 days it still joins (it is the story's own text).
    again.published = Some("2016-04-25".into());
    for e in &mut again.events {
        e.date = Some("2016-04-25".into());
    }
    let a = place(&again);
    assert!(
        !a.new_story,
        "20 days after the last report, fully corroborated"
    );
    assert_eq!(a.duplicate_of, None, "copies must be within the window");
}

/// Shift a `YYYY-MM-DD` date by whole months (day kept), for test copies.
fn later(date: &str, months: u32) -> String {
    let (y, rest) = date.split_at(4);
    let y: u32 = y.parse().expect("year");
    let m: u32 = rest[1..3].parse().expect("month");
    let total = (m - 1) + months;
    format!("{:04}-{:02}{}", y + total / 12, total % 12 + 1, &rest[3..])
}

#[test]
fn big_batch_equals_one_by_one() {
    // Enough documents for `analyze` to use its helper thread: the
    // fixtures again and again, each round four months later (beyond the 60-day limit).
    let (dev, _) = developing();
    let base: Vec<Document> = articles().docs.into_iter().chain(dev).collect();
    let mut docs = Vec::new();
    for round in 0..8u32 {
        for d in &base {
            let mut d = d.clone();
            d.id = format!("{}#{round}", d.id);
            d.published = d.published.as_deref().map(|p| later(p, round * 4));
            for e in &mut d.events {
                e.date = e.date.as_deref().map(|p| later(p, round * 4));
            }
            docs.push(d);
        }
    }
    assert!(docs.len() >= 100, "{}", docs.len());
    let (stories, fused, disputes) = analyze(&docs);
    let mut c = Clusterer::new(Options::default());
    for i in batch_order(&docs) {
        c.add(&docs[i]);
    }
    let serial = c.stories();
    assert_eq!(serial.len(), stories.len());
    let mut again = Vec::new();
    for (a, b) in serial.iter().zip(&stories) {
        assert_eq!(
            (&a.id, &a.documents, &a.title),
            (&b.id, &b.documents, &b.title)
        );
        let mut a = a.clone();
        let members: Vec<&Document> = a
            .documents
            .iter()
            .map(|id| docs.iter().find(|d| d.id == *id).expect("member"))
            .collect();
        again.extend(brief(&mut a, &members, &fused));
        assert_eq!(a, *b);
    }
    assert_eq!(again, disputes);
    // Rounds are four months apart: no story spans two of them.
    for s in &stories {
        let rounds: BTreeSet<&str> = s
            .documents
            .iter()
            .filter_map(|d| d.split('#').nth(1))
            .collect();
        let dated = s.documents.iter().all(|d| {
            let id = d.split('#').next().unwrap_or("");
            id != "trade-3"
        });
        if dated {
            assert_eq!(rounds.len(), 1, "{:?}", s.documents);
        }
    }
}

/// A target that is only the place an attack happened in (same words as
/// its location) is where, not whom: the fused event has no target, so the
/// network gets no tie with the country the strikes fell in.
#[test]
fn a_place_as_target_is_the_location_not_a_party() {
    let mut d = doc("p1")
        .event(
            "ASSAULT",
            Some("RUS"),
            Some("SYR"),
            Some("2016-05-02"),
            false,
            Some("SYR"),
        )
        .build();
    let e = &mut d.events[0];
    let place = (40, 45);
    e.target.as_mut().unwrap().start = place.0;
    e.target.as_mut().unwrap().end = place.1;
    e.location.as_mut().unwrap().start = place.0;
    e.location.as_mut().unwrap().end = place.1;
    let mut named = d.clone();
    named.id = "p2".into();
    named.events[0].target.as_mut().unwrap().start = 10;
    named.events[0].target.as_mut().unwrap().end = 15;
    let fused = fuse(&[&d]);
    assert_eq!(fused.len(), 1);
    assert_eq!(fused[0].target, None);
    assert_eq!(fused[0].location.as_deref(), Some("SYR"));
    let fused = fuse(&[&named]);
    assert_eq!(
        fused[0].target.as_deref(),
        Some("SYR"),
        "a named target stays"
    );
}
