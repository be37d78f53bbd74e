//! The pipeline: the one place where the stages are wired in order.
//!
//! ```text
//! ingest (RawArticle) → article (clean body + metadata) → text (sentences)
//!   → mentions (actors, people, roles) → Document
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
//! - Each record is parsed into blocks once ([`Pipeline::prepare`]); observing
//!   and extracting reuse those blocks.

use rasad_article::{Extractor, Segmented};
use rasad_doc::{Document, Warning};
use rasad_ingest::RawArticle;
use rasad_mentions::Resolver;

/// A record parsed into blocks, between [`Pipeline::prepare`] and [`Pipeline::document`].
pub struct Prepared {
    raw: RawArticle,
    blocks: Segmented,
}

/// How far down the line a pipeline goes. Later stages need earlier ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Clean body, metadata, sentences.
    Text,
    /// + resolved actor mentions.
    Mentions,
    /// + quotes, numeric claims and events.
    Events,
}

pub struct Pipeline {
    extractor: Extractor,
    resolver: Option<Resolver>,
    claims: Option<rasad_claims::Extractor>,
}

impl Pipeline {
    /// Loads every stage's embedded data. Fails only on a broken build
    /// (malformed data file or model), with the file and line in the message.
    pub fn new() -> Result<Pipeline, String> {
        Pipeline::up_to(Stage::Events)
    }

    /// A pipeline that stops after `last` (the benchmark measures stages apart).
    pub fn up_to(last: Stage) -> Result<Pipeline, String> {
        let extractor = Extractor::new().map_err(|e| e.to_string())?;
        let resolver = if last >= Stage::Mentions {
            Some(Resolver::new()?)
        } else {
            None
        };
        let claims = if last >= Stage::Events {
            Some(rasad_claims::Extractor::new()?)
        } else {
            None
        };
        Ok(Pipeline {
            extractor,
            resolver,
            claims,
        })
    }

    /// Parses a record into blocks (HTML is parsed here, once).
    pub fn prepare(&self, raw: RawArticle) -> Prepared {
        let blocks = self.extractor.segment(&raw);
        Prepared { raw, blocks }
    }

    /// Learns batch-level evidence (e.g. a site's repeated boilerplate lines).
    pub fn observe(&mut self, p: &Prepared) {
        self.extractor
            .observe_segmented(&p.raw.content_hash, &p.blocks);
    }

    /// Runs every stage on one prepared record.
    pub fn document(&self, p: Prepared) -> Document {
        let Prepared { raw, blocks } = p;
        let article = self.extractor.extract_segmented(&raw, &blocks);
        let sentences = rasad_text::sentences(&article.body);
        let mentions = match &self.resolver {
            Some(r) => r.mentions(&article.body, &sentences, article.published.as_deref()),
            None => Vec::new(),
        };
        let (quotes, claims) = match &self.claims {
            Some(c) => {
                let quotes = c.quotes(&article.body, &sentences, &mentions);
                let claims = c.claims(&article.body, &sentences, &mentions, &quotes);
                (quotes, claims)
            }
            None => (Vec::new(), Vec::new()),
        };
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
            mentions,
            events: Vec::new(),
            claims,
            quotes,
        }
    }
}
