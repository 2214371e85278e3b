// Exact rationals on bigint, normalised (gcd 1, positive denominator). The fairness ledger
// must be exact: floating-point tie noise changes whole schedules (fairness-theory.md).

/** An exact rational number `n / d` with `d > 0` and `gcd(|n|, d) = 1`. */
export interface Q {
  readonly n: bigint
  readonly d: bigint
}

const gcdBig = (a: bigint, b: bigint): bigint => {
  if (a < 0n) a = -a
  if (b < 0n) b = -b
  while (b !== 0n) {
    const t = a % b
    a = b
    b = t
  }
  return a
}

export const gcd = gcdBig

/** Greatest common divisor of two safe integers (the number twin of {@link gcd}). */
export const gcdNum = (a: number, b: number): number => {
  while (b !== 0) {
    const t = a % b
    a = b
    b = t
  }
  return a
}

export const lcm = (a: bigint, b: bigint): bigint => (a === 0n || b === 0n ? 0n : (a / gcdBig(a, b)) * b)

export const make = (n: bigint, d: bigint = 1n): Q => {
  if (d === 0n) throw new RangeError("rational with zero denominator")
  if (d < 0n) {
    n = -n
    d = -d
  }
  if (d === 1n) return { n, d }
  const g = gcdBig(n, d)
  return g === 1n ? { n, d } : { n: n / g, d: d / g }
}

export const ZERO: Q = { n: 0n, d: 1n }
export const ONE: Q = { n: 1n, d: 1n }

export const int = (k: number | bigint): Q => ({ n: BigInt(k), d: 1n })

export const add = (a: Q, b: Q): Q => (a.d === b.d ? make(a.n + b.n, a.d) : make(a.n * b.d + b.n * a.d, a.d * b.d))
export const sub = (a: Q, b: Q): Q => (a.d === b.d ? make(a.n - b.n, a.d) : make(a.n * b.d - b.n * a.d, a.d * b.d))
export const mul = (a: Q, b: Q): Q => make(a.n * b.n, a.d * b.d)
export const div = (a: Q, b: Q): Q => {
  if (b.n === 0n) throw new RangeError("rational division by zero")
  return make(a.n * b.d, a.d * b.n)
}
export const neg = (a: Q): Q => ({ n: -a.n, d: a.d })
export const abs = (a: Q): Q => (a.n < 0n ? { n: -a.n, d: a.d } : a)
export const cmp = (a: Q, b: Q): -1 | 0 | 1 => {
  const l = a.n * b.d
  const r = b.n * a.d
  return l < r ? -1 : l > r ? 1 : 0
}
export const eq = (a: Q, b: Q): boolean => a.n === b.n && a.d === b.d
export const max = (a: Q, b: Q): Q => (cmp(a, b) >= 0 ? a : b)
export const min = (a: Q, b: Q): Q => (cmp(a, b) <= 0 ? a : b)
export const isZero = (a: Q): boolean => a.n === 0n

/** Largest integer `<= n/d` for bigint numerator and positive denominator. */
export const floorDiv = (n: bigint, d: bigint): bigint => {
  const q = n / d
  return n < 0n && q * d !== n ? q - 1n : q
}
export const floor = (a: Q): bigint => floorDiv(a.n, a.d)
export const ceil = (a: Q): bigint => -floorDiv(-a.n, a.d)

/** Nearest double of `n/d`, accurate even when both exceed the double range. */
const SAFE = BigInt(Number.MAX_SAFE_INTEGER)
const NEG_SAFE = -SAFE // a constant: negating a bigint allocates
const BIG_1000 = 2n ** 1000n
export const ratioToNumber = (n: bigint, d: bigint): number => {
  if (d <= SAFE && n <= SAFE && n >= NEG_SAFE) return Number(n) / Number(d)
  const neg = n < 0n !== d < 0n
  if (n < 0n) n = -n
  if (d < 0n) d = -d
  // Only values of more than 1000 bits need shifting (their doubles would overflow); a
  // comparison finds them without writing every value out in binary.
  if (n < BIG_1000 && d < BIG_1000) {
    const x = Number(n) / Number(d)
    return neg ? -x : x
  }
  const bits = Math.max(n.toString(2).length, d.toString(2).length)
  if (bits > 1000) {
    const shift = BigInt(bits - 1000)
    n >>= shift
    d >>= shift
    if (d === 0n) return neg ? -Infinity : Infinity
  }
  const x = Number(n) / Number(d)
  return neg ? -x : x
}
export const toNumber = (a: Q): number => ratioToNumber(a.n, a.d)

export const toString = (a: Q): string => (a.d === 1n ? a.n.toString() : `${a.n}/${a.d}`)

/**
 * The exact rational a user meant by a decimal such as `0.8` (8/10, not the binary
 * double nearest to it): read from the shortest round-trip decimal text of the number.
 */
export const fromDecimal = (x: number): Q => {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`)
  const text = String(x)
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(text)
  if (m === null) throw new RangeError(`cannot read ${text} as a decimal`)
  const sign = m[1] === "-" ? -1n : 1n
  const frac = m[3] ?? ""
  const exp = Number(m[4] ?? "0") - frac.length
  const digits = BigInt((m[2] ?? "0") + frac) * sign
  return exp >= 0 ? make(digits * 10n ** BigInt(exp)) : make(digits, 10n ** BigInt(-exp))
}
