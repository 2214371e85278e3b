/**
 * The simulation's engine, on epoch milliseconds: arrivals by thinning a Poisson
 * process, a FIFO response queue per member in covered time, and the per-inquiry
 * draws (priority, delays, escalation, promotion, seriousness) taken from a stream
 * keyed by the inquiry's index so that what-if variants share them.
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

/** Runs the process over the arrivals of `input`; records are in arrival order. */
export const run = (input: Input): ReadonlyArray<Record> => {
  const { clock, duties, model } = input
  const times = arrivals(input.arrivalClock, input.start, input.end, model.arrivals, input.seed)
  const free = new Map<MemberId, Millis>()
  const records: Array<Record> = []
  for (let i = 0; i < times.length; i++) {
    const arrival = times[i] as Millis
    const rng: Rng = stream(input.seed, "inquiry", i)
    // A fixed draw order: every inquiry consumes the same uniforms whatever happens.
    const uPriority = rng.next()
    const uReaction = rng.next()
    const uMeeting = rng.next()
    const uMeetingLength = rng.next()
    const uAway = rng.next()
    const uAwayLength = rng.next()
    const uWork = rng.next()
    const uEffort = rng.next()
    const uEscalate = rng.next()
    const uEscalationEffort = rng.next()
    const uPromote = rng.next()
    const uSerious = rng.next()

    const ready = clock.nextStart(arrival)
    const d = dutyAt(duties, ready)
    const duty = d >= 0 ? duties[d] : undefined
    const priority = pickPriority(model.priorities, uPriority)
    const escalated = uEscalate < model.escalation.probability
    const promoted = uPromote < model.promotion.probability
    const serious = uSerious < model.serious.probability
    if (duty === undefined) {
      records.push({
        index: i,
        arrival,
        ready,
        duty: -1,
        owner: undefined,
        responder: undefined,
        respondedAt: undefined,
        responseCovered: Infinity,
        priority,
        handedOver: false,
        escalated,
        promoted,
        serious,
        handlingEffort: 0,
        escalationEffort: 0,
        backup: undefined
      })
      continue
    }
    // Whole milliseconds, so that instants written as ISO timestamps replay exactly.
    const meeting = uMeeting < model.meetings.probability ? Math.round(sample(model.meetings.duration, uMeetingLength)) : 0
    const awayRaw = uAway < model.away.probability ? sample(model.away.duration, uAwayLength) : 0
    const away = Math.round(awayRaw)
    const backup = duty.backup
    // Decided before rounding: scaling every duration by k then keeps the decision.
    const handedOver = awayRaw > model.away.handoverAfter && backup !== undefined
    const responder = handedOver ? backup : duty.primary
    const delay = Math.round(sample(model.reaction, uReaction)) + meeting + (handedOver ? Math.round(model.away.handoverAfter) : away)
    const work = Math.round(sample(model.work, uWork))
    const turn = clock.add(ready, delay)
    const begin = Math.max(turn, free.get(responder) ?? -Infinity)
    const respondedAt = clock.add(begin, work)
    free.set(responder, respondedAt)
    const handlingEffort = (work + sample(model.effort, uEffort)) * (serious ? model.serious.effortFactor : 1)
    const escalationEffort = escalated ? sample(model.escalation.effort, uEscalationEffort) : 0
    records.push({
      index: i,
      arrival,
      ready,
      duty: d,
      owner: duty.primary,
      responder,
      respondedAt,
      responseCovered: clock.covered(arrival, respondedAt),
      priority,
      handedOver,
      escalated,
      promoted,
      serious,
      handlingEffort,
      escalationEffort,
      backup: duty.backup
    })
  }
  return records
}
