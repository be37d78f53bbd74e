//! Errors of the store. Every message starts with the database path, so a
//! user running several stores knows which file to look at.

use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

/// Everything that can go wrong opening, writing or reading a store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("{}: cannot read the store file: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: cannot open the store: {source}", path.display())]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "{}: not a SQLite database; refusing to use it as a rasad store (the file was left untouched)",
        path.display()
    )]
    NotSqlite { path: PathBuf },
    #[error(
        "{}: the SQLite database is corrupt ({source}); the file was left untouched",
        path.display()
    )]
    Corrupt {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "{}: a SQLite database that is not a rasad store (application_id {found:#x}, tables present); refusing to modify it",
        path.display()
    )]
    Foreign { path: PathBuf, found: i32 },
    #[error(
        "{}: store schema version {found} is newer than this rasad supports (up to {supported}); use a newer rasad or another database",
        path.display()
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: u32,
    },
    #[error(
        "{}: migration {version} ({name}) failed, nothing was changed (store stays at version {from}): {source}",
        path.display()
    )]
    Migration {
        path: PathBuf,
        version: u32,
        name: &'static str,
        from: i64,
        source: rusqlite::Error,
    },
    #[error(
        "{}: document {id:?}: {what} = {value} does not fit in a SQLite integer",
        path.display()
    )]
    OutOfRange {
        path: PathBuf,
        id: String,
        what: &'static str,
        value: usize,
    },
    #[error("{}: document {id:?}: cannot encode {what} as JSON: {source}", path.display())]
    Encode {
        path: PathBuf,
        id: String,
        what: &'static str,
        source: serde_json::Error,
    },
    #[error("{}: stored document #{key} is invalid: {what}", path.display())]
    InvalidRow {
        path: PathBuf,
        key: i64,
        what: String,
    },
    #[error("{}: collection view {kind}: {message}", path.display())]
    View {
        path: PathBuf,
        kind: String,
        message: String,
    },
    #[error("{}: {context}: {source}", path.display())]
    Sqlite {
        path: PathBuf,
        context: String,
        source: rusqlite::Error,
    },
}

impl StoreError {
    /// Classify a SQLite error met while doing `context` on the store at `path`.
    pub(crate) fn sqlite(path: &Path, context: String, source: rusqlite::Error) -> StoreError {
        let path = path.to_path_buf();
        match source.sqlite_error_code() {
            Some(ErrorCode::NotADatabase) => StoreError::NotSqlite { path },
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt { path, source },
            _ => StoreError::Sqlite {
                path,
                context,
                source,
            },
        }
    }
}

/// Attach the store path and what was being done to a SQLite error.
pub(crate) trait Context<T> {
    /// With a fixed description of the operation.
    fn at(self, path: &Path, context: &str) -> Result<T, StoreError>;
    /// With a description built only when there is an error.
    fn with(self, path: &Path, context: impl FnOnce() -> String) -> Result<T, StoreError>;
}

impl<T> Context<T> for rusqlite::Result<T> {
    fn at(self, path: &Path, context: &str) -> Result<T, StoreError> {
        self.map_err(|e| StoreError::sqlite(path, context.to_string(), e))
    }

    fn with(self, path: &Path, context: impl FnOnce() -> String) -> Result<T, StoreError> {
        self.map_err(|e| StoreError::sqlite(path, context(), e))
    }
}
