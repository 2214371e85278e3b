// Who takes a role at one shift, by strategy: the rotating baselines (round-robin, smooth
// weighted round-robin, nominal-50) and the lag-ordered ones (greedy: largest lag first;
// guarded: the first candidate the guard accepts, resting after a shift in the same role,
// and a senior Backup for a junior Primary when the budget allows).
import * as Q from "./rational.js"
import type { Numerators } from "./ledger.js"
import { type Bound, boundOf, type Guard, smallestBound, type Window } from "./guard.js"
import { buildWindow, type Role, type RoleState, type RunState, tijdeman } from "./runState.js"
import { NoCandidate, type Reason, type Slot } from "./types.js"

export interface Pick {
  readonly chosen: number
  readonly order: ReadonlyArray<number>
  readonly rejected: ReadonlyArray<{ readonly member: number; readonly reason: Reason }>
  readonly bound: Q.Q | undefined
  readonly paired: boolean
}

/** What a role's choice at one shift is made from. */
export interface Choice {
  readonly role: Role
  readonly p: number
  readonly candidates: ReadonlyArray<number>
  readonly a: ReadonlyArray<bigint>
  /** Lag numerators after this shift's accrual. */
  readonly pre: Numerators
  /** The Primary of this shift when choosing the Backup, else -1. */
  readonly primary: number
  /** B*, computed only by the strategies that need it. */
  readonly target: () => Q.Q
  /** Who may serve at the window's first shift. */
  readonly slot0Avail: (i: number) => boolean
}

/** A published (or otherwise fixed) choice. */
export const pinned = (member: number): Pick => ({ chosen: member, order: [member], rejected: [], bound: undefined, paired: false })

export const choose = (run: RunState, state: RoleState, c: Choice): Pick => {
  if (c.candidates.length === 0) throw new NoCandidate(c.p, c.role)
  switch (run.input.strategy) {
    case "round-robin":
      return roundRobin(run.input.n, state, c.candidates)
    case "swrr":
      return smoothWeighted(state, c.candidates, c.a)
    case "nominal-50":
      return nominalHalf(run, state, c)
    default:
      return byLag(run, state, c)
  }
}

const roundRobin = (n: number, state: RoleState, candidates: ReadonlyArray<number>): Pick => {
  let pick = candidates[0] as number
  for (let k = 1; k <= n; k++) {
    const i = (state.last + k + n) % n
    if (candidates.includes(i)) {
      pick = i
      break
    }
  }
  return pinned(pick)
}

const smoothWeighted = (state: RoleState, candidates: ReadonlyArray<number>, a: ReadonlyArray<bigint>): Pick => {
  let total = 0n
  for (const i of candidates) {
    total += a[i] as bigint
    state.swrr[i] = (state.swrr[i] as bigint) + (a[i] as bigint)
  }
  let pick = candidates[0] as number
  for (const i of candidates) if ((state.swrr[i] as bigint) > (state.swrr[pick] as bigint)) pick = i
  state.swrr[pick] = (state.swrr[pick] as bigint) - total
  return pinned(pick)
}

const nominalHalf = (run: RunState, state: RoleState, c: Choice): Pick => {
  for (let round = 0; round < 3; round++) {
    while (state.queue.length > 0) {
      const i = state.queue.shift() as number
      if (c.candidates.includes(i)) return pinned(i)
    }
    state.queue = nominalCycle(run, state, c)
  }
  return pinned(c.candidates[0] as number)
}

// A new nominal-50 cycle: everyone once (in id order), plus an extra turn whenever the
// share above 50% has added up to a whole one.
const nominalCycle = (run: RunState, state: RoleState, c: Choice): Array<number> => {
  const { n, half, qualified } = run.input
  const cycle: Array<number> = []
  const extras: Array<number> = []
  const sl = run.input.slots[c.p] as Slot
  for (let i = 0; i < n; i++) {
    if (sl.present[i] !== 1 || (c.role === "backup" && qualified[i] !== true)) continue
    cycle.push(i)
    const ai = c.a[i] as bigint
    const e = Q.add(state.extra[i] as Q.Q, Q.make(ai > half ? ai - half : 0n, half))
    if (Q.cmp(e, Q.ONE) >= 0) {
      extras.push(i)
      state.extra[i] = Q.sub(e, Q.ONE)
    } else state.extra[i] = e
  }
  return [...cycle, ...extras]
}

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

// A strict total order, so any sort gives the same result; insertion sort is the cheapest
// for a team's handful of candidates.
const lagOrder = (c: Choice, B0: Q.Q, L: bigint): Array<number> => {
  const order = c.candidates.slice()
  for (let k = 1; k < order.length; k++) {
    const x = order[k] as number
    let j = k - 1
    while (j >= 0 && precedes(c.pre, c.a, B0, L, x, order[j] as number)) {
      order[j + 1] = order[j] as number
      j--
    }
    order[j + 1] = x
  }
  return order
}

// Soft preference: whoever served the same role in the previous shift goes last.
const restLast = (order: ReadonlyArray<number>, prev: number): ReadonlyArray<number> => {
  if (!(order.length > 1 && order.includes(prev))) return order
  const tryOrder: Array<number> = []
  for (const i of order) if (i !== prev) tryOrder.push(i)
  tryOrder.push(prev)
  return tryOrder
}

const byLag = (run: RunState, state: RoleState, c: Choice): Pick => {
  const L = state.ledger.L
  // Largest pre-lag first; ties to the earlier Tijdeman deadline (B − ℓ)/e, then the id.
  const B0 = c.target()
  const order = lagOrder(c, B0, L)
  if (run.input.strategy === "greedy") return { chosen: order[0] as number, order, rejected: [], bound: undefined, paired: false }

  const prev = state.last
  const rested = order.length > 1 && order[0] === prev
  const tryOrder = restLast(order, prev)
  const w = buildWindow(run, c.role, c.p, c.pre, L, state.ledger.Lnum, c.slot0Avail)
  const first = guardedPick(run.guard, w, tryOrder, B0, state.bound)
  // Defensive: the guard found no bound; fall back to plain largest-lag-first.
  const { chosen, bound } = first ?? { chosen: order[0] as number, bound: undefined }
  const rejected: Array<{ member: number; reason: Reason }> = []
  if (rested && chosen !== prev) rejected.push({ member: prev, reason: "rest" })
  for (const x of tryOrder) {
    if (x === chosen) break
    if (!(rested && x === prev)) rejected.push({ member: x, reason: "guard" })
  }
  const pick = pairSenior(run, w, c, tryOrder, chosen, bound, B0, rejected)
  state.bound = pick.bound?.d
  return { chosen: pick.chosen, order: tryOrder, rejected, bound: pick.bound?.q(), paired: pick.paired }
}

const firstFeasible = (guard: Guard, w: Window, list: ReadonlyArray<number>, from: number, b: Bound): number => {
  for (let k = from; k < list.length; k++) if (guard.feasible(w, b, list[k] as number)) return list[k] as number
  return -1
}

// The first candidate in `tryOrder` the guard accepts under B*, or else under the smallest
// bound it can keep; undefined when it finds none.
const guardedPick = (
  guard: Guard,
  w: Window,
  tryOrder: ReadonlyArray<number>,
  B0: Q.Q,
  hint: number | undefined
): { readonly chosen: number; readonly bound: Bound } | undefined => {
  const star = boundOf(B0)
  if (guard.feasible(w, star, tryOrder[0] as number)) return { chosen: tryOrder[0] as number, bound: star }
  if (guard.feasible(w, star, -1)) {
    const chosen = firstFeasible(guard, w, tryOrder, 1, star)
    if (chosen >= 0) return { chosen, bound: star }
  }
  const bound = smallestBound(guard, w, star.d, hint)
  if (bound === undefined) return undefined
  const chosen = firstFeasible(guard, w, tryOrder, 0, bound)
  return chosen >= 0 ? { chosen, bound } : undefined
}

// Pairing: a senior Backup for a junior Primary, inside a looser budget.
const pairSenior = (
  run: RunState,
  w: Window,
  c: Choice,
  tryOrder: ReadonlyArray<number>,
  chosen: number,
  bound: Bound | undefined,
  B0: Q.Q,
  rejected: Array<{ member: number; reason: Reason }>
): { readonly chosen: number; readonly bound: Bound | undefined; readonly paired: boolean } => {
  const senior = run.input.senior
  if (!(c.role === "backup" && c.primary >= 0 && senior[c.primary] !== true && senior[chosen] !== true)) return { chosen, bound, paired: false }
  const budget = boundOf(Q.max(bound?.q() ?? B0, tijdeman(c.candidates.length + 1)))
  for (const x of tryOrder) {
    if (senior[x] !== true || x === chosen) continue
    if (run.guard.feasible(w, budget, x)) {
      rejected.push({ member: chosen, reason: "pairing" })
      return { chosen: x, bound: budget, paired: true }
    }
  }
  return { chosen, bound, paired: false }
}
