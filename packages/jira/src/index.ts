/**
 * `@sre-uxdd/jira`: the Jira Cloud adapter of the sre-uxdd ports.
 *
 * @since 0.2.0
 * @module
 */

/**
 * Markdown with `{@member}` placeholders to Atlassian Document Format, and back to text.
 *
 * @since 0.2.0
 */
export * as Adf from "./Adf.js"

/**
 * The Jira part of a team profile (sources, product project, roster) and the credentials.
 *
 * @since 0.2.0
 */
export * as Config from "./Config.js"

/**
 * The Tracker port (and a mention-based Notifier) for Jira Cloud.
 *
 * @since 0.2.0
 */
export * as JiraTracker from "./JiraTracker.js"

/**
 * Admin webhooks: `X-Hub-Signature` verified on the raw body, deliveries de-duplicated.
 *
 * @since 0.2.0
 */
export * as Webhook from "./Webhook.js"
