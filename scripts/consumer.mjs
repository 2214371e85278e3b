// Installs the packed @sre-uxdd/core tarball into a fresh project, once with the lowest and
// once with the highest effect version its peer range supports, then type-checks and runs
// the README's quick start there, as an application would. Needs `pnpm build` first and the
// npm registry (npm's cache makes the second run fast). `--keep` leaves the projects in build/.
import { spawn, spawnSync } from "node:child_process"
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { root } from "./lib.mjs"

/** The lowest and the highest effect release the peer range is tested with. */
export const effectVersions = ["4.0.0", "4.1.0"]

/**
 * @param {string} command
 * @param {ReadonlyArray<string>} args
 * @param {string} cwd
 */
const sh = (command, args, cwd) => {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } })
  if (r.error) throw r.error
  if (r.status !== 0) {
    console.error(`${command} ${args.join(" ")} (in ${cwd}) failed with exit ${r.status}:\n${r.stdout}\n${r.stderr}`)
    process.exit(1)
  }
  return r.stdout
}

/**
 * {@link sh} without blocking, so that the two projects install and check side by side.
 * @param {string} command
 * @param {ReadonlyArray<string>} args
 * @param {string} cwd
 * @returns {Promise<string>}
 */
const shAsync = (command, args, cwd) =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, npm_config_update_notifier: "false" } })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (d) => (stdout += String(d)))
    child.stderr.on("data", (d) => (stderr += String(d)))
    child.on("error", reject)
    child.on(
      "close",
      (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${command} ${args.join(" ")} (in ${cwd}) failed with exit ${code}:\n${stdout}\n${stderr}`)))
    )
  })

const core = join(root, "packages", "core")
const manifest = JSON.parse(readFileSync(join(core, "package.json"), "utf8"))
if (manifest.dependencies?.effect !== undefined) {
  console.error("@sre-uxdd/core lists effect as a dependency: an application would get a second copy; make it a peer")
  process.exit(1)
}
const range = manifest.peerDependencies?.effect
if (range !== `^${effectVersions[0]}`) {
  console.error(`@sre-uxdd/core's peer range for effect is ${range}; this script tests ^${effectVersions[0]} up to ${effectVersions[1]}`)
  process.exit(1)
}
if (!existsSync(join(core, "dist", "index.js"))) {
  console.error("packages/core/dist is missing: run pnpm build first")
  process.exit(1)
}

const work = join(root, "build", "consumer")
rmSync(work, { recursive: true, force: true })
mkdirSync(work, { recursive: true })
sh("pnpm", ["pack", "--pack-destination", work], core)
const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"))
if (tarball === undefined) throw new Error("pnpm pack wrote no tarball")

const tsc = join(root, "node_modules", "typescript", "bin", "tsc")
/** @param {string} effect */
const check = async (effect) => {
  const app = join(work, `effect-${effect}`)
  mkdirSync(app, { recursive: true })
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module", dependencies: { "@sre-uxdd/core": `file:../${tarball}`, effect } }, null, 2)
  )
  writeFileSync(
    join(app, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: {
          target: "ES2023",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          // the application's own code is checked against core's and effect's declarations (a second copy of
          // effect would show here as `Duration` not being `Duration`); their internals are not re-checked
          skipLibCheck: true,
          allowImportingTsExtensions: true,
          types: ["node"],
          typeRoots: [join(root, "node_modules", "@types")]
        },
        include: ["*.ts"]
      },
      null,
      2
    )
  )
  copyFileSync(join(root, "examples", "quick-start.ts"), join(app, "quick-start.ts"))
  copyFileSync(join(root, "examples", "visit-team.yaml"), join(app, "visit-team.yaml"))
  const t0 = Date.now()
  await shAsync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], app)
  const t1 = Date.now()
  // one copy of effect: the application's
  const copies = (await shAsync("npm", ["ls", "effect", "--all", "--parseable"], app)).trim().split("\n").filter(Boolean)
  if (copies.length !== 1) {
    throw new Error(`effect ${effect}: expected one copy of effect, found ${copies.length}:\n${copies.join("\n")}`)
  }
  await shAsync(process.execPath, [tsc, "-p", "tsconfig.json"], app)
  const t2 = Date.now()
  const out = await shAsync(process.execPath, ["quick-start.ts"], app)
  const secs = (/** @type {number} */ a, /** @type {number} */ b) => ((b - a) / 1000).toFixed(1)
  console.log(
    `effect ${effect}: installed (${secs(t0, t1)} s), type-checked (${secs(t1, t2)} s), ran the quick start (${secs(t2, Date.now())} s)\n${
      out.trim().split("\n")[0]
    }`
  )
}
const results = await Promise.allSettled(effectVersions.map(check))
for (const r of results) if (r.status === "rejected") console.error(String(r.reason instanceof Error ? r.reason.message : r.reason))
if (results.some((r) => r.status === "rejected")) process.exit(1)
if (!process.argv.includes("--keep")) rmSync(work, { recursive: true, force: true })
