//! The signed alliance network of rasad: who cooperates with whom and who
//! fights whom, read from fused events, with a structural-balance analysis
//! and pictures of it.
//!
//! - [`network`] folds fused events into undirected, signed, weighted ties
//!   ([`Relation`]): each event adds its PLOVER type's signed weight
//!   ([`Weights`], from `data/graph/plover_weights.tsv`), decayed
//!   exponentially with its age at the slice date ([`Options`]).
//! - [`balance`] lists every triad of three mutually tied actors
//!   ([`Triad`]) and says whether it is balanced in Heider's sense (the
//!   product of its three signs is positive), with a one-line explanation;
//!   [`Balance::frustration`] is the share of unbalanced triads.
//!   [`frustration_index`] gives, for small graphs, the minimum number of
//!   ties whose sign must flip for the whole network to be balanced.
//! - [`allies_of_allies`] answers "who are my allies' allies, and how do I
//!   stand with them?".
//! - [`render_svg`], [`render_dot`] and [`render_graphml`] draw or export
//!   the network (JSON is the binary's job: the records are serde types).
//!
//! Invariants:
//! - Negated events never count (a denied attack is not conflict, a
//!   cancelled agreement is not cooperation); neither do self-loops, events
//!   with a missing source or target, or event types the weights table does
//!   not list.
//! - A fused event counts once however many reports it has: reporting
//!   volume is not alliance strength.
//! - Ties are undirected (`a < b`); `sign` is the sign of the decayed sum,
//!   `weight` its absolute value; a tie whose sum is zero carries no sign
//!   and is not emitted.
//! - Everything is deterministic: same input, same relations, triads, layout
//!   and bytes of output. Nothing here panics on any input.

mod render;
mod weights;

use std::collections::{BTreeMap, BTreeSet};

pub use chrono::NaiveDate;
pub use rasad_doc::{Balance, FusedEvent, Relation, Triad};
pub use render::{render_dot, render_graphml, render_svg};
pub use weights::{Weights, WeightsError};

/// How to slice and weigh the network.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The slice date: only events dated on or before it count, and ages
    /// are measured from it. `None`: every dated event counts and ages are
    /// measured from the latest event date in the input.
    pub at: Option<NaiveDate>,
    /// An event's weight halves every `half_life_days` of age. Zero,
    /// negative, NaN or infinite: no decay.
    pub half_life_days: f64,
    /// Only events at most this many days old (at the slice date) count.
    pub window_days: Option<u32>,
    /// Keep only ties between two of these actor codes (the induced
    /// sub-network), when given.
    pub actors: Option<Vec<String>>,
}

impl Default for Options {
    /// No slice, no decay, no window, every actor.
    fn default() -> Options {
        Options {
            at: None,
            half_life_days: f64::INFINITY,
            window_days: None,
            actors: None,
        }
    }
}

/// Parses a `YYYY-MM-DD` date, also when followed by a time
/// (`2015-11-13T21:00`). Anything else is `None`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let head = s.get(..10).unwrap_or(s);
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

/// An actor code as the network uses it: trimmed, `None` when empty.
fn code(c: &Option<String>) -> Option<&str> {
    c.as_deref().map(str::trim).filter(|c| !c.is_empty())
}

/// One event that passed the type/actor filters, before time slicing.
struct Candidate<'a> {
    a: &'a str,
    b: &'a str,
    weight: f64,
    date: Option<NaiveDate>,
}

#[derive(Default)]
struct Tie {
    sum: f64,
    events: usize,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
}

/// The signed network at a time slice. See the crate docs for what counts.
///
/// Undated events count (at full weight) only when neither `at` nor
/// `window_days` is set, since they cannot be placed in a slice.
/// Relations come sorted by `(a, b)`.
pub fn network(events: &[FusedEvent], weights: &Weights, opts: &Options) -> Vec<Relation> {
    let keep: Option<BTreeSet<&str>> = opts
        .actors
        .as_ref()
        .map(|v| v.iter().map(|s| s.trim()).collect());
    let mut candidates = Vec::new();
    for e in events {
        if e.negated {
            continue;
        }
        let Some(weight) = weights.get(&e.r#type) else {
            continue;
        };
        let (Some(s), Some(t)) = (code(&e.source), code(&e.target)) else {
            continue;
        };
        // Civilians, the opposition, unidentified gunmen… do not speak for
        // their state (data/graph/agents.tsv).
        if !weights.agent_counts(e.source_agent.as_deref())
            || !weights.agent_counts(e.target_agent.as_deref())
        {
            continue;
        }
        if s == t {
            continue;
        }
        if let Some(keep) = &keep {
            if !keep.contains(s) || !keep.contains(t) {
                continue;
            }
        }
        let (a, b) = if s < t { (s, t) } else { (t, s) };
        let date = e.date.as_deref().and_then(parse_date);
        candidates.push(Candidate { a, b, weight, date });
    }

    // Ages are measured from the slice date, or from the newest event so
    // that an unsliced network still favours recent behaviour.
    let reference = opts
        .at
        .or_else(|| candidates.iter().filter_map(|c| c.date).max());
    let half_life = opts.half_life_days;
    let decays = half_life.is_finite() && half_life > 0.0;

    let mut ties: BTreeMap<(&str, &str), Tie> = BTreeMap::new();
    for c in &candidates {
        let factor = match (c.date, reference) {
            (Some(d), Some(r)) => {
                if opts.at.is_some() && d > r {
                    continue;
                }
                let age = (r - d).num_days().max(0);
                if let Some(w) = opts.window_days {
                    if age > i64::from(w) {
                        continue;
                    }
                }
                if decays {
                    0.5f64.powf(age as f64 / half_life)
                } else {
                    1.0
                }
            }
            _ => {
                if opts.at.is_some() || opts.window_days.is_some() {
                    continue;
                }
                1.0
            }
        };
        let tie = ties.entry((c.a, c.b)).or_default();
        tie.sum += c.weight * factor;
        tie.events += 1;
        if let Some(d) = c.date {
            tie.first = Some(tie.first.map_or(d, |f| f.min(d)));
            tie.last = Some(tie.last.map_or(d, |l| l.max(d)));
        }
    }

    ties.into_iter()
        .filter(|(_, t)| t.sum.is_finite() && t.sum.abs() > 1e-9)
        .map(|((a, b), t)| Relation {
            a: a.to_string(),
            b: b.to_string(),
            sign: if t.sum > 0.0 { 1 } else { -1 },
            // Rounded so that JSON output does not carry float noise.
            weight: (t.sum.abs() * 1e6).round() / 1e6,
            events: t.events,
            first: t.first.map(|d| d.to_string()),
            last: t.last.map(|d| d.to_string()),
        })
        .collect()
}

/// Signed adjacency: `sign[(a, b)]` with `a < b`, for ties with a sign.
fn signs(relations: &[Relation]) -> BTreeMap<(&str, &str), i8> {
    let mut m = BTreeMap::new();
    for r in relations {
        let (a, b) = (r.a.as_str(), r.b.as_str());
        if a == b || r.sign == 0 {
            continue;
        }
        let key = if a < b { (a, b) } else { (b, a) };
        m.insert(key, r.sign.signum());
    }
    m
}

fn sign_of(m: &BTreeMap<(&str, &str), i8>, x: &str, y: &str) -> Option<i8> {
    let key = if x < y { (x, y) } else { (y, x) };
    m.get(&key).copied()
}

fn sign_char(s: i8) -> char {
    if s > 0 {
        '+'
    } else {
        '−'
    }
}

/// Every triad whose three ties are all signed, and the balance summary.
///
/// A triad is balanced when the product of its signs is positive. Its
/// actors are ordered so that the tie with the odd sign, if any, joins
/// `actors[0]` and `actors[2]` (the pivot sits in the middle), which makes
/// the explanation read naturally: "FRA+RUS, RUS+SYR, FRA−SYR: the ally of
/// my ally is my enemy (…)". `names` turns codes into display names for
/// the parenthesis. Triads come sorted by their sorted actor codes.
pub fn balance(relations: &[Relation], names: &dyn Fn(&str) -> String) -> (Vec<Triad>, Balance) {
    let m = signs(relations);
    let mut adj: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for &(a, b) in m.keys() {
        adj.entry(a).or_default().insert(b);
        adj.entry(b).or_default().insert(a);
    }
    let mut triads = Vec::new();
    for (&(x, y), _) in m.iter() {
        let (Some(nx), Some(ny)) = (adj.get(x), adj.get(y)) else {
            continue;
        };
        // x < y < z so each triad is found once.
        for &z in nx.intersection(ny).filter(|z| **z > y) {
            triads.push(make_triad([x, y, z], &m, names));
        }
    }
    let unbalanced = triads.iter().filter(|t| !t.balanced).count();
    let frustration = if triads.is_empty() {
        0.0
    } else {
        unbalanced as f64 / triads.len() as f64
    };
    let summary = Balance {
        triads: triads.len(),
        unbalanced,
        frustration,
    };
    (triads, summary)
}

fn make_triad(
    sorted: [&str; 3],
    m: &BTreeMap<(&str, &str), i8>,
    names: &dyn Fn(&str) -> String,
) -> Triad {
    let [x, y, z] = sorted;
    let s = |p: &str, q: &str| sign_of(m, p, q).unwrap_or(0);
    let (sxy, syz, sxz) = (s(x, y), s(y, z), s(x, z));
    let negatives = [sxy, syz, sxz].iter().filter(|v| **v < 0).count();
    // Put the odd-signed tie between positions 0 and 2.
    let order = if negatives == 1 || negatives == 2 {
        let odd_is_negative = negatives == 1;
        let odd = |v: i8| (v < 0) == odd_is_negative;
        if odd(sxy) {
            [x, z, y]
        } else if odd(syz) {
            [y, x, z]
        } else {
            [x, y, z]
        }
    } else {
        [x, y, z]
    };
    let [a, b, c] = order;
    let signs = [s(a, b), s(b, c), s(a, c)];
    let balanced = signs.iter().map(|v| i32::from(*v)).product::<i32>() > 0;
    let name = |code: &str| {
        let n = names(code);
        if n.trim().is_empty() {
            code.to_string()
        } else {
            n
        }
    };
    let (na, nb, nc) = (name(a), name(b), name(c));
    let phrase = match negatives {
        0 => format!("the friend of my friend is my friend ({na}, {nb} and {nc} are mutual allies)"),
        1 => format!(
            "the ally of my ally is my enemy ({nb} is allied with both {na} and {nc}, which are enemies)"
        ),
        2 => format!("the enemy of my enemy is my friend ({na} and {nc} are allies against {nb})"),
        _ => format!("three mutual enemies ({na}, {nb} and {nc} are all at odds)"),
    };
    let explanation = format!(
        "{a}{}{b}, {b}{}{c}, {a}{}{c}: {phrase}",
        sign_char(signs[0]),
        sign_char(signs[1]),
        sign_char(signs[2]),
    );
    Triad {
        actors: [a.to_string(), b.to_string(), c.to_string()],
        signs,
        balanced,
        explanation,
    }
}

/// For each ally of `actor` (positive tie), each of that ally's other
/// allies, with `actor`'s own sign towards them (0 when there is no tie).
/// Sorted by ally, then ally of ally; `actor` itself is never listed.
pub fn allies_of_allies(relations: &[Relation], actor: &str) -> Vec<(String, String, i8)> {
    let m = signs(relations);
    let actor = actor.trim();
    let allies_of = |x: &str| -> BTreeSet<&str> {
        m.iter()
            .filter(|(_, s)| **s > 0)
            .filter_map(|(&(p, q), _)| {
                if p == x {
                    Some(q)
                } else if q == x {
                    Some(p)
                } else {
                    None
                }
            })
            .collect()
    };
    let mut out = Vec::new();
    for ally in allies_of(actor) {
        for other in allies_of(ally) {
            if other == actor {
                continue;
            }
            let direct = sign_of(&m, actor, other).unwrap_or(0);
            out.push((ally.to_string(), other.to_string(), direct));
        }
    }
    out
}

/// The minimum frustration (line) index of a signed network.
#[derive(Debug, Clone, PartialEq)]
pub struct FrustrationIndex {
    /// Fewest ties whose sign must flip for the network to be balanced.
    pub flips: usize,
    /// Summed weight of those ties (ties are chosen to minimise `flips`
    /// first, this second).
    pub weighted: f64,
    /// The ties to flip, as `(a, b)` with `a < b`, sorted.
    pub ties: Vec<(String, String)>,
}

/// A tie inside one component, by the component-local indices of its ends.
struct CampEdge<'a> {
    i: usize,
    j: usize,
    positive: bool,
    weight: f64,
    tie: (&'a str, &'a str),
}

impl CampEdge<'_> {
    /// Disagrees with the split `camps` (bit k = camp of actor k): a
    /// positive tie across camps or a negative one inside a camp.
    fn violated(&self, camps: u32) -> bool {
        let across = ((camps >> self.i) ^ (camps >> self.j)) & 1 == 1;
        across == self.positive
    }
}

/// Largest connected component [`frustration_index`] solves exactly: the
/// search is exhaustive over two-camp splits (2^(n−1) per component).
pub const FRUSTRATION_MAX_COMPONENT: usize = 16;

/// The exact minimum frustration index: split each connected component into
/// two camps so that the fewest ties disagree (a positive tie across camps
/// or a negative one inside a camp). `None` when a component has more than
/// [`FRUSTRATION_MAX_COMPONENT`] actors (the problem is NP-hard; use
/// [`Balance::frustration`] there).
pub fn frustration_index(relations: &[Relation]) -> Option<FrustrationIndex> {
    let m = signs(relations);
    let mut weight: BTreeMap<(&str, &str), f64> = BTreeMap::new();
    for r in relations {
        let key = if r.a < r.b {
            (r.a.as_str(), r.b.as_str())
        } else {
            (r.b.as_str(), r.a.as_str())
        };
        if m.contains_key(&key) {
            weight.insert(
                key,
                if r.weight.is_finite() {
                    r.weight.abs()
                } else {
                    0.0
                },
            );
        }
    }
    let mut adj: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for &(a, b) in m.keys() {
        adj.entry(a).or_default().insert(b);
        adj.entry(b).or_default().insert(a);
    }
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut result = FrustrationIndex {
        flips: 0,
        weighted: 0.0,
        ties: Vec::new(),
    };
    for &start in adj.keys() {
        if seen.contains(start) {
            continue;
        }
        // Collect the component.
        let mut comp = vec![start];
        seen.insert(start);
        let mut i = 0;
        while i < comp.len() {
            if let Some(ns) = adj.get(comp[i]) {
                for &n in ns {
                    if seen.insert(n) {
                        comp.push(n);
                    }
                }
            }
            i += 1;
        }
        if comp.len() > FRUSTRATION_MAX_COMPONENT {
            return None;
        }
        let index: BTreeMap<&str, usize> = comp.iter().enumerate().map(|(i, c)| (*c, i)).collect();
        let edges: Vec<CampEdge> = m
            .iter()
            .filter_map(|(&(a, b), &sign)| {
                Some(CampEdge {
                    i: *index.get(a)?,
                    j: *index.get(b)?,
                    positive: sign > 0,
                    weight: weight.get(&(a, b)).copied().unwrap_or(0.0),
                    tie: (a, b),
                })
            })
            .collect();
        // Actor 0 stays in camp 0: the mirror split is the same split.
        let mut best: Option<(usize, f64, u32)> = None;
        for mask in 0u32..(1u32 << (comp.len() - 1)) {
            let full = mask << 1;
            let (mut count, mut w) = (0usize, 0.0f64);
            for e in &edges {
                if e.violated(full) {
                    count += 1;
                    w += e.weight;
                }
            }
            let better = match best {
                None => true,
                Some((bc, bw, _)) => count < bc || (count == bc && w < bw - 1e-12),
            };
            if better {
                best = Some((count, w, full));
            }
        }
        if let Some((count, w, full)) = best {
            result.flips += count;
            result.weighted += w;
            for e in edges.iter().filter(|e| e.violated(full)) {
                result.ties.push((e.tie.0.to_string(), e.tie.1.to_string()));
            }
        }
    }
    result.ties.sort();
    Some(result)
}
