/**
 * Cost of coverage: the largest share of a team's development effort that support
 * can take under a coverage policy.
 *
 * The seed process's rule of thumb: a Primary who is wholly consumed by support
 * during covered time costs the covered share of one work week. With about six
 * developers and business hours every weekday that is 1/6 ≈ 17% of the team's
 * effort; covering Monday to Wednesday only caps it at 3/5 × 1/6 = 10%.
 *
 * Capacity is counted either by head count (every developer is one) or by summed
 * percent-time (a 50% developer is half a developer). The Backup's share is the
 * fraction of covered time the Backup spends on escalations: 0 leaves it out, 1
 * is the worst case of a Backup as busy as the Primary.
 *
 * @since 0.1.0
 * @module
 */
import { Schema } from "effect"
import * as Coverage from "./Coverage.js"
import * as Types from "./Types.js"

const Fraction = Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1 }, { message: "expected a number in [0, 1]" }))
const NonNegative = Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0, { message: "expected a number >= 0" }))
const PercentTime = Schema.Finite.check(
  Schema.isBetween({ minimum: 0, maximum: 1, exclusiveMinimum: true }, { message: "expected a percent-time in (0, 1]" })
)

/**
 * How the team's capacity is counted: `{ headCount: 6 }` or
 * `{ percentTimes: [1, 0.5, 0.5, ...] }` (fractions of a full-time developer).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Capacity = Schema.Union([
  Schema.Struct({
    headCount: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1, { message: "expected a whole number of developers >= 1" }))
  }),
  Schema.Struct({ percentTimes: Schema.Array(PercentTime).check(Schema.isMinLength(1, { message: "expected at least one developer" })) })
])

/**
 * @since 0.1.0
 * @category models
 */
export type Capacity = typeof Capacity.Type

/**
 * What a cost estimate needs.
 *
 * - `coveredFraction`: covered hours per week divided by the hours of one work week
 *   (`Coverage.workWeekFraction`); 1 for business hours every weekday, 0.6 for
 *   Monday to Wednesday. It may exceed 1 (24/7 coverage is 4.2 work weeks).
 * - `capacity`: head count or percent-times.
 * - `primaryLoad`: fraction of covered time the Primary spends on support
 *   (default 1: the maximal cost, a Primary wholly consumed).
 * - `backupLoad`: fraction of covered time the Backup spends on support (default 0).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Input = Schema.Struct({
  coveredFraction: NonNegative,
  capacity: Capacity,
  primaryLoad: Schema.optional(Fraction),
  backupLoad: Schema.optional(Fraction)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Input = typeof Input.Type

/**
 * A cost estimate, each share a fraction of the team's development effort.
 *
 * @since 0.1.0
 * @category models
 */
export interface Share {
  /** The Primary's share. */
  readonly primary: number
  /** The Backup's share (0 when `backupLoad` is 0). */
  readonly backup: number
  /** `primary + backup`. */
  readonly total: number
  /** Team capacity in full-time developers (head count, or summed percent-time). */
  readonly capacity: number
  /** Covered hours as a fraction of one work week (the input, echoed). */
  readonly coveredFraction: number
  /**
   * `total` is above 1: the policy asks for more support time than the whole team has
   * (24/7 coverage with three developers), so the share is not a cost the team can pay.
   */
  readonly exceedsCapacity: boolean
}

const decodeInput = Types.decoderSync(Input, "cost input")

/**
 * The team's capacity in full-time developers.
 *
 * @since 0.1.0
 * @category accessors
 */
export const capacityOf = (capacity: Capacity): number => {
  if ("headCount" in capacity) return capacity.headCount
  // Sorting first makes the floating-point sum independent of member order.
  return [...capacity.percentTimes].sort((a, b) => a - b).reduce((sum, p) => sum + p, 0)
}

/**
 * The share of the team's development effort that support takes. Throws a
 * `Types.ValidationError` naming the bad field when the input is invalid.
 *
 * @example
 * ```ts
 * import { Cost } from "@sre-uxdd/core"
 *
 * // business hours every weekday, six developers: about 17%
 * Cost.share({ coveredFraction: 1, capacity: { headCount: 6 } }).total // 0.1666...
 * // Monday to Wednesday only: 10%
 * Cost.share({ coveredFraction: 3 / 5, capacity: { headCount: 6 } }).total // 0.1
 * // 24/7 with three developers: 140%, flagged
 * Cost.share({ coveredFraction: 168 / 40, capacity: { headCount: 3 } }).exceedsCapacity // true
 * ```
 *
 * @since 0.1.0
 * @category cost
 */
export const share = (input: Input): Share => {
  const valid = decodeInput(input)
  const capacity = capacityOf(valid.capacity)
  const primary = (valid.coveredFraction * (valid.primaryLoad ?? 1)) / capacity
  const backup = (valid.coveredFraction * (valid.backupLoad ?? 0)) / capacity
  const total = primary + backup
  return { primary, backup, total, capacity, coveredFraction: valid.coveredFraction, exceedsCapacity: total > 1 }
}

/**
 * The covered share of a work week from covered hours per week
 * (`coveredHours / workWeekHours`, 40 hours by default): the `coveredFraction`
 * of {@link share} when a team states its coverage in hours.
 *
 * @example
 * ```ts
 * import { Cost } from "@sre-uxdd/core"
 *
 * Cost.coveredFractionOf(24) // 0.6: Monday to Wednesday, 8 hours a day
 * ```
 *
 * @since 0.1.0
 * @category cost
 */
export const coveredFractionOf = (coveredHoursPerWeek: number, workWeekHours = 40): number => {
  const valid = decodeHours({ coveredHoursPerWeek, workWeekHours })
  return valid.coveredHoursPerWeek / valid.workWeekHours
}

const decodeHours = Types.decoderSync(
  Schema.Struct({
    coveredHoursPerWeek: NonNegative.check(Schema.isLessThanOrEqualTo(168, { message: "expected at most 168 hours a week" })),
    workWeekHours: Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 168, exclusiveMinimum: true }, { message: "expected hours in (0, 168]" }))
  }),
  "covered hours"
)

/**
 * The hours a week left for development after support, in full-time developers
 * (capacity × (1 − total share)): what planning can count on.
 *
 * @since 0.1.0
 * @category cost
 */
export const developmentCapacity = (cost: Share): number => cost.capacity * (1 - cost.total)

/**
 * {@link share} for a coverage calendar: the covered fraction is the calendar's weekly
 * covered hours (in force `at`, default its latest version) over `workWeekHours`
 * (default 40). Holidays are not subtracted: this is the cost of an ordinary week.
 *
 * @example
 * ```ts
 * import { Cost, Coverage } from "@sre-uxdd/core"
 *
 * const monWed = Coverage.make({ timeZone: "America/Los_Angeles", weekly: [{ days: ["mon", "tue", "wed"], windows: ["08:00-12:00", "13:00-17:00"] }] })
 * Cost.forCalendar(monWed, { headCount: 6 }).total // 0.1
 * ```
 *
 * @since 0.1.0
 * @category cost
 */
export const forCalendar = (
  calendar: Coverage.Calendar,
  capacity: Capacity,
  options: { readonly primaryLoad?: number; readonly backupLoad?: number; readonly at?: Types.InstantInput; readonly workWeekHours?: number } = {}
): Share =>
  share({
    coveredFraction: coveredFractionOf(Coverage.weeklyCoveredHours(calendar, options.at), options.workWeekHours ?? 40),
    capacity,
    ...(options.primaryLoad === undefined ? {} : { primaryLoad: options.primaryLoad }),
    ...(options.backupLoad === undefined ? {} : { backupLoad: options.backupLoad })
  })
