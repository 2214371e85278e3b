/**
 * JSON forms of the simulation model: durations as text ("30 minutes") or
 * milliseconds, delay distributions, and the model with its defaults.
 *
 * @internal
 */
import { type Duration, Schema, SchemaTransformation } from "effect"
import * as Types from "../../Types.js"
import { type Dist, type Model, startsPerHour } from "./engine.js"

const UNITS = "nanos?|micros?|millis?|seconds?|minutes?|hours?|days?|weeks?"

/** A duration as text (`"30 minutes"`, `"1.5 hours"`, `"2 weeks"`), decoded to milliseconds. */
export const DurationText = Schema.String.check(
  Schema.isPattern(new RegExp(`^\\d+(\\.\\d+)? (${UNITS})$`, "u"), {
    message: "expected a duration such as \"30 minutes\", \"4 hours\" or \"2 weeks\""
  })
).pipe(
  Schema.decodeTo(
    Schema.Finite,
    SchemaTransformation.transform({
      decode: (text: string) => Types.toDurationMillis(text as Duration.Input),
      encode: (ms: number) => `${ms} millis`
    })
  )
)

const NonNegative = Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0, { message: "expected a number >= 0" }))

/** A duration: text (`"4 hours"`) or non-negative milliseconds; decodes to milliseconds. */
export const DurationMs = Schema.Union([DurationText, NonNegative])

/** A probability in [0, 1]. */
export const Probability = Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1 }, { message: "expected a probability in [0, 1]" }))

/** A rate (events per hour), >= 0. */
export const Rate = NonNegative

/** A delay distribution: a bare duration is a fixed delay. */
export const DistributionSpec = Schema.Union([
  DurationMs,
  Schema.Struct({ kind: Schema.Literal("fixed"), value: DurationMs }),
  Schema.Struct({ kind: Schema.Literal("exponential"), mean: DurationMs }),
  Schema.Struct({ kind: Schema.Literal("uniform"), min: DurationMs, max: DurationMs }),
  Schema.Struct({ kind: Schema.Literal("lognormal"), median: DurationMs, p90: DurationMs })
])

export type DistributionSpec = typeof DistributionSpec.Encoded

export const toDist = (spec: typeof DistributionSpec.Type): Dist => (typeof spec === "number" ? { kind: "fixed", value: spec } : spec)

/** JSON form of the process model; every field is optional and has a default. */
export const ModelSpec = Schema.Struct({
  arrivals: Schema.optionalKey(
    Schema.Struct({
      /** Inquiries per covered hour (about 10 a week over 40 covered hours is 0.25). */
      perCoveredHour: Schema.optionalKey(Rate),
      /** Inquiries per hour outside coverage (nights, weekends, holidays). */
      perOffHour: Schema.optionalKey(Rate)
    })
  ),
  /** Share of arrivals per priority name; names must have a goal. */
  priorityMix: Schema.optionalKey(Schema.Record(Schema.String, NonNegative)),
  reaction: Schema.optionalKey(DistributionSpec),
  work: Schema.optionalKey(DistributionSpec),
  meetings: Schema.optionalKey(Schema.Struct({ probability: Probability, duration: DistributionSpec })),
  away: Schema.optionalKey(
    Schema.Struct({ probability: Probability, duration: DistributionSpec, handoverAfter: Schema.optionalKey(DurationMs) })
  ),
  effort: Schema.optionalKey(DistributionSpec),
  escalation: Schema.optionalKey(Schema.Struct({ probability: Probability, effort: Schema.optionalKey(DistributionSpec) })),
  promotion: Schema.optionalKey(Schema.Struct({ probability: Probability })),
  serious: Schema.optionalKey(
    Schema.Struct({
      probability: Probability,
      effortFactor: Schema.optionalKey(Schema.Finite.check(Schema.isGreaterThanOrEqualTo(1, { message: "expected a factor >= 1" })))
    })
  ),
  /** Random absences per member: blocks per year and their length. */
  absences: Schema.optionalKey(Schema.Struct({ perYear: NonNegative, length: DistributionSpec })),
  /** Which unanswered inquiry a responder takes next: the one noticed first, or the oldest. */
  order: Schema.optionalKey(Schema.Literals(["as-noticed", "fcfs"])),
  /** Whether a part-time member is less available while on duty (blocks of other work). */
  partTime: Schema.optionalKey(
    Schema.Struct({ responsiveness: Schema.optionalKey(Schema.Literals(["full", "percent-time"])), block: Schema.optionalKey(DistributionSpec) })
  ),
  /** Resolution work: looked up from every `checkEvery` for new inquiries; carried past a shift when nearly done. */
  resolution: Schema.optionalKey(Schema.Struct({ checkEvery: Schema.optionalKey(DurationMs), carryOverBelow: Schema.optionalKey(DurationMs) }))
})

export type ModelSpec = typeof ModelSpec.Encoded

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** Defaults: roughly VisIt's load (about 10 inquiries a week) and habits. */
export const defaults = {
  arrivals: { perCoveredHour: 0.22, perOffHour: 0.012 },
  reaction: { kind: "lognormal", median: 20 * MINUTE, p90: 2 * HOUR } as Dist,
  work: { kind: "exponential", mean: 20 * MINUTE } as Dist,
  meetings: { probability: 0.15, duration: { kind: "uniform", min: 30 * MINUTE, max: 2 * HOUR } as Dist },
  away: { probability: 0.02, duration: { kind: "uniform", min: 1 * HOUR, max: 2 * DAY } as Dist, handoverAfter: 4 * HOUR },
  effort: { kind: "lognormal", median: 30 * MINUTE, p90: 3 * HOUR } as Dist,
  escalation: { probability: 0.08, effort: { kind: "exponential", mean: 2 * HOUR } as Dist },
  promotion: { probability: 0.2 },
  serious: { probability: 0.01, effortFactor: 6 },
  absences: { perYear: 3, length: { kind: "uniform", min: 3 * DAY, max: 14 * DAY } as Dist },
  order: "as-noticed",
  partTime: { responsiveness: "full", block: { kind: "uniform", min: 1 * HOUR, max: 3 * HOUR } as Dist },
  resolution: { checkEvery: 1 * HOUR, carryOverBelow: 1 * HOUR }
} as const

/** Random absences, resolved. */
export interface AbsenceModel {
  readonly perYear: number
  readonly length: Dist
}

/** The interval rate that puts a share `probability` of covered time inside one (kept when durations are scaled). */
const withStarts = <A extends { readonly probability: number; readonly duration: Dist }>(x: A): A & { readonly startsPerHour: number } => ({
  ...x,
  startsPerHour: startsPerHour(x.probability, x.duration)
})

/** Resolves a decoded model spec against goals per priority. */
export const resolve = (
  spec: typeof ModelSpec.Type,
  goals: ReadonlyArray<{ readonly name: string; readonly goal: number }>
): { readonly model: Model; readonly absences: AbsenceModel } => {
  const mix = spec.priorityMix
  const priorities = goals.map((g) => ({
    name: g.name,
    goal: g.goal,
    // Without a mix every arrival takes the first (default) priority.
    weight: mix === undefined ? (g === goals[0] ? 1 : 0) : (mix[g.name] ?? 0)
  }))
  const opt = <A>(value: A | undefined, fallback: A): A => (value === undefined ? fallback : value)
  const dist = (value: typeof DistributionSpec.Type | undefined, fallback: Dist): Dist => (value === undefined ? fallback : toDist(value))
  return {
    model: {
      arrivals: {
        perCoveredHour: opt(spec.arrivals?.perCoveredHour, defaults.arrivals.perCoveredHour),
        perOffHour: opt(spec.arrivals?.perOffHour, defaults.arrivals.perOffHour)
      },
      priorities,
      reaction: dist(spec.reaction, defaults.reaction),
      work: dist(spec.work, defaults.work),
      meetings: withStarts(
        spec.meetings === undefined ? defaults.meetings : { probability: spec.meetings.probability, duration: toDist(spec.meetings.duration) }
      ),
      away: withStarts(
        spec.away === undefined
          ? defaults.away
          : {
            probability: spec.away.probability,
            duration: toDist(spec.away.duration),
            handoverAfter: opt(spec.away.handoverAfter, defaults.away.handoverAfter)
          }
      ),
      effort: dist(spec.effort, defaults.effort),
      escalation: {
        probability: opt(spec.escalation?.probability, defaults.escalation.probability),
        effort: dist(spec.escalation?.effort, defaults.escalation.effort)
      },
      promotion: { probability: opt(spec.promotion?.probability, defaults.promotion.probability) },
      serious: {
        probability: opt(spec.serious?.probability, defaults.serious.probability),
        effortFactor: opt(spec.serious?.effortFactor, defaults.serious.effortFactor)
      },
      order: opt(spec.order, defaults.order),
      partTime: {
        responsiveness: opt(spec.partTime?.responsiveness, defaults.partTime.responsiveness),
        block: dist(spec.partTime?.block, defaults.partTime.block)
      },
      resolution: {
        checkEvery: opt(spec.resolution?.checkEvery, defaults.resolution.checkEvery),
        carryOverBelow: opt(spec.resolution?.carryOverBelow, defaults.resolution.carryOverBelow)
      }
    },
    absences: spec.absences === undefined ? defaults.absences : { perYear: spec.absences.perYear, length: toDist(spec.absences.length) }
  }
}
