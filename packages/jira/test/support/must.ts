/** The value, or a thrown error naming what was missing (tests only). */
export const must = <A>(value: A | undefined | null, what = "a value"): A => {
  if (value === undefined || value === null) throw new Error(`expected ${what}`)
  return value
}
