//! Codes the text given on the command line (or one text per stdin line)
//! and prints each event: `cargo run -p rasad-events --example code -- "نص"`.

use std::io::BufRead;

fn show(p: &Option<rasad_doc::Participant>) -> String {
    p.as_ref().map_or("-".to_string(), |p| {
        format!(
            "{}={}:{}",
            p.text,
            p.actor.as_deref().unwrap_or("?"),
            p.agent.as_deref().unwrap_or("?")
        )
    })
}

fn main() {
    let (Ok(coder), Ok(resolver)) = (rasad_events::Coder::new(), rasad_mentions::Resolver::new())
    else {
        eprintln!("cannot load the coder or the resolver");
        std::process::exit(1);
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let texts: Vec<String> = if args.is_empty() {
        std::io::stdin()
            .lock()
            .lines()
            .map_while(Result::ok)
            .collect()
    } else {
        vec![args.join(" ")]
    };
    for text in texts {
        let s = rasad_text::sentences(&text);
        let m = resolver.mentions(&text, &s, Some("2016-01-01"));
        println!("# {text}");
        let ms: Vec<String> = m
            .iter()
            .map(|x| {
                let a = x.actor.as_deref().unwrap_or("?");
                let g = x.agent.as_deref().unwrap_or("?");
                format!("{}={}:{a}:{g}", x.text, x.kind)
            })
            .collect();
        println!("  M: {}", ms.join(" ; "));
        for e in coder.events(&text, &s, &m, Some("2016-01-01")) {
            println!(
                "  {}{} [{}] {} -> {} conf={:.2}",
                e.r#type,
                if e.negated { "(neg)" } else { "" },
                e.trigger.text,
                show(&e.source),
                show(&e.target),
                e.confidence
            );
        }
    }
}
