// The PostgreSQL schema, one entry per version, for the tables of one team's schema `s`
// (quoted). Forward only, and the same tables and columns as sqliteSchema.ts. Text columns
// use the "C" collation so ordering is by code point, as in SQLite; JSON is kept as text so
// an export is byte for byte what was stored.
export const pgMigrations: ReadonlyArray<{ readonly version: number; readonly sql: (s: string) => ReadonlyArray<string> }> = [
  {
    version: 1,
    sql: (s) => [
      `CREATE TABLE ${s}.events (
  seq bigint PRIMARY KEY,
  inquiry text COLLATE "C" NOT NULL,
  key_hash text COLLATE "C" NOT NULL,
  at_ms bigint NOT NULL,
  body text NOT NULL,
  UNIQUE (inquiry, key_hash)
)`,
      `CREATE INDEX events_by_instant ON ${s}.events (at_ms)`,
      `CREATE TABLE ${s}.items (
  inquiry text COLLATE "C" PRIMARY KEY,
  state text NOT NULL,
  body text NOT NULL
)`,
      `CREATE INDEX items_by_state ON ${s}.items (state, inquiry)`,
      `CREATE TABLE ${s}.schedules (
  version bigint PRIMARY KEY,
  body text NOT NULL
)`,
      `CREATE TABLE ${s}.cursors (
  source text COLLATE "C" PRIMARY KEY,
  cursor text NOT NULL
)`,
      `CREATE TABLE ${s}.pending (
  qseq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key text COLLATE "C" NOT NULL UNIQUE,
  queued_at bigint NOT NULL,
  body text NOT NULL
)`,
      `CREATE INDEX pending_by_age ON ${s}.pending (queued_at, qseq)`,
      `CREATE TABLE ${s}.receipts (
  rseq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key text COLLATE "C" NOT NULL UNIQUE,
  body text NOT NULL
)`,
      `CREATE TABLE ${s}.leases (
  name text COLLATE "C" PRIMARY KEY,
  holder text NOT NULL,
  expires_at bigint NOT NULL
)`,
      `CREATE TABLE ${s}.snapshots (
  name text COLLATE "C" PRIMARY KEY,
  seq bigint NOT NULL,
  body text NOT NULL
)`
    ]
  }
]
