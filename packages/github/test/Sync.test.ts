import { Stream } from "effect"
import { describe, expect, it } from "vitest"
import { adapter, run, useFake } from "./support.js"

const collect = (a: ReturnType<typeof adapter>, source: string, cursor?: string) => run(Stream.runCollect(a.tracker.changes(source, cursor)))

describe("GitHub.tracker.changes (issues)", () => {
  const { fake } = useFake()

  it("maps issues, comments and events, drops pull requests and comments on them", async () => {
    const i = fake.openIssue("visit-dav/support", { title: "Crash on load", body: "VisIt dies", user: "alice", at: Date.UTC(2026, 0, 10, 10) })
    fake.openIssue("visit-dav/support", { title: "A PR", user: "alice", pull: true })
    fake.addComment("visit-dav/support", 2, { user: "ada-l", body: "on a PR" })
    fake.addComment("visit-dav/support", i.number, { user: "ada-l", body: "Looking" })
    fake.addComment("visit-dav/support", i.number, { user: "dependabot[bot]", body: "beep" })
    const a = adapter(fake)
    const pages = await collect(a, "issues:visit-dav/support")
    const items = pages.flatMap((p) => p.items)
    const events = pages.flatMap((p) => p.events)
    expect(items.map((x) => x.inquiry)).toEqual(["visit-dav/support#1"])
    expect(events.map((e) => [e.type, e.actor])).toEqual([
      ["opened", "user:alice"],
      ["commented", "ada"],
      ["commented", "dependabot[bot]"]
    ])
  })
})
