//! Event fusion: reports of one happening in different articles → one
//! [`FusedEvent`].

use crate::cluster::participant_key;
use crate::data::resources;
use crate::util::{format_day, parse_day};
use rasad_doc::{Document, Event, EventRef, FusedEvent};
use std::collections::{BTreeMap, HashMap};

/// Reports more than this many days apart are different happenings.
pub const DATE_SLACK: i64 = 2;

struct Report<'a> {
    doc: &'a Document,
    index: usize,
    event: &'a Event,
    day: Option<i64>,
    country: Option<&'a str>,
}

#[derive(Default)]
struct Group {
    reports: Vec<usize>,
    min: Option<i64>,
    max: Option<i64>,
    country: Option<String>,
}

impl Group {
    fn accepts(&self, r: &Report) -> Option<i64> {
        let country_ok = match (&self.country, r.country) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        if !country_ok {
            return None;
        }
        match (r.day, self.min, self.max) {
            (Some(d), Some(lo), Some(hi)) => {
                // Every pair of reports within the slack.
                (d >= hi - DATE_SLACK && d <= lo + DATE_SLACK).then(|| (d - (lo + hi) / 2).abs())
            }
            _ => Some(DATE_SLACK + 1),
        }
    }

    fn add(&mut self, i: usize, r: &Report) {
        self.reports.push(i);
        if let Some(d) = r.day {
            self.min = Some(self.min.map_or(d, |m| m.min(d)));
            self.max = Some(self.max.map_or(d, |m| m.max(d)));
        }
        if self.country.is_none() {
            self.country = r.country.map(str::to_string);
        }
    }
}

/// Most frequent value, ties to the smallest: deterministic whatever the
/// order of reports.
fn mode<'a>(values: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for v in values {
        *counts.entry(v).or_insert(0) += 1;
    }
    let mut best: Option<(&str, usize)> = None;
    for (v, c) in counts {
        if best.is_none_or(|(_, bc)| c > bc) {
            best = Some((v, c));
        }
    }
    best.map(|(v, _)| v.to_string())
}

/// Fuse the events of `docs`: same PLOVER type, same source and target
/// (unordered for the symmetric types of `data/stories/symmetric_types.txt`),
/// same negation, dates within ±[`DATE_SLACK`] days of each other (or
/// missing), same country (or missing). Events with neither actor resolved
/// fuse only when both their date and country are known, since type alone
/// says too little. Every event of every document ends up in exactly one
/// fused event. Output is sorted by date (undated last), then id.
pub fn fuse(docs: &[&Document]) -> Vec<FusedEvent> {
    let sym = &resources().symmetric;
    type Key = (String, bool, Option<String>, Option<String>);
    let mut reports: Vec<Report> = Vec::new();
    let mut buckets: BTreeMap<Key, Vec<usize>> = BTreeMap::new();
    let mut singles: Vec<usize> = Vec::new();
    for doc in docs {
        for (index, event) in doc.events.iter().enumerate() {
            let mut a = event.source.as_ref().and_then(participant_key);
            let mut b = target_party(event).and_then(participant_key);
            if sym.contains(&event.r#type) && b < a {
                std::mem::swap(&mut a, &mut b);
            }
            let r = Report {
                doc,
                index,
                event,
                day: event.date.as_deref().and_then(parse_day),
                country: event.location.as_ref().and_then(|l| l.country.as_deref()),
            };
            let i = reports.len();
            let unanchored = a.is_none() && b.is_none() && (r.day.is_none() || r.country.is_none());
            reports.push(r);
            if unanchored {
                singles.push(i);
            } else {
                buckets
                    .entry((event.r#type.clone(), event.negated, a, b))
                    .or_default()
                    .push(i);
            }
        }
    }

    let mut groups: Vec<Group> = Vec::new();
    for (_, mut members) in buckets {
        // Dated reports first, in date order, so greedy grouping does not
        // depend on the order documents were given in.
        members.sort_by(|x, y| {
            let (rx, ry) = (&reports[*x], &reports[*y]);
            (rx.day.is_none(), rx.day, &rx.doc.id, rx.index).cmp(&(
                ry.day.is_none(),
                ry.day,
                &ry.doc.id,
                ry.index,
            ))
        });
        let first = groups.len();
        for i in members {
            let r = &reports[i];
            let best = groups[first..]
                .iter()
                .enumerate()
                .filter_map(|(g, grp)| grp.accepts(r).map(|d| (d, g)))
                .min();
            match best {
                Some((_, g)) => groups[first + g].add(i, r),
                None => {
                    let mut g = Group::default();
                    g.add(i, r);
                    groups.push(g);
                }
            }
        }
    }
    for i in singles {
        let mut g = Group::default();
        g.add(i, &reports[i]);
        groups.push(g);
    }

    let mut out: Vec<FusedEvent> = groups.iter().map(|g| build(g, &reports, sym)).collect();
    out.sort_by(|a, b| (a.date.is_none(), &a.date, &a.id).cmp(&(b.date.is_none(), &b.date, &b.id)));
    out
}

fn build(g: &Group, reports: &[Report], sym: &std::collections::HashSet<String>) -> FusedEvent {
    let rs: Vec<&Report> = g.reports.iter().map(|i| &reports[*i]).collect();
    let mut refs: Vec<EventRef> = rs
        .iter()
        .map(|r| EventRef {
            document: r.doc.id.clone(),
            index: r.index,
        })
        .collect();
    refs.sort();
    let first = &rs[0].event;
    let mut source = first.source.as_ref().and_then(participant_key);
    let mut target = target_party(first).and_then(participant_key);
    if sym.contains(&first.r#type) && target < source {
        std::mem::swap(&mut source, &mut target);
    }
    // Each report's participants in the fused orientation (a symmetric
    // dyad may be written either way round).
    let agent = |want_source: bool| {
        mode(rs.iter().filter_map(|r| {
            let (s, t) = (r.event.source.as_ref(), target_party(r.event));
            let (fs, ft) = if s.and_then(participant_key) == source {
                (s, t)
            } else {
                (t, s)
            };
            let p = if want_source { fs } else { ft };
            p.and_then(|p| p.agent.as_deref())
        }))
    };
    let mut documents: Vec<String> = Vec::new();
    let mut seen: HashMap<&str, ()> = HashMap::new();
    for r in &refs {
        if seen.insert(r.document.as_str(), ()).is_none() {
            documents.push(r.document.clone());
        }
    }
    let location = g.country.clone().or_else(|| {
        rs.iter()
            .find_map(|r| r.event.location.as_ref().map(|l| l.text.trim().to_string()))
            .filter(|t| !t.is_empty())
    });
    FusedEvent {
        id: format!("fe:{}:{}", refs[0].document, refs[0].index),
        r#type: first.r#type.clone(),
        cameo: mode(rs.iter().filter_map(|r| r.event.cameo.as_deref())),
        source_agent: agent(true),
        target_agent: agent(false),
        source,
        target,
        date: g.min.map(format_day),
        date_end: g.max.map(format_day),
        location,
        negated: first.negated,
        reports: refs,
        documents,
    }
}

/// An event's target as a party to it. A target that is only the place the
/// event happened in (the coder's last guess for an attack with no named
/// victim: the same words as its location) is where, not whom: a fused
/// event, and so the network, records it as the location only.
pub(crate) fn target_party(event: &rasad_doc::Event) -> Option<&rasad_doc::Participant> {
    let t = event.target.as_ref()?;
    match &event.location {
        Some(l) if t.start < t.end && l.start == t.start && l.end == t.end => None,
        _ => Some(t),
    }
}
