import { Notifier, Store, Tracker, Types } from "@sre-uxdd/core"
import { storeSuite, trackerSuite } from "@sre-uxdd/testing"
import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"

storeSuite("Store.layerMemory", Store.layerMemory)

const harnessOf = (memory: Tracker.MemoryTracker) => ({
  members: memory.members,
  user: memory.user,
  reset: memory.reset,
  open: memory.open,
  comment: (inquiry: Types.InquiryId, input: { readonly author: string; readonly body: string; readonly at: number }) =>
    Effect.orDie(memory.comment(inquiry, input)),
  view: memory.view,
  failNext: (n: number) => memory.failNext(n),
  corrupt: (inquiry: Types.InquiryId) => Effect.orDie(memory.corrupt(inquiry))
})

const issues = Effect.runSync(Tracker.makeMemory({ members: ["ada", "bob"], pageSize: 3 }))
trackerSuite("Tracker.makeMemory (issues)", Layer.succeed(Tracker.Tracker)(issues.service), harnessOf(issues))

// A discussions-like source: no assignees, no internal comments, no "stale" close reason.
const discussions = Effect.runSync(
  Tracker.makeMemory({
    members: ["ada", "bob"],
    sources: [{
      name: "discussions",
      channel: "github-discussion",
      capabilities: { assign: false, internalComments: false, closeReasons: ["resolved", "duplicate"] }
    }]
  })
)
trackerSuite("Tracker.makeMemory (discussions, cannot assign)", Layer.succeed(Tracker.Tracker)(discussions.service), harnessOf(discussions))

describe("Notifier.makeMemory", () => {
  it("records each key's delivery once, and fails on demand", async () => {
    const out = await Effect.runPromise(
      Effect.gen(function*() {
        const memory = yield* Notifier.makeMemory
        const action = { _tag: "Notify" as const, key: "n1", member: Types.MemberId.make("ada"), text: "hello" }
        yield* memory.failNext(1)
        const failed = yield* Effect.result(memory.service.deliver(action, 1))
        const first = yield* memory.service.deliver(action, 2)
        const again = yield* memory.service.deliver(action, 3)
        return { failed: failed._tag, first: first.outcome, again: again.executedAt, deliveries: yield* memory.deliveries, attempts: yield* memory.attempts }
      })
    )
    expect(out).toMatchObject({ failed: "Failure", first: "delivered", again: 2, attempts: 3 })
    expect(out.deliveries.map((d) => d.to)).toEqual(["ada"])
  })
})

describe("Tracker.makeMemory", () => {
  it("closes stale items as not planned and keeps hidden markers on its comments", async () => {
    const out = await Effect.runPromise(
      Effect.gen(function*() {
        const memory = yield* Tracker.makeMemory({ members: ["ada"] })
        const inquiry = yield* memory.open({ title: "?", body: "?", author: "kim", at: 0 })
        yield* memory.service.execute({ _tag: "Comment", key: "k:s1:c", inquiry, text: "bye", visibility: "public" }, 1)
        yield* memory.service.execute({ _tag: "Close", key: "k:s1:close", inquiry, reason: "stale" }, 2)
        return yield* memory.view(inquiry)
      })
    )
    expect(out.closeReason).toBe("not-planned")
    expect(out.comments[0]?.body).toContain("<!-- sre-uxdd:k:s1:c -->")
  })
})
