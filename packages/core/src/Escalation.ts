/**
 * Escalation: what the Primary does when an inquiry stalls. The path is the Backup
 * first, then other developers chosen by expertise, and, when nobody can help in
 * time, promotion to a product-development issue. Enlisted developers may accept,
 * delay or decline; the Primary stays responsible for answering the customer in
 * time either way. Timers count covered time only, so a weekend does not make an
 * inquiry look stuck. Inquiries that need special access (only some people may
 * work on the system involved) first ask the customer how soon they need an
 * answer, then go to qualified people now or to the next shift's pair.
 *
 * @since 0.1.0
 * @module
 */
import { type Duration, Effect, Schema } from "effect"
import * as Action from "./Action.js"
import * as Coverage from "./Coverage.js"
import type * as Inquiry from "./Inquiry.js"
import * as T from "./internal/templates.js"
import * as Types from "./Types.js"

/**
 * The answer of an enlisted developer.
 *
 * @since 0.1.0
 * @category models
 */
export type Reply = "accept" | "delay" | "decline"

/**
 * A developer asked to help, with their answer if any. Same shape as
 * `Inquiry.Enlistment`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Enlistment {
  readonly member: Types.MemberId
  readonly at: Types.Millis
  readonly reply: Reply | undefined
  /** For a delay: when they expect to get to it. */
  readonly until?: Types.Millis | undefined
}

/**
 * What escalation needs to know about an inquiry (field names follow `Inquiry.State`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Subject {
  readonly inquiry: Types.InquiryId
  readonly title: string
  readonly reporter: string
  readonly phase: "open" | "resolved" | "closed"
  readonly openedAt: Types.Millis
  /** Last progress on the inquiry (a team reply, a status change, a note); default `openedAt`. */
  readonly lastProgressAt?: Types.Millis | undefined
  /** The responsible owner (default: the duty's Primary). */
  readonly owner?: Types.MemberId | undefined
  /** Topics, matched against members' expertise tags. */
  readonly tags?: ReadonlyArray<string> | undefined
  readonly enlistments?: ReadonlyArray<Enlistment> | undefined
  /**
   * Special access needed to work on it (a member tag, e.g. `"classified"`). Without
   * it, the inquiry's `tags` listed in the policy's `specialAccess` are its access.
   */
  readonly access?: string | undefined
  /** When the customer asked for the required response time (so it is not asked twice). */
  readonly requiredResponseAskedAt?: Types.Millis | undefined
  /** The customer's required response deadline, once known. */
  readonly requiredBy?: Types.Millis | undefined
  /** The customer's name in messages (default: the reporter id). */
  readonly customer?: string | undefined
}

/**
 * Builds an escalation {@link Subject} from a replayed inquiry. Progress is the last
 * public reply by the team (or the opening); tags, special access and the customer's
 * required response come from the caller, since trackers keep them in labels or fields.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromInquiry = (
  state: Inquiry.State,
  extra?: Partial<Pick<Subject, "tags" | "access" | "requiredResponseAskedAt" | "requiredBy" | "customer" | "owner" | "lastProgressAt">>
): Subject => ({
  inquiry: state.inquiry,
  title: state.title,
  reporter: state.reporter,
  phase: state.phase,
  openedAt: state.openedAt,
  lastProgressAt: state.lastTeamPublicAt ?? state.openedAt,
  enlistments: state.enlistments,
  ...extra
})

/**
 * The roster as escalation sees it (a `Team.Team` fits).
 *
 * @since 0.1.0
 * @category models
 */
export interface Roster {
  readonly members: ReadonlyArray<{
    readonly id: Types.MemberId
    readonly tags: ReadonlyArray<string>
    /** The display name texts use (default: the id). A `Team.Team` has it. */
    readonly name?: string | undefined
  }>
}

/**
 * Escalation timers (covered time without progress) and how many experts to enlist.
 *
 * @since 0.1.0
 * @category models
 */
export interface Policy {
  /** Suggest enlisting the Backup after this long without progress (default 4 hours). */
  readonly enlistBackupAfter: Duration.Input
  /** Suggest enlisting experts after this long (default 8 hours). */
  readonly enlistExpertsAfter: Duration.Input
  /** Suggest promotion after this long, or once everyone declined (default 16 hours). */
  readonly promoteAfter: Duration.Input
  /** Experts to enlist at once (default 2). */
  readonly maxExperts: number
  /**
   * Tags that mean special access (VisIt: `classified`): an inquiry carrying one among
   * its `tags` is routed as a special-access inquiry, to members who have every such
   * tag it carries (default none; `Subject.access` still names one explicitly).
   */
  readonly specialAccess?: ReadonlyArray<string> | undefined
}

/**
 * The default policy: Backup after 4 covered hours, experts after 8, promotion after 16.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultPolicy: Policy = { enlistBackupAfter: "4 hours", enlistExpertsAfter: "8 hours", promoteAfter: "16 hours", maxExperts: 2, specialAccess: [] }

/**
 * The next step on the escalation path.
 *
 * @since 0.1.0
 * @category models
 */
export type Step =
  | "none"
  | "backup"
  | "experts"
  | "promote"
  | "ask-required-response"
  | "await-required-response"
  | "next-shift"
  | "special-access"

/**
 * A suggestion: the step, why, who is asked, and the actions that ask them.
 *
 * @since 0.1.0
 * @category models
 */
export interface Suggestion {
  readonly inquiry: Types.InquiryId
  readonly step: Step
  readonly reason: string
  /** Covered time since the last progress. */
  readonly noProgressMillis: number
  readonly candidates: ReadonlyArray<Types.MemberId>
  readonly actions: ReadonlyArray<Action.Action>
}

/**
 * Enlisting (or hearing from) someone who is not on the roster.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnknownMemberError extends Schema.TaggedError<UnknownMemberError>()("UnknownMemberError", {
  inquiry: Schema.String,
  member: Schema.String
}) {
  override get message(): string {
    return `${this.member} is not a member of the team (escalation of ${this.inquiry})`
  }
}

/**
 * An escalation that makes no sense: enlisting the responsible Primary, enlisting
 * twice, escalating a closed or resolved inquiry, or a reply from someone never
 * enlisted.
 *
 * @since 0.1.0
 * @category errors
 */
export class EscalationError extends Schema.TaggedError<EscalationError>()("EscalationError", {
  inquiry: Schema.String,
  reason: Schema.Literals(["is-primary", "already-enlisted", "not-open", "not-enlisted"]),
  detail: Schema.String
}) {
  override get message(): string {
    return `escalation of ${this.inquiry}: ${this.detail}`
  }
}

/**
 * Templates of the escalation texts.
 *
 * @since 0.1.0
 * @category templates
 */
export interface Templates {
  /** To an enlisted developer: `{primary}`, `{title}`, `{inquiry}`, `{reason}`, `{member}`. */
  readonly enlist: string
  /** An enlisted developer's answer: `{member}`, `{title}`, `{inquiry}`, `{answer}`, `{until}`. */
  readonly responded: string
  /** To the customer of a special-access inquiry: `{customer}`, `{title}`, `{inquiry}`. */
  readonly askRequiredResponse: string
  /** To qualified members: `{title}`, `{inquiry}`, `{access}`, `{primary}`, `{deadline}`. */
  readonly specialAccess: string
  /** To the Primary about a stalled inquiry: `{title}`, `{inquiry}`, `{hours}`, `{step}`. */
  readonly noProgress: string
}

/**
 * The default escalation texts.
 *
 * @since 0.1.0
 * @category templates
 */
export const defaultTemplates: Templates = T.escalation.texts

/**
 * Context shared by the escalation functions.
 *
 * @since 0.1.0
 * @category models
 */
export interface Context {
  /** The current duty. */
  readonly duty: Types.Duty
  /** The next shift's duty (for special-access routing). */
  readonly next?: Types.Duty | undefined
  readonly team: Roster
  readonly coverage: Coverage.Calendar
  readonly now: Types.InstantInput
  readonly policy?: Partial<Policy> | undefined
  readonly timeZone?: string | undefined
  readonly templates?: Partial<Templates> | undefined
  readonly applied?: Iterable<Action.Key> | undefined
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

const listTags = (tags: ReadonlyArray<string>): string => (tags.length <= 1 ? (tags[0] ?? "") : `${tags.slice(0, -1).join(", ")} and ${tags[tags.length - 1]}`)

const responsible = (subject: Subject, duty: Types.Duty): Types.MemberId => subject.owner ?? duty.primary

/** Enlisted people who can no longer be counted on: declined, or a delay that ran out. */
const unavailable = (e: Enlistment, now: Types.Millis): boolean => e.reply === "decline" || (e.reply === "delay" && e.until !== undefined && e.until <= now)

/**
 * Experts for an inquiry: members sharing at least one of its tags, most shared tags
 * first (ties by id), excluding the given members.
 *
 * @since 0.1.0
 * @category routing
 */
export const experts = (team: Roster, tags: ReadonlyArray<string>, exclude: ReadonlyArray<Types.MemberId> = []): ReadonlyArray<Types.MemberId> => {
  const wanted = new Set(tags)
  return team.members
    .filter((m) => !exclude.includes(m.id))
    .map((m) => ({ id: m.id, score: m.tags.filter((t) => wanted.has(t)).length }))
    .filter((m) => m.score > 0)
    .sort((a, b) => b.score - a.score || byText(a.id, b.id))
    .map((m) => m.id)
}

const validate = (ctx: Context): Effect.Effect<{ readonly policy: Policy; readonly templates: Templates }, Types.ValidationError> => {
  const policy = { ...defaultPolicy, ...ctx.policy }
  const problems: Array<Types.Problem> = []
  for (const name of ["enlistBackupAfter", "enlistExpertsAfter", "promoteAfter"] as const) {
    let ms = Number.NaN
    try {
      ms = Types.toDurationMillis(policy[name])
    } catch {
      // reported below
    }
    if (!(ms >= 0)) problems.push({ path: `policy.${name}`, message: `expected a duration, got ${JSON.stringify(policy[name])}` })
  }
  if (!Number.isInteger(policy.maxExperts) || policy.maxExperts < 1)
    problems.push({ path: "policy.maxExperts", message: `expected an integer >= 1, got ${policy.maxExperts}` })
  const special: unknown = policy.specialAccess ?? []
  if (!Array.isArray(special)) problems.push({ path: "policy.specialAccess", message: `expected a list of tags, got ${JSON.stringify(special)}` })
  else {
    special.forEach((tag: unknown, i) => {
      if (typeof tag !== "string" || tag === "")
        problems.push({ path: `policy.specialAccess[${i}]`, message: `expected a non-empty tag, got ${JSON.stringify(tag)}` })
    })
  }
  T.instantMillis(ctx.now, "now", problems)
  if (problems.length > 0) return Effect.fail(new Types.ValidationError({ subject: "escalation policy", problems }))
  return Effect.map(Effect.fromResult(T.merge(T.escalation, ctx.templates, "escalation templates")), (templates) => ({ policy, templates }))
}

/**
 * Suggests the next escalation step for an inquiry, with the actions that take it.
 *
 * Normal path, by covered time without progress: after `enlistBackupAfter`, ask the
 * Backup; after `enlistExpertsAfter` (or once the Backup declined), ask up to
 * `maxExperts` developers whose tags match the inquiry's; after `promoteAfter`, or
 * when everyone asked declined and nobody else matches, suggest promotion to the
 * Primary. People who accepted, or delayed to a time still ahead, hold the path.
 *
 * Special access (`subject.access`, or the inquiry's tags listed in the policy's
 * `specialAccess`, when the responsible Primary lacks that access):
 * ask the customer for their required response time; once known, if the next
 * shift starts before the deadline and its Primary or Backup has the access (and
 * has not declined), leave it to them; otherwise ask every qualified member not
 * asked yet now (everyone, if nobody is qualified).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Coverage, Escalation, Types } from "@sre-uxdd/core"
 *
 * const m = Types.MemberId.make
 * const s = Effect.runSync(Escalation.suggest(
 *   { inquiry: Types.InquiryId.make("support#3"), title: "MPI hang", reporter: "kim", phase: "open", openedAt: 0 },
 *   { duty: { shift: 0, start: 0, end: 1e9, primary: m("ada"), backup: m("bob") },
 *     team: { members: [] }, coverage: Coverage.always(), now: 5 * 3_600_000 }
 * ))
 * s.step // "backup"
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const suggest = (subject: Subject, ctx: Context): Effect.Effect<Suggestion, Types.ValidationError> =>
  Effect.map(validate(ctx), ({ policy, templates }) => {
    const now = Types.toMillis(ctx.now)
    const { duty } = ctx
    const id = subject.inquiry
    const zone = ctx.timeZone ?? "UTC"
    const since = Math.min(now, subject.lastProgressAt ?? subject.openedAt)
    const noProgress = Coverage.coveredMillis(ctx.coverage, since, now)
    const primary = responsible(subject, duty)
    const done = (step: Step, reason: string, candidates: ReadonlyArray<Types.MemberId> = [], actions: ReadonlyArray<Action.Action> = []): Suggestion => ({
      inquiry: id,
      step,
      reason,
      noProgressMillis: noProgress,
      candidates,
      actions: Action.pending(actions, ctx.applied)
    })
    if (subject.phase !== "open") return done("none", `the inquiry is ${subject.phase}`)
    // Sorted so that reasons naming people do not depend on the order of the input.
    const enlistments = [...(subject.enlistments ?? [])].sort((a, b) => byText(a.member, b.member) || a.at - b.at)
    const enlisted = new Set(enlistments.map((e) => e.member))
    const name = T.namesOf(ctx.team)
    const vars = { primary: name(primary), title: subject.title, inquiry: id, customer: subject.customer ?? subject.reporter }
    const enlist = (members: ReadonlyArray<Types.MemberId>, kind: string, text: (m: Types.MemberId) => string): ReadonlyArray<Action.Action> =>
      members.map((member) => ({ _tag: "Notify" as const, key: Action.key(id, duty.shift, kind, member), member, inquiry: id, text: text(member) }))

    // An explicit access wins; otherwise the inquiry's tags the policy marks as special.
    const special = new Set(policy.specialAccess ?? [])
    const required = subject.access !== undefined ? [subject.access] : [...new Set((subject.tags ?? []).filter((t) => special.has(t)))].sort(byText)
    if (required.length > 0) {
      const access = listTags(required)
      const qualified = ctx.team.members.filter((m) => required.every((t) => m.tags.includes(t))).map((m) => m.id)
      if (!qualified.includes(primary)) {
        if (subject.requiredBy === undefined) {
          if (subject.requiredResponseAskedAt !== undefined)
            return done("await-required-response", "waiting for the customer to say how soon they need a response")
          return done(
            "ask-required-response",
            `needs ${access} access, which ${name(primary)} does not have; first ask the customer how soon they need a response`,
            [],
            [
              {
                _tag: "Comment",
                key: Action.key(id, duty.shift, "ask-required-response"),
                inquiry: id,
                visibility: "public",
                text: T.render(templates.askRequiredResponse, vars)
              }
            ]
          )
        }
        const deadline = subject.requiredBy
        const text = (member: Types.MemberId) =>
          T.render(templates.specialAccess, { ...vars, access, deadline: T.formatInstant(deadline, zone), member: name(member) })
        const nextPair = ctx.next === undefined ? [] : [ctx.next.primary, ...(ctx.next.backup === undefined ? [] : [ctx.next.backup])]
        // Waiting for the next pair only helps if one of them has the access and has not
        // already said no (a decline, or a delay that ran out).
        const cannot = new Set(enlistments.filter((e) => unavailable(e, now)).map((e) => e.member))
        const nextQualified = nextPair.filter((m, i) => qualified.includes(m) && !cannot.has(m) && nextPair.indexOf(m) === i)
        if (ctx.next !== undefined && nextQualified.length > 0 && ctx.next.start < deadline) {
          return done(
            "next-shift",
            `the customer can wait until ${T.formatInstant(deadline, zone)} and the next shift's pair includes qualified ${nextQualified.map(name).join(", ")}`,
            nextQualified,
            enlist(nextQualified, "special-next", text)
          )
        }
        const asked = qualified.filter((m) => m !== primary && !enlisted.has(m))
        const everyone = ctx.team.members.map((m) => m.id).filter((m) => m !== primary && !enlisted.has(m))
        const targets = qualified.length > 0 ? asked : everyone
        return done(
          "special-access",
          qualified.length > 0
            ? `needs ${access} access by ${T.formatInstant(deadline, zone)}: ask the qualified members now`
            : `needs ${access} access and nobody on the roster has it: ask the whole team`,
          targets,
          enlist(targets, "special-access", text)
        )
      }
    }

    const hold = enlistments.find((e) => e.reply === "accept" || (e.reply === "delay" && (e.until === undefined || e.until > now)))
    const waiting = enlistments.filter((e) => e.reply === undefined).map((e) => e.member)
    const backup = duty.backup !== undefined && duty.backup !== primary ? duty.backup : undefined
    const hours = T.formatHours(noProgress)
    const notify = (step: string) => ({
      _tag: "Notify" as const,
      key: Action.key(id, duty.shift, "suggest", step),
      member: primary,
      inquiry: id,
      text: T.render(templates.noProgress, { ...vars, hours, step })
    })
    const toPromote = (reason: string) => done("promote", reason, [], [notify("promote it to a product-development issue")])
    if (noProgress >= Types.toDurationMillis(policy.promoteAfter)) return toPromote(`no progress for ${hours} covered hours`)
    if (hold !== undefined) return done("none", `${name(hold.member)} ${hold.reply === "accept" ? "accepted" : "will get to it later"}`)
    const backupUnavailable = backup !== undefined && enlistments.some((e) => e.member === backup && unavailable(e, now))
    const expertsDue = noProgress >= Types.toDurationMillis(policy.enlistExpertsAfter) || backupUnavailable ||
      (backup === undefined && noProgress >= Types.toDurationMillis(policy.enlistBackupAfter))
    if (expertsDue) {
      const pool = experts(ctx.team, subject.tags ?? [], [primary, ...(backup === undefined ? [] : [backup]), ...enlisted]).slice(0, policy.maxExperts)
      if (pool.length === 0) {
        if (waiting.length > 0) return done("none", `waiting for ${waiting.map(name).join(", ")} to answer`)
        if (enlistments.length === 0 && noProgress < Types.toDurationMillis(policy.enlistExpertsAfter))
          return done("none", "no Backup and nobody with matching expertise to ask yet")
        return toPromote(enlistments.length > 0 ? "everyone asked declined and nobody else has matching expertise" : "nobody has matching expertise")
      }
      const reason = `no progress for ${hours} covered hours${backupUnavailable ? " and the Backup cannot help" : ""}`
      return done(
        "experts",
        reason,
        pool,
        enlist(
          pool,
          "enlist",
          (member) =>
            T.render(templates.enlist, { ...vars, reason: `${reason}; your expertise matches (${(subject.tags ?? []).join(", ")})`, member: name(member) })
        )
      )
    }
    if (backup !== undefined && !enlisted.has(backup) && noProgress >= Types.toDurationMillis(policy.enlistBackupAfter)) {
      const reason = `no progress for ${hours} covered hours`
      return done("backup", reason, [backup], enlist([backup], "enlist", (member) => T.render(templates.enlist, { ...vars, reason, member: name(member) })))
    }
    if (waiting.length > 0) return done("none", `waiting for ${waiting.map(name).join(", ")} to answer`)
    return done("none", `${hours} covered hours without progress is within the policy`)
  })

/**
 * The Primary enlists a developer explicitly: a `Notify` to them, and an internal
 * comment on the inquiry that records it. Fails for someone not on the roster, the
 * responsible Primary, someone already enlisted, or an inquiry that is not open.
 *
 * @since 0.1.0
 * @category decisions
 */
export const enlist = (
  subject: Subject,
  member: Types.MemberId,
  reason: string,
  ctx: Context
): Effect.Effect<ReadonlyArray<Action.Action>, UnknownMemberError | EscalationError | Types.ValidationError> =>
  Effect.gen(function*() {
    const { templates } = yield* validate(ctx)
    const id = subject.inquiry
    if (!ctx.team.members.some((m) => m.id === member)) return yield* Effect.fail(new UnknownMemberError({ inquiry: id, member }))
    const primary = responsible(subject, ctx.duty)
    if (subject.phase !== "open") return yield* Effect.fail(new EscalationError({ inquiry: id, reason: "not-open", detail: `the inquiry is ${subject.phase}` }))
    if (member === primary)
      return yield* Effect.fail(new EscalationError({ inquiry: id, reason: "is-primary", detail: `${member} is the responsible Primary` }))
    if (
      (subject.enlistments ?? []).some((e) => e.member === member)
    ) {
      return yield* Effect.fail(new EscalationError({ inquiry: id, reason: "already-enlisted", detail: `${member} is already enlisted` }))
    }
    const name = T.namesOf(ctx.team)
    const vars = { primary: name(primary), title: subject.title, inquiry: id, reason, member: name(member) }
    const actions: ReadonlyArray<Action.Action> = [
      { _tag: "Notify", key: Action.key(id, ctx.duty.shift, "enlist", member), member, inquiry: id, text: T.render(templates.enlist, vars) },
      {
        _tag: "Comment",
        key: Action.key(id, ctx.duty.shift, "enlist-comment", member),
        inquiry: id,
        visibility: "internal",
        text: `${vars.primary} enlisted ${vars.member}: ${reason}`
      }
    ]
    return Action.pending(actions, ctx.applied)
  })

/**
 * Records an enlisted developer's answer: an internal comment on the inquiry and a
 * `Notify` to the responsible Primary (who stays responsible for the response).
 *
 * @since 0.1.0
 * @category decisions
 */
export const respond = (
  subject: Subject,
  member: Types.MemberId,
  reply: Reply,
  ctx: Context & { readonly until?: Types.InstantInput | undefined }
): Effect.Effect<ReadonlyArray<Action.Action>, UnknownMemberError | EscalationError | Types.ValidationError> =>
  Effect.gen(function*() {
    const { templates } = yield* validate(ctx)
    const id = subject.inquiry
    if (!ctx.team.members.some((m) => m.id === member)) return yield* Effect.fail(new UnknownMemberError({ inquiry: id, member }))
    if (!(subject.enlistments ?? []).some((e) => e.member === member)) {
      return yield* Effect.fail(new EscalationError({ inquiry: id, reason: "not-enlisted", detail: `${member} was never enlisted` }))
    }
    const primary = responsible(subject, ctx.duty)
    const until = ctx.until === undefined ? "" : ` until ${T.formatInstant(Types.toMillis(ctx.until), ctx.timeZone ?? "UTC")}`
    const answer = reply === "accept" ? "accepted" : reply === "delay" ? "will get to it later" : "declined"
    const text = T.render(templates.responded, { member: T.namesOf(ctx.team)(member), title: subject.title, inquiry: id, answer, until })
    const actions: ReadonlyArray<Action.Action> = [
      { _tag: "Comment", key: Action.key(id, ctx.duty.shift, "enlist-reply", member, reply), inquiry: id, visibility: "internal", text },
      { _tag: "Notify", key: Action.key(id, ctx.duty.shift, "enlist-reply-notify", member, reply), member: primary, inquiry: id, text }
    ]
    return Action.pending(actions, ctx.applied)
  })
