// The fold behind `Inquiry.replay`: plain loops over epoch milliseconds, one pass, no
// closures per event, so a million inquiries replay in a few seconds.
// The vocabulary comes from ./model.ts (what `Inquiry` re-exports), never from Inquiry.ts,
// which imports this fold.
import type * as Inquiry from "./model.js"
import { parseInstant } from "./instant.js"

/** Why a replay fails (`Inquiry.ReplayError`'s `reason`). */
export const replayReasons = [
  "empty",
  "mixed-inquiries",
  "invalid-timestamp",
  "before-opening",
  "already-opened",
  "already-closed",
  "closed",
  "not-resolved",
  "not-a-responder",
  "not-enlisted",
  "invalid-period"
] as const

export type ReplayReason = (typeof replayReasons)[number]

export interface Failure {
  readonly _tag: "Failure"
  readonly index: number
  readonly reason: ReplayReason
  readonly detail: string
}

const fail = (index: number, reason: ReplayReason, detail: string): Failure => ({ _tag: "Failure", index, reason, detail })

interface MutablePause {
  status: Inquiry.WorkflowStatus
  start: number
  end: number | undefined
}

interface MutableCycle {
  index: number
  start: number
  firstResponseAt: number | undefined
  resolvedAt: number | undefined
  kinds: ReadonlyArray<Inquiry.ResolutionKind>
  closedAt: number | undefined
  closeReason: Inquiry.CloseReason | undefined
  waits: ReadonlyArray<MutablePause>
}

// Shared empty lists: most inquiries have no wait, enlistment, promotion or ownership
// change, and a million replays should not allocate an array for each.
const empty: ReadonlyArray<never> = Object.freeze([])

/** Sorted positions: by instant, `opened` first among equal instants, then input order. */
const order = (events: ReadonlyArray<Inquiry.Event>, ms: Float64Array, n: number): ReadonlyArray<number> | undefined => {
  let sorted = true
  for (let i = 1; i < n; i++) {
    if (
      (ms[i] as number) < (ms[i - 1] as number) ||
      (ms[i] === ms[i - 1] && (events[i] as Inquiry.Event).type === "opened" && (events[i - 1] as Inquiry.Event).type !== "opened")
    ) {
      sorted = false
      break
    }
  }
  if (sorted) return undefined
  const idx = Array.from({ length: n }, (_, i) => i)
  idx.sort((a, b) => {
    const d = (ms[a] as number) - (ms[b] as number)
    if (d !== 0) return d
    const oa = (events[a] as Inquiry.Event).type === "opened" ? 0 : 1
    const ob = (events[b] as Inquiry.Event).type === "opened" ? 0 : 1
    return oa !== ob ? oa - ob : a - b
  })
  return idx
}

// Scratch buffer for the instants of one replay: grown, never shrunk, so a million replays
// allocate no typed array each (replay is synchronous and never reentrant).
let scratch = new Float64Array(64)

const newCycle = (index: number, start: number): MutableCycle => ({
  index,
  start,
  firstResponseAt: undefined,
  resolvedAt: undefined,
  kinds: empty,
  closedAt: undefined,
  closeReason: undefined,
  waits: empty
})

// The fold's mutable state. A class (methods on the prototype) rather than closures, so a
// replay allocates no function objects.
class Fold {
  phase: Inquiry.Phase = "open"
  status: Inquiry.WorkflowStatus = "new"
  firstResponse: Inquiry.Response | undefined = undefined
  cycle: MutableCycle
  readonly cycles: Array<MutableCycle>
  wait: MutablePause | undefined = undefined
  lastTeamPublicAt: number | undefined = undefined
  constructor(
    readonly reporter: string,
    readonly policy: Inquiry.ResponsePolicy,
    openedAt: number
  ) {
    this.cycle = newCycle(0, openedAt)
    this.cycles = [this.cycle]
  }
  // A responder: on the roster (when there is one), not the reporter, not a bot or ignored.
  responder(actor: string): boolean {
    const p = this.policy
    return actor !== this.reporter && !p.bots(actor) && !p.ignored(actor) && (p.team === undefined || p.team(actor))
  }
  endWait(at: number): void {
    if (this.wait !== undefined) {
      this.wait.end = at
      this.wait = undefined
    }
  }
  respond(at: number, by: string, via: Inquiry.Response["via"]): void {
    this.lastTeamPublicAt = at
    if (this.cycle.firstResponseAt === undefined) this.cycle.firstResponseAt = at
    // The inquiry's first response is the one that stops its response clock: a response
    // after the first cycle was resolved or closed was no longer owed (see Inquiry.State).
    if (this.firstResponse === undefined && this.cycles.length === 1 && this.phase === "open") this.firstResponse = { at, by, via }
  }
  resolve(at: number, kind: Inquiry.ResolutionKind | undefined): void {
    const cycle = this.cycle
    if (cycle.resolvedAt === undefined) {
      cycle.resolvedAt = at
      this.phase = "resolved"
    }
    if (kind !== undefined && !cycle.kinds.includes(kind)) cycle.kinds = cycle.kinds.length === 0 ? [kind] : [...cycle.kinds, kind]
  }
}

export const replay = (events: ReadonlyArray<Inquiry.Event>, policy: Inquiry.ResponsePolicy): Inquiry.State | Failure => {
  const n = events.length
  if (n === 0) return fail(-1, "empty", "no events to replay")
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2))
  const ms = scratch
  const inquiry = (events[0] as Inquiry.Event).inquiry
  for (let i = 0; i < n; i++) {
    const e = events[i] as Inquiry.Event
    if (e.inquiry !== inquiry) return fail(i, "mixed-inquiries", `belongs to inquiry ${JSON.stringify(e.inquiry)}, not ${JSON.stringify(inquiry)}`)
    const t = parseInstant(e.at)
    if (Number.isNaN(t)) return fail(i, "invalid-timestamp", `cannot read the instant ${JSON.stringify(e.at)}`)
    ms[i] = t
  }
  const idx = order(events, ms, n)

  const first = idx === undefined ? 0 : (idx[0] as number)
  const opened = events[first] as Inquiry.Event
  if (opened.type !== "opened") return fail(first, "before-opening", "happens before the inquiry was opened")
  const openedAt = ms[first] as number
  const reporter = opened.reporter
  const f = new Fold(reporter, policy, openedAt)

  let priority = opened.priority
  let serious = false
  let seriousAt: number | undefined
  let escalations = 0
  let enlistments: Array<Inquiry.Enlistment> | undefined
  let promotions: Array<Inquiry.Promotion> | undefined
  let ownership: Array<Inquiry.OwnershipChange> | undefined
  let effortMinutes = 0
  let lastReporterAt = openedAt
  let lastAt = openedAt

  for (let k = 1; k < n; k++) {
    const i = idx === undefined ? k : (idx[k] as number)
    const e = events[i] as Inquiry.Event
    const at = ms[i] as number
    lastAt = at
    if (e.actor === reporter) lastReporterAt = at
    if (f.phase === "closed") {
      const t = e.type
      if (t === "closed") return fail(i, "already-closed", "closes an inquiry that is already closed")
      if (t !== "reopened" && t !== "commented" && t !== "promoted" && t !== "effort-recorded" && t !== "marked-serious") {
        return fail(i, "closed", "happens while the inquiry is closed; reopen it first")
      }
    }
    switch (e.type) {
      case "opened":
        return fail(i, "already-opened", "opens an inquiry that is already open")
      case "commented":
        if (e.visibility === "public" && f.phase !== "closed") {
          if (f.responder(e.actor)) f.respond(at, e.actor, "comment")
          else if (e.actor === reporter && f.status === "waiting-on-reporter") {
            // The reporter answered: the wait is over (as Zendesk moves Pending back to Open).
            f.endWait(at)
            f.status = "in-progress"
          }
        }
        break
      case "responded":
        if (!f.responder(e.actor)) {
          const why = e.actor === reporter ? "the reporter" : policy.bots(e.actor) ? "a bot" : policy.ignored(e.actor) ? "an ignored user" : "not a team member"
          return fail(i, "not-a-responder", `${JSON.stringify(e.actor)} is ${why}, so cannot respond`)
        }
        f.respond(at, e.actor, "responded")
        break
      case "status-changed":
        if (e.status !== f.status) {
          f.endWait(at)
          f.status = e.status
          if (e.status === "waiting-on-reporter" || e.status === "waiting-on-third-party") {
            const wait: MutablePause = { status: e.status, start: at, end: undefined }
            f.wait = wait
            f.cycle.waits = f.cycle.waits.length === 0 ? [wait] : [...f.cycle.waits, wait]
          }
        }
        break
      case "reprioritized":
        priority = e.priority
        break
      case "escalated":
        escalations++
        break
      case "enlisted":
        ;(enlistments ??= []).push({ member: e.member, at, reply: undefined, repliedAt: undefined, until: undefined })
        break
      case "enlistment-replied": {
        let found = -1
        if (enlistments !== undefined) {
          for (let j = enlistments.length - 1; j >= 0; j--) {
            if ((enlistments[j] as Inquiry.Enlistment).member === e.member) {
              found = j
              break
            }
          }
        }
        if (enlistments === undefined || found < 0) return fail(i, "not-enlisted", `${JSON.stringify(e.member)} replies but was never enlisted`)
        const until = e.until === undefined ? undefined : parseInstant(e.until)
        if (until !== undefined && !(until > at)) return fail(i, "invalid-period", `delays until ${e.until}, which is not after the reply`)
        enlistments[found] = { ...(enlistments[found] as Inquiry.Enlistment), reply: e.reply, repliedAt: at, until }
        break
      }
      case "delegated":
      case "carried-over": {
        const until = e.until === undefined ? undefined : parseInstant(e.until)
        if (until !== undefined && !(until > at)) return fail(i, "invalid-period", `lasts until ${e.until}, which is not after ${e.at}`)
        ;(ownership ??= []).push(
          e.type === "delegated"
            ? { kind: "delegated", at, member: e.to, from: e.from, until }
            : { kind: "carried-over", at, member: e.member, from: undefined, until }
        )
        break
      }
      case "handed-off":
        ;(ownership ??= []).push({ kind: "handed-off", at, member: e.to, from: e.from, until: undefined })
        break
      case "assigned":
        ;(ownership ??= []).push({ kind: "assigned", at, member: e.to, from: undefined, until: undefined })
        break
      case "marked-serious":
        if (!serious) seriousAt = at
        serious = true
        break
      case "effort-recorded":
        effortMinutes += e.minutes
        break
      case "resolved":
        f.resolve(at, e.kind)
        break
      case "promoted":
        ;(promotions ??= []).push({ at, reference: e.reference })
        // Filing a product issue resolves the support inquiry (seed: "Doing so does serve to resolve").
        if (f.phase !== "closed") f.resolve(at, "promoted")
        break
      case "closed":
        f.endWait(at)
        if (e.reason === "resolved") f.resolve(at, undefined)
        f.cycle.closedAt = at
        f.cycle.closeReason = e.reason
        f.phase = "closed"
        break
      case "reopened":
        if (f.phase === "open") return fail(i, "not-resolved", "reopens an inquiry that is neither resolved nor closed")
        f.endWait(at)
        f.cycle = newCycle(f.cycles.length, at)
        f.cycles.push(f.cycle)
        f.phase = "open"
        f.status = "in-progress"
        break
    }
  }

  return {
    inquiry,
    openedAt,
    openedBy: opened.actor,
    reporter,
    channel: opened.channel,
    title: opened.title,
    labels: opened.labels ?? empty,
    priority,
    phase: f.phase,
    status: f.status,
    firstResponse: f.firstResponse,
    cycles: f.cycles,
    waitingOnReporterSince: f.status === "waiting-on-reporter" && f.wait !== undefined ? f.wait.start : undefined,
    serious,
    seriousAt,
    escalations,
    enlistments: enlistments ?? empty,
    promotions: promotions ?? empty,
    ownership: ownership ?? empty,
    effortMinutes,
    lastReporterActivityAt: lastReporterAt,
    lastTeamPublicAt: f.lastTeamPublicAt,
    lastEventAt: lastAt,
    eventCount: n
  }
}

export const memberSet = (members: Iterable<string> | ((actor: string) => boolean) | undefined): ((actor: string) => boolean) | undefined => {
  if (members === undefined) return undefined
  if (typeof members === "function") return members
  const set = new Set(members)
  return (actor) => set.has(actor)
}
