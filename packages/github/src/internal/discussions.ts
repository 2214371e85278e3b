// GitHub Discussions over GraphQL: sync by `updatedAt` (there is no `since`), one
// discussion's history, and its writes. Discussions have no assignees.
import { Effect } from "effect"
import { type Action, type Inquiry, type Tracker, type Types } from "@sre-uxdd/core"
import type * as Options from "../Options.js"
import type { Context } from "./issues.js"
import * as S from "./shared.js"

interface GqlActor {
  readonly login: string
  readonly __typename: string
}
interface GqlComment {
  readonly id: string
  readonly body: string
  readonly url: string
  readonly createdAt: string
  readonly isAnswer: boolean
  readonly author: GqlActor | null
  readonly replies?: { readonly nodes: ReadonlyArray<Omit<GqlComment, "replies">> }
}
interface GqlDiscussion {
  readonly id: string
  readonly number: number
  readonly title: string
  readonly body: string
  readonly url: string
  readonly createdAt: string
  readonly updatedAt: string
  readonly closed: boolean
  readonly closedAt: string | null
  readonly stateReason: string | null
  readonly isAnswered: boolean | null
  readonly answerChosenAt: string | null
  readonly answerChosenBy: GqlActor | null
  readonly author: GqlActor | null
  readonly category: { readonly id: string; readonly name: string; readonly isAnswerable: boolean }
  readonly labels: { readonly nodes: ReadonlyArray<{ readonly name: string }> } | null
  readonly comments: { readonly totalCount: number; readonly pageInfo: PageInfo; readonly nodes: ReadonlyArray<GqlComment> }
}
interface PageInfo {
  readonly hasNextPage: boolean
  readonly endCursor: string | null
}

const actorFields = "author { login __typename }"
const commentFields = `id body url createdAt isAnswer ${actorFields}`
const discussionFields = `id number title body url createdAt updatedAt closed closedAt stateReason isAnswered answerChosenAt
  answerChosenBy { login __typename } ${actorFields}
  category { id name isAnswerable }
  labels(first: 50) { nodes { name } }
  comments(first: 50) { totalCount pageInfo { hasNextPage endCursor } nodes { ${commentFields} replies(first: 50) { nodes { ${commentFields} } } } }`

/** The GraphQL documents the adapter sends (checked against the pinned schema by a test). */
export const documents = {
  categories:
    `query Categories($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { id discussionCategories(first: 100) { nodes { id name isAnswerable } } } }`,
  list: `query Discussions($owner: String!, $name: String!, $first: Int!, $after: String, $categoryId: ID) {
  repository(owner: $owner, name: $name) { discussions(first: $first, after: $after, categoryId: $categoryId, orderBy: { field: UPDATED_AT, direction: DESC }) {
    pageInfo { hasNextPage endCursor } nodes { ${discussionFields} } } } }`,
  one:
    `query Discussion($owner: String!, $name: String!, $number: Int!) { repository(owner: $owner, name: $name) { discussion(number: $number) { ${discussionFields} } } }`,
  moreComments:
    `query MoreComments($id: ID!, $after: String) { node(id: $id) { ... on Discussion { comments(first: 50, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${commentFields} replies(first: 50) { nodes { ${commentFields} } } } } } } }`,
  label: `query Label($owner: String!, $name: String!, $label: String!) { repository(owner: $owner, name: $name) { id label(name: $label) { id name } } }`,
  comment:
    `mutation Comment($discussionId: ID!, $body: String!) { addDiscussionComment(input: { discussionId: $discussionId, body: $body }) { comment { ${commentFields} } } }`,
  answer: `mutation Answer($id: ID!) { markDiscussionCommentAsAnswer(input: { id: $id }) { discussion { id isAnswered } } }`,
  close:
    `mutation Close($discussionId: ID!, $reason: DiscussionCloseReason) { closeDiscussion(input: { discussionId: $discussionId, reason: $reason }) { discussion { id closed stateReason } } }`,
  addLabels:
    `mutation AddLabels($labelableId: ID!, $labelIds: [ID!]!) { addLabelsToLabelable(input: { labelableId: $labelableId, labelIds: $labelIds }) { labelable { labels(first: 100) { nodes { name } } } } }`,
  removeLabels:
    `mutation RemoveLabels($labelableId: ID!, $labelIds: [ID!]!) { removeLabelsFromLabelable(input: { labelableId: $labelableId, labelIds: $labelIds }) { labelable { labels(first: 100) { nodes { name } } } } }`
} as const

const author = (a: GqlActor | null): S.Author | null => (a === null ? null : { login: a.login, type: a.__typename })

const labels = (d: GqlDiscussion): ReadonlyArray<string> => (d.labels?.nodes ?? []).map((l) => l.name)

export const item = (ref: S.Ref, source: string, d: GqlDiscussion): Tracker.Item => ({
  inquiry: S.inquiryId(ref),
  source,
  title: d.title,
  url: d.url,
  state: d.closed ? "closed" : "open",
  labels: labels(d),
  assignees: [],
  updatedAt: S.millis(d.updatedAt)
})

const closeReason = (r: string | null): Inquiry.CloseReason => (r === "OUTDATED" ? "stale" : r === "DUPLICATE" ? "duplicate" : "resolved")

const commentEvents = (ctx: Context, inquiry: Types.InquiryId, c: Omit<GqlComment, "replies">): ReadonlyArray<Inquiry.Event> => {
  const who = S.actor(ctx.roster, author(c.author))
  const out: Array<Inquiry.Event> = [{ type: "commented", id: `comment:${c.id}`, inquiry, at: c.createdAt, actor: who, visibility: "public" }]
  const ref = S.findRef(c.body)
  if (ref !== undefined) out.push({ type: "promoted", id: `promoted:${c.id}`, inquiry, at: c.createdAt, actor: who, reference: ref.url })
  return out
}

export const events = (ctx: Context, inquiry: Types.InquiryId, d: GqlDiscussion, comments: ReadonlyArray<GqlComment>): ReadonlyArray<Inquiry.Event> => {
  const who = S.actor(ctx.roster, author(d.author))
  const out: Array<Inquiry.Event> = [
    {
      type: "opened",
      id: `discussion:${d.id}`,
      inquiry,
      at: d.createdAt,
      actor: who,
      reporter: who,
      channel: "github-discussion",
      title: d.title,
      labels: labels(d),
      body: d.body
    }
  ]
  for (const c of comments) {
    out.push(...commentEvents(ctx, inquiry, c))
    for (const r of c.replies?.nodes ?? []) out.push(...commentEvents(ctx, inquiry, r))
  }
  if (d.answerChosenAt !== null && d.isAnswered === true) {
    out.push({
      type: "resolved",
      id: `answered:${d.id}@${d.answerChosenAt}`,
      inquiry,
      at: d.answerChosenAt,
      actor: S.actor(ctx.roster, author(d.answerChosenBy)),
      kind: "answered"
    })
  }
  if (d.closed && d.closedAt !== null) {
    out.push({ type: "closed", id: `closed:${d.id}@${d.closedAt}`, inquiry, at: d.closedAt, actor: who, reason: closeReason(d.stateReason) })
  }
  return out
}

const allComments = (ctx: Context, d: GqlDiscussion) =>
  Effect.gen(function*() {
    const out = [...d.comments.nodes]
    let info = d.comments.pageInfo
    while (info.hasNextPage) {
      const more = yield* ctx.api.graphql<{ readonly node: { readonly comments: GqlDiscussion["comments"] } | null }>(documents.moreComments, {
        id: d.id,
        after: info.endCursor
      })
      if (more.node === null) break
      out.push(...more.node.comments.nodes)
      info = more.node.comments.pageInfo
    }
    return out
  })

type Category = { readonly id: string; readonly name: string; readonly isAnswerable: boolean }
const categoryCache = new WeakMap<Context, Map<string, ReadonlyArray<Category>>>()

const categories = (ctx: Context, repo: string) =>
  Effect.gen(function*() {
    const cache = categoryCache.get(ctx) ?? new Map<string, ReadonlyArray<Category>>()
    categoryCache.set(ctx, cache)
    const hit = cache.get(repo)
    if (hit !== undefined) return hit
    const { owner, repo: name } = S.splitRepo(repo)
    const r = yield* ctx.api.graphql<
      {
        readonly repository: {
          readonly discussionCategories: { readonly nodes: ReadonlyArray<{ readonly id: string; readonly name: string; readonly isAnswerable: boolean }> }
        } | null
      }
    >(
      documents.categories,
      { owner, name }
    )
    if (r.repository === null) return yield* Effect.fail(S.failure("not-found", `repository ${repo} not found`))
    cache.set(repo, r.repository.discussionCategories.nodes)
    return r.repository.discussionCategories.nodes
  })

type ListResult = { readonly repository: { readonly discussions: { readonly pageInfo: PageInfo; readonly nodes: ReadonlyArray<GqlDiscussion> } } | null }

interface Cursor {
  readonly v: 1
  readonly watermark?: number
  readonly seen: ReadonlyArray<string>
}

export const sync = (ctx: Context, src: Options.Source & { readonly kind: "discussions" }, sourceName: string, cursorText: string | undefined) =>
  Effect.gen(function*() {
    let cursor: Cursor = { v: 1, seen: [] }
    if (cursorText !== undefined) {
      const parsed = yield* Effect.try({
        try: () => JSON.parse(cursorText) as Cursor,
        catch: () => S.failure("invalid-request", `cursor of ${sourceName} is not one this adapter wrote`)
      })
      if (parsed.v !== 1 || !Array.isArray(parsed.seen))
        return yield* Effect.fail(S.failure("invalid-request", `cursor of ${sourceName} is not one this adapter wrote`))
      cursor = parsed
    }
    const { owner, repo: name } = S.splitRepo(src.repo)
    let categoryId: string | undefined
    const wanted = src.category
    if (wanted !== undefined) {
      const cats = yield* categories(ctx, src.repo)
      const cat = cats.find((c) => c.name.toLowerCase() === wanted.toLowerCase())
      if (cat === undefined)
        return yield* Effect.fail(
          S.failure("not-found", `${src.repo} has no discussion category named ${JSON.stringify(wanted)} (has: ${cats.map((c) => c.name).join(", ")})`)
        )
      categoryId = cat.id
    }
    const floor = cursor.watermark === undefined ? undefined : cursor.watermark - ctx.overlapMs
    const found: Array<GqlDiscussion> = []
    let after: string | null = null
    for (;;) {
      const r: ListResult = yield* ctx.api.graphql<ListResult>(documents.list, {
        owner,
        name,
        first: 25,
        after,
        ...(categoryId === undefined ? {} : { categoryId })
      })
      if (r.repository === null) return yield* Effect.fail(S.failure("not-found", `repository ${src.repo} not found`))
      const page: { readonly pageInfo: PageInfo; readonly nodes: ReadonlyArray<GqlDiscussion> } = r.repository.discussions
      let older = false
      for (const d of page.nodes) {
        if (floor !== undefined && S.millis(d.updatedAt) < floor) {
          older = true
          break
        }
        found.push(d)
      }
      if (older || !page.pageInfo.hasNextPage) break
      after = page.pageInfo.endCursor
    }
    const seen = new Set(cursor.seen)
    const items: Array<Tracker.Item> = []
    const out: Array<Inquiry.Event> = []
    for (const d of found) {
      if (src.label !== undefined && !labels(d).includes(src.label)) continue
      if (seen.has(`${d.id}@${d.updatedAt}`)) continue
      const ref: S.Ref = { kind: "discussion", owner, repo: name, number: d.number }
      items.push(item(ref, sourceName, d))
      out.push(...events(ctx, S.inquiryId(ref), d, yield* allComments(ctx, d)))
    }
    const watermark = Math.max(cursor.watermark ?? 0, ...found.map((d) => S.millis(d.updatedAt)), 0) || undefined
    const keepFrom = watermark === undefined ? 0 : watermark - ctx.overlapMs
    const keep = [...cursor.seen, ...found.map((d) => `${d.id}@${d.updatedAt}`)].filter((k) => S.millis(k.slice(k.lastIndexOf("@") + 1)) >= keepFrom)
    return { items, events: out, cursor: JSON.stringify({ v: 1, ...(watermark === undefined ? {} : { watermark }), seen: [...new Set(keep)] }) }
  })

export const get = (ctx: Context, ref: S.Ref, key?: string) =>
  Effect.flatMap(
    ctx.api.graphql<{ readonly repository: { readonly discussion: GqlDiscussion | null } | null }>(documents.one, {
      owner: ref.owner,
      name: ref.repo,
      number: ref.number
    }),
    (r) =>
      r.repository?.discussion === null || r.repository?.discussion === undefined
        ? Effect.fail(S.failure("not-found", `${S.inquiryId(ref)} not found`, { inquiry: S.inquiryId(ref), ...(key === undefined ? {} : { key }) }))
        : Effect.succeed(r.repository.discussion)
  )

export const history = (ctx: Context, ref: S.Ref, source: string) =>
  Effect.gen(function*() {
    const d = yield* get(ctx, ref)
    return { item: item(ref, source, d), events: events(ctx, S.inquiryId(ref), d, yield* allComments(ctx, d)) }
  })

// ---------------------------------------------------------------------------
// writes

export interface Write {
  readonly outcome: "written" | "already-done"
  readonly detail: string
  readonly url?: string
  readonly events: ReadonlyArray<Inquiry.Event>
}

export const findMarked = (ctx: Context, d: GqlDiscussion, key: string) =>
  Effect.map(allComments(ctx, d), (cs) => cs.flatMap((c) => [c, ...(c.replies?.nodes ?? [])]).find((c) => S.hasMarker(c.body, key)))

export const postComment = (ctx: Context, d: GqlDiscussion, body: string) =>
  Effect.map(
    ctx.api.graphql<{ readonly addDiscussionComment: { readonly comment: GqlComment } }>(documents.comment, { discussionId: d.id, body }),
    (r) => r.addDiscussionComment.comment
  )

export const comment = (ctx: Context, ref: S.Ref, key: string, text: string): Effect.Effect<Write, Tracker.TrackerError> =>
  Effect.gen(function*() {
    const inquiry = S.inquiryId(ref)
    const d = yield* get(ctx, ref, key)
    const found = yield* findMarked(ctx, d, key)
    if (found !== undefined)
      return { outcome: "already-done", detail: `comment ${found.id} already carries the marker`, url: found.url, events: commentEvents(ctx, inquiry, found) }
    const c = yield* postComment(ctx, d, `${S.renderText(ctx.roster, text)}\n\n${S.marker(key)}`)
    return { outcome: "written", detail: `posted comment ${c.id}`, url: c.url, events: commentEvents(ctx, inquiry, c) }
  })

const labelId = (ctx: Context, ref: S.Ref, label: string, key: string) =>
  Effect.gen(function*() {
    const r = yield* ctx.api.graphql<{ readonly repository: { readonly label: { readonly id: string } | null } | null }>(documents.label, {
      owner: ref.owner,
      name: ref.repo,
      label
    })
    if (r.repository?.label !== null && r.repository?.label !== undefined) return r.repository.label.id
    // a label used by the process but missing in the repository is created once (REST)
    const created = yield* ctx.api.rest("POST /repos/{owner}/{repo}/labels", { owner: ref.owner, repo: ref.repo, name: label, color: "ededed" })
    const node = (created.data as { readonly node_id?: string } | undefined)?.node_id
    if (node === undefined)
      return yield* Effect.fail(S.failure("invalid-response", `creating label ${label} answered without a node id`, { inquiry: S.inquiryId(ref), key }))
    return node
  })

export const setLabel = (ctx: Context, ref: S.Ref, key: string, label: string, add: boolean): Effect.Effect<Write, Tracker.TrackerError> =>
  Effect.gen(function*() {
    const d = yield* get(ctx, ref, key)
    if (labels(d).includes(label) === add) return { outcome: "already-done", detail: `label ${label} is ${add ? "already there" : "not there"}`, events: [] }
    const id = yield* labelId(ctx, ref, label, key)
    const r = yield* ctx.api.graphql<
      { readonly [k: string]: { readonly labelable: { readonly labels: { readonly nodes: ReadonlyArray<{ readonly name: string }> } | null } | null } }
    >(
      add ? documents.addLabels : documents.removeLabels,
      { labelableId: d.id, labelIds: [id] }
    )
    const now = (Object.values(r)[0]?.labelable?.labels?.nodes ?? []).map((l) => l.name)
    if (now.includes(label) !== add)
      return yield* Effect.fail(
        S.failure(
          "permission",
          `GitHub did not ${add ? "add" : "remove"} label ${label} on ${S.inquiryId(ref)}: the token needs Discussions: write (App: discussions write)`,
          { inquiry: S.inquiryId(ref), key }
        )
      )
    return { outcome: "written", detail: `${add ? "added" : "removed"} label ${label}`, events: [] }
  })

const discussionReason = (
  reason: Action.CloseReason
): "RESOLVED" | "OUTDATED" | "DUPLICATE" => (reason === "stale" ? "OUTDATED" : reason === "duplicate" ? "DUPLICATE" : "RESOLVED")

export const close = (ctx: Context, ref: S.Ref, key: string, reason: Action.CloseReason, staleText: string): Effect.Effect<Write, Tracker.TrackerError> =>
  Effect.gen(function*() {
    const inquiry = S.inquiryId(ref)
    const d = yield* get(ctx, ref, key)
    if (d.closed) return { outcome: "already-done", detail: "already closed", events: [] }
    const out: Array<Inquiry.Event> = []
    if (reason === "stale" && d.category.isAnswerable && d.isAnswered !== true) {
      // VisIt's stale rule: the discussion is marked answered (by a closing note) and closed as outdated
      const found = yield* findMarked(ctx, d, key)
      const note = found ?? (yield* postComment(ctx, d, `${staleText}\n\n${S.marker(key)}`))
      out.push(...commentEvents(ctx, inquiry, note))
      if (!note.isAnswer) yield* ctx.api.graphql(documents.answer, { id: note.id })
    }
    const r = yield* ctx.api.graphql<{ readonly closeDiscussion: { readonly discussion: { readonly closed: boolean } } }>(documents.close, {
      discussionId: d.id,
      reason: discussionReason(reason)
    })
    if (!r.closeDiscussion.discussion.closed)
      return yield* Effect.fail(S.failure("permission", `GitHub did not close ${inquiry}: the token needs Discussions: write`, { inquiry, key }))
    return { outcome: "written", detail: `closed as ${discussionReason(reason)}`, events: out }
  })
