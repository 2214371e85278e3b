// Who is on duty when, for every module that takes published duties (`Inquiry` ownership,
// `Platforms` first contact). One implementation, so that "the duty at an instant" and
// "the next duty" mean the same everywhere.
import type { Duty } from "../Types.js"

/** The duty covering an instant, and the first duty starting after it. */
export interface Lookup {
  readonly at: (t: number) => Duty | undefined
  readonly next: (t: number) => Duty | undefined
}

/**
 * The forms of published duties: a list, anything with `duties` (a `Rotation.Schedule`),
 * a ready {@link Lookup}, or a bare lookup function (which cannot tell the next duty).
 */
export type Duties = ReadonlyArray<Duty> | { readonly duties: ReadonlyArray<Duty> } | Lookup | ((at: number) => Duty | undefined)

// Sorted once per list: callers pass the same schedule for many instants.
const sortedDuties = new WeakMap<ReadonlyArray<Duty>, ReadonlyArray<Duty>>()

/** A lookup over published duties; by start (then shift), so input order does not matter. */
export const dutyLookup = (duties: Duties): Lookup => {
  if (typeof duties === "function") return { at: duties, next: () => undefined }
  if ("at" in duties && "next" in duties && typeof duties.at === "function") return duties as Lookup
  const raw = "duties" in duties ? duties.duties : (duties as ReadonlyArray<Duty>)
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
