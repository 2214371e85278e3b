// Executes pending actions under the store's lease, oldest first within the write budget.
// Exactly once: the store's queue says what is left; a crash between a tracker write and
// its receipt is covered by the tracker finding the action's marker (`already-done`), whose
// events then complete the record.
import { Effect } from "effect"
import type * as Action from "../../Action.js"
import * as Notifier from "../../Notifier.js"
import type * as Runner from "./config.js"
import type * as Store from "../../Store.js"
import * as Tracker from "../../Tracker.js"
import type * as Types from "../../Types.js"
import { isoInstant } from "../templates.js"

type Failure = Tracker.TrackerError | Notifier.NotifierError

export interface Ports {
  readonly store: Store.Store["Service"]
  readonly tracker: Tracker.Tracker["Service"]
  readonly notifier: Notifier.Notifier["Service"]
}

/** What the action costs on the tracker (notifications and records cost none). */
export const costOf = (tracker: Tracker.Tracker["Service"], action: Action.Action): number =>
  Tracker.isTrackerAction(action) ? (fallbackOf(tracker, action) ?? [action]).reduce((n, a) => n + tracker.cost(a), 0) : 0

/** The actions that stand in for one the tracker cannot do, or `undefined` when it can. */
export const fallbackOf = (tracker: Tracker.Tracker["Service"], action: Tracker.TrackerAction): ReadonlyArray<Tracker.TrackerAction> | undefined => {
  const inquiry = "inquiry" in action ? action.inquiry : undefined
  const caps = tracker.capabilities(inquiry)
  if (action._tag === "Assign" && !caps.assign) {
    return [
      {
        _tag: "Comment",
        key: `${action.key}:mention`,
        inquiry: action.inquiry,
        visibility: "public",
        text: `${Tracker.mention(action.assignee)} owns this inquiry now.`
      },
      ...(caps.labels
        ? [{ _tag: "AddLabel" as const, key: `${action.key}:owner-label`, inquiry: action.inquiry, label: `${Tracker.ownerLabelPrefix}${action.assignee}` }]
        : [])
    ]
  }
  if (action._tag === "Close" && !caps.closeReasons.includes(action.reason)) {
    return [
      { _tag: "Comment", key: `${action.key}:reason`, inquiry: action.inquiry, visibility: "public", text: `Closing this inquiry (${action.reason}).` },
      { ...action, key: `${action.key}:as-resolved`, reason: "resolved" }
    ]
  }
  if (action._tag === "Comment" && action.visibility === "internal" && !caps.internalComments) return []
  return undefined
}

const withIssue = (ports: Ports, action: Tracker.TrackerAction): Effect.Effect<Tracker.TrackerAction | undefined, Store.StoreError> =>
  action._tag !== "Comment" || action.issueFrom === undefined
    ? Effect.succeed(action)
    : Effect.map(
      ports.store.receipt(action.issueFrom),
      (r) => r?.reference === undefined ? undefined : { ...action, text: action.text.split("{issue}").join(r.reference) }
    )

// The owner the process records when the tracker cannot assign: replay must know it, or
// every later tick would assign again.
const ownerEvent = (action: Extract<Action.Action, { readonly _tag: "Assign" }>, now: number, actor: string) => ({
  type: "assigned" as const,
  inquiry: action.inquiry,
  at: isoInstant(now),
  actor,
  to: action.assignee,
  id: `runner:${action.key}`
})

const runOne = (
  ports: Ports,
  config: Runner.Config,
  action: Action.Action,
  now: Types.Millis
): Effect.Effect<Tracker.Receipt | undefined, Failure | Store.StoreError> =>
  Effect.gen(function*() {
    if (Notifier.isNotifierAction(action)) return yield* ports.notifier.deliver(action, now)
    if (!Tracker.isTrackerAction(action)) {
      return { key: action.key, action: action._tag, outcome: "written" as const, executedAt: now, detail: "recorded in the store", requests: 0, events: [] }
    }
    const ready = yield* withIssue(ports, action)
    if (ready === undefined) return undefined
    const fallback = fallbackOf(ports.tracker, ready)
    if (fallback === undefined) return yield* ports.tracker.execute(ready, now)
    const receipts: Array<Tracker.Receipt> = []
    for (const a of fallback) receipts.push(yield* ports.tracker.execute(a, now))
    const events = receipts.flatMap((r) => r.events)
    if (ready._tag === "Assign") events.push(ownerEvent(ready, now, config.bot ?? "sre-uxdd[bot]"))
    return {
      key: ready.key,
      action: ready._tag,
      outcome: "fallback" as const,
      executedAt: now,
      detail: fallback.length === 0
        ? "the tracker cannot do this; nothing stands in for it on the tracker"
        : `the tracker cannot do this; did instead: ${fallback.map((a) => a._tag).join(", ")}`,
      requests: receipts.reduce((n, r) => n + r.requests, 0),
      events
    }
  })

export interface Executed {
  readonly receipts: ReadonlyArray<Tracker.Receipt>
  readonly left: number
  readonly waiting: ReadonlyArray<string>
  readonly failures: ReadonlyArray<{ readonly key: string; readonly detail: string; readonly retryable: boolean }>
  readonly leased: boolean
  readonly cost: number
}

export const execute = (ports: Ports, config: Runner.Config, now: Types.Millis, budget: number): Effect.Effect<Executed, Store.StoreError> =>
  Effect.gen(function*() {
    const lease = `${config.name ?? "runner"}:execute`
    const holder = config.holder ?? "runner"
    const ttl = config.leaseTtl ?? 300_000
    if (!(yield* ports.store.acquire(lease, holder, ttl, now)))
      return { receipts: [], left: (yield* ports.store.pending()).length, waiting: [], failures: [], leased: false, cost: 0 }
    return yield* Effect.ensuring(
      Effect.gen(function*() {
        const queue = yield* ports.store.pending()
        const receipts: Array<Tracker.Receipt> = []
        const waiting: Array<string> = []
        const failures: Array<{ readonly key: string; readonly detail: string; readonly retryable: boolean }> = []
        let spent = 0
        let stopped = false
        for (const { action } of queue) {
          if (stopped) break
          const cost = costOf(ports.tracker, action)
          if (spent + cost > budget && spent > 0) break
          if (cost > budget && spent === 0 && budget <= 0) break
          const r = yield* Effect.result(runOne(ports, config, action, now))
          if (r._tag === "Failure") {
            const f = r.failure
            if (f._tag === "StoreError") return yield* Effect.fail(f)
            failures.push({ key: action.key, detail: f.message, retryable: f.retryable })
            spent += cost
            // An outage or a rate limit stops the run; the rest waits for the next one.
            if (f.retryable) stopped = true
            continue
          }
          if (r.success === undefined) {
            waiting.push(action.key)
            continue
          }
          spent += r.success.requests > 0 ? cost : 0
          yield* ports.store.complete(r.success)
          receipts.push(r.success)
        }
        const left = (yield* ports.store.pending()).length
        return { receipts, left, waiting, failures, leased: true, cost: spent }
      }),
      Effect.ignore(ports.store.release(lease, holder))
    )
  })
