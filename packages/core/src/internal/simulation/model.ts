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
  readonly meetings: { readonly probability: number; readonly duration: Distribution }
  /** Unexpected away periods; longer than `handoverAfter` and the Backup responds. */
  readonly away: { readonly probability: number; readonly duration: Distribution; readonly handoverAfter: number }
  /** Effort to resolve after the first response (not counting the response). */
  readonly effort: Distribution
  readonly escalation: { readonly probability: number; readonly effort: Distribution }
  readonly promotion: { readonly probability: number }
  readonly serious: { readonly probability: number; readonly effortFactor: number }
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
  /** Who gave the first response: the owner, or the Backup when the owner was away too long. */
  readonly responder: Types.MemberId | undefined
  readonly respondedAt: Types.Millis | undefined
  /** Response time in covered milliseconds (Infinity when nobody was on duty). */
  readonly responseCovered: number
  /** Index into the model's priorities. */
  readonly priority: number
  readonly handedOver: boolean
  readonly escalated: boolean
  readonly promoted: boolean
  readonly serious: boolean
  /** Covered ms of the responder's handling effort (response + resolution). */
  readonly handlingEffort: number
  /** Covered ms spent on the escalation by the Backup (or, without one, other developers); 0 when not escalated. */
  readonly escalationEffort: number
  readonly backup: Types.MemberId | undefined
}
