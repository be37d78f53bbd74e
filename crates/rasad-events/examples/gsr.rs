//! Scores the UniversalPetrarch Arabic GSR dev files:
//! `cargo run --release -p rasad-events --example gsr -- FILE.xml…`
//! (default: ../shared/data/up-arabic-gsr/*_dev.xml). `-v` prints misses.

use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    let mut paths: Vec<PathBuf> = args
        .iter()
        .filter(|a| *a != "-v")
        .map(PathBuf::from)
        .collect();
    if paths.is_empty() {
        let dir =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/up-arabic-gsr");
        for f in [
            "arabic_assault_gsr_validation_dev.xml",
            "arabic_protest_gsr_validation_dev.xml",
        ] {
            paths.push(dir.join(f));
        }
    }
    let coder = match rasad_events::Coder::new() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let resolver = match rasad_mentions::Resolver::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    for p in &paths {
        match rasad_events::evaluate(std::slice::from_ref(p), &coder, &resolver) {
            Ok(r) => println!("== {}\n{r}", p.display()),
            Err(e) => eprintln!("{e}"),
        }
        if verbose {
            let Ok(xml) = std::fs::read_to_string(p) else {
                continue;
            };
            let Ok(gold) = rasad_events::parse_gsr(&xml, &p.display().to_string()) else {
                continue;
            };
            for g in &gold {
                let s = rasad_text::sentences(&g.text);
                let m = resolver.mentions(&g.text, &s, g.date.as_deref());
                let mut ev = coder.events(&g.text, &s, &m, g.date.as_deref());
                // Score as the evaluation does: actor codes as CAMEO countries.
                for e in ev.iter_mut() {
                    for p in [&mut e.source, &mut e.target].into_iter().flatten() {
                        p.actor = p
                            .actor
                            .take()
                            .map(|c| rasad_events::cameo_country(&resolver, c));
                    }
                }
                // The event the evaluation scores: the most confident one of
                // the gold category.
                let hit = ev
                    .iter()
                    .filter(|e| e.r#type == g.category && !e.negated)
                    .fold(None::<&rasad_doc::Event>, |b, e| match b {
                        Some(b) if b.confidence >= e.confidence => Some(b),
                        _ => Some(e),
                    });
                let slot = |p: Option<&rasad_doc::Participant>, country: bool| {
                    p.and_then(|p| {
                        if country {
                            p.actor.clone()
                        } else {
                            p.agent.clone()
                        }
                    })
                };
                let src = hit.and_then(|e| e.source.as_ref());
                let tgt = hit.and_then(|e| e.target.as_ref());
                let mark = |gold: &Option<String>, got: Option<String>| match gold {
                    None => '.',
                    Some(g) if got.as_deref() == Some(g.as_str()) => '+',
                    Some(_) => 'x',
                };
                let marks: String = [
                    mark(&g.source.0, slot(src, true)),
                    mark(&g.source.1, slot(src, false)),
                    mark(&g.target.0, slot(tgt, true)),
                    mark(&g.target.1, slot(tgt, false)),
                ]
                .iter()
                .collect();
                let code = |p: &Option<rasad_doc::Participant>| {
                    p.as_ref().map_or("-".to_string(), |p| {
                        format!(
                            "«{}»{}:{}",
                            p.text,
                            p.actor.as_deref().unwrap_or("?"),
                            p.agent.as_deref().unwrap_or("?")
                        )
                    })
                };
                let all: Vec<String> = ev
                    .iter()
                    .map(|e| format!("{}[{}]", e.r#type, e.trigger.text))
                    .collect();
                println!("{} {} ALL {}", marks, g.id, all.join(" "));
                let got = hit.map_or("MISS".to_string(), |e| {
                    format!(
                        "{} [{}] {} -> {} @{}",
                        e.r#type,
                        e.trigger.text,
                        code(&e.source),
                        code(&e.target),
                        e.location.as_ref().map_or("-".to_string(), |l| format!(
                            "{}:{}",
                            l.text,
                            l.country.as_deref().unwrap_or("?")
                        ))
                    )
                });
                let ms: Vec<String> = m
                    .iter()
                    .map(|x| {
                        format!(
                            "{}={}:{}:{}",
                            x.text,
                            x.kind,
                            x.actor.as_deref().unwrap_or("?"),
                            x.agent.as_deref().unwrap_or("?")
                        )
                    })
                    .collect();
                println!(
                    "{:?} {:?} | {} | {}\n    M: {}",
                    g.source,
                    g.target,
                    got,
                    g.text,
                    ms.join(" ; ")
                );
            }
        }
    }
}
