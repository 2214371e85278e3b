/**
 * `@sre-uxdd/cli`: the `sre` command as a library, for tests and for tools that embed it.
 *
 * @since 0.1.0
 * @module
 */
export * as Cli from "./Cli.js"
export * as ExitCodes from "./exitCodes.js"
export * as ProfileFile from "./profileFile.js"
