/**
 * Small statistics shared by `Simulation` and `Metrics`: nearest-rank percentiles
 * and the fairness of a list of duties against weights.
 *
 * @internal
 */
import type { Duty, MemberId } from "../Types.js"

/** Nearest-rank percentile of ascending `sorted` values (`p` in [0, 100]); NaN when empty. */
export const percentileSorted = (sorted: ArrayLike<number>, p: number): number => {
  if (sorted.length === 0) return NaN
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[Math.min(rank, sorted.length) - 1] as number
}

/** Percentiles of any values (sorted copy). */
export const percentiles = (
  values: ReadonlyArray<number>
): { readonly p50: number; readonly p90: number; readonly p95: number; readonly p99: number; readonly max: number; readonly mean: number } => {
  // A typed array sorts numerically without a comparator (several times faster); NaN sorts last.
  const sorted = Float64Array.from(values).sort()
  let sum = 0
  // Summed in sorted order, so the mean does not depend on the input order.
  for (const x of sorted) sum += x
  return {
    mean: sorted.length === 0 ? NaN : sum / sorted.length,
    p50: percentileSorted(sorted, 50),
    p90: percentileSorted(sorted, 90),
    p95: percentileSorted(sorted, 95),
    p99: percentileSorted(sorted, 99),
    max: sorted.length === 0 ? NaN : (sorted[sorted.length - 1] as number)
  }
}

/** Fairness of a rotation: lag (served − fair share) per member after each duty. */
export interface Fairness {
  readonly members: ReadonlyArray<MemberId>
  /** lag[k][m]: shifts served minus weight share after the first k+1 duties. */
  readonly lag: ReadonlyArray<ReadonlyArray<number>>
  /** Largest |lag| over all members and duties, in shifts. */
  readonly maxDeviation: number
  /** Longest run of duties between two Primary shifts of one member (or from the start). */
  readonly worstGap: number
  /** Number of times a member is Primary in two consecutive duties. */
  readonly backToBack: number
  readonly shifts: ReadonlyMap<MemberId, number>
}

/**
 * Lag of every member against a weighted fair share. `weights` list who is in the
 * rotation; members absent from it are ignored (a duty to them counts for nobody).
 */
export const fairness = (duties: ReadonlyArray<Duty>, weights: ReadonlyArray<{ readonly id: MemberId; readonly weight: number }>): Fairness => {
  const ordered = [...weights].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const index = new Map(ordered.map((m, i) => [m.id, i] as const))
  const total = ordered.reduce((s, m) => s + m.weight, 0)
  const served = new Float64Array(ordered.length)
  const last = new Float64Array(ordered.length).fill(-1)
  const lag: Array<ReadonlyArray<number>> = []
  let maxDeviation = 0
  let worstGap = 0
  let backToBack = 0
  let previous: MemberId | undefined
  duties.forEach((duty, k) => {
    const i = index.get(duty.primary)
    if (i !== undefined) {
      served[i] = (served[i] as number) + 1
      worstGap = Math.max(worstGap, k - (last[i] as number) - 1)
      last[i] = k
    }
    if (previous !== undefined && previous === duty.primary) backToBack++
    previous = duty.primary
    const row = ordered.map((m, j) => (served[j] as number) - ((k + 1) * m.weight) / total)
    for (const x of row) maxDeviation = Math.max(maxDeviation, Math.abs(x))
    lag.push(row)
  })
  for (const l of last) worstGap = Math.max(worstGap, duties.length - l - 1)
  return {
    members: ordered.map((m) => m.id),
    lag,
    maxDeviation,
    worstGap,
    backToBack,
    shifts: new Map(ordered.map((m, i) => [m.id, served[i] as number] as const))
  }
}
