//! Scoring against UniversalPetrarch-style gold (`<Sentence category date
//! id>` with `<EventCoding plover sourcecode="CTRY ROLE" targetcode=…>` and
//! `<Text>`): every gold sentence is a positive example of its category.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::time::Instant;

use rasad_doc::{Event, Participant};
use regex::Regex;

use crate::Coder;

/// One gold sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldSentence {
    pub id: String,
    pub category: String,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    pub text: String,
    /// (country, agent) of the source; `None` for an empty slot.
    pub source: (Option<String>, Option<String>),
    pub target: (Option<String>, Option<String>),
}

/// Correct / total counts of one measure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ratio {
    pub correct: usize,
    pub total: usize,
}

impl Ratio {
    fn add(&mut self, ok: bool) {
        self.total += 1;
        self.correct += usize::from(ok);
    }

    /// correct / total (0 when nothing was counted).
    pub fn value(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.correct as f64 / self.total as f64
        }
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.3} ({}/{})", self.value(), self.correct, self.total)
    }
}

/// The scores.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EvalReport {
    pub sentences: usize,
    /// Sentences with an event of the gold category (negated ones excluded).
    pub recall: Ratio,
    /// Per gold category.
    pub recall_by_category: BTreeMap<String, Ratio>,
    /// Source / target country where gold gives one; agent likewise. The
    /// event scored is the most confident one of the gold category; a
    /// sentence without one counts as wrong.
    pub source_country: Ratio,
    pub target_country: Ratio,
    pub source_agent: Ratio,
    pub target_agent: Ratio,
    /// All events produced (any category).
    pub events: usize,
    /// (gold category, produced type or `NONE`) for sentences where the gold
    /// category was missed.
    pub confusion: BTreeMap<(String, String), usize>,
    /// Wall time of mention resolution + coding.
    pub seconds: f64,
}

impl EvalReport {
    /// Events per sentence.
    pub fn events_per_sentence(&self) -> f64 {
        if self.sentences == 0 {
            0.0
        } else {
            self.events as f64 / self.sentences as f64
        }
    }

    /// Sentences per second.
    pub fn throughput(&self) -> f64 {
        if self.seconds <= 0.0 {
            0.0
        } else {
            self.sentences as f64 / self.seconds
        }
    }

    /// Adds one gold sentence and the events coded for it.
    pub fn add(&mut self, gold: &GoldSentence, events: &[Event]) {
        self.sentences += 1;
        self.events += events.len();
        let best = events
            .iter()
            .filter(|e| e.r#type == gold.category && !e.negated)
            .fold(None::<&Event>, |b, e| match b {
                Some(b) if b.confidence >= e.confidence => Some(b),
                _ => Some(e),
            });
        self.recall.add(best.is_some());
        self.recall_by_category
            .entry(gold.category.clone())
            .or_default()
            .add(best.is_some());
        if best.is_none() {
            let mut kinds: Vec<&str> = events.iter().map(|e| e.r#type.as_str()).collect();
            kinds.sort_unstable();
            kinds.dedup();
            if kinds.is_empty() {
                kinds.push("NONE");
            }
            for k in kinds {
                *self
                    .confusion
                    .entry((gold.category.clone(), k.to_string()))
                    .or_default() += 1;
            }
        }
        let slot = |p: Option<&Participant>, country: bool| -> Option<String> {
            p.and_then(|p| {
                if country {
                    p.actor.clone()
                } else {
                    p.agent.clone()
                }
            })
        };
        let src = best.and_then(|e| e.source.as_ref());
        let tgt = best.and_then(|e| e.target.as_ref());
        if let Some(c) = &gold.source.0 {
            self.source_country
                .add(slot(src, true).as_deref() == Some(c));
        }
        if let Some(a) = &gold.source.1 {
            self.source_agent
                .add(slot(src, false).as_deref() == Some(a));
        }
        if let Some(c) = &gold.target.0 {
            self.target_country
                .add(slot(tgt, true).as_deref() == Some(c));
        }
        if let Some(a) = &gold.target.1 {
            self.target_agent
                .add(slot(tgt, false).as_deref() == Some(a));
        }
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "sentences            {}", self.sentences)?;
        writeln!(f, "category recall      {}", self.recall)?;
        for (c, r) in &self.recall_by_category {
            writeln!(f, "  {c:<18} {r}")?;
        }
        writeln!(f, "source country       {}", self.source_country)?;
        writeln!(f, "target country       {}", self.target_country)?;
        writeln!(f, "source agent         {}", self.source_agent)?;
        writeln!(f, "target agent         {}", self.target_agent)?;
        writeln!(
            f,
            "events / sentence    {:.2} ({} events)",
            self.events_per_sentence(),
            self.events
        )?;
        writeln!(
            f,
            "sentences / s        {:.1} ({:.2} s)",
            self.throughput(),
            self.seconds
        )?;
        if !self.confusion.is_empty() {
            writeln!(f, "missed → produced instead:")?;
            for ((g, p), n) in &self.confusion {
                writeln!(f, "  {g} → {p}: {n}")?;
            }
        }
        Ok(())
    }
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// "CTRY ROLE" → (country, role); `None` and empty parts are empty slots.
fn code_pair(s: &str) -> (Option<String>, Option<String>) {
    let mut it = s.split_whitespace().map(|p| {
        if p == "None" || p.is_empty() {
            None
        } else {
            Some(p.to_string())
        }
    });
    let a = it.next().flatten();
    let b = it.next().flatten();
    (a, b)
}

/// Parses a GSR validation file (lenient: a missing closing root tag is
/// fine). `name` is used in error messages.
pub fn parse_gsr(xml: &str, name: &str) -> Result<Vec<GoldSentence>, String> {
    let sent = Regex::new(r"(?s)<Sentence\b([^>]*)>(.*?)</Sentence>").map_err(|e| e.to_string())?;
    let attr = Regex::new(r#"([A-Za-z_]+)\s*=\s*"([^"]*)""#).map_err(|e| e.to_string())?;
    let coding = Regex::new(r"<EventCoding\b([^>]*)/?>").map_err(|e| e.to_string())?;
    let text = Regex::new(r"(?s)<Text>(.*?)</Text>").map_err(|e| e.to_string())?;
    let attrs = |s: &str| -> BTreeMap<String, String> {
        attr.captures_iter(s)
            .map(|c| (c[1].to_string(), unescape(&c[2])))
            .collect()
    };
    let mut out = Vec::new();
    for (n, c) in sent.captures_iter(xml).enumerate() {
        let a = attrs(&c[1]);
        let inner = &c[2];
        let id = a
            .get("id")
            .cloned()
            .unwrap_or_else(|| format!("{name}#{}", n + 1));
        let Some(t) = text.captures(inner) else {
            return Err(format!("{name}: sentence {id} has no <Text>"));
        };
        let category = match a.get("category") {
            Some(c) if !c.is_empty() => c.clone(),
            _ => return Err(format!("{name}: sentence {id} has no category")),
        };
        let date = a.get("date").and_then(|d| {
            (d.len() == 8 && d.chars().all(|c| c.is_ascii_digit()))
                .then(|| format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..]))
        });
        let (source, target) = match coding.captures(inner) {
            Some(ec) => {
                let ea = attrs(&ec[1]);
                (
                    code_pair(ea.get("sourcecode").map_or("", String::as_str)),
                    code_pair(ea.get("targetcode").map_or("", String::as_str)),
                )
            }
            None => ((None, None), (None, None)),
        };
        out.push(GoldSentence {
            id,
            category,
            date,
            text: unescape(t[1].trim()),
            source,
            target,
        });
    }
    if out.is_empty() {
        return Err(format!("{name}: no <Sentence> elements"));
    }
    Ok(out)
}

/// Codes and scores gold sentences (each sentence is one body).
pub fn evaluate_sentences(
    gold: &[GoldSentence],
    coder: &Coder,
    resolver: &rasad_mentions::Resolver,
) -> EvalReport {
    let mut report = EvalReport::default();
    let t0 = Instant::now();
    let mut coded = Vec::with_capacity(gold.len());
    for g in gold {
        let sentences = rasad_text::sentences(&g.text);
        let mentions = resolver.mentions(&g.text, &sentences, g.date.as_deref());
        coded.push(coder.events(&g.text, &sentences, &mentions, g.date.as_deref()));
    }
    report.seconds = t0.elapsed().as_secs_f64();
    for (g, evs) in gold.iter().zip(&mut coded) {
        for e in evs.iter_mut() {
            for p in [&mut e.source, &mut e.target].into_iter().flatten() {
                p.actor = p.actor.take().map(|c| cameo_country(resolver, c));
            }
        }
        report.add(g, evs);
    }
    report
}

/// The CAMEO country slot of an actor code, which is what the gold gives:
/// a state is itself; a named group, NGO or institution takes its home
/// state (Hamas → PSE); an international organisation is `IGO`, a
/// transnational armed group `IMG`. Unknown codes are kept.
pub fn cameo_country(resolver: &rasad_mentions::Resolver, code: String) -> String {
    let Some(a) = resolver.catalogue().actor(&code) else {
        return code;
    };
    if let Some(c) = &a.country {
        return c.clone();
    }
    match a.agent.as_deref() {
        Some("IGO") => "IGO".to_string(),
        Some("REB") | Some("UAF") => "IMG".to_string(),
        _ => code,
    }
}

/// Scores the GSR files at `paths` together.
pub fn evaluate(
    paths: &[PathBuf],
    coder: &Coder,
    resolver: &rasad_mentions::Resolver,
) -> Result<EvalReport, String> {
    let mut gold = Vec::new();
    for p in paths {
        let xml = std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
        gold.extend(parse_gsr(&xml, &p.display().to_string())?);
    }
    Ok(evaluate_sentences(&gold, coder, resolver))
}
