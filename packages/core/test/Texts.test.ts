// Texts for people (issue 16 item 8): display names from the roster, mentions through the
// placeholder the tracker adapter fills, links to what an executor creates, plain English.
import { Effect } from "effect"
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import type * as Action from "../src/Action.js"
import * as Config from "../src/Config.js"
import * as Coverage from "../src/Coverage.js"
import * as Escalation from "../src/Escalation.js"
import * as Handoff from "../src/Handoff.js"
import * as Platforms from "../src/Platforms.js"
import * as Promotion from "../src/Promotion.js"
import * as Tracker from "../src/Tracker.js"
import * as Types from "../src/Types.js"
import { must } from "./support.js"

const m = Types.MemberId.make
const q = Types.InquiryId.make
const H = 3_600_000
const run = <A, E>(e: Effect.Effect<A, E>): A => Effect.runSync(e)
const team = {
  members: [
    { id: m("ada"), name: "Ada Lovelace", tags: ["python"], handles: { github: "ada-l" } },
    { id: m("bob"), name: "Bob Kahn", tags: ["build"] },
    { id: m("cyd"), name: "Cyd Charisse", tags: ["mpi"], handles: { github: "cyd-c" } },
    { id: m("dan"), name: "Dan Bricklin", tags: ["mpi"] }
  ]
}
const handleOf = (member: string) => {
  const who = team.members.find((x) => x.id === member)
  return who?.handles?.github === undefined ? (who?.name ?? member) : `@${who.handles.github}`
}
const outgoing: Types.Duty = { shift: 4, start: 0, end: 7 * 24 * H, primary: m("ada"), backup: m("bob") }
const incoming: Types.Duty = { shift: 5, start: 7 * 24 * H, end: 14 * 24 * H, primary: m("cyd"), backup: m("dan") }
const item: Handoff.Item = { inquiry: q("support#7"), title: "Crash", reporter: "kim", customers: ["Kim"], phase: "open", openedAt: H, owner: m("ada") }
const textOf = (actions: ReadonlyArray<Action.Action>, tag: Action.Action["_tag"]): string => {
  const a = actions.find((x) => x._tag === tag)
  return a !== undefined && "text" in a ? a.text : ""
}

describe("Texts for people", () => {
  it("the customer's handoff message mentions the incoming Primary through the placeholder the tracker adapter fills", () => {
    const plan = run(Handoff.plan({ outgoing, incoming, inquiries: [item], team }))
    const comment = textOf(plan.actions, "Comment")
    expect(comment).toContain(`so ${Tracker.mention("cyd")} is now looking after this`)
    expect(Tracker.renderMentions(comment, handleOf)).toContain("so @cyd-c is now looking after this")
  })

  it("handoff texts name members by their display names, never bare ids", () => {
    const plan = run(Handoff.plan({ outgoing, incoming, inquiries: [item], team, templates: { customer: "{outgoing} handed {title} to {incoming}" } }))
    expect(textOf(plan.actions, "Comment")).toBe("Ada Lovelace handed Crash to Cyd Charisse")
    expect(plan.note).toContain("From Ada Lovelace to Cyd Charisse (Primary) and Dan Bricklin (Backup)")
    const carried = run(Handoff.plan({ outgoing, incoming, inquiries: [item], team, carry: [{ inquiry: q("support#7"), by: m("ada") }] }))
    expect(textOf(carried.actions, "Comment")).toBe("Ada Lovelace is close to resolving this and will see it through after the shift change.")
    expect(carried.note).toContain("### Carried to completion by Ada Lovelace (1)")
    const { actions } = run(Handoff.delegate({ duty: outgoing, from: m("ada"), start: H, end: 2 * H, reason: "dentist", team }))
    expect(textOf(actions, "Notify")).toMatch(/^Bob Kahn is standing in for Ada Lovelace as the support Primary/)
    const away = run(Handoff.awayNotice({ member: m("ada"), start: 0, end: 6 * H }, { duty: outgoing, coverage: Coverage.always(), team }))
    expect(textOf(must(away).actions, "Notify")).toMatch(/^Ada Lovelace, you will be away .* delegating the role to Bob Kahn/)
  })

  it("escalation texts name members by their display names", () => {
    const subject: Escalation.Subject = {
      inquiry: q("support#9"),
      title: "MPI hang",
      reporter: "kim",
      phase: "open",
      openedAt: 0,
      enlistments: [{ member: m("dan"), at: H, reply: undefined }]
    }
    const ctx: Escalation.Context = { duty: outgoing, team, coverage: Coverage.always(), now: 2 * H }
    const enlist = run(Escalation.enlist(subject, m("cyd"), "MPI expertise needed", ctx))
    expect(textOf(enlist, "Notify")).toMatch(/^Ada Lovelace would appreciate your help/)
    expect(textOf(enlist, "Comment")).toBe("Ada Lovelace enlisted Cyd Charisse: MPI expertise needed")
    expect(textOf(run(Escalation.respond(subject, m("dan"), "accept", ctx)), "Comment")).toMatch(/^Dan Bricklin answered the escalation/)
  })

  it("the redirect names the Primary by display name and links to the inquiry opened for the user", () => {
    const contact: Platforms.Contact = { id: "c1", at: H, via: "ms-teams", receiver: m("bob"), user: { name: "Kim Lee" }, subject: "Crash" }
    const plan = run(Platforms.plan(Platforms.visit, contact, { duties: [outgoing], team }))
    const open = must(plan.actions.find((a) => a._tag === "OpenInquiry"))
    const message = must(plan.actions.find((a) => a._tag === "Message"))
    expect(message._tag === "Message" && message.inquiryFrom).toBe(open.key)
    // the inquiry is opened first, so the executor knows its link when it sends the message
    expect(plan.actions.indexOf(open)).toBeLessThan(plan.actions.indexOf(message))
    const text = message._tag === "Message" ? message.text : ""
    expect(text).toContain("Ada Lovelace is on support duty")
    expect(text).toContain("{inquiry}")
    expect(text).not.toMatch(/\bada\b/)
    expect(textOf(plan.actions, "Notify")).toBe(
      "Kim Lee contacted Bob Kahn via ms-teams about \"Crash\". An inquiry was opened on their behalf in GitHub Discussions; it is yours to answer."
    )
    expect(open._tag === "OpenInquiry" && open.body).toContain("who contacted Bob Kahn via ms-teams")
  })

  it("the promotion comment ends the work-around's sentence before the next one", () => {
    const subject = { inquiry: q("support#41"), title: "Crash", reporter: "kim", openedAt: 0, phase: "open" as const, promotions: [] }
    const plan = run(Promotion.plan(subject, { summary: "Reader overflows.", workaround: "restart the engine" }, { shift: 4 }))
    const comment = textOf(plan, "Comment")
    expect(comment).toContain("this work-around should help: restart the engine. We are closing")
    // a work-around that already ends a sentence gets no second period
    const done = run(Promotion.plan(subject, { summary: "Reader overflows.", workaround: "Restart the engine!" }, { shift: 4 }))
    expect(textOf(done, "Comment")).toContain("should help: Restart the engine! We are closing")
  })

  it("the example profile's redirect reads as English with several channels", () => {
    const profile = Config.fromText(readFileSync(new URL("../../../examples/visit-team.yaml", import.meta.url), "utf8"))
    const contact: Platforms.Contact = { id: "c2", at: H, via: "hallway", receiver: m("bob"), user: { name: "Kim" }, subject: "Crash" }
    const plan = run(Platforms.plan(must(profile.platforms), contact, { duties: [outgoing], templates: profile.templates.platforms }))
    const text = textOf(plan.actions, "Message")
    expect(text).not.toMatch(/next time [^,]/)
    expect(text).toContain(
      "Next time, any of GitHub Discussions (https://github.com/visit-dav/visit/discussions), the support repository's issues or the support hotline reaches the whole team."
    )
  })
})
