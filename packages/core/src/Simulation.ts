/**
 * A seeded, deterministic discrete-event simulation of the support process, so a team
 * can see the trade-offs of a coverage policy, shift length and rotation before it
 * commits to them.
 *
 * Inquiries arrive as a Poisson process: one rate per covered hour, another outside
 * coverage. Each is owned by the Primary on duty when its covered clock starts (an
 * off-hours inquiry belongs to the Primary of the next covered period). People are not
 * always there: planned absences, unexpected away periods and meetings (and, as an
 * option, a part-time member's other work) are intervals of each person's time in
 * which they do no support work. The Backup covers a Primary's planned absence, and
 * takes an inquiry once the Primary has been away for `handoverAfter`. A responder
 * notices an inquiry after a reaction delay, writes the first response, then works on
 * its resolution (first responses come first); everything takes the responder's
 * covered time, so a busy Primary answers later. At a shift's end the open work goes
 * to the next Primary, except one resolution that is nearly done. Some inquiries
 * escalate (the Backup spends effort), some are promoted, some are serious (more
 * effort). All durations are covered time.
 *
 * Every inquiry draws its random numbers from a stream keyed by the seed and its own
 * index, every person's intervals from a stream keyed by the seed and their id, and
 * arrivals from their own stream: variants of a what-if (another coverage, shift
 * length, rotation or speed) see the same inquiries and the same people (common random
 * numbers), so their differences are the policy's, not noise.
 *
 * @since 0.1.0
 * @module
 */
import { type Duration, Schema } from "effect"
import * as Cost from "./Cost.js"
import * as Coverage from "./Coverage.js"
import type * as Inquiry from "./Inquiry.js"
import * as sim from "./internal/simulation/engine.js"
import * as spec from "./internal/simulation/spec.js"
import { fairness, percentiles } from "./internal/stats.js"
import { stream } from "./internal/simulation/random.js"
import * as Types from "./Types.js"
import type * as model from "./internal/simulation/model.js"
import type { Model, SimulatedInquiry } from "./internal/simulation/model.js"

export type { Model, SimulatedInquiry } from "./internal/simulation/model.js"

const HOUR = 3_600_000
const WEEK = 7 * 24 * HOUR

/**
 * A duration as text (`"30 minutes"`, `"4 hours"`, `"2 weeks"`) or milliseconds;
 * decodes to milliseconds.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DurationMs = spec.DurationMs

/**
 * A delay distribution. A bare duration is a fixed delay; otherwise
 * `{ kind: "exponential", mean }`, `{ kind: "uniform", min, max }`,
 * `{ kind: "lognormal", median, p90 }` or `{ kind: "fixed", value }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Distribution = spec.DistributionSpec

/**
 * A decoded delay distribution, in milliseconds.
 *
 * @since 0.1.0
 * @category models
 */
export type Distribution = model.Distribution

/**
 * JSON form of the process model (the `simulation.model` section of a team profile);
 * every field is optional and defaults to roughly VisIt's load and habits (see
 * `docs/simulation.md`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ModelSpec = spec.ModelSpec

/**
 * @since 0.1.0
 * @category models
 */
export type ModelSpec = typeof ModelSpec.Encoded

/**
 * A response goal for one priority, in covered time.
 *
 * @since 0.1.0
 * @category models
 */
export interface Goal {
  readonly name: string
  readonly goal: Duration.Input
}

/**
 * A member of the rotation with the weight (percent-time) that loads are normalised by.
 *
 * @since 0.1.0
 * @category models
 */
export interface Member {
  readonly id: Types.MemberId
  readonly weight: number
}

/**
 * A planned absence (vacation, training): `[start, end)`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Absence {
  readonly member: Types.MemberId
  readonly start: Types.InstantInput
  readonly end: Types.InstantInput
}

/**
 * What one run needs. `duties` say who is Primary and Backup when (from
 * `Rotation.plan`); `arrivalCalendar` sets the hours whose rate is
 * `perCoveredHour` (the baseline's coverage in a what-if: users do not change their
 * habits when the team changes its coverage); it defaults to `calendar`. In
 * `absences` people do no support work (the Backup covers).
 *
 * @since 0.1.0
 * @category models
 */
export interface RunOptions {
  readonly calendar: Coverage.Calendar
  readonly arrivalCalendar?: Coverage.Calendar
  readonly duties: ReadonlyArray<Types.Duty>
  readonly members: ReadonlyArray<Member>
  readonly absences?: ReadonlyArray<Absence>
  readonly start: Types.InstantInput
  readonly end: Types.InstantInput
  /** Goals per priority; the first is the default priority. Default: `normal` in 4 hours. */
  readonly goals?: ReadonlyArray<Goal>
  readonly model?: ModelSpec
  /** Multiplies every response delay (reaction, work, meetings, away, handover); default 1. */
  readonly slowdown?: number
  readonly seed: number
  /** Hours of one full-time work week, for the cost share (default 40). */
  readonly workWeekHours?: number
  /** Business hours of the users' calendar (`arrivalCalendar`) that make one working day of waiting (default 8). */
  readonly workingDayHours?: number
}

/**
 * Load of one member over the horizon.
 *
 * @since 0.1.0
 * @category models
 */
export interface MemberLoad {
  readonly member: Types.MemberId
  readonly weight: number
  /** Shifts as Primary. */
  readonly shifts: number
  /** Inquiries owned as Primary. */
  readonly inquiries: number
  /** Covered hours spent on support (handling as responder, escalations as Backup). */
  readonly supportHours: number
  /** `shifts / weight`. */
  readonly shiftsPerWeight: number
  /** `supportHours / weight`. */
  readonly supportHoursPerWeight: number
}

/**
 * The measures of one run.
 *
 * @since 0.1.0
 * @category models
 */
export interface Summary {
  readonly start: Types.Millis
  readonly end: Types.Millis
  readonly weeks: number
  /** Covered hours in the horizon. */
  readonly coveredHours: number
  readonly inquiries: number
  /** Inquiries whose covered clock started when nobody was on duty (counted as missed). */
  readonly unowned: number
  /** Inquiries that never got a first response (the unowned, and those still open when the duties ran out). */
  readonly unanswered: number
  /** Share of inquiries answered within their priority's goal (1 when there are none). */
  readonly attainment: number
  readonly byPriority: ReadonlyArray<{ readonly name: string; readonly goalHours: number; readonly inquiries: number; readonly attainment: number }>
  /** Response time percentiles in covered hours over answered inquiries. */
  readonly responseHours: {
    readonly p50: number
    readonly p90: number
    readonly p95: number
    readonly p99: number
    readonly max: number
    readonly mean: number
  }
  /** What users experience: wall-clock hours from arrival to the first response, over answered inquiries. */
  readonly waitHours: { readonly p50: number; readonly p90: number; readonly p95: number; readonly p99: number; readonly max: number; readonly mean: number }
  /**
   * Share of inquiries answered after more than one working day (`workingDayHours`
   * business hours of the users' calendar), or never answered.
   */
  readonly overOneWorkingDay: number
  readonly members: ReadonlyArray<MemberLoad>
  /** Highest `supportHoursPerWeight` over the mean (1 is perfectly even; NaN when no load). */
  readonly loadImbalance: number
  readonly rotation: { readonly maxDeviation: number; readonly worstGap: number; readonly backToBack: number; readonly shifts: number }
  /**
   * Shares of all inquiries, as the event log records them (so `Metrics` gives the same):
   * escalated, serious and handed over once answered, promoted once resolved.
   */
  readonly rates: { readonly escalation: number; readonly promotion: number; readonly serious: number; readonly handover: number }
  readonly cost: {
    /** The maximal share (`Cost.share` with a wholly consumed Primary, summed percent-time) over the horizon's covered hours. */
    readonly maximal: number
    /** `Cost.forCalendar`: the same for an ordinary week (no holidays, the calendar's latest version). */
    readonly ordinaryWeek: number
    /** Covered hours the horizon's holidays took away: why `maximal` is below `ordinaryWeek`. */
    readonly holidayHours: number
    /** `maximal` is above 1: a wholly consumed Primary would need more than the team's whole capacity. */
    readonly exceedsCapacity: boolean
    /** Simulated support hours over the team's capacity hours. */
    readonly realized: number
    readonly coveredFraction: number
  }
  /** Primary covered hours on duty left after their support effort. */
  readonly lowHangingFruit: { readonly hours: number; readonly share: number; readonly hoursPerShift: number; readonly hoursPerWeek: number }
}

/**
 * A run's result: the summary, every simulated inquiry and the duties used.
 *
 * @since 0.1.0
 * @category models
 */
export interface Result {
  readonly summary: Summary
  readonly inquiries: ReadonlyArray<SimulatedInquiry>
  readonly duties: ReadonlyArray<Types.Duty>
  readonly model: Model
  readonly calendar: Coverage.Calendar
  readonly seed: number
  readonly members: ReadonlyArray<Member>
  /** The planned absences the run respected (`[start, end)` in epoch ms; same shape as {@link RandomAbsence}). */
  readonly plannedAbsences: ReadonlyArray<RandomAbsence>
}

const decodeModel = Types.decoderSync(ModelSpec, "simulation model")

const GoalsSchema = Schema.Array(Schema.Struct({ name: Schema.NonEmptyString, goal: DurationMs })).check(
  Schema.isMinLength(1, { message: "expected at least one goal" })
)
const decodeGoals = Types.decoderSync(GoalsSchema, "response goals")

const OptionsSchema = Schema.Struct({
  start: Schema.Finite,
  end: Schema.Finite,
  seed: Schema.Int,
  slowdown: Schema.Finite.check(Schema.isGreaterThan(0, { message: "expected a factor > 0" })),
  workWeekHours: Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 168, exclusiveMinimum: true }, { message: "expected hours in (0, 168]" })),
  workingDayHours: Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 24, exclusiveMinimum: true }, { message: "expected hours in (0, 24]" })),
  absences: Schema.Array(
    Schema.Struct({ member: Types.MemberId, start: Schema.Finite, end: Schema.Finite }).check(
      Schema.makeFilter((a) => (a.end > a.start ? undefined : { path: ["end"], issue: "expected an end after the start" }))
    )
  ),
  members: Schema.Array(
    Schema.Struct({
      id: Types.MemberId,
      weight: Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1, exclusiveMinimum: true }, { message: "expected a number in (0, 1]" }))
    })
  )
}).check(Schema.makeFilter((o) => (o.end > o.start ? undefined : { path: ["end"], issue: "expected an end after the start" })))
const decodeOptions = Types.decoderSync(OptionsSchema, "simulation options")

/**
 * Resolves a model spec (defaults filled in) for the given goals.
 *
 * @since 0.1.0
 * @category constructors
 */
export const resolveModel = (model: ModelSpec | undefined, goals: ReadonlyArray<Goal> = defaultGoals): Model => {
  const decoded = decodeGoals(
    goals.map((g) => ({ name: g.name, goal: typeof g.goal === "string" || typeof g.goal === "number" ? g.goal : Types.toDurationMillis(g.goal) }))
  )
  return spec.resolve(decodeModel(model ?? {}), decoded).model
}

/**
 * The default goals: one priority, `normal`, answered within 4 covered hours.
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultGoals: ReadonlyArray<Goal> = [{ name: "normal", goal: "4 hours" }]

/**
 * Makes every response delay `k` times longer (reaction, first-response work,
 * meetings, away periods and the handover threshold alike, so the same draws make
 * the same decisions).
 *
 * @since 0.1.0
 * @category combinators
 */
export const slower = (model: Model, k: number): Model => ({
  // Interval starts (startsPerHour) stay: longer meetings and away periods only add time.
  ...model,
  reaction: sim.scaleDist(model.reaction, k),
  work: sim.scaleDist(model.work, k),
  meetings: { ...model.meetings, duration: sim.scaleDist(model.meetings.duration, k) },
  away: { ...model.away, duration: sim.scaleDist(model.away.duration, k), handoverAfter: model.away.handoverAfter * k }
})

/** Covered-time arithmetic of a calendar, in the shape the engine needs. */
const clockOf = (calendar: Coverage.Calendar): sim.Clock => ({
  isCovered: (at) => Coverage.isCoveredMillis(calendar, at),
  covered: (a, b) => Coverage.coveredMillis(calendar, a, b),
  add: (a, d) => Coverage.addCoveredMillis(calendar, a, d),
  nextStart: (a) => Coverage.nextStartMillis(calendar, a)
})

const sortDuties = (duties: ReadonlyArray<Types.Duty>): ReadonlyArray<Types.Duty> =>
  [...duties].sort((a, b) => a.start - b.start || a.end - b.end || (a.primary < b.primary ? -1 : a.primary > b.primary ? 1 : 0))

/**
 * Runs the simulation over `[start, end)` with a resolved model. Same input, same
 * output; the order of `duties` and `members` does not matter.
 *
 * @since 0.1.0
 * @category simulation
 */
export const runModel = (options: Omit<RunOptions, "model" | "goals" | "slowdown"> & { readonly model: Model }): Result => {
  const valid = decodeOptions({
    start: Types.toMillis(options.start),
    end: Types.toMillis(options.end),
    seed: options.seed,
    slowdown: 1,
    workWeekHours: options.workWeekHours ?? 40,
    workingDayHours: options.workingDayHours ?? 8,
    members: options.members,
    absences: (options.absences ?? []).map((a) => ({ member: a.member, start: Types.toMillis(a.start), end: Types.toMillis(a.end) }))
  })
  const duties = sortDuties(options.duties)
  const clock = clockOf(options.calendar)
  const arrivalCalendar = options.arrivalCalendar ?? options.calendar
  const inquiries = sim.run({
    clock,
    arrivalClock: options.arrivalCalendar === undefined ? clock : clockOf(options.arrivalCalendar),
    duties,
    start: valid.start,
    end: valid.end,
    model: options.model,
    seed: valid.seed,
    absences: valid.absences,
    weights: new Map(valid.members.map((m) => [m.id, m.weight] as const))
  })
  const summary = summarize({
    inquiries,
    duties,
    members: valid.members,
    model: options.model,
    calendar: options.calendar,
    arrivalCalendar,
    start: valid.start,
    end: valid.end,
    workWeekHours: valid.workWeekHours,
    workingDayHours: valid.workingDayHours
  })
  return {
    summary,
    inquiries,
    duties,
    model: options.model,
    calendar: options.calendar,
    seed: valid.seed,
    members: valid.members,
    plannedAbsences: valid.absences
  }
}

/**
 * A stretch of a person's covered time without support work: a planned `absence`, an
 * unexpected `away` period, a `meeting`, or (with `partTime: "percent-time"`)
 * `other-work`. Instants in epoch ms; kinds may overlap.
 *
 * @since 0.1.0
 * @category models
 */
export interface Unavailable {
  readonly member: Types.MemberId
  readonly kind: "absence" | "away" | "meeting" | "other-work"
  readonly start: Types.Millis
  readonly end: Types.Millis
}

/**
 * The intervals a run took out of each person's time (drawn again from the run's seed,
 * so they are exactly the ones the run used), sorted by member and start.
 *
 * @since 0.1.0
 * @category accessors
 */
export const unavailability = (result: Result): ReadonlyArray<Unavailable> => {
  const clock = clockOf(result.calendar)
  const { start, end } = result.summary
  const { wall } = sim.coordinate(clock, start)
  const lines = sim.timelines({
    clock,
    duties: result.duties,
    start,
    end,
    model: result.model,
    seed: result.seed,
    absences: result.plannedAbsences,
    weights: new Map(result.members.map((m) => [m.id, m.weight] as const))
  }, true)
  const out: Array<Unavailable> = []
  for (const [member, line] of lines) {
    const mine = line.raw.map((x) => ({ member, kind: x.kind, start: wall(x.start), end: wall(x.end) })).filter((x) => x.end > x.start)
    mine.sort((a, b) => a.start - b.start || a.end - b.end)
    out.push(...mine)
  }
  return out
}

/**
 * Runs the simulation: `model` (a spec, defaults filled in) and `goals` are resolved,
 * `slowdown` applied, then {@link runModel}.
 *
 * @example
 * ```ts
 * import { Coverage, Simulation, Types } from "@sre-uxdd/core"
 *
 * const calendar = Coverage.make({
 *   timeZone: "America/Los_Angeles",
 *   weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], windows: ["08:00-12:00", "13:00-17:00"] }]
 * })
 * const ada = Types.MemberId.make("ada")
 * const week = 7 * 24 * 3_600_000
 * const start = Date.UTC(2026, 0, 5, 8)
 * const duties = [0, 1, 2, 3].map((i) => ({ shift: i, start: start + i * week, end: start + (i + 1) * week, primary: ada, backup: undefined }))
 * const result = Simulation.run({ calendar, duties, members: [{ id: ada, weight: 1 }], start, end: start + 4 * week, seed: 1 })
 * result.summary.attainment // share answered within 4 covered hours
 * ```
 *
 * @since 0.1.0
 * @category simulation
 */
export const run = (options: RunOptions): Result => {
  const base = resolveModel(options.model, options.goals ?? defaultGoals)
  const k = options.slowdown ?? 1
  if (!(k > 0) || !Number.isFinite(k))
    throw new Types.ValidationError({ subject: "simulation options", problems: [{ path: "slowdown", message: `expected a factor > 0, got ${String(k)}` }] })
  return runModel({ ...options, model: k === 1 ? base : slower(base, k) })
}

interface SummaryInput {
  readonly inquiries: ReadonlyArray<sim.Record>
  readonly duties: ReadonlyArray<Types.Duty>
  readonly members: ReadonlyArray<Member>
  readonly model: Model
  readonly calendar: Coverage.Calendar
  readonly arrivalCalendar: Coverage.Calendar
  readonly start: number
  readonly end: number
  readonly workWeekHours: number
  readonly workingDayHours: number
}

/** Counts as the event log records them: what `Metrics` reads back from {@link events}. */
const tally = (input: SummaryInput) => {
  const { inquiries, model } = input
  const byPriority = model.priorities.map((p) => ({ name: p.name, goalHours: p.goal / HOUR, inquiries: 0, met: 0 }))
  const responses: Array<number> = []
  const waits: Array<number> = []
  const support = new Map<Types.MemberId, number>()
  const owned = new Map<Types.MemberId, number>()
  const primaryEffortByDuty = new Float64Array(input.duties.length)
  const day = input.workingDayHours * HOUR
  const c = { met: 0, unowned: 0, unanswered: 0, escalated: 0, promoted: 0, serious: 0, handedOver: 0, effortTotal: 0, late: 0 }
  for (const r of inquiries) {
    const p = byPriority[r.priority]
    if (p !== undefined) p.inquiries++
    c.effortTotal += r.handlingEffort + r.escalationEffort
    for (const e of r.effortBy) support.set(e.member, (support.get(e.member) ?? 0) + e.effort)
    if (r.owner !== undefined) owned.set(r.owner, (owned.get(r.owner) ?? 0) + 1)
    if (r.owner !== undefined && r.duty >= 0) {
      const own = r.effortBy.find((e) => e.member === r.owner)
      primaryEffortByDuty[r.duty] = (primaryEffortByDuty[r.duty] ?? 0) + (own?.effort ?? 0)
    }
    if (r.owner === undefined) c.unowned++
    if (r.responder === undefined || r.respondedAt === undefined) {
      c.unanswered++
      c.late++
      continue
    }
    if (r.escalated) c.escalated++
    if (r.serious) c.serious++
    if (r.handedOver) c.handedOver++
    if (r.promoted && r.resolvedAt !== undefined) c.promoted++
    responses.push(r.responseCovered / HOUR)
    waits.push((r.respondedAt - r.arrival) / HOUR)
    if (Coverage.coveredMillis(input.arrivalCalendar, r.arrival, r.respondedAt) > day) c.late++
    if (r.responseCovered <= (model.priorities[r.priority]?.goal ?? 0)) {
      c.met++
      if (p !== undefined) p.met++
    }
  }
  return { byPriority, responses, waits, support, owned, primaryEffortByDuty, ...c }
}

const costOf = (input: SummaryInput, effortTotal: number) => {
  const members = input.members
  const weeks = (input.end - input.start) / WEEK
  const coveredMs = Coverage.coveredMillis(input.calendar, input.start, input.end)
  const capacity: Cost.Capacity | undefined = members.length === 0 ? undefined : { percentTimes: members.map((m) => m.weight) }
  const coveredFraction = coveredMs / HOUR / (weeks * input.workWeekHours)
  const holidays = input.calendar.spec.holidays
  const withoutHolidays = holidays === undefined ? input.calendar : Coverage.make({ ...input.calendar.spec, holidays: undefined } as Coverage.Spec)
  const holidayHours = holidays === undefined ? 0 : (Coverage.coveredMillis(withoutHolidays, input.start, input.end) - coveredMs) / HOUR
  const maximal = capacity === undefined ? undefined : Cost.share({ coveredFraction, capacity })
  return {
    maximal: maximal?.total ?? NaN,
    ordinaryWeek: capacity === undefined ? NaN : Cost.forCalendar(input.calendar, capacity, { workWeekHours: input.workWeekHours }).total,
    holidayHours,
    exceedsCapacity: maximal?.exceedsCapacity ?? false,
    realized: maximal === undefined ? NaN : effortTotal / HOUR / (maximal.capacity * input.workWeekHours * weeks),
    coveredFraction
  }
}

const summarize = (input: SummaryInput): Summary => {
  const members = [...input.members].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const t = tally(input)
  const n = input.inquiries.length
  // Duties planned past the horizon (for late arrivals' owners) are not the horizon's rotation.
  const inHorizon = input.duties.filter((d) => d.end > input.start && d.start < input.end)
  const fair = fairness(inHorizon, members)
  const loads: Array<MemberLoad> = members.map((m) => {
    const supportHours = (t.support.get(m.id) ?? 0) / HOUR
    const shifts = fair.shifts.get(m.id) ?? 0
    return {
      member: m.id,
      weight: m.weight,
      shifts,
      inquiries: t.owned.get(m.id) ?? 0,
      supportHours,
      shiftsPerWeight: shifts / m.weight,
      supportHoursPerWeight: supportHours / m.weight
    }
  })
  const perWeight = loads.map((l) => l.supportHoursPerWeight)
  const meanLoad = perWeight.reduce((s, x) => s + x, 0) / Math.max(1, perWeight.length)
  const weeks = (input.end - input.start) / WEEK
  let lhfHours = 0
  let dutyHours = 0
  input.duties.forEach((d, i) => {
    const from = Math.max(d.start, input.start)
    const to = Math.min(d.end, input.end)
    if (to <= from) return
    const hours = Coverage.coveredMillis(input.calendar, from, to) / HOUR
    dutyHours += hours
    lhfHours += Math.max(0, hours - (t.primaryEffortByDuty[i] ?? 0) / HOUR)
  })
  const rate = (k: number) => (n === 0 ? 0 : k / n)
  return {
    start: input.start,
    end: input.end,
    weeks,
    coveredHours: Coverage.coveredMillis(input.calendar, input.start, input.end) / HOUR,
    inquiries: n,
    unowned: t.unowned,
    unanswered: t.unanswered,
    attainment: n === 0 ? 1 : t.met / n,
    byPriority: t.byPriority.map((p) => ({
      name: p.name,
      goalHours: p.goalHours,
      inquiries: p.inquiries,
      attainment: p.inquiries === 0 ? 1 : p.met / p.inquiries
    })),
    responseHours: percentiles(t.responses),
    waitHours: percentiles(t.waits),
    overOneWorkingDay: rate(t.late),
    members: loads,
    loadImbalance: meanLoad > 0 ? Math.max(...perWeight) / meanLoad : NaN,
    rotation: { maxDeviation: fair.maxDeviation, worstGap: fair.worstGap, backToBack: fair.backToBack, shifts: inHorizon.length },
    rates: { escalation: rate(t.escalated), promotion: rate(t.promoted), serious: rate(t.serious), handover: rate(t.handedOver) },
    cost: costOf(input, t.effortTotal),
    lowHangingFruit: {
      hours: lhfHours,
      share: dutyHours > 0 ? lhfHours / dutyHours : 0,
      hoursPerShift: inHorizon.length > 0 ? lhfHours / inHorizon.length : 0,
      hoursPerWeek: weeks > 0 ? lhfHours / weeks : 0
    }
  }
}

/**
 * One variant of a what-if comparison.
 *
 * @since 0.1.0
 * @category models
 */
export interface Variant {
  readonly name: string
  readonly options: RunOptions
}

/**
 * The differences of a variant from the first (baseline) variant.
 *
 * @since 0.1.0
 * @category models
 */
export interface Comparison {
  readonly name: string
  readonly result: Result
  readonly delta: {
    readonly attainment: number
    readonly p90Hours: number
    readonly maximalCost: number
    readonly realizedCost: number
    readonly lowHangingFruitShare: number
    readonly maxDeviation: number
  }
}

/**
 * Runs every variant and reports its differences from the first. Give the variants
 * the same `seed` (and the same `arrivalCalendar`) to compare them on common random
 * numbers: then a difference is the policy's, not the dice's.
 *
 * @since 0.1.0
 * @category simulation
 */
export const compare = (variants: ReadonlyArray<Variant>): ReadonlyArray<Comparison> => {
  const results = variants.map((v) => ({ name: v.name, result: run(v.options) }))
  const base = results[0]?.result.summary
  return results.map(({ name, result }) => {
    const s = result.summary
    return {
      name,
      result,
      delta: {
        attainment: base === undefined ? 0 : s.attainment - base.attainment,
        p90Hours: base === undefined ? 0 : s.responseHours.p90 - base.responseHours.p90,
        maximalCost: base === undefined ? 0 : s.cost.maximal - base.cost.maximal,
        realizedCost: base === undefined ? 0 : s.cost.realized - base.cost.realized,
        lowHangingFruitShare: base === undefined ? 0 : s.lowHangingFruit.share - base.lowHangingFruit.share,
        maxDeviation: base === undefined ? 0 : s.rotation.maxDeviation - base.rotation.maxDeviation
      }
    }
  })
}

/**
 * A random absence: `[start, end)` in epoch ms.
 *
 * @since 0.1.0
 * @category models
 */
export interface RandomAbsence {
  readonly member: Types.MemberId
  readonly start: Types.Millis
  readonly end: Types.Millis
}

/**
 * Draws random absences for each member over `[start, end)`: blocks start as a
 * Poisson process of `perYear` per year, lengths from `length`. Each member has its
 * own stream (seed and id), so adding a member changes nobody else's absences.
 *
 * @since 0.1.0
 * @category simulation
 */
export const randomAbsences = (
  members: ReadonlyArray<Types.MemberId>,
  options: { readonly start: Types.InstantInput; readonly end: Types.InstantInput; readonly seed: number; readonly model?: ModelSpec }
): ReadonlyArray<RandomAbsence> => {
  const start = Types.toMillis(options.start)
  const end = Types.toMillis(options.end)
  const { absences } = spec.resolve(decodeModel(options.model ?? {}), [{ name: "normal", goal: 0 }])
  const out: Array<RandomAbsence> = []
  if (absences.perYear <= 0) return out
  const meanGap = (365.25 * 24 * HOUR) / absences.perYear
  for (const member of [...new Set(members)].sort()) {
    const rng = stream(options.seed, `absences:${member}`)
    let t = start
    let free = start
    for (;;) {
      t += -meanGap * Math.log(1 - rng.next())
      const length = sim.sample(absences.length, rng.next())
      if (t >= end) break
      // Overlapping blocks are merged: a member is away or not.
      const from = Math.max(Math.floor(t), free)
      const to = Math.floor(t + length)
      if (to > from) {
        const last = out[out.length - 1]
        if (last !== undefined && last.member === member && last.end >= from) out[out.length - 1] = { ...last, end: Math.max(last.end, to) }
        else out.push({ member, start: from, end: to })
        free = Math.max(free, to)
      }
    }
  }
  return out
}

const iso = (ms: number): string => new Date(ms).toISOString()

/**
 * The response goals of a model in `Inquiry`'s form: the first priority's goal is the
 * default, every priority is named. Use it with `Metrics.compute` on {@link events}.
 *
 * @since 0.1.0
 * @category conversions
 */
export const inquiryGoals = (model: Model): Inquiry.Goals => ({
  defaultMillis: model.priorities[0]?.goal ?? 4 * HOUR,
  byPriority: new Map(model.priorities.map((p) => [p.name, p.goal] as const)),
  atRiskShare: 0.75
})

/**
 * The simulated inquiries as `Inquiry` events, as a tracker adapter would have
 * recorded them: opened (by the user, with its priority), responded (by the
 * responder), escalated with the Backup enlisted, marked serious, effort recorded
 * (by each member who worked on it, and by other developers), then resolved or
 * promoted when its resolution was finished. An inquiry nobody answered is only
 * opened. `Metrics.compute` on these events gives the run's own measures back.
 *
 * @since 0.1.0
 * @category conversions
 */
export const events = (result: Result): ReadonlyArray<Inquiry.Event> => {
  const out: Array<Inquiry.Event> = []
  for (const r of result.inquiries) {
    const inquiry = `sim#${r.index + 1}` as Types.InquiryId
    const user = `user:${r.index + 1}`
    const priority = result.model.priorities[r.priority]?.name
    out.push({
      type: "opened",
      inquiry,
      at: iso(r.arrival),
      actor: user,
      reporter: user,
      channel: "simulation",
      title: `Simulated inquiry ${r.index + 1}`,
      ...(priority === undefined ? {} : { priority })
    })
    if (r.responder === undefined || r.respondedAt === undefined || r.owner === undefined) continue
    const at = iso(r.respondedAt)
    out.push({ type: "responded", inquiry, at, actor: r.responder })
    if (r.escalated) {
      out.push({ type: "escalated", inquiry, at, actor: r.owner })
      if (r.backup !== undefined) out.push({ type: "enlisted", inquiry, at, actor: r.owner, member: r.backup })
    }
    if (r.serious) out.push({ type: "marked-serious", inquiry, at, actor: r.owner })
    for (const e of r.effortBy) out.push({ type: "effort-recorded", inquiry, at, actor: e.member, minutes: e.effort / 60_000 })
    if (r.otherEffort > 0) out.push({ type: "effort-recorded", inquiry, at, actor: "other-developers", minutes: r.otherEffort / 60_000 })
    if (r.resolvedAt === undefined) continue
    // A resolution in the same instant as the response is written a covered minute later.
    const done = iso(r.resolvedAt > r.respondedAt ? r.resolvedAt : Coverage.addCoveredMillis(result.calendar, r.respondedAt, 60_000))
    const by = r.resolvedBy ?? r.responder
    if (r.promoted) out.push({ type: "promoted", inquiry, at: done, actor: by, reference: `product#${r.index + 1}` })
    else out.push({ type: "resolved", inquiry, at: done, actor: by, kind: "answered" })
  }
  return out
}
