// Installs the packed @sre-uxdd/core tarball into a fresh project, once with the lowest and
// once with the highest effect version its peer range supports, then type-checks and runs
// the README's quick start there, as an application would. Needs `pnpm build` first and the
// npm registry (npm's cache makes the second run fast). `--keep` leaves the projects in build/.
import { spawnSync } from "node:child_process"
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
for (const effect of effectVersions) {
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
          skipLibCheck: false,
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
  sh("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], app)
  // one copy of effect: the application's
  const copies = sh("npm", ["ls", "effect", "--all", "--parseable"], app).trim().split("\n").filter(Boolean)
  if (copies.length !== 1) {
    console.error(`effect ${effect}: expected one copy of effect, found ${copies.length}:\n${copies.join("\n")}`)
    process.exit(1)
  }
  sh(process.execPath, [tsc, "-p", "tsconfig.json"], app)
  const out = sh(process.execPath, ["quick-start.ts"], app)
  console.log(`effect ${effect}: installed, type-checked and ran the quick start (${((Date.now() - t0) / 1000).toFixed(1)} s)\n${out.trim().split("\n")[0]}`)
}
if (!process.argv.includes("--keep")) rmSync(work, { recursive: true, force: true })
