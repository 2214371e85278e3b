import { Effect } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Action from "../src/Action.js"
import * as Coverage from "../src/Coverage.js"
import * as Escalation from "../src/Escalation.js"
import * as Types from "../src/Types.js"
import { visitCoverage } from "./support.js"

const m = Types.MemberId.make
const H = 3_600_000
const pst = (d: number, h: number, min = 0) => Date.UTC(2024, 0, d, h + 8, min)
const visit = visitCoverage()
const team: Escalation.Roster = {
  members: [
    { id: m("ada"), tags: ["python", "docs"] },
    { id: m("bob"), tags: ["build"] },
    { id: m("cyd"), tags: ["mpi", "parallel", "classified"] },
    { id: m("dan"), tags: ["mpi"] },
    { id: m("eve"), tags: ["parallel", "classified"] }
  ]
}
const duty: Types.Duty = { shift: 4, start: pst(22, 8), end: pst(29, 8), primary: m("ada"), backup: m("bob") }
const next: Types.Duty = { shift: 5, start: pst(29, 8), end: pst(36, 8), primary: m("dan"), backup: m("eve") }
const subject: Escalation.Subject = {
  inquiry: Types.InquiryId.make("support#60"),
  title: "Parallel engine hangs at 512 ranks",
  reporter: "lee",
  phase: "open",
  openedAt: pst(23, 9),
  lastProgressAt: pst(23, 10),
  tags: ["mpi", "parallel"]
}
const ctx = (now: number, extra: Partial<Escalation.Context> = {}): Escalation.Context => ({
  duty,
  next,
  team,
  coverage: visit,
  now,
  timeZone: "America/Los_Angeles",
  ...extra
})
const suggest = (s: Escalation.Subject, now: number, extra: Partial<Escalation.Context> = {}) => Effect.runSync(Escalation.suggest(s, ctx(now, extra)))
const fail = <A, E>(e: Effect.Effect<A, E>): E => Effect.runSync(Effect.flip(e))

describe("Escalation.suggest, normal path", () => {
  it("waits while within policy, then asks the Backup after 4 covered hours", () => {
    expect(suggest(subject, pst(23, 13)).step).toBe("none") // 2 covered hours
    const s = suggest(subject, pst(23, 15)) // 10-12 and 13-15: 4 covered hours
    expect(s).toMatchObject({ step: "backup", candidates: ["bob"], noProgressMillis: 4 * H })
    expect(s.actions).toEqual([
      {
        _tag: "Notify",
        key: "support#60:s4:enlist:bob",
        member: "bob",
        inquiry: "support#60",
        text:
          "ada would appreciate your help with \"Parallel engine hangs at 512 ranks\" (support#60): no progress for 4 covered hours. If you can't take it on soon, just say so (delay or decline) so ada can plan around it; ada stays responsible for the reply to the customer."
      }
    ])
  })

  it("does not count the weekend as time without progress", () => {
    const friday = { ...subject, lastProgressAt: pst(26, 16) }
    expect(suggest(friday, pst(29, 8)).noProgressMillis).toBe(H)
  })

  it("goes to experts by tag once the Backup declines, and to promotion once they decline too", () => {
    const declined = { ...subject, enlistments: [{ member: m("bob"), at: pst(23, 15), reply: "decline" as const }] }
    const s = suggest(declined, pst(23, 16))
    expect(s).toMatchObject({ step: "experts", candidates: ["cyd", "dan"] })
    expect(Action.keys(s.actions)).toEqual(["support#60:s4:enlist:cyd", "support#60:s4:enlist:dan"])
    expect(suggest({ ...declined, enlistments: [...declined.enlistments, { member: m("cyd"), at: pst(23, 16), reply: undefined }] }, pst(23, 16, 30)).step)
      .toBe("experts")
    const allAsked = {
      ...declined,
      enlistments: [...declined.enlistments, { member: m("cyd"), at: pst(23, 16), reply: undefined }, { member: m("dan"), at: pst(23, 16), reply: undefined }, {
        member: m("eve"),
        at: pst(23, 16),
        reply: undefined
      }]
    }
    expect(suggest(allAsked, pst(23, 16, 30))).toMatchObject({ step: "none", reason: "waiting for cyd, dan, eve to answer" })
    const allDeclined = { ...allAsked, enlistments: allAsked.enlistments.map((e) => ({ ...e, reply: "decline" as const })) }
    const p = suggest(allDeclined, pst(23, 16, 30))
    expect(p.step).toBe("promote")
    expect(p.actions).toEqual([
      {
        _tag: "Notify",
        key: "support#60:s4:suggest:promote it to a product-development issue",
        member: "ada",
        inquiry: "support#60",
        text:
          "\"Parallel engine hangs at 512 ranks\" (support#60) has had no progress for 5.5 covered hours. Suggested next step: promote it to a product-development issue."
      }
    ])
  })

  it("holds while someone accepted or delayed to a time ahead, and resumes when the delay runs out", () => {
    const delayed = { ...subject, enlistments: [{ member: m("bob"), at: pst(23, 15), reply: "delay" as const, until: pst(24, 9) }] }
    expect(suggest(delayed, pst(23, 16)).step).toBe("none")
    expect(suggest(delayed, pst(24, 9, 30)).step).toBe("experts")
    expect(suggest({ ...subject, enlistments: [{ member: m("cyd"), at: pst(23, 15), reply: "accept" }] }, pst(24, 12)).step).toBe("none")
  })

  it("suggests promotion after 16 covered hours whatever happened", () => {
    expect(suggest({ ...subject, enlistments: [{ member: m("cyd"), at: pst(23, 15), reply: "accept" }] }, pst(25, 11)).step).toBe("promote")
  })

  it("leaves closed and resolved inquiries alone", () => {
    expect(suggest({ ...subject, phase: "closed" }, pst(30, 11))).toMatchObject({ step: "none", actions: [] })
  })

  it("names bad policy values", () => {
    const error = fail(Escalation.suggest(subject, ctx(pst(23, 15), { policy: { maxExperts: 0, promoteAfter: "soon" as never } })))
    expect(error.problems.map((p) => p.path)).toEqual(["policy.promoteAfter", "policy.maxExperts"])
    expect(fail(Escalation.suggest(subject, ctx(pst(23, 15), { now: "later" }))).problems.map((p) => p.path)).toEqual(["now"])
  })
})

describe("Escalation.suggest, special access", () => {
  const secret = {
    ...subject,
    inquiry: Types.InquiryId.make("support#61"),
    title: "Cannot open data on the classified cluster",
    access: "classified",
    customer: "Lee"
  }

  it("first asks the customer how soon they need a response, once", () => {
    const s = suggest(secret, pst(23, 10))
    expect(s.step).toBe("ask-required-response")
    expect(s.actions).toEqual([
      {
        _tag: "Comment",
        key: "support#61:s4:ask-required-response",
        inquiry: "support#61",
        visibility: "public",
        text:
          "Hi Lee, thanks for reaching out. Only some of our team can work with this kind of system, so to route it well: by when do you need a response? A rough answer (today, this week, next week) is plenty."
      }
    ])
    expect(suggest({ ...secret, requiredResponseAskedAt: pst(23, 10) }, pst(23, 11)).step).toBe("await-required-response")
  })

  it("leaves it to the next shift's pair when the customer can wait", () => {
    const s = suggest({ ...secret, requiredBy: pst(31, 17) }, pst(23, 11))
    expect(s).toMatchObject({ step: "next-shift", candidates: ["eve"] })
    expect(s.actions[0]?._tag === "Notify" && s.actions[0].text).toBe(
      "\"Cannot open data on the classified cluster\" (support#61) needs classified access, which ada does not have. The customer needs a response by Wed 31 Jan 2024 17:00 (UTC-08:00). Can you take it?"
    )
  })

  it("asks the qualified members now when the next shift's pair has nobody qualified, however long the customer can wait", () => {
    const unqualified: Types.Duty = { ...next, primary: m("dan"), backup: m("bob") }
    const s = suggest({ ...secret, requiredBy: pst(31, 17) }, pst(23, 11), { next: unqualified })
    expect(s).toMatchObject({ step: "special-access", candidates: ["cyd", "eve"] })
    expect(s.actions.map((a) => a._tag === "Notify" && a.member)).toEqual(["cyd", "eve"])
    // no next shift known: the same
    expect(suggest({ ...secret, requiredBy: pst(31, 17) }, pst(23, 11), { next: undefined })).toMatchObject({
      step: "special-access",
      candidates: ["cyd", "eve"]
    })
  })

  it("does not wait for a qualified member of the next pair who already declined", () => {
    const declined = { ...secret, requiredBy: pst(31, 17), enlistments: [{ member: m("eve"), at: pst(23, 10), reply: "decline" as const }] }
    expect(suggest(declined, pst(23, 11))).toMatchObject({ step: "special-access", candidates: ["cyd"] })
    // one who accepted (or has not answered yet) still counts
    expect(suggest({ ...declined, enlistments: [{ member: m("eve"), at: pst(23, 10), reply: "accept" as const }] }, pst(23, 11))).toMatchObject({
      step: "next-shift",
      candidates: ["eve"]
    })
    // the next shift starting only after the deadline does not help either
    expect(suggest({ ...secret, requiredBy: pst(29, 8) }, pst(23, 11))).toMatchObject({ step: "special-access", candidates: ["cyd", "eve"] })
  })

  it("asks the qualified members now when the customer cannot wait", () => {
    expect(suggest({ ...secret, requiredBy: pst(23, 17) }, pst(23, 11))).toMatchObject({ step: "special-access", candidates: ["cyd", "eve"] })
    const nobody = { members: team.members.map((x) => ({ ...x, tags: [] })) }
    expect(suggest({ ...secret, requiredBy: pst(23, 17) }, pst(23, 11), { team: nobody })).toMatchObject({
      step: "special-access",
      candidates: ["bob", "cyd", "dan", "eve"]
    })
  })

  it("follows the normal path when the Primary is qualified", () => {
    expect(suggest({ ...secret, owner: m("cyd") }, pst(23, 15)).step).toBe("backup")
  })

  it("treats the inquiry's tags listed in the policy's specialAccess as its access, requiring every one", () => {
    const tagged = {
      ...subject,
      inquiry: Types.InquiryId.make("support#62"),
      tags: ["mpi", "classified"],
      requiredResponseAskedAt: pst(23, 10),
      requiredBy: pst(23, 17)
    }
    // without the policy the tag is only expertise: 1 covered hour without progress is within it
    expect(suggest(tagged, pst(23, 11)).step).toBe("none")
    const policy = { specialAccess: ["classified", "export"] }
    expect(suggest(tagged, pst(23, 11), { policy })).toMatchObject({ step: "special-access", candidates: ["cyd", "eve"] })
    // two special tags: only eve holds both, and the message names both
    const both = { members: team.members.map((x) => (x.id === "eve" ? { ...x, tags: [...x.tags, "export"] } : x)) }
    const s = suggest({ ...tagged, tags: ["export", "classified"] }, pst(23, 11), { policy, team: both })
    expect(s).toMatchObject({ step: "special-access", candidates: ["eve"] })
    expect(s.reason).toContain("needs classified and export access")
    expect(fail(Escalation.suggest(tagged, ctx(pst(23, 11), { policy: { specialAccess: ["classified", ""] } }))).problems.map((p) => p.path)).toEqual([
      "policy.specialAccess[1]"
    ])
  })
})

describe("Escalation.enlist and respond", () => {
  it("enlists a team member with a note and a record", () => {
    const actions = Effect.runSync(Escalation.enlist(subject, m("dan"), "needs MPI expertise", ctx(pst(23, 11))))
    expect(actions.map((a) => a.key)).toEqual(["support#60:s4:enlist:dan", "support#60:s4:enlist-comment:dan"])
    expect(actions[1]).toMatchObject({ _tag: "Comment", visibility: "internal", text: "ada enlisted dan: needs MPI expertise" })
  })

  it("rejects an escalation to an unknown member and other mistakes with typed errors", () => {
    const unknown = fail(Escalation.enlist(subject, m("zed"), "x", ctx(pst(23, 11))))
    expect(unknown).toBeInstanceOf(Escalation.UnknownMemberError)
    expect(unknown.message).toBe("zed is not a member of the team (escalation of support#60)")
    expect(fail(Escalation.enlist(subject, m("ada"), "x", ctx(pst(23, 11))))).toMatchObject({ _tag: "EscalationError", reason: "is-primary" })
    expect(fail(Escalation.enlist({ ...subject, phase: "closed" }, m("dan"), "x", ctx(pst(23, 11))))).toMatchObject({ reason: "not-open" })
    const withBob = { ...subject, enlistments: [{ member: m("bob"), at: pst(23, 15), reply: undefined }] }
    expect(fail(Escalation.enlist(withBob, m("bob"), "x", ctx(pst(23, 11))))).toMatchObject({ reason: "already-enlisted" })
    expect(fail(Escalation.respond(withBob, m("dan"), "decline", ctx(pst(23, 11))))).toMatchObject({ reason: "not-enlisted" })
    expect(fail(Escalation.respond(withBob, m("zed"), "decline", ctx(pst(23, 11))))._tag).toBe("UnknownMemberError")
  })

  it("tells the Primary about a delay", () => {
    const withBob = { ...subject, enlistments: [{ member: m("bob"), at: pst(23, 15), reply: undefined }] }
    const actions = Effect.runSync(Escalation.respond(withBob, m("bob"), "delay", { ...ctx(pst(23, 16)), until: pst(24, 13) }))
    expect(actions[1]).toEqual({
      _tag: "Notify",
      key: "support#60:s4:enlist-reply-notify:bob:delay",
      member: "ada",
      inquiry: "support#60",
      text: "bob answered the escalation of \"Parallel engine hangs at 512 ranks\" (support#60): will get to it later until Wed 24 Jan 2024 13:00 (UTC-08:00)."
    })
  })
})

describe("Escalation properties", () => {
  it("never enlists the Primary or twice, never acts on closed inquiries, and is idempotent", () => {
    const reply = fc.constantFrom<Escalation.Reply | undefined>("accept", "delay", "decline", undefined)
    fc.assert(
      fc.property(
        fc.subarray(team.members.map((x) => x.id)),
        fc.array(reply, { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom<Escalation.Subject["phase"]>("open", "open", "resolved", "closed"),
        fc.subarray(["mpi", "parallel", "python", "build", "docs"]),
        (asked, replies, hours, phase, tags) => {
          const s: Escalation.Subject = {
            ...subject,
            phase,
            tags,
            enlistments: asked.map((member, i) => ({ member, at: pst(23, 11), reply: replies[i], until: pst(24, 10) }))
          }
          const now = Coverage.addCoveredMillis(visit, pst(23, 10), hours * H)
          const out = suggest(s, now)
          if (phase !== "open") expect(out.actions).toEqual([])
          for (const a of out.actions) {
            if (a._tag === "Notify" && a.key.includes(":enlist:")) {
              expect(a.member).not.toBe("ada")
              expect(asked).not.toContain(a.member)
            }
          }
          expect(Action.duplicateKeys(out.actions)).toEqual([])
          expect(suggest(s, now, { applied: Action.keys(out.actions) }).actions).toEqual([])
        }
      ),
      { numRuns: 200 }
    )
  })
})
