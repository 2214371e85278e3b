// Credentials never leave the client: a sentinel token and e-mail are searched for in every
// output (stdout, stderr, console), every error (message, detail, JSON), every receipt and
// page, and everything the fake site stored.
import type { Tracker, Types } from "@sre-uxdd/core"
import { Effect, Redacted, Stream } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Config from "../src/Config.js"
import * as JiraTracker from "../src/JiraTracker.js"
import { FakeJira } from "./support/fakeJira.js"
import { accounts, configInput, roster } from "./support/setup.js"
import { must } from "./support/must.js"

const sentinelToken = "SENTINEL-TOKEN-7c1d93a0e5"
const sentinelEmail = "sentinel-7c1d93a0e5@example.org"

let fake: FakeJira
beforeAll(async () => {
  fake = new FakeJira({ email: sentinelEmail, apiToken: sentinelToken })
  for (const a of Object.values(accounts)) fake.addAccount(a)
  fake.addProject("SUP")
  fake.addProject("DESK", "service_desk")
  fake.addProject("PROD")
  await fake.start()
})
afterAll(() => fake.stop())

describe("credentials", () => {
  it("appear in no output, error, receipt, page or stored record", async () => {
    const seen: Array<string> = []
    const out = process.stdout.write.bind(process.stdout)
    const err = process.stderr.write.bind(process.stderr)
    const original = { log: console.log, warn: console.warn, error: console.error, info: console.info, debug: console.debug }
    const capture = (...args: ReadonlyArray<unknown>) => void seen.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a) ?? String(a))).join(" "))
    process.stdout.write = ((chunk: unknown, ...rest: Array<never>) => (capture(String(chunk)), out(chunk as string, ...rest))) as typeof process.stdout.write
    process.stderr.write = ((chunk: unknown, ...rest: Array<never>) => (capture(String(chunk)), err(chunk as string, ...rest))) as typeof process.stderr.write
    Object.assign(console, { log: capture, warn: capture, error: capture, info: capture, debug: capture })
    try {
      const env = { JIRA_SITE_URL: fake.url, JIRA_EMAIL: sentinelEmail, JIRA_API_TOKEN: sentinelToken }
      const credentials = await Effect.runPromise(Config.credentialsFromEnv(env))
      seen.push(String(credentials.token), JSON.stringify(credentials.token), `${credentials.token}`)
      const config = Config.decodeSync(configInput)
      const { notifier, tracker } = JiraTracker.make({
        config,
        credentials,
        onSchemaMismatch: "warn",
        retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 2 }
      })
      const issue = fake.createIssue({ project: "SUP", summary: "q", reporter: accounts.ann.accountId })
      fake.addComment(issue.key, { author: accounts.ada.accountId, text: "hi" })
      const record = (x: unknown) => void seen.push(JSON.stringify(x) ?? String(x))
      const attempt = async (e: Effect.Effect<unknown, { readonly message: string }>) => {
        const r = await Effect.runPromise(Effect.result(e))
        if (r._tag === "Failure") seen.push(r.failure.message, JSON.stringify(r.failure), String(r.failure))
        else record(r.success)
      }
      const inquiry = issue.key as Types.InquiryId
      await attempt(Stream.runCollect(tracker.changes("project:SUP", undefined)))
      await attempt(tracker.history(inquiry))
      const actions: ReadonlyArray<Tracker.TrackerAction> = [
        { _tag: "Comment", key: "s:1", inquiry, text: "hello {@ada}", visibility: "public" },
        { _tag: "Assign", key: "s:2", inquiry, assignee: must(roster[1]).member },
        { _tag: "AddLabel", key: "s:3", inquiry, label: "x" },
        { _tag: "Close", key: "s:4", inquiry, reason: "resolved" },
        { _tag: "CreateIssue", key: "s:5", inquiry, draft: { title: "t", body: "b", labels: [], supportItem: inquiry } },
        { _tag: "AddLabel", key: "s:6", inquiry, label: "has space" },
        { _tag: "Assign", key: "s:7", inquiry: "SUP-404" as Types.InquiryId, assignee: must(roster[0]).member }
      ]
      for (const a of actions) await attempt(tracker.execute(a, 0))
      await attempt(notifier.deliver({ _tag: "Notify", key: "s:8", member: must(roster[0]).member, text: "x", inquiry }, 0))
      // faults: rate limits and outages, retried and not
      fake.faults.push({ status: 429, retryAfter: 0 }, { status: 429 }, { status: 503 }, { status: 503 }, { status: 500 })
      await attempt(tracker.history(inquiry))
      await attempt(tracker.history(inquiry))
      await attempt(tracker.history(inquiry))
      // wrong credentials, and an unreachable site
      const wrong = JiraTracker.make({ config, credentials: { ...credentials, token: Redacted.make(`${sentinelToken}-wrong`) } }).tracker
      await attempt(wrong.history(inquiry))
      await attempt(Stream.runCollect(wrong.changes("project:SUP", undefined)))
      const offline = JiraTracker.make({ config, credentials: { ...credentials, site: "http://127.0.0.1:9" } }).tracker
      await attempt(offline.history(inquiry))
      // what the site stored
      for (const i of fake.issues.values())
        record({ ...i, properties: [...i.properties], comments: i.comments.map((c) => ({ ...c, properties: [...c.properties] })) })
      for (const r of fake.requests) record(r)
    } finally {
      process.stdout.write = out
      process.stderr.write = err
      Object.assign(console, original)
    }
    expect(seen.length).toBeGreaterThan(20)
    const leaks = seen.filter((s) =>
      s.includes(sentinelToken) || s.includes(sentinelEmail) || s.includes(Buffer.from(`${sentinelEmail}:${sentinelToken}`).toString("base64"))
    )
    expect(leaks).toEqual([])
  })
})
