//! Prints the mentions of each stdin line (one document per line) for
//! inspection: `cargo run -p rasad-mentions --example dump < file`.

use std::io::BufRead;

fn main() {
    let r = match rasad_mentions::Resolver::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let body = line.replace("\\n", "\n");
        let sents = rasad_text::sentences(&body);
        println!("{body}");
        // RASAD_DATE overrides the article date (offices depend on it).
        let date = std::env::var("RASAD_DATE").unwrap_or_else(|_| "2010-01-01".into());
        for m in r.mentions(&body, &sents, Some(&date)) {
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
            println!(
                "  «{}» {} {} {} {} [{}]",
                m.text,
                m.kind,
                m.actor.as_deref().unwrap_or("-"),
                m.agent.as_deref().unwrap_or("-"),
                m.person.as_deref().unwrap_or("-"),
                alts.join(",")
            );
        }
    }
}
