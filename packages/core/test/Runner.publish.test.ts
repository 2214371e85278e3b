// Schedule changes as data (Runner.dutyChanges), recording a given schedule (Runner.record),
// and the profile's planner agreeing with Profile.scheduleSync whatever the window.
import { Effect, Layer, Stream } from "effect"
import fc from "fast-check"
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { Config, Coverage, Notifier, Profile, Rotation, Runner, Store, Tracker, Types } from "../src/index.js"

const m = Types.MemberId.make
const hour = 3_600_000
const day = 24 * hour
const members = ["ada", "bob", "cyd", "dee"].map((x) => m(x))

// Schedules over a few shifts with random Primaries and (optional) Backups.
const dutiesArb = fc
  .array(fc.tuple(fc.constantFrom(...members), fc.option(fc.constantFrom(...members), { nil: undefined })), { minLength: 0, maxLength: 12 })
  .map((rows): ReadonlyArray<Types.Duty> => rows.map(([primary, backup], shift) => ({ shift, start: shift * day, end: (shift + 1) * day, primary, backup })))
// A second version: some shifts reassigned, some dropped, some added at the end.
const pairArb = dutiesArb.chain((before) => fc.tuple(fc.constant(before), dutiesArb, fc.integer({ min: 0, max: 12 * day })))
const key = (a: Runner.Assignment) => `${a.shift}:${a.role}:${a.start}:${a.end}`

describe("Runner.dutyChanges", () => {
  it("is empty for a schedule compared with itself", () => {
    fc.assert(fc.property(dutiesArb, fc.integer({ min: 0, max: 12 * day }), (duties, from) => {
      expect(Runner.dutyChanges(duties, duties, from, "UTC")).toEqual([])
    }))
  })

  it("reproduces every member's new future duties from the old ones and the changes, and names only changed members", () => {
    fc.assert(fc.property(pairArb, ([before, after, from]) => {
      const changes = Runner.dutyChanges(before, after, from, "UTC")
      for (const member of members) {
        const change = changes.find((c) => c.member === member)
        const removed = new Set((change?.removed ?? []).map(key))
        const applied = [...Runner.assignmentsOf(before, member, from).filter((a) => !removed.has(key(a))), ...(change?.added ?? [])].map(key).sort()
        expect(applied).toEqual(Runner.assignmentsOf(after, member, from).map(key).sort())
        if (change !== undefined) {
          expect(change.added.length + change.removed.length).toBeGreaterThan(0)
          expect(change.gained.length).toBe(change.added.length)
          expect(change.lost.length).toBe(change.removed.length)
        }
      }
    }))
  })

  it("words the reasons for each member", () => {
    const roster = { members: [{ id: m("ada"), name: "Ada" }, { id: m("bob"), name: "Bob" }, { id: m("cyd"), name: "Cyd" }] }
    const trade = {
      _tag: "Override" as const,
      override: { kind: "trade" as const, shifts: [3, 4] as const, members: [m("ada"), m("bob")] as const, recordedAt: "2026-12-01T00:00:00Z" }
    }
    const cover = { _tag: "Override" as const, override: { kind: "cover" as const, shift: 5, member: m("cyd"), recordedAt: "2026-12-01T00:00:00Z" } }
    expect(Runner.changeReason([trade], m("ada"), roster)).toBe("a swap with Bob (shifts 3 and 4 as Primary)")
    expect(Runner.changeReason([trade], m("bob"), roster)).toBe("a swap with Ada (shifts 3 and 4 as Primary)")
    expect(Runner.changeReason([cover], m("ada"), roster)).toBe("a cover by Cyd (shift 5 as Primary)")
    expect(Runner.changeReason([cover], m("cyd"), roster)).toBe("your cover of shift 5 as Primary")
    expect(Runner.changeReason([trade, cover], undefined, roster)).toBe(
      "a swap between Ada and Bob (shifts 3 and 4 as Primary); a cover by Cyd (shift 5 as Primary)"
    )
    expect(Runner.changeReason([{ _tag: "Publication", shifts: 8 }, trade], m("ada"), roster)).toBe(
      "the publication of 8 new shifts; a swap with Bob (shifts 3 and 4 as Primary)"
    )
  })
})

const schedule = (n: number, primary: (shift: number) => string): ReadonlyArray<Types.Duty> =>
  Array.from({ length: n }, (_, shift) => ({ shift, start: shift * day, end: (shift + 1) * day, primary: m(primary(shift)), backup: m("dee") }))

describe("Runner.record", () => {
  it("stores a version once, and tells exactly the members whose future duties changed", () =>
    Effect.runPromise(
      Effect.gen(function*() {
        const store = yield* Store.makeMemory
        const tracker = yield* Tracker.makeMemory({ members })
        const notifier = yield* Notifier.makeMemory
        const layer = Layer.mergeAll(
          Layer.succeed(Tracker.Tracker)(tracker.service),
          Layer.succeed(Store.Store)(store),
          Layer.succeed(Notifier.Notifier)(notifier.service)
        )
        const v1 = schedule(6, (s) => (s % 2 === 0 ? "ada" : "bob"))
        const runner = yield* Effect.provide(Runner.make({ team: members, duties: v1, coverage: Coverage.always() }), layer)
        const first = yield* runner.record(v1, { now: 0, reason: "first" })
        const again = yield* runner.record(v1, { now: hour, reason: "first" })
        // Shifts 2 (ada) and 3 (bob) trade; shift 1 has started and is not a future duty.
        const v2 = v1.map((d) => (d.shift === 2 ? { ...d, primary: m("bob") } : d.shift === 3 ? { ...d, primary: m("ada") } : d))
        const dry = yield* runner.record(v2, { now: day + hour, reason: "swap", dryRun: true })
        const second = yield* runner.record(v2, { now: day + hour, reason: "swap", notice: (x) => `a swap (${x})`, series: "file:v2", document: { file: 2 } })
        const third = yield* runner.record(v2, { now: day + 2 * hour, reason: "swap" })
        const versions = yield* Stream.runCollect(store.schedules)
        const pending = (yield* store.pending()).map((p) => p.action)
        expect(first.version).toBe(1)
        expect(first.changed).toEqual([])
        expect(again.version).toBeUndefined()
        expect(dry.version).toBeUndefined()
        expect(dry.changed.map((c) => c.member)).toEqual(["ada", "bob"])
        expect(second.version).toBe(2)
        expect(third.version).toBeUndefined()
        expect(versions.map((v) => v.version)).toEqual([1, 2])
        expect((versions[1]?.document as { readonly file: number }).file).toBe(2)
        expect(second.changed.map((c) => [c.member, c.added.map((a) => a.shift), c.removed.map((a) => a.shift)])).toEqual([["ada", [3], [2]], ["bob", [2], [
          3
        ]]])
        expect(pending.map((a) => a.key)).toEqual(["file:v2:duties-changed:ada", "file:v2:duties-changed:bob"])
        expect(pending[0]?._tag === "Notify" && pending[0].text).toMatch(
          /^Your support duties changed in schedule version 2 \(a swap \(ada\)\)\.\nNew:\n- shift 3 .*\nNo longer yours:\n- shift 2 /
        )
      })
    ))
})

const profile = Config.fromText(readFileSync(new URL("../../../examples/visit-team.yaml", import.meta.url), "utf8"))
const week = 7 * day
// Tuesday 10:00 in Los Angeles (covered time) of the week starting at the grid's origin plus `k` weeks.
const tuesday = (k: number) => profile.shifts.origin + k * week + day + 2 * hour

describe("Runner.configFromProfile's planner", () => {
  it("assigns an inquiry at T to the Primary Profile.scheduleSync names at T, whatever the publication's window", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 3, max: 48 }), fc.integer({ min: 0, max: 20 }), async (k, back) => {
        const at = tuesday(k)
        fc.pre(Coverage.isCoveredMillis(profile.coverage, at))
        const expected = Rotation.onDuty(Profile.scheduleSync(profile, { from: at, to: at + hour }), at)?.primary
        const assigned = await Effect.runPromise(
          Effect.gen(function*() {
            const tracker = yield* Tracker.makeMemory({ members: profile.team.members.map((x) => x.id) })
            const layer = Layer.mergeAll(Layer.succeed(Tracker.Tracker)(tracker.service), Store.layerMemory, Notifier.layerMemory)
            const config = Runner.configFromProfile(profile, { duties: [] })
            return yield* Effect.provide(
              Effect.gen(function*() {
                const runner = yield* Runner.make(config)
                // The window starts `back` days before T: a different start each run.
                yield* runner.publish(at + 2 * week, { now: at - back * day })
                const inquiry = yield* tracker.open({ title: "Crash", body: "?", author: "kim", at })
                yield* runner.run({ now: at + 60_000 })
                return (yield* tracker.view(inquiry)).assignees
              }),
              layer
            )
          })
        )
        expect(assigned).toEqual([expected])
      }),
      { numRuns: 12 }
    )
  })
})
