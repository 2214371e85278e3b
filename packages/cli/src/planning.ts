/**
 * Plans a profile as the team configured it, with the published prefix and the recorded
 * overrides of its schedule file, so that every command sees the same duties whatever
 * window it asks about: the ledger starts at the shift grid's origin.
 *
 * @since 0.1.0
 * @module
 */
import { type Config, Profile, type Rotation, type Types } from "@sre-uxdd/core"
import * as ScheduleFile from "./scheduleFile.js"

const WEEK = 7 * 86_400_000

/**
 * The schedule from the grid's origin until `until` (at least eight weeks past `now`).
 *
 * @since 0.1.0
 * @category planning
 */
export const planUntil = (
  profile: Config.Profile,
  doc: ScheduleFile.Document,
  until: Types.Millis,
  history: ReadonlyArray<Types.Duty> = []
): Rotation.Schedule => {
  const published = mergeDuties(history, ScheduleFile.duties(doc))
  const lastEnd = published.at(-1)?.end ?? 0
  // Core's Profile.scheduleSync plans the profile as configured (from the grid's origin, the
  // guard looking as far past the window as it needs), so any window gives the same duties.
  return Profile.scheduleSync(profile, {
    from: profile.shifts.origin,
    to: Math.max(until, lastEnd, profile.shifts.origin + WEEK),
    published,
    overrides: doc.overrides,
    allowGaps: true
  })
}

/** Published duties by shift: the schedule file's win over the history derived before it. */
const mergeDuties = (history: ReadonlyArray<Types.Duty>, file: ReadonlyArray<Types.Duty>): ReadonlyArray<Types.Duty> => {
  const byShift = new Map<number, Types.Duty>()
  for (const d of history) byShift.set(d.shift, d)
  for (const d of file) byShift.set(d.shift, d)
  return [...byShift.values()].sort((a, b) => a.shift - b.shift)
}

/**
 * A member's display name and handles, for texts.
 *
 * @since 0.1.0
 * @category formatting
 */
export const person = (profile: Config.Profile, id: string | undefined): string => {
  if (id === undefined) return "nobody"
  const m = profile.team.members.find((x) => x.id === id)
  if (m === undefined) return id
  return m.handles.github === undefined ? m.name : `${m.name} (@${m.handles.github})`
}

/**
 * An instant in the team's zone, as `Mon 2026-12-07 08:00 PST`.
 *
 * @since 0.1.0
 * @category formatting
 */
export const local = (profile: Config.Profile, at: Types.Millis): string =>
  new Intl.DateTimeFormat("en-CA", {
    timeZone: profile.coverage.timeZone,
    weekday: "short",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short"
  })
    .format(at)
    .replace(/,/g, "")
