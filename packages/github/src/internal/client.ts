// The octokit client the adapter talks through: throttling and retries from the octokit
// plugins, conditional requests kept per token, and errors turned into TrackerErrors that
// never carry the token.
import { createHash } from "node:crypto"
import { createAppAuth } from "@octokit/auth-app"
import { retry } from "@octokit/plugin-retry"
import { throttling } from "@octokit/plugin-throttling"
import { Octokit } from "@octokit/rest"
import { Effect } from "effect"
import { Tracker } from "@sre-uxdd/core"
import type * as Options from "../Options.js"

export type Client = InstanceType<typeof Octokit>

export interface Response {
  readonly status: number
  readonly headers: { readonly [k: string]: string | number | undefined }
  readonly data: unknown
  readonly url: string
}

/** Knobs for tests: how many milliseconds one second of `retry-after` or backoff lasts. */
export interface Tuning {
  readonly retryAfterBaseValue?: number
  readonly env?: { readonly [k: string]: string | undefined }
}

export interface Api {
  readonly octokit: Client
  readonly graphqlUrl: string
  /** Every secret the adapter knows, to scrub from any text that leaves it. */
  readonly secrets: ReadonlyArray<string>
  /** One REST request; a 304 answers with status 304 and the cached data (or `undefined`). */
  readonly rest: (route: string, params?: { readonly [k: string]: unknown }) => Effect.Effect<Response, Tracker.TrackerError>
  readonly graphql: <A>(query: string, variables: { readonly [k: string]: unknown }) => Effect.Effect<A, Tracker.TrackerError>
  /** Requests sent since the adapter was made (counted at the client, after retries). */
  readonly requests: () => number
}

const ClientClass = Octokit.plugin(throttling, retry)

const fingerprint = (token: string): string => createHash("sha256").update(token).digest("hex").slice(0, 16)

/** The REST and GraphQL endpoints: the options, then the Actions variables, then github.com. */
export const endpoints = (options: Options.Options, env: { readonly [k: string]: string | undefined }): { readonly rest: string; readonly graphql: string } => {
  const rest = (options.baseUrl ?? env["GITHUB_API_URL"] ?? "https://api.github.com").replace(/\/+$/, "")
  const graphql = options.graphqlUrl ?? env["GITHUB_GRAPHQL_URL"] ?? (rest.endsWith("/api/v3") ? `${rest.slice(0, -"/v3".length)}/graphql` : `${rest}/graphql`)
  return { rest, graphql }
}

export const scrub = (text: string, secrets: ReadonlyArray<string>): string =>
  secrets.reduce((t, s) => (s.length >= 4 ? t.split(s).join("[redacted]") : t), text)

export const make = (options: Options.Options, tuning: Tuning = {}): Api => {
  const env = tuning.env ?? process.env
  const urls = endpoints(options, env)
  const auth = options.auth ?? { type: "token" as const }
  const secrets: Array<string> = []
  let count = 0
  const base = tuning.retryAfterBaseValue ?? 1000
  const limits = {
    enabled: options.throttle ?? true,
    retryAfterBaseValue: base,
    fallbackSecondaryRateRetryAfter: 60,
    onRateLimit: (_after: number, _o: unknown, _k: unknown, retryCount: number) => retryCount < 2,
    onSecondaryRateLimit: (_after: number, _o: unknown, _k: unknown, retryCount: number) => retryCount < 2
  }
  let octokit: Client
  if (auth.type === "app") {
    secrets.push(auth.privateKey)
    octokit = new ClientClass({
      baseUrl: urls.rest,
      authStrategy: createAppAuth,
      auth: { appId: auth.appId, privateKey: auth.privateKey, installationId: auth.installationId },
      throttle: limits,
      retry: { retryAfterBaseValue: base },
      log: quietLog
    })
  } else {
    const token = auth.token ?? env["GITHUB_TOKEN"]
    if (token === undefined || token === "") {
      throw new Tracker.TrackerError({ reason: "permission", detail: "no GitHub token: set GITHUB_TOKEN or pass auth.token", retryable: false })
    }
    secrets.push(token)
    octokit = new ClientClass({ baseUrl: urls.rest, auth: token, throttle: limits, retry: { retryAfterBaseValue: base }, log: quietLog })
  }
  const cache = new Map<string, { readonly etag: string; readonly data: unknown }>()
  const currentToken = async (): Promise<string> => {
    const a = (await (auth.type === "app" ? octokit.auth({ type: "installation" }) : octokit.auth())) as { readonly token?: string }
    if (a.token !== undefined && !secrets.includes(a.token)) secrets.push(a.token)
    return a.token ?? ""
  }
  octokit.hook.wrap("request", async (request, opts) => {
    count++
    const method = (opts.method ?? "GET").toUpperCase()
    const own = (opts.request as { readonly sreUxddCache?: boolean } | undefined)?.sreUxddCache
    if (own !== undefined) opts.request = Object.fromEntries(Object.entries(opts.request ?? {}).filter(([k]) => k !== "sreUxddCache"))
    const conditional = method === "GET" && own !== false && !String(opts.url).includes("/graphql")
    let key: string | undefined
    if (conditional) {
      const endpoint = octokit.request.endpoint(opts as never)
      key = `${fingerprint(await currentToken())} ${endpoint.url}`
      const hit = cache.get(key)
      const given = (opts.headers as { [k: string]: string | undefined })["if-none-match"]
      if (hit !== undefined && given === undefined) opts.headers = { ...opts.headers, "if-none-match": hit.etag }
    }
    try {
      const res = await request(opts)
      const etag = res.headers.etag
      if (key !== undefined && typeof etag === "string") {
        cache.delete(key)
        cache.set(key, { etag, data: res.data })
        if (cache.size > 1000) cache.delete(cache.keys().next().value as string)
      }
      return res
    } catch (e) {
      const err = e as { readonly status?: number; readonly response?: { readonly headers: Response["headers"]; readonly url: string } }
      if (err.status === 304 && err.response !== undefined) {
        const hit = key === undefined ? undefined : cache.get(key)
        return { status: 304, headers: err.response.headers, url: err.response.url, data: hit?.data } as unknown as Awaited<ReturnType<typeof request>>
      }
      throw e
    }
  })
  const toError = (e: unknown, what: string): Tracker.TrackerError => {
    const err = e as {
      readonly status?: number
      readonly message?: string
      readonly response?: { readonly headers?: Response["headers"]; readonly data?: unknown }
    }
    const status = err.status ?? 0
    const headers = err.response?.headers ?? {}
    const after = Number(headers["retry-after"])
    const reset = Number(headers["x-ratelimit-reset"])
    const message = scrub(String(err.message ?? e), secrets)
    const limited = status === 429 || (status === 403 && (/rate limit/i.test(message) || headers["x-ratelimit-remaining"] === "0"))
    const retryAfter = Number.isFinite(after) && after > 0
      ? after * 1000
      : limited && Number.isFinite(reset) && reset > 0
      ? Math.max(0, reset * 1000 - Date.now())
      : undefined
    const reason: Tracker.TrackerError["reason"] = limited
      ? "rate-limited"
      : status === 0 || status >= 500
      ? "unavailable"
      : status === 404
      ? "not-found"
      : status === 401 || status === 403
      ? "permission"
      : status === 409
      ? "conflict"
      : "invalid-request"
    return new Tracker.TrackerError({
      reason,
      detail: scrub(`${what}: ${status === 0 ? "" : `HTTP ${status}: `}${message}`, secrets),
      retryable: reason === "rate-limited" || reason === "unavailable",
      ...(retryAfter === undefined ? {} : { retryAfter })
    })
  }
  const rest: Api["rest"] = (route, params = {}) =>
    Effect.tryPromise({
      try: async () => {
        const res = await octokit.request(route, params as never)
        return { status: res.status, headers: res.headers as Response["headers"], data: res.data, url: res.url }
      },
      catch: (e) => toError(e, route.replace(/\?.*$/, ""))
    })
  const graphql: Api["graphql"] = <A>(query: string, variables: { readonly [k: string]: unknown }) =>
    Effect.tryPromise({
      try: async () => {
        const res = await octokit.request({ method: "POST", url: urls.graphql, query, variables, headers: { "content-type": "application/json" } } as never)
        const body = res.data as { readonly data?: A; readonly errors?: ReadonlyArray<{ readonly type?: string; readonly message: string }> }
        if (body.errors !== undefined && body.errors.length > 0) throw graphqlError(body.errors, res.headers as Response["headers"])
        return body.data as A
      },
      catch: (e) => (e instanceof Tracker.TrackerError ? new Tracker.TrackerError({ ...e, detail: scrub(e.detail, secrets) }) : toError(e, "POST /graphql"))
    })
  return { octokit, graphqlUrl: urls.graphql, secrets, rest, graphql, requests: () => count }
}

const graphqlError = (errors: ReadonlyArray<{ readonly type?: string; readonly message: string }>, headers: Response["headers"]): Tracker.TrackerError => {
  const types = errors.map((e) => e.type ?? "")
  const detail = `POST /graphql: ${errors.map((e) => `${e.type === undefined ? "" : `${e.type}: `}${e.message}`).join("; ")}`
  if (types.some((t) => t === "RATE_LIMITED" || t === "RATE_LIMIT")) {
    const reset = Number(headers["x-ratelimit-reset"])
    return new Tracker.TrackerError({
      reason: "rate-limited",
      detail,
      retryable: true,
      ...(Number.isFinite(reset) && reset > 0 ? { retryAfter: Math.max(0, reset * 1000 - Date.now()) } : {})
    })
  }
  if (errors.some((e) => /submitted too quickly/i.test(e.message)))
    return new Tracker.TrackerError({ reason: "rate-limited", detail, retryable: true, retryAfter: 60_000 })
  if (types.includes("FORBIDDEN")) return new Tracker.TrackerError({ reason: "permission", detail, retryable: false })
  if (types.includes("NOT_FOUND")) return new Tracker.TrackerError({ reason: "not-found", detail, retryable: false })
  return new Tracker.TrackerError({ reason: "invalid-request", detail, retryable: false })
}

const quietLog = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} }
