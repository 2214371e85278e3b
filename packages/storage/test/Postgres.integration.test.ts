import { assert, describe, it } from "@effect/vitest"
import { PgClient } from "@effect/sql-pg"
import { Store, Types } from "@sre-uxdd/core"
import { storeSuite } from "@sre-uxdd/testing"
import { Effect, Layer, Redacted, Stream } from "effect"
import { SqlClient } from "effect/sql"
import { afterAll } from "vitest"
import { Postgres, Sqlite } from "@sre-uxdd/storage"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { behaviours, comment, fill } from "./support/behaviours.js"
import { adminPassword, findPostgres } from "./support/postgres.js"

const pg = await findPostgres()
const withStore = <A, E>(f: (s: Store.Store["Service"]) => Effect.Effect<A, E>) =>
  Effect.gen(function*() {
    return yield* f(yield* Store.Store)
  })
const withSql = <A, E>(f: (s: SqlClient.SqlClient) => Effect.Effect<A, E>) =>
  Effect.gen(function*() {
    return yield* f(yield* SqlClient.SqlClient)
  })
afterAll(() => pg?.stop())
let n = 0

/** Runs raw SQL as the server's superuser. */
const admin = (statements: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    for (const s of statements) yield* sql.unsafe(s)
  }).pipe(Effect.provide(PgClient.layer({ url: Redacted.make(pg?.url ?? ""), maxConnections: 1 })), Effect.orDie)

describe.skipIf(pg === undefined)("Postgres", () => {
  if (pg === undefined) return
  storeSuite(
    "Postgres (a schema per store)",
    Layer.effect(Store.Store, Effect.suspend(() => Postgres.make({ url: pg.url, schema: `suite_${process.pid}_${n++}` })))
  )
  behaviours("Postgres (a schema per store)", () => Postgres.layer({ url: pg.url, schema: `behaviour_${process.pid}_${n++}` }))

  describe("Postgres: one database, a schema per team", () => {
    it.effect("a team's role reads and writes its own schema, and is denied another team's", () =>
      Effect.gen(function*() {
        const id = `${process.pid}_${n++}`
        yield* admin([
          `CREATE ROLE team_a_${id} LOGIN PASSWORD 'a-pass-${id}'`,
          `CREATE ROLE team_b_${id} LOGIN PASSWORD 'b-pass-${id}'`,
          `CREATE SCHEMA team_a_${id} AUTHORIZATION team_a_${id}`,
          `CREATE SCHEMA team_b_${id} AUTHORIZATION team_b_${id}`
        ])
        const a = Postgres.layer({ url: pg.as(`team_a_${id}`, `a-pass-${id}`), schema: `team_a_${id}` })
        const b = Postgres.layer({ url: pg.as(`team_b_${id}`, `b-pass-${id}`), schema: `team_b_${id}` })
        const inquiry = Types.InquiryId.make("support#1")
        yield* Effect.provide(withStore((s) => s.append([comment("support#1", Date.UTC(2026, 0, 5), "a1")])), a)
        const seenByB = yield* Effect.provide(withStore((s) => s.events(inquiry)), b)
        assert.deepStrictEqual(seenByB, [])
        const intruder = yield* Effect.flip(
          Effect.provide(withStore((s) => s.events(inquiry)), Postgres.layer({ url: pg.as(`team_b_${id}`, `b-pass-${id}`), schema: `team_a_${id}` }))
        )
        assert.strictEqual(intruder.reason, "denied")
        assert.include(intruder.message, `team_a_${id}`)
        assert.notInclude(intruder.message, `b-pass-${id}`)
        const own = yield* Effect.provide(withStore((s) => s.events(inquiry)), a)
        assert.strictEqual(own.length, 1)
      }))
  })

  describe("Postgres: moving a team", () => {
    it.effect("SQLite -> PostgreSQL -> SQLite by export and import gives the same export", () =>
      Effect.gen(function*() {
        const dir = mkdtempSync(join(tmpdir(), "sre-move-"))
        const exportOf = withStore((s) => Stream.runCollect(s.exportLines))
        const importInto = (lines: ReadonlyArray<string>) =>
          withStore((s) => Effect.andThen(s.importLines(Stream.fromIterable(lines)), Stream.runCollect(s.exportLines)))
        const first = yield* Effect.provide(Effect.andThen(fill, exportOf), Sqlite.layer({ file: join(dir, "a.db") }))
        const viaPg = yield* Effect.provide(importInto(first), Postgres.layer({ url: pg.url, schema: `moved_${process.pid}_${n++}` }))
        const back = yield* Effect.provide(importInto(viaPg), Sqlite.layer({ file: join(dir, "b.db") }))
        rmSync(dir, { recursive: true, force: true })
        assert.isAbove(first.length, 2_000)
        assert.deepStrictEqual(viaPg, first)
        assert.deepStrictEqual(back, first)
      }))
  })

  describe("Postgres: errors", () => {
    it.effect("an unreachable server is `unavailable` and the message has no password", () =>
      Effect.gen(function*() {
        const e = yield* Effect.flip(
          Effect.provide(withStore(Effect.succeed), Postgres.layer({ url: "postgres://someone:hunter2-secret@127.0.0.1:1/db", connectTimeout: "2 seconds" }))
        )
        assert.strictEqual(e.reason, "unavailable")
        assert.isTrue(e.retryable)
        assert.include(e.message, "postgres://someone:***@127.0.0.1:1/db")
        assert.notInclude(e.message, "hunter2")
      }))

    it.effect.skipIf(!pg.checksPasswords)("wrong credentials are `denied` and the message has no password", () =>
      Effect.gen(function*() {
        const e = yield* Effect.flip(
          Effect.provide(withStore(Effect.succeed), Postgres.layer({ url: pg.as("postgres", "not-the-password-42"), schema: "never_made" }))
        )
        assert.strictEqual(e.reason, "denied")
        assert.match(e.message, /credentials/)
        assert.notInclude(e.message, "not-the-password-42")
        assert.notInclude(e.message, adminPassword)
        const schemas = yield* Effect.provide(
          withSql((sql) => sql.unsafe("SELECT 1 FROM pg_namespace WHERE nspname = 'never_made'")),
          PgClient.layer({ url: Redacted.make(pg.url) })
        ).pipe(Effect.orDie)
        assert.strictEqual(schemas.length, 0)
      }))

    it.effect("a bad schema name is refused before connecting", () =>
      Effect.gen(function*() {
        const e = yield* Effect.flip(Effect.provide(withStore(Effect.succeed), Postgres.layer({ url: pg.url, schema: "Team A; DROP" })))
        assert.strictEqual(e.reason, "invalid-input")
        assert.include(e.message, "Team A; DROP")
      }))
  })

  describe("Postgres: migrations", () => {
    it.effect("a schema written by a newer version is refused naming both versions, and left as it is", () =>
      Effect.gen(function*() {
        const schema = `newer_${process.pid}_${n++}`
        yield* Effect.provide(withStore(Effect.succeed), Postgres.layer({ url: pg.url, schema }))
        yield* admin([`INSERT INTO ${schema}.sre_schema (version, applied_at) VALUES (7, 0)`])
        const e = yield* Effect.flip(Effect.provide(withStore(Effect.succeed), Postgres.layer({ url: pg.url, schema })))
        assert.strictEqual(e.reason, "version-too-new")
        assert.match(e.message, /schema version 7, newer than version 1/)
      }))

    it.effect("stores opened at once on a new schema apply each migration once", () =>
      Effect.gen(function*() {
        const schema = `racing_${process.pid}_${n++}`
        const open = Effect.provide(withStore((s) => s.lastSeq), Postgres.layer({ url: pg.url, schema }))
        const seqs = yield* Effect.all(Array.from({ length: 6 }, () => open), { concurrency: "unbounded" })
        assert.deepStrictEqual(seqs, [0, 0, 0, 0, 0, 0])
        const rows = yield* Effect.provide(
          withSql((sql) => sql.unsafe<{ version: number }>(`SELECT version FROM ${schema}.sre_schema`)),
          PgClient.layer({ url: Redacted.make(pg.url) })
        ).pipe(Effect.orDie)
        assert.deepStrictEqual(rows.map((r) => r.version), [1])
      }))
  })
})
