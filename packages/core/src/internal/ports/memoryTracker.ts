// The in-memory tracker: items with a timeline, comments carrying the hidden marker of the
// action that wrote them, assignees, labels and state, the way GitHub and Jira keep them.
// Each timeline entry maps to one Inquiry event whose id is the entry's, so the events a
// receipt reports and the ones a later sync reads are the same events.
import { Effect, Option, Stream } from "effect"
import type * as Action from "../../Action.js"
import type * as Inquiry from "../../Inquiry.js"
import * as Tracker from "./trackerModel.js"
import * as Types from "../../Types.js"
import { isoInstant } from "../templates.js"

export type SourceOptions = Tracker.MemorySource
export type Options = Tracker.MemoryOptions

export interface Comment {
  readonly id: string
  readonly author: string
  readonly body: string
  readonly at: number
  readonly visibility: "public" | "internal"
}

interface Entry {
  readonly seq: number
  readonly event: Inquiry.Event
}

interface Item {
  readonly inquiry: Types.InquiryId
  readonly source: string
  title: string
  readonly author: string
  state: "open" | "closed"
  closeReason: string | undefined
  labels: Array<string>
  assignees: Array<string>
  readonly comments: Array<Comment>
  readonly timeline: Array<Entry>
  updatedAt: number
}

interface Done {
  readonly events: ReadonlyArray<Inquiry.Event>
  readonly reference?: string | undefined
  readonly url?: string | undefined
}

interface Product {
  readonly reference: string
  readonly title: string
  body: string
  labels: Array<string>
  readonly supportItem: string
}

export const markerOf = (key: string): string => `<!-- sre-uxdd:${key} -->`

const allCapabilities: Tracker.Capabilities = {
  assign: true,
  labels: true,
  internalComments: true,
  closeReasons: ["resolved", "promoted", "known-issue", "duplicate", "stale"],
  createIssue: true,
  openInquiry: true
}

export const make = (options: Options) => {
  const name = options.name ?? "memory"
  const bot = options.bot ?? "sre-uxdd[bot]"
  const members = new Set(options.members)
  const sources = (options.sources ?? [{ name: "support" }]).map((s) => ({
    name: s.name,
    channel: s.channel ?? s.name,
    capabilities: { ...allCapabilities, ...s.capabilities }
  }))
  const sourceOf = new Map(sources.map((s) => [s.name, s] as const))
  const pageSize = Math.max(1, options.pageSize ?? 50)
  const statusLabels = options.statusLabels ?? { "waiting-on-reporter": "waiting-on-reporter" }

  let seq = 0
  let counter = 0
  let items = new Map<string, Item>()
  let done = new Map<string, Done>()
  let products = new Map<string, Product>()
  let requests = 0
  let writes = 0
  let skip = 0
  let failing = 0
  const log: Array<string> = []

  const fault = (what: string, inquiry?: string, key?: string): Tracker.TrackerError | undefined => {
    requests++
    if (skip > 0) {
      skip--
      return undefined
    }
    if (failing > 0) {
      failing--
      return new Tracker.TrackerError({
        reason: "unavailable",
        detail: `injected outage during ${what}`,
        retryable: true,
        ...(inquiry === undefined ? {} : { inquiry }),
        ...(key === undefined ? {} : { key })
      })
    }
    return undefined
  }

  const push = (item: Item, event: Inquiry.Event): Inquiry.Event => {
    seq++
    const full = { ...event, id: `t${seq}` } as Inquiry.Event
    item.timeline.push({ seq, event: full })
    item.updatedAt = Math.max(item.updatedAt, Date.parse(event.at))
    return full
  }

  const view = (item: Item): Tracker.Item => ({
    inquiry: item.inquiry,
    source: item.source,
    title: item.title,
    url: `memory://${item.inquiry}`,
    state: item.state,
    labels: [...item.labels].sort(),
    assignees: item.assignees.filter((a) => members.has(a)).sort().map((a) => Types.MemberId.make(a)),
    updatedAt: item.updatedAt
  })

  const get = (inquiry: string): Item | undefined => items.get(inquiry)
  const need = (inquiry: string, key?: string): Effect.Effect<Item, Tracker.TrackerError> => {
    const item = get(inquiry)
    return item === undefined
      ? Effect.fail(new Tracker.TrackerError({ reason: "not-found", detail: "no such item", retryable: false, inquiry, ...(key === undefined ? {} : { key }) }))
      : Effect.succeed(item)
  }

  // --- what users and team members do on the tracker ---------------------------------

  const open = (
    input: {
      readonly title: string
      readonly body: string
      readonly author: string
      readonly at: number
      readonly source?: string | undefined
      readonly labels?: ReadonlyArray<string> | undefined
    }
  ) =>
    Effect.sync(() => {
      const source = sourceOf.get(input.source ?? (sources[0] as { readonly name: string }).name) ?? (sources[0] as (typeof sources)[number])
      counter++
      const inquiry = Types.InquiryId.make(`${source.name}#${counter}`)
      const item: Item = {
        inquiry,
        source: source.name,
        title: input.title,
        author: input.author,
        state: "open",
        closeReason: undefined,
        labels: [...(input.labels ?? [])],
        assignees: [],
        comments: [],
        timeline: [],
        updatedAt: input.at
      }
      items.set(inquiry, item)
      push(item, {
        type: "opened",
        inquiry,
        at: isoInstant(input.at),
        actor: input.author,
        reporter: input.author,
        channel: source.channel,
        title: input.title,
        body: input.body,
        ...(input.labels === undefined || input.labels.length === 0 ? {} : { labels: [...input.labels] })
      })
      return inquiry
    })

  const addComment = (item: Item, author: string, body: string, at: number, visibility: "public" | "internal"): Inquiry.Event => {
    const event = push(item, { type: "commented", inquiry: item.inquiry, at: isoInstant(at), actor: author, visibility })
    item.comments.push({ id: event.id as string, author, body, at, visibility })
    return event
  }

  const comment = (
    inquiry: Types.InquiryId,
    input: { readonly author: string; readonly body: string; readonly at: number; readonly visibility?: "public" | "internal" | undefined }
  ) => Effect.flatMap(need(inquiry), (item) => Effect.sync(() => void addComment(item, input.author, input.body, input.at, input.visibility ?? "public")))

  const labelChange = (item: Item, label: string, add: boolean, actor: string, at: number): ReadonlyArray<Inquiry.Event> => {
    const has = item.labels.includes(label)
    if (add === has) return []
    item.labels = add ? [...item.labels, label] : item.labels.filter((l) => l !== label)
    item.updatedAt = Math.max(item.updatedAt, at)
    const status = statusLabels[label]
    if (status === undefined) return []
    return [push(item, { type: "status-changed", inquiry: item.inquiry, at: isoInstant(at), actor, status: add ? status : "in-progress" })]
  }

  const label = (
    inquiry: Types.InquiryId,
    input: { readonly label: string; readonly actor: string; readonly at: number; readonly remove?: boolean | undefined }
  ) => Effect.flatMap(need(inquiry), (item) => Effect.sync(() => void labelChange(item, input.label, input.remove !== true, input.actor, input.at)))

  const record = (event: Inquiry.Event) =>
    Effect.flatMap(need(event.inquiry), (item) =>
      Effect.sync(() => {
        if (event.type === "closed") {
          item.state = "closed"
          item.closeReason = event.reason
        }
        if (event.type === "reopened") item.state = "open"
        if (event.type === "assigned" || event.type === "handed-off" || event.type === "delegated") item.assignees = [event.to]
        const { id: _id, ...rest } = event
        push(item, rest)
      }))

  const corrupt = (inquiry: Types.InquiryId) =>
    Effect.flatMap(need(inquiry), (item) =>
      Effect.sync(() => {
        // A comment dated before the item opened: a history no replay accepts.
        const first = item.timeline[0]
        const at = first === undefined ? 0 : Date.parse(first.event.at) - 60_000
        addComment(item, "someone", "from the past", at, "public")
      }))

  // --- the port ----------------------------------------------------------------------

  const capabilities = (inquiry: Types.InquiryId | undefined): Tracker.Capabilities => {
    const item = inquiry === undefined ? undefined : get(inquiry)
    const source = item === undefined ? sources[0] : sourceOf.get(item.source)
    return (source ?? { capabilities: allCapabilities }).capabilities
  }

  const changes = (source: string, cursor: Tracker.Cursor | undefined): Stream.Stream<Tracker.Page, Tracker.TrackerError> =>
    Stream.paginate(cursor === undefined ? 0 : Number(cursor), (after: number) =>
      Effect.suspend(() => {
        const failure = fault(`changes of ${source}`)
        if (failure !== undefined) return Effect.fail(failure)
        const entries: Array<Entry> = []
        for (const item of items.values()) if (item.source === source) { for (const e of item.timeline) if (e.seq > after) entries.push(e) }
        entries.sort((a, b) => a.seq - b.seq)
        const page = entries.slice(0, pageSize)
        const last = page.length === 0 ? after : (page[page.length - 1] as Entry).seq
        const touched = [...new Set(page.map((e) => e.event.inquiry))].sort()
        const result: Tracker.Page = {
          items: touched.map((i) => view(items.get(i) as Item)),
          events: page.map((e) => e.event),
          cursor: String(last)
        }
        return Effect.succeed([[result], entries.length > pageSize ? Option.some(last) : Option.none()] as const)
      })).pipe(Stream.filter((p) => p.events.length > 0 || cursor === undefined))

  const history = (inquiry: Types.InquiryId) =>
    Effect.suspend(() => {
      const failure = fault(`history of ${inquiry}`, inquiry)
      if (failure !== undefined) return Effect.fail(failure)
      return Effect.map(need(inquiry), (item) => ({ item: view(item), events: item.timeline.map((e) => e.event) }))
    })

  const unsupported = (action: Tracker.TrackerAction, what: string) =>
    Effect.fail(
      new Tracker.TrackerError({
        reason: "unsupported",
        detail: `this tracker cannot ${what}`,
        retryable: false,
        key: action.key,
        ...("inquiry" in action ? { inquiry: action.inquiry } : {})
      })
    )

  const receipt = (
    action: Tracker.TrackerAction,
    now: number,
    outcome: "written" | "already-done",
    detail: string,
    d: Done,
    requestCount: number
  ): Tracker.Receipt => ({
    key: action.key,
    action: action._tag,
    outcome,
    executedAt: now,
    detail,
    requests: requestCount,
    events: d.events,
    ...(d.url === undefined ? {} : { url: d.url }),
    ...(d.reference === undefined ? {} : { reference: d.reference })
  })

  const closeReasonOf = (reason: Action.CloseReason): Inquiry.CloseReason => (reason === "duplicate" ? "duplicate" : reason === "stale" ? "stale" : "resolved")

  // Writes the action, answering the events it produced, or `undefined` when the state it
  // sets already holds.
  const write = (action: Tracker.TrackerAction, now: number): Done | undefined => {
    const at = isoInstant(now)
    switch (action._tag) {
      case "Assign": {
        const item = items.get(action.inquiry) as Item
        if (item.assignees.length === 1 && item.assignees[0] === action.assignee) return undefined
        const from = action.from ?? item.assignees.find((a) => members.has(a))
        item.assignees = [action.assignee]
        const base = { inquiry: item.inquiry, at, actor: bot }
        const event = action.reason === "handoff" && from !== undefined
          ? push(item, { ...base, type: "handed-off", from: Types.MemberId.make(from), to: action.assignee })
          : action.reason === "delegation" && from !== undefined
          ? push(item, {
            ...base,
            type: "delegated",
            from: Types.MemberId.make(from),
            to: action.assignee,
            ...(action.until === undefined ? {} : { until: isoInstant(action.until) })
          })
          : push(item, { ...base, type: "assigned", to: action.assignee })
        return { events: [event], url: `memory://${item.inquiry}` }
      }
      case "CarryOver": {
        const item = items.get(action.inquiry) as Item
        const event = push(item, {
          type: "carried-over",
          inquiry: item.inquiry,
          at,
          actor: bot,
          member: action.member,
          ...(action.until === undefined ? {} : { until: isoInstant(action.until) })
        })
        return { events: [event] }
      }
      case "Comment": {
        const item = items.get(action.inquiry) as Item
        const body = `${Tracker.renderMentions(action.text, (m) => `@${m}`)}\n\n${markerOf(action.key)}`
        const event = addComment(item, bot, body, now, action.visibility)
        return { events: [event], url: `memory://${item.inquiry}#${event.id as string}` }
      }
      case "AddLabel":
      case "RemoveLabel": {
        const item = items.get(action.inquiry) as Item
        const add = action._tag === "AddLabel"
        if (item.labels.includes(action.label) === add) return undefined
        return { events: labelChange(item, action.label, add, bot, now) }
      }
      case "Close": {
        const item = items.get(action.inquiry) as Item
        if (item.state === "closed") return undefined
        item.state = "closed"
        item.closeReason = action.reason === "stale" ? "not-planned" : action.reason === "duplicate" ? "duplicate" : "completed"
        return { events: [push(item, { type: "closed", inquiry: item.inquiry, at, actor: bot, reason: closeReasonOf(action.reason) })] }
      }
      case "CreateIssue": {
        const item = items.get(action.inquiry) as Item
        const reference = `product#${products.size + 1}`
        products.set(reference, {
          reference,
          title: action.draft.title,
          body: action.draft.body,
          labels: [...action.draft.labels],
          supportItem: action.inquiry
        })
        const event = push(item, { type: "promoted", inquiry: item.inquiry, at, actor: bot, reference })
        return { events: [event], reference, url: `memory://${reference}` }
      }
      case "UpdateIssue": {
        const product = products.get(action.issue) as Product
        product.body = `${product.body}\n\n${action.text}`
        product.labels = [...product.labels.filter((l) => !action.removeLabels.includes(l)), ...action.addLabels.filter((l) => !product.labels.includes(l))]
        return { events: [], reference: product.reference, url: `memory://${product.reference}` }
      }
      case "OpenInquiry": {
        const source = sources[0] as (typeof sources)[number]
        counter++
        const inquiry = Types.InquiryId.make(`${source.name}#${counter}`)
        const item: Item = {
          inquiry,
          source: source.name,
          title: action.title,
          author: bot,
          state: "open",
          closeReason: undefined,
          labels: [],
          assignees: [action.assignee],
          comments: [],
          timeline: [],
          updatedAt: now
        }
        items.set(inquiry, item)
        const opened = push(item, {
          type: "opened",
          inquiry,
          at,
          actor: bot,
          reporter: action.reporter.handle ?? action.reporter.name,
          channel: action.channel,
          title: action.title,
          body: `${action.body}\n\n${markerOf(action.key)}`
        })
        const assigned = push(item, { type: "assigned", inquiry, at, actor: bot, to: action.assignee })
        return { events: [opened, assigned], reference: inquiry, url: `memory://${inquiry}` }
      }
    }
  }

  const check = (action: Tracker.TrackerAction): Effect.Effect<void, Tracker.TrackerError> => {
    const caps = capabilities("inquiry" in action ? action.inquiry : undefined)
    switch (action._tag) {
      case "Assign":
        return caps.assign ? Effect.void : unsupported(action, "assign items")
      case "AddLabel":
      case "RemoveLabel":
        return caps.labels ? Effect.void : unsupported(action, "label items")
      case "Comment":
        return action.visibility === "internal" && !caps.internalComments ? unsupported(action, "post internal comments") : Effect.void
      case "Close":
        return caps.closeReasons.includes(action.reason) ? Effect.void : unsupported(action, `record the close reason ${action.reason}`)
      case "CreateIssue":
        return caps.createIssue ? Effect.void : unsupported(action, "create product issues")
      case "OpenInquiry":
        return caps.openInquiry ? Effect.void : unsupported(action, "open inquiries")
      default:
        return Effect.void
    }
  }

  const execute = (action: Tracker.TrackerAction, now: Types.Millis): Effect.Effect<Tracker.Receipt, Tracker.TrackerError> =>
    Effect.gen(function*() {
      const inquiry = "inquiry" in action ? action.inquiry : undefined
      yield* check(action)
      if (action._tag === "UpdateIssue" && !products.has(action.issue)) {
        return yield* Effect.fail(
          new Tracker.TrackerError({
            reason: "not-found",
            detail: `no product issue ${action.issue}`,
            retryable: false,
            key: action.key,
            inquiry: action.inquiry
          })
        )
      }
      if (inquiry !== undefined && action._tag !== "UpdateIssue" && action._tag !== "CreateIssue") yield* need(inquiry, action.key)
      if (inquiry !== undefined && action._tag === "CreateIssue") yield* need(inquiry, action.key)
      // Reading the marker (or the state) back is one request, the write another.
      const readFailure = fault(`reading ${action.key}`, inquiry, action.key)
      if (readFailure !== undefined) return yield* Effect.fail(readFailure)
      const before = done.get(action.key)
      if (before !== undefined) return receipt(action, now, "already-done", "its marker is already on the tracker", before, 1)
      const writeFailure = fault(`writing ${action.key}`, inquiry, action.key)
      if (writeFailure !== undefined) return yield* Effect.fail(writeFailure)
      const result = write(action, now)
      if (result === undefined) {
        const none: Done = { events: [] }
        done.set(action.key, none)
        return receipt(action, now, "already-done", "the tracker already shows what it sets", none, 1)
      }
      writes++
      done.set(action.key, result)
      log.push(`${isoInstant(now)} ${action._tag} ${action.key}`)
      return receipt(action, now, "written", `${action._tag} written`, result, 2)
    })

  const cost = (action: Tracker.TrackerAction): number => (action._tag === "OpenInquiry" ? 3 : 2)

  const service = {
    name,
    sources: sources.map((s) => s.name),
    changes,
    history,
    capabilities,
    execute,
    cost
  }

  const reset = Effect.sync(() => {
    seq = 0
    counter = 0
    items = new Map()
    done = new Map()
    products = new Map()
    requests = 0
    writes = 0
    skip = 0
    failing = 0
    log.length = 0
  })

  const viewOf = (inquiry: Types.InquiryId) =>
    Effect.map(Effect.orDie(need(inquiry)), (item) => ({
      open: item.state === "open",
      assignees: item.assignees.filter((a) => members.has(a)).sort(),
      labels: [...item.labels].sort(),
      comments: item.comments.map((c) => ({ author: c.author, body: c.body })),
      closeReason: item.closeReason
    }))

  const dump = Effect.sync(() =>
    [...items.values()]
      .sort((a, b) => (a.inquiry < b.inquiry ? -1 : 1))
      .map((item) => ({
        inquiry: item.inquiry as string,
        state: item.state,
        closeReason: item.closeReason,
        labels: [...item.labels].sort(),
        assignees: [...item.assignees].sort(),
        comments: item.comments.map((c) => `${c.author}: ${c.body}`),
        events: item.timeline.map((e) => `${e.event.type} ${e.event.at} ${e.event.actor}`)
      }))
  )

  return {
    service,
    members: options.members.map((m) => Types.MemberId.make(m)),
    user: options.user ?? "user",
    bot,
    reset,
    open,
    comment,
    label,
    record,
    corrupt,
    view: viewOf,
    dump,
    products: Effect.sync(() => [...products.values()].map((p) => ({ ...p, labels: [...p.labels] }))),
    failNext: (n: number, after = 0) =>
      Effect.sync(() => {
        failing = Math.max(0, n)
        skip = n === 0 ? 0 : Math.max(0, after)
      }),
    stats: Effect.sync(() => ({ requests, writes })),
    writeLog: Effect.sync((): ReadonlyArray<string> => [...log])
  }
}
