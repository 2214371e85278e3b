// GitHub Issues over REST: incremental sync from repository-wide listings, one issue's
// history, and the writes (each checked against its marker or the state it sets first,
// and read back after).
import { Effect } from "effect"
import type { Action, Inquiry, Tracker, Types } from "@sre-uxdd/core"
import type * as Options from "../Options.js"
import type { Api, Response } from "./client.js"
import * as S from "./shared.js"

export interface User {
  readonly login: string
  readonly type?: string
}
export interface Label {
  readonly name: string
}
export interface Issue {
  readonly id: number
  readonly number: number
  readonly title: string
  readonly body?: string | null
  readonly state: string
  readonly state_reason?: string | null
  readonly html_url: string
  readonly user: User | null
  readonly labels?: ReadonlyArray<Label | string> | null
  readonly assignees?: ReadonlyArray<User> | null
  readonly created_at: string
  readonly updated_at: string
  readonly closed_at: string | null
  readonly pull_request?: unknown
  readonly performed_via_github_app?: unknown
}
export interface Comment {
  readonly id: number
  readonly body?: string
  readonly user: User | null
  readonly created_at: string
  readonly updated_at: string
  readonly issue_url: string
  readonly html_url: string
  readonly performed_via_github_app?: unknown
}
export interface IssueEvent {
  readonly id: number
  readonly event: string
  readonly actor: User | null
  readonly created_at: string
  readonly issue?: { readonly number: number } | null
  readonly assignee?: User | null
  readonly state_reason?: string | null
  readonly performed_via_github_app?: unknown
}

export type Mapping = Pick<Context, "roster">

export interface Context {
  readonly api: Api
  readonly roster: S.Roster
  readonly options: Options.Options
  readonly overlapMs: number
}

// ---------------------------------------------------------------------------
// mapping

const labelNames = (issue: Issue): ReadonlyArray<string> => (issue.labels ?? []).map((l) => (typeof l === "string" ? l : l.name))

const author = (
  u: User | null,
  via: unknown
): S.Author | null => (u === null ? null : { login: u.login, type: u.type, viaApp: via !== undefined && via !== null })

export const item = (ctx: Mapping, owner: string, repo: string, source: string, issue: Issue): Tracker.Item => ({
  inquiry: S.inquiryId({ kind: "issue", owner, repo, number: issue.number }),
  source,
  title: issue.title,
  url: issue.html_url,
  state: issue.state === "closed" ? "closed" : "open",
  labels: labelNames(issue),
  assignees: (issue.assignees ?? []).flatMap((a) => {
    const m = ctx.roster.byLogin.get(a.login.toLowerCase())
    return m === undefined ? [] : [m]
  }),
  updatedAt: S.millis(issue.updated_at)
})

export const openedEvent = (ctx: Mapping, inquiry: Types.InquiryId, issue: Issue): Inquiry.Event => {
  const who = S.actor(ctx.roster, author(issue.user, issue.performed_via_github_app))
  return {
    type: "opened",
    id: `issue:${issue.id}`,
    inquiry,
    at: issue.created_at,
    actor: who,
    reporter: who,
    channel: "github-issue",
    title: issue.title,
    labels: labelNames(issue),
    ...(issue.body === null || issue.body === undefined ? {} : { body: issue.body })
  }
}

export const commentEvents = (ctx: Mapping, inquiry: Types.InquiryId, c: Comment): ReadonlyArray<Inquiry.Event> => {
  const who = S.actor(ctx.roster, author(c.user, c.performed_via_github_app))
  const out: Array<Inquiry.Event> = [{ type: "commented", id: `comment:${c.id}`, inquiry, at: c.created_at, actor: who, visibility: "public" }]
  const ref = S.findRef(c.body ?? "")
  if (ref !== undefined) out.push({ type: "promoted", id: `promoted:${c.id}`, inquiry, at: c.created_at, actor: who, reference: ref.url })
  return out
}

const closeReason = (r: string | null | undefined): Inquiry.CloseReason => (r === "not_planned" ? "stale" : r === "duplicate" ? "duplicate" : "resolved")

export const issueEvent = (ctx: Mapping, inquiry: Types.InquiryId, e: IssueEvent): Inquiry.Event | undefined => {
  const base = { id: `event:${e.id}`, inquiry, at: e.created_at, actor: S.actor(ctx.roster, author(e.actor, e.performed_via_github_app)) }
  switch (e.event) {
    case "assigned": {
      const to = e.assignee === null || e.assignee === undefined ? undefined : ctx.roster.byLogin.get(e.assignee.login.toLowerCase())
      return to === undefined ? undefined : { ...base, type: "assigned", to }
    }
    case "closed":
      return { ...base, type: "closed", reason: closeReason(e.state_reason) }
    case "reopened":
      return { ...base, type: "reopened" }
    default:
      return undefined
  }
}

const issueNumberOf = (url: string): number => Number(url.slice(url.lastIndexOf("/") + 1))

// ---------------------------------------------------------------------------
// listing

const nextLink = (headers: Response["headers"]): string | undefined => {
  const link = headers["link"]
  if (typeof link !== "string") return undefined
  for (const part of link.split(",")) {
    const m = /<([^>]+)>\s*;\s*rel="([^"]+)"/.exec(part)
    if (m !== null && m[2] === "next") return m[1]
  }
  return undefined
}

interface Listing<A> {
  readonly notModified: boolean
  readonly items: ReadonlyArray<A>
  readonly etag: string | undefined
}

/** All pages of a listing, following `Link: rel="next"` exactly as given; `stop` ends early. */
export const listAll = <A>(
  api: Api,
  route: string,
  params: { readonly [k: string]: unknown },
  etag: string | undefined | "auto",
  stop?: (a: A) => boolean
): Effect.Effect<Listing<A>, Tracker.TrackerError> =>
  Effect.gen(function*() {
    // "auto": the client's per-token cache may answer; otherwise only the given ETag counts
    const own = etag === "auto" ? {} : { request: { sreUxddCache: false } }
    const first = yield* api.rest(route, { ...params, ...own, ...(etag === undefined || etag === "auto" ? {} : { headers: { "if-none-match": etag } }) })
    if (first.status === 304 && etag !== "auto") return { notModified: true, items: [], etag }
    const items: Array<A> = []
    let page: Response = first
    for (;;) {
      const data = (page.data ?? []) as ReadonlyArray<A>
      let done = false
      for (const a of data) {
        if (stop?.(a) === true) {
          done = true
          break
        }
        items.push(a)
      }
      const next = done ? undefined : nextLink(page.headers)
      if (next === undefined) break
      page = yield* api.rest(`GET ${next}`, own)
    }
    const tag = first.headers["etag"]
    return { notModified: false, items, etag: typeof tag === "string" ? tag : undefined }
  })

// ---------------------------------------------------------------------------
// sync

interface Cursor {
  readonly v: 1
  /** Latest `updated_at` seen, epoch ms. */
  readonly watermark?: number
  /** Newest repository issue event id seen. */
  readonly lastEvent?: number
  /** `(id, updated_at)` pairs already returned inside the overlap window. */
  readonly seen: ReadonlyArray<string>
  /** ETags of the first page of each listing, with the `since` they were asked with. */
  readonly etags: { readonly [listing: string]: { readonly since: string | null; readonly etag: string } }
}

const emptyCursor: Cursor = { v: 1, seen: [], etags: {} }

const readCursor = (cursor: string | undefined, source: string): Cursor => {
  if (cursor === undefined) return emptyCursor
  try {
    const c = JSON.parse(cursor) as Cursor
    if (c.v !== 1 || !Array.isArray(c.seen) || typeof c.etags !== "object") throw new Error("shape")
    return c
  } catch {
    throw S.failure("invalid-request", `cursor of ${source} is not one this adapter wrote`)
  }
}

export const sync = (
  ctx: Context,
  src: Options.Source & { readonly kind: "issues" },
  sourceName: string,
  cursorText: string | undefined
): Effect.Effect<ReadonlyArray<Tracker.Page>, Tracker.TrackerError> =>
  Effect.gen(function*() {
    const cursor = yield* Effect.try({ try: () => readCursor(cursorText, sourceName), catch: (e) => e as Tracker.TrackerError })
    const { owner, repo } = S.splitRepo(src.repo)
    const since = cursor.watermark === undefined ? null : S.iso(cursor.watermark - ctx.overlapMs)
    const etagFor = (listing: string): string | undefined => {
      const e = cursor.etags[listing]
      return e !== undefined && e.since === since ? e.etag : undefined
    }
    const issueParams = (s: string | null) => ({
      owner,
      repo,
      state: "all",
      sort: "updated",
      direction: "asc",
      per_page: 100,
      ...(src.label === undefined ? {} : { labels: src.label }),
      ...(s === null ? {} : { since: s })
    })
    const commentParams = (s: string | null) => ({ owner, repo, sort: "updated", direction: "asc", per_page: 100, ...(s === null ? {} : { since: s }) })
    const issues = yield* listAll<Issue>(ctx.api, "GET /repos/{owner}/{repo}/issues", issueParams(since), etagFor("issues"))
    const comments = yield* listAll<Comment>(ctx.api, "GET /repos/{owner}/{repo}/issues/comments", commentParams(since), etagFor("comments"))
    const lastEvent = cursor.lastEvent
    const events = yield* listAll<IssueEvent>(
      ctx.api,
      "GET /repos/{owner}/{repo}/issues/events",
      { owner, repo, per_page: 100 },
      cursor.etags["events"]?.etag,
      (e) => lastEvent !== undefined && e.id <= lastEvent
    )
    const seen = new Set(cursor.seen)
    const fresh = (kind: string, id: number, updated: string): boolean => !seen.has(`${kind}${id}@${updated}`)
    const support = new Map<number, Issue>()
    for (const i of issues.items) if (i.pull_request === undefined || i.pull_request === null) support.set(i.number, i)
    const items: Array<Tracker.Item> = []
    const out: Array<Inquiry.Event> = []
    const at = (n: number) => S.inquiryId({ kind: "issue", owner, repo, number: n })
    for (const i of support.values()) {
      if (!fresh("i", i.id, i.updated_at)) continue
      items.push(item(ctx, owner, repo, sourceName, i))
      out.push(openedEvent(ctx, at(i.number), i))
    }
    for (const c of comments.items) {
      const n = issueNumberOf(c.issue_url)
      if (!support.has(n) || !fresh("c", c.id, c.updated_at)) continue
      out.push(...commentEvents(ctx, at(n), c))
    }
    for (const e of events.items) {
      const n = e.issue?.number
      if (n === undefined || !support.has(n)) continue
      const ev = issueEvent(ctx, at(n), e)
      if (ev !== undefined) out.push(ev)
    }
    const stamps = [...support.values()].map((i) => S.millis(i.updated_at)).concat(comments.items.map((c) => S.millis(c.updated_at)))
    const watermark = Math.max(cursor.watermark ?? 0, ...stamps, 0) || undefined
    const floor = watermark === undefined ? 0 : watermark - ctx.overlapMs
    const keep = [
      ...cursor.seen.filter((k) => S.millis(k.slice(k.indexOf("@") + 1)) >= floor),
      ...[...support.values()].filter((i) => S.millis(i.updated_at) >= floor).map((i) => `i${i.id}@${i.updated_at}`),
      ...comments.items.filter((c) => S.millis(c.updated_at) >= floor).map((c) => `c${c.id}@${c.updated_at}`)
    ]
    const etags: { [k: string]: { readonly since: string | null; readonly etag: string } } = {}
    const nextSince = watermark === undefined ? null : S.iso(watermark - ctx.overlapMs)
    // the next sync asks with the new `since`: ask once now so that its ETag is known and an
    // unchanged repository answers 304 (free) next time
    const settle = (listing: string, got: Listing<unknown>, route: string, params: (s: string | null) => { readonly [k: string]: unknown }) =>
      Effect.gen(function*() {
        if (nextSince === since) {
          const etag = got.etag ?? etagFor(listing)
          if (etag !== undefined) etags[listing] = { since, etag }
          return
        }
        const probe = yield* ctx.api.rest(route, { ...params(nextSince), request: { sreUxddCache: false } })
        const tag = probe.headers["etag"]
        if (typeof tag === "string") etags[listing] = { since: nextSince, etag: tag }
      })
    yield* settle("issues", issues, "GET /repos/{owner}/{repo}/issues", (s) => ({ ...issueParams(s), per_page: 100 }))
    yield* settle("comments", comments, "GET /repos/{owner}/{repo}/issues/comments", (s) => ({ ...commentParams(s), per_page: 100 }))
    const newestEvent = events.items.reduce((m, e) => Math.max(m, e.id), lastEvent ?? 0)
    const eventsEtag = events.etag ?? cursor.etags["events"]?.etag
    if (eventsEtag !== undefined) etags["events"] = { since: null, etag: eventsEtag }
    const next: Cursor = {
      v: 1,
      ...(watermark === undefined ? {} : { watermark }),
      ...(newestEvent === 0 ? {} : { lastEvent: newestEvent }),
      seen: [...new Set(keep)],
      etags
    }
    return pages(items, out, JSON.stringify(next), cursorText)
  })

/** Pages of at most 100 items with their events; only the last one moves the cursor. */
export const pages = (
  items: ReadonlyArray<Tracker.Item>,
  events: ReadonlyArray<Inquiry.Event>,
  cursor: string,
  previous: string | undefined
): ReadonlyArray<Tracker.Page> => {
  const size = 100
  const byInquiry = new Map<string, Array<Inquiry.Event>>()
  for (const e of events) {
    const list = byInquiry.get(e.inquiry) ?? []
    list.push(e)
    byInquiry.set(e.inquiry, list)
  }
  const itemIds = new Set(items.map((i) => i.inquiry as string))
  const orphans = [...byInquiry.entries()].filter(([k]) => !itemIds.has(k)).flatMap(([, v]) => v)
  const hold = previous ?? JSON.stringify(emptyCursor)
  const out: Array<Tracker.Page> = []
  for (let i = 0; i === 0 || i < items.length; i += size) {
    const chunk = items.slice(i, i + size)
    const evs = [...chunk.flatMap((it) => byInquiry.get(it.inquiry) ?? []), ...(i === 0 ? orphans : [])]
    out.push({ items: chunk, events: evs, cursor: i + size >= items.length ? cursor : hold })
  }
  return out
}

// ---------------------------------------------------------------------------
// one issue

export const getIssue = (ctx: Context, ref: S.Ref, key?: string) =>
  Effect.flatMap(ctx.api.rest("GET /repos/{owner}/{repo}/issues/{issue_number}", { owner: ref.owner, repo: ref.repo, issue_number: ref.number }), (r) => {
    const issue = r.data as Issue | undefined
    if (issue === undefined) return Effect.fail(S.failure("invalid-response", "GET issue answered without a body", { inquiry: S.inquiryId(ref) }))
    if (issue.pull_request !== undefined && issue.pull_request !== null)
      return Effect.fail(
        S.failure("not-found", `${S.inquiryId(ref)} is a pull request, not an issue`, { inquiry: S.inquiryId(ref), ...(key === undefined ? {} : { key }) })
      )
    return Effect.succeed(issue)
  })

const issueComments = (ctx: Context, ref: S.Ref) =>
  Effect.map(
    listAll<Comment>(ctx.api, "GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      owner: ref.owner,
      repo: ref.repo,
      issue_number: ref.number,
      per_page: 100
    }, "auto"),
    (l) => l.items
  )

export const history = (ctx: Context, ref: S.Ref, source: string) =>
  Effect.gen(function*() {
    const inquiry = S.inquiryId(ref)
    const issue = yield* getIssue(ctx, ref)
    const comments = yield* issueComments(ctx, ref)
    const events = yield* listAll<IssueEvent>(ctx.api, "GET /repos/{owner}/{repo}/issues/{issue_number}/events", {
      owner: ref.owner,
      repo: ref.repo,
      issue_number: ref.number,
      per_page: 100
    }, "auto")
    const out: Array<Inquiry.Event> = [openedEvent(ctx, inquiry, issue)]
    for (const c of comments) out.push(...commentEvents(ctx, inquiry, c))
    for (const e of events.items) {
      const ev = issueEvent(ctx, inquiry, e)
      if (ev !== undefined) out.push(ev)
    }
    return { item: item(ctx, ref.owner, ref.repo, source, issue), events: out }
  })

/** A webhook-driven refresh: the issue and its comments since `since` (2 requests). */
export const refresh = (ctx: Context, ref: S.Ref, source: string, since: number | undefined) =>
  Effect.gen(function*() {
    const inquiry = S.inquiryId(ref)
    const issue = yield* getIssue(ctx, ref)
    const comments = yield* ctx.api.rest("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", {
      owner: ref.owner,
      repo: ref.repo,
      issue_number: ref.number,
      per_page: 100,
      ...(since === undefined ? {} : { since: S.iso(since - ctx.overlapMs) })
    })
    const out: Array<Inquiry.Event> = [openedEvent(ctx, inquiry, issue)]
    for (const c of (comments.data ?? []) as ReadonlyArray<Comment>) out.push(...commentEvents(ctx, inquiry, c))
    return { item: item(ctx, ref.owner, ref.repo, source, issue), events: out }
  })

// ---------------------------------------------------------------------------
// writes

export interface Write {
  readonly outcome: "written" | "already-done"
  readonly detail: string
  readonly url?: string
  readonly reference?: string
  readonly events: ReadonlyArray<Inquiry.Event>
}

const pushAccess = (what: string, repo: string) =>
  `GitHub silently dropped the ${what} on ${repo}: the token needs push access (fine-grained: "Issues: Read and write"; App: issues write; classic: repo scope and write access), and an assignee must be able to push too`

const postComment = (ctx: Context, ref: S.Ref, body: string) =>
  Effect.map(
    ctx.api.rest("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { owner: ref.owner, repo: ref.repo, issue_number: ref.number, body }),
    (r) => r.data as Comment
  )

/** Finds the comment carrying `key`'s marker on an issue. */
export const findMarked = (ctx: Context, ref: S.Ref, key: string) => Effect.map(issueComments(ctx, ref), (cs) => cs.find((c) => S.hasMarker(c.body, key)))

export const comment = (ctx: Context, ref: S.Ref, key: string, text: string): Effect.Effect<Write, Tracker.TrackerError> =>
  Effect.gen(function*() {
    const inquiry = S.inquiryId(ref)
    const found = yield* findMarked(ctx, ref, key)
    if (found !== undefined)
      return {
        outcome: "already-done",
        detail: `comment ${found.id} already carries the marker`,
        url: found.html_url,
        events: commentEvents(ctx, inquiry, found)
      }
    const c = yield* postComment(ctx, ref, `${S.renderText(ctx.roster, text)}\n\n${S.marker(key)}`)
    if (!S.hasMarker(c.body, key)) return yield* Effect.fail(S.failure("invalid-response", "the posted comment came back without its marker", { inquiry, key }))
    return { outcome: "written", detail: `posted comment ${c.id}`, url: c.html_url, events: commentEvents(ctx, inquiry, c) }
  })

export const assign = (ctx: Context, ref: S.Ref, key: string, login: string, from: string | undefined): Effect.Effect<Write, Tracker.TrackerError> =>
  Effect.gen(function*() {
    const inquiry = S.inquiryId(ref)
    const issue = yield* getIssue(ctx, ref, key)
    const has = (i: Issue, l: string) => (i.assignees ?? []).some((a) => a.login.toLowerCase() === l.toLowerCase())
    const drop = from !== undefined && from.toLowerCase() !== login.toLowerCase() && has(issue, from)
    if (has(issue, login) && !drop) return { outcome: "already-done", detail: `${login} is already assigned`, events: [] }
    const params = { owner: ref.owner, repo: ref.repo, issue_number: ref.number }
    let after = issue
    if (!has(issue, login))
      after = (yield* ctx.api.rest("POST /repos/{owner}/{repo}/issues/{issue_number}/assignees", { ...params, assignees: [login] })).data as Issue
    if (!has(after, login)) return yield* Effect.fail(S.failure("permission", pushAccess(`assignee ${login}`, `${ref.owner}/${ref.repo}`), { inquiry, key }))
    if (drop && from !== undefined) yield* ctx.api.rest("DELETE /repos/{owner}/{repo}/issues/{issue_number}/assignees", { ...params, assignees: [from] })
    return { outcome: "written", detail: `assigned ${login}${drop ? ` (unassigned ${from})` : ""}`, events: [] }
  })

export const addLabel = (ctx: Context, ref: S.Ref, key: string, label: string): Effect.Effect<Write, Tracker.TrackerError> =>
  Effect.gen(function*() {
    const issue = yield* getIssue(ctx, ref, key)
    if (labelNames(issue).includes(label)) return { outcome: "already-done", detail: `label ${label} is already there`, events: [] }
    const r = yield* ctx.api.rest("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", {
      owner: ref.owner,
      repo: ref.repo,
      issue_number: ref.number,
      labels: [label]
    })
    const now = ((r.data ?? []) as ReadonlyArray<Label>).map((l) => l.name)
    if (!now.includes(label))
      return yield* Effect.fail(S.failure("permission", pushAccess(`label ${label}`, `${ref.owner}/${ref.repo}`), { inquiry: S.inquiryId(ref), key }))
    return { outcome: "written", detail: `labelled ${label}`, events: [] }
  })

export const removeLabel = (ctx: Context, ref: S.Ref, key: string, label: string): Effect.Effect<Write, Tracker.TrackerError> =>
  Effect.gen(function*() {
    const issue = yield* getIssue(ctx, ref, key)
    if (!labelNames(issue).includes(label)) return { outcome: "already-done", detail: `label ${label} is not there`, events: [] }
    yield* ctx.api.rest("DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}", {
      owner: ref.owner,
      repo: ref.repo,
      issue_number: ref.number,
      name: label
    })
    const back = yield* getIssue(ctx, ref, key)
    if (labelNames(back).includes(label))
      return yield* Effect.fail(
        S.failure("permission", pushAccess(`removal of label ${label}`, `${ref.owner}/${ref.repo}`), { inquiry: S.inquiryId(ref), key })
      )
    return { outcome: "written", detail: `removed label ${label}`, events: [] }
  })

const stateReason = (reason: Action.CloseReason): "completed" | "not_planned" | "duplicate" =>
  reason === "stale" ? "not_planned" : reason === "duplicate" ? "duplicate" : "completed"

export const close = (ctx: Context, ref: S.Ref, key: string, reason: Action.CloseReason): Effect.Effect<Write, Tracker.TrackerError> =>
  Effect.gen(function*() {
    const issue = yield* getIssue(ctx, ref, key)
    if (issue.state === "closed") return { outcome: "already-done", detail: "already closed", events: [] }
    const r = yield* ctx.api.rest("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
      owner: ref.owner,
      repo: ref.repo,
      issue_number: ref.number,
      state: "closed",
      state_reason: stateReason(reason)
    })
    const back = r.data as Issue
    if (back.state !== "closed")
      return yield* Effect.fail(
        S.failure("permission", `GitHub did not close ${S.inquiryId(ref)}: the token needs issues write access`, { inquiry: S.inquiryId(ref), key })
      )
    return { outcome: "written", detail: `closed as ${stateReason(reason)}`, events: [] }
  })

/** The product issue carrying `key`'s marker among the newest issues of a repository. */
export const findMarkedIssue = (ctx: Context, repo: string, key: string) =>
  Effect.map(
    ctx.api.rest("GET /repos/{owner}/{repo}/issues", { ...S.splitRepo(repo), state: "all", sort: "created", direction: "desc", per_page: 100 }),
    (r) => ((r.data ?? []) as ReadonlyArray<Issue>).find((i) => S.hasMarker(i.body, key))
  )

export const createIssue = (
  ctx: Context,
  repo: string,
  key: string,
  input: { readonly title: string; readonly body: string; readonly labels: ReadonlyArray<string>; readonly assignees?: ReadonlyArray<string> }
): Effect.Effect<Issue, Tracker.TrackerError> =>
  Effect.gen(function*() {
    const r = yield* ctx.api.rest("POST /repos/{owner}/{repo}/issues", {
      ...S.splitRepo(repo),
      title: input.title,
      body: `${input.body}\n\n${S.marker(key)}`,
      ...(input.labels.length === 0 ? {} : { labels: [...input.labels] }),
      ...(input.assignees === undefined || input.assignees.length === 0 ? {} : { assignees: [...input.assignees] })
    })
    const issue = r.data as Issue
    const missing = input.labels.filter((l) => !labelNames(issue).includes(l))
    if (missing.length > 0) return yield* Effect.fail(S.failure("permission", pushAccess(`labels ${missing.join(", ")}`, repo), { key }))
    const lost = (input.assignees ?? []).filter((l) => !(issue.assignees ?? []).some((a) => a.login.toLowerCase() === l.toLowerCase()))
    if (lost.length > 0) return yield* Effect.fail(S.failure("permission", pushAccess(`assignees ${lost.join(", ")}`, repo), { key }))
    return issue
  })

export const linkBack = (ctx: Context, ref: S.Ref, key: string, product: { readonly ref: string; readonly url: string }) =>
  postComment(ctx, ref, `Promoted to ${product.ref} (${product.url}).\n\n${S.refMarker(product.ref, product.url)}\n${S.marker(key)}`)

export const productRef = (repo: string, issue: Issue): string => `${repo}#${issue.number}`
