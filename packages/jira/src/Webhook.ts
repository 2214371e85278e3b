/**
 * Jira admin webhooks registered with a secret: each delivery carries
 * `X-Hub-Signature: sha256=<hex HMAC-SHA256 of the raw body>`. The signature is checked on
 * the raw bytes, in constant time, before anything is parsed; deliveries are de-duplicated by
 * `X-Atlassian-Webhook-Identifier` (the same on Jira's retries), else by the body's digest.
 *
 * @since 0.2.0
 * @module
 */
import { createHmac, timingSafeEqual } from "node:crypto"
import { Effect, Redacted, Schema } from "effect"

/**
 * Why a delivery was refused. Refused deliveries are never parsed further.
 *
 * @since 0.2.0
 * @category errors
 */
export class WebhookError extends Schema.TaggedError<WebhookError>()("WebhookError", {
  reason: Schema.Literals(["missing-signature", "bad-signature", "malformed"]),
  detail: Schema.String
}) {
  override get message(): string {
    return `webhook ${this.reason}: ${this.detail}`
  }
}

/**
 * A verified delivery: the event name, the issue key it is about (if any), whether it was
 * seen before, and the parsed payload.
 *
 * @since 0.2.0
 * @category models
 */
export interface Delivery {
  readonly id: string
  readonly event: string
  readonly issue: string | undefined
  readonly duplicate: boolean
  readonly payload: unknown
}

/**
 * The signature header value of a body (what Jira sends).
 *
 * @since 0.2.0
 * @category signing
 */
export const sign = (secret: Redacted.Redacted<string>, body: Uint8Array): string =>
  `sha256=${createHmac("sha256", Redacted.value(secret)).update(body).digest("hex")}`

/**
 * Whether `header` is the signature of `body`, compared in constant time.
 *
 * @since 0.2.0
 * @category signing
 */
export const verify = (secret: Redacted.Redacted<string>, body: Uint8Array, header: string | undefined): boolean => {
  if (header === undefined) return false
  const want = Buffer.from(sign(secret, body))
  const got = Buffer.from(header.trim())
  return got.length === want.length && timingSafeEqual(got, want)
}

/**
 * A receiver: verifies, de-duplicates (remembering the last `remember` deliveries, default
 * 10,000) and parses deliveries. Header names are matched case-insensitively.
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { Webhook } from "@sre-uxdd/jira"
 *
 * const secret = Redacted.make("s3cret")
 * const receive = Webhook.receiver({ secret })
 * const body = new TextEncoder().encode('{"webhookEvent":"comment_created","issue":{"key":"SUP-1"}}')
 * const delivery = Effect.runSync(receive({ "x-hub-signature": Webhook.sign(secret, body) }, body))
 * delivery.issue // "SUP-1"
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const receiver = (options: { readonly secret: Redacted.Redacted<string>; readonly remember?: number }) => {
  const seen = new Set<string>()
  const limit = options.remember ?? 10_000
  return (headers: { readonly [name: string]: string | ReadonlyArray<string> | undefined }, body: Uint8Array): Effect.Effect<Delivery, WebhookError> =>
    Effect.suspend(() => {
      const header = (name: string): string | undefined => {
        const entry = Object.entries(headers).find(([k]) => k.toLowerCase() === name)
        const v = entry?.[1]
        return typeof v === "string" ? v : v?.[0]
      }
      const signature = header("x-hub-signature")
      if (signature === undefined)
        return Effect.fail(new WebhookError({ reason: "missing-signature", detail: "no X-Hub-Signature header (register the webhook with a secret)" }))
      if (!verify(options.secret, body, signature))
        return Effect.fail(new WebhookError({ reason: "bad-signature", detail: "X-Hub-Signature does not match the body" }))
      let payload: unknown
      try {
        payload = JSON.parse(new TextDecoder().decode(body))
      } catch {
        return Effect.fail(new WebhookError({ reason: "malformed", detail: "the signed body is not JSON" }))
      }
      if (payload === null || typeof payload !== "object")
        return Effect.fail(new WebhookError({ reason: "malformed", detail: "the signed body is not a JSON object" }))
      const p = payload as { webhookEvent?: unknown; issue?: { key?: unknown } }
      const id = header("x-atlassian-webhook-identifier") ?? createHmac("sha256", "dedupe").update(body).digest("hex")
      const duplicate = seen.has(id)
      if (!duplicate) {
        seen.add(id)
        if (seen.size > limit) seen.delete(seen.values().next().value as string)
      }
      return Effect.succeed({
        id,
        event: typeof p.webhookEvent === "string" ? p.webhookEvent : "unknown",
        issue: typeof p.issue?.key === "string" ? p.issue.key : undefined,
        duplicate,
        payload
      })
    })
}
