// Type-checks every ```ts block inside a TSDoc @example of the public packages, so the
// examples in the API docs compile against the current API. Blocks import the package by
// its public name (`@sre-uxdd/core`), mapped here to its sources, and may import the
// package's own dependencies (e.g. `effect`).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join, relative } from "node:path"
import ts from "typescript"
import { root } from "./lib.mjs"

/** @param {string} dir @returns {Array<string>} */
const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [])

const packagesDir = join(root, "packages")
/** @type {Record<string, Array<string>>} */
const paths = {}
/** @type {Array<string>} */
const files = []
for (const pkg of readdirSync(packagesDir)) {
  const manifest = JSON.parse(readFileSync(join(packagesDir, pkg, "package.json"), "utf8"))
  paths[manifest.name] = [join(packagesDir, pkg, "src", "index.ts")]
  // generated inside the package so its own dependencies (effect, ...) resolve as in its sources
  const out = join(packagesDir, pkg, "build", "doc-examples")
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  for (const file of walk(join(packagesDir, pkg, "src"))) {
    const text = readFileSync(file, "utf8")
    let n = 0
    for (const comment of text.match(/\/\*\*[\s\S]*?\*\//g) ?? []) {
      const lines = comment.split("\n").map((l) => l.replace(/^\s*\*( |$)/, ""))
      const body = lines.join("\n")
      for (const match of body.matchAll(/@example[\s\S]*?```ts\n([\s\S]*?)```/g)) {
        n++
        const name = `${relative(packagesDir, file).replace(/[^A-Za-z0-9]+/g, "_")}_${n}.ts`
        writeFileSync(join(out, name), `// from ${relative(root, file)}\n${match[1]}\nexport {}\n`)
        files.push(join(out, name))
      }
    }
  }
}

const program = ts.createProgram(files, {
  target: ts.ScriptTarget.ES2023,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: true,
  noEmit: true,
  types: [],
  baseUrl: root,
  paths
})
const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file === undefined || files.includes(d.file.fileName))
if (diagnostics.length > 0) {
  console.error(
    ts.formatDiagnosticsWithColorAndContext(diagnostics, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => root,
      getNewLine: () => "\n"
    })
  )
  console.error(`doc examples: ${diagnostics.length} error(s) in ${files.length} example block(s)`)
  process.exit(1)
}
console.log(`doc examples: ${files.length} @example block(s) compile`)
