// A VisIt-like team's next 3 months of support duty: weekly shifts handed off Monday 08:00
// Pacific, coverage 08:00-12:00 and 13:00-17:00 on weekdays without US holidays, load
// weighted by percent-time, a senior Backup paired with a junior Primary where possible,
// absences (one imported from an out-of-office iCalendar file), one published month and a
// cover. Prints the schedule with an explanation of each Primary, the fairness report and a
// what-if preview, and asserts the fairness promises.
import { Config, Profile, Rotation, Team } from "@sre-uxdd/core"
import assert from "node:assert/strict"
import { mkdirSync, writeFileSync } from "node:fs"

// The team profile (usually a YAML file in git, see visit-team.yaml), here as data.
const profile = Config.decodeSync({
  name: "VisIt-like team",
  coverage: {
    timeZone: "America/Los_Angeles",
    weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], windows: ["08:00-12:00", "13:00-17:00"] }],
    holidays: { regions: ["US"], dates: ["2025-12-24", "2025-12-26", "2025-12-29", "2025-12-30", "2025-12-31", "2026-01-02"] }
  },
  shifts: { start: "2025-01-06", at: "08:00", length: { weeks: 1 } },
  rotation: { strategy: "guarded", backup: true },
  team: {
    members: [
      { id: "eric", name: "Eric", weight: 1, handles: { github: "brugger1", email: "eric@example.org" }, backup: { senior: true } },
      { id: "kathleen", name: "Kathleen", weight: 0.5, handles: { github: "biagas" }, backup: { senior: true } },
      { id: "mark", name: "Mark", weight: 1, handles: { github: "markcmiller86" }, backup: { senior: true } },
      { id: "cyrus", name: "Cyrus", weight: 0.5, handles: { github: "cyrush" } },
      { id: "justin", name: "Justin", weight: 0.8, handles: { github: "JustinPrivitera" } },
      { id: "alister", name: "Alister", weight: 0.3, handles: { github: "aowen87" }, backup: { qualified: false } }
    ],
    absences: [
      { member: "mark", start: "2025-11-24T00:00:00-08:00", end: "2025-12-06T00:00:00-08:00", kind: "vacation" },
      { member: "cyrus", start: "2025-12-08T00:00:00-08:00", end: "2025-12-13T00:00:00-08:00", kind: "travel" }
    ]
  }
})
// Eric's out-of-office calendar, as exported by his mail client.
const ooo = [
  "BEGIN:VCALENDAR",
  "VERSION:2.0",
  "PRODID:-//example//ooo//EN",
  "BEGIN:VEVENT",
  "UID:ooo-1@example.org",
  "DTSTAMP:20251001T000000Z",
  "SUMMARY:Training in Livermore",
  "CATEGORIES:TRAINING",
  "ORGANIZER:mailto:eric@example.org",
  "DTSTART;VALUE=DATE:20251110",
  "DTEND;VALUE=DATE:20251115",
  "END:VEVENT",
  "END:VCALENDAR"
].join("\r\n")
const team = Team.withAbsences(profile.team, Team.absencesFromICalendar(profile.team, ooo, { timeZone: "America/Los_Angeles" }))
const withOoo: Config.Profile = { ...profile, team }

const from = "2025-11-03T16:00:00Z"
const to = "2026-02-02T16:00:00Z"

// The first month was negotiated and published earlier; then a teammate covered one of Justin's weeks.
// Planned from the profile: the ledger runs from the grid's start (2025-01-06), so these
// three months say the same as any other window that includes them.
const draft = Profile.scheduleSync(withOoo, { from, to })
const published = draft.duties.filter((d) => d.start < Date.parse("2025-12-01T16:00:00Z"))
const justinWeek = published.find((d) => d.primary === "justin")
assert.ok(justinWeek, "Justin has a published week")
const coverer = ["kathleen", "mark", "eric", "cyrus"].find((m) => m !== justinWeek.backup) as string
const cover = { kind: "cover", shift: justinWeek.shift, member: coverer, replaces: "justin", recordedAt: "2025-11-05T17:00:00Z", recordedBy: "justin" } as const
const schedule = Profile.scheduleSync(withOoo, { from, to, published, overrides: [cover] })

const name = (id: string | undefined) => (id === undefined ? "-" : (Team.member(team, id)?.name ?? id))
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)
console.log(`Support rotation ${day(Date.parse(from))} to ${day(Date.parse(to))} (${schedule.timeZone}), strategy ${schedule.strategy}\n`)
for (const s of schedule.shifts) {
  if (s.status === "skipped") {
    console.log(`week of ${day(s.start)}  closed (no covered time): nobody on duty, nothing accrues`)
    continue
  }
  const d = schedule.duties.find((x) => x.shift === s.index)
  const e = Rotation.explain(schedule, s.index)
  console.log(`week of ${day(s.start)}  Primary ${name(d?.primary).padEnd(9)} Backup ${name(d?.backup).padEnd(9)}${s.published ? " (published)" : ""}`)
  for (const line of e.text.split("\n").slice(1)) console.log(`    ${line.trim()}`)
}

const report = Rotation.report(schedule)
console.log(`\nFairness (Primary): largest |lag| ${report.maxDeviation.exact} = ${report.maxDeviation.value.toFixed(3)} shifts`)
for (const m of report.primary) {
  console.log(
    `  ${name(m.member).padEnd(9)} served ${String(m.served).padStart(2)} of ${m.entitled.value.toFixed(2).padStart(5)} entitled, ${m.standing.padEnd(5)} ${
      Math.abs(m.lag.value).toFixed(2)
    }, override balance ${m.overrideBalance}`
  )
}

// What if a new full-time developer joined in January?
const withNew = Team.decodeSync({
  members: [...team.members, { id: "nora", name: "Nora", weight: 1 }],
  changes: [{ member: "nora", at: "2026-01-05T00:00:00Z", kind: "join" }],
  absences: team.absences.map((a) => ({ ...a, start: new Date(a.start).toISOString(), end: new Date(a.end).toISOString() }))
})
const whatIf = Rotation.diff(schedule, Profile.scheduleSync({ ...withOoo, team: withNew }, { from, to, published, overrides: [cover] }))
console.log(`\nWhat if Nora joins on 2026-01-05: ${whatIf.changed.length} assignments change, all after the published month:`)
for (const c of whatIf.changed.slice(0, 6)) console.log(`  shift ${c.shift} ${c.role}: ${name(c.before)} -> ${name(c.after)}`)

mkdirSync("examples/out", { recursive: true })
writeFileSync("examples/out/visit-schedule.ics", Rotation.toICalendar(schedule, { name: "VisIt support" }))
console.log("\nwrote examples/out/visit-schedule.ics")

// The promises, checked.
assert.equal(schedule.duties.filter((d) => d.start < Date.parse("2025-12-01T16:00:00Z")).length, published.length)
for (const d of published) {
  const now = schedule.assigned.find((x) => x.shift === d.shift)
  assert.deepEqual(now, d, "published weeks never change")
}
assert.equal(schedule.duties.find((d) => d.shift === justinWeek.shift)?.primary, coverer, "the cover is who served")
for (const d of schedule.duties) {
  assert.notEqual(d.primary, d.backup)
  assert.notEqual(d.backup, "alister", "Alister is not qualified as Backup")
  for (const a of team.absences) {
    if (a.member === d.primary && d.start < Date.parse(from) + 0) continue
    if (a.member === d.primary && !published.some((p) => p.shift === d.shift))
      assert.ok(a.end <= d.start || a.start >= d.end || a.end - a.start < 2 * 86_400_000, `${d.primary} is away in shift ${d.shift}`)
  }
}
assert.ok(schedule.shifts.some((s) => s.status === "skipped"), "the closed holiday week is skipped")
assert.ok(report.maxDeviation.value < 1.5, "fair within a shift and a half, cover included")
assert.ok(whatIf.changed.every((c) => c.shift >= schedule.firstUnpublished))
console.log("ok")
