// Flags, profile loading and output shared by the commands.
import { Console, Effect, Option } from "effect"
import { Flag } from "effect/cli"
import { ExitCode } from "../exitCodes.js"
import { discover, load, type LoadedProfile, ProfileFileError } from "../profileFile.js"
import { ScheduleFileError } from "../scheduleFile.js"

export const configFlag = Flag.String("config").pipe(
  Flag.withAlias("c"),
  Flag.withDescription("the team profile (default: sre.config.yaml in this directory or a parent)"),
  Flag.optional
)

export const jsonFlag = Flag.Boolean("json").pipe(Flag.withDescription("print JSON instead of text"), Flag.withDefault(false))

/** Raises the process exit code (never lowers it: the worst outcome of a run wins). */
export const setExit = (code: number): Effect.Effect<void> =>
  Effect.sync(() => {
    process.exitCode = Math.max(Number(process.exitCode ?? 0), code)
  })

/** The current instant; `SRE_UXDD_NOW` (an ISO instant) fixes it for reproducible runs and tests. */
export const nowOf = (): number => {
  const fixed = process.env["SRE_UXDD_NOW"]
  if (fixed === undefined || fixed === "") return Date.now()
  const at = Date.parse(fixed)
  if (Number.isNaN(at)) throw new Error(`SRE_UXDD_NOW: ${JSON.stringify(fixed)} is not an ISO-8601 instant`)
  return at
}

export const print = (value: unknown): Effect.Effect<void> => Console.log(JSON.stringify(value, null, 2))

/** Reports a user error (as text on stderr, or as JSON) and sets the exit code. */
export const fail = (json: boolean, code: number, message: string): Effect.Effect<void> =>
  (json ? print({ ok: false, error: message }) : Console.error(message)).pipe(Effect.andThen(setExit(code)))

/** Reads the profile, runs `use`, and turns the known user errors into messages and exit codes. */
export const withProfile = <E, R>(
  config: Option.Option<string>,
  json: boolean,
  use: (loaded: LoadedProfile) => Effect.Effect<void, E, R>
): Effect.Effect<void, E, R> =>
  Effect.suspend(() => {
    try {
      const loaded = load(discover(process.cwd(), Option.getOrUndefined(config)))
      return use(loaded).pipe(Effect.catchDefect((defect) => userError(json, defect)))
    } catch (error) {
      return userError(json, error)
    }
  })

const userError = (json: boolean, error: unknown): Effect.Effect<void> => {
  if (error instanceof ProfileFileError) {
    return (json ? print({ ok: false, file: error.file, reason: error.reason, problems: error.problems }) : Console.error(error.message)).pipe(
      Effect.andThen(setExit(ExitCode.invalid))
    )
  }
  if (error instanceof ScheduleFileError) return fail(json, ExitCode.invalid, error.message)
  if (error instanceof Error && error.name === "ValidationError") return fail(json, ExitCode.invalid, error.message)
  return Effect.die(error)
}
