// The README's quick start: load a team profile, plan the rotation, and read an inquiry's
// response clock in covered time. Asserts what the README says it prints.
import { Config, Inquiry, Profile, Rotation } from "@sre-uxdd/core"
import { Duration } from "effect"
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"

// 1. The team profile a team keeps in git (YAML or JSON); bad fields are named by path.
const profile = Config.fromText(readFileSync(new URL("visit-team.yaml", import.meta.url), "utf8"))

// 2. Who is Primary and Backup for these 3 months, weighted by percent-time, planned as the
//    profile says (its rotation section, coverage and holidays, the ledger from the grid's start):
//    any other window gives the same duties for the weeks it shares with this one.
const schedule = Profile.scheduleSync(profile, { from: "2026-03-02T16:00:00Z", to: "2026-06-01T15:00:00Z" })
const onChristmasEve = Rotation.onDuty(Profile.scheduleSync(profile, { from: "2026-12-21T16:00:00Z", to: "2026-12-28T16:00:00Z" }), "2026-12-23T18:00:00Z")
const fromJanuary = Profile.scheduleSync(profile, { from: "2026-01-05T16:00:00Z", to: "2027-01-04T16:00:00Z" })
assert.deepEqual(Rotation.onDuty(fromJanuary, "2026-12-23T18:00:00Z"), onChristmasEve)
const first = schedule.duties[0]
assert.ok(first !== undefined)
console.log(`${schedule.duties.length} weekly shifts; first: Primary ${first.primary}, Backup ${first.backup}`)
console.log(Rotation.explain(schedule, first.shift).text)

// 3. An inquiry that arrives on Friday evening and is answered on Monday at 09:00 Pacific.
const events = Inquiry.decodeEventsSync([
  {
    type: "opened",
    inquiry: "support#42",
    at: "2026-03-06T17:30:00-08:00",
    actor: "user-jo",
    reporter: "user-jo",
    channel: "github-discussion",
    title: "Crash when opening a Silo file"
  },
  { type: "commented", inquiry: "support#42", at: "2026-03-09T09:00:00-07:00", actor: first.primary, visibility: "public" }
])
const policy = Inquiry.responsePolicy({ team: profile.team.members.map((m) => m.id) })
const state = Inquiry.replaySync(events, { policy })
const clock = Inquiry.responseClock(state, { coverage: profile.coverage, goals: profile.goals, now: "2026-03-09T12:00:00-07:00" })
const covered = Duration.toHours(clock.elapsed)
const wall = Duration.toHours(clock.wallElapsed)
console.log(`response after ${covered} covered hour(s) (${wall} wall-clock hours): ${clock.status}`)

assert.equal(schedule.duties.length, 13)
assert.notEqual(first.primary, first.backup)
assert.equal(covered, 1) // Monday 08:00-09:00 Pacific: the weekend is not covered
assert.equal(wall, 62.5) // Friday 17:30 PST to Monday 09:00 PDT (DST began on Sunday)
assert.equal(clock.breached, false)
