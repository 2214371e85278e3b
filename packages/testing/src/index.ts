/**
 * `@sre-uxdd/testing`: the conformance suites every implementation of the sre-uxdd ports runs
 * against the real thing (a real SQLite file, a real PostgreSQL, a schema-checked fake tracker).
 *
 * @since 0.2.0
 * @module
 */
export type { ItemView, TrackerHarness } from "./harness.js"
export { sampleEvents, storeSuite } from "./storeSuite.js"
export { trackerSuite } from "./trackerSuite.js"
