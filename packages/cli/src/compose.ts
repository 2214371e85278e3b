/**
 * The composition root: from a team profile and the environment, the store layer (SQLite at
 * `.sre/sre.db` by default, or PostgreSQL from an environment variable's URL), the tracker
 * layer (GitHub, Jira, or the in-memory tracker for dry runs and demos) with the tracker's mention
 * notifier, e-mail over SMTP, and the `Runner`. Adapters are loaded with `import()` only when
 * a command needs them, so `sre who` loads none. Secrets come only from the environment and
 * are never printed.
 *
 * The profile's sections it reads:
 *
 * ```yaml
 * tracker:
 *   kind: github                    # github | jira | memory
 *   sources: [{ kind: issues, repo: my-org/support }]
 *   product: { repo: my-org/product }
 *   # bots, baseUrl, graphqlUrl, overlapSeconds: as @sre-uxdd/github accepts them
 * # or, on Jira Cloud (credentials from JIRA_EMAIL + JIRA_API_TOKEN, or JIRA_OAUTH_TOKEN):
 * tracker:
 *   kind: jira
 *   site: https://my-org.atlassian.net  # or JIRA_SITE_URL
 *   sources: [{ project: SUP }, { labels: [support], jql: "project != SUP" }]
 *   product: { project: PROD, linkType: Relates }
 *   # closeTransitions, resolutions, internalVisibility, marginMinutes, pageSize: as @sre-uxdd/jira
 *   # accepts them; retry: { maxAttempts, initialDelayMs, maxDelayMs } or false
 * storage:
 *   sqlite: .sre/sre.db             # relative to the profile; or
 *   # postgres: { urlEnv: DATABASE_URL, schema: my_team }
 * ```
 *
 * @since 0.1.0
 * @module
 */
import { type Config, Notifier, Runner, Store, Tracker, type Types } from "@sre-uxdd/core"
import type * as Jira from "@sre-uxdd/jira"
import { Context, Effect, Layer, Result, type Scope } from "effect"
import { readFileSync } from "node:fs"
import { dirname, isAbsolute, join } from "node:path"
import { ExitCode } from "./exitCodes.js"
import { type Located, locate, ProfileFileError } from "./profileFile.js"

/**
 * A composition problem: a bad `tracker:` / `storage:` section (`invalid`), or a missing
 * credential (`unavailable`). The message names the setting, never a secret's value.
 *
 * @since 0.1.0
 * @category errors
 */
export class ComposeError extends Error {
  override readonly name = "ComposeError"
  constructor(
    readonly code: ExitCode,
    message: string
  ) {
    super(message)
  }
}

/**
 * The environment the composition reads (`process.env` by default).
 *
 * @since 0.1.0
 * @category models
 */
export interface Environment {
  readonly [name: string]: string | undefined
}

const record = (value: unknown): { readonly [key: string]: unknown } =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as { readonly [key: string]: unknown }) : {}

/**
 * Where the store lives, from the profile's `storage:` section.
 *
 * @since 0.1.0
 * @category models
 */
export type StorageChoice =
  | { readonly kind: "sqlite"; readonly file: string }
  | { readonly kind: "postgres"; readonly urlEnv: string; readonly schema: string | undefined }
  | { readonly kind: "memory" }

/**
 * Reads the `storage:` section (default: SQLite at `.sre/sre.db` beside the profile).
 *
 * @since 0.1.0
 * @category composition
 */
export const storageChoice = (profile: Config.Profile, profileFile: string): StorageChoice => {
  const s = record(profile.storage)
  const root = dirname(profileFile)
  if (s["memory"] === true) return { kind: "memory" }
  if (s["postgres"] !== undefined) {
    const pg = record(s["postgres"])
    const urlEnv = pg["urlEnv"] ?? "DATABASE_URL"
    if (typeof urlEnv !== "string" || urlEnv === "")
      throw new ComposeError(ExitCode.invalid, "storage.postgres.urlEnv: expected the name of an environment variable holding the URL")
    const schema = pg["schema"] ?? pg["team"]
    if (schema !== undefined && typeof schema !== "string") throw new ComposeError(ExitCode.invalid, "storage.postgres.schema: expected a schema name")
    return { kind: "postgres", urlEnv, schema }
  }
  const file = s["sqlite"] ?? ".sre/sre.db"
  if (typeof file !== "string" || file === "") throw new ComposeError(ExitCode.invalid, "storage.sqlite: expected a file path")
  const unknown = Object.keys(s).filter((k) => k !== "sqlite" && k !== "postgres" && k !== "memory")
  if (unknown.length > 0) throw new ComposeError(ExitCode.invalid, `storage.${unknown[0]}: unknown setting (expected sqlite, postgres or memory)`)
  return { kind: "sqlite", file: isAbsolute(file) ? file : join(root, file) }
}

/**
 * The store layer. SQLite and PostgreSQL come from `@sre-uxdd/storage`, imported on first use.
 *
 * @since 0.1.0
 * @category composition
 */
export const storeLayer = (choice: StorageChoice, env: Environment = process.env): Layer.Layer<Store.Store, Store.StoreError> => {
  if (choice.kind === "memory") return Store.layerMemory
  if (choice.kind === "postgres") {
    const url = env[choice.urlEnv]
    if (url === undefined || url === "")
      throw new ComposeError(ExitCode.unavailable, `storage.postgres: the environment variable ${choice.urlEnv} (the database URL) is not set`)
    return Layer.unwrap(
      Effect.promise(() => import("@sre-uxdd/storage")).pipe(
        Effect.map((m) => m.Postgres.layer({ url, ...(choice.schema === undefined ? {} : { schema: choice.schema }) }))
      )
    )
  }
  return Layer.unwrap(Effect.promise(() => import("@sre-uxdd/storage")).pipe(Effect.map((m) => m.Sqlite.layer({ file: choice.file }))))
}

/**
 * The tracker named by the profile's `tracker.kind` (default `github`).
 *
 * @since 0.1.0
 * @category models
 */
export type TrackerKind = "github" | "jira" | "memory"

/**
 * The tracker kind of a profile.
 *
 * @since 0.1.0
 * @category composition
 */
export const trackerKind = (profile: Config.Profile): TrackerKind => {
  const kind = record(profile.tracker)["kind"] ?? "github"
  if (kind === "github" || kind === "jira" || kind === "memory") return kind
  throw new ComposeError(ExitCode.invalid, `tracker.kind: expected github, jira or memory, got ${JSON.stringify(kind)}`)
}

/**
 * The `@sre-uxdd/github` options from the profile: its `tracker:` section without `kind`, the
 * members' GitHub handles, and the token from `GITHUB_TOKEN` (or `SRE_UXDD_GITHUB_TOKEN`).
 *
 * @since 0.1.0
 * @category composition
 */
export const githubOptions = (profile: Config.Profile, env: Environment = process.env): { readonly [key: string]: unknown } => {
  const token = env["SRE_UXDD_GITHUB_TOKEN"] ?? env["GITHUB_TOKEN"]
  if (token === undefined || token === "")
    throw new ComposeError(ExitCode.unavailable, "tracker: GITHUB_TOKEN is not set (a token with issues and discussions write access)")
  const { kind: _kind, scheduleItem: _scheduleItem, ...rest } = record(profile.tracker)
  const product = rest["product"]
  return {
    ...rest,
    ...(typeof product === "string" ? { product: { repo: product } } : {}),
    members: profile.team.members.flatMap((m) => (m.handles.github === undefined ? [] : [{ id: m.id, login: m.handles.github }])),
    auth: { type: "token", token },
    ...(env["GITHUB_API_URL"] === undefined || rest["baseUrl"] !== undefined ? {} : { baseUrl: env["GITHUB_API_URL"] })
  }
}

/** The settings of a `kind: github` tracker section (the adapter's options the profile sets, and sre's own). */
const githubSettings: ReadonlyArray<string> = [
  "kind",
  "sources",
  "product",
  "bots",
  "baseUrl",
  "graphqlUrl",
  "overlapSeconds",
  "throttle",
  "staleLabel",
  "scheduleItem"
]

/**
 * Checks the profile's `kind: github` tracker section with the adapter's own options schema
 * (no token read): unknown settings and every problem the schema finds, named by its path in
 * the profile and located in `profileFile`. Throws a `ProfileFileError` (exit 2).
 *
 * @since 0.1.0
 * @category composition
 */
export const githubSection = (
  github: { readonly Options: { readonly decodeSync: (input: unknown) => unknown } },
  profile: Config.Profile,
  profileFile?: string | undefined
): void => {
  const section = record(profile.tracker)
  const problems: Array<{ path: string; message: string }> = []
  for (const key of Object.keys(section)) {
    if (!githubSettings.includes(key))
      problems.push({ path: `tracker.${key}`, message: `unknown setting of a github tracker (expected one of ${githubSettings.join(", ")})` })
  }
  const rosterOf: Array<number> = []
  const members = profile.team.members.flatMap((m, i) => {
    if (m.handles.github === undefined) return []
    rosterOf.push(i)
    return [{ id: m.id, login: m.handles.github }]
  })
  const { kind: _kind, scheduleItem: _scheduleItem, ...rest } = section
  const product = rest["product"]
  try {
    github.Options.decodeSync({ ...rest, ...(typeof product === "string" ? { product: { repo: product } } : {}), members })
  } catch (error) {
    if ((error as { readonly _tag?: unknown } | null)?._tag !== "ValidationError") throw error
    for (const p of (error as Types.ValidationError).problems) {
      const m = /^members\[(\d+)\](.*)$/.exec(p.path)
      const path = m !== null ? `team.members[${rosterOf[Number(m[1])] ?? 0}].handles.github` : p.path === "" ? "tracker" : `tracker.${p.path}`
      problems.push({ path, message: p.message })
    }
  }
  if (problems.length > 0) throw invalidTracker(profileFile, problems)
}

/** The settings of a `kind: jira` tracker section (those of `@sre-uxdd/jira`'s configuration, and sre's own). */
const jiraSettings: ReadonlyArray<string> = [
  "kind",
  "site",
  "retry",
  "sources",
  "product",
  "closeTransitions",
  "resolutions",
  "internalVisibility",
  "marginMinutes",
  "pageSize",
  "scheduleItem"
]

/**
 * Problems of the profile's `tracker:` section, located in the profile file when it can be
 * read (as `sre validate` reports the profile's), else a `ComposeError` naming the paths.
 */
const invalidTracker = (profileFile: string | undefined, problems: ReadonlyArray<{ readonly path: string; readonly message: string }>): Error => {
  let text: string | undefined
  try {
    text = profileFile === undefined ? undefined : readFileSync(profileFile, "utf8")
  } catch {
    text = undefined
  }
  if (text === undefined) return new ComposeError(ExitCode.invalid, problems.map((p) => `${p.path}: ${p.message}`).join("\n"))
  const source = text
  const located: ReadonlyArray<Located> = problems.map((p) => {
    const at = locate(source, p.path, p.message.startsWith("unknown setting") ? "key" : "value")
    return { path: p.path, message: p.message, line: at?.line, column: at?.column }
  })
  return new ProfileFileError(profileFile, "invalid", located)
}

/** `sources[0].project` of the adapter's configuration, as a path in the profile. */
const profilePath = (path: string, roster: ReadonlyArray<number>): string => {
  const m = /^roster\[(\d+)\](.*)$/.exec(path)
  if (m !== null) return `team.members[${roster[Number(m[1])] ?? 0}].handles.jira`
  return path === "" ? "tracker" : `tracker.${path}`
}

const nonNegativeInt = (v: unknown): boolean => typeof v === "number" && Number.isInteger(v) && v >= 0

/**
 * The `@sre-uxdd/jira` adapter options from the profile: its `tracker:` section without
 * `kind`, `site` and `retry` (decoded by the adapter's `Config.decodeSync`; every problem
 * named by its path in the profile, located in `profileFile`), the roster from the members'
 * `handles.jira` (Atlassian accountIds), and the credentials from the environment only
 * (`Config.credentialsFromEnv`: `JIRA_EMAIL` + `JIRA_API_TOKEN`, or `JIRA_OAUTH_TOKEN`). The
 * site is the section's `site`, else `JIRA_SITE_URL`. Retries (429 after `Retry-After`,
 * 502/503/504) default to 3 attempts; `retry: false` turns them off.
 *
 * A bad section throws a `ProfileFileError` (exit 2), a missing credential a `ComposeError`
 * with exit code 4 that names the variables, never a value.
 *
 * @since 0.1.0
 * @category composition
 */
export const jiraOptions = (
  jira: { readonly Config: Pick<typeof Jira.Config, "decodeSync" | "credentialsFromEnv"> },
  profile: Config.Profile,
  env: Environment = process.env,
  profileFile?: string | undefined
): Jira.JiraTracker.Options => {
  const { config, retry, site } = jiraSection(jira, profile, profileFile)
  const credentials = Effect.runSync(
    Effect.result(jira.Config.credentialsFromEnv(site === undefined ? env : { ...env, JIRA_SITE_URL: site }))
  )
  if (Result.isFailure(credentials)) {
    throw new ComposeError(
      ExitCode.unavailable,
      `tracker: the Jira credentials are not usable: ${credentials.failure.problems.map((p) => `${p.path} ${p.message}`).join("; ")}`
    )
  }
  return { config, credentials: credentials.success, retry }
}

/**
 * The profile's `kind: jira` tracker section decoded (no credentials read): the adapter's
 * configuration, the retry policy and the site when the section sets it. Throws a
 * `ProfileFileError` locating every problem in `profileFile`.
 *
 * @since 0.1.0
 * @category composition
 */
export const jiraSection = (
  jira: { readonly Config: Pick<typeof Jira.Config, "decodeSync"> },
  profile: Config.Profile,
  profileFile?: string | undefined
): {
  readonly config: Jira.Config.JiraConfig
  readonly retry: Jira.JiraTracker.Options["retry"]
  readonly site: string | undefined
} => {
  const section = record(profile.tracker)
  const { kind: _kind, site, retry, scheduleItem: _scheduleItem, ...rest } = section
  const problems: Array<{ path: string; message: string }> = []
  for (const key of Object.keys(section)) {
    if (!jiraSettings.includes(key))
      problems.push({ path: `tracker.${key}`, message: `unknown setting of a jira tracker (expected one of ${jiraSettings.join(", ")})` })
  }
  if (site !== undefined && (typeof site !== "string" || !/^https?:\/\/[^\s/]+/.test(site)))
    problems.push({ path: "tracker.site", message: "expected the site's http(s) URL, e.g. https://my-org.atlassian.net" })
  if (
    retry !== undefined && retry !== false &&
    (typeof retry !== "object" || retry === null || Array.isArray(retry) ||
      Object.entries(retry).some(([k, v]) => !["maxAttempts", "initialDelayMs", "maxDelayMs"].includes(k) || !nonNegativeInt(v)))
  )
    problems.push({ path: "tracker.retry", message: "expected false or { maxAttempts, initialDelayMs, maxDelayMs } (whole numbers)" })
  const rosterOf: Array<number> = []
  const roster = profile.team.members.flatMap((m, i) => {
    if (m.handles.jira === undefined) return []
    rosterOf.push(i)
    return [{ member: m.id, accountId: m.handles.jira }]
  })
  const product = rest["product"]
  let config: Jira.Config.JiraConfig | undefined
  try {
    config = jira.Config.decodeSync({ ...rest, ...(typeof product === "string" ? { product: { project: product } } : {}), roster })
  } catch (error) {
    if ((error as { readonly _tag?: unknown } | null)?._tag !== "ValidationError") throw error
    for (const p of (error as Types.ValidationError).problems) problems.push({ path: profilePath(p.path, rosterOf), message: p.message })
  }
  if (problems.length > 0 || config === undefined) throw invalidTracker(profileFile, problems)
  return {
    config,
    retry: retry === false ? undefined : { maxAttempts: 3, ...(typeof retry === "object" && retry !== null ? retry : {}) },
    site: typeof site === "string" ? site : undefined
  }
}

/**
 * What `sre validate` checks of the `tracker:` section without credentials: the kind, and a
 * GitHub or Jira section in full (the adapter is imported only then). Dies with a `ProfileFileError`
 * locating every problem in `profileFile`.
 *
 * @since 0.1.0
 * @category composition
 */
export const checkTracker = (profile: Config.Profile, profileFile: string): Effect.Effect<void> =>
  Effect.suspend(() => {
    let kind: TrackerKind
    try {
      kind = trackerKind(profile)
    } catch (error) {
      if (!(error instanceof ComposeError)) throw error
      const [path, ...message] = error.message.split(": ")
      throw invalidTracker(profileFile, [{ path: path ?? "tracker.kind", message: message.join(": ") }])
    }
    if (kind === "github") return Effect.map(Effect.promise(() => import("@sre-uxdd/github")), (m) => githubSection(m, profile, profileFile))
    if (kind !== "jira") return Effect.void
    return Effect.asVoid(Effect.map(Effect.promise(() => import("@sre-uxdd/jira")), (m) => jiraSection(m, profile, profileFile)))
  })

/**
 * The tracker and its mention notifier. The GitHub and Jira adapters are imported on first
 * use; their options are validated from the profile (a `ValidationError` names the path under
 * `tracker`; for Jira the problems are located in `profileFile`, as `sre validate` does).
 *
 * @since 0.1.0
 * @category composition
 */
export const trackerLayer = (
  profile: Config.Profile,
  env: Environment = process.env,
  profileFile?: string | undefined
): Layer.Layer<Tracker.Tracker | Notifier.Notifier, Types.ValidationError | Tracker.TrackerError> => {
  const kind = trackerKind(profile)
  if (kind === "memory") {
    return Layer.mergeAll(Tracker.layerMemory({ members: profile.team.members.map((m) => m.id) }), Notifier.layerMemory)
  }
  if (kind === "jira") {
    return Layer.unwrap(
      Effect.promise(() => import("@sre-uxdd/jira")).pipe(Effect.map((m) => m.JiraTracker.layer(jiraOptions(m, profile, env, profileFile))))
    )
  }
  const options = githubOptions(profile, env)
  return Layer.unwrap(
    Effect.promise(() => import("@sre-uxdd/github")).pipe(Effect.map((m) => {
      githubSection(m, profile, profileFile)
      return m.GitHub.layerWithNotifier(options)
    }))
  )
}

/**
 * SMTP settings from the environment: `SRE_UXDD_SMTP_HOST` (e-mail is off without it),
 * `SRE_UXDD_SMTP_PORT` (default 587), `SRE_UXDD_SMTP_USER`, `SRE_UXDD_SMTP_PASSWORD`,
 * `SRE_UXDD_SMTP_FROM` (default `sre-uxdd@<host>`), `SRE_UXDD_SMTP_SECURE=1` for TLS from the start.
 *
 * @since 0.1.0
 * @category models
 */
export interface Smtp {
  readonly host: string
  readonly port: number
  readonly secure: boolean
  readonly user: string | undefined
  readonly password: string | undefined
  readonly from: string
}

/**
 * Reads the SMTP settings, or `undefined` when e-mail is not configured.
 *
 * @since 0.1.0
 * @category composition
 */
export const smtpFromEnv = (env: Environment = process.env): Smtp | undefined => {
  const host = env["SRE_UXDD_SMTP_HOST"]
  if (host === undefined || host === "") return undefined
  const port = Number(env["SRE_UXDD_SMTP_PORT"] ?? "587")
  if (!Number.isInteger(port) || port <= 0 || port > 65535)
    throw new ComposeError(ExitCode.invalid, `SRE_UXDD_SMTP_PORT: expected a port number, got ${JSON.stringify(env["SRE_UXDD_SMTP_PORT"])}`)
  return {
    host,
    port,
    secure: env["SRE_UXDD_SMTP_SECURE"] === "1",
    user: env["SRE_UXDD_SMTP_USER"],
    password: env["SRE_UXDD_SMTP_PASSWORD"],
    from: env["SRE_UXDD_SMTP_FROM"] ?? `sre-uxdd@${host}`
  }
}

/**
 * A notifier that sends `Notify` actions by e-mail to members with an `email` handle, and
 * `Message` actions on the `email` channel to the recipient's handle; everything else goes to
 * `fallback` (the tracker's mention notifier). nodemailer is imported on first use.
 *
 * @since 0.1.0
 * @category composition
 */
export const emailNotifier = (profile: Config.Profile, smtp: Smtp, fallback: Notifier.Notifier["Service"]): Notifier.Notifier["Service"] => {
  const emails = new Map(profile.team.members.flatMap((m) => (m.handles.email === undefined ? [] : [[m.id as string, m.handles.email] as const])))
  let transport:
    | Promise<{ sendMail: (mail: { from: string; to: string; subject: string; text: string; headers: Record<string, string> }) => Promise<unknown> }>
    | undefined
  const send = (to: string, subject: string, text: string, key: string) =>
    Effect.tryPromise({
      try: async () => {
        transport ??= import("nodemailer").then((m) =>
          m.default.createTransport({
            host: smtp.host,
            port: smtp.port,
            secure: smtp.secure,
            ...(smtp.user === undefined ? {} : { auth: { user: smtp.user, pass: smtp.password ?? "" } }),
            tls: { rejectUnauthorized: process.env["SRE_UXDD_SMTP_INSECURE"] !== "1" }
          })
        )
        const t = await transport
        await t.sendMail({ from: smtp.from, to, subject, text, headers: { "X-Sre-Uxdd-Key": key } })
      },
      catch: (e) =>
        new Notifier.NotifierError({
          reason: "unavailable",
          detail: `SMTP ${smtp.host}:${smtp.port}: ${e instanceof Error ? e.message : String(e)}`,
          retryable: true,
          key
        })
    })
  return Notifier.Notifier.of({
    deliver: (action, now) => {
      const to = action._tag === "Notify" ? emails.get(action.member) : action.channel === "email" ? action.recipient.handle : undefined
      if (to === undefined) return fallback.deliver(action, now)
      const subject = action._tag === "Notify"
        ? `[${profile.name}] ${action.inquiry === undefined ? "support duty" : action.inquiry}`
        : `[${profile.name}] your support request`
      return Effect.as(send(to, subject, action.text, action.key), {
        key: action.key,
        action: action._tag,
        outcome: "delivered" as const,
        executedAt: now,
        detail: `e-mailed to ${to}`,
        requests: 0,
        events: []
      })
    }
  })
}

/**
 * Everything a running command needs: the runner and its services, built once.
 *
 * @since 0.1.0
 * @category models
 */
export interface Services {
  readonly runner: Runner.Runner
  readonly store: Store.Store["Service"]
  readonly tracker: Tracker.Tracker["Service"]
}

/**
 * Options of {@link services}. `full`: the sync reads every source from the start (the
 * stored cursors are ignored, then overwritten), to rebuild a lost or cached store.
 *
 * @since 0.1.0
 * @category models
 */
export interface ServiceOptions {
  readonly full?: boolean | undefined
  /** `false`: the command reads only the store (no tracker, no token needed). */
  readonly tracker?: boolean | undefined
  /** Wraps the store the runner uses (tests count its reads with it). */
  readonly wrapStore?: ((store: Store.Store["Service"]) => Store.Store["Service"]) | undefined
}

/**
 * The runner over the composed layers, for a profile and the published duties.
 *
 * @since 0.1.0
 * @category composition
 */
export const services = (
  profile: Config.Profile,
  profileFile: string,
  duties: ReadonlyArray<Types.Duty>,
  env: Environment = process.env,
  options: ServiceOptions = {}
): Effect.Effect<Services, Store.StoreError | Tracker.TrackerError | Types.ValidationError | Notifier.NotifierError, Scope.Scope> => {
  const store = storeLayer(storageChoice(profile, profileFile), env)
  const tracker = options.tracker === false
    ? Layer.mergeAll(Tracker.layerMemory({ members: profile.team.members.map((m) => m.id) }), Notifier.layerMemory)
    : trackerLayer(profile, env, profileFile)
  const smtp = smtpFromEnv(env)
  return Effect.gen(function*() {
    // The tracker first: its options and credentials are checked before the store is opened,
    // so that a bad tracker section or a missing credential writes nothing.
    const trackerContext = yield* Layer.build(tracker)
    const context = Context.merge(trackerContext, yield* Layer.build(store))
    const trackerService = Context.get(context, Tracker.Tracker)
    const stored = Context.get(context, Store.Store)
    const unwrapped = options.full === true ? Store.Store.of({ ...stored, cursor: () => Effect.succeed(undefined) }) : stored
    const storeService = options.wrapStore === undefined ? unwrapped : options.wrapStore(unwrapped)
    const mention = Context.get(context, Notifier.Notifier)
    const notifier = smtp === undefined ? mention : emailNotifier(profile, smtp, mention)
    // Core's planner plans with Profile.schedule (from the grid's origin whatever the window), so a published version agrees with `sre who`.
    const config = Runner.configFromProfile(profile, { duties, name: profile.name, holder: `${hostName()}:${process.pid}`, acknowledge: true })
    const runner = yield* Runner.make(config).pipe(
      Effect.provideService(Tracker.Tracker, trackerService),
      Effect.provideService(Store.Store, storeService),
      Effect.provideService(Notifier.Notifier, notifier)
    )
    return { runner, store: storeService, tracker: trackerService }
  })
}

const hostName = (): string => process.env["HOSTNAME"] ?? "sre"
