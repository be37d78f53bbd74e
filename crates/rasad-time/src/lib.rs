//! Arabic temporal expressions, resolved against a publication date.
//!
//! [`Resolver::find`] scans a text once and returns every time expression
//! it recognises with char offsets, a TIMEX3-like `value`, a
//! [`Granularity`], and the inclusive day `range` it covers:
//!
//! - absolute dates in every Arabic month-naming system (Egyptian/Gulf
//!   «نوفمبر», Levantine «تشرين الثاني», Maghreb «نوفمبر/جوان», Moroccan),
//!   paired names («تشرين الثاني/نوفمبر», «تشرين الثاني (نوفمبر)»), numeric
//!   dates (D/M/Y or Y/M/D) and Arabic-Indic digits;
//! - Hijri dates, converted with the tabular Islamic calendar (±1 day of
//!   Umm al-Qura or of a sighting-based date);
//! - weekdays («الخميس», «الثلاثاء الماضي», «الجمعة المقبلة»), relative
//!   days («أمس», «أول أمس», «مساء أمس»), relative periods («الشهر الماضي»,
//!   «قبل يومين»), parts of periods («نهاية الشهر الماضي» → value `2015-10`,
//!   modifier `End`, range 21st–31st), durations («خلال 48 ساعة» → `PT48H`)
//!   and vague references («مؤخرا» → `PAST_REF`).
//!
//! Invariants:
//! - Offsets are `char` offsets into the caller's text and `text` is exactly
//!   that slice; a proclitic (و ف ب ل ك, «بـ») is left outside the span.
//! - Expressions never overlap and come in text order; no input panics.
//! - All vocabulary is in `data/time/*.tsv` (embedded, parsed once in
//!   [`Resolver::new`]); the code holds only the patterns.
//! - Without an anchor, anchor-relative expressions are still reported, with
//!   `date: None` and an `X`-placeholder value (`XXXX-11-13`, `XXXX-WXX-4`).
//! - No pattern spans or looks across a break (newline, `! ? ; ؟ ؛`, a dot
//!   not between two digits): [`Resolver::find_in`] over a
//!   [`Resolver::window`] reports what `find` over the whole text reports
//!   there, for a caller that needs the dates of a few sentences only.
//!
//! Deliberately not done: times of day (a time of day widens the span but
//! the value stays the day), ranges between two dates («بين 12 و15
//! نوفمبر» gives two days), event-relative offsets («بعد يومين من الهجوم»
//! are skipped, not guessed), tense analysis beyond a list of future cue
//! words, two-digit years.

mod cal;
mod data;
mod grammar;
mod lex;

use std::ops::Range;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use grammar::{Found, Parser, Val};

/// How precise a [`TimeExpr`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Day,
    /// ISO week; value like `2015-W47`.
    Week,
    Month,
    Year,
    /// Explicit day interval, value `start/end` (Hijri months and years).
    Range,
    /// A length of time, value ISO 8601 (`P2D`, `PT48H`), not a position.
    Duration,
    /// Vague: `PAST_REF`, `PRESENT_REF`, `FUTURE_REF`.
    Reference,
}

/// Which part of the period is meant (TIMEX3 `mod`). The `value` stays the
/// whole period; `range` narrows to the part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modifier {
    /// «مطلع، أوائل، بداية»: first third (days 1–10; Jan–Mar; Mon–Tue).
    Start,
    /// «منتصف، أواسط»: middle third (days 11–20; May–Aug; Wed–Thu).
    Mid,
    /// «نهاية، أواخر»: last third (day 21–end; Oct–Dec; Fri–Sun).
    End,
    /// «في وقت سابق من»: from the period start to the anchor.
    Earlier,
    /// «في وقت لاحق من»: from the anchor to the period end.
    Later,
}

/// One temporal expression found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeExpr {
    /// Char offsets `[start, end)` into the text given to `find`.
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The day, when the expression names one (granularity `Day`).
    pub date: Option<NaiveDate>,
    pub granularity: Granularity,
    /// TIMEX-like: `2015-11-13`, `2015-W47`, `2015-11`, `2015`,
    /// `2015-06-18/2015-07-16`, `P2D`, `PAST_REF`, or with `X`s if unresolved.
    pub value: String,
    pub modifier: Option<Modifier>,
    /// Inclusive first and last day covered (after the modifier), when known.
    pub range: Option<(NaiveDate, NaiveDate)>,
}

/// The loaded vocabulary; build once, share freely (`find` takes `&self`).
#[derive(Debug)]
pub struct Resolver {
    lex: data::Lexicon,
}

impl Resolver {
    /// Parses the embedded `data/time/*.tsv`; errors read `file:line: message`.
    pub fn new() -> Result<Resolver, String> {
        Ok(Resolver {
            lex: data::Lexicon::load()?,
        })
    }

    /// Every temporal expression in `text`, in order, non-overlapping.
    /// `anchor` is the publication date that relative expressions count from.
    pub fn find(&self, text: &str, anchor: Option<NaiveDate>) -> Vec<TimeExpr> {
        let items = lex::items(text, &self.lex);
        let p = Parser {
            it: &items,
            lex: &self.lex,
            anchor,
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i < items.len() {
            match p.parse(i) {
                Some(f) if f.next > f.first && f.next <= items.len() => {
                    if let Some(e) = to_expr(text, &items, &f, anchor) {
                        out.push(e);
                    }
                    i = f.next.max(i + 1);
                }
                _ => i += 1,
            }
        }
        out
    }

    /// The stretch of `chars` to scan for the expressions of `find` that
    /// lie in the char range `span`: from the last break at or before its
    /// start to the first break at or after its last char, breaks included
    /// (the text's ends when there is none).
    pub fn window(chars: &[char], span: Range<usize>) -> Range<usize> {
        let last = span.end.saturating_sub(1).max(span.start).min(chars.len());
        let from = span.start.min(chars.len());
        let start = (0..=from)
            .rev()
            .find(|&x| lex::break_at(chars, x))
            .unwrap_or(0);
        let end = (last..chars.len())
            .find(|&x| lex::break_at(chars, x))
            .map_or(chars.len(), |x| x + 1);
        start..end.max(start)
    }

    /// What `find` over the whole of `chars` reports inside `window`, in
    /// order, offsets into `chars`, found by scanning the window alone.
    ///
    /// Exact for a window from [`Resolver::window`]: a break char lexes
    /// the same whatever precedes or follows the scan, patterns neither
    /// span a break nor look across one (multi-word forms are runs of
    /// words), and a break item starts nothing, so the whole-text scan
    /// passes through the window's first break and meets the same items
    /// up to its last.
    pub fn find_in(
        &self,
        chars: &[char],
        window: Range<usize>,
        anchor: Option<NaiveDate>,
    ) -> Vec<TimeExpr> {
        let Some(part) = chars.get(window.clone()) else {
            return Vec::new();
        };
        let text: String = part.iter().collect();
        let mut out = self.find(&text, anchor);
        for e in &mut out {
            e.start += window.start;
            e.end += window.start;
        }
        out
    }
}

fn to_expr(
    text: &str,
    items: &[lex::Item],
    f: &Found,
    anchor: Option<NaiveDate>,
) -> Option<TimeExpr> {
    let (a, b) = (items.get(f.first)?, items.get(f.next - 1)?);
    let slice = text.get(a.bstart..b.bend)?;
    let (granularity, value, date, range) = match &f.val {
        Val::Day(d) => (
            Granularity::Day,
            d.format("%Y-%m-%d").to_string(),
            Some(*d),
            Some((*d, *d)),
        ),
        Val::Week(d) => {
            let w = d.iso_week();
            let mon = NaiveDate::from_isoywd_opt(w.year(), w.week(), chrono::Weekday::Mon)?;
            let sun = NaiveDate::from_isoywd_opt(w.year(), w.week(), chrono::Weekday::Sun)?;
            (
                Granularity::Week,
                format!("{}-W{:02}", w.year(), w.week()),
                None,
                Some((mon, sun)),
            )
        }
        Val::Month(y, m) => {
            let first = NaiveDate::from_ymd_opt(*y, *m, 1)?;
            (
                Granularity::Month,
                format!("{y:04}-{m:02}"),
                None,
                Some((first, cal::month_last_day(*y, *m)?)),
            )
        }
        Val::Year(y) => (
            Granularity::Year,
            format!("{y:04}"),
            None,
            Some((
                NaiveDate::from_ymd_opt(*y, 1, 1)?,
                NaiveDate::from_ymd_opt(*y, 12, 31)?,
            )),
        ),
        Val::Range(s, e) => (
            Granularity::Range,
            format!("{}/{}", s.format("%Y-%m-%d"), e.format("%Y-%m-%d")),
            None,
            Some((*s, *e)),
        ),
        Val::Duration(v) => (Granularity::Duration, v.clone(), None, None),
        Val::Ref(v) => (Granularity::Reference, v.clone(), None, None),
        Val::Unres(g, v) => (*g, v.clone(), None, None),
    };
    let range = match (range, f.modifier) {
        (Some(r), Some(m)) => narrow(r, m, &f.val, anchor),
        (r, _) => r,
    };
    Some(TimeExpr {
        start: a.start,
        end: b.end,
        text: slice.to_string(),
        date,
        granularity,
        value,
        modifier: f.modifier,
        range,
    })
}

/// The part of `(s, e)` a modifier picks.
fn narrow(
    (s, e): (NaiveDate, NaiveDate),
    m: Modifier,
    val: &Val,
    anchor: Option<NaiveDate>,
) -> Option<(NaiveDate, NaiveDate)> {
    let ymd = |y: i32, mo: u32, d: u32| NaiveDate::from_ymd_opt(y, mo, d);
    match (m, val) {
        (Modifier::Earlier, _) => {
            let a = anchor?;
            (a >= s).then(|| (s, a.min(e)))
        }
        (Modifier::Later, _) => {
            let a = anchor?;
            (a <= e).then(|| (a.max(s), e))
        }
        (_, Val::Year(y)) => match m {
            Modifier::Start => Some((s, ymd(*y, 3, 31)?)),
            Modifier::Mid => Some((ymd(*y, 5, 1)?, ymd(*y, 8, 31)?)),
            _ => Some((ymd(*y, 10, 1)?, e)),
        },
        (_, Val::Week(_)) => match m {
            Modifier::Start => Some((s, cal::add_days(s, 1)?)),
            Modifier::Mid => Some((cal::add_days(s, 2)?, cal::add_days(s, 3)?)),
            _ => Some((cal::add_days(s, 4)?, e)),
        },
        (_, Val::Day(_)) => Some((s, e)),
        // Months (Gregorian or Hijri): thirds by day of month.
        _ => match m {
            Modifier::Start => Some((s, cal::add_days(s, 9)?.min(e))),
            Modifier::Mid => Some((cal::add_days(s, 10)?.min(e), cal::add_days(s, 19)?.min(e))),
            _ => Some((cal::add_days(s, 20)?.min(e), e)),
        },
    }
}
