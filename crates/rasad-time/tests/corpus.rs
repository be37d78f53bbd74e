//! Runs over the SaudiNewsNet sample in /work/shared when present (never
//! copied into the repo): no panics, exact offsets, and a sanity bound on how
//! many expressions resolve to a day far from the publication date.
//! `RASAD_TIME_DUMP=1` prints every expression for review.

use chrono::NaiveDate;
use rasad_time::{Granularity, Resolver};

const SAMPLE: &str = "/work/shared/data/saudinewsnet-sample/saudinewsnet_sample.xml";

/// (anchor, body) of each `<doc>`: anchor from `date_extracted`.
fn docs(xml: &str) -> Vec<(Option<NaiveDate>, &str)> {
    let mut out = Vec::new();
    for part in xml.split("<doc ").skip(1) {
        let anchor = part
            .split("date_extracted=\"")
            .nth(1)
            .and_then(|s| s.get(..10))
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok());
        let body = part
            .split("<text>")
            .nth(1)
            .and_then(|s| s.split("</text>").next())
            .unwrap_or("");
        out.push((anchor, body));
    }
    out
}

#[test]
fn saudinewsnet_sample() {
    let Ok(xml) = std::fs::read_to_string(SAMPLE) else {
        eprintln!("skipping: {SAMPLE} not found");
        return;
    };
    let r = Resolver::new().expect("data loads");
    let dump = std::env::var_os("RASAD_TIME_DUMP").is_some();
    let (mut n, mut days, mut far) = (0usize, 0usize, 0usize);
    // The first documents are plenty and keep the debug-build test quick.
    for (anchor, body) in docs(&xml).into_iter().take(3000) {
        let chars: Vec<char> = body.chars().collect();
        for e in r.find(body, anchor) {
            let slice: String = chars[e.start..e.end].iter().collect();
            assert_eq!(slice, e.text);
            n += 1;
            if let (Granularity::Day, Some(d), Some(a)) = (e.granularity, e.date, anchor) {
                days += 1;
                // Relative words must land near the anchor; only explicit
                // years may go far.
                if (d - a).num_days().abs() > 400 && !e.text.chars().any(|c| c.is_numeric()) {
                    far += 1;
                    eprintln!("far: {} -> {} (anchor {a})", e.text, e.value);
                }
            }
            if dump {
                let lo = e.start.saturating_sub(30);
                let hi = (e.end + 30).min(chars.len());
                let ctx: String = chars[lo..hi].iter().collect();
                println!(
                    "{}\t{}\t{:?}\t{}",
                    e.text,
                    e.value,
                    e.modifier,
                    ctx.replace('\n', " ")
                );
            }
        }
    }
    eprintln!("{n} expressions, {days} days");
    assert!(n > 0, "the sample has dates");
    assert_eq!(far, 0, "relative expressions resolved far from the anchor");
}
