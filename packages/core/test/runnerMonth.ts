// A simulated month of a VisIt-like team against the in-memory ports: weekly shifts handed
// off Monday 08:00 Pacific, coverage 08:00-12:00 and 13:00-17:00 on weekdays without US
// holidays; inquiries on weekdays, a weekend and a holiday; an absence announced mid-month
// (a cover) and a swap (a trade), each published; a breached response; a stale inquiry and
// an exempt one; shift ends. Shared by Runner.month.test.ts.
import { Effect, Layer } from "effect"
import { Coverage, type Inquiry, Notifier, Rotation, Runner, Store, Team, Tracker, Types } from "../src/index.js"

export const hour = 3_600_000
export const zone = "America/Los_Angeles"
/** Epoch ms of a Los Angeles wall-clock time in January 2026 (PST, UTC-8). */
export const la = (d: number, h: number, min = 0): number => Date.UTC(2026, 0, d, h + 8, min)

export const coverage = Coverage.make({
  timeZone: zone,
  weekly: [{ days: ["mon", "tue", "wed", "thu", "fri"], windows: ["08:00-12:00", "13:00-17:00"] }],
  holidays: { regions: ["US"] }
})

export const team = Team.decodeSync({
  members: [
    { id: "eric", name: "Eric", weight: 1, backup: { senior: true } },
    { id: "kathleen", name: "Kathleen", weight: 0.5, backup: { senior: true } },
    { id: "mark", name: "Mark", weight: 1, backup: { senior: true } },
    { id: "cyrus", name: "Cyrus", weight: 0.5 },
    { id: "justin", name: "Justin", weight: 0.8 }
  ]
})
export const members = team.members.map((m) => m.id)
const shifts = { start: "2026-01-05", at: "08:00", length: { weeks: 1 } } as const
export const start = la(5, 8)
export const end = la(31, 23)

export interface Script {
  readonly at: number
  readonly what: string
  readonly act: (ctx: Ctx) => Effect.Effect<void, Tracker.TrackerError | Store.StoreError | Runner.RunnerError>
}

/** A recorded change of one shift's Primary (an absence's substitute, one side of a swap). */
export interface Edit {
  readonly shift: number
  readonly primary: Types.MemberId
  readonly backup?: Types.MemberId | undefined
}

export interface Ctx {
  readonly memory: Tracker.MemoryTracker
  readonly runner: Runner.Runner
  readonly ids: Map<string, Types.InquiryId>
  readonly edits: Array<Edit>
  readonly duties: () => Effect.Effect<ReadonlyArray<Types.Duty>, Store.StoreError>
}

const id = (ctx: Ctx, name: string): Types.InquiryId => ctx.ids.get(name) as Types.InquiryId
const open = (name: string, at: number, labels?: ReadonlyArray<string>): Script => ({
  at,
  what: `${name} opens`,
  act: (ctx) =>
    Effect.map(ctx.memory.open({ title: `Inquiry ${name}`, body: `Question ${name}`, author: `user-${name}`, at, labels }), (i) => void ctx.ids.set(name, i))
})
const primaryAt = (duties: ReadonlyArray<Types.Duty>, at: number): Types.MemberId => (duties.find((d) => d.start <= at && at < d.end) as Types.Duty).primary
const answer = (name: string, at: number): Script => ({
  at,
  what: `the Primary answers ${name}`,
  act: (ctx) => Effect.flatMap(ctx.duties(), (duties) => ctx.memory.comment(id(ctx, name), { author: primaryAt(duties, at), body: "Here is what to try.", at }))
})
const waitOnReporter = (name: string, at: number): Script => ({
  at,
  what: `${name} waits on its reporter`,
  act: (ctx) => Effect.flatMap(ctx.duties(), (duties) => ctx.memory.label(id(ctx, name), { label: "waiting-on-reporter", actor: primaryAt(duties, at), at }))
})
const publish = (at: number, reason: string, edit: (ctx: Ctx, duties: ReadonlyArray<Types.Duty>) => void): Script => ({
  at,
  what: `publish: ${reason}`,
  act: (ctx) =>
    Effect.gen(function*() {
      edit(ctx, yield* ctx.duties())
      yield* ctx.runner.publish(la(31, 23), { now: at, reason })
    })
})

const weekOf = (duties: ReadonlyArray<Types.Duty>, n: number): Types.Duty => duties[n] as Types.Duty

/** The month's script, in order. */
export const script: ReadonlyArray<Script> = [
  open("weekday", la(5, 10)),
  answer("weekday", la(5, 11)),
  open("breach", la(6, 9)),
  answer("breach", la(6, 16, 30)),
  open("stale", la(7, 10)),
  answer("stale", la(7, 11)),
  waitOnReporter("stale", la(7, 11, 5)),
  open("pinned", la(7, 10, 30), ["pinned"]),
  answer("pinned", la(7, 11, 30)),
  waitOnReporter("pinned", la(7, 11, 35)),
  open("weekend", la(10, 12)),
  // An absence announced mid-month: the week-4 Primary will be away; someone else takes the week.
  publish(la(14, 12), "absence announced: week 4", (ctx, duties) => {
    const week = weekOf(duties, 3)
    const substitute = members.find((m) => m !== week.primary && m !== week.backup) as string
    ctx.edits.push({ shift: week.shift, primary: Types.MemberId.make(substitute) })
  }),
  // A swap of the week-3 and week-4 Primaries, published the next day.
  publish(la(15, 12), "swap of weeks 3 and 4", (ctx, duties) => {
    const a = weekOf(duties, 2)
    const b = weekOf(duties, 3)
    ctx.edits.push({ shift: a.shift, primary: b.primary, backup: b.backup }, { shift: b.shift, primary: a.primary, backup: a.backup })
  }),
  open("holiday", la(19, 10)), // Martin Luther King Jr. Day
  answer("holiday", la(20, 9)),
  answer("weekend", la(12, 9))
].sort((a, b) => a.at - b.at)

export interface LogLine {
  readonly at: number
  readonly key: string
  readonly action: string
  readonly outcome: string
}

export interface Month {
  readonly memory: Tracker.MemoryTracker
  readonly store: Store.Store["Service"]
  readonly notifier: Notifier.MemoryNotifier
  readonly runner: Runner.Runner
  readonly ids: ReadonlyMap<string, Types.InquiryId>
  readonly log: ReadonlyArray<LogLine>
  readonly ticks: ReadonlyArray<number>
  readonly config: Runner.Config
  readonly layer: Layer.Layer<Tracker.Tracker | Store.Store | Notifier.Notifier>
}

/** The runner's configuration for the month: the planner takes the base plan and applies the edits recorded so far. */
export const configOf = (edits: ReadonlyArray<Edit>, first: ReadonlyArray<Types.Duty>): Runner.Config => ({
  team: members.map((m) => Types.MemberId.make(m)),
  duties: first,
  coverage,
  timeZone: zone,
  acknowledge: true,
  stale: { exemptLabels: ["pinned"] },
  planner: ({ horizon }) =>
    Effect.sync(() =>
      first
        .filter((d) => d.start < horizon)
        .map((d): Types.Duty =>
          edits.reduce<Types.Duty>(
            (x, e) => (e.shift === x.shift ? { ...x, primary: e.primary, ...(e.backup === undefined ? {} : { backup: e.backup }) } : x),
            d
          )
        )
    )
})

export const firstPlan = (): ReadonlyArray<Types.Duty> => Rotation.planSync({ team, coverage, shifts, from: start, to: la(31, 23) }).duties

/** Runs the month with an hourly `run` (sync, tick, execute). */
export const month = (options: { readonly every?: number; readonly until?: number } = {}) =>
  Effect.gen(function*() {
    const memory = yield* Tracker.makeMemory({ members, pageSize: 7 })
    const store = yield* Store.makeMemory
    const notifier = yield* Notifier.makeMemory
    const layer = Layer.mergeAll(
      Layer.succeed(Tracker.Tracker)(memory.service),
      Layer.succeed(Store.Store)(store),
      Layer.succeed(Notifier.Notifier)(notifier.service)
    )
    const edits: Array<Edit> = []
    const first = firstPlan()
    const config = configOf(edits, first)
    const runner = yield* Effect.provide(Runner.make(config), layer)
    const ids = new Map<string, Types.InquiryId>()
    const ctx: Ctx = {
      memory,
      runner,
      ids,
      edits,
      duties: () => Effect.map(store.latestSchedule, (v) => (v === undefined ? first : (v.document as { readonly duties: ReadonlyArray<Types.Duty> }).duties))
    }
    yield* runner.publish(la(31, 23), { now: start, reason: "the month" })
    const log: Array<LogLine> = []
    const ticks: Array<number> = []
    let next = 0
    const every = options.every ?? hour
    for (let now = start; now <= (options.until ?? end); now += every) {
      while (next < script.length && (script[next] as Script).at <= now) {
        yield* (script[next] as Script).act(ctx)
        next++
      }
      const r = yield* runner.run({ now })
      ticks.push(now)
      for (const receipt of r.execute.receipts) log.push({ at: now, key: receipt.key, action: receipt.action, outcome: receipt.outcome })
    }
    return { memory, store, notifier, runner, ids, log, ticks, config, layer } satisfies Month
  })

export type { Inquiry }
