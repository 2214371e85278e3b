// The exact Pause/Owe ledger (fairness-theory.md §1). Every lag is N_i / L over one common
// denominator L, so ordering by pre-lag is an integer comparison and no gcd runs per shift.
// Shares are a_i / S with integer weights a_i (percent-time over a common denominator) and
// S the pool's total, so L only ever grows to the lcm of the pool totals seen.
//
// The integers live in doubles while every value is a safe integer (|x| <= 2^52: sums of
// two stay exact), which is the usual case (a team of tenths has L = a few hundred), and
// move to bigint for good the first time an operation would leave that range. Both give
// the same integers; doubles only avoid a bigint allocation per member and shift.
import * as Q from "./rational.js"

const SAFE = 2 ** 52
const SAFE_BIG = BigInt(SAFE)

/**
 * Lag numerators over a ledger's L: all safe integers (plain arrays of numbers are the
 * lightest snapshots) or all bigints.
 */
export type Numerators = ReadonlyArray<number> | ReadonlyArray<bigint>

/** The i-th numerator as a bigint, whichever form it is kept in. */
export const numeratorAt = (xs: Numerators, i: number): bigint => {
  const x = xs[i] as number | bigint
  return typeof x === "bigint" ? x : BigInt(x)
}

/** The numerators as numbers, or undefined when they are bigints. */
export const asNumbers = (xs: Numerators): ReadonlyArray<number> | undefined => (typeof xs[0] === "number" ? (xs as ReadonlyArray<number>) : undefined)

export class Ledger {
  // Number form (while `big` is undefined).
  private nL = 1
  private nN: Array<number>
  // Bigint form, once a value has left the safe range.
  private big: { L: bigint; readonly N: Array<bigint> } | undefined
  private cachedL = 1n
  private cachedFor = 1

  constructor(n: number) {
    this.nN = new Array<number>(n).fill(0)
  }

  /** The common denominator (the bigint is cached: L changes rarely). */
  get L(): bigint {
    if (this.big !== undefined) return this.big.L
    if (this.cachedFor !== this.nL) {
      this.cachedL = BigInt(this.nL)
      this.cachedFor = this.nL
    }
    return this.cachedL
  }

  /** L as a safe integer, NaN once the ledger is in bigints. */
  get Lnum(): number {
    return this.big === undefined ? this.nL : NaN
  }

  private toBig(): { L: bigint; readonly N: Array<bigint> } {
    if (this.big === undefined) this.big = { L: BigInt(this.nL), N: Array.from(this.nN, (x) => BigInt(x)) }
    return this.big
  }

  /** One shift's entitlement: each pool member i gains a_i / S. */
  accrue(pool: ReadonlyArray<number>, a: ReadonlyArray<bigint>, S: bigint): void {
    if (S === 0n) return
    if (this.big === undefined && S <= SAFE_BIG) {
      const N = this.nN
      const Sn = Number(S)
      const f = this.nL % Sn === 0 ? 1 : Sn / Q.gcdNum(this.nL, Sn)
      const L = this.nL * f
      const q = L / Sn
      let fits = L <= SAFE
      for (let i = 0; i < N.length && fits; i++) fits = Math.abs((N[i] as number) * f) <= SAFE
      for (let k = 0; k < pool.length && fits; k++) {
        const i = pool[k] as number
        const ai = a[i] as bigint
        // Each term is checked on its own: a rounded term could hide in a small sum.
        const aq = Number(ai) * q
        fits = ai <= SAFE_BIG && aq <= SAFE && Math.abs((N[i] as number) * f + aq) <= SAFE
      }
      if (fits) {
        if (f !== 1) { for (let i = 0; i < N.length; i++) N[i] = (N[i] as number) * f }
        this.nL = L
        for (let k = 0; k < pool.length; k++) {
          const i = pool[k] as number
          N[i] = (N[i] as number) + Number(a[i] as bigint) * q
        }
        return
      }
    }
    const big = this.toBig()
    if (big.L % S !== 0n) scale(big, S / Q.gcd(big.L, S))
    const q = big.L / S
    for (const i of pool) big.N[i] = (big.N[i] as bigint) + (a[i] as bigint) * q
  }

  serve(i: number): void {
    if (this.big === undefined) {
      const x = (this.nN[i] as number) - this.nL
      if (Math.abs(x) <= SAFE) {
        this.nN[i] = x
        return
      }
    }
    const big = this.toBig()
    big.N[i] = (big.N[i] as bigint) - big.L
  }

  /** A leaver's lag ℓ is shared as ℓ·w_j/W over the remaining members (the EEVDF rule). */
  redistribute(leaver: number, remaining: ReadonlyArray<number>, a: ReadonlyArray<bigint>): void {
    let W = 0n
    for (const j of remaining) W += a[j] as bigint
    if (this.big === undefined) {
      const N = this.nN
      const l = N[leaver] as number
      if (l === 0) return
      if (W === 0n) return
      const Wn = Number(W)
      let fits = W <= SAFE_BIG && this.nL * Wn <= SAFE
      for (let i = 0; i < N.length && fits; i++) fits = Math.abs((N[i] as number) * Wn) <= SAFE
      for (let k = 0; k < remaining.length && fits; k++) {
        const j = remaining[k] as number
        const la = l * Number(a[j] as bigint)
        fits = Math.abs(la) <= SAFE && Math.abs((N[j] as number) * Wn + la) <= SAFE
      }
      if (fits) {
        if (Wn !== 1) {
          for (let i = 0; i < N.length; i++) N[i] = (N[i] as number) * Wn
          this.nL *= Wn
        }
        for (const j of remaining) N[j] = (N[j] as number) + l * Number(a[j] as bigint)
        N[leaver] = 0
        return
      }
    }
    const big = this.toBig()
    const l = big.N[leaver] as bigint
    if (l === 0n) return
    if (W === 0n) return
    scale(big, W)
    for (const j of remaining) big.N[j] = (big.N[j] as bigint) + l * (a[j] as bigint)
    big.N[leaver] = 0n
  }

  lag(i: number): Q.Q {
    return Q.make(numeratorAt(this.big?.N ?? this.nN, i), this.L)
  }

  snapshot(): Numerators {
    return this.big === undefined ? this.nN.slice() : this.big.N.slice()
  }
}

const scale = (big: { L: bigint; readonly N: Array<bigint> }, f: bigint): void => {
  if (f === 1n) return
  big.L *= f
  for (let i = 0; i < big.N.length; i++) big.N[i] = (big.N[i] as bigint) * f
}
