/**
 * `@sre-uxdd/storage`: the `Store` port of `@sre-uxdd/core` on SQLite (an embedded file, the
 * default) and on PostgreSQL (one database, a schema per team).
 *
 * @since 0.1.0
 * @module
 */

/**
 * The store on an embedded SQLite file.
 *
 * @since 0.1.0
 */
export * as Sqlite from "./Sqlite.js"

/**
 * The store on PostgreSQL, a schema per team.
 *
 * @since 0.1.0
 */
export * as Postgres from "./Postgres.js"
