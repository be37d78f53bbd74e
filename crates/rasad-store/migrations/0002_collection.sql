-- Collection-level views (stories, fused events, disputes, relations,
-- triads, balance), kept up to date as documents arrive. Each view is the
-- JSON of its contract type; a view is replaced as a whole.
CREATE TABLE collection_views (
    kind TEXT PRIMARY KEY NOT NULL,
    json TEXT NOT NULL,
    documents INTEGER NOT NULL,
    updated_at TEXT NOT NULL
) STRICT, WITHOUT ROWID;
