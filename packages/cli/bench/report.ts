// `sre report` over 10 years of simulated history: ~650 inquiries a year (opened, answered,
// resolved) in a real SQLite store, then the report built from the store as the command does.
// Prints the time; never asserted. Run: node --conditions=@sre-uxdd/source --import tsx bench/report.ts
import { Config, type Inquiry, Store } from "@sre-uxdd/core"
import { Sqlite } from "@sre-uxdd/storage"
import { Effect } from "effect"
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { planUntil } from "../src/planning.js"
import { render } from "../src/report.js"
import * as ReportData from "../src/reportData.js"
import * as ScheduleFile from "../src/scheduleFile.js"

const HOUR = 3_600_000
const YEARS = Number(process.env["YEARS"] ?? "10")
const root = join(import.meta.dirname, "..", "..", "..")
const profile = Config.fromText(readFileSync(join(root, "examples", "visit-team.yaml"), "utf8"))
const start = profile.shifts.origin
const end = start + YEARS * 365 * 24 * HOUR
const members = profile.team.members.map((m) => m.id)
let seed = 7
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31
  return seed / 2 ** 31
}
const iso = (ms: number) => new Date(ms).toISOString()

const program = Effect.gen(function*() {
  const store = yield* Store.Store
  let n = 0
  for (let t = start; t < end; t += 24 * HOUR) {
    const batch: Array<Inquiry.Event> = []
    const items = []
    for (let k = 0; k < (random() < 0.7 ? 2 : 1); k++) {
      const inquiry = `support#${++n}` as Inquiry.Event["inquiry"]
      const at = t + Math.floor(random() * 24) * HOUR
      const who = members[Math.floor(random() * members.length)] as string
      batch.push(
        {
          type: "opened",
          id: "opened",
          inquiry,
          at: iso(at),
          actor: `user:${n % 97}`,
          reporter: `user:${n % 97}`,
          channel: "github",
          title: `Crash ${n % 13} in plot ${n % 5}`,
          labels: [["bug", "question", "install"][n % 3] as string]
        } as Inquiry.Event
      )
      batch.push(
        { type: "commented", id: `c${n}`, inquiry, at: iso(at + (1 + Math.floor(random() * 30)) * HOUR), actor: who, visibility: "public" } as Inquiry.Event
      )
      batch.push({ type: "resolved", id: `r${n}`, inquiry, at: iso(at + 40 * HOUR), actor: who, kind: "answered" } as Inquiry.Event)
      items.push({ inquiry, source: "support", title: `Crash ${n % 13}`, state: "closed" as const, labels: [], assignees: [], updatedAt: at + 40 * HOUR })
    }
    yield* store.append(batch)
    yield* store.putItems(items)
  }
  const schedule = planUntil(profile, ScheduleFile.empty, end + 10 * 7 * 24 * HOUR)
  const started = performance.now()
  const html = render(yield* ReportData.fromStore(store, { profile, schedule, now: end }))
  return { inquiries: n, ms: performance.now() - started, bytes: html.length }
})

const r = await Effect.runPromise(Effect.provide(program, Sqlite.layer({ file: join(mkdtempSync(join(tmpdir(), "sre-bench-")), "sre.db") })))
console.log(
  `sre report over ${YEARS} years (${r.inquiries} inquiries, ${3 * r.inquiries} events in SQLite): ${(r.ms / 1000).toFixed(2)} s, ${
    Math.round(r.bytes / 1024)
  } KiB of HTML`
)
