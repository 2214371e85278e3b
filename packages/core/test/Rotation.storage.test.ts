// A schedule handed back by a store is data: it went through JSON (or a spread), so nothing
// may depend on the identity of the object Rotation.planSync returned.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Rotation, Team, Types } from "../src/index.js"
import { modelArb, planModel } from "./rotationModel.js"
import { must, problemsOf } from "./support.js"

const runs = (n: number) => ({ numRuns: n, seed: 20261201 })
const viaJson = (s: Rotation.Schedule): Rotation.Schedule => JSON.parse(JSON.stringify(s)) as Rotation.Schedule

const everything = (s: Rotation.Schedule) => ({
  explanations: s.shifts.flatMap((sh) => (["primary", "backup"] as const).map((role) => Rotation.explain(s, sh.index, role))),
  report: Rotation.report(s),
  lags: s.shifts.map((sh) => [...Rotation.lagsAfter(s, sh.index)].concat([...Rotation.lagsAfter(s, sh.index, "backup")])),
  calendar: Rotation.toICalendar(s, { name: "support" })
})

const team = Team.decodeSync({
  members: [
    { id: "ada", name: "Ada", weight: 1, handles: { email: "ada@example.org" }, backup: { senior: true } },
    { id: "bob", name: "Bob", weight: 0.5 },
    { id: "cy", name: "Cy", weight: 0.5, backup: { qualified: false } },
    { id: "dee", name: "Dee", weight: 0.8 }
  ],
  absences: [{ member: "bob", start: "2026-01-19T00:00:00Z", end: "2026-01-31T00:00:00Z", accrues: "owe" }]
})
const shifts = { start: "2026-01-05", at: "08:00", length: { weeks: 1 }, timeZone: "America/Los_Angeles" } as const
const first = Rotation.planSync({ team, shifts, from: "2026-01-05T16:00:00Z", to: "2026-03-02T16:00:00Z" })
// published: ada/dee, bob/ada, dee/ada, cy/dee
const published = first.assigned.slice(0, 4)
const schedule = Rotation.planSync({
  team,
  shifts,
  from: "2026-01-05T16:00:00Z",
  to: "2026-03-30T16:00:00Z",
  published,
  overrides: [
    { kind: "trade", shifts: [0, 3], members: ["ada", "cy"], recordedAt: "2026-01-02T10:00:00Z", recordedBy: "ada" },
    { kind: "cover", shift: 1, member: "dee", replaces: "bob", recordedAt: "2026-01-12T10:00:00Z" }
  ]
})

describe("Rotation: a schedule read back from storage", () => {
  it("explain, report, lagsAfter and toICalendar give the same answers after a JSON round trip and after a spread", () => {
    expect(published.map((d) => [d.primary, d.backup])).toEqual([["ada", "dee"], ["bob", "ada"], ["dee", "ada"], ["cy", "dee"]])
    const expected = everything(schedule)
    expect(expected.report.covers + expected.report.trades).toBe(2)
    expect(everything(viaJson(schedule))).toEqual(expected)
    expect(everything({ ...schedule })).toEqual(expected)
    expect(everything(viaJson(viaJson(schedule)))).toEqual(expected)
  })

  it("Rotation.decodeScheduleSync reads the JSON form back into a schedule that works everywhere", () => {
    const decoded = Rotation.decodeScheduleSync(JSON.parse(JSON.stringify(schedule)))
    expect(decoded.duties).toEqual(schedule.duties)
    expect(everything(decoded)).toEqual(everything(schedule))
  })

  it("fails with a typed error saying what is missing when the stored form lost its trace", () => {
    const { trace: _trace, ...withoutTrace } = viaJson(schedule)
    const bare = withoutTrace as unknown as Rotation.Schedule
    for (const use of [() => Rotation.explain(bare, 0), () => Rotation.report(bare), () => Rotation.lagsAfter(bare, 0), () => Rotation.toICalendar(bare)]) {
      const problems = problemsOf(use)
      expect(problems[0]?.path).toBe("trace")
      expect(problems[0]?.message).toMatch(/missing/)
    }
    expect(problemsOf(() => Rotation.decodeScheduleSync({ ...viaJson(schedule), duties: "none" })).map((p) => p.path)).toContain("duties")
    const broken = viaJson(schedule) as unknown as { trace: { steps: Array<{ primary?: { actual: unknown } }> } }
    must(must(broken.trace.steps[0]).primary).actual = 99
    expect(() => Rotation.report(broken as unknown as Rotation.Schedule)).toThrow(Types.ValidationError)
  })

  it("property: explain and report are identical before and after a JSON round trip", () => {
    fc.assert(
      fc.property(modelArb({ absences: "mixed", changes: true, unqualified: true }), (m) => {
        const s = planModel(m)
        const back = viaJson(s)
        expect(Rotation.report(back)).toEqual(Rotation.report(s))
        for (const sh of s.shifts) {
          for (const role of ["primary", "backup"] as const) expect(Rotation.explain(back, sh.index, role)).toEqual(Rotation.explain(s, sh.index, role))
          expect(Rotation.lagsAfter(back, sh.index)).toEqual(Rotation.lagsAfter(s, sh.index))
        }
      }),
      runs(40)
    )
  })
})
