// Shared set-up of the adapter tests: a fake GitHub with a support repository, a product
// repository and a discussions repository, three team members and their tokens.
import { Effect } from "effect"
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest"
import { GitHub, Options } from "../src/index.js"
import { FakeGitHub } from "./fake/server.js"

export const TOKEN = "ghp_SENTINEL_do_not_leak_7f3a9c"
export const READONLY = "ghp_readonly_token_for_tests_000"
export const members = [
  { id: "ada", login: "ada-l" },
  { id: "bob", login: "bobby" },
  { id: "cy", login: "cy-dev" }
] as const

export const baseOptions = (url: string, extra: Partial<Options.Options> = {}): Options.Options =>
  Options.decodeSync({
    sources: [
      { kind: "issues", repo: "visit-dav/support" },
      { kind: "discussions", repo: "visit-dav/visit", label: "SRE" }
    ],
    product: { repo: "visit-dav/visit" },
    members,
    auth: { type: "token", token: TOKEN },
    baseUrl: url,
    throttle: false,
    ...extra
  })

/** Starts a fake for the file; checks after every test that no request or response broke the contract. */
export const useFake = (): { readonly fake: FakeGitHub } => {
  const holder = { fake: new FakeGitHub() }
  beforeAll(async () => {
    await holder.fake.start()
  })
  afterAll(async () => {
    await holder.fake.stop()
  })
  beforeEach(() => {
    seed(holder.fake)
  })
  afterEach(() => {
    expect(holder.fake.violations.join("\n")).toBe("")
  })
  return holder
}

export const seed = (fake: FakeGitHub): void => {
  fake.reset()
  fake.repo("visit-dav/support")
  fake.repo("visit-dav/visit", [
    { name: "Q&A", answerable: true },
    { name: "Ideas", answerable: false }
  ])
  fake.token(TOKEN, { login: "sre-uxdd[bot]", push: true })
  fake.token(READONLY, { login: "outsider", push: false })
  for (const m of members) fake.account(m.login)
}

export const adapter = (fake: FakeGitHub, extra: Partial<Options.Options> = {}, tuning: GitHub.Tuning = {}): GitHub.Adapter =>
  Effect.runSync(GitHub.make(baseOptions(fake.url, extra), { retryAfterBaseValue: 1, env: {}, ...tuning }))

export const run = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(effect)
