//! The patterns: a hand-written, left-to-right matcher over lexicon items.
//!
//! Each `parse` call looks at a bounded window after position `i` (at most
//! a dozen items), so a whole text is linear in its length.

use chrono::{Datelike, NaiveDate};

use crate::cal::{
    add_days, add_months, date_to_hijri, hijri_month_range, hijri_to_date, hijri_year_range,
};
use crate::data::{Cal, Count, Dir, Entry, Guard, Lexicon, PartKind, Prep, Unit};
use crate::lex::{entries, Item, Kind};
use crate::{Granularity, Modifier};

/// A resolved (or knowingly unresolved) time value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    Day(NaiveDate),
    /// Any day of the week meant.
    Week(NaiveDate),
    Month(i32, u32),
    Year(i32),
    Range(NaiveDate, NaiveDate),
    Duration(String),
    Ref(String),
    /// Needs an anchor we do not have: TIMEX value with `X` placeholders.
    Unres(Granularity, String),
}

#[derive(Debug, Clone)]
pub(crate) struct Found {
    /// Item range `[first, next)`.
    pub first: usize,
    pub next: usize,
    pub val: Val,
    pub modifier: Option<Modifier>,
}

/// Days a day-without-year may lie from the anchor: news reports the recent
/// past and announces the near future.
const WINDOW_PAST_DAYS: i64 = 306;
const WINDOW_FUTURE_DAYS: i64 = 62;
/// Same window in months, for a month without a year.
const WINDOW_PAST_MONTHS: i64 = 10;
const WINDOW_FUTURE_MONTHS: i64 = 2;
/// How far back a future cue (سوف، المقرر…) may stand before a weekday.
const FUTURE_CUE_REACH: usize = 6;

pub(crate) struct Parser<'a> {
    pub it: &'a [Item],
    pub lex: &'a Lexicon,
    pub anchor: Option<NaiveDate>,
}

fn found(first: usize, next: usize, val: Val) -> Found {
    Found {
        first,
        next,
        val,
        modifier: None,
    }
}

impl Parser<'_> {
    fn ents(&self, i: usize) -> &[Entry] {
        self.it.get(i).map(|x| entries(x, self.lex)).unwrap_or(&[])
    }

    fn num(&self, i: usize) -> Option<(u32, u32)> {
        match self.it.get(i)?.kind {
            Kind::Num { v, digits } => Some((v, digits)),
            _ => None,
        }
    }

    fn year_num(&self, i: usize) -> Option<i64> {
        self.num(i)
            .filter(|&(_, digits)| digits == 4)
            .map(|(v, _)| i64::from(v))
    }

    fn sep(&self, i: usize, c: char) -> bool {
        self.it.get(i).is_some_and(|x| x.kind == Kind::Sep(c))
    }

    fn adjacent(&self, i: usize) -> bool {
        match (self.it.get(i), self.it.get(i + 1)) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }

    fn month(&self, i: usize) -> Option<(Cal, u32, Guard)> {
        self.ents(i).iter().find_map(|e| match *e {
            Entry::Month { cal, m, guard } => Some((cal, m, guard)),
            _ => None,
        })
    }

    fn weekday(&self, i: usize) -> Option<(u32, Guard)> {
        self.ents(i).iter().find_map(|e| match *e {
            Entry::Weekday { d, guard } => Some((d, guard)),
            _ => None,
        })
    }

    fn rel(&self, i: usize) -> Option<i64> {
        self.ents(i).iter().find_map(|e| match *e {
            Entry::Rel(n) => Some(n),
            _ => None,
        })
    }

    fn dir(&self, i: usize) -> Option<Dir> {
        self.ents(i).iter().find_map(|e| match *e {
            Entry::Dir(d) => Some(d),
            _ => None,
        })
    }

    fn unit(&self, i: usize) -> Option<(Unit, Count)> {
        self.ents(i).iter().find_map(|e| match *e {
            Entry::Unit { unit, count } => Some((unit, count)),
            _ => None,
        })
    }

    fn part(&self, i: usize) -> Option<(PartKind, Option<String>)> {
        self.ents(i).iter().find_map(|e| match e {
            Entry::Part { part, fallback } => Some((*part, fallback.clone())),
            _ => None,
        })
    }

    fn prep(&self, i: usize) -> Option<Prep> {
        self.ents(i).iter().find_map(|e| match *e {
            Entry::Prep(p) => Some(p),
            _ => None,
        })
    }

    fn mark(&self, i: usize) -> Option<Cal> {
        self.ents(i).iter().find_map(|e| match *e {
            Entry::Mark(c) => Some(c),
            _ => None,
        })
    }

    fn has(&self, i: usize, want: &Entry) -> bool {
        self.ents(i).contains(want)
    }

    fn numword(&self, i: usize) -> Option<u32> {
        self.ents(i).iter().find_map(|e| match *e {
            Entry::NumWord(n) => Some(n),
            _ => None,
        })
    }

    fn ordinal(&self, i: usize) -> Option<u32> {
        self.ents(i).iter().find_map(|e| match *e {
            Entry::Ordinal(n) => Some(n),
            _ => None,
        })
    }

    fn is_shahr(&self, i: usize) -> bool {
        matches!(self.unit(i), Some((Unit::Month, Count::One | Count::Def)))
    }

    /// `i` is a break or the text start/end: patterns never cross one.
    fn future_before(&self, i: usize) -> bool {
        let lo = i.saturating_sub(FUTURE_CUE_REACH);
        for k in (lo..i).rev() {
            if self.it.get(k).is_some_and(|x| x.kind == Kind::Break) {
                return false;
            }
            if self.has(k, &Entry::Future) {
                return true;
            }
        }
        false
    }

    /// Month name, optionally paired with its other-system name:
    /// «تشرين الثاني/نوفمبر», «تشرين الثاني (نوفمبر)».
    /// Returns (calendar, month, guard, next, paired).
    fn month_expr(&self, i: usize) -> Option<(Cal, u32, Guard, usize, bool)> {
        let (cal, m, g) = self.month(i)?;
        let j = i + 1;
        let same = |k: usize| self.month(k).filter(|&(c2, m2, _)| c2 == cal && m2 == m);
        if self.sep(j, '/') || self.sep(j, '-') {
            if let Some((_, _, g2)) = same(j + 1) {
                return Some((cal, m, weaker(g, g2), j + 2, true));
            }
        }
        if self.sep(j, '(') && self.sep(j + 2, ')') {
            if let Some((_, _, g2)) = same(j + 1) {
                return Some((cal, m, weaker(g, g2), j + 3, true));
            }
        }
        // «مايو أيار» (agency style): the other system's name, unmarked.
        if let Some((_, _, g2)) = same(j) {
            if self.it.get(j).map(|x| x.kind.clone()) != self.it.get(i).map(|x| x.kind.clone()) {
                return Some((cal, m, weaker(g, g2), j + 1, true));
            }
        }
        Some((cal, m, g, j, false))
    }

    /// A year right after a month: «2015», «2015م», «عام 2015», «1437 هـ».
    fn year_after(&self, j: usize, cal: Cal) -> Option<(i64, Cal, usize)> {
        let k = if matches!(self.unit(j), Some((Unit::Year, Count::One | Count::Def))) {
            j + 1
        } else {
            j
        };
        let y = self.year_num(k)?;
        let (cal, next) = match self.mark(k + 1) {
            Some(c) => (c, k + 2),
            None => (cal, k + 1),
        };
        let ok = match cal {
            Cal::Greg => (1000..=2200).contains(&y),
            Cal::Hijri => (1300..=1600).contains(&y),
        };
        ok.then_some((y, cal, next))
    }

    pub(crate) fn parse(&self, i: usize) -> Option<Found> {
        let item = self.it.get(i)?;
        if matches!(item.kind, Kind::Word | Kind::Break | Kind::Sep(_)) {
            return None;
        }
        if self.has(i, &Entry::DayPart) {
            let mut j = i + 1;
            if self.unit(j) == Some((Unit::Day, Count::One)) {
                j += 1;
            }
            if let Some(f) = self.dayref(j, true) {
                return Some(Found { first: i, ..f });
            }
        }
        if let Some(f) = self.with_part(i) {
            return Some(f);
        }
        if self.unit(i) == Some((Unit::Day, Count::One)) {
            if let Some(f) = self.dayref(i + 1, true) {
                return Some(Found { first: i, ..f });
            }
        }
        self.dayref(i, false)
            .or_else(|| self.period(i, false))
            .or_else(|| self.offset(i))
            .or_else(|| {
                self.ents(i).iter().find_map(|e| match e {
                    Entry::Ref(v) => Some(found(i, i + 1, Val::Ref(v.clone()))),
                    _ => None,
                })
            })
    }

    /// «نهاية الشهر الماضي», «أواخر تشرين الأول (أكتوبر)», «في وقت سابق من
    /// الأسبوع الجاري»; a part with nothing after it may stand for a vague
    /// reference («في وقت سابق»).
    fn with_part(&self, i: usize) -> Option<Found> {
        let (part, fallback) = self.part(i)?;
        let mut j = i + 1;
        if self.prep(j) == Some(Prep::Of) {
            j += 1;
        }
        let modifier = match part {
            PartKind::Start => Modifier::Start,
            PartKind::Mid => Modifier::Mid,
            PartKind::End => Modifier::End,
            PartKind::Earlier => Modifier::Earlier,
            PartKind::Later => Modifier::Later,
        };
        let target = self.period(j, true).or_else(|| {
            matches!(part, PartKind::Earlier | PartKind::Later)
                .then(|| self.dayref(j, true))
                .flatten()
        });
        if let Some(f) = target {
            return Some(Found {
                first: i,
                modifier: Some(modifier),
                ..f
            });
        }
        fallback.map(|v| found(i, i + 1, Val::Ref(v)))
    }

    /// A single day: weekday, relative word or absolute date.
    /// `ctx`: preceded by «يوم» or a time of day (licenses ambiguous weekdays).
    fn dayref(&self, i: usize, ctx: bool) -> Option<Found> {
        if let Some((d, g)) = self.weekday(i) {
            if i > 0 && self.has(i - 1, &Entry::BlockWeekday) {
                return None;
            }
            let j = i + 1;
            let open = self.sep(j, '(');
            let k = if self.sep(j, ',') || open { j + 1 } else { j };
            if let Some(f) = self.abs_day(k) {
                let next = if open && self.sep(f.next, ')') {
                    f.next + 1
                } else {
                    f.next
                };
                return Some(Found {
                    first: i,
                    next,
                    ..f
                });
            }
            if let Some(dir) = self.dir(j) {
                return Some(found(i, j + 1, self.weekday_val(d, Some(dir), false)));
            }
            if g == Guard::Ctx && !ctx {
                return None;
            }
            return Some(found(
                i,
                j,
                self.weekday_val(d, None, self.future_before(i)),
            ));
        }
        if let Some(n) = self.rel(i) {
            if n == 0 && self.has(i + 1, &Entry::BlockToday) {
                return None;
            }
            let val = match self.anchor {
                Some(a) => Val::Day(add_days(a, n)?),
                None => Val::Unres(Granularity::Day, "XXXX-XX-XX".into()),
            };
            // «أمس الأحد», «اليوم (الخميس)»: the weekday restates the day.
            let next = if self.weekday(i + 1).is_some() && self.dir(i + 2).is_none() {
                i + 2
            } else if self.sep(i + 1, '(') && self.weekday(i + 2).is_some() && self.sep(i + 3, ')')
            {
                i + 4
            } else {
                i + 1
            };
            return Some(found(i, next, val));
        }
        self.abs_day(i)
    }

    /// Absolute day: numeric date, or day number/ordinal + month.
    fn abs_day(&self, i: usize) -> Option<Found> {
        if let Some(f) = self.numeric(i) {
            return Some(f);
        }
        let (d, is_num) = match self.num(i) {
            Some((v, digits)) if digits <= 2 && (1..=31).contains(&v) => (v, true),
            Some(_) => return None,
            None => (self.ordinal(i)?, false),
        };
        let mut j = i + 1;
        let has_of = self.prep(j) == Some(Prep::Of);
        if has_of {
            j += 1;
        }
        if !is_num && !has_of {
            return None;
        }
        // «13 الشهر الجاري», «13 من الشهر الماضي».
        if self.unit(j) == Some((Unit::Month, Count::Def)) {
            if let Some(dir) = self.dir(j + 1) {
                let k = dir_months(dir);
                let val = match self.anchor {
                    Some(a) => {
                        let (y, m) = add_months(a.year(), a.month(), k)?;
                        Val::Day(NaiveDate::from_ymd_opt(y, m, d)?)
                    }
                    None => Val::Unres(Granularity::Day, format!("XXXX-XX-{d:02}")),
                };
                return Some(found(i, j + 2, val));
            }
        }
        let shahr = self.is_shahr(j) && self.month(j + 1).is_some();
        if shahr {
            j += 1;
        }
        let (cal, m, g, mut next, paired) = self.month_expr(j)?;
        let year = self.year_after(next, cal);
        let dir = if year.is_none() { self.dir(next) } else { None };
        let ok = match g {
            Guard::Free => true,
            Guard::Num | Guard::Ctx => true,
            Guard::Strict => paired || shahr || year.is_some(),
        };
        if !ok {
            return None;
        }
        let val = match year {
            Some((y, ycal, n)) => {
                next = n;
                if ycal != cal {
                    // «5 صفر 2015»: contradictory; the month decides.
                    return None;
                }
                match cal {
                    Cal::Greg => Val::Day(NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)?),
                    Cal::Hijri => Val::Day(hijri_to_date(y, m, d)?),
                }
            }
            None => {
                if dir.is_some() {
                    next += 1;
                }
                self.day_no_year(cal, m, d, dir)?
            }
        };
        Some(found(i, next, val))
    }

    /// «2015/12/18», «18-12-2015», «18.12.2015», «1437/2/5 هـ».
    fn numeric(&self, i: usize) -> Option<Found> {
        let (a, da) = self.num(i)?;
        let s = match self.it.get(i + 1)?.kind {
            Kind::Sep(c @ ('/' | '-' | '.')) => c,
            _ => return None,
        };
        let (b, db) = self.num(i + 2)?;
        let (c, dc) = self.num(i + 4)?;
        // Spaced separators («24 - 3 - 2012») only with a four-digit year.
        let tight = (i..i + 4).all(|k| self.adjacent(k));
        if !self.sep(i + 3, s) || !(tight || (s != '.' && (da == 4 || dc == 4))) {
            return None;
        }
        // Part of a longer run (phone numbers, versions): not a date.
        if i > 0 && self.adjacent(i - 1) && self.it[i - 1].kind == Kind::Sep(s) {
            return None;
        }
        if self.adjacent(i + 4) && self.sep(i + 5, s) && self.adjacent(i + 5) {
            return None;
        }
        let (y, mut m, mut d) = if da == 4 && db <= 2 && dc <= 2 {
            (a, b, c)
        } else if dc == 4 && da <= 2 && db <= 2 {
            (c, b, a)
        } else {
            return None;
        };
        if m > 12 && d <= 12 {
            // Month-first order (rare in Arabic text).
            std::mem::swap(&mut m, &mut d);
        }
        let mut next = i + 5;
        let cal = match self.mark(next) {
            Some(c) => {
                next += 1;
                c
            }
            None => Cal::Greg,
        };
        let val = match cal {
            Cal::Greg if (1000..=2200).contains(&y) => {
                Val::Day(NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)?)
            }
            Cal::Hijri if (1300..=1600).contains(&y) => Val::Day(hijri_to_date(y.into(), m, d)?),
            _ => return None,
        };
        Some(found(i, next, val))
    }

    /// Month, week or year: month names, «الشهر الماضي», «هذا العام»,
    /// «عام 2014», «في 2014», «1437 هـ».
    /// `part`: after a part word, which licenses bare «الشهر»/«العام» (=
    /// current) and a bare year number.
    fn period(&self, i: usize, part: bool) -> Option<Found> {
        // Month names.
        let shahr = self.is_shahr(i) && self.month(i + 1).is_some();
        let mi = if shahr { i + 1 } else { i };
        // A day number right before the month was an invalid date («31
        // فبراير»): report nothing rather than the bare month.
        let day_before = |k: usize| self.num(k).is_some_and(|(_, digits)| digits <= 2);
        let after_day = i > 0
            && (day_before(i - 1)
                || (i > 1 && self.prep(i - 1) == Some(Prep::Of) && day_before(i - 2)));
        if after_day && self.month(mi).is_some() {
            return None;
        }
        if let Some((cal, m, g, next, paired)) = self.month_expr(mi) {
            let year = self.year_after(next, cal);
            let dir = if year.is_none() { self.dir(next) } else { None };
            let ok = match g {
                Guard::Free => true,
                Guard::Num | Guard::Ctx => {
                    paired || shahr || year.is_some() || dir.is_some() || part
                }
                Guard::Strict => paired || shahr || year.is_some(),
            };
            if ok {
                let (val, next) = match year {
                    Some((y, ycal, n)) if ycal == cal => (month_val(cal, y, m)?, n),
                    Some(_) => return None,
                    None => (
                        self.month_no_year(cal, m, dir)?,
                        next + usize::from(dir.is_some()),
                    ),
                };
                return Some(found(i, next, val));
            }
        }
        // «هذا العام», «هذه السنة».
        if self.has(i, &Entry::This) {
            if let Some((unit, Count::Def | Count::One)) = self.unit(i + 1) {
                return Some(found(i, i + 2, self.shift(unit, 0)?));
            }
        }
        if let Some((unit, count)) = self.unit(i) {
            // «عام 2014», «العام 1437 هـ».
            if unit == Unit::Year && matches!(count, Count::One | Count::Def) {
                if let Some(f) = self.year_at(i + 1, false) {
                    return Some(Found { first: i, ..f });
                }
            }
            if count == Count::Def {
                if let Some(dir) = self.dir(i + 1) {
                    let k = match unit {
                        Unit::Hour => return None,
                        _ => dir_months(dir),
                    };
                    return Some(found(i, i + 2, self.shift(unit, k)?));
                }
                if part && unit != Unit::Hour && unit != Unit::Day {
                    return Some(found(i, i + 1, self.shift(unit, 0)?));
                }
            }
        }
        // «في 2014», «منذ 2011»: the year without the preposition.
        if matches!(
            self.prep(i),
            Some(Prep::In | Prep::Since | Prep::Until | Prep::Within | Prep::Before | Prep::After)
        ) {
            if let Some(f) = self.year_at(i + 1, true) {
                return Some(f);
            }
        }
        self.year_at(i, !part).filter(|f| part || f.next > i + 1)
    }

    /// A year number; with `need_range`, a bare number must look like a
    /// modern year. A marked year («1437 هـ», «2015م») is always taken.
    fn year_at(&self, i: usize, need_range: bool) -> Option<Found> {
        let y = self.year_num(i)?;
        let (cal, next) = match self.mark(i + 1) {
            Some(c) => (c, i + 2),
            None => (Cal::Greg, i + 1),
        };
        let val = match cal {
            Cal::Greg => {
                let lo = if need_range { 1900 } else { 1000 };
                if !(lo..=2100).contains(&y) {
                    return None;
                }
                Val::Year(i32::try_from(y).ok()?)
            }
            Cal::Hijri => {
                if !(1300..=1600).contains(&y) {
                    return None;
                }
                let (a, b) = hijri_year_range(y)?;
                Val::Range(a, b)
            }
        };
        Some(found(i, next, val))
    }

    /// «قبل يومين», «منذ ثلاثة أسابيع», «بعد شهرين», «خلال 48 ساعة».
    fn offset(&self, i: usize) -> Option<Found> {
        let p = self.prep(i)?;
        if !matches!(p, Prep::Before | Prep::Since | Prep::After | Prep::Within) {
            return None;
        }
        let j = i + 1;
        let (n, unit, next) = if let Some((v, digits)) = self.num(j) {
            if digits > 3 {
                return None;
            }
            let (unit, count) = self.unit(j + 1)?;
            if count == Count::Def {
                return None;
            }
            (i64::from(v), unit, j + 2)
        } else if let Some(v) = self.numword(j) {
            let (unit, count) = self.unit(j + 1)?;
            if count != Count::Plural && !(v == 1 && count == Count::One) {
                return None;
            }
            (i64::from(v), unit, j + 2)
        } else {
            match self.unit(j)? {
                (unit, Count::One) => (1, unit, j + 1),
                (unit, Count::Two) => (2, unit, j + 1),
                _ => return None,
            }
        };
        // «منذ عام 2011» is a year; «قبل يومين من الانتخابات» counts from an
        // event, not from the publication date.
        if self.year_num(next).is_some()
            || self.prep(next) == Some(Prep::Of)
            || self.month(next).is_some()
        {
            return None;
        }
        // «خلال الأسبوعين الماضيين» style plurals: leave to the caller.
        if self.dir(next).is_some() && p != Prep::Within {
            return None;
        }
        let val = match p {
            Prep::Within => Val::Duration(match unit {
                Unit::Hour => format!("PT{n}H"),
                Unit::Day => format!("P{n}D"),
                Unit::Week => format!("P{n}W"),
                Unit::Month => format!("P{n}M"),
                Unit::Year => format!("P{n}Y"),
            }),
            Prep::After => self.shift(unit, n)?,
            _ => self.shift(unit, -n)?,
        };
        Some(found(i, next, val))
    }

    /// The anchor moved by `k` units, at that unit's granularity.
    fn shift(&self, unit: Unit, k: i64) -> Option<Val> {
        let Some(a) = self.anchor else {
            let (g, v) = match unit {
                Unit::Day | Unit::Hour => (Granularity::Day, "XXXX-XX-XX"),
                Unit::Week => (Granularity::Week, "XXXX-WXX"),
                Unit::Month => (Granularity::Month, "XXXX-XX"),
                Unit::Year => (Granularity::Year, "XXXX"),
            };
            return Some(Val::Unres(g, v.into()));
        };
        Some(match unit {
            Unit::Hour => return None,
            Unit::Day => Val::Day(add_days(a, k)?),
            Unit::Week => Val::Week(add_days(a, k.checked_mul(7)?)?),
            Unit::Month => {
                let (y, m) = add_months(a.year(), a.month(), k)?;
                Val::Month(y, m)
            }
            Unit::Year => Val::Year(i32::try_from(i64::from(a.year()) + k).ok()?),
        })
    }

    fn weekday_val(&self, d: u32, dir: Option<Dir>, future: bool) -> Val {
        let Some(a) = self.anchor else {
            return Val::Unres(Granularity::Day, format!("XXXX-WXX-{d}"));
        };
        let wa = i64::from(a.weekday().number_from_monday());
        let d = i64::from(d);
        let back = (wa - d).rem_euclid(7);
        let fwd = (d - wa).rem_euclid(7);
        let off = match dir {
            Some(Dir::Past) => -(if back == 0 { 7 } else { back }),
            Some(Dir::BeforeLast) => -(if back == 0 { 7 } else { back }) - 7,
            Some(Dir::Next) => {
                if fwd == 0 {
                    7
                } else {
                    fwd
                }
            }
            Some(Dir::Current) | None => {
                if future {
                    fwd
                } else {
                    -back
                }
            }
        };
        match add_days(a, off) {
            Some(day) => Val::Day(day),
            None => Val::Unres(Granularity::Day, format!("XXXX-WXX-{d}")),
        }
    }

    fn day_no_year(&self, cal: Cal, m: u32, d: u32, dir: Option<Dir>) -> Option<Val> {
        let Some(a) = self.anchor else {
            return match cal {
                Cal::Greg => {
                    // Leap year so that 29 February is accepted.
                    NaiveDate::from_ymd_opt(2000, m, d)?;
                    Some(Val::Unres(Granularity::Day, format!("XXXX-{m:02}-{d:02}")))
                }
                Cal::Hijri => Some(Val::Unres(Granularity::Day, "XXXX-XX-XX".into())),
            };
        };
        if let Some(dir) = dir {
            return match self.month_no_year(cal, m, Some(dir))? {
                Val::Month(y, m) => Some(Val::Day(NaiveDate::from_ymd_opt(y, m, d)?)),
                Val::Range(first, _) => {
                    let (hy, hm, _) = date_to_hijri(first);
                    Some(Val::Day(hijri_to_date(hy, hm, d)?))
                }
                _ => None,
            };
        }
        let cands: Vec<NaiveDate> = match cal {
            Cal::Greg => (a.year() - 1..=a.year() + 1)
                .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
                .collect(),
            Cal::Hijri => {
                let hy = date_to_hijri(a).0;
                (hy - 1..=hy + 1)
                    .filter_map(|y| hijri_to_date(y, m, d))
                    .collect()
            }
        };
        let off = |c: &NaiveDate| (*c - a).num_days();
        let best = cands
            .iter()
            .find(|c| (-WINDOW_PAST_DAYS..=WINDOW_FUTURE_DAYS).contains(&off(c)))
            .or_else(|| cands.iter().min_by_key(|c| off(c).abs()))?;
        Some(Val::Day(*best))
    }

    fn month_no_year(&self, cal: Cal, m: u32, dir: Option<Dir>) -> Option<Val> {
        let Some(a) = self.anchor else {
            return Some(match cal {
                Cal::Greg => Val::Unres(Granularity::Month, format!("XXXX-{m:02}")),
                Cal::Hijri => Val::Unres(Granularity::Range, "XXXX-XX".into()),
            });
        };
        let (ay, am) = match cal {
            Cal::Greg => (i64::from(a.year()), a.month()),
            Cal::Hijri => {
                let (y, m, _) = date_to_hijri(a);
                (y, m)
            }
        };
        let y = match dir {
            Some(Dir::Past) => ay - i64::from(m >= am),
            Some(Dir::BeforeLast) => ay - i64::from(m >= am) - 1,
            Some(Dir::Next) => ay + i64::from(m <= am),
            Some(Dir::Current) => ay,
            None => {
                let diff = i64::from(m) - i64::from(am);
                if diff > WINDOW_FUTURE_MONTHS {
                    ay - 1
                } else if diff < -WINDOW_PAST_MONTHS {
                    ay + 1
                } else {
                    ay
                }
            }
        };
        month_val(cal, y, m)
    }
}

fn weaker(a: Guard, b: Guard) -> Guard {
    if a == Guard::Free || b == Guard::Free {
        Guard::Free
    } else {
        a
    }
}

fn dir_months(dir: Dir) -> i64 {
    match dir {
        Dir::Past => -1,
        Dir::BeforeLast => -2,
        Dir::Next => 1,
        Dir::Current => 0,
    }
}

fn month_val(cal: Cal, y: i64, m: u32) -> Option<Val> {
    match cal {
        Cal::Greg => Some(Val::Month(i32::try_from(y).ok()?, m)),
        Cal::Hijri => {
            let (a, b) = hijri_month_range(y, m)?;
            Some(Val::Range(a, b))
        }
    }
}
