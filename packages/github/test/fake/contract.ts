// GitHub's published contracts as test oracles: REST from @octokit/openapi
// (generated/api.github.com.json only, never the package's index, which loads all ten
// descriptions) and GraphQL from @octokit/graphql-schema. Nothing here is written from the
// adapter's point of view.
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { dirname, join } from "node:path"
import { Ajv, type ValidateFunction } from "ajv"
import addFormatsModule from "ajv-formats"
import { buildSchema, type GraphQLSchema } from "graphql"

// the packages' `exports` hide their data files from `require.resolve`: read them from the package folder
export const pkgFile = (name: string, file: string): string => join(dirname(fileURLToPath(import.meta.url)), "..", "..", "node_modules", name, file)
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [k: string]: Json }
type Obj = { [k: string]: Json }

export interface Operation {
  readonly method: string
  readonly path: string
  readonly operationId: string
  readonly regex: RegExp
  readonly names: ReadonlyArray<string>
  readonly op: Obj
}

// OpenAPI 3.0's `nullable` is not JSON Schema: rewrite it, and point every local $ref at
// the whole document added to ajv under the id "gh".
const rewrite = (node: Json): Json => {
  if (Array.isArray(node)) return node.map(rewrite)
  if (node === null || typeof node !== "object") return node
  const out: Obj = {}
  for (const [k, v] of Object.entries(node as Obj)) {
    if (k === "$ref" && typeof v === "string" && v.startsWith("#/")) out[k] = `gh${v}`
    else if (k !== "nullable" && k !== "example" && k !== "examples" && k !== "discriminator") out[k] = rewrite(v)
  }
  if ((node as Obj)["nullable"] === true) {
    if (typeof out["type"] === "string") {
      out["type"] = [out["type"], "null"]
      if (Array.isArray(out["enum"])) out["enum"] = [...(out["enum"] as ReadonlyArray<Json>), null]
      return out
    }
    return { anyOf: [out, { type: "null" }] }
  }
  return out
}

let loaded: RestContract | undefined

export class RestContract {
  readonly spec: Obj
  readonly operations: ReadonlyArray<Operation>
  private readonly ajv: Ajv
  private readonly compiled = new Map<string, ValidateFunction>()

  static load(): RestContract {
    loaded ??= new RestContract()
    return loaded
  }

  private constructor() {
    const file = pkgFile("@octokit/openapi", "generated/api.github.com.json")
    this.spec = rewrite(JSON.parse(readFileSync(file, "utf8")) as Json) as Obj
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, addUsedSchema: false })
    addFormats(this.ajv)
    this.ajv.addSchema(this.spec as object, "gh")
    const ops: Array<Operation> = []
    for (const [path, item] of Object.entries(this.spec["paths"] as Obj)) {
      for (const [method, op] of Object.entries(item as Obj)) {
        if (!["get", "post", "put", "patch", "delete"].includes(method)) continue
        const names: Array<string> = []
        const regex = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{([^}]+)\}/g, (_, n: string) => (names.push(n), "([^/]+)"))}$`)
        ops.push({ method: method.toUpperCase(), path, operationId: String((op as Obj)["operationId"]), regex, names, op: op as Obj })
      }
    }
    this.operations = ops
  }

  find(method: string, pathname: string): { readonly operation: Operation; readonly params: { readonly [k: string]: string } } | undefined {
    // prefer the template with the fewest parameters (`/issues/comments` over `/issues/{issue_number}`)
    const hits = this.operations.filter((o) => o.method === method && o.regex.test(pathname)).sort((a, b) => a.names.length - b.names.length)
    const operation = hits[0]
    if (operation === undefined) return undefined
    const m = operation.regex.exec(pathname)
    const params: { [k: string]: string } = {}
    operation.names.forEach((n, i) => (params[n] = decodeURIComponent(m?.[i + 1] ?? "")))
    return { operation, params }
  }

  byId(operationId: string): Operation | undefined {
    return this.operations.find((o) => o.operationId === operationId)
  }

  private validator(key: string, schema: Json): ValidateFunction {
    let v = this.compiled.get(key)
    if (v === undefined) {
      v = this.ajv.compile(schema as object)
      this.compiled.set(key, v)
    }
    return v
  }

  private deref(node: Json): Obj {
    let n = node as Obj
    while (typeof n["$ref"] === "string") {
      const path = (n["$ref"] as string).replace(/^gh#\//, "").split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
      n = path.reduce<Json>((acc, p) => (acc as Obj)[p] ?? null, this.spec) as Obj
    }
    return n
  }

  /** Problems with a request: unknown query parameters, bad values, a bad body. */
  checkRequest(
    operation: Operation,
    pathParams: { readonly [k: string]: string },
    query: URLSearchParams,
    body: unknown,
    allowedExtraQuery: ReadonlyArray<string> = []
  ): ReadonlyArray<string> {
    const problems: Array<string> = []
    const params = ((operation.op["parameters"] ?? []) as ReadonlyArray<Json>).map((p) => this.deref(p))
    for (const p of params) {
      const name = String(p["name"])
      const where = String(p["in"])
      const raw = where === "path" ? pathParams[name] : where === "query" ? (query.get(name) ?? undefined) : undefined
      if (where === "query" || where === "path") {
        if (raw === undefined) {
          if (p["required"] === true) problems.push(`${where} parameter ${name} is required`)
          continue
        }
        const schema = p["schema"] as Obj
        const value = coerce(raw, this.deref(schema))
        const v = this.validator(`${operation.operationId}:param:${name}`, schema)
        if (!v(value)) problems.push(`${where} parameter ${name}=${JSON.stringify(raw)}: ${this.ajv.errorsText(v.errors)}`)
      }
    }
    const known = new Set(params.filter((p) => p["in"] === "query").map((p) => String(p["name"])))
    for (const name of query.keys())
      if (!known.has(name) && !allowedExtraQuery.includes(name)) problems.push(`query parameter ${name} is not in ${operation.operationId}`)
    const rb = operation.op["requestBody"] as Obj | undefined
    if (rb !== undefined) {
      const content = (this.deref(rb)["content"] as Obj | undefined)?.["application/json"] as Obj | undefined
      if (content !== undefined) {
        if (body === undefined) {
          if (this.deref(rb)["required"] === true) problems.push("request body is required")
        } else {
          const v = this.validator(`${operation.operationId}:body`, content["schema"] as Json)
          if (!v(body)) problems.push(`request body: ${this.ajv.errorsText(v.errors)}`)
        }
      }
    } else if (body !== undefined && operation.method !== "GET") problems.push(`${operation.operationId} takes no request body`)
    return problems
  }

  /** Problems with a response: an undocumented status, a body that does not match its schema. */
  checkResponse(operation: Operation, status: number, body: unknown): ReadonlyArray<string> {
    const responses = operation.op["responses"] as Obj
    const r = responses[String(status)]
    if (r === undefined) return [`status ${status} is not documented for ${operation.operationId}`]
    const content = (this.deref(r)["content"] as Obj | undefined)?.["application/json"] as Obj | undefined
    if (content === undefined) return body === undefined || body === "" ? [] : [`status ${status} of ${operation.operationId} has no body in the spec`]
    const v = this.validator(`${operation.operationId}:${status}`, content["schema"] as Json)
    return v(body) ? [] : [`response ${status}: ${this.ajv.errorsText(v.errors, { separator: "; " }).slice(0, 2000)}`]
  }

  /** Problems with a webhook payload against its schema in @octokit/openapi-webhooks. */
}

const coerce = (raw: string, schema: Obj): unknown => {
  const type = schema["type"]
  const types = Array.isArray(type) ? type : [type]
  if (types.includes("integer") || types.includes("number")) {
    const n = Number(raw)
    return Number.isFinite(n) && raw.trim() !== "" ? n : raw
  }
  if (types.includes("boolean")) return raw === "true" ? true : raw === "false" ? false : raw
  return raw
}

let gql: GraphQLSchema | undefined

/** The GraphQL schema (its SDL repeats some fields and deprecates `Project.id` against `Node.id`, which graphql 17 rejects: hence `assumeValidSDL` and `assumeValid`; documents are still validated against it). */
export const graphqlSchema = (): GraphQLSchema => {
  gql ??= buildSchema(readFileSync(pkgFile("@octokit/graphql-schema", "schema.graphql"), "utf8"), { assumeValidSDL: true, assumeValid: true })
  return gql
}

let hooks: { readonly ajv: Ajv; readonly spec: Obj } | undefined

/** Problems with a webhook payload, checked against `@octokit/openapi-webhooks` 12.1.0. */
export const checkWebhook = (name: string, payload: unknown): ReadonlyArray<string> => {
  if (hooks === undefined) {
    const spec = rewrite(JSON.parse(readFileSync(pkgFile("@octokit/openapi-webhooks", "generated/api.github.com.json"), "utf8")) as Json) as Obj
    const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, addUsedSchema: false })
    addFormats(ajv)
    ajv.addSchema(spec as object, "gh")
    hooks = { ajv, spec }
  }
  const hook = (hooks.spec["webhooks"] as Obj)[name] as Obj | undefined
  if (hook === undefined) return [`no webhook named ${name}`]
  const schema = ((((hook["post"] as Obj)["requestBody"] as Obj)["content"] as Obj)["application/json"] as Obj)["schema"] as Json
  const v = hooks.ajv.compile(schema as object)
  return v(payload) ? [] : [hooks.ajv.errorsText(v.errors)]
}
