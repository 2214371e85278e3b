import { spawnSync } from "node:child_process"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { SchemaAST } from "effect"
import { describe, expect, it } from "vitest"
import { Config } from "../src/index.js"

const root = fileURLToPath(new URL("../../..", import.meta.url))
const read = (path: string) => readFileSync(join(root, path), "utf8")
const manifests = ["package.json", "examples/package.json", ...readdirSync(join(root, "packages")).map((p) => `packages/${p}/package.json`)]
const guides = [
  "README.md",
  ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`),
  ...readdirSync(join(root, "packages")).map((p) => `packages/${p}/README.md`)
]

describe("the packages' metadata", () => {
  it("has a LICENSE file with the license every package.json declares (BSD-3-Clause)", () => {
    expect(read("LICENSE")).toMatch(/^BSD 3-Clause License\n/)
    // each published package carries the license text in its tarball
    for (const p of readdirSync(join(root, "packages"))) expect(read(`packages/${p}/LICENSE`), p).toBe(read("LICENSE"))
    for (const m of manifests) expect(JSON.parse(read(m)).license, m).toBe("BSD-3-Clause")
  })

  it("names the repository, the homepage and where to report bugs in every package.json", () => {
    for (const m of manifests) {
      const pkg = JSON.parse(read(m))
      expect(pkg.repository?.url, m).toMatch(/^git\+https:\/\/github\.com\/.+\.git$/)
      expect(pkg.homepage, m).toMatch(/^https:\/\//)
      expect(pkg.bugs?.url, m).toMatch(/^https:\/\/.+\/issues$/)
      if (m !== "package.json") expect(pkg.repository?.directory, m).toBe(dirname(m))
    }
  })
})

describe("the guides", () => {
  // A Markdown link, or a file name in backticks (`internal/sim.ts`, `docs/profile.md`).
  const cited = (text: string): ReadonlyArray<string> => [
    ...[...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1] as string).filter((l) => !/^[a-z]+:/.test(l)),
    ...[...text.matchAll(/`([A-Za-z0-9_./-]+\.(?:md|ts|mjs|js|yaml|json))`/g)].map((m) => m[1] as string)
  ]
  const dependencies = new Set(manifests.flatMap((m) => Object.keys({ ...JSON.parse(read(m)).dependencies, ...JSON.parse(read(m)).devDependencies })))

  it("cite only files that are in the repository", () => {
    const missing: Array<string> = []
    for (const guide of guides) {
      if (!existsSync(join(root, guide))) continue
      for (const file of cited(read(guide))) {
        if (dependencies.has(file) || file.startsWith("examples/out/")) continue
        const candidates = [join(root, dirname(guide), file), join(root, file), join(root, "packages/core/src", file), join(root, "packages/core/test", file)]
        if (!candidates.some((c) => existsSync(c))) missing.push(`${guide}: ${file}`)
      }
    }
    expect(missing).toEqual([])
  })

  it("are pages of the API site (typedoc projectDocuments), so its links open rendered pages, not raw Markdown", async () => {
    const config = (await import(join(root, "typedoc.config.mjs"))).default as { readonly projectDocuments?: ReadonlyArray<string> }
    expect(config.projectDocuments).toContain("docs/*.md")
  })

  it("docs/profile.md marks every required field of the profile", () => {
    const required: Array<string> = []
    const walk = (ast: SchemaAST.AST, path: string): void => {
      if (SchemaAST.isObjects(ast)) {
        for (const ps of ast.propertySignatures) {
          const p = path === "" ? String(ps.name) : `${path}.${String(ps.name)}`
          if (!SchemaAST.isOptional(ps.type)) required.push(p)
          walk(ps.type, p)
        }
      } else if (SchemaAST.isArrays(ast)) { for (const r of ast.rest) walk(r, `${path}[]`) }
      else if (SchemaAST.isUnion(ast) && !path.startsWith("shifts.length")) { for (const t of ast.types) walk(t, path) }
    }
    walk(Config.Spec.ast, "")
    const doc = read("docs/profile.md")
    const section = doc.slice(doc.indexOf("## Required fields"), doc.indexOf("\n## ", doc.indexOf("## Required fields") + 1))
    const documented = new Set([...section.matchAll(/`([a-z][A-Za-z.[\]]*)`/g)].map((m) => m[1] as string))
    const notMarked = required.filter((p) => !p.startsWith("simulation.model.") && !p.startsWith("coverage.versions[].weekly[].")).filter((p) =>
      !documented.has(p)
    )
    expect(notMarked).toEqual([])
    expect(doc).toContain("| `name` (required) |")
  })
})

describe("the README's commands", () => {
  it("each `pnpm <name>` shown is a root script pnpm runs as written, or a pnpm command", () => {
    const r = spawnSync(process.execPath, [join(root, "scripts/readme-commands.mjs")], { encoding: "utf8" })
    expect(r.stderr).toBe("")
    expect(r.status).toBe(0)
  })
})
