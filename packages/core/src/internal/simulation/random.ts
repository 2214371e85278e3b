/**
 * Seeded pseudo-random numbers for the simulation: sfc32 (Chris Doty-Humphrey's
 * small fast counting generator, 128-bit state, passes PractRand to 2^42 bytes)
 * seeded through a 32-bit mix of the seed and named stream tags.
 *
 * Streams are derived from (seed, tag, index) rather than drawn in sequence so
 * that what-if variants see the same numbers for the same inquiry even when one
 * variant draws more numbers than another (common random numbers).
 *
 * @internal
 */

/** Mixes one 32-bit value (murmur3's finaliser). */
const fmix = (h: number): number => {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** Hashes a string tag to 32 bits (FNV-1a, then mixed). */
export const hashString = (s: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return fmix(h)
}

/** Combines 32-bit values into one seed. */
export const combine = (...parts: ReadonlyArray<number>): number => {
  let h = 0x9e3779b9
  for (const p of parts) {
    h = fmix((h ^ fmix(p >>> 0)) + 0x7f4a7c15)
  }
  return h
}

/** A stream of uniform numbers in [0, 1). */
export class Rng {
  private a: number
  private b: number
  private c: number
  private d: number

  constructor(seed: number) {
    this.a = 0x9e3779b9
    this.b = 0x243f6a88
    this.c = 0xb7e15162
    this.d = seed >>> 0
    for (let i = 0; i < 12; i++) this.nextUint32()
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.nextUint32() / 4294967296
  }
}

/** A stream named by a seed and tags, e.g. `stream(seed, "inquiry", 17)`. */
export const stream = (seed: number, tag: string, ...index: ReadonlyArray<number>): Rng => new Rng(combine(seed, hashString(tag), ...index))

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, relative
 * error below 1.15e-9). Inverse-CDF sampling keeps every draw a monotone function
 * of its uniform, so making a distribution slower makes every sample slower.
 */
export const normalQuantile = (p: number): number => {
  const q = Math.min(Math.max(p, 1e-300), 1 - 1e-16)
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239] as const
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1] as const
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783] as const
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416] as const
  const low = 0.02425
  if (q < low) {
    const r = Math.sqrt(-2 * Math.log(q))
    return (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) / ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1)
  }
  if (q > 1 - low) {
    const r = Math.sqrt(-2 * Math.log(1 - q))
    return -(((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) / ((((d[0] * r + d[1]) * r + d[2]) * r + d[3]) * r + 1)
  }
  const r = q - 0.5
  const s = r * r
  return ((((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r) / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1)
}

/** z such that P(Z <= z) = 0.9. */
export const Z90 = 1.2815515655446004
