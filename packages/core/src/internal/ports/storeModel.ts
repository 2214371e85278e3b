// What the Store port and its in-memory implementation share: event identity and order,
// the records of an export, the store's error. It sits below both (Store re-exports it), so
// the memory store does not import its port back.
import { Schema } from "effect"
import * as Action from "../../Action.js"
import * as Inquiry from "../../Inquiry.js"
import * as Tracker from "./trackerModel.js"
import * as Types from "../../Types.js"

/**
 * The identity of an event within its inquiry: its tracker id when it has one, else its
 * content (the encoded event with sorted keys). Two events with the same inquiry and key are
 * the same event; every store keeps one.
 *
 * @since 0.2.0
 * @category identity
 */
export const eventKey = (event: Inquiry.Event): string => event.id !== undefined ? `id:${event.id}` : `content:${canonicalJson(event)}`

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
