//! Throughput check (ignored by default; run with `--ignored --nocapture`).
//! Uses the seed texts when present, else a generated article.

use std::time::Instant;

use rasad_article::Extractor;
use rasad_ingest::{Markup, RawArticle};

fn corpus() -> Vec<String> {
    let mut texts: Vec<String> = std::fs::read_dir("/work/shared/seeds")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .collect();
    if texts.is_empty() {
        eprintln!("seeds absent: using a generated article");
        texts.push("عنوان الخبر\n".to_string() + &"جملة من نص الخبر تنتهي بنقطة.\n".repeat(40));
    }
    texts
}

fn raw(i: usize, content: String, markup: Markup) -> RawArticle {
    RawArticle {
        id: i.to_string(),
        origin: format!("bench/{}.txt", i % 7),
        url: None,
        title: None,
        published: None,
        source: None,
        author: None,
        markup,
        content,
        content_hash: i.to_string(),
    }
}

#[test]
#[ignore]
fn throughput() {
    let texts = corpus();
    let ex = Extractor::new().unwrap();
    for (label, markup) in [("text", Markup::Text), ("html", Markup::Html)] {
        let mut docs = Vec::new();
        let mut bytes = 0;
        let mut i = 0;
        while bytes < 8_000_000 {
            let t = &texts[i % texts.len()];
            let content = match markup {
                Markup::Text => t.clone(),
                Markup::Html => {
                    let ps: String = t.lines().map(|l| format!("<p>{l}</p>\n")).collect();
                    format!("<html><head><title>t</title></head><body><nav><a href=/>x</a></nav><div class=\"content\">{ps}</div><footer>f</footer></body></html>")
                }
            };
            bytes += content.len();
            docs.push(raw(i, content, markup));
            i += 1;
        }
        let t0 = Instant::now();
        let mut out = 0;
        for d in &docs {
            out += ex.extract(d).body.len();
        }
        let secs = t0.elapsed().as_secs_f64();
        eprintln!(
            "{label}: {} docs, {:.1} MB in {:.2}s = {:.1} MB/s (body {} bytes)",
            docs.len(),
            bytes as f64 / 1e6,
            secs,
            bytes as f64 / 1e6 / secs,
            out
        );
        assert!(out > 0);
    }
}
