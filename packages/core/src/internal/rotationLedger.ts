// The exact Pause/Owe ledger (fairness-theory.md §1). Every lag is N_i / L over one common
// denominator L, so ordering by pre-lag is a bigint comparison and no gcd runs per shift.
// Shares are a_i / S with integer weights a_i (percent-time over a common denominator) and
// S the pool's total, so L only ever grows to the lcm of the pool totals seen.
import * as Q from "./rational.js"

export class Ledger {
  L = 1n
  readonly N: Array<bigint>
  constructor(n: number) {
    this.N = new Array<bigint>(n).fill(0n)
  }

  private scale(f: bigint): void {
    if (f === 1n) return
    this.L *= f
    for (let i = 0; i < this.N.length; i++) this.N[i] = (this.N[i] as bigint) * f
  }

  /** One shift's entitlement: each pool member i gains a_i / S. */
  accrue(pool: ReadonlyArray<number>, a: ReadonlyArray<bigint>, S: bigint): void {
    if (S === 0n) return
    if (this.L % S !== 0n) this.scale(S / Q.gcd(this.L, S))
    const q = this.L / S
    for (const i of pool) this.N[i] = (this.N[i] as bigint) + (a[i] as bigint) * q
  }

  serve(i: number): void {
    this.N[i] = (this.N[i] as bigint) - this.L
  }

  /** A leaver's lag ℓ is shared as ℓ·w_j/W over the remaining members (the EEVDF rule). */
  redistribute(leaver: number, remaining: ReadonlyArray<number>, a: ReadonlyArray<bigint>): void {
    const l = this.N[leaver] as bigint
    if (l === 0n) return
    let W = 0n
    for (const j of remaining) W += a[j] as bigint
    if (W === 0n) return
    this.scale(W)
    for (const j of remaining) this.N[j] = (this.N[j] as bigint) + l * (a[j] as bigint)
    this.N[leaver] = 0n
  }

  lag(i: number): Q.Q {
    return Q.make(this.N[i] as bigint, this.L)
  }

  snapshot(): ReadonlyArray<bigint> {
    return this.N.slice()
  }
}
