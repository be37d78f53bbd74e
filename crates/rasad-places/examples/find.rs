//! Print the places found in the text on stdin, one per line.
//! Usage: echo "غارات على الرقة" | cargo run -p rasad-places --example find -- [ISO3 hints...]

use std::io::Read;

fn main() {
    let hints: Vec<String> = std::env::args().skip(1).collect();
    let hints: Vec<&str> = hints.iter().map(String::as_str).collect();
    let mut text = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut text) {
        eprintln!("cannot read stdin: {e}");
        std::process::exit(1);
    }
    let t = std::time::Instant::now();
    let g = match rasad_places::Gazetteer::load_embedded() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    eprintln!(
        "loaded {} places in {:.1} ms",
        g.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );
    for m in g.find_with_hint(&text, &hints) {
        let Some(p) = g.place(m.place) else { continue };
        let name: String = text.chars().skip(m.start).take(m.end - m.start).collect();
        println!(
            "{}-{}\t{}\t{}\t{}\t{}\t{:.3},{:.3}\t{:?}\t+{} alternatives",
            m.start,
            m.end,
            name,
            p.name_en,
            p.country.as_deref().unwrap_or("-"),
            p.kind.as_str(),
            p.lat,
            p.lon,
            m.context,
            m.alternatives.len()
        );
    }
}
