// Real example deliveries (@octokit/webhooks-examples 7.6.1), checked against their schemas
// (@octokit/openapi-webhooks 12.1.0), then signed, tampered with, re-serialised and
// replayed through the receiver and its node:http handler.
import { readFileSync } from "node:fs"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { Effect, Exit } from "effect"
import { describe, expect, it } from "vitest"
import { Webhooks } from "../src/index.js"
import { checkWebhook, pkgFile } from "./fake/contract.js"
import { members } from "./support.js"

interface Example {
  readonly name: string
  readonly examples: ReadonlyArray<{ readonly action?: string; readonly [k: string]: unknown }>
}
const all = JSON.parse(readFileSync(pkgFile("@octokit/webhooks-examples", "api.github.com/index.json"), "utf8")) as ReadonlyArray<Example>
const events = ["issues", "issue_comment", "discussion", "discussion_comment", "label", "ping"]
const examples = all.filter((e) => events.includes(e.name)).flatMap((e) => e.examples.map((payload, i) => ({ event: e.name, i, payload })))
const secret = "It's a Secret to Everybody"
const hookName = (
  event: string,
  action: string | undefined
) => (action === undefined ? event.replace(/_/g, "-") : `${event.replace(/_/g, "-")}-${action.replace(/_/g, "-")}`)
const headersFor = (event: string, body: Uint8Array | string, id: string, key = secret) => ({
  "x-hub-signature-256": Webhooks.sign(key, body),
  "x-github-event": event,
  "x-github-delivery": id
})
const enc = (s: string) => new TextEncoder().encode(s)

describe("Webhooks.receiver on @octokit/webhooks-examples", () => {
  it("uses example deliveries of every event it maps, checked against @octokit/openapi-webhooks: valid, or drifted only by fields required since they were recorded", () => {
    expect(new Set(examples.map((e) => e.event))).toEqual(new Set(events))
    // the examples were recorded before these fields became required, and GitHub sends
    // `homepage: ""`, which the schema's `format: uri` refuses; anything else is a failure
    const drift =
      /^(data(\/[a-z_]+)*(\/\d+)? must have required property '(state_reason|reactions|performed_via_github_app|active_lock_reason|description|has_discussions)'|data(\/[a-z_]+)*\/homepage must match format "uri")$/
    let valid = 0
    for (const e of examples) {
      const problems = checkWebhook(hookName(e.event, e.payload.action), e.payload).flatMap((p) => p.split(", "))
      if (problems.length === 0) valid++
      expect(problems.filter((p) => !drift.test(p)), `${e.event}[${e.i}]`).toEqual([])
    }
    console.log(
      `webhook examples: ${valid} of ${examples.length} valid against @octokit/openapi-webhooks 12.1.0, the rest drifted only by later-required fields`
    )
    expect(valid).toBeGreaterThan(0)
  })

  it("accepts every validly signed example once, and maps issues, comments and discussions to events with stable ids", () => {
    const receiver = Webhooks.receiver({ secret, members: [...members] })
    const kinds = new Set<string>()
    examples.forEach((e, n) => {
      const body = enc(JSON.stringify(e.payload))
      const d = Effect.runSync(receiver.receive(headersFor(e.event, body, `delivery-${n}`), body))
      expect(d.duplicate).toBe(false)
      for (const ev of d.events) {
        expect(ev.id).toMatch(/^(issue|comment|discussion|answered):/)
        kinds.add(`${e.event}.${e.payload.action ?? ""}:${ev.type}`)
      }
      if (e.event === "issues" && ["closed", "reopened", "assigned"].includes(e.payload.action ?? "")) expect(d.refresh).toBe(true)
      const again = Effect.runSync(receiver.receive(headersFor(e.event, body, `delivery-${n}`), body))
      expect(again.duplicate).toBe(true)
    })
    expect([...kinds].sort()).toEqual([
      "discussion.answered:resolved",
      "discussion.created:opened",
      "discussion_comment.created:commented",
      "issue_comment.created:commented",
      "issues.opened:opened"
    ])
  })

  it("refuses tampered, re-serialised and wrongly signed bodies, before parsing them", () => {
    const receiver = Webhooks.receiver({ secret, members: [] })
    examples.forEach((e, n) => {
      const text = JSON.stringify(e.payload)
      const signed = headersFor(e.event, text, `x-${n}`)
      const tampered = enc(text.replace(/"id":(\d)/, (_, d: string) => `"id":${(Number(d) + 1) % 10}`))
      const reserialised = enc(JSON.stringify(e.payload, null, 2))
      for (const body of [tampered, reserialised]) {
        const exit = Effect.runSyncExit(receiver.receive(signed, body))
        expect(Exit.isFailure(exit) && JSON.stringify(exit.cause).includes("signature")).toBe(true)
      }
      const wrong = Effect.runSyncExit(receiver.receive(headersFor(e.event, text, `y-${n}`, "not the secret"), enc(text)))
      expect(Exit.isFailure(wrong)).toBe(true)
    })
    // not JSON and unsigned: a signature error (nothing was parsed); signed: malformed
    const junk = enc("{not json")
    expect(JSON.stringify(Effect.runSyncExit(receiver.receive({ "x-github-event": "ping", "x-github-delivery": "j" }, junk)))).toContain("signature")
    expect(JSON.stringify(Effect.runSyncExit(receiver.receive(headersFor("ping", junk, "j2"), junk)))).toContain("malformed")
  })

  it("serves any node:http server: 202 for a new delivery, 200 for a duplicate, 401 for a bad signature", async () => {
    const receiver = Webhooks.receiver({ secret, members: [...members] })
    const taken: Array<string> = []
    const server = createServer(receiver.handler((d) => Effect.sync(() => void taken.push(d.id))))
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
    const example = examples.find((e) => e.event === "issue_comment")
    const body = JSON.stringify(example?.payload)
    const post = (headers: { readonly [k: string]: string }, b = body) =>
      fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: b }).then((r) => r.status)
    try {
      expect(await post(headersFor("issue_comment", body, "h-1"))).toBe(202)
      expect(await post(headersFor("issue_comment", body, "h-1"))).toBe(200)
      expect(await post(headersFor("issue_comment", body, "h-2", "wrong"))).toBe(401)
      expect(await post(headersFor("issue_comment", body, "h-3"), `${body} `)).toBe(401)
      expect(taken).toEqual(["h-1"])
    } finally {
      await new Promise<void>((r) => server.close(() => r()))
    }
  })
})
