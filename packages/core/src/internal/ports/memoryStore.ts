// The in-memory Store: every operation is one synchronous step, so each write is atomic
// and no fiber can interleave inside it. Values go through JSON on the way in, as they
// would through a real database, so a test against this store cannot depend on sharing
// objects with it.
import { Effect, Result, Schema, Stream } from "effect"
import type * as Action from "../../Action.js"
import type * as Inquiry from "../../Inquiry.js"
import type * as Tracker from "../../Tracker.js"
import type * as Types from "../../Types.js"
import * as Store from "./storeModel.js"

interface Row {
  readonly seq: number
  readonly key: string
  readonly event: Inquiry.Event
}

interface State {
  seq: number
  readonly log: Array<Row>
  readonly byInquiry: Map<string, Map<string, Row>>
  readonly items: Map<string, Tracker.Item>
  readonly schedules: Array<Store.ScheduleVersion>
  readonly cursors: Map<string, string>
  readonly pending: Array<Store.Pending>
  readonly receipts: Map<string, Tracker.Receipt>
  readonly receiptOrder: Array<Tracker.Receipt>
  readonly leases: Map<string, Store.Lease>
  readonly snapshots: Map<string, { readonly seq: number; readonly value: unknown }>
}

const empty = (): State => ({
  seq: 0,
  log: [],
  byInquiry: new Map(),
  items: new Map(),
  schedules: [],
  cursors: new Map(),
  pending: [],
  receipts: new Map(),
  receiptOrder: [],
  leases: new Map(),
  snapshots: new Map()
})

const viaJson = <A>(value: A): A => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as A))

const invalid = (detail: string) => new Store.StoreError({ reason: "invalid-input", detail, retryable: false })

const insert = (state: State, event: Inquiry.Event, seq?: number): boolean => {
  const key = Store.eventKey(event)
  let rows = state.byInquiry.get(event.inquiry)
  if (rows === undefined) {
    rows = new Map()
    state.byInquiry.set(event.inquiry, rows)
  }
  if (rows.has(key)) return false
  state.seq = seq ?? state.seq + 1
  const row: Row = { seq: state.seq, key, event: viaJson(event) }
  rows.set(key, row)
  state.log.push(row)
  return true
}

const appendAll = (state: State, events: ReadonlyArray<Inquiry.Event>): number => {
  let added = 0
  for (const e of events) if (insert(state, e)) added++
  return added
}

const byCompare = (rows: Iterable<Row>): ReadonlyArray<Inquiry.Event> => [...rows].map((r) => r.event).sort(Store.compareEvents)

const actionKeyOf = (action: Action.Action): string => action.key

/** The records of a state in export order (leases are live state of running processes and are not exported). */
const records = (state: State): ReadonlyArray<Store.Record> => [
  { kind: "format", version: 1 },
  ...state.log.map((r): Store.Record => ({ kind: "event", seq: r.seq, event: r.event })),
  ...[...state.items.values()].sort((a, b) => (a.inquiry < b.inquiry ? -1 : a.inquiry > b.inquiry ? 1 : 0)).map((item): Store.Record => ({
    kind: "item",
    item
  })),
  ...state.schedules.map((schedule): Store.Record => ({ kind: "schedule", schedule })),
  ...[...state.cursors.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([source, cursor]): Store.Record => ({
    kind: "cursor",
    source,
    cursor
  })),
  ...state.pending.map((p): Store.Record => ({ kind: "pending", queuedAt: p.queuedAt, action: p.action })),
  ...state.receiptOrder.map((receipt): Store.Record => ({ kind: "receipt", receipt })),
  ...[...state.snapshots.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, s]): Store.Record => ({
    kind: "snapshot",
    name,
    seq: s.seq,
    value: s.value
  }))
]

const parseLines = (lines: ReadonlyArray<string>): Result.Result<State, Store.StoreError> => {
  const decode = Schema.decodeUnknownResult(Store.Record)
  const state = empty()
  let sawFormat = false
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] as string
    const where = `line ${i + 1}`
    if (text.trim() === "") continue
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      return Result.fail(invalid(`${where}: not JSON`))
    }
    const decoded = decode(json)
    if (Result.isFailure(decoded)) {
      const kind = typeof json === "object" && json !== null && "kind" in json ? String((json as { readonly kind: unknown }).kind) : "?"
      if (kind === "format" && typeof (json as { readonly version?: unknown }).version === "number" && ((json as { readonly version: number }).version) > 1) {
        return Result.fail(
          new Store.StoreError({
            reason: "version-too-new",
            detail: `${where}: export format ${(json as { readonly version: number }).version} is newer than this store reads (1)`,
            retryable: false
          })
        )
      }
      return Result.fail(invalid(`${where}: not a ${kind === "?" ? "store record" : `valid ${kind} record`}: ${decoded.failure.message.split("\n")[0] ?? ""}`))
    }
    const r = decoded.success
    if (!sawFormat && r.kind !== "format") return Result.fail(invalid(`${where}: expected the format line first`))
    switch (r.kind) {
      case "format":
        if (sawFormat) return Result.fail(invalid(`${where}: a second format line`))
        sawFormat = true
        break
      case "event":
        if (!Number.isInteger(r.seq) || r.seq <= state.seq)
          return Result.fail(invalid(`${where}: event sequence number ${r.seq} is not above the previous one (${state.seq})`))
        if (!insert(state, r.event, r.seq)) return Result.fail(invalid(`${where}: event ${Store.eventKey(r.event)} of ${r.event.inquiry} is already stored`))
        break
      case "item":
        if (state.items.has(r.item.inquiry)) return Result.fail(invalid(`${where}: item ${r.item.inquiry} appears twice`))
        state.items.set(r.item.inquiry, r.item)
        break
      case "schedule": {
        const latest = state.schedules.length
        if (r.schedule.version !== latest + 1) return Result.fail(invalid(`${where}: schedule version ${r.schedule.version} does not follow version ${latest}`))
        state.schedules.push(r.schedule)
        break
      }
      case "cursor":
        if (state.cursors.has(r.source)) return Result.fail(invalid(`${where}: cursor of ${r.source} appears twice`))
        state.cursors.set(r.source, r.cursor)
        break
      case "pending":
        if (state.pending.some((p) => p.action.key === r.action.key)) return Result.fail(invalid(`${where}: pending action ${r.action.key} appears twice`))
        state.pending.push({ action: r.action, queuedAt: r.queuedAt })
        break
      case "receipt":
        if (state.receipts.has(r.receipt.key)) return Result.fail(invalid(`${where}: receipt of ${r.receipt.key} appears twice`))
        state.receipts.set(r.receipt.key, r.receipt)
        state.receiptOrder.push(r.receipt)
        break
      case "snapshot":
        if (state.snapshots.has(r.name)) return Result.fail(invalid(`${where}: snapshot ${r.name} appears twice`))
        state.snapshots.set(r.name, { seq: r.seq, value: r.value })
        break
    }
  }
  if (!sawFormat) return Result.fail(invalid("line 1: expected the format line"))
  for (const p of state.pending) {
    if (state.receipts.has(p.action.key)) return Result.fail(invalid(`pending action ${p.action.key} also has a receipt`))
  }
  return Result.succeed(state)
}

/** Builds an empty in-memory store. */
export const make = () => {
  let state = empty()
  const encode = Schema.encodeSync(Store.Record)
  const service = {
    append: (events: ReadonlyArray<Inquiry.Event>) => Effect.sync(() => appendAll(state, events)),
    events: (inquiry: Types.InquiryId) => Effect.sync(() => byCompare(state.byInquiry.get(inquiry)?.values() ?? [])),
    changesAfter: (seq: number) =>
      Stream.suspend(() => {
        // Sequence numbers increase along the log: a binary search finds the first one after `seq`.
        const log = state.log
        let lo = 0
        let hi = log.length
        while (lo < hi) {
          const mid = (lo + hi) >>> 1
          if ((log[mid] as Row).seq <= seq) lo = mid + 1
          else hi = mid
        }
        return Stream.fromIterable(log.slice(lo).map((r): Store.Stored => ({ seq: r.seq, event: r.event })))
      }),
    eventsBetween: (from: Types.Millis, to: Types.Millis) =>
      Stream.suspend(() =>
        Stream.fromIterable(
          byCompare(
            state.log.filter((r) => {
              const t = Date.parse(r.event.at)
              return t >= from && t < to
            })
          )
        )
      ),
    lastSeq: Effect.sync(() => state.seq),
    putItems: (items: ReadonlyArray<Tracker.Item>) =>
      Effect.sync(() => {
        for (const item of items) state.items.set(item.inquiry, viaJson(item))
      }),
    item: (inquiry: Types.InquiryId) => Effect.sync(() => state.items.get(inquiry)),
    items: (phase?: "open" | "closed") =>
      Stream.suspend(() =>
        Stream.fromIterable(
          [...state.items.values()].filter((i) => phase === undefined || i.state === phase).sort((
            a,
            b
          ) => (a.inquiry < b.inquiry ? -1 : a.inquiry > b.inquiry ? 1 : 0))
        )
      ),
    publishSchedule: (version: Store.ScheduleVersion): Effect.Effect<void, Store.StoreError> =>
      Effect.suspend(() => {
        const latest = state.schedules.length
        if (version.version !== latest + 1)
          return Effect.fail(invalid(`schedule version ${version.version} does not follow the latest published version ${latest}`))
        state.schedules.push(viaJson(version))
        return Effect.void
      }),
    latestSchedule: Effect.sync(() => state.schedules[state.schedules.length - 1]),
    schedules: Stream.suspend(() => Stream.fromIterable([...state.schedules])),
    cursor: (source: string) => Effect.sync(() => state.cursors.get(source)),
    setCursor: (source: string, cursor: string) =>
      Effect.sync(() => {
        state.cursors.set(source, cursor)
      }),
    enqueue: (actions: ReadonlyArray<Action.Action>, now: Types.Millis) =>
      Effect.sync(() => {
        const known = new Set<string>([...state.pending.map((p) => p.action.key), ...state.receipts.keys()])
        let added = 0
        for (const action of actions) {
          const key = actionKeyOf(action)
          if (known.has(key)) continue
          known.add(key)
          state.pending.push({ action: viaJson(action), queuedAt: now })
          added++
        }
        return added
      }),
    pending: (limit?: number) =>
      Effect.sync(() => {
        // A stable sort keeps the queue order among actions queued at the same instant.
        const sorted = [...state.pending].sort((a, b) => a.queuedAt - b.queuedAt)
        return limit === undefined ? sorted : sorted.slice(0, Math.max(0, limit))
      }),
    complete: (receipt: Tracker.Receipt) =>
      Effect.sync(() => {
        const i = state.pending.findIndex((p) => p.action.key === receipt.key)
        if (i >= 0) state.pending.splice(i, 1)
        if (state.receipts.has(receipt.key)) return
        const kept = viaJson(receipt)
        state.receipts.set(receipt.key, kept)
        state.receiptOrder.push(kept)
        appendAll(state, receipt.events)
      }),
    receipt: (key: string) => Effect.sync(() => state.receipts.get(key)),
    receipts: Stream.suspend(() => Stream.fromIterable([...state.receiptOrder])),
    acquire: (name: string, holder: string, ttl: number, now: Types.Millis) =>
      Effect.sync(() => {
        const current = state.leases.get(name)
        if (current !== undefined && current.holder !== holder && current.expiresAt > now) return false
        state.leases.set(name, { name, holder, expiresAt: (now + ttl) as Types.Millis })
        return true
      }),
    release: (name: string, holder: string) =>
      Effect.sync(() => {
        if (state.leases.get(name)?.holder === holder) state.leases.delete(name)
      }),
    snapshot: (name: string) => Effect.sync(() => state.snapshots.get(name)),
    putSnapshot: (name: string, seq: number, value: unknown) =>
      Effect.sync(() => {
        state.snapshots.set(name, { seq, value: viaJson(value) })
      }),
    exportLines: Stream.suspend(() => Stream.fromIterable(records(state).map((r) => Store.canonicalJson(encode(r))))),
    importLines: (lines: Stream.Stream<string, Store.StoreError>): Effect.Effect<void, Store.StoreError> =>
      Effect.gen(function*() {
        const all = yield* Stream.runCollect(lines)
        if (
          state.seq > 0 || state.items.size > 0 || state.schedules.length > 0 || state.cursors.size > 0 || state.pending.length > 0 ||
          state.receipts.size > 0 || state.snapshots.size > 0
        ) {
          return yield* Effect.fail(invalid("import needs an empty store"))
        }
        const parsed = parseLines(all)
        if (Result.isFailure(parsed)) return yield* Effect.fail(parsed.failure)
        state = parsed.success
      })
  }
  return service
}
