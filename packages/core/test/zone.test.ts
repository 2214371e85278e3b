// The zone offset read from Intl's `longOffset` text agrees with the wall clock Intl prints
// (an independent reading: formatToParts of the local date and time) at random instants, in
// zones with DST, half-hour and 45-minute offsets, and in local-mean-time years.
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { offsetAt } from "../src/internal/zone.js"

const zones = [
  "America/Los_Angeles",
  "Europe/Berlin",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "Asia/Kathmandu",
  "Africa/Casablanca",
  "America/St_Johns",
  "UTC",
  "+05:30"
]

const wallOffset = (zone: string, ms: number): number => {
  const at = Math.floor(ms / 1000) * 1000
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    era: "short",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric"
  }).formatToParts(at)
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const bc = parts.find((p) => p.type === "era")?.value.startsWith("B") === true
  const d = new Date(0)
  d.setUTCFullYear(bc ? 1 - get("year") : get("year"), get("month") - 1, get("day"))
  d.setUTCHours(get("hour"), get("minute"), get("second"))
  return d.getTime() - at
}

describe("zone offsets", () => {
  it("agree with the wall clock Intl prints, at random instants from 1850 to 2100", () => {
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(1850, 0, 1), max: Date.UTC(2100, 0, 1) }), (zone, ms) => {
        expect(offsetAt(zone, ms)).toBe(wallOffset(zone, ms))
      }),
      { numRuns: 3000 }
    )
  })
  it("reads local mean time to the second (Los Angeles in 1880: -7:52:58)", () => {
    expect(offsetAt("America/Los_Angeles", Date.UTC(1880, 0, 1))).toBe(-(7 * 3600 + 52 * 60 + 58) * 1000)
  })
})
