// Every REST operation and GraphQL field the adapter uses exists in the pinned schemas
// (@octokit/openapi 23.0.2, @octokit/graphql-schema 15.26.1), read from its sources, so a
// schema change or a typo fails here rather than on GitHub.
import { readdirSync, readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { parse, validate } from "graphql"
import { describe, expect, it } from "vitest"
import { documents } from "../src/internal/discussions.js"
import { graphqlSchema, RestContract } from "./fake/contract.js"

const src = join(dirname(fileURLToPath(import.meta.url)), "..", "src")
const files = (dir: string): ReadonlyArray<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))
const routes = [
  ...new Set(files(src).flatMap((f) => [...readFileSync(f, "utf8").matchAll(/"(GET|POST|PUT|PATCH|DELETE) (\/[^"?\s]*)"/g)].map((m) => `${m[1]} ${m[2]}`)))
].sort()

describe("the adapter's use of GitHub's schemas", () => {
  it("every REST route in the sources is an operation of the REST description", () => {
    const contract = RestContract.load()
    expect(routes.length).toBeGreaterThanOrEqual(14)
    // POST /graphql is GraphQL's endpoint, checked by the next test
    const missing = routes.filter((r) => r !== "POST /graphql").filter((r) => {
      const [method, path] = r.split(" ") as [string, string]
      return !contract.operations.some((o) => o.method === method && o.path === path)
    })
    expect(missing).toEqual([])
  })

  it("every GraphQL document validates against the GraphQL schema", () => {
    const schema = graphqlSchema()
    const problems = Object.entries(documents).flatMap(([name, doc]) => validate(schema, parse(doc)).map((e) => `${name}: ${e.message}`))
    expect(Object.keys(documents).length).toBe(10)
    expect(problems).toEqual([])
  })

  it("a document with a field GitHub does not have is caught (the check can fail)", () => {
    const bad = documents.one.replace("stateReason", "state_reason")
    expect(validate(graphqlSchema(), parse(bad)).map((e) => e.message).join()).toMatch(/state_reason/)
  })
})
