// Who is on duty when, for every module that takes published duties (`Inquiry` ownership,
// `Platforms` first contact). One implementation, so that "the duty at an instant" and
// "the next duty" mean the same everywhere.
import * as Coverage from "../Coverage.js"
import { type Duty, ValidationError } from "../Types.js"

/** The duty covering an instant, and the first duty starting after it. */
export interface Lookup {
  readonly at: (t: number) => Duty | undefined
  readonly next: (t: number) => Duty | undefined
}

/**
 * The forms of published duties: a list, anything with `duties` (a `Rotation.Schedule`), or a
 * ready {@link Lookup}. A bare `at` function is not one: it cannot tell the next duty, which
 * inquiries arriving between shifts need.
 */
export type Duties = ReadonlyArray<Duty> | { readonly duties: ReadonlyArray<Duty> } | Lookup

// Sorted once per list: callers pass the same schedule for many instants.
const sortedDuties = new WeakMap<ReadonlyArray<Duty>, ReadonlyArray<Duty>>()

/** A lookup over published duties; by start (then shift), so input order does not matter. */
export const dutyLookup = (duties: Duties): Lookup => {
  if (!Array.isArray(duties) && !(typeof duties === "object" && duties !== null && "duties" in duties)) {
    // JavaScript callers can pass anything; a lookup must answer `next` as well as `at`
    const lookup = duties as Partial<Lookup> | null
    if (typeof lookup !== "object" || lookup === null || typeof lookup.at !== "function" || typeof lookup.next !== "function") {
      const got = typeof duties === "function" ? "a function (a lookup must be { at, next })" : typeof duties
      throw new ValidationError({
        subject: "duties",
        problems: [{ path: "duties", message: `expected a list of duties, a schedule or { at, next } lookups, got ${got}` }]
      })
    }
    return lookup as Lookup
  }
  const raw = Array.isArray(duties) ? (duties as ReadonlyArray<Duty>) : (duties as { readonly duties: ReadonlyArray<Duty> }).duties
  let list = sortedDuties.get(raw)
  if (list === undefined) {
    list = [...raw].sort((a, b) => a.start - b.start || a.shift - b.shift)
    sortedDuties.set(raw, list)
  }
  const sorted = list
  // Index of the last duty starting at or before t.
  const search = (t: number): number => {
    let lo = 0
    let hi = sorted.length - 1
    let found = -1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if ((sorted[mid] as Duty).start <= t) {
        found = mid
        lo = mid + 1
      } else hi = mid - 1
    }
    return found
  }
  return {
    at: (t) => {
      const i = search(t)
      const d = sorted[i]
      return d !== undefined && t < d.end ? d : undefined
    },
    next: (t) => sorted[search(t) + 1]
  }
}

/** The duty covering an instant, otherwise the next one to start (between shifts, the next Primary answers). */
export const dutyFor = (duties: Duties, t: number): Duty | undefined => {
  const lookup = dutyLookup(duties)
  return lookup.at(t) ?? lookup.next(t)
}

/**
 * The duty responsible for something that arrived at `arrival` (an inquiry, a first
 * contact), as of instant `at` (at or after the arrival). Arrived outside coverage, it
 * belongs to the Primary of the next covered period: until that period starts, the duty
 * at the next covered instant after the arrival answers for it (weekend and holiday
 * inquiries are Monday morning's). Otherwise, and always without a calendar (or when
 * the schedule does not reach the next covered period), the duty at `at` (between
 * shifts, the next one). One rule for `Inquiry.ownerAt`, `Platforms` and `Handoff`.
 */
export const responsibleDuty = (
  duties: Duties,
  arrival: number,
  at: number,
  coverage: Coverage.Calendar | undefined
): { readonly duty: Duty | undefined; readonly offHours: boolean } => {
  const lookup = dutyLookup(duties)
  const covered = coverage === undefined ? arrival : Coverage.nextStartMillis(coverage, arrival)
  const t = Math.max(at, covered)
  const now = lookup.at(at) ?? lookup.next(at)
  if (t === at) return { duty: now, offHours: false }
  // Past the end of the published schedule the next covered period has no Primary yet:
  // the duty at the instant answers, as without a calendar.
  const duty = lookup.at(t) ?? lookup.next(t)
  if (duty === undefined) return { duty: now, offHours: false }
  // Off-hours only when it changes the answer: a gap inside one shift is still that shift's.
  return { duty, offHours: duty !== now }
}
