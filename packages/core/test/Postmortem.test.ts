import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import * as Inquiry from "../src/Inquiry.js"
import * as Postmortem from "../src/Postmortem.js"
import * as Types from "../src/Types.js"
import { problemsOf, visitCoverage } from "./support.js"

const id = Types.InquiryId.make("support#44")
const incident: Postmortem.Incident = {
  inquiry: id,
  title: "Parallel engine hangs on the new cluster",
  reporter: "lee",
  usersAffected: 6,
  timeline: [
    { type: "opened", at: "2024-01-24T17:10:00Z", actor: "lee", channel: "github-discussion" },
    { type: "commented", at: "2024-01-24T17:20:00Z", actor: "lee", visibility: "public" },
    { type: "commented", at: "2024-01-24T18:00:00Z", actor: "ada", visibility: "internal" },
    { type: "commented", at: "2024-01-24T18:05:00Z", actor: "ada", visibility: "public" },
    { type: "commented", at: "2024-01-24T19:00:00Z", actor: "ada", visibility: "public" },
    { type: "effort-recorded", at: "2024-01-24T23:00:00Z", actor: "ada", minutes: 240 },
    { type: "escalated", at: "2024-01-25T17:00:00Z", actor: "ada", reason: "MPI expertise needed" },
    { type: "enlisted", at: "2024-01-25T17:01:00Z", actor: "ada", member: "bob" },
    { type: "enlistment-replied", at: "2024-01-25T18:00:00Z", actor: "bob", member: "bob", reply: "accept" },
    { type: "effort-recorded", at: "2024-01-25T23:00:00Z", actor: "bob", minutes: 300 },
    { type: "resolved", at: "2024-01-26T00:30:00Z", actor: "bob", kind: "workaround", note: "set MPICH_ASYNC_PROGRESS=1" }
  ]
}
const hour = 3_600_000

describe("Postmortem.seriousness", () => {
  it("names every threshold reached", () => {
    expect(Postmortem.seriousness(Postmortem.defaultPolicy, incident)).toEqual([
      { _tag: "Users", affected: 6 },
      { _tag: "Effort", hours: 9 }
    ])
    expect(Postmortem.seriousness({ ...Postmortem.defaultPolicy, minPeople: 2 }, { ...incident, labels: ["serious"] }).map((r) => r._tag)).toEqual([
      "Marked",
      "Users",
      "Effort",
      "People"
    ])
    expect(Postmortem.isSerious(Postmortem.defaultPolicy, { inquiry: id, title: "t", reporter: "x", timeline: [] })).toBe(false)
  })

  it("decodes a partial policy over the defaults and names bad thresholds", () => {
    expect(Effect.runSync(Postmortem.decodePolicy({ minPeople: 4 }))).toEqual({ ...Postmortem.defaultPolicy, minPeople: 4 })
    const error = Effect.runSync(Effect.flip(Postmortem.decodePolicy({ minUsersAffected: 0, minEffortHours: -2 })))
    expect(error.problems.map((p) => p.path)).toEqual(["minUsersAffected", "minEffortHours"])
  })
})

describe("Postmortem.draft", () => {
  it("writes the bullet-point postmortem with resources and milestones", () => {
    const visit = visitCoverage()
    const draft = Postmortem.draftSync(incident, { timeZone: "America/Los_Angeles", coverage: visit })
    // Wed 09:10-12:00 and 13:00-17:00, Thu 08:00-12:00 and 13:00-16:30: 2h50 + 4 + 4 + 3h30
    expect(draft.resources).toEqual({ effortHours: 9, people: ["ada", "bob"], wallMillis: 31 * hour + 20 * 60_000, coveredMillis: 14 * hour + 20 * 60_000 })
    expect(draft.resolvedAt).toBe(Date.UTC(2024, 0, 26, 0, 30))
    expect(draft.markdown).toBe(
      [
        "# Postmortem: Parallel engine hangs on the new cluster (support#44)",
        "",
        "- **What happened:** _to fill in_",
        "- **Why it happened:** _to fill in_",
        "- **Why this is a serious incident:** 6 users affected (threshold 2); 9 h of effort (threshold 8 h)",
        "- **Resources spent:** 9 h of recorded effort by 2 people (ada, bob); 31.3 h wall-clock (14.3 covered h) from opening to resolution",
        "- **Key milestones:**",
        "  - Wed 24 Jan 2024 09:10 (UTC-08:00): Opened by lee via github-discussion",
        "  - Wed 24 Jan 2024 10:05 (UTC-08:00): First reply to the customer by ada",
        "  - Thu 25 Jan 2024 09:00 (UTC-08:00): Escalated by ada: MPI expertise needed",
        "  - Thu 25 Jan 2024 09:01 (UTC-08:00): bob enlisted by ada",
        "  - Thu 25 Jan 2024 10:00 (UTC-08:00): bob answered the escalation: accept",
        "  - Thu 25 Jan 2024 16:30 (UTC-08:00): Resolved (workaround) by bob: set MPICH_ASYNC_PROGRESS=1",
        "- **Recommendations for our process:**",
        "  - _to fill in_",
        ""
      ].join("\n")
    )
  })

  it("uses a team's title and to-fill marker, and rejects unknown placeholders", () => {
    const draft = Postmortem.draftSync(incident, { templates: { title: "Incident review {inquiry}: {title}", fill: "TODO" } })
    expect(draft.markdown.split("\n").slice(0, 3)).toEqual([
      "# Incident review support#44: Parallel engine hangs on the new cluster",
      "",
      "- **What happened:** TODO"
    ])
    expect(() => Postmortem.draftSync(incident, { templates: { title: "{name}" } })).toThrow(/templates\.title: unknown placeholder \{name\}/)
  })

  it("draft is the Effect that fails with the ValidationError draftSync throws", () => {
    expect(Effect.runSync(Postmortem.draft(incident, { coverage: visitCoverage() }))).toEqual(Postmortem.draftSync(incident, { coverage: visitCoverage() }))
    const error = Effect.runSync(Effect.flip(Postmortem.draft(incident, { templates: { title: "{name}" }, now: "soon" })))
    expect(error).toBeInstanceOf(Types.ValidationError)
    expect(error.problems.map((p) => p.path)).toEqual(["templates.title", "now"])
    const badAt = { ...incident, timeline: [...incident.timeline, { type: "commented", at: "yesterday", actor: "ada" }] }
    expect(Effect.runSync(Effect.flip(Postmortem.draft(badAt))).problems).toEqual([
      {
        path: `timeline[${incident.timeline.length}].at`,
        message: "expected an instant (ISO-8601 string, epoch milliseconds, Date or DateTime), got \"yesterday\""
      }
    ])
    expect(problemsOf(() => Postmortem.draftSync(badAt)).map((p) => p.path)).toEqual([`timeline[${incident.timeline.length}].at`])
  })

  it("does not depend on the order of the timeline", () => {
    const reversed = { ...incident, timeline: [...incident.timeline].reverse() }
    expect(Postmortem.draftSync(reversed)).toEqual(Postmortem.draftSync(incident))
  })

  it("measures an unresolved incident up to now", () => {
    const open = { ...incident, timeline: incident.timeline.slice(0, 5) }
    const draft = Postmortem.draftSync(open, { now: "2024-01-24T21:10:00Z" })
    expect(draft.resolvedAt).toBeUndefined()
    expect(draft.resources.wallMillis).toBe(4 * hour)
    expect(draft.markdown).toContain("4 h wall-clock from opening to now (unresolved)")
  })
})

describe("Postmortem.missing", () => {
  it("lists resolved serious incidents without a postmortem, oldest first", () => {
    const other: Postmortem.Incident = {
      inquiry: Types.InquiryId.make("support#40"),
      title: "Docs typo",
      reporter: "kim",
      serious: true,
      timeline: [
        { type: "opened", at: "2024-01-22T17:00:00Z", actor: "kim" },
        { type: "closed", at: "2024-01-22T18:00:00Z", actor: "ada", reason: "resolved" }
      ]
    }
    const reopened: Postmortem.Incident = {
      ...other,
      inquiry: Types.InquiryId.make("support#39"),
      timeline: [...other.timeline, { type: "reopened", at: "2024-01-23T17:00:00Z", actor: "kim" }]
    }
    const done = { ...incident, inquiry: Types.InquiryId.make("support#45"), postmortem: "wiki/pm-45" }
    const minor = { ...incident, inquiry: Types.InquiryId.make("support#46"), usersAffected: 1, effortMinutes: 30 }
    const list = Postmortem.missing([incident, done, minor, reopened, other])
    expect(list.map((m) => [m.incident.inquiry, m.reasons.map((r) => r._tag)])).toEqual([
      ["support#40", ["Marked"]],
      ["support#44", ["Users", "Effort"]]
    ])
  })
})

describe("Postmortem people", () => {
  const roster = {
    members: [
      { id: Types.MemberId.make("ada"), name: "Ada Lovelace" },
      { id: Types.MemberId.make("bob"), name: "Bob Kahn" },
      { id: Types.MemberId.make("cyd"), name: "Cyd Charisse" },
      { id: Types.MemberId.make("dan"), name: "Dan Bricklin" }
    ]
  }
  const events = Inquiry.decodeEventsSync(
    [
      { type: "opened", at: "2024-01-22T17:00:00Z", actor: "kim", reporter: "kim", channel: "hotline", title: "License server down" },
      { type: "commented", at: "2024-01-22T17:05:00Z", actor: "ada", visibility: "public" },
      // Affected users chiming in are not team effort.
      { type: "commented", at: "2024-01-22T17:10:00Z", actor: "j.lee", visibility: "public" },
      { type: "commented", at: "2024-01-22T17:15:00Z", actor: "r.gupta", visibility: "public" },
      { type: "commented", at: "2024-01-22T17:20:00Z", actor: "s.kim", visibility: "public" },
      { type: "escalated", at: "2024-01-22T18:00:00Z", actor: "ada" },
      { type: "enlisted", at: "2024-01-22T18:01:00Z", actor: "ada", member: "bob" },
      { type: "enlisted", at: "2024-01-22T18:02:00Z", actor: "ada", member: "cyd" },
      { type: "enlisted", at: "2024-01-22T18:03:00Z", actor: "ada", member: "dan" },
      { type: "enlistment-replied", at: "2024-01-22T18:10:00Z", actor: "bob", member: "bob", reply: "decline" },
      { type: "enlistment-replied", at: "2024-01-22T18:11:00Z", actor: "cyd", member: "cyd", reply: "decline" },
      { type: "enlistment-replied", at: "2024-01-22T18:12:00Z", actor: "dan", member: "dan", reply: "accept" },
      { type: "effort-recorded", at: "2024-01-22T20:00:00Z", actor: "dan", minutes: 60 },
      { type: "resolved", at: "2024-01-22T21:00:00Z", actor: "dan", kind: "workaround" }
    ].map((e) => ({ inquiry: "support#90", ...e }))
  )
  const state = Inquiry.replaySync(events, { policy: Inquiry.responsePolicy({ team: roster.members.map((x) => x.id) }) })

  it("counts roster members only: affected users who commented are not people spent (fromInquiry takes the roster)", () => {
    const incident = Postmortem.fromInquiry(state, events, roster)
    expect(Postmortem.people(incident)).toEqual(["ada", "dan"])
    const draft = Postmortem.draftSync(incident)
    expect(draft.resources.people).toEqual(["ada", "dan"])
    expect(draft.markdown).toContain("1 h of recorded effort by 2 people (Ada Lovelace, Dan Bricklin)")
    expect(draft.markdown).not.toMatch(/j\.lee|r\.gupta|s\.kim/)
  })

  it("developers who declined do not count toward the people threshold: only those who worked on it", () => {
    const incident = Postmortem.fromInquiry(state, events, roster)
    expect(Postmortem.seriousness(Postmortem.defaultPolicy, incident).map((r) => r._tag)).not.toContain("People")
    // Without a roster, the declining developers still do not count.
    const bare: Postmortem.Incident = {
      inquiry: state.inquiry,
      title: state.title,
      reporter: state.reporter,
      timeline: events.filter((e) => !["j.lee", "r.gupta", "s.kim"].includes(e.actor))
    }
    expect(Postmortem.people(bare)).toEqual(["ada", "dan"])
    expect(Postmortem.isSerious({ ...Postmortem.defaultPolicy, minUsersAffected: 99, minEffortHours: 99 }, bare)).toBe(false)
  })
})
