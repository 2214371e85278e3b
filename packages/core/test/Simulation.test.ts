import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import * as Config from "../src/Config.js"
import * as Coverage from "../src/Coverage.js"
import * as Simulation from "../src/Simulation.js"
import * as Profile from "../src/Profile.js"
import * as Types from "../src/Types.js"
import { must, visitCoverage } from "./support.js"

const HOUR = 3_600_000
const WEEK = 7 * 24 * HOUR
const id = (s: string) => Types.MemberId.make(s)

const visit = visitCoverage()
const monWed = Coverage.make({
  timeZone: "America/Los_Angeles",
  weekly: [{ days: ["mon", "tue", "wed"], windows: ["08:00-12:00", "13:00-17:00"] }]
})

// Monday 2026-01-05 00:00 in Los Angeles.
const START = Date.UTC(2026, 0, 5, 8)
const members = [
  { id: id("ada"), weight: 1 },
  { id: id("bob"), weight: 0.5 },
  { id: id("cy"), weight: 0.5 },
  { id: id("dee"), weight: 1 }
]

/** A plain round robin of one-week shifts with the next member as Backup (test scaffolding only). */
const roundRobin = (weeks: number, shiftWeeks = 1): ReadonlyArray<Types.Duty> =>
  Array.from({ length: Math.ceil(weeks / shiftWeeks) }, (_, i) => ({
    shift: i,
    start: START + i * shiftWeeks * WEEK,
    end: START + (i + 1) * shiftWeeks * WEEK,
    primary: must(members[i % members.length]).id,
    backup: must(members[(i + 1) % members.length]).id
  }))

const base = (weeks: number, extra: Partial<Simulation.RunOptions> = {}): Simulation.RunOptions => ({
  calendar: visit,
  duties: roundRobin(weeks),
  members,
  start: START,
  end: START + weeks * WEEK,
  seed: 7,
  ...extra
})

describe("Simulation", () => {
  it("gives the same result for the same seed, and another for another seed", () => {
    const a = Simulation.run(base(26))
    const b = Simulation.run(base(26))
    expect(b.summary).toEqual(a.summary)
    expect(b.inquiries).toEqual(a.inquiries)
    const c = Simulation.run(base(26, { seed: 8 }))
    expect(c.inquiries.map((r) => r.arrival)).not.toEqual(a.inquiries.map((r) => r.arrival))
  })

  it("does not depend on the order of duties or members", () => {
    const a = Simulation.run(base(12))
    const b = Simulation.run(base(12, { duties: [...roundRobin(12)].reverse(), members: [...members].reverse() }))
    expect(b.summary).toEqual(a.summary)
  })

  it("zero arrivals give zero load, full attainment and all covered time for low-hanging fruit", () => {
    const r = Simulation.run(base(8, { model: { arrivals: { perCoveredHour: 0, perOffHour: 0 } } }))
    expect(r.summary.inquiries).toBe(0)
    expect(r.summary.attainment).toBe(1)
    for (const m of r.summary.members) expect(m.supportHours).toBe(0)
    expect(r.summary.cost.realized).toBe(0)
    expect(r.summary.lowHangingFruit.share).toBe(1)
    expect(r.summary.lowHangingFruit.hours).toBeCloseTo(r.summary.coveredHours, 9)
  })

  it("a 24/7 calendar with instant responses answers everything at once: 100% attainment", () => {
    const always = Coverage.always("UTC")
    const r = Simulation.run(
      base(20, {
        calendar: always,
        model: {
          arrivals: { perCoveredHour: 0.5, perOffHour: 0.5 },
          reaction: 0,
          work: 0,
          meetings: { probability: 0, duration: 0 },
          away: { probability: 0, duration: 0 },
          // Resolution work takes the responder's time too: none here.
          effort: 0
        }
      })
    )
    expect(r.summary.inquiries).toBeGreaterThan(1000)
    expect(r.summary.attainment).toBe(1)
    expect(r.summary.responseHours.max).toBe(0)
  })

  it("arrival rates match the model: covered and off-hours counts near their expectation", () => {
    const weeks = 200
    const r = Simulation.run(base(weeks, { model: { arrivals: { perCoveredHour: 0.25, perOffHour: 0.02 } } }))
    const covered = r.inquiries.filter((q) => Coverage.isCoveredMillis(visit, q.arrival)).length
    const off = r.inquiries.length - covered
    const coveredHours = r.summary.coveredHours
    const offHours = weeks * 168 - coveredHours
    // Poisson counts: 5 standard deviations either side.
    const expectCovered = 0.25 * coveredHours
    const expectOff = 0.02 * offHours
    expect(Math.abs(covered - expectCovered)).toBeLessThan(5 * Math.sqrt(expectCovered))
    expect(Math.abs(off - expectOff)).toBeLessThan(5 * Math.sqrt(expectOff))
  })

  it("an off-hours inquiry belongs to the Primary of the next covered period and its clock starts there", () => {
    const r = Simulation.run(base(8))
    const offHours = r.inquiries.filter((q) => !Coverage.isCoveredMillis(visit, q.arrival) && q.owner !== undefined)
    expect(offHours.length).toBeGreaterThan(0)
    for (const q of offHours) {
      expect(q.ready).toBe(Coverage.nextStartMillis(visit, q.arrival))
      const duty = r.duties.find((d) => d.start <= q.ready && q.ready < d.end)
      expect(q.owner).toBe(duty?.primary)
      expect(q.responseCovered).toBe(Coverage.coveredMillis(visit, q.ready, must(q.respondedAt)))
    }
  })

  it("counts inquiries with nobody on duty as unowned and missed", () => {
    const r = Simulation.run(base(8, { duties: roundRobin(4) }))
    expect(r.summary.unowned).toBeGreaterThan(0)
    expect(r.summary.unowned).toBe(r.inquiries.filter((q) => q.ready >= START + 4 * WEEK).length)
    expect(r.summary.unanswered).toBe(r.inquiries.filter((q) => q.respondedAt === undefined).length)
    expect(r.summary.unanswered).toBeGreaterThanOrEqual(r.summary.unowned)
    const answered = r.inquiries.filter((q) => q.owner !== undefined && q.responseCovered <= 4 * HOUR).length
    expect(r.summary.attainment).toBeCloseTo(answered / r.summary.inquiries, 12)
  })

  it("attainment never increases when responses are made slower (common random numbers; answered in arrival order, no resolution work or handovers)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.double({ min: 1, max: 4, noNaN: true }),
        fc.double({ min: 0.05, max: 1.5, noNaN: true }),
        fc.double({ min: 5, max: 240, noNaN: true }),
        (seed, k, rate, medianMinutes) => {
          const options = base(6, {
            seed,
            model: {
              arrivals: { perCoveredHour: rate, perOffHour: rate / 10 },
              reaction: { kind: "lognormal", median: `${medianMinutes} minutes`, p90: "3 hours" },
              order: "fcfs",
              effort: 0,
              escalation: { probability: 0 },
              away: { probability: 0, duration: 0 }
            }
          })
          const fast = Simulation.run(options)
          const slow = Simulation.run({ ...options, slowdown: k })
          expect(slow.summary.attainment).toBeLessThanOrEqual(fast.summary.attainment)
          // Stronger: every single response is at least as late.
          slow.inquiries.forEach((q, i) => expect(q.responseCovered).toBeGreaterThanOrEqual(must(fast.inquiries[i]).responseCovered))
        }
      ),
      { numRuns: 25 }
    )
  })

  it("what-if variants see the same inquiries: same arrivals and draws whatever the coverage", () => {
    const both = Simulation.compare([
      { name: "Mon-Fri", options: base(26) },
      { name: "Mon-Wed", options: base(26, { calendar: monWed, arrivalCalendar: visit }) }
    ])
    const mf = must(both[0])
    const mw = must(both[1])
    expect(mw.result.inquiries.map((q) => q.arrival)).toEqual(mf.result.inquiries.map((q) => q.arrival))
    expect(mw.result.inquiries.map((q) => q.escalated)).toEqual(mf.result.inquiries.map((q) => q.escalated))
    // Less coverage: cheaper at most, and never better answered in covered time on the same inquiries.
    expect(mw.result.summary.cost.maximal).toBeCloseTo(0.6 * mf.result.summary.cost.maximal, 2)
    expect(mw.delta.maximalCost).toBeLessThan(0)
    expect(mf.delta.attainment).toBe(0)
  })

  it("reports loads normalised by weight and the rotation's fairness", () => {
    const r = Simulation.run(base(52))
    const bob = must(r.summary.members.find((m) => m.member === "bob"))
    expect(bob.shiftsPerWeight).toBe(bob.shifts / 0.5)
    expect(r.summary.members.reduce((s, m) => s + m.shifts, 0)).toBe(52)
    const handled = r.inquiries.reduce((s, q) => s + (q.owner === undefined ? 0 : q.handlingEffort + q.escalationEffort), 0) / HOUR
    expect(r.summary.members.reduce((s, m) => s + m.supportHours, 0)).toBeCloseTo(handled, 6)
    // Plain round robin ignores weights: the half-time members lag behind their share.
    expect(r.summary.rotation.maxDeviation).toBeGreaterThan(1)
    expect(r.summary.rotation.backToBack).toBe(0)
  })

  it("the maximal cost is the seed's rule: covered fraction over summed percent-time", () => {
    const r = Simulation.run(base(10))
    expect(r.summary.cost.coveredFraction).toBeCloseTo(1, 9)
    expect(r.summary.cost.maximal).toBeCloseTo(1 / 3, 9)
    expect(r.summary.cost.realized).toBeLessThan(r.summary.cost.maximal)
  })

  it("rejects bad options and model fields with their path", () => {
    expect(() => Simulation.run(base(4, { model: { meetings: { probability: 1.5, duration: "1 hour" } } }))).toThrow(/meetings\.probability/)
    expect(() => Simulation.run(base(4, { model: { work: "a while" } as unknown as Simulation.ModelSpec }))).toThrow(/work/)
    expect(() => Simulation.run(base(4, { end: START - 1 }))).toThrow(/end/)
    expect(() => Simulation.run(base(4, { goals: [] }))).toThrow(/at least one goal/)
  })

  it("draws random absences per member, merged and inside the horizon, stable when members are added", () => {
    const end = START + 520 * WEEK
    const a = Simulation.randomAbsences([id("ada"), id("bob")], { start: START, end, seed: 3 })
    const b = Simulation.randomAbsences([id("ada"), id("bob"), id("cy")], { start: START, end, seed: 3 })
    expect(b.filter((x) => x.member !== "cy")).toEqual(a)
    for (const x of a) {
      expect(x.end).toBeGreaterThan(x.start)
      expect(x.start).toBeGreaterThanOrEqual(START)
    }
    const ada = a.filter((x) => x.member === "ada")
    for (let i = 1; i < ada.length; i++) expect(must(ada[i]).start).toBeGreaterThan(must(ada[i - 1]).end)
    // About 3 blocks a year for 10 years.
    expect(ada.length).toBeGreaterThan(10)
    expect(ada.length).toBeLessThan(60)
  })

  describe("simulate (a team profile)", () => {
    const text = readFileSync(join(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "..", "examples", "visit-team.yaml"), "utf8")
    const profile = Config.fromText(text)

    it("plans the rotation around random absences and keeps the guarded strategy within one shift of fair", () => {
      const r = Profile.simulate(profile, { years: 2 })
      expect(r.absences.length).toBeGreaterThan(0)
      expect(r.summary.rotation.maxDeviation).toBeLessThan(1)
      expect(r.summary.rotation.shifts).toBe(r.duties.filter((d) => d.start < r.summary.end).length)
      // The rotation runs past the horizon, so last-weekend inquiries have an owner too.
      expect(r.summary.unowned).toBe(0)
      // Nobody is Primary for a shift they are away for entirely.
      for (const d of r.duties) {
        const away = r.absences.some((a) => a.member === d.primary && a.start <= d.start && a.end >= d.end)
        expect(away, `${d.primary} in shift ${d.shift}`).toBe(false)
      }
      // Same profile, same seed: same result.
      expect(Profile.simulate(profile, { years: 2 }).summary).toEqual(r.summary)
    })

    it("round robin by head count drifts away from percent-time fairness; the guarded strategy does not", () => {
      const guarded = Profile.simulate(profile, { years: 3, strategy: "guarded" })
      const roundRobin = Profile.simulate(profile, { years: 3, strategy: "round-robin" })
      expect(roundRobin.summary.rotation.maxDeviation).toBeGreaterThan(3 * guarded.summary.rotation.maxDeviation)
      // Same arrivals on both (common random numbers).
      expect(roundRobin.summary.inquiries).toBe(guarded.summary.inquiries)
    })

    it("Monday-Wednesday coverage costs 3/5 of Monday-Friday at most, on the same inquiries", () => {
      const monWed = {
        ...profile.coverage.spec,
        weekly: [{ days: ["mon", "tue", "wed"] as const, windows: ["08:00-12:00", "13:00-17:00"] }]
      } as unknown as Coverage.Spec
      const mf = Profile.simulate(profile, { years: 1 })
      const mw = Profile.simulate(profile, { years: 1, coverage: monWed, arrivalCalendar: profile.coverage })
      expect(mw.inquiries.map((q) => q.arrival)).toEqual(mf.inquiries.map((q) => q.arrival))
      expect(mw.summary.cost.coveredFraction / mf.summary.cost.coveredFraction).toBeGreaterThan(0.55)
      expect(mw.summary.cost.coveredFraction / mf.summary.cost.coveredFraction).toBeLessThan(0.65)
    })
  })
})
