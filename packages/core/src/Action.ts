/**
 * Process actions as data. The decide functions of `Handoff`, `Escalation`,
 * `Promotion`, `Platforms` and `Postmortem` never touch a tracker: they return
 * `Action`s (assign, comment, label, create or update an issue, close, notify, ...)
 * that an adapter executes later. Every action carries an idempotency key derived
 * from what it is about, the shift it belongs to and its kind, so an executor that
 * records the keys it applied can rerun a plan after a crash without posting twice.
 *
 * @since 0.1.0
 * @module
 */
import { Schema } from "effect"
import { formatInstant } from "./internal/templates.js"
import * as Types from "./Types.js"

/**
 * An idempotency key: `scope:s<shift>:kind[:extra]`, where scope is usually an
 * inquiry id. Two actions with the same key are the same action.
 *
 * @since 0.1.0
 * @category models
 */
export type Key = string

// Only ":" separates parts; escaping it (and "%") keeps keys injective while
// leaving typical ids such as "support#12" readable.
const escapePart = (part: string): string => part.replace(/%/g, "%25").replace(/:/g, "%3A")

/**
 * Derives the idempotency key of an action from what it is about (an inquiry id or
 * another scope such as a contact), the shift index, the action kind, and an optional
 * extra parts that distinguish several actions of one kind (e.g. the recipient).
 *
 * @example
 * ```ts
 * import { Action } from "@sre-uxdd/core"
 *
 * Action.key("support#12", 7, "assign") // "support#12:s7:assign"
 * Action.key("support#12", 7, "notify", "ada") // "support#12:s7:notify:ada"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const key = (scope: string, shift: number, kind: string, ...extra: ReadonlyArray<string | undefined>): Key =>
  [escapePart(scope), `s${shift}`, escapePart(kind), ...extra.filter((e): e is string => e !== undefined).map(escapePart)].join(":")

/**
 * Who may read a comment: everyone following the support item, or the team only.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Visibility = Schema.Literals(["public", "internal"])

/**
 * @since 0.1.0
 * @category models
 */
export type Visibility = typeof Visibility.Type

/**
 * Why a support item is closed. A tracker adapter may show more than `Inquiry`'s own close
 * reasons (`resolved`, `stale`, `duplicate`): `promoted` and `known-issue` are resolutions,
 * recorded on the inquiry as `resolved`; `stale` is the stale rule's close (21 days without
 * the reporter, labelled `wontfix` by VisIt).
 *
 * @since 0.1.0
 * @category schemas
 */
export const CloseReason = Schema.Literals(["resolved", "promoted", "known-issue", "duplicate", "stale"])

/**
 * @since 0.1.0
 * @category models
 */
export type CloseReason = typeof CloseReason.Type

/**
 * Why an inquiry changes hands: a shift-end `handoff`, a `delegation` of the Primary
 * role (until `until`), the `delegation-end` handing it back, or a plain `assign`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AssignReason = Schema.Literals(["handoff", "delegation", "delegation-end", "assign"])

/**
 * @since 0.1.0
 * @category models
 */
export type AssignReason = typeof AssignReason.Type

/**
 * A product-development issue to create. `supportItem` is the back-reference every
 * product issue carries to the support inquiry it came from.
 *
 * @since 0.1.0
 * @category schemas
 */
export const IssueDraft = Schema.Struct({
  title: Schema.NonEmptyString,
  body: Schema.String,
  labels: Schema.Array(Schema.String),
  supportItem: Types.InquiryId,
  supportUrl: Schema.optionalKey(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type IssueDraft = typeof IssueDraft.Type

/**
 * The person an inquiry is opened for when they made first contact elsewhere.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Person = Schema.Struct({ name: Schema.NonEmptyString, handle: Schema.optionalKey(Schema.String) })

/**
 * @since 0.1.0
 * @category models
 */
export type Person = typeof Person.Type

/**
 * Every action a plan can return, as a tagged union (JSON-friendly: instants are
 * epoch milliseconds).
 *
 * - `Assign`: make `assignee` the owner of a support item (`reason` says why; `until`
 *   ends a delegation).
 * - `CarryOver`: record that `member` keeps a support item past the end of their shift.
 * - `Comment`: post `text` on a support item; when `issueFrom` is set, the executor
 *   replaces `{issue}` in the text with the reference of the issue created by the
 *   action with that key.
 * - `AddLabel` / `RemoveLabel`: change a support item's labels.
 * - `CreateIssue`: file a product-development issue from a support item.
 * - `UpdateIssue`: add information to a known product issue and change its labels.
 * - `Close`: close a support item with a reason.
 * - `Notify`: tell a team member something (chat, e-mail: the adapter decides).
 * - `Message`: reply to a person outside the tracker, through the channel they used; when
 *   `inquiryFrom` is set, the executor replaces `{inquiry}` in the text with the link (or,
 *   without one, the reference) of the inquiry opened by the action with that key, which
 *   comes before it in the plan.
 * - `OpenInquiry`: open a support item on a person's behalf.
 * - `Delegate`: record a formal delegation of the Primary role.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Action = Schema.TaggedUnion({
  Assign: {
    key: Schema.String,
    inquiry: Types.InquiryId,
    assignee: Types.MemberId,
    from: Schema.optionalKey(Types.MemberId),
    reason: Schema.optionalKey(AssignReason),
    until: Schema.optionalKey(Schema.Number)
  },
  CarryOver: { key: Schema.String, inquiry: Types.InquiryId, member: Types.MemberId, until: Schema.optionalKey(Schema.Number) },
  Comment: {
    key: Schema.String,
    inquiry: Types.InquiryId,
    text: Schema.String,
    visibility: Visibility,
    issueFrom: Schema.optionalKey(Schema.String)
  },
  AddLabel: { key: Schema.String, inquiry: Types.InquiryId, label: Schema.NonEmptyString },
  RemoveLabel: { key: Schema.String, inquiry: Types.InquiryId, label: Schema.NonEmptyString },
  CreateIssue: { key: Schema.String, inquiry: Types.InquiryId, draft: IssueDraft },
  UpdateIssue: {
    key: Schema.String,
    inquiry: Types.InquiryId,
    issue: Schema.NonEmptyString,
    text: Schema.String,
    addLabels: Schema.Array(Schema.String),
    removeLabels: Schema.Array(Schema.String)
  },
  Close: { key: Schema.String, inquiry: Types.InquiryId, reason: CloseReason },
  Notify: { key: Schema.String, member: Types.MemberId, text: Schema.String, inquiry: Schema.optionalKey(Types.InquiryId) },
  Message: { key: Schema.String, channel: Schema.String, recipient: Person, text: Schema.String, inquiryFrom: Schema.optionalKey(Schema.String) },
  OpenInquiry: {
    key: Schema.String,
    contact: Schema.NonEmptyString,
    reporter: Person,
    channel: Schema.String,
    title: Schema.NonEmptyString,
    body: Schema.String,
    assignee: Types.MemberId
  },
  Delegate: {
    key: Schema.String,
    from: Types.MemberId,
    to: Types.MemberId,
    start: Schema.Number,
    end: Schema.Number,
    reason: Schema.String
  }
})

/**
 * @since 0.1.0
 * @category models
 */
export type Action = typeof Action.Type

/**
 * Decodes actions from JSON-like data (e.g. a plan stored before a crash).
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeSync: (input: unknown) => ReadonlyArray<Action> = Types.decoderSync(Schema.Array(Action), "actions")

/**
 * The support item an action changes, or `undefined` for actions that touch no
 * support item (a notification, a message, a delegation, opening a new inquiry).
 * A `CreateIssue` or `UpdateIssue` changes the product tracker, so they return
 * `undefined` too; {@link about} gives the inquiry they come from.
 *
 * @since 0.1.0
 * @category getters
 */
export const target = (action: Action): Types.InquiryId | undefined => {
  switch (action._tag) {
    case "Assign":
    case "CarryOver":
    case "Comment":
    case "AddLabel":
    case "RemoveLabel":
    case "Close":
      return action.inquiry
    default:
      return undefined
  }
}

/**
 * The inquiry an action is about, whether it changes it or not.
 *
 * @since 0.1.0
 * @category getters
 */
export const about = (action: Action): Types.InquiryId | undefined => {
  switch (action._tag) {
    case "Message":
    case "OpenInquiry":
    case "Delegate":
      return undefined
    default:
      return action.inquiry
  }
}

/**
 * The actions of a plan not applied yet, given the keys an executor recorded. The
 * order of the plan is kept.
 *
 * @example
 * ```ts
 * import { Action, Types } from "@sre-uxdd/core"
 *
 * const inquiry = Types.InquiryId.make("support#1")
 * const plan: ReadonlyArray<Action.Action> = [
 *   { _tag: "Close", key: Action.key(inquiry, 3, "close"), inquiry, reason: "resolved" }
 * ]
 * Action.pending(plan, new Set(["support#1:s3:close"])) // []
 * ```
 *
 * @since 0.1.0
 * @category idempotence
 */
export const pending = (actions: ReadonlyArray<Action>, applied: Iterable<Key> | undefined): ReadonlyArray<Action> => {
  if (applied === undefined) return actions
  const done = applied instanceof Set ? (applied as ReadonlySet<Key>) : new Set(applied)
  return actions.filter((a) => !done.has(a.key))
}

/**
 * The keys of a plan, in order. An executor stores them once each action succeeded.
 *
 * @since 0.1.0
 * @category idempotence
 */
export const keys = (actions: ReadonlyArray<Action>): ReadonlyArray<Key> => actions.map((a) => a.key)

/**
 * Checks that no two actions of a plan share a key (a plan that did would lose an
 * action when rerun). Returns the duplicated keys, sorted.
 *
 * @since 0.1.0
 * @category idempotence
 */
export const duplicateKeys = (actions: ReadonlyArray<Action>): ReadonlyArray<Key> => {
  const seen = new Set<Key>()
  const dup = new Set<Key>()
  for (const a of actions) {
    if (seen.has(a.key)) dup.add(a.key)
    seen.add(a.key)
  }
  return [...dup].sort()
}

const oneLine = (text: string, max = 72): string => {
  const flat = text.replace(/\s+/g, " ").trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/**
 * A one-line, human-readable summary of an action (for dry runs and logs).
 *
 * @since 0.1.0
 * @category formatting
 */
export const describe = (action: Action): string => {
  switch (action._tag) {
    case "Assign":
      return `assign ${action.inquiry} to ${action.assignee}${action.from === undefined ? "" : ` (from ${action.from})`}`
    case "CarryOver":
      return `${action.member} carries ${action.inquiry} past the shift end`
    case "Comment":
      return `comment (${action.visibility}) on ${action.inquiry}: ${oneLine(action.text)}`
    case "AddLabel":
      return `label ${action.inquiry} +${action.label}`
    case "RemoveLabel":
      return `label ${action.inquiry} -${action.label}`
    case "CreateIssue":
      return `create product issue "${action.draft.title}" from ${action.inquiry}`
    case "UpdateIssue":
      return `update product issue ${action.issue} from ${action.inquiry}${action.addLabels.map((l) => ` +${l}`).join("")}${
        action.removeLabels.map((l) => ` -${l}`).join("")
      }`
    case "Close":
      return `close ${action.inquiry} (${action.reason})`
    case "Notify":
      return `notify ${action.member}${action.inquiry === undefined ? "" : ` about ${action.inquiry}`}: ${oneLine(action.text)}`
    case "Message":
      return `message ${action.recipient.name} via ${action.channel}: ${oneLine(action.text)}`
    case "OpenInquiry":
      return `open inquiry "${action.title}" in ${action.channel} for ${action.reporter.name}, assigned to ${action.assignee}`
    case "Delegate":
      return `delegate Primary from ${action.from} to ${action.to} (${formatInstant(action.start, "UTC")} to ${formatInstant(action.end, "UTC")})`
  }
}
