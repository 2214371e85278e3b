// What does a coverage policy cost, and what does it do to response times? Compares
// Monday-Friday with Monday-Wednesday coverage and one- with two-week shifts for the
// VisIt-like team (examples/visit-team.yaml), on the same simulated inquiries (users
// keep writing on Thursdays and Fridays when the team covers Monday to Wednesday).
// Prints the seed's cost rule, then cost and attainment side by side, and writes a chart.
//
//   node --import tsx --conditions=@sre-uxdd/source examples/coverage-what-if.ts
import { Config, Cost, Coverage, Profile } from "@sre-uxdd/core"
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { examplesDir, num, pct, progress, shown, smoke, table, writeChart } from "./_report.js"

const profile = Config.fromText(readFileSync(join(examplesDir, "visit-team.yaml"), "utf8"))
const years = smoke ? 1 : 10

// The seed's rule of thumb: a wholly occupied Primary costs the covered share of one
// developer's week, spread over the team.
const seedFull = Cost.share({ coveredFraction: 1, capacity: { headCount: 6 } })
const seedMonWed = Cost.share({ coveredFraction: 3 / 5, capacity: { headCount: 6 } })
console.log(`seed's rule, 6 developers: Monday-Friday ${pct(seedFull.total)}, Monday-Wednesday ${pct(seedMonWed.total)}\n`)
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
  const byHead = Cost.forCalendar(v.calendar, { headCount: profile.team.members.length })
  const byTime = Cost.forCalendar(v.calendar, { percentTimes: profile.team.members.map((m) => m.weight) })
  return { ...v, result, byHead, byTime }
})
bar.stop()

const s0 = rows[0]?.result.summary
console.log(`${profile.name}: ${profile.team.members.length} members (${num(rows[0]?.byTime.capacity ?? 0, 1)} full-time equivalents), ${years} years, ${s0?.inquiries ?? 0} inquiries, seed ${profile.simulation.seed}\n`)
console.log(
  table([
    ["variant", "max cost (heads)", "max cost (% time)", "simulated cost", "attainment", "p90 response", "time for fruit", "max deviation"],
    ...rows.map(({ name, result: { summary: s }, byHead, byTime }) => [
      name,
      pct(byHead.total),
      pct(byTime.total),
      pct(s.cost.realized),
      pct(s.attainment),
      `${num(s.responseHours.p90, 1)} h`,
      `${num(s.lowHangingFruit.hoursPerWeek, 1)} h/week`,
      `${num(s.rotation.maxDeviation)} shifts`
    ])
  ])
)
console.log("\nmax cost: a Primary wholly consumed during covered hours (by head count, by summed percent-time);")
console.log("simulated cost: support hours spent over the team's hours; attainment: answered within the goal (4 covered hours, high priority 1);")
console.log("p90 response: in covered hours; time for fruit: the Primary's covered hours left for low-hanging fruit.")

const chart = writeChart("coverage-what-if.svg", {
  title: { text: "Coverage what-if: cost against response", subtext: `${profile.name}, ${years} years, same inquiries in every variant`, left: "center" },
  legend: { bottom: 0, itemGap: 28 },
  grid: { left: 60, right: 30, top: 70, bottom: 80 },
  tooltip: {},
  xAxis: { type: "category", data: rows.map((r) => r.name), axisLabel: { interval: 0 } },
  yAxis: { type: "value", name: "%", max: 100 },
  series: [
    { name: "max cost (% time)", type: "bar", data: rows.map((r) => Number((r.byTime.total * 100).toFixed(1))), label: { show: true, position: "top" } },
    { name: "simulated cost", type: "bar", data: rows.map((r) => Number((r.result.summary.cost.realized * 100).toFixed(1))), label: { show: true, position: "top" } },
    { name: "attainment", type: "bar", data: rows.map((r) => Number((r.result.summary.attainment * 100).toFixed(1))), label: { show: true, position: "top" } }
  ]
})

// The example checks its own output.
const [mf1, mf2, mw1, mw2] = rows
assert.ok(mf1 !== undefined && mf2 !== undefined && mw1 !== undefined && mw2 !== undefined)
// Three covered days of five: the maximal cost is 3/5 of Monday-Friday's.
assert.ok(Math.abs(mw1.byHead.total / mf1.byHead.total - 3 / 5) < 1e-12, "Mon-Wed costs 3/5 of Mon-Fri")
assert.ok(Math.abs(mw1.byTime.total / mf1.byTime.total - 3 / 5) < 1e-12, "Mon-Wed costs 3/5 of Mon-Fri by percent-time too")
// Counting by percent-time, a part-time team pays more than its head count suggests.
assert.ok(mf1.byTime.total > mf1.byHead.total)
// The same inquiries in every variant, and the same spend on them.
for (const r of rows) assert.equal(r.result.summary.inquiries, mf1.result.summary.inquiries, `${r.name}: same inquiries`)
// Fewer covered hours for the same demand never answer sooner: attainment drops.
assert.ok(mw1.result.summary.attainment < mf1.result.summary.attainment, "Mon-Wed answers fewer inquiries within the goal")
assert.ok(mw1.result.summary.responseHours.p90 > mf1.result.summary.responseHours.p90)
// The shift length does not change the simulated cost share.
assert.ok(Math.abs(mf2.result.summary.cost.realized - mf1.result.summary.cost.realized) < 0.01)
// The simulated cost never exceeds the maximal (Primary and Backup both wholly consumed).
for (const r of rows) assert.ok(r.result.summary.cost.realized < 2 * r.byTime.total, `${r.name}: simulated cost within the maximum`)
assert.ok(readFileSync(chart, "utf8").startsWith("<svg"))
console.log(`\nchart: ${shown(chart)}`)
