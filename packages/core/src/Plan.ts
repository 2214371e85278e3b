/**
 * A team profile planned as the team configured it: the rotation strategy, whether a Backup
 * is assigned, the guard's look-ahead and the absence share from `rotation`, the coverage
 * calendar (so holidays and uncovered shifts get nobody), and the shift grid's start as the
 * origin of the fairness ledger, with the published duties and overrides when given.
 *
 * Because the ledger always starts at the grid's first shift and the plan always reaches
 * the guard's look-ahead past the window, the duties of a shift do not depend on the window
 * asked for: "who is on duty on 2026-12-24" has one answer.
 *
 * This module composes `Config`, `Rotation` and `Shift`; none of them imports it.
 *
 * @since 0.1.0
 * @module
 */
import { Effect } from "effect"
import type * as Config from "./Config.js"
import * as Rotation from "./Rotation.js"
import * as Shift from "./Shift.js"
import * as Types from "./Types.js"

/**
 * The window to plan, and what the team has already published or changed.
 *
 * @since 0.1.0
 * @category models
 */
export interface Window {
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

const SUBJECT = "profile plan"
// How far past the window to plan at first, in shifts beyond the guard's look-ahead.
const SLACK = 8

const fail = (problems: ReadonlyArray<Types.Problem>): never => {
  throw new Types.ValidationError({ subject: SUBJECT, problems })
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
  const start = Shift.grid(profile.shifts, profile.shifts.origin, endAfterShifts(profile.shifts, profile.shifts.origin, Math.max(0, firstShift)))[firstShift]?.start
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
 * import { Config, Plan, Rotation } from "@sre-uxdd/core"
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
 * const december = Plan.scheduleSync(profile, { from: "2026-12-01T00:00:00Z", to: "2027-01-01T00:00:00Z" })
 * const week = Plan.scheduleSync(profile, { from: "2026-12-21T00:00:00Z", to: "2026-12-28T00:00:00Z" })
 * Rotation.onDuty(december, "2026-12-23T10:00:00Z")?.primary === Rotation.onDuty(week, "2026-12-23T10:00:00Z")?.primary // true
 * Rotation.onDuty(week, "2026-12-24T10:00:00Z") // undefined: a holiday, nobody is on duty
 * ```
 *
 * @since 0.1.0
 * @category planning
 */
export const scheduleSync = (profile: Config.Profile, window: Window): Rotation.Schedule => {
  const from = Types.toMillis(window.from)
  const to = Types.toMillis(window.to)
  if (!Number.isFinite(from)) fail([{ path: "from", message: `expected an instant, got ${String(window.from)}` }])
  if (!Number.isFinite(to)) fail([{ path: "to", message: `expected an instant, got ${String(window.to)}` }])
  if (!(to > from)) fail([{ path: "to", message: `the window must end after it starts, got ${new Date(to).toISOString()} (from ${new Date(from).toISOString()})` }])
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
export const schedule = (profile: Config.Profile, window: Window): Effect.Effect<Rotation.Schedule, Types.ValidationError | Rotation.NoOneAvailableError> =>
  Effect.suspend(() => {
    try {
      return Effect.succeed(scheduleSync(profile, window))
    } catch (e) {
      if (e instanceof Types.ValidationError || e instanceof Rotation.NoOneAvailableError) return Effect.fail(e)
      throw e
    }
  })
