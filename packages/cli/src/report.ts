/**
 * The team's report as one static HTML page: this week's pair and the next weeks, the schedule
 * calendar, fairness and load per percent-time, response attainment over time in covered and
 * wall-clock time, open and breaching inquiries, serious incidents missing a postmortem, and what
 * to fix next (the most frequent labels and recurring titles). It works offline: the charts are
 * SVG drawn by ECharts at build time and inlined, with no script and no CDN. Every chart has a
 * text description and a data table beside it, and series differ by line style and marker as
 * well as colour, so the page reads without colour.
 *
 * @since 0.1.0
 * @module
 */
import * as echarts from "echarts"

/**
 * One shift of the calendar.
 *
 * @since 0.1.0
 * @category models
 */
export interface DutyRow {
  readonly shift: number
  readonly start: string
  readonly end: string
  readonly primary: string
  readonly backup: string | undefined
  /** Why this Primary (the rotation's explanation), shown on hover and in the table. */
  readonly why?: string | undefined
}

/**
 * One member's fairness and load.
 *
 * @since 0.1.0
 * @category models
 */
export interface FairnessRow {
  readonly member: string
  readonly weight: number
  readonly served: number
  readonly owed: number
  /** Support hours recorded per unit of percent-time (hours / weight). */
  readonly loadPerPercent: number | undefined
}

/**
 * One week of the schedule calendar; a day without covered time has no Primary.
 *
 * @since 0.1.0
 * @category models
 */
export interface CalendarWeek {
  readonly week: string
  readonly days: ReadonlyArray<
    { readonly date: string; readonly weekday: string; readonly today: boolean; readonly primary: string | undefined; readonly backup: string | undefined }
  >
}

/**
 * Attainment of one period (a week or a month).
 *
 * @since 0.1.0
 * @category models
 */
export interface AttainmentRow {
  readonly period: string
  readonly decided: number
  /** Share answered within the goal, counted in covered time (undefined when nothing was decided). */
  readonly covered: number | undefined
  /** First responses measured (the medians are over these). */
  readonly responded?: number | undefined
  /**
   * First responses that came outside covered hours before the response clock started
   * (0 covered hours each): a median of 0 covered hours means most responses came off hours.
   */
  readonly offHours?: number | undefined
  /** Median hours to the first response, covered and wall-clock. */
  readonly medianCoveredHours: number | undefined
  readonly medianWallHours: number | undefined
}

/**
 * An open inquiry on the report.
 *
 * @since 0.1.0
 * @category models
 */
export interface OpenRow {
  readonly inquiry: string
  readonly title: string
  readonly url?: string | undefined
  readonly owner: string | undefined
  readonly status: "running" | "at-risk" | "breached" | "met" | "missed"
  readonly due: string | undefined
}

/**
 * Everything the page shows.
 *
 * @since 0.1.0
 * @category models
 */
export interface ReportData {
  readonly team: string
  readonly generatedAt: string
  readonly timeZone: string
  readonly goal: string
  readonly current: DutyRow | undefined
  readonly upcoming: ReadonlyArray<DutyRow>
  /** The schedule as a calendar: weeks from this one, Monday to Sunday, in the team's zone. */
  readonly calendar?: ReadonlyArray<CalendarWeek> | undefined
  readonly fairness: ReadonlyArray<FairnessRow>
  readonly attainment: ReadonlyArray<AttainmentRow>
  readonly open: ReadonlyArray<OpenRow>
  readonly missingPostmortems: ReadonlyArray<{ readonly inquiry: string; readonly title: string; readonly url?: string | undefined }>
  readonly labels: ReadonlyArray<{ readonly label: string; readonly count: number }>
  readonly recurringTitles: ReadonlyArray<{ readonly words: string; readonly count: number; readonly examples: ReadonlyArray<string> }>
}

const escape = (text: string): string => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;")

/** Why a median of covered hours can be 0, said when some first responses came off hours. */
const offHoursNote = (rows: ReadonlyArray<AttainmentRow>): string => {
  const off = rows.reduce((n, r) => n + (r.offHours ?? 0), 0)
  const all = rows.reduce((n, r) => n + (r.responded ?? 0), 0)
  if (off === 0) return ""
  return `<p class="note">${off} of ${all} first responses came outside covered hours, before the response clock started, and count as 0 covered hours: the response goal counts covered time only. A median of 0 covered hours means most people were answered before the next covered period began; the wall-clock median says how long they waited.</p>`
}

const pct = (x: number | undefined): string => (x === undefined ? "n/a" : `${(x * 100).toFixed(1)}%`)
const hours = (x: number | undefined): string => (x === undefined ? "n/a" : `${x.toFixed(1)} h`)

// Colour-blind-safe (Okabe-Ito) colours, with dash styles and markers so colour is never the only cue.
const palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

/** Renders an ECharts option to an SVG string with an accessible name. */
const chart = (id: string, title: string, option: echarts.EChartsOption, width = 860, height = 320): string => {
  const instance = echarts.init(null, null, { renderer: "svg", ssr: true, width, height })
  instance.setOption({ animation: false, color: palette, textStyle: { fontFamily: "sans-serif" }, aria: { enabled: true, decal: { show: true } }, ...option })
  // ECharts numbers its CSS classes with process-wide counters (zr0-cls-45): renamed after the
  // chart in order of appearance, the page is the same whatever was rendered before it.
  const names = new Map<string, string>()
  const svg = instance.renderToSVGString().replace(/\bzr\d+-[A-Za-z]+-\d+\b|\bzr\d+-/g, (name) => {
    let renamed = names.get(name)
    if (renamed === undefined) names.set(name, renamed = `${id}-${names.size}${name.endsWith("-") ? "-" : ""}`)
    return renamed
  })
  instance.dispose()
  return `<figure class="chart" id="${id}"><div role="img" aria-label="${escape(title)}">${svg}</div><figcaption>${escape(title)}</figcaption></figure>`
}

const table = (caption: string, head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>, empty: string): string =>
  rows.length === 0
    ? `<p class="empty">${escape(empty)}</p>`
    : `<table><caption>${escape(caption)}</caption><thead><tr>${head.map((h) => `<th scope="col">${escape(h)}</th>`).join("")}</tr></thead><tbody>${
      rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")
    }</tbody></table>`

const calendarSection = (weeks: ReadonlyArray<CalendarWeek>): string =>
  weeks.length === 0 ?
    "" :
    `<section aria-labelledby="cal"><h2 id="cal">Schedule calendar</h2><table class="calendar"><caption>Primary and Backup by day (a day without covered time says no coverage)</caption><thead><tr>${
      (weeks[0]?.days ?? []).map((d) => `<th scope="col">${escape(d.weekday)}</th>`).join("")
    }</tr></thead><tbody>${
      weeks.map((w) =>
        `<tr>${
          w.days.map((d) =>
            `<td${d.today ? " class=\"today\" aria-current=\"date\"" : ""}><span class="date">${escape(d.date.slice(5))}${d.today ? " (today)" : ""}</span>${
              d.primary === undefined
                ? `<br><span class="off">no coverage</span>`
                : `<br><strong>${escape(d.primary)}</strong><br><span class="backup-name">Backup: ${escape(d.backup ?? "none")}</span>`
            }</td>`
          ).join("")
        }</tr>`
      ).join("")
    }</tbody></table></section>`

const link = (text: string, url: string | undefined): string => (url === undefined ? escape(text) : `<a href="${escape(url)}">${escape(text)}</a>`)

// Every member named under its bars: the name on one line, the handle under it.
const memberAxis = (rows: ReadonlyArray<FairnessRow>) => ({
  type: "category" as const,
  data: rows.map((r) => r.member),
  axisLabel: { interval: 0, formatter: (name: string) => name.replace(" (", "\n(") }
})

const fairnessChart = (rows: ReadonlyArray<FairnessRow>): string =>
  chart("fairness", "Shifts served against shifts owed by percent-time, per member", {
    grid: { left: 60, right: 20, top: 50, bottom: 55 },
    legend: { top: 10, data: ["served", "owed"] },
    xAxis: memberAxis(rows),
    yAxis: { type: "value", name: "shifts", nameLocation: "middle", nameGap: 40 },
    series: [
      { name: "served", type: "bar", data: rows.map((r) => r.served), label: { show: true, position: "top" } },
      {
        name: "owed",
        type: "bar",
        data: rows.map((r) => Number(r.owed.toFixed(2))),
        label: {
          show: true,
          position: "top",
          formatter: (p: { value: unknown }) => Number(p.value).toFixed(1)
        }
      }
    ]
  })

const loadChart = (rows: ReadonlyArray<FairnessRow>): string =>
  chart("load", "Support hours per unit of percent-time, per member (even load: equal bars)", {
    grid: { left: 60, right: 20, top: 30, bottom: 55 },
    xAxis: memberAxis(rows),
    yAxis: { type: "value", name: "hours / percent-time", nameLocation: "middle", nameGap: 45 },
    series: [{
      type: "bar",
      data: rows.map((r) => (r.loadPerPercent === undefined ? null : Number(r.loadPerPercent.toFixed(1)))),
      label: { show: true, position: "top" }
    }]
  })

const attainmentChart = (rows: ReadonlyArray<AttainmentRow>): string =>
  chart("attainment", "Response goal attainment per period (covered time) and median hours to first response (covered and wall-clock)", {
    grid: { left: 60, right: 70, top: 50, bottom: 50 },
    legend: { top: 10, data: ["attainment", "median, covered hours", "median, wall-clock hours"] },
    xAxis: { type: "category", data: rows.map((r) => r.period) },
    yAxis: [
      { type: "value", name: "attainment %", min: 0, max: 100, nameLocation: "middle", nameGap: 40 },
      { type: "value", name: "hours", nameLocation: "middle", nameGap: 45 }
    ],
    series: [
      {
        name: "attainment",
        type: "line",
        symbol: "circle",
        symbolSize: 8,
        data: rows.map((r) => (r.covered === undefined ? null : Number((r.covered * 100).toFixed(1))))
      },
      {
        name: "median, covered hours",
        type: "line",
        yAxisIndex: 1,
        symbol: "triangle",
        symbolSize: 9,
        lineStyle: { type: "dashed" },
        data: rows.map((r) => (r.medianCoveredHours === undefined ? null : Number(r.medianCoveredHours.toFixed(1))))
      },
      {
        name: "median, wall-clock hours",
        type: "line",
        yAxisIndex: 1,
        symbol: "rect",
        symbolSize: 8,
        lineStyle: { type: "dotted" },
        data: rows.map((r) => (r.medianWallHours === undefined ? null : Number(r.medianWallHours.toFixed(1))))
      }
    ]
  })

const labelsChart = (labels: ReportData["labels"]): string =>
  chart(
    "labels",
    "The most frequent labels on support inquiries",
    {
      grid: { left: 140, right: 40, top: 20, bottom: 30 },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: [...labels].reverse().map((l) => l.label) },
      series: [{ type: "bar", data: [...labels].reverse().map((l) => l.count), label: { show: true, position: "right" } }]
    },
    860,
    Math.max(160, 40 + labels.length * 28)
  )

const statusText: Record<OpenRow["status"], string> = {
  running: "within goal",
  "at-risk": "at risk",
  breached: "BREACHED",
  met: "answered in time",
  missed: "answered late"
}

const css = `
body { font-family: sans-serif; margin: 2rem auto; max-width: 960px; color: #111; line-height: 1.45; padding: 0 1rem; }
h1 { margin-bottom: 0.2rem; } .meta { color: #444; margin-top: 0; }
.pair { display: flex; gap: 1rem; flex-wrap: wrap; } .pair div { border: 2px solid #0072B2; border-radius: 6px; padding: 0.6rem 1rem; min-width: 14rem; }
.pair div.backup { border-style: dashed; }
table { border-collapse: collapse; width: 100%; margin: 0.8rem 0 1.6rem; font-size: 0.92rem; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
th, td { border: 1px solid #999; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
.status-breached { font-weight: bold; color: #8b0000; } .status-at-risk { font-weight: bold; }
figure.chart { margin: 1rem 0; } figcaption { font-size: 0.9rem; color: #333; }
.empty { color: #444; font-style: italic; }
a { color: #005a8c; }
table.calendar td { width: 14.28%; font-size: 0.85rem; } table.calendar .date { color: #444; }
table.calendar td.today { border: 3px solid #0072B2; } table.calendar .off { color: #555; font-style: italic; }
`

/**
 * Renders the report page. Pure: the same data gives the same page.
 *
 * @since 0.1.0
 * @category rendering
 */
export const render = (data: ReportData): string => {
  const current = data.current
  const sections = [
    `<header><h1>Support report: ${escape(data.team)}</h1><p class="meta">Generated ${escape(data.generatedAt)}; times in ${
      escape(data.timeZone)
    }; response goal ${escape(data.goal)} of covered time.</p></header>`,
    `<section aria-labelledby="now"><h2 id="now">On duty now</h2>${
      current === undefined
        ? `<p class="empty">No shift is running now.</p>`
        : `<div class="pair"><div class="primary"><strong>Primary</strong><br>${escape(current.primary)}</div><div class="backup"><strong>Backup</strong><br>${
          escape(current.backup ?? "none")
        }</div></div><p>Until ${escape(current.end)}.</p>`
    }</section>`,
    `<section aria-labelledby="next"><h2 id="next">The next weeks</h2>${
      table(
        "Schedule",
        ["shift", "from", "to", "Primary", "Backup", "why"],
        data.upcoming.map((d) => [String(d.shift), escape(d.start), escape(d.end), escape(d.primary), escape(d.backup ?? "none"), escape(d.why ?? "")]),
        "Nothing is scheduled yet: run `sre schedule publish`."
      )
    }</section>`,
    calendarSection(data.calendar ?? []),
    `<section aria-labelledby="fair"><h2 id="fair">Fairness and load</h2>${
      data.fairness.length === 0
        ? ""
        : fairnessChart(data.fairness) +
          (data.fairness.some((f) => f.loadPerPercent !== undefined)
            ? loadChart(data.fairness)
            : `<p class="empty">No support effort recorded yet, so there is no load per percent-time to compare (effort comes from recorded effort events).</p>`)
    }${
      table(
        "Fairness per member",
        ["member", "percent-time", "shifts served", "shifts owed", "deviation", "support hours per percent-time"],
        data.fairness.map((
          f
        ) => [
          escape(f.member),
          `${Math.round(f.weight * 100)}%`,
          String(f.served),
          f.owed.toFixed(2),
          (f.served - f.owed).toFixed(2),
          f.loadPerPercent === undefined ? "n/a" : f.loadPerPercent.toFixed(1)
        ]),
        "No shifts served yet."
      )
    }</section>`,
    `<section aria-labelledby="att"><h2 id="att">Response attainment over time</h2>${data.attainment.length === 0 ? "" : attainmentChart(data.attainment)}${
      table(
        "Attainment per period",
        ["period", "inquiries decided", "within goal (covered time)", "median to first response, covered", "median, wall-clock", "answered off hours"],
        data.attainment.map((a) => [
          escape(a.period),
          String(a.decided),
          pct(a.covered),
          hours(a.medianCoveredHours),
          hours(a.medianWallHours),
          a.responded === undefined || a.responded === 0 ? "n/a" : `${a.offHours ?? 0} of ${a.responded}`
        ]),
        "No inquiry has been answered yet."
      )
    }${offHoursNote(data.attainment)}</section>`,
    `<section aria-labelledby="open"><h2 id="open">Open inquiries</h2>${
      table(
        "Open inquiries, breaching first",
        ["inquiry", "title", "owner", "response", "due"],
        [...data.open].sort((a, b) => rank(a.status) - rank(b.status)).map((
          o
        ) => [
          link(o.inquiry, o.url),
          escape(o.title),
          escape(o.owner ?? "nobody"),
          `<span class="status-${o.status}">${statusText[o.status]}</span>`,
          escape(o.due ?? "")
        ]),
        "No open inquiries."
      )
    }</section>`,
    `<section aria-labelledby="pm"><h2 id="pm">Serious incidents missing a postmortem</h2>${
      table(
        "Serious incidents without a postmortem",
        ["inquiry", "title"],
        data.missingPostmortems.map((m) => [link(m.inquiry, m.url), escape(m.title)]),
        "None: every serious incident has its postmortem."
      )
    }</section>`,
    `<section aria-labelledby="fix"><h2 id="fix">What to fix next</h2>${data.labels.length === 0 ? "" : labelsChart(data.labels)}${
      table("Most frequent labels", ["label", "inquiries"], data.labels.map((l) => [escape(l.label), String(l.count)]), "No labels yet.")
    }${
      table(
        "Recurring titles",
        ["words in common", "inquiries", "examples"],
        data.recurringTitles.map((t) => [escape(t.words), String(t.count), escape(t.examples.join("; "))]),
        "No recurring titles yet."
      )
    }</section>`
  ]
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Support report: ${
    escape(data.team)
  }</title><style>${css}</style></head><body><main>${sections.join("\n")}</main></body></html>\n`
}

const rank = (s: OpenRow["status"]): number => ["breached", "at-risk", "running", "missed", "met"].indexOf(s)
