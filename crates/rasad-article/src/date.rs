//! Date recognition: ISO/RFC strings from metadata, and written dates in
//! folded text ("8 يناير 2025", "كانون الثاني 8, 2025", "2015/12/18").

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};

use crate::norm::fold;

#[derive(Debug, Clone)]
pub struct DateParser {
    months: HashMap<String, u32>,
    /// Latest acceptable date: the process clock's today plus one day, so a
    /// page dated in a time zone ahead of ours is not rejected.
    latest: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    /// Value and number of digits.
    Num(u32, usize),
    Month(u32),
    Word,
}

pub const EARLIEST_YEAR: i32 = 1990;

impl DateParser {
    pub fn new(months: HashMap<String, u32>) -> DateParser {
        let today = chrono::Utc::now().date_naive();
        DateParser {
            months,
            latest: today + Duration::days(1),
        }
    }

    /// A real calendar date between 1990 and (about) today.
    pub fn plausible(&self, y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        let date = NaiveDate::from_ymd_opt(y, m, d)?;
        (date.year() >= EARLIEST_YEAR && date <= self.latest).then_some(date)
    }

    fn tokens(&self, folded: &str) -> Vec<Tok> {
        let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        let mut out = Vec::with_capacity(words.len());
        let mut i = 0;
        while i < words.len() {
            let w = words[i];
            if w.len() <= 8 && w.bytes().all(|b| b.is_ascii_digit()) {
                out.push(Tok::Num(w.parse().unwrap_or(0), w.len()));
                i += 1;
                continue;
            }
            if i + 1 < words.len() {
                let two = format!("{w} {}", words[i + 1]);
                if let Some(&m) = self.months.get(&two) {
                    out.push(Tok::Month(m));
                    i += 2;
                    continue;
                }
            }
            // Arabic prefixes on a month name: "في يناير" is split, but "بيناير"/"ليناير" are not.
            let m = self.months.get(w).copied().or_else(|| {
                let rest = w.strip_prefix('ب').or_else(|| w.strip_prefix('ل'))?;
                (rest.chars().count() >= 3).then(|| self.months.get(rest).copied())?
            });
            out.push(match m {
                Some(m) => Tok::Month(m),
                None => Tok::Word,
            });
            i += 1;
        }
        // "نوفمبر/تشرين الثاني": a month glossed by its other name counts once.
        out.dedup_by(|b, a| matches!((a, b), (Tok::Month(x), Tok::Month(y)) if x == y));
        out
    }

    /// The first plausible date written in already-folded text.
    pub fn find_folded(&self, folded: &str) -> Option<NaiveDate> {
        let t = self.tokens(folded);
        for i in 0..t.len() {
            let win = |k: usize| t.get(i + k).copied();
            let found = match (win(0), win(1), win(2)) {
                // 8 يناير 2025
                (Some(Tok::Num(d, _)), Some(Tok::Month(m)), Some(Tok::Num(y, 4))) => {
                    self.plausible(y as i32, m, d)
                }
                // يناير 8 2025
                (Some(Tok::Month(m)), Some(Tok::Num(d, 1..=2)), Some(Tok::Num(y, 4))) => {
                    self.plausible(y as i32, m, d)
                }
                // 2025 01 08
                (Some(Tok::Num(y, 4)), Some(Tok::Num(m, 1..=2)), Some(Tok::Num(d, 1..=2))) => {
                    self.plausible(y as i32, m, d)
                }
                // 08 01 2025 (day first, the Arabic convention)
                (Some(Tok::Num(d, 1..=2)), Some(Tok::Num(m, 1..=2)), Some(Tok::Num(y, 4))) => {
                    self.plausible(y as i32, m, d)
                }
                _ => None,
            };
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// A date from a metadata value: ISO 8601 prefix, RFC 2822, or written.
    pub fn parse_meta(&self, s: &str) -> Option<NaiveDate> {
        let s = s.trim();
        let b = s.as_bytes();
        if b.len() >= 10
            && b[..4].iter().all(u8::is_ascii_digit)
            && matches!(b[4], b'-' | b'/')
            && b[5..7].iter().all(u8::is_ascii_digit)
            && b[7] == b[4]
            && b[8..10].iter().all(u8::is_ascii_digit)
        {
            let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
            if let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) {
                return self.plausible(y as i32, m, d);
            }
        }
        if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(s) {
            let d = dt.date_naive();
            return self.plausible(d.year(), d.month(), d.day());
        }
        self.find_folded(&fold(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{parse_months, MONTHS};

    fn parser() -> DateParser {
        DateParser::new(parse_months(MONTHS.0, MONTHS.1).unwrap())
    }

    #[test]
    fn written_dates_in_both_month_systems() {
        let p = parser();
        let d = |s: &str| p.find_folded(&fold(s)).map(|d| d.to_string());
        assert_eq!(
            d("الخميس ١٩ تشرين الثاني ٢٠١٥").as_deref(),
            Some("2015-11-19")
        );
        assert_eq!(
            d("19 نوفمبر/تشرين الثاني 2015").as_deref(),
            Some("2015-11-19")
        );
        assert_eq!(d("الأربعاء, يناير 8, 2025").as_deref(), Some("2025-01-08"));
        assert_eq!(d("نشر في 2016/03/04 10:30").as_deref(), Some("2016-03-04"));
        assert_eq!(d("04-03-2016").as_deref(), Some("2016-03-04"));
        assert_eq!(d("1 كانون الأول 2014").as_deref(), Some("2014-12-01"));
        // implausible: before 1990, far future, not a calendar date
        assert_eq!(d("5 مايو 1985"), None);
        assert_eq!(d("5 مايو 2999"), None);
        assert_eq!(d("31 فبراير 2015"), None);
        assert_eq!(d("لا تاريخ هنا 12"), None);
    }

    #[test]
    fn metadata_formats() {
        let p = parser();
        let d = |s: &str| p.parse_meta(s).map(|d| d.to_string());
        assert_eq!(
            d("2015-11-19T10:00:00+03:00").as_deref(),
            Some("2015-11-19")
        );
        assert_eq!(
            d("Thu, 19 Nov 2015 08:00:00 GMT").as_deref(),
            Some("2015-11-19")
        );
        assert_eq!(d("November 19, 2015").as_deref(), Some("2015-11-19"));
        assert_eq!(d("2015-13-40"), None);
        assert_eq!(d(""), None);
    }
}
