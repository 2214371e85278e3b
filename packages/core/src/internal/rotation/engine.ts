// The planner loop: one pass over the plan's shifts, each role on its own exact ledger.
// Inputs are already normalised (members sorted by id, absences resolved per shift), so the
// loop is deterministic whatever the order of the user's input.
import * as Q from "./rational.js"
import { Ledger, type Numerators } from "./ledger.js"
import { type Bound, boundOf, Guard, optimalBound, type ShareTable, smallestBound, Window } from "./guard.js"

export type StrategyName = "guarded" | "greedy" | "round-robin" | "nominal-50" | "swrr"

export interface Slot {
  readonly index: number
  readonly start: number
  readonly end: number
  readonly covered: number
  /** Members on the team. */
  readonly present: Uint8Array
  /** Members who may serve. */
  readonly avail: Uint8Array
  /** Members unavailable but still accruing (an `owe` absence). */
  readonly owes: Uint8Array
  /** Integer weight of each member at this shift (0 when not on the team). */
  readonly weight: ReadonlyArray<bigint>
}

export interface Pinned {
  readonly primary: number
  readonly backup: number
}

export interface EngineInput {
  readonly n: number
  readonly qualified: ReadonlyArray<boolean>
  readonly senior: ReadonlyArray<boolean>
  readonly slots: ReadonlyArray<Slot>
  /** Position of the first unpublished shift. */
  readonly frozen: number
  /** Published duty per position (< frozen). */
  readonly published: ReadonlyMap<number, Pinned>
  /** Who actually served, per position and role, when an override says so. */
  readonly overridePrimary: ReadonlyMap<number, number>
  readonly overrideBackup: ReadonlyMap<number, number>
  readonly strategy: StrategyName
  readonly horizon: number
  readonly backup: boolean
  readonly allowGaps: boolean
  /** Integer weight of 50% percent-time (for the "nominal-50" strategy). */
  readonly half: bigint
}

export type Reason = "guard" | "rest" | "pairing"

export interface RoleTrace {
  readonly L: bigint
  /** Lag numerators after this shift's accrual, before service (pre-lags). */
  readonly pre: Numerators
  /** Lag numerators after service. */
  readonly post: Numerators
  /** Accrual pool (1 = entitled this shift). */
  readonly pool: Uint8Array
  readonly S: bigint
  /** Candidates in the order they were considered. */
  readonly order: ReadonlyArray<number>
  readonly rejected: ReadonlyArray<{ readonly member: number; readonly reason: Reason }>
  /** The planner's (or the published) choice. */
  readonly assigned: number
  /** Who served, after overrides. */
  readonly actual: number
  readonly bound: Q.Q | undefined
  readonly source: "published" | "planned"
  readonly paired: boolean
}

export interface Step {
  readonly pos: number
  readonly kind: "skipped" | "gap" | "duty"
  readonly primary?: RoleTrace
  readonly backup?: RoleTrace
  /** Members whose leave took effect at this shift (their lag was shared out). */
  readonly left: ReadonlyArray<number>
}

export class NoCandidate {
  constructor(
    readonly pos: number,
    readonly role: "primary" | "backup"
  ) {}
}

const SAFE = BigInt(2 ** 52)

/**
 * Whether candidate x goes before y: larger pre-lag first; on equal pre-lags, the earlier
 * Tijdeman deadline (B − ℓ)/e, then the lower index. A strict total order.
 */
function precedes(pre: Numerators, a: ReadonlyArray<bigint>, B0: Q.Q, L: bigint, x: number, y: number): boolean {
  // Numerators are all numbers or all bigints: either compares exactly.
  const nx = pre[x] as number | bigint
  const ny = pre[y] as number | bigint
  if (nx !== ny) return nx > ny
  const ax = a[x] as bigint
  const ay = a[y] as bigint
  if (ax !== ay) {
    // The sign of B0 − nx/L, by cross-multiplication (L > 0): no gcd per comparison.
    const lhs = B0.n * L
    const rhs = BigInt(nx) * B0.d
    if (lhs !== rhs) return lhs > rhs ? ax > ay : ax < ay
  }
  return x < y
}

const tijdeman = (n: number): Q.Q => (n <= 1 ? Q.ZERO : Q.make(BigInt(2 * n - 3), BigInt(2 * n - 2)))

interface Pool {
  readonly pool: Uint8Array
  readonly list: ReadonlyArray<number>
  readonly S: bigint
  /** The weights it was made with. */
  readonly a: ReadonlyArray<bigint>
}

interface RoleState {
  /** The last accrual pool (reused while unchanged). */
  pool: Pool | undefined
  readonly ledger: Ledger
  last: number
  readonly swrr: Array<bigint>
  queue: Array<number>
  readonly extra: Array<Q.Q>
  /** The guard's bound at the previous shift (a hint for the next search). */
  bound: number | undefined
}

const newRole = (n: number): RoleState => ({
  pool: undefined,
  ledger: new Ledger(n),
  last: -1,
  swrr: new Array<bigint>(n).fill(0n),
  queue: [],
  extra: new Array<Q.Q>(n).fill(Q.ZERO),
  bound: undefined
})

export const run = (input: EngineInput): ReadonlyArray<Step> => {
  const { n, slots } = input
  const steps: Array<Step> = []
  const P = newRole(n)
  const B = newRole(n)
  const bstarCache = new Map<string, Q.Q>()
  // B* depends only on the weights of the members on the team (for the role); consecutive
  // shifts almost always share them, so the last team per role is checked before the map.
  const lastTeam = { primary: { a: [] as Array<bigint>, b: Q.ZERO }, backup: { a: [] as Array<bigint>, b: Q.ZERO } }
  const bstar = (a: ReadonlyArray<bigint>, slot: Slot, role: "primary" | "backup"): Q.Q => {
    const last = lastTeam[role]
    let same = true
    for (let i = 0; i < n && same; i++) {
      const on = slot.present[i] === 1 && (role === "primary" || input.qualified[i] === true)
      same = (on ? (a[i] as bigint) : 0n) === last.a[i]
    }
    if (same) return last.b
    const ws: Array<bigint> = []
    for (let i = 0; i < n; i++) {
      const on = slot.present[i] === 1 && (role === "primary" || input.qualified[i] === true)
      last.a[i] = on ? (a[i] as bigint) : 0n
      if (on && (a[i] as bigint) > 0n) ws.push(a[i] as bigint)
    }
    const key = ws.join(",")
    let b = bstarCache.get(key)
    if (b === undefined) {
      b = optimalBound(ws) ?? tijdeman(ws.length)
      bstarCache.set(key, b)
    }
    last.b = b
    return b
  }
  // Positions that can be assigned (covered, someone available): the guard's slots.
  const assignable: Array<number> = []
  for (let p = 0; p < slots.length; p++) {
    const s = slots[p] as Slot
    if (s.covered > 0 && s.avail.some((x) => x === 1)) assignable.push(p)
  }
  // Per role, every assignable shift's pool shares and who is on the team and available,
  // built once (on first use) so each window is filled by copying h rows.
  let tableP: ShareTable | undefined
  let tableB: ShareTable | undefined
  const guard = new Guard()
  const windowP = new Window(n, input.horizon)
  const windowB = new Window(n, input.horizon)
  let nextAssignable = 0
  let prevPresent: Uint8Array | undefined
  const nobody: ReadonlyArray<number> = []

  for (let p = 0; p < slots.length; p++) {
    const slot = slots[p] as Slot
    const a = slot.weight
    while (nextAssignable < assignable.length && (assignable[nextAssignable] as number) < p) nextAssignable++
    // Leaves take effect here: share the leaver's lag out by weight.
    let left = nobody
    if (prevPresent !== undefined) {
      let remaining: Array<number> | undefined
      for (let i = 0; i < n; i++) {
        if (prevPresent[i] === 1 && slot.present[i] === 0) {
          if (remaining === undefined) {
            remaining = []
            for (let j = 0; j < n; j++) if (slot.present[j] === 1 && prevPresent[j] === 1) remaining.push(j)
          }
          if (left === nobody) left = []
          ;(left as Array<number>).push(i)
          P.ledger.redistribute(i, remaining, a)
          // The leaver was on the Backup team too when qualified (it was present before).
          if (input.qualified[i] === true) B.ledger.redistribute(i, remaining.filter((j) => input.qualified[j] === true), a)
        }
      }
    }
    prevPresent = slot.present

    if (slot.covered <= 0) {
      steps.push({ pos: p, kind: "skipped", left })
      continue
    }
    const published = input.published.get(p)
    const candidates: Array<number> = []
    for (let i = 0; i < n; i++) if (slot.avail[i] === 1 && slot.present[i] === 1) candidates.push(i)
    if (candidates.length === 0 && published === undefined) {
      if (input.allowGaps) {
        steps.push({ pos: p, kind: "gap", left })
        continue
      }
      throw new NoCandidate(p, "primary")
    }

    // Primary.
    const { pool, list: poolList, S } = poolOf(P, a, (i) => slot.present[i] === 1 && (slot.avail[i] === 1 || slot.owes[i] === 1))
    P.ledger.accrue(poolList, a, S)
    const preP = P.ledger.snapshot()
    const primaryPick =
      published !== undefined
        ? { chosen: published.primary, order: [published.primary], rejected: [], bound: undefined, paired: false }
        : choose(input, P, "primary", p, candidates, a, preP, -1, () => bstar(a, slot, "primary"), (i) => slot.avail[i] === 1)
    const actualPrimary = input.overridePrimary.get(p) ?? primaryPick.chosen
    P.ledger.serve(actualPrimary)
    const primary: RoleTrace = {
      L: P.ledger.L,
      pre: preP,
      post: P.ledger.snapshot(),
      pool,
      S,
      order: primaryPick.order,
      rejected: primaryPick.rejected,
      assigned: primaryPick.chosen,
      actual: actualPrimary,
      bound: primaryPick.bound,
      source: published !== undefined ? "published" : "planned",
      paired: false
    }
    P.last = actualPrimary

    // Backup: its own ledger over qualified, available members other than the Primary.
    let backup: RoleTrace | undefined
    if (input.backup) {
      const { pool: bpool, list: bList, S: SB } = poolOf(
        B,
        a,
        (i) => i !== actualPrimary && input.qualified[i] === true && slot.avail[i] === 1 && slot.present[i] === 1
      )
      const pinned = published !== undefined && published.backup >= 0 ? published.backup : undefined
      if (bList.length > 0 || pinned !== undefined) {
        B.ledger.accrue(bList, a, SB)
        const preB = B.ledger.snapshot()
        const pick =
          pinned !== undefined
            ? { chosen: pinned, order: [pinned], rejected: [], bound: undefined, paired: false }
            : choose(
                input,
                B,
                "backup",
                p,
                bList,
                a,
                preB,
                actualPrimary,
                () => bstar(a, slot, "backup"),
                (i) => bpool[i] === 1
              )
        const actual = input.overrideBackup.get(p) ?? pick.chosen
        B.ledger.serve(actual)
        backup = {
          L: B.ledger.L,
          pre: preB,
          post: B.ledger.snapshot(),
          pool: bpool,
          S: SB,
          order: pick.order,
          rejected: pick.rejected,
          assigned: pick.chosen,
          actual,
          bound: pick.bound,
          source: pinned !== undefined ? "published" : "planned",
          paired: pick.paired
        }
        B.last = actual
      }
    }
    steps.push(backup === undefined ? { pos: p, kind: "duty", primary, left } : { pos: p, kind: "duty", primary, backup, left })
  }
  return steps

  function tableOf(role: "primary" | "backup"): ShareTable {
    const K = assignable.length
    const S: Array<bigint> = []
    const Snum = new Float64Array(K)
    const weight: Array<ReadonlyArray<bigint>> = []
    const weightNum = new Float64Array(K * n)
    const d = new Float64Array(K * n)
    const present = new Uint8Array(K * n)
    const avail = new Uint8Array(K * n)
    const inPool = new Uint8Array(n)
    let lastTotal = 0n
    for (let k = 0; k < K; k++) {
      const sl = slots[assignable[k] as number] as Slot
      // The pool total in doubles while exact (one bigint per distinct total, not per member).
      let sum = 0
      for (let i = 0; i < n; i++) {
        const ok =
          role === "primary"
            ? sl.present[i] === 1 && (sl.avail[i] === 1 || sl.owes[i] === 1)
            : sl.present[i] === 1 && sl.avail[i] === 1 && input.qualified[i] === true
        inPool[i] = ok ? 1 : 0
        if (ok) {
          const w = sl.weight[i] as bigint
          sum = w <= SAFE ? sum + Number(w) : NaN
        }
      }
      let total: bigint
      if (sum <= 2 ** 52) total = Number(lastTotal) === sum ? lastTotal : BigInt(sum)
      else {
        total = 0n
        for (let i = 0; i < n; i++) if (inPool[i] === 1) total += sl.weight[i] as bigint
      }
      lastTotal = total
      S.push(total)
      Snum[k] = total <= SAFE ? Number(total) : NaN
      weight.push(sl.weight)
      for (let i = 0; i < n; i++) {
        const x = k * n + i
        const a = sl.weight[i] as bigint
        if (inPool[i] === 1) {
          weightNum[x] = a <= SAFE ? Number(a) : NaN
          d[x] = total > 0n ? Number(a) / Number(total) : 0
        }
        const onTeam = sl.present[i] === 1 && (role === "primary" || input.qualified[i] === true)
        present[x] = onTeam ? 1 : 0
        avail[x] = onTeam && sl.avail[i] === 1 ? 1 : 0
      }
    }
    return { S, Snum, weight, weightNum, d, present, avail }
  }

  // The window is the next `horizon` assignable shifts from p; p itself is assignable (it has
  // a candidate), so they are consecutive table rows from nextAssignable.
  function buildWindow(role: "primary" | "backup", p: number, pre: Numerators, L: bigint, Lnum: number, slot0Avail: (i: number) => boolean): Window {
    const k0 = nextAssignable
    if (assignable[k0] !== p) throw new Error(`internal: shift position ${p} is not assignable`)
    const table = role === "primary" ? (tableP ??= tableOf("primary")) : (tableB ??= tableOf("backup"))
    const w = role === "primary" ? windowP : windowB
    w.reset(table, k0, Math.min(input.horizon, assignable.length - k0), pre, L, Lnum)
    for (let i = 0; i < n; i++) w.avail[i] = slot0Avail(i) ? 1 : 0
    return w
  }

  // A role's accrual pool at a shift; consecutive shifts usually share it, and its arrays
  // and total are read-only once made, so an equal pool reuses the previous one.
  function poolOf(state: RoleState, a: ReadonlyArray<bigint>, member: (i: number) => boolean): Pool {
    const last = state.pool
    let same = last !== undefined
    for (let i = 0; i < n && same; i++) {
      const m = member(i)
      same = m === ((last as Pool).pool[i] === 1) && (!m || a[i] === (last as Pool).a[i])
    }
    if (same) return last as Pool
    const pool = new Uint8Array(n)
    const list: Array<number> = []
    let S = 0n
    for (let i = 0; i < n; i++) {
      if (member(i)) {
        pool[i] = 1
        list.push(i)
        S += a[i] as bigint
      }
    }
    state.pool = { pool, list, S, a }
    return state.pool
  }

  function firstFeasible(w: Window, list: ReadonlyArray<number>, from: number, b: Bound): number {
    for (let k = from; k < list.length; k++) if (guard.feasible(w, b, list[k] as number)) return list[k] as number
    return -1
  }

  function choose(
    inp: EngineInput,
    state: RoleState,
    role: "primary" | "backup",
    p: number,
    candidates: ReadonlyArray<number>,
    a: ReadonlyArray<bigint>,
    pre: Numerators,
    primary: number,
    target: () => Q.Q,
    slot0Avail: (i: number) => boolean
  ): {
    readonly chosen: number
    readonly order: ReadonlyArray<number>
    readonly rejected: ReadonlyArray<{ readonly member: number; readonly reason: Reason }>
    readonly bound: Q.Q | undefined
    readonly paired: boolean
  } {
    const L = state.ledger.L
    if (candidates.length === 0) throw new NoCandidate(p, role)
    switch (inp.strategy) {
      case "round-robin": {
        let pick = candidates[0] as number
        for (let k = 1; k <= n; k++) {
          const i = (state.last + k + n) % n
          if (candidates.includes(i)) {
            pick = i
            break
          }
        }
        return { chosen: pick, order: [pick], rejected: [], bound: undefined, paired: false }
      }
      case "swrr": {
        let total = 0n
        for (const i of candidates) {
          total += a[i] as bigint
          state.swrr[i] = (state.swrr[i] as bigint) + (a[i] as bigint)
        }
        let pick = candidates[0] as number
        for (const i of candidates) if ((state.swrr[i] as bigint) > (state.swrr[pick] as bigint)) pick = i
        state.swrr[pick] = (state.swrr[pick] as bigint) - total
        return { chosen: pick, order: [pick], rejected: [], bound: undefined, paired: false }
      }
      case "nominal-50": {
        const half = inp.half
        for (let round = 0; round < 3; round++) {
          while (state.queue.length > 0) {
            const i = state.queue.shift() as number
            if (candidates.includes(i)) return { chosen: i, order: [i], rejected: [], bound: undefined, paired: false }
          }
          // A new cycle: everyone once (in id order), plus an extra turn whenever the
          // share above 50% has added up to a whole one.
          const cycle: Array<number> = []
          const extras: Array<number> = []
          const sl = slots[p] as Slot
          for (let i = 0; i < n; i++) {
            if (sl.present[i] !== 1 || (role === "backup" && inp.qualified[i] !== true)) continue
            cycle.push(i)
            const ai = a[i] as bigint
            const e = Q.add(state.extra[i] as Q.Q, Q.make(ai > half ? ai - half : 0n, half))
            if (Q.cmp(e, Q.ONE) >= 0) {
              extras.push(i)
              state.extra[i] = Q.sub(e, Q.ONE)
            } else state.extra[i] = e
          }
          state.queue = [...cycle, ...extras]
        }
        const pick = candidates[0] as number
        return { chosen: pick, order: [pick], rejected: [], bound: undefined, paired: false }
      }
      default:
        break
    }
    // Largest pre-lag first; ties to the earlier Tijdeman deadline (B − ℓ)/e, then the id.
    const B0 = target()
    // A strict total order, so any sort gives the same result; insertion sort is the
    // cheapest for a team's handful of candidates.
    const order = candidates.slice()
    for (let k = 1; k < order.length; k++) {
      const x = order[k] as number
      let j = k - 1
      while (j >= 0 && precedes(pre, a, B0, L, x, order[j] as number)) {
        order[j + 1] = order[j] as number
        j--
      }
      order[j + 1] = x
    }
    if (inp.strategy === "greedy") return { chosen: order[0] as number, order, rejected: [], bound: undefined, paired: false }

    // Soft preference: rest after serving the same role in the previous shift.
    const prev = state.last
    let tryOrder = order
    const rested = order.length > 1 && order[0] === prev
    if (order.length > 1 && order.includes(prev)) {
      tryOrder = []
      for (const i of order) if (i !== prev) tryOrder.push(i)
      tryOrder.push(prev)
    }
    const w = buildWindow(role, p, pre, L, state.ledger.Lnum, slot0Avail)
    const star = boundOf(B0)
    let bound: Bound | undefined = star
    let chosen = -1
    if (guard.feasible(w, star, tryOrder[0] as number)) chosen = tryOrder[0] as number
    else {
      if (guard.feasible(w, star, -1)) chosen = firstFeasible(w, tryOrder, 1, star)
      if (chosen < 0) {
        bound = smallestBound(guard, w, star.d, state.bound)
        if (bound !== undefined) chosen = firstFeasible(w, tryOrder, 0, bound)
      }
    }
    if (chosen < 0) {
      // Defensive: the guard found no bound; fall back to plain largest-lag-first.
      chosen = order[0] as number
      bound = undefined
    }
    const rejected: Array<{ member: number; reason: Reason }> = []
    if (rested && chosen !== prev) rejected.push({ member: prev, reason: "rest" })
    for (const c of tryOrder) {
      if (c === chosen) break
      if (!(rested && c === prev)) rejected.push({ member: c, reason: "guard" })
    }
    // Pairing: a senior Backup for a junior Primary, inside a looser budget.
    let paired = false
    if (role === "backup" && primary >= 0 && inp.senior[primary] !== true && inp.senior[chosen] !== true) {
      const budget = boundOf(Q.max(bound?.q() ?? B0, tijdeman(candidates.length + 1)))
      for (const c of tryOrder) {
        if (inp.senior[c] !== true || c === chosen) continue
        if (guard.feasible(w, budget, c)) {
          rejected.push({ member: chosen, reason: "pairing" })
          chosen = c
          paired = true
          bound = budget
          break
        }
      }
    }
    state.bound = bound?.d
    return { chosen, order: tryOrder, rejected, bound: bound?.q(), paired }
  }
}
