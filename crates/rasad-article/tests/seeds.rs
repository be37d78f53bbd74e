//! Invariants on the shared seed articles, read at run time (never copied).
//! Checks only general properties: no furniture kind in the body, no stamp
//! date, a title, and every long punctuated line kept.

use std::path::Path;

use rasad_article::{Extractor, Reason};
use rasad_ingest::{Markup, RawArticle};

fn seeds() -> Vec<(String, String)> {
    let dir = Path::new("/work/shared/seeds");
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("skipping: {} not present", dir.display());
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter_map(|p| Some((p.display().to_string(), std::fs::read_to_string(&p).ok()?)))
        .collect();
    out.sort();
    out
}

fn raw(origin: &str, content: &str) -> RawArticle {
    RawArticle {
        id: origin.to_string(),
        origin: origin.to_string(),
        url: None,
        title: None,
        published: None,
        source: None,
        author: None,
        markup: Markup::Text,
        content: content.to_string(),
        content_hash: origin.to_string(),
    }
}

#[test]
fn seed_invariants() {
    let ex = Extractor::new().expect("data files load");
    for (path, text) in seeds() {
        let an = ex.analyse(&raw(&path, &text));
        let a = &an.article;
        if std::env::var_os("RASAD_SHOW").is_some() {
            for v in &an.blocks {
                eprintln!("{:<28} {}", format!("{:?}", v.dropped), v.text);
            }
            eprintln!("{a:#?}\n");
        }
        for line in a.body.lines() {
            assert_eq!(
                ex.classify_line(line),
                None,
                "{path}: furniture kind left in the body: {line}"
            );
        }
        assert!(!a.body.is_empty(), "{path}: empty body");
        assert!(
            a.title.as_deref().is_some_and(|t| !t.trim().is_empty()),
            "{path}: no title"
        );
        // A date on a stamp line must not be the publication date.
        let stamp_dropped = an.blocks.iter().any(|v| v.dropped == Some(Reason::Stamp));
        if stamp_dropped {
            assert_eq!(a.published, None, "{path}: stamp date used");
            assert!(
                a.warnings.iter().any(|w| w.contains("stamp")),
                "{path}: no warning for the ignored stamp"
            );
        }
        let body_lines: std::collections::HashSet<&str> = a.body.lines().collect();
        let squashed: Vec<String> = text
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        for line in squashed.iter().map(String::as_str) {
            let ends = line
                .chars()
                .next_back()
                .is_some_and(|c| matches!(c, '.' | '؟' | '!' | '»'));
            if ends && line.chars().count() > 60 {
                assert!(
                    body_lines.contains(line),
                    "{path}: sentence line lost: {line}"
                );
            }
        }
        assert_eq!(a.language.as_deref(), Some("ar"), "{path}");
    }
}
