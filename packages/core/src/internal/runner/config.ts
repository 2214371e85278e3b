// The runner's configuration and the data its internals share with it, below both
// `Runner` and `internal/runner/*` so that neither imports the other back.
import type { Duration, Effect } from "effect"
import type * as Coverage from "../../Coverage.js"
import type * as Escalation from "../../Escalation.js"
import type * as Handoff from "../../Handoff.js"
import type * as Inquiry from "../../Inquiry.js"
import type * as Platforms from "../../Platforms.js"
import type * as Postmortem from "../../Postmortem.js"
import type * as Types from "../../Types.js"

/**
 * The stale rule as teams know it from GitHub's stale action, minus its traps: the wait
 * counts from the reporter's own last activity only (team and bot comments, and the bot's
 * labels, never restart it); items carrying an exempt label or assigned to an exempt
 * member are left alone; the close reason is `stale`, which trackers show as "not planned".
 *
 * @since 0.2.0
 * @category models
 */
export interface StaleRule {
  /** Time without the reporter (default 21 days; whole days are calendar days in the team's zone). */
  readonly after?: Duration.Input | undefined
  /** Labels that exempt an item (default `pinned`, `security`). */
  readonly exemptLabels?: ReadonlyArray<string> | undefined
  /** Members whose assigned items are exempt. */
  readonly exemptAssignees?: ReadonlyArray<Types.MemberId> | undefined
  /** The label added when closing (default `wontfix`, VisIt's). */
  readonly label?: string | undefined
}

/**
 * What `publish` asks of the planner: the duties from `from` up to `horizon`, given the
 * published ones (whose started shifts are kept whatever the planner says).
 *
 * @since 0.2.0
 * @category models
 */
export type Planner = (input: {
  readonly published: ReadonlyArray<Types.Duty>
  readonly from: Types.Millis
  readonly horizon: Types.Millis
}) => Effect.Effect<ReadonlyArray<Types.Duty>, { readonly message: string }>

/**
 * The runner's configuration: plain data built from a team profile (the command line does
 * that composition for users).
 *
 * @since 0.2.0
 * @category models
 */
export interface Config {
  /** The namespace of the runner's lease and snapshot in the store (default `runner`). */
  readonly name?: string | undefined
  /** Who this runner is, for the lease (e.g. the CI job id; default `runner`). */
  readonly holder?: string | undefined
  /** How long the lease lasts, ms (default 5 minutes). */
  readonly leaseTtl?: number | undefined
  /** The roster member ids: only they respond. */
  readonly team: ReadonlyArray<Types.MemberId>
  /** Names and handles of the team for texts (default: the member ids). */
  readonly roster?: Types.Roster | undefined
  /** Bot actors besides ids ending in `[bot]`. */
  readonly bots?: ReadonlyArray<string> | undefined
  /** The actor of the events the runner records itself (default `sre-uxdd[bot]`). */
  readonly bot?: string | undefined
  /** The duties in force until a schedule version is published. */
  readonly duties: ReadonlyArray<Types.Duty>
  readonly coverage: Coverage.Calendar
  readonly goals?: Inquiry.Goals | undefined
  /** The zone of times in texts (default the coverage calendar's). */
  readonly timeZone?: string | undefined
  /** A bot acknowledgement on each new inquiry (who is on duty, the goal, when it is due); `{ text }` with `{owner}`, `{goal}`, `{due}`, `{inquiry}`. */
  readonly acknowledge?: boolean | { readonly text: string } | undefined
  /** The stale rule; `false` turns it off. */
  readonly stale?: StaleRule | false | undefined
  /** Escalation suggestions, when a roster with expertise tags is given. */
  readonly escalation?: { readonly roster: Escalation.Roster; readonly policy?: Partial<Escalation.Policy> | undefined } | undefined
  /** The postmortem policy (default `Postmortem.defaultPolicy`); `false` turns reminders off. */
  readonly postmortem?: Postmortem.Policy | false | undefined
  /** The first-contact policy for contacts recorded elsewhere. */
  readonly platforms?: Platforms.Policy | undefined
  readonly templates?: { readonly handoff?: Partial<Handoff.Templates> | undefined } | undefined
  /** The most tracker requests one `execute` may cost (default 100). */
  readonly writeBudget?: number | undefined
  /** Plans duties for `publish`. */
  readonly planner?: Planner | undefined
}

/**
 * Something the runner could not use, named: an inquiry whose history does not replay, a
 * handoff with no next shift, a contact that could not be planned.
 *
 * @since 0.2.0
 * @category models
 */
export interface Problem {
  readonly inquiry: string | undefined
  readonly detail: string
}

/**
 * One of a member's duties: which shift, when, in which role.
 *
 * @since 0.2.0
 * @category models
 */
export interface Assignment {
  readonly shift: number
  readonly start: Types.Millis
  readonly end: Types.Millis
  readonly role: "primary" | "backup"
}

/**
 * A member whose future duties changed in a published version: the duties `added` and
 * `removed` (structured), and the same as lines of text in the team's zone (`gained`, `lost`).
 *
 * @since 0.2.0
 * @category models
 */
export interface DutyChange {
  readonly member: Types.MemberId
  readonly gained: ReadonlyArray<string>
  readonly lost: ReadonlyArray<string>
  readonly added: ReadonlyArray<Assignment>
  readonly removed: ReadonlyArray<Assignment>
}
