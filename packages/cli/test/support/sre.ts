// Runs `sre` in-process, as the bin does (same command tree, Node services), with the output
// captured, in a directory, with extra environment variables.
import { NodeServices } from "@effect/platform-node"
import { Effect } from "effect"
import { vi } from "vitest"
import { runCli } from "../../src/Cli.js"

export { example, repo } from "./repo.js"

export interface Output {
  readonly code: number
  readonly out: string
  readonly err: string
}

export const sre = async (cwd: string, env: { readonly [k: string]: string | undefined }, ...args: Array<string>): Promise<Output> => {
  const out: Array<string> = []
  const err: Array<string> = []
  const log = vi.spyOn(console, "log").mockImplementation((...a: Array<unknown>) => void out.push(a.join(" ")))
  const error = vi.spyOn(console, "error").mockImplementation((...a: Array<unknown>) => void err.push(a.join(" ")))
  const here = process.cwd()
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]))
  process.exitCode = 0
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) Reflect.deleteProperty(process.env, k)
    else process.env[k] = v
  }
  try {
    process.chdir(cwd)
    await Effect.runPromise(runCli(args).pipe(Effect.provide(NodeServices.layer)))
    return { code: Number(process.exitCode ?? 0), out: out.join("\n"), err: err.join("\n") }
  } finally {
    process.chdir(here)
    process.exitCode = 0
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) Reflect.deleteProperty(process.env, k)
      else process.env[k] = v
    }
    log.mockRestore()
    error.mockRestore()
  }
}
