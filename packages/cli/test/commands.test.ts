// The read and schedule commands as a user runs them: the command tree in-process, a profile in a temp repository.
import { readFileSync, existsSync, mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { Config } from "@sre-uxdd/core"
import * as SupportPage from "../src/supportPage.js"
import { example, repo, sre as run } from "./support/sre.js"

const NOW = "2026-12-01T18:00:00Z"

// In-process, as the bin runs it, with the clock fixed.
const sre = (cwd: string, ...args: Array<string>) => run(cwd, { SRE_UXDD_NOW: NOW }, ...args)

describe("sre (read and schedule commands)", () => {
  it("who names the pair with handles and the end of the shift, also as JSON", async () => {
    const dir = repo()
    const text = await sre(dir, "who", "--at", "2026-12-24T18:00:00Z")
    expect(text.code).toBe(0)
    expect(text.out).toMatch(/^Primary: .+ \(@[a-z-]+\)\nBackup: {2}.+\nuntil Mon 2026-12-28/)
    const json = JSON.parse((await sre(dir, "who", "--json", "--at", "2026-12-24T18:00:00Z")).out)
    expect(json.duty.end).toBe("2026-12-28T16:00:00.000Z")
    expect(text.out).toContain(json.duty.primary.name)
  })

  it("gives the same Primary for a date whatever else was asked before (the ledger starts at the grid's origin)", async () => {
    const dir = repo()
    const a = JSON.parse((await sre(dir, "who", "--json", "--at", "2026-12-24T18:00:00Z")).out).duty.primary.id
    await sre(dir, "who", "--at", "2027-06-01T18:00:00Z")
    const b = JSON.parse((await sre(dir, "who", "--json", "--at", "2026-12-24T18:00:00Z")).out).duty.primary.id
    expect(a).toBe(b)
  })

  it("publishes weeks into the schedule file, records a cover, and who follows it", async () => {
    const dir = repo()
    const pub = await sre(dir, "schedule", "publish", "--weeks", "4", "--ics", "cal.ics")
    expect(pub.code).toBe(0)
    expect(pub.out).toContain("version 1, 4 shifts added")
    expect(readFileSync(join(dir, "cal.ics"), "utf8")).toContain("BEGIN:VEVENT")
    const again = await sre(dir, "schedule", "publish", "--weeks", "4")
    expect(again.out).toContain("nothing to add")
    const shift = JSON.parse((await sre(dir, "who", "--json", "--at", "2026-12-16T18:00:00Z")).out).duty.shift as number
    expect((await sre(dir, "cover", String(shift), "gus")).code).toBe(0)
    expect(JSON.parse((await sre(dir, "who", "--json", "--at", "2026-12-16T18:00:00Z")).out).duty.primary.id).toBe("gus")
    expect(readFileSync(join(dir, "sre.schedule.yaml"), "utf8")).toMatch(/version: 2[\s\S]*kind: cover[\s\S]*member: gus/)
  })

  it("refuses an impossible swap with the reason and writes nothing", async () => {
    const dir = repo()
    await sre(dir, "schedule", "publish", "--weeks", "4")
    const before = readFileSync(join(dir, "sre.schedule.yaml"), "utf8")
    const r = await sre(dir, "cover", "48", "nobody")
    expect(r.code).toBe(2)
    expect(r.err).toContain("\"nobody\" is not a member id")
    expect(readFileSync(join(dir, "sre.schedule.yaml"), "utf8")).toBe(before)
  })

  it("validate reports problems with file, line and column and exits 2", async () => {
    const dir = repo()
    writeFileSync(join(dir, "sre.config.yaml"), readFileSync(example, "utf8").replace("weight: 0.3", "weight: 3"))
    const r = await sre(dir, "validate")
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/sre\.config\.yaml:\d+:\d+: team\.members\[6\]\.weight: expected a number in \(0, 1\]/)
  })

  it("whatif keeps served shifts and names the changed duties", async () => {
    const dir = repo()
    const r = await sre(dir, "whatif", "--weight", "gus=1", "--weeks", "8", "--json")
    expect(r.code).toBe(0)
    const diff = JSON.parse(r.out)
    expect(diff.changed.length).toBeGreaterThan(0)
    const firstChanged = Math.min(...diff.changed.map((c: { shift: number }) => c.shift))
    const current = JSON.parse((await sre(dir, "who", "--json")).out).duty.shift as number
    expect(firstChanged).toBeGreaterThanOrEqual(current)
  })

  it("init writes the profile, workflow and forms once, and the profile validates", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sre-init-"))
    expect((await sre(dir, "init")).code).toBe(0)
    for (const f of ["sre.config.yaml", ".github/workflows/sre-uxdd.yml", ".github/ISSUE_TEMPLATE/support.yml", ".github/DISCUSSION_TEMPLATE/support.yml"])
      expect(existsSync(join(dir, f))).toBe(true)
    expect((await sre(dir, "validate")).code).toBe(0)
    expect((await sre(dir, "init")).code).toBe(2)
  })
})

describe("sre support-page", () => {
  it("states exactly the profile's channels, hours, goals and stale rule", async () => {
    const dir = repo()
    expect((await sre(dir, "support-page")).code).toBe(0)
    const page = readFileSync(join(dir, "SUPPORT.md"), "utf8")
    const profile = Config.fromText(readFileSync(example, "utf8"))
    for (const p of profile.platforms?.supported ?? []) expect(page).toContain(p.name)
    expect(page).toContain(profile.coverage.timeZone)
    expect(page).toContain("08:00-12:00, 13:00-17:00")
    expect(page).toContain(`within **${SupportPage.duration(profile.goals.defaultMillis)}**`)
    for (const [name, ms] of profile.goals.byPriority) expect(page).toContain(`${name}: within ${SupportPage.duration(ms)}`)
    expect(page).toContain(`${SupportPage.duration(profile.stale.afterMillis)}, we close the inquiry and label it \`${profile.stale.label}\``)
    // A changed goal in the profile changes the page: they cannot drift apart.
    writeFileSync(
      join(dir, "sre.config.yaml"),
      readFileSync(example, "utf8").replace("default: 4 hours", "default: 2 hours").replace("normal: 4 hours", "normal: 2 hours")
    )
    expect((await sre(dir, "support-page", "--out", "-")).out).toContain("within **2 hours**")
  })
})
