// A realistic shift-end handoff for a VisIt-like team: coverage 08:00-12:00 and
// 13:00-17:00 Pacific, Monday to Friday, one-week shifts, a 4-covered-hour response goal.
// The week's inquiry histories are replayed, owners computed at the end of the shift,
// and the handoff plan printed: the actions an adapter would execute and the note the
// incoming Primary and Backup receive. The script checks its own output.
import { Action, Coverage, Handoff, Inquiry, Tracker, Types } from "@sre-uxdd/core"
import { Effect } from "effect"
import assert from "node:assert/strict"

const zone = "America/Los_Angeles"
const m = Types.MemberId.make
const at = (day: number, time: string) => `2024-01-${String(day).padStart(2, "0")}T${time}:00-08:00`
const coverage = Coverage.make({
  timeZone: zone,
  weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], windows: ["08:00-12:00", "13:00-17:00"] }],
  holidays: { regions: ["US"] }
})
const members = ["ada", "bob", "cyd", "dan", "eve", "fay"]
const policy = Inquiry.responsePolicy({ team: members })
// The roster: texts name members by their display names; the tracker adapter turns mentions into handles.
const names: Record<string, string> = { ada: "Ada", bob: "Bob", cyd: "Cyd", dan: "Dan", eve: "Eve", fay: "Fay" }
const team = { members: members.map((id) => ({ id: m(id), name: names[id] ?? id, handles: { github: `${id}-visit` } })) }

// The published schedule around the handoff (as Rotation would publish it).
const week = 7 * 86_400_000
const outgoing: Types.Duty = { shift: 4, start: Types.toMillis(at(22, "08:00")), end: Types.toMillis(at(29, "08:00")), primary: m("ada"), backup: m("bob") }
const incoming: Types.Duty = { shift: 5, start: outgoing.end, end: outgoing.end + week, primary: m("cyd"), backup: m("fay") }

const history = (inquiry: string, rows: ReadonlyArray<Record<string, unknown>>) => Inquiry.decodeEventsSync(rows.map((r) => ({ inquiry, ...r })))
const histories = [
  history("support#812", [
    { type: "opened", at: at(22, "09:12"), actor: "kim.r", reporter: "kim.r", channel: "github-discussion", title: "Volume plot renders black on macOS 14" },
    { type: "commented", at: at(22, "09:40"), actor: "ada", visibility: "public" },
    { type: "status-changed", at: at(22, "09:41"), actor: "ada", status: "in-progress" }
  ]),
  history("support#815", [
    {
      type: "opened",
      at: at(24, "09:00"),
      actor: "pat.s",
      reporter: "pat.s",
      channel: "github-discussion",
      title: "Parallel engine hangs at 512 ranks on Frontier"
    },
    { type: "commented", at: at(24, "09:30"), actor: "ada", visibility: "public" },
    { type: "escalated", at: at(24, "15:30"), actor: "ada", reason: "MPI expertise needed" },
    { type: "enlisted", at: at(24, "15:35"), actor: "ada", member: "dan" },
    { type: "enlistment-replied", at: at(24, "16:00"), actor: "dan", member: "dan", reply: "delay", until: at(30, "09:00") },
    { type: "status-changed", at: at(25, "10:00"), actor: "ada", status: "waiting-on-reporter" }
  ]),
  history("support#816", [
    { type: "opened", at: at(25, "13:10"), actor: "lee.p", reporter: "lee.p", channel: "support-issue", title: "Python CLI hangs on exit with 3.4.1" },
    { type: "commented", at: at(25, "13:30"), actor: "ada", visibility: "public" }
  ]),
  history("support#818", [
    { type: "opened", at: at(26, "10:00"), actor: "sam.t", reporter: "sam.t", channel: "github-discussion", title: "Where are the 3.4.1 release notes?" },
    { type: "commented", at: at(26, "10:05"), actor: "ada", visibility: "public" },
    { type: "resolved", at: at(26, "10:05"), actor: "ada", kind: "answered" },
    { type: "closed", at: at(26, "10:06"), actor: "ada", reason: "resolved" }
  ]),
  history("support#819", [
    {
      type: "opened",
      at: at(27, "11:00"),
      actor: "ray.o",
      reporter: "ray.o",
      channel: "github-discussion",
      title: "Building 3.4.1 against VTK 9.3 fails in vtkm"
    }
  ]),
  // Assigned to the Backup during the week: handed to the incoming Primary too, never skipped.
  history("support#820", [
    { type: "opened", at: at(25, "14:00"), actor: "uma.k", reporter: "uma.k", channel: "support-issue", title: "Silo reader crashes on a 3 GB file" },
    { type: "commented", at: at(25, "14:20"), actor: "bob", visibility: "public" },
    { type: "assigned", at: at(25, "14:25"), actor: "ada", to: "bob" }
  ])
]

// Owners just before the shift ends: the outgoing Primary unless an event says otherwise.
const items = histories.map((events) => {
  const state = Inquiry.replaySync(events, { policy })
  return Handoff.fromInquiry(state, [outgoing, incoming], outgoing.end, {
    url: `https://github.com/visit-dav/visit/discussions/${state.inquiry.replace("support#", "")}`
  })
})

const input: Handoff.PlanInput = {
  outgoing,
  incoming,
  inquiries: items,
  carry: [{ inquiry: Types.InquiryId.make("support#816"), by: m("ada"), note: "fix merged, waiting for Lee to confirm with the nightly" }],
  notes: {
    "support#812": {
      tried: ["reproduced on an M2 MacBook Air with 3.4.1", "software rendering (-nowin -osmesa) works", "3.4.0 renders fine"],
      next: "bisect the OpenGL context changes between 3.4.0 and 3.4.1"
    },
    "support#815": {
      tried: ["asked Pat for the engine logs with -debug 5", "dan will look on Tuesday (delayed)"],
      next: "when logs arrive, check for the known MPI_Barrier deadlock in the SIL exchange"
    }
  },
  coverage,
  timeZone: zone,
  team
}

const plan = Effect.runSync(Handoff.plan(input))

console.log("Actions for the tracker adapter:")
for (const action of plan.actions) console.log(`  ${action.key.padEnd(32)} ${Action.describe(action)}`)
const github = (member: string) => `@${member}-visit`
const toCustomer = plan.actions.find((a) => a._tag === "Comment" && a.visibility === "public")
console.log("\nA customer message, as the GitHub adapter posts it:\n")
console.log(`  ${toCustomer?._tag === "Comment" ? Tracker.renderMentions(toCustomer.text, github) : ""}`)
console.log("\nNote to the incoming Primary and Backup:\n")
console.log(plan.note)

// --- self-checks -------------------------------------------------------------
assert.deepEqual(plan.handedOff, ["support#812", "support#815", "support#820", "support#819"])
assert.deepEqual(plan.carried, ["support#816"])
for (const id of plan.handedOff) {
  const assign = plan.actions.find((a) => a._tag === "Assign" && a.inquiry === id)
  assert.ok(assign?._tag === "Assign" && assign.assignee === incoming.primary, `${id} goes to ${incoming.primary}`)
  assert.ok(plan.actions.some((a) => a._tag === "Comment" && a.inquiry === id && a.visibility === "public"), `${id}: the customer is told`)
}
assert.ok(!plan.actions.some((a) => Action.target(a) === "support#818"), "closed inquiries are left alone")
assert.ok(!plan.actions.some((a) => a._tag === "Assign" && a.inquiry === "support#816"), "the carried inquiry stays with ada")
assert.deepEqual(
  plan.actions.filter((a) => a._tag === "Notify").map((a) => (a._tag === "Notify" ? a.member : "")),
  ["cyd", "fay"]
)
assert.match(
  plan.note,
  /#### support#819: Building 3\.4\.1 against VTK 9\.3 fails in vtkm\n- Link: .*\n- Customer: ray\.o; opened Sat 27 Jan 2024 11:00 \(UTC-08:00\); status new\n- Response: \*\*not answered yet\*\*: 0 of the 4 covered h goal used, 4 covered h left/
)
assert.match(plan.note, /- Next: bisect the OpenGL context changes/)
assert.match(plan.note, /^From Ada to Cyd \(Primary\) and Fay \(Backup\)/m)
assert.match(plan.note, /#### support#820: .*\n.*\n.*\n- Worked on by: Bob \(the outgoing Backup\)/)
assert.match(plan.note, /- Enlisted: Dan \(will get to it later, from Tue 30 Jan 2024 09:00 \(UTC-08:00\); the enlistment continues\)/)
assert.ok(toCustomer?._tag === "Comment" && Tracker.renderMentions(toCustomer.text, github).includes("so @cyd-visit is now looking after this"))
assert.deepEqual(Action.duplicateKeys(plan.actions), [])
// A rerun after the executor applied everything (e.g. after a crash) posts nothing.
const rerun = Effect.runSync(Handoff.plan({ ...input, applied: Action.keys(plan.actions) }))
assert.equal(rerun.actions.length, 0)
// So does one from the replayed history alone: the executor recorded what it did as events.
const recorded = Handoff.toEvents(plan.actions, { at: outgoing.end - 1, actor: "ada" })
const replayed = histories.map((events) => {
  const state = Inquiry.replaySync([...events, ...recorded.filter((e) => e.inquiry === events[0]?.inquiry)], { policy })
  return Handoff.fromInquiry(state, [outgoing, incoming], outgoing.end)
})
assert.equal(Effect.runSync(Handoff.plan({ ...input, inquiries: replayed })).actions.length, 0)
console.log(`ok: ${plan.handedOff.length} handed off, ${plan.carried.length} carried, ${plan.actions.length} actions; rerun yields none`)
