// The report's attainment figures from stored histories: medians over the first responses
// measured, and a page that says why a median of covered hours is 0 (answers off hours).
import { Config, Inquiry, Profile, Rotation } from "@sre-uxdd/core"
import { Effect, Stream } from "effect"
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { render } from "../src/report.js"
import * as ReportData from "../src/reportData.js"
import { example } from "./support/sre.js"

const HOUR = 3_600_000
const profile = Config.fromText(readFileSync(example, "utf8"))
const opened = (n: number, at: string) => ({
  type: "opened",
  inquiry: `visit-dav/support#${n}`,
  at,
  actor: `user${n}`,
  reporter: `user${n}`,
  channel: "github-issues",
  title: `inquiry ${n}`
})
const responded = (n: number, at: string) => ({ type: "commented", inquiry: `visit-dav/support#${n}`, at, actor: "ana", visibility: "public" })
// Los Angeles: covered 08:00-12:00 and 13:00-17:00 on weekdays (16:00Z-20:00Z, 21:00Z-01:00Z in winter).
const histories = [
  // Tuesday 20:00 PST, answered 22:00 PST: off hours, before the clock started: 0 covered hours.
  [opened(1, "2026-11-18T04:00:00Z"), responded(1, "2026-11-18T06:00:00Z")],
  // Wednesday 09:00 PST, answered 11:00 PST: 2 covered hours.
  [opened(2, "2026-11-18T17:00:00Z"), responded(2, "2026-11-18T19:00:00Z")]
].map((h) => Inquiry.decodeEventsSync(h))
const now = Date.parse("2026-11-23T16:00:00Z")

const build = () =>
  Effect.runPromise(
    ReportData.fromHistories(Stream.fromIterable(histories), {
      profile,
      schedule: Profile.scheduleSync(profile, { from: profile.shifts.origin, to: now + 4 * 7 * 24 * HOUR }),
      now,
      weeks: 2
    })
  )

describe("report attainment", () => {
  it("takes the median over the responses measured and counts the off-hours ones", async () => {
    const data = await build()
    const row = data.attainment.find((a) => a.decided > 0)
    expect(row).toMatchObject({ decided: 2, responded: 2, offHours: 1, medianCoveredHours: 1, medianWallHours: 2 })
    expect(data.attainment.filter((a) => a.decided === 0).every((a) => a.medianCoveredHours === undefined)).toBe(true)
  })

  it("says on the page why responses off hours count as 0 covered hours, and n/a for periods without any", async () => {
    const html = render(await build())
    expect(html).toContain("1 of 2 first responses came outside covered hours, before the response clock started")
    expect(html).toMatch(/<td>1 of 2<\/td>/)
    expect(html).not.toMatch(/<td>0\.0 h<\/td>/)
  })
})

const titled = (n: number, at: string, title: string) => Inquiry.decodeEventsSync([{ ...opened(n, at), title }])
const dataOf = (hs: ReadonlyArray<ReadonlyArray<Inquiry.Event>>, weeks: number) =>
  Effect.runPromise(
    ReportData.fromHistories(Stream.fromIterable(hs), {
      profile,
      schedule: Profile.scheduleSync(profile, { from: profile.shifts.origin, to: now + 4 * 7 * 24 * HOUR }),
      now,
      weeks
    })
  )

describe("report trends and recurring titles", () => {
  it("starts the attainment trend at the first week with a decided inquiry, and shows no chart before any", async () => {
    const data = await dataOf(histories, 8)
    expect(data.attainment[0]?.decided).toBeGreaterThan(0)
    expect(data.attainment.length).toBeLessThan(8)
    const none = await dataOf([], 8)
    expect(none.attainment).toEqual([])
    const html = render(none)
    expect(html).not.toContain("id=\"attainment\"")
    expect(html).toContain("No inquiry has been answered yet.")
  })

  it("groups word pairs found in the same inquiries into one row, with distinct example titles", async () => {
    const data = await dataOf([
      titled(3, "2026-11-18T17:00:00Z", "Crash opening a Silo file"),
      titled(4, "2026-11-18T18:00:00Z", "Crash opening a Silo file"),
      titled(5, "2026-11-18T19:00:00Z", "Crash opening a Silo file"),
      titled(6, "2026-11-18T20:00:00Z", "Silo file crash on save"),
      titled(7, "2026-11-18T21:00:00Z", "Build fails with VTK")
    ], 2)
    expect(data.recurringTitles).toEqual([
      { words: "crash file silo", count: 4, examples: ["Crash opening a Silo file", "Silo file crash on save"] },
      { words: "crash file opening silo", count: 3, examples: ["Crash opening a Silo file"] }
    ])
  })
})

describe("report schedule calendar", () => {
  it("shows weeks from Monday in the team's zone: today marked once, weekends without coverage, weekdays with the Primary on duty", async () => {
    const data = await dataOf([], 2)
    const weeks = data.calendar ?? []
    expect(weeks).toHaveLength(6)
    for (const w of weeks) expect(w.days.map((d) => d.weekday)).toEqual(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
    const days = weeks.flatMap((w) => w.days)
    // now is Monday 2026-11-23 08:00 in Los Angeles.
    expect(days.filter((d) => d.today).map((d) => d.date)).toEqual(["2026-11-23"])
    expect(days[0]?.date).toBe("2026-11-23")
    expect(days.filter((d) => d.weekday === "Sat" || d.weekday === "Sun").every((d) => d.primary === undefined)).toBe(true)
    const schedule = Profile.scheduleSync(profile, { from: profile.shifts.origin, to: now + 4 * 7 * 24 * HOUR })
    // Wednesday 2026-11-25 10:00 PST.
    const duty = Rotation.onDuty(schedule, Date.parse("2026-11-25T18:00:00Z"))
    const name = (id: string | undefined) => profile.team.members.find((m) => m.id === id)?.name
    expect(days.find((d) => d.date === "2026-11-25")).toMatchObject({ primary: name(duty?.primary), backup: name(duty?.backup) })
    // Every upcoming shift says why its Primary was chosen.
    expect(data.upcoming.length).toBeGreaterThan(0)
    expect(data.upcoming.every((u) => (u.why ?? "").length > 0)).toBe(true)
    expect(render(data)).toContain("aria-current=\"date\"")
  })
})
