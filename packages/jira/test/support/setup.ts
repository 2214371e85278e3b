/** One fake Jira site and the adapter configured against it, shared by the tests. */
import type { Types } from "@sre-uxdd/core"
import { Redacted } from "effect"
import * as Config from "../../src/Config.js"
import type * as JiraTracker from "../../src/JiraTracker.js"
import { type Account, FakeJira } from "./fakeJira.js"

export const accounts = {
  ada: { accountId: "557058:ada-0001", displayName: "Ada", accountType: "atlassian", timeZone: "Europe/Berlin" },
  bob: { accountId: "557058:bob-0002", displayName: "Bob", accountType: "atlassian", timeZone: "America/Los_Angeles" },
  cy: { accountId: "557058:cy-0003", displayName: "Cy", accountType: "atlassian", timeZone: "Asia/Kolkata" },
  ann: { accountId: "712020:ann-user", displayName: "Ann User", accountType: "atlassian", timeZone: "UTC" },
  customer: { accountId: "qm:customer-77", displayName: "A Customer", accountType: "customer", timeZone: "UTC" },
  automation: { accountId: "557058:automation-app", displayName: "Automation for Jira", accountType: "app", timeZone: "UTC" }
} as const satisfies { readonly [name: string]: Account }

export const token = "tok-SENTINEL-1f3a9c"
export const email = "sre-bot@example.org"

export const roster = [
  { member: "ada" as Types.MemberId, accountId: accounts.ada.accountId },
  { member: "bob" as Types.MemberId, accountId: accounts.bob.accountId },
  { member: "cy" as Types.MemberId, accountId: accounts.cy.accountId }
]

export const makeFake = async (): Promise<FakeJira> => {
  const fake = new FakeJira({ email, apiToken: token })
  for (const a of Object.values(accounts)) fake.addAccount(a)
  fake.addProject("SUP", "software")
  fake.addProject("DESK", "service_desk")
  fake.addProject("PROD", "software")
  await fake.start()
  return fake
}

export const configInput = {
  sources: [{ project: "SUP" }, { project: "DESK", name: "desk" }],
  product: { project: "PROD" },
  roster
}

export const options = (fake: FakeJira, overrides: Partial<JiraTracker.Options> = {}): JiraTracker.Options => ({
  config: Config.decodeSync(configInput),
  credentials: { _tag: "ApiToken", site: fake.url, email, token: Redacted.make(token) },
  onSchemaMismatch: "throw",
  ...overrides
})
