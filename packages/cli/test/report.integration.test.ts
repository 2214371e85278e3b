import AxeBuilder from "@axe-core/playwright"
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { chromium } from "playwright-core"
import { describe, expect, it } from "vitest"
import { render, type ReportData } from "../src/report.js"
import { chromiumPath, launchArgs } from "./support/chromium.js"

const artifacts = join(import.meta.dirname, "..", "build", "artifacts")

const data: ReportData = {
  team: "VisIt-like team",
  generatedAt: "2026-12-01 09:00",
  timeZone: "America/Los_Angeles",
  goal: "4 hours",
  current: { shift: 47, start: "Mon 2026-11-30 08:00", end: "Mon 2026-12-07 08:00", primary: "Dora Petrova", backup: "Ben Okafor" },
  upcoming: [
    {
      shift: 48,
      start: "Mon 2026-12-07 08:00",
      end: "Mon 2026-12-14 08:00",
      primary: "Ana Morales",
      backup: "Fay Lindqvist",
      why: "furthest behind her share"
    },
    { shift: 49, start: "Mon 2026-12-14 08:00", end: "Mon 2026-12-21 08:00", primary: "Chen Wei", backup: "Ana Morales" }
  ],
  fairness: [
    { member: "Ana Morales", weight: 1, served: 10, owed: 10.2, loadPerPercent: 31.5 },
    { member: "Chen Wei", weight: 0.5, served: 5, owed: 5.1, loadPerPercent: 29 },
    { member: "Gus Tanaka", weight: 0.3, served: 3, owed: 3.06, loadPerPercent: undefined }
  ],
  attainment: [
    { period: "2026-W45", decided: 9, covered: 0.89, medianCoveredHours: 1.2, medianWallHours: 3.5 },
    { period: "2026-W46", decided: 11, covered: 1, medianCoveredHours: 0.8, medianWallHours: 1.1 },
    { period: "2026-W47", decided: 0, covered: undefined, medianCoveredHours: undefined, medianWallHours: undefined },
    { period: "2026-W48", decided: 7, covered: 0.71, medianCoveredHours: 2.4, medianWallHours: 40.2 }
  ],
  open: [
    {
      inquiry: "support#12",
      title: "Crash opening a Silo file",
      url: "https://example.org/support/12",
      owner: "Dora Petrova",
      status: "breached",
      due: "Tue 10:00"
    },
    { inquiry: "support#14", title: "Build fails on macOS <arm64>", owner: undefined, status: "running", due: "Wed 12:00" }
  ],
  missingPostmortems: [{ inquiry: "support#3", title: "Data loss when saving sessions" }],
  labels: [{ label: "bug", count: 12 }, { label: "install", count: 7 }, { label: "question", count: 4 }],
  recurringTitles: [{ words: "silo crash", count: 3, examples: ["Crash opening a Silo file", "Silo reader crash"] }]
}

describe.skipIf(chromiumPath === undefined)("the report in headless Chromium", () => {
  it("renders every chart, logs no console error, has no serious accessibility violation", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sre-report-"))
    const file = join(dir, "index.html")
    writeFileSync(file, render(data))
    const browser = await chromium.launch({ executablePath: chromiumPath ?? "", args: launchArgs })
    try {
      const context = await browser.newContext({ viewport: { width: 1000, height: 800 } })
      const page = await context.newPage()
      const errors: Array<string> = []
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text())
      })
      page.on("pageerror", (e) => errors.push(e.message))
      const requests: Array<string> = []
      page.on("request", (r) => requests.push(r.url()))
      await page.goto(pathToFileURL(file).href)
      expect(errors).toEqual([])
      // Offline: the page loads nothing but itself.
      expect(requests.filter((u) => !u.startsWith("file:"))).toEqual([])
      for (const id of ["fairness", "load", "attainment", "labels"]) {
        const marks = await page.locator(`#${id} svg path`).count()
        expect(marks, `chart ${id} draws marks`).toBeGreaterThan(5)
        const box = await page.locator(`#${id} svg`).boundingBox()
        expect(box?.width ?? 0).toBeGreaterThan(300)
      }
      // Every member is named under the fairness bars (no label skipped for lack of room).
      const axisText = await page.locator("#fairness svg text").allTextContents()
      for (const f of data.fairness) expect(axisText.join(" ")).toContain(f.member)
      expect(await page.locator("text=BREACHED").count()).toBe(1)
      const axe = await new AxeBuilder({ page }).analyze()
      const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
      expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([])
      mkdirSync(artifacts, { recursive: true })
      await page.screenshot({ path: join(artifacts, "report.png"), fullPage: true })
    } finally {
      await browser.close()
    }
  })
})

describe("Report.render", () => {
  it("escapes every text from the tracker", () => {
    const html = render({ ...data, open: [{ inquiry: "x", title: "<script>alert(1)</script>", owner: undefined, status: "running", due: undefined }] })
    expect(html).not.toContain("<script>alert(1)")
    expect(html).toContain("&lt;script&gt;")
  })
  it("is deterministic", () => {
    expect(render(data)).toBe(render(data))
  })
})

describe("Report.render without recorded effort", () => {
  it("says there is no load to compare instead of drawing an empty chart", () => {
    const html = render({ ...data, fairness: data.fairness.map((f) => ({ ...f, loadPerPercent: undefined })) })
    expect(html).not.toContain("id=\"load\"")
    expect(html).toContain("No support effort recorded yet")
  })
})
