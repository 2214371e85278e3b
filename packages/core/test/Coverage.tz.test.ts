// Runs under TZ=UTC, America/Los_Angeles, Asia/Kolkata, Australia/Lord_Howe and Pacific/Chatham
// (pnpm test): every expectation here must be independent of the process time zone.
import { DateTime, Duration } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Coverage from "../src/Coverage.js"
import * as Zone from "../src/internal/zone.js"

const weekdays = ["mon", "tue", "wed", "thu", "fri"] as const
const visit = Coverage.make({
  timeZone: "America/Los_Angeles",
  weekly: [{ days: [...weekdays], windows: ["08:00-12:00", "13:00-17:00"] }],
  holidays: { dates: ["2024-07-04"] }
})

const minutes = (from: string, to: string): number => Duration.toMillis(Coverage.covered(visit, from, to)) / 60_000
const iso = (d: DateTime.Utc): string => DateTime.formatIso(d)

describe("Coverage: hand-checked cases (VisIt windows, America/Los_Angeles, holiday 2024-07-04)", () => {
  it.each([
    ["Fri 16:30 PST → Mon 09:00 PDT across spring-forward", "2024-03-08T16:30:00-08:00", "2024-03-11T09:00:00-07:00", 90],
    ["Saturday → Monday 08:30", "2024-01-13T10:00:00-08:00", "2024-01-15T08:30:00-08:00", 30],
    ["inside the lunch gap", "2024-01-16T12:15:00-08:00", "2024-01-16T13:30:00-08:00", 30],
    ["across the holiday", "2024-07-03T16:00:00-07:00", "2024-07-05T09:00:00-07:00", 120],
    ["Fri 16:00 PDT → Mon 08:30 PST across fall-back", "2024-11-01T16:00:00-07:00", "2024-11-04T08:30:00-08:00", 90],
    ["UTC input across UTC midnight", "2024-01-16T01:30:00Z", "2024-01-16T16:30:00Z", 30],
    ["one window", "2024-01-16T09:00:00-08:00", "2024-01-16T11:00:00-08:00", 120],
    ["a full week", "2024-01-15T00:00:00-08:00", "2024-01-22T00:00:00-08:00", 2400]
  ])("covered: %s", (_name, from, to, want) => {
    expect(minutes(from, to)).toBe(want)
  })

  it.each([
    ["Fri 15:00 PST + 4 h across spring-forward", "2024-03-08T15:00:00-08:00", "2024-03-11T17:00:00.000Z"],
    ["Tue 10:30 + 4 h over lunch", "2024-01-16T10:30:00-08:00", "2024-01-16T23:30:00.000Z"],
    ["Wed 15:00 + 4 h over the holiday", "2024-07-03T15:00:00-07:00", "2024-07-05T17:00:00.000Z"],
    ["Sat 10:00 + 4 h lands on Monday's 12:00 window end", "2024-01-13T10:00:00-08:00", "2024-01-15T20:00:00.000Z"]
  ])("addCovered: %s", (_name, from, want) => {
    expect(iso(Coverage.addCovered(visit, from, "4 hours"))).toBe(want)
  })

  it("accepts every instant input form alike", () => {
    const ms = Date.parse("2024-01-16T17:00:00Z")
    for (const at of [ms, new Date(ms), "2024-01-16T17:00:00Z", DateTime.makeUnsafe(ms)]) {
      expect(Coverage.isCovered(visit, at)).toBe(true)
      expect(iso(Coverage.nextStart(visit, at))).toBe("2024-01-16T17:00:00.000Z")
    }
  })
})

// --- DST conventions, hand-checked ------------------------------------------------------------

const la = (weekly: Coverage.Spec["weekly"], holidays?: Coverage.Spec["holidays"]) =>
  Coverage.make(holidays === undefined ? { timeZone: "America/Los_Angeles", weekly } : { timeZone: "America/Los_Angeles", weekly, holidays })
const hours = (cal: Coverage.Calendar, from: string, to: string): number => Duration.toMillis(Coverage.covered(cal, from, to)) / 3_600_000

describe("Coverage: DST conventions", () => {
  it("counts real elapsed time: a whole day is 23 h at spring-forward and 25 h at fall-back", () => {
    const allDay = la([{ days: ["sun"], windows: ["00:00-24:00"] }])
    expect(hours(allDay, "2024-03-09T00:00:00Z", "2024-03-12T00:00:00Z")).toBe(23)
    expect(hours(allDay, "2024-11-02T00:00:00Z", "2024-11-05T00:00:00Z")).toBe(25)
    expect(hours(allDay, "2024-01-06T00:00:00Z", "2024-01-09T00:00:00Z")).toBe(24)
  })

  it("moves a boundary inside the spring-forward gap forward by the gap (02:30 → 03:30 PDT)", () => {
    const cal = la([{ days: ["sun"], windows: ["02:30-04:00"] }])
    expect(iso(Coverage.nextStart(cal, "2024-03-10T08:00:00Z"))).toBe("2024-03-10T10:30:00.000Z")
    expect(hours(cal, "2024-03-10T00:00:00Z", "2024-03-11T00:00:00Z")).toBe(0.5)
  })

  it("takes the earlier instant for a boundary inside the fall-back overlap", () => {
    const cal = la([{ days: ["sun"], windows: ["01:30-02:00"] }])
    // 01:30 is read as PDT (08:30Z); 02:00 exists once (PST, 10:00Z): 90 real minutes
    expect(iso(Coverage.nextStart(cal, "2024-11-03T07:00:00Z"))).toBe("2024-11-03T08:30:00.000Z")
    expect(hours(cal, "2024-11-03T00:00:00Z", "2024-11-04T00:00:00Z")).toBe(1.5)
  })

  it("handles half-hour DST (Lord Howe) and odd offsets (Chatham)", () => {
    const howe = Coverage.make({ timeZone: "Australia/Lord_Howe", weekly: [{ days: ["sun"], windows: ["00:00-24:00"] }] })
    // DST ends Sun 2024-04-07 (02:00 → 01:30): 24.5 h; starts Sun 2024-10-06 (02:00 → 02:30): 23.5 h
    expect(hours(howe, "2024-04-05T00:00:00Z", "2024-04-09T00:00:00Z")).toBe(24.5)
    expect(hours(howe, "2024-10-04T00:00:00Z", "2024-10-08T00:00:00Z")).toBe(23.5)
    const chatham = Coverage.make({ timeZone: "Pacific/Chatham", weekly: [{ days: ["mon"], windows: ["09:00-10:00"] }] })
    // Monday 2024-01-15 09:00 +13:45 is Sunday 19:15Z
    expect(iso(Coverage.nextStart(chatham, "2024-01-14T00:00:00Z"))).toBe("2024-01-14T19:15:00.000Z")
  })

  it("an overnight window belongs to the day it starts, also for holidays", () => {
    const night = la([{ days: ["fri"], windows: ["22:00-02:00+1"] }], { dates: ["2024-01-19"] })
    // Fri 2024-01-12 22:00 PST → Sat 02:00 PST: 4 h, all attributed to Friday
    expect(hours(night, "2024-01-12T00:00:00Z", "2024-01-14T00:00:00Z")).toBe(4)
    expect(Coverage.isCovered(night, "2024-01-13T09:59:59.999Z")).toBe(true)
    expect(Coverage.isCovered(night, "2024-01-13T10:00:00Z")).toBe(false)
    // Friday 2024-01-19 is a holiday: its window is closed, including the part after midnight
    expect(hours(night, "2024-01-19T00:00:00Z", "2024-01-21T00:00:00Z")).toBe(0)
  })

  it("an overnight window across spring-forward ends at the gap", () => {
    const night = la([{ days: ["sat"], windows: ["22:00-04:00+1"] }])
    // Sat 2024-03-09 22:00 PST (06:00Z) → Sun 04:00 PDT (11:00Z): 5 real hours
    expect(hours(night, "2024-03-09T00:00:00Z", "2024-03-11T00:00:00Z")).toBe(5)
  })

  it("24:00 ends a window at the next local midnight", () => {
    const evening = la([{ days: ["tue"], windows: ["20:00-24:00"] }])
    expect(iso(Coverage.addCovered(evening, "2024-01-16T00:00:00Z", "4 hours"))).toBe("2024-01-17T08:00:00.000Z")
  })
})

// --- properties against an independent oracle --------------------------------------------------

const DAY = 86_400_000
const zones = ["UTC", "America/Los_Angeles", "Europe/Berlin", "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kolkata", "America/Santiago", "America/Havana"]
const allDays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const
const pad = (n: number) => String(n).padStart(2, "0")
const hhmm = (m: number) => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`

type Rules = ReadonlyArray<{ readonly days: ReadonlyArray<(typeof allDays)[number]>; readonly windows: ReadonlyArray<readonly [number, number]> }>
interface RandomCal {
  readonly zone: string
  readonly rules: Rules
  readonly holidays: ReadonlyArray<string>
  /** an optional later version, from a local date on */
  readonly later?: { readonly from: string; readonly rules: Rules } | undefined
}

// Boundaries on a 30-minute grid so that they often fall on DST transitions (01:30, 02:00, 02:30, 00:00).
const boundaryArb = fc.oneof(fc.integer({ min: 0, max: 47 }).map((k) => k * 30), fc.constantFrom(0, 60, 90, 120, 150, 180))
const windowArb = fc.tuple(boundaryArb, fc.integer({ min: 1, max: 48 }), fc.boolean()).map(([start, len, overnight]) => {
  const end = overnight ? start + len * 30 : Math.min(1440, start + len * 30)
  return [start, end === start ? start + 30 : end] as const
})
const rulesArb = fc.array(
  fc.record({
    days: fc.uniqueArray(fc.constantFrom(...allDays), { minLength: 1, maxLength: 7 }),
    windows: fc.array(windowArb, { minLength: 1, maxLength: 3 })
  }),
  { minLength: 1, maxLength: 3 }
)
const dateArb = fc.integer({ min: 0, max: 800 }).map((d) => new Date(Date.UTC(2024, 0, 1) + d * DAY).toISOString().slice(0, 10))
const calArb: fc.Arbitrary<RandomCal> = fc.record({
  zone: fc.constantFrom(...zones),
  rules: rulesArb,
  holidays: fc.uniqueArray(dateArb, { maxLength: 8 }),
  later: fc.option(fc.record({ from: dateArb, rules: rulesArb }), { nil: undefined, freq: 3 })
})
// overnight windows up to 12 hours are written without "+1" (the plain form must mean the same)
const windowText = ([s, e]: readonly [number, number]) => e > 1440 ? `${hhmm(s)}-${hhmm(e - 1440)}${e - s <= 720 ? "" : "+1"}` : `${hhmm(s)}-${hhmm(e)}`
const weeklyOf = (rules: Rules) => rules.map((r) => ({ days: [...r.days], windows: r.windows.map(windowText) }))
const specOf = (c: RandomCal): Coverage.Spec => ({
  timeZone: c.zone,
  weekly: weeklyOf(c.rules),
  holidays: { dates: [...c.holidays] },
  ...(c.later === undefined ? {} : { versions: [{ from: c.later.from, weekly: weeklyOf(c.later.rules) }] })
})

// Oracle: effect's DateTime ("compatible" disambiguation = our documented DST rule), one day at a
// time, plain interval union; shares no code with Coverage's zone conversion or index.
const oracleIntervals = (c: RandomCal, from: number, to: number): ReadonlyArray<readonly [number, number]> => {
  const raw: Array<[number, number]> = []
  const at = (y: number, mo: number, d: number, minutes: number) =>
    DateTime.toEpochMillis(
      DateTime.makeZonedUnsafe(
        { year: y, month: mo, day: d + Math.floor(minutes / 1440), hour: Math.floor((minutes % 1440) / 60), minute: minutes % 60 },
        { timeZone: c.zone, adjustForTimeZone: true, disambiguation: "compatible" }
      )
    )
  for (let t = from - 3 * DAY; t < to + 2 * DAY; t += DAY) {
    const date = new Date(t)
    const y = date.getUTCFullYear()
    const mo = date.getUTCMonth() + 1
    const d = date.getUTCDate()
    const name = allDays[(date.getUTCDay() + 6) % 7] as (typeof allDays)[number]
    const iso = date.toISOString().slice(0, 10)
    if (c.holidays.includes(iso)) continue
    const rules = c.later !== undefined && iso >= c.later.from ? c.later.rules : c.rules
    for (const r of rules) if (r.days.includes(name)) { for (const [s, e] of r.windows) raw.push([at(y, mo, d, s), at(y, mo, d, e)]) }
  }
  raw.sort((a, b) => a[0] - b[0])
  const out: Array<[number, number]> = []
  for (const [s, e] of raw) {
    if (e <= s) continue
    const last = out[out.length - 1]
    if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e)
    else out.push([s, e])
  }
  return out
}
const oracleCovered = (c: RandomCal, from: number, to: number): number => {
  let sum = 0
  for (const [s, e] of oracleIntervals(c, from, to)) sum += Math.max(0, Math.min(e, to) - Math.max(s, from))
  return sum
}

const T0 = Date.UTC(2024, 0, 1)
const T1 = Date.UTC(2026, 2, 1)
// DST transitions (UTC dates) of the zones above in 2024 and 2025
const transitions: Record<string, ReadonlyArray<string>> = {
  UTC: ["2024-03-10", "2024-11-03"],
  "America/Los_Angeles": ["2024-03-10", "2024-11-03", "2025-03-09", "2025-11-02"],
  "Europe/Berlin": ["2024-03-31", "2024-10-27", "2025-03-30", "2025-10-26"],
  "Australia/Lord_Howe": ["2024-04-06", "2024-10-05", "2025-04-05", "2025-10-04"],
  "Pacific/Chatham": ["2024-04-06", "2024-09-28", "2025-04-05", "2025-09-27"],
  "Asia/Kolkata": ["2024-03-10", "2024-11-03"],
  "America/Santiago": ["2024-04-07", "2024-09-08", "2025-04-06", "2025-09-07"],
  "America/Havana": ["2024-03-10", "2024-11-03", "2025-03-09", "2025-11-02"]
}
const allTransitions = [...new Set(Object.values(transitions).flat())]
const nearArb = (dates: ReadonlyArray<string>) =>
  fc.tuple(fc.constantFrom(...dates), fc.integer({ min: -4 * 48, max: 3 * 48 })).map(([d, k]) => Date.parse(`${d}T00:00:00Z`) + k * 1_800_000)
// instants cluster around DST transitions and on round times
const instantArb = fc.oneof(
  fc.integer({ min: T0, max: T1 }),
  fc.integer({ min: T0 / 1_800_000, max: T1 / 1_800_000 }).map((h) => h * 1_800_000),
  nearArb(allTransitions)
)
/** A calendar with an instant near one of its own zone's transitions (or anywhere). */
const calAndInstantArb = calArb.chain((c) => fc.tuple(fc.constant(c), fc.oneof(nearArb(transitions[c.zone] ?? allTransitions), instantArb)))
const spanArb = fc.oneof(fc.integer({ min: 0, max: 3 * DAY }), fc.integer({ min: 0, max: 40 * DAY }))
const amountArb = fc.oneof(
  fc.integer({ min: 0, max: 8 * 3_600_000 }),
  fc.integer({ min: 0, max: 200 * 3_600_000 }),
  fc.integer({ min: 1, max: 120 }).map((m) => m * 60_000)
)
const runs = { numRuns: 120 }

describe("Coverage: properties (random calendars, overnight windows, DST zones)", () => {
  it("covered agrees with an independent oracle", () => {
    fc.assert(
      fc.property(calAndInstantArb, spanArb, ([c, a], span) => {
        const cal = Coverage.make(specOf(c))
        expect(Coverage.coveredMillis(cal, a, a + span)).toBe(oracleCovered(c, a, a + span))
      }),
      { numRuns: 150 }
    )
  })

  it("additivity, bounds and zero for empty or reversed ranges", () => {
    fc.assert(
      fc.property(calArb, fc.array(instantArb, { minLength: 3, maxLength: 3 }), (c, xs) => {
        const cal = Coverage.make(specOf(c))
        const [a, b, d] = [...xs].sort((x, y) => x - y) as [number, number, number]
        expect(Coverage.coveredMillis(cal, a, d)).toBe(Coverage.coveredMillis(cal, a, b) + Coverage.coveredMillis(cal, b, d))
        const ab = Coverage.coveredMillis(cal, a, b)
        expect(ab).toBeGreaterThanOrEqual(0)
        expect(ab).toBeLessThanOrEqual(b - a)
        expect(Coverage.coveredMillis(cal, b, a)).toBe(0)
        expect(Coverage.coveredMillis(cal, d, a)).toBe(0)
      }),
      runs
    )
  })

  it("covered(a, addCovered(a, d)) = d, the result is the earliest such instant, monotone in both arguments", () => {
    fc.assert(
      fc.property(calArb, instantArb, instantArb, amountArb, amountArb, (c, x, y, d1, d2) => {
        const cal = Coverage.make(specOf(c))
        const [a, b] = x <= y ? [x, y] : [y, x]
        const [e, f] = d1 <= d2 ? [d1, d2] : [d2, d1]
        const r = Coverage.addCoveredMillis(cal, a, e)
        expect(Coverage.coveredMillis(cal, a, r)).toBe(e)
        // earliest: the last millisecond before the result is covered (so a window end is returned, not the next opening)
        if (e > 0) expect(Coverage.isCoveredMillis(cal, r - 1)).toBe(true)
        expect(Coverage.addCoveredMillis(cal, a, f)).toBeGreaterThanOrEqual(r)
        expect(Coverage.addCoveredMillis(cal, b, e)).toBeGreaterThanOrEqual(r)
      }),
      runs
    )
  })

  it("isCovered agrees with covered over one-millisecond intervals; nextStart is the next covered instant", () => {
    fc.assert(
      fc.property(calArb, instantArb, (c, t) => {
        const cal = Coverage.make(specOf(c))
        for (const u of [t - 1, t, t + 1]) expect(Coverage.isCoveredMillis(cal, u)).toBe(Coverage.coveredMillis(cal, u, u + 1) === 1)
        const n = Coverage.nextStartMillis(cal, t)
        expect(n).toBeGreaterThanOrEqual(t)
        expect(Coverage.isCoveredMillis(cal, n)).toBe(true)
        expect(Coverage.coveredMillis(cal, t, n)).toBe(0)
        expect(n === t).toBe(Coverage.isCoveredMillis(cal, t))
      }),
      runs
    )
  })

  it("windows are the oracle's intervals, clipped, and sum to covered", () => {
    fc.assert(
      fc.property(calAndInstantArb, spanArb, ([c, a], span) => {
        const cal = Coverage.make(specOf(c))
        const got = [...Coverage.windowsMillis(cal, a, a + span)].map(([s, e]) => [s, e])
        const want = oracleIntervals(c, a, a + span)
          .map(([s, e]) => [Math.max(s, a), Math.min(e, a + span)])
          .filter(([s, e]) => (s as number) < (e as number))
        expect(got).toEqual(want)
      }),
      { numRuns: 60 }
    )
  })

  it("a 24/7 calendar equals wall-clock time in any zone", () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), instantArb, spanArb, (zone, a, span) => {
        const cal = Coverage.always(zone)
        expect(Coverage.coveredMillis(cal, a, a + span)).toBe(span)
        expect(Coverage.addCoveredMillis(cal, a, span)).toBe(a + span)
        expect(Coverage.isCoveredMillis(cal, a)).toBe(true)
      }),
      runs
    )
  })

  it("results do not depend on the order of rules, days, windows or holidays", () => {
    fc.assert(
      fc.property(calArb, fc.integer(), instantArb, spanArb, amountArb, (c, seed, a, span, d) => {
        const shuffle = <T>(xs: ReadonlyArray<T>, salt: number): Array<T> =>
          xs
            .map((x, i) => [x, Math.sin(seed + salt * 7919 + i * 104729)] as const)
            .sort((p, q) => p[1] - q[1])
            .map(([x]) => x)
        const shuffled: RandomCal = {
          zone: c.zone,
          rules: shuffle(c.rules, 1).map((r, i) => ({ days: shuffle(r.days, 2 + i), windows: shuffle(r.windows, 5 + i) })),
          holidays: shuffle(c.holidays, 9),
          later: c.later
        }
        const x = Coverage.make(specOf(c))
        const y = Coverage.make(specOf(shuffled))
        expect(Coverage.coveredMillis(y, a, a + span)).toBe(Coverage.coveredMillis(x, a, a + span))
        expect(Coverage.addCoveredMillis(y, a, d)).toBe(Coverage.addCoveredMillis(x, a, d))
        expect(Coverage.nextStartMillis(y, a)).toBe(Coverage.nextStartMillis(x, a))
      }),
      runs
    )
  })

  it("queries far apart in time (lazy extension in both directions) agree with a fresh calendar", () => {
    fc.assert(
      fc.property(calArb, fc.array(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }), { minLength: 2, maxLength: 5 }), (c, ts) => {
        const shared = Coverage.make(specOf(c))
        for (const t of ts) {
          const fresh = Coverage.make(specOf(c))
          expect(Coverage.coveredMillis(shared, t, t + 7 * DAY)).toBe(Coverage.coveredMillis(fresh, t, t + 7 * DAY))
          expect(Coverage.nextStartMillis(shared, t)).toBe(Coverage.nextStartMillis(fresh, t))
        }
      }),
      { numRuns: 15 }
    )
  })
})

describe("zone conversion (internal) against effect's DateTime", () => {
  const farZones = [...zones, "Asia/Kathmandu", "America/St_Johns", "Africa/Casablanca", "Europe/Dublin", "Pacific/Apia", "Antarctica/Troll"]
  it("wall clock of an instant and the instant of a wall clock agree, 1900-2100", () => {
    fc.assert(
      fc.property(fc.constantFrom(...farZones), fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }), (zone, t) => {
        const parts = DateTime.toParts(DateTime.makeZonedUnsafe(t, { timeZone: zone }))
        const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second, parts.millisecond)
        expect(Zone.toWall(zone, t)).toBe(wall)
        const back = DateTime.toEpochMillis(
          DateTime.makeZonedUnsafe(
            {
              year: parts.year,
              month: parts.month,
              day: parts.day,
              hour: parts.hour,
              minute: parts.minute,
              second: parts.second,
              millisecond: parts.millisecond
            },
            { timeZone: zone, adjustForTimeZone: true, disambiguation: "compatible" }
          )
        )
        expect(Zone.fromWall(zone, wall)).toBe(back)
      }),
      { numRuns: 400 }
    )
  })
})

describe("Coverage: overlapping windows with a boundary in the DST gap", () => {
  it("unites windows after converting each to instants (seed -550226201 counterexample)", () => {
    const cal = la([
      { days: ["sun"], windows: ["02:30-08:30"] },
      { days: ["sun"], windows: ["03:00-11:00"] }
    ])
    // 02:30 does not exist on 2024-03-10 and reads as 03:30 PDT; 03:00 PDT exists and starts the second window
    expect(iso(Coverage.nextStart(cal, "2024-03-10T09:00:00Z"))).toBe("2024-03-10T10:00:00.000Z")
    // a window that starts in the gap and ends less than an hour later is empty that night
    const short = la([{ days: ["sun"], windows: ["02:30-03:15"] }])
    expect(hours(short, "2024-03-10T00:00:00Z", "2024-03-11T00:00:00Z")).toBe(0)
    expect(hours(short, "2024-03-17T00:00:00Z", "2024-03-18T00:00:00Z")).toBe(0.75)
    expect(Coverage.weeklyCoveredHours(cal)).toBe(8.5)
  })
})
