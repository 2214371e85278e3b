// PENDING: needs core's Runner, which is on branch runner but not yet on main. It passed
// against runner at 9919fce through a temporary merge (clean week: 18 writes, 141 requests;
// crash after each of the 18 writes and rerun: same end state, every comment once).
// To enable: after main has packages/core/src/Runner.ts, rename this file to week.test.ts.

// The end-to-end week on Jira, through core's Runner: inquiries on weekdays and on a
// Saturday, sync, acknowledgements, reminders (at risk, breached), escalation, a promotion
// (product issue + link + close), and the shift-end handoff, against the fake Jira site and
// the in-memory Store. Then the same week with a crash after every number of writes (the
// write applied, its response lost, the site down until the process restarts with new
// runner and adapter instances over the same store): every comment is on the site exactly
// once and the site ends in the same state as after the clean week.
import { Coverage, Promotion, Runner, Store, Tracker, Types, Notifier } from "@sre-uxdd/core"
import { Context, Effect, Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as JiraTracker from "../src/JiraTracker.js"
import type { FakeJira } from "./support/fakeJira.js"
import * as Adf from "../src/Adf.js"
import { accounts, makeFake, options } from "./support/setup.js"

const zone = "Europe/Berlin"
const hour = 3_600_000
/** Epoch ms of a Berlin wall-clock time in January 2026 (CET, UTC+1). */
const berlin = (d: number, h: number, min = 0): number => Date.UTC(2026, 0, d, h - 1, min)
const m = Types.MemberId.make
const [ada, bob, cy] = [m("ada"), m("bob"), m("cy")]

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
  readonly fake: FakeJira
  readonly store: Store.Store["Service"]
  readonly ids: Map<string, Types.InquiryId>
  readonly mail: Notifier.MemoryNotifier
  runner: Runner.Runner
}

// Notifications about an item are mentions on it; the others (the handoff note to the
// incoming pair) go to the team's other channel, here the in-memory notifier.
const portsOf = (w: World) => {
  const { notifier, tracker } = JiraTracker.make(options(w.fake))
  const composite: Notifier.Notifier["Service"] = {
    deliver: (action, now) => (action._tag === "Notify" && action.inquiry !== undefined ? notifier.deliver(action, now) : w.mail.service.deliver(action, now))
  }
  return Layer.succeedContext(Context.make(Tracker.Tracker, tracker).pipe(Context.add(Notifier.Notifier, composite), Context.add(Store.Store, w.store)))
}
const restart = (w: World) =>
  Effect.gen(function*() {
    w.runner = yield* Effect.provide(Runner.make(config), portsOf(w))
  })

interface Step {
  readonly at: number
  readonly act: (w: World) => Effect.Effect<void, unknown>
}
const open = (name: string, at: number, summary: string): Step => ({
  at,
  act: (w) =>
    Effect.sync(() =>
      void w.ids.set(
        name,
        w.fake.createIssue({ project: "SUP", summary, description: `${summary}, please help`, reporter: accounts.ann.accountId, at }).key as Types.InquiryId
      )
    )
})
const reply = (name: string, at: number, author: string, text: string): Step => ({
  at,
  act: (w) => Effect.sync(() => void w.fake.addComment(String(w.ids.get(name)), { author, text, at }))
})
// The Primary decides to promote: the plan goes into the store's queue, the runner executes it.
const promote = (name: string, at: number): Step => ({
  at,
  act: (w) =>
    Effect.gen(function*() {
      const inquiry = w.ids.get(name) as Types.InquiryId
      const actions = yield* Promotion.plan(
        { inquiry, title: "Crash on load", reporter: `jira:${accounts.ann.accountId}`, openedAt: berlin(5, 10), phase: "open", promotions: [] },
        { summary: "The reader crashes on files over 2 GB.", reproducer: "open big.silo" },
        { shift: 0, timeZone: zone }
      )
      yield* w.store.enqueue(actions, at)
    })
})

const script: ReadonlyArray<Step> = [
  open("A", berlin(5, 10), "Crash on load"),
  reply("A", berlin(5, 11, 30), accounts.ada.accountId, "Which version are you on?"),
  reply("A", berlin(5, 12), accounts.ann.accountId, "3.4.1"),
  open("B", berlin(6, 10), "Reader is slow"),
  promote("A", berlin(7, 14)),
  open("C", berlin(10, 12), "Weekend question"), // a Saturday
  reply("C", berlin(12, 10), accounts.bob.accountId, "Looking into it.")
]

/** Every 2 hours in covered time (and at its end), every 8 hours outside it. */
const ticks = (): ReadonlyArray<number> => {
  const out: Array<number> = []
  for (let t = berlin(5, 9); t <= berlin(12, 13); t += hour) {
    const h = Math.round((t - berlin(5, 9)) / hour)
    if ((Coverage.isCovered(coverage, Types.toUtc(t)) && h % 2 === 0) || h % 8 === 0) out.push(t)
  }
  return out
}

const week = (crashAfterWrites: number | undefined) =>
  Effect.gen(function*() {
    const w: World = {
      fake: shared,
      store: yield* Store.makeMemory,
      ids: new Map(),
      mail: yield* Notifier.makeMemory,
      runner: undefined as unknown as Runner.Runner
    }
    shared.reset()
    shared.crashAfterWrites = crashAfterWrites
    yield* restart(w)
    let next = 0
    let crashes = 0
    for (const now of ticks()) {
      while (next < script.length && (script[next] as Step).at <= now) {
        const step = script[next] as Step
        shared.now = step.at
        yield* step.act(w)
        next++
      }
      shared.now = now
      yield* w.runner.run({ now })
      if (shared.crashed) {
        // the process died: the site comes back, a new process (new runner, new adapter) reruns
        crashes++
        shared.restart()
        yield* restart(w)
        yield* w.runner.run({ now })
      }
    }
    return { w, crashes }
  })

let shared: FakeJira
beforeAll(async () => {
  shared = await makeFake()
})
afterAll(() => shared.stop())

/** What is on the site, per issue: assignee, labels, status, resolution, links, and each comment's marker and text. */
const snapshot = (fake: FakeJira) =>
  [...fake.issues.values()].map((i) => ({
    key: i.key,
    assignee: i.assignee,
    labels: [...i.labels].sort(),
    status: i.status,
    resolution: i.resolution,
    links: i.links.map((l) => `${l.inward} ${l.type} ${l.outward}`),
    comments: i.comments.map((c) =>
      `${c.author === fake.self.accountId ? String((c.properties.get("sre-uxdd.action") as { key?: string } | undefined)?.key) : c.author}: ${
        Adf.toText(c.body)
      }`
    )
  }))

describe("a week on Jira through the Runner", () => {
  it("answers, reminds, escalates, promotes and hands off, each action once", async () => {
    const { crashes, w } = await Effect.runPromise(week(undefined))
    expect(crashes).toBe(0)
    expect(shared.violations).toEqual([])
    const A = shared.issues.get(String(w.ids.get("A")))
    const B = shared.issues.get(String(w.ids.get("B")))
    const C = shared.issues.get(String(w.ids.get("C")))
    const markers = (i: typeof A) =>
      (i?.comments ?? []).map((c) => (c.properties.get("sre-uxdd.action") as { key?: string } | undefined)?.key).filter((k): k is string => k !== undefined)
    // every inquiry acknowledged once, A answered by its Primary, B reminded and breached
    for (const i of [A, B, C]) expect(markers(i).filter((k) => k.endsWith(":ack"))).toHaveLength(1)
    expect(A?.assignee).toBe(accounts.ada.accountId)
    expect(markers(B).some((k) => k.includes("at-risk"))).toBe(true)
    expect(markers(B).some((k) => k.includes("breached"))).toBe(true)
    // escalation on A after its first response: the Backup was asked
    expect(markers(A).some((k) => /enlist|escalat|backup/.test(k))).toBe(true)
    // promotion: one product issue, linked, the support item resolved and closed
    const product = [...shared.issues.values()].filter((i) => i.project === "PROD")
    expect(product).toHaveLength(1)
    expect(A?.links.map((l) => l.outward)).toEqual([product[0]?.key])
    expect(A?.status).toBe("Done")
    expect(A?.labels).toContain("promoted")
    // the Saturday inquiry belongs to the Primary of the next covered period (bob), and the
    // shift-end handoff gave B to bob
    expect(C?.assignee).toBe(accounts.bob.accountId)
    expect(B?.assignee).toBe(accounts.bob.accountId)
    expect(markers(B).some((k) => k.includes("handoff"))).toBe(true)
    // every marker once
    const all = [...shared.issues.values()].flatMap(markers)
    expect(new Set(all).size).toBe(all.length)
    expect(await Effect.runPromise(Effect.map(w.store.pending(), (p) => p.map((x) => x.action.key)))).toEqual([])
    clean = { snapshot: snapshot(shared), writes: shared.writes }
    console.log(`[jira week] clean week: ${shared.writes} writes, ${shared.requests.length} requests, ${all.length} comments by the adapter`)
  })

  it("crashes after every number of writes and reruns: every comment exactly once, the same end state", { timeout: 600_000 }, async () => {
    expect(clean).toBeDefined()
    const writes = clean?.writes ?? 0
    expect(writes).toBeGreaterThan(10)
    for (let n = 1; n <= writes; n++) {
      const { crashes } = await Effect.runPromise(week(n))
      expect(crashes, `crash after write ${n}`).toBe(1)
      expect(shared.violations, `crash after write ${n}`).toEqual([])
      expect(snapshot(shared), `crash after write ${n}`).toEqual(clean?.snapshot)
    }
  })
})

let clean: { readonly snapshot: ReturnType<typeof snapshot>; readonly writes: number } | undefined
