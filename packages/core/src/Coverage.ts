/**
 * Coverage calendars and covered-time arithmetic.
 *
 * A calendar says when the team covers support: weekly wall-clock windows in an IANA time
 * zone (several per day, overnight windows, `24:00` ends, a `"24/7"` shorthand), minus
 * holidays (explicit local dates, `date-holidays` regions, iCalendar text), with
 * effective-dated versions. Covered time is the real elapsed time inside the windows: a
 * window across the spring-forward gap is an hour shorter, one across the fall-back
 * overlap an hour longer. Nothing depends on the process time zone.
 *
 * Each calendar keeps a lazily extended index of its covered intervals with cumulative
 * sums, so every query is a binary search (O(log n)), however long the span. The `*Millis`
 * functions take and return epoch milliseconds and allocate nothing: use them in hot loops.
 *
 * Conventions (see `docs/coverage.md`):
 * - windows are half-open, `[start, end)`: the end instant itself is not covered;
 * - `addCovered` that lands exactly on a window's end returns that end, not the next opening;
 * - a window boundary that falls in a DST gap moves forward by the gap (02:30 → 03:30), one
 *   that falls in a DST overlap takes the earlier of the two instants;
 * - an overnight window (`"22:00-02:00"`, or explicitly `"22:00-02:00+1"`) belongs to the
 *   day it starts: that day's holiday closes all of it. An end before the start means the next
 *   day only when the window is then at most 12 hours long; `"13:00-12:00"` is rejected as
 *   ending before it starts (write `"13:00-12:00+1"` to mean 23 hours).
 *
 * @since 0.1.0
 * @module
 */
import { type DateTime, Duration, Effect, Schema } from "effect"
import { checkRegion, type Closure, holidayTypes, parseIcal, parseLocalDate, RegionHolidays } from "./internal/coverage/holidays.js"
import { Index, mergeClosures, mergeMinuteWindows, type MinuteWindow, type Model, type Version as VersionModel } from "./internal/coverage/intervals.js"
import { formatDay, isValidZone, localDayOf } from "./internal/zone.js"
import { zoneNameProblem } from "./internal/zoneNames.js"
import * as Types from "./Types.js"

// --- windows -------------------------------------------------------------------------------

const windowRe = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})(\+1)?$/
/** Longest window (minutes) whose end may be written before its start without "+1". */
const maxImplicitOvernight = 12 * 60

/** Minutes [start, end) after local midnight of the start day, or why the text is wrong. */
const parseWindow = (text: string): MinuteWindow | string => {
  const m = windowRe.exec(text)
  const quoted = JSON.stringify(text)
  if (m === null) return `expected a window "HH:MM-HH:MM" (e.g. "08:00-12:00", or "22:00-02:00+1" ending the next day), got ${quoted}`
  const sh = Number(m[1])
  const sm = Number(m[2])
  const eh = Number(m[3])
  const em = Number(m[4])
  const explicitNextDay = m[5] !== undefined
  if (sh > 23 || sm > 59) return `${quoted} starts at an impossible time`
  if (eh > 24 || em > 59 || (eh === 24 && em !== 0)) return `${quoted} ends at an impossible time`
  const start = sh * 60 + sm
  const sameDayEnd = eh * 60 + em
  // An end before the start reads as the next morning only for a night-length window
  // ("22:00-02:00"); a longer one ("13:00-12:00", 23 hours) is almost surely a typo, so it
  // takes an explicit "+1" to mean it.
  const implicitNextDay = !explicitNextDay && sameDayEnd < start && sameDayEnd + 1440 - start <= maxImplicitOvernight
  const end = sameDayEnd + (explicitNextDay || implicitNextDay ? 1440 : 0)
  if (end === start) return `${quoted} is empty`
  if (end < start) {
    return explicitNextDay
      ? `${quoted} is longer than a day`
      : `${quoted} ends before it starts (a window ending the next day is written ${JSON.stringify(`${text}+1`)})`
  }
  if (end - start > 1440) return `${quoted} is longer than a day`
  return [start, end]
}

const check = <T>(f: (value: T) => string | undefined) => Schema.makeFilter<T>((value) => f(value))

/**
 * A covered window in the calendar's wall-clock time: `"08:00-12:00"`. `24:00` is allowed as
 * an end. A window that ends the next day (`"22:00-02:00"`) belongs to the day it starts;
 * an end before the start reads as the next day when the window is then at most 12 hours
 * long, and `+1` (`"13:00-12:00+1"`) says so explicitly for a longer one.
 *
 * @since 0.1.0
 * @category schemas
 */
export const WindowSpec = Schema.String.check(
  check<string>((s) => {
    const r = parseWindow(s)
    return typeof r === "string" ? r : undefined
  })
)

/**
 * A local calendar date, `YYYY-MM-DD`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const LocalDate = Schema.String.check(
  check<string>((s) => {
    const r = parseLocalDate(s)
    return typeof r === "string" ? r : undefined
  })
)

/**
 * An IANA time zone name such as `"America/Los_Angeles"` (or `"UTC"`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const TimeZone = Schema.String.check(check<string>((s) => zoneNameProblem(s) ?? (isValidZone(s) ? undefined : `unknown time zone ${JSON.stringify(s)}`)))

/**
 * The same windows on a set of weekdays.
 *
 * @since 0.1.0
 * @category schemas
 */
export const WeeklyRule = Schema.Struct({
  days: Schema.Array(Types.Weekday).check(check<ReadonlyArray<string>>((d) => (d.length === 0 ? "expected at least one weekday" : undefined))),
  windows: Schema.Array(WindowSpec)
})

/**
 * The weekly rules, or `"24/7"` for round-the-clock coverage. Windows listed for the same
 * day in several rules are united.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Weekly = Schema.Union([Schema.Literal("24/7"), Schema.Array(WeeklyRule)])

/**
 * A `date-holidays` holiday type.
 *
 * @since 0.1.0
 * @category schemas
 */
export const HolidayType = Schema.Literals(holidayTypes)

/**
 * A holiday region known to `date-holidays`: `"US"`, `"US-CA"`, `"DE-BY"`, optionally with
 * the holiday types that close coverage (default: the `types` of the holidays, else public).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Region = Schema.Union([
  Schema.String.check(check<string>(checkRegion)),
  Schema.Struct({
    region: Schema.String.check(check<string>(checkRegion)),
    types: Schema.optional(Schema.Array(HolidayType))
  })
])

/**
 * Days and times without coverage. `dates`: local dates closed all day. `regions`: public
 * holidays (or the given `types`) of `date-holidays` regions. `ical`: iCalendar text (one or
 * several calendars); all-day events close whole local days, timed events close their time.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Holidays = Schema.Struct({
  dates: Schema.optional(Schema.Array(LocalDate)),
  regions: Schema.optional(Schema.Array(Region)),
  types: Schema.optional(Schema.Array(HolidayType)),
  ical: Schema.optional(Schema.Union([Schema.String, Schema.Array(Schema.String)]))
})

/**
 * A later version of the calendar, in force from local date `from` on. Without `holidays`
 * it keeps the holidays of the version before it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Version = Schema.Struct({
  from: LocalDate,
  weekly: Weekly,
  holidays: Schema.optional(Holidays)
})

type HolidaysSpec = typeof Holidays.Type
type WeeklySpec = typeof Weekly.Type

const icalTexts = (h: HolidaysSpec | undefined): ReadonlyArray<string> => h?.ical === undefined ? [] : typeof h.ical === "string" ? [h.ical] : h.ical

const weeklyMinutes = (weekly: WeeklySpec): number => {
  if (weekly === "24/7") return 7 * 1440
  let total = 0
  for (const day of daysOf(weekly)) for (const [s, e] of mergeMinuteWindows(day)) total += e - s
  return total
}

const weekdayIndex: Record<Types.Weekday, number> = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 }

const dedupeSorted = (windows: ReadonlyArray<MinuteWindow>): ReadonlyArray<MinuteWindow> =>
  [...windows].sort((a, b) => a[0] - b[0] || a[1] - b[1]).filter((w, i, all) => i === 0 || w[0] !== all[i - 1]?.[0] || w[1] !== all[i - 1]?.[1])

const daysOf = (weekly: WeeklySpec): ReadonlyArray<ReadonlyArray<MinuteWindow>> => {
  if (weekly === "24/7") return Array.from({ length: 7 }, () => [[0, 1440] as const])
  const days: Array<Array<MinuteWindow>> = Array.from({ length: 7 }, () => [])
  for (const rule of weekly) {
    for (const d of rule.days) {
      for (const w of rule.windows) {
        const parsed = parseWindow(w)
        if (typeof parsed !== "string") days[weekdayIndex[d]]?.push(parsed)
      }
    }
  }
  // Sorted but not merged: each window is converted to instants on its own and the union is
  // taken in instant space. Merging wall-clock minutes first would differ when a boundary falls
  // in a DST gap ("02:30-08:30" plus "03:00-11:00" covers from 03:00, not from 03:30).
  return days.map((windows) => dedupeSorted(windows))
}

/**
 * The JSON form of a coverage calendar (the `coverage` section of a team profile).
 *
 * @example
 * ```ts
 * import { Coverage } from "@sre-uxdd/core"
 *
 * const spec: Coverage.Spec = {
 *   timeZone: "America/Los_Angeles",
 *   weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], windows: ["08:00-12:00", "13:00-17:00"] }],
 *   holidays: { dates: ["2026-12-24"], regions: ["US"] }
 * }
 * const calendar = Coverage.make(spec)
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Spec = Schema.Struct({
  timeZone: TimeZone,
  weekly: Weekly,
  holidays: Schema.optional(Holidays),
  versions: Schema.optional(Schema.Array(Version))
}).check(
  Schema.makeFilter((spec) => {
    const issues: Array<{ readonly path: ReadonlyArray<PropertyKey>; readonly issue: string }> = []
    const checkIcal = (h: HolidaysSpec | undefined, at: ReadonlyArray<PropertyKey>): void => {
      if (h?.ical === undefined) return
      const texts = icalTexts(h)
      texts.forEach((text, i) => {
        const r = parseIcal(text, spec.timeZone)
        if ("problems" in r) {
          const path = typeof h.ical === "string" ? [...at, "holidays", "ical"] : [...at, "holidays", "ical", i]
          for (const p of r.problems) issues.push({ path, issue: p })
        }
      })
    }
    checkIcal(spec.holidays, [])
    const versions = spec.versions ?? []
    const seen = new Map<string, number>()
    versions.forEach((v, i) => {
      checkIcal(v.holidays, ["versions", i])
      const first = seen.get(v.from)
      if (first !== undefined) issues.push({ path: ["versions", i, "from"], issue: `${JSON.stringify(v.from)} is also the date of versions[${first}]` })
      else seen.set(v.from, i)
    })
    let last: { readonly weekly: WeeklySpec; readonly path: ReadonlyArray<PropertyKey> } = { weekly: spec.weekly, path: ["weekly"] }
    let lastFrom = ""
    versions.forEach((v, i) => {
      if (v.from >= lastFrom) {
        lastFrom = v.from
        last = { weekly: v.weekly, path: ["versions", i, "weekly"] }
      }
    })
    if (weeklyMinutes(last.weekly) === 0) {
      issues.push({ path: last.path, issue: "the latest version covers no time at all: give at least one window (or \"24/7\")" })
    }
    return issues.length === 0 ? undefined : issues
  })
)

/**
 * @since 0.1.0
 * @category models
 */
export type Spec = typeof Spec.Encoded

/**
 * A decoded coverage calendar. Immutable; it caches its index of covered intervals
 * internally, so reuse one calendar for many queries.
 *
 * @since 0.1.0
 * @category models
 */
export interface Calendar {
  readonly _tag: "Coverage.Calendar"
  /** The IANA zone of the wall-clock windows. */
  readonly timeZone: string
  /** The validated specification it was built from. */
  readonly spec: typeof Spec.Type
}

class CalendarImpl implements Calendar {
  readonly _tag = "Coverage.Calendar"
  readonly index: Index
  constructor(
    readonly timeZone: string,
    readonly spec: typeof Spec.Type,
    readonly model: Model
  ) {
    this.index = new Index(model)
  }
  /** Serialises as its spec: the index is a cache, not data. */
  toJSON(): unknown {
    return this.spec
  }
  [Symbol.for("nodejs.util.inspect.custom")](): unknown {
    return { _tag: this._tag, timeZone: this.timeZone, spec: this.spec }
  }
}

const indexOf = (calendar: Calendar): Index => (calendar as CalendarImpl).index
const modelOf = (calendar: Calendar): Model => (calendar as CalendarImpl).model

const regionCache = new Map<string, RegionHolidays>()

const compile = (spec: typeof Spec.Type): Calendar => {
  const zone = spec.timeZone
  const closuresOf = (h: HolidaysSpec | undefined): Omit<VersionModel, "fromDay" | "days"> => {
    const closures: Array<Closure> = []
    for (const d of h?.dates ?? []) {
      const day = parseLocalDate(d)
      if (typeof day === "number") closures.push({ _tag: "days", fromDay: day, toDay: day + 1 })
    }
    for (const text of icalTexts(h)) {
      const r = parseIcal(text, zone)
      if ("closures" in r) closures.push(...r.closures)
    }
    const regions: Array<RegionHolidays> = []
    for (const r of h?.regions ?? []) {
      const code = (typeof r === "string" ? r : r.region).toUpperCase()
      const types = [...new Set<typeof HolidayType.Type>((typeof r === "string" ? undefined : r.types) ?? h?.types ?? ["public"])].sort()
      const key = `${code}|${types.join(",")}`
      // shared by every calendar: the holidays of a region never change, and computing them is slow
      let source = regionCache.get(key)
      if (source === undefined) {
        source = new RegionHolidays(code, types)
        regionCache.set(key, source)
      }
      if (!regions.includes(source)) regions.push(source)
    }
    regions.sort((a, b) => (a.code + a.types.join() < b.code + b.types.join() ? -1 : 1))
    const merged = mergeClosures(closures)
    return { closedDays: merged.days, closedInstants: merged.instants, regions }
  }
  const versions: Array<VersionModel> = [{ fromDay: -Infinity, days: daysOf(spec.weekly), ...closuresOf(spec.holidays) }]
  const later = [...(spec.versions ?? [])].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
  let holidays = spec.holidays
  for (const v of later) {
    if (v.holidays !== undefined) holidays = v.holidays
    versions.push({ fromDay: parseLocalDate(v.from) as number, days: daysOf(v.weekly), ...closuresOf(holidays) })
  }
  return new CalendarImpl(zone, spec, { timeZone: zone, versions })
}

// --- decoding ------------------------------------------------------------------------------

const decodeSpecSync = Types.decoderSync(Spec, "Coverage")
const decodeSpec = Types.decoder(Spec, "Coverage")

/**
 * Decodes a calendar from JSON-like input, failing with a `Types.ValidationError` that names
 * every bad path and value.
 *
 * @example
 * ```ts
 * import { Coverage } from "@sre-uxdd/core"
 * import { Effect } from "effect"
 *
 * const program = Coverage.decode({ timeZone: "Europe/Berlin", weekly: "24/7" }).pipe(
 *   Effect.map((calendar) => Coverage.timeZone(calendar))
 * )
 * ```
 *
 * @since 0.1.0
 * @category decoding
 */
export const decode = (input: unknown): Effect.Effect<Calendar, Types.ValidationError> => Effect.map(decodeSpec(input), compile)

/**
 * Decodes a calendar synchronously; throws a `Types.ValidationError` (for users who do not
 * use Effect).
 *
 * @example
 * ```ts
 * import { Coverage, Types } from "@sre-uxdd/core"
 *
 * try {
 *   Coverage.decodeSync({ timeZone: "UTC", weekly: [{ days: ["mon"], windows: ["13:00-12:00"] }] })
 * } catch (e) {
 *   if (e instanceof Types.ValidationError) console.log(e.message)
 *   // weekly[0].windows[0]: "13:00-12:00" ends before it starts (...)
 * }
 * ```
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeSync = (input: unknown): Calendar => compile(decodeSpecSync(input))

/**
 * Builds a calendar from a typed spec (validated like {@link decodeSync}; throws a
 * `Types.ValidationError` when invalid).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (spec: Spec): Calendar => decodeSync(spec)

/**
 * Round-the-clock coverage (24/7) in a zone (default `"UTC"`): covered time equals elapsed time.
 *
 * @since 0.1.0
 * @category constructors
 */
export const always = (timeZone = "UTC"): Calendar => make({ timeZone, weekly: "24/7" })

/**
 * The IANA zone of a calendar's wall-clock windows.
 *
 * @since 0.1.0
 * @category getters
 */
export const timeZone = (calendar: Calendar): string => calendar.timeZone

// --- hot path on epoch milliseconds ----------------------------------------------------------

/**
 * Whether instant `at` (epoch ms) is covered. Windows are half-open: a window's end is not
 * covered.
 *
 * @since 0.1.0
 * @category hot path
 */
export const isCoveredMillis = (calendar: Calendar, at: number): boolean => {
  const ix = indexOf(calendar)
  if (!(at >= ix.safeLo && at < ix.safeHi)) ix.ensure(at)
  const i = ix.locate(at)
  return i >= 0 && at < (ix.ends[i] as number)
}

/**
 * Covered milliseconds in `[from, to)`; 0 when `to <= from`.
 *
 * @since 0.1.0
 * @category hot path
 */
export const coveredMillis = (calendar: Calendar, from: number, to: number): number => {
  if (!(to > from)) {
    if (Number.isNaN(from) || Number.isNaN(to)) indexOf(calendar).ensureRange(from, to)
    return 0
  }
  const ix = indexOf(calendar)
  if (!(from >= ix.safeLo && to < ix.safeHi)) ix.ensureRange(from, to)
  return ix.cumAt(to) - ix.cumAt(from)
}

/**
 * The instant (epoch ms) at which `amount` covered milliseconds have elapsed since `from`.
 * A result that lands exactly on a window's end is that end, not the next opening;
 * `amount <= 0` returns `from`.
 *
 * @since 0.1.0
 * @category hot path
 */
export const addCoveredMillis = (calendar: Calendar, from: number, amount: number): number => {
  const ix = indexOf(calendar)
  if (!(from >= ix.safeLo && from < ix.safeHi)) ix.ensure(from)
  if (!(amount > 0)) {
    if (Number.isNaN(amount)) throw new RangeError("Coverage: expected a number of milliseconds, got NaN")
    return from
  }
  if (amount === Infinity) throw new RangeError("Coverage: cannot add an infinite amount of covered time")
  for (;;) {
    const target = ix.cumAt(from) + amount
    const n = ix.n
    const cumEnd = ix.cumEnd
    if (n > 0 && (cumEnd[n - 1] as number) >= target) {
      // first interval whose cumulative end reaches the target
      let lo = 0
      let hi = n - 1
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if ((cumEnd[mid] as number) >= target) hi = mid
        else lo = mid + 1
      }
      const result = (ix.starts[lo] as number) + (target - (ix.cumStart[lo] as number))
      if (result < ix.safeHi) return result
    }
    ix.grow()
  }
}

/**
 * `at` when it is covered, else the start (epoch ms) of the next covered window.
 *
 * @since 0.1.0
 * @category hot path
 */
export const nextStartMillis = (calendar: Calendar, at: number): number => {
  const ix = indexOf(calendar)
  if (!(at >= ix.safeLo && at < ix.safeHi)) ix.ensure(at)
  for (;;) {
    const i = ix.locate(at)
    if (i >= 0 && at < (ix.ends[i] as number)) return at
    if (i + 1 < ix.n && (ix.starts[i + 1] as number) < ix.safeHi) return ix.starts[i + 1] as number
    ix.grow()
  }
}

/**
 * The covered intervals `[start, end)` (epoch ms) within `[from, to)`, clipped to it, in
 * order, computed lazily as the iteration proceeds.
 *
 * @since 0.1.0
 * @category hot path
 */
export const windowsMillis = function*(calendar: Calendar, from: number, to: number): Generator<readonly [start: number, end: number]> {
  let at = from
  while (at < to) {
    const start = nextStartMillis(calendar, at)
    if (start >= to) return
    const ix = indexOf(calendar)
    const i = ix.locate(start)
    let end = Math.min(ix.ends[i] as number, to)
    // an interval reaching past the built range may continue: ask again from its end
    while (end < to && end >= ix.safeHi) {
      ix.ensure(end)
      end = Math.min(ix.ends[ix.locate(start)] as number, to)
    }
    yield [start, end]
    at = end
  }
}

// --- public operations on DateTime / Duration --------------------------------------------------

// Numbers and valid Dates skip DateTime construction; everything else goes through Types.
const toMs = (input: Types.InstantInput): number => {
  if (typeof input === "number") return input
  if (input instanceof Date) {
    const t = input.getTime()
    if (!Number.isNaN(t)) return t
  }
  return Types.toMillis(input)
}

/**
 * Whether an instant is covered (inside a window, not on a holiday).
 *
 * @example
 * ```ts
 * import { Coverage } from "@sre-uxdd/core"
 *
 * const visit = Coverage.make({
 *   timeZone: "America/Los_Angeles",
 *   weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], windows: ["08:00-12:00", "13:00-17:00"] }]
 * })
 * Coverage.isCovered(visit, "2024-01-16T17:00:00Z") // true: Tuesday 09:00 in Los Angeles
 * ```
 *
 * @since 0.1.0
 * @category operations
 */
export const isCovered = (calendar: Calendar, at: Types.InstantInput): boolean => isCoveredMillis(calendar, toMs(at))

/**
 * Covered time in `[from, to)`: zero when `to <= from`.
 *
 * @example
 * ```ts
 * import { Coverage } from "@sre-uxdd/core"
 * import { Duration } from "effect"
 *
 * const visit = Coverage.make({
 *   timeZone: "America/Los_Angeles",
 *   weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], windows: ["08:00-12:00", "13:00-17:00"] }]
 * })
 * // Saturday 10:00 to Monday 08:30: only Monday's first half hour is covered
 * Duration.toMinutes(Coverage.covered(visit, "2024-01-13T18:00:00Z", "2024-01-15T16:30:00Z")) // 30
 * ```
 *
 * @since 0.1.0
 * @category operations
 */
export const covered = (calendar: Calendar, from: Types.InstantInput, to: Types.InstantInput): Duration.Duration =>
  Duration.millis(coveredMillis(calendar, toMs(from), toMs(to)))

/**
 * The instant at which `amount` of covered time has elapsed since `from`. A result that
 * lands exactly on a window's end is that end (Friday 17:00), not the next opening.
 *
 * @example
 * ```ts
 * import { Coverage } from "@sre-uxdd/core"
 * import { DateTime } from "effect"
 *
 * const visit = Coverage.make({
 *   timeZone: "America/Los_Angeles",
 *   weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], windows: ["08:00-12:00", "13:00-17:00"] }]
 * })
 * // Tuesday 10:30 + 4 covered hours = 15:30 (the lunch hour does not count)
 * DateTime.formatIso(Coverage.addCovered(visit, "2024-01-16T18:30:00Z", "4 hours")) // "2024-01-16T23:30:00.000Z"
 * ```
 *
 * @since 0.1.0
 * @category operations
 */
export const addCovered = (calendar: Calendar, from: Types.InstantInput, amount: Duration.Input): DateTime.Utc =>
  Types.toUtc(addCoveredMillis(calendar, toMs(from), typeof amount === "number" ? amount : Types.toDurationMillis(amount)))

/**
 * `at` when it is covered, else the start of the next covered window.
 *
 * @example
 * ```ts
 * import { Coverage } from "@sre-uxdd/core"
 * import { DateTime } from "effect"
 *
 * const visit = Coverage.make({
 *   timeZone: "America/Los_Angeles",
 *   weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], windows: ["08:00-12:00", "13:00-17:00"] }]
 * })
 * // Saturday → Monday 08:00 in Los Angeles
 * DateTime.formatIso(Coverage.nextStart(visit, "2024-01-13T18:00:00Z")) // "2024-01-15T16:00:00.000Z"
 * ```
 *
 * @since 0.1.0
 * @category operations
 */
export const nextStart = (calendar: Calendar, at: Types.InstantInput): DateTime.Utc => Types.toUtc(nextStartMillis(calendar, toMs(at)))

/**
 * A covered interval `[start, end)`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Window {
  readonly start: DateTime.Utc
  readonly end: DateTime.Utc
}

/**
 * The covered intervals within `[from, to)`, clipped to it, in order, computed lazily.
 *
 * @example
 * ```ts
 * import { Coverage } from "@sre-uxdd/core"
 *
 * const visit = Coverage.make({
 *   timeZone: "America/Los_Angeles",
 *   weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], windows: ["08:00-12:00", "13:00-17:00"] }]
 * })
 * const week = [...Coverage.windows(visit, "2024-01-15T08:00:00Z", "2024-01-22T08:00:00Z")]
 * week.length // 10
 * ```
 *
 * @since 0.1.0
 * @category operations
 */
export const windows = (calendar: Calendar, from: Types.InstantInput, to: Types.InstantInput): Iterable<Window> => {
  const f = toMs(from)
  const t = toMs(to)
  return {
    *[Symbol.iterator]() {
      for (const [s, e] of windowsMillis(calendar, f, t)) yield { start: Types.toUtc(s), end: Types.toUtc(e) }
    }
  }
}

// --- planning ----------------------------------------------------------------------------

const versionAt = (calendar: Calendar, at: Types.InstantInput | undefined): VersionModel => {
  const model = modelOf(calendar)
  const vs = model.versions
  if (at === undefined) return vs[vs.length - 1] as VersionModel
  const localDay = localDayOf(model.timeZone, toMs(at))
  for (let i = vs.length - 1; i > 0; i--) if (localDay >= (vs[i] as VersionModel).fromDay) return vs[i] as VersionModel
  return vs[0] as VersionModel
}

/**
 * Nominal covered hours per week of the weekly rules in force at `at` (default: the latest
 * version): the sum of the window lengths on the wall clock, before holidays and DST.
 *
 * @example
 * ```ts
 * import { Coverage } from "@sre-uxdd/core"
 *
 * const visit = Coverage.make({
 *   timeZone: "America/Los_Angeles",
 *   weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], windows: ["08:00-12:00", "13:00-17:00"] }]
 * })
 * Coverage.weeklyCoveredHours(visit) // 40
 * ```
 *
 * @since 0.1.0
 * @category planning
 */
export const weeklyCoveredHours = (calendar: Calendar, at?: Types.InstantInput): number => {
  let minutes = 0
  for (const day of versionAt(calendar, at).days) for (const [s, e] of mergeMinuteWindows(day)) minutes += e - s
  return minutes / 60
}

/**
 * Weekly covered hours divided by the hours of one work week (default 40): 1 for business
 * hours every weekday, 0.6 for Monday to Wednesday, 4.2 for 24/7. Feeds `Cost`.
 *
 * @since 0.1.0
 * @category planning
 */
export const workWeekFraction = (calendar: Calendar, at?: Types.InstantInput, workWeekHours = 40): number => weeklyCoveredHours(calendar, at) / workWeekHours

/**
 * The first local date (`YYYY-MM-DD`) from which each version of the calendar is in force;
 * the first version has none.
 *
 * @since 0.1.0
 * @category getters
 */
export const versionDates = (calendar: Calendar): ReadonlyArray<string> =>
  modelOf(calendar)
    .versions.slice(1)
    .map((v) => formatDay(v.fromDay))
