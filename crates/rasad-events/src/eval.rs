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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cameo_country_table_parses() {
        let m = parse_cameo_country(CAMEO_COUNTRY, "cameo_country.tsv").unwrap();
        assert_eq!(m.get("TALIBAN").map(String::as_str), Some("IMG"));
        let e = parse_cameo_country("# x\nTALIBAN\n", "t.tsv").unwrap_err();
        assert!(e.contains("t.tsv:2"), "{e}");
    }
}

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
    /// Every scored slot that came out wrong, in gold order.
    pub misses: Vec<Miss>,
}

/// One wrongly scored slot: for error analysis (`rasad eval events --misses`).
#[derive(Debug, Clone, PartialEq)]
pub struct Miss {
    pub id: String,
    /// `source country`, `target agent`, …
    pub slot: &'static str,
    pub gold: String,
    /// What the scored event had (`-` for nothing, `NO EVENT` without one).
    pub ours: String,
    /// Surface text (with `<country agent>`) of the scored event's source /
    /// target, and its trigger.
    pub source_text: Option<String>,
    pub target_text: Option<String>,
    pub trigger: Option<String>,
    pub text: String,
}

impl fmt::Display for Miss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}  {}: gold {} ours {}  [trigger {} | src {} | tgt {}]",
            self.id,
            self.slot,
            self.gold,
            self.ours,
            self.trigger.as_deref().unwrap_or("-"),
            self.source_text.as_deref().unwrap_or("-"),
            self.target_text.as_deref().unwrap_or("-"),
        )?;
        writeln!(f, "    {}", self.text)
    }
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
        let slots: [(&'static str, &Option<String>, Option<String>); 4] = [
            ("source country", &gold.source.0, slot(src, true)),
            ("source agent", &gold.source.1, slot(src, false)),
            ("target country", &gold.target.0, slot(tgt, true)),
            ("target agent", &gold.target.1, slot(tgt, false)),
        ];
        for (name, want, got) in slots {
            let Some(want) = want else { continue };
            let ok = got.as_deref() == Some(want.as_str());
            let ratio = match name {
                "source country" => &mut self.source_country,
                "source agent" => &mut self.source_agent,
                "target country" => &mut self.target_country,
                _ => &mut self.target_agent,
            };
            ratio.add(ok);
            if !ok {
                let text_of = |p: Option<&Participant>| {
                    p.map(|p| {
                        format!(
                            "{} <{} {}>",
                            p.text,
                            p.actor.as_deref().unwrap_or("None"),
                            p.agent.as_deref().unwrap_or("None")
                        )
                    })
                };
                self.misses.push(Miss {
                    id: gold.id.clone(),
                    slot: name,
                    gold: want.clone(),
                    ours: match (best, got) {
                        (None, _) => "NO EVENT".to_string(),
                        (Some(_), None) => "-".to_string(),
                        (Some(_), Some(g)) => g,
                    },
                    source_text: text_of(src),
                    target_text: text_of(tgt),
                    trigger: best.map(|e| e.trigger.text.clone()),
                    text: gold.text.clone(),
                });
            }
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
/// transnational armed group `IMG`; `data/events/cameo_country.tsv` lists
/// the actors CAMEO codes otherwise (Taliban → IMG). Unknown codes are kept.
pub fn cameo_country(resolver: &rasad_mentions::Resolver, code: String) -> String {
    if let Some(c) = cameo_overrides().get(code.as_str()) {
        return c.clone();
    }
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

const CAMEO_COUNTRY: &str = include_str!("../../../data/events/cameo_country.tsv");

/// Parses `data/events/cameo_country.tsv` (actor code → CAMEO country);
/// errors name the file and line.
pub fn parse_cameo_country(text: &str, file: &str) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        match (cols.next(), cols.next()) {
            (Some(code), Some(c)) if !code.is_empty() && c.len() == 3 => {
                out.insert(code.to_string(), c.to_string());
            }
            _ => {
                return Err(format!(
                    "{file}:{}: expected code<TAB>three-letter CAMEO country",
                    n + 1
                ))
            }
        }
    }
    Ok(out)
}

pub(crate) fn cameo_overrides() -> &'static BTreeMap<String, String> {
    static MAP: std::sync::OnceLock<BTreeMap<String, String>> = std::sync::OnceLock::new();
    // The embedded table is checked by a unit test; a broken one maps nothing.
    MAP.get_or_init(|| {
        parse_cameo_country(CAMEO_COUNTRY, "data/events/cameo_country.tsv").unwrap_or_default()
    })
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
