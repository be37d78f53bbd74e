//! Story briefs: what several sources agree on, what one source alone
//! says, who is quoted, and where reports disagree.

use crate::data::{resources, Bound};
use crate::fuse::DATE_SLACK;
use crate::util::{format_value, parse_day, UnionFind};
use rasad_doc::{Attested, Claim, Dispute, DisputedValue, Document, FusedEvent, QuoteLink, Story};
use rasad_text::fold_word;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Relative slack of an `about` figure («نحو 130» is read as 104–156).
pub const ABOUT_TOLERANCE: f64 = 0.2;
/// Words before a number searched for a bound marker («أكثر من»).
const MARKER_WORDS: usize = 4;
/// A claim not linked to an event is anchored to the nearest event of its
/// document whose sentence starts within this many chars.
const ANCHOR_DISTANCE: usize = 400;

/// The outlet behind a document: who a reader would say published it.
fn outlet(d: &Document) -> String {
    d.source_name
        .as_deref()
        .or(d.agency.as_deref())
        .map(|s| fold_word(s.trim()))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| format!("doc:{}", d.id))
}

/// Counts distinct sources among documents: documents of one outlet, or of
/// one near-duplicate group, are one source.
struct Sources {
    index: HashMap<String, usize>,
    uf: UnionFind,
}

impl Sources {
    fn new(story: &Story, docs: &[&Document]) -> Sources {
        let mut index: HashMap<String, usize> = HashMap::new();
        for d in docs {
            let n = index.len();
            index.entry(d.id.clone()).or_insert(n);
        }
        let mut uf = UnionFind::new(index.len());
        let mut by_outlet: HashMap<String, usize> = HashMap::new();
        for d in docs {
            let i = index[&d.id];
            let o = *by_outlet.entry(outlet(d)).or_insert(i);
            uf.union(o, i);
        }
        for g in &story.duplicates {
            let members: Vec<usize> = g.iter().filter_map(|id| index.get(id).copied()).collect();
            for w in members.windows(2) {
                uf.union(w[0], w[1]);
            }
        }
        Sources { index, uf }
    }

    fn count<'a>(&mut self, ids: impl Iterator<Item = &'a String>) -> usize {
        let roots: BTreeSet<usize> = ids
            .filter_map(|id| self.index.get(id).copied())
            .map(|i| self.uf.find(i))
            .collect();
        roots.len()
    }
}

/// One readable line for a fused event.
pub fn describe(fe: &FusedEvent) -> String {
    let mut s = fe.r#type.clone();
    if fe.negated {
        s.push_str(" (negated)");
    }
    match (&fe.source, &fe.target) {
        (Some(a), Some(b)) => s.push_str(&format!(": {a} → {b}")),
        (Some(a), None) => s.push_str(&format!(": {a}")),
        (None, Some(b)) => s.push_str(&format!(": → {b}")),
        (None, None) => {}
    }
    if let Some(l) = &fe.location {
        s.push_str(&format!(" in {l}"));
    }
    if let Some(d) = &fe.date {
        s.push_str(&format!(", {d}"));
        if let Some(e) = fe.date_end.as_ref().filter(|e| *e != d) {
            s.push_str(&format!("–{e}"));
        }
    }
    s
}

/// The happening a quantity is about: type, place, date.
fn happening_label(fe: &FusedEvent) -> String {
    let mut s = fe.r#type.clone();
    if let Some(l) = &fe.location {
        s.push_str(&format!(" in {l}"));
    }
    if let Some(d) = &fe.date {
        s.push_str(&format!(", {d}"));
    }
    s
}

/// The range a claim allows for the true value.
fn claim_range(doc: &Document, c: &Claim) -> (f64, f64, Option<Bound>) {
    if !c.approximate {
        return (c.value, c.value, None);
    }
    // The claim's words and a few words before them: «أكثر من» is often
    // outside the span the claim extractor kept.
    let before: String = doc.body.chars().take(c.start).collect();
    let mut tail: Vec<&str> = before.split_whitespace().rev().take(MARKER_WORDS).collect();
    tail.reverse();
    let window = format!("{} {}", tail.join(" "), c.text);
    let folded: Vec<String> = window
        .split(|ch: char| ch.is_whitespace() || ch.is_ascii_punctuation() || "،؛«»".contains(ch))
        .filter(|w| !w.is_empty())
        .map(fold_word)
        .collect();
    let padded = format!(" {} ", folded.join(" "));
    let bound = resources()
        .bounds
        .iter()
        .find(|(m, _)| padded.contains(m.as_str()))
        .map(|(_, b)| *b)
        .unwrap_or(Bound::About);
    let v = c.value;
    let (lo, hi) = match bound {
        Bound::Lower => (v, f64::INFINITY),
        Bound::Upper => (f64::NEG_INFINITY, v),
        Bound::About => (v * (1.0 - ABOUT_TOLERANCE), v * (1.0 + ABOUT_TOLERANCE)),
    };
    (lo.min(hi), hi.max(lo), Some(bound))
}

fn display_value(v: f64, bound: Option<Bound>) -> String {
    let n = format_value(v);
    match bound {
        None => n,
        Some(Bound::Lower) => format!("≥{n}"),
        Some(Bound::Upper) => format!("≤{n}"),
        Some(Bound::About) => format!("~{n}"),
    }
}

fn date_range(fe: &FusedEvent) -> Option<(i64, i64)> {
    let a = fe.date.as_deref().and_then(parse_day)?;
    let b = fe.date_end.as_deref().and_then(parse_day).unwrap_or(a);
    Some((a.min(b), a.max(b)))
}

/// The event index of `doc` a claim is about: its own link, else the event
/// in its sentence, else the nearest one close by.
fn anchor(doc: &Document, c: &Claim) -> Option<usize> {
    if let Some(i) = c.event.filter(|i| *i < doc.events.len()) {
        return Some(i);
    }
    doc.events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let overlap = e.sentence.start < c.sentence.end.max(c.end)
                && c.sentence.start.min(c.start) < e.sentence.end;
            let dist = if overlap {
                0
            } else {
                e.sentence.start.abs_diff(c.sentence.start)
            };
            (dist, i)
        })
        .filter(|(d, _)| *d <= ANCHOR_DISTANCE)
        .min()
        .map(|(_, i)| i)
}

struct Obs<'a> {
    doc: &'a Document,
    lo: f64,
    hi: f64,
    value: f64,
    bound: Option<Bound>,
}

/// Fill `story.events`, `agreed`, `single_source` and `quoted` from its
/// documents and the fused events (any fused event with a report in one of
/// `docs` belongs to the story), and return the disputes: one quantity of
/// one happening reported with incompatible values, or one fused happening
/// given different explicit dates.
pub fn brief(story: &mut Story, docs: &[&Document], fused: &[FusedEvent]) -> Vec<Dispute> {
    let ids: HashSet<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    let relevant: Vec<&FusedEvent> = fused
        .iter()
        .filter(|f| f.documents.iter().any(|d| ids.contains(d.as_str())))
        .collect();
    brief_relevant(story, docs, &relevant)
}

/// [`brief`] given exactly the fused events with a report in `docs`, in
/// the order of the full list: [`crate::analyze`] finds them for all
/// stories in one pass instead of scanning every fused event per story.
pub(crate) fn brief_relevant(
    story: &mut Story,
    docs: &[&Document],
    relevant: &[&FusedEvent],
) -> Vec<Dispute> {
    let by_id: HashMap<&str, &Document> = docs.iter().map(|d| (d.id.as_str(), *d)).collect();
    let mut sources = Sources::new(story, docs);
    story.events = relevant.iter().map(|f| f.id.clone()).collect();
    story.agreed.clear();
    story.single_source.clear();
    let mut disputes = Vec::new();

    let mut report_of: HashMap<(&str, usize), usize> = HashMap::new();
    for (fi, f) in relevant.iter().enumerate() {
        for r in &f.reports {
            report_of.insert((r.document.as_str(), r.index), fi);
        }
        let documents: Vec<String> = f
            .documents
            .iter()
            .filter(|d| by_id.contains_key(d.as_str()))
            .cloned()
            .collect();
        let n = sources.count(documents.iter());
        let a = Attested {
            what: describe(f),
            documents,
            event: Some(f.id.clone()),
        };
        if n >= 2 {
            story.agreed.push(a);
        } else {
            story.single_source.push(a);
        }
    }

    // Happenings: fused events of one type, place and time, so claims
    // anchored to differently-resolved dyads are still compared.
    let mut happening = UnionFind::new(relevant.len());
    for i in 0..relevant.len() {
        for j in i + 1..relevant.len() {
            let (a, b) = (relevant[i], relevant[j]);
            let place_ok = match (&a.location, &b.location) {
                (Some(x), Some(y)) => x == y,
                _ => true,
            };
            let date_ok = match (date_range(a), date_range(b)) {
                (Some((a0, a1)), Some((b0, b1))) => b0 <= a1 + DATE_SLACK && a0 <= b1 + DATE_SLACK,
                _ => true,
            };
            if a.r#type == b.r#type && a.negated == b.negated && place_ok && date_ok {
                happening.union(i, j);
            }
        }
    }

    // Quantities by (happening, unit).
    let mut quantities: BTreeMap<(usize, String), Vec<Obs>> = BTreeMap::new();
    for d in docs {
        for c in &d.claims {
            if !c.value.is_finite() || c.unit.trim().is_empty() {
                continue;
            }
            let Some(fi) = anchor(d, c).and_then(|i| report_of.get(&(d.id.as_str(), i))) else {
                continue;
            };
            let (lo, hi, bound) = claim_range(d, c);
            quantities
                .entry((happening.find(*fi), c.unit.clone()))
                .or_default()
                .push(Obs {
                    doc: d,
                    lo,
                    hi,
                    value: c.value,
                    bound,
                });
        }
    }
    for ((h, unit), obs) in &quantities {
        let fe = relevant[*h];
        let label = format!("{unit} ({})", happening_label(fe));
        // Values as reported, each with its documents.
        let mut values: BTreeMap<String, (f64, BTreeSet<String>)> = BTreeMap::new();
        for o in obs {
            values
                .entry(display_value(o.value, o.bound))
                .or_insert((o.value, BTreeSet::new()))
                .1
                .insert(o.doc.id.clone());
        }
        for (shown, (_, ids)) in &values {
            let n = sources.count(ids.iter());
            let a = Attested {
                what: format!("{unit}: {shown} ({})", happening_label(fe)),
                documents: ids.iter().cloned().collect(),
                event: Some(fe.id.clone()),
            };
            if n >= 2 {
                story.agreed.push(a);
            } else {
                story.single_source.push(a);
            }
        }
        // Compatible when some value fits every report's range.
        let lo = obs.iter().map(|o| o.lo).fold(f64::NEG_INFINITY, f64::max);
        let hi = obs.iter().map(|o| o.hi).fold(f64::INFINITY, f64::min);
        // A document contradicting itself is more likely two partial counts
        // than a dispute between outlets.
        let n_sources = sources.count(obs.iter().map(|o| &o.doc.id));
        if lo > hi + 1e-9 && n_sources >= 2 {
            let mut vs: Vec<(f64, DisputedValue)> = values
                .into_iter()
                .map(|(shown, (v, ids))| {
                    (
                        v,
                        DisputedValue {
                            value: shown,
                            documents: ids.into_iter().collect(),
                        },
                    )
                })
                .collect();
            vs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.value.cmp(&b.1.value)));
            disputes.push(Dispute {
                story: story.id.clone(),
                kind: "quantity".into(),
                about: label,
                event: Some(fe.id.clone()),
                values: vs.into_iter().map(|(_, v)| v).collect(),
            });
        }
    }

    // Dates: only dates the text states (`date_text`); an event dated by
    // its article's publication date says nothing about the happening.
    for f in relevant {
        let mut dates: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for r in &f.reports {
            let Some(d) = by_id.get(r.document.as_str()) else {
                continue;
            };
            let Some(e) = d.events.get(r.index) else {
                continue;
            };
            if e.date_text.as_deref().is_some_and(|t| !t.trim().is_empty()) {
                if let Some(day) = e.date.as_deref().filter(|x| parse_day(x).is_some()) {
                    dates
                        .entry(day.to_string())
                        .or_default()
                        .insert(d.id.clone());
                }
            }
        }
        // One outlet giving two dates is its own muddle, not a dispute
        // between sources (as for quantities).
        let outlets: BTreeSet<String> = dates
            .values()
            .flatten()
            .filter_map(|id| by_id.get(id.as_str()).map(|d| outlet(d)))
            .collect();
        if dates.len() >= 2 && outlets.len() >= 2 {
            let mut about = format!("date of {}", f.r#type);
            match (&f.source, &f.target) {
                (Some(a), Some(b)) => about.push_str(&format!(" ({a} → {b})")),
                (Some(a), None) | (None, Some(a)) => about.push_str(&format!(" ({a})")),
                (None, None) => {}
            }
            if let Some(l) = &f.location {
                about.push_str(&format!(" in {l}"));
            }
            disputes.push(Dispute {
                story: story.id.clone(),
                kind: "date".into(),
                about,
                event: Some(f.id.clone()),
                values: dates
                    .into_iter()
                    .map(|(value, ids)| DisputedValue {
                        value,
                        documents: ids.into_iter().collect(),
                    })
                    .collect(),
            });
        }
    }

    story.quoted = quoted(docs);
    disputes
}

/// Who each document quotes, and how often.
fn quoted(docs: &[&Document]) -> Vec<QuoteLink> {
    let mut out = Vec::new();
    for d in docs {
        let mut links: BTreeMap<(Option<String>, Option<String>), usize> = BTreeMap::new();
        for q in &d.quotes {
            let speaker = q.speaker.as_ref().and_then(|s| {
                s.person
                    .clone()
                    .or_else(|| Some(s.text.trim().to_string()).filter(|t| !t.is_empty()))
            });
            let actor = q.speaker.as_ref().and_then(|s| s.actor.clone());
            *links.entry((speaker, actor)).or_insert(0) += 1;
        }
        for ((speaker, actor), quotes) in links {
            out.push(QuoteLink {
                document: d.id.clone(),
                source_name: d.source_name.clone().or_else(|| d.agency.clone()),
                speaker,
                actor,
                quotes,
            });
        }
    }
    out
}
