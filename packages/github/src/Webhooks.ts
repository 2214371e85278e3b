/**
 * GitHub webhook deliveries, usable from any Node HTTP server: the `X-Hub-Signature-256`
 * HMAC is checked on the raw body, in constant time, before anything parses it; each
 * `X-GitHub-Delivery` is taken once; `issues`, `issue_comment`, `discussion`,
 * `discussion_comment`, `label` and `ping` payloads become `Inquiry` events with the same
 * stable ids a sync gives them. Changes whose event ids the payload does not carry (a
 * close, a reopen, an assignment) ask for a `refresh` of the one item instead.
 *
 * @since 0.1.0
 * @module
 */
import { createHmac, timingSafeEqual } from "node:crypto"
import type { IncomingMessage, ServerResponse } from "node:http"
import { Effect, Schema } from "effect"
import { type Inquiry, type Tracker, type Types } from "@sre-uxdd/core"
import * as I from "./internal/issues.js"
import * as S from "./internal/shared.js"
import type * as Options from "./Options.js"

/**
 * Why a delivery was refused: a missing or wrong signature, a body that is not a JSON
 * object, or missing headers. A duplicate is not an error (see {@link Delivery.duplicate}).
 *
 * @since 0.1.0
 * @category errors
 */
export class WebhookError extends Schema.TaggedError<WebhookError>()("WebhookError", {
  reason: Schema.Literals(["signature", "malformed", "headers"]),
  detail: Schema.String
}) {
  override get message(): string {
    return `webhook ${this.reason}: ${this.detail}`
  }
}

/**
 * One accepted delivery: what it said and what it means for the process.
 *
 * @since 0.1.0
 * @category models
 */
export interface Delivery {
  readonly id: string
  readonly event: string
  readonly action: string | undefined
  /** This delivery id was seen before: nothing else is filled in. */
  readonly duplicate: boolean
  readonly inquiry: Types.InquiryId | undefined
  readonly item: Tracker.Item | undefined
  readonly events: ReadonlyArray<Inquiry.Event>
  /** The item changed in a way the payload cannot say as events: call the adapter's `refresh`. */
  readonly refresh: boolean
}

/**
 * `sha256=` and the hex HMAC-SHA256 of `body` under `secret`, as GitHub signs deliveries.
 *
 * @since 0.1.0
 * @category signatures
 */
export const sign = (secret: string, body: Uint8Array | string): string => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`

/**
 * Whether `signature` (the `X-Hub-Signature-256` header) signs exactly these bytes, compared
 * in constant time.
 *
 * @since 0.1.0
 * @category signatures
 */
export const verify = (secret: string, signature: string | undefined, body: Uint8Array): boolean => {
  if (signature === undefined || !/^sha256=[0-9a-f]{64}$/.test(signature)) return false
  const want = Buffer.from(sign(secret, body))
  const got = Buffer.from(signature)
  return got.length === want.length && timingSafeEqual(got, want)
}

/**
 * Settings of a {@link receiver}: the webhook secret, the roster (as in the adapter's
 * options) and how many delivery ids to remember.
 *
 * @since 0.1.0
 * @category models
 */
export interface ReceiverOptions {
  readonly secret: string
  readonly members: ReadonlyArray<{ readonly id: string; readonly login: string }>
  readonly bots?: ReadonlyArray<string>
  readonly remember?: number
}

/**
 * A receiver of deliveries.
 *
 * @since 0.1.0
 * @category models
 */
export interface Receiver {
  /** Verifies, de-duplicates and maps one delivery given its headers (lower-case names) and raw body. */
  readonly receive: (headers: { readonly [k: string]: string | ReadonlyArray<string> | undefined }, body: Uint8Array) => Effect.Effect<Delivery, WebhookError>
  /**
   * A `node:http` request handler: answers 401 to a bad signature, 400 to a malformed
   * delivery, 200 to a duplicate, and 202 once `onDelivery` has taken a new one.
   */
  readonly handler: (onDelivery: (delivery: Delivery) => Effect.Effect<void, unknown>) => (req: IncomingMessage, res: ServerResponse) => void
}

const header = (headers: { readonly [k: string]: string | ReadonlyArray<string> | undefined }, name: string): string | undefined => {
  const v = headers[name] ?? headers[name.toLowerCase()]
  return Array.isArray(v) ? (v[0] as string | undefined) : (v as string | undefined)
}

/**
 * Builds a {@link Receiver}.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Webhooks } from "@sre-uxdd/github"
 *
 * const receiver = Webhooks.receiver({ secret: "s3cret", members: [] })
 * const body = new TextEncoder().encode(JSON.stringify({ zen: "Keep it logically awesome.", hook_id: 1 }))
 * const headers = { "x-hub-signature-256": Webhooks.sign("s3cret", body), "x-github-event": "ping", "x-github-delivery": "d-1" }
 * Effect.runSync(receiver.receive(headers, body)).event // "ping"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const receiver = (options: ReceiverOptions): Receiver => {
  const roster = S.roster({
    sources: [],
    members: options.members as Options.Options["members"],
    ...(options.bots === undefined ? {} : { bots: options.bots })
  })
  const seen = new Set<string>()
  const remember = options.remember ?? 10_000
  const receive: Receiver["receive"] = (headers, body) =>
    Effect.gen(function*() {
      if (!verify(options.secret, header(headers, "x-hub-signature-256"), body)) {
        return yield* Effect.fail(new WebhookError({ reason: "signature", detail: "X-Hub-Signature-256 is missing or does not sign this body" }))
      }
      const id = header(headers, "x-github-delivery")
      const event = header(headers, "x-github-event")
      if (id === undefined || event === undefined)
        return yield* Effect.fail(new WebhookError({ reason: "headers", detail: "X-GitHub-Delivery and X-GitHub-Event are required" }))
      if (seen.has(id))
        return { id, event, action: undefined, duplicate: true, inquiry: undefined, item: undefined, events: [], refresh: false }
      const payload = yield* Effect.try({
        try: () => JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body)) as unknown,
        catch: () => new WebhookError({ reason: "malformed", detail: "the body is not UTF-8 JSON" })
      })
      if (payload === null || typeof payload !== "object" || Array.isArray(payload))
        return yield* Effect.fail(new WebhookError({ reason: "malformed", detail: "the body is not a JSON object" }))
      seen.add(id)
      if (seen.size > remember)
        seen.delete(seen.values().next().value as string)
      return { id, event, duplicate: false, ...map({ roster }, event, payload as Payload) }
    })
  const handler: Receiver["handler"] = (onDelivery) => (req, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      const program = receive(req.headers, Buffer.concat(chunks)).pipe(
        Effect.flatMap((d): Effect.Effect<number, unknown> => (d.duplicate ? Effect.succeed(200) : Effect.as(onDelivery(d), 202))),
        Effect.catch((e: unknown) => Effect.succeed(e instanceof WebhookError ? (e.reason === "signature" ? 401 : 400) : 500))
      )
      void Effect.runPromise(program).then((status) => {
        res.writeHead(status, { "content-type": "text/plain" })
        res.end(status === 202 ? "accepted" : status === 200 ? "duplicate" : status === 401 ? "bad signature" : status === 400 ? "bad delivery" : "error")
      })
    })
  }
  return { receive, handler }
}

interface Payload {
  readonly action?: string
  readonly repository?: { readonly full_name: string }
  readonly issue?: I.Issue
  readonly comment?: I.Comment & { readonly node_id?: string }
  readonly discussion?: {
    readonly node_id: string
    readonly number: number
    readonly title: string
    readonly body: string | null
    readonly html_url: string
    readonly created_at: string
    readonly updated_at: string
    readonly state: string
    readonly answer_chosen_at: string | null
    readonly answer_chosen_by: I.User | null
    readonly user: I.User | null
    readonly labels?: ReadonlyArray<{ readonly name: string }>
  }
}

const none = { action: undefined, inquiry: undefined, item: undefined, events: [], refresh: false } as const

const map = (ctx: I.Mapping, event: string, p: Payload): Omit<Delivery, "id" | "event" | "duplicate"> => {
  const repo = p.repository?.full_name
  const action = p.action
  if (repo === undefined) return { ...none, action }
  const { owner, repo: name } = S.splitRepo(repo)
  if ((event === "issues" || event === "issue_comment") && p.issue !== undefined) {
    if (p.issue.pull_request !== undefined && p.issue.pull_request !== null) return { ...none, action }
    const inquiry = S.inquiryId({ kind: "issue", owner, repo: name, number: p.issue.number })
    const item = I.item(ctx, owner, name, `issues:${repo}`, p.issue)
    const events: Array<Inquiry.Event> = []
    if (event === "issues" && action === "opened") events.push(I.openedEvent(ctx, inquiry, p.issue))
    if (event === "issue_comment" && action === "created" && p.comment !== undefined) events.push(...I.commentEvents(ctx, inquiry, p.comment))
    const refresh = event === "issues" && (action === "closed" || action === "reopened" || action === "assigned")
    return { action, inquiry, item, events, refresh }
  }
  if ((event === "discussion" || event === "discussion_comment") && p.discussion !== undefined) {
    const d = p.discussion
    const inquiry = S.inquiryId({ kind: "discussion", owner, repo: name, number: d.number })
    const labels = (d.labels ?? []).map((l) => l.name)
    const item: Tracker.Item = {
      inquiry,
      source: `discussions:${repo}`,
      title: d.title,
      url: d.html_url,
      state: d.state === "closed" ? "closed" : "open",
      labels,
      assignees: [],
      updatedAt: S.millis(d.updated_at)
    }
    const who = S.actor(ctx.roster, d.user === null ? null : { login: d.user.login, type: d.user.type })
    const events: Array<Inquiry.Event> = []
    if (event === "discussion" && action === "created") {
      events.push({
        type: "opened",
        id: `discussion:${d.node_id}`,
        inquiry,
        at: d.created_at,
        actor: who,
        reporter: who,
        channel: "github-discussion",
        title: d.title,
        labels,
        body: d.body ?? ""
      })
    }
    if (event === "discussion" && action === "answered" && d.answer_chosen_at !== null) {
      const by = d.answer_chosen_by === null ? null : { login: d.answer_chosen_by.login, type: d.answer_chosen_by.type }
      events.push({
        type: "resolved",
        id: `answered:${d.node_id}@${d.answer_chosen_at}`,
        inquiry,
        at: d.answer_chosen_at,
        actor: S.actor(ctx.roster, by),
        kind: "answered"
      })
    }
    if (event === "discussion_comment" && action === "created" && p.comment !== undefined) {
      const c = p.comment
      const actor = S.actor(
        ctx.roster,
        c.user === null
          ? null
          : { login: c.user.login, type: c.user.type, viaApp: c.performed_via_github_app !== undefined && c.performed_via_github_app !== null }
      )
      events.push({ type: "commented", id: `comment:${c.node_id ?? c.id}`, inquiry, at: c.created_at, actor, visibility: "public" })
    }
    const refresh = event === "discussion" && (action === "closed" || action === "reopened")
    return { action, inquiry, item, events, refresh }
  }
  // `label` (a repository's labels changed) and `ping` carry no inquiry events
  return { ...none, action }
}
