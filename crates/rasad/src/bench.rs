//! `rasad bench`: throughput and peak memory of the per-document pipeline (ingest .. a chosen stage), then stories.
//!
//! Reads a SaudiNewsNet-style XML corpus (`<doc id source url><title/><text/></doc>`)
//! into memory first, so the figures measure rasad, not the disk. Runs on one
//! thread: the figure is per core.

use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use rasad_ingest::Item;
use rasad_pipeline::{Collector, Pipeline, Stage};

pub fn run(
    corpus: &Path,
    passes: usize,
    stage: Stage,
    mix: &[std::path::PathBuf],
) -> anyhow::Result<()> {
    let bytes = std::fs::read(corpus).with_context(|| {
        format!(
            "reading benchmark corpus {} (the SaudiNewsNet sample lives in ../shared/data/; pass another path if it is elsewhere)",
            corpus.display()
        )
    })?;
    let t0 = Instant::now();
    let articles = parse_corpus(&bytes).with_context(|| format!("parsing {}", corpus.display()))?;
    let parse_s = t0.elapsed().as_secs_f64();
    let text_bytes: usize = articles.iter().map(|a| a.content.len()).sum();
    anyhow::ensure!(
        !articles.is_empty(),
        "{}: no <doc> records found",
        corpus.display()
    );
    println!(
        "corpus: {} ({} articles, {:.1} MB of XML, {:.1} MB of article text; XML parse {:.2} s)",
        corpus.display(),
        articles.len(),
        mb(bytes.len()),
        mb(text_bytes),
        parse_s
    );

    let mut best = f64::INFINITY;
    let mut best_cpu = f64::INFINITY;
    let mut best_load = f64::INFINITY;
    let mut best_collect = f64::INFINITY;
    let collector = Collector::new().map_err(anyhow::Error::msg)?;
    let (mut documents, mut sentences, mut chars) = (0usize, 0usize, 0usize);
    for pass in 1..=passes.max(1) {
        // Loading the catalogue and models is a one-time cost of a process
        // (a server pays it once), so it is timed apart. Each pass gets a
        // fresh pipeline, so no pass inherits another's warm caches.
        let t = Instant::now();
        let mut pipeline = Pipeline::up_to(stage).map_err(anyhow::Error::msg)?;
        best_load = best_load.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let cpu0 = cpu_seconds();
        let mut raws = Vec::with_capacity(articles.len());
        for a in &articles {
            // The real ingest path for a text record: decoding, checks, hashing.
            rasad_ingest::read_bytes(&format!("{}.txt", a.id), a.content.as_bytes(), |item| {
                if let Item::Article(mut raw) = item {
                    raw.title = a.title.clone();
                    raw.url = a.url.clone();
                    let prepared = pipeline.prepare(raw);
                    pipeline.observe(&prepared);
                    raws.push(prepared);
                }
            });
        }
        (documents, sentences, chars) = (0, 0, 0);
        let mut docs = Vec::with_capacity(raws.len());
        for raw in raws {
            let doc = pipeline.document(raw);
            documents += 1;
            sentences += doc.sentences.len();
            chars += doc.body.len();
            docs.push(doc);
        }
        let s = t.elapsed().as_secs_f64();
        let cpu = cpu_seconds().zip(cpu0).map(|(b, a)| b - a);
        // Articles mixed into the corpus (e.g. the seeds): are they kept
        // apart from the corpus in their own stories?
        let mut mixed = Vec::new();
        if !mix.is_empty() {
            let mut prepared = Vec::new();
            rasad_ingest::read_paths(mix, |item| {
                if let Item::Article(raw) = item {
                    let p = pipeline.prepare(raw);
                    pipeline.observe(&p);
                    prepared.push(p);
                }
            });
            for p in prepared {
                let doc = pipeline.document(p);
                mixed.push(doc.id.clone());
                docs.push(doc);
            }
        }
        let t = Instant::now();
        let c = collector.collect(docs, Vec::new());
        let cs = t.elapsed().as_secs_f64();
        println!(
            "pass {pass}: {s:.3} s per-document stages ({} CPU); {cs:.3} s stories + fusion + network over {} documents ({} stories, {} fused events, {} ties)",
            cpu.map_or("? s".to_string(), |c| format!("{c:.2} s")),
            c.documents.len(),
            c.stories.len(),
            c.events.len(),
            c.relations.len()
        );
        for story in c
            .stories
            .iter()
            .filter(|st| st.documents.iter().any(|d| mixed.contains(d)))
        {
            let (ours, theirs): (Vec<&String>, Vec<&String>) =
                story.documents.iter().partition(|d| mixed.contains(d));
            println!(
                "  mixed-in story {}: {} mixed-in documents, {} corpus documents {:?}",
                story.id,
                ours.len(),
                theirs.len(),
                theirs.iter().take(5).collect::<Vec<_>>()
            );
        }
        best = best.min(s);
        if let Some(c) = cpu {
            best_cpu = best_cpu.min(c);
        }
        best_collect = best_collect.min(cs);
    }
    println!(
        "ingest .. {stage:?} stage, 1 thread, best of {passes}: {:.0} articles/s, {:.1} MB/s of article text ({documents} documents, {sentences} sentences, {:.1} MB of clean body)",
        articles.len() as f64 / best,
        mb(text_bytes) / best,
        mb(chars)
    );
    if best_cpu.is_finite() {
        println!(
            "  by process CPU time, best of {passes}: {:.2} s, {:.1} MB/s (steadier than wall time on a shared machine)",
            best_cpu,
            mb(text_bytes) / best_cpu
        );
    }
    println!("loading catalogue and models (once per process, not in the figures above): best {best_load:.2} s");
    println!("stories + fusion + network, best of {passes}: {best_collect:.2} s");
    if let Some(kb) = peak_rss_kb() {
        println!("peak memory (VmHWM): {:.1} MB", kb as f64 / 1024.0);
    }
    Ok(())
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1_000_000.0
}

/// User + system CPU time of this process so far, from /proc (Linux only).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name, which may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let mut fields = rest.split_whitespace();
    // utime and stime are fields 14 and 15 of the file, 12 and 13 here.
    let utime: f64 = fields.nth(11)?.parse().ok()?;
    let stime: f64 = fields.next()?.parse().ok()?;
    // Clock ticks; Linux fixes USER_HZ at 100 for this interface.
    Some((utime + stime) / 100.0)
}

/// Peak resident set size of this process, from /proc (Linux only).
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

struct CorpusDoc {
    id: String,
    title: Option<String>,
    url: Option<String>,
    content: String,
}

/// Reads `<doc …><title>…</title><text>…</text></doc>` records. The corpus
/// is machine-written XML of exactly this shape, so a scan for its tags is
/// enough; anything else in the file is ignored.
fn parse_corpus(bytes: &[u8]) -> anyhow::Result<Vec<CorpusDoc>> {
    let text = std::str::from_utf8(bytes).context("the corpus is not UTF-8")?;
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("<doc ") {
        rest = &rest[at..];
        let Some(head_end) = rest.find('>') else {
            break;
        };
        let head = &rest[..head_end];
        let Some(end) = rest.find("</doc>") else {
            break;
        };
        let record = &rest[head_end + 1..end];
        out.push(CorpusDoc {
            id: attribute(head, "id").unwrap_or_else(|| format!("doc{}", out.len() + 1)),
            url: attribute(head, "url"),
            title: element(record, "title"),
            content: element(record, "text").unwrap_or_default(),
        });
        rest = &rest[end + "</doc>".len()..];
    }
    Ok(out)
}

fn attribute(head: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = head.find(&key)? + key.len();
    let len = head[start..].find('"')?;
    Some(unescape(&head[start..start + len]))
}

fn element(record: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let start = record.find(&open)? + open.len();
    let len = record[start..].find(&format!("</{name}>"))?;
    Some(unescape(&record[start..start + len]))
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}
