// A week of support for a VisIt-like team (coverage 08-12 and 13-17 Pacific, Monday to
// Friday, one-week shifts, 4 covered hours response goal), walked through every
// process module: first contact, escalation, promotion, a serious incident, the
// shift-end handoff. Inquiry histories are real Inquiry events replayed into states.
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import * as Action from "../src/Action.js"
import * as Escalation from "../src/Escalation.js"
import * as Handoff from "../src/Handoff.js"
import * as Inquiry from "../src/Inquiry.js"
import * as Platforms from "../src/Platforms.js"
import * as Postmortem from "../src/Postmortem.js"
import * as Promotion from "../src/Promotion.js"
import * as Types from "../src/Types.js"
import { visitCoverage } from "./support.js"

const m = Types.MemberId.make
const zone = "America/Los_Angeles"
const at = (day: number, time: string) => `2024-01-${String(day).padStart(2, "0")}T${time}:00-08:00`
const ms = (day: number, time: string) => Types.toMillis(at(day, time))
/** Tag, key and who or what the action is for: enough to compare whole plans exactly. */
const brief = (a: Action.Action): readonly [string, string, string] => {
  switch (a._tag) {
    case "Assign":
      return [a._tag, a.key, a.assignee]
    case "Notify":
      return [a._tag, a.key, a.member]
    case "Message":
      return [a._tag, a.key, a.recipient.name]
    case "OpenInquiry":
      return [a._tag, a.key, a.assignee]
    case "Delegate":
      return [a._tag, a.key, a.to]
    default:
      return [a._tag, a.key, a.inquiry]
  }
}
const run = <A, E>(e: Effect.Effect<A, E>): A => Effect.runSync(e)

const coverage = visitCoverage()
const team: Escalation.Roster = {
  members: [
    { id: m("ada"), tags: ["python", "docs"] },
    { id: m("bob"), tags: ["build"] },
    { id: m("cyd"), tags: ["mpi", "rendering", "classified"] },
    { id: m("dan"), tags: ["mpi"] },
    { id: m("eve"), tags: ["rendering", "classified"] }
  ]
}
const policy = Inquiry.responsePolicy({ team: team.members.map((x) => x.id) })
// The published schedule: shift 4 (Mon 22 Jan 08:00 to Mon 29 Jan 08:00) and shift 5.
const week4: Types.Duty = { shift: 4, start: ms(22, "08:00"), end: ms(29, "08:00"), primary: m("ada"), backup: m("bob") }
const week5: Types.Duty = { shift: 5, start: ms(29, "08:00"), end: ms(29, "08:00") + 7 * 86_400_000, primary: m("cyd"), backup: m("dan") }
const duties = [week4, week5]

const ev = (inquiry: string, rows: ReadonlyArray<Record<string, unknown>>) => Inquiry.decodeEventsSync(rows.map((r) => ({ inquiry, ...r })))
const state = (events: ReadonlyArray<Inquiry.Event>) => Inquiry.replaySync(events, { policy })

// --- the week's histories -------------------------------------------------
const s70 = ev("support#70", [
  { type: "opened", at: at(22, "09:12"), actor: "kim", reporter: "kim", channel: "github-discussion", title: "Volume plot renders black on macOS" },
  { type: "commented", at: at(22, "09:40"), actor: "ada", visibility: "public" },
  { type: "status-changed", at: at(22, "09:41"), actor: "ada", status: "in-progress" }
])
const s72 = ev("support#72", [
  { type: "opened", at: at(24, "09:00"), actor: "pat", reporter: "pat", channel: "github-discussion", title: "Parallel engine hangs at 512 ranks" },
  { type: "commented", at: at(24, "09:30"), actor: "ada", visibility: "public" }
])
const s73 = ev("support#73", [
  { type: "opened", at: at(25, "10:00"), actor: "sam", reporter: "sam", channel: "support-issue", title: "Crash reading Silo files over 2 GB" },
  { type: "commented", at: at(25, "10:30"), actor: "ada", visibility: "public" }
])
const s74 = ev("support#74", [{
  type: "opened",
  at: at(27, "11:00"),
  actor: "ray",
  reporter: "ray",
  channel: "github-discussion",
  title: "How do I cite VisIt?"
}])
const s75 = ev("support#75", [
  { type: "opened", at: at(22, "13:30"), actor: "lee", reporter: "lee", channel: "hotline", title: "License server outage blocks all parallel runs" },
  { type: "responded", at: at(22, "13:35"), actor: "ada", channel: "hotline" },
  { type: "escalated", at: at(22, "14:00"), actor: "ada", reason: "several sites affected" },
  { type: "enlisted", at: at(22, "14:01"), actor: "ada", member: "bob" },
  { type: "enlistment-replied", at: at(22, "14:10"), actor: "bob", member: "bob", reply: "accept" },
  { type: "enlisted", at: at(22, "14:20"), actor: "ada", member: "eve" },
  { type: "enlistment-replied", at: at(22, "14:30"), actor: "eve", member: "eve", reply: "accept" },
  { type: "effort-recorded", at: at(22, "17:00"), actor: "ada", minutes: 210 },
  { type: "effort-recorded", at: at(22, "17:00"), actor: "bob", minutes: 180 },
  { type: "effort-recorded", at: at(23, "16:00"), actor: "eve", minutes: 240 },
  { type: "resolved", at: at(23, "16:00"), actor: "eve", kind: "workaround", note: "point clients at the backup license server" },
  { type: "closed", at: at(23, "16:05"), actor: "ada", reason: "resolved" }
])
// Opened by ada for Lee after the Tuesday redirect, answered and closed the next day.
const s71 = ev("support#71", [
  { type: "opened", at: at(23, "10:20"), actor: "ada", reporter: "lee", channel: "github-discussion", title: "Which MPI does the 3.4 binary need?" },
  { type: "commented", at: at(23, "10:21"), actor: "ada", visibility: "public" },
  { type: "resolved", at: at(24, "09:00"), actor: "ada", kind: "answered" },
  { type: "closed", at: at(24, "09:05"), actor: "ada", reason: "resolved" }
])
const s76 = ev("support#76", [
  { type: "opened", at: at(26, "09:00"), actor: "joe", reporter: "joe", channel: "github-discussion", title: "Python CLI hangs on exit" },
  { type: "commented", at: at(26, "09:20"), actor: "ada", visibility: "public" }
])

describe("a week of the VisIt-like team", () => {
  it("Tuesday: a chat message to a developer becomes a three-way redirect", () => {
    const contact: Platforms.Contact = {
      id: "teams-2024-01-23-1005",
      at: at(23, "10:05"),
      via: "ms-teams",
      receiver: m("cyd"),
      user: { name: "Lee Park", handle: "lpark" },
      subject: "Which MPI does the 3.4 binary need?"
    }
    const plan = run(Platforms.plan(Platforms.visit, contact, { duties, timeZone: zone }))
    expect(plan.decision).toEqual({ _tag: "Redirect", primary: "ada", reasons: ["unsupported-channel", "not-primary"] })
    // issue 16 item 8: the inquiry is opened first, and the message links to it ({inquiry}, filled by the executor)
    expect(plan.actions.map(brief)).toEqual([
      ["OpenInquiry", "contact%3Ateams-2024-01-23-1005:s4:open-inquiry", "ada"],
      ["Message", "contact%3Ateams-2024-01-23-1005:s4:redirect-message", "Lee Park"],
      ["Notify", "contact%3Ateams-2024-01-23-1005:s4:redirect-notify:ada", "ada"]
    ])
    const message = plan.actions.find((a) => a._tag === "Message")
    expect(message?._tag === "Message" && message.text).toBe(
      "Hi Lee Park, thanks for getting in touch! So that your question gets a timely answer and doesn't depend on who happens to be around, our support goes through GitHub Discussions (https://github.com/visit-dav/visit/discussions), the support repository's issues or the support hotline. ada is on support duty and will pick this up: I've passed your message on and opened a support item in GitHub Discussions for you ({inquiry}), so there's nothing more you need to do."
    )
    expect(Platforms.redirectCounts(Platforms.visit, [contact], duties).byMember).toEqual([{ member: "cyd", redirects: 1, byChannel: { "ms-teams": 1 } }])
  })

  it("Wednesday: the hang is escalated to the Backup, then to MPI experts, who all decline", () => {
    const subject = (events: ReadonlyArray<Inquiry.Event>): Escalation.Subject => Escalation.fromInquiry(state(events), { tags: ["mpi"] })
    const ctx = (now: string): Escalation.Context => ({ duty: week4, next: week5, team, coverage, now: at(24, now), timeZone: zone })
    // 09:30 to 12:00 and 13:00 to 15:30: 5 covered hours without progress
    const first = run(Escalation.suggest(subject(s72), ctx("15:30")))
    expect([first.step, first.candidates, first.noProgressMillis / 3_600_000, Action.keys(first.actions)]).toEqual(["backup", ["bob"], 5, [
      "support#72:s4:enlist:bob"
    ]])

    const bobDeclined = [
      ...s72,
      ...ev("support#72", [
        { type: "enlisted", at: at(24, "15:35"), actor: "ada", member: "bob" },
        { type: "enlistment-replied", at: at(24, "16:00"), actor: "bob", member: "bob", reply: "decline" }
      ])
    ]
    const second = run(Escalation.suggest(subject(bobDeclined), ctx("16:10")))
    expect([second.step, second.candidates, Action.keys(second.actions)]).toEqual(["experts", ["cyd", "dan"], [
      "support#72:s4:enlist:cyd",
      "support#72:s4:enlist:dan"
    ]])

    const allDeclined = [
      ...bobDeclined,
      ...ev("support#72", [
        { type: "enlisted", at: at(24, "16:15"), actor: "ada", member: "cyd" },
        { type: "enlisted", at: at(24, "16:15"), actor: "ada", member: "dan" },
        { type: "enlistment-replied", at: at(24, "16:30"), actor: "cyd", member: "cyd", reply: "decline" },
        { type: "enlistment-replied", at: at(24, "16:40"), actor: "dan", member: "dan", reply: "delay", until: at(24, "16:50") }
      ])
    ]
    expect(run(Escalation.suggest(subject(allDeclined), ctx("16:45"))).step).toBe("none") // dan's delay still runs
    const third = run(Escalation.suggest(subject(allDeclined), ctx("16:55")))
    expect([third.step, third.reason, third.actions.map((a) => a._tag === "Notify" && a.member)]).toEqual([
      "promote",
      "everyone asked declined and nobody else has matching expertise",
      ["ada"]
    ])
    expect(() => run(Escalation.enlist(subject(allDeclined), m("zoe"), "anyone?", ctx("16:55")))).toThrow("zoe is not a member of the team")
  })

  it("Thursday: the Silo crash is promoted with a reproducer, and cannot be promoted twice", () => {
    const st = state(s73)
    const actions = run(
      Promotion.plan(
        { ...st, url: "https://github.com/visit-dav/visit-support/issues/73" },
        {
          summary: "Reading a Silo file larger than 2 GB overflows a 32-bit offset in the reader.",
          reproducer: "Open `big.silo` (2.3 GB, attached) and add a Pseudocolor plot.",
          workaround: "Split the file into parts below 2 GB.",
          labels: ["bug", "reader:silo"]
        },
        { shift: 4, customer: "Sam", timeZone: zone }
      )
    )
    expect(actions.map(brief)).toEqual([
      ["CreateIssue", "support#73:s4:promote", "support#73"],
      ["Comment", "support#73:s4:promote-comment", "support#73"],
      ["AddLabel", "support#73:s4:label:promoted", "support#73"],
      ["Close", "support#73:s4:close", "support#73"]
    ])
    const create = actions[0]
    expect(create).toEqual({
      _tag: "CreateIssue",
      key: "support#73:s4:promote",
      inquiry: "support#73",
      draft: {
        title: "Crash reading Silo files over 2 GB",
        body: [
          "Promoted from support item support#73 (https://github.com/visit-dav/visit-support/issues/73).",
          "",
          "## Summary",
          "Reading a Silo file larger than 2 GB overflows a 32-bit offset in the reader.",
          "",
          "## Reproducer",
          "Open `big.silo` (2.3 GB, attached) and add a Pseudocolor plot.",
          "",
          "## Work-around",
          "Split the file into parts below 2 GB.",
          "",
          "## Reported by",
          "sam on Thu 25 Jan 2024 10:00 (UTC-08:00)"
        ].join("\n"),
        labels: ["bug", "from-support", "reader:silo"],
        supportItem: "support#73",
        supportUrl: "https://github.com/visit-dav/visit-support/issues/73"
      }
    })
    expect(actions[1]).toMatchObject({
      _tag: "Comment",
      visibility: "public",
      issueFrom: "support#73:s4:promote",
      text:
        "Hi Sam, thanks for the detailed report. Fixing this properly needs planned development work, so we have filed it as {issue} where the team will prioritise it. In the meantime, this work-around should help: Split the file into parts below 2 GB. We are closing this support item now; follow {issue} for progress."
    })
    const promoted = state([...s73, ...ev("support#73", [{ type: "promoted", at: at(25, "14:00"), actor: "ada", reference: "visit-dav/visit#19234" }])])
    const again = Effect.runSync(Effect.flip(Promotion.plan(promoted, { summary: "again" }, { shift: 4 })))
    expect(again._tag).toBe("AlreadyPromotedError")
  })

  it("the license outage is serious: its postmortem is drafted and listed until written", () => {
    const st = state(s75)
    const incident = Postmortem.fromInquiry(st, s75, team, { usersAffected: 8 })
    const draft = Postmortem.draftSync(incident, { coverage, timeZone: zone })
    expect(draft.markdown).toBe(
      [
        "# Postmortem: License server outage blocks all parallel runs (support#75)",
        "",
        "- **What happened:** _to fill in_",
        "- **Why it happened:** _to fill in_",
        "- **Why this is a serious incident:** 8 users affected (threshold 2); 10.5 h of effort (threshold 8 h); 3 people involved (threshold 3)",
        "- **Resources spent:** 10.5 h of recorded effort by 3 people (ada, bob, eve); 26.5 h wall-clock (10.5 covered h) from opening to resolution",
        "- **Key milestones:**",
        "  - Mon 22 Jan 2024 13:30 (UTC-08:00): Opened by lee via hotline",
        "  - Mon 22 Jan 2024 13:35 (UTC-08:00): First response to the customer by ada (hotline)",
        "  - Mon 22 Jan 2024 14:00 (UTC-08:00): Escalated by ada: several sites affected",
        "  - Mon 22 Jan 2024 14:01 (UTC-08:00): bob enlisted by ada",
        "  - Mon 22 Jan 2024 14:10 (UTC-08:00): bob answered the escalation: accept",
        "  - Mon 22 Jan 2024 14:20 (UTC-08:00): eve enlisted by ada",
        "  - Mon 22 Jan 2024 14:30 (UTC-08:00): eve answered the escalation: accept",
        "  - Tue 23 Jan 2024 16:00 (UTC-08:00): Resolved (workaround) by eve: point clients at the backup license server",
        "  - Tue 23 Jan 2024 16:05 (UTC-08:00): Closed (resolved) by ada",
        "- **Recommendations for our process:**",
        "  - _to fill in_",
        ""
      ].join("\n")
    )
    const others = [s70, s71, s72, s73, s74, s76].map((events) => Postmortem.fromInquiry(state(events), events, team))
    expect(Postmortem.missing([incident, ...others]).map((x) => x.incident.inquiry)).toEqual(["support#75"])
    expect(Postmortem.missing([{ ...incident, postmortem: "wiki/postmortems/2024-01-license" }, ...others])).toEqual([])
  })

  it("Thursday: ada's away notice for Friday morning suggests delegating to bob", () => {
    const s = run(Handoff.awayNotice({ member: m("ada"), start: at(25, "13:00"), end: at(26, "12:00") }, { duty: week4, coverage, timeZone: zone }))
    expect([s?.from, s?.to, (s?.coveredMillis ?? 0) / 3_600_000]).toEqual(["ada", "bob", 8])
  })

  it("Monday 08:00: the handoff moves the open items to cyd, keeps the carried one with ada", () => {
    const end = week4.end
    const closed73 = [
      ...s73,
      ...ev("support#73", [
        { type: "promoted", at: at(25, "14:00"), actor: "ada", reference: "visit-dav/visit#19234" },
        { type: "closed", at: at(25, "14:01"), actor: "ada", reason: "resolved" }
      ])
    ]
    const items = [s70, s71, s72, closed73, s74, s75, s76].map((events) => Handoff.fromInquiry(state(events), duties, end))
    const input: Handoff.PlanInput = {
      outgoing: week4,
      incoming: week5,
      inquiries: items,
      carry: [{ inquiry: Types.InquiryId.make("support#76"), by: m("ada"), note: "patch ready, the user is testing it" }],
      notes: {
        "support#70": { tried: ["reproduced on an M2 MacBook", "software rendering works"], next: "bisect the OpenGL changes between 3.4.0 and 3.4.1" },
        "support#72": { tried: ["Backup and both MPI experts declined"], next: "promote to a product issue with the stack traces" }
      },
      coverage,
      timeZone: zone
    }
    const plan = run(Handoff.plan(input))
    expect(plan.handedOff).toEqual(["support#70", "support#72", "support#74"])
    expect(plan.carried).toEqual(["support#76"])
    expect(plan.actions.map(brief)).toEqual([
      ["Assign", "support#70:s4:handoff-assign", "cyd"],
      ["Comment", "support#70:s4:handoff-comment", "support#70"],
      ["Assign", "support#72:s4:handoff-assign", "cyd"],
      ["Comment", "support#72:s4:handoff-comment", "support#72"],
      ["Assign", "support#74:s4:handoff-assign", "cyd"],
      ["Comment", "support#74:s4:handoff-comment", "support#74"],
      ["Comment", "support#76:s4:carry-comment", "support#76"],
      ["CarryOver", "support#76:s4:carry-over", "support#76"],
      ["Notify", "handoff:s4:note:cyd", "cyd"],
      ["Notify", "handoff:s4:note:dan", "dan"]
    ])
    const comment = plan.actions[5]
    expect(comment?._tag === "Comment" && [comment.visibility, comment.text]).toEqual([
      "public",
      "Hi ray, a quick note on \"How do I cite VisIt?\": our support shift changes today, so {@cyd} is now looking after this and will pick it up from here. You don't need to repeat anything; all the details stay in this thread. Thanks for your patience!"
    ])
    expect(plan.note).toBe(
      [
        "## Support handoff: shift 4 to shift 5",
        "",
        "From ada to cyd (Primary) and dan (Backup), Mon 29 Jan 2024 08:00 (UTC-08:00).",
        "",
        "### Handed over (3)",
        "",
        "#### support#70: Volume plot renders black on macOS",
        "- Customer: kim; opened Mon 22 Jan 2024 09:12 (UTC-08:00); status in-progress",
        // 09:12 to 09:40 is 28 covered minutes (shown rounded to 0.5 h), within the 4-hour goal
        "- Response: answered Mon 22 Jan 2024 09:40 (UTC-08:00), 0.5 covered h after opening (4 covered h goal met)",
        "- Open for: 38.8 covered h (time waiting on the reporter not counted)",
        "- Tried: reproduced on an M2 MacBook; software rendering works",
        "- Next: bisect the OpenGL changes between 3.4.0 and 3.4.1",
        "",
        "#### support#72: Parallel engine hangs at 512 ranks",
        "- Customer: pat; opened Wed 24 Jan 2024 09:00 (UTC-08:00); status new",
        // 09:00 to 09:30: half a covered hour, within the goal
        "- Response: answered Wed 24 Jan 2024 09:30 (UTC-08:00), 0.5 covered h after opening (4 covered h goal met)",
        "- Open for: 23 covered h (time waiting on the reporter not counted)",
        "- Tried: Backup and both MPI experts declined",
        "- Next: promote to a product issue with the stack traces",
        "",
        "#### support#74: How do I cite VisIt?",
        "- Customer: ray; opened Sat 27 Jan 2024 11:00 (UTC-08:00); status new",
        // opened on Saturday: no covered time yet; the goal's 4 hours are Mon 08:00-12:00
        "- Response: **not answered yet**: 0 of the 4 covered h goal used, 4 covered h left, due Mon 29 Jan 2024 12:00 (UTC-08:00)",
        "- Open for: 0 covered h (time waiting on the reporter not counted)",
        "- Tried: nothing recorded",
        "- Next: not recorded; read the thread",
        "",
        "### Carried to completion by ada (1)",
        "",
        "- support#76: Python CLI hangs on exit: patch ready, the user is testing it",
        ""
      ].join("\n")
    )
    // running the plan again after it was applied posts nothing
    expect(run(Handoff.plan({ ...input, applied: Action.keys(plan.actions) })).actions).toEqual([])
    // the executor records the ownership changes as Inquiry events, just before the shift ends;
    // replayed, the inquiries show the new owners and a new plan reassigns nothing
    const recorded = Handoff.toEvents(plan.actions, { at: end - 1, actor: "ada" })
    expect(recorded.map((e) => [e.type, e.inquiry, e.at])).toEqual([
      ["handed-off", "support#70", "2024-01-29T15:59:59.999Z"],
      ["handed-off", "support#72", "2024-01-29T15:59:59.999Z"],
      ["handed-off", "support#74", "2024-01-29T15:59:59.999Z"],
      ["carried-over", "support#76", "2024-01-29T15:59:59.999Z"]
    ])
    const histories = [s70, s71, s72, closed73, s74, s75, s76].map((events) => [...events, ...recorded.filter((e) => e.inquiry === events[0]?.inquiry)])
    const after = histories.map((events) => Handoff.fromInquiry(state(events), duties, end))
    expect(after.filter((i) => i.phase === "open").map((i) => [i.inquiry, i.owner])).toEqual([
      ["support#70", "cyd"],
      ["support#72", "cyd"],
      ["support#74", "cyd"],
      ["support#76", "ada"]
    ])
    const replanned = run(Handoff.plan({ ...input, inquiries: after }))
    expect(replanned.handedOff).toEqual([])
    expect(run(Handoff.plan({ ...input, inquiries: after, applied: Action.keys(plan.actions) })).actions).toEqual([])
    // after the shift change the carried inquiry stays with ada, the others are cyd's
    expect(histories.map((events) => Inquiry.ownerAt(state(events), duties, end + 3_600_000).owner)).toEqual(["cyd", "cyd", "cyd", "cyd", "cyd", "cyd", "ada"])
    // a carry-over mark by the Backup is refused
    const refused = Effect.runSync(Effect.flip(Handoff.plan({ ...input, carry: [{ inquiry: Types.InquiryId.make("support#76"), by: m("bob") }] })))
    expect(refused._tag).toBe("CarryOverError")
  })
})
