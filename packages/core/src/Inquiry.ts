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
import { type DateTime, Duration, Effect, Option, Result, Schema } from "effect"
import * as Action from "./Action.js"
import * as Coverage from "./Coverage.js"
import { dutyLookup, responsibleDuty } from "./internal/duties.js"
import * as decodeInternal from "./internal/inquiry/decode.js"
import * as replayInternal from "./internal/inquiry/replay.js"
import { showValue } from "./internal/show.js"
import { zoneNameProblem } from "./internal/zoneNames.js"
import * as zone from "./internal/zone.js"
import * as Types from "./Types.js"

import {
  type CloseReason,
  type Cycle,
  type Event,
  type OwnershipChange,
  type Phase,
  type ResolutionKind,
  type ResponsePolicy,
  type State,
  type Wait,
  type WorkflowStatus,
  eventSchemas,
  eventTypes
} from "./internal/inquiry/model.js"
export {
  Actor,
  Assigned,
  CarriedOver,
  CloseReason,
  Closed,
  Commented,
  Delegated,
  EffortRecorded,
  Enlisted,
  EnlistmentReplied,
  EnlistmentReply,
  Escalated,
  Event,
  HandedOff,
  MarkedSerious,
  Opened,
  Promoted,
  Reopened,
  Reprioritized,
  ResolutionKind,
  Resolved,
  Responded,
  StatusChanged,
  Timestamp,
  WorkflowStatus,
  eventTypes
} from "./internal/inquiry/model.js"
export type { Cycle, Enlistment, OwnershipChange, Phase, Promotion, Response, ResponsePolicy, State, Wait } from "./internal/inquiry/model.js"

// Event schemas, the response policy and the state live in internal/inquiry/model.ts
// (re-exported above), below both this module and the replay fold.

const schemaByType = new Map<string, Schema.Decoder<unknown>>(eventSchemas.map((s) => [s.fields.type.literal, s]))
const decoders = new Map(eventSchemas.map((s) => [s.fields.type.literal, Schema.decodeUnknownResult(s)] as const))
const eventsSubject = "inquiry events"

const show = (value: unknown): string => showValue(value, 200)

// Well-formed events take a hand-written fast path (internal/inquiry/decode.ts); anything it
// does not accept goes to the Schema decoder, which decodes it or reports every problem.
const joinPath = (prefix: string, path: string): string => (path === "" ? prefix : prefix === "" ? path : `${prefix}.${path}`)

const problemsOfEvent = (input: unknown, prefix: string, out: Array<Types.Problem>): Event | undefined => {
  if (input !== null && typeof input === "object" && !Array.isArray(input)) {
    const fast = decodeInternal.fastDecode(input)
    if (fast !== undefined) return fast as Event
  }
  const join = (path: string): string => joinPath(prefix, path)
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    out.push({ path: prefix, message: `expected an event object, got ${show(input)}` })
    return undefined
  }
  const type = (input as { readonly type?: unknown }).type
  const decode = typeof type === "string" ? decoders.get(type as Event["type"]) : undefined
  if (decode === undefined) {
    out.push({
      path: join("type"),
      message: `${type === undefined ? "missing event type" : "unknown event type"}; expected one of ${eventTypes.map((t) => `"${t}"`).join(", ")}, got ${
        show(type)
      }`
    })
    return undefined
  }
  // Unknown fields are errors, as in profiles: a misspelt `visibilty` is named, not dropped.
  const result = decode(input, { errors: "all", onExcessProperty: "error" })
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
  if (schema === undefined)
    throw new Types.ValidationError({ subject: "inquiry event", problems: [{ path: "type", message: `unknown event type ${show(event.type)}` }] })
  return Schema.encodeUnknownSync(schema as unknown as typeof Event)(event)
}

// ---------------------------------------------------------------------------
// Response policy
// ---------------------------------------------------------------------------

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

/**
 * Why a replay failed. Every reason names the offending event by its position in the
 * input array (`index`, or -1 for an empty list) and its type.
 *
 * @since 0.1.0
 * @category errors
 */
export class ReplayError extends Schema.TaggedError<ReplayError>()("ReplayError", {
  inquiry: Schema.String,
  index: Schema.Number,
  eventType: Schema.String,
  at: Schema.String,
  reason: Schema.Literals(replayInternal.replayReasons),
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

// ---------------------------------------------------------------------------
// Goals
// ---------------------------------------------------------------------------

const durationText = Schema.Union([
  Schema.String.check(
    Schema.makeFilter((s: string) => {
      const d = Duration.fromInput(s as Duration.Input)
      return Option.isSome(d) && Duration.toMillis(d.value) > 0 && Number.isFinite(Duration.toMillis(d.value))
    }, { message: "expected a positive duration such as \"4 hours\" or \"90 minutes\"" })
  ),
  Schema.Finite.check(Schema.isGreaterThan(0, { message: "expected a positive number of milliseconds" }))
])

/**
 * Response goals as written in a team profile: a `default` goal (4 covered hours
 * unless given), goals `byPriority` (e.g. VisIt's `{ high: "1 hour" }`), and the
 * `atRisk` share of the goal after which a running clock is at risk (default 0.75).
 * Durations are text (`"4 hours"`, `"90 minutes"`) or milliseconds.
 *
 * @since 0.1.0
 * @category schemas
 */
export const GoalsSpec = Schema.Struct({
  default: Schema.optionalKey(durationText),
  byPriority: Schema.optionalKey(Schema.Record(Schema.String, durationText)),
  atRisk: Schema.optionalKey(
    Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1, exclusiveMinimum: true }, { message: "expected a share in (0, 1]" }))
  )
})

/**
 * @since 0.1.0
 * @category models
 */
export type GoalsSpec = typeof GoalsSpec.Encoded

/**
 * Decoded response goals (milliseconds of covered time).
 *
 * @since 0.1.0
 * @category models
 */
export interface Goals {
  readonly defaultMillis: number
  readonly byPriority: ReadonlyMap<string, number>
  readonly atRiskShare: number
}

const decodeGoalsSpec = Types.decoderSync(GoalsSpec, "response goals")
const durationMillis = (d: string | number): number => (typeof d === "number" ? d : Types.toDurationMillis(d as Duration.Input))

/**
 * Decodes response goals, throwing a `Types.ValidationError` naming each bad path.
 *
 * @example
 * ```ts
 * import { Inquiry } from "@sre-uxdd/core"
 *
 * const goals = Inquiry.goals({ byPriority: { high: "1 hour" } })
 * Inquiry.goalMillis(goals, "high") // 3600000
 * Inquiry.goalMillis(goals, undefined) // 14400000 (4 hours)
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const goals = (spec: unknown = {}): Goals => {
  const s = decodeGoalsSpec(spec)
  const byPriority = new Map<string, number>()
  for (const key of Object.keys(s.byPriority ?? {}).sort()) byPriority.set(key, durationMillis((s.byPriority ?? {})[key] as string | number))
  return { defaultMillis: s.default === undefined ? 4 * 3_600_000 : durationMillis(s.default), byPriority, atRiskShare: s.atRisk ?? 0.75 }
}

const defaultGoals = goals()

/**
 * The response goal (covered ms) for a priority; the default goal for an unknown or
 * missing priority.
 *
 * @since 0.1.0
 * @category getters
 */
export const goalMillis = (g: Goals, priority: string | undefined): number =>
  priority === undefined ? g.defaultMillis : (g.byPriority.get(priority) ?? g.defaultMillis)

// ---------------------------------------------------------------------------
// Response clock
// ---------------------------------------------------------------------------

let always: Coverage.Calendar | undefined
const defaultCoverage = (): Coverage.Calendar => (always ??= Coverage.always())

/**
 * What stopped the response clock: a qualifying response, or (as in JSM's default
 * SLA) a resolution or close that came first, after which no response is owed.
 *
 * @since 0.1.0
 * @category models
 */
export type StoppedBy = "response" | "resolution" | "close"

/**
 * `running` (under the at-risk share), `at-risk`, `breached` (still running past its
 * goal: open and breaching), `met`, or `missed` (stopped after its goal).
 *
 * @since 0.1.0
 * @category models
 */
export type ClockStatus = "running" | "at-risk" | "breached" | "met" | "missed"

/**
 * The response clock in epoch ms and ms durations (hot-path form).
 *
 * @since 0.1.0
 * @category models
 */
export interface ResponseClockMillis {
  readonly openedAt: Types.Millis
  /** First covered instant at or after opening: when the clock really starts counting. */
  readonly startedAt: Types.Millis
  readonly stoppedAt: Types.Millis | undefined
  readonly stoppedBy: StoppedBy | undefined
  readonly goal: number
  /** Covered time from opening to the stop (or `now`). */
  readonly elapsed: number
  /** Wall-clock time from opening to the stop (or `now`). */
  readonly wallElapsed: number
  /** The instant at which the goal's covered time is used up. */
  readonly due: Types.Millis
  readonly remaining: number
  /** Share of the goal used (may exceed 1). */
  readonly used: number
  readonly atRisk: boolean
  /** Decided by covered elapsed time against the goal, never by comparing wall-clock instants. */
  readonly breached: boolean
  readonly status: ClockStatus
}

/**
 * Options of the clocks and measures.
 *
 * @since 0.1.0
 * @category models
 */
export interface ClockOptions {
  /** Covered time calendar; default 24/7 (covered time = wall-clock time). */
  readonly coverage?: Coverage.Calendar
  /** Response goals; default {@link goals}`()`: 4 covered hours, at risk at 75%. */
  readonly goals?: Goals
  /** The instant the clocks are read at (core never reads the system clock). */
  readonly now: Types.InstantInput
  /** Statuses that pause the resolution clock; default `["waiting-on-reporter"]`. */
  readonly pauseOn?: ReadonlyArray<WorkflowStatus>
}

// The response clock stops at the first of: qualifying response, resolution, close (JSM's
// default "time to first response" stops on a resolution too). Infinity when still running.
const responseStopAt = (state: { readonly cycles: ReadonlyArray<Cycle>; readonly firstResponse: { readonly at: Types.Millis } | undefined }): number => {
  const c = state.cycles[0] as Cycle
  let at = state.firstResponse === undefined ? Infinity : state.firstResponse.at
  if (c.resolvedAt !== undefined && c.resolvedAt < at) at = c.resolvedAt
  if (c.closedAt !== undefined && c.closedAt < at) at = c.closedAt
  return at
}

const stoppedBy = (
  state: { readonly cycles: ReadonlyArray<Cycle>; readonly firstResponse: { readonly at: Types.Millis } | undefined },
  at: number
): StoppedBy =>
  state.firstResponse !== undefined && state.firstResponse.at === at ? "response" : (state.cycles[0] as Cycle).resolvedAt === at ? "resolution" : "close"

/**
 * The response clock on epoch ms: starts at opening (counting from the next covered
 * instant), counts covered time only, stops at the first qualifying response (or an
 * earlier resolution or close). A goal re-picked after a priority change keeps the
 * covered time already elapsed. It reads only the opening, the first cycle, the first
 * response and the priority (a `Handoff.Item` from `Handoff.fromInquiry` has them).
 *
 * @since 0.1.0
 * @category clocks
 */
export const responseClockMillis = (
  state: {
    readonly openedAt: Types.Millis
    readonly cycles: ReadonlyArray<Cycle>
    readonly firstResponse: { readonly at: Types.Millis } | undefined
    readonly priority: string | undefined
  },
  coverage: Coverage.Calendar,
  g: Goals,
  now: Types.Millis
): ResponseClockMillis => {
  const openedAt = state.openedAt
  const stopAt = responseStopAt(state)
  const stopped = stopAt <= now
  const end = stopped ? stopAt : Math.max(now, openedAt)
  const goal = goalMillis(g, state.priority)
  const elapsed = Coverage.coveredMillis(coverage, openedAt, end)
  const breached = elapsed > goal
  const atRisk = !stopped && !breached && elapsed >= g.atRiskShare * goal
  return {
    openedAt,
    startedAt: Coverage.nextStartMillis(coverage, openedAt),
    stoppedAt: stopped ? stopAt : undefined,
    stoppedBy: stopped ? stoppedBy(state, stopAt) : undefined,
    goal,
    elapsed,
    wallElapsed: end - openedAt,
    due: Coverage.addCoveredMillis(coverage, openedAt, goal),
    remaining: breached ? 0 : goal - elapsed,
    used: elapsed / goal,
    atRisk,
    breached,
    status: !stopped ? (breached ? "breached" : atRisk ? "at-risk" : "running") : breached ? "missed" : "met"
  }
}

/**
 * The response clock with `DateTime`/`Duration` values.
 *
 * @since 0.1.0
 * @category models
 */
export interface ResponseClock {
  readonly startedAt: DateTime.Utc
  readonly stoppedAt: DateTime.Utc | undefined
  readonly stoppedBy: StoppedBy | undefined
  readonly goal: Duration.Duration
  readonly elapsed: Duration.Duration
  readonly wallElapsed: Duration.Duration
  readonly due: DateTime.Utc
  readonly remaining: Duration.Duration
  readonly used: number
  readonly atRisk: boolean
  readonly breached: boolean
  readonly status: ClockStatus
}

/**
 * Reads the response clock of an inquiry at `now`.
 *
 * @example
 * ```ts
 * import { Coverage, Inquiry } from "@sre-uxdd/core"
 *
 * const coverage = Coverage.make({
 *   timeZone: "America/Los_Angeles",
 *   weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], windows: ["08:00-12:00", "13:00-17:00"] }]
 * })
 * const state = Inquiry.replaySync(Inquiry.decodeEventsSync([
 *   // Friday 2024-01-05 17:30 in Los Angeles, after coverage
 *   { type: "opened", inquiry: "support#7", at: "2024-01-06T01:30:00Z", actor: "ann", reporter: "ann", channel: "email", title: "?" },
 *   // Monday 09:00 in Los Angeles
 *   { type: "commented", inquiry: "support#7", at: "2024-01-08T17:00:00Z", actor: "ada", visibility: "public" }
 * ]), { policy: Inquiry.responsePolicy({ team: ["ada"] }) })
 * const clock = Inquiry.responseClock(state, { coverage, now: "2024-01-09T00:00:00Z" })
 * clock.status // "met"
 * Inquiry.responseClockMillis(state, coverage, Inquiry.goals(), Date.parse("2024-01-09T00:00:00Z")).elapsed
 * // 3600000: 1 covered hour, not 63.5 wall-clock hours
 * ```
 *
 * @since 0.1.0
 * @category clocks
 */
export const responseClock = (state: State, options: ClockOptions): ResponseClock => {
  const c = responseClockMillis(state, options.coverage ?? defaultCoverage(), options.goals ?? defaultGoals, Types.toMillis(options.now))
  return {
    startedAt: Types.toUtc(c.startedAt),
    stoppedAt: c.stoppedAt === undefined ? undefined : Types.toUtc(c.stoppedAt),
    stoppedBy: c.stoppedBy,
    goal: Duration.millis(c.goal),
    elapsed: Duration.millis(c.elapsed),
    wallElapsed: Duration.millis(c.wallElapsed),
    due: Types.toUtc(c.due),
    remaining: Duration.millis(c.remaining),
    used: c.used,
    atRisk: c.atRisk,
    breached: c.breached,
    status: c.status
  }
}

// ---------------------------------------------------------------------------
// Resolution clock
// ---------------------------------------------------------------------------

/**
 * One cycle of the resolution clock (ms). `elapsed` excludes the paused time.
 *
 * @since 0.1.0
 * @category models
 */
export interface CycleClockMillis {
  readonly index: number
  readonly start: Types.Millis
  /** Resolution instant, close instant of an unresolved closed cycle, or undefined while running. */
  readonly end: Types.Millis | undefined
  readonly resolvedAt: Types.Millis | undefined
  readonly kinds: ReadonlyArray<ResolutionKind>
  readonly closeReason: CloseReason | undefined
  /** Covered time from start to end (or `now`), minus covered paused time. */
  readonly elapsed: number
  /** Wall-clock time from start to end (or `now`), minus paused wall time. */
  readonly wallElapsed: number
  readonly paused: number
  readonly wallPaused: number
  readonly running: boolean
}

const defaultPauseOn: ReadonlyArray<WorkflowStatus> = ["waiting-on-reporter"]

const cycleEnd = (c: Cycle, now: number): number | undefined => {
  const end = c.resolvedAt ?? c.closedAt
  return end !== undefined && end <= now ? end : undefined
}

// Covered paused time of a cycle up to `until` (no allocation: the measures' hot path).
const pausedCovered = (coverage: Coverage.Calendar, c: Cycle, until: number, pauseOn: ReadonlyArray<WorkflowStatus>): number => {
  let paused = 0
  const waits = c.waits
  for (let i = 0; i < waits.length; i++) {
    const w = waits[i] as Wait
    if (!pauseOn.includes(w.status)) continue
    const s = Math.max(w.start, c.start)
    const e = Math.min(w.end ?? until, until)
    if (e > s) paused += Coverage.coveredMillis(coverage, s, e)
  }
  return paused
}

/**
 * The resolution clock of every cycle (oldest first), read at `now`: covered and
 * wall-clock time from the cycle's start to its resolution, minus the time spent in
 * a pausing status.
 *
 * @since 0.1.0
 * @category clocks
 */
export const resolutionClockMillis = (
  state: Pick<State, "cycles">,
  coverage: Coverage.Calendar,
  now: Types.Millis,
  pauseOn: ReadonlyArray<WorkflowStatus> = defaultPauseOn
): ReadonlyArray<CycleClockMillis> => {
  const out: Array<CycleClockMillis> = []
  for (const c of state.cycles) {
    const end = cycleEnd(c, now)
    const until = end ?? Math.max(now, c.start)
    let paused = 0
    let wallPaused = 0
    for (const w of c.waits) {
      if (!pauseOn.includes(w.status)) continue
      const s = Math.max(w.start, c.start)
      const e = Math.min(w.end ?? until, until)
      if (e > s) {
        wallPaused += e - s
        paused += Coverage.coveredMillis(coverage, s, e)
      }
    }
    out.push({
      index: c.index,
      start: c.start,
      end,
      resolvedAt: c.resolvedAt !== undefined && c.resolvedAt <= now ? c.resolvedAt : undefined,
      kinds: c.kinds,
      closeReason: c.closedAt !== undefined && c.closedAt <= now ? c.closeReason : undefined,
      elapsed: Coverage.coveredMillis(coverage, c.start, until) - paused,
      wallElapsed: until - c.start - wallPaused,
      paused,
      wallPaused,
      running: end === undefined
    })
  }
  return out
}

// ---------------------------------------------------------------------------
// Stale rule
// ---------------------------------------------------------------------------

/**
 * Options of the stale rule.
 *
 * @since 0.1.0
 * @category models
 */
export interface StaleOptions {
  /**
   * Time without reporter activity; default 21 days (VisIt). A whole number of days
   * (`"21 days"`, or its milliseconds) counts calendar days in the team's time zone: the
   * rule fires at the same local time of day, 23 or 25 hours later across a DST change.
   * Any other duration (`"36 hours"`) is elapsed time.
   */
  readonly after?: Duration.Input
  /** The team's IANA time zone for calendar days; wins over `coverage`. */
  readonly timeZone?: string
  /** The team's coverage calendar: its time zone is used when `timeZone` is not given (else UTC). */
  readonly coverage?: Coverage.Calendar
  /** Also treat a resolved, not yet closed inquiry as waiting on its reporter (default true). */
  readonly whenResolved?: boolean
}

/**
 * When an inquiry waiting on its reporter becomes stale: the last instant the
 * reporter could have acted (`since`) and the instant the rule fires (`dueAt`).
 *
 * @since 0.1.0
 * @category models
 */
export interface StaleDue {
  readonly inquiry: Types.InquiryId
  readonly since: Types.Millis
  readonly dueAt: Types.Millis
}

const DAY_MS = zone.DAY

const staleAfterMillis = (after: Duration.Input): number => {
  const d = Duration.fromInput(after)
  const ms = Option.isSome(d) ? Duration.toMillis(d.value) : Number.NaN
  if (!(ms > 0 && Number.isFinite(ms))) {
    throw new Types.ValidationError({
      subject: "stale rule",
      problems: [{ path: "after", message: `expected a positive duration such as "21 days", got ${show(after)}` }]
    })
  }
  return ms
}

const knownZones = new Set<string>()
const staleZone = (options: StaleOptions): string => {
  const name = options.timeZone ?? (options.coverage === undefined ? "UTC" : Coverage.timeZone(options.coverage))
  if (!knownZones.has(name)) {
    const valid = typeof name === "string" && zone.isValidZone(name)
    const problem = valid ? zoneNameProblem(name) : `expected an IANA time zone such as "America/Los_Angeles", got ${show(name)}`
    if (problem !== undefined) {
      throw new Types.ValidationError({ subject: "stale rule", problems: [{ path: "timeZone", message: problem }] })
    }
    knownZones.add(name)
  }
  return name
}

// Whole days are calendar days: same wall-clock time N local days later (a DST change makes
// the wait 23 or 25 hours longer or shorter in elapsed time, never an hour off in local time).
const staleDueAt = (since: number, after: number, timeZone: string): number =>
  after % DAY_MS === 0 ? zone.fromWall(timeZone, zone.toWall(timeZone, since) + after) : since + after

/**
 * When the stale rule fires for this inquiry, or `undefined` when it is not waiting
 * on its reporter (closed, or neither `waiting-on-reporter` nor resolved). The wait
 * counts calendar days in the team's time zone (`timeZone`, else the `coverage`
 * calendar's zone, else UTC), not covered time; a local time that does not exist on
 * the due day (spring forward) moves forward by the gap, an ambiguous one (fall back)
 * takes the earlier instant.
 *
 * @example
 * ```ts
 * import { Inquiry } from "@sre-uxdd/core"
 *
 * const state = Inquiry.replaySync(Inquiry.decodeEventsSync([
 *   // Friday 2024-03-01 10:00 in Los Angeles (PST)
 *   { type: "opened", inquiry: "support#4", at: "2024-03-01T18:00:00Z", actor: "ann", reporter: "ann", channel: "email", title: "?" },
 *   { type: "status-changed", inquiry: "support#4", at: "2024-03-01T18:00:00Z", actor: "ada", status: "waiting-on-reporter" }
 * ]))
 * const due = Inquiry.staleDue(state, { timeZone: "America/Los_Angeles" })
 * new Date(due?.dueAt ?? 0).toISOString() // "2024-03-22T17:00:00.000Z": Friday 10:00 PDT, 21 calendar days later
 * ```
 *
 * @since 0.1.0
 * @category stale
 */
export const staleDue = (state: State, options: StaleOptions = {}): StaleDue | undefined => {
  if (state.phase === "closed") return undefined
  const after = options.after === undefined ? 21 * DAY_MS : staleAfterMillis(options.after)
  const timeZone = staleZone(options)
  let since: number | undefined
  if (state.status === "waiting-on-reporter" && state.waitingOnReporterSince !== undefined) since = state.waitingOnReporterSince
  const current = state.cycles[state.cycles.length - 1] as Cycle
  if ((options.whenResolved ?? true) && state.phase === "resolved" && current.resolvedAt !== undefined) {
    since = since === undefined ? current.resolvedAt : Math.min(since, current.resolvedAt)
  }
  if (since === undefined) return undefined
  since = Math.max(since, state.lastReporterActivityAt)
  return { inquiry: state.inquiry, since, dueAt: staleDueAt(since, after, timeZone) }
}

/**
 * The stale rule as due actions: when the inquiry has waited on its reporter for the
 * configured time at `now`, the actions that close it as stale (label `wontfix`,
 * close as `stale`), keyed for idempotency by the given shift. Nothing is
 * mutated; an empty list means nothing is due.
 *
 * @example
 * ```ts
 * import { Inquiry } from "@sre-uxdd/core"
 *
 * const state = Inquiry.replaySync(Inquiry.decodeEventsSync([
 *   { type: "opened", inquiry: "support#3", at: "2024-01-02T16:00:00Z", actor: "ann", reporter: "ann", channel: "email", title: "?" },
 *   { type: "status-changed", inquiry: "support#3", at: "2024-01-02T17:00:00Z", actor: "ada", status: "waiting-on-reporter" }
 * ]))
 * Inquiry.staleActions(state, { now: "2024-01-30T00:00:00Z", shift: 4 }).map((a) => a._tag) // ["AddLabel", "Close"]
 * ```
 *
 * @since 0.1.0
 * @category stale
 */
export const staleActions = (
  state: State,
  options: StaleOptions & { readonly now: Types.InstantInput; readonly shift: number }
): ReadonlyArray<Action.Action> => {
  const due = staleDue(state, options)
  if (due === undefined || Types.toMillis(options.now) < due.dueAt) return []
  const inquiry = state.inquiry
  return [
    { _tag: "AddLabel", key: Action.key(inquiry, options.shift, "label", "wontfix"), inquiry, label: "wontfix" },
    { _tag: "Close", key: Action.key(inquiry, options.shift, "close", "stale"), inquiry, reason: "stale" }
  ]
}

// ---------------------------------------------------------------------------
// Ownership
// ---------------------------------------------------------------------------

/**
 * Who is on duty when, as lookups: both are needed, because an instant between shifts
 * belongs to the Primary of the next shift.
 *
 * @example
 * ```ts
 * import { Inquiry, type Types } from "@sre-uxdd/core"
 *
 * declare const duties: ReadonlyArray<Types.Duty> // sorted by start
 * const lookup: Inquiry.DutyLookup = {
 *   at: (t) => duties.find((d) => d.start <= t && t < d.end),
 *   next: (t) => duties.find((d) => d.start > t)
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface DutyLookup {
  /** The duty whose shift covers instant `at` (epoch ms), if any. */
  readonly at: (at: Types.Millis) => Types.Duty | undefined
  /** The first duty starting after instant `at` (epoch ms), if any. */
  readonly next: (at: Types.Millis) => Types.Duty | undefined
}

/**
 * Who is on duty when: the duties of a `Rotation` schedule (or anything with
 * `duties`), a plain list of `Types.Duty`, or a {@link DutyLookup}. A bare function
 * `(at) => duty` is not accepted: it cannot name the next shift, so an inquiry
 * between shifts would silently have no owner.
 *
 * @since 0.1.0
 * @category models
 */
export type Duties = ReadonlyArray<Types.Duty> | { readonly duties: ReadonlyArray<Types.Duty> } | DutyLookup

/**
 * The owner of an inquiry at an instant, and why.
 *
 * @since 0.1.0
 * @category models
 */
export interface Ownership {
  readonly owner: Types.MemberId | undefined
  /**
   * `rotation`: the Primary of the shift; `next-shift`: no shift covers the instant,
   * so the Primary of the next one; `off-hours`: the inquiry arrived outside coverage
   * (with {@link OwnerOptions.coverage}), so it belongs to the Primary of the next
   * covered period until that period starts; otherwise the kind of the explicit event
   * that decided.
   */
  readonly reason: "rotation" | "next-shift" | "off-hours" | "none" | OwnershipChange["kind"]
  readonly duty: Types.Duty | undefined
}

// The shared lookup checks the form (a lookup must answer `next` as well).
const lookupOf = (duties: Duties): DutyLookup => dutyLookup(duties)

/**
 * Options of {@link ownerAt}.
 *
 * @since 0.2.0
 * @category models
 */
export interface OwnerOptions {
  /**
   * The covered-time calendar. With it, an inquiry that arrived (opened, or was
   * reopened) outside coverage belongs to the Primary of the next covered period, as
   * `Platforms` and `Handoff` decide it: a Saturday inquiry is Monday's Primary's, on
   * Saturday already. Without it, the Primary of the shift at the instant.
   */
  readonly coverage?: Coverage.Calendar | undefined
}

// When the inquiry last arrived before `at`: its opening, or the reopen that started the current cycle.
const arrivalAt = (state: State, at: Types.Millis): Types.Millis => {
  let arrival = state.openedAt
  for (const c of state.cycles) if (c.start <= at) arrival = c.start
  return arrival
}

/**
 * The owner of an inquiry at an instant (epoch ms): the Primary of the shift, unless
 * an explicit event decides otherwise. The latest explicit event still in force wins:
 * an assignment or handoff holds for the rest of the shift in which it happened; a
 * carry-over holds past the end of the shift (until its `until`, if any); a
 * delegation holds until its `until`, or the end of its shift. With
 * `options.coverage`, an inquiry that arrived outside coverage belongs to the Primary
 * of the next covered period (reason `off-hours`), the rule `Platforms.plan` and
 * `Handoff.fromInquiry` apply too.
 *
 * @since 0.1.0
 * @category ownership
 */
export const ownerAtMillis = (state: State, duties: Duties, at: Types.Millis, options?: OwnerOptions): Ownership => {
  const lookup = lookupOf(duties)
  const duty = lookup.at(at)
  const changes = state.ownership
  for (let i = changes.length - 1; i >= 0; i--) {
    const c = changes[i] as OwnershipChange
    if (c.at > at) continue
    let inForce: boolean
    if (c.kind === "carried-over") inForce = c.until === undefined || at < c.until
    else if (c.kind === "delegated" && c.until !== undefined) inForce = at < c.until
    else {
      const then = lookup.at(c.at)
      inForce = then === undefined ? duty === undefined : duty !== undefined && then.shift === duty.shift && then.start === duty.start
    }
    if (inForce) return { owner: c.member, reason: c.kind, duty }
  }
  const coverage = options?.coverage
  if (coverage !== undefined) {
    const responsible = responsibleDuty(lookup, arrivalAt(state, at), at, coverage)
    if (responsible.offHours && responsible.duty !== undefined) return { owner: responsible.duty.primary, reason: "off-hours", duty: responsible.duty }
  }
  if (duty !== undefined) return { owner: duty.primary, reason: "rotation", duty }
  const next = lookup.next(at)
  return next === undefined ? { owner: undefined, reason: "none", duty: undefined } : { owner: next.primary, reason: "next-shift", duty: next }
}

/**
 * {@link ownerAtMillis} for any instant input.
 *
 * @since 0.1.0
 * @category ownership
 */
export const ownerAt = (state: State, duties: Duties, at: Types.InstantInput, options?: OwnerOptions): Ownership =>
  ownerAtMillis(state, duties, Types.toMillis(at), options)

/**
 * The owner in each shift during which the inquiry was open (from opening to its last
 * close, or `now`): the owner at the last instant of the inquiry's presence in the shift.
 * Takes a list of duties (or a schedule), not a {@link DutyLookup}: lookups cannot be
 * enumerated shift by shift.
 *
 * @since 0.1.0
 * @category ownership
 */
export const ownersByShift = (
  state: State,
  duties: ReadonlyArray<Types.Duty> | { readonly duties: ReadonlyArray<Types.Duty> },
  now: Types.InstantInput,
  options?: OwnerOptions
): ReadonlyArray<{ readonly shift: number; readonly owner: Types.MemberId | undefined; readonly reason: Ownership["reason"] }> => {
  const raw = "duties" in duties ? duties.duties : (duties as ReadonlyArray<Types.Duty>)
  const last = state.cycles[state.cycles.length - 1] as Cycle
  const end = state.phase === "closed" && last.closedAt !== undefined ? last.closedAt : Math.max(Types.toMillis(now), state.openedAt)
  const out: Array<{ readonly shift: number; readonly owner: Types.MemberId | undefined; readonly reason: Ownership["reason"] }> = []
  const sorted = [...raw].sort((a, b) => a.start - b.start || a.shift - b.shift)
  for (const d of sorted) {
    if (d.end <= state.openedAt || d.start > end) continue
    const t = Math.min(d.end - 1, end)
    const o = ownerAtMillis(state, raw, Math.max(t, state.openedAt), options)
    out.push({ shift: d.shift, owner: o.owner, reason: o.reason })
  }
  return out
}

// ---------------------------------------------------------------------------
// Measures for mining
// ---------------------------------------------------------------------------

/**
 * One flat row per inquiry for mining (instants in epoch ms, durations in ms).
 * Missing values are `undefined`, never 0: a zero duration is a real measurement.
 * Covered durations are labelled `Covered`, wall-clock ones `Wall`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Measures {
  readonly inquiry: Types.InquiryId
  readonly channel: string
  readonly priority: string | undefined
  readonly openedAt: Types.Millis
  readonly phase: Phase
  readonly firstResponseAt: Types.Millis | undefined
  readonly firstResponder: string | undefined
  /** Time to first response, wall clock (undefined while unanswered). */
  readonly timeToFirstResponseWall: number | undefined
  /** Time to first response in covered time (undefined while unanswered). */
  readonly timeToFirstResponseCovered: number | undefined
  readonly responseGoal: number
  /** Covered time on the response clock (stopped or at `now`). */
  readonly responseClockCovered: number
  readonly responseStatus: ClockStatus
  readonly responseBreached: boolean
  readonly firstResolutionAt: Types.Millis | undefined
  readonly timeToFirstResolutionWall: number | undefined
  readonly timeToFirstResolutionCovered: number | undefined
  readonly lastResolutionAt: Types.Millis | undefined
  readonly timeToLastResolutionWall: number | undefined
  readonly timeToLastResolutionCovered: number | undefined
  /** Covered resolution time of the last cycle, pauses excluded (running at `now` if unresolved). */
  readonly lastCycleResolutionCovered: number
  readonly closedAt: Types.Millis | undefined
  readonly closeReason: CloseReason | undefined
  /** Opening to the last close (CHAOSS/issue-metrics "time to close"). */
  readonly timeToCloseWall: number | undefined
  readonly resolutionKinds: ReadonlyArray<ResolutionKind>
  readonly cycles: number
  readonly reopens: number
  readonly pausedCovered: number
  readonly escalations: number
  readonly enlisted: number
  readonly declined: number
  readonly promoted: boolean
  readonly promotedTo: string | undefined
  readonly serious: boolean
  readonly effortMinutes: number
}

/**
 * Computes the mining row of one inquiry at `now` (hot path: epoch ms, no `DateTime`).
 *
 * @since 0.1.0
 * @category measures
 */
export const measureMillis = (
  state: State,
  coverage: Coverage.Calendar,
  g: Goals,
  now: Types.Millis,
  pauseOn: ReadonlyArray<WorkflowStatus> = defaultPauseOn
): Measures => {
  const openedAt = state.openedAt
  // The response clock's elapsed time and status, without the due instant and start the row does not need.
  const stopAt = responseStopAt(state)
  const stopped = stopAt <= now
  const goal = goalMillis(g, state.priority)
  const clockCovered = Coverage.coveredMillis(coverage, openedAt, stopped ? stopAt : Math.max(now, openedAt))
  const breached = clockCovered > goal
  const status: ClockStatus = stopped
    ? breached
      ? "missed"
      : "met"
    : breached
    ? "breached"
    : clockCovered >= g.atRiskShare * goal
    ? "at-risk"
    : "running"
  const fr = state.firstResponse !== undefined && state.firstResponse.at <= now ? state.firstResponse : undefined
  const cycles = state.cycles
  let firstResolutionAt: number | undefined
  let lastResolutionAt: number | undefined
  let closedAt: number | undefined
  let closeReason: CloseReason | undefined
  let kinds: ReadonlyArray<ResolutionKind> | undefined
  for (const c of cycles) {
    if (c.resolvedAt !== undefined && c.resolvedAt <= now) {
      firstResolutionAt ??= c.resolvedAt
      lastResolutionAt = c.resolvedAt
    }
    if (c.closedAt !== undefined && c.closedAt <= now) {
      closedAt = c.closedAt
      closeReason = c.closeReason
    }
    if (kinds === undefined) kinds = c.kinds
    else {
      for (const k of c.kinds) {
        if (!kinds.includes(k)) kinds = [...kinds, k]
      }
    }
  }
  let paused = 0
  let lastCycleCovered = 0
  for (let i = 0; i < cycles.length; i++) {
    const c = cycles[i] as Cycle
    const until = cycleEnd(c, now) ?? Math.max(now, c.start)
    const p = c.waits.length === 0 ? 0 : pausedCovered(coverage, c, until, pauseOn)
    paused += p
    if (i === cycles.length - 1) lastCycleCovered = Coverage.coveredMillis(coverage, c.start, until) - p
  }
  let declined = 0
  for (const e of state.enlistments) if (e.reply === "decline") declined++
  const promotion = state.promotions[0]
  return {
    inquiry: state.inquiry,
    channel: state.channel,
    priority: state.priority,
    openedAt,
    phase: state.phase,
    firstResponseAt: fr?.at,
    firstResponder: fr?.by,
    timeToFirstResponseWall: fr === undefined ? undefined : fr.at - openedAt,
    timeToFirstResponseCovered: fr === undefined ? undefined : Coverage.coveredMillis(coverage, openedAt, fr.at),
    responseGoal: goal,
    responseClockCovered: clockCovered,
    responseStatus: status,
    responseBreached: breached,
    firstResolutionAt,
    timeToFirstResolutionWall: firstResolutionAt === undefined ? undefined : firstResolutionAt - openedAt,
    timeToFirstResolutionCovered: firstResolutionAt === undefined ? undefined : Coverage.coveredMillis(coverage, openedAt, firstResolutionAt),
    lastResolutionAt,
    timeToLastResolutionWall: lastResolutionAt === undefined ? undefined : lastResolutionAt - openedAt,
    timeToLastResolutionCovered: lastResolutionAt === undefined ? undefined : Coverage.coveredMillis(coverage, openedAt, lastResolutionAt),
    lastCycleResolutionCovered: lastCycleCovered,
    closedAt,
    closeReason,
    timeToCloseWall: closedAt === undefined ? undefined : closedAt - openedAt,
    resolutionKinds: kinds ?? [],
    cycles: cycles.length,
    reopens: cycles.length - 1,
    pausedCovered: paused,
    escalations: state.escalations,
    enlisted: state.enlistments.length,
    declined,
    promoted: promotion !== undefined,
    promotedTo: promotion?.reference,
    serious: state.serious,
    effortMinutes: state.effortMinutes
  }
}

/**
 * Computes the mining row of one inquiry at `now`.
 *
 * @example
 * ```ts
 * import { Inquiry } from "@sre-uxdd/core"
 *
 * const state = Inquiry.replaySync(Inquiry.decodeEventsSync([
 *   { type: "opened", inquiry: "support#2", at: "2024-01-02T16:00:00Z", actor: "ann", reporter: "ann", channel: "email", title: "?" },
 *   { type: "commented", inquiry: "support#2", at: "2024-01-02T17:00:00Z", actor: "ada", visibility: "public" },
 *   { type: "resolved", inquiry: "support#2", at: "2024-01-03T16:00:00Z", actor: "ada", kind: "answered" }
 * ]), { policy: Inquiry.responsePolicy({ team: ["ada"] }) })
 * const row = Inquiry.measure(state, { now: "2024-02-01T00:00:00Z" })
 * row.timeToFirstResponseWall // 3600000
 * ```
 *
 * @since 0.1.0
 * @category measures
 */
export const measure = (state: State, options: ClockOptions): Measures =>
  measureMillis(state, options.coverage ?? defaultCoverage(), options.goals ?? defaultGoals, Types.toMillis(options.now), options.pauseOn)
