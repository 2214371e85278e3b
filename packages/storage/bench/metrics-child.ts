// One measured Metrics run in a fresh process, so its peak RSS is its own:
//   stream <file> <n>: Metrics.computeStream over the SQLite store, one inquiry at a time;
//   memory <file> <n>: the same events built in memory, then Metrics.compute.
// (`ms` times Metrics alone; the RSS growth of `memory` includes holding the events.)
// Prints one JSON line: { ms, rssGrowthMB, retainedMB (heap still used after a full GC), inquiries, attainment }.
import { Coverage, Metrics, Store, Types } from "@sre-uxdd/core"
import { Sqlite } from "@sre-uxdd/storage"
import { Effect, Stream } from "effect"
import { history } from "./support.js"

const [mode, file = "", n = "0"] = process.argv.slice(2)
const options: Metrics.Options = {
  coverage: Coverage.always(),
  members: [{ id: Types.MemberId.make("ada"), weight: 1 }, { id: Types.MemberId.make("bob"), weight: 0.5 }],
  now: "2027-01-01T00:00:00Z"
}
globalThis.gc?.()
const rssBefore = process.memoryUsage().rss
const heapBefore = process.memoryUsage().heapUsed
let t = performance.now()
let report: Metrics.Report
if (mode === "stream") {
  report = await Effect.runPromise(
    Effect.provide(
      Effect.gen(function*() {
        const store = yield* Store.Store
        return yield* Metrics.computeStream(store.items().pipe(Stream.mapEffect((item) => store.events(item.inquiry))), options)
      }),
      Sqlite.layer({ file })
    )
  )
} else {
  const events = history(Number(n))
  t = performance.now()
  report = Metrics.compute(events, options)
}
const ms = performance.now() - t
const peak = process.resourceUsage().maxRSS * 1024
globalThis.gc?.()
const retainedMB = (process.memoryUsage().heapUsed - heapBefore) / 1e6
console.log(JSON.stringify({ ms, rssGrowthMB: (peak - rssBefore) / 1e6, retainedMB, inquiries: report.inquiries, attainment: report.attainment }))
