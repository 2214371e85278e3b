// Opt-in smoke test against a real repository: skipped unless a token and a repository are
// given (see the package README). It reads; it writes one marked comment only when an issue
// number is given too, and a rerun finds that comment instead of posting another.
import { Effect, Stream } from "effect"
import { describe, expect, it } from "vitest"
import { Types } from "@sre-uxdd/core"
import { GitHub, Options } from "../src/index.js"

const token = process.env["SRE_UXDD_GITHUB_TOKEN"]
const repo = process.env["SRE_UXDD_GITHUB_REPO"]
const issue = process.env["SRE_UXDD_GITHUB_ISSUE"]
const enabled = token !== undefined && token !== "" && repo !== undefined && repo !== ""
if (!enabled)
  console.warn(
    "[@sre-uxdd/github] live smoke test SKIPPED: set SRE_UXDD_GITHUB_TOKEN and SRE_UXDD_GITHUB_REPO (and SRE_UXDD_GITHUB_ISSUE to also write) to run it"
  )

describe.skipIf(!enabled)("GitHub live smoke test", () => {
  const options = () => Options.decodeSync({ sources: [{ kind: "issues", repo }], members: [], auth: { type: "token", token } })

  it("lists the repository's issues with events, and reads one history", async () => {
    const a = Effect.runSync(GitHub.make(options()))
    const pages = await Effect.runPromise(Stream.runCollect(a.tracker.changes(`issues:${repo}`, undefined)))
    const items = pages.flatMap((p) => p.items)
    expect(pages.length).toBeGreaterThan(0)
    const first = items[0]
    if (first !== undefined) expect((await Effect.runPromise(a.tracker.history(first.inquiry))).item.inquiry).toBe(first.inquiry)
  }, 120_000)

  it.skipIf(issue === undefined)("posts one marked comment, once", async () => {
    const a = Effect.runSync(GitHub.make(options()))
    const inquiry = Types.InquiryId.make(`${repo}#${issue}`)
    const action = { _tag: "Comment" as const, key: `${inquiry}:smoke`, inquiry, text: "sre-uxdd live smoke test", visibility: "public" as const }
    const r1 = await Effect.runPromise(a.tracker.execute(action, Date.now()))
    const r2 = await Effect.runPromise(a.tracker.execute(action, Date.now()))
    expect(["written", "already-done"]).toContain(r1.outcome)
    expect(r2.outcome).toBe("already-done")
  }, 120_000)
})
