// Every `pnpm <name>` the README (and the guides) show must work exactly as written: either a
// root script that pnpm really runs, or one of pnpm's own commands. A script named like a
// pnpm command (for example `docs`, which pnpm hands to npm to open npmjs.com) is reported:
// only `pnpm run <name>` would reach it.
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { root } from "./lib.mjs"

// pnpm 10's commands (`pnpm help -a`), with the npm commands it passes through to npm.
const pnpmCommands = new Set([
  "add",
  "dedupe",
  "fetch",
  "import",
  "i",
  "install",
  "it",
  "install-test",
  "ln",
  "link",
  "prune",
  "rb",
  "rebuild",
  "rm",
  "remove",
  "unlink",
  "up",
  "update",
  "patch",
  "patch-commit",
  "patch-remove",
  "audit",
  "licenses",
  "ls",
  "list",
  "outdated",
  "why",
  "approve-builds",
  "create",
  "dlx",
  "exec",
  "ignored-builds",
  "run",
  "start",
  "t",
  "test",
  "bin",
  "c",
  "config",
  "deploy",
  "doctor",
  "init",
  "pack",
  "publish",
  "root",
  "self-update",
  "env",
  "cat-file",
  "cat-index",
  "find-hash",
  "store",
  "cache",
  "setup",
  "server",
  "help",
  "restart",
  "stop",
  // passed through to npm
  "access",
  "adduser",
  "bugs",
  "deprecate",
  "dist-tag",
  "docs",
  "edit",
  "home",
  "info",
  "login",
  "logout",
  "owner",
  "ping",
  "prefix",
  "profile",
  "pkg",
  "repo",
  "s",
  "se",
  "search",
  "set-script",
  "show",
  "star",
  "stars",
  "team",
  "token",
  "unpublish",
  "unstar",
  "v",
  "version",
  "view",
  "whoami",
  "xmas"
])
// pnpm commands that run the package script of the same name when there is one.
const runsScript = new Set(["test", "t", "start", "restart", "stop", "install-test", "it"])

/** @returns {ReadonlyArray<string>} the Markdown files whose commands are checked */
const documents = () => [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
  ...readdirSync(join(root, "packages")).map((p) => `packages/${p}/README.md`)
]

/**
 * The code in a Markdown text (fenced blocks and inline code spans), each with its line.
 * @param {string} text
 * @returns {ReadonlyArray<{ readonly code: string; readonly line: number }>}
 */
const codeOf = (text) => {
  const out = []
  const lineAt = (/** @type {number} */ i) => text.slice(0, i).split("\n").length
  const fence = /^```[^\n]*\n([\s\S]*?)^```/gm
  for (const m of text.matchAll(fence)) out.push({ code: m[1] ?? "", line: lineAt(m.index) + 1 })
  // blank the fences (keeping offsets) so their backticks are not read as code spans
  const prose = text.replace(fence, (block) => block.replace(/[^\n]/g, " "))
  for (const m of prose.matchAll(/`([^`\n]+)`/g)) out.push({ code: m[1] ?? "", line: lineAt(m.index) })
  return out
}

/**
 * Problems with the `pnpm` commands of the given documents.
 * @param {ReadonlyArray<{ readonly file: string; readonly text: string }>} docs
 * @param {{ readonly [name: string]: string }} scripts the root package's scripts
 * @returns {ReadonlyArray<string>}
 */
export const problems = (docs, scripts) => {
  const out = []
  for (const { file, text } of docs) {
    for (const { code, line } of codeOf(text)) {
      for (const m of code.matchAll(/(?:^|[\s;&|(])pnpm((?:\s+-{1,2}[a-z][a-z-]*)*)\s+([a-z][a-z0-9:_-]*)/g)) {
        const name = m[2] ?? ""
        const where = `${file}:${line}: \`pnpm ${name}\``
        if (name === "run" || name === "exec" || name === "dlx") continue
        if (pnpmCommands.has(name)) {
          if (Object.hasOwn(scripts, name) && !runsScript.has(name))
            out.push(`${where} runs pnpm's own "${name}" command, not the root script of that name: rename the script`)
        } else if (!Object.hasOwn(scripts, name)) out.push(`${where} is neither a root script nor a pnpm command`)
      }
    }
  }
  return out
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const scripts = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts ?? {}
  const docs = documents().flatMap((file) => {
    try {
      return [{ file, text: readFileSync(join(root, file), "utf8") }]
    } catch {
      return []
    }
  })
  const found = problems(docs, scripts)
  for (const p of found) console.error(p)
  console.log(`${docs.length} documents, ${found.length} problem(s) with their pnpm commands`)
  process.exit(found.length === 0 ? 0 : 1)
}
