/**
 * Fair weighted rotation of the Primary and the Backup: who is on duty for each shift,
 * why, and how fair the result is.
 *
 * {@link plan} assigns each shift with the recommended algorithm of the fairness theory:
 * largest pre-lag first on an exact Pause/Owe ledger, with a look-ahead guard over the
 * next `horizon` shifts, the Backup on its own ledger, and a soft preference for a senior
 * Backup with a junior Primary. Load follows percent-time: a 50% member is entitled to half
 * as many shifts as a 100% one, and on a fixed team nobody is ever more than B*(w) < 1 shift
 * ahead of or behind their entitlement (18/23 for the team {1, 1, .5, .5, .5, .8, .3}).
 *
 * A published prefix is never rewritten; overrides (trades and covers) record who really
 * served, and the ledger credits them; roster changes take effect no earlier than the
 * first unpublished shift.
 *
 * @since 0.1.0
 * @module
 */
import { Effect, Result, Schema } from "effect"
import ical, { ICalEventTransparency } from "ical-generator"
import * as Coverage from "./Coverage.js"
import * as Shift from "./Shift.js"
import type * as Team from "./Team.js"
import * as Types from "./Types.js"
import * as Q from "./internal/rotation/rational.js"
import { NoCandidate, run, type RoleTrace, type Slot, type Step } from "./internal/rotation/engine.js"
import { numeratorAt } from "./internal/rotation/ledger.js"
import { checkOptions, checkOverrides, checkPrefixCovered, fail, frameOf, publishedPrefix, rosterOf, slotsOf } from "./internal/rotation/plan.js"
import * as trace from "./internal/rotation/trace.js"
import { formatInZone, partsInZone } from "./internal/wallClock.js"
import { showValue } from "./internal/show.js"
import { vtimezone, zoneNameProblem } from "./internal/zoneNames.js"

/**
 * How shifts are assigned. `"guarded"` is the recommended algorithm; the others exist to
 * compare in simulations: `"greedy"` (largest pre-lag first, no guard), `"round-robin"`
 * (by head count, skipping absent members), `"nominal-50"` (round-robin where members
 * above 50% occasionally get an extra shift, as the seed process describes) and `"swrr"`
 * (nginx smooth weighted round-robin, credits in weight units).
 *
 * @since 0.1.0
 * @category models
 */
export type Strategy = "guarded" | "greedy" | "round-robin" | "nominal-50" | "swrr"

/**
 * All strategy names, recommended first.
 *
 * @since 0.1.0
 * @category models
 */
export const strategies: ReadonlyArray<Strategy> = ["guarded", "greedy", "round-robin", "nominal-50", "swrr"]

/**
 * The two roles of a shift.
 *
 * @since 0.1.0
 * @category models
 */
export type Role = "primary" | "backup"

const Instant = Schema.Union([Schema.String, Schema.Number])
const RoleSchema = Schema.Literals(["primary", "backup"])

/**
 * JSON form of an override: a cover (someone else served a shift) or a trade (two
 * members swapped two published shifts). `recordedAt`/`recordedBy` say when and by whom.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Override = Schema.Union([
  Schema.Struct({
    kind: Schema.Literal("cover"),
    shift: Schema.Number.check(Schema.isInt()),
    role: Schema.optionalKey(RoleSchema),
    /** Who served. */
    member: Types.MemberId,
    /** Who was scheduled (checked when given). */
    replaces: Schema.optionalKey(Types.MemberId),
    recordedAt: Instant,
    recordedBy: Schema.optionalKey(Schema.String),
    note: Schema.optionalKey(Schema.String)
  }),
  Schema.Struct({
    kind: Schema.Literal("trade"),
    /** Two published shifts; `members[0]` was scheduled for `shifts[0]`, `members[1]` for `shifts[1]`. */
    shifts: Schema.Tuple([Schema.Number.check(Schema.isInt()), Schema.Number.check(Schema.isInt())]),
    members: Schema.Tuple([Types.MemberId, Types.MemberId]),
    role: Schema.optionalKey(RoleSchema),
    recordedAt: Instant,
    recordedBy: Schema.optionalKey(Schema.String),
    note: Schema.optionalKey(Schema.String)
  })
])

/**
 * @since 0.1.0
 * @category models
 */
export type Override = typeof Override.Encoded

/**
 * Input of {@link plan}.
 *
 * @since 0.1.0
 * @category models
 */
export interface PlanInput {
  readonly team: Team.Team
  readonly shifts: Shift.Grid | Shift.Spec
  /** The plan covers the shifts overlapping `[from, to)`; lags start at 0 with its first shift. */
  readonly from: Types.InstantInput
  readonly to: Types.InstantInput
  /** Covered time; shifts with none are skipped and accrue nothing. Default: all time. */
  readonly coverage?: Coverage.Calendar
  /** The frozen prefix: duties already published, never rewritten. */
  readonly published?: ReadonlyArray<Types.Duty>
  readonly overrides?: ReadonlyArray<Override>
  /** Default `"guarded"`. */
  readonly strategy?: Strategy
  /** Look-ahead of the guard in shifts (default 13). */
  readonly horizon?: number
  /** Assign a Backup (default true). */
  readonly backup?: boolean
  /** A member is unavailable when absent for more than this share of a shift's covered time (default 0.5). */
  readonly unavailableShare?: number
  /** Leave a shift without duty when nobody is available instead of failing (default false). */
  readonly allowGaps?: boolean
}

/**
 * Raised when nobody can take a shift (and gaps are not allowed).
 *
 * @since 0.1.0
 * @category errors
 */
export class NoOneAvailableError extends Schema.TaggedError<NoOneAvailableError>()("NoOneAvailableError", {
  shift: Schema.Number,
  start: Schema.String,
  role: Schema.String
}) {
  override get message(): string {
    return `nobody is available for the ${this.role} of shift ${this.shift} (starting ${this.start}); pass allowGaps to leave it open`
  }
}

/**
 * One shift of a plan with what happened to it.
 *
 * @since 0.1.0
 * @category models
 */
export interface PlannedShift extends Shift.Shift {
  /** Covered milliseconds inside the shift. */
  readonly covered: number
  /** `"skipped"`: no covered time, nobody assigned, nothing accrues; `"gap"`: nobody available. */
  readonly status: "duty" | "skipped" | "gap"
  readonly published: boolean
}

/**
 * The result of {@link plan}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Schedule {
  readonly _tag: "Rotation.Schedule"
  /** Who is on duty, after overrides, for every shift with covered time. */
  readonly duties: ReadonlyArray<Types.Duty>
  /** Who was scheduled (published or planned), before overrides. */
  readonly assigned: ReadonlyArray<Types.Duty>
  readonly shifts: ReadonlyArray<PlannedShift>
  /** Grid index of the first unpublished shift. */
  readonly firstUnpublished: number
  readonly strategy: Strategy
  readonly timeZone: string
  readonly members: ReadonlyArray<Types.MemberId>
  /** What explain, report, lagsAfter and toICalendar read: keep it when storing the schedule. */
  readonly trace: Trace
}

const DutyJson = Schema.Struct({
  shift: Schema.Int,
  start: Schema.Finite,
  end: Schema.Finite,
  primary: Types.MemberId,
  backup: Schema.optional(Types.MemberId)
})
// The fields of a schedule in its JSON form (the trace is checked on its own).
const ScheduleShape = Schema.Struct({
  _tag: Schema.Literal("Rotation.Schedule"),
  duties: Schema.Array(DutyJson),
  assigned: Schema.Array(DutyJson),
  shifts: Schema.Array(
    Schema.Struct({
      index: Schema.Int,
      start: Schema.Finite,
      end: Schema.Finite,
      covered: Schema.Finite,
      status: Schema.Literals(["duty", "skipped", "gap"]),
      published: Schema.Boolean
    })
  ),
  firstUnpublished: Schema.Int,
  strategy: Schema.Literals(["guarded", "greedy", "round-robin", "nominal-50", "swrr"]),
  timeZone: Schema.String,
  members: Schema.Array(Types.MemberId),
  trace: Schema.optional(Schema.Unknown)
})

/**
 * The planner's record of every decision (candidates, lags, guard rejections, overrides),
 * in JSON form, so that a schedule read back from storage explains and reports exactly as
 * the one {@link planSync} returned. Store it with the schedule as it is; its layout is
 * versioned and checked when read back (see {@link decodeScheduleSync}).
 *
 * @since 0.1.0
 * @category models
 */
export interface Trace {
  readonly version: 1
  readonly [key: string]: unknown
}

type Internals = trace.Internals<typeof Override.Type>
const internals = new WeakMap<object, Internals>()
const inside = (s: Schedule): Internals => {
  const x = internals.get(s)
  if (x !== undefined) return x
  const given = s as unknown
  if (given === null || typeof given !== "object")
    fail("rotation schedule", [{ path: "", message: `expected a schedule, got ${given === null ? "null" : typeof given}` }])
  const shape = Schema.decodeUnknownResult(ScheduleShape)(given, { errors: "all" })
  if (Result.isFailure(shape)) fail("rotation schedule", Types.problemsOf(shape.failure.issue, given))
  if (s.trace === undefined) {
    fail("rotation schedule", [{
      path: "trace",
      message:
        "missing: the schedule was stored without the planner's trace, which explain, report, lagsAfter and toICalendar read; store the whole schedule (its JSON form keeps it)"
    }])
  }
  const decoded = trace.decode(s.trace, s.members, s.shifts, Override)
  if (Result.isFailure(decoded)) return fail("rotation schedule", decoded.failure)
  internals.set(s, decoded.success)
  return decoded.success
}

// The trace is written out only when asked for (JSON.stringify, a spread), not on every plan.
const withTrace = (fields: Omit<Schedule, "trace">, kept: Internals): Schedule => {
  let json: trace.TraceJson | undefined
  const schedule: Schedule = {
    ...fields,
    get trace(): Trace {
      json ??= trace.encode(kept)
      return json
    }
  }
  internals.set(schedule, kept)
  return schedule
}

const decodeOverrides = (input: ReadonlyArray<Override> | undefined): ReadonlyArray<typeof Override.Type> => {
  const decoded = Schema.decodeUnknownResult(Schema.Array(Override))(input ?? [], { errors: "all" })
  if (Result.isSuccess(decoded)) return decoded.success
  return fail(
    "overrides",
    Types.problemsOf(decoded.failure.issue, input).map((p) => ({ ...p, path: `overrides${p.path.startsWith("[") ? "" : "."}${p.path}` }))
  )
}

// The engine's run; a shift nobody can take is reported with its grid index and start.
const staff = (slots: ReadonlyArray<Slot>, engine: Parameters<typeof run>[0]): ReadonlyArray<Step> => {
  try {
    return run(engine)
  } catch (e) {
    if (e instanceof NoCandidate) {
      const sl = slots[e.pos] as Slot
      throw new NoOneAvailableError({ shift: sl.index, start: new Date(sl.start).toISOString(), role: e.role })
    }
    throw e
  }
}

// Who is on duty (after overrides) and who was scheduled, per shift with a Primary, and what happened to every shift.
const dutiesOf = (
  steps: ReadonlyArray<Step>,
  slots: ReadonlyArray<Slot>,
  ids: ReadonlyArray<Types.MemberId>,
  frozen: number
): Pick<Schedule, "duties" | "assigned" | "shifts"> => {
  const duties: Array<Types.Duty> = []
  const assigned: Array<Types.Duty> = []
  const planned: Array<PlannedShift> = []
  for (const st of steps) {
    const sl = slots[st.pos] as Slot
    planned.push({ index: sl.index, start: sl.start, end: sl.end, covered: sl.covered, status: st.kind, published: st.pos < frozen })
    if (st.primary === undefined) continue
    const base = { shift: sl.index, start: sl.start, end: sl.end }
    duties.push({ ...base, primary: ids[st.primary.actual] as Types.MemberId, backup: st.backup === undefined ? undefined : ids[st.backup.actual] })
    assigned.push({ ...base, primary: ids[st.primary.assigned] as Types.MemberId, backup: st.backup === undefined ? undefined : ids[st.backup.assigned] })
  }
  return { duties, assigned, shifts: planned }
}

/**
 * {@link plan} for scripts and tests: returns the schedule and throws what {@link plan}
 * fails with, a {@link Types.ValidationError} for bad input (an override naming an unknown
 * member or a shift outside the plan, a published duty outside the plan, ...) and
 * {@link NoOneAvailableError} when a shift cannot be staffed and `allowGaps` is not set.
 *
 * @example
 * ```ts
 * import { Rotation, Team } from "@sre-uxdd/core"
 *
 * const team = Team.decodeSync({
 *   members: [
 *     { id: "ada", name: "Ada", weight: 1 },
 *     { id: "bob", name: "Bob", weight: 0.5 },
 *     { id: "cy", name: "Cy", weight: 0.5 }
 *   ]
 * })
 * const schedule = Rotation.planSync({
 *   team,
 *   shifts: { start: "2025-01-06", at: "08:00", length: { weeks: 1 }, timeZone: "America/Los_Angeles" },
 *   from: "2025-01-06T16:00:00Z",
 *   to: "2025-03-31T15:00:00Z"
 * })
 * schedule.duties.filter((d) => d.primary === "ada").length // 6 of 12 weeks
 * ```
 *
 * @since 0.1.0
 * @category planning
 */
export const planSync = (input: PlanInput): Schedule => {
  const { strategy, horizon, share, from, to } = checkOptions(input, strategies, "guarded")
  const timeZone = input.coverage !== undefined ? Coverage.timeZone(input.coverage) : undefined
  const grid = "_tag" in input.shifts ? input.shifts : Shift.decodeSync(input.shifts, timeZone)
  const frame = frameOf(input.team, Shift.grid(grid, from, to))
  const prefix = publishedPrefix(frame, input.published ?? [])
  const roster = rosterOf(input.team, frame, prefix.frozen)
  const slots = slotsOf(input.team, frame, roster, input.coverage, share)
  checkPrefixCovered(slots, prefix.frozen, prefix.published, input.allowGaps === true)
  const overrides = decodeOverrides(input.overrides)
  const { overridePrimary, overrideBackup, overrideAt } = checkOverrides(overrides, frame, slots, prefix)
  const steps = staff(slots, {
    n: frame.ids.length,
    qualified: input.team.members.map((m) => m.backup.qualified),
    senior: input.team.members.map((m) => m.backup.senior),
    slots,
    frozen: prefix.frozen,
    published: prefix.published,
    overridePrimary,
    overrideBackup,
    strategy,
    horizon,
    backup: input.backup ?? true,
    allowGaps: input.allowGaps ?? false,
    half: roster.wden / 2n
  })
  return withTrace(
    {
      _tag: "Rotation.Schedule",
      ...dutiesOf(steps, slots, frame.ids, prefix.frozen),
      firstUnpublished: frame.first + prefix.frozen,
      strategy,
      timeZone: timeZone ?? grid.timeZone,
      members: frame.ids
    },
    { steps, slots, ids: frame.ids, team: input.team, overrides, overrideAt }
  )
}

/**
 * Plans Primary and Backup for every shift overlapping `[from, to)`. Fails with a
 * {@link Types.ValidationError} for bad input (an override naming an unknown member or a
 * shift outside the plan, a published duty outside the plan, ...) and with
 * {@link NoOneAvailableError} when a shift cannot be staffed and `allowGaps` is not set;
 * {@link planSync} throws them instead.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Rotation, Team } from "@sre-uxdd/core"
 *
 * const team = Team.decodeSync({ members: [{ id: "ada", name: "Ada" }, { id: "bob", name: "Bob" }] })
 * const schedule = Effect.runSync(
 *   Rotation.plan({
 *     team,
 *     shifts: { start: "2025-01-06", at: "08:00", length: { weeks: 1 }, timeZone: "America/Los_Angeles" },
 *     from: "2025-01-06T16:00:00Z",
 *     to: "2025-02-03T16:00:00Z"
 *   })
 * )
 * schedule.duties.length // 4
 * ```
 *
 * @since 0.1.0
 * @category planning
 */
export const plan = (input: PlanInput): Effect.Effect<Schedule, Types.ValidationError | NoOneAvailableError> =>
  Effect.suspend(() => {
    try {
      return Effect.succeed(planSync(input))
    } catch (e) {
      if (e instanceof Types.ValidationError || e instanceof NoOneAvailableError) return Effect.fail(e)
      return Effect.die(e)
    }
  })

/**
 * Reads a schedule back from its JSON form (as a store hands it back), checking every
 * field and the planner's trace, so that {@link explain}, {@link report}, {@link lagsAfter}
 * and {@link toICalendar} answer exactly as for the schedule {@link planSync} returned.
 * Throws a {@link Types.ValidationError} naming what is missing or wrong.
 *
 * @example
 * ```ts
 * import { Rotation, Team } from "@sre-uxdd/core"
 *
 * const team = Team.decodeSync({ members: [{ id: "ada", name: "Ada" }, { id: "bob", name: "Bob" }] })
 * const schedule = Rotation.planSync({
 *   team,
 *   shifts: { start: "2025-01-06", length: { weeks: 1 }, timeZone: "UTC" },
 *   from: "2025-01-06T00:00:00Z",
 *   to: "2025-02-03T00:00:00Z"
 * })
 * const stored = JSON.stringify(schedule)
 * const back = Rotation.decodeScheduleSync(JSON.parse(stored))
 * Rotation.explain(back, 1).text === Rotation.explain(schedule, 1).text // true
 * ```
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeScheduleSync = (input: unknown): Schedule => {
  const shape = Schema.decodeUnknownResult(ScheduleShape)(input, { errors: "all" })
  if (Result.isFailure(shape)) return fail("rotation schedule", Types.problemsOf(shape.failure.issue, input))
  const s = shape.success
  const schedule: Schedule = {
    _tag: "Rotation.Schedule",
    duties: s.duties.map((d) => ({ shift: d.shift, start: d.start, end: d.end, primary: d.primary, backup: d.backup })),
    assigned: s.assigned.map((d) => ({ shift: d.shift, start: d.start, end: d.end, primary: d.primary, backup: d.backup })),
    shifts: s.shifts,
    firstUnpublished: s.firstUnpublished,
    strategy: s.strategy,
    timeZone: s.timeZone,
    members: s.members,
    trace: s.trace as Trace
  }
  inside(schedule)
  return schedule
}

/**
 * {@link decodeScheduleSync} as an Effect.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeSchedule = (input: unknown): Effect.Effect<Schedule, Types.ValidationError> =>
  Effect.suspend(() => {
    try {
      return Effect.succeed(decodeScheduleSync(input))
    } catch (e) {
      if (e instanceof Types.ValidationError) return Effect.fail(e)
      throw e
    }
  })

/**
 * The part of a schedule whose shifts overlap `[from, to)`: the same duties, explanations
 * and lags as in the whole plan (lags still count from the plan's first shift), with
 * {@link report}'s counts (shifts served, entitlement, gaps, overrides) over these shifts
 * only. `Profile.schedule` uses it to cut a window out of a plan made from the shift grid's
 * start, so that every window of the same profile agrees on every shift they share.
 *
 * @since 0.1.0
 * @category queries
 */
export const window = (schedule: Schedule, from: Types.InstantInput, to: Types.InstantInput): Schedule => {
  const x = inside(schedule)
  const f = Types.toMillis(from)
  const t = Types.toMillis(to)
  if (!(t > f)) fail("rotation window", [{ path: "to", message: `the window must end after it starts, got ${showValue(to)}` }])
  let lo = schedule.shifts.findIndex((sh) => sh.end > f)
  if (lo < 0) lo = schedule.shifts.length
  let hi = schedule.shifts.findIndex((sh) => sh.start >= t)
  if (hi < 0) hi = schedule.shifts.length
  hi = Math.max(hi, lo)
  const before = x.steps.slice(0, lo)
  const lastOf = (role: Role): RoleTrace | undefined => {
    for (let k = before.length - 1; k >= 0; k--) {
      const tr = (before[k] as Step)[role]
      if (tr !== undefined) return tr
    }
    return x.opening?.[role]
  }
  const overrideAt = new Map<string, typeof Override.Type>()
  for (const [key, o] of x.overrideAt) {
    const [pos, role] = key.split(":") as [string, Role]
    const p = Number(pos)
    if (p >= lo && p < hi) overrideAt.set(`${p - lo}:${role}`, o)
  }
  const used = new Set(overrideAt.values())
  const shifts = schedule.shifts.slice(lo, hi)
  const first = shifts[0]?.index
  const last = shifts[shifts.length - 1]?.index
  const within = (d: Types.Duty) => first !== undefined && last !== undefined && d.shift >= first && d.shift <= last
  return withTrace(
    {
      _tag: "Rotation.Schedule",
      duties: schedule.duties.filter(within),
      assigned: schedule.assigned.filter(within),
      shifts,
      firstUnpublished: schedule.firstUnpublished,
      strategy: schedule.strategy,
      timeZone: schedule.timeZone,
      members: schedule.members
    },
    {
      steps: x.steps.slice(lo, hi).map((st) => ({ ...st, pos: st.pos - lo })),
      slots: x.slots.slice(lo, hi),
      ids: x.ids,
      team: x.team,
      overrides: x.overrides.filter((o) => used.has(o)),
      overrideAt,
      opening: { primary: lastOf("primary"), backup: lastOf("backup") }
    }
  )
}

/**
 * The duty covering an instant, or `undefined` outside every planned duty (for example
 * during a shift with no covered time).
 *
 * @since 0.1.0
 * @category queries
 */
export const onDuty = (schedule: Schedule, at: Types.InstantInput): Types.Duty | undefined => {
  const ms = Types.toMillis(at)
  const d = schedule.duties
  let lo = 0
  let hi = d.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const x = d[mid] as Types.Duty
    if (ms < x.start) hi = mid - 1
    else if (ms >= x.end) lo = mid + 1
    else return x
  }
  return undefined
}

/**
 * An exact fraction of a shift (for example a lag of 18/23), with its nearest number.
 *
 * @since 0.1.0
 * @category models
 */
export interface Fraction {
  /** `"18/23"`, `"-1/2"` or `"0"`. */
  readonly exact: string
  readonly value: number
}

const fraction = (n: bigint, d: bigint): Fraction => {
  const q = Q.make(n, d)
  return { exact: Q.toString(q), value: Q.toNumber(q) }
}

/**
 * Every member's lag after a shift (entitlement minus shifts served; positive means the
 * member owes duty), exactly, for one role.
 *
 * @since 0.1.0
 * @category fairness
 */
export const lagsAfter = (schedule: Schedule, shift: number, role: Role = "primary"): ReadonlyMap<Types.MemberId, Fraction> => {
  const { steps, ids, opening } = inside(schedule)
  const out = new Map<Types.MemberId, Fraction>()
  let last: RoleTrace | undefined = opening?.[role]
  for (const st of steps) {
    if ((schedule.shifts[st.pos] as PlannedShift).index > shift) break
    last = (role === "primary" ? st.primary : st.backup) ?? last
  }
  ids.forEach((id, i) => out.set(id, last === undefined ? fraction(0n, 1n) : fraction(numeratorAt(last.post, i), last.L)))
  return out
}

/**
 * Why a shift went to whom.
 *
 * @since 0.1.0
 * @category models
 */
export interface Explanation {
  readonly shift: number
  readonly role: Role
  readonly status: "duty" | "skipped" | "gap" | "no backup"
  readonly source?: "published" | "planned"
  /** Who served (after overrides). */
  readonly chosen?: Types.MemberId
  /** Who was scheduled before overrides. */
  readonly assigned?: Types.MemberId
  /** Candidates in the order considered, with their pre-lag (lag + this shift's share). */
  readonly candidates: ReadonlyArray<{ readonly member: Types.MemberId; readonly preLag: Fraction }>
  /** Members who could not take the shift. */
  readonly skipped: ReadonlyArray<{ readonly member: Types.MemberId; readonly reason: "absent" | "not on the team" | "not qualified" | "already primary" }>
  /** Candidates passed over. */
  readonly passedOver: ReadonlyArray<
    { readonly member: Types.MemberId; readonly reason: "guard rejected" | "rest after the previous shift" | "pairing: a senior backup was preferred" }
  >
  /** The fairness bound the guard kept (B_goal). */
  readonly bound?: Fraction
  readonly paired: boolean
  readonly override?: Override
  /** The same, in plain words. */
  readonly text: string
}

/**
 * Explains one shift's assignment for a role: the candidates and their lags, who was
 * skipped and why, who the guard or a preference passed over, and any override.
 *
 * @since 0.1.0
 * @category explaining
 */
export const explain = (schedule: Schedule, shift: number, role: Role = "primary"): Explanation => {
  const { steps, slots, ids, team, overrideAt } = inside(schedule)
  const pos = schedule.shifts.findIndex((s) => s.index === shift)
  if (pos < 0) fail("explanation", [{ path: "shift", message: `shift ${shift} is outside the plan` }])
  const st = steps[pos] as Step
  const sl = slots[pos] as Slot
  const when = `shift ${shift} (${formatInZone(sl.start, schedule.timeZone)} to ${formatInZone(sl.end, schedule.timeZone)} ${schedule.timeZone})`
  if (st.kind !== "duty") {
    const text = st.kind === "skipped" ? `${when} has no covered time: nobody is on duty and nothing accrues.` : `${when} has nobody available: left open.`
    return { shift, role, status: st.kind, candidates: [], skipped: [], passedOver: [], paired: false, text }
  }
  const tr = role === "primary" ? st.primary : st.backup
  const primary = st.primary as RoleTrace
  const skipped: Array<Explanation["skipped"][number]> = []
  team.members.forEach((m, i) => {
    if (sl.present[i] !== 1) skipped.push({ member: m.id, reason: "not on the team" })
    else if (sl.avail[i] !== 1) skipped.push({ member: m.id, reason: "absent" })
    else if (role === "backup" && !m.backup.qualified) skipped.push({ member: m.id, reason: "not qualified" })
    else if (role === "backup" && i === primary.actual) skipped.push({ member: m.id, reason: "already primary" })
  })
  if (tr === undefined) {
    return {
      shift,
      role,
      status: "no backup",
      candidates: [],
      skipped,
      passedOver: [],
      paired: false,
      text: `${when}: no qualified member other than the Primary is available as Backup.`
    }
  }
  const name = (i: number) => team.members[i]?.name ?? ids[i] ?? "?"
  const candidates = tr.order.map((i) => ({ member: ids[i] as Types.MemberId, preLag: fraction(numeratorAt(tr.pre, i), tr.L) }))
  const reasons = { guard: "guard rejected", rest: "rest after the previous shift", pairing: "pairing: a senior backup was preferred" } as const
  const passedOver = tr.rejected.map((r) => ({ member: ids[r.member] as Types.MemberId, reason: reasons[r.reason] }))
  const override = overrideAt.get(`${pos}:${role}`)
  const lines: Array<string> = []
  const title = role === "primary" ? "Primary" : "Backup"
  if (tr.source === "published") lines.push(`${when}: ${title} ${name(tr.assigned)} was already published.`)
  else {
    lines.push(`${when}: ${title} ${name(tr.assigned)}, chosen by ${schedule.strategy}.`)
    lines.push(
      `  candidates by pre-lag (shifts owed): ${
        candidates.map((c, k) => `${name(tr.order[k] as number)} ${c.preLag.value >= 0 ? "+" : ""}${c.preLag.value.toFixed(3)}`).join(", ")
      }`
    )
  }
  for (const p of passedOver) lines.push(`  passed over ${name(ids.indexOf(p.member))}: ${p.reason}`)
  if (skipped.length > 0) lines.push(`  skipped: ${skipped.map((s) => `${name(ids.indexOf(s.member))} (${s.reason})`).join(", ")}`)
  if (tr.bound !== undefined) lines.push(`  fairness bound kept over the next shifts: ${Q.toString(tr.bound)} (${Q.toNumber(tr.bound).toFixed(3)})`)
  if (override !== undefined) {
    lines.push(
      `  override (${override.kind}, recorded ${new Date(Types.toMillis(override.recordedAt)).toISOString()}${
        override.recordedBy === undefined ? "" : ` by ${override.recordedBy}`
      }): ${name(tr.actual)} served instead of ${name(tr.assigned)}`
    )
  }
  return {
    shift,
    role,
    status: "duty",
    source: tr.source,
    chosen: ids[tr.actual] as Types.MemberId,
    assigned: ids[tr.assigned] as Types.MemberId,
    candidates,
    skipped,
    passedOver,
    ...(tr.bound === undefined ? {} : { bound: fraction(tr.bound.n, tr.bound.d) }),
    paired: tr.paired,
    ...(override === undefined ? {} : { override: override as Override }),
    text: lines.join("\n")
  }
}

/**
 * One member's fairness figures for one role.
 *
 * @since 0.1.0
 * @category models
 */
export interface MemberFairness {
  readonly member: Types.MemberId
  /** Entitlement minus service after the last shift: positive owes duty, negative is ahead. */
  readonly lag: Fraction
  readonly standing: "owes" | "ahead" | "even"
  readonly maxAbsLag: Fraction
  /** Shifts served (X). */
  readonly served: number
  /** Shifts entitled (E). */
  readonly entitled: Fraction
  /** Smallest and largest distance in shifts between two services, and the ideal 1/share. */
  readonly smallestGap: number | undefined
  readonly largestGap: number | undefined
  readonly idealGap: number | undefined
  /** Shifts served right after serving the previous shift. */
  readonly backToBack: number
  readonly longestStreak: number
  /** Covers given minus covers received (trades net out). */
  readonly overrideBalance: number
}

/**
 * The fairness report of a schedule.
 *
 * @since 0.1.0
 * @category models
 */
export interface Report {
  readonly primary: ReadonlyArray<MemberFairness>
  readonly backup: ReadonlyArray<MemberFairness>
  /** max over members and shifts of |lag| for the Primary role (Dev). */
  readonly maxDeviation: Fraction
  readonly backupMaxDeviation: Fraction
  /** Shifts where someone's Primary shift is next to one of their Backup shifts. */
  readonly adjacencies: number
  readonly covers: number
  readonly trades: number
  /** Shifts assigned (with a Primary). */
  readonly shifts: number
}

const roleReport = (schedule: Schedule, role: Role): { readonly members: ReadonlyArray<MemberFairness>; readonly max: Fraction } => {
  const { steps, ids, opening } = inside(schedule)
  const open = opening?.[role]
  const n = ids.length
  const maxN = new Array<bigint>(n).fill(0n)
  const maxL = new Array<bigint>(n).fill(1n)
  const served = new Array<number>(n).fill(0)
  const inPool = new Array<number>(n).fill(0)
  const lastPos = new Array<number>(n).fill(-1)
  const gaps: Array<Array<number>> = Array.from({ length: n }, () => [])
  const b2b = new Array<number>(n).fill(0)
  const streak = new Array<number>(n).fill(0)
  const longest = new Array<number>(n).fill(0)
  const balance = new Array<number>(n).fill(0)
  let last: RoleTrace | undefined
  let k = 0
  let prev = -1
  let teamMaxN = 0n
  let teamMaxL = 1n
  for (const st of steps) {
    if (st.kind !== "duty") continue
    const tr = role === "primary" ? st.primary : st.backup
    if (tr === undefined) {
      k++
      prev = -1
      continue
    }
    last = tr
    for (let i = 0; i < n; i++) {
      const x = numeratorAt(tr.post, i)
      const ax = x < 0n ? -x : x
      if (ax * (maxL[i] as bigint) > (maxN[i] as bigint) * tr.L) {
        maxN[i] = ax
        maxL[i] = tr.L
      }
      if (ax * teamMaxL > teamMaxN * tr.L) {
        teamMaxN = ax
        teamMaxL = tr.L
      }
      if (tr.pool[i] === 1) inPool[i] = (inPool[i] as number) + 1
    }
    const a = tr.actual
    served[a] = (served[a] as number) + 1
    if ((lastPos[a] as number) >= 0) (gaps[a] as Array<number>).push(k - (lastPos[a] as number))
    lastPos[a] = k
    if (prev === a) {
      b2b[a] = (b2b[a] as number) + 1
      streak[a] = (streak[a] as number) + 1
    } else streak[a] = 1
    longest[a] = Math.max(longest[a] as number, streak[a] as number)
    if (tr.actual !== tr.assigned) {
      balance[tr.actual] = (balance[tr.actual] as number) + 1
      balance[tr.assigned] = (balance[tr.assigned] as number) - 1
    }
    prev = a
    k++
  }
  const members = ids.map((id, i): MemberFairness => {
    const end = last ?? open
    const lagN = end === undefined ? 0n : numeratorAt(end.post, i)
    const L = end?.L ?? 1n
    const lag = fraction(lagN, L)
    // entitlement accrued over these shifts: the lag's change plus the shifts served
    const opened = open === undefined ? Q.int(0) : Q.make(numeratorAt(open.post, i), open.L)
    const entitled = Q.add(Q.add(Q.make(lagN, L), Q.neg(opened)), Q.int(served[i] as number))
    const g = gaps[i] as Array<number>
    const e = Q.toNumber(entitled)
    return {
      member: id,
      lag,
      standing: lagN > 0n ? "owes" : lagN < 0n ? "ahead" : "even",
      maxAbsLag: fraction(maxN[i] as bigint, maxL[i] as bigint),
      served: served[i] as number,
      entitled: { exact: Q.toString(entitled), value: e },
      smallestGap: g.length === 0 ? undefined : Math.min(...g),
      largestGap: g.length === 0 ? undefined : Math.max(...g),
      idealGap: e > 0 ? (inPool[i] as number) / e : undefined,
      backToBack: b2b[i] as number,
      longestStreak: longest[i] as number,
      overrideBalance: balance[i] as number
    }
  })
  return { members, max: fraction(teamMaxN, teamMaxL) }
}

/**
 * The fairness report: per member signed lag (owes / ahead), largest |lag| so far, served
 * vs entitled, smallest and largest gap vs the ideal, back-to-back count, longest streak,
 * override balance; the team's largest deviation; Primary/Backup adjacencies.
 *
 * @since 0.1.0
 * @category fairness
 */
export const report = (schedule: Schedule): Report => {
  const { overrides, steps } = inside(schedule)
  const p = roleReport(schedule, "primary")
  const b = roleReport(schedule, "backup")
  let adjacencies = 0
  let prev: Step | undefined
  for (const st of steps) {
    if (st.kind !== "duty") continue
    if (prev !== undefined) {
      const pp = prev.primary?.actual
      const pb = prev.backup?.actual
      const cp = st.primary?.actual
      const cb = st.backup?.actual
      if ((pp !== undefined && pp === cb) || (pb !== undefined && pb === cp)) adjacencies++
    }
    prev = st
  }
  return {
    primary: p.members,
    backup: b.members,
    maxDeviation: p.max,
    backupMaxDeviation: b.max,
    adjacencies,
    covers: overrides.filter((o) => o.kind === "cover").length,
    trades: overrides.filter((o) => o.kind === "trade").length,
    shifts: schedule.duties.length
  }
}

/**
 * What changes between two plans (for example before and after adding a member or an
 * absence): the changed assignments and each member's fairness before and after.
 *
 * @since 0.1.0
 * @category models
 */
export interface Diff {
  readonly changed: ReadonlyArray<{
    readonly shift: number
    readonly role: Role
    readonly before: Types.MemberId | undefined
    readonly after: Types.MemberId | undefined
  }>
  readonly members: ReadonlyArray<{
    readonly member: Types.MemberId
    readonly lagBefore: Fraction | undefined
    readonly lagAfter: Fraction | undefined
    readonly maxAbsLagBefore: Fraction | undefined
    readonly maxAbsLagAfter: Fraction | undefined
    readonly servedBefore: number
    readonly servedAfter: number
  }>
  readonly maxDeviationBefore: Fraction
  readonly maxDeviationAfter: Fraction
}

/**
 * Compares two plans of the same shifts: a what-if preview.
 *
 * @since 0.1.0
 * @category fairness
 */
export const diff = (before: Schedule, after: Schedule): Diff => {
  const byShift = (s: Schedule) => new Map(s.duties.map((d) => [d.shift, d]))
  const a = byShift(before)
  const b = byShift(after)
  const shifts = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => x - y)
  const changed: Array<Diff["changed"][number]> = []
  for (const s of shifts) {
    for (const role of ["primary", "backup"] as const) {
      const x = a.get(s)?.[role]
      const y = b.get(s)?.[role]
      if (x !== y) changed.push({ shift: s, role, before: x, after: y })
    }
  }
  const ra = report(before)
  const rb = report(after)
  const ids = [...new Set([...before.members, ...after.members])].sort()
  const members = ids.map((member) => {
    const x = ra.primary.find((m) => m.member === member)
    const y = rb.primary.find((m) => m.member === member)
    return {
      member,
      lagBefore: x?.lag,
      lagAfter: y?.lag,
      maxAbsLagBefore: x?.maxAbsLag,
      maxAbsLagAfter: y?.maxAbsLag,
      servedBefore: x?.served ?? 0,
      servedAfter: y?.served ?? 0
    }
  })
  return { changed, members, maxDeviationBefore: ra.maxDeviation, maxDeviationAfter: rb.maxDeviation }
}

// ical-generator formats a plain Date in the *process* zone when a TZID is set; a TZDate
// stub (its documented extension point) makes it print the wall clock of the schedule's zone.
const zonedDate = (ms: number, zone: string): Date => {
  const p = partsInZone(ms, zone)
  const wall = {
    getFullYear: () => p.year,
    getMonth: () => p.month - 1,
    getDate: () => p.day,
    getHours: () => p.hour,
    getMinutes: () => p.minute,
    getSeconds: () => p.second,
    getUTCFullYear: () => new Date(ms).getUTCFullYear(),
    getUTCMonth: () => new Date(ms).getUTCMonth(),
    getUTCDate: () => new Date(ms).getUTCDate(),
    getUTCHours: () => new Date(ms).getUTCHours(),
    getUTCMinutes: () => new Date(ms).getUTCMinutes(),
    getUTCSeconds: () => new Date(ms).getUTCSeconds()
  }
  const d = new Date(ms)
  Object.defineProperties(d, {
    internal: { value: new Date(ms) },
    withTimeZone: { value: () => wall },
    tzComponents: { value: () => wall }
  })
  return d
}

/**
 * Options of {@link toICalendar}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ICalendarOptions {
  /** Calendar name, also part of every UID (default `"support rotation"`). */
  readonly name?: string
  /** Domain of the UIDs (default `"sre-uxdd.invalid"`). */
  readonly domain?: string
  /** Include Backup events (default true). */
  readonly backup?: boolean
  /** Only this member's duties (default everyone's): a personal calendar feed. */
  readonly member?: Types.MemberId | string
  /** Show duties as free time (`TRANSP:TRANSPARENT`), so they do not block meeting invitations (default false). */
  readonly transparent?: boolean
}

/**
 * The schedule as RFC 5545 iCalendar text that calendar programs can subscribe to: one
 * event per shift and role, with a UID stable across re-plans (calendar name, shift index,
 * role) so a subscription updates in place, and times in the coverage zone (TZID) with the
 * zone's VTIMEZONE, so every reader places them at the same instants. DTSTAMP is in UTC.
 * Throws a {@link Types.ValidationError} (path `timeZone`) when the schedule's zone is not
 * a canonical IANA name.
 *
 * @since 0.1.0
 * @category export
 */
export const toICalendar = (schedule: Schedule, options: ICalendarOptions = {}): string => {
  const { team } = inside(schedule)
  const name = options.name ?? "support rotation"
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "rotation"
  const domain = options.domain ?? "sre-uxdd.invalid"
  const zoneProblem = zoneNameProblem(schedule.timeZone)
  if (zoneProblem !== undefined) fail("iCalendar export", [{ path: "timeZone", message: zoneProblem }])
  // No calendar-wide zone, so DTSTAMP is written in UTC (with its Z); the generator adds a
  // VTIMEZONE for every zone the events use, from timezones-ical-library's maintained rules.
  const cal = ical({ name, prodId: { company: "sre-uxdd", product: "rotation", language: "EN" }, timezone: { name: null, generator: vtimezone } })
  const display = (id: Types.MemberId) => team.members.find((m) => m.id === id)?.name ?? id
  for (const d of schedule.duties) {
    for (const role of ["primary", "backup"] as const) {
      const who = d[role]
      if (who === undefined || (role === "backup" && options.backup === false)) continue
      if (options.member !== undefined && who !== options.member) continue
      const m = team.members.find((x) => x.id === who)
      const event = cal.createEvent({
        id: `${slug}-${d.shift}-${role}@${domain}`,
        start: zonedDate(d.start, schedule.timeZone),
        end: zonedDate(d.end, schedule.timeZone),
        timezone: schedule.timeZone,
        summary: `${role === "primary" ? "Primary" : "Backup"}: ${display(who)}`,
        description: `Shift ${d.shift}, ${role} ${display(who)} (${who})`,
        stamp: new Date(d.start),
        ...(options.transparent === true ? { transparency: ICalEventTransparency.TRANSPARENT } : {})
      })
      if (m?.handles.email !== undefined) event.createAttendee({ email: m.handles.email, name: m.name })
    }
  }
  return cal.toString()
}
