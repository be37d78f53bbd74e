//! Behavioural tests for rasad-ner. Fixtures are sentences written for these
//! tests; the ANERcorp files are read at run time only when present.

use rasad_ner::{
    read_sentences, score, spans, tag_conll, to_bio, train, EntityType, GoldFormat, Model,
    NerError, Tag, TrainOptions,
};
use std::io::Write;
use std::path::Path;

const TRAIN: &str = "/work/shared/data/anercorp/ANERCorp_CamelStyle_train_RECONSTRUCTED.txt";

fn shipped() -> Model {
    Model::load_embedded().expect("the shipped model loads")
}

fn toks(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

fn assert_bio(tags: &[Tag]) {
    let mut prev = None;
    for (i, t) in tags.iter().enumerate() {
        assert!(t.may_follow(prev), "invalid BIO at {i}: {tags:?}");
        prev = Some(*t);
    }
}

/// A small self-written corpus in ANERcorp format (IOB1-style I- starts).
const MINI: &str = "\
التقى I-PERS
الرئيس O
أحمد B-PERS
سالم I-PERS
في O
القاهرة B-LOC
. O

وزارة B-ORG
الخارجية I-ORG
في O
عمان B-LOC
أعلنت O
. O

قال O
خالد B-PERS
إن O
شركة B-ORG
النور I-ORG
افتتحت O
فرعا O
في O
بيروت B-LOC
. O
";

#[test]
fn shipped_model_tags_written_sentences() {
    let m = shipped();
    let s = toks("التقى الرئيس المصري عبد الفتاح السيسي في القاهرة وزير الخارجية الأمريكي");
    let ents = m.entities(&s);
    assert!(
        ents.contains(&(3, 6, EntityType::Pers)),
        "expected PERS عبد الفتاح السيسي, got {ents:?}"
    );
    assert!(
        ents.contains(&(7, 8, EntityType::Loc)),
        "expected LOC القاهرة, got {ents:?}"
    );

    let s = toks("وصل وزير الخارجية الفرنسي إلى بيروت أمس قادما من دمشق");
    let ents = m.entities(&s);
    assert!(ents.contains(&(5, 6, EntityType::Loc)), "بيروت: {ents:?}");
    assert!(ents.contains(&(9, 10, EntityType::Loc)), "دمشق: {ents:?}");

    let s = toks("أعلنت الأمم المتحدة أن المساعدات ستصل إلى غزة خلال أيام");
    let ents = m.entities(&s);
    assert!(
        ents.contains(&(1, 3, EntityType::Org)),
        "الأمم المتحدة: {ents:?}"
    );
    assert!(ents.contains(&(7, 8, EntityType::Loc)), "غزة: {ents:?}");

    // A sentence without names yields no entities.
    let s = toks("ارتفعت أسعار الخضار في الأسواق هذا الأسبوع بشكل ملحوظ");
    assert_eq!(m.entities(&s), vec![], "no names here");
}

#[test]
fn output_is_valid_bio_on_odd_input() {
    let m = shipped();
    let inputs = [
        "",
        "و",
        "؟ ؟ ؟ . , ! 2024 ١٩٩٠",
        "The President met Mr. John Smith in Paris",
        "الـــرئيس مُحَمَّدٌ عبد الله بن سلمان آل سعود ولي العهد",
        "\u{200f} \u{0640} \u{064B}",
    ];
    for s in inputs {
        let t = toks(s);
        let tags = m.tag(&t);
        assert_eq!(tags.len(), t.len());
        assert_bio(&tags);
    }
}

#[test]
fn conll_round_trip_keeps_tokens_order_and_blank_lines() {
    let m = shipped();
    let input = "التقى O\nالرئيس\nفي O\nالقاهرة B-LOC\n\n\nوصل\nإلى\nبيروت\n\n";
    let mut out = Vec::new();
    tag_conll(&m, input.as_bytes(), &mut out).expect("tags");
    let out = String::from_utf8(out).expect("utf-8");
    let in_lines: Vec<&str> = input.lines().collect();
    let out_lines: Vec<&str> = out.lines().collect();
    assert_eq!(in_lines.len(), out_lines.len());
    let mut tags = Vec::new();
    for (a, b) in in_lines.iter().zip(&out_lines) {
        let a_tok = a.split_whitespace().next();
        let mut bf = b.split_whitespace();
        assert_eq!(a_tok, bf.next(), "token changed: {a:?} -> {b:?}");
        match a_tok {
            None => assert_eq!(*b, "", "blank line kept"),
            Some(_) => {
                let tag = bf.next().and_then(Tag::parse).expect("a tag");
                assert!(bf.next().is_none());
                tags.push(tag);
            }
        }
    }
    assert_bio(&tags);
}

#[test]
fn conll_errors_name_the_line() {
    let m = shipped();
    let input = "التقى O\nالرئيس O extra\n";
    let err = tag_conll(&m, input.as_bytes(), Vec::new()).expect_err("malformed");
    match err {
        NerError::Parse { line, .. } => assert_eq!(line, 2),
        other => panic!("unexpected error {other}"),
    }
    let err = tag_conll(&m, "a O\nb O\nc PERSON\n".as_bytes(), Vec::new()).expect_err("bad tag");
    assert!(err.to_string().contains(":3:"), "{err}");
}

#[test]
fn iob1_is_converted_and_spans_follow_conlleval() {
    let mut tags: Vec<Tag> = ["I-PERS", "I-PERS", "O", "I-LOC", "B-LOC", "I-ORG"]
        .iter()
        .map(|s| Tag::parse(s).expect("tag"))
        .collect();
    assert_eq!(
        spans(&tags),
        vec![
            (0, 2, EntityType::Pers),
            (3, 4, EntityType::Loc),
            (4, 5, EntityType::Loc),
            (5, 6, EntityType::Org)
        ]
    );
    to_bio(&mut tags);
    let s: Vec<&str> = tags.iter().map(|t| t.as_str()).collect();
    assert_eq!(s, ["B-PERS", "I-PERS", "O", "B-LOC", "B-LOC", "B-ORG"]);
}

#[test]
fn eval_arithmetic_on_hand_written_pair() {
    let p = |s: &str| -> Vec<Tag> { s.split(' ').map(|t| Tag::parse(t).expect("tag")).collect() };
    // Gold: PERS(0-2), LOC(3), ORG(5-7), LOC(8).
    let gold = vec![p("B-PERS I-PERS O B-LOC O B-ORG I-ORG O B-LOC")];
    // Pred: PERS(0-2) correct, LOC(3) correct, ORG(5-6) wrong span, PERS(8) wrong type.
    let pred = vec![p("B-PERS I-PERS O B-LOC O B-ORG O O B-PERS")];
    let r = score(&gold, &pred);
    let pers = r.per_type[EntityType::Pers as usize];
    assert_eq!((pers.tp, pers.fp, pers.fn_), (1, 1, 0));
    let loc = r.per_type[EntityType::Loc as usize];
    assert_eq!((loc.tp, loc.fp, loc.fn_), (1, 0, 1));
    let org = r.per_type[EntityType::Org as usize];
    assert_eq!((org.tp, org.fp, org.fn_), (0, 1, 1));
    assert!((pers.precision() - 0.5).abs() < 1e-12);
    assert!((loc.recall() - 0.5).abs() < 1e-12);
    assert_eq!(org.f1(), 0.0);
    // Micro: tp 2, fp 2, fn 2 → P = R = F1 = 0.5.
    assert!((r.core_f1() - 0.5).abs() < 1e-12);
    assert!((r.all_f1() - 0.5).abs() < 1e-12);
    assert_eq!(r.tokens, 9);
    let table = r.to_string();
    assert!(
        table.contains("PERS+LOC+ORG") && table.contains("0.5000"),
        "{table}"
    );
}

fn write_tmp(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    let mut f = std::fs::File::create(&path).expect("create");
    f.write_all(text.as_bytes()).expect("write");
    path
}

#[test]
fn training_is_deterministic_and_learns_the_sample() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_tmp(dir.path(), "mini.txt", MINI);
    let opts = TrainOptions {
        epochs: 5,
        log2_buckets: 14,
        gazetteer_folds: 2,
        ..TrainOptions::default()
    };
    let a = train(&path, &opts).expect("train");
    let b = train(&path, &opts).expect("train");
    assert_eq!(a.to_bytes(), b.to_bytes(), "same input, same bytes");
    // A different seed must still be deterministic but may differ.
    let saved = dir.path().join("m.bin");
    a.save(&saved).expect("save");
    let c = Model::load(&saved).expect("load");
    assert_eq!(a, c, "save/load round trip");
    // It fits its own training data.
    let sents = read_sentences(&path, GoldFormat::Anercorp).expect("read");
    for s in &sents {
        let t: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
        assert_eq!(a.tag(&t), s.tags, "training sentence {:?}", s.tokens);
    }
}

#[test]
fn training_is_deterministic_on_a_real_sample() {
    let Ok(text) = std::fs::read_to_string(TRAIN) else {
        eprintln!("skipping: {TRAIN} not present");
        return;
    };
    let sample: String = text
        .split("\n\n")
        .take(300)
        .collect::<Vec<_>>()
        .join("\n\n");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_tmp(dir.path(), "sample.txt", &sample);
    let opts = TrainOptions {
        epochs: 3,
        log2_buckets: 16,
        ..TrainOptions::default()
    };
    let a = train(&path, &opts).expect("train").to_bytes();
    let b = train(&path, &opts).expect("train").to_bytes();
    assert_eq!(a, b);
}

#[test]
fn malformed_files_and_models_are_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bad = write_tmp(dir.path(), "bad.txt", "كلمة O\nكلمة B-XYZ\n");
    let err = read_sentences(&bad, GoldFormat::Anercorp).expect_err("bad tag");
    assert!(err.to_string().contains("bad.txt:2:"), "{err}");
    let junk = write_tmp(dir.path(), "junk.bin", "not a model");
    assert!(Model::load(&junk).is_err());
    let mut bytes = shipped().to_bytes();
    bytes.truncate(bytes.len() / 2);
    assert!(Model::from_bytes(&bytes, "half").is_err());
}

#[test]
fn wojood_reader_keeps_outer_entities_of_mapped_types() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "\
وزير B-OCC
الخارجية I-OCC B-ORG
وصل O
إلى O
مدينة B-GPE
رام I-GPE
الله I-GPE
يوم B-DATE
$#$ O
قصر B-FAC
";
    let path = write_tmp(dir.path(), "w.txt", text);
    let sents = read_sentences(&path, GoldFormat::Wojood).expect("read");
    assert_eq!(sents.len(), 2);
    let tags: Vec<&str> = sents[0].tags.iter().map(|t| t.as_str()).collect();
    assert_eq!(tags, ["O", "O", "O", "O", "B-LOC", "I-LOC", "I-LOC", "O"]);
    assert_eq!(sents[1].tags, vec![Tag::B(EntityType::Loc)]);
}

#[test]
fn tag_document_agrees_with_tag_and_keeps_shapes() {
    let m = shipped();
    let doc: Vec<Vec<&str>> = vec![
        toks("قال وزير الخارجية سامي النمر إن المحادثات في عمان كانت مثمرة"),
        toks("وأضاف النمر أن الوفد سيعود إلى عمان الأسبوع المقبل"),
        vec![],
        toks("و"),
    ];
    let tags = m.tag_document(&doc);
    assert_eq!(tags.len(), doc.len());
    for (s, t) in doc.iter().zip(&tags) {
        assert_eq!(s.len(), t.len());
        assert_bio(t);
    }
    // A one-sentence document is exactly `tag`.
    assert_eq!(m.tag_document(&doc[..1])[0], m.tag(&doc[0]));
    assert!(m.tag_document(&[]).is_empty());
    // Deterministic.
    assert_eq!(m.tag_document(&doc), tags);
}

#[test]
fn default_training_reproduces_the_shipped_model() {
    if std::env::var_os("RASAD_NER_RETRAIN").is_none() {
        eprintln!("skipping: set RASAD_NER_RETRAIN=1 to retrain (about a minute in debug builds)");
        return;
    }
    if !Path::new(TRAIN).exists() {
        eprintln!("skipping: {TRAIN} not present");
        return;
    }
    let m = train(Path::new(TRAIN), &TrainOptions::default()).expect("train");
    assert!(
        m == shipped(),
        "retrained model differs from models/ner/rasad-ner.bin"
    );
}
