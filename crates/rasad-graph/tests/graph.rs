//! The network, balance and rendering mechanism on fused events built by
//! hand (not from the seed articles).

use rasad_doc::{EventRef, FusedEvent, Relation};
use rasad_graph::{
    allies_of_allies, balance, frustration_index, network, parse_date, render_dot, render_graphml,
    render_svg, Options, Weights,
};

fn ev(ty: &str, source: &str, target: &str, date: Option<&str>, negated: bool) -> FusedEvent {
    FusedEvent {
        id: format!("{ty}-{source}-{target}-{}", date.unwrap_or("x")),
        r#type: ty.to_string(),
        cameo: None,
        source: Some(source.to_string()),
        source_agent: None,
        target: Some(target.to_string()),
        target_agent: None,
        date: date.map(str::to_string),
        date_end: date.map(str::to_string),
        location: None,
        negated,
        reports: vec![EventRef {
            document: "d1".into(),
            index: 0,
        }],
        documents: vec!["d1".into()],
    }
}

fn weights() -> Weights {
    Weights::embedded().expect("embedded weights parse")
}

fn rel<'a>(rels: &'a [Relation], a: &str, b: &str) -> Option<&'a Relation> {
    rels.iter().find(|r| r.a == a && r.b == b)
}

fn names(code: &str) -> String {
    match code {
        "FRA" => "France".into(),
        "RUS" => "Russia".into(),
        "SYR" => "Syria".into(),
        "ISIL" => "Islamic State".into(),
        other => other.into(),
    }
}

fn labels(code: &str) -> (String, String) {
    match code {
        "FRA" => ("فرنسا".into(), "France".into()),
        "RUS" => ("روسيا".into(), "Russia".into()),
        "SYR" => ("سوريا".into(), "Syria".into()),
        "ISIL" => ("تنظيم الدولة".into(), "Islamic State".into()),
        "USA" => ("الولايات المتحدة".into(), "United States".into()),
        other => (String::new(), other.into()),
    }
}

/// FRA+RUS, RUS+SYR, FRA−SYR, and ISIL attacked by / attacking FRA and RUS.
fn scenario() -> Vec<FusedEvent> {
    vec![
        ev("AGREE", "FRA", "RUS", Some("2015-11-20"), false),
        ev("COOPERATE", "RUS", "FRA", Some("2015-11-22"), false),
        ev("AID", "RUS", "SYR", Some("2015-10-01"), false),
        ev("ACCUSE", "FRA", "SYR", Some("2015-11-01"), false),
        ev("SANCTION", "FRA", "SYR", Some("2015-09-01"), false),
        ev("ASSAULT", "ISIL", "FRA", Some("2015-11-13"), false),
        ev("ASSAULT", "FRA", "ISIL", Some("2015-11-15"), false),
        ev("ASSAULT", "RUS", "ISIL", Some("2015-11-17"), false),
    ]
}

#[test]
fn ties_are_undirected_signed_and_summed() {
    let rels = network(&scenario(), &weights(), &Options::default());
    let w = weights();
    let fr = rel(&rels, "FRA", "RUS").expect("FRA-RUS tie");
    assert_eq!(fr.sign, 1);
    assert_eq!(fr.events, 2);
    let expected = w.get("AGREE").unwrap_or(0.0) + w.get("COOPERATE").unwrap_or(0.0);
    assert!(
        (fr.weight - expected).abs() < 1e-6,
        "{} vs {expected}",
        fr.weight
    );
    assert_eq!(fr.first.as_deref(), Some("2015-11-20"));
    assert_eq!(fr.last.as_deref(), Some("2015-11-22"));
    // ISIL is negative to both France and Russia; the pair is stored sorted.
    assert_eq!(rel(&rels, "FRA", "ISIL").map(|r| r.sign), Some(-1));
    assert_eq!(rel(&rels, "ISIL", "RUS").map(|r| r.sign), Some(-1));
    assert!(rels.iter().all(|r| r.a < r.b));
    let mut sorted = rels.clone();
    sorted.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
    assert_eq!(rels, sorted);
    assert_eq!(rels.len(), 5);
}

#[test]
fn mixed_tie_takes_the_sign_of_its_sum() {
    let w = weights();
    let events = vec![
        ev("CONSULT", "USA", "RUS", Some("2015-01-01"), false),
        ev("THREATEN", "USA", "RUS", Some("2015-01-02"), false),
    ];
    let rels = network(&events, &w, &Options::default());
    let r = rel(&rels, "RUS", "USA").expect("tie");
    let sum = w.get("CONSULT").unwrap_or(0.0) + w.get("THREATEN").unwrap_or(0.0);
    assert!(sum < 0.0);
    assert_eq!(r.sign, -1);
    assert!((r.weight - sum.abs()).abs() < 1e-6);
    assert_eq!(r.events, 2);
}

#[test]
fn negated_self_loops_unknown_types_and_missing_actors_are_skipped() {
    let mut no_target = ev("AID", "FRA", "RUS", Some("2015-01-01"), false);
    no_target.target = None;
    let mut blank_source = ev("AID", "FRA", "RUS", Some("2015-01-01"), false);
    blank_source.source = Some("  ".into());
    let events = vec![
        ev("AGREE", "FRA", "SYR", Some("2015-01-01"), true),
        ev("ASSAULT", "FRA", "FRA", Some("2015-01-01"), false),
        ev("STATEMENT", "FRA", "RUS", Some("2015-01-01"), false),
        no_target,
        blank_source,
    ];
    assert!(network(&events, &weights(), &Options::default()).is_empty());
    // A negated cooperation does not soften an existing conflict either.
    let events = vec![
        ev("ACCUSE", "FRA", "SYR", Some("2015-01-01"), false),
        ev("AID", "FRA", "SYR", Some("2015-01-02"), true),
    ];
    let rels = network(&events, &weights(), &Options::default());
    assert_eq!(rels.len(), 1);
    assert_eq!(rels[0].sign, -1);
    assert_eq!(rels[0].events, 1);
}

#[test]
fn time_slice_ignores_later_events_and_decays_old_ones() {
    let w = weights();
    let aid = w.get("AID").unwrap_or(0.0);
    let events = vec![
        ev("AID", "FRA", "SYR", Some("2015-01-01"), false),
        ev("AID", "FRA", "SYR", Some("2015-01-31"), false),
        // After the slice: must not count.
        ev("ASSAULT", "FRA", "SYR", Some("2015-02-02"), false),
        ev("ASSAULT", "FRA", "SYR", Some("2015-02-03"), false),
        // Undated: cannot be placed in a slice.
        ev("ASSAULT", "FRA", "SYR", None, false),
    ];
    let opts = Options {
        at: parse_date("2015-01-31"),
        half_life_days: 30.0,
        ..Options::default()
    };
    let rels = network(&events, &w, &opts);
    let r = rel(&rels, "FRA", "SYR").expect("tie");
    assert_eq!(r.sign, 1);
    assert_eq!(r.events, 2);
    // 30 days old at a 30-day half-life: half weight; same-day: full.
    assert!((r.weight - (aid + aid * 0.5)).abs() < 1e-6, "{}", r.weight);
    assert_eq!(r.last.as_deref(), Some("2015-01-31"));

    // Without decay the old event weighs as much as the new one.
    let flat = network(
        &events,
        &w,
        &Options {
            at: parse_date("2015-01-31"),
            ..Options::default()
        },
    );
    assert!((flat[0].weight - 2.0 * aid).abs() < 1e-6);

    // A window drops the old event entirely.
    let windowed = network(
        &events,
        &w,
        &Options {
            at: parse_date("2015-01-31"),
            window_days: Some(10),
            ..Options::default()
        },
    );
    assert_eq!(windowed[0].events, 1);
    assert_eq!(windowed[0].first.as_deref(), Some("2015-01-31"));

    // Slicing later lets the assaults in and the tie turns negative.
    let later = network(
        &events,
        &w,
        &Options {
            at: parse_date("2015-03-01"),
            ..Options::default()
        },
    );
    assert_eq!(later[0].sign, -1);
    assert_eq!(later[0].events, 4);
    assert_eq!(later[0].last.as_deref(), Some("2015-02-03"));
}

#[test]
fn unsliced_decay_is_measured_from_the_newest_event() {
    let w = weights();
    let events = vec![
        ev("ACCUSE", "FRA", "RUS", Some("2014-01-01"), false),
        ev("CONSULT", "FRA", "RUS", Some("2015-01-01"), false),
    ];
    // ACCUSE (-2) outweighs CONSULT (+1) without decay…
    let flat = network(&events, &w, &Options::default());
    assert_eq!(flat[0].sign, -1);
    // …but a year-old accusation at a 60-day half-life has faded.
    let decayed = network(
        &events,
        &w,
        &Options {
            half_life_days: 60.0,
            ..Options::default()
        },
    );
    assert_eq!(decayed[0].sign, 1);
    assert!(decayed[0].weight < w.get("CONSULT").unwrap_or(0.0));
}

#[test]
fn actor_filter_keeps_the_induced_subnetwork() {
    let opts = Options {
        actors: Some(vec!["FRA".into(), "RUS".into(), "ISIL".into()]),
        ..Options::default()
    };
    let rels = network(&scenario(), &weights(), &opts);
    assert_eq!(rels.len(), 3);
    assert!(rels.iter().all(|r| r.a != "SYR" && r.b != "SYR"));
}

#[test]
fn ally_of_ally_enemy_triangle_is_unbalanced_with_explanation() {
    let rels = network(&scenario(), &weights(), &Options::default());
    let (triads, bal) = balance(&rels, &names);
    let t = triads
        .iter()
        .find(|t| {
            let mut a = t.actors.clone();
            a.sort();
            a == ["FRA", "RUS", "SYR"]
        })
        .expect("FRA/RUS/SYR triad");
    assert!(!t.balanced);
    assert_eq!(t.actors, ["FRA", "RUS", "SYR"]);
    assert_eq!(t.signs, [1, 1, -1]);
    assert!(
        t.explanation
            .starts_with("FRA+RUS, RUS+SYR, FRA−SYR: the ally of my ally is my enemy"),
        "{}",
        t.explanation
    );
    assert!(t
        .explanation
        .contains("Russia is allied with both France and Syria"));
    // FRA+RUS against a common enemy ISIL: balanced, enemy's enemy.
    let isil = triads
        .iter()
        .find(|t| t.actors.contains(&"ISIL".to_string()))
        .expect("ISIL triad");
    assert!(isil.balanced);
    assert_eq!(isil.actors[1], "ISIL", "the common enemy is the pivot");
    assert!(isil
        .explanation
        .contains("the enemy of my enemy is my friend"));
    assert_eq!(bal.triads, 2);
    assert_eq!(bal.unbalanced, 1);
    assert!((bal.frustration - 0.5).abs() < 1e-12);
}

fn r(a: &str, b: &str, sign: i8) -> Relation {
    Relation {
        a: a.into(),
        b: b.into(),
        sign,
        weight: 1.0,
        events: 1,
        first: None,
        last: None,
    }
}

#[test]
fn frustration_arithmetic_and_all_negative_triads() {
    // K4 on A,B,C,D; three negatives around A–B–C, D allied to all.
    let rels = vec![
        r("A", "B", -1),
        r("B", "C", -1),
        r("A", "C", -1),
        r("A", "D", 1),
        r("B", "D", 1),
        r("C", "D", 1),
    ];
    let (triads, bal) = balance(&rels, &|c: &str| c.to_string());
    assert_eq!(bal.triads, 4);
    // ABC: −−− unbalanced; ABD, ACD, BCD: one negative each, unbalanced.
    assert_eq!(bal.unbalanced, 4);
    assert!((bal.frustration - 1.0).abs() < 1e-12);
    let abc = triads
        .iter()
        .find(|t| !t.actors.contains(&"D".to_string()))
        .expect("ABC");
    assert_eq!(abc.signs, [-1, -1, -1]);
    assert!(abc
        .explanation
        .ends_with("three mutual enemies (A, B and C are all at odds)"));
    assert!(abc.explanation.starts_with("A−B, B−C, A−C"));
    // Ties missing a sign form no triad; an empty network has zero frustration.
    let (t, b) = balance(&rels[..2], &|c: &str| c.to_string());
    assert!(t.is_empty());
    assert_eq!(b.frustration, 0.0);

    // Line index: each tie of K4 lies in two triads and all four are
    // unbalanced, so at least two flips are needed; camps {A} / {B, C, D}
    // achieve it (B−C inside a camp, A+D across).
    let fi = frustration_index(&rels).expect("small graph");
    assert_eq!(fi.flips, 2);
    assert_eq!(fi.ties.len(), 2);
    // A fully balanced network needs no flips.
    let ok = vec![r("A", "B", 1), r("B", "C", -1), r("A", "C", -1)];
    assert_eq!(frustration_index(&ok).map(|f| f.flips), Some(0));
}

#[test]
fn allies_of_allies_with_direct_sign() {
    let rels = network(&scenario(), &weights(), &Options::default());
    let got = allies_of_allies(&rels, "FRA");
    // FRA's ally RUS has allies FRA (skipped) and SYR, whom FRA opposes.
    assert_eq!(got, vec![("RUS".to_string(), "SYR".to_string(), -1)]);
    let got = allies_of_allies(&rels, "SYR");
    assert_eq!(got, vec![("RUS".to_string(), "FRA".to_string(), -1)]);
    // No tie at all to the ally's ally gives 0.
    let rels = vec![r("A", "B", 1), r("B", "C", 1), r("C", "D", 1)];
    assert_eq!(
        allies_of_allies(&rels, "A"),
        vec![("B".to_string(), "C".to_string(), 0)]
    );
    assert!(allies_of_allies(&rels, "Z").is_empty());
}

/// Minimal well-formedness check: balanced start/end tags, quoted
/// attributes, no raw `&` outside entities, one root.
fn check_xml(s: &str) -> Result<usize, String> {
    let mut stack: Vec<String> = Vec::new();
    let mut elements = 0;
    let mut roots = 0;
    let mut rest = s;
    while let Some(lt) = rest.find('<') {
        let text = &rest[..lt];
        check_entities(text)?;
        if stack.is_empty() && !text.trim().is_empty() {
            return Err(format!("text outside the root: {text:?}"));
        }
        rest = &rest[lt..];
        if rest.starts_with("<?") {
            let end = rest.find("?>").ok_or("unclosed <?")?;
            rest = &rest[end + 2..];
            continue;
        }
        if rest.starts_with("<!--") {
            let end = rest.find("-->").ok_or("unclosed comment")?;
            rest = &rest[end + 3..];
            continue;
        }
        let gt = tag_end(rest).ok_or("unclosed tag")?;
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack.pop().ok_or(format!("stray </{name}>"))?;
            if open != name.trim() {
                return Err(format!("</{name}> closes <{open}>"));
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let body = tag.trim_end_matches('/');
        let name: String = body.chars().take_while(|c| !c.is_whitespace()).collect();
        if name.is_empty() {
            return Err("empty tag name".into());
        }
        check_attributes(&body[name.len()..])?;
        if stack.is_empty() {
            roots += 1;
        }
        elements += 1;
        if !self_closing {
            stack.push(name);
        }
    }
    if !stack.is_empty() {
        return Err(format!("unclosed {stack:?}"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(elements)
}

fn tag_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"') | (None, '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

fn check_attributes(s: &str) -> Result<(), String> {
    let mut rest = s.trim();
    while !rest.is_empty() {
        let eq = rest
            .find('=')
            .ok_or(format!("attribute without value: {rest}"))?;
        let after = rest[eq + 1..].trim_start();
        let q = after.chars().next().ok_or("missing value")?;
        if q != '"' && q != '\'' {
            return Err(format!("unquoted attribute value: {after}"));
        }
        let close = after[1..].find(q).ok_or("unterminated value")?;
        let value = &after[1..1 + close];
        if value.contains('<') {
            return Err(format!("raw < in attribute {value}"));
        }
        check_entities(value)?;
        rest = after[close + 2..].trim_start();
    }
    Ok(())
}

fn check_entities(s: &str) -> Result<(), String> {
    for (i, _) in s.match_indices('&') {
        let tail = &s[i..];
        let ok = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#"]
            .iter()
            .any(|e| tail.starts_with(e));
        if !ok {
            return Err(format!("raw & in {s:?}"));
        }
    }
    Ok(())
}

#[test]
fn xml_checker_rejects_broken_documents() {
    assert!(check_xml("<a><b/></a>").is_ok());
    assert!(check_xml("<a><b></a>").is_err());
    assert!(check_xml("<a x=1/>").is_err());
    assert!(check_xml("<a>&</a>").is_err());
    assert!(check_xml("<a/><b/>").is_err());
}

#[test]
fn svg_is_well_formed_labelled_and_coloured() {
    let rels = network(&scenario(), &weights(), &Options::default());
    let (triads, _) = balance(&rels, &names);
    let svg = render_svg(&rels, &triads, &labels, "Alliance network at 2015-11-30");
    let elements = check_xml(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
    assert!(elements > 20);
    for label in [
        "فرنسا",
        "France",
        "روسيا",
        "Russia",
        "تنظيم الدولة",
        "Islamic State",
    ] {
        assert!(svg.contains(label), "missing {label}");
    }
    assert!(svg.contains(r##"stroke="#2e7d32""##), "green ties");
    assert!(svg.contains(r##"stroke="#c62828""##), "red ties");
    assert!(svg.contains(r#"direction="rtl""#));
    assert!(svg.contains("Noto Naskh Arabic"));
    assert!(svg.contains("2015-11-30"));
    // One unbalanced triad → one highlighted triangle.
    let group = svg
        .split(r#"<g id="unbalanced-triads">"#)
        .nth(1)
        .and_then(|s| s.split("</g>").next())
        .unwrap_or("");
    assert_eq!(group.matches("<polygon").count(), 1);
    // Deterministic.
    assert_eq!(
        svg,
        render_svg(&rels, &triads, &labels, "Alliance network at 2015-11-30")
    );
}

/// Parses the label boxes back out of the SVG (x, y of each text) and
/// checks that no two actors' label lines overlap.
#[test]
fn svg_labels_do_not_overlap_in_a_crowded_graph() {
    // A dense graph of 12 actors with long names.
    let codes: Vec<String> = (0..12).map(|i| format!("ACTOR{i:02}")).collect();
    let mut events = Vec::new();
    for i in 0..codes.len() {
        for j in (i + 1)..codes.len() {
            let ty = if (i + j) % 3 == 0 { "ASSAULT" } else { "AGREE" };
            events.push(ev(ty, &codes[i], &codes[j], Some("2016-01-01"), false));
        }
    }
    let rels = network(&events, &weights(), &Options::default());
    let (triads, _) = balance(&rels, &|c: &str| c.to_string());
    let long = |c: &str| {
        (
            format!("المنظمة الدولية للاختبار {c}"),
            format!("International Test Organisation {c}"),
        )
    };
    let svg = render_svg(&rels, &triads, &long, "");
    check_xml(&svg).unwrap_or_else(|e| panic!("{e}"));
    // Collect (x, y, font size, text) of actor labels.
    let mut boxes = Vec::new();
    for line in svg.lines().filter(|l| l.contains("International Test")) {
        let attr = |name: &str| -> f64 {
            line.split(&format!(" {name}=\""))
                .nth(1)
                .and_then(|s| s.split('"').next())
                .and_then(|v| v.parse().ok())
                .unwrap_or(f64::NAN)
        };
        let (x, y) = (attr("x"), attr("y"));
        // Conservative width: 0.6 em per char at 12 px.
        let text_len = "International Test Organisation ACTOR00".chars().count() as f64;
        boxes.push((x - text_len * 3.6, x + text_len * 3.6, y - 12.0, y + 2.0));
    }
    assert_eq!(boxes.len(), 12);
    for i in 0..boxes.len() {
        for j in (i + 1)..boxes.len() {
            let (a, b) = (boxes[i], boxes[j]);
            let overlap = a.0 < b.1 && b.0 < a.1 && a.2 < b.3 && b.2 < a.3;
            assert!(!overlap, "labels {i} and {j} overlap: {a:?} {b:?}");
        }
    }
}

#[test]
fn svg_escapes_hostile_labels_and_handles_empty_input() {
    let rels = vec![r("A&B", "<C>", -1)];
    let hostile = |c: &str| (format!("\"{c}\""), format!("{c} & co </text>"));
    let svg = render_svg(&rels, &[], &hostile, "x < y & z");
    check_xml(&svg).unwrap_or_else(|e| panic!("{e}"));
    let empty = render_svg(&[], &[], &labels, "");
    check_xml(&empty).unwrap_or_else(|e| panic!("{e}"));
    assert!(empty.contains("No signed ties"));
    // NaN weights must not poison the output.
    let mut bad = r("A", "B", 1);
    bad.weight = f64::NAN;
    let svg = render_svg(&[bad], &[], &labels, "");
    assert!(!svg.contains("NaN"));
}

#[test]
fn dot_is_balanced_and_carries_sign_and_weight() {
    let rels = network(&scenario(), &weights(), &Options::default());
    let (triads, _) = balance(&rels, &names);
    let dot = render_dot(&rels, &triads, &labels);
    assert!(dot.starts_with("graph rasad {"));
    assert!(dot.trim_end().ends_with('}'));
    assert_eq!(dot.matches('{').count(), dot.matches('}').count());
    assert_eq!(dot.matches(" -- ").count(), rels.len());
    // Every quote is closed on its line (escaped quotes excluded).
    for line in dot.lines() {
        let quotes = line.replace("\\\"", "").matches('"').count();
        assert_eq!(quotes % 2, 0, "unbalanced quotes: {line}");
    }
    assert!(dot.contains(r#""FRA" -- "RUS" [sign=1, weight="#));
    assert!(dot.contains(r#""FRA" -- "SYR" [sign=-1"#));
    assert!(dot.contains("unbalanced_triads=1"));
    assert!(dot.contains("label=\"فرنسا\\nFrance\""));
    let odd = render_dot(&[r("A\"B", "C\\", 1)], &[], &labels);
    assert!(odd.contains(r#""A\"B" -- "C\\""#), "{odd}");
}

#[test]
fn graphml_is_well_formed_with_typed_keys() {
    let rels = network(&scenario(), &weights(), &Options::default());
    let (triads, _) = balance(&rels, &names);
    let g = render_graphml(&rels, &triads, &labels);
    check_xml(&g).unwrap_or_else(|e| panic!("{e}"));
    assert!(g.contains(r#"<graph id="rasad" edgedefault="undirected">"#));
    assert_eq!(g.matches("<edge ").count(), rels.len());
    assert_eq!(g.matches("<node ").count(), 4);
    assert!(g.contains(r#"<key id="sign" for="edge" attr.name="sign" attr.type="int"/>"#));
    assert!(g.contains(r#"source="FRA" target="SYR"><data key="sign">-1</data>"#));
    assert!(g.contains(r#"<data key="label_ar">سوريا</data>"#));
}

#[test]
fn frustration_index_declines_large_components_and_sums_small_ones() {
    // A path of 17 actors is one component over the exact-search limit.
    let path: Vec<Relation> = (0..17)
        .map(|i| r(&format!("N{i:02}"), &format!("N{:02}", i + 1), 1))
        .collect();
    assert_eq!(frustration_index(&path), None);
    // Two separate all-negative triangles: one flip each.
    let two = vec![
        r("A", "B", -1),
        r("B", "C", -1),
        r("A", "C", -1),
        r("X", "Y", -1),
        r("Y", "Z", -1),
        r("X", "Z", -1),
    ];
    let fi = frustration_index(&two).expect("small");
    assert_eq!(fi.flips, 2);
    assert!((fi.weighted - 2.0).abs() < 1e-12);
    let (_, bal) = balance(&two, &|c: &str| c.to_string());
    assert_eq!((bal.triads, bal.unbalanced), (2, 2));
}

#[test]
fn weights_load_from_a_file_reports_file_and_line() {
    let dir = std::env::temp_dir().join(format!("rasad-graph-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("w.tsv");
    std::fs::write(&path, "type\tsign\tweight\nAID\t+\t7\nASSAULT\t-\tmany\n").expect("write");
    let e = Weights::load(&path).expect_err("bad weight");
    assert_eq!(e.line, 3);
    assert!(e.to_string().contains("w.tsv:3"));
    std::fs::write(&path, "type\tsign\tweight\nAID\t+\t7\n").expect("write");
    let w = Weights::load(&path).expect("good file");
    assert_eq!(w.get("aid"), Some(7.0));
    assert_eq!(w.get("ASSAULT"), None);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn civilians_and_the_opposition_do_not_speak_for_their_state() {
    let w = weights();
    let mut on_civilians = ev("ASSAULT", "RUS", "SYR", Some("2016-02-01"), false);
    on_civilians.target_agent = Some("CVL".into());
    let mut opposition = ev("ACCUSE", "SYR", "TUR", Some("2016-02-01"), false);
    opposition.source_agent = Some("OPP".into());
    let mut army = ev("ASSAULT", "TUR", "SYR", Some("2016-02-02"), false);
    army.source_agent = Some("MIL".into());
    army.target_agent = Some("MIL".into());
    let rels = network(&[on_civilians, opposition, army], &w, &Options::default());
    assert!(rel(&rels, "RUS", "SYR").is_none(), "{rels:?}");
    let tie = rel(&rels, "SYR", "TUR").expect("army against army is a tie");
    assert_eq!((tie.sign, tie.events), (-1, 1));
    assert!(w.agent_counts(None) && w.agent_counts(Some("GOV")) && !w.agent_counts(Some("UAF")));
}
