/**
 * The notifier port: delivers `Notify` actions (to a team member) and `Message` actions
 * (to a person outside the tracker, on the channel they used). The tracker-mention and
 * e-mail notifiers live in the adapters and the command line; core ships the in-memory one.
 *
 * @since 0.2.0
 * @module
 */
import { Context, type Effect, Schema } from "effect"
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
