// The vocabulary of `Inquiry`: the event schemas, the response policy and the replayed
// state. They live here, below both `Inquiry` (which re-exports them) and the replay fold
// (internal/inquiry/replay.ts), so that neither imports the other back.
import { Schema } from "effect"
import * as decodeInternal from "./decode.js"
import * as Types from "../../Types.js"

// ---------------------------------------------------------------------------
// Event schemas
// ---------------------------------------------------------------------------

/**
 * An instant as written in events: an ISO-8601 string with an explicit offset,
 * e.g. `"2024-01-05T17:30:00Z"` or `"2024-01-05T09:30:00-08:00"`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Timestamp = Schema.String.check(
  Schema.makeFilter((s: string) => decodeInternal.isInstant(s), {
    message: "expected an ISO-8601 instant with an offset, e.g. 2024-01-05T17:30:00Z"
  })
)

/**
 * Who did something: a team member id, or the tracker-neutral id of a user or bot.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Actor = Schema.NonEmptyString

/**
 * Workflow status set by the team. `waiting-on-reporter` pauses the resolution
 * clock by default and feeds the stale rule; `waiting-on-third-party` can be made
 * to pause it too (the resolution clock's `pauseOn` option).
 *
 * @since 0.1.0
 * @category schemas
 */
export const WorkflowStatus = Schema.Literals(decodeInternal.workflowStatuses)

/**
 * @since 0.1.0
 * @category models
 */
export type WorkflowStatus = typeof WorkflowStatus.Type

/**
 * The seed's kinds of resolution: answering (or pointing to documentation),
 * diagnosing, a work-around, a reproducer, a low-hanging-fruit fix, finding and
 * updating a known issue, promoting to a product-development issue.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResolutionKind = Schema.Literals(decodeInternal.resolutionKinds)

/**
 * @since 0.1.0
 * @category models
 */
export type ResolutionKind = typeof ResolutionKind.Type

/**
 * Why an inquiry was closed: `resolved`, `stale` (no reporter activity: wontfix),
 * or `duplicate`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CloseReason = Schema.Literals(decodeInternal.closeReasons)

/**
 * @since 0.1.0
 * @category models
 */
export type CloseReason = typeof CloseReason.Type

/**
 * How an enlisted developer answers the Primary: the seed lets them delay or decline.
 *
 * @since 0.1.0
 * @category schemas
 */
export const EnlistmentReply = Schema.Literals(decodeInternal.enlistmentReplies)

/**
 * @since 0.1.0
 * @category models
 */
export type EnlistmentReply = typeof EnlistmentReply.Type

const base = {
  inquiry: Types.InquiryId,
  at: Timestamp,
  actor: Actor,
  /**
   * A stable id from the tracker (e.g. a comment id), unique within the inquiry, so a store
   * keeps each event once however often it is synced. Events without one are identified by
   * their content (`Store.eventKey`).
   */
  id: Schema.optionalKey(Schema.NonEmptyString)
} as const

/**
 * First contact. `actor` created the record; `reporter` is the user it is for (a team
 * member may open an inquiry on a user's behalf). `channel` is where it came in
 * (e.g. `"github-discussion"`, `"email"`, `"hotline"`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Opened = Schema.Struct({
  type: Schema.Literal("opened"),
  ...base,
  channel: Schema.NonEmptyString,
  reporter: Actor,
  title: Schema.String,
  labels: Schema.optionalKey(Schema.Array(Schema.String)),
  priority: Schema.optionalKey(Schema.NonEmptyString),
  /** The first message's text, kept so the activity database can be mined (adapters may leave it out). */
  body: Schema.optionalKey(Schema.String)
})

/**
 * A comment: `public` (the reporter sees it) or `internal` (a team note, never a response).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Commented = Schema.Struct({
  type: Schema.Literal("commented"),
  ...base,
  visibility: Schema.Literals(decodeInternal.visibilities)
})

/**
 * An explicit response outside the comment thread (a phone call, an email). The actor
 * must qualify as a responder under the {@link ResponsePolicy}, or replay fails.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Responded = Schema.Struct({
  type: Schema.Literal("responded"),
  ...base,
  channel: Schema.optionalKey(Schema.NonEmptyString)
})

/**
 * The team moved the inquiry to another workflow status.
 *
 * @since 0.1.0
 * @category schemas
 */
export const StatusChanged = Schema.Struct({
  type: Schema.Literal("status-changed"),
  ...base,
  status: WorkflowStatus
})

/**
 * The priority changed. The response goal is re-picked from the new priority and the
 * covered time already elapsed carries over (never restarts).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Reprioritized = Schema.Struct({
  type: Schema.Literal("reprioritized"),
  ...base,
  priority: Schema.NonEmptyString
})

/**
 * The Primary escalated the inquiry (enlisting the Backup, then others, follows as
 * {@link Enlisted} events).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Escalated = Schema.Struct({
  type: Schema.Literal("escalated"),
  ...base,
  reason: Schema.optionalKey(Schema.String)
})

/**
 * Another developer was asked to help.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Enlisted = Schema.Struct({
  type: Schema.Literal("enlisted"),
  ...base,
  member: Types.MemberId
})

/**
 * An enlisted developer's answer: accept, delay (optionally `until` an instant) or decline.
 *
 * @since 0.1.0
 * @category schemas
 */
export const EnlistmentReplied = Schema.Struct({
  type: Schema.Literal("enlistment-replied"),
  ...base,
  member: Types.MemberId,
  reply: EnlistmentReply,
  until: Schema.optionalKey(Timestamp)
})

/**
 * The Primary formally delegated the inquiry (usually to the Backup) for a period;
 * without `until`, until the end of the current shift.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Delegated = Schema.Struct({
  type: Schema.Literal("delegated"),
  ...base,
  from: Types.MemberId,
  to: Types.MemberId,
  until: Schema.optionalKey(Timestamp)
})

/**
 * The outgoing Primary handed the inquiry to the next one at the end of a shift.
 *
 * @since 0.1.0
 * @category schemas
 */
export const HandedOff = Schema.Struct({
  type: Schema.Literal("handed-off"),
  ...base,
  from: Types.MemberId,
  to: Types.MemberId
})

/**
 * The outgoing Primary keeps the inquiry past the end of their shift to carry it to
 * completion (optionally `until` an instant).
 *
 * @since 0.1.0
 * @category schemas
 */
export const CarriedOver = Schema.Struct({
  type: Schema.Literal("carried-over"),
  ...base,
  member: Types.MemberId,
  until: Schema.optionalKey(Timestamp)
})

/**
 * Explicit assignment, valid for the rest of the shift in which it happened.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Assigned = Schema.Struct({
  type: Schema.Literal("assigned"),
  ...base,
  to: Types.MemberId
})

/**
 * The inquiry is a serious incident (a postmortem is due at resolution).
 *
 * @since 0.1.0
 * @category schemas
 */
export const MarkedSerious = Schema.Struct({
  type: Schema.Literal("marked-serious"),
  ...base,
  reason: Schema.optionalKey(Schema.String)
})

/**
 * Effort spent on the inquiry, in minutes (summed for mining).
 *
 * @since 0.1.0
 * @category schemas
 */
export const EffortRecorded = Schema.Struct({
  type: Schema.Literal("effort-recorded"),
  ...base,
  minutes: Schema.Finite.check(Schema.isGreaterThan(0))
})

/**
 * The current cycle is resolved, with one of the seed's {@link ResolutionKind}s.
 * Several `resolved` events in one cycle add kinds; the cycle's resolution instant
 * is the first.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Resolved = Schema.Struct({
  type: Schema.Literal("resolved"),
  ...base,
  kind: ResolutionKind,
  note: Schema.optionalKey(Schema.String)
})

/**
 * Promoted to a product-development issue (`reference`, e.g. its URL). This resolves
 * the current cycle with kind `promoted`, as the seed says.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Promoted = Schema.Struct({
  type: Schema.Literal("promoted"),
  ...base,
  reference: Schema.NonEmptyString
})

/**
 * Closed in the support tracker. Closing as `resolved` an unresolved cycle resolves it
 * at the close instant, without a kind.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Closed = Schema.Struct({
  type: Schema.Literal("closed"),
  ...base,
  reason: CloseReason,
  duplicateOf: Schema.optionalKey(Schema.NonEmptyString)
})

/**
 * Reopened: starts a new resolution cycle; earlier cycles are kept.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Reopened = Schema.Struct({
  type: Schema.Literal("reopened"),
  ...base,
  reason: Schema.optionalKey(Schema.String)
})

export const eventSchemas = [
  Opened,
  Commented,
  Responded,
  StatusChanged,
  Reprioritized,
  Escalated,
  Enlisted,
  EnlistmentReplied,
  Delegated,
  HandedOff,
  CarriedOver,
  Assigned,
  MarkedSerious,
  EffortRecorded,
  Resolved,
  Promoted,
  Closed,
  Reopened
] as const

/**
 * Any inquiry event, discriminated by `type`. Encoded and decoded forms are the same
 * plain JSON.
 *
 * @example
 * ```ts
 * import { Inquiry } from "@sre-uxdd/core"
 *
 * const events = Inquiry.decodeEventsSync([
 *   { type: "opened", inquiry: "support#1", at: "2024-01-05T17:30:00Z", actor: "user:ann",
 *     reporter: "user:ann", channel: "github-discussion", title: "Crash on load" },
 *   { type: "commented", inquiry: "support#1", at: "2024-01-08T17:00:00Z", actor: "ada", visibility: "public" }
 * ])
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Event = Schema.Union(eventSchemas)

/**
 * @since 0.1.0
 * @category models
 */
export type Event = typeof Event.Type

/**
 * Every event type, in the order of the documentation.
 *
 * @since 0.1.0
 * @category schemas
 */
export const eventTypes: ReadonlyArray<Event["type"]> = eventSchemas.map((s) => s.fields.type.literal)

/**
 * Who counts as a responder. A public comment (or a `responded` event) counts when
 * its actor is not the reporter, not a bot, not ignored, and on the team roster.
 * Without a roster (`team` undefined) anyone but the reporter, bots and ignored users
 * counts: that is github/issue-metrics' rule, kept as a fallback only.
 *
 * @since 0.1.0
 * @category models
 */
export interface ResponsePolicy {
  /** Whether an actor is on the team roster; undefined when no roster was given. */
  readonly team: ((actor: string) => boolean) | undefined
  /** Whether an actor is a bot (never a responder). */
  readonly bots: (actor: string) => boolean
  /** Whether an actor's comments are ignored (never a responder). */
  readonly ignored: (actor: string) => boolean
}

// ---------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------

/**
 * `open` (being worked), `resolved` (current cycle resolved, not closed), `closed`.
 *
 * @since 0.1.0
 * @category models
 */
export type Phase = "open" | "resolved" | "closed"

/**
 * A qualifying response: when, by whom, and whether it was a public comment or an
 * explicit `responded` event.
 *
 * @since 0.1.0
 * @category models
 */
export interface Response {
  readonly at: Types.Millis
  readonly by: string
  readonly via: "comment" | "responded"
}

/**
 * An interval in a waiting status (`end` undefined while it lasts).
 *
 * @since 0.1.0
 * @category models
 */
export interface Wait {
  readonly status: WorkflowStatus
  readonly start: Types.Millis
  readonly end: Types.Millis | undefined
}

/**
 * One resolution cycle: from opening (or a reopen) to resolution and close.
 *
 * @since 0.1.0
 * @category models
 */
export interface Cycle {
  /** 0 for the first cycle, then one more per reopen. */
  readonly index: number
  readonly start: Types.Millis
  /** First qualifying response inside this cycle. */
  readonly firstResponseAt: Types.Millis | undefined
  readonly resolvedAt: Types.Millis | undefined
  readonly kinds: ReadonlyArray<ResolutionKind>
  readonly closedAt: Types.Millis | undefined
  readonly closeReason: CloseReason | undefined
  /** Intervals spent waiting on the reporter or a third party. */
  readonly waits: ReadonlyArray<Wait>
}

/**
 * A developer enlisted on escalation, and their reply if any.
 *
 * @since 0.1.0
 * @category models
 */
export interface Enlistment {
  readonly member: Types.MemberId
  readonly at: Types.Millis
  readonly reply: EnlistmentReply | undefined
  readonly repliedAt: Types.Millis | undefined
  readonly until: Types.Millis | undefined
}

/**
 * A promotion to a product-development issue.
 *
 * @since 0.1.0
 * @category models
 */
export interface Promotion {
  readonly at: Types.Millis
  readonly reference: string
}

/**
 * An explicit ownership event, in replay order.
 *
 * @since 0.1.0
 * @category models
 */
export interface OwnershipChange {
  readonly kind: "assigned" | "handed-off" | "carried-over" | "delegated"
  readonly at: Types.Millis
  /** The new owner. */
  readonly member: Types.MemberId
  readonly from: Types.MemberId | undefined
  readonly until: Types.Millis | undefined
}

/**
 * The state of one inquiry after replaying its events (instants in epoch ms).
 *
 * @since 0.1.0
 * @category models
 */
export interface State {
  readonly inquiry: Types.InquiryId
  readonly openedAt: Types.Millis
  readonly openedBy: string
  readonly reporter: string
  readonly channel: string
  readonly title: string
  readonly labels: ReadonlyArray<string>
  readonly priority: string | undefined
  readonly phase: Phase
  readonly status: WorkflowStatus
  /**
   * The inquiry's first response: its first qualifying response while the first cycle was
   * still open (it stops the response clock). A response after the first resolution or
   * close, or in a reopened cycle, is not one; `Cycle.firstResponseAt` has those.
   */
  readonly firstResponse: Response | undefined
  /** Resolution cycles, oldest first; never empty. */
  readonly cycles: ReadonlyArray<Cycle>
  /** Start of the current wait on the reporter, if the inquiry is waiting on them. */
  readonly waitingOnReporterSince: Types.Millis | undefined
  readonly serious: boolean
  readonly seriousAt: Types.Millis | undefined
  readonly escalations: number
  readonly enlistments: ReadonlyArray<Enlistment>
  readonly promotions: ReadonlyArray<Promotion>
  readonly ownership: ReadonlyArray<OwnershipChange>
  readonly effortMinutes: number
  /** Last event by the reporter (at least the opening). */
  readonly lastReporterActivityAt: Types.Millis
  /** Last qualifying public response by the team. */
  readonly lastTeamPublicAt: Types.Millis | undefined
  readonly lastEventAt: Types.Millis
  readonly eventCount: number
}
