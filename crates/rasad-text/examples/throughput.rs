//! Throughput of normalisation + sentences + tokens on a corpus file.
//!
//! `cargo run --release -p rasad-text --example throughput -- [FILE]`
//! FILE defaults to the SaudiNewsNet sample; the `<text>` elements of the
//! XML are the documents (any other file is read as one document).

use std::time::Instant;

const DEFAULT: &str = "/work/shared/data/saudinewsnet-sample/saudinewsnet_sample.xml";

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| DEFAULT.to_string());
    let raw = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let mut docs: Vec<&str> = Vec::new();
    let mut rest = raw.as_str();
    while let Some(a) = rest.find("<text>") {
        let after = &rest[a + 6..];
        let Some(b) = after.find("</text>") else {
            break;
        };
        docs.push(&after[..b]);
        rest = &after[b + 7..];
    }
    if docs.is_empty() {
        docs.push(&raw);
    }
    let bytes: usize = docs.iter().map(|d| d.len()).sum();
    let (mut n_sent, mut n_tok, mut n_norm) = (0usize, 0usize, 0usize);
    let t0 = Instant::now();
    for d in &docs {
        n_norm += rasad_text::normalize(d).char_len();
        n_sent += rasad_text::sentences(d).len();
        n_tok += rasad_text::tokens(d).len();
    }
    let secs = t0.elapsed().as_secs_f64();
    println!(
        "{} docs, {:.1} MB, {n_sent} sentences, {n_tok} tokens, {n_norm} normalised chars in {secs:.3} s: {:.1} MB/s",
        docs.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs
    );
    for (name, f) in [
        (
            "normalize",
            (|d: &str| rasad_text::normalize(d).char_len()) as fn(&str) -> usize,
        ),
        ("sentences", |d: &str| rasad_text::sentences(d).len()),
        ("tokens", |d: &str| rasad_text::tokens(d).len()),
    ] {
        let t = Instant::now();
        let total: usize = docs.iter().map(|d| f(d)).sum();
        let secs = t.elapsed().as_secs_f64();
        println!(
            "  {name}: {total} in {secs:.3} s: {:.1} MB/s",
            bytes as f64 / 1e6 / secs
        );
    }
    let t1 = Instant::now();
    let mut words = 0usize;
    for d in docs.iter().take(500) {
        for t in rasad_text::tokens(d) {
            if t.kind == rasad_text::TokenKind::Word {
                let w: String = d.chars().skip(t.span.start).take(t.span.len()).collect();
                let _ = rasad_text::segment(&w);
                words += 1;
            }
        }
    }
    println!(
        "segment: {words} words in {:.3} s",
        t1.elapsed().as_secs_f64()
    );
}
