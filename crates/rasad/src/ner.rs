//! `rasad train-ner`, `rasad eval ner`, `rasad ner --conll`.

use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use rasad_ner::{GoldFormat, Model, TrainOptions};

const ANERCORP: &str = "../shared/data/anercorp";
const TRAIN_FILE: &str = "ANERCorp_CamelStyle_train_RECONSTRUCTED.txt";
const TEST_FILE: &str = "ANERCorp_CamelStyle_test_RECONSTRUCTED.txt";
const WOJOOD: &str = "../shared/data/wojood-sample";

#[derive(clap::Args)]
pub struct TrainArgs {
    /// ANERcorp-style training file (`token TAG` lines).
    #[arg(long, default_value_t = format!("{ANERCORP}/{TRAIN_FILE}"))]
    train: String,
    /// Where to write the model.
    #[arg(long, default_value = "models/ner/rasad-ner.bin")]
    out: PathBuf,
    /// Training epochs (the shipped model uses the default).
    #[arg(long)]
    epochs: Option<usize>,
}

#[derive(clap::Args)]
pub struct EvalArgs {
    /// Model file; the shipped model when absent.
    #[arg(long)]
    model: Option<PathBuf>,
    /// ANERcorp test split.
    #[arg(long, default_value_t = format!("{ANERCORP}/{TEST_FILE}"))]
    anercorp: String,
    /// Wojood sample folder (out-of-domain check); its `*.txt` files are scored together and apart.
    #[arg(long, default_value = WOJOOD)]
    wojood: PathBuf,
}

#[derive(clap::Args)]
pub struct TagArgs {
    /// Input file of `token [TAG]` lines; `-` for stdin.
    #[arg(long)]
    conll: PathBuf,
    /// Model file; the shipped model when absent.
    #[arg(long)]
    model: Option<PathBuf>,
}

fn load(model: Option<&Path>) -> anyhow::Result<Model> {
    Ok(match model {
        Some(p) => Model::load(p).with_context(|| format!("loading NER model {}", p.display()))?,
        None => Model::load_embedded().context("loading the shipped NER model")?,
    })
}

pub fn train(args: &TrainArgs) -> anyhow::Result<()> {
    let mut opts = TrainOptions::default();
    if let Some(e) = args.epochs {
        opts.epochs = e;
    }
    let t = Instant::now();
    let model = rasad_ner::train(Path::new(&args.train), &opts).with_context(|| {
        format!(
            "training on {} (ANERcorp lives in ../shared/data/anercorp)",
            args.train
        )
    })?;
    if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    model
        .save(&args.out)
        .with_context(|| format!("writing {}", args.out.display()))?;
    let size = std::fs::metadata(&args.out).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "rasad: trained in {:.1} s: {} ({size} bytes, {} non-zero weights)",
        t.elapsed().as_secs_f64(),
        args.out.display(),
        model.nonzero_weights()
    );
    Ok(())
}

pub fn eval(args: &EvalArgs) -> anyhow::Result<()> {
    let t = Instant::now();
    let model = load(args.model.as_deref())?;
    println!("model loaded in {:.3} s", t.elapsed().as_secs_f64());
    let anercorp = Path::new(&args.anercorp);
    if anercorp.exists() {
        let r = rasad_ner::evaluate(&model, anercorp, GoldFormat::Anercorp)?;
        println!("== ANERcorp test: {}\n{r}\n", anercorp.display());
    } else {
        println!(
            "== ANERcorp test: {} not found, skipped",
            anercorp.display()
        );
    }
    if args.wojood.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&args.wojood)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        for f in files {
            let r = rasad_ner::evaluate(&model, &f, GoldFormat::Wojood)?;
            println!("== Wojood sample (out of domain): {}\n{r}\n", f.display());
        }
    } else {
        println!(
            "== Wojood sample: {} not found, skipped",
            args.wojood.display()
        );
    }
    Ok(())
}

pub fn tag(args: &TagArgs) -> anyhow::Result<()> {
    let model = load(args.model.as_deref())?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    if args.conll.as_os_str() == "-" {
        rasad_ner::tag_conll(&model, std::io::stdin().lock(), &mut out)?;
    } else {
        let f = std::fs::File::open(&args.conll)
            .with_context(|| format!("opening {}", args.conll.display()))?;
        rasad_ner::tag_conll(&model, BufReader::new(f), &mut out)
            .with_context(|| format!("tagging {}", args.conll.display()))?;
    }
    out.flush()?;
    Ok(())
}
