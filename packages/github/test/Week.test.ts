// A support week on the fake, executed as the actions the process plans (core's Runner is
// not on main yet, so the plan is written out here): an issue opened on a Saturday and a
// Discussion, sync, the acknowledgement and assignment, a reminder, an escalation, a
// promotion into the product repository with the link back, the shift-end handoff, the
// stale close of the discussion. Then the same week crashes after every possible number
// of writes (the last write applied, its answer lost) and is rerun by a fresh adapter:
// every comment is on GitHub exactly once and the end state is the same.
import { Effect, Exit, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { Inquiry, type Tracker, Types } from "@sre-uxdd/core"
import type { FakeGitHub } from "./fake/server.js"
import { adapter, members, run, seed, useFake } from "./support.js"

const day = 86_400_000
const saturday = Date.UTC(2026, 0, 10, 15) // 2026-01-10 is a Saturday
const monday = saturday + 2 * day - 6 * 3_600_000

const scenario = (fake: FakeGitHub) => {
  seed(fake)
  const issue = fake.openIssue("visit-dav/support", {
    title: "VisIt crashes opening a Silo file",
    body: "Segfault in the Silo reader",
    user: "alice",
    at: saturday
  })
  const d = fake.openDiscussion("visit-dav/visit", {
    title: "How do I make a movie?",
    body: "Looking for the movie wizard",
    user: "bert",
    category: "Q&A",
    labels: ["SRE"],
    at: saturday + 3_600_000
  })
  fake.setTime(monday)
  return { issue: Types.InquiryId.make(`visit-dav/support#${issue.number}`), discussion: Types.InquiryId.make(`visit-dav/visit/discussions/${d.number}`) }
}

const ada = Types.MemberId.make("ada")

const plan = (i: Types.InquiryId, d: Types.InquiryId): ReadonlyArray<Tracker.TrackerAction> => [
  { _tag: "Comment", key: `${i}:s1:ack`, inquiry: i, text: "Thanks for the report. {@ada} is on duty and will look at it.", visibility: "public" },
  { _tag: "Assign", key: `${i}:s1:assign`, inquiry: i, assignee: ada, reason: "assign" },
  // discussions have no assignees: the runner's fallback is a mention and an owner label
  { _tag: "AddLabel", key: `${d}:s1:owner`, inquiry: d, label: "sre:owner:ada" },
  { _tag: "Comment", key: `${d}:s1:ack`, inquiry: d, text: "{@ada} is on duty and will answer here.", visibility: "public" },
  { _tag: "Comment", key: `${d}:s1:remind`, inquiry: d, text: "Reminder for {@ada}: the response goal ends in 2 covered hours.", visibility: "public" },
  { _tag: "Comment", key: `${i}:s1:escalate`, inquiry: i, text: "Escalating: {@bob}, could you help with the Silo reader?", visibility: "public" },
  { _tag: "AddLabel", key: `${i}:s1:escalated`, inquiry: i, label: "escalated" },
  {
    _tag: "CreateIssue",
    key: `${i}:s1:promote`,
    inquiry: i,
    draft: { title: "Silo reader segfaults on empty mesh", body: "Reproducer attached to the support item.", labels: ["bug"], supportItem: i }
  },
  { _tag: "Comment", key: `${i}:s1:promoted`, inquiry: i, text: "This is now tracked as {issue}.", visibility: "public", issueFrom: `${i}:s1:promote` },
  { _tag: "Close", key: `${i}:s1:close`, inquiry: i, reason: "promoted" },
  { _tag: "Comment", key: `${d}:s1:handoff`, inquiry: d, text: "Shift ends: handing this to {@cy}.", visibility: "public" },
  { _tag: "AddLabel", key: `${d}:s1:owner-cy`, inquiry: d, label: "sre:owner:cy" },
  { _tag: "AddLabel", key: `${d}:s2:wontfix`, inquiry: d, label: "wontfix" },
  { _tag: "Close", key: `${d}:s2:close`, inquiry: d, reason: "stale" }
]

const commentKeys = (actions: ReadonlyArray<Tracker.TrackerAction>) =>
  actions.filter((a) => a._tag === "Comment" || a._tag === "CreateIssue" || (a._tag === "Close" && a.inquiry.includes("/discussions/"))).map((a) => a.key)

const allBodies = (fake: FakeGitHub) => [...fake.comments.map((c) => c.body), ...fake.dcomments.map((c) => c.body), ...fake.issues.map((i) => i.body)]

const endState = (fake: FakeGitHub) => ({
  issues: fake.issues.map((i) => ({
    repo: i.repo,
    number: i.number,
    state: i.state,
    reason: i.state_reason,
    labels: [...i.labels].sort(),
    assignees: i.assignees
  })),
  discussions: fake.discussions.map((d) => ({ closed: d.closed, reason: d.state_reason, answered: d.answer !== null, labels: [...d.labels].sort() })),
  comments: [...fake.comments.map((c) => c.body.replace(/http:\/\/127\.0\.0\.1:\d+/g, "")), ...fake.dcomments.map((c) => c.body)].sort()
})

const execute = (a: ReturnType<typeof adapter>, actions: ReadonlyArray<Tracker.TrackerAction>, now: number) =>
  Effect.forEach(actions, (action) => a.tracker.execute(action, now), { concurrency: 1 })

describe("a support week on GitHub (fake)", () => {
  const { fake } = useFake()

  it("runs the week: sync, acknowledgement, reminder, escalation, promotion with link back, handoff, stale close", async () => {
    const { issue, discussion } = scenario(fake)
    const a = adapter(fake)
    const synced: Array<Inquiry.Event> = []
    for (const source of a.tracker.sources)
      await run(Stream.runForEach(a.tracker.changes(source, undefined), (p) => Effect.sync(() => void synced.push(...p.events))))
    expect(synced.filter((e) => e.type === "opened").map((e) => e.inquiry).sort()).toEqual([discussion, issue].sort())
    expect(a.tracker.capabilities(discussion).assign).toBe(false)
    const receipts = await run(execute(a, plan(issue, discussion), monday))
    expect(receipts.map((r) => r.outcome)).toEqual(receipts.map(() => "written"))
    const promotion = receipts.find((r) => r.action === "CreateIssue")
    expect(promotion?.reference).toBe("visit-dav/visit#2")
    const product = fake.issue("visit-dav/visit", 2)
    expect(product?.body).toContain(`From support item ${issue}.`)
    expect(product?.labels).toEqual(["bug"])
    expect(fake.comments.some((c) => c.body.includes("This is now tracked as visit-dav/visit#2."))).toBe(true)
    expect(fake.comments.some((c) => c.body.includes("@ada-l is on duty"))).toBe(true)
    expect(fake.issue("visit-dav/support", 1)?.state_reason).toBe("completed")
    const disc = fake.discussions[0]
    expect([disc?.closed, disc?.state_reason, disc?.answer !== null, disc?.labels.includes("wontfix")]).toEqual([true, "OUTDATED", true, true])
    // the histories replay: the promotion and the closes are there
    const policy = Inquiry.responsePolicy({ team: members.map((m) => m.id) })
    const hi = await run(a.tracker.history(issue))
    const state = Inquiry.replaySync(hi.events, { policy })
    expect(state.phase).toBe("closed")
    expect(hi.events.some((e) => e.type === "promoted" && e.reference.endsWith("/visit-dav/visit/issues/2"))).toBe(true)
    const hd = await run(a.tracker.history(discussion))
    expect(Inquiry.replaySync(hd.events, { policy }).phase).toBe("closed")
    // a rerun of the whole week writes nothing
    const again = await run(execute(adapter(fake), plan(issue, discussion), monday))
    expect(again.map((r) => r.outcome)).toEqual(again.map(() => "already-done"))
  })

  it("crashes after every possible number of writes; a rerun posts every comment exactly once and ends in the same state", async () => {
    const clean = scenario(fake)
    await run(execute(adapter(fake), plan(clean.issue, clean.discussion), monday))
    const totalWrites = fake.writes
    const expected = endState(fake)
    expect(totalWrites).toBeGreaterThan(14)
    for (let k = 0; k <= totalWrites; k++) {
      const { issue, discussion } = scenario(fake)
      fake.crashAfterWrites = k
      const crashed = await Effect.runPromiseExit(execute(adapter(fake), plan(issue, discussion), monday))
      expect(Exit.isFailure(crashed), `crash at write ${k}`).toBe(true)
      fake.crashAfterWrites = undefined
      await run(execute(adapter(fake), plan(issue, discussion), monday))
      const bodies = allBodies(fake)
      for (const key of commentKeys(plan(issue, discussion))) {
        expect(bodies.filter((b) => b.includes(`<!-- sre-uxdd:${key} -->`)).length, `${key} after a crash at write ${k}`).toBe(key.endsWith(":promote") ? 2 : 1) // the product issue and the link back
      }
      expect(endState(fake), `end state after a crash at write ${k}`).toEqual(expected)
    }
    console.log(`week: ${totalWrites} writes; crashed after each of 0..${totalWrites} writes and reran: every comment once`)
  }, 240_000)
})
