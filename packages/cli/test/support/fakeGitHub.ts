// The fake GitHub of @sre-uxdd/github's tests, loaded from that package's test folder (it is
// not part of any published package), typed here by what these tests use.
import { join } from "node:path"

export interface FakeIssue {
  readonly number: number
  readonly title: string
  state: "open" | "closed"
  labels: Array<string>
  assignees: Array<string>
}

export interface FakeGitHub {
  url: string
  readonly violations: Array<string>
  readonly stats: { readonly requests: number; readonly routes: Array<string> }
  start(): Promise<string>
  stop(): Promise<void>
  reset(): void
  setTime(ms: number): void
  account(login: string): unknown
  token(token: string, info: { readonly login: string; readonly push: boolean }): void
  repo(full: string, categories?: ReadonlyArray<{ readonly name: string; readonly answerable: boolean }>): void
  openIssue(
    repo: string,
    input: { readonly title: string; readonly body?: string; readonly user: string; readonly at?: number; readonly labels?: ReadonlyArray<string> }
  ): FakeIssue
  addComment(repo: string, number: number, input: { readonly user: string; readonly body: string; readonly at?: number }): { readonly id: number }
  issue(repo: string, number: number): FakeIssue | undefined
  readonly comments: ReadonlyArray<{ readonly repo: string; readonly issue: number; readonly user: string; readonly body: string }>
}

const serverFile = join(import.meta.dirname, "..", "..", "..", "github", "test", "fake", "server.ts")

export const TOKEN = "ghp_SENTINEL_cli_do_not_leak_5c1e"

export const logins = ["ana-m", "bokafor", "chenw", "dpetrova", "ehaddad", "faylq", "gtanaka"] as const

/** A started fake with the support repository, the product repository, the members and the bot token. */
export const startFake = async (): Promise<FakeGitHub> => {
  const module = (await import(serverFile)) as { readonly FakeGitHub: new() => FakeGitHub }
  const fake = new module.FakeGitHub()
  await fake.start()
  seed(fake)
  return fake
}

export const seed = (fake: FakeGitHub): void => {
  fake.reset()
  fake.repo("visit-dav/support")
  fake.repo("visit-dav/visit", [{ name: "Q&A", answerable: true }])
  fake.token(TOKEN, { login: "sre-uxdd[bot]", push: true })
  for (const l of [...logins, "kim-user"]) fake.account(l)
}

/** The profile's tracker section pointing at the fake. */
export const trackerSection = (url: string): string => `
tracker:
  kind: github
  sources:
    - { kind: issues, repo: visit-dav/support }
  product: { repo: visit-dav/visit }
  baseUrl: ${url}
  graphqlUrl: ${url}/graphql
  throttle: false
`
