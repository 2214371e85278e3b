// Time zone names as the IANA database spells them. Intl accepts far more (any case, and
// abbreviations such as "PST" that ICU maps to a zone), but a profile written with them would
// not mean the same thing to a calendar program or another library, so only the database's
// own spelling is accepted; a near miss is told the name to write. The list is the one
// timezones-ical-library ships its VTIMEZONE blocks for, so every accepted zone can be exported.
import { tzlib_get_ical_block, tzlib_get_timezones } from "timezones-ical-library"

const names: ReadonlySet<string> = new Set(tzlib_get_timezones(false) as ReadonlyArray<string>)
const byLowerCase: ReadonlyMap<string, string> = new Map([...names].map((n) => [n.toLowerCase(), n]))
// Old names the database keeps only for compatibility (`US/Pacific`, `EST5EDT`, `GMT`).
const legacy = (name: string): boolean => (!name.includes("/") && name !== "UTC") || /^(US|Canada|Mexico|Brazil|Chile)\//.test(name)

const resolved = (name: string): string | undefined => {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone
  } catch {
    return undefined
  }
}

/** Why `name` is not a canonical IANA zone name (with the name to write when there is one), or undefined. */
export const zoneNameProblem = (name: string): string | undefined => {
  if (names.has(name) && !legacy(name)) return undefined
  const quoted = JSON.stringify(name)
  const sameLetters = byLowerCase.get(name.toLowerCase())
  if (sameLetters !== undefined && sameLetters !== name && !legacy(sameLetters))
    return `expected an IANA time zone name as the database writes it, got ${quoted} (write "${sameLetters}")`
  const target = resolved(name)
  if (target !== undefined) {
    const canonical = byLowerCase.get(target.toLowerCase())
    const hint = canonical !== undefined && !legacy(canonical) ? ` (write "${canonical}")` : ""
    return `expected an IANA time zone name such as "America/Los_Angeles", got ${quoted}: abbreviations and legacy names are not accepted${hint}`
  }
  return `unknown time zone ${quoted}`
}

/** The VTIMEZONE component (RFC 5545) of a zone accepted by {@link zoneNameProblem}. */
export const vtimezone = (name: string): string => {
  const block = tzlib_get_ical_block(name, false)
  if (!Array.isArray(block) || typeof block[0] !== "string") throw new Error(`no VTIMEZONE for ${name}`)
  return block[0]
}
