// The look-ahead guard of fairness-theory.md §6: can the next h shifts still be assigned
// so that every member's |lag| stays within a bound B? Each member's k-th service inside
// the window has a release (earliest slot it may happen without |lag| > B the other way)
// and, when mandatory, a deadline; feasibility is then a bipartite matching of slots to
// services that covers every slot and every mandatory service (Mendelsohn–Dulmage), which
// two Kuhn phases find. Values are doubles with an exact rational fallback whenever a
// floor or ceiling lands within rounding distance of an integer.
import * as Q from "./rational.js"

export interface Window {
  /** Number of slots (assignable shifts) in the window. */
  readonly h: number
  /** Number of members (ledger index space). */
  readonly n: number
  /** `[s * n + i]`: 1 when member i is on the team at slot s (its lag is bounded there). */
  readonly present: Uint8Array
  /** `[s * n + i]`: 1 when member i may serve slot s. */
  readonly avail: Uint8Array
  /** `[s * n + i]`: lag of i after slot s if i serves nothing in the window. */
  readonly v: Float64Array
  /** The same, exactly, as an unreduced fraction (positive denominator). */
  readonly exact: (i: number, s: number) => { readonly n: bigint; readonly d: bigint }
}

export interface Bound {
  readonly d: number
  readonly q: () => Q.Q
}

export const boundOf = (q: Q.Q): Bound => ({ d: Q.toNumber(q), q: () => q })

const EPS = 1e-7

const floorPlus = (w: Window, i: number, s: number, b: Bound): number => {
  const x = (w.v[s * w.n + i] as number) + b.d
  const r = Math.round(x)
  if (Math.abs(x - r) > EPS) return Math.floor(x)
  const e = w.exact(i, s)
  const q = b.q()
  return Number(Q.floorDiv(e.n * q.d + q.n * e.d, e.d * q.d))
}

const ceilMinus = (w: Window, i: number, s: number, b: Bound): number => {
  const x = (w.v[s * w.n + i] as number) - b.d
  const r = Math.round(x)
  if (Math.abs(x - r) > EPS) return Math.ceil(x)
  const e = w.exact(i, s)
  const q = b.q()
  return -Number(Q.floorDiv(q.n * e.d - e.n * q.d, e.d * q.d))
}

/**
 * Whether the window can be completed with every present member's |lag| <= b at every
 * slot; with `pin >= 0`, slot 0 is served by member `pin`.
 */
export const feasible = (w: Window, b: Bound, pin: number): boolean => {
  const { h, n } = w
  const jobMember: Array<number> = []
  const jobRel: Array<number> = []
  const jobDl: Array<number> = []
  const hi = new Int32Array(h)
  const lo = new Int32Array(h)
  for (let i = 0; i < n; i++) {
    let first = -1
    let last = -1
    for (let s = 0; s < h; s++) {
      if (w.present[s * n + i] === 0) continue
      const up = floorPlus(w, i, s, b)
      const down = Math.max(0, ceilMinus(w, i, s, b))
      if (up < 0 || down > up) return false
      hi[s] = up
      lo[s] = down
      if (first < 0) first = s
      last = s
    }
    if (first < 0) continue
    const maxK = hi[last] as number
    let rel = first
    let dl = first
    for (let k = 1; k <= maxK; k++) {
      while (rel <= last && (w.present[rel * n + i] === 0 || (hi[rel] as number) < k)) rel++
      if (rel > last) break
      while (dl <= last && (w.present[dl * n + i] === 0 || (lo[dl] as number) < k)) dl++
      jobMember.push(i)
      jobRel.push(rel)
      jobDl.push(dl <= last ? dl : -1)
    }
    // A member pinned to slot 0 must be allowed a service there.
    if (pin === i && (w.present[i] === 0 || (hi[0] as number) < 1)) return false
  }
  const jobs = jobMember.length
  const jobAdj: Array<Array<number>> = new Array(jobs)
  const slotAdj: Array<Array<number>> = Array.from({ length: h }, () => [])
  for (let j = 0; j < jobs; j++) {
    const i = jobMember[j] as number
    const end = (jobDl[j] as number) >= 0 ? (jobDl[j] as number) : h - 1
    const adj: Array<number> = []
    for (let s = jobRel[j] as number; s <= end; s++) {
      if (w.avail[s * n + i] === 0) continue
      if (s === 0 && pin >= 0 && pin !== i) continue
      adj.push(s)
      ;(slotAdj[s] as Array<number>).push(j)
    }
    if (adj.length === 0 && (jobDl[j] as number) >= 0) return false
    jobAdj[j] = adj
  }
  const m: Matching = {
    jobAdj,
    slotAdj,
    slotOf: new Int32Array(jobs).fill(-1),
    jobOf: new Int32Array(h).fill(-1),
    seenSlot: new Int32Array(h),
    seenJob: new Int32Array(jobs),
    stamp: 0
  }
  // Phase 1: every mandatory service, earliest deadline first.
  const mandatory: Array<number> = []
  for (let j = 0; j < jobs; j++) if ((jobDl[j] as number) >= 0) mandatory.push(j)
  mandatory.sort((x, y) => (jobDl[x] as number) - (jobDl[y] as number) || x - y)
  for (const j of mandatory) {
    m.stamp++
    if (!fromJob(m, j)) return false
  }
  // Phase 2: every slot; augmenting paths never unmatch a matched service.
  for (let s = 0; s < h; s++) {
    if ((m.jobOf[s] as number) >= 0) continue
    m.stamp++
    if (!fromSlot(m, s)) return false
  }
  return true
}

interface Matching {
  readonly jobAdj: ReadonlyArray<ReadonlyArray<number>>
  readonly slotAdj: ReadonlyArray<ReadonlyArray<number>>
  readonly slotOf: Int32Array
  readonly jobOf: Int32Array
  readonly seenSlot: Int32Array
  readonly seenJob: Int32Array
  stamp: number
}

function fromJob(m: Matching, j: number): boolean {
  for (const s of m.jobAdj[j] as ReadonlyArray<number>) {
    if (m.seenSlot[s] === m.stamp) continue
    m.seenSlot[s] = m.stamp
    const other = m.jobOf[s] as number
    if (other < 0 || fromJob(m, other)) {
      m.jobOf[s] = j
      m.slotOf[j] = s
      return true
    }
  }
  return false
}

function fromSlot(m: Matching, s: number): boolean {
  for (const j of m.slotAdj[s] as ReadonlyArray<number>) {
    if (m.seenJob[j] === m.stamp) continue
    m.seenJob[j] = m.stamp
    const other = m.slotOf[j] as number
    if (other < 0 || fromSlot(m, other)) {
      m.slotOf[j] = s
      m.jobOf[s] = j
      return true
    }
  }
  return false
}

/**
 * The smallest bound above `above` (exclusive) with which the window is feasible (the
 * window optimum B_win when `above` is infeasible), or undefined when none is.
 */
export const smallestBound = (w: Window, above: number, hint?: number): Bound | undefined => {
  // The previous shift's bound usually still holds (the guard kept it feasible), so search
  // the few candidates up to it first.
  if (hint !== undefined && hint > above + EPS) {
    const b = search(w, above, hint)
    if (b !== undefined) return b
  }
  return search(w, above, Infinity)
}

const search = (w: Window, above: number, upTo: number): Bound | undefined => {
  const { h, n } = w
  const cands: Array<{ readonly d: number; readonly i: number; readonly s: number; readonly k: number }> = []
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < h; s++) {
      if (w.present[s * n + i] === 0) continue
      const v = w.v[s * n + i] as number
      const fl = Math.floor(v)
      for (let k = Math.max(0, fl - h); k <= Math.max(0, fl + 2); k++) {
        const d = Math.abs(v - k)
        if (d > above + EPS && d <= upTo + EPS) cands.push({ d, i, s, k })
      }
    }
  }
  if (cands.length === 0) return undefined
  cands.sort((a, b) => a.d - b.d || a.i - b.i || a.s - b.s || a.k - b.k)
  const bound = (c: (typeof cands)[number]): Bound => {
    let memo: Q.Q | undefined
    return {
      d: c.d,
      q: () => {
        if (memo === undefined) {
          const e = w.exact(c.i, c.s)
          memo = Q.abs(Q.make(e.n - BigInt(c.k) * e.d, e.d))
        }
        return memo
      }
    }
  }
  let lo = 0
  let hiIx = cands.length - 1
  if (!feasible(w, bound(cands[hiIx] as (typeof cands)[number]), -1)) return undefined
  while (lo < hiIx) {
    const mid = (lo + hiIx) >> 1
    if (feasible(w, bound(cands[mid] as (typeof cands)[number]), -1)) hiIx = mid
    else lo = mid + 1
  }
  return bound(cands[lo] as (typeof cands)[number])
}

/**
 * B*(w): the smallest bound any infinite schedule of a fixed team with these integer
 * weights achieves (Steiner–Yeomans). With d_i = a_i / g and period D = Σ d_i, B* = m/D for
 * the smallest m with which earliest-deadline-first completes one period; a period that
 * starts and ends at lag 0 repeats forever.
 */
export const optimalBound = (weights: ReadonlyArray<bigint>): Q.Q | undefined => {
  const active = weights.filter((a) => a > 0n)
  if (active.length <= 1) return Q.ZERO
  let g = 0n
  for (const a of active) g = Q.gcd(g, a)
  const d = active.map((a) => a / g)
  const Dbig = d.reduce((x, y) => x + y, 0n)
  if (Dbig > 20_000n) return undefined
  const D = Number(Dbig)
  const dn = d.map(Number)
  const ok = (m: number): boolean => {
    const next = new Int32Array(dn.length).fill(1)
    for (let t = 1; t <= D; t++) {
      let best = -1
      let bestDl = Infinity
      for (let i = 0; i < dn.length; i++) {
        const di = dn[i] as number
        const k = next[i] as number
        if (k > di) continue
        const rel = Math.max(1, Math.ceil((k * D - m) / di))
        if (rel > t) continue
        const dl = Math.floor(((k - 1) * D + m) / di) + 1
        if (dl < bestDl) {
          bestDl = dl
          best = i
        }
      }
      if (best < 0 || bestDl < t) return false
      next[best] = (next[best] as number) + 1
    }
    return true
  }
  let lo = 0
  let hi = D - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (ok(mid)) hi = mid
    else lo = mid + 1
  }
  return Q.make(BigInt(lo), Dbig)
}
