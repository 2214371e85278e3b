// What one planner run keeps between shifts: each role's ledger and last accrual pool, the
// target bound B* per team, the assignable positions with their share tables (built once,
// on first use), and the guard's windows. Everything the phases in engine.ts and choose.ts
// read or update lives here, so each phase is a plain function of this state.
import * as Q from "./rational.js"
import { Ledger, type Numerators } from "./ledger.js"
import { Guard, optimalBound, type ShareTable, Window } from "./guard.js"
import type { EngineInput, Slot } from "./types.js"

export type Role = "primary" | "backup"

/** A role's accrual pool at a shift; read-only once made. */
export interface Pool {
  readonly pool: Uint8Array
  readonly list: ReadonlyArray<number>
  readonly S: bigint
  /** The weights it was made with. */
  readonly a: ReadonlyArray<bigint>
}

export interface RoleState {
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

export interface RunState {
  readonly input: EngineInput
  readonly primary: RoleState
  readonly backup: RoleState
  /** Positions that can be assigned (covered, someone available): the guard's slots. */
  readonly assignable: ReadonlyArray<number>
  /** Index into `assignable` of the first position at or after the current shift. */
  nextAssignable: number
  /** Who was on the team at the previous shift (leaves take effect when this changes). */
  prevPresent: Uint8Array | undefined
  readonly guard: Guard
  readonly windows: { readonly primary: Window; readonly backup: Window }
  readonly tables: { primary: ShareTable | undefined; backup: ShareTable | undefined }
  readonly bstarCache: Map<string, Q.Q>
  /** The last team per role with its B* (consecutive shifts almost always share it). */
  readonly lastTeam: { readonly primary: { readonly a: Array<bigint>; b: Q.Q }; readonly backup: { readonly a: Array<bigint>; b: Q.Q } }
}

const SAFE = BigInt(2 ** 52)

export const tijdeman = (n: number): Q.Q => (n <= 1 ? Q.ZERO : Q.make(BigInt(2 * n - 3), BigInt(2 * n - 2)))

const newRole = (n: number): RoleState => ({
  pool: undefined,
  ledger: new Ledger(n),
  last: -1,
  swrr: new Array<bigint>(n).fill(0n),
  queue: [],
  extra: new Array<Q.Q>(n).fill(Q.ZERO),
  bound: undefined
})

export const begin = (input: EngineInput): RunState => {
  const assignable: Array<number> = []
  for (let p = 0; p < input.slots.length; p++) {
    const s = input.slots[p] as Slot
    if (s.covered > 0 && s.avail.some((x) => x === 1)) assignable.push(p)
  }
  return {
    input,
    primary: newRole(input.n),
    backup: newRole(input.n),
    assignable,
    nextAssignable: 0,
    prevPresent: undefined,
    guard: new Guard(),
    windows: { primary: new Window(input.n, input.horizon), backup: new Window(input.n, input.horizon) },
    tables: { primary: undefined, backup: undefined },
    bstarCache: new Map(),
    lastTeam: { primary: { a: [], b: Q.ZERO }, backup: { a: [], b: Q.ZERO } }
  }
}

/** Moves `nextAssignable` to the first assignable position at or after `p`. */
export const advanceTo = (run: RunState, p: number): void => {
  while (run.nextAssignable < run.assignable.length && (run.assignable[run.nextAssignable] as number) < p) run.nextAssignable++
}

/** B*, the target bound: it depends only on the weights of the members on the role's team. */
export const targetBound = (run: RunState, a: ReadonlyArray<bigint>, slot: Slot, role: Role): Q.Q => {
  const { n, qualified } = run.input
  const last = run.lastTeam[role]
  let same = true
  for (let i = 0; i < n && same; i++) {
    const on = slot.present[i] === 1 && (role === "primary" || qualified[i] === true)
    same = (on ? (a[i] as bigint) : 0n) === last.a[i]
  }
  if (same) return last.b
  const ws: Array<bigint> = []
  for (let i = 0; i < n; i++) {
    const on = slot.present[i] === 1 && (role === "primary" || qualified[i] === true)
    last.a[i] = on ? (a[i] as bigint) : 0n
    if (on && (a[i] as bigint) > 0n) ws.push(a[i] as bigint)
  }
  const key = ws.join(",")
  let b = run.bstarCache.get(key)
  if (b === undefined) {
    b = optimalBound(ws) ?? tijdeman(ws.length)
    run.bstarCache.set(key, b)
  }
  last.b = b
  return b
}

// A role's accrual pool at a shift; consecutive shifts usually share it, and its arrays
// and total are read-only once made, so an equal pool reuses the previous one.
export const poolOf = (run: RunState, state: RoleState, a: ReadonlyArray<bigint>, member: (i: number) => boolean): Pool => {
  const n = run.input.n
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

// The pool total of one shift, in doubles while exact (one bigint per distinct total, not
// per member); `inPool` receives who is in the role's pool.
const poolTotal = (run: RunState, sl: Slot, role: Role, inPool: Uint8Array, lastTotal: bigint): bigint => {
  const { n, qualified } = run.input
  let sum = 0
  for (let i = 0; i < n; i++) {
    const ok = role === "primary"
      ? sl.present[i] === 1 && (sl.avail[i] === 1 || sl.owes[i] === 1)
      : sl.present[i] === 1 && sl.avail[i] === 1 && qualified[i] === true
    inPool[i] = ok ? 1 : 0
    if (ok) {
      const w = sl.weight[i] as bigint
      sum = w <= SAFE ? sum + Number(w) : NaN
    }
  }
  if (sum <= 2 ** 52) return Number(lastTotal) === sum ? lastTotal : BigInt(sum)
  let total = 0n
  for (let i = 0; i < n; i++) if (inPool[i] === 1) total += sl.weight[i] as bigint
  return total
}

// Per role, every assignable shift's pool shares and who is on the team and available,
// built once so each window is filled by copying h rows.
const tableOf = (run: RunState, role: Role): ShareTable => {
  const { n, qualified, slots } = run.input
  const K = run.assignable.length
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
    const sl = slots[run.assignable[k] as number] as Slot
    const total = poolTotal(run, sl, role, inPool, lastTotal)
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
      const onTeam = sl.present[i] === 1 && (role === "primary" || qualified[i] === true)
      present[x] = onTeam ? 1 : 0
      avail[x] = onTeam && sl.avail[i] === 1 ? 1 : 0
    }
  }
  return { S, Snum, weight, weightNum, d, present, avail }
}

// The window is the next `horizon` assignable shifts from p; p itself is assignable (it has
// a candidate), so they are consecutive table rows from nextAssignable.
export const buildWindow = (run: RunState, role: Role, p: number, pre: Numerators, L: bigint, Lnum: number, slot0Avail: (i: number) => boolean): Window => {
  const k0 = run.nextAssignable
  if (run.assignable[k0] !== p) throw new Error(`internal: shift position ${p} is not assignable`)
  const table = (run.tables[role] ??= tableOf(run, role))
  const w = run.windows[role]
  w.reset(table, k0, Math.min(run.input.horizon, run.assignable.length - k0), pre, L, Lnum)
  for (let i = 0; i < run.input.n; i++) w.avail[i] = slot0Avail(i) ? 1 : 0
  return w
}
