import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Config, Profile, Rotation, type Types } from "../src/index.js"
import { problemsOf } from "./support.js"

const exampleText = readFileSync(fileURLToPath(new URL("../../../examples/visit-team.yaml", import.meta.url)), "utf8")
const visit = Config.fromText(exampleText)
const WEEK = 7 * 86_400_000

const tiny = (extra = "", shifts = `{ start: "2026-01-05", at: "09:00", length: { days: 1 } }`) =>
  Config.fromText(`
name: Tiny team
team:
  members:
    - { id: ada, name: Ada, weight: 1 }
    - { id: bob, name: Bob, weight: 0.5 }
    - { id: cy, name: Cy, weight: 0.5 }
coverage:
  timeZone: Europe/Berlin
  weekly: [{ days: [mon, tue, wed, thu, fri], windows: ["09:00-17:00"] }]
  holidays: { dates: ["2026-12-24", "2026-12-25"] }
shifts: ${shifts}
${extra}`)

const byShift = (s: Rotation.Schedule) => new Map(s.duties.map((d) => [d.shift, d]))

describe("Profile.scheduleSync", () => {
  it("gives one answer to who is on duty on 2026-12-24, whatever window is asked for", () => {
    const at = "2026-12-24T18:00:00Z" // Thursday 10:00 Pacific
    const answers = ["2026-01-05T16:00:00Z", "2026-03-02T16:00:00Z", "2026-06-01T15:00:00Z", "2026-09-07T15:00:00Z", "2026-12-21T16:00:00Z"].map((from) => {
      const s = Profile.scheduleSync(visit, { from, to: "2027-01-04T16:00:00Z" })
      const d = Rotation.onDuty(s, at)
      return d === undefined ? undefined : [d.shift, d.primary, d.backup]
    })
    expect(answers[0]).toBeDefined()
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1)
    // and a window that ends the day after says the same
    const short = Profile.scheduleSync(visit, { from: "2026-12-21T16:00:00Z", to: "2026-12-25T00:00:00Z" })
    const d = Rotation.onDuty(short, at)
    expect(d === undefined ? undefined : [d.shift, d.primary, d.backup]).toEqual(answers[0])
  })

  it("holds the shifts overlapping the window only, with lags counted from the grid's start", () => {
    const s = Profile.scheduleSync(visit, { from: "2026-03-02T16:00:00Z", to: "2026-06-01T15:00:00Z" })
    expect(s.duties.length).toBe(13)
    expect(s.duties[0]?.start).toBe(Date.parse("2026-03-02T16:00:00Z"))
    const whole = Profile.scheduleSync(visit, { from: "2026-01-05T16:00:00Z", to: "2026-06-01T15:00:00Z" })
    const shift = s.duties[5]?.shift as number
    expect(Rotation.lagsAfter(s, shift)).toEqual(Rotation.lagsAfter(whole, shift))
    expect(Rotation.explain(s, shift)).toEqual(Rotation.explain(whole, shift))
    // the report counts the window: entitlements add up to its shifts
    const report = Rotation.report(s)
    expect(report.shifts).toBe(13)
    const entitled = report.primary.reduce((sum, m) => sum + m.entitled.value, 0)
    expect(entitled).toBeCloseTo(13, 9)
    expect(report.primary.reduce((sum, m) => sum + m.served, 0)).toBe(13)
  })

  it("property: random windows inside a horizon give equal duties on the shifts they share", () => {
    const origin = Date.parse("2026-01-05T16:00:00Z")
    const windowArb = fc.tuple(fc.integer({ min: -4, max: 100 }), fc.integer({ min: 5, max: 60 })).map(([start, weeks]) =>
      [origin + start * WEEK + 3_600_000, origin + (start + weeks) * WEEK] as const
    )
    fc.assert(
      fc.property(fc.constantFrom(...Rotation.strategies), fc.boolean(), windowArb, windowArb, (strategy, backup, [a1, b1], [a2, b2]) => {
        const profile = { ...visit, rotation: { ...visit.rotation, strategy, backup } }
        const x = byShift(Profile.scheduleSync(profile, { from: a1, to: b1 }))
        const y = byShift(Profile.scheduleSync(profile, { from: a2, to: b2 }))
        for (const [shift, d] of x) if (y.has(shift)) expect([shift, y.get(shift)]).toEqual([shift, d])
      }),
      { numRuns: 30, seed: 20261201 }
    )
  })

  it("a window's last shifts do not depend on where it ends (the guard looks past it), for every strategy", () => {
    const origin = visit.shifts.origin
    for (const strategy of Rotation.strategies) {
      const profile = { ...visit, rotation: { ...visit.rotation, strategy } }
      const long = byShift(Profile.scheduleSync(profile, { from: origin, to: origin + 160 * WEEK }))
      for (let weeks = 1; weeks <= 150; weeks++) {
        const s = Profile.scheduleSync(profile, { from: origin + (weeks - 1) * WEEK, to: origin + weeks * WEEK })
        for (const d of s.duties) expect([strategy, weeks, d]).toEqual([strategy, weeks, long.get(d.shift)])
      }
    }
  })

  it("uses the profile's rotation section: strategy, backup, horizon", () => {
    const s = Profile.scheduleSync(tiny("rotation: { strategy: round-robin, backup: false, horizon: 4 }"), {
      from: "2026-02-02T00:00:00Z",
      to: "2026-03-02T00:00:00Z"
    })
    expect(s.strategy).toBe("round-robin")
    expect(s.duties.length).toBeGreaterThan(10)
    expect(s.duties.every((d) => d.backup === undefined)).toBe(true)
    const guarded = Profile.scheduleSync(tiny(), { from: "2026-02-02T00:00:00Z", to: "2026-03-02T00:00:00Z" })
    expect(guarded.strategy).toBe("guarded")
    expect(guarded.duties.every((d) => d.backup !== undefined)).toBe(true)
  })

  it("gives no Primary to a shift that a holiday of the profile closes", () => {
    const s = Profile.scheduleSync(tiny(), { from: "2026-12-21T00:00:00Z", to: "2026-12-29T00:00:00Z" })
    expect(Rotation.onDuty(s, "2026-12-24T10:00:00Z")).toBeUndefined()
    expect(Rotation.onDuty(s, "2026-12-25T10:00:00Z")).toBeUndefined()
    expect(Rotation.onDuty(s, "2026-12-23T10:00:00Z")?.primary).toBeDefined()
    const closed = s.shifts.filter((sh) => sh.start >= Date.parse("2026-12-24T00:00:00Z") && sh.start < Date.parse("2026-12-26T00:00:00Z"))
    expect(closed.map((sh) => sh.status)).toEqual(["skipped", "skipped"])
    expect(s.duties.some((d) => closed.some((sh) => sh.index === d.shift))).toBe(false)
    // the example profile's week of 2026-12-28: the lab's listed days and New Year's Day close it
    const weekly = Profile.scheduleSync(visit, { from: "2026-12-21T16:00:00Z", to: "2027-01-11T16:00:00Z" })
    expect(Rotation.onDuty(weekly, "2026-12-29T18:00:00Z")).toBeUndefined()
    expect(weekly.shifts.map((sh) => sh.status)).toEqual(["duty", "skipped", "duty"])
    expect(weekly.duties.length).toBe(2)
  })

  it("keeps published duties and applies overrides", () => {
    const profile = tiny("", `{ start: "2026-01-05", at: "09:00", length: { weeks: 1 } }`)
    const first = Profile.scheduleSync(profile, { from: "2026-01-05T00:00:00Z", to: "2026-03-02T00:00:00Z" })
    const published = first.assigned.slice(0, 4)
    const [a, b] = [published[0] as Types.Duty, published[2] as Types.Duty]
    const cover = published[3] as Types.Duty
    const substitute = ["ada", "bob", "cy"].find((m) => m !== cover.primary && m !== cover.backup) as string
    const again = Profile.scheduleSync(profile, {
      from: "2026-01-19T00:00:00Z",
      to: "2026-04-06T00:00:00Z",
      published,
      overrides: [{ kind: "cover", shift: cover.shift, member: substitute, replaces: cover.primary, recordedAt: "2026-01-20T10:00:00Z" }]
    })
    expect(again.firstUnpublished).toBe(4)
    expect(byShift(again).get(b.shift)?.primary).toBe(b.primary)
    expect(byShift(again).get(cover.shift)?.primary).toBe(substitute)
    expect(byShift(again).has(a.shift)).toBe(false) // before the window
    expect(Rotation.report(again).covers).toBe(1)
  })

  it("takes the shifts before the first published one as planned, so a published file may start late", () => {
    const from = "2026-03-02T16:00:00Z"
    const to = "2026-06-01T15:00:00Z"
    const draft = Profile.scheduleSync(visit, { from, to })
    const published = draft.assigned.slice(0, 4)
    const again = Profile.scheduleSync(visit, { from, to, published })
    expect(again.duties).toEqual(draft.duties)
    expect(again.firstUnpublished).toBe((published[3]?.shift ?? 0) + 1)
  })

  it("onDuty returns the duty with its instants in epoch milliseconds, as the README says", () => {
    const s = Profile.scheduleSync(visit, { from: "2026-03-02T16:00:00Z", to: "2026-03-16T15:00:00Z" })
    const d = Rotation.onDuty(s, "2026-03-04T18:00:00Z")
    expect(typeof d?.start).toBe("number")
    expect(new Date(d?.start ?? 0).toISOString()).toBe("2026-03-02T16:00:00.000Z")
  })

  it("rejects a window that ends before it starts or before the grid starts, naming the field", () => {
    expect(problemsOf(() => Profile.scheduleSync(visit, { from: "2026-03-02T00:00:00Z", to: "2026-03-01T00:00:00Z" })).map((p) => p.path)).toEqual(["to"])
    expect(problemsOf(() => Profile.scheduleSync(visit, { from: "2025-03-02T00:00:00Z", to: "2025-04-01T00:00:00Z" })).map((p) => p.path)).toEqual(["to"])
  })
})
