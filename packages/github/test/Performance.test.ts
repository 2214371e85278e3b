// Request counts, counted by the fake (never timed): the issue's three figures.
import { Stream } from "effect"
import { describe, expect, it } from "vitest"
import { Webhooks } from "../src/index.js"
import type { FakeGitHub } from "./fake/server.js"
import { adapter, members, run, useFake } from "./support.js"

describe("GitHub request budget (counted by the fake)", () => {
  const { fake } = useFake()

  it(
    "first sync of 1,000 issues and 5,000 comments in at most 70 requests; an unchanged second sync costs 0 points; a webhook-driven update of one issue at most 2 requests",
    async () => {
      const repo = "visit-dav/support"
      const t0 = Date.UTC(2026, 0, 1)
      for (let n = 0; n < 1000; n++) {
        const at = t0 + n * 60_000
        const i = fake.openIssue(repo, { title: `Question ${n}`, body: "?", user: `user${n % 37}`, at })
        for (let c = 0; c < 5; c++)
          fake.addComment(repo, i.number, { user: c % 2 === 0 ? "ada-l" : `user${n % 37}`, body: `reply ${c}`, at: at + (c + 1) * 1000 })
        if (n % 4 === 0) fake.addEvent({ repo, issue: i.number, actor: "ada-l", event: "assigned", created_at: at + 500, assignee: "ada-l" })
      }
      fake.setTime(t0 + 1000 * 60_000)
      const a = adapter(fake)
      fake.resetStats()
      const first = await run(Stream.runCollect(a.tracker.changes("issues:visit-dav/support", undefined)))
      const firstRequests = fake.stats.requests
      expect(first.flatMap((p) => p.items).length).toBe(1000)
      expect(first.flatMap((p) => p.events).filter((e) => e.type === "commented").length).toBe(5000)
      expect(first.flatMap((p) => p.events).filter((e) => e.type === "assigned").length).toBe(250)
      expect(firstRequests).toBeLessThanOrEqual(70)

      const cursor = first[first.length - 1]?.cursor
      fake.resetStats()
      const second = await run(Stream.runCollect(a.tracker.changes("issues:visit-dav/support", cursor)))
      expect(second.flatMap((p) => p.events)).toEqual([])
      expect(fake.stats.points).toBe(0)
      const secondRequests = fake.stats.requests
      const secondPoints = fake.stats.points

      // a user comments; GitHub delivers issue_comment; the adapter refreshes that one issue
      const c = fake.addComment(repo, 500, { user: "user1", body: "still broken" })
      const payload = {
        action: "created",
        repository: { full_name: repo },
        issue: issueOf(fake, 500),
        comment: {
          id: c.id,
          body: c.body,
          user: { login: "user1", type: "User" },
          created_at: new Date(c.created_at).toISOString(),
          updated_at: new Date(c.updated_at).toISOString(),
          issue_url: `${fake.url}/repos/${repo}/issues/500`,
          html_url: ""
        }
      }
      const body = new TextEncoder().encode(JSON.stringify(payload))
      const receiver = Webhooks.receiver({ secret: "hook-secret", members: [...members] })
      fake.resetStats()
      const delivery = await run(
        receiver.receive({ "x-hub-signature-256": Webhooks.sign("hook-secret", body), "x-github-event": "issue_comment", "x-github-delivery": "d-perf" }, body)
      )
      expect(delivery.events.map((e) => e.id)).toEqual([`comment:${c.id}`])
      const refreshed = await run(a.refresh(delivery.inquiry ?? ("" as never), c.created_at))
      expect(refreshed.events.some((e) => e.id === `comment:${c.id}`)).toBe(true)
      const webhookRequests = fake.stats.requests
      expect(webhookRequests).toBeLessThanOrEqual(2)
      console.log(
        `request budget: first sync ${firstRequests} requests; unchanged second sync ${secondRequests} requests, ${secondPoints} points; webhook-driven update ${webhookRequests} requests (payload mapping alone: 0)`
      )
    },
    180_000
  )
})

const issueOf = (fake: FakeGitHub, n: number) => {
  const i = fake.issue("visit-dav/support", n)
  if (i === undefined) throw new Error("no issue")
  return {
    id: i.id,
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    html_url: "",
    user: { login: i.user, type: "User" },
    labels: [],
    assignees: [],
    created_at: new Date(i.created_at).toISOString(),
    updated_at: new Date(i.updated_at).toISOString(),
    closed_at: null
  }
}
