// Wall clock <-> epoch milliseconds in an IANA zone, exact across DST, independent of the
// process time zone. `Intl` is the only source of zone rules (no tz database of our own).
//
// Speed: asking `Intl` costs about two microseconds, so offsets are cached per UTC day. For a day
// whose offset differs from the next day's, the transition instant is found once by bisection
// (to the second) and cached; every later query is two Map lookups. Assumes at most one
// transition per UTC day, which holds for every zone in the tz database since 1970 except a
// handful of historical curiosities.

/** Milliseconds in a (UTC) day. */
export const DAY = 86_400_000
const MINUTE = 60_000

/** Days since 1970-01-01 (a "day number") of a proleptic Gregorian date. */
export const dayNumber = (year: number, month: number, day: number): number => {
  const d = new Date(0)
  d.setUTCFullYear(year, month - 1, day)
  return Math.floor(d.getTime() / DAY)
}

/** The civil date of a day number. */
export const civilOf = (day: number): { readonly year: number; readonly month: number; readonly day: number } => {
  const d = new Date(day * DAY)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
}

/** `YYYY-MM-DD` of a day number. */
export const formatDay = (day: number): string => {
  const c = civilOf(day)
  const y = c.year < 0 ? `-${String(-c.year).padStart(6, "0")}` : String(c.year).padStart(4, "0")
  return `${y}-${String(c.month).padStart(2, "0")}-${String(c.day).padStart(2, "0")}`
}

/** Weekday of a day number, Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday). */
export const weekdayOf = (day: number): number => (((day + 3) % 7) + 7) % 7

interface ZoneCache {
  readonly name: string
  readonly fixed: number | undefined
  readonly format: Intl.DateTimeFormat | undefined
  /** offset (ms) at the start of each UTC day */
  readonly dayOffset: Map<number, number>
  /** transition instant inside a UTC day whose offset changes before the next day */
  readonly transition: Map<number, number>
}

const zones = new Map<string, ZoneCache>()

const isUtcName = (name: string): boolean => /^(?:Etc\/)?(?:UTC|UCT|GMT|Zulu|Universal|Greenwich)(?:[+-]0)?$/i.test(name)

/** True when `name` is a time zone `Intl` knows (IANA name or an offset such as `+05:30`). */
export const isValidZone = (name: string): boolean => {
  if (name.trim() === "") return false
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name })
    return true
  } catch {
    return false
  }
}

const zoneCache = (name: string): ZoneCache => {
  let z = zones.get(name)
  if (z === undefined) {
    const fixed = isUtcName(name) ? 0 : undefined
    // Only the offset is read: `longOffset` prints it as "GMT-08:00" (or "GMT-07:52:58" for
    // local mean time, "GMT" for zero), and `format` is several times cheaper than `formatToParts`.
    const format = fixed === undefined ? new Intl.DateTimeFormat("en-US", { timeZone: name, timeZoneName: "longOffset" }) : undefined
    z = { name, fixed, format, dayOffset: new Map(), transition: new Map() }
    zones.set(name, z)
  }
  return z
}

const offsetRe = /GMT(?:([+-])(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?)?$/

/** Offset (wall minus UTC, ms) straight from Intl, to the second. */
const rawOffset = (format: Intl.DateTimeFormat, ms: number): number => {
  const text = format.format(Math.floor(ms / 1000) * 1000)
  const m = offsetRe.exec(text)
  if (m === null) throw new Error(`unexpected time zone offset from Intl: ${JSON.stringify(text)}`)
  if (m[1] === undefined) return 0
  const seconds = (Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60 + Number(m[4] ?? 0)
  return (m[1] === "-" ? -seconds : seconds) * 1000
}

const offsetAtDayStart = (z: ZoneCache, utcDay: number): number => {
  let o = z.dayOffset.get(utcDay)
  if (o === undefined) {
    o = rawOffset(z.format as Intl.DateTimeFormat, utcDay * DAY)
    z.dayOffset.set(utcDay, o)
  }
  return o
}

/** The first instant (ms, whole second) of UTC day `utcDay` whose offset is no longer `before`. */
const transitionIn = (z: ZoneCache, utcDay: number, before: number): number => {
  let t = z.transition.get(utcDay)
  if (t === undefined) {
    const format = z.format as Intl.DateTimeFormat
    let lo = utcDay * DAY // offset here is `before`
    let hi = lo + DAY // offset here differs
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000
      if (rawOffset(format, mid) === before) lo = mid
      else hi = mid
    }
    t = hi
    z.transition.set(utcDay, t)
  }
  return t
}

/** Offset (wall minus UTC, in ms) of `zone` at instant `ms`. */
export const offsetAt = (zone: string, ms: number): number => {
  const z = zoneCache(zone)
  if (z.fixed !== undefined) return z.fixed
  const utcDay = Math.floor(ms / DAY)
  const o0 = offsetAtDayStart(z, utcDay)
  const o1 = offsetAtDayStart(z, utcDay + 1)
  if (o0 === o1) return o0
  return ms < transitionIn(z, utcDay, o0) ? o0 : o1
}

/** Wall-clock milliseconds (as if the wall clock were UTC) of instant `ms` in `zone`. */
export const toWall = (zone: string, ms: number): number => ms + offsetAt(zone, ms)

/**
 * The instant of wall-clock time `wall` (ms on a UTC-like wall axis) in `zone`.
 * In a gap (spring forward) the wall time moves forward by the gap's length (02:30 → 03:30,
 * like Temporal's and effect's "compatible"); in an overlap (fall back) the earlier instant wins.
 */
export const fromWall = (zone: string, wall: number): number => {
  const z = zoneCache(zone)
  if (z.fixed !== undefined) return wall - z.fixed
  const before = offsetAt(zone, wall - DAY)
  const after = offsetAt(zone, wall + DAY)
  if (before === after) return wall - before
  const c1 = wall - before
  const c2 = wall - after
  const ok1 = offsetAt(zone, c1) === before
  const ok2 = offsetAt(zone, c2) === after
  if (ok1 && ok2) return Math.min(c1, c2)
  if (ok1) return c1
  if (ok2) return c2
  // gap: read the wall time with the offset in force before the transition, i.e. shift forward
  return c1
}

/** The instant of local `day` (day number) at `minutes` after local midnight in `zone`. */
export const instantOf = (zone: string, day: number, minutes: number): number => fromWall(zone, day * DAY + minutes * MINUTE)

/** The local day number of instant `ms` in `zone`. */
export const localDayOf = (zone: string, ms: number): number => Math.floor(toWall(zone, ms) / DAY)
