// The end-to-end week on GitHub, through core's Runner (issue 15): inquiries on weekdays,
// one on a Saturday and one in Discussions, sync, acknowledgements, reminders (at risk,
// breached), an escalation, a promotion into the product repository (product issue, link
// back, close), and the shift-end handoff, over the real adapter against the fake GitHub
// and the in-memory Store. Then the same week with a crash after every number of writes
// (the write applied, its response lost, every later request refused until the process
// restarts with new runner and adapter instances over the same store): every comment is
// on GitHub exactly once and GitHub ends in the same state as after the clean week.
// Modelled on packages/jira/test/week.test.ts.
import { Context, Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { Coverage, Notifier, Promotion, Runner, Store, Tracker, Types } from "@sre-uxdd/core"
import type { FakeGitHub } from "./fake/server.js"
import { adapter, seed, useFake } from "./support.js"

const zone = "Europe/Berlin"
const hour = 3_600_000
/** Epoch ms of a Berlin wall-clock time in January 2026 (CET, UTC+1). */
const berlin = (d: number, h: number, min = 0): number => Date.UTC(2026, 0, d, h - 1, min)
const m = Types.MemberId.make
const [ada, bob, cy] = [m("ada"), m("bob"), m("cy")]
const support = "visit-dav/support"
const visit = "visit-dav/visit"

const coverage = Coverage.make({ timeZone: zone, weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], windows: ["09:00-17:00"] }] })
const duties: ReadonlyArray<Types.Duty> = [
  { shift: 0, start: berlin(5, 9), end: berlin(12, 9), primary: ada, backup: bob },
  { shift: 1, start: berlin(12, 9), end: berlin(19, 9), primary: bob, backup: cy }
]
const config: Runner.Config = {
  team: [ada, bob, cy],
  duties,
  coverage,
  timeZone: zone,
  acknowledge: true,
  stale: false,
  escalation: { roster: { members: [{ id: ada, tags: ["io"] }, { id: bob, tags: [] }, { id: cy, tags: ["io"] }] } }
}

interface World {
  readonly fake: FakeGitHub
  readonly store: Store.Store["Service"]
  readonly ids: Map<string, Types.InquiryId>
  readonly mail: Notifier.MemoryNotifier
  runner: Runner.Runner
}

// Notifications about an item are mentions on it (the adapter's notifier); the others
// (the handoff note to the incoming pair) go to the in-memory notifier.
const portsOf = (w: World) => {
  const { notifier, tracker } = adapter(w.fake)
  const composite: Notifier.Notifier["Service"] = {
    deliver: (action, now) => (action._tag === "Notify" && action.inquiry !== undefined ? notifier.deliver(action, now) : w.mail.service.deliver(action, now))
  }
  return Layer.succeedContext(Context.make(Tracker.Tracker, tracker).pipe(Context.add(Notifier.Notifier, composite), Context.add(Store.Store, w.store)))
}
/** A new process: a new adapter (new client) and a new runner over the same store. */
const restart = (w: World) =>
  Effect.gen(function*() {
    w.runner = yield* Effect.provide(Runner.make(config), portsOf(w))
  })

interface Step {
  readonly at: number
  readonly act: (w: World) => Effect.Effect<void, unknown>
}
const openIssue = (name: string, at: number, title: string): Step => ({
  at,
  act: (w) =>
    Effect.sync(() =>
      void w.ids.set(name, Types.InquiryId.make(`${support}#${w.fake.openIssue(support, { title, body: `${title}, please help`, user: "alice", at }).number}`))
    )
})
const openDiscussion = (name: string, at: number, title: string): Step => ({
  at,
  act: (w) =>
    Effect.sync(() => {
      const d = w.fake.openDiscussion(visit, { title, body: `${title}?`, user: "bert", category: "Q&A", labels: ["SRE"], at })
      w.ids.set(name, Types.InquiryId.make(`${visit}/discussions/${d.number}`))
    })
})
const reply = (name: string, at: number, user: string, body: string): Step => ({
  at,
  act: (w) => Effect.sync(() => void w.fake.addComment(support, Number(String(w.ids.get(name)).split("#")[1]), { user, body, at }))
})
// The Primary decides to promote: the plan goes into the store's queue, the runner executes it.
const promote = (name: string, at: number): Step => ({
  at,
  act: (w) =>
    Effect.gen(function*() {
      const inquiry = w.ids.get(name) as Types.InquiryId
      const actions = yield* Promotion.plan(
        { inquiry, title: "Crash opening a Silo file", reporter: "user:alice", openedAt: berlin(5, 10), phase: "open", promotions: [] },
        { summary: "The Silo reader segfaults on an empty mesh.", reproducer: "open empty.silo" },
        { shift: 0, timeZone: zone }
      )
      yield* w.store.enqueue(actions, at)
    })
})

const script: ReadonlyArray<Step> = [
  openIssue("A", berlin(5, 10), "Crash opening a Silo file"),
  reply("A", berlin(5, 11, 30), "ada-l", "Which version are you on?"),
  reply("A", berlin(5, 12), "alice", "3.4.1"),
  openDiscussion("B", berlin(6, 10), "How do I make a movie"),
  promote("A", berlin(7, 14)),
  openIssue("C", berlin(10, 12), "Weekend question"), // a Saturday
  reply("C", berlin(12, 10), "bobby", "Looking into it.")
]

/** Every 2 hours in covered time, every 8 hours outside it. */
const ticks = (): ReadonlyArray<number> => {
  const out: Array<number> = []
  for (let t = berlin(5, 9); t <= berlin(12, 13); t += hour) {
    const h = Math.round((t - berlin(5, 9)) / hour)
    if ((Coverage.isCovered(coverage, Types.toUtc(t)) && h % 2 === 0) || h % 8 === 0) out.push(t)
  }
  return out
}

const crashed = (fake: FakeGitHub): boolean => fake.crashAfterWrites !== undefined && fake.writes >= fake.crashAfterWrites

const week = (fake: FakeGitHub, crashAfterWrites: number | undefined) =>
  Effect.gen(function*() {
    seed(fake)
    fake.crashAfterWrites = crashAfterWrites
    const w: World = { fake, store: yield* Store.makeMemory, ids: new Map(), mail: yield* Notifier.makeMemory, runner: undefined as unknown as Runner.Runner }
    yield* restart(w)
    let next = 0
    let crashes = 0
    for (const now of ticks()) {
      while (next < script.length && (script[next] as Step).at <= now) {
        const step = script[next] as Step
        fake.setTime(step.at)
        yield* step.act(w)
        next++
      }
      fake.setTime(now)
      yield* w.runner.run({ now })
      if (crashed(fake)) {
        // the process died: GitHub answers again, a new process (new runner, new adapter) reruns
        crashes++
        fake.crashAfterWrites = undefined
        yield* restart(w)
        yield* w.runner.run({ now })
      }
    }
    return { w, crashes }
  })

const markerRe = /<!-- sre-uxdd:([^ ]+) -->/g
/** Every marker the adapter wrote, in issue bodies, issue comments and discussion comments. */
const markers = (fake: FakeGitHub): ReadonlyArray<string> =>
  [...fake.issues.map((i) => i.body), ...fake.comments.map((c) => c.body), ...fake.dcomments.map((c) => c.body)].flatMap((b) =>
    [...b.matchAll(markerRe)].map((x) => x[1] as string)
  )
const commentMarkers = (fake: FakeGitHub, inquiry: Types.InquiryId | undefined): ReadonlyArray<string> => {
  const s = String(inquiry)
  const bodies = s.includes("/discussions/")
    ? fake.dcomments.filter((c) => c.discussion === fake.discussions.find((d) => d.repo === visit && d.number === Number(s.split("/").pop()))?.id).map((c) =>
      c.body
    )
    : fake.comments.filter((c) => c.repo === support && c.issue === Number(s.split("#")[1])).map((c) => c.body)
  return bodies.flatMap((b) => [...b.matchAll(markerRe)].map((x) => x[1] as string))
}

/** What is on GitHub: per issue and discussion its state, labels, assignees; every comment's author and text. */
const snapshot = (fake: FakeGitHub) => ({
  issues: fake.issues.map((i) => ({
    repo: i.repo,
    number: i.number,
    state: i.state,
    reason: i.state_reason,
    labels: [...i.labels].sort(),
    assignees: [...i.assignees].sort(),
    body: i.body
  })),
  discussions: fake.discussions.map((d) => ({ number: d.number, closed: d.closed, reason: d.state_reason, labels: [...d.labels].sort() })),
  comments: [
    ...fake.comments.map((c) => `${c.repo}#${c.issue} ${c.user}: ${c.body}`),
    ...fake.dcomments.map((c) => `${visit}/discussions/${fake.discussions.find((d) => d.id === c.discussion)?.number} ${c.user}: ${c.body}`)
  ].map((s) => s.replace(/http:\/\/127\.0\.0\.1:\d+/g, "")).sort()
})

let clean: { readonly snapshot: ReturnType<typeof snapshot>; readonly writes: number } | undefined

describe("a week on GitHub through the Runner", () => {
  const { fake } = useFake()

  it("answers, reminds, escalates, promotes and hands off, each action once", async () => {
    const { crashes, w } = await Effect.runPromise(week(fake, undefined))
    expect(crashes).toBe(0)
    expect(fake.violations).toEqual([])
    const [A, B, C] = [w.ids.get("A"), w.ids.get("B"), w.ids.get("C")]
    const issueA = fake.issue(support, Number(String(A).split("#")[1]))
    const issueC = fake.issue(support, Number(String(C).split("#")[1]))
    // every inquiry acknowledged once, the discussion included
    for (const i of [A, B, C]) expect(commentMarkers(fake, i).filter((k) => k.endsWith(":ack")), String(i)).toHaveLength(1)
    expect(issueA?.assignees).toContain("ada-l")
    // the discussion went unanswered: reminded at risk, then breached
    expect(commentMarkers(fake, B).some((k) => k.includes("at-risk"))).toBe(true)
    expect(commentMarkers(fake, B).some((k) => k.includes("breached"))).toBe(true)
    // an escalation on A after its first response: the Backup was enlisted
    expect(commentMarkers(fake, A).some((k) => k.endsWith(":enlist:bob"))).toBe(true)
    // promotion: one product issue in the product repository, linked back, the support item closed
    const product = fake.issues.filter((i) => i.repo === visit)
    expect(product).toHaveLength(1)
    expect(product[0]?.body).toContain(`From support item ${String(A)}.`)
    expect(fake.comments.some((c) => c.repo === support && c.issue === issueA?.number && c.body.includes(`${visit}#${product[0]?.number}`))).toBe(true)
    expect(issueA?.state).toBe("closed")
    // the Saturday inquiry belongs to the Primary of the next covered period (bob); the
    // shift-end handoff passed the open discussion to bob
    expect(issueC?.assignees).toContain("bobby")
    expect(markers(fake).some((k) => k.includes("handoff"))).toBe(true)
    // every comment marker once (the promotion's marker is on the product issue and the link back)
    const all = markers(fake).filter((k) => !k.endsWith(":promote"))
    expect(new Set(all).size).toBe(all.length)
    expect(await Effect.runPromise(Effect.map(w.store.pending(), (p) => p.map((x) => x.action.key)))).toEqual([])
    clean = { snapshot: snapshot(fake), writes: fake.writes }
    console.log(`[github week] clean week through the Runner: ${fake.writes} writes, ${all.length} markers by the adapter`)
  })

  it("crashes after every number of writes and reruns: every comment exactly once, the same end state", { timeout: 120_000 }, async () => {
    expect(clean).toBeDefined()
    const writes = clean?.writes ?? 0
    expect(writes).toBeGreaterThan(10)
    for (let n = 1; n <= writes; n++) {
      const { crashes } = await Effect.runPromise(week(fake, n))
      expect(crashes, `crash after write ${n}`).toBe(1)
      expect(fake.violations, `crash after write ${n}`).toEqual([])
      const all = markers(fake)
      for (const k of new Set(all)) expect(all.filter((x) => x === k).length, `${k} after a crash after write ${n}`).toBe(k.endsWith(":promote") ? 2 : 1)
      expect(snapshot(fake), `crash after write ${n}`).toEqual(clean?.snapshot)
    }
    console.log(`[github week] crashed after each of 1..${writes} writes and reran: every comment once, same end state`)
  })
})
