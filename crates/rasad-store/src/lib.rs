//! The embedded store of rasad: documents, and everything later stages
//! derive from them, in one SQLite file (`rasad.db` by default).
//!
//! `rasad ingest` writes with [`Store::insert_batch`]; `rasad export` reads
//! back with [`Store::documents`], which rebuilds every
//! [`rasad_doc::Document`] exactly as it was inserted (metadata, body,
//! sentences, warnings, mentions with their alternative readings, events,
//! claims, quotes), in insertion order.
//!
//! # Identity and revisions
//!
//! * A document's identity is its `content_hash` (SHA-256 of the raw input
//!   bytes). Inserting content that is already stored is a no-op counted in
//!   [`BatchReport::skipped_duplicates`], so re-ingesting a directory adds
//!   nothing.
//! * The store keeps **one live version per (`id`, `path`)**: new content
//!   arriving with the same id from the same source path *replaces* the old
//!   version. The old `documents` row and all its derived rows are deleted
//!   (ON DELETE CASCADE) and the new version is appended, so it sorts as the
//!   newest ingest. Counted in [`BatchReport::replaced`].
//! * The same id from a different path is a different article (ids fall back
//!   to file stems, which collide across directories): both are kept, and
//!   [`Store::get`] returns the most recently ingested.
//!
//! # Invariants
//!
//! * One transaction per batch: a batch is stored entirely or not at all.
//! * Offsets are stored as given (char offsets into `body`); the store does
//!   not validate or recompute any analysis, it round-trips it.
//! * It never writes to a file that is not an empty file, a new file or a
//!   rasad store: a non-SQLite file, a corrupt database, another program's
//!   SQLite database or a store from a newer rasad is refused with an error
//!   naming the path, and left byte-identical.
//! * The schema changes only through numbered migrations under
//!   `migrations/`, applied in one transaction; `PRAGMA user_version` holds
//!   the version reached.
//! * Stage records (events, claims, quotes) are stored as the JSON of their
//!   contract type, so a stage growing fields needs no migration; mentions
//!   are normalised (indexed by actor and person) for the graph stage.

mod error;
mod migrate;
mod read;
mod write;

use std::fs::File;
use std::io::Read;
use std::iter::FusedIterator;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rasad_doc::{Collection, Document};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::error::Context;
pub use crate::error::StoreError;
pub use crate::migrate::{APPLICATION_ID, SCHEMA_VERSION};

/// How long a writer waits for another process's lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Documents read per query page by [`Store::documents`]: bounds memory
/// while streaming a large store.
const PAGE: usize = 128;

/// What [`Store::insert_batch`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchReport {
    /// Documents written (including replacements).
    pub added: usize,
    /// Documents whose `content_hash` was already stored: not written.
    pub skipped_duplicates: usize,
    /// Of `added`, those that replaced an older version with the same
    /// (`id`, `path`).
    pub replaced: usize,
}

/// What [`Store::update_derived`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpdateReport {
    /// Stored documents whose derived rows were replaced.
    pub updated: usize,
    /// Documents whose `content_hash` is not in the store: ignored.
    pub missing: usize,
}

/// An open rasad store.
pub struct Store {
    conn: Connection,
    /// For error messages; `:memory:` for an in-memory store.
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Open the store at `path`, creating the file if it does not exist and
    /// migrating its schema to [`SCHEMA_VERSION`].
    ///
    /// Refuses, without writing anything, a file that is not SQLite, a
    /// corrupt database, a SQLite database of another program, and a store
    /// written by a newer rasad.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        check_header(path)?;
        // No SQLITE_OPEN_URI: a path is a path, never `file:...?mode=...`.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Store::init(conn, path.to_path_buf(), true)
    }

    /// A private store that lives as long as the value (for tests and for
    /// one-shot `analyze` runs).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Open {
            path: path.clone(),
            source,
        })?;
        Store::init(conn, path, false)
    }

    fn init(conn: Connection, path: PathBuf, on_disk: bool) -> Result<Store, StoreError> {
        let mut store = Store { conn, path };
        let (conn, path) = (&mut store.conn, store.path.as_path());
        conn.busy_timeout(BUSY_TIMEOUT)
            .at(path, "setting the busy timeout")?;
        // Everything up to here only read the file.
        migrate::check(conn, path)?;
        if on_disk {
            // WAL: readers (`export`) do not block the writer (`ingest`).
            // Where WAL is unavailable SQLite keeps its rollback journal,
            // which is slower under contention but equally safe.
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
                .at(path, "enabling write-ahead logging")?;
            // Safe with WAL: a power loss may drop the last commits, never
            // corrupt the file.
            conn.pragma_update(None, "synchronous", "NORMAL")
                .at(path, "setting synchronous mode")?;
        }
        conn.pragma_update(None, "foreign_keys", true)
            .at(path, "enabling foreign keys")?;
        migrate::run(conn, path)?;
        Ok(store)
    }

    /// The path this store was opened from (`:memory:` when in memory).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .at(&self.path, "reading the schema version")
    }

    /// Store `docs` in one transaction: all of them or, on error, none (what
    /// was stored before is left intact).
    ///
    /// Content already stored (same `content_hash`, also within the batch)
    /// is skipped; new content under a stored (`id`, `path`) replaces the old
    /// version and everything derived from it.
    pub fn insert_batch(&mut self, docs: &[Document]) -> Result<BatchReport, StoreError> {
        let path = self.path.as_path();
        // IMMEDIATE: take the write lock now (waiting up to the busy
        // timeout) rather than fail when a read would later upgrade.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(path, "starting a batch")?;
        let mut report = BatchReport::default();
        for doc in docs {
            match write::insert_document(&tx, path, doc)? {
                write::Outcome::Duplicate => report.skipped_duplicates += 1,
                write::Outcome::Added { replaced } => {
                    report.added += 1;
                    report.replaced += usize::from(replaced);
                }
            }
        }
        tx.commit().at(path, "committing a batch")?;
        Ok(report)
    }

    /// Replaces the collection-level views (stories, fused events, disputes,
    /// relations, triads, balance) in one transaction, recording how many
    /// documents they were computed from.
    pub fn save_views(&mut self, collection: &Collection) -> Result<(), StoreError> {
        let path = self.path.as_path();
        let documents = self.count()?;
        let views: [(&str, serde_json::Result<String>); 6] = [
            ("stories", serde_json::to_string(&collection.stories)),
            ("events", serde_json::to_string(&collection.events)),
            ("disputes", serde_json::to_string(&collection.disputes)),
            ("relations", serde_json::to_string(&collection.relations)),
            ("triads", serde_json::to_string(&collection.triads)),
            ("balance", serde_json::to_string(&collection.balance)),
        ];
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(path, "starting to save the collection views")?;
        for (kind, json) in views {
            let json = json.map_err(|e| StoreError::View {
                path: path.to_path_buf(),
                kind: kind.to_string(),
                message: e.to_string(),
            })?;
            tx.execute(
                "INSERT INTO collection_views (kind, json, documents, updated_at) \
                 VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) \
                 ON CONFLICT(kind) DO UPDATE SET json = excluded.json, \
                 documents = excluded.documents, updated_at = excluded.updated_at",
                rusqlite::params![kind, json, documents as i64],
            )
            .with(path, || format!("saving collection view {kind}"))?;
        }
        tx.commit().at(path, "committing the collection views")?;
        Ok(())
    }

    /// The saved collection-level views, without documents (an empty
    /// collection when none were saved yet).
    pub fn load_views(&self) -> Result<Collection, StoreError> {
        let path = self.path.as_path();
        let mut c = Collection::default();
        let mut stmt = self
            .conn
            .prepare("SELECT kind, json FROM collection_views")
            .at(path, "reading the collection views")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .at(path, "reading the collection views")?;
        for row in rows {
            let (kind, json) = row.at(path, "reading a collection view")?;
            let bad = |e: serde_json::Error| StoreError::View {
                path: path.to_path_buf(),
                kind: kind.clone(),
                message: e.to_string(),
            };
            match kind.as_str() {
                "stories" => c.stories = serde_json::from_str(&json).map_err(bad)?,
                "events" => c.events = serde_json::from_str(&json).map_err(bad)?,
                "disputes" => c.disputes = serde_json::from_str(&json).map_err(bad)?,
                "relations" => c.relations = serde_json::from_str(&json).map_err(bad)?,
                "triads" => c.triads = serde_json::from_str(&json).map_err(bad)?,
                "balance" => c.balance = serde_json::from_str(&json).map_err(bad)?,
                _ => {}
            }
        }
        Ok(c)
    }

    /// Replace what is derived from already-stored documents (sentences,
    /// warnings, mentions, events, claims, quotes) by the analysis carried
    /// in `docs`, matched by `content_hash`; metadata and body are not
    /// touched. One transaction, like [`Store::insert_batch`].
    pub fn update_derived(&mut self, docs: &[Document]) -> Result<UpdateReport, StoreError> {
        let path = self.path.as_path();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(path, "starting an update")?;
        let mut report = UpdateReport::default();
        for doc in docs {
            let key = tx
                .prepare_cached("SELECT doc FROM documents WHERE content_hash = ?1")
                .and_then(|mut s| {
                    s.query_row([&doc.content_hash], |r| r.get::<_, i64>(0))
                        .map(Some)
                        .or_else(|e| match e {
                            rusqlite::Error::QueryReturnedNoRows => Ok(None),
                            e => Err(e),
                        })
                })
                .with(path, || format!("looking up document {:?}", doc.id))?;
            let Some(key) = key else {
                report.missing += 1;
                continue;
            };
            write::delete_derived(&tx, path, key)?;
            write::insert_derived(&tx, path, key, doc)?;
            report.updated += 1;
        }
        tx.commit().at(path, "committing an update")?;
        Ok(report)
    }

    /// Number of stored documents.
    pub fn count(&self) -> Result<u64, StoreError> {
        self.conn
            .query_row("SELECT count(*) FROM documents", [], |r| r.get::<_, i64>(0))
            // count(*) is never negative.
            .map(i64::unsigned_abs)
            .at(&self.path, "counting documents")
    }

    /// The most recently ingested document with this `id`, if any.
    pub fn get(&self, id: &str) -> Result<Option<Document>, StoreError> {
        self.get_where("SELECT max(doc) FROM documents WHERE id = ?1", id)
    }

    /// The document with this `content_hash`, if stored.
    pub fn get_by_hash(&self, content_hash: &str) -> Result<Option<Document>, StoreError> {
        self.get_where(
            "SELECT doc FROM documents WHERE content_hash = ?1",
            content_hash,
        )
    }

    fn get_where(&self, sql: &str, arg: &str) -> Result<Option<Document>, StoreError> {
        let key: Option<i64> = self
            .conn
            .prepare_cached(sql)
            .and_then(|mut s| {
                let mut rows = s.query([arg])?;
                match rows.next()? {
                    Some(row) => row.get(0),
                    None => Ok(None),
                }
            })
            .with(&self.path, || format!("looking up document {arg:?}"))?;
        let Some(key) = key else { return Ok(None) };
        let page = read::load_range(&self.conn, &self.path, key - 1, key, 1)?;
        Ok(page.into_iter().next().map(|(_, doc)| doc))
    }

    /// All documents in insertion order, read a page at a time.
    ///
    /// Each page is read in its own transaction, so a document always comes
    /// with the derived rows of the same version. It is not one snapshot:
    /// documents appended by another process after iteration started are
    /// not included, and one replaced meanwhile is skipped (its new version
    /// sorts after the end).
    pub fn documents(&self) -> Documents<'_> {
        Documents {
            store: self,
            after: 0,
            upto: None,
            page: Vec::new().into_iter(),
            finished: false,
        }
    }

    fn max_key(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("SELECT IFNULL(max(doc), 0) FROM documents", [], |r| {
                r.get(0)
            })
            .at(&self.path, "reading documents")
    }
}

/// Streaming iterator over the stored documents; see [`Store::documents`].
/// After an error it yields nothing more.
pub struct Documents<'a> {
    store: &'a Store,
    /// Key of the last document read.
    after: i64,
    /// Largest key when iteration started.
    upto: Option<i64>,
    page: std::vec::IntoIter<(i64, Document)>,
    finished: bool,
}

impl Documents<'_> {
    fn fill(&mut self) -> Result<(), StoreError> {
        let upto = match self.upto {
            Some(upto) => upto,
            None => *self.upto.insert(self.store.max_key()?),
        };
        let page = read::load_range(&self.store.conn, &self.store.path, self.after, upto, PAGE)?;
        if page.is_empty() {
            self.finished = true;
        }
        self.page = page.into_iter();
        Ok(())
    }
}

impl Iterator for Documents<'_> {
    type Item = Result<Document, StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((key, doc)) = self.page.next() {
                self.after = key;
                return Some(Ok(doc));
            }
            if self.finished {
                return None;
            }
            if let Err(e) = self.fill() {
                self.finished = true;
                return Some(Err(e));
            }
        }
    }
}

impl FusedIterator for Documents<'_> {}

/// Refuse an existing file that is not SQLite before SQLite sees it, so
/// nothing (not even a `-wal` file) is created next to it.
fn check_header(path: &Path) -> Result<(), StoreError> {
    const MAGIC: &[u8; 16] = b"SQLite format 3\0";
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = match File::open(path) {
        Ok(file) => file,
        // SQLite creates it (or reports why it cannot).
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io(e)),
    };
    let mut head = Vec::with_capacity(MAGIC.len());
    file.take(MAGIC.len() as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    // An empty file is an empty database to SQLite (e.g. after `touch`).
    if head.is_empty() || head == MAGIC {
        Ok(())
    } else {
        Err(StoreError::NotSqlite {
            path: path.to_path_buf(),
        })
    }
}
