// Builds a benchmark SQLite store of N events (and their items) at the given path.
import { Store, Types } from "@sre-uxdd/core"
import { Sqlite } from "@sre-uxdd/storage"
import { Effect } from "effect"
import { history } from "./support.js"

const [file = "", n = "1000000"] = process.argv.slice(2)
const events = history(Number(n))
const items = [...new Set(events.map((e) => e.inquiry))].map((inquiry) => ({
  inquiry: Types.InquiryId.make(inquiry),
  source: "bench",
  title: inquiry,
  state: "closed" as const,
  labels: [],
  assignees: [],
  updatedAt: 0
}))
await Effect.runPromise(Effect.provide(
  Effect.gen(function*() {
    const s = yield* Store.Store
    yield* s.append(events)
    yield* s.putItems(items)
  }),
  Sqlite.layer({ file })
))
