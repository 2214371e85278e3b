// A small world for the runner's fault and concurrency tests: daily shifts, covered 24/7,
// a handful of inquiries over three days (so two shift ends with handoffs), acknowledgement on.
import { Effect, Layer, Stream } from "effect"
import { Coverage, Notifier, type Runner, Store, Tracker, Types } from "../src/index.js"

export const hour = 3_600_000
const day = 24 * hour
const m = Types.MemberId.make
export const duties: ReadonlyArray<Types.Duty> = Array.from({ length: 6 }, (_, shift) => ({
  shift,
  start: shift * day,
  end: (shift + 1) * day,
  primary: m(["ada", "bob", "cyd"][shift % 3] as string),
  backup: m(["bob", "cyd", "ada"][shift % 3] as string)
}))
export const hours = 60

export interface World {
  readonly memory: Tracker.MemoryTracker
  readonly store: Store.Store["Service"]
  readonly notifier: Notifier.MemoryNotifier
  readonly layer: Layer.Layer<Tracker.Tracker | Store.Store | Notifier.Notifier>
  readonly config: Runner.Config
}

export const world = (
  options: {
    readonly wrapStore?: (s: Store.Store["Service"]) => Store.Store["Service"]
    readonly wrapTracker?: (t: Tracker.Tracker["Service"]) => Tracker.Tracker["Service"]
  } = {}
) =>
  Effect.gen(function*() {
    const memory = yield* Tracker.makeMemory({ members: ["ada", "bob", "cyd"], pageSize: 2 })
    const base = yield* Store.makeMemory
    const store = options.wrapStore === undefined ? base : options.wrapStore(base)
    const notifier = yield* Notifier.makeMemory
    const tracker = options.wrapTracker === undefined ? memory.service : options.wrapTracker(memory.service)
    const layer = Layer.mergeAll(Layer.succeed(Tracker.Tracker)(tracker), Layer.succeed(Store.Store)(store), Layer.succeed(Notifier.Notifier)(notifier.service))
    const config: Runner.Config = { team: memory.members, duties, coverage: Coverage.always(), acknowledge: true, stale: { after: "30 hours" } }
    return { memory, store, notifier, layer, config } satisfies World
  })

/** What users and members do at hour `h` (before the runner runs). */
export const script = (w: World, h: number, ids: Array<Types.InquiryId>) =>
  Effect.gen(function*() {
    const at = h * hour
    if (h === 1 || h === 5 || h === 20 || h === 30) ids.push(yield* w.memory.open({ title: `Q${h}`, body: "?", author: `user${h}`, at: at - 10 }))
    if (h === 3) yield* w.memory.comment(ids[0] as Types.InquiryId, { author: "ada", body: "Try this", at: at - 5 })
    if (h === 4) yield* w.memory.label(ids[0] as Types.InquiryId, { label: "waiting-on-reporter", actor: "ada", at: at - 5 })
    if (h === 22) yield* w.memory.comment(ids[1] as Types.InquiryId, { author: "user5", body: "Still broken", at: at - 5 })
  })

/** Store and tracker state with the order of arrival left out (what must converge). */
export const stateOf = (w: World) =>
  Effect.gen(function*() {
    const events = (yield* Stream.runCollect(w.store.changesAfter(0))).map((s) => `${s.event.inquiry} ${Store.eventKey(s.event)}`).sort()
    const receipts = (yield* Stream.runCollect(w.store.receipts)).map((r) => `${r.key} ${r.executedAt} ${r.events.map((e) => Store.eventKey(e)).join(",")}`)
      .sort()
    const items = yield* Stream.runCollect(w.store.items())
    const pending = (yield* w.store.pending()).map((p) => p.action.key)
    const tracker = (yield* w.memory.dump) as ReadonlyArray<{ readonly comments: ReadonlyArray<string>; readonly events: ReadonlyArray<string> }>
    const deliveries = (yield* w.notifier.deliveries).map((d) => `${d.key} ${d.at}`).sort()
    return {
      events,
      receipts: receipts.map((r) => r.split(" ").slice(0, 2).join(" ")),
      items,
      pending,
      tracker: tracker.map((t) => ({ ...t, comments: [...t.comments].sort(), events: [...t.events].sort() })),
      deliveries
    }
  })

/** Runs every hour; a run that fails is retried at the same instant (as a scheduler would), up to `retries` times. */
export const runAll = (w: World, runner: Runner.Runner, retries = 3) =>
  Effect.gen(function*() {
    const ids: Array<Types.InquiryId> = []
    let failures = 0
    for (let h = 0; h <= hours; h++) {
      yield* script(w, h, ids)
      for (let attempt = 0;; attempt++) {
        const r = yield* Effect.result(runner.run({ now: h * hour }))
        const incomplete = r._tag === "Success" && (r.success.execute.failures.length > 0 || r.success.execute.left > 0)
        if (r._tag === "Success" && !incomplete) break
        failures++
        if (attempt >= retries) break
      }
    }
    return { ids, failures }
  })
