//! Schema versioning: numbered SQL files under `migrations/`, embedded in
//! the binary, applied in order inside one transaction; the version reached
//! is recorded in `PRAGMA user_version`.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{Context, StoreError};

/// Marks a SQLite file as a rasad store (`PRAGMA application_id`, "rasd"),
/// so rasad never adds its tables to some other program's database.
pub const APPLICATION_ID: i32 = 0x7261_7364;

pub(crate) struct Migration {
    pub version: u32,
    pub name: &'static str,
    pub sql: &'static str,
}

/// Append only: a released migration is never edited, a change is a new file.
pub(crate) const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_initial.sql",
        sql: include_str!("../migrations/0001_initial.sql"),
    },
    Migration {
        version: 2,
        name: "0002_collection.sql",
        sql: include_str!("../migrations/0002_collection.sql"),
    },
];

/// The schema version this build creates and understands.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

fn user_version(conn: &Connection, path: &Path) -> Result<i64, StoreError> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
        .at(path, "reading the schema version")
}

/// Read-only checks, run before anything may write to the file: it must be
/// an empty database or a rasad store no newer than this build.
pub(crate) fn check(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let app_id: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .at(path, "reading the application id")?;
    let version = user_version(conn, path)?;
    let objects: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .at(path, "reading the schema")?;
    let fresh = app_id == 0 && version == 0 && objects == 0;
    if app_id != APPLICATION_ID && !fresh {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
            found: app_id,
        });
    }
    if version > i64::from(SCHEMA_VERSION) {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Bring the schema up to [`SCHEMA_VERSION`]: all pending migrations in one
/// IMMEDIATE transaction, so a failure leaves the previous version intact and
/// two processes opening a fresh file cannot both migrate it.
pub(crate) fn run(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    if user_version(conn, path)? == i64::from(SCHEMA_VERSION) {
        return Ok(());
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .at(path, "starting the migration")?;
    // Another process may have migrated between the check and the lock.
    let from = user_version(&tx, path)?;
    if from > i64::from(SCHEMA_VERSION) {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: from,
            supported: SCHEMA_VERSION,
        });
    }
    for m in MIGRATIONS.iter().filter(|m| i64::from(m.version) > from) {
        tx.execute_batch(m.sql)
            .map_err(|source| StoreError::Migration {
                path: path.to_path_buf(),
                version: m.version,
                name: m.name,
                from,
                source,
            })?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)
        .at(path, "setting the application id")?;
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)
        .at(path, "setting the schema version")?;
    tx.commit().at(path, "committing the migration")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_numbered_from_one_without_gaps() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version as usize, i + 1, "{}", m.name);
            let prefix = format!("{:04}_", m.version);
            assert!(m.name.starts_with(&prefix), "{} lacks {prefix}", m.name);
            assert!(!m.sql.trim().is_empty(), "{} is empty", m.name);
        }
    }
}
