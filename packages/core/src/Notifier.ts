/**
 * The notifier port: delivers `Notify` actions (to a team member) and `Message` actions
 * (to a person outside the tracker, on the channel they used). The tracker-mention and
 * e-mail notifiers live in the adapters and the command line; core ships the in-memory one.
 *
 * @since 0.2.0
 * @module
 */
import { Context, Effect, Layer, Schema } from "effect"
import type * as Action from "./Action.js"
import type * as Tracker from "./Tracker.js"
import type * as Types from "./Types.js"

/**
 * The actions a notifier delivers.
 *
 * @since 0.2.0
 * @category models
 */
export type NotifierAction = Extract<Action.Action, { readonly _tag: "Notify" | "Message" }>

/**
 * Whether an action is delivered by a notifier.
 *
 * @since 0.2.0
 * @category guards
 */
export const isNotifierAction = (action: Action.Action): action is NotifierAction => action._tag === "Notify" || action._tag === "Message"

/**
 * Why a delivery failed; `retryable` says whether trying again later may help.
 *
 * @since 0.2.0
 * @category errors
 */
export class NotifierError extends Schema.TaggedError<NotifierError>()("NotifierError", {
  reason: Schema.Literals(["unavailable", "rejected", "unknown-recipient", "unsupported-channel"]),
  detail: Schema.String,
  retryable: Schema.Boolean,
  key: Schema.optionalKey(Schema.String)
}) {
  override get message(): string {
    return `notifier ${this.reason}${this.key === undefined ? "" : ` (action ${this.key})`}: ${this.detail}`
  }
}

/**
 * The notifier port as an Effect service.
 *
 * @since 0.2.0
 * @category services
 */
export class Notifier extends Context.Service<Notifier, {
  /** Delivers one action; a receipt with outcome `delivered`. */
  readonly deliver: (action: NotifierAction, now: Types.Millis) => Effect.Effect<Tracker.Receipt, NotifierError>
}>()("@sre-uxdd/core/Notifier") {}

/**
 * One delivery the in-memory notifier recorded.
 *
 * @since 0.2.0
 * @category models
 */
export interface Delivery {
  readonly key: string
  /** The member (for `Notify`) or the person's name and channel (for `Message`). */
  readonly to: string
  readonly text: string
  readonly inquiry: string | undefined
  readonly at: Types.Millis
}

/**
 * The in-memory notifier: the {@link Notifier} service, what it delivered, and fault
 * injection. A key delivered before is not delivered again (as a mention notifier finds its
 * marker), and answers `delivered` with the first delivery's instant.
 *
 * @since 0.2.0
 * @category models
 */
export interface MemoryNotifier {
  readonly service: Notifier["Service"]
  /** Deliveries in order. */
  readonly deliveries: Effect.Effect<ReadonlyArray<Delivery>>
  /** Every attempt, including repeated keys. */
  readonly attempts: Effect.Effect<number>
  /** The next `n` deliveries fail with a retryable outage. */
  readonly failNext: (n: number) => Effect.Effect<void>
  readonly reset: Effect.Effect<void>
}

/**
 * Builds an in-memory notifier.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Notifier, Types } from "@sre-uxdd/core"
 *
 * const program = Effect.gen(function* () {
 *   const memory = yield* Notifier.makeMemory
 *   yield* memory.service.deliver({ _tag: "Notify", key: "n1", member: Types.MemberId.make("ada"), text: "Hi" }, 0)
 *   return (yield* memory.deliveries).map((d) => d.to)
 * })
 * Effect.runSync(program) // ["ada"]
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const makeMemory: Effect.Effect<MemoryNotifier> = Effect.sync(() => {
  const delivered = new Map<string, Delivery>()
  const order: Array<Delivery> = []
  let attempts = 0
  let failing = 0
  const deliver = (action: NotifierAction, now: Types.Millis): Effect.Effect<Tracker.Receipt, NotifierError> =>
    Effect.suspend(() => {
      attempts++
      if (failing > 0) {
        failing--
        return Effect.fail(new NotifierError({ reason: "unavailable", detail: "injected outage", retryable: true, key: action.key }))
      }
      let d = delivered.get(action.key)
      if (d === undefined) {
        d = {
          key: action.key,
          to: action._tag === "Notify" ? action.member : `${action.recipient.name} via ${action.channel}`,
          text: action.text,
          inquiry: action._tag === "Notify" ? action.inquiry : undefined,
          at: now
        }
        delivered.set(action.key, d)
        order.push(d)
      }
      return Effect.succeed({
        key: action.key,
        action: action._tag,
        outcome: "delivered" as const,
        executedAt: d.at,
        detail: `delivered to ${d.to}`,
        requests: 1,
        events: []
      })
    })
  return {
    service: Notifier.of({ deliver }),
    deliveries: Effect.sync(() => [...order]),
    attempts: Effect.sync(() => attempts),
    failNext: (n) =>
      Effect.sync(() => {
        failing = Math.max(0, n)
      }),
    reset: Effect.sync(() => {
      delivered.clear()
      order.length = 0
      attempts = 0
      failing = 0
    })
  }
})

/**
 * A layer with a fresh in-memory notifier each time it is built.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerMemory: Layer.Layer<Notifier> = Layer.effect(Notifier, Effect.map(makeMemory, (m) => m.service))
