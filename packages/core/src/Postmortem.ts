/**
 * Serious incidents and their postmortems. An inquiry is serious when it hurt
 * several users' productivity or took an inordinate amount of effort or people (or
 * when someone marks it so). Once such an incident is resolved, the Primary writes
 * a short bullet-point postmortem (what happened and why, resources spent, key
 * milestones, recommended process changes) for the next project meeting.
 * `draft` fills in everything the record already knows and leaves the judgement
 * to people; `missing` lists the serious incidents still waiting for one.
 *
 * @since 0.1.0
 * @module
 */
import { Effect, Result, Schema } from "effect"
import * as Coverage from "./Coverage.js"
import type * as Inquiry from "./Inquiry.js"
import * as T from "./internal/templates.js"
import * as Types from "./Types.js"

/**
 * When an incident counts as serious. Thresholds are inclusive.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Policy = Schema.Struct({
  /** Users affected from which an incident is serious (default 2: "several users"). */
  minUsersAffected: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)),
  /** Effort, in hours, from which an incident is serious (default 8: two half-days). */
  minEffortHours: Schema.Finite.check(Schema.isGreaterThan(0)),
  /** Distinct team members involved from which an incident is serious (default 3). */
  minPeople: Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)),
  /** A label that marks an inquiry serious by hand (default `"serious"`). */
  label: Schema.NonEmptyString
})

/**
 * @since 0.1.0
 * @category models
 */
export type Policy = typeof Policy.Type

/**
 * The default policy: 2 users, 8 hours of effort, 3 people, label `serious`.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultPolicy: Policy = { minUsersAffected: 2, minEffortHours: 8, minPeople: 3, label: "serious" }

/**
 * Decodes a policy, filling unspecified thresholds from {@link defaultPolicy}.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodePolicy = (input: unknown): Effect.Effect<Policy, Types.ValidationError> =>
  Types.decoder(Policy, "postmortem policy")(typeof input === "object" && input !== null ? { ...defaultPolicy, ...input } : input)

/**
 * One event of the incident's timeline. The shape is a subset of `Inquiry.Event`,
 * so an inquiry's events can be passed as they are.
 *
 * @since 0.1.0
 * @category models
 */
export interface TimelineEntry {
  readonly type: string
  readonly at: Types.InstantInput
  readonly actor: string
  readonly visibility?: string | undefined
  readonly reason?: string | undefined
  readonly member?: string | undefined
  readonly reply?: string | undefined
  readonly from?: string | undefined
  readonly to?: string | undefined
  readonly kind?: string | undefined
  readonly reference?: string | undefined
  readonly channel?: string | undefined
  readonly minutes?: number | undefined
  readonly note?: string | undefined
}

/**
 * An incident: an inquiry with what the postmortem needs.
 *
 * @since 0.1.0
 * @category models
 */
export interface Incident {
  readonly inquiry: Types.InquiryId
  readonly title: string
  readonly reporter: string
  readonly timeline: ReadonlyArray<TimelineEntry>
  readonly labels?: ReadonlyArray<string> | undefined
  /** Marked serious by hand (`Inquiry.State.serious`). */
  readonly serious?: boolean | undefined
  /** Users known to be affected (the reporter and others who reported the same). */
  readonly usersAffected?: number | undefined
  /** Total effort in minutes; default: the sum of `effort-recorded` entries. */
  readonly effortMinutes?: number | undefined
  /** Where its postmortem lives, once written. */
  readonly postmortem?: string | undefined
  /**
   * The team's roster: only its members count as people spent, and the draft names
   * them by their display names. Without it, every actor other than the reporter
   * and `[bot]` accounts counts (see {@link PeopleOptions}).
   */
  readonly team?: Types.Roster | undefined
}

/**
 * Builds an {@link Incident} from a replayed inquiry, its events and the team's roster
 * (a `Team.Team`, or any `{ members }` with ids and names): commenters who are not on
 * the roster (affected users chiming in) are not team effort.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromInquiry = (
  state: Inquiry.State,
  events: ReadonlyArray<Inquiry.Event>,
  team: Types.Roster,
  extra?: { readonly usersAffected?: number | undefined; readonly postmortem?: string | undefined }
): Incident => ({
  inquiry: state.inquiry,
  title: state.title,
  reporter: state.reporter,
  timeline: events,
  labels: state.labels,
  serious: state.serious,
  effortMinutes: state.effortMinutes,
  team,
  ...(extra?.usersAffected === undefined ? {} : { usersAffected: extra.usersAffected }),
  ...(extra?.postmortem === undefined ? {} : { postmortem: extra.postmortem })
})

/**
 * Why an incident is serious.
 *
 * @since 0.1.0
 * @category models
 */
export type Reason =
  | { readonly _tag: "Marked" }
  | { readonly _tag: "Users"; readonly affected: number }
  | { readonly _tag: "Effort"; readonly hours: number }
  | { readonly _tag: "People"; readonly people: number }

/**
 * Options shared by the functions that look at people: who counts as a team member
 * (default: the members of `Incident.team`; without a roster, every actor other than
 * the reporter, without `[bot]` accounts).
 *
 * @since 0.1.0
 * @category models
 */
export interface PeopleOptions {
  /** Whether an actor is a team member. */
  readonly isTeam?: ((actor: string) => boolean) | undefined
}

const effortMinutesOf = (incident: Incident): number =>
  incident.effortMinutes ?? incident.timeline.reduce((sum, e) => sum + (e.type === "effort-recorded" ? (e.minutes ?? 0) : 0), 0)

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

const teamOf = (incident: Incident, options: PeopleOptions | undefined): (actor: string) => boolean => {
  if (options?.isTeam !== undefined) return options.isTeam
  if (incident.team !== undefined) {
    const roster = new Set<string>(incident.team.members.map((m) => m.id))
    return (actor) => roster.has(actor)
  }
  return (actor) => actor !== incident.reporter && !actor.endsWith("[bot]")
}

/**
 * The distinct team members who worked on the incident, sorted: those who acted on it
 * (commented, responded, recorded effort, escalated, resolved, ...) and enlisted
 * members who accepted. Only team members count (the roster of `Incident.team`, or
 * `options.isTeam`). Declining or delaying an escalation is not work on it: an enlisted
 * developer who only said no is not counted.
 *
 * @since 0.1.0
 * @category getters
 */
export const people = (incident: Incident, options?: PeopleOptions): ReadonlyArray<string> => {
  const isTeam = teamOf(incident, options)
  const out = new Set<string>()
  for (const e of incident.timeline) {
    if (e.type === "enlistment-replied") {
      if (e.reply === "accept") {
        const who = e.member ?? e.actor
        if (isTeam(who)) out.add(who)
      }
      continue
    }
    if (isTeam(e.actor)) out.add(e.actor)
  }
  return [...out].sort(byText)
}

/**
 * Decides whether an incident is serious; the reasons are empty when it is not.
 *
 * @example
 * ```ts
 * import { Postmortem, Types } from "@sre-uxdd/core"
 *
 * Postmortem.seriousness(Postmortem.defaultPolicy, {
 *   inquiry: Types.InquiryId.make("support#9"), title: "License server down", reporter: "kim",
 *   usersAffected: 12, timeline: []
 * }) // [{ _tag: "Users", affected: 12 }]
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const seriousness = (policy: Policy, incident: Incident, options?: PeopleOptions): ReadonlyArray<Reason> => {
  const reasons: Array<Reason> = []
  if (incident.serious === true || (incident.labels ?? []).includes(policy.label) || incident.timeline.some((e) => e.type === "marked-serious")) {
    reasons.push({ _tag: "Marked" })
  }
  const affected = incident.usersAffected ?? 1
  if (affected >= policy.minUsersAffected) reasons.push({ _tag: "Users", affected })
  const hours = effortMinutesOf(incident) / 60
  if (hours >= policy.minEffortHours) reasons.push({ _tag: "Effort", hours })
  const count = people(incident, options).length
  if (count >= policy.minPeople) reasons.push({ _tag: "People", people: count })
  return reasons
}

/**
 * Whether an incident is serious under the policy.
 *
 * @since 0.1.0
 * @category decisions
 */
export const isSerious = (policy: Policy, incident: Incident, options?: PeopleOptions): boolean => seriousness(policy, incident, options).length > 0

/**
 * A milestone of the incident's work.
 *
 * @since 0.1.0
 * @category models
 */
export interface Milestone {
  readonly at: Types.Millis
  readonly text: string
}

/**
 * Resources spent on the incident.
 *
 * @since 0.1.0
 * @category models
 */
export interface Resources {
  readonly effortHours: number
  readonly people: ReadonlyArray<string>
  /** Wall-clock time from opening to resolution (or to `now` while unresolved). */
  readonly wallMillis: number
  /** Covered (support) time over the same span, when a coverage calendar is given. */
  readonly coveredMillis: number | undefined
}

/**
 * A postmortem draft: the facts filled in, the judgement left as fields to fill.
 *
 * @since 0.1.0
 * @category models
 */
export interface Draft {
  readonly inquiry: Types.InquiryId
  readonly title: string
  readonly reasons: ReadonlyArray<Reason>
  readonly resources: Resources
  readonly milestones: ReadonlyArray<Milestone>
  readonly resolvedAt: Types.Millis | undefined
  /** The bullet-point postmortem as markdown. */
  readonly markdown: string
}

/**
 * Texts of the draft: the title (`{title}`, `{inquiry}`) and the marker of fields to fill.
 *
 * @since 0.1.0
 * @category templates
 */
export interface Templates {
  readonly title: string
  readonly fill: string
}

/**
 * Options of {@link draft}.
 *
 * @since 0.1.0
 * @category models
 */
export interface DraftOptions extends PeopleOptions {
  readonly policy?: Policy | undefined
  /** Covered-time calendar, to report the covered time the incident took. */
  readonly coverage?: Coverage.Calendar | undefined
  /** End of the span while the incident is unresolved. */
  readonly now?: Types.InstantInput | undefined
  /** Zone for times (default `"UTC"`). */
  readonly timeZone?: string | undefined
  /** Overrides of the title (`{title}`, `{inquiry}`) and of the to-fill marker. */
  readonly templates?: Partial<Templates> | undefined
}

const describeEntry = (e: TimelineEntry, reporter: string, firstReply: boolean, name: (member: string) => string): string | undefined => {
  const actor = name(e.actor)
  const why = e.reason === undefined || e.reason === "" ? "" : `: ${e.reason}`
  switch (e.type) {
    case "opened":
      return `Opened by ${e.actor === reporter ? reporter : `${actor} for ${reporter}`}${e.channel === undefined ? "" : ` via ${e.channel}`}`
    case "commented":
      return firstReply ? `First reply to the customer by ${actor}` : undefined
    case "responded":
      return firstReply ? `First response to the customer by ${actor}${e.channel === undefined ? "" : ` (${e.channel})`}` : undefined
    case "escalated":
      return `Escalated by ${actor}${why}`
    case "enlisted":
      return `${e.member === undefined ? "someone" : name(e.member)} enlisted by ${actor}`
    case "enlistment-replied":
      return `${e.member === undefined ? actor : name(e.member)} answered the escalation: ${e.reply ?? "?"}`
    case "delegated":
      return `Delegated from ${e.from === undefined ? "?" : name(e.from)} to ${e.to === undefined ? "?" : name(e.to)}`
    case "handed-off":
      return `Handed off at shift end from ${e.from === undefined ? "?" : name(e.from)} to ${e.to === undefined ? "?" : name(e.to)}`
    case "carried-over":
      return `${e.member === undefined ? actor : name(e.member)} kept it past the shift end to finish it`
    case "marked-serious":
      return `Marked serious by ${actor}${why}`
    case "resolved":
      return `Resolved (${e.kind ?? "resolved"}) by ${actor}${e.note === undefined ? "" : `: ${e.note}`}`
    case "promoted":
      return `Promoted to ${e.reference ?? "a product issue"} by ${actor}`
    case "closed":
      return `Closed (${e.reason ?? "closed"}) by ${actor}`
    case "reopened":
      return `Reopened by ${actor}${why}`
    default:
      return undefined
  }
}

/**
 * Key milestones from the timeline, in time order: opening, the first reply to the
 * customer, escalations and the answers to them, delegations and handoffs, marking
 * serious, resolution, promotion, closing and reopening. Routine comments and effort
 * records are left out.
 *
 * @since 0.1.0
 * @category getters
 */
export const milestones = (incident: Incident): ReadonlyArray<Milestone> => {
  const sorted = incident.timeline
    .map((e, i) => ({ e, i, at: Types.toMillis(e.at) }))
    .sort((a, b) => a.at - b.at || a.i - b.i)
  const out: Array<Milestone> = []
  const name = T.namesOf(incident.team)
  let replied = false
  for (const { e, at } of sorted) {
    const isReply = (e.type === "commented" && e.visibility === "public") || e.type === "responded"
    const first = isReply && e.actor !== incident.reporter && !replied
    if (isReply && e.actor !== incident.reporter) replied = true
    if (e.type === "commented" && !first) continue
    const text = describeEntry(e, incident.reporter, first, name)
    if (text !== undefined) out.push({ at, text })
  }
  return out
}

const resolvedAtOf = (incident: Incident): Types.Millis | undefined => {
  let at: Types.Millis | undefined
  for (const e of incident.timeline) {
    if (e.type === "resolved" || e.type === "promoted" || (e.type === "closed" && e.reason !== "duplicate")) {
      const ms = Types.toMillis(e.at)
      if (at === undefined || ms < at) at = ms
    }
    if (e.type === "reopened") {
      const ms = Types.toMillis(e.at)
      if (at !== undefined && ms >= at) at = undefined
    }
  }
  return at
}

const reasonText = (r: Reason, policy: Policy): string => {
  switch (r._tag) {
    case "Marked":
      return "marked serious by hand"
    case "Users":
      return `${r.affected} users affected (threshold ${policy.minUsersAffected})`
    case "Effort":
      return `${T.formatHours(r.hours * 3_600_000)} h of effort (threshold ${policy.minEffortHours} h)`
    case "People":
      return `${r.people} people involved (threshold ${policy.minPeople})`
  }
}

const draftResult = (incident: Incident, options?: DraftOptions): Result.Result<Draft, Types.ValidationError> => {
  const problems: Array<Types.Problem> = []
  const now = options?.now === undefined ? undefined : T.instantMillis(options.now, "now", problems)
  incident.timeline.forEach((e, i) => T.instantMillis(e.at, `timeline[${i}].at`, problems))
  const texts = T.merge(T.postmortem, options?.templates, "postmortem templates")
  if (problems.length === 0) return Result.map(texts, (t) => build(incident, t, now, options))
  // Report the bad instants and the bad templates together, so one fix-up round suffices.
  return Result.fail(
    new Types.ValidationError({ subject: "postmortem draft", problems: Result.isFailure(texts) ? [...texts.failure.problems, ...problems] : problems })
  )
}

const build = (incident: Incident, texts: Templates, now: Types.Millis | undefined, options: DraftOptions | undefined): Draft => {
  const policy = options?.policy ?? defaultPolicy
  const zone = options?.timeZone ?? "UTC"
  const fill = texts.fill
  const reasons = seriousness(policy, incident, options)
  const marks = milestones(incident)
  const openedAt = incident.timeline.length === 0 ? undefined : incident.timeline.reduce((min, e) => Math.min(min, Types.toMillis(e.at)), Infinity)
  const resolvedAt = resolvedAtOf(incident)
  const end = resolvedAt ?? now
  const span = openedAt !== undefined && end !== undefined && end > openedAt ? ([openedAt, end] as const) : undefined
  const who = people(incident, options)
  const resources: Resources = {
    effortHours: effortMinutesOf(incident) / 60,
    people: who,
    wallMillis: span === undefined ? 0 : span[1] - span[0],
    coveredMillis: span === undefined || options?.coverage === undefined ? undefined : Coverage.coveredMillis(options.coverage, span[0], span[1])
  }
  const time = span === undefined
    ? "no time span recorded"
    : `${T.formatHours(resources.wallMillis)} h wall-clock${
      resources.coveredMillis === undefined ? "" : ` (${T.formatHours(resources.coveredMillis)} covered h)`
    } from opening to ${resolvedAt === undefined ? "now (unresolved)" : "resolution"}`
  const title = T.render(texts.title, { title: incident.title, inquiry: incident.inquiry })
  const lines = [
    `# ${title}`,
    "",
    `- **What happened:** ${fill}`,
    `- **Why it happened:** ${fill}`,
    `- **Why this is a serious incident:** ${
      reasons.length === 0 ? "not serious under the current policy" : reasons.map((r) => reasonText(r, policy)).join("; ")
    }`,
    `- **Resources spent:** ${T.formatHours(resources.effortHours * 3_600_000)} h of recorded effort by ${who.length} ${
      who.length === 1 ? "person" : "people"
    }${who.length === 0 ? "" : ` (${who.map(T.namesOf(incident.team)).join(", ")})`}; ${time}`,
    `- **Key milestones:**`,
    ...(marks.length === 0 ? [`  - ${fill}`] : marks.map((m) => `  - ${T.formatInstant(m.at, zone)}: ${m.text}`)),
    `- **Recommendations for our process:**`,
    `  - ${fill}`
  ]
  return { inquiry: incident.inquiry, title, reasons, resources, milestones: marks, resolvedAt, markdown: lines.join("\n") + "\n" }
}

/**
 * Drafts the brief bullet-point postmortem: what happened and why (left to fill),
 * why the incident counts as serious, resources spent (effort, people, covered and
 * wall time), key milestones from the timeline, and recommendations (left to fill).
 * Fails with a `Types.ValidationError` (naming `templates.<name>`, `now` or
 * `timeline[i].at`) when a template override uses an unknown placeholder or an instant
 * cannot be read; {@link draftSync} throws it instead.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Postmortem, Types } from "@sre-uxdd/core"
 *
 * const incident = { inquiry: Types.InquiryId.make("support#9"), title: "License server down", reporter: "kim", timeline: [] }
 * Effect.runSync(Effect.flip(Postmortem.draft(incident, { templates: { title: "{name}" } }))).problems[0]?.path // "templates.title"
 * ```
 *
 * @since 0.1.0
 * @category drafting
 */
export const draft = (incident: Incident, options?: DraftOptions): Effect.Effect<Draft, Types.ValidationError> =>
  Effect.suspend(() => Effect.fromResult(draftResult(incident, options)))

/**
 * {@link draft} for scripts and tests: returns the draft and throws the
 * `Types.ValidationError` {@link draft} fails with.
 *
 * @example
 * ```ts
 * import { Postmortem, Types } from "@sre-uxdd/core"
 *
 * const draft = Postmortem.draftSync({
 *   inquiry: Types.InquiryId.make("support#9"), title: "License server down", reporter: "kim",
 *   usersAffected: 12,
 *   timeline: [
 *     { type: "opened", at: "2024-01-22T17:00:00Z", actor: "kim", channel: "hotline" },
 *     { type: "resolved", at: "2024-01-22T21:00:00Z", actor: "ada", kind: "answered" }
 *   ]
 * })
 * draft.markdown.startsWith("# Postmortem: License server down (support#9)") // true
 * ```
 *
 * @since 0.1.0
 * @category drafting
 */
export const draftSync = (incident: Incident, options?: DraftOptions): Draft => {
  const result = draftResult(incident, options)
  if (Result.isFailure(result)) throw result.failure
  return result.success
}

/**
 * Serious incidents that reached resolution but have no postmortem yet, oldest
 * resolution first (ties by inquiry id): the agenda for the next project meeting.
 *
 * @since 0.1.0
 * @category decisions
 */
export const missing = (
  incidents: ReadonlyArray<Incident>,
  policy: Policy = defaultPolicy,
  options?: PeopleOptions
): ReadonlyArray<{ readonly incident: Incident; readonly resolvedAt: Types.Millis; readonly reasons: ReadonlyArray<Reason> }> =>
  incidents
    .flatMap((incident) => {
      if (incident.postmortem !== undefined && incident.postmortem !== "") return []
      const resolvedAt = resolvedAtOf(incident)
      if (resolvedAt === undefined) return []
      const reasons = seriousness(policy, incident, options)
      return reasons.length === 0 ? [] : [{ incident, resolvedAt, reasons }]
    })
    .sort((a, b) => a.resolvedAt - b.resolvedAt || byText(a.incident.inquiry, b.incident.inquiry))
