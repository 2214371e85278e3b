// The SQLite store on real files: where it lives by default, damaged files, a read-only
// directory, a database from a newer version, processes opening a new file at once.
import { Store } from "@sre-uxdd/core"
import { Sqlite } from "@sre-uxdd/storage"
import Database from "better-sqlite3"
import { Effect } from "effect"
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { spawnSync } from "node:child_process"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"
import { comment } from "./support/behaviours.js"
import { runWorker, startWorker } from "./support/processes.js"

const dir = mkdtempSync(join(tmpdir(), "sre-files-"))
chmodSync(dir, 0o755)
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
const fresh = () => {
  const d = join(dir, `case-${n++}`)
  mkdirSync(d, { mode: 0o755 })
  return d
}

const openWith = <A>(file: string, f: (s: Store.Store["Service"]) => Effect.Effect<A, Store.StoreError>) =>
  Effect.runPromise(Effect.provide(
    Effect.gen(function*() {
      return yield* f(yield* Store.Store)
    }),
    Sqlite.layer({ file })
  ))
const failureOf = (file: string) =>
  Effect.runPromise(Effect.flip(Effect.provide(
    Effect.gen(function*() {
      return yield* (yield* Store.Store).lastSeq
    }),
    Sqlite.layer({ file })
  )))

const base = Date.UTC(2026, 0, 5)
/** Whether uid 65534 can read this checkout (it cannot when the checkout is under /root). */
const nobodyCanRun = () =>
  spawnSync(process.execPath, ["-e", `require("fs").accessSync(${JSON.stringify(fileURLToPath(import.meta.url))})`], { uid: 65534, gid: 65534 }).status === 0

describe("Sqlite on files", () => {
  it("lives at .sre/sre.db in the working directory by default, creating the folder", { timeout: 120_000 }, async () => {
    const cwd = fresh()
    expect(await runWorker({ backend: "sqlite" }, "open", [], { cwd })).toEqual(["opened 0"])
    expect(existsSync(join(cwd, ".sre", "sre.db"))).toBe(true)
  })

  it("keeps what it stored across reopening", async () => {
    const file = join(fresh(), "a.db")
    await openWith(file, (s) => s.append([comment("s#1", base, "x")]))
    expect(await openWith(file, (s) => s.lastSeq)).toBe(1)
  })

  it("a file that is not an SQLite database is `corrupt`, named, and left as it was", async () => {
    const d = fresh()
    const file = join(d, "sre.db")
    const text = "these are my notes, not a database\n".repeat(10)
    writeFileSync(file, text)
    const e = await failureOf(file)
    expect(e.reason).toBe("corrupt")
    expect(e.message).toContain(file)
    expect(e.message).toMatch(/not an SQLite database/)
    expect(readFileSync(file, "utf8")).toBe(text)
    expect(readdirSync(d)).toEqual(["sre.db"])
  })

  it("a truncated database is `corrupt`, says so, and is left as it was", async () => {
    const d = fresh()
    const file = join(d, "sre.db")
    await openWith(file, (s) => s.append(Array.from({ length: 5_000 }, (_, i) => comment(`s#${i % 50}`, base + i, `c${i}`))))
    const size = readFileSync(file).length
    truncateSync(file, Math.floor(size / 2))
    const before = readFileSync(file)
    const e = await failureOf(file)
    expect(e.reason).toBe("corrupt")
    expect(e.message).toMatch(/truncated/)
    expect(readFileSync(file).equals(before)).toBe(true)
    expect(readdirSync(d)).toEqual(["sre.db"])
  })

  it("a directory the process may not write is `denied`, and nothing is created", { timeout: 120_000 }, async () => {
    const d = fresh()
    const file = join(d, "sre.db")
    if (process.getuid?.() === 0 && nobodyCanRun()) {
      // root may write anywhere: run the store as an unprivileged user on a root-owned directory.
      const r = await startWorker({ backend: "sqlite", file }, "open", [], { uid: 65534, gid: 65534 }).exit
      expect(r.code).toBe(2)
      expect(r.lines.join("\n")).toMatch(/store denied: .*sre\.db/)
    } else if (process.getuid?.() === 0) {
      // The checkout is private to root (an unprivileged user cannot load the worker): use a
      // directory even root may not write, in sysfs.
      const e = await failureOf("/sys/sre-uxdd-test/sre.db")
      expect(e.reason).toBe("denied")
      expect(e.message).toContain("/sys/sre-uxdd-test/sre.db")
      expect(existsSync("/sys/sre-uxdd-test")).toBe(false)
    } else {
      chmodSync(d, 0o555)
      const e = await failureOf(file)
      chmodSync(d, 0o755)
      expect(e.reason).toBe("denied")
      expect(e.message).toContain(file)
    }
    expect(readdirSync(d)).toEqual([])
  })

  it("a database written by a newer version is refused naming both versions, and left as it was", async () => {
    const d = fresh()
    const file = join(d, "sre.db")
    await openWith(file, (s) => s.setCursor("a", "1"))
    const raw = new Database(file)
    raw.prepare("INSERT INTO sre_schema (version, applied_at) VALUES (5, 0)").run()
    raw.close()
    const before = readFileSync(file)
    const e = await failureOf(file)
    expect(e.reason).toBe("version-too-new")
    expect(e.message).toMatch(/schema version 5, newer than version 1/)
    expect(readFileSync(file).equals(before)).toBe(true)
  })

  it("processes opening a new file at once apply each migration once", { timeout: 300_000 }, async () => {
    const file = join(fresh(), "sre.db")
    const outputs = await Promise.all(Array.from({ length: 4 }, () => runWorker({ backend: "sqlite", file }, "open")))
    expect(outputs).toEqual(Array.from({ length: 4 }, () => ["opened 0"]))
    const raw = new Database(file, { readonly: true })
    expect(raw.prepare("SELECT version FROM sre_schema").pluck().all()).toEqual([1])
    raw.close()
  })
})
