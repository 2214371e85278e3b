// A GitHub App installation (comments from the app's bot account) and the mention notifier.
import { generateKeyPairSync } from "node:crypto"
import { Effect, Exit } from "effect"
import { describe, expect, it } from "vitest"
import { Notifier, Tracker, Types } from "@sre-uxdd/core"
import { GitHub } from "../src/index.js"
import { adapter, run, useFake } from "./support.js"

const inquiry = Types.InquiryId.make("visit-dav/support#1")

describe("GitHub App installation auth", () => {
  const { fake } = useFake()
  it("exchanges the app's JWT for an installation token and comments as the app's bot", async () => {
    fake.openIssue("visit-dav/support", { title: "Crash", body: "x", user: "alice" })
    const { privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs1", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" }
    })
    const a = adapter(fake, { auth: { type: "app", appId: 1, privateKey, installationId: 42 } })
    const r = await run(a.tracker.execute({ _tag: "Comment", key: "k:app", inquiry, text: "hello", visibility: "public" }, 0))
    expect(r.outcome).toBe("written")
    expect(r.events.map((e) => e.actor)).toEqual(["sre-uxdd[bot]"])
    expect(fake.stats.routes[0]).toBe("POST /app/installations/42/access_tokens")
    expect(JSON.stringify(r)).not.toContain("BEGIN RSA")
  })
})

describe("GitHub.notifier", () => {
  const { fake } = useFake()
  it("mentions the member on the support item, once per key", async () => {
    fake.openIssue("visit-dav/support", { title: "Crash", body: "x", user: "alice" })
    const a = adapter(fake)
    const notify = { _tag: "Notify" as const, key: "k:notify", member: Types.MemberId.make("bob"), text: "you are Backup on this one", inquiry }
    expect((await run(a.notifier.deliver(notify, 0))).outcome).toBe("delivered")
    expect((await run(a.notifier.deliver(notify, 0))).outcome).toBe("delivered")
    expect(fake.comments.filter((c) => c.body.startsWith("@bobby you are Backup"))).toHaveLength(1)
  })
  it("refuses what it cannot deliver: no item, a member without a login, a message to an outsider", async () => {
    const a = adapter(fake)
    const tag = async (e: Effect.Effect<unknown, { readonly reason: string }>) => {
      const exit = await Effect.runPromiseExit(e)
      return Exit.isFailure(exit) ? JSON.stringify(exit.cause).match(/"reason":"([a-z-]+)"/)?.[1] : "ok"
    }
    expect(await tag(a.notifier.deliver({ _tag: "Notify", key: "n1", member: Types.MemberId.make("bob"), text: "x" }, 0))).toBe("unsupported-channel")
    expect(await tag(a.notifier.deliver({ _tag: "Notify", key: "n2", member: Types.MemberId.make("zed"), text: "x", inquiry }, 0))).toBe("unknown-recipient")
    expect(await tag(a.notifier.deliver({ _tag: "Message", key: "n3", channel: "email", recipient: { name: "Ann" }, text: "x" }, 0))).toBe(
      "unsupported-channel"
    )
  })
  it("GitHub.layerWithNotifier builds both services from raw options", async () => {
    const layer = GitHub.layerWithNotifier({
      sources: [{ kind: "issues", repo: "visit-dav/support" }],
      members: [],
      auth: { type: "token", token: "t0ken" },
      baseUrl: fake.url
    })
    const bad = await Effect.runPromiseExit(Effect.provide(Effect.void, GitHub.layer({ sources: [{ kind: "issues", repo: "no" }], members: [] })))
    expect(JSON.stringify(bad)).toContain("sources[0].repo")
    const both = await run(Effect.provide(
      Effect.gen(function*() {
        const t = yield* Tracker.Tracker
        const n = yield* Notifier.Notifier
        return [t.name, t.sources, typeof n.deliver]
      }),
      layer
    ))
    expect(both).toEqual(["github", ["issues:visit-dav/support"], "function"])
  })
})
