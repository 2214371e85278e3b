// The read commands about the schedule: who, explain, fairness, whatif, and the schedule as
// code (publish, swap, cover, the calendar file).
import { Config, Rotation, Runner, Types } from "@sre-uxdd/core"
import { Console, Effect, Option } from "effect"
import { Argument, Command, Flag } from "effect/cli"
import { writeFileSync } from "node:fs"
import { ExitCode } from "../exitCodes.js"
import { local, person, planUntil } from "../planning.js"
import type { LoadedProfile } from "../profileFile.js"
import { ComposeError, storageChoice } from "../compose.js"
import * as ScheduleFile from "../scheduleFile.js"
import * as Mirror from "../scheduleMirror.js"
import { scrub } from "./run.js"
import { configFlag, fail, jsonFlag, nowOf, print, withProfile } from "./shared.js"

const WEEK = 7 * 86_400_000

const atFlag = Flag.String("at").pipe(Flag.withDescription("the instant to ask about (ISO 8601; default: now)"), Flag.optional)
const weeksFlag = (fallback: number) => Flag.Int("weeks").pipe(Flag.withDescription(`how many weeks (default ${fallback})`), Flag.withDefault(fallback))

const scheduleOf = (loaded: LoadedProfile, until: number) => {
  const doc = ScheduleFile.read(ScheduleFile.pathFor(loaded.file))
  return { doc, schedule: planUntil(loaded.profile, doc, until) }
}

const dutyJson = (loaded: LoadedProfile, d: Types.Duty) => ({
  shift: d.shift,
  start: new Date(d.start).toISOString(),
  end: new Date(d.end).toISOString(),
  primary: { id: d.primary, name: person(loaded.profile, d.primary) },
  backup: d.backup === undefined ? null : { id: d.backup, name: person(loaded.profile, d.backup) }
})

/**
 * `sre who [--at TIME]`.
 *
 * @since 0.1.0
 * @category commands
 */
export const who = Command.make("who", { config: configFlag, json: jsonFlag, at: atFlag }, ({ config, json, at }) =>
  withProfile(config, json, (loaded) => {
    const when = Option.match(at, { onNone: nowOf, onSome: (s) => Types.toMillis(s) })
    const { schedule } = scheduleOf(loaded, when + 8 * WEEK)
    const duty = Rotation.onDuty(schedule, when)
    const next = schedule.duties.find((d) => d.start > when)
    if (json)
      return print({
        at: new Date(when).toISOString(),
        duty: duty === undefined ? null : dutyJson(loaded, duty),
        next: next === undefined ? null : dutyJson(loaded, next)
      })
    if (duty === undefined) {
      return Console.log(
        `No shift is running at ${local(loaded.profile, when)}.${
          next === undefined ? "" : ` Next: ${person(loaded.profile, next.primary)} from ${local(loaded.profile, next.start)}.`
        }`
      )
    }
    return Console.log(
      [`Primary: ${person(loaded.profile, duty.primary)}`, `Backup:  ${person(loaded.profile, duty.backup)}`, `until ${local(loaded.profile, duty.end)}`].join(
        "\n"
      )
    )
  })).pipe(Command.withDescription("who is Primary and Backup now (or --at TIME), and until when"))

/**
 * `sre explain DATE`.
 *
 * @since 0.1.0
 * @category commands
 */
export const explain = Command.make(
  "explain",
  { config: configFlag, json: jsonFlag, date: Argument.String("date") },
  ({ config, json, date }) =>
    withProfile(config, json, (loaded) => {
      const when = Types.toMillis(/^\d{4}-\d\d-\d\d$/.test(date) ? `${date}T12:00:00Z` : date)
      if (Number.isNaN(when)) return fail(json, ExitCode.invalid, `explain: ${JSON.stringify(date)} is not a date (YYYY-MM-DD) or an ISO-8601 instant`)
      const { schedule } = scheduleOf(loaded, when + 2 * WEEK)
      const duty = schedule.duties.find((d) => d.end > when) ?? schedule.duties.at(-1)
      if (duty === undefined) return fail(json, ExitCode.invalid, `explain: no shift with covered time around ${date}`)
      const primary = Rotation.explain(schedule, duty.shift, "primary")
      const backup = duty.backup === undefined ? undefined : Rotation.explain(schedule, duty.shift, "backup")
      if (json) return print({ duty: dutyJson(loaded, duty), primary, backup: backup ?? null })
      return Console.log(
        [
          `Shift ${duty.shift}, ${local(loaded.profile, duty.start)} to ${local(loaded.profile, duty.end)}`,
          "",
          primary.text,
          ...(backup === undefined ? [] : ["", backup.text])
        ].join("\n")
      )
    })
).pipe(Command.withDescription("why the Primary and Backup of the shift at DATE were chosen"))

const fraction = (f: Rotation.Fraction): number => f.value

/**
 * `sre fairness`.
 *
 * @since 0.1.0
 * @category commands
 */
export const fairness = Command.make(
  "fairness",
  { config: configFlag, json: jsonFlag, at: atFlag },
  ({ config, json, at }) =>
    withProfile(config, json, (loaded) => {
      const when = Option.match(at, { onNone: nowOf, onSome: (s) => Types.toMillis(s) })
      const { schedule } = scheduleOf(loaded, when)
      const report = Rotation.report(schedule)
      const rows = report.primary.map((m) => ({
        member: m.member,
        name: person(loaded.profile, m.member),
        weight: loaded.profile.team.members.find((x) => x.id === m.member)?.weight ?? 0,
        served: m.served,
        entitled: fraction(m.entitled),
        lag: fraction(m.lag),
        maxAbsLag: fraction(m.maxAbsLag)
      }))
      if (json) return print({ until: new Date(when).toISOString(), shifts: report.shifts, maxDeviation: fraction(report.maxDeviation), members: rows })
      const lines = [
        `Fairness of ${report.shifts} shifts up to ${local(loaded.profile, when)} (largest deviation ever: ${fraction(report.maxDeviation).toFixed(2)} shifts)`,
        "",
        `${"member".padEnd(28)} ${"time".padStart(5)} ${"served".padStart(7)} ${"owed".padStart(7)} ${"lag".padStart(7)}`,
        ...rows.map((r) =>
          `${r.name.padEnd(28)} ${`${Math.round(r.weight * 100)}%`.padStart(5)} ${String(r.served).padStart(7)} ${r.entitled.toFixed(2).padStart(7)} ${
            r.lag.toFixed(2).padStart(7)
          }`
        ),
        "",
        "owed: shifts due by percent-time; lag: owed minus served (positive: owes duty)."
      ]
      return Console.log(lines.join("\n"))
    })
).pipe(Command.withDescription("shifts served against shifts owed by percent-time, per member"))

const dryRunFlag = Flag.Boolean("dry-run").pipe(
  Flag.withDescription("write nothing, record nothing: print what would change and who would be told"),
  Flag.withDefault(false)
)

const changeLines = (
  loaded: LoadedProfile,
  told: Mirror.Mirrored["told"][number],
  change: Runner.DutyChange | undefined,
  dryRun: boolean
): ReadonlyArray<string> => [
  `  ${dryRun ? "would tell" : "told"} ${person(loaded.profile, told.member)}${
    dryRun ? "" : told.delivered ? "" : told.problem === undefined ? " (queued for the next sre tick)" : ` (not delivered: ${told.problem})`
  }:`,
  ...(change?.gained ?? []).map((l) => `    + ${l}`),
  ...(change?.lost ?? []).map((l) => `    - ${l}`)
]

/** The store and notice lines of a mirror run. */
const mirrorText = (loaded: LoadedProfile, m: Mirror.Mirrored, dryRun: boolean): ReadonlyArray<string> => [
  !m.differs
    ? `store: already holds this schedule (version ${m.latest}); nobody to tell.`
    : dryRun
    ? `store: would record schedule version ${(m.latest ?? 0) + 1}.`
    : `store: schedule version ${m.version} recorded.`,
  ...(m.differs && m.changed.length === 0 ? ["No member's future duties changed; nobody is told."] : []),
  ...m.told.flatMap((t) => changeLines(loaded, t, m.changed.find((c) => c.member === t.member), dryRun)),
  ...(m.unreachable.length === 0 ? [] : [
    m.reach.missing === undefined
      ? `Not told (no configured notifier reaches them: no e-mail handle, no tracker.scheduleItem): ${
        m.unreachable.map((x) => person(loaded.profile, x)).join(", ")
      }`
      : `No notifier is configured for schedule notices (${m.reach.missing}): nobody ${dryRun ? "would be" : "was"} told. Changed duties: ${
        m.unreachable.map((x) => person(loaded.profile, x)).join(", ")
      }`
  ])
]

const mirrorJson = (m: Mirror.Mirrored) => ({
  version: m.version ?? null,
  latest: m.latest ?? null,
  changed: m.changed.map((c) => ({ member: c.member, added: c.added, removed: c.removed })),
  told: m.told,
  unreachable: m.unreachable,
  notifier: m.reach.missing === undefined ? { mention: m.reach.item ?? null, email: m.reach.email } : null,
  ...(m.reach.missing === undefined ? {} : { noNotifier: m.reach.missing })
})

/** The store and notifier settings, checked before the file is written (a bad one: nothing is written). */
const settingsProblem = (loaded: LoadedProfile): ComposeError | undefined => {
  try {
    storageChoice(loaded.profile, loaded.file)
    Mirror.reachOf(loaded.profile, process.env)
    return undefined
  } catch (error) {
    if (error instanceof ComposeError) return error
    throw error
  }
}

/**
 * Records the file in the store and tells the changed members, then prints `head` and what
 * the mirror did. A store or tracker failure leaves the written file as it is (the source of
 * truth) and says that the next run records it.
 */
const mirrored = (
  loaded: LoadedProfile,
  json: boolean,
  dryRun: boolean,
  before: ScheduleFile.Document,
  after: ScheduleFile.Document,
  head: { readonly text: ReadonlyArray<string>; readonly json: { readonly [key: string]: unknown } }
) =>
  Mirror.mirror(loaded, before, after, { now: nowOf(), dryRun }).pipe(
    Effect.flatMap((m) =>
      json
        ? print({ ...head.json, dryRun, store: mirrorJson(m) })
        : Console.log([...head.text, ...mirrorText(loaded, m, dryRun)].join("\n"))
    ),
    Effect.catchDefect((defect) => (defect instanceof ComposeError ? Effect.fail(defect) : Effect.die(defect))),
    Effect.catch((error: unknown) =>
      fail(
        json,
        error instanceof ComposeError ? error.code : ExitCode.unavailable,
        scrub(
          `${dryRun ? "" : `${head.text[0] ?? ""}\n`}the store could not record the schedule (${
            error instanceof Error ? error.message : String(error)
          }); the schedule file is the source of truth: the next \`sre schedule publish\`, \`sre swap\` or \`sre cover\` records it and tells the members`
        )
      )
    )
  )

/**
 * `sre schedule publish --weeks N [--ics FILE] [--dry-run]`.
 *
 * @since 0.1.0
 * @category commands
 */
export const publish = Command.make("publish", {
  config: configFlag,
  json: jsonFlag,
  weeks: weeksFlag(8),
  ics: Flag.String("ics").pipe(Flag.withDescription("also write the calendar (iCalendar) to FILE"), Flag.optional),
  dryRun: dryRunFlag
}, ({ config, json, weeks, ics, dryRun }) =>
  withProfile(config, json, (loaded) => {
    const bad = settingsProblem(loaded)
    if (bad !== undefined) return fail(json, bad.code, `schedule publish: ${bad.message}; nothing was written`)
    const now = nowOf()
    const file = ScheduleFile.pathFor(loaded.file)
    const doc = ScheduleFile.read(file)
    // Published through `weeks` from now: a weekly run keeps the horizon, a rerun adds nothing.
    const horizon = now + weeks * WEEK
    const schedule = planUntil(loaded.profile, doc, horizon)
    const published = new Set(doc.duties.map((d) => d.shift))
    const lastPublished = doc.duties.at(-1)?.shift ?? -1
    const added = schedule.assigned.filter((d) => !published.has(d.shift) && d.shift > lastPublished && d.end > now && d.start < horizon)
    const version = doc.version + 1
    const next: ScheduleFile.Document = added.length === 0 ? doc : {
      version,
      duties: [...doc.duties, ...added.map(ScheduleFile.row)].sort((a, b) => a.shift - b.shift),
      overrides: doc.overrides,
      history: [...doc.history, { version, publishedAt: new Date(now).toISOString(), reason: `published ${added.length} shifts` }]
    }
    if (added.length > 0 && !dryRun) ScheduleFile.write(file, loaded.profile.name, next)
    if (!dryRun) {
      Option.map(ics, (out) => writeFileSync(out, Rotation.toICalendar(planUntil(loaded.profile, next, horizon), { name: `${loaded.profile.name} support` })))
    }
    const text = added.length === 0
      ? [`${file}: already published through ${weeks} weeks from now (version ${doc.version}); nothing to add.`]
      : [
        `${file}: ${dryRun ? "would be " : ""}version ${version}, ${added.length} shifts ${dryRun ? "to add (dry run: nothing written)" : "added"}:`,
        ...added.map((d) => `  ${local(loaded.profile, d.start)}  Primary ${person(loaded.profile, d.primary)}, Backup ${person(loaded.profile, d.backup)}`)
      ]
    return mirrored(loaded, json, dryRun, doc, next, {
      text,
      json: { file, version: added.length > 0 ? version : doc.version, added: added.map((d) => dutyJson(loaded, d)) }
    })
  })).pipe(Command.withDescription("append the next weeks to the schedule file (commit it and review like code), record it in the store, tell who changed"))

const recorded = (loaded: LoadedProfile, kind: "swap" | "cover", override: Rotation.Override, json: boolean, dryRun: boolean) => {
  const bad = settingsProblem(loaded)
  if (bad !== undefined) return fail(json, bad.code, `${kind}: ${bad.message}; nothing was written`)
  const file = ScheduleFile.pathFor(loaded.file)
  const doc = ScheduleFile.read(file)
  const next: ScheduleFile.Document = {
    ...doc,
    version: doc.version + 1,
    overrides: [...doc.overrides, override],
    history: [...doc.history, {
      version: doc.version + 1,
      publishedAt: new Date(nowOf()).toISOString(),
      reason: `${kind}: ${Runner.changeReason([{ _tag: "Override", override }], undefined, loaded.profile.team)}`
    }]
  }
  // Planning with the new override checks it (members, shifts, who was scheduled) before anything is written.
  try {
    planUntil(loaded.profile, next, nowOf() + WEEK)
  } catch (error) {
    if (error instanceof Types.ValidationError) return fail(json, ExitCode.invalid, `${kind}: ${error.message}`)
    throw error
  }
  if (!dryRun) ScheduleFile.write(file, loaded.profile.name, next)
  return mirrored(loaded, json, dryRun, doc, next, {
    text: [`${file}: ${dryRun ? "would be " : ""}version ${next.version}, ${kind} ${dryRun ? "to record (dry run: nothing written)" : "recorded"}.`],
    json: { file, version: next.version, override }
  })
}

/**
 * `sre swap SHIFT_A SHIFT_B`: the Primaries of two published shifts trade.
 *
 * @since 0.1.0
 * @category commands
 */
export const swap = Command.make("swap", {
  config: configFlag,
  json: jsonFlag,
  first: Argument.Int("shift-a"),
  second: Argument.Int("shift-b"),
  note: Flag.String("note").pipe(Flag.optional),
  dryRun: dryRunFlag
}, ({ config, json, first, second, note, dryRun }) =>
  withProfile(config, json, (loaded) => {
    const doc = ScheduleFile.read(ScheduleFile.pathFor(loaded.file))
    const a = doc.duties.find((d) => d.shift === first)
    const b = doc.duties.find((d) => d.shift === second)
    if (a === undefined || b === undefined)
      return fail(json, ExitCode.invalid, `swap: shift ${a === undefined ? first : second} is not published (run \`sre schedule publish\` first)`)
    return recorded(
      loaded,
      "swap",
      {
        kind: "trade",
        shifts: [first, second],
        members: [a.primary as Types.MemberId, b.primary as Types.MemberId],
        recordedAt: new Date(nowOf()).toISOString(),
        ...Option.match(note, { onNone: () => ({}), onSome: (n) => ({ note: n }) })
      },
      json,
      dryRun
    )
  })).pipe(Command.withDescription("record that the Primaries of two published shifts trade, and tell them"))

/**
 * `sre cover SHIFT MEMBER`: someone else serves a published shift.
 *
 * @since 0.1.0
 * @category commands
 */
export const cover = Command.make("cover", {
  config: configFlag,
  json: jsonFlag,
  shift: Argument.Int("shift"),
  member: Argument.String("member"),
  role: Flag.Literals("role", ["primary", "backup"]).pipe(Flag.withDefault("primary" as const)),
  note: Flag.String("note").pipe(Flag.optional),
  dryRun: dryRunFlag
}, ({ config, json, shift, member, role, note, dryRun }) =>
  withProfile(config, json, (loaded) => {
    if (!loaded.profile.team.members.some((m) => m.id === member))
      return fail(json, ExitCode.invalid, `cover: ${JSON.stringify(member)} is not a member id of the profile`)
    return recorded(
      loaded,
      "cover",
      {
        kind: "cover",
        shift,
        role,
        member: member as Types.MemberId,
        recordedAt: new Date(nowOf()).toISOString(),
        ...Option.match(note, { onNone: () => ({}), onSome: (n) => ({ note: n }) })
      },
      json,
      dryRun
    )
  })).pipe(Command.withDescription("record that MEMBER serves the published SHIFT instead, and tell who changed"))

/**
 * `sre schedule ...`.
 *
 * @since 0.1.0
 * @category commands
 */
export const schedule = Command.make("schedule").pipe(Command.withDescription("the schedule as code"), Command.withSubcommands([publish]))

/**
 * `sre whatif`: the duties and fairness a change of the team would bring.
 *
 * @since 0.1.0
 * @category commands
 */
export const whatif = Command.make("whatif", {
  config: configFlag,
  json: jsonFlag,
  weeks: weeksFlag(26),
  add: Flag.String("add").pipe(Flag.withDescription("add a member: ID:WEIGHT[:NAME]"), Flag.optional),
  remove: Flag.String("remove").pipe(Flag.withDescription("remove a member by id"), Flag.optional),
  weight: Flag.String("weight").pipe(Flag.withDescription("change a weight: ID=WEIGHT"), Flag.optional),
  absence: Flag.String("absence").pipe(Flag.withDescription("add an absence: ID:FROM:TO (dates)"), Flag.optional)
}, ({ config, json, weeks, add, remove, weight, absence }) =>
  withProfile(config, json, (loaded) => {
    const raw = Config.parseText(loaded.text) as { team: { members: Array<Record<string, unknown>>; absences?: Array<unknown> } }
    const changed = structuredClone(raw)
    const said: Array<string> = []
    Option.map(add, (a) => {
      const [id, w, ...name] = a.split(":")
      changed.team.members.push({ id, name: name.join(":") || id, weight: Number(w) })
      said.push(`add ${id} at ${w}`)
    })
    Option.map(remove, (id) => {
      changed.team.members = changed.team.members.filter((m) => m["id"] !== id)
      said.push(`remove ${id}`)
    })
    Option.map(weight, (s) => {
      const [id, w] = s.split("=")
      for (const m of changed.team.members) if (m["id"] === id) m["weight"] = Number(w)
      said.push(`weight of ${id} to ${w}`)
    })
    Option.map(absence, (s) => {
      const [member, start, end] = s.split(":")
      changed.team.absences = [...(changed.team.absences ?? []), { member, start, end, kind: "other" }]
      said.push(`absence of ${member} ${start} to ${end}`)
    })
    if (said.length === 0) return fail(json, ExitCode.invalid, "whatif: say what changes (--add, --remove, --weight or --absence)")
    let after: Config.Profile
    try {
      after = Config.decodeSync(changed)
    } catch (error) {
      if (error instanceof Types.ValidationError) return fail(json, ExitCode.invalid, `whatif: the changed profile is invalid: ${error.message}`)
      throw error
    }
    const until = nowOf() + weeks * WEEK
    const doc = ScheduleFile.read(ScheduleFile.pathFor(loaded.file))
    const before = planUntil(loaded.profile, doc, until)
    // What has been served stays as it was: the change applies from now on.
    const past = before.assigned.filter((d) => d.end <= nowOf())
    const afterSchedule = planUntil(after, doc, until, past)
    const diff = Rotation.diff(before, afterSchedule)
    if (json)
      return print({ change: said, changed: diff.changed, maxDeviationBefore: diff.maxDeviationBefore.value, maxDeviationAfter: diff.maxDeviationAfter.value })
    return Console.log(
      [
        `What if: ${said.join(", ")} (the next ${weeks} weeks; published shifts stay as they are)`,
        diff.changed.length === 0 ? "No duty changes." : `${diff.changed.length} duties change:`,
        ...diff.changed.map((c) => `  shift ${c.shift} ${c.role}: ${person(loaded.profile, c.before)} -> ${person(after, c.after)}`),
        `Largest deviation from fair shares: ${diff.maxDeviationBefore.value.toFixed(2)} -> ${diff.maxDeviationAfter.value.toFixed(2)} shifts`
      ].join("\n")
    )
  })).pipe(Command.withDescription("preview the duties and fairness a change of the team would bring"))
