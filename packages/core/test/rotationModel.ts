// Builds Rotation inputs from a whole-shift Model (weekly UTC shifts from 2025-01-06) and
// reads plans back as member indexes, for the property tests.
import fc from "fast-check"
import { Rotation, Team } from "../src/index.js"
import { available, type Model, present } from "./rotationOracle.js"

export const WEEK = 7 * 86_400_000
export const ORIGIN = Date.UTC(2025, 0, 6)
export const at = (t: number) => new Date(ORIGIN + t * WEEK).toISOString()
export const SHIFTS = { start: "2025-01-06", length: { weeks: 1 }, timeZone: "UTC" } as const
export const id = (i: number) => `m${i}`

export const teamSpec = (m: Model, order: ReadonlyArray<number> = [...Array(m.n).keys()]) => ({
  members: order.map((i) => ({ id: id(i), name: `Member ${i}`, weight: (m.tenths[i] as number) / 10, backup: { qualified: m.qualified[i] as boolean } })),
  changes: [...Array(m.n).keys()].flatMap((i) => [
    ...(m.join[i] !== undefined ? [{ member: id(i), at: at(m.join[i] as number), kind: "join" as const }] : []),
    ...(m.leave[i] !== undefined ? [{ member: id(i), at: at(m.leave[i] as number), kind: "leave" as const }] : []),
    ...(m.reweight[i] !== undefined
      ? [{ member: id(i), at: at(m.reweight[i]?.at as number), kind: "weight" as const, weight: (m.reweight[i]?.tenths as number) / 10 }]
      : [])
  ]),
  absences: m.absences.map((a) => ({
    member: id(a.member),
    start: at(a.from),
    end: at(a.to + 1),
    kind: "vacation" as const,
    accrues: a.owe ? ("owe" as const) : ("pause" as const)
  }))
})

export const planModel = (m: Model, extra: Partial<Rotation.PlanInput> = {}, order?: ReadonlyArray<number>) =>
  Rotation.planSync({ team: Team.decodeSync(teamSpec(m, order)), shifts: SHIFTS, from: at(0), to: at(m.T), ...extra })

export const servers = (s: Rotation.Schedule, T: number, role: "primary" | "backup" = "primary"): Array<number> => {
  const out = new Array<number>(T).fill(-1)
  for (const d of s.duties) {
    const who = d[role]
    if (who !== undefined) out[d.shift] = Number(who.slice(1))
  }
  return out
}

export interface ModelOptions {
  readonly nMin?: number
  readonly nMax?: number
  readonly tMin?: number
  readonly tMax?: number
  readonly absences?: "none" | "pause" | "owe" | "mixed"
  readonly changes?: boolean
  readonly unqualified?: boolean
}

/** Random teams; absences and roster changes always leave at least 2 members available. */
export const modelArb = (o: ModelOptions = {}): fc.Arbitrary<Model> =>
  fc.integer({ min: o.nMin ?? 2, max: o.nMax ?? 7 }).chain((n) =>
    fc
      .record({
        tenths: fc.array(fc.integer({ min: 1, max: 10 }), { minLength: n, maxLength: n }),
        T: fc.integer({ min: o.tMin ?? 8, max: o.tMax ?? 60 }),
        unq: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
        abs: fc.array(fc.record({ member: fc.nat(n - 1), from: fc.nat(80), len: fc.integer({ min: 1, max: 4 }), owe: fc.boolean() }), {
          maxLength: o.absences === undefined || o.absences === "none" ? 0 : 3 * n
        }),
        join: fc.array(fc.option(fc.integer({ min: 1, max: 40 }), { freq: 4 }), { minLength: n, maxLength: n }),
        leave: fc.array(fc.option(fc.integer({ min: 1, max: 60 }), { freq: 4 }), { minLength: n, maxLength: n }),
        rw: fc.array(fc.option(fc.record({ at: fc.integer({ min: 1, max: 50 }), tenths: fc.integer({ min: 1, max: 10 }) }), { freq: 4 }), {
          minLength: n,
          maxLength: n
        })
      })
      .map((r) => {
        const changes = o.changes === true
        let m: Model = {
          n,
          T: r.T,
          tenths: r.tenths,
          qualified: r.unq.map((u, i) => (o.unqualified === true ? !u || i < 2 : true)),
          absences: [],
          join: r.join.map((j, i) => (changes && i >= 2 && j !== null ? j : undefined)),
          leave: r.leave.map((l, i) => (changes && i >= 2 && l !== null && l > (r.join[i] ?? 0) + 1 ? l : undefined)),
          reweight: r.rw.map((x) => (changes && x !== null ? x : undefined))
        }
        // Members 0 and 1 are always there; keep at least 2 available in every shift.
        const kept: Array<Model["absences"][number]> = []
        for (const a of r.abs) {
          const cand = { member: a.member, from: a.from, to: a.from + a.len - 1, owe: o.absences === "owe" ? true : o.absences === "pause" ? false : a.owe }
          const trial: Model = { ...m, absences: [...kept, cand] }
          let ok = true
          for (let t = cand.from; t <= cand.to && ok; t++) {
            let c = 0
            for (let i = 0; i < n; i++) if (available(trial, i, t)) c++
            ok = c >= 2
          }
          if (ok) kept.push(cand)
        }
        m = { ...m, absences: kept }
        return m
      })
  )

export const availableCount = (m: Model, t: number): number => [...Array(m.n).keys()].filter((i) => available(m, i, t)).length
export { present }
