//! Reading documents back: a page of `documents` rows plus their derived
//! rows, fetched by key range in one read transaction so a page is never a
//! mix of two versions of a document.

use std::collections::HashMap;
use std::path::Path;

use rasad_doc::{Document, Mention, Reading, Span, Warning};
use rusqlite::{params, Connection, Row};

use crate::error::{Context, StoreError};

/// Documents with `after < key <= upto`, at most `limit`, in key order
/// (insertion order), each with its key.
pub(crate) fn load_range(
    conn: &Connection,
    path: &Path,
    after: i64,
    upto: i64,
    limit: usize,
) -> Result<Vec<(i64, Document)>, StoreError> {
    let ctx = "reading documents";
    let tx = conn.unchecked_transaction().at(path, ctx)?;
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    let mut docs: Vec<(i64, Document)> = {
        let mut stmt = tx
            .prepare_cached(
                "SELECT doc, id, path, url, title, author, agency, source_name, published, \
                 language, content_hash, body FROM documents \
                 WHERE doc > ?1 AND doc <= ?2 ORDER BY doc LIMIT ?3",
            )
            .at(path, ctx)?;
        let rows = stmt
            .query_map(params![after, upto, limit], document_row)
            .at(path, ctx)?;
        rows.collect::<rusqlite::Result<_>>().at(path, ctx)?
    };
    let (Some(&(lo, _)), Some(&(hi, _))) = (docs.first(), docs.last()) else {
        return Ok(docs);
    };
    let index: HashMap<i64, usize> = docs.iter().enumerate().map(|(i, (k, _))| (*k, i)).collect();
    let mut page = Page {
        path,
        docs: &mut docs,
        index: &index,
    };

    each_row(
        &tx,
        path,
        "SELECT doc, char_start, char_end FROM sentences \
         WHERE doc BETWEEN ?1 AND ?2 ORDER BY doc, seq",
        lo,
        hi,
        |row| {
            let key = row.get(0)?;
            let start = page.offset(key, row.get(1)?)?;
            let end = page.offset(key, row.get(2)?)?;
            page.doc(key)?.sentences.push(Span { start, end });
            Ok(())
        },
    )?;

    each_row(
        &tx,
        path,
        "SELECT doc, source, message FROM warnings \
         WHERE doc BETWEEN ?1 AND ?2 ORDER BY doc, seq",
        lo,
        hi,
        |row| {
            let warning = Warning {
                source: row.get(1)?,
                message: row.get(2)?,
            };
            page.doc(row.get(0)?)?.warnings.push(warning);
            Ok(())
        },
    )?;

    // Mention `seq` is its index in `Document::mentions`; readings refer to it.
    let mut mention_at: HashMap<(i64, i64), usize> = HashMap::new();
    each_row(
        &tx,
        path,
        "SELECT doc, seq, text, char_start, char_end, kind, actor, agent, person FROM mentions \
         WHERE doc BETWEEN ?1 AND ?2 ORDER BY doc, seq",
        lo,
        hi,
        |row| {
            let key = row.get(0)?;
            let mention = Mention {
                text: row.get(2)?,
                start: page.offset(key, row.get(3)?)?,
                end: page.offset(key, row.get(4)?)?,
                kind: row.get(5)?,
                actor: row.get(6)?,
                agent: row.get(7)?,
                person: row.get(8)?,
                alternatives: Vec::new(),
            };
            let mentions = &mut page.doc(key)?.mentions;
            mention_at.insert((key, row.get(1)?), mentions.len());
            mentions.push(mention);
            Ok(())
        },
    )?;

    each_row(
        &tx,
        path,
        "SELECT doc, mention, kind, actor, agent FROM mention_readings \
         WHERE doc BETWEEN ?1 AND ?2 ORDER BY doc, mention, seq",
        lo,
        hi,
        |row| {
            let key = row.get(0)?;
            let seq: i64 = row.get(1)?;
            let reading = Reading {
                kind: row.get(2)?,
                actor: row.get(3)?,
                agent: row.get(4)?,
            };
            let missing = || invalid(path, key, format!("reading of missing mention {seq}"));
            let at = mention_at.get(&(key, seq)).copied().ok_or_else(missing)?;
            let mention = page.doc(key)?.mentions.get_mut(at).ok_or_else(missing)?;
            mention.alternatives.push(reading);
            Ok(())
        },
    )?;

    each_row(
        &tx,
        path,
        "SELECT doc, kind, json FROM derived \
         WHERE doc BETWEEN ?1 AND ?2 ORDER BY doc, kind, seq",
        lo,
        hi,
        |row| {
            let key = row.get(0)?;
            let kind: String = row.get(1)?;
            let json: String = row.get(2)?;
            let bad = |e: serde_json::Error| invalid(path, key, format!("{kind} record: {e}"));
            let doc = page.doc(key)?;
            match kind.as_str() {
                "event" => doc.events.push(serde_json::from_str(&json).map_err(bad)?),
                "claim" => doc.claims.push(serde_json::from_str(&json).map_err(bad)?),
                "quote" => doc.quotes.push(serde_json::from_str(&json).map_err(bad)?),
                other => {
                    return Err(invalid(path, key, format!("unknown record kind {other:?}")).into())
                }
            }
            Ok(())
        },
    )?;

    // Read-only: ending the transaction cannot lose anything.
    tx.finish().at(path, ctx)?;
    Ok(docs)
}

fn document_row(row: &Row<'_>) -> rusqlite::Result<(i64, Document)> {
    Ok((
        row.get(0)?,
        Document {
            id: row.get(1)?,
            path: row.get(2)?,
            url: row.get(3)?,
            title: row.get(4)?,
            author: row.get(5)?,
            agency: row.get(6)?,
            source_name: row.get(7)?,
            published: row.get(8)?,
            language: row.get(9)?,
            content_hash: row.get(10)?,
            body: row.get(11)?,
            sentences: Vec::new(),
            warnings: Vec::new(),
            mentions: Vec::new(),
            events: Vec::new(),
            claims: Vec::new(),
            quotes: Vec::new(),
        },
    ))
}

/// The documents of one page, addressed by key.
struct Page<'a> {
    path: &'a Path,
    docs: &'a mut Vec<(i64, Document)>,
    index: &'a HashMap<i64, usize>,
}

fn invalid(path: &Path, key: i64, what: String) -> StoreError {
    StoreError::InvalidRow {
        path: path.to_path_buf(),
        key,
        what,
    }
}

impl Page<'_> {
    fn doc(&mut self, key: i64) -> Result<&mut Document, StoreError> {
        match self.index.get(&key).and_then(|&i| self.docs.get_mut(i)) {
            Some((_, doc)) => Ok(doc),
            None => Err(invalid(
                self.path,
                key,
                "derived row without its document".to_string(),
            )),
        }
    }

    fn offset(&self, key: i64, value: i64) -> Result<usize, StoreError> {
        usize::try_from(value)
            .map_err(|_| invalid(self.path, key, format!("offset {value} out of range")))
    }
}

/// Why reading one row failed: SQLite (gets the path and context attached
/// in [`each_row`]) or a store-level problem already described.
enum Fail {
    Sql(rusqlite::Error),
    Store(StoreError),
}

impl From<rusqlite::Error> for Fail {
    fn from(e: rusqlite::Error) -> Fail {
        Fail::Sql(e)
    }
}

impl From<StoreError> for Fail {
    fn from(e: StoreError) -> Fail {
        Fail::Store(e)
    }
}

/// Run `f` on each row of `sql` (parameters: the page's key range).
fn each_row(
    conn: &Connection,
    path: &Path,
    sql: &str,
    lo: i64,
    hi: i64,
    mut f: impl FnMut(&Row<'_>) -> Result<(), Fail>,
) -> Result<(), StoreError> {
    let ctx = "reading derived rows";
    let mut stmt = conn.prepare_cached(sql).at(path, ctx)?;
    let mut rows = stmt.query(params![lo, hi]).at(path, ctx)?;
    while let Some(row) = rows.next().at(path, ctx)? {
        match f(row) {
            Ok(()) => {}
            Err(Fail::Sql(e)) => return Err(StoreError::sqlite(path, ctx.to_string(), e)),
            Err(Fail::Store(e)) => return Err(e),
        }
    }
    Ok(())
}
