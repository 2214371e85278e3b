/**
 * Fills the report's `ReportData` from the store (every stored history, streamed, each
 * replayed once), the schedule and core's `Metrics`.
 *
 * @since 0.1.0
 * @module
 */
import { type Config, Coverage, Inquiry, Metrics, Postmortem, Rotation, type Store, type Tracker, type Types } from "@sre-uxdd/core"
import { Effect, Result, Stream } from "effect"
import { local, person } from "./planning.js"
import type { AttainmentRow, DutyRow, OpenRow, ReportData } from "./report.js"

const HOUR = 3_600_000
const WEEK = 7 * 24 * HOUR
const STOP = new Set([
  "the",
  "a",
  "an",
  "in",
  "on",
  "of",
  "to",
  "for",
  "and",
  "or",
  "with",
  "is",
  "not",
  "when",
  "from",
  "at",
  "by",
  "it",
  "my",
  "how",
  "can",
  "i",
  "does",
  "do"
])

/** The median (the mean of the two middle values of an even count); `undefined` for no values, never 0. */
const median = (xs: Array<number>): number | undefined => {
  if (xs.length === 0) return undefined
  const s = xs.sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? s[mid] : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

/**
 * Input of {@link fromStore}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Input {
  readonly profile: Config.Profile
  readonly schedule: Rotation.Schedule
  readonly now: Types.Millis
  /** How many weeks of attainment to show (default 12). */
  readonly weeks?: number | undefined
}

const nameOf = (profile: Config.Profile, id: string): string => profile.team.members.find((m) => m.id === id)?.name ?? id

/** Why a shift's Primary is who it is, in a few words, from the rotation's explanation. */
const whyOf = (profile: Config.Profile, schedule: Rotation.Schedule, shift: number): string | undefined => {
  let e: Rotation.Explanation
  try {
    e = Rotation.explain(schedule, shift, "primary")
  } catch {
    return undefined
  }
  if (e.status !== "duty" || e.chosen === undefined) return undefined
  const parts: Array<string> = []
  if (e.override !== undefined) parts.push(`${e.override.kind}: instead of ${nameOf(profile, e.assigned ?? "")}`)
  else if (e.source === "published") parts.push("as published")
  else if (e.candidates[0]?.member === e.chosen) parts.push("owed the most shifts")
  else parts.push(`passed over ${e.passedOver.map((p) => `${nameOf(profile, p.member)} (${p.reason})`).join(", ")}`)
  const absent = e.skipped.filter((x) => x.reason === "absent").map((x) => nameOf(profile, x.member))
  if (absent.length > 0) parts.push(`absent: ${absent.join(", ")}`)
  return parts.join("; ")
}

/**
 * The schedule as a calendar: `weeks` rows of Monday to Sunday in the team's zone from the
 * week of `now`, each day with the Primary and Backup of its first covered window, or none
 * when the day has no covered time (a weekend, a holiday).
 */
const calendarOf = (profile: Config.Profile, schedule: Rotation.Schedule, now: number, weeks: number): ReportData["calendar"] => {
  const zone = profile.coverage.timeZone
  const dateOf = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" })
  const weekdayOf = new Intl.DateTimeFormat("en-US", { timeZone: zone, weekday: "short" })
  const days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
  // Local noon of today, then back to Monday: a day's noon stays inside that day across DST.
  const DAY = 24 * HOUR
  const [y, mo, d] = dateOf.format(now).split("-").map(Number) as [number, number, number]
  const offset = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" }).format(now)
  const m = /GMT(?:([+-])(\d{1,2}):(\d{2}))?/.exec(offset)
  const offsetMs = m?.[1] === undefined ? 0 : (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000
  const noon = Date.UTC(y, mo - 1, d, 12) - offsetMs
  const monday = noon - days.indexOf(weekdayOf.format(noon)) * DAY
  const firstOfDay = new Map<string, number>()
  for (const [start] of Coverage.windowsMillis(profile.coverage, monday - DAY, monday + (7 * weeks + 1) * DAY)) {
    const date = dateOf.format(start)
    if (!firstOfDay.has(date)) firstOfDay.set(date, start)
  }
  const today = dateOf.format(now)
  return Array.from({ length: weeks }, (_, w) => ({
    week: dateOf.format(monday + 7 * w * DAY),
    days: days.map((weekday, k) => {
      const date = dateOf.format(monday + (7 * w + k) * DAY)
      const at = firstOfDay.get(date)
      const duty = at === undefined ? undefined : Rotation.onDuty(schedule, at)
      return {
        date,
        weekday,
        today: date === today,
        primary: duty === undefined ? undefined : nameOf(profile, duty.primary),
        backup: duty?.backup === undefined ? undefined : nameOf(profile, duty.backup)
      }
    })
  }))
}

/**
 * Recurring titles: word pairs shared by at least two inquiries' titles, where pairs that occur
 * in exactly the same inquiries are one row (all their words: "crash file opening silo", not
 * six rows of pairs), with up to three distinct titles as examples; most inquiries first.
 */
const recurring = (
  titles: ReadonlyMap<string, { readonly inquiries: ReadonlyArray<string>; readonly titles: ReadonlyArray<string> }>
): ReportData["recurringTitles"] => {
  const groups = new Map<string, { readonly words: Set<string>; readonly count: number; readonly titles: ReadonlyArray<string> }>()
  for (const [pair, t] of titles) {
    if (t.inquiries.length < 2) continue
    const key = [...t.inquiries].sort().join("\n")
    const g = groups.get(key) ?? { words: new Set<string>(), count: t.inquiries.length, titles: t.titles }
    for (const w of pair.split(" ")) g.words.add(w)
    groups.set(key, g)
  }
  return [...groups.values()]
    .map((g) => ({ words: [...g.words].sort().join(" "), count: g.count, examples: [...new Set(g.titles)].slice(0, 3) }))
    .sort((a, b) => b.count - a.count || b.words.length - a.words.length || (a.words < b.words ? -1 : 1))
    .slice(0, 10)
}

/**
 * The report of a team from its stored histories.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromStore = (store: Store.Store["Service"], input: Input): Effect.Effect<ReportData, Store.StoreError> => {
  const items = new Map<string, Tracker.Item>()
  const histories = store.items().pipe(
    Stream.mapEffect((item) =>
      Effect.map(store.events(item.inquiry), (events) => {
        items.set(item.inquiry, item)
        return events
      })
    )
  )
  return fromHistories(histories, input, (id) => items.get(id))
}

/**
 * The report from a stream of histories (one inquiry's events each).
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromHistories = <E, R>(
  histories: Stream.Stream<ReadonlyArray<Inquiry.Event>, E, R>,
  input: Input,
  itemOf: (inquiry: string) => Tracker.Item | undefined = () => undefined
): Effect.Effect<ReportData, E, R> => {
  const { profile, schedule, now } = input
  const weeks = input.weeks ?? 12
  const team = profile.team.members.map((m) => m.id as string)
  const policy = Inquiry.responsePolicy({ team })
  const firstWeek = now - weeks * WEEK
  const buckets = Array.from({ length: weeks }, () => ({ met: 0, missed: 0, covered: [] as Array<number>, wall: [] as Array<number>, offHours: 0 }))
  const open: Array<OpenRow & { readonly rank: number }> = []
  const missing: Array<ReportData["missingPostmortems"][number]> = []
  // Word pairs in titles, with the inquiries whose titles have them.
  const titles = new Map<string, { readonly inquiries: Array<string>; readonly titles: Array<string> }>()
  const visit = (events: ReadonlyArray<Inquiry.Event>): void => {
    const replayed = Inquiry.replayResult(events, { policy })
    if (Result.isFailure(replayed)) return
    const state = replayed.success
    const clock = Inquiry.responseClockMillis(state, profile.coverage, profile.goals, now)
    const item = itemOf(state.inquiry)
    if (state.openedAt >= firstWeek && state.openedAt < now && (clock.status === "met" || clock.status === "missed")) {
      const b = buckets[Math.min(weeks - 1, Math.floor((state.openedAt - firstWeek) / WEEK))]
      if (b !== undefined) {
        if (clock.status === "met") b.met++
        else b.missed++
        if (clock.stoppedBy === "response") {
          b.covered.push(clock.elapsed / HOUR)
          b.wall.push(clock.wallElapsed / HOUR)
          // Answered outside covered hours before the response clock ever ran: 0 covered hours.
          if (clock.elapsed === 0) b.offHours++
        }
      }
    }
    if (state.phase !== "closed" && (item === undefined || item.state === "open")) {
      const owner = state.ownership.at(-1)?.member ?? item?.assignees[0]
      open.push({
        inquiry: state.inquiry,
        title: state.title,
        ...(item?.url === undefined ? {} : { url: item.url }),
        owner: owner === undefined ? undefined : person(profile, owner),
        status: clock.status,
        due: clock.stoppedAt === undefined ? local(profile, clock.due) : undefined,
        rank: clock.status === "breached" ? 0 : clock.status === "at-risk" ? 1 : 2
      })
    }
    if (state.serious || events.length > 5) {
      for (const m of Postmortem.missing([Postmortem.fromInquiry(state, events, profile.team)], Postmortem.defaultPolicy)) {
        missing.push({ inquiry: m.incident.inquiry, title: m.incident.title, ...(item?.url === undefined ? {} : { url: item.url }) })
      }
    }
    const words = state.title.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2 && !STOP.has(w))
    for (const pair of new Set(words.flatMap((w, i) => words.slice(i + 1).map((v) => [w, v].sort().join(" "))))) {
      const t = titles.get(pair) ?? { inquiries: [], titles: [] }
      t.inquiries.push(state.inquiry)
      t.titles.push(state.title)
      titles.set(pair, t)
    }
  }
  const options: Metrics.Options = { coverage: profile.coverage, goals: profile.goals, members: profile.team.members, now, policy, duties: schedule.duties }
  return Metrics.computeStream(Stream.tap(histories, (events) => Effect.sync(() => visit(events))), options).pipe(
    Effect.map((metrics): ReportData => {
      const report = Rotation.report(schedule)
      const current = Rotation.onDuty(schedule, now)
      const row = (d: Types.Duty): DutyRow => ({
        shift: d.shift,
        start: local(profile, d.start),
        end: local(profile, d.end),
        primary: person(profile, d.primary),
        backup: d.backup === undefined ? undefined : person(profile, d.backup),
        why: whyOf(profile, schedule, d.shift)
      })
      const attainment: Array<AttainmentRow> = buckets.map((b, i) => ({
        period: new Date(firstWeek + i * WEEK).toISOString().slice(0, 10),
        decided: b.met + b.missed,
        covered: b.met + b.missed === 0 ? undefined : b.met / (b.met + b.missed),
        responded: b.covered.length,
        offHours: b.offHours,
        medianCoveredHours: median(b.covered),
        medianWallHours: median(b.wall)
      }))
      const started = attainment.findIndex((a) => a.decided > 0)
      return {
        team: profile.name,
        generatedAt: local(profile, now),
        timeZone: profile.coverage.timeZone,
        goal: `${profile.goals.defaultMillis / HOUR} covered hours`,
        current: current === undefined ? undefined : row(current),
        upcoming: schedule.duties.filter((d) => d.start > now).slice(0, 8).map(row),
        calendar: calendarOf(profile, schedule, now, 6),
        fairness: report.primary.map((m) => {
          const load = metrics.members.find((x) => x.member === m.member)
          return {
            member: person(profile, m.member),
            weight: profile.team.members.find((x) => x.id === m.member)?.weight ?? 0,
            served: m.served,
            owed: m.entitled.value,
            loadPerPercent: load === undefined || load.effortHours === 0 ? undefined : load.effortHoursPerWeight
          }
        }),
        // From the first week with a decided inquiry: empty weeks before the team started are no trend.
        attainment: started < 0 ? [] : attainment.slice(started),
        open: open.sort((a, b) => a.rank - b.rank || a.inquiry.localeCompare(b.inquiry, "en", { numeric: true })).slice(0, 50).map(({ rank: _rank, ...o }) =>
          o
        ),
        missingPostmortems: missing.slice(0, 50),
        labels: metrics.topLabels,
        recurringTitles: recurring(titles)
      }
    })
  )
}
