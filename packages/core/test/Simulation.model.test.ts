// The model's account of people: absences, away and meetings as intervals of a person's
// time, resolution effort that occupies the responder, the shift-end handoff, and a
// summary that agrees with Metrics on the simulation's own log (issue 12).
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import * as Config from "../src/Config.js"
import * as Cost from "../src/Cost.js"
import * as Coverage from "../src/Coverage.js"
import * as Metrics from "../src/Metrics.js"
import * as Profile from "../src/Profile.js"
import * as Simulation from "../src/Simulation.js"
import * as Types from "../src/Types.js"
import { must, visitCoverage } from "./support.js"

const HOUR = 3_600_000
const DAY = 24 * HOUR
const WEEK = 7 * DAY
const id = (s: string) => Types.MemberId.make(s)
const visit = visitCoverage()
const START = Date.UTC(2026, 0, 5, 8)
const ada = id("ada")
const bob = id("bob")
const cy = id("cy")
const team = [
  { id: ada, weight: 1 },
  { id: bob, weight: 1 },
  { id: cy, weight: 0.5 }
]
/** ada, bob, cy in turn; the next one is Backup unless `backup` is false. */
const rotation = (weeks: number, backup = true, skip: (week: number) => boolean = () => false): ReadonlyArray<Types.Duty> =>
  Array.from({ length: weeks }, (_, i) => i)
    .filter((i) => !skip(i))
    .map((i) => ({
      shift: i,
      start: START + i * WEEK,
      end: START + (i + 1) * WEEK,
      primary: must(team[i % 3]).id,
      backup: backup ? must(team[(i + 1) % 3]).id : undefined
    }))

const quiet = { meetings: { probability: 0, duration: 0 }, away: { probability: 0, duration: 0 } } as const
const inside = (t: number, spans: ReadonlyArray<{ readonly start: number; readonly end: number }>): boolean => spans.some((s) => s.start <= t && t < s.end)

describe("Simulation: absences are respected", () => {
  // Every Tuesday and Wednesday of the first 12 weeks, ada is away on planned leave.
  const absences = Array.from({ length: 12 }, (_, w) => ({ member: ada, start: START + w * WEEK + DAY, end: START + w * WEEK + 3 * DAY }))

  it("absent people never respond: the Backup covers a Primary's absence", () => {
    const r = Simulation.run({ calendar: visit, duties: rotation(12), members: team, start: START, end: START + 12 * WEEK, seed: 3, absences, model: quiet })
    const adas = absences.map((a) => ({ start: a.start, end: a.end }))
    const duringAbsence = r.inquiries.filter((q) => q.owner === ada && inside(q.ready, adas))
    expect(duringAbsence.length).toBeGreaterThan(10)
    for (const q of r.inquiries) if (q.responder === ada) expect(inside(must(q.respondedAt), adas), `#${q.index} answered by ada while absent`).toBe(false)
    // With a Backup on duty, the Backup answers what arrives during the absence.
    for (const q of duringAbsence) expect(q.responder).toBe(bob)
  })

  it("with no Backup, nobody answers until the Primary is back", () => {
    const r = Simulation.run({
      calendar: visit,
      duties: rotation(12, false),
      members: team,
      start: START,
      end: START + 12 * WEEK,
      seed: 3,
      absences,
      model: quiet
    })
    const duringAbsence = r.inquiries.filter((q) => q.owner === ada && absences.some((a) => a.start <= q.ready && q.ready < a.end))
    expect(duringAbsence.length).toBeGreaterThan(10)
    for (const q of duringAbsence) {
      const a = must(absences.find((x) => x.start <= q.ready && q.ready < x.end))
      expect(q.responder).toBe(ada)
      expect(must(q.respondedAt)).toBeGreaterThanOrEqual(a.end)
    }
  })

  it("in a profile run, nobody writes a first response during their own random absence", () => {
    const text = readFileSync(join(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "..", "examples", "visit-team.yaml"), "utf8")
    const r = Profile.simulate(Config.fromText(text), { years: 3 })
    const own = r.inquiries.filter((q) =>
      q.responder !== undefined && r.absences.some((a) => a.member === q.responder && a.start <= must(q.respondedAt) && must(q.respondedAt) < a.end)
    )
    expect(own.map((q) => q.index)).toEqual([])
  })
})

describe("Simulation: away and meetings are intervals of a person's time", () => {
  const model = {
    arrivals: { perCoveredHour: 0.5, perOffHour: 0 },
    meetings: { probability: 0.1, duration: { kind: "uniform", min: "30 minutes", max: "2 hours" } },
    away: { probability: 0.1, duration: "8 hours", handoverAfter: "2 hours" }
  } as const

  it("nobody answers while away or in a meeting", () => {
    const r = Simulation.run({ calendar: visit, duties: rotation(40), members: team, start: START, end: START + 40 * WEEK, seed: 5, model })
    const spans = Simulation.unavailability(r)
    expect(spans.filter((s) => s.kind === "away").length).toBeGreaterThan(10)
    expect(spans.filter((s) => s.kind === "meeting").length).toBeGreaterThan(100)
    for (const q of r.inquiries) {
      if (q.responder === undefined) continue
      const mine = spans.filter((s) => s.member === q.responder)
      // respondedAt is when the work ends; a reply written at an interval's start is fine.
      expect(mine.some((s) => s.start < must(q.respondedAt) && must(q.respondedAt) < s.end), `#${q.index} by ${q.responder}`).toBe(false)
    }
  })

  it("every inquiry that meets an away Primary waits, or goes to the Backup after handoverAfter", () => {
    const r = Simulation.run({ calendar: visit, duties: rotation(40), members: team, start: START, end: START + 40 * WEEK, seed: 5, model })
    const away = Simulation.unavailability(r).filter((s) => s.kind === "away")
    let handed = 0
    for (const q of r.inquiries) {
      if (q.owner === undefined) continue
      const gone = away.find((s) => s.member === q.owner && s.start <= q.ready && q.ready < s.end)
      if (gone === undefined) continue
      // 8 covered hours away: an inquiry arriving early in it is handed over, 2 covered hours in
      // (unless the shift ends first: then the next Primary takes it).
      const left = Coverage.coveredMillis(visit, q.ready, gone.end)
      const shiftLeft = Coverage.coveredMillis(visit, q.ready, must(r.duties[q.duty]).end)
      if (left > 2 * HOUR + 60_000 && shiftLeft > 2 * HOUR + 60_000) {
        handed++
        expect(q.handedOver).toBe(true)
        expect(q.responder).not.toBe(q.owner)
        expect(Coverage.coveredMillis(visit, q.ready, must(q.respondedAt))).toBeGreaterThanOrEqual(2 * HOUR)
      } else if (q.responder === q.owner) expect(must(q.respondedAt)).toBeGreaterThanOrEqual(gone.end)
    }
    expect(handed).toBeGreaterThan(5)
  })
})

describe("Simulation: resolution effort occupies the responder", () => {
  // One Primary, alone, at 1 inquiry per covered hour with 3 hours of effort each.
  const alone = [{ id: ada, weight: 1 }]
  const duties = Array.from({ length: 26 }, (_, i) => ({ shift: i, start: START + i * WEEK, end: START + (i + 1) * WEEK, primary: ada, backup: undefined }))
  const saturated = (effort: string) => ({
    ...quiet,
    arrivals: { perCoveredHour: 1, perOffHour: 0 },
    effort,
    escalation: { probability: 0 },
    serious: { probability: 0 }
  })

  it("a saturated Primary is never credited more support hours than covered hours on duty, and answers later", () => {
    const busy = Simulation.run({ calendar: visit, duties, members: alone, start: START, end: START + 26 * WEEK, seed: 1, model: saturated("3 hours") })
    const idle = Simulation.run({ calendar: visit, duties, members: alone, start: START, end: START + 26 * WEEK, seed: 1, model: saturated("0 hours") })
    const s = busy.summary
    expect(must(s.members[0]).supportHours).toBeLessThanOrEqual(s.coveredHours + 1e-9)
    expect(s.cost.realized).toBeLessThanOrEqual(s.cost.maximal + 1e-12)
    expect(s.responseHours.p90).toBeGreaterThan(idle.summary.responseHours.p90)
  })

  it("realised cost never exceeds the covered hours on duty (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: 0.05, max: 2, noNaN: true }),
        fc.integer({ min: 0, max: 360 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        fc.constantFrom("as-noticed", "fcfs"),
        (seed, rate, effortMinutes, escalation, backup, order) => {
          const weeks = 8
          const r = Simulation.run({
            calendar: visit,
            duties: rotation(weeks, backup),
            members: team,
            start: START,
            end: START + weeks * WEEK,
            seed,
            model: {
              arrivals: { perCoveredHour: rate, perOffHour: rate / 10 },
              effort: { kind: "exponential", mean: `${effortMinutes} minutes` },
              escalation: { probability: escalation },
              order
            }
          })
          const onDuty = new Map<string, number>()
          for (const d of r.duties)
            for (const m of [d.primary, d.backup])
              if (m !== undefined) onDuty.set(m, (onDuty.get(m) ?? 0) + Coverage.coveredMillis(visit, d.start, d.end) / HOUR)
          // Work done after a shift is only the one resolution the outgoing member carried because it was nearly done.
          const carried = new Map<string, number>()
          for (const d of r.duties) for (const m of new Set([d.primary, d.backup])) if (m !== undefined) carried.set(m, (carried.get(m) ?? 0) + 1)
          for (const m of r.summary.members) {
            const limit = (onDuty.get(m.member) ?? 0) + (carried.get(m.member) ?? 0) * (r.model.resolution.carryOverBelow / HOUR)
            expect(m.supportHours, m.member).toBeLessThanOrEqual(limit + 1e-9)
          }
        }
      ),
      { numRuns: 20 }
    )
  })

  it("backlog unresolved at shift end goes to the next Primary; nearly done, the outgoing Primary carries it", () => {
    const model = {
      ...quiet,
      arrivals: { perCoveredHour: 0.12, perOffHour: 0 },
      effort: { kind: "exponential", mean: "3 hours" },
      escalation: { probability: 0 }
    } as const
    const r = Simulation.run({ calendar: visit, duties: rotation(40, false), members: team, start: START, end: START + 40 * WEEK, seed: 2, model })
    const handedOff = r.inquiries.filter((q) => q.handedOff)
    const carried = r.inquiries.filter((q) => q.carriedOver)
    expect(handedOff.length).toBeGreaterThan(5)
    expect(carried.length).toBeGreaterThan(0)
    for (const q of handedOff.filter((x) => x.resolvedAt !== undefined)) {
      const duty = must(r.duties[q.duty])
      expect(must(q.resolvedAt)).toBeGreaterThanOrEqual(duty.end)
      // Finished by the Primary of a later shift (the next one, or one after it if it was handed on again).
      const later = r.duties.filter((d, k) => k > q.duty && d.primary === q.resolvedBy && d.start <= must(q.resolvedAt))
      expect(later.length, `#${q.index}`).toBeGreaterThan(0)
    }
    expect(handedOff.filter((q) => q.resolvedAt !== undefined && q.resolvedBy !== must(r.duties[q.duty]).primary).length).toBeGreaterThan(5)
    for (const q of carried) expect(q.resolvedBy).toBe(q.responder)
  })
})

describe("Simulation: the summary agrees with Metrics on the simulation's own log", () => {
  const utc = Coverage.make({ timeZone: "UTC", weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], windows: ["09:00-17:00"] }] })

  it("in every configuration, weeks without duty and a UTC team included (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.constantFrom(visit, utc, Coverage.always("UTC")),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
        fc.boolean(),
        fc.constantFrom("as-noticed", "fcfs"),
        (seed, calendar, rate, off, backup, order) => {
          const weeks = 10
          const duties = rotation(weeks, backup, (w) => off[w] === true)
          const start = calendar === visit ? START : Date.UTC(2026, 0, 5)
          const moved = duties.map((d) => ({ ...d, start: d.start - START + start, end: d.end - START + start }))
          const result = Simulation.run({
            calendar,
            duties: moved,
            members: team,
            start,
            end: start + weeks * WEEK,
            seed,
            goals: [
              { name: "normal", goal: "4 hours" },
              { name: "high", goal: "1 hour" }
            ],
            model: {
              priorityMix: { normal: 0.8, high: 0.2 },
              arrivals: { perCoveredHour: rate, perOffHour: rate / 10 },
              escalation: { probability: 0.3 },
              order
            }
          })
          const s = result.summary
          const m = Metrics.compute(Simulation.events(result), {
            coverage: calendar,
            goals: Simulation.inquiryGoals(result.model),
            members: team,
            now: start + (weeks + 30) * WEEK
          })
          expect(m.invalid).toEqual([])
          expect(m.inquiries).toBe(s.inquiries)
          expect(m.pending).toBe(0)
          // Nothing decided or answered: Metrics says undefined where the summary says 1 and NaN.
          const decided = s.inquiries > 0
          expect(m.attainment).toBe(decided ? s.attainment : undefined)
          const answered = s.inquiries - s.unanswered
          const nan = (x: number | undefined) => (x === undefined ? NaN : x)
          expect(Object.fromEntries(Object.entries(m.responseHours).map(([k, v]) => [k, nan(v)]))).toEqual(s.responseHours)
          expect(answered === 0).toBe(m.responseHours.mean === undefined)
          expect(m.rates.escalation).toBe(s.rates.escalation)
          expect(m.rates.promotion).toBe(s.rates.promotion)
          expect(m.rates.serious).toBe(s.rates.serious)
          for (const p of s.byPriority) {
            const mp = m.byPriority.find((x) => x.priority === p.name)
            expect(mp?.inquiries ?? 0).toBe(p.inquiries)
            if (mp !== undefined && mp.inquiries > 0) expect(mp.attainment).toBe(p.attainment)
          }
          for (const load of s.members) expect(must(m.members.find((x) => x.member === load.member)).effortHours).toBeCloseTo(load.supportHours, 9)
        }
      ),
      { numRuns: 25 }
    )
  })

  const text = readFileSync(join(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "..", "examples", "visit-team.yaml"), "utf8")
  const profile = Config.fromText(text)

  it("summary.rotation and the members' shifts cover only the horizon", () => {
    const r = Profile.simulate(profile, { years: 1 })
    const inHorizon = r.duties.filter((d) => d.start < r.summary.end)
    expect(r.duties.length).toBeGreaterThan(inHorizon.length)
    expect(r.summary.rotation.shifts).toBe(inHorizon.length)
    expect(r.summary.members.reduce((sum, m) => sum + m.shifts, 0)).toBe(inHorizon.length)
  })

  it("cost.maximal agrees with Cost.forCalendar without holidays; with holidays the difference is named", () => {
    const plain = Coverage.make({
      timeZone: "America/Los_Angeles",
      weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], windows: ["08:00-12:00", "13:00-17:00"] }]
    })
    const capacity = { percentTimes: team.map((m) => m.weight) }
    const a = Simulation.run({ calendar: plain, duties: rotation(10), members: team, start: START, end: START + 10 * WEEK, seed: 1 })
    expect(a.summary.cost.maximal).toBeCloseTo(Cost.forCalendar(plain, capacity).total, 12)
    expect(a.summary.cost.ordinaryWeek).toBeCloseTo(a.summary.cost.maximal, 12)
    const r = Profile.simulate(profile, { years: 1 })
    const forCalendar = Cost.forCalendar(profile.coverage, { percentTimes: profile.team.members.map((m) => m.weight) }).total
    expect(r.summary.cost.ordinaryWeek).toBe(forCalendar)
    expect(r.summary.cost.maximal).toBeLessThan(forCalendar)
    // The difference is the horizon's holidays: the same weekly hours without them.
    const noHolidays = Coverage.make({ ...profile.coverage.spec, holidays: undefined } as Coverage.Spec)
    expect(r.summary.cost.holidayHours).toBe(
      (Coverage.coveredMillis(noHolidays, r.summary.start, r.summary.end) - Coverage.coveredMillis(profile.coverage, r.summary.start, r.summary.end)) / HOUR
    )
    expect(r.summary.cost.holidayHours).toBeGreaterThan(8 * 8)
    const withHolidays = (r.summary.coveredHours + r.summary.cost.holidayHours) / r.summary.coveredHours
    expect(Math.abs((r.summary.cost.maximal * withHolidays) / forCalendar - 1)).toBeLessThan(0.01)
  })

  it("Cost.share above 100% is flagged: 24/7 coverage with 3 developers", () => {
    const over = Cost.forCalendar(Coverage.always(), { headCount: 3 })
    expect(over.total).toBeGreaterThan(1)
    expect(over.exceedsCapacity).toBe(true)
    expect(Cost.forCalendar(visit, { headCount: 3 }).exceedsCapacity).toBe(false)
    const r = Simulation.run({
      calendar: Coverage.always(),
      duties: rotation(4),
      members: team,
      start: START,
      end: START + 4 * WEEK,
      seed: 1,
      model: { arrivals: { perCoveredHour: 0.1, perOffHour: 0.1 } }
    })
    expect(r.summary.cost.exceedsCapacity).toBe(true)
  })
})

describe("Simulation: where the model is a textbook queue, it agrees with queueing theory", () => {
  // One responder, always on duty, 24/7, noticing at once, no resolution work: a single-server
  // FCFS queue with Poisson arrivals at 0.5 an hour and a mean service of one hour (load 0.5).
  const always = Coverage.always("UTC")
  const start = Date.UTC(2026, 0, 5)
  const weeks = 300
  const queue = (work: NonNullable<Simulation.ModelSpec["work"]>, seed: number, order: "fcfs" | "as-noticed" = "fcfs") =>
    Simulation.run({
      calendar: always,
      duties: [{ shift: 0, start, end: start + weeks * WEEK, primary: ada, backup: undefined }],
      members: [{ id: ada, weight: 1 }],
      start,
      end: start + (weeks - 2) * WEEK,
      seed,
      model: { ...quiet, arrivals: { perCoveredHour: 0.5, perOffHour: 0.5 }, reaction: 0, work, effort: 0, escalation: { probability: 0 }, order }
    }).summary
  const lambda = 0.5
  // Pollaczek-Khinchine: W = E[S] + λ E[S²] / (2 (1 - ρ)).
  const pk = (es: number, es2: number) => es + (lambda * es2) / (2 * (1 - lambda * es))

  it.each([1, 2])("M/M/1: mean response 1/(μ - λ) = 2 hours (seed %i)", (seed) => {
    const s = queue({ kind: "exponential", mean: "1 hours" }, seed)
    expect(s.inquiries).toBeGreaterThan(20_000)
    expect(Math.abs(s.responseHours.mean / pk(1, 2) - 1)).toBeLessThan(0.06)
  })

  it("M/D/1: mean response 1 + ρ/(2μ(1 - ρ)) = 1.5 hours, in either answer order", () => {
    for (const order of ["fcfs", "as-noticed"] as const) {
      const s = queue("1 hours", 3, order)
      expect(Math.abs(s.responseHours.mean / pk(1, 1) - 1)).toBeLessThan(0.04)
    }
  })

  it("M/G/1 (uniform service on [0, 2] hours): the Pollaczek-Khinchine mean, 5/3 hours", () => {
    const s = queue({ kind: "uniform", min: "0 hours", max: "2 hours" }, 4)
    expect(Math.abs(s.responseHours.mean / pk(1, 4 / 3) - 1)).toBeLessThan(0.05)
  })
})

describe("Simulation: model options", () => {
  const weeks = 52
  const options = (model: Simulation.ModelSpec): Simulation.RunOptions => ({
    calendar: visit,
    duties: rotation(weeks),
    members: team,
    start: START,
    end: START + weeks * WEEK,
    seed: 9,
    model
  })

  it("partTime percent-time: a half-time Primary is busy elsewhere half the time and answers later; full-time members are unchanged", () => {
    const full = Simulation.run(options({}))
    const part = Simulation.run(options({ partTime: { responsiveness: "percent-time" } }))
    const other = Simulation.unavailability(part).filter((x) => x.kind === "other-work")
    expect(other.length).toBeGreaterThan(0)
    expect(new Set(other.map((x) => x.member))).toEqual(new Set([cy]))
    const p90 = (r: Simulation.Result, m: Types.MemberId) =>
      [...r.inquiries.filter((q) => q.owner === m && q.respondedAt !== undefined).map((q) => q.responseCovered)].sort((a, b) => a - b)[
        Math.floor(0.9 * r.inquiries.filter((q) => q.owner === m && q.respondedAt !== undefined).length)
      ]
    expect(must(p90(part, cy))).toBeGreaterThan(must(p90(full, cy)))
    expect(part.summary.attainment).toBeLessThan(full.summary.attainment)
    // Same arrivals in both: the option changes people, not demand.
    expect(part.inquiries.map((q) => q.arrival)).toEqual(full.inquiries.map((q) => q.arrival))
  })

  it("order: with fcfs one slow reaction holds up later inquiries; as-noticed answers them as they are noticed", () => {
    const model = { reaction: { kind: "lognormal", median: "20 minutes", p90: "4 hours" }, arrivals: { perCoveredHour: 0.6, perOffHour: 0.05 } } as const
    const fcfs = Simulation.run(options({ ...model, order: "fcfs" }))
    const noticed = Simulation.run(options({ ...model, order: "as-noticed" }))
    expect(noticed.summary.responseHours.p50).toBeLessThan(fcfs.summary.responseHours.p50)
    // In fcfs, every responder answers its own inquiries in arrival order.
    for (const m of team) {
      const mine = fcfs.inquiries.filter((q) => q.responder === m.id && !q.handedOver && q.owner === m.id)
      const byDuty = new Map<number, Array<number>>()
      for (const q of mine) byDuty.set(q.duty, [...(byDuty.get(q.duty) ?? []), must(q.respondedAt)])
      for (const times of byDuty.values()) expect(times).toEqual([...times].sort((a, b) => a - b))
    }
  })

  it("defaults: as-noticed, full responsiveness, resolution in 1-hour pieces, carry-over below 1 hour", () => {
    const m = Simulation.resolveModel(undefined)
    expect(m.order).toBe("as-noticed")
    expect(m.partTime.responsiveness).toBe("full")
    expect(m.resolution).toEqual({ checkEvery: HOUR, carryOverBelow: HOUR })
  })

  it("rejects an unknown order with its path", () => {
    expect(() => Simulation.run(options({ order: "random" } as unknown as Simulation.ModelSpec))).toThrow(/order/)
  })
})
