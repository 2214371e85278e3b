// The fake Jira Cloud site of @sre-uxdd/jira's tests (every request and response checked
// against Atlassian's OpenAPI description), loaded from that package's test folder (it is not
// part of any published package), typed here by what these tests use.
import { readFileSync } from "node:fs"
import { join } from "node:path"

export interface FakeJiraIssue {
  readonly key: string
  readonly project: string
  summary: string
  status: string
  labels: Array<string>
  assignee: string | undefined
  readonly comments: ReadonlyArray<{ readonly author: string; readonly body: unknown }>
}

export interface FakeJira {
  url: string
  now: number
  readonly violations: Array<string>
  readonly requests: ReadonlyArray<{ readonly method: string; readonly path: string; readonly operationId: string; readonly status: number }>
  readonly issues: Map<string, FakeJiraIssue>
  start(): Promise<string>
  stop(): Promise<void>
  reset(): void
  count(operationId?: string): number
  addAccount(
    a: { readonly accountId: string; readonly displayName: string; readonly accountType: "atlassian" | "app" | "customer"; readonly timeZone: string }
  ): unknown
  addProject(key: string, type?: "software" | "service_desk" | "business"): unknown
  createIssue(
    input: { readonly project: string; readonly summary: string; readonly description?: string; readonly reporter: string; readonly at?: number }
  ): FakeJiraIssue
  addComment(key: string, input: { readonly author: string; readonly text?: string; readonly at?: number }): { readonly id: string }
}

const serverFile = join(import.meta.dirname, "..", "..", "..", "jira", "test", "support", "fakeJira.ts")

export const EMAIL = "sre-bot@example.org"
/** The sentinel API token: no output may ever contain it. */
export const API_TOKEN = "jira-tok-SENTINEL-cli-do-not-leak-7d2b"

/** The members of examples/visit-team.yaml, by their GitHub logins there, as Jira accountIds. */
export const accountOf = (login: string): string => `557058:${login}`
export const REPORTER = "712020:kim-user"

/** A started fake with the support project SUP, the product project PROD, the members, a reporter and the bot's credentials. */
export const startFakeJira = async (): Promise<FakeJira> => {
  const module = (await import(serverFile)) as {
    readonly FakeJira: new(options: { readonly email: string; readonly apiToken: string }) => FakeJira
  }
  const fake = new module.FakeJira({ email: EMAIL, apiToken: API_TOKEN })
  for (const login of ["ana-m", "bokafor", "chenw", "dpetrova", "ehaddad", "faylq", "gtanaka"])
    fake.addAccount({ accountId: accountOf(login), displayName: login, accountType: "atlassian", timeZone: "America/Los_Angeles" })
  fake.addAccount({ accountId: REPORTER, displayName: "Kim User", accountType: "atlassian", timeZone: "UTC" })
  fake.addProject("SUP", "software")
  fake.addProject("PROD", "software")
  await fake.start()
  return fake
}

/** The example profile with every member's GitHub handle replaced by a Jira accountId. */
export const jiraProfile = (example: string): string =>
  readFileSync(example, "utf8").replace(/handles: \{ github: ([a-z-]+) \}/g, (_, login: string) => `handles: { jira: "${accountOf(login)}" }`)

/** The profile's tracker section pointing at the fake (retries off: the fake has no faults here). */
export const jiraSection = (url: string): string => `
tracker:
  kind: jira
  site: ${url}
  sources:
    - { project: SUP }
  product: { project: PROD, linkType: Relates }
  retry: false
`

/** The environment with the bot's credentials (the site comes from the profile). */
export const jiraEnv = { JIRA_EMAIL: EMAIL, JIRA_API_TOKEN: API_TOKEN, JIRA_SITE_URL: undefined, JIRA_OAUTH_TOKEN: undefined } as const
