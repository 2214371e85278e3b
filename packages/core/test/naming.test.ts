// The naming rule of the public API (docs/architecture.md): an error class ends in `Error`
// and its `_tag` is its name; a bare function name returns an Effect, `…Sync` throws and
// returns the plain value, `…Result` returns a Result, and there is no `…Effect` variant.
import { fileURLToPath } from "node:url"
import ts from "typescript"
import { describe, expect, it } from "vitest"
import * as Core from "../src/index.js"

const modules = Object.entries(Core) as ReadonlyArray<readonly [string, Record<string, unknown>]>

const tagOf = (c: unknown): unknown => (c as { fields?: { _tag?: { ast?: { literal?: unknown } } } }).fields?._tag?.ast?.literal

describe("error classes", () => {
  const errors = modules.flatMap(([module, exports]) =>
    Object.entries(exports)
      .filter(([, value]) => typeof value === "function" && (value as { prototype?: unknown }).prototype instanceof Error)
      .map(([name, value]) => ({ where: `${module}.${name}`, name, className: (value as { name: string }).name, tag: tagOf(value) }))
  )

  it("are found in the public modules", () => {
    expect(errors.map((e) => e.where)).toEqual(expect.arrayContaining(["Rotation.NoOneAvailableError", "Inquiry.ReplayError", "Types.ValidationError"]))
  })

  it("end in Error, and their _tag and class name are the exported name", () => {
    const wrong = errors.filter((e) => !e.name.endsWith("Error") || e.tag !== e.name || e.className !== e.name)
    expect(wrong).toEqual([])
  })

  it("have tags unique across the package, so catchTag cannot confuse two of them", () => {
    const tags = errors.map((e) => e.tag)
    expect(new Set(tags).size).toBe(tags.length)
  })
})

describe("function variants: bare = Effect, Sync = throws, Result = Result", () => {
  const index = fileURLToPath(new URL("../src/index.ts", import.meta.url))
  const config = ts.getParsedCommandLineOfConfigFile(fileURLToPath(new URL("../tsconfig.json", import.meta.url)), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"))
    }
  })
  const program = ts.createProgram([index], { ...config?.options, noEmit: true, composite: false, declaration: false, incremental: false })
  const checker = program.getTypeChecker()
  const indexSymbol = checker.getSymbolAtLocation(program.getSourceFile(index) as ts.SourceFile) as ts.Symbol

  /** The name of what each exported function returns (`Effect`, `Result`, or another type's text). */
  const functions = checker.getExportsOfModule(indexSymbol).flatMap((namespace) => {
    const target = namespace.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(namespace) : namespace
    return checker.getExportsOfModule(target).flatMap((member) => {
      const symbol = member.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(member) : member
      const declaration = symbol.valueDeclaration
      if (declaration === undefined) return []
      const signatures = checker.getTypeOfSymbolAtLocation(symbol, declaration).getCallSignatures()
      if (signatures.length === 0 || symbol.flags & ts.SymbolFlags.Class) return []
      // A factory such as `Types.decoder(schema)` is judged by the function it makes.
      const named = (s: ts.Signature): ReadonlyArray<string> => {
        const type = checker.getReturnTypeOfSignature(s)
        const inner = type.getCallSignatures()
        if (inner.length > 0 && type.aliasSymbol === undefined) return inner.flatMap(named)
        return [type.aliasSymbol?.getName() ?? type.getSymbol()?.getName() ?? checker.typeToString(type)]
      }
      const returns = signatures.flatMap(named)
      return [{ module: namespace.getName(), name: member.getName(), returns }]
    })
  })
  const byName = new Map(functions.map((f) => [`${f.module}.${f.name}`, f]))
  const isEffect = (f: { readonly returns: ReadonlyArray<string> }) => f.returns.every((r) => r === "Effect")
  const isResult = (f: { readonly returns: ReadonlyArray<string> }) => f.returns.every((r) => r === "Result")

  it("finds the exported functions", () => {
    expect(byName.get("Rotation.plan")?.returns).toEqual(["Effect"])
    expect(byName.get("Postmortem.draft")?.returns).toEqual(["Effect"])
    expect(byName.get("Rotation.planSync")?.returns).toEqual(["Schedule"])
    expect(byName.get("Types.decoder")?.returns).toEqual(["Effect"])
  })

  it("has no …Effect variant", () => {
    expect(functions.filter((f) => f.name.endsWith("Effect")).map((f) => `${f.module}.${f.name}`)).toEqual([])
  })

  it("a …Sync function returns the plain value and its bare sibling (if any) returns an Effect", () => {
    const wrong = functions
      .filter((f) => f.name.endsWith("Sync"))
      .flatMap((f) => {
        const bare = byName.get(`${f.module}.${f.name.slice(0, -"Sync".length)}`)
        return [
          ...(f.returns.some((r) => r === "Effect" || r === "Result") ? [`${f.module}.${f.name} returns ${f.returns.join(" | ")}`] : []),
          ...(bare !== undefined && !isEffect(bare) ? [`${bare.module}.${bare.name} returns ${bare.returns.join(" | ")}`] : [])
        ]
      })
    expect(wrong).toEqual([])
    expect(functions.filter((f) => f.name.endsWith("Sync")).length).toBeGreaterThan(5)
  })

  it("a …Result function returns a Result and its bare sibling (if any) returns an Effect", () => {
    const wrong = functions
      .filter((f) => f.name.endsWith("Result"))
      .flatMap((f) => {
        const bare = byName.get(`${f.module}.${f.name.slice(0, -"Result".length)}`)
        return [
          ...(!isResult(f) ? [`${f.module}.${f.name} returns ${f.returns.join(" | ")}`] : []),
          ...(bare !== undefined && !isEffect(bare) ? [`${bare.module}.${bare.name} returns ${bare.returns.join(" | ")}`] : [])
        ]
      })
    expect(wrong).toEqual([])
  })
})
