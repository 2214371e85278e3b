/**
 * The store port: the durable, queryable history of the support process beside the tracker.
 * Inquiry events (each kept once), item snapshots, published schedule versions, sync cursors
 * per source, the queue of pending actions with the receipts of executed ones, leases, and
 * named snapshots of replayed state that make a tick incremental. Everything can be exported
 * as JSON Lines and imported into any implementation.
 *
 * @since 0.2.0
 * @module
 */
import { Context, Effect, Layer, Schema, type Stream } from "effect"
import * as Action from "./Action.js"
import * as memory from "./internal/ports/memoryStore.js"
import * as Inquiry from "./Inquiry.js"
import * as Tracker from "./Tracker.js"
import * as Types from "./Types.js"

/**
 * The identity of an event within its inquiry: its tracker id when it has one, else its
 * content (the encoded event with sorted keys). Two events with the same inquiry and key are
 * the same event; every store keeps one.
 *
 * @since 0.2.0
 * @category identity
 */
export const eventKey = (event: Inquiry.Event): string =>
  event.id !== undefined ? `id:${event.id}` : `content:${canonicalJson(event)}`

/**
 * JSON with object keys sorted, so equal values always have equal text.
 *
 * @since 0.2.0
 * @category identity
 */
export const canonicalJson = (value: unknown): string => JSON.stringify(sortKeys(value))

const sortKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value !== null && typeof value === "object") {
    const out: { [k: string]: unknown } = {}
    for (const k of Object.keys(value).sort()) {
      const v = (value as { readonly [k: string]: unknown })[k]
      if (v !== undefined) out[k] = sortKeys(v)
    }
    return out
  }
  return value
}

/**
 * The order in which a store returns an inquiry's events and its whole log: by instant,
 * then inquiry, then {@link eventKey}. It does not depend on the order events were appended.
 *
 * @since 0.2.0
 * @category ordering
 */
export const compareEvents = (a: Inquiry.Event, b: Inquiry.Event): number => {
  const ta = Types.toMillis(a.at)
  const tb = Types.toMillis(b.at)
  if (ta !== tb) return ta < tb ? -1 : 1
  if (a.inquiry !== b.inquiry) return a.inquiry < b.inquiry ? -1 : 1
  const ka = eventKey(a)
  const kb = eventKey(b)
  return ka < kb ? -1 : ka > kb ? 1 : 0
}

/**
 * An event with the store's sequence number: increasing in the order events were first
 * stored, the cursor of `Store.changesAfter`.
 *
 * @since 0.2.0
 * @category models
 */
export interface Stored {
  readonly seq: number
  readonly event: Inquiry.Event
}

/**
 * A published version of the schedule: the document the team commits beside its profile
 * (duties, swaps, covers, absences as data), mirrored in the store.
 *
 * @since 0.2.0
 * @category schemas
 */
export const ScheduleVersion = Schema.Struct({
  version: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)),
  publishedAt: Schema.Number,
  reason: Schema.String,
  document: Schema.Unknown
})

/**
 * @since 0.2.0
 * @category models
 */
export type ScheduleVersion = typeof ScheduleVersion.Type

/**
 * An action waiting to be executed, with when it was queued (the write budget takes the
 * oldest first).
 *
 * @since 0.2.0
 * @category models
 */
export interface Pending {
  readonly action: Action.Action
  readonly queuedAt: Types.Millis
}

/**
 * A lease a holder has until `expiresAt`.
 *
 * @since 0.2.0
 * @category models
 */
export interface Lease {
  readonly name: string
  readonly holder: string
  readonly expiresAt: Types.Millis
}

/**
 * One line of an export: every record of the store as tagged JSON. An import of the lines of
 * an export yields a store whose export is the same lines.
 *
 * @since 0.2.0
 * @category schemas
 */
export const Record = Schema.Union([
  Schema.Struct({ kind: Schema.Literal("format"), version: Schema.Literal(1) }),
  Schema.Struct({ kind: Schema.Literal("event"), seq: Schema.Number, event: Inquiry.Event }),
  Schema.Struct({ kind: Schema.Literal("item"), item: Tracker.Item }),
  Schema.Struct({ kind: Schema.Literal("schedule"), schedule: ScheduleVersion }),
  Schema.Struct({ kind: Schema.Literal("cursor"), source: Schema.String, cursor: Schema.String }),
  Schema.Struct({ kind: Schema.Literal("pending"), queuedAt: Schema.Number, action: Action.Action }),
  Schema.Struct({ kind: Schema.Literal("receipt"), receipt: Tracker.Receipt }),
  Schema.Struct({ kind: Schema.Literal("snapshot"), name: Schema.String, seq: Schema.Number, value: Schema.Unknown })
])

/**
 * @since 0.2.0
 * @category models
 */
export type Record = typeof Record.Type

/**
 * Why a store operation failed. `retryable` says whether the same call may succeed later
 * (a busy database, a lost connection).
 *
 * @since 0.2.0
 * @category errors
 */
export class StoreError extends Schema.TaggedError<StoreError>()("StoreError", {
  reason: Schema.Literals(["unavailable", "corrupt", "version-too-new", "invalid-input", "denied", "busy"]),
  detail: Schema.String,
  retryable: Schema.Boolean
}) {
  override get message(): string {
    return `store ${this.reason}: ${this.detail}`
  }
}

/**
 * The store port as an Effect service. Every write is atomic: it happens whole or not at all.
 *
 * @since 0.2.0
 * @category services
 */
export class Store extends Context.Service<Store, {
  /** Stores the events not stored yet (by inquiry and {@link eventKey}); answers how many were new. */
  readonly append: (events: ReadonlyArray<Inquiry.Event>) => Effect.Effect<number, StoreError>
  /** One inquiry's events in {@link compareEvents} order. */
  readonly events: (inquiry: Types.InquiryId) => Effect.Effect<ReadonlyArray<Inquiry.Event>, StoreError>
  /** Every event stored after sequence number `seq` (all with 0), in sequence order. */
  readonly changesAfter: (seq: number) => Stream.Stream<Stored, StoreError>
  /** Events whose instant lies in `[from, to)`, in {@link compareEvents} order (for mining). */
  readonly eventsBetween: (from: Types.Millis, to: Types.Millis) => Stream.Stream<Inquiry.Event, StoreError>
  /** The highest sequence number stored (0 when empty). */
  readonly lastSeq: Effect.Effect<number, StoreError>
  /** Stores the current state of items (replacing what was stored for them). */
  readonly putItems: (items: ReadonlyArray<Tracker.Item>) => Effect.Effect<void, StoreError>
  /** The stored state of one item. */
  readonly item: (inquiry: Types.InquiryId) => Effect.Effect<Tracker.Item | undefined, StoreError>
  /** Items in a state, ordered by inquiry id. */
  readonly items: (state?: "open" | "closed") => Stream.Stream<Tracker.Item, StoreError>
  /** Appends the next schedule version; fails with `invalid-input` unless `version` is the latest plus one. */
  readonly publishSchedule: (version: ScheduleVersion) => Effect.Effect<void, StoreError>
  /** The latest published schedule version. */
  readonly latestSchedule: Effect.Effect<ScheduleVersion | undefined, StoreError>
  /** Every published version, oldest first. */
  readonly schedules: Stream.Stream<ScheduleVersion, StoreError>
  /** The cursor stored for a source. */
  readonly cursor: (source: string) => Effect.Effect<Tracker.Cursor | undefined, StoreError>
  /** Stores a source's cursor (call only after the events read before it are stored). */
  readonly setCursor: (source: string, cursor: Tracker.Cursor) => Effect.Effect<void, StoreError>
  /** Queues the actions whose key is neither pending nor executed; answers how many were new. */
  readonly enqueue: (actions: ReadonlyArray<Action.Action>, now: Types.Millis) => Effect.Effect<number, StoreError>
  /** Pending actions, oldest first (then in the order they were queued). */
  readonly pending: (limit?: number) => Effect.Effect<ReadonlyArray<Pending>, StoreError>
  /**
   * Records that an action was executed, in one transaction: its receipt, its resulting events
   * (appended idempotently) and its removal from the queue. Recording a key twice keeps the first receipt.
   */
  readonly complete: (receipt: Tracker.Receipt) => Effect.Effect<void, StoreError>
  /** The receipt of an executed action. */
  readonly receipt: (key: Action.Key) => Effect.Effect<Tracker.Receipt | undefined, StoreError>
  /** Receipts in the order they were recorded. */
  readonly receipts: Stream.Stream<Tracker.Receipt, StoreError>
  /**
   * Takes or renews the lease `name` for `holder` until `now + ttl`; answers whether `holder`
   * holds it. Another holder's unexpired lease is never taken.
   */
  readonly acquire: (name: string, holder: string, ttl: number, now: Types.Millis) => Effect.Effect<boolean, StoreError>
  /** Gives the lease up if `holder` holds it. */
  readonly release: (name: string, holder: string) => Effect.Effect<void, StoreError>
  /** A named snapshot of derived state, valid up to sequence number `seq`. */
  readonly snapshot: (name: string) => Effect.Effect<{ readonly seq: number; readonly value: unknown } | undefined, StoreError>
  /** Replaces a named snapshot. */
  readonly putSnapshot: (name: string, seq: number, value: unknown) => Effect.Effect<void, StoreError>
  /** Every record, one JSON text per line in a deterministic order, starting with the format line. */
  readonly exportLines: Stream.Stream<string, StoreError>
  /** Imports the lines of an export into an empty store; fails with `invalid-input` naming the line. */
  readonly importLines: (lines: Stream.Stream<string, StoreError>) => Effect.Effect<void, StoreError>
}>()("@sre-uxdd/core/Store") {}

/**
 * An empty in-memory store, for tests, examples and dry runs. Every operation is atomic;
 * values are copied through JSON on the way in, as a database would. Leases are kept but
 * not exported (they belong to running processes, not to the record).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Store } from "@sre-uxdd/core"
 *
 * const program = Effect.gen(function* () {
 *   const store = yield* Store.makeMemory
 *   const taken = yield* store.acquire("runner", "job-1", 60_000, 0)
 *   const other = yield* store.acquire("runner", "job-2", 60_000, 1_000)
 *   return [taken, other]
 * })
 * Effect.runSync(program) // [true, false]
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const makeMemory: Effect.Effect<Store["Service"]> = Effect.sync(() => Store.of(memory.make()))

/**
 * A layer with a fresh, empty {@link makeMemory} store each time it is built.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerMemory: Layer.Layer<Store> = Layer.effect(Store, makeMemory)
