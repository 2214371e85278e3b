// `sre who` against importing @sre-uxdd/core alone, side by side: each a fresh node process,
// alternated, the median of RUNS runs each (default 7). Needs the built packages (`pnpm build`).
// The budget: `sre who` within twice the time of the core import.
import { execFileSync } from "node:child_process"
import { existsSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
const bin = join(here, "..", "dist", "bin.js")
const profile = join(here, "..", "..", "..", "examples", "visit-team.yaml")
if (!existsSync(bin)) {
  console.error(`${bin} is missing: run \`pnpm build\` first`)
  process.exit(1)
}
const runs = Number(process.env.RUNS ?? "7")
const time = (args) => {
  const t = process.hrtime.bigint()
  execFileSync(process.execPath, args, {
    cwd: join(here, ".."),
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, SRE_UXDD_NOW: "2026-12-01T18:00:00Z" }
  })
  return Number(process.hrtime.bigint() - t) / 1e6
}
const core = []
const who = []
time(["-e", "await import('@sre-uxdd/core')", "--input-type=module"]) // warm the file cache
time([bin, "who", "--config", profile])
for (let i = 0; i < runs; i++) {
  core.push(time(["--input-type=module", "-e", "await import('@sre-uxdd/core')"]))
  who.push(time([bin, "who", "--config", profile]))
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const c = median(core)
const w = median(who)
console.log(`import @sre-uxdd/core: ${c.toFixed(0)} ms (median of ${runs})`)
console.log(`sre who:               ${w.toFixed(0)} ms (median of ${runs})`)
console.log(`ratio sre who / import core: ${(w / c).toFixed(2)} (budget 2.00)`)
