//! Prints every match in a text file, for eyeballing false positives:
//! `cargo run -p rasad-actors --example match_dump FILE`.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: match_dump FILE");
        return;
    };
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("cannot read {path}");
        return;
    };
    let cat = match rasad_actors::Catalogue::load_embedded() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("catalogue: {e}");
            return;
        }
    };
    for m in cat.matcher().find(&text) {
        let surface: String = text.chars().skip(m.start).take(m.end - m.start).collect();
        println!(
            "{surface}\t{:?}\t{:?}{}{}",
            m.codes(),
            m.agent(),
            if m.weak { "\tweak" } else { "" },
            if m.ambiguity.is_some() {
                "\tambiguous"
            } else {
                ""
            }
        );
    }
}
