// Holiday sources of a coverage calendar: explicit local dates, `date-holidays` regions and
// iCalendar text. Everything is reduced to two shapes the index understands: whole local days
// (day numbers) and closed intervals of instants.
import Holidays from "date-holidays"
import ICAL from "ical.js"
import { DAY, dayNumber, fromWall, isValidZone } from "../zone.js"

/** Holiday kinds of `date-holidays`. */
export const holidayTypes = ["public", "bank", "school", "optional", "observance"] as const
export type HolidayType = (typeof holidayTypes)[number]

/** A closure: whole local days `[fromDay, toDay)`, or instants `[start, end)`. */
export type Closure =
  | { readonly _tag: "days"; readonly fromDay: number; readonly toDay: number }
  | { readonly _tag: "instants"; readonly start: number; readonly end: number }

// --- local dates ---------------------------------------------------------------------------

const dateRe = /^(\d{4})-(\d{2})-(\d{2})$/

/** Day number of a `YYYY-MM-DD` string, or a reason why it is not a real date. */
export const parseLocalDate = (text: string): number | string => {
  const m = dateRe.exec(text)
  if (m === null) return `expected a date "YYYY-MM-DD", got ${JSON.stringify(text)}`
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  const n = dayNumber(year, month, day)
  const back = new Date(n * DAY)
  if (month < 1 || month > 12 || back.getUTCMonth() + 1 !== month || back.getUTCDate() !== day) {
    return `${JSON.stringify(text)} is not a date on the calendar`
  }
  return n
}

// --- date-holidays regions -------------------------------------------------------------------

let registry: Holidays | undefined
const reg = (): Holidays => (registry ??= new Holidays())

/** `undefined` when `code` (`US`, `US-CA`, `DE-BY-A`) names a region date-holidays knows, else why not. */
export const checkRegion = (code: string): string | undefined => {
  const parts = code.split("-")
  const [country, state, region] = parts
  const bad = `unknown holiday region ${JSON.stringify(code)} (expected a date-holidays code such as "US", "US-CA" or "DE-BY")`
  if (parts.length > 3 || country === undefined || country === "") return bad
  const countries = reg().getCountries() as Record<string, string> | undefined
  if (countries === undefined || !Object.hasOwn(countries, country.toUpperCase())) return bad
  if (state !== undefined) {
    const states = reg().getStates(country.toUpperCase()) as Record<string, string> | undefined
    if (states === undefined || !Object.hasOwn(states, state.toUpperCase())) return bad
    if (region !== undefined) {
      const regions = reg().getRegions(country.toUpperCase(), state.toUpperCase()) as Record<string, string> | undefined
      if (regions === undefined || !Object.hasOwn(regions, region.toUpperCase())) return bad
    }
  }
  return undefined
}

const timeRe = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?/

/**
 * A region's holidays, computed per year on demand and cached. A holiday that starts at
 * midnight closes whole local days; one that starts later in the day (e.g. "from 14:00" on
 * Christmas Eve in some German states) closes from that wall time to the end of its last day.
 */
export class RegionHolidays {
  private readonly source: Holidays
  /** per year: local day → minute from which it is closed (0 = all day) */
  private readonly years = new Map<number, Map<number, number>>()

  constructor(
    readonly code: string,
    readonly types: ReadonlyArray<HolidayType>
  ) {
    const [country = "", state, region] = code.toUpperCase().split("-")
    const opts = { types: [...types] }
    this.source =
      region !== undefined && state !== undefined
        ? new Holidays(country, state, region, opts)
        : state !== undefined
          ? new Holidays(country, state, opts)
          : new Holidays(country, opts)
  }

  /** Minute of local `day` (in `year`) from which the region's holidays close it, if any. */
  cutOn(year: number, day: number): number | undefined {
    return this.yearMap(year).get(day)
  }

  private yearMap(year: number): Map<number, number> {
    let map = this.years.get(year)
    if (map === undefined) {
      map = new Map()
      // a multi-day holiday that began late in the previous year still closes early January
      for (const y of [year - 1, year]) {
        const raw = y >= 1 && y <= 9999 ? this.source.getHolidays(y) : []
        for (const h of raw) {
          const m = timeRe.exec(h.date)
          if (m === null) continue
          const first = dayNumber(Number(m[1]), Number(m[2]), Number(m[3]))
          const minutes = Number(m[4] ?? 0) * 60 + Number(m[5] ?? 0)
          const span = h.end.getTime() - h.start.getTime()
          const days = Math.max(1, Math.ceil((minutes * 60_000 + span) / DAY - 1e-9))
          for (let d = first; d < first + days; d++) {
            const cut = d === first ? minutes : 0
            const before = map.get(d)
            map.set(d, before === undefined ? cut : Math.min(before, cut))
          }
        }
      }
      this.years.set(year, map)
    }
    return map
  }
}

// --- iCalendar -----------------------------------------------------------------------------

/** Recurring iCalendar events are expanded up to this local day (2200-01-01) ... */
export const ICAL_HORIZON_DAY = dayNumber(2200, 1, 1)
/** ... and to at most this many occurrences per event. */
export const ICAL_MAX_OCCURRENCES = 10_000

interface IcalTime {
  readonly isDate: boolean
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
  readonly zone: { readonly tzid: string } | null | undefined
}

const wallMs = (t: IcalTime): number => dayNumber(t.year, t.month, t.day) * DAY + ((t.hour * 60 + t.minute) * 60 + t.second) * 1000

/** Finds an IANA zone in a TZID (also the `/mozilla.org/.../Europe/Berlin` style), if any. */
const zoneOfTzid = (tzid: string): string | undefined => {
  if (isValidZone(tzid)) return tzid
  const parts = tzid.split("/").filter((p) => p !== "")
  for (let i = 0; i < parts.length - 1; i++) {
    const candidate = parts.slice(i).join("/")
    if (isValidZone(candidate)) return candidate
  }
  return undefined
}

const instantOfIcal = (t: IcalTime, tzid: string | undefined, calendarZone: string, vtimezones: ReadonlyMap<string, ICAL.Timezone>): number | string => {
  if (t.zone?.tzid === "UTC") return wallMs(t)
  if (tzid !== undefined) {
    const zone = zoneOfTzid(tzid)
    if (zone !== undefined) return fromWall(zone, wallMs(t))
    // a non-IANA TZID (Outlook's "W. Europe Standard Time") defined by the file's own VTIMEZONE
    const vtz = vtimezones.get(tzid)
    if (vtz !== undefined) return wallMs(t) - vtz.utcOffset(t as unknown as ICAL.Time) * 1000
    return `expected a known time zone or a VTIMEZONE for it, got TZID=${JSON.stringify(tzid)}`
  }
  return fromWall(calendarZone, wallMs(t)) // floating time: read in the calendar's zone
}

/**
 * Reads iCalendar text into closures. All-day events close whole local days (DTEND exclusive);
 * timed events close their instants; a TZID names the zone, UTC times are UTC and floating
 * times are read in the calendar's zone. Cancelled and transparent (free) events are skipped.
 * Returns a list of problems instead when the text is not usable.
 */
export const parseIcal = (text: string, calendarZone: string): { readonly closures: ReadonlyArray<Closure> } | { readonly problems: ReadonlyArray<string> } => {
  let root: ICAL.Component
  try {
    root = new ICAL.Component(ICAL.parse(text) as unknown as Array<unknown>)
  } catch (e) {
    return { problems: [`not iCalendar text: ${e instanceof Error ? e.message : String(e)}`] }
  }
  if (root.name !== "vcalendar") return { problems: [`expected a VCALENDAR, got ${root.name.toUpperCase()}`] }
  const problems: Array<string> = []
  const closures: Array<Closure> = []
  const vtimezones = new Map<string, ICAL.Timezone>()
  for (const vtz of root.getAllSubcomponents("vtimezone")) {
    try {
      const tz = new ICAL.Timezone(vtz)
      if (typeof tz.tzid === "string" && tz.tzid !== "") vtimezones.set(tz.tzid, tz)
    } catch (e) {
      problems.push(`VTIMEZONE: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
  const vevents = root.getAllSubcomponents("vevent")
  const exceptions = vevents.filter((v) => v.hasProperty("recurrence-id"))
  const masters = vevents.filter((v) => !v.hasProperty("recurrence-id"))
  masters.forEach((vevent, index) => {
    const where = `VEVENT #${index + 1}${vevent.hasProperty("summary") ? ` (${JSON.stringify(String(vevent.getFirstPropertyValue("summary")))})` : ""}`
    const status = String(vevent.getFirstPropertyValue("status") ?? "").toUpperCase()
    const transp = String(vevent.getFirstPropertyValue("transp") ?? "").toUpperCase()
    if (status === "CANCELLED" || transp === "TRANSPARENT") return
    if (!vevent.hasProperty("dtstart")) {
      problems.push(`${where}: expected a DTSTART, got none`)
      return
    }
    let event: ICAL.Event
    try {
      event = new ICAL.Event(vevent)
      const uid = event.uid
      for (const ex of exceptions) {
        if (ex.getFirstPropertyValue("uid") === uid) event.relateException(new ICAL.Event(ex))
      }
    } catch (e) {
      problems.push(`${where}: ${e instanceof Error ? e.message : String(e)}`)
      return
    }
    const startTz = vevent.getFirstProperty("dtstart")?.getParameter("tzid")
    const endTz = vevent.getFirstProperty("dtend")?.getParameter("tzid") ?? startTz
    const add = (start: IcalTime, end: IcalTime): boolean => {
      if (start.isDate) {
        const fromDay = dayNumber(start.year, start.month, start.day)
        const toDay = end.isDate ? dayNumber(end.year, end.month, end.day) : fromDay + 1
        closures.push({ _tag: "days", fromDay, toDay: Math.max(toDay, fromDay + 1) })
        return fromDay < ICAL_HORIZON_DAY
      }
      const s = instantOfIcal(start, typeof startTz === "string" ? startTz : undefined, calendarZone, vtimezones)
      const e = instantOfIcal(end, typeof endTz === "string" ? endTz : undefined, calendarZone, vtimezones)
      if (typeof s === "string" || typeof e === "string") {
        problems.push(`${where}: ${typeof s === "string" ? s : e}`)
        return false
      }
      if (e > s) closures.push({ _tag: "instants", start: s, end: e })
      return s < ICAL_HORIZON_DAY * DAY
    }
    try {
      if (!event.isRecurring()) {
        add(event.startDate as unknown as IcalTime, event.endDate as unknown as IcalTime)
        return
      }
      const it = event.iterator()
      for (let n = 0; n < ICAL_MAX_OCCURRENCES; n++) {
        const next = it.next()
        if (next === undefined || next === null) break
        const d = event.getOccurrenceDetails(next)
        const ev = d.item
        const evStatus = String(ev.component.getFirstPropertyValue("status") ?? "").toUpperCase()
        if (evStatus === "CANCELLED") continue
        if (!add(d.startDate as unknown as IcalTime, d.endDate as unknown as IcalTime)) break
      }
    } catch (e) {
      problems.push(`${where}: ${e instanceof Error ? e.message : String(e)}`)
    }
  })
  return problems.length > 0 ? { problems } : { closures }
}
