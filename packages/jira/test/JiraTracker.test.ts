import { Action, Inquiry, type Tracker, type Types } from "@sre-uxdd/core"
import { Effect, Stream } from "effect"
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import * as Adf from "../src/Adf.js"
import * as Config from "../src/Config.js"
import * as JiraTracker from "../src/JiraTracker.js"
import { adfProblems } from "./support/contract.js"
import type { FakeJira } from "./support/fakeJira.js"
import { accounts, configInput, makeFake, options } from "./support/setup.js"
import { must } from "./support/must.js"

let fake: FakeJira
beforeAll(async () => {
  fake = await makeFake()
})
afterAll(() => fake.stop())
beforeEach(() => {
  fake.reset()
  fake.now = Date.UTC(2026, 0, 5, 9, 0)
})
afterEach(() => {
  expect(fake.violations).toEqual([])
  expect(fake.requests.filter((r) => r.operationId === "unknown")).toEqual([])
})

const run = <A, E>(e: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(e)
const sync = (t: Tracker.Tracker["Service"], source: string, cursor?: string): Promise<ReadonlyArray<Tracker.Page>> =>
  run(Stream.runCollect(t.changes(source, cursor)))
const id = (s: string) => s as Types.InquiryId
const m = (s: string) => s as Types.MemberId
const minute = 60_000

describe("JiraTracker.changes", () => {
  it("reads every issue of a source through /search/jql pages, with only the fields it needs", async () => {
    for (let i = 0; i < 7; i++) fake.createIssue({ project: "SUP", summary: `q${i}`, reporter: accounts.ann.accountId, at: fake.now + i * minute })
    fake.createIssue({ project: "PROD", summary: "not support", reporter: accounts.ann.accountId })
    const { tracker } = JiraTracker.make(options(fake, { config: Config.decodeSync({ ...configInput, pageSize: 3 }) }))
    const pages = await sync(tracker, "project:SUP")
    expect(pages.map((p) => p.items.length)).toEqual([3, 3, 1])
    expect(pages.flatMap((p) => p.items.map((i) => i.title))).toEqual(["q0", "q1", "q2", "q3", "q4", "q5", "q6"])
    const searches = fake.requests.filter((r) => r.operationId === "searchAndReconsileIssuesUsingJqlPost").map((r) => JSON.parse(String(r.body)))
    expect(searches).toHaveLength(3)
    expect(searches[0].jql).toBe("project = \"SUP\" ORDER BY updated ASC, key ASC")
    expect(searches[0].fields).toEqual([
      "summary",
      "description",
      "status",
      "labels",
      "assignee",
      "reporter",
      "created",
      "updated",
      "project",
      "priority",
      "comment"
    ])
    expect(searches[1].nextPageToken).toBeTypeOf("string")
    expect(fake.count("searchForIssuesUsingJql") + fake.count("searchForIssuesUsingJqlPost")).toBe(0)
  })

  it("resumes from the cursor with updated >= the watermark minus the margin, in the caller's zone, at minute precision", async () => {
    const issue = fake.createIssue({ project: "SUP", summary: "q", reporter: accounts.ann.accountId, at: Date.UTC(2026, 0, 5, 9, 17, 42) })
    const { tracker } = JiraTracker.make(options(fake))
    const first = await sync(tracker, "project:SUP")
    fake.requests.length = 0
    fake.addComment(issue.key, { author: accounts.ann.accountId, text: "more", at: Date.UTC(2026, 0, 5, 9, 30) })
    const second = await sync(tracker, "project:SUP", must(first.at(-1)).cursor)
    const jql = JSON.parse(String(must(fake.requests.find((r) => r.operationId === "searchAndReconsileIssuesUsingJqlPost")).body)).jql
    // the bot's zone is Europe/Berlin (UTC+1 in January): 09:17:42Z - 2 min -> 10:15 local
    expect(jql).toBe("project = \"SUP\" AND updated >= \"2026-01-05 10:15\" ORDER BY updated ASC, key ASC")
    expect(second.flatMap((p) => p.events).filter((e) => e.type === "commented")).toHaveLength(1)
  })

  it("does not lose an issue updated in the same minute as the watermark, and skips the unchanged ones it reads again", async () => {
    const a = fake.createIssue({ project: "SUP", summary: "a", reporter: accounts.ann.accountId, at: Date.UTC(2026, 0, 5, 9, 0, 10) })
    const { tracker } = JiraTracker.make(options(fake))
    const first = await sync(tracker, "project:SUP")
    fake.createIssue({ project: "SUP", summary: "b", reporter: accounts.ann.accountId, at: Date.UTC(2026, 0, 5, 9, 0, 5) }) // indexed late, same minute
    fake.requests.length = 0
    const second = await sync(tracker, "project:SUP", must(first.at(-1)).cursor)
    expect(second.flatMap((p) => p.items.map((i) => i.title))).toEqual(["b"])
    expect(fake.count("getBulkChangelogs")).toBe(1)
    expect(a.key).toBe("SUP-1")
  })

  it("answers a second sync with nothing changed with one search request per source", async () => {
    for (let i = 0; i < 5; i++) fake.createIssue({ project: "SUP", summary: `q${i}`, reporter: accounts.ann.accountId, at: fake.now + i * 1000 })
    const { tracker } = JiraTracker.make(options(fake))
    const first = await sync(tracker, "project:SUP")
    fake.requests.length = 0
    const second = await sync(tracker, "project:SUP", must(first.at(-1)).cursor)
    expect(fake.requests.map((r) => r.operationId)).toEqual(["searchAndReconsileIssuesUsingJqlPost"])
    expect(second.flatMap((p) => p.items)).toEqual([])
  })

  it("narrows by labels and the source's JQL filter", async () => {
    fake.createIssue({ project: "SUP", summary: "labelled", reporter: accounts.ann.accountId, labels: ["help"] })
    fake.createIssue({ project: "SUP", summary: "plain", reporter: accounts.ann.accountId })
    fake.createIssue({ project: "PROD", summary: "elsewhere", reporter: accounts.ann.accountId, labels: ["help"] })
    const config = Config.decodeSync({ ...configInput, sources: [{ labels: ["help"], jql: "project != \"PROD\"" }] })
    const { tracker } = JiraTracker.make(options(fake, { config }))
    expect(tracker.sources).toEqual(["labels:help+jql"])
    const pages = await sync(tracker, "labels:help+jql")
    expect(pages.flatMap((p) => p.items.map((i) => i.title))).toEqual(["labelled"])
  })

  it("fails clearly for an unknown source and a cursor it did not write", async () => {
    const { tracker } = JiraTracker.make(options(fake))
    await expect(sync(tracker, "project:NOPE")).rejects.toThrow(/source "project:NOPE" is not configured/)
    await expect(sync(tracker, "project:SUP", "garbage")).rejects.toThrow(/cursor: expected a cursor written by the Jira adapter/)
  })

  it("fetches the comments an issue has beyond those embedded in the search result", async () => {
    const issue = fake.createIssue({ project: "SUP", summary: "long", reporter: accounts.ann.accountId })
    for (let i = 0; i < 25; i++) fake.addComment(issue.key, { author: accounts.ann.accountId, text: `c${i}`, at: fake.now + (i + 1) * minute })
    const { tracker } = JiraTracker.make(options(fake))
    const pages = await sync(tracker, "project:SUP")
    expect(pages.flatMap((p) => p.events).filter((e) => e.type === "commented")).toHaveLength(25)
    expect(fake.count("getComments")).toBe(1)
  })
})

describe("JiraTracker.history", () => {
  it("maps comments and the changelog to events with stable ids: roster members, users, apps and the adapter itself", async () => {
    const issue = fake.createIssue({ project: "SUP", summary: "Crash on load", description: "It crashes.", reporter: accounts.ann.accountId, labels: ["bug"] })
    fake.addComment(issue.key, { author: accounts.automation.accountId, text: "auto-reply", at: fake.now + minute })
    fake.addComment(issue.key, { author: accounts.ada.accountId, text: "looking", at: fake.now + 2 * minute })
    fake.addComment(issue.key, { author: accounts.bob.accountId, text: "team note", at: fake.now + 3 * minute, internal: true })
    fake.addHistory(issue, accounts.ada.accountId, fake.now + 4 * minute, [{
      field: "assignee",
      fieldId: "assignee",
      from: null,
      fromString: null,
      to: accounts.bob.accountId,
      toString: "Bob"
    }])
    const { tracker } = JiraTracker.make(options(fake))
    const h = await run(tracker.history(id(issue.key)))
    expect(h.item).toMatchObject({ inquiry: issue.key, source: "project:SUP", title: "Crash on load", state: "open", labels: ["bug"], assignees: [] })
    expect(h.events.map((e) => [e.type, e.id, e.actor])).toEqual([
      ["opened", "opened", `jira:${accounts.ann.accountId}`],
      ["commented", expect.stringMatching(/^comment:\d+$/), `jira:${accounts.automation.accountId}[bot]`],
      ["commented", expect.stringMatching(/^comment:\d+$/), "ada"],
      ["commented", expect.stringMatching(/^comment:\d+$/), "bob"],
      ["assigned", expect.stringMatching(/^history:\d+:assignee$/), "ada"]
    ])
    expect(h.events.map((e) => (e.type === "commented" ? e.visibility : undefined))).toEqual([undefined, "public", "public", "internal", undefined])
    expect(h.events[0]).toMatchObject({ channel: "jira", body: "It crashes.", reporter: `jira:${accounts.ann.accountId}`, priority: "Medium" })
    // replayable by core, with the roster as the team and the app as a bot
    const state = Inquiry.replaySync(h.events, { policy: Inquiry.responsePolicy({ team: ["ada", "bob", "cy"] }) })
    expect(state).toBeDefined()
    expect(await run(tracker.history(id(issue.key)))).toEqual(h)
  })

  it("reads JSM's public and internal comments on a service desk project", async () => {
    const issue = fake.createIssue({ project: "DESK", summary: "Help", reporter: accounts.customer.accountId })
    fake.addComment(issue.key, { author: accounts.ada.accountId, text: "reply", at: fake.now + minute })
    fake.addComment(issue.key, { author: accounts.bob.accountId, text: "internal", at: fake.now + 2 * minute, internal: true })
    const { tracker } = JiraTracker.make(options(fake))
    const h = await run(tracker.history(id(issue.key)))
    expect(h.item.source).toBe("desk")
    expect(h.events.map((e) => (e.type === "commented" ? e.visibility : e.type === "opened" ? e.channel : e.type))).toEqual([
      "jira-service-desk",
      "public",
      "internal"
    ])
  })

  it("fails with not-found naming the item", async () => {
    const { tracker } = JiraTracker.make(options(fake))
    await expect(run(tracker.history(id("SUP-999")))).rejects.toMatchObject({ reason: "not-found", inquiry: "SUP-999" })
  })
})

describe("JiraTracker.execute", () => {
  const now = Date.UTC(2026, 0, 5, 10, 0)

  it("comments in ADF with mentions by accountId, once per key", async () => {
    const issue = fake.createIssue({ project: "SUP", summary: "q", reporter: accounts.ann.accountId })
    const { tracker } = JiraTracker.make(options(fake))
    const action: Tracker.TrackerAction = {
      _tag: "Comment",
      key: Action.key(issue.key, 3, "handoff"),
      inquiry: id(issue.key),
      text: "Handing over to {@bob}.\n\n- **status**: waiting\n- next: `run it`",
      visibility: "public"
    }
    const first = await run(tracker.execute(action, now))
    expect(first).toMatchObject({ outcome: "written", key: action.key, action: "Comment" })
    expect(first.events).toEqual([
      expect.objectContaining({
        type: "commented",
        id: `comment:${must(issue.comments[0]).id}`,
        visibility: "public",
        actor: `jira:${fake.self.accountId}[bot]`
      })
    ])
    const body = must(issue.comments[0]).body
    expect(adfProblems(body)).toBeUndefined()
    expect(Adf.mentionedAccounts(body)).toEqual([accounts.bob.accountId])
    const again = await run(tracker.execute(action, now))
    expect(again.outcome).toBe("already-done")
    expect(again.events).toEqual(first.events)
    expect(issue.comments).toHaveLength(1)
    expect(first.requests).toBeGreaterThan(0)
  })

  it("writes internal comments as JSM internal comments on a service desk, restricted comments elsewhere", async () => {
    const desk = fake.createIssue({ project: "DESK", summary: "q", reporter: accounts.customer.accountId })
    const sup = fake.createIssue({ project: "SUP", summary: "q", reporter: accounts.ann.accountId })
    const { tracker } = JiraTracker.make(options(fake))
    for (const issue of [desk, sup])
      await run(tracker.execute({ _tag: "Comment", key: `${issue.key}:s1:note`, inquiry: id(issue.key), text: "team only", visibility: "internal" }, now))
    expect(desk.comments[0]).toMatchObject({ jsdPublic: false, visibility: undefined })
    expect(sup.comments[0]).toMatchObject({ jsdPublic: true, visibility: { type: "role", value: "Administrators" } })
  })

  it("assigns by accountId, reads the change back, and knows when it already holds", async () => {
    const issue = fake.createIssue({ project: "SUP", summary: "q", reporter: accounts.ann.accountId })
    const { tracker } = JiraTracker.make(options(fake))
    const action: Tracker.TrackerAction = { _tag: "Assign", key: `${issue.key}:s1:assign`, inquiry: id(issue.key), assignee: m("cy") }
    const r = await run(tracker.execute(action, now))
    expect(issue.assignee).toBe(accounts.cy.accountId)
    expect(r.events).toEqual([expect.objectContaining({ type: "assigned", to: "cy", id: `history:${must(issue.histories[0]).id}:assignee` })])
    expect((await run(tracker.execute(action, now))).outcome).toBe("already-done")
    const h = await run(tracker.history(id(issue.key)))
    expect(h.item.assignees).toEqual(["cy"])
    expect(h.events).toContainEqual(r.events[0])
  })

  it("reports a write the site silently dropped as a permission error", async () => {
    const issue = fake.createIssue({ project: "SUP", summary: "q", reporter: accounts.ann.accountId })
    fake.dropWrites = true
    const { tracker } = JiraTracker.make(options(fake))
    await expect(run(tracker.execute({ _tag: "Assign", key: "k1", inquiry: id(issue.key), assignee: m("ada") }, now))).rejects.toMatchObject({
      reason: "permission",
      key: "k1",
      inquiry: issue.key
    })
    await expect(run(tracker.execute({ _tag: "AddLabel", key: "k2", inquiry: id(issue.key), label: "on-duty" }, now))).rejects.toMatchObject({
      reason: "permission"
    })
  })

  it("adds and removes labels, refusing one with a space before any write", async () => {
    const issue = fake.createIssue({ project: "SUP", summary: "q", reporter: accounts.ann.accountId, labels: ["x"] })
    const { tracker } = JiraTracker.make(options(fake))
    expect((await run(tracker.execute({ _tag: "AddLabel", key: "a", inquiry: id(issue.key), label: "on-duty" }, now))).outcome).toBe("written")
    expect((await run(tracker.execute({ _tag: "AddLabel", key: "a", inquiry: id(issue.key), label: "on-duty" }, now))).outcome).toBe("already-done")
    expect((await run(tracker.execute({ _tag: "RemoveLabel", key: "b", inquiry: id(issue.key), label: "x" }, now))).outcome).toBe("written")
    expect(issue.labels).toEqual(["on-duty"])
    const before = fake.count("editIssue")
    await expect(run(tracker.execute({ _tag: "AddLabel", key: "c", inquiry: id(issue.key), label: "two words" }, now))).rejects.toMatchObject({
      reason: "invalid-request"
    })
    expect(fake.count("editIssue")).toBe(before)
  })

  it("closes through the workflow's transition by name, filling a required resolution", async () => {
    const desk = fake.createIssue({ project: "DESK", summary: "q", reporter: accounts.customer.accountId })
    const sup = fake.createIssue({ project: "SUP", summary: "q", reporter: accounts.ann.accountId })
    const { tracker } = JiraTracker.make(options(fake))
    const r1 = await run(tracker.execute({ _tag: "Close", key: "c1", inquiry: id(desk.key), reason: "duplicate" }, now))
    expect(desk).toMatchObject({ status: "Closed", resolution: "Duplicate" })
    expect(r1.events).toEqual([expect.objectContaining({ type: "closed", reason: "duplicate" })])
    const r2 = await run(tracker.execute({ _tag: "Close", key: "c2", inquiry: id(sup.key), reason: "resolved" }, now))
    expect(sup).toMatchObject({ status: "Done", resolution: "Done" })
    expect(r2.detail).toContain("Done")
    expect((await run(tracker.execute({ _tag: "Close", key: "c2", inquiry: id(sup.key), reason: "resolved" }, now))).outcome).toBe("already-done")
    const h = await run(tracker.history(id(desk.key)))
    expect(h.item.state).toBe("closed")
    expect(h.events).toContainEqual(r1.events[0])
  })

  it("promotes: one product issue with an ADF description, linked by the configured type, once", async () => {
    const issue = fake.createIssue({ project: "SUP", summary: "q", reporter: accounts.ann.accountId })
    const { tracker } = JiraTracker.make(options(fake))
    const action: Tracker.TrackerAction = {
      _tag: "CreateIssue",
      key: `${issue.key}:s2:promote`,
      inquiry: id(issue.key),
      draft: { title: "Fix the crash", body: "Seen by **Ann**; {@ada} knows more.", labels: ["from-support"], supportItem: id(issue.key) }
    }
    const r = await run(tracker.execute(action, now))
    const product = [...fake.issues.values()].filter((i) => i.project === "PROD")
    expect(product).toHaveLength(1)
    expect(r).toMatchObject({ outcome: "written", reference: must(product[0]).key })
    expect(adfProblems(must(product[0]).description)).toBeUndefined()
    expect(Adf.toText(must(product[0]).description)).toContain(`Support item: ${issue.key}`)
    expect(issue.links).toEqual([expect.objectContaining({ type: "Relates", inward: issue.key, outward: must(product[0]).key })])
    expect(r.events).toEqual([expect.objectContaining({ type: "promoted", reference: must(product[0]).key })])
    const again = await run(tracker.execute(action, now))
    expect(again).toMatchObject({ outcome: "already-done", reference: must(product[0]).key })
    expect([...fake.issues.values()].filter((i) => i.project === "PROD")).toHaveLength(1)
    expect(issue.links).toHaveLength(1)
    // a comment that names the created issue
    await run(
      tracker.execute({
        _tag: "Comment",
        key: `${issue.key}:s2:promoted`,
        inquiry: id(issue.key),
        text: "Filed as {issue}.",
        visibility: "public",
        issueFrom: action.key
      }, now)
    )
    expect(Adf.toText(must(issue.comments[0]).body)).toBe(`Filed as ${must(product[0]).key}.`)
    expect((await run(tracker.history(id(issue.key)))).events).toContainEqual(r.events[0])
  })

  it("opens an inquiry on a person's behalf in the support project, assigned, once", async () => {
    const { tracker } = JiraTracker.make(options(fake))
    const action: Tracker.TrackerAction = {
      _tag: "OpenInquiry",
      key: "contact:ann:s1:open",
      contact: "ann@example.org",
      reporter: { name: "Ann" },
      channel: "email",
      title: "Mail question",
      body: "How do I?",
      assignee: m("ada")
    }
    const r = await run(tracker.execute(action, now))
    const created = must(fake.issues.get(must(r.reference)))
    expect(created).toMatchObject({ project: "SUP", assignee: accounts.ada.accountId, summary: "Mail question" })
    expect(r.events.map((e) => e.type)).toEqual(["opened", "assigned"])
    expect((await run(tracker.execute(action, now))).outcome).toBe("already-done")
    expect([...fake.issues.values()]).toHaveLength(1)
  })

  it("fails clearly for a member without an accountId, without writing", async () => {
    const issue = fake.createIssue({ project: "SUP", summary: "q", reporter: accounts.ann.accountId })
    const { tracker } = JiraTracker.make(options(fake))
    await expect(run(tracker.execute({ _tag: "Assign", key: "x", inquiry: id(issue.key), assignee: m("zed") }, now))).rejects.toThrow(
      /member zed has no Jira accountId/
    )
    expect(fake.count("assignIssue")).toBe(0)
  })
})

describe("JiraTracker notifier", () => {
  it("mentions the member in an internal comment on the item, once per key", async () => {
    const issue = fake.createIssue({ project: "SUP", summary: "q", reporter: accounts.ann.accountId })
    const { notifier } = JiraTracker.make(options(fake))
    const action = { _tag: "Notify", key: `${issue.key}:s1:notify:bob`, member: m("bob"), text: "you are Backup on this one", inquiry: id(issue.key) } as const
    const r = await run(notifier.deliver(action, 0))
    expect(r.outcome).toBe("delivered")
    await run(notifier.deliver(action, 0))
    expect(issue.comments).toHaveLength(1)
    expect(Adf.mentionedAccounts(must(issue.comments[0]).body)).toEqual([accounts.bob.accountId])
    expect(must(issue.comments[0]).visibility).toBeDefined()
    await expect(run(notifier.deliver({ _tag: "Notify", key: "n", member: m("bob"), text: "x" }, 0))).rejects.toMatchObject({ reason: "unsupported-channel" })
    await expect(run(notifier.deliver({ _tag: "Notify", key: "n", member: m("zed"), text: "x", inquiry: id(issue.key) }, 0))).rejects.toMatchObject({
      reason: "unknown-recipient"
    })
  })
})
