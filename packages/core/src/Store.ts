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
import { Context, Effect, Layer, type Stream } from "effect"
import type * as Action from "./Action.js"
import * as memory from "./internal/ports/memoryStore.js"
import type * as Inquiry from "./Inquiry.js"
import type * as Tracker from "./Tracker.js"
import type * as Types from "./Types.js"

export {
  canonicalJson,
  compareEvents,
  eventKey,
  type Lease,
  type Pending,
  Record,
  ScheduleVersion,
  type Stored,
  StoreError
} from "./internal/ports/storeModel.js"
import type { Pending, ScheduleVersion, Stored, StoreError } from "./internal/ports/storeModel.js"

/**
 * The store port as an Effect service. Every write is atomic: it happens whole or not at all.
 *
 * @since 0.2.0
 * @category services
 */
export class Store extends Context.Service<Store, {
  /** Stores the events not stored yet (by inquiry and `Store.eventKey`); answers how many were new. */
  readonly append: (events: ReadonlyArray<Inquiry.Event>) => Effect.Effect<number, StoreError>
  /** One inquiry's events in `Store.compareEvents` order. */
  readonly events: (inquiry: Types.InquiryId) => Effect.Effect<ReadonlyArray<Inquiry.Event>, StoreError>
  /** Every event stored after sequence number `seq` (all with 0), in sequence order. */
  readonly changesAfter: (seq: number) => Stream.Stream<Stored, StoreError>
  /** Events whose instant lies in `[from, to)`, in `Store.compareEvents` order (for mining). */
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
