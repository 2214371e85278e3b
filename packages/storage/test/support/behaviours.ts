// The Store behaviours both backends must show, run against a fresh store per test.
// (The shared conformance suite of @sre-uxdd/testing runs beside these; these add what is
// specific to a durable store: paging past one page, the export's exact round trip.)
import { assert, describe, it } from "@effect/vitest"
import { type Action, Inquiry, Store, type Tracker, Types } from "@sre-uxdd/core"
import { Effect, type Layer, Stream } from "effect"
import fc from "fast-check"

export type MakeStore = () => Layer.Layer<Store.Store, Store.StoreError>

const base = Date.UTC(2026, 0, 5, 9)
const iso = (ms: number) => new Date(ms).toISOString()

export const opened = (inquiry: string, at: number, extra: { readonly id?: string; readonly title?: string } = {}): Inquiry.Event =>
  Inquiry.decodeEventsSync([{
    type: "opened",
    inquiry,
    at: iso(at),
    actor: "ann",
    reporter: "ann",
    channel: "email",
    title: extra.title ?? `about ${inquiry}`,
    ...(extra.id === undefined ? {} : { id: extra.id })
  }])[0] as Inquiry.Event

export const comment = (inquiry: string, at: number, id?: string): Inquiry.Event =>
  Inquiry.decodeEventsSync([{
    type: "commented",
    inquiry,
    at: iso(at),
    actor: "ada",
    visibility: "public",
    ...(id === undefined ? {} : { id })
  }])[0] as Inquiry.Event

export const item = (inquiry: string, state: "open" | "closed", labels: ReadonlyArray<string> = []): Tracker.Item => ({
  inquiry: Types.InquiryId.make(inquiry),
  source: "issues:org/support",
  title: `about ${inquiry}`,
  state,
  labels,
  assignees: [],
  updatedAt: base
})

export const notify = (key: string): Action.Action => ({ _tag: "Notify", key, member: Types.MemberId.make("ada"), text: `note ${key}` })

export const receiptOf = (key: string, events: ReadonlyArray<Inquiry.Event> = []): Tracker.Receipt => ({
  key,
  action: "Notify",
  outcome: "delivered",
  executedAt: base,
  detail: "sent",
  requests: 1,
  events
})

const collect = <A>(s: Stream.Stream<A, Store.StoreError>) => Stream.runCollect(s).pipe(Effect.map((c) => Array.from(c)))

/** Fills a store with one record of every kind (and enough events for several pages). */
export const fill = Effect.gen(function*() {
  const store = yield* Store.Store
  const events = Array.from(
    { length: 2_300 },
    (_, i) => (i % 3 === 0 ? opened(`support#${i}`, base + (i % 700) * 1000) : comment(`support#${i - (i % 3)}`, base + (i % 700) * 1000 + 1, `c${i}`))
  )
  yield* store.append(events)
  yield* store.putItems([item("support#0", "open", ["crash"]), item("support#3", "closed")])
  yield* store.publishSchedule({ version: 1, publishedAt: base, reason: "first", document: { duties: [{ primary: "ada" }] } })
  yield* store.publishSchedule({ version: 2, publishedAt: base + 1, reason: "swap", document: { duties: [{ primary: "bob" }], note: "ü ✓ 𝄞" } })
  yield* store.setCursor("issues:org/support", "etag-1")
  yield* store.setCursor("discussions:org/repo", "page-7")
  yield* store.enqueue([notify("k1"), notify("k2"), notify("k3")], base)
  yield* store.complete(receiptOf("k2", [comment("support#0", base + 5, "from-k2")]))
  yield* store.acquire("tick", "runner-a", 60_000, base)
  yield* store.putSnapshot("replay", 10, { open: ["support#0"], nested: { b: 1, a: [1, 2] } })
  return events.length
})

export const behaviours = (name: string, makeStore: MakeStore): void => {
  const test = (title: string, body: Effect.Effect<void, unknown, Store.Store>) => it.effect(title, () => Effect.provide(body, makeStore()))

  describe(`${name}: events`, () => {
    test(
      "append keeps each event once by (inquiry, eventKey) and answers how many were new",
      Effect.gen(function*() {
        const store = yield* Store.Store
        const a = opened("s#1", base)
        const b = comment("s#1", base + 60_000, "c1")
        assert.strictEqual(yield* store.append([a, b, b]), 2)
        assert.strictEqual(yield* store.append([b, a, comment("s#1", base + 99, "c1")]), 0) // same id, other content: the same event
        assert.strictEqual(yield* store.append([comment("s#2", base, "c1")]), 1) // same id in another inquiry: another event
        assert.strictEqual(yield* store.lastSeq, 3)
        assert.deepStrictEqual(yield* store.events(Types.InquiryId.make("s#1")), [a, b])
      })
    )

    test(
      "events come back in compareEvents order whatever the append order",
      Effect.gen(function*() {
        const store = yield* Store.Store
        const evs = [comment("s#1", base + 2, "z"), comment("s#1", base + 2, "a"), opened("s#1", base), comment("s#1", base + 1)]
        yield* store.append(evs)
        assert.deepStrictEqual(yield* store.events(Types.InquiryId.make("s#1")), [...evs].sort(Store.compareEvents))
        assert.deepStrictEqual(yield* store.events(Types.InquiryId.make("s#none")), [])
      })
    )

    test(
      "changesAfter streams in sequence order past one page, from any cursor",
      Effect.gen(function*() {
        const store = yield* Store.Store
        const evs = Array.from({ length: 2_500 }, (_, i) => comment(`s#${i % 7}`, base - i * 1000, `c${i}`))
        yield* store.append(evs)
        const all = yield* collect(store.changesAfter(0))
        assert.deepStrictEqual(all.map((s) => s.seq), evs.map((_, i) => i + 1))
        assert.deepStrictEqual(all.map((s) => s.event), evs)
        const tail = yield* collect(store.changesAfter(2_000))
        assert.deepStrictEqual(tail.map((s) => s.seq)[0], 2_001)
        assert.strictEqual(tail.length, 500)
        assert.strictEqual(yield* store.lastSeq, 2_500)
      })
    )

    test(
      "eventsBetween streams [from, to) in compareEvents order, also when one instant spans pages",
      Effect.gen(function*() {
        const store = yield* Store.Store
        const evs = [
          ...Array.from({ length: 1_500 }, (_, i) => comment(`s#${i % 13}`, base + 5_000, `same${i}`)),
          ...Array.from({ length: 1_200 }, (_, i) => comment(`s#${i % 5}`, base + i, `early${i}`)),
          comment("s#1", base + 10_000, "at-to")
        ]
        yield* store.append(evs)
        const got = yield* collect(store.eventsBetween(base + 1, base + 10_000))
        const want = evs.filter((e) => Types.toMillis(e.at) >= base + 1 && Types.toMillis(e.at) < base + 10_000).sort(Store.compareEvents)
        assert.strictEqual(got.length, want.length)
        assert.deepStrictEqual(got, want)
        assert.deepStrictEqual(yield* collect(store.eventsBetween(base + 20_000, base + 30_000)), [])
      })
    )
  })

  describe(`${name}: items, schedules, cursors`, () => {
    test(
      "putItems replaces an item's state; items lists a state ordered by inquiry",
      Effect.gen(function*() {
        const store = yield* Store.Store
        yield* store.putItems([item("s#2", "open"), item("s#1", "open"), item("s#3", "closed")])
        yield* store.putItems([item("s#2", "closed", ["done"])])
        assert.deepStrictEqual(yield* store.item(Types.InquiryId.make("s#2")), item("s#2", "closed", ["done"]))
        assert.strictEqual(yield* store.item(Types.InquiryId.make("s#9")), undefined)
        assert.deepStrictEqual((yield* collect(store.items("closed"))).map((i) => i.inquiry), ["s#2", "s#3"])
        assert.deepStrictEqual((yield* collect(store.items("open"))).map((i) => i.inquiry), ["s#1"])
        assert.deepStrictEqual((yield* collect(store.items())).map((i) => i.inquiry), ["s#1", "s#2", "s#3"])
      })
    )

    test(
      "publishSchedule takes only the latest version plus one",
      Effect.gen(function*() {
        const store = yield* Store.Store
        assert.strictEqual(yield* store.latestSchedule, undefined)
        const wrong = yield* Effect.flip(store.publishSchedule({ version: 2, publishedAt: base, reason: "skip", document: {} }))
        assert.strictEqual(wrong.reason, "invalid-input")
        assert.match(wrong.message, /version 2.*latest published version 0/)
        const v1 = { version: 1, publishedAt: base, reason: "first", document: { a: 1 } }
        const v2 = { version: 2, publishedAt: base + 1, reason: "swap", document: { a: 2 } }
        yield* store.publishSchedule(v1)
        yield* store.publishSchedule(v2)
        assert.strictEqual((yield* Effect.flip(store.publishSchedule(v2))).reason, "invalid-input")
        assert.deepStrictEqual(yield* store.latestSchedule, v2)
        assert.deepStrictEqual(yield* collect(store.schedules), [v1, v2])
      })
    )

    test(
      "a source's cursor is stored and replaced",
      Effect.gen(function*() {
        const store = yield* Store.Store
        assert.strictEqual(yield* store.cursor("a"), undefined)
        yield* store.setCursor("a", "1")
        yield* store.setCursor("a", "2")
        assert.strictEqual(yield* store.cursor("a"), "2")
      })
    )
  })

  describe(`${name}: the action queue`, () => {
    test(
      "enqueue skips keys pending or executed; pending is oldest first; complete records and dequeues at once",
      Effect.gen(function*() {
        const store = yield* Store.Store
        assert.strictEqual(yield* store.enqueue([notify("b"), notify("a"), notify("b")], base + 10), 2)
        assert.strictEqual(yield* store.enqueue([notify("c")], base), 1)
        assert.deepStrictEqual((yield* store.pending()).map((p) => [p.action.key, p.queuedAt]), [["c", base], ["b", base + 10], ["a", base + 10]])
        assert.deepStrictEqual((yield* store.pending(1)).map((p) => p.action.key), ["c"])
        const produced = comment("s#1", base, "by-b")
        yield* store.complete(receiptOf("b", [produced]))
        yield* store.complete({ ...receiptOf("b"), detail: "second" })
        assert.strictEqual((yield* store.receipt("b"))?.detail, "sent")
        assert.deepStrictEqual(yield* store.events(Types.InquiryId.make("s#1")), [produced])
        assert.deepStrictEqual((yield* store.pending()).map((p) => p.action.key), ["c", "a"])
        assert.strictEqual(yield* store.enqueue([notify("b")], base + 20), 0)
        assert.deepStrictEqual((yield* collect(store.receipts)).map((r) => r.key), ["b"])
        assert.strictEqual(yield* store.receipt("zz"), undefined)
      })
    )
  })

  describe(`${name}: leases and snapshots`, () => {
    test(
      "a lease is held until it expires or is released; its holder renews it",
      Effect.gen(function*() {
        const store = yield* Store.Store
        assert.isTrue(yield* store.acquire("tick", "a", 1000, base))
        assert.isFalse(yield* store.acquire("tick", "b", 1000, base + 999))
        assert.isTrue(yield* store.acquire("tick", "a", 1000, base + 500))
        assert.isFalse(yield* store.acquire("tick", "b", 1000, base + 1499))
        assert.isTrue(yield* store.acquire("tick", "b", 1000, base + 1500))
        yield* store.release("tick", "a")
        assert.isFalse(yield* store.acquire("tick", "a", 1000, base + 1600))
        yield* store.release("tick", "b")
        assert.isTrue(yield* store.acquire("tick", "a", 1000, base + 1600))
      })
    )

    test(
      "a snapshot is replaced whole",
      Effect.gen(function*() {
        const store = yield* Store.Store
        assert.strictEqual(yield* store.snapshot("s"), undefined)
        yield* store.putSnapshot("s", 3, { a: [1, { b: null }] })
        yield* store.putSnapshot("s", 4, "two")
        assert.deepStrictEqual(yield* store.snapshot("s"), { seq: 4, value: "two" })
      })
    )
  })

  describe(`${name}: export and import`, () => {
    it.effect("an export imported into an empty store exports the same lines", () =>
      Effect.gen(function*() {
        const lines = yield* Effect.provide(
          Effect.andThen(
            fill,
            Effect.gen(function*() {
              const s = yield* Store.Store
              return yield* collect(s.exportLines)
            })
          ),
          makeStore()
        )
        assert.strictEqual(lines[0], JSON.stringify({ kind: "format", version: 1 }))
        assert.isAbove(lines.length, 2_000)
        const again = yield* Effect.provide(
          Effect.gen(function*() {
            const s = yield* Store.Store
            yield* s.importLines(Stream.fromIterable(lines))
            assert.strictEqual((yield* s.pending()).length, 2)
            assert.isTrue(yield* s.acquire("tick", "other", 1, base)) // leases are not exported: they are free after a move
            return yield* collect(s.exportLines)
          }),
          makeStore()
        )
        assert.deepStrictEqual(again, lines)
      }))

    test(
      "import refuses a store that has records, and a bad line by its number, and changes nothing",
      Effect.gen(function*() {
        const store = yield* Store.Store
        const fmt = JSON.stringify({ kind: "format", version: 1 })
        const bad = yield* Effect.flip(store.importLines(Stream.make(fmt, JSON.stringify({ kind: "cursor", source: "a", cursor: "1" }), "{nope")))
        assert.strictEqual(bad.reason, "invalid-input")
        assert.match(bad.message, /line 3/)
        assert.strictEqual(yield* store.cursor("a"), undefined)
        const noFormat = yield* Effect.flip(store.importLines(Stream.make(JSON.stringify({ kind: "cursor", source: "a", cursor: "1" }))))
        assert.match(noFormat.message, /line 1: expected the format line/)
        const schema = yield* Effect.flip(store.importLines(Stream.make(fmt, JSON.stringify({ kind: "event", seq: 1, event: { type: "nope" } }))))
        assert.match(schema.message, /line 2/)
        yield* store.setCursor("b", "1")
        const full = yield* Effect.flip(store.importLines(Stream.make(fmt)))
        assert.match(full.message, /empty store/)
      })
    )
  })

  describe(`${name}: property`, () => {
    it("any interleaving of appends with duplicates stores the de-duplicated union in one order", () =>
      fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.array(
              fc.record({
                inquiry: fc.integer({ min: 0, max: 3 }),
                at: fc.integer({ min: 0, max: 5 }),
                id: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined })
              }),
              { maxLength: 8 }
            ),
            { maxLength: 5 }
          ),
          fc.integer(),
          (batches, seed) => {
            // An id names one event: the same id always comes with the same content, as from a tracker.
            const toEvent = (x: { inquiry: number; at: number; id: number | undefined }) =>
              x.id === undefined ? comment(`s#${x.inquiry}`, base + x.at * 1000) : comment(`s#${x.inquiry}`, base + (x.id % 4) * 1000, `c${x.id}`)
            const evBatches = batches.map((b) => b.map(toEvent))
            const union = new Map<string, Inquiry.Event>()
            for (const e of evBatches.flat()) if (!union.has(`${e.inquiry} ${Store.eventKey(e)}`)) union.set(`${e.inquiry} ${Store.eventKey(e)}`, e)
            const shuffled = [...evBatches].sort((a, b) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7)).reverse()
            const run = (order: ReadonlyArray<ReadonlyArray<Inquiry.Event>>) =>
              Effect.provide(
                Effect.gen(function*() {
                  const s = yield* Store.Store
                  let added = 0
                  for (const b of order) added += yield* s.append(b)
                  return { added, log: yield* collect(s.eventsBetween(-Infinity, Infinity)) }
                }),
                makeStore()
              )
            return Effect.runPromise(Effect.gen(function*() {
              const one = yield* run(evBatches)
              const two = yield* run(shuffled)
              const want = [...union.values()].sort(Store.compareEvents)
              assert.strictEqual(one.added, union.size)
              assert.strictEqual(two.added, union.size)
              assert.deepStrictEqual(one.log.map((e) => Store.eventKey(e) + e.inquiry), want.map((e) => Store.eventKey(e) + e.inquiry))
              assert.deepStrictEqual(two.log.map((e) => Store.eventKey(e) + e.inquiry), want.map((e) => Store.eventKey(e) + e.inquiry))
            }))
          }
        ),
        { numRuns: 25 }
      ))
  })
}
