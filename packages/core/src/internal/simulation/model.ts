// The simulation's resolved model and its records: the types `Simulation` re-exports and
// the engine (./engine.ts) computes with, here so that neither imports the other back.
import type * as Types from "../../Types.js"

/**
 * A decoded delay distribution, in milliseconds (`Simulation.Distribution`; inlined in the
 * API docs, where the name belongs to the schema).
 *
 * @inline
 * @since 0.1.0
 * @category models
 */
export type Distribution =
  | { readonly kind: "fixed"; readonly value: number }
  | { readonly kind: "exponential"; readonly mean: number }
  | { readonly kind: "uniform"; readonly min: number; readonly max: number }
  | { readonly kind: "lognormal"; readonly median: number; readonly p90: number }

/**
 * The resolved process model, every duration in milliseconds.
 *
 * @since 0.1.0
 * @category models
 */
export interface Model {
  readonly arrivals: { readonly perCoveredHour: number; readonly perOffHour: number }
  /** Priorities with their share of arrivals and their response goal in covered ms. */
  readonly priorities: ReadonlyArray<{ readonly name: string; readonly weight: number; readonly goal: number }>
  /** Covered time before the responder turns to the inquiry (notice, context switch). */
  readonly reaction: Distribution
  /** Covered effort to write the first response; a member answers one at a time. */
  readonly work: Distribution
  /**
   * Meetings: a share `probability` of each person's covered time (intervals start at
   * `startsPerHour` per covered hour and last `duration`).
   */
  readonly meetings: { readonly probability: number; readonly duration: Distribution; readonly startsPerHour: number }
  /** Unexpected away periods, like meetings; an inquiry waits `handoverAfter` for an away Primary, then goes to the Backup. */
  readonly away: { readonly probability: number; readonly duration: Distribution; readonly handoverAfter: number; readonly startsPerHour: number }
  /** Effort to resolve after the first response (not counting the response). */
  readonly effort: Distribution
  readonly escalation: { readonly probability: number; readonly effort: Distribution }
  readonly promotion: { readonly probability: number }
  readonly serious: { readonly probability: number; readonly effortFactor: number }
  /** `"as-noticed"`: the inquiry noticed first is answered first; `"fcfs"`: strictly in arrival order. */
  readonly order: "as-noticed" | "fcfs"
  /** `"percent-time"`: a member of percent-time w is busy with other work (blocks of `block`) a share 1 − w of covered time. */
  readonly partTime: { readonly responsiveness: "full" | "percent-time"; readonly block: Distribution }
  /** Resolution work goes in pieces of `checkEvery` (new inquiries are answered in between); at most one item with `carryOverBelow` left is carried past a shift. */
  readonly resolution: { readonly checkEvery: number; readonly carryOverBelow: number }
}

/**
 * One simulated inquiry; instants in epoch ms, efforts in covered ms.
 *
 * @since 0.1.0
 * @category models
 */
export interface SimulatedInquiry {
  /** Position in arrival order (0 is the first). */
  readonly index: number
  readonly arrival: Types.Millis
  /** When the covered clock starts: the arrival, or the next covered instant. */
  readonly ready: Types.Millis
  /** Index into the run's duties of the shift that owns it, or -1 when no duty covers `ready`. */
  readonly duty: number
  /** The Primary who owns it (undefined when nobody was on duty). */
  readonly owner: Types.MemberId | undefined
  /** Who gave the first response: the owner, the Backup covering the owner's absence, or a later Primary. */
  readonly responder: Types.MemberId | undefined
  readonly respondedAt: Types.Millis | undefined
  /** Response time in covered milliseconds (Infinity when nobody was on duty). */
  readonly responseCovered: number
  /** Index into the model's priorities. */
  readonly priority: number
  /** Handed to the Backup because the Primary was absent or away. */
  readonly handedOver: boolean
  /** Drawn to escalate (recorded only once answered). */
  readonly escalated: boolean
  /** Drawn to be promoted (recorded only once resolved). */
  readonly promoted: boolean
  /** Drawn to be serious (recorded only once answered). */
  readonly serious: boolean
  /** Covered ms worked on the response and the resolution, by anyone. */
  readonly handlingEffort: number
  /** Covered ms worked on the escalation by Backups, plus `otherEffort`. */
  readonly escalationEffort: number
  /** Covered ms of escalation work done by developers outside the duty (no Backup on duty). */
  readonly otherEffort: number
  /** Covered ms worked per member (response, resolution, escalation), by member id. */
  readonly effortBy: ReadonlyArray<{ readonly member: Types.MemberId; readonly effort: number }>
  readonly backup: Types.MemberId | undefined
  /** When the resolution work was finished (undefined: never, within the duties given). */
  readonly resolvedAt: Types.Millis | undefined
  readonly resolvedBy: Types.MemberId | undefined
  /** Its resolution was handed to a later Primary at a shift's end. */
  readonly handedOff: boolean
  /** Its resolution was nearly done at a shift's end and finished by the outgoing member. */
  readonly carriedOver: boolean
}
