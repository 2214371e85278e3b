// The Rotation ledger keeps its integers in doubles while they are safe and moves to bigint
// when one would not be: every operation must give exactly the integers of a plain bigint
// ledger, before, across and after that move.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Ledger, numeratorAt } from "../src/internal/rotation/ledger.js"

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a
  b = b < 0n ? -b : b
  while (b > 0n) [a, b] = [b, a % b]
  return a
}

// The reference: N_i / L in bigints only.
class Reference {
  L = 1n
  readonly N: Array<bigint>
  constructor(n: number) {
    this.N = new Array<bigint>(n).fill(0n)
  }
  private scale(f: bigint) {
    this.L *= f
    for (let i = 0; i < this.N.length; i++) this.N[i] = (this.N[i] as bigint) * f
  }
  accrue(pool: ReadonlyArray<number>, a: ReadonlyArray<bigint>) {
    const S = pool.reduce((s, i) => s + (a[i] as bigint), 0n)
    if (S === 0n) return
    if (this.L % S !== 0n) this.scale(S / gcd(this.L, S))
    for (const i of pool) this.N[i] = (this.N[i] as bigint) + ((a[i] as bigint) * this.L) / S
  }
  serve(i: number) {
    this.N[i] = (this.N[i] as bigint) - this.L
  }
  redistribute(leaver: number, remaining: ReadonlyArray<number>, a: ReadonlyArray<bigint>) {
    const l = this.N[leaver] as bigint
    const W = remaining.reduce((s, j) => s + (a[j] as bigint), 0n)
    if (l === 0n || W === 0n) return
    this.scale(W)
    for (const j of remaining) this.N[j] = (this.N[j] as bigint) + l * (a[j] as bigint)
    this.N[leaver] = 0n
  }
}

type Op =
  | { readonly kind: "accrue"; readonly pool: ReadonlyArray<boolean> }
  | { readonly kind: "serve"; readonly who: number }
  | { readonly kind: "leave"; readonly who: number }

const N = 6
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("accrue" as const), pool: fc.array(fc.boolean(), { minLength: N, maxLength: N }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("serve" as const), who: fc.nat(N - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("leave" as const), who: fc.nat(N - 1) }) }
)

describe("Rotation ledger in safe integers, then bigints", () => {
  it("matches a bigint ledger after every operation, including when L passes 2^52", () => {
    let crossed = 0
    fc.assert(
      fc.property(
        // Weights up to a million give pool totals whose lcm leaves the safe range quickly.
        fc.array(fc.oneof(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 1_000_000 })), { minLength: N, maxLength: N }),
        fc.array(opArb, { minLength: 1, maxLength: 120 }),
        (ws, ops) => {
          const a = ws.map(BigInt)
          const led = new Ledger(N)
          const ref = new Reference(N)
          for (const op of ops) {
            if (op.kind === "accrue") {
              const pool = [...Array(N).keys()].filter((i) => op.pool[i])
              const S = pool.reduce((s, i) => s + (a[i] as bigint), 0n)
              led.accrue(pool, a, S)
              ref.accrue(pool, a)
            } else if (op.kind === "serve") {
              led.serve(op.who)
              ref.serve(op.who)
            } else {
              const remaining = [...Array(N).keys()].filter((j) => j !== op.who)
              led.redistribute(op.who, remaining, a)
              ref.redistribute(op.who, remaining, a)
            }
            expect(led.L).toBe(ref.L)
            const snap = led.snapshot()
            for (let i = 0; i < N; i++) expect(numeratorAt(snap, i)).toBe(ref.N[i])
          }
          if (ref.L > 2n ** 52n) crossed++
        }
      ),
      { numRuns: 200, seed: 4242 }
    )
    // The property must have exercised the move to bigint, not only the safe range.
    expect(crossed).toBeGreaterThan(10)
  })
})
