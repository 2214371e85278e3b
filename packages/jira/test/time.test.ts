import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { jqlMinute, parseJiraTime } from "../src/internal/time.js"
import { jiraTime, parseJqlDate } from "./support/fakeJira.js"

const zones = ["UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns"]

describe("JQL dates", () => {
  it("name the minute at or before the instant in the caller's zone, as Jira reads them (property, DST included)", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }), fc.constantFrom(...zones), (t, zone) => {
        const read = parseJqlDate(jqlMinute(t, zone), zone)
        // never after the instant (no event lost); at most a minute before, or an hour in a DST overlap
        expect(read).toBeLessThanOrEqual(t)
        expect(t - read).toBeLessThan(60_000 + 3_600_000)
      }),
      { numRuns: 2000 }
    )
  })

  it("are written in the caller's zone, not the process's", () => {
    const t = Date.UTC(2026, 6, 1, 12, 34, 56)
    expect(jqlMinute(t, "UTC")).toBe("2026-07-01 12:34")
    expect(jqlMinute(t, "America/Los_Angeles")).toBe("2026-07-01 05:34")
    expect(jqlMinute(t, "Asia/Kolkata")).toBe("2026-07-01 18:04")
  })
})

describe("Jira timestamps", () => {
  it("parse Jira's +0000 form, ISO forms and Dates to the same instant", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }), (t) => {
        expect(parseJiraTime(jiraTime(t))).toBe(t)
      })
    )
    expect(parseJiraTime("2021-01-17T12:34:00.000-0530")).toBe(Date.UTC(2021, 0, 17, 18, 4))
    expect(parseJiraTime(new Date(5))).toBe(5)
    expect(Number.isNaN(parseJiraTime("yesterday"))).toBe(true)
  })
})
