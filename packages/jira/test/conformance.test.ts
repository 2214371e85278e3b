// The shared Tracker conformance suite, against the adapter talking to the fake Jira site
// through jira.js. Every request and response is checked against the vendor's contract.
import { Tracker, type Types } from "@sre-uxdd/core"
import { trackerSuite } from "@sre-uxdd/testing"
import { Effect, Layer } from "effect"
import { afterAll, beforeAll, expect } from "vitest"
import * as Adf from "../src/Adf.js"
import * as JiraTracker from "../src/JiraTracker.js"
import type { FakeJira } from "./support/fakeJira.js"
import { accounts, makeFake, options, roster } from "./support/setup.js"
import { must } from "./support/must.js"

// Built before the suite is declared, started before its first test.
let fake: FakeJira = undefined as unknown as FakeJira
const ready = makeFake().then((f) => (fake = f))
beforeAll(() => ready)
afterAll(async () => {
  expect(fake.violations).toEqual([])
  await fake.stop()
})

const user = `jira:${accounts.ann.accountId}`
const accountOf = (actor: string): string => roster.find((r) => r.member === actor)?.accountId ?? (actor.startsWith("jira:") ? actor.slice(5) : actor)
const actorOf = (accountId: string): string =>
  roster.find((r) => r.accountId === accountId)?.member ?? (accountId === fake.self.accountId ? `jira:${accountId}[bot]` : `jira:${accountId}`)

const layer = Layer.effect(Tracker.Tracker, Effect.sync(() => JiraTracker.make(options(fake)).tracker))

trackerSuite("Jira adapter on the fake Jira site", layer, {
  members: roster.map((r) => r.member),
  user,
  reset: Effect.sync(() => {
    // a violation of the contract in the previous test fails here, before the reset forgets it
    expect(fake.violations).toEqual([])
    fake.reset()
  }),
  open: ({ title, body, author, at }) =>
    Effect.sync(() => fake.createIssue({ project: "SUP", summary: title, description: body, reporter: accountOf(author), at }).key as Types.InquiryId),
  comment: (inquiry, { author, body, at }) => Effect.sync(() => void fake.addComment(inquiry, { author: accountOf(author), text: body, at })),
  view: (inquiry) =>
    Effect.sync(() => {
      const issue = must(fake.issues.get(inquiry))
      return {
        open: issue.status !== "Done" && issue.status !== "Closed",
        assignees: issue.assignee === undefined ? [] : [actorOf(issue.assignee)],
        labels: [...issue.labels],
        comments: issue.comments.map((c) => ({ author: actorOf(c.author), body: Adf.toText(c.body) }))
      }
    }),
  failNext: (n) =>
    Effect.sync(() => {
      fake.faults.length = 0
      for (let i = 0; i < n; i++) fake.faults.push({ status: 503 })
    }),
  corrupt: (inquiry) =>
    Effect.sync(() => {
      const issue = must(fake.issues.get(inquiry))
      fake.addComment(inquiry, { author: accounts.ann.accountId, text: "from before the opening", at: issue.created - 3_600_000 })
    })
})
