//! Renders a small hand-made network to SVG, DOT and GraphML, to look at:
//! `cargo run -p rasad-graph --example render -- /tmp/out` then
//! `rsvg-convert /tmp/out/network.svg -o /tmp/out/network.png`.

use rasad_doc::FusedEvent;
use rasad_graph::{balance, network, parse_date, render_dot, render_graphml, render_svg};
use rasad_graph::{Options, Weights};

fn ev(ty: &str, s: &str, t: &str, date: &str) -> FusedEvent {
    FusedEvent {
        id: format!("{ty}-{s}-{t}-{date}"),
        r#type: ty.into(),
        cameo: None,
        source: Some(s.into()),
        source_agent: None,
        target: Some(t.into()),
        target_agent: None,
        date: Some(date.into()),
        date_end: Some(date.into()),
        location: None,
        negated: false,
        reports: Vec::new(),
        documents: Vec::new(),
    }
}

fn labels(code: &str) -> (String, String) {
    let (ar, en) = match code {
        "FRA" => ("فرنسا", "France"),
        "RUS" => ("روسيا", "Russia"),
        "SYR" => ("سوريا", "Syria"),
        "USA" => ("الولايات المتحدة", "United States"),
        "TUR" => ("تركيا", "Turkey"),
        "IRN" => ("إيران", "Iran"),
        "ISIL" => ("تنظيم الدولة الإسلامية", "Islamic State"),
        "HEZBOLLAH" => ("حزب الله", "Hezbollah"),
        "GBR" => ("المملكة المتحدة", "United Kingdom"),
        other => ("", other),
    };
    (ar.into(), en.into())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/rasad-graph".into());
    std::fs::create_dir_all(&dir)?;
    let events = vec![
        ev("AGREE", "FRA", "RUS", "2015-11-20"),
        ev("COOPERATE", "FRA", "USA", "2015-11-18"),
        ev("COOPERATE", "GBR", "USA", "2015-11-10"),
        ev("SUPPORT", "GBR", "FRA", "2015-11-14"),
        ev("AID", "RUS", "SYR", "2015-10-01"),
        ev("AID", "IRN", "SYR", "2015-10-05"),
        ev("COOPERATE", "HEZBOLLAH", "SYR", "2015-10-20"),
        ev("SUPPORT", "IRN", "HEZBOLLAH", "2015-09-20"),
        ev("ACCUSE", "FRA", "SYR", "2015-11-01"),
        ev("SANCTION", "USA", "SYR", "2015-09-01"),
        ev("ASSAULT", "ISIL", "FRA", "2015-11-13"),
        ev("ASSAULT", "FRA", "ISIL", "2015-11-15"),
        ev("ASSAULT", "RUS", "ISIL", "2015-11-17"),
        ev("ASSAULT", "USA", "ISIL", "2015-11-12"),
        ev("ASSAULT", "SYR", "ISIL", "2015-11-02"),
        ev("ASSAULT", "TUR", "RUS", "2015-11-24"),
        ev("CONSULT", "TUR", "USA", "2015-11-25"),
        ev("ACCUSE", "RUS", "TUR", "2015-11-26"),
        ev("ACCUSE", "USA", "IRN", "2015-11-03"),
    ];
    let weights = Weights::embedded()?;
    let opts = Options {
        at: parse_date("2015-11-30"),
        half_life_days: 60.0,
        ..Options::default()
    };
    let relations = network(&events, &weights, &opts);
    let names = |c: &str| labels(c).1;
    let (triads, bal) = balance(&relations, &names);
    let svg = render_svg(
        &relations,
        &triads,
        &labels,
        "Alliance network at 2015-11-30 (half-life 60 days)",
    );
    std::fs::write(format!("{dir}/network.svg"), svg)?;
    std::fs::write(
        format!("{dir}/network.dot"),
        render_dot(&relations, &triads, &labels),
    )?;
    std::fs::write(
        format!("{dir}/network.graphml"),
        render_graphml(&relations, &triads, &labels),
    )?;
    // A crowded variant: 14 actors, every pair tied, long labels.
    let codes: Vec<String> = (0..14).map(|i| format!("ACT{i:02}")).collect();
    let mut crowd = Vec::new();
    for i in 0..codes.len() {
        for j in (i + 1)..codes.len() {
            let ty = if (i * 7 + j) % 4 == 0 {
                "ASSAULT"
            } else {
                "CONSULT"
            };
            crowd.push(ev(ty, &codes[i], &codes[j], "2016-01-01"));
        }
    }
    let crowd_rel = network(&crowd, &weights, &Options::default());
    let (crowd_tri, _) = balance(&crowd_rel, &|c: &str| c.to_string());
    let long = |c: &str| {
        (
            format!("منظمة تجريبية طويلة {c}"),
            format!("Long Test Organisation {c}"),
        )
    };
    std::fs::write(
        format!("{dir}/crowded.svg"),
        render_svg(&crowd_rel, &crowd_tri, &long, ""),
    )?;
    for t in &triads {
        println!("{} {}", if t.balanced { "  " } else { "!!" }, t.explanation);
    }
    println!(
        "{} ties, {} triads, {} unbalanced, frustration {:.3}",
        relations.len(),
        bal.triads,
        bal.unbalanced,
        bal.frustration
    );
    Ok(())
}
