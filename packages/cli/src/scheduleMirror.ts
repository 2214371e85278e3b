/**
 * The store's mirror of the schedule file, and the notices of changed duties. After
 * `sre schedule publish`, `sre swap` or `sre cover` writes `sre.schedule.yaml`, the file's
 * duties (overrides applied) are recorded as the store's next schedule version with core's
 * `Runner.record`, and each member whose future duties changed is told what changed and why
 * (core's `Runner.dutyChanges` and `Runner.changeReason`) through the composed notifier: a
 * mention on the support item named by `tracker.scheduleItem`, or e-mail when SMTP is set and
 * the member has an `email` handle.
 *
 * The file is the source of truth. Every run records the file as it is, so a crash between
 * writing the file and the store converges on the next run of any of the three commands (a
 * `publish` with nothing new included): the store's latest version says up to which file
 * version and override it mirrors, and the causes since then are told.
 *
 * @since 0.1.0
 * @module
 */
import { type Config, type Notifier, Runner, type Store, type Tracker, Types } from "@sre-uxdd/core"
import { Effect } from "effect"
import * as Compose from "./compose.js"
import { ExitCode } from "./exitCodes.js"
import { planUntil } from "./planning.js"
import type { LoadedProfile } from "./profileFile.js"
import type * as ScheduleFile from "./scheduleFile.js"

/**
 * Who the composed notifiers can reach with a schedule notice, and why not when nobody.
 *
 * @since 0.1.0
 * @category models
 */
export interface Reach {
  /** The support item members are mentioned on (`tracker.scheduleItem`), when the tracker can mention. */
  readonly item: Types.InquiryId | undefined
  /** SMTP is configured. */
  readonly email: boolean
  /** Why nobody can be reached, when nobody can. */
  readonly missing: string | undefined
}

/**
 * What a mirror run did (or, in a dry run, would do).
 *
 * @since 0.1.0
 * @category models
 */
export interface Mirrored {
  /** The store version recorded, or `undefined` when the store already held the file's duties (or a dry run). */
  readonly version: number | undefined
  /** The store's latest version before this run. */
  readonly latest: number | undefined
  /** The store's latest version does not hold the file's duties (so this run records, or in a dry run would record, a version). */
  readonly differs: boolean
  readonly changed: ReadonlyArray<Runner.DutyChange>
  /** The members told (or, in a dry run, who would be), each with the notice's text. */
  readonly told: ReadonlyArray<{ readonly member: Types.MemberId; readonly text: string; readonly delivered: boolean; readonly problem: string | undefined }>
  /** Changed members no configured notifier reaches. */
  readonly unreachable: ReadonlyArray<Types.MemberId>
  readonly reach: Reach
}

const record = (value: unknown): { readonly [key: string]: unknown } =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as { readonly [key: string]: unknown }) : {}

/**
 * The published duties of a schedule file with its overrides applied (who really serves).
 *
 * @since 0.1.0
 * @category planning
 */
export const effectiveDuties = (profile: Config.Profile, doc: ScheduleFile.Document): ReadonlyArray<Types.Duty> => {
  if (doc.duties.length === 0) return []
  const shifts = new Set(doc.duties.map((d) => d.shift))
  const lastEnd = Math.max(...doc.duties.map((d) => Date.parse(d.end)))
  return planUntil(profile, doc, lastEnd).duties.filter((d) => shifts.has(d.shift))
}

/**
 * The schedule item named by `tracker.scheduleItem` (`owner/repo#N` on GitHub, the issue key
 * on Jira), checked.
 *
 * @since 0.1.0
 * @category composition
 */
export const scheduleItem = (profile: Config.Profile): Types.InquiryId | undefined => {
  const item = record(profile.tracker)["scheduleItem"]
  if (item === undefined) return undefined
  if (typeof item !== "string" || item === "")
    throw new Compose.ComposeError(
      ExitCode.invalid,
      "tracker.scheduleItem: expected the support item to mention members on, e.g. my-org/support#12 on GitHub or SUP-12 on Jira"
    )
  return Types.InquiryId.make(item)
}

const dutyKey = (d: unknown): string => {
  const r = record(d)
  return JSON.stringify([r["shift"], r["start"], r["end"], r["primary"], r["backup"] ?? null])
}

const sameDuties = (stored: unknown, duties: ReadonlyArray<Types.Duty>): boolean =>
  Array.isArray(stored) && JSON.stringify(stored.map(dutyKey).sort()) === JSON.stringify(duties.map(dutyKey).sort())

/** What the file mirrors up to, as stored beside the duties of each version. */
interface FileMark {
  readonly version: number
  readonly overrides: number
}

const markOf = (latest: Store.ScheduleVersion | undefined): FileMark | undefined => {
  const file = record(record(latest?.document)["file"])
  return typeof file["version"] === "number" && typeof file["overrides"] === "number"
    ? { version: file["version"], overrides: file["overrides"] }
    : undefined
}

/** The causes since what the store mirrors (or, with an empty store, since `before`). */
const causesOf = (
  latest: Store.ScheduleVersion | undefined,
  before: ScheduleFile.Document,
  after: ScheduleFile.Document
): ReadonlyArray<Runner.ChangeCause> => {
  const stored = latest === undefined ? undefined : record(latest.document)["duties"]
  const known = new Set(
    Array.isArray(stored) ? stored.map((d) => record(d)["shift"]) : before.duties.map((d) => d.shift)
  )
  const fresh = after.duties.filter((d) => !known.has(d.shift)).length
  const from = latest === undefined ? before.overrides.length : markOf(latest)?.overrides ?? after.overrides.length
  return [
    ...(fresh > 0 ? [{ _tag: "Publication" as const, shifts: fresh }] : []),
    ...after.overrides.slice(from).map((override) => ({ _tag: "Override" as const, override }))
  ]
}

/**
 * Who can be told, from the profile and the environment: the tracker's mention needs a
 * tracker other than the in-memory one, its credentials and `tracker.scheduleItem`; e-mail
 * needs `SRE_UXDD_SMTP_HOST`.
 *
 * @since 0.1.0
 * @category composition
 */
export const reachOf = (profile: Config.Profile, env: Compose.Environment): Reach & { readonly tracker: boolean } => {
  const item = scheduleItem(profile)
  const email = Compose.smtpFromEnv(env) !== undefined
  // A tracker this version cannot compose (e.g. one not wired yet) mentions nobody; the file and the store still work.
  let kind: Compose.TrackerKind | undefined
  try {
    kind = Compose.trackerKind(profile)
  } catch (error) {
    if (!(error instanceof Compose.ComposeError)) throw error
  }
  let tracker = kind !== undefined && kind !== "memory" && item !== undefined
  if (tracker && kind === "github") {
    try {
      Compose.githubOptions(profile, env)
    } catch (error) {
      if (!(error instanceof Compose.ComposeError)) throw error
      tracker = false
    }
  }
  // Jira's credentials are checked by the adapter when it is composed; here only that they are set.
  if (tracker && kind === "jira") {
    const set = (k: string) => (env[k] ?? "") !== ""
    tracker = (set("JIRA_EMAIL") && set("JIRA_API_TOKEN")) || set("JIRA_OAUTH_TOKEN")
  }
  const missing = tracker || email
    ? undefined
    : [
      item === undefined
        ? "no tracker.scheduleItem to mention members on"
        : kind === undefined
        ? "a tracker this version cannot mention on"
        : "no tracker credentials for the mention",
      "no SRE_UXDD_SMTP_HOST for e-mail"
    ].join(", ")
  return { item: tracker ? item : undefined, email, missing, tracker }
}

/**
 * Records the schedule file `after` (written by the command, or in a dry run what it would
 * write) in the store and tells the members whose future duties changed since the store's
 * latest version (with an empty store: since `before`, the file before this command).
 *
 * @since 0.1.0
 * @category composition
 */
export const mirror = (
  loaded: LoadedProfile,
  before: ScheduleFile.Document,
  after: ScheduleFile.Document,
  options: { readonly now: number; readonly dryRun: boolean; readonly env?: Compose.Environment | undefined }
): Effect.Effect<Mirrored, Store.StoreError | Tracker.TrackerError | Types.ValidationError | Notifier.NotifierError> =>
  Effect.scoped(Effect.gen(function*() {
    const env = options.env ?? process.env
    const { profile } = loaded
    const reach = reachOf(profile, env)
    const duties = effectiveDuties(profile, after)
    const previous = effectiveDuties(profile, before)
    const { runner, store } = yield* Compose.services(profile, loaded.file, previous, env, { tracker: reach.tracker })
    const latest = yield* store.latestSchedule
    const causes = causesOf(latest, before, after)
    const emails = new Set(profile.team.members.flatMap((m) => (m.handles.email === undefined ? [] : [m.id as string])))
    const reachable = (member: Types.MemberId): boolean => reach.item !== undefined || (reach.email && emails.has(member))
    const result = yield* runner.record(duties, {
      now: options.now,
      dryRun: options.dryRun,
      reason: causes.length === 0 ? `schedule file version ${after.version}` : Runner.changeReason(causes, undefined, profile.team),
      notice: (member) => causes.length === 0 ? `schedule file version ${after.version}` : Runner.changeReason(causes, member, profile.team),
      previous,
      document: { file: { version: after.version, overrides: after.overrides.length } },
      series: `schedule-file:v${after.version}`,
      inquiry: reach.item,
      notify: reachable
    })
    const keys = new Set(result.notices.map((n) => n.key))
    const executed = result.version === undefined || keys.size === 0 ? undefined : yield* runner.execute({ now: options.now })
    const told = result.notices.flatMap((n) => {
      if (n._tag !== "Notify") return []
      const failure = executed?.failures.find((f) => f.key === n.key)
      const delivered = executed?.receipts.some((r) => r.key === n.key) === true
      return [{ member: n.member, text: n.text, delivered, problem: failure?.detail }]
    })
    return {
      version: result.version,
      latest: latest?.version,
      differs: latest === undefined || !sameDuties(record(latest.document)["duties"], duties),
      changed: result.changed,
      told,
      unreachable: result.changed.map((c) => c.member).filter((m) => !reachable(m)),
      reach
    } satisfies Mirrored
  }))
