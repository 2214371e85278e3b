// What is due at `now`, from the stored state. The replayed state of the inquiries that
// matter (open ones, and serious ones until their postmortem reminder went out) is kept in a
// snapshot with the store sequence number it is valid up to, so a tick replays only the
// inquiries whose events arrived since: a tick with nothing new reads no event history.
import { Effect, Result, Stream } from "effect"
import * as Action from "../../Action.js"
import * as Coverage from "../../Coverage.js"
import * as Escalation from "../../Escalation.js"
import * as Handoff from "../../Handoff.js"
import * as Inquiry from "../../Inquiry.js"
import * as Platforms from "../../Platforms.js"
import * as Postmortem from "../../Postmortem.js"
import type * as Runner from "./config.js"
import type * as Store from "../../Store.js"
import * as Tracker from "../../Tracker.js"
import type * as Types from "../../Types.js"
import { dutyLookup, type Lookup } from "../duties.js"
import { formatHours, formatInstant } from "../templates.js"

export interface Entry {
  readonly state: Inquiry.State
  /** The postmortem reminder is due (a serious incident resolved without one). */
  readonly postmortemDue: boolean
}

export interface Snapshot {
  readonly version: 1
  /** The last shift whose end was handed off; `null` before the first tick. */
  readonly handedOff: number | null
  readonly entries: { readonly [inquiry: string]: Entry }
  readonly broken: { readonly [inquiry: string]: string }
}

export const snapshotName = (config: Runner.Config): string => `${config.name ?? "runner"}:tick`

const emptySnapshot: Snapshot = { version: 1, handedOff: null, entries: {}, broken: {} }

const isSnapshot = (value: unknown): value is Snapshot =>
  typeof value === "object" && value !== null && (value as { readonly version?: unknown }).version === 1 &&
  typeof (value as { readonly entries?: unknown }).entries === "object"

/** The duties in force: the latest published schedule's, else the configured ones. */
export const dutiesOf = (config: Runner.Config, latest: Store.ScheduleVersion | undefined): ReadonlyArray<Types.Duty> => {
  const doc = latest?.document as { readonly duties?: ReadonlyArray<Types.Duty> } | undefined
  const duties = doc !== undefined && Array.isArray(doc.duties) ? doc.duties : config.duties
  return [...duties].sort((a, b) => a.start - b.start || a.shift - b.shift)
}

export const rosterOf = (config: Runner.Config): Types.Roster => config.roster ?? { members: config.team.map((id) => ({ id })) }

export const policyOf = (config: Runner.Config): Inquiry.ResponsePolicy => Inquiry.responsePolicy({ team: config.team, bots: config.bots ?? [] })

const replayEntry = (config: Runner.Config, events: ReadonlyArray<Inquiry.Event>): Result.Result<Entry | undefined, Inquiry.ReplayError> => {
  const r = Inquiry.replayResult(events, { policy: policyOf(config) })
  if (Result.isFailure(r)) return Result.fail(r.failure)
  const state = r.success
  const policy = config.postmortem === false ? undefined : (config.postmortem ?? Postmortem.defaultPolicy)
  const postmortemDue = policy !== undefined && Postmortem.missing([Postmortem.fromInquiry(state, events, rosterOf(config))], policy).length > 0
  if (state.phase === "closed" && !postmortemDue) return Result.succeed(undefined)
  return Result.succeed({ state, postmortemDue })
}

export interface Refreshed {
  readonly snapshot: Snapshot
  readonly seq: number
  /** Inquiries replayed in this tick (their histories were read). */
  readonly replayed: ReadonlyArray<string>
}

/** Brings the snapshot up to the store's latest event, replaying only the inquiries that changed. */
export const refresh = (config: Runner.Config, store: Store.Store["Service"]): Effect.Effect<Refreshed, Store.StoreError> =>
  Effect.gen(function*() {
    const stored = yield* store.snapshot(snapshotName(config))
    const base = stored !== undefined && isSnapshot(stored.value) ? stored.value : emptySnapshot
    let seq = stored !== undefined && isSnapshot(stored.value) ? stored.seq : 0
    const changed = new Set<string>()
    yield* Stream.runForEach(store.changesAfter(seq), (s) =>
      Effect.sync(() => {
        changed.add(s.event.inquiry)
        if (s.seq > seq) seq = s.seq
      }))
    if (changed.size === 0) return { snapshot: base, seq, replayed: [] }
    const entries = new Map(Object.entries(base.entries))
    const broken = new Map(Object.entries(base.broken))
    const replayed = [...changed].sort()
    for (const inquiry of replayed) {
      const events = yield* store.events(inquiry as Types.InquiryId)
      const r = replayEntry(config, events)
      entries.delete(inquiry)
      broken.delete(inquiry)
      if (Result.isFailure(r)) broken.set(inquiry, r.failure.message)
      else if (r.success !== undefined) entries.set(inquiry, r.success)
    }
    return { snapshot: { ...base, entries: Object.fromEntries(entries), broken: Object.fromEntries(broken) }, seq, replayed }
  })

const shiftAt = (lookup: Lookup, at: number): number => (lookup.at(at) ?? lookup.next(at))?.shift ?? -1

interface Due {
  readonly actions: Array<Action.Action>
  /** Future instants at which something becomes due (for the caller's scheduler). */
  readonly upcoming: Array<number>
}

const defaultAck =
  "Thank you for reaching out. {owner} is on support duty and will answer you; our goal is a first response within {goal} of covered support time, by {due}. This message is automatic and is not that response."

const ackText = (config: Runner.Config, vars: { readonly [k: string]: string }): string => {
  const template = typeof config.acknowledge === "object" ? config.acknowledge.text : defaultAck
  return template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m)
}

const clockActions = (config: Runner.Config, entry: Entry, lookup: Lookup, now: number, due: Due): void => {
  const state = entry.state
  const id = state.inquiry
  const goals = config.goals ?? Inquiry.goals()
  const coverage = config.coverage
  const clock = Inquiry.responseClockMillis(state, coverage, goals, now)
  const ownership = Inquiry.ownerAtMillis(state, lookup, now)
  // An arrival outside covered time belongs to the Primary of the next covered period.
  const first = state.ownership.length === 0 ? (lookup.at(Coverage.nextStartMillis(coverage, now)) ?? ownership.duty) : undefined
  const owner = first?.primary ?? ownership.owner
  if (owner === undefined) return
  const zone = config.timeZone ?? Coverage.timeZone(coverage)
  if (state.ownership.length === 0 && state.phase === "open") {
    due.actions.push({ _tag: "Assign", key: Action.key(id, first?.shift ?? -1, "assign"), inquiry: id, assignee: owner, reason: "assign" })
  }
  if (clock.stoppedAt !== undefined) return
  if (config.acknowledge !== undefined && config.acknowledge !== false && !clock.breached) {
    due.actions.push({
      _tag: "Comment",
      key: Action.key(id, 0, "ack"),
      inquiry: id,
      visibility: "public",
      text: ackText(config, { owner: Tracker.mention(owner), goal: `${formatHours(clock.goal)} hours`, due: formatInstant(clock.due, zone), inquiry: id })
    })
  }
  const atRiskAt = Coverage.addCoveredMillis(coverage, state.openedAt, Math.ceil(goals.atRiskShare * clock.goal))
  if (clock.breached) {
    const duty = first ?? ownership.duty
    // One notice per role, keyed by the role: a later owner of a still unanswered inquiry is not told again.
    const members = [["primary", owner] as const, ...(duty?.backup === undefined || duty.backup === owner ? [] : [["backup", duty.backup] as const])]
    for (const [role, m] of members) {
      due.actions.push({
        _tag: "Notify",
        key: Action.key(id, 0, "breached", role),
        member: m,
        inquiry: id,
        text: `Response goal breached on ${id} (${state.title}): ${formatHours(clock.elapsed)} of ${formatHours(clock.goal)} covered hours used, due ${
          formatInstant(clock.due, zone)
        }. Please answer first thing.`
      })
    }
  } else {
    if (clock.atRisk) {
      due.actions.push({
        _tag: "Notify",
        key: Action.key(id, 0, "at-risk"),
        member: owner,
        inquiry: id,
        text: `Response goal at risk on ${id} (${state.title}): ${formatHours(clock.remaining)} covered hours left, due ${formatInstant(clock.due, zone)}.`
      })
    } else due.upcoming.push(atRiskAt)
    due.upcoming.push(clock.due + 1)
  }
}

const staleActionsOf = (
  config: Runner.Config,
  entry: Entry,
  item: Tracker.Item | undefined,
  lookup: Lookup,
  now: number
): Effect.Effect<{ readonly actions: ReadonlyArray<Action.Action>; readonly dueAt: number | undefined }> =>
  Effect.sync(() => {
    const rule = config.stale
    if (rule === false) return { actions: [], dueAt: undefined }
    const options = {
      ...(rule?.after === undefined ? {} : { after: rule.after }),
      coverage: config.coverage,
      ...(config.timeZone === undefined ? {} : { timeZone: config.timeZone })
    }
    const due = Inquiry.staleDue(entry.state, options)
    if (due === undefined) return { actions: [], dueAt: undefined }
    const labels = item?.labels ?? entry.state.labels
    if ((rule?.exemptLabels ?? ["pinned", "security"]).some((l) => labels.includes(l))) return { actions: [], dueAt: undefined }
    if ((rule?.exemptAssignees ?? []).some((m) => (item?.assignees ?? []).includes(m))) return { actions: [], dueAt: undefined }
    if (now < due.dueAt) return { actions: [], dueAt: due.dueAt }
    // Keyed by the shift of the instant the rule fired, so every later tick derives the same keys.
    const actions = Inquiry.staleActions(entry.state, { ...options, now, shift: shiftAt(lookup, due.dueAt) })
    const label = rule?.label
    return {
      actions: label === undefined
        ? actions
        : actions.map((a) => (a._tag === "AddLabel" ? { ...a, label, key: Action.key(a.inquiry, shiftAt(lookup, due.dueAt), "label", label) } : a)),
      dueAt: undefined
    }
  })

const handoffActions = (
  config: Runner.Config,
  store: Store.Store["Service"],
  snapshot: Snapshot,
  duties: ReadonlyArray<Types.Duty>,
  now: number
): Effect.Effect<
  {
    readonly actions: ReadonlyArray<Action.Action>
    readonly handedOff: number | null
    readonly problems: ReadonlyArray<Runner.Problem>
    readonly nextEnd: number | undefined
  },
  Store.StoreError
> =>
  Effect.gen(function*() {
    const ended = duties.filter((d) => d.end <= now)
    const last = ended.reduce<Types.Duty | undefined>((a, d) => (a === undefined || d.end > a.end ? d : a), undefined)
    const nextEnd = duties.find((d) => d.end > now)?.end
    // The first tick hands off nothing that ended before it: that is history.
    if (snapshot.handedOff === null) return { actions: [], handedOff: last?.shift ?? -1, problems: [], nextEnd }
    if (last === undefined || last.shift <= snapshot.handedOff) return { actions: [], handedOff: snapshot.handedOff, problems: [], nextEnd }
    const incoming = duties.find((d) => d.start >= last.end && d.shift > last.shift)
    if (incoming === undefined)
      return {
        actions: [],
        handedOff: snapshot.handedOff,
        problems: [{ inquiry: undefined, detail: `no published shift follows shift ${last.shift}: nothing to hand off to` }],
        nextEnd
      }
    const open = Object.values(snapshot.entries).filter((e) => e.state.phase === "open" && e.state.openedAt < last.end)
    const applied: Array<string> = []
    for (const e of open) {
      const key = Action.key(e.state.inquiry, last.shift, "handoff-assign")
      if ((yield* store.receipt(key)) !== undefined) applied.push(key)
    }
    const plan = yield* Effect.result(
      Handoff.plan({
        outgoing: last,
        incoming,
        inquiries: open.map((e) => Handoff.fromInquiry(e.state, duties, last.end)),
        coverage: config.coverage,
        ...(config.goals === undefined ? {} : { goals: config.goals }),
        timeZone: config.timeZone ?? Coverage.timeZone(config.coverage),
        ...(config.templates?.handoff === undefined ? {} : { templates: config.templates.handoff }),
        applied,
        team: rosterOf(config)
      })
    )
    if (Result.isFailure(plan))
      return {
        actions: [],
        handedOff: last.shift,
        problems: [{ inquiry: undefined, detail: `handoff of shift ${last.shift}: ${plan.failure.message}` }],
        nextEnd
      }
    return { actions: plan.success.actions, handedOff: last.shift, problems: [], nextEnd }
  })

export interface TickOutcome {
  readonly actions: ReadonlyArray<Action.Action>
  readonly snapshot: Snapshot
  readonly seq: number
  readonly replayed: ReadonlyArray<string>
  readonly problems: ReadonlyArray<Runner.Problem>
  readonly nextDueAt: number | undefined
}

/** Everything due at `now`, and the snapshot to store after queueing it. */
export const due = (
  config: Runner.Config,
  store: Store.Store["Service"],
  now: number,
  contacts: ReadonlyArray<Platforms.Contact>
): Effect.Effect<TickOutcome, Store.StoreError> =>
  Effect.gen(function*() {
    const { snapshot, seq, replayed } = yield* refresh(config, store)
    const duties = dutiesOf(config, yield* store.latestSchedule)
    const lookup = dutyLookup(duties)
    const problems: Array<Runner.Problem> = Object.entries(snapshot.broken).map(([inquiry, detail]) => ({ inquiry, detail }))
    const d: Due = { actions: [], upcoming: [] }
    const entries = Object.values(snapshot.entries).sort((a, b) => (a.state.inquiry < b.state.inquiry ? -1 : 1))
    for (const entry of entries) {
      const state = entry.state
      if (entry.postmortemDue) {
        const owner = Inquiry.ownerAtMillis(state, lookup, now).owner
        if (owner !== undefined) {
          d.actions.push({
            _tag: "Notify",
            key: Action.key(state.inquiry, 0, "postmortem-missing"),
            member: owner,
            inquiry: state.inquiry,
            text: `${state.inquiry} (${state.title}) was a serious incident and has no postmortem yet: put it on the next project meeting's agenda.`
          })
        }
      }
      if (state.phase === "closed") continue
      if (state.phase === "open") clockActions(config, entry, lookup, now, d)
      const stale = yield* staleActionsOf(config, entry, yield* store.item(state.inquiry), lookup, now)
      d.actions.push(...stale.actions)
      if (stale.dueAt !== undefined) d.upcoming.push(stale.dueAt)
      if (config.escalation !== undefined && state.phase === "open" && state.firstResponse !== undefined) {
        const duty = lookup.at(now)
        if (duty !== undefined) {
          const next = lookup.next(duty.end - 1)
          const owner = Inquiry.ownerAtMillis(state, lookup, now).owner
          const s = yield* Effect.result(
            Escalation.suggest(Escalation.fromInquiry(state, owner === undefined ? {} : { owner }), {
              duty,
              ...(next === undefined ? {} : { next }),
              team: config.escalation.roster,
              coverage: config.coverage,
              now,
              ...(config.escalation.policy === undefined ? {} : { policy: config.escalation.policy }),
              timeZone: config.timeZone ?? Coverage.timeZone(config.coverage)
            })
          )
          if (Result.isSuccess(s)) d.actions.push(...s.success.actions)
          else problems.push({ inquiry: state.inquiry, detail: s.failure.message })
        }
      }
    }
    const handoff = yield* handoffActions(config, store, snapshot, duties, now)
    d.actions.push(...handoff.actions)
    problems.push(...handoff.problems)
    if (handoff.nextEnd !== undefined) d.upcoming.push(handoff.nextEnd)
    if (config.platforms !== undefined) {
      for (const contact of contacts) {
        const p = yield* Effect.result(
          Platforms.plan(config.platforms, contact, { duties: lookup, timeZone: config.timeZone ?? Coverage.timeZone(config.coverage) })
        )
        if (Result.isSuccess(p)) d.actions.push(...p.success.actions)
        else problems.push({ inquiry: undefined, detail: `contact ${contact.id}: ${p.failure.message}` })
      }
    }
    const future = d.upcoming.filter((t) => t > now)
    return {
      actions: d.actions,
      snapshot: { ...snapshot, handedOff: handoff.handedOff },
      seq,
      replayed,
      problems,
      nextDueAt: future.length === 0 ? undefined : Math.min(...future)
    }
  })
