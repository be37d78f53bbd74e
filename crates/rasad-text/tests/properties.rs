//! Property checks over real text read at run time from /work/shared
//! (skipped when absent). Nothing from those files is committed.

use rasad_text::{normalize, segment, sentences, tokens};

const ANERCORP: &str = "/work/shared/data/anercorp/ANERCorp_CamelStyle_test_RECONSTRUCTED.txt";

/// The corpus is one `token TAG` per line; rebuild running text from it,
/// with a paragraph break every 40 tokens so sentences and lines both occur.
fn corpus() -> Option<(Vec<String>, String)> {
    let text = match std::fs::read_to_string(ANERCORP) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("skipping: {ANERCORP} not readable ({e})");
            return None;
        }
    };
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut body = String::new();
    for (i, l) in lines.iter().enumerate() {
        let tok = l.rsplit_once(' ').map_or(l.as_str(), |(t, _)| t);
        body.push_str(tok);
        body.push(if i % 40 == 39 { '\n' } else { ' ' });
    }
    Some((lines, body))
}

fn check_normalisation(s: &str) {
    let n = normalize(s);
    let len = s.chars().count();
    assert_eq!(n.map.len(), n.text.chars().count());
    let mut prev = 0;
    for i in 0..n.char_len() {
        let (a, b) = n.orig_span(i, i + 1);
        assert!(
            a < b && b <= len,
            "char {i} maps to {a}..{b} outside 0..{len}: {s:?}"
        );
        assert!(a >= prev, "map not monotonic at {i}: {s:?}");
        prev = a;
    }
    let (a, b) = n.orig_span(0, n.char_len());
    assert!(a <= b && b <= len);
}

fn check_sentences(s: &str) {
    let chars: Vec<char> = s.chars().collect();
    let mut last_end = 0;
    for sp in sentences(s) {
        assert!(sp.start < sp.end, "empty sentence {sp:?}");
        assert!(
            sp.start >= last_end,
            "sentences overlap or are out of order at {sp:?}"
        );
        assert!(sp.end <= chars.len(), "sentence {sp:?} past the end");
        assert!(
            !chars[sp.start].is_whitespace(),
            "sentence starts on whitespace at {}",
            sp.start
        );
        assert!(
            !chars[sp.end - 1].is_whitespace(),
            "sentence ends on whitespace at {}",
            sp.end
        );
        last_end = sp.end;
    }
}

fn check_tokens(s: &str) {
    let chars: Vec<char> = s.chars().collect();
    let mut last_end = 0;
    for t in tokens(s) {
        assert!(t.span.start >= last_end && t.span.start < t.span.end && t.span.end <= chars.len());
        assert!(
            chars[t.span.start..t.span.end]
                .iter()
                .all(|c| !c.is_whitespace()),
            "token with whitespace {t:?}"
        );
        last_end = t.span.end;
    }
}

#[test]
fn every_corpus_line_is_handled() {
    let Some((lines, _)) = corpus() else { return };
    assert!(lines.len() > 1000);
    for l in &lines {
        check_normalisation(l);
        check_sentences(l);
        check_tokens(l);
        for t in tokens(l) {
            let w: String = l.chars().skip(t.span.start).take(t.span.len()).collect();
            let seg = segment(&w);
            assert!(
                seg.stem.end <= t.span.len() && seg.stem.start < seg.stem.end,
                "{w}: {seg:?}"
            );
        }
    }
}

#[test]
fn rebuilt_corpus_text_properties() {
    let Some((_, body)) = corpus() else { return };
    check_normalisation(&body);
    check_sentences(&body);
    check_tokens(&body);
    // Sentences cover every non-space char of the body exactly once.
    let spans = sentences(&body);
    let covered: usize = spans.iter().map(|s| s.len()).sum();
    let non_space = body.chars().filter(|c| !c.is_whitespace()).count();
    assert!(
        covered >= non_space,
        "sentences drop text: {covered} < {non_space}"
    );
    assert!(spans.len() > 500, "only {} sentences", spans.len());
}

#[test]
fn adversarial_strings_do_not_panic() {
    let cases = [
        "",
        "\u{0651}\u{064E}",
        "«««",
        "»»» ... ؟؟",
        "\"\"\"\"",
        "a.b.c.d.",
        "ـــــ",
        "\u{200F}\u{200E}\u{FEFF}",
        "٣.",
        ".",
        "د.",
        "((((انتهى.",
        "\u{0627}\u{0654}\u{0655}\u{0653}",
        "e\u{0301}\u{0301}\u{0301}",
        "\u{FDFA}\u{FEFB}",
        "İSTANBUL ﷲ",
        "http://",
        "@@@.com",
        "1,,2..3::",
    ];
    for c in cases {
        check_normalisation(c);
        check_sentences(c);
        check_tokens(c);
        for t in tokens(c) {
            let w: String = c.chars().skip(t.span.start).take(t.span.len()).collect();
            let _ = segment(&w);
            let _ = rasad_text::light_stem(&w);
            let _ = rasad_text::stem(&w);
        }
    }
}
