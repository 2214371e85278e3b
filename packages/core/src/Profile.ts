/**
 * What a team's profile (`Config.Profile`) composes: the modules it configures, run as
 * the team configured them. `simulate` draws random absences from the profile's model,
 * plans the rotation with the profile's strategy and runs the simulation over it.
 *
 * This module sits above the ones it composes (`Config`, `Rotation`, `Simulation`,
 * `Team`, `Shift`, `Coverage`), and none of them imports it back.
 *
 * @since 0.1.0
 * @module
 */
import type * as Config from "./Config.js"
import * as Coverage from "./Coverage.js"
import * as Rotation from "./Rotation.js"
import * as Shift from "./Shift.js"
import * as Simulation from "./Simulation.js"
import * as Team from "./Team.js"

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
 * planned by `Rotation.plan` with the profile's strategy (absent members are skipped
 * and their entitlement paused), then `Simulation.run` over the horizon. The
 * summary's rotation figures come from `Rotation.report` (exact lags).
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
  const team =
    absences.length === 0
      ? profile.team
      : Team.withAbsences(
          profile.team,
          absences.map((a) => ({ member: a.member, start: a.start, end: a.end, kind: "vacation" as const, accrues: "pause" as const }))
        )
  // Planned a few shifts past the horizon: an inquiry that arrives on the last weekend
  // belongs to the Primary of the next covered period, who exists in real life.
  const shiftLength = Shift.startOf(grid, 1) - start
  const schedule = Rotation.planSync({
    team,
    shifts: grid,
    from: start,
    to: end + 3 * shiftLength,
    coverage: calendar,
    strategy: options.strategy ?? profile.rotation.strategy,
    backup: profile.rotation.backup,
    allowGaps: true,
    ...(profile.rotation.horizon === undefined ? {} : { horizon: profile.rotation.horizon }),
    ...(profile.rotation.unavailableShare === undefined ? {} : { unavailableShare: profile.rotation.unavailableShare })
  })
  const goals: ReadonlyArray<Simulation.Goal> = [
    { name: "default", goal: profile.goals.defaultMillis },
    ...[...profile.goals.byPriority.entries()].map(([name, goal]) => ({ name, goal }))
  ]
  const mix = model.priorityMix
  const result = Simulation.run({
    calendar,
    ...(options.arrivalCalendar === undefined ? {} : { arrivalCalendar: options.arrivalCalendar }),
    duties: schedule.duties,
    members: profile.team.members.map((m) => ({ id: m.id, weight: m.weight })),
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
