// The real bin in its own process (NodeRuntime.runMain: exit codes, stdout/stderr, signals)
// against the fake GitHub and a real SQLite file: a simulated week, then `sre serve` started
// and stopped with SIGTERM.
import { spawn } from "node:child_process"
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type FakeGitHub, startFake, TOKEN, trackerSection } from "./support/fakeGitHub.js"
import { example, repo } from "./support/sre.js"

const HOUR = 3_600_000
const DAY = 24 * HOUR
const MONDAY = Date.parse("2026-11-30T17:00:00Z") // Monday 09:00 Pacific
const bin = join(import.meta.dirname, "..", "src", "bin.ts")
// tsx is resolved from the workspace root; the profile is named with --config.
const workspace = join(import.meta.dirname, "..", "..", "..")

let fake: FakeGitHub
beforeAll(async () => {
  fake = await startFake()
})
afterAll(async () => {
  await fake.stop()
})

interface Ran {
  readonly code: number | null
  readonly out: string
  readonly err: string
}
const sre = (cwd: string, now: number, args: ReadonlyArray<string>, env: Record<string, string> = {}): Promise<Ran> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=@sre-uxdd/source", bin, ...args, "--config", join(cwd, "sre.config.yaml")], {
      cwd: workspace,
      env: {
        PATH: process.env["PATH"] ?? "",
        HOME: process.env["HOME"] ?? "",
        GITHUB_TOKEN: TOKEN,
        SRE_UXDD_NOW: new Date(now).toISOString(),
        NO_COLOR: "1",
        ...env
      }
    })
    let out = ""
    let err = ""
    child.stdout.on("data", (c: Buffer) => (out += c.toString()))
    child.stderr.on("data", (c: Buffer) => (err += c.toString()))
    child.on("error", reject)
    child.on("close", (code) => resolve({ code, out, err }))
  })

describe("the sre bin, a simulated week", () => {
  it("runs sync and tick through a week: assigns, reminds, breaches (exit 3), and never prints the token", async () => {
    fake.setTime(MONDAY - HOUR)
    const dir = repo()
    writeFileSync(join(dir, "sre.config.yaml"), readFileSync(example, "utf8") + trackerSection(fake.url))
    expect((await sre(dir, MONDAY, ["validate"])).code).toBe(0)
    const who = await sre(dir, MONDAY, ["who", "--json"])
    const primary = JSON.parse(who.out).duty.primary.id as string
    const login = { ana: "ana-m", ben: "bokafor", chen: "chenw", dora: "dpetrova", eli: "ehaddad", fay: "faylq", gus: "gtanaka" }[primary] as string
    const outputs: Array<Ran> = [who]
    const codes: Array<number | null> = []
    for (let day = 2; day < 5; day++) {
      const morning = MONDAY + day * DAY + HOUR
      fake.setTime(morning - HOUR)
      const issue = fake.openIssue("visit-dav/support", { title: `Day ${day}: VisIt crashes`, user: "kim-user", at: morning - HOUR })
      // The Primary answers Wednesday's within the hour; Thursday's and Friday's wait.
      const sync = await sre(dir, morning, ["sync"])
      const tick = await sre(dir, morning, ["tick"])
      outputs.push(sync, tick)
      expect(sync.code).toBe(0)
      expect(tick.out).toContain("executed")
      codes.push(tick.code)
      if (day < 3) fake.addComment("visit-dav/support", issue.number, { user: login, body: "Looking into it", at: morning + HOUR / 2 })
      const evening = MONDAY + day * DAY + 7 * HOUR
      fake.setTime(evening - 60_000)
      outputs.push(await sre(dir, evening, ["sync"]))
      const late = await sre(dir, evening, ["tick", "--json"])
      outputs.push(late)
      codes.push(late.code)
    }
    // Thursday's inquiry breaches on Thursday evening (4 covered hours): exit 3 then.
    expect(codes).toContain(3)
    expect(codes.slice(0, 2)).toEqual([0, 0])
    for (let n = 1; n <= 3; n++) expect(fake.issue("visit-dav/support", n)?.assignees).toEqual([login])
    const dry = await sre(dir, MONDAY + 4 * DAY + 8 * HOUR, ["tick", "--dry-run"])
    // Friday's inquiry is still unanswered: the dry run shows what is due and flags the breach too.
    expect([0, 3]).toContain(dry.code)
    expect(dry.out).toMatch(/actions due \(dry run/)
    const report = await sre(dir, MONDAY + 5 * DAY, ["report", "--json"], { GITHUB_TOKEN: "" })
    expect(report.code).toBe(0)
    expect(readFileSync(JSON.parse(report.out).wrote, "utf8")).toContain("Day 4: VisIt crashes")
    for (const o of [...outputs, dry, report]) expect(`${o.out}${o.err}`).not.toContain(TOKEN)
  }, 300_000)

  it("sre serve answers, then stops gracefully on SIGTERM (exit 130, after the run in progress)", async () => {
    const dir = repo()
    writeFileSync(join(dir, "sre.config.yaml"), readFileSync(example, "utf8") + trackerSection(fake.url))
    const child = spawn(process.execPath, [
      "--import",
      "tsx",
      "--conditions=@sre-uxdd/source",
      bin,
      "serve",
      "--port",
      "0",
      "--interval",
      "0",
      "--config",
      join(dir, "sre.config.yaml")
    ], {
      cwd: workspace,
      env: { PATH: process.env["PATH"] ?? "", GITHUB_TOKEN: TOKEN, SRE_UXDD_NOW: new Date(MONDAY).toISOString() }
    })
    let err = ""
    child.stderr.on("data", (c: Buffer) => (err += c.toString()))
    const url = await new Promise<string>((resolve, reject) => {
      let out = ""
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString()
        const m = /listening on (http:\/\/\S+)/.exec(out)
        if (m?.[1] !== undefined) resolve(m[1])
      })
      child.on("close", (code) => reject(new Error(`serve exited ${code}: ${err}`)))
    })
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
    expect((await fetch(`${url}/webhooks/github`, { method: "POST", body: "{}" })).status).toBe(404) // no secret configured
    const code = await new Promise<number | null>((resolve) => {
      child.on("close", (c) => resolve(c))
      child.kill("SIGTERM")
    })
    expect(code).toBe(130)
    expect(err).toContain("stopped")
  }, 120_000)
})
