import { Effect } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Backlog from "../src/Backlog.js"

const items = Backlog.decodeSync([
  { id: "visit#100", title: "Rework the database reader plugin loader", kind: "solution", effortHours: 160 },
  { id: "visit#101", title: "Name the failing plugin in the load error", kind: "correction", solves: "visit#100", effortHours: 2, value: 3 },
  { id: "visit#102", title: "Fix typo in the install guide", effortHours: 0.5 },
  { id: "visit#103", title: "Retry the download in the installer", kind: "correction", effortHours: 1, value: 5 },
  { id: "visit#104", title: "Port the GUI to Qt 7", effortHours: 400, value: 10 },
  { id: "visit#105", title: "Explain MPI errors", effortHours: 4, value: 2 },
  { id: "visit#106", title: "Clarify the Python API docs", value: 2 },
  { id: "visit#107", title: "Closed quick win", effortHours: 1, closed: true },
  { id: "visit#108", title: "Workaround for a closed solution", kind: "correction", solves: "visit#109", effortHours: 1 },
  { id: "visit#109", title: "Old rewrite", kind: "solution", closed: true },
  { id: "visit#110", title: "Points at a task", kind: "correction", solves: "visit#102", effortHours: 3 },
  { id: "visit#111", title: "Points nowhere", kind: "correction", solves: "visit#999", effortHours: 3 },
  { id: "visit#112", title: "New renderer", kind: "solution", effortHours: 200 }
])

describe("Backlog.lowHangingFruit", () => {
  it("offers open, estimated items of at most 4 hours, best value per hour first", () => {
    const selection = Backlog.lowHangingFruit(items)
    expect(selection.picks.map((p) => [p.item.id, p.score])).toEqual([
      ["visit#102", 2],
      ["visit#101", 1.5],
      ["visit#105", 0.5]
    ])
    expect(selection.skipped).toEqual([
      { id: "visit#100", reason: "too-large" },
      { id: "visit#103", reason: "correction-without-solution" },
      { id: "visit#104", reason: "too-large" },
      { id: "visit#106", reason: "not-estimated" },
      { id: "visit#107", reason: "closed" },
      { id: "visit#108", reason: "correction-without-solution" },
      { id: "visit#109", reason: "closed" },
      { id: "visit#110", reason: "correction-without-solution" },
      { id: "visit#111", reason: "correction-without-solution" },
      { id: "visit#112", reason: "too-large" }
    ])
  })

  it("honours maxHours and limit", () => {
    expect(Backlog.lowHangingFruit(items, { maxHours: 1 }).picks.map((p) => p.item.id)).toEqual(["visit#102"])
    expect(Backlog.lowHangingFruit(items, { limit: 1 }).picks.map((p) => p.item.id)).toEqual(["visit#102"])
  })

  const arbItem = fc.record({
    id: fc.integer({ min: 0, max: 30 }).map((n) => `i${n}`),
    title: fc.constant("t"),
    kind: fc.constantFrom("correction", "solution", "task", undefined),
    effortHours: fc.option(fc.integer({ min: 1, max: 16 }).map((n) => n / 2), { nil: undefined }),
    value: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    solves: fc.option(fc.integer({ min: 0, max: 30 }).map((n) => `i${n}`), { nil: undefined }),
    closed: fc.option(fc.boolean(), { nil: undefined })
  })
  const arbBacklog = fc.uniqueArray(arbItem, { selector: (i) => i.id, maxLength: 25 }).map((raw) =>
    Backlog.decodeSync(raw.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined))))
  )

  it("accounts for every item once, and picks only what the rule allows (oracle: direct restatement per item)", () => {
    fc.assert(
      fc.property(arbBacklog, (backlog) => {
        const { picks, skipped } = Backlog.lowHangingFruit(backlog)
        expect([...picks.map((p) => p.item.id), ...skipped.map((s) => s.id)].sort()).toEqual(backlog.map((i) => i.id).sort())
        for (const { item } of picks) {
          expect(item.closed).not.toBe(true)
          expect(item.effortHours).toBeLessThanOrEqual(4)
          if (item.kind === "correction") {
            const s = backlog.find((x) => x.id === item.solves)
            expect(s?.kind).toBe("solution")
            expect(s?.closed).not.toBe(true)
          }
        }
        for (let i = 1; i < picks.length; i++) {
          const a = picks[i - 1]
          const b = picks[i]
          if (a === undefined || b === undefined) continue
          const va = a.item.value ?? 1
          const vb = b.item.value ?? 1
          // cross-multiplied, so no floating-point division decides the order
          expect(va * (b.item.effortHours ?? 0)).toBeGreaterThanOrEqual(vb * (a.item.effortHours ?? 0))
        }
      }),
      { numRuns: 300 }
    )
  })

  it("does not depend on input order and does not mutate its input", () => {
    fc.assert(
      fc.property(arbBacklog.chain((b) => fc.tuple(fc.constant(b), fc.shuffledSubarray([...b], { minLength: b.length }))), ([backlog, shuffled]) => {
        const copy = JSON.stringify(shuffled)
        expect(Backlog.lowHangingFruit(shuffled)).toEqual(Backlog.lowHangingFruit(backlog))
        expect(Backlog.pairs(shuffled)).toEqual(Backlog.pairs(backlog))
        expect(JSON.stringify(shuffled)).toBe(copy)
      }),
      { numRuns: 200 }
    )
  })
})

describe("Backlog.pairs", () => {
  it("pairs corrections with their solutions and reports the missing ones", () => {
    const report = Backlog.pairs(items)
    expect(report.pairs.map((p) => [p.correction.id, p.solution.id])).toEqual([["visit#101", "visit#100"]])
    expect(report.missing.map((m) => [m.correction.id, m.reason])).toEqual([
      ["visit#103", "names-no-solution"],
      ["visit#108", "solution-closed"],
      ["visit#110", "not-a-solution"],
      ["visit#111", "unknown-solution"]
    ])
    expect(report.solutionsWithoutCorrection.map((s) => s.id)).toEqual(["visit#112"])
  })
})

describe("Backlog.decode", () => {
  it("names bad estimates, values and duplicate ids", () => {
    const error = Effect.runSync(Effect.flip(Backlog.decode([{ id: "a", title: "x", effortHours: -1 }, { id: "b", title: "y", value: 0, kind: "epic" }])))
    expect(error.problems.map((p) => p.path)).toEqual(["[0].effortHours", "[1].kind", "[1].value"])
    expect(error.message).toContain("got -1")
    const dup = Effect.runSync(Effect.flip(Backlog.decode([{ id: "a", title: "x" }, { id: "a", title: "y" }])))
    expect(dup.problems).toEqual([{ path: "[1].id", message: "duplicate item id \"a\"" }])
  })
})
