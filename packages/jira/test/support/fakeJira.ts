/**
 * A stateful fake Jira Cloud site on 127.0.0.1 (node:http), driven by the adapter through
 * jira.js. Every request it receives and every response it sends is checked against
 * Atlassian's OpenAPI description (`contract.ts`); every ADF body against the ADF schema.
 * A violation is recorded in `violations` (tests assert it stays empty) and a bad request
 * is answered 400, as Jira would.
 *
 * Assumptions the spec does not encode (each is written into the code below where it acts):
 * - A1 `POST /rest/api/3/search/jql` pages with an opaque `nextPageToken`; there is no `total`
 *   and no `startAt`; without `fields` an issue is `{ id }` only. `maxResults` is 1..5000, but
 *   a page that asks for fields other than `id` holds at most 100 issues (Atlassian's search
 *   documentation; the spec has no maximum).
 * - A2 A JQL query without any restricting clause is answered 400 ("unbounded JQL").
 * - A3 JQL dates (`"yyyy-MM-dd HH:mm"`, `"yyyy/MM/dd HH:mm"`, `"yyyy-MM-dd"`) have minute
 *   precision and are read in the calling user's time zone (`/myself` `timeZone`).
 * - A4 The old `GET/POST /rest/api/3/search` answers 410 Gone (CHANGE-2046); the spec still
 *   lists it with 200, so that one response is exempt from response validation.
 * - A5 The `comment` field in search results embeds at most 20 comments, with `total`
 *   (Adaptavist's migration notes on truncated embedded comments).
 * - A6 `Comment.body` is typed `{}` in the spec: comment bodies and descriptions are checked
 *   against the ADF schema instead, and a string body (wiki markup, v2 only) is refused.
 * - A7 Users are identified by `accountId`; hidden e-mail addresses are left out.
 * - A8 On a service desk project, a comment created with the entity property
 *   `sd.public.comment` `{ internal: true }` is internal (`jsdPublic: false`); elsewhere a
 *   comment's `visibility` (role or group) restricts it.
 * - A9 A transition's screen may require `resolution`; without it the transition is 400.
 * - A10 `POST /rest/api/3/issueLink` answers 201 with an empty body and returns no link id.
 * - A11 Wrong credentials: `/myself` answers 401; every other request is served as anonymous
 *   (issues not found, searches empty), as live sites do (P16).
 * - A12 429 and 503 can come from any endpoint (rate-limiting guide), with or without
 *   `Retry-After` in seconds; they are not declared per operation in the spec, so fault
 *   responses are exempt from response validation.
 * - A13 Labels cannot contain spaces (400).
 * - A15 An issue link is recorded in the change history of both issues, as field `Link`
 *   with `to` the other issue's key.
 * - A16 A transition into a done status without a resolution sets `Done`; a transition out
 *   of done clears the resolution (both recorded as a `resolution` change).
 * - A14 The changelog bulk fetch returns histories sorted by date then issue id and pages by
 *   `nextPageToken` over histories (`maxResults` default 1000).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { adfProblems, type Operation, operationOf, requestProblems, responseProblems } from "./contract.js"
import { must } from "./must.js"

export interface Account {
  readonly accountId: string
  readonly displayName: string
  readonly accountType: "atlassian" | "app" | "customer"
  readonly timeZone: string
}

export interface FakeComment {
  readonly id: string
  readonly author: string
  body: unknown
  readonly created: number
  updated: number
  readonly jsdPublic: boolean
  readonly visibility: { readonly type: "role" | "group"; readonly value: string } | undefined
  readonly properties: Map<string, unknown>
}

export interface ChangeItem {
  readonly field: string
  readonly fieldId: string
  readonly from: string | null
  readonly fromString: string | null
  readonly to: string | null
  readonly toString: string | null
}

export interface History {
  readonly id: string
  readonly author: string
  readonly created: number
  readonly items: ReadonlyArray<ChangeItem>
}

export interface FakeIssue {
  readonly id: string
  readonly key: string
  readonly project: string
  summary: string
  description: unknown
  status: string
  resolution: string | undefined
  labels: Array<string>
  assignee: string | undefined
  readonly reporter: string
  readonly issueType: string
  readonly created: number
  updated: number
  readonly comments: Array<FakeComment>
  readonly histories: Array<History>
  readonly links: Array<{ readonly id: string; readonly type: string; readonly inward: string; readonly outward: string }>
  readonly properties: Map<string, unknown>
}

export interface TransitionSpec {
  readonly id: string
  readonly name: string
  readonly to: string
  readonly requiresResolution: boolean
}

export interface ProjectSpec {
  readonly key: string
  readonly id: string
  readonly type: "software" | "service_desk" | "business"
  readonly transitions: ReadonlyArray<TransitionSpec>
}

const statuses: { readonly [name: string]: { readonly id: string; readonly category: "new" | "indeterminate" | "done" } } = {
  Open: { id: "1", category: "new" },
  "In Progress": { id: "3", category: "indeterminate" },
  "Waiting for customer": { id: "10001", category: "indeterminate" },
  Done: { id: "10002", category: "done" },
  Closed: { id: "6", category: "done" }
}
const categoryIds = { new: 2, indeterminate: 4, done: 3 } as const
const resolutions = ["Done", "Won't Do", "Duplicate", "Cannot Reproduce", "Known Error"]
const linkTypes = [
  { id: "10000", name: "Blocks", inward: "is blocked by", outward: "blocks" },
  { id: "10003", name: "Relates", inward: "relates to", outward: "relates to" },
  { id: "10004", name: "Escalated", inward: "was escalated from", outward: "escalated to" }
]

/** Workflows of the fake: a company-managed software workflow and a service desk one. */
export const softwareTransitions: ReadonlyArray<TransitionSpec> = [
  { id: "11", name: "Start progress", to: "In Progress", requiresResolution: false },
  { id: "31", name: "Done", to: "Done", requiresResolution: false },
  { id: "41", name: "Reopen", to: "Open", requiresResolution: false }
]
export const serviceDeskTransitions: ReadonlyArray<TransitionSpec> = [
  { id: "851", name: "Respond to customer", to: "Waiting for customer", requiresResolution: false },
  { id: "761", name: "Resolve this issue", to: "Closed", requiresResolution: true },
  { id: "901", name: "Reopen", to: "Open", requiresResolution: false }
]

const writeOperations = new Set(["addComment", "assignIssue", "editIssue", "doTransition", "createIssue", "linkIssues"])

export interface Fault {
  readonly status: 429 | 503 | 500 | 400
  readonly retryAfter?: number | undefined
}

export interface RequestRecord {
  readonly method: string
  readonly path: string
  readonly operationId: string
  readonly status: number
  readonly body: unknown
}

// ---------------------------------------------------------------------------
// time: Jira's wire format and the caller's zone (A3)
// ---------------------------------------------------------------------------

const pad = (n: number, w = 2): string => String(n).padStart(w, "0")
/** Jira's timestamp form, e.g. `2021-01-17T12:34:00.000+0000` (always UTC here). */
export const jiraTime = (ms: number): string => {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${
    pad(d.getUTCSeconds())
  }.${pad(d.getUTCMilliseconds(), 3)}+0000`
}

const offsetAt = (ms: number, zone: string): number => {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit"
  }).formatToParts(new Date(ms))
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value)
  return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second")) - Math.floor(ms / 1000) * 1000
}

/** The instant of a wall-clock minute in a zone (the earlier one in an overlap). */
const wallToInstant = (y: number, mo: number, d: number, h: number, mi: number, zone: string): number => {
  const guess = Date.UTC(y, mo - 1, d, h, mi)
  const a = guess - offsetAt(guess, zone)
  const b = guess - offsetAt(a, zone)
  return Math.min(a, b)
}

// ---------------------------------------------------------------------------
// JQL: the subset the adapter and the tests use (A2, A3)
// ---------------------------------------------------------------------------

type Token = { readonly kind: "word" | "string" | "op" | "lp" | "rp" | "comma"; readonly text: string }

const tokenize = (jql: string): Array<Token> => {
  const out: Array<Token> = []
  let i = 0
  while (i < jql.length) {
    const c = must(jql[i])
    if (/\s/.test(c)) i++
    else if (c === "(" || c === ")" || c === ",") {
      out.push({ kind: c === "(" ? "lp" : c === ")" ? "rp" : "comma", text: c })
      i++
    } else if (c === "\"" || c === "'") {
      let j = i + 1
      let s = ""
      while (j < jql.length && jql[j] !== c) {
        if (jql[j] === "\\") j++
        s += jql[j] ?? ""
        j++
      }
      if (j >= jql.length) throw new Error(`unterminated string at ${i}`)
      out.push({ kind: "string", text: s })
      i = j + 1
    } else if (/[!<>=~]/.test(c)) {
      const m = must(/^(!=|>=|<=|!~|=|>|<|~)/.exec(jql.slice(i)))[0]
      out.push({ kind: "op", text: m })
      i += m.length
    } else {
      const m = must(/^[^\s(),!<>=~"']+/.exec(jql.slice(i)))[0]
      out.push({ kind: "word", text: m })
      i += m.length
    }
  }
  return out
}

interface Ctx {
  readonly zone: string
  readonly issue: FakeIssue
}
type Pred = (ctx: Ctx) => boolean

class JqlParser {
  private i = 0
  clauses = 0
  constructor(private readonly tokens: ReadonlyArray<Token>) {}
  private peek(): Token | undefined {
    return this.tokens[this.i]
  }
  private word(w: string): boolean {
    const t = this.peek()
    if (t?.kind === "word" && t.text.toUpperCase() === w) {
      this.i++
      return true
    }
    return false
  }
  atOrderBy(): boolean {
    const t = this.peek()
    return t?.kind === "word" && t.text.toUpperCase() === "ORDER"
  }
  done(): boolean {
    return this.i >= this.tokens.length
  }
  or(): Pred {
    let left = this.and()
    while (this.word("OR")) {
      const l = left
      const r = this.and()
      left = (c) => l(c) || r(c)
    }
    return left
  }
  private and(): Pred {
    let left = this.not()
    while (this.word("AND")) {
      const l = left
      const r = this.not()
      left = (c) => l(c) && r(c)
    }
    return left
  }
  private not(): Pred {
    if (this.word("NOT")) {
      const p = this.not()
      return (c) => !p(c)
    }
    const t = this.peek()
    if (t?.kind === "lp") {
      this.i++
      const p = this.or()
      if (this.peek()?.kind !== "rp") throw new Error("expected )")
      this.i++
      return p
    }
    return this.clause()
  }
  private value(): string {
    const t = this.tokens[this.i++]
    if (t === undefined || (t.kind !== "word" && t.kind !== "string")) throw new Error(`expected a value at token ${this.i}`)
    return t.text
  }
  private clause(): Pred {
    const f = this.tokens[this.i++]
    if (f === undefined || (f.kind !== "word" && f.kind !== "string")) throw new Error("expected a field")
    const field = f.text.toLowerCase()
    let op: string
    if (this.word("IN")) op = "in"
    else if (this.word("NOT")) {
      if (!this.word("IN")) throw new Error("expected IN after NOT")
      op = "not in"
    } else if (this.word("IS")) {
      op = this.word("NOT") ? "is not" : "is"
    } else {
      const t = this.tokens[this.i++]
      if (t?.kind !== "op") throw new Error(`expected an operator after ${field}`)
      op = t.text
    }
    let values: Array<string>
    if (op === "in" || op === "not in") {
      if (this.tokens[this.i++]?.kind !== "lp") throw new Error("expected (")
      values = [this.value()]
      while (this.peek()?.kind === "comma") {
        this.i++
        values.push(this.value())
      }
      if (this.tokens[this.i++]?.kind !== "rp") throw new Error("expected )")
    } else values = [this.value()]
    this.clauses++
    return clausePredicate(field, op, values)
  }
  orderBy(): Array<{ field: string; desc: boolean }> {
    if (!this.word("ORDER")) return []
    if (!this.word("BY")) throw new Error("expected BY")
    const out: Array<{ field: string; desc: boolean }> = []
    do {
      const field = this.value().toLowerCase()
      const desc = this.word("DESC")
      if (!desc) this.word("ASC")
      out.push({ field, desc })
    } while (this.peek()?.kind === "comma" && ++this.i)
    return out
  }
}

/** The instant a JQL date names for a caller in `zone` (A3). */
export const parseJqlDate = (text: string, zone: string): number => {
  const m = /^(\d{4})[-/](\d{2})[-/](\d{2})(?: (\d{2}):(\d{2}))?$/.exec(text)
  if (m === null) throw new Error(`Date value '${text}' for field 'updated' is invalid`)
  return wallToInstant(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), zone)
}

const compare = (op: string, a: number, b: number): boolean =>
  op === ">=" ? a >= b : op === ">" ? a > b : op === "<=" ? a <= b : op === "<" ? a < b : op === "=" ? a === b : op === "!=" ? a !== b : false

const clausePredicate = (field: string, op: string, values: ReadonlyArray<string>): Pred => {
  const v = values[0] ?? ""
  const set = (xs: ReadonlyArray<string>, wanted: ReadonlyArray<string>, ci = false): boolean =>
    wanted.some((w) => xs.some((x) => (ci ? x.toLowerCase() === w.toLowerCase() : x === w)))
  const list = (get: (c: Ctx) => ReadonlyArray<string>, ci = false): Pred => {
    switch (op) {
      case "=":
      case "in":
        return (c) => set(get(c), values, ci)
      case "!=":
      case "not in":
        return (c) => !set(get(c), values, ci)
      case "is":
        return (c) => get(c).length === 0
      case "is not":
        return (c) => get(c).length > 0
      default:
        throw new Error(`operator ${op} is not supported for field ${field}`)
    }
  }
  switch (field) {
    case "project":
      return list((c) => [c.issue.project], true)
    case "key":
    case "issuekey":
      return list((c) => [c.issue.key], true)
    case "labels":
      return list((c) => c.issue.labels)
    case "status":
      return list((c) => [c.issue.status], true)
    case "statuscategory":
      return list(
        (c) => [statuses[c.issue.status]?.category === "done" ? "Done" : statuses[c.issue.status]?.category === "new" ? "To Do" : "In Progress"],
        true
      )
    case "assignee":
      return list((c) => (c.issue.assignee === undefined ? [] : [c.issue.assignee]))
    case "updated":
    case "created":
      if (!["=", "!=", ">=", ">", "<=", "<"].includes(op)) throw new Error(`operator ${op} is not supported for field ${field}`)
      return (c) => compare(op, field === "updated" ? c.issue.updated : c.issue.created, parseJqlDate(v, c.zone))
    default:
      throw new Error(`Field '${field}' does not exist or you do not have permission to view it.`)
  }
}

// ---------------------------------------------------------------------------
// the server
// ---------------------------------------------------------------------------

class HttpError {
  constructor(
    readonly status: number,
    readonly messages: ReadonlyArray<string>
  ) {}
}

export interface FakeJiraOptions {
  readonly email?: string
  readonly apiToken?: string
  readonly bearer?: string
  /** The account the credentials belong to (the adapter's own identity). */
  readonly self?: Account
}

export class FakeJira {
  readonly accounts = new Map<string, Account>()
  readonly projects = new Map<string, ProjectSpec>()
  readonly issues = new Map<string, FakeIssue>()
  readonly requests: Array<RequestRecord> = []
  readonly violations: Array<string> = []
  readonly faults: Array<Fault> = []
  /** Silently ignore assignee and label writes (a read-back must notice). */
  dropWrites = false
  /** Writes applied so far (comments, assignments, edits, transitions, creations, links). */
  writes = 0
  /**
   * Crash after this many writes: that write is applied but its response is lost (the
   * connection is cut), and every later request is refused with 503 until `restart()`.
   */
  crashAfterWrites: number | undefined = undefined
  crashed = false
  now = Date.UTC(2026, 0, 5, 9, 0)
  private nextId = 10000
  private server: Server | undefined
  url = ""
  readonly self: Account
  private readonly email: string
  private readonly apiToken: string
  private readonly bearer: string | undefined

  constructor(options: FakeJiraOptions = {}) {
    this.email = options.email ?? "sre-bot@example.org"
    this.apiToken = options.apiToken ?? "test-token"
    this.bearer = options.bearer
    this.self = options.self ?? { accountId: "557058:bot-0001", displayName: "SRE bot", accountType: "atlassian", timeZone: "Europe/Berlin" }
    this.accounts.set(this.self.accountId, this.self)
  }

  // --- state helpers for tests -------------------------------------------------

  addAccount(a: Account): Account {
    this.accounts.set(a.accountId, a)
    return a
  }

  addProject(key: string, type: ProjectSpec["type"] = "software"): ProjectSpec {
    const p: ProjectSpec = { key, id: String(this.nextId++), type, transitions: type === "service_desk" ? serviceDeskTransitions : softwareTransitions }
    this.projects.set(key, p)
    return p
  }

  reset(): void {
    this.issues.clear()
    this.requests.length = 0
    this.violations.length = 0
    this.faults.length = 0
    this.dropWrites = false
    this.counters.clear()
    this.writes = 0
    this.crashAfterWrites = undefined
    this.crashed = false
  }

  /** The site is back after a crash. */
  restart(): void {
    this.crashed = false
  }

  private readonly counters = new Map<string, number>()
  private nextKey(project: string): string {
    const n = (this.counters.get(project) ?? 0) + 1
    this.counters.set(project, n)
    return `${project}-${n}`
  }

  /** A user opens an issue (as on the site), at `at`. */
  createIssue(
    input: {
      readonly project: string
      readonly summary: string
      readonly description?: string
      readonly reporter: string
      readonly labels?: ReadonlyArray<string>
      readonly at?: number
      readonly issueType?: string
    }
  ): FakeIssue {
    if (!this.projects.has(input.project)) throw new Error(`no project ${input.project}`)
    const at = input.at ?? this.now
    const issue: FakeIssue = {
      id: String(this.nextId++),
      key: this.nextKey(input.project),
      project: input.project,
      summary: input.summary,
      description: input.description === undefined ? undefined : paragraphDoc(input.description),
      status: "Open",
      resolution: undefined,
      labels: [...(input.labels ?? [])],
      assignee: undefined,
      reporter: input.reporter,
      issueType: input.issueType ?? "Task",
      created: at,
      updated: at,
      comments: [],
      histories: [],
      links: [],
      properties: new Map()
    }
    this.issues.set(issue.key, issue)
    return issue
  }

  /** Someone comments, at `at`. */
  addComment(
    key: string,
    input: { readonly author: string; readonly text?: string; readonly body?: unknown; readonly at?: number; readonly internal?: boolean }
  ): FakeComment {
    const issue = this.issues.get(key)
    if (issue === undefined) throw new Error(`no issue ${key}`)
    const at = input.at ?? this.now
    const serviceDesk = this.projects.get(issue.project)?.type === "service_desk"
    const c: FakeComment = {
      id: String(this.nextId++),
      author: input.author,
      body: input.body ?? paragraphDoc(input.text ?? ""),
      created: at,
      updated: at,
      jsdPublic: !(serviceDesk && input.internal === true),
      visibility: !serviceDesk && input.internal === true ? { type: "role", value: "Administrators" } : undefined,
      properties: new Map()
    }
    issue.comments.push(c)
    issue.updated = Math.max(issue.updated, at)
    return c
  }

  /** A change history entry made by `author` at `at` (a status or assignee change on the site). */
  addHistory(issue: FakeIssue, author: string, at: number, items: ReadonlyArray<ChangeItem>): void {
    issue.histories.push({ id: String(this.nextId++), author, created: at, items })
    issue.updated = Math.max(issue.updated, at)
  }

  count(operationId?: string): number {
    return operationId === undefined ? this.requests.length : this.requests.filter((r) => r.operationId === operationId).length
  }

  // --- lifecycle ---------------------------------------------------------------

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((resolve) => must(this.server).listen(0, "127.0.0.1", resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this.url
  }

  async stop(): Promise<void> {
    const s = this.server
    if (s === undefined) return
    this.server = undefined
    s.closeAllConnections()
    await new Promise<void>((resolve) => s.close(() => resolve()))
  }

  // --- request handling ----------------------------------------------------------

  private caller(req: IncomingMessage): Account | undefined {
    const auth = req.headers.authorization ?? ""
    if (this.bearer !== undefined && auth === `Bearer ${this.bearer}`) return this.self
    if (auth === `Basic ${Buffer.from(`${this.email}:${this.apiToken}`).toString("base64")}`) return this.self
    return undefined
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Array<Buffer> = []
    for await (const c of req) chunks.push(c as Buffer)
    const raw = Buffer.concat(chunks).toString("utf8")
    const url = new URL(req.url ?? "/", "http://127.0.0.1")
    const method = (req.method ?? "GET").toUpperCase()
    const op = operationOf(method, url.pathname)
    let status: number
    let body: unknown
    let headers: { [k: string]: string } = {}
    let validateResponse = true
    try {
      if (op === undefined) throw new HttpError(404, [`${method} ${url.pathname} is not an operation of the Jira platform REST API v3`])
      let parsed: unknown
      if (raw !== "") {
        try {
          parsed = JSON.parse(raw)
        } catch {
          throw new HttpError(400, ["request body is not JSON"])
        }
      }
      const fault: Fault | undefined = this.crashed ? { status: 503 } : this.faults.shift()
      if (fault !== undefined) {
        validateResponse = false // A12
        status = fault.status
        body = { errorMessages: [fault.status === 429 ? "Rate limit exceeded." : "Service unavailable."] }
        if (fault.retryAfter !== undefined) headers = { "retry-after": String(fault.retryAfter) }
      } else {
        const problems = requestProblems(op, url.searchParams, parsed)
        if (problems.length > 0) {
          this.violations.push(...problems.map((p) => `${op.operationId}: ${p}`))
          throw new HttpError(400, problems)
        }
        const out = this.route(op, url.searchParams, parsed, this.caller(req))
        status = out.status
        body = out.body
        if (out.exempt === true) validateResponse = false
        if (writeOperations.has(op.operationId) && status < 300) {
          this.writes++
          if (this.writes === this.crashAfterWrites) {
            this.crashed = true
            this.requests.push({ method, path: url.pathname, operationId: op.operationId, status: 0, body: raw === "" ? undefined : raw })
            res.destroy()
            return
          }
        }
      }
    } catch (e) {
      if (e instanceof HttpError) {
        status = e.status
        body = { errorMessages: e.messages, errors: {} }
        validateResponse = false
      } else {
        status = 500
        body = { errorMessages: [String(e)] }
        this.violations.push(`fake crashed on ${method} ${url.pathname}: ${String(e)}`)
        validateResponse = false
      }
    }
    if (op !== undefined && validateResponse) {
      const problems = responseProblems(op, status, body)
      if (problems.length > 0) this.violations.push(...problems.map((p) => `${op.operationId}: ${p}`))
    }
    this.requests.push({ method, path: url.pathname, operationId: op?.operationId ?? "unknown", status, body: raw === "" ? undefined : raw })
    const text = body === undefined ? "" : JSON.stringify(body)
    res.writeHead(status, { ...(text === "" ? {} : { "content-type": "application/json" }), ...headers })
    res.end(text)
  }

  private route(op: Operation, q: URLSearchParams, body: unknown, caller: Account | undefined): { status: number; body?: unknown; exempt?: boolean } {
    const b = (body ?? {}) as { [k: string]: unknown }
    const issueParam = (): FakeIssue => this.visibleIssue(op.params["issueIdOrKey"] ?? "", caller)
    switch (op.operationId) {
      case "getCurrentUser":
        if (caller === undefined) throw new HttpError(401, ["Client must be authenticated to access this resource."])
        return { status: 200, body: this.user(caller, true) }
      case "searchForIssuesUsingJql":
      case "searchForIssuesUsingJqlPost":
        // A4
        return {
          status: 410,
          body: { errorMessages: ["The requested API has been removed. Please migrate to the /rest/api/3/search/jql API."], errors: {} },
          exempt: true
        }
      case "searchAndReconsileIssuesUsingJqlPost":
        return { status: 200, body: this.search(b, caller) }
      case "getProject": {
        const p = caller === undefined ? undefined : this.projects.get(op.params["projectIdOrKey"] ?? "")
        if (p === undefined) throw new HttpError(404, ["No project could be found."])
        return {
          status: 200,
          body: {
            id: p.id,
            key: p.key,
            name: p.key,
            projectTypeKey: p.type,
            self: `${this.url}/rest/api/3/project/${p.id}`,
            simplified: false,
            style: "classic"
          }
        }
      }
      case "getIssue": {
        const issue = issueParam()
        const fields = q.has("fields") ? q.getAll("fields").flatMap((f) => f.split(",")) : ["*all"]
        const properties = q.getAll("properties").flatMap((f) => f.split(","))
        return { status: 200, body: this.issueBean(issue, fields, properties) }
      }
      case "getComments": {
        const issue = issueParam()
        const startAt = Number(q.get("startAt") ?? 0)
        const maxResults = Math.min(Number(q.get("maxResults") ?? 5000), 5000)
        const order = q.get("orderBy") ?? "created"
        const sorted = [...issue.comments].sort((x, y) => (order.startsWith("-") ? y.created - x.created : x.created - y.created))
        return {
          status: 200,
          body: { startAt, maxResults, total: sorted.length, comments: sorted.slice(startAt, startAt + maxResults).map((c) => this.comment(issue, c, false)) }
        }
      }
      case "getCommentsByIds": {
        const ids = new Set((b["ids"] as ReadonlyArray<number>).map(String))
        const withProps = (q.get("expand") ?? "").split(",").includes("properties")
        const values = [...this.issues.values()].filter((i) => caller !== undefined && this.projects.has(i.project)).flatMap((i) =>
          i.comments.filter((c) => ids.has(c.id)).map((c) => this.comment(i, c, withProps))
        )
        return { status: 200, body: { isLast: true, maxResults: 1000, startAt: 0, total: values.length, values } }
      }
      case "addComment": {
        const issue = issueParam()
        if (caller === undefined) throw new HttpError(401, ["not authenticated"])
        const adf = this.adf(b["body"], "body")
        const props = (b["properties"] as ReadonlyArray<{ key: string; value: unknown }> | undefined) ?? []
        const serviceDesk = this.projects.get(issue.project)?.type === "service_desk"
        const internal = serviceDesk && props.some((p) => p.key === "sd.public.comment" && (p.value as { internal?: unknown } | null)?.internal === true) // A8
        const vis = b["visibility"] as { type: "role" | "group"; value: string } | undefined
        if (vis !== undefined && !["Administrators", "Developers", "jira-software-users", "Service Desk Team"].includes(vis.value))
          throw new HttpError(400, [`Role or group '${vis.value}' does not exist.`])
        const c: FakeComment = {
          id: String(this.nextId++),
          author: caller.accountId,
          body: adf,
          created: this.now,
          updated: this.now,
          jsdPublic: !internal,
          visibility: vis,
          properties: new Map(props.map((p) => [p.key, p.value]))
        }
        issue.comments.push(c)
        issue.updated = this.now
        return { status: 201, body: this.comment(issue, c, false) }
      }
      case "assignIssue": {
        const issue = issueParam()
        if (caller === undefined) throw new HttpError(401, ["not authenticated"])
        const accountId = b["accountId"] as string | null | undefined
        if (accountId !== null && accountId !== undefined && !this.accounts.has(accountId))
          throw new HttpError(400, [`User '${accountId}' cannot be assigned issues.`])
        if (!this.dropWrites && issue.assignee !== (accountId ?? undefined)) {
          const from = issue.assignee
          issue.assignee = accountId ?? undefined
          this.history(issue, caller, [{
            field: "assignee",
            fieldId: "assignee",
            from: from ?? null,
            fromString: from === undefined ? null : this.accounts.get(from)?.displayName ?? null,
            to: accountId ?? null,
            toString: accountId == null ? null : this.accounts.get(accountId)?.displayName ?? null
          }])
        }
        return { status: 204 }
      }
      case "editIssue": {
        const issue = issueParam()
        if (caller === undefined) throw new HttpError(401, ["not authenticated"])
        const before = [...issue.labels]
        let labels = [...issue.labels]
        const fields = (b["fields"] ?? {}) as { [k: string]: unknown }
        if (Array.isArray(fields["labels"])) labels = [...(fields["labels"] as Array<string>)]
        const ops = ((b["update"] ?? {}) as { [k: string]: ReadonlyArray<{ add?: unknown; remove?: unknown; set?: unknown }> })["labels"] ?? []
        for (const o of ops) {
          if (typeof o.add === "string" && !labels.includes(o.add)) labels.push(o.add)
          if (typeof o.remove === "string") labels = labels.filter((l) => l !== o.remove)
          if (Array.isArray(o.set)) labels = [...(o.set as Array<string>)]
        }
        const bad = labels.find((l) => /\s/.test(l) || l === "")
        if (bad !== undefined) throw new HttpError(400, [`The label '${bad}' contains spaces which is invalid.`]) // A13
        if (typeof fields["summary"] === "string") issue.summary = fields["summary"]
        if (!this.dropWrites && before.join(" ") !== labels.join(" ")) {
          issue.labels = labels
          this.history(issue, caller, [{ field: "labels", fieldId: "labels", from: null, fromString: before.join(" "), to: null, toString: labels.join(" ") }])
        }
        return { status: 204 }
      }
      case "getTransitions": {
        const issue = issueParam()
        const withFields = (q.get("expand") ?? "").includes("transitions.fields")
        const p = must(this.projects.get(issue.project))
        return {
          status: 200,
          body: {
            transitions: p.transitions.map((t) => ({
              id: t.id,
              name: t.name,
              hasScreen: t.requiresResolution,
              isAvailable: true,
              isConditional: false,
              isGlobal: true,
              isInitial: false,
              to: this.status(t.to),
              ...(withFields
                ? {
                  fields: t.requiresResolution
                    ? {
                      resolution: {
                        key: "resolution",
                        name: "Resolution",
                        required: true,
                        operations: ["set"],
                        schema: { type: "resolution", system: "resolution" },
                        allowedValues: resolutions.map((r, i) => ({ id: String(10000 + i), name: r }))
                      }
                    }
                    : {}
                }
                : {})
            }))
          }
        }
      }
      case "doTransition": {
        const issue = issueParam()
        if (caller === undefined) throw new HttpError(401, ["not authenticated"])
        const p = must(this.projects.get(issue.project))
        const id = (b["transition"] as { id?: string } | undefined)?.id
        const t = p.transitions.find((x) => x.id === id)
        if (t === undefined) throw new HttpError(400, [`Transition id '${String(id)}' is not valid for this issue.`])
        const resolution = ((b["fields"] ?? {}) as { resolution?: { name?: string; id?: string } }).resolution
        if (t.requiresResolution && resolution === undefined) throw new HttpError(400, ["Field 'resolution' is required."]) // A9
        // A16: entering a done status without a resolution sets "Done" (the default workflow's post function)
        const resName = resolution?.name ??
          (resolution?.id === undefined ? (statuses[t.to]?.category === "done" ? "Done" : undefined) : resolutions[Number(resolution.id) - 10000])
        if (resName !== undefined && !resolutions.includes(resName)) throw new HttpError(400, ["Resolution is invalid."])
        const items: Array<ChangeItem> = [{
          field: "status",
          fieldId: "status",
          from: this.statusId(issue.status),
          fromString: issue.status,
          to: this.statusId(t.to),
          toString: t.to
        }]
        const newResolution = statuses[t.to]?.category === "done" ? resName : undefined
        if (newResolution !== issue.resolution)
          items.push({
            field: "resolution",
            fieldId: "resolution",
            from: null,
            fromString: issue.resolution ?? null,
            to: null,
            toString: newResolution ?? null
          })
        issue.status = t.to
        issue.resolution = newResolution
        this.history(issue, caller, items)
        return { status: 204 }
      }
      case "createIssue": {
        if (caller === undefined) throw new HttpError(401, ["not authenticated"])
        const fields = (b["fields"] ?? {}) as {
          project?: { key?: string }
          summary?: unknown
          description?: unknown
          labels?: ReadonlyArray<string>
          issuetype?: { name?: string; id?: string }
        }
        const project = fields.project?.key
        if (project === undefined || !this.projects.has(project)) throw new HttpError(400, ["project: valid project is required"])
        if (typeof fields.summary !== "string" || fields.summary === "") throw new HttpError(400, ["summary: You must specify a summary of the issue."])
        if (fields.issuetype === undefined) throw new HttpError(400, ["issuetype: Specify an issue type"])
        const description = fields.description === undefined ? undefined : this.adf(fields.description, "fields.description")
        const issue = this.createIssue({
          project,
          summary: fields.summary,
          reporter: caller.accountId,
          labels: fields.labels ?? [],
          issueType: fields.issuetype.name ?? "Task"
        })
        issue.description = description
        const assignee = (fields as { assignee?: { accountId?: string } }).assignee?.accountId
        if (assignee !== undefined) {
          if (!this.accounts.has(assignee)) throw new HttpError(400, [`assignee: User '${assignee}' cannot be assigned issues.`])
          issue.assignee = assignee
        }
        for (const p of (b["properties"] as ReadonlyArray<{ key: string; value: unknown }> | undefined) ?? []) issue.properties.set(p.key, p.value)
        return { status: 201, body: { id: issue.id, key: issue.key, self: `${this.url}/rest/api/3/issue/${issue.id}` } }
      }
      case "linkIssues": {
        if (caller === undefined) throw new HttpError(401, ["not authenticated"])
        const type = linkTypes.find((t) => t.name === (b["type"] as { name?: string }).name)
        if (type === undefined) throw new HttpError(404, ["No issue link type with name found."])
        const inward = this.visibleIssue((b["inwardIssue"] as { key?: string }).key ?? "", caller)
        const outward = this.visibleIssue((b["outwardIssue"] as { key?: string }).key ?? "", caller)
        const link = { id: String(this.nextId++), type: type.name, inward: inward.key, outward: outward.key }
        inward.links.push(link)
        outward.links.push(link)
        // A15: Jira records a link in the change history of both issues (field "Link")
        this.history(inward, caller, [{
          field: "Link",
          fieldId: "issuelinks",
          from: null,
          fromString: null,
          to: outward.key,
          toString: `This issue ${type.outward} ${outward.key}`
        }])
        this.history(outward, caller, [{
          field: "Link",
          fieldId: "issuelinks",
          from: null,
          fromString: null,
          to: inward.key,
          toString: `This issue ${type.inward} ${inward.key}`
        }])
        return { status: 201 } // A10
      }
      case "getIssueLinkTypes":
        return { status: 200, body: { issueLinkTypes: linkTypes.map((t) => ({ ...t, self: `${this.url}/rest/api/3/issueLinkType/${t.id}` })) } }
      case "getBulkChangelogs":
        return { status: 200, body: this.bulkChangelogs(b, caller) }
      default:
        throw new HttpError(501, [`the fake does not implement ${op.operationId}`])
    }
  }

  private visibleIssue(keyOrId: string, caller: Account | undefined): FakeIssue {
    const issue = this.issues.get(keyOrId) ?? [...this.issues.values()].find((i) => i.id === keyOrId)
    if (issue === undefined || caller === undefined) throw new HttpError(404, ["Issue does not exist or you do not have permission to see it."]) // A11
    return issue
  }

  private adf(value: unknown, where: string): unknown {
    if (typeof value === "string") throw new HttpError(400, [`${where}: Operation value must be an Atlassian Document (see the Atlassian Document Format)`]) // A6
    const p = adfProblems(value)
    if (p !== undefined) {
      this.violations.push(`ADF ${where}: ${p}`)
      throw new HttpError(400, [`${where}: INVALID_INPUT ${p}`])
    }
    return value
  }

  private history(issue: FakeIssue, caller: Account, items: ReadonlyArray<ChangeItem>): void {
    issue.histories.push({ id: String(this.nextId++), author: caller.accountId, created: this.now, items })
    issue.updated = this.now
  }

  private user(a: Account, full = false): { [k: string]: unknown } {
    return {
      accountId: a.accountId,
      accountType: a.accountType,
      active: true,
      displayName: a.displayName,
      self: `${this.url}/rest/api/3/user?accountId=${encodeURIComponent(a.accountId)}`,
      ...(full ? { timeZone: a.timeZone } : { timeZone: a.timeZone })
    }
  }

  private userById(id: string | undefined): { [k: string]: unknown } | null {
    if (id === undefined) return null
    const a = this.accounts.get(id)
    return a === undefined ? { accountId: id, active: false, displayName: "Former user" } : this.user(a)
  }

  private statusId(name: string): string {
    return statuses[name]?.id ?? "1"
  }

  private status(name: string): { [k: string]: unknown } {
    const s = statuses[name] ?? { id: "1", category: "new" as const }
    return {
      id: s.id,
      name,
      self: `${this.url}/rest/api/3/status/${s.id}`,
      statusCategory: {
        id: categoryIds[s.category],
        key: s.category,
        name: s.category === "done" ? "Done" : s.category === "new" ? "To Do" : "In Progress",
        colorName: "blue-gray",
        self: `${this.url}/rest/api/3/statuscategory/${categoryIds[s.category]}`
      }
    }
  }

  private comment(issue: FakeIssue, c: FakeComment, withProps: boolean): { [k: string]: unknown } {
    return {
      id: c.id,
      self: `${this.url}/rest/api/3/issue/${issue.id}/comment/${c.id}`,
      author: this.userById(c.author),
      updateAuthor: this.userById(c.author),
      body: c.body,
      created: jiraTime(c.created),
      updated: jiraTime(c.updated),
      jsdPublic: c.jsdPublic,
      ...(c.visibility === undefined ? {} : { visibility: { type: c.visibility.type, value: c.visibility.value, identifier: c.visibility.value } }),
      ...(withProps ? { properties: [...c.properties].map(([key, value]) => ({ key, value })) } : {})
    }
  }

  private field(issue: FakeIssue, name: string): unknown {
    switch (name) {
      case "summary":
        return issue.summary
      case "description":
        return issue.description ?? null
      case "status":
        return this.status(issue.status)
      case "resolution":
        return issue.resolution === undefined ? null : { id: String(10000 + resolutions.indexOf(issue.resolution)), name: issue.resolution }
      case "labels":
        return [...issue.labels]
      case "assignee":
        return this.userById(issue.assignee)
      case "reporter":
        return this.userById(issue.reporter)
      case "created":
        return jiraTime(issue.created)
      case "updated":
        return jiraTime(issue.updated)
      case "project": {
        const p = must(this.projects.get(issue.project))
        return { id: p.id, key: p.key, name: p.key, projectTypeKey: p.type, self: `${this.url}/rest/api/3/project/${p.id}` }
      }
      case "issuetype":
        return { id: "10001", name: issue.issueType }
      case "priority":
        return { id: "3", name: "Medium" }
      case "issuelinks":
        return issue.links.map((l) => {
          const t = must(linkTypes.find((x) => x.name === l.type))
          const other = l.inward === issue.key ? l.outward : l.inward
          const otherIssue = must(this.issues.get(other))
          return {
            id: l.id,
            type: t,
            ...(l.inward === issue.key ? { outwardIssue: { id: otherIssue.id, key: other } } : { inwardIssue: { id: otherIssue.id, key: other } })
          }
        })
      case "comment": {
        const shown = issue.comments.slice(0, 20) // A5
        return { comments: shown.map((c) => this.comment(issue, c, false)), maxResults: 20, total: issue.comments.length, startAt: 0 }
      }
      default:
        return undefined
    }
  }

  private issueBean(issue: FakeIssue, fields: ReadonlyArray<string>, properties: ReadonlyArray<string>): { [k: string]: unknown } {
    const all = [
      "summary",
      "description",
      "status",
      "resolution",
      "labels",
      "assignee",
      "reporter",
      "created",
      "updated",
      "project",
      "issuetype",
      "priority",
      "issuelinks",
      "comment"
    ]
    const wanted = fields.includes("*all") || fields.includes("*navigable") ? all : fields.filter((f) => f !== "id")
    const out: { [k: string]: unknown } = {}
    for (const f of wanted) {
      const v = this.field(issue, f)
      if (v !== undefined) out[f] = v
    }
    const props: { [k: string]: unknown } = {}
    for (const p of properties) if (issue.properties.has(p)) props[p] = issue.properties.get(p)
    if (wanted.length === 0 && properties.length === 0) return { id: issue.id } // A1
    return {
      id: issue.id,
      key: issue.key,
      self: `${this.url}/rest/api/3/issue/${issue.id}`,
      fields: out,
      ...(properties.length > 0 ? { properties: props } : {})
    }
  }

  private search(b: { [k: string]: unknown }, caller: Account | undefined): { [k: string]: unknown } {
    const jql = String(b["jql"] ?? "")
    const fields = (b["fields"] as ReadonlyArray<string> | undefined) ?? []
    const properties = (b["properties"] as ReadonlyArray<string> | undefined) ?? []
    const onlyIds = fields.every((f) => f === "id") && properties.length === 0
    const requested = Number(b["maxResults"] ?? 50)
    if (requested < 1 || requested > 5000) throw new HttpError(400, ["maxResults must be between 1 and 5000"])
    const pageSize = onlyIds ? requested : Math.min(requested, 100) // A1
    let parser: JqlParser
    let pred: Pred
    let order: Array<{ field: string; desc: boolean }>
    try {
      parser = new JqlParser(tokenize(jql))
      pred = parser.atOrderBy() || parser.done() ? () => true : parser.or()
      order = parser.orderBy()
      if (!parser.done()) throw new Error("Error in the JQL Query: unexpected text at the end")
    } catch (e) {
      throw new HttpError(400, [e instanceof Error ? e.message : String(e)])
    }
    if (parser.clauses === 0) throw new HttpError(400, ["Unbounded JQL queries are not allowed here. Please add a search restriction to your query."]) // A2
    const zone = caller?.timeZone ?? "UTC"
    const matched = caller === undefined ? [] : [...this.issues.values()].filter((issue) => pred({ zone, issue }))
    const keyOf = (
      i: FakeIssue,
      f: string
    ): number | string => (f === "updated" ? i.updated : f === "created" ? i.created : f === "key" ? Number(i.key.split("-")[1]) : Number(i.id))
    matched.sort((x, y) => {
      for (const o of [...order, { field: "id", desc: false }]) {
        const a = keyOf(x, o.field)
        const c = keyOf(y, o.field)
        if (a !== c) return (a < c ? -1 : 1) * (o.desc ? -1 : 1)
      }
      return 0
    })
    const token = b["nextPageToken"] as string | undefined
    let start = 0
    if (token !== undefined) {
      const decoded = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { jql: string; start: number }
      if (decoded.jql !== jql) throw new HttpError(400, ["The provided next page token is invalid or expired."])
      start = decoded.start
    }
    const page = matched.slice(start, start + pageSize)
    const next = start + pageSize < matched.length ? Buffer.from(JSON.stringify({ jql, start: start + pageSize })).toString("base64url") : undefined
    return {
      issues: page.map((i) => this.issueBean(i, fields, properties)),
      isLast: next === undefined,
      ...(next === undefined ? {} : { nextPageToken: next })
    }
  }

  private bulkChangelogs(b: { [k: string]: unknown }, caller: Account | undefined): { [k: string]: unknown } {
    const wanted = (b["issueIdsOrKeys"] as ReadonlyArray<string>).map((k) => this.issues.get(k) ?? [...this.issues.values()].find((i) => i.id === k)).filter((
      i
    ): i is FakeIssue => i !== undefined && caller !== undefined)
    const fieldIds = (b["fieldIds"] as ReadonlyArray<string> | undefined) ?? []
    const maxResults = Number(b["maxResults"] ?? 1000)
    const entries = wanted
      .flatMap((i) =>
        i.histories.map((h) => ({ issue: i, h: { ...h, items: fieldIds.length === 0 ? h.items : h.items.filter((it) => fieldIds.includes(it.fieldId)) } }))
      )
      .filter((e) => e.h.items.length > 0)
      .sort((x, y) => x.h.created - y.h.created || Number(x.issue.id) - Number(y.issue.id)) // A14
    const start = b["nextPageToken"] === undefined ? 0 : Number(Buffer.from(String(b["nextPageToken"]), "base64url").toString("utf8"))
    const page = entries.slice(start, start + maxResults)
    const byIssue = new Map<string, Array<{ [k: string]: unknown }>>()
    for (const e of page) {
      const list = byIssue.get(e.issue.id) ?? []
      list.push({
        id: e.h.id,
        author: this.userById(e.h.author),
        created: jiraTime(e.h.created),
        items: e.h.items.map((it) => ({ ...Object.fromEntries(Object.entries(it).filter(([, v]) => v !== null)), fieldtype: "jira" }))
      })
      byIssue.set(e.issue.id, list)
    }
    const next = start + maxResults < entries.length ? Buffer.from(String(start + maxResults)).toString("base64url") : undefined
    return {
      issueChangeLogs: [...byIssue].map(([issueId, changeHistories]) => ({ issueId, changeHistories })),
      ...(next === undefined ? {} : { nextPageToken: next })
    }
  }
}

/** A one-paragraph ADF document. */
export const paragraphDoc = (text: string): unknown => ({
  type: "doc",
  version: 1,
  content: text === "" ? [] : [{ type: "paragraph", content: [{ type: "text", text }] }]
})
