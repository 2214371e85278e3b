/**
 * The GitHub adapter: core's `Tracker` port over GitHub Issues (REST) and Discussions
 * (GraphQL), and a `Notifier` that mentions team members on the support item.
 *
 * Reads come from repository-wide listings (issues, comments, issue events) with a
 * watermark that overlaps and de-duplicates, conditional requests (an unchanged listing
 * answers 304, which costs no rate limit) and `Link` pagination as given. Every write looks
 * for its action's hidden marker (`<!-- sre-uxdd:KEY -->`) or the state it sets first, and
 * is read back: GitHub silently drops assignees and labels set without push access, which
 * fails as a `permission` error naming what is missing.
 *
 * @since 0.1.0
 * @module
 */
import { Effect, Layer, Stream } from "effect"
import { type Inquiry, Notifier, Tracker, type Types } from "@sre-uxdd/core"
import * as client from "./internal/client.js"
import * as D from "./internal/discussions.js"
import * as I from "./internal/issues.js"
import * as S from "./internal/shared.js"
import * as Options from "./Options.js"

/**
 * Test and tuning knobs that are not part of a team profile.
 *
 * - `retryAfterBaseValue`: milliseconds per second of `retry-after` and of retry backoff
 *   (1000; tests make it small).
 * - `env`: the environment to read `GITHUB_TOKEN`, `GITHUB_API_URL` and
 *   `GITHUB_GRAPHQL_URL` from (default `process.env`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Tuning {
  readonly retryAfterBaseValue?: number
  readonly env?: { readonly [k: string]: string | undefined }
}

/**
 * What {@link make} builds: the tracker and the notifier services, the webhook-driven
 * refresh of one item, and the count of requests sent.
 *
 * @since 0.1.0
 * @category models
 */
export interface Adapter {
  readonly tracker: Tracker.Tracker["Service"]
  readonly notifier: Notifier.Notifier["Service"]
  /**
   * One item after a webhook said it changed: its state and the events since `since`
   * (epoch ms), in at most 2 requests for an issue.
   */
  readonly refresh: (
    inquiry: Types.InquiryId,
    since?: number
  ) => Effect.Effect<{ readonly item: Tracker.Item; readonly events: ReadonlyArray<Inquiry.Event> }, Tracker.TrackerError>
  /** Requests sent so far (each retry counts). */
  readonly requests: () => number
}

const allReasons: Tracker.Capabilities["closeReasons"] = ["resolved", "promoted", "known-issue", "duplicate", "stale"]

/**
 * Builds the adapter from validated {@link Options.Options}. Fails with a `TrackerError`
 * (`permission`) when no token is given and `GITHUB_TOKEN` is unset.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { GitHub, Options } from "@sre-uxdd/github"
 *
 * const options = Options.decodeSync({
 *   sources: [{ kind: "issues", repo: "visit-dav/support" }],
 *   members: [{ id: "ada", login: "ada-l" }],
 *   auth: { type: "token", token: "ghp_example" }
 * })
 * const adapter = Effect.runSync(GitHub.make(options))
 * adapter.tracker.sources // ["issues:visit-dav/support"]
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options.Options, tuning: Tuning = {}): Effect.Effect<Adapter, Tracker.TrackerError> =>
  Effect.try({ try: () => makeSync(options, tuning), catch: (e) => (e instanceof Tracker.TrackerError ? e : S.failure("invalid-request", String(e))) })

const makeSync = (options: Options.Options, tuning: Tuning): Adapter => {
  const api = client.make(options, tuning)
  const ctx: I.Context = { api, roster: S.roster(options), options, overlapMs: (options.overlapSeconds ?? 120) * 1000 }
  const named = options.sources.map((s) => [Options.sourceName(s), s] as const)
  const issueSources = options.sources.filter((s): s is Options.Source & { readonly kind: "issues" } => s.kind === "issues")
  const sourceOf = (ref: S.Ref): string => {
    const repo = `${ref.owner}/${ref.repo}`
    const kind = ref.kind === "issue" ? "issues" : "discussions"
    const hit = named.find(([, s]) => s.kind === kind && s.repo.toLowerCase() === repo.toLowerCase())
    return hit?.[0] ?? `${kind}:${repo}`
  }
  const parse = (inquiry: string, key?: string) => Effect.try({ try: () => S.refOrFail(inquiry, key), catch: (e) => e as Tracker.TrackerError })
  const login = (member: string, key: string, inquiry?: string) => {
    const l = ctx.roster.byMember.get(member)
    return l === undefined
      ? Effect.fail(
        S.failure("invalid-request", `member ${JSON.stringify(member)} has no GitHub login in the roster`, {
          key,
          ...(inquiry === undefined ? {} : { inquiry })
        })
      )
      : Effect.succeed(l)
  }

  const changes: Tracker.Tracker["Service"]["changes"] = (source, cursor) => {
    const src = named.find(([n]) => n === source)?.[1]
    if (src === undefined) return Stream.fail(S.failure("not-found", `unknown source ${JSON.stringify(source)} (sources: ${named.map(([n]) => n).join(", ")})`))
    if (src.kind === "issues") return Stream.fromIterableEffect(I.sync(ctx, src, source, cursor))
    return Stream.fromEffect(D.sync(ctx, src, source, cursor))
  }

  const history: Tracker.Tracker["Service"]["history"] = (inquiry) =>
    Effect.flatMap(parse(inquiry), (ref) => (ref.kind === "issue" ? I.history(ctx, ref, sourceOf(ref)) : D.history(ctx, ref, sourceOf(ref))))

  const capabilities: Tracker.Tracker["Service"]["capabilities"] = (inquiry) => {
    const ref = inquiry === undefined ? undefined : S.parseInquiry(inquiry)
    const discussion = ref === undefined ? issueSources.length === 0 : ref.kind === "discussion"
    return {
      assign: !discussion,
      labels: true,
      internalComments: false,
      closeReasons: allReasons,
      createIssue: options.product !== undefined,
      openInquiry: issueSources.length > 0
    }
  }

  const cost: Tracker.Tracker["Service"]["cost"] = (action) => {
    const discussion = "inquiry" in action && S.parseInquiry(action.inquiry)?.kind === "discussion"
    switch (action._tag) {
      case "Comment":
        return discussion ? 3 : 2
      case "Assign":
      case "CarryOver":
      case "AddLabel":
        return discussion ? 3 : 2
      case "RemoveLabel":
        return 3
      case "Close":
        return action.reason === "stale" && discussion ? 5 : 2
      case "CreateIssue":
        return discussion ? 5 : 4
      case "UpdateIssue":
        return 2 + action.addLabels.length + action.removeLabels.length
      case "OpenInquiry":
        return 2
    }
  }

  const write = (action: Tracker.TrackerAction): Effect.Effect<I.Write | (I.Write & { readonly fallback: true }), Tracker.TrackerError> => {
    const key = action.key
    switch (action._tag) {
      case "Comment":
        return Effect.gen(function*() {
          const ref = yield* parse(action.inquiry, key)
          if (action.visibility === "internal")
            return yield* Effect.fail(
              S.failure("unsupported", "GitHub has no internal comments (capabilities.internalComments is false)", { inquiry: action.inquiry, key })
            )
          let text = action.text
          if (action.issueFrom !== undefined) {
            const from = yield* productOf(ref, action.issueFrom)
            if (from === undefined)
              return yield* Effect.fail(
                S.failure("conflict", `the product issue of action ${action.issueFrom} is not linked from ${action.inquiry} yet`, {
                  inquiry: action.inquiry,
                  key
                })
              )
            text = text.split("{issue}").join(from.ref)
          }
          return ref.kind === "issue" ? yield* I.comment(ctx, ref, key, text) : yield* D.comment(ctx, ref, key, text)
        })
      case "Assign":
      case "CarryOver":
        return Effect.gen(function*() {
          const ref = yield* parse(action.inquiry, key)
          const member = action._tag === "Assign" ? action.assignee : action.member
          if (ref.kind === "discussion") {
            if (action._tag === "Assign")
              return yield* Effect.fail(
                S.failure("unsupported", "GitHub Discussions have no assignees (capabilities.assign is false)", { inquiry: action.inquiry, key })
              )
            const w = yield* D.setLabel(ctx, ref, key, `${Tracker.ownerLabelPrefix}${member}`, true)
            return { ...w, fallback: true as const, detail: `discussions have no assignees: ${w.detail}` }
          }
          const to = yield* login(member, key, action.inquiry)
          const from = action._tag === "Assign" && action.from !== undefined ? ctx.roster.byMember.get(action.from) : undefined
          return yield* I.assign(ctx, ref, key, to, from)
        })
      case "AddLabel":
      case "RemoveLabel":
        return Effect.gen(function*() {
          const ref = yield* parse(action.inquiry, key)
          const add = action._tag === "AddLabel"
          if (ref.kind === "discussion") return yield* D.setLabel(ctx, ref, key, action.label, add)
          return add ? yield* I.addLabel(ctx, ref, key, action.label) : yield* I.removeLabel(ctx, ref, key, action.label)
        })
      case "Close":
        return Effect.gen(function*() {
          const ref = yield* parse(action.inquiry, key)
          if (ref.kind === "issue") return yield* I.close(ctx, ref, key, action.reason)
          return yield* D.close(ctx, ref, key, action.reason, "Closed after no activity from the reporter; reply to reopen.")
        })
      case "CreateIssue":
        return promote(action)
      case "UpdateIssue":
        return Effect.gen(function*() {
          const ref = yield* parse(action.issue, key)
          const c = yield* I.comment(ctx, ref, key, action.text)
          for (const l of action.addLabels) yield* I.addLabel(ctx, ref, `${key}:+${l}`, l)
          for (const l of action.removeLabels) yield* I.removeLabel(ctx, ref, `${key}:-${l}`, l)
          return { ...c, events: [] }
        })
      case "OpenInquiry":
        return Effect.gen(function*() {
          const src = issueSources[0]
          if (src === undefined) return yield* Effect.fail(S.failure("unsupported", "no issues source to open an inquiry in", { key }))
          const found = yield* I.findMarkedIssue(ctx, src.repo, key)
          const { owner, repo } = S.splitRepo(src.repo)
          if (found !== undefined) {
            const inquiry = S.inquiryId({ kind: "issue", owner, repo, number: found.number })
            return {
              outcome: "already-done" as const,
              detail: `${inquiry} already carries the marker`,
              url: found.html_url,
              reference: inquiry,
              events: [I.openedEvent(ctx, inquiry, found)]
            }
          }
          const to = yield* login(action.assignee, key)
          const who = `${action.reporter.name}${action.reporter.handle === undefined ? "" : ` (${action.reporter.handle})`}`
          const body = `Opened on behalf of ${who}, who wrote via ${action.channel} (${action.contact}).\n\n${action.body}`
          const issue = yield* I.createIssue(ctx, src.repo, key, {
            title: action.title,
            body,
            labels: src.label === undefined ? [] : [src.label],
            assignees: [to]
          })
          const inquiry = S.inquiryId({ kind: "issue", owner, repo, number: issue.number })
          return {
            outcome: "written" as const,
            detail: `opened ${inquiry}`,
            url: issue.html_url,
            reference: inquiry,
            events: [I.openedEvent(ctx, inquiry, issue)]
          }
        })
    }
  }

  /** The product issue linked from a support item by the action `key`. */
  const productOf = (ref: S.Ref, key: string) =>
    Effect.gen(function*() {
      if (ref.kind === "issue") {
        const c = yield* I.findMarked(ctx, ref, key)
        return c === undefined ? undefined : S.findRef(c.body ?? "")
      }
      const c = yield* D.findMarked(ctx, yield* D.get(ctx, ref, key), key)
      return c === undefined ? undefined : S.findRef(c.body)
    })

  const promote = (action: Tracker.TrackerAction & { readonly _tag: "CreateIssue" }) =>
    Effect.gen(function*() {
      const key = action.key
      const product = options.product
      if (product === undefined)
        return yield* Effect.fail(S.failure("unsupported", "no product repository configured (options.product)", { inquiry: action.inquiry, key }))
      const ref = yield* parse(action.inquiry, key)
      const linked = yield* productOf(ref, key)
      if (linked !== undefined)
        return { outcome: "already-done" as const, detail: `${action.inquiry} already links ${linked.ref}`, url: linked.url, reference: linked.ref, events: [] }
      const support = action.draft.supportUrl ?? action.inquiry
      const existing = yield* I.findMarkedIssue(ctx, product.repo, key)
      const issue = existing ??
        (yield* I.createIssue(ctx, product.repo, key, {
          title: action.draft.title,
          body: `${action.draft.body}\n\nFrom support item ${support}.`,
          labels: [...(product.labels ?? []), ...action.draft.labels]
        }))
      const target = { ref: I.productRef(product.repo, issue), url: issue.html_url }
      const inquiry = S.inquiryId(ref)
      const body = `Promoted to ${target.ref} (${target.url}).\n\n${S.refMarker(target.ref, target.url)}\n${S.marker(key)}`
      const events: ReadonlyArray<Inquiry.Event> = ref.kind === "issue" ?
        I.commentEvents(ctx, inquiry, yield* I.linkBack(ctx, ref, key, target)) :
        yield* Effect.map(
          Effect.flatMap(D.get(ctx, ref, key), (d) => D.postComment(ctx, d, body)),
          (c) => [
            {
              type: "commented" as const,
              id: `comment:${c.id}`,
              inquiry,
              at: c.createdAt,
              actor: S.actor(ctx.roster, c.author === null ? null : { login: c.author.login, type: c.author.__typename }),
              visibility: "public" as const
            },
            {
              type: "promoted" as const,
              id: `promoted:${c.id}`,
              inquiry,
              at: c.createdAt,
              actor: S.actor(ctx.roster, c.author === null ? null : { login: c.author.login, type: c.author.__typename }),
              reference: target.url
            }
          ]
        )
      return {
        outcome: "written" as const,
        detail: `${existing === undefined ? "created" : "found"} ${target.ref} and linked it back`,
        url: target.url,
        reference: target.ref,
        events
      }
    })

  const execute: Tracker.Tracker["Service"]["execute"] = (action, now) =>
    Effect.gen(function*() {
      const before = api.requests()
      const w = yield* write(action)
      const inquiry = "inquiry" in action ? action.inquiry : undefined
      return {
        key: action.key,
        action: action._tag,
        outcome: "fallback" in w ? "fallback" : w.outcome,
        executedAt: now,
        detail: w.detail,
        ...(w.url === undefined ? {} : { url: w.url }),
        ...(w.reference === undefined ? {} : { reference: w.reference }),
        requests: api.requests() - before,
        events: w.events.filter((e) => inquiry === undefined || e.inquiry === inquiry || action._tag === "OpenInquiry")
      } satisfies Tracker.Receipt
    }).pipe(
      Effect.mapError(
        (e) =>
          new Tracker.TrackerError({
            ...e,
            detail: client.scrub(e.detail, api.secrets),
            key: e.key ?? action.key,
            ...("inquiry" in action && e.inquiry === undefined ? { inquiry: action.inquiry } : {})
          })
      )
    )

  const tracker: Tracker.Tracker["Service"] = { name: "github", sources: named.map(([n]) => n), changes, history, capabilities, execute, cost }

  const notifier: Notifier.Notifier["Service"] = {
    deliver: (action, now) => {
      if (action._tag === "Message" || action.inquiry === undefined) {
        return Effect.fail(
          new Notifier.NotifierError({
            reason: "unsupported-channel",
            detail: "the GitHub notifier mentions members on a support item only",
            retryable: false,
            key: action.key
          })
        )
      }
      const login = ctx.roster.byMember.get(action.member)
      if (login === undefined)
        return Effect.fail(
          new Notifier.NotifierError({ reason: "unknown-recipient", detail: `member ${action.member} has no GitHub login`, retryable: false, key: action.key })
        )
      const comment = {
        _tag: "Comment" as const,
        key: action.key,
        inquiry: action.inquiry,
        text: `${Tracker.mention(action.member)} ${action.text}`,
        visibility: "public" as const
      }
      return execute(comment, now).pipe(
        Effect.map((r) => ({ ...r, action: action._tag, outcome: "delivered" as const })),
        Effect.mapError((e) =>
          new Notifier.NotifierError({ reason: e.retryable ? "unavailable" : "rejected", detail: e.detail, retryable: e.retryable, key: action.key })
        )
      )
    }
  }

  const refresh: Adapter["refresh"] = (inquiry, since) =>
    Effect.flatMap(parse(inquiry), (ref) => (ref.kind === "issue" ? I.refresh(ctx, ref, sourceOf(ref), since) : D.history(ctx, ref, sourceOf(ref))))

  return { tracker, notifier, refresh, requests: api.requests }
}

/**
 * The tracker as a layer, from raw settings (decoded with {@link Options.decode}).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (input: unknown, tuning: Tuning = {}): Layer.Layer<Tracker.Tracker, Types.ValidationError | Tracker.TrackerError> =>
  Layer.effect(Tracker.Tracker, Effect.map(Effect.flatMap(Options.decode(input), (o) => make(o, tuning)), (a) => a.tracker))

/**
 * The tracker and the mention notifier from one adapter (one client, one rate limit).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerWithNotifier = (
  input: unknown,
  tuning: Tuning = {}
): Layer.Layer<Tracker.Tracker | Notifier.Notifier, Types.ValidationError | Tracker.TrackerError> =>
  Layer.unwrap(
    Effect.map(Effect.flatMap(Options.decode(input), (o) => make(o, tuning)), (a) =>
      Layer.mergeAll(Layer.succeed(Tracker.Tracker, a.tracker), Layer.succeed(Notifier.Notifier, a.notifier)))
  )
