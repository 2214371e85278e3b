// Fault switches of the fake: 429 with and without Retry-After, 503, 410 on the old search.
// Retries are opt-in; a 4xx that is not a rate limit is never retried.
import type { Types } from "@sre-uxdd/core"
import { Effect, Stream } from "effect"
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import * as JiraTracker from "../src/JiraTracker.js"
import type { FakeJira } from "./support/fakeJira.js"
import { accounts, email, makeFake, options, token } from "./support/setup.js"

let fake: FakeJira
beforeAll(async () => {
  fake = await makeFake()
})
afterAll(() => fake.stop())
beforeEach(() => fake.reset())
afterEach(() => expect(fake.violations).toEqual([]))

const run = <A, E>(e: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(e)
const retrying = { maxAttempts: 4, initialDelayMs: 5, maxDelayMs: 20 }
const history = (t: JiraTracker.Options) => run(JiraTracker.make(t).tracker.history("SUP-1" as Types.InquiryId))

describe("JiraTracker retries (opt-in)", () => {
  it("without retries, a 429 is a retryable rate-limited error carrying Retry-After", async () => {
    fake.createIssue({ project: "SUP", summary: "q", reporter: accounts.ann.accountId })
    fake.faults.push({ status: 429, retryAfter: 7 })
    await expect(history(options(fake))).rejects.toMatchObject({ reason: "rate-limited", retryable: true, retryAfter: 7000 })
    expect(fake.count()).toBe(1)
  })

  it("honours Retry-After on a 429, then succeeds", async () => {
    fake.createIssue({ project: "SUP", summary: "q", reporter: accounts.ann.accountId })
    fake.faults.push({ status: 429, retryAfter: 1 })
    const h = await history(options(fake, { retry: retrying }))
    expect(h.item.inquiry).toBe("SUP-1")
    const statuses = fake.requests.map((r) => r.status)
    expect(statuses[0]).toBe(429)
    expect(statuses.slice(1).every((s) => s === 200)).toBe(true)
  })

  it("backs off on a 429 without Retry-After and on 503s, up to the attempts allowed", async () => {
    fake.createIssue({ project: "SUP", summary: "q", reporter: accounts.ann.accountId })
    fake.faults.push({ status: 429 }, { status: 503 }, { status: 503 })
    expect((await history(options(fake, { retry: retrying }))).item.title).toBe("q")
    fake.reset()
    fake.createIssue({ project: "SUP", summary: "q", reporter: accounts.ann.accountId })
    fake.faults.push({ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 })
    await expect(history(options(fake, { retry: retrying }))).rejects.toMatchObject({ reason: "unavailable", retryable: true })
    expect(fake.count()).toBe(4)
  })

  it("never retries a 4xx that is not a rate limit", async () => {
    fake.faults.push({ status: 400 })
    await expect(history(options(fake, { retry: retrying }))).rejects.toMatchObject({ reason: "invalid-request", retryable: false })
    expect(fake.count()).toBe(1)
    fake.reset()
    await expect(history(options(fake, { retry: retrying }))).rejects.toMatchObject({ reason: "not-found", retryable: false })
    expect(fake.count("getIssue")).toBe(1)
  })
})

describe("the old search endpoint", () => {
  it("answers 410 Gone, and the adapter never calls it", async () => {
    const res = await fetch(`${fake.url}/rest/api/3/search?jql=${encodeURIComponent("project = \"SUP\"")}`, {
      headers: { authorization: `Basic ${Buffer.from(`${email}:${token}`).toString("base64")}` }
    })
    expect(res.status).toBe(410)
    expect(await res.text()).toContain("/rest/api/3/search/jql")
    fake.requests.length = 0
    fake.createIssue({ project: "SUP", summary: "q", reporter: accounts.ann.accountId })
    await run(Stream.runDrain(JiraTracker.make(options(fake)).tracker.changes("project:SUP", undefined)))
    expect(fake.requests.some((r) => r.path === "/rest/api/3/search")).toBe(false)
  })
})

describe("wrong credentials", () => {
  it("fail clearly at /myself instead of reading an anonymous, empty site", async () => {
    fake.createIssue({ project: "SUP", summary: "q", reporter: accounts.ann.accountId })
    const bad = options(fake)
    const t = JiraTracker.make({
      ...bad,
      credentials: { ...bad.credentials, _tag: "ApiToken", email, token: (await import("effect")).Redacted.make("wrong") } as typeof bad.credentials
    }).tracker
    await expect(run(Stream.runCollect(t.changes("project:SUP", undefined)))).rejects.toMatchObject({
      reason: "permission",
      detail: expect.stringContaining("rejected by /rest/api/3/myself")
    })
    expect(fake.count("searchAndReconsileIssuesUsingJqlPost")).toBe(0)
  })
})
