// The per-calendar index: covered intervals [start, end) in epoch ms, sorted, merged, with
// cumulative covered time, built day by day from the wall-clock rules and extended lazily in
// both directions (doubling, so a long scan costs amortised O(1) extension per query).
// Every query is a binary search: O(log n), independent of the length of the span.
import type { Closure, RegionHolidays } from "./holidays.js"
import { civilOf, DAY, instantOf, weekdayOf } from "../zone.js"

/** A window in minutes after local midnight of the day it belongs to: [start, end), end <= 2880. */
export type MinuteWindow = readonly [start: number, end: number]

/** One effective-dated version of the rules. */
export interface Version {
  /** First local day (day number) this version governs; `-Infinity` for the first one. */
  readonly fromDay: number
  /** Windows per weekday (Monday = 0), sorted; overlaps are united after conversion to instants. */
  readonly days: ReadonlyArray<ReadonlyArray<MinuteWindow>>
  /** Whole local days closed (explicit dates, all-day iCalendar events). */
  readonly closedDays: ReadonlySet<number>
  /** Closed instants (timed iCalendar events), sorted by start, merged: [s0, e0, s1, e1, ...]. */
  readonly closedInstants: ReadonlyArray<number>
  readonly regions: ReadonlyArray<RegionHolidays>
}

export interface Model {
  readonly timeZone: string
  /** Sorted by `fromDay`; the first has `fromDay = -Infinity`. */
  readonly versions: ReadonlyArray<Version>
}

/** Sorted, merged minute windows (adjacent windows join). */
export const mergeMinuteWindows = (windows: ReadonlyArray<MinuteWindow>): ReadonlyArray<MinuteWindow> => {
  const sorted = [...windows].sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const out: Array<[number, number]> = []
  for (const [s, e] of sorted) {
    const last = out[out.length - 1]
    if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e)
    else out.push([s, e])
  }
  return out
}

/** Sorted, merged closed intervals of instants, flattened. */
export const mergeClosures = (closures: ReadonlyArray<Closure>): { readonly days: ReadonlySet<number>; readonly instants: ReadonlyArray<number> } => {
  const days = new Set<number>()
  const spans: Array<number> = []
  for (const c of closures) {
    if (c._tag === "days") for (let d = c.fromDay; d < c.toDay; d++) days.add(d)
    else spans.push(c.start, c.end)
  }
  return { days, instants: normalise(spans) }
}

// Intervals of a local day start no earlier than its wall midnight and end no later than the
// wall midnight two days on; offsets stay within ±15 h and DST shifts add a few hours at most.
const MARGIN = 18 * 3_600_000
const INITIAL_BEHIND = 31
const INITIAL_AHEAD = 400
const MIN_GROWTH = 366
/** Farther than this (days) from the built range, a query starts a fresh range. */
const FAR = 3 * 366
/** Beyond this the calendar would leave the range of `Date`. */
const MAX_DAY = 100_000_000
const MIN_DAY = -100_000_000

const versionOf = (model: Model, day: number): Version => {
  const vs = model.versions
  for (let i = vs.length - 1; i > 0; i--) {
    const v = vs[i] as Version
    if (day >= v.fromDay) return v
  }
  return vs[0] as Version
}

/** Minute from which region holidays close `day` (0 = whole day), or undefined. */
const regionCut = (regions: ReadonlyArray<RegionHolidays>, day: number): number | undefined => {
  if (regions.length === 0) return undefined
  const year = civilOf(day).year
  let cut: number | undefined
  for (const r of regions) {
    const m = r.cutOn(year, day)
    if (m !== undefined) cut = cut === undefined ? m : Math.min(cut, m)
  }
  return cut
}

/** Subtracts the sorted flat closed instants from [s, e), pushing what remains onto `out`. */
const pushMinusClosed = (out: Array<number>, s: number, e: number, closed: ReadonlyArray<number>): void => {
  if (closed.length === 0) {
    out.push(s, e)
    return
  }
  // first closure whose end is after s
  let lo = 0
  let hi = closed.length / 2
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((closed[2 * mid + 1] as number) <= s) lo = mid + 1
    else hi = mid
  }
  let cur = s
  for (let k = lo; k < closed.length / 2 && cur < e; k++) {
    const cs = closed[2 * k] as number
    const ce = closed[2 * k + 1] as number
    if (cs >= e) break
    if (cs > cur) out.push(cur, cs)
    cur = Math.max(cur, ce)
  }
  if (cur < e) out.push(cur, e)
}

/** Covered intervals produced by local days [fromDay, toDay), sorted by start, merged. */
const buildDays = (model: Model, fromDay: number, toDay: number): Array<number> => {
  const zone = model.timeZone
  const raw: Array<number> = []
  for (let day = fromDay; day < toDay; day++) {
    const v = versionOf(model, day)
    const windows = v.days[weekdayOf(day)] as ReadonlyArray<MinuteWindow>
    if (windows.length === 0 || v.closedDays.has(day)) continue
    const cut = regionCut(v.regions, day)
    if (cut === 0) continue
    const cutAt = cut === undefined ? Infinity : instantOf(zone, day, cut)
    for (const [sm, em] of windows) {
      const s = instantOf(zone, day, sm)
      let e = instantOf(zone, day, em)
      if (e > cutAt) e = cutAt
      if (e > s) pushMinusClosed(raw, s, e, v.closedInstants)
    }
  }
  return raw
}

/** Sorts flat intervals by start (they are nearly sorted) and merges overlapping/adjacent ones. */
const normalise = (flat: Array<number>): Array<number> => {
  const pairs: Array<readonly [number, number]> = []
  for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i] as number, flat[i + 1] as number])
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  const out: Array<number> = []
  for (const [s, e] of pairs) {
    const n = out.length
    if (n > 0 && s <= (out[n - 1] as number)) out[n - 1] = Math.max(out[n - 1] as number, e)
    else out.push(s, e)
  }
  return out
}

/**
 * The lazily extended index. For any instant t with `safeLo <= t < safeHi` every covered
 * interval that touches t, and every interval between such instants, is present and final.
 */
export class Index {
  starts: Float64Array = new Float64Array(0)
  ends: Float64Array = new Float64Array(0)
  /** covered time before interval i (relative to the first interval held) */
  cumStart: Float64Array = new Float64Array(0)
  /** covered time up to the end of interval i */
  cumEnd: Float64Array = new Float64Array(0)
  n = 0
  loDay = 0
  hiDay = 0
  safeLo = Infinity
  safeHi = -Infinity

  constructor(readonly model: Model) {}

  /** Makes `safeLo <= t < safeHi` hold. */
  ensure(t: number): void {
    if (t >= this.safeLo && t < this.safeHi) return
    this.ensureRange(t, t)
  }

  /**
   * Makes `safeLo <= from` and `to < safeHi` hold. A request far from what is built starts a
   * fresh range around it instead of building every day in between.
   */
  ensureRange(from: number, to: number): void {
    if (from >= this.safeLo && to < this.safeHi) return
    if (!Number.isFinite(from) || !Number.isFinite(to)) {
      throw new RangeError(`Coverage: expected finite instants in epoch milliseconds, got ${Number.isFinite(from) ? to : from}`)
    }
    const needLo = Math.floor((from - MARGIN) / DAY) - 2
    const needHi = Math.floor((to + MARGIN) / DAY) + 1
    if (this.safeLo === Infinity || needLo > this.hiDay + FAR || needHi < this.loDay - FAR) {
      this.fresh(needLo - INITIAL_BEHIND, needHi + INITIAL_AHEAD)
      return
    }
    const span = this.hiDay - this.loDay
    const grow = Math.max(MIN_GROWTH, span >> 1)
    const lo = needLo < this.loDay ? Math.min(needLo, this.loDay - grow) : this.loDay
    const hi = needHi > this.hiDay ? Math.max(needHi, this.hiDay + grow) : this.hiDay
    this.rebuild(lo, hi)
  }

  private fresh(lo: number, hi: number): void {
    this.n = 0
    this.safeLo = Infinity
    this.safeHi = -Infinity
    this.rebuild(lo, hi)
  }

  /** Extends forward by at least one growth step (used by searches that run off the end). */
  grow(): void {
    const span = this.hiDay - this.loDay
    this.rebuild(this.loDay, this.hiDay + Math.max(MIN_GROWTH, span >> 1))
  }

  private rebuild(lo: number, hi: number): void {
    if (lo < MIN_DAY || hi > MAX_DAY) throw new RangeError("Coverage: instant out of the supported range")
    let flat: Array<number>
    if (this.safeLo === Infinity) {
      flat = buildDays(this.model, lo, hi)
    } else {
      flat = buildDays(this.model, lo, this.loDay)
      for (let i = 0; i < this.n; i++) flat.push(this.starts[i] as number, this.ends[i] as number)
      const right = buildDays(this.model, this.hiDay, hi)
      for (let i = 0; i < right.length; i++) flat.push(right[i] as number)
    }
    const merged = normalise(flat)
    const n = merged.length / 2
    const starts = new Float64Array(n)
    const ends = new Float64Array(n)
    const cumStart = new Float64Array(n)
    const cumEnd = new Float64Array(n)
    let acc = 0
    for (let i = 0; i < n; i++) {
      const s = merged[2 * i] as number
      const e = merged[2 * i + 1] as number
      starts[i] = s
      ends[i] = e
      cumStart[i] = acc
      acc += e - s
      cumEnd[i] = acc
    }
    this.starts = starts
    this.ends = ends
    this.cumStart = cumStart
    this.cumEnd = cumEnd
    this.n = n
    this.loDay = lo
    this.hiDay = hi
    this.safeLo = (lo + 2) * DAY + MARGIN
    this.safeHi = hi * DAY - MARGIN
  }

  /** Index of the last interval starting at or before t, or -1. */
  locate(t: number): number {
    const starts = this.starts
    let lo = 0
    let hi = this.n
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((starts[mid] as number) <= t) lo = mid + 1
      else hi = mid
    }
    return lo - 1
  }

  /** Cumulative covered time at t (relative); t must be within the safe range. */
  cumAt(t: number): number {
    const i = this.locate(t)
    if (i < 0) return 0
    const e = this.ends[i] as number
    return t >= e ? (this.cumEnd[i] as number) : (this.cumStart[i] as number) + (t - (this.starts[i] as number))
  }
}
