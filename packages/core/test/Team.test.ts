import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { Team, Types } from "../src/index.js"

const good = {
  members: [
    { id: "bob", name: "Bob", weight: 0.5, handles: { github: "Bob-B", email: "bob@example.org", jira: "557058:abc" }, tags: ["python", "mesh"] },
    { id: "ada", name: "Ada", weight: 1, backup: { senior: true } }
  ],
  changes: [{ member: "bob", at: "2025-06-02T00:00:00Z", kind: "weight", weight: 0.8 }],
  absences: [{ member: "ada", start: "2025-07-07T00:00:00Z", end: "2025-07-19T00:00:00Z", kind: "vacation" }]
}

const problems = (input: unknown) => {
  try {
    Team.decodeSync(input)
  } catch (e) {
    if (e instanceof Types.ValidationError) return e.problems
    throw e
  }
  throw new Error("expected a ValidationError")
}

describe("Team", () => {
  it("decodes plain JSON, sorted by id, with defaults (pause, qualified, not senior)", () => {
    const t = Team.decodeSync(good)
    expect(t.members.map((m) => m.id)).toEqual(["ada", "bob"])
    expect(t.members[1]?.backup).toEqual({ qualified: true, senior: false })
    expect(t.members[0]?.backup.senior).toBe(true)
    expect(t.absences[0]).toEqual({
      member: "ada",
      start: Date.parse("2025-07-07T00:00:00Z"),
      end: Date.parse("2025-07-19T00:00:00Z"),
      kind: "vacation",
      accrues: "pause"
    })
    expect(t.changes[0]?.weight).toBe(0.8)
  })

  it("the order of members and absences in the input does not matter", () => {
    const a = Team.decodeSync(good)
    const b = Team.decodeSync({ ...good, members: [...good.members].reverse() })
    expect(b).toEqual(a)
  })

  it("finds members by handle (GitHub and e-mail case-insensitively) and membership over time", () => {
    const t = Team.decodeSync({ ...good, changes: [...good.changes, { member: "bob", at: "2026-01-01T00:00:00Z", kind: "leave" }] })
    expect(Team.byHandle(t, "bob-b", "github")?.id).toBe("bob")
    expect(Team.byHandle(t, "BOB@example.org")?.id).toBe("bob")
    expect(Team.byHandle(t, "557058:ABC", "jira")).toBeUndefined()
    expect(Team.byHandle(t, "557058:abc", "jira")?.id).toBe("bob")
    expect(Team.isMember(t, "bob")).toBe(true)
    expect(Team.isMember(t, "bob", "2025-12-31T23:59:59Z")).toBe(true)
    expect(Team.isMember(t, "bob", "2026-01-01T00:00:00Z")).toBe(false)
    expect(Team.isMember(t, "zed")).toBe(false)
  })

  it("rejects weight 0 or above 1, duplicate ids and handles, with paths and values", () => {
    expect(problems({ members: [{ id: "a", name: "A", weight: 0 }] })).toEqual([{
      path: "members[0].weight",
      message: "expected a number in (0, 1] (percent-time), got 0"
    }])
    expect(problems({ members: [{ id: "a", name: "A", weight: 1.5 }] })[0]?.path).toBe("members[0].weight")
    expect(problems({ members: [{ id: "a", name: "A", weight: 1 }, { id: "a", name: "A2", weight: 1 }] })).toEqual([
      { path: "members[1].id", message: "duplicate member id \"a\"" }
    ])
    expect(
      problems({
        members: [
          { id: "a", name: "A", weight: 1, handles: { github: "x" } },
          { id: "b", name: "B", weight: 1, handles: { github: "X" } }
        ]
      })[0]?.path
    ).toBe("members[1].handles.github")
  })

  it("rejects an absence that ends before it starts, unknown members, bad instants and inconsistent changes", () => {
    const members = [{ id: "a", name: "A", weight: 1 }]
    expect(problems({ members, absences: [{ member: "a", start: "2025-01-10T00:00:00Z", end: "2025-01-03T00:00:00Z" }] })[0]?.path).toBe("absences[0].end")
    expect(problems({ members, absences: [{ member: "z", start: "2025-01-01T00:00:00Z", end: "2025-01-03T00:00:00Z" }] })).toEqual([
      { path: "absences[0].member", message: "unknown member \"z\"" }
    ])
    expect(problems({ members, absences: [{ member: "a", start: "soon", end: "2025-01-03T00:00:00Z" }] })[0]?.path).toBe("absences[0].start")
    expect(problems({ members, changes: [{ member: "a", at: "2025-01-01T00:00:00Z", kind: "weight" }] })[0]?.path).toBe("changes[0].weight")
    expect(
      problems({
        members,
        changes: [
          { member: "a", at: "2025-02-01T00:00:00Z", kind: "join" },
          { member: "a", at: "2025-01-01T00:00:00Z", kind: "leave" }
        ]
      })[0]?.message
    ).toContain("leaves before joining")
  })

  it("decode fails the Effect with the same ValidationError", async () => {
    const e = await Effect.runPromise(Effect.flip(Team.decode({ members: [{ id: "", name: "A", weight: 1 }] })))
    expect(e._tag).toBe("ValidationError")
    expect(e.problems[0]?.path).toBe("members[0].id")
  })

  it("imports absences from iCalendar text: all-day in the team zone, TZID, UTC, categories, attendee e-mail", () => {
    const t = Team.decodeSync(good)
    const ics = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//test//EN",
      "BEGIN:VEVENT",
      "UID:1@test",
      "DTSTAMP:20250101T000000Z",
      "SUMMARY:Vacation",
      "CATEGORIES:VACATION",
      "ATTENDEE;CN=Bob:mailto:BOB@example.org",
      "DTSTART;VALUE=DATE:20250707",
      "DTEND;VALUE=DATE:20250719",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:2@test",
      "DTSTAMP:20250101T000000Z",
      "SUMMARY:Conference",
      "CATEGORIES:TRAVEL",
      "X-SRE-ACCRUES:owe",
      "DTSTART;TZID=America/Los_Angeles:20250310T080000",
      "DTEND;TZID=America/Los_Angeles:20250312T170000",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:3@test",
      "DTSTAMP:20250101T000000Z",
      "SUMMARY:Training",
      "CATEGORIES:TRAINING",
      "DTSTART:20250401T150000Z",
      "DTEND:20250403T000000Z",
      "END:VEVENT",
      "END:VCALENDAR"
    ].join("\r\n")
    const byMail = Team.absencesFromICalendar(t, ics, {
      timeZone: "America/Los_Angeles",
      member: "bob"
    })
    expect(byMail.map((a) => [a.kind, a.accrues, new Date(a.start).toISOString(), new Date(a.end).toISOString()])).toEqual([
      ["travel", "owe", "2025-03-10T15:00:00.000Z", "2025-03-13T00:00:00.000Z"],
      ["training", "pause", "2025-04-01T15:00:00.000Z", "2025-04-03T00:00:00.000Z"],
      ["vacation", "pause", "2025-07-07T07:00:00.000Z", "2025-07-19T07:00:00.000Z"]
    ])
    // Without a member, the ATTENDEE e-mail names Bob; events without one are errors.
    const noAttendee = (): unknown => Team.absencesFromICalendar(t, ics)
    expect(noAttendee).toThrow(Types.ValidationError)
    const only = ics.replace(/BEGIN:VEVENT\r\nUID:2[\s\S]*?END:VEVENT\r\n/, "").replace(/BEGIN:VEVENT\r\nUID:3[\s\S]*?END:VEVENT\r\n/, "")
    expect(Team.absencesFromICalendar(t, only).map((a) => a.member)).toEqual(["bob"])
    const added = Team.withAbsences(t, byMail)
    expect(added.absences.length).toBe(4)
    expect(() => Team.absencesFromICalendar(t, "not a calendar")).toThrow(Types.ValidationError)
    expect(() => Team.absencesFromICalendar(t, only.replace("DTEND;VALUE=DATE:20250719", "DTEND;VALUE=DATE:20250719\r\nRRULE:FREQ=YEARLY"))).toThrow(
      /recurring/
    )
  })
})
