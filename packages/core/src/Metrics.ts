/**
 * The measures of the support process computed from real inquiry histories (the
 * events of `Inquiry`), so a team can hold its real quarter against a simulation:
 * response-goal attainment and response percentiles in covered time, support load
 * per member normalised by weight (percent-time), escalation and promotion rates,
 * the most frequent labels, and the redirects that non-Primary developers made.
 *
 * An inquiry whose events cannot be replayed is reported in `invalid` with the
 * reason, never silently dropped.
 *
 * @since 0.1.0
 * @module
 */
import { Effect, Stream } from "effect"
import type * as Coverage from "./Coverage.js"
import * as Inquiry from "./Inquiry.js"
import { responsibleDuty } from "./internal/duties.js"
import { percentiles } from "./internal/stats.js"
import * as Types from "./Types.js"

const HOUR = 3_600_000

/**
 * What the measures need. `members` are the roster with weights (their ids decide
 * who counts as a responder unless `policy` says otherwise); `duties`, when given,
 * let redirects count contacts taken by a developer who was not the Primary;
 * `supportedChannels`, when given, count inquiries opened from another channel
 * as redirects too. Only inquiries opened in `[from, to)` count (default: all).
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly coverage: Coverage.Calendar
  readonly goals?: Inquiry.Goals
  readonly members: ReadonlyArray<{ readonly id: Types.MemberId; readonly weight: number }>
  /** Clocks still running are judged at `now`. */
  readonly now: Types.InstantInput
  readonly policy?: Inquiry.ResponsePolicy
  readonly duties?: ReadonlyArray<Types.Duty>
  readonly supportedChannels?: ReadonlyArray<string>
  readonly from?: Types.InstantInput
  readonly to?: Types.InstantInput
  /** How many labels to list (default 10). */
  readonly topLabels?: number
}

/**
 * Load of one member, from the effort they recorded.
 *
 * @since 0.1.0
 * @category models
 */
export interface MemberLoad {
  readonly member: Types.MemberId
  readonly weight: number
  /** Hours of recorded effort. */
  readonly effortHours: number
  /** `effortHours / weight`. */
  readonly effortHoursPerWeight: number
  /** Inquiries this member gave the first response to. */
  readonly firstResponses: number
}

/**
 * The measures of a set of inquiry histories.
 *
 * @since 0.1.0
 * @category models
 */
export interface Report {
  readonly inquiries: number
  /**
   * Inquiries with a first response (`Inquiry.State.firstResponse`): their response clock
   * stopped by a response, not by a resolution or close that came first.
   */
  readonly answered: number
  /** Clocks still running within their goal at `now` (not yet met or missed). */
  readonly pending: number
  readonly met: number
  /** Stopped after the goal, or still running past it. */
  readonly missed: number
  /** `met / (met + missed)`; `undefined` when no clock is decided (an empty period, or only pending clocks). */
  readonly attainment: number | undefined
  readonly byPriority: ReadonlyArray<{
    readonly priority: string
    readonly inquiries: number
    readonly met: number
    readonly missed: number
    /** As {@link Report.attainment}, for this priority. */
    readonly attainment: number | undefined
  }>
  /**
   * Covered hours to the first response, over answered inquiries. Percentiles are by
   * nearest rank: the p-th percentile of n sorted values is the value at rank
   * `max(1, ceil(p / 100 * n))` (always one of the measured values, never interpolated).
   * Every figure is `undefined` when no inquiry was answered.
   */
  readonly responseHours: {
    readonly p50: number | undefined
    readonly p90: number | undefined
    readonly p95: number | undefined
    readonly p99: number | undefined
    readonly max: number | undefined
    readonly mean: number | undefined
  }
  readonly members: ReadonlyArray<MemberLoad>
  /** Effort recorded by actors outside the roster, in hours. */
  readonly otherEffortHours: number
  readonly rates: { readonly escalation: number; readonly promotion: number; readonly serious: number }
  readonly topLabels: ReadonlyArray<{ readonly label: string; readonly count: number }>
  readonly redirects: { readonly total: number; readonly byMember: ReadonlyArray<{ readonly member: Types.MemberId; readonly redirects: number }> }
  readonly invalid: ReadonlyArray<{ readonly inquiry: string; readonly reason: string }>
}

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Computes the measures from the events of many inquiries (in any order, mixed).
 *
 * @example
 * ```ts
 * import { Coverage, Inquiry, Metrics, Types } from "@sre-uxdd/core"
 *
 * const events = Inquiry.decodeEventsSync([
 *   { type: "opened", inquiry: "support#1", at: "2026-01-05T17:00:00Z", actor: "ann", reporter: "ann",
 *     channel: "github-discussions", title: "Crash on load", labels: ["crash"] },
 *   { type: "commented", inquiry: "support#1", at: "2026-01-05T18:00:00Z", actor: "ada", visibility: "public" }
 * ])
 * const report = Metrics.compute(events, {
 *   coverage: Coverage.always(),
 *   members: [{ id: Types.MemberId.make("ada"), weight: 1 }],
 *   now: "2026-01-10T00:00:00Z"
 * })
 * report.attainment // 1: answered in one hour, within the 4-hour goal
 * ```
 *
 * @since 0.1.0
 * @category metrics
 */
export const compute = (events: ReadonlyArray<Inquiry.Event>, options: Options): Report => {
  const grouped = new Map<string, Array<Inquiry.Event>>()
  for (const e of events) {
    const list = grouped.get(e.inquiry)
    if (list === undefined) grouped.set(e.inquiry, [e])
    else list.push(e)
  }
  const run = measure(options)
  run.next()
  for (const id of [...grouped.keys()].sort(byString)) run.next(grouped.get(id))
  return finish(run)
}

/**
 * {@link compute} over a stream of inquiry histories, one inquiry's whole history per
 * element (e.g. a store's items, each with its events): only the measures are kept, never
 * the events, so a history of any size is measured in bounded memory. The report equals
 * {@link compute} over the same events when the histories come in inquiry order.
 *
 * @example
 * ```ts
 * import { Coverage, Inquiry, Metrics, Types } from "@sre-uxdd/core"
 * import { Effect, Stream } from "effect"
 *
 * const history = Inquiry.decodeEventsSync([
 *   { type: "opened", inquiry: "support#1", at: "2026-01-05T17:00:00Z", actor: "ann", reporter: "ann",
 *     channel: "email", title: "Crash on load" }
 * ])
 * const report = Effect.runSync(Metrics.computeStream(Stream.make(history), {
 *   coverage: Coverage.always(),
 *   members: [{ id: Types.MemberId.make("ada"), weight: 1 }],
 *   now: "2026-01-10T00:00:00Z"
 * }))
 * report.inquiries // 1
 * ```
 *
 * @since 0.2.0
 * @category metrics
 */
export const computeStream = <E, R>(histories: Stream.Stream<ReadonlyArray<Inquiry.Event>, E, R>, options: Options): Effect.Effect<Report, E, R> =>
  Effect.suspend(() => {
    const run = measure(options)
    run.next()
    return Stream.runForEach(histories, (list) => Effect.sync(() => void (list.length > 0 && run.next(list)))).pipe(Effect.map(() => finish(run)))
  })

type Measure = Generator<void, Report, ReadonlyArray<Inquiry.Event> | undefined>

const finish = (run: Measure): Report => {
  const done = run.next(undefined)
  if (done.done !== true) throw new Error("Metrics: the measure did not finish")
  return done.value
}

/** The measures as a coroutine: it takes one inquiry's whole history per step, and the report when given `undefined`. */
function* measure(options: Options): Measure {
  const now = Types.toMillis(options.now)
  const from = options.from === undefined ? -Infinity : Types.toMillis(options.from)
  const to = options.to === undefined ? Infinity : Types.toMillis(options.to)
  const goals = options.goals ?? Inquiry.goals()
  const members = [...options.members].sort((a, b) => byString(a.id, b.id))
  const roster = new Set<string>(members.map((m) => m.id))
  const policy = options.policy ?? Inquiry.responsePolicy({ team: roster })
  const duties = options.duties
  const supported = options.supportedChannels === undefined ? undefined : new Set(options.supportedChannels)

  const invalid: Array<{ inquiry: string; reason: string }> = []
  const responses: Array<number> = []
  const effort = new Map<string, number>()
  const firsts = new Map<string, number>()
  const labels = new Map<string, number>()
  const redirects = new Map<Types.MemberId, number>()
  const priorities = new Map<string, { inquiries: number; met: number; missed: number }>()
  let n = 0
  let answered = 0
  let pending = 0
  let met = 0
  let missed = 0
  let escalated = 0
  let promoted = 0
  let serious = 0
  let otherEffort = 0
  for (;;) {
    const list = yield
    if (list === undefined) break
    const id = (list[0] as Inquiry.Event).inquiry
    const replayed = Inquiry.replayResult(list, { policy })
    if (replayed._tag === "Failure") {
      invalid.push({ inquiry: id, reason: replayed.failure.message })
      continue
    }
    const state = replayed.success
    if (!(state.openedAt >= from && state.openedAt < to)) continue
    n++
    const clock = Inquiry.responseClockMillis(state, options.coverage, goals, now)
    const key = state.priority ?? "(default)"
    const p = priorities.get(key) ?? { inquiries: 0, met: 0, missed: 0 }
    p.inquiries++
    if (clock.status === "met") {
      met++
      p.met++
    } else if (clock.status === "missed" || clock.status === "breached") {
      missed++
      p.missed++
    } else pending++
    priorities.set(key, p)
    if (clock.stoppedBy === "response" && state.firstResponse !== undefined) {
      answered++
      responses.push(clock.elapsed / HOUR)
      firsts.set(state.firstResponse.by, (firsts.get(state.firstResponse.by) ?? 0) + 1)
    }
    if (state.escalations > 0) escalated++
    if (state.promotions.length > 0) promoted++
    if (state.serious) serious++
    for (const label of new Set(state.labels)) labels.set(label, (labels.get(label) ?? 0) + 1)
    // Effort per actor needs the events themselves: the state keeps only the total.
    for (const e of list) {
      if (e.type !== "effort-recorded") continue
      if (roster.has(e.actor)) effort.set(e.actor, (effort.get(e.actor) ?? 0) + e.minutes)
      else otherEffort += e.minutes
    }
    // A team member who opened an inquiry for someone else took a first contact.
    if (roster.has(state.openedBy) && state.openedBy !== state.reporter) {
      // The Primary responsible for the contact, as Platforms and Inquiry.ownerAt decide it (off-hours: the next covered period's).
      const duty = duties === undefined ? undefined : responsibleDuty(duties, state.openedAt, state.openedAt, options.coverage).duty
      const notPrimary = duty !== undefined && duty.primary !== state.openedBy
      const unsupported = supported !== undefined && !supported.has(state.channel)
      if (notPrimary || unsupported) {
        const member = state.openedBy as Types.MemberId
        redirects.set(member, (redirects.get(member) ?? 0) + 1)
      }
    }
  }
  const pct = responses.length === 0
    ? { p50: undefined, p90: undefined, p95: undefined, p99: undefined, max: undefined, mean: undefined }
    : percentiles(responses)
  const limit = options.topLabels ?? 10
  return {
    inquiries: n,
    answered,
    pending,
    met,
    missed,
    attainment: met + missed === 0 ? undefined : met / (met + missed),
    byPriority: [...priorities.entries()]
      .sort(([a], [b]) => byString(a, b))
      .map(([priority, p]) => ({ priority, ...p, attainment: p.met + p.missed === 0 ? undefined : p.met / (p.met + p.missed) })),
    responseHours: pct,
    members: members.map((m) => {
      const hours = (effort.get(m.id) ?? 0) / 60
      return { member: m.id, weight: m.weight, effortHours: hours, effortHoursPerWeight: hours / m.weight, firstResponses: firsts.get(m.id) ?? 0 }
    }),
    otherEffortHours: otherEffort / 60,
    rates: {
      escalation: n === 0 ? 0 : escalated / n,
      promotion: n === 0 ? 0 : promoted / n,
      serious: n === 0 ? 0 : serious / n
    },
    topLabels: [...labels.entries()]
      .sort(([a, x], [b, y]) => y - x || byString(a, b))
      .slice(0, Math.max(0, limit))
      .map(([label, count]) => ({ label, count })),
    redirects: {
      total: [...redirects.values()].reduce((s, x) => s + x, 0),
      byMember: [...redirects.entries()].sort(([a, x], [b, y]) => y - x || byString(a, b)).map(([member, count]) => ({ member, redirects: count }))
    },
    invalid: invalid.sort((a, b) => byString(a.inquiry, b.inquiry))
  }
}
