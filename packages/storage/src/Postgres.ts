/**
 * The `Store` port on PostgreSQL (`@effect/sql-pg`): the same tables and behaviour as the
 * SQLite store, for an organisation that runs the tool from several places or for many
 * teams. One database serves many teams: each team's tables live in its own schema
 * (`options.schema`), which the database's roles can make unreadable to other teams.
 * Writes are serialised per schema by a transaction-level advisory lock (so sequence
 * numbers follow commit order), leases are taken by row locks (`INSERT … ON CONFLICT … WHERE`).
 *
 * @since 0.1.0
 * @module
 */
import { PgClient } from "@effect/sql-pg"
import { type Action, type Inquiry, Store, type Tracker, type Types } from "@sre-uxdd/core"
import { Duration, Effect, Layer, Option, Redacted, type Scope, Stream } from "effect"
import * as Reactivity from "effect/reactivity/Reactivity"
import type { SqlClient } from "effect/sql"
import { pgMigrations } from "./internal/pgSchema.js"
import * as shared from "./internal/shared.js"

/**
 * How to reach the PostgreSQL store.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** `postgres://user:password@host:port/database`; shown only with its password replaced. */
  readonly url: string | Redacted.Redacted<string>
  /** The team's schema (created when missing and the role may): lower-case letters, digits, `_`. Default `sre`. */
  readonly schema?: string
  /** How long to wait for a connection (default 5 seconds). */
  readonly connectTimeout?: Duration.Input
  /** Connections in the pool (default 4). */
  readonly maxConnections?: number
}

type Shape = Store.Store["Service"]
type Row = { readonly [k: string]: unknown }

/** Rows per statement of a bulk write. */
const batch = 5_000

const schemaName = /^[a-z_][a-z0-9_]{0,62}$/

const tagOf = (e: unknown): string | undefined => e !== null && typeof e === "object" && "_tag" in e && typeof e._tag === "string" ? e._tag : undefined

const causeText = (e: unknown): string => {
  const parts: Array<string> = []
  let cur: unknown = e
  for (let i = 0; i < 4 && cur !== null && typeof cur === "object"; i++) {
    if ("message" in cur && typeof cur.message === "string" && cur.message !== "") parts.push(cur.message)
    cur = "cause" in cur ? cur.cause : undefined
  }
  return [...new Set(parts)].join(": ")
}

/** Maps a driver failure to a `StoreError` naming the database (password replaced) and schema. */
const toStoreError = (where: string, secrets: ReadonlyArray<string>) => (e: unknown): Store.StoreError => {
  if (e instanceof Store.StoreError) return e
  const reason = tagOf(e) === "SqlError" && e !== null && typeof e === "object" && "reason" in e ? tagOf(e.reason) : undefined
  const text = shared.scrub(causeText(e), secrets)
  const make = (r: Store.StoreError["reason"], retryable: boolean, what: string) =>
    new Store.StoreError({ reason: r, detail: `${where}: ${what} (${text})`, retryable })
  switch (reason) {
    case "ConnectionError":
      return make("unavailable", true, "cannot connect; check the host, the port and that the server runs")
    case "AuthenticationError":
      return make("denied", false, "the server refused the credentials; check the user name and password")
    case "AuthorizationError":
      return make("denied", false, "the role may not use this schema or database")
    case "DeadlockError":
    case "SerializationError":
    case "LockTimeoutError":
    case "StatementTimeoutError":
      return make("busy", true, "the database is busy")
    default:
      return make("unavailable", false, "the query failed")
  }
}

/**
 * Connects to the PostgreSQL store, creating the team's schema and tables (migrating as
 * needed, once, however many processes start at once); the pool closes with the scope.
 * An unreachable server, wrong credentials, a schema the role may not use or a database
 * written by a newer version fail with a `StoreError` that never shows the password.
 *
 * @example
 * ```ts
 * import { Postgres } from "@sre-uxdd/storage"
 *
 * const StoreLive = Postgres.layer({ url: "postgres://team_a:secret@db.example.org/support", schema: "team_a" })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<Shape, Store.StoreError, Scope.Scope> =>
  Effect.gen(function*() {
    const url = Redacted.isRedacted(options.url) ? Redacted.value(options.url) : options.url
    const schema = options.schema ?? "sre"
    const shown = shared.redactUrl(url)
    const password = (() => {
      try {
        return decodeURIComponent(new URL(url).password)
      } catch {
        return ""
      }
    })()
    const where = `PostgreSQL ${shown} schema ${schema}`
    const fail = toStoreError(where, [password, encodeURIComponent(password)])
    if (!schemaName.test(schema))
      return yield* Effect.fail(shared.invalid(`schema name "${schema}": use lower-case letters, digits and _ (at most 63), starting with a letter or _`))
    const sql = yield* PgClient.make({
      url: Redacted.make(url),
      connectTimeout: options.connectTimeout ?? Duration.seconds(5),
      maxConnections: options.maxConnections ?? 4,
      applicationName: "sre-uxdd"
    }).pipe(Effect.provide(Reactivity.layer), Effect.mapError(fail))
    const S = `"${schema}"`
    const q = <A extends object = Row>(text: string, params: ReadonlyArray<unknown> = []): Effect.Effect<ReadonlyArray<A>, Store.StoreError> =>
      sql.unsafe<A>(text, params).pipe(Effect.mapError(fail))
    const writeLock = `SELECT pg_advisory_xact_lock(hashtext($1))`
    const lockKey = `sre-uxdd:${schema}`
    /** One transaction that holds the schema's write lock. */
    const write = <A>(body: Effect.Effect<A, Store.StoreError>): Effect.Effect<A, Store.StoreError> =>
      sql.withTransaction(Effect.andThen(q(writeLock, [lockKey]), body)).pipe(Effect.mapError(fail))

    yield* migrate(sql, q, schema, S, where).pipe(Effect.mapError(fail))

    const appendSql = `WITH input AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[]) WITH ORDINALITY AS t(inquiry, key_hash, at_ms, body, ord)
), fresh AS (
  SELECT DISTINCT ON (inquiry, key_hash) inquiry, key_hash, at_ms, body, ord FROM input i
  WHERE NOT EXISTS (SELECT 1 FROM ${S}.events e WHERE e.inquiry = i.inquiry AND e.key_hash = i.key_hash)
  ORDER BY inquiry, key_hash, ord
), ins AS (
  INSERT INTO ${S}.events (seq, inquiry, key_hash, at_ms, body)
  SELECT (SELECT coalesce(max(seq), 0) FROM ${S}.events) + row_number() OVER (ORDER BY ord), inquiry, key_hash, at_ms, body FROM fresh
  RETURNING 1
) SELECT count(*)::int AS n FROM ins`

    /** Appends in statements of {@link batch} rows; call inside {@link write}. */
    const appendRows = (events: ReadonlyArray<Inquiry.Event>) =>
      Effect.gen(function*() {
        let n = 0
        for (let i = 0; i < events.length; i += batch) {
          const rows = events.slice(i, i + batch).map(shared.eventRow)
          const r = yield* q<{ n: number }>(appendSql, [
            rows.map((x) => x.inquiry),
            rows.map((x) => x.keyHash),
            rows.map((x) => x.atMs),
            rows.map((x) => x.body)
          ])
          n += r[0]?.n ?? 0
        }
        return n
      })

    const paged = <C, A>(
      start: C,
      page: (c: C) => Effect.Effect<readonly [ReadonlyArray<A>, Option.Option<C>], Store.StoreError>
    ): Stream.Stream<A, Store.StoreError> => Stream.paginate(start, page)
    const next = <C>(rows: ReadonlyArray<Row>, key: (r: Row) => C): Option.Option<C> => {
      const last = rows[rows.length - 1]
      return rows.length < shared.pageSize || last === undefined ? Option.none() : Option.some(key(last))
    }
    const parse = <A>(where: string) => (r: Row): A => shared.parseBody<A>(r.body, where)
    const attempt = <A>(f: () => A) => Effect.try({ try: f, catch: fail })

    const changesAfter = (seq: number): Stream.Stream<Store.Stored, Store.StoreError> =>
      paged(seq, (after) =>
        Effect.flatMap(q(`SELECT seq, body FROM ${S}.events WHERE seq > $1 ORDER BY seq LIMIT $2`, [after, shared.pageSize]), (rows) =>
          attempt(() =>
            [
              rows.map((r) => ({ seq: Number(r.seq), event: parse<Inquiry.Event>(`event ${r.seq}`)(r) })),
              next(rows, (r) =>
                Number(r.seq))
            ] as const
          )))

    const eventsBetween = (from: Types.Millis, to: Types.Millis): Stream.Stream<Inquiry.Event, Store.StoreError> => {
      const lo0 = Number.isFinite(from) ? Math.ceil(from) : Number.MIN_SAFE_INTEGER
      const hi = Number.isFinite(to) ? Math.ceil(to) : Number.MAX_SAFE_INTEGER
      return paged(lo0, (lo) =>
        Effect.gen(function*() {
          const rows = yield* q(`SELECT at_ms, body FROM ${S}.events WHERE at_ms >= $1 AND at_ms < $2 ORDER BY at_ms LIMIT $3`, [lo, hi, shared.pageSize])
          if (rows.length < shared.pageSize)
            return [
              yield* attempt(() =>
                shared.readEvents(rows, "event")
              ),
              Option.none<number>()
            ] as const
          const lastAt = Number((rows[rows.length - 1] as Row).at_ms)
          const group = yield* q(`SELECT at_ms, body FROM ${S}.events WHERE at_ms = $1`, [lastAt])
          const page = yield* attempt(() => shared.readEvents([...rows.filter((r) => Number(r.at_ms) < lastAt), ...group], "event"))
          return [page, lastAt + 1 < hi ? Option.some(lastAt + 1) : Option.none<number>()] as const
        }))
    }

    const itemsOf = (state?: "open" | "closed"): Stream.Stream<Tracker.Item, Store.StoreError> =>
      paged("", (after) =>
        Effect.flatMap(
          state === undefined
            ? q(`SELECT inquiry, body FROM ${S}.items WHERE inquiry > $1 ORDER BY inquiry LIMIT $2`, [after, shared.pageSize])
            : q(`SELECT inquiry, body FROM ${S}.items WHERE state = $1 AND inquiry > $2 ORDER BY inquiry LIMIT $3`, [state, after, shared.pageSize]),
          (rows) => attempt(() => [rows.map(parse<Tracker.Item>("item")), next(rows, (r) => String(r.inquiry))] as const)
        ))

    const schedules: Stream.Stream<Store.ScheduleVersion, Store.StoreError> = paged(0, (after) =>
      Effect.flatMap(q(`SELECT version, body FROM ${S}.schedules WHERE version > $1 ORDER BY version LIMIT $2`, [after, shared.pageSize]), (rows) =>
        attempt(() =>
          [rows.map(parse<Store.ScheduleVersion>("schedule")), next(rows, (r) => Number(r.version))] as const
        )))

    const receipts: Stream.Stream<Tracker.Receipt, Store.StoreError> = paged(0, (after) =>
      Effect.flatMap(q(`SELECT rseq, body FROM ${S}.receipts WHERE rseq > $1 ORDER BY rseq LIMIT $2`, [after, shared.pageSize]), (rows) =>
        attempt(() =>
          [
            rows.map(parse<Tracker.Receipt>("receipt")),
            next(rows, (r) =>
              Number(r.rseq))
          ] as const
        )))

    const cursorRecords: Stream.Stream<Store.Record, Store.StoreError> = paged("", (after) =>
      Effect.map(q(`SELECT source, cursor FROM ${S}.cursors WHERE source > $1 ORDER BY source LIMIT $2`, [after, shared.pageSize]), (rows) =>
        [
          rows.map((r): Store.Record => ({ kind: "cursor", source: String(r.source), cursor: String(r.cursor) })),
          next(rows, (r) =>
            String(r.source))
        ] as const))

    const pendingRecords: Stream.Stream<Store.Record, Store.StoreError> = paged<readonly [number, number], Store.Record>(
      [Number.MIN_SAFE_INTEGER, 0],
      ([at, qs]) =>
        Effect.flatMap(
          q(`SELECT qseq, queued_at, body FROM ${S}.pending WHERE (queued_at, qseq) > ($1, $2) ORDER BY queued_at, qseq LIMIT $3`, [at, qs, shared.pageSize]),
          (rows) =>
            attempt(() =>
              [
                rows.map((r): Store.Record => ({ kind: "pending", queuedAt: Number(r.queued_at), action: parse<Action.Action>("pending action")(r) })),
                next(rows, (r) =>
                  [Number(r.queued_at), Number(r.qseq)] as const)
              ] as const
            )
        )
    )

    const snapshotRecords: Stream.Stream<Store.Record, Store.StoreError> = paged("", (after) =>
      Effect.flatMap(q(`SELECT name, seq, body FROM ${S}.snapshots WHERE name > $1 ORDER BY name LIMIT $2`, [after, shared.pageSize]), (rows) =>
        attempt(() =>
          [
            rows.map((r): Store.Record => ({ kind: "snapshot", name: String(r.name), seq: Number(r.seq), value: parse<unknown>("snapshot")(r) })),
            next(rows, (r) =>
              String(r.name))
          ] as const
        )))

    const exportLines: Stream.Stream<string, Store.StoreError> = [
      changesAfter(0).pipe(Stream.map((st): Store.Record => ({ kind: "event", seq: st.seq, event: st.event }))),
      itemsOf().pipe(Stream.map((item): Store.Record => ({ kind: "item", item }))),
      schedules.pipe(Stream.map((schedule): Store.Record => ({ kind: "schedule", schedule }))),
      cursorRecords,
      pendingRecords,
      receipts.pipe(Stream.map((receipt): Store.Record => ({ kind: "receipt", receipt }))),
      snapshotRecords
    ].reduce((acc, st) =>
      Stream.concat(acc, st.pipe(Stream.map(shared.line))), Stream.make(shared.formatLine) as Stream.Stream<string, Store.StoreError>)

    const putItemsSql = `INSERT INTO ${S}.items (inquiry, state, body) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
ON CONFLICT (inquiry) DO UPDATE SET state = excluded.state, body = excluded.body`
    const putItems = (items: ReadonlyArray<Tracker.Item>) =>
      Effect.gen(function*() {
        for (let i = 0; i < items.length; i += batch) {
          // The last state given for an inquiry wins, as if the items were put one by one.
          const byId = new Map(
            items.slice(i, i + batch).map((it) =>
              [it.inquiry, it] as const
            )
          )
          const rows = [...byId.values()]
          yield* q(putItemsSql, [
            rows.map((r) =>
              r.inquiry
            ),
            rows.map((r) => r.state),
            rows.map((r) => Store.canonicalJson(r))
          ])
        }
      })
    const insertSchedule = (version: Store.ScheduleVersion, what: string) =>
      Effect.gen(function*() {
        const latest = Number((yield* q<{ v: unknown }>(`SELECT coalesce(max(version), 0) AS v FROM ${S}.schedules`))[0]?.v ?? 0)
        if (version.version !== latest + 1)
          return yield* Effect.fail(
            shared.invalid(`${what}schedule version ${version.version} does not follow the latest published version ${latest} (expected ${latest + 1})`)
          )
        yield* q(`INSERT INTO ${S}.schedules (version, body) VALUES ($1, $2)`, [version.version, Store.canonicalJson(version)])
      })
    const setCursor = (source: string, cursor: string) =>
      q(`INSERT INTO ${S}.cursors (source, cursor) VALUES ($1, $2) ON CONFLICT (source) DO UPDATE SET cursor = excluded.cursor`, [source, cursor])
    const putSnapshot = (name: string, seq: number, value: unknown) =>
      q(`INSERT INTO ${S}.snapshots (name, seq, body) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, body = excluded.body`, [
        name,
        seq,
        Store.canonicalJson(value) ?? "null"
      ])
    const insertReceipt = (receipt: Tracker.Receipt) =>
      Effect.map(
        q(`INSERT INTO ${S}.receipts (key, body) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING 1 AS one`, [receipt.key, Store.canonicalJson(receipt)]),
        (r) => r.length === 1
      )

    const importEvents = (records: ReadonlyArray<{ readonly seq: number; readonly event: Inquiry.Event }>, first: number) =>
      Effect.gen(function*() {
        if (records.length === 0) return
        const rows = records.map((r) => shared.eventRow(r.event))
        const r = yield* q<{ n: number }>(
          `WITH ins AS (INSERT INTO ${S}.events (seq, inquiry, key_hash, at_ms, body) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[]) ON CONFLICT DO NOTHING RETURNING 1) SELECT count(*)::int AS n FROM ins`,
          [records.map((x) => x.seq), rows.map((x) => x.inquiry), rows.map((x) => x.keyHash), rows.map((x) => x.atMs), rows.map((x) => x.body)]
        )
        if ((r[0]?.n ?? 0) !== records.length)
          return yield* Effect.fail(shared.invalid(`import lines ${first}-${first + records.length - 1}: an event is listed twice`))
      })

    const importLines = (lines: Stream.Stream<string, Store.StoreError>): Effect.Effect<void, Store.StoreError> =>
      write(
        Effect.gen(function*() {
          const empty = yield* q<{ e: boolean }>(
            `SELECT NOT EXISTS (SELECT 1 FROM ${S}.events) AND NOT EXISTS (SELECT 1 FROM ${S}.items) AND NOT EXISTS (SELECT 1 FROM ${S}.schedules) AND NOT EXISTS (SELECT 1 FROM ${S}.cursors) AND NOT EXISTS (SELECT 1 FROM ${S}.pending) AND NOT EXISTS (SELECT 1 FROM ${S}.receipts) AND NOT EXISTS (SELECT 1 FROM ${S}.snapshots) AS e`
          )
          if (empty[0]?.e !== true) return yield* Effect.fail(shared.invalid(`import needs an empty store; ${where} has records already`))
          let n = 0
          const check = shared.sectionChecker()
          yield* Stream.runForEachArray(lines, (chunk) =>
            Effect.gen(function*() {
              let events: Array<{ seq: number; event: Inquiry.Event }> = []
              let first = 0
              for (const text of chunk) {
                n++
                if (n > 1 && text.trim() === "") continue
                const record = yield* attempt(() => {
                  const r = shared.readLine(text, n)
                  check(r, n)
                  return r
                })
                if (record.kind === "event") {
                  if (events.length === 0) first = n
                  events.push({ seq: record.seq, event: record.event })
                  if (events.length >= batch) {
                    yield* importEvents(events, first)
                    events = []
                  }
                  continue
                }
                yield* importEvents(events, first)
                events = []
                switch (record.kind) {
                  case "item":
                    yield* putItems([record.item])
                    break
                  case "schedule":
                    yield* insertSchedule(record.schedule, `import line ${n}: `)
                    break
                  case "cursor":
                    yield* setCursor(record.source, record.cursor)
                    break
                  case "pending":
                    yield* q(`INSERT INTO ${S}.pending (key, queued_at, body) VALUES ($1, $2, $3)`, [
                      record.action.key,
                      record.queuedAt,
                      Store.canonicalJson(record.action)
                    ])
                    break
                  case "receipt":
                    yield* insertReceipt(record.receipt)
                    break
                  case "snapshot":
                    yield* putSnapshot(record.name, record.seq, record.value)
                    break
                }
              }
              yield* importEvents(events, first)
            }))
          if (n === 0) return yield* Effect.fail(shared.invalid("import: no lines (an export starts with the format line)"))
        })
      )

    return Store.Store.of({
      append: (events) => (events.length === 0 ? Effect.succeed(0) : write(appendRows(events))),
      events: (inquiry) =>
        Effect.flatMap(
          q(`SELECT at_ms, body FROM ${S}.events WHERE inquiry = $1`, [inquiry]),
          (rows) => attempt(() => shared.readEvents(rows, `event of ${inquiry}`))
        ),
      changesAfter,
      eventsBetween,
      lastSeq: Effect.map(q<{ s: unknown }>(`SELECT coalesce(max(seq), 0) AS s FROM ${S}.events`), (r) => Number(r[0]?.s ?? 0)),
      putItems: (items) => (items.length === 0 ? Effect.void : write(putItems(items))),
      item: (inquiry) =>
        Effect.flatMap(
          q(`SELECT body FROM ${S}.items WHERE inquiry = $1`, [inquiry]),
          (rows) => attempt(() => (rows[0] === undefined ? undefined : parse<Tracker.Item>(`item ${inquiry}`)(rows[0])))
        ),
      items: itemsOf,
      publishSchedule: (version) => write(insertSchedule(version, "")),
      latestSchedule: Effect.flatMap(
        q(`SELECT body FROM ${S}.schedules ORDER BY version DESC LIMIT 1`),
        (rows) => attempt(() => (rows[0] === undefined ? undefined : parse<Store.ScheduleVersion>("latest schedule")(rows[0])))
      ),
      schedules,
      cursor: (source) =>
        Effect.map(q(`SELECT cursor FROM ${S}.cursors WHERE source = $1`, [source]), (rows) => (rows[0] === undefined ? undefined : String(rows[0].cursor))),
      setCursor: (source, cursor) => write(setCursor(source, cursor)).pipe(Effect.asVoid),
      enqueue: (actions, now) =>
        actions.length === 0
          ? Effect.succeed(0)
          : write(
            Effect.map(
              q<{ n: number }>(
                `WITH ins AS (INSERT INTO ${S}.pending (key, queued_at, body)
  SELECT k, $3, b FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(k, b, ord)
  WHERE NOT EXISTS (SELECT 1 FROM ${S}.receipts r WHERE r.key = t.k) ORDER BY ord
  ON CONFLICT (key) DO NOTHING RETURNING 1) SELECT count(*)::int AS n FROM ins`,
                [actions.map((a) => a.key), actions.map((a) => Store.canonicalJson(a)), now]
              ),
              (r) => r[0]?.n ?? 0
            )
          ),
      pending: (limit) =>
        Effect.flatMap(
          q(`SELECT queued_at, body FROM ${S}.pending ORDER BY queued_at, qseq LIMIT $1`, [limit === undefined ? null : Math.max(0, Math.floor(limit))]),
          (rows) => attempt(() => rows.map((r) => ({ queuedAt: Number(r.queued_at), action: parse<Action.Action>("pending action")(r) })))
        ),
      complete: (receipt) =>
        write(
          Effect.gen(function*() {
            if (yield* insertReceipt(receipt)) yield* appendRows(receipt.events)
            yield* q(`DELETE FROM ${S}.pending WHERE key = $1`, [receipt.key])
          })
        ),
      receipt: (key) =>
        Effect.flatMap(q(`SELECT body FROM ${S}.receipts WHERE key = $1`, [key]), (rows) =>
          attempt(() => (rows[0] === undefined ? undefined : parse<Tracker.Receipt>(`receipt ${key}`)(rows[0])))),
      receipts,
      acquire: (name, holder, ttl, now) =>
        Effect.map(
          q(
            `INSERT INTO ${S}.leases (name, holder, expires_at) VALUES ($1, $2, $3)
ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
WHERE ${S}.leases.holder = excluded.holder OR ${S}.leases.expires_at <= $4 RETURNING 1 AS one`,
            [name, holder, now + ttl, now]
          ),
          (rows) =>
            rows.length === 1
        ),
      release: (name, holder) =>
        q(`DELETE FROM ${S}.leases WHERE name = $1 AND holder = $2`, [name, holder]).pipe(Effect.asVoid),
      snapshot: (name) =>
        Effect.flatMap(
          q(`SELECT seq, body FROM ${S}.snapshots WHERE name = $1`, [name]),
          (rows) => attempt(() => (rows[0] === undefined ? undefined : { seq: Number(rows[0].seq), value: parse<unknown>(`snapshot ${name}`)(rows[0]) }))
        ),
      putSnapshot: (name, seq, value) => write(putSnapshot(name, seq, value)).pipe(Effect.asVoid),
      exportLines,
      importLines
    })
  })

/**
 * Creates the schema when missing and applies the migrations not applied yet, in one
 * transaction under an advisory lock: two processes starting at once apply each once.
 */
const migrate = (
  sql: SqlClient.SqlClient,
  q: <A extends object = Row>(text: string, params?: ReadonlyArray<unknown>) => Effect.Effect<ReadonlyArray<A>, Store.StoreError>,
  schema: string,
  S: string,
  where: string
) =>
  sql.withTransaction(
    Effect.gen(function*() {
      yield* q(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`sre-uxdd:migrate:${schema}`])
      const exists = yield* q(`SELECT 1 AS one FROM pg_namespace WHERE nspname = $1`, [schema])
      if (exists.length === 0) yield* q(`CREATE SCHEMA ${S}`)
      yield* q(`CREATE TABLE IF NOT EXISTS ${S}.sre_schema (version integer PRIMARY KEY, applied_at bigint NOT NULL)`)
      const current = Number((yield* q<{ v: unknown }>(`SELECT coalesce(max(version), 0) AS v FROM ${S}.sre_schema`))[0]?.v ?? 0)
      if (current > shared.schemaVersion) return yield* Effect.fail(shared.tooNew(current, where, "this @sre-uxdd/storage"))
      for (const m of pgMigrations) {
        if (m.version <= current) continue
        for (const statement of m.sql(S)) yield* q(statement)
        yield* q(`INSERT INTO ${S}.sre_schema (version, applied_at) VALUES ($1, $2)`, [m.version, Date.now()])
      }
    })
  )

/**
 * The PostgreSQL store as a layer for `Store.Store`.
 *
 * @example
 * ```ts
 * import { Postgres } from "@sre-uxdd/storage"
 *
 * const StoreLive = Postgres.layer({ url: process.env.DATABASE_URL ?? "postgres://localhost/sre", schema: "team_a" })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<Store.Store, Store.StoreError> => Layer.effect(Store.Store, make(options))
