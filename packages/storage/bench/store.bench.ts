// The store's write and mining speed, side by side with the raw drivers, as ratios.
//   1. SQLite: Store.append of N events vs better-sqlite3 writing the same rows into the
//      same table in one prepared-statement transaction.
//   2. PostgreSQL: Store.append of N events vs the same driver's multi-row INSERT (5,000 rows
//      a statement, one transaction) into the same table.
//   3. Metrics over the N events stored in SQLite, streamed one inquiry at a time
//      (Metrics.computeStream over Store.items and Store.events) in a fresh process, vs
//      Metrics.compute over the same events in memory: time ratio and peak RSS growth.
// N is BENCH_EVENTS (default 1,000,000). PostgreSQL: a private server (as in the tests) or DATABASE_URL.
import { PgClient } from "@effect/sql-pg"
import { Store, type Tracker, Types } from "@sre-uxdd/core"
import { Postgres, Sqlite } from "@sre-uxdd/storage"
import Database from "better-sqlite3"
import { Effect, Redacted } from "effect"
import { SqlClient } from "effect/sql"
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { pgMigrations } from "../src/internal/pgSchema.js"
import { sqliteMigrations } from "../src/internal/sqliteSchema.js"
import { findPostgres } from "../test/support/postgres.js"
import { history, inquiriesOf } from "./support.js"

const N = Number(process.env.BENCH_EVENTS ?? 1_000_000)
const here = dirname(fileURLToPath(import.meta.url))
const dir = mkdtempSync(join(tmpdir(), "sre-bench-"))
const seconds = (ms: number) => (ms / 1000).toFixed(2)
const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString("en-US")
const time = async <A>(f: () => Promise<A> | A): Promise<readonly [A, number]> => {
  const t = performance.now()
  const a = await f()
  return [a, performance.now() - t]
}
const withStore = <A>(f: (s: Store.Store["Service"]) => Effect.Effect<A, Store.StoreError>) =>
  Effect.gen(function*() {
    return yield* f(yield* Store.Store)
  })

console.log(`events: ${N.toLocaleString("en-US")} (${inquiriesOf(N).toLocaleString("en-US")} inquiries), node ${process.version}`)
const events = history(N)

// 1. SQLite
const sqliteFile = join(dir, "store.db")
const [, oursSqlite] = await time(() => Effect.runPromise(Effect.provide(withStore((s) => s.append(events)), Sqlite.layer({ file: sqliteFile }))))
const [, rawSqlite] = await time(() => {
  const db = new Database(join(dir, "raw.db"))
  db.pragma("journal_mode = WAL")
  db.pragma("synchronous = NORMAL")
  db.exec((sqliteMigrations[0] as { sql: string }).sql)
  const insert = db.prepare("INSERT INTO events (inquiry, key_hash, at_ms, body) VALUES (?, ?, ?, ?)")
  db.transaction(() => {
    for (const e of events) insert.run(e.inquiry, e.id ?? "", Date.parse(e.at), JSON.stringify(e))
  }).immediate()
  db.close()
})
console.log(
  `SQLite append: store ${seconds(oursSqlite)} s (${perSecond(N, oursSqlite)}/s), raw better-sqlite3 ${seconds(rawSqlite)} s (${
    perSecond(N, rawSqlite)
  }/s): ratio ${(rawSqlite / oursSqlite).toFixed(2)} (goal >= 0.5)`
)

// 3. Metrics (before PostgreSQL, so the SQLite file is ready): items for the streamed run, then the in-memory baseline.
const items: ReadonlyArray<Tracker.Item> = [...new Set(events.map((e) => e.inquiry))].map((inquiry) => ({
  inquiry: Types.InquiryId.make(inquiry),
  source: "bench",
  title: inquiry,
  state: "closed",
  labels: [],
  assignees: [],
  updatedAt: 0
}))
await Effect.runPromise(Effect.provide(withStore((s) => s.putItems(items)), Sqlite.layer({ file: sqliteFile })))
const child = (mode: string) => {
  const r = spawnSync(process.execPath, [
    "--expose-gc",
    "--conditions=@sre-uxdd/source",
    "--import",
    "tsx",
    join(here, "metrics-child.ts"),
    mode,
    sqliteFile,
    String(N)
  ], { encoding: "utf8", maxBuffer: 1 << 24 })
  if (r.status !== 0) throw new Error(`metrics child ${mode} failed: ${r.stderr}`)
  return JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as {
    ms: number
    rssGrowthMB: number
    retainedMB: number
    inquiries: number
    attainment: number | undefined
  }
}
const streamed = child("stream")
const memory = child("memory")
console.log(
  `Metrics over the stored events, streamed per inquiry from SQLite: ${seconds(streamed.ms)} s, peak RSS growth ${
    streamed.rssGrowthMB.toFixed(1)
  } MB (goal < 100 MB), heap retained after it ${streamed.retainedMB.toFixed(1)} MB; ` +
    `Metrics.compute in memory: ${seconds(memory.ms)} s (peak RSS growth ${memory.rssGrowthMB.toFixed(1)} MB with the events held); ` +
    `time ratio streamed/in-memory ${(streamed.ms / memory.ms).toFixed(2)}; same report: ${
      streamed.inquiries === memory.inquiries && streamed.attainment === memory.attainment
    }`
)

// 2. PostgreSQL
const pg = await findPostgres()
if (pg === undefined) console.log("PostgreSQL append: skipped (no server)")
else {
  try {
    const [, oursPg] = await time(() =>
      Effect.runPromise(Effect.provide(withStore((s) => s.append(events)), Postgres.layer({ url: pg.url, schema: "bench_store" })))
    )
    const rawPg = await Effect.runPromise(
      Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        yield* sql.unsafe("CREATE SCHEMA IF NOT EXISTS bench_raw")
        for (const statement of (pgMigrations[0] as { sql: (s: string) => ReadonlyArray<string> }).sql("bench_raw").slice(0, 2)) yield* sql.unsafe(statement)
        const rows = 5_000
        const t = performance.now()
        yield* sql.withTransaction(Effect.gen(function*() {
          for (let i = 0; i < events.length; i += rows) {
            const slice = events.slice(i, i + rows)
            const params: Array<unknown> = []
            const values = slice.map((e, k) => {
              params.push(i + k + 1, e.inquiry, e.id ?? "", Date.parse(e.at), JSON.stringify(e))
              const b = k * 5
              return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5})`
            })
            yield* sql.unsafe(`INSERT INTO bench_raw.events (seq, inquiry, key_hash, at_ms, body) VALUES ${values.join(", ")}`, params)
          }
        }))
        return performance.now() - t
      }).pipe(Effect.provide(PgClient.layer({ url: Redacted.make(pg.url) })))
    )
    console.log(
      `PostgreSQL append: store ${seconds(oursPg)} s (${perSecond(N, oursPg)}/s), raw multi-row INSERT ${seconds(rawPg)} s (${perSecond(N, rawPg)}/s): ratio ${
        (rawPg / oursPg).toFixed(2)
      } (goal >= 0.5)`
    )
  } finally {
    pg.stop()
  }
}
rmSync(dir, { recursive: true, force: true })
process.exit(0)
