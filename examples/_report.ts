// Shared by the simulation examples: plain-text tables, SVG charts drawn by echarts'
// server-side renderer, and a progress bar that only appears on a terminal.
import cliProgress from "cli-progress"
import * as echarts from "echarts"
import { mkdirSync, writeFileSync } from "node:fs"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"

export const examplesDir = dirname(fileURLToPath(import.meta.url))
export const outDir = join(examplesDir, "out")

/** `SRE_UXDD_SMOKE=1` (set by `pnpm test`) shortens horizons; the checks stay the same. */
export const smoke = process.env["SRE_UXDD_SMOKE"] === "1"

/** Formats rows as an aligned text table (first row is the header). */
export const table = (rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? []
  const line = (r: ReadonlyArray<string>) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  ")
  const [head, ...body] = rows
  return [line(head ?? []), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n")
}

export const pct = (x: number, digits = 1): string => `${(x * 100).toFixed(digits)}%`
export const num = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : "-")

/** Renders an echarts option to an SVG file under examples/out and returns its path. */
export const writeChart = (name: string, option: echarts.EChartsOption, size = { width: 960, height: 480 }): string => {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: size.width, height: size.height })
  chart.setOption({ animation: false, backgroundColor: "#ffffff", ...option })
  const svg = chart.renderToSVGString()
  chart.dispose()
  mkdirSync(outDir, { recursive: true })
  const file = join(outDir, name)
  writeFileSync(file, svg)
  return file
}

export const shown = (file: string): string => relative(process.cwd(), file) || file

/** A progress bar on a terminal, nothing otherwise (CI logs stay clean). */
export const progress = (total: number, label: string): { readonly tick: (what: string) => void; readonly stop: () => void } => {
  if (process.stdout.isTTY !== true) return { tick: () => undefined, stop: () => undefined }
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} {what}`, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic
  )
  bar.start(total, 0, { what: "" })
  return {
    tick: (what) => bar.increment(1, { what }),
    stop: () => bar.stop()
  }
}
