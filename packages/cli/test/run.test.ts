// sync, tick, promote, postmortem and announce against the fake GitHub and a real SQLite file,
// in-process (the same command tree as the bin).
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { type FakeGitHub, seed, startFake, TOKEN, trackerSection } from "./support/fakeGitHub.js"
import { example, repo, sre } from "./support/sre.js"

const HOUR = 3_600_000
// Tuesday 1 December 2026, 10:00 in Los Angeles: covered time.
const T0 = Date.parse("2026-12-01T18:00:00Z")
const at = (ms: number) => new Date(ms).toISOString()

let fake: FakeGitHub
beforeAll(async () => {
  fake = await startFake()
})
afterAll(async () => {
  await fake.stop()
})
beforeEach(() => {
  seed(fake)
  fake.setTime(T0 - HOUR)
})

const teamRepo = (): string => {
  const dir = repo()
  writeFileSync(join(dir, "sre.config.yaml"), readFileSync(example, "utf8") + trackerSection(fake.url))
  return dir
}
const env = (now: number, extra: { readonly [k: string]: string | undefined } = {}) => ({ GITHUB_TOKEN: TOKEN, SRE_UXDD_NOW: at(now), ...extra })
const noToken = (o: { readonly out: string; readonly err: string }) => expect(`${o.out}\n${o.err}`).not.toContain(TOKEN)

describe("sre sync and tick (fake GitHub, SQLite)", () => {
  it("syncs a new issue, shows the due actions in a dry run, then assigns it once", async () => {
    const dir = teamRepo()
    fake.openIssue("visit-dav/support", { title: "VisIt crashes opening a Silo file", body: "Steps: open file.silo", user: "kim-user", at: T0 - HOUR })
    const sync = await sre(dir, env(T0), "sync")
    expect(sync.code).toBe(0)
    expect(sync.out).toMatch(/^synced [1-9]\d* new events? in \d+ pages? from 1 source$/)
    expect(existsSync(join(dir, ".sre", "sre.db"))).toBe(true)
    noToken(sync)

    const dry = await sre(dir, env(T0), "tick", "--dry-run")
    expect(dry.code).toBe(0)
    expect(dry.out).toMatch(/actions due \(dry run: nothing queued or written\):/)
    expect(dry.out).toMatch(/assign visit-dav\/support#1 to .+ \[\d+ requests?\]/)
    expect(fake.issue("visit-dav/support", 1)?.assignees).toEqual([])

    const tick = await sre(dir, env(T0), "tick", "--json")
    expect(tick.code).toBe(0)
    const result = JSON.parse(tick.out)
    expect(result.leased).toBe(true)
    expect(result.executed.map((r: { outcome: string }) => r.outcome)).toContain("written")
    expect(fake.issue("visit-dav/support", 1)?.assignees.length).toBe(1)

    const again = await sre(dir, env(T0 + 60_000), "tick", "--json")
    expect(JSON.parse(again.out).executed).toEqual([])
    noToken(again)
  })

  it("exits 3 on the tick that finds a response goal breached", async () => {
    const dir = teamRepo()
    fake.openIssue("visit-dav/support", { title: "Plots render black", user: "kim-user", at: T0 - HOUR })
    expect((await sre(dir, env(T0), "sync")).code).toBe(0)
    expect((await sre(dir, env(T0), "tick")).code).toBe(0)
    // Two covered days later, nobody answered.
    const late = T0 + 2 * 24 * HOUR
    expect((await sre(dir, env(late), "sync")).code).toBe(0)
    const breached = await sre(dir, env(late), "tick")
    expect(breached.code).toBe(3)
    expect(breached.out).toContain("response goal breached: visit-dav/support#1")
  })

  it("sync --full reads everything again into a fresh store", async () => {
    const dir = teamRepo()
    fake.openIssue("visit-dav/support", { title: "Question about pick", user: "kim-user", at: T0 - HOUR })
    const first = JSON.parse((await sre(dir, env(T0), "sync", "--json")).out)
    const second = JSON.parse((await sre(dir, env(T0), "sync", "--json")).out)
    expect(second.events).toBe(0)
    const full = await sre(dir, env(T0), "sync", "--full")
    expect(full.out).toContain("(full)")
    expect(first.events).toBeGreaterThan(0)
  })

  it("promote files the product issue; postmortem writes the draft", async () => {
    const dir = teamRepo()
    fake.openIssue("visit-dav/support", { title: "Crash in the Silo reader", user: "kim-user", at: T0 - HOUR })
    await sre(dir, env(T0), "sync")
    const promoted = await sre(dir, env(T0 + HOUR), "promote", "visit-dav/support#1", "--summary", "The Silo reader crashes on empty meshes")
    expect(promoted.code).toBe(0)
    expect(promoted.out).toMatch(/^promoted visit-dav\/support#1: \d+ actions/)
    expect(fake.issue("visit-dav/visit", 1)?.title).toBeDefined()
    const again = await sre(dir, env(T0 + 2 * HOUR), "sync")
    expect(again.code).toBe(0)
    const twice = await sre(dir, env(T0 + 2 * HOUR), "promote", "visit-dav/support#1", "--summary", "again")
    expect(twice.code).toBe(2)
    expect(twice.err).toContain("already promoted")

    const pm = await sre(dir, env(T0 + 2 * HOUR), "postmortem", "visit-dav/support#1")
    expect(pm.code).toBe(0)
    const file = join(dir, "postmortems", "visit-dav-support-1.md")
    expect(pm.out).toContain(`wrote ${file}`)
    expect(readFileSync(file, "utf8")).toContain("Crash in the Silo reader")
    expect((await sre(dir, env(T0), "postmortem", "visit-dav/support#99")).err).toContain("no such item in the store")
  })

  it("announce prints this week's pair and the next weeks", async () => {
    const dir = teamRepo()
    const r = await sre(dir, env(T0), "announce", "--weeks", "2")
    expect(r.code).toBe(0)
    expect(r.out).toMatch(
      /^On support duty for VisIt-like team this week\n\nPrimary: .+, Backup: .+ \(until Mon 2026-12-07,? 08:00 PST\)\n\nNext weeks:\n- .+\n- .+$/
    )
  })
})

describe("sre announce --post", () => {
  it("mentions this week's Primary and Backup on tracker.scheduleItem, once per shift", async () => {
    const dir = repo()
    writeFileSync(join(dir, "sre.config.yaml"), readFileSync(example, "utf8") + trackerSection(fake.url) + "  scheduleItem: visit-dav/support#1\n")
    fake.openIssue("visit-dav/support", { title: "Support schedule", user: "ana-m", at: T0 - 2 * HOUR })
    const r = await sre(dir, env(T0), "announce", "--post")
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/\(delivered to .+ and .+\)$/)
    const posted = fake.comments.filter((c) => c.repo === "visit-dav/support" && c.issue === 1)
    expect(posted).toHaveLength(2)
    expect(posted.every((c) => c.body.includes("On support duty for VisIt-like team this week"))).toBe(true)
    expect((await sre(dir, env(T0 + HOUR), "announce", "--post")).code).toBe(0)
    expect(fake.comments.filter((c) => c.repo === "visit-dav/support" && c.issue === 1)).toHaveLength(2)
    noToken(r)
  })

  it("without a schedule item or e-mail says who was not told and why, exit 4", async () => {
    const dir = teamRepo()
    const r = await sre(dir, env(T0, { SRE_UXDD_SMTP_HOST: undefined }), "announce", "--post")
    expect(r.code).toBe(4)
    expect(r.out).toContain("(delivered to nobody)")
    expect(r.out).toMatch(/not delivered: announce:.+\(set tracker\.scheduleItem to mention members on an issue\)/)
    noToken(r)
  })
})

describe("sre run commands: bad input", () => {
  it("a missing token: exit 4, a clear message, nothing written", async () => {
    const dir = teamRepo()
    const r = await sre(dir, { GITHUB_TOKEN: undefined, SRE_UXDD_GITHUB_TOKEN: undefined, SRE_UXDD_NOW: at(T0) }, "sync")
    expect(r.code).toBe(4)
    expect(r.err).toContain("GITHUB_TOKEN is not set")
    expect(existsSync(join(dir, ".sre"))).toBe(false)
  })

  it("a bad GitHub tracker section: validate and sync name every problem with its line, exit 2, nothing written", async () => {
    const dir = repo()
    const text = readFileSync(example, "utf8") + trackerSection(fake.url).replace("  sources:", "  sorces:").replace("throttle: false", "throttle: maybe")
    writeFileSync(join(dir, "sre.config.yaml"), text)
    const lineOf = (needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1
    const before = fake.stats.requests
    for (const command of ["validate", "sync"]) {
      const r = await sre(dir, env(T0), command)
      expect(r.code, command).toBe(2)
      expect(r.err).toContain(`sre.config.yaml:${lineOf("sorces:")}:`)
      expect(r.err).toMatch(/tracker\.sorces: unknown setting of a github tracker/)
      expect(r.err).toMatch(/tracker\.sources: Missing key/)
      expect(r.err).toMatch(new RegExp(`sre.config.yaml:${lineOf("throttle: maybe")}:\\d+: tracker\\.throttle: `))
      noToken(r)
    }
    expect(existsSync(join(dir, ".sre"))).toBe(false)
    expect(fake.stats.requests).toBe(before)
  })

  it("an unreachable tracker: exit 4, the token never shown", async () => {
    const dir = repo()
    writeFileSync(join(dir, "sre.config.yaml"), readFileSync(example, "utf8") + trackerSection("http://127.0.0.1:9"))
    const r = await sre(dir, env(T0), "sync")
    expect(r.code).toBe(4)
    expect(r.err).toMatch(/tracker (unavailable|invalid-response|permission)/)
    noToken(r)
  })

  it("a refused token: exit 4, the token never shown", async () => {
    const dir = teamRepo()
    const r = await sre(dir, env(T0, { GITHUB_TOKEN: "ghp_wrong_token_0000" }), "sync")
    expect(r.code).toBe(4)
    expect(`${r.out}${r.err}`).not.toContain("ghp_wrong_token_0000")
  })

  it("an unusable database: exit 4 with the file named", async () => {
    const dir = teamRepo()
    writeFileSync(join(dir, "sre.config.yaml"), readFileSync(example, "utf8") + trackerSection(fake.url) + "storage:\n  sqlite: db/sre.db\n")
    writeFileSync(join(dir, "db"), "not a directory")
    const r = await sre(dir, env(T0), "tick")
    expect(r.code).toBe(4)
    expect(r.err).toMatch(/store /)
  })

  it("a bad storage section: exit 2, the setting named", async () => {
    const dir = teamRepo()
    writeFileSync(join(dir, "sre.config.yaml"), readFileSync(example, "utf8") + trackerSection(fake.url) + "storage:\n  mysql: x\n")
    const r = await sre(dir, env(T0), "tick")
    expect(r.code).toBe(2)
    expect(r.err).toContain("storage.mysql: unknown setting")
  })

  it("a bad tracker section: exit 2, the path named", async () => {
    const dir = repo()
    writeFileSync(join(dir, "sre.config.yaml"), readFileSync(example, "utf8") + "tracker:\n  kind: github\n  sources: []\n")
    const r = await sre(dir, env(T0), "sync")
    expect(r.code).toBe(2)
    expect(r.err).toContain("sources")
  })
})
