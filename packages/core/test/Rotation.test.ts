import ICAL from "ical.js"
import { describe, expect, it } from "vitest"
import { Coverage, Rotation, Team, Types } from "../src/index.js"
import { available, Frac, maxAbs, type Model, replay } from "./rotationOracle.js"
import { at, servers, SHIFTS, teamSpec } from "./rotationModel.js"

const TEAM = [10, 10, 5, 5, 5, 8, 3] // {1.0, 1.0, 0.5, 0.5, 0.5, 0.8, 0.3}
const YEARS5 = 261

const model = (T: number, absences: Model["absences"] = []): Model => ({
  n: TEAM.length,
  T,
  tenths: TEAM,
  qualified: TEAM.map(() => true),
  absences,
  join: TEAM.map(() => undefined),
  leave: TEAM.map(() => undefined),
  reweight: TEAM.map(() => undefined)
})

const plan = (m: Model, extra: Partial<Rotation.PlanInput> = {}) =>
  Rotation.planSync({ team: Team.decodeSync(teamSpec(m)), shifts: SHIFTS, from: at(0), to: at(m.T), ...extra })

// Deterministic random two-week absences, about 3 per member per year, >= 2 available.
const randomAbsences = (seed: number, T: number): Model["absences"] => {
  let s = seed >>> 0
  const rnd = () => {
    s = (s + 0x6d2b79f5) >>> 0
    let x = Math.imul(s ^ (s >>> 15), 1 | s)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
  const out: Array<Model["absences"][number]> = []
  const perMember = Math.round((3 * T) / 52)
  for (let i = 0; i < TEAM.length; i++) {
    for (let k = 0; k < perMember; k++) {
      const from = Math.floor(rnd() * (T - 1))
      const cand = { member: i, from, to: from + 1, owe: false }
      const trial = model(T, [...out, cand])
      if ([from, from + 1].every((t) => t >= T || TEAM.filter((_, j) => available(trial, j, t)).length >= 2)) out.push(cand)
    }
  }
  return out
}

describe("Rotation: the example team over 5 years of weekly shifts", () => {
  it("stays within B* = 18/23 of entitlement without absences", () => {
    const m = model(YEARS5)
    const s = plan(m)
    const dev = maxAbs(replay(m, servers(s, m.T)).lag)
    expect(dev.cmp(Frac.of(18, 23))).toBeLessThanOrEqual(0)
    expect(Rotation.report(s).maxDeviation.exact).toBe(dev.toString())
    expect(Rotation.explain(s, 100).bound?.exact).toBe("18/23")
  })

  it("stays below 1 with random two-week absences known 13 weeks ahead", () => {
    for (const seed of [1, 2, 3]) {
      const m = model(YEARS5, randomAbsences(seed, YEARS5))
      expect(m.absences.length).toBeGreaterThan(80)
      const dev = maxAbs(replay(m, servers(plan(m, { horizon: 13 }), m.T)).lag)
      expect(dev.cmp(Frac.of(1))).toBeLessThan(0)
    }
  })

  it("head-count round-robin on the same input drifts by many shifts; nominal 50% and SWRR sit in between", () => {
    const m = model(YEARS5, randomAbsences(1, YEARS5))
    const dev = (strategy: Rotation.Strategy) => maxAbs(replay(m, servers(plan(m, { strategy, backup: false }), m.T)).lag).toNumber()
    const guarded = dev("guarded")
    const rr = dev("round-robin")
    expect(rr).toBeGreaterThan(10)
    expect(rr).toBeGreaterThan(10 * guarded)
    expect(dev("nominal-50")).toBeGreaterThan(guarded)
    expect(dev("swrr")).toBeGreaterThan(guarded)
    expect(dev("greedy")).toBeGreaterThanOrEqual(guarded)
  })

  it("the Backup keeps its own ledger, is never the Primary, and pairs seniors with juniors", () => {
    const spec = teamSpec(model(52))
    const seniors = new Set(["m0", "m1", "m5"])
    const team = Team.decodeSync({ ...spec, members: spec.members.map((x) => ({ ...x, backup: { qualified: true, senior: seniors.has(x.id) } })) })
    const s = Rotation.planSync({ team, shifts: SHIFTS, from: at(0), to: at(52) })
    for (const d of s.duties) expect(d.backup).not.toBe(d.primary)
    const juniorWeeks = s.duties.filter((d) => !seniors.has(d.primary))
    const paired = juniorWeeks.filter((d) => seniors.has(d.backup as string)).length
    expect(paired / juniorWeeks.length).toBeGreaterThan(0.6)
    expect(Rotation.report(s).backupMaxDeviation.value).toBeLessThan(1.5)
  })
})

describe("Rotation: coverage, availability, publishing", () => {
  const team = Team.decodeSync({
    members: [
      { id: "ada", name: "Ada", weight: 1, handles: { email: "ada@example.org" } },
      { id: "bob", name: "Bob", weight: 0.5 },
      { id: "cy", name: "Cy", weight: 0.5 }
    ],
    absences: [{ member: "ada", start: "2025-01-13T16:00:00Z", end: "2025-01-16T16:00:00Z", kind: "travel" }]
  })
  const visit = Coverage.decodeSync({
    timeZone: "America/Los_Angeles",
    weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], windows: ["08:00-12:00", "13:00-17:00"] }],
    holidays: { dates: ["2024-12-23", "2024-12-24", "2024-12-25", "2024-12-26", "2024-12-27"] }
  })
  const shifts = { start: "2024-12-02", at: "08:00", length: { weeks: 1 } } as const

  it("skips a shift with no covered time (a closed holiday week): nobody on duty, nothing accrues", () => {
    const s = Rotation.planSync({ team, coverage: visit, shifts, from: "2024-12-02T16:00:00Z", to: "2025-01-27T16:00:00Z" })
    expect(s.timeZone).toBe("America/Los_Angeles")
    const closed = s.shifts.find((x) => x.start === Date.parse("2024-12-23T16:00:00Z"))
    expect(closed?.status).toBe("skipped")
    expect(s.duties.some((d) => d.shift === closed?.index)).toBe(false)
    expect(Rotation.onDuty(s, "2024-12-24T18:00:00Z")).toBeUndefined()
    const before = Rotation.lagsAfter(s, (closed?.index as number) - 1)
    const after = Rotation.lagsAfter(s, closed?.index as number)
    expect([...after.values()]).toEqual([...before.values()])
    expect(Rotation.explain(s, closed?.index as number).text).toContain("no covered time")
  })

  it("a member absent for more than half the covered time is unavailable; less is not (threshold configurable)", () => {
    // Ada is away Mon 08:00 to Thu 08:00 PST: 24 of 40 covered hours.
    const week = Date.parse("2025-01-13T16:00:00Z")
    const who = (share?: number) =>
      Rotation.planSync({
        team,
        coverage: visit,
        shifts,
        from: "2025-01-13T16:00:00Z",
        to: "2025-01-20T16:00:00Z",
        ...(share === undefined ? {} : { unavailableShare: share })
      }).duties.find(
        (d) => d.start === week
      )
    expect(who()?.primary).not.toBe("ada")
    expect(
      Rotation.explain(Rotation.planSync({ team, coverage: visit, shifts, from: "2025-01-13T16:00:00Z", to: "2025-01-20T16:00:00Z" }), who()?.shift as number)
        .skipped
    ).toEqual([
      { member: "ada", reason: "absent" }
    ])
    expect(who(0.7)?.primary).toBe("ada")
  })

  it("onDuty finds the pair for an instant; handoffs are at 08:00 local, DST-exact", () => {
    const s = Rotation.planSync({ team, coverage: visit, shifts, from: "2025-03-03T16:00:00Z", to: "2025-03-24T15:00:00Z" })
    const dst = s.duties.find((d) => d.start === Date.parse("2025-03-03T16:00:00Z"))
    expect(dst?.end).toBe(Date.parse("2025-03-10T15:00:00Z"))
    expect(Rotation.onDuty(s, "2025-03-10T14:59:59Z")?.shift).toBe(dst?.shift)
    expect(Rotation.onDuty(s, "2025-03-10T15:00:00Z")?.shift).toBe((dst?.shift as number) + 1)
  })

  it("explains a choice with candidates, lags, skipped members and the bound", () => {
    const s = Rotation.planSync({ team, shifts: SHIFTS, from: at(0), to: at(8) })
    const e = Rotation.explain(s, 1)
    expect(e.status).toBe("duty")
    expect(e.candidates.map((c) => c.member).sort()).toEqual(["ada", "bob", "cy"])
    expect(e.candidates[0]?.member).toBe(e.chosen)
    expect(e.text).toContain("candidates by pre-lag")
    const b = Rotation.explain(s, 1, "backup")
    expect(b.skipped).toContainEqual({ member: e.chosen, reason: "already primary" })
  })

  it("a what-if diff shows the changed shifts and the fairness deltas", () => {
    const a = Rotation.planSync({ team, shifts: SHIFTS, from: at(0), to: at(20), backup: false })
    const withDee = Team.decodeSync({
      members: [...team.members, { id: "dee", name: "Dee", weight: 1 }],
      changes: [{ member: "dee", at: at(5), kind: "join" }]
    })
    const b = Rotation.planSync({ team: withDee, shifts: SHIFTS, from: at(0), to: at(20), backup: false })
    const d = Rotation.diff(a, b)
    expect(d.changed.length).toBeGreaterThan(0)
    expect(d.changed.every((c) => c.shift >= 5)).toBe(true)
    expect(d.members.find((m) => m.member === "dee")?.servedBefore).toBe(0)
    expect(d.members.find((m) => m.member === "dee")?.servedAfter).toBeGreaterThan(3)
  })

  it("exports iCalendar with stable UIDs and the coverage zone's TZID (parsed back with ical.js)", () => {
    const s = Rotation.planSync({ team, coverage: visit, shifts, from: "2025-01-06T16:00:00Z", to: "2025-02-03T16:00:00Z" })
    const text = Rotation.toICalendar(s, { name: "VisIt support" })
    const cal = new ICAL.Component(ICAL.parse(text) as unknown[])
    const events = cal.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v))
    expect(events.length).toBe(s.duties.length * 2)
    const first = s.duties[0] as Types.Duty
    const primary = events.find((e) => e.uid === `visit-support-${first.shift}-primary@sre-uxdd.invalid`)
    expect(primary?.summary).toContain("Primary")
    expect(primary?.component.getFirstProperty("dtstart")?.getParameter("tzid")).toBe("America/Los_Angeles")
    expect(primary?.startDate.hour).toBe(8)
    // Re-planning with an override keeps every UID.
    const again = Rotation.planSync({
      team,
      coverage: visit,
      shifts,
      from: "2025-01-06T16:00:00Z",
      to: "2025-02-03T16:00:00Z",
      published: s.duties,
      overrides: [{ kind: "cover", shift: first.shift, member: first.backup === "bob" ? "cy" : ("bob" as never), recordedAt: "2025-01-05T00:00:00Z" }]
    })
    const uids = (t: string) => new ICAL.Component(ICAL.parse(t) as unknown[]).getAllSubcomponents("vevent").map((v) => new ICAL.Event(v).uid)
    expect(uids(Rotation.toICalendar(again, { name: "VisIt support" }))).toEqual(uids(text))
  })
})

describe("Rotation: bad input", () => {
  const team = Team.decodeSync({ members: [{ id: "a", name: "A", weight: 1 }, { id: "b", name: "B", weight: 1 }] })
  const base = { team, shifts: SHIFTS, from: at(0), to: at(6) }
  const problems = (f: () => unknown) => {
    try {
      f()
    } catch (e) {
      if (e instanceof Types.ValidationError) return e.problems
      throw e
    }
    throw new Error("expected a ValidationError")
  }

  it("rejects an override naming an unknown member or a shift outside the plan", () => {
    expect(problems(() => Rotation.planSync({ ...base, overrides: [{ kind: "cover", shift: 2, member: "zed" as never, recordedAt: at(0) }] }))).toEqual([
      { path: "overrides[0].member", message: "unknown member \"zed\"" }
    ])
    expect(problems(() => Rotation.planSync({ ...base, overrides: [{ kind: "cover", shift: 40, member: "a" as never, recordedAt: at(0) }] }))[0]?.path).toBe(
      "overrides[0].shift"
    )
  })

  it("rejects a trade of unpublished shifts and a published duty outside the plan", () => {
    expect(
      problems(() => Rotation.planSync({ ...base, overrides: [{ kind: "trade", shifts: [1, 2], members: ["a", "b"] as never, recordedAt: at(0) }] }))[0]?.path
    ).toBe("overrides[0].shifts")
    expect(problems(() => Rotation.planSync({ ...base, published: [{ shift: 9, start: 0, end: 1, primary: "a" as never, backup: undefined }] }))[0]?.path).toBe(
      "published[0].shift"
    )
  })

  it("fails with NoOneAvailableError naming the shift when nobody can serve, unless gaps are allowed", () => {
    const away = Team.decodeSync({
      members: team.members,
      absences: [
        { member: "a", start: at(2), end: at(3) },
        { member: "b", start: at(2), end: at(3) }
      ]
    })
    expect(() => Rotation.planSync({ ...base, team: away })).toThrow(/shift 2 \(starting 2025-01-20T00:00:00.000Z\)/)
    try {
      Rotation.planSync({ ...base, team: away })
    } catch (e) {
      expect(e).toBeInstanceOf(Rotation.NoOneAvailableError)
      expect((e as Rotation.NoOneAvailableError).shift).toBe(2)
    }
    const s = Rotation.planSync({ ...base, team: away, allowGaps: true })
    expect(s.shifts[2]?.status).toBe("gap")
    expect(s.duties.some((d) => d.shift === 2)).toBe(false)
  })

  it("rejects bad plan options with their paths", () => {
    expect(problems(() => Rotation.planSync({ ...base, horizon: 0 })).map((p) => p.path)).toEqual(["horizon"])
    expect(problems(() => Rotation.planSync({ ...base, unavailableShare: 1 })).map((p) => p.path)).toEqual(["unavailableShare"])
    expect(problems(() => Rotation.planSync({ ...base, to: at(0) })).map((p) => p.path)).toEqual(["to"])
  })
})
