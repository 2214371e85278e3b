// Shift grids never read the process time zone: rerun under several TZ values by pnpm test.
import { describe, expect, it } from "vitest"
import { Shift, Types } from "../src/index.js"

const weekly = { start: "2025-03-03", at: "08:00", length: { weeks: 1 }, timeZone: "America/Los_Angeles" } as const

describe("Shift", () => {
  it("hands off at the local wall-clock time across DST (167 h and 169 h weeks)", () => {
    const spring = Shift.grid(weekly, "2025-03-03T16:00:00Z", "2025-03-17T15:00:00Z")
    expect(spring.map((s) => (s.end - s.start) / 3_600_000)).toEqual([167, 168])
    expect(spring.map((s) => s.index)).toEqual([0, 1])
    const fall = Shift.grid(weekly, "2025-10-27T15:00:00Z", "2025-11-04T00:00:00Z")
    expect(fall.map((s) => new Date(s.start).toISOString())).toEqual(["2025-10-27T15:00:00.000Z", "2025-11-03T16:00:00.000Z"])
    expect((fall[0]?.end as number) - (fall[0]?.start as number)).toBe(169 * 3_600_000)
  })

  it("indexes are stable whatever range is asked; indexAt and at agree", () => {
    const g = Shift.decodeSync(weekly)
    const all = Shift.grid(g, "2025-03-03T16:00:00Z", "2026-03-03T16:00:00Z")
    const later = Shift.grid(g, "2025-09-01T00:00:00Z", "2025-10-01T00:00:00Z")
    for (const s of later) expect(all.find((x) => x.index === s.index)).toEqual(s)
    for (const s of all) {
      expect(Shift.indexAt(g, s.start)).toBe(s.index)
      expect(Shift.indexAt(g, s.end - 1)).toBe(s.index)
      expect(Shift.at(g, s.index)).toEqual(s)
    }
    expect(Shift.indexAt(g, "2025-03-01T00:00:00Z")).toBe(-1)
  })

  it("day and hour shifts; hour shifts are elapsed time", () => {
    const days = Shift.grid(
      { start: "2025-03-08", at: "12:00", length: { days: 1 }, timeZone: "Europe/Berlin" },
      "2025-03-29T11:00:00Z",
      "2025-04-01T00:00:00Z"
    )
    expect(days.map((s) => new Date(s.start).toISOString())).toEqual(["2025-03-29T11:00:00.000Z", "2025-03-30T10:00:00.000Z", "2025-03-31T10:00:00.000Z"])
    const hours = Shift.grid({ start: "2025-03-09", length: { hours: 12 }, timeZone: "America/Los_Angeles" }, "2025-03-09T08:00:00Z", "2025-03-10T08:00:00Z")
    expect(hours.every((s) => s.end - s.start === 12 * 3_600_000)).toBe(true)
  })

  it("uses the default zone when the spec names none, else UTC", () => {
    expect(Shift.decodeSync({ start: "2025-01-06", length: { weeks: 1 } }).timeZone).toBe("UTC")
    expect(Shift.decodeSync({ start: "2025-01-06", length: { weeks: 1 } }, "Asia/Kolkata").origin).toBe(Date.parse("2025-01-05T18:30:00Z"))
  })

  it("rejects bad specs with paths", () => {
    const problems = (input: unknown) => {
      try {
        Shift.decodeSync(input)
      } catch (e) {
        if (e instanceof Types.ValidationError) return e.problems.map((p) => p.path)
        throw e
      }
      return []
    }
    expect(problems({ start: "2025-02-30", length: { weeks: 1 } })).toEqual(["start"])
    expect(problems({ start: "2025-01-06", at: "25:00", length: { weeks: 1 } })).toEqual(["at"])
    expect(problems({ start: "2025-01-06", length: { weeks: 1 }, timeZone: "Mars/Olympus" })).toEqual(["timeZone"])
    expect(problems({ start: "2025-01-06", length: { weeks: 0 } }).length).toBeGreaterThan(0)
  })
})
