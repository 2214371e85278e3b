/**
 * The `sre` command tree, built with `effect/cli`. Each command reads the profile it needs,
 * writes its result (as text, or as JSON with `--json`) and sets the process exit code (see
 * `exitCodes.ts`); the composition of profile, runner and adapters happens here only.
 *
 * @since 0.1.0
 * @module
 */
import { Rotation, Types } from "@sre-uxdd/core"
import { Console, Effect, Option } from "effect"
import { Command, Flag } from "effect/cli"
import { ExitCode } from "./exitCodes.js"
import { discover, formatLocated, load, type LoadedProfile, ProfileFileError } from "./profileFile.js"

const configFlag = Flag.String("config").pipe(
  Flag.withAlias("c"),
  Flag.withDescription("the team profile (default: sre.config.yaml in this directory or a parent)"),
  Flag.optional
)
const jsonFlag = Flag.Boolean("json").pipe(Flag.withDescription("print JSON instead of text"), Flag.withDefault(false))

const setExit = (code: number) => Effect.sync(() => {
  process.exitCode = Math.max(Number(process.exitCode ?? 0), code)
})

/** Reads the profile, or reports its problems and exits with `invalid`. */
const withProfile = <A>(config: Option.Option<string>, json: boolean, use: (loaded: LoadedProfile) => Effect.Effect<A>) =>
  Effect.suspend(() => {
    let loaded: LoadedProfile
    try {
      loaded = load(discover(process.cwd(), Option.getOrUndefined(config)))
    } catch (error) {
      if (error instanceof ProfileFileError) {
        return (json
          ? Console.log(JSON.stringify({ ok: false, file: error.file, reason: error.reason, problems: error.problems }, null, 2))
          : Console.error(error.message)).pipe(Effect.andThen(setExit(ExitCode.invalid)))
      }
      throw error
    }
    return use(loaded).pipe(Effect.asVoid)
  })

const validate = Command.make("validate", { config: configFlag, json: jsonFlag }, ({ config, json }) =>
  withProfile(config, json, (loaded) =>
    json
      ? Console.log(JSON.stringify({ ok: true, file: loaded.file, name: loaded.profile.name, members: loaded.profile.team.members.length }, null, 2))
      : Console.log(`${loaded.file}: ok (${loaded.profile.name}, ${loaded.profile.team.members.length} members)`))
).pipe(Command.withDescription("check the team profile: every problem with its path, line and column"))

const atFlag = Flag.String("at").pipe(Flag.withDescription("the instant to ask about (ISO 8601; default: now)"), Flag.optional)

const who = Command.make("who", { config: configFlag, json: jsonFlag, at: atFlag }, ({ config, json, at }) =>
  withProfile(config, json, (loaded) => {
    const when = Option.match(at, { onNone: () => Date.now(), onSome: (s) => Types.toMillis(s) })
    const { profile } = loaded
    const schedule = Rotation.planSync({
      team: profile.team,
      coverage: profile.coverage,
      shifts: profile.shifts,
      strategy: profile.rotation.strategy,
      backup: profile.rotation.backup,
      from: profile.shifts.origin,
      to: when + 8 * 7 * 86_400_000
    })
    const duty = Rotation.onDuty(schedule, when)
    const name = (id: string | undefined) => (id === undefined ? undefined : profile.team.members.find((m) => m.id === id))
    const primary = name(duty?.primary)
    const backup = name(duty?.backup)
    if (json) {
      return Console.log(JSON.stringify({ at: new Date(when).toISOString(), primary: primary ?? null, backup: backup ?? null, until: duty === undefined ? null : new Date(Types.toMillis(duty.end)).toISOString() }, null, 2))
    }
    if (duty === undefined) return Console.log(`No one is on duty at ${new Date(when).toISOString()} (outside every shift).`)
    const show = (m: typeof primary) => (m === undefined ? "nobody" : `${m.name} (${m.id}${m.handles?.github === undefined ? "" : `, @${m.handles.github}`})`)
    return Console.log(`Primary: ${show(primary)}\nBackup:  ${show(backup)}\nuntil ${new Date(Types.toMillis(duty.end)).toISOString()}`)
  })
).pipe(Command.withDescription("who is Primary and Backup now (or --at TIME), and until when"))

/**
 * The root command.
 *
 * @since 0.1.0
 * @category commands
 */
export const sre = Command.make("sre").pipe(
  Command.withDescription("run a team's SRE+UXDD support rotation from its profile"),
  Command.withSubcommands([validate, who])
)

/**
 * Runs `sre` with the given arguments (without the node and script paths).
 *
 * @since 0.1.0
 * @category running
 */
export const runCli = (args: ReadonlyArray<string>) => Command.runWith(sre, { version: "0.1.0" })(args)

/** Re-exported for tests that format problems as the command does. */
export { formatLocated }
