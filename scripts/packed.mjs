// Packs @sre-uxdd/cli and every workspace package it depends on (read from the manifests, so a
// new adapter dependency is packed too) with `pnpm pack`, which rewrites `workspace:^` to
// versions, and installs the cli with npm into a fresh project outside the workspace, as a team
// would on a laptop. The other tarballs are given as npm `overrides`, so only what the cli's
// manifest asks for is installed and nothing of ours is fetched from the registry. Then checks
// that the project has one copy of `effect` and of `@sre-uxdd/core` and a clean `npm ls`, and runs
// the end-to-end test (packages/cli/test/e2e.integration.test.ts) against the installed
// `node_modules/.bin/sre` (SRE_UXDD_E2E_BIN). Needs `pnpm build` first and the npm registry.
//
//   node scripts/packed.mjs              pack, install, check, run the test, remove the project
//   node scripts/packed.mjs --keep       the same, and leave the project (its path is printed)
//   node scripts/packed.mjs --into DIR --no-test
//                                        pack, install and check into DIR (scripts/test.mjs runs
//                                        the test itself, to count it in its summary)
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { isAbsolute, join, relative, resolve } from "node:path"
import { pathToFileURL } from "node:url"
import { root } from "./lib.mjs"

/** The installed bin, given the directory the project was installed into. */
export const installedBin = (/** @type {string} */ dir) => join(dir, "team-laptop", "node_modules", ".bin", "sre")

/**
 * @param {string} command
 * @param {ReadonlyArray<string>} args
 * @param {string} cwd
 * @returns {string} standard output
 */
const sh = (command, args, cwd) => {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } })
  if (r.error) throw r.error
  if (r.status !== 0) fail(`${command} ${args.join(" ")} (in ${cwd}) failed with exit ${r.status}:\n${r.stdout}\n${r.stderr}`)
  return r.stdout
}

/** @param {string} message @returns {never} */
const fail = (message) => {
  console.error(`packed: ${message}`)
  process.exit(1)
}

/** @typedef {{ name: string, version: string, dependencies?: Record<string, string>, peerDependencies?: Record<string, string> }} Manifest */

/** @returns {Map<string, { dir: string, manifest: Manifest }>} the workspace packages by name */
const workspacePackages = () => {
  const found = new Map()
  for (const entry of readdirSync(join(root, "packages"))) {
    const file = join(root, "packages", entry, "package.json")
    if (!existsSync(file)) continue
    /** @type {Manifest} */
    const manifest = JSON.parse(readFileSync(file, "utf8"))
    found.set(manifest.name, { dir: join(root, "packages", entry), manifest })
  }
  return found
}

/**
 * The package and the workspace packages it needs at run time, transitively: its
 * dependencies and peer dependencies that the workspace provides.
 * @param {Map<string, { dir: string, manifest: Manifest }>} packages
 * @param {string} name
 * @returns {ReadonlyArray<string>}
 */
const closure = (packages, name) => {
  const seen = new Set([name])
  const queue = [name]
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const manifest = packages.get(next)?.manifest
    if (manifest === undefined) fail(`${next} is not a workspace package`)
    for (const [dep, spec] of Object.entries({ ...manifest.peerDependencies, ...manifest.dependencies })) {
      if (!spec.startsWith("workspace:") || seen.has(dep)) continue
      seen.add(dep)
      queue.push(dep)
    }
  }
  return [...seen]
}

/**
 * Packs and installs into `dir`; returns what it measured.
 * @param {string} dir
 */
export const prepare = (dir) => {
  const outside = relative(root, resolve(dir))
  if (!outside.startsWith("..") && !isAbsolute(outside)) {
    fail(`${dir} is inside the workspace: Node would find the workspace's node_modules from there`)
  }
  const packages = workspacePackages()
  const names = closure(packages, "@sre-uxdd/cli")
  const tarballs = join(dir, "tarballs")
  mkdirSync(tarballs, { recursive: true })
  const t0 = Date.now()
  /** @type {Record<string, string>} */
  const tgz = {}
  for (const name of names) {
    const pkg = /** @type {{ dir: string, manifest: Manifest }} */ (packages.get(name))
    if (!existsSync(join(pkg.dir, "dist"))) fail(`${relative(root, pkg.dir)}/dist is missing: run pnpm build first`)
    const before = new Set(readdirSync(tarballs))
    sh("pnpm", ["pack", "--pack-destination", tarballs], pkg.dir)
    const file = readdirSync(tarballs).find((f) => f.endsWith(".tgz") && !before.has(f))
    if (file === undefined) fail(`pnpm pack wrote no tarball for ${name}`)
    tgz[name] = join(tarballs, file)
    // what npm will read: no workspace: protocol left
    /** @type {Manifest} */
    const packed = JSON.parse(sh("tar", ["-xzOf", tgz[name], "package/package.json"], dir))
    const left = Object.entries({ ...packed.dependencies, ...packed.peerDependencies }).filter(([, s]) => s.startsWith("workspace:"))
    if (left.length > 0) fail(`the packed ${name} still has workspace: specs: ${left.map(([d]) => d).join(", ")}`)
  }
  const t1 = Date.now()
  const project = join(dir, "team-laptop")
  mkdirSync(project, { recursive: true })
  writeFileSync(
    join(project, "package.json"),
    `${
      JSON.stringify(
        {
          name: "team-laptop",
          private: true,
          dependencies: { "@sre-uxdd/cli": `file:${tgz["@sre-uxdd/cli"]}` },
          overrides: Object.fromEntries(names.filter((n) => n !== "@sre-uxdd/cli").map((n) => [n, `file:${tgz[n]}`]))
        },
        null,
        2
      )
    }\n`
  )
  sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], project)
  const t2 = Date.now()
  // `npm ls` exits non-zero on a missing, invalid or extraneous package (a peer the cli does not bring, say)
  sh("npm", ["ls", "--all"], project)
  for (const single of ["effect", "@sre-uxdd/core"]) {
    const copies = sh("npm", ["ls", single, "--all", "--parseable"], project).trim().split("\n").filter(Boolean)
    if (copies.length !== 1) fail(`expected one copy of ${single} in the installed project, found ${copies.length}:\n${copies.join("\n")}`)
  }
  const sqlite = join(project, "node_modules", "better-sqlite3")
  const native = existsSync(join(sqlite, "build", "Release", "better_sqlite3.node"))
    ? "compiled at install"
    : existsSync(join(sqlite, "prebuilds"))
    ? "the package's prebuilt binary"
    : "not found"
  const secs = (/** @type {number} */ a, /** @type {number} */ b) => ((b - a) / 1000).toFixed(1)
  console.log(
    `packed ${names.join(", ")} (${secs(t0, t1)} s); npm install in ${project} (${secs(t1, t2)} s; better-sqlite3: ${native}); one effect, one @sre-uxdd/core`
  )
  return { project, bin: installedBin(dir) }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2)
  const at = args.indexOf("--into")
  const given = at >= 0 ? args[at + 1] : undefined
  if (at >= 0 && given === undefined) fail("--into needs a directory")
  const dir = given ?? mkdtempSync(join(tmpdir(), "sre-uxdd-packed-"))
  const { bin } = prepare(dir)
  let code = 0
  if (!args.includes("--no-test")) {
    const vitest = join(root, "node_modules", ".bin", "vitest")
    const r = spawnSync(vitest, ["run", "packages/cli/test/e2e.integration.test.ts"], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, TZ: "UTC", SRE_UXDD_E2E_BIN: bin }
    })
    code = r.status ?? 1
    if (args.includes("--keep") || given !== undefined) console.log(`the installed project: ${dir}`)
    else rmSync(dir, { recursive: true, force: true })
  }
  process.exit(code)
}
