import { describe, expect, it } from "vitest"
import * as fc from "fast-check"
import * as Action from "../src/Action.js"
import * as Types from "../src/Types.js"

const inq = Types.InquiryId.make("support#12")
const ada = Types.MemberId.make("ada")

describe("Action.key", () => {
  it("joins scope, shift, kind and extra readably", () => {
    expect(Action.key("support#12", 7, "assign")).toBe("support#12:s7:assign")
    expect(Action.key("support#12", 7, "notify", "ada")).toBe("support#12:s7:notify:ada")
  })

  it("is injective even when parts contain the separator", () => {
    const part = fc.string({ maxLength: 6, unit: fc.constantFrom("a", ":", "%", "3", "A", "s") })
    fc.assert(
      fc.property(
        part,
        fc.nat(5),
        part,
        fc.option(part, { nil: undefined }),
        part,
        fc.nat(5),
        part,
        fc.option(part, { nil: undefined }),
        (s1, n1, k1, e1, s2, n2, k2, e2) => {
          const same = s1 === s2 && n1 === n2 && k1 === k2 && e1 === e2
          expect(Action.key(s1, n1, k1, e1) === Action.key(s2, n2, k2, e2)).toBe(same)
        }
      ),
      { numRuns: 2000 }
    )
  })
})

describe("Action.pending", () => {
  const plan: ReadonlyArray<Action.Action> = [
    { _tag: "Assign", key: Action.key(inq, 1, "assign"), inquiry: inq, assignee: ada },
    { _tag: "Comment", key: Action.key(inq, 1, "handoff"), inquiry: inq, text: "hi", visibility: "public" },
    { _tag: "Close", key: Action.key(inq, 1, "close"), inquiry: inq, reason: "resolved" }
  ]

  it("drops applied actions and keeps the order of the rest", () => {
    expect(Action.pending(plan, ["support#12:s1:handoff"]).map((a) => a._tag)).toEqual(["Assign", "Close"])
    expect(Action.pending(plan, new Set(Action.keys(plan)))).toEqual([])
    expect(Action.pending(plan, undefined)).toBe(plan)
  })

  it("finds duplicate keys", () => {
    expect(Action.duplicateKeys(plan)).toEqual([])
    expect(Action.duplicateKeys([...plan, ...plan.slice(0, 1)])).toEqual(["support#12:s1:assign"])
  })
})

describe("Action schema", () => {
  it("round-trips through JSON and names bad paths", () => {
    const plan: ReadonlyArray<Action.Action> = [
      { _tag: "Notify", key: "k1", member: ada, text: "hello", inquiry: inq },
      { _tag: "Delegate", key: "k2", from: ada, to: Types.MemberId.make("bob"), start: 0, end: 3_600_000, reason: "dentist" }
    ]
    expect(Action.decodeSync(JSON.parse(JSON.stringify(plan)))).toEqual(plan)
    expect(() => Action.decodeSync([{ _tag: "Close", key: "k", inquiry: "", reason: "bored" }])).toThrow(/\[0\]\.(inquiry|reason)/)
  })

  it("tells which support item an action changes", () => {
    expect(Action.target({ _tag: "Close", key: "k", inquiry: inq, reason: "resolved" })).toBe(inq)
    expect(Action.target({ _tag: "Notify", key: "k", member: ada, text: "x", inquiry: inq })).toBeUndefined()
    expect(Action.about({ _tag: "Notify", key: "k", member: ada, text: "x", inquiry: inq })).toBe(inq)
  })

  it("describes actions in one line", () => {
    expect(Action.describe({ _tag: "Assign", key: "k", inquiry: inq, assignee: ada, from: Types.MemberId.make("bob") })).toBe(
      "assign support#12 to ada (from bob)"
    )
    expect(Action.describe({ _tag: "CarryOver", key: "k", inquiry: inq, member: ada })).toBe("ada carries support#12 past the shift end")
    expect(
      Action.describe({
        _tag: "Delegate",
        key: "k",
        from: ada,
        to: Types.MemberId.make("bob"),
        start: Date.UTC(2024, 0, 22, 16),
        end: Date.UTC(2024, 0, 22, 20),
        reason: "x"
      })
    ).toBe(
      "delegate Primary from ada to bob (Mon 22 Jan 2024 16:00 (UTC+00:00) to Mon 22 Jan 2024 20:00 (UTC+00:00))"
    )
  })
})
