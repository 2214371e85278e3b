// The schedule as code against the fake GitHub and a real SQLite file, in-process: publish,
// swap and cover write sre.schedule.yaml, the store mirrors every version, and exactly the
// members whose future duties changed are mentioned on the schedule item with what changed and why.
import { Store } from "@sre-uxdd/core"
import { Sqlite } from "@sre-uxdd/storage"
import { Effect, Stream } from "effect"
import { existsSync, mkdirSync, readFileSync, renameSync, rmdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { parse } from "yaml"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { type FakeGitHub, logins, seed, startFake, TOKEN, trackerSection } from "./support/fakeGitHub.js"
import { example, repo, sre } from "./support/sre.js"

const HOUR = 3_600_000
// Tuesday 1 December 2026, 10:00 in Los Angeles.
const T0 = Date.parse("2026-12-01T18:00:00Z")
const at = (ms: number) => new Date(ms).toISOString()
const ids = ["ana", "ben", "chen", "dora", "eli", "fay", "gus"]
const loginOf = (id: string) => logins[ids.indexOf(id)] ?? id
const names: { readonly [id: string]: string } = {
  ana: "Ana Morales",
  ben: "Ben Okafor",
  chen: "Chen Wei",
  dora: "Dora Petrova",
  eli: "Eli Haddad",
  fay: "Fay Lindqvist",
  gus: "Gus Tanaka"
}

let fake: FakeGitHub
beforeAll(async () => {
  fake = await startFake()
})
afterAll(async () => {
  await fake.stop()
})
beforeEach(() => {
  seed(fake)
  fake.setTime(T0 - HOUR)
  // The support item the team is mentioned on when duties change.
  fake.openIssue("visit-dav/support", { title: "Support schedule", user: "ana-m", at: T0 - 2 * HOUR })
})

const teamRepo = (scheduleItem = true): string => {
  const dir = repo()
  writeFileSync(
    join(dir, "sre.config.yaml"),
    readFileSync(example, "utf8") + trackerSection(fake.url) + (scheduleItem ? "  scheduleItem: visit-dav/support#1\n" : "")
  )
  return dir
}
const env = (now: number, extra: { readonly [k: string]: string | undefined } = {}) => ({
  GITHUB_TOKEN: TOKEN,
  SRE_UXDD_NOW: at(now),
  SRE_UXDD_SMTP_HOST: undefined,
  ...extra
})

interface Row {
  readonly shift: number
  readonly start: string
  readonly primary: string
  readonly backup?: string
}
const fileOf = (dir: string) => parse(readFileSync(join(dir, "sre.schedule.yaml"), "utf8")) as { readonly version: number; readonly duties: ReadonlyArray<Row> }
const versions = (dir: string) =>
  Effect.runPromise(
    Effect.scoped(Effect.gen(function*() {
      const store = yield* Store.Store
      return yield* Stream.runCollect(store.schedules)
    })).pipe(Effect.provide(Sqlite.layer({ file: join(dir, ".sre", "sre.db") })))
  )
const mentions = () => fake.comments.filter((c) => c.repo === "visit-dav/support" && c.issue === 1)

/** Two future published shifts whose Primaries differ and neither is the other's Backup. */
const pickSwap = (dir: string): readonly [Row, Row] => {
  const future = fileOf(dir).duties.filter((d) => Date.parse(d.start) > T0)
  for (const a of future) {
    for (const b of future) {
      if (a.shift < b.shift && a.primary !== b.primary && a.backup !== b.primary && b.backup !== a.primary) return [a, b]
    }
  }
  throw new Error("no two shifts to swap")
}

interface Told {
  readonly member: string
  readonly text: string
  readonly delivered: boolean
}
interface Mirror {
  readonly version: number | null
  readonly changed: ReadonlyArray<
    {
      readonly member: string
      readonly added: ReadonlyArray<{ readonly shift: number; readonly role: string }>
      readonly removed: ReadonlyArray<{ readonly shift: number; readonly role: string }>
    }
  >
  readonly told: ReadonlyArray<Told>
}
const storeOf = (out: string) => (JSON.parse(out) as { readonly store: Mirror }).store

describe("sre schedule publish, swap and cover (fake GitHub, SQLite)", () => {
  it("publishes and swaps: the store holds both versions, exactly the two swapped members are told, a second publish tells no one", async () => {
    const dir = teamRepo()
    const published = await sre(dir, env(T0), "schedule", "publish", "--weeks", "6", "--json")
    expect(published.code).toBe(0)
    const first = storeOf(published.out)
    expect(first.version).toBe(1)
    // Everyone with a new future shift is told of it, once, on the schedule item.
    const withShifts = [
      ...new Set(fileOf(dir).duties.filter((d) => Date.parse(d.start) >= T0).flatMap((d) => [d.primary, ...(d.backup === undefined ? [] : [d.backup])]))
    ].sort()
    expect(first.told.map((t) => t.member).sort()).toEqual(withShifts)
    expect(first.told.every((t) => t.delivered)).toBe(true)
    expect(mentions().length).toBe(withShifts.length)
    expect(first.told[0]?.text).toMatch(/\(the publication of \d+ new shifts\)/)

    const [a, b] = pickSwap(dir)
    const swapped = await sre(dir, env(T0 + HOUR), "swap", String(a.shift), String(b.shift), "--json")
    expect(swapped.code).toBe(0)
    const second = storeOf(swapped.out)
    expect(second.version).toBe(2)
    expect(second.told.map((t) => t.member).sort()).toEqual([a.primary, b.primary].sort())
    const changeOf = (member: string) => second.changed.find((c) => c.member === member)
    expect(changeOf(a.primary)).toEqual({
      member: a.primary,
      added: [expect.objectContaining({ shift: b.shift, role: "primary" })],
      removed: [expect.objectContaining({ shift: a.shift, role: "primary" })]
    })
    expect(changeOf(b.primary)).toEqual({
      member: b.primary,
      added: [expect.objectContaining({ shift: a.shift, role: "primary" })],
      removed: [expect.objectContaining({ shift: b.shift, role: "primary" })]
    })
    const told = mentions().slice(withShifts.length)
    expect(told.length).toBe(2)
    const toA = told.find((c) => c.body.includes(`@${loginOf(a.primary)}`))
    expect(toA?.body).toContain(`a swap with ${names[b.primary]}`)
    expect(toA?.body).toMatch(new RegExp(`New:\\n- shift ${b.shift} .* as Primary\\nNo longer yours:\\n- shift ${a.shift} .* as Primary`))
    expect(told.find((c) => c.body.includes(`@${loginOf(b.primary)}`))?.body).toContain(`a swap with ${names[a.primary]}`)

    const again = await sre(dir, env(T0 + 2 * HOUR), "schedule", "publish", "--weeks", "6", "--json")
    expect(again.code).toBe(0)
    expect(storeOf(again.out)).toMatchObject({ version: null, told: [] })
    const dry = await sre(dir, env(T0 + 2 * HOUR), "schedule", "publish", "--weeks", "6", "--dry-run")
    expect(dry.out).toContain("store: already holds this schedule (version 2); nobody to tell.")
    expect(mentions().length).toBe(withShifts.length + 2)
    const stored = await versions(dir)
    expect(stored.map((v) => v.version)).toEqual([1, 2])
    const v2 = (stored[1]?.document as { readonly duties: ReadonlyArray<{ readonly shift: number; readonly primary: string }> }).duties
    expect(v2.find((d) => d.shift === a.shift)?.primary).toBe(b.primary)
    expect(v2.find((d) => d.shift === b.shift)?.primary).toBe(a.primary)
  })

  it("a dry run of a cover prints who would be told and writes nothing; the cover tells the two whose duties change", async () => {
    const dir = teamRepo()
    expect((await sre(dir, env(T0), "schedule", "publish", "--weeks", "4")).code).toBe(0)
    const before = readFileSync(join(dir, "sre.schedule.yaml"), "utf8")
    const shift = fileOf(dir).duties.find((d) => Date.parse(d.start) > T0 && d.primary !== "gus" && d.backup !== "gus")
    if (shift === undefined) throw new Error("no shift to cover")
    const count = mentions().length
    const dry = await sre(dir, env(T0 + HOUR), "cover", String(shift.shift), "gus", "--dry-run")
    expect(dry.code).toBe(0)
    expect(dry.out).toContain(`would tell ${names[shift.primary]}`)
    expect(dry.out).toContain("would tell Gus Tanaka")
    expect(dry.out).toMatch(new RegExp(`- shift ${shift.shift} .* as Primary`))
    expect(readFileSync(join(dir, "sre.schedule.yaml"), "utf8")).toBe(before)
    expect((await versions(dir)).length).toBe(1)
    expect(mentions().length).toBe(count)

    const real = await sre(dir, env(T0 + HOUR), "cover", String(shift.shift), "gus")
    expect(real.code).toBe(0)
    expect(real.out).toContain("store: schedule version 2 recorded.")
    const told = mentions().slice(count)
    expect(told.map((c) => c.body.split(" ")[0]).sort()).toEqual([`@${loginOf(shift.primary)}`, "@gtanaka"].sort())
    expect(told.find((c) => c.body.startsWith("@gtanaka"))?.body).toContain(`your cover of shift ${shift.shift} as Primary`)
    expect(told.find((c) => !c.body.startsWith("@gtanaka"))?.body).toContain(`a cover by Gus Tanaka (shift ${shift.shift} as Primary)`)
  })

  it("converges after the store failed once the file was written: the next publish records the swap and tells the two", async () => {
    const dir = teamRepo()
    expect((await sre(dir, env(T0), "schedule", "publish", "--weeks", "6")).code).toBe(0)
    const [a, b] = pickSwap(dir)
    const db = join(dir, ".sre", "sre.db")
    // The store cannot be opened (a directory where its file was).
    renameSync(db, `${db}.away`)
    mkdirSync(db)
    const count = mentions().length
    const broken = await sre(dir, env(T0 + HOUR), "swap", String(a.shift), String(b.shift))
    expect(broken.code).not.toBe(0)
    expect(broken.err).toContain("the schedule file is the source of truth")
    expect(fileOf(dir).version).toBe(2)
    rmdirSync(db)
    renameSync(`${db}.away`, db)
    expect((await versions(dir)).length).toBe(1)
    expect(mentions().length).toBe(count)

    const next = await sre(dir, env(T0 + 2 * HOUR), "schedule", "publish", "--weeks", "6", "--json")
    expect(next.code).toBe(0)
    const m = storeOf(next.out)
    expect(m.version).toBe(2)
    expect(m.told.map((t) => t.member).sort()).toEqual([a.primary, b.primary].sort())
    expect(mentions().slice(count).every((c) => c.body.includes("a swap with"))).toBe(true)
    expect((await versions(dir)).map((v) => v.version)).toEqual([1, 2])
  })

  it("refuses a bad tracker.scheduleItem before writing anything", async () => {
    const dir = teamRepo(false)
    writeFileSync(join(dir, "sre.config.yaml"), readFileSync(join(dir, "sre.config.yaml"), "utf8") + "  scheduleItem: 12\n")
    const out = await sre(dir, env(T0), "schedule", "publish", "--weeks", "2")
    expect(out.code).toBe(2)
    expect(out.err).toContain("tracker.scheduleItem: expected the support item to mention members on")
    expect(out.err).toContain("nothing was written")
    expect(existsSync(join(dir, "sre.schedule.yaml"))).toBe(false)
  })

  it("says that no notifier is configured instead of failing, and still records the version", async () => {
    const dir = teamRepo(false)
    const out = await sre(dir, env(T0), "schedule", "publish", "--weeks", "2")
    expect(out.code).toBe(0)
    expect(out.out).toContain("store: schedule version 1 recorded.")
    expect(out.out).toMatch(
      /No notifier is configured for schedule notices \(no tracker\.scheduleItem to mention members on, no SRE_UXDD_SMTP_HOST for e-mail\): nobody was told/
    )
    expect(mentions().length).toBe(0)
    expect((await versions(dir)).length).toBe(1)
  })
})
