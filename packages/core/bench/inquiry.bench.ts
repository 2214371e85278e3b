// Replaying and measuring 1,000,000 synthetic inquiries (about 8 events each) on one core,
// VisIt calendar (Mon-Fri 08:00-12:00 + 13:00-17:00 America/Los_Angeles, holiday 2024-07-04).
// Three figures, timed separately on the same batches:
//   decode:          Inquiry.decodeEventsSync (Schema validation of plain JSON)
//   replay+measure:  Inquiry.replayResult + Inquiry.measureMillis (the mining row, covered time)
//   peer:            the same covered time to first response and to first resolution computed
//                    with opening_hours getOpenDuration (on a sample), compared with ours first
// Generation of the synthetic JSON is not timed. opening_hours reads the process time zone, so
// the script re-runs itself under TZ=America/Los_Angeles (Inquiry and Coverage ignore it).
//
// Run: pnpm bench -- inquiry   (or: node --import tsx --conditions=@sre-uxdd/source packages/core/bench/inquiry.bench.ts)
// INQUIRY_BENCH_N=200000 shortens the run; SRE_UXDD_SMOKE=1 runs 20,000 inquiries.
import { availableParallelism, loadavg } from "node:os"
import { Coverage, Inquiry } from "@sre-uxdd/core"
import opening_hours from "opening_hours"
import { runInZone, visitCalendar, visitOpeningHours } from "./support.js"

runInZone()

const N = Number(process.env.INQUIRY_BENCH_N ?? (process.env.SRE_UXDD_SMOKE === "1" ? 20_000 : 1_000_000))
const BATCH = 10_000
const PEER_SAMPLE = Math.min(20_000, N)
const MIN = 60_000
const HOUR = 3_600_000
const DAY = 86_400_000

const calendar = visitCalendar()
const oh = new opening_hours(visitOpeningHours)
const team = ["ada", "bob", "cy", "dee", "eve", "fay"]
const policy = Inquiry.responsePolicy({ team, bots: ["sre-bot"] })
const goals = Inquiry.goals({ byPriority: { high: "1 hour" } })
const NOW = Date.UTC(2026, 0, 1)

// sfc32: a small seeded generator, so every run measures the same inquiries.
let a = 0x9e3779b9
let b = 0x243f6a88
let c = 0xb7e15162
let d = 1
const random = (): number => {
  a >>>= 0
  b >>>= 0
  c >>>= 0
  d >>>= 0
  const t = (((a + b) | 0) + d) | 0
  d = (d + 1) | 0
  a = b ^ (b >>> 9)
  b = (c + (c << 3)) | 0
  c = (c << 21) | (c >>> 11)
  c = (c + t) | 0
  return (t >>> 0) / 4294967296
}
const pick = <T>(xs: ReadonlyArray<T>): T => xs[Math.floor(random() * xs.length)] as T
const kinds = Inquiry.ResolutionKind.literals

type Json = Record<string, unknown>

/** One synthetic inquiry as plain JSON, about 8 events, timestamps in ISO form. */
const synth = (n: number): Array<Json> => {
  const inquiry = `support#${n}`
  const reporter = `user:${n % 5000}`
  const member = pick(team)
  let t = Date.UTC(2024, 0, 1) + Math.floor(random() * 700 * DAY)
  const iso = (): string => new Date(t).toISOString()
  const ev = (type: string, actor: string, extra: Json): Json => ({ type, inquiry, at: iso(), actor, ...extra })
  const out: Array<Json> = [
    ev("opened", reporter, {
      reporter,
      channel: pick(["github-discussion", "email", "hotline"]),
      title: "Help",
      labels: ["sre"],
      priority: random() < 0.1 ? "high" : "normal"
    })
  ]
  t += Math.floor(random() * 6 * HOUR)
  if (random() < 0.3) out.push(ev("commented", "sre-bot", { visibility: "public" }))
  t += Math.floor(random() * 20 * HOUR)
  out.push(ev("commented", member, { visibility: "public" }))
  t += Math.floor(random() * 2 * HOUR)
  out.push(ev("commented", member, { visibility: "internal" }))
  out.push(ev("status-changed", member, { status: "waiting-on-reporter" }))
  t += Math.floor(random() * 3 * DAY)
  out.push(ev("commented", reporter, { visibility: "public" }))
  if (random() < 0.1) {
    out.push(ev("escalated", member, {}))
    t += 10 * MIN
    out.push(ev("enlisted", member, { member: pick(team) === member ? "zed" : pick(team) }))
  }
  t += Math.floor(random() * 2 * DAY)
  if (random() < 0.15) out.push(ev("promoted", member, { reference: `product#${n}` }))
  else out.push(ev("resolved", member, { kind: pick(kinds) }))
  t += Math.floor(random() * DAY)
  out.push(ev("closed", member, { reason: "resolved" }))
  if (random() < 0.1) {
    t += Math.floor(random() * 10 * DAY)
    out.push(ev("reopened", reporter, {}))
    t += Math.floor(random() * DAY)
    out.push(ev("resolved", member, { kind: "answered" }))
  }
  return out
}

// Warm up every path on a few thousand inquiries before timing.
for (let i = 0; i < 3000; i++) {
  const s = Inquiry.replayResult(Inquiry.decodeEventsSync(synth(i)), { policy })
  if (s._tag === "Success") Inquiry.measureMillis(s.success, calendar, goals, NOW)
}

// Process CPU time (all threads, GC included) beside wall time: the machine is shared, and CPU
// time is what one core actually spent on our work.
const cpu = (): number => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}
let decodeMs = 0
let replayMs = 0
let decodeCpu = 0
let replayCpu = 0
let events = 0
let failures = 0
let checksum = 0
let breached = 0
const sample: Array<Inquiry.State> = []
for (let start = 0; start < N; start += BATCH) {
  const size = Math.min(BATCH, N - start)
  const raw: Array<Array<Json>> = new Array(size)
  for (let i = 0; i < size; i++) raw[i] = synth(start + i)
  const c0 = cpu()
  const t0 = performance.now()
  const decoded: Array<ReadonlyArray<Inquiry.Event>> = new Array(size)
  for (let i = 0; i < size; i++) decoded[i] = Inquiry.decodeEventsSync(raw[i])
  const t1 = performance.now()
  const c1 = cpu()
  for (let i = 0; i < size; i++) {
    const list = decoded[i] as ReadonlyArray<Inquiry.Event>
    events += list.length
    const r = Inquiry.replayResult(list, { policy })
    if (r._tag === "Failure") {
      failures++
      continue
    }
    const m = Inquiry.measureMillis(r.success, calendar, goals, NOW)
    checksum += m.responseClockCovered + (m.timeToFirstResolutionCovered ?? 0)
    if (m.responseBreached) breached++
    if (sample.length < PEER_SAMPLE) sample.push(r.success)
  }
  const t2 = performance.now()
  const c2 = cpu()
  decodeMs += t1 - t0
  replayMs += t2 - t1
  decodeCpu += c1 - c0
  replayCpu += c2 - c1
}

// Peer: the same two covered durations with opening_hours, after checking that it agrees with ours.
const ohCovered = (from: number, to: number): number => (to > from ? (oh.getOpenDuration(new Date(from), new Date(to))[0] as number) : 0)
let disagreements = 0
for (const s of sample) {
  const m = Inquiry.measureMillis(s, calendar, goals, NOW)
  if (m.firstResponseAt !== undefined && ohCovered(s.openedAt, m.firstResponseAt) !== m.timeToFirstResponseCovered) disagreements++
  if (m.firstResolutionAt !== undefined && ohCovered(s.openedAt, m.firstResolutionAt) !== m.timeToFirstResolutionCovered) disagreements++
}
const p0 = performance.now()
let peerSum = 0
for (const s of sample) {
  const r = s.firstResponse?.at
  const f = s.cycles[0]?.resolvedAt
  if (r !== undefined) peerSum += ohCovered(s.openedAt, r)
  if (f !== undefined) peerSum += ohCovered(s.openedAt, f)
}
const peerMs = performance.now() - p0
const o0 = performance.now()
let oursSum = 0
for (const s of sample) {
  const r = s.firstResponse?.at
  const f = s.cycles[0]?.resolvedAt
  if (r !== undefined) oursSum += Coverage.coveredMillis(calendar, s.openedAt, r)
  if (f !== undefined) oursSum += Coverage.coveredMillis(calendar, s.openedAt, f)
}
const oursMs = performance.now() - o0

const f = (x: number): string => x.toFixed(0).padStart(7)
const us = (ms: number, n: number): string => ((ms * 1000) / n).toFixed(2)
console.log(
  `inquiries: ${N.toLocaleString("en-US")}, events: ${events.toLocaleString("en-US")} (${
    (events / N).toFixed(2)
  } per inquiry), replay failures: ${failures}, response goal missed: ${((100 * breached) / N).toFixed(1)}%`
)
const row = (name: string, wall: number, cpuMs: number): void =>
  console.log(`${name.padEnd(48)} wall ${f(wall)} ms  cpu ${f(cpuMs)} ms  ${us(wall, N)} µs/inquiry (wall)  ${us(cpuMs, N)} µs/inquiry (cpu)`)
row("decode (Inquiry.decodeEventsSync)", decodeMs, decodeCpu)
row("replay + measure (replayResult + measureMillis)", replayMs, replayCpu)
row("decode + replay + measure", decodeMs + replayMs, decodeCpu + replayCpu)
const scaled = (ms: number): string => `${((ms * 1_000_000) / N / 1000).toFixed(1)} s`
const verdict = (ms: number): string => ((ms * 1_000_000) / N < 10_000 ? "met" : "NOT met")
console.log(
  `replay + measure, 1,000,000 inquiries${
    N === 1_000_000 ? "" : ` (scaled from ${N.toLocaleString("en-US")}: short runs are dominated by JIT warm-up)`
  }, target < 10 s: cpu ${scaled(replayCpu)} (${verdict(replayCpu)}), wall ${scaled(replayMs)} (${verdict(replayMs)}); ` +
    `load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores (wall time includes waiting for a core when the machine is shared)`
)
console.log(`decode per event: ${us(decodeMs, events)} µs; ratio decode / (replay + measure): ${(decodeMs / replayMs).toFixed(2)}x`)
console.log(
  `covered time to first response + first resolution on ${sample.length.toLocaleString("en-US")} inquiries: Coverage.coveredMillis ${
    oursMs.toFixed(1)
  } ms vs opening_hours ${peerMs.toFixed(1)} ms ` +
    `(opening_hours / ours = ${(peerMs / oursMs).toFixed(0)}x), disagreements: ${disagreements}, same sums: ${peerSum === oursSum}`
)
console.log(`(checksum ${checksum})`)
if (failures > 0 || disagreements > 0 || peerSum !== oursSum) process.exit(1)
