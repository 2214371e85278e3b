import { describe, expect, it } from "vitest"
import { Types } from "@sre-uxdd/core"
import { Options } from "../src/index.js"
import * as client from "../src/internal/client.js"

const problems = (input: unknown): ReadonlyArray<string> => {
  try {
    Options.decodeSync(input)
    return []
  } catch (e) {
    if (!(e instanceof Types.ValidationError)) throw e
    return e.problems.map((p) => `${p.path}: ${p.message}`)
  }
}

describe("Options.decodeSync", () => {
  it("accepts several sources at once, a product repository and the roster", () => {
    const o = Options.decodeSync({
      sources: [{ kind: "issues", repo: "visit-dav/support" }, { kind: "issues", repo: "visit-dav/visit", label: "SRE" }, {
        kind: "discussions",
        repo: "visit-dav/visit",
        category: "Q&A",
        label: "SRE"
      }],
      product: { repo: "visit-dav/visit" },
      members: [{ id: "ada", login: "ada-l" }]
    })
    expect(o.sources.map(Options.sourceName)).toEqual([
      "issues:visit-dav/support",
      "issues:visit-dav/visit?label=SRE",
      "discussions:visit-dav/visit?category=Q%26A&label=SRE"
    ])
  })

  it("names the path of every problem", () => {
    expect(problems({ sources: [{ kind: "issues", repo: "nope" }], members: [] })).toEqual([
      "sources[0].repo: expected a repository as owner/name, e.g. visit-dav/support, got \"nope\""
    ])
    expect(problems({ sources: [], members: [] })[0]).toMatch(/^sources: /)
    expect(problems({ sources: [{ kind: "wiki", repo: "a/b" }], members: [] })[0]).toMatch(/^sources\[0\]/)
    expect(
      problems({
        sources: [{ kind: "issues", repo: "a/b" }, { kind: "issues", repo: "a/b" }],
        members: [{ id: "ada", login: "Ada" }, { id: "bob", login: "ada" }],
        baseUrl: "not a url"
      })
    ).toEqual([
      "members[1].login: login \"ada\" is already used by members[0]",
      "sources[1]: the same source as sources[0] (issues:a/b)",
      "baseUrl: expected an absolute URL, got \"not a url\""
    ])
  })
})

describe("client.endpoints", () => {
  const o = Options.decodeSync({ sources: [{ kind: "issues", repo: "a/b" }], members: [] })
  it("defaults to github.com", () => expect(client.endpoints(o, {})).toEqual({ rest: "https://api.github.com", graphql: "https://api.github.com/graphql" }))
  it("reads GITHUB_API_URL and GITHUB_GRAPHQL_URL as GitHub Actions sets them (Enterprise Server)", () => {
    expect(client.endpoints(o, { GITHUB_API_URL: "https://ghe.example.org/api/v3", GITHUB_GRAPHQL_URL: "https://ghe.example.org/api/graphql" })).toEqual({
      rest: "https://ghe.example.org/api/v3",
      graphql: "https://ghe.example.org/api/graphql"
    })
    expect(client.endpoints(o, { GITHUB_API_URL: "https://ghe.example.org/api/v3" }).graphql).toBe("https://ghe.example.org/api/graphql")
  })
  it("options win over the environment", () => {
    expect(client.endpoints({ ...o, baseUrl: "http://127.0.0.1:1", graphqlUrl: "http://127.0.0.1:1/gql" }, { GITHUB_API_URL: "https://x" })).toEqual({
      rest: "http://127.0.0.1:1",
      graphql: "http://127.0.0.1:1/gql"
    })
  })
})
