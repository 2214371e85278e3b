/**
 * `@sre-uxdd/core`: the SRE+UXDD support process as data and pure functions.
 * Every module is one concept and is imported as a namespace:
 * `import { Coverage, Rotation } from "@sre-uxdd/core"`.
 *
 * @since 0.1.0
 * @module
 */

/**
 * Shared identifiers, instants, durations and the validation error.
 *
 * @since 0.1.0
 */
export * as Types from "./Types.js"
