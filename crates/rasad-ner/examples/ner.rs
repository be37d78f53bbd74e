//! Train, evaluate and tag with rasad-ner from the command line.
//!
//! ```text
//! ner train TRAIN_FILE OUT_MODEL [--epochs N] [--dev FRACTION] [--log2 B] [--prune P]
//!     [--seed S] [--first-epochs N] [--window SENTENCES] [--folds K] [--o-penalty X]
//!     [--ensemble N] [--clusters FILE|none]
//! ner eval MODEL_OR_- anercorp|wojood FILE...
//! ner tag MODEL_OR_- < conll > conll
//! ner bench MODEL_OR_- FILE [PASSES]
//! ```
//! `bench` times [`Model::tag_document`] per document on a token-per-line
//! file: blank lines end sentences, `-DOCSTART-` lines end documents. The
//! first pass fills the per-thread word cache and is reported apart. With
//! `NER_BENCH_TAGS=FILE` it writes every tag it predicts, one per line (to
//! compare two builds' output).
//! `-` as the model means the embedded one.

use rasad_ner::{evaluate, tag_conll, train, GoldFormat, Model, TrainOptions};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

fn load(arg: &str) -> Result<Model, Box<dyn std::error::Error>> {
    let t = Instant::now();
    let m = if arg == "-" {
        Model::load_embedded()?
    } else {
        Model::load(Path::new(arg))?
    };
    eprintln!(
        "loaded model in {:.3} s ({} non-zero weights)",
        t.elapsed().as_secs_f64(),
        m.nonzero_weights()
    );
    Ok(m)
}

fn run(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    match args.first().map(String::as_str) {
        Some("train") => {
            let (Some(input), Some(out)) = (args.get(1), args.get(2)) else {
                return Err("usage: ner train TRAIN_FILE OUT_MODEL [options]".into());
            };
            let mut opts = TrainOptions {
                verbose: true,
                ..TrainOptions::default()
            };
            let mut it = args[3..].iter();
            while let Some(flag) = it.next() {
                let val = it.next().ok_or("missing option value")?;
                match flag.as_str() {
                    "--epochs" => opts.epochs = val.parse()?,
                    "--dev" => opts.dev_fraction = val.parse()?,
                    "--log2" => opts.log2_buckets = val.parse()?,
                    "--prune" => opts.prune_below = val.parse()?,
                    "--seed" => opts.seed = val.parse()?,
                    "--first-epochs" => opts.first_epochs = val.parse()?,
                    "--window" => opts.doc_window = val.parse()?,
                    "--folds" => opts.gazetteer_folds = val.parse()?,
                    "--o-penalty" => opts.o_penalty = val.parse()?,
                    "--ensemble" => opts.ensemble = val.parse()?,
                    "--clusters" => {
                        opts.clusters = Some(if val == "none" { "".into() } else { val.into() })
                    }
                    _ => return Err(format!("unknown option {flag}").into()),
                }
            }
            let t = Instant::now();
            let model = train(Path::new(input), &opts)?;
            model.save(Path::new(out))?;
            let size = std::fs::metadata(out)?.len();
            eprintln!(
                "trained in {:.1} s; {} bytes, {} non-zero weights",
                t.elapsed().as_secs_f64(),
                size,
                model.nonzero_weights()
            );
        }
        Some("eval") => {
            let (Some(m), Some(fmt)) = (args.get(1), args.get(2)) else {
                return Err("usage: ner eval MODEL anercorp|wojood FILE...".into());
            };
            let model = load(m)?;
            let format = match fmt.as_str() {
                "anercorp" => GoldFormat::Anercorp,
                "wojood" => GoldFormat::Wojood,
                _ => return Err(format!("unknown format {fmt}").into()),
            };
            for f in &args[3..] {
                let r = evaluate(&model, Path::new(f), format)?;
                println!("== {f}\n{r}\n");
            }
        }
        Some("tag") => {
            let model = load(args.get(1).map_or("-", String::as_str))?;
            let stdin = std::io::stdin();
            tag_conll(&model, stdin.lock(), std::io::stdout().lock())?;
        }
        Some("bench") => {
            let (Some(m), Some(file)) = (args.get(1), args.get(2)) else {
                return Err("usage: ner bench MODEL FILE [PASSES]".into());
            };
            let passes: usize = args.get(3).map_or(Ok(3), |p| p.parse())?;
            let model = load(m)?;
            let text = std::fs::read_to_string(file)?;
            let mut docs: Vec<Vec<Vec<&str>>> = vec![Vec::new()];
            let mut cur: Vec<&str> = Vec::new();
            for line in text.lines() {
                let tok = line.split_whitespace().next();
                match tok {
                    Some("-DOCSTART-") | None => {
                        if let Some(d) = docs.last_mut().filter(|_| !cur.is_empty()) {
                            d.push(std::mem::take(&mut cur));
                        }
                        if tok.is_some() {
                            docs.push(Vec::new());
                        }
                    }
                    Some(t) => cur.push(t),
                }
            }
            if let Some(d) = docs.last_mut().filter(|_| !cur.is_empty()) {
                d.push(cur);
            }
            docs.retain(|d| !d.is_empty());
            let tokens: usize = docs.iter().flatten().map(Vec::len).sum();
            // Tags of every pass, one per line, to compare builds.
            let mut dump = match std::env::var_os("NER_BENCH_TAGS") {
                Some(p) => Some(std::io::BufWriter::new(std::fs::File::create(p)?)),
                None => None,
            };
            let mut best = f64::INFINITY;
            let mut first = 0.0;
            let mut entities = 0usize;
            for pass in 0..passes.max(1) {
                let t = Instant::now();
                entities = 0;
                for d in &docs {
                    for tags in model.tag_document(d) {
                        if let Some(out) = dump.as_mut() {
                            for t in &tags {
                                writeln!(out, "{t}")?;
                            }
                        }
                        entities += tags.iter().filter(|t| t.as_str().starts_with('B')).count();
                    }
                }
                let secs = t.elapsed().as_secs_f64();
                if pass == 0 {
                    first = secs;
                }
                best = best.min(secs);
            }
            // The first pass fills the per-thread word cache; later ones
            // find every word in it.
            println!(
                "{} documents, {tokens} tokens, {entities} entities: first pass {first:.3} s \
                 ({:.0} tokens/s), best of {passes} {best:.3} s ({:.0} tokens/s)",
                docs.len(),
                tokens as f64 / first,
                tokens as f64 / best
            );
        }
        _ => return Err("usage: ner train|eval|tag|bench ...".into()),
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
