//! `rasad bench`: throughput and peak memory of ingest + cleaning + text layer.
//!
//! Reads a SaudiNewsNet-style XML corpus (`<doc id source url><title/><text/></doc>`)
//! into memory first, so the figures measure rasad, not the disk. Runs on one
//! thread: the figure is per core.

use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use quick_xml::events::Event;
use quick_xml::Reader;
use rasad_ingest::Item;
use rasad_pipeline::Pipeline;

pub fn run(corpus: &Path, passes: usize) -> anyhow::Result<()> {
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
    anyhow::ensure!(!articles.is_empty(), "{}: no <doc> records found", corpus.display());
    println!(
        "corpus: {} ({} articles, {:.1} MB of XML, {:.1} MB of article text; XML parse {:.2} s)",
        corpus.display(),
        articles.len(),
        mb(bytes.len()),
        mb(text_bytes),
        parse_s
    );

    let mut best = f64::INFINITY;
    let (mut documents, mut sentences, mut chars) = (0usize, 0usize, 0usize);
    for pass in 1..=passes.max(1) {
        let t = Instant::now();
        let mut pipeline = Pipeline::new().map_err(anyhow::Error::msg)?;
        let mut raws = Vec::with_capacity(articles.len());
        for a in &articles {
            // The real ingest path for a text record: decoding, checks, hashing.
            rasad_ingest::read_bytes(&format!("{}.txt", a.id), a.content.as_bytes(), |item| {
                if let Item::Article(mut raw) = item {
                    raw.title = a.title.clone();
                    raw.url = a.url.clone();
                    pipeline.observe(&raw);
                    raws.push(raw);
                }
            });
        }
        (documents, sentences, chars) = (0, 0, 0);
        for raw in raws {
            let doc = pipeline.document(raw);
            documents += 1;
            sentences += doc.sentences.len();
            chars += doc.body.len();
        }
        let s = t.elapsed().as_secs_f64();
        println!("pass {pass}: {s:.3} s");
        best = best.min(s);
    }
    println!(
        "ingest + clean + text layer, 1 thread, best of {passes}: {:.0} articles/s, {:.1} MB/s of article text ({documents} documents, {sentences} sentences, {:.1} MB of clean body)",
        articles.len() as f64 / best,
        mb(text_bytes) / best,
        mb(chars)
    );
    if let Some(kb) = peak_rss_kb() {
        println!("peak memory (VmHWM): {:.1} MB", kb as f64 / 1024.0);
    }
    Ok(())
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1_000_000.0
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

fn parse_corpus(bytes: &[u8]) -> anyhow::Result<Vec<CorpusDoc>> {
    let mut reader = Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut cur: Option<CorpusDoc> = None;
    let mut in_title = false;
    let mut in_text = false;
    loop {
        let event = reader.read_event_into(&mut buf)?;
        let target = cur.as_mut().and_then(|d| {
            if in_title {
                Some(d.title.get_or_insert_with(String::new))
            } else if in_text {
                Some(&mut d.content)
            } else {
                None
            }
        });
        match event {
            Event::Start(e) => match e.name().as_ref() {
                b"doc" => {
                    let mut doc = CorpusDoc {
                        id: format!("doc{}", out.len() + 1),
                        title: None,
                        url: None,
                        content: String::new(),
                    };
                    for a in e.attributes().flatten() {
                        let v = a.unescape_value()?.into_owned();
                        match a.key.as_ref() {
                            b"id" => doc.id = v,
                            b"url" => doc.url = Some(v),
                            _ => {}
                        }
                    }
                    cur = Some(doc);
                }
                b"title" => in_title = true,
                b"text" => in_text = true,
                _ => {}
            },
            Event::Text(t) => {
                if let Some(s) = target {
                    s.push_str(&t.xml_content()?);
                }
            }
            Event::GeneralRef(r) => {
                if let Some(s) = target {
                    s.push_str(match r.as_ref() {
                        b"amp" => "&",
                        b"lt" => "<",
                        b"gt" => ">",
                        b"quot" => "\"",
                        b"apos" => "'",
                        _ => "",
                    });
                }
            }
            Event::End(e) => match e.name().as_ref() {
                b"doc" => out.extend(cur.take()),
                b"title" => in_title = false,
                b"text" => in_text = false,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}
