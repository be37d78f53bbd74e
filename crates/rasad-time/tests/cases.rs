//! Data-driven cases from `tests/data/cases.tsv` (sentences written for
//! these tests), plus offset and robustness properties.

use chrono::NaiveDate;
use rasad_time::{Modifier, Resolver, TimeExpr};

const CASES: &str = include_str!("data/cases.tsv");

fn modifier_name(m: Option<Modifier>) -> &'static str {
    match m {
        None => "",
        Some(Modifier::Start) => "@start",
        Some(Modifier::Mid) => "@mid",
        Some(Modifier::End) => "@end",
        Some(Modifier::Earlier) => "@earlier",
        Some(Modifier::Later) => "@later",
    }
}

fn render(found: &[TimeExpr]) -> String {
    if found.is_empty() {
        return "-".to_string();
    }
    found
        .iter()
        .map(|e| format!("{}={}{}", e.text, e.value, modifier_name(e.modifier)))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn check_offsets(text: &str, found: &[TimeExpr]) {
    let chars: Vec<char> = text.chars().collect();
    let mut last_end = 0;
    for e in found {
        assert!(e.start < e.end && e.end <= chars.len(), "bad span {e:?}");
        assert!(e.start >= last_end, "overlap or disorder at {e:?}");
        last_end = e.end;
        let slice: String = chars[e.start..e.end].iter().collect();
        assert_eq!(slice, e.text, "text is not the char slice");
        if let Some(d) = e.date {
            assert_eq!(e.range, Some((d, d)), "a day covers itself: {e:?}");
        }
        if let Some((a, b)) = e.range {
            assert!(a <= b, "empty range {e:?}");
        }
    }
}

#[test]
fn cases_file() {
    let r = Resolver::new().expect("data loads");
    let mut failures = Vec::new();
    let mut n = 0;
    for (k, line) in CASES.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 3, "cases.tsv:{}: need 3 columns", k + 1);
        let anchor = match cols[1] {
            "-" => None,
            s => Some(
                NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .unwrap_or_else(|_| panic!("cases.tsv:{}: bad anchor", k + 1)),
            ),
        };
        let found = r.find(cols[0], anchor);
        check_offsets(cols[0], &found);
        let got = render(&found);
        if got != cols[2] {
            failures.push(format!(
                "cases.tsv:{}: {}\n   want {}\n   got  {}",
                k + 1,
                cols[0],
                cols[2],
                got
            ));
        }
        n += 1;
    }
    assert!(n >= 60, "only {n} cases");
    assert!(
        failures.is_empty(),
        "{} of {n} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn junk_input_never_panics_and_offsets_hold() {
    let r = Resolver::new().expect("data loads");
    let anchor = NaiveDate::from_ymd_opt(2015, 11, 20);
    let samples = [
        "",
        " ",
        "\n\n\n",
        "13",
        "نوفمبر",
        "99999999999999999999 نوفمبر 99999999999",
        "0 نوفمبر 0000",
        "31/31/3131",
        "9999-99-99",
        "1/2/3/4/5/6/7",
        "قبل 999 عام",
        "بعد 999 عام",
        "منذ 999 سنة",
        "قبل 9999999 يوم",
        "ـــ بـ بـ والـ لل وو",
        "\u{0640}\u{064B}\u{0651}أمس\u{0651}",
        "١٣/١٣/١٣١٣ هـ",
        "30 ذو الحجة 1600 هـ",
        "ربيع",
        "تشرين",
        "كانون الثاني/",
        "13 تشرين الثاني (",
        "الخميس (",
        "الخميس، ",
        "نهاية",
        "مطلع من",
        "🙂 13 🙂 نوفمبر 🙂",
        "\u{200F}13\u{200F} نوفمبر\u{200E}2015",
    ];
    for s in samples {
        for a in [
            anchor,
            None,
            NaiveDate::from_ymd_opt(1, 1, 1),
            Some(NaiveDate::MAX),
        ] {
            let found = r.find(s, a);
            check_offsets(s, &found);
        }
    }
    // Every prefix of a dense sentence, cut at every char boundary.
    let dense = "وقال مساء أمس الخميس 12 نوفمبر/تشرين الثاني 2015م إن 5 صفر 1437 هـ، ونهاية الشهر الماضي، وقبل يومين، و١٨-١٢-٢٠١٥.";
    let idx: Vec<usize> = dense.char_indices().map(|(b, _)| b).collect();
    for &b in &idx {
        check_offsets(&dense[..b], &r.find(&dense[..b], anchor));
        check_offsets(&dense[b..], &r.find(&dense[b..], anchor));
    }
}

#[test]
fn offsets_count_chars_after_multibyte_text() {
    let r = Resolver::new().expect("data loads");
    let text = "🙂🙂 قال الوزير أمس";
    let found = r.find(text, NaiveDate::from_ymd_opt(2015, 11, 20));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].start, text.chars().count() - 3);
    assert_eq!(found[0].date, NaiveDate::from_ymd_opt(2015, 11, 19));
}

#[test]
fn modifier_ranges() {
    let r = Resolver::new().expect("data loads");
    let a = NaiveDate::from_ymd_opt(2015, 11, 20);
    let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid");
    let f = r.find("نهاية الشهر الماضي", a);
    assert_eq!(f[0].range, Some((ymd(2015, 10, 21), ymd(2015, 10, 31))));
    let f = r.find("في وقت سابق من الأسبوع الجاري", a);
    assert_eq!(f[0].range, Some((ymd(2015, 11, 16), ymd(2015, 11, 20))));
    let f = r.find("الشهر الماضي", a);
    assert_eq!(f[0].range, Some((ymd(2015, 10, 1), ymd(2015, 10, 31))));
    assert_eq!(f[0].date, None);
}

#[test]
fn window_scan_finds_what_the_whole_scan_finds() {
    let r = Resolver::new().expect("data loads");
    let anchor = NaiveDate::from_ymd_opt(2015, 11, 20);
    let sentences: Vec<&str> = CASES
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split('\t').next())
        .collect();
    // The cases run together with every kind of break (and none), plus
    // dots between and after digits.
    for sep in ["\n", ". ", "! ", "؛ ", " ", ".", "2015.", " 12.", "١٢.١"] {
        let text = sentences.join(sep);
        let chars: Vec<char> = text.chars().collect();
        let whole = r.find(&text, anchor);
        let mut spans: Vec<(usize, usize)> = (0..chars.len()).map(|x| (x, x + 1)).collect();
        spans.extend(
            (0..chars.len())
                .step_by(7)
                .map(|x| (x, (x + 40).min(chars.len()))),
        );
        spans.push((0, chars.len()));
        let mut windows = Vec::new();
        for (a, b) in spans {
            let w = Resolver::window(&chars, a..b);
            assert!(w.start <= a && b <= w.end, "{a}..{b} not in {w:?}");
            windows.push(w);
        }
        windows.sort_by_key(|w| (w.start, w.end));
        windows.dedup();
        for w in windows {
            let want: Vec<&TimeExpr> = whole
                .iter()
                .filter(|e| e.start >= w.start && e.end <= w.end)
                .collect();
            let got = r.find_in(&chars, w.clone(), anchor);
            assert_eq!(want, got.iter().collect::<Vec<_>>(), "window {w:?}");
        }
    }
}
