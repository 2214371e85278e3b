// A month of the support process run by the Runner against the in-memory tracker, store and
// notifier: a VisIt-like team with weekly shifts handed off Monday 08:00 Pacific, covered
// 08:00-12:00 and 13:00-17:00 on weekdays without US holidays. Inquiries arrive on weekdays,
// a Saturday and a holiday; one is answered late; one waits on its reporter until the stale
// rule closes it; an absence is published mid-month. The runner runs every hour (as a
// scheduled job would: sync, tick, execute). Prints the log and asserts it.
import { Coverage, Notifier, Rotation, Runner, Store, Team, Tracker, type Types } from "@sre-uxdd/core"
import { Effect, Layer, Stream } from "effect"
import assert from "node:assert/strict"

const hour = 3_600_000
const zone = "America/Los_Angeles"
const la = (d: number, h: number, min = 0): number => Date.UTC(2026, 0, d, h + 8, min) // January 2026 is PST (UTC-8)

const coverage = Coverage.make({
  timeZone: zone,
  weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], windows: ["08:00-12:00", "13:00-17:00"] }],
  holidays: { regions: ["US"] }
})
const team = Team.decodeSync({
  members: [
    { id: "eric", name: "Eric", weight: 1, backup: { senior: true } },
    { id: "kathleen", name: "Kathleen", weight: 0.5, backup: { senior: true } },
    { id: "mark", name: "Mark", weight: 1, backup: { senior: true } },
    { id: "cyrus", name: "Cyrus", weight: 0.5 },
    { id: "justin", name: "Justin", weight: 0.8 }
  ]
})
const start = la(5, 8)
const end = la(31, 23)
const plan = Rotation.planSync({ team, coverage, shifts: { start: "2026-01-05", at: "08:00", length: { weeks: 1 } }, from: start, to: end }).duties
// Edits the team records (an absence's substitute): the planner applies them to the plan.
const edits = new Map<number, Types.MemberId>()

const program = Effect.gen(function*() {
  const memory = yield* Tracker.makeMemory({ members: team.members.map((m) => m.id) })
  const store = yield* Store.makeMemory
  const notifier = yield* Notifier.makeMemory
  const ports = Layer.mergeAll(
    Layer.succeed(Tracker.Tracker)(memory.service),
    Layer.succeed(Store.Store)(store),
    Layer.succeed(Notifier.Notifier)(notifier.service)
  )
  const runner = yield* Effect.provide(
    Runner.make({
      team: team.members.map((m) => m.id),
      roster: team,
      duties: plan,
      coverage,
      timeZone: zone,
      acknowledge: true,
      stale: { exemptLabels: ["pinned"] },
      planner: ({ horizon }) => Effect.succeed(plan.filter((d) => d.start < horizon).map((d) => ({ ...d, primary: edits.get(d.shift) ?? d.primary })))
    }),
    ports
  )
  const ids = new Map<string, Types.InquiryId>()
  const primaryAt = (t: number) =>
    Effect.map(
      store.latestSchedule,
      (v) => ((v?.document as { readonly duties: ReadonlyArray<Types.Duty> }).duties.find((d) => d.start <= t && t < d.end) as Types.Duty).primary
    )
  const script: ReadonlyArray<readonly [number, Effect.Effect<void, unknown>]> = [
    [
      la(5, 10),
      Effect.map(memory.open({ title: "Crash opening a Silo file", body: "VisIt 3.4 crashes", author: "jo", at: la(5, 10) }), (i) => void ids.set("weekday", i))
    ],
    [
      la(5, 11),
      Effect.flatMap(
        primaryAt(la(5, 11)),
        (p) => memory.comment(ids.get("weekday") as Types.InquiryId, { author: p, body: "Which Silo version?", at: la(5, 11) })
      )
    ],
    [la(6, 9), Effect.map(memory.open({ title: "Plots are empty", body: "Nothing renders", author: "sam", at: la(6, 9) }), (i) => void ids.set("late", i))],
    [
      la(6, 16, 30),
      Effect.flatMap(
        primaryAt(la(6, 16)),
        (p) => memory.comment(ids.get("late") as Types.InquiryId, { author: p, body: "Sorry for the wait", at: la(6, 16, 30) })
      )
    ],
    [la(7, 10), Effect.map(memory.open({ title: "Install on macOS", body: "dmg fails", author: "lee", at: la(7, 10) }), (i) => void ids.set("stale", i))],
    [
      la(7, 11),
      Effect.flatMap(primaryAt(la(7, 11)), (p) =>
        Effect.andThen(
          memory.comment(ids.get("stale") as Types.InquiryId, { author: p, body: "Can you send the log?", at: la(7, 11) }),
          memory.label(ids.get("stale") as Types.InquiryId, { label: "waiting-on-reporter", actor: p, at: la(7, 11) })
        ))
    ],
    [la(10, 12), Effect.map(memory.open({ title: "Saturday question", body: "?", author: "kim", at: la(10, 12) }), (i) => void ids.set("saturday", i))],
    [
      la(14, 12),
      Effect.gen(function*() {
        // The week-4 Primary announces an absence; a teammate who is not that week's Backup takes it.
        const week = plan[3] as Types.Duty
        edits.set(week.shift, team.members.map((m) => m.id).find((m) => m !== week.primary && m !== week.backup) as Types.MemberId)
        yield* runner.publish(end, { now: la(14, 12), reason: `${week.primary} is away in week 4` })
      })
    ],
    [la(19, 10), Effect.map(memory.open({ title: "Holiday question", body: "?", author: "ana", at: la(19, 10) }), (i) => void ids.set("holiday", i))]
  ]
  yield* runner.publish(end, { now: start, reason: "the month" })
  const log: Array<string> = []
  let next = 0
  for (let now = start; now <= end; now += hour) {
    while (next < script.length && (script[next] as readonly [number, unknown])[0] <= now)
      yield* (script[next++] as readonly [number, Effect.Effect<void, unknown>])[1]
    const r = yield* runner.run({ now })
    for (const receipt of r.execute.receipts)
      log.push(`${new Date(now - 8 * hour).toISOString().slice(0, 16).replace("T", " ")}  ${receipt.action.padEnd(7)} ${receipt.key}`)
  }
  return { log, receipts: yield* Stream.runCollect(store.receipts), memory, ids, deliveries: yield* notifier.deliveries, writes: yield* memory.writeLog }
})

const out = Effect.runSync(program)
console.log("Pacific time        action  key")
for (const line of out.log) console.log(line)

// Every action exactly once.
const keys = out.receipts.map((r) => r.key)
assert.equal(new Set(keys).size, keys.length)
assert.equal(new Set(out.writes.map((w) => w.split(" ")[2])).size, out.writes.length)
const when = (key: string) => out.receipts.find((r) => r.key === key)?.executedAt
const id = (name: string) => out.ids.get(name) as string
// Assigned and acknowledged the hour they arrived; the Saturday one to Monday's Primary (shift 1).
assert.equal(when(`${id("weekday")}:s0:assign`), la(5, 10))
assert.equal(when(`${id("saturday")}:s1:assign`), la(10, 12))
// The late answer: one at-risk reminder at noon, then Primary and Backup at the first run after the 4 covered hours ran out (14:00).
assert.equal(when(`${id("late")}:s0:at-risk`), la(6, 12))
assert.equal(out.receipts.filter((r) => r.key.startsWith(`${id("late")}:s0:breached:`)).length, 2)
// The Saturday and holiday inquiries are never answered: their Primary and Backup are told once, not every later owner.
assert.equal(out.receipts.filter((r) => r.key.startsWith(`${id("saturday")}:s0:breached:`)).length, 2)
// Handoffs at each Monday 08:00.
for (const d of [12, 19, 26]) assert.ok(out.receipts.some((r) => r.key.startsWith("handoff:") && r.executedAt === la(d, 8)), `handoff on Jan ${d}`)
// The stale inquiry closes 21 calendar days after it started waiting, as not planned.
assert.equal(when(`${id("stale")}:s3:close:stale`), la(28, 11))
assert.equal(Effect.runSync(out.memory.view(id("stale") as Types.InquiryId)).closeReason, "not-planned")
// The absence reached exactly the two members whose week 4 changed.
assert.equal(out.deliveries.filter((d) => d.key.startsWith("schedule:v2:")).length, 2)
console.log(`\n${out.receipts.length} actions, each once; ${out.writes.length} tracker writes`)
