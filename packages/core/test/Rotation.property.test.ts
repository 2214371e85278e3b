// The 14 invariants of fairness-theory.md §7 as fast-check properties. Every lag is
// recomputed by the independent oracle in rotationOracle.ts, never read from the planner.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Rotation } from "../src/index.js"
import { available, bruteForceBStar, Frac, maxAbs, type Model, owes, present, replay, weightAt, ZERO } from "./rotationOracle.js"
import { modelArb, planModel, servers } from "./rotationModel.js"

const runs = (n: number) => ({ numRuns: n, seed: 20261127 })
const tijdeman = (n: number) => Frac.of(2 * n - 3, 2 * n - 2)

const activeN = (m: Model) => m.n
const bstarOf = (m: Model) => (m.tenths.reduce((a, b) => a + b, 0) <= 12 ? bruteForceBStar(m.tenths) : undefined)

describe("Rotation invariants (fairness-theory.md §7)", () => {
  it("1. feasibility: only available members, Backup qualified and not the Primary, nobody outside membership", () => {
    fc.assert(
      fc.property(modelArb({ absences: "mixed", changes: true, unqualified: true }), (m) => {
        const s = planModel(m)
        const P = servers(s, m.T)
        const B = servers(s, m.T, "backup")
        for (let t = 0; t < m.T; t++) {
          expect(available(m, P[t] as number, t)).toBe(true)
          const b = B[t] as number
          const qualifiedOthers = [...Array(m.n).keys()].filter((i) => i !== P[t] && available(m, i, t) && m.qualified[i])
          if (qualifiedOthers.length === 0) expect(b).toBe(-1)
          else {
            expect(qualifiedOthers).toContain(b)
            expect(b).not.toBe(P[t])
          }
        }
      }),
      runs(40)
    )
  })

  it("2. conservation: lags sum to exactly 0 under Pause, Owe, Mixed and leave redistribution, and match the oracle", () => {
    fc.assert(
      fc.property(modelArb({ absences: "mixed", changes: true }), (m) => {
        const s = planModel(m, { backup: false })
        const L = replay(m, servers(s, m.T))
        for (let t = 0; t < m.T; t++) {
          const row = L.lag[t] as ReadonlyArray<Frac>
          expect(row.reduce((a, b) => a.plus(b), ZERO).isZero()).toBe(true)
          const prod = Rotation.lagsAfter(s, t)
          const sum = [...prod.values()].reduce((a, f) => a.plus(parse(f.exact)), ZERO)
          expect(sum.isZero()).toBe(true)
          row.forEach((x, i) => expect(prod.get(`m${i}` as never)?.exact).toBe(x.toString()))
        }
      }),
      runs(40)
    )
  })

  it("3. determinism: same input, same plan; permuting members and absences changes nothing", () => {
    fc.assert(
      fc.property(modelArb({ absences: "mixed", changes: true }), fc.integer(), (m, seed) => {
        const a = planModel(m)
        const b = planModel(m)
        expect(b.duties).toEqual(a.duties)
        const order = [...Array(m.n).keys()].sort((x, y) => (((x * 7919 + seed) % 13) - ((y * 7919 + seed) % 13)) || x - y)
        const shuffled: Model = { ...m, absences: [...m.absences].reverse() }
        expect(planModel(shuffled, {}, order).duties).toEqual(a.duties)
      }),
      runs(25)
    )
  })

  it("4. static bound: |lag| <= 1 - 1/(2n-2), and <= B*(w) (brute force for D <= 12)", () => {
    fc.assert(
      fc.property(modelArb({ nMax: 6, tMin: 30, tMax: 120 }), (m) => {
        const s = planModel(m, { backup: false })
        const dev = maxAbs(replay(m, servers(s, m.T)).lag)
        expect(dev.cmp(tijdeman(activeN(m)))).toBeLessThanOrEqual(0)
        const bs = bstarOf(m)
        if (bs !== undefined) expect(dev.cmp(bs)).toBeLessThanOrEqual(0)
        // The planner's own target is B* too: every explanation reports it.
        if (bs !== undefined) expect(Rotation.explain(s, 0).bound?.exact).toBe(bs.toString())
      }),
      runs(40)
    )
  })

  it("5 and 6. Pause freezes lag and service over an absence; Owe adds exactly the accrued share", () => {
    fc.assert(
      fc.property(modelArb({ absences: "mixed" }), (m) => {
        const s = planModel(m, { backup: false })
        const P = servers(s, m.T)
        for (const a of m.absences) {
          if (a.to >= m.T) continue
          // Overlapping absences of the same member mix the rules; check clean ones only.
          if (m.absences.some((b) => b !== a && b.member === a.member && b.from <= a.to + 1 && a.from <= b.to + 1)) continue
          const before = a.from === 0 ? ZERO : parse(Rotation.lagsAfter(s, a.from - 1).get(`m${a.member}` as never)?.exact as string)
          const after = parse(Rotation.lagsAfter(s, a.to).get(`m${a.member}` as never)?.exact as string)
          for (let t = a.from; t <= a.to; t++) expect(P[t]).not.toBe(a.member)
          if (!a.owe) expect(after.toString()).toBe(before.toString())
          else {
            let share = ZERO
            for (let t = a.from; t <= a.to; t++) {
              const pool = [...Array(m.n).keys()].filter((j) => available(m, j, t) || owes(m, j, t))
              const W = pool.reduce((x, j) => x.plus(weightAt(m, j, t)), ZERO)
              share = share.plus(weightAt(m, a.member, t).over(W))
            }
            expect(after.minus(before).toString()).toBe(share.toString())
          }
        }
      }),
      runs(40)
    )
  })

  it("7. window optimality: over one window the plan's max |lag| <= max(B*, OPT of all n^H sequences)", () => {
    fc.assert(
      fc.property(modelArb({ nMax: 4, tMin: 4, tMax: 7, absences: "pause" }), (m) => {
        const H = m.T
        const s = planModel(m, { backup: false, horizon: H })
        const dev = maxAbs(replay(m, servers(s, m.T)).lag)
        let opt: Frac | undefined
        const seq = new Array<number>(H).fill(-1)
        const go = (t: number): void => {
          if (t === H) {
            const d = maxAbs(replay(m, seq).lag)
            if (opt === undefined || d.cmp(opt) < 0) opt = d
            return
          }
          for (let i = 0; i < m.n; i++) {
            if (!available(m, i, t)) continue
            seq[t] = i
            go(t + 1)
          }
        }
        go(0)
        const target = parse(Rotation.explain(s, 0).bound?.exact ?? "1")
        const limit = target.cmp(opt as Frac) > 0 ? target : (opt as Frac)
        expect(dev.cmp(limit)).toBeLessThanOrEqual(0)
      }),
      runs(30)
    )
  })

  it("8. frozen prefix: later changes never alter published shifts", () => {
    fc.assert(
      fc.property(modelArb({ absences: "mixed", tMin: 12 }), fc.nat(100), (m, r) => {
        const a = planModel(m)
        const F = 1 + (r % (m.T - 2))
        const published = a.duties.filter((d) => d.shift < F)
        // A new absence (even inside the frozen prefix) and a new joiner after it.
        const member = r % m.n
        const m2: Model = { ...m, absences: [...m.absences, { member, from: Math.max(0, F - 2), to: F + 1, owe: false }] }
        const b = planModel(m2, { published, allowGaps: true })
        expect(b.duties.filter((d) => d.shift < F)).toEqual(published)
        expect(b.firstUnpublished).toBe(F)
      }),
      runs(30)
    )
  })

  it("9. locality: an input at shift s never changes shifts before s - H + 1", () => {
    fc.assert(
      fc.property(modelArb({ absences: "pause", tMin: 20, tMax: 50 }), fc.nat(1000), fc.integer({ min: 2, max: 8 }), (m, r, H) => {
        const s0 = 5 + (r % (m.T - 6))
        const member = r % m.n
        const m2: Model = { ...m, absences: [...m.absences, { member, from: s0, to: s0 + 1, owe: r % 2 === 0 }] }
        if ([s0, s0 + 1].some((t) => [...Array(m2.n).keys()].filter((i) => available(m2, i, t)).length < 2)) return
        const a = servers(planModel(m, { horizon: H, backup: false }), m.T)
        const b = servers(planModel(m2, { horizon: H, backup: false }), m.T)
        expect(b.slice(0, Math.max(0, s0 - H + 1))).toEqual(a.slice(0, Math.max(0, s0 - H + 1)))
      }),
      runs(30)
    )
  })

  it("10. join, leave, reweight: no entitlement before joining, leavers never assigned, lag shared by weight, past E untouched", () => {
    fc.assert(
      fc.property(modelArb({ absences: "mixed", changes: true, tMin: 20 }), (m) => {
        const s = planModel(m, { backup: false })
        const P = servers(s, m.T)
        const L = replay(m, P)
        for (let i = 0; i < m.n; i++) {
          for (let t = 0; t < m.T; t++) {
            if (!present(m, i, t)) expect(P[t]).not.toBe(i)
            if (t < (m.join[i] ?? 0)) expect((L.E[t] as ReadonlyArray<Frac>)[i]?.isZero()).toBe(true)
            const prod = parse(Rotation.lagsAfter(s, t).get(`m${i}` as never)?.exact as string)
            expect(prod.toString()).toBe((L.lag[t] as ReadonlyArray<Frac>)[i]?.toString())
          }
          const rw = m.reweight[i]
          if (rw !== undefined && rw.at < m.T) {
            const without: Model = { ...m, reweight: m.reweight.map((x, j) => (j === i ? undefined : x)) }
            const L0 = replay(without, servers(planModel(without, { backup: false }), m.T))
            for (let t = 0; t < rw.at; t++) expect((L.E[t] as ReadonlyArray<Frac>)[i]?.toString()).toBe((L0.E[t] as ReadonlyArray<Frac>)[i]?.toString())
          }
        }
      }),
      runs(30)
    )
  })

  it("11. overrides: a trade moves X by exactly ±1 between the shifts and nets out; a cover by ±1 from then on", () => {
    fc.assert(
      fc.property(modelArb({ absences: "pause", tMin: 12, tMax: 40 }), fc.nat(1000), (m, r) => {
        const a = planModel(m, { backup: false })
        const published = a.duties
        const s1 = r % (m.T - 4)
        const s2 = s1 + 1 + (r % 3)
        const x = published.find((d) => d.shift === s1)?.primary as string
        const y = published.find((d) => d.shift === s2)?.primary as string
        const X = (sch: Rotation.Schedule, who: string, t: number) => sch.duties.filter((d) => d.shift <= t && d.primary === who).length
        if (x !== y) {
          const traded = planModel(m, {
            published,
            backup: false,
            overrides: [{ kind: "trade", shifts: [s1, s2], members: [x as never, y as never], recordedAt: "2025-01-01T00:00:00Z", recordedBy: "lead" }]
          })
          for (let t = 0; t < m.T; t++) {
            const dx = X(traded, x, t) - X(a, x, t)
            const dy = X(traded, y, t) - X(a, y, t)
            const inside = t >= s1 && t < s2
            expect([dx, dy]).toEqual(inside ? [-1, 1] : [0, 0])
          }
        }
        const coverer = (Number(x.slice(1)) + 1) % m.n
        const covered = planModel(m, {
          published,
          backup: false,
          overrides: [{ kind: "cover", shift: s1, member: `m${coverer}` as never, replaces: x as never, recordedAt: "2025-01-01T00:00:00Z" }]
        })
        for (let t = 0; t < m.T; t++) {
          expect(X(covered, x, t) - X(a, x, t)).toBe(t >= s1 ? -1 : 0)
          expect(X(covered, `m${coverer}`, t) - X(a, `m${coverer}`, t)).toBe(t >= s1 ? 1 : 0)
        }
        const rep = Rotation.report(covered)
        expect(rep.primary.find((p) => p.member === x)?.overrideBalance).toBe(-1)
        expect(rep.primary.find((p) => p.member === `m${coverer}`)?.overrideBalance).toBe(1)
      }),
      runs(30)
    )
  })

  it("12. recovery after one cover: max |lag| <= B + 1, and <= B again after n + ceil(1/p_min) shifts", () => {
    fc.assert(
      fc.property(modelArb({ nMax: 6, tMin: 40, tMax: 80 }), fc.nat(1000), (m, r) => {
        const base = planModel(m, { backup: false })
        const B = parse(Rotation.explain(base, 0).bound?.exact as string)
        const t0 = 5 + (r % 20)
        const was = base.duties.find((d) => d.shift === t0)?.primary as string
        const by = `m${(Number(was.slice(1)) + 1 + (r % (m.n - 1))) % m.n}`
        const s = planModel(m, { backup: false, overrides: [{ kind: "cover", shift: t0, member: by as never, recordedAt: "2025-01-01T00:00:00Z" }] })
        const L = replay(m, servers(s, m.T))
        const W = m.tenths.reduce((a, b) => a + b, 0)
        const pmin = Math.min(...m.tenths) / W
        const settle = t0 + m.n + Math.ceil(1 / pmin)
        L.lag.forEach((row, t) => {
          for (const x of row) {
            expect(x.abs().cmp(B.plus(Frac.of(1)))).toBeLessThanOrEqual(0)
            if (t >= settle) expect(x.abs().cmp(B)).toBeLessThanOrEqual(0)
          }
        })
      }),
      runs(30)
    )
  })

  it("13. no gratuitous back-to-back: a repeat Primary means every other candidate fails the guard (brute-force oracle)", () => {
    const H = 5
    fc.assert(
      fc.property(modelArb({ nMax: 4, tMin: 10, tMax: 30, absences: "pause" }), (m) => {
        const s = planModel(m, { backup: false, horizon: H })
        const P = servers(s, m.T)
        const L = replay(m, P)
        for (let t = 1; t < m.T; t++) {
          if (P[t] !== P[t - 1]) continue
          const others = [...Array(m.n).keys()].filter((i) => i !== P[t] && available(m, i, t))
          if (others.length === 0) continue
          const bound = parse(Rotation.explain(s, t).bound?.exact as string)
          const end = Math.min(m.T, t + H)
          for (const c of others) {
            // Can the window [t, end) be completed within the bound with c at t?
            const seq = P.slice()
            const go = (u: number): boolean => {
              if (u === end) return maxAbs(replay({ ...m, T: end }, seq).lag.slice(t)).cmp(bound) <= 0
              for (let i = 0; i < m.n; i++) {
                if (!available(m, i, u) || (u === t && i !== c)) continue
                seq[u] = i
                if (go(u + 1)) return true
              }
              return false
            }
            expect(go(t)).toBe(false)
          }
          void L
        }
      }),
      runs(25)
    )
  })

  it("14. long run: |X - E| <= max B_goal, and B_goal = B* throughout without absences", () => {
    fc.assert(
      fc.property(modelArb({ absences: "mixed", tMin: 30, tMax: 100 }), (m) => {
        const s = planModel(m, { backup: false })
        const L = replay(m, servers(s, m.T))
        let goal = ZERO
        const bounds: Array<string> = []
        for (let t = 0; t < m.T; t++) {
          const b = Rotation.explain(s, t).bound
          if (b !== undefined) {
            bounds.push(b.exact)
            const q = parse(b.exact)
            if (q.cmp(goal) > 0) goal = q
          }
        }
        expect(maxAbs(L.lag).cmp(goal)).toBeLessThanOrEqual(0)
        if (m.absences.length === 0) expect(new Set(bounds).size).toBe(1)
      }),
      runs(30)
    )
  })
})

function parse(text: string): Frac {
  const [n, d] = text.split("/")
  return new Frac(BigInt(n as string), BigInt(d ?? "1"))
}
