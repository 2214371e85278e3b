/**
 * The `Store` port on an embedded SQLite file (better-sqlite3): the default for one team,
 * no server, at `.sre/sre.db`. WAL journal, a busy timeout, `BEGIN IMMEDIATE` around every
 * write (one transaction per multi-row write), prepared statements, and streams read in
 * pages of a thousand rows so no query loads the whole history.
 *
 * @since 0.1.0
 * @module
 */
import { type Action, type Inquiry, Store, type Tracker, type Types } from "@sre-uxdd/core"
import Database from "better-sqlite3"
import { Effect, Layer, Option, type Scope, Semaphore, Stream } from "effect"
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readSync, statSync } from "node:fs"
import { dirname, resolve } from "node:path"
import * as shared from "./internal/shared.js"
import { sqliteMigrations } from "./internal/sqliteSchema.js"

/**
 * Where the store lives when no file is given: relative to the working directory.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultFile = ".sre/sre.db"

/**
 * How to open the SQLite store.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The database file (default {@link defaultFile}); its directory is created. `":memory:"` for a private in-memory database. */
  readonly file?: string
  /** How long a writer waits for another process's write to finish, in milliseconds (default 5000). */
  readonly busyTimeout?: number
}

type Shape = Store.Store["Service"]
type Db = Database.Database
type Row = { readonly [k: string]: unknown }

const sqliteCode = (e: unknown): string | undefined => e !== null && typeof e === "object" && "code" in e && typeof e.code === "string" ? e.code : undefined

const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/** Maps a driver or file-system failure to a `StoreError` naming the file. */
const toStoreError = (file: string) => (e: unknown): Store.StoreError => {
  if (e instanceof Store.StoreError) return e
  const code = sqliteCode(e) ?? ""
  const msg = errorMessage(e)
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) {
    return new Store.StoreError({ reason: "busy", detail: `${file}: another process holds the write lock (${msg})`, retryable: true })
  }
  if (code === "SQLITE_CORRUPT" || code === "SQLITE_NOTADB" || code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_IOERR_SHORT_READ") {
    return shared.corrupt(`${file} is damaged or not an SQLite database (${msg}); restore it from an export or a backup`)
  }
  if (code.startsWith("SQLITE_READONLY") || code === "SQLITE_PERM" || code === "SQLITE_AUTH" || code === "EACCES" || code === "EROFS" || code === "EPERM") {
    return new Store.StoreError({
      reason: "denied",
      detail: `${file}: cannot write (${msg}); check the permissions of the file and its directory`,
      retryable: false
    })
  }
  if (code.startsWith("SQLITE_CANTOPEN")) {
    return new Store.StoreError({
      reason: "unavailable",
      detail: `${file}: cannot open (${msg}); check that its directory exists and is writable`,
      retryable: false
    })
  }
  return new Store.StoreError({ reason: "unavailable", detail: `${file}: ${msg}`, retryable: false })
}

const header = "SQLite format 3\u0000"

/**
 * Refuses a file that is not an SQLite database, or is shorter than its header says
 * (truncated), before SQLite opens it: opening may write (the WAL switch), and a damaged
 * file must be left as it is.
 */
const checkFile = (path: string): void => {
  let size: number
  try {
    size = statSync(path).size
  } catch {
    return
  }
  if (size === 0) return
  const buf = Buffer.alloc(100)
  const fd = openSync(path, "r")
  let read: number
  try {
    read = readSync(fd, buf, 0, 100, 0)
  } finally {
    closeSync(fd)
  }
  if (read < 100 || buf.toString("latin1", 0, 16) !== header) {
    throw shared.corrupt(`${path} is not an SQLite database (its first bytes are not the SQLite header); move it away or restore it from a backup`)
  }
  const rawPage = buf.readUInt16BE(16)
  const pageSize = rawPage === 1 ? 65536 : rawPage
  const pages = buf.readUInt32BE(28)
  const headerValid = pages > 0 && buf.readUInt32BE(24) === buf.readUInt32BE(92)
  if (headerValid && pages * pageSize > size) {
    throw shared.corrupt(`${path} is truncated: its header declares ${pages * pageSize} bytes, the file has ${size}; restore it from an export or a backup`)
  }
}

const openDatabase = (file: string, busyTimeout: number): Db => {
  const memory = file === ":memory:"
  const path = memory ? file : resolve(file)
  if (!memory) {
    checkFile(path)
    mkdirSync(dirname(path), { recursive: true })
    // SQLite would only say it cannot open the file; name the real cause.
    if (!existsSync(path)) accessSync(dirname(path), constants.W_OK)
  }
  const db = new Database(path, { timeout: busyTimeout })
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeout))}`)
    if (!memory) {
      // Switching to WAL takes the write lock for a moment; another process starting at the same time may hold it.
      const deadline = Date.now() + busyTimeout
      for (;;) {
        try {
          db.pragma("journal_mode = WAL")
          break
        } catch (e) {
          if (!(sqliteCode(e) ?? "").startsWith("SQLITE_BUSY") || Date.now() > deadline) throw e
        }
      }
    }
    db.pragma("synchronous = NORMAL")
    migrate(db, path)
    return db
  } catch (e) {
    db.close()
    throw e
  }
}

/** Applies the migrations not applied yet, once, whichever process gets the write lock first. */
const migrate = (db: Db, path: string): void => {
  db.exec("BEGIN IMMEDIATE")
  try {
    db.exec("CREATE TABLE IF NOT EXISTS sre_schema (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)")
    const current = (db.prepare("SELECT coalesce(max(version), 0) AS v FROM sre_schema").get() as { v: number }).v
    if (current > shared.schemaVersion) throw shared.tooNew(current, path, "this @sre-uxdd/storage")
    for (const m of sqliteMigrations) {
      if (m.version <= current) continue
      db.exec(m.sql)
      db.prepare("INSERT INTO sre_schema (version, applied_at) VALUES (?, ?)").run(m.version, Date.now())
    }
    db.exec("COMMIT")
  } catch (e) {
    if (db.inTransaction) db.exec("ROLLBACK")
    throw e
  }
}

const statements = (db: Db) => {
  const p = (sql: string) => db.prepare(sql)
  return {
    insertEvent: p("INSERT INTO events (inquiry, key_hash, at_ms, body) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"),
    insertEventSeq: p("INSERT INTO events (seq, inquiry, key_hash, at_ms, body) VALUES (?, ?, ?, ?, ?)"),
    eventsOf: p("SELECT at_ms, body FROM events WHERE inquiry = ?"),
    changesPage: p("SELECT seq, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?"),
    instantsPage: p("SELECT at_ms, body FROM events WHERE at_ms >= ? AND at_ms < ? ORDER BY at_ms LIMIT ?"),
    atInstant: p("SELECT at_ms, body FROM events WHERE at_ms = ?"),
    lastSeq: p("SELECT coalesce(max(seq), 0) FROM events").pluck(),
    putItem: p("INSERT INTO items (inquiry, state, body) VALUES (?, ?, ?) ON CONFLICT (inquiry) DO UPDATE SET state = excluded.state, body = excluded.body"),
    item: p("SELECT body FROM items WHERE inquiry = ?").pluck(),
    itemsPage: p("SELECT inquiry, body FROM items WHERE inquiry > ? ORDER BY inquiry LIMIT ?"),
    itemsStatePage: p("SELECT inquiry, body FROM items WHERE state = ? AND inquiry > ? ORDER BY inquiry LIMIT ?"),
    latestSchedule: p("SELECT body FROM schedules ORDER BY version DESC LIMIT 1").pluck(),
    latestVersion: p("SELECT coalesce(max(version), 0) FROM schedules").pluck(),
    insertSchedule: p("INSERT INTO schedules (version, body) VALUES (?, ?)"),
    schedulesPage: p("SELECT version, body FROM schedules WHERE version > ? ORDER BY version LIMIT ?"),
    cursor: p("SELECT cursor FROM cursors WHERE source = ?").pluck(),
    setCursor: p("INSERT INTO cursors (source, cursor) VALUES (?, ?) ON CONFLICT (source) DO UPDATE SET cursor = excluded.cursor"),
    cursorsPage: p("SELECT source, cursor FROM cursors WHERE source > ? ORDER BY source LIMIT ?"),
    enqueue: p(
      "INSERT INTO pending (key, queued_at, body) SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM receipts WHERE key = ?) ON CONFLICT (key) DO NOTHING"
    ),
    pending: p("SELECT queued_at, body FROM pending ORDER BY queued_at, qseq LIMIT ?"),
    pendingPage: p("SELECT qseq, queued_at, body FROM pending WHERE (queued_at, qseq) > (?, ?) ORDER BY queued_at, qseq LIMIT ?"),
    insertPending: p("INSERT INTO pending (key, queued_at, body) VALUES (?, ?, ?)"),
    insertReceipt: p("INSERT INTO receipts (key, body) VALUES (?, ?) ON CONFLICT (key) DO NOTHING"),
    dequeue: p("DELETE FROM pending WHERE key = ?"),
    receipt: p("SELECT body FROM receipts WHERE key = ?").pluck(),
    receiptsPage: p("SELECT rseq, body FROM receipts WHERE rseq > ? ORDER BY rseq LIMIT ?"),
    acquire: p(
      "INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at WHERE leases.holder = excluded.holder OR leases.expires_at <= ?"
    ),
    release: p("DELETE FROM leases WHERE name = ? AND holder = ?"),
    snapshot: p("SELECT seq, body FROM snapshots WHERE name = ?"),
    putSnapshot: p("INSERT INTO snapshots (name, seq, body) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, body = excluded.body"),
    snapshotsPage: p("SELECT name, seq, body FROM snapshots WHERE name > ? ORDER BY name LIMIT ?"),
    isEmpty: p(
      "SELECT NOT EXISTS (SELECT 1 FROM events) AND NOT EXISTS (SELECT 1 FROM items) AND NOT EXISTS (SELECT 1 FROM schedules) AND NOT EXISTS (SELECT 1 FROM cursors) AND NOT EXISTS (SELECT 1 FROM pending) AND NOT EXISTS (SELECT 1 FROM receipts) AND NOT EXISTS (SELECT 1 FROM snapshots)"
    ).pluck()
  }
}

/**
 * Opens (creating and migrating as needed) the SQLite store; closed when the scope closes.
 * A damaged or truncated file, a read-only directory or a database written by a newer
 * version fail with a `StoreError` that names the file, and change nothing.
 *
 * @example
 * ```ts
 * import { Store } from "@sre-uxdd/core"
 * import { Sqlite } from "@sre-uxdd/storage"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function*() {
 *   const store = yield* Store.Store
 *   return yield* store.lastSeq
 * })
 * Effect.runPromise(program.pipe(Effect.provide(Sqlite.layer({ file: ":memory:" })))) // 0
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<Shape, Store.StoreError, Scope.Scope> =>
  Effect.gen(function*() {
    const file = options.file ?? defaultFile
    const fail = toStoreError(file)
    const db = yield* Effect.acquireRelease(
      Effect.try({ try: () => openDatabase(file, options.busyTimeout ?? 5000), catch: fail }),
      (d) => Effect.sync(() => d.close())
    )
    const s = yield* Effect.try({ try: () => statements(db), catch: fail })
    // One connection per store: the lock keeps an import's transaction (which spans a stream) to itself.
    const lock = yield* Semaphore.make(1)
    const run = <A>(f: () => A): Effect.Effect<A, Store.StoreError> => lock.withPermits(1)(Effect.try({ try: f, catch: fail }))
    const write = <A>(f: () => A): () => A => () => db.transaction(f).immediate()

    const appendRows = (events: ReadonlyArray<Inquiry.Event>): number => {
      let n = 0
      for (const e of events) {
        const r = shared.eventRow(e)
        n += s.insertEvent.run(r.inquiry, r.keyHash, r.atMs, r.body).changes
      }
      return n
    }

    const paged = <C, A>(start: C, page: (c: C) => readonly [ReadonlyArray<A>, Option.Option<C>]): Stream.Stream<A, Store.StoreError> =>
      Stream.paginate(start, (c: C) => run(() => page(c)))

    const keyed = <A>(rows: ReadonlyArray<Row>, key: string, f: (r: Row) => A): readonly [ReadonlyArray<A>, Option.Option<never> | Option.Option<unknown>] => {
      const last = rows[rows.length - 1]
      return [rows.map(f), rows.length < shared.pageSize || last === undefined ? Option.none() : Option.some(last[key])]
    }

    const changesAfter = (seq: number): Stream.Stream<Store.Stored, Store.StoreError> =>
      paged(seq, (after) => {
        const rows = s.changesPage.all(after, shared.pageSize) as ReadonlyArray<Row>
        const stored = rows.map((r) => ({ seq: r.seq as number, event: shared.parseBody<Inquiry.Event>(r.body, `event ${r.seq}`) }))
        const last = stored[stored.length - 1]
        return [stored, rows.length < shared.pageSize || last === undefined ? Option.none() : Option.some(last.seq)] as const
      })

    // Pages by instant; the rows of the last instant of a full page are read whole, so each
    // instant's events can be sorted by inquiry and key (compareEvents) before they are emitted.
    const eventsBetween = (from: Types.Millis, to: Types.Millis): Stream.Stream<Inquiry.Event, Store.StoreError> =>
      paged(Math.ceil(from), (lo) => {
        const rows = s.instantsPage.all(lo, to, shared.pageSize) as ReadonlyArray<Row>
        if (rows.length < shared.pageSize) return [shared.readEvents(rows, "event"), Option.none()] as const
        const lastAt = (rows[rows.length - 1] as Row).at_ms as number
        const group = s.atInstant.all(lastAt) as ReadonlyArray<Row>
        return [
          shared.readEvents([...rows.filter((r) => (r.at_ms as number) < lastAt), ...group], "event"),
          lastAt + 1 < to ? Option.some(lastAt + 1) : Option.none()
        ] as const
      })

    const itemsOf = (state?: "open" | "closed"): Stream.Stream<Tracker.Item, Store.StoreError> =>
      paged("", (after) => {
        const rows = (state === undefined ? s.itemsPage.all(after, shared.pageSize) : s.itemsStatePage.all(state, after, shared.pageSize)) as ReadonlyArray<Row>
        return keyed(rows, "inquiry", (r) => shared.parseBody<Tracker.Item>(r.body, `item ${r.inquiry}`)) as readonly [
          ReadonlyArray<Tracker.Item>,
          Option.Option<string>
        ]
      })

    const schedules: Stream.Stream<Store.ScheduleVersion, Store.StoreError> = paged(0, (after) => {
      const rows = s.schedulesPage.all(after, shared.pageSize) as ReadonlyArray<Row>
      return keyed(rows, "version", (r) => shared.parseBody<Store.ScheduleVersion>(r.body, `schedule version ${r.version}`)) as readonly [
        ReadonlyArray<Store.ScheduleVersion>,
        Option.Option<number>
      ]
    })

    const receipts: Stream.Stream<Tracker.Receipt, Store.StoreError> = paged(0, (after) => {
      const rows = s.receiptsPage.all(after, shared.pageSize) as ReadonlyArray<Row>
      return keyed(rows, "rseq", (r) => shared.parseBody<Tracker.Receipt>(r.body, "receipt")) as readonly [
        ReadonlyArray<Tracker.Receipt>,
        Option.Option<number>
      ]
    })

    const cursorRecords: Stream.Stream<Store.Record, Store.StoreError> = paged("", (after) => {
      const rows = s.cursorsPage.all(after, shared.pageSize) as ReadonlyArray<Row>
      return keyed(rows, "source", (r) => ({ kind: "cursor" as const, source: r.source as string, cursor: r.cursor as string })) as readonly [
        ReadonlyArray<Store.Record>,
        Option.Option<string>
      ]
    })

    const pendingRecords: Stream.Stream<Store.Record, Store.StoreError> = paged<readonly [number, number], Store.Record>([-Infinity, 0], ([at, q]) => {
      const rows = s.pendingPage.all(at === -Infinity ? Number.MIN_SAFE_INTEGER : at, q, shared.pageSize) as ReadonlyArray<Row>
      const last = rows[rows.length - 1]
      return [
        rows.map((r) => ({ kind: "pending" as const, queuedAt: r.queued_at as number, action: shared.parseBody<Action.Action>(r.body, "pending action") })),
        rows.length < shared.pageSize || last === undefined ? Option.none() : Option.some([last.queued_at as number, last.qseq as number] as const)
      ] as const
    })

    const snapshotRecords: Stream.Stream<Store.Record, Store.StoreError> = paged("", (after) => {
      const rows = s.snapshotsPage.all(after, shared.pageSize) as ReadonlyArray<Row>
      return keyed(
        rows,
        "name",
        (r) => ({ kind: "snapshot" as const, name: r.name as string, seq: r.seq as number, value: shared.parseBody<unknown>(r.body, `snapshot ${r.name}`) })
      ) as readonly [
        ReadonlyArray<Store.Record>,
        Option.Option<string>
      ]
    })

    const exportLines: Stream.Stream<string, Store.StoreError> = Stream.concat(
      Stream.make(shared.formatLine),
      concatAll(
        [
          changesAfter(0).pipe(Stream.map((st): Store.Record => ({ kind: "event", seq: st.seq, event: st.event }))),
          itemsOf().pipe(Stream.map((item): Store.Record => ({ kind: "item", item }))),
          schedules.pipe(Stream.map((schedule): Store.Record => ({ kind: "schedule", schedule }))),
          cursorRecords,
          pendingRecords,
          receipts.pipe(Stream.map((receipt): Store.Record => ({ kind: "receipt", receipt }))),
          snapshotRecords
        ]
      ).pipe(Stream.map(shared.line))
    )

    const importRecord = (record: Store.Record, n: number): void => {
      switch (record.kind) {
        case "format":
          return
        case "event": {
          const r = shared.eventRow(record.event)
          try {
            s.insertEventSeq.run(record.seq, r.inquiry, r.keyHash, r.atMs, r.body)
          } catch (e) {
            if ((sqliteCode(e) ?? "").startsWith("SQLITE_CONSTRAINT"))
              throw shared.invalid(`import line ${n}: event seq ${record.seq} of ${record.event.inquiry} is stored already (a duplicate line)`)
            throw e
          }
          return
        }
        case "item":
          s.putItem.run(record.item.inquiry, record.item.state, Store.canonicalJson(record.item))
          return
        case "schedule": {
          const latest = s.latestVersion.get() as number
          if (record.schedule.version !== latest + 1)
            throw shared.invalid(`import line ${n}: schedule version ${record.schedule.version} does not follow version ${latest}`)
          s.insertSchedule.run(record.schedule.version, Store.canonicalJson(record.schedule))
          return
        }
        case "cursor":
          s.setCursor.run(record.source, record.cursor)
          return
        case "pending":
          s.insertPending.run(record.action.key, record.queuedAt, Store.canonicalJson(record.action))
          return
        case "receipt":
          s.insertReceipt.run(record.receipt.key, Store.canonicalJson(record.receipt))
          return
        case "snapshot":
          s.putSnapshot.run(record.name, record.seq, Store.canonicalJson(record.value))
          return
      }
    }

    const importLines = (lines: Stream.Stream<string, Store.StoreError>): Effect.Effect<void, Store.StoreError> =>
      lock.withPermits(1)(
        Effect.acquireUseRelease(
          Effect.try({
            try: () => {
              db.exec("BEGIN IMMEDIATE")
              if (s.isEmpty.get() !== 1)
                throw shared.invalid(`import needs an empty store; ${file} has records already`)
            },
            catch: fail
          }),
          () => {
            let n = 0
            const check = shared.sectionChecker()
            return Stream.runForEachArray(lines, (chunk) =>
              Effect.try({
                try: () => {
                  for (const text of chunk) {
                    n++
                    if (n > 1 && text.trim() === "")
                      continue
                    const record = shared.readLine(text, n)
                    check(record, n)
                    importRecord(record, n)
                  }
                },
                catch: fail
              })).pipe(Effect.flatMap(() => (n === 0 ? Effect.fail(shared.invalid("import: no lines (an export starts with the format line)")) : Effect.void)))
          },
          (_, exit) => Effect.sync(() => db.inTransaction && db.exec(exit._tag === "Success" ? "COMMIT" : "ROLLBACK"))
        )
      )

    return Store.Store.of({
      append: (events) => run(write(() => appendRows(events))),
      events: (inquiry) => run(() => shared.readEvents(s.eventsOf.all(inquiry) as ReadonlyArray<Row>, `event of ${inquiry}`)),
      changesAfter,
      eventsBetween,
      lastSeq: run(() => s.lastSeq.get() as number),
      putItems: (items) =>
        run(
          write(() => {
            for (const item of items) s.putItem.run(item.inquiry, item.state, Store.canonicalJson(item))
          })
        ),
      item: (inquiry) =>
        run(() => {
          const body = s.item.get(inquiry)
          return body === undefined ? undefined : shared.parseBody<Tracker.Item>(body, `item ${inquiry}`)
        }),
      items: itemsOf,
      publishSchedule: (version) =>
        run(
          write(() => {
            const latest = s.latestVersion.get() as number
            if (version.version !== latest + 1)
              throw shared.invalid(`schedule version ${version.version} does not follow the latest published version ${latest} (expected ${latest + 1})`)
            s.insertSchedule.run(version.version, Store.canonicalJson(version))
          })
        ),
      latestSchedule: run(() => {
        const body = s.latestSchedule.get()
        return body === undefined ? undefined : shared.parseBody<Store.ScheduleVersion>(body, "latest schedule")
      }),
      schedules,
      cursor: (source) => run(() => s.cursor.get(source) as string | undefined),
      setCursor: (source, cursor) => run(write(() => void s.setCursor.run(source, cursor))),
      enqueue: (actions, now) =>
        run(
          write(() => {
            let n = 0
            for (const a of actions) n += s.enqueue.run(a.key, now, Store.canonicalJson(a), a.key).changes
            return n
          })
        ),
      pending: (limit) =>
        run(() =>
          (s.pending.all(limit === undefined ? -1 : Math.max(0, Math.floor(limit))) as ReadonlyArray<Row>).map((r) => ({
            queuedAt: r.queued_at as number,
            action: shared.parseBody<Action.Action>(r.body, "pending action")
          }))
        ),
      complete: (receipt) =>
        run(
          write(() => {
            if (s.insertReceipt.run(receipt.key, Store.canonicalJson(receipt)).changes === 1) appendRows(receipt.events)
            s.dequeue.run(receipt.key)
          })
        ),
      receipt: (key) =>
        run(() => {
          const body = s.receipt.get(key)
          return body === undefined ? undefined : shared.parseBody<Tracker.Receipt>(body, `receipt ${key}`)
        }),
      receipts,
      acquire: (name, holder, ttl, now) => run(write(() => s.acquire.run(name, holder, now + ttl, now).changes === 1)),
      release: (name, holder) => run(write(() => void s.release.run(name, holder))),
      snapshot: (name) =>
        run(() => {
          const row = s.snapshot.get(name) as Row | undefined
          return row === undefined ? undefined : { seq: row.seq as number, value: shared.parseBody<unknown>(row.body, `snapshot ${name}`) }
        }),
      putSnapshot: (name, seq, value) => run(write(() => void s.putSnapshot.run(name, seq, Store.canonicalJson(value) ?? "null"))),
      exportLines,
      importLines
    })
  })

const concatAll = <A, E>(streams: ReadonlyArray<Stream.Stream<A, E>>): Stream.Stream<A, E> =>
  streams.reduce((acc, st) => Stream.concat(acc, st), Stream.empty as Stream.Stream<A, E>)

/**
 * The SQLite store as a layer for `Store.Store`.
 *
 * @example
 * ```ts
 * import { Sqlite } from "@sre-uxdd/storage"
 *
 * const StoreLive = Sqlite.layer() // .sre/sre.db in the working directory
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<Store.Store, Store.StoreError> => Layer.effect(Store.Store, make(options))
