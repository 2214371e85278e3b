// Compares the rotation strategies for a VisIt-like team (examples/visit-team.yaml:
// seven people from 30% to 100% time) over ten years with random absences, on the
// same simulated inquiries (common random numbers). Prints a table and writes one SVG
// with a small chart per strategy: the band in which the members' lags (shifts owed by
// percent-time) lie after every shift.
//
//   node --import tsx --conditions=@sre-uxdd/source examples/simulate-fairness.ts
import { Config, Profile, Rotation } from "@sre-uxdd/core"
import assert from "node:assert/strict"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { examplesDir, num, pct, progress, shown, smoke, table, writeChart } from "./_report.js"

const profile = Config.fromText(readFileSync(join(examplesDir, "visit-team.yaml"), "utf8"))
const years = smoke ? 2 : 10
// The same team where a part-time member on duty is busy elsewhere for the rest of their time.
const partTime: Config.Profile = {
  ...profile,
  simulation: { ...profile.simulation, model: { ...profile.simulation.model, partTime: { responsiveness: "percent-time" } } }
}

const bar = progress(2 * Rotation.strategies.length, "simulating")
const runs = Rotation.strategies.map((strategy) => {
  const result = Profile.simulate(profile, { years, strategy })
  bar.tick(strategy)
  const busy = Profile.simulate(partTime, { years, strategy })
  bar.tick(`${strategy}, part-time`)
  return { strategy, result, busy }
})
bar.stop()

console.log(
  `${profile.name}: ${profile.team.members.length} members from 30% to 100% time, ${years} years of ${
    profile.shifts.count / 7
  }-week shifts, seed ${profile.simulation.seed}`
)
console.log(`random absences: ${runs[0]?.result.absences.length ?? 0} blocks; inquiries: ${runs[0]?.result.summary.inquiries ?? 0}\n`)
console.log(
  table([
    ["strategy", "max deviation", "worst gap", "back-to-back", "load spread", "within goal", "within goal, part-time"],
    ...runs.map(({ strategy, result: { summary: s }, busy }) => [
      strategy,
      `${num(s.rotation.maxDeviation)} shifts`,
      `${s.rotation.worstGap} shifts`,
      String(s.rotation.backToBack),
      `${num(s.loadImbalance)}x`,
      pct(s.attainment),
      pct(busy.summary.attainment)
    ])
  ])
)
console.log(`
max deviation   the furthest any member ever got from the shifts their percent-time entitles them to
                (pausing while absent); under 1 means nobody is ever a whole shift ahead or behind.
worst gap       the longest run of other people's shifts between two shifts of one member.
back-to-back    how often one member is Primary for two shifts in a row.
load spread     the busiest member's support hours per percent-time over the team's average (1.00 is even).
within goal     the share of inquiries answered within the goal, when everyone on duty answers at full speed.
within goal,    the same when a member on duty is busy elsewhere for the rest of their time (a 30% member
  part-time     is free for support 30% of covered hours): who the strategy puts on duty now matters.`)

// One small chart per strategy: the band from the most-ahead to the most-behind member after each shift.
const panel = 150
const top = 70
const charts = runs.map(({ strategy, result }, k) => {
  const { schedule } = result
  const rows = schedule.duties.map((d) => {
    const lags = [...Rotation.lagsAfter(schedule, d.shift).values()].map((f) => f.value)
    return { at: d.start, low: Math.min(0, ...lags), high: Math.max(0, ...lags) }
  })
  return { strategy, k, rows, max: result.summary.rotation.maxDeviation }
})
const grid = charts.map(({ k }) => ({ left: 70, right: 30, top: top + k * panel + 26, height: panel - 62 }))
const chart = writeChart(
  "fairness.svg",
  {
    title: [
      {
        text: "How far from fair does each rotation strategy get?",
        subtext:
          `${profile.name}, ${years} years: after every shift, the band from the member furthest ahead (below 0) to the one furthest behind (above 0), in shifts; each panel on its own scale`,
        left: "center"
      },
      ...charts.map(({ strategy, k, max }) => ({
        text: `${strategy}: at most ${num(max)} shifts from fair`,
        top: top + k * panel,
        left: 70,
        textStyle: { fontSize: 13, fontWeight: "normal" as const }
      }))
    ],
    grid,
    xAxis: charts.map(({ k }) => ({ gridIndex: k, type: "time" as const, axisLabel: { show: k === charts.length - 1 } })),
    yAxis: charts.map(({ k, max }) => ({
      gridIndex: k,
      type: "value" as const,
      min: -Math.max(1, Math.ceil(max)),
      max: Math.max(1, Math.ceil(max)),
      splitNumber: 2
    })),
    series: charts.flatMap(({ k, rows }) => [
      // Stacked: an invisible base at the lowest lag, then the band up to the highest.
      {
        type: "line" as const,
        xAxisIndex: k,
        yAxisIndex: k,
        stack: `band${k}`,
        stackStrategy: "all" as const,
        symbol: "none",
        lineStyle: { opacity: 0 },
        data: rows.map((r) => [r.at, r.low])
      },
      {
        type: "line" as const,
        xAxisIndex: k,
        yAxisIndex: k,
        stack: `band${k}`,
        stackStrategy: "all" as const,
        symbol: "none",
        lineStyle: { opacity: 0 },
        areaStyle: { color: "#5470c6", opacity: 0.45 },
        data: rows.map((r) => [r.at, r.high - r.low])
      }
    ])
  },
  { width: 960, height: top + charts.length * panel + 20 }
)

// The example checks its own output.
const by = new Map(runs.map((r) => [r.strategy, r]))
const guarded = by.get("guarded")?.result.summary
const roundRobin = by.get("round-robin")?.result.summary
assert.ok(guarded !== undefined && roundRobin !== undefined)
assert.ok(guarded.rotation.maxDeviation < 1, `guarded strategy drifted ${guarded.rotation.maxDeviation} shifts from fair`)
assert.ok(roundRobin.rotation.maxDeviation > 3 * guarded.rotation.maxDeviation, "round robin by head count should drift away from percent-time fairness")
for (const { strategy, result, busy } of runs) {
  assert.equal(result.summary.inquiries, guarded.inquiries, `${strategy}: the same inquiries for every strategy`)
  const inHorizon = result.duties.filter((d) => d.start < result.summary.end).length
  assert.equal(result.summary.members.reduce((s, m) => s + m.shifts, 0), inHorizon, `${strategy}: every duty in the horizon counted once`)
  assert.ok(result.summary.members.every((m) => m.shifts > 0), `${strategy}: everyone serves`)
  // Busy part-timers answer later: never better within the goal.
  assert.ok(busy.summary.attainment < result.summary.attainment, `${strategy}: part-time responsiveness lowers attainment`)
}
const svg = readFileSync(chart, "utf8")
assert.ok(svg.startsWith("<svg"), `${chart} is an SVG`)
for (const strategy of Rotation.strategies) assert.ok(svg.includes(`${strategy}: at most`), `${chart} has a panel for ${strategy}`)
console.log(`\nchart: ${shown(chart)}`)
