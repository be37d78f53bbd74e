//! Named-entity recognition for Arabic news: PERS, LOC, ORG and MISC.
//!
//! The tagger has two first-order passes (one weight per feature and BIO
//! label, plus label-to-label transitions), each trained with the averaged
//! structured perceptron (three fixed seeds, weights averaged, since one
//! perceptron's score moves by about a point with the shuffle alone) and
//! decoded exactly with Viterbi. Besides words, affixes, stem character
//! trigrams, context and lexicons, each word carries its training-data
//! gazetteer code: its dominant entity label, or how often it was seen
//! outside entities, so that a word never seen in training stands out. The sentence
//! pass tags each sentence from its own words, gazetteers and lexicons; the
//! document pass re-tags it adding what the sentence pass said about the
//! same words in the neighbouring sentences ([`Model::tag_document`]), since
//! names recur within an article. The document pass is trained on
//! cross-validated sentence-pass output, so it learns how far to trust it.
//! Features are hashed into a fixed table; the shipped weights are
//! quantised to `i16`, near-zero weights are pruned, and the rest is stored
//! as a deflated sparse table (see [`Model::save`]); in memory both passes'
//! non-empty rows share one packed table found through a rank bitmap.
//! Tagging folds each token once per document into one arena string and
//! computes its features once for both passes.
//!
//! Most feature templates read a single token at a fixed offset (its
//! word, affixes, shape, lexicon codes, word clusters; each template is filed by what it
//! reads, see `features::Dep`). Their weight sums depend only on that
//! token's text and the model, so a per-thread cache (`cache.rs`) keeps,
//! per distinct raw token, its folded form, lexicon lookups and both
//! passes' sums for each offset; a token then costs an index lookup, a
//! few vector adds, four memo lookups for the templates that combine
//! neighbours' codes and four word-pair hashes. The document-pass sums
//! are memoised on what they read. Lookups are batched and prefetched
//! (tagging is bound by memory latency). The cache belongs to one model
//! (it starts afresh when a thread tags with another) and is bounded
//! (≈ 0.5 KB per word, at most 2^18 words, ≈ 130 MB per thread, touched
//! only as words arrive): when full it keeps its most used words.
//! The model file carries the trigger lexicon, gazetteers and word clusters it was
//! trained with, so a model never depends on data files that may have
//! changed since it was trained.
//!
//! Invariants:
//! - Output is always valid BIO: decoding forbids `I-X` after anything but
//!   `B-X`/`I-X`, so [`Model::entities`] never has to repair tags.
//! - Document context only flows between the sentences passed together to
//!   [`Model::tag_document`]; [`Model::tag`] is that call on one sentence.
//! - Tokens are taken as given: this crate does not tokenise, split clitics
//!   or normalise the caller's text; it only folds copies for features.
//! - The caches never change a tag or a score: weights are integers, so
//!   cached sums equal the plain per-feature sums exactly (tests compare
//!   both on written text and on the ANERcorp test split), and training
//!   and the model file do not use them.
//! - Training is deterministic: same input file and [`TrainOptions`] give a
//!   byte-identical model file (fixed-seed shuffle, no parallelism, no maps
//!   iterated in hash order).
//! - It never trains on, or tunes against, anything but the file it is given;
//!   the held-out dev set is the tail of the training file.
//! - No panics on any input: malformed lines are errors naming the line.

mod cache;
mod conll;
mod eval;
mod features;
mod model;
mod train;

pub use conll::{read_sentences, tag_conll, GoldFormat, Sentence};
pub use eval::{evaluate, score, EvalReport, TypeScore};
pub use model::Model;
pub use train::{train, train_on, TrainOptions};

use std::fmt;

/// Errors from loading, saving, training and evaluating.
#[derive(Debug, thiserror::Error)]
pub enum NerError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}:{line}: {message}")]
    Parse {
        file: String,
        line: usize,
        message: String,
    },
    #[error("model file {path}: {message}")]
    BadModel { path: String, message: String },
    #[error("{0}")]
    Invalid(String),
}

/// The entity types the tagger predicts (ANERcorp's inventory).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntityType {
    Pers,
    Loc,
    Org,
    Misc,
}

impl EntityType {
    pub const ALL: [EntityType; 4] = [
        EntityType::Pers,
        EntityType::Loc,
        EntityType::Org,
        EntityType::Misc,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Pers => "PERS",
            EntityType::Loc => "LOC",
            EntityType::Org => "ORG",
            EntityType::Misc => "MISC",
        }
    }

    pub fn parse(s: &str) -> Option<EntityType> {
        match s {
            "PERS" | "PER" => Some(EntityType::Pers),
            "LOC" => Some(EntityType::Loc),
            "ORG" => Some(EntityType::Org),
            "MISC" => Some(EntityType::Misc),
            _ => None,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A BIO tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tag {
    O,
    B(EntityType),
    I(EntityType),
}

/// Number of BIO labels: O plus B-/I- for each type.
pub(crate) const N_LABELS: usize = 1 + 2 * EntityType::ALL.len();

impl Tag {
    pub fn as_str(self) -> &'static str {
        match self {
            Tag::O => "O",
            Tag::B(EntityType::Pers) => "B-PERS",
            Tag::I(EntityType::Pers) => "I-PERS",
            Tag::B(EntityType::Loc) => "B-LOC",
            Tag::I(EntityType::Loc) => "I-LOC",
            Tag::B(EntityType::Org) => "B-ORG",
            Tag::I(EntityType::Org) => "I-ORG",
            Tag::B(EntityType::Misc) => "B-MISC",
            Tag::I(EntityType::Misc) => "I-MISC",
        }
    }

    /// Parses `O`, `B-X` or `I-X` for X in PERS/LOC/ORG/MISC.
    pub fn parse(s: &str) -> Option<Tag> {
        if s == "O" {
            return Some(Tag::O);
        }
        let (prefix, ty) = s.split_once('-')?;
        let ty = EntityType::parse(ty)?;
        match prefix {
            "B" => Some(Tag::B(ty)),
            "I" => Some(Tag::I(ty)),
            _ => None,
        }
    }

    pub fn entity_type(self) -> Option<EntityType> {
        match self {
            Tag::O => None,
            Tag::B(t) | Tag::I(t) => Some(t),
        }
    }

    pub(crate) fn index(self) -> usize {
        match self {
            Tag::O => 0,
            Tag::B(t) => 1 + 2 * t.index(),
            Tag::I(t) => 2 + 2 * t.index(),
        }
    }

    pub(crate) fn from_index(i: usize) -> Tag {
        if i == 0 {
            return Tag::O;
        }
        let ty = EntityType::ALL[((i - 1) / 2) % EntityType::ALL.len()];
        if i % 2 == 1 {
            Tag::B(ty)
        } else {
            Tag::I(ty)
        }
    }

    /// Whether `self` may follow `prev` (`None` = sentence start) in BIO.
    pub fn may_follow(self, prev: Option<Tag>) -> bool {
        match self {
            Tag::I(t) => matches!(prev, Some(Tag::B(p)) | Some(Tag::I(p)) if p == t),
            _ => true,
        }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Entity spans `(start, end, type)` over token indices, `end` exclusive,
/// read from BIO tags. A stray `I-X` (after `O` or another type) starts a new
/// entity, as conlleval does.
pub fn spans(tags: &[Tag]) -> Vec<(usize, usize, EntityType)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityType)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let continues = matches!((tag, open), (Tag::I(t), Some((_, o))) if *t == o);
        if continues {
            continue;
        }
        if let Some((s, t)) = open.take() {
            out.push((s, i, t));
        }
        if let Some(t) = tag.entity_type() {
            open = Some((i, t));
        }
    }
    if let Some((s, t)) = open {
        out.push((s, tags.len(), t));
    }
    out
}

/// Rewrites IOB1 (or sloppy) tags as strict BIO: an `I-X` that does not
/// continue an `X` entity becomes `B-X`.
pub fn to_bio(tags: &mut [Tag]) {
    let mut prev: Option<Tag> = None;
    for tag in tags.iter_mut() {
        if let Tag::I(t) = *tag {
            if !tag.may_follow(prev) {
                *tag = Tag::B(t);
            }
        }
        prev = Some(*tag);
    }
}
