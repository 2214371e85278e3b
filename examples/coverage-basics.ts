// Covered time with the VisIt calendar: when does the response clock start, how much covered
// time has passed, when is a 4-hour goal due, and what a bad calendar looks like.
import { Coverage, Types } from "@sre-uxdd/core"
import { DateTime, Duration } from "effect"
import assert from "node:assert/strict"

const visit = Coverage.decodeSync({
  timeZone: "America/Los_Angeles",
  weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], windows: ["08:00-12:00", "13:00-17:00"] }],
  holidays: { dates: ["2024-07-04"], regions: ["US"] }
})
const iso = (d: DateTime.Utc) => DateTime.formatIso(d)
const minutes = (d: Duration.Duration) => Duration.toMillis(d) / 60_000

// An inquiry arrives on Saturday: its clock starts Monday 08:00 Pacific.
const saturday = "2024-01-20T10:00:00-08:00"
console.log(`arrived ${saturday}, clock starts ${iso(Coverage.nextStart(visit, saturday))}`)
assert.equal(iso(Coverage.nextStart(visit, saturday)), "2024-01-22T16:00:00.000Z")

// ... and its 4-hour goal is due Monday 12:00, the end of the morning window (not 13:00).
const due = Coverage.addCovered(visit, saturday, "4 hours")
console.log(`4-hour goal due ${iso(due)}`)
assert.equal(iso(due), "2024-01-22T20:00:00.000Z")

// Across the spring-forward weekend: Friday 16:30 PST to Monday 09:00 PDT is 90 covered minutes.
const elapsed = Coverage.covered(visit, "2024-03-08T16:30:00-08:00", "2024-03-11T09:00:00-07:00")
console.log(`Fri 16:30 → Mon 09:00 across DST: ${minutes(elapsed)} covered minutes`)
assert.equal(minutes(elapsed), 90)

// Independence Day (explicit date and US public holiday) is closed.
assert.equal(minutes(Coverage.covered(visit, "2024-07-03T16:00:00-07:00", "2024-07-05T09:00:00-07:00")), 120)

// The covered windows of one week, lazily: Monday 2024-01-15 is Martin Luther King Jr. Day.
const week = [...Coverage.windows(visit, "2024-01-15T00:00:00-08:00", "2024-01-22T00:00:00-08:00")]
console.log(`windows in the week of 2024-01-15: ${week.length}`)
assert.equal(week.length, 8)
assert.equal(iso(week[0]?.start ?? DateTime.makeUnsafe(0)), "2024-01-16T16:00:00.000Z")

// Planning figures feed Cost: 40 covered hours a week is one work week.
console.log(`weekly covered hours ${Coverage.weeklyCoveredHours(visit)}, work-week fraction ${Coverage.workWeekFraction(visit)}`)
assert.equal(Coverage.weeklyCoveredHours(visit), 40)

// Hot path: epoch milliseconds in and out, for a million inquiries.
const n = process.env.SRE_UXDD_SMOKE === "1" ? 10_000 : 1_000_000
const start = Date.UTC(2024, 0, 1)
let total = 0
for (let i = 0; i < n; i++) {
  const arrival = start + ((i * 7_919_993) % (365 * 86_400_000))
  total += Coverage.coveredMillis(visit, arrival, Coverage.addCoveredMillis(visit, arrival, 4 * 3_600_000))
}
assert.equal(total, n * 4 * 3_600_000)
console.log(`${n} goal computations round-trip exactly`)

// Bad input is rejected with the path and the value.
try {
  Coverage.decodeSync({ timeZone: "America/Los_Angeles", weekly: [{ days: ["mon"], windows: ["08:00-12:00", "13:00-12:00"] }] })
  assert.fail("expected a ValidationError")
} catch (error) {
  assert.ok(error instanceof Types.ValidationError)
  console.log(error.message)
  assert.equal(error.problems[0]?.path, "weekly[0].windows[1]")
  assert.match(error.problems[0]?.message ?? "", /^"13:00-12:00" ends before it starts/)
}
