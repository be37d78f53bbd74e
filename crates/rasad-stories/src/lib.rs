//! Stories across sources: which articles report the same happening, which
//! are copies of one another, which events are one event told several
//! times, and where the reports agree or disagree.
//!
//! - [`Clusterer`]: incremental clustering. Each document is first checked
//!   for being a near-duplicate (MinHash over word 5-shingles of the folded
//!   body, LSH banding, Jaccard estimate ≥ 0.8) and then joins the most
//!   similar story inside the time window (TF-IDF cosine of light-stemmed
//!   terms with IDF learnt as documents arrive, plus resolved-actor and
//!   event/place/date overlap), found through an inverted index, or starts
//!   a new one.
//! - [`fuse`]: reports of one happening (same PLOVER type, dyad, negation,
//!   compatible date and country) → one [`FusedEvent`].
//! - [`brief`]: agreed / single-source statements, quotes, and disputes
//!   (incompatible quantities or stated dates of one happening).
//! - [`analyze`]: all of it for a batch.
//!
//! Invariants:
//! - Adding a document never moves an earlier one: a story's members only
//!   grow, and a batch gives exactly what adding its documents one by one
//!   in [`analyze`]'s order gives.
//! - A near-duplicate joins its original's story and counts once: it adds
//!   nothing to IDF, centroids or actor weights, and near-duplicates (or one
//!   outlet's articles) are one source when counting agreement.
//! - Sharing actors never joins a story on its own: a story is joined only
//!   above a floor of text similarity.
//! - Outputs are deterministic (FNV hashing, fixed seeds, sorted ties).
//! - It deliberately does not: re-cluster or merge stories after the fact,
//!   translate across languages, resolve actors or extract events and
//!   numbers itself (it uses what the document carries), or call two
//!   figures a dispute when an approximate one («أكثر من 120») allows the
//!   other (129).
//!
//! Word lists (stopwords, symmetric event types, bound markers) live in
//! `data/stories/`, embedded at build time.

mod brief;
mod cluster;
mod data;
mod fuse;
mod minhash;
mod util;

pub use brief::{brief, describe, ABOUT_TOLERANCE};
pub use cluster::{Assignment, Clusterer, Options};
pub use data::{resources, Bound, DataError, Resources};
pub use fuse::{fuse, DATE_SLACK};
pub use rasad_doc::{Dispute, Document, FusedEvent, Story};

/// The order [`analyze`] adds documents in: dated ones by date (stable, so
/// input order breaks ties), then undated ones, which join by content only.
pub fn batch_order(docs: &[Document]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by_key(|i| {
        let day = docs[*i].published.as_deref().and_then(util::parse_day);
        (day.is_none(), day)
    });
    order
}

/// Cluster, fuse and brief a batch with default options: stories (with
/// their events, agreed, single-source and quoted fields filled), fused
/// events, and disputes.
pub fn analyze(docs: &[Document]) -> (Vec<Story>, Vec<FusedEvent>, Vec<Dispute>) {
    analyze_with(docs, Options::default())
}

/// [`analyze`] with explicit clustering options.
pub fn analyze_with(
    docs: &[Document],
    opts: Options,
) -> (Vec<Story>, Vec<FusedEvent>, Vec<Dispute>) {
    let mut clusterer = Clusterer::new(opts);
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut story_index: std::collections::HashMap<String, usize> =
        std::collections::HashMap::new();
    for i in batch_order(docs) {
        let a = clusterer.add(&docs[i]);
        let n = story_index.len();
        let s = *story_index.entry(a.story).or_insert(n);
        if s == members.len() {
            members.push(Vec::new());
        }
        members[s].push(i);
    }
    let all: Vec<&Document> = docs.iter().collect();
    let fused = fuse(&all);
    let mut stories = clusterer.stories();
    let mut disputes = Vec::new();
    for story in &mut stories {
        let Some(s) = story_index.get(&story.id) else {
            continue;
        };
        let story_docs: Vec<&Document> = members[*s].iter().map(|i| &docs[*i]).collect();
        disputes.extend(brief(story, &story_docs, &fused));
    }
    (stories, fused, disputes)
}
