// The `sre` bin in its own process (NodeRuntime.runMain: exit codes, stdout/stderr, signals)
// against the fake GitHub and a real SQLite file: a team's first steps on a laptop, a simulated
// week, then `sre serve` started and stopped with SIGTERM.
//
// By default the bin is the workspace source, run through tsx. With SRE_UXDD_E2E_BIN set to an
// installed bin (`<project>/node_modules/.bin/sre`), it is that one, started as a shell would
// start it (its shebang), while the fake GitHub still runs here from the workspace: this is how
// `pnpm test` checks the built, packed packages (scripts/packed.mjs).
import { execFileSync, spawn } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { dirname, isAbsolute, join, relative } from "node:path"
import { pathToFileURL } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type FakeGitHub, logins, startFake, TOKEN, trackerSection } from "./support/fakeGitHub.js"
import { example, repo } from "./support/repo.js"

const HOUR = 3_600_000
const DAY = 24 * HOUR
const MONDAY = Date.parse("2026-11-30T17:00:00Z") // Monday 09:00 Pacific
const workspace = join(import.meta.dirname, "..", "..", "..")
const installed = process.env["SRE_UXDD_E2E_BIN"] ?? ""
const sourceBin = join(import.meta.dirname, "..", "src", "bin.ts")
const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href

/** The program and its leading arguments: the installed bin itself, or node running the source through tsx. */
const command = (args: ReadonlyArray<string>): readonly [string, ReadonlyArray<string>] =>
  installed !== ""
    ? [installed, args]
    : [process.execPath, ["--import", tsx, "--conditions=@sre-uxdd/source", sourceBin, ...args]]

const environment = (now: number, env: Record<string, string>): Record<string, string> => ({
  PATH: process.env["PATH"] ?? "",
  HOME: process.env["HOME"] ?? "",
  GITHUB_TOKEN: TOKEN,
  SRE_UXDD_NOW: new Date(now).toISOString(),
  NO_COLOR: "1",
  ...env
})

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
/** Runs `sre ARGS` in the team's repository `cwd` (the profile is found there) at the simulated time `now`. */
const sre = (cwd: string, now: number, args: ReadonlyArray<string>, env: Record<string, string> = {}): Promise<Ran> =>
  new Promise((resolve, reject) => {
    const [file, argv] = command(args)
    const child = spawn(file, argv, { cwd, env: environment(now, env) })
    let out = ""
    let err = ""
    child.stdout.on("data", (c: Buffer) => (out += c.toString()))
    child.stderr.on("data", (c: Buffer) => (err += c.toString()))
    child.on("error", reject)
    child.on("close", (code) => resolve({ code, out, err }))
  })

const members = ["ana", "ben", "chen", "dora", "eli", "fay", "gus"] as const
const loginOf = (id: string): string => logins[members.indexOf(id as (typeof members)[number])] ?? `no member ${id}`
const subcommands = [
  "init",
  "validate",
  "who",
  "explain",
  "fairness",
  "whatif",
  "simulate",
  "schedule",
  "swap",
  "cover",
  "support-page",
  "sync",
  "tick",
  "promote",
  "postmortem",
  "announce",
  "report",
  "serve"
]

describe.runIf(installed !== "")("the sre under test is the installed package", () => {
  it("runs from the temporary project, with its own copies of the workspace packages, at the packed version", async () => {
    const bin = realpathSync(installed)
    const project = dirname(dirname(dirname(installed)))
    expect(bin).toBe(join(realpathSync(project), "node_modules", "@sre-uxdd", "cli", "dist", "bin.js"))
    // outside the workspace, so that Node cannot fall back on the workspace's node_modules
    const outside = relative(workspace, bin)
    expect(outside.startsWith("..") || isAbsolute(outside)).toBe(true)
    expect(readFileSync(bin, "utf8").split("\n")[0]).toBe("#!/usr/bin/env node")
    // resolved by a plain node (this process has the workspace's source condition), from the cli's bin
    const deps = ["@sre-uxdd/core", "@sre-uxdd/storage", "@sre-uxdd/github", "effect", "better-sqlite3"]
    const script = `const r = require("node:module").createRequire(${JSON.stringify(bin)}); console.log(JSON.stringify(${
      JSON.stringify(deps)
    }.map((d) => r.resolve(d))))`
    const resolved = JSON.parse(execFileSync(process.execPath, ["-e", script], { env: { PATH: process.env["PATH"] ?? "" }, encoding: "utf8" })) as Array<string>
    deps.forEach((dep, i) =>
      expect(resolved[i]?.startsWith(join(realpathSync(project), "node_modules", dep, "")), `${dep} resolves to ${resolved[i]}`).toBe(true)
    )
    const manifest = JSON.parse(readFileSync(join(dirname(dirname(bin)), "package.json"), "utf8")) as { readonly version: string }
    const version = await sre(project, MONDAY, ["--version"])
    expect(version).toEqual({ code: 0, out: `sre v${manifest.version}\n`, err: "" })
  })
})

describe("a team's first steps on a laptop", () => {
  it("sre --help lists every command; sre init in an empty directory, then sre validate and sre who --json there", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sre-laptop-"))
    const help = await sre(dir, MONDAY, ["--help"])
    expect(help.code).toBe(0)
    expect(help.out).toContain("USAGE\n  sre <subcommand> [flags]")
    for (const name of subcommands) expect(help.out).toMatch(new RegExp(`^  ${name} `, "m"))

    const init = await sre(dir, MONDAY, ["init"])
    const written = ["sre.config.yaml", ".github/workflows/sre-uxdd.yml", ".github/ISSUE_TEMPLATE/support.yml", ".github/DISCUSSION_TEMPLATE/support.yml"]
    expect(init.code).toBe(0)
    expect(init.out).toBe(
      `wrote:\n${written.map((f) => `  ${f}\n`).join("")}\nNext: edit sre.config.yaml, run \`sre validate\`, then \`sre schedule publish --weeks 8\`.\n`
    )
    for (const f of written) expect(existsSync(join(dir, f))).toBe(true)

    const validate = await sre(dir, MONDAY, ["validate"])
    expect(validate).toEqual({ code: 0, out: `${join(realpathSync(dir), "sre.config.yaml")}: ok (My team, 2 members)\n`, err: "" })

    const who = await sre(dir, MONDAY, ["who", "--json"])
    expect(who.code).toBe(0)
    expect(who.err).toBe("")
    const answer = JSON.parse(who.out) as {
      readonly at: string
      readonly duty: { readonly start: string; readonly end: string; readonly primary: { readonly name: string }; readonly backup: { readonly name: string } }
    }
    expect(answer.at).toBe(new Date(MONDAY).toISOString())
    expect(Date.parse(answer.duty.start)).toBeLessThanOrEqual(MONDAY)
    expect(Date.parse(answer.duty.end)).toBeGreaterThan(MONDAY)
    expect([answer.duty.primary.name, answer.duty.backup.name].sort()).toEqual(["Ana Example (@ana-example)", "Ben Example (@ben-example)"])
  })
})

interface Ticked {
  readonly dryRun: boolean
  readonly due: ReadonlyArray<{ readonly key: string }>
  readonly executed: ReadonlyArray<{ readonly key: string; readonly outcome: string }>
  readonly failures: ReadonlyArray<unknown>
  readonly leased: boolean
  readonly breached: ReadonlyArray<string>
}

describe("the sre bin, a simulated week", () => {
  it("runs sync and tick through a week: assigns, reminds, breaches (exit 3), and never prints the token", async () => {
    fake.setTime(MONDAY - HOUR)
    const dir = repo()
    writeFileSync(join(dir, "sre.config.yaml"), readFileSync(example, "utf8") + trackerSection(fake.url))
    const outputs: Array<Ran> = []
    const step = async (now: number, args: ReadonlyArray<string>, env: Record<string, string> = {}): Promise<Ran> => {
      const ran = await sre(dir, now, args, env)
      outputs.push(ran)
      return ran
    }
    expect(await step(MONDAY, ["validate"])).toEqual({
      code: 0,
      out: `${join(realpathSync(dir), "sre.config.yaml")}: ok (VisIt-like team, 7 members)\n`,
      err: ""
    })
    const who = await step(MONDAY, ["who", "--json"])
    expect(who.code).toBe(0)
    const duty = (JSON.parse(who.out) as {
      readonly duty: { readonly shift: number; readonly primary: { readonly id: string }; readonly backup: { readonly id: string } }
    }).duty
    expect(members).toContain(duty.primary.id)
    expect(members).toContain(duty.backup.id)
    expect(duty.backup.id).not.toBe(duty.primary.id)
    const login = loginOf(duty.primary.id)
    const codes: Array<number | null> = []
    const breached: Array<ReadonlyArray<string>> = []
    for (let day = 2; day < 5; day++) {
      const morning = MONDAY + day * DAY + HOUR
      fake.setTime(morning - HOUR)
      const issue = fake.openIssue("visit-dav/support", { title: `Day ${day}: VisIt crashes`, user: "kim-user", at: morning - HOUR })
      const ref = `visit-dav/support#${issue.number}`
      // The Primary answers Wednesday's within the hour; Thursday's and Friday's wait.
      const sync = await step(morning, ["sync"])
      expect(sync.code).toBe(0)
      expect(sync.out).toMatch(/^synced [1-9]\d* new events? in 1 page from 1 source\n$/)
      const tick = await step(morning, ["tick"])
      codes.push(tick.code)
      // the new inquiry is assigned to the Primary and acknowledged
      expect(tick.out).toMatch(/^\d+ actions due, \d+ queued; 2 executed \(\d+ tracker requests\)\n/)
      expect(tick.out).toMatch(new RegExp(`^  written +${ref}:s${duty.shift}:assign: assigned ${login}$`, "m"))
      expect(tick.out).toMatch(new RegExp(`^  written +${ref}:s0:ack: posted comment \\d+$`, "m"))
      if (day === 4) expect(tick.out).toContain("\nresponse goal breached: visit-dav/support#2\n")
      expect(tick.out).toMatch(/\nnext due: \w{3} \d{4}-\d\d-\d\d \d\d:\d\d P[SD]T\n$/)
      if (day < 3) fake.addComment("visit-dav/support", issue.number, { user: login, body: "Looking into it", at: morning + HOUR / 2 })
      const evening = MONDAY + day * DAY + 7 * HOUR
      fake.setTime(evening - 60_000)
      expect((await step(evening, ["sync"])).out).toMatch(/^synced [1-9]\d* new events? in 1 page from 1 source\n$/)
      const late = await step(evening, ["tick", "--json"])
      codes.push(late.code)
      const ticked = JSON.parse(late.out) as Ticked
      expect(ticked).toMatchObject({ dryRun: false, leased: true, failures: [] })
      expect(ticked.executed.length).toBeGreaterThan(0)
      for (const e of ticked.executed) {
        expect(ticked.due.map((d) => d.key)).toContain(e.key)
        expect(e.outcome).toBe("delivered")
      }
      breached.push(ticked.breached)
      if (day === 2) expect(ticked.executed.map((e) => e.key)).toContain(`${ref}:s${duty.shift}:enlist:${duty.backup.id}`)
      else expect(ticked.executed.map((e) => e.key)).toEqual(expect.arrayContaining([`${ref}:s0:breached:primary`, `${ref}:s0:breached:backup`]))
    }
    // Thursday's inquiry breaches on Thursday evening (4 covered hours): exit 3 from then on,
    // and Friday's joins it that evening.
    expect(codes).toEqual([0, 0, 0, 3, 3, 3])
    expect(breached).toEqual([[], ["visit-dav/support#2"], ["visit-dav/support#2", "visit-dav/support#3"]])
    for (let n = 1; n <= 3; n++) expect(fake.issue("visit-dav/support", n)?.assignees).toEqual([login])

    // Friday's inquiry is still unanswered: the dry run shows what is due and flags the breaches too, and writes nothing.
    const writes = () => fake.stats.routes.filter((r) => !r.startsWith("GET ")).length
    const before = writes()
    const dry = await step(MONDAY + 4 * DAY + 8 * HOUR, ["tick", "--dry-run"])
    expect(dry.code).toBe(3)
    expect(dry.out).toMatch(/^[1-9]\d* actions due \(dry run: nothing queued or written\):\n/)
    expect(dry.out).toMatch(/^ {2}notify .+ about visit-dav\/support#3: .+ {2}\[0 requests\]$/m)
    expect(dry.out).toContain("\nresponse goal breached: visit-dav/support#2, visit-dav/support#3\n")
    expect(writes()).toBe(before)

    const report = await step(MONDAY + 5 * DAY, ["report", "--json"], { GITHUB_TOKEN: "" })
    expect(report.code).toBe(0)
    const wrote = JSON.parse(report.out) as { readonly wrote: string; readonly bytes: number }
    expect(realpathSync(wrote.wrote)).toBe(join(realpathSync(dir), "report", "index.html"))
    const html = readFileSync(wrote.wrote, "utf8")
    expect(Buffer.byteLength(html)).toBe(wrote.bytes)
    for (const text of ["VisIt-like team", "Day 4: VisIt crashes", "<svg"]) expect(html).toContain(text)
    for (const o of outputs) {
      expect(o.err).toBe("")
      expect(o.out).not.toContain(TOKEN)
    }
    expect(html).not.toContain(TOKEN)
  }, 300_000)

  it("sre serve answers, then stops gracefully on SIGTERM (exit 130, after the run in progress)", async () => {
    const dir = repo()
    writeFileSync(join(dir, "sre.config.yaml"), readFileSync(example, "utf8") + trackerSection(fake.url))
    const [file, argv] = command(["serve", "--port", "0", "--interval", "0"])
    const child = spawn(file, argv, { cwd: dir, env: environment(MONDAY, {}) })
    let out = ""
    let err = ""
    child.stderr.on("data", (c: Buffer) => (err += c.toString()))
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (c: Buffer) => {
        out += c.toString()
        const m = /listening on (http:\/\/\S+)/.exec(out)
        if (m?.[1] !== undefined) resolve(m[1])
      })
      child.on("close", (code) => reject(new Error(`serve exited ${code}: ${err}`)))
    })
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const health = await fetch(`${url}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ ok: true })
    // the live report and the calendar feed load their modules lazily: from the installed package's chunks
    const page = await fetch(`${url}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8")
    expect(await page.text()).toContain("VisIt-like team")
    const ics = await fetch(`${url}/schedule.ics?member=ana`)
    expect(ics.status).toBe(200)
    expect(await ics.text()).toMatch(/^BEGIN:VCALENDAR\r\n/)
    expect((await fetch(`${url}/schedule.ics?member=nobody`)).status).toBe(404)
    expect((await fetch(`${url}/webhooks/github`, { method: "POST", body: "{}" })).status).toBe(404) // no secret configured
    const code = await new Promise<number | null>((resolve) => {
      child.on("close", (c) => resolve(c))
      child.kill("SIGTERM")
    })
    expect(code).toBe(130)
    expect(out).toBe(`listening on ${url}\n`)
    expect(err).toContain("stopped")
    expect(`${out}${err}`).not.toContain(TOKEN)
  }, 120_000)
})
