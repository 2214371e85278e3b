/** Jira's timestamps and JQL dates. */

const formats = new Map<string, Intl.DateTimeFormat>()
const formatIn = (zone: string): Intl.DateTimeFormat => {
  let f = formats.get(zone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit"
    })
    formats.set(zone, f)
  }
  return f
}

/**
 * The JQL date `"yyyy-MM-dd HH:mm"` of the minute at or before `millis`, written in `zone`
 * (JQL reads dates in the calling user's time zone, at minute precision).
 */
export const jqlMinute = (millis: number, zone: string): string => {
  const parts = formatIn(zone).formatToParts(new Date(millis))
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? "00"
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`
}

/** Whether a zone name is one Intl knows. */
export const isZone = (zone: string): boolean => {
  try {
    formatIn(zone)
    return true
  } catch {
    return false
  }
}

const jiraRe = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-])(\d{2}):?(\d{2})$/

/**
 * Epoch milliseconds of a Jira timestamp (`2021-01-17T12:34:00.000+0000`), or NaN. jira.js
 * hands some timestamps over already parsed into a `Date`.
 */
export const parseJiraTime = (text: unknown): number => {
  if (text instanceof Date) return text.getTime()
  if (typeof text !== "string") return Number.NaN
  const m = jiraRe.exec(text)
  if (m === null) return text.endsWith("Z") ? Date.parse(text) : Number.NaN
  return Date.parse(`${m[1]}${m[2]}${m[3]}:${m[4]}`)
}

/** ISO-8601 with `Z`, the form `Inquiry` events carry. */
export const iso = (millis: number): string => new Date(millis).toISOString()
