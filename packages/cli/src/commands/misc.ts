// sre init, sre support-page, sre simulate.
import { Profile } from "@sre-uxdd/core"
import { Console, Effect, Option } from "effect"
import { Command, Flag } from "effect/cli"
import { existsSync, mkdirSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { ExitCode } from "../exitCodes.js"
import * as Init from "../init.js"
import * as SupportPage from "../supportPage.js"
import { configFlag, fail, jsonFlag, print, withProfile } from "./shared.js"

/**
 * `sre init [--tracker github|jira] [--dir DIR]`.
 *
 * @since 0.1.0
 * @category commands
 */
export const init = Command.make("init", {
  json: jsonFlag,
  tracker: Flag.Literals("tracker", ["github", "jira"]).pipe(Flag.withDefault("github" as const), Flag.withDescription("the tracker the team uses")),
  dir: Flag.String("dir").pipe(Flag.withDescription("the repository to set up (default: here)"), Flag.optional)
}, ({ json, tracker, dir }) =>
  Effect.suspend(() => {
    const root = Option.getOrElse(dir, () => process.cwd())
    const files = Init.files(tracker)
    const existing = files.map(([path]) => path).filter((path) => existsSync(join(root, path)))
    if (existing.length > 0) return fail(json, ExitCode.invalid, `init: not overwriting ${existing.join(", ")} (move them away first); nothing was written`)
    for (const [path, text] of files) {
      mkdirSync(dirname(join(root, path)), { recursive: true })
      writeFileSync(join(root, path), text)
    }
    return json
      ? print({ wrote: files.map(([path]) => path) })
      : Console.log(
        [`wrote:`, ...files.map(([path]) => `  ${path}`), "", "Next: edit sre.config.yaml, run `sre validate`, then `sre schedule publish --weeks 8`."].join(
          "\n"
        )
      )
  })).pipe(Command.withDescription("write a commented profile, the scheduled workflow and the support intake forms"))

/**
 * `sre support-page [--out FILE]`.
 *
 * @since 0.1.0
 * @category commands
 */
export const supportPage = Command.make("support-page", {
  config: configFlag,
  json: jsonFlag,
  out: Flag.String("out").pipe(Flag.withDescription("where to write it (default SUPPORT.md beside the profile; - for standard output)"), Flag.optional)
}, ({ config, json, out }) =>
  withProfile(config, json, (loaded) => {
    const text = SupportPage.render(loaded.profile)
    const file = Option.getOrElse(out, () => join(dirname(loaded.file), "SUPPORT.md"))
    if (file === "-") return Console.log(text)
    writeFileSync(file, text)
    return json ? print({ wrote: file }) : Console.log(`wrote ${file}`)
  })).pipe(Command.withDescription("write SUPPORT.md, the published support promise, from the profile"))

/**
 * `sre simulate [--years N] [--seed N]`.
 *
 * @since 0.1.0
 * @category commands
 */
export const simulate = Command.make("simulate", {
  config: configFlag,
  json: jsonFlag,
  years: Flag.Finite("years").pipe(Flag.withDescription("the horizon in years (default: the profile's simulation.years)"), Flag.optional),
  seed: Flag.Int("seed").pipe(Flag.optional)
}, ({ config, json, years, seed }) =>
  withProfile(config, json, (loaded) => {
    const result = Profile.simulate(loaded.profile, {
      ...Option.match(years, { onNone: () => ({}), onSome: (y) => ({ years: y }) }),
      ...Option.match(seed, { onNone: () => ({}), onSome: (s) => ({ seed: s }) })
    })
    const s = result.summary
    if (json) return print({ summary: s })
    return Console.log(
      [
        `${loaded.profile.name}: ${s.inquiries} simulated inquiries`,
        `answered within the goal: ${(s.attainment * 100).toFixed(1)}%`,
        `p90 first response: ${s.responseHours.p90.toFixed(1)} covered hours`,
        `cost: ${(s.cost.realized * 100).toFixed(1)}% of the team's time spent on support (at most ${
          (s.cost.maximal * 100).toFixed(1)
        }% if the Primary were wholly consumed)`
      ].join("\n")
    )
  })).pipe(Command.withDescription("simulate the coverage policy of the profile: attainment, response times, cost"))
