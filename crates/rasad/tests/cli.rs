//! End-to-end tests of the `rasad` binary: the output contract, the store,
//! and batch behaviour on bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn rasad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rasad"))
}

fn run(cmd: &mut Command) -> Output {
    cmd.stdin(Stdio::null()).output().expect("running rasad")
}

fn schema() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema/rasad-output.schema.json");
    let text = std::fs::read_to_string(&path).expect("schema file");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, value: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "output violates the schema: {errors:#?}");
}

const ARTICLE: &str = "قمة ثنائية في العاصمة الأردنية

بقلم: سامر الخطيب

عمّان - استقبل العاهل الأردني في عمّان اليوم الأحد رئيس الوزراء العراقي، وبحث الجانبان سبل تعزيز التعاون الاقتصادي بين البلدين.
وقال بيان للديوان الملكي إن اللقاء تناول «تطورات الأوضاع في المنطقة» وجهود مكافحة الإرهاب.
وأضاف البيان أن الطرفين اتفقا على عقد اجتماع للجنة العليا المشتركة في بغداد الشهر المقبل.

رويترز
";

const PAGE: &str = r##"<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>اتفاق على ممر إنساني جديد - موقع الأخبار</title></head><body>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/politics">سياسة</a></li><li><a href="/sport">رياضة</a></li></ul></nav>
<article><h1>اتفاق على ممر إنساني جديد</h1>
<p>أعلنت الأمم المتحدة أمس التوصل إلى اتفاق لفتح ممر إنساني جديد نحو المدينة المحاصرة منذ أشهر.</p>
<p>وقال المتحدث باسم المنظمة إن أولى القوافل ستدخل خلال أيام، محمّلة بالغذاء والدواء لأكثر من عشرين ألف شخص.</p>
</article>
<div class="share"><a href="#">فيسبوك</a> <a href="#">تويتر</a> <a href="#">واتساب</a></div>
<footer>جميع الحقوق محفوظة</footer></body></html>"##;

fn corpus(dir: &Path) {
    std::fs::write(dir.join("amman.txt"), ARTICLE).unwrap();
    std::fs::write(dir.join("corridor.html"), PAGE).unwrap();
    let line = serde_json::json!({
        "id": "wire-1",
        "text": "أعلن الجيش اللبناني اليوم توقيف خلية مسلحة في شمال البلاد. وأوضح بيان للجيش أن أفراد الخلية كانوا يخططون لهجمات.",
        "published": "2016-03-02",
        "source": "وكالة الأنباء",
        "title": "توقيف خلية في شمال لبنان"
    });
    std::fs::write(dir.join("wire.jsonl"), format!("{line}\n")).unwrap();
}

fn analyze_json(paths: &[&Path]) -> (Value, Output) {
    let out = run(rasad()
        .arg("analyze")
        .arg("--format")
        .arg("json")
        .args(paths));
    let value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (value, out)
}

fn docs(v: &Value) -> &Vec<Value> {
    v["documents"].as_array().expect("documents array")
}

fn doc<'a>(v: &'a Value, id: &str) -> &'a Value {
    docs(v)
        .iter()
        .find(|d| d["id"] == id)
        .unwrap_or_else(|| panic!("no document {id}"))
}

#[test]
fn analyze_json_follows_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let (v, out) = analyze_json(&[dir.path()]);
    assert!(out.status.success());
    assert_valid(&schema(), &v);
    assert_eq!(docs(&v).len(), 3);

    let amman = doc(&v, "amman");
    assert_eq!(amman["title"], "قمة ثنائية في العاصمة الأردنية");
    assert_eq!(amman["author"], "سامر الخطيب");
    assert_eq!(amman["agency"], "Reuters");
    assert_eq!(amman["language"], "ar");
    let body = amman["body"].as_str().unwrap();
    assert!(body.contains("وبحث الجانبان سبل تعزيز التعاون الاقتصادي بين البلدين."));
    assert!(
        !body.contains("رويترز"),
        "agency line stays out of the body: {body}"
    );
    assert!(
        !body.contains("بقلم"),
        "byline stays out of the body: {body}"
    );

    // Sentence spans are char offsets into the body.
    let chars: Vec<char> = body.chars().collect();
    let sentences = amman["sentences"].as_array().unwrap();
    assert!(sentences.len() >= 3, "{sentences:?}");
    for s in sentences {
        let (a, b) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        assert!(a < b && b <= chars.len());
        let text: String = chars[a..b].iter().collect();
        assert_eq!(text.trim(), text, "sentence span is trimmed");
    }
    let second: String = {
        let s = &sentences[1];
        chars[s["start"].as_u64().unwrap() as usize..s["end"].as_u64().unwrap() as usize]
            .iter()
            .collect()
    };
    assert!(second.starts_with("وقال بيان للديوان الملكي"), "{second}");

    let page = doc(&v, "corridor");
    assert_eq!(page["title"], "اتفاق على ممر إنساني جديد");
    let body = page["body"].as_str().unwrap();
    assert!(body.starts_with("أعلنت الأمم المتحدة أمس"), "{body}");
    assert!(body.ends_with("لأكثر من عشرين ألف شخص."), "{body}");
    for junk in ["الرئيسية", "فيسبوك", "جميع الحقوق محفوظة"] {
        assert!(!body.contains(junk), "{junk} left in {body}");
    }

    let wire = doc(&v, "wire-1");
    assert_eq!(wire["published"], "2016-03-02");
    assert_eq!(wire["title"], "توقيف خلية في شمال لبنان");
    assert_eq!(wire["sentences"].as_array().unwrap().len(), 2);
}

#[test]
fn jsonl_lines_follow_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let out = run(rasad()
        .args(["analyze", "--format", "jsonl"])
        .arg(dir.path()));
    assert!(out.status.success());
    let validator = schema();
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 4, "three documents and the collection line");
    for l in &lines {
        assert_valid(&validator, l);
    }
    assert!(lines[..3].iter().all(|l| l["type"] == "document"));
    assert_eq!(lines[3]["type"], "collection");
}

#[test]
fn stdin_is_read_with_a_dash() {
    let mut child = rasad()
        .args(["analyze", "--format", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(ARTICLE.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(docs(&v).len(), 1);
    assert_eq!(docs(&v)[0]["author"], "سامر الخطيب");
}

#[test]
fn bad_files_warn_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    std::fs::write(
        dir.path().join("binary.txt"),
        [0u8, 1, 2, 0, 255, 254, 0, 0],
    )
    .unwrap();
    std::fs::write(
        dir.path().join("broken.jsonl"),
        "{\"id\": \"x\", \"text\": \n",
    )
    .unwrap();
    let mut gz = Vec::new();
    {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(&mut gz, flate2::Compression::default());
        enc.write_all(ARTICLE.repeat(50).as_bytes()).unwrap();
        enc.finish().unwrap();
    }
    gz.truncate(gz.len() / 2);
    std::fs::write(dir.path().join("cut.txt.gz"), &gz).unwrap();

    let (v, out) = analyze_json(&[dir.path()]);
    assert_eq!(out.status.code(), Some(0), "good files were read");
    assert_valid(&schema(), &v);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let warned: Vec<String> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .chain(
            docs(&v)
                .iter()
                .flat_map(|d| d["warnings"].as_array().unwrap()),
        )
        .map(|w| w["source"].as_str().unwrap().to_string())
        .collect();
    for name in ["empty.txt", "binary.txt", "broken.jsonl", "cut.txt.gz"] {
        assert!(
            warned.iter().any(|s| s.contains(name)),
            "no warning for {name}: {warned:?}"
        );
        assert!(
            stderr.contains(name),
            "stderr does not name {name}: {stderr}"
        );
    }
    for id in ["amman", "corridor", "wire-1"] {
        doc(&v, id);
    }
}

#[test]
fn nothing_readable_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    let missing = dir.path().join("no-such-file.txt");
    let (v, out) = analyze_json(&[dir.path(), &missing]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(docs(&v).len(), 0);
    assert!(v["warnings"].as_array().unwrap().len() >= 2);
}

#[test]
fn ingest_is_idempotent_and_export_matches_analyze() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    corpus(&input);
    let db: PathBuf = dir.path().join("store.db");

    let first = run(rasad().arg("ingest").arg("--db").arg(&db).arg(&input));
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(String::from_utf8_lossy(&first.stderr).contains("3 added"));
    let again = run(rasad().arg("ingest").arg(&input).env("RASAD_DB", &db));
    assert!(again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("0 added"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );

    let export = run(rasad()
        .args(["export", "--format", "json", "--db"])
        .arg(&db));
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let exported: Value = serde_json::from_slice(&export.stdout).unwrap();
    assert_valid(&schema(), &exported);
    let (analyzed, _) = analyze_json(&[&input]);
    let mut a = docs(&analyzed).clone();
    let mut e = docs(&exported).clone();
    a.sort_by_key(|d| d["id"].to_string());
    e.sort_by_key(|d| d["id"].to_string());
    assert_eq!(a, e, "the store returns exactly what analyze computes");
}

#[test]
fn export_without_a_store_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("absent.db");
    let out = run(rasad().args(["export", "--db"]).arg(&db));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("absent.db"));
    assert!(!db.exists(), "export does not create a store");
}

/// The seed articles, read at run time. Checks what the foundation promises
/// on them, in general terms: no seed text is written here.
#[test]
fn seed_articles() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    if !seeds.is_dir() {
        eprintln!("skipping: seed articles not found at {}", seeds.display());
        return;
    }
    let (v, out) = analyze_json(&[&seeds]);
    assert!(out.status.success());
    assert_valid(&schema(), &v);
    let documents = docs(&v);
    assert_eq!(documents.len(), 5);
    for d in documents {
        let id = d["id"].as_str().unwrap();
        assert!(d["title"].is_string(), "{id} has a title");
        assert_eq!(d["language"], "ar");
        if let Some(p) = d["published"].as_str() {
            assert!(
                p < "2016",
                "{id}: {p} is a site stamp, not a publication date"
            );
        }
        // Every long line of the input that ends a sentence is in the body.
        let raw = std::fs::read_to_string(seeds.join(format!("{id}.txt"))).unwrap();
        // The body squashes runs of (any Unicode) white space to one space.
        let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        let body = squash(d["body"].as_str().unwrap());
        for line in raw.lines().map(squash) {
            let ends_sentence = line.ends_with(['.', '؟', '!', '»', '”', ':']);
            if ends_sentence && line.chars().count() > 60 && !body.contains(&line) {
                panic!("{id}: sentence line lost from the body: {line}");
            }
        }
    }
    let agencies: Vec<&str> = documents
        .iter()
        .filter_map(|d| d["agency"].as_str())
        .collect();
    assert!(agencies.contains(&"AFP"), "{agencies:?}");
    let authors = documents.iter().filter(|d| d["author"].is_string()).count();
    assert!(authors >= 2, "bylines found: {authors}");
    // The five outlets tell one story; they disagree on a count, and the
    // network they describe holds an unbalanced triad.
    let stories = v["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 1, "{stories:#?}");
    let disputes = v["disputes"].as_array().unwrap();
    assert!(
        disputes.iter().any(
            |d| d["kind"] == "quantity" && d["values"].as_array().is_some_and(|x| x.len() >= 2)
        ),
        "{disputes:#?}"
    );
    let triads = v["triads"].as_array().unwrap();
    assert!(triads.iter().any(|t| t["balanced"] == false), "{triads:#?}");
}

/// Three outlets report a small, invented system: two allies, one of whom
/// strikes a third party the other supports. The whole chain (events →
/// stories → network → balance → pictures) runs from the command line.
fn system_corpus(dir: &Path) {
    let lines = [
        serde_json::json!({"id": "a1", "published": "2019-03-04", "source": "وكالة أ",
            "text": "اتفقت مصر والأردن اليوم على توسيع التعاون العسكري بين البلدين.\nوشنت الطائرات الحربية المصرية غارات على مواقع الجيش الليبي أمس.\nوقتل في الغارات 40 مسلحا."}),
        serde_json::json!({"id": "a2", "published": "2019-03-04", "source": "وكالة ب",
            "text": "شنت الطائرات الحربية المصرية غارات على مواقع الجيش الليبي أمس.\nوأعلنت الحكومة الأردنية تقديم مساعدات إنسانية إلى ليبيا.\nوقتل في الغارات 45 مسلحا."}),
        serde_json::json!({"id": "a3", "published": "2019-03-05", "source": "وكالة ج",
            "text": "قدمت الأردن مساعدات طبية إلى ليبيا.\nواتفقت مصر والأردن على توسيع التعاون العسكري."}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(dir.join("wire.jsonl"), text).unwrap();
}

#[test]
fn stories_graph_and_balance_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    system_corpus(dir.path());
    let (v, out) = analyze_json(&[dir.path()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_valid(&schema(), &v);
    let docs_with_events = docs(&v)
        .iter()
        .filter(|d| !d["events"].as_array().unwrap().is_empty())
        .count();
    assert_eq!(docs_with_events, 3, "every article has events");
    let stories = v["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 1, "one happening: {stories:#?}");
    let tie = |a: &str, b: &str| {
        v["relations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| (r["a"] == a && r["b"] == b) || (r["a"] == b && r["b"] == a))
            .map(|r| r["sign"].as_i64().unwrap())
    };
    assert_eq!(tie("EGY", "JOR"), Some(1));
    assert_eq!(tie("EGY", "LBY"), Some(-1));
    assert_eq!(tie("JOR", "LBY"), Some(1));
    let triad = v["triads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| {
            let mut a: Vec<&str> = t["actors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap())
                .collect();
            a.sort();
            a == ["EGY", "JOR", "LBY"]
        })
        .expect("the EGY-JOR-LBY triad");
    assert_eq!(triad["balanced"], false);
    assert!(triad["explanation"]
        .as_str()
        .unwrap()
        .contains("the ally of my ally is my enemy"));
    let dispute = v["disputes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "quantity");
    assert!(
        dispute.is_some(),
        "40 vs 45 killed is a dispute: {:#?}",
        v["disputes"]
    );

    let svg = run(rasad().args(["graph", "--format", "svg"]).arg(dir.path()));
    assert!(
        svg.status.success(),
        "{}",
        String::from_utf8_lossy(&svg.stderr)
    );
    let svg = String::from_utf8(svg.stdout).unwrap();
    assert!(
        svg.starts_with("<?xml") || svg.starts_with("<svg"),
        "{}",
        &svg[..svg.len().min(80)]
    );
    for label in ["مصر", "Egypt", "الأردن", "Jordan"] {
        assert!(svg.contains(label), "{label} missing from the SVG");
    }
    let dot = run(rasad()
        .args(["graph", "--format", "dot", "--actors", "EGY,JOR"])
        .arg(dir.path()));
    let dot = String::from_utf8(dot.stdout).unwrap();
    assert!(
        dot.contains("EGY") && dot.contains("JOR") && !dot.contains("LBY"),
        "{dot}"
    );

    // The store path gives the same stories and network.
    let db = dir.path().join("s.db");
    let ingest = run(rasad()
        .arg("ingest")
        .arg("--db")
        .arg(&db)
        .arg(dir.path().join("wire.jsonl")));
    assert!(
        ingest.status.success(),
        "{}",
        String::from_utf8_lossy(&ingest.stderr)
    );
    let listed = run(rasad().args(["stories", "--db"]).arg(&db));
    let listed = String::from_utf8(listed.stdout).unwrap();
    assert!(listed.contains("3 documents"), "{listed}");
    let story_id = stories[0]["id"].as_str().unwrap();
    let brief = run(rasad().args(["story", story_id, "--db"]).arg(&db));
    let brief = String::from_utf8(brief.stdout).unwrap();
    assert!(
        brief.contains("Disputes") && brief.contains("40") && brief.contains("45"),
        "{brief}"
    );
    let allies = run(rasad().args(["allies", "EGY", "--db"]).arg(&db));
    let allies = String::from_utf8(allies.stdout).unwrap();
    assert!(allies.contains("LBY"), "{allies}");
}
