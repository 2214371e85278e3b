// Shows any value a user could hand a decoder in an error message, without ever throwing:
// BigInt, symbols, functions, cycles, Maps and Sets, null-prototype objects and objects whose
// `toString` or `toJSON` is broken all print as something readable.

const describe = (value: unknown): string => {
  if (typeof value === "bigint") return `${value}n`
  if (typeof value === "symbol") return value.toString()
  if (typeof value === "function") return "a function"
  if (typeof value !== "object" || value === null) return String(value)
  return Object.prototype.toString.call(value)
}

/** A short, JSON-like rendering of `value` (at most `max` characters). */
export const showValue = (value: unknown, max = 80): string => {
  let text: string | undefined
  if (typeof value === "bigint" || typeof value === "symbol" || typeof value === "function") text = describe(value)
  else {
    try {
      const seen = new WeakSet<object>()
      text = JSON.stringify(value, (_key, v: unknown) => {
        if (typeof v === "bigint" || typeof v === "symbol" || typeof v === "function") return describe(v)
        if (v instanceof Map) return { [`Map(${v.size})`]: [...v.entries()] }
        if (v instanceof Set) return { [`Set(${v.size})`]: [...v.values()] }
        if (typeof v === "object" && v !== null) {
          if (seen.has(v)) return "[circular]"
          seen.add(v)
        }
        return v
      })
    } catch {
      text = undefined
    }
    if (text === undefined) text = describe(value)
  }
  return text.length > max ? `${text.slice(0, max - 3)}...` : text
}
