//! Rough throughput of load + matching on the seed articles (read at run
//! time from /work/shared/seeds; nothing is copied). Usage:
//! `cargo run -p rasad-actors --example match_bench [dir]`.

use std::time::Instant;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/work/shared/seeds".to_string());
    let t0 = Instant::now();
    let cat = match rasad_actors::Catalogue::load_embedded() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("catalogue: {e}");
            std::process::exit(1);
        }
    };
    println!("load: {:?}, {} entries", t0.elapsed(), cat.entries().len());
    let Ok(rd) = std::fs::read_dir(&dir) else {
        eprintln!("no directory {dir}: skipping");
        return;
    };
    let texts: Vec<String> = rd
        .filter_map(|e| e.ok())
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    let chars: usize = texts.iter().map(|t| t.chars().count()).sum();
    let m = cat.matcher();
    let t1 = Instant::now();
    let mut n = 0;
    for _ in 0..20 {
        for t in &texts {
            n += m.find(t).len();
        }
    }
    let el = t1.elapsed();
    println!(
        "{} docs, {} chars ×20: {:?}, {:.0} kchars/s, {} matches per pass",
        texts.len(),
        chars,
        el,
        (chars * 20) as f64 / el.as_secs_f64() / 1000.0,
        n / 20
    );
}
