//! The pipeline: the one place where the stages are wired in order.
//!
//! ```text
//! ingest (RawArticle) → article (clean body + metadata) → text (sentences) → Document
//! ```
//!
//! Invariants:
//! - Stages are called in this order and nowhere else; the binary, the
//!   store and the benchmark all go through [`Pipeline`], so they cannot
//!   disagree on what a document is.
//! - Processing a document never fails: every problem becomes a
//!   [`Warning`] on the document.
//! - Batch knowledge (lines that repeat across a site) is learnt in
//!   [`Pipeline::observe`] before [`Pipeline::document`]; a pipeline that has
//!   observed nothing still works, it just has less evidence.

use rasad_article::Extractor;
use rasad_doc::{Document, Warning};
use rasad_ingest::RawArticle;

pub struct Pipeline {
    extractor: Extractor,
}

impl Pipeline {
    /// Loads every stage's embedded data. Fails only on a broken build
    /// (malformed data file), with the file and line in the message.
    pub fn new() -> Result<Pipeline, String> {
        let extractor = Extractor::new().map_err(|e| e.to_string())?;
        Ok(Pipeline { extractor })
    }

    /// Learns batch-level evidence (e.g. a site's repeated boilerplate lines).
    pub fn observe(&mut self, raw: &RawArticle) {
        self.extractor.observe(raw);
    }

    /// Runs every stage on one raw article.
    pub fn document(&self, raw: RawArticle) -> Document {
        let article = self.extractor.extract(&raw);
        let sentences = rasad_text::sentences(&article.body);
        let warnings = article
            .warnings
            .into_iter()
            .map(|m| Warning::new(raw.origin.clone(), m))
            .collect();
        Document {
            id: raw.id,
            path: Some(raw.origin),
            url: raw.url,
            title: article.title,
            author: article.author,
            agency: article.agency,
            source_name: article.source_name,
            published: article.published,
            language: article.language,
            content_hash: raw.content_hash,
            body: article.body,
            sentences,
            warnings,
            mentions: Vec::new(),
            events: Vec::new(),
            claims: Vec::new(),
            quotes: Vec::new(),
        }
    }
}
