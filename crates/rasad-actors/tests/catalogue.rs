//! Validation of the data files in data/actors/.

use std::collections::BTreeSet;
use std::path::PathBuf;

use rasad_actors::{fold, Catalogue, Kind, FILES};

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/actors")
}

/// The catalogue without people.tsv/offices.tsv (curated separately), so
/// problems in the actor files are reported on their own.
fn actors_only() -> Catalogue {
    let dir = data_dir();
    let texts: Vec<(&str, String)> = FILES
        .iter()
        .filter(|f| !matches!(**f, "people.tsv" | "offices.tsv"))
        .map(|f| {
            (
                *f,
                std::fs::read_to_string(dir.join(f)).expect("data file readable"),
            )
        })
        .collect();
    let borrowed: Vec<(&str, &str)> = texts.iter().map(|(n, t)| (*n, t.as_str())).collect();
    Catalogue::from_texts(&borrowed).expect("actor files load")
}

fn assert_clean(problems: Vec<String>) {
    for p in &problems {
        eprintln!("{p}");
    }
    assert!(
        problems.is_empty(),
        "{} validation problems (listed above)",
        problems.len()
    );
}

#[test]
fn actor_files_validate() {
    assert_clean(actors_only().validate());
}

#[test]
fn full_catalogue_loads_and_validates() {
    // Includes people.tsv and offices.tsv: persons need an office with a
    // country, role and start; start <= end; office codes name actors.
    let cat = Catalogue::load_embedded().expect("embedded data loads");
    assert_clean(cat.validate());
    // load_dir reads the same files as the embedded copy.
    let from_dir = Catalogue::load_dir(data_dir()).expect("data dir loads");
    assert_eq!(from_dir.entries().len(), cat.entries().len());
}

#[test]
fn states_cover_un_members_observers_and_extras() {
    let cat = actors_only();
    let states: Vec<_> = cat.actors().filter(|a| a.kind == Kind::State).collect();
    assert_eq!(states.len(), 193 + 2 + 3);
    let codes: BTreeSet<&str> = states.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(codes.len(), states.len(), "state codes unique");
    for c in &codes {
        assert!(
            c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()),
            "{c}"
        );
    }
    for c in ["PSE", "VAT", "XKX", "TWN", "ESH", "USA", "SSD"] {
        assert!(codes.contains(c), "{c} missing");
    }
    // Every state derived by the script is in the reviewed file.
    let base = std::fs::read_to_string(data_dir().join("derived/states_base.tsv")).expect("base");
    for line in base.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let iso3 = line.split('\t').nth(1).unwrap_or("");
        assert!(codes.contains(iso3), "{iso3} from states_base.tsv missing");
    }
    // A nisba (or an explicit "-") and a capital for each.
    for s in &states {
        assert!(!s.names_ar.is_empty(), "{}", s.code);
        assert!(!s.nisbas.is_empty() || s.no_nisba, "{}", s.code);
        assert!(!s.capitals.is_empty(), "{}", s.code);
    }
}

#[test]
fn lookups_fold_spelling_variants() {
    let cat = actors_only();
    for (alias, code) in [
        ("الأميركية", "USA"),
        ("الامريكيه", "USA"),
        ("أمريكيون", "USA"),
        ("الأمريكان", "USA"),
        ("ايران", "IRN"),
        ("الإيرانيتين", "IRN"),
        ("المملكة المتحدة", "GBR"),
        ("كوت ديفوار", "CIV"),
        ("بورما", "MMR"),
        ("الكرملين", "RUS"),
        ("داعش", "ISIL"),
        ("الدولة الإسلامية في العراق والشام", "ISIL"),
        ("أنصار الله", "HOUTHI"),
        ("الناتو", "NATO"),
        ("الكوريون الشماليون", "PRK"),
        ("الجنوب أفريقية", "ZAF"),
    ] {
        assert!(
            cat.codes_for(alias).contains(&code.to_string()),
            "{alias} → {:?}, want {code}",
            cat.codes_for(alias)
        );
    }
    assert!(cat.codes_for("السودان") == vec!["SDN".to_string()]);
    assert!(cat.codes_for("جنوب السودان") == vec!["SSD".to_string()]);
    // Listed ambiguity: both readings, with the rule's default.
    let a = cat.ambiguity("الكونغو").expect("listed");
    assert_eq!(a.default.as_deref(), Some("COD"));
    assert_eq!(
        cat.codes_for("الكونغو"),
        vec!["COD".to_string(), "COG".to_string()]
    );
    assert!(
        cat.ambiguity("الكونغولية").is_some(),
        "nisba: rows cover inflections"
    );
    // Metonyms carry their agent.
    let p = cat.lookup("البنتاغون");
    assert!(p
        .iter()
        .any(|e| e.kind == Kind::Metonym && e.agent.as_deref() == Some("MIL")));
    // Affiliates name their parent.
    assert_eq!(
        cat.actor("ISIL_SINAI").and_then(|a| a.parent.as_deref()),
        Some("ISIL")
    );
    assert_eq!(
        cat.actor("UNSC").and_then(|a| a.parent.as_deref()),
        Some("UN")
    );
    assert_eq!(fold::canonical_phrase("الولايات المتحدة"), "ولايات متحده");
}

#[test]
fn load_dir_without_people_and_with_errors() {
    let tmp = tempfile::tempdir().expect("tempdir");
    for f in FILES {
        if matches!(f, "people.tsv" | "offices.tsv") {
            continue;
        }
        std::fs::copy(data_dir().join(f), tmp.path().join(f)).expect("copy");
    }
    let cat = Catalogue::load_dir(tmp.path()).expect("people files are optional");
    assert_eq!(cat.people().count(), 0);
    assert!(cat
        .office_holder("FRA", "head_of_state", "2020-01-01")
        .is_none());
    assert!(cat.validate().is_empty());

    // A broken row is reported with its file and line.
    let groups = std::fs::read_to_string(data_dir().join("groups.tsv")).expect("read");
    let n = groups.lines().count();
    std::fs::write(
        tmp.path().join("groups.tsv"),
        format!("{groups}bad code\tx\tداعش\t-\t-\t-\tREB\t\n"),
    )
    .expect("write");
    let e = Catalogue::load_dir(tmp.path())
        .expect_err("bad code rejected")
        .to_string();
    assert!(e.starts_with(&format!("groups.tsv:{}:", n + 1)), "{e}");

    // A missing required file is an error naming it.
    std::fs::remove_file(tmp.path().join("states.tsv")).expect("rm");
    let e = Catalogue::load_dir(tmp.path())
        .expect_err("missing")
        .to_string();
    assert!(e.contains("states.tsv"), "{e}");
}

#[test]
fn office_holder_by_date() {
    let people = "id\tname_en\tnames_ar\na\tA\tألف\nb\tB\tباء\nc\tC\tجيم\n";
    let offices = "person_id\tcountry\toffice\trole\tstart\tend\n\
        a\tFRA\thead_of_state\tGOV\t2007-05-16\t2012-05-15\n\
        b\tFRA\thead_of_state\tGOV\t2012-05-15\t2017-05\n\
        c\tFRA\thead_of_state\tGOV\t2017-05-14\t\n";
    let dir = data_dir();
    let states = std::fs::read_to_string(dir.join("states.tsv")).expect("states");
    let capitals = std::fs::read_to_string(dir.join("capitals.tsv")).expect("capitals");
    let agents = std::fs::read_to_string(dir.join("agents.tsv")).expect("agents");
    let cat = Catalogue::from_texts(&[
        ("states.tsv", &states),
        ("capitals.tsv", &capitals),
        ("agents.tsv", &agents),
        ("people.tsv", people),
        ("offices.tsv", offices),
    ])
    .expect("loads");
    let who = |d: &str| {
        cat.office_holder("FRA", "head_of_state", d)
            .map(|p| p.id.as_str())
    };
    assert_eq!(who("2010-01-01"), Some("a"));
    assert_eq!(
        who("2012-05-15"),
        Some("b"),
        "handover day: the later start wins"
    );
    assert_eq!(
        who("2017-05-20"),
        Some("c"),
        "overlap with a month-only end: later start wins"
    );
    assert_eq!(who("2030"), Some("c"), "open end");
    assert_eq!(who("2000-01-01"), None);
    assert_eq!(who("not a date"), None);
    assert_eq!(
        cat.office_holder("DEU", "head_of_state", "2010-01-01"),
        None
    );
    // A person's name resolves to them, with the country and role of their last office.
    let e = cat.lookup("جيم");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].person.as_deref(), Some("c"));
    assert_eq!(e[0].code.as_deref(), Some("FRA"));
    assert_eq!(e[0].agent.as_deref(), Some("GOV"));
}

#[test]
fn real_offices_resolve_at_their_own_start() {
    let cat = Catalogue::load_embedded().expect("loads");
    if cat.offices().is_empty() {
        eprintln!("offices.tsv is empty: nothing to check");
        return;
    }
    for o in cat.offices() {
        let (y, m, d) = o.start.earliest();
        let date = format!("{y:04}-{m:02}-{d:02}");
        assert!(
            cat.office_holder(&o.country, &o.office, &date).is_some(),
            "{}: nobody holds {} {} on {date}",
            o.source,
            o.country,
            o.office
        );
    }
}

/// Armed-group people: group offices name a group of groups.tsv and carry
/// that group's agent as their role (PEOPLE.md convention), and the dated
/// lookups give the leader of the day.
#[test]
fn group_people_follow_the_group_convention() {
    let cat = Catalogue::load_embedded().expect("loads");
    let mut group_rows = 0;
    for o in cat.offices() {
        if !matches!(o.office.as_str(), "group_leader" | "group_commander") {
            continue;
        }
        group_rows += 1;
        let a = cat.actor(&o.country);
        assert!(
            a.is_some_and(|a| a.kind == Kind::Group),
            "{}: {} is not a group of groups.tsv",
            o.source,
            o.country
        );
        let agent = a.and_then(|a| a.agent.as_deref());
        assert_eq!(
            agent,
            Some(o.role.as_str()),
            "{}: role should be the group's agent",
            o.source
        );
    }
    assert!(group_rows >= 100, "only {group_rows} group rows");

    let who = |c: &str, office: &str, d: &str| {
        cat.office_holder(c, office, d)
            .map(|p| p.id.clone())
            .unwrap_or_default()
    };
    // The group leader lookup never returns a mere commander (Hezbollah).
    for (code, date, leader) in [
        ("HAMAS", "2004-04-01", "rantisi_abdel_aziz"),
        ("HAMAS", "2010-01-01", "meshaal_khaled"),
        ("PIJ", "2012-01-01", "shallah_ramadan"),
        ("TTP", "2015-01-01", "fazlullah_mullah"),
        ("AQAP", "2017-06-01", "raymi_qasim"),
        ("IRGC_QF", "2017-06-01", "soleimani_qassem"),
        ("IRGC", "2017-06-01", "jafari_mohammad_ali"),
        ("SLM_MM", "2020-10-03", "minnawi_minni"),
        ("JEM", "2009-05-01", "ibrahim_khalil"),
        ("HEZBOLLAH", "2020-01-01", "nasrallah_hassan"),
        ("HEZBOLLAH", "2001-01-01", "nasrallah_hassan"),
    ] {
        assert_eq!(who(code, "group_leader", date), leader, "{code} on {date}");
    }

    // Names resolve to the group, with the role of the latest office.
    for (name, code, agent) in [
        ("خالد مشعل", "HAMAS", "REB"),
        ("محمد الضيف", "HAMAS", "REB"),
        ("زياد النخالة", "PIJ", "REB"),
        ("حميدتي", "RSF", "REB"),
        ("مني أركو مناوي", "SLM_MM", "REB"),
        ("ميني مناوي", "SLM_MM", "REB"),
        ("عبد الواحد محمد نور", "SLM_AW", "REB"),
        ("خليل إبراهيم", "JEM", "REB"),
        ("قاسم سليماني", "IRGC_QF", "MIL"),
        ("أبو مهدي المهندس", "PMF", "MIL"),
        ("قيس الخزعلي", "AAH", "REB"),
        ("يفغيني بريغوجين", "WAGNER", "MIL"),
        ("أبوبكر شيكاو", "BOKO", "REB"),
        ("ناصر الوحيشي", "AQAP", "REB"),
        ("حكيم الله محسود", "TTP", "REB"),
        ("عماد مغنية", "HEZBOLLAH", "REB"),
        ("مصطفى بدرالدين", "HEZBOLLAH", "REB"),
        ("مقتدى الصدر", "SADRIST", "REB"),
    ] {
        let e = cat.lookup(name);
        assert!(
            e.iter().any(|e| e.kind == Kind::Person
                && e.code.as_deref() == Some(code)
                && e.agent.as_deref() == Some(agent)),
            "{name} → {e:?}, want {code}/{agent}"
        );
    }
    // Groups added with their parents.
    for (name, code, parent) in [
        ("كتائب شهداء الأقصى", "AQSA_BRIG", Some("FATAH")),
        ("حركة العدل والمساواة", "JEM", None),
        ("حركة تحرير السودان", "SLM", None),
        ("عسكر طيبة", "LET", None),
        ("جيش محمد", "JAISH_MOHAMMED", None),
        ("لشكر جهنكوي", "LEJ", None),
        ("جماعة أنصار الإسلام", "ANSAR_ISLAM", None),
        ("جند الأقصى", "JUND_AQSA", None),
        ("فيلق القدس", "IRGC_QF", Some("IRGC")),
        ("أنصار بيت المقدس", "ISIL_SINAI", Some("ISIL")),
    ] {
        assert_eq!(cat.codes_for(name), vec![code.to_string()], "{name}");
        assert_eq!(
            cat.actor(code).and_then(|a| a.parent.as_deref()),
            parent,
            "{code}"
        );
    }
}

/// Iran: the Supreme Leader has his own office; the elected president stays
/// the head of state that «الرئيس الإيراني» resolves to.
#[test]
fn supreme_leader_is_not_head_of_state() {
    let cat = Catalogue::load_embedded().expect("loads");
    let who = |office: &str, d: &str| {
        cat.office_holder("IRN", office, d)
            .map(|p| p.id.clone())
            .unwrap_or_default()
    };
    assert_eq!(who("supreme_leader", "2015-06-01"), "khamenei_ali");
    assert_eq!(who("supreme_leader", "1985-01-01"), "khomeini_ruhollah");
    assert_eq!(who("head_of_state", "2015-06-01"), "rouhani_hassan");
    assert_eq!(who("head_of_state", "1985-01-01"), "khamenei_ali");
    let e = cat.lookup("علي خامنئي");
    assert!(
        e.iter()
            .any(|e| e.code.as_deref() == Some("IRN") && e.agent.as_deref() == Some("GOV")),
        "{e:?}"
    );
}
