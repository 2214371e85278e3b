// No import cycles among core's modules (docs/architecture.md): a module that composes
// others sits above them and is never imported back, and shared types live below both
// sides. Every import counts, `import type` included: a type-only cycle still ties two
// modules together and becomes a runtime one with the first value that crosses it.
import { readdirSync, readFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import { describe, expect, it } from "vitest"

const src = fileURLToPath(new URL("../src", import.meta.url))

const walk = (dir: string): ReadonlyArray<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []))

/** Module (path relative to src, without extension) to the modules it imports or re-exports. */
const importGraph = (root: string): ReadonlyMap<string, ReadonlyArray<string>> => {
  const name = (file: string) => relative(root, file).replace(/\.ts$/u, "")
  return new Map(
    walk(root).map((file) => {
      const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false)
      const specifiers = source.statements.flatMap((s) =>
        (ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier !== undefined && ts.isStringLiteral(s.moduleSpecifier)
          ? [s.moduleSpecifier.text]
          : []
      )
      const targets = specifiers
        .filter((f) => f.startsWith("."))
        .map((f) => name(resolve(dirname(file), f.replace(/\.js$/u, ".ts"))))
      return [name(file), [...new Set(targets)].sort()] as const
    })
  )
}

/** The modules on a cycle, as strongly connected components (Tarjan), each sorted. */
const cyclesOf = (graph: ReadonlyMap<string, ReadonlyArray<string>>): ReadonlyArray<ReadonlyArray<string>> => {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: Array<string> = []
  const onStack = new Set<string>()
  const components: Array<Array<string>> = []
  let next = 0
  const visit = (v: string): void => {
    index.set(v, next)
    low.set(v, next++)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number))
    }
    if (low.get(v) === index.get(v)) {
      const component: Array<string> = []
      let w: string
      do {
        w = stack.pop() as string
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component.sort())
    }
  }
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v)
  return components.sort((a, b) => (a[0] as string).localeCompare(b[0] as string))
}

describe("core's import graph", () => {
  const graph = importGraph(src)

  it("is read from the sources (imports and re-exports, type-only ones included)", () => {
    expect(graph.get("index")).toContain("Rotation")
    expect(graph.get("Rotation")).toContain("internal/rotation/engine")
    // `import type` counts: internal/inquiry/replay.ts imports only types
    expect(graph.get("internal/inquiry/replay")?.length).toBeGreaterThan(0)
  })

  it("finds a cycle when there is one", () => {
    const g = new Map([
      ["A", ["B"]],
      ["B", ["C"]],
      ["C", ["A"]],
      ["D", ["A"]],
      ["E", ["E"]]
    ])
    expect(cyclesOf(g)).toEqual([["A", "B", "C"], ["E"]])
    expect(cyclesOf(new Map([["A", ["B"]], ["B", []]]))).toEqual([])
  })

  // Known cycles, each to be removed by the change that owns it, never added to (the ports'
  // memory implementations were the last: what they share with their port moved below both,
  // as for `Inquiry` and `Simulation`). This list must only shrink; the test fails when an
  // entry is stale too.
  const known: ReadonlyArray<ReadonlyArray<string>> = []

  it("has no cycle among packages/core/src modules (beyond the known ones listed here)", () => {
    const key = (c: ReadonlyArray<string>) => c.join(" ")
    const knownKeys = new Set(known.map(key))
    expect(cyclesOf(graph).filter((c) => !knownKeys.has(key(c)))).toEqual([])
  })

  it("lists no known cycle that is gone", () => {
    const found = new Set(cyclesOf(graph).map((c) => c.join(" ")))
    expect(known.filter((c) => !found.has(c.join(" ")))).toEqual([])
  })
})
