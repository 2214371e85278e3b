// The fold behind `Inquiry.replay`: plain loops over epoch milliseconds, one pass, no
// closures per event, so a million inquiries replay in a few seconds.
import type * as Inquiry from "../Inquiry.js"

export type ReplayReason = Inquiry.ReplayError["reason"]

export interface Failure {
  readonly _tag: "Failure"
  readonly index: number
  readonly reason: ReplayReason
  readonly detail: string
}

const fail = (index: number, reason: ReplayReason, detail: string): Failure => ({ _tag: "Failure", index, reason, detail })

const d2 = (s: string, i: number): number => (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48)

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const isDigits = (s: string, n: number): boolean => {
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i)
    // Positions of the separators in YYYY-MM-DDTHH:MM:SS.fffZ
    if (i === 4 || i === 7 || i === 10 || i === 13 || i === 16 || i === 19 || i === n - 1) continue
    if (c < 48 || c > 57) return false
  }
  return true
}

// The common shape `YYYY-MM-DDTHH:MM:SS[.fff]Z` parsed by hand (several times faster than
// Date.parse, no allocation); anything else (offsets, other precisions) goes to Date.parse.
export const parseInstant = (s: string): number => {
  const n = s.length
  if ((n === 20 || n === 24) && s.charCodeAt(n - 1) === 90 && s.charCodeAt(10) === 84 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58 && (n === 20 || s.charCodeAt(19) === 46) && isDigits(s, n)) {
    const y = d2(s, 0) * 100 + d2(s, 2)
    const mo = d2(s, 5)
    const d = d2(s, 8)
    const h = d2(s, 11)
    const mi = d2(s, 14)
    const se = d2(s, 17)
    const ms = n === 24 ? d2(s, 20) * 10 + (s.charCodeAt(22) - 48) : 0
    if (mo < 1 || mo > 12 || h > 23 || mi > 59 || se > 59) return Number.NaN
    const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
    const days = mo === 2 && leap ? 29 : (monthDays[mo - 1] as number)
    if (d < 1 || d > days) return Number.NaN
    return Date.UTC(y, mo - 1, d, h, mi, se, ms)
  }
  // Date.parse rolls 2024-02-31 over to March 2: reject impossible dates in every shape.
  if (n >= 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    const y = d2(s, 0) * 100 + d2(s, 2)
    const mo = d2(s, 5)
    const d = d2(s, 8)
    const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
    if (!(mo >= 1 && mo <= 12) || !(d >= 1 && d <= (mo === 2 && leap ? 29 : (monthDays[mo - 1] as number)))) return Number.NaN
  }
  return Date.parse(s)
}

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
    if ((ms[i] as number) < (ms[i - 1] as number) || (ms[i] === ms[i - 1] && (events[i] as Inquiry.Event).type === "opened" && (events[i - 1] as Inquiry.Event).type !== "opened")) {
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
