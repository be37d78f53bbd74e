//! Averaged structured perceptron training.

use crate::conll::{read_sentences, GoldFormat, Sentence};
use crate::eval::score;
use crate::features::TRIGGER_CLASSES;
use crate::features::{add_phrase, parse_phrases, phrase_key, MAX_PHRASE, TRAIN_PHRASE_CLASS};
use crate::features::{doc_contexts, doc_features, Doc, DocCtx, Sent};
use crate::features::{fold, parse_lexicon, token_features, Lexicon};
use crate::features::{parse_clusters, CLUSTERS_NAME, CLUSTERS_TXT};
use crate::features::{GAZETTEER_NAME, GAZETTEER_TXT, GIVEN_NAME, GIVEN_TXT};
use crate::features::{NAMES_NAME, NAMES_TXT, NAME_CLASSES, TRIGGERS_NAME, TRIGGERS_TXT};
use crate::model::{bucket, constrained, viterbi, Model, Pass, Table};
use crate::{spans, NerError, Tag, N_LABELS};
use std::collections::BTreeMap;

/// First gazetteer code of words seen mostly outside entities (entity
/// labels are 1..N_LABELS).
const KNOWN_WORD: u8 = 16;
use std::path::Path;

/// Training settings. The defaults are the ones the shipped model uses.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training sentences.
    pub epochs: usize,
    /// Seed of the per-epoch shuffle.
    pub seed: u64,
    /// The weight table has `2^log2_buckets` rows.
    pub log2_buckets: u32,
    /// If > 0, this tail fraction of the training file is held out as a dev
    /// set: its score is reported after each epoch and the best epoch's
    /// weights are kept. 0 trains on everything for `epochs` epochs.
    pub dev_fraction: f64,
    /// The gazetteer feature for training sentences comes from the other
    /// folds (jackknife), so the model does not learn to trust a gazetteer
    /// that always contains the answer.
    pub gazetteer_folds: usize,
    /// Quantised weights with |w| below this many steps (of 32767 for the
    /// largest weight) are pruned to zero.
    pub prune_below: i16,
    /// Print per-epoch progress to stderr.
    pub verbose: bool,
    /// Epochs of the sentence (first) pass; its cross-validated output on
    /// the training set is what the document pass learns to trust.
    pub first_epochs: usize,
    /// Sentences before and after each sentence that the document pass
    /// looks at for other mentions of the same word.
    pub doc_window: usize,
    /// Subtracted from the `O` score of every token in the document pass
    /// (in perceptron update units): trades precision for recall, since
    /// the perceptron is conservative on unseen names.
    pub o_penalty: f32,
    /// Each pass is trained this many times with different shuffles and
    /// the averaged weights are averaged again: a single perceptron's
    /// score moves by about a point with the shuffle seed alone.
    pub ensemble: usize,
    /// A cluster file to use instead of the shipped `data/ner/clusters.txt`
    /// (for experiments); an empty path means no clusters.
    pub clusters: Option<std::path::PathBuf>,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 20,
            seed: 0x5eed_2024,
            log2_buckets: 21,
            dev_fraction: 0.0,
            gazetteer_folds: 5,
            prune_below: 2,
            verbose: false,
            first_epochs: 15,
            doc_window: 20,
            o_penalty: 20.0,
            ensemble: 3,
            clusters: None,
        }
    }
}

/// Trains on an ANERcorp-format file (`token TAG`, IOB1 or BIO).
pub fn train(train_path: &Path, opts: &TrainOptions) -> Result<Model, NerError> {
    let sents = read_sentences(train_path, GoldFormat::Anercorp)?;
    train_on(&sents, opts)
}

/// Gazetteer: folded word → index of its dominant entity label when at
/// least half of the word's occurrences are inside entities, else a
/// [`KNOWN_WORD`] code (frequency band, ever inside an entity).
fn build_gazetteer<'a>(sents: impl Iterator<Item = &'a Sentence>) -> BTreeMap<String, u8> {
    let mut counts: BTreeMap<String, [u32; N_LABELS]> = BTreeMap::new();
    for s in sents {
        for (tok, tag) in s.tokens.iter().zip(&s.tags) {
            counts.entry(fold(tok)).or_insert([0; N_LABELS])[tag.index()] += 1;
        }
    }
    counts
        .into_iter()
        .map(|(w, c)| {
            let total: u32 = c.iter().sum();
            let ent: u32 = c[1..].iter().sum();
            if ent * 2 < total || ent == 0 {
                // A word seen mostly outside entities: its frequency band,
                // and whether it was ever inside one. Unseen words keep 0,
                // which is what makes an out-of-vocabulary word stand out.
                let band = match total {
                    1 => 0,
                    2..=3 => 1,
                    4..=15 => 2,
                    _ => 3,
                };
                return (w, KNOWN_WORD + band + 4 * u8::from(ent > 0));
            }
            let mut best = 1;
            for l in 2..N_LABELS {
                if c[l] > c[best] {
                    best = l;
                }
            }
            (w, best as u8)
        })
        .collect()
}

/// Multi-word entity phrases of gold data, as `T` phrase classes.
fn build_phrases<'a>(
    sents: impl Iterator<Item = &'a Sentence>,
    base: &BTreeMap<String, u32>,
) -> BTreeMap<String, u32> {
    let mut map = base.clone();
    for s in sents {
        for (a, b, t) in spans(&s.tags) {
            if b - a >= 2 && b - a <= MAX_PHRASE {
                let key = phrase_key(s.tokens[a..b].iter().map(String::as_str));
                add_phrase(&mut map, &key, TRAIN_PHRASE_CLASS + t as usize);
            }
        }
    }
    map
}

struct Prepared {
    /// Feature rows per token, flattened; `offs[i]..offs[i+1]` for token i.
    feats: Vec<u32>,
    offs: Vec<usize>,
    gold: Vec<usize>,
}

fn prepare(s: &Sentence, infos: Sent<'_>, log2: u32) -> Prepared {
    let mut feats = Vec::new();
    let mut offs = vec![0];
    for i in 0..infos.toks.len() {
        token_features(infos, i, |h| feats.push(bucket(h, log2) as u32));
        offs.push(feats.len());
    }
    Prepared {
        feats,
        offs,
        gold: s.tags.iter().map(|t| t.index()).collect(),
    }
}

/// The first-pass features of `p` plus the document features of `ctx`.
fn with_doc(p: &Prepared, ctx: &[DocCtx], log2: u32) -> Prepared {
    let mut feats = Vec::with_capacity(p.feats.len() + 16 * ctx.len());
    let mut offs = vec![0];
    for i in 0..p.gold.len() {
        feats.extend_from_slice(&p.feats[p.offs[i]..p.offs[i + 1]]);
        doc_features(ctx, i, |h| feats.push(bucket(h, log2) as u32));
        offs.push(feats.len());
    }
    Prepared {
        feats,
        offs,
        gold: p.gold.clone(),
    }
}

fn decode(p: &Prepared, w: &[f32], trans: &[f32], o_bias: f32) -> Vec<usize> {
    let n = p.gold.len();
    let mut em = vec![0f32; n * N_LABELS];
    for i in 0..n {
        let e = &mut em[i * N_LABELS..(i + 1) * N_LABELS];
        e[0] -= o_bias;
        for &f in &p.feats[p.offs[i]..p.offs[i + 1]] {
            let row = &w[f as usize * N_LABELS..(f as usize + 1) * N_LABELS];
            for (a, b) in e.iter_mut().zip(row) {
                *a += *b;
            }
        }
    }
    viterbi(&em, n, trans)
}

/// xorshift64*: a tiny fixed PRNG so shuffles never change between builds.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// Averaged weights and transitions of one pass.
struct Averaged {
    w: Vec<f32>,
    t: Vec<f32>,
}

impl Averaged {
    fn decode(&self, p: &Prepared) -> Vec<usize> {
        self.decode_biased(p, 0.0)
    }

    fn decode_biased(&self, p: &Prepared, o_bias: f32) -> Vec<usize> {
        let trans = constrained(|a, b| self.t[a * N_LABELS + b]);
        decode(p, &self.w, &trans, o_bias)
    }
}

/// Held-out sentences: prepared features and gold tags.
struct Dev<'a> {
    prepared: &'a [Prepared],
    gold: Vec<Vec<Tag>>,
}

/// [`perceptron`] trained `n` times with different seeds, weights averaged.
fn ensemble(
    data: &[&Prepared],
    log2: u32,
    epochs: usize,
    seed: u64,
    n: usize,
    dev: Option<&Dev<'_>>,
    verbose: bool,
) -> Averaged {
    let mut acc = perceptron(data, log2, epochs, seed, dev, verbose);
    let n = n.max(1);
    for i in 1..n {
        let seed_i = seed.wrapping_add(0x9e37_79b9_7f4a_7c15u64.wrapping_mul(i as u64));
        let m = perceptron(data, log2, epochs, seed_i, dev, verbose);
        for (a, b) in acc.w.iter_mut().zip(&m.w) {
            *a += *b;
        }
        for (a, b) in acc.t.iter_mut().zip(&m.t) {
            *a += *b;
        }
    }
    let k = n as f32;
    for a in acc.w.iter_mut().chain(acc.t.iter_mut()) {
        *a /= k;
    }
    acc
}

/// Averaged structured perceptron over `data`. With a dev set, the
/// averaged weights of the best dev epoch are returned.
fn perceptron(
    data: &[&Prepared],
    log2: u32,
    epochs: usize,
    seed: u64,
    dev: Option<&Dev<'_>>,
    verbose: bool,
) -> Averaged {
    let size = (1usize << log2) * N_LABELS;
    let ntr = (N_LABELS + 1) * N_LABELS;
    // Integer weights and c-weighted update sums: averaging is exact.
    let mut w = vec![0i32; size];
    let mut u = vec![0i64; size];
    let mut tw = vec![0i32; ntr];
    let mut tu = vec![0i64; ntr];
    let mut wf = vec![0f32; size];
    let mut c: i64 = 1;
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = Rng(seed | 1);
    let mut best: Option<(f64, usize, Averaged)> = None;

    let average = |w: &[i32], u: &[i64], c: i64| -> Vec<f32> {
        w.iter()
            .zip(u)
            .map(|(&w, &u)| (w as f64 - u as f64 / c as f64) as f32)
            .collect()
    };

    for epoch in 1..=epochs {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut errors = 0usize;
        for &si in &order {
            let p = data[si];
            let trans_f = constrained(|a, b| tw[a * N_LABELS + b] as f32);
            let pred = decode(p, &wf, &trans_f, 0.0);
            if pred != p.gold {
                errors += 1;
                let mut upd = |f: usize, l: usize, d: i32, w: &mut [i32], wf: &mut [f32]| {
                    let idx = f * N_LABELS + l;
                    w[idx] += d;
                    u[idx] += c * d as i64;
                    wf[idx] = w[idx] as f32;
                };
                for i in 0..p.gold.len() {
                    let (g, q) = (p.gold[i], pred[i]);
                    if g != q {
                        for &f in &p.feats[p.offs[i]..p.offs[i + 1]] {
                            upd(f as usize, g, 1, &mut w, &mut wf);
                            upd(f as usize, q, -1, &mut w, &mut wf);
                        }
                    }
                    let gp = if i == 0 { N_LABELS } else { p.gold[i - 1] };
                    let qp = if i == 0 { N_LABELS } else { pred[i - 1] };
                    if (gp, g) != (qp, q) {
                        tw[gp * N_LABELS + g] += 1;
                        tu[gp * N_LABELS + g] += c;
                        tw[qp * N_LABELS + q] -= 1;
                        tu[qp * N_LABELS + q] -= c;
                    }
                }
            }
            c += 1;
        }
        if verbose {
            eprintln!(
                "epoch {epoch}: {errors}/{} training sentences wrong",
                data.len()
            );
        }
        if let Some(dev) = dev.filter(|d| !d.prepared.is_empty()) {
            let avg = Averaged {
                w: average(&w, &u, c),
                t: average(&tw, &tu, c),
            };
            let pred: Vec<Vec<Tag>> = dev
                .prepared
                .iter()
                .map(|p| avg.decode(p).into_iter().map(Tag::from_index).collect())
                .collect();
            let r = score(&dev.gold, &pred);
            if verbose {
                eprintln!(
                    "  dev: PERS+LOC+ORG F1 {:.4}, all-types F1 {:.4}",
                    r.core_f1(),
                    r.all_f1()
                );
            }
            if best.as_ref().is_none_or(|b| r.core_f1() > b.0) {
                best = Some((r.core_f1(), epoch, avg));
            }
        }
    }
    match best {
        Some((f1, epoch, avg)) => {
            if verbose {
                eprintln!("best dev epoch {epoch} (PERS+LOC+ORG F1 {f1:.4})");
            }
            avg
        }
        None => Averaged {
            w: average(&w, &u, c),
            t: average(&tw, &tu, c),
        },
    }
}

/// Trains on already-read sentences (tags must be BIO; see [`crate::to_bio`]).
///
/// Two passes are trained. The first (sentence) pass is trained k times on
/// k-1 contiguous blocks and tags the held-out block, so the document pass
/// learns from first-pass output as error-prone as it will be on unseen
/// text; the shipped first pass is then trained on everything.
pub fn train_on(sents: &[Sentence], opts: &TrainOptions) -> Result<Model, NerError> {
    if sents.is_empty() {
        return Err(NerError::Invalid("no training sentences".into()));
    }
    if !(8..=26).contains(&opts.log2_buckets) {
        return Err(NerError::Invalid("log2_buckets must be in 8..=26".into()));
    }
    let log2 = opts.log2_buckets;
    let window = opts.doc_window.min(10_000);
    let n_dev = (sents.len() as f64 * opts.dev_fraction.clamp(0.0, 0.9)) as usize;
    let (train, dev) = sents.split_at(sents.len() - n_dev);
    let triggers = parse_lexicon(TRIGGERS_TXT, TRIGGERS_NAME, &TRIGGER_CLASSES, false)?;
    let names = parse_lexicon(NAMES_TXT, NAMES_NAME, &NAME_CLASSES, true)?;
    let mut ext_phrases = BTreeMap::new();
    parse_phrases(GAZETTEER_TXT, GAZETTEER_NAME, &mut ext_phrases)?;
    parse_phrases(GIVEN_TXT, GIVEN_NAME, &mut ext_phrases)?;
    let clusters = match &opts.clusters {
        None => parse_clusters(CLUSTERS_TXT, CLUSTERS_NAME)?,
        Some(p) if p.as_os_str().is_empty() => BTreeMap::new(),
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|source| NerError::Io {
                path: p.display().to_string(),
                source,
            })?;
            parse_clusters(&text, &p.display().to_string())?
        }
    };

    // Jackknifed gazetteers for training sentences: contiguous blocks, since
    // names repeat within an article and articles are contiguous. The same
    // blocks are the cross-validation folds of the first pass.
    let k = opts.gazetteer_folds.max(2);
    let block = train.len().div_ceil(k);
    let bounds: Vec<(usize, usize)> = (0..k)
        .map(|f| {
            (
                (f * block).min(train.len()),
                ((f + 1) * block).min(train.len()),
            )
        })
        .collect();
    let mut infos = Doc::default();
    let mut prepared = Vec::with_capacity(train.len());
    for &(lo, hi) in &bounds {
        let gaz = build_gazetteer(train[..lo].iter().chain(&train[hi..]));
        let lex = Lexicon::new(
            triggers.clone(),
            gaz,
            names.clone(),
            build_phrases(train[..lo].iter().chain(&train[hi..]), &ext_phrases),
        )
        .with_clusters(clusters.clone());
        for s in &train[lo..hi] {
            let toks: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
            infos.push_sentence(&toks, &lex);
            prepared.push(prepare(s, infos.sentence(infos.len() - 1), log2));
        }
    }
    let full_lex = Lexicon::new(
        triggers,
        build_gazetteer(train.iter()),
        names,
        build_phrases(train.iter(), &ext_phrases),
    )
    .with_clusters(clusters);
    let mut dev_infos = Doc::default();
    for s in dev {
        let toks: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
        dev_infos.push_sentence(&toks, &full_lex);
    }
    let dev_prepared: Vec<Prepared> = dev
        .iter()
        .enumerate()
        .map(|(i, s)| prepare(s, dev_infos.sentence(i), log2))
        .collect();
    let dev_gold: Vec<Vec<Tag>> = dev.iter().map(|s| s.tags.clone()).collect();

    // First pass, cross-validated over the blocks.
    let mut cv_labels: Vec<Vec<usize>> = Vec::with_capacity(train.len());
    for (f, &(lo, hi)) in bounds.iter().enumerate() {
        let rest: Vec<&Prepared> = prepared[..lo].iter().chain(&prepared[hi..]).collect();
        if opts.verbose {
            eprintln!("first pass, fold {}/{k}", f + 1);
        }
        let avg = ensemble(
            &rest,
            log2,
            opts.first_epochs,
            opts.seed,
            opts.ensemble,
            None,
            false,
        );
        cv_labels.extend(prepared[lo..hi].iter().map(|p| avg.decode(p)));
    }
    let all: Vec<&Prepared> = prepared.iter().collect();
    if opts.verbose {
        eprintln!("first pass, all training sentences");
    }
    let first = ensemble(
        &all,
        log2,
        opts.first_epochs,
        opts.seed,
        opts.ensemble,
        None,
        false,
    );
    let dev_labels: Vec<Vec<usize>> = dev_prepared.iter().map(|p| first.decode(p)).collect();
    if opts.verbose && !dev.is_empty() {
        let pred: Vec<Vec<Tag>> = dev_labels
            .iter()
            .map(|l| l.iter().map(|&x| Tag::from_index(x)).collect())
            .collect();
        eprintln!(
            "first pass dev: PERS+LOC+ORG F1 {:.4}",
            score(&dev_gold, &pred).core_f1()
        );
    }

    // Document pass.
    let ctx = doc_contexts(&infos, &cv_labels.concat(), window);
    let second_prep: Vec<Prepared> = prepared
        .iter()
        .enumerate()
        .map(|(s, p)| with_doc(p, &ctx[infos.range(s)], log2))
        .collect();
    let dev_ctx = doc_contexts(&dev_infos, &dev_labels.concat(), window);
    let dev_second: Vec<Prepared> = dev_prepared
        .iter()
        .enumerate()
        .map(|(s, p)| with_doc(p, &dev_ctx[dev_infos.range(s)], log2))
        .collect();
    let dev_set = Dev {
        prepared: &dev_second,
        gold: dev_gold,
    };
    let all2: Vec<&Prepared> = second_prep.iter().collect();
    if opts.verbose {
        eprintln!("document pass");
    }
    let second = ensemble(
        &all2,
        log2,
        opts.epochs,
        opts.seed,
        opts.ensemble,
        Some(&dev_set),
        opts.verbose,
    );
    if opts.verbose && !dev_second.is_empty() {
        for b in [0.0f32, 10.0, 20.0, 30.0, 45.0, 60.0, 90.0, 130.0] {
            let pred: Vec<Vec<Tag>> = dev_second
                .iter()
                .map(|p| {
                    let l = second.decode_biased(p, b);
                    l.into_iter().map(Tag::from_index).collect()
                })
                .collect();
            let r = score(&dev_set.gold, &pred);
            let c = r.core();
            eprintln!(
                "  dev with O penalty {b}: PERS+LOC+ORG F1 {:.4} (P {:.4} R {:.4})",
                c.f1(),
                c.precision(),
                c.recall()
            );
        }
    }
    if opts.verbose && !dev_second.is_empty() {
        let pred: Vec<Vec<Tag>> = dev_second
            .iter()
            .map(|p| {
                let l = second.decode_biased(p, opts.o_penalty);
                l.into_iter().map(Tag::from_index).collect()
            })
            .collect();
        eprintln!(
            "dev report (O penalty {}):\n{}",
            opts.o_penalty,
            score(&dev_set.gold, &pred)
        );
    }
    let (w1, p1) = quantise(&first, opts.prune_below, 0.0);
    let (w2, p2) = quantise(&second, opts.prune_below, opts.o_penalty);
    Ok(Model::from_parts(
        log2,
        window as u32,
        p1,
        p2,
        Table::from_dense(log2, &w1, &w2),
        full_lex,
    ))
}

/// Quantised weights (dense) and the pass's transitions.
fn quantise(avg: &Averaged, prune_below: i16, o_penalty: f32) -> (Vec<i16>, Pass) {
    let max = avg
        .w
        .iter()
        .chain(&avg.t)
        .fold(0f32, |m, &x| m.max(x.abs()))
        .max(f32::MIN_POSITIVE);
    let scale = 32767.0 / max;
    let weights = avg
        .w
        .iter()
        .map(|&x| {
            let q = (x * scale).round().clamp(-32767.0, 32767.0) as i16;
            if q.abs() < prune_below {
                0
            } else {
                q
            }
        })
        .collect();
    let trans = avg.t.iter().map(|&x| (x * scale).round() as i32).collect();
    (
        weights,
        Pass::new(trans, (o_penalty * scale).round() as i32),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(pairs: &[(&str, Tag)]) -> Sentence {
        Sentence {
            tokens: pairs.iter().map(|p| p.0.to_string()).collect(),
            tags: pairs.iter().map(|p| p.1).collect(),
        }
    }

    #[test]
    fn gazetteer_codes_entity_words_and_known_common_words() {
        use crate::EntityType::{Loc, Pers};
        let s = [
            sent(&[("قال", Tag::O), ("زيد", Tag::B(Pers)), ("في", Tag::O)]),
            sent(&[("قال", Tag::O), ("عمان", Tag::B(Loc)), ("في", Tag::O)]),
            sent(&[("عمان", Tag::O), ("في", Tag::O), ("في", Tag::O)]),
        ];
        let g = build_gazetteer(s.iter());
        assert_eq!(g.get("زيد"), Some(&(Tag::B(Pers).index() as u8)));
        // Half of its uses are entities: still an entity word.
        assert_eq!(g.get("عمان"), Some(&(Tag::B(Loc).index() as u8)));
        // Seen twice, never in an entity: band 1 (2-3 uses), flag clear.
        assert_eq!(g.get("قال"), Some(&(KNOWN_WORD + 1)));
        // Seen four times: band 2.
        assert_eq!(g.get("في"), Some(&(KNOWN_WORD + 2)));
        // Unseen words are absent, i.e. code 0 at tagging time.
        assert_eq!(g.get("عمرو"), None);
        // Known-word codes never collide with label codes.
        assert!(KNOWN_WORD as usize >= N_LABELS);
    }

    #[test]
    fn ensemble_of_one_is_the_single_perceptron_and_more_average() {
        let p = Prepared {
            feats: vec![1, 2, 3, 2],
            offs: vec![0, 2, 4],
            gold: vec![1, 2],
        };
        let data = [&p];
        let one = perceptron(&data, 8, 3, 7, None, false);
        let e1 = ensemble(&data, 8, 3, 7, 1, None, false);
        assert_eq!(one.w, e1.w);
        assert_eq!(one.t, e1.t);
        let e3 = ensemble(&data, 8, 3, 7, 3, None, false);
        // Averages of perceptrons that all fit the data still fit it.
        assert_eq!(e3.decode(&p), p.gold);
        assert_eq!(e3.w.len(), one.w.len());
    }
}
