// `pnpm demo`: the project's main job on built-in example data.
import { existsSync } from "node:fs"
import { join } from "node:path"
import { exampleFiles, root, run, tsNode } from "./lib.mjs"

const main = ["simulate-fairness", "coverage-what-if"]
const haveMain = main.every((name) => existsSync(join(root, "examples", `${name}.ts`)))
const names = haveMain ? main : exampleFiles().map((f) => f.replace(/\.ts$/, ""))
if (names.length === 0) {
  console.error("demo: no examples yet")
  process.exit(1)
}
const code = run(process.execPath, ["scripts/examples.mjs", "--only", names.join(",")])
if (code === 0 && haveMain) console.log(`\nCharts written to ${join(root, "examples", "out")}`)
if (code !== 0) process.exit(code)
// A simulated month of the team through the real Runner on the embedded SQLite store and the
// in-memory tracker, and the report page from the store.
console.log("")
process.exit(run(process.execPath, [...tsNode, "packages/cli/scripts/demo-month.ts"]))
