/**
 * Message templates of the process actions and their rendering. A template is plain
 * text with `{name}` placeholders; teams override any template by name, and an
 * override may only use the placeholders its default documents, so a typo is caught
 * when the plan is made instead of reaching a customer as a literal `{primry}`.
 *
 * @since 0.1.0
 * @module
 */
import { DateTime, Result } from "effect"
import { toMillis, ValidationError, type InstantInput, type Millis, type Problem, type Roster } from "../Types.js"
import { showValue } from "./show.js"

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const
const pad = (n: number): string => String(n).padStart(2, "0")

/**
 * Formats an instant for people, in the team's zone with its UTC offset, e.g.
 * `Mon 22 Jan 2024 08:00 (UTC-08:00)`. Built from parts rather than `Intl` so the
 * text does not change with the ICU version of the runtime.
 */
export const formatInstant = (millis: Millis, timeZone: string): string => {
  const zoned = DateTime.makeZonedUnsafe(millis, { timeZone })
  const p = DateTime.toParts(zoned)
  const offset = DateTime.zonedOffset(zoned)
  const sign = offset < 0 ? "-" : "+"
  const abs = Math.abs(offset) / 60_000
  const zone = `UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  return `${WEEKDAYS[p.weekDay]} ${p.day} ${MONTHS[p.month - 1]} ${p.year} ${pad(p.hour)}:${pad(p.minute)} (${zone})`
}

/**
 * Reads an instant given by a user, recording a problem (path and value) instead of
 * throwing when it is not one. Returns `NaN` in that case.
 */
export const instantMillis = (input: unknown, path: string, problems: Array<Problem>): Millis => {
  try {
    const ms = toMillis(input as InstantInput)
    if (Number.isFinite(ms)) return ms
  } catch {
    // reported below
  }
  problems.push({ path, message: `expected an instant (ISO-8601 string, epoch milliseconds, Date or DateTime), got ${showValue(input)}` })
  return Number.NaN
}

/** An instant as an ISO-8601 UTC string, the form `Inquiry` events use. */
export const isoInstant = (millis: Millis): string => DateTime.formatIso(DateTime.makeUnsafe(millis))

/** Hours with at most one decimal, without a trailing ".0". */
export const formatHours = (millis: number): string => {
  const h = Math.round((millis / 3_600_000) * 10) / 10
  return String(h)
}

/** The placeholder a tracker adapter replaces with a member's mention (as `Tracker.mention`; `Tracker.renderMentions` fills it). */
export const mention = (member: string): string => `{@${member}}`

/** Display names of a roster's members: the member's `name`, or the id itself without a roster or a name. */
export const namesOf = (roster: Roster | undefined): (member: string) => string => {
  if (roster === undefined) return (member) => member
  const names = new Map<string, string>()
  for (const m of roster.members) if (m.name !== undefined && m.name.trim() !== "") names.set(m.id, m.name)
  return (member) => names.get(member) ?? member
}

/** A named set of templates, each with the placeholders it may use. */
export interface Catalog<K extends string> {
  readonly texts: { readonly [P in K]: string }
  readonly placeholders: { readonly [P in K]: ReadonlyArray<string> }
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g

/** Placeholder names used by a template text, in order of first use. */
export const placeholdersOf = (text: string): ReadonlyArray<string> => {
  const seen: Array<string> = []
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] as string
    if (!seen.includes(name)) seen.push(name)
  }
  return seen
}

/**
 * Fills `{name}` placeholders. A placeholder with no value renders empty: the catalog
 * check guarantees every placeholder is one the caller knows, and optional values
 * (a missing URL) should vanish rather than print "undefined".
 */
export const render = (text: string, vars: { readonly [name: string]: string | undefined }): string =>
  text.replace(PLACEHOLDER, (_all, name: string) => vars[name] ?? "")

/**
 * Merges a team's overrides into a catalog's defaults, rejecting unknown template
 * names and unknown placeholders with one problem per mistake.
 */
export const merge = <K extends string>(
  catalog: Catalog<K>,
  overrides: { readonly [P in K]?: string | undefined } | undefined,
  subject: string
): Result.Result<{ readonly [P in K]: string }, ValidationError> => {
  if (overrides === undefined) return Result.succeed(catalog.texts)
  const problems: Array<Problem> = []
  const out: { [P in K]: string } = { ...catalog.texts }
  for (const name of Object.keys(overrides).sort()) {
    const value = (overrides as Record<string, unknown>)[name]
    if (value === undefined) continue
    if (!(name in catalog.texts)) {
      problems.push({
        path: `templates.${name}`,
        message: `unknown template; known templates: ${Object.keys(catalog.texts).sort().join(", ")}`
      })
      continue
    }
    if (typeof value !== "string" || value.trim() === "") {
      problems.push({ path: `templates.${name}`, message: `expected a non-empty text, got ${showValue(value)}` })
      continue
    }
    const allowed = catalog.placeholders[name as K]
    for (const used of placeholdersOf(value)) {
      if (!allowed.includes(used)) {
        problems.push({
          path: `templates.${name}`,
          message: `unknown placeholder {${used}}; this template may use ${allowed.map((a) => `{${a}}`).join(", ") || "no placeholders"}`
        })
      }
    }
    out[name as K] = value
  }
  return problems.length === 0 ? Result.succeed(out) : Result.fail(new ValidationError({ subject, problems }))
}

const catalog = <K extends string>(entries: { readonly [P in K]: readonly [string, ReadonlyArray<string>] }): Catalog<K> => {
  const texts = {} as { [P in K]: string }
  const placeholders = {} as { [P in K]: ReadonlyArray<string> }
  for (const name of Object.keys(entries) as Array<K>) {
    const [text, allowed] = entries[name]
    texts[name] = text
    placeholders[name] = allowed
  }
  return { texts, placeholders }
}

/** Shift-end handoff and delegation. */
export const handoff = catalog({
  customer: [
    "Hi {customer}, a quick note on \"{title}\": our support shift changes today, so {incomingMention} is now looking after this and will pick it up from here. You don't need to repeat anything; all the details stay in this thread. Thanks for your patience!",
    ["customer", "title", "incoming", "incomingMention", "outgoing", "inquiry"]
  ],
  carried: [
    "{outgoing} is close to resolving this and will see it through after the shift change.",
    ["outgoing", "inquiry", "title"]
  ],
  delegationStart: [
    "{to} is standing in for {from} as the support Primary from {start} to {end} ({reason}). Questions in the meantime go to {to}.",
    ["from", "to", "start", "end", "reason"]
  ],
  delegationCustomer: [
    "Hi {customer}, {to} is covering support for a little while and will carry on with \"{title}\". Nothing changes on your side.",
    ["customer", "to", "title", "inquiry"]
  ],
  awaySuggestion: [
    "{member}, you will be away for about {hours} covered hours ({start} to {end}) while you are the support Primary. Consider delegating the role to {backup} for that time so customers keep getting answers.",
    ["member", "hours", "start", "end", "backup"]
  ]
})

/** Escalation. */
export const escalation = catalog({
  enlist: [
    "{primary} would appreciate your help with \"{title}\" ({inquiry}): {reason}. If you can't take it on soon, just say so (delay or decline) so {primary} can plan around it; {primary} stays responsible for the reply to the customer.",
    ["primary", "title", "inquiry", "reason", "member"]
  ],
  responded: [
    "{member} answered the escalation of \"{title}\" ({inquiry}): {answer}{until}.",
    ["member", "title", "inquiry", "answer", "until"]
  ],
  askRequiredResponse: [
    "Hi {customer}, thanks for reaching out. Only some of our team can work with this kind of system, so to route it well: by when do you need a response? A rough answer (today, this week, next week) is plenty.",
    ["customer", "title", "inquiry"]
  ],
  specialAccess: [
    "\"{title}\" ({inquiry}) needs {access} access, which {primary} does not have. The customer needs a response by {deadline}. Can you take it?",
    ["title", "inquiry", "access", "primary", "deadline"]
  ],
  noProgress: [
    "\"{title}\" ({inquiry}) has had no progress for {hours} covered hours. Suggested next step: {step}.",
    ["title", "inquiry", "hours", "step"]
  ]
})

/** Promotion to a product-development issue. */
export const promotion = catalog({
  issueBody: [
    "Promoted from support item {inquiry}{url}.\n\n## Summary\n{summary}\n\n## Reproducer\n{reproducer}\n\n## Work-around\n{workaround}\n\n## Reported by\n{reporter} on {openedAt}",
    ["inquiry", "url", "summary", "reproducer", "workaround", "reporter", "openedAt", "title"]
  ],
  knownUpdate: [
    "Another report of this from support item {inquiry}{url} ({reporter}, {openedAt}).\n\n{summary}\n\nReproducer: {reproducer}\nWork-around: {workaround}\n\nPutting this back up for review at the next project meeting.",
    ["inquiry", "url", "summary", "reproducer", "workaround", "reporter", "openedAt", "issue"]
  ],
  resolvingNew: [
    "Hi {customer}, thanks for the detailed report. Fixing this properly needs planned development work, so we have filed it as {issue} where the team will prioritise it. {workaroundNote}We are closing this support item now; follow {issue} for progress.",
    ["customer", "issue", "workaroundNote", "title", "inquiry"]
  ],
  resolvingKnown: [
    "Hi {customer}, thanks for the report. This is a known problem tracked in {issue}; we have added your details there and asked the team to look at it again. {workaroundNote}We are closing this support item now; follow {issue} for progress.",
    ["customer", "issue", "workaroundNote", "title", "inquiry"]
  ],
  workaroundNote: ["In the meantime, this work-around should help: {workaround} ", ["workaround"]]
})

/** First-contact redirects. */
export const platforms = catalog({
  user: [
    "Hi {user}, thanks for getting in touch! So that your question gets a timely answer and doesn't depend on who happens to be around, our support goes through {channel}. {primary} is on support duty and will pick this up: I've passed your message on and opened {where} for you ({inquiry}), so there's nothing more you need to do.",
    ["user", "channel", "primary", "where", "receiver", "inquiry"]
  ],
  primary: [
    "{user} contacted {receiver} via {via} about \"{subject}\". An inquiry was opened on their behalf in {channel}; it is yours to answer.",
    ["user", "receiver", "via", "subject", "channel"]
  ],
  inquiryBody: [
    "Opened on behalf of {user} ({handle}), who contacted {receiver} via {via} on {at}.\n\n{text}",
    ["user", "handle", "receiver", "via", "at", "text", "subject"]
  ]
})

/** Postmortems. */
export const postmortem = catalog({
  title: ["Postmortem: {title} ({inquiry})", ["title", "inquiry"]],
  fill: ["_to fill in_", []]
})
