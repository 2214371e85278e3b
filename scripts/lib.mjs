// Small helpers shared by the workspace scripts (no dependencies beyond Node).
import { spawnSync } from "node:child_process"
import { readdirSync, existsSync } from "node:fs"
import { join } from "node:path"

export const root = new URL("..", import.meta.url).pathname

/**
 * Runs a command in the workspace root, streaming its output.
 * @param {string} command
 * @param {ReadonlyArray<string>} args
 * @param {Record<string, string>} [env]
 * @returns {number} the exit code
 */
export const run = (command, args, env = {}) => {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } })
  if (result.error) throw result.error
  return result.status ?? 1
}

/** Node arguments that run a TypeScript file against workspace sources (no build needed). */
export const tsNode = ["--import", "tsx", "--conditions=@sre-uxdd/source"]

/** @returns {ReadonlyArray<string>} every example script, sorted */
export const exampleFiles = () =>
  existsSync(join(root, "examples"))
    ? readdirSync(join(root, "examples"))
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.startsWith("_"))
      .sort()
    : []
