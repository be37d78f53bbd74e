//! Times clustering, fusion and briefs on documents that already carry
//! mentions and events: one `Document` JSON object per line (the document
//! lines of `rasad analyze --format jsonl`; other lines are skipped). The
//! input is read at run time and never copied into the repository.
//!
//! `cargo run --release -p rasad-stories --example collect_bench -- docs.jsonl [--passes N] [--dump out.json] [--check]`

use rasad_doc::Document;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: collect_bench docs.jsonl [--passes N]");
        std::process::exit(2);
    };
    let passes: usize = args
        .iter()
        .position(|a| a == "--passes")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let docs: Vec<Document> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<Document>(l).ok())
        .filter(|d| !d.id.is_empty())
        .collect();
    let n_events: usize = docs.iter().map(|d| d.events.len()).sum();
    println!("{} documents, {n_events} events", docs.len());
    for pass in 1..=passes.max(1) {
        let t = Instant::now();
        let (stories, fused, disputes) = rasad_stories::analyze(&docs);
        println!(
            "pass {pass}: analyze {:.3} s: {} stories, {} fused events, {} disputes",
            t.elapsed().as_secs_f64(),
            stories.len(),
            fused.len(),
            disputes.len()
        );
        let t = Instant::now();
        let mut c = rasad_stories::Clusterer::new(rasad_stories::Options::default());
        for i in rasad_stories::batch_order(&docs) {
            c.add(&docs[i]);
        }
        let cluster_s = t.elapsed().as_secs_f64();
        // One thread, one document at a time: the same stories as the batch.
        let serial = c.stories();
        let same = serial.len() == stories.len()
            && serial
                .iter()
                .zip(&stories)
                .all(|(a, b)| (&a.id, &a.documents, &a.title) == (&b.id, &b.documents, &b.title));
        println!("  one-by-one clustering gives the same stories: {same}");
        let t = Instant::now();
        let all: Vec<&Document> = docs.iter().collect();
        let n_fused = rasad_stories::fuse(&all).len();
        println!(
            "  of which clustering alone {cluster_s:.3} s, fusion alone {:.3} s ({n_fused})",
            t.elapsed().as_secs_f64()
        );
        if pass == 1 {
            if args.iter().any(|a| a == "--check") {
                // The per-story public `brief` (scanning every fused event)
                // must give exactly what the batch gave.
                let by_id: std::collections::HashMap<&str, &Document> =
                    docs.iter().map(|d| (d.id.as_str(), d)).collect();
                let mut again = Vec::new();
                let mut same = true;
                for st in &stories {
                    let mut copy = st.clone();
                    let members: Vec<&Document> = st
                        .documents
                        .iter()
                        .filter_map(|d| by_id.get(d.as_str()).copied())
                        .collect();
                    again.extend(rasad_stories::brief(&mut copy, &members, &fused));
                    same &= copy == *st;
                }
                println!(
                    "  check: stories same {same}, disputes same {}",
                    again == disputes
                );
            }
            if let Some(out) = args
                .iter()
                .position(|a| a == "--dump")
                .and_then(|i| args.get(i + 1))
            {
                let json = serde_json::json!({
                    "stories": stories,
                    "events": fused,
                    "disputes": disputes,
                });
                if let Err(e) = std::fs::write(out, json.to_string()) {
                    eprintln!("{out}: {e}");
                }
            }
            let multi = stories.iter().filter(|s| s.documents.len() > 1).count();
            let largest = stories.iter().map(|s| s.documents.len()).max().unwrap_or(0);
            println!("  {multi} stories with 2+ documents, largest {largest}");
        }
    }
}
