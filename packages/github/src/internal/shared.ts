// Names, actors and markers shared by the Issues and Discussions halves of the adapter.
import { Tracker, Types } from "@sre-uxdd/core"
import type * as Options from "../Options.js"

export type Ref =
  | { readonly kind: "issue"; readonly owner: string; readonly repo: string; readonly number: number }
  | { readonly kind: "discussion"; readonly owner: string; readonly repo: string; readonly number: number }

/** `owner/repo#12` for an issue, `owner/repo/discussions/12` for a discussion. */
export const inquiryId = (ref: Ref): Types.InquiryId =>
  Types.InquiryId.make(ref.kind === "issue" ? `${ref.owner}/${ref.repo}#${ref.number}` : `${ref.owner}/${ref.repo}/discussions/${ref.number}`)

export const parseInquiry = (id: string): Ref | undefined => {
  const issue = /^([^/\s]+)\/([^/#\s]+)#(\d+)$/.exec(id)
  if (issue !== null) return { kind: "issue", owner: issue[1] ?? "", repo: issue[2] ?? "", number: Number(issue[3]) }
  const d = /^([^/\s]+)\/([^/#\s]+)\/discussions\/(\d+)$/.exec(id)
  if (d !== null) return { kind: "discussion", owner: d[1] ?? "", repo: d[2] ?? "", number: Number(d[3]) }
  return undefined
}

export const refOrFail = (id: string, key?: string): Ref => {
  const ref = parseInquiry(id)
  if (ref === undefined) {
    throw new Tracker.TrackerError({
      reason: "not-found",
      detail: `not a GitHub inquiry id: ${JSON.stringify(id)} (expected owner/repo#N or owner/repo/discussions/N)`,
      retryable: false,
      inquiry: id,
      ...(key === undefined ? {} : { key })
    })
  }
  return ref
}

export const splitRepo = (repo: string): { readonly owner: string; readonly repo: string } => {
  const [owner, name] = repo.split("/") as [string, string]
  return { owner, repo: name }
}

/** The hidden marker an action's writes carry. */
export const marker = (key: string): string => `<!-- sre-uxdd:${key} -->`
/** The hidden reference of a promoted product issue in the link-back comment. */
export const refMarker = (ref: string, url: string): string => `<!-- sre-uxdd-ref:${ref} ${url} -->`
export const findRef = (body: string): { readonly ref: string; readonly url: string } | undefined => {
  const m = /<!-- sre-uxdd-ref:(\S+) (\S+) -->/.exec(body)
  return m === null ? undefined : { ref: m[1] ?? "", url: m[2] ?? "" }
}
export const hasMarker = (body: string | null | undefined, key: string): boolean => (body ?? "").includes(marker(key))

export interface Roster {
  readonly byLogin: ReadonlyMap<string, Types.MemberId>
  readonly byMember: ReadonlyMap<string, string>
  readonly bots: ReadonlySet<string>
}

export const roster = (options: Options.Options): Roster => ({
  byLogin: new Map(options.members.map((m) => [m.login.toLowerCase(), m.id])),
  byMember: new Map(options.members.map((m) => [m.id as string, m.login])),
  bots: new Set((options.bots ?? []).map((b) => b.toLowerCase()))
})

export interface Author {
  readonly login: string
  /** REST `user.type`, or GraphQL `__typename`. */
  readonly type?: string | undefined
  readonly viaApp?: boolean | undefined
}

/**
 * The actor id of a GitHub account: a roster member's id, `<login>[bot]` for a bot (a
 * `Bot` account, a `[bot]` login, a write performed via a GitHub App, or a login listed as a
 * bot), else `user:<login>`. Membership never comes from `author_association`.
 */
export const actor = (r: Roster, a: Author | null | undefined): string => {
  if (a === null || a === undefined) return "user:ghost"
  const login = a.login.toLowerCase()
  const bare = a.login.replace(/\[bot\]$/i, "")
  if (a.type === "Bot" || login.endsWith("[bot]") || a.viaApp === true || r.bots.has(login) || r.bots.has(bare.toLowerCase())) return `${bare}[bot]`
  const member = r.byLogin.get(login)
  return member ?? `user:${a.login}`
}

export const renderText = (r: Roster, text: string): string =>
  Tracker.renderMentions(text, (member) => {
    const login = r.byMember.get(member)
    return login === undefined ? member : `@${login}`
  })

export const failure = (
  reason: Tracker.TrackerError["reason"],
  detail: string,
  extra: { readonly inquiry?: string; readonly key?: string; readonly retryable?: boolean } = {}
): Tracker.TrackerError =>
  new Tracker.TrackerError({
    reason,
    detail,
    retryable: extra.retryable ?? false,
    ...(extra.inquiry === undefined ? {} : { inquiry: extra.inquiry }),
    ...(extra.key === undefined ? {} : { key: extra.key })
  })

export const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z")
export const millis = (s: string): number => Date.parse(s)
