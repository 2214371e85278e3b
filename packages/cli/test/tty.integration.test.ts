// Progress and colour only on a terminal: `sre sync` run under a pseudo-terminal (util-linux
// `script`) writes a coloured progress line to stderr; with NO_COLOR the line has no colour;
// through pipes (CI, cron) there is no progress line at all.
import { spawnSync } from "node:child_process"
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { example, repo } from "./support/sre.js"

const bin = join(import.meta.dirname, "..", "src", "bin.ts")
const workspace = join(import.meta.dirname, "..", "..", "..")
const haveScript = existsSync("/usr/bin/script")
if (!haveScript) console.warn("\n*** tty.integration.test.ts: /usr/bin/script (util-linux) not found, the terminal tests are SKIPPED ***\n")

const profile = (): string => {
  const dir = repo()
  writeFileSync(join(dir, "sre.config.yaml"), `${readFileSync(example, "utf8")}\ntracker:\n  kind: memory\n`)
  return join(dir, "sre.config.yaml")
}
const command = (config: string): Array<string> => [process.execPath, "--import", "tsx", "--conditions=@sre-uxdd/source", bin, "sync", "--config", config]
const env = (extra: Record<string, string>) => ({
  PATH: process.env["PATH"] ?? "",
  HOME: process.env["HOME"] ?? "",
  SRE_UXDD_NOW: "2026-11-30T17:00:00Z",
  ...extra
})
const ESC = String.fromCharCode(27)
const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`

// `script -q -e -c CMD /dev/null` gives CMD a terminal on stdin, stdout and stderr; what it
// printed comes back on script's own stdout.
const onTerminal = (extra: Record<string, string>) =>
  spawnSync("/usr/bin/script", ["-q", "-e", "-c", command(profile()).map(quote).join(" "), "/dev/null"], { cwd: workspace, env: env(extra), encoding: "utf8" })

describe.skipIf(!haveScript)("sre sync on a terminal", { timeout: 60_000 }, () => {
  it("shows a coloured progress line with the pages and events read", () => {
    const r = onTerminal({})
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(new RegExp(`${ESC}\\[36msyncing [^\\r\\n]*: 1 page, 0 new events`))
    expect(r.stdout).toContain("synced 0 new events in 1 page from 1 source")
  })
  it("honours NO_COLOR: the same line without escape codes", () => {
    const r = onTerminal({ NO_COLOR: "1" })
    expect(r.status).toBe(0)
    expect(r.stdout).toContain("1 page, 0 new events")
    expect(r.stdout).not.toContain(`${ESC}[`)
  })
  it("prints no progress line through pipes", () => {
    const [cmd, ...args] = command(profile())
    const r = spawnSync(cmd as string, args, { cwd: workspace, env: env({}), encoding: "utf8" })
    expect(r.status).toBe(0)
    expect(r.stderr).not.toContain("syncing")
    expect(r.stdout).toContain("synced 0 new events in 1 page from 1 source")
  })
})
