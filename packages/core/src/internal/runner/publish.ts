// Publishing the next schedule version: the planner proposes duties up to the horizon; every
// duty that started before `now` comes from the published version (the frozen prefix); the
// members whose future duties differ are told what changed and why.
import type * as Action from "../../Action.js"
import type * as Rotation from "../../Rotation.js"
import type * as Types from "../../Types.js"
import { formatInstant } from "../templates.js"
import type * as Runner from "./config.js"

/** A member's duties starting at or after `from`, in shift order, Primary before Backup. */
export const assignmentsOf = (duties: ReadonlyArray<Types.Duty>, member: string, from: number): ReadonlyArray<Runner.Assignment> =>
  [...duties]
    .filter((d) => d.start >= from)
    .sort((a, b) => a.start - b.start || a.shift - b.shift)
    .flatMap((d) => [
      ...(d.primary === member ? [{ shift: d.shift, start: d.start, end: d.end, role: "primary" as const }] : []),
      ...(d.backup === member ? [{ shift: d.shift, start: d.start, end: d.end, role: "backup" as const }] : [])
    ])

const keyOf = (a: Runner.Assignment): string => `${a.shift}:${a.role}:${a.start}:${a.end}`

const line = (a: Runner.Assignment, zone: string): string =>
  `shift ${a.shift} (${formatInstant(a.start, zone)} to ${formatInstant(a.end, zone)}) as ${a.role === "primary" ? "Primary" : "Backup"}`

export const merge = (previous: ReadonlyArray<Types.Duty>, planned: ReadonlyArray<Types.Duty>, now: number, horizon: number): ReadonlyArray<Types.Duty> => {
  const frozen = previous.filter((d) => d.start < now)
  const frozenShifts = new Set(frozen.map((d) => d.shift))
  // A running shift the previous version does not hold (the first publication) is taken as planned.
  const fresh = planned.filter((d) => d.end > now && d.start < horizon && !frozenShifts.has(d.shift))
  return [...frozen, ...fresh].sort((a, b) => a.start - b.start || a.shift - b.shift)
}

export const changes = (
  previous: ReadonlyArray<Types.Duty>,
  next: ReadonlyArray<Types.Duty>,
  now: number,
  zone: string
): ReadonlyArray<Runner.DutyChange> => {
  const members = [...new Set([...previous, ...next].flatMap((d) => [d.primary, ...(d.backup === undefined ? [] : [d.backup])]))].sort()
  const out: Array<Runner.DutyChange> = []
  for (const member of members) {
    const before = assignmentsOf(previous, member, now)
    const after = assignmentsOf(next, member, now)
    const had = new Set(before.map(keyOf))
    const has = new Set(after.map(keyOf))
    const added = after.filter((a) => !had.has(keyOf(a)))
    const removed = before.filter((a) => !has.has(keyOf(a)))
    if (added.length > 0 || removed.length > 0) {
      out.push({ member: member as Types.MemberId, added, removed, gained: added.map((a) => line(a, zone)), lost: removed.map((a) => line(a, zone)) })
    }
  }
  return out
}

/** The same duties (shift, times, Primary, Backup), whatever their order. */
export const sameDuties = (a: ReadonlyArray<Types.Duty>, b: ReadonlyArray<Types.Duty>): boolean => {
  const key = (d: Types.Duty) => `${d.shift}:${d.start}:${d.end}:${d.primary}:${d.backup ?? ""}`
  const x = a.map(key).sort()
  const y = b.map(key).sort()
  return x.length === y.length && x.every((k, i) => k === y[i])
}

export type Reason = string | ((member: Types.MemberId) => string)

export const notices = (
  version: number,
  reason: Reason,
  changed: ReadonlyArray<Runner.DutyChange>,
  options: { readonly series?: string | undefined; readonly inquiry?: Types.InquiryId | undefined } = {}
): ReadonlyArray<Action.Action> =>
  changed.map((c) => ({
    _tag: "Notify" as const,
    key: `${options.series ?? `schedule:v${version}`}:duties-changed:${c.member}`,
    member: c.member,
    ...(options.inquiry === undefined ? {} : { inquiry: options.inquiry }),
    text: [
      `Your support duties changed in schedule version ${version} (${typeof reason === "string" ? reason : reason(c.member)}).`,
      ...(c.gained.length === 0 ? [] : ["New:", ...c.gained.map((l) => `- ${l}`)]),
      ...(c.lost.length === 0 ? [] : ["No longer yours:", ...c.lost.map((l) => `- ${l}`)])
    ].join("\n")
  }))

/** Why the schedule changed, in a member's words. */
export type Cause =
  | { readonly _tag: "Publication"; readonly shifts: number }
  | { readonly _tag: "Override"; readonly override: Rotation.Override }

const nameOf = (roster: Types.Roster | undefined, id: string): string => roster?.members.find((m) => m.id === id)?.name ?? id

export const causeText = (cause: Cause, member: string | undefined, roster: Types.Roster | undefined): string => {
  if (cause._tag === "Publication") return `the publication of ${cause.shifts} new shift${cause.shifts === 1 ? "" : "s"}`
  const o = cause.override
  const role = o.role === "backup" ? "Backup" : "Primary"
  if (o.kind === "trade") {
    const [a, b] = o.members
    const shifts = `shifts ${o.shifts[0]} and ${o.shifts[1]} as ${role}`
    if (member === a) return `a swap with ${nameOf(roster, b)} (${shifts})`
    if (member === b) return `a swap with ${nameOf(roster, a)} (${shifts})`
    return `a swap between ${nameOf(roster, a)} and ${nameOf(roster, b)} (${shifts})`
  }
  if (member === o.member) return `your cover of shift ${o.shift} as ${role}`
  return `a cover by ${nameOf(roster, o.member)} (shift ${o.shift} as ${role})`
}
