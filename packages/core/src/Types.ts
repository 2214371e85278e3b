/**
 * Shared vocabulary of every core module: identifiers, instants, durations, the
 * on-duty pair of a shift, and the one validation error that decoders raise.
 *
 * Time convention: an instant is a UTC point in time. Public functions accept
 * `DateTime.Input` (a `Date`, epoch milliseconds, an ISO string or a `DateTime`)
 * and return `DateTime.Utc`; hot paths inside core work on epoch milliseconds
 * ({@link Millis}) so that a million inquiries cost no allocation per query.
 * Wall-clock rules (coverage windows, handoff times) always carry an explicit IANA
 * zone: nothing in core reads the process time zone.
 *
 * @since 0.1.0
 * @module
 */
import { DateTime, Duration, Effect, Result, Schema, SchemaIssue } from "effect"
import { showValue } from "./internal/show.js"

/**
 * Epoch milliseconds (UTC). Used by the fast `*Millis` functions.
 *
 * @since 0.1.0
 * @category models
 */
export type Millis = number

/**
 * Anything accepted as an instant: a `Date`, epoch milliseconds, an ISO-8601
 * string, a `DateTime` (the `DateTime.Input` of effect).
 *
 * @since 0.1.0
 * @category models
 */
export type InstantInput = DateTime.DateTime.Input

/**
 * A team member's stable identifier (never reused, independent of tracker handles).
 *
 * @since 0.1.0
 * @category schemas
 */
export const MemberId = Schema.NonEmptyString.pipe(Schema.brand("MemberId"))

/**
 * @since 0.1.0
 * @category models
 */
export type MemberId = typeof MemberId.Type

/**
 * A support inquiry's stable identifier (tracker-neutral, e.g. `"support#123"`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const InquiryId = Schema.NonEmptyString.pipe(Schema.brand("InquiryId"))

/**
 * @since 0.1.0
 * @category models
 */
export type InquiryId = typeof InquiryId.Type

/**
 * Days of the week as written in team profiles.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Weekday = Schema.Literals(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])

/**
 * @since 0.1.0
 * @category models
 */
export type Weekday = typeof Weekday.Type

/**
 * The pair on duty during one shift: what `Rotation` publishes and what
 * `Inquiry`, `Handoff` and `Escalation` read to decide ownership.
 *
 * @since 0.1.0
 * @category models
 */
export interface Duty {
  /** Index of the shift in its grid (0 is the grid's first shift). */
  readonly shift: number
  /** Shift start, inclusive, epoch milliseconds. */
  readonly start: Millis
  /** Shift end, exclusive, epoch milliseconds. */
  readonly end: Millis
  readonly primary: MemberId
  readonly backup: MemberId | undefined
}

/**
 * Converts any accepted instant to epoch milliseconds.
 *
 * @example
 * ```ts
 * import { Types } from "@sre-uxdd/core"
 *
 * Types.toMillis("2024-01-16T16:30:00Z") // 1705422600000
 * ```
 *
 * @since 0.1.0
 * @category conversions
 */
export const toMillis = (input: InstantInput): Millis => {
  if (typeof input === "number") return input
  return DateTime.toEpochMillis(DateTime.makeUnsafe(input))
}

/**
 * Converts epoch milliseconds to a `DateTime.Utc`.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toUtc = (millis: Millis): DateTime.Utc => DateTime.makeUnsafe(millis)

/**
 * Converts any accepted duration to milliseconds.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toDurationMillis = (input: Duration.Input): number => Duration.toMillis(Duration.fromInputUnsafe(input))

/**
 * The members a text may name: their ids, display names and, where the tracker has
 * them, handles. A `Team.Team` is one, and so is any `{ members }` list (an
 * `Escalation.Roster`, a list of ids with names). Texts for people use `name` (the id
 * when a member has none) and mention members through `Tracker.mention` placeholders, which
 * the tracker adapter fills with its mention syntax (`Tracker.renderMentions`).
 *
 * @since 0.2.0
 * @category models
 */
export interface Roster {
  readonly members: ReadonlyArray<{
    readonly id: MemberId
    readonly name?: string | undefined
    readonly handles?: { readonly github?: string | undefined; readonly jira?: string | undefined; readonly email?: string | undefined } | undefined
  }>
}

/**
 * One problem found in user input: where (`members[2].weight`) and what.
 *
 * @since 0.1.0
 * @category models
 */
export interface Problem {
  readonly path: string
  readonly message: string
}

/**
 * Raised (or failed with) by every decoder in core when user input is invalid.
 * `message` lists every problem, one per line, each naming its path and value,
 * e.g. `members[2].weight: expected a number in (0, 1], got 1.5`.
 *
 * @since 0.1.0
 * @category errors
 */
export class ValidationError extends Schema.TaggedError<ValidationError>()("ValidationError", {
  /** What was being decoded, e.g. `"Coverage"` or `"team profile"`. */
  subject: Schema.String,
  problems: Schema.Array(Schema.Struct({ path: Schema.String, message: Schema.String }))
}) {
  override get message(): string {
    return `invalid ${this.subject}:\n` + this.problems.map((p) => `  ${p.path === "" ? "(root)" : p.path}: ${p.message}`).join("\n")
  }
}

/**
 * Formats a property path the way users write it: `members[2].weight`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const formatPath = (path: ReadonlyArray<PropertyKey>): string => {
  let out = ""
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`
    else out += out === "" ? String(key) : `.${String(key)}`
  }
  return out
}

const valueAt = (input: unknown, path: ReadonlyArray<PropertyKey>): { readonly found: boolean; readonly value: unknown } => {
  let current: unknown = input
  for (const key of path) {
    if (current === null || typeof current !== "object" || !(key in current)) return { found: false, value: undefined }
    current = (current as Record<PropertyKey, unknown>)[key]
  }
  return { found: true, value: current }
}

const show = (value: unknown): string => showValue(value)

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()
// Schema's words for a field the schema does not have (with `onExcessProperty: "error"`).
const EXCESS = "Expected no excess property"

/**
 * Turns a Schema issue into path-precise problems, adding the offending value
 * when the message does not already show it. A field the schema does not have is
 * reported as `unknown field`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const problemsOf = (issue: SchemaIssue.Issue, input: unknown): ReadonlyArray<Problem> =>
  formatter(issue).issues.map((i) => {
    const path = (i.path ?? []).map((p) => (typeof p === "object" && p !== null && "key" in p ? p.key : p)) as ReadonlyArray<PropertyKey>
    const at = valueAt(input, path)
    // a message that already quotes a string value (`"13:00-12:00" ends before it starts`) is not
    // repeated; numbers are always appended, since "0" also occurs in "(0, 1]"
    const quoted = typeof at.value === "string" && i.message.includes(show(at.value))
    const text = i.message.startsWith(EXCESS) ? `unknown field${i.message.slice(EXCESS.length)}` : i.message
    const message = at.found && !text.includes("got ") && !quoted ? `${text}, got ${show(at.value)}` : text
    return { path: formatPath(path), message }
  })

/**
 * Builds a synchronous decoder that throws a {@link ValidationError} naming every
 * bad path. For users who do not use Effect.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decoderSync = <S extends Schema.Decoder<unknown>>(schema: S, subject: string) => (input: unknown): S["Type"] => {
  const result = Schema.decodeUnknownResult(schema)(input, { errors: "all" })
  if (Result.isSuccess(result)) return result.success
  throw new ValidationError({ subject, problems: problemsOf(result.failure.issue, input) })
}

/**
 * Builds an Effect-returning decoder that fails with a {@link ValidationError}.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decoder = <S extends Schema.Decoder<unknown>>(schema: S, subject: string) => (input: unknown): Effect.Effect<S["Type"], ValidationError> => {
  const result = Schema.decodeUnknownResult(schema)(input, { errors: "all" })
  return Result.isSuccess(result)
    ? Effect.succeed(result.success)
    : Effect.fail(new ValidationError({ subject, problems: problemsOf(result.failure.issue, input) }))
}
