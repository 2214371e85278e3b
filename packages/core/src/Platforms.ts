/**
 * First-contact policy: the platforms the team promises the Primary monitors, and
 * the polite three-way redirect for anything else. A user who reaches a developer
 * directly (a chat message, a hallway question) or through an unmonitored channel
 * gets a friendly reply naming the Primary and the supported channel, the Primary
 * gets a note, and an inquiry is opened on the user's behalf so nothing is lost
 * and the effort is tracked. Counting redirects per developer shows who is being
 * interrupted, which is what the process wants to reduce.
 *
 * @since 0.1.0
 * @module
 */
import { Effect, Schema } from "effect"
import * as Action from "./Action.js"
import type * as Coverage from "./Coverage.js"
import type * as Inquiry from "./Inquiry.js"
import * as D from "./internal/duties.js"
import * as T from "./internal/templates.js"
import * as Types from "./Types.js"

/**
 * A supported first-contact platform: one the Primary is assured to monitor.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Platform = Schema.Struct({
  /** Stable id, compared with a contact's `via`. */
  id: Schema.NonEmptyString,
  /** How people call it, used in messages. */
  name: Schema.NonEmptyString,
  url: Schema.optionalKey(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Platform = typeof Platform.Type

/**
 * The JSON form of a first-contact policy. `openIn` names the platform where
 * inquiries are opened on a user's behalf (default: the first supported one).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Spec = Schema.Struct({
  supported: Schema.Array(Platform),
  openIn: Schema.optionalKey(Schema.NonEmptyString)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Spec = typeof Spec.Type

/**
 * A validated policy.
 *
 * @since 0.1.0
 * @category models
 */
export interface Policy {
  readonly supported: ReadonlyArray<Platform>
  readonly openIn: Platform
}

const decodeSpec = Types.decoder(Spec, "first-contact policy")

/**
 * Decodes and checks a policy: at least one platform, unique ids, `openIn` among them.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decode = (input: unknown): Effect.Effect<Policy, Types.ValidationError> =>
  Effect.flatMap(decodeSpec(input), (spec) => {
    const problems: Array<Types.Problem> = []
    if (spec.supported.length === 0) problems.push({ path: "supported", message: "expected at least one supported platform, got []" })
    const seen = new Set<string>()
    spec.supported.forEach((p, i) => {
      if (seen.has(p.id)) problems.push({ path: `supported[${i}].id`, message: `duplicate platform id ${JSON.stringify(p.id)}` })
      seen.add(p.id)
    })
    const openIn = spec.openIn === undefined ? spec.supported[0] : spec.supported.find((p) => p.id === spec.openIn)
    if (spec.openIn !== undefined && openIn === undefined) {
      problems.push({ path: "openIn", message: `expected the id of a supported platform, got ${JSON.stringify(spec.openIn)}` })
    }
    return problems.length > 0 || openIn === undefined
      ? Effect.fail(new Types.ValidationError({ subject: "first-contact policy", problems }))
      : Effect.succeed({ supported: spec.supported, openIn })
  })

/**
 * Synchronous {@link decode}; throws a `Types.ValidationError`.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeSync = (input: unknown): Policy => Effect.runSync(decode(input))

/**
 * The VisIt project's supported first-contact platforms: a GitHub discussion, an
 * issue in the support repository, and the telephone hotline.
 *
 * @since 0.1.0
 * @category constants
 */
export const visit: Policy = decodeSync({
  supported: [
    { id: "github-discussions", name: "GitHub Discussions", url: "https://github.com/visit-dav/visit/discussions" },
    { id: "support-issues", name: "the support repository's issues" },
    { id: "hotline", name: "the support hotline" }
  ]
})

/**
 * A first contact: someone reached the team (or one developer) about something.
 * `via` is the channel used (a platform id, or free text like `"ms-teams"` or
 * `"hallway"`); `receiver` is the developer contacted directly, if any.
 *
 * @since 0.1.0
 * @category models
 */
export interface Contact {
  /** Stable id of this contact (used in idempotency keys). */
  readonly id: string
  readonly at: Types.InstantInput
  readonly via: string
  readonly receiver?: Types.MemberId | undefined
  readonly user: Action.Person
  readonly subject: string
  readonly text?: string | undefined
}

/**
 * Why a contact must be redirected.
 *
 * @since 0.1.0
 * @category models
 */
export type RedirectReason = "unsupported-channel" | "not-primary"

/**
 * What to do with a contact: nothing special, or a redirect for these reasons.
 *
 * @since 0.1.0
 * @category models
 */
export type Decision =
  | { readonly _tag: "Supported"; readonly primary: Types.MemberId }
  | { readonly _tag: "Redirect"; readonly primary: Types.MemberId; readonly reasons: ReadonlyArray<RedirectReason> }

/**
 * Raised when no duty covers a contact and none starts after it: the schedule
 * does not reach far enough to name a Primary.
 *
 * @since 0.1.0
 * @category errors
 */
export class NoDutyError extends Schema.TaggedError<NoDutyError>()("NoDutyError", {
  at: Schema.Number,
  message: Schema.String
}) {}

/**
 * The duty responsible for a contact arriving at an instant: the one covering it,
 * otherwise the next one to start (an inquiry that arrives between shifts belongs to
 * the next Primary). With the team's `coverage`, a contact outside coverage belongs to
 * the Primary of the next covered period (a Saturday contact is Monday's), the rule
 * `Inquiry.ownerAt` applies with the same calendar. Takes the duties in any form
 * `Inquiry.ownerAt` takes (a list, a `Rotation` schedule or anything with `duties`, or
 * a lookup) and finds them the same way.
 *
 * @since 0.1.0
 * @category getters
 */
export const dutyFor = (duties: Inquiry.Duties, at: Types.InstantInput, coverage?: Coverage.Calendar): Types.Duty | undefined => {
  const ms = Types.toMillis(at)
  return D.responsibleDuty(duties, ms, ms, coverage).duty
}

/**
 * Decides whether a contact is fine as it is or needs a redirect.
 *
 * @example
 * ```ts
 * import { Platforms, Types } from "@sre-uxdd/core"
 *
 * const duty = { shift: 0, start: 0, end: 1e12, primary: Types.MemberId.make("ada"), backup: undefined }
 * Platforms.classify(Platforms.visit, { id: "c1", at: 5, via: "ms-teams", receiver: Types.MemberId.make("bob"), user: { name: "Kim" }, subject: "crash" }, duty)
 * // { _tag: "Redirect", primary: "ada", reasons: ["unsupported-channel", "not-primary"] }
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const classify = (policy: Policy, contact: Contact, duty: Types.Duty): Decision => {
  const reasons: Array<RedirectReason> = []
  if (!policy.supported.some((p) => p.id === contact.via)) reasons.push("unsupported-channel")
  if (contact.receiver !== undefined && contact.receiver !== duty.primary) reasons.push("not-primary")
  return reasons.length === 0 ? { _tag: "Supported", primary: duty.primary } : { _tag: "Redirect", primary: duty.primary, reasons }
}

/**
 * Templates of the redirect messages (`user`, `primary`, `inquiryBody`).
 *
 * @since 0.1.0
 * @category templates
 */
export interface Templates {
  /**
   * To the user, through the channel they used: `{user}`, `{channel}`, `{primary}` and
   * `{receiver}` (display names), `{where}`, and `{inquiry}`: the link to the inquiry
   * opened for them, which the executor fills in (`Action.Message.inquiryFrom`).
   */
  readonly user: string
  /** To the Primary: `{user}`, `{receiver}`, `{via}`, `{subject}`, `{channel}`. */
  readonly primary: string
  /** Body of the inquiry opened for the user: `{user}`, `{handle}`, `{receiver}`, `{via}`, `{at}`, `{text}`, `{subject}`. */
  readonly inquiryBody: string
}

/**
 * The default redirect messages, in plain friendly English.
 *
 * @since 0.1.0
 * @category templates
 */
export const defaultTemplates: Templates = T.platforms.texts

/**
 * Options of {@link plan}.
 *
 * @since 0.1.0
 * @category models
 */
export interface PlanOptions {
  /** The published duties: a `Rotation` schedule, a list of duties, or anything `Inquiry.ownerAt` takes. */
  readonly duties: Inquiry.Duties
  /**
   * The covered-time calendar: a contact outside coverage goes to the Primary of the
   * next covered period (see {@link dutyFor}). Without it, to the Primary of the shift.
   */
  readonly coverage?: Coverage.Calendar | undefined
  /** Overrides of {@link defaultTemplates}. */
  readonly templates?: Partial<Templates> | undefined
  /** Zone for times in messages (default `"UTC"`). */
  readonly timeZone?: string | undefined
  /** Keys already applied: those actions are left out. */
  readonly applied?: Iterable<Action.Key> | undefined
  /** The roster, for members' display names in the texts (default: their ids). */
  readonly team?: Types.Roster | undefined
}

/**
 * The plan for one contact.
 *
 * @since 0.1.0
 * @category models
 */
export interface Plan {
  readonly decision: Decision
  readonly duty: Types.Duty
  readonly actions: ReadonlyArray<Action.Action>
}

const listNames = (names: ReadonlyArray<string>): string =>
  names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`

const platformLabel = (p: Platform): string => (p.url === undefined ? p.name : `${p.name} (${p.url})`)

/**
 * Plans the handling of a first contact. A supported contact needs nothing; a
 * redirect yields the three-way handoff: an `OpenInquiry` on the user's behalf
 * assigned to the Primary, a `Message` to the user through the channel they used
 * (naming the Primary, with a link to that inquiry the executor fills in through
 * `inquiryFrom`), and a `Notify` to the Primary (unless the Primary was the one
 * contacted). Members are named by their display names from `options.team`.
 *
 * @since 0.1.0
 * @category decisions
 */
export const plan = (
  policy: Policy,
  contact: Contact,
  options: PlanOptions
): Effect.Effect<Plan, NoDutyError | Types.ValidationError> =>
  Effect.gen(function*() {
    const problems: Array<Types.Problem> = []
    if (contact.id.trim() === "") problems.push({ path: "contact.id", message: `expected a non-empty id, got ${JSON.stringify(contact.id)}` })
    if (contact.subject.trim() === "")
      problems.push({ path: "contact.subject", message: `expected a non-empty subject, got ${JSON.stringify(contact.subject)}` })
    const at = T.instantMillis(contact.at, "contact.at", problems)
    if (problems.length > 0)
      return yield* Effect.fail(new Types.ValidationError({ subject: "contact", problems }))
    const templates = yield* Effect.fromResult(T.merge(T.platforms, options.templates, "redirect templates"))
    const duty = D.responsibleDuty(options.duties, at, at, options.coverage).duty
    if (duty === undefined) {
      return yield* Effect.fail(new NoDutyError({ at, message: `no duty covers or follows ${T.formatInstant(at, "UTC")}` }))
    }
    const decision = classify(policy, contact, duty)
    if (decision._tag === "Supported")
      return { decision, duty, actions: [] }
    const zone = options.timeZone ?? "UTC"
    const scope = `contact:${contact.id}`
    const name = T.namesOf(options.team)
    const receiver = contact.receiver === undefined ? "the team" : name(contact.receiver)
    const vars = {
      user: contact.user.name,
      handle: contact.user.handle ?? "no handle",
      receiver,
      via: contact.via,
      subject: contact.subject,
      text: contact.text ?? contact.subject,
      at: T.formatInstant(at, zone),
      primary: name(duty.primary),
      inquiry: "{inquiry}",
      channel: listNames(policy.supported.map(platformLabel)),
      where: `a support item in ${policy.openIn.name}`
    }
    const opened = Action.key(scope, duty.shift, "open-inquiry")
    // Opened first: the message links to it, so the executor must know its address.
    const actions: Array<Action.Action> = [
      {
        _tag: "OpenInquiry",
        key: opened,
        contact: contact.id,
        reporter: contact.user,
        channel: policy.openIn.id,
        title: contact.subject,
        body: T.render(templates.inquiryBody, vars),
        assignee: duty.primary
      },
      {
        _tag: "Message",
        key: Action.key(scope, duty.shift, "redirect-message"),
        channel: contact.via,
        recipient: contact.user,
        text: T.render(templates.user, vars),
        inquiryFrom: opened
      }
    ]
    if (contact.receiver !== duty.primary) {
      actions.push({
        _tag: "Notify",
        key: Action.key(scope, duty.shift, "redirect-notify", duty.primary),
        member: duty.primary,
        text: T.render(templates.primary, { ...vars, channel: policy.openIn.name })
      })
    }
    return { decision, duty, actions: Action.pending(actions, options.applied) }
  })

/**
 * Redirects counted for one developer.
 *
 * @since 0.1.0
 * @category models
 */
export interface RedirectCount {
  readonly member: Types.MemberId
  readonly redirects: number
  /** Redirects by the channel used, e.g. `{ "ms-teams": 3, "hallway": 1 }`. */
  readonly byChannel: { readonly [via: string]: number }
}

/**
 * Counts redirects per developer who was contacted directly, most interrupted
 * first (ties by member id). Contacts through an unsupported channel that named no
 * developer are counted in `unattributed`. A contact with no duty at or after it
 * can only be judged by its channel.
 *
 * @since 0.1.0
 * @category metrics
 */
export const redirectCounts = (
  policy: Policy,
  contacts: ReadonlyArray<Contact>,
  duties: Inquiry.Duties,
  coverage?: Coverage.Calendar
): { readonly byMember: ReadonlyArray<RedirectCount>; readonly unattributed: number } => {
  const counts = new Map<Types.MemberId, { redirects: number; byChannel: Record<string, number> }>()
  let unattributed = 0
  const lookup = D.dutyLookup(duties)
  for (const c of contacts) {
    const at = Types.toMillis(c.at)
    const duty = D.responsibleDuty(lookup, at, at, coverage).duty
    const unsupported = !policy.supported.some((p) => p.id === c.via)
    const notPrimary = c.receiver !== undefined && duty !== undefined && c.receiver !== duty.primary
    if (!unsupported && !notPrimary) continue
    if (c.receiver === undefined) {
      unattributed++
      continue
    }
    const entry = counts.get(c.receiver) ?? { redirects: 0, byChannel: {} }
    entry.redirects++
    entry.byChannel[c.via] = (entry.byChannel[c.via] ?? 0) + 1
    counts.set(c.receiver, entry)
  }
  const byMember = [...counts.entries()]
    .map(([member, e]) => ({
      member,
      redirects: e.redirects,
      byChannel: Object.fromEntries(Object.entries(e.byChannel).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    }))
    .sort((a, b) => b.redirects - a.redirects || (a.member < b.member ? -1 : a.member > b.member ? 1 : 0))
  return { byMember, unattributed }
}
