/**
 * Pure mapping of Jira's JSON (issues, comments, change histories) onto core's `Item` and
 * `Inquiry` events. Event ids are stable: `opened`, `comment:<id>`, `history:<id>:<field>`,
 * so a store keeps each event once however often it is synced.
 */
import type { Inquiry, Tracker, Types } from "@sre-uxdd/core"
import * as Adf from "../Adf.js"
import { iso, parseJiraTime } from "./time.js"

export interface JUser {
  readonly accountId?: string | undefined
  readonly accountType?: string | undefined
  readonly displayName?: string | undefined
}
export interface JComment {
  readonly id?: string | undefined
  readonly author?: JUser | undefined
  readonly created?: string | Date | undefined
  readonly body?: unknown
  readonly jsdPublic?: boolean | undefined
  readonly visibility?: { readonly type?: string; readonly value?: string } | undefined
  readonly properties?: ReadonlyArray<{ readonly key?: string; readonly value?: unknown }> | undefined
}
export interface JItem {
  readonly field?: string | undefined
  readonly fieldId?: string | undefined
  readonly from?: string | null | undefined
  readonly fromString?: string | null | undefined
  readonly to?: string | null | undefined
  readonly toString?: string | null | undefined
}
export interface JHistory {
  readonly id?: string | undefined
  readonly author?: JUser | undefined
  readonly created?: string | Date | undefined
  readonly items?: ReadonlyArray<JItem> | undefined
}
export interface JFields {
  readonly summary?: string
  readonly description?: unknown
  readonly status?: { readonly name?: string; readonly statusCategory?: { readonly key?: string } }
  readonly labels?: ReadonlyArray<string>
  readonly assignee?: JUser | null
  readonly reporter?: JUser | null
  readonly created?: string | Date
  readonly updated?: string | Date
  readonly project?: { readonly key?: string; readonly projectTypeKey?: string }
  readonly priority?: { readonly name?: string } | null
  readonly comment?: { readonly comments?: ReadonlyArray<JComment>; readonly total?: number }
  readonly issuelinks?: ReadonlyArray<{ readonly inwardIssue?: { readonly key?: string }; readonly outwardIssue?: { readonly key?: string } }>
}
export interface JIssue {
  readonly id?: string
  readonly key?: string
  readonly fields?: JFields
}

/** The fields the adapter asks for: only these (a search without fields returns ids only). */
export const syncFields: ReadonlyArray<string> = [
  "summary",
  "description",
  "status",
  "labels",
  "assignee",
  "reporter",
  "created",
  "updated",
  "project",
  "priority",
  "comment"
]

export interface Context {
  /** Roster accountId to member id. */
  readonly members: ReadonlyMap<string, Types.MemberId>
  /** The adapter's own accountId (its comments are a bot's). */
  readonly self: string
  readonly site: string
  /** Resolution name to close reason (others are `resolved`). */
  readonly closeReasonOf: (resolution: string) => Inquiry.CloseReason
  /** Status name to workflow status, when the team maps it. */
  readonly workflowStatusOf: (status: string) => Inquiry.WorkflowStatus | undefined
  readonly productProject: string | undefined
}

/** A Jira account as an actor: the member id for the roster, `jira:<accountId>[bot]` for apps and the adapter itself. */
export const actorOf = (ctx: Context, user: JUser | null | undefined): string => {
  const id = user?.accountId
  if (id === undefined || id === "") return "jira:unknown"
  const member = ctx.members.get(id)
  if (member !== undefined) return member
  return user?.accountType === "app" || id === ctx.self ? `jira:${id}[bot]` : `jira:${id}`
}

const millis = (text: unknown, what: string): number => {
  const t = parseJiraTime(text)
  if (Number.isNaN(t)) throw new MappingError(`${what}: expected a Jira timestamp, got ${JSON.stringify(text)}`)
  return t
}

/** Jira sent something the mapping cannot read. */
export class MappingError {
  constructor(readonly detail: string) {}
}

export const isServiceDesk = (issue: JIssue): boolean => issue.fields?.project?.projectTypeKey === "service_desk"

/** Where a comment can be read: JSM's public/internal flag on service desks, restricted visibility elsewhere. */
export const commentVisibility = (serviceDesk: boolean, c: JComment): "public" | "internal" =>
  serviceDesk ? (c.jsdPublic === false ? "internal" : "public") : c.visibility !== undefined && c.visibility.value !== undefined ? "internal" : "public"

export const itemOf = (ctx: Context, issue: JIssue, source: string): Tracker.Item => {
  const f = issue.fields ?? {}
  const assignee = f.assignee?.accountId === undefined ? undefined : ctx.members.get(f.assignee.accountId)
  return {
    inquiry: issue.key as Types.InquiryId,
    source,
    title: f.summary ?? "",
    url: `${ctx.site}/browse/${issue.key}`,
    state: f.status?.statusCategory?.key === "done" ? "closed" : "open",
    labels: [...(f.labels ?? [])],
    assignees: assignee === undefined ? [] : [assignee],
    updatedAt: millis(f.updated, `${issue.key}.fields.updated`)
  }
}

export const openedOf = (ctx: Context, issue: JIssue): Inquiry.Event => {
  const f = issue.fields ?? {}
  const body = Adf.toText(f.description)
  const actor = actorOf(ctx, f.reporter)
  return {
    type: "opened",
    id: "opened",
    inquiry: issue.key as Types.InquiryId,
    at: iso(millis(f.created, `${issue.key}.fields.created`)),
    actor,
    reporter: actor,
    channel: isServiceDesk(issue) ? "jira-service-desk" : "jira",
    title: f.summary ?? "",
    ...(f.labels !== undefined && f.labels.length > 0 ? { labels: [...f.labels] } : {}),
    ...(f.priority?.name === undefined ? {} : { priority: f.priority.name }),
    ...(body === "" ? {} : { body })
  }
}

export const commentEventOf = (ctx: Context, issue: JIssue, c: JComment): Inquiry.Event => ({
  type: "commented",
  id: `comment:${c.id}`,
  inquiry: issue.key as Types.InquiryId,
  at: iso(millis(c.created, `${issue.key} comment ${c.id}.created`)),
  actor: actorOf(ctx, c.author),
  visibility: commentVisibility(isServiceDesk(issue), c)
})

/** The events of one change history entry (status, resolution, assignee, links to the product project). */
export const historyEventsOf = (ctx: Context, key: string, h: JHistory): ReadonlyArray<Inquiry.Event> => {
  const at = iso(millis(h.created, `${key} history ${h.id}.created`))
  const actor = actorOf(ctx, h.author)
  const base = { inquiry: key as Types.InquiryId, at, actor }
  const out: Array<Inquiry.Event> = []
  for (const item of h.items ?? []) {
    const field = item.fieldId ?? item.field
    if (field === "assignee" && typeof item.to === "string") {
      const member = ctx.members.get(item.to)
      if (member !== undefined) out.push({ type: "assigned", id: `history:${h.id}:assignee`, ...base, to: member })
    } else if (field === "resolution") {
      if (typeof item.toString === "string" && item.toString !== "")
        out.push({ type: "closed", id: `history:${h.id}:resolution`, ...base, reason: ctx.closeReasonOf(item.toString) })
      else if (typeof item.fromString === "string" && item.fromString !== "") out.push({ type: "reopened", id: `history:${h.id}:resolution`, ...base })
    } else if (field === "status" && typeof item.toString === "string") {
      const status = ctx.workflowStatusOf(item.toString)
      if (status !== undefined) out.push({ type: "status-changed", id: `history:${h.id}:status`, ...base, status })
    } else if (
      (item.field === "Link" || field === "issuelinks") && typeof item.to === "string" && ctx.productProject !== undefined &&
      item.to.startsWith(`${ctx.productProject}-`)
    ) {
      out.push({ type: "promoted", id: `history:${h.id}:link:${item.to}`, ...base, reference: item.to })
    }
  }
  return out
}

/** The property key of the adapter's idempotency marker (on comments and created issues). */
export const markerKey = "sre-uxdd.action"

/** The action key a comment's marker property carries, if any. */
export const markerOf = (c: JComment): string | undefined => {
  const p = (c.properties ?? []).find((x) => x.key === markerKey)
  const v = p?.value as { readonly key?: unknown } | undefined
  return typeof v?.key === "string" ? v.key : undefined
}

/** A label that finds an issue the adapter created for an action (JQL matches labels exactly). */
export const markerLabel = (actionKey: string): string => {
  // FNV-1a, 64 bits as two halves: short, stable, and without spaces
  let h1 = 0x811c9dc5
  let h2 = 0x01000193
  for (let i = 0; i < actionKey.length; i++) {
    const c = actionKey.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0
    h2 = Math.imul(h2 ^ c, 0x811c9dc5) >>> 0
  }
  return `sre-uxdd-${h1.toString(16).padStart(8, "0")}${h2.toString(16).padStart(8, "0")}`
}
