//! Exact-output tests driven by the hand-written files in `tests/data/`.

use rasad_text::{
    fold_word, is_known_stem, light_stem, normalize, segment, segment_with, sentences, tokens,
    TokenKind,
};

/// Content rows of a fixture (every line with a tab that is not a `#`
/// comment): (line number, columns). Not trimmed: leading spaces count.
fn rows(name: &str) -> Vec<(usize, Vec<String>)> {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            !l.starts_with('#') && !l.trim().is_empty() || l.contains('\t') && !l.starts_with('#')
        })
        .map(|(i, l)| {
            (
                i + 1,
                l.split('\t').map(|c| c.replace("\\n", "\n")).collect(),
            )
        })
        .collect()
}

fn slice(s: &str, start: usize, end: usize) -> String {
    s.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

#[test]
fn normalisation_fixtures() {
    let rows = rows("normalize.tsv");
    assert!(rows.len() >= 10);
    for (line, cols) in rows {
        let [input, expected, sub, orig] = &cols[..] else {
            panic!("normalize.tsv:{line}: expected 4 columns")
        };
        let n = normalize(input);
        assert_eq!(&n.text, expected, "normalize.tsv:{line}");
        assert_eq!(
            &fold_word(input),
            expected,
            "normalize.tsv:{line}: fold_word"
        );
        // Locate the substring in char offsets and map it back.
        let byte = n
            .text
            .find(sub.as_str())
            .unwrap_or_else(|| panic!("normalize.tsv:{line}: `{sub}` not in output"));
        let start = n.text[..byte].chars().count();
        let end = start + sub.chars().count();
        let (os, oe) = n.orig_span(start, end);
        assert_eq!(
            &slice(input, os, oe),
            orig,
            "normalize.tsv:{line}: mapped back"
        );
        // Round trip: the original slice folds to the substring again.
        assert_eq!(
            &fold_word(&slice(input, os, oe)),
            sub,
            "normalize.tsv:{line}: round trip"
        );
    }
}

#[test]
fn sentence_fixtures() {
    let rows = rows("sentences.tsv");
    assert!(rows.len() >= 15, "need at least 15 sentence cases");
    for (line, cols) in rows {
        let [input, expected] = &cols[..] else {
            panic!("sentences.tsv:{line}: expected 2 columns")
        };
        let got: Vec<String> = sentences(input)
            .iter()
            .map(|s| slice(input, s.start, s.end))
            .collect();
        let want: Vec<String> = if expected.is_empty() {
            Vec::new()
        } else {
            expected.split(" || ").map(str::to_string).collect()
        };
        assert_eq!(got, want, "sentences.tsv:{line}");
    }
}

fn kind_letter(k: TokenKind) -> &'static str {
    match k {
        TokenKind::Word => "W",
        TokenKind::Number => "N",
        TokenKind::Punct => "P",
        TokenKind::Latin => "L",
        TokenKind::Symbol => "S",
    }
}

#[test]
fn token_fixtures() {
    let rows = rows("tokens.tsv");
    assert!(rows.len() >= 10);
    for (line, cols) in rows {
        let [input, expected] = &cols[..] else {
            panic!("tokens.tsv:{line}: expected 2 columns")
        };
        let got: Vec<String> = tokens(input)
            .iter()
            .map(|t| {
                format!(
                    "{}/{}",
                    slice(input, t.span.start, t.span.end),
                    kind_letter(t.kind)
                )
            })
            .collect();
        assert_eq!(got.join(" "), *expected, "tokens.tsv:{line}");
    }
}

#[test]
fn segmentation_fixtures() {
    let rows = rows("segment.tsv");
    assert!(rows.len() >= 25, "need at least 25 segmentation cases");
    let no_lexicon = |_: &str| false;
    for (line, cols) in rows {
        let [word, with_lex, without] = &cols[..] else {
            panic!("segment.tsv:{line}: expected 3 columns")
        };
        let s = segment(word);
        assert_eq!(
            &s.render(word),
            with_lex,
            "segment.tsv:{line}: default lexicon"
        );
        let want = if without == "-" { with_lex } else { without };
        assert_eq!(
            &segment_with(word, &no_lexicon).render(word),
            want,
            "segment.tsv:{line}: no lexicon"
        );
        // Spans tile the word: clitics and stem are contiguous and in order.
        let mut at = 0;
        for c in &s.proclitics {
            assert_eq!(c.span.start, at, "segment.tsv:{line}: proclitic span");
            at = c.span.end;
        }
        assert_eq!(s.stem.start, at, "segment.tsv:{line}: stem start");
        assert!(s.stem.end <= word.chars().count());
        if let Some(e) = s.enclitics.first() {
            assert_eq!(
                e.span.start, s.stem.end,
                "segment.tsv:{line}: enclitic start"
            );
            assert_eq!(
                e.span.end,
                word.chars().count(),
                "segment.tsv:{line}: enclitic end"
            );
        }
    }
}

#[test]
fn lexicon_predicate_decides() {
    // With a lexicon that knows the stem, the ambiguous word is split...
    let knows_zir = |k: &str| k == "زير";
    assert_eq!(segment_with("وزير", &knows_zir).render("وزير"), "و+زير");
    // ...and a known whole word always wins over a known stem.
    let knows_both = |k: &str| k == "زير" || k == "وزير";
    assert_eq!(segment_with("وزير", &knows_both).render("وزير"), "وزير");
    assert!(is_known_stem(&fold_word("بريطانيا")));
}

#[test]
fn light_stem_fixtures() {
    for (line, cols) in rows("light_stem.tsv") {
        let [word, expected] = &cols[..] else {
            panic!("light_stem.tsv:{line}: expected 2 columns")
        };
        assert_eq!(&light_stem(word), expected, "light_stem.tsv:{line}");
    }
}

#[test]
fn snowball_stem_runs_on_folded_word() {
    // Definite article, plural and hamza spelling all reduce to one stem.
    assert_eq!(rasad_text::stem("المؤتمرات"), rasad_text::stem("مؤتمر"));
    assert_eq!(rasad_text::stem("المؤتمرات"), rasad_text::stem("الموتمرات"));
    assert!(!rasad_text::stem("المؤتمرات").is_empty());
}
