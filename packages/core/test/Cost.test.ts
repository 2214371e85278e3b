import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Cost from "../src/Cost.js"
import * as Coverage from "../src/Coverage.js"
import { problemsOf, visitWeekly } from "./support.js"

describe("Cost", () => {
  it("reproduces the seed's 17%: business hours every weekday, six developers", () => {
    const cost = Cost.share({ coveredFraction: Cost.coveredFractionOf(40), capacity: { headCount: 6 } })
    expect(cost.total).toBeCloseTo(1 / 6, 12)
    expect(Math.round(cost.total * 1000) / 10).toBe(16.7)
    expect(cost.backup).toBe(0)
  })

  it("reproduces the seed's 10%: Monday to Wednesday only", () => {
    const cost = Cost.share({ coveredFraction: Cost.coveredFractionOf(3 * 8), capacity: { headCount: 6 } })
    expect(cost.total).toBeCloseTo((3 / 5) * (1 / 6), 12)
    expect(cost.total).toBeCloseTo(0.1, 12)
  })

  it("reads the covered fraction from a coverage calendar: VisIt's week and Monday to Wednesday", () => {
    const week = (days: ReadonlyArray<"mon" | "tue" | "wed" | "thu" | "fri">) =>
      Coverage.make({ timeZone: "America/Los_Angeles", weekly: [{ days: [...days], windows: [...visitWeekly[0].windows] }], holidays: { regions: ["US"] } })
    expect(Cost.forCalendar(week(["mon", "tue", "wed", "thu", "fri"]), { headCount: 6 }).total).toBeCloseTo(1 / 6, 12)
    expect(Cost.forCalendar(week(["mon", "tue", "wed"]), { headCount: 6 }).total).toBeCloseTo(0.1, 12)
    expect(Cost.forCalendar(Coverage.always(), { headCount: 6 }).coveredFraction).toBeCloseTo(168 / 40, 12)
  })

  it("counts summed percent-time: six half-time developers cost twice as much as six full-time ones", () => {
    const full = Cost.share({ coveredFraction: 1, capacity: { headCount: 6 } })
    const half = Cost.share({ coveredFraction: 1, capacity: { percentTimes: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5] } })
    expect(half.capacity).toBeCloseTo(3, 12)
    expect(half.total).toBeCloseTo(2 * full.total, 12)
  })

  it("adds the Backup's share when asked, and the maximal Backup doubles the cost", () => {
    const without = Cost.share({ coveredFraction: 1, capacity: { headCount: 6 } })
    const maximal = Cost.share({ coveredFraction: 1, capacity: { headCount: 6 }, backupLoad: 1 })
    const some = Cost.share({ coveredFraction: 1, capacity: { headCount: 6 }, backupLoad: 0.1 })
    expect(maximal.total).toBeCloseTo(2 * without.total, 12)
    expect(some.backup).toBeCloseTo(0.1 / 6, 12)
    expect(some.total).toBeCloseTo(some.primary + some.backup, 12)
  })

  it("scales with the Primary's load below the maximum", () => {
    const cost = Cost.share({ coveredFraction: 1, capacity: { headCount: 5 }, primaryLoad: 0.5 })
    expect(cost.primary).toBeCloseTo(0.1, 12)
    expect(Cost.developmentCapacity(cost)).toBeCloseTo(4.5, 12)
  })

  it("does not depend on the order of percent-times", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: 1, maxLength: 12 }),
        fc.double({ min: 0, max: 4.2, noNaN: true }),
        (ps, covered) => {
          const a = Cost.share({ coveredFraction: covered, capacity: { percentTimes: ps } })
          const b = Cost.share({ coveredFraction: covered, capacity: { percentTimes: [...ps].reverse() } })
          expect(a).toEqual(b)
        }
      ),
      { numRuns: 100 }
    )
  })

  it("is monotone: more coverage never costs less, more capacity never costs more", () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 4, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 20 }), (c, extra, n) => {
        const base = Cost.share({ coveredFraction: c, capacity: { headCount: n } })
        expect(Cost.share({ coveredFraction: c + extra, capacity: { headCount: n } }).total).toBeGreaterThanOrEqual(base.total)
        expect(Cost.share({ coveredFraction: c, capacity: { headCount: n + 1 } }).total).toBeLessThanOrEqual(base.total)
      }),
      { numRuns: 100 }
    )
  })

  it("rejects bad input naming the path and the value", () => {
    expect(problemsOf(() => Cost.share({ coveredFraction: -1, capacity: { headCount: 6 } })).map((p) => p.path)).toEqual(["coveredFraction"])
    const p = problemsOf(() => Cost.share({ coveredFraction: 1, capacity: { percentTimes: [1, 1.5] } }))
    expect(p.some((x) => x.path === "capacity.percentTimes[1]" && x.message.includes("1.5"))).toBe(true)
    expect(problemsOf(() => Cost.share({ coveredFraction: 1, capacity: { headCount: 6 }, backupLoad: 2 }))[0]?.path).toBe("backupLoad")
    expect(problemsOf(() => Cost.coveredFractionOf(200))[0]?.path).toBe("coveredHoursPerWeek")
  })
})
