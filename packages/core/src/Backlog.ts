/**
 * Low-hanging fruit and constructive corrections. When the Primary has no active
 * inquiry, they pick small items from the product-development backlog: anything the
 * team estimates at half a day or less. A constructive correction (a quick
 * mitigation) is only worth doing as a step toward a comprehensive solution, so
 * every correction must name the solution it serves; the ones that do not are
 * reported so the team can file or link the missing solution.
 *
 * Ordering rule (documented, deterministic): highest value per estimated hour
 * first; ties go to the higher value, then the smaller estimate, then the id.
 *
 * @since 0.1.0
 * @module
 */
import { Effect, Schema } from "effect"
import * as Types from "./Types.js"

/**
 * What a backlog item is: a constructive `correction` (short-term mitigation), a
 * comprehensive `solution` (planned resolution), or any other `task`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Kind = Schema.Literals(["correction", "solution", "task"])

/**
 * @since 0.1.0
 * @category models
 */
export type Kind = typeof Kind.Type

const Positive = Schema.Finite.check(Schema.isGreaterThan(0, { message: "expected a positive number" }))

/**
 * A product-development backlog item. `effortHours` is the team's estimate (absent
 * when not estimated yet); `value` is a relative benefit on any positive scale
 * (default 1, so unvalued items are ordered by effort alone); a correction names the
 * solution it steps toward in `solves`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Item = Schema.Struct({
  id: Schema.NonEmptyString,
  title: Schema.NonEmptyString,
  kind: Schema.optionalKey(Kind),
  effortHours: Schema.optionalKey(Positive),
  value: Schema.optionalKey(Positive),
  solves: Schema.optionalKey(Schema.NonEmptyString),
  closed: Schema.optionalKey(Schema.Boolean),
  labels: Schema.optionalKey(Schema.Array(Schema.String))
})

/**
 * @since 0.1.0
 * @category models
 */
export type Item = typeof Item.Type

const decodeItems = Types.decoder(Schema.Array(Item), "backlog")

/**
 * Decodes backlog items and checks that ids are unique.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decode = (input: unknown): Effect.Effect<ReadonlyArray<Item>, Types.ValidationError> =>
  Effect.flatMap(decodeItems(input), (items) => {
    const seen = new Set<string>()
    const problems: Array<Types.Problem> = []
    items.forEach((item, i) => {
      if (seen.has(item.id)) problems.push({ path: `[${i}].id`, message: `duplicate item id ${JSON.stringify(item.id)}` })
      seen.add(item.id)
    })
    return problems.length > 0 ? Effect.fail(new Types.ValidationError({ subject: "backlog", problems })) : Effect.succeed(items)
  })

/**
 * Synchronous {@link decode}; throws a `Types.ValidationError`.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeSync = (input: unknown): ReadonlyArray<Item> => Effect.runSync(decode(input))

/**
 * Why an item is not offered as low-hanging fruit.
 *
 * @since 0.1.0
 * @category models
 */
export type SkipReason = "closed" | "not-estimated" | "too-large" | "correction-without-solution"

/**
 * An item offered to the idle Primary, with its score (value per hour).
 *
 * @since 0.1.0
 * @category models
 */
export interface Pick {
  readonly item: Item
  readonly score: number
}

/**
 * The result of {@link lowHangingFruit}: the picks in order and every skipped item
 * with its reason, so nothing disappears silently.
 *
 * @since 0.1.0
 * @category models
 */
export interface Selection {
  readonly picks: ReadonlyArray<Pick>
  readonly skipped: ReadonlyArray<{ readonly id: string; readonly reason: SkipReason }>
}

/**
 * Options of {@link lowHangingFruit}.
 *
 * @since 0.1.0
 * @category models
 */
export interface SelectOptions {
  /** Largest estimate that still counts as low-hanging fruit (default 4 hours). */
  readonly maxHours?: number | undefined
  /** Return at most this many picks (default: all). */
  readonly limit?: number | undefined
}

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Selects what an idle Primary can do: open items estimated at most `maxHours`
 * (default 4) each, ordered by value per hour (then value, then smaller effort,
 * then id). A correction qualifies only when it names an open `solution` in the
 * backlog: a correction that leads nowhere is not worth the interruption.
 *
 * @example
 * ```ts
 * import { Backlog } from "@sre-uxdd/core"
 *
 * const items = Backlog.decodeSync([
 *   { id: "visit#1", title: "Rewrite the plugin loader", kind: "solution", effortHours: 120 },
 *   { id: "visit#2", title: "Clearer error when a plugin fails to load", kind: "correction", solves: "visit#1", effortHours: 2, value: 3 },
 *   { id: "visit#3", title: "Fix typo in install docs", effortHours: 0.5 }
 * ])
 * Backlog.lowHangingFruit(items).picks.map((p) => p.item.id) // ["visit#2", "visit#3"]
 * ```
 *
 * @since 0.1.0
 * @category selection
 */
export const lowHangingFruit = (items: ReadonlyArray<Item>, options?: SelectOptions): Selection => {
  const maxHours = options?.maxHours ?? 4
  const solutions = new Set(items.filter((i) => i.kind === "solution" && i.closed !== true).map((i) => i.id))
  const picks: Array<Pick> = []
  const skipped: Array<{ id: string; reason: SkipReason }> = []
  for (const item of items) {
    if (item.closed === true) skipped.push({ id: item.id, reason: "closed" })
    else if (item.effortHours === undefined) skipped.push({ id: item.id, reason: "not-estimated" })
    else if (item.effortHours > maxHours) skipped.push({ id: item.id, reason: "too-large" })
    else if (item.kind === "correction" && (item.solves === undefined || !solutions.has(item.solves))) {
      skipped.push({ id: item.id, reason: "correction-without-solution" })
    } else picks.push({ item, score: (item.value ?? 1) / item.effortHours })
  }
  picks.sort(
    (a, b) =>
      b.score - a.score ||
      (b.item.value ?? 1) - (a.item.value ?? 1) ||
      (a.item.effortHours ?? 0) - (b.item.effortHours ?? 0) ||
      byId(a.item.id, b.item.id)
  )
  skipped.sort((a, b) => byId(a.id, b.id))
  const limit = options?.limit
  return { picks: limit === undefined ? picks : picks.slice(0, Math.max(0, limit)), skipped }
}

/**
 * A correction and the comprehensive solution it steps toward.
 *
 * @since 0.1.0
 * @category models
 */
export interface Pair {
  readonly correction: Item
  readonly solution: Item
}

/**
 * Why a correction has no usable solution.
 *
 * @since 0.1.0
 * @category models
 */
export type MissingReason = "names-no-solution" | "unknown-solution" | "not-a-solution" | "solution-closed"

/**
 * Pairs every correction with its solution and reports the corrections whose
 * solution is missing, both sorted by correction id. Solutions without any
 * correction are listed too: they are candidates for a first constructive step.
 *
 * @example
 * ```ts
 * import { Backlog } from "@sre-uxdd/core"
 *
 * const report = Backlog.pairs(Backlog.decodeSync([
 *   { id: "a", title: "Quick fix", kind: "correction" },
 *   { id: "b", title: "Real fix", kind: "solution" }
 * ]))
 * report.missing // [{ correction: { id: "a", ... }, reason: "names-no-solution" }]
 * ```
 *
 * @since 0.1.0
 * @category pairing
 */
export const pairs = (
  items: ReadonlyArray<Item>
): {
  readonly pairs: ReadonlyArray<Pair>
  readonly missing: ReadonlyArray<{ readonly correction: Item; readonly reason: MissingReason }>
  readonly solutionsWithoutCorrection: ReadonlyArray<Item>
} => {
  const index = new Map(items.map((i) => [i.id, i] as const))
  const found: Array<Pair> = []
  const missing: Array<{ correction: Item; reason: MissingReason }> = []
  const served = new Set<string>()
  for (const c of items) {
    if (c.kind !== "correction") continue
    const s = c.solves === undefined ? undefined : index.get(c.solves)
    if (c.solves === undefined) missing.push({ correction: c, reason: "names-no-solution" })
    else if (s === undefined) missing.push({ correction: c, reason: "unknown-solution" })
    else if (s.kind !== "solution") missing.push({ correction: c, reason: "not-a-solution" })
    else if (s.closed === true && c.closed !== true) missing.push({ correction: c, reason: "solution-closed" })
    else {
      found.push({ correction: c, solution: s })
      served.add(s.id)
    }
  }
  return {
    pairs: found.sort((a, b) => byId(a.correction.id, b.correction.id)),
    missing: missing.sort((a, b) => byId(a.correction.id, b.correction.id)),
    solutionsWithoutCorrection: items.filter((i) => i.kind === "solution" && i.closed !== true && !served.has(i.id)).sort((a, b) => byId(a.id, b.id))
  }
}
