/**
 * The conformance suite of the `Store` port: every behaviour `Store` promises, run against
 * an implementation's layer. The memory store runs it in this package; every storage
 * adapter runs it against the real thing.
 *
 * @since 0.2.0
 * @module
 */
import { assert, it } from "@effect/vitest"
import { Store, type Inquiry, type Tracker, Types } from "@sre-uxdd/core"
import { Effect, type Layer, Result, Stream } from "effect"
import fc from "fast-check"
import { describe, test } from "vitest"

const day = 86_400_000
const t0 = Date.UTC(2026, 0, 5, 17, 0)
const iso = (ms: number): string => new Date(ms).toISOString()
const inq = (n: number) => Types.InquiryId.make(`support#${n}`)
const member = Types.MemberId.make

/**
 * The events of one inquiry the suite stores: an opening and `comments` comments an hour
 * apart, each with a tracker id unless `withIds` is false.
 *
 * @since 0.2.0
 * @category fixtures
 */
export const sampleEvents = (
  n: number,
  comments: number,
  options: { readonly withIds?: boolean; readonly start?: number } = {}
): ReadonlyArray<Inquiry.Event> => {
  const start = options.start ?? t0 + n * 3_600_000
  const ids = options.withIds ?? true
  const inquiry = inq(n)
  return [
    { type: "opened", inquiry, at: iso(start), actor: "kim", reporter: "kim", channel: "email", title: `Question ${n}`, ...(ids ? { id: `o${n}` } : {}) },
    ...Array.from({ length: comments }, (_, i): Inquiry.Event => ({
      type: "commented",
      inquiry,
      at: iso(start + (i + 1) * 3_600_000),
      actor: i % 2 === 0 ? "ada" : "kim",
      visibility: "public",
      ...(ids ? { id: `c${n}-${i}` } : {})
    }))
  ]
}

const item = (n: number, state: "open" | "closed" = "open"): Tracker.Item => ({
  inquiry: inq(n),
  source: "support",
  title: `Question ${n}`,
  state,
  labels: ["question"],
  assignees: [member("ada")],
  updatedAt: t0 + n
})

const collect = <A, E, R>(s: Stream.Stream<A, E, R>) => Stream.runCollect(s)

const keysOf = (events: ReadonlyArray<Inquiry.Event>) => events.map((e) => `${e.inquiry} ${Store.eventKey(e)}`)

/**
 * Runs the `Store` conformance suite. `layer` is built once per test and must give an
 * empty store each time (a fresh database or file); round-trip tests build it twice.
 *
 * @example
 * ```ts
 * import { Store } from "@sre-uxdd/core"
 * import { storeSuite } from "@sre-uxdd/testing"
 *
 * storeSuite("Store.layerMemory", Store.layerMemory)
 * ```
 *
 * @since 0.2.0
 * @category suites
 */
export const storeSuite = <E>(name: string, layer: Layer.Layer<Store.Store, E>): void => {
  const run = <A, E2>(self: Effect.Effect<A, E2, Store.Store>) => Effect.provide(self, layer)
  const withStore = <A, E2>(f: (store: Store.Store["Service"]) => Effect.Effect<A, E2>) =>
    run(Effect.gen(function*() {
      return yield* f(yield* Store.Store)
    }))

  describe(`${name} (Store conformance)`, () => {
    describe("events", () => {
      it.effect("stores each event once by inquiry and id, and answers how many were new", () =>
        withStore((store) =>
          Effect.gen(function*() {
            const events = sampleEvents(1, 3)
            assert.strictEqual(yield* store.append(events), 4)
            assert.strictEqual(yield* store.append(events), 0)
            // Same id, other content (a comment edited on the tracker): still the same event.
            const edited = { ...(events[1] as Inquiry.Event), actor: "bob" }
            assert.strictEqual(yield* store.append([edited]), 0)
            assert.strictEqual((yield* store.events(inq(1))).length, 4)
            assert.strictEqual(yield* store.lastSeq, 4)
          })
        ))

      it.effect("identifies events without an id by their content, and keeps equal ids of two inquiries apart", () =>
        withStore((store) =>
          Effect.gen(function*() {
            const plain = sampleEvents(2, 2, { withIds: false })
            assert.strictEqual(yield* store.append([...plain, ...plain]), 3)
            const a = sampleEvents(3, 1)
            const b = sampleEvents(4, 1).map((e) => ({ ...e, id: e.type === "opened" ? "o3" : "c3-0" }) as Inquiry.Event)
            assert.strictEqual(yield* store.append([...a, ...b]), 4)
            assert.strictEqual((yield* store.events(inq(4))).length, 2)
          })
        ))

      it.effect("returns an inquiry's events in compareEvents order, whatever the append order", () =>
        withStore((store) =>
          Effect.gen(function*() {
            const events = sampleEvents(5, 4)
            yield* store.append([...events].reverse().slice(0, 2))
            yield* store.append([...events].reverse().slice(2))
            assert.deepStrictEqual(keysOf(yield* store.events(inq(5))), keysOf([...events].sort(Store.compareEvents)))
            assert.deepStrictEqual(yield* store.events(inq(99)), [])
          })
        ))

      it.effect("changesAfter answers events in sequence order and resumes after any sequence number", () =>
        withStore((store) =>
          Effect.gen(function*() {
            yield* store.append(sampleEvents(1, 2))
            yield* store.append(sampleEvents(2, 2))
            const all = yield* collect(store.changesAfter(0))
            assert.deepStrictEqual(all.map((s) => s.seq), [1, 2, 3, 4, 5, 6])
            for (let k = 0; k <= 6; k++) {
              const rest = yield* collect(store.changesAfter(k))
              assert.deepStrictEqual(rest.map((s) => s.seq), all.slice(k).map((s) => s.seq))
            }
            // A consumer that failed after reading part of the stream resumes from the last seq it kept.
            const firstTwo = yield* collect(Stream.take(store.changesAfter(0), 2))
            const resumed = yield* collect(store.changesAfter((firstTwo[1] as Store.Stored).seq))
            assert.deepStrictEqual([...firstTwo, ...resumed].map((s) => keysOf([s.event])[0]), all.map((s) => keysOf([s.event])[0]))
            assert.deepStrictEqual(yield* collect(store.changesAfter(6)), [])
          })
        ))

      it.effect("eventsBetween answers the events in [from, to) in compareEvents order", () =>
        withStore((store) =>
          Effect.gen(function*() {
            const events = [...sampleEvents(1, 3), ...sampleEvents(2, 3)]
            yield* store.append([...events].reverse())
            const from = Date.parse((events[1] as Inquiry.Event).at)
            const to = Date.parse((events[3] as Inquiry.Event).at)
            const got = yield* collect(store.eventsBetween(from, to))
            const want = events.filter((e) => Date.parse(e.at) >= from && Date.parse(e.at) < to).sort(Store.compareEvents)
            assert.deepStrictEqual(keysOf(got), keysOf(want))
            assert.isTrue(got.length > 0)
            assert.deepStrictEqual(yield* collect(store.eventsBetween(to + 100 * day, to + 200 * day)), [])
          })
        ))

      test("any interleaving of appends with duplicates gives the de-duplicated union in one order", () =>
        fc.assert(
          fc.asyncProperty(
            fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 12 }),
            fc.integer({ min: 1, max: 5 }),
            (picks, batch) =>
              Effect.runPromise(
                withStore((store) =>
                  Effect.gen(function*() {
                    // Every pick is a prefix of one inquiry's history, so later picks repeat earlier events.
                    const appended = picks.flatMap(([n, c]) => sampleEvents(n, c))
                    for (let i = 0; i < appended.length; i += batch) yield* store.append(appended.slice(i, i + batch))
                    const unique = new Map<string, Inquiry.Event>()
                    for (const e of appended) if (!unique.has(keysOf([e])[0] as string)) unique.set(keysOf([e])[0] as string, e)
                    const want = [...unique.values()].sort(Store.compareEvents)
                    const got = yield* collect(store.eventsBetween(0, Number.MAX_SAFE_INTEGER))
                    assert.deepStrictEqual(keysOf(got), keysOf(want))
                    assert.strictEqual(yield* store.lastSeq, want.length)
                  })
                )
              )
          ),
          { numRuns: 40 }
        ))
    })

    describe("items", () => {
      it.effect("replaces an item's state and lists items of a state by inquiry id", () =>
        withStore((store) =>
          Effect.gen(function*() {
            yield* store.putItems([item(3), item(1), item(2, "closed")])
            yield* store.putItems([{ ...item(3), labels: ["bug"] }])
            assert.deepStrictEqual((yield* store.item(inq(3)))?.labels, ["bug"])
            assert.strictEqual(yield* store.item(inq(9)), undefined)
            assert.deepStrictEqual((yield* collect(store.items("open"))).map((i) => i.inquiry), [inq(1), inq(3)])
            assert.deepStrictEqual((yield* collect(store.items())).map((i) => i.inquiry), [inq(1), inq(2), inq(3)])
          })
        ))
    })

    describe("schedules", () => {
      it.effect("publishes consecutive versions and refuses a gap or a repeat, changing nothing", () =>
        withStore((store) =>
          Effect.gen(function*() {
            assert.strictEqual(yield* store.latestSchedule, undefined)
            yield* store.publishSchedule({ version: 1, publishedAt: t0, reason: "first", document: { duties: [1] } })
            const gap = yield* Effect.result(store.publishSchedule({ version: 3, publishedAt: t0, reason: "gap", document: {} }))
            assert.isTrue(Result.isFailure(gap) && gap.failure.reason === "invalid-input")
            const repeat = yield* Effect.result(store.publishSchedule({ version: 1, publishedAt: t0, reason: "again", document: {} }))
            assert.isTrue(Result.isFailure(repeat) && repeat.failure.reason === "invalid-input")
            yield* store.publishSchedule({ version: 2, publishedAt: t0 + day, reason: "swap", document: { duties: [2] } })
            assert.deepStrictEqual((yield* store.latestSchedule)?.document, { duties: [2] })
            assert.deepStrictEqual((yield* collect(store.schedules)).map((v) => v.reason), ["first", "swap"])
          })
        ))
    })

    describe("cursors", () => {
      it.effect("keeps one cursor per source", () =>
        withStore((store) =>
          Effect.gen(function*() {
            assert.strictEqual(yield* store.cursor("memory:a"), undefined)
            yield* store.setCursor("memory:a", "1")
            yield* store.setCursor("memory:b", "x")
            yield* store.setCursor("memory:a", "2")
            assert.deepStrictEqual([yield* store.cursor("memory:a"), yield* store.cursor("memory:b")], ["2", "x"])
          })
        ))
    })

    describe("pending actions and receipts", () => {
      const comment = (k: string) => ({ _tag: "Comment" as const, key: k, inquiry: inq(1), text: `text ${k}`, visibility: "public" as const })
      const receiptOf = (k: string, events: ReadonlyArray<Inquiry.Event> = []): Tracker.Receipt => ({
        key: k,
        action: "Comment",
        outcome: "written",
        executedAt: t0 + day,
        detail: "posted",
        requests: 2,
        events
      })

      it.effect("queues each key once, lists the oldest first, and completes each exactly once", () =>
        withStore((store) =>
          Effect.gen(function*() {
            assert.strictEqual(yield* store.enqueue([comment("b"), comment("c")], t0 + 10), 2)
            assert.strictEqual(yield* store.enqueue([comment("a"), comment("b"), comment("a")], t0), 1)
            assert.deepStrictEqual((yield* store.pending()).map((p) => p.action.key), ["a", "b", "c"])
            assert.deepStrictEqual((yield* store.pending(2)).map((p) => p.action.key), ["a", "b"])
            const event = (sampleEvents(1, 1)[1]) as Inquiry.Event
            yield* store.complete(receiptOf("b", [event]))
            assert.deepStrictEqual((yield* store.pending()).map((p) => p.action.key), ["a", "c"])
            assert.strictEqual((yield* store.events(inq(1))).length, 1)
            // Completing twice keeps the first receipt; a completed key is never queued again.
            yield* store.complete({ ...receiptOf("b"), detail: "second" })
            assert.strictEqual((yield* store.receipt("b"))?.detail, "posted")
            assert.strictEqual(yield* store.enqueue([comment("b")], t0 + 20), 0)
            yield* store.complete(receiptOf("a"))
            assert.deepStrictEqual((yield* collect(store.receipts)).map((r) => r.key), ["b", "a"])
            assert.strictEqual(yield* store.receipt("zzz"), undefined)
          })
        ))
    })

    describe("leases", () => {
      it.effect("are exclusive until they expire, renewed by their holder, and released only by it", () =>
        withStore((store) =>
          Effect.gen(function*() {
            assert.isTrue(yield* store.acquire("runner", "a", 1_000, t0))
            assert.isFalse(yield* store.acquire("runner", "b", 1_000, t0 + 500))
            assert.isTrue(yield* store.acquire("runner", "a", 1_000, t0 + 900)) // renew to t0 + 1900
            assert.isFalse(yield* store.acquire("runner", "b", 1_000, t0 + 1_500))
            yield* store.release("runner", "b") // not the holder: no effect
            assert.isFalse(yield* store.acquire("runner", "b", 1_000, t0 + 1_600))
            assert.isTrue(yield* store.acquire("other", "b", 1_000, t0 + 1_600))
            assert.isTrue(yield* store.acquire("runner", "b", 1_000, t0 + 1_900)) // expired
            yield* store.release("runner", "b")
            assert.isTrue(yield* store.acquire("runner", "a", 1_000, t0 + 1_901))
          })
        ))
    })

    describe("snapshots", () => {
      it.effect("keeps the latest value of each named snapshot with its sequence number", () =>
        withStore((store) =>
          Effect.gen(function*() {
            assert.strictEqual(yield* store.snapshot("tick"), undefined)
            yield* store.putSnapshot("tick", 3, { open: ["support#1"] })
            yield* store.putSnapshot("tick", 7, { open: [] })
            assert.deepStrictEqual(yield* store.snapshot("tick"), { seq: 7, value: { open: [] } })
          })
        ))
    })

    describe("export and import", () => {
      const populate = (store: Store.Store["Service"]) =>
        Effect.gen(function*() {
          yield* store.append([...sampleEvents(2, 2), ...sampleEvents(1, 1, { withIds: false })])
          yield* store.putItems([item(2), item(1, "closed")])
          yield* store.publishSchedule({ version: 1, publishedAt: t0, reason: "first", document: { a: [1, 2] } })
          yield* store.setCursor("memory:support", "42")
          yield* store.enqueue([{ _tag: "Close", key: "c1", inquiry: inq(1), reason: "stale" }, {
            _tag: "Notify",
            key: "n1",
            member: member("ada"),
            text: "hi"
          }], t0)
          yield* store.complete({ key: "n1", action: "Notify", outcome: "delivered", executedAt: t0, detail: "ok", requests: 1, events: [] })
          yield* store.putSnapshot("tick", 5, { due: [t0] })
          return yield* collect(store.exportLines)
        })

      it.effect("an import of an export exports the same lines", () =>
        Effect.gen(function*() {
          const lines = yield* withStore(populate)
          assert.deepStrictEqual(JSON.parse(lines[0] as string), { kind: "format", version: 1 })
          const again = yield* withStore((store) =>
            Effect.gen(function*() {
              yield* store.importLines(Stream.fromIterable(lines))
              return { lines: yield* collect(store.exportLines), pending: yield* store.pending(), seq: yield* store.lastSeq }
            })
          )
          assert.deepStrictEqual(again.lines, lines)
          assert.deepStrictEqual(again.pending.map((p) => p.action.key), ["c1"])
          assert.strictEqual(again.seq, 5)
        }))

      it.effect("refuses a bad line naming its number, and imports nothing", () =>
        Effect.gen(function*() {
          const lines = yield* withStore(populate)
          for (
            const [at, bad] of [[3, "{not json"], [4, JSON.stringify({ kind: "event", seq: 3, event: { type: "opened" } })], [
              5,
              JSON.stringify({ kind: "nonsense" })
            ]] as const
          ) {
            const broken = [...lines.slice(0, at - 1), bad, ...lines.slice(at)]
            const outcome = yield* withStore((store) =>
              Effect.gen(function*() {
                const r = yield* Effect.result(store.importLines(Stream.fromIterable(broken)))
                return { r, lines: yield* collect(store.exportLines), seq: yield* store.lastSeq }
              })
            )
            assert.isTrue(Result.isFailure(outcome.r), `line ${at} accepted`)
            if (Result.isFailure(outcome.r)) {
              assert.strictEqual(outcome.r.failure.reason, "invalid-input")
              assert.include(outcome.r.failure.detail, `line ${at}`)
            }
            assert.strictEqual(outcome.seq, 0)
            assert.deepStrictEqual(outcome.lines, [lines[0]])
          }
        }))

      it.effect("refuses an import into a store that is not empty", () =>
        withStore((store) =>
          Effect.gen(function*() {
            const lines = yield* populate(store)
            const r = yield* Effect.result(store.importLines(Stream.fromIterable(lines)))
            assert.isTrue(Result.isFailure(r) && r.failure.reason === "invalid-input")
            assert.deepStrictEqual(yield* collect(store.exportLines), lines)
          })
        ))
    })
  })
}
