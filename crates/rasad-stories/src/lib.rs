//! Stories across sources: which articles report the same happening, which
//! are copies of one another, which events are one event told several
//! times, and where the reports agree or disagree.
//!
//! - [`Clusterer`]: incremental clustering. Each document is first checked
//!   for being a near-duplicate (MinHash over word 5-shingles of the folded
//!   body, LSH banding, Jaccard estimate ≥ 0.8, within `window_days`) and
//!   then joins the most similar story (TF-IDF cosine of light-stemmed
//!   terms with IDF learnt as documents arrive, plus resolved-actor and
//!   event/place/date overlap), found through an inverted index, or starts
//!   a new one. Time is a gap, not a window: the similarity counts in full
//!   within `window_days` (7) of the story's nearest document date; beyond
//!   that the part not vouched for by both actor and event overlap fades as
//!   `exp(−excess/gap_decay_days)` (τ = 21), so a happening reported again
//!   weeks later with the same actors and events stays one story while a
//!   text-only resemblance does not; past `max_gap_days` (60) nothing
//!   joins. Undated documents join by content only.
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
//! - [`analyze`] may use two threads (one reads documents ahead, briefs are
//!   split in halves); reading is a pure function of the document and
//!   results are joined in order, so the output equals one thread's.
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

/// Below this many documents [`analyze`] uses one thread.
const PARALLEL_FROM: usize = 64;
/// The helper thread reads `HELPER_TAKES` documents in every `HELPER_OF`:
/// the main thread also clusters, so the helper reads more (measured
/// split: clustering is about a third of the work of reading).
const HELPER_OF: usize = 5;
const HELPER_TAKES: usize = 3;

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
    let shingle = opts.shingle;
    let mut clusterer = Clusterer::new(opts);
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut story_index: std::collections::HashMap<String, usize> =
        std::collections::HashMap::new();
    // Document index → its story's index in `members`.
    let mut story_of: Vec<usize> = vec![usize::MAX; docs.len()];
    let order = batch_order(docs);
    // Reading a document (tokens, stems, MinHash) does not depend on the
    // clustering state, so a helper thread reads some of them ahead while
    // this one reads the rest and clusters, strictly in `order`. A bounded
    // channel keeps memory flat; the result is the same as one thread's.
    let helper_takes = |k: usize| k % HELPER_OF < HELPER_TAKES;
    let mut reader = cluster::Reader::default();
    let helper_reader = reader.sharing();
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<cluster::Prepared>(256);
        let helper = (order.len() >= PARALLEL_FROM).then(|| {
            let order = &order;
            scope.spawn(move || {
                let mut reader = helper_reader;
                for (k, i) in order.iter().enumerate() {
                    if helper_takes(k) && tx.send(reader.prepare(&docs[*i], shingle)).is_err() {
                        return;
                    }
                }
            })
        });
        for (k, i) in order.iter().enumerate() {
            let doc = &docs[*i];
            let prepared = match (&helper, helper_takes(k)) {
                // Should the helper have died, read it here instead.
                (Some(_), true) => rx.recv().unwrap_or_else(|_| reader.prepare(doc, shingle)),
                _ => reader.prepare(doc, shingle),
            };
            let a = clusterer.add_prepared(doc, prepared);
            let i = *i;
            let n = story_index.len();
            let s = *story_index.entry(a.story).or_insert(n);
            if s == members.len() {
                members.push(Vec::new());
            }
            members[s].push(i);
            story_of[i] = s;
        }
        drop(rx);
    });
    let all: Vec<&Document> = docs.iter().collect();
    let fused = fuse(&all);

    // Each story's fused events, found in one pass over the fused events
    // (not one pass per story): a fused event belongs to every story that
    // holds one of its documents. Ids may repeat in a batch; any document
    // with the id counts, as `brief` would see it.
    let mut doc_stories: std::collections::HashMap<&str, Vec<usize>> =
        std::collections::HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        doc_stories
            .entry(d.id.as_str())
            .or_default()
            .push(story_of[i]);
    }
    let mut story_events: Vec<Vec<&FusedEvent>> = vec![Vec::new(); members.len()];
    let mut touched: Vec<usize> = Vec::new();
    for f in &fused {
        touched.clear();
        for d in &f.documents {
            if let Some(ss) = doc_stories.get(d.as_str()) {
                touched.extend(ss.iter().copied().filter(|s| *s != usize::MAX));
            }
        }
        touched.sort_unstable();
        touched.dedup();
        for s in &touched {
            story_events[*s].push(f);
        }
    }

    let mut stories = clusterer.stories();
    // Briefs are independent per story: two threads over two halves of the
    // stories, results concatenated in story order (deterministic).
    let work: Vec<(&mut Story, usize)> = stories
        .iter_mut()
        .filter_map(|st| story_index.get(&st.id).map(|s| (st, *s)))
        .collect();
    let run = |chunk: Vec<(&mut Story, usize)>| -> Vec<Dispute> {
        let mut out = Vec::new();
        for (story, s) in chunk {
            let story_docs: Vec<&Document> = members[s].iter().map(|i| &docs[*i]).collect();
            out.extend(brief::brief_relevant(story, &story_docs, &story_events[s]));
        }
        out
    };
    let mut first = work;
    let second = first.split_off(first.len() / 2);
    let disputes = if second.len() < 64 {
        let mut d = run(first);
        d.extend(run(second));
        d
    } else {
        std::thread::scope(|scope| {
            let handle = scope.spawn(|| run(second));
            let mut d = run(first);
            match handle.join() {
                Ok(rest) => d.extend(rest),
                // A panic in the helper thread is a bug; surface it.
                Err(e) => std::panic::resume_unwind(e),
            }
            d
        })
    };
    (stories, fused, disputes)
}
