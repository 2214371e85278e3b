// An independent exact-rational model of the fairness ledger (fairness-theory.md §1), used
// by the Rotation property tests. It shares no code with the production ledger: its own
// fractions, its own availability rule on whole-shift absences, its own leave rule.

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a
  b = b < 0n ? -b : b
  while (b > 0n) [a, b] = [b, a % b]
  return a
}

export class Frac {
  readonly n: bigint
  readonly d: bigint
  constructor(n: bigint, d = 1n) {
    if (d < 0n) [n, d] = [-n, -d]
    const g = gcd(n, d) || 1n
    this.n = n / g
    this.d = d / g
  }
  static of(k: number, d = 1): Frac {
    return new Frac(BigInt(k), BigInt(d))
  }
  plus(o: Frac): Frac {
    return new Frac(this.n * o.d + o.n * this.d, this.d * o.d)
  }
  minus(o: Frac): Frac {
    return new Frac(this.n * o.d - o.n * this.d, this.d * o.d)
  }
  times(o: Frac): Frac {
    return new Frac(this.n * o.n, this.d * o.d)
  }
  over(o: Frac): Frac {
    return new Frac(this.n * o.d, this.d * o.n)
  }
  abs(): Frac {
    return this.n < 0n ? new Frac(-this.n, this.d) : this
  }
  cmp(o: Frac): number {
    const l = this.n * o.d
    const r = o.n * this.d
    return l < r ? -1 : l > r ? 1 : 0
  }
  isZero(): boolean {
    return this.n === 0n
  }
  toString(): string {
    return this.d === 1n ? `${this.n}` : `${this.n}/${this.d}`
  }
  toNumber(): number {
    return Number(this.n) / Number(this.d)
  }
}

export const ZERO = Frac.of(0)

/** A whole-shift model of a team: everything indexed by shift position 0..T-1. */
export interface Model {
  readonly n: number
  readonly T: number
  /** Weight in tenths per member (1..10). */
  readonly tenths: ReadonlyArray<number>
  readonly qualified: ReadonlyArray<boolean>
  /** Absences as inclusive shift ranges. */
  readonly absences: ReadonlyArray<{ readonly member: number; readonly from: number; readonly to: number; readonly owe: boolean }>
  readonly join: ReadonlyArray<number | undefined>
  readonly leave: ReadonlyArray<number | undefined>
  readonly reweight: ReadonlyArray<{ readonly at: number; readonly tenths: number } | undefined>
}

export const present = (m: Model, i: number, t: number): boolean => t >= (m.join[i] ?? 0) && t < (m.leave[i] ?? Infinity)
export const weightAt = (m: Model, i: number, t: number): Frac => {
  const r = m.reweight[i]
  return Frac.of(r !== undefined && t >= r.at ? r.tenths : (m.tenths[i] as number), 10)
}
const covering = (m: Model, i: number, t: number) => m.absences.filter((a) => a.member === i && a.from <= t && t <= a.to)
export const available = (m: Model, i: number, t: number): boolean => present(m, i, t) && covering(m, i, t).length === 0
export const owes = (m: Model, i: number, t: number): boolean => {
  const c = covering(m, i, t)
  return present(m, i, t) && c.length > 0 && c.every((a) => a.owe)
}

export interface Ledger {
  /** lag[t][i] after shift t. */
  readonly lag: ReadonlyArray<ReadonlyArray<Frac>>
  /** Entitlement after shift t. */
  readonly E: ReadonlyArray<ReadonlyArray<Frac>>
  /** Shifts served up to and including t. */
  readonly X: ReadonlyArray<ReadonlyArray<number>>
}

/**
 * Replays a sequence of servers (one member index per shift, -1 for none) through the
 * definitions: shares over the accrual pool, Pause/Owe, and a leaver's lag shared by weight.
 */
export const replay = (
  m: Model,
  servers: ReadonlyArray<number>,
  pool: (i: number, t: number) => boolean = (i, t) => available(m, i, t) || owes(m, i, t)
): Ledger => {
  const E = new Array<Frac>(m.n).fill(ZERO)
  const X = new Array<number>(m.n).fill(0)
  const adjust = new Array<Frac>(m.n).fill(ZERO)
  const out = { lag: [] as Array<Array<Frac>>, E: [] as Array<Array<Frac>>, X: [] as Array<Array<number>> }
  for (let t = 0; t < m.T; t++) {
    for (let i = 0; i < m.n; i++) {
      if (t > 0 && present(m, i, t - 1) && !present(m, i, t)) {
        const l = (E[i] as Frac).plus(adjust[i] as Frac).minus(Frac.of(X[i] as number))
        const rest = [...Array(m.n).keys()].filter((j) => present(m, j, t) && present(m, j, t - 1))
        const W = rest.reduce((s, j) => s.plus(weightAt(m, j, t)), ZERO)
        for (const j of rest) adjust[j] = (adjust[j] as Frac).plus(l.times(weightAt(m, j, t)).over(W))
        adjust[i] = (adjust[i] as Frac).minus(l)
      }
    }
    const server = servers[t] ?? -1
    if (server >= 0) {
      const P = [...Array(m.n).keys()].filter((i) => pool(i, t))
      const W = P.reduce((s, j) => s.plus(weightAt(m, j, t)), ZERO)
      for (const i of P) E[i] = (E[i] as Frac).plus(weightAt(m, i, t).over(W))
      X[server] = (X[server] as number) + 1
    }
    out.E.push(E.slice())
    out.X.push(X.slice())
    out.lag.push(E.map((e, i) => e.plus(adjust[i] as Frac).minus(Frac.of(X[i] as number))))
  }
  return out
}

export const maxAbs = (rows: ReadonlyArray<ReadonlyArray<Frac>>): Frac => {
  let best = ZERO
  for (const row of rows) for (const x of row) if (x.abs().cmp(best) > 0) best = x.abs()
  return best
}

/**
 * B*(w) by exhaustive search: the smallest m/D such that some sequence of length D keeps
 * every |lag| <= m/D (depth-first with pruning; only for small D).
 */
export const bruteForceBStar = (tenths: ReadonlyArray<number>): Frac => {
  const g = tenths.reduce((a, b) => Number(gcd(BigInt(a), BigInt(b))), 0)
  const d = tenths.map((x) => x / g)
  const D = d.reduce((a, b) => a + b, 0)
  const feasible = (mm: number): boolean => {
    const X = new Array<number>(d.length).fill(0)
    const go = (t: number): boolean => {
      if (t > D) return true
      for (let i = 0; i < d.length; i++) {
        X[i] = (X[i] as number) + 1
        let ok = true
        for (let j = 0; j < d.length && ok; j++) ok = Math.abs(t * (d[j] as number) - D * (X[j] as number)) <= mm
        if (ok && go(t + 1)) return true
        X[i] = (X[i] as number) - 1
      }
      return false
    }
    return go(1)
  }
  for (let mm = 0; mm < D; mm++) if (feasible(mm)) return Frac.of(mm, D)
  return Frac.of(1)
}
