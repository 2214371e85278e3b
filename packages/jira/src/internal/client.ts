/**
 * The jira.js client and one Effect wrapper around every call: maps the library's typed
 * errors onto `TrackerError` (never echoing credentials), counts requests, and, when the
 * caller opts in, retries: a 429 after its `Retry-After` (or an exponential backoff when
 * it has none), a 502/503/504 or a transport failure after an exponential backoff. A 4xx
 * that is not a rate limit is never retried.
 */
import { Tracker } from "@sre-uxdd/core"
import { Duration, Effect, Redacted } from "effect"
import { type CloudClient, createCloudClient, isApiError, isNetworkError, isRateLimitError, isSchemaMismatchError } from "jira.js"
import type { Credentials } from "../Config.js"

/** Opt-in retries. */
export interface RetryPolicy {
  /** Attempts in all, including the first (1 = no retries). */
  readonly maxAttempts: number
  /** The first backoff, doubled after each attempt. */
  readonly initialDelayMs: number
  /** The longest backoff (a `Retry-After` is honoured even when longer). */
  readonly maxDelayMs: number
}

/** Counts the requests one operation sends (every attempt counts). */
export interface Meter {
  requests: number
}

export interface Client {
  readonly api: CloudClient
  readonly call: <A>(meter: Meter, what: string, f: (api: CloudClient) => Promise<A>) => Effect.Effect<A, Tracker.TrackerError>
}

export type SchemaMismatch = "warn" | "silent" | "throw"

export const makeClient = (credentials: Credentials, retry: RetryPolicy | undefined, onSchemaMismatch: SchemaMismatch): Client => {
  const api = credentials._tag === "ApiToken"
    ? createCloudClient({
      host: credentials.site,
      auth: { type: "basic", email: credentials.email, apiToken: Redacted.value(credentials.token) },
      onSchemaMismatch
    })
    : createCloudClient({ host: credentials.site, auth: { type: "bearer", token: Redacted.value(credentials.token) }, onSchemaMismatch })
  const secrets = [Redacted.value(credentials.token), credentials._tag === "ApiToken" ? credentials.email : undefined].filter((s): s is string =>
    s !== undefined && s !== ""
  )
  const scrub = (text: string): string => secrets.reduce((t, s) => t.split(s).join("<redacted>"), text)
  const policy = retry ?? { maxAttempts: 1, initialDelayMs: 0, maxDelayMs: 0 }

  const call = <A>(meter: Meter, what: string, f: (api: CloudClient) => Promise<A>): Effect.Effect<A, Tracker.TrackerError> => {
    const attempt = (n: number): Effect.Effect<A, Tracker.TrackerError> =>
      Effect.tryPromise({
        try: () => {
          meter.requests++
          return f(api)
        },
        catch: (e) => toTrackerError(what, e, scrub)
      }).pipe(
        Effect.catch((error: Tracker.TrackerError) => {
          const retriable = error.retryable && (error.reason === "rate-limited" || error.reason === "unavailable")
          if (!retriable || n >= policy.maxAttempts) return Effect.fail(error)
          const backoff = Math.min(policy.initialDelayMs * 2 ** (n - 1), policy.maxDelayMs)
          const wait = error.reason === "rate-limited" && error.retryAfter !== undefined ? error.retryAfter : backoff
          return Effect.sleep(Duration.millis(wait)).pipe(Effect.andThen(attempt(n + 1)))
        })
      )
    return attempt(1)
  }
  return { api, call }
}

const messagesOf = (body: unknown): string => {
  if (body === null || typeof body !== "object") return ""
  const b = body as { errorMessages?: unknown; errors?: unknown }
  const list = Array.isArray(b.errorMessages) ? b.errorMessages.map(String) : []
  if (b.errors !== null && typeof b.errors === "object") { for (const [k, v] of Object.entries(b.errors)) list.push(`${k}: ${String(v)}`) }
  return list.join("; ")
}

/** The transient statuses a retry may help with (jira.js's own list). */
const transient = new Set([502, 503, 504])

export const toTrackerError = (what: string, e: unknown, scrub: (s: string) => string): Tracker.TrackerError => {
  if (isRateLimitError(e)) {
    return new Tracker.TrackerError({
      reason: "rate-limited",
      detail: scrub(`${what}: HTTP 429${e.retryAfterMs === undefined ? "" : `, retry after ${e.retryAfterMs} ms`}`),
      retryable: true,
      ...(e.retryAfterMs === undefined ? {} : { retryAfter: e.retryAfterMs })
    })
  }
  if (isApiError(e)) {
    const detail = scrub(`${what}: HTTP ${e.status}${messagesOf(e.body) === "" ? "" : ` ${messagesOf(e.body)}`}`)
    const s = e.status
    const reason = transient.has(s) || s >= 500
      ? "unavailable"
      : s === 404 || s === 410
      ? "not-found"
      : s === 401 || s === 403
      ? "permission"
      : s === 409
      ? "conflict"
      : "invalid-request"
    return new Tracker.TrackerError({ reason, detail, retryable: transient.has(s) })
  }
  if (isNetworkError(e))
    return new Tracker.TrackerError({ reason: "unavailable", detail: scrub(`${what}: network error ${e.code ?? ""}`.trim()), retryable: true })
  if (isSchemaMismatchError(e))
    return new Tracker.TrackerError({ reason: "invalid-response", detail: scrub(`${what}: the response does not match jira.js's schema`), retryable: false })
  return new Tracker.TrackerError({ reason: "invalid-response", detail: scrub(`${what}: ${e instanceof Error ? e.message : String(e)}`), retryable: false })
}
