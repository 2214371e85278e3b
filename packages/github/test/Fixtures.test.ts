// Replays of @octokit/fixtures 23.1.2 recordings that touch issues and labels, through the
// adapter's client (octokit + throttling + retry + the conditional-request hook) with nock
// 15 (the package's own `mock()` uses nock 13, which does not see octokit 22's fetch).
// The recorded responses are also checked against today's REST description: the drift is
// written down, not hidden.
import { readFileSync } from "node:fs"
import nock from "nock"
import { Effect, Exit } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import * as client from "../src/internal/client.js"
import * as I from "../src/internal/issues.js"
import { Options } from "../src/index.js"
import { pkgFile, RestContract } from "./fake/contract.js"

interface Recorded {
  readonly scope: string
  readonly method: string
  readonly path: string
  readonly status: number
  readonly body?: unknown
  readonly reqheaders?: { readonly [k: string]: unknown }
  readonly response: unknown
  readonly headers: { readonly [k: string]: string }
}
const FIXTURE_TOKEN = "0000000000000000000000000000000000000001"
const load = (name: string): ReadonlyArray<Recorded> =>
  JSON.parse(readFileSync(pkgFile("@octokit/fixtures", `scenarios/api.github.com/${name}/normalized-fixture.json`), "utf8")) as ReadonlyArray<Recorded>
const define = (name: string) => {
  const recorded = load(name).map((r) => {
    const { "content-length": _l, host: _h, ...reqheaders } = r.reqheaders ?? {}
    // nock 15 replays response headers from `rawHeaders`
    return { ...r, reqheaders, rawHeaders: Object.entries(r.headers).flat() }
  })
  return nock.define(recorded as never)
}
const api = () =>
  client.make(
    Options.decodeSync({
      sources: [{ kind: "issues", repo: "octokit-fixture-org/paginate-issues" }],
      members: [],
      auth: { type: "token", token: FIXTURE_TOKEN },
      baseUrl: "https://api.github.com",
      throttle: false
    }),
    { retryAfterBaseValue: 1, env: {} }
  )

afterEach(() => {
  nock.cleanAll()
})

describe("@octokit/fixtures replays", () => {
  it("paginate-issues: follows the recorded Link headers exactly as given (/repositories/1000/…), 13 issues in 5 requests", async () => {
    nock.disableNetConnect()
    const scopes = define("paginate-issues")
    const a = api()
    const listing = await Effect.runPromise(
      I.listAll<{ readonly number: number }>(
        a,
        "GET /repos/{owner}/{repo}/issues",
        { owner: "octokit-fixture-org", repo: "paginate-issues", per_page: 3 },
        "auto"
      )
    )
    expect(listing.items.map((i) => i.number)).toEqual([13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1])
    expect(a.requests()).toBe(5)
    for (const s of scopes) expect(s.isDone()).toBe(true)
  })

  it("add-labels-to-issue: the created issue and the labels read back as the adapter checks them", async () => {
    nock.disableNetConnect()
    const scopes = define("add-labels-to-issue")
    const a = api()
    const recorded = load("add-labels-to-issue")
    const created = await Effect.runPromise(
      a.rest("POST /repos/{owner}/{repo}/issues", { owner: "octokit-fixture-org", repo: "add-labels-to-issue", ...(recorded[0]?.body as object) })
    )
    expect(created.status).toBe(201)
    const labels = await Effect.runPromise(
      a.rest("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", {
        owner: "octokit-fixture-org",
        repo: "add-labels-to-issue",
        issue_number: 1,
        ...(recorded[1]?.body as object)
      })
    )
    const names = (labels.data as ReadonlyArray<{ readonly name: string }>).map((l) => l.name)
    expect(names).toEqual((recorded[1]?.body as { readonly labels: ReadonlyArray<string> }).labels)
    for (const s of scopes) expect(s.isDone()).toBe(true)
  })

  it("errors: a recorded 422 becomes an invalid-request TrackerError with GitHub's message and without the token", async () => {
    nock.disableNetConnect()
    define("errors")
    const a = api()
    const recorded = load("errors")
    const exit = await Effect.runPromiseExit(
      a.rest("POST /repos/{owner}/{repo}/labels", { owner: "octokit-fixture-org", repo: "errors", ...(recorded[0]?.body as object) })
    )
    expect(Exit.isFailure(exit)).toBe(true)
    const text = JSON.stringify(exit)
    expect(text).toContain("invalid-request")
    expect(text).toContain("Validation Failed")
    expect(text).not.toContain(FIXTURE_TOKEN)
  })

  it("the recorded issue and label responses still match the REST description (drift outside them is listed)", () => {
    const contract = RestContract.load()
    const report: Array<string> = []
    for (const name of ["paginate-issues", "add-labels-to-issue", "labels", "lock-issue", "errors"]) {
      for (const r of load(name)) {
        const path = r.path.replace(/\?.*$/, "").replace(/^\/repositories\/1000/, `/repos/octokit-fixture-org/${name}`)
        const found = contract.find(r.method.toUpperCase(), path)
        if (found === undefined) {
          report.push(`${name}: ${r.method} ${r.path}: no operation`)
          continue
        }
        const problems = contract.checkResponse(found.operation, r.status, r.response === "" ? undefined : r.response)
        if (problems.length > 0) report.push(`${name}: ${found.operation.operationId} ${r.status}: ${problems.join("; ").slice(0, 160)}`)
      }
    }
    const issueOrLabel = report.filter((l) => /issues\/(list-for-repo|create|add-labels)|issues\/(create|update|delete)-label|issues\/get-label/.test(l))
    console.log(`fixture drift against @octokit/openapi 23.0.2:\n${report.join("\n") || "(none)"}`)
    expect(issueOrLabel).toEqual([])
  })
})
