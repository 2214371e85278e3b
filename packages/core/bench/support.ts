// What the benchmarks share: the VisIt calendar as each library writes it, and the re-run of
// a benchmark under the calendar's zone for peers that read the process time zone.
import { spawnSync } from "node:child_process"
import { Coverage } from "../src/index.js"

/** The calendar's zone. */
export const ZONE = "America/Los_Angeles"

/** VisIt's weekly windows in our spec form. */
export const visitSpec = {
  timeZone: ZONE,
  weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], windows: ["08:00-12:00", "13:00-17:00"] }],
  holidays: { dates: ["2024-07-04"] }
} as const

/** A fresh calendar (its own index) with VisIt's windows and Independence Day 2024 closed. */
export const visitCalendar = (): Coverage.Calendar =>
  Coverage.make({
    ...visitSpec,
    weekly: visitSpec.weekly.map((r) => ({ days: [...r.days], windows: [...r.windows] })),
    holidays: { dates: [...visitSpec.holidays.dates] }
  })

/** The same calendar in opening_hours' syntax (it reads the process zone). */
export const visitOpeningHours = "Mo-Fr 08:00-12:00,13:00-17:00; 2024 Jul 04 off"

/** opening_hours and moment-business-time use the process zone: re-run this script under ZONE. */
export const runInZone = (): void => {
  if (process.env.TZ === ZONE) return
  const r = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit", env: { ...process.env, TZ: ZONE } })
  process.exit(r.status ?? 1)
}
