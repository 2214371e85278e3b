// The calendar export read back by two independent readers, ical.js and Python's icalendar
// (Debian's python3-icalendar), must place every event at the schedule's instants, across DST.
import { spawnSync } from "node:child_process"
import ICAL from "ical.js"
import { describe, expect, it } from "vitest"
import { Config, Coverage, Rotation, Shift, Team, Types } from "../src/index.js"
import { problemsOf } from "./support.js"

const team = Team.decodeSync({
  members: [
    { id: "ada", name: "Ada", weight: 1, handles: { email: "ada@example.org" } },
    { id: "bob", name: "Bob", weight: 0.5 },
    { id: "cy", name: "Cy", weight: 0.8 }
  ]
})

// Daily shifts at 08:00 (or 02:30 in Lord Howe, inside its half-hour DST change) across the
// spring and autumn changes of each zone.
const cases = [
  { zone: "America/Los_Angeles", at: "08:00", windows: [["2026-03-04", "2026-03-12"], ["2026-10-29", "2026-11-04"]] },
  { zone: "Europe/Berlin", at: "08:00", windows: [["2026-03-26", "2026-04-01"], ["2026-10-22", "2026-10-28"]] },
  { zone: "Australia/Lord_Howe", at: "02:30", windows: [["2026-04-02", "2026-04-08"], ["2026-10-01", "2026-10-07"]] },
  { zone: "UTC", at: "08:00", windows: [["2026-03-04", "2026-03-08"]] }
] as const

const schedules = cases.flatMap((c) =>
  c.windows.map(([start, end]) => {
    const grid = Shift.decodeSync({ start, at: c.at, length: { days: 1 }, timeZone: c.zone })
    const from = Shift.grid(grid, Date.parse(`${start}T00:00:00Z`) - 86_400_000, Date.parse(`${end}T00:00:00Z`))[0]?.start ?? 0
    return { zone: c.zone, schedule: Rotation.planSync({ team, shifts: grid, from, to: Date.parse(`${end}T00:00:00Z`) }) }
  })
)

/** Every event the schedule should export: UID to [start, end] in epoch ms. */
const expected = (s: Rotation.Schedule, name: string): ReadonlyMap<string, readonly [number, number]> => {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-")
  const out = new Map<string, readonly [number, number]>()
  for (const d of s.duties) {
    out.set(`${slug}-${d.shift}-primary@sre-uxdd.invalid`, [d.start, d.end])
    if (d.backup !== undefined) out.set(`${slug}-${d.shift}-backup@sre-uxdd.invalid`, [d.start, d.end])
  }
  return out
}

// ical.js resolves a TZID only through the VTIMEZONE components it is given.
const readWithIcalJs = (text: string): ReadonlyMap<string, readonly [number, number]> => {
  const cal = new ICAL.Component(ICAL.parse(text) as Array<unknown>)
  const zones = cal.getAllSubcomponents("vtimezone").map((v) => new ICAL.Timezone(v))
  for (const z of zones) ICAL.TimezoneService.register(z)
  try {
    return new Map(
      cal.getAllSubcomponents("vevent").map((v) => {
        const e = new ICAL.Event(v)
        return [e.uid, [e.startDate.toUnixTime() * 1000, e.endDate.toUnixTime() * 1000] as const]
      })
    )
  } finally {
    for (const z of zones) ICAL.TimezoneService.remove(z.tzid)
  }
}

// Python's icalendar, run as a separate process; found at Debian's python when another
// python3 comes first on PATH.
const python = ["/usr/bin/python3", "python3"].find((p) => spawnSync(p, ["-c", "import icalendar"], { encoding: "utf8" }).status === 0)
const requireServices = process.env["SRE_UXDD_REQUIRE_SERVICES"] === "1"
if (python === undefined) {
  const notice = "python3-icalendar is not installed (apt-get install -y python3-icalendar): the second iCalendar reader is SKIPPED"
  if (requireServices) throw new Error(`${notice}, but SRE_UXDD_REQUIRE_SERVICES=1`)
  console.warn(`\n*** ${notice} ***\n`)
}
const readWithPython = (text: string): ReadonlyMap<string, readonly [number, number]> => {
  const script = [
    "import sys, json, icalendar",
    "cal = icalendar.Calendar.from_ical(sys.stdin.read())",
    "out = {}",
    "for e in cal.walk('VEVENT'):",
    "    s = e.decoded('DTSTART'); t = e.decoded('DTEND')",
    "    if s.tzinfo is None or t.tzinfo is None: raise SystemExit('floating time in ' + str(e.get('UID')))",
    "    out[str(e.get('UID'))] = [round(s.timestamp() * 1000), round(t.timestamp() * 1000)]",
    "print(json.dumps(out))"
  ].join("\n")
  const r = spawnSync(python as string, ["-c", script], { input: text, encoding: "utf8" })
  if (r.status !== 0) throw new Error(`python icalendar failed: ${r.stderr}${r.stdout}`)
  return new Map(Object.entries(JSON.parse(r.stdout) as Record<string, [number, number]>))
}

describe("Rotation.toICalendar read back by independent readers", () => {
  it("the schedules cross a DST change in every zone but UTC", () => {
    for (const { zone, schedule } of schedules) {
      const lengths = new Set(schedule.duties.map((d) => d.end - d.start))
      expect(lengths.size, zone).toBe(zone === "UTC" ? 1 : 2)
    }
  })

  it("writes a VTIMEZONE for every zone used, from the maintained tz rules, and DTSTAMP in UTC", () => {
    for (const { zone, schedule } of schedules) {
      const text = Rotation.toICalendar(schedule, { name: "support" })
      const tzids = new Set([...text.matchAll(/;TZID=([^:;]+)[:;]/g)].map((m) => m[1]))
      const vtimezones = [...text.matchAll(/BEGIN:VTIMEZONE\r\nTZID:([^\r]+)\r\n/g)].map((m) => m[1])
      // UTC times are written as UTC (with Z), which needs no VTIMEZONE
      expect([...tzids], zone).toEqual(zone === "UTC" ? [] : [zone])
      expect(vtimezones, zone).toEqual(zone === "UTC" ? [] : [zone])
      if (zone === "UTC") { for (const m of text.matchAll(/^DT(?:START|END)[:;](.*)$/gm)) expect(m[1]).toMatch(/^\d{8}T\d{6}Z\s*$/) }
      const stamps = [...text.matchAll(/^DTSTAMP:(.*)$/gm)].map((m) => (m[1] ?? "").trim())
      expect(stamps.length).toBeGreaterThan(0)
      for (const s of stamps) expect(s).toMatch(/^\d{8}T\d{6}Z$/)
    }
  })

  it("ical.js reads every event at the schedule's start and end instants", () => {
    for (const { zone, schedule } of schedules) {
      const text = Rotation.toICalendar(schedule, { name: "support" })
      expect([zone, readWithIcalJs(text)]).toEqual([zone, expected(schedule, "support")])
    }
  })

  it.skipIf(python === undefined)("Python's icalendar reads every event at the schedule's start and end instants", () => {
    for (const { zone, schedule } of schedules) {
      const text = Rotation.toICalendar(schedule, { name: "support" })
      expect([zone, readWithPython(text)]).toEqual([zone, expected(schedule, "support")])
    }
  })
})

describe("time zone names are the IANA database's", () => {
  const weekly = [{ days: ["mon"], windows: ["09:00-17:00"] }]

  it("refuses abbreviations, legacy names and wrong case, naming the path and the name to write", () => {
    for (
      const [name, write] of [
        ["PST", "America/Los_Angeles"],
        ["america/los_angeles", "America/Los_Angeles"],
        ["US/Pacific", "America/Los_Angeles"],
        ["europe/BERLIN", "Europe/Berlin"]
      ] as const
    ) {
      expect(problemsOf(() => Coverage.decodeSync({ timeZone: name, weekly }))).toEqual([{
        path: "timeZone",
        message: expect.stringContaining(`(write "${write}")`)
      }])
      expect(problemsOf(() => Shift.decodeSync({ start: "2026-01-05", length: { weeks: 1 }, timeZone: name }))).toEqual([{
        path: "timeZone",
        message: expect.stringContaining(`got "${name}"`)
      }])
    }
    const profile =
      `name: T\nteam: { members: [{ id: a, name: A, weight: 1 }] }\ncoverage: { timeZone: PST, weekly: [{ days: [mon], windows: ["09:00-17:00"] }] }\nshifts: { start: "2026-01-05", length: { weeks: 1 } }\n`
    expect(problemsOf(() => Config.fromText(profile)).map((p) => p.path)).toContain("coverage.timeZone")
  })

  it("accepts the canonical names", () => {
    for (const name of ["America/Los_Angeles", "Europe/Berlin", "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kolkata", "UTC"]) {
      expect(Coverage.timeZone(Coverage.decodeSync({ timeZone: name, weekly }))).toBe(name)
    }
  })

  it("toICalendar refuses a schedule whose zone is not one, with the path", () => {
    const stored = { ...(JSON.parse(JSON.stringify(schedules[0]?.schedule)) as Rotation.Schedule), timeZone: "PST" }
    expect(problemsOf(() => Rotation.toICalendar(stored))).toEqual([{ path: "timeZone", message: expect.stringContaining("got \"PST\"") }])
    expect(() => Rotation.toICalendar(stored)).toThrow(Types.ValidationError)
  })
})

describe("Rotation.toICalendar options", () => {
  const { schedule } = schedules[0] as { readonly schedule: Rotation.Schedule }
  const member = schedule.duties[0]?.primary as Types.MemberId
  it("member keeps exactly that member's duties, in both roles", () => {
    const cal = new ICAL.Component(ICAL.parse(Rotation.toICalendar(schedule, { member })) as Array<unknown>)
    const uids = cal.getAllSubcomponents("vevent").map((v) => String(v.getFirstPropertyValue("uid")))
    const want = schedule.duties.flatMap((d) => [
      ...(d.primary === member ? [`support-rotation-${d.shift}-primary@sre-uxdd.invalid`] : []),
      ...(d.backup === member ? [`support-rotation-${d.shift}-backup@sre-uxdd.invalid`] : [])
    ])
    expect(want.length).toBeGreaterThan(0)
    expect(uids.sort()).toEqual(want.sort())
  })
  it("transparent marks every event as free time, and only then", () => {
    const transp = (text: string) =>
      new ICAL.Component(ICAL.parse(text) as Array<unknown>).getAllSubcomponents("vevent").map((v) => v.getFirstPropertyValue("transp"))
    const free = transp(Rotation.toICalendar(schedule, { transparent: true }))
    expect(free.length).toBeGreaterThan(0)
    expect(free.every((t) => t === "TRANSPARENT")).toBe(true)
    expect(transp(Rotation.toICalendar(schedule)).every((t) => t === null)).toBe(true)
  })
})
