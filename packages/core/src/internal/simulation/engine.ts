/**
 * The simulation's engine. Arrivals come from thinning a Poisson process on epoch
 * milliseconds; everything after that runs in one covered-time coordinate (covered
 * milliseconds since the horizon's start), where every person's time is a line with
 * intervals taken out (planned absences, unexpected away periods, meetings, other
 * obligations) and a discrete-event loop moves first responses, resolution and
 * escalation work between people: the Backup covers an absent or long-away Primary,
 * work stops at a shift's end and is handed to the next shift (or carried when
 * nearly done). Per-inquiry draws come from a stream keyed by the inquiry's index
 * and per-person intervals from a stream keyed by the person, so what-if variants
 * share them (common random numbers).
 *
 * @internal
 */
import type { Distribution as Dist, Model, SimulatedInquiry as Record } from "./model.js"
import type { Duty, MemberId, Millis } from "../../Types.js"

export type { Dist, Model, Record }
import { type Rng, Z90, normalQuantile, stream } from "./random.js"

/** Draws from `dist` by inverse CDF: monotone in `u` and in every scale parameter. */
export const sample = (dist: Dist, u: number): number => {
  switch (dist.kind) {
    case "fixed":
      return dist.value
    case "exponential":
      return -dist.mean * Math.log(1 - u)
    case "uniform":
      return dist.min + u * (dist.max - dist.min)
    case "lognormal": {
      if (dist.median === 0) return 0
      const sigma = Math.log(Math.max(dist.p90, dist.median) / dist.median) / Z90
      return dist.median * Math.exp(sigma * normalQuantile(u))
    }
  }
}

/** Multiplies every duration of `dist` by `k`. */
export const scaleDist = (dist: Dist, k: number): Dist => {
  switch (dist.kind) {
    case "fixed":
      return { kind: "fixed", value: dist.value * k }
    case "exponential":
      return { kind: "exponential", mean: dist.mean * k }
    case "uniform":
      return { kind: "uniform", min: dist.min * k, max: dist.max * k }
    case "lognormal":
      return { kind: "lognormal", median: dist.median * k, p90: dist.p90 * k }
  }
}

/** The mean of `dist` (for reports). */
export const meanOf = (dist: Dist): number => {
  switch (dist.kind) {
    case "fixed":
      return dist.value
    case "exponential":
      return dist.mean
    case "uniform":
      return (dist.min + dist.max) / 2
    case "lognormal": {
      if (dist.median === 0) return 0
      const sigma = Math.log(Math.max(dist.p90, dist.median) / dist.median) / Z90
      return dist.median * Math.exp((sigma * sigma) / 2)
    }
  }
}

/** Covered-time arithmetic on epoch milliseconds (built from a `Coverage.Calendar`). */
export interface Clock {
  readonly isCovered: (at: Millis) => boolean
  readonly covered: (start: Millis, end: Millis) => number
  readonly add: (start: Millis, covered: number) => Millis
  readonly nextStart: (at: Millis) => Millis
}

/** A planned absence (vacation, training) in epoch ms. */
export interface AbsenceSpan {
  readonly member: MemberId
  readonly start: Millis
  readonly end: Millis
}

/** What one run needs. */
export interface Input {
  readonly clock: Clock
  /** Whose covered hours set the arrival rate (the baseline's, in what-ifs). */
  readonly arrivalClock: Clock
  /** Sorted by start, not overlapping. */
  readonly duties: ReadonlyArray<Duty>
  readonly start: Millis
  readonly end: Millis
  readonly model: Model
  readonly seed: number
  /** Planned absences: the person does no support work in them. */
  readonly absences: ReadonlyArray<AbsenceSpan>
  /** Percent-time per member (for `partTime: "percent-time"`); 1 when missing. */
  readonly weights: ReadonlyMap<MemberId, number>
}

const HOUR = 3_600_000

/** Arrival instants in [start, end): a Poisson process thinned to the covered and off-hours rates. */
export const arrivals = (clock: Clock, start: Millis, end: Millis, rates: Model["arrivals"], seed: number): ReadonlyArray<Millis> => {
  const max = Math.max(rates.perCoveredHour, rates.perOffHour)
  const out: Array<Millis> = []
  if (max <= 0) return out
  const rng = stream(seed, "arrivals")
  const meanGap = HOUR / max
  let t = start
  for (;;) {
    t += -meanGap * Math.log(1 - rng.next())
    if (t >= end) return out
    const u = rng.next()
    const rate = clock.isCovered(t) ? rates.perCoveredHour : rates.perOffHour
    // Both uniforms are always drawn so that the stream stays aligned across rates.
    if (u * max < rate) out.push(Math.floor(t))
  }
}

/** Index of the duty covering `at` (by binary search), or -1. */
export const dutyAt = (duties: ReadonlyArray<Duty>, at: Millis): number => {
  let lo = 0
  let hi = duties.length - 1
  let found = -1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    if ((duties[mid] as Duty).start <= at) {
      found = mid
      lo = mid + 1
    } else hi = mid - 1
  }
  return found >= 0 && at < (duties[found] as Duty).end ? found : -1
}

const pickPriority = (priorities: Model["priorities"], u: number): number => {
  let total = 0
  for (const p of priorities) total += p.weight
  let acc = 0
  for (let i = 0; i < priorities.length; i++) {
    acc += (priorities[i] as Model["priorities"][number]).weight
    if (u * total < acc) return i
  }
  return priorities.length - 1
}

// --- a person's time: sorted, disjoint [start, end) intervals in covered ms --------------

/** Disjoint intervals sorted by start, merged where they touch. */
export interface Spans {
  readonly starts: Float64Array
  readonly ends: Float64Array
}

/** Intervals in start order (not yet merged), as two parallel lists. */
export interface Run {
  readonly starts: Array<number>
  readonly ends: Array<number>
}

/** Merges runs, each already in start order, into disjoint intervals (a k-way merge, no sort). */
export const spans = (runs: ReadonlyArray<Run>): Spans => {
  const at = runs.map(() => 0)
  let total = 0
  for (const r of runs) total += r.starts.length
  const starts = new Float64Array(total)
  const ends = new Float64Array(total)
  let n = 0
  for (;;) {
    let pick = -1
    let best = Infinity
    for (let k = 0; k < runs.length; k++) {
      const r = runs[k] as Run
      const i = at[k] as number
      if (i < r.starts.length && (r.starts[i] as number) < best) {
        best = r.starts[i] as number
        pick = k
      }
    }
    if (pick < 0) break
    const r = runs[pick] as Run
    const i = at[pick] as number
    at[pick] = i + 1
    const e = r.ends[i] as number
    if (!(e > best)) continue
    if (n > 0 && best <= (ends[n - 1] as number)) ends[n - 1] = Math.max(ends[n - 1] as number, e)
    else {
      starts[n] = best
      ends[n] = e
      n++
    }
  }
  return { starts: starts.subarray(0, n), ends: ends.subarray(0, n) }
}

const runOf = (pairs: ReadonlyArray<readonly [number, number]>): Run => {
  const sorted = [...pairs].sort((a, b) => a[0] - b[0] || a[1] - b[1])
  return { starts: sorted.map((p) => p[0]), ends: sorted.map((p) => p[1]) }
}

/** Index of the first interval ending after `c`. */
const firstEndAfter = (sp: Spans, c: number): number => {
  let lo = 0
  let hi = sp.ends.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((sp.ends[mid] as number) > c) hi = mid
    else lo = mid + 1
  }
  return lo
}

export const contains = (sp: Spans, c: number): boolean => {
  const i = firstEndAfter(sp, c)
  return i < sp.starts.length && (sp.starts[i] as number) <= c
}

/** When `amount` of work started at `c` ends, the intervals skipped (work pauses in them). */
export const advance = (sp: Spans, c: number, amount: number): number => {
  let i = firstEndAfter(sp, c)
  let t = c
  let left = amount
  for (;;) {
    if (i < sp.starts.length && (sp.starts[i] as number) <= t) {
      t = sp.ends[i] as number
      i++
    }
    const next = i < sp.starts.length ? (sp.starts[i] as number) : Infinity
    if (t + left <= next) return t + left
    left -= next - t
    t = sp.ends[i] as number
    i++
  }
}

/** Time outside the intervals within [a, b]. */
const availableWithin = (sp: Spans, a: number, b: number): number => {
  let free = b - a
  for (let i = firstEndAfter(sp, a); i < sp.starts.length && (sp.starts[i] as number) < b; i++) {
    free -= Math.min(b, sp.ends[i] as number) - Math.max(a, sp.starts[i] as number)
  }
  return Math.max(0, free)
}

/** Interval starts as a Poisson process of `perHour` per covered hour, lengths from `dist`. */
const poissonSpans = (seed: number, tag: string, member: MemberId, perHour: number, dist: Dist, limit: number): Run => {
  const out: Run = { starts: [], ends: [] }
  if (!(perHour > 0) || !(limit > 0)) return out
  const rng = stream(seed, `${tag}:${member}`)
  const meanGap = HOUR / perHour
  let t = 0
  for (;;) {
    // Both uniforms are always drawn: the starts stay put when lengths are scaled.
    t += -meanGap * Math.log(1 - rng.next())
    const length = Math.round(sample(dist, rng.next()))
    if (t >= limit) return out
    const s = Math.round(t)
    if (length > 0) {
      out.starts.push(s)
      out.ends.push(s + length)
    }
  }
}

/** Starts per covered hour so that a share `p` of covered time is inside an interval (M/G/∞). */
export const startsPerHour = (p: number, dist: Dist): number => {
  const mean = meanOf(dist)
  if (!(p > 0) || !(mean > 0)) return 0
  return (-Math.log(1 - Math.min(p, 0.999)) * HOUR) / mean
}

export type SpanKind = "absence" | "away" | "meeting" | "other-work"

/** One person's time taken out of support, in covered ms. */
export interface Timeline {
  /** Every interval with its kind (only when asked for: reports, not runs). */
  readonly raw: ReadonlyArray<{ readonly kind: SpanKind; readonly start: number; readonly end: number }>
  /** Everything: no support work inside. */
  readonly off: Spans
  readonly absent: Spans
  readonly away: Spans
}

export const timeline = (
  member: MemberId,
  model: Model,
  seed: number,
  absences: ReadonlyArray<readonly [number, number]>,
  weight: number,
  limit: number,
  withRaw = false
): Timeline => {
  const away = poissonSpans(seed, "away", member, model.away.startsPerHour, model.away.duration, limit)
  const meetings = poissonSpans(seed, "meetings", member, model.meetings.startsPerHour, model.meetings.duration, limit)
  const other = model.partTime.responsiveness === "percent-time" && weight < 1
    ? poissonSpans(seed, "other-work", member, startsPerHour(1 - weight, model.partTime.block), model.partTime.block, limit)
    : { starts: [], ends: [] }
  const planned = runOf(absences)
  const raw: Array<{ readonly kind: SpanKind; readonly start: number; readonly end: number }> = []
  if (withRaw) {
    const add = (kind: SpanKind, r: Run) => r.starts.forEach((start, i) => raw.push({ kind, start, end: r.ends[i] as number }))
    add("absence", planned)
    add("away", away)
    add("meeting", meetings)
    add("other-work", other)
  }
  return { raw, off: spans([planned, away, meetings, other]), absent: spans([planned]), away: spans([away]) }
}

// --- the event loop -------------------------------------------------------------------

const RESPOND = 0
const RESOLVE = 1
const ESCALATE = 2

interface Task {
  readonly kind: 0 | 1 | 2
  readonly i: number
  remaining: number
  carried: boolean
}

interface Worker {
  readonly id: MemberId
  readonly ix: number
  readonly tl: Timeline
  /** Unanswered inquiries assigned to this person (fcfs: all, by index; as-noticed: noticed, by notice). */
  readonly queue: Array<number>
  readonly assigned: Set<number>
  readonly backlog: Array<Task>
  cur: Task | undefined
  curAmount: number
  curStart: number
  curSeq: number
}

const SHIFT_END = 0
const READY = 1
const NOTICE = 2
const CHECK = 3
const DONE = 4
const TRANSFER_RESPONSE = 5
const TRANSFER_TASK = 6

/** A binary min-heap of events on (t, seq), in parallel arrays (no object per event). */
class Heap {
  private t = new Float64Array(1024)
  private seq = new Float64Array(1024)
  private kind = new Int32Array(1024)
  private a = new Int32Array(1024)
  private b = new Int32Array(1024)
  private n = 0
  private counter = 0
  /** The last popped event. */
  topT = 0
  topKind = 0
  topA = 0
  topB = 0
  get size(): number {
    return this.n
  }
  peekT(): number {
    return this.t[0] as number
  }
  private grow(): void {
    const m = this.t.length * 2
    const f = (x: Float64Array) => {
      const y = new Float64Array(m)
      y.set(x)
      return y
    }
    const g = (x: Int32Array) => {
      const y = new Int32Array(m)
      y.set(x)
      return y
    }
    this.t = f(this.t)
    this.seq = f(this.seq)
    this.kind = g(this.kind)
    this.a = g(this.a)
    this.b = g(this.b)
  }
  private before(i: number, t: number, seq: number): boolean {
    const ti = this.t[i] as number
    return ti < t || (ti === t && (this.seq[i] as number) < seq)
  }
  private put(i: number, t: number, seq: number, kind: number, a: number, b: number): void {
    this.t[i] = t
    this.seq[i] = seq
    this.kind[i] = kind
    this.a[i] = a
    this.b[i] = b
  }
  private move(to: number, from: number): void {
    this.put(to, this.t[from] as number, this.seq[from] as number, this.kind[from] as number, this.a[from] as number, this.b[from] as number)
  }
  push(t: number, kind: number, a: number, b: number): void {
    if (this.n === this.t.length) this.grow()
    const seq = this.counter++
    let i = this.n++
    while (i > 0) {
      const p = (i - 1) >> 1
      if (this.before(p, t, seq)) break
      this.move(i, p)
      i = p
    }
    this.put(i, t, seq, kind, a, b)
  }
  pop(): void {
    this.topT = this.t[0] as number
    this.topKind = this.kind[0] as number
    this.topA = this.a[0] as number
    this.topB = this.b[0] as number
    const last = --this.n
    if (last === 0) return
    const t = this.t[last] as number
    const seq = this.seq[last] as number
    const kind = this.kind[last] as number
    const a = this.a[last] as number
    const b = this.b[last] as number
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      if (l >= last) break
      const r = l + 1
      const c = r < last && this.before(r, this.t[l] as number, this.seq[l] as number) ? r : l
      if (!this.before(c, t, seq)) break
      this.move(i, c)
      i = c
    }
    this.put(i, t, seq, kind, a, b)
  }
}

/** The covered coordinate of a run: covered ms since `start`, and back. */
export const coordinate = (clock: Clock, start: Millis) => ({
  cov: (t: Millis): number => (t >= start ? clock.covered(start, t) : -clock.covered(t, start)),
  wall: (c: number): Millis => (c > 0 ? clock.add(start, c) : start)
})

/** How far people's intervals are drawn: the covered end of the last duty (or of the horizon). */
export const limitOf = (input: Pick<Input, "clock" | "duties" | "start" | "end">): number => {
  const last = input.duties[input.duties.length - 1]
  return coordinate(input.clock, input.start).cov(Math.max(input.end, last?.end ?? input.end))
}

/** Everyone's timeline, from the same draws as {@link run}. */
export const timelines = (input: Omit<Input, "arrivalClock">, withRaw = false): Map<MemberId, Timeline> => {
  const { cov } = coordinate(input.clock, input.start)
  const limit = limitOf(input)
  const people = new Set<MemberId>()
  for (const d of input.duties) {
    people.add(d.primary)
    if (d.backup !== undefined) people.add(d.backup)
  }
  const byMember = new Map<MemberId, Array<readonly [number, number]>>()
  for (const a of input.absences) {
    if (!people.has(a.member)) continue
    const list = byMember.get(a.member) ?? []
    list.push([cov(a.start), cov(a.end)])
    byMember.set(a.member, list)
  }
  const out = new Map<MemberId, Timeline>()
  for (const m of [...people].sort()) out.set(m, timeline(m, input.model, input.seed, byMember.get(m) ?? [], input.weights.get(m) ?? 1, limit, withRaw))
  return out
}

/** Runs the process over the arrivals of `input`; records are in arrival order. */
export const run = (input: Input): ReadonlyArray<Record> => {
  const { clock, duties, model } = input
  const { cov, wall } = coordinate(clock, input.start)
  const times = arrivals(input.arrivalClock, input.start, input.end, model.arrivals, input.seed)
  const n = times.length
  const dStart = duties.map((d) => cov(d.start))
  const dEnd = duties.map((d) => cov(d.end))
  const order = model.order
  const H = Math.round(model.away.handoverAfter)
  const chunk = Math.max(1, model.resolution.checkEvery)
  const carryBelow = model.resolution.carryOverBelow

  const workers = new Map<MemberId, Worker>()
  const byIndex: Array<Worker> = []
  for (const [id, tl] of timelines(input)) {
    const w: Worker = { id, ix: byIndex.length, tl, queue: [], assigned: new Set(), backlog: [], cur: undefined, curAmount: 0, curStart: 0, curSeq: 0 }
    workers.set(id, w)
    byIndex.push(w)
  }
  const worker = (id: MemberId): Worker => workers.get(id) as Worker
  // Tasks on their way to another person at a shift's end, by slot.
  const moving: Array<Task | undefined> = []

  // Per-inquiry draws and state.
  const ready = new Float64Array(n)
  const readyC = new Float64Array(n)
  const dutyOf = new Int32Array(n)
  const priority = new Int32Array(n)
  const reaction = new Float64Array(n)
  const work = new Float64Array(n)
  const effort = new Float64Array(n)
  const escalationEffort = new Float64Array(n)
  const escalated = new Uint8Array(n)
  const promoted = new Uint8Array(n)
  const serious = new Uint8Array(n)
  const gen = new Int32Array(n)
  const noticed = new Uint8Array(n)
  const assignee: Array<Worker | undefined> = new Array(n).fill(undefined)
  const answeredAt = new Float64Array(n).fill(NaN)
  const responder: Array<MemberId | undefined> = new Array(n).fill(undefined)
  const resolvedAt = new Float64Array(n).fill(NaN)
  const resolvedBy: Array<MemberId | undefined> = new Array(n).fill(undefined)
  const handedOver = new Uint8Array(n)
  const handedOff = new Uint8Array(n)
  const carriedOver = new Uint8Array(n)
  const others = new Float64Array(n)
  // Per inquiry, [member, ms, member, ms, ...]: one or two people work on most inquiries.
  const effortBy: Array<Array<MemberId | number> | undefined> = new Array(n).fill(undefined)
  const escalationWorked = new Float64Array(n)

  const heap = new Heap()
  for (let i = 0; i < n; i++) {
    const arrival = times[i] as Millis
    const rng: Rng = stream(input.seed, "inquiry", i)
    // A fixed draw order: every inquiry consumes the same uniforms whatever happens.
    const uPriority = rng.next()
    const uReaction = rng.next()
    const uWork = rng.next()
    const uEffort = rng.next()
    const uEscalate = rng.next()
    const uEscalationEffort = rng.next()
    const uPromote = rng.next()
    const uSerious = rng.next()
    ready[i] = clock.nextStart(arrival)
    readyC[i] = cov(ready[i] as number)
    dutyOf[i] = dutyAt(duties, ready[i] as number)
    priority[i] = pickPriority(model.priorities, uPriority)
    escalated[i] = uEscalate < model.escalation.probability ? 1 : 0
    promoted[i] = uPromote < model.promotion.probability ? 1 : 0
    serious[i] = uSerious < model.serious.probability ? 1 : 0
    // Whole milliseconds, so that instants written as ISO timestamps replay exactly.
    reaction[i] = Math.round(sample(model.reaction, uReaction))
    work[i] = Math.round(sample(model.work, uWork))
    effort[i] = Math.round(sample(model.effort, uEffort) * (serious[i] === 1 ? model.serious.effortFactor : 1))
    escalationEffort[i] = escalated[i] === 1 ? Math.round(sample(model.escalation.effort, uEscalationEffort)) : 0
  }

  const credit = (i: number, who: MemberId, amount: number): void => {
    if (!(amount > 0)) return
    const list = effortBy[i]
    if (list === undefined) {
      effortBy[i] = [who, amount]
      return
    }
    for (let j = 0; j < list.length; j += 2) {
      if (list[j] === who) {
        list[j + 1] = (list[j + 1] as number) + amount
        return
      }
    }
    list.push(who, amount)
  }

  const remove = <A>(list: Array<A>, x: A): void => {
    const at = list.indexOf(x)
    if (at >= 0) list.splice(at, 1)
  }

  const tryStart = (w: Worker, now: number): void => {
    if (w.cur !== undefined) return
    let task: Task | undefined
    const head = w.queue[0]
    if (head !== undefined && (order === "as-noticed" || noticed[head] === 1))
      task = { kind: RESPOND, i: head, remaining: work[head] as number, carried: false }
    else task = w.backlog[0]
    if (task === undefined) return
    const amount = task.kind === RESPOND ? task.remaining : Math.min(task.remaining, chunk)
    w.cur = task
    w.curAmount = amount
    w.curStart = now
    w.curSeq++
    heap.push(advance(w.tl.off, now, amount), DONE, w.ix, w.curSeq)
  }

  /** Stops the task in progress, crediting the work done on it so far. */
  const interrupt = (w: Worker, now: number): void => {
    const task = w.cur
    if (task === undefined) return
    if (task.kind !== RESPOND) {
      const done = Math.min(w.curAmount, availableWithin(w.tl.off, w.curStart, now))
      credit(task.i, w.id, done)
      if (task.kind === ESCALATE) escalationWorked[task.i] = (escalationWorked[task.i] as number) + done
      task.remaining -= done
    }
    w.cur = undefined
    w.curSeq++
  }

  const assign = (i: number, w: Worker, noticeAt: number): void => {
    assignee[i] = w
    gen[i] = (gen[i] as number) + 1
    noticed[i] = 0
    w.assigned.add(i)
    if (order === "fcfs") {
      let at = w.queue.length
      while (at > 0 && (w.queue[at - 1] as number) > i) at--
      w.queue.splice(at, 0, i)
    }
    heap.push(noticeAt, NOTICE, i, gen[i] as number)
  }

  const unassign = (i: number, now: number): void => {
    const w = assignee[i]
    if (w === undefined) return
    assignee[i] = undefined
    gen[i] = (gen[i] as number) + 1
    w.assigned.delete(i)
    remove(w.queue, i)
    if (w.cur !== undefined && w.cur.kind === RESPOND && w.cur.i === i) interrupt(w, now)
  }

  /** When the Primary of duty `k` hands inquiry work to the Backup: absent, or away for H. */
  const handoverTime = (p: Worker, from: number, k: number): number | undefined => {
    const limit = dEnd[k] as number
    let best = Infinity
    const ab = p.tl.absent
    const ia = firstEndAfter(ab, from)
    if (ia < ab.starts.length) best = Math.max(from, ab.starts[ia] as number)
    const aw = p.tl.away
    for (let j = firstEndAfter(aw, from); j < aw.starts.length && (aw.starts[j] as number) < Math.min(best, limit); j++) {
      const t = Math.max(from, aw.starts[j] as number) + H
      if (t < (aw.ends[j] as number)) {
        best = Math.min(best, t)
        break
      }
    }
    return best < limit ? best : undefined
  }

  const toPrimary = (i: number, k: number, at: number, noticeAt: number): void => {
    const d = duties[k] as Duty
    const p = worker(d.primary)
    assign(i, p, noticeAt)
    if (d.backup === undefined) return
    const t = handoverTime(p, at, k)
    if (t !== undefined) heap.push(t, CHECK, i, (gen[i] as number) * duties.length + k)
  }

  const dutyAtCovered = (c: number): number => {
    let lo = 0
    let hi = duties.length - 1
    let found = -1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      if ((dStart[mid] as number) <= c) {
        found = mid
        lo = mid + 1
      } else hi = mid - 1
    }
    return found >= 0 && c < (dEnd[found] as number) ? found : -1
  }

  const answered = (i: number): boolean => !Number.isNaN(answeredAt[i] as number)

  const onShiftEnd = (k: number, now: number): void => {
    const d = duties[k] as Duty
    const next = duties[k + 1]
    const at = next === undefined ? now : Math.max(now, dStart[k + 1] as number)
    const stays = (m: MemberId) => next !== undefined && next.start <= d.end && (next.primary === m || next.backup === m)
    for (const m of d.backup === undefined || d.backup === d.primary ? [d.primary] : [d.primary, d.backup]) {
      if (stays(m)) continue
      const w = worker(m)
      for (const i of [...w.assigned]) {
        unassign(i, now)
        if (next !== undefined) heap.push(at, TRANSFER_RESPONSE, i, k + 1)
      }
      // At most one resolution, the nearest to done, is carried past the shift by its owner.
      const leftOf = (task: Task) => task.remaining - (w.cur === task ? Math.min(w.curAmount, availableWithin(w.tl.off, w.curStart, now)) : 0)
      let carry: Task | undefined
      for (const task of w.backlog) {
        if (task.kind !== RESOLVE || task.carried || leftOf(task) > carryBelow) continue
        if (carry === undefined || leftOf(task) < leftOf(carry)) carry = task
      }
      if (carry !== undefined) {
        carry.carried = true
        carriedOver[carry.i] = 1
      }
      if (w.cur !== undefined && !w.cur.carried) interrupt(w, now)
      for (const task of [...w.backlog]) {
        if (task.carried) continue
        remove(w.backlog, task)
        if (task.kind === RESOLVE) {
          handedOff[task.i] = 1
          if (next !== undefined) {
            moving.push(task)
            heap.push(at, TRANSFER_TASK, moving.length - 1, worker(next.primary).ix)
          }
        } else if (next?.backup !== undefined) {
          moving.push(task)
          heap.push(at, TRANSFER_TASK, moving.length - 1, worker(next.backup).ix)
        } else others[task.i] = (others[task.i] as number) + task.remaining
      }
      tryStart(w, now)
    }
  }

  const onDone = (w: Worker, now: number): void => {
    const task = w.cur as Task
    const amount = w.curAmount
    w.cur = undefined
    const i = task.i
    credit(i, w.id, amount)
    if (task.kind === RESPOND) {
      answeredAt[i] = now
      responder[i] = w.id
      assignee[i] = undefined
      gen[i] = (gen[i] as number) + 1
      w.assigned.delete(i)
      remove(w.queue, i)
      if ((effort[i] as number) > 0) w.backlog.push({ kind: RESOLVE, i, remaining: effort[i] as number, carried: false })
      else {
        resolvedAt[i] = now
        resolvedBy[i] = w.id
      }
      if (escalated[i] === 1 && (escalationEffort[i] as number) > 0) {
        // The Backup on duty now takes the escalation; without one, other developers do.
        const active = dutyAtCovered(now)
        const backup = active < 0 ? undefined : (duties[active] as Duty).backup
        if (backup === undefined) others[i] = escalationEffort[i] as number
        else {
          const b = worker(backup)
          b.backlog.push({ kind: ESCALATE, i, remaining: escalationEffort[i] as number, carried: false })
          if (b !== w) tryStart(b, now)
        }
      }
    } else {
      if (task.kind === ESCALATE) escalationWorked[i] = (escalationWorked[i] as number) + amount
      task.remaining -= amount
      if (task.remaining <= 0) {
        remove(w.backlog, task)
        if (task.kind === RESOLVE) {
          resolvedAt[i] = now
          resolvedBy[i] = w.id
        }
      }
    }
    tryStart(w, now)
  }

  // Shift ends and arrivals come in time order already; only what they cause goes through
  // the heap. At one instant: shift ends first, then arrivals, then the rest.
  let nextShift = 0
  let nextReady = 0
  while (nextReady < n && (dutyOf[nextReady] as number) < 0) nextReady++
  for (;;) {
    const ts = nextShift < duties.length ? (dEnd[nextShift] as number) : Infinity
    const tr = nextReady < n ? (readyC[nextReady] as number) : Infinity
    const th = heap.size > 0 ? heap.peekT() : Infinity
    let now: number
    let kind: number
    let ea: number
    let eb = 0
    if (ts === Infinity && tr === Infinity && th === Infinity) break
    if (ts <= tr && ts <= th) {
      now = ts
      kind = SHIFT_END
      ea = nextShift++
    } else if (tr <= th) {
      now = tr
      kind = READY
      ea = nextReady++
      while (nextReady < n && (dutyOf[nextReady] as number) < 0) nextReady++
    } else {
      heap.pop()
      now = heap.topT
      kind = heap.topKind
      ea = heap.topA
      eb = heap.topB
    }
    switch (kind) {
      case SHIFT_END:
        onShiftEnd(ea, now)
        break
      case READY: {
        const i = ea
        const d = duties[dutyOf[i] as number] as Duty
        const c0 = readyC[i] as number
        // Planned absence: the Backup covers from the start (formal delegation).
        if (d.backup !== undefined && contains(worker(d.primary).tl.absent, c0) && !contains(worker(d.backup).tl.absent, c0)) {
          handedOver[i] = 1
          assign(i, worker(d.backup), c0 + (reaction[i] as number))
        } else toPrimary(i, dutyOf[i] as number, c0, c0 + (reaction[i] as number))
        break
      }
      case NOTICE: {
        const i = ea
        const w = assignee[i]
        if (w === undefined || gen[i] !== eb) break
        noticed[i] = 1
        if (order === "as-noticed") w.queue.push(i)
        tryStart(w, now)
        break
      }
      case CHECK: {
        const i = ea
        const k = eb % duties.length
        const w = assignee[i]
        if (w === undefined || answered(i) || Math.floor(eb / duties.length) !== gen[i]) break
        const d = duties[k] as Duty
        if (d.backup === undefined || w.id !== d.primary) break
        const b = worker(d.backup)
        if (contains(b.tl.absent, now)) break
        unassign(i, now)
        handedOver[i] = 1
        assign(i, b, now)
        tryStart(w, now)
        break
      }
      case DONE: {
        const w = byIndex[ea] as Worker
        if (eb === w.curSeq && w.cur !== undefined) onDone(w, now)
        break
      }
      case TRANSFER_RESPONSE:
        if (!answered(ea)) toPrimary(ea, eb, now, now)
        break
      case TRANSFER_TASK: {
        const w = byIndex[eb] as Worker
        w.backlog.push(moving[ea] as Task)
        moving[ea] = undefined
        tryStart(w, now)
        break
      }
    }
  }

  const records: Array<Record> = []
  for (let i = 0; i < n; i++) {
    const k = dutyOf[i] as number
    const duty = k >= 0 ? duties[k] : undefined
    const respondedAt = answered(i) ? wall(answeredAt[i] as number) : undefined
    const by = effortBy[i]
    let total = 0
    const list: Array<{ readonly member: MemberId; readonly effort: number }> = []
    if (by !== undefined) {
      for (let j = 0; j < by.length; j += 2) {
        list.push({ member: by[j] as MemberId, effort: by[j + 1] as number })
        total += by[j + 1] as number
      }
      if (list.length > 1) list.sort((a, b) => (a.member < b.member ? -1 : a.member > b.member ? 1 : 0))
    }
    const arrival = times[i] as Millis
    records.push({
      index: i,
      arrival,
      ready: ready[i] as Millis,
      duty: k,
      owner: duty?.primary,
      responder: responder[i],
      respondedAt,
      // Covered time from arrival is covered time from the ready instant: the coordinate's difference.
      responseCovered: respondedAt === undefined ? Infinity : (answeredAt[i] as number) - (readyC[i] as number),
      priority: priority[i] as number,
      handedOver: handedOver[i] === 1,
      escalated: escalated[i] === 1,
      promoted: promoted[i] === 1,
      serious: serious[i] === 1,
      handlingEffort: total - (escalationWorked[i] as number),
      escalationEffort: (escalationWorked[i] as number) + (others[i] as number),
      otherEffort: others[i] as number,
      effortBy: list,
      backup: duty?.backup,
      resolvedAt: Number.isNaN(resolvedAt[i] as number) ? undefined : wall(resolvedAt[i] as number),
      resolvedBy: resolvedBy[i],
      handedOff: handedOff[i] === 1,
      carriedOver: carriedOver[i] === 1
    })
  }
  return records
}
