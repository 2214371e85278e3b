// What does a coverage policy cost, and what does it do to the people asking for help?
// Compares Monday-Friday with Monday-Wednesday coverage and one- with two-week shifts for
// the VisIt-like team (examples/visit-team.yaml), on the same simulated inquiries (users
// keep writing on Thursdays and Fridays when the team covers Monday to Wednesday).
// Prints the process document's cost rule, then cost, response and wait side by side,
// and writes a chart.
//
//   node --import tsx --conditions=@sre-uxdd/source examples/coverage-what-if.ts
import { Config, Cost, Coverage, Profile } from "@sre-uxdd/core"
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { examplesDir, num, pct, progress, shown, smoke, table, writeChart } from "./_report.js"

const profile = Config.fromText(readFileSync(join(examplesDir, "visit-team.yaml"), "utf8"))
const years = smoke ? 1 : 10

// The process document's rule of thumb: a Primary wholly consumed by support costs the
// covered share of one developer's week, spread over the team.
const seedFull = Cost.share({ coveredFraction: 1, capacity: { headCount: 6 } })
const seedMonWed = Cost.share({ coveredFraction: 3 / 5, capacity: { headCount: 6 } })
console.log(
  `The process document's rule of thumb for 6 developers: a Primary wholly consumed by support costs ${
    pct(seedFull.total)
  } of the team's time with Monday-Friday coverage, ${pct(seedMonWed.total)} with Monday-Wednesday.\n`
)
assert.ok(Math.abs(seedFull.total - 1 / 6) < 1e-12 && Math.abs(seedMonWed.total - 0.1) < 1e-12)

const monWedSpec = { ...profile.spec.coverage, weekly: [{ days: ["mon", "tue", "wed"], windows: ["08:00-12:00", "13:00-17:00"] }] } as Coverage.Spec
const monWed = Coverage.make(monWedSpec)
const twoWeeks = { ...profile.spec.shifts, length: { weeks: 2 } }

const variants = [
  { name: "Mon-Fri, 1-week shifts", calendar: profile.coverage, options: {} },
  { name: "Mon-Fri, 2-week shifts", calendar: profile.coverage, options: { shifts: twoWeeks } },
  { name: "Mon-Wed, 1-week shifts", calendar: monWed, options: { coverage: monWed } },
  { name: "Mon-Wed, 2-week shifts", calendar: monWed, options: { coverage: monWed, shifts: twoWeeks } }
] as const

const bar = progress(variants.length, "simulating")
const rows = variants.map((v) => {
  // Same seed and the same arrival calendar for every variant: common random numbers.
  const result = Profile.simulate(profile, { years, arrivalCalendar: profile.coverage, ...v.options })
  bar.tick(v.name)
  const byTime = Cost.forCalendar(v.calendar, { percentTimes: profile.team.members.map((m) => m.weight) })
  return { ...v, result, byTime }
})
bar.stop()

const s0 = rows[0]?.result.summary
const goals = [...profile.goals.byPriority.entries()].map(([name, ms]) => `${name} ${ms / 3_600_000} h`).join(", ")
console.log(
  `${profile.name}: ${profile.team.members.length} members (${num(rows[0]?.byTime.capacity ?? 0, 1)} full-time equivalents), ${years} year${
    years === 1 ? "" : "s"
  }, ${s0?.inquiries ?? 0} inquiries, seed ${profile.simulation.seed}\n`
)
const hours = (h: number) => `${num(h, 1)} h`
console.log(
  table([
    ["variant", "max cost", "spent", "within goal", "p90 covered", "median wait", "p90 wait", "wait > 1 day", "fruit time"],
    ...rows.map(({ name, result: { summary: s }, byTime }) => [
      name,
      pct(byTime.total),
      pct(s.cost.realized),
      pct(s.attainment),
      hours(s.responseHours.p90),
      hours(s.waitHours.p50),
      hours(s.waitHours.p90),
      pct(s.overOneWorkingDay),
      `${num(s.lowHangingFruit.hoursPerWeek, 1)} h/wk`
    ])
  ])
)
console.log(`
max cost      the share of the team's time support takes if the Primary does nothing else during covered
              hours (covered hours of an ordinary week over 40, divided by the team's summed percent-time).
spent         the support hours the simulation actually spent (first responses, resolution, escalations),
              as a share of the team's time: about the same in every row, because the same inquiries
              need the same work whoever does it and whenever.
within goal   the share of inquiries whose first response came within the goal (${goals}), counting
              only covered hours.
p90 covered   9 in 10 first responses came within this many covered hours (the clock the goal uses).
median wait   what users experience: half of them waited less than this, in ordinary clock hours
              (nights, weekends and uncovered days count).
p90 wait      9 in 10 users waited less than this, in clock hours.
wait > 1 day  the share of users who waited more than one working day (8 business hours, Monday to
              Friday, the users' own week) for a first response, or got none.
fruit time    the Primary's covered hours per week left over after support: time for low-hanging fruit.
The shift length does not change what the team owes, so the rotation's fairness (the same in every row)
is not shown; examples/simulate-fairness.ts compares rotations.`)

const label = { show: true, position: "top", fontSize: 11 } as const
const chart = writeChart(
  "coverage-what-if.svg",
  {
    title: {
      text: "Coverage what-if: what it costs the team, what users wait",
      subtext: `${profile.name}, ${years} year${years === 1 ? "" : "s"}, the same inquiries in every variant`,
      left: "center"
    },
    legend: { top: 68, itemGap: 24 },
    grid: [
      { left: 70, right: "54%", top: 130, bottom: 60 },
      { left: "56%", right: 30, top: 130, bottom: 60 }
    ],
    tooltip: {},
    xAxis: [
      { gridIndex: 0, type: "category", data: rows.map((r) => r.name.replace(", ", "\n")), axisLabel: { interval: 0 } },
      { gridIndex: 1, type: "category", data: rows.map((r) => r.name.replace(", ", "\n")), axisLabel: { interval: 0 } }
    ],
    yAxis: [
      { gridIndex: 0, type: "value", name: "% of the team's time", max: 30, nameTextStyle: { align: "left" } },
      { gridIndex: 1, type: "value", name: "clock hours until the first response", nameTextStyle: { align: "left" } }
    ],
    series: [
      { name: "max cost", type: "bar", xAxisIndex: 0, yAxisIndex: 0, data: rows.map((r) => Number((r.byTime.total * 100).toFixed(1))), label },
      { name: "spent", type: "bar", xAxisIndex: 0, yAxisIndex: 0, data: rows.map((r) => Number((r.result.summary.cost.realized * 100).toFixed(1))), label },
      { name: "median wait", type: "bar", xAxisIndex: 1, yAxisIndex: 1, data: rows.map((r) => Number(r.result.summary.waitHours.p50.toFixed(0))), label },
      { name: "p90 wait", type: "bar", xAxisIndex: 1, yAxisIndex: 1, data: rows.map((r) => Number(r.result.summary.waitHours.p90.toFixed(0))), label }
    ]
  },
  { width: 1100, height: 520 }
)

// The example checks its own output.
const [mf1, mf2, mw1, mw2] = rows
assert.ok(mf1 !== undefined && mf2 !== undefined && mw1 !== undefined && mw2 !== undefined)
// Three covered days of five: the maximal cost is 3/5 of Monday-Friday's.
assert.ok(Math.abs(mw1.byTime.total / mf1.byTime.total - 3 / 5) < 1e-12, "Mon-Wed costs 3/5 of Mon-Fri")
// The summary's ordinary-week figure is Cost.forCalendar's; holidays make the horizon's a little lower.
for (const r of rows) {
  assert.equal(r.result.summary.cost.ordinaryWeek, r.byTime.total, `${r.name}: ordinary week = Cost.forCalendar`)
  assert.ok(r.result.summary.cost.maximal < r.byTime.total && r.result.summary.cost.holidayHours > 0, `${r.name}: holidays named`)
}
// The same inquiries in every variant.
for (const r of rows) assert.equal(r.result.summary.inquiries, mf1.result.summary.inquiries, `${r.name}: same inquiries`)
// Fewer covered hours for the same demand: fewer answered within the goal, and users wait far longer.
assert.ok(mw1.result.summary.attainment < mf1.result.summary.attainment, "Mon-Wed answers fewer inquiries within the goal")
assert.ok(mw1.result.summary.waitHours.p90 > 2 * mf1.result.summary.waitHours.p90, "Mon-Wed users wait much longer in clock hours")
assert.ok(mw1.result.summary.overOneWorkingDay > mf1.result.summary.overOneWorkingDay)
// Spent support time never exceeds the covered hours of Primary and Backup.
for (const r of rows) assert.ok(r.result.summary.cost.realized <= 2 * r.result.summary.cost.maximal, `${r.name}: spent within the maximum`)
assert.ok(readFileSync(chart, "utf8").startsWith("<svg"))
console.log(`\nchart: ${shown(chart)}`)
