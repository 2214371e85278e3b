// sre serve with a Jira profile, on 127.0.0.1, against the fake Jira site and a real SQLite
// file: a signed Jira webhook delivery is processed once even when delivered twice (sync and
// tick for the issue: it is assigned once); bad deliveries get 401, 400 and 413 and the server
// keeps serving; only the profile's tracker has a webhook route.
import { Webhook } from "@sre-uxdd/jira"
import { Effect, Exit, Redacted, Scope } from "effect"
import { readFileSync, writeFileSync } from "node:fs"
import type { AddressInfo } from "node:net"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Compose from "../src/compose.js"
import { dutiesOf } from "../src/commands/run.js"
import { makeServer } from "../src/commands/serve.js"
import { load } from "../src/profileFile.js"
import { API_TOKEN, EMAIL, type FakeJira, jiraProfile, jiraSection, REPORTER, startFakeJira } from "./support/fakeJira.js"
import { example, repo } from "./support/sre.js"

const HOUR = 3_600_000
const T0 = Date.parse("2026-12-01T18:00:00Z")
const SECRET = "jira-webhook-secret-for-tests"

interface Served {
  readonly app: Awaited<ReturnType<typeof makeServer>>
  readonly base: string
  readonly scope: Scope.Closeable
}

const serve = async (
  profileText: string,
  env: Compose.Environment,
  options: Compose.ServiceOptions,
  secrets: { githubSecret?: string; jiraSecret?: string }
) => {
  const dir = repo()
  writeFileSync(join(dir, "sre.config.yaml"), profileText)
  const loaded = load(join(dir, "sre.config.yaml"))
  const scope = await Effect.runPromise(Scope.make())
  const services = await Effect.runPromise(
    Compose.services(loaded.profile, loaded.file, dutiesOf(loaded, T0), env, options).pipe(Effect.provideService(Scope.Scope, scope))
  )
  const app = await makeServer({ loaded, services, now: () => T0, githubSecret: secrets.githubSecret, jiraSecret: secrets.jiraSecret, maxBody: 64 * 1024 })
  await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", () => resolve()))
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, scope } satisfies Served
}

const close = async (s: Served | undefined) => {
  if (s === undefined) return
  await new Promise<void>((resolve) => s.app.server.close(() => resolve()))
  await s.app.idle()
  await Effect.runPromise(Scope.close(s.scope, Exit.void))
}

let fake: FakeJira
let jira: Served
beforeAll(async () => {
  fake = await startFakeJira()
  fake.now = T0 - HOUR
  jira = await serve(jiraProfile(example) + jiraSection(fake.url), { JIRA_EMAIL: EMAIL, JIRA_API_TOKEN: API_TOKEN }, {}, {
    jiraSecret: SECRET,
    githubSecret: "a-github-secret"
  })
}, 60_000)
afterAll(async () => {
  await close(jira)
  await fake.stop()
})

const bytes = (text: string) => new TextEncoder().encode(text)
const event = (key: string) =>
  JSON.stringify({
    timestamp: T0 - HOUR,
    webhookEvent: "jira:issue_created",
    issue_event_type_name: "issue_created",
    issue: { id: "10001", key, fields: { summary: "VisIt crashes opening a Silo file" } }
  })
const post = (body: string, headers: Record<string, string>) =>
  fetch(`${jira.base}/webhooks/jira`, { method: "POST", body, headers: { "content-type": "application/json", ...headers } })
const signed = (body: string, id: string) => ({
  "x-hub-signature": Webhook.sign(Redacted.make(SECRET), bytes(body)),
  "x-atlassian-webhook-identifier": id
})

describe("sre serve on Jira", () => {
  it("processes a signed delivery once even when it is delivered twice: synced, ticked, the issue assigned once", async () => {
    const issue = fake.createIssue({ project: "SUP", summary: "VisIt crashes opening a Silo file", reporter: REPORTER, at: T0 - HOUR })
    const body = event(issue.key)
    const first = await post(body, signed(body, "delivery-1"))
    expect(first.status).toBe(202)
    const second = await post(body, signed(body, "delivery-1"))
    expect(second.status).toBe(200)
    expect(await second.text()).toBe("duplicate\n")
    await jira.app.idle()
    expect(jira.app.stats).toMatchObject({ deliveries: 1, duplicates: 1, runs: 1, lastError: undefined })
    expect(fake.issues.get(issue.key)?.assignee).toMatch(/^557058:/)
    expect(fake.count("assignIssue")).toBe(1)
    expect(fake.violations).toEqual([])
  })

  it("answers a wrong or missing signature 401, a malformed body 400, an oversized one 413, and keeps serving", async () => {
    const before = { ...jira.app.stats }
    const body = event("SUP-1")
    const wrong = await post(body, { "x-hub-signature": Webhook.sign(Redacted.make("not-the-secret"), bytes(body)), "x-atlassian-webhook-identifier": "bad-1" })
    expect(wrong.status).toBe(401)
    expect(await wrong.text()).toContain("bad-signature")
    expect((await post(body, { "x-atlassian-webhook-identifier": "bad-2" })).status).toBe(401)
    // A GitHub-style signature header is no Jira signature.
    expect((await post(body, { "x-hub-signature-256": Webhook.sign(Redacted.make(SECRET), bytes(body)) })).status).toBe(401)
    const notJson = "{not json"
    const malformed = await post(notJson, signed(notJson, "bad-3"))
    expect(malformed.status).toBe(400)
    expect(await malformed.text()).toContain("malformed")
    const big = JSON.stringify({ webhookEvent: "jira:issue_updated", pad: "x".repeat(100 * 1024) })
    expect((await post(big, signed(big, "bad-4"))).status).toBe(413)
    // The profile's tracker is Jira: the GitHub route is not served, even with a GitHub secret.
    const github = await fetch(`${jira.base}/webhooks/github`, { method: "POST", body, headers: { "x-github-event": "issues", "x-github-delivery": "g-1" } })
    expect(github.status).toBe(404)
    expect(await github.text()).toBe("the profile's tracker is jira, not GitHub\n")
    expect(jira.app.stats.rejected - before.rejected).toBe(5)
    expect(jira.app.stats.deliveries).toBe(before.deliveries)
    expect(jira.app.stats.runs).toBe(before.runs)
    const health = await fetch(`${jira.base}/healthz`)
    expect(health.status).toBe(200)
    expect((await health.json()) as { ok: boolean }).toMatchObject({ ok: true })
    // Still taking good deliveries after the bad ones.
    const good = event("SUP-1")
    expect((await post(good, signed(good, "delivery-after-bad"))).status).toBe(202)
    await jira.app.idle()
    expect(fake.count("assignIssue")).toBe(1)
  })

  it("a GitHub profile has no Jira route, even with a Jira secret; a Jira profile without a secret answers 404", async () => {
    let github: Served | undefined
    let unsigned: Served | undefined
    try {
      const githubProfile = readFileSync(example, "utf8") + "\ntracker:\n  kind: github\n  sources: [{ kind: issues, repo: visit-dav/support }]\n"
      github = await serve(githubProfile, {}, { tracker: false }, { jiraSecret: SECRET })
      const body = event("SUP-1")
      const r = await fetch(`${github.base}/webhooks/jira`, { method: "POST", body, headers: signed(body, "x-1") })
      expect(r.status).toBe(404)
      expect(await r.text()).toBe("the profile's tracker is github, not Jira\n")
      expect(github.app.stats.deliveries).toBe(0)

      unsigned = await serve(jiraProfile(example) + jiraSection(fake.url), { JIRA_EMAIL: EMAIL, JIRA_API_TOKEN: API_TOKEN }, {}, {})
      const u = await fetch(`${unsigned.base}/webhooks/jira`, { method: "POST", body, headers: signed(body, "x-2") })
      expect(u.status).toBe(404)
      expect(await u.text()).toContain("SRE_UXDD_JIRA_WEBHOOK_SECRET")
    } finally {
      await close(github)
      await close(unsigned)
    }
  })
})
