// Publishing the next schedule version: the planner proposes duties up to the horizon; every
// duty that started before `now` comes from the published version (the frozen prefix); the
// members whose future duties differ are told what changed and why.
import type * as Action from "../../Action.js"
import type * as Runner from "./config.js"
import type * as Types from "../../Types.js"
import { formatInstant } from "../templates.js"

const roleLines = (duties: ReadonlyArray<Types.Duty>, member: string, now: number, zone: string): ReadonlyArray<string> =>
  duties
    .filter((d) => d.start >= now && (d.primary === member || d.backup === member))
    .map((d) => `shift ${d.shift} (${formatInstant(d.start, zone)} to ${formatInstant(d.end, zone)}) as ${d.primary === member ? "Primary" : "Backup"}`)

export const merge = (previous: ReadonlyArray<Types.Duty>, planned: ReadonlyArray<Types.Duty>, now: number, horizon: number): ReadonlyArray<Types.Duty> => {
  const frozen = previous.filter((d) => d.start < now)
  const frozenShifts = new Set(frozen.map((d) => d.shift))
  const fresh = planned.filter((d) => d.start >= now && d.start < horizon && !frozenShifts.has(d.shift))
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
    const before = roleLines(previous, member, now, zone)
    const after = roleLines(next, member, now, zone)
    const gained = after.filter((l) => !before.includes(l))
    const lost = before.filter((l) => !after.includes(l))
    if (gained.length > 0 || lost.length > 0) out.push({ member: member as Types.MemberId, gained, lost })
  }
  return out
}

export const notices = (version: number, reason: string, changed: ReadonlyArray<Runner.DutyChange>): ReadonlyArray<Action.Action> =>
  changed.map((c) => ({
    _tag: "Notify" as const,
    key: `schedule:v${version}:duties-changed:${c.member}`,
    member: c.member,
    text: [
      `Your support duties changed in schedule version ${version} (${reason}).`,
      ...(c.gained.length === 0 ? [] : ["New:", ...c.gained.map((l) => `- ${l}`)]),
      ...(c.lost.length === 0 ? [] : ["No longer yours:", ...c.lost.map((l) => `- ${l}`)])
    ].join("\n")
  }))
