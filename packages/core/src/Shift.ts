/**
 * The grid of shifts a rotation assigns: a fixed length in weeks, days or hours, with
 * handoffs at a local wall-clock time (such as Monday 08:00 in the coverage zone).
 *
 * Day and week shifts hand off at the same wall-clock time every time, so across a DST
 * change a weekly shift lasts 167 or 169 hours; hour shifts are fixed elapsed durations.
 * Shift indexes count from the grid's first shift (index 0), so they are stable whatever
 * range is asked for.
 *
 * @since 0.1.0
 * @module
 */
import { Effect, Result, Schema } from "effect"
import * as Types from "./Types.js"
import { addDays, isZone, wallToMillis } from "./internal/wallClock.js"
import { zoneNameProblem } from "./internal/zoneNames.js"

const Count = Schema.Number.check(Schema.isInt(), Schema.isBetween({ minimum: 1, maximum: 10_000 }, { message: "expected a whole number from 1 to 10000" }))

/**
 * JSON form of a shift grid.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Spec = Schema.Struct({
  /** Local calendar date of the first shift's start, `YYYY-MM-DD`. */
  start: Schema.String.check(Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/u, { message: "expected a date YYYY-MM-DD" })),
  /** Local handoff time `HH:MM` (default `00:00`). */
  at: Schema.optionalKey(Schema.String.check(Schema.isPattern(/^([01]\d|2[0-3]):[0-5]\d$/u, { message: "expected a time HH:MM" }))),
  length: Schema.Union([Schema.Struct({ weeks: Count }), Schema.Struct({ days: Count }), Schema.Struct({ hours: Count })]),
  /** IANA zone of the handoff time; defaults to the coverage calendar's zone, else UTC. */
  timeZone: Schema.optionalKey(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Spec = typeof Spec.Encoded

/**
 * A decoded shift grid.
 *
 * @since 0.1.0
 * @category models
 */
export interface Grid {
  readonly _tag: "ShiftGrid"
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly unit: "days" | "hours"
  /** Length in days (weeks are 7 days) or hours. */
  readonly count: number
  readonly timeZone: string
  /** Start of shift 0, epoch ms. */
  readonly origin: Types.Millis
}

/**
 * One shift: `[start, end)` in epoch ms, and its index in the grid.
 *
 * @since 0.1.0
 * @category models
 */
export interface Shift {
  readonly index: number
  readonly start: Types.Millis
  readonly end: Types.Millis
}

const validate = (input: unknown, defaultZone: string | undefined): Result.Result<Grid, Types.ValidationError> => {
  const shape = Schema.decodeUnknownResult(Spec)(input, { errors: "all" })
  if (Result.isFailure(shape)) return Result.fail(new Types.ValidationError({ subject: "shift grid", problems: Types.problemsOf(shape.failure.issue, input) }))
  const spec = shape.success
  const problems: Array<Types.Problem> = []
  const [year, month, day] = spec.start.split("-").map(Number) as [number, number, number]
  const check = addDays(year, month, day, 0)
  if (check.year !== year || check.month !== month || check.day !== day)
    problems.push({ path: "start", message: `not a calendar date, got ${JSON.stringify(spec.start)}` })
  const timeZone = spec.timeZone ?? defaultZone ?? "UTC"
  const zoneProblem = zoneNameProblem(timeZone)
  if (zoneProblem !== undefined) problems.push({ path: "timeZone", message: zoneProblem })
  else if (!isZone(timeZone)) problems.push({ path: "timeZone", message: `unknown IANA time zone, got ${JSON.stringify(timeZone)}` })
  if (problems.length > 0) return Result.fail(new Types.ValidationError({ subject: "shift grid", problems }))
  const [hour, minute] = (spec.at ?? "00:00").split(":").map(Number) as [number, number]
  const len = spec.length
  const unit = "hours" in len ? "hours" : "days"
  const count = "hours" in len ? len.hours : "days" in len ? len.days : len.weeks * 7
  return Result.succeed({
    _tag: "ShiftGrid",
    year,
    month,
    day,
    hour,
    minute,
    unit,
    count,
    timeZone,
    origin: wallToMillis(timeZone, year, month, day, hour, minute)
  })
}

/**
 * Decodes a shift grid, failing with a {@link Types.ValidationError}. `defaultZone` is
 * used when the spec names no zone (pass the coverage calendar's zone).
 *
 * @since 0.1.0
 * @category decoding
 */
export const decode = (input: unknown, defaultZone?: string): Effect.Effect<Grid, Types.ValidationError> => {
  const r = validate(input, defaultZone)
  return Result.isSuccess(r) ? Effect.succeed(r.success) : Effect.fail(r.failure)
}

/**
 * Like {@link decode} but throws the {@link Types.ValidationError}.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeSync = (input: unknown, defaultZone?: string): Grid => {
  const r = validate(input, defaultZone)
  if (Result.isSuccess(r)) return r.success
  throw r.failure
}

const toGrid = (g: Grid | Spec, defaultZone?: string): Grid => ("_tag" in g && g._tag === "ShiftGrid" ? g : decodeSync(g, defaultZone))

/**
 * Start of shift `index` (epoch ms).
 *
 * @since 0.1.0
 * @category queries
 */
export const startOf = (grid: Grid, index: number): Types.Millis => {
  if (grid.unit === "hours") return grid.origin + index * grid.count * 3_600_000
  const d = addDays(grid.year, grid.month, grid.day, index * grid.count)
  return wallToMillis(grid.timeZone, d.year, d.month, d.day, grid.hour, grid.minute)
}

/**
 * The shift with this index.
 *
 * @since 0.1.0
 * @category queries
 */
export const at = (grid: Grid, index: number): Shift => ({ index, start: startOf(grid, index), end: startOf(grid, index + 1) })

/**
 * Index of the shift containing an instant (negative before the grid's first shift).
 *
 * @since 0.1.0
 * @category queries
 */
export const indexAt = (grid: Grid, instant: Types.InstantInput): number => {
  const ms = Types.toMillis(instant)
  const nominal = grid.count * (grid.unit === "hours" ? 3_600_000 : 86_400_000)
  let k = Math.floor((ms - grid.origin) / nominal)
  while (startOf(grid, k) > ms) k--
  while (startOf(grid, k + 1) <= ms) k++
  return k
}

/**
 * The shifts that overlap `[from, to)`, in order.
 *
 * @example
 * ```ts
 * import { Shift } from "@sre-uxdd/core"
 *
 * const weekly = { start: "2025-03-03", at: "08:00", length: { weeks: 1 }, timeZone: "America/Los_Angeles" }
 * const shifts = Shift.grid(weekly, "2025-03-03T16:00:00Z", "2025-03-17T15:00:00Z")
 * // the week of the DST change lasts 167 hours: 08:00 PST to 08:00 PDT
 * shifts.map((s) => (s.end - s.start) / 3_600_000) // [167, 168]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const grid = (spec: Grid | Spec, from: Types.InstantInput, to: Types.InstantInput, defaultZone?: string): ReadonlyArray<Shift> => {
  const g = toGrid(spec, defaultZone)
  const f = Types.toMillis(from)
  const t = Types.toMillis(to)
  const out: Array<Shift> = []
  if (!(t > f)) return out
  let k = indexAt(g, f)
  let start = startOf(g, k)
  for (;;) {
    const end = startOf(g, k + 1)
    if (start >= t) break
    out.push({ index: k, start, end })
    k++
    start = end
  }
  return out
}
