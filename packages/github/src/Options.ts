/**
 * The GitHub adapter's settings, validated like the rest of the team profile: which
 * repositories and discussion categories are support sources, where promoted issues go,
 * who is on the team (by GitHub login), how to authenticate and which API to talk to.
 *
 * @since 0.1.0
 * @module
 */
import { Effect, Schema } from "effect"
import { Types } from "@sre-uxdd/core"

const repoPattern = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/

/**
 * A repository as `owner/name`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Repo = Schema.String.check(
  Schema.makeFilter((s: string) => repoPattern.test(s), { message: "expected a repository as owner/name, e.g. visit-dav/support" })
)

/**
 * The issues of a repository (all of them, or only those with `label`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const IssuesSource = Schema.Struct({
  kind: Schema.Literal("issues"),
  repo: Repo,
  label: Schema.optionalKey(Schema.NonEmptyString)
})

/**
 * The discussions of a repository: of one `category` (by name), with a `label`, or both.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DiscussionsSource = Schema.Struct({
  kind: Schema.Literal("discussions"),
  repo: Repo,
  category: Schema.optionalKey(Schema.NonEmptyString),
  label: Schema.optionalKey(Schema.NonEmptyString)
})

/**
 * One support source.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Source = Schema.Union([IssuesSource, DiscussionsSource])

/**
 * @since 0.1.0
 * @category models
 */
export type Source = typeof Source.Type

/**
 * How the adapter authenticates. `token`: a personal or fine-grained token, or the Actions
 * `GITHUB_TOKEN`; when absent the adapter reads the `GITHUB_TOKEN` environment variable.
 * `app`: a GitHub App installation (comments then come from the app's bot account).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Auth = Schema.Union([
  Schema.Struct({ type: Schema.Literal("token"), token: Schema.optionalKey(Schema.NonEmptyString) }),
  Schema.Struct({
    type: Schema.Literal("app"),
    appId: Schema.Union([Schema.Int, Schema.NonEmptyString]),
    privateKey: Schema.NonEmptyString,
    installationId: Schema.Int
  })
])

/**
 * @since 0.1.0
 * @category models
 */
export type Auth = typeof Auth.Type

/**
 * A team member as the adapter sees them: the roster id and the GitHub login.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Member = Schema.Struct({ id: Types.MemberId, login: Schema.NonEmptyString })

/**
 * The adapter's settings.
 *
 * - `sources`: at least one; several at once are read one after the other.
 * - `product`: the product-development repository promotions go to.
 * - `members`: the roster's GitHub handles: team membership comes from here, never from
 *   GitHub's `author_association`.
 * - `bots`: more logins to treat as bots (besides `type: "Bot"`, `[bot]` logins and
 *   `performed_via_github_app`).
 * - `baseUrl` / `graphqlUrl`: GitHub Enterprise Server; default `GITHUB_API_URL` /
 *   `GITHUB_GRAPHQL_URL` from the environment, then github.com.
 * - `overlapSeconds`: how far each incremental sync reaches back before its watermark.
 * - `throttle`: `false` turns the client's write pacing off (tests only).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Options = Schema.Struct({
  sources: Schema.Array(Source).check(Schema.isMinLength(1)),
  product: Schema.optionalKey(Schema.Struct({ repo: Repo, labels: Schema.optionalKey(Schema.Array(Schema.NonEmptyString)) })),
  members: Schema.Array(Member),
  bots: Schema.optionalKey(Schema.Array(Schema.NonEmptyString)),
  auth: Schema.optionalKey(Auth),
  baseUrl: Schema.optionalKey(Schema.NonEmptyString),
  graphqlUrl: Schema.optionalKey(Schema.NonEmptyString),
  overlapSeconds: Schema.optionalKey(Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))),
  throttle: Schema.optionalKey(Schema.Boolean),
  staleLabel: Schema.optionalKey(Schema.NonEmptyString)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Options = typeof Options.Type

/**
 * Decodes the adapter's settings; every problem names its path
 * (`sources[1].repo: expected a repository as owner/name, …`).
 *
 * @example
 * ```ts
 * import { Options } from "@sre-uxdd/github"
 *
 * const options = Options.decodeSync({
 *   sources: [{ kind: "issues", repo: "visit-dav/support" }, { kind: "discussions", repo: "visit-dav/visit", label: "SRE" }],
 *   product: { repo: "visit-dav/visit" },
 *   members: [{ id: "ada", login: "ada-l" }]
 * })
 * options.sources.length // 2
 * ```
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeSync: (input: unknown) => Options = (input) => check(Types.decoderSync(Options, "GitHub options")(input))

/**
 * {@link decodeSync} as an Effect failing with a `ValidationError`.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decode = (input: unknown): Effect.Effect<Options, Types.ValidationError> =>
  Effect.flatMap(Types.decoder(Options, "GitHub options")(input), (o) => Effect.try({ try: () => check(o), catch: (e) => e as Types.ValidationError }))

const check = (options: Options): Options => {
  const problems: Array<Types.Problem> = []
  const logins = new Map<string, number>()
  const ids = new Map<string, number>()
  options.members.forEach((m, i) => {
    const login = m.login.toLowerCase()
    const li = logins.get(login)
    if (li !== undefined) problems.push({ path: `members[${i}].login`, message: `login ${JSON.stringify(m.login)} is already used by members[${li}]` })
    logins.set(login, i)
    const ii = ids.get(m.id)
    if (ii !== undefined) problems.push({ path: `members[${i}].id`, message: `member id ${JSON.stringify(m.id)} is already used by members[${ii}]` })
    ids.set(m.id, i)
  })
  const seen = new Map<string, number>()
  options.sources.forEach((s, i) => {
    const name = sourceName(s)
    const si = seen.get(name)
    if (si !== undefined) problems.push({ path: `sources[${i}]`, message: `the same source as sources[${si}] (${name})` })
    seen.set(name, i)
  })
  for (const key of ["baseUrl", "graphqlUrl"] as const) {
    const url = options[key]
    if (url !== undefined && !URL.canParse(url)) problems.push({ path: key, message: `expected an absolute URL, got ${JSON.stringify(url)}` })
  }
  if (problems.length > 0) throw new Types.ValidationError({ subject: "GitHub options", problems })
  return options
}

/**
 * The name of a source as the `Tracker` lists it: `issues:owner/repo`,
 * `issues:owner/repo?label=SRE`, `discussions:owner/repo?category=Q%26A&label=SRE`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const sourceName = (source: Source): string => {
  const params = new URLSearchParams()
  if (source.kind === "discussions" && source.category !== undefined) params.set("category", source.category)
  if (source.label !== undefined) params.set("label", source.label)
  const q = params.toString()
  return `${source.kind}:${source.repo}${q === "" ? "" : `?${q}`}`
}
