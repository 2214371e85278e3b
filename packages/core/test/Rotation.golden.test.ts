// The planner must reproduce, exactly, the schedules, explanations and reports recorded in
// fixtures/rotation-golden.json before it was optimised (see rotationGolden.ts).
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { type Fingerprint, fingerprint, type GoldenCase, goldenCases } from "./rotationGolden.js"

const recorded: ReadonlyArray<Fingerprint> = JSON.parse(readFileSync(new URL("./fixtures/rotation-golden.json", import.meta.url), "utf8"))
const cases = goldenCases()

describe("Rotation: recorded plans are reproduced exactly", () => {
  it("has one recorded fingerprint per case, in order", () => {
    expect(recorded.map((f) => f.name)).toEqual(cases.map((c) => c.name))
  })
  it.each(cases.map((c, k) => [c.name, k] as const))("%s", (_, k) => {
    expect(fingerprint(cases[k] as GoldenCase)).toEqual(recorded[k])
  })
})
