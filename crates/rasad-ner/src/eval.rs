//! Exact-span (CoNLL) evaluation.

use crate::conll::{read_sentences, GoldFormat};
use crate::{spans, EntityType, Model, NerError, Tag};
use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;
use std::time::Instant;

/// Counts for one entity type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypeScore {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

fn prf(tp: usize, fp: usize, fn_: usize) -> (f64, f64, f64) {
    let p = if tp + fp == 0 {
        0.0
    } else {
        tp as f64 / (tp + fp) as f64
    };
    let r = if tp + fn_ == 0 {
        0.0
    } else {
        tp as f64 / (tp + fn_) as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

impl TypeScore {
    pub fn precision(&self) -> f64 {
        prf(self.tp, self.fp, self.fn_).0
    }
    pub fn recall(&self) -> f64 {
        prf(self.tp, self.fp, self.fn_).1
    }
    pub fn f1(&self) -> f64 {
        prf(self.tp, self.fp, self.fn_).2
    }
}

/// Per-type and micro-averaged exact-span scores, plus speed.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalReport {
    /// Indexed like [`EntityType::ALL`].
    pub per_type: [TypeScore; 4],
    /// Types present in the gold inventory (Wojood has no MISC); predicted
    /// entities of other types are not counted.
    pub scored_types: Vec<EntityType>,
    pub sentences: usize,
    pub tokens: usize,
    /// Tagging time only (excludes reading the file).
    pub seconds: f64,
}

impl EvalReport {
    fn micro(&self, types: &[EntityType]) -> TypeScore {
        let mut s = TypeScore::default();
        for t in types {
            let x = self.per_type[*t as usize];
            s.tp += x.tp;
            s.fp += x.fp;
            s.fn_ += x.fn_;
        }
        s
    }

    /// Micro-averaged counts over PERS, LOC and ORG.
    pub fn core(&self) -> TypeScore {
        self.micro(&[EntityType::Pers, EntityType::Loc, EntityType::Org])
    }

    /// Micro F1 over PERS, LOC and ORG: the project's headline number.
    pub fn core_f1(&self) -> f64 {
        self.core().f1()
    }

    /// Micro-averaged counts over all scored types.
    pub fn all(&self) -> TypeScore {
        self.micro(&self.scored_types)
    }

    pub fn all_f1(&self) -> f64 {
        self.all().f1()
    }

    pub fn tokens_per_second(&self) -> f64 {
        if self.seconds > 0.0 {
            self.tokens as f64 / self.seconds
        } else {
            0.0
        }
    }
}

/// Scores predicted against gold tag sequences (same shapes) by exact span
/// match over all four types. Sequences are read as conlleval does.
pub fn score(gold: &[Vec<Tag>], pred: &[Vec<Tag>]) -> EvalReport {
    score_types(gold, pred, EntityType::ALL.to_vec())
}

fn score_types(gold: &[Vec<Tag>], pred: &[Vec<Tag>], types: Vec<EntityType>) -> EvalReport {
    let mut per_type = [TypeScore::default(); 4];
    let mut tokens = 0;
    for (g, p) in gold.iter().zip(pred) {
        tokens += g.len();
        let keep = |s: &(usize, usize, EntityType)| types.contains(&s.2);
        let gs: BTreeSet<_> = spans(g).into_iter().filter(keep).collect();
        let ps: BTreeSet<_> = spans(p).into_iter().filter(keep).collect();
        for s in &ps {
            if gs.contains(s) {
                per_type[s.2 as usize].tp += 1;
            } else {
                per_type[s.2 as usize].fp += 1;
            }
        }
        for s in gs.difference(&ps) {
            per_type[s.2 as usize].fn_ += 1;
        }
    }
    EvalReport {
        per_type,
        scored_types: types,
        sentences: gold.len(),
        tokens,
        seconds: 0.0,
    }
}

/// Tags every sentence of a gold file and scores it. For
/// [`GoldFormat::Wojood`] only PERS/LOC/ORG are scored (it has no MISC).
pub fn evaluate(model: &Model, path: &Path, format: GoldFormat) -> Result<EvalReport, NerError> {
    let sents = read_sentences(path, format)?;
    let start = Instant::now();
    // The file is one running text: neighbouring sentences inform the
    // document pass, as they would for an article.
    let doc: Vec<Vec<&str>> = sents
        .iter()
        .map(|s| s.tokens.iter().map(String::as_str).collect())
        .collect();
    let pred = model.tag_document(&doc);
    let seconds = start.elapsed().as_secs_f64();
    let gold: Vec<Vec<Tag>> = sents.into_iter().map(|s| s.tags).collect();
    let types = match format {
        GoldFormat::Anercorp => EntityType::ALL.to_vec(),
        GoldFormat::Wojood => vec![EntityType::Pers, EntityType::Loc, EntityType::Org],
    };
    let mut r = score_types(&gold, &pred, types);
    r.seconds = seconds;
    Ok(r)
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<16} {:>9} {:>9} {:>9} {:>6} {:>6} {:>6}",
            "type", "precision", "recall", "F1", "tp", "fp", "fn"
        )?;
        let row = |f: &mut fmt::Formatter<'_>, name: &str, s: TypeScore| {
            writeln!(
                f,
                "{:<16} {:>9.4} {:>9.4} {:>9.4} {:>6} {:>6} {:>6}",
                name,
                s.precision(),
                s.recall(),
                s.f1(),
                s.tp,
                s.fp,
                s.fn_
            )
        };
        for t in &self.scored_types {
            row(f, t.as_str(), self.per_type[*t as usize])?;
        }
        row(f, "PERS+LOC+ORG", self.core())?;
        row(f, "all types", self.all())?;
        write!(
            f,
            "{} sentences, {} tokens, {:.3} s tagging, {:.0} tokens/s",
            self.sentences,
            self.tokens,
            self.seconds,
            self.tokens_per_second()
        )
    }
}
