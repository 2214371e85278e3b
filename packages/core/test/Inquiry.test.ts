import { Effect, Result, Schema } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { fastDecode, fastFields } from "../src/internal/inquiry/decode.js"
import { parseInstant } from "../src/internal/inquiry/instant.js"
import * as Coverage from "../src/Coverage.js"
import * as Inquiry from "../src/Inquiry.js"
import * as Types from "../src/Types.js"
import { problemsOf } from "./support.js"

const DAY = 86_400_000
const HOUR = 3_600_000
const iso = (ms: number): string => new Date(ms).toISOString()
const T0 = Date.UTC(2023, 0, 1)
const ID = "support#1"

type Json = Record<string, unknown>
const ev = (type: string, at: number, actor: string, extra: Json = {}): Json => ({ type, inquiry: ID, at: iso(at), actor, ...extra })
const opened = (at = T0, actor = "issue_owner", extra: Json = {}): Json =>
  ev("opened", at, actor, { reporter: actor, channel: "github-issue", title: "It breaks", ...extra })
const comment = (at: number, actor: string, visibility = "public"): Json => ev("commented", at, actor, { visibility })

const team = ["ada", "bob", "cy", "other_user", "ignored_user", "sre-bot"]
const policy = Inquiry.responsePolicy({ team, bots: ["sre-bot"], ignored: ["ignored_user"] })
const run = (events: ReadonlyArray<Json>, p: Inquiry.ResponsePolicy = policy): Inquiry.State =>
  Inquiry.replaySync(Inquiry.decodeEventsSync(events), { policy: p })
const replayError = (events: ReadonlyArray<Json>, p: Inquiry.ResponsePolicy = policy): Inquiry.ReplayError => {
  const r = Inquiry.replayResult(Inquiry.decodeEventsSync(events), { policy: p })
  if (Result.isSuccess(r)) throw new Error("expected a replay error")
  return r.failure
}
const ttfr = (s: Inquiry.State): number | undefined => (s.firstResponse === undefined ? undefined : s.firstResponse.at - s.openedAt)

/** One event of every type, with every optional field. */
const everyType: ReadonlyArray<Json> = [
  opened(T0, "issue_owner", { labels: ["bug"], priority: "high" }),
  comment(T0 + 1, "ada", "internal"),
  ev("responded", T0 + 2, "ada", { channel: "hotline" }),
  ev("status-changed", T0 + 3, "ada", { status: "waiting-on-reporter" }),
  ev("reprioritized", T0 + 4, "ada", { priority: "normal" }),
  ev("escalated", T0 + 5, "ada", { reason: "needs HPC access" }),
  ev("enlisted", T0 + 6, "ada", { member: "bob" }),
  ev("enlistment-replied", T0 + 7, "bob", { member: "bob", reply: "delay", until: iso(T0 + DAY) }),
  ev("delegated", T0 + 8, "ada", { from: "ada", to: "bob", until: iso(T0 + DAY) }),
  ev("handed-off", T0 + 9, "ada", { from: "ada", to: "cy" }),
  ev("carried-over", T0 + 10, "ada", { member: "ada" }),
  ev("assigned", T0 + 11, "ada", { to: "cy" }),
  ev("marked-serious", T0 + 12, "ada"),
  ev("effort-recorded", T0 + 13, "ada", { minutes: 30 }),
  ev("resolved", T0 + 14, "ada", { kind: "workaround", note: "use 3.3" }),
  ev("promoted", T0 + 15, "ada", { reference: "visit#123" }),
  ev("closed", T0 + 16, "ada", { reason: "duplicate", duplicateOf: "support#0" }),
  ev("reopened", T0 + 17, "issue_owner")
]

describe("Inquiry events", () => {
  it("decodes every event type and encodes it back unchanged", () => {
    const decoded = Inquiry.decodeEventsSync(everyType)
    expect(new Set(decoded.map((e) => e.type))).toEqual(new Set(Inquiry.eventTypes))
    expect(decoded.map(Inquiry.encodeEvent)).toEqual(everyType)
    expect(JSON.parse(JSON.stringify(decoded))).toEqual(everyType)
  })

  it("rejects an unknown event type, naming its position and the known types", () => {
    const error = (() => {
      try {
        Inquiry.decodeEventsSync([opened(), ev("liked", T0 + 1, "ada")])
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(Types.ValidationError)
    const v = error as Types.ValidationError
    expect(v.problems).toHaveLength(1)
    expect(v.problems[0]?.path).toBe("[1].type")
    expect(v.problems[0]?.message).toContain("got \"liked\"")
    expect(v.problems[0]?.message).toContain("\"opened\"")
  })

  it("reports every bad event (missing timestamp, zone-less instant, bad enum), none dropped", () => {
    const { at: _at, ...noTime } = comment(T0 + 1, "ada")
    let error: unknown
    try {
      Inquiry.decodeEventsSync([
        opened(),
        noTime,
        { ...comment(T0 + 2, "ada"), at: "2023-01-01 10:00" },
        { ...comment(T0 + 3, "ada"), visibility: "secret" },
        42
      ])
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(Types.ValidationError)
    const problems = (error as Types.ValidationError).problems
    expect(problems.map((p) => p.path)).toEqual(["[1].at", "[2].at", "[3].visibility", "[4]"])
    expect(problems[0]?.message).toBe("Missing key")
    expect(problems[1]?.message).toContain("\"2023-01-01 10:00\"")
    expect(problems[3]?.message).toContain("42")
  })

  it("rejects a non-array and calendar-impossible dates; the Effect decoder fails with the same error", async () => {
    expect(() => Inquiry.decodeEventsSync({ events: [] })).toThrow(Types.ValidationError)
    expect(() => Inquiry.decodeEventSync({ ...comment(T0, "ada"), at: "2024-02-31T10:00:00Z" })).toThrow(/ISO-8601/)
    const failed = await Effect.runPromise(Effect.flip(Inquiry.decodeEvents([{ type: "opened" }])))
    expect(failed._tag).toBe("ValidationError")
    expect(failed.problems.map((p) => p.path)).toContain("[0].at")
  })

  it("accepts instants with offsets and reads them as the same instant", () => {
    const s = run([opened(T0, "u", { at: "2023-01-01T09:00:00+09:00" }), { ...comment(0, "ada"), at: "2023-01-01T00:30:00.5Z" }])
    expect(s.openedAt).toBe(Date.UTC(2023, 0, 1, 0))
    expect(s.firstResponse?.at).toBe(Date.UTC(2023, 0, 1, 0, 30, 0, 500))
  })
})

// sla-anchors.md §3, issue-metrics cases in words, adapted: PR reviews become public
// comments (the first of comment/review wins either way), "ready for review" has no
// counterpart (our clock always starts at opening).
describe("Inquiry: issue-metrics cases (sla-anchors §3)", () => {
  it("1. first comment wins: comments at +1 d and +1.5 d give 1 d", () => {
    expect(ttfr(run([opened(), comment(T0 + DAY, "other_user"), comment(T0 + 1.5 * DAY, "ada")]))).toBe(DAY)
  })

  it("2. no comments: no response (undefined), not zero", () => {
    const s = run([opened()])
    expect(s.firstResponse).toBeUndefined()
  })

  it("4/5. earliest of two responses wins whatever the input order", () => {
    expect(ttfr(run([opened(), comment(T0 + 2 * DAY, "bob"), comment(T0 + DAY, "ada")]))).toBe(DAY)
    expect(ttfr(run([opened(), comment(T0 + DAY, "ada"), comment(T0 + 2 * DAY, "bob")]))).toBe(DAY)
  })

  it("7. ignored users do not count: ignored at +1 d/+2 d, others at +4 d/+3 d give 3 d", () => {
    const s = run([
      opened(),
      comment(T0 + DAY, "ignored_user"),
      comment(T0 + 4 * DAY, "other_user"),
      comment(T0 + 2 * DAY, "ignored_user"),
      comment(T0 + 3 * DAY, "bob")
    ])
    expect(ttfr(s)).toBe(3 * DAY)
    expect(s.firstResponse?.by).toBe("bob")
  })

  it("9. only ignored users commented: no response", () => {
    expect(run([opened(), comment(T0 + DAY, "ignored_user")]).firstResponse).toBeUndefined()
  })

  it("10. the reporter's own comments are skipped, even when the reporter is on the team", () => {
    const s = run([opened(T0, "ada"), comment(T0 + DAY, "ada"), comment(T0 + 2 * DAY, "ada"), comment(T0 + 3 * DAY, "bob")])
    expect(ttfr(s)).toBe(3 * DAY)
  })

  it("11. bots are skipped (listed or [bot] suffix): human at +3 d gives 3 d", () => {
    const s = run(
      [opened(), comment(T0 + DAY, "sre-bot"), comment(T0 + 2 * DAY, "github-actions[bot]"), comment(T0 + 3 * DAY, "cy")],
      Inquiry.responsePolicy({ team: [...team, "github-actions[bot]"], bots: ["sre-bot"] })
    )
    expect(ttfr(s)).toBe(3 * DAY)
  })

  it("a zero response time is valid, not missing (sla-anchors §2 #15)", () => {
    const s = run([opened(), comment(T0, "ada")])
    expect(s.firstResponse).toBeDefined()
    expect(ttfr(s)).toBe(0)
  })

  it("an internal note never counts; a non-member's public comment does not either", () => {
    expect(run([opened(), comment(T0 + HOUR, "ada", "internal"), comment(T0 + 2 * HOUR, "stranger")]).firstResponse).toBeUndefined()
  })

  it("without a roster, issue-metrics' fallback applies: anyone but the reporter, bots and ignored users", () => {
    const s = run([opened(), comment(T0 + HOUR, "issue_owner"), comment(T0 + 2 * HOUR, "x[bot]"), comment(T0 + 3 * HOUR, "stranger")], Inquiry.responsePolicy())
    expect(ttfr(s)).toBe(3 * HOUR)
  })

  it("opened by a team member on a user's behalf: the clock starts at opening, the next public team comment answers", () => {
    const s = run([opened(T0, "ada", { reporter: "user:zoe" }), comment(T0 + HOUR, "ada", "internal"), comment(T0 + 2 * HOUR, "ada")])
    expect(s.openedAt).toBe(T0)
    expect(s.reporter).toBe("user:zoe")
    expect(ttfr(s)).toBe(2 * HOUR)
  })

  it("13/14. time to close is the last close; an open inquiry has none", () => {
    const s = run([opened(Date.UTC(2021, 0, 1)), ev("closed", Date.UTC(2021, 0, 3), "ada", { reason: "resolved" })])
    expect((s.cycles.at(-1)?.closedAt ?? Number.NaN) - s.openedAt).toBe(2 * DAY)
    expect(run([opened()]).cycles[0]?.closedAt).toBeUndefined()
  })

  it("18. ignored users and reporters: bob's issue answered at +2 d and closed at +3 d", () => {
    const s = run([opened(T0, "bob_user"), comment(T0 + 2 * DAY, "other_user"), ev("closed", T0 + 3 * DAY, "other_user", { reason: "resolved" })])
    expect(ttfr(s)).toBe(2 * DAY)
    expect((s.cycles[0]?.closedAt ?? Number.NaN) - s.openedAt).toBe(3 * DAY)
  })
})

describe("Inquiry.replay", () => {
  it("models cycles: a reopen starts a new cycle and keeps the earlier one", () => {
    const s = run([
      opened(),
      comment(T0 + HOUR, "ada"),
      ev("resolved", T0 + 2 * HOUR, "ada", { kind: "answered" }),
      ev("closed", T0 + 3 * HOUR, "ada", { reason: "resolved" }),
      ev("reopened", T0 + DAY, "issue_owner"),
      comment(T0 + DAY + HOUR, "bob"),
      ev("promoted", T0 + 2 * DAY, "bob", { reference: "visit#9" }),
      ev("closed", T0 + 2 * DAY + 1, "bob", { reason: "resolved" })
    ])
    expect(
      s.cycles.map((c) => [c.start - T0, (c.firstResponseAt ?? Number.NaN) - T0, (c.resolvedAt ?? Number.NaN) - T0, (c.closedAt ?? Number.NaN) - T0, c.kinds])
    ).toEqual([
      [0, HOUR, 2 * HOUR, 3 * HOUR, ["answered"]],
      [DAY, DAY + HOUR, 2 * DAY, 2 * DAY + 1, ["promoted"]]
    ])
    expect(s.phase).toBe("closed")
    expect(s.firstResponse?.at).toBe(T0 + HOUR)
    expect(s.promotions).toEqual([{ at: T0 + 2 * DAY, reference: "visit#9" }])
  })

  it("records waits, escalations, enlistments, seriousness, effort and ownership changes", () => {
    const s = run([
      opened(),
      ev("status-changed", T0 + HOUR, "ada", { status: "waiting-on-reporter" }),
      comment(T0 + 2 * HOUR, "issue_owner"),
      ev("escalated", T0 + 3 * HOUR, "ada"),
      ev("enlisted", T0 + 3 * HOUR, "ada", { member: "bob" }),
      ev("enlistment-replied", T0 + 4 * HOUR, "bob", { member: "bob", reply: "decline" }),
      ev("marked-serious", T0 + 5 * HOUR, "ada"),
      ev("effort-recorded", T0 + 6 * HOUR, "ada", { minutes: 45 }),
      ev("effort-recorded", T0 + 7 * HOUR, "bob", { minutes: 15 }),
      ev("assigned", T0 + 8 * HOUR, "ada", { to: "cy" }),
      ev("status-changed", T0 + 9 * HOUR, "cy", { status: "waiting-on-reporter" })
    ])
    // The reporter's reply ended the first wait (as Zendesk moves Pending back to Open).
    expect(s.cycles[0]?.waits).toEqual([
      { status: "waiting-on-reporter", start: T0 + HOUR, end: T0 + 2 * HOUR },
      { status: "waiting-on-reporter", start: T0 + 9 * HOUR, end: undefined }
    ])
    expect(s.waitingOnReporterSince).toBe(T0 + 9 * HOUR)
    expect(s.escalations).toBe(1)
    expect(s.enlistments).toEqual([{ member: "bob", at: T0 + 3 * HOUR, reply: "decline", repliedAt: T0 + 4 * HOUR, until: undefined }])
    expect([s.serious, s.seriousAt, s.effortMinutes]).toEqual([true, T0 + 5 * HOUR, 60])
    expect(s.ownership).toEqual([{ kind: "assigned", at: T0 + 8 * HOUR, member: "cy", from: undefined, until: undefined }])
    expect(s.lastReporterActivityAt).toBe(T0 + 2 * HOUR)
  })

  it("sorts by timestamp with ties in input order, and an opening first among equal instants", () => {
    const s = run([comment(T0 + 2 * HOUR, "bob"), comment(T0, "ada"), opened(T0)])
    expect(s.firstResponse).toEqual({ at: T0, by: "ada", via: "comment" })
  })

  const cases: ReadonlyArray<readonly [string, ReadonlyArray<Json>, Inquiry.ReplayError["reason"], number, string]> = [
    ["a response before opening", [opened(T0 + HOUR), ev("responded", T0, "ada")], "before-opening", 1, "responded"],
    [
      "closing a closed inquiry",
      [opened(), ev("closed", T0 + 1, "ada", { reason: "resolved" }), ev("closed", T0 + 2, "ada", { reason: "stale" })],
      "already-closed",
      2,
      "closed"
    ],
    ["a second opening", [opened(), opened(T0 + 1)], "already-opened", 1, "opened"],
    ["reopening an open inquiry", [opened(), ev("reopened", T0 + 1, "issue_owner")], "not-resolved", 1, "reopened"],
    [
      "resolving a closed inquiry",
      [opened(), ev("closed", T0 + 1, "ada", { reason: "stale" }), ev("resolved", T0 + 2, "ada", { kind: "answered" })],
      "closed",
      2,
      "resolved"
    ],
    ["a non-member marked as responder", [opened(), ev("responded", T0 + 1, "stranger")], "not-a-responder", 1, "responded"],
    ["a bot marked as responder", [opened(), ev("responded", T0 + 1, "sre-bot")], "not-a-responder", 1, "responded"],
    ["events for two inquiries mixed", [opened(), { ...comment(T0 + 1, "ada"), inquiry: "support#2" }], "mixed-inquiries", 1, "commented"],
    [
      "a reply from someone never enlisted",
      [opened(), ev("enlistment-replied", T0 + 1, "bob", { member: "bob", reply: "accept" })],
      "not-enlisted",
      1,
      "enlistment-replied"
    ],
    [
      "a delegation ending before it starts",
      [opened(), ev("delegated", T0 + HOUR, "ada", { from: "ada", to: "bob", until: iso(T0) })],
      "invalid-period",
      1,
      "delegated"
    ]
  ]
  for (const [name, events, reason, index, type] of cases) {
    it(`rejects ${name}, naming the event`, () => {
      const e = replayError(events)
      expect(e).toBeInstanceOf(Inquiry.ReplayError)
      expect([e.reason, e.index, e.eventType, e.inquiry]).toEqual([reason, index, type, ID])
      expect(e.message).toContain(`[${index}] (${type}`)
    })
  }

  it("rejects an empty list; replay (Effect) fails with the same error", async () => {
    expect(replayError([]).reason).toBe("empty")
    const failed = await Effect.runPromise(Effect.flip(Inquiry.replay(Inquiry.decodeEventsSync([opened(), opened(T0 + 1)]))))
    expect(failed.reason).toBe("already-opened")
    expect(() => Inquiry.replaySync(Inquiry.decodeEventsSync([opened(), opened(T0 + 1)]))).toThrow(Inquiry.ReplayError)
  })

  it("does not mutate its input", () => {
    const events = Inquiry.decodeEventsSync([comment(T0 + 2, "ada"), opened(), ev("closed", T0 + 3, "ada", { reason: "resolved" })])
    const copy = JSON.parse(JSON.stringify(events))
    run(events as unknown as ReadonlyArray<Json>)
    expect(events).toEqual(copy)
  })
})

// ---------------------------------------------------------------------------
// Property tests
// ---------------------------------------------------------------------------

const members = ["ada", "bob", "cy"] as const
const users = ["user:zoe", "user:yan"] as const

/** A valid event list, built by a tiny model of the lifecycle so every step is allowed. */
const validEvents = fc
  .record({
    start: fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2025, 0, 1) }),
    reporter: fc.constantFrom(...users, "ada"),
    steps: fc.array(
      fc.record({
        gap: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 * DAY })),
        pick: fc.nat(1000),
        who: fc.constantFrom(...members, ...users, "sre-bot")
      }),
      { maxLength: 25 }
    )
  })
  .map(({ start, reporter, steps }) => {
    const out: Array<Json> = [opened(start, reporter, { reporter, priority: "normal" })]
    let t = start
    let phase: Inquiry.Phase = "open"
    const enlisted: Array<string> = []
    for (const step of steps) {
      t += step.gap
      const picked = members[step.pick % 3] as string
      // The reporter may be on the team (ada), but never responds to their own inquiry.
      const member = picked === reporter ? (members[(step.pick + 1) % 3] as string) : picked
      const choices: Array<Json> = phase === "closed"
        ? [comment(t, step.who), ev("reopened", t, reporter), ev("effort-recorded", t, member, { minutes: 5 })]
        : [
          comment(t, step.who),
          comment(t, step.who, "internal"),
          ev("responded", t, member),
          ev("status-changed", t, member, { status: ["in-progress", "waiting-on-reporter", "waiting-on-third-party"][step.pick % 3] }),
          ev("escalated", t, member),
          ev("enlisted", t, member, { member: members[(step.pick + 1) % 3] }),
          ...(enlisted.length > 0 ? [ev("enlistment-replied", t, enlisted[0] as string, { member: enlisted[0], reply: "accept" })] : []),
          ev("assigned", t, member, { to: member }),
          ev("resolved", t, member, { kind: Inquiry.ResolutionKind.literals[step.pick % 7] }),
          ev("closed", t, member, { reason: Inquiry.CloseReason.literals[step.pick % 3] }),
          ...(phase === "resolved" ? [ev("reopened", t, reporter)] : []),
          ev("marked-serious", t, member)
        ]
      const e = choices[step.pick % choices.length] as Json
      out.push(e)
      if (e["type"] === "closed") phase = "closed"
      else if (e["type"] === "resolved") phase = "resolved"
      else if (e["type"] === "reopened") phase = "open"
      else if (e["type"] === "enlisted") enlisted.push(e["member"] as string)
    }
    return out
  })

const teamPolicy = Inquiry.responsePolicy({ team: members, bots: ["sre-bot"] })

describe("Inquiry properties", () => {
  it("decode(encode(e)) = e for every event of valid lists", () => {
    fc.assert(
      fc.property(validEvents, (events) => {
        const decoded = Inquiry.decodeEventsSync(events)
        const again = Inquiry.decodeEventsSync(decoded.map(Inquiry.encodeEvent))
        expect(again).toEqual(decoded)
        expect(decoded.map(Inquiry.encodeEvent)).toEqual(events)
      }),
      { numRuns: 150 }
    )
  })

  it("every prefix of a valid event list replays without error", () => {
    fc.assert(
      fc.property(validEvents, (events) => {
        const decoded = Inquiry.decodeEventsSync(events)
        for (let k = 1; k <= decoded.length; k++) {
          const r = Inquiry.replayResult(decoded.slice(0, k), { policy: teamPolicy })
          if (Result.isFailure(r)) throw r.failure
        }
      }),
      { numRuns: 150 }
    )
  })

  it("replay is deterministic and ignores the input order of events at distinct instants", () => {
    fc.assert(
      fc.property(validEvents, fc.infiniteStream(fc.nat()), (events, rnd) => {
        const decoded = Inquiry.decodeEventsSync(events)
        const once = Inquiry.replaySync(decoded, { policy: teamPolicy })
        expect(Inquiry.replaySync(decoded, { policy: teamPolicy })).toEqual(once)
        // Shuffle whole groups of equal instants: their internal order is kept, so the fold sees the same sequence.
        const groups = new Map<string, Array<Inquiry.Event>>()
        for (const e of decoded) groups.set(e.at, [...(groups.get(e.at) ?? []), e])
        const keys = [...groups.keys()]
        const it = rnd[Symbol.iterator]()
        for (let i = keys.length - 1; i > 0; i--) {
          const j = (it.next().value as number) % (i + 1)
          ;[keys[i], keys[j]] = [keys[j] as string, keys[i] as string]
        }
        const shuffled = keys.flatMap((k) => groups.get(k) ?? [])
        expect(Inquiry.replaySync(shuffled, { policy: teamPolicy })).toEqual(once)
      }),
      { numRuns: 150 }
    )
  })

  it("commuting events at equal instants (comments, effort, seriousness) give the same state in any order", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom<Json>(
            comment(T0 + HOUR, "user:zoe"),
            comment(T0 + HOUR, "ada", "internal"),
            ev("effort-recorded", T0 + HOUR, "bob", { minutes: 10 }),
            ev("marked-serious", T0 + HOUR, "ada"),
            ev("escalated", T0 + HOUR, "ada")
          ),
          { maxLength: 8 }
        ),
        fc.nat(),
        (same, seed) => {
          const rotate = seed % (same.length + 1)
          const a = run([opened(T0, "user:zoe"), ...same, comment(T0 + 2 * HOUR, "ada")], teamPolicy)
          const b = run([opened(T0, "user:zoe"), ...same.slice(rotate), ...same.slice(0, rotate).reverse(), comment(T0 + 2 * HOUR, "ada")], teamPolicy)
          expect(b).toEqual(a)
        }
      ),
      { numRuns: 100 }
    )
  })
})

// ---------------------------------------------------------------------------
// Ownership
// ---------------------------------------------------------------------------

const WEEK = 7 * DAY
const M0 = Date.UTC(2024, 0, 1, 16) // Monday 08:00 in Los Angeles
const duty = (shift: number, primary: string, backup: string): Types.Duty => ({
  shift,
  start: M0 + shift * WEEK,
  end: M0 + (shift + 1) * WEEK,
  primary: primary as Types.MemberId,
  backup: backup as Types.MemberId
})
// Given out of order on purpose: the result must not depend on the input order.
const duties: ReadonlyArray<Types.Duty> = [duty(1, "bob", "cy"), duty(0, "ada", "bob"), duty(2, "cy", "ada")]
const owned = (extra: ReadonlyArray<Json>): Inquiry.State => run([opened(M0 + DAY, "user:zoe", { reporter: "user:zoe" }), ...extra])
const owner = (s: Inquiry.State, at: number, d: Inquiry.Duties = duties): readonly [string | undefined, string] => {
  const o = Inquiry.ownerAtMillis(s, d, at)
  return [o.owner, o.reason]
}

describe("Inquiry ownership", () => {
  it("is the Primary of the shift by default, following the rotation", () => {
    const s = owned([])
    expect(owner(s, M0 + DAY)).toEqual(["ada", "rotation"])
    expect(owner(s, M0 + WEEK + DAY)).toEqual(["bob", "rotation"])
    expect(Inquiry.ownerAt(s, duties, new Date(M0 + 2 * WEEK)).owner).toBe("cy")
  })

  it("a carry-over keeps the previous Primary past the shift end, until its end if given", () => {
    const s = owned([ev("carried-over", M0 + WEEK - HOUR, "ada", { member: "ada", until: iso(M0 + WEEK + 2 * DAY) })])
    expect(owner(s, M0 + WEEK + DAY)).toEqual(["ada", "carried-over"])
    expect(owner(s, M0 + WEEK + 3 * DAY)).toEqual(["bob", "rotation"])
    const open = owned([ev("carried-over", M0 + WEEK - HOUR, "ada", { member: "ada" })])
    expect(owner(open, M0 + 2 * WEEK + DAY)).toEqual(["ada", "carried-over"])
  })

  it("a delegation holds for its period, or to the end of its shift", () => {
    const s = owned([ev("delegated", M0 + 2 * DAY, "ada", { from: "ada", to: "bob", until: iso(M0 + 3 * DAY) })])
    expect(owner(s, M0 + 2 * DAY + HOUR)).toEqual(["bob", "delegated"])
    expect(owner(s, M0 + 3 * DAY)).toEqual(["ada", "rotation"])
    const open = owned([ev("delegated", M0 + 2 * DAY, "ada", { from: "ada", to: "bob" })])
    expect(owner(open, M0 + 6 * DAY)).toEqual(["bob", "delegated"])
    expect(owner(open, M0 + WEEK + DAY)).toEqual(["bob", "rotation"])
  })

  it("an assignment or handoff holds for the rest of its shift; the latest event in force wins", () => {
    const s = owned([ev("assigned", M0 + 2 * DAY, "ada", { to: "cy" }), ev("handed-off", M0 + WEEK - HOUR, "cy", { from: "cy", to: "bob" })])
    expect(owner(s, M0 + DAY + HOUR)).toEqual(["ada", "rotation"])
    expect(owner(s, M0 + 3 * DAY)).toEqual(["cy", "assigned"])
    expect(owner(s, M0 + WEEK - 1)).toEqual(["bob", "handed-off"])
    expect(owner(s, M0 + WEEK + DAY)).toEqual(["bob", "rotation"])
    expect(owner(s, M0 + 2 * WEEK + DAY)).toEqual(["cy", "rotation"])
  })

  it("between shifts belongs to the next shift's Primary; accepts a lookup or a schedule", () => {
    const gappy = [duty(0, "ada", "bob"), duty(2, "cy", "ada")]
    const s = owned([])
    expect(owner(s, M0 + WEEK + DAY, gappy)).toEqual(["cy", "next-shift"])
    expect(owner(s, M0 + 3 * WEEK + DAY, gappy)).toEqual([undefined, "none"])
    expect(owner(s, M0 + DAY, { duties: gappy })).toEqual(["ada", "rotation"])
    const lookupOf = (list: ReadonlyArray<Types.Duty>): Inquiry.DutyLookup => {
      const sorted = [...list].sort((a, b) => a.start - b.start)
      return { at: (t) => sorted.find((d) => d.start <= t && t < d.end), next: (t) => sorted.find((d) => d.start > t) }
    }
    expect(owner(s, M0 + WEEK + DAY, lookupOf(duties))).toEqual(["bob", "rotation"])
    // The lookup form answers in a gap too, as the list does.
    expect(owner(s, M0 + WEEK + DAY, lookupOf(gappy))).toEqual(["cy", "next-shift"])
    expect(owner(s, M0 + 3 * WEEK + DAY, lookupOf(gappy))).toEqual([undefined, "none"])
    // An assignment made in the gap holds until the next shift starts, as with the list.
    const inGap = owned([ev("assigned", M0 + WEEK + HOUR, "ada", { to: "bob" })])
    expect(owner(inGap, M0 + WEEK + DAY, lookupOf(gappy))).toEqual(owner(inGap, M0 + WEEK + DAY, gappy))
    expect(owner(inGap, M0 + 2 * WEEK + DAY, lookupOf(gappy))).toEqual(["cy", "rotation"])
    // A bare function cannot name the next shift, so it is not a Duties.
    const bare = (t: number): Types.Duty | undefined => gappy.find((d) => d.start <= t && t < d.end)
    // @ts-expect-error a lookup function alone cannot answer between shifts
    expect(() => Inquiry.ownerAtMillis(s, bare, M0 + WEEK + DAY)).toThrow(/duties: expected a list of duties, a schedule or \{ at, next \}/)
  })

  it("lists the owner per shift while the inquiry is open", () => {
    const s = run([
      opened(M0 + DAY, "user:zoe", { reporter: "user:zoe" }),
      ev("carried-over", M0 + WEEK - HOUR, "ada", { member: "ada", until: iso(M0 + WEEK + DAY) }),
      ev("closed", M0 + 2 * WEEK + DAY, "cy", { reason: "resolved" })
    ])
    expect(Inquiry.ownersByShift(s, duties, M0 + 10 * WEEK)).toEqual([
      // The carry-over is in force at the end of shift 0 and expires during shift 1.
      { shift: 0, owner: "ada", reason: "carried-over" },
      { shift: 1, owner: "bob", reason: "rotation" },
      { shift: 2, owner: "cy", reason: "rotation" }
    ])
    expect(Inquiry.ownersByShift(owned([]), duties, M0 + WEEK + DAY).map((o) => o.shift)).toEqual([0, 1])
  })
})

// ---------------------------------------------------------------------------
// Stale rule
// ---------------------------------------------------------------------------

describe("Inquiry stale rule", () => {
  const waiting = [
    opened(T0, "user:zoe", { reporter: "user:zoe" }),
    comment(T0 + HOUR, "ada"),
    ev("status-changed", T0 + 2 * HOUR, "ada", { status: "waiting-on-reporter" })
  ]

  it("is due 21 calendar days after the wait began without reporter activity, as actions, not mutations", () => {
    const s = run(waiting)
    expect(Inquiry.staleDue(s)).toEqual({ inquiry: ID, since: T0 + 2 * HOUR, dueAt: T0 + 2 * HOUR + 21 * DAY })
    expect(Inquiry.staleActions(s, { now: T0 + 2 * HOUR + 21 * DAY - 1, shift: 3 })).toEqual([])
    const actions = Inquiry.staleActions(s, { now: T0 + 2 * HOUR + 21 * DAY, shift: 3 })
    expect(actions.map((a) => a._tag)).toEqual(["AddLabel", "Close"])
    expect(actions[1]).toMatchObject({ inquiry: ID, reason: "stale" })
    expect(new Set(actions.map((a) => a.key)).size).toBe(2)
    expect(s.phase).toBe("open")
    expect(Inquiry.staleDue(s, { after: "7 days" })?.dueAt).toBe(T0 + 2 * HOUR + 7 * DAY)
    expect(() => Inquiry.staleDue(s, { after: "soon" as never })).toThrow(Types.ValidationError)
    expect(() => Inquiry.staleDue(s, { after: -1 })).toThrow(/after: expected a positive duration/)
  })

  it("reporter activity resets it; a reporter reply ends the wait", () => {
    const s = run([...waiting, ev("effort-recorded", T0 + DAY, "user:zoe", { minutes: 1 })])
    expect(Inquiry.staleDue(s)?.since).toBe(T0 + DAY)
    expect(Inquiry.staleDue(run([...waiting, comment(T0 + DAY, "user:zoe")]))).toBeUndefined()
  })

  it("applies to a resolved, unclosed inquiry (answered, no reply) unless turned off; never to a closed one", () => {
    const resolved = run([opened(T0, "user:zoe", { reporter: "user:zoe" }), ev("resolved", T0 + HOUR, "ada", { kind: "answered" })])
    expect(Inquiry.staleDue(resolved)?.dueAt).toBe(T0 + HOUR + 21 * DAY)
    expect(Inquiry.staleDue(resolved, { whenResolved: false })).toBeUndefined()
    expect(Inquiry.staleDue(run([...waiting, ev("closed", T0 + DAY, "ada", { reason: "stale" })]))).toBeUndefined()
    expect(Inquiry.staleDue(run([opened(), comment(T0 + HOUR, "ada")]))).toBeUndefined()
  })
})

describe("Inquiry goals and measures", () => {
  it("rejects bad goals with the path and value", () => {
    expect(() => Inquiry.goals({ default: "soon" })).toThrow(/default/)
    expect(() => Inquiry.goals({ byPriority: { high: -5 } })).toThrow(/byPriority.high/)
    expect(() => Inquiry.goals({ atRisk: 1.5 })).toThrow(/atRisk/)
    expect(Inquiry.goalMillis(Inquiry.goals({ default: "2 hours", byPriority: { high: 60_000 } }), "high")).toBe(60_000)
  })

  it("computes a mining row (24/7 calendar by default, zero durations kept)", () => {
    const s = run([
      opened(T0, "user:zoe", { reporter: "user:zoe", priority: "high" }),
      comment(T0, "ada"),
      ev("escalated", T0 + HOUR, "ada"),
      ev("enlisted", T0 + HOUR, "ada", { member: "bob" }),
      ev("enlistment-replied", T0 + 2 * HOUR, "bob", { member: "bob", reply: "decline" }),
      ev("marked-serious", T0 + 2 * HOUR, "ada"),
      ev("effort-recorded", T0 + 3 * HOUR, "ada", { minutes: 90 }),
      ev("promoted", T0 + 4 * HOUR, "ada", { reference: "visit#77" }),
      ev("closed", T0 + 5 * HOUR, "ada", { reason: "resolved" })
    ])
    const m = Inquiry.measure(s, { now: T0 + DAY, goals: Inquiry.goals({ byPriority: { high: "1 hour" } }) })
    expect(m).toMatchObject({
      timeToFirstResponseWall: 0,
      timeToFirstResponseCovered: 0,
      responseGoal: HOUR,
      responseStatus: "met",
      timeToFirstResolutionWall: 4 * HOUR,
      timeToLastResolutionWall: 4 * HOUR,
      timeToCloseWall: 5 * HOUR,
      closeReason: "resolved",
      resolutionKinds: ["promoted"],
      escalations: 1,
      enlisted: 1,
      declined: 1,
      promoted: true,
      promotedTo: "visit#77",
      serious: true,
      effortMinutes: 90,
      cycles: 1,
      reopens: 0
    })
    // Read before the events happened, the same state reports an open, unanswered inquiry.
    const early = Inquiry.measure(s, { now: T0 - 1 })
    expect([early.firstResponseAt, early.firstResolutionAt, early.closedAt, early.responseClockCovered]).toEqual([undefined, undefined, undefined, 0])
  })
})

describe("Inquiry first response across closed phases", () => {
  const D = (d: number) => Date.UTC(2024, 0, d, 12)
  const at = (d: number) => D(d)

  it("a team comment after a duplicate close and a reopen is not the first response: the clock, the row and the state agree", () => {
    const s = run([
      opened(at(1), "user:zoe", { reporter: "user:zoe" }),
      ev("closed", at(2), "ada", { reason: "duplicate" }),
      comment(at(3), "ada"),
      ev("reopened", at(10), "user:zoe"),
      comment(at(11), "bob")
    ])
    const clock = Inquiry.responseClockMillis(s, Coverage.always(), Inquiry.goals(), at(20))
    expect([clock.stoppedBy, clock.stoppedAt]).toEqual(["close", at(2)])
    expect(s.firstResponse).toBeUndefined()
    const row = Inquiry.measure(s, { now: at(20) })
    expect([row.firstResponseAt, row.timeToFirstResponseWall, row.timeToFirstResponseCovered]).toEqual([undefined, undefined, undefined])
    expect(row.responseClockCovered).toBe(DAY)
    // The reopened cycle still records its own first response.
    expect(s.cycles.map((c) => c.firstResponseAt)).toEqual([undefined, at(11)])
  })

  it("a team comment after the resolution is not the first response", () => {
    const s = run([opened(at(1), "user:zoe", { reporter: "user:zoe" }), ev("resolved", at(2), "ada", { kind: "answered" }), comment(at(3), "ada")])
    const clock = Inquiry.responseClockMillis(s, Coverage.always(), Inquiry.goals(), at(20))
    expect([clock.stoppedBy, clock.stoppedAt]).toEqual(["resolution", at(2)])
    expect(s.firstResponse).toBeUndefined()
    expect(Inquiry.measure(s, { now: at(20) }).timeToFirstResponseWall).toBeUndefined()
  })

  it("whatever the history, the row's first response is the clock's stop when a response stopped it, and absent otherwise (property)", () => {
    fc.assert(
      fc.property(validEvents, (events) => {
        const s = Inquiry.replaySync(Inquiry.decodeEventsSync(events), { policy: teamPolicy })
        const now = s.lastEventAt + DAY
        const clock = Inquiry.responseClockMillis(s, Coverage.always(), Inquiry.goals(), now)
        const row = Inquiry.measure(s, { now })
        if (clock.stoppedBy === "response") {
          expect(row.firstResponseAt).toBe(clock.stoppedAt)
          expect(row.timeToFirstResponseWall).toBe(clock.wallElapsed)
        } else expect(row.firstResponseAt).toBeUndefined()
      }),
      { numRuns: 200 }
    )
  })
})

describe("Inquiry timestamps", () => {
  it("the fast ISO reader agrees with Date.parse on every instant, with or without milliseconds or an offset", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.integer({ min: -14 * 60, max: 14 * 60 }), (ms, offsetMin) => {
        const text = new Date(ms).toISOString()
        expect(parseInstant(text)).toBe(ms)
        expect(parseInstant(text.replace(/\.\d{3}Z$/, "Z"))).toBe(Math.floor(ms / 1000) * 1000)
        const sign = offsetMin < 0 ? "-" : "+"
        const abs = Math.abs(offsetMin)
        const local = new Date(ms + offsetMin * 60_000).toISOString().slice(0, 23)
        const withOffset = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`
        expect(parseInstant(withOffset)).toBe(ms)
      }),
      { numRuns: 300 }
    )
  })

  it("rejects impossible dates in every shape", () => {
    for (
      const bad of [
        "2023-02-29T00:00:00Z",
        "2024-02-30T00:00:00.000Z",
        "2024-04-31T10:00:00+02:00",
        "2024-13-01T00:00:00Z",
        "2024-01-01T24:00:00Z",
        "2024-01-01Tab:00:00Z"
      ]
    ) {
      expect(parseInstant(bad)).toBeNaN()
      expect(() => Inquiry.decodeEventSync({ ...comment(T0, "ada"), at: bad })).toThrow(Types.ValidationError)
    }
    expect(parseInstant("2024-02-29T00:00:00Z")).toBe(Date.UTC(2024, 1, 29))
  })
})

// One generator per event type: every required field, and each optional field present or
// absent. The test below checks these lists against the Schemas, so a new field or type
// must be added here, and is then compared between the fast path and the Schema decoder.
type Arb = fc.Arbitrary<unknown>
const someText: Arb = fc.string({ maxLength: 5 })
const someId: Arb = fc.string({ minLength: 1, maxLength: 5 })
const someInstant: Arb = fc
  .record({ ms: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), shape: fc.constantFrom("ms", "s", "offset") })
  .map(({ ms, shape }) => (shape === "ms" ? iso(ms) : shape === "s" ? iso(ms).replace(/\.\d{3}Z$/, "Z") : iso(ms).replace("Z", "+00:00")))
const literal = (values: ReadonlyArray<string>): Arb => fc.constantFrom(...values)
const spec = (required: Record<string, Arb>, optional: Record<string, Arb> = {}) => ({ required, optional })
const eventSpecs = {
  opened: spec({ channel: someId, reporter: someId, title: someText }, { labels: fc.array(someText, { maxLength: 3 }), priority: someId, body: someText }),
  commented: spec({ visibility: literal(["public", "internal"]) }),
  responded: spec({}, { channel: someId }),
  "status-changed": spec({ status: literal(Inquiry.WorkflowStatus.literals) }),
  reprioritized: spec({ priority: someId }),
  escalated: spec({}, { reason: someText }),
  enlisted: spec({ member: someId }),
  "enlistment-replied": spec({ member: someId, reply: literal(Inquiry.EnlistmentReply.literals) }, { until: someInstant }),
  delegated: spec({ from: someId, to: someId }, { until: someInstant }),
  "handed-off": spec({ from: someId, to: someId }),
  "carried-over": spec({ member: someId }, { until: someInstant }),
  assigned: spec({ to: someId }),
  "marked-serious": spec({}, { reason: someText }),
  "effort-recorded": spec({ minutes: fc.oneof(fc.integer({ min: 1, max: 600 }), fc.double({ min: 0.01, max: 1e6, noNaN: true })) }),
  resolved: spec({ kind: literal(Inquiry.ResolutionKind.literals) }, { note: someText }),
  promoted: spec({ reference: someId }),
  closed: spec({ reason: literal(Inquiry.CloseReason.literals) }, { duplicateOf: someId }),
  reopened: spec({}, { reason: someText })
} satisfies Record<Inquiry.Event["type"], { readonly required: Record<string, Arb>; readonly optional: Record<string, Arb> }>
const commonFields = ["type", "inquiry", "at", "actor"]
const eventArbitraries = Object.fromEntries(
  Object.entries(eventSpecs).map((
    [type, s]
  ) => [type, { required: [...commonFields, ...Object.keys(s.required)], optional: ["id", ...Object.keys(s.optional)] }])
) as unknown as Record<Inquiry.Event["type"], { readonly required: ReadonlyArray<string>; readonly optional: ReadonlyArray<string> }>
const anyEvent: fc.Arbitrary<Json> = fc.oneof(
  ...Object.entries(eventSpecs).map(([type, s]) =>
    fc.record(
      { type: fc.constant(type), inquiry: someId, at: someInstant, actor: someId, id: someId, ...s.required, ...s.optional } as Record<string, Arb>,
      { requiredKeys: [...commonFields, ...Object.keys(s.required)] }
    ) as fc.Arbitrary<Json>
  )
)

describe("Inquiry.decodeEventsSync: unknown fields", () => {
  it("names a misspelt field as unknown, with its path, beside the missing one", () => {
    const typo = { type: "commented", inquiry: ID, at: iso(T0), actor: "ada", visibilty: "public" }
    const problems = problemsOf(() => Inquiry.decodeEventsSync([opened(), typo]))
    expect(problems).toEqual([
      { path: "[1].visibilty", message: "unknown field, got \"public\"" },
      { path: "[1].visibility", message: "Missing key" }
    ])
  })

  it("rejects an extra field on an otherwise well-formed event (the fast path does not drop it)", () => {
    const extra = { ...comment(T0 + 1, "ada"), visiblity: "internal" }
    expect(fastDecode(extra)).toBeUndefined()
    expect(problemsOf(() => Inquiry.decodeEventSync(extra))).toEqual([{ path: "visiblity", message: "unknown field, got \"internal\"" }])
  })

  it("property: any field an event type does not declare is reported as unknown at its path, for every type", () => {
    fc.assert(
      fc.property(anyEvent, fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue(), (input, key, value) => {
        const type = input["type"] as Inquiry.Event["type"]
        fc.pre(!(fastFields.get(type) ?? []).some((f) => f.key === key) && key !== "__proto__")
        const withExtra = { ...input, [key]: value }
        expect(fastDecode(withExtra)).toBeUndefined()
        const problems = problemsOf(() => Inquiry.decodeEventsSync([withExtra]))
        expect(problems).toContainEqual(expect.objectContaining({ path: `[0].${key}`, message: expect.stringMatching(/^unknown field/) }))
      }),
      { numRuns: 200 }
    )
  })
})

describe("Inquiry decoding fast path", () => {
  // The Schemas as the decoder applies them: a field an event type does not declare is an error.
  const schemaDecode = (input: unknown) => Schema.decodeUnknownResult(Inquiry.Event)(input, { onExcessProperty: "error" })
  const corrupt = fc.oneof(
    fc.constant(undefined),
    fc.constant(""),
    fc.constant(null),
    fc.constant(42),
    fc.constant(-1),
    fc.constant(["x", 1]),
    fc.constant("2024-02-30T10:00:00Z"),
    fc.constant("2024-01-01T10:00:00"),
    fc.constant("public"),
    fc.constant("waiting-on-reporter"),
    fc.string({ maxLength: 3 })
  )
  it("the fast path's field table and the generators below declare exactly the Schemas' fields", () => {
    const declared = (fields: ReadonlyArray<{ readonly key: string; readonly optional: boolean }>): Json =>
      Object.fromEntries([...fields].map((f) => [f.key, f.optional]).sort(([a], [b]) => String(a).localeCompare(String(b))))
    const members = Inquiry.Event.members
    expect(members.map((m) => m.fields.type.literal)).toEqual(Inquiry.eventTypes)
    expect([...fastFields.keys()]).toEqual(Inquiry.eventTypes)
    expect(Object.keys(eventArbitraries)).toEqual(Inquiry.eventTypes)
    for (const m of members) {
      const type = m.fields.type.literal
      const schema = declared(
        Object.entries(m.fields as Record<string, Schema.Top>).map(([key, f]) => ({ key, optional: f.ast.context?.isOptional === true }))
      )
      expect([type, declared(fastFields.get(type) ?? [])]).toEqual([type, schema])
      const gen = eventArbitraries[type]
      expect([type, declared([...gen.required.map((key) => ({ key, optional: false })), ...gen.optional.map((key) => ({ key, optional: true }))])]).toEqual([
        type,
        schema
      ])
    }
  })

  it("takes every well-formed event of every type, with and without each optional field, and builds the Schema's output", () => {
    fc.assert(
      fc.property(anyEvent, (input) => {
        const expected = schemaDecode(input)
        if (Result.isFailure(expected)) throw new Error(`generated an invalid ${String(input["type"])} event: ${String(expected.failure)}`)
        // The fast path itself, not the Schema fallback: a field it does not know fails here.
        expect(fastDecode(input)).toEqual(expected.success)
        expect(Inquiry.decodeEventSync(input)).toEqual(expected.success)
      }),
      { numRuns: 600 }
    )
    // Each optional field is generated both present and absent for its type.
    const seen = new Map<string, Set<string>>()
    for (const e of fc.sample(anyEvent, { numRuns: 600, seed: 7 })) {
      const type = String(e["type"])
      const keys = seen.get(type) ?? new Set<string>()
      for (const k of eventArbitraries[type as Inquiry.Event["type"]].optional) keys.add(`${k}:${k in e}`)
      seen.set(type, keys)
    }
    for (const type of Inquiry.eventTypes) {
      const optional = eventArbitraries[type].optional
      expect([type, [...(seen.get(type) ?? [])].sort()]).toEqual([type, optional.flatMap((k) => [`${k}:false`, `${k}:true`]).sort()])
    }
  })

  it("on every field of every type, a missing or corrupted value passes the fast path only when the Schemas accept it", () => {
    const values: ReadonlyArray<unknown> = [
      undefined,
      "",
      null,
      42,
      0,
      -1,
      Number.NaN,
      Infinity,
      true,
      [],
      ["x", 1],
      {},
      "x",
      "public",
      "waiting-on-reporter",
      "2024-02-30T10:00:00Z",
      "2024-01-01T10:00:00",
      "2024-01-01"
    ]
    fc.assert(
      fc.property(anyEvent, fc.anything(), (original, random) => {
        for (const key of [...Object.keys(original), ...eventArbitraries[original["type"] as Inquiry.Event["type"]].optional]) {
          const variants: Array<Json> = [Object.fromEntries(Object.entries(original).filter(([k]) => k !== key))]
          for (const v of [...values, random]) variants.push({ ...original, [key]: v })
          for (const input of variants) {
            const fast = fastDecode(input)
            if (fast === undefined) continue
            const expected = schemaDecode(input)
            expect([key, Result.isSuccess(expected) ? expected.success : "rejected by the Schema"]).toEqual([key, fast])
          }
        }
      }),
      { numRuns: 150 }
    )
  })

  it("accepts exactly what the Schemas accept, with the same output, on valid and corrupted events", () => {
    fc.assert(
      fc.property(
        fc.oneof(validEvents, fc.constant(everyType), anyEvent.map((e) => [e])),
        fc.nat(),
        fc.nat(),
        fc.constantFrom("delete", "set", "extra", "keep"),
        corrupt,
        (events, pickEvent, pickKey, how, value) => {
          const original = events[pickEvent % events.length] as Json
          const keys = Object.keys(original)
          const key = keys[pickKey % keys.length] as string
          const input: Json = how === "delete" ? Object.fromEntries(Object.entries(original).filter(([k]) => k !== key)) : { ...original }
          if (how === "set") input[key] = value
          else if (how === "extra") input["unexpected"] = value
          const expected = schemaDecode(input)
          let actual: Inquiry.Event | undefined
          try {
            actual = Inquiry.decodeEventSync(input)
          } catch (e) {
            expect(e).toBeInstanceOf(Types.ValidationError)
          }
          if (Result.isSuccess(expected)) expect(actual).toEqual(expected.success)
          else expect(actual).toBeUndefined()
          const fast = fastDecode(input)
          if (fast !== undefined) expect(Result.isSuccess(expected) ? expected.success : "rejected by the Schema").toEqual(fast)
        }
      ),
      { numRuns: 400 }
    )
  })

  it("copies arrays instead of sharing them with the input", () => {
    const input = opened(T0, "u", { labels: ["a"] })
    const e = Inquiry.decodeEventSync(input)
    expect(e.type === "opened" && e.labels).toEqual(["a"])
    expect(e.type === "opened" && e.labels).not.toBe(input["labels"])
  })
})
