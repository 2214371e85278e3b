import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { discover, load, locate, ProfileFileError } from "../src/profileFile.js"

const example = readFileSync(new URL("../../../examples/visit-team.yaml", import.meta.url), "utf8")
const dir = (): string => mkdtempSync(join(tmpdir(), "sre-cli-"))

describe("ProfileFile.load", () => {
  it("reads the example profile", () => {
    const d = dir()
    writeFileSync(join(d, "sre.config.yaml"), example)
    expect(load(discover(d, undefined)).profile.team.members.length).toBe(7)
  })

  it("names every problem with its path, line and column", () => {
    const d = dir()
    const bad = example.replace("weight: 0.5, handles: { github: chenw }", "weight: 1.5, handles: { github: chenw }").replace(
      "default: 4 hours",
      "default: soon"
    )
    writeFileSync(join(d, "sre.config.yaml"), bad)
    const error = (() => {
      try {
        load(discover(d, undefined))
      } catch (e) {
        return e
      }
      return undefined
    })()
    expect(error).toBeInstanceOf(ProfileFileError)
    const problems = (error as ProfileFileError).problems
    const weight = problems.find((p) => p.path === "team.members[2].weight")
    const lines = bad.split("\n")
    expect(weight?.line).toBe(lines.findIndex((l) => l.includes("weight: 1.5")) + 1)
    expect(lines[(weight?.line ?? 1) - 1]?.slice((weight?.column ?? 1) - 1)).toMatch(/^1\.5/)
    const goal = problems.find((p) => p.path.startsWith("goals"))
    expect(goal?.line).toBe(lines.findIndex((l) => l.includes("default: soon")) + 1)
    expect((error as Error).message).toContain(`sre.config.yaml:${weight?.line}:${weight?.column}: team.members[2].weight:`)
  })

  it("reports a missing profile with what it looked for", () => {
    expect(() => discover(dir(), undefined)).toThrow(/no team profile found .*sre\.config\.yaml/)
  })
})

describe("ProfileFile.locate", () => {
  it("finds nested keys and sequence items", () => {
    const text = "a:\n  b:\n    - x: 1\n    - x: 2\n"
    expect(locate(text, "a.b[1].x")).toEqual({ line: 4, column: 10 })
    expect(locate(text, "a.missing")).toEqual({ line: 2, column: 3 })
  })
})
