mod common;

use std::path::Path;

use common::{doc, rich};
use rasad_doc::Document;
use rasad_store::{BatchReport, Store, StoreError, UpdateReport, APPLICATION_ID, SCHEMA_VERSION};
use rusqlite::Connection;

fn all(store: &Store) -> Vec<Document> {
    store
        .documents()
        .collect::<Result<Vec<_>, _>>()
        .expect("reading the store")
}

fn rows(db: &Path, table: &str) -> i64 {
    let conn = Connection::open(db).expect("raw connection");
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .expect("counting rows")
}

#[test]
fn round_trip_is_exact_and_in_insertion_order() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rasad.db");
    // Ids out of alphabetical order: the store must keep insertion order.
    let docs: Vec<Document> = [3, 1, 2].into_iter().map(rich).collect();
    {
        let mut store = Store::open(&db).unwrap();
        let report = store.insert_batch(&docs).unwrap();
        assert_eq!(
            report,
            BatchReport {
                added: 3,
                skipped_duplicates: 0,
                replaced: 0
            }
        );
        assert_eq!(all(&store), docs);
    }
    // And again from a fresh connection: nothing lived only in memory.
    let store = Store::open(&db).unwrap();
    assert_eq!(store.count().unwrap(), 3);
    assert_eq!(all(&store), docs);
    assert_eq!(store.get("art-1").unwrap().as_ref(), Some(&docs[1]));
    assert_eq!(
        store.get_by_hash(&docs[2].content_hash).unwrap().as_ref(),
        Some(&docs[2])
    );
    assert_eq!(store.get("art-404").unwrap(), None);
    assert_eq!(store.get_by_hash("nope").unwrap(), None);
}

#[test]
fn empty_lists_none_and_empty_strings_survive() {
    let mut store = Store::open_in_memory().unwrap();
    let mut bare = doc("bare", None, "");
    bare.title = Some(String::new());
    store.insert_batch(std::slice::from_ref(&bare)).unwrap();
    let back = store.get("bare").unwrap().unwrap();
    assert_eq!(back, bare);
    assert_eq!(back.title.as_deref(), Some(""));
    assert_eq!(back.url, None);
}

#[test]
fn same_batch_twice_adds_nothing_the_second_time() {
    let mut store = Store::open_in_memory().unwrap();
    let docs: Vec<Document> = (0..5).map(rich).collect();
    assert_eq!(store.insert_batch(&docs).unwrap().added, 5);
    let again = store.insert_batch(&docs).unwrap();
    assert_eq!(
        again,
        BatchReport {
            added: 0,
            skipped_duplicates: 5,
            replaced: 0
        }
    );
    assert_eq!(store.count().unwrap(), 5);
    assert_eq!(all(&store), docs);
}

#[test]
fn duplicate_content_within_a_batch_is_stored_once() {
    let mut store = Store::open_in_memory().unwrap();
    let a = doc("a", Some("x/a.txt"), "نص واحد");
    // Same bytes found under another name: same content hash.
    let b = doc("b", Some("y/b.txt"), "نص واحد");
    let report = store.insert_batch(&[a.clone(), b]).unwrap();
    assert_eq!((report.added, report.skipped_duplicates), (1, 1));
    assert_eq!(all(&store), vec![a]);
}

#[test]
fn changed_content_under_same_id_and_path_replaces_old_version_and_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rasad.db");
    let mut store = Store::open(&db).unwrap();
    let old = rich(7);
    let other = rich(8);
    store.insert_batch(&[old.clone(), other.clone()]).unwrap();
    assert_eq!(rows(&db, "mention_readings"), 4);

    let mut new = doc(&old.id, old.path.as_deref(), "نسخة معدلة من الخبر.");
    new.sentences = vec![rasad_doc::Span::new(0, 5)];
    let report = store.insert_batch(std::slice::from_ref(&new)).unwrap();
    assert_eq!(
        report,
        BatchReport {
            added: 1,
            skipped_duplicates: 0,
            replaced: 1
        }
    );
    assert_eq!(store.count().unwrap(), 2);
    // The new version is the newest ingest.
    assert_eq!(all(&store), vec![other.clone(), new.clone()]);
    assert_eq!(store.get_by_hash(&old.content_hash).unwrap(), None);
    // The old version's derived rows went with it (ON DELETE CASCADE).
    assert_eq!(rows(&db, "sentences"), 2 + 1);
    assert_eq!(rows(&db, "mentions"), 3);
    assert_eq!(rows(&db, "mention_readings"), 2);
    assert_eq!(rows(&db, "warnings"), 2);
    assert_eq!(rows(&db, "derived"), 3);

    // Re-ingesting the old bytes makes it current again.
    let back = store.insert_batch(std::slice::from_ref(&old)).unwrap();
    assert_eq!((back.added, back.replaced), (1, 1));
    assert_eq!(store.get(&old.id).unwrap(), Some(old));
}

#[test]
fn replacement_also_applies_without_a_path() {
    let mut store = Store::open_in_memory().unwrap();
    store.insert_batch(&[doc("feed-1", None, "الأول")]).unwrap();
    let report = store
        .insert_batch(&[doc("feed-1", None, "الثاني")])
        .unwrap();
    assert_eq!(report.replaced, 1);
    assert_eq!(store.count().unwrap(), 1);
    assert_eq!(store.get("feed-1").unwrap().unwrap().body, "الثاني");
}

#[test]
fn same_id_from_different_paths_are_different_articles() {
    let mut store = Store::open_in_memory().unwrap();
    let a = doc("index", Some("site-a/index.html"), "خبر من الموقع الأول");
    let b = doc("index", Some("site-b/index.html"), "خبر من الموقع الثاني");
    let report = store.insert_batch(&[a.clone(), b.clone()]).unwrap();
    assert_eq!((report.added, report.replaced), (2, 0));
    assert_eq!(all(&store), vec![a, b.clone()]);
    // `get` by id gives the most recently ingested.
    assert_eq!(store.get("index").unwrap(), Some(b));
}

#[test]
fn a_batch_failing_midway_rolls_back_and_keeps_earlier_content() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rasad.db");
    let mut store = Store::open(&db).unwrap();
    let first: Vec<Document> = (0..3).map(rich).collect();
    store.insert_batch(&first).unwrap();

    // Inject a failure inside SQLite on the second document of the batch,
    // after the first one was written.
    Connection::open(&db)
        .unwrap()
        .execute_batch(
            "CREATE TRIGGER fail_poison BEFORE INSERT ON documents \
             WHEN NEW.id = 'poison' BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
        )
        .unwrap();
    let batch = vec![
        rich(10),
        doc("poison", Some("p.txt"), "سيفشل هذا"),
        rich(11),
    ];
    let err = store.insert_batch(&batch).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("injected failure"), "{msg}");
    assert!(msg.contains(&db.display().to_string()), "{msg}");
    assert!(msg.contains("poison"), "{msg}");

    assert_eq!(store.count().unwrap(), 3);
    assert_eq!(all(&store), first);
    assert_eq!(store.get("art-10").unwrap(), None);
    assert_eq!(rows(&db, "sentences"), 6);
    // The store is still usable after the failed batch.
    assert_eq!(store.insert_batch(&[rich(10)]).unwrap().added, 1);
}

#[test]
fn an_unstorable_offset_fails_the_whole_batch() {
    let mut store = Store::open_in_memory().unwrap();
    store.insert_batch(&[rich(1)]).unwrap();
    let mut bad = rich(3);
    bad.mentions[1].end = usize::MAX;
    let err = store.insert_batch(&[rich(2), bad, rich(4)]).unwrap_err();
    assert!(
        matches!(err, StoreError::OutOfRange { ref id, .. } if id == "art-3"),
        "{err}"
    );
    assert!(err.to_string().starts_with(":memory:"), "{err}");
    assert_eq!(all(&store), vec![rich(1)]);
}

#[test]
fn reopening_keeps_data_and_schema_version() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rasad.db");
    Store::open(&db).unwrap().insert_batch(&[rich(1)]).unwrap();
    let store = Store::open(&db).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.count().unwrap(), 1);
    drop(store);

    let conn = Connection::open(&db).unwrap();
    let version: u32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    let app: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    let fks: i64 = conn
        .query_row(
            "SELECT count(*) FROM pragma_foreign_key_list('mentions')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    assert_eq!(app, APPLICATION_ID);
    assert_eq!(fks, 1);
}

#[test]
fn a_store_from_a_newer_rasad_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rasad.db");
    Store::open(&db).unwrap().insert_batch(&[rich(1)]).unwrap();
    let future = i64::from(SCHEMA_VERSION) + 1;
    Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", future)
        .unwrap();
    let before = std::fs::read(&db).unwrap();

    let err = Store::open(&db).unwrap_err();
    assert!(
        matches!(err, StoreError::NewerSchema { found, .. } if found == future),
        "{err}"
    );
    let msg = err.to_string();
    assert!(msg.contains(&db.display().to_string()), "{msg}");
    assert!(msg.contains(&future.to_string()), "{msg}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn a_non_sqlite_file_is_refused_and_left_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("notes.db");
    let content = "هذا ملف نصي وليس قاعدة بيانات\nline two\n".repeat(50);
    std::fs::write(&db, &content).unwrap();

    let err = Store::open(&db).unwrap_err();
    assert!(matches!(err, StoreError::NotSqlite { .. }), "{err}");
    assert!(err.to_string().contains("notes.db"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), content.as_bytes());
    // Nothing was created next to it either.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("notes.db")]);
}

#[test]
fn a_short_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("short.db");
    std::fs::write(&db, b"SQLite").unwrap();
    assert!(matches!(
        Store::open(&db).unwrap_err(),
        StoreError::NotSqlite { .. }
    ));
    assert_eq!(std::fs::read(&db).unwrap(), b"SQLite");
}

#[test]
fn a_corrupt_database_is_refused_without_panic_and_left_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rasad.db");
    Store::open(&db).unwrap().insert_batch(&[rich(1)]).unwrap();
    // Fold the WAL into the main file, then scramble everything after the
    // 100-byte header.
    Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
        .unwrap();
    let mut bytes = std::fs::read(&db).unwrap();
    for (i, b) in bytes.iter_mut().enumerate().skip(100) {
        *b = (i * 31 % 251) as u8;
    }
    std::fs::write(&db, &bytes).unwrap();

    let err = Store::open(&db).unwrap_err();
    let msg = err.to_string();
    eprintln!("corrupt store: {msg}");
    assert!(msg.contains(&db.display().to_string()), "{msg}");
    assert!(
        matches!(
            err,
            StoreError::Corrupt { .. } | StoreError::NotSqlite { .. }
        ),
        "{err:?}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), bytes);
}

#[test]
fn another_programs_sqlite_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("other.sqlite");
    Connection::open(&db)
        .unwrap()
        .execute_batch("CREATE TABLE bookmarks (url TEXT); INSERT INTO bookmarks VALUES ('x');")
        .unwrap();
    let before = std::fs::read(&db).unwrap();
    let err = Store::open(&db).unwrap_err();
    assert!(matches!(err, StoreError::Foreign { found: 0, .. }), "{err}");
    assert!(err.to_string().contains("other.sqlite"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn an_empty_file_becomes_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("touched.db");
    std::fs::write(&db, b"").unwrap();
    let mut store = Store::open(&db).unwrap();
    assert_eq!(store.insert_batch(&[rich(1)]).unwrap().added, 1);
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn an_unopenable_path_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("no-such-dir").join("rasad.db");
    let err = Store::open(&db).unwrap_err();
    assert!(err.to_string().contains("no-such-dir"), "{err}");
    // A directory is not a store either.
    let err = Store::open(dir.path()).unwrap_err();
    assert!(
        err.to_string().contains(&dir.path().display().to_string()),
        "{err}"
    );
}

#[test]
fn streaming_crosses_page_boundaries_in_order() {
    let mut store = Store::open_in_memory().unwrap();
    let docs: Vec<Document> = (0..300).map(rich).collect();
    // Several batches, with a replacement in the middle of the range.
    store.insert_batch(&docs[..100]).unwrap();
    store.insert_batch(&docs[100..]).unwrap();
    let mut changed = doc(&docs[50].id, docs[50].path.as_deref(), "تحديث");
    changed.mentions = docs[50].mentions.clone();
    store.insert_batch(std::slice::from_ref(&changed)).unwrap();

    let mut expected: Vec<Document> = docs.clone();
    expected.remove(50);
    expected.push(changed);
    let got = all(&store);
    assert_eq!(got.len(), 300);
    assert_eq!(got, expected);
}

#[test]
fn wal_reader_sees_committed_state_while_a_writer_holds_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rasad.db");
    let mut writer = Store::open(&db).unwrap();
    writer
        .insert_batch(&(0..200).map(rich).collect::<Vec<_>>())
        .unwrap();
    let mode: String = Connection::open(&db)
        .unwrap()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode.to_lowercase(), "wal");

    let reader = Store::open(&db).unwrap();
    let mut it = reader.documents();
    let first = it.next().unwrap().unwrap();
    assert_eq!(first.id, "art-0");

    // A write commits while the reader is mid-stream: the stream ends where
    // the store ended when it began.
    writer
        .insert_batch(&(200..260).map(rich).collect::<Vec<_>>())
        .unwrap();
    let rest: Vec<Document> = it.collect::<Result<_, _>>().unwrap();
    assert_eq!(rest.len(), 199);
    assert_eq!(rest.last().unwrap().id, "art-199");

    // An uncommitted write does not block or leak into reads.
    let raw = Connection::open(&db).unwrap();
    raw.execute_batch("BEGIN IMMEDIATE; DELETE FROM documents;")
        .unwrap();
    assert_eq!(reader.count().unwrap(), 260);
    raw.execute_batch("ROLLBACK").unwrap();
    assert_eq!(reader.count().unwrap(), 260);
}

#[test]
fn update_derived_replaces_the_analysis_only() {
    let mut store = Store::open_in_memory().unwrap();
    let original = rich(1);
    store.insert_batch(std::slice::from_ref(&original)).unwrap();

    let mut reanalysed = original.clone();
    reanalysed.mentions.truncate(1);
    reanalysed.sentences = vec![rasad_doc::Span::new(0, 3)];
    reanalysed.warnings.clear();
    reanalysed.events.clear();
    // Metadata is not the analysis: it must not change.
    reanalysed.title = Some("عنوان آخر".to_string());
    let stranger = doc("stranger", None, "غير مخزن");

    let report = store
        .update_derived(&[reanalysed.clone(), stranger])
        .unwrap();
    assert_eq!(
        report,
        UpdateReport {
            updated: 1,
            missing: 1
        }
    );
    let back = store.get(&original.id).unwrap().unwrap();
    assert_eq!(back.title, original.title);
    assert_eq!(back.mentions, reanalysed.mentions);
    assert_eq!(back.sentences, reanalysed.sentences);
    assert!(back.warnings.is_empty());
    assert!(back.events.is_empty());
    assert_eq!(back.claims, original.claims);
    assert_eq!(store.count().unwrap(), 1);
}

#[test]
fn an_invalid_stored_row_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rasad.db");
    let mut store = Store::open(&db).unwrap();
    store.insert_batch(&[rich(1), rich(2)]).unwrap();
    let conn = Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE sentences SET char_start = -4 WHERE doc = 2 AND seq = 0",
        [],
    )
    .unwrap();
    let results: Vec<_> = store.documents().collect();
    assert_eq!(results.len(), 1, "the stream stops at the error");
    let err = results.into_iter().next().unwrap().unwrap_err();
    assert!(
        matches!(err, StoreError::InvalidRow { key: 2, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("-4"), "{err}");

    conn.execute("UPDATE sentences SET char_start = 0", [])
        .unwrap();
    conn.execute(
        "UPDATE derived SET kind = 'mystery' WHERE doc = 1 AND kind = 'claim'",
        [],
    )
    .unwrap();
    let err = store.get("art-1").unwrap_err();
    assert!(err.to_string().contains("mystery"), "{err}");
    assert!(store.get("art-2").unwrap().is_some());
}

#[test]
fn lookups_by_source_and_by_actor_use_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rasad.db");
    Store::open(&db).unwrap();
    let conn = Connection::open(&db).unwrap();
    let plan = |sql: &str| -> String {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows = stmt.query_map([], |r| r.get::<_, String>(3)).unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("; ")
    };
    // The statement insert_batch runs to replace an older version.
    let replace =
        plan("DELETE FROM documents WHERE id = 'x' AND IFNULL(path, '') = IFNULL(NULL, '')");
    assert!(replace.contains("documents_by_source"), "{replace}");
    // What the graph stage will ask.
    let by_actor = plan("SELECT doc, seq FROM mentions WHERE actor = 'FRA'");
    assert!(by_actor.contains("mentions_by_actor"), "{by_actor}");
}

#[test]
fn throughput_of_a_file_store() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rasad.db");
    let mut store = Store::open(&db).unwrap();
    let docs: Vec<Document> = (0..2000).map(rich).collect();
    let t = std::time::Instant::now();
    for batch in docs.chunks(500) {
        assert_eq!(store.insert_batch(batch).unwrap().added, batch.len());
    }
    let write = t.elapsed();
    let t = std::time::Instant::now();
    let back = all(&store);
    let read = t.elapsed();
    let t = std::time::Instant::now();
    assert_eq!(store.insert_batch(&docs).unwrap().skipped_duplicates, 2000);
    let dedup = t.elapsed();
    assert_eq!(back, docs);
    eprintln!(
        "2000 documents (3 mentions, 2 sentences each): insert {write:?}, read back {read:?}, re-ingest {dedup:?}; db + wal {} KiB",
        (std::fs::metadata(&db).unwrap().len()
            + std::fs::metadata(dir.path().join("rasad.db-wal")).map_or(0, |m| m.len()))
            / 1024
    );
}

/// Real article text, read at run time from the shared seeds (never copied
/// into the repository), must come back byte-identical.
#[test]
fn shared_seed_bodies_round_trip() {
    let dir = Path::new("/work/shared/seeds");
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("skipping: {} is absent", dir.display());
        return;
    };
    let mut docs = Vec::new();
    for entry in entries {
        let path = entry.unwrap().path();
        let Ok(body) = std::fs::read_to_string(&path) else {
            continue;
        };
        let id = path.file_stem().unwrap().to_string_lossy().into_owned();
        let mut d = doc(&id, path.to_str(), &body);
        let n = body.chars().count();
        d.sentences = vec![
            rasad_doc::Span::new(0, n / 2),
            rasad_doc::Span::new(n / 2, n),
        ];
        docs.push(d);
    }
    if docs.is_empty() {
        eprintln!("skipping: no readable seeds in {}", dir.display());
        return;
    }
    let mut store = Store::open_in_memory().unwrap();
    store.insert_batch(&docs).unwrap();
    assert_eq!(all(&store), docs);
}

#[test]
fn collection_views_round_trip_and_replace() {
    use rasad_doc::{Balance, Collection, Relation};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("views.db");
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.load_views().unwrap(), Collection::default());
    let relation = |a: &str, b: &str, sign: i8| Relation {
        a: a.to_string(),
        b: b.to_string(),
        sign,
        weight: 2.5,
        events: 3,
        first: Some("2016-01-02".to_string()),
        last: None,
    };
    let mut c = Collection {
        relations: vec![relation("EGY", "JOR", 1)],
        balance: Balance {
            triads: 4,
            unbalanced: 1,
            frustration: 0.25,
        },
        ..Collection::default()
    };
    store.save_views(&c).unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.load_views().unwrap(), c);
    drop(store);
    let mut store = Store::open(&path).unwrap();
    c.relations = vec![relation("IRQ", "TUR", -1)];
    store.save_views(&c).unwrap();
    let loaded = store.load_views().unwrap();
    assert_eq!(
        loaded.relations.len(),
        1,
        "a view is replaced, not appended"
    );
    assert_eq!(loaded.relations[0].a, "IRQ");
}
