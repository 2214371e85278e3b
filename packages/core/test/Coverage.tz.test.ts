// Runs under TZ=UTC, America/Los_Angeles, Asia/Kolkata, Australia/Lord_Howe and Pacific/Chatham
// (pnpm test): every expectation here must be independent of the process time zone.
import { DateTime, Duration } from "effect"
import { describe, expect, it } from "vitest"
import * as Coverage from "../src/Coverage.js"

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
