//! TEMPORARY perf harness: dumps mentions over a corpus for diffing.
use std::io::Write;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let xml = std::fs::read_to_string(&args[1]).unwrap();
    let ner = args.get(3).map(|s| s == "ner").unwrap_or(false);
    let mut bodies = Vec::new();
    let mut rest = xml.as_str();
    while let Some(a) = rest.find("<text>") {
        let r = &rest[a + 6..];
        let Some(b) = r.find("</text>") else { break };
        bodies.push(r[..b].to_string());
        rest = &r[b..];
    }
    let r = if ner {
        rasad_mentions::Resolver::new().unwrap()
    } else {
        rasad_mentions::Resolver::without_ner().unwrap()
    };
    let sents: Vec<_> = bodies.iter().map(|b| rasad_text::sentences(b)).collect();
    let t = Instant::now();
    let mut all = Vec::new();
    for (i, b) in bodies.iter().enumerate() {
        let date = if i % 3 == 0 {
            Some("2015-06-01")
        } else if i % 3 == 1 {
            Some("2012-03-04")
        } else {
            None
        };
        all.push(r.mentions(b, &sents[i], date));
    }
    let dt = t.elapsed().as_secs_f64();
    let mb: usize = bodies.iter().map(|b| b.len()).sum();
    eprintln!(
        "{} bodies, {:.1} MB, {:.3} s, {:.2} MB/s",
        bodies.len(),
        mb as f64 / 1e6,
        dt,
        mb as f64 / 1e6 / dt
    );
    let mut f = std::io::BufWriter::new(std::fs::File::create(&args[2]).unwrap());
    let mut n = 0;
    for ms in &all {
        for m in ms {
            n += 1;
            writeln!(f, "{m:?}").unwrap();
        }
        writeln!(f, "--").unwrap();
    }
    eprintln!("{n} mentions");
}
