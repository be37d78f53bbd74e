//! Numeric claims: a number (digits or words), its hedge, and what it counts.

use rasad_doc::{Claim, Participant, Quote};
use rasad_text::TokenKind;

use crate::data::{Allow, Alone, CueClass, NumKind, NumWord, Pre, UnitClass};
use crate::quotes::{has, sentence_source, Cue};
use crate::view::{Hit, View};

const DASHES: &[char] = &['-', '–', '—', '‐', '‑'];
/// How many bridge words may separate a counted noun before the number
/// from it (قتلى بلغ عددهم 129).
const LOOKBACK_TOKENS: usize = 5;

/// A number found in the body, before its context is read.
#[derive(Debug, Clone)]
struct Num {
    first: usize,
    last: usize,
    start: usize,
    end: usize,
    value: f64,
    approx: bool,
    percent: bool,
    yearlike: bool,
    words: bool,
}

pub(crate) fn extract(v: &View, cues: &[Cue], quotes: &[Quote]) -> Vec<Claim> {
    let mut out = Vec::new();
    let n = v.toks.len();
    let mut i = 0;
    while i < n {
        let num = match v.toks[i].kind {
            TokenKind::Number => digits(v, i),
            TokenKind::Word => words(v, i),
            _ => None,
        };
        let Some(num) = num else {
            i += 1;
            continue;
        };
        let next = num.last + 1;
        if let Some(c) = claim(v, cues, quotes, &num) {
            out.push(c);
        }
        i = next.max(i + 1);
    }
    out
}

struct Digits {
    value: f64,
    percent: bool,
    separated: bool,
    count: usize,
    leading_zero: bool,
}

/// Digits with `,`/`٬` thousands and `.`/`٫` decimal separators and an
/// optional `%`/`٪`; `None` for times, dates and anything else.
fn parse_digits(s: &str) -> Option<Digits> {
    let mut groups: Vec<String> = vec![String::new()];
    let mut seps: Vec<char> = Vec::new();
    let mut percent = false;
    for c in s.chars() {
        if let Some(d) = c.to_digit(10).or_else(|| match c {
            '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
            '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
            _ => None,
        }) {
            groups.last_mut()?.push(char::from_digit(d, 10)?);
        } else if matches!(c, '.' | ',' | '٫' | '٬') {
            seps.push(c);
            groups.push(String::new());
        } else if matches!(c, '%' | '٪') {
            percent = true;
        } else {
            return None; // `:` times, `/` dates, ‰
        }
    }
    let count: usize = groups.iter().map(String::len).sum();
    let leading_zero = groups[0].starts_with('0') && groups[0].len() > 1;
    let thousands = |g: &[String]| g.iter().skip(1).all(|x| x.len() == 3) && !g[0].is_empty();
    let text = if seps.is_empty() {
        groups[0].clone()
    } else if seps.iter().all(|c| matches!(c, ',' | '٬')) && thousands(&groups) {
        groups.concat()
    } else if seps.len() == 1 {
        format!("{}.{}", groups[0], groups[1])
    } else if seps.iter().all(|c| matches!(c, '.' | '٫')) && thousands(&groups) {
        groups.concat()
    } else {
        return None;
    };
    let value: f64 = text.parse().ok()?;
    Some(Digits {
        value,
        percent,
        separated: !seps.is_empty(),
        count,
        leading_zero,
    })
}

fn digits(v: &View, i: usize) -> Option<Num> {
    let t = &v.toks[i];
    let d = parse_digits(&v.slice(t.start, t.end))?;
    if v.mention_covering(t.start).is_some() {
        return None;
    }
    // Phone numbers and codes.
    if d.leading_zero || (!d.separated && d.count >= 9) {
        return None;
    }
    let n = v.toks.len();
    let gap = |a: usize, b: usize| v.toks[b].start.saturating_sub(v.toks[a].end);
    if i > 0 {
        let p = &v.toks[i - 1];
        // Models and codes: F 16, تو-22, اف – 18, +33…
        if p.kind == TokenKind::Latin && gap(i - 1, i) <= 1 {
            return None;
        }
        if p.kind == TokenKind::Symbol && gap(i - 1, i) == 0 {
            return None;
        }
        if v.is_punct(i - 1, DASHES)
            && gap(i - 1, i) <= 1
            && i >= 2
            && matches!(
                v.toks[i - 2].kind,
                TokenKind::Word | TokenKind::Latin | TokenKind::Number
            )
            && gap(i - 2, i - 1) <= 1
        {
            return None;
        }
    }
    // 0123-4567, 10-15: a code or a range, not one count.
    if i + 2 < n
        && v.is_punct(i + 1, DASHES)
        && gap(i, i + 1) == 0
        && gap(i + 1, i + 2) == 0
        && v.toks[i + 2].kind == TokenKind::Number
    {
        return None;
    }
    let (mut first, mut start) = (i, t.start);
    // الـ224: the article written on the digits.
    if i > 0 && v.is_word(i - 1) && v.toks[i - 1].id == v.lex.id_al && gap(i - 1, i) <= 1 {
        first = i - 1;
        start = v.toks[i - 1].start;
    }
    let mut value = d.value;
    let mut last = i;
    let mut end = t.end;
    if !d.percent && i + 1 < n && v.is_word(i + 1) && v.spaces_only(t.end, v.toks[i + 1].start) {
        if let Some(w) = v.lex.number(v.toks[i + 1].id) {
            if w.kind == NumKind::Scale {
                value *= w.value;
                last = i + 1;
                end = v.toks[i + 1].end;
            }
        }
    }
    let yearlike = !d.separated
        && !d.percent
        && last == i
        && d.count == 4
        && (1900.0..=2100.0).contains(&d.value);
    Some(Num {
        first,
        last,
        start,
        end,
        value,
        approx: false,
        percent: d.percent,
        yearlike,
        words: false,
    })
}

/// A number word at token `k`: (word, folded prefix chars, with conjunction,
/// with article).
fn number_word(v: &View, k: usize, first: bool) -> Option<(NumWord, usize, bool, bool)> {
    let allow = if first { Allow::CONJ_PREP } else { Allow::ALL };
    for var in v.variants(k, allow) {
        if let Some(w) = v.lex.number(var.stem) {
            let art = var.pre & (Pre::ENDS_AL | Pre::ENDS_LL) != 0;
            if first && art {
                continue;
            }
            return Some((w, usize::from(var.prefix), var.pre & Pre::CONJ != 0, art));
        }
    }
    None
}

fn words(v: &View, i: usize) -> Option<Num> {
    let (w0, prefix, _, _) = number_word(v, i, true)?;
    let start = v.orig_in_tok(i, prefix);
    if v.mention_covering(start).is_some() {
        return None;
    }
    let n = v.toks.len();
    let (mut total, mut cur, mut approx) = (0.0f64, 0.0f64, false);
    let mut prev: Option<NumKind> = None;
    let mut last = i;
    let mut k = i;
    loop {
        let (w, with_conj, with_art) = if k == i {
            (w0, false, false)
        } else {
            match number_word(v, k, false) {
                Some((w, _, c, a)) => (w, c, a),
                None => break,
            }
        };
        if with_art && !(w.kind == NumKind::Scale && prev == Some(NumKind::Plural)) {
            break;
        }
        let ok = match (w.kind, prev) {
            (_, None) => {
                match w.kind {
                    NumKind::Scale => {
                        total = w.value;
                        approx = w.alone == Alone::Approx;
                    }
                    NumKind::Plural => {
                        cur = w.value;
                        approx = true;
                    }
                    _ => cur = w.value,
                }
                true
            }
            // Teens: ثلاثة عشر، أحد عشر.
            (NumKind::Unit, Some(NumKind::Unit | NumKind::Teen1))
                if w.value == 10.0 && !with_conj && cur < 10.0 =>
            {
                cur += 10.0;
                true
            }
            (NumKind::Unit | NumKind::Tens, Some(NumKind::Hundreds | NumKind::Scale))
                if with_conj =>
            {
                cur += w.value;
                true
            }
            (NumKind::Tens, Some(NumKind::Unit)) if with_conj && cur < 10.0 => {
                cur += w.value;
                true
            }
            (NumKind::Hundreds, Some(NumKind::Unit)) if !with_conj && w.value == 100.0 => {
                cur *= 100.0;
                true
            }
            (NumKind::Hundreds, Some(NumKind::Scale)) if with_conj => {
                cur += w.value;
                true
            }
            (
                NumKind::Scale,
                Some(NumKind::Unit | NumKind::Tens | NumKind::Hundreds | NumKind::Plural),
            ) if !with_conj => {
                total += cur.max(1.0) * w.value;
                cur = 0.0;
                true
            }
            _ => false,
        };
        if !ok {
            break;
        }
        prev = Some(w.kind);
        last = k;
        k += 1;
        if k >= n || !v.is_word(k) || !v.spaces_only(v.toks[k - 1].end, v.toks[k].start) {
            break;
        }
    }
    // أحد / إحدى are numbers only in أحد عشر.
    if w0.kind == NumKind::Teen1 && last == i {
        return None;
    }
    if w0.alone == Alone::No && last == i {
        return None;
    }
    Some(Num {
        first: i,
        last,
        start,
        end: v.toks[last].end,
        value: total + cur,
        approx,
        percent: false,
        yearlike: false,
        words: true,
    })
}

/// Prefix chars to skip so that a counted noun keeps its article
/// (والقتلى → القتلى) but not a fused لل.
fn keep_article<V>(hit: &Hit<V>) -> usize {
    if hit.pre & Pre::ENDS_AL != 0 {
        hit.prefix.saturating_sub(2)
    } else {
        hit.prefix
    }
}

fn unit_of(hit: &[(UnitClass, String)], class: UnitClass) -> Option<String> {
    hit.iter()
        .find(|(c, _)| *c == class)
        .map(|(_, u)| u.clone())
}

fn claim(v: &View, cues: &[Cue], quotes: &[Quote], num: &Num) -> Option<Claim> {
    let lex = v.lex;
    let n = v.toks.len();
    let mut first = num.first;
    let mut start = num.start;
    let mut end = num.end;
    let mut approx = num.approx;
    if let Some((h, f)) = v.match_ending(&lex.hedges_before, num.first, Allow::CONJ_PREP) {
        approx = true;
        first = f;
        start = v.orig_in_tok(f, h.prefix);
    } else if v
        .match_ending(&lex.block_before, num.first, Allow::ALL)
        .is_some()
    {
        return None;
    }
    let a = num.last + 1;
    let is_min = |k: usize| k < n && v.toks[k].id == lex.id_min;
    if v.match_at(&lex.block_after, a, Allow::NONE).is_some()
        || (is_min(a) && v.match_at(&lex.block_after, a + 1, Allow::NONE).is_some())
    {
        return None;
    }
    let mut unit: Option<String> = None;
    let mut after_noun = false;
    if num.percent {
        unit = Some("percent".to_string());
    } else {
        // The counted noun after the number, or after a partitive من.
        for k in [a, a + 1] {
            if k == a + 1 && !is_min(a) {
                break;
            }
            if k >= n || !v.no_break(v.toks[k - 1].end, v.toks[k].start) {
                break;
            }
            // Article only: a conjunction on the noun (15 والقتلى) starts
            // another phrase.
            let art = Allow {
                art: true,
                ..Allow::NONE
            };
            if let Some(h) = v.match_at(&lex.units, k, art) {
                if let Some(u) = unit_of(h.value, UnitClass::Noun) {
                    unit = Some(u);
                    end = v.toks[k + h.len - 1].end;
                    after_noun = true;
                    break;
                }
            }
        }
    }
    let tail = v.tok_at(end);
    if tail < n && v.no_break(end, v.toks[tail].start) {
        if let Some(h) = v.match_at(&lex.hedges_after, tail, Allow::NONE) {
            approx = true;
            end = v.toks[tail + h.len - 1].end;
        }
    }
    // An event noun or verb before the number says what happened to it.
    if !num.percent {
        if let Some((h, f)) = v.match_ending(&lex.units, first, Allow::CONJ_PREP) {
            if let Some(u) = unit_of(h.value, UnitClass::Event) {
                unit = Some(u);
                start = v.orig_in_tok(f, h.prefix);
            }
        }
    }
    // A counted noun before the number, across bridge words.
    if unit.is_none() && !num.yearlike {
        let look = Allow {
            enclitic: true,
            ..Allow::ALL
        };
        let mut k = first;
        let mut steps = 0;
        while k > 0 && steps < LOOKBACK_TOKENS {
            k -= 1;
            steps += 1;
            if !v.is_word(k) {
                break;
            }
            let Some(h) = v.match_len(&lex.units, k, 1, look) else {
                break;
            };
            if let Some(u) = unit_of(h.value, UnitClass::Noun) {
                unit = Some(u);
                start = v.orig_in_tok(k, keep_article(&h));
                break;
            }
            if unit_of(h.value, UnitClass::Bridge).is_none() {
                break;
            }
        }
    }
    // Digits before an unknown indefinite noun: a count of something (and
    // that noun is what an event noun before counted).
    if !after_noun && !num.percent && !num.words && !num.yearlike && a < n && v.is_word(a) {
        let w = &v.toks[a];
        let function = v.match_at(&lex.cues, a, Allow::CONJ).is_some_and(|h| {
            has(h.value, CueClass::Function)
                || has(h.value, CueClass::NonSubject)
                || has(h.value, CueClass::Complementizer)
        });
        if !w.al
            && !w.waw
            && !function
            && v.spaces_only(v.toks[a - 1].end, v.toks[a].start)
            && lex.number(w.id).is_none()
        {
            unit.get_or_insert_with(|| "other".to_string());
            end = v.toks[a].end;
        }
    }
    let unit = unit?;
    if num.yearlike && !after_noun {
        return None;
    }
    let sentence = v.sentence_at(num.start);
    let inside = quotes
        .iter()
        .find(|q| q.start <= num.start && num.end <= q.end);
    let source: Option<Participant> = match inside {
        Some(q) => q.speaker.clone(),
        None => quotes
            .iter()
            .filter(|q| q.sentence == sentence)
            .find_map(|q| q.speaker.clone())
            .or_else(|| sentence_source(v, cues, sentence)),
    };
    Some(Claim {
        value: num.value,
        unit,
        text: v.slice(start, end),
        start,
        end,
        approximate: approx,
        event: None,
        source,
        sentence,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_forms() {
        let p = |s: &str| parse_digits(s).map(|d| (d.value, d.percent));
        assert_eq!(p("1,500"), Some((1500.0, false)));
        assert_eq!(p("١٬٥٠٠"), Some((1500.0, false)));
        assert_eq!(p("2.5"), Some((2.5, false)));
        assert_eq!(p("١٢٪"), Some((12.0, true)));
        assert_eq!(p("1.000.000"), Some((1_000_000.0, false)));
        assert_eq!(p("10:30"), None);
        assert_eq!(p("2015/12/18"), None);
        assert_eq!(p("1,2,3"), None);
    }
}
