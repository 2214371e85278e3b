/**
 * The Jira Cloud adapter: core's Tracker port and a mention-based Notifier over one jira.js
 * client. Reads: `/myself` (identity, time zone), `POST /search/jql` (sync), comments
 * (offset paging), `POST /changelog/bulkfetch`. Writes: assignee, labels, ADF comments,
 * transitions, issue creation, issue links; each checked for its marker or state first and
 * read back after.
 */
import { Action, type Inquiry, Notifier, Tracker, type Types } from "@sre-uxdd/core"
import { Effect, Option, Stream } from "effect"
import * as Adf from "../Adf.js"
import { type JiraConfig, sourceName, type Source, type Credentials } from "../Config.js"
import { type Client, type Meter, makeClient, type RetryPolicy, type SchemaMismatch } from "./client.js"
import * as M from "./mapping.js"
import { isZone, jqlMinute, parseJiraTime } from "./time.js"

export interface AdapterOptions {
  readonly config: JiraConfig
  readonly credentials: Credentials
  readonly name?: string | undefined
  readonly retry?: Partial<RetryPolicy> | undefined
  readonly onSchemaMismatch?: SchemaMismatch | undefined
}

export interface Adapter {
  readonly tracker: Tracker.Tracker["Service"]
  readonly notifier: Notifier.Notifier["Service"]
}

interface Me {
  readonly accountId: string
  readonly timeZone: string
}

interface CursorState {
  readonly since: number
  readonly seen: { readonly [issueId: string]: number }
}

const defaultCloseTransitions = ["Done", "Resolve this issue", "Resolve", "Close", "Closed", "Close issue"]
const defaultResolutions: { readonly [reason in Action.CloseReason]: string } = {
  resolved: "Done",
  promoted: "Done",
  "known-issue": "Known Error",
  duplicate: "Duplicate",
  stale: "Won't Do"
}
const closeReasons: ReadonlyArray<Action.CloseReason> = ["resolved", "promoted", "known-issue", "duplicate", "stale"]

const fail = (
  reason: Tracker.TrackerError["reason"],
  detail: string,
  extra: { inquiry?: string; key?: string } = {}
): Effect.Effect<never, Tracker.TrackerError> => Effect.fail(new Tracker.TrackerError({ reason, detail, retryable: false, ...extra }))

const withContext = (inquiry: string | undefined, key: string | undefined) => (e: Tracker.TrackerError): Tracker.TrackerError =>
  new Tracker.TrackerError({
    reason: e.reason,
    detail: e.detail,
    retryable: e.retryable,
    ...(e.retryAfter === undefined ? {} : { retryAfter: e.retryAfter }),
    ...(inquiry === undefined ? {} : { inquiry }),
    ...(key === undefined ? {} : { key })
  })

const jqlString = (s: string): string => `"${s.replace(/\\/g, "\\\\").replace(/"/g, "\\\"")}"`

/** The JQL of a source, with an `updated >=` clause when a watermark is known. */
export const sourceJql = (source: Source, since: string | undefined): string => {
  const clauses: Array<string> = []
  if (source.project !== undefined) clauses.push(`project = ${jqlString(source.project)}`)
  if (source.labels !== undefined) clauses.push(`labels in (${source.labels.map(jqlString).join(", ")})`)
  if (source.jql !== undefined) clauses.push(`(${source.jql})`)
  if (since !== undefined) clauses.push(`updated >= ${jqlString(since)}`)
  return `${clauses.join(" AND ")} ORDER BY updated ASC, key ASC`
}

const decodeCursor = (cursor: string | undefined): CursorState | undefined => {
  if (cursor === undefined) return undefined
  try {
    const v = JSON.parse(cursor) as { v?: unknown; since?: unknown; seen?: unknown }
    if (v.v === 1 && typeof v.since === "number" && v.seen !== null && typeof v.seen === "object")
      return { since: v.since, seen: v.seen as CursorState["seen"] }
  } catch {
    // fall through
  }
  throw new M.MappingError(`cursor: expected a cursor written by the Jira adapter, got ${JSON.stringify(cursor.slice(0, 40))}`)
}

const encodeCursor = (s: CursorState): string => JSON.stringify({ v: 1, since: s.since, seen: s.seen })

const mapped = <A>(what: string, f: () => A): Effect.Effect<A, Tracker.TrackerError> =>
  Effect.try({
    try: f,
    catch: (e) =>
      new Tracker.TrackerError({ reason: "invalid-response", detail: e instanceof M.MappingError ? e.detail : `${what}: ${String(e)}`, retryable: false })
  })

export const makeAdapter = (options: AdapterOptions): Adapter => {
  const { config, credentials } = options
  const name = options.name ?? "jira"
  const client: Client = makeClient(
    credentials,
    options.retry === undefined
      ? undefined
      : { maxAttempts: options.retry.maxAttempts ?? 4, initialDelayMs: options.retry.initialDelayMs ?? 1000, maxDelayMs: options.retry.maxDelayMs ?? 60_000 },
    options.onSchemaMismatch ?? "warn"
  )
  const margin = (config.marginMinutes ?? 2) * 60_000
  const pageSize = config.pageSize ?? 100
  const sources = new Map(config.sources.map((s) => [sourceName(s), s] as const))
  const members = new Map(config.roster.map((r) => [r.accountId, r.member] as const))
  const accounts = new Map(config.roster.map((r) => [r.member as string, r.accountId] as const))
  const resolutionOf = (reason: Action.CloseReason): string => config.resolutions?.[reason] ?? defaultResolutions[reason]
  const reasonOfResolution = new Map<string, Inquiry.CloseReason>()
  for (const r of closeReasons) {
    const res = resolutionOf(r)
    if (!reasonOfResolution.has(res)) reasonOfResolution.set(res, r === "duplicate" ? "duplicate" : r === "stale" ? "stale" : "resolved")
  }
  const projectTypes = new Map<string, boolean>()

  let me: Me | undefined
  const whoami = (meter: Meter): Effect.Effect<Me, Tracker.TrackerError> =>
    me !== undefined
      ? Effect.succeed(me)
      : client.call(meter, "GET /rest/api/3/myself", (api) => api.myself.getCurrentUser()).pipe(
        Effect.mapError((e) => (e.reason === "permission"
          ? new Tracker.TrackerError({
            reason: "permission",
            detail: "the Jira credentials were rejected by /rest/api/3/myself (check the site URL, e-mail and token)",
            retryable: false
          })
          : e)
        ),
        Effect.flatMap((u) => {
          const user = u as { accountId?: string; timeZone?: string }
          if (user.accountId === undefined)
            return fail("permission", "/rest/api/3/myself answered without an accountId: the request was treated as anonymous")
          const zone = user.timeZone !== undefined && isZone(user.timeZone) ? user.timeZone : "UTC"
          me = { accountId: user.accountId, timeZone: zone }
          return Effect.succeed(me)
        })
      )

  const ctxOf = (m: Me): M.Context => ({
    members,
    self: m.accountId,
    site: credentials.site,
    closeReasonOf: (r) => reasonOfResolution.get(r) ?? "resolved",
    workflowStatusOf: (s) => (/waiting for (customer|reporter)/i.test(s) ? "waiting-on-reporter" : /in progress/i.test(s) ? "in-progress" : undefined),
    productProject: config.product?.project
  })

  const mentions: Adf.Mentions = (member) => {
    const accountId = accounts.get(member)
    return accountId === undefined ? undefined : { accountId, text: `@${member}` }
  }

  const sourceOf = (issue: M.JIssue): string => {
    const project = issue.fields?.project?.key
    const labels = issue.fields?.labels ?? []
    for (const [n, s] of sources) {
      if ((s.project === undefined || s.project === project) && (s.labels === undefined || s.labels.some((l) => labels.includes(l)))) return n
    }
    return [...sources.keys()][0] ?? name
  }

  // --- reads -------------------------------------------------------------------------

  const getIssue = (meter: Meter, key: string, fields: ReadonlyArray<string>): Effect.Effect<M.JIssue, Tracker.TrackerError> =>
    client.call(meter, `GET /rest/api/3/issue/${key}`, (api) => api.issues.getIssue({ issueIdOrKey: key, fields: [...fields] })).pipe(
      Effect.map((i) => i as unknown as M.JIssue)
    )

  const allComments = (meter: Meter, key: string): Effect.Effect<ReadonlyArray<M.JComment>, Tracker.TrackerError> =>
    Effect.gen(function*() {
      const out: Array<M.JComment> = []
      for (;;) {
        const page = (yield* client.call(meter, `GET /rest/api/3/issue/${key}/comment`, (api) =>
          api.issueComments.getComments({ issueIdOrKey: key, startAt: out.length, maxResults: 5000, orderBy: "created" }))) as unknown as {
            comments?: ReadonlyArray<M.JComment>
            total?: number
          }
        const comments = page.comments ?? []
        out.push(...comments)
        if (comments.length === 0 || out.length >= (page.total ?? 0))
          return out
      }
    })

  const changelogs = (meter: Meter, ids: ReadonlyArray<string>): Effect.Effect<ReadonlyMap<string, ReadonlyArray<M.JHistory>>, Tracker.TrackerError> =>
    Effect.gen(function*() {
      const out = new Map<string, Array<M.JHistory>>()
      for (let i = 0; i < ids.length; i += 1000) {
        const chunk = ids.slice(i, i + 1000)
        let token: string | undefined
        do {
          const t = token
          const page = (yield* client.call(meter, "POST /rest/api/3/changelog/bulkfetch", (api) =>
            api.issues.getBulkChangelogs({ issueIdsOrKeys: [...chunk], maxResults: 1000, ...(t === undefined ? {} : { nextPageToken: t }) }))) as unknown as {
              issueChangeLogs?: ReadonlyArray<{ issueId?: string; changeHistories?: ReadonlyArray<M.JHistory> }>
              nextPageToken?: string | null
            }
          for (const l of page.issueChangeLogs ?? []) {
            if (l.issueId === undefined)
              continue
            const list = out.get(l.issueId) ?? []
            list.push(...(l.changeHistories ?? []))
            out.set(l.issueId, list)
          }
          token = page.nextPageToken ?? undefined
        } while (token !== undefined)
      }
      return out
    })

  const eventsOfIssue = (
    ctx: M.Context,
    issue: M.JIssue,
    comments: ReadonlyArray<M.JComment>,
    histories: ReadonlyArray<M.JHistory>
  ): ReadonlyArray<Inquiry.Event> => [
    M.openedOf(ctx, issue),
    ...comments.map((c) => M.commentEventOf(ctx, issue, c)),
    ...histories.flatMap((h) => M.historyEventsOf(ctx, issue.key ?? "", h))
  ]

  const remember = (issue: M.JIssue): void => {
    const p = issue.fields?.project
    if (p?.key !== undefined && p.projectTypeKey !== undefined) projectTypes.set(p.key, p.projectTypeKey === "service_desk")
  }

  // --- sync ----------------------------------------------------------------------------

  interface PageState {
    readonly token: string | undefined
    readonly state: CursorState
  }

  const changes = (source: string, cursor: Tracker.Cursor | undefined): Stream.Stream<Tracker.Page, Tracker.TrackerError> => {
    const src = sources.get(source)
    if (src === undefined)
      return Stream.fail(
        new Tracker.TrackerError({
          reason: "invalid-request",
          detail: `source ${JSON.stringify(source)} is not configured (sources: ${[...sources.keys()].join(", ")})`,
          retryable: false
        })
      )
    return Stream.unwrap(
      Effect.gen(function*() {
        const meter: Meter = { requests: 0 }
        const prev = yield* mapped("cursor", () => decodeCursor(cursor))
        const m = yield* whoami(meter)
        const ctx = ctxOf(m)
        const jql = sourceJql(src, prev === undefined ? undefined : jqlMinute(prev.since - margin, m.timeZone))
        const initial: PageState = { token: undefined, state: prev ?? { since: 0, seen: {} } }
        return Stream.paginate(initial, (s: PageState) => fetchPage(ctx, source, jql, s))
      })
    )
  }

  /**
   * One step of a sync: search pages until about 1,000 changed issues (or the last page),
   * then the comments that were not embedded and one changelog bulk fetch for all of them
   * (it takes 1,000 issues), then one `Page` per search page, each with its own cursor.
   */
  const fetchPage = (
    ctx: M.Context,
    source: string,
    jql: string,
    s: PageState
  ): Effect.Effect<readonly [ReadonlyArray<Tracker.Page>, Option.Option<PageState>], Tracker.TrackerError> =>
    Effect.gen(function*() {
      const meter: Meter = { requests: 0 }
      const updatedOf = (i: M.JIssue): number => parseJiraTime(i.fields?.updated)
      const batch: Array<{ readonly changed: ReadonlyArray<M.JIssue>; readonly state: CursorState }> = []
      let state = s.state
      let token = s.token
      let last = false
      let changedCount = 0
      while (!last && changedCount + pageSize <= 1000) {
        const t = token
        const res = (yield* client.call(meter, "POST /rest/api/3/search/jql", (api) =>
          api.issueSearch.searchAndReconsileIssuesUsingJqlPost({
            jql,
            fields: [...M.syncFields],
            maxResults: pageSize,
            ...(t === undefined ? {} : { nextPageToken: t })
          }))) as unknown as {
            issues?: ReadonlyArray<M.JIssue>
            nextPageToken?: string | null
            isLast?: boolean
          }
        const issues = res.issues ?? []
        const before = state
        const changed = issues.filter((i) => i.id !== undefined && before.seen[i.id] !== updatedOf(i))
        changed.forEach(remember)
        changedCount += changed.length
        let since = state.since
        for (const i of issues)
          since = Math.max(since, updatedOf(i))
        const seen: { [id: string]: number } = {}
        for (const [id, u] of Object.entries(state.seen))
          if (u >= since - margin)
            seen[id] = u
        for (const i of issues)
          if (i.id !== undefined && updatedOf(i) >= since - margin) seen[i.id] = updatedOf(i)
        state = { since, seen }
        batch.push({ changed, state })
        last = !(res.isLast === false && typeof res.nextPageToken === "string")
        token = last ? undefined : (res.nextPageToken ?? undefined)
      }
      const all = batch.flatMap((b) => b.changed)
      const comments = new Map<string, ReadonlyArray<M.JComment>>()
      for (const i of all) {
        const embedded = i.fields?.comment?.comments ?? []
        comments.set(i.key ?? "", (i.fields?.comment?.total ?? 0) > embedded.length ? yield* allComments(meter, i.key ?? "") : embedded)
      }
      const histories = all.length === 0 ? new Map<string, ReadonlyArray<M.JHistory>>() : yield* changelogs(meter, all.map((i) => i.id ?? ""))
      const pages = yield* mapped("search page", () =>
        batch.map((b): Tracker.Page => ({
          items: b.changed.map((i) => M.itemOf(ctx, i, source)),
          events: b.changed.flatMap((i) => eventsOfIssue(ctx, i, comments.get(i.key ?? "") ?? [], histories.get(i.id ?? "") ?? [])),
          cursor: encodeCursor(b.state)
        })))
      const next = token === undefined ? Option.none() : Option.some({ token, state })
      return [pages, next] as const
    })

  // --- history -----------------------------------------------------------------------------

  const history = (inquiry: Types.InquiryId) =>
    Effect.gen(function*() {
      const meter: Meter = { requests: 0 }
      const m = yield* whoami(meter)
      const ctx = ctxOf(m)
      const issue = yield* getIssue(meter, inquiry, M.syncFields)
      remember(issue)
      const embedded = issue.fields?.comment?.comments ?? []
      const comments = (issue.fields?.comment?.total ?? 0) > embedded.length ? yield* allComments(meter, inquiry) : embedded
      const histories = (yield* changelogs(meter, [issue.id ?? inquiry])).get(issue.id ?? "") ?? []
      return yield* mapped(
        `history of ${inquiry}`,
        () => ({ item: M.itemOf(ctx, issue, sourceOf(issue)), events: eventsOfIssue(ctx, issue, comments, histories) })
      )
    }).pipe(Effect.mapError(withContext(inquiry, undefined)))

  const capabilities = (_inquiry: Types.InquiryId | undefined): Tracker.Capabilities => ({
    assign: true,
    labels: true,
    internalComments: true,
    closeReasons,
    createIssue: config.product !== undefined,
    openInquiry: config.sources.some((s) => s.project !== undefined)
  })

  // --- writes --------------------------------------------------------------------------------

  const receipt = (
    action: { readonly key: string; readonly _tag: string },
    now: number,
    meter: Meter,
    outcome: Tracker.Receipt["outcome"],
    detail: string,
    events: ReadonlyArray<Inquiry.Event>,
    extra: { url?: string; reference?: string } = {}
  ): Tracker.Receipt => ({
    key: action.key,
    action: action._tag,
    outcome,
    executedAt: now,
    detail,
    requests: meter.requests,
    events: [...events],
    ...extra
  })

  const accountOf = (member: string, key: string): Effect.Effect<string, Tracker.TrackerError> => {
    const a = accounts.get(member)
    return a === undefined ? fail("invalid-request", `member ${member} has no Jira accountId in the roster`, { key }) : Effect.succeed(a)
  }

  const isServiceDeskProject = (meter: Meter, key: string): Effect.Effect<boolean, Tracker.TrackerError> => {
    const project = key.replace(/-\d+$/, "")
    const known = projectTypes.get(project)
    if (known !== undefined) return Effect.succeed(known)
    return client.call(meter, `GET /rest/api/3/project/${project}`, (api) => api.projects.getProject({ projectIdOrKey: project })).pipe(
      Effect.map((p) => {
        const sd = (p as { projectTypeKey?: string }).projectTypeKey === "service_desk"
        projectTypes.set(project, sd)
        return sd
      })
    )
  }

  /** The adapter's comments on an issue with their marker (one list request, one by-ids request). */
  const markedComments = (
    meter: Meter,
    m: Me,
    key: string
  ): Effect.Effect<ReadonlyArray<{ readonly comment: M.JComment; readonly marker: string | undefined }>, Tracker.TrackerError> =>
    Effect.gen(function*() {
      const mine = (yield* allComments(meter, key)).filter((c) => c.author?.accountId === m.accountId && c.id !== undefined)
      if (mine.length === 0) return []
      const out: Array<{ comment: M.JComment; marker: string | undefined }> = []
      for (let i = 0; i < mine.length; i += 1000) {
        const ids = mine.slice(i, i + 1000).map((c) => Number(c.id))
        const page = (yield* client.call(meter, "POST /rest/api/3/comment/list", (api) =>
          api.issueComments.getCommentsByIds({ ids, expand: "properties" }))) as unknown as { values?: ReadonlyArray<M.JComment> }
        for (const c of page.values ?? [])
          out.push({ comment: c, marker: M.markerOf(c) })
      }
      return out
    })

  const postComment = (
    meter: Meter,
    m: Me,
    key: string,
    actionKey: string,
    text: string,
    visibility: Action.Visibility
  ): Effect.Effect<{ readonly done: boolean; readonly events: ReadonlyArray<Inquiry.Event> }, Tracker.TrackerError> =>
    Effect.gen(function*() {
      const ctx = ctxOf(m)
      const existing = (yield* markedComments(meter, m, key)).find((c) => c.marker === actionKey)
      const issueRef: M.JIssue = {
        key,
        fields: { project: { key: key.replace(/-\d+$/, ""), projectTypeKey: (yield* isServiceDeskProject(meter, key)) ? "service_desk" : "software" } }
      }
      if (existing !== undefined) return { done: true as const, events: [M.commentEventOf(ctx, issueRef, existing.comment)] }
      const doc = Adf.fromMarkdown(text, mentions)
      const sd = issueRef.fields?.project?.projectTypeKey === "service_desk"
      const internal = visibility === "internal"
      const properties = [{ key: M.markerKey, value: { key: actionKey } }, ...(sd && internal ? [{ key: "sd.public.comment", value: { internal: true } }] : [])]
      const created = (yield* client.call(meter, `POST /rest/api/3/issue/${key}/comment`, (api) =>
        api.issueComments.addComment({
          issueIdOrKey: key,
          body: doc as never,
          properties,
          ...(!sd && internal ? { visibility: config.internalVisibility ?? { type: "role", value: "Administrators" } } : {})
        }))) as unknown as M.JComment
      if (created.id === undefined) return yield* fail("invalid-response", `the comment on ${key} came back without an id`)
      const event = M.commentEventOf(ctx, issueRef, created)
      if (event.type === "commented" && event.visibility !== visibility)
        return yield* fail("permission", `the comment on ${key} was stored ${event.visibility}, not ${visibility}`)
      return { done: false as const, events: [event] }
    })

  /** The newest change history entry by the adapter on an issue that has an item matching `match`. */
  const readBack = (
    meter: Meter,
    m: Me,
    issueId: string,
    key: string,
    match: (item: M.JItem) => boolean
  ): Effect.Effect<ReadonlyArray<Inquiry.Event> | undefined, Tracker.TrackerError> =>
    changelogs(meter, [issueId]).pipe(
      Effect.flatMap((byIssue) => {
        const hs = [...(byIssue.get(issueId) ?? [])].reverse()
        const h = hs.find((x) => x.author?.accountId === m.accountId && (x.items ?? []).some(match))
        return h === undefined ? Effect.succeed(undefined) : mapped("change history", () => M.historyEventsOf(ctxOf(m), key, h))
      })
    )

  const assign = (
    meter: Meter,
    m: Me,
    key: string,
    member: string,
    actionKey: string
  ): Effect.Effect<{ readonly done: boolean; readonly events: ReadonlyArray<Inquiry.Event> }, Tracker.TrackerError> =>
    Effect.gen(function*() {
      const accountId = yield* accountOf(member, actionKey)
      const issue = yield* getIssue(meter, key, ["assignee"])
      if (issue.fields?.assignee?.accountId === accountId) return { done: true, events: [] }
      yield* client.call(meter, `PUT /rest/api/3/issue/${key}/assignee`, (api) => api.issues.assignIssue({ issueIdOrKey: key, accountId }))
      const events = yield* readBack(meter, m, issue.id ?? key, key, (i) => (i.fieldId ?? i.field) === "assignee" && i.to === accountId)
      if (events === undefined)
        return yield* fail(
          "permission",
          `the assignment of ${key} to ${member} did not take (no change recorded): the account may lack the Assign issues permission`
        )
      return { done: false, events: events.filter((e) => e.type === "assigned") }
    })

  const label = (meter: Meter, key: string, name: string, add: boolean): Effect.Effect<boolean, Tracker.TrackerError> =>
    Effect.gen(function*() {
      if (/\s/.test(name)) return yield* fail("invalid-request", `label ${JSON.stringify(name)}: Jira labels cannot contain spaces`)
      const before = yield* getIssue(meter, key, ["labels"])
      if ((before.fields?.labels ?? []).includes(name) === add) return true
      yield* client.call(meter, `PUT /rest/api/3/issue/${key}`, (api) =>
        api.issues.editIssue({ issueIdOrKey: key, update: { labels: [add ? { add: name } : { remove: name }] } }))
      const after = yield* getIssue(meter, key, ["labels"])
      if ((after.fields?.labels ?? []).includes(name) !== add)
        return yield* fail("permission", `the label change ${add ? "+" : "-"}${name} on ${key} did not take: the account may lack the Edit issues permission`)
      return false
    })

  const close = (
    meter: Meter,
    m: Me,
    key: string,
    reason: Action.CloseReason
  ): Effect.Effect<{ readonly done: boolean; readonly events: ReadonlyArray<Inquiry.Event>; readonly detail: string }, Tracker.TrackerError> =>
    Effect.gen(function*() {
      const issue = yield* getIssue(meter, key, ["status"])
      if (issue.fields?.status?.statusCategory?.key === "done")
        return { done: true, events: [], detail: `${key} is already ${issue.fields.status.name ?? "done"}` }
      const ts = (yield* client.call(meter, `GET /rest/api/3/issue/${key}/transitions`, (api) =>
        api.issues.getTransitions({ issueIdOrKey: key, expand: "transitions.fields" }))) as unknown as {
          transitions?: ReadonlyArray<
            {
              id?: string
              name?: string
              to?: { statusCategory?: { key?: string } }
              fields?: { [f: string]: { required?: boolean; allowedValues?: ReadonlyArray<{ name?: string }> } }
            }
          >
        }
      const toDone = (ts.transitions ?? []).filter((t) =>
        t.to?.statusCategory?.key === "done"
      )
      const names = config.closeTransitions ?? defaultCloseTransitions
      const t = names.map((n) =>
        toDone.find((x) =>
          x.name?.toLowerCase() === n.toLowerCase()
        )
      ).find((x) => x !== undefined) ?? toDone[0]
      if (t?.id === undefined) return yield* fail("unsupported", `${key}: the workflow offers no transition to a done status (tried ${names.join(", ")})`)
      const res = t.fields?.["resolution"]
      const wanted = resolutionOf(reason)
      const allowed = (res?.allowedValues ?? []).map((v) => v.name).filter((n): n is string => n !== undefined)
      const resolution = res === undefined ? undefined : allowed.includes(wanted) ? wanted : allowed.includes("Done") ? "Done" : allowed[0]
      if (res?.required === true && resolution === undefined)
        return yield* fail("unsupported", `${key}: transition ${t.name} requires a resolution and offers none`)
      const id = t.id
      yield* client.call(meter, `POST /rest/api/3/issue/${key}/transitions`, (api) =>
        api.issues.doTransition({
          issueIdOrKey: key,
          transition: { id },
          ...(resolution === undefined ? {} : { fields: { resolution: { name: resolution } } })
        }))
      const events = yield* readBack(meter, m, issue.id ?? key, key, (i) => (i.fieldId ?? i.field) === "status" || (i.fieldId ?? i.field) === "resolution")
      if (events === undefined)
        return yield* fail("permission", `the transition of ${key} did not take`)
      return {
        done: false,
        events: events.filter((e) => e.type === "closed"),
        detail: `${key}: ${t.name}${resolution === undefined ? "" : ` (resolution ${resolution})`}`
      }
    })

  /** An issue the adapter created for an action, found by its marker label and confirmed by its marker property. */
  const createdFor = (meter: Meter, project: string, actionKey: string): Effect.Effect<M.JIssue | undefined, Tracker.TrackerError> =>
    client
      .call(meter, "POST /rest/api/3/search/jql", (api) =>
        api.issueSearch.searchAndReconsileIssuesUsingJqlPost({
          jql: `project = ${jqlString(project)} AND labels = ${jqlString(M.markerLabel(actionKey))} ORDER BY created ASC`,
          fields: ["summary", "created", "reporter", "assignee", "labels", "project", "priority", "description"],
          properties: [M.markerKey],
          maxResults: 10
        }))
      .pipe(
        Effect.map((r) =>
          ((r as unknown as { issues?: ReadonlyArray<M.JIssue & { properties?: { [k: string]: { key?: string } } }> }).issues ?? []).find((i) =>
            i.properties?.[M.markerKey]?.key === actionKey
          )
        )
      )

  const createIssue = (
    meter: Meter,
    project: string,
    actionKey: string,
    fields: { readonly [k: string]: unknown },
    inquiry: string
  ): Effect.Effect<{ readonly key: string; readonly created: boolean }, Tracker.TrackerError> =>
    Effect.gen(function*() {
      const existing = yield* createdFor(meter, project, actionKey)
      if (existing?.key !== undefined) return { key: existing.key, created: false }
      const labels = [...((fields["labels"] as ReadonlyArray<string> | undefined) ?? []), M.markerLabel(actionKey)]
      const bad = labels.find((l) => /\s/.test(l) || l === "")
      if (bad !== undefined) return yield* fail("invalid-request", `label ${JSON.stringify(bad)}: Jira labels cannot contain spaces`)
      const r = yield* client.call(meter, "POST /rest/api/3/issue", (api) =>
        api.issues.createIssue({
          fields: { ...fields, project: { key: project }, labels },
          properties: [{ key: M.markerKey, value: { key: actionKey, inquiry } }]
        }))
      const key = (r as { key?: string }).key
      if (key === undefined)
        return yield* fail("invalid-response", "the created issue came back without a key")
      return { key, created: true }
    })

  const execute = (action: Tracker.TrackerAction, now: Types.Millis): Effect.Effect<Tracker.Receipt, Tracker.TrackerError> =>
    Effect.gen(function*() {
      const meter: Meter = { requests: 0 }
      const m = yield* whoami(meter)
      switch (action._tag) {
        case "Assign":
        case "CarryOver": {
          const member = action._tag === "Assign" ? action.assignee : action.member
          const r = yield* assign(meter, m, action.inquiry, member, action.key)
          const events: Array<Inquiry.Event> = [...r.events]
          if (action._tag === "CarryOver") {
            events.push({
              type: "carried-over",
              id: `action:${action.key}`,
              inquiry: action.inquiry,
              at: new Date(now).toISOString(),
              actor: action.member,
              member: action.member,
              ...(action.until === undefined ? {} : { until: new Date(action.until).toISOString() })
            })
          }
          return receipt(
            action,
            now,
            meter,
            r.done && action._tag === "Assign" ? "already-done" : "written",
            r.done ? `${action.inquiry} is assigned to ${member}` : `assigned ${action.inquiry} to ${member}`,
            events,
            { url: `${credentials.site}/browse/${action.inquiry}` }
          )
        }
        case "AddLabel":
        case "RemoveLabel": {
          const add = action._tag === "AddLabel"
          const done = yield* label(meter, action.inquiry, action.label, add)
          return receipt(action, now, meter, done ? "already-done" : "written", `${add ? "+" : "-"}${action.label} on ${action.inquiry}`, [])
        }
        case "Comment": {
          const text = action.issueFrom !== undefined && action.text.includes("{issue}")
            ? yield* substituteIssue(meter, action.text, action.issueFrom)
            : action.text
          const r = yield* postComment(meter, m, action.inquiry, action.key, text, action.visibility)
          return receipt(action, now, meter, r.done ? "already-done" : "written", `${action.visibility} comment on ${action.inquiry}`, r.events, {
            url: `${credentials.site}/browse/${action.inquiry}`
          })
        }
        case "Close": {
          const r = yield* close(meter, m, action.inquiry, action.reason)
          return receipt(action, now, meter, r.done ? "already-done" : "written", r.detail, r.events)
        }
        case "CreateIssue":
          return yield* promote(meter, m, action, now)
        case "UpdateIssue": {
          const r = yield* postComment(meter, m, action.issue, action.key, action.text, "public")
          for (const l of action.addLabels) yield* label(meter, action.issue, l, true)
          for (const l of action.removeLabels) yield* label(meter, action.issue, l, false)
          return receipt(action, now, meter, r.done ? "already-done" : "written", `updated ${action.issue}`, [], {
            reference: action.issue,
            url: `${credentials.site}/browse/${action.issue}`
          })
        }
        case "OpenInquiry":
          return yield* openInquiry(meter, m, action, now)
      }
    }).pipe(Effect.mapError(withContext(Action.about(action), action.key)))

  const substituteIssue = (meter: Meter, text: string, fromKey: string): Effect.Effect<string, Tracker.TrackerError> =>
    Effect.gen(function*() {
      const product = config.product
      if (product === undefined) return yield* fail("unsupported", "no product project is configured")
      const issue = yield* createdFor(meter, product.project, fromKey)
      if (issue?.key === undefined) return yield* fail("conflict", `the issue of action ${fromKey} has not been created yet`)
      return text.split("{issue}").join(issue.key)
    })

  const promote = (
    meter: Meter,
    m: Me,
    action: Extract<Tracker.TrackerAction, { _tag: "CreateIssue" }>,
    now: number
  ): Effect.Effect<Tracker.Receipt, Tracker.TrackerError> =>
    Effect.gen(function*() {
      const product = config.product
      if (product === undefined) return yield* fail("unsupported", "no product project is configured (tracker.product.project)")
      const supportUrl = action.draft.supportUrl ?? `${credentials.site}/browse/${action.inquiry}`
      const description = Adf.fromMarkdown(`${action.draft.body}\n\nSupport item: ${action.inquiry} (${supportUrl})`, mentions)
      const r = yield* createIssue(meter, product.project, action.key, {
        summary: action.draft.title,
        issuetype: { name: product.issueType ?? "Task" },
        description,
        labels: action.draft.labels
      }, action.inquiry)
      const support = yield* getIssue(meter, action.inquiry, ["issuelinks"])
      const linked = (support.fields?.issuelinks ?? []).some((l) => l.inwardIssue?.key === r.key || l.outwardIssue?.key === r.key)
      if (!linked) {
        yield* client.call(meter, "POST /rest/api/3/issueLink", (api) =>
          api.issueLinks.linkIssues({ type: { name: product.linkType ?? "Relates" }, inwardIssue: { key: action.inquiry }, outwardIssue: { key: r.key } }))
      }
      const events = (yield* readBack(meter, m, support.id ?? action.inquiry, action.inquiry, (i) =>
        (i.field === "Link" || i.fieldId === "issuelinks") && i.to === r.key)) ?? []
      const promoted = events.filter((e) =>
        e.type === "promoted"
      )
      if (promoted.length === 0)
        return yield* fail("permission", `the link from ${action.inquiry} to ${r.key} did not take (no change recorded)`)
      return receipt(
        action,
        now,
        meter,
        r.created || !linked ? "written" : "already-done",
        `${r.created ? "created" : "found"} ${r.key}${linked ? "" : `, linked (${product.linkType ?? "Relates"})`}`,
        promoted,
        { reference: r.key, url: `${credentials.site}/browse/${r.key}` }
      )
    })

  const openInquiry = (
    meter: Meter,
    m: Me,
    action: Extract<Tracker.TrackerAction, { _tag: "OpenInquiry" }>,
    now: number
  ): Effect.Effect<Tracker.Receipt, Tracker.TrackerError> =>
    Effect.gen(function*() {
      const src = config.sources.find((s) => s.project !== undefined)
      if (src?.project === undefined) return yield* fail("unsupported", "no source has a project to open inquiries in")
      const accountId = yield* accountOf(action.assignee, action.key)
      const who = `${action.reporter.name}${action.reporter.handle === undefined ? "" : ` (${action.reporter.handle})`}`
      const description = Adf.fromMarkdown(`${action.body}\n\nOpened on behalf of ${who}, who wrote via ${action.channel}.`, mentions)
      const r = yield* createIssue(meter, src.project, action.key, {
        summary: action.title,
        issuetype: { name: "Task" },
        description,
        labels: src.labels?.slice(0, 1) ?? [],
        assignee: { accountId }
      }, action.contact)
      const issue = yield* getIssue(meter, r.key, M.syncFields)
      const ctx = ctxOf(m)
      if (issue.fields?.assignee?.accountId !== accountId) return yield* fail("permission", `${r.key} was created without its assignee ${action.assignee}`)
      const opened = yield* mapped("created issue", () => M.openedOf(ctx, issue))
      const events: ReadonlyArray<Inquiry.Event> = [
        { ...opened, reporter: `contact:${action.contact}`, channel: action.channel } as Inquiry.Event,
        { type: "assigned", id: "opened:assignee", inquiry: r.key as Types.InquiryId, at: opened.at, actor: opened.actor, to: action.assignee }
      ]
      return receipt(action, now, meter, r.created ? "written" : "already-done", `${r.created ? "opened" : "found"} ${r.key} for ${who}`, events, {
        reference: r.key,
        url: `${credentials.site}/browse/${r.key}`
      })
    })

  const cost = (action: Tracker.TrackerAction): number => {
    switch (action._tag) {
      case "Assign":
      case "CarryOver":
        return 3
      case "AddLabel":
      case "RemoveLabel":
        return 3
      case "Comment":
        return 4
      case "Close":
        return 4
      case "CreateIssue":
        return 6
      case "UpdateIssue":
        return 4 + 3 * (action.addLabels.length + action.removeLabels.length)
      case "OpenInquiry":
        return 3
    }
  }

  const tracker: Tracker.Tracker["Service"] = { name, sources: [...sources.keys()], changes, history, capabilities, execute, cost }

  const notifier: Notifier.Notifier["Service"] = {
    deliver: (action, now) => {
      if (action._tag !== "Notify" || action.inquiry === undefined) {
        return Effect.fail(
          new Notifier.NotifierError({
            reason: "unsupported-channel",
            detail: action._tag === "Notify"
              ? `the Jira notifier mentions members on an item; ${action.key} names none`
              : `the Jira notifier cannot reach ${action.recipient.name} via ${action.channel}`,
            retryable: false,
            key: action.key
          })
        )
      }
      const inquiry = action.inquiry
      if (!accounts.has(action.member))
        return Effect.fail(
          new Notifier.NotifierError({
            reason: "unknown-recipient",
            detail: `member ${action.member} has no Jira accountId in the roster`,
            retryable: false,
            key: action.key
          })
        )
      return Effect.gen(function*() {
        const meter: Meter = { requests: 0 }
        const m = yield* whoami(meter)
        const r = yield* postComment(meter, m, inquiry, action.key, `${Tracker.mention(action.member)} ${action.text}`, "internal")
        return receipt(action, now, meter, "delivered", `${r.done ? "already mentioned" : "mentioned"} ${action.member} on ${inquiry}`, r.events, {
          url: `${credentials.site}/browse/${inquiry}`
        })
      }).pipe(
        Effect.mapError((e) =>
          new Notifier.NotifierError({
            reason: e.reason === "rate-limited" || e.reason === "unavailable" ? "unavailable" : e.reason === "not-found" ? "unknown-recipient" : "rejected",
            detail: e.detail,
            retryable: e.retryable,
            key: action.key
          })
        )
      )
    }
  }
  return { tracker, notifier }
}
