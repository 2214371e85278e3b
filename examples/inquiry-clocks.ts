// Inquiry clocks on VisIt's calendar: a Friday-evening inquiry answered on Monday, a reopened
// one promoted to a product issue, an unanswered one breaching its 1-hour high-priority goal,
// one the reporter went silent on (the stale rule's due actions), and who owned each one.
// Run: node --import tsx --conditions=@sre-uxdd/source examples/inquiry-clocks.ts
import { Coverage, Inquiry, type Types } from "@sre-uxdd/core"
import assert from "node:assert/strict"

const HOUR = 3_600_000
const coverage = Coverage.make({
  timeZone: "America/Los_Angeles",
  weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], windows: ["08:00-12:00", "13:00-17:00"] }],
  holidays: { dates: ["2024-07-04"] }
})
const goals = Inquiry.goals({ default: "4 hours", byPriority: { high: "1 hour" }, atRisk: 0.75 })
const policy = Inquiry.responsePolicy({ team: ["ada", "bob", "cy"], bots: ["sre-bot"] })
const now = "2024-02-01T00:00:00Z"

// What an adapter would produce from a tracker history (plain JSON, e.g. read from a store).
const histories: Record<string, ReadonlyArray<unknown>> = {
  "support#1": [
    // Friday 2024-01-05 17:30 in Los Angeles, after coverage ended.
    {
      type: "opened",
      inquiry: "support#1",
      at: "2024-01-06T01:30:00Z",
      actor: "user:ann",
      reporter: "user:ann",
      channel: "github-discussion",
      title: "Crash when opening a Silo file"
    },
    { type: "commented", inquiry: "support#1", at: "2024-01-06T01:31:00Z", actor: "sre-bot", visibility: "public" },
    // Monday 09:00: the first human response.
    { type: "commented", inquiry: "support#1", at: "2024-01-08T17:00:00Z", actor: "ada", visibility: "public" },
    { type: "resolved", inquiry: "support#1", at: "2024-01-08T19:00:00Z", actor: "ada", kind: "workaround" },
    { type: "closed", inquiry: "support#1", at: "2024-01-08T19:05:00Z", actor: "ada", reason: "resolved" },
    { type: "reopened", inquiry: "support#1", at: "2024-01-10T17:00:00Z", actor: "user:ann", reason: "work-around fails on 3.4" },
    { type: "commented", inquiry: "support#1", at: "2024-01-10T18:00:00Z", actor: "ada", visibility: "public" },
    { type: "promoted", inquiry: "support#1", at: "2024-01-11T18:00:00Z", actor: "ada", reference: "visit-dav/visit#19234" },
    { type: "closed", inquiry: "support#1", at: "2024-01-11T18:05:00Z", actor: "ada", reason: "resolved" }
  ],
  "support#2": [
    // Tuesday 09:00, high priority, nobody answers.
    {
      type: "opened",
      inquiry: "support#2",
      at: "2024-01-30T17:00:00Z",
      actor: "user:lab",
      reporter: "user:lab",
      channel: "hotline",
      title: "Licence server down",
      priority: "high"
    },
    { type: "commented", inquiry: "support#2", at: "2024-01-30T17:10:00Z", actor: "bob", visibility: "internal" }
  ],
  "support#3": [
    {
      type: "opened",
      inquiry: "support#3",
      at: "2024-01-02T17:00:00Z",
      actor: "user:zoe",
      reporter: "user:zoe",
      channel: "email",
      title: "How do I script a movie?"
    },
    { type: "commented", inquiry: "support#3", at: "2024-01-02T18:00:00Z", actor: "bob", visibility: "public" },
    { type: "status-changed", inquiry: "support#3", at: "2024-01-02T18:00:00Z", actor: "bob", status: "waiting-on-reporter" }
  ]
}

const states = Object.entries(histories).map(([id, raw]) => {
  const state = Inquiry.replaySync(Inquiry.decodeEventsSync(raw), { policy })
  assert.equal(state.inquiry, id)
  return state
})

for (const state of states) {
  const clock = Inquiry.responseClock(state, { coverage, goals, now })
  const m = Inquiry.measure(state, { coverage, goals, now })
  const hours = (ms: number | undefined): string => (ms === undefined ? "-" : `${(ms / HOUR).toFixed(2)} h`)
  console.log(
    `${state.inquiry}: response ${clock.status} (covered ${hours(m.responseClockCovered)} of ${hours(m.responseGoal)}, wall ${
      hours(m.timeToFirstResponseWall)
    }), ` +
      `cycles ${m.cycles}, first resolution ${hours(m.timeToFirstResolutionCovered)} covered, kinds [${m.resolutionKinds.join(", ")}]` +
      (m.promotedTo === undefined ? "" : `, promoted to ${m.promotedTo}`)
  )
}

const [one, two, three] = states as [Inquiry.State, Inquiry.State, Inquiry.State]
// The Friday-evening inquiry took 1 covered hour (Monday 08:00-09:00), not 63.5 wall-clock hours.
const m1 = Inquiry.measure(one, { coverage, goals, now })
assert.equal(m1.timeToFirstResponseCovered, HOUR)
assert.equal(m1.timeToFirstResponseWall, 63.5 * HOUR)
assert.equal(m1.responseStatus, "met")
assert.equal(m1.firstResponder, "ada") // the bot's acknowledgement does not count
assert.deepEqual([m1.cycles, m1.reopens, m1.promoted], [2, 1, true])
assert.deepEqual(m1.resolutionKinds, ["workaround", "promoted"])

// The unanswered high-priority inquiry is open and breaching its 1-hour goal.
const c2 = Inquiry.responseClock(two, { coverage, goals, now })
assert.equal(c2.status, "breached")
assert.equal(c2.stoppedAt, undefined)

// Nobody heard back from the reporter of support#3 for 21 days (calendar days in the
// coverage calendar's zone): close it as stale.
const actions = Inquiry.staleActions(three, { coverage, now, shift: 4 })
console.log(`support#3 stale actions: ${actions.map((a) => `${a._tag} (${a.key})`).join(", ")}`)
assert.deepEqual(
  actions.map((a) => a._tag),
  ["AddLabel", "Close"]
)
assert.deepEqual(Inquiry.staleActions(three, { coverage, now: "2024-01-20T00:00:00Z", shift: 2 }), [])

// Ownership from a weekly rotation (as Rotation publishes it): the Primary of the shift.
const week = 7 * 24 * HOUR
const monday = Date.parse("2024-01-01T16:00:00Z")
const duties: ReadonlyArray<Types.Duty> = ["ada", "bob", "cy", "ada", "bob"].map((primary, shift) => ({
  shift,
  start: monday + shift * week,
  end: monday + (shift + 1) * week,
  primary: primary as Types.MemberId,
  backup: undefined
}))
const owners = Inquiry.ownersByShift(one, duties, now)
console.log(`support#1 owners per shift: ${owners.map((o) => `${o.shift}:${o.owner}`).join(" ")}`)
assert.deepEqual(
  owners.map((o) => o.owner),
  ["ada", "bob"]
)
