import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { Effect, Exit } from "effect"
import * as fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as YAML from "yaml"
import { Backlog, Config, Coverage, Inquiry, Platforms, Postmortem, Shift, Team, Types } from "../src/index.js"

const exampleText = readFileSync(fileURLToPath(new URL("../../../examples/visit-team.yaml", import.meta.url)), "utf8")
const example = YAML.parse(exampleText) as Record<string, unknown>

// Whatever a decoder is given, it returns or throws its typed error, and that error can be
// printed (its message getter must not throw on BigInt, null prototypes or cycles).
const typedOnly = (name: string, decode: () => unknown): void => {
  try {
    decode()
  } catch (error) {
    if (!(error instanceof Types.ValidationError)) throw new Error(`${name} threw ${String(error)} instead of a ValidationError`, { cause: error })
    expect(typeof error.message).toBe("string")
    for (const p of error.problems) {
      expect(typeof p.path).toBe("string")
      expect(typeof p.message).toBe("string")
    }
  }
}
const typedOnlyEffect = (name: string, effect: Effect.Effect<unknown, Types.ValidationError>): void => {
  const exit = Effect.runSyncExit(effect)
  if (Exit.isFailure(exit)) {
    const error = exit.cause.reasons.find((r) => r._tag === "Fail")
    if (error === undefined || !(error.error instanceof Types.ValidationError)) throw new Error(`${name} failed with a defect: ${String(exit.cause)}`)
    expect(typeof error.error.message).toBe("string")
  }
}

const decoders: ReadonlyArray<readonly [string, (input: unknown) => unknown]> = [
  ["Config.decodeSync", Config.decodeSync],
  ["Config.parseText", (u) => Config.parseText(u as string)],
  ["Config.fromText", (u) => Config.fromText(u as string)],
  ["Coverage.decodeSync", Coverage.decodeSync],
  ["Team.decodeSync", Team.decodeSync],
  ["Shift.decodeSync", (u) => Shift.decodeSync(u)],
  ["Shift.decodeSync (in a zone)", (u) => Shift.decodeSync(u, "America/Los_Angeles")],
  ["Platforms.decodeSync", Platforms.decodeSync],
  ["Backlog.decodeSync", Backlog.decodeSync],
  ["Inquiry.decodeEventSync", Inquiry.decodeEventSync],
  ["Inquiry.decodeEventsSync", Inquiry.decodeEventsSync],
  ["Inquiry.decodeEventsSync (one event)", (u) => Inquiry.decodeEventsSync([u])],
  ["Inquiry.goals", (u) => Inquiry.goals(u)]
]
const effects: ReadonlyArray<readonly [string, (input: unknown) => Effect.Effect<unknown, Types.ValidationError>]> = [
  ["Config.decode", Config.decode],
  ["Coverage.decode", Coverage.decode],
  ["Team.decode", Team.decode],
  ["Shift.decode", (u) => Shift.decode(u)],
  ["Platforms.decode", Platforms.decode],
  ["Backlog.decode", Backlog.decode],
  ["Postmortem.decodePolicy", Postmortem.decodePolicy],
  ["Inquiry.decodeEvents", Inquiry.decodeEvents]
]

// Every kind of JavaScript value fast-check knows, including the awkward ones.
const anything = fc.anything({
  maxDepth: 3,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true
})

const warnings: Array<string> = []
const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`)
beforeAll(() => {
  process.on("warning", onWarning)
})
afterAll(() => {
  process.off("warning", onWarning)
})

/** Every path of a JSON value, to the leaves and the containers. */
const pathsOf = (value: unknown, at: ReadonlyArray<string | number> = []): Array<ReadonlyArray<string | number>> => {
  if (Array.isArray(value)) return [at, ...value.flatMap((v, i) => pathsOf(v, [...at, i]))]
  if (value !== null && typeof value === "object") return [at, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...at, k]))]
  return [at]
}
const examplePaths = pathsOf(example).filter((p) => p.length > 0)
const setAt = (value: unknown, path: ReadonlyArray<string | number>, to: unknown): unknown => {
  if (path.length === 0) return to
  const [head, ...rest] = path as [string | number, ...Array<string | number>]
  const copy = (Array.isArray(value) ? [...(value as ReadonlyArray<unknown>)] : { ...(value as Record<string, unknown>) }) as Record<string | number, unknown>
  copy[head] = setAt(copy[head], rest, to)
  return copy
}

describe("every decoder returns or throws only its typed error", () => {
  it("on arbitrary values (null prototypes, BigInt, Dates, Maps, Sets, sparse and typed arrays)", () => {
    fc.assert(
      fc.property(anything, (input) => {
        for (const [name, decode] of decoders) typedOnly(name, () => decode(input))
        for (const [name, decode] of effects) typedOnlyEffect(name, decode(input))
      }),
      { numRuns: 300 }
    )
  })

  it("on the example profile with an arbitrary value at a random path", () => {
    fc.assert(
      fc.property(fc.constantFrom(...examplePaths), anything, (path, value) => {
        const edited = setAt(example, path, value)
        typedOnly("Config.decodeSync", () => Config.decodeSync(edited))
        const section = String(path[0])
        const part = (edited as Record<string, unknown>)[section]
        if (section === "coverage") typedOnly("Coverage.decodeSync", () => Coverage.decodeSync(part))
        if (section === "team") typedOnly("Team.decodeSync", () => Team.decodeSync(part))
        if (section === "shifts") typedOnly("Shift.decodeSync", () => Shift.decodeSync(part))
        if (section === "platforms") typedOnly("Platforms.decodeSync", () => Platforms.decodeSync(part))
      }),
      { numRuns: 200 }
    )
  })

  it("on random edits of examples/visit-team.yaml's text (insertions, deletions, YAML punctuation)", () => {
    const punctuation = fc.constantFrom(
      "&a ",
      "*a",
      "<<: *a",
      "? ",
      ": ",
      "- ",
      "{",
      "}",
      "[",
      "]",
      "!!binary ",
      "!!map ",
      "!!set ",
      "%YAML 1.2\n",
      "---\n",
      "\t",
      "\n",
      "'",
      "\"",
      "#",
      "|",
      ">",
      "? [a, b]\n: c\n",
      "? {a: 1}\n: c\n"
    )
    const edit = fc.tuple(fc.nat({ max: exampleText.length }), fc.nat({ max: 40 }), fc.oneof(punctuation, fc.string({ maxLength: 6 })))
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        let text = exampleText
        for (const [at, remove, insert] of edits) {
          const i = Math.min(at, text.length)
          text = text.slice(0, i) + insert + text.slice(i + remove)
        }
        typedOnly("Config.fromText", () => Config.fromText(text))
      }),
      { numRuns: 150 }
    )
  })

  it("never makes the YAML library print a process warning", async () => {
    typedOnly("Config.fromText", () => Config.fromText("name: T\n? { a: 1 }\n: x\n"))
    typedOnly("Config.fromText", () => Config.fromText("name: T\n[a, b]: x\n"))
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(warnings).toEqual([])
  })
})

describe("Config.fromText and YAML aliases", () => {
  const profile = (members: string) =>
    `name: T\nteam:\n  members:\n${members}\ncoverage: { timeZone: UTC, weekly: [{ days: [mon], windows: ["09:00-17:00"] }] }\nshifts: { start: "2026-01-05", length: { weeks: 1 } }\n`

  it("resolves aliases and merge keys as written", () => {
    const p = Config.fromText(profile("    - &ada { id: ada, name: Ada, weight: 1, tags: &tags [hpc] }\n    - { <<: *ada, id: bob, name: Bob, tags: *tags }"))
    expect(p.team.members.map((m) => [m.id, m.weight, m.tags])).toEqual([
      ["ada", 1, ["hpc"]],
      ["bob", 1, ["hpc"]]
    ])
  })

  it("refuses an alias bomb, naming a line", () => {
    const levels = ["a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]"]
    for (const [k, prev] of [["b", "a"], ["c", "b"], ["d", "c"], ["e", "d"], ["f", "e"]])
      levels.push(`${k}: &${k} [${new Array(9).fill(`*${prev}`).join(",")}]`)
    const error = (() => {
      try {
        Config.fromText(levels.join("\n"))
      } catch (e) {
        return e
      }
      return undefined
    })()
    expect(error).toBeInstanceOf(Types.ValidationError)
    expect((error as Types.ValidationError).problems).toEqual([{
      path: "",
      message: expect.stringMatching(/^line \d+, column \d+: aliases expand to too much data/)
    }])
  })

  it("refuses an alias to an anchor not yet set, with its line", () => {
    expect(() => Config.fromText("name: *nope\n")).toThrow(/line 1, column 7: .*nope/)
  })
})
