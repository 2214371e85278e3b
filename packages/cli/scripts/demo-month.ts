// `pnpm demo`, part two: a simulated month (November 2026) of the VisIt-like team run by the
// real Runner on the embedded SQLite store (@sre-uxdd/storage) and the in-memory tracker, the
// runner every hour as a scheduled job would; then the report page from the store.
// Arrivals and answers come from a seeded generator, so every run prints the same figures.
import { Config, Coverage, Notifier, Runner, Store, Tracker, type Types } from "@sre-uxdd/core"
import { Sqlite } from "@sre-uxdd/storage"
import { Effect, Layer, Stream } from "effect"
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { planUntil } from "../src/planning.js"
import { render } from "../src/report.js"
import * as ReportData from "../src/reportData.js"
import * as ScheduleFile from "../src/scheduleFile.js"

const HOUR = 3_600_000
const root = join(import.meta.dirname, "..", "..", "..")
const profile = Config.fromText(readFileSync(join(root, "examples", "visit-team.yaml"), "utf8"))
const start = Date.parse("2026-11-02T16:00:00Z") // Monday 08:00 Pacific
const end = Date.parse("2026-11-30T16:00:00Z")
const schedule = planUntil(profile, ScheduleFile.empty, end + 10 * 7 * 24 * HOUR)
const dbDir = mkdtempSync(join(tmpdir(), "sre-demo-"))
const outDir = join(root, "examples", "out", "report")

let seed = 20261102
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31
  return seed / 2 ** 31
}
const titles = [
  "Crash opening a Silo file",
  "Plots render black on macOS",
  "How do I install on a cluster?",
  "Python CLI fails to import",
  "Pseudocolor plot wrong colours",
  "Build fails with VTK 9",
  "Session file will not load",
  "Question about expressions"
]
const labels = ["bug", "question", "install", "build", "python"]

const program = Effect.gen(function*() {
  const memory = yield* Tracker.makeMemory({ members: profile.team.members.map((m) => m.id) })
  const notifier = yield* Notifier.makeMemory
  const store = yield* Store.Store
  const runner = yield* Runner.make(Runner.configFromProfile(profile, { duties: schedule.duties, name: profile.name, acknowledge: true })).pipe(
    Effect.provide(
      Layer.mergeAll(Layer.succeed(Tracker.Tracker)(memory.service), Layer.succeed(Notifier.Notifier)(notifier.service), Layer.succeed(Store.Store)(store))
    )
  )
  const answers: Array<{ readonly at: number; readonly inquiry: Types.InquiryId }> = []
  let opened = 0
  for (let now = start; now <= end; now += HOUR) {
    // About three inquiries a weekday, a few on weekends, at any hour.
    const day = new Date(now - 8 * HOUR).getUTCDay()
    if (random() < (day === 0 || day === 6 ? 0.03 : 0.13)) {
      const title = titles[Math.floor(random() * titles.length)] as string
      const arrival = now - Math.floor(random() * HOUR)
      const inquiry = yield* memory.open({
        title,
        body: "details",
        author: `user${Math.floor(random() * 40)}`,
        at: arrival,
        labels: [labels[Math.floor(random() * labels.length)] as string]
      })
      opened++
      // The team answers in its covered hours: most within a few covered hours of the arrival
      // (an evening inquiry the next morning); some off hours within a few wall-clock hours (0
      // covered hours: the report says how many); some wait much longer.
      const r = random()
      const answerAt = r < 0.7
        ? Coverage.addCoveredMillis(profile.coverage, arrival, (0.5 + random() * 3.5) * HOUR)
        : r < 0.85
        ? arrival + (1 + Math.floor(random() * 4)) * HOUR
        : arrival + (30 + Math.floor(random() * 40)) * HOUR
      answers.push({ at: answerAt, inquiry })
    }
    for (const a of answers.filter((x) => x.at <= now)) {
      const view = yield* memory.view(a.inquiry)
      const owner = view.assignees[0] ?? "ana"
      yield* memory.comment(a.inquiry, { author: owner, body: "Thanks, here is what to try.", at: now })
      answers.splice(answers.indexOf(a), 1)
    }
    yield* runner.run({ now })
  }
  const receipts = yield* Stream.runCollect(store.receipts)
  const started = performance.now()
  const data = yield* ReportData.fromStore(store, { profile, schedule, now: end })
  const html = render(data)
  const ms = performance.now() - started
  return { opened, receipts: receipts.length, html, ms }
})

const out = await Effect.runPromise(Effect.provide(program, Sqlite.layer({ file: join(dbDir, "sre.db") })))
mkdirSync(outDir, { recursive: true })
writeFileSync(join(outDir, "index.html"), out.html)
console.log(`a month of ${profile.name}: ${out.opened} inquiries, ${out.receipts} actions taken by the runner on SQLite (${join(dbDir, "sre.db")})`)
console.log(`report written to ${join(outDir, "index.html")} (built from the store in ${out.ms.toFixed(0)} ms)`)
