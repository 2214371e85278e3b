/**
 * The `sre` command tree, built with `effect/cli`. Each command reads the profile it needs,
 * writes its result (as text, or as JSON with `--json`) and sets the process exit code (see
 * `exitCodes.ts`); the composition of profile, runner and adapters happens here only.
 *
 * @since 0.1.0
 * @module
 */
import { Command } from "effect/cli"
import { init, simulate, supportPage } from "./commands/misc.js"
import { cover, explain, fairness, schedule, swap, who, whatif } from "./commands/planning.js"
import { announce, postmortem, promote, sync, tick } from "./commands/run.js"
import { report, serve } from "./commands/serve.js"
import { configFlag, jsonFlag, print, withProfile } from "./commands/shared.js"
import { Console, Effect } from "effect"
import { checkTracker } from "./compose.js"

const validate = Command.make("validate", { config: configFlag, json: jsonFlag }, ({ config, json }) =>
  withProfile(config, json, (loaded) =>
    Effect.andThen(
      checkTracker(loaded.profile, loaded.file),
      json
        ? print({ ok: true, file: loaded.file, name: loaded.profile.name, members: loaded.profile.team.members.length })
        : Console.log(`${loaded.file}: ok (${loaded.profile.name}, ${loaded.profile.team.members.length} members)`)
    ))).pipe(
    Command.withDescription("check the team profile: every problem with its path, line and column")
  )

/**
 * The root command.
 *
 * @since 0.1.0
 * @category commands
 */
export const sre = Command.make("sre").pipe(
  Command.withDescription("run a team's SRE+UXDD support rotation from its profile"),
  Command.withSubcommands([
    init,
    validate,
    who,
    explain,
    fairness,
    whatif,
    simulate,
    schedule,
    swap,
    cover,
    supportPage,
    sync,
    tick,
    promote,
    postmortem,
    announce,
    report,
    serve
  ])
)

/**
 * Runs `sre` with the given arguments (without the node and script paths).
 *
 * @since 0.1.0
 * @category running
 */
export const runCli = (args: ReadonlyArray<string>) => Command.runWith(sre, { version: "0.1.0" })(args)
