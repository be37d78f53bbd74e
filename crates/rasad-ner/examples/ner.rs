//! Train, evaluate and tag with rasad-ner from the command line.
//!
//! ```text
//! ner train TRAIN_FILE OUT_MODEL [--epochs N] [--dev FRACTION] [--log2 B] [--prune P]
//!     [--seed S] [--first-epochs N] [--window SENTENCES] [--folds K] [--o-penalty X]
//! ner eval MODEL_OR_- anercorp|wojood FILE...
//! ner tag MODEL_OR_- < conll > conll
//! ```
//! `-` as the model means the embedded one.

use rasad_ner::{evaluate, tag_conll, train, GoldFormat, Model, TrainOptions};
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
        _ => return Err("usage: ner train|eval|tag ...".into()),
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
