//! The document model shared by every stage of the rasad pipeline.
//!
//! A [`Document`] is one article: its clean `body` and everything later
//! stages extract from it. Every extracted thing carries a [`Span`] whose
//! offsets count Unicode scalar values (`char`s) in `body`, so that any
//! consumer, in any language, can slice the evidence back out.
//!
//! This crate holds data only: no parsing, no I/O, no JSON. Serde derives are
//! here so that the binary and the store can serialise the same types.

use serde::{Deserialize, Serialize};

/// A half-open range `[start, end)` of `char` offsets into a document body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A problem with one input, reported without stopping the batch.
///
/// `source` names the file (and, where it helps, the line or record);
/// `message` says what was wrong in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub source: String,
    pub message: String,
}

impl Warning {
    pub fn new(source: impl Into<String>, message: impl Into<String>) -> Warning {
        Warning {
            source: source.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
}

/// A mention of an actor, place or other named thing in a body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// `PERS`, `LOC`, `ORG`, `MISC`, or `ROLE` for a role noun phrase.
    pub kind: String,
    /// Catalogue actor code (`FRA`, `ISIL`, `UN`…), when resolved.
    pub actor: Option<String>,
    /// CAMEO-style agent role (`GOV`, `MIL`, `CVL`…), when one applies.
    pub agent: Option<String>,
    /// Catalogue person id, when the mention is a known person.
    pub person: Option<String>,
    /// Other readings a later stage may prefer, e.g. a capital as a place.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<Reading>,
}

/// An alternative reading of an ambiguous mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    pub kind: String,
    pub actor: Option<String>,
    pub agent: Option<String>,
}

/// One article, cleaned, with everything extracted from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// The JSONL/feed id when the input gave one, else the file stem.
    pub id: String,
    /// Where the article was read from (file path, or `path#record`).
    pub path: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub author: Option<String>,
    pub agency: Option<String>,
    pub source_name: Option<String>,
    /// Publication date as `YYYY-MM-DD`.
    pub published: Option<String>,
    /// BCP 47 primary language subtag (`ar`, `en`…), when detectable.
    pub language: Option<String>,
    /// Hex SHA-256 of the raw input bytes of this article: the identity the
    /// store deduplicates on.
    pub content_hash: String,
    /// Clean article text: paragraphs separated by `\n`.
    pub body: String,
    pub sentences: Vec<Span>,
    pub warnings: Vec<Warning>,
    pub mentions: Vec<Mention>,
    pub events: Vec<Event>,
    pub claims: Vec<Claim>,
    pub quotes: Vec<Quote>,
}

/// An actor taking part in an event, or a speaker: the words in the body
/// and what they resolve to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// Catalogue actor code (`FRA`, `ISIL`…).
    pub actor: Option<String>,
    /// CAMEO-style agent role (`GOV`, `MIL`…).
    pub agent: Option<String>,
    /// Catalogue person id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
}

/// Where an event happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// ISO 3166-1 alpha-3 code of the country the place is in.
    pub country: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// How the text presents an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Stated as having happened (or happening).
    Asserted,
    /// Future, intended, scheduled.
    Planned,
    /// Attributed to a source («قال», «وفق», «حسب»).
    Reported,
    /// Conditional or possible.
    Hypothetical,
}

/// Who did what to whom, when and where, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// PLOVER category (`ASSAULT`, `AGREE`, `CONSULT`…).
    pub r#type: String,
    /// CAMEO code where one fits (`190`, `036`…).
    pub cameo: Option<String>,
    /// The word(s) that signal the event.
    pub trigger: Participant,
    pub source: Option<Participant>,
    pub target: Option<Participant>,
    /// `YYYY-MM-DD`: the date of the event's own clause, else the article's.
    pub date: Option<String>,
    /// The words the date was read from, when the clause has one.
    pub date_text: Option<String>,
    pub location: Option<Location>,
    /// The evidence sentence.
    pub sentence: Span,
    pub negated: bool,
    pub modality: Modality,
    /// 0–1.
    pub confidence: f32,
}

/// Words attributed to a speaker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words (without the quotation marks for direct quotes).
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// `direct` («…») or `indirect` (قال إن…).
    pub kind: String,
    pub speaker: Option<Participant>,
    /// The reporting verb (قال، أكد، صرح…).
    pub cue: Option<Participant>,
    pub sentence: Span,
}

/// A number the text states about something (129 dead, 7 raids).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub value: f64,
    /// What is counted, normalised (`killed`, `wounded`, `airstrike`, `sortie`, `target`, `percent`…).
    pub unit: String,
    /// The words of the number and its unit.
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// Approximate («نحو»، «أكثر من»): the value is a bound or estimate.
    pub approximate: bool,
    /// Index into the document's `events` of the event the number belongs to.
    pub event: Option<usize>,
    /// Who states it, when the text says (a speaker or the agency).
    pub source: Option<Participant>,
    pub sentence: Span,
}

/// Points at one event of one document: `documents[document].events[index]`
/// by document id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EventRef {
    pub document: String,
    pub index: usize,
}

/// One real-world happening, with every report of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FusedEvent {
    pub id: String,
    pub r#type: String,
    pub cameo: Option<String>,
    pub source: Option<String>,
    pub source_agent: Option<String>,
    pub target: Option<String>,
    pub target_agent: Option<String>,
    /// Earliest and latest date the reports give.
    pub date: Option<String>,
    pub date_end: Option<String>,
    pub location: Option<String>,
    pub negated: bool,
    pub reports: Vec<EventRef>,
    /// Distinct document ids among the reports.
    pub documents: Vec<String>,
}

/// An actor and how much a story involves it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorWeight {
    pub actor: String,
    pub weight: f64,
}

/// A statement and the documents that make it, for a story brief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attested {
    pub what: String,
    pub documents: Vec<String>,
    /// The fused event or claim it is about, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
}

/// Who quotes whom in a story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteLink {
    pub document: String,
    pub source_name: Option<String>,
    pub speaker: Option<String>,
    pub actor: Option<String>,
    pub quotes: usize,
}

/// Articles about the same happening, across outlets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub id: String,
    pub title: String,
    pub documents: Vec<String>,
    /// Groups of near-duplicate documents (syndicated copies, reposts): each
    /// group counts once.
    pub duplicates: Vec<Vec<String>>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub actors: Vec<ActorWeight>,
    /// Ids of the fused events of this story.
    pub events: Vec<String>,
    /// What several sources say.
    pub agreed: Vec<Attested>,
    /// What only one source says.
    pub single_source: Vec<Attested>,
    pub quoted: Vec<QuoteLink>,
}

/// One value of a disputed quantity or date, and who reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DisputedValue {
    pub value: String,
    pub documents: Vec<String>,
}

/// The same quantity (or date) of the same happening reported differently.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dispute {
    pub story: String,
    /// `quantity` or `date`.
    pub kind: String,
    /// What the values are about, e.g. `killed in FRA attack 2015-11-13`.
    pub about: String,
    /// The fused event the values belong to, when there is one.
    pub event: Option<String>,
    pub values: Vec<DisputedValue>,
}

/// A signed, weighted tie between two actors over a time window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    pub a: String,
    pub b: String,
    /// +1 cooperation, −1 conflict.
    pub sign: i8,
    pub weight: f64,
    /// Number of fused events behind the tie.
    pub events: usize,
    pub first: Option<String>,
    pub last: Option<String>,
}

/// Three actors all tied to each other, and whether the ties are balanced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Triad {
    pub actors: [String; 3],
    /// Signs of the ties (0–1, 1–2, 0–2).
    pub signs: [i8; 3],
    pub balanced: bool,
    pub explanation: String,
}

/// The structural-balance reading of the network.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Balance {
    pub triads: usize,
    pub unbalanced: usize,
    /// Share of signed triads that are unbalanced (0 = fully balanced).
    pub frustration: f64,
}

/// What `rasad analyze` returns for a batch: documents plus the
/// collection-level views computed across them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Collection {
    pub documents: Vec<Document>,
    pub stories: Vec<Story>,
    /// Fused events: one per happening, with every report.
    pub events: Vec<FusedEvent>,
    pub relations: Vec<Relation>,
    pub triads: Vec<Triad>,
    pub balance: Balance,
    pub disputes: Vec<Dispute>,
    /// Inputs that produced no document, and why.
    pub warnings: Vec<Warning>,
}

/// Offsets: convert between `char` offsets (the contract) and byte offsets
/// (what Rust string slicing needs).
pub mod offsets {
    /// Byte offset of the `char_idx`-th char of `s` (or `s.len()` at the end).
    pub fn char_to_byte(s: &str, char_idx: usize) -> usize {
        s.char_indices()
            .nth(char_idx)
            .map(|(b, _)| b)
            .unwrap_or(s.len())
    }

    /// The text of a char span.
    pub fn slice(s: &str, start: usize, end: usize) -> &str {
        let b0 = char_to_byte(s, start);
        let b1 = b0 + char_to_byte(&s[b0..], end - start);
        &s[b0..b1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_counts_chars_not_bytes() {
        let s = "قال بوتين إن";
        assert_eq!(offsets::slice(s, 4, 9), "بوتين");
        assert_eq!(offsets::char_to_byte(s, 4), 7);
        assert_eq!(Span::new(4, 9).len(), 5);
    }
}
