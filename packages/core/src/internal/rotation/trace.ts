// The planner's decisions (what explain, report, lagsAfter and the calendar export read) in
// a JSON form that travels with the schedule, so a schedule handed back by a store, or copied
// with a spread, works like the object Rotation.planSync returned. Exact numerators are
// decimal strings (JSON has no BigInt); member flags are strings of 0 and 1.
import { Result, Schema } from "effect"
import type * as Q from "./rational.js"
import type { RoleTrace, Slot, Step } from "./engine.js"
import { numeratorAt } from "./ledger.js"
import * as Types from "../../Types.js"

/** The members as the trace keeps them: what explanations and the calendar show. */
export interface MemberView {
  readonly id: Types.MemberId
  readonly name: string
  readonly backup: { readonly qualified: boolean }
  readonly handles: { readonly email?: string | undefined }
}

/** What the schedule's functions read, decoded. */
export interface Internals<O = unknown> {
  readonly steps: ReadonlyArray<Step>
  readonly slots: ReadonlyArray<Slot>
  readonly ids: ReadonlyArray<Types.MemberId>
  readonly team: { readonly members: ReadonlyArray<MemberView> }
  /** Overrides as given (decoded by Rotation's Override schema). */
  readonly overrides: ReadonlyArray<O>
  /** `${pos}:${role}` to the override (by reference into `overrides`). */
  readonly overrideAt: ReadonlyMap<string, O>
  /** For a window of a longer plan: each role's ledger just before the window's first shift. */
  readonly opening?: { readonly primary?: RoleTrace | undefined; readonly backup?: RoleTrace | undefined }
}

const Big = Schema.String.check(Schema.isPattern(/^-?\d+$/, { message: "expected an integer as decimal text" }))
const Flags = Schema.String.check(Schema.isPattern(/^[01]*$/, { message: "expected a string of 0 and 1" }))
const Index = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
const RoleJson = Schema.Struct({
  L: Big,
  pre: Schema.Array(Big),
  post: Schema.Array(Big),
  pool: Flags,
  order: Schema.Array(Index),
  rejected: Schema.Array(Schema.Struct({ member: Index, reason: Schema.Literals(["guard", "rest", "pairing"]) })),
  assigned: Index,
  actual: Index,
  bound: Schema.optionalKey(Schema.Tuple([Big, Big])),
  source: Schema.Literals(["published", "planned"]),
  paired: Schema.Boolean
})
const StepJson = Schema.Struct({
  kind: Schema.Literals(["skipped", "gap", "duty"]),
  primary: Schema.optionalKey(RoleJson),
  backup: Schema.optionalKey(RoleJson)
})

/** The JSON form of a schedule's trace. */
export const TraceJson = Schema.Struct({
  version: Schema.Literal(1),
  members: Schema.Array(Schema.Struct({ id: Types.MemberId, name: Schema.String, qualified: Schema.Boolean, email: Schema.optionalKey(Schema.String) })),
  overrides: Schema.Array(Schema.Unknown),
  overrideAt: Schema.Array(Schema.Struct({ pos: Index, role: Schema.Literals(["primary", "backup"]), override: Index })),
  /** One per planned shift, in order: who was on the team and who was available. */
  slots: Schema.Array(Schema.Struct({ present: Flags, avail: Flags })),
  /** One per planned shift, in order. */
  steps: Schema.Array(StepJson),
  opening: Schema.optionalKey(Schema.Struct({ primary: Schema.optionalKey(RoleJson), backup: Schema.optionalKey(RoleJson) }))
})
export type TraceJson = typeof TraceJson.Encoded

const flags = (xs: Uint8Array): string => {
  let out = ""
  for (let i = 0; i < xs.length; i++) out += xs[i] === 1 ? "1" : "0"
  return out
}
const unflag = (s: string): Uint8Array => Uint8Array.from(s, (c) => (c === "1" ? 1 : 0))

const encodeRole = (tr: RoleTrace, n: number): typeof RoleJson.Encoded => {
  const nums = (xs: RoleTrace["pre"]) => Array.from({ length: n }, (_, i) => numeratorAt(xs, i).toString())
  return {
    L: tr.L.toString(),
    pre: nums(tr.pre),
    post: nums(tr.post),
    pool: flags(tr.pool),
    order: [...tr.order],
    rejected: tr.rejected.map((r) => ({ member: r.member, reason: r.reason })),
    assigned: tr.assigned,
    actual: tr.actual,
    ...(tr.bound === undefined ? {} : { bound: [tr.bound.n.toString(), tr.bound.d.toString()] as const }),
    source: tr.source,
    paired: tr.paired
  }
}

/** The trace of a schedule, as JSON. */
export const encode = <O>(x: Internals<O>): TraceJson => {
  const n = x.ids.length
  const index = new Map(x.overrides.map((o, k) => [o, k]))
  return {
    version: 1,
    members: x.team.members.map((m) => ({
      id: m.id,
      name: m.name,
      qualified: m.backup.qualified,
      ...(m.handles.email === undefined ? {} : { email: m.handles.email })
    })),
    overrides: [...x.overrides],
    overrideAt: [...x.overrideAt].map(([key, o]) => {
      const [pos, role] = key.split(":") as [string, "primary" | "backup"]
      return { pos: Number(pos), role, override: index.get(o) as number }
    }),
    slots: x.slots.map((s) => ({ present: flags(s.present), avail: flags(s.avail) })),
    steps: x.steps.map((st) => ({
      kind: st.kind,
      ...(st.primary === undefined ? {} : { primary: encodeRole(st.primary, n) }),
      ...(st.backup === undefined ? {} : { backup: encodeRole(st.backup, n) })
    })),
    ...(x.opening === undefined
      ? {}
      : {
        opening: {
          ...(x.opening.primary === undefined ? {} : { primary: encodeRole(x.opening.primary, n) }),
          ...(x.opening.backup === undefined ? {} : { backup: encodeRole(x.opening.backup, n) })
        }
      })
  }
}

/** The shifts of the schedule the trace belongs to (its `shifts`). */
export interface ShiftView {
  readonly index: number
  readonly start: number
  readonly end: number
  readonly covered: number
}

type TraceShape = typeof TraceJson.Type

/** Every index and length of a decoded trace checked against its schedule. */
const check = (t: TraceShape, ids: ReadonlyArray<Types.MemberId>, shifts: ReadonlyArray<ShiftView>): Array<Types.Problem> => {
  const n = ids.length
  const problems: Array<Types.Problem> = []
  const expect = (ok: boolean, path: string, message: string) => {
    if (!ok) problems.push({ path: `trace.${path}`, message })
  }
  expect(t.members.length === n && t.members.every((m, i) => m.id === ids[i]), "members", `expected the schedule's members ${JSON.stringify(ids)}`)
  expect(t.slots.length === shifts.length, "slots", `expected one entry per planned shift (${shifts.length}), got ${t.slots.length}`)
  expect(t.steps.length === shifts.length, "steps", `expected one entry per planned shift (${shifts.length}), got ${t.steps.length}`)
  t.slots.forEach((s, k) => {
    expect(s.present.length === n, `slots[${k}].present`, `expected ${n} flags, got ${s.present.length}`)
    expect(s.avail.length === n, `slots[${k}].avail`, `expected ${n} flags, got ${s.avail.length}`)
  })
  const member = (i: number, path: string) => expect(i < n, path, `expected a member index below ${n}, got ${i}`)
  const traces = [...t.steps.map((st, k) => [st, `steps[${k}]`] as const), ...(t.opening === undefined ? [] : [[t.opening, "opening"] as const])]
  traces.forEach(([st, where]) => {
    for (const role of ["primary", "backup"] as const) {
      const tr = st[role]
      if (tr === undefined) continue
      const at = `${where}.${role}`
      expect(tr.pre.length === n && tr.post.length === n, at, `expected ${n} numerators in pre and post`)
      expect(tr.pool.length === n, `${at}.pool`, `expected ${n} flags, got ${tr.pool.length}`)
      expect(BigInt(tr.L) > 0n, `${at}.L`, `expected a positive denominator, got ${tr.L}`)
      if (tr.bound !== undefined) expect(BigInt(tr.bound[1]) > 0n, `${at}.bound`, "expected a positive denominator")
      member(tr.assigned, `${at}.assigned`)
      member(tr.actual, `${at}.actual`)
      tr.order.forEach((i, j) => member(i, `${at}.order[${j}]`))
      tr.rejected.forEach((r, j) => member(r.member, `${at}.rejected[${j}].member`))
    }
  })
  t.steps.forEach((st, k) => expect(st.kind !== "duty" || st.primary !== undefined, `steps[${k}].primary`, "a shift with a duty has a Primary"))
  t.overrideAt.forEach((o, k) => {
    expect(o.override < t.overrides.length, `overrideAt[${k}].override`, `expected an index below ${t.overrides.length}, got ${o.override}`)
    expect(o.pos < shifts.length, `overrideAt[${k}].pos`, `expected a shift position below ${shifts.length}, got ${o.pos}`)
  })
  return problems
}

/** One role's trace from its JSON form. */
const roleOf = (tr: typeof RoleJson.Type | undefined): RoleTrace | undefined =>
  tr === undefined
    ? undefined
    : {
      L: BigInt(tr.L),
      pre: tr.pre.map(BigInt),
      post: tr.post.map(BigInt),
      pool: unflag(tr.pool),
      S: 0n,
      order: tr.order,
      rejected: tr.rejected,
      assigned: tr.assigned,
      actual: tr.actual,
      bound: tr.bound === undefined ? undefined : ({ n: BigInt(tr.bound[0]), d: BigInt(tr.bound[1]) } as Q.Q),
      source: tr.source,
      paired: tr.paired
    }

/**
 * Decodes a stored trace against the schedule it came with. Every index and length is
 * checked, so a damaged trace is a `ValidationError` naming the path, never a crash.
 */
export const decode = <O>(
  trace: unknown,
  ids: ReadonlyArray<Types.MemberId>,
  shifts: ReadonlyArray<ShiftView>,
  override: Schema.Decoder<O>
): Result.Result<Internals<O>, ReadonlyArray<Types.Problem>> => {
  const shape = Schema.decodeUnknownResult(TraceJson)(trace, { errors: "all" })
  if (Result.isFailure(shape)) {
    return Result.fail(Types.problemsOf(shape.failure.issue, trace).map((p) => ({ path: p.path === "" ? "trace" : `trace.${p.path}`, message: p.message })))
  }
  const t = shape.success
  const n = ids.length
  const problems = check(t, ids, shifts)
  const overrides = Schema.decodeUnknownResult(Schema.Array(override))(t.overrides, { errors: "all" })
  if (Result.isFailure(overrides)) {
    for (const p of Types.problemsOf(overrides.failure.issue, t.overrides)) {
      problems.push({ path: `trace.overrides${p.path.startsWith("[") ? "" : "."}${p.path}`, message: p.message })
    }
  }
  if (problems.length > 0 || Result.isFailure(overrides)) return Result.fail(problems)
  const os = overrides.success
  const steps = t.steps.map((st, pos): Step => {
    const primary = roleOf(st.primary)
    const backup = roleOf(st.backup)
    return { pos, kind: st.kind, ...(primary === undefined ? {} : { primary }), ...(backup === undefined ? {} : { backup }), left: [] }
  })
  const slots = t.slots.map((s, pos): Slot => {
    const sh = shifts[pos] as ShiftView
    return {
      index: sh.index,
      start: sh.start,
      end: sh.end,
      covered: sh.covered,
      present: unflag(s.present),
      avail: unflag(s.avail),
      owes: new Uint8Array(n),
      weight: []
    }
  })
  return Result.succeed({
    steps,
    slots,
    ids,
    team: {
      members: t.members.map((m) => ({ id: m.id, name: m.name, backup: { qualified: m.qualified }, handles: m.email === undefined ? {} : { email: m.email } }))
    },
    overrides: os,
    overrideAt: new Map(t.overrideAt.map((o) => [`${o.pos}:${o.role}`, os[o.override] as O])),
    ...(t.opening === undefined ? {} : { opening: { primary: roleOf(t.opening.primary), backup: roleOf(t.opening.backup) } })
  })
}
