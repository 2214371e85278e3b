import { Effect } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Action from "../src/Action.js"
import * as Inquiry from "../src/Inquiry.js"
import * as Platforms from "../src/Platforms.js"
import * as Rotation from "../src/Rotation.js"
import * as Team from "../src/Team.js"
import * as Types from "../src/Types.js"
import { visitCoverage } from "./support.js"

const m = Types.MemberId.make
const H = 3_600_000
const mon = Date.UTC(2024, 0, 22, 16) // Mon 08:00 PST
const week4: Types.Duty = { shift: 4, start: mon, end: mon + 7 * 24 * H, primary: m("ada"), backup: m("bob") }
const duties: ReadonlyArray<Types.Duty> = [{ shift: 3, start: mon - 7 * 24 * H, end: mon, primary: m("bob"), backup: m("cyd") }, week4]
const run = <A, E>(e: Effect.Effect<A, E>): A => Effect.runSync(e)
const fail = <A, E>(e: Effect.Effect<A, E>): E => Effect.runSync(Effect.flip(e))

describe("Platforms.decode", () => {
  it("rejects an empty list, duplicate ids and an unknown openIn, naming each path", () => {
    const error = fail(Platforms.decode({ supported: [{ id: "a", name: "A" }, { id: "a", name: "A2" }], openIn: "zz" }))
    expect(error.problems).toEqual([
      { path: "supported[1].id", message: "duplicate platform id \"a\"" },
      { path: "openIn", message: "expected the id of a supported platform, got \"zz\"" }
    ])
    expect(fail(Platforms.decode({ supported: [] })).problems[0]?.path).toBe("supported")
    expect(fail(Platforms.decode({ supported: [{ id: "", name: "x" }] })).problems[0]?.path).toBe("supported[0].id")
  })
})

describe("Platforms.classify", () => {
  const duty = week4
  const base = { id: "c", at: mon + H, user: { name: "Kim" }, subject: "crash" }
  it("accepts supported channels addressed to the team or the Primary", () => {
    expect(Platforms.classify(Platforms.visit, { ...base, via: "github-discussions" }, duty)._tag).toBe("Supported")
    expect(Platforms.classify(Platforms.visit, { ...base, via: "hotline", receiver: m("ada") }, duty)._tag).toBe("Supported")
  })
  it("redirects unsupported channels and direct contacts with a non-Primary", () => {
    expect(Platforms.classify(Platforms.visit, { ...base, via: "hotline", receiver: m("bob") }, duty)).toEqual({
      _tag: "Redirect",
      primary: "ada",
      reasons: ["not-primary"]
    })
    expect(Platforms.classify(Platforms.visit, { ...base, via: "ms-teams", receiver: m("ada") }, duty)).toEqual({
      _tag: "Redirect",
      primary: "ada",
      reasons: ["unsupported-channel"]
    })
    expect(Platforms.classify(Platforms.visit, { ...base, via: "email", receiver: m("cyd") }, duty)).toEqual({
      _tag: "Redirect",
      primary: "ada",
      reasons: ["unsupported-channel", "not-primary"]
    })
  })
})

describe("Platforms.plan", () => {
  const contact: Platforms.Contact = {
    id: "teams-0123",
    at: mon + 2 * H,
    via: "ms-teams",
    receiver: m("cyd"),
    user: { name: "Kim Lee", handle: "@klee" },
    subject: "Pseudocolor plot crashes on silo files",
    text: "VisIt 3.4 crashes when I open my silo file."
  }

  it("yields the three-way redirect: message, note to the Primary, inquiry on the user's behalf", () => {
    const plan = run(Platforms.plan(Platforms.visit, contact, { duties, timeZone: "America/Los_Angeles" }))
    expect(plan.duty.shift).toBe(4)
    // issue 16 item 8: the inquiry is opened first, so the message can link to it
    expect(plan.actions.map((a) => a.key)).toEqual([
      "contact%3Ateams-0123:s4:open-inquiry",
      "contact%3Ateams-0123:s4:redirect-message",
      "contact%3Ateams-0123:s4:redirect-notify:ada"
    ])
    const [open, message, note] = plan.actions
    expect(message).toMatchObject({ _tag: "Message", channel: "ms-teams", recipient: { name: "Kim Lee", handle: "@klee" } })
    expect(message?._tag === "Message" && message.text).toBe(
      "Hi Kim Lee, thanks for getting in touch! So that your question gets a timely answer and doesn't depend on who happens to be around, our support goes through GitHub Discussions (https://github.com/visit-dav/visit/discussions), the support repository's issues or the support hotline. ada is on support duty and will pick this up: I've passed your message on and opened a support item in GitHub Discussions for you ({inquiry}), so there's nothing more you need to do."
    )
    expect(note).toMatchObject({ _tag: "Notify", member: "ada" })
    expect(note?._tag === "Notify" && note.text).toBe(
      "Kim Lee contacted cyd via ms-teams about \"Pseudocolor plot crashes on silo files\". An inquiry was opened on their behalf in GitHub Discussions; it is yours to answer."
    )
    expect(open).toMatchObject({
      _tag: "OpenInquiry",
      channel: "github-discussions",
      assignee: "ada",
      title: "Pseudocolor plot crashes on silo files",
      contact: "teams-0123"
    })
    expect(open?._tag === "OpenInquiry" && open.body).toBe(
      "Opened on behalf of Kim Lee (@klee), who contacted cyd via ms-teams on Mon 22 Jan 2024 10:00 (UTC-08:00).\n\nVisIt 3.4 crashes when I open my silo file."
    )
  })

  it("skips the note when the Primary was the one contacted, and nothing for a supported contact", () => {
    const plan = run(Platforms.plan(Platforms.visit, { ...contact, receiver: m("ada") }, { duties }))
    expect(plan.actions.map((a) => a._tag)).toEqual(["OpenInquiry", "Message"])
    expect(run(Platforms.plan(Platforms.visit, { ...contact, via: "github-discussions", receiver: undefined }, { duties })).actions).toEqual([])
  })

  it("gives a weekend contact to the next shift's Primary and is idempotent", () => {
    const saturday = Date.UTC(2024, 0, 20, 19)
    const plan = run(Platforms.plan(Platforms.visit, { ...contact, at: saturday }, { duties: duties.slice(1) }))
    expect(plan.duty.primary).toBe("ada")
    expect(run(Platforms.plan(Platforms.visit, { ...contact, at: saturday }, { duties: duties.slice(1), applied: Action.keys(plan.actions) })).actions).toEqual(
      []
    )
  })

  it("uses team overrides and rejects unknown placeholders", () => {
    const plan = run(Platforms.plan(Platforms.visit, contact, { duties, templates: { user: "Hello {user}, please write to {channel}." } }))
    expect(plan.actions[1]?._tag === "Message" && plan.actions[1].text).toContain("Hello Kim Lee, please write to GitHub Discussions")
    const error = fail(Platforms.plan(Platforms.visit, contact, { duties, templates: { user: "Hello {usr}" } }))
    expect(error._tag).toBe("ValidationError")
    expect(error._tag === "ValidationError" && error.problems[0]?.path).toBe("templates.user")
    const several = fail(Platforms.plan(Platforms.visit, contact, { duties, templates: { nope: "x", primary: " " } as Partial<Platforms.Templates> }))
    expect(several._tag === "ValidationError" && several.problems).toEqual([
      { path: "templates.nope", message: "unknown template; known templates: inquiryBody, primary, user" },
      { path: "templates.primary", message: "expected a non-empty text, got \" \"" }
    ])
  })

  it("fails with NoDutyError past the schedule and ValidationError on an empty subject", () => {
    expect(fail(Platforms.plan(Platforms.visit, { ...contact, at: mon + 30 * 24 * H }, { duties }))._tag).toBe("NoDutyError")
    expect(fail(Platforms.plan(Platforms.visit, { ...contact, subject: " " }, { duties }))._tag).toBe("ValidationError")
    const badAt = fail(Platforms.plan(Platforms.visit, { ...contact, at: "next tuesday" }, { duties }))
    expect(badAt._tag === "ValidationError" && badAt.problems).toEqual([
      { path: "contact.at", message: "expected an instant (ISO-8601 string, epoch milliseconds, Date or DateTime), got \"next tuesday\"" }
    ])
  })
})

describe("Platforms.redirectCounts", () => {
  it("counts redirects per developer, most interrupted first", () => {
    const c = (id: string, via: string, receiver: string | undefined, at = mon + H): Platforms.Contact => ({
      id,
      at,
      via,
      receiver: receiver === undefined ? undefined : m(receiver),
      user: { name: "u" },
      subject: "s"
    })
    const counts = Platforms.redirectCounts(
      Platforms.visit,
      [
        c("1", "ms-teams", "cyd"),
        c("2", "hallway", "cyd"),
        c("3", "hotline", "bob"),
        c("4", "hotline", "ada"),
        c("5", "slack", undefined),
        c("6", "github-discussions", undefined),
        c("7", "hotline", "bob", mon - H)
      ],
      duties
    )
    expect(counts).toEqual({
      byMember: [
        { member: "cyd", redirects: 2, byChannel: { hallway: 1, "ms-teams": 1 } },
        { member: "bob", redirects: 1, byChannel: { hotline: 1 } }
      ],
      unattributed: 1
    })
  })
})

describe("Platforms and the forms of duties", () => {
  // a real published schedule: three members, weekly shifts from Monday 22 January 2024
  const schedule = Rotation.planSync({
    team: Team.decodeSync({ members: [{ id: "ada", name: "Ada", weight: 1 }, { id: "bob", name: "Bob", weight: 1 }, { id: "cyd", name: "Cyd", weight: 1 }] }),
    coverage: visitCoverage(),
    shifts: { start: "2024-01-22", at: "08:00", length: { weeks: 1 } },
    from: "2024-01-22T16:00:00Z",
    to: "2024-02-19T16:00:00Z"
  })
  const contact: Platforms.Contact = { id: "c9", at: mon + 8 * 24 * H, via: "ms-teams", receiver: m("zed"), user: { name: "Kim" }, subject: "Crash" }
  const sunday = mon - 20 * H // before the first shift

  it("accepts a Rotation schedule, a list in any order, or anything with duties, as Inquiry.ownerAt does", () => {
    const list = [...schedule.duties].reverse()
    const [first, second] = schedule.duties as readonly [Types.Duty, Types.Duty]
    for (const duties of [schedule, list, { duties: schedule.duties }]) {
      const plan = run(Platforms.plan(Platforms.visit, contact, { duties }))
      expect(plan.duty).toEqual(second)
      expect(plan.actions.find((a) => a._tag === "OpenInquiry")).toMatchObject({ assignee: second.primary })
      expect(Platforms.dutyFor(duties, sunday)).toEqual(first) // before any shift: the next one
      expect(Platforms.redirectCounts(Platforms.visit, [contact, { ...contact, id: "c10", at: sunday }], duties).byMember).toEqual([{
        member: "zed",
        redirects: 2,
        byChannel: { "ms-teams": 2 }
      }])
    }
  })
})

describe("off-hours contacts belong to the Primary of the next covered period", () => {
  const coverage = visitCoverage()
  // shift 4 is ada's week (Mon 22 Jan 08:00 to Mon 29 Jan 08:00 PST), shift 5 cyd's
  const week5: Types.Duty = { shift: 5, start: week4.end, end: week4.end + 7 * 24 * H, primary: m("cyd"), backup: m("dan") }
  const weeks = [week4, week5]
  const saturday = Date.UTC(2024, 0, 27, 19) // Sat 27 Jan 11:00 PST, inside ada's shift but outside coverage
  const contact: Platforms.Contact = { id: "teams-9", at: saturday, via: "ms-teams", receiver: m("bob"), user: { name: "Kim Lee" }, subject: "Crash" }

  it("a Saturday contact is the next Monday's Primary's: assigned to them and named in the redirect", () => {
    const plan = run(Platforms.plan(Platforms.visit, contact, { duties: weeks, coverage }))
    expect(plan.duty.shift).toBe(5)
    expect(plan.decision.primary).toBe("cyd")
    expect(plan.actions.find((a) => a._tag === "OpenInquiry")).toMatchObject({ assignee: "cyd" })
    const message = plan.actions.find((a) => a._tag === "Message")
    expect(message?._tag === "Message" && message.text).toContain("cyd")
    expect(message?._tag === "Message" && message.text).not.toContain("ada")
    expect(Platforms.dutyFor(weeks, saturday, coverage)).toEqual(week5)
    // a covered instant is still its own shift's
    expect(Platforms.dutyFor(weeks, Date.UTC(2024, 0, 26, 17), coverage)).toEqual(week4)
  })

  it("Inquiry.ownerAt agrees: an inquiry opened on Saturday is Monday's Primary's on Saturday too; one opened on Wednesday stays ada's", () => {
    const opened = (at: number) =>
      Inquiry.replaySync(
        Inquiry.decodeEventsSync([{
          type: "opened",
          inquiry: "support#1",
          at: new Date(at).toISOString(),
          actor: "kim",
          reporter: "kim",
          channel: "email",
          title: "?"
        }])
      )
    expect(Inquiry.ownerAt(opened(saturday), weeks, saturday + H, { coverage })).toMatchObject({ owner: "cyd", reason: "off-hours" })
    expect(Inquiry.ownerAt(opened(Date.UTC(2024, 0, 24, 17)), weeks, saturday + H, { coverage })).toMatchObject({ owner: "ada", reason: "rotation" })
    // without a calendar nothing is off-hours: the shift's Primary, as before
    expect(Inquiry.ownerAt(opened(saturday), weeks, saturday + H).owner).toBe("ada")
  })

  it("one rule: Platforms.dutyFor, Inquiry.ownerAt and redirectCounts name the same Primary for any arrival (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: week4.start - 2 * 24 * H, max: week5.end - 1 }), (at) => {
        const state = Inquiry.replaySync(
          Inquiry.decodeEventsSync([{
            type: "opened",
            inquiry: "support#1",
            at: new Date(at).toISOString(),
            actor: "kim",
            reporter: "kim",
            channel: "email",
            title: "?"
          }])
        )
        const duty = Platforms.dutyFor(weeks, at, coverage)
        expect(Inquiry.ownerAt(state, weeks, at, { coverage }).owner).toBe(duty?.primary)
        const counted = Platforms.redirectCounts(Platforms.visit, [{ ...contact, at, via: "hotline", receiver: m("cyd") }], weeks, coverage)
        expect(counted.byMember.length).toBe(duty?.primary === "cyd" ? 0 : 1)
      }),
      { numRuns: 300 }
    )
  })
})
