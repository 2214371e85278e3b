/**
 * The Jira part of a team profile (the `tracker` block) and the credentials, read from the
 * environment. Sources are a support project and/or labels, optionally narrowed by a JQL
 * filter; promotions go to a product project, linked by a named link type.
 *
 * @since 0.2.0
 * @module
 */
import { Types } from "@sre-uxdd/core"
import { Effect, Redacted, Schema } from "effect"

const ProjectKey = Schema.String.check(
  Schema.makeFilter((s: string) => /^[A-Z][A-Z0-9_]{0,9}$/.test(s), { message: "expected a Jira project key such as SUP (capital letters, digits, _)" })
)

const Label = Schema.String.check(Schema.makeFilter((s: string) => s !== "" && !/\s/.test(s), { message: "expected a Jira label (no spaces)" }))

/**
 * One source of support items: issues of `project`, and/or issues with any of `labels`,
 * optionally narrowed by `jql` (a JQL condition without `ORDER BY`). `name` is the source's
 * name in the store (derived when left out).
 *
 * @since 0.2.0
 * @category schemas
 */
export const Source = Schema.Struct({
  name: Schema.optionalKey(Schema.NonEmptyString),
  project: Schema.optionalKey(ProjectKey),
  labels: Schema.optionalKey(Schema.Array(Label).check(Schema.isMinLength(1))),
  jql: Schema.optionalKey(
    Schema.NonEmptyString.check(
      Schema.makeFilter((s: string) => !/\border\s+by\b/i.test(s), { message: "expected a JQL condition without ORDER BY (the adapter orders by updated)" })
    )
  )
}).check(Schema.makeFilter((s) => s.project !== undefined || s.labels !== undefined, { message: "a source needs a project or labels (or both)" }))

/**
 * @since 0.2.0
 * @category models
 */
export type Source = typeof Source.Type

/**
 * The product project promotions are filed in: `issueType` of the new issue (default
 * `Task`) and the link type that ties it to the support issue (default `Relates`; names
 * differ from site to site).
 *
 * @since 0.2.0
 * @category schemas
 */
export const Product = Schema.Struct({
  project: ProjectKey,
  issueType: Schema.optionalKey(Schema.NonEmptyString),
  linkType: Schema.optionalKey(Schema.NonEmptyString)
})

/**
 * @since 0.2.0
 * @category models
 */
export type Product = typeof Product.Type

/**
 * One roster member's Jira identity: the member id and their Atlassian accountId.
 *
 * @since 0.2.0
 * @category schemas
 */
export const RosterEntry = Schema.Struct({ member: Types.MemberId, accountId: Schema.NonEmptyString })

/**
 * The whole Jira configuration.
 *
 * - `roster`: the team's accountIds (team membership comes from here only).
 * - `closeTransitions`: transition names tried in order to close an item (per workflow,
 *   the first one the issue offers wins).
 * - `resolutions`: the resolution set for each close reason when the transition asks for one.
 * - `internalVisibility`: the role or group an internal comment is restricted to on
 *   projects that are not service desks (service desks use internal comments).
 * - `marginMinutes`: how far the `updated >=` watermark is moved back (JQL has minute precision).
 * - `pageSize`: issues per search page (Jira returns at most 100 with fields).
 *
 * @since 0.2.0
 * @category schemas
 */
export const JiraConfig = Schema.Struct({
  sources: Schema.Array(Source).check(Schema.isMinLength(1)),
  product: Schema.optionalKey(Product),
  roster: Schema.Array(RosterEntry),
  closeTransitions: Schema.optionalKey(Schema.Array(Schema.NonEmptyString).check(Schema.isMinLength(1))),
  resolutions: Schema.optionalKey(Schema.Record(Schema.String, Schema.NonEmptyString)),
  internalVisibility: Schema.optionalKey(Schema.Struct({ type: Schema.Literals(["role", "group"]), value: Schema.NonEmptyString })),
  marginMinutes: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 1440 }))),
  pageSize: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 100 })))
})

/**
 * @since 0.2.0
 * @category models
 */
export type JiraConfig = typeof JiraConfig.Type

/**
 * Decodes the Jira configuration; every problem names its path
 * (`sources[0]: a source needs a project or labels (or both)`).
 *
 * @example
 * ```ts
 * import { Config } from "@sre-uxdd/jira"
 *
 * const config = Config.decodeSync({ sources: [{ project: "SUP" }], roster: [{ member: "ada", accountId: "557058:ada" }] })
 * Config.sourceName(config.sources[0]!) // "project:SUP"
 * ```
 *
 * @since 0.2.0
 * @category decoding
 */
export const decodeSync: (input: unknown) => JiraConfig = Types.decoderSync(JiraConfig, "Jira configuration")

/**
 * Effect variant of {@link decodeSync}.
 *
 * @since 0.2.0
 * @category decoding
 */
export const decode: (input: unknown) => Effect.Effect<JiraConfig, Types.ValidationError> = Types.decoder(JiraConfig, "Jira configuration")

/**
 * The name of a source in the store: its `name`, else `project:KEY`, `labels:a,b`, joined by `+`.
 *
 * @since 0.2.0
 * @category getters
 */
export const sourceName = (source: Source): string =>
  source.name ??
    [
      source.project === undefined ? undefined : `project:${source.project}`,
      source.labels === undefined ? undefined : `labels:${source.labels.join(",")}`,
      source.jql === undefined ? undefined : "jql"
    ]
      .filter((x) => x !== undefined)
      .join("+")

/**
 * How the adapter authenticates: an e-mail and API token (basic auth against the site), or
 * an OAuth 2.0 (3LO) access token (bearer, through the API gateway's site URL). Secrets are
 * `Redacted`: they print as `<redacted>`.
 *
 * @since 0.2.0
 * @category models
 */
export type Credentials =
  | { readonly _tag: "ApiToken"; readonly site: string; readonly email: string; readonly token: Redacted.Redacted<string> }
  | { readonly _tag: "OAuth"; readonly site: string; readonly token: Redacted.Redacted<string> }

/**
 * Reads the credentials from an environment (`process.env` by default in callers):
 * `JIRA_SITE_URL` (e.g. `https://example.atlassian.net`, or `https://api.atlassian.com/ex/jira/<cloudId>`
 * with OAuth), then `JIRA_EMAIL` + `JIRA_API_TOKEN`, or `JIRA_OAUTH_TOKEN`. The message of a
 * failure names the variables, never their values.
 *
 * @since 0.2.0
 * @category constructors
 */
export const credentialsFromEnv = (env: { readonly [name: string]: string | undefined }): Effect.Effect<Credentials, Types.ValidationError> => {
  const problems: Array<Types.Problem> = []
  const site = env["JIRA_SITE_URL"]
  if (site === undefined || site === "") problems.push({ path: "JIRA_SITE_URL", message: "is not set (the site URL, e.g. https://example.atlassian.net)" })
  else if (!/^https?:\/\/[^\s/]+/.test(site)) problems.push({ path: "JIRA_SITE_URL", message: "expected an http(s) URL" })
  const email = env["JIRA_EMAIL"]
  const apiToken = env["JIRA_API_TOKEN"]
  const oauth = env["JIRA_OAUTH_TOKEN"]
  if (oauth !== undefined && oauth !== "") {
    if (apiToken !== undefined && apiToken !== "") problems.push({ path: "JIRA_OAUTH_TOKEN", message: "set together with JIRA_API_TOKEN: set only one" })
  } else {
    if (email === undefined || !/^[^@\s]+@[^@\s]+$/.test(email))
      problems.push({ path: "JIRA_EMAIL", message: "expected the e-mail address of the API token's account" })
    if (apiToken === undefined || apiToken === "") problems.push({ path: "JIRA_API_TOKEN", message: "is not set (or set JIRA_OAUTH_TOKEN)" })
  }
  if (problems.length > 0 || site === undefined) return Effect.fail(new Types.ValidationError({ subject: "Jira credentials", problems }))
  const base = site.replace(/\/+$/, "")
  if (oauth !== undefined && oauth !== "") return Effect.succeed({ _tag: "OAuth", site: base, token: Redacted.make(oauth) })
  return Effect.succeed({ _tag: "ApiToken", site: base, email: email ?? "", token: Redacted.make(apiToken ?? "") })
}
