//! Ingest: turn paths (files, folders, `-` for stdin) into [`RawArticle`]s.
//!
//! Ingest knows containers and encodings, not articles: it finds the records
//! in a file (one per `.txt`/`.html`, one per JSON line, feed item or WARC
//! response), decodes bytes to UTF-8, and passes on whatever metadata the
//! container states. Deciding what in the text is the article is the job of
//! `rasad-article`.

use rasad_doc::Warning;

/// What kind of text a record holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markup {
    /// Plain text, possibly already extracted from a page (boilerplate may remain).
    Text,
    /// An HTML document or fragment.
    Html,
}

/// One article-sized record, decoded to UTF-8, as the container gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct RawArticle {
    /// The record's own id (JSONL `id`, feed guid, WARC record id) else the file stem.
    pub id: String,
    /// Where it came from: the file path, with `#N` for the Nth record of a multi-record file.
    pub origin: String,
    pub url: Option<String>,
    /// Metadata the container states (JSONL fields, feed item fields).
    pub title: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
    pub author: Option<String>,
    pub markup: Markup,
    pub content: String,
    /// Hex SHA-256 of the record's raw bytes before decoding.
    pub content_hash: String,
}

/// What ingest reports, in input order.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Article(RawArticle),
    Warning(Warning),
}
