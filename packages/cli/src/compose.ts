/**
 * The composition root: from a team profile and the environment, the store layer (SQLite at
 * `.sre/sre.db` by default, or PostgreSQL from an environment variable's URL), the tracker
 * layer (GitHub, or the in-memory tracker for dry runs and demos) with the tracker's mention
 * notifier, e-mail over SMTP, and the `Runner`. Adapters are loaded with `import()` only when
 * a command needs them, so `sre who` loads none. Secrets come only from the environment and
 * are never printed.
 *
 * The profile's sections it reads:
 *
 * ```yaml
 * tracker:
 *   kind: github                    # github | memory
 *   sources: [{ kind: issues, repo: my-org/support }]
 *   product: { repo: my-org/product }
 *   # bots, baseUrl, graphqlUrl, overlapSeconds: as @sre-uxdd/github accepts them
 * storage:
 *   sqlite: .sre/sre.db             # relative to the profile; or
 *   # postgres: { urlEnv: DATABASE_URL, schema: my_team }
 * ```
 *
 * @since 0.1.0
 * @module
 */
import { type Config, Notifier, Runner, Store, Tracker, type Types } from "@sre-uxdd/core"
import { Context, Effect, Layer, type Scope } from "effect"
import { dirname, isAbsolute, join } from "node:path"
import { ExitCode } from "./exitCodes.js"

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
export type TrackerKind = "github" | "memory"

/**
 * The tracker kind of a profile.
 *
 * @since 0.1.0
 * @category composition
 */
export const trackerKind = (profile: Config.Profile): TrackerKind => {
  const kind = record(profile.tracker)["kind"] ?? "github"
  if (kind === "github" || kind === "memory") return kind
  if (kind === "jira") throw new ComposeError(ExitCode.invalid, "tracker.kind: jira is not wired into this version of sre yet (use github or memory)")
  throw new ComposeError(ExitCode.invalid, `tracker.kind: expected github or memory, got ${JSON.stringify(kind)}`)
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

/**
 * The tracker and its mention notifier. The GitHub adapter is imported on first use; its
 * options are validated from the profile (a `ValidationError` names the path under `tracker`).
 *
 * @since 0.1.0
 * @category composition
 */
export const trackerLayer = (
  profile: Config.Profile,
  env: Environment = process.env
): Layer.Layer<Tracker.Tracker | Notifier.Notifier, Types.ValidationError | Tracker.TrackerError> => {
  if (trackerKind(profile) === "memory") {
    return Layer.mergeAll(Tracker.layerMemory({ members: profile.team.members.map((m) => m.id) }), Notifier.layerMemory)
  }
  const options = githubOptions(profile, env)
  return Layer.unwrap(
    Effect.promise(() => import("@sre-uxdd/github")).pipe(Effect.map((m) => m.GitHub.layerWithNotifier(options)))
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
    : trackerLayer(profile, env)
  const smtp = smtpFromEnv(env)
  return Effect.gen(function*() {
    const context = yield* Layer.build(Layer.mergeAll(store, tracker))
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
