import { Effect, Layer, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { readFileSync } from "node:fs"
import { Config, Coverage, Notifier, Platforms, Runner, Store, Tracker, Types } from "../src/index.js"

const m = Types.MemberId.make
const hour = 3_600_000
const day = 24 * hour
// Shifts of one day each from t=0, Primary alternating ada/bob, Backup cyd.
const duties: ReadonlyArray<Types.Duty> = Array.from({ length: 10 }, (_, shift) => ({
  shift,
  start: shift * day,
  end: (shift + 1) * day,
  primary: m(shift % 2 === 0 ? "ada" : "bob"),
  backup: m("cyd")
}))

const world = (options: { readonly sources?: ReadonlyArray<Tracker.MemorySource>; readonly config?: Partial<Runner.Config> } = {}) =>
  Effect.gen(function*() {
    const memory = yield* Tracker.makeMemory({ members: ["ada", "bob", "cyd"], ...(options.sources === undefined ? {} : { sources: options.sources }) })
    const store = yield* Store.makeMemory
    const notifier = yield* Notifier.makeMemory
    const layer = Layer.mergeAll(
      Layer.succeed(Tracker.Tracker)(memory.service),
      Layer.succeed(Store.Store)(store),
      Layer.succeed(Notifier.Notifier)(notifier.service)
    )
    const config: Runner.Config = { team: memory.members, duties, coverage: Coverage.always(), ...options.config }
    const runner = yield* Effect.provide(Runner.make(config), layer)
    return { memory, store, notifier, runner, layer, config }
  })

describe("Runner", () => {
  it("assigns a new inquiry to the Primary on duty, once", () =>
    Effect.runPromise(
      Effect.gen(function*() {
        const w = yield* world()
        const inquiry = yield* w.memory.open({ title: "Crash", body: "?", author: "kim", at: day + hour })
        yield* w.runner.run({ now: day + 2 * hour })
        yield* w.runner.run({ now: day + 3 * hour })
        expect((yield* w.memory.view(inquiry)).assignees).toEqual(["bob"])
        expect((yield* w.memory.writeLog).filter((l) => l.includes("Assign"))).toHaveLength(1)
      })
    ))

  it("sync reports its progress after every page, and the last report matches its result", () =>
    Effect.runPromise(
      Effect.gen(function*() {
        const memory = yield* Tracker.makeMemory({ members: ["ada", "bob", "cyd"], pageSize: 2 })
        for (let i = 0; i < 5; i++) yield* memory.open({ title: `Crash ${i}`, body: "?", author: "kim", at: hour + i })
        const layer = Layer.mergeAll(Layer.succeed(Tracker.Tracker)(memory.service), Store.layerMemory, Notifier.layerMemory)
        const runner = yield* Effect.provide(Runner.make({ team: memory.members, duties, coverage: Coverage.always() }), layer)
        const seen: Array<Runner.SyncProgress> = []
        const result = yield* runner.sync({ now: 2 * hour, onProgress: (p) => seen.push(p) })
        expect(result.pages).toBeGreaterThan(1)
        expect(seen.map((p) => p.pages)).toEqual(Array.from({ length: result.pages }, (_, i) => i + 1))
        expect(seen.at(-1)?.events).toBe(result.events)
        expect(seen.every((p, i) => i === 0 || p.events >= (seen[i - 1] as Runner.SyncProgress).events)).toBe(true)
      })
    ))

  it("falls back to a mention and an owner label where the tracker cannot assign", () =>
    Effect.runPromise(
      Effect.gen(function*() {
        const w = yield* world({ sources: [{ name: "discussions", capabilities: { assign: false } }] })
        const inquiry = yield* w.memory.open({ title: "How to?", body: "?", author: "kim", at: hour })
        const r = yield* w.runner.run({ now: 2 * hour })
        const view = yield* w.memory.view(inquiry)
        expect(view.assignees).toEqual([])
        expect(view.labels).toContain(`${Tracker.ownerLabelPrefix}ada`)
        expect(view.comments.map((c) => c.body).join("\n")).toContain("@ada owns this inquiry now.")
        expect(r.execute.receipts.map((x) => x.outcome)).toEqual(["fallback"])
        // The owner is recorded, so the next tick does not assign again.
        const again = yield* w.runner.run({ now: 3 * hour })
        expect(again.tick.queued).toBe(0)
      })
    ))

  it("a tick with nothing new reads no event history", () =>
    Effect.runPromise(
      Effect.gen(function*() {
        const w = yield* world()
        for (let i = 0; i < 5; i++) yield* w.memory.open({ title: `Q${i}`, body: "?", author: "kim", at: hour + i })
        yield* w.runner.run({ now: 2 * hour })
        yield* w.runner.run({ now: 2 * hour + 1 })
        let reads = 0
        let rows = 0
        const counted = Store.Store.of({
          ...w.store,
          events: (i) => Effect.tap(w.store.events(i), () => Effect.sync(() => void reads++)),
          changesAfter: (seq) => Stream.tap(w.store.changesAfter(seq), () => Effect.sync(() => void rows++))
        })
        const runner = yield* Effect.provide(Runner.make(w.config), Layer.mergeAll(w.layer, Layer.succeed(Store.Store)(counted)))
        const t = yield* runner.tick({ now: 2 * hour + 2 })
        expect({ reads, rows, replayed: t.replayed }).toEqual({ reads: 0, rows: 0, replayed: [] })
        // One new comment: exactly one inquiry's history is read.
        const first = (yield* Stream.runCollect(counted.items("open")))[0] as Tracker.Item
        yield* w.memory.comment(first.inquiry, { author: "kim", body: "more", at: 2 * hour + 3 })
        yield* runner.sync({ now: 2 * hour + 4 })
        rows = 0
        const t2 = yield* runner.tick({ now: 2 * hour + 4 })
        expect({ reads, rows, replayed: t2.replayed }).toEqual({ reads: 1, rows: 1, replayed: [first.inquiry] })
      })
    ))

  it("builds its configuration from a team profile, and publishes the profile's plan once", () =>
    Effect.runPromise(
      Effect.gen(function*() {
        const profile = Config.fromText(readFileSync(new URL("../../../examples/visit-team.yaml", import.meta.url), "utf8"))
        const config = Runner.configFromProfile(profile, { duties: [], acknowledge: true })
        expect(config.team).toEqual(profile.team.members.map((x) => x.id))
        expect(config.stale).toMatchObject({ after: profile.stale.afterMillis, label: profile.stale.label })
        const memory = yield* Tracker.makeMemory({ members: config.team })
        const layer = Layer.mergeAll(Layer.succeed(Tracker.Tracker)(memory.service), Store.layerMemory, Notifier.layerMemory)
        const out = yield* Effect.provide(
          Effect.gen(function*() {
            const runner = yield* Runner.make(config)
            const from = Date.parse("2026-03-02T16:00:00Z")
            const horizon = Date.parse("2026-04-27T15:00:00Z")
            const first = yield* runner.publish(horizon, { now: from, reason: "spring" })
            const again = yield* runner.publish(horizon, { now: from + hour, reason: "spring" })
            const dry = yield* runner.publish(horizon + 28 * day, { now: from + 2 * hour, dryRun: true })
            const latest = yield* (yield* Store.Store).latestSchedule
            return { first, again, dry, latest }
          }),
          layer
        )
        expect(out.first.version).toBe(1)
        expect(out.first.duties.length).toBeGreaterThan(4)
        expect(out.again.version).toBeUndefined()
        expect(out.dry.version).toBeUndefined()
        expect(out.dry.duties.length).toBeGreaterThan(out.first.duties.length)
        expect(out.latest?.version).toBe(1)
      })
    ))

  it("publish without a planner is a typed error", () =>
    Effect.runPromise(
      Effect.gen(function*() {
        const w = yield* world()
        const r = yield* Effect.result(w.runner.publish(day))
        expect(r._tag === "Failure" && r.failure._tag === "RunnerError" && r.failure.reason === "no-planner").toBe(true)
      })
    ))

  it("names an inquiry whose history does not replay, and goes on with the others", () =>
    Effect.runPromise(
      Effect.gen(function*() {
        const w = yield* world()
        const bad = yield* w.memory.open({ title: "Bad", body: "?", author: "kim", at: hour })
        const good = yield* w.memory.open({ title: "Good", body: "?", author: "lee", at: hour + 1 })
        yield* w.memory.corrupt(bad)
        const r = yield* w.runner.run({ now: 2 * hour })
        expect(r.tick.problems.map((p) => p.inquiry)).toEqual([bad])
        expect(r.tick.problems[0]?.detail).toContain(bad)
        expect((yield* w.memory.view(good)).assignees).toEqual(["ada"])
      })
    ))

  it("stale rule: team and bot comments never restart the wait, the reporter's reply ends it, exempt labels and assignees are left alone", () =>
    Effect.runPromise(
      Effect.gen(function*() {
        const w = yield* world({ config: { stale: { after: "20 hours", exemptAssignees: [m("bob")] } } })
        const a = yield* w.memory.open({ title: "A", body: "?", author: "kim", at: hour })
        const b = yield* w.memory.open({ title: "B", body: "?", author: "lee", at: hour })
        const c = yield* w.memory.open({ title: "C", body: "?", author: "sam", at: hour })
        const d = yield* w.memory.open({ title: "D", body: "?", author: "ana", at: hour, labels: ["security"] })
        for (const i of [a, b, c, d]) yield* w.memory.label(i, { label: "waiting-on-reporter", actor: "ada", at: 2 * hour })
        yield* w.memory.comment(a, { author: "ada", body: "Any news?", at: 20 * hour })
        yield* w.memory.comment(a, { author: "sre-uxdd[bot]", body: "Reminder", at: 21 * hour })
        yield* w.memory.comment(b, { author: "lee", body: "Still looking", at: 20 * hour })
        yield* w.memory.record({ type: "assigned", inquiry: c, at: new Date(3 * hour).toISOString(), actor: "ada", to: m("bob") })
        for (let h = 3; h <= 40; h++) yield* w.runner.run({ now: h * hour })
        const closes = (yield* Stream.runCollect(w.store.receipts)).filter((r) => r.action === "Close").map((r) => [r.key.split(":")[0], r.executedAt / hour])
        expect(closes).toEqual([[a, 22]])
        expect((yield* w.memory.view(a)).closeReason).toBe("not-planned")
        for (const i of [b, c, d]) expect((yield* w.memory.view(i)).open).toBe(true)
      })
    ))

  it("reminds once about a serious incident resolved without a postmortem", () =>
    Effect.runPromise(
      Effect.gen(function*() {
        const w = yield* world()
        const a = yield* w.memory.open({ title: "Data loss", body: "?", author: "kim", at: hour })
        const iso = (h: number) => new Date(h * hour).toISOString()
        for (let h = 2; h <= 8; h++) {
          if (h === 2) yield* w.memory.record({ type: "marked-serious", inquiry: a, at: iso(2), actor: "ada" })
          if (h === 4) yield* w.memory.record({ type: "resolved", inquiry: a, at: iso(4), actor: "ada", kind: "workaround" })
          if (h === 5) yield* w.memory.record({ type: "closed", inquiry: a, at: iso(5), actor: "ada", reason: "resolved" })
          yield* w.runner.run({ now: h * hour })
        }
        const notices = (yield* w.notifier.deliveries).filter((d) => d.key.includes("postmortem"))
        expect(notices.map((d) => [d.to, d.at / hour])).toEqual([["ada", 4]])
      })
    ))

  it("redirects a first contact recorded elsewhere: a message, a notice to the Primary, an inquiry opened and assigned", () =>
    Effect.runPromise(
      Effect.gen(function*() {
        const w = yield* world({ config: { platforms: Platforms.visit } })
        const contact = { id: "mail-1", at: 5 * hour, via: "email", receiver: m("cyd"), user: { name: "Jo", handle: "jo" }, subject: "Crash on load" }
        const first = yield* w.runner.tick({ now: 6 * hour, contacts: [contact] })
        yield* w.runner.execute({ now: 6 * hour })
        const again = yield* w.runner.tick({ now: 7 * hour, contacts: [contact] })
        const deliveries = yield* w.notifier.deliveries
        const opened = (yield* w.memory.dump) as ReadonlyArray<{ readonly inquiry: string; readonly assignees: ReadonlyArray<string> }>
        return { first, again, deliveries, opened }
      }).pipe(
        Effect.map((out) => {
          expect(out.first.actions.map((c) => c.action._tag).sort()).toEqual(["Message", "Notify", "OpenInquiry"])
          expect(out.again.queued).toBe(0)
          expect(out.deliveries.map((d) => d.to)).toEqual(["Jo via email", "ada"])
          expect(out.opened.map((o) => o.assignees)).toEqual([["ada"]])
        })
      )
    ))

  it("escalates as Escalation.suggest says once an answered inquiry makes no progress, each step once", () =>
    Effect.runPromise(
      Effect.gen(function*() {
        const roster = { members: ["ada", "bob", "cyd"].map((id) => ({ id: m(id), tags: [] })) }
        const w = yield* world({ config: { escalation: { roster } } })
        const a = yield* w.memory.open({ title: "Hard one", body: "?", author: "kim", at: hour })
        for (let h = 2; h <= 12; h++) {
          if (h === 2) yield* w.memory.comment(a, { author: "ada", body: "Looking", at: 2 * hour })
          yield* w.runner.run({ now: h * hour })
        }
        const notices = (yield* w.notifier.deliveries).map((d) => [d.key, d.to, d.at / hour])
        // 4 covered hours (24/7 here) after the last progress the Backup is enlisted; after 8, the Primary is told the next step.
        expect(notices).toEqual([
          [`${a}:s0:enlist:cyd`, "cyd", 6],
          [`${a}:s0:suggest:promote it to a product-development issue`, "ada", 10]
        ])
        const suggestions = (yield* w.notifier.deliveries).filter((d) => d.key.includes(":suggest:"))
        expect(new Set(suggestions.map((d) => d.key)).size).toBe(suggestions.length)
      })
    ))
})
