// Differential check for Rotation.plan: a fixed, seeded set of varied inputs (the example
// team, random teams, absences known early and late, Pause and Owe, roster changes,
// published prefixes, covers and trades, closed shifts, gaps, other horizons and
// strategies) and a fingerprint of everything a plan says. The fixture
// `fixtures/rotation-golden.json` holds the fingerprints of the planner before its
// optimisation; `Rotation.golden.test.ts` asserts every later planner reproduces them
// exactly, so a speed-up can never silently change a schedule, an explanation or a report.
// Regenerate only on purpose (a deliberate change of results):
//   node --import tsx --conditions=@sre-uxdd/source packages/core/test/fixtures/writeRotationGolden.ts
import { createHash } from "node:crypto"
import { Coverage, Rotation, Team, Types } from "../src/index.js"

const WEEK = 7 * 86_400_000
const ORIGIN = Date.UTC(2025, 0, 6)
const atWeek = (t: number) => new Date(ORIGIN + t * WEEK).toISOString()
const WEEKLY = { start: "2025-01-06", at: "08:00", length: { weeks: 1 }, timeZone: "America/Los_Angeles" } as const
const WEEKLY_UTC = { start: "2025-01-06", length: { weeks: 1 }, timeZone: "UTC" } as const

// mulberry32: a tiny seeded generator, so the cases never depend on a library's version.
const rng = (seed: number) => {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let x = Math.imul(s ^ (s >>> 15), 1 | s)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}
type Rnd = () => number
const int = (r: Rnd, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1))
const pick = <A>(r: Rnd, xs: ReadonlyArray<A>): A => xs[Math.floor(r() * xs.length)] as A

export interface GoldenCase {
  readonly name: string
  readonly input: () => Rotation.PlanInput
}

export interface Fingerprint {
  readonly name: string
  /** `"shift:P.B"` per duty (member indexes), `!` marks an assignment an override changed. */
  readonly duties: string
  /** sha256 of every explanation (both roles) and of the fairness report. */
  readonly explain: string
  readonly report: string
  /** The error message when the plan is rejected. */
  readonly error?: string
}

const EXAMPLE = [1, 1, 0.5, 0.5, 0.5, 0.8, 0.3]
const memberSpec = (w: number, i: number, extra: object = {}) => ({ id: `m${String(i).padStart(2, "0")}`, name: `M${i}`, weight: w, ...extra })

// Two-week absences, about `perYear` per member per year, some Owe.
const absencesFor = (r: Rnd, n: number, T: number, perYear: number, oweShare: number, len = 2) =>
  Array.from({ length: n }, (_, i) =>
    Array.from({ length: Math.max(1, Math.round((perYear * T) / 52)) }, () => {
      const from = int(r, 0, Math.max(0, T - 1))
      const l = int(r, 1, len)
      return {
        member: `m${String(i).padStart(2, "0")}`,
        start: atWeek(from),
        end: atWeek(from + l),
        kind: pick(r, ["vacation", "travel", "training", "other"] as const),
        accrues: r() < oweShare ? ("owe" as const) : ("pause" as const)
      }
    })).flat()

const WEIGHTS = [1, 0.9, 0.8, 0.75, 0.7, 0.6, 0.5, 0.4, 0.35, 0.3, 0.25, 0.2, 0.1, 0.125, 0.33, 0.05]

const randomTeam = (r: Rnd, n: number, T: number, opts: { absences: boolean; changes: boolean; roles: boolean }) => {
  const members = Array.from(
    { length: n },
    (_, i) => memberSpec(pick(r, WEIGHTS), i, opts.roles ? { backup: { qualified: i < 2 || r() < 0.75, senior: r() < 0.4 } } : {})
  )
  const changes = opts.changes
    ? members.flatMap((m, i) => {
      if (i < 2) return []
      const out: Array<{ member: string; at: string; kind: "join" | "leave" | "weight"; weight?: number }> = []
      const join = r() < 0.25 ? int(r, 1, Math.floor(T / 2)) : 0
      if (join > 0) out.push({ member: m.id, at: atWeek(join), kind: "join" })
      if (r() < 0.25) out.push({ member: m.id, at: atWeek(int(r, join + 2, T + 4)), kind: "leave" })
      if (r() < 0.3) out.push({ member: m.id, at: atWeek(int(r, 1, T)), kind: "weight", weight: pick(r, WEIGHTS) })
      return out
    })
    : []
  const absences = opts.absences ? absencesFor(r, n, T, 3 + r() * 4, r() * 0.4, 3) : []
  return { members, changes, absences }
}

const covers = (r: Rnd, sched: Rotation.Schedule, from: number, count: number, role: "primary" | "backup") => {
  const out: Array<Rotation.Override> = []
  const duties = sched.duties.filter((d) => d.shift >= from)
  for (let k = 0; k < count && duties.length > 0; k++) {
    const d = pick(r, duties)
    const other = sched.members.find((m) => m !== d.primary && m !== d.backup && r() < 0.5) ?? sched.members.find((m) => m !== d.primary && m !== d.backup)
    if (other === undefined) continue
    out.push({ kind: "cover", shift: d.shift, role, member: other, recordedAt: "2025-01-01T00:00:00Z", recordedBy: "lead" })
  }
  return out
}

const trades = (r: Rnd, published: ReadonlyArray<Types.Duty>, count: number) => {
  const out: Array<Rotation.Override> = []
  for (let k = 0; k < count && published.length > 1; k++) {
    const a = pick(r, published)
    const b = pick(r, published)
    if (a.shift === b.shift || a.primary === b.primary) continue
    out.push({ kind: "trade", shifts: [a.shift, b.shift], members: [a.primary, b.primary], recordedAt: "2025-01-02T00:00:00Z" })
  }
  return out
}

// Drops the overrides a plan rejects (a conflicting pair, a member both Primary and
// Backup), so every case exercises valid overrides.
const validOverrides = (base: Omit<Rotation.PlanInput, "overrides">, overrides: ReadonlyArray<Rotation.Override>): ReadonlyArray<Rotation.Override> => {
  let kept = overrides
  for (let round = 0; round < 4; round++) {
    try {
      Rotation.planSync({ ...base, overrides: kept, strategy: "greedy" })
      return kept
    } catch (e) {
      if (!(e instanceof Types.ValidationError)) return kept
      const bad = new Set(e.problems.flatMap((p) => [...p.path.matchAll(/overrides\[(\d+)\]/g)].map((m) => Number(m[1]))))
      if (bad.size === 0) return []
      kept = kept.filter((_, k) => !bad.has(k))
    }
  }
  return []
}

export const goldenCases = (): ReadonlyArray<GoldenCase> => {
  const cases: Array<GoldenCase> = []
  const example = Team.decodeSync({ members: EXAMPLE.map((w, i) => memberSpec(w, i)) })
  for (const strategy of Rotation.strategies) {
    cases.push({ name: `example team, 5 years, ${strategy}`, input: () => ({ team: example, shifts: WEEKLY, from: atWeek(0), to: atWeek(261), strategy }) })
  }
  for (const horizon of [1, 4, 26]) {
    cases.push({
      name: `example team, 3 years, horizon ${horizon}`,
      input: () => ({ team: example, shifts: WEEKLY, from: atWeek(0), to: atWeek(156), horizon })
    })
  }
  cases.push({ name: "example team, 2 years, no backup", input: () => ({ team: example, shifts: WEEKLY, from: atWeek(0), to: atWeek(104), backup: false }) })
  for (const seed of [1, 2, 3]) {
    const r = rng(seed)
    const team = Team.decodeSync({ members: EXAMPLE.map((w, i) => memberSpec(w, i)), absences: absencesFor(r, 7, 261, 3, seed === 3 ? 0.3 : 0) })
    cases.push({ name: `example team, 5 years, random absences seed ${seed}`, input: () => ({ team, shifts: WEEKLY, from: atWeek(0), to: atWeek(261) }) })
  }
  // The example team with seniors and unqualified members (pairing and the Backup pool).
  {
    const team = Team.decodeSync({
      members: EXAMPLE.map((w, i) => memberSpec(w, i, { backup: { senior: i === 0 || i === 5, qualified: i !== 6 } })),
      absences: absencesFor(rng(9), 7, 156, 4, 0.2)
    })
    cases.push({ name: "example team, seniors and an unqualified member, absences", input: () => ({ team, shifts: WEEKLY, from: atWeek(0), to: atWeek(156) }) })
  }
  // Coverage: closed holiday weeks are skipped; daily shifts skip weekends.
  {
    const coverage = Coverage.make({
      timeZone: "America/Los_Angeles",
      weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], windows: ["08:00-12:00", "13:00-17:00"] }],
      holidays: {
        dates: ["2025-12-22", "2025-12-23", "2025-12-24", "2025-12-25", "2025-12-26", "2026-12-21", "2026-12-22", "2026-12-23", "2026-12-24", "2026-12-25"]
      }
    })
    const team = Team.decodeSync({ members: EXAMPLE.map((w, i) => memberSpec(w, i)), absences: absencesFor(rng(11), 7, 110, 4, 0.3) })
    cases.push({
      name: "coverage with closed weeks, weekly",
      input: () => ({ team, coverage, shifts: { start: "2025-01-06", at: "08:00", length: { weeks: 1 } }, from: atWeek(0), to: atWeek(110) })
    })
    const small = Team.decodeSync({ members: [1, 0.5, 0.5, 0.8].map((w, i) => memberSpec(w, i)), absences: absencesFor(rng(12), 4, 20, 5, 0.3) })
    cases.push({
      name: "coverage, daily shifts over 20 weeks",
      input: () => ({ team: small, coverage, shifts: { start: "2025-01-06", at: "08:00", length: { days: 1 } }, from: atWeek(0), to: atWeek(20), horizon: 10 })
    })
    cases.push({
      name: "coverage, 12-hour shifts, unavailable share 0.2",
      input: () => ({
        team: small,
        coverage,
        shifts: { start: "2025-01-06", at: "08:00", length: { hours: 12 } },
        from: atWeek(0),
        to: atWeek(6),
        unavailableShare: 0.2
      })
    })
  }
  // Gaps: three members often all away.
  {
    const team = Team.decodeSync({ members: [1, 0.5, 0.3].map((w, i) => memberSpec(w, i)), absences: absencesFor(rng(13), 3, 80, 10, 0.3) })
    cases.push({ name: "gaps allowed", input: () => ({ team, shifts: WEEKLY_UTC, from: atWeek(0), to: atWeek(80), allowGaps: true }) })
    const both = Team.decodeSync({
      members: [1, 0.5].map((w, i) => memberSpec(w, i)),
      absences: [0, 1].map((i) => ({ member: `m0${i}`, start: atWeek(5), end: atWeek(6) }))
    })
    cases.push({ name: "nobody available, gaps not allowed (rejected)", input: () => ({ team: both, shifts: WEEKLY_UTC, from: atWeek(0), to: atWeek(10) }) })
  }
  // Random teams: weights with mixed denominators, absences, roster changes, qualified and senior flags.
  for (let seed = 100; seed < 132; seed++) {
    const r = rng(seed)
    const n = int(r, 2, 12)
    const T = int(r, 20, 160)
    const spec = randomTeam(r, n, T, { absences: r() < 0.85, changes: r() < 0.6, roles: r() < 0.6 })
    const team = Team.decodeSync(spec)
    const horizon = pick(r, [13, 13, 13, 6, 20])
    cases.push({
      name: `random team seed ${seed} (n=${n}, T=${T}, horizon ${horizon})`,
      input: () => ({ team, shifts: WEEKLY_UTC, from: atWeek(0), to: atWeek(T), horizon, allowGaps: true })
    })
  }
  // Published prefixes, late absences, roster changes after publishing, covers and trades.
  for (let seed = 200; seed < 216; seed++) {
    const r = rng(seed)
    const n = int(r, 3, 9)
    const T = int(r, 30, 120)
    const before = randomTeam(r, n, T, { absences: r() < 0.5, changes: false, roles: r() < 0.5 })
    const after = {
      ...before,
      absences: [...before.absences, ...absencesFor(r, n, T, 4, 0.3)],
      changes: randomTeam(r, n, T, { absences: false, changes: true, roles: false }).changes
    }
    const k = int(r, 1, Math.min(26, T - 2))
    const input = (): Rotation.PlanInput => {
      const first = Rotation.planSync({ team: Team.decodeSync(before), shifts: WEEKLY_UTC, from: atWeek(0), to: atWeek(T), allowGaps: true })
      const published = first.duties.filter((d) => d.shift < k)
      const base = { team: Team.decodeSync(after), shifts: WEEKLY_UTC, from: atWeek(0), to: atWeek(T), published, allowGaps: true }
      const rr = rng(seed * 7)
      const overrides = validOverrides(base, [...trades(rr, published, 2), ...covers(rr, first, k, 3, "primary"), ...covers(rr, first, k, 2, "backup")])
      return { ...base, overrides }
    }
    cases.push({ name: `published prefix seed ${seed} (n=${n}, T=${T}, k=${k})`, input })
  }
  // The large benchmark's shape, shortened: 50 members, 1 year, many absences.
  {
    const r = rng(500)
    const members = Array.from({ length: 50 }, (_, i) => memberSpec((1 + Math.floor(r() * 10)) / 10, i))
    const team = Team.decodeSync({ members, absences: absencesFor(r, 50, 52, 3, 0.2) })
    cases.push({ name: "50 members, 1 year, absences", input: () => ({ team, shifts: WEEKLY, from: atWeek(0), to: atWeek(52) }) })
  }
  return cases
}

const sha = (x: unknown) => createHash("sha256").update(JSON.stringify(x)).digest("hex").slice(0, 32)

export const fingerprint = (c: GoldenCase): Fingerprint => {
  let s: Rotation.Schedule
  try {
    s = Rotation.planSync(c.input())
  } catch (e) {
    return { name: c.name, duties: "", explain: "", report: "", error: e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e) }
  }
  const ix = new Map(s.members.map((m, i) => [m as string, i.toString(36)]))
  const who = (m: string | undefined) => (m === undefined ? "-" : (ix.get(m) ?? "?"))
  const duties = s.duties
    .map((d, k) => {
      const a = s.assigned[k] as Types.Duty
      const mark = a.primary !== d.primary || a.backup !== d.backup ? "!" : ""
      return `${d.shift}:${who(d.primary)}.${who(d.backup)}${mark}`
    })
    .join(" ")
  const explanations = s.shifts.flatMap((sh) => (["primary", "backup"] as const).map((role) => Rotation.explain(s, sh.index, role)))
  return { name: c.name, duties, explain: sha(explanations), report: sha(Rotation.report(s)) }
}
