/**
 * The runner: turns the pure decide functions into a running process over the `Tracker`,
 * `Store` and `Notifier` ports. `sync` copies what changed on the tracker into the store,
 * `tick` derives what is due now from the stored state and queues it, `execute` carries the
 * queued actions out exactly once under the store's lease, and `publish` stores the next
 * schedule version and tells exactly the members whose duties changed. Every operation is
 * idempotent and safe to run every few minutes from several places at once; every one has a
 * dry run that returns what it would do, with the tracker requests it would cost.
 *
 * @since 0.2.0
 * @module
 */
import { Clock, Effect, Schema, Stream } from "effect"
import type * as Action from "./Action.js"
import type * as Config_ from "./Config.js"
import * as Coverage from "./Coverage.js"
import * as exec from "./internal/runner/execute.js"
import * as pub from "./internal/runner/publish.js"
import * as tick from "./internal/runner/tick.js"
import { Notifier } from "./Notifier.js"
import type * as Platforms from "./Platforms.js"
import * as Profile from "./Profile.js"
import type * as Rotation from "./Rotation.js"
import * as Store from "./Store.js"
import * as Tracker from "./Tracker.js"
import type * as Types from "./Types.js"

export type { Assignment, Config, DutyChange, Planner, Problem, StaleRule } from "./internal/runner/config.js"
import type { Assignment, Config, DutyChange, Problem } from "./internal/runner/config.js"

/**
 * What the runner cannot do with its configuration: `publish` without a planner, or a
 * planner that failed.
 *
 * @since 0.2.0
 * @category errors
 */
export class RunnerError extends Schema.TaggedError<RunnerError>()("RunnerError", {
  reason: Schema.Literals(["no-planner", "planner-failed"]),
  detail: Schema.String
}) {
  override get message(): string {
    return `runner ${this.reason}: ${this.detail}`
  }
}

/**
 * An action with the tracker requests it costs (0 for notifications and records).
 *
 * @since 0.2.0
 * @category models
 */
export interface Costed {
  readonly action: Action.Action
  readonly cost: number
}

/**
 * What `sync` did: events new to the store, pages read, per source the cursor stored.
 *
 * @since 0.2.0
 * @category models
 */
export interface SyncResult {
  readonly events: number
  readonly pages: number
  readonly cursors: { readonly [source: string]: string }
}

/**
 * What `tick` found due: the actions (queued unless a dry run; already-queued and executed
 * keys are not queued twice), how many were new, the inquiries it replayed, problems, and
 * the next instant something becomes due (for a scheduler).
 *
 * @since 0.2.0
 * @category models
 */
export interface TickResult {
  readonly actions: ReadonlyArray<Costed>
  readonly queued: number
  readonly replayed: ReadonlyArray<string>
  readonly problems: ReadonlyArray<Problem>
  readonly nextDueAt: Types.Millis | undefined
}

/**
 * What `execute` did: receipts in order, the tracker requests spent, actions left pending
 * (over budget, waiting on another action, or failed), and whether it held the lease.
 *
 * @since 0.2.0
 * @category models
 */
export interface ExecuteResult {
  readonly receipts: ReadonlyArray<Tracker.Receipt>
  readonly cost: number
  readonly left: number
  readonly waiting: ReadonlyArray<string>
  readonly failures: ReadonlyArray<{ readonly key: string; readonly detail: string; readonly retryable: boolean }>
  readonly leased: boolean
  /** In a dry run: what would be executed, with its cost. */
  readonly wouldExecute: ReadonlyArray<Costed>
}

/**
 * What `publish` did: the version stored (undefined when nothing changed or a dry run),
 * the members whose future duties changed, and the notifications queued for them.
 *
 * @since 0.2.0
 * @category models
 */
export interface PublishResult {
  readonly version: number | undefined
  readonly duties: ReadonlyArray<Types.Duty>
  readonly changed: ReadonlyArray<DutyChange>
  readonly notices: ReadonlyArray<Action.Action>
}

/**
 * Options of every runner operation: `now` (default effect's `Clock`), and `dryRun` (store
 * nothing, execute nothing).
 *
 * @since 0.2.0
 * @category models
 */
export interface RunOptions {
  readonly now?: Types.Millis | undefined
  readonly dryRun?: boolean | undefined
  /** Called by `sync` after each page is stored (for a progress line), a dry run's pages included. */
  readonly onProgress?: ((progress: SyncProgress) => void) | undefined
}

/**
 * Where `sync` is: the source being read, and the pages and new events so far (over all
 * sources).
 *
 * @since 0.2.0
 * @category models
 */
export interface SyncProgress {
  readonly source: string
  readonly pages: number
  readonly events: number
}

/**
 * Options of `record`: why the duties changed (`reason`, stored with the version; `notice`,
 * the reason in each member's notice, default `reason`), the duties to compare with when the
 * store holds no version yet (`previous`, default `Config.duties`), data stored beside the
 * duties (`document`, e.g. the schedule file's version), the prefix of the notices' keys
 * (`series`, default `schedule:v{version}`), the support item to mention members on
 * (`inquiry`), and `notify`: `false` stores the version without queueing notices, a predicate
 * queues them only for the members it accepts (e.g. those a configured notifier can reach).
 *
 * @since 0.2.0
 * @category models
 */
export interface RecordOptions {
  /** Why, stored with the version. */
  readonly reason: string
  /** The reason in each member's notice (default `reason`). */
  readonly notice?: string | ((member: Types.MemberId) => string) | undefined
  /** The duties to compare with when the store holds no version yet (default `Config.duties`). */
  readonly previous?: ReadonlyArray<Types.Duty> | undefined
  /** Data stored beside the duties. */
  readonly document?: { readonly [key: string]: unknown } | undefined
  /** The prefix of the notices' keys (default `schedule:v{version}`). */
  readonly series?: string | undefined
  /** The support item to mention members on. */
  readonly inquiry?: Types.InquiryId | undefined
  /** `false`: queue no notices; a predicate: only for the members it accepts (default `true`). */
  readonly notify?: boolean | ((member: Types.MemberId) => boolean) | undefined
}

/**
 * The runner's operations, bound to its ports.
 *
 * @since 0.2.0
 * @category models
 */
export interface Runner {
  /** Tracker to store, page by page; each source's cursor is stored only after its page's events. */
  readonly sync: (options?: RunOptions) => Effect.Effect<SyncResult, Tracker.TrackerError | Store.StoreError>
  /** Queues what is due now; `contacts` are first contacts recorded elsewhere. */
  readonly tick: (options?: RunOptions & { readonly contacts?: ReadonlyArray<Platforms.Contact> | undefined }) => Effect.Effect<TickResult, Store.StoreError>
  /** Executes pending actions once each, oldest first, within the write budget, under the lease. */
  readonly execute: (options?: RunOptions) => Effect.Effect<ExecuteResult, Store.StoreError>
  /** Plans up to `horizon` with the published prefix frozen, stores the version, notifies the members whose duties changed. */
  readonly publish: (
    horizon: Types.Millis,
    options?: RunOptions & { readonly reason?: string | undefined }
  ) => Effect.Effect<PublishResult, Store.StoreError | RunnerError>
  /**
   * Stores the given duties (e.g. a committed schedule file's) as the next version unless the
   * latest version holds the same duties, and queues notices to the members whose future duties
   * changed. Idempotent: recording the same duties again stores and queues nothing.
   */
  readonly record: (
    duties: ReadonlyArray<Types.Duty>,
    options: RunOptions & RecordOptions
  ) => Effect.Effect<PublishResult, Store.StoreError>
  /** `sync`, then `tick`, then `execute`. */
  readonly run: (
    options?: RunOptions
  ) => Effect.Effect<{ readonly sync: SyncResult; readonly tick: TickResult; readonly execute: ExecuteResult }, Tracker.TrackerError | Store.StoreError>
}

const nowOf = (options: RunOptions | undefined): Effect.Effect<Types.Millis> =>
  options?.now === undefined ? Clock.currentTimeMillis : Effect.succeed(options.now)

const syncWith = (store: Store.Store["Service"], tracker: Tracker.Tracker["Service"], options: RunOptions | undefined) =>
  Effect.gen(function*() {
    let events = 0
    let pages = 0
    const cursors: { [source: string]: string } = {}
    for (const source of tracker.sources) {
      const name = `${tracker.name}:${source}`
      const cursor = yield* store.cursor(name)
      yield* Stream.runForEach(tracker.changes(source, cursor), (page) =>
        Effect.gen(function*() {
          pages++
          if (options?.dryRun !== true) {
            events += yield* store.append(page.events)
            yield* store.putItems(page.items)
            yield* store.setCursor(name, page.cursor)
            cursors[source] = page.cursor
          }
          options?.onProgress?.({ source, pages, events })
        }))
    }
    return { events, pages, cursors }
  })

/**
 * Builds a runner over the ports in context.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { Coverage, Notifier, Runner, Store, Tracker, Types } from "@sre-uxdd/core"
 *
 * const m = Types.MemberId.make
 * const hour = 3_600_000
 * const duties = [0, 1, 2].map((shift) => ({ shift, start: shift * 24 * hour, end: (shift + 1) * 24 * hour, primary: m(shift % 2 === 0 ? "ada" : "bob"), backup: m("cyd") }))
 * const program = Effect.gen(function* () {
 *   const memory = yield* Tracker.makeMemory({ members: ["ada", "bob", "cyd"] })
 *   const inquiry = yield* memory.open({ title: "Crash", body: "It crashes", author: "kim", at: hour })
 *   const runner = yield* Effect.provide(
 *     Runner.make({ team: memory.members, duties, coverage: Coverage.always() }),
 *     Layer.mergeAll(Layer.succeed(Tracker.Tracker)(memory.service), Store.layerMemory, Notifier.layerMemory)
 *   )
 *   yield* runner.run({ now: 2 * hour })
 *   return (yield* memory.view(inquiry)).assignees
 * })
 * Effect.runSync(program) // ["ada"]
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (config: Config): Effect.Effect<Runner, never, Tracker.Tracker | Store.Store | Notifier> =>
  Effect.gen(function*() {
    const store = yield* Store.Store
    const tracker = yield* Tracker.Tracker
    const notifier = yield* Notifier
    const ports = { store, tracker, notifier }
    const costed = (actions: ReadonlyArray<Action.Action>): ReadonlyArray<Costed> => actions.map((action) => ({ action, cost: exec.costOf(tracker, action) }))

    const sync: Runner["sync"] = (options) => syncWith(store, tracker, options)

    const tickOp: Runner["tick"] = (options) =>
      Effect.gen(function*() {
        const now = yield* nowOf(options)
        const outcome = yield* tick.due(config, store, now, options?.contacts ?? [])
        let queued = 0
        if (options?.dryRun !== true) {
          queued = yield* store.enqueue(outcome.actions, now)
          yield* store.putSnapshot(tick.snapshotName(config), outcome.seq, outcome.snapshot)
        }
        return { actions: costed(outcome.actions), queued, replayed: outcome.replayed, problems: outcome.problems, nextDueAt: outcome.nextDueAt }
      })

    const execute: Runner["execute"] = (options) =>
      Effect.gen(function*() {
        const now = yield* nowOf(options)
        const budget = config.writeBudget ?? 100
        if (options?.dryRun === true) {
          const queue = costed((yield* store.pending()).map((p) => p.action))
          const within: Array<Costed> = []
          let spent = 0
          for (const c of queue) {
            if (spent + c.cost > budget && spent > 0) break
            within.push(c)
            spent += c.cost
          }
          return { receipts: [], cost: spent, left: queue.length, waiting: [], failures: [], leased: false, wouldExecute: within }
        }
        const done = yield* exec.execute(ports, config, now, budget)
        return { ...done, wouldExecute: [] }
      })

    const publish: Runner["publish"] = (horizon, options) =>
      Effect.gen(function*() {
        const now = yield* nowOf(options)
        const planner = config.planner
        if (planner === undefined) return yield* Effect.fail(new RunnerError({ reason: "no-planner", detail: "publish needs Config.planner" }))
        const latest = yield* store.latestSchedule
        const published = latest === undefined ? [] : tick.dutiesOf({ ...config, duties: [] }, latest)
        const planned = yield* Effect.mapError(planner({ published, from: now, horizon }), (e) =>
          new RunnerError({ reason: "planner-failed", detail: e.message }))
        const next = pub.merge(published, planned, now, horizon)
        const zone = config.timeZone ?? "UTC"
        const changed = pub.changes(latest === undefined ? config.duties : published, next, now, zone)
        const unchanged = latest !== undefined && changed.length === 0 && next.length === published.length
        if (unchanged)
          return { version: undefined, duties: next, changed: [], notices: [] }
        const version = (latest?.version ?? 0) + 1
        const reason = options?.reason ?? "scheduled publication"
        const notices = pub.notices(version, reason, changed)
        if (options?.dryRun === true)
          return { version: undefined, duties: next, changed, notices }
        yield* store.publishSchedule({ version, publishedAt: now, reason, document: { duties: next } })
        yield* store.enqueue(notices, now)
        return { version, duties: next, changed, notices }
      })

    const record: Runner["record"] = (duties, options) =>
      Effect.gen(function*() {
        const now = yield* nowOf(options)
        const latest = yield* store.latestSchedule
        const next = [...duties].sort((a, b) =>
          a.start - b.start || a.shift - b.shift
        )
        const previous = latest === undefined ? options.previous ?? config.duties : tick.dutiesOf({ ...config, duties: [] }, latest)
        if (latest !== undefined && pub.sameDuties(previous, next)) return { version: undefined, duties: next, changed: [], notices: [] }
        const changed = pub.changes(previous, next, now, config.timeZone ?? "UTC")
        const version = (latest?.version ?? 0) + 1
        const notify = options.notify ?? true
        const told = typeof notify === "function" ? changed.filter((c) => notify(c.member)) : notify ? changed : []
        const notices = pub.notices(version, options.notice ?? options.reason, told, { series: options.series, inquiry: options.inquiry })
        if (options.dryRun === true) return { version: undefined, duties: next, changed, notices }
        yield* store.publishSchedule({ version, publishedAt: now, reason: options.reason, document: { ...options.document, duties: next } })
        yield* store.enqueue(notices, now)
        return { version, duties: next, changed, notices }
      })

    const run: Runner["run"] = (options) =>
      Effect.gen(function*() {
        const now = yield* nowOf(options)
        const at = { ...options, now }
        return { sync: yield* sync(at), tick: yield* tickOp(at), execute: yield* execute(at) }
      })

    return { sync, tick: tickOp, execute, publish, record, run }
  })

/**
 * A member's duties that start at or after `from`, in shift order (Primary before Backup
 * within a shift).
 *
 * @since 0.2.0
 * @category schedule changes
 */
export const assignmentsOf = (duties: ReadonlyArray<Types.Duty>, member: Types.MemberId, from: Types.Millis): ReadonlyArray<Assignment> =>
  pub.assignmentsOf(duties, member, from)

/**
 * The members whose future duties (those starting at or after `from`) differ between two
 * versions of a schedule, each with the duties added and removed, and the same as lines of
 * text in `timeZone`. A schedule compared with itself gives no change; a member's duties in
 * `before`, minus `removed`, plus `added`, are their duties in `after`.
 *
 * @example
 * ```ts
 * import { Runner, Types } from "@sre-uxdd/core"
 *
 * const m = Types.MemberId.make
 * const day = 86_400_000
 * const before = [{ shift: 0, start: 0, end: day, primary: m("ada"), backup: m("bob") }, { shift: 1, start: day, end: 2 * day, primary: m("bob"), backup: m("ada") }]
 * const after = [before[0]!, { ...before[1]!, primary: m("cyd") }]
 * Runner.dutyChanges(before, after, 0, "UTC").map((c) => [c.member, c.added.length, c.removed.length]) // [["bob", 0, 1], ["cyd", 1, 0]]
 * ```
 *
 * @since 0.2.0
 * @category schedule changes
 */
export const dutyChanges = (
  before: ReadonlyArray<Types.Duty>,
  after: ReadonlyArray<Types.Duty>,
  from: Types.Millis,
  timeZone: string
): ReadonlyArray<DutyChange> => pub.changes(before, after, from, timeZone)

/**
 * Why a schedule changed: the publication of new shifts, or a recorded trade or cover.
 *
 * @since 0.2.0
 * @category schedule changes
 */
export type ChangeCause =
  | { readonly _tag: "Publication"; readonly shifts: number }
  | { readonly _tag: "Override"; readonly override: Rotation.Override }

/**
 * The reason of a schedule change in a member's words: "the publication of 8 new shifts",
 * "a swap with Bob (shifts 3 and 4 as Primary)" for the two who traded, "a cover by Cyd
 * (shift 5 as Primary)" for the others, "your cover of shift 5 as Primary" for the one who
 * covers; several causes joined with "; ". Without a member, the neutral wording ("a swap
 * between Ada and Bob", "a cover by Cyd"), e.g. for a version's log. Names come from the
 * roster (default the ids).
 *
 * @example
 * ```ts
 * import { Runner, Types } from "@sre-uxdd/core"
 *
 * const m = Types.MemberId.make
 * const trade = { kind: "trade" as const, shifts: [3, 4] as const, members: [m("ada"), m("bob")] as const, recordedAt: "2026-12-01T00:00:00Z" }
 * Runner.changeReason([{ _tag: "Override", override: trade }], m("ada")) // "a swap with bob (shifts 3 and 4 as Primary)"
 * ```
 *
 * @since 0.2.0
 * @category schedule changes
 */
export const changeReason = (causes: ReadonlyArray<ChangeCause>, member: Types.MemberId | undefined, roster?: Types.Roster): string =>
  causes.map((c) => pub.causeText(c, member, roster)).join("; ")

/**
 * The notices telling each changed member what changed and why: one `Notify` per member,
 * keyed `{series}:duties-changed:{member}` (default series `schedule:v{version}`), optionally
 * on a support item (`inquiry`) for notifiers that mention members there.
 *
 * @since 0.2.0
 * @category schedule changes
 */
export const dutyNotices = (
  version: number,
  reason: string | ((member: Types.MemberId) => string),
  changed: ReadonlyArray<DutyChange>,
  options: { readonly series?: string | undefined; readonly inquiry?: Types.InquiryId | undefined } = {}
): ReadonlyArray<Action.Action> => pub.notices(version, reason, changed, options)

/**
 * Options of {@link configFromProfile}: what a team profile does not say.
 *
 * @since 0.2.0
 * @category models
 */
export interface ProfileOptions {
  /** The duties in force until a version is published (e.g. the committed schedule's). */
  readonly duties: ReadonlyArray<Types.Duty>
  readonly name?: string | undefined
  readonly holder?: string | undefined
  readonly acknowledge?: Config["acknowledge"]
  readonly writeBudget?: number | undefined
  /** Labels and assignees the stale rule leaves alone (default labels `pinned`, `security`). */
  readonly staleExempt?: { readonly labels?: ReadonlyArray<string> | undefined; readonly assignees?: ReadonlyArray<Types.MemberId> | undefined } | undefined
}

/**
 * The runner's configuration from a decoded team profile: its roster, coverage, goals, stale
 * rule, escalation policy (members' tags are their expertise), first-contact policy, handoff
 * templates, and a planner that plans the profile as configured with `Profile.schedule` (from
 * the shift grid's origin whatever the window, so every publication agrees with the profile's
 * plan at every instant), the started shifts passed as published.
 *
 * @example
 * ```ts
 * import { Config, Runner } from "@sre-uxdd/core"
 *
 * declare const profile: Config.Profile
 * const config = Runner.configFromProfile(profile, { duties: [], acknowledge: true })
 * config.team // the roster's member ids
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const configFromProfile = (profile: Config_.Profile, options: ProfileOptions): Config => ({
  ...(options.name === undefined ? {} : { name: options.name }),
  ...(options.holder === undefined ? {} : { holder: options.holder }),
  ...(options.writeBudget === undefined ? {} : { writeBudget: options.writeBudget }),
  ...(options.acknowledge === undefined ? {} : { acknowledge: options.acknowledge }),
  team: profile.team.members.map((m) => m.id),
  roster: profile.team,
  duties: options.duties,
  coverage: profile.coverage,
  goals: profile.goals,
  timeZone: Coverage.timeZone(profile.coverage),
  stale: {
    after: profile.stale.afterMillis,
    label: profile.stale.label,
    ...(options.staleExempt?.labels === undefined ? {} : { exemptLabels: options.staleExempt.labels }),
    ...(options.staleExempt?.assignees === undefined ? {} : { exemptAssignees: options.staleExempt.assignees })
  },
  escalation: { roster: profile.team, policy: profile.escalation },
  ...(profile.platforms === undefined ? {} : { platforms: profile.platforms }),
  templates: { handoff: profile.templates.handoff },
  // Planned as configured (from the grid's origin, whatever the window: `Profile.schedule`),
  // so a published version agrees with the profile's plan at every instant (`sre who`).
  planner: ({ published, from, horizon }) =>
    Effect.mapError(
      Effect.map(
        Profile.schedule(profile, {
          from: profile.shifts.origin,
          to: Math.max(horizon, profile.shifts.origin + 1),
          published: published.filter((d) => d.start < from)
        }),
        (s) => s.duties
      ),
      (e) => ({ message: e.message })
    )
})
