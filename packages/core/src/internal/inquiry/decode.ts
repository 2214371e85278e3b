// The hand-written fast path of `Inquiry.decodeEventsSync`, several times faster than the
// generic Schema decoder on a million histories. It must only ever accept what the Schemas
// accept and build the same output; anything it does not accept goes to the Schema decoder,
// which either decodes it or reports every problem. The literal lists live here so the
// Schemas (in Inquiry.ts) and this table read the same values; the field table is checked
// against the Schemas' fields and compared with the Schema decoder on generated events of
// every type, with and without every optional field (Inquiry.test.ts).
import { parseInstant } from "./instant.js"

// An instant without a zone would be read in the process time zone, which core never
// consults: the offset is required.
export const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/

export const workflowStatuses = ["new", "in-progress", "waiting-on-reporter", "waiting-on-third-party"] as const
export const resolutionKinds = ["answered", "diagnosed", "workaround", "reproducer", "low-hanging-fruit", "known-issue", "promoted"] as const
export const closeReasons = ["resolved", "stale", "duplicate"] as const
export const enlistmentReplies = ["accept", "delay", "decline"] as const
export const visibilities = ["public", "internal"] as const

type Check = (v: unknown) => boolean
const nonEmpty: Check = (v) => typeof v === "string" && v.length > 0
const anyText: Check = (v) => typeof v === "string"
export const isInstant: Check = (v) => typeof v === "string" && isoInstant.test(v) && !Number.isNaN(parseInstant(v))
const texts: Check = (v) => Array.isArray(v) && v.every(anyText)
const positive: Check = (v) => typeof v === "number" && Number.isFinite(v) && v > 0
const oneOf = (literals: ReadonlyArray<string>): Check => {
  const set = new Set(literals)
  return (v) => typeof v === "string" && set.has(v)
}

export interface FastField {
  readonly key: string
  readonly check: Check
  readonly optional: boolean
}
const req = (key: string, check: Check): FastField => ({ key, check, optional: false })
const opt = (key: string, check: Check): FastField => ({ key, check, optional: true })
const common = [req("type", anyText), req("inquiry", nonEmpty), req("at", isInstant), req("actor", nonEmpty), opt("id", nonEmpty)]

/** Fields of each event type, as the Schemas declare them (checked by a test). */
export const fastFields: ReadonlyMap<string, ReadonlyArray<FastField>> = new Map<string, ReadonlyArray<FastField>>([
  ["opened", [
    ...common,
    req("channel", nonEmpty),
    req("reporter", nonEmpty),
    req("title", anyText),
    opt("labels", texts),
    opt("priority", nonEmpty),
    opt("body", anyText)
  ]],
  ["commented", [...common, req("visibility", oneOf(visibilities))]],
  ["responded", [...common, opt("channel", nonEmpty)]],
  ["status-changed", [...common, req("status", oneOf(workflowStatuses))]],
  ["reprioritized", [...common, req("priority", nonEmpty)]],
  ["escalated", [...common, opt("reason", anyText)]],
  ["enlisted", [...common, req("member", nonEmpty)]],
  ["enlistment-replied", [...common, req("member", nonEmpty), req("reply", oneOf(enlistmentReplies)), opt("until", isInstant)]],
  ["delegated", [...common, req("from", nonEmpty), req("to", nonEmpty), opt("until", isInstant)]],
  ["handed-off", [...common, req("from", nonEmpty), req("to", nonEmpty)]],
  ["carried-over", [...common, req("member", nonEmpty), opt("until", isInstant)]],
  ["assigned", [...common, req("to", nonEmpty)]],
  ["marked-serious", [...common, opt("reason", anyText)]],
  ["effort-recorded", [...common, req("minutes", positive)]],
  ["resolved", [...common, req("kind", oneOf(resolutionKinds)), opt("note", anyText)]],
  ["promoted", [...common, req("reference", nonEmpty)]],
  ["closed", [...common, req("reason", oneOf(closeReasons)), opt("duplicateOf", nonEmpty)]],
  ["reopened", [...common, opt("reason", anyText)]]
])

/** The decoded event when `input` is a well-formed event, else undefined (use the Schema). */
export const fastDecode = (input: object): Record<string, unknown> | undefined => {
  const record = input as Record<string, unknown>
  const type = record["type"]
  const fields = typeof type === "string" ? fastFields.get(type) : undefined
  if (fields === undefined) return undefined
  const out: Record<string, unknown> = {}
  let present = 0
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] as FastField
    const v = record[f.key]
    if (v === undefined) {
      if (f.optional && !(f.key in record)) continue
      return undefined
    }
    if (!f.check(v) || !Object.hasOwn(record, f.key)) return undefined
    present++
    out[f.key] = Array.isArray(v) ? [...(v as ReadonlyArray<unknown>)] : v
  }
  // A field the event type does not have (a misspelling such as `visibilty`) goes to the
  // Schema decoder, which names it as unknown.
  return Object.keys(record).length === present ? out : undefined
}
