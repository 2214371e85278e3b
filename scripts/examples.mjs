// Runs every example in examples/ (each asserts its own output and exits non-zero when
// it is wrong). `--only a,b` runs a subset. Prints one line per example and a summary.
import { exampleFiles, run, tsNode } from "./lib.mjs"

const onlyIndex = process.argv.indexOf("--only")
const only = onlyIndex >= 0 ? (process.argv[onlyIndex + 1] ?? "").split(",").filter(Boolean) : undefined
const files = exampleFiles().filter((f) => only === undefined || only.includes(f.replace(/\.ts$/, "")))
if (only !== undefined && files.length !== only.length) {
  console.error(`examples: unknown example in --only ${only.join(",")}; have ${exampleFiles().join(", ")}`)
  process.exit(2)
}
let passed = 0
let failed = 0
for (const file of files) {
  console.log(`\n=== example ${file} ===`)
  const code = run(process.execPath, [...tsNode, `examples/${file}`])
  if (code === 0) passed++
  else {
    failed++
    console.error(`example ${file} FAILED (exit ${code})`)
  }
}
console.log(`\nexamples: ${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
