-- rasad store, schema version 1.
--
-- Offsets are Unicode scalar (char) offsets into documents.body, as in the
-- JSON contract. Every table derived from a document hangs off
-- documents(doc) with ON DELETE CASCADE, so deleting or replacing a document
-- removes everything computed from it in the same statement.

CREATE TABLE documents (
    -- Internal key; AUTOINCREMENT so keys are never reused and key order is
    -- insertion order, even after the newest document is replaced.
    doc          INTEGER PRIMARY KEY AUTOINCREMENT,
    id           TEXT NOT NULL,
    path         TEXT,
    url          TEXT,
    title        TEXT,
    author       TEXT,
    agency       TEXT,
    source_name  TEXT,
    published    TEXT,
    language     TEXT,
    content_hash TEXT NOT NULL UNIQUE,
    body         TEXT NOT NULL,
    ingested_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- One live version per (id, source path): re-ingesting changed content from
-- the same place replaces the old version. NULL paths compare equal here.
CREATE UNIQUE INDEX documents_by_source ON documents (id, IFNULL(path, ''));

CREATE TABLE sentences (
    doc        INTEGER NOT NULL REFERENCES documents (doc) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    char_start INTEGER NOT NULL,
    char_end   INTEGER NOT NULL,
    PRIMARY KEY (doc, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE warnings (
    doc     INTEGER NOT NULL REFERENCES documents (doc) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    source  TEXT NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (doc, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE mentions (
    doc        INTEGER NOT NULL REFERENCES documents (doc) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    text       TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    char_end   INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    actor      TEXT,
    agent      TEXT,
    person     TEXT,
    PRIMARY KEY (doc, seq)
) STRICT, WITHOUT ROWID;

-- The graph stage asks "where is actor X mentioned": answer from an index.
CREATE INDEX mentions_by_actor ON mentions (actor, doc) WHERE actor IS NOT NULL;
CREATE INDEX mentions_by_person ON mentions (person, doc) WHERE person IS NOT NULL;

-- Alternative readings of an ambiguous mention, in their original order.
CREATE TABLE mention_readings (
    doc     INTEGER NOT NULL,
    mention INTEGER NOT NULL,
    seq     INTEGER NOT NULL,
    kind    TEXT NOT NULL,
    actor   TEXT,
    agent   TEXT,
    PRIMARY KEY (doc, mention, seq),
    FOREIGN KEY (doc, mention) REFERENCES mentions (doc, seq) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- Records of later stages (kind = 'event', 'claim' or 'quote'), stored as the
-- JSON of their contract record so the schema does not change each time a
-- stage grows a field. A stage that needs to query inside its records adds
-- its own normalised table in a later migration.
CREATE TABLE derived (
    doc  INTEGER NOT NULL REFERENCES documents (doc) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    seq  INTEGER NOT NULL,
    json TEXT NOT NULL CHECK (json_valid(json)),
    PRIMARY KEY (doc, kind, seq)
) STRICT, WITHOUT ROWID;
