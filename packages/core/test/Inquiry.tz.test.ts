// Covered-time cases of the inquiry clocks; rerun under several process time zones by
// `pnpm test`, so nothing may depend on the process zone. Expected values are derived
// by hand from VisIt's calendar (sla-anchors.md §4 probe fixtures).
import { Duration } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Inquiry from "../src/Inquiry.js"
import { visitCoverage } from "./support.js"

const MIN = 60_000
const HOUR = 3_600_000

// VisIt: Mon-Fri 08:00-12:00 and 13:00-17:00, US Pacific time, holiday 2024-07-04.
const visit = visitCoverage({ dates: ["2024-07-04"] })
const policy = Inquiry.responsePolicy({ team: ["ada", "bob"] })

type Json = Record<string, unknown>
const ev = (type: string, at: string, actor: string, extra: Json = {}): Json => ({ type, inquiry: "support#9", at, actor, ...extra })
const opened = (at: string, extra: Json = {}): Json =>
  ev("opened", at, "user:ann", { reporter: "user:ann", channel: "github-discussion", title: "?", ...extra })
const answer = (at: string, actor = "ada"): Json => ev("commented", at, actor, { visibility: "public" })
const state = (events: ReadonlyArray<Json>): Inquiry.State => Inquiry.replaySync(Inquiry.decodeEventsSync(events), { policy })
const clock = (events: ReadonlyArray<Json>, now: string, goals = Inquiry.goals()): Inquiry.ResponseClockMillis =>
  Inquiry.responseClockMillis(state(events), visit, goals, Date.parse(now))

describe("Inquiry response clock in covered time", () => {
  it("a Friday-evening inquiry answered Monday 09:00 took 1 covered hour, not 63.5 wall-clock hours", () => {
    // Fri 2024-01-05 17:30 PST → Mon 2024-01-08 09:00 PST
    const c = clock([opened("2024-01-06T01:30:00Z"), answer("2024-01-08T17:00:00Z")], "2024-01-10T00:00:00Z")
    expect(c.elapsed).toBe(HOUR)
    expect(c.wallElapsed).toBe(63.5 * HOUR)
    expect(c.startedAt).toBe(Date.parse("2024-01-08T16:00:00Z")) // counts from Monday 08:00
    expect(c.due).toBe(Date.parse("2024-01-08T20:00:00Z")) // Monday 12:00
    expect([c.status, c.breached, c.stoppedBy]).toEqual(["met", false, "response"])
    const pub = Inquiry.responseClock(state([opened("2024-01-06T01:30:00Z"), answer("2024-01-08T17:00:00Z")]), { coverage: visit, now: "2024-01-10T00:00:00Z" })
    expect(Duration.toHours(pub.elapsed)).toBe(1)
  })

  it("across the spring-forward weekend: Fri 16:30 PST → Mon 09:00 PDT is 90 covered minutes; due Mon 11:30 PDT", () => {
    const c = clock([opened("2024-03-09T00:30:00Z"), answer("2024-03-11T16:00:00Z")], "2024-03-12T00:00:00Z")
    expect(c.elapsed).toBe(90 * MIN)
    expect(c.due).toBe(Date.parse("2024-03-11T18:30:00Z"))
  })

  it("across the fall-back weekend: Fri 16:00 PDT → Mon 08:30 PST is 90 covered minutes", () => {
    expect(clock([opened("2024-11-01T23:00:00Z"), answer("2024-11-04T16:30:00Z")], "2024-11-05T00:00:00Z").elapsed).toBe(90 * MIN)
  })

  it("across a holiday: Wed 07-03 16:00 → Fri 07-05 09:00 PDT is 120 covered minutes; due Fri 11:00", () => {
    const c = clock([opened("2024-07-03T23:00:00Z"), answer("2024-07-05T16:00:00Z")], "2024-07-06T00:00:00Z")
    expect(c.elapsed).toBe(120 * MIN)
    expect(c.due).toBe(Date.parse("2024-07-05T18:00:00Z"))
  })

  it("an inquiry created on Saturday starts counting Monday 08:00; inside the lunch gap counts nothing", () => {
    const c = clock([opened("2024-01-13T18:00:00Z"), answer("2024-01-15T16:30:00Z")], "2024-01-16T00:00:00Z")
    expect([c.startedAt, c.elapsed]).toEqual([Date.parse("2024-01-15T16:00:00Z"), 30 * MIN])
    expect(clock([opened("2024-01-16T20:15:00Z"), answer("2024-01-16T21:30:00Z")], "2024-01-17T00:00:00Z").elapsed).toBe(30 * MIN)
  })

  it("breach is decided by covered elapsed time: a reply during lunch after a due of 12:00 still meets a 4-hour goal", () => {
    // Opened Tue 08:00; 4 covered hours end exactly at the 12:00 window end.
    const lunch = clock([opened("2024-01-16T16:00:00Z"), answer("2024-01-16T20:45:00Z")], "2024-01-17T00:00:00Z")
    expect(lunch.due).toBe(Date.parse("2024-01-16T20:00:00Z"))
    expect([lunch.elapsed, lunch.breached, lunch.status]).toEqual([4 * HOUR, false, "met"])
    const late = clock([opened("2024-01-16T16:00:00Z"), answer("2024-01-16T21:00:01Z")], "2024-01-17T00:00:00Z")
    expect([late.elapsed, late.breached, late.status]).toEqual([4 * HOUR + 1000, true, "missed"])
  })

  it("goals per priority: VisIt's high-priority customers get 1 hour", () => {
    const goals = Inquiry.goals({ byPriority: { high: "1 hour" } })
    const events = (priority: string): ReadonlyArray<Json> => [opened("2024-01-15T17:00:00Z", { priority }), answer("2024-01-15T18:30:00Z")]
    expect(clock(events("high"), "2024-01-16T00:00:00Z", goals).status).toBe("missed")
    expect(clock(events("normal"), "2024-01-16T00:00:00Z", goals).status).toBe("met")
  })

  it("a running clock is running, then at risk, then breached (open and breaching), with remaining time", () => {
    const events = [opened("2024-01-15T16:00:00Z")] // Mon 08:00 PST
    const at = (now: string): Inquiry.ResponseClockMillis => clock(events, now)
    expect([at("2024-01-15T18:00:00Z").status, at("2024-01-15T18:00:00Z").remaining]).toEqual(["running", 2 * HOUR])
    const risky = at("2024-01-15T19:30:00Z") // 11:30: 3.5 of 4 covered hours used
    expect([risky.status, risky.elapsed, risky.atRisk]).toEqual(["at-risk", 3.5 * HOUR, true])
    const late = at("2024-01-16T00:00:00Z")
    expect([late.status, late.breached, late.remaining, late.elapsed]).toEqual(["breached", true, 0, 7 * HOUR])
    expect(at("2024-01-15T12:00:00Z").elapsed).toBe(0) // before opening
  })

  it("a priority change keeps the covered time already elapsed", () => {
    const goals = Inquiry.goals({ byPriority: { high: "1 hour" } })
    const c = clock([opened("2024-01-15T16:00:00Z"), ev("reprioritized", "2024-01-15T18:00:00Z", "ada", { priority: "high" })], "2024-01-15T18:30:00Z", goals)
    expect([c.goal, c.elapsed, c.status]).toEqual([HOUR, 2.5 * HOUR, "breached"])
  })

  it("a resolution before any response stops the response clock", () => {
    const c = clock([opened("2024-01-15T16:00:00Z"), ev("resolved", "2024-01-15T17:00:00Z", "bob", { kind: "known-issue" })], "2024-01-20T00:00:00Z")
    expect([c.stoppedBy, c.elapsed, c.status]).toEqual(["resolution", HOUR, "met"])
  })
})

describe("Inquiry resolution clock in covered time", () => {
  it("pauses while waiting on the reporter, per cycle, across a reopen", () => {
    const s = state([
      opened("2024-01-15T16:00:00Z"), // Mon 08:00
      ev("status-changed", "2024-01-15T17:00:00Z", "ada", { status: "waiting-on-reporter" }), // Mon 09:00
      ev("commented", "2024-01-16T17:00:00Z", "user:ann", { visibility: "public" }), // Tue 09:00: the wait ends
      ev("resolved", "2024-01-16T18:00:00Z", "ada", { kind: "workaround" }), // Tue 10:00
      ev("closed", "2024-01-16T18:05:00Z", "ada", { reason: "resolved" }),
      ev("reopened", "2024-01-19T23:00:00Z", "user:ann"), // Fri 15:00
      ev("promoted", "2024-01-22T17:00:00Z", "bob", { reference: "visit#1" }) // Mon 09:00
    ])
    const [first, second] = Inquiry.resolutionClockMillis(s, visit, Date.parse("2024-02-01T00:00:00Z"))
    expect([first?.elapsed, first?.paused, first?.wallPaused, first?.kinds]).toEqual([2 * HOUR, 8 * HOUR, 24 * HOUR, ["workaround"]])
    expect([second?.elapsed, second?.kinds, second?.running]).toEqual([3 * HOUR, ["promoted"], false])
    const m = Inquiry.measureMillis(s, visit, Inquiry.goals(), Date.parse("2024-02-01T00:00:00Z"))
    expect([m.timeToFirstResolutionCovered, m.timeToLastResolutionCovered, m.cycles, m.reopens, m.promoted]).toEqual([10 * HOUR, 41 * HOUR, 2, 1, true])
    expect(m.pausedCovered).toBe(8 * HOUR)
    // Waiting on a third party does not pause unless asked to.
    const third = state([
      opened("2024-01-15T16:00:00Z"),
      ev("status-changed", "2024-01-15T17:00:00Z", "ada", { status: "waiting-on-third-party" }),
      ev("resolved", "2024-01-15T19:00:00Z", "ada", { kind: "answered" })
    ])
    expect(Inquiry.resolutionClockMillis(third, visit, Date.parse("2024-02-01T00:00:00Z"))[0]?.elapsed).toBe(3 * HOUR)
    expect(Inquiry.resolutionClockMillis(third, visit, Date.parse("2024-02-01T00:00:00Z"), ["waiting-on-reporter", "waiting-on-third-party"])[0]?.elapsed).toBe(
      HOUR
    )
  })
})

// ---------------------------------------------------------------------------
// Properties over random histories in covered time
// ---------------------------------------------------------------------------

const history = fc
  .record({
    start: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2025, 11, 1) }),
    gaps: fc.array(fc.integer({ min: 0, max: 5 * 86_400_000 }), { minLength: 1, maxLength: 6 }),
    kinds: fc.array(fc.constantFrom("commented", "internal", "status", "resolved", "closed"), { minLength: 1, maxLength: 6 })
  })
  .map(({ start, gaps, kinds }) => {
    const iso = (ms: number): string => new Date(ms).toISOString()
    const out: Array<Json> = [opened(iso(start))]
    let t = start
    let closed = false
    kinds.forEach((k, i) => {
      if (closed) return
      t += gaps[i % gaps.length] ?? 0
      if (k === "commented") out.push(answer(iso(t), i % 2 === 0 ? "ada" : "user:ann"))
      else if (k === "internal") out.push(ev("commented", iso(t), "bob", { visibility: "internal" }))
      else if (k === "status") out.push(ev("status-changed", iso(t), "bob", { status: "waiting-on-reporter" }))
      else if (k === "resolved") out.push(ev("resolved", iso(t), "bob", { kind: "answered" }))
      else {
        out.push(ev("closed", iso(t), "bob", { reason: "resolved" }))
        closed = true
      }
    })
    return { events: out, now: t + 86_400_000 }
  })

describe("Inquiry clock properties (VisIt calendar)", () => {
  it("covered time <= wall-clock time, the response clock <= time to first resolution, measures agree with the clock", () => {
    fc.assert(
      fc.property(history, ({ events, now }) => {
        const s = state(events)
        const m = Inquiry.measureMillis(s, visit, Inquiry.goals(), now)
        const rc = Inquiry.responseClockMillis(s, visit, Inquiry.goals(), now)
        expect(rc.elapsed).toBeLessThanOrEqual(rc.wallElapsed)
        if (m.timeToFirstResponseCovered !== undefined) expect(m.timeToFirstResponseCovered).toBeLessThanOrEqual(m.timeToFirstResponseWall ?? -1)
        if (m.timeToFirstResolutionCovered !== undefined) {
          expect(m.timeToFirstResolutionCovered).toBeLessThanOrEqual(m.timeToFirstResolutionWall ?? -1)
          expect(rc.elapsed).toBeLessThanOrEqual(m.timeToFirstResolutionCovered)
          expect(rc.stoppedAt).toBeDefined()
        }
        for (const c of Inquiry.resolutionClockMillis(s, visit, now)) {
          expect(c.elapsed).toBeLessThanOrEqual(c.wallElapsed)
          expect(c.elapsed).toBeGreaterThanOrEqual(0)
        }
        expect(rc.breached).toBe(rc.elapsed > rc.goal)
        expect([m.responseStatus, m.responseClockCovered, m.responseBreached, m.responseGoal]).toEqual([rc.status, rc.elapsed, rc.breached, rc.goal])
      }),
      { numRuns: 60 }
    )
  })
})

// ---------------------------------------------------------------------------
// Stale rule in calendar days of the team's zone
// ---------------------------------------------------------------------------

const DAY = 86_400_000
const waitingSince = (at: string): Inquiry.State => state([opened(at), ev("status-changed", at, "ada", { status: "waiting-on-reporter" })])
const dueIso = (s: Inquiry.State, options: Inquiry.StaleOptions = {}): string | undefined => {
  const due = Inquiry.staleDue(s, options)
  return due === undefined ? undefined : new Date(due.dueAt).toISOString()
}

describe("Inquiry stale rule counts calendar days in the team's zone", () => {
  it("across spring forward: Fri 03-01 10:00 PST + 21 days is Fri 03-22 10:00 PDT (one hour less elapsed)", () => {
    const s = waitingSince("2024-03-01T18:00:00Z")
    expect(dueIso(s, { coverage: visit })).toBe("2024-03-22T17:00:00.000Z")
    expect(dueIso(s, { timeZone: "America/Los_Angeles" })).toBe("2024-03-22T17:00:00.000Z")
    expect(Inquiry.staleActions(s, { coverage: visit, now: "2024-03-22T16:59:59Z", shift: 1 })).toEqual([])
    expect(Inquiry.staleActions(s, { coverage: visit, now: "2024-03-22T17:00:00Z", shift: 1 }).map((a) => a._tag)).toEqual(["AddLabel", "Close"])
  })

  it("across fall back: Fri 10-25 10:00 PDT + 21 days is Fri 11-15 10:00 PST (one hour more elapsed)", () => {
    expect(dueIso(waitingSince("2024-10-25T17:00:00Z"), { coverage: visit })).toBe("2024-11-15T18:00:00.000Z")
    // Noon the day before fall back + 1 day is noon the next day: 25 hours.
    expect(dueIso(waitingSince("2024-11-02T19:00:00Z"), { coverage: visit, after: "1 day" })).toBe("2024-11-03T20:00:00.000Z")
  })

  it("a local time missing on the due day moves forward by the gap; an ambiguous one takes the earlier instant", () => {
    // Sat 03-09 02:30 PST + 1 day: 02:30 does not exist on 03-10, so 03:30 PDT.
    expect(dueIso(waitingSince("2024-03-09T10:30:00Z"), { coverage: visit, after: "1 day" })).toBe("2024-03-10T10:30:00.000Z")
    // Sat 11-02 01:30 PDT + 1 day: 01:30 happens twice on 11-03; the first (PDT) is due.
    expect(dueIso(waitingSince("2024-11-02T08:30:00Z"), { coverage: visit, after: "1 day" })).toBe("2024-11-03T08:30:00.000Z")
  })

  it("whole days given in milliseconds are calendar days too; any other duration is elapsed time", () => {
    const s = waitingSince("2024-03-01T18:00:00Z")
    expect(dueIso(s, { coverage: visit, after: 21 * DAY })).toBe(dueIso(s, { coverage: visit }))
    expect(dueIso(s, { coverage: visit, after: Duration.days(21) })).toBe("2024-03-22T17:00:00.000Z")
    // Sat 03-09 12:00 PST + 36 hours of elapsed time, DST or not.
    expect(dueIso(waitingSince("2024-03-09T20:00:00Z"), { coverage: visit, after: "36 hours" })).toBe("2024-03-11T08:00:00.000Z")
    expect(dueIso(waitingSince("2024-03-09T20:00:00Z"), { coverage: visit, after: 36 * HOUR })).toBe("2024-03-11T08:00:00.000Z")
  })

  it("an explicit timeZone wins over the coverage calendar's; without either, days are UTC days", () => {
    // Fri 03-22 10:00 CET + 21 days is Fri 04-12 10:00 CEST (Europe moves its clocks on 03-31).
    const s = waitingSince("2024-03-22T09:00:00Z")
    expect(dueIso(s, { coverage: visit, timeZone: "Europe/Paris" })).toBe("2024-04-12T08:00:00.000Z")
    expect(dueIso(s, { coverage: visit })).toBe("2024-04-12T09:00:00.000Z") // Los Angeles changed on 03-10: no change in between
    expect(dueIso(waitingSince("2024-03-01T18:00:00Z"))).toBe("2024-03-22T18:00:00.000Z")
    expect(() => Inquiry.staleDue(s, { timeZone: "Mars/Olympus" })).toThrow(/timeZone: expected an IANA time zone/)
  })

  const transitions = [
    "2024-03-10T10:00:00Z",
    "2024-11-03T09:00:00Z",
    "2025-03-09T10:00:00Z",
    "2025-11-02T09:00:00Z", // Los Angeles
    "2024-03-31T01:00:00Z",
    "2024-10-27T01:00:00Z", // Paris
    "2024-04-06T16:00:00Z",
    "2024-10-05T16:00:00Z" // Sydney
  ]
  // Oracle: Intl's own local reading of both instants (no zone arithmetic of ours).
  const reader = new Map<string, Intl.DateTimeFormat>()
  const local = (zone: string, ms: number): { readonly day: number; readonly minute: number } => {
    let f = reader.get(zone)
    if (f === undefined) {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric"
      })
      reader.set(zone, f)
    }
    const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, Number(x.value)]))
    return { day: Date.UTC(p["year"] ?? 0, (p["month"] ?? 1) - 1, p["day"] ?? 1) / DAY, minute: (p["hour"] ?? 0) * 60 + (p["minute"] ?? 0) }
  }

  it("property: due N local days later at the same local time (or just after a gap), the earliest such instant", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: Date.UTC(2024, 0, 1) / MIN, max: Date.UTC(2026, 0, 1) / MIN }).map((m) => ({ minute: m, toTransition: false })),
          // Near a DST change N days later, so gaps and overlaps are hit often.
          fc.record({ t: fc.constantFrom(...transitions), d: fc.integer({ min: -150, max: 150 }) }).map(({ t, d }) => ({
            minute: Date.parse(t) / MIN + d,
            toTransition: true
          }))
        ),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom("America/Los_Angeles", "Europe/Paris", "Australia/Sydney", "UTC"),
        ({ minute, toTransition }, days, zone) => {
          const since = minute * MIN - (toTransition ? days * DAY : 0)
          const due = Inquiry.staleDue(waitingSince(new Date(since).toISOString()), { timeZone: zone, after: `${days} days` })?.dueAt ?? Number.NaN
          const a = local(zone, since)
          const b = local(zone, due)
          expect(b.day).toBe(a.day + days)
          // Equal local time, or the local time did not exist that day and moved forward by the 1-hour gap.
          if (b.minute !== a.minute) {
            expect(b.minute).toBe(a.minute + 60)
            // An hour earlier the clock read an hour before the target: it jumped over the target.
            expect(local(zone, due - HOUR)).toEqual({ day: b.day, minute: a.minute - 60 })
          }
          // No earlier instant reads the same local day and time (fall back: the first of two).
          expect(local(zone, due - HOUR)).not.toEqual(b)
        }
      ),
      { numRuns: 300 }
    )
  })
})
