//! Direct and indirect quotes, their reporting cues and speakers.

use rasad_doc::{Participant, Quote, Span};
use rasad_text::TokenKind;

use crate::data::{Allow, CueClass};
use crate::view::View;

/// Quotes with at most this many words and no adjacent cue are scare
/// quotes («كحلفاء»), not speech.
const SHORT_QUOTE_WORDS: usize = 3;
/// How far (tokens) a cue may sit before a long quote in its sentence.
const FAR_CUE_TOKENS: usize = 20;
/// How far (tokens) after a verb its complementizer may come.
const COMPLEMENTIZER_WINDOW: usize = 14;

const CONNECTORS: &[char] = &[':', '،', ',', '-', '–', '—', '؛'];
const OPEN_MARKS: &[char] = &['«', '"', '“', '”', '„'];

/// A reporting cue in the body.
#[derive(Debug, Clone)]
pub(crate) struct Cue {
    pub first: usize,
    pub last: usize,
    pub class: CueClass,
    /// Char span of the cue without its proclitic.
    pub start: usize,
    pub end: usize,
}

/// Who a cue's own clause names as speaker.
#[derive(Debug, Clone)]
pub(crate) enum Subject {
    Found(Participant),
    /// A subject is written but is no known mention (مصدر أمني): no speaker,
    /// and nothing is inherited.
    Anonymous,
    /// No subject written (وتابع:، مضيفا): inherit.
    Omitted,
}

pub(crate) fn has(classes: &[CueClass], c: CueClass) -> bool {
    classes.contains(&c)
}

/// Every reporting cue (verb, participle, attribution) outside mentions.
pub(crate) fn find_cues(v: &View) -> Vec<Cue> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < v.toks.len() {
        if !v.is_word(i) {
            i += 1;
            continue;
        }
        if let Some(hit) = v.match_at(&v.lex.cues, i, Allow::CONJ) {
            let class = [CueClass::Attribution, CueClass::Verb, CueClass::Participle]
                .into_iter()
                .find(|c| has(hit.value, *c));
            if let Some(class) = class {
                // Only a cue of a kept class needs its start (a normalize).
                let start = v.orig_in_tok(i, hit.prefix);
                if v.mention_covering(start).is_none() {
                    let last = i + hit.len - 1;
                    out.push(Cue {
                        first: i,
                        last,
                        class,
                        start,
                        end: v.toks[last].end,
                    });
                    i += hit.len;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

fn word_has(v: &View, i: usize, class: CueClass) -> Option<usize> {
    v.match_at(&v.lex.cues, i, Allow::CONJ)
        .filter(|h| has(h.value, class))
        .map(|h| h.len)
}

/// The subject of a cue's clause.
pub(crate) fn subject(v: &View, cue: &Cue) -> Subject {
    let n = v.toks.len();
    let sentence = v.sentence_at(cue.start);
    let in_sentence = |i: usize| i < n && v.toks[i].start < sentence.end;
    match cue.class {
        CueClass::Attribution => {
            // وفقا للرئيس / بحسب ما أعلنت الوزارة: the first mention soon after.
            let mut i = cue.last + 1;
            let mut steps = 0;
            while in_sentence(i) && steps < 4 {
                if let Some(k) = v.mention_starting_in(i) {
                    return Subject::Found(v.participant(k));
                }
                if v.is_punct(i, &['.', '!', '؟', '?', '»', '”']) {
                    break;
                }
                i += 1;
                steps += 1;
            }
            Subject::Anonymous
        }
        CueClass::Participle => Subject::Omitted,
        _ => {
            // VSO: the subject follows the verb, maybe after a time word.
            let mut i = cue.last + 1;
            let mut skipped = 0;
            while in_sentence(i) && skipped < 2 {
                match word_has(v, i, CueClass::NonSubject) {
                    Some(len) if v.mention_starting_in(i).is_none() => {
                        i += len;
                        skipped += 1;
                    }
                    _ => break,
                }
            }
            if in_sentence(i) {
                if let Some(k) = v.mention_starting_in(i) {
                    return Subject::Found(v.participant(k));
                }
            }
            // SVO: a mention right before the verb.
            let k = v.ments.partition_point(|m| m.end <= cue.start);
            if k > 0 {
                let m = &v.ments[k - 1];
                if m.start >= sentence.start && v.spaces_only(m.end, v.toks[cue.first].start) {
                    return Subject::Found(v.participant(k - 1));
                }
            }
            let j = cue.last + 1;
            let explicit = in_sentence(j)
                && v.is_word(j)
                && v.match_at(&v.lex.cues, j, Allow::CONJ).is_none()
                && v.lex.number(v.toks[j].id).is_none();
            if explicit {
                Subject::Anonymous
            } else {
                Subject::Omitted
            }
        }
    }
}

/// Outermost matched quotation-mark pairs (open, close char offsets) that
/// do not cross a line break.
fn quote_pairs(chars: &[char]) -> Vec<(usize, usize)> {
    let mut raw = Vec::new();
    let mut guillemets: Vec<usize> = Vec::new();
    let mut ambiguous: Option<usize> = None;
    for (i, &c) in chars.iter().enumerate() {
        // Most chars are Arabic letters and spaces: neither marks nor breaks.
        if c == ' ' || ('\u{0620}'..='\u{065F}').contains(&c) {
            continue;
        }
        match c {
            '\n' | '\r' | '\u{2029}' => {
                guillemets.clear();
                ambiguous = None;
            }
            '«' => guillemets.push(i),
            '»' => {
                if let Some(o) = guillemets.pop() {
                    raw.push((o, i));
                }
            }
            // Arabic typists use ” and “ as openers alike: pair them in order.
            '"' | '“' | '”' | '„' => match ambiguous.take() {
                Some(o) => raw.push((o, i)),
                None => ambiguous = Some(i),
            },
            _ => {}
        }
    }
    raw.sort();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (o, c) in raw {
        if let Some(&(_, pc)) = out.last() {
            if o < pc {
                continue; // nested in, or crossing, a kept pair
            }
        }
        out.push((o, c));
    }
    out
}

struct Cand {
    kind: &'static str,
    start: usize,
    end: usize,
    cue: usize,
    subject: Subject,
}

pub(crate) fn extract(v: &View, cues: &[Cue]) -> Vec<Quote> {
    let n = v.toks.len();
    let mut cue_first: Vec<Option<usize>> = vec![None; n];
    let mut cue_last: Vec<Option<usize>> = vec![None; n];
    for (ci, c) in cues.iter().enumerate() {
        cue_first[c.first] = Some(ci);
        cue_last[c.last] = Some(ci);
    }
    let pairs = quote_pairs(v.chars);
    let mut cands: Vec<Cand> = Vec::new();

    // Indirect: verb/participle … إن/أن + clause to the sentence end.
    let mut indirect_spans: Vec<(usize, usize)> = Vec::new();
    for (ci, cue) in cues.iter().enumerate() {
        if cue.class == CueClass::Attribution {
            continue;
        }
        let sentence = v.sentence_at(cue.start);
        let mut i = cue.last + 1;
        let mut comp = None;
        while i < n && i <= cue.last + COMPLEMENTIZER_WINDOW && v.toks[i].start < sentence.end {
            if cue_first[i].is_some() || v.is_punct(i, OPEN_MARKS) || v.is_punct(i, &[':']) {
                break;
            }
            if let Some(len) = word_has(v, i, CueClass::Complementizer) {
                comp = Some(i + len);
                break;
            }
            i += 1;
        }
        let Some(cs) = comp else { continue };
        if cs >= n || v.toks[cs].start >= sentence.end {
            continue;
        }
        let start = v.toks[cs].start;
        // The clause runs to the sentence end, or to the next cue that a
        // comma sets off (، مضيفا أن…), whichever comes first.
        let mut end = sentence.end;
        let mut k = cs + 1;
        while k < n && v.toks[k].start < sentence.end {
            if let Some(other) = cue_first[k] {
                let c = &cues[other];
                if c.class == CueClass::Participle || v.is_punct(k - 1, &['،', ',', '؛', ';']) {
                    end = v.toks[k].start;
                    break;
                }
                // … فيما قال X: the clause ends before the breaker.
                if let Some((_, b)) = v
                    .match_ending(&v.lex.cues, k, Allow::CONJ)
                    .filter(|(h, _)| has(h.value, CueClass::Breaker))
                {
                    if b > cs {
                        end = v.toks[b].start;
                        break;
                    }
                }
            }
            k += 1;
        }
        while end > start
            && (v.chars[end - 1].is_whitespace()
                || matches!(
                    v.chars[end - 1],
                    '.' | '،' | ',' | '؛' | ';' | ':' | '!' | '؟' | '?'
                ))
        {
            end -= 1;
        }
        if end <= start {
            continue;
        }
        // A clause that opens with a direct quote is that direct quote.
        if pairs.iter().any(|&(o, _)| o == start) {
            continue;
        }
        indirect_spans.push((start, end));
        cands.push(Cand {
            kind: "indirect",
            start,
            end,
            cue: ci,
            subject: subject(v, cue),
        });
    }

    // Direct: a quotation-mark pair next to a cue.
    let mut prev_close: Option<usize> = None;
    for &(o, c) in &pairs {
        let (mut start, mut end) = (o + 1, c);
        while start < end && v.chars[start].is_whitespace() {
            start += 1;
        }
        while end > start && v.chars[end - 1].is_whitespace() {
            end -= 1;
        }
        let last_close = prev_close.replace(c);
        if start >= end {
            continue;
        }
        if indirect_spans.iter().any(|&(a, b)| a < o && c < b) {
            continue; // a quoted phrase inside a reported clause
        }
        let ot = v.tok_at(o);
        let ct = v.tok_at(c);
        let words = v.toks[v.tok_at(start)..ct]
            .iter()
            .filter(|t| {
                matches!(
                    t.kind,
                    TokenKind::Word | TokenKind::Number | TokenKind::Latin
                )
            })
            .count();
        let sentence = v.sentence_at(o);
        let window = sentence.start.max(last_close.map_or(0, |p| p + 1));
        let short = words <= SHORT_QUOTE_WORDS;
        let cue = cue_before(v, &cue_last, ot, window, short)
            .or_else(|| cue_after(v, &cue_first, ct, cues))
            .or_else(|| {
                if short {
                    return None;
                }
                // A long quote may sit further from its verb in the sentence.
                cues.iter().rposition(|q| {
                    q.class != CueClass::Attribution
                        && q.end <= o
                        && q.start >= window
                        && ot.saturating_sub(q.last) <= FAR_CUE_TOKENS
                })
            });
        let Some(ci) = cue else { continue };
        cands.push(Cand {
            kind: "direct",
            start,
            end,
            cue: ci,
            subject: subject(v, &cues[ci]),
        });
    }

    // Resolve omitted subjects in reading order.
    cands.sort_by_key(|q| (q.start.min(cues[q.cue].start), q.start));
    let spans: Vec<(usize, usize)> = cands.iter().map(|q| (q.start, q.end)).collect();
    let mut out: Vec<Quote> = Vec::with_capacity(cands.len());
    for q in cands {
        let cue = &cues[q.cue];
        let speaker = match q.subject {
            Subject::Found(p) => Some(p),
            Subject::Anonymous => None,
            Subject::Omitted => inherit(v, &out, &spans, cue.start),
        };
        out.push(Quote {
            text: v.slice(q.start, q.end),
            start: q.start,
            end: q.end,
            kind: q.kind.to_string(),
            speaker,
            cue: Some(Participant {
                text: v.slice(cue.start, cue.end),
                start: cue.start,
                end: cue.end,
                actor: None,
                agent: None,
                person: None,
            }),
            sentence: v.sentence_at(cue.start),
        });
    }
    out.sort_by_key(|q| (q.start, q.end));
    out
}

/// A cue right before the opening mark: only connectors, complementizers
/// and the speaker's mention may sit between (and, before a long quote,
/// time words and prepositions: a short phrase after تحدث عن is a scare
/// quote).
fn cue_before(
    v: &View,
    cue_last: &[Option<usize>],
    ot: usize,
    window: usize,
    short: bool,
) -> Option<usize> {
    let mut k = ot;
    let mut steps = 0;
    while k > 0 && steps < 12 {
        k -= 1;
        steps += 1;
        let t = &v.toks[k];
        if t.start < window {
            break;
        }
        if let Some(ci) = cue_last[k] {
            return Some(ci);
        }
        if v.is_punct(k, CONNECTORS)
            || v.mention_covering(t.start).is_some()
            || ending_with(v, k, CueClass::Complementizer)
            || (!short && ending_with(v, k, CueClass::NonSubject))
        {
            continue;
        }
        break;
    }
    None
}

fn ending_with(v: &View, k: usize, class: CueClass) -> bool {
    v.match_len(&v.lex.cues, k, 1, Allow::CONJ)
        .is_some_and(|h| has(h.value, class))
}

/// A cue right after the closing mark («…»، قال الوزير / ” وفقا لـ…).
fn cue_after(v: &View, cue_first: &[Option<usize>], ct: usize, cues: &[Cue]) -> Option<usize> {
    let mut k = ct + 1;
    let mut steps = 0;
    while k < v.toks.len() && steps < 4 {
        if !v.no_break(v.toks[k - 1].end, v.toks[k].start) {
            break;
        }
        if let Some(ci) = cue_first[k] {
            if cues[ci].class != CueClass::Participle {
                return Some(ci);
            }
            break;
        }
        if v.is_punct(k, CONNECTORS) || ending_with(v, k, CueClass::Lead) {
            k += 1;
            steps += 1;
            continue;
        }
        break;
    }
    None
}

/// The speaker of a cue with no subject: the previous quote's speaker, or
/// the most recent person named before the cue outside quotes, whichever
/// is more recent.
fn inherit(v: &View, done: &[Quote], spans: &[(usize, usize)], pos: usize) -> Option<Participant> {
    let prev = done
        .iter()
        .filter(|q| q.speaker.is_some() && q.cue.as_ref().is_some_and(|c| c.start < pos))
        .max_by_key(|q| q.cue.as_ref().map_or(0, |c| c.start));
    let inside = |p: usize| spans.iter().any(|&(a, b)| a <= p && p < b);
    let k = v.ments.partition_point(|m| m.start < pos);
    let person = (0..k).rev().find(|&j| {
        let m = &v.ments[j];
        m.end <= pos && (m.m.kind == "PERS" || m.m.person.is_some()) && !inside(m.start)
    });
    match (prev, person) {
        (Some(q), Some(j)) => {
            let anchor = q.end.max(q.cue.as_ref().map_or(0, |c| c.end));
            if v.ments[j].start > anchor {
                Some(v.participant(j))
            } else {
                q.speaker.clone()
            }
        }
        (Some(q), None) => q.speaker.clone(),
        (None, Some(j)) => Some(v.participant(j)),
        (None, None) => None,
    }
}

/// Speakers by sentence: used for claims in attributed sentences.
pub(crate) fn sentence_source(v: &View, cues: &[Cue], sentence: Span) -> Option<Participant> {
    cues.iter()
        .filter(|c| {
            c.start >= sentence.start
                && c.end <= sentence.end
                && matches!(c.class, CueClass::Verb | CueClass::Attribution)
        })
        .find_map(|c| match subject(v, c) {
            Subject::Found(p) => Some(p),
            _ => None,
        })
}
