import { Effect, Stream } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Inquiry from "../src/Inquiry.js"
import * as Metrics from "../src/Metrics.js"
import * as Simulation from "../src/Simulation.js"
import * as Types from "../src/Types.js"
import { must, visitCoverage } from "./support.js"

const HOUR = 3_600_000
const WEEK = 7 * 24 * HOUR
const id = (s: string) => Types.MemberId.make(s)

const visit = visitCoverage()
const members = [
  { id: id("ada"), weight: 1 },
  { id: id("bob"), weight: 0.5 },
  { id: id("cy"), weight: 0.75 }
]

const opened = (n: number, at: string, extra: Record<string, unknown> = {}) => ({
  type: "opened",
  inquiry: `support#${n}`,
  at,
  actor: `user${n}`,
  reporter: `user${n}`,
  channel: "github-discussions",
  title: `inquiry ${n}`,
  ...extra
})

describe("Metrics", () => {
  // Monday 2026-01-05, Los Angeles: coverage 08:00-12:00 and 13:00-17:00 (16:00Z-20:00Z, 21:00Z-01:00Z).
  const events = Inquiry.decodeEventsSync([
    opened(1, "2026-01-05T16:00:00Z", { labels: ["crash", "linux"] }),
    { type: "commented", inquiry: "support#1", at: "2026-01-05T17:00:00Z", actor: "ada", visibility: "public" },
    { type: "effort-recorded", inquiry: "support#1", at: "2026-01-05T18:00:00Z", actor: "ada", minutes: 90 },
    // Opened during lunch: its clock starts at 13:00; answered 5 covered hours later (missed).
    opened(2, "2026-01-05T20:30:00Z", { labels: ["crash"], priority: "high" }),
    { type: "responded", inquiry: "support#2", at: "2026-01-06T18:00:00Z", actor: "bob" },
    { type: "escalated", inquiry: "support#2", at: "2026-01-06T18:00:00Z", actor: "bob" },
    { type: "effort-recorded", inquiry: "support#2", at: "2026-01-06T19:00:00Z", actor: "bob", minutes: 60 },
    { type: "effort-recorded", inquiry: "support#2", at: "2026-01-06T19:00:00Z", actor: "contractor", minutes: 30 },
    { type: "promoted", inquiry: "support#2", at: "2026-01-06T19:30:00Z", actor: "bob", reference: "visit#1" },
    // Opened by cy for a user who caught her in the hallway while ada was Primary: a redirect.
    { ...opened(3, "2026-01-07T17:00:00Z", { labels: ["docs"] }), actor: "cy", channel: "hallway" },
    // Still open, well within its goal.
    opened(4, "2026-01-09T00:30:00Z"),
    // Broken history: a response before opening.
    { type: "commented", inquiry: "support#5", at: "2026-01-05T16:00:00Z", actor: "ada", visibility: "public" },
    opened(5, "2026-01-06T16:00:00Z")
  ])
  const duties: ReadonlyArray<Types.Duty> = [{ shift: 0, start: Date.UTC(2026, 0, 5, 8), end: Date.UTC(2026, 0, 12, 8), primary: id("ada"), backup: id("bob") }]
  const report = Metrics.compute(events, {
    coverage: visit,
    goals: Inquiry.goals({ default: "4 hours", byPriority: { high: "4 hours" } }),
    members,
    duties,
    now: "2026-01-09T00:45:00Z"
  })

  it("counts met, missed and pending response clocks in covered time", () => {
    expect(report.inquiries).toBe(4)
    expect(report.met).toBe(1)
    // #2: 13:00-17:00 on Monday (4 h) + 08:00-10:00 Tuesday (2 h) = 6 covered hours; #3 unanswered for > 4 covered hours.
    expect(report.missed).toBe(2)
    expect(report.pending).toBe(1)
    expect(report.attainment).toBeCloseTo(1 / 3, 12)
    expect(report.responseHours.p50).toBe(1)
    expect(report.responseHours.max).toBe(6)
    expect(report.byPriority.find((p) => p.priority === "high")).toEqual({ priority: "high", inquiries: 1, met: 0, missed: 1, attainment: 0 })
  })

  it("counts an inquiry as answered exactly when its row has a first response, across closed phases", () => {
    const history = Inquiry.decodeEventsSync([
      opened(7, "2026-01-05T17:00:00Z"),
      { type: "resolved", inquiry: "support#7", at: "2026-01-06T17:00:00Z", actor: "ada", kind: "answered" },
      { type: "commented", inquiry: "support#7", at: "2026-01-07T17:00:00Z", actor: "ada", visibility: "public" },
      opened(8, "2026-01-05T17:00:00Z"),
      { type: "commented", inquiry: "support#8", at: "2026-01-05T18:00:00Z", actor: "bob", visibility: "public" }
    ])
    const r = Metrics.compute(history, { coverage: visit, members, now: "2026-01-20T00:00:00Z" })
    const rows = ["support#7", "support#8"].map((n) =>
      Inquiry.measure(Inquiry.replaySync(history.filter((e) => e.inquiry === n), { policy: Inquiry.responsePolicy({ team: members.map((x) => x.id) }) }), {
        coverage: visit,
        now: "2026-01-20T00:00:00Z"
      })
    )
    expect(rows.map((row) => row.timeToFirstResponseWall)).toEqual([undefined, HOUR])
    expect(r.answered).toBe(rows.filter((row) => row.firstResponseAt !== undefined).length)
    expect(r.responseHours.max).toBe(1)
  })

  it("reports undefined, not attainment 1 and NaN percentiles, for a period with no inquiries", () => {
    const r = Metrics.compute(events, { coverage: visit, members, now: "2026-01-09T00:45:00Z", from: "2030-01-01T00:00:00Z" })
    expect(r.inquiries).toBe(0)
    expect(r.attainment).toBeUndefined()
    expect(r.responseHours).toEqual({ p50: undefined, p90: undefined, p95: undefined, p99: undefined, max: undefined, mean: undefined })
  })

  it("takes percentiles by nearest rank", () => {
    // Responses after 1, 2, 3 and 4 covered hours (Monday 08:00 opening, goal 4 h): p50 is the 2nd value, p90 the 4th.
    const history = Inquiry.decodeEventsSync(
      [1, 2, 3, 4].flatMap((h) => [
        opened(10 + h, "2026-01-05T16:00:00Z"),
        { type: "commented", inquiry: `support#${10 + h}`, at: `2026-01-05T${16 + h}:00:00Z`, actor: "ada", visibility: "public" }
      ])
    )
    const r = Metrics.compute(history, { coverage: visit, members, now: "2026-01-20T00:00:00Z" })
    expect([r.responseHours.p50, r.responseHours.p90, r.responseHours.max]).toEqual([2, 4, 4])
  })

  it("normalises recorded effort by weight, and keeps effort by outsiders apart", () => {
    const bob = must(report.members.find((m) => m.member === "bob"))
    expect(bob.effortHours).toBe(1)
    expect(bob.effortHoursPerWeight).toBe(2)
    expect(must(report.members.find((m) => m.member === "ada")).effortHoursPerWeight).toBe(1.5)
    expect(report.otherEffortHours).toBe(0.5)
    expect(must(report.members.find((m) => m.member === "ada")).firstResponses).toBe(1)
  })

  it("reports escalation and promotion rates, top labels and redirects", () => {
    expect(report.rates.escalation).toBe(1 / 4)
    expect(report.rates.promotion).toBe(1 / 4)
    expect(report.topLabels).toEqual([
      { label: "crash", count: 2 },
      { label: "docs", count: 1 },
      { label: "linux", count: 1 }
    ])
    expect(report.redirects).toEqual({ total: 1, byMember: [{ member: "cy", redirects: 1 }] })
  })

  it("lists histories that cannot be replayed instead of dropping them silently", () => {
    expect(report.invalid.map((x) => x.inquiry)).toEqual(["support#5"])
    expect(must(report.invalid[0]).reason).toMatch(/before/)
  })

  it("does not depend on how the histories of different inquiries are interleaved", () => {
    // Each inquiry's own events keep their order (ties at one instant are ordered by it).
    const shuffled = [...events].sort((a, b) => (a.inquiry < b.inquiry ? 1 : a.inquiry > b.inquiry ? -1 : 0))
    expect(
      Metrics.compute(shuffled, { coverage: visit, goals: Inquiry.goals({ byPriority: { high: "4 hours" } }), members, duties, now: "2026-01-09T00:45:00Z" })
    ).toEqual(report)
  })

  it("computeStream over one history per inquiry, in inquiry order, gives the report compute gives", () => {
    const ids = [...new Set(events.map((e) => e.inquiry))].sort()
    const histories = Stream.fromIterable(ids.map((i) => events.filter((e) => e.inquiry === i)))
    const options = { coverage: visit, goals: Inquiry.goals({ byPriority: { high: "4 hours" } }), members, duties, now: "2026-01-09T00:45:00Z" }
    expect(Effect.runSync(Metrics.computeStream(histories, options))).toEqual(report)
    expect(Effect.runSync(Metrics.computeStream(Stream.empty, options))).toEqual(Metrics.compute([], options))
  })

  it("agrees with the simulation's own summary on the simulation's event log", () => {
    const start = Date.UTC(2026, 0, 5, 8)
    const weeks = 30
    const rotation = Array.from({ length: weeks }, (_, i) => ({
      shift: i,
      start: start + i * WEEK,
      end: start + (i + 1) * WEEK,
      primary: must(members[i % 3]).id,
      backup: must(members[(i + 1) % 3]).id
    }))
    const result = Simulation.run({
      calendar: visit,
      duties: rotation,
      members,
      start,
      end: start + weeks * WEEK,
      seed: 11,
      goals: [
        { name: "normal", goal: "4 hours" },
        { name: "high", goal: "1 hour" }
      ],
      model: { priorityMix: { normal: 0.8, high: 0.2 }, arrivals: { perCoveredHour: 0.4, perOffHour: 0.03 } }
    })
    const s = result.summary
    expect(s.inquiries).toBeGreaterThan(300)
    expect(s.unowned).toBeGreaterThan(0)
    const m = Metrics.compute(Simulation.events(result), {
      coverage: visit,
      goals: Simulation.inquiryGoals(result.model),
      members,
      duties: result.duties,
      // far enough after the horizon that every unanswered clock has run out
      now: start + (weeks + 4) * WEEK
    })
    expect(m.invalid).toEqual([])
    expect(m.inquiries).toBe(s.inquiries)
    expect(m.pending).toBe(0)
    expect(m.attainment).toBeCloseTo(s.attainment, 12)
    expect(m.answered).toBe(s.inquiries - s.unanswered)
    expect(m.responseHours).toEqual(s.responseHours)
    for (const p of s.byPriority) {
      const mp = must(m.byPriority.find((x) => x.priority === p.name))
      expect(mp.inquiries).toBe(p.inquiries)
      expect(mp.attainment).toBeCloseTo(p.attainment, 12)
    }
    for (const load of s.members) {
      const ml = must(m.members.find((x) => x.member === load.member))
      expect(ml.effortHours).toBeCloseTo(load.supportHours, 6)
      expect(ml.effortHoursPerWeight).toBeCloseTo(load.supportHoursPerWeight, 6)
    }
    // Both count what the log records: escalations of answered inquiries, promotions of resolved ones.
    expect(m.rates.escalation).toBe(s.rates.escalation)
    expect(m.rates.promotion).toBe(s.rates.promotion)
    expect(m.rates.serious).toBe(s.rates.serious)
    expect(m.redirects.total).toBe(0)
  })

  it("agrees with the simulation's summary whatever the seed, rates, mix and speed (property)", () => {
    const start = Date.UTC(2026, 0, 5, 8)
    const weeks = 6
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.double({ min: 0, max: 1.2, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.5, max: 3, noNaN: true }),
        fc.boolean(),
        (seed, rate, highShare, slowdown, withBackup) => {
          const duties = Array.from({ length: weeks }, (_, i) => ({
            shift: i,
            start: start + i * WEEK,
            end: start + (i + 1) * WEEK,
            primary: must(members[i % 3]).id,
            backup: withBackup ? must(members[(i + 2) % 3]).id : undefined
          }))
          const result = Simulation.run({
            calendar: visit,
            duties,
            members,
            start,
            end: start + weeks * WEEK,
            seed,
            slowdown,
            goals: [
              { name: "normal", goal: "4 hours" },
              { name: "high", goal: "1 hour" }
            ],
            model: { priorityMix: { normal: 1 - highShare, high: highShare }, arrivals: { perCoveredHour: rate, perOffHour: rate / 20 } }
          })
          const s = result.summary
          const m = Metrics.compute(Simulation.events(result), {
            coverage: visit,
            goals: Simulation.inquiryGoals(result.model),
            members,
            now: start + (weeks + 8) * WEEK
          })
          expect(m.invalid).toEqual([])
          expect(m.inquiries).toBe(s.inquiries)
          expect(m.pending).toBe(0)
          // An empty run: Metrics reports undefined where the simulation's summary says 1 and NaN.
          if (m.met + m.missed === 0) expect([m.attainment, s.attainment]).toEqual([undefined, 1])
          else expect(m.attainment).toBeCloseTo(s.attainment, 12)
          if (m.answered === 0) expect(Object.values(s.responseHours).every(Number.isNaN)).toBe(true)
          else expect(m.responseHours).toEqual(s.responseHours)
          for (const load of s.members) expect(must(m.members.find((x) => x.member === load.member)).effortHours).toBeCloseTo(load.supportHours, 6)
        }
      ),
      { numRuns: 15 }
    )
  })
})
