/**
 * What the tracker conformance suite needs from the test of an adapter besides the adapter's
 * layer: a way to act on the tracker from the outside, as users and team members do on the
 * real one (a fake server, the in-memory tracker), and to look at what is on it.
 *
 * @since 0.2.0
 * @module
 */
import type { Effect } from "effect"
import type { Types } from "@sre-uxdd/core"

/**
 * What is on the tracker for one item, in roster terms.
 *
 * @since 0.2.0
 * @category models
 */
export interface ItemView {
  readonly open: boolean
  /** Roster member ids assigned. */
  readonly assignees: ReadonlyArray<string>
  readonly labels: ReadonlyArray<string>
  /** Every comment in order, with the author's actor id as the adapter maps it. */
  readonly comments: ReadonlyArray<{ readonly author: string; readonly body: string }>
}

/**
 * The harness of `trackerSuite`. `members` are the roster member ids the adapter's layer was
 * configured with (at least two); `user` is an actor outside the roster.
 *
 * @since 0.2.0
 * @category models
 */
export interface TrackerHarness {
  readonly members: ReadonlyArray<Types.MemberId>
  readonly user: string
  /** Resets the tracker to empty (called before each test). */
  readonly reset: Effect.Effect<void>
  /** A user opens a support item at `at` (epoch ms); answers its inquiry id as the adapter names it. */
  readonly open: (input: { readonly title: string; readonly body: string; readonly author: string; readonly at: number }) => Effect.Effect<Types.InquiryId>
  /** Someone (a user, or a member by member id) comments at `at`. */
  readonly comment: (inquiry: Types.InquiryId, input: { readonly author: string; readonly body: string; readonly at: number }) => Effect.Effect<void>
  /** The item as the tracker shows it now. */
  readonly view: (inquiry: Types.InquiryId) => Effect.Effect<ItemView>
  /** Makes the next `n` requests the adapter sends fail with a retryable outage (n = 0 clears it). */
  readonly failNext: (n: number) => Effect.Effect<void>
  /** Makes the item's history unreadable as events (e.g. a comment dated before the item opened), when the tracker can express that. */
  readonly corrupt?: ((inquiry: Types.InquiryId) => Effect.Effect<void>) | undefined
}
