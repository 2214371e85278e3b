import { Effect, Redacted } from "effect"
import { describe, expect, it } from "vitest"
import * as Webhook from "../src/Webhook.js"

const secret = Redacted.make("whsec-test")
const enc = (s: string) => new TextEncoder().encode(s)
const body = enc(
  "{\"timestamp\":1767603600000,\"webhookEvent\":\"comment_created\",\"issue\":{\"id\":\"10001\",\"key\":\"SUP-1\"},\"comment\":{\"id\":\"10100\"}}"
)
const run = <A, E>(e: Effect.Effect<A, E>) => Effect.runPromise(Effect.result(e))

describe("Webhook.receiver", () => {
  it("accepts a delivery signed with the secret (X-Hub-Signature: sha256=HMAC of the raw body)", async () => {
    const receive = Webhook.receiver({ secret })
    const r = await run(receive({ "X-Hub-Signature": Webhook.sign(secret, body), "X-Atlassian-Webhook-Identifier": "d1" }, body))
    expect(r._tag === "Success" && r.success).toMatchObject({ id: "d1", event: "comment_created", issue: "SUP-1", duplicate: false })
  })

  it("refuses a tampered body, a re-serialised body, a wrong secret and a missing header before parsing", async () => {
    const receive = Webhook.receiver({ secret })
    const signature = Webhook.sign(secret, body)
    const tampered = enc(new TextDecoder().decode(body).replace("SUP-1", "SUP-2"))
    const reserialised = enc(JSON.stringify(JSON.parse(new TextDecoder().decode(body)), null, 1))
    const notJson = enc("not json {")
    for (
      const [headers, b, reason] of [
        [{ "x-hub-signature": signature }, tampered, "bad-signature"],
        [{ "x-hub-signature": signature }, reserialised, "bad-signature"],
        [{ "x-hub-signature": Webhook.sign(Redacted.make("other"), body) }, body, "bad-signature"],
        [{ "x-hub-signature": "sha256=short" }, body, "bad-signature"],
        [{}, body, "missing-signature"],
        [{ "x-hub-signature": Webhook.sign(secret, notJson) }, notJson, "malformed"]
      ] as const
    ) {
      const r = await run(receive(headers, b))
      expect(r._tag === "Failure" && r.failure.reason).toBe(reason)
    }
  })

  it("marks a redelivery as a duplicate, by identifier or else by body", async () => {
    const receive = Webhook.receiver({ secret })
    const headers = { "x-hub-signature": Webhook.sign(secret, body), "x-atlassian-webhook-identifier": "d7" }
    const first = await run(receive(headers, body))
    const again = await run(receive(headers, body))
    expect(first._tag === "Success" && first.success.duplicate).toBe(false)
    expect(again._tag === "Success" && again.success.duplicate).toBe(true)
    const noId = { "x-hub-signature": Webhook.sign(secret, body) }
    await run(receive(noId, body))
    const r = await run(receive(noId, body))
    expect(r._tag === "Success" && r.success.duplicate).toBe(true)
  })

  it("verifies in constant time over equal-length buffers (timingSafeEqual) and never throws on odd input", () => {
    expect(Webhook.verify(secret, body, undefined)).toBe(false)
    expect(Webhook.verify(secret, body, "")).toBe(false)
    expect(Webhook.verify(secret, body, "sha256=ü")).toBe(false)
    expect(Webhook.verify(secret, body, Webhook.sign(secret, body))).toBe(true)
  })
})
