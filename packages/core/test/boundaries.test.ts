import { ESLint } from "eslint"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../../..", import.meta.url))
const eslint = new ESLint({ cwd: root })
const lint = async (code: string, filePath: string) => {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).map((m) => m.ruleId)
}

describe("core's dependency boundary (lint)", () => {
  const file = `${root}packages/core/src/internal/boundary-probe.ts`

  it.each([
    ["import { readFileSync } from \"node:fs\"\nexport const f = readFileSync\n", "a node: built-in"],
    ["import fs from \"fs\"\nexport const f = fs\n", "a bare built-in"],
    ["import { Octokit } from \"@octokit/rest\"\nexport const o = Octokit\n", "a vendor SDK"],
    ["import * as S from \"@sre-uxdd/storage\"\nexport const s = S\n", "an adapter package"]
  ])("rejects %s (%s)", async (code) => {
    expect(await lint(code, file)).toContain("no-restricted-imports")
  })

  it("rejects reading the process environment", async () => {
    expect(await lint("export const tz = process.env.TZ\n", file)).toContain("no-restricted-globals")
  })

  it("allows effect and pure libraries in core, and Node built-ins outside core", async () => {
    expect(await lint("import { Schema } from \"effect\"\nexport const s = Schema.String\n", file)).toEqual([])
    expect(await lint("import { readFileSync } from \"node:fs\"\nexport const f = readFileSync\n", `${root}examples/probe.ts`)).toEqual([])
  })
})
