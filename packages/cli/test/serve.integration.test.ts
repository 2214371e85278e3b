// sre serve on 127.0.0.1 against the fake GitHub and a real SQLite file: signed webhook
// deliveries under load (every event stored once, every due action taken once), bad requests,
// the calendar feed, and the live report in headless Chromium.
import AxeBuilder from "@axe-core/playwright"
import { Webhooks } from "@sre-uxdd/github"
import { Effect, Exit, Scope, Stream } from "effect"
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import type { AddressInfo } from "node:net"
import { join } from "node:path"
import { chromium } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as Compose from "../src/compose.js"
import { dutiesOf } from "../src/commands/run.js"
import { makeServer } from "../src/commands/serve.js"
import { load } from "../src/profileFile.js"
import { chromiumPath, launchArgs } from "./support/chromium.js"
import { type FakeGitHub, startFake, TOKEN, trackerSection } from "./support/fakeGitHub.js"
import { example, repo } from "./support/sre.js"

const HOUR = 3_600_000
const T0 = Date.parse("2026-12-01T18:00:00Z")
const SECRET = "webhook-secret-for-tests"
const ISSUES = 100
const UNIQUE = 900
const DUPLICATES = 100
const CLIENTS = 50
const artifacts = join(import.meta.dirname, "..", "build", "artifacts")

let fake: FakeGitHub
let scope: Scope.Closeable
let base = ""
let app: Awaited<ReturnType<typeof makeServer>>
let services: Compose.Services

beforeAll(async () => {
  fake = await startFake()
  fake.setTime(T0 - 2 * HOUR)
  for (let i = 0; i < ISSUES; i++)
    fake.openIssue("visit-dav/support", {
      title: `Crash ${i % 7 === 0 ? "opening Silo file" : "in plot"} ${i}`,
      body: "details",
      user: "kim-user",
      at: T0 - HOUR
    })
  const dir = repo()
  writeFileSync(join(dir, "sre.config.yaml"), readFileSync(example, "utf8") + trackerSection(fake.url))
  const loaded = load(join(dir, "sre.config.yaml"))
  scope = await Effect.runPromise(Scope.make())
  services = await Effect.runPromise(
    Compose.services(loaded.profile, loaded.file, dutiesOf(loaded, T0), { GITHUB_TOKEN: TOKEN }).pipe(Effect.provideService(Scope.Scope, scope))
  )
  app = await makeServer({ loaded, services, now: () => T0, githubSecret: SECRET, maxBody: 64 * 1024 })
  await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", () => resolve()))
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
}, 120_000)

afterAll(async () => {
  await new Promise<void>((resolve) => app.server.close(() => resolve()))
  await app.idle()
  await Effect.runPromise(Scope.close(scope, Exit.void))
  await fake.stop()
})

const iso = (ms: number) => new Date(ms).toISOString()
const issue = (n: number) => ({
  id: 1_000 + n,
  number: n,
  title: `Crash ${(n - 1) % 7 === 0 ? "opening Silo file" : "in plot"} ${n - 1}`,
  body: "details",
  state: "open",
  html_url: `https://github.com/visit-dav/support/issues/${n}`,
  user: { login: "kim-user", type: "User" },
  labels: [{ name: n % 3 === 0 ? "silo" : "bug" }],
  assignees: [],
  created_at: iso(T0 - HOUR),
  updated_at: iso(T0 - HOUR),
  closed_at: null
})
const repository = { full_name: "visit-dav/support" }
// Delivery k: the first ISSUES open an issue each, the rest are the reporter's comments.
const delivery = (k: number): { readonly event: string; readonly id: string; readonly body: string } => {
  const n = (k % ISSUES) + 1
  if (k < ISSUES) return { event: "issues", id: `d-${k}`, body: JSON.stringify({ action: "opened", issue: issue(n), repository }) }
  const at = iso(T0 - HOUR + 1000 * k)
  return {
    event: "issue_comment",
    id: `d-${k}`,
    body: JSON.stringify({
      action: "created",
      issue: issue(n),
      repository,
      comment: {
        id: 50_000 + k,
        body: `more detail ${k}`,
        user: { login: "kim-user", type: "User" },
        created_at: at,
        updated_at: at,
        issue_url: `x/${n}`,
        html_url: `https://github.com/visit-dav/support/issues/${n}#c${k}`
      }
    })
  }
}
const post = (d: { readonly event: string; readonly id: string; readonly body: string }, headers: Record<string, string> = {}) =>
  fetch(`${base}/webhooks/github`, {
    method: "POST",
    body: d.body,
    headers: {
      "content-type": "application/json",
      "x-github-event": d.event,
      "x-github-delivery": d.id,
      "x-hub-signature-256": Webhooks.sign(SECRET, d.body),
      ...headers
    }
  })

describe("sre serve", () => {
  it("takes 1,000 signed deliveries from 50 clients (10% duplicates): every event stored once, every due action once", async () => {
    const work = [...Array.from({ length: UNIQUE }, (_, k) => delivery(k)), ...Array.from({ length: DUPLICATES }, (_, k) => delivery((k * 9) % UNIQUE))]
    // Duplicates arrive after their first delivery (as GitHub redelivers).
    const latencies: Array<number> = []
    const statuses = new Map<number, number>()
    let next = 0
    const started = performance.now()
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < work.length) {
          const d = work[next++]
          if (d === undefined) break
          const t = performance.now()
          const res = await post(d)
          await res.text()
          latencies.push(performance.now() - t)
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
        }
      })
    )
    const seconds = (performance.now() - started) / 1000
    latencies.sort((a, b) => a - b)
    const p99 = latencies[Math.ceil(0.99 * latencies.length) - 1] ?? 0
    console.log(
      `sre serve: ${work.length} deliveries from ${CLIENTS} clients in ${seconds.toFixed(2)} s: ${(work.length / seconds).toFixed(0)} deliveries/s, p50 ${
        latencies[Math.floor(latencies.length / 2)]?.toFixed(1)
      } ms, p99 ${p99.toFixed(1)} ms`
    )
    // Every delivery is accepted once; a redelivery racing its first copy may be taken as new, but its events are stored once.
    expect((statuses.get(202) ?? 0) + (statuses.get(200) ?? 0)).toBe(work.length)
    expect(statuses.get(202) ?? 0).toBeGreaterThanOrEqual(UNIQUE)

    // Let the runs finish, then drain what the write budget left for later runs.
    await app.idle()
    for (let i = 0; i < 20 && (await Effect.runPromise(services.store.pending())).length > 0; i++) await app.kick()
    expect(await Effect.runPromise(services.store.pending())).toEqual([])

    const stored = await Effect.runPromise(Stream.runCollect(services.store.changesAfter(0)))
    const fromWebhooks = [...stored].filter((s) => s.event.actor === "user:kim-user")
    expect(fromWebhooks.length).toBe(UNIQUE)
    expect(new Set(fromWebhooks.map((s) => s.event.id)).size).toBe(UNIQUE)

    const receipts = [...(await Effect.runPromise(Stream.runCollect(services.store.receipts)))]
    expect(new Set(receipts.map((r) => r.key)).size).toBe(receipts.length)
    const assigns = receipts.filter((r) => r.action === "Assign")
    expect(assigns.length).toBe(ISSUES)
    for (let n = 1; n <= ISSUES; n++) expect(fake.issue("visit-dav/support", n)?.assignees.length, `issue ${n}`).toBe(1)
    const assignRequests = fake.stats.routes.filter((r) => /^POST \/repos\/visit-dav\/support\/issues\/\d+\/assignees$/.test(r))
    expect(assignRequests.length).toBe(ISSUES)
  }, 300_000)

  it("answers bad requests with 401, 400, 413 and 404 and keeps serving", async () => {
    const body = JSON.stringify({ action: "opened", issue: issue(1), repository })
    expect((await post({ event: "issues", id: "bad-1", body }, { "x-hub-signature-256": Webhooks.sign("wrong", body) })).status).toBe(401)
    const missing = await fetch(`${base}/webhooks/github`, { method: "POST", body, headers: { "x-github-event": "issues", "x-github-delivery": "bad-2" } })
    expect(missing.status).toBe(401)
    expect((await post({ event: "issues", id: "bad-3", body: "{not json" })).status).toBe(400)
    expect((await post({ event: "issues", id: "bad-4", body: JSON.stringify({ pad: "x".repeat(100 * 1024) }) })).status).toBe(413)
    expect((await fetch(`${base}/nowhere`)).status).toBe(404)
    expect((await fetch(`${base}/webhooks/github`)).status).toBe(404)
    const health = await fetch(`${base}/healthz`)
    expect(health.status).toBe(200)
    expect((await health.json()) as { ok: boolean }).toMatchObject({ ok: true })
  })

  it("serves the calendar a year ahead, one member's or the team's, as free time with the roles named", async () => {
    const team = await (await fetch(`${base}/schedule.ics`)).text()
    expect(team).toContain("BEGIN:VCALENDAR")
    expect(team).toMatch(/SUMMARY:Primary: /)
    expect(team).toMatch(/SUMMARY:Backup: /)
    const events = team.split("BEGIN:VEVENT").length - 1
    expect(events).toBeGreaterThan(2 * 50)
    expect(team.split("TRANSP:TRANSPARENT").length - 1).toBe(events)
    const ana = await (await fetch(`${base}/schedule.ics?member=ana`)).text()
    const anaEvents = ana.split("BEGIN:VEVENT").slice(1)
    expect(anaEvents.length).toBeGreaterThan(0)
    for (const e of anaEvents) expect(e).toContain("Ana Morales")
    expect(ana.trimEnd().endsWith("END:VCALENDAR")).toBe(true)
    expect((await fetch(`${base}/schedule.ics?member=nobody`)).status).toBe(404)
  })

  it.skipIf(chromiumPath === undefined)("serves the live report: charts drawn, no console errors, no serious axe violations", async () => {
    const browser = await chromium.launch({ executablePath: chromiumPath ?? "", args: launchArgs })
    try {
      const page = await (await browser.newContext({ viewport: { width: 1000, height: 800 } })).newPage()
      const errors: Array<string> = []
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text())
      })
      page.on("pageerror", (e) => errors.push(e.message))
      const response = await page.goto(`${base}/`)
      expect(response?.status()).toBe(200)
      expect(errors).toEqual([])
      for (const id of ["fairness", "labels"]) expect(await page.locator(`#${id} svg path`).count(), `chart ${id}`).toBeGreaterThan(5)
      // No inquiry is decided yet (answered, or past its goal): no trend chart with empty axes, a sentence instead.
      expect(await page.locator("#attainment svg").count()).toBe(0)
      expect(await page.locator("text=No inquiry has been answered yet.").count()).toBe(1)
      // No effort is recorded in this run: the page says so instead of drawing an empty load chart.
      expect(await page.locator("#load svg").count()).toBe(0)
      expect(await page.locator("text=No support effort recorded yet").count()).toBe(1)
      expect(await page.locator("text=Crash").count()).toBeGreaterThan(0)
      const axe = await new AxeBuilder({ page }).analyze()
      expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`)).toEqual([])
      mkdirSync(artifacts, { recursive: true })
      await page.screenshot({ path: join(artifacts, "serve.png"), fullPage: true })
    } finally {
      await browser.close()
    }
  }, 120_000)
})
