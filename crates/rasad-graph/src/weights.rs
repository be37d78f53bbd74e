//! The PLOVER type → signed tie weight table (`data/graph/plover_weights.tsv`).

use std::collections::BTreeMap;
use std::path::Path;

/// The embedded copy of the table, so the binary needs no data directory.
const EMBEDDED: &str = include_str!("../../../data/graph/plover_weights.tsv");
const EMBEDDED_NAME: &str = "data/graph/plover_weights.tsv";
const AGENTS: &str = include_str!("../../../data/graph/agents.tsv");
const AGENTS_NAME: &str = "data/graph/agents.tsv";

/// A malformed weights table: names the file and the 1-based line.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct WeightsError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// Signed weight of each PLOVER event type on a Goldstein-like scale
/// (`0 < |w| <= 10`; positive = cooperation, negative = conflict).
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    by_type: BTreeMap<String, f64>,
    /// Agent roles that do not speak for their actor (`data/graph/agents.tsv`).
    silent_agents: std::collections::BTreeSet<String>,
}

impl Weights {
    /// The table shipped in `data/graph/plover_weights.tsv`.
    pub fn embedded() -> Result<Weights, WeightsError> {
        let mut w = Weights::parse(EMBEDDED, EMBEDDED_NAME)?;
        w.silent_agents = parse_agents(AGENTS, AGENTS_NAME)?;
        Ok(w)
    }

    /// Whether an event participant with this agent role speaks for its
    /// actor in the network (no agent: the actor itself).
    pub fn agent_counts(&self, agent: Option<&str>) -> bool {
        agent.is_none_or(|a| !self.silent_agents.contains(a.trim()))
    }

    /// Reads a table from a file (same format as the embedded one).
    pub fn load(path: &Path) -> Result<Weights, WeightsError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| WeightsError {
            file: name.clone(),
            line: 0,
            message: format!("cannot read: {e}"),
        })?;
        Weights::parse(&text, &name)
    }

    /// Parses TSV text: `#` comments and blank lines skipped, the first other
    /// line is the header (must start with `type`, `sign`, `weight`), then one
    /// row per type. `file` is only used in error messages.
    pub fn parse(text: &str, file: &str) -> Result<Weights, WeightsError> {
        Weights::parse_types(text, file).map(|by_type| Weights {
            by_type,
            silent_agents: Default::default(),
        })
    }

    fn parse_types(text: &str, file: &str) -> Result<BTreeMap<String, f64>, WeightsError> {
        let err = |line: usize, message: String| WeightsError {
            file: file.to_string(),
            line,
            message,
        };
        let mut by_type = BTreeMap::new();
        let mut header_seen = false;
        for (i, raw) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = raw.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            if !header_seen {
                if cols.len() < 3 || cols[0] != "type" || cols[1] != "sign" || cols[2] != "weight" {
                    return Err(err(
                        line_no,
                        "header must start with the columns type, sign, weight".into(),
                    ));
                }
                header_seen = true;
                continue;
            }
            if cols.len() < 3 {
                return Err(err(
                    line_no,
                    format!(
                        "expected at least 3 tab-separated columns, found {}",
                        cols.len()
                    ),
                ));
            }
            let ty = cols[0].to_ascii_uppercase();
            if ty.is_empty() || !ty.chars().all(|c| c.is_ascii_uppercase() || c == '_') {
                return Err(err(line_no, format!("bad event type {:?}", cols[0])));
            }
            let sign = match cols[1] {
                "+" => 1.0,
                "-" | "−" => -1.0,
                other => {
                    return Err(err(
                        line_no,
                        format!("sign must be + or -, found {other:?}"),
                    ))
                }
            };
            let weight: f64 = cols[2]
                .parse()
                .map_err(|_| err(line_no, format!("weight {:?} is not a number", cols[2])))?;
            if !(weight.is_finite() && weight > 0.0 && weight <= 10.0) {
                return Err(err(
                    line_no,
                    format!("weight must be in (0, 10], found {weight}"),
                ));
            }
            if by_type.insert(ty.clone(), sign * weight).is_some() {
                return Err(err(line_no, format!("type {ty} listed twice")));
            }
        }
        if !header_seen {
            return Err(err(0, "no header line".into()));
        }
        Ok(by_type)
    }

    /// Signed weight of an event type (case-insensitive), `None` when the
    /// table does not list it.
    pub fn get(&self, event_type: &str) -> Option<f64> {
        self.by_type
            .get(event_type.trim().to_ascii_uppercase().as_str())
            .copied()
    }

    /// The listed types with their signed weights, sorted by type.
    pub fn iter(&self) -> impl Iterator<Item = (&str, f64)> {
        self.by_type.iter().map(|(k, v)| (k.as_str(), *v))
    }

    pub fn len(&self) -> usize {
        self.by_type.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_type.is_empty()
    }
}

/// Parses `data/graph/agents.tsv`: `agent<TAB>counts(yes|no)<TAB>note`;
/// returns the agents that do not count.
fn parse_agents(
    text: &str,
    file: &str,
) -> Result<std::collections::BTreeSet<String>, WeightsError> {
    let mut silent = std::collections::BTreeSet::new();
    let mut header_seen = false;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        if !header_seen {
            header_seen = true;
            if cols.first() != Some(&"agent") {
                return Err(WeightsError {
                    file: file.to_string(),
                    line: i + 1,
                    message: "expected the header `agent\tcounts\tnote`".to_string(),
                });
            }
            continue;
        }
        match cols.get(1).copied() {
            Some("yes") => {}
            Some("no") => {
                silent.insert(cols[0].to_string());
            }
            other => {
                return Err(WeightsError {
                    file: file.to_string(),
                    line: i + 1,
                    message: format!("counts must be yes or no, not {other:?}"),
                })
            }
        }
    }
    Ok(silent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_covers_plover_with_documented_signs() {
        let w = Weights::embedded().expect("embedded table parses");
        for t in [
            "AGREE",
            "CONSULT",
            "SUPPORT",
            "COOPERATE",
            "AID",
            "CONCEDE",
            "RETREAT",
            "REQUEST",
        ] {
            assert!(w.get(t).unwrap_or(-1.0) > 0.0, "{t} should be cooperative");
        }
        for t in [
            "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
        ] {
            assert!(w.get(t).unwrap_or(1.0) < 0.0, "{t} should be conflictual");
        }
        assert_eq!(w.len(), 16);
        // REQUEST is the mildest cooperative signal, ASSAULT the strongest conflict.
        let req = w.get("request").unwrap_or(0.0);
        assert!(w.iter().filter(|(_, v)| *v > 0.0).all(|(_, v)| v >= req));
        let assault = w.get("ASSAULT").unwrap_or(0.0);
        assert!(w.iter().all(|(_, v)| v >= assault));
        assert_eq!(w.get("STATEMENT"), None);
    }

    #[test]
    fn errors_name_file_and_line() {
        let text = "# c\ntype\tsign\tweight\nAID\t+\t7\nASSAULT\t?\t9\n";
        let e = Weights::parse(text, "w.tsv").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("w.tsv", 4));
        assert!(e.to_string().starts_with("w.tsv:4: sign"));
        let e = Weights::parse("type\tsign\tweight\nAID\t+\t70\n", "w.tsv").unwrap_err();
        assert_eq!(e.line, 2);
        let e = Weights::parse("type\tsign\tweight\nAID\t+\t7\naid\t+\t6\n", "w.tsv").unwrap_err();
        assert!(e.message.contains("twice"));
        assert!(Weights::parse("AID\t+\t7\n", "w.tsv").is_err());
    }
}
