// The planner reads as named phases (issue 16): no function of `Rotation` or of
// internal/rotation/ is longer than one screen, so each phase can be read at once.
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import { describe, expect, it } from "vitest"

const src = fileURLToPath(new URL("../src", import.meta.url))
const MAX_LINES = 85

/** Every function, arrow function, method and constructor of a file, with its length in lines. */
const functionsOf = (file: string): ReadonlyArray<{ readonly name: string; readonly line: number; readonly lines: number }> => {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true)
  const out: Array<{ name: string; line: number; lines: number }> = []
  const visit = (node: ts.Node, name: string): void => {
    if (ts.isFunctionLike(node) && "body" in node && node.body !== undefined) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line
      const own = node.name !== undefined && ts.isIdentifier(node.name) ? node.name.text : name
      out.push({ name: own, line: first + 1, lines: last - first + 1 })
    }
    const next = ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) ? node.name.text : name
    ts.forEachChild(node, (child) => visit(child, next))
  }
  visit(source, "(top)")
  return out
}

describe("the planner's functions", () => {
  const dir = join(src, "internal", "rotation")
  const files = [join(src, "Rotation.ts"), ...readdirSync(dir).filter((f) => f.endsWith(".ts")).map((f) => join(dir, f))]
  const all = files.flatMap((file) => functionsOf(file).map((f) => ({ ...f, file: file.slice(src.length + 1) })))

  it("are found (Rotation.planSync and the engine's run among them)", () => {
    expect(all.some((f) => f.file === "Rotation.ts" && f.name === "planSync")).toBe(true)
    expect(all.some((f) => f.file.endsWith("engine.ts") && f.name === "run")).toBe(true)
  })

  it(`are at most ${MAX_LINES} lines each`, () => {
    expect(all.filter((f) => f.lines > MAX_LINES).map((f) => `${f.file}:${f.line} ${f.name} (${f.lines} lines)`)).toEqual([])
  })
})
