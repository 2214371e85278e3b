// `pnpm bench`: runs every benchmark file in this folder in turn (each is a standalone
// script that runs our code and its peers side by side and prints ratios).
// `pnpm bench -- coverage` runs only the files whose name contains "coverage".
import { spawnSync } from "node:child_process"
import { readdirSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
const filter = process.argv.slice(2).filter((a) => a !== "--")
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort()
let failed = 0
for (const file of files) {
  console.log(`\n### ${file}`)
  const r = spawnSync(process.execPath, ["--import", "tsx", "--conditions=@sre-uxdd/source", join(here, file)], { stdio: "inherit" })
  if (r.status !== 0) failed++
}
if (files.length === 0) console.log("no benchmarks matched")
process.exit(failed === 0 ? 0 : 1)
