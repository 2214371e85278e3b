/**
 * The vendor's contracts, loaded for the fake and the tests: Atlassian's OpenAPI description
 * of the Jira Cloud platform REST API v3 (December 2025 copy, gzipped) and the ADF JSON
 * schema from `@atlaskit/adf-schema` 57.7.22. Both are copied from `/work/shared/contracts`
 * (see `SHA256SUMS`) so that the tests run where that folder does not exist.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv"
import { readFileSync } from "node:fs"
import { gunzipSync } from "node:zlib"
import { must } from "./must.js"

const dir = new URL("../contracts/", import.meta.url)

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [k: string]: Json }
type Obj = { [k: string]: unknown }

/** The whole spec, as Atlassian published it. */
export const spec: {
  readonly paths: { readonly [path: string]: { readonly [method: string]: Obj } }
  readonly components: { readonly schemas: { readonly [name: string]: Json } }
} = JSON.parse(gunzipSync(readFileSync(new URL("jira-platform-v3.openapi.json.gz", dir))).toString("utf8"))

export const adfSchema: Obj = JSON.parse(readFileSync(new URL("adf-schema-v1-full.json", dir), "utf8"))

// OpenAPI 3.0's `nullable` is not JSON Schema: rewrite it (the spec uses it next to `$ref`
// and `allOf` too) into a type list or an `anyOf` with null.
const rewriteNullable = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(rewriteNullable)
  if (node === null || typeof node !== "object") return node
  const out: Obj = {}
  for (const [k, v] of Object.entries(node)) {
    if (k === "nullable" || k === "example" || k === "examples" || k === "xml" || k === "externalDocs" || k === "discriminator" || k.startsWith("x-")) continue
    out[k] = rewriteNullable(v)
  }
  if ((node as Obj)["nullable"] === true) {
    if (typeof out["type"] === "string" && out["$ref"] === undefined && out["allOf"] === undefined) return { ...out, type: [out["type"], "null"] }
    return { anyOf: [out, { type: "null" }] }
  }
  return out
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false })
ajv.addSchema({ $id: "jira", components: rewriteNullable(spec.components) as Obj }, "jira")
const { $schema: _ignored, ...adfBody } = adfSchema
ajv.addSchema({ ...adfBody, $id: "adf" }, "adf")

const compiled = new Map<string, ValidateFunction>()
const validatorOf = (schema: unknown): ValidateFunction => {
  const text = JSON.stringify(schema)
  let v = compiled.get(text)
  if (v === undefined) {
    // references inside the operation's schema point at #/components: resolve them in "jira"
    v = ajv.compile(JSON.parse(text.replace(/"#\/components\//g, "\"jira#/components/")))
    compiled.set(text, v)
  }
  return v
}

const describe = (errors: ReadonlyArray<ErrorObject> | null | undefined): string =>
  (errors ?? []).slice(0, 5).map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`).join("; ")

/** Problems of a value against a schema of the spec (empty when it is valid). */
export const problems = (schema: unknown, value: unknown): string | undefined => {
  const v = validatorOf(schema)
  return v(value) ? undefined : describe(v.errors)
}

const adfValidator = must(ajv.getSchema("adf"))
/** Problems of an ADF document (empty when it is valid). */
export const adfProblems = (doc: unknown): string | undefined => (adfValidator(doc) ? undefined : describe(adfValidator.errors))

/** A spec path template as a regular expression, e.g. `/rest/api/3/issue/{issueIdOrKey}`. */
const templates = Object.keys(spec.paths)
  .map((t) => ({ template: t, re: new RegExp(`^${t.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "([^/]+)")}$`), literal: t.replace(/\{[^}]+\}/g, "").length }))
  // the most literal template wins (`/issue/picker` before `/issue/{issueIdOrKey}`)
  .sort((a, b) => b.literal - a.literal)

export interface Operation {
  readonly template: string
  readonly method: string
  readonly operationId: string
  readonly op: Obj
  readonly params: { readonly [name: string]: string }
}

/** The spec operation a request goes to, with its path parameters. */
export const operationOf = (method: string, path: string): Operation | undefined => {
  for (const t of templates) {
    const m = t.re.exec(path)
    if (m === null) continue
    const op = spec.paths[t.template]?.[method.toLowerCase()]
    if (op === undefined) continue
    const names = [...t.template.matchAll(/\{([^}]+)\}/g)].map((x) => x[1] ?? "")
    const params: { [k: string]: string } = {}
    names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1] ?? "")))
    return { template: t.template, method: method.toUpperCase(), operationId: String(op["operationId"]), op, params }
  }
  return undefined
}

/** The problems of a request against its operation: unknown query parameters, enum values, body schema. */
export const requestProblems = (operation: Operation, query: URLSearchParams, body: unknown): ReadonlyArray<string> => {
  const out: Array<string> = []
  const declared = (operation.op["parameters"] as ReadonlyArray<{ name: string; in: string; schema?: unknown; required?: boolean }> | undefined) ?? []
  for (const name of new Set(query.keys())) {
    const p = declared.find((d) => d.in === "query" && d.name === name)
    if (p === undefined) {
      out.push(`query parameter ${name} is not in the spec`)
      continue
    }
    const schema = p.schema as Obj | undefined
    if (schema !== undefined && schema["type"] === "integer") {
      for (const v of query.getAll(name)) if (!/^-?\d+$/.test(v)) out.push(`query ${name}=${v}: expected an integer`)
    }
    if (schema !== undefined && Array.isArray(schema["enum"])) {
      for (const v of query.getAll(name))
        if (!(schema["enum"] as ReadonlyArray<unknown>).includes(v)) out.push(`query ${name}=${v}: not in ${JSON.stringify(schema["enum"])}`)
    }
  }
  for (const d of declared) if (d.in === "query" && d.required === true && !query.has(d.name)) out.push(`query parameter ${d.name} is required`)
  const rb = operation.op["requestBody"] as { content?: { [t: string]: { schema?: unknown } }; required?: boolean } | undefined
  const schema = rb?.content?.["application/json"]?.schema
  if (body !== undefined && schema !== undefined) {
    const p = problems(schema, body)
    if (p !== undefined) out.push(`request body: ${p}`)
  } else if (body === undefined && rb?.required === true) out.push("request body is required")
  return out
}

/** The problems of a response against its operation's declared status and schema. */
export const responseProblems = (operation: Operation, status: number, body: unknown): ReadonlyArray<string> => {
  const responses = operation.op["responses"] as { [code: string]: { content?: { [t: string]: { schema?: unknown } } } }
  const r = responses[String(status)] ?? responses["default"]
  if (r === undefined) return [`status ${status} is not declared for ${operation.operationId}`]
  const schema = r.content?.["application/json"]?.schema
  if (schema === undefined || body === undefined) return []
  const p = problems(schema, body)
  return p === undefined ? [] : [`response ${status}: ${p}`]
}
