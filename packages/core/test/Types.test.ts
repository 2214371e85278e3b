import { DateTime, Effect, Schema } from "effect"
import { describe, expect, it } from "vitest"
import * as Types from "../src/Types.js"

const Member = Schema.Struct({
  id: Types.MemberId,
  weight: Schema.Number.check(Schema.isBetween({ minimum: 0, maximum: 1, exclusiveMinimum: true }, { message: "expected a number in (0, 1]" }))
})
const Team = Schema.Struct({ members: Schema.Array(Member) })

describe("Types", () => {
  it("converts every instant input to the same epoch milliseconds", () => {
    const ms = Date.UTC(2024, 0, 16, 16, 30)
    expect(Types.toMillis(ms)).toBe(ms)
    expect(Types.toMillis(new Date(ms))).toBe(ms)
    expect(Types.toMillis("2024-01-16T16:30:00Z")).toBe(ms)
    expect(Types.toMillis(DateTime.makeUnsafe(ms))).toBe(ms)
    expect(DateTime.toEpochMillis(Types.toUtc(ms))).toBe(ms)
  })

  it("converts durations to milliseconds", () => {
    expect(Types.toDurationMillis("4 hours")).toBe(4 * 3_600_000)
    expect(Types.toDurationMillis(90_000)).toBe(90_000)
  })

  it("formats paths the way users write them", () => {
    expect(Types.formatPath(["members", 2, "weight"])).toBe("members[2].weight")
    expect(Types.formatPath([0, "a"])).toBe("[0].a")
  })

  it("names every bad path and value in a ValidationError", () => {
    const decode = Types.decoderSync(Team, "team")
    const input = { members: [{ id: "a", weight: 0.5 }, { id: "b", weight: 1.5 }, { weight: "x" }] }
    let error: unknown
    try {
      decode(input)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(Types.ValidationError)
    const v = error as Types.ValidationError
    expect(v.problems).toEqual([
      { path: "members[1].weight", message: "expected a number in (0, 1], got 1.5" },
      { path: "members[2].id", message: "Missing key" },
      { path: "members[2].weight", message: "Expected number, got \"x\"" }
    ])
    expect(v.message).toContain("members[1].weight: expected a number in (0, 1], got 1.5")
  })

  it("fails the Effect decoder with the same error and decodes good input", async () => {
    const decode = Types.decoder(Team, "team")
    const bad = await Effect.runPromise(Effect.flip(decode({ members: [{ id: "", weight: 1 }] })))
    expect(bad._tag).toBe("ValidationError")
    expect(bad.problems[0]?.path).toBe("members[0].id")
    const good = await Effect.runPromise(decode({ members: [{ id: "a", weight: 1 }] }))
    expect(good.members[0]?.id).toBe("a")
  })
})

describe("Types.problemsOf", () => {
  const Weight = Schema.Struct({
    weight: Schema.Number.check(Schema.isBetween({ minimum: 0, maximum: 1, exclusiveMinimum: true }, { message: "expected a number in (0, 1]" }))
  })
  it("appends a number even when its digits occur in the message", () => {
    expect(() => Types.decoderSync(Weight, "member")({ weight: 0 })).toThrow("weight: expected a number in (0, 1], got 0")
  })
  it("does not repeat a string value the message already quotes", () => {
    const Window = Schema.String.check(Schema.makeFilter((s: string) => (s === "ok" ? undefined : `${JSON.stringify(s)} is not ok`)))
    expect(() => Types.decoderSync(Schema.Struct({ w: Window }), "window")({ w: "bad" })).toThrow(/w: "bad" is not ok$/m)
  })
})
