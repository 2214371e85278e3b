// The SQLite schema, one entry per version. Forward only: a released entry is never edited;
// a change is a new entry. PostgreSQL's schema (pgSchema.ts) has the same tables and columns.
export const sqliteMigrations: ReadonlyArray<{ readonly version: number; readonly sql: string }> = [
  {
    version: 1,
    sql: `
CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  inquiry TEXT NOT NULL,
  key_hash TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  body TEXT NOT NULL,
  UNIQUE (inquiry, key_hash)
);
CREATE INDEX events_by_instant ON events (at_ms);
CREATE TABLE items (
  inquiry TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX items_by_state ON items (state, inquiry);
CREATE TABLE schedules (
  version INTEGER PRIMARY KEY,
  body TEXT NOT NULL
);
CREATE TABLE cursors (
  source TEXT PRIMARY KEY,
  cursor TEXT NOT NULL
);
CREATE TABLE pending (
  qseq INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  queued_at INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE INDEX pending_by_age ON pending (queued_at, qseq);
CREATE TABLE receipts (
  rseq INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  body TEXT NOT NULL
);
CREATE TABLE leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE TABLE snapshots (
  name TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  body TEXT NOT NULL
);
`
  }
]
