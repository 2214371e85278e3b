// Every operation the adapter uses exists in the pinned spec (and is not deprecated), and the
// copies of the vendor's contracts are the ones in /work/shared/contracts (by checksum).
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import { gunzipSync } from "node:zlib"
import { describe, expect, it } from "vitest"
import { operationOf, spec } from "./support/contract.js"

const source = readFileSync(new URL("../src/internal/adapter.ts", import.meta.url), "utf8") +
  readFileSync(new URL("../src/internal/client.ts", import.meta.url), "utf8")

/** The operations the adapter sends, as `METHOD /path` (path parameters filled with a sample). */
const used = [
  ["GET", "/rest/api/3/myself", "getCurrentUser"],
  ["POST", "/rest/api/3/search/jql", "searchAndReconsileIssuesUsingJqlPost"],
  ["GET", "/rest/api/3/issue/SUP-1", "getIssue"],
  ["GET", "/rest/api/3/issue/SUP-1/comment", "getComments"],
  ["POST", "/rest/api/3/comment/list", "getCommentsByIds"],
  ["POST", "/rest/api/3/changelog/bulkfetch", "getBulkChangelogs"],
  ["GET", "/rest/api/3/project/SUP", "getProject"],
  ["POST", "/rest/api/3/issue/SUP-1/comment", "addComment"],
  ["PUT", "/rest/api/3/issue/SUP-1/assignee", "assignIssue"],
  ["PUT", "/rest/api/3/issue/SUP-1", "editIssue"],
  ["GET", "/rest/api/3/issue/SUP-1/transitions", "getTransitions"],
  ["POST", "/rest/api/3/issue/SUP-1/transitions", "doTransition"],
  ["POST", "/rest/api/3/issue", "createIssue"],
  ["POST", "/rest/api/3/issueLink", "linkIssues"]
] as const

describe("the pinned Jira platform spec", () => {
  it.each(used)("has %s %s (%s), not deprecated", (method, path, operationId) => {
    const op = operationOf(method, path)
    expect(op?.operationId).toBe(operationId)
    expect(op?.op["deprecated"]).not.toBe(true)
  })

  it("lists every request the adapter's code names", () => {
    const named = [...source.matchAll(/"(GET|POST|PUT|DELETE) (\/rest\/api\/3\/[^"`$]*)/g)].map((m) => `${m[1]} ${m[2]}`)
    const spelled = new Set(used.map(([m, p]) => `${m} ${p.replace(/SUP-1|SUP$/, "")}`))
    for (const n of named) expect([...spelled].some((s) => s.startsWith(n.replace(/\/$/, "")) || n.startsWith(s)), n).toBe(true)
    expect(named.length).toBeGreaterThan(5)
  })

  it("marks the old search as deprecated and has /search/jql", () => {
    expect(spec.paths["/rest/api/3/search"]?.["get"]?.["deprecated"]).toBe(true)
    expect(spec.paths["/rest/api/3/search/jql"]).toBeDefined()
  })

  it("is the copy of /work/shared/contracts recorded in SHA256SUMS", () => {
    const sums = readFileSync(new URL("./contracts/SHA256SUMS", import.meta.url), "utf8")
    const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex")
    const openapi = sha(gunzipSync(readFileSync(new URL("./contracts/jira-platform-v3.openapi.json.gz", import.meta.url))))
    const adf = sha(readFileSync(new URL("./contracts/adf-schema-v1-full.json", import.meta.url)))
    expect(sums).toContain(`${openapi}  /work/shared/contracts/jira-platform-v3.openapi.json`)
    expect(sums).toContain(`${adf}  /work/shared/contracts/adf-schema-v1-full.json`)
  })
})
