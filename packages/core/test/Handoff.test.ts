import { Effect } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Action from "../src/Action.js"
import * as Handoff from "../src/Handoff.js"
import * as Inquiry from "../src/Inquiry.js"
import * as Types from "../src/Types.js"
import { must, visitCoverage } from "./support.js"

const m = Types.MemberId.make
const q = Types.InquiryId.make
const H = 3_600_000
const pst = (d: number, h: number, min = 0) => Date.UTC(2024, 0, d, h + 8, min) // January 2024 is PST (UTC-8)
const visit = visitCoverage()
const outgoing: Types.Duty = { shift: 4, start: pst(22, 8), end: pst(29, 8), primary: m("ada"), backup: m("bob") }
const incoming: Types.Duty = { shift: 5, start: pst(29, 8), end: pst(36, 8), primary: m("cyd"), backup: m("dan") }
const run = <A, E>(e: Effect.Effect<A, E>): A => Effect.runSync(e)
const fail = <A, E>(e: Effect.Effect<A, E>): E => Effect.runSync(Effect.flip(e))

const inquiries: ReadonlyArray<Handoff.Item> = [
  {
    inquiry: q("support#50"),
    title: "Volume plot is black on macOS",
    reporter: "kim",
    customers: ["Kim", "Lee"],
    phase: "open",
    openedAt: pst(24, 10),
    firstResponse: { at: pst(24, 11) },
    owner: m("ada")
  },
  { inquiry: q("support#51"), title: "Build fails with VTK 9.3", reporter: "pat", phase: "open", openedAt: pst(26, 15), owner: m("ada"), status: "new" },
  { inquiry: q("support#52"), title: "License question", reporter: "sam", phase: "open", openedAt: pst(27, 10), owner: undefined },
  {
    inquiry: q("support#53"),
    title: "Python CLI hangs on exit",
    reporter: "ray",
    phase: "open",
    openedAt: pst(25, 9),
    firstResponse: { at: pst(25, 9, 30) },
    owner: m("ada")
  },
  { inquiry: q("support#54"), title: "Docs link broken", reporter: "kim", phase: "resolved", openedAt: pst(22, 9), owner: m("ada") },
  { inquiry: q("support#55"), title: "Old crash", reporter: "kim", phase: "closed", openedAt: pst(22, 9), owner: m("ada") },
  { inquiry: q("support#56"), title: "Mesh reader question", reporter: "joe", phase: "open", openedAt: pst(23, 9), owner: m("bob") }
]

describe("Handoff.plan", () => {
  const plan = run(
    Handoff.plan({
      outgoing,
      incoming,
      inquiries,
      carry: [{ inquiry: q("support#53"), by: m("ada"), note: "fix is in review, merging Monday" }],
      notes: { "support#50": { tried: ["reproduced on macOS 14 with an M2", "software rendering works"], next: "bisect the 3.4.0 to 3.4.1 OpenGL changes" } },
      coverage: visit,
      timeZone: "America/Los_Angeles"
    })
  )

  const byKey = (key: string) => plan.actions.find((a) => a.key === key)

  it("hands the outgoing Primary's open and unowned inquiries to the incoming Primary, except the carried one", () => {
    // issue 16 item 1: support#56, the outgoing Backup's, is handed off too (before: left out)
    expect(plan.handedOff).toEqual(["support#56", "support#50", "support#51", "support#52"])
    expect(plan.carried).toEqual(["support#53"])
    expect(plan.actions.map((a) => a.key)).toEqual([
      "support#56:s4:handoff-assign",
      "support#56:s4:handoff-comment",
      "support#50:s4:handoff-assign",
      "support#50:s4:handoff-comment",
      "support#51:s4:handoff-assign",
      "support#51:s4:handoff-comment",
      "support#52:s4:handoff-assign",
      "support#52:s4:handoff-comment",
      "support#53:s4:carry-comment",
      "support#53:s4:carry-over",
      "handoff:s4:note:cyd",
      "handoff:s4:note:dan"
    ])
    expect(byKey("support#56:s4:handoff-assign")).toEqual({
      _tag: "Assign",
      key: "support#56:s4:handoff-assign",
      inquiry: "support#56",
      assignee: "cyd",
      from: "bob",
      reason: "handoff"
    })
    expect(byKey("support#50:s4:handoff-assign")).toEqual({
      _tag: "Assign",
      key: "support#50:s4:handoff-assign",
      inquiry: "support#50",
      assignee: "cyd",
      from: "ada",
      reason: "handoff"
    })
    expect(byKey("support#52:s4:handoff-assign")).toEqual({
      _tag: "Assign",
      key: "support#52:s4:handoff-assign",
      inquiry: "support#52",
      assignee: "cyd",
      reason: "handoff"
    })
    // issue 16 item 8: the message mentions the incoming Primary ({@cyd}, filled by the tracker adapter)
    expect(byKey("support#50:s4:handoff-comment")).toEqual({
      _tag: "Comment",
      key: "support#50:s4:handoff-comment",
      inquiry: "support#50",
      visibility: "public",
      text:
        "Hi Kim and Lee, a quick note on \"Volume plot is black on macOS\": our support shift changes today, so {@cyd} is now looking after this and will pick it up from here. You don't need to repeat anything; all the details stay in this thread. Thanks for your patience!"
    })
    expect(byKey("support#53:s4:carry-comment")).toMatchObject({
      _tag: "Comment",
      visibility: "internal",
      text: "ada is close to resolving this and will see it through after the shift change."
    })
    expect(byKey("support#53:s4:carry-over")).toEqual({ _tag: "CarryOver", key: "support#53:s4:carry-over", inquiry: "support#53", member: "ada" })
  })

  it("writes one markdown note with clocks, what was tried and what is next", () => {
    expect(plan.note).toBe(
      [
        "## Support handoff: shift 4 to shift 5",
        "",
        "From ada to cyd (Primary) and dan (Backup), Mon 29 Jan 2024 08:00 (UTC-08:00).",
        "",
        "### Handed over (4)",
        "",
        // issue 16 item 1: the Backup's item is in the note, with who worked on it
        "#### support#56: Mesh reader question",
        "- Customer: joe; opened Tue 23 Jan 2024 09:00 (UTC-08:00)",
        "- Worked on by: bob (the outgoing Backup)",
        "- Response: **not answered yet**: 31 of the 4 covered h goal used, due Tue 23 Jan 2024 14:00 (UTC-08:00) (breached: answer first thing)",
        "- Open for: 31 covered h (time waiting on the reporter not counted)",
        "- Tried: nothing recorded",
        "- Next: not recorded; read the thread",
        "",
        "#### support#50: Volume plot is black on macOS",
        "- Customer: Kim and Lee; opened Wed 24 Jan 2024 10:00 (UTC-08:00)",
        // Wed 10:00-11:00 is 1 covered hour, within the 4-hour goal
        "- Response: answered Wed 24 Jan 2024 11:00 (UTC-08:00), 1 covered h after opening (4 covered h goal met)",
        "- Open for: 22 covered h (time waiting on the reporter not counted)",
        "- Tried: reproduced on macOS 14 with an M2; software rendering works",
        "- Next: bisect the 3.4.0 to 3.4.1 OpenGL changes",
        "",
        "#### support#51: Build fails with VTK 9.3",
        "- Customer: pat; opened Fri 26 Jan 2024 15:00 (UTC-08:00); status new",
        // Fri 15:00-17:00 used 2 covered hours (under the 3-hour at-risk mark); the other 2 are Mon 08:00-10:00
        "- Response: **not answered yet**: 2 of the 4 covered h goal used, 2 covered h left, due Mon 29 Jan 2024 10:00 (UTC-08:00)",
        "- Open for: 2 covered h (time waiting on the reporter not counted)",
        "- Tried: nothing recorded",
        "- Next: not recorded; read the thread",
        "",
        "#### support#52: License question",
        "- Customer: sam; opened Sat 27 Jan 2024 10:00 (UTC-08:00)",
        // opened on Saturday: nothing covered yet; the 4 hours are Mon 08:00-12:00
        "- Response: **not answered yet**: 0 of the 4 covered h goal used, 4 covered h left, due Mon 29 Jan 2024 12:00 (UTC-08:00)",
        "- Open for: 0 covered h (time waiting on the reporter not counted)",
        "- Tried: nothing recorded",
        "- Next: not recorded; read the thread",
        "",
        "### Carried to completion by ada (1)",
        "",
        "- support#53: Python CLI hangs on exit: fix is in review, merging Monday",
        ""
      ].join("\n")
    )
    const notes = plan.actions.filter((a) => a._tag === "Notify")
    expect(notes.map((n) => n._tag === "Notify" && [n.member, n.text === plan.note])).toEqual([
      ["cyd", true],
      ["dan", true]
    ])
  })

  it("counts open time on Inquiry's resolution clock: waits on the reporter are left out, a reopened inquiry counts from the reopen", () => {
    const cycle = (index: number, start: number, waits: ReadonlyArray<Inquiry.Wait>, resolvedAt?: number): Inquiry.Cycle => ({
      index,
      start,
      firstResponseAt: undefined,
      resolvedAt,
      kinds: resolvedAt === undefined ? [] : ["answered"],
      closedAt: undefined,
      closeReason: undefined,
      waits
    })
    const waited: Handoff.Item = {
      inquiry: q("support#60"),
      title: "Reader fails on a user file",
      reporter: "kim",
      phase: "open",
      openedAt: pst(24, 10),
      firstResponse: { at: pst(24, 11) },
      owner: m("ada"),
      cycles: [cycle(0, pst(24, 10), [
        { status: "waiting-on-reporter", start: pst(25, 10), end: pst(26, 10) }, // Thu 10-12, 13-17 and Fri 8-10: 8 covered h
        { status: "waiting-on-third-party", start: pst(26, 13), end: pst(26, 15) } // counted: only the reporter pauses the clock
      ])]
    }
    const reopened: Handoff.Item = {
      inquiry: q("support#61"),
      title: "Crash again",
      reporter: "lee",
      phase: "open",
      openedAt: pst(22, 9),
      firstResponse: { at: pst(22, 10) },
      owner: m("ada"),
      cycles: [cycle(0, pst(22, 9), [], pst(22, 12)), cycle(1, pst(25, 13), [])]
    }
    const p = run(Handoff.plan({ outgoing, incoming, inquiries: [waited, reopened], coverage: visit, timeZone: "America/Los_Angeles" }))
    const openFor = p.note.split("\n").filter((l) => l.startsWith("- Open for"))
    // oracle by hand: Wed 10-12, 13-17 (6) + Thu (8) + Fri (8) = 22 covered h, minus 8 waiting; the reopen: Thu 13-17 (4) + Fri (8)
    expect(openFor).toEqual([
      "- Open for: 12 covered h since it was reopened Thu 25 Jan 2024 13:00 (UTC-08:00) (time waiting on the reporter not counted)",
      "- Open for: 14 covered h (8 covered h waiting on the reporter not counted)"
    ])
    // the same from replayed events: fromInquiry passes the cycles and their waits on
    const iso = (ms: number) => new Date(ms).toISOString()
    const state = Inquiry.replaySync(
      Inquiry.decodeEventsSync([
        {
          type: "opened",
          inquiry: "support#60",
          at: iso(pst(24, 10)),
          actor: "kim",
          channel: "github-discussions",
          reporter: "kim",
          title: "Reader fails on a user file"
        },
        { type: "commented", inquiry: "support#60", at: iso(pst(24, 11)), actor: "ada", visibility: "public" },
        { type: "status-changed", inquiry: "support#60", at: iso(pst(25, 10)), actor: "ada", status: "waiting-on-reporter" },
        { type: "status-changed", inquiry: "support#60", at: iso(pst(26, 10)), actor: "kim", status: "in-progress" }
      ])
    )
    const replayed = run(Handoff.plan({ outgoing, incoming, inquiries: [Handoff.fromInquiry(state, [outgoing, incoming], outgoing.end)], coverage: visit }))
    expect(replayed.note).toContain("- Open for: 14 covered h (8 covered h waiting on the reporter not counted)")
    // without a calendar, wall-clock hours on the same clock
    const wall = run(Handoff.plan({ outgoing, incoming, inquiries: [waited] })).note.split("\n").find((l) => l.startsWith("- Open for"))
    expect(wall).toBe(`- Open for: ${(pst(29, 8) - pst(24, 10) - 24 * H) / H} h (24 h waiting on the reporter not counted)`)
  })

  it("reads the Response line from Inquiry's response clock: priority goals, at risk, breached, missed, stopped by a resolution", () => {
    const item = (n: number, openedAt: number, extra: Partial<Handoff.Item> = {}): Handoff.Item => ({
      inquiry: q(`support#${n}`),
      title: `inquiry ${n}`,
      reporter: "kim",
      phase: "open",
      openedAt,
      owner: m("ada"),
      ...extra
    })
    const goals = Inquiry.goals({ default: "4 hours", byPriority: { high: "1 hour" } })
    const items = [
      item(70, pst(26, 14)), // Fri 14-17: 3 covered h of 4, at the 75% at-risk mark
      item(71, pst(26, 16, 30), { priority: "high" }), // Fri 16:30-17:00: 0.5 of 1 h, due Mon 08:30
      item(72, pst(26, 9)), // Fri 9-12, 13-17: 7 covered h, over the 4 h goal due Fri 14:00
      item(73, pst(25, 9), { firstResponse: { at: pst(25, 14) } }), // Thu 9-12, 13-14: answered after 4 covered h
      item(74, pst(25, 10), { firstResponse: { at: pst(25, 15) }, priority: "high" }), // Thu 10-12, 13-15: 4 h against a 1 h goal
      // resolved Tue 9:00 before anyone answered, reopened Thu: the response clock stopped at 1 covered h
      item(75, pst(23, 8), {
        cycles: [
          {
            index: 0,
            start: pst(23, 8),
            firstResponseAt: undefined,
            resolvedAt: pst(23, 9),
            kinds: ["answered"],
            closedAt: undefined,
            closeReason: undefined,
            waits: []
          },
          { index: 1, start: pst(25, 8), firstResponseAt: undefined, resolvedAt: undefined, kinds: [], closedAt: undefined, closeReason: undefined, waits: [] }
        ]
      })
    ]
    const p = run(Handoff.plan({ outgoing, incoming, inquiries: items, coverage: visit, goals, timeZone: "America/Los_Angeles" }))
    const byItem = new Map(p.note.split("#### ").slice(1).map((s) => [s.slice(0, s.indexOf(":")), s.split("\n").find((l) => l.startsWith("- Response:"))]))
    expect(Object.fromEntries(byItem)).toEqual({
      "support#70": "- Response: **not answered yet**: 3 of the 4 covered h goal used, 1 covered h left, due Mon 29 Jan 2024 09:00 (UTC-08:00) (at risk)",
      "support#71": "- Response: **not answered yet**: 0.5 of the 1 covered h goal used, 0.5 covered h left, due Mon 29 Jan 2024 08:30 (UTC-08:00)",
      "support#72": "- Response: **not answered yet**: 7 of the 4 covered h goal used, due Fri 26 Jan 2024 14:00 (UTC-08:00) (breached: answer first thing)",
      "support#73": "- Response: answered Thu 25 Jan 2024 14:00 (UTC-08:00), 4 covered h after opening (4 covered h goal met)",
      "support#74": "- Response: answered Thu 25 Jan 2024 15:00 (UTC-08:00), 4 covered h after opening (1 covered h goal missed)",
      "support#75": "- Response: no response owed: resolved Tue 23 Jan 2024 09:00 (UTC-08:00) before any answer, 1 covered h after opening"
    })
    // responseGoal still sets the default goal: 3 of 3 hours used is at risk, not breached
    const three = run(
      Handoff.plan({ outgoing, incoming, inquiries: [items[0] as Handoff.Item], coverage: visit, responseGoal: "3 hours", timeZone: "America/Los_Angeles" })
    )
    expect(three.note).toContain(
      "- Response: **not answered yet**: 3 of the 3 covered h goal used, 0 covered h left, due Fri 26 Jan 2024 17:00 (UTC-08:00) (at risk)"
    )
    // fromInquiry passes the priority on
    const iso = (ms: number) => new Date(ms).toISOString()
    const state = Inquiry.replaySync(
      Inquiry.decodeEventsSync([
        {
          type: "opened",
          inquiry: "support#76",
          at: iso(pst(26, 16, 30)),
          actor: "kim",
          channel: "github-discussions",
          reporter: "kim",
          title: "Urgent",
          priority: "high"
        }
      ])
    )
    const replayed = run(
      Handoff.plan({ outgoing, incoming, inquiries: [Handoff.fromInquiry(state, [outgoing, incoming], outgoing.end)], coverage: visit, goals })
    )
    expect(replayed.note).toContain("0.5 of the 1 covered h goal used")
  })

  it("includes the acting delegate's inquiries when a delegation runs to the shift end", () => {
    const delegations: ReadonlyArray<Handoff.Delegation> = [{
      shift: 4,
      from: m("ada"),
      to: m("bob"),
      start: pst(26, 13),
      end: pst(29, 8),
      reason: "conference"
    }]
    const p = run(Handoff.plan({ outgoing, incoming, inquiries, delegations }))
    expect(p.handedOff).toEqual(["support#56", "support#50", "support#53", "support#51", "support#52"])
    expect(p.note).toContain("From bob (acting for ada) to cyd")
  })

  it("rejects carry-over marks that cannot be honoured, with typed errors", () => {
    const bad = (carry: Handoff.Carry) => fail(Handoff.plan({ outgoing, incoming, inquiries, carry: [carry] }))
    const e1 = bad({ inquiry: q("support#50"), by: m("bob") })
    expect(e1).toBeInstanceOf(Handoff.CarryOverError)
    expect(e1._tag === "CarryOverError" && e1.reason).toBe("not-outgoing-primary")
    expect(e1.message).toBe("carry-over of support#50 by bob: only the outgoing Primary (ada) may carry an inquiry past the shift end")
    expect(bad({ inquiry: q("support#99"), by: m("ada") })).toMatchObject({ reason: "unknown-inquiry" })
    expect(bad({ inquiry: q("support#56"), by: m("ada") })).toMatchObject({ reason: "not-owned" })
    expect(bad({ inquiry: q("support#55"), by: m("ada") })).toMatchObject({ reason: "not-open" })
    const v = fail(Handoff.plan({ outgoing, incoming: outgoing, inquiries: [...inquiries, ...inquiries.slice(0, 1)], notes: { "support#9": { next: "x" } } }))
    expect(v._tag === "ValidationError" && v.problems.map((p) => p.path)).toEqual(["incoming.shift", "inquiries[7].inquiry", "notes.support#9"])
    const t = fail(Handoff.plan({ outgoing, incoming, inquiries, templates: { customer: "Hi {name}" } }))
    expect(t._tag === "ValidationError" && t.problems[0]?.message).toContain("unknown placeholder {name}")
  })
})

// --- every unresolved inquiry, resumed runs, replayed history --------------

const iso = (ms: number) => new Date(ms).toISOString()
const duties = [outgoing, incoming]
const history = (id: string, rows: ReadonlyArray<Record<string, unknown>>) =>
  Inquiry.decodeEventsSync([
    { type: "opened", inquiry: id, at: iso(pst(24, 10)), actor: "kim", channel: "github-discussions", reporter: "kim", title: `Question ${id}` },
    ...rows.map((r) => ({ inquiry: id, ...r }))
  ])
const itemsOf = (histories: ReadonlyArray<ReadonlyArray<Inquiry.Event>>): ReadonlyArray<Handoff.Item> =>
  histories.map((events) => Handoff.fromInquiry(Inquiry.replaySync(events), duties, outgoing.end))
/** Executes a plan as a tracker would: its ownership events join the history at the shift end. */
const executed = (histories: ReadonlyArray<ReadonlyArray<Inquiry.Event>>, actions: ReadonlyArray<Action.Action>) => {
  const events = Handoff.toEvents(actions, { at: outgoing.end - 1, actor: "ada" })
  return histories.map((h) => [...h, ...events.filter((e) => e.inquiry === h[0]?.inquiry)])
}

describe("Handoff.plan hands off every unresolved inquiry", () => {
  const backups = history("support#80", [{ type: "assigned", at: iso(pst(25, 9)), actor: "ada", to: "bob" }])
  const enlisted = history("support#81", [
    { type: "escalated", at: iso(pst(25, 9)), actor: "ada" },
    { type: "enlisted", at: iso(pst(25, 9)), actor: "ada", member: "eve" },
    { type: "enlistment-replied", at: iso(pst(25, 10)), actor: "eve", member: "eve", reply: "accept" },
    { type: "assigned", at: iso(pst(25, 11)), actor: "ada", to: "eve" }
  ])
  const declined = history("support#82", [
    { type: "enlisted", at: iso(pst(25, 9)), actor: "ada", member: "dan" },
    { type: "enlistment-replied", at: iso(pst(25, 10)), actor: "dan", member: "dan", reply: "decline" }
  ])

  it("an open item the outgoing Backup owns goes to the incoming Primary, with a customer message and a note saying who worked on it", () => {
    const items = itemsOf([backups])
    expect(items[0]?.owner).toBe("bob")
    const p = run(Handoff.plan({ outgoing, incoming, inquiries: items, coverage: visit, timeZone: "America/Los_Angeles" }))
    expect(p.handedOff).toEqual(["support#80"])
    expect(p.actions[0]).toEqual({
      _tag: "Assign",
      key: "support#80:s4:handoff-assign",
      inquiry: "support#80",
      assignee: "cyd",
      from: "bob",
      reason: "handoff"
    })
    expect(p.actions[1]).toMatchObject({ _tag: "Comment", key: "support#80:s4:handoff-comment", visibility: "public" })
    expect(p.note).toContain("#### support#80: Question support#80")
    expect(p.note).toContain("- Worked on by: bob (the outgoing Backup)")
    // after the handoff the replayed owner and the tracker agree: the incoming Primary
    const after = Inquiry.replaySync(must(executed([backups], p.actions)[0]))
    expect(Inquiry.ownerAt(after, duties, pst(29, 9)).owner).toBe("cyd")
    expect(apply(items, p.actions).map((i) => i.owner)).toEqual(["cyd"])
  })

  it("an item an enlisted developer owns goes to the incoming Primary too; the note says whether each enlistment continues", () => {
    const p = run(Handoff.plan({ outgoing, incoming, inquiries: itemsOf([enlisted, declined]), coverage: visit, timeZone: "America/Los_Angeles" }))
    expect(p.handedOff).toEqual(["support#81", "support#82"])
    expect(p.actions.filter((a) => a._tag === "Assign").map((a) => a._tag === "Assign" && [a.inquiry, a.from, a.assignee])).toEqual([
      ["support#81", "eve", "cyd"],
      ["support#82", "ada", "cyd"]
    ])
    const section = (id: string) => must(p.note.split("#### ").find((x) => x.startsWith(id)))
    expect(section("support#81")).toContain("- Worked on by: eve (enlisted)")
    expect(section("support#81")).toContain("- Enlisted: eve (accepted; the enlistment continues)")
    expect(section("support#82")).not.toContain("Worked on by")
    expect(section("support#82")).toContain("- Enlisted: dan (declined)")
  })

  it("only the outgoing Primary may carry: a Backup's item cannot be kept past the shift end", () => {
    const e = fail(Handoff.plan({ outgoing, incoming, inquiries: itemsOf([backups]), carry: [{ inquiry: q("support#80"), by: m("ada") }] }))
    expect(e).toMatchObject({ _tag: "CarryOverError", reason: "not-owned" })
  })
})

describe("Handoff.plan and off-hours arrivals", () => {
  it("an inquiry opened on Saturday is the incoming Primary's already: listed, not reassigned or announced", () => {
    const saturday = history("support#88", []).map((e) => (e.type === "opened" ? { ...e, at: iso(pst(27, 11)) } : e))
    const item = Handoff.fromInquiry(Inquiry.replaySync(saturday), duties, outgoing.end, { coverage: visit })
    expect(item.owner).toBe("cyd")
    const p = run(Handoff.plan({ outgoing, incoming, inquiries: [item], coverage: visit }))
    expect(p.handedOff).toEqual(["support#88"])
    expect(p.actions.map((a) => a._tag)).toEqual(["Notify", "Notify"])
    expect(p.note).toContain("- Already with cyd: nothing to reassign")
  })
})

describe("Handoff.plan resumed and replayed", () => {
  const a = history("support#85", [{ type: "commented", at: iso(pst(24, 11)), actor: "ada", visibility: "public" }])
  const b = history("support#86", [{ type: "assigned", at: iso(pst(25, 9)), actor: "ada", to: "bob" }])
  const c = history("support#87", [])
  const templates = { customer: "{outgoing} handed {title} to {incoming}" }
  const input = (inquiries: ReadonlyArray<Handoff.Item>, applied?: ReadonlyArray<Action.Key>) => ({
    outgoing,
    incoming,
    inquiries,
    carry: [{ inquiry: q("support#87"), by: m("ada") }],
    templates,
    ...(applied === undefined ? {} : { applied })
  })

  it("a resumed handoff writes the customer texts from the shift-end owners, not from ownership after partial application", () => {
    const first = run(Handoff.plan(input(itemsOf([a, b, c]))))
    const assigns = first.actions.filter((x) => x._tag === "Assign")
    const comments = (p: Handoff.Plan) => p.actions.flatMap((x) => (x._tag === "Comment" && x.visibility === "public" ? [x.text] : []))
    expect(comments(first)).toEqual(["ada handed Question support#85 to cyd", "bob handed Question support#86 to cyd"])
    // only the reassignments were applied (their events are in the history), and their keys recorded
    const resumed = run(Handoff.plan(input(itemsOf(executed([a, b, c], assigns)), Action.keys(assigns))))
    expect(comments(resumed)).toEqual(comments(first))
    expect(resumed.actions.some((x) => x._tag === "Assign")).toBe(false)
    // the same from bare items whose owner the tracker already shows as the incoming Primary
    const bare = itemsOf([a, b, c]).map((i) => (i.inquiry === "support#87" ? i : { ...i, owner: m("cyd"), ownership: undefined }))
    expect(comments(run(Handoff.plan(input(bare, Action.keys(assigns)))))).not.toContain("cyd handed Question support#85 to cyd")
    expect(run(Handoff.plan(input(itemsOf(executed([a, b, c], assigns)), Action.keys(assigns)))).note).toBe(first.note)
  })

  it("re-planning from the replayed history of an executed handoff, without the applied keys, yields nothing new", () => {
    const first = run(Handoff.plan(input(itemsOf([a, b, c]))))
    const replayed = itemsOf(executed([a, b, c], first.actions))
    expect(run(Handoff.plan(input(replayed))).actions).toEqual([])
    // also without passing the carry mark again: the recorded carry-over says it is kept
    expect(run(Handoff.plan({ ...input(replayed), carry: [] })).actions).toEqual([])
    // and with the keys, as before
    expect(run(Handoff.plan(input(replayed, Action.keys(first.actions)))).actions).toEqual([])
  })
})

// --- properties ------------------------------------------------------------

const members = ["ada", "bob", "cyd", "dan", "eve"].map((id) => m(id))
const arbItem = (i: number) =>
  fc.record({
    phase: fc.constantFrom("open", "open", "resolved", "closed") as fc.Arbitrary<Handoff.Item["phase"]>,
    owner: fc.option(fc.constantFrom(...members), { nil: undefined }),
    openedAt: fc.integer({ min: pst(22, 0), max: pst(29, 7) }),
    responded: fc.boolean()
  }).map(
    (r): Handoff.Item => ({
      inquiry: q(`support#${i}`),
      title: `inquiry ${i}`,
      reporter: `user${i}`,
      phase: r.phase,
      openedAt: r.openedAt,
      firstResponse: r.responded ? { at: r.openedAt + H } : undefined,
      owner: r.owner
    })
  )
const arbWorld = fc
  .integer({ min: 0, max: 12 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbItem(i))))
  .chain((items) =>
    fc.tuple(
      fc.constant(items as ReadonlyArray<Handoff.Item>),
      fc.subarray(items.filter((i) => i.phase === "open" && i.owner === m("ada")).map((i) => i.inquiry))
    )
  )

/** A tiny in-memory tracker: applies actions to inquiry views and records keys. */
const apply = (items: ReadonlyArray<Handoff.Item>, actions: ReadonlyArray<Action.Action>) =>
  items.map((item) => {
    let next = item
    for (const a of actions) {
      if (Action.target(a) !== item.inquiry) continue
      if (a._tag === "Assign") next = { ...next, owner: a.assignee }
      if (a._tag === "Close") next = { ...next, phase: "closed" }
    }
    return next
  })

describe("Handoff.plan properties", () => {
  it("is idempotent, never targets a closed inquiry, and reassigns only to the incoming Primary", () => {
    fc.assert(
      fc.property(arbWorld, ([items, carried]) => {
        const input = { outgoing, incoming, inquiries: items, carry: carried.map((inquiry) => ({ inquiry, by: m("ada") })), coverage: visit }
        const plan = run(Handoff.plan(input))
        expect(Action.duplicateKeys(plan.actions)).toEqual([])
        const closed = new Set(items.filter((i) => i.phase === "closed").map((i) => i.inquiry as string))
        for (const a of plan.actions) {
          const t = Action.target(a)
          if (t !== undefined) expect(closed.has(t)).toBe(false)
          if (a._tag === "Assign") {
            expect(a.assignee).toBe(incoming.primary)
            expect(carried).not.toContain(a.inquiry)
          }
        }
        // oracle: the handed-off set restated from the rule (issue 16 item 1: every open item not carried, whoever owns it)
        const expected = items
          .filter((i) => i.phase === "open" && !carried.includes(i.inquiry))
          .map((i) => i.inquiry)
          .sort()
        expect([...plan.handedOff].sort()).toEqual(expected)
        const after = apply(items, plan.actions)
        const again = run(Handoff.plan({ ...input, inquiries: after, applied: Action.keys(plan.actions) }))
        expect(again.actions).toEqual([])
        // crash after half of the plan: the rerun posts exactly the rest
        const half = plan.actions.slice(0, Math.floor(plan.actions.length / 2))
        const resumed = run(Handoff.plan({ ...input, inquiries: apply(items, half), applied: Action.keys(half) }))
        expect(Action.keys(resumed.actions)).toEqual(Action.keys(plan.actions.slice(half.length)))
      }),
      { numRuns: 150 }
    )
  })

  it("does not depend on the order of inquiries or carry marks", () => {
    fc.assert(
      fc.property(arbWorld, fc.integer(), ([items, carried], seed) => {
        const rot = items.length === 0 ? 0 : Math.abs(seed) % items.length
        const shuffled = [...items.slice(rot), ...items.slice(0, rot)].reverse()
        const a = run(Handoff.plan({ outgoing, incoming, inquiries: items, carry: carried.map((inquiry) => ({ inquiry, by: m("ada") })) }))
        const b = run(Handoff.plan({ outgoing, incoming, inquiries: shuffled, carry: [...carried].reverse().map((inquiry) => ({ inquiry, by: m("ada") })) }))
        expect(b).toEqual(a)
      }),
      { numRuns: 100 }
    )
  })
})

describe("Handoff.plan over replayed histories (property)", () => {
  const arbHistory = (i: number) =>
    fc
      .record({
        openedAt: fc.integer({ min: pst(22, 8), max: pst(29, 7) }),
        owner: fc.option(fc.constantFrom("bob", "cyd", "dan", "eve"), { nil: undefined }),
        enlist: fc.option(fc.constantFrom("dan", "eve"), { nil: undefined }),
        resolved: fc.boolean()
      })
      .map((r) => {
        const id = `support#${i}`
        const t = (k: number) => iso(r.openedAt + k * 60_000)
        return Inquiry.decodeEventsSync([
          { type: "opened", inquiry: id, at: iso(r.openedAt), actor: `user${i}`, channel: "github-discussions", reporter: `user${i}`, title: `Question ${i}` },
          ...(r.enlist === undefined ? [] : [{ type: "enlisted", inquiry: id, at: t(1), actor: "ada", member: r.enlist }]),
          ...(r.owner === undefined ? [] : [{ type: "assigned", inquiry: id, at: t(2), actor: "ada", to: r.owner }]),
          ...(r.resolved ? [{ type: "resolved", inquiry: id, at: t(3), actor: "ada", kind: "answered" }] : [])
        ])
      })
  const arbWeek = fc
    .integer({ min: 0, max: 8 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbHistory(i))))
    .chain((hs) => {
      const histories = hs as ReadonlyArray<ReadonlyArray<Inquiry.Event>>
      const adas = itemsOf(histories).filter((i) => i.phase === "open" && i.owner === m("ada")).map((i) => i.inquiry)
      return fc.tuple(fc.constant(histories), fc.subarray(adas), fc.nat())
    })

  it("hands off every open inquiry; texts survive a resumed run; a re-plan from the executed history yields nothing", () => {
    fc.assert(
      fc.property(arbWeek, ([histories, carried, cut]) => {
        const input = (inquiries: ReadonlyArray<Handoff.Item>) => ({
          outgoing,
          incoming,
          inquiries,
          carry: carried.map((inquiry) => ({ inquiry, by: m("ada") })),
          templates: { customer: "{outgoing} handed {title} to {incoming}" }
        })
        const items = itemsOf(histories)
        const plan = run(Handoff.plan(input(items)))
        const open = items.filter((i) => i.phase === "open").map((i) => i.inquiry)
        expect([...plan.handedOff, ...plan.carried].sort()).toEqual([...open].sort())
        // a run that stopped after some actions: their events are in the history, their keys recorded
        const done = plan.actions.slice(0, cut % (plan.actions.length + 1))
        const resumed = run(Handoff.plan({ ...input(itemsOf(executed(histories, done))), applied: Action.keys(done) }))
        expect(resumed.actions).toEqual(plan.actions.slice(done.length))
        // everything executed: the history alone says so (a handoff that moved nothing leaves no event, so only its keys can tell)
        const replanned = run(Handoff.plan(input(itemsOf(executed(histories, plan.actions)))))
        if (plan.actions.some((a) => a._tag === "Assign" || a._tag === "CarryOver")) expect(replanned.actions).toEqual([])
        else expect(replanned.actions.map((a) => a._tag)).toEqual(plan.actions.map((a) => a._tag))
      }),
      { numRuns: 150 }
    )
  })
})

describe("Handoff.toEvents", () => {
  it("maps ownership and closing actions to Inquiry events and skips the rest", () => {
    const i = q("support#9")
    const events = Handoff.toEvents(
      [
        { _tag: "Assign", key: "a", inquiry: i, assignee: m("ada"), from: m("bob"), reason: "delegation-end" },
        { _tag: "Comment", key: "b", inquiry: i, text: "x", visibility: "public" },
        { _tag: "Close", key: "c", inquiry: i, reason: "known-issue" },
        { _tag: "Close", key: "d", inquiry: i, reason: "stale" }
      ],
      { at: "2024-01-24T21:00:00Z", actor: "ada" }
    )
    expect(events).toEqual([
      { type: "assigned", inquiry: "support#9", at: "2024-01-24T21:00:00.000Z", actor: "ada", to: "ada" },
      { type: "closed", inquiry: "support#9", at: "2024-01-24T21:00:00.000Z", actor: "ada", reason: "resolved" },
      { type: "closed", inquiry: "support#9", at: "2024-01-24T21:00:00.000Z", actor: "ada", reason: "stale" }
    ])
  })
})

describe("Handoff delegation", () => {
  it("records a formal delegation, notifies the Backup and moves the Primary's open inquiries", () => {
    const { delegation, actions } = run(
      Handoff.delegate({ duty: outgoing, from: m("ada"), start: pst(24, 13), end: pst(24, 17), reason: "dentist", inquiries, timeZone: "America/Los_Angeles" })
    )
    expect(delegation).toEqual({
      shift: 4,
      from: "ada",
      to: "bob",
      start: pst(24, 13),
      end: pst(24, 17),
      reason: "dentist",
      inquiries: ["support#50", "support#53", "support#51"]
    })
    expect(actions.map((a) => Action.describe(a))).toEqual([
      "delegate Primary from ada to bob (Wed 24 Jan 2024 21:00 (UTC+00:00) to Thu 25 Jan 2024 01:00 (UTC+00:00))",
      "notify bob: bob is standing in for ada as the support Primary from Wed 24 Jan 2024 …",
      "assign support#50 to bob (from ada)",
      "assign support#53 to bob (from ada)",
      "assign support#51 to bob (from ada)"
    ])
    const events = Handoff.toEvents(actions, { at: pst(24, 13), actor: "ada" })
    expect(events.map((e) => (e.type === "delegated" ? [e.type, e.inquiry, e.from, e.to, e.until] : [e.type]))).toEqual([
      ["delegated", "support#50", "ada", "bob", "2024-01-25T01:00:00.000Z"],
      ["delegated", "support#53", "ada", "bob", "2024-01-25T01:00:00.000Z"],
      ["delegated", "support#51", "ada", "bob", "2024-01-25T01:00:00.000Z"]
    ])
    expect(Handoff.actingPrimary(outgoing, [delegation], pst(24, 14))).toBe("bob")
    expect(Handoff.actingPrimary(outgoing, [delegation], pst(24, 17))).toBe("ada")
    const moved = apply(inquiries, actions)
    // support#56 was bob's own before the delegation: it stays with him
    const back = Handoff.undelegate(delegation, moved)
    expect(back.map((a) => Action.describe(a))).toEqual([
      "assign support#50 to ada (from bob)",
      "assign support#53 to ada (from bob)",
      "assign support#51 to ada (from bob)"
    ])
    expect(Action.keys(back)).toEqual([
      `support#50:s4:delegate-return:${pst(24, 13)}`,
      `support#53:s4:delegate-return:${pst(24, 13)}`,
      `support#51:s4:delegate-return:${pst(24, 13)}`
    ])
    expect(Handoff.undelegate(delegation, apply(moved, back), Action.keys(back))).toEqual([])
  })

  it("hands back only what the delegation moved, not what the delegate owns otherwise", () => {
    const { delegation, actions } = run(
      Handoff.delegate({ duty: outgoing, from: m("ada"), start: pst(24, 13), end: pst(24, 17), reason: "dentist", inquiries })
    )
    // during the delegation a new inquiry is assigned to bob explicitly, and support#53 is resolved
    const during: Handoff.Item = { inquiry: q("support#57"), title: "Plugin question", reporter: "uma", phase: "open", openedAt: pst(24, 14), owner: m("bob") }
    const now = [...apply(inquiries, actions).map((i) => (i.inquiry === "support#53" ? { ...i, phase: "resolved" as const } : i)), during]
    expect(Handoff.undelegate(delegation, now).map(Action.target)).toEqual(["support#50", "support#51"])
    expect(Handoff.undelegate(delegation, [...now].reverse())).toEqual(Handoff.undelegate(delegation, now))
  })

  it("without the delegation's list, reads what moved from the ownership history", () => {
    const period = { shift: 4, from: m("ada"), to: m("bob"), start: pst(24, 13), end: pst(24, 17), reason: "dentist" }
    const change = (kind: Inquiry.OwnershipChange["kind"], at: number, from?: Types.MemberId): Inquiry.OwnershipChange => ({
      kind,
      at,
      member: m("bob"),
      from,
      until: undefined
    })
    const item = (n: number, ownership: ReadonlyArray<Inquiry.OwnershipChange> | undefined): Handoff.Item => ({
      inquiry: q(`support#${n}`),
      title: `t${n}`,
      reporter: "kim",
      phase: "open",
      openedAt: pst(23, 9),
      owner: m("bob"),
      ownership
    })
    const items = [
      item(1, [change("delegated", pst(24, 13), m("ada"))]), // moved by this delegation
      item(2, [change("assigned", pst(23, 10))]), // bob's own before it
      item(3, [change("delegated", pst(24, 13), m("ada")), change("assigned", pst(24, 15))]), // moved, then assigned to bob explicitly
      item(4, [change("delegated", pst(23, 13), m("ada"))]), // an earlier delegation's
      item(5, undefined) // nothing proves it moved
    ]
    expect(Handoff.undelegate(period, items).map(Action.target)).toEqual(["support#1"])
  })

  it("rejects delegations that are not the Primary's to make", () => {
    const reason = (input: Partial<Handoff.DelegateInput>) =>
      fail(Handoff.delegate({ duty: outgoing, from: m("ada"), start: pst(24, 13), end: pst(24, 17), reason: "x", ...input }))
    expect(reason({ from: m("bob") })).toMatchObject({ _tag: "DelegationError", reason: "not-primary" })
    expect(reason({ start: "soon", end: Number.NaN })).toMatchObject({ _tag: "ValidationError", problems: [{ path: "start" }, { path: "end" }] })
    expect(reason({ to: m("ada") })).toMatchObject({ reason: "self" })
    expect(reason({ end: pst(24, 13) })).toMatchObject({ reason: "empty-period" })
    expect(reason({ end: pst(30, 13) })).toMatchObject({ reason: "outside-shift" })
    expect(fail(Handoff.delegate({ duty: { ...outgoing, backup: undefined }, from: m("ada"), start: pst(24, 13), end: pst(24, 17), reason: "x" })))
      .toMatchObject({ reason: "no-delegate" })
  })

  it("suggests a delegation when the Primary is away more than 4 covered hours", () => {
    const away = (start: number, end: number, member = m("ada")) =>
      run(Handoff.awayNotice({ member, start, end }, { duty: outgoing, coverage: visit, timeZone: "America/Los_Angeles" }))
    // Wed 13:00 to Thu 10:00 is 4 + 2 = 6 covered hours
    const s = away(pst(24, 13), pst(25, 10))
    expect(s?.coveredMillis).toBe(6 * H)
    expect(s?.actions[0]).toMatchObject({ _tag: "Notify", member: "ada" })
    expect(s?.actions[0]?._tag === "Notify" && s.actions[0].text).toBe(
      "ada, you will be away for about 6 covered hours (Wed 24 Jan 2024 13:00 (UTC-08:00) to Thu 25 Jan 2024 10:00 (UTC-08:00)) while you are the support Primary. Consider delegating the role to bob for that time so customers keep getting answers."
    )
    // Friday 17:00 to Monday 08:00 is a whole weekend but no covered time
    expect(away(pst(26, 17), pst(29, 8))).toBeUndefined()
    // exactly 4 covered hours is not more than 4
    expect(away(pst(24, 13), pst(24, 17))).toBeUndefined()
    expect(away(pst(24, 8), pst(25, 17), m("cyd"))).toBeUndefined()
  })
})
