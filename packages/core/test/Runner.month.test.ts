// The whole runner over a simulated month of a VisIt-like team (test/runnerMonth.ts): every
// action taken exactly once and exactly when due.
import { Effect, Stream } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { Coverage, type Tracker, type Types } from "../src/index.js"
import { coverage, firstPlan, hour, la, members, type Month, month, start } from "./runnerMonth.js"

// The first hourly tick at or after `t` (ticks run on the hour from the month's start).
const tickAt = (t: number): number => start + Math.ceil((t - start) / hour) * hour
// The first hourly tick strictly after `t`.
const tickAfter = (t: number): number => start + (Math.floor((t - start) / hour) + 1) * hour

let m: Month
let receipts: ReadonlyArray<Tracker.Receipt>
let duties: ReadonlyArray<Types.Duty>
beforeAll(async () => {
  m = await Effect.runPromise(month())
  receipts = await Effect.runPromise(Stream.runCollect(m.store.receipts))
  const latest = await Effect.runPromise(m.store.latestSchedule)
  duties = (latest?.document as { readonly duties: ReadonlyArray<Types.Duty> }).duties
})
const at = (key: string): number | undefined => receipts.find((r) => r.key === key)?.executedAt
const id = (name: string): string => m.ids.get(name) as string
const dutyAt = (t: number): Types.Duty => duties.find((d) => d.start <= t && t < d.end) as Types.Duty

describe("Runner over a simulated month", () => {
  it("takes every action exactly once: unique receipts, no duplicate tracker write, nothing left, a rerun queues nothing", async () => {
    const keys = receipts.map((r) => r.key)
    expect(new Set(keys).size).toBe(keys.length)
    const writes = await Effect.runPromise(m.memory.writeLog)
    const written = writes.map((l) => l.split(" ")[2])
    expect(new Set(written).size).toBe(written.length)
    expect(await Effect.runPromise(m.store.pending())).toEqual([])
    const again = await Effect.runPromise(m.runner.run({ now: m.ticks[m.ticks.length - 1] as number }))
    expect(again.tick.queued).toBe(0)
    expect(again.execute.receipts).toEqual([])
    // Every notification was delivered once.
    const deliveries = await Effect.runPromise(m.notifier.deliveries)
    expect(new Set(deliveries.map((d) => d.key)).size).toBe(deliveries.length)
  })

  it("assigns a weekday arrival at once to the Primary on duty, with an acknowledgement naming them", async () => {
    const opened = la(5, 10)
    expect(at(`${id("weekday")}:s0:assign`)).toBe(tickAt(opened))
    expect(at(`${id("weekday")}:s0:ack`)).toBe(tickAt(opened))
    const view = await Effect.runPromise(m.memory.view(m.ids.get("weekday") as Types.InquiryId))
    expect(view.comments[0]?.body).toContain(`@${dutyAt(opened).primary} is on support duty`)
  })

  it("assigns weekend and holiday arrivals to the Primary of the next covered period", async () => {
    for (const [name, opened] of [["weekend", la(10, 12)], ["holiday", la(19, 10)]] as const) {
      const next = dutyAt(Coverage.nextStartMillis(coverage, opened))
      const receipt = receipts.find((r) => r.key.startsWith(`${id(name)}:`) && r.key.endsWith(":assign") && !r.key.includes("handoff"))
      expect(receipt?.executedAt).toBe(tickAt(opened))
      expect(receipt?.key).toBe(`${id(name)}:s${next.shift}:assign`)
      const assigned = receipt?.events.find((e) => e.type === "assigned")
      expect(assigned?.type === "assigned" ? assigned.to : undefined).toBe(next.primary)
    }
    // Saturday is in shift 0, but the next covered period is Monday's shift 1.
    expect(dutyAt(la(10, 12)).shift).toBe(0)
    expect(dutyAt(Coverage.nextStartMillis(coverage, la(10, 12))).shift).toBe(1)
  })

  it("reminds the Primary once when the response is at risk, and the Primary and Backup once when breached", async () => {
    const opened = la(6, 9)
    const riskAt = Coverage.addCoveredMillis(coverage, opened, 3 * hour)
    const dueAt = Coverage.addCoveredMillis(coverage, opened, 4 * hour)
    const duty = dutyAt(opened)
    expect(at(`${id("breach")}:s0:at-risk`)).toBe(tickAt(riskAt))
    expect(at(`${id("breach")}:s0:breached:primary`)).toBe(tickAfter(dueAt))
    expect(at(`${id("breach")}:s0:breached:backup`)).toBe(tickAfter(dueAt))
    const reminders = receipts.filter((r) => r.key.includes(":at-risk") || r.key.includes(":breached"))
    expect(reminders.map((r) => r.key).sort()).toEqual([
      `${id("breach")}:s0:at-risk`,
      `${id("breach")}:s0:breached:backup`,
      `${id("breach")}:s0:breached:primary`
    ])
    const notices = await Effect.runPromise(m.notifier.deliveries)
    expect(notices.filter((d) => d.key.includes(":breached:")).map((d) => d.to).sort()).toEqual([duty.backup, duty.primary].sort())
  })

  it("closes the inquiry waiting on its reporter 21 days on, as not planned, and leaves the pinned one", async () => {
    const closes = receipts.filter((r) => r.action === "Close")
    expect(closes.map((r) => [r.key.split(":")[0], r.executedAt])).toEqual([[id("stale"), tickAt(la(28, 11, 5))]])
    const stale = await Effect.runPromise(m.memory.view(m.ids.get("stale") as Types.InquiryId))
    expect(stale).toMatchObject({ open: false, closeReason: "not-planned" })
    expect(stale.labels).toContain("wontfix")
    const pinned = await Effect.runPromise(m.memory.view(m.ids.get("pinned") as Types.InquiryId))
    expect(pinned.open).toBe(true)
  })

  it("hands off at each shift end, once, to the incoming Primary and Backup", () => {
    const notes = receipts.filter((r) => r.key.startsWith("handoff:"))
    const ends = duties.filter((d) => d.end <= (m.ticks[m.ticks.length - 1] as number)).map((d) => d.end)
    expect(ends.length).toBeGreaterThanOrEqual(2)
    for (const end of ends) {
      const outgoing = duties.find((d) => d.end === end) as Types.Duty
      const incoming = dutyAt(end)
      const these = notes.filter((r) => r.key.startsWith(`handoff:s${outgoing.shift}:`))
      expect(these.map((r) => r.key).sort()).toEqual(
        [`handoff:s${outgoing.shift}:note:${incoming.backup}`, `handoff:s${outgoing.shift}:note:${incoming.primary}`].sort()
      )
      for (const r of these) expect(r.executedAt).toBe(end)
    }
    expect(notes.length).toBe(ends.length * 2)
  })

  it("tells exactly the members whose future duties changed when an absence and a swap are published", async () => {
    const versions = await Effect.runPromise(Stream.runCollect(m.store.schedules))
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3])
    const base = firstPlan()
    const v = (n: number) => (versions[n - 1]?.document as { readonly duties: ReadonlyArray<Types.Duty> }).duties
    // A member's future duties as text: which shifts, in which role.
    const roles = (ds: ReadonlyArray<Types.Duty>, member: string, after: number) =>
      ds
        .filter((d) => d.start >= after)
        .flatMap((d) => [...(d.primary === member ? [`${d.shift}:primary`] : []), ...(d.backup === member ? [`${d.shift}:backup`] : [])])
        .join(",")
    const changedBetween = (a: ReadonlyArray<Types.Duty>, b: ReadonlyArray<Types.Duty>, after: number) =>
      members.filter((x) => roles(a, x, after) !== roles(b, x, after)).sort()
    expect(v(1)).toEqual(base)
    const notified = (version: number) => receipts.filter((r) => r.key.startsWith(`schedule:v${version}:`)).map((r) => r.key.split(":").pop()).sort()
    expect(notified(2)).toEqual(changedBetween(v(1), v(2), la(14, 12)))
    expect(notified(3)).toEqual(changedBetween(v(2), v(3), la(15, 12)))
    expect(notified(2).length).toBeGreaterThan(0)
    expect(notified(3).length).toBeGreaterThan(0)
    // Started shifts are frozen: the published prefix never changes.
    for (const d of v(1).filter((x) => x.start < la(14, 12))) expect(v(3).find((x) => x.shift === d.shift)).toEqual(d)
  })
})
