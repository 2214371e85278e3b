/**
 * Support inquiries (the seed's "SRE issues"): tracker-neutral events, their replay
 * into a state, the **response** clock (acknowledging the user, counted in covered
 * time) and the **resolution** clock (cycles, pauses while waiting on the reporter,
 * first and last resolution), the stale rule as a due action, ownership at an
 * instant, and flat per-inquiry measures for mining.
 *
 * Events are plain JSON with ISO-8601 timestamps, so adapters can produce them from
 * any tracker history and stores can keep them as they are. Replay never guesses:
 * an impossible sequence (a response before opening, closing a closed inquiry) is a
 * {@link ReplayError} naming the event's position and type.
 *
 * @since 0.1.0
 * @module
 */
import { Effect, Result, Schema } from "effect"
import * as replayInternal from "./internal/inquiryReplay.js"
import * as Types from "./Types.js"

// ---------------------------------------------------------------------------
// Event schemas
// ---------------------------------------------------------------------------

// An instant without a zone would be read in the process time zone, which core never
// consults: the offset is required.
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/

/**
 * An instant as written in events: an ISO-8601 string with an explicit offset,
 * e.g. `"2024-01-05T17:30:00Z"` or `"2024-01-05T09:30:00-08:00"`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Timestamp = Schema.String.check(
  Schema.makeFilter((s: string) => isoInstant.test(s) && !Number.isNaN(replayInternal.parseInstant(s)), {
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
export const WorkflowStatus = Schema.Literals(["new", "in-progress", "waiting-on-reporter", "waiting-on-third-party"])

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
export const ResolutionKind = Schema.Literals([
  "answered",
  "diagnosed",
  "workaround",
  "reproducer",
  "low-hanging-fruit",
  "known-issue",
  "promoted"
])

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
export const CloseReason = Schema.Literals(["resolved", "stale", "duplicate"])

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
export const EnlistmentReply = Schema.Literals(["accept", "delay", "decline"])

/**
 * @since 0.1.0
 * @category models
 */
export type EnlistmentReply = typeof EnlistmentReply.Type

const base = {
  inquiry: Types.InquiryId,
  at: Timestamp,
  actor: Actor
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
  priority: Schema.optionalKey(Schema.NonEmptyString)
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
  visibility: Schema.Literals(["public", "internal"])
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

const eventSchemas = [
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

const schemaByType = new Map<string, Schema.Decoder<unknown>>(eventSchemas.map((s) => [s.fields.type.literal, s]))
const decoders = new Map(eventSchemas.map((s) => [s.fields.type.literal, Schema.decodeUnknownResult(s)] as const))
const eventsSubject = "inquiry events"

const show = (value: unknown): string => {
  const text = JSON.stringify(value)
  return text === undefined ? String(value) : text
}

const problemsOfEvent = (input: unknown, prefix: string, out: Array<Types.Problem>): Event | undefined => {
  const join = (path: string): string => (path === "" ? prefix : prefix === "" ? path : `${prefix}.${path}`)
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    out.push({ path: prefix, message: `expected an event object, got ${show(input)}` })
    return undefined
  }
  const type = (input as { readonly type?: unknown }).type
  const decode = typeof type === "string" ? decoders.get(type as Event["type"]) : undefined
  if (decode === undefined) {
    out.push({
      path: join("type"),
      message: `${type === undefined ? "missing event type" : "unknown event type"}; expected one of ${eventTypes.map((t) => `"${t}"`).join(", ")}, got ${show(type)}`
    })
    return undefined
  }
  const result = decode(input, { errors: "all" })
  if (Result.isSuccess(result)) return result.success as Event
  for (const p of Types.problemsOf(result.failure.issue, input)) out.push({ path: join(p.path), message: p.message })
  return undefined
}

/**
 * Decodes one event from unknown JSON, throwing a `Types.ValidationError` that names
 * every bad path (an unknown `type` is reported as such, with the list of known types).
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeEventSync = (input: unknown): Event => {
  const problems: Array<Types.Problem> = []
  const event = problemsOfEvent(input, "", problems)
  if (event === undefined) throw new Types.ValidationError({ subject: "inquiry event", problems })
  return event
}

/**
 * Decodes a list of events from unknown JSON. Every bad event is reported (with its
 * position, e.g. `[3].at`), none is dropped.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeEventsSync = (input: unknown): ReadonlyArray<Event> => {
  const problems: Array<Types.Problem> = []
  if (!Array.isArray(input)) {
    throw new Types.ValidationError({ subject: eventsSubject, problems: [{ path: "", message: `expected an array of events, got ${show(input)}` }] })
  }
  const out: Array<Event> = new Array(input.length)
  for (let i = 0; i < input.length; i++) {
    const event = problemsOfEvent(input[i], `[${i}]`, problems)
    if (event !== undefined) out[i] = event
  }
  if (problems.length > 0) throw new Types.ValidationError({ subject: eventsSubject, problems })
  return out
}

/**
 * Effect variant of {@link decodeEventsSync}.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeEvents = (input: unknown): Effect.Effect<ReadonlyArray<Event>, Types.ValidationError> =>
  Effect.try({ try: () => decodeEventsSync(input), catch: (e) => e as Types.ValidationError })

/**
 * Encodes an event to plain JSON (the inverse of {@link decodeEventSync}).
 *
 * @since 0.1.0
 * @category encoding
 */
export const encodeEvent = (event: Event): typeof Event.Encoded => {
  const schema = schemaByType.get(event.type)
  if (schema === undefined) throw new Types.ValidationError({ subject: "inquiry event", problems: [{ path: "type", message: `unknown event type ${show(event.type)}` }] })
  return Schema.encodeUnknownSync(schema as unknown as typeof Event)(event)
}

// ---------------------------------------------------------------------------
// Response policy
// ---------------------------------------------------------------------------

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
  readonly team: ((actor: string) => boolean) | undefined
  readonly bots: (actor: string) => boolean
  readonly ignored: (actor: string) => boolean
}

/**
 * A set of actor ids, or a predicate over them.
 *
 * @since 0.1.0
 * @category models
 */
export type Actors = Iterable<string> | ((actor: string) => boolean)

const githubBot = (actor: string): boolean => actor.endsWith("[bot]")

/**
 * Builds a {@link ResponsePolicy}. `team`: the roster's member ids (membership comes
 * from the roster, never from a tracker's author association). `bots`: bot ids; ids
 * ending in `[bot]` are always bots. `ignored`: users whose comments never count.
 *
 * @example
 * ```ts
 * import { Inquiry } from "@sre-uxdd/core"
 *
 * const policy = Inquiry.responsePolicy({ team: ["ada", "bob"], bots: ["sre-bot"] })
 * policy.team?.("ada") // true
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const responsePolicy = (options: { readonly team?: Actors; readonly bots?: Actors; readonly ignored?: Actors } = {}): ResponsePolicy => {
  const bots = replayInternal.memberSet(options.bots)
  return {
    team: replayInternal.memberSet(options.team),
    bots: bots === undefined ? githubBot : (actor) => githubBot(actor) || bots(actor),
    ignored: replayInternal.memberSet(options.ignored) ?? (() => false)
  }
}

const defaultPolicy = responsePolicy()

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
  /** The inquiry's first qualifying response (it stops the response clock). */
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

/**
 * Why a replay failed. Every reason names the offending event by its position in the
 * input array (`index`, or -1 for an empty list) and its type.
 *
 * @since 0.1.0
 * @category errors
 */
export class ReplayError extends Schema.TaggedError<ReplayError>()("InquiryReplayError", {
  inquiry: Schema.String,
  index: Schema.Number,
  eventType: Schema.String,
  at: Schema.String,
  reason: Schema.Literals([
    "empty",
    "mixed-inquiries",
    "invalid-timestamp",
    "before-opening",
    "already-opened",
    "already-closed",
    "closed",
    "not-resolved",
    "not-a-responder",
    "not-enlisted",
    "invalid-period"
  ]),
  detail: Schema.String
}) {
  override get message(): string {
    return this.index < 0
      ? `inquiry ${this.inquiry}: ${this.detail}`
      : `inquiry ${this.inquiry}: event [${this.index}] (${this.eventType} at ${this.at}) ${this.detail}`
  }
}

/**
 * Options of {@link replay}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ReplayOptions {
  /** Who counts as a responder; default {@link responsePolicy}`()` (no roster). */
  readonly policy?: ResponsePolicy
}

/**
 * Replays events without exceptions: the state, or the {@link ReplayError}.
 * Events are folded in timestamp order (an `opened` first among equal instants, then
 * input order), so the input need not be sorted.
 *
 * @since 0.1.0
 * @category replay
 */
export const replayResult = (events: ReadonlyArray<Event>, options: ReplayOptions = {}): Result.Result<State, ReplayError> => {
  const out = replayInternal.replay(events, options.policy ?? defaultPolicy)
  if (!("_tag" in out)) return Result.succeed(out)
  const failure = out
  const event = failure.index >= 0 ? events[failure.index] : undefined
  return Result.fail(
    new ReplayError({
      inquiry: events[0]?.inquiry ?? "",
      index: failure.index,
      eventType: event?.type ?? "",
      at: event?.at ?? "",
      reason: failure.reason,
      detail: failure.detail
    })
  )
}

/**
 * Replays the events of one inquiry into its {@link State}, throwing a
 * {@link ReplayError} on an impossible sequence.
 *
 * @example
 * ```ts
 * import { Inquiry } from "@sre-uxdd/core"
 *
 * const state = Inquiry.replaySync(
 *   Inquiry.decodeEventsSync([
 *     { type: "opened", inquiry: "support#1", at: "2024-01-05T17:30:00Z", actor: "ann",
 *       reporter: "ann", channel: "email", title: "Crash on load" },
 *     { type: "commented", inquiry: "support#1", at: "2024-01-08T17:00:00Z", actor: "ada", visibility: "public" },
 *     { type: "resolved", inquiry: "support#1", at: "2024-01-08T18:00:00Z", actor: "ada", kind: "workaround" }
 *   ]),
 *   { policy: Inquiry.responsePolicy({ team: ["ada"] }) }
 * )
 * state.phase // "resolved"
 * ```
 *
 * @since 0.1.0
 * @category replay
 */
export const replaySync = (events: ReadonlyArray<Event>, options: ReplayOptions = {}): State => {
  const result = replayResult(events, options)
  if (Result.isSuccess(result)) return result.success
  throw result.failure
}

/**
 * Effect variant of {@link replaySync}.
 *
 * @since 0.1.0
 * @category replay
 */
export const replay = (events: ReadonlyArray<Event>, options: ReplayOptions = {}): Effect.Effect<State, ReplayError> =>
  Effect.fromResult(replayResult(events, options))
