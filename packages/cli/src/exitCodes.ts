/**
 * The exit codes of `sre`, documented in the package README, so that cron and CI can act on them.
 *
 * @since 0.1.0
 * @module
 */

/**
 * - `ok` (0): done.
 * - `failure` (1): an unexpected failure (a bug: please report it).
 * - `invalid` (2): bad input: the profile, the schedule file, flags or arguments; nothing was written.
 * - `breached` (3): the command ran, and a response goal is breached (for CI to flag).
 * - `unavailable` (4): the tracker, the store or the mail server could not be reached, or a
 *   credential is missing or refused; nothing was written that a rerun would not complete.
 * - `busy` (5): another runner holds the store's lease; nothing was done (rerun later).
 *
 * @since 0.1.0
 * @category constants
 */
export const ExitCode = {
  ok: 0,
  failure: 1,
  invalid: 2,
  breached: 3,
  unavailable: 4,
  busy: 5
} as const

/**
 * @since 0.1.0
 * @category models
 */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]
