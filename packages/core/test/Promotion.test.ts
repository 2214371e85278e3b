import { Effect } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Action from "../src/Action.js"
import * as Promotion from "../src/Promotion.js"
import * as Types from "../src/Types.js"

const id = Types.InquiryId.make("support#41")
const subject: Promotion.Subject = {
  inquiry: id,
  title: "Crash reading large Silo files",
  reporter: "kim",
  openedAt: Date.UTC(2024, 0, 23, 17),
  phase: "open",
  promotions: [],
  url: "https://github.com/visit-dav/visit-support/issues/41"
}
const details: Promotion.Details = {
  summary: "The Silo reader overflows a 32-bit offset on files larger than 2 GB and VisIt crashes.",
  reproducer: "Open any Silo file over 2 GB with VisIt 3.4.1 and draw a Pseudocolor plot.",
  workaround: "Split the file with silo's `browser` tool into parts below 2 GB.",
  labels: ["bug", "reader:silo"]
}
const run = <A, E>(e: Effect.Effect<A, E>): A => Effect.runSync(e)
const fail = <A, E>(e: Effect.Effect<A, E>): E => Effect.runSync(Effect.flip(e))

describe("Promotion.plan (new product issue)", () => {
  const plan = run(Promotion.plan(subject, details, { shift: 4, customer: "Kim", timeZone: "America/Los_Angeles" }))

  it("drafts the issue, answers, labels and closes the support item", () => {
    expect(plan.map((a) => a.key)).toEqual(["support#41:s4:promote", "support#41:s4:promote-comment", "support#41:s4:label:promoted", "support#41:s4:close"])
    expect(plan[0]).toEqual({
      _tag: "CreateIssue",
      key: "support#41:s4:promote",
      inquiry: id,
      draft: {
        title: "Crash reading large Silo files",
        body: [
          "Promoted from support item support#41 (https://github.com/visit-dav/visit-support/issues/41).",
          "",
          "## Summary",
          "The Silo reader overflows a 32-bit offset on files larger than 2 GB and VisIt crashes.",
          "",
          "## Reproducer",
          "Open any Silo file over 2 GB with VisIt 3.4.1 and draw a Pseudocolor plot.",
          "",
          "## Work-around",
          "Split the file with silo's `browser` tool into parts below 2 GB.",
          "",
          "## Reported by",
          "kim on Tue 23 Jan 2024 09:00 (UTC-08:00)"
        ].join("\n"),
        labels: ["bug", "from-support", "reader:silo"],
        supportItem: id,
        supportUrl: "https://github.com/visit-dav/visit-support/issues/41"
      }
    })
    expect(plan[1]).toEqual({
      _tag: "Comment",
      key: "support#41:s4:promote-comment",
      inquiry: id,
      visibility: "public",
      issueFrom: "support#41:s4:promote",
      text:
        "Hi Kim, thanks for the detailed report. Fixing this properly needs planned development work, so we have filed it as {issue} where the team will prioritise it. In the meantime, this work-around should help: Split the file with silo's `browser` tool into parts below 2 GB. We are closing this support item now; follow {issue} for progress."
    })
    expect(plan[3]).toEqual({ _tag: "Close", key: "support#41:s4:close", inquiry: id, reason: "promoted" })
  })

  it("marks missing reproducer and work-around sections as not available", () => {
    const bare = run(Promotion.plan(subject, { summary: "Slow." }, { shift: 4 }))
    const create = bare[0]
    expect(create?._tag === "CreateIssue" && create.draft.body).toContain("## Reproducer\nNot available yet.\n\n## Work-around\nNot available yet.")
    expect(bare[1]?._tag === "Comment" && bare[1].text).not.toContain("work-around")
  })
})

describe("Promotion.plan (known issue)", () => {
  it("updates the known issue, puts it back up for review, answers and closes", () => {
    const plan = run(Promotion.plan(subject, details, { shift: 4, known: "visit-dav/visit#5123", customer: "Kim" }))
    expect(plan.map((a) => a._tag)).toEqual(["UpdateIssue", "Comment", "AddLabel", "Close"])
    expect(plan[0]).toMatchObject({
      key: "support#41:s4:update-known:visit-dav/visit#5123",
      issue: "visit-dav/visit#5123",
      addLabels: ["needs-review"],
      removeLabels: ["reviewed"]
    })
    expect(plan[0]?._tag === "UpdateIssue" && plan[0].text).toContain("support item support#41 (https://github.com/visit-dav/visit-support/issues/41)")
    expect(plan[1]?._tag === "Comment" && plan[1].text).toContain("known problem tracked in visit-dav/visit#5123")
    expect(plan[3]).toMatchObject({ _tag: "Close", reason: "known-issue" })
    const custom = run(Promotion.plan(subject, details, { shift: 4, known: "J-1", labels: { needsReview: "triage", reviewed: "" } }))
    expect(custom[0]).toMatchObject({ addLabels: ["triage"], removeLabels: [] })
  })
})

describe("Promotion errors and idempotence", () => {
  it("refuses an already promoted or closed inquiry, and bad input", () => {
    const promoted = fail(Promotion.plan({ ...subject, promotions: [{ reference: "visit#1" }] }, details, { shift: 4 }))
    expect(promoted).toBeInstanceOf(Promotion.AlreadyPromotedError)
    expect(promoted.message).toBe("inquiry support#41 was already promoted to visit#1")
    expect(fail(Promotion.plan({ ...subject, phase: "closed" }, details, { shift: 4 }))._tag).toBe("InquiryClosedError")
    const bad = fail(Promotion.plan(subject, { summary: " " }, { shift: -1, known: "" }))
    expect(bad._tag === "ValidationError" && bad.problems.map((p) => p.path)).toEqual(["details.summary", "known", "shift"])
    const tpl = fail(Promotion.plan(subject, details, { shift: 4, templates: { issueBody: "{nope}" } }))
    expect(tpl._tag === "ValidationError" && tpl.problems[0]?.path).toBe("templates.issueBody")
  })

  it("resumes a partly applied plan and yields nothing once applied (property)", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.nat(10), fc.nat(4), (known, shift, crashAfter) => {
        const options = { shift, known: known ? "visit#9" : undefined }
        const full = run(Promotion.plan(subject, details, options))
        // every product issue draft references its inquiry
        for (const a of full) {
          if (a._tag === "CreateIssue") {
            expect(a.draft.supportItem).toBe(subject.inquiry)
            expect(a.draft.body).toContain(subject.inquiry)
          }
          if (a._tag === "UpdateIssue") expect(a.text).toContain(subject.inquiry)
        }
        const applied = Action.keys(full).slice(0, crashAfter)
        // after applying the first actions, the tracker shows the promotion (and maybe the close)
        const closed = applied.includes(Action.key(subject.inquiry, shift, "close"))
        const after: Promotion.Subject = applied.length > 0
          ? { ...subject, promotions: [{ reference: "visit#9" }], phase: closed ? "closed" : "open" }
          : subject
        const rest = run(Promotion.plan(after, details, { ...options, applied }))
        expect(rest).toEqual(full.slice(crashAfter))
        const allApplied = { ...after, phase: "closed" as const }
        expect(run(Promotion.plan(allApplied, details, { ...options, applied: Action.keys(full) }))).toEqual([])
      }),
      { numRuns: 100 }
    )
  })
})
