/**
 * Core's `Tracker` port for Jira Cloud, with a `Notifier` that mentions members by
 * accountId in an internal comment. Talks to the site through jira.js 6 (`createCloudClient`)
 * with the credentials given (see `Config.credentialsFromEnv`), which are never logged,
 * stored or put into an error.
 *
 * - Sync: `POST /rest/api/3/search/jql` paged by `nextPageToken`, `updated >=` the watermark
 *   minus a margin (minute precision, in the calling user's time zone from `/myself`),
 *   de-duplicated by issue id and `updated`; only the fields needed are asked for.
 * - History: comments (offset paging) and `POST /rest/api/3/changelog/bulkfetch`, mapped to
 *   `Inquiry` events with stable ids.
 * - Writes: idempotent by the action key (an entity property on each comment and created
 *   issue, found before every write) or by the state they set, and read back.
 *
 * @since 0.2.0
 * @module
 */
import { Notifier, Tracker } from "@sre-uxdd/core"
import { Context, Effect, Layer } from "effect"
import type * as Config from "./Config.js"
import { makeAdapter } from "./internal/adapter.js"

/**
 * How the adapter runs: the decoded configuration, the credentials, the tracker's name (the
 * prefix of its cursors, default `jira`), opt-in retries (429 after `Retry-After`, 502/503/504
 * and transport failures with exponential backoff; never another 4xx), and what jira.js does
 * when a response does not match its schema (default `warn`: report field paths on stderr).
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  readonly config: Config.JiraConfig
  readonly credentials: Config.Credentials
  readonly name?: string | undefined
  readonly retry?: { readonly maxAttempts?: number; readonly initialDelayMs?: number; readonly maxDelayMs?: number } | undefined
  readonly onSchemaMismatch?: "warn" | "silent" | "throw" | undefined
}

/**
 * The tracker and the notifier over one client (no request is sent until they are used).
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import { Config, JiraTracker } from "@sre-uxdd/jira"
 *
 * const { tracker } = JiraTracker.make({
 *   config: Config.decodeSync({ sources: [{ project: "SUP" }], roster: [{ member: "ada", accountId: "557058:ada" }] }),
 *   credentials: { _tag: "ApiToken", site: "https://example.atlassian.net", email: "bot@example.org", token: Redacted.make("secret") }
 * })
 * tracker.sources // ["project:SUP"]
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (options: Options): { readonly tracker: Tracker.Tracker["Service"]; readonly notifier: Notifier.Notifier["Service"] } =>
  makeAdapter(options)

/**
 * A layer providing both `Tracker` and `Notifier`.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<Tracker.Tracker | Notifier.Notifier> =>
  Layer.effectContext(
    Effect.sync(() => {
      const { notifier, tracker } = makeAdapter(options)
      return Context.make(Tracker.Tracker, tracker).pipe(Context.add(Notifier.Notifier, notifier))
    })
  )
