//! The `rasad` binary: flags → inputs → pipeline → output.
//!
//! Only this crate knows about command lines, terminals, exit codes and the
//! JSON encoding of the contract; every stage lives in its own crate.

mod bench;
mod ner;
mod output;
mod views;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use rasad_doc::{Collection, Document, Warning};
use rasad_ingest::Item;
use rasad_pipeline::{Collector, Pipeline};
use rasad_store::Store;

/// rasad (رصد): reads Arabic news and reconstructs who did what to whom.
#[derive(Parser)]
#[command(name = "rasad", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse articles in memory and print the result.
    Analyze {
        /// Files or folders (read recursively); `-` reads standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
    },
    /// Analyse articles and add them to the store.
    Ingest {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        db: DbArg,
    },
    /// Print everything in the store, in the same contract as `analyze`.
    Export {
        #[arg(long, value_enum, default_value_t = Format::Jsonl)]
        format: Format,
        #[command(flatten)]
        db: DbArg,
    },
    /// Measure throughput and peak memory of ingest + cleaning + text layer.
    Bench {
        /// A SaudiNewsNet-style XML corpus (`<doc><title/><text/></doc>`).
        #[arg(default_value = "../shared/data/saudinewsnet-sample/saudinewsnet_sample.xml")]
        corpus: PathBuf,
        /// Passes over the corpus (the best one is reported).
        #[arg(long, default_value_t = 3)]
        passes: usize,
        /// The last stage to run: `text` (ingest, cleaning, text layer), `mentions`, or `events` (the whole pipeline).
        #[arg(long, value_enum, default_value_t = BenchStage::Text)]
        stage: BenchStage,
        /// Articles to mix into the corpus (e.g. ../shared/seeds); the benchmark reports
        /// whether they keep stories of their own.
        #[arg(long)]
        mix: Vec<PathBuf>,
    },
    /// List the stories (articles about the same happening, across outlets).
    Stories {
        #[command(flatten)]
        source: views::Source,
    },
    /// Print one story's brief: sources, what they agree on, disputes, who quotes whom.
    Story {
        /// Story id (see `rasad stories`).
        id: String,
        #[command(flatten)]
        source: views::Source,
    },
    /// Draw the signed network of alliances and enmities.
    Graph(views::GraphArgs),
    /// Who are the allies of an actor's allies, and how they stand towards it.
    Allies {
        /// Actor code, e.g. FRA.
        actor: String,
        #[command(flatten)]
        source: views::Source,
    },
    /// Evaluate a component against gold data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Train the named-entity model from ANERcorp's train split (reproduces the shipped model).
    TrainNer(ner::TrainArgs),
    /// Tag `token [TAG]` lines (blank line between sentences) with BIO entity tags.
    Ner(ner::TagArgs),
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Named entities: exact-span CoNLL scores on ANERcorp test and the Wojood sample.
    Ner(ner::EvalArgs),
    /// Event coding: scores UniversalPetrarch Arabic gold files (PETRARCH validation XML).
    Events {
        /// Gold files; the development files in ../shared/data/up-arabic-gsr when none are given.
        files: Vec<PathBuf>,
        /// Also list every wrongly scored slot (id, slot, gold vs ours, our source/target, text).
        #[arg(long)]
        misses: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum BenchStage {
    Text,
    Mentions,
    Events,
}

impl From<BenchStage> for rasad_pipeline::Stage {
    fn from(s: BenchStage) -> Self {
        match s {
            BenchStage::Text => rasad_pipeline::Stage::Text,
            BenchStage::Mentions => rasad_pipeline::Stage::Mentions,
            BenchStage::Events => rasad_pipeline::Stage::Events,
        }
    }
}

#[derive(clap::Args)]
struct DbArg {
    /// SQLite database file.
    #[arg(long, env = "RASAD_DB", default_value = "rasad.db")]
    db: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// One JSON object: the whole collection.
    Json,
    /// One document per line, then one line with the collection-level arrays.
    Jsonl,
    /// A short human-readable listing.
    Summary,
}

// The pipeline allocates many short-lived small vectors and strings per
// sentence; mimalloc's thread-local free lists cut glibc malloc's share
// (~11% of the whole-pipeline benchmark) substantially.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Analyze { paths, format } => analyze(&paths, format),
        Command::Ingest { paths, db } => ingest(&paths, &db.db),
        Command::Export { format, db } => export(&db.db, format),
        Command::Bench {
            corpus,
            passes,
            stage,
            mix,
        } => bench::run(&corpus, passes, stage.into(), &mix).map(|()| ExitCode::SUCCESS),
        Command::Stories { source } => with_views(&source, |c, _, out| Ok(views::stories(c, out)?)),
        Command::Story { id, source } => with_views(&source, |c, _, out| views::story(c, &id, out)),
        Command::Graph(args) => {
            with_views(&args.source, |c, k, out| views::graph(c, k, &args, out))
        }
        Command::Allies { actor, source } => {
            with_views(&source, |c, k, out| views::allies(c, k, &actor, out))
        }
        Command::Eval(EvalCommand::Ner(args)) => ner::eval(&args).map(|()| ExitCode::SUCCESS),
        Command::Eval(EvalCommand::Events { files, misses }) => {
            eval_events(files, misses).map(|()| ExitCode::SUCCESS)
        }
        Command::TrainNer(args) => ner::train(&args).map(|()| ExitCode::SUCCESS),
        Command::Ner(args) => ner::tag(&args).map(|()| ExitCode::SUCCESS),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("rasad: error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Exit status of a batch: 0 if at least one article was read, 2 if none.
fn batch_status(documents: usize) -> ExitCode {
    if documents > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

fn progress(label: &'static str) -> ProgressBar {
    // indicatif draws to stderr and stays hidden when it is not a terminal.
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {prefix} {pos} articles ({per_sec}) {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_prefix(label);
    bar
}

/// Reads every input and runs the pipeline on the batch.
///
/// Warnings about inputs that yield no article are printed to stderr as they
/// come and returned for the output's collection-level `warnings`.
fn run_pipeline(
    paths: &[PathBuf],
    label: &'static str,
) -> anyhow::Result<(Vec<Document>, Vec<Warning>)> {
    let mut pipeline = Pipeline::new().map_err(anyhow::Error::msg)?;
    let bar = progress(label);
    let mut raws = Vec::new();
    let mut warnings = Vec::new();
    rasad_ingest::read_paths(paths, |item| match item {
        Item::Article(raw) => {
            let prepared = pipeline.prepare(raw);
            pipeline.observe(&prepared);
            raws.push(prepared);
            bar.inc(1);
        }
        Item::Warning(w) => {
            bar.suspend(|| eprintln!("rasad: warning: {w}"));
            warnings.push(w);
        }
    });
    let documents: Vec<Document> = raws.into_iter().map(|raw| pipeline.document(raw)).collect();
    bar.finish_and_clear();
    for w in documents.iter().flat_map(|d| &d.warnings) {
        eprintln!("rasad: warning: {w}");
    }
    Ok((documents, warnings))
}

/// Runs a view command on a collection from paths or from the store.
fn with_views(
    source: &views::Source,
    f: impl FnOnce(&Collection, &Collector, &mut std::io::StdoutLock<'static>) -> anyhow::Result<()>,
) -> anyhow::Result<ExitCode> {
    let collector = Collector::new().map_err(anyhow::Error::msg)?;
    let c = views::load(source, &collector)?;
    let mut out = std::io::stdout().lock();
    match f(&c, &collector, &mut out) {
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            Ok(ExitCode::SUCCESS)
        }
        r => r.map(|()| ExitCode::SUCCESS),
    }
}

fn analyze(paths: &[PathBuf], format: Format) -> anyhow::Result<ExitCode> {
    let (documents, warnings) = run_pipeline(paths, "analyze")?;
    let n = documents.len();
    let collection = Collector::new()
        .map_err(anyhow::Error::msg)?
        .collect(documents, warnings);
    output::write_stdout(&collection, format)?;
    Ok(batch_status(n))
}

fn ingest(paths: &[PathBuf], db: &std::path::Path) -> anyhow::Result<ExitCode> {
    let mut store = Store::open(db).with_context(|| format!("opening store {}", db.display()))?;
    let (documents, _warnings) = run_pipeline(paths, "ingest")?;
    let report = store
        .insert_batch(&documents)
        .with_context(|| format!("storing into {}", db.display()))?;
    eprintln!(
        "rasad: {} articles read, {} added, {} already stored ({})",
        documents.len(),
        report.added,
        report.skipped_duplicates,
        db.display()
    );
    if report.added > 0 {
        let collector = Collector::new().map_err(anyhow::Error::msg)?;
        views::refresh_store(&mut store, &collector, db)?;
    }
    Ok(batch_status(documents.len()))
}

fn export(db: &std::path::Path, format: Format) -> anyhow::Result<ExitCode> {
    if !db.exists() {
        anyhow::bail!(
            "no store at {} (run `rasad ingest` first, or pass --db)",
            db.display()
        );
    }
    let store = Store::open(db).with_context(|| format!("opening store {}", db.display()))?;
    let mut collection = store.load_views()?;
    for doc in store.documents() {
        collection.documents.push(doc?);
    }
    output::write_stdout(&collection, format)?;
    Ok(ExitCode::SUCCESS)
}

impl From<Format> for output::Format {
    fn from(f: Format) -> Self {
        match f {
            Format::Json => output::Format::Json,
            Format::Jsonl => output::Format::Jsonl,
            Format::Summary => output::Format::Summary,
        }
    }
}

fn eval_events(mut files: Vec<PathBuf>, misses: bool) -> anyhow::Result<()> {
    if files.is_empty() {
        let dir = PathBuf::from("../shared/data/up-arabic-gsr");
        files = std::fs::read_dir(&dir)
            .with_context(|| format!("no files given and {} is not readable", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "xml"))
            .collect();
        files.sort();
    }
    let coder = rasad_events::Coder::new().map_err(anyhow::Error::msg)?;
    let resolver = rasad_mentions::Resolver::new().map_err(anyhow::Error::msg)?;
    for f in &files {
        let report = rasad_events::evaluate(std::slice::from_ref(f), &coder, &resolver)
            .map_err(anyhow::Error::msg)?;
        println!("== {}\n{report}\n", f.display());
        if misses {
            for m in &report.misses {
                print!("{m}");
            }
            println!();
        }
    }
    if files.len() > 1 {
        let report =
            rasad_events::evaluate(&files, &coder, &resolver).map_err(anyhow::Error::msg)?;
        println!("== all files\n{report}");
    }
    Ok(())
}
