// The conformance suite's harness on the fake GitHub: users and members act on the fake
// directly (as they would on github.com), and views read the fake's state in roster terms.
import { Effect } from "effect"
import type { Types } from "@sre-uxdd/core"
import type { TrackerHarness } from "@sre-uxdd/testing"
import type { FakeGitHub } from "./fake/server.js"
import { members, seed } from "./support.js"

const loginOf = (author: string): string => members.find((m) => m.id === author)?.login ?? author.replace(/^user:/, "")
const actorOf = (login: string): string => {
  if (login.endsWith("[bot]")) return login
  return members.find((m) => m.login.toLowerCase() === login.toLowerCase())?.id ?? `user:${login}`
}
/** Each logical request is tried 4 times by the retry plugin (3 retries): an outage of n requests is 4n refusals. */
const attempts = 4

export const issuesHarness = (fake: FakeGitHub, repo = "visit-dav/support"): TrackerHarness => ({
  members: members.map((m) => m.id as Types.MemberId),
  user: "user:alice",
  reset: Effect.sync(() => seed(fake)),
  open: (input) =>
    Effect.sync(() => {
      const i = fake.openIssue(repo, { title: input.title, body: input.body, user: loginOf(input.author), at: input.at })
      return `${repo}#${i.number}` as Types.InquiryId
    }),
  comment: (inquiry, input) =>
    Effect.sync(() => {
      fake.addComment(repo, Number(inquiry.split("#")[1]), { user: loginOf(input.author), body: input.body, at: input.at })
    }),
  view: (inquiry) =>
    Effect.sync(() => {
      const n = Number(inquiry.split("#")[1])
      const i = fake.issue(repo, n)
      if (i === undefined) throw new Error(`no ${inquiry}`)
      return {
        open: i.state === "open",
        assignees: i.assignees.map(actorOf).filter((a) => !a.startsWith("user:")),
        labels: [...i.labels],
        comments: fake.comments.filter((c) => c.repo === repo && c.issue === n).sort((a, b) => a.id - b.id).map((c) => ({
          author: actorOf(c.user),
          body: c.body
        }))
      }
    }),
  failNext: (n) => Effect.sync(() => void (fake.outages = n * attempts)),
  corrupt: (inquiry) =>
    Effect.sync(() => {
      const n = Number(inquiry.split("#")[1])
      const i = fake.issue(repo, n)
      if (i === undefined) throw new Error(`no ${inquiry}`)
      // a comment dated before the issue was opened
      fake.comments.push({
        id: fake.nextId(),
        repo,
        issue: n,
        user: "alice",
        body: "from the past",
        created_at: i.created_at - 86_400_000,
        updated_at: i.created_at - 86_400_000,
        viaApp: false
      })
    })
})

export const discussionsHarness = (fake: FakeGitHub, repo = "visit-dav/visit", category = "Q&A", label = "SRE"): TrackerHarness => {
  const find = (inquiry: string) => {
    const n = Number(inquiry.split("/").pop())
    const d = fake.discussions.find((x) => x.repo === repo && x.number === n)
    if (d === undefined) throw new Error(`no ${inquiry}`)
    return d
  }
  return {
    members: members.map((m) => m.id as Types.MemberId),
    user: "user:alice",
    reset: Effect.sync(() => seed(fake)),
    open: (input) =>
      Effect.sync(() => {
        const d = fake.openDiscussion(repo, { title: input.title, body: input.body, user: loginOf(input.author), at: input.at, category, labels: [label] })
        return `${repo}/discussions/${d.number}` as Types.InquiryId
      }),
    comment: (inquiry, input) =>
      Effect.sync(() => {
        fake.addDiscussionComment(find(inquiry), { user: loginOf(input.author), body: input.body, at: input.at })
      }),
    view: (inquiry) =>
      Effect.sync(() => {
        const d = find(inquiry)
        return {
          open: !d.closed,
          assignees: [],
          labels: [...d.labels],
          comments: fake.dcomments.filter((c) => c.discussion === d.id).map((c) => ({ author: actorOf(c.user), body: c.body }))
        }
      }),
    failNext: (n) => Effect.sync(() => void (fake.outages = n * attempts)),
    corrupt: (inquiry) =>
      Effect.sync(() => {
        const d = find(inquiry)
        fake.dcomments.push({
          id: `DC_${fake.nextId()}`,
          discussion: d.id,
          replyTo: null,
          user: "alice",
          body: "from the past",
          created_at: d.created_at - 86_400_000
        })
      })
  }
}
