// The phases of `Rotation.planSync` before and around the engine: check the options, read
// the published prefix, put the roster's weights on one integer scale, resolve absences
// per shift into the engine's slots, and check the overrides. Each phase either returns
// its part of the engine's input or throws a `ValidationError` naming every bad path.
import * as Coverage from "../../Coverage.js"
import type * as Shift from "../../Shift.js"
import type * as Team from "../../Team.js"
import * as Types from "../../Types.js"
import * as Q from "./rational.js"
import type { Pinned, Slot } from "./types.js"

export const fail = (subject: string, problems: ReadonlyArray<Types.Problem>): never => {
  throw new Types.ValidationError({ subject, problems })
}

/** The plan's options with their defaults, checked together. */
export const checkOptions = <S extends string>(
  input: {
    readonly strategy?: S
    readonly horizon?: number
    readonly unavailableShare?: number
    readonly from: Types.InstantInput
    readonly to: Types.InstantInput
  },
  strategies: ReadonlyArray<S>,
  defaultStrategy: S
): { readonly strategy: S; readonly horizon: number; readonly share: number; readonly from: number; readonly to: number } => {
  const problems: Array<Types.Problem> = []
  const strategy = input.strategy ?? defaultStrategy
  if (!strategies.includes(strategy)) problems.push({ path: "strategy", message: `expected one of ${strategies.join(", ")}, got ${JSON.stringify(strategy)}` })
  const horizon = input.horizon ?? 13
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 104)
    problems.push({ path: "horizon", message: `expected a whole number of shifts from 1 to 104, got ${horizon}` })
  const share = input.unavailableShare ?? 0.5
  if (!(share >= 0 && share < 1)) problems.push({ path: "unavailableShare", message: `expected a number in [0, 1), got ${share}` })
  const from = Types.toMillis(input.from)
  const to = Types.toMillis(input.to)
  if (!(to > from)) problems.push({ path: "to", message: `the plan must end after it starts, got ${JSON.stringify(input.to)}` })
  if (problems.length > 0) fail("rotation plan", problems)
  return { strategy, horizon, share, from, to }
}

/** The plan's shifts and members, by position and by index. */
export interface Frame {
  readonly shifts: ReadonlyArray<Shift.Shift>
  /** Grid index of the plan's first shift. */
  readonly first: number
  readonly ids: ReadonlyArray<Types.MemberId>
  readonly idx: ReadonlyMap<string, number>
}

export const frameOf = (team: Team.Team, shifts: ReadonlyArray<Shift.Shift>): Frame => {
  const ids = team.members.map((m) => m.id)
  if (ids.length === 0) fail("rotation plan", [{ path: "team.members", message: "the team has no members" }])
  return { shifts, first: shifts[0]?.index ?? 0, ids, idx: new Map<string, number>(ids.map((id, i) => [id, i])) }
}

const outside = (f: Frame, shift: number): string => `shift ${shift} is outside the plan (shifts ${f.first} to ${f.first + f.shifts.length - 1})`

/** The published prefix: pinned duties by position, and the position of the first unpublished shift. */
export const publishedPrefix = (f: Frame, duties: ReadonlyArray<Types.Duty>): { readonly published: ReadonlyMap<number, Pinned>; readonly frozen: number } => {
  const problems: Array<Types.Problem> = []
  const published = new Map<number, Pinned>()
  let frozen = 0
  duties.forEach((d, k) => {
    const pos = d.shift - f.first
    if (!Number.isInteger(d.shift) || pos < 0 || pos >= f.shifts.length) {
      problems.push({ path: `published[${k}].shift`, message: outside(f, d.shift) })
      return
    }
    const p = f.idx.get(d.primary)
    if (p === undefined) problems.push({ path: `published[${k}].primary`, message: `unknown member ${JSON.stringify(d.primary)}` })
    const b = d.backup === undefined ? -1 : f.idx.get(d.backup)
    if (b === undefined) problems.push({ path: `published[${k}].backup`, message: `unknown member ${JSON.stringify(d.backup)}` })
    if (published.has(pos)) problems.push({ path: `published[${k}].shift`, message: `shift ${d.shift} is published twice` })
    if (p !== undefined && b !== undefined) published.set(pos, { primary: p, backup: b })
    frozen = Math.max(frozen, pos + 1)
  })
  if (problems.length > 0) fail("published duties", problems)
  return { published, frozen }
}

/** The roster on one integer scale: weights over a common denominator, effective by position. */
export interface Roster {
  /** The common denominator (even, so that 50% is a whole number). */
  readonly wden: bigint
  readonly baseA: ReadonlyArray<bigint>
  readonly joinPos: ReadonlyArray<number>
  readonly leavePos: ReadonlyArray<number>
  readonly weightChanges: ReadonlyArray<ReadonlyArray<{ readonly pos: number; readonly a: bigint }>>
}

export const rosterOf = (team: Team.Team, f: Frame, frozen: number): Roster => {
  const n = f.ids.length
  let wden = 2n
  const rat = (w: number) => {
    const q = Q.fromDecimal(w)
    wden = Q.lcm(wden, q.d)
    return q
  }
  const baseW = team.members.map((m) => rat(m.weight))
  const changes = team.changes.map((c) => ({ ...c, q: c.weight === undefined ? undefined : rat(c.weight) }))
  const toInt = (q: Q.Q) => (q.n * wden) / q.d
  const effective = (at: number): number => {
    // First shift starting at or after `at`, never inside the frozen prefix.
    let pos = f.shifts.findIndex((s) => s.start >= at)
    if (pos < 0) pos = f.shifts.length
    return Math.max(pos, frozen)
  }
  const joinPos = new Array<number>(n).fill(0)
  const leavePos = new Array<number>(n).fill(Number.POSITIVE_INFINITY)
  const weightChanges: Array<Array<{ pos: number; a: bigint }>> = Array.from({ length: n }, () => [])
  for (const c of changes) {
    const i = f.idx.get(c.member) as number
    if (c.kind === "join") joinPos[i] = effective(c.at)
    else if (c.kind === "leave") leavePos[i] = effective(c.at)
    else if (c.q !== undefined) (weightChanges[i] as Array<{ pos: number; a: bigint }>).push({ pos: effective(c.at), a: toInt(c.q) })
  }
  // Integer weights are computed once per member, not once per member and shift.
  return { wden, baseA: baseW.map(toInt), joinPos, leavePos, weightChanges }
}

type Away = { readonly s: number; readonly e: number; readonly pause: boolean }

/** Each member's absences, and (on an ordered grid) the ones overlapping each shift. */
interface Absences {
  readonly own: ReadonlyArray<ReadonlyArray<Away>>
  /** By position, in input order; undefined when the grid is not in order. */
  readonly byPos: ReadonlyArray<ReadonlyMap<number, ReadonlyArray<Away>>> | undefined
}

// Found by binary search on the grid rather than by scanning every absence for every shift.
const overlapping = (shifts: ReadonlyArray<Shift.Shift>, own: ReadonlyArray<Away>): ReadonlyMap<number, ReadonlyArray<Away>> => {
  const byPos = new Map<number, Array<Away>>()
  for (const x of own) {
    let lo = 0
    let hi = shifts.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((shifts[mid] as Shift.Shift).end > x.s) hi = mid
      else lo = mid + 1
    }
    for (let pos = lo; pos < shifts.length && (shifts[pos] as Shift.Shift).start < x.e; pos++) {
      const sh = shifts[pos] as Shift.Shift
      if (!(x.e > sh.start && x.s < sh.end)) continue
      const list = byPos.get(pos)
      if (list === undefined) byPos.set(pos, [x])
      else list.push(x)
    }
  }
  return byPos
}

const absencesOf = (team: Team.Team, f: Frame): Absences => {
  const own: Array<Array<Away>> = Array.from({ length: f.ids.length }, () => [])
  for (const a of team.absences) own[f.idx.get(a.member) as number]?.push({ s: a.start, e: a.end, pause: a.accrues === "pause" })
  const byPos = own.map((list) => overlapping(f.shifts, list))
  const inOrder = f.shifts.every((sh, k) => k === 0 || (sh.start >= (f.shifts[k - 1] as Shift.Shift).end && sh.end > sh.start))
  return { own, byPos: inOrder ? byPos : undefined }
}

// Union of [start, end) intervals clipped to [from, to), measured in covered time.
const measure = (intervals: ReadonlyArray<readonly [number, number]>, from: number, to: number, coverage: Coverage.Calendar | undefined): number => {
  const clipped = intervals
    .map(([s, e]) => [Math.max(s, from), Math.min(e, to)] as const)
    .filter(([s, e]) => e > s)
    .sort((x, y) => x[0] - y[0])
  let total = 0
  let curS = NaN
  let curE = NaN
  const flush = () => {
    if (curE > curS) total += coverage === undefined ? curE - curS : Coverage.coveredMillis(coverage, curS, curE)
  }
  for (const [s, e] of clipped) {
    if (Number.isNaN(curS) || s > curE) {
      flush()
      curS = s
      curE = e
    } else if (e > curE) curE = e
  }
  flush()
  return total
}

const none: ReadonlyArray<Away> = []

/**
 * The engine's slots: per shift, its covered time, who is on the team, who may serve,
 * who is away but still accrues, and everyone's integer weight. One buffer holds every
 * shift's flags (views, not a buffer each), and a shift's weights array is shared with the
 * previous shift's when equal (all are read-only from here on).
 */
export const slotsOf = (team: Team.Team, f: Frame, roster: Roster, coverage: Coverage.Calendar | undefined, share: number): ReadonlyArray<Slot> => {
  const n = f.ids.length
  const away = absencesOf(team, f)
  const flags = new Uint8Array(3 * n * f.shifts.length)
  let lastWeight: ReadonlyArray<bigint> | undefined
  return f.shifts.map((sh, pos) => {
    const covered = coverage === undefined ? sh.end - sh.start : Coverage.coveredMillis(coverage, sh.start, sh.end)
    const present = flags.subarray(3 * n * pos, 3 * n * pos + n)
    const avail = flags.subarray(3 * n * pos + n, 3 * n * pos + 2 * n)
    const owes = flags.subarray(3 * n * pos + 2 * n, 3 * n * (pos + 1))
    let weight = new Array<bigint>(n).fill(0n)
    for (let i = 0; i < n; i++) {
      if (pos < (roster.joinPos[i] as number) || pos >= (roster.leavePos[i] as number)) continue
      present[i] = 1
      let a = roster.baseA[i] as bigint
      for (const c of roster.weightChanges[i] as ReadonlyArray<{ pos: number; a: bigint }>) if (c.pos <= pos) a = c.a
      weight[i] = a
      const own = away.own[i] as ReadonlyArray<Away>
      const mine = own.length === 0
        ? own
        : away.byPos !== undefined
        ? ((away.byPos[i] as ReadonlyMap<number, ReadonlyArray<Away>>).get(pos) ?? none)
        : own.filter((x) => x.e > sh.start && x.s < sh.end)
      if (mine.length === 0 || covered <= 0) {
        avail[i] = 1
        continue
      }
      const gone = measure(mine.map((x) => [x.s, x.e] as const), sh.start, sh.end, coverage)
      if (gone > share * covered) {
        const paused = measure(mine.filter((x) => x.pause).map((x) => [x.s, x.e] as const), sh.start, sh.end, coverage)
        if (!(paused > share * covered)) owes[i] = 1
      } else avail[i] = 1
    }
    if (lastWeight !== undefined && weight.every((x, i) => x === lastWeight?.[i])) weight = lastWeight as Array<bigint>
    lastWeight = weight
    return { index: sh.index, start: sh.start, end: sh.end, covered, present, avail, owes, weight }
  })
}

/** Every covered shift of the published prefix has a published duty (unless gaps are allowed), and no uncovered one has. */
export const checkPrefixCovered = (slots: ReadonlyArray<Slot>, frozen: number, published: ReadonlyMap<number, Pinned>, allowGaps: boolean): void => {
  const problems: Array<Types.Problem> = []
  for (let pos = 0; pos < frozen; pos++) {
    const sl = slots[pos] as Slot
    if (published.has(pos)) {
      if (sl.covered <= 0) problems.push({ path: "published", message: `shift ${sl.index} has no covered time, so it cannot have a duty` })
    } else if (sl.covered > 0 && !allowGaps) {
      problems.push({ path: "published", message: `shift ${sl.index} is in the published prefix but has no published duty` })
    }
  }
  if (problems.length > 0) fail("published duties", problems)
}

/** What the overrides phase reads: an override's decoded form. */
export type OverrideShape =
  | { readonly kind: "cover"; readonly shift: number; readonly role?: "primary" | "backup"; readonly member: string; readonly replaces?: string }
  | { readonly kind: "trade"; readonly shifts: readonly [number, number]; readonly members: readonly [string, string]; readonly role?: "primary" | "backup" }

/** Who actually served, per position and role, and which override says so (`"pos:role"`). */
export interface Overrides<O> {
  readonly overridePrimary: ReadonlyMap<number, number>
  readonly overrideBackup: ReadonlyMap<number, number>
  readonly overrideAt: ReadonlyMap<string, O>
}

interface OverrideCheck<O> {
  readonly f: Frame
  readonly slots: ReadonlyArray<Slot>
  readonly frozen: number
  readonly published: ReadonlyMap<number, Pinned>
  readonly problems: Array<Types.Problem>
  readonly primary: Map<number, number>
  readonly backup: Map<number, number>
  readonly at: Map<string, O>
}

const inPlan = <O>(c: OverrideCheck<O>, shift: number, path: string): number | undefined => {
  const pos = shift - c.f.first
  if (pos < 0 || pos >= c.f.shifts.length) {
    c.problems.push({ path, message: outside(c.f, shift) })
    return undefined
  }
  if ((c.slots[pos] as Slot).covered <= 0) {
    c.problems.push({ path, message: `shift ${shift} has no covered time` })
    return undefined
  }
  return pos
}

const known = <O>(c: OverrideCheck<O>, id: string, path: string): number | undefined => {
  const i = c.f.idx.get(id)
  if (i === undefined) c.problems.push({ path, message: `unknown member ${JSON.stringify(id)}` })
  return i
}

const scheduledAt = <O>(c: OverrideCheck<O>, pos: number, role: "primary" | "backup"): number | undefined => {
  const pub = c.published.get(pos)
  return pub === undefined ? undefined : role === "primary" ? pub.primary : pub.backup
}

const cover = <O extends OverrideShape>(c: OverrideCheck<O>, o: O & { readonly kind: "cover" }, k: number): void => {
  const role = o.role ?? "primary"
  const target = role === "primary" ? c.primary : c.backup
  const pos = inPlan(c, o.shift, `overrides[${k}].shift`)
  const who = known(c, o.member, `overrides[${k}].member`)
  if (o.replaces !== undefined) {
    const was = known(c, o.replaces, `overrides[${k}].replaces`)
    if (pos !== undefined && was !== undefined && pos < c.frozen && scheduledAt(c, pos, role) !== was) {
      c.problems.push({ path: `overrides[${k}].replaces`, message: `${JSON.stringify(o.replaces)} was not scheduled as ${role} for shift ${o.shift}` })
    }
  }
  if (pos === undefined || who === undefined) return
  if (target.has(pos)) c.problems.push({ path: `overrides[${k}]`, message: `shift ${o.shift} already has a ${role} override` })
  target.set(pos, who)
  c.at.set(`${pos}:${role}`, o)
}

const trade = <O extends OverrideShape>(c: OverrideCheck<O>, o: O & { readonly kind: "trade" }, k: number): void => {
  const role = o.role ?? "primary"
  const target = role === "primary" ? c.primary : c.backup
  const [s1, s2] = o.shifts
  const p1 = inPlan(c, s1, `overrides[${k}].shifts[0]`)
  const p2 = inPlan(c, s2, `overrides[${k}].shifts[1]`)
  const a = known(c, o.members[0], `overrides[${k}].members[0]`)
  const b = known(c, o.members[1], `overrides[${k}].members[1]`)
  if (p1 === undefined || p2 === undefined || a === undefined || b === undefined) return
  if (p1 >= c.frozen || p2 >= c.frozen) {
    c.problems.push({
      path: `overrides[${k}].shifts`,
      message: `a trade swaps published shifts (before shift ${c.f.first + c.frozen}); use a cover for a later one, got ${JSON.stringify(o.shifts)}`
    })
    return
  }
  if (scheduledAt(c, p1, role) !== a)
    c.problems.push({ path: `overrides[${k}].members[0]`, message: `${JSON.stringify(o.members[0])} was not scheduled as ${role} for shift ${s1}` })
  if (scheduledAt(c, p2, role) !== b)
    c.problems.push({ path: `overrides[${k}].members[1]`, message: `${JSON.stringify(o.members[1])} was not scheduled as ${role} for shift ${s2}` })
  if (target.has(p1) || target.has(p2))
    c.problems.push({ path: `overrides[${k}]`, message: `shift ${target.has(p1) ? s1 : s2} already has a ${role} override` })
  target.set(p1, b)
  target.set(p2, a)
  c.at.set(`${p1}:${role}`, o)
  c.at.set(`${p2}:${role}`, o)
}

/** Covers and trades checked against the plan and the published prefix, as who served where. */
export const checkOverrides = <O extends OverrideShape>(
  overrides: ReadonlyArray<O>,
  f: Frame,
  slots: ReadonlyArray<Slot>,
  prefix: { readonly published: ReadonlyMap<number, Pinned>; readonly frozen: number }
): Overrides<O> => {
  const c: OverrideCheck<O> = { f, slots, ...prefix, problems: [], primary: new Map(), backup: new Map(), at: new Map() }
  overrides.forEach((o, k) => (o.kind === "cover" ? cover(c, o as O & { readonly kind: "cover" }, k) : trade(c, o as O & { readonly kind: "trade" }, k)))
  for (const [pos, who] of c.primary) {
    const b = c.backup.get(pos) ?? c.published.get(pos)?.backup
    if (b === who) c.problems.push({ path: "overrides", message: `${JSON.stringify(f.ids[who])} would be both Primary and Backup of shift ${f.first + pos}` })
  }
  if (c.problems.length > 0) fail("overrides", c.problems)
  return { overridePrimary: c.primary, overrideBackup: c.backup, overrideAt: c.at }
}
