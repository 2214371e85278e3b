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
    expect(problems({ ...ok, timeZone: "America/Las_Angeles" })).toEqual(['timeZone: unknown time zone "America/Las_Angeles"'])
  })

  it("rejects a window that ends before it starts on the same day", () => {
    const p = problems({ timeZone: "UTC", weekly: [{ days: ["mon"], windows: ["08:00-12:00", "13:00-12:00"] }] })
    expect(p).toHaveLength(1)
    expect(p[0]).toMatch(/^weekly\[0\]\.windows\[1\]: "13:00-12:00" ends before it starts/)
  })

  it("rejects malformed windows and impossible times", () => {
    const p = problems({ timeZone: "UTC", weekly: [{ days: ["mon"], windows: ["8-12", "08:00-24:30", "25:00-26:00", "10:00-10:00"] }] })
    expect(p.map((x) => x.split(": ")[0])).toEqual(["weekly[0].windows[0]", "weekly[0].windows[1]", "weekly[0].windows[2]", "weekly[0].windows[3]"])
    expect(p[0]).toContain('"8-12"')
    expect(p[1]).toContain('"08:00-24:30"')
    expect(p[3]).toContain("is empty")
  })

  it("rejects an unknown weekday", () => {
    expect(problems({ timeZone: "UTC", weekly: [{ days: ["mon", "fry"], windows: ["08:00-12:00"] }] })).toEqual([
      'weekly[0].days[1]: Expected "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun", got "fry"'
    ])
  })

  it("rejects an impossible date", () => {
    expect(problems({ ...ok, holidays: { dates: ["2024-01-01", "2023-02-29"] } })).toEqual(['holidays.dates[1]: "2023-02-29" is not a date on the calendar'])
  })

  it("rejects an unknown holiday region", () => {
    const p = problems({ ...ok, holidays: { regions: ["US", "XX", { region: "US-ZZ" }] } })
    expect(p.map((x) => x.split(": ")[0])).toEqual(["holidays.regions[1]", "holidays.regions[2].region"])
    expect(p[0]).toContain('unknown holiday region "XX"')
  })

  it("fails the Effect decoder with the same error", async () => {
    const error = await Effect.runPromise(Effect.flip(Coverage.decode({ ...ok, timeZone: "Mars/Olympus" })))
    expect(error._tag).toBe("ValidationError")
    expect(error.problems).toEqual([{ path: "timeZone", message: 'unknown time zone "Mars/Olympus"' }])
  })
})

describe("Coverage: planning figures", () => {
  it("counts nominal weekly hours and the work-week fraction", () => {
    const visit = Coverage.make({ timeZone: "America/Los_Angeles", weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], windows: ["08:00-12:00", "13:00-17:00"] }] })
    expect(Coverage.weeklyCoveredHours(visit)).toBe(40)
    expect(Coverage.workWeekFraction(visit)).toBe(1)
    expect(Coverage.workWeekFraction(Coverage.always())).toBe(4.2)
    const monWed = Coverage.make({ timeZone: "UTC", weekly: [{ days: ["mon", "tue", "wed"], windows: ["09:00-17:00"] }] })
    expect(Coverage.workWeekFraction(monWed)).toBeCloseTo(0.6, 12)
  })
})
