import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import * as Coverage from "../src/Coverage.js"
import * as Types from "../src/Types.js"

const problems = (input: unknown): ReadonlyArray<string> => {
  try {
    Coverage.decodeSync(input)
  } catch (e) {
    if (e instanceof Types.ValidationError) return e.problems.map((p) => `${p.path}: ${p.message}`)
    throw e
  }
  return []
}

const ok = { timeZone: "UTC", weekly: [{ days: ["mon"], windows: ["08:00-12:00"] }] }

describe("Coverage: bad input names the path and the value", () => {
  it("rejects an unknown zone", () => {
    expect(problems({ ...ok, timeZone: "America/Las_Angeles" })).toEqual(["timeZone: unknown time zone \"America/Las_Angeles\""])
  })

  it("rejects a window that ends before it starts on the same day", () => {
    const p = problems({ timeZone: "UTC", weekly: [{ days: ["mon"], windows: ["08:00-12:00", "13:00-12:00"] }] })
    expect(p).toHaveLength(1)
    expect(p[0]).toMatch(/^weekly\[0\]\.windows\[1\]: "13:00-12:00" ends before it starts/)
  })

  it("reads a night-length window written end-before-start as ending the next day", () => {
    const plain = Coverage.decodeSync({ timeZone: "UTC", weekly: [{ days: ["fri"], windows: ["22:00-02:00"] }] })
    const explicit = Coverage.decodeSync({ timeZone: "UTC", weekly: [{ days: ["fri"], windows: ["22:00-02:00+1"] }] })
    const fri = Date.UTC(2024, 0, 19)
    const week = 7 * 86_400_000
    expect(Coverage.coveredMillis(plain, fri, fri + week)).toBe(4 * 3_600_000)
    expect(Coverage.coveredMillis(plain, fri + 86_400_000, fri + 86_400_000 + 2 * 3_600_000)).toBe(2 * 3_600_000) // Saturday 00:00-02:00
    expect([...Coverage.windowsMillis(plain, fri, fri + week)]).toEqual([...Coverage.windowsMillis(explicit, fri, fri + week)])
    // 12 hours is the longest window an end-before-start text may mean; 12h30 needs "+1"
    expect(problems({ timeZone: "UTC", weekly: [{ days: ["fri"], windows: ["20:00-08:00"] }] })).toEqual([])
    expect(problems({ timeZone: "UTC", weekly: [{ days: ["fri"], windows: ["20:00-08:30"] }] })[0]).toMatch(/"20:00-08:30" ends before it starts/)
  })

  it("rejects malformed windows and impossible times", () => {
    const p = problems({ timeZone: "UTC", weekly: [{ days: ["mon"], windows: ["8-12", "08:00-24:30", "25:00-26:00", "10:00-10:00"] }] })
    expect(p.map((x) => x.split(": ")[0])).toEqual(["weekly[0].windows[0]", "weekly[0].windows[1]", "weekly[0].windows[2]", "weekly[0].windows[3]"])
    expect(p[0]).toContain("\"8-12\"")
    expect(p[1]).toContain("\"08:00-24:30\"")
    expect(p[3]).toContain("is empty")
  })

  it("rejects an unknown weekday", () => {
    expect(problems({ timeZone: "UTC", weekly: [{ days: ["mon", "fry"], windows: ["08:00-12:00"] }] })).toEqual([
      "weekly[0].days[1]: Expected \"mon\" | \"tue\" | \"wed\" | \"thu\" | \"fri\" | \"sat\" | \"sun\", got \"fry\""
    ])
  })

  it("rejects an impossible date", () => {
    expect(problems({ ...ok, holidays: { dates: ["2024-01-01", "2023-02-29"] } })).toEqual(["holidays.dates[1]: \"2023-02-29\" is not a date on the calendar"])
  })

  it("rejects an unknown holiday region", () => {
    const p = problems({ ...ok, holidays: { regions: ["US", "XX", { region: "US-ZZ" }] } })
    expect(p.map((x) => x.split(": ")[0])).toEqual(["holidays.regions[1]", "holidays.regions[2].region"])
    expect(p[0]).toContain("unknown holiday region \"XX\"")
  })

  it("fails the Effect decoder with the same error", async () => {
    const error = await Effect.runPromise(Effect.flip(Coverage.decode({ ...ok, timeZone: "Mars/Olympus" })))
    expect(error._tag).toBe("ValidationError")
    expect(error.problems).toEqual([{ path: "timeZone", message: "unknown time zone \"Mars/Olympus\"" }])
  })
})

describe("Coverage: planning figures", () => {
  it("counts nominal weekly hours and the work-week fraction", () => {
    const visit = Coverage.make({
      timeZone: "America/Los_Angeles",
      weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], windows: ["08:00-12:00", "13:00-17:00"] }]
    })
    expect(Coverage.weeklyCoveredHours(visit)).toBe(40)
    expect(Coverage.workWeekFraction(visit)).toBe(1)
    expect(Coverage.workWeekFraction(Coverage.always())).toBe(4.2)
    const monWed = Coverage.make({ timeZone: "UTC", weekly: [{ days: ["mon", "tue", "wed"], windows: ["09:00-17:00"] }] })
    expect(Coverage.workWeekFraction(monWed)).toBeCloseTo(0.6, 12)
  })
})

const weekdays = ["mon", "tue", "wed", "thu", "fri"] as const
const business = [{ days: [...weekdays], windows: ["09:00-17:00"] }]
const h = (cal: Coverage.Calendar, from: string, to: string): number => Coverage.coveredMillis(cal, Date.parse(from), Date.parse(to)) / 3_600_000

describe("Coverage: holidays", () => {
  it("closes public holidays of a date-holidays region, including substitute days", () => {
    const cal = Coverage.make({ timeZone: "America/New_York", weekly: business, holidays: { regions: ["US"] } })
    // 2026-07-04 is a Saturday; Friday 2026-07-03 is the observed (substitute) holiday
    expect(h(cal, "2026-07-03T00:00:00-04:00", "2026-07-04T00:00:00-04:00")).toBe(0)
    expect(h(cal, "2026-07-06T00:00:00-04:00", "2026-07-07T00:00:00-04:00")).toBe(8)
    // Thanksgiving 2024-11-28 closed; the day after is an observance, not closed by default
    expect(h(cal, "2024-11-28T00:00:00-05:00", "2024-11-30T00:00:00-05:00")).toBe(8)
  })

  it("selects holiday types; a holiday that starts at 14:00 closes the rest of that day only", () => {
    const publicOnly = Coverage.make({ timeZone: "Europe/Berlin", weekly: business, holidays: { regions: ["DE-BY"] } })
    const withBank = Coverage.make({ timeZone: "Europe/Berlin", weekly: business, holidays: { regions: [{ region: "DE-BY", types: ["public", "bank"] }] } })
    const viaDefault = Coverage.make({ timeZone: "Europe/Berlin", weekly: business, holidays: { regions: ["DE-BY"], types: ["public", "bank"] } })
    // Tuesday 2024-12-24: Heiliger Abend is a bank holiday from 14:00
    expect(h(publicOnly, "2024-12-24T00:00:00+01:00", "2024-12-25T00:00:00+01:00")).toBe(8)
    expect(h(withBank, "2024-12-24T00:00:00+01:00", "2024-12-25T00:00:00+01:00")).toBe(5)
    expect(h(viaDefault, "2024-12-24T00:00:00+01:00", "2024-12-25T00:00:00+01:00")).toBe(5)
    // 2024-12-25/26 are public holidays in both
    expect(h(publicOnly, "2024-12-25T00:00:00+01:00", "2024-12-27T00:00:00+01:00")).toBe(0)
  })

  it("reads iCalendar text: all-day events close whole days, timed events part of a day", () => {
    const ics = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//test//EN",
      "BEGIN:VEVENT",
      "UID:a",
      "DTSTART;VALUE=DATE:20240325",
      "DTEND;VALUE=DATE:20240327",
      "SUMMARY:Retreat (two days)",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:b",
      "DTSTART;TZID=America/New_York:20240328T120000",
      "DTEND;TZID=America/New_York:20240328T140000",
      "SUMMARY:All-hands (New York time)",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:c",
      "DTSTART:20240329T140000",
      "DTEND:20240329T150000",
      "SUMMARY:Floating, read in the calendar zone",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:d",
      "DTSTART:20240401T160000Z",
      "DURATION:PT1H",
      "RRULE:FREQ=WEEKLY;COUNT=3",
      "EXDATE:20240408T160000Z",
      "SUMMARY:Weekly, UTC",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:e",
      "DTSTART;VALUE=DATE:20240402",
      "STATUS:CANCELLED",
      "SUMMARY:Cancelled",
      "END:VEVENT",
      "END:VCALENDAR"
    ].join("\r\n")
    const cal = Coverage.make({ timeZone: "America/Los_Angeles", weekly: business, holidays: { ical: ics } })
    expect(h(cal, "2024-03-25T00:00:00-07:00", "2024-03-27T00:00:00-07:00")).toBe(0)
    expect(h(cal, "2024-03-27T00:00:00-07:00", "2024-03-28T00:00:00-07:00")).toBe(8)
    // 12:00-14:00 New York = 09:00-11:00 Los Angeles
    expect(h(cal, "2024-03-28T00:00:00-07:00", "2024-03-29T00:00:00-07:00")).toBe(6)
    expect(h(cal, "2024-03-29T00:00:00-07:00", "2024-03-30T00:00:00-07:00")).toBe(7)
    // 16:00Z = 09:00 PDT, one hour, on 04-01 and 04-15 (04-08 excluded by EXDATE)
    expect(h(cal, "2024-04-01T00:00:00-07:00", "2024-04-02T00:00:00-07:00")).toBe(7)
    expect(h(cal, "2024-04-08T00:00:00-07:00", "2024-04-09T00:00:00-07:00")).toBe(8)
    expect(h(cal, "2024-04-15T00:00:00-07:00", "2024-04-16T00:00:00-07:00")).toBe(7)
    expect(h(cal, "2024-04-22T00:00:00-07:00", "2024-04-23T00:00:00-07:00")).toBe(8)
    // the cancelled event closes nothing
    expect(h(cal, "2024-04-02T00:00:00-07:00", "2024-04-03T00:00:00-07:00")).toBe(8)
  })

  it("rejects iCalendar text it cannot read, naming the path", () => {
    const p = problems({ ...ok, holidays: { ical: ["BEGIN:VCALENDAR\r\nEND:VCALENDAR", "not a calendar"] } })
    expect(p).toHaveLength(1)
    expect(p[0]).toMatch(/^holidays\.ical\[1\]: not iCalendar text/)
    const tz = problems({
      ...ok,
      holidays: { ical: "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;TZID=Nowhere/Land:20240101T090000\r\nEND:VEVENT\r\nEND:VCALENDAR" }
    })
    expect(tz).toEqual(["holidays.ical: VEVENT #1: expected a known time zone or a VTIMEZONE for it, got TZID=\"Nowhere/Land\""])
  })

  it("reads a non-IANA TZID (as Outlook writes them) through the file's VTIMEZONE", () => {
    const ics = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
      "BEGIN:VTIMEZONE",
      "TZID:W. Europe Standard Time",
      "BEGIN:STANDARD",
      "DTSTART:16011028T030000",
      "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
      "TZOFFSETFROM:+0200",
      "TZOFFSETTO:+0100",
      "END:STANDARD",
      "BEGIN:DAYLIGHT",
      "DTSTART:16010325T020000",
      "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
      "TZOFFSETFROM:+0100",
      "TZOFFSETTO:+0200",
      "END:DAYLIGHT",
      "END:VTIMEZONE",
      "BEGIN:VEVENT",
      "UID:w1",
      "DTSTART;TZID=W. Europe Standard Time:20240705T100000",
      "DTEND;TZID=W. Europe Standard Time:20240705T120000",
      "SUMMARY:Team day (Berlin time)",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:w2",
      "DTSTART;TZID=W. Europe Standard Time:20240108T100000",
      "DTEND;TZID=W. Europe Standard Time:20240108T110000",
      "SUMMARY:Winter meeting",
      "END:VEVENT",
      "END:VCALENDAR"
    ].join("\r\n")
    const cal = Coverage.make({ timeZone: "UTC", weekly: [{ days: [...weekdays], windows: ["00:00-24:00"] }], holidays: { ical: ics } })
    // summer: 10:00-12:00 CEST = 08:00-10:00Z; winter: 10:00-11:00 CET = 09:00-10:00Z
    expect(Coverage.isCovered(cal, "2024-07-05T07:59:59Z")).toBe(true)
    expect(Coverage.isCovered(cal, "2024-07-05T08:00:00Z")).toBe(false)
    expect(Coverage.isCovered(cal, "2024-07-05T10:00:00Z")).toBe(true)
    expect(h(cal, "2024-01-08T00:00:00Z", "2024-01-09T00:00:00Z")).toBe(23)
    expect(Coverage.isCovered(cal, "2024-01-08T09:00:00Z")).toBe(false)
  })

  it("24/7 with holidays: a holiday closes a whole local day", () => {
    const cal = Coverage.make({ timeZone: "Asia/Kolkata", weekly: "24/7", holidays: { dates: ["2024-08-15"] } })
    expect(h(cal, "2024-08-14T00:00:00+05:30", "2024-08-17T00:00:00+05:30")).toBe(48)
  })
})

describe("Coverage: rules and versions", () => {
  it("unites windows given for the same day in several rules; adjacent windows join", () => {
    const cal = Coverage.make({
      timeZone: "UTC",
      weekly: [
        { days: ["mon"], windows: ["09:00-12:00", "12:00-13:00"] },
        { days: ["mon", "tue"], windows: ["11:00-14:00"] }
      ]
    })
    expect(h(cal, "2024-01-15T00:00:00Z", "2024-01-16T00:00:00Z")).toBe(5)
    expect([...Coverage.windows(cal, "2024-01-15T00:00:00Z", "2024-01-16T00:00:00Z")]).toHaveLength(1)
    expect(Coverage.weeklyCoveredHours(cal)).toBe(8)
  })

  it("uses each version from its local date on and the earlier one before", () => {
    const cal = Coverage.make({
      timeZone: "America/Los_Angeles",
      weekly: business,
      holidays: { dates: ["2024-01-02", "2024-03-05"] },
      versions: [
        { from: "2024-03-01", weekly: [{ days: ["mon", "tue", "wed"], windows: ["08:00-12:00"] }] },
        { from: "2024-02-01", weekly: "24/7", holidays: { dates: ["2024-02-14"] } }
      ]
    })
    expect(Coverage.versionDates(cal)).toEqual(["2024-02-01", "2024-03-01"])
    expect(h(cal, "2024-01-01T00:00:00-08:00", "2024-01-08T00:00:00-08:00")).toBe(32)
    // the version of 2024-02-01 begins at local midnight, not UTC midnight
    expect(h(cal, "2024-01-31T00:00:00-08:00", "2024-02-02T00:00:00-08:00")).toBe(8 + 24)
    expect(h(cal, "2024-02-13T00:00:00-08:00", "2024-02-16T00:00:00-08:00")).toBe(48)
    // the third version inherits the second's holidays (2024-02-14), not the first's
    expect(h(cal, "2024-03-04T00:00:00-08:00", "2024-03-07T00:00:00-08:00")).toBe(12)
    expect(Coverage.weeklyCoveredHours(cal)).toBe(12)
    expect(Coverage.weeklyCoveredHours(cal, "2024-02-10T12:00:00Z")).toBe(168)
    expect(Coverage.weeklyCoveredHours(cal, "2024-01-10T12:00:00Z")).toBe(40)
  })

  it("rejects duplicate version dates and a latest version without coverage", () => {
    expect(problems({ ...ok, versions: [{ from: "2025-01-01", weekly: "24/7" }, { from: "2025-01-01", weekly: "24/7" }] })).toEqual([
      "versions[1].from: \"2025-01-01\" is also the date of versions[0]"
    ])
    const p = problems({ ...ok, versions: [{ from: "2025-01-01", weekly: [{ days: ["mon"], windows: [] }] }] })
    expect(p).toHaveLength(1)
    expect(p[0]).toMatch(/^versions\[0\]\.weekly: the latest version covers no time/)
  })

  it("a calendar is usable from any instant: far past and far future", () => {
    const cal = Coverage.make({ timeZone: "Europe/Berlin", weekly: business })
    expect(h(cal, "1975-06-02T00:00:00+01:00", "1975-06-09T00:00:00+01:00")).toBe(40)
    expect(h(cal, "2199-06-03T00:00:00+02:00", "2199-06-10T00:00:00+02:00")).toBe(40)
    expect(() => Coverage.coveredMillis(cal, Number.NaN, 0)).toThrow(RangeError)
  })
})

describe("Coverage: calendars as values", () => {
  it("serialises as its spec and decodes back to the same behaviour", () => {
    const spec = { timeZone: "Europe/Berlin", weekly: [{ days: ["mon"], windows: ["22:00-02:00+1"] }], holidays: { dates: ["2024-01-15"] } }
    const cal = Coverage.decodeSync(spec)
    Coverage.coveredMillis(cal, Date.UTC(2024, 0, 1), Date.UTC(2024, 1, 1)) // builds the index
    const again = Coverage.decodeSync(JSON.parse(JSON.stringify(cal)))
    expect(JSON.parse(JSON.stringify(cal))).toEqual(spec)
    expect(Coverage.coveredMillis(again, Date.UTC(2024, 0, 1), Date.UTC(2024, 1, 1))).toBe(
      Coverage.coveredMillis(cal, Date.UTC(2024, 0, 1), Date.UTC(2024, 1, 1))
    )
    expect(Coverage.timeZone(again)).toBe("Europe/Berlin")
  })

  it("does not mutate the spec it is given", () => {
    const spec = { timeZone: "UTC", weekly: [{ days: ["tue", "mon"] as Array<"mon" | "tue">, windows: ["13:00-17:00", "08:00-12:00"] }] }
    const copy = JSON.parse(JSON.stringify(spec))
    Coverage.make(spec)
    expect(spec).toEqual(copy)
  })
})
