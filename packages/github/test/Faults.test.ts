// Fault switches of the fake: rate limits with retry-after, outages, silently dropped
// assignees and labels, a token without push access; and a sentinel token that must
// never appear in anything the adapter gives back or prints.
import { Cause, Effect, Exit, Stream } from "effect"
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import { type Tracker, Types } from "@sre-uxdd/core"
import { GitHub, Options } from "../src/index.js"
import { adapter, READONLY, run, TOKEN, useFake } from "./support.js"

const inquiry = Types.InquiryId.make("visit-dav/support#1")
const fail = async <A>(e: Effect.Effect<A, Tracker.TrackerError>): Promise<Tracker.TrackerError> => {
  const exit = await Effect.runPromiseExit(e)
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  const f = Cause.findErrorOption(exit.cause)
  if (f._tag !== "Some") throw new Error(`expected a typed failure, got ${Cause.pretty(exit.cause)}`)
  return f.value
}

describe("GitHub client faults", () => {
  const { fake } = useFake()
  beforeEach(() => {
    fake.openIssue("visit-dav/support", { title: "Crash", body: "x", user: "alice" })
  })

  it("honours a secondary rate limit (403 with retry-after) and a 429 with the limit spent, then succeeds", async () => {
    const a = adapter(fake, { throttle: true })
    fake.faults.push("secondary", "429")
    fake.resetStats()
    const h = await run(a.tracker.history(inquiry))
    expect(h.item.title).toBe("Crash")
    expect(fake.stats.routes.slice(0, 3)).toEqual([
      "GET /repos/visit-dav/support/issues/1",
      "GET /repos/visit-dav/support/issues/1",
      "GET /repos/visit-dav/support/issues/1"
    ])
  })

  it("retries a 502 and, when the outage lasts, fails retryable as unavailable", async () => {
    const a = adapter(fake)
    fake.faults.push("502")
    expect((await run(a.tracker.history(inquiry))).item.state).toBe("open")
    fake.outages = 100
    const e = await fail(a.tracker.history(inquiry))
    expect([e.reason, e.retryable]).toEqual(["unavailable", true])
    fake.outages = 0
  })

  it("a rate limit that outlasts the retries is a retryable error with the wait asked for", async () => {
    const a = adapter(fake, { throttle: true })
    fake.faults.push("secondary", "secondary", "secondary", "secondary")
    const e = await fail(a.tracker.history(inquiry))
    expect(e.reason).toBe("rate-limited")
    expect(e.retryable).toBe(true)
    expect(e.retryAfter).toBe(1000)
  })

  it("an unchanged issue answers 304 from the per-token cache and costs no points", async () => {
    const a = adapter(fake)
    await run(a.tracker.history(inquiry))
    fake.resetStats()
    const again = await run(a.tracker.history(inquiry))
    expect(again.item.title).toBe("Crash")
    expect(fake.stats.notModified).toBe(3)
    expect(fake.stats.points).toBe(0)
  })

  it("assignees GitHub silently dropped are a permission error naming push access", async () => {
    const a = adapter(fake)
    fake.dropAssignees = true
    const e = await fail(a.tracker.execute({ _tag: "Assign", key: "k:assign", inquiry, assignee: Types.MemberId.make("ada") }, 0))
    expect(e.reason).toBe("permission")
    expect(e.detail).toMatch(/push access/)
    expect(e.detail).toMatch(/assignee ada-l/)
    expect(e.key).toBe("k:assign")
  })

  it("a token without push access: labels are dropped (permission), closing is refused (permission)", async () => {
    const a = adapter(fake, { auth: { type: "token", token: READONLY } })
    const label = await fail(a.tracker.execute({ _tag: "AddLabel", key: "k:label", inquiry, label: "needs-info" }, 0))
    expect([label.reason, label.retryable]).toEqual(["permission", false])
    expect(label.detail).toMatch(/label needs-info.*push access/)
    const close = await fail(a.tracker.execute({ _tag: "Close", key: "k:close", inquiry, reason: "resolved" }, 0))
    expect(close.reason).toBe("permission")
    expect(fake.issue("visit-dav/support", 1)?.labels).toEqual([])
  })
})

describe("GitHub token secrecy", () => {
  const { fake } = useFake()
  const printed: Array<string> = []
  beforeEach(() => {
    printed.length = 0
    for (const m of ["log", "info", "warn", "error", "debug"] as const)
      vi.spyOn(console, m).mockImplementation((...args: Array<unknown>) => void printed.push(args.map(String).join(" ")))
    const w = process.stdout.write.bind(process.stdout)
    vi.spyOn(process.stdout, "write").mockImplementation(
      ((chunk: string | Uint8Array, ...rest: Array<never>) => (printed.push(String(chunk)), w(chunk, ...rest))) as never
    )
    vi.spyOn(process.stderr, "write").mockImplementation(((chunk: string | Uint8Array) => (printed.push(String(chunk)), true)) as never)
  })
  afterEach(() => vi.restoreAllMocks())

  it("never appears in receipts, cursors, events, errors or printed output", async () => {
    const outputs: Array<unknown> = []
    fake.openIssue("visit-dav/support", { title: `Token ${TOKEN.slice(0, 4)}`, body: "x", user: "alice" })
    // the token from the environment, as in GitHub Actions
    const options = Options.decodeSync({
      sources: [{ kind: "issues", repo: "visit-dav/support" }],
      product: { repo: "visit-dav/visit" },
      members: [{ id: "ada", login: "ada-l" }],
      baseUrl: fake.url,
      throttle: false
    })
    const a = Effect.runSync(GitHub.make(options, { retryAfterBaseValue: 1, env: { GITHUB_TOKEN: TOKEN } }))
    outputs.push(await run(Stream.runCollect(a.tracker.changes("issues:visit-dav/support", undefined))))
    outputs.push(await run(a.tracker.execute({ _tag: "Comment", key: "k:c", inquiry, text: "hello", visibility: "public" }, 0)))
    outputs.push(
      await run(a.tracker.execute({ _tag: "CreateIssue", key: "k:p", inquiry, draft: { title: "Bug", body: "b", labels: [], supportItem: inquiry } }, 0))
    )
    outputs.push(await run(a.tracker.history(inquiry)))
    fake.dropAssignees = true
    outputs.push(await fail(a.tracker.execute({ _tag: "Assign", key: "k:a", inquiry, assignee: Types.MemberId.make("ada") }, 0)))
    fake.outages = 100
    outputs.push(await fail(a.tracker.history(inquiry)))
    fake.outages = 0
    // a request the server turns away as unauthorised
    fake.tokens.delete(TOKEN)
    outputs.push(await fail(a.tracker.history(inquiry)))
    const missing = Effect.runSyncExit(GitHub.make(options, { env: {} }))
    outputs.push(missing)
    const text = [
      ...outputs.map((o) => JSON.stringify(o, (_, v: unknown) => (v instanceof Error ? { ...v, message: v.message, stack: v.stack } : v))),
      ...outputs.filter((o): o is Error => o instanceof Error).map((e) => `${e.message}\n${e.stack ?? ""}\n${String(e)}`),
      ...printed
    ].join("\n")
    expect(text.length).toBeGreaterThan(1000)
    expect(text).not.toContain(TOKEN)
    expect(text).not.toContain(TOKEN.slice(4))
    const store = [...fake.comments.map((c) => c.body), ...fake.issues.map((i) => i.body)].join("\n")
    expect(store).not.toContain(TOKEN)
  })
})
