// Requests counted by the fake (no timings): a first sync of 1,000 issues with 5,000
// comments, against the lower bound the API allows, and a second sync with nothing changed.
import { Effect, Stream } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Config from "../src/Config.js"
import * as JiraTracker from "../src/JiraTracker.js"
import type { FakeJira } from "./support/fakeJira.js"
import { accounts, configInput, makeFake, options } from "./support/setup.js"
import { must } from "./support/must.js"

let fake: FakeJira
beforeAll(async () => {
  fake = await makeFake()
})
afterAll(() => fake.stop())

const issues = 1000
const commentsPerIssue = 5

describe("sync cost, counted by the fake", () => {
  it("first sync of 1,000 issues with 5,000 comments, then a second sync with nothing changed", async () => {
    const t0 = Date.UTC(2026, 0, 5, 9, 0)
    for (let i = 0; i < issues; i++) {
      const issue = fake.createIssue({ project: "SUP", summary: `question ${i}`, reporter: accounts.ann.accountId, at: t0 + i * 60_000 })
      for (let c = 0; c < commentsPerIssue; c++)
        fake.addComment(issue.key, {
          author: c % 2 === 0 ? accounts.ann.accountId : accounts.ada.accountId,
          text: `comment ${c}`,
          at: t0 + i * 60_000 + (c + 1) * 1000
        })
    }
    const { tracker } = JiraTracker.make(options(fake, { config: Config.decodeSync({ ...configInput, sources: [{ project: "SUP" }] }) }))
    const pages: Array<{ cursor: string; events: number; items: number }> = []
    await Effect.runPromise(
      Stream.runForEach(
        tracker.changes("project:SUP", undefined),
        (p) => Effect.sync(() => void pages.push({ cursor: p.cursor, events: p.events.length, items: p.items.length }))
      )
    )
    const first = fake.requests.length
    const byOp = Object.fromEntries([...new Set(fake.requests.map((r) => r.operationId))].map((op) => [op, fake.count(op)]))
    expect(pages.reduce((n, p) => n + p.items, 0)).toBe(issues)
    expect(pages.reduce((n, p) => n + p.events, 0)).toBe(issues * (1 + commentsPerIssue))
    // The lower bound: /myself once (the JQL time zone), ceil(1000 / 100) search pages (at
    // most 100 issues per page with fields, assumption A1), every comment embedded (5 <= 20,
    // A5), and one changelog bulk fetch (up to 1,000 issues per request).
    const lowerBound = 1 + Math.ceil(issues / 100) + Math.ceil(issues / 1000)
    console.log(`[jira perf] first sync: ${first} requests (${JSON.stringify(byOp)}); lower bound ${lowerBound}`)
    expect(byOp["getComments"] ?? 0).toBe(0)
    expect(first).toBe(lowerBound)
    fake.requests.length = 0
    await Effect.runPromise(Stream.runDrain(tracker.changes("project:SUP", must(pages.at(-1)).cursor)))
    console.log(`[jira perf] second sync, nothing changed: ${fake.requests.length} request(s): ${fake.requests.map((r) => r.operationId).join(", ")}`)
    expect(fake.requests.map((r) => r.operationId)).toEqual(["searchAndReconsileIssuesUsingJqlPost"])
    expect(fake.violations).toEqual([])
  })
})
