// Fixtures and helpers shared by the core tests.
import * as Coverage from "../src/Coverage.js"
import * as Types from "../src/Types.js"

/** VisIt's weekly coverage: 08:00-12:00 and 13:00-17:00, Monday to Friday. */
export const visitWeekly = [{ days: ["mon", "tue", "wed", "thu", "fri"], windows: ["08:00-12:00", "13:00-17:00"] }] as const

/** VisIt's calendar in US Pacific time, with the given holidays (none by default). */
export const visitCoverage = (holidays?: { readonly dates?: ReadonlyArray<string>; readonly regions?: ReadonlyArray<string> }): Coverage.Calendar =>
  Coverage.make({
    timeZone: "America/Los_Angeles",
    weekly: visitWeekly.map((r) => ({ days: [...r.days], windows: [...r.windows] })),
    ...(holidays === undefined
      ? {}
      : { holidays: { ...(holidays.dates ? { dates: [...holidays.dates] } : {}), ...(holidays.regions ? { regions: [...holidays.regions] } : {}) } })
  })

/** The problems of the ValidationError that `f` throws; fails the test when it throws none. */
export const problemsOf = (f: () => unknown): ReadonlyArray<Types.Problem> => {
  try {
    f()
  } catch (error) {
    if (error instanceof Types.ValidationError) return error.problems
    throw error
  }
  throw new Error("expected a ValidationError")
}

/** The value, or a failed test when it is missing (for indexed access under noUncheckedIndexedAccess). */
export const must = <A>(a: A | undefined): A => {
  if (a === undefined) throw new Error("expected a value")
  return a
}
