//! `rasad stories`, `rasad story`, `rasad graph`, `rasad allies`: the
//! collection-level views, from a folder analysed in memory or from the store.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use rasad_doc::{Collection, Document};
use rasad_pipeline::Collector;
use rasad_store::Store;

/// Where a view command takes its collection from.
#[derive(clap::Args)]
pub struct Source {
    /// Files or folders to analyse in memory; the store when none are given.
    pub paths: Vec<PathBuf>,
    /// SQLite database file (used when no paths are given).
    #[arg(long, env = "RASAD_DB", default_value = "rasad.db")]
    pub db: PathBuf,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum GraphFormat {
    Svg,
    Dot,
    Graphml,
    Json,
}

#[derive(clap::Args)]
pub struct GraphArgs {
    #[command(flatten)]
    pub source: Source,
    #[arg(long, value_enum, default_value_t = GraphFormat::Svg)]
    pub format: GraphFormat,
    /// The network as it stood on this date (YYYY-MM-DD): later events are left out.
    #[arg(long)]
    pub at: Option<String>,
    /// Keep only ties among these actor codes (comma-separated, e.g. FRA,RUS,SYR,ISIL).
    #[arg(long, value_delimiter = ',')]
    pub actors: Option<Vec<String>>,
    /// Half-life of an event's weight, in days (0: no decay).
    #[arg(long, default_value_t = 0.0)]
    pub half_life: f64,
    /// Only events at most this many days before the slice date.
    #[arg(long)]
    pub window: Option<u32>,
}

/// The collection (documents included) for a view command.
pub fn load(source: &Source, collector: &Collector) -> anyhow::Result<Collection> {
    if source.paths.is_empty() {
        if !source.db.exists() {
            anyhow::bail!(
                "no paths given and no store at {} (run `rasad ingest` first, pass --db, or name files)",
                source.db.display()
            );
        }
        let store = Store::open(&source.db)
            .with_context(|| format!("opening store {}", source.db.display()))?;
        let mut c = store.load_views()?;
        for doc in store.documents() {
            c.documents.push(doc?);
        }
        Ok(c)
    } else {
        let (documents, warnings) = crate::run_pipeline(&source.paths, "analyze")?;
        Ok(collector.collect(documents, warnings))
    }
}

fn doc_label(d: &Document) -> String {
    let outlet = d
        .source_name
        .as_deref()
        .or(d.agency.as_deref())
        .unwrap_or("?");
    format!(
        "{} [{}] {}",
        d.id,
        outlet,
        d.published.as_deref().unwrap_or("—")
    )
}

pub fn stories(c: &Collection, out: &mut impl Write) -> std::io::Result<()> {
    for s in &c.stories {
        let actors: Vec<&str> = s.actors.iter().take(6).map(|a| a.actor.as_str()).collect();
        writeln!(
            out,
            "{}  {} documents  {} … {}  {}",
            s.id,
            s.documents.len(),
            s.start.as_deref().unwrap_or("—"),
            s.end.as_deref().unwrap_or("—"),
            actors.join(" ")
        )?;
        writeln!(out, "    {}", s.title)?;
    }
    writeln!(
        out,
        "{} stories, {} documents",
        c.stories.len(),
        c.documents.len()
    )
}

pub fn story(c: &Collection, id: &str, out: &mut impl Write) -> anyhow::Result<()> {
    let Some(s) = c.stories.iter().find(|s| s.id == id) else {
        let known: Vec<&str> = c.stories.iter().take(10).map(|s| s.id.as_str()).collect();
        anyhow::bail!("no story {id:?} (stories: {})", known.join(", "));
    };
    writeln!(out, "{}: {}", s.id, s.title)?;
    writeln!(
        out,
        "{} … {}; actors: {}",
        s.start.as_deref().unwrap_or("—"),
        s.end.as_deref().unwrap_or("—"),
        s.actors
            .iter()
            .take(8)
            .map(|a| format!("{} {:.2}", a.actor, a.weight))
            .collect::<Vec<_>>()
            .join(", ")
    )?;
    writeln!(out, "\nDocuments")?;
    for id in &s.documents {
        match c.documents.iter().find(|d| &d.id == id) {
            Some(d) => writeln!(
                out,
                "  {}  {}",
                doc_label(d),
                d.title.as_deref().unwrap_or("")
            )?,
            None => writeln!(out, "  {id}")?,
        }
    }
    for group in s.duplicates.iter().filter(|g| g.len() > 1) {
        writeln!(out, "  near-duplicates, counted once: {}", group.join(", "))?;
    }
    writeln!(out, "\nWhat several sources report")?;
    for a in &s.agreed {
        writeln!(out, "  {}  ({})", a.what, a.documents.join(", "))?;
    }
    writeln!(out, "\nWhat one source reports")?;
    for a in &s.single_source {
        writeln!(out, "  {}  ({})", a.what, a.documents.join(", "))?;
    }
    let disputes: Vec<_> = c.disputes.iter().filter(|d| d.story == s.id).collect();
    if !disputes.is_empty() {
        writeln!(out, "\nDisputes")?;
        for d in disputes {
            let values: Vec<String> = d
                .values
                .iter()
                .map(|v| format!("{} ({})", v.value, v.documents.join(", ")))
                .collect();
            writeln!(out, "  {} {}: {}", d.kind, d.about, values.join(" vs "))?;
        }
    }
    if !s.quoted.is_empty() {
        writeln!(out, "\nWho quotes whom")?;
        for q in &s.quoted {
            writeln!(
                out,
                "  {} quotes {} ({}) ×{}",
                q.source_name.as_deref().unwrap_or(&q.document),
                q.speaker.as_deref().unwrap_or("?"),
                q.actor.as_deref().unwrap_or("?"),
                q.quotes
            )?;
        }
    }
    Ok(())
}

pub fn graph_options(args: &GraphArgs) -> anyhow::Result<rasad_graph::Options> {
    let at = match &args.at {
        Some(s) => Some(
            rasad_graph::parse_date(s)
                .with_context(|| format!("--at {s:?} is not a YYYY-MM-DD date"))?,
        ),
        None => None,
    };
    Ok(rasad_graph::Options {
        at,
        half_life_days: args.half_life,
        window_days: args.window,
        actors: args.actors.clone(),
    })
}

pub fn graph(
    c: &Collection,
    collector: &Collector,
    args: &GraphArgs,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let opts = graph_options(args)?;
    let (relations, triads, balance) = collector.network(&c.events, &opts);
    let labels = |code: &str| collector.labels(code);
    match args.format {
        GraphFormat::Svg => {
            let title = match &args.at {
                Some(at) => format!("rasad: alliances and enmities as of {at}"),
                None => String::new(),
            };
            out.write_all(
                rasad_graph::render_svg(&relations, &triads, &labels, &title).as_bytes(),
            )?;
        }
        GraphFormat::Dot => {
            out.write_all(rasad_graph::render_dot(&relations, &triads, &labels).as_bytes())?
        }
        GraphFormat::Graphml => {
            out.write_all(rasad_graph::render_graphml(&relations, &triads, &labels).as_bytes())?
        }
        GraphFormat::Json => {
            let v =
                serde_json::json!({ "relations": relations, "triads": triads, "balance": balance });
            serde_json::to_writer_pretty(&mut *out, &v)?;
            writeln!(out)?;
        }
    }
    Ok(())
}

pub fn allies(
    c: &Collection,
    collector: &Collector,
    actor: &str,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let (relations, _, _) = collector.network(&c.events, &rasad_graph::Options::default());
    let rows = rasad_graph::allies_of_allies(&relations, actor);
    if rows.is_empty() {
        writeln!(
            out,
            "{actor} has no allies with allies of their own in this network"
        )?;
    }
    for (ally, of_ally, sign) in rows {
        let tie = match sign {
            1 => "also an ally",
            -1 => "an enemy",
            _ => "no direct tie",
        };
        writeln!(
            out,
            "{actor} + {ally} + {of_ally}: {} ({}) is {tie} of {}",
            of_ally,
            collector.name_en(&of_ally),
            actor
        )?;
    }
    Ok(())
}

/// Recomputes the collection views over everything in the store.
pub fn refresh_store(store: &mut Store, collector: &Collector, db: &Path) -> anyhow::Result<()> {
    let mut documents = Vec::new();
    for doc in store.documents() {
        documents.push(doc?);
    }
    let c = collector.collect(documents, Vec::new());
    store
        .save_views(&c)
        .with_context(|| format!("saving stories and the network into {}", db.display()))?;
    eprintln!(
        "rasad: store now has {} stories, {} fused events, {} ties, {} disputes",
        c.stories.len(),
        c.events.len(),
        c.relations.len(),
        c.disputes.len()
    );
    Ok(())
}
