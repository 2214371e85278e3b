// The look-ahead guard of fairness-theory.md §6: can the next h shifts still be assigned
// so that every member's |lag| stays within a bound B? Each member's k-th service inside
// the window has a release (earliest slot it may happen without |lag| > B the other way)
// and, when mandatory, a deadline; feasibility is then a bipartite matching of slots to
// services that covers every slot and every mandatory service (Mendelsohn–Dulmage), which
// two Kuhn phases find.
//
// Values are doubles; a floor or ceiling that lands within rounding distance of an integer
// is decided exactly instead: in safe integers (|x| <= 2^52) when the window's common
// denominator and the bound fit, else in bigint. Both give the exact floor, so which one
// runs never changes a decision.
//
// Speed (the planner runs about one check per shift and role): a `Window` is a workspace
// the engine refills for every shift from per-role tables, and a `Guard` keeps its buffers
// across checks. A check first tries an earliest-deadline-first schedule of the window;
// when one keeps every lag within the bound it proves feasibility (most checks end there),
// otherwise the exact matching decides. The services and their adjacency are kept for the
// last (window, bound), so trying several pinned candidates only reruns the matching.
import * as Q from "./rational.js"
import { asNumbers, numeratorAt, type Numerators } from "./ledger.js"

/** Largest magnitude kept in doubles: sums of two such integers are still exact. */
const SAFE = 2 ** 52
const SAFE_BIG = BigInt(SAFE)
const NEG_SAFE_BIG = -SAFE_BIG // a constant: negating a bigint allocates

/** ⌊n/d⌋ for integers |n| <= 2^52, 0 < d <= 2^52: the double quotient is off by at most one. */
const floorDivNum = (n: number, d: number): number => {
  const q = Math.floor(n / d)
  const r = n - q * d
  return r < 0 ? q - 1 : r >= d ? q + 1 : q
}

/**
 * ⌊an/ad + bn/bd⌋ exactly in doubles (integers within 2^52, positive denominators), or
 * undefined when ad·bd does not fit: with r, t the remainders, the carry r/ad + t/bd >= 1
 * compares integers below 2^53.
 */
const floorSum = (an: number, ad: number, bn: number, bd: number): number | undefined => {
  const adbd = ad * bd
  if (!(adbd <= SAFE)) return undefined
  const A = floorDivNum(an, ad)
  const B = floorDivNum(bn, bd)
  const r = an - A * ad
  const t = bn - B * bd
  return A + B + (r * bd + t * ad >= adbd ? 1 : 0)
}

/**
 * One role's view of every assignable shift, computed once per plan: row k (flat index
 * `k * n + i`) is the k-th assignable shift. A window is h consecutive rows.
 */
export interface ShareTable {
  /** The pool's total integer weight per row (0 when nobody accrues). */
  readonly S: ReadonlyArray<bigint>
  /** `S` as safe integers, NaN when one does not fit. */
  readonly Snum: Float64Array
  /** Each row's integer weights (of everyone; only pool members accrue). */
  readonly weight: ReadonlyArray<ReadonlyArray<bigint>>
  /** Pool members' integer weights as safe integers (0 outside the pool, NaN when too large). */
  readonly weightNum: Float64Array
  /** `weight / S` as a double (0 outside the pool). */
  readonly d: Float64Array
  /** 1 when the member is on the team for this role (its lag is bounded there). */
  readonly present: Uint8Array
  /** 1 when the member may serve this role there. */
  readonly avail: Uint8Array
}

/**
 * The guard's view of the next h assignable shifts for one role. The engine refills it for
 * every check with {@link Window.reset}, then overwrites slot 0's availability.
 */
export class Window {
  /** Number of slots (assignable shifts) in the window. */
  h = 0
  /** Number of members (ledger index space). */
  readonly n: number
  /** `[s * n + i]`: 1 when member i is on the team at slot s (its lag is bounded there). */
  present: Uint8Array
  /** `[s * n + i]`: 1 when member i may serve slot s. */
  avail: Uint8Array
  /** `[s * n + i]`: lag of i after slot s if i serves nothing in the window. */
  v: Float64Array
  /** Bumped by every reset, so a Guard never reuses services computed for older contents. */
  version = 0
  private table: ShareTable | undefined
  /** Table row of slot 0. */
  private k0 = 0
  private pre: Numerators = []
  private L = 1n
  /** L as a safe integer when the numerators are numbers (NaN otherwise). */
  private Lnum = NaN
  // Exact lags over one common denominator, computed lazily (most windows never need one).
  private denNum = 0 // 0: not computed yet; NaN: does not fit in safe integers
  private numState: Uint8Array // per member: 0 not computed, 1 safe, 2 does not fit
  private num: Float64Array
  private denBig = 0n
  private bigNum = new Map<number, Array<bigint>>()

  constructor(n: number, capacity: number) {
    this.n = n
    this.present = new Uint8Array(capacity * n)
    this.avail = new Uint8Array(capacity * n)
    this.v = new Float64Array(capacity * n)
    this.numState = new Uint8Array(n)
    this.num = new Float64Array(capacity * n)
  }

  /**
   * Starts a new window over table rows `k0 .. k0 + h - 1` whose members have pre-lags
   * `pre / L` before slot 0; slot s > 0 adds row k0 + s's share (slot 0's is in `pre`).
   */
  reset(table: ShareTable, k0: number, h: number, pre: Numerators, L: bigint, Lnum: number): void {
    const n = this.n
    if (this.present.length < h * n) {
      this.present = new Uint8Array(h * n)
      this.avail = new Uint8Array(h * n)
      this.v = new Float64Array(h * n)
      this.num = new Float64Array(h * n)
    }
    this.h = h
    this.version++
    this.table = table
    this.k0 = k0
    this.pre = pre
    this.L = L
    this.Lnum = Lnum
    this.denNum = 0
    this.numState.fill(0)
    this.denBig = 0n
    this.bigNum.clear()
    const base = k0 * n
    for (let x = 0; x < h * n; x++) {
      this.present[x] = table.present[base + x] as number
      this.avail[x] = table.avail[base + x] as number
    }
    const v = this.v
    const d = table.d
    const num = asNumbers(pre)
    for (let i = 0; i < n; i++) {
      // Safe integers divide as ratioToNumber would divide them (Number(n) / Number(d)).
      let acc = num !== undefined ? (num[i] as number) / Lnum : Q.ratioToNumber(pre[i] as bigint, L)
      v[i] = acc
      for (let s = 1; s < h; s++) {
        acc += d[base + s * n + i] as number
        v[s * n + i] = acc
      }
    }
  }

  /** The common denominator of the exact lags as a safe integer, NaN when it does not fit. */
  den(): number {
    if (this.denNum === 0) {
      const t = this.table as ShareTable
      let den = this.Lnum === this.Lnum ? this.Lnum : this.L <= SAFE_BIG ? Number(this.L) : NaN
      for (let u = 1; u < this.h && den === den; u++) {
        const S = t.Snum[this.k0 + u] as number
        if (S === 0) continue
        // NaN must not reach Q.gcdNum (it would never terminate).
        den = S === S ? (den / Q.gcdNum(den, S)) * S : NaN
        if (!(den <= SAFE)) den = NaN
      }
      this.denNum = den
    }
    return this.denNum
  }

  /** The exact numerator (over {@link den}) of `v[s * n + i]`, NaN when it does not fit. */
  numerator(i: number, s: number): number {
    const n = this.n
    let state = this.numState[i] as number
    if (state === 0) {
      const t = this.table as ShareTable
      const den = this.den()
      const p = this.pre[i] as number | bigint
      const pn = typeof p === "number" ? p : p <= SAFE_BIG && p >= NEG_SAFE_BIG ? Number(p) : NaN
      let acc = den === den ? pn * (den / Number(this.L)) : NaN
      state = acc === acc && Math.abs(acc) <= SAFE ? 1 : 2
      if (state === 1) this.num[i] = acc
      for (let u = 1; u < this.h && state === 1; u++) {
        const x = (this.k0 + u) * n + i
        // Each term is a safe integer or rounds above 2^52, so the magnitude test catches overflow.
        if ((t.d[x] as number) !== 0) acc += (t.weightNum[x] as number) * (den / (t.Snum[this.k0 + u] as number))
        if (!(Math.abs(acc) <= SAFE)) state = 2
        this.num[u * n + i] = acc
      }
      this.numState[i] = state
    }
    return state === 1 ? (this.num[s * n + i] as number) : NaN
  }

  /** The same value, exactly, as an unreduced bigint fraction (positive denominator). */
  exact(i: number, s: number): { readonly n: bigint; readonly d: bigint } {
    const t = this.table as ShareTable
    if (this.denBig === 0n) {
      let den = this.L
      for (let u = 1; u < this.h; u++) {
        const S = t.S[this.k0 + u] as bigint
        if (S > 0n) den = Q.lcm(den, S)
      }
      this.denBig = den
    }
    const den = this.denBig
    let arr = this.bigNum.get(i)
    if (arr === undefined) {
      arr = [numeratorAt(this.pre, i) * (den / this.L)]
      for (let u = 1; u < this.h; u++) {
        const k = this.k0 + u
        const inc = (t.d[k * this.n + i] as number) === 0 ? 0n : ((t.weight[k] as ReadonlyArray<bigint>)[i] as bigint) * (den / (t.S[k] as bigint))
        arr.push((arr[u - 1] as bigint) + inc)
      }
      this.bigNum.set(i, arr)
    }
    return { n: arr[s] as bigint, d: den }
  }
}

export interface Bound {
  readonly d: number
  /** The bound exactly; a search's bound must be read before its window is reset. */
  q(): Q.Q
  /** The bound as `qn / qd` in safe integers (not necessarily reduced); NaN when it does not fit. */
  readonly qn: number
  readonly qd: number
}

// Bounds are classes rather than objects holding closures: one is made per check, and a
// closure per check costs an allocation (and a defineProperty under keep-names transpilers).
class FixedBound implements Bound {
  readonly d: number
  readonly qn: number
  readonly qd: number
  constructor(private readonly value: Q.Q) {
    const fits = value.d <= SAFE_BIG && value.n <= SAFE_BIG && value.n >= NEG_SAFE_BIG
    this.d = Q.toNumber(value)
    this.qn = fits ? Number(value.n) : NaN
    this.qd = fits ? Number(value.d) : NaN
  }
  q(): Q.Q {
    return this.value
  }
}

export const boundOf = (q: Q.Q): Bound => new FixedBound(q)

/** |v(i, s) − k| of a window: a candidate bound of the search, exact value computed on demand. */
class CandidateBound implements Bound {
  readonly qn: number
  readonly qd: number
  private memo: Q.Q | undefined
  constructor(
    readonly d: number,
    private readonly w: Window,
    private readonly i: number,
    private readonly s: number,
    private readonly k: number
  ) {
    // |e − k| over the window's denominator, when it fits in safe integers.
    const en = w.numerator(i, s)
    const kd = en === en ? k * w.den() : NaN
    const qn = kd <= SAFE ? Math.abs(en - kd) : NaN
    const fits = qn <= SAFE
    this.qn = fits ? qn : NaN
    this.qd = fits ? w.den() : NaN
  }
  q(): Q.Q {
    if (this.memo === undefined) {
      const e = this.w.exact(this.i, this.s)
      this.memo = Q.abs(Q.make(e.n - BigInt(this.k) * e.d, e.d))
    }
    return this.memo
  }
}

const EPS = 1e-7

const floorPlus = (w: Window, i: number, s: number, b: Bound): number => {
  const x = (w.v[s * w.n + i] as number) + b.d
  const r = Math.round(x)
  if (Math.abs(x - r) > EPS) return Math.floor(x)
  const en = w.numerator(i, s)
  if (en === en && b.qd === b.qd) {
    const f = floorSum(en, w.den(), b.qn, b.qd)
    if (f !== undefined) return f
  }
  const e = w.exact(i, s)
  const q = b.q()
  return Number(Q.floorDiv(e.n * q.d + q.n * e.d, e.d * q.d))
}

const ceilMinus = (w: Window, i: number, s: number, b: Bound): number => {
  const x = (w.v[s * w.n + i] as number) - b.d
  const r = Math.round(x)
  if (Math.abs(x - r) > EPS) return Math.ceil(x)
  const en = w.numerator(i, s)
  if (en === en && b.qd === b.qd) {
    const f = floorSum(b.qn, b.qd, -en, w.den())
    if (f !== undefined) return -f
  }
  const e = w.exact(i, s)
  const q = b.q()
  return -Number(Q.floorDiv(q.n * e.d - e.n * q.d, e.d * q.d))
}

const grow = (a: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> => {
  if (a.length >= size) return a
  const b = new Int32Array(Math.max(size, 2 * a.length))
  b.set(a)
  return b
}

/** Scratch space of the search, reused across searches (candidates as parallel arrays). */
class Candidates {
  size = 0
  d = new Float64Array(256)
  sorted = new Float64Array(256)
  member = new Int32Array(256)
  slot = new Int32Array(256)
  k = new Int32Array(256)
  push(d: number, i: number, s: number, k: number): void {
    if (this.size === this.d.length) {
      const grown = (a: Float64Array) => {
        const b = new Float64Array(2 * a.length)
        b.set(a)
        return b
      }
      this.d = grown(this.d)
      this.sorted = new Float64Array(this.d.length)
      this.member = grow(this.member, this.d.length)
      this.slot = grow(this.slot, this.d.length)
      this.k = grow(this.k, this.d.length)
    }
    this.d[this.size] = d
    this.member[this.size] = i
    this.slot[this.size] = s
    this.k[this.size] = k
    this.size++
  }
}
/**
 * Feasibility checks with reusable buffers. Per (window, bound), the count bounds hi/lo of
 * every member and slot are computed once; each pinned candidate then first tries a
 * certificate (an earliest-deadline-first schedule that keeps every lag within the bound:
 * it exists, so the matching does too), and only when that fails builds the services and
 * their adjacency (kept for the other pins) and runs the exact matching, which filters
 * slot 0 on the fly.
 */
export class Guard {
  private w: Window | undefined
  private version = -1
  private b: Bound | undefined
  /** False when some present member's lag is forced outside [-b, b] whoever serves. */
  private ok = false
  /** Whether the services below belong to the current (window, bound). */
  private built = false
  private h = 0
  private n = 0
  /** `[s * n + i]`: at most hi and at least lo services of member i in slots 0..s. */
  private hi = new Int32Array(0)
  private lo = new Int32Array(0)
  // Certificate state: services so far and the deadline cursor per member.
  private count = new Int32Array(0)
  private cursor = new Int32Array(0)
  private jobs = 0
  private jobMember = new Int32Array(64)
  private jobDl = new Int32Array(64)
  private jobRel = new Int32Array(64)
  /** Per member: may serve slot 0 without exceeding the bound (present there, hi >= 1). */
  private pinOk = new Uint8Array(0)
  // Adjacency in compressed rows: job j's slots ascending, slot s's jobs ascending.
  private jobStart = new Int32Array(65)
  private jobSlots = new Int32Array(256)
  private slotStart = new Int32Array(0)
  private slotJobs = new Int32Array(256)
  private slotFill = new Int32Array(0)
  private mandatory = new Int32Array(64)
  private mandatoryCount = 0
  // Matching state.
  private slotOf = new Int32Array(64)
  private jobOf = new Int32Array(0)
  private seenSlot = new Int32Array(0)
  private seenJob = new Int32Array(64)
  private stamp = 0
  private pin = -1
  /** The bound search's scratch space. */
  readonly candidates = new Candidates()

  /**
   * Whether the window can be completed with every present member's |lag| <= b at every
   * slot; with `pin >= 0`, slot 0 is served by member `pin`.
   */
  feasible(w: Window, b: Bound, pin: number): boolean {
    if (this.w !== w || this.version !== w.version || this.b !== b) this.prepare(w, b)
    if (!this.ok) return false
    if (this.certificate(w, pin)) return true
    if (!this.built) this.build(w)
    if (pin >= 0 && this.pinOk[pin] !== 1) return false
    const h = this.h
    const jobs = this.jobs
    // A mandatory service with no slot left (slot 0 belongs to the pin) cannot be served.
    for (let k = 0; k < this.mandatoryCount; k++) {
      const j = this.mandatory[k] as number
      const from = this.jobStart[j] as number
      const to = this.jobStart[j + 1] as number
      if (to === from) return false
      if (pin >= 0 && to - from === 1 && this.jobSlots[from] === 0 && this.jobMember[j] !== pin) return false
    }
    this.pin = pin
    this.slotOf.fill(-1, 0, jobs)
    this.jobOf.fill(-1, 0, h)
    this.seenSlot.fill(0, 0, h)
    this.seenJob.fill(0, 0, jobs)
    this.stamp = 0
    // Phase 1: every mandatory service, earliest deadline first.
    for (let k = 0; k < this.mandatoryCount; k++) {
      this.stamp++
      if (!this.fromJob(this.mandatory[k] as number)) return false
    }
    // Phase 2: every slot; augmenting paths never unmatch a matched service.
    for (let s = 0; s < h; s++) {
      if ((this.jobOf[s] as number) >= 0) continue
      this.stamp++
      if (!this.fromSlot(s)) return false
    }
    return true
  }

  private prepare(w: Window, b: Bound): void {
    this.w = w
    this.version = w.version
    this.b = b
    this.built = false
    this.ok = false
    const { h, n } = w
    this.h = h
    this.n = n
    if (this.hi.length < h * n) {
      this.hi = new Int32Array(h * n)
      this.lo = new Int32Array(h * n)
    }
    if (this.count.length < n) {
      this.count = new Int32Array(n)
      this.cursor = new Int32Array(n)
      this.pinOk = new Uint8Array(n)
    }
    const present = w.present
    for (let i = 0; i < n; i++) {
      for (let s = 0; s < h; s++) {
        const x = s * n + i
        if (present[x] === 0) continue
        const up = floorPlus(w, i, s, b)
        const down = Math.max(0, ceilMinus(w, i, s, b))
        if (up < 0 || down > up) return
        this.hi[x] = up
        this.lo[x] = down
      }
    }
    this.ok = true
  }

  /**
   * Tries to serve the window earliest deadline first (the member whose next service is due
   * soonest, among those whose next service is already allowed), checking at every slot that
   * every present member's service count lies within [lo, hi]. Success exhibits a schedule,
   * which is a matching of the exact check: each service lands inside its release and
   * deadline on an available slot, every slot is served and every mandatory service done.
   * Failure proves nothing (an absence can make EDF miss a schedule); the matching decides.
   */
  private certificate(w: Window, pin: number): boolean {
    const { h, n } = this
    const present = w.present
    const avail = w.avail
    const hi = this.hi
    const lo = this.lo
    const count = this.count
    const cursor = this.cursor
    count.fill(0, 0, n)
    cursor.fill(0, 0, n)
    for (let s = 0; s < h; s++) {
      let best = -1
      let bestDl = h
      for (let i = 0; i < n; i++) {
        const x = s * n + i
        if (avail[x] === 0 || present[x] === 0 || (s === 0 && pin >= 0 && i !== pin)) continue
        const k = (count[i] as number) + 1
        if ((hi[x] as number) < k) continue
        // The k-th service's deadline: the first present slot whose lo reaches k (the cursor
        // only moves forward, as k only grows).
        let t = cursor[i] as number
        while (t < h && (present[t * n + i] === 0 || (lo[t * n + i] as number) < k)) t++
        cursor[i] = t
        if (best < 0 || t < bestDl) {
          best = i
          bestDl = t
        }
      }
      if (best < 0) return false
      count[best] = (count[best] as number) + 1
      for (let i = 0; i < n; i++) {
        const x = s * n + i
        if (present[x] === 0) continue
        const c = count[i] as number
        if (c < (lo[x] as number) || c > (hi[x] as number)) return false
      }
    }
    return true
  }

  /** The services (jobs) of the current window and bound, their adjacency and deadlines. */
  private build(w: Window): void {
    this.built = true
    const h = this.h
    if (this.slotStart.length < h + 1) {
      this.slotStart = new Int32Array(h + 1)
      this.slotFill = new Int32Array(h)
      this.jobOf = new Int32Array(h)
      this.seenSlot = new Int32Array(h)
    }
    this.buildJobs(w)
    this.buildAdjacency(w)
    this.orderMandatory()
    this.slotOf = grow(this.slotOf, this.jobs)
    this.seenJob = grow(this.seenJob, this.jobs)
  }

  // Each member's k-th service in the window: released at the first slot where it may have
  // served k times, due at the first slot where it must have (-1: not due in the window).
  private buildJobs(w: Window): void {
    const { h, n } = this
    const present = w.present
    const hi = this.hi
    const lo = this.lo
    let jobs = 0
    for (let i = 0; i < n; i++) {
      this.pinOk[i] = 0
      let first = -1
      let last = -1
      for (let s = 0; s < h; s++) {
        if (present[s * n + i] === 0) continue
        if (first < 0) first = s
        last = s
      }
      if (first < 0) continue
      const maxK = hi[last * n + i] as number
      let rel = first
      let dl = first
      for (let k = 1; k <= maxK; k++) {
        while (rel <= last && (present[rel * n + i] === 0 || (hi[rel * n + i] as number) < k)) rel++
        if (rel > last) break
        while (dl <= last && (present[dl * n + i] === 0 || (lo[dl * n + i] as number) < k)) dl++
        if (jobs >= this.jobMember.length) {
          this.jobMember = grow(this.jobMember, jobs + 1)
          this.jobDl = grow(this.jobDl, jobs + 1)
          this.jobRel = grow(this.jobRel, jobs + 1)
        }
        this.jobMember[jobs] = i
        this.jobRel[jobs] = rel
        this.jobDl[jobs] = dl <= last ? dl : -1
        jobs++
      }
      if (present[i] === 1 && (hi[i] as number) >= 1) this.pinOk[i] = 1
    }
    this.jobs = jobs
  }

  // Adjacency: each service may take an available slot from its release to its deadline
  // (or the window's end). Slots are counted first so each slot's list is in job order.
  private buildAdjacency(w: Window): void {
    const { h, n, jobs } = this
    const avail = w.avail
    const rels = this.jobRel
    this.jobStart = grow(this.jobStart, jobs + 1)
    this.slotStart.fill(0, 0, h + 1)
    let edges = 0
    for (let j = 0; j < jobs; j++) {
      const i = this.jobMember[j] as number
      const dl = this.jobDl[j] as number
      const end = dl >= 0 ? dl : h - 1
      for (let s = rels[j] as number; s <= end; s++) {
        if (avail[s * n + i] === 0) continue
        this.slotStart[s + 1] = (this.slotStart[s + 1] as number) + 1
        edges++
      }
    }
    this.jobSlots = grow(this.jobSlots, edges)
    this.slotJobs = grow(this.slotJobs, edges)
    for (let s = 0; s < h; s++) {
      this.slotStart[s + 1] = (this.slotStart[s + 1] as number) + (this.slotStart[s] as number)
      this.slotFill[s] = this.slotStart[s] as number
    }
    let e = 0
    for (let j = 0; j < jobs; j++) {
      this.jobStart[j] = e
      const i = this.jobMember[j] as number
      const dl = this.jobDl[j] as number
      const end = dl >= 0 ? dl : h - 1
      for (let s = rels[j] as number; s <= end; s++) {
        if (avail[s * n + i] === 0) continue
        this.jobSlots[e++] = s
        const f = this.slotFill[s] as number
        this.slotJobs[f] = j
        this.slotFill[s] = f + 1
      }
    }
    this.jobStart[jobs] = e
  }

  // Mandatory services, earliest deadline first (then in job order): a counting sort, as
  // deadlines are slots, reusing slotFill as the per-deadline cursor.
  private orderMandatory(): void {
    const { h, jobs } = this
    this.mandatory = grow(this.mandatory, jobs)
    const byDl = this.slotFill
    byDl.fill(0, 0, h)
    let m = 0
    for (let j = 0; j < jobs; j++) {
      const dl = this.jobDl[j] as number
      if (dl >= 0) {
        byDl[dl] = (byDl[dl] as number) + 1
        m++
      }
    }
    for (let s = 0, at = 0; s < h; s++) {
      const c = byDl[s] as number
      byDl[s] = at
      at += c
    }
    for (let j = 0; j < jobs; j++) {
      const dl = this.jobDl[j] as number
      if (dl < 0) continue
      const at = byDl[dl] as number
      this.mandatory[at] = j
      byDl[dl] = at + 1
    }
    this.mandatoryCount = m
  }

  // Slot 0 belongs to the pinned member: other services skip it (as if it were not adjacent).
  private fromJob(j: number): boolean {
    const pinned = this.pin >= 0 && this.jobMember[j] !== this.pin
    const to = this.jobStart[j + 1] as number
    for (let e = this.jobStart[j] as number; e < to; e++) {
      const s = this.jobSlots[e] as number
      if (s === 0 && pinned) continue
      if (this.seenSlot[s] === this.stamp) continue
      this.seenSlot[s] = this.stamp
      const other = this.jobOf[s] as number
      if (other < 0 || this.fromJob(other)) {
        this.jobOf[s] = j
        this.slotOf[j] = s
        return true
      }
    }
    return false
  }

  private fromSlot(s: number): boolean {
    const to = this.slotStart[s + 1] as number
    for (let e = this.slotStart[s] as number; e < to; e++) {
      const j = this.slotJobs[e] as number
      if (s === 0 && this.pin >= 0 && this.jobMember[j] !== this.pin) continue
      if (this.seenJob[j] === this.stamp) continue
      this.seenJob[j] = this.stamp
      const other = this.slotOf[j] as number
      if (other < 0 || this.fromSlot(other)) {
        this.slotOf[j] = s
        this.jobOf[s] = j
        return true
      }
    }
    return false
  }
}

/**
 * The smallest bound above `above` (exclusive) with which the window is feasible (the
 * window optimum B_win when `above` is infeasible), or undefined when none is.
 */
export const smallestBound = (g: Guard, w: Window, above: number, hint?: number): Bound | undefined => {
  // The previous shift's bound usually still holds (the guard kept it feasible), so search
  // the few candidates up to it first.
  if (hint !== undefined && hint > above + EPS) {
    const b = search(g, w, above, hint)
    if (b !== undefined) return b
  }
  return search(g, w, above, Infinity)
}

const search = (g: Guard, w: Window, above: number, upTo: number): Bound | undefined => {
  const { h, n } = w
  // Candidates are |v - k| for each present (member, slot) and nearby integer k, generated
  // in (member, slot, k) order; a stable sort by value keeps that order among equal values.
  const c = g.candidates
  c.size = 0
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < h; s++) {
      if (w.present[s * n + i] === 0) continue
      const v = w.v[s * n + i] as number
      const fl = Math.floor(v)
      // Only k within upTo + 1 of v can pass the test below; skipping the others leaves the
      // candidates and their order unchanged.
      let k = Math.max(0, fl - h)
      let kEnd = Math.max(0, fl + 2)
      if (upTo !== Infinity) {
        k = Math.max(k, Math.floor(v - upTo) - 1)
        kEnd = Math.min(kEnd, Math.ceil(v + upTo) + 1)
      }
      for (; k <= kEnd; k++) {
        const d = Math.abs(v - k)
        if (d > above + EPS && d <= upTo + EPS) c.push(d, i, s, k)
      }
    }
  }
  const size = c.size
  if (size === 0) return undefined
  // The candidate at rank x of the stable sort, without sorting objects: the x-th smallest
  // value d is found in the numerically sorted values; among the candidates equal to d, the
  // one at the same offset in generation order.
  const sorted = c.sorted.subarray(0, size)
  sorted.set(c.d.subarray(0, size))
  sorted.sort()
  const bound = (x: number): Bound => {
    const d = sorted[x] as number
    let first = x
    while (first > 0 && sorted[first - 1] === d) first--
    let skip = x - first
    let at = 0
    while (c.d[at] !== d || skip-- !== 0) at++
    return new CandidateBound(d, w, c.member[at] as number, c.slot[at] as number, c.k[at] as number)
  }
  let lo = 0
  let hiIx = size - 1
  if (!g.feasible(w, bound(hiIx), -1)) return undefined
  while (lo < hiIx) {
    const mid = (lo + hiIx) >> 1
    if (g.feasible(w, bound(mid), -1)) hiIx = mid
    else lo = mid + 1
  }
  const found = bound(lo)
  found.q() // while its window is current
  return found
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
