//! Writing documents and their derived rows, inside a caller's transaction.

use std::path::Path;

use rasad_doc::Document;
use rusqlite::{params, Connection};
use serde::Serialize;

use crate::error::{Context, StoreError};

pub(crate) enum Outcome {
    /// Same content already stored: nothing written.
    Duplicate,
    /// Written; `replaced` when it superseded an older version from the
    /// same (id, path).
    Added { replaced: bool },
}

fn int(path: &Path, doc: &Document, what: &'static str, value: usize) -> Result<i64, StoreError> {
    i64::try_from(value).map_err(|_| StoreError::OutOfRange {
        path: path.to_path_buf(),
        id: doc.id.clone(),
        what,
        value,
    })
}

pub(crate) fn insert_document(
    conn: &Connection,
    path: &Path,
    doc: &Document,
) -> Result<Outcome, StoreError> {
    let ctx = || format!("storing document {:?}", doc.id);
    let exists = conn
        .prepare_cached("SELECT 1 FROM documents WHERE content_hash = ?1")
        .and_then(|mut s| s.exists([&doc.content_hash]))
        .with(path, ctx)?;
    if exists {
        return Ok(Outcome::Duplicate);
    }
    // The old version's derived rows go with it (ON DELETE CASCADE).
    let deleted = conn
        .prepare_cached("DELETE FROM documents WHERE id = ?1 AND IFNULL(path, '') = IFNULL(?2, '')")
        .and_then(|mut s| s.execute(params![doc.id, doc.path]))
        .with(path, ctx)?;
    conn.prepare_cached(
        "INSERT INTO documents (id, path, url, title, author, agency, source_name, \
         published, language, content_hash, body) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )
    .and_then(|mut s| {
        s.execute(params![
            doc.id,
            doc.path,
            doc.url,
            doc.title,
            doc.author,
            doc.agency,
            doc.source_name,
            doc.published,
            doc.language,
            doc.content_hash,
            doc.body,
        ])
    })
    .with(path, ctx)?;
    let key = conn.last_insert_rowid();
    insert_derived(conn, path, key, doc)?;
    Ok(Outcome::Added {
        replaced: deleted > 0,
    })
}

/// Remove every row derived from document `key` (everything but the
/// `documents` row itself).
pub(crate) fn delete_derived(conn: &Connection, path: &Path, key: i64) -> Result<(), StoreError> {
    // mention_readings go with their mentions (ON DELETE CASCADE).
    for table in ["sentences", "warnings", "mentions", "derived"] {
        conn.prepare_cached(&format!("DELETE FROM {table} WHERE doc = ?1"))
            .and_then(|mut s| s.execute([key]))
            .with(path, || {
                format!("clearing {table} of stored document #{key}")
            })?;
    }
    Ok(())
}

/// Write the sentences, warnings, mentions and stage records of `doc` under
/// document `key`, each with its position in the document's list as `seq`.
pub(crate) fn insert_derived(
    conn: &Connection,
    path: &Path,
    key: i64,
    doc: &Document,
) -> Result<(), StoreError> {
    let ctx = || format!("storing the analysis of document {:?}", doc.id);

    let mut stmt = conn
        .prepare_cached(
            "INSERT INTO sentences (doc, seq, char_start, char_end) VALUES (?1, ?2, ?3, ?4)",
        )
        .with(path, ctx)?;
    for (seq, s) in doc.sentences.iter().enumerate() {
        let start = int(path, doc, "sentence start", s.start)?;
        let end = int(path, doc, "sentence end", s.end)?;
        stmt.execute(params![
            key,
            int(path, doc, "sentence index", seq)?,
            start,
            end
        ])
        .with(path, ctx)?;
    }

    let mut stmt = conn
        .prepare_cached("INSERT INTO warnings (doc, seq, source, message) VALUES (?1, ?2, ?3, ?4)")
        .with(path, ctx)?;
    for (seq, w) in doc.warnings.iter().enumerate() {
        let seq = int(path, doc, "warning index", seq)?;
        stmt.execute(params![key, seq, w.source, w.message])
            .with(path, ctx)?;
    }

    let mut mention = conn
        .prepare_cached(
            "INSERT INTO mentions (doc, seq, text, char_start, char_end, kind, actor, agent, person) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .with(path, ctx)?;
    let mut reading = conn
        .prepare_cached(
            "INSERT INTO mention_readings (doc, mention, seq, kind, actor, agent) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .with(path, ctx)?;
    for (seq, m) in doc.mentions.iter().enumerate() {
        let seq = int(path, doc, "mention index", seq)?;
        let start = int(path, doc, "mention start", m.start)?;
        let end = int(path, doc, "mention end", m.end)?;
        mention
            .execute(params![
                key, seq, m.text, start, end, m.kind, m.actor, m.agent, m.person
            ])
            .with(path, ctx)?;
        for (rseq, r) in m.alternatives.iter().enumerate() {
            let rseq = int(path, doc, "reading index", rseq)?;
            reading
                .execute(params![key, seq, rseq, r.kind, r.actor, r.agent])
                .with(path, ctx)?;
        }
    }

    insert_records(conn, path, key, doc, "event", &doc.events)?;
    insert_records(conn, path, key, doc, "claim", &doc.claims)?;
    insert_records(conn, path, key, doc, "quote", &doc.quotes)?;
    Ok(())
}

/// Stage records are stored as the JSON of their contract type, whatever
/// that type becomes, so a stage growing fields needs no migration.
fn insert_records<T: Serialize>(
    conn: &Connection,
    path: &Path,
    key: i64,
    doc: &Document,
    kind: &'static str,
    records: &[T],
) -> Result<(), StoreError> {
    let ctx = || format!("storing the {kind}s of document {:?}", doc.id);
    let mut stmt = conn
        .prepare_cached("INSERT INTO derived (doc, kind, seq, json) VALUES (?1, ?2, ?3, ?4)")
        .with(path, ctx)?;
    for (seq, record) in records.iter().enumerate() {
        let json = serde_json::to_string(record).map_err(|source| StoreError::Encode {
            path: path.to_path_buf(),
            id: doc.id.clone(),
            what: kind,
            source,
        })?;
        let seq = int(path, doc, "record index", seq)?;
        stmt.execute(params![key, kind, seq, json])
            .with(path, ctx)?;
    }
    Ok(())
}
