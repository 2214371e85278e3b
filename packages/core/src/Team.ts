/**
 * The team that shares support duty: members with a weight (percent-time), tracker
 * handles, expertise tags and Backup qualification; effective-dated joins, leaves and
 * weight changes; and absences, each saying whether entitlement pauses or is owed.
 *
 * Decode a team from plain JSON with {@link decode} or {@link decodeSync}: every problem
 * is reported with its path and value. The decoded {@link Team} is sorted by member id so
 * that the order of the input never changes a plan.
 *
 * @since 0.1.0
 * @module
 */
import { Effect, Result, Schema } from "effect"
import ICAL from "ical.js"
import * as Types from "./Types.js"
import { showValue } from "./internal/show.js"
import { addDays, isZone, wallToMillis } from "./internal/wallClock.js"
import { zoneNameProblem } from "./internal/zoneNames.js"

const Instant = Schema.Union([Schema.String, Schema.Number])

// Finite (not Number) so the exported JSON Schema keeps the bounds and has no "NaN" strings.
const Weight = Schema.Finite.check(
  Schema.isBetween({ minimum: 0, maximum: 1, exclusiveMinimum: true }, { message: "expected a number in (0, 1] (percent-time)" })
)

/**
 * The kinds of absence. They do not change the arithmetic; `accrues` does.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AbsenceKind = Schema.Literals(["vacation", "travel", "training", "sickness", "other"])

/**
 * @since 0.1.0
 * @category models
 */
export type AbsenceKind = typeof AbsenceKind.Type

/**
 * How an absence affects entitlement. `"pause"` (the default, for approved leave):
 * entitlement stops while away, so the member's lag is frozen. `"owe"` (for elective
 * blackouts): entitlement keeps accruing, so the member owes those shifts afterwards.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Accrual = Schema.Literals(["pause", "owe"])

/**
 * @since 0.1.0
 * @category models
 */
export type Accrual = typeof Accrual.Type

/**
 * JSON form of a member.
 *
 * @since 0.1.0
 * @category schemas
 */
export const MemberSpec = Schema.Struct({
  id: Types.MemberId,
  name: Schema.String,
  /** Percent-time as a fraction in (0, 1]: a 50% developer is 0.5. */
  weight: Weight,
  handles: Schema.optionalKey(
    Schema.Struct({
      github: Schema.optionalKey(Schema.NonEmptyString),
      jira: Schema.optionalKey(Schema.NonEmptyString),
      email: Schema.optionalKey(Schema.NonEmptyString)
    })
  ),
  tags: Schema.optionalKey(Schema.Array(Schema.String)),
  /** Backup role: qualified (default true) and senior (default false, for pairing). */
  backup: Schema.optionalKey(
    Schema.Struct({ qualified: Schema.optionalKey(Schema.Boolean), senior: Schema.optionalKey(Schema.Boolean) })
  )
})

/**
 * JSON form of an effective-dated roster change. `join`: not on the team before `at`;
 * `leave`: off the team from `at`; `weight`: new weight from `at`. A rotation applies a
 * change from the first shift starting at or after `at`, and never before its first
 * unpublished shift.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ChangeSpec = Schema.Struct({
  member: Types.MemberId,
  at: Instant,
  kind: Schema.Literals(["join", "leave", "weight"]),
  weight: Schema.optionalKey(Weight)
})

/**
 * JSON form of an absence: `[start, end)` instants.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AbsenceSpec = Schema.Struct({
  member: Types.MemberId,
  start: Instant,
  end: Instant,
  kind: Schema.optionalKey(AbsenceKind),
  accrues: Schema.optionalKey(Accrual),
  note: Schema.optionalKey(Schema.String)
})

/**
 * JSON form of a team.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Spec = Schema.Struct({
  members: Schema.Array(MemberSpec),
  changes: Schema.optionalKey(Schema.Array(ChangeSpec)),
  absences: Schema.optionalKey(Schema.Array(AbsenceSpec))
})

/**
 * @since 0.1.0
 * @category models
 */
export type Spec = typeof Spec.Encoded

/**
 * A decoded member.
 *
 * @since 0.1.0
 * @category models
 */
export interface Member {
  readonly id: Types.MemberId
  readonly name: string
  /** Weight at the start of the team's history (see {@link Team.changes} for later ones). */
  readonly weight: number
  readonly handles: { readonly github?: string; readonly jira?: string; readonly email?: string }
  readonly tags: ReadonlyArray<string>
  readonly backup: { readonly qualified: boolean; readonly senior: boolean }
}

/**
 * A decoded roster change.
 *
 * @since 0.1.0
 * @category models
 */
export interface Change {
  readonly member: Types.MemberId
  readonly at: Types.Millis
  readonly kind: "join" | "leave" | "weight"
  readonly weight?: number
}

/**
 * A decoded absence `[start, end)`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Absence {
  readonly member: Types.MemberId
  readonly start: Types.Millis
  readonly end: Types.Millis
  readonly kind: AbsenceKind
  readonly accrues: Accrual
  readonly note?: string
}

/**
 * A decoded team: members sorted by id, changes by time, absences by member and start.
 *
 * @since 0.1.0
 * @category models
 */
export interface Team {
  readonly members: ReadonlyArray<Member>
  readonly changes: ReadonlyArray<Change>
  readonly absences: ReadonlyArray<Absence>
}

const decodeShape = (input: unknown) => Schema.decodeUnknownResult(Spec)(input, { errors: "all" })

const instant = (value: string | number, path: string, problems: Array<Types.Problem>): number => {
  try {
    const ms = Types.toMillis(value)
    if (Number.isFinite(ms)) return ms
  } catch {
    // reported below
  }
  problems.push({ path, message: `expected an ISO-8601 instant or epoch milliseconds, got ${showValue(value)}` })
  return Number.NaN
}

const byId = (a: { readonly id: string }, b: { readonly id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
const cmpStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const absenceOrder = (a: Absence, b: Absence) =>
  cmpStr(a.member, b.member) || a.start - b.start || a.end - b.end || cmpStr(a.kind, b.kind) || cmpStr(a.accrues, b.accrues) ||
  cmpStr(a.note ?? "", b.note ?? "")
const changeOrder = (a: Change, b: Change) => a.at - b.at || cmpStr(a.member, b.member) || cmpStr(a.kind, b.kind)

const validateAbsences = (
  specs: ReadonlyArray<typeof AbsenceSpec.Type>,
  ids: ReadonlySet<string>,
  prefix: string,
  problems: Array<Types.Problem>
): Array<Absence> =>
  specs.map((a, i) => {
    const start = instant(a.start, `${prefix}[${i}].start`, problems)
    const end = instant(a.end, `${prefix}[${i}].end`, problems)
    if (!ids.has(a.member)) problems.push({ path: `${prefix}[${i}].member`, message: `unknown member ${JSON.stringify(a.member)}` })
    if (Number.isFinite(start) && Number.isFinite(end) && end <= start) {
      problems.push({
        path: `${prefix}[${i}].end`,
        message: `the absence must end after it starts, got ${JSON.stringify(a.end)} (start ${JSON.stringify(a.start)})`
      })
    }
    return { member: a.member, start, end, kind: a.kind ?? "vacation", accrues: a.accrues ?? "pause", ...(a.note === undefined ? {} : { note: a.note }) }
  })

const validate = (input: unknown): Result.Result<Team, Types.ValidationError> => {
  const shape = decodeShape(input)
  if (Result.isFailure(shape)) {
    return Result.fail(new Types.ValidationError({ subject: "team", problems: Types.problemsOf(shape.failure.issue, input) }))
  }
  const spec = shape.success
  const problems: Array<Types.Problem> = []
  const ids = new Set<string>()
  const handles = new Map<string, string>()
  spec.members.forEach((m, i) => {
    if (ids.has(m.id)) problems.push({ path: `members[${i}].id`, message: `duplicate member id ${JSON.stringify(m.id)}` })
    ids.add(m.id)
    for (const system of ["github", "jira", "email"] as const) {
      const h = m.handles?.[system]
      if (h === undefined) continue
      const key = `${system}:${system === "jira" ? h : h.toLowerCase()}`
      const other = handles.get(key)
      if (other !== undefined && other !== m.id) {
        problems.push({ path: `members[${i}].handles.${system}`, message: `handle ${JSON.stringify(h)} is already used by ${JSON.stringify(other)}` })
      }
      handles.set(key, m.id)
    }
  })
  const members: Array<Member> = spec.members.map((m) => ({
    id: m.id,
    name: m.name,
    weight: m.weight,
    handles: { ...m.handles },
    tags: [...(m.tags ?? [])].sort(cmpStr),
    backup: { qualified: m.backup?.qualified ?? true, senior: m.backup?.senior ?? false }
  }))
  const joins = new Map<string, number>()
  const leaves = new Map<string, number>()
  const changes: Array<Change> = (spec.changes ?? []).map((c, i) => {
    const at = instant(c.at, `changes[${i}].at`, problems)
    if (!ids.has(c.member)) problems.push({ path: `changes[${i}].member`, message: `unknown member ${JSON.stringify(c.member)}` })
    if (c.kind === "weight" && c.weight === undefined) problems.push({ path: `changes[${i}].weight`, message: "a weight change needs a weight in (0, 1]" })
    if (c.kind !== "weight" && c.weight !== undefined)
      problems.push({ path: `changes[${i}].weight`, message: `only a weight change carries a weight, got ${c.weight}` })
    const seen = c.kind === "join" ? joins : c.kind === "leave" ? leaves : undefined
    if (seen !== undefined) {
      if (seen.has(c.member)) problems.push({ path: `changes[${i}]`, message: `${JSON.stringify(c.member)} has more than one ${c.kind}` })
      seen.set(c.member, at)
    }
    return { member: c.member, at, kind: c.kind, ...(c.weight === undefined ? {} : { weight: c.weight }) }
  })
  for (const [member, leave] of leaves) {
    const join = joins.get(member)
    if (join !== undefined && join >= leave) {
      const i = (spec.changes ?? []).findIndex((c) => c.member === member && c.kind === "leave")
      problems.push({ path: `changes[${i}].at`, message: `${JSON.stringify(member)} leaves before joining` })
    }
  }
  const absences = validateAbsences(spec.absences ?? [], ids, "absences", problems)
  if (problems.length > 0) return Result.fail(new Types.ValidationError({ subject: "team", problems }))
  return Result.succeed({ members: members.sort(byId), changes: changes.sort(changeOrder), absences: absences.sort(absenceOrder) })
}

/**
 * Decodes a team from plain JSON, failing with a {@link Types.ValidationError} that names
 * every bad path: weights outside (0, 1], duplicate ids or handles, an absence that ends
 * before it starts, an absence or change naming an unknown member.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decode = (input: unknown): Effect.Effect<Team, Types.ValidationError> => {
  const r = validate(input)
  return Result.isSuccess(r) ? Effect.succeed(r.success) : Effect.fail(r.failure)
}

/**
 * Like {@link decode} but throws the {@link Types.ValidationError}.
 *
 * @example
 * ```ts
 * import { Team } from "@sre-uxdd/core"
 *
 * const team = Team.decodeSync({
 *   members: [
 *     { id: "ada", name: "Ada", weight: 1, handles: { github: "ada-l" } },
 *     { id: "bob", name: "Bob", weight: 0.5, backup: { senior: true } }
 *   ],
 *   absences: [{ member: "ada", start: "2025-07-07T00:00:00Z", end: "2025-07-19T00:00:00Z", kind: "vacation" }]
 * })
 * Team.byHandle(team, "ADA-L", "github")?.id // "ada"
 * ```
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeSync = (input: unknown): Team => {
  const r = validate(input)
  if (Result.isSuccess(r)) return r.success
  throw r.failure
}

/**
 * The member with this id, if any.
 *
 * @since 0.1.0
 * @category queries
 */
export const member = (team: Team, id: string): Member | undefined => team.members.find((m) => m.id === id)

/**
 * Whether `id` is a member of the team; with `at`, whether they are on the team at that
 * instant (after their join, before their leave).
 *
 * @since 0.1.0
 * @category queries
 */
export const isMember = (team: Team, id: string, at?: Types.InstantInput): boolean => {
  if (member(team, id) === undefined) return false
  if (at === undefined) return true
  const ms = Types.toMillis(at)
  for (const c of team.changes) {
    if (c.member !== id) continue
    if (c.kind === "join" && ms < c.at) return false
    if (c.kind === "leave" && ms >= c.at) return false
  }
  return true
}

/**
 * Finds the member behind a tracker handle. GitHub logins and e-mail addresses compare
 * case-insensitively; Jira account ids exactly. Without `system`, every system is tried.
 *
 * @since 0.1.0
 * @category queries
 */
export const byHandle = (team: Team, handle: string, system?: "github" | "jira" | "email"): Member | undefined => {
  const systems = system === undefined ? (["github", "jira", "email"] as const) : ([system] as const)
  for (const s of systems) {
    const found = team.members.find((m) => {
      const h = m.handles[s]
      return h !== undefined && (s === "jira" ? h === handle : h.toLowerCase() === handle.toLowerCase())
    })
    if (found !== undefined) return found
  }
  return undefined
}

/**
 * Adds absences (for example from {@link absencesFromICalendar}) to a team, validating
 * them like {@link decode} does.
 *
 * @since 0.1.0
 * @category combinators
 */
export const withAbsences = (team: Team, absences: ReadonlyArray<typeof AbsenceSpec.Encoded | Absence>): Team => {
  const shape = Schema.decodeUnknownResult(Schema.Array(AbsenceSpec))(absences, { errors: "all" })
  if (Result.isFailure(shape)) throw new Types.ValidationError({ subject: "absences", problems: Types.problemsOf(shape.failure.issue, absences) })
  const problems: Array<Types.Problem> = []
  const added = validateAbsences(shape.success, new Set(team.members.map((m) => m.id)), "", problems)
  if (problems.length > 0) throw new Types.ValidationError({ subject: "absences", problems })
  return { ...team, absences: [...team.absences, ...added].sort(absenceOrder) }
}

/**
 * Options of {@link absencesFromICalendar}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ICalendarOptions {
  /** Whose absences these are; otherwise each event's ATTENDEE or ORGANIZER e-mail names the member. */
  readonly member?: string
  /** Zone of all-day and floating events (default `"UTC"`). */
  readonly timeZone?: string
  /** Accrual for every imported absence (default from `X-SRE-ACCRUES`, else `"pause"`). */
  readonly accrues?: Accrual
}

const kindOf = (categories: ReadonlyArray<string>): AbsenceKind => {
  for (const c of categories.map((x) => x.trim().toLowerCase())) {
    if (c === "vacation" || c === "holiday" || c === "leave") return "vacation"
    if (c === "travel") return "travel"
    if (c === "training") return "training"
    if (c === "sick" || c === "sickness") return "sickness"
  }
  return "other"
}

/**
 * Reads absences from iCalendar text (RFC 5545, e.g. an exported out-of-office calendar):
 * one absence per VEVENT. All-day events are read in `options.timeZone`; events with a
 * TZID in that zone name; `CATEGORIES` gives the kind. Recurring events are rejected
 * rather than silently expanded to a guess.
 *
 * @since 0.1.0
 * @category decoding
 */
export const absencesFromICalendar = (team: Team, text: string, options: ICalendarOptions = {}): ReadonlyArray<Absence> => {
  const problems: Array<Types.Problem> = []
  const zone = options.timeZone ?? "UTC"
  const zoneProblem = typeof zone === "string"
    ? (zoneNameProblem(zone) ?? (isZone(zone) ? undefined : `unknown time zone ${JSON.stringify(zone)}`))
    : `expected a time zone name, got ${typeof zone}`
  if (zoneProblem !== undefined) throw new Types.ValidationError({ subject: "iCalendar absences", problems: [{ path: "timeZone", message: zoneProblem }] })
  let root: ICAL.Component
  try {
    root = new ICAL.Component(ICAL.parse(text) as unknown[])
  } catch (e) {
    throw new Types.ValidationError({ subject: "iCalendar absences", problems: [{ path: "", message: `not iCalendar text: ${String(e)}` }] })
  }
  const out: Array<typeof AbsenceSpec.Type> = []
  root.getAllSubcomponents("vevent").forEach((vevent, i) => {
    const path = `VEVENT[${i}]`
    const event = new ICAL.Event(vevent)
    if (vevent.hasProperty("rrule")) {
      problems.push({ path: `${path}.RRULE`, message: `recurring absences are not supported (event ${JSON.stringify(event.summary)})` })
      return
    }
    const toMs = (t: ICAL.Time | null, prop: string): number | undefined => {
      if (t === null) return undefined
      const tzid = vevent.getFirstProperty(prop)?.getParameter("tzid")
      if (t.zone?.tzid === "UTC") return t.toUnixTime() * 1000
      const z = typeof tzid === "string" && isZone(tzid) ? tzid : zone
      return wallToMillis(z, t.year, t.month, t.day, t.isDate ? 0 : t.hour, t.isDate ? 0 : t.minute) + (t.isDate ? 0 : t.second * 1000)
    }
    const start = toMs(event.startDate, "dtstart")
    let end = toMs(event.endDate, "dtend")
    if (start === undefined) {
      problems.push({ path: `${path}.DTSTART`, message: "missing DTSTART" })
      return
    }
    if (end === undefined || end === start) {
      // RFC 5545: an all-day event without DTEND lasts one day.
      const s = event.startDate
      const next = addDays(s.year, s.month, s.day, 1)
      end = s.isDate ? wallToMillis(zone, next.year, next.month, next.day) : start
    }
    let who = options.member
    if (who === undefined) {
      const emails = [...vevent.getAllProperties("attendee"), ...vevent.getAllProperties("organizer")]
        .map((p) => String(p.getFirstValue()).replace(/^mailto:/i, ""))
      who = emails.map((e) => byHandle(team, e, "email")?.id).find((x) => x !== undefined)
      if (who === undefined) {
        problems.push({ path: `${path}.ATTENDEE`, message: `no member has the e-mail ${JSON.stringify(emails.join(", "))}` })
        return
      }
    }
    const categories = vevent.getAllProperties("categories").flatMap((p) => p.getValues().map(String))
    const flag = String(vevent.getFirstPropertyValue("x-sre-accrues") ?? "").toLowerCase()
    out.push({
      member: who as Types.MemberId,
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      kind: kindOf(categories),
      accrues: options.accrues ?? (flag === "owe" ? "owe" : "pause"),
      note: event.summary ?? ""
    })
  })
  if (problems.length > 0) throw new Types.ValidationError({ subject: "iCalendar absences", problems })
  const added = validateAbsences(out, new Set(team.members.map((m) => m.id)), "VEVENT", problems)
  if (problems.length > 0) throw new Types.ValidationError({ subject: "iCalendar absences", problems })
  return added.sort(absenceOrder)
}
