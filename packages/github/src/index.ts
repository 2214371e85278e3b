/**
 * `@sre-uxdd/github`: runs a team's support on GitHub Issues and Discussions through
 * core's `Tracker` port, with a mention `Notifier` and webhook handling.
 *
 * @since 0.1.0
 * @module
 */

/**
 * The adapter: the Tracker and Notifier services and their layers.
 *
 * @since 0.1.0
 */
export * as GitHub from "./GitHub.js"

/**
 * The adapter's settings and their validation.
 *
 * @since 0.1.0
 */
export * as Options from "./Options.js"

/**
 * Webhook deliveries: signature check, de-duplication, events.
 *
 * @since 0.1.0
 */
export * as Webhooks from "./Webhooks.js"
