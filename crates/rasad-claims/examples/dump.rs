//! Prints the quotes and claims of text files (no mentions: speakers are
//! only found when a later stage supplies mentions). For eyeballing.
//!
//! `cargo run -p rasad-claims --example dump -- FILE...`

use std::io::Write;

use rasad_claims::Extractor;

fn main() {
    let ex = match Extractor::new() {
        Ok(ex) => ex,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    // Write errors (a closed pipe) end the dump quietly.
    let mut out = std::io::stdout().lock();
    for path in std::env::args().skip(1) {
        let body = match std::fs::read_to_string(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let sentences = rasad_text::sentences(&body);
        let quotes = ex.quotes(&body, &sentences, &[]);
        let claims = ex.claims(&body, &sentences, &[], &quotes);
        println!(
            "== {path}: {} quotes, {} claims",
            quotes.len(),
            claims.len()
        );
        for q in &quotes {
            let cue = q.cue.as_ref().map_or("-", |c| c.text.as_str());
            let _ = writeln!(out, "Q {} [{}] «{}»", q.kind, cue, q.text);
        }
        for c in &claims {
            let _ = writeln!(
                out,
                "C {} {}{} «{}»",
                c.value,
                c.unit,
                if c.approximate { " ~" } else { "" },
                c.text
            );
        }
    }
}
