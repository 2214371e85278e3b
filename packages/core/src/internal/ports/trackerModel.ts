// What the Tracker port and its in-memory implementation share: the tracker actions, item
// states, pages, receipts, capabilities, the error and the mention placeholder. It sits below
// both (Tracker re-exports it), so the memory tracker does not import its port back.
import { Schema } from "effect"
import type * as Action from "../../Action.js"
import * as Inquiry from "../../Inquiry.js"
import * as Types from "../../Types.js"

/**
 * An opaque, adapter-defined resume point of one source (a watermark, page tokens, ETags).
 * The runner stores it only after the events read before it are stored.
 *
 * @since 0.2.0
 * @category models
 */
export type Cursor = string

/**
 * The tracker actions: the `Action`s a tracker adapter executes (notifications and
 * messages go to a `Notifier`; a delegation is a record in the store).
 *
 * @since 0.2.0
 * @category models
 */
export type TrackerAction = Extract<
  Action.Action,
  { readonly _tag: "Assign" | "Comment" | "AddLabel" | "RemoveLabel" | "Close" | "CreateIssue" | "UpdateIssue" | "OpenInquiry" | "CarryOver" }
>

/**
 * The tags of {@link TrackerAction}.
 *
 * @since 0.2.0
 * @category models
 */
export const trackerActionTags: ReadonlyArray<TrackerAction["_tag"]> = [
  "Assign",
  "Comment",
  "AddLabel",
  "RemoveLabel",
  "Close",
  "CreateIssue",
  "UpdateIssue",
  "OpenInquiry",
  "CarryOver"
]

/**
 * Whether an action is executed by the tracker.
 *
 * @since 0.2.0
 * @category guards
 */
export const isTrackerAction = (action: Action.Action): action is TrackerAction => (trackerActionTags as ReadonlyArray<string>).includes(action._tag)

/**
 * The current state of a support item as the tracker shows it: what the runner needs besides
 * the event history (labels for the stale rule's exemptions, the assignees to compare with
 * the owner the process expects).
 *
 * @since 0.2.0
 * @category schemas
 */
export const Item = Schema.Struct({
  inquiry: Types.InquiryId,
  source: Schema.NonEmptyString,
  title: Schema.String,
  url: Schema.optionalKey(Schema.String),
  state: Schema.Literals(["open", "closed"]),
  labels: Schema.Array(Schema.String),
  /** Roster member ids assigned on the tracker (people outside the roster are left out). */
  assignees: Schema.Array(Types.MemberId),
  /** When the tracker last changed the item, epoch milliseconds. */
  updatedAt: Schema.Number
})

/**
 * @since 0.2.0
 * @category models
 */
export type Item = typeof Item.Type

/**
 * One page of changes: the items changed and their new events, then the cursor to resume
 * after this page. An adapter may return events it returned before (an overlapping
 * watermark); the store keeps each event once by its id.
 *
 * @since 0.2.0
 * @category models
 */
export interface Page {
  readonly items: ReadonlyArray<Item>
  readonly events: ReadonlyArray<Inquiry.Event>
  readonly cursor: Cursor
}

/**
 * What an executed action did, kept in the store under the action's key: what was written,
 * where, the reference of anything created (a product issue, a new inquiry), the requests it
 * cost and the events it produced, so that replay agrees with the tracker.
 *
 * - `written`: the tracker was changed now.
 * - `already-done`: the adapter found the action's marker (or the state it sets) and wrote nothing.
 * - `fallback`: the tracker cannot do this action; the runner did what stands in for it
 *   (e.g. a mention and a label for an assignment in GitHub Discussions), named in `detail`.
 * - `delivered`: a notifier delivered a notification or a message.
 *
 * @since 0.2.0
 * @category schemas
 */
export const Receipt = Schema.Struct({
  key: Schema.String,
  action: Schema.NonEmptyString,
  outcome: Schema.Literals(["written", "already-done", "fallback", "delivered"]),
  executedAt: Schema.Number,
  detail: Schema.String,
  url: Schema.optionalKey(Schema.String),
  reference: Schema.optionalKey(Schema.String),
  requests: Schema.Number,
  events: Schema.Array(Inquiry.Event)
})

/**
 * @since 0.2.0
 * @category models
 */
export type Receipt = typeof Receipt.Type

/**
 * What a tracker can do for one item, declared up front so that the runner falls back
 * (never silently dropping an action) instead of failing late.
 *
 * @since 0.2.0
 * @category models
 */
export interface Capabilities {
  /** Items can have assignees (GitHub Discussions cannot: the runner mentions and labels instead). */
  readonly assign: boolean
  readonly labels: boolean
  /** Comments visible to the team only. */
  readonly internalComments: boolean
  /** Close reasons the tracker can record; others are recorded as `resolved` with a comment. */
  readonly closeReasons: ReadonlyArray<Action.CloseReason>
  /** Product issues can be created (a product project or repository is configured). */
  readonly createIssue: boolean
  /** Inquiries can be opened on a person's behalf. */
  readonly openInquiry: boolean
}

/**
 * The label the runner adds in place of an assignment the tracker cannot make.
 *
 * @since 0.2.0
 * @category constants
 */
export const ownerLabelPrefix = "sre:owner:"

/**
 * Why a tracker operation failed. `retryable` says whether the same call may succeed later
 * (rate limits, outages); `retryAfter` is the wait the tracker asked for, in milliseconds.
 *
 * @since 0.2.0
 * @category errors
 */
export class TrackerError extends Schema.TaggedError<TrackerError>()("TrackerError", {
  reason: Schema.Literals(["rate-limited", "unavailable", "not-found", "permission", "invalid-request", "invalid-response", "conflict", "unsupported"]),
  detail: Schema.String,
  retryable: Schema.Boolean,
  retryAfter: Schema.optionalKey(Schema.Number),
  inquiry: Schema.optionalKey(Schema.String),
  key: Schema.optionalKey(Schema.String)
}) {
  override get message(): string {
    const where = [this.inquiry === undefined ? undefined : `item ${this.inquiry}`, this.key === undefined ? undefined : `action ${this.key}`]
      .filter((w) => w !== undefined)
      .join(", ")
    return `tracker ${this.reason}${where === "" ? "" : ` (${where})`}: ${this.detail}`
  }
}

/**
 * The placeholder for a member's mention in action texts, which the adapter replaces with
 * the tracker's mention syntax (`@login`, an ADF mention by accountId), or the display name
 * where it has no handle.
 *
 * @since 0.2.0
 * @category formatting
 */
export const mention = (member: Types.MemberId | string): string => `{@${member}}`

/**
 * Replaces every {@link mention} placeholder in `text` using `render` (the member id in,
 * the tracker's mention out).
 *
 * @since 0.2.0
 * @category formatting
 */
export const renderMentions = (text: string, render: (member: string) => string): string =>
  text.replace(/\{@([^{}\s]+)\}/g, (_, member: string) => render(member))

/**
 * A source of the in-memory tracker: its name (the prefix of its inquiry ids, `name#n`), the
 * channel its `opened` events carry, and what it cannot do (e.g. a discussions-like source
 * with `assign: false`).
 *
 * @since 0.2.0
 * @category models
 */
export interface MemorySource {
  readonly name: string
  readonly channel?: string | undefined
  readonly capabilities?: Partial<Capabilities> | undefined
}

/**
 * Options of the in-memory tracker.
 *
 * @since 0.2.0
 * @category models
 */
export interface MemoryOptions {
  /** The tracker's tracker name (default `memory`). */
  readonly name?: string | undefined
  /** The roster member ids; assignees outside it are not reported on an `Item`. */
  readonly members: ReadonlyArray<string>
  /** A user outside the roster, for harnesses (default `user`). */
  readonly user?: string | undefined
  /** The actor of everything the tracker writes for the runner (default `sre-uxdd[bot]`). */
  readonly bot?: string | undefined
  /** Its sources (default one source, `support`, that can do everything). */
  readonly sources?: ReadonlyArray<MemorySource> | undefined
  /** Timeline entries per page of `changes` (default 50). */
  readonly pageSize?: number | undefined
  /** Labels that set a workflow status (default `waiting-on-reporter`); removing one sets `in-progress`. */
  readonly statusLabels?: { readonly [label: string]: Inquiry.WorkflowStatus } | undefined
}
