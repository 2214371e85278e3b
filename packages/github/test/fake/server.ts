// A stateful fake GitHub on 127.0.0.1, driven through the real octokit client. Every REST
// request (path, query, body) and response is checked against GitHub's OpenAPI
// description, every GraphQL document is validated against GitHub's schema and executed
// on it; any violation is recorded and answered 400, and tests fail on a recorded one.
//
// What the descriptions do not say, and the fake assumes (with where it comes from):
// - A1 `per_page` is at most 100 (REST docs, "Using pagination in the REST API"; the schema
//   has no maximum): larger values are a violation.
// - A2 `since` keeps items whose `updated_at` is at or after it (REST docs of "List
//   repository issues": "Only show results that were last updated after the given time"),
//   and any change, the adapter's own writes included, moves `updated_at`.
// - A3 The repository issue list returns pull requests too (REST docs: "GitHub's REST API
//   considers every pull request an issue"); they carry `pull_request`.
// - A4 The repository issue list pages by cursor since 2025: `Link` has only `next` with an
//   `after=` cursor, on `/repositories/{id}/issues`, a path and parameter the description
//   does not list (google/go-github#3564, #3565); they are accepted as aliases here.
//   Comment and event lists page by number, their `Link` also on `/repositories/{id}/…`.
// - A5 A conditional request that matches answers 304 without a body and, when it carried
//   `Authorization`, costs no primary rate limit (REST docs, "Best practices": conditional requests).
// - A6 Without push access, assignees and labels in a write are silently dropped (the
//   description's text of "Add assignees" and "Create an issue"); closing someone else's issue
//   is refused with 403.
// - A7 The repository issue event list is newest first and has no `since` (its description
//   has only per_page and page); a `closed` event carries `state_reason` (as on github.com,
//   although the `issue-event` schema does not list it).
import { createHash } from "node:crypto"
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { execute, type GraphQLSchema, parse, validate } from "graphql"
import { graphqlSchema, RestContract } from "./contract.js"

export interface Account {
  readonly login: string
  readonly id: number
  readonly type: "User" | "Bot"
}
export interface TokenInfo {
  readonly login: string
  readonly push: boolean
}
export interface FakeLabel {
  readonly id: number
  readonly name: string
}
export interface FakeIssue {
  readonly id: number
  readonly repo: string
  number: number
  title: string
  body: string
  user: string
  state: "open" | "closed"
  state_reason: "completed" | "not_planned" | "duplicate" | "reopened" | null
  labels: Array<string>
  assignees: Array<string>
  created_at: number
  updated_at: number
  closed_at: number | null
  pull: boolean
  viaApp: boolean
}
export interface FakeComment {
  readonly id: number
  readonly repo: string
  readonly issue: number
  readonly user: string
  body: string
  readonly created_at: number
  updated_at: number
  readonly viaApp: boolean
}
export interface FakeEvent {
  readonly id: number
  readonly repo: string
  readonly issue: number
  readonly actor: string
  readonly event: "assigned" | "unassigned" | "labeled" | "unlabeled" | "closed" | "reopened"
  readonly created_at: number
  readonly assignee?: string
  readonly label?: string
  readonly state_reason?: string | null
}
export interface FakeDiscussion {
  readonly id: string
  readonly repo: string
  readonly number: number
  title: string
  body: string
  user: string
  category: string
  labels: Array<string>
  created_at: number
  updated_at: number
  closed: boolean
  closed_at: number | null
  state_reason: "RESOLVED" | "OUTDATED" | "DUPLICATE" | "REOPENED" | null
  answer: string | null
  answer_chosen_at: number | null
  answer_chosen_by: string | null
}
export interface FakeDComment {
  readonly id: string
  readonly discussion: string
  readonly replyTo: string | null
  readonly user: string
  readonly body: string
  readonly created_at: number
}

export type Fault = "secondary" | "429" | "502"

export interface Stats {
  /** Every HTTP request received. */
  requests: number
  /** Primary REST rate-limit points spent (a matching conditional request costs none). */
  points: number
  graphql: number
  notModified: number
  readonly routes: Array<string>
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z")

export class FakeGitHub {
  readonly contract = RestContract.load()
  readonly schema: GraphQLSchema = graphqlSchema()
  readonly violations: Array<string> = []
  readonly tokens = new Map<string, TokenInfo>()
  readonly accounts = new Map<string, Account>()
  readonly repos = new Map<
    string,
    {
      readonly id: number
      readonly nodeId: string
      readonly categories: ReadonlyArray<{ readonly id: string; readonly name: string; readonly answerable: boolean }>
    }
  >()
  issues: Array<FakeIssue> = []
  comments: Array<FakeComment> = []
  events: Array<FakeEvent> = []
  labels = new Map<string, Array<FakeLabel>>()
  discussions: Array<FakeDiscussion> = []
  dcomments: Array<FakeDComment> = []
  stats: Stats = { requests: 0, points: 0, graphql: 0, notModified: 0, routes: [] }
  faults: Array<Fault> = []
  /** Assignees are dropped even with push access (as GitHub does for a non-collaborator assignee). */
  dropAssignees = false
  /** Requests the fake refuses before they reach any handler (`failNext`). */
  outages = 0
  /** A crash: the n-th write is applied but its answer is lost, and every request after it fails. */
  crashAfterWrites: number | undefined
  writes = 0
  private clock = Date.UTC(2026, 0, 5, 9)
  private ids = 1000
  private server: Server | undefined
  url = ""

  now(): number {
    return this.clock
  }
  setTime(ms: number): void {
    this.clock = ms
  }
  /** Advances the clock for each write so `updated_at` orders changes (A2). */
  private tick(): number {
    this.clock += 1000
    return this.clock
  }
  nextId(): number {
    return ++this.ids
  }

  reset(): void {
    this.issues = []
    this.comments = []
    this.events = []
    this.discussions = []
    this.dcomments = []
    this.faults = []
    this.labels = new Map()
    this.dropAssignees = false
    this.outages = 0
    this.crashAfterWrites = undefined
    this.writes = 0
    this.clock = Date.UTC(2026, 0, 5, 9)
    this.violations.length = 0
    this.resetStats()
  }
  resetStats(): void {
    this.stats = { requests: 0, points: 0, graphql: 0, notModified: 0, routes: [] }
  }

  account(login: string, type: "User" | "Bot" = "User"): Account {
    let a = this.accounts.get(login.toLowerCase())
    if (a === undefined) {
      a = { login, id: this.nextId(), type }
      this.accounts.set(login.toLowerCase(), a)
    }
    return a
  }
  token(token: string, info: TokenInfo): void {
    this.account(info.login, info.login.endsWith("[bot]") ? "Bot" : "User")
    this.tokens.set(token, info)
  }
  repo(full: string, categories: ReadonlyArray<{ readonly name: string; readonly answerable: boolean }> = []): void {
    const id = this.nextId()
    this.repos.set(full, { id, nodeId: `R_${id}`, categories: categories.map((c, i) => ({ id: `DIC_${id}_${i}`, name: c.name, answerable: c.answerable })) })
  }

  // -------------------------------------------------------------------------
  // direct state changes (users and members acting on GitHub)

  openIssue(
    repo: string,
    input: {
      readonly title: string
      readonly body?: string
      readonly user: string
      readonly at?: number
      readonly labels?: ReadonlyArray<string>
      readonly pull?: boolean
    }
  ): FakeIssue {
    if (input.at !== undefined) this.setTime(input.at)
    const at = input.at ?? this.tick()
    this.account(input.user)
    const issue: FakeIssue = {
      id: this.nextId(),
      repo,
      number: this.issues.filter((i) => i.repo === repo).length + this.discussions.filter((d) => d.repo === repo).length + 1,
      title: input.title,
      body: input.body ?? "",
      user: input.user,
      state: "open",
      state_reason: null,
      labels: [...(input.labels ?? [])],
      assignees: [],
      created_at: at,
      updated_at: at,
      closed_at: null,
      pull: input.pull ?? false,
      viaApp: false
    }
    for (const l of issue.labels) this.ensureLabel(repo, l)
    this.issues.push(issue)
    return issue
  }
  addComment(
    repo: string,
    number: number,
    input: { readonly user: string; readonly body: string; readonly at?: number; readonly viaApp?: boolean }
  ): FakeComment {
    if (input.at !== undefined) this.setTime(input.at)
    const at = input.at ?? this.tick()
    const issue = this.issue(repo, number)
    if (issue === undefined) throw new Error(`no issue ${repo}#${number}`)
    this.account(input.user)
    const c: FakeComment = {
      id: this.nextId(),
      repo,
      issue: number,
      user: input.user,
      body: input.body,
      created_at: at,
      updated_at: at,
      viaApp: input.viaApp ?? false
    }
    this.comments.push(c)
    issue.updated_at = at
    return c
  }
  issue(repo: string, number: number): FakeIssue | undefined {
    return this.issues.find((i) => i.repo === repo && i.number === number)
  }
  addEvent(e: Omit<FakeEvent, "id">): void {
    this.events.push({ ...e, id: this.nextId() })
  }
  openDiscussion(
    repo: string,
    input: {
      readonly title: string
      readonly body?: string
      readonly user: string
      readonly category: string
      readonly at?: number
      readonly labels?: ReadonlyArray<string>
    }
  ): FakeDiscussion {
    if (input.at !== undefined) this.setTime(input.at)
    const at = input.at ?? this.tick()
    this.account(input.user)
    const d: FakeDiscussion = {
      id: `D_${this.nextId()}`,
      repo,
      number: this.issues.filter((i) => i.repo === repo).length + this.discussions.filter((x) => x.repo === repo).length + 1,
      title: input.title,
      body: input.body ?? "",
      user: input.user,
      category: input.category,
      labels: [...(input.labels ?? [])],
      created_at: at,
      updated_at: at,
      closed: false,
      closed_at: null,
      state_reason: null,
      answer: null,
      answer_chosen_at: null,
      answer_chosen_by: null
    }
    for (const l of d.labels) this.ensureLabel(repo, l)
    this.discussions.push(d)
    return d
  }
  addDiscussionComment(
    d: FakeDiscussion,
    input: { readonly user: string; readonly body: string; readonly at?: number; readonly replyTo?: string }
  ): FakeDComment {
    if (input.at !== undefined) this.setTime(input.at)
    const at = input.at ?? this.tick()
    this.account(input.user)
    const c: FakeDComment = { id: `DC_${this.nextId()}`, discussion: d.id, replyTo: input.replyTo ?? null, user: input.user, body: input.body, created_at: at }
    this.dcomments.push(c)
    d.updated_at = at
    return c
  }
  ensureLabel(repo: string, name: string): FakeLabel {
    const list = this.labels.get(repo) ?? []
    this.labels.set(repo, list)
    let l = list.find((x) => x.name.toLowerCase() === name.toLowerCase())
    if (l === undefined) {
      l = { id: this.nextId(), name }
      list.push(l)
    }
    return l
  }

  // -------------------------------------------------------------------------
  // HTTP

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        this.violations.push(`fake crashed on ${req.method} ${req.url}: ${String(e)}`)
        res.writeHead(500).end()
      })
    })
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this.url
  }
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())))
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Array<Buffer> = []
    for await (const c of req) chunks.push(c as Buffer)
    const raw = Buffer.concat(chunks).toString("utf8")
    const url = new URL(req.url ?? "/", this.url)
    const method = (req.method ?? "GET").toUpperCase()
    this.stats.requests++
    this.stats.routes.push(`${method} ${url.pathname}`)
    const send = (status: number, body: unknown, headers: { readonly [k: string]: string } = {}) => {
      const text = body === undefined ? "" : JSON.stringify(body)
      res.writeHead(status, { ...(body === undefined ? {} : { "content-type": "application/json; charset=utf-8" }), ...headers })
      res.end(text)
    }
    if (this.outages > 0) {
      this.outages--
      return send(502, undefined)
    }
    const isWrite = method !== "GET" &&
      !(url.pathname === "/graphql" && !/^\s*mutation/.test(String((JSON.parse(raw || "{}") as { readonly query?: string }).query ?? "")))
    if (this.crashAfterWrites !== undefined && this.writes >= this.crashAfterWrites) return send(502, undefined)
    if (isWrite) this.writes++
    if (this.crashAfterWrites !== undefined && this.writes === this.crashAfterWrites) {
      // apply the write, lose its answer
      const sink = { writeHead: () => sink, end: () => undefined, setHeader: () => undefined } as unknown as ServerResponse
      await this.handleApplied(req, sink, raw, url, method)
      return send(502, undefined)
    }
    return this.handleApplied(req, res, raw, url, method)
  }

  private async handleApplied(req: IncomingMessage, res: ServerResponse, raw: string, url: URL, method: string): Promise<void> {
    const send = (status: number, body: unknown, headers: { readonly [k: string]: string } = {}) => {
      const text = body === undefined ? "" : JSON.stringify(body)
      res.writeHead(status, { ...(body === undefined ? {} : { "content-type": "application/json; charset=utf-8" }), ...headers })
      res.end(text)
    }
    const auth = req.headers.authorization
    const token = auth?.replace(/^(token|bearer) /i, "")
    const who = token === undefined ? undefined : this.tokens.get(token)
    const fault = this.faults.shift()
    const rl = (resource: string) => ({
      "x-ratelimit-limit": "5000",
      "x-ratelimit-remaining": String(Math.max(0, 5000 - this.stats.points)),
      "x-ratelimit-used": String(this.stats.points),
      "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
      "x-ratelimit-resource": resource
    })
    if (fault === "502") return send(502, undefined)
    if (fault === "secondary")
      return send(403, {
        message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"
      }, { "retry-after": "1", ...rl("core") })
    if (fault === "429")
      return send(429, { message: "API rate limit exceeded", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api" }, {
        ...rl("core"),
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(Math.floor(Date.now() / 1000)),
        "retry-after": "1"
      })
    // a GitHub App's JWT may only ask for an installation token (the fake trusts the JWT's shape, not its signature)
    const appJwt = token !== undefined && /^bearer /i.test(auth ?? "") && token.split(".").length === 3
    if (appJwt && method === "POST" && /^\/app\/installations\/\d+\/access_tokens$/.test(url.pathname)) {
      const found = this.contract.find(method, url.pathname)
      const installation = `ghs_installation_${this.nextId()}`
      this.token(installation, { login: "sre-uxdd[bot]", push: true })
      const out = { token: installation, expires_at: iso(Date.now() + 3_600_000), permissions: { issues: "write" }, repository_selection: "selected" }
      if (found !== undefined)
        this.violations.push(...this.contract.checkResponse(found.operation, 201, out).map((p) => `${found.operation.operationId}: ${p}`))
      this.stats.points++
      return send(201, out)
    }
    if (who === undefined) return send(401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" })
    let body: unknown
    if (raw !== "") {
      try {
        body = JSON.parse(raw)
      } catch {
        this.violations.push(`${method} ${url.pathname}: body is not JSON`)
        return send(400, { message: "Problems parsing JSON" })
      }
    }
    if (method === "POST" && url.pathname === "/graphql") {
      this.stats.graphql++
      this.stats.points++
      const out = this.graphql(body as { readonly query: string; readonly variables?: { readonly [k: string]: unknown } }, who)
      return send(200, out, rl("graphql"))
    }
    // A4: `/repositories/{id}/…` stands for the repository's `/repos/{owner}/{repo}/…`
    let pathname = url.pathname
    const alias = /^\/repositories\/(\d+)(\/.*)?$/.exec(pathname)
    if (alias !== null) {
      const full = [...this.repos.entries()].find(([, r]) => String(r.id) === alias[1])?.[0]
      if (full === undefined) return send(404, { message: "Not Found", documentation_url: "" })
      pathname = `/repos/${full}${alias[2] ?? ""}`
    }
    const found = this.contract.find(method, pathname)
    if (found === undefined) {
      this.violations.push(`${method} ${pathname}: no such operation in the REST description`)
      return send(404, { message: "Not Found", documentation_url: "" })
    }
    const { operation, params } = found
    const extra = operation.operationId === "issues/list-for-repo" ? ["after", "before"] : []
    const problems = [...this.contract.checkRequest(operation, params, url.searchParams, body, extra)]
    const perPage = url.searchParams.get("per_page")
    if (perPage !== null && Number(perPage) > 100) problems.push(`per_page=${perPage} is over 100 (A1)`)
    if (problems.length > 0) {
      this.violations.push(...problems.map((p) => `${operation.operationId}: ${p}`))
      return send(400, { message: `contract violation: ${problems.join("; ")}` })
    }
    let result: { readonly status: number; readonly body?: unknown; readonly headers?: { readonly [k: string]: string } }
    try {
      result = this.rest(operation.operationId, params, url.searchParams, body, who)
    } catch (e) {
      this.violations.push(`${operation.operationId}: fake failed: ${String(e)}`)
      return send(500, { message: String(e) })
    }
    const responseProblems = this.contract.checkResponse(operation, result.status, result.body)
    if (responseProblems.length > 0) this.violations.push(...responseProblems.map((p) => `${operation.operationId}: ${p}`))
    const text = result.body === undefined ? "" : JSON.stringify(result.body)
    const etag = `W/"${createHash("sha1").update(text).digest("hex")}"`
    if (method === "GET" && result.status === 200 && req.headers["if-none-match"] === etag) {
      this.stats.notModified++
      res.writeHead(304, { etag, ...rl("core") })
      res.end()
      return
    }
    this.stats.points++
    return send(result.status, result.body, { ...(method === "GET" ? { etag } : {}), ...rl("core"), ...(result.headers ?? {}) })
  }

  // -------------------------------------------------------------------------
  // REST

  private user(login: string) {
    const a = this.account(login, login.endsWith("[bot]") ? "Bot" : "User")
    const base = `${this.url}/users/${encodeURIComponent(a.login)}`
    return {
      login: a.login,
      id: a.id,
      node_id: `U_${a.id}`,
      avatar_url: `${this.url}/avatars/${a.id}`,
      gravatar_id: "",
      url: base,
      html_url: `${this.url}/${encodeURIComponent(a.login)}`,
      followers_url: `${base}/followers`,
      following_url: `${base}/following{/other_user}`,
      gists_url: `${base}/gists{/gist_id}`,
      starred_url: `${base}/starred{/owner}{/repo}`,
      subscriptions_url: `${base}/subscriptions`,
      organizations_url: `${base}/orgs`,
      repos_url: `${base}/repos`,
      events_url: `${base}/events{/privacy}`,
      received_events_url: `${base}/received_events`,
      type: a.type,
      site_admin: false
    }
  }
  private label(repo: string, name: string) {
    const l = this.ensureLabel(repo, name)
    return {
      id: l.id,
      node_id: `LA_${l.id}`,
      url: `${this.url}/repos/${repo}/labels/${encodeURIComponent(l.name)}`,
      name: l.name,
      description: null,
      color: "ededed",
      default: false
    }
  }
  private app() {
    return {
      id: 1,
      slug: "sre-uxdd",
      node_id: "A_1",
      owner: this.user("visit-dav"),
      name: "sre-uxdd",
      description: null,
      external_url: this.url,
      html_url: `${this.url}/apps/sre-uxdd`,
      created_at: iso(0),
      updated_at: iso(0),
      permissions: { issues: "write" },
      events: ["issues"]
    }
  }
  private issueJson(i: FakeIssue) {
    const base = `${this.url}/repos/${i.repo}/issues/${i.number}`
    return {
      id: i.id,
      node_id: `I_${i.id}`,
      url: base,
      repository_url: `${this.url}/repos/${i.repo}`,
      labels_url: `${base}/labels{/name}`,
      comments_url: `${base}/comments`,
      events_url: `${base}/events`,
      html_url: `${this.url}/${i.repo}/${i.pull ? "pull" : "issues"}/${i.number}`,
      number: i.number,
      state: i.state,
      state_reason: i.state_reason,
      title: i.title,
      body: i.body,
      user: this.user(i.user),
      labels: i.labels.map((l) => this.label(i.repo, l)),
      assignee: i.assignees[0] === undefined ? null : this.user(i.assignees[0]),
      assignees: i.assignees.map((a) => this.user(a)),
      milestone: null,
      locked: false,
      active_lock_reason: null,
      comments: this.comments.filter((c) => c.repo === i.repo && c.issue === i.number).length,
      ...(i.pull ? { pull_request: { url: `${this.url}/repos/${i.repo}/pulls/${i.number}`, html_url: null, diff_url: null, patch_url: null } } : {}),
      closed_at: i.closed_at === null ? null : iso(i.closed_at),
      created_at: iso(i.created_at),
      updated_at: iso(i.updated_at),
      author_association: "NONE",
      ...(i.viaApp ? { performed_via_github_app: this.app() } : {})
    }
  }
  private commentJson(c: FakeComment) {
    return {
      id: c.id,
      node_id: `IC_${c.id}`,
      url: `${this.url}/repos/${c.repo}/issues/comments/${c.id}`,
      body: c.body,
      html_url: `${this.url}/${c.repo}/issues/${c.issue}#issuecomment-${c.id}`,
      user: this.user(c.user),
      created_at: iso(c.created_at),
      updated_at: iso(c.updated_at),
      issue_url: `${this.url}/repos/${c.repo}/issues/${c.issue}`,
      author_association: "NONE",
      ...(c.viaApp ? { performed_via_github_app: this.app() } : {})
    }
  }
  private eventJson(e: FakeEvent) {
    const issue = this.issue(e.repo, e.issue)
    return {
      id: e.id,
      node_id: `IE_${e.id}`,
      url: `${this.url}/repos/${e.repo}/issues/events/${e.id}`,
      actor: this.user(e.actor),
      event: e.event,
      commit_id: null,
      commit_url: null,
      created_at: iso(e.created_at),
      ...(issue === undefined ? {} : { issue: this.issueJson(issue) }),
      performed_via_github_app: null,
      ...(e.assignee === undefined ? {} : { assignee: this.user(e.assignee), assigner: this.user(e.actor) }),
      ...(e.label === undefined ? {} : { label: { name: e.label, color: "ededed" } }),
      ...(e.state_reason === undefined ? {} : { state_reason: e.state_reason })
    }
  }

  private paged<A>(items: ReadonlyArray<A>, query: URLSearchParams, pathname: string): { readonly page: ReadonlyArray<A>; readonly link?: string } {
    const per = Math.min(Number(query.get("per_page") ?? 30), 100)
    const page = Math.max(1, Number(query.get("page") ?? 1))
    const slice = items.slice((page - 1) * per, page * per)
    const next = page * per < items.length
    const q = new URLSearchParams(query)
    const links: Array<string> = []
    if (next) {
      q.set("page", String(page + 1))
      links.push(`<${this.url}${pathname}?${q.toString()}>; rel="next"`)
      q.set("page", String(Math.ceil(items.length / per)))
      links.push(`<${this.url}${pathname}?${q.toString()}>; rel="last"`)
    }
    return { page: slice, ...(links.length === 0 ? {} : { link: links.join(", ") }) }
  }

  private cursorPaged<A>(items: ReadonlyArray<A>, query: URLSearchParams, pathname: string): { readonly page: ReadonlyArray<A>; readonly link?: string } {
    const per = Math.min(Number(query.get("per_page") ?? 30), 100)
    const after = query.get("after")
    const start = after === null ? 0 : Number(Buffer.from(after, "base64url").toString("utf8").replace(/^o:/, ""))
    const slice = items.slice(start, start + per)
    if (start + per >= items.length) return { page: slice }
    const q = new URLSearchParams(query)
    q.delete("page")
    q.set("after", Buffer.from(`o:${start + per}`).toString("base64url"))
    return { page: slice, link: `<${this.url}${pathname}?${q.toString()}>; rel="next"` }
  }

  private repoAlias(repo: string, rest: string): string {
    const r = this.repos.get(repo)
    return r === undefined ? `/repos/${repo}${rest}` : `/repositories/${r.id}${rest}`
  }

  private rest(
    op: string,
    p: { readonly [k: string]: string },
    q: URLSearchParams,
    body: unknown,
    who: TokenInfo
  ): { readonly status: number; readonly body?: unknown; readonly headers?: { readonly [k: string]: string } } {
    const repo = p["owner"] === undefined ? "" : `${p["owner"]}/${p["repo"]}`
    const b = (body ?? {}) as { readonly [k: string]: unknown }
    const notFound = { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } }
    const number = Number(p["issue_number"])
    const since = q.get("since") === null ? undefined : Date.parse(q.get("since") ?? "")
    const link = (x: { readonly link?: string }) => (x.link === undefined ? {} : { headers: { link: x.link } })
    if (!this.repos.has(repo) && op !== "rate-limit/get") return notFound
    switch (op) {
      case "issues/list-for-repo": {
        const state = q.get("state") ?? "open"
        const labels = (q.get("labels") ?? "").split(",").filter((l) => l !== "")
        const dir = q.get("direction") ?? "desc"
        const sort = q.get("sort") ?? "created"
        const list = this.issues
          .filter((i) =>
            i.repo === repo && (state === "all" || i.state === state) && labels.every((l) => i.labels.some((x) => x.toLowerCase() === l.toLowerCase())) &&
            (since === undefined || i.updated_at >= since)
          )
          .sort((x, y) => {
            const d = sort === "updated" ? x.updated_at - y.updated_at : x.created_at - y.created_at
            return (dir === "asc" ? d : -d) || (dir === "asc" ? x.id - y.id : y.id - x.id)
          })
        const r = this.cursorPaged(list, q, this.repoAlias(repo, "/issues"))
        return { status: 200, body: r.page.map((i) => this.issueJson(i)), ...link(r) }
      }
      case "issues/list-comments-for-repo": {
        const dir = q.get("direction") ?? "asc"
        const list = this.comments
          .filter((c) => c.repo === repo && (since === undefined || c.updated_at >= since))
          .sort((x, y) => (dir === "asc" ? 1 : -1) * (x.updated_at - y.updated_at || x.id - y.id))
        const r = this.paged(list, q, this.repoAlias(repo, "/issues/comments"))
        return { status: 200, body: r.page.map((c) => this.commentJson(c)), ...link(r) }
      }
      case "issues/list-events-for-repo": {
        const list = this.events.filter((e) => e.repo === repo).sort((x, y) => y.id - x.id)
        const r = this.paged(list, q, this.repoAlias(repo, "/issues/events"))
        return { status: 200, body: r.page.map((e) => this.eventJson(e)), ...link(r) }
      }
      case "issues/get": {
        const i = this.issue(repo, number)
        return i === undefined ? notFound : { status: 200, body: this.issueJson(i) }
      }
      case "issues/list-comments": {
        const i = this.issue(repo, number)
        if (i === undefined) return notFound
        const list = this.comments.filter((c) => c.repo === repo && c.issue === number && (since === undefined || c.updated_at >= since)).sort((x, y) =>
          x.id - y.id
        )
        const r = this.paged(list, q, this.repoAlias(repo, `/issues/${number}/comments`))
        return { status: 200, body: r.page.map((c) => this.commentJson(c)), ...link(r) }
      }
      case "issues/list-events": {
        const i = this.issue(repo, number)
        if (i === undefined) return notFound
        const list = this.events.filter((e) => e.repo === repo && e.issue === number).sort((x, y) => x.id - y.id)
        const r = this.paged(list, q, this.repoAlias(repo, `/issues/${number}/events`))
        return { status: 200, body: r.page.map((e) => ({ ...this.eventJson(e), issue: undefined })), ...link(r) }
      }
      case "issues/create-comment": {
        const i = this.issue(repo, number)
        if (i === undefined) return notFound
        const c = this.addComment(repo, number, { user: who.login, body: String(b["body"]), viaApp: who.login.endsWith("[bot]") })
        return { status: 201, body: this.commentJson(c), headers: { location: `${this.url}/repos/${repo}/issues/comments/${c.id}` } }
      }
      case "issues/add-assignees": {
        const i = this.issue(repo, number)
        if (i === undefined) return notFound
        const at = this.tick()
        // A6: silently dropped without push access
        if (who.push && !this.dropAssignees) {
          for (const a of (b["assignees"] ?? []) as ReadonlyArray<string>) {
            if (i.assignees.some((x) => x.toLowerCase() === a.toLowerCase())) continue
            i.assignees.push(this.account(a).login)
            this.addEvent({ repo, issue: number, actor: who.login, event: "assigned", created_at: at, assignee: a })
          }
          i.updated_at = at
        }
        return { status: 201, body: this.issueJson(i) }
      }
      case "issues/remove-assignees": {
        const i = this.issue(repo, number)
        if (i === undefined) return notFound
        if (who.push) {
          const at = this.tick()
          const drop = ((b["assignees"] ?? []) as ReadonlyArray<string>).map((a) => a.toLowerCase())
          for (const a of i.assignees.filter((x) => drop.includes(x.toLowerCase())))
            this.addEvent({ repo, issue: number, actor: who.login, event: "unassigned", created_at: at, assignee: a })
          i.assignees = i.assignees.filter((x) => !drop.includes(x.toLowerCase()))
          i.updated_at = at
        }
        return { status: 200, body: this.issueJson(i) }
      }
      case "issues/add-labels": {
        const i = this.issue(repo, number)
        if (i === undefined) return notFound
        const given = Array.isArray(body)
          ? (body as ReadonlyArray<string>)
          : ((b["labels"] ?? []) as ReadonlyArray<string | { readonly name: string }>).map((l) => (typeof l === "string" ? l : l.name))
        if (who.push) {
          const at = this.tick()
          for (const l of given) {
            if (i.labels.some((x) => x.toLowerCase() === l.toLowerCase())) continue
            i.labels.push(this.ensureLabel(repo, l).name)
            this.addEvent({ repo, issue: number, actor: who.login, event: "labeled", created_at: at, label: l })
          }
          i.updated_at = at
        }
        return { status: 200, body: i.labels.map((l) => this.label(repo, l)) }
      }
      case "issues/remove-label": {
        const i = this.issue(repo, number)
        const name = p["name"] ?? ""
        if (i === undefined || !i.labels.some((l) => l.toLowerCase() === name.toLowerCase()))
          return { status: 404, body: { message: "Label does not exist", documentation_url: "" } }
        if (who.push) {
          const at = this.tick()
          i.labels = i.labels.filter((l) => l.toLowerCase() !== name.toLowerCase())
          this.addEvent({ repo, issue: number, actor: who.login, event: "unlabeled", created_at: at, label: name })
          i.updated_at = at
        }
        return { status: 200, body: i.labels.map((l) => this.label(repo, l)) }
      }
      case "issues/update": {
        const i = this.issue(repo, number)
        if (i === undefined) return notFound
        if (!who.push && i.user !== who.login) return { status: 403, body: { message: "Must have push access to close this issue", documentation_url: "" } }
        const at = this.tick()
        if (b["state"] === "closed" && i.state !== "closed") {
          i.state = "closed"
          i.state_reason = (b["state_reason"] as FakeIssue["state_reason"]) ?? "completed"
          i.closed_at = at
          this.addEvent({ repo, issue: number, actor: who.login, event: "closed", created_at: at, state_reason: i.state_reason })
        } else if (b["state"] === "open" && i.state !== "open") {
          i.state = "open"
          i.state_reason = "reopened"
          i.closed_at = null
          this.addEvent({ repo, issue: number, actor: who.login, event: "reopened", created_at: at, state_reason: "reopened" })
        }
        if (typeof b["title"] === "string") i.title = b["title"]
        i.updated_at = at
        return { status: 200, body: this.issueJson(i) }
      }
      case "issues/create": {
        const labels = who.push ? ((b["labels"] ?? []) as ReadonlyArray<string>) : []
        const i = this.openIssue(repo, { title: String(b["title"]), body: String(b["body"] ?? ""), user: who.login, labels })
        i.viaApp = who.login.endsWith("[bot]")
        if (who.push && !this.dropAssignees) i.assignees = ((b["assignees"] ?? []) as ReadonlyArray<string>).map((a) => this.account(a).login)
        return { status: 201, body: this.issueJson(i), headers: { location: `${this.url}/repos/${repo}/issues/${i.number}` } }
      }
      case "issues/create-label": {
        if (!who.push) return { status: 403, body: { message: "Must have push access", documentation_url: "" } }
        const l = this.label(repo, String(b["name"]))
        return { status: 201, body: l }
      }
      default:
        this.violations.push(`${op}: the fake does not implement this operation`)
        return { status: 404, body: { message: "Not Found", documentation_url: "" } }
    }
  }

  // -------------------------------------------------------------------------
  // GraphQL: documents validated and executed against GitHub's schema

  private graphql(req: { readonly query: string; readonly variables?: { readonly [k: string]: unknown } }, who: TokenInfo): unknown {
    let doc
    try {
      doc = parse(req.query)
    } catch (e) {
      this.violations.push(`graphql: ${String(e)}`)
      return { errors: [{ message: String(e) }] }
    }
    const errors = validate(this.schema, doc)
    if (errors.length > 0) {
      this.violations.push(...errors.map((e) => `graphql: ${e.message}`))
      return { errors: errors.map((e) => ({ message: e.message })) }
    }
    const result = execute({ schema: this.schema, document: doc, rootValue: this.root(who), variableValues: req.variables ?? {} }) as {
      readonly errors?: ReadonlyArray<{ readonly message: string }>
      readonly data?: unknown
    }
    if ("then" in (result as object)) {
      this.violations.push("graphql: resolvers must be synchronous")
      return { errors: [{ message: "async" }] }
    }
    const real = (result.errors ?? []).filter((e) => !/^(NOT_FOUND|FORBIDDEN):/.test(e.message))
    if (real.length > 0) this.violations.push(...real.map((e) => `graphql execution: ${e.message}`))
    if (result.errors !== undefined && result.errors.length > 0) {
      return {
        data: result.data ?? null,
        errors: result.errors.map((e) => ({
          type: /^FORBIDDEN/.test(e.message) ? "FORBIDDEN" : /^NOT_FOUND/.test(e.message) ? "NOT_FOUND" : undefined,
          message: e.message
        }))
      }
    }
    return { data: result.data }
  }

  private actor(login: string) {
    const a = this.account(login)
    return { __typename: a.type, login: a.type === "Bot" ? a.login.replace(/\[bot\]$/, "") : a.login, url: `${this.url}/${encodeURIComponent(a.login)}` }
  }

  private connection<A>(all: ReadonlyArray<A>, args: { readonly first?: number; readonly after?: string | null }) {
    const first = args.first ?? 100
    if (first > 100) throw new Error("first must be at most 100 (MAX_NODE_LIMIT)")
    const start = args.after === undefined || args.after === null ? 0 : Number(Buffer.from(args.after, "base64").toString("utf8").replace(/^cursor:/, ""))
    const nodes = all.slice(start, start + first)
    const end = start + nodes.length
    return {
      totalCount: all.length,
      nodes,
      pageInfo: {
        hasNextPage: end < all.length,
        endCursor: nodes.length === 0 ? null : Buffer.from(`cursor:${end}`).toString("base64"),
        hasPreviousPage: start > 0,
        startCursor: null
      }
    }
  }

  private commentNode(c: FakeDComment): unknown {
    const d = this.discussions.find((x) => x.id === c.discussion)
    return {
      __typename: "DiscussionComment",
      id: c.id,
      body: c.body,
      url: `${this.url}/${d?.repo ?? ""}/discussions/${d?.number ?? 0}#discussioncomment-${c.id}`,
      createdAt: iso(c.created_at),
      isAnswer: d?.answer === c.id,
      author: this.actor(c.user),
      replies: (args: { readonly first?: number; readonly after?: string | null }) =>
        this.connection(
          this.dcomments.filter((r) => r.replyTo === c.id).map((r) => this.commentNode(r)),
          args
        )
    }
  }

  private discussionNode(d: FakeDiscussion): unknown {
    const repo = this.repos.get(d.repo)
    const cat = repo?.categories.find((c) => c.name === d.category)
    return {
      __typename: "Discussion",
      id: d.id,
      number: d.number,
      title: d.title,
      body: d.body,
      url: `${this.url}/${d.repo}/discussions/${d.number}`,
      createdAt: iso(d.created_at),
      updatedAt: iso(d.updated_at),
      closed: d.closed,
      closedAt: d.closed_at === null ? null : iso(d.closed_at),
      stateReason: d.state_reason,
      isAnswered: cat?.answerable === true ? d.answer !== null : null,
      answerChosenAt: d.answer_chosen_at === null ? null : iso(d.answer_chosen_at),
      answerChosenBy: d.answer_chosen_by === null ? null : this.actor(d.answer_chosen_by),
      author: this.actor(d.user),
      category: { id: cat?.id ?? "DIC_unknown", name: d.category, isAnswerable: cat?.answerable ?? false },
      labels: (args: { readonly first?: number }) => this.connection(d.labels.map((l) => ({ name: l })), args),
      comments: (args: { readonly first?: number; readonly after?: string | null }) =>
        this.connection(
          this.dcomments.filter((c) => c.discussion === d.id && c.replyTo === null).map((c) => this.commentNode(c)),
          args
        )
    }
  }

  private root(who: TokenInfo): unknown {
    const discussionById = (id: unknown) => {
      const d = this.discussions.find((x) => x.id === id)
      if (d === undefined) throw new Error(`NOT_FOUND: Could not resolve to a node with the global id of '${String(id)}'`)
      return d
    }
    const labelsPayload = (d: FakeDiscussion) => ({
      labelable: { __typename: "Discussion", labels: (args: { readonly first?: number }) => this.connection(d.labels.map((l) => ({ name: l })), args) }
    })
    const labelName = (repo: string, id: unknown) => (this.labels.get(repo) ?? []).find((l) => `LA_${l.id}` === id)?.name
    return {
      repository: ({ owner, name }: { readonly owner: string; readonly name: string }) => {
        const full = `${owner}/${name}`
        const repo = this.repos.get(full)
        if (repo === undefined) return null
        return {
          id: repo.nodeId,
          discussionCategories: (args: { readonly first?: number }) =>
            this.connection(repo.categories.map((c) => ({ id: c.id, name: c.name, isAnswerable: c.answerable })), args),
          discussion: ({ number }: { readonly number: number }) => {
            const d = this.discussions.find((x) => x.repo === full && x.number === number)
            return d === undefined ? null : this.discussionNode(d)
          },
          discussions: (
            args: {
              readonly first?: number
              readonly after?: string | null
              readonly categoryId?: string | null
              readonly orderBy?: { readonly field: string; readonly direction: string }
            }
          ) => {
            const cat = repo.categories.find((c) => c.id === args.categoryId)
            const list = this.discussions
              .filter((d) => d.repo === full && (args.categoryId === undefined || args.categoryId === null || d.category === cat?.name))
              .sort((x, y) =>
                (args.orderBy?.direction === "ASC" ? 1 : -1) *
                (args.orderBy?.field === "CREATED_AT" ? x.created_at - y.created_at : x.updated_at - y.updated_at)
              )
            return this.connection(
              list.map((d) => this.discussionNode(d)),
              args
            )
          },
          label: ({ name: label }: { readonly name: string }) => {
            const l = (this.labels.get(full) ?? []).find((x) => x.name.toLowerCase() === label.toLowerCase())
            return l === undefined ? null : { id: `LA_${l.id}`, name: l.name }
          }
        }
      },
      node: ({ id }: { readonly id: string }) => {
        const d = this.discussions.find((x) => x.id === id)
        return d === undefined ? null : this.discussionNode(d)
      },
      addDiscussionComment: ({ input }: { readonly input: { readonly discussionId: string; readonly body: string; readonly replyToId?: string } }) => {
        const d = discussionById(input.discussionId)
        const c = this.addDiscussionComment(d, { user: who.login, body: input.body, ...(input.replyToId === undefined ? {} : { replyTo: input.replyToId }) })
        return { comment: this.commentNode(c) }
      },
      markDiscussionCommentAsAnswer: ({ input }: { readonly input: { readonly id: string } }) => {
        const c = this.dcomments.find((x) => x.id === input.id)
        if (c === undefined) throw new Error(`NOT_FOUND: no comment ${input.id}`)
        const d = discussionById(c.discussion)
        if (!who.push && d.user !== who.login) throw new Error("FORBIDDEN: viewer cannot mark an answer")
        d.answer = c.id
        d.answer_chosen_at = this.tick()
        d.answer_chosen_by = who.login
        d.updated_at = d.answer_chosen_at
        return { discussion: this.discussionNode(d) }
      },
      closeDiscussion: ({ input }: { readonly input: { readonly discussionId: string; readonly reason?: FakeDiscussion["state_reason"] } }) => {
        const d = discussionById(input.discussionId)
        if (!who.push && d.user !== who.login) throw new Error("FORBIDDEN: viewer cannot close")
        d.closed = true
        d.closed_at = this.tick()
        d.state_reason = input.reason ?? "RESOLVED"
        d.updated_at = d.closed_at
        return { discussion: this.discussionNode(d) }
      },
      addLabelsToLabelable: ({ input }: { readonly input: { readonly labelableId: string; readonly labelIds: ReadonlyArray<string> } }) => {
        const d = discussionById(input.labelableId)
        if (!who.push) throw new Error("FORBIDDEN: viewer cannot label")
        for (const id of input.labelIds) {
          const name = labelName(d.repo, id)
          if (name === undefined) throw new Error(`NOT_FOUND: no label ${id}`)
          if (!d.labels.includes(name)) d.labels.push(name)
        }
        d.updated_at = this.tick()
        return labelsPayload(d)
      },
      removeLabelsFromLabelable: ({ input }: { readonly input: { readonly labelableId: string; readonly labelIds: ReadonlyArray<string> } }) => {
        const d = discussionById(input.labelableId)
        if (!who.push) throw new Error("FORBIDDEN: viewer cannot label")
        const names = input.labelIds.map((id) => labelName(d.repo, id))
        d.labels = d.labels.filter((l) => !names.includes(l))
        d.updated_at = this.tick()
        return labelsPayload(d)
      }
    }
  }
}
