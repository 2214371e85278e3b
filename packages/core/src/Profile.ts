/**
 * What a team's profile (`Config.Profile`) composes: the modules it configures, run as
 * the team configured them. `schedule` plans the rotation as the profile says (its
 * `rotation` section, coverage and holidays, the shift grid's start as the fairness
 * ledger's origin, published duties and overrides), so that every window asked for gives
 * the same duties; `simulate` draws random absences from the profile's model, plans the
 * rotation with the profile's strategy and runs the simulation over it.
 *
 * This module sits above the ones it composes (`Config`, `Rotation`, `Simulation`,
 * `Team`, `Shift`, `Coverage`), and none of them imports it back.
 *
 * @since 0.1.0
 * @module
 */
import { Effect } from "effect"
import type * as Config from "./Config.js"
import * as Coverage from "./Coverage.js"
import * as Rotation from "./Rotation.js"
import * as Shift from "./Shift.js"
import * as Simulation from "./Simulation.js"
import * as Team from "./Team.js"
import * as Types from "./Types.js"

const HOUR = 3_600_000

/**
 * Options of {@link simulate}: each overrides the profile for a what-if.
 *
 * @since 0.1.0
 * @category models
 */
export interface SimulateOptions {
  /** Horizon in years from the first shift (default: the profile's `simulation.years`). */
  readonly years?: number
  readonly seed?: number
  readonly strategy?: Rotation.Strategy
  /** Another coverage policy (a decoded calendar or its spec). */
  readonly coverage?: Coverage.Calendar | Coverage.Spec
  /** Another shift grid (e.g. two-week shifts). */
  readonly shifts?: Shift.Spec
  /** Whose covered hours set the arrival rate (default: the profile's own coverage). */
  readonly arrivalCalendar?: Coverage.Calendar
  readonly slowdown?: number
  /** Draw random absences from the model (default true). */
  readonly randomAbsences?: boolean
}

/**
 * A {@link simulate} result: the run, the rotation schedule and its fairness report,
 * and the random absences drawn.
 *
 * @since 0.1.0
 * @category models
 */
export interface SimulationResult extends Simulation.Result {
  readonly schedule: Rotation.Schedule
  readonly fairness: Rotation.Report
  readonly absences: ReadonlyArray<Simulation.RandomAbsence>
}

const YEAR = 365.2425 * 24 * HOUR

const isCalendar = (c: Coverage.Calendar | Coverage.Spec): c is Coverage.Calendar => "_tag" in c && c._tag === "Coverage.Calendar"

/**
 * Simulates a team profile: random absences drawn from the model, the rotation
 * planned by `Rotation.planSync` with the profile's strategy (absent members are skipped
 * and their entitlement paused), then `Simulation.run` over the horizon, in which absent
 * people do no support work. The summary's rotation figures come from `Rotation.report`
 * over the horizon's shifts (exact lags).
 *
 * @example
 * ```ts
 * import { Config, Profile } from "@sre-uxdd/core"
 *
 * declare const profile: Config.Profile
 * const monWed = Profile.simulate(profile, {
 *   coverage: { timeZone: "America/Los_Angeles", weekly: [{ days: ["mon", "tue", "wed"], windows: ["08:00-12:00", "13:00-17:00"] }] },
 *   arrivalCalendar: profile.coverage
 * })
 * monWed.summary.cost.maximal // about 3/5 of the Monday-Friday figure
 * ```
 *
 * @since 0.1.0
 * @category simulation
 */
export const simulate = (profile: Config.Profile, options: SimulateOptions = {}): SimulationResult => {
  const calendar = options.coverage === undefined ? profile.coverage : isCalendar(options.coverage) ? options.coverage : Coverage.make(options.coverage)
  const grid = options.shifts === undefined ? profile.shifts : Shift.decodeSync(options.shifts, calendar.timeZone)
  const seed = options.seed ?? profile.simulation.seed
  const years = options.years ?? profile.simulation.years
  const start = Shift.startOf(grid, 0)
  const end = start + Math.round(years * YEAR)
  const model = profile.simulation.model
  const ids = profile.team.members.map((m) => m.id)
  const absences = options.randomAbsences === false ? [] : Simulation.randomAbsences(ids, { start, end, seed, model })
  const team = absences.length === 0
    ? profile.team
    : Team.withAbsences(
      profile.team,
      absences.map((a) => ({ member: a.member, start: a.start, end: a.end, kind: "vacation" as const, accrues: "pause" as const }))
    )
  const planOver = (from: number, to: number) =>
    Rotation.planSync({
      team,
      shifts: grid,
      from,
      to,
      coverage: calendar,
      strategy: options.strategy ?? profile.rotation.strategy,
      backup: profile.rotation.backup,
      allowGaps: true,
      ...(profile.rotation.horizon === undefined ? {} : { horizon: profile.rotation.horizon }),
      ...(profile.rotation.unavailableShare === undefined ? {} : { unavailableShare: profile.rotation.unavailableShare })
    })
  // The horizon's rotation (what the fairness figures describe), then a few shifts past it:
  // an inquiry that arrives on the last weekend belongs to the Primary of the next covered
  // period, and open work at the last shift's end goes to someone, as in real life.
  const schedule = planOver(start, end)
  const shiftLength = Shift.startOf(grid, 1) - start
  const tailFrom = schedule.duties[schedule.duties.length - 1]?.end ?? end
  const tail = planOver(tailFrom, tailFrom + 3 * shiftLength).duties.filter((d) => d.start >= tailFrom)
  const goals: ReadonlyArray<Simulation.Goal> = [
    { name: "default", goal: profile.goals.defaultMillis },
    ...[...profile.goals.byPriority.entries()].map(([name, goal]) => ({ name, goal }))
  ]
  const mix = model.priorityMix
  const result = Simulation.run({
    calendar,
    ...(options.arrivalCalendar === undefined ? {} : { arrivalCalendar: options.arrivalCalendar }),
    duties: [...schedule.duties, ...tail],
    members: profile.team.members.map((m) => ({ id: m.id, weight: m.weight })),
    // Absent people do no support work: the random absences and the team's own.
    absences: team.absences.map((a) => ({ member: a.member, start: a.start, end: a.end })),
    start,
    end,
    goals,
    // Without a mix, every inquiry takes the default goal.
    model: mix === undefined ? { ...model, priorityMix: { default: 1 } } : model,
    seed,
    ...(options.slowdown === undefined ? {} : { slowdown: options.slowdown })
  })
  const fairnessReport = Rotation.report(schedule)
  const gaps = fairnessReport.primary.map((m) => m.largestGap ?? 0)
  return {
    ...result,
    summary: {
      ...result.summary,
      rotation: {
        maxDeviation: fairnessReport.maxDeviation.value,
        worstGap: gaps.length === 0 ? 0 : Math.max(...gaps),
        backToBack: fairnessReport.primary.reduce((sum, m) => sum + m.backToBack, 0),
        shifts: fairnessReport.shifts
      }
    },
    schedule,
    fairness: fairnessReport,
    absences
  }
}

/**
 * The window to plan, and what the team has already published or changed.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScheduleWindow {
  /** The schedule holds the shifts overlapping `[from, to)`. */
  readonly from: Types.InstantInput
  readonly to: Types.InstantInput
  /**
   * Duties already published (the team's schedule file): never rewritten. When they start
   * after the grid's first shift, the shifts before them are taken as the profile plans them.
   */
  readonly published?: ReadonlyArray<Types.Duty>
  /** Trades and covers recorded since publication. */
  readonly overrides?: ReadonlyArray<Rotation.Override>
  /** Leave a shift open when nobody is available instead of failing (default false). */
  readonly allowGaps?: boolean
}

const PLAN_SUBJECT = "profile plan"
// How far past the window to plan at first, in shifts beyond the guard's look-ahead.
const SLACK = 8

const fail = (problems: ReadonlyArray<Types.Problem>): never => {
  throw new Types.ValidationError({ subject: PLAN_SUBJECT, problems })
}

/** The end of the `count`-th shift starting at or after `at` (or the last one there is). */
const endAfterShifts = (grid: Shift.Grid, at: number, count: number): number => {
  const approx = (grid.unit === "hours" ? 3_600_000 : 86_400_000) * grid.count
  const shifts = Shift.grid(grid, at, at + (count + 1) * approx + 2 * 86_400_000)
  return (shifts[Math.min(count, shifts.length - 1)] ?? { end: at + approx }).end
}

/**
 * Published duties usually start where the team began publishing, after the grid's first
 * shift: the shifts before the first published one are taken as the profile plans them (no
 * published duties, no overrides), so the ledger still runs from the grid's start.
 */
const completePublished = (profile: Config.Profile, published: ReadonlyArray<Types.Duty> | undefined): ReadonlyArray<Types.Duty> | undefined => {
  if (published === undefined || published.length === 0) return published
  const firstShift = Math.min(...published.map((d) => d.shift))
  const start = Shift.grid(profile.shifts, profile.shifts.origin, endAfterShifts(profile.shifts, profile.shifts.origin, Math.max(0, firstShift)))[firstShift]
    ?.start
  if (!Number.isInteger(firstShift) || firstShift <= 0 || start === undefined) return published
  const before = scheduleSync(profile, { from: profile.shifts.origin, to: start })
  return [...before.assigned.filter((d) => d.shift < firstShift), ...published]
}

/**
 * Plans the profile's rotation for the shifts overlapping `[from, to)`, as the team
 * configured it (see the module). Throws a `Types.ValidationError` for a bad window, a
 * published duty or override that does not fit, and `Rotation.NoOneAvailableError` when a
 * shift cannot be staffed and `allowGaps` is not set.
 *
 * @example
 * ```ts
 * import { Config, Profile, Rotation } from "@sre-uxdd/core"
 *
 * const profile = Config.fromText(`
 * name: Tiny team
 * team:
 *   members:
 *     - { id: ada, name: Ada, weight: 1 }
 *     - { id: bob, name: Bob, weight: 0.5 }
 *     - { id: cy, name: Cy, weight: 0.5 }
 * coverage:
 *   timeZone: Europe/Berlin
 *   weekly: [{ days: [mon, tue, wed, thu, fri], windows: ["09:00-17:00"] }]
 *   holidays: { dates: ["2026-12-24", "2026-12-25"] }
 * shifts: { start: "2026-01-05", at: "09:00", length: { days: 1 } }
 * `)
 * const december = Profile.scheduleSync(profile, { from: "2026-12-01T00:00:00Z", to: "2027-01-01T00:00:00Z" })
 * const week = Profile.scheduleSync(profile, { from: "2026-12-21T00:00:00Z", to: "2026-12-28T00:00:00Z" })
 * Rotation.onDuty(december, "2026-12-23T10:00:00Z")?.primary === Rotation.onDuty(week, "2026-12-23T10:00:00Z")?.primary // true
 * Rotation.onDuty(week, "2026-12-24T10:00:00Z") // undefined: a holiday, nobody is on duty
 * ```
 *
 * @since 0.1.0
 * @category planning
 */
export const scheduleSync = (profile: Config.Profile, window: ScheduleWindow): Rotation.Schedule => {
  const from = Types.toMillis(window.from)
  const to = Types.toMillis(window.to)
  if (!Number.isFinite(from)) fail([{ path: "from", message: `expected an instant, got ${String(window.from)}` }])
  if (!Number.isFinite(to)) fail([{ path: "to", message: `expected an instant, got ${String(window.to)}` }])
  if (!(to > from))
    fail([{ path: "to", message: `the window must end after it starts, got ${new Date(to).toISOString()} (from ${new Date(from).toISOString()})` }])
  const grid = profile.shifts
  const origin = grid.origin
  if (!(to > origin)) fail([{ path: "to", message: `the window ends before the shift grid starts (${new Date(origin).toISOString()})` }])
  const horizon = profile.rotation.horizon ?? 13
  const published = completePublished(profile, window.published)
  const input = {
    team: profile.team,
    coverage: profile.coverage,
    shifts: grid,
    from: origin,
    strategy: profile.rotation.strategy,
    horizon,
    backup: profile.rotation.backup,
    ...(profile.rotation.unavailableShare === undefined ? {} : { unavailableShare: profile.rotation.unavailableShare }),
    ...(published === undefined ? {} : { published }),
    ...(window.overrides === undefined ? {} : { overrides: window.overrides }),
    ...(window.allowGaps === undefined ? {} : { allowGaps: window.allowGaps })
  } as const
  // The guard looks `horizon` staffed shifts ahead; plan until that many lie past the window,
  // so that no decision inside the window depends on where the window ends.
  let extra = horizon + SLACK
  for (;;) {
    const end = endAfterShifts(grid, to, extra)
    const schedule = Rotation.planSync({ ...input, to: end })
    const ahead = schedule.shifts.filter((s) => s.start >= to && s.status === "duty").length
    const tooFew = ahead < horizon && extra < 64 * (horizon + SLACK)
    if (!tooFew) return Rotation.window(schedule, Math.max(from, origin), to)
    extra *= 2
  }
}

/**
 * {@link scheduleSync} as an Effect.
 *
 * @since 0.1.0
 * @category planning
 */
export const schedule = (
  profile: Config.Profile,
  window: ScheduleWindow
): Effect.Effect<Rotation.Schedule, Types.ValidationError | Rotation.NoOneAvailableError> =>
  Effect.suspend(() => {
    try {
      return Effect.succeed(scheduleSync(profile, window))
    } catch (e) {
      if (e instanceof Types.ValidationError || e instanceof Rotation.NoOneAvailableError) return Effect.fail(e)
      throw e
    }
  })
