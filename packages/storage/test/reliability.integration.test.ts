// Reliability across processes, on both backends: a writer killed with SIGKILL in the middle
// of a batch, two processes appending the same events, processes racing for one lease.
import { Store } from "@sre-uxdd/core"
import { Postgres, Sqlite } from "@sre-uxdd/storage"
import { Effect, type Layer, Stream } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { findPostgres } from "./support/postgres.js"
import { runWorker, startWorker, type Target } from "./support/processes.js"

const dir = mkdtempSync(join(tmpdir(), "sre-reliability-"))
const pg = await findPostgres()
afterAll(() => {
  pg?.stop()
  rmSync(dir, { recursive: true, force: true })
})

let n = 0
// `batch`: events in the batch the killed writer appends: large enough that it is killed mid-way.
const backends: ReadonlyArray<{ readonly name: string; readonly target: () => Target; readonly skip: boolean; readonly batch: number }> = [
  { name: "Sqlite", target: () => ({ backend: "sqlite", file: join(dir, `r-${n++}.db`) }), skip: false, batch: 100_000 },
  {
    name: "Postgres",
    target: () => ({ backend: "postgres", url: pg?.url ?? "", schema: `reliability_${process.pid}_${n++}` }),
    skip: pg === undefined,
    batch: 40_000
  }
]

const layerOf = (t: Target): Layer.Layer<Store.Store, Store.StoreError> =>
  t.backend === "sqlite" ? Sqlite.layer({ file: t.file ?? "" }) : Postgres.layer({ url: t.url ?? "", ...(t.schema === undefined ? {} : { schema: t.schema }) })

const inspect = <A>(t: Target, f: (s: Store.Store["Service"]) => Effect.Effect<A, Store.StoreError>) =>
  Effect.runPromise(Effect.provide(
    Effect.gen(function*() {
      return yield* f(yield* Store.Store)
    }),
    layerOf(t)
  ))

const countAll = (s: Store.Store["Service"]) => Stream.runFold(s.changesAfter(0), () => 0, (k) => k + 1)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

for (const backend of backends) {
  describe.skipIf(backend.skip)(`${backend.name}: across processes`, () => {
    it("a writer killed with SIGKILL mid-batch leaves all of the batch or none; re-running completes it without duplicates", { timeout: 600_000 }, async () => {
      const target = backend.target()
      await runWorker(target, "open")
      const size = backend.batch
      const writer = startWorker(target, "append-batch", [size])
      await writer.waitFor(/^started$/)
      await sleep(250)
      writer.child.kill("SIGKILL")
      const killed = await writer.exit
      expect(killed.signal).toBe("SIGKILL")
      expect(killed.lines).not.toContain(`done ${size}`)
      const after = await inspect(target, (s) => Effect.all([s.lastSeq, countAll(s)]))
      expect([0, size]).toContain(after[0])
      expect(after[1]).toBe(after[0])
      const rerun = await runWorker(target, "append-batch", [size])
      expect(rerun).toContain(`done ${size - after[0]}`)
      const final = await inspect(target, (s) => Effect.all([s.lastSeq, countAll(s)]))
      expect(final).toEqual([size, size])
    })

    it("two processes appending the same events at once store each event once", { timeout: 600_000 }, async () => {
      const target = backend.target()
      await runWorker(target, "open")
      const count = 3_000
      const [a, b] = await Promise.all([runWorker(target, "append-same", [count]), runWorker(target, "append-same", [count])])
      const added = [a, b].map((lines) => Number(lines.find((l) => l.startsWith("done "))?.slice(5)))
      expect((added[0] ?? 0) + (added[1] ?? 0)).toBe(count)
      const stored = await inspect(target, (s) => Effect.all([s.lastSeq, countAll(s)]))
      expect(stored).toEqual([count, count])
    })

    it("processes racing for one lease: exactly one holds it, until it expires", { timeout: 600_000 }, async () => {
      const target = backend.target()
      await runWorker(target, "open")
      const now = Date.UTC(2026, 0, 5)
      const results = await Promise.all(Array.from({ length: 4 }, (_, i) => runWorker(target, "lease", ["tick", `runner-${i}`, 60_000, now])))
      const held = results.map((lines) => lines[0])
      expect(held.filter((h) => h === "held")).toHaveLength(1)
      expect(held.filter((h) => h === "not-held")).toHaveLength(3)
      expect(await inspect(target, (s) => s.acquire("tick", "late", 60_000, now + 59_999))).toBe(false)
      expect(await inspect(target, (s) => s.acquire("tick", "late", 60_000, now + 60_000))).toBe(true)
    })
  })
}
