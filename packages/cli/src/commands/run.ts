// The commands that run the process against the tracker and the store: sync, tick, promote,
// postmortem, announce. Each composes the runner (compose.ts) for one run, in a scope.
import { Action, Inquiry, Postmortem, Promotion, Rotation, Types, type Runner, type Store } from "@sre-uxdd/core"
import { Console, Effect, Option, Stream } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { mkdirSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import * as Compose from "../compose.js"
import { ExitCode } from "../exitCodes.js"
import { local, person, planUntil } from "../planning.js"
import type { LoadedProfile } from "../profileFile.js"
import * as ScheduleFile from "../scheduleFile.js"
import { scheduleItem } from "../scheduleMirror.js"
import { configFlag, fail, jsonFlag, nowOf, print, setExit, withProfile } from "./shared.js"

const WEEK = 7 * 86_400_000

/** Every secret the environment holds, to scrub from any message (defence in depth). */
const secrets = (): ReadonlyArray<string> =>
  [
    "GITHUB_TOKEN",
    "SRE_UXDD_GITHUB_TOKEN",
    "SRE_UXDD_SMTP_PASSWORD",
    "DATABASE_URL",
    "JIRA_API_TOKEN",
    "JIRA_OAUTH_TOKEN",
    "SRE_UXDD_GITHUB_WEBHOOK_SECRET",
    "SRE_UXDD_JIRA_WEBHOOK_SECRET"
  ]
    .map((k) => process.env[k])
    .filter((v): v is string => v !== undefined && v.length >= 4)

/**
 * Replaces every secret of the environment in a text with `***`.
 *
 * @since 0.1.0
 * @category internals
 */
export const scrub = (text: string): string => secrets().reduce((t, s) => t.split(s).join("***"), text)

/** The duties the runner works with: the profile planned with the schedule file's published prefix. */
export const dutiesOf = (loaded: LoadedProfile, now: number): ReadonlyArray<Types.Duty> => {
  const doc = ScheduleFile.read(ScheduleFile.pathFor(loaded.file))
  return planUntil(loaded.profile, doc, now + 8 * WEEK).duties
}

const exitOf = (error: unknown): number => {
  if (error instanceof Compose.ComposeError) return error.code
  const tag = (error as { readonly _tag?: string } | undefined)?._tag
  if (tag === "ValidationError") return ExitCode.invalid
  if (tag === "StoreError" && (error as Store.StoreError).reason === "busy") return ExitCode.busy
  if (tag === "StoreError" || tag === "TrackerError" || tag === "NotifierError") return ExitCode.unavailable
  return ExitCode.failure
}

/**
 * Runs `use` with the composed runner and reports composition, store and tracker failures
 * with their exit codes (the message scrubbed of secrets).
 *
 * @since 0.1.0
 * @category internals
 */
export const withServices = <E>(
  config: Option.Option<string>,
  json: boolean,
  use: (loaded: LoadedProfile, services: Compose.Services, now: number) => Effect.Effect<void, E>,
  options: Compose.ServiceOptions = {}
): Effect.Effect<void> =>
  withProfile(config, json, (loaded) =>
    Effect.suspend(() => {
      const now = nowOf()
      const duties = dutiesOf(loaded, now)
      return Effect.scoped(
        Effect.flatMap(Compose.services(loaded.profile, loaded.file, duties, process.env, options), (services) => use(loaded, services, now))
      )
    }).pipe(
      Effect.catchDefect((defect) => (defect instanceof Compose.ComposeError ? Effect.fail(defect) : Effect.die(defect))),
      Effect.catch((error: unknown) => fail(json, exitOf(error), scrub(error instanceof Error ? error.message : String(error))))
    ))

const describe = (loaded: LoadedProfile, action: Action.Action): string => {
  switch (action._tag) {
    case "Assign":
      return `assign ${action.inquiry} to ${person(loaded.profile, action.assignee)}`
    case "Comment":
      return `comment on ${action.inquiry}${action.visibility === "internal" ? " (internal)" : ""}: ${firstLine(action.text)}`
    case "Notify":
      return `notify ${person(loaded.profile, action.member)}${action.inquiry === undefined ? "" : ` about ${action.inquiry}`}: ${firstLine(action.text)}`
    case "AddLabel":
      return `label ${action.inquiry} ${action.label}`
    case "RemoveLabel":
      return `unlabel ${action.inquiry} ${action.label}`
    case "Close":
      return `close ${action.inquiry} (${action.reason})`
    default:
      return `${action._tag} ${Action.about(action) ?? ""}`.trim()
  }
}

const firstLine = (text: string): string => {
  const line = text.split("\n")[0] ?? ""
  return line.length > 100 ? `${line.slice(0, 97)}...` : line
}

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? "" : "s"}`

const progress = (text: string): Effect.Effect<void> =>
  Effect.sync(() => {
    if (process.stderr.isTTY)
      process.stderr.write(process.env["NO_COLOR"] === undefined || process.env["NO_COLOR"] === "" ? `\x1b[2K\r\x1b[36m${text}\x1b[0m` : `\r${text}`)
  })

/**
 * `sre sync [--full]`.
 *
 * @since 0.1.0
 * @category commands
 */
export const sync = Command.make("sync", {
  config: configFlag,
  json: jsonFlag,
  full: Flag.Boolean("full").pipe(Flag.withDescription("read the whole tracker again (rebuilds a lost or cached store)"), Flag.withDefault(false))
}, ({ config, json, full }) =>
  withServices(config, json, (_loaded, { runner, tracker }, now) =>
    Effect.gen(function*() {
      yield* progress(`syncing ${tracker.sources.join(", ")}...`)
      const result = yield* runner.sync({
        now,
        onProgress: (p) => Effect.runSync(progress(`syncing ${p.source}: ${count(p.pages, "page")}, ${count(p.events, "new event")}`))
      })
      if (process.stderr.isTTY) process.stderr.write("\n")
      if (json) return yield* print(result)
      yield* Console.log(
        `synced ${count(result.events, "new event")} in ${count(result.pages, "page")} from ${count(tracker.sources.length, "source")}${full ? " (full)" : ""}`
      )
    }), { full })).pipe(Command.withDescription("read what changed on the tracker into the store"))

const breachedIn = (
  actions: ReadonlyArray<{ readonly action: Action.Action }>
): ReadonlyArray<string> => [
  ...new Set(actions.filter((c) => c.action.key.split(":")[2] === "breached").map((c) => Action.about(c.action) ?? c.action.key.split(":")[0] ?? ""))
]

/**
 * `sre tick [--dry-run]`.
 *
 * @since 0.1.0
 * @category commands
 */
export const tick = Command.make("tick", {
  config: configFlag,
  json: jsonFlag,
  dryRun: Flag.Boolean("dry-run").pipe(Flag.withDescription("print the due actions and their tracker requests; change nothing"), Flag.withDefault(false))
}, ({ config, json, dryRun }) =>
  withServices(config, json, (loaded, { runner }, now) =>
    Effect.gen(function*() {
      const ticked = yield* runner.tick({ now, dryRun })
      const executed = yield* runner.execute({ now, dryRun })
      const breached = breachedIn(ticked.actions)
      if (json) {
        yield* print({
          dryRun,
          due: ticked.actions.map((c) => ({ key: c.action.key, action: c.action._tag, cost: c.cost, text: describe(loaded, c.action) })),
          queued: ticked.queued,
          executed: executed.receipts.map((r) => ({ key: r.key, outcome: r.outcome, detail: r.detail })),
          failures: executed.failures,
          waiting: executed.waiting,
          leased: executed.leased,
          breached,
          problems: ticked.problems,
          nextDueAt: ticked.nextDueAt === undefined ? null : new Date(ticked.nextDueAt).toISOString()
        })
      } else {
        const lines = dryRun
          ? [
            `${ticked.actions.length} actions due (dry run: nothing queued or written):`,
            ...ticked.actions.map((c) => `  ${describe(loaded, c.action)}  [${c.cost} request${c.cost === 1 ? "" : "s"}]`)
          ]
          : [
            `${ticked.actions.length} actions due, ${ticked.queued} queued; ${executed.receipts.length} executed (${executed.cost} tracker requests)${
              executed.left > 0 ? `, ${executed.left} left for the next run` : ""
            }`,
            ...executed.receipts.map((r) => `  ${r.outcome.padEnd(12)} ${r.key}: ${r.detail}`),
            ...executed.failures.map((f) => `  failed       ${f.key}: ${scrub(f.detail)}${f.retryable ? " (will retry)" : ""}`)
          ]
        for (const p of ticked.problems) lines.push(`  problem: ${p.inquiry ?? ""} ${p.detail}`)
        if (breached.length > 0) lines.push(`response goal breached: ${breached.join(", ")}`)
        if (ticked.nextDueAt !== undefined) lines.push(`next due: ${local(loaded.profile, ticked.nextDueAt)}`)
        yield* Console.log(lines.join("\n"))
      }
      if (!dryRun && !executed.leased) {
        yield* Console.error("another runner holds the store's lease: nothing was executed (rerun later)")
        yield* setExit(ExitCode.busy)
      }
      if (executed.failures.length > 0) yield* setExit(ExitCode.unavailable)
      if (breached.length > 0) yield* setExit(ExitCode.breached)
    }))).pipe(Command.withDescription("take the actions due now, under the store's lease (--dry-run prints them)"))

const replayed = (store: Store.Store["Service"], loaded: LoadedProfile, item: string) =>
  Effect.gen(function*() {
    const inquiry = Types.InquiryId.make(item)
    const events = yield* store.events(inquiry)
    if (events.length === 0)
      return yield* Effect.fail(new Compose.ComposeError(ExitCode.invalid, `${item}: no such item in the store (run \`sre sync\` first)`))
    const team = loaded.profile.team.members.map((m) => m.id as string)
    const state = yield* Inquiry.replay(events, { policy: Inquiry.responsePolicy({ team }) })
    return { inquiry, events, state, stored: yield* store.item(inquiry) }
  })

/**
 * `sre promote ITEM --summary TEXT [--known REF]`.
 *
 * @since 0.1.0
 * @category commands
 */
export const promote = Command.make("promote", {
  config: configFlag,
  json: jsonFlag,
  item: Argument.String("item"),
  summary: Flag.String("summary").pipe(Flag.withDescription("what the product issue is about")),
  reproducer: Flag.String("reproducer").pipe(Flag.optional),
  workaround: Flag.String("workaround").pipe(Flag.optional),
  known: Flag.String("known").pipe(Flag.withDescription("a known product issue to update instead of filing a new one"), Flag.optional)
}, ({ config, json, item, summary, reproducer, workaround, known }) =>
  withServices(config, json, (loaded, { runner, store }, now) =>
    Effect.gen(function*() {
      const { inquiry, state, stored } = yield* replayed(store, loaded, item)
      const duties = dutiesOf(loaded, now)
      const shift = duties.find((d) => d.start <= now && now < d.end)?.shift ?? duties.filter((d) => d.start <= now).at(-1)?.shift ?? 0
      const actions = yield* Promotion.plan(
        {
          inquiry,
          title: state.title,
          reporter: state.reporter,
          openedAt: state.openedAt,
          phase: state.phase,
          promotions: state.promotions,
          ...(stored?.url === undefined ? {} : { url: stored.url })
        },
        {
          summary,
          ...Option.match(reproducer, { onNone: () => ({}), onSome: (r) => ({ reproducer: r }) }),
          ...Option.match(workaround, { onNone: () => ({}), onSome: (w) => ({ workaround: w }) })
        },
        { shift, timeZone: loaded.profile.coverage.timeZone, ...Option.match(known, { onNone: () => ({}), onSome: (k) => ({ known: k }) }) }
      )
      yield* store.enqueue(actions, now)
      const executed = yield* runner.execute({ now })
      if (json)
        return yield* print({
          inquiry,
          actions: actions.map((a) => a.key),
          executed: executed.receipts.map((r) => ({ key: r.key, outcome: r.outcome, detail: r.detail })),
          failures: executed.failures
        })
      yield* Console.log(
        [`promoted ${inquiry}: ${actions.length} actions`, ...executed.receipts.map((r) => `  ${r.outcome.padEnd(12)} ${r.detail}`)].join("\n")
      )
      if (executed.failures.length > 0) yield* setExit(ExitCode.unavailable)
    }).pipe(Effect.catchTags({
      AlreadyPromotedError: (e) => fail(json, ExitCode.invalid, `promote: ${e.message}`),
      InquiryClosedError: (e) => fail(json, ExitCode.invalid, `promote: ${e.message}`)
    })))).pipe(Command.withDescription("turn an inquiry into a product issue (or update a known one) and tell the customer"))

/**
 * `sre postmortem ITEM [--out FILE]`.
 *
 * @since 0.1.0
 * @category commands
 */
export const postmortem = Command.make("postmortem", {
  config: configFlag,
  json: jsonFlag,
  item: Argument.String("item"),
  out: Flag.String("out").pipe(
    Flag.withDescription("where to write the draft (default postmortems/<item>.md beside the profile; - for standard output)"),
    Flag.optional
  )
}, ({ config, json, item, out }) =>
  withServices(config, json, (loaded, { store }, now) =>
    Effect.gen(function*() {
      const { state, events } = yield* replayed(store, loaded, item)
      const draft = yield* Postmortem.draft(Postmortem.fromInquiry(state, events, loaded.profile.team), {
        coverage: loaded.profile.coverage,
        now,
        timeZone: loaded.profile.coverage.timeZone
      })
      const file = Option.getOrElse(out, () => join(dirname(loaded.file), "postmortems", `${item.replace(/[^A-Za-z0-9._-]+/g, "-")}.md`))
      if (file === "-") return yield* Console.log(draft.markdown)
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, draft.markdown)
      if (json) return yield* print({ wrote: file, reasons: draft.reasons, title: draft.title })
      yield* Console.log(
        `wrote ${file} (${draft.reasons.length === 0 ? "not serious by the policy" : `serious: ${draft.reasons.map((r) => r._tag).join(", ")}`})`
      )
    }))).pipe(Command.withDescription("write the bullet-point postmortem draft of an incident"))

/**
 * The weekly "on duty this week" text: this week's pair and the next weeks.
 *
 * @since 0.1.0
 * @category texts
 */
export const announcement = (loaded: LoadedProfile, now: number, weeks: number): string => {
  const doc = ScheduleFile.read(ScheduleFile.pathFor(loaded.file))
  const schedule = planUntil(loaded.profile, doc, now + (weeks + 1) * WEEK)
  const current = Rotation.onDuty(schedule, now) ?? schedule.duties.find((d) => d.start > now)
  const next = schedule.duties.filter((d) => d.start > (current?.start ?? now)).slice(0, weeks)
  return [
    `On support duty for ${loaded.profile.name} this week`,
    "",
    current === undefined
      ? "No shift this week."
      : `Primary: ${person(loaded.profile, current.primary)}, Backup: ${person(loaded.profile, current.backup)} (until ${local(loaded.profile, current.end)})`,
    "",
    "Next weeks:",
    ...next.map((d) => `- ${local(loaded.profile, d.start).slice(0, 14)}: ${person(loaded.profile, d.primary)}, Backup ${person(loaded.profile, d.backup)}`)
  ].join("\n")
}

/**
 * `sre announce [--weeks N] [--post]`: prints the weekly post; with `--post`, tells each
 * member of this and next week's pairs through the notifier (the tracker mention, or e-mail).
 *
 * @since 0.1.0
 * @category commands
 */
export const announce = Command.make("announce", {
  config: configFlag,
  json: jsonFlag,
  weeks: Flag.Int("weeks").pipe(Flag.withDefault(3)),
  post: Flag.Boolean("post").pipe(
    Flag.withDescription("deliver it to this week's Primary and Backup through the notifier (once per shift)"),
    Flag.withDefault(false)
  )
}, ({ config, json, weeks, post }) =>
  post
    ? withServices(config, json, (loaded, { runner, store }, now) =>
      Effect.gen(function*() {
        const text = announcement(loaded, now, weeks)
        const duties = dutiesOf(loaded, now)
        const current = duties.find((d) => d.start <= now && now < d.end)
        const members = current === undefined ? [] : [current.primary, ...(current.backup === undefined ? [] : [current.backup])]
        // On a tracker, the post mentions them on the schedule item (`tracker.scheduleItem`).
        const item = scheduleItem(loaded.profile)
        const actions: ReadonlyArray<Action.Action> = members.map((member) => ({
          _tag: "Notify",
          key: Action.key("announce", current?.shift ?? 0, "on-duty", member),
          member,
          ...(item === undefined ? {} : { inquiry: item }),
          text
        }))
        yield* store.enqueue(actions, now)
        const executed = yield* runner.execute({ now })
        const failed = executed.failures.filter((f) => actions.some((a) => a.key === f.key))
        const delivered = members.filter((m) => executed.receipts.some((r) => r.key === Action.key("announce", current?.shift ?? 0, "on-duty", m)))
        if (failed.length > 0) yield* setExit(ExitCode.unavailable)
        if (json)
          return yield* print({
            text,
            delivered: executed.receipts.map((r) => r.key),
            failed: failed.map((f) => ({ key: f.key, detail: scrub(f.detail) }))
          })
        yield* Console.log(
          [
            text,
            "",
            `(delivered to ${delivered.map((m) => person(loaded.profile, m)).join(" and ") || "nobody"})`,
            ...failed.map((f) =>
              `not delivered: ${f.key}: ${scrub(f.detail)}${item === undefined ? " (set tracker.scheduleItem to mention members on an issue)" : ""}`
            )
          ].join("\n")
        )
      }))
    : withProfile(config, json, (loaded) => {
      const text = announcement(loaded, nowOf(), weeks)
      return json ? print({ text }) : Console.log(text)
    })).pipe(Command.withDescription("the weekly \"on duty this week\" post (Primary, Backup, the next weeks)"))

/** Reads every stored event of the given items, for the report. */
export const histories = (store: Store.Store["Service"]) => store.items().pipe(Stream.mapEffect((item) => store.events(item.inquiry)))

/** @internal */
export type RunnerService = Runner.Runner
