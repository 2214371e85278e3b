import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Adf from "../src/Adf.js"
import { adfProblems } from "./support/contract.js"

const mentions: Adf.Mentions = (m) => (m === "ada" || m === "bob" ? { accountId: `557058:${m}`, text: `@${m}` } : undefined)

describe("Adf.fromMarkdown", () => {
  it("converts the handoff template's markdown to a valid document with mentions by accountId", () => {
    const doc = Adf.fromMarkdown(
      "## Handoff\n\n{@ada} hands over to {@bob}:\n\n1. **SUP-1**: waiting on the reporter\n2. _SUP-2_: see [docs](https://example.org)\n\n```\nrun it\n```\n\n> quoted {@ada}",
      mentions
    )
    expect(adfProblems(doc)).toBeUndefined()
    expect(Adf.mentionedAccounts(doc)).toEqual(["557058:ada", "557058:bob", "557058:ada"])
    expect(Adf.toText(doc)).toContain("@ada hands over to @bob:")
  })

  it("writes a member without an account as text, and never a mention inside code", () => {
    const doc = Adf.fromMarkdown("ask {@zed}, not `{@ada}`", mentions)
    expect(adfProblems(doc)).toBeUndefined()
    expect(Adf.mentionedAccounts(doc)).toEqual([])
    expect(Adf.toText(doc)).toBe("ask zed, not @ada")
  })

  it("always yields a document the ADF schema accepts, whatever the markdown (property)", () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(
        "{@ada}",
        "{@bob}",
        "{@zed}",
        "**",
        "_",
        "`",
        "\n\n",
        "\n",
        "- ",
        "1. ",
        "# ",
        "> ",
        "```\n",
        "[x](https://e.org)",
        "|a|b|\n|-|-|\n",
        "<b>",
        "&amp;",
        "\\"
      )
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (parts) => {
        const doc = Adf.fromMarkdown(parts.join(""), mentions)
        expect(adfProblems(doc)).toBeUndefined()
      }),
      { numRuns: 1000 }
    )
  })

  it("does not mutate its input", () => {
    const text = "hi {@ada}"
    Adf.fromMarkdown(text, mentions)
    expect(text).toBe("hi {@ada}")
  })
})
