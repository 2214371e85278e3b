// sre with `tracker.kind: jira`: sync and tick against the fake Jira site (contract-checked
// against Atlassian's OpenAPI description) and a real SQLite file, in-process (the same
// command tree as the bin); the profile template of `sre init --tracker jira`; bad input
// (missing or refused credentials, a bad tracker section) with the sentinel token never shown.
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { load } from "../src/profileFile.js"
import { API_TOKEN, EMAIL, type FakeJira, jiraEnv, jiraProfile, jiraSection, REPORTER, startFakeJira } from "./support/fakeJira.js"
import { example, repo, sre } from "./support/sre.js"

const HOUR = 3_600_000
// Tuesday 1 December 2026, 10:00 in Los Angeles: covered time.
const T0 = Date.parse("2026-12-01T18:00:00Z")
const at = (ms: number) => new Date(ms).toISOString()

let fake: FakeJira
beforeAll(async () => {
  fake = await startFakeJira()
})
afterAll(async () => {
  await fake.stop()
})
beforeEach(() => {
  fake.reset()
  fake.now = T0 - HOUR
})

const teamRepo = (section = jiraSection(fake.url)): string => {
  const dir = repo()
  writeFileSync(join(dir, "sre.config.yaml"), jiraProfile(example) + section)
  return dir
}
const env = (now: number, extra: { readonly [k: string]: string | undefined } = {}) => ({ ...jiraEnv, SRE_UXDD_NOW: at(now), ...extra })
const noSecret = (o: { readonly out: string; readonly err: string }) => expect(`${o.out}\n${o.err}`).not.toContain(API_TOKEN)
const SEARCH = "searchAndReconsileIssuesUsingJqlPost" // POST /rest/api/3/search/jql
const searches = () => fake.count(SEARCH)

/** The accountId of the member on Primary duty at `now`, from `sre who --json`. */
const primaryAccount = async (dir: string, now: number): Promise<string | undefined> => {
  const who = JSON.parse((await sre(dir, env(now), "who", "--json")).out) as { readonly duty: { readonly primary: { readonly id: string } } }
  return load(join(dir, "sre.config.yaml")).profile.team.members.find((m) => m.id === who.duty.primary.id)?.handles.jira
}

describe("sre sync and tick on Jira (fake Jira, SQLite)", () => {
  it("syncs a new issue, assigns it to the Primary once, and a second sync with nothing changed reads one search page", async () => {
    const dir = teamRepo()
    fake.createIssue({ project: "SUP", summary: "VisIt crashes opening a Silo file", description: "Steps: open file.silo", reporter: REPORTER, at: T0 - HOUR })
    const sync = await sre(dir, env(T0), "sync", "--json")
    expect(sync.code).toBe(0)
    const first = JSON.parse(sync.out) as { readonly events: number; readonly cursors: { readonly [source: string]: string } }
    expect(first.events).toBeGreaterThan(0)
    expect(Object.keys(first.cursors)).toEqual(["project:SUP"])
    expect(existsSync(join(dir, ".sre", "sre.db"))).toBe(true)
    noSecret(sync)

    const before = fake.requests.length
    const searchesBefore = searches()
    const again = await sre(dir, env(T0 + 60_000), "sync")
    expect(again.code).toBe(0)
    expect(again.out).toBe("synced 0 new events in 1 page from 1 source")
    expect(searches() - searchesBefore).toBe(1)
    // Nothing but identity and that one search page: no comment or changelog reads.
    expect(fake.requests.slice(before).map((r) => r.operationId).filter((o) => o !== "getCurrentUser")).toEqual([SEARCH])

    const dry = await sre(dir, env(T0), "tick", "--dry-run")
    expect(dry.code).toBe(0)
    expect(dry.out).toMatch(/assign SUP-1 to .+ \[\d+ requests?\]/)
    expect(fake.issues.get("SUP-1")?.assignee).toBeUndefined()

    const tick = await sre(dir, env(T0), "tick", "--json")
    expect(tick.code).toBe(0)
    const result = JSON.parse(tick.out) as { readonly leased: boolean; readonly executed: ReadonlyArray<{ readonly key: string; readonly outcome: string }> }
    expect(result.leased).toBe(true)
    expect(result.executed.map((r) => r.outcome)).toContain("written")
    const primary = await primaryAccount(dir, T0)
    expect(primary).toMatch(/^557058:/)
    expect(fake.issues.get("SUP-1")?.assignee).toBe(primary)
    expect(fake.count("assignIssue")).toBe(1)
    noSecret(tick)

    const later = await sre(dir, env(T0 + 120_000), "tick", "--json")
    expect(later.code).toBe(0)
    expect(JSON.parse(later.out).executed).toEqual([])
    expect(fake.count("assignIssue")).toBe(1)
    expect(fake.violations).toEqual([])
  })

  it("takes the site from JIRA_SITE_URL when the profile has none (and says so when neither sets it)", async () => {
    const dir = teamRepo(jiraSection(fake.url).replace(/^ {2}site: .*\n/m, ""))
    fake.createIssue({ project: "SUP", summary: "Question about pick", reporter: REPORTER, at: T0 - HOUR })
    const noSite = await sre(dir, env(T0), "sync")
    expect(noSite.code).toBe(4)
    expect(noSite.err).toContain("JIRA_SITE_URL is not set")
    expect(existsSync(join(dir, ".sre"))).toBe(false)
    const r = await sre(dir, env(T0, { JIRA_SITE_URL: fake.url }), "sync")
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^synced [1-9]\d* new events?/)
  })
})

describe("sre init --tracker jira", () => {
  it("writes a profile template that validates and, pointed at the fake site, syncs and assigns", async () => {
    const dir = repo()
    const init = await sre(dir, {}, "init", "--tracker", "jira", "--dir", join(dir, "team"))
    expect(init.code).toBe(0)
    const file = join(dir, "team", "sre.config.yaml")
    const template = readFileSync(file, "utf8")
    expect(template).toContain("kind: jira")
    expect(existsSync(join(dir, "team", "docs", "jira-request-type.md"))).toBe(true)
    // The scheduled workflow passes the Jira credentials, not a GitHub token, to every sre step.
    const workflow = readFileSync(join(dir, "team", ".github", "workflows", "sre-uxdd.yml"), "utf8")
    expect(workflow.match(/JIRA_API_TOKEN: "\$\{\{ secrets\.JIRA_API_TOKEN \}\}"/g)).toHaveLength(3)
    expect(workflow).not.toContain("secrets.GITHUB_TOKEN")
    const validate = await sre(join(dir, "team"), {}, "validate")
    expect(validate.code).toBe(0)
    expect(validate.out).toMatch(/: ok \(My team, 2 members\)$/)

    // The template's members and projects exist on the fake; only the site URL is changed.
    const members = [...template.matchAll(/jira: (\w+)/g)].map((m) => m[1] ?? "")
    expect(members).toHaveLength(2)
    for (const accountId of members) fake.addAccount({ accountId, displayName: accountId, accountType: "atlassian", timeZone: "UTC" })
    expect(template).toMatch(/^ {2}site: https:\/\/my-org\.atlassian\.net/m)
    writeFileSync(file, template.replace(/^( {2}site: )\S+/m, `$1${fake.url}`))
    fake.createIssue({ project: "SUP", summary: "How do I export a mesh?", reporter: REPORTER, at: T0 - HOUR })
    const sync = await sre(join(dir, "team"), env(T0), "sync")
    expect(sync.code).toBe(0)
    expect(sync.out).toMatch(/^synced [1-9]\d* new events? in \d+ pages? from 1 source$/)
    const tick = await sre(join(dir, "team"), env(T0), "tick")
    expect(tick.code).toBe(0)
    expect(members).toContain(fake.issues.get("SUP-1")?.assignee)
    expect(fake.violations).toEqual([])
  })
})

describe("sre on Jira: bad input", () => {
  it("a missing API token: exit 4, the variable named, nothing written", async () => {
    const dir = teamRepo()
    const r = await sre(dir, env(T0, { JIRA_API_TOKEN: undefined }), "sync")
    expect(r.code).toBe(4)
    expect(r.err).toBe("tracker: the Jira credentials are not usable: JIRA_API_TOKEN is not set (or set JIRA_OAUTH_TOKEN)")
    expect(existsSync(join(dir, ".sre"))).toBe(false)
    expect(fake.requests).toEqual([])
  })

  it("a missing e-mail beside the sentinel token: exit 4, the e-mail named, the token never shown, nothing written", async () => {
    const dir = teamRepo()
    for (const args of [["sync"], ["tick"], ["tick", "--json"]]) {
      const r = await sre(dir, env(T0, { JIRA_EMAIL: undefined }), ...args)
      expect(r.code).toBe(4)
      expect(`${r.out}${r.err}`).toContain("JIRA_EMAIL expected the e-mail address of the API token's account")
      noSecret(r)
    }
    expect(existsSync(join(dir, ".sre"))).toBe(false)
    expect(fake.requests).toEqual([])
  })

  it("a refused token: exit 4, neither token shown", async () => {
    const dir = teamRepo()
    const wrong = "jira-wrong-token-0000-SENTINEL"
    const r = await sre(dir, env(T0, { JIRA_API_TOKEN: wrong }), "sync")
    expect(r.code).toBe(4)
    expect(r.err).toMatch(/tracker permission/)
    expect(`${r.out}${r.err}`).not.toContain(wrong)
    expect(`${r.out}${r.err}`).not.toContain(EMAIL)
  })

  it("an unreachable site: exit 4, the token never shown", async () => {
    const dir = teamRepo(jiraSection("http://127.0.0.1:9"))
    const r = await sre(dir, env(T0), "sync")
    expect(r.code).toBe(4)
    expect(r.err).toMatch(/tracker unavailable/)
    noSecret(r)
  })

  it("a bad tracker section: exit 2, every problem with its path, line and column, nothing written", async () => {
    const dir = teamRepo(`
tracker:
  kind: jira
  site: ${fake.url}
  sources:
    - { labels: [support] }
    - { name: bad }
  product: { project: prod }
  colour: blue
`)
    const r = await sre(dir, env(T0), "sync")
    expect(r.code).toBe(2)
    const file = join(dir, "sre.config.yaml")
    const lines = readFileSync(file, "utf8").split("\n")
    const lineOf = (text: string) => lines.findIndex((l) => l.includes(text)) + 1
    const columnOf = (text: string) => (lines.find((l) => l.includes(text)) ?? "").indexOf(text) + 1
    expect(r.err).toContain(`the team profile ${file} has 3 problems:`)
    expect(r.err).toContain(`${file}:${lineOf("colour: blue")}:${columnOf("colour")}: tracker.colour: unknown setting of a jira tracker`)
    expect(r.err).toContain(`${file}:${lineOf("{ name: bad }")}:7: tracker.sources[1]: a source needs a project or labels (or both)`)
    expect(r.err).toContain(`${file}:${lineOf("product:")}:${columnOf("prod }")}: tracker.product.project: expected a Jira project key`)
    expect(existsSync(join(dir, ".sre"))).toBe(false)
    expect(fake.requests).toEqual([])

    const json = await sre(dir, env(T0), "sync", "--json")
    expect(json.code).toBe(2)
    const problems = (JSON.parse(json.out) as { readonly problems: ReadonlyArray<{ readonly path: string; readonly line: number }> }).problems
    expect(problems.map((p) => p.path).sort()).toEqual(["tracker.colour", "tracker.product.project", "tracker.sources[1]"])
    expect(problems.every((p) => p.line > 0)).toBe(true)

    // sre validate reports the same problems, without any credential.
    const validate = await sre(dir, { JIRA_EMAIL: undefined, JIRA_API_TOKEN: undefined }, "validate")
    expect(validate.code).toBe(2)
    expect(validate.err).toBe(r.err)
  })

  it("an unknown tracker kind: exit 2", async () => {
    const dir = teamRepo("\ntracker:\n  kind: trello\n")
    const r = await sre(dir, env(T0), "sync")
    expect(r.code).toBe(2)
    expect(r.err).toContain("tracker.kind: expected github, jira or memory, got \"trello\"")
    const validate = await sre(dir, {}, "validate")
    expect(validate.code).toBe(2)
    expect(validate.err).toMatch(/sre\.config\.yaml:\d+:\d+: tracker\.kind: expected github, jira or memory, got "trello"/)
  })
})

describe("sre schedule publish on Jira", () => {
  it("mentions every member with new shifts on the schedule issue, once, and a second publish tells no one", async () => {
    const item = fake.createIssue({ project: "SUP", summary: "Support schedule", reporter: REPORTER, at: T0 - 2 * HOUR })
    const dir = teamRepo(`${jiraSection(fake.url)}  scheduleItem: ${item.key}\n`)
    const published = await sre(dir, env(T0), "schedule", "publish", "--weeks", "4", "--json")
    expect(published.code).toBe(0)
    noSecret(published)
    const store = (JSON.parse(published.out) as {
      readonly store: { readonly version: number; readonly told: ReadonlyArray<{ readonly member: string; readonly delivered: boolean }> }
    })
      .store
    expect(store.version).toBe(1)
    expect(store.told.length).toBeGreaterThan(1)
    expect(store.told.every((t) => t.delivered)).toBe(true)
    // One comment per member told, on the schedule issue, mentioning that member's account.
    const comments = fake.issues.get(item.key)?.comments ?? []
    expect(comments).toHaveLength(store.told.length)
    const profile = load(join(dir, "sre.config.yaml")).profile
    for (const t of store.told) {
      const account = profile.team.members.find((m) => m.id === t.member)?.handles.jira as string
      expect(comments.filter((c) => JSON.stringify(c.body).includes(account))).toHaveLength(1)
    }
    expect(fake.violations).toEqual([])
    const again = await sre(dir, env(T0 + HOUR), "schedule", "publish", "--weeks", "4", "--json")
    expect(again.code).toBe(0)
    expect(fake.issues.get(item.key)?.comments).toHaveLength(store.told.length)
  })
})
