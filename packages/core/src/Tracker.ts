/**
 * The tracker port: what any issue tracker adapter (GitHub, Jira, the in-memory tracker)
 * provides so the process can run on it, and no more. An adapter lists the support items
 * changed since a cursor, gives one item's history as `Inquiry` events, and executes one
 * tracker action idempotently by its key, reading the result back and returning a
 * {@link Receipt}. Everything else (what is due, who owns what, fallbacks for what a
 * tracker cannot do) is derived in core by the `Runner`.
 *
 * @since 0.2.0
 * @module
 */
import { Context, Effect, Layer, type Stream } from "effect"
import * as memory from "./internal/ports/memoryTracker.js"
import type * as Inquiry from "./Inquiry.js"
import type * as Types from "./Types.js"

export {
  type Capabilities,
  type Cursor,
  isTrackerAction,
  Item,
  mention,
  ownerLabelPrefix,
  type MemoryOptions,
  type MemorySource,
  type Page,
  Receipt,
  renderMentions,
  type TrackerAction,
  trackerActionTags,
  TrackerError
} from "./internal/ports/trackerModel.js"
import type { Capabilities, Cursor, Item, MemoryOptions, Page, Receipt, TrackerAction, TrackerError } from "./internal/ports/trackerModel.js"

/**
 * The tracker port as an Effect service.
 *
 * @since 0.2.0
 * @category services
 */
export class Tracker extends Context.Service<Tracker, {
  /** A stable name of this tracker (e.g. `github`), the prefix of its sources' cursors in the store. */
  readonly name: string
  /** The sources the adapter reads (e.g. `issues:org/support`, `discussions:org/repo:Q&A`). */
  readonly sources: ReadonlyArray<string>
  /** The items changed in `source` since `cursor` (all of them without one), a page at a time. */
  readonly changes: (source: string, cursor: Cursor | undefined) => Stream.Stream<Page, TrackerError>
  /** One item's whole history as events, and its current state. */
  readonly history: (inquiry: Types.InquiryId) => Effect.Effect<{ readonly item: Item; readonly events: ReadonlyArray<Inquiry.Event> }, TrackerError>
  /** What the tracker can do for this item. */
  readonly capabilities: (inquiry: Types.InquiryId | undefined) => Capabilities
  /**
   * Executes one action once: when the action's key is already on the tracker (a hidden
   * marker, an entity property) or the state it sets already holds, writes nothing and
   * answers `already-done`. Writes are read back; a write the tracker silently dropped is a
   * `permission` error.
   */
  readonly execute: (action: TrackerAction, now: Types.Millis) => Effect.Effect<Receipt, TrackerError>
  /** The tracker requests an action would cost, for dry runs and the write budget. */
  readonly cost: (action: TrackerAction) => number
}>()("@sre-uxdd/core/Tracker") {}

/**
 * What is on the in-memory tracker for one item.
 *
 * @since 0.2.0
 * @category models
 */
export interface MemoryView {
  readonly open: boolean
  readonly assignees: ReadonlyArray<string>
  readonly labels: ReadonlyArray<string>
  readonly comments: ReadonlyArray<{ readonly author: string; readonly body: string }>
  /** How it was closed, as GitHub names it: `completed`, `not-planned` (stale), `duplicate`. */
  readonly closeReason: string | undefined
}

/**
 * The in-memory tracker: the {@link Tracker} service, and the controls a test or an example
 * uses to act on the tracker as its users and team members would, to inject faults and to
 * look at what is on it. Every comment the runner writes ends with the hidden marker
 * `<!-- sre-uxdd:KEY -->` of its action; an action whose key (or whose state) is already on
 * the tracker is answered `already-done` without a write. Every item's timeline entry maps
 * to one event with a stable id, the same in receipts and in later syncs.
 *
 * @since 0.2.0
 * @category models
 */
export interface MemoryTracker {
  readonly service: Tracker["Service"]
  readonly members: ReadonlyArray<Types.MemberId>
  readonly user: string
  readonly bot: string
  /** Empties the tracker. */
  readonly reset: Effect.Effect<void>
  /** Someone opens an item at `at` (epoch ms) in `source` (default the first). */
  readonly open: (input: {
    readonly title: string
    readonly body: string
    readonly author: string
    readonly at: number
    readonly source?: string | undefined
    readonly labels?: ReadonlyArray<string> | undefined
  }) => Effect.Effect<Types.InquiryId>
  /** Someone comments (public unless `visibility` says otherwise); on an unknown item, `not-found` (as for the other controls). */
  readonly comment: (
    inquiry: Types.InquiryId,
    input: { readonly author: string; readonly body: string; readonly at: number; readonly visibility?: "public" | "internal" | undefined }
  ) => Effect.Effect<void, TrackerError>
  /** Someone adds (or, with `remove`, removes) a label. */
  readonly label: (
    inquiry: Types.InquiryId,
    input: { readonly label: string; readonly actor: string; readonly at: number; readonly remove?: boolean | undefined }
  ) => Effect.Effect<void, TrackerError>
  /** A team member records an event the way the tracker shows it (a resolution, a serious mark, a close). */
  readonly record: (event: Inquiry.Event) => Effect.Effect<void, TrackerError>
  /** Makes the item's history unreplayable (a comment dated before the item opened). */
  readonly corrupt: (inquiry: Types.InquiryId) => Effect.Effect<void, TrackerError>
  /** What is on the tracker for one item: open or closed, assignees, labels, comments (a defect for an unknown item). */
  readonly view: (inquiry: Types.InquiryId) => Effect.Effect<MemoryView>
  /** Everything on the tracker, deterministic, for comparing two runs. */
  readonly dump: Effect.Effect<ReadonlyArray<unknown>>
  /** The product issues created. */
  readonly products: Effect.Effect<
    ReadonlyArray<
      { readonly reference: string; readonly title: string; readonly body: string; readonly labels: ReadonlyArray<string>; readonly supportItem: string }
    >
  >
  /** After `after` more requests succeed, the next `n` fail with a retryable outage (`n = 0` clears it). */
  readonly failNext: (n: number, after?: number) => Effect.Effect<void>
  /** Requests received and writes made since the last reset. */
  readonly stats: Effect.Effect<{ readonly requests: number; readonly writes: number }>
  /** One line per write, in order. */
  readonly writeLog: Effect.Effect<ReadonlyArray<string>>
}

/**
 * Builds an empty in-memory tracker.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Tracker, Types } from "@sre-uxdd/core"
 *
 * const program = Effect.gen(function* () {
 *   const memory = yield* Tracker.makeMemory({ members: ["ada", "bob"] })
 *   const inquiry = yield* memory.open({ title: "Crash", body: "It crashes", author: "kim", at: 0 })
 *   const action = { _tag: "Assign" as const, key: "k1", inquiry, assignee: Types.MemberId.make("ada") }
 *   const first = yield* memory.service.execute(action, 1_000)
 *   const again = yield* memory.service.execute(action, 2_000)
 *   return [first.outcome, again.outcome]
 * })
 * Effect.runSync(program) // ["written", "already-done"]
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const makeMemory = (options: MemoryOptions): Effect.Effect<MemoryTracker> =>
  Effect.sync(() => {
    const m = memory.make(options)
    return { ...m, service: Tracker.of(m.service) }
  })

/**
 * A layer with a fresh in-memory tracker each time it is built.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerMemory = (options: MemoryOptions): Layer.Layer<Tracker> => Layer.effect(Tracker, Effect.map(makeMemory(options), (m) => m.service))
