//! Averaged structured perceptron training.

use crate::conll::{read_sentences, GoldFormat, Sentence};
use crate::eval::score;
use crate::features::TRIGGER_CLASSES;
use crate::features::{fold, parse_lexicon, token_features, token_infos, Lexicon};
use crate::features::{NAMES_NAME, NAMES_TXT, NAME_CLASSES, TRIGGERS_NAME, TRIGGERS_TXT};
use crate::model::{bucket, constrained, viterbi, Model};
use crate::{NerError, Tag, N_LABELS};
use std::collections::BTreeMap;
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
        }
    }
}

/// Trains on an ANERcorp-format file (`token TAG`, IOB1 or BIO).
pub fn train(train_path: &Path, opts: &TrainOptions) -> Result<Model, NerError> {
    let sents = read_sentences(train_path, GoldFormat::Anercorp)?;
    train_on(&sents, opts)
}

/// Gazetteer: folded word → index of its dominant entity label, kept when
/// at least half of the word's occurrences are inside entities.
fn build_gazetteer<'a>(sents: impl Iterator<Item = &'a Sentence>) -> BTreeMap<String, u8> {
    let mut counts: BTreeMap<String, [u32; N_LABELS]> = BTreeMap::new();
    for s in sents {
        for (tok, tag) in s.tokens.iter().zip(&s.tags) {
            counts.entry(fold(tok)).or_insert([0; N_LABELS])[tag.index()] += 1;
        }
    }
    counts
        .into_iter()
        .filter_map(|(w, c)| {
            let total: u32 = c.iter().sum();
            let ent: u32 = c[1..].iter().sum();
            if ent * 2 < total || ent == 0 {
                return None;
            }
            let mut best = 1;
            for l in 2..N_LABELS {
                if c[l] > c[best] {
                    best = l;
                }
            }
            Some((w, best as u8))
        })
        .collect()
}

struct Prepared {
    /// Feature rows per token, flattened; `offs[i]..offs[i+1]` for token i.
    feats: Vec<u32>,
    offs: Vec<usize>,
    gold: Vec<usize>,
}

fn prepare(s: &Sentence, lex: &Lexicon, log2: u32) -> Prepared {
    let toks: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
    let infos = token_infos(&toks, lex);
    let mut feats = Vec::new();
    let mut offs = vec![0];
    for i in 0..toks.len() {
        token_features(&infos, i, |h| feats.push(bucket(h, log2) as u32));
        offs.push(feats.len());
    }
    Prepared {
        feats,
        offs,
        gold: s.tags.iter().map(|t| t.index()).collect(),
    }
}

fn decode(p: &Prepared, w: &[f32], trans: &[f32]) -> Vec<usize> {
    let n = p.gold.len();
    let mut em = vec![0f32; n * N_LABELS];
    for i in 0..n {
        let e = &mut em[i * N_LABELS..(i + 1) * N_LABELS];
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

/// Trains on already-read sentences (tags must be BIO; see [`crate::to_bio`]).
pub fn train_on(sents: &[Sentence], opts: &TrainOptions) -> Result<Model, NerError> {
    if sents.is_empty() {
        return Err(NerError::Invalid("no training sentences".into()));
    }
    if !(8..=26).contains(&opts.log2_buckets) {
        return Err(NerError::Invalid("log2_buckets must be in 8..=26".into()));
    }
    let log2 = opts.log2_buckets;
    let n_dev = (sents.len() as f64 * opts.dev_fraction.clamp(0.0, 0.9)) as usize;
    let (train, dev) = sents.split_at(sents.len() - n_dev);
    let triggers = parse_lexicon(TRIGGERS_TXT, TRIGGERS_NAME, &TRIGGER_CLASSES, false)?;
    let names = parse_lexicon(NAMES_TXT, NAMES_NAME, &NAME_CLASSES, true)?;

    // Jackknifed gazetteers for training sentences: contiguous blocks, since
    // names repeat within an article and articles are contiguous.
    let k = opts.gazetteer_folds.max(2);
    let block = train.len().div_ceil(k);
    let mut prepared = Vec::with_capacity(train.len());
    for f in 0..k {
        let (lo, hi) = (
            (f * block).min(train.len()),
            ((f + 1) * block).min(train.len()),
        );
        let gaz = build_gazetteer(train[..lo].iter().chain(&train[hi..]));
        let lex = Lexicon {
            triggers: triggers.clone(),
            gazetteer: gaz,
            names: names.clone(),
        };
        for s in &train[lo..hi] {
            prepared.push(prepare(s, &lex, log2));
        }
    }
    let full_lex = Lexicon {
        triggers,
        gazetteer: build_gazetteer(train.iter()),
        names,
    };
    let dev_prepared: Vec<Prepared> = dev.iter().map(|s| prepare(s, &full_lex, log2)).collect();

    let size = (1usize << log2) * N_LABELS;
    let ntr = (N_LABELS + 1) * N_LABELS;
    // Integer weights and c-weighted update sums: averaging is exact.
    let mut w = vec![0i32; size];
    let mut u = vec![0i64; size];
    let mut tw = vec![0i32; ntr];
    let mut tu = vec![0i64; ntr];
    let mut wf = vec![0f32; size];
    let mut c: i64 = 1;
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    let mut rng = Rng(opts.seed | 1);
    let mut best: Option<(f64, usize, Vec<f32>, Vec<f32>)> = None;

    let average = |w: &[i32], u: &[i64], c: i64| -> Vec<f32> {
        w.iter()
            .zip(u)
            .map(|(&w, &u)| (w as f64 - u as f64 / c as f64) as f32)
            .collect()
    };

    for epoch in 1..=opts.epochs {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut errors = 0usize;
        for &si in &order {
            let p = &prepared[si];
            let trans_f = constrained(|a, b| tw[a * N_LABELS + b] as f32);
            let pred = decode(p, &wf, &trans_f);
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
        if opts.verbose {
            eprintln!(
                "epoch {epoch}: {errors}/{} training sentences wrong",
                prepared.len()
            );
        }
        if !dev_prepared.is_empty() {
            let aw = average(&w, &u, c);
            let at = average(&tw, &tu, c);
            let trans_f = constrained(|a, b| at[a * N_LABELS + b]);
            let gold: Vec<Vec<Tag>> = dev.iter().map(|s| s.tags.clone()).collect();
            let pred: Vec<Vec<Tag>> = dev_prepared
                .iter()
                .map(|p| {
                    decode(p, &aw, &trans_f)
                        .into_iter()
                        .map(Tag::from_index)
                        .collect()
                })
                .collect();
            let r = score(&gold, &pred);
            if opts.verbose {
                eprintln!(
                    "  dev: PERS+LOC+ORG F1 {:.4}, all-types F1 {:.4}",
                    r.core_f1(),
                    r.all_f1()
                );
            }
            if best.as_ref().is_none_or(|b| r.core_f1() > b.0) {
                best = Some((r.core_f1(), epoch, aw, at));
            }
        }
    }
    let (aw, at) = match best {
        Some((f1, epoch, aw, at)) => {
            if opts.verbose {
                eprintln!("best dev epoch {epoch} (PERS+LOC+ORG F1 {f1:.4})");
            }
            (aw, at)
        }
        None => (average(&w, &u, c), average(&tw, &tu, c)),
    };
    Ok(quantise(log2, &aw, &at, full_lex, opts.prune_below))
}

fn quantise(log2: u32, aw: &[f32], at: &[f32], lex: Lexicon, prune_below: i16) -> Model {
    let max = aw
        .iter()
        .chain(at)
        .fold(0f32, |m, &x| m.max(x.abs()))
        .max(f32::MIN_POSITIVE);
    let scale = 32767.0 / max;
    let weights = aw
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
    let trans = at.iter().map(|&x| (x * scale).round() as i32).collect();
    Model::from_parts(log2, weights, trans, lex)
}
