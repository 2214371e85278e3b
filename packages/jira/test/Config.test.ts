import { Types } from "@sre-uxdd/core"
import { Effect, Redacted } from "effect"
import { describe, expect, it } from "vitest"
import * as Config from "../src/Config.js"

const roster = [{ member: "ada", accountId: "557058:ada" }]

describe("Config.decodeSync", () => {
  it("accepts a project and/or labels, an optional JQL filter, and a product project", () => {
    const c = Config.decodeSync({
      sources: [{ project: "SUP" }, { labels: ["help", "support"], jql: "status != Done" }],
      product: { project: "PROD", linkType: "Blocks" },
      roster
    })
    expect(c.sources.map(Config.sourceName)).toEqual(["project:SUP", "labels:help,support+jql"])
  })

  it("names the path of every problem", () => {
    const decode = () =>
      Config.decodeSync({
        sources: [{}, { project: "sup" }, { labels: ["two words"] }, { project: "SUP", jql: "x ORDER BY created" }],
        product: { project: "" },
        roster: [{ member: "ada" }],
        pageSize: 500
      })
    expect(decode).toThrow(Types.ValidationError)
    const message = (() => {
      try {
        decode()
      } catch (e) {
        return (e as Error).message
      }
    })()
    expect(message).toContain("sources[0]: a source needs a project or labels (or both)")
    expect(message).toContain("sources[1].project: expected a Jira project key")
    expect(message).toContain("sources[2].labels[0]: expected a Jira label (no spaces)")
    expect(message).toContain("sources[3].jql: expected a JQL condition without ORDER BY")
    expect(message).toContain("product.project")
    expect(message).toContain("roster[0].accountId")
    expect(message).toContain("pageSize")
  })
})

describe("Config.credentialsFromEnv", () => {
  it("reads an e-mail and API token, or an OAuth token, keeping the secret redacted", async () => {
    const c = await Effect.runPromise(
      Config.credentialsFromEnv({ JIRA_SITE_URL: "https://example.atlassian.net/", JIRA_EMAIL: "bot@example.org", JIRA_API_TOKEN: "s3cret-value" })
    )
    expect(c).toMatchObject({ _tag: "ApiToken", site: "https://example.atlassian.net", email: "bot@example.org" })
    expect(String(c.token)).not.toContain("s3cret-value")
    expect(JSON.stringify(c)).not.toContain("s3cret-value")
    expect(Redacted.value(c.token)).toBe("s3cret-value")
    const o = await Effect.runPromise(Config.credentialsFromEnv({ JIRA_SITE_URL: "https://api.atlassian.com/ex/jira/abc", JIRA_OAUTH_TOKEN: "oauth-value" }))
    expect(o._tag).toBe("OAuth")
  })

  it("names the missing variables and never echoes a value", async () => {
    const r = await Effect.runPromise(
      Effect.result(Config.credentialsFromEnv({ JIRA_SITE_URL: "ftp://x", JIRA_EMAIL: "not-an-email-s3cret", JIRA_API_TOKEN: "" }))
    )
    expect(r._tag).toBe("Failure")
    const message = r._tag === "Failure" ? r.failure.message : ""
    expect(message).toContain("JIRA_SITE_URL: expected an http(s) URL")
    expect(message).toContain("JIRA_EMAIL")
    expect(message).toContain("JIRA_API_TOKEN: is not set")
    expect(message).not.toContain("s3cret")
  })
})
