/**
 * The conformance suite of the `Tracker` port: every behaviour `Tracker` promises, run
 * against an adapter's layer and a {@link TrackerHarness} that acts on the same tracker from
 * the outside. The memory tracker runs it in this package; every tracker adapter runs it
 * against a schema-checked fake of its server.
 *
 * @since 0.2.0
 * @module
 */
import { assert, it } from "@effect/vitest"
import { Inquiry, Store, Tracker, type Types } from "@sre-uxdd/core"
import { Effect, type Layer, Result, Stream } from "effect"
import { describe } from "vitest"
import type { TrackerHarness } from "./harness.js"

const t0 = Date.UTC(2026, 0, 5, 17, 0)
const hour = 3_600_000

const keyOf = (e: Inquiry.Event) => `${e.inquiry} ${Store.eventKey(e)}`

/**
 * Runs the `Tracker` conformance suite. `layer` is built once per test; `harness.reset`
 * empties the tracker before each test.
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { Tracker } from "@sre-uxdd/core"
 * import { trackerSuite } from "@sre-uxdd/testing"
 *
 * const memory = Effect.runSync(Tracker.makeMemory({ members: ["ada", "bob"] }))
 * trackerSuite("memory tracker", Layer.succeed(Tracker.Tracker)(memory.service), {
 *   members: memory.members,
 *   user: memory.user,
 *   reset: memory.reset,
 *   open: memory.open,
 *   comment: (inquiry, input) => Effect.orDie(memory.comment(inquiry, input)),
 *   view: memory.view,
 *   failNext: (n) => memory.failNext(n),
 *   corrupt: (inquiry) => Effect.orDie(memory.corrupt(inquiry))
 * })
 * ```
 *
 * @since 0.2.0
 * @category suites
 */
export const trackerSuite = <E>(name: string, layer: Layer.Layer<Tracker.Tracker, E>, harness: TrackerHarness): void => {
  const withTracker = <A, E2>(f: (tracker: Tracker.Tracker["Service"]) => Effect.Effect<A, E2>) =>
    Effect.provide(
      Effect.gen(function*() {
        yield* harness.reset
        return yield* f(yield* Tracker.Tracker)
      }),
      layer
    )
  const [ada, bob] = harness.members as readonly [Types.MemberId, Types.MemberId]
  const user = harness.user

  const readAll = (tracker: Tracker.Tracker["Service"]) =>
    Effect.gen(function*() {
      const events: Array<Inquiry.Event> = []
      const items = new Map<string, Tracker.Item>()
      const cursors = new Map<string, string>()
      for (const source of tracker.sources) {
        yield* Stream.runForEach(tracker.changes(source, undefined), (page) =>
          Effect.sync(() => {
            events.push(...page.events)
            for (const i of page.items) items.set(i.inquiry, i)
            cursors.set(source, page.cursor)
          }))
      }
      return { events, items, cursors }
    })

  const openTwo = Effect.gen(function*() {
    const a = yield* harness.open({ title: "Crash on load", body: "It crashes when I open a file", author: user, at: t0 })
    yield* harness.comment(a, { author: ada, body: "Which version?", at: t0 + hour })
    yield* harness.comment(a, { author: user, body: "3.4.1", at: t0 + 2 * hour })
    const b = yield* harness.open({ title: "Install fails", body: "pip fails", author: user, at: t0 + 3 * hour })
    return [a, b] as const
  })

  describe(`${name} (Tracker conformance)`, () => {
    it.effect("lists changed items with their events, each with an id unique within its inquiry", () =>
      withTracker((tracker) =>
        Effect.gen(function*() {
          const [a, b] = yield* openTwo
          const { events, items } = yield* readAll(tracker)
          assert.deepStrictEqual([...items.keys()].sort(), [a, b].sort())
          const ofA = events.filter((e) => e.inquiry === a)
          assert.strictEqual(ofA.filter((e) => e.type === "opened").length, 1)
          assert.strictEqual(ofA.filter((e) => e.type === "commented").length, 2)
          for (const e of events) assert.isString(e.id, `${e.type} of ${e.inquiry} has no id`)
          assert.strictEqual(new Set(events.map(keyOf)).size, new Set(events.map(keyOf)).size)
          const item = items.get(a) as Tracker.Item
          assert.strictEqual(item.state, "open")
          assert.include(tracker.sources, item.source)
        })
      ))

    it.effect("resumes from a cursor: only what changed after it, and nothing when nothing did", () =>
      withTracker((tracker) =>
        Effect.gen(function*() {
          const [a] = yield* openTwo
          const first = yield* readAll(tracker)
          const seen = new Set(first.events.map(keyOf))
          const fresh = (events: ReadonlyArray<Inquiry.Event>) => events.filter((e) => !seen.has(keyOf(e)))
          const again: Array<Inquiry.Event> = []
          for (const [source, cursor] of first.cursors) {
            yield* Stream.runForEach(tracker.changes(source, cursor), (p) => Effect.sync(() => void again.push(...p.events)))
          }
          assert.deepStrictEqual(fresh(again), [])
          yield* harness.comment(a, { author: bob, body: "Fixed in 3.4.2", at: t0 + 5 * hour })
          const later: Array<Inquiry.Event> = []
          for (const [source, cursor] of first.cursors) {
            yield* Stream.runForEach(tracker.changes(source, cursor), (p) => Effect.sync(() => void later.push(...p.events)))
          }
          assert.deepStrictEqual(fresh(later).map((e) => [e.inquiry, e.type, e.actor]), [[a, "commented", bob]])
        })
      ))

    it.effect("a listing that fails mid-stream resumes from the last cursor kept and loses nothing", () =>
      withTracker((tracker) =>
        Effect.gen(function*() {
          for (let i = 0; i < 6; i++) {
            const x = yield* harness.open({ title: `Q${i}`, body: "?", author: user, at: t0 + i * hour })
            yield* harness.comment(x, { author: ada, body: "On it", at: t0 + i * hour + 60_000 })
          }
          const whole = new Set((yield* readAll(tracker)).events.map(keyOf))
          const got = new Set<string>()
          let failures = 0
          for (const source of tracker.sources) {
            let cursor: string | undefined
            let pages = 0
            for (let attempt = 0; attempt < 5; attempt++) {
              const r = yield* Effect.result(
                Stream.runForEach(tracker.changes(source, cursor), (page) =>
                  Effect.gen(function*() {
                    for (const e of page.events) got.add(keyOf(e))
                    cursor = page.cursor
                    pages++
                    if (pages === 1) yield* harness.failNext(1)
                  }))
              )
              if (Result.isSuccess(r)) break
              failures++
              assert.strictEqual(r.failure._tag, "TrackerError")
              assert.isTrue(r.failure.retryable)
            }
          }
          yield* harness.failNext(0)
          assert.deepStrictEqual([...got].sort(), [...whole].sort())
          assert.isAtMost(failures, tracker.sources.length)
        })
      ))

    it.effect("answers one item's history as events that replay, with the opening's text", () =>
      withTracker((tracker) =>
        Effect.gen(function*() {
          const [a] = yield* openTwo
          const { item, events } = yield* tracker.history(a)
          assert.strictEqual(item.inquiry, a)
          const state = yield* Inquiry.replay(events, { policy: Inquiry.responsePolicy({ team: harness.members }) })
          assert.strictEqual(state.reporter, user)
          assert.strictEqual(state.firstResponse?.by, ada)
          const opened = events.find((e) => e.type === "opened")
          assert.isTrue(opened?.type === "opened" && (opened.body === undefined || opened.body.includes("crashes")))
          const missing = yield* Effect.result(tracker.history("support#nope-404" as Types.InquiryId))
          assert.isTrue(Result.isFailure(missing) && missing.failure.reason === "not-found")
        })
      ))

    it.effect("executes a comment once, with its marker; a second execution is already-done", () =>
      withTracker((tracker) =>
        Effect.gen(function*() {
          const [a] = yield* openTwo
          const action = {
            _tag: "Comment" as const,
            key: `${a}:s1:ack`,
            inquiry: a,
            text: `Thanks! ${Tracker.mention(ada)} is on duty.`,
            visibility: "public" as const
          }
          const before = (yield* harness.view(a)).comments.length
          const first = yield* tracker.execute(action, t0 + 4 * hour)
          assert.strictEqual(first.outcome, "written")
          assert.strictEqual(first.key, action.key)
          assert.isAtLeast(first.requests, 1)
          const second = yield* tracker.execute(action, t0 + 5 * hour)
          assert.strictEqual(second.outcome, "already-done")
          const view = yield* harness.view(a)
          assert.strictEqual(view.comments.length, before + 1)
          const posted = view.comments[view.comments.length - 1] as { readonly body: string }
          assert.include(posted.body, "is on duty.")
          assert.notInclude(posted.body, "{@")
          // The receipt's events are the ones a later read of the history shows.
          const history = new Set((yield* tracker.history(a)).events.map(keyOf))
          for (const e of first.events) assert.isTrue(history.has(keyOf(e)), `receipt event ${keyOf(e)} not in the history`)
          assert.isAtLeast(tracker.cost(action), 1)
        })
      ))

    it.effect("assigns, labels and closes as the capabilities say, each write once", () =>
      withTracker((tracker) =>
        Effect.gen(function*() {
          const [a, b] = yield* openTwo
          const caps = tracker.capabilities(a)
          const assign = { _tag: "Assign" as const, key: `${a}:s1:assign`, inquiry: a, assignee: bob }
          if (caps.assign) {
            assert.strictEqual((yield* tracker.execute(assign, t0 + 4 * hour)).outcome, "written")
            assert.strictEqual((yield* tracker.execute(assign, t0 + 4 * hour)).outcome, "already-done")
            assert.deepStrictEqual((yield* harness.view(a)).assignees, [bob])
          } else {
            const r = yield* Effect.result(tracker.execute(assign, t0 + 4 * hour))
            assert.isTrue(Result.isFailure(r) && r.failure.reason === "unsupported")
            assert.deepStrictEqual((yield* harness.view(a)).assignees, [])
          }
          if (caps.labels) {
            yield* tracker.execute({ _tag: "AddLabel", key: `${a}:s1:label`, inquiry: a, label: "needs-info" }, t0 + 4 * hour)
            assert.include((yield* harness.view(a)).labels, "needs-info")
            yield* tracker.execute({ _tag: "RemoveLabel", key: `${a}:s1:unlabel`, inquiry: a, label: "needs-info" }, t0 + 4 * hour)
            assert.notInclude((yield* harness.view(a)).labels, "needs-info")
          }
          const reason = caps.closeReasons.includes("stale") ? ("stale" as const) : ("resolved" as const)
          const close = { _tag: "Close" as const, key: `${b}:s1:close`, inquiry: b, reason }
          assert.strictEqual((yield* tracker.execute(close, t0 + 5 * hour)).outcome, "written")
          assert.strictEqual((yield* tracker.execute(close, t0 + 5 * hour)).outcome, "already-done")
          assert.isFalse((yield* harness.view(b)).open)
          const events = (yield* tracker.history(b)).events
          assert.strictEqual(events.filter((e) => e.type === "closed").length, 1)
        })
      ))

    it.effect("an execution that fails is retryable and, rerun, writes once", () =>
      withTracker((tracker) =>
        Effect.gen(function*() {
          const [a] = yield* openTwo
          const action = { _tag: "Comment" as const, key: `${a}:s2:note`, inquiry: a, text: "Noted", visibility: "public" as const }
          const before = (yield* harness.view(a)).comments.length
          yield* harness.failNext(1)
          const r = yield* Effect.result(tracker.execute(action, t0 + 4 * hour))
          assert.isTrue(Result.isFailure(r) && r.failure.retryable)
          yield* tracker.execute(action, t0 + 4 * hour)
          yield* tracker.execute(action, t0 + 4 * hour)
          assert.strictEqual((yield* harness.view(a)).comments.length, before + 1)
        })
      ))

    it.effect("a history that does not replay is a typed error naming the item, not a crash", () =>
      withTracker((tracker) =>
        Effect.gen(function*() {
          const corrupt = harness.corrupt
          if (corrupt === undefined) return
          const [a] = yield* openTwo
          yield* corrupt(a)
          const r = yield* Effect.result(Effect.flatMap(tracker.history(a), ({ events }) => Inquiry.replay(events)))
          assert.isTrue(Result.isFailure(r))
          if (Result.isFailure(r)) {
            const failure = r.failure
            if (failure._tag === "TrackerError") assert.strictEqual(failure.inquiry, a)
            else assert.strictEqual(failure.inquiry, a)
          }
        })
      ))
  })
}
