//! Clusters the SaudiNewsNet sample (read at run time only: the corpus is
//! non-commercial and never copied into the repository) and prints the
//! time and story counts.
//!
//! `cargo run --release -p rasad-stories --example cluster_bench [path] [--show N] [--threshold X] [--floor X]`

use rasad_doc::Document;
use rasad_stories::{batch_order, Clusterer, Options};
use std::time::Instant;

const DEFAULT: &str = "/work/shared/data/saudinewsnet-sample/saudinewsnet_sample.xml";

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(unescape(&tag[start..end]))
}

fn element(doc: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let start = doc.find(&open)? + open.len();
    let end = doc[start..].find(&close)? + start;
    Some(unescape(doc[start..end].trim()))
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

fn read(path: &str) -> std::io::Result<Vec<Document>> {
    let xml = std::fs::read_to_string(path)?;
    let mut docs = Vec::new();
    for chunk in xml.split("<doc ").skip(1) {
        let Some(tag_end) = chunk.find('>') else {
            continue;
        };
        // The split ate the space before the first attribute.
        let tag = &format!(" {}", &chunk[..tag_end]);
        let Some(id) = attr(tag, "id") else {
            continue;
        };
        docs.push(Document {
            id,
            path: Some(path.to_string()),
            url: attr(tag, "url"),
            title: element(chunk, "title"),
            author: None,
            agency: None,
            source_name: attr(tag, "source"),
            published: attr(tag, "date_extracted").and_then(|d| d.get(..10).map(str::to_string)),
            language: Some("ar".into()),
            content_hash: String::new(),
            body: element(chunk, "text").unwrap_or_default(),
            sentences: Vec::new(),
            warnings: Vec::new(),
            mentions: Vec::new(),
            events: Vec::new(),
            claims: Vec::new(),
            quotes: Vec::new(),
        });
    }
    Ok(docs)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let path = args
        .iter()
        .enumerate()
        .find(|(i, a)| !a.starts_with("--") && (*i == 0 || !args[i - 1].starts_with("--")))
        .map_or(DEFAULT, |(_, a)| a.as_str());
    let show: usize = flag("--show").and_then(|n| n.parse().ok()).unwrap_or(0);
    let mut opts = Options::default();
    if let Some(t) = flag("--threshold").and_then(|n| n.parse().ok()) {
        opts.join_threshold = t;
    }
    if let Some(t) = flag("--floor").and_then(|n| n.parse().ok()) {
        opts.text_floor = t;
    }
    let t0 = Instant::now();
    let docs = match read(path) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("cluster_bench: cannot read {path}: {e}");
            std::process::exit(1);
        }
    };
    let read_time = t0.elapsed();

    let t1 = Instant::now();
    let mut c = Clusterer::new(opts);
    let mut copies = 0usize;
    for i in batch_order(&docs) {
        if c.add(&docs[i]).duplicate_of.is_some() {
            copies += 1;
        }
    }
    let cluster_time = t1.elapsed();
    let t2 = Instant::now();
    let stories = c.stories();
    let view_time = t2.elapsed();

    let sizes: Vec<usize> = stories.iter().map(|s| s.documents.len()).collect();
    let multi = sizes.iter().filter(|n| **n > 1).count();
    let in_multi: usize = sizes.iter().filter(|n| **n > 1).sum();
    let largest = sizes.iter().max().copied().unwrap_or(0);
    let groups: usize = stories.iter().map(|s| s.duplicates.len()).sum();
    println!("documents:            {}", docs.len());
    println!("read:                 {:.3} s", read_time.as_secs_f64());
    println!("cluster (add all):    {:.3} s", cluster_time.as_secs_f64());
    println!("stories() view:       {:.3} s", view_time.as_secs_f64());
    println!("stories:              {}", stories.len());
    println!("  with ≥2 documents:  {multi} ({in_multi} documents)");
    println!("  largest:            {largest}");
    println!("near-duplicate copies: {copies} in {groups} groups");

    let mut order: Vec<&rasad_doc::Story> =
        stories.iter().filter(|s| s.documents.len() > 1).collect();
    order.sort_by_key(|s| std::cmp::Reverse(s.documents.len()));
    for s in order.into_iter().take(show) {
        println!(
            "\n[{}] {} docs, {:?}–{:?}: {}",
            s.id,
            s.documents.len(),
            s.start,
            s.end,
            s.title
        );
        for id in s.documents.iter().take(8) {
            if let Some(d) = docs.iter().find(|d| &d.id == id) {
                println!(
                    "    {} {:?} {}",
                    id,
                    d.source_name,
                    d.title.as_deref().unwrap_or("")
                );
            }
        }
    }
}
