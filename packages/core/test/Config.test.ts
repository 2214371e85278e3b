import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { Ajv2020 } from "ajv/dist/2020.js"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import * as YAML from "yaml"
import * as Config from "../src/Config.js"
import * as Coverage from "../src/Coverage.js"
import * as Escalation from "../src/Escalation.js"
import * as Handoff from "../src/Handoff.js"
import * as Inquiry from "../src/Inquiry.js"
import * as Types from "../src/Types.js"
import { problemsOf } from "./support.js"

const examples = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..", "..", "examples")
const exampleText = readFileSync(join(examples, "visit-team.yaml"), "utf8")
const schemaFile = join(examples, "visit-team.schema.json")
const example = (): Record<string, unknown> => YAML.parse(exampleText) as Record<string, unknown>

/** Sets a value at a path like `["team", "members", 2, "weight"]` in a copy. */
const setAt = (value: unknown, path: ReadonlyArray<string | number>, to: unknown): unknown => {
  const copy = structuredClone(value) as Record<string | number, unknown>
  let at = copy
  for (const key of path.slice(0, -1)) {
    if (typeof at[key] !== "object" || at[key] === null) at[key] = {}
    at = at[key] as Record<string | number, unknown>
  }
  const last = path[path.length - 1] as string | number
  if (to === undefined) Reflect.deleteProperty(at, last)
  else at[last] = to
  return copy
}

describe("Config", () => {
  it("decodes the shipped example with VisIt's parameters", () => {
    const profile = Config.fromText(exampleText)
    expect(profile.name).toBe("VisIt-like team")
    expect(profile.team.members.map((m) => m.weight).sort()).toEqual([0.3, 0.5, 0.5, 0.5, 0.8, 1, 1])
    expect(Coverage.weeklyCoveredHours(profile.coverage)).toBe(40)
    expect(Coverage.timeZone(profile.coverage)).toBe("America/Los_Angeles")
    expect(profile.shifts.count).toBe(7)
    expect(Inquiry.goalMillis(profile.goals, undefined)).toBe(4 * 3_600_000)
    expect(Inquiry.goalMillis(profile.goals, "high")).toBe(3_600_000)
    expect(profile.stale).toEqual({ afterMillis: 21 * 24 * 3_600_000, label: "wontfix", whenResolved: true })
    expect(profile.platforms?.supported.map((p) => p.id)).toEqual(["github-discussions", "support-issues", "hotline"])
    expect(profile.templates.platforms["user"]).toContain("{where}")
    expect(profile.templates.handoff["customer"]).toBeTypeOf("string")
    expect(profile.simulation.years).toBe(10)
    expect(profile.escalation.enlistBackupAfter).toBe(4 * 3_600_000)
    expect(profile.escalation.specialAccess).toEqual(["classified"])
  })

  it("reads JSON as well as YAML, to the same profile", () => {
    const fromJson = Config.fromText(JSON.stringify(example()))
    const fromYaml = Config.fromText(exampleText)
    expect(fromJson.spec).toEqual(fromYaml.spec)
  })

  it("names the path and the value of every bad field, all at once", () => {
    const cases: ReadonlyArray<readonly [ReadonlyArray<string | number>, unknown, string, string]> = [
      [["name"], "", "name", ""],
      [["team", "members", 6, "weight"], 1.5, "team.members[6].weight", "1.5"],
      [["team", "members", 1, "id"], "ana", "team.members", "ana"],
      [["coverage", "timeZone"], "Mars/Olympus", "coverage.timeZone", "Mars/Olympus"],
      [["coverage", "weekly", 0, "windows", 1], "13:00-12:00", "coverage.weekly[0].windows[1]", "13:00-12:00"],
      [["shifts", "start"], "2026-02-30", "shifts.start", "2026-02-30"],
      [["shifts", "length"], { months: 1 }, "shifts.length", ""],
      [["rotation", "strategy"], "coin-flip", "rotation.strategy", "coin-flip"],
      [["rotation", "horizon"], 0, "rotation.horizon", "0"],
      [["goals", "byPriority", "high"], "soon", "goals.byPriority.high", "soon"],
      [["stale", "after"], "three weeks", "stale.after", "three weeks"],
      [["escalation", "enlistBackupAfter"], "later", "escalation.enlistBackupAfter", "later"],
      [["escalation", "maxExperts"], 2.5, "escalation.maxExperts", "2.5"],
      [["platforms", "openIn"], "fax", "platforms.openIn", "fax"],
      [["templates", "platforms", "user"], "Hi {usr}", "templates.platforms.user", "{usr}"],
      [["templates", "handoff", "farewell"], "Bye", "templates.handoff.farewell", "unknown template"],
      [["simulation", "model", "meetings", "probability"], 1.2, "simulation.model.meetings.probability", "1.2"],
      [["simulation", "model", "reaction"], { kind: "lognormal", median: "1 hour" }, "simulation.model.reaction", ""],
      [["simulation", "model", "priorityMix", "urgent"], 0.1, "simulation.model.priorityMix.urgent", "urgent"],
      [["simulation", "years"], -1, "simulation.years", "-1"],
      [["goal"], { default: "4 hours" }, "goal", "unknown field"],
      [["team", "members", 0, "wieght"], 1, "team.members[0].wieght", "unknown field"],
      [["simulation", "model", "arrivals", "perHour"], 1, "simulation.model.arrivals.perHour", "unknown field"]
    ]
    for (const [path, value, expectedPath, mentioned] of cases) {
      const problems = problemsOf(() => Config.decodeSync(setAt(example(), path, value)))
      const hit = problems.find((p) => p.path === expectedPath || p.path.startsWith(`${expectedPath}.`) || p.path.startsWith(`${expectedPath}[`))
      expect(hit, `${expectedPath} in ${JSON.stringify(problems)}`).toBeDefined()
      expect(hit?.message).toContain(mentioned)
    }
    // Several mistakes are reported together.
    let broken = setAt(example(), ["team", "members", 6, "weight"], 1.5)
    broken = setAt(broken, ["coverage", "timeZone"], "Mars/Olympus")
    broken = setAt(broken, ["templates", "platforms", "user"], "Hi {usr}")
    expect(problemsOf(() => Config.decodeSync(broken)).map((p) => p.path)).toEqual(
      expect.arrayContaining(["team.members[6].weight", "coverage.timeZone", "templates.platforms.user"])
    )
  })

  it("reports missing required sections and YAML syntax errors with their line", () => {
    expect(problemsOf(() => Config.decodeSync(setAt(example(), ["coverage"], undefined))).map((p) => p.path)).toContain("coverage")
    const dup = problemsOf(() => Config.fromText("name: a\nname: b\n"))
    expect(dup[0]?.message).toMatch(/line 2, column 1/)
    expect(problemsOf(() => Config.fromText("name: [oops\n"))[0]?.message).toMatch(/line \d+/)
  })

  it("reports a YAML syntax error once, with its line and column, and nothing else", () => {
    const broken = exampleText.replace("team:", "team: {")
    const problems = problemsOf(() => Config.fromText(broken))
    expect(problems).toHaveLength(1)
    expect(problems[0]?.message).toMatch(/^line \d+, column \d+: /)
    expect(problemsOf(() => Config.fromText(exampleText.replace("coverage:", "coverage: : :")))).toHaveLength(1)
  })

  describe("JSON Schema", () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false })
    const validate = ajv.compile(Config.jsonSchema())

    it("is up to date in examples/visit-team.schema.json", () => {
      const text = `${JSON.stringify(Config.jsonSchema(), null, 2)}\n`
      // SRE_UXDD_UPDATE_SCHEMA=1 npx vitest run packages/core/test/Config rewrites it.
      if (process.env["SRE_UXDD_UPDATE_SCHEMA"] === "1") writeFileSync(schemaFile, text)
      expect(readFileSync(schemaFile, "utf8")).toBe(text)
    })

    it("accepts the shipped example", () => {
      expect(validate(example()), JSON.stringify(validate.errors)).toBe(true)
    })

    it("rejects broken copies", () => {
      const broken: ReadonlyArray<readonly [ReadonlyArray<string | number>, unknown]> = [
        [["team", "members", 0, "weight"], "full-time"],
        [["team", "members", 0, "id"], ""],
        [["coverage", "weekly", 0, "days", 0], "monday"],
        [["stale", "after"], "three weeks"],
        [["rotation", "strategy"], "coin-flip"],
        [["simulation", "model", "promotion", "probability"], 3],
        [["shifts", "length", "weeks"], 0],
        [["name"], undefined],
        [["colour"], "blue"]
      ]
      for (const [path, value] of broken) expect(validate(setAt(example(), path, value)), path.join(".")).toBe(false)
    })
  })
})

describe("Config: the escalation section reaches the functions that apply it", () => {
  // The shipped example with Fay holding classified access (its members have no tags).
  const withFay = (awayNoticeAfter?: string): Config.Profile => {
    let data = setAt(example(), ["team", "members", 5, "tags"], ["classified"])
    if (awayNoticeAfter !== undefined) data = setAt(data, ["escalation", "awayNoticeAfter"], awayNoticeAfter)
    return Config.decodeSync(data)
  }
  const m = Types.MemberId.make
  // Monday 5 Jan 2026, 08:00 in Los Angeles (UTC-8): the first shift's handoff.
  const monday8 = Date.parse("2026-01-05T16:00:00Z")
  const hour = 3_600_000
  const duty: Types.Duty = { shift: 0, start: monday8, end: monday8 + 7 * 24 * hour, primary: m("ana"), backup: m("ben") }

  it("routes an inquiry tagged with a specialAccess tag to the qualified member, with profile.escalation as the policy", () => {
    const profile = withFay()
    expect(profile.escalation.specialAccess).toEqual(["classified"])
    const subject: Escalation.Subject = {
      inquiry: Types.InquiryId.make("support#9"),
      title: "Reading data on the classified cluster",
      reporter: "lee",
      phase: "open",
      openedAt: monday8,
      tags: ["mpi", "classified"],
      requiredResponseAskedAt: monday8 + hour,
      requiredBy: monday8 + 2 * 24 * hour
    }
    const ctx = { duty, team: profile.team, coverage: profile.coverage, now: monday8 + 2 * hour }
    const routed = Effect.runSync(Escalation.suggest(subject, { ...ctx, policy: profile.escalation }))
    expect(routed).toMatchObject({ step: "special-access", candidates: ["fay"] })
    // The tag alone means nothing without the policy: 2 covered hours is within the timers.
    expect(Effect.runSync(Escalation.suggest(subject, ctx)).step).toBe("none")
  })

  it("uses awayNoticeAfter as Handoff.awayNotice's threshold when profile.escalation is spread into its options", () => {
    // Away Monday 08:00-14:00: 08:00-12:00 and 13:00-14:00 are covered, 5 covered hours.
    const notice = { member: m("ana"), start: monday8, end: monday8 + 6 * hour }
    const shipped = withFay()
    expect(shipped.escalation.threshold).toBe(4 * hour)
    const suggestion = Effect.runSync(Handoff.awayNotice(notice, { ...shipped.escalation, duty, coverage: shipped.coverage }))
    expect(suggestion).toMatchObject({ coveredMillis: 5 * hour, to: "ben" })
    // 5 covered hours is not more than a 6-hour threshold: no suggestion.
    const patient = withFay("6 hours")
    expect(patient.escalation.threshold).toBe(6 * hour)
    expect(Effect.runSync(Handoff.awayNotice(notice, { ...patient.escalation, duty, coverage: patient.coverage }))).toBeUndefined()
  })
})
