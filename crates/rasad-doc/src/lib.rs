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
    pub events: Vec<Pending>,
    pub claims: Vec<Pending>,
    pub quotes: Vec<Pending>,
}

/// Element type of the contract arrays whose stage is not built yet.
///
/// The arrays exist (always empty) so their names are fixed for consumers;
/// the stage that fills one replaces `Pending` with its own record type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {}

/// What `rasad analyze` returns for a batch: documents plus the
/// collection-level views computed across them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Collection {
    pub documents: Vec<Document>,
    pub stories: Vec<Pending>,
    pub relations: Vec<Pending>,
    pub triads: Vec<Pending>,
    pub disputes: Vec<Pending>,
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
