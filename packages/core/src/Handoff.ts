/**
 * Shift-end handoffs and delegation. When a shift ends, every unresolved inquiry
 * the outgoing Primary owns moves to the incoming Primary, unless the outgoing
 * Primary chose to carry it to completion because it is nearly done. The handoff is
 * formal: each customer is told who now looks after their inquiry, and the incoming
 * Primary and Backup get one note with the open items, their clocks, what was tried
 * and what comes next. During a shift the Primary may hand the role to the Backup
 * for a while (formally and on record); ownership follows the delegation, and a
 * Primary's away notice longer than a threshold (default 4 covered hours) suggests one.
 *
 * @since 0.1.0
 * @module
 */
import { type Duration, Effect, Schema } from "effect"
import * as Action from "./Action.js"
import * as Coverage from "./Coverage.js"
import * as Inquiry from "./Inquiry.js"
import * as T from "./internal/templates.js"
import * as Types from "./Types.js"

/**
 * What the handoff needs to know about an inquiry. Field names match
 * `Inquiry.State`, plus its current `owner` (from the tracker or
 * ownership replay) and optional customer names and link.
 *
 * @since 0.1.0
 * @category models
 */
export interface Item {
  readonly inquiry: Types.InquiryId
  readonly title: string
  readonly reporter: string
  readonly phase: "open" | "resolved" | "closed"
  readonly openedAt: Types.Millis
  readonly firstResponse?: { readonly at: Types.Millis } | undefined
  readonly status?: string | undefined
  /** The priority, which picks the response goal among `PlanInput.goals` (default goal without it). */
  readonly priority?: string | undefined
  /** The current owner; `undefined` for an inquiry no one owns yet (e.g. arrived on a weekend). */
  readonly owner: Types.MemberId | undefined
  /** Names to greet in the customer message (default: the reporter). */
  readonly customers?: ReadonlyArray<string> | undefined
  readonly url?: string | undefined
  /**
   * Explicit ownership changes (`Inquiry.State.ownership`); {@link undelegate} reads
   * them to tell an inquiry the delegation moved from one the delegate owns anyway.
   */
  readonly ownership?: ReadonlyArray<Inquiry.OwnershipChange> | undefined
  /**
   * Resolution cycles with their waits (`Inquiry.State.cycles`), for the note's clocks:
   * the "open for" time, and the response clock, which a resolution or close of the
   * first cycle stops when it came before any response. Without them the inquiry counts
   * as one cycle from `openedAt` that never waited on the reporter.
   */
  readonly cycles?: ReadonlyArray<Inquiry.Cycle> | undefined
  /**
   * Developers enlisted on the inquiry and their replies (`Inquiry.State.enlistments`):
   * the note says whether each enlistment continues with the incoming Primary.
   */
  readonly enlistments?: ReadonlyArray<Enlisted> | undefined
}

/**
 * An enlisted developer as the handoff note needs it (the shape of `Inquiry.Enlistment`
 * and `Escalation.Enlistment`).
 *
 * @since 0.2.0
 * @category models
 */
export interface Enlisted {
  readonly member: Types.MemberId
  readonly reply: Inquiry.EnlistmentReply | undefined
  readonly until?: Types.Millis | undefined
}

/**
 * The outgoing Primary's notes on an inquiry, for the incoming pair.
 *
 * @since 0.1.0
 * @category models
 */
export interface Notes {
  readonly tried?: ReadonlyArray<string> | undefined
  readonly next?: string | undefined
}

/**
 * A mark by the outgoing Primary: keep this inquiry past the shift end and see it
 * through.
 *
 * @since 0.1.0
 * @category models
 */
export interface Carry {
  readonly inquiry: Types.InquiryId
  readonly by: Types.MemberId
  readonly note?: string | undefined
}

/**
 * A formal delegation of the Primary role during `[start, end)`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Delegation {
  readonly shift: number
  readonly from: Types.MemberId
  readonly to: Types.MemberId
  readonly start: Types.Millis
  readonly end: Types.Millis
  readonly reason: string
  /**
   * The inquiries the delegation moved to the delegate ({@link delegate} fills it in);
   * {@link undelegate} hands back only these.
   */
  readonly inquiries?: ReadonlyArray<Types.InquiryId> | undefined
}

/**
 * A carry-over mark that cannot be honoured: made by someone other than the outgoing
 * Primary, for an inquiry not in the handoff, or for one the outgoing Primary does
 * not own.
 *
 * @since 0.1.0
 * @category errors
 */
export class CarryOverError extends Schema.TaggedError<CarryOverError>()("CarryOverError", {
  inquiry: Schema.String,
  by: Schema.String,
  reason: Schema.Literals(["not-outgoing-primary", "unknown-inquiry", "not-owned", "not-open"]),
  detail: Schema.String
}) {
  override get message(): string {
    return `carry-over of ${this.inquiry} by ${this.by}: ${this.detail}`
  }
}

/**
 * A delegation that cannot be made.
 *
 * @since 0.1.0
 * @category errors
 */
export class DelegationError extends Schema.TaggedError<DelegationError>()("DelegationError", {
  reason: Schema.Literals(["not-primary", "no-delegate", "self", "empty-period", "outside-shift"]),
  detail: Schema.String
}) {
  override get message(): string {
    return `delegation: ${this.detail}`
  }
}

/**
 * Templates of the handoff texts.
 *
 * @since 0.1.0
 * @category templates
 */
export interface Templates {
  /**
   * To the customers of a handed-off inquiry: `{customer}`, `{title}`, `{incoming}` and
   * `{outgoing}` (display names), `{incomingMention}` (a mention of the incoming Primary,
   * the `Tracker.mention` placeholder the tracker adapter fills with their handle), `{inquiry}`.
   */
  readonly customer: string
  /** Internal note on a carried inquiry: `{outgoing}`, `{inquiry}`, `{title}`. */
  readonly carried: string
  /** To the delegate: `{from}`, `{to}`, `{start}`, `{end}`, `{reason}`. */
  readonly delegationStart: string
  /** To a customer during a delegation: `{customer}`, `{to}`, `{title}`, `{inquiry}`. */
  readonly delegationCustomer: string
  /** To a Primary announcing a long absence: `{member}`, `{hours}`, `{start}`, `{end}`, `{backup}`. */
  readonly awaySuggestion: string
}

/**
 * The default handoff texts, in plain friendly English.
 *
 * @since 0.1.0
 * @category templates
 */
export const defaultTemplates: Templates = T.handoff.texts

/**
 * The Primary acting at an instant: the delegate while a delegation of this duty is
 * in force, otherwise the duty's Primary.
 *
 * @since 0.1.0
 * @category getters
 */
export const actingPrimary = (duty: Types.Duty, delegations: ReadonlyArray<Delegation>, at: Types.InstantInput): Types.MemberId => {
  const ms = Types.toMillis(at)
  let acting: Delegation | undefined
  for (const d of delegations) {
    if (d.shift === duty.shift && d.from === duty.primary && d.start <= ms && ms < d.end && (acting === undefined || d.start > acting.start)) acting = d
  }
  return acting?.to ?? duty.primary
}

/**
 * Builds a handoff {@link Item} from a replayed inquiry: its owner is the one in force
 * just before `end` (the end of the outgoing shift), as `Inquiry.ownerAt` decides it.
 * Pass the team's `coverage` so that an inquiry that arrived outside coverage belongs
 * to the Primary of the next covered period (the incoming Primary, for a weekend
 * arrival before a Monday shift change), as `Inquiry.ownerAt` and `Platforms` decide it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromInquiry = (
  state: Inquiry.State,
  duties: Inquiry.Duties,
  end: Types.InstantInput,
  extra?: { readonly url?: string | undefined; readonly customers?: ReadonlyArray<string> | undefined; readonly coverage?: Coverage.Calendar | undefined }
): Item => ({
  inquiry: state.inquiry,
  title: state.title,
  reporter: state.reporter,
  phase: state.phase,
  openedAt: state.openedAt,
  firstResponse: state.firstResponse,
  status: state.status,
  priority: state.priority,
  owner: Inquiry.ownerAtMillis(state, duties, Types.toMillis(end) - 1, { coverage: extra?.coverage }).owner,
  ownership: state.ownership,
  cycles: state.cycles,
  enlistments: state.enlistments,
  ...(extra?.url === undefined ? {} : { url: extra.url }),
  ...(extra?.customers === undefined ? {} : { customers: extra.customers })
})

/**
 * Input of {@link plan}.
 *
 * @since 0.1.0
 * @category models
 */
export interface PlanInput {
  readonly outgoing: Types.Duty
  readonly incoming: Types.Duty
  readonly inquiries: ReadonlyArray<Item>
  readonly carry?: ReadonlyArray<Carry> | undefined
  readonly notes?: { readonly [inquiry: string]: Notes } | undefined
  /** Delegations recorded during the outgoing shift (the acting Primary's items are handed off too). */
  readonly delegations?: ReadonlyArray<Delegation> | undefined
  /** Covered-time calendar for the clocks (without it, clocks are in wall-clock hours). */
  readonly coverage?: Coverage.Calendar | undefined
  /** Response goals by priority and the at-risk share (default `Inquiry.goals()`: 4 covered hours, at risk at 75%). */
  readonly goals?: Inquiry.Goals | undefined
  /** The default response goal in covered time; overrides the default of `goals` (4 hours). */
  readonly responseGoal?: Duration.Input | undefined
  /** When the handoff happens (default: the end of the outgoing shift). */
  readonly at?: Types.InstantInput | undefined
  readonly timeZone?: string | undefined
  readonly templates?: Partial<Templates> | undefined
  /**
   * Keys already applied: those actions are left out. Without them, the replayed
   * history (`Item.ownership`) decides what was done (see {@link plan}).
   */
  readonly applied?: Iterable<Action.Key> | undefined
  /** The roster, for members' display names in the texts (default: their ids). */
  readonly team?: Types.Roster | undefined
}

/**
 * A handoff plan.
 *
 * @since 0.1.0
 * @category models
 */
export interface Plan {
  readonly actions: ReadonlyArray<Action.Action>
  /**
   * Inquiries handed to the incoming Primary, by id (with those already theirs at the
   * shift end). Without applied keys, those whose handoff the history records are done
   * and not listed.
   */
  readonly handedOff: ReadonlyArray<Types.InquiryId>
  /** Inquiries the outgoing Primary carries, by id. */
  readonly carried: ReadonlyArray<Types.InquiryId>
  /** The markdown note sent to the incoming Primary and Backup. */
  readonly note: string
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

const listNames = (names: ReadonlyArray<string>): string =>
  names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`

interface Clock {
  /** The inquiry's response clock at `at` (`Inquiry.responseClockMillis`). */
  readonly response: (item: Item, goals: Inquiry.Goals, at: Types.Millis) => Inquiry.ResponseClockMillis
  /** The current cycle's resolution clock at `at`: time open and time waiting on the reporter (not counted). */
  readonly open: (item: Item, at: Types.Millis) => { readonly open: number; readonly waited: number; readonly since: Types.Millis | undefined }
  readonly unit: string
}

const onlyCycle = (item: Item): ReadonlyArray<Inquiry.Cycle> => [
  {
    index: 0,
    start: item.openedAt,
    firstResponseAt: item.firstResponse?.at,
    resolvedAt: undefined,
    kinds: [],
    closedAt: undefined,
    closeReason: undefined,
    waits: []
  }
]

const clockOf = (coverage: Coverage.Calendar | undefined): Clock => {
  // Inquiry's resolution clock decides what counts (waits on the reporter pause it);
  // without a calendar every instant is covered and its wall-clock figures are used.
  const calendar = coverage ?? Coverage.always()
  const open: Clock["open"] = (item, at) => {
    const cycles = item.cycles === undefined || item.cycles.length === 0 ? onlyCycle(item) : item.cycles
    const clocks = Inquiry.resolutionClockMillis({ cycles }, calendar, at)
    const current = clocks[clocks.length - 1] as Inquiry.CycleClockMillis
    return {
      open: coverage === undefined ? current.wallElapsed : current.elapsed,
      waited: coverage === undefined ? current.wallPaused : current.paused,
      since: clocks.length > 1 ? current.start : undefined
    }
  }
  const response: Clock["response"] = (item, goals, at) => {
    const cycles = item.cycles === undefined || item.cycles.length === 0 ? onlyCycle(item) : item.cycles
    return Inquiry.responseClockMillis({ openedAt: item.openedAt, cycles, firstResponse: item.firstResponse, priority: item.priority }, calendar, goals, at)
  }
  return { response, open, unit: coverage === undefined ? "h" : "covered h" }
}

const responseLine = (item: Item, at: Types.Millis, clock: Clock, goals: Inquiry.Goals, zone: string): string => {
  const c = clock.response(item, goals, at)
  const goal = `${T.formatHours(c.goal)} ${clock.unit} goal`
  if (c.stoppedAt === undefined) {
    const used = `${T.formatHours(c.elapsed)} of the ${goal} used`
    const due = `due ${T.formatInstant(c.due, zone)}`
    if (c.breached) return `**not answered yet**: ${used}, ${due} (breached: answer first thing)`
    return `**not answered yet**: ${used}, ${T.formatHours(c.remaining)} ${clock.unit} left, ${due}${c.atRisk ? " (at risk)" : ""}`
  }
  const after = `${T.formatHours(c.elapsed)} ${clock.unit} after opening`
  if (c.stoppedBy === "response") return `answered ${T.formatInstant(c.stoppedAt, zone)}, ${after} (${goal} ${c.breached ? "missed" : "met"})`
  // Resolved or closed before anyone answered: no response is owed any more (as Inquiry counts it).
  return `no response owed: ${c.stoppedBy === "resolution" ? "resolved" : "closed"} ${T.formatInstant(c.stoppedAt, zone)} before any answer, ${after}`
}

/** Where an inquiry stands in this handoff, decided from the shift-end state. */
interface Standing {
  readonly item: Item
  /** Who owned it at the shift end, before this handoff (`undefined`: no one). */
  readonly endOwner: Types.MemberId | undefined
  /** The reassignment already took effect: recorded in the history, or its key applied. */
  readonly assigned: boolean
  /** The history records this handoff (a `handed-off` or `carried-over` event of it). */
  readonly recorded: boolean
  /** The incoming Primary owned it at the shift end already (nothing to reassign). */
  readonly alreadyIncoming: boolean
}

// An explicit change of the outgoing shift still in force at its end (as Inquiry.ownerAt decides).
const inForceAtEnd = (c: Inquiry.OwnershipChange, outgoing: Types.Duty): boolean =>
  c.kind === "carried-over"
    ? c.until === undefined || c.until >= outgoing.end
    : c.at >= outgoing.start && c.at < outgoing.end && (c.kind !== "delegated" || c.until === undefined || c.until >= outgoing.end)

// This handoff's own `handed-off` event (`toEvents` of its `Assign`), if the history has it.
const recordedHandoff = (item: Item, outgoing: Types.Duty, incoming: Types.Duty): number => {
  const changes = item.ownership ?? []
  for (let i = changes.length - 1; i >= 0; i--) {
    const c = changes[i] as Inquiry.OwnershipChange
    if (c.kind === "handed-off" && c.member === incoming.primary && c.at >= outgoing.start) return i
  }
  return -1
}

const recordedCarry = (item: Item, outgoing: Types.Duty): boolean =>
  (item.ownership ?? []).some((c) => c.kind === "carried-over" && c.member === outgoing.primary && c.at >= outgoing.start)

const standingOf = (
  item: Item,
  ctx: { readonly outgoing: Types.Duty; readonly incoming: Types.Duty; readonly acting: Types.MemberId; readonly applied: ReadonlySet<string> }
): Standing => {
  const { outgoing, incoming, acting } = ctx
  const h = recordedHandoff(item, outgoing, incoming)
  if (h >= 0) {
    // The owner before the handoff: the latest explicit change still in force at the shift end, else the rotation's.
    let before: Types.MemberId = acting
    for (let i = h - 1; i >= 0; i--) {
      const c = (item.ownership ?? [])[i] as Inquiry.OwnershipChange
      if (inForceAtEnd(c, outgoing)) {
        before = c.member
        break
      }
      if (c.at < outgoing.start) break
    }
    return { item, endOwner: before, assigned: true, recorded: true, alreadyIncoming: false }
  }
  if (item.owner === incoming.primary && ctx.applied.has(Action.key(item.inquiry, outgoing.shift, "handoff-assign"))) {
    // Applied by a run the history does not show yet: the shift-end owner is unknown, the acting Primary handed it.
    return { item, endOwner: acting, assigned: true, recorded: false, alreadyIncoming: false }
  }
  return { item, endOwner: item.owner, assigned: false, recorded: false, alreadyIncoming: item.owner === incoming.primary }
}

const listOf = (items: ReadonlyArray<Standing>): ReadonlyArray<Standing> =>
  [...items].sort((a, b) => a.item.openedAt - b.item.openedAt || byText(a.item.inquiry, b.item.inquiry))

const enlistmentText = (e: Enlisted, name: (member: string) => string, zone: string): string => {
  const who = name(e.member)
  if (e.reply === "decline") return `${who} (declined)`
  if (e.reply === "accept") return `${who} (accepted; the enlistment continues)`
  if (e.reply === "delay")
    return `${who} (will get to it later${e.until === undefined ? "" : `, from ${T.formatInstant(e.until, zone)}`}; the enlistment continues)`
  return `${who} (no reply yet; the enlistment continues)`
}

interface NoteContext {
  readonly outgoing: Types.Duty
  readonly incoming: Types.Duty
  readonly acting: Types.MemberId
  readonly at: Types.Millis
  readonly clock: Clock
  readonly goals: Inquiry.Goals
  readonly zone: string
  readonly name: (member: string) => string
}

// Who worked on an item other than the outgoing (acting) Primary, and in which role.
const workedOn = (s: Standing, ctx: NoteContext): ReadonlyArray<string> => {
  const owner = s.endOwner
  if (s.alreadyIncoming) return [`- Already with ${ctx.name(ctx.incoming.primary)}: nothing to reassign`]
  if (owner === undefined || owner === ctx.outgoing.primary || owner === ctx.acting) return []
  const role = owner === ctx.outgoing.backup
    ? "the outgoing Backup"
    : (s.item.enlistments ?? []).some((e) => e.member === owner)
    ? "enlisted"
    : "assigned"
  return [`- Worked on by: ${ctx.name(owner)} (${role})`]
}

const itemSection = (s: Standing, notes: Notes | undefined, ctx: NoteContext): ReadonlyArray<string> => {
  const { item } = s
  const { at, clock, zone } = ctx
  const response = responseLine(item, at, clock, ctx.goals, zone)
  const tried = notes?.tried ?? []
  const open = clock.open(item, at)
  const enlisted = item.enlistments ?? []
  return [
    `#### ${item.inquiry}: ${item.title}`,
    ...(item.url === undefined ? [] : [`- Link: ${item.url}`]),
    `- Customer: ${listNames(item.customers ?? [item.reporter])}; opened ${T.formatInstant(item.openedAt, zone)}${
      item.status === undefined ? "" : `; status ${item.status}`
    }`,
    ...workedOn(s, ctx),
    ...(enlisted.length === 0 ? [] : [`- Enlisted: ${enlisted.map((e) => enlistmentText(e, ctx.name, zone)).join(", ")}`]),
    `- Response: ${response}`,
    `- Open for: ${T.formatHours(open.open)} ${clock.unit}${open.since === undefined ? "" : ` since it was reopened ${T.formatInstant(open.since, zone)}`} (${
      open.waited > 0 ? `${T.formatHours(open.waited)} ${clock.unit} waiting on the reporter not counted` : "time waiting on the reporter not counted"
    })`,
    `- Tried: ${tried.length === 0 ? "nothing recorded" : tried.join("; ")}`,
    `- Next: ${notes?.next ?? "not recorded; read the thread"}`,
    ""
  ]
}

const validatePlan = (input: PlanInput): { readonly at: Types.Millis; readonly problems: ReadonlyArray<Types.Problem> } => {
  const { outgoing, incoming } = input
  const problems: Array<Types.Problem> = []
  if (incoming.shift <= outgoing.shift) problems.push({ path: "incoming.shift", message: `expected a shift after ${outgoing.shift}, got ${incoming.shift}` })
  if (incoming.start < outgoing.start)
    problems.push({ path: "incoming.start", message: `expected the incoming shift to start after the outgoing one, got ${incoming.start}` })
  const ids = new Set<string>()
  input.inquiries.forEach((item, i) => {
    if (ids.has(item.inquiry)) problems.push({ path: `inquiries[${i}].inquiry`, message: `duplicate inquiry ${JSON.stringify(item.inquiry)}` })
    ids.add(item.inquiry)
  })
  const at = input.at === undefined ? outgoing.end : T.instantMillis(input.at, "at", problems)
  for (const id of Object.keys(input.notes ?? {}).sort()) {
    if (!ids.has(id)) problems.push({ path: `notes.${id}`, message: "notes for an inquiry that is not among the handoff's inquiries" })
  }
  return { at, problems }
}

const carryMarks = (input: PlanInput, acting: Types.MemberId): Effect.Effect<ReadonlyMap<string, Carry>, CarryOverError> =>
  Effect.gen(function*() {
    const { outgoing } = input
    const byId = new Map(input.inquiries.map((i) => [i.inquiry as string, i] as const))
    const carried = new Map<string, Carry>()
    for (const mark of [...(input.carry ?? [])].sort((a, b) => byText(a.inquiry, b.inquiry))) {
      const item = byId.get(mark.inquiry)
      const fail = (reason: CarryOverError["reason"], detail: string) => Effect.fail(new CarryOverError({ inquiry: mark.inquiry, by: mark.by, reason, detail }))
      if (mark.by !== outgoing.primary)
        return yield* fail("not-outgoing-primary", `only the outgoing Primary (${outgoing.primary}) may carry an inquiry past the shift end`)
      if (item === undefined)
        return yield* fail("unknown-inquiry", "the inquiry is not among the handoff's inquiries")
      if (item.phase !== "open")
        return yield* fail("not-open", `the inquiry is ${item.phase}`)
      if (item.owner !== outgoing.primary && item.owner !== acting) return yield* fail("not-owned", `the inquiry is owned by ${item.owner ?? "no one"}`)
      carried.set(mark.inquiry, mark)
    }
    // A carry-over the history records stays carried on a rerun, with or without its mark.
    for (const item of input.inquiries) {
      if (item.phase === "open" && !carried.has(item.inquiry) && recordedCarry(item, outgoing))
        carried.set(item.inquiry, { inquiry: item.inquiry, by: outgoing.primary })
    }
    return carried
  })

/**
 * Plans the shift-end handoff. Every unresolved inquiry goes to the incoming Primary,
 * whoever worked on it during the shift (the outgoing Primary, the Backup, an enlisted
 * developer, someone it was assigned to, or no one), with a public message to its
 * customers; only the outgoing Primary may instead carry one of theirs to completion
 * (it gets an internal comment). The incoming Primary and Backup each get the same
 * markdown note, which says who worked on each item and whether each enlistment
 * continues. Texts are written from the shift-end state: the owner before this handoff,
 * even when a rerun sees its reassignment already applied. Resolved and closed
 * inquiries are never touched.
 *
 * Keys are `(inquiry, outgoing shift, kind)`. A rerun with the applied keys yields
 * exactly the actions not applied yet. A rerun from the replayed history alone (the
 * events the executed actions produced, {@link toEvents}: `handed-off`,
 * `carried-over`), without keys, yields nothing new for what the history records:
 * an inquiry whose handoff or carry-over is recorded counts as done with its comment,
 * and the notes count as sent once any of it is. Comments and notes leave no event,
 * so to resume a run that stopped between a reassignment and its message, pass the
 * applied keys.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Handoff, Types } from "@sre-uxdd/core"
 *
 * const m = Types.MemberId.make
 * const plan = Effect.runSync(Handoff.plan({
 *   outgoing: { shift: 3, start: 0, end: 604_800_000, primary: m("ada"), backup: m("bob") },
 *   incoming: { shift: 4, start: 604_800_000, end: 1_209_600_000, primary: m("cyd"), backup: m("ada") },
 *   inquiries: [{ inquiry: Types.InquiryId.make("support#7"), title: "Crash", reporter: "kim",
 *     phase: "open", openedAt: 600_000_000, owner: m("ada") }]
 * }))
 * plan.handedOff // ["support#7"]
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const plan = (input: PlanInput): Effect.Effect<Plan, CarryOverError | Types.ValidationError> =>
  Effect.gen(function*() {
    const { outgoing, incoming } = input
    const { at, problems } = validatePlan(input)
    if (problems.length > 0) return yield* Effect.fail(new Types.ValidationError({ subject: "handoff", problems: [...problems] }))
    const templates = yield* Effect.fromResult(T.merge(T.handoff, input.templates, "handoff templates"))
    const acting = actingPrimary(outgoing, input.delegations ?? [], at - 1)
    const carried = yield* carryMarks(input, acting)
    const base = input.goals ?? Inquiry.goals()
    const goals = input.responseGoal === undefined ? base : { ...base, defaultMillis: Types.toDurationMillis(input.responseGoal) }
    const applied = new Set(input.applied ?? [])
    const ctx: NoteContext = {
      outgoing,
      incoming,
      acting,
      at,
      clock: clockOf(input.coverage),
      goals,
      zone: input.timeZone ?? "UTC",
      name: T.namesOf(input.team)
    }
    const open = input.inquiries.filter((i) => i.phase === "open").map((item) => standingOf(item, { outgoing, incoming, acting, applied }))
    const handing = open.filter((s) => !carried.has(s.item.inquiry))
    const keeping = open.filter((s) => carried.has(s.item.inquiry)).map((s) => ({ ...s, recorded: recordedCarry(s.item, outgoing) }))
    // Without keys, the history is the record: what it shows done is done, and not posted again.
    const fromHistory = input.applied === undefined
    const done = (s: Standing) => fromHistory && s.recorded
    const handed = listOf(handing.filter((s) => !done(s)))
    const kept = listOf(keeping.filter((s) => !done(s)))
    const actions = [...handoffActions(handed, templates, ctx), ...carryActions(kept, templates, ctx)]
    const note = noteText(handed, kept, carried, input.notes, ctx)
    if (!(fromHistory && [...handing, ...keeping].some((s) => s.recorded))) {
      const recipients = [incoming.primary, ...(incoming.backup === undefined || incoming.backup === incoming.primary ? [] : [incoming.backup])]
      for (const member of recipients) actions.push({ _tag: "Notify", key: Action.key("handoff", outgoing.shift, "note", member), member, text: note })
    }
    return { actions: Action.pending(actions, applied), handedOff: handed.map((s) => s.item.inquiry), carried: kept.map((s) => s.item.inquiry), note }
  })

const handoffActions = (handed: ReadonlyArray<Standing>, templates: Templates, ctx: NoteContext): Array<Action.Action> => {
  const { outgoing, incoming, name } = ctx
  const out: Array<Action.Action> = []
  for (const s of handed) {
    const { item } = s
    // Already the incoming Primary's at the shift end (an off-hours arrival that is the next period's, or assigned to them): nothing to move or announce.
    if (s.alreadyIncoming) continue
    if (!s.assigned) {
      out.push({
        _tag: "Assign",
        key: Action.key(item.inquiry, outgoing.shift, "handoff-assign"),
        inquiry: item.inquiry,
        assignee: incoming.primary,
        ...(item.owner === undefined ? {} : { from: item.owner }),
        reason: "handoff"
      })
    }
    out.push({
      _tag: "Comment",
      key: Action.key(item.inquiry, outgoing.shift, "handoff-comment"),
      inquiry: item.inquiry,
      visibility: "public",
      text: T.render(templates.customer, {
        customer: listNames(item.customers ?? [item.reporter]),
        title: item.title,
        incoming: name(incoming.primary),
        incomingMention: T.mention(incoming.primary),
        outgoing: name(s.endOwner ?? outgoing.primary),
        inquiry: item.inquiry
      })
    })
  }
  return out
}

const carryActions = (kept: ReadonlyArray<Standing>, templates: Templates, ctx: NoteContext): Array<Action.Action> => {
  const { outgoing, name } = ctx
  const out: Array<Action.Action> = []
  for (const { item, recorded } of kept) {
    out.push({
      _tag: "Comment",
      key: Action.key(item.inquiry, outgoing.shift, "carry-comment"),
      inquiry: item.inquiry,
      visibility: "internal",
      text: T.render(templates.carried, { outgoing: name(outgoing.primary), inquiry: item.inquiry, title: item.title })
    })
    if (!recorded) out.push({ _tag: "CarryOver", key: Action.key(item.inquiry, outgoing.shift, "carry-over"), inquiry: item.inquiry, member: outgoing.primary })
  }
  return out
}

const noteText = (
  handed: ReadonlyArray<Standing>,
  kept: ReadonlyArray<Standing>,
  carried: ReadonlyMap<string, Carry>,
  notes: PlanInput["notes"],
  ctx: NoteContext
): string => {
  const { outgoing, incoming, acting, name, zone } = ctx
  const lines = [
    `## Support handoff: shift ${outgoing.shift} to shift ${incoming.shift}`,
    "",
    `From ${acting === outgoing.primary ? name(outgoing.primary) : `${name(acting)} (acting for ${name(outgoing.primary)})`} to ${
      name(incoming.primary)
    } (Primary)${incoming.backup === undefined ? "" : ` and ${name(incoming.backup)} (Backup)`}, ${T.formatInstant(ctx.at, zone)}.`,
    "",
    `### Handed over (${handed.length})`,
    ""
  ]
  if (handed.length === 0) lines.push("Nothing to hand over.", "")
  for (const s of handed) lines.push(...itemSection(s, notes?.[s.item.inquiry], ctx))
  if (kept.length > 0) {
    lines.push(`### Carried to completion by ${name(outgoing.primary)} (${kept.length})`, "")
    for (const { item } of kept) {
      const note = carried.get(item.inquiry)?.note
      lines.push(`- ${item.inquiry}: ${item.title}${note === undefined ? "" : `: ${note}`}`)
    }
    lines.push("")
  }
  return lines.join("\n").replace(/\n+$/, "\n")
}

/**
 * Input of {@link delegate}.
 *
 * @since 0.1.0
 * @category models
 */
export interface DelegateInput {
  readonly duty: Types.Duty
  /** Who delegates: must be the duty's Primary. */
  readonly from: Types.MemberId
  /** The delegate (default: the duty's Backup). */
  readonly to?: Types.MemberId | undefined
  readonly start: Types.InstantInput
  readonly end: Types.InstantInput
  readonly reason: string
  /** Inquiries whose ownership follows the delegation. */
  readonly inquiries?: ReadonlyArray<Item> | undefined
  readonly timeZone?: string | undefined
  readonly templates?: Partial<Templates> | undefined
  readonly applied?: Iterable<Action.Key> | undefined
  /** The roster, for members' display names in the texts (default: their ids). */
  readonly team?: Types.Roster | undefined
}

/**
 * Plans a formal delegation of the Primary role: a recorded `Delegate` action, a
 * note to the delegate, and the reassignment of the Primary's open inquiries to
 * the delegate (ownership, and so the clocks' owner, follow). {@link undelegate}
 * hands them back.
 *
 * @since 0.1.0
 * @category delegation
 */
export const delegate = (
  input: DelegateInput
): Effect.Effect<{ readonly delegation: Delegation; readonly actions: ReadonlyArray<Action.Action> }, DelegationError | Types.ValidationError> =>
  Effect.gen(function*() {
    const { duty } = input
    const to = input.to ?? duty.backup
    const problems: Array<Types.Problem> = []
    const start = T.instantMillis(input.start, "start", problems)
    const end = T.instantMillis(input.end, "end", problems)
    if (problems.length > 0) return yield* Effect.fail(new Types.ValidationError({ subject: "delegation", problems }))
    const fail = (reason: DelegationError["reason"], detail: string) => Effect.fail(new DelegationError({ reason, detail }))
    if (input.from !== duty.primary) return yield* fail("not-primary", `${input.from} is not the Primary of shift ${duty.shift} (${duty.primary} is)`)
    if (to === undefined) return yield* fail("no-delegate", `shift ${duty.shift} has no Backup and no delegate was named`)
    if (to === input.from) return yield* fail("self", `${to} cannot delegate to themselves`)
    if (!(end > start)) return yield* fail("empty-period", "the delegation must end after it starts")
    if (start < duty.start || end > duty.end) return yield* fail("outside-shift", `the delegation must lie within shift ${duty.shift}`)
    const templates = yield* Effect.fromResult(T.merge(T.handoff, input.templates, "handoff templates"))
    const zone = input.timeZone ?? "UTC"
    const name = T.namesOf(input.team)
    const open = (input.inquiries ?? []).filter((i) => i.phase === "open" && i.owner === input.from).sort((a, b) =>
      a.openedAt - b.openedAt || byText(a.inquiry, b.inquiry)
    )
    const delegation: Delegation = { shift: duty.shift, from: input.from, to, start, end, reason: input.reason, inquiries: open.map((i) => i.inquiry) }
    const stamp = String(start)
    const actions: Array<Action.Action> = [
      { _tag: "Delegate", key: Action.key("delegation", duty.shift, "delegate", stamp), from: input.from, to, start, end, reason: input.reason },
      {
        _tag: "Notify",
        key: Action.key("delegation", duty.shift, "delegate-notify", stamp, to),
        member: to,
        text: T.render(templates.delegationStart, {
          from: name(input.from),
          to: name(to),
          start: T.formatInstant(start, zone),
          end: T.formatInstant(end, zone),
          reason: input.reason
        })
      }
    ]
    for (const item of open) {
      actions.push({
        _tag: "Assign",
        key: Action.key(item.inquiry, duty.shift, "delegate-assign", stamp),
        inquiry: item.inquiry,
        assignee: to,
        from: input.from,
        reason: "delegation",
        until: end
      })
    }
    return { delegation, actions: Action.pending(actions, input.applied) }
  })

/**
 * Whether the delegation moved this inquiry to the delegate. The delegation's own list
 * decides when it has one (as {@link delegate} records it); otherwise the inquiry's
 * ownership history: its latest explicit change must be this delegation's
 * (`delegated` from its Primary to its delegate during its period). Without
 * either, nothing proves the move, so the inquiry stays where it is.
 */
const movedBy = (delegation: Delegation, item: Item): boolean => {
  if (delegation.inquiries !== undefined) return delegation.inquiries.includes(item.inquiry)
  const last = item.ownership?.[item.ownership.length - 1]
  return last !== undefined && last.kind === "delegated" && last.member === delegation.to && last.from === delegation.from && delegation.start <= last.at &&
    last.at < delegation.end
}

/**
 * Ends a delegation: the open inquiries the delegation moved, and that the delegate
 * still owns, go back to the Primary. Inquiries the delegate owned on their own, or
 * that were assigned to them explicitly during the delegation, stay with them. What
 * moved comes from `delegation.inquiries` (pass the delegation {@link delegate}
 * returned) or, for a delegation known only by its period, from the items'
 * `ownership` history (see {@link fromInquiry}).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Action, Handoff, Types } from "@sre-uxdd/core"
 *
 * const m = Types.MemberId.make
 * const duty = { shift: 0, start: 0, end: 604_800_000, primary: m("ada"), backup: m("bob") }
 * const mine = { inquiry: Types.InquiryId.make("support#1"), title: "Crash", reporter: "kim", phase: "open" as const, openedAt: 0, owner: m("ada") }
 * const bobs = { ...mine, inquiry: Types.InquiryId.make("support#2"), owner: m("bob") }
 * const { delegation } = Effect.runSync(Handoff.delegate({ duty, from: m("ada"), start: 1, end: 2, reason: "dentist", inquiries: [mine, bobs] }))
 * Handoff.undelegate(delegation, [{ ...mine, owner: m("bob") }, bobs]).map(Action.target) // ["support#1"]
 * ```
 *
 * @since 0.1.0
 * @category delegation
 */
export const undelegate = (
  delegation: Delegation,
  inquiries: ReadonlyArray<Item>,
  applied?: Iterable<Action.Key>
): ReadonlyArray<Action.Action> =>
  Action.pending(
    inquiries
      .filter((i) => i.phase === "open" && i.owner === delegation.to && movedBy(delegation, i))
      .sort((a, b) => a.openedAt - b.openedAt || byText(a.inquiry, b.inquiry))
      .map((item) => ({
        _tag: "Assign" as const,
        key: Action.key(item.inquiry, delegation.shift, "delegate-return", String(delegation.start)),
        inquiry: item.inquiry,
        assignee: delegation.from,
        from: delegation.to,
        reason: "delegation-end" as const
      })),
    applied
  )

/**
 * An announced absence: `member` will be away during `[start, end)`.
 *
 * @since 0.1.0
 * @category models
 */
export interface AwayNotice {
  readonly member: Types.MemberId
  readonly start: Types.InstantInput
  readonly end: Types.InstantInput
}

/**
 * A suggestion to delegate, with the covered time the absence takes out of the shift.
 *
 * @since 0.1.0
 * @category models
 */
export interface DelegationSuggestion {
  readonly coveredMillis: number
  readonly from: Types.MemberId
  readonly to: Types.MemberId
  readonly start: Types.Millis
  readonly end: Types.Millis
  readonly actions: ReadonlyArray<Action.Action>
}

/**
 * Suggests a delegation when the duty's Primary announces an absence longer than
 * `threshold` of covered time (default 4 hours) within the shift; returns
 * `undefined` otherwise (not the Primary, short absence, or no Backup to delegate to).
 * The suggestion is a `Notify` to the Primary; the delegation itself stays a
 * decision of the Primary and the Backup.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Handoff, Coverage, Types } from "@sre-uxdd/core"
 *
 * const m = Types.MemberId.make
 * const duty = { shift: 0, start: 0, end: 604_800_000, primary: m("ada"), backup: m("bob") }
 * Effect.runSync(Handoff.awayNotice({ member: m("ada"), start: 0, end: 6 * 3_600_000 }, { duty, coverage: Coverage.always() }))?.to // "bob"
 * ```
 *
 * @since 0.1.0
 * @category delegation
 */
export const awayNotice = (
  notice: AwayNotice,
  options: {
    readonly duty: Types.Duty
    readonly coverage: Coverage.Calendar
    readonly threshold?: Duration.Input | undefined
    readonly timeZone?: string | undefined
    readonly templates?: Partial<Templates> | undefined
    /** The roster, for members' display names in the text (default: their ids). */
    readonly team?: Types.Roster | undefined
  }
): Effect.Effect<DelegationSuggestion | undefined, Types.ValidationError> =>
  Effect.map(Effect.fromResult(T.merge(T.handoff, options.templates, "handoff templates")), (texts) => {
    const { duty } = options
    if (notice.member !== duty.primary || duty.backup === undefined || duty.backup === duty.primary) return undefined
    const start = Math.max(duty.start, Types.toMillis(notice.start))
    const end = Math.min(duty.end, Types.toMillis(notice.end))
    if (!(end > start)) return undefined
    const covered = Coverage.coveredMillis(options.coverage, start, end)
    if (covered <= Types.toDurationMillis(options.threshold ?? "4 hours")) return undefined
    const zone = options.timeZone ?? "UTC"
    const name = T.namesOf(options.team)
    const text = T.render(texts.awaySuggestion, {
      member: name(duty.primary),
      hours: T.formatHours(covered),
      start: T.formatInstant(start, zone),
      end: T.formatInstant(end, zone),
      backup: name(duty.backup)
    })
    return {
      coveredMillis: covered,
      from: duty.primary,
      to: duty.backup,
      start,
      end,
      actions: [{ _tag: "Notify", key: Action.key("away", duty.shift, "suggest-delegation", duty.primary, String(start)), member: duty.primary, text }]
    }
  })

/**
 * The `Inquiry` events that record what a plan's ownership and closing actions did, so
 * a store replaying the inquiry sees the same owners as the tracker: a shift-end
 * `Assign` becomes `handed-off`, a delegation's `delegated` (until its end), any other
 * `Assign` `assigned`, `CarryOver` `carried-over`, `Close` `closed` (promotions and
 * known issues close as `resolved`, stale ones as `stale`). Other actions have no
 * event of their own (the tracker's comments and labels are synchronised separately).
 * `at` is when the executor applied them; the outgoing Primary hands off just before
 * the shift ends, so `at` is usually the end of the shift minus one millisecond.
 *
 * @since 0.1.0
 * @category events
 */
export const toEvents = (
  actions: ReadonlyArray<Action.Action>,
  options: { readonly at: Types.InstantInput; readonly actor: string }
): ReadonlyArray<Inquiry.Event> => {
  const at = T.isoInstant(Types.toMillis(options.at))
  const actor = options.actor
  const out: Array<Inquiry.Event> = []
  for (const a of actions) {
    if (a._tag === "Assign") {
      const from = a.from ?? (actor as Types.MemberId)
      if (a.reason === "handoff") out.push({ type: "handed-off", inquiry: a.inquiry, at, actor, from, to: a.assignee })
      else if (a.reason === "delegation")
        out.push({ type: "delegated", inquiry: a.inquiry, at, actor, from, to: a.assignee, ...(a.until === undefined ? {} : { until: T.isoInstant(a.until) }) })
      else out.push({ type: "assigned", inquiry: a.inquiry, at, actor, to: a.assignee })
    } else if (a._tag === "CarryOver") {
      out.push({ type: "carried-over", inquiry: a.inquiry, at, actor, member: a.member, ...(a.until === undefined ? {} : { until: T.isoInstant(a.until) }) })
    } else if (a._tag === "Close") {
      out.push({ type: "closed", inquiry: a.inquiry, at, actor, reason: a.reason === "duplicate" ? "duplicate" : a.reason === "stale" ? "stale" : "resolved" })
    }
  }
  return out
}
