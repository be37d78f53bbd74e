//! The pipeline: the one place where the stages are wired in order.
//!
//! ```text
//! ingest (RawArticle) → article (clean body + metadata) → text (sentences)
//!   → mentions (actors, people, roles) → events, quotes, claims → Document
//! documents → stories, fused events, disputes → signed network, balance → Collection
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
use rasad_doc::{Collection, Document, Warning};
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
    coder: Option<rasad_events::Coder>,
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
        let (claims, coder) = if last >= Stage::Events {
            (
                Some(rasad_claims::Extractor::new()?),
                Some(rasad_events::Coder::new()?),
            )
        } else {
            (None, None)
        };
        Ok(Pipeline {
            extractor,
            resolver,
            claims,
            coder,
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
        // The body's chars come from the per-thread tokenisation that
        // mentions, events and claims reuse (same spans as `sentences`).
        let sentences = rasad_text::split_chars(&rasad_text::tokenized(&article.body).chars);
        let mentions = match &self.resolver {
            Some(r) => r.mentions(&article.body, &sentences, article.published.as_deref()),
            None => Vec::new(),
        };
        let events = match &self.coder {
            Some(c) => c.events(
                &article.body,
                &sentences,
                &mentions,
                article.published.as_deref(),
            ),
            None => Vec::new(),
        };
        let (quotes, claims) = match &self.claims {
            Some(c) => {
                let (quotes, mut claims) =
                    c.quotes_and_claims(&article.body, &sentences, &mentions);
                rasad_claims::attach(&mut claims, &events);
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
            events,
            claims,
            quotes,
        }
    }
}

/// The collection-level stages: stories, fused events, disputes, the signed
/// network and its structural balance, computed over a whole batch.
pub struct Collector {
    weights: rasad_graph::Weights,
    catalogue: rasad_actors::Catalogue,
}

impl Collector {
    pub fn new() -> Result<Collector, String> {
        Ok(Collector {
            weights: rasad_graph::Weights::embedded().map_err(|e| e.to_string())?,
            catalogue: rasad_actors::Catalogue::load_embedded().map_err(|e| e.to_string())?,
        })
    }

    /// English name of an actor code (the code itself when unknown).
    pub fn name_en(&self, code: &str) -> String {
        self.catalogue
            .actor(code)
            .map(|a| a.name_en.clone())
            .unwrap_or_else(|| code.to_string())
    }

    /// Arabic and English labels of an actor code, for pictures.
    pub fn labels(&self, code: &str) -> (String, String) {
        match self.catalogue.actor(code) {
            Some(a) => (
                a.names_ar.first().cloned().unwrap_or_default(),
                a.name_en.clone(),
            ),
            None => (String::new(), code.to_string()),
        }
    }

    /// Relations (at `opts`' slice) and their balance, from fused events.
    pub fn network(
        &self,
        events: &[rasad_doc::FusedEvent],
        opts: &rasad_graph::Options,
    ) -> (
        Vec<rasad_doc::Relation>,
        Vec<rasad_doc::Triad>,
        rasad_doc::Balance,
    ) {
        // A state's rebels are not the state (ISIL REB is ISIL, SYR REB is
        // not Syria): such participants make no tie.
        let is_state = |code: &Option<String>| {
            code.as_deref()
                .and_then(|c| self.catalogue.actor(c))
                .is_some_and(|a| a.kind == rasad_actors::Kind::State)
        };
        let rebels = |agent: &Option<String>| agent.as_deref() == Some("REB");
        let events: Vec<rasad_doc::FusedEvent> = events
            .iter()
            .filter(|e| {
                !(rebels(&e.source_agent) && is_state(&e.source)
                    || rebels(&e.target_agent) && is_state(&e.target))
            })
            .cloned()
            .collect();
        let relations = rasad_graph::network(&events, &self.weights, opts);
        let (triads, balance) = rasad_graph::balance(&relations, &|c| self.name_en(c));
        (relations, triads, balance)
    }

    /// Everything collection-level for a batch of documents.
    pub fn collect(&self, documents: Vec<Document>, warnings: Vec<Warning>) -> Collection {
        let (stories, events, disputes) = rasad_stories::analyze(&documents);
        let (relations, triads, balance) = self.network(&events, &rasad_graph::Options::default());
        Collection {
            documents,
            stories,
            events,
            relations,
            triads,
            balance,
            disputes,
            warnings,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rasad_doc::{EventRef, FusedEvent};

    fn fused(source: &str, source_agent: Option<&str>, target: &str) -> FusedEvent {
        FusedEvent {
            id: format!("{source}-{target}"),
            r#type: "ASSAULT".into(),
            cameo: None,
            source: Some(source.into()),
            source_agent: source_agent.map(str::to_string),
            target: Some(target.into()),
            target_agent: Some("MIL".into()),
            date: Some("2016-04-01".into()),
            date_end: None,
            location: None,
            negated: false,
            reports: vec![EventRef {
                document: "d".into(),
                index: 0,
            }],
            documents: vec!["d".into()],
        }
    }

    #[test]
    fn a_states_rebels_are_not_the_state_but_a_groups_fighters_are_the_group() {
        let c = Collector::new().unwrap();
        let events = [
            fused("SYR", Some("REB"), "RUS"),
            fused("ISIL", Some("REB"), "IRQ"),
        ];
        let (relations, _, _) = c.network(&events, &rasad_graph::Options::default());
        let pairs: Vec<(&str, &str)> = relations
            .iter()
            .map(|r| (r.a.as_str(), r.b.as_str()))
            .collect();
        assert_eq!(pairs, [("IRQ", "ISIL")]);
    }
}
