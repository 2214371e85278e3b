// `pnpm test`: the one command that checks everything. Each step must pass; the last line
// is the plain summary `test: N passed, M failed` (vitest tests + examples + checks).
// `node scripts/test.mjs --only TEXT` runs only the steps whose name contains TEXT (for
// example `--only "packed cli"`, after `pnpm build`).
import { existsSync, globSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { root, run } from "./lib.mjs"
import { installedBin } from "./packed.mjs"

/** @param {string} name */
const bin = (name) => join(root, "node_modules", ".bin", name)
const timeZones = ["UTC", "America/Los_Angeles", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham"]
mkdirSync(join(root, "build"), { recursive: true })

let passed = 0
let failed = 0
/** @type {Array<string>} */
const failures = []
const started = Date.now()
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] ?? "" : undefined
/** @param {string} name */
const skipped = (name) => only !== undefined && !name.includes(only)

/**
 * @param {string} name
 * @param {() => number} step
 */
const check = (name, step) => {
  if (skipped(name)) return
  console.log(`\n>>> ${name}`)
  const t0 = Date.now()
  const code = step()
  const secs = ((Date.now() - t0) / 1000).toFixed(1)
  if (code === 0) {
    passed++
    console.log(`<<< ${name}: ok (${secs} s)`)
  } else {
    failed++
    failures.push(name)
    console.log(`<<< ${name}: FAILED (exit ${code}, ${secs} s)`)
  }
}

/**
 * Runs vitest with a JSON report and counts its tests into the summary.
 * @param {string} name
 * @param {ReadonlyArray<string>} args
 * @param {Record<string, string>} env
 */
const vitest = (name, args, env) => {
  if (skipped(name)) return
  const report = join(root, "build", `vitest-${name.replace(/[^a-z0-9]+/gi, "-")}.json`)
  rmSync(report, { force: true })
  console.log(`\n>>> ${name}`)
  const code = run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...args], env)
  if (!existsSync(report)) {
    failed++
    failures.push(`${name} (no report)`)
    return
  }
  const json = JSON.parse(readFileSync(report, "utf8"))
  passed += json.numPassedTests
  failed += json.numFailedTests
  if (json.numFailedTests > 0 || code !== 0) failures.push(name)
  if (code !== 0 && json.numFailedTests === 0) failed++
  if (json.numTotalTests === 0) {
    failed++
    failures.push(`${name} ran no test`)
  }
  console.log(`<<< ${name}: ${json.numPassedTests} passed, ${json.numFailedTests} failed`)
}

check("core index is generated", () => run(process.execPath, ["scripts/gen-index.mjs", "--check"]))
check("every pnpm command in the README exists", () => run(process.execPath, ["scripts/readme-commands.mjs"]))
check("type check (tsc -b)", () => run(bin("tsc"), ["-b"]))
check("lint (eslint)", () => run(bin("eslint"), ["--max-warnings", "0", "."]))
check("format (dprint check)", () => run(bin("dprint"), ["check"]))
// The end-to-end test runs once, below, against the packed and installed cli (a stronger check
// than the workspace source, which `pnpm exec vitest run` alone still uses).
vitest("unit, property and integration tests", ["--exclude", "packages/cli/test/e2e.integration.test.ts"], { TZ: "UTC" })
const tzTests = globSync("packages/*/test/**/*.tz.test.ts", { cwd: root })
if (tzTests.length > 0) {
  for (const tz of timeZones) vitest(`time-zone matrix TZ=${tz}`, tzTests, { TZ: tz })
}
check("examples (smoke run)", () => run(process.execPath, ["scripts/examples.mjs"], { CI: process.env.CI ?? "", SRE_UXDD_SMOKE: "1" }))
check("build (tsup)", () => run("pnpm", ["-s", "build"]))
check("package shape (publint, attw)", () => run("pnpm", ["-s", "pkg:lint"]))
check("packed core in a fresh project, lowest and highest effect", () => run(process.execPath, ["scripts/consumer.mjs"]))
// The built, packed cli installed with npm into a project outside the workspace, then the
// end-to-end test against its installed bin (see scripts/packed.mjs).
const packed = mkdtempSync(join(tmpdir(), "sre-uxdd-packed-"))
const installs = passed
check("packed cli installed with npm into a fresh project", () => run(process.execPath, ["scripts/packed.mjs", "--into", packed, "--no-test"]))
if (passed > installs) {
  vitest("end to end against the packed cli", ["packages/cli/test/e2e.integration.test.ts"], { TZ: "UTC", SRE_UXDD_E2E_BIN: installedBin(packed) })
}
rmSync(packed, { recursive: true, force: true })
check("API docs (typedoc, zero warnings)", () => run(bin("typedoc"), ["--logLevel", "Warn"]))
if (existsSync(join(root, "scripts", "doc-examples.mjs"))) {
  check("TSDoc @example blocks compile", () => run(process.execPath, ["scripts/doc-examples.mjs"]))
}

const minutes = ((Date.now() - started) / 60000).toFixed(1)
console.log(`\npnpm test finished in ${minutes} min${failures.length > 0 ? `; failed: ${failures.join("; ")}` : ""}`)
console.log(`test: ${passed} passed, ${failed} failed`)
process.exit(failed === 0 ? 0 : 1)
