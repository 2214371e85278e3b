// The planner's data: what the loop reads per shift (already normalised by `Rotation`) and
// what it records per shift and role (the traces behind explanations and reports).
import type * as Q from "./rational.js"
import type { Numerators } from "./ledger.js"

export type StrategyName = "guarded" | "greedy" | "round-robin" | "nominal-50" | "swrr"

export interface Slot {
  readonly index: number
  readonly start: number
  readonly end: number
  readonly covered: number
  /** Members on the team. */
  readonly present: Uint8Array
  /** Members who may serve. */
  readonly avail: Uint8Array
  /** Members unavailable but still accruing (an `owe` absence). */
  readonly owes: Uint8Array
  /** Integer weight of each member at this shift (0 when not on the team). */
  readonly weight: ReadonlyArray<bigint>
}

export interface Pinned {
  readonly primary: number
  readonly backup: number
}

export interface EngineInput {
  readonly n: number
  readonly qualified: ReadonlyArray<boolean>
  readonly senior: ReadonlyArray<boolean>
  readonly slots: ReadonlyArray<Slot>
  /** Position of the first unpublished shift. */
  readonly frozen: number
  /** Published duty per position (< frozen). */
  readonly published: ReadonlyMap<number, Pinned>
  /** Who actually served, per position and role, when an override says so. */
  readonly overridePrimary: ReadonlyMap<number, number>
  readonly overrideBackup: ReadonlyMap<number, number>
  readonly strategy: StrategyName
  readonly horizon: number
  readonly backup: boolean
  readonly allowGaps: boolean
  /** Integer weight of 50% percent-time (for the "nominal-50" strategy). */
  readonly half: bigint
}

export type Reason = "guard" | "rest" | "pairing"

export interface RoleTrace {
  readonly L: bigint
  /** Lag numerators after this shift's accrual, before service (pre-lags). */
  readonly pre: Numerators
  /** Lag numerators after service. */
  readonly post: Numerators
  /** Accrual pool (1 = entitled this shift). */
  readonly pool: Uint8Array
  readonly S: bigint
  /** Candidates in the order they were considered. */
  readonly order: ReadonlyArray<number>
  readonly rejected: ReadonlyArray<{ readonly member: number; readonly reason: Reason }>
  /** The planner's (or the published) choice. */
  readonly assigned: number
  /** Who served, after overrides. */
  readonly actual: number
  readonly bound: Q.Q | undefined
  readonly source: "published" | "planned"
  readonly paired: boolean
}

export interface Step {
  readonly pos: number
  readonly kind: "skipped" | "gap" | "duty"
  readonly primary?: RoleTrace
  readonly backup?: RoleTrace
  /** Members whose leave took effect at this shift (their lag was shared out). */
  readonly left: ReadonlyArray<number>
}

export class NoCandidate {
  constructor(
    readonly pos: number,
    readonly role: "primary" | "backup"
  ) {}
}
