// Compares the rotation strategies for a VisIt-like team (examples/visit-team.yaml:
// seven people from 30% to 100% time) over ten years with random absences, on the
// same simulated inquiries (common random numbers). Prints a table and writes one
// SVG chart per strategy of each member's lag (shifts owed, by percent-time) over time.
//
//   node --import tsx --conditions=@sre-uxdd/source examples/simulate-fairness.ts
import { Config, Profile, Rotation } from "@sre-uxdd/core"
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { examplesDir, num, pct, progress, shown, smoke, table, writeChart } from "./_report.js"

const profile = Config.fromText(readFileSync(join(examplesDir, "visit-team.yaml"), "utf8"))
const years = smoke ? 2 : 10
const names = new Map(profile.team.members.map((m) => [m.id as string, `${m.name} (${Math.round(m.weight * 100)}%)`]))

const bar = progress(Rotation.strategies.length, "simulating")
const runs = Rotation.strategies.map((strategy) => {
  const result = Profile.simulate(profile, { years, strategy })
  bar.tick(strategy)
  return { strategy, result }
})
bar.stop()

console.log(`${profile.name}: ${profile.team.members.length} members, ${years} years of ${profile.shifts.count / 7}-week shifts, seed ${profile.simulation.seed}`)
console.log(`random absences: ${runs[0]?.result.absences.length ?? 0} blocks; inquiries: ${runs[0]?.result.summary.inquiries ?? 0}\n`)
console.log(
  table([
    ["strategy", "max deviation", "worst gap", "back-to-back", "load spread", "attainment"],
    ...runs.map(({ strategy, result: { summary: s } }) => [
      strategy,
      `${num(s.rotation.maxDeviation)} shifts`,
      `${s.rotation.worstGap} shifts`,
      String(s.rotation.backToBack),
      `${num(s.loadImbalance)}x`,
      pct(s.attainment)
    ])
  ])
)
console.log("\nmax deviation: largest |shifts served - shifts owed by percent-time| of any member at any time;")
console.log("load spread: highest support hours per percent-time over the team mean (1.00 is even).")

// Charts: each member's lag after every shift (positive: owes duty).
const charts = runs.map(({ strategy, result }) => {
  const { schedule } = result
  const indices = schedule.duties.map((d) => d.shift)
  const series = schedule.members.map((member) => ({
    name: names.get(member) ?? member,
    type: "line" as const,
    showSymbol: false,
    lineStyle: { width: 1.5 },
    data: indices.map((shift, k) => [schedule.duties[k]?.start ?? 0, Rotation.lagsAfter(schedule, shift).get(member)?.value ?? 0])
  }))
  return writeChart(`fairness-${strategy}.svg`, {
    title: { text: `Lag per member, strategy "${strategy}"`, subtext: `${profile.name}, ${years} years, positive = owes shifts`, left: "center" },
    legend: { bottom: 0, type: "plain", itemGap: 24 },
    grid: { left: 60, right: 30, top: 70, bottom: 70 },
    xAxis: { type: "time" },
    yAxis: { type: "value", name: "shifts" },
    series
  })
})

// The example checks its own output.
const by = new Map(runs.map((r) => [r.strategy, r.result.summary]))
const guarded = by.get("guarded")
const roundRobin = by.get("round-robin")
assert.ok(guarded !== undefined && roundRobin !== undefined)
assert.ok(guarded.rotation.maxDeviation < 1, `guarded strategy drifted ${guarded.rotation.maxDeviation} shifts from fair`)
assert.ok(roundRobin.rotation.maxDeviation > 3 * guarded.rotation.maxDeviation, "round robin by head count should drift away from percent-time fairness")
for (const { strategy, result } of runs) {
  assert.equal(result.summary.inquiries, guarded.inquiries, `${strategy}: the same inquiries for every strategy`)
  assert.equal(result.summary.members.reduce((s, m) => s + m.shifts, 0), result.duties.length, `${strategy}: every duty counted once`)
  assert.ok(result.summary.members.every((m) => m.shifts > 0), `${strategy}: everyone serves`)
}
for (const file of charts) {
  const svg = readFileSync(file, "utf8")
  assert.ok(svg.startsWith("<svg"), `${file} is an SVG`)
  for (const name of names.values()) assert.ok(svg.includes(name), `${file} names ${name}`)
}
console.log(`\ncharts: ${charts.map(shown).join(", ")}`)
