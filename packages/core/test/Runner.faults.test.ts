// Faults and concurrency: a tracker or store failing at any point, and two runners at once,
// converge to the same store and tracker state as a run without faults, with no duplicate writes.
import { Effect, Stream } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Runner, Store, type Tracker } from "../src/index.js"
import { hour, hours, runAll, script, stateOf, world, type World } from "./runnerSmall.js"

const noDuplicateWrites = (w: World) =>
  Effect.gen(function*() {
    const written = (yield* w.memory.writeLog).map((l) => l.split(" ")[2])
    expect(new Set(written).size).toBe(written.length)
  })

const baseline = Effect.runSync(
  Effect.gen(function*() {
    const w = yield* world()
    const runner = yield* Effect.provide(Runner.make(w.config), w.layer)
    yield* runAll(w, runner)
    return { state: yield* stateOf(w), stats: yield* w.memory.stats }
  })
)

describe("Runner under faults", () => {
  it("the fault-free run hands off at two shift ends and does something at each", () => {
    expect(baseline.state.receipts.filter((r) => r.startsWith("handoff:")).length).toBe(4)
    expect(baseline.state.pending).toEqual([])
    expect(baseline.stats.requests).toBeGreaterThan(20)
  })

  it("a tracker failing at its n-th request, for every n (mid-sync, mid-execute, mid-handoff), converges with no duplicate writes", () => {
    for (let n = 0; n < baseline.stats.requests; n++) {
      const out = Effect.runSync(
        Effect.gen(function*() {
          const w = yield* world()
          const runner = yield* Effect.provide(Runner.make(w.config), w.layer)
          yield* w.memory.failNext(1, n)
          const { failures } = yield* runAll(w, runner)
          yield* noDuplicateWrites(w)
          return { state: yield* stateOf(w), failures }
        })
      )
      expect(out.failures, `fault at request ${n}`).toBeGreaterThan(0)
      expect(out.state, `fault at request ${n}`).toEqual(baseline.state)
    }
  })

  it("a crash after a tracker write and before its receipt is recorded, at every write, converges: the rerun finds the marker", () => {
    const writes = baseline.stats.writes
    for (let n = 0; n < writes + 5; n++) {
      const out = Effect.runSync(
        Effect.gen(function*() {
          let calls = 0
          const w = yield* world({
            wrapStore: (s) =>
              Store.Store.of({
                ...s,
                complete: (receipt) =>
                  Effect.suspend(() =>
                    calls++ === n
                      ? Effect.fail(new Store.StoreError({ reason: "unavailable", detail: "injected crash", retryable: true }))
                      : s.complete(receipt)
                  )
              })
          })
          const runner = yield* Effect.provide(Runner.make(w.config), w.layer)
          yield* runAll(w, runner)
          yield* noDuplicateWrites(w)
          return yield* stateOf(w)
        })
      )
      expect(out, `crash before recording write ${n}`).toEqual(baseline.state)
    }
  })

  it("two runners at once hand off once and write everything once", async () => {
    const out = await Effect.runPromise(
      Effect.gen(function*() {
        // Yielding before each tracker call lets the two runners' fibers interleave.
        const w = yield* world({
          wrapTracker: (t) => ({ ...t, execute: (a: Tracker.TrackerAction, now: number) => Effect.andThen(Effect.yieldNow, t.execute(a, now)) })
        })
        const a = yield* Effect.provide(Runner.make({ ...w.config, holder: "job-a" }), w.layer)
        const b = yield* Effect.provide(Runner.make({ ...w.config, holder: "job-b" }), w.layer)
        const ids: Array<never> = []
        let contended = 0
        for (let h = 0; h <= hours; h++) {
          yield* script(w, h, ids as Array<never>)
          const [ra, rb] = yield* Effect.all([a.run({ now: h * hour }), b.run({ now: h * hour })], { concurrency: 2 })
          if (!ra.execute.leased || !rb.execute.leased) contended++
          // Whatever one could not take is taken up by a later run.
          yield* a.run({ now: h * hour })
        }
        yield* noDuplicateWrites(w)
        return { state: yield* stateOf(w), contended }
      })
    )
    expect(out.contended).toBeGreaterThan(0)
    expect(out.state.receipts.filter((r) => r.startsWith("handoff:")).length).toBe(4)
    expect(out.state.tracker).toEqual(baseline.state.tracker)
    expect(out.state.receipts).toEqual(baseline.state.receipts)
  })

  it("property: any interleaving of sync, tick and execute calls ends where one sequential run does", () => {
    const op = fc.constantFrom("sync", "tick", "execute")
    fc.assert(
      fc.property(fc.array(fc.array(op, { maxLength: 5 }), { minLength: hours + 1, maxLength: hours + 1 }), (plan) => {
        const out = Effect.runSync(
          Effect.gen(function*() {
            const w = yield* world()
            const runner = yield* Effect.provide(Runner.make(w.config), w.layer)
            const ids: Array<never> = []
            for (let h = 0; h <= hours; h++) {
              yield* script(w, h, ids as Array<never>)
              const now = h * hour
              for (const o of plan[h] ?? []) {
                if (o === "sync") yield* runner.sync({ now })
                else if (o === "tick") yield* runner.tick({ now })
                else yield* runner.execute({ now })
              }
              // The hour's scheduled run.
              yield* runner.run({ now })
            }
            yield* noDuplicateWrites(w)
            return yield* stateOf(w)
          })
        )
        expect(out).toEqual(baseline.state)
      }),
      { numRuns: 25 }
    )
  })

  it("dry runs execute and store nothing, and name what they would cost", () => {
    const out = Effect.runSync(
      Effect.gen(function*() {
        const w = yield* world()
        const runner = yield* Effect.provide(Runner.make(w.config), w.layer)
        yield* w.memory.open({ title: "Q", body: "?", author: "kim", at: 10 })
        yield* runner.sync({ now: hour })
        const before = yield* Stream.runCollect(w.store.exportLines)
        const tick = yield* runner.tick({ now: hour, dryRun: true })
        const exec = yield* runner.execute({ now: hour, dryRun: true })
        const after = yield* Stream.runCollect(w.store.exportLines)
        return { tick, exec, same: JSON.stringify(before) === JSON.stringify(after), stats: yield* w.memory.stats }
      })
    )
    expect(out.same).toBe(true)
    expect(out.tick.actions.map((c) => c.action._tag).sort()).toEqual(["Assign", "Comment"])
    expect(out.tick.actions.every((c) => c.cost > 0)).toBe(true)
    expect(out.tick.queued).toBe(0)
    expect(out.exec.wouldExecute).toEqual([])
    expect(out.stats.writes).toBe(0)
  })

  it("a write budget executes the oldest first and leaves the rest for the next run", () => {
    const out = Effect.runSync(
      Effect.gen(function*() {
        const w = yield* world()
        const runner = yield* Effect.provide(Runner.make({ ...w.config, writeBudget: 4 }), w.layer)
        for (let i = 0; i < 3; i++) yield* w.memory.open({ title: `Q${i}`, body: "?", author: "kim", at: 10 + i })
        yield* runner.sync({ now: hour })
        yield* runner.tick({ now: hour })
        const first = yield* runner.execute({ now: hour })
        const second = yield* runner.execute({ now: hour })
        return { first, second }
      })
    )
    expect(out.first.receipts.length).toBe(2)
    expect(out.first.cost).toBeLessThanOrEqual(4)
    expect(out.first.left).toBe(4)
    expect(out.second.receipts.map((r) => r.key)).toEqual(["support#2:s0:assign", "support#2:s0:ack"])
  })
})
