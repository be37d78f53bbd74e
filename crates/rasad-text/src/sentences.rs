//! Sentence splitting.

use crate::chars::{
    closer_of, is_ambiguous_quote, is_arabic_letter, is_closer, is_digit, is_line_break,
    is_other_letter, is_terminal, is_trimmable,
};
use crate::data::resources;
use crate::normalize::fold_word;
use rasad_doc::Span;

const OPENER: u8 = 1;
const CLOSER: u8 = 2;

/// Split `body` into sentences: char spans, trimmed of whitespace and
/// invisible controls, in order, non-overlapping, never empty.
///
/// Rules, in short:
/// - every line break ends a sentence (the body puts paragraphs on lines),
///   and quotes never stay open across one;
/// - `! ? ؟ ‼` (and runs like `؟!`) end a sentence when followed by
///   whitespace or the end, or directly by an Arabic letter;
/// - `.` ends a sentence when followed by whitespace or the end, unless the
///   word before it is an abbreviation (a single letter not after a number,
///   or one listed in `data/text/abbreviations.txt`) or the sentence so far
///   is only a list marker (`1.`, `أ.`); a `.` directly followed by a letter
///   or digit (3.5, example.com, U.S.) does not end one, except between two
///   Arabic words (`انتهى.وقال`, a common typing slip);
/// - an ellipsis (`…`, `...`) only ends a sentence at a line break or the
///   end of the text;
/// - `،` `؛` `:` never end a sentence, and nothing ends one if the next
///   word starts with `،` `,` `؛` `;` `:` or a lowercase Latin letter;
/// - inside a matched «» “” "" () [] pair nothing splits, unless the
///   sentence-final punctuation is right before the closing mark and the
///   pair is outermost: `«...انتهى.» وقال` splits after `»`.
pub fn sentences(body: &str) -> Vec<Span> {
    let chars: Vec<char> = body.chars().collect();
    split_chars(&chars)
}

/// [`sentences`] over an already collected char slice.
pub fn split_chars(chars: &[char]) -> Vec<Span> {
    let n = chars.len();
    let (depth, flags) = pair_quotes(chars);
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < n {
        let c = chars[i];
        // Spaces, Arabic letters and harakat neither break nor end a line.
        if c == ' ' || ('\u{0620}'..='\u{065F}').contains(&c) {
            i += 1;
            continue;
        }
        if is_line_break(c) {
            push_trimmed(chars, start, i, &mut out);
            start = i + 1;
            i += 1;
            continue;
        }
        if !is_terminal(c) {
            i += 1;
            continue;
        }
        // The run of terminals, then any closing quotes/brackets after it.
        let mut j = i;
        let mut strong = false;
        let mut dots = 0;
        while j < n && is_terminal(chars[j]) {
            match chars[j] {
                '.' => dots += 1,
                '…' => dots += 3,
                _ => strong = true,
            }
            j += 1;
        }
        let mut e = j;
        while e < n && (flags[e] & CLOSER != 0 || matches!(chars[e], '\'' | '’')) {
            e += 1;
        }
        if ends_sentence(chars, &depth, start, i, j, e, strong, dots) {
            push_trimmed(chars, start, e, &mut out);
            start = e;
        }
        i = e.max(i + 1);
    }
    push_trimmed(chars, start, n, &mut out);
    out
}

/// Decide whether the terminal run `[i, j)` plus closers `[j, e)` ends the
/// sentence that started at `start`.
#[allow(clippy::too_many_arguments)]
fn ends_sentence(
    chars: &[char],
    depth: &[u16],
    start: usize,
    i: usize,
    j: usize,
    e: usize,
    strong: bool,
    dots: usize,
) -> bool {
    let n = chars.len();
    // Inside quotes: only if the closers bring us back to the top level.
    let outer_depth = if e > j { depth[e - 1] } else { depth[i] };
    if outer_depth > 0 {
        return false;
    }
    let ellipsis = !strong && dots > 1;
    // What follows.
    let mut k = e;
    while k < n && is_trimmable(chars[k]) && !is_line_break(chars[k]) {
        k += 1;
    }
    if k >= n || is_line_break(chars[k]) {
        return true;
    }
    let spaced = k > e;
    let next = chars[k];
    if ellipsis {
        return false;
    }
    if matches!(next, '،' | ',' | '؛' | ';' | ':') || next.is_lowercase() || is_closer(next) {
        return false;
    }
    if !spaced {
        // Glued to what follows: only an Arabic word after an Arabic word.
        if !is_arabic_letter(next) {
            return false;
        }
        if strong {
            return true;
        }
        let before = letters_before(chars, i);
        let after = chars[k..]
            .iter()
            .take_while(|c| is_arabic_letter(**c))
            .count();
        return before >= 3
            && after >= 2
            && chars[i - before..i].iter().all(|c| is_arabic_letter(*c));
    }
    if strong {
        return true;
    }
    // A single "." followed by whitespace: abbreviation and list checks.
    if e == j && is_abbreviation(chars, i) {
        return false;
    }
    // A list marker: at most three visible chars so far, all alphanumeric
    // (counting stops at the fourth: no copy of the sentence).
    let marker = chars[start..i]
        .iter()
        .filter(|c| !is_trimmable(**c))
        .take(4)
        .try_fold(0usize, |n, c| {
            crate::chars::is_alphanumeric(*c).then_some(n + 1)
        })
        .is_some_and(|n| (1..=3).contains(&n));
    !marker
}

/// Number of letters (any script) right before `i`.
fn letters_before(chars: &[char], i: usize) -> usize {
    chars[..i]
        .iter()
        .rev()
        .take_while(|c| {
            is_arabic_letter(**c)
                || is_other_letter(**c)
                || crate::chars::is_arabic_mark(**c)
                || **c == crate::chars::TATWEEL
        })
        .count()
}

/// Whether the word ending right before the "." at `i` is an abbreviation.
fn is_abbreviation(chars: &[char], i: usize) -> bool {
    let run = letters_before(chars, i);
    if run == 0 {
        return false;
    }
    let letters = chars[i - run..i]
        .iter()
        .filter(|c| is_arabic_letter(**c) || is_other_letter(**c))
        .count();
    if letters == 1 {
        // 2015م. and 1437 هـ. close a date and can end a sentence.
        let mut b = i - run;
        while b > 0 && chars[b - 1] == ' ' {
            b -= 1;
        }
        return !(b > 0 && is_digit(chars[b - 1]));
    }
    let abbrevs = &resources().abbreviations;
    let run_str: String = chars[i - run..i].iter().collect();
    if abbrevs.contains(&fold_word(&run_str)) {
        return true;
    }
    // The whole word, for dotted forms such as ص.ب.
    let mut w = i;
    while w > 0
        && !is_trimmable(chars[w - 1])
        && !matches!(chars[w - 1], '«' | '(' | '"' | '“' | '”')
    {
        w -= 1;
    }
    if w + run < i {
        let word: String = chars[w..i].iter().collect();
        return abbrevs.contains(&fold_word(&word));
    }
    false
}

fn push_trimmed(chars: &[char], mut s: usize, mut e: usize, out: &mut Vec<Span>) {
    while s < e && is_trimmable(chars[s]) {
        s += 1;
    }
    while e > s && is_trimmable(chars[e - 1]) {
        e -= 1;
    }
    if s < e {
        out.push(Span::new(s, e));
    }
}

/// Match quotes and brackets within each line. Returns the nesting depth of
/// every char (the marks of a pair have the outer depth) and flags marking
/// the openers and closers of matched pairs. Unmatched marks are ignored.
fn pair_quotes(chars: &[char]) -> (Vec<u16>, Vec<u8>) {
    let n = chars.len();
    let mut flags = vec![0u8; n];
    let mut diff = vec![0i32; n + 1];
    // (expected closer, position); `"` stands for any ambiguous double quote.
    let mut stack: Vec<(char, usize)> = Vec::new();
    for i in 0..n {
        let c = chars[i];
        // Most chars are letters or spaces, which are neither quotes nor breaks.
        if c == ' ' || c.is_ascii_alphanumeric() || ('\u{0620}'..='\u{065F}').contains(&c) {
            continue;
        }
        if is_line_break(c) {
            stack.clear();
            continue;
        }
        if let Some(cl) = closer_of(c) {
            stack.push((cl, i));
        } else if is_closer(c) {
            if let Some(pos) = stack.iter().rposition(|&(cl, _)| cl == c) {
                let open = stack[pos].1;
                stack.truncate(pos);
                mark(&mut flags, &mut diff, open, i);
            }
        } else if is_ambiguous_quote(c) {
            let prev_space =
                i == 0 || is_trimmable(chars[i - 1]) || closer_of(chars[i - 1]).is_some();
            let next_space =
                i + 1 >= n || is_trimmable(chars[i + 1]) || is_line_break(chars[i + 1]);
            let open_at = stack.iter().rposition(|&(cl, _)| cl == '"');
            match open_at {
                Some(pos) if !prev_space || next_space => {
                    let open = stack[pos].1;
                    stack.truncate(pos);
                    mark(&mut flags, &mut diff, open, i);
                }
                Some(pos) => {
                    // ` "word` while a quote is open: the earlier mark was stray.
                    stack.truncate(pos);
                    stack.push(('"', i));
                }
                None if !next_space => stack.push(('"', i)),
                None => {}
            }
        }
    }
    let mut depth = vec![0u16; n];
    let mut d = 0i32;
    for (k, slot) in depth.iter_mut().enumerate() {
        d += diff[k];
        *slot = d.clamp(0, u16::MAX as i32) as u16;
    }
    (depth, flags)
}

fn mark(flags: &mut [u8], diff: &mut [i32], open: usize, close: usize) {
    flags[open] |= OPENER;
    flags[close] |= CLOSER;
    diff[open + 1] += 1;
    diff[close] -= 1;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(s: &str) -> Vec<String> {
        let chars: Vec<char> = s.chars().collect();
        sentences(s)
            .iter()
            .map(|sp| chars[sp.start..sp.end].iter().collect())
            .collect()
    }

    #[test]
    fn quote_closing_after_period() {
        assert_eq!(
            render("قال: «انتهى الأمر.» وقال آخر"),
            ["قال: «انتهى الأمر.»", "وقال آخر"]
        );
    }

    #[test]
    fn no_split_inside_quote() {
        assert_eq!(
            render("قال «جملة أولى. وجملة ثانية» ثم غادر."),
            ["قال «جملة أولى. وجملة ثانية» ثم غادر."]
        );
    }

    #[test]
    fn unmatched_quote_does_not_swallow() {
        assert_eq!(render("قال «بدأ. ثم انتهى."), ["قال «بدأ.", "ثم انتهى."]);
    }
}
