// The planner loop: one pass over the plan's shifts, each role on its own exact ledger.
// Inputs are already normalised (members sorted by id, absences resolved per shift), so the
// loop is deterministic whatever the order of the user's input. Per shift: leaves take
// effect, then the Primary is staffed, then the Backup (choose.ts picks; runState.ts keeps
// what carries over from one shift to the next).
import { choose, type Pick, pinned } from "./choose.js"
import { advanceTo, begin, poolOf, type RoleState, type RunState, targetBound } from "./runState.js"
import { type EngineInput, NoCandidate, type Pinned, type RoleTrace, type Slot, type Step } from "./types.js"

export { type EngineInput, NoCandidate, type Pinned, type Reason, type RoleTrace, type Slot, type Step, type StrategyName } from "./types.js"

export const run = (input: EngineInput): ReadonlyArray<Step> => {
  const state = begin(input)
  const steps: Array<Step> = []
  for (let p = 0; p < input.slots.length; p++) steps.push(shiftStep(state, p))
  return steps
}

const shiftStep = (run: RunState, p: number): Step => {
  const { input } = run
  const slot = input.slots[p] as Slot
  advanceTo(run, p)
  const left = applyLeaves(run, slot)
  if (slot.covered <= 0) return { pos: p, kind: "skipped", left }
  const published = input.published.get(p)
  const candidates: Array<number> = []
  for (let i = 0; i < input.n; i++) if (slot.avail[i] === 1 && slot.present[i] === 1) candidates.push(i)
  if (candidates.length === 0 && published === undefined) {
    if (input.allowGaps) return { pos: p, kind: "gap", left }
    throw new NoCandidate(p, "primary")
  }
  const primary = staffPrimary(run, p, slot, published, candidates)
  const backup = input.backup ? staffBackup(run, p, slot, published, primary.actual) : undefined
  return backup === undefined ? { pos: p, kind: "duty", primary, left } : { pos: p, kind: "duty", primary, backup, left }
}

const nobody: ReadonlyArray<number> = []

// Leaves take effect at the first shift a member is no longer present: the leaver's lag is
// shared out by weight among those who stay, on each role's ledger.
const applyLeaves = (run: RunState, slot: Slot): ReadonlyArray<number> => {
  const prevPresent = run.prevPresent
  run.prevPresent = slot.present
  if (prevPresent === undefined) return nobody
  const { n, qualified } = run.input
  let left = nobody
  let remaining: Array<number> | undefined
  for (let i = 0; i < n; i++) {
    if (prevPresent[i] === 1 && slot.present[i] === 0) {
      if (remaining === undefined) {
        remaining = []
        for (let j = 0; j < n; j++) if (slot.present[j] === 1 && prevPresent[j] === 1) remaining.push(j)
      }
      if (left === nobody) left = []
      ;(left as Array<number>).push(i)
      run.primary.ledger.redistribute(i, remaining, slot.weight)
      // The leaver was on the Backup team too when qualified (it was present before).
      if (qualified[i] === true) run.backup.ledger.redistribute(i, remaining.filter((j) => qualified[j] === true), slot.weight)
    }
  }
  return left
}

const trace = (state: RoleState, pre: RoleTrace["pre"], pool: Uint8Array, S: bigint, pick: Pick, actual: number, published: boolean): RoleTrace => ({
  L: state.ledger.L,
  pre,
  post: state.ledger.snapshot(),
  pool,
  S,
  order: pick.order,
  rejected: pick.rejected,
  assigned: pick.chosen,
  actual,
  bound: pick.bound,
  source: published ? "published" : "planned",
  paired: pick.paired
})

const staffPrimary = (run: RunState, p: number, slot: Slot, published: Pinned | undefined, candidates: ReadonlyArray<number>): RoleTrace => {
  const P = run.primary
  const a = slot.weight
  const { pool, list, S } = poolOf(run, P, a, (i) => slot.present[i] === 1 && (slot.avail[i] === 1 || slot.owes[i] === 1))
  P.ledger.accrue(list, a, S)
  const pre = P.ledger.snapshot()
  const pick = published !== undefined
    ? pinned(published.primary)
    : choose(run, P, {
      role: "primary",
      p,
      candidates,
      a,
      pre,
      primary: -1,
      target: () => targetBound(run, a, slot, "primary"),
      slot0Avail: (i) => slot.avail[i] === 1
    })
  const actual = run.input.overridePrimary.get(p) ?? pick.chosen
  P.ledger.serve(actual)
  const primary = trace(P, pre, pool, S, pick, actual, published !== undefined)
  P.last = actual
  return primary
}

// The Backup: its own ledger over qualified, available members other than the Primary;
// undefined when nobody qualifies and none is published.
const staffBackup = (run: RunState, p: number, slot: Slot, published: Pinned | undefined, primary: number): RoleTrace | undefined => {
  const B = run.backup
  const { qualified } = run.input
  const a = slot.weight
  const { pool, list, S } = poolOf(run, B, a, (i) => i !== primary && qualified[i] === true && slot.avail[i] === 1 && slot.present[i] === 1)
  const pin = published !== undefined && published.backup >= 0 ? published.backup : undefined
  if (list.length === 0 && pin === undefined) return undefined
  B.ledger.accrue(list, a, S)
  const pre = B.ledger.snapshot()
  const pick = pin !== undefined
    ? pinned(pin)
    : choose(run, B, {
      role: "backup",
      p,
      candidates: list,
      a,
      pre,
      primary,
      target: () => targetBound(run, a, slot, "backup"),
      slot0Avail: (i) => pool[i] === 1
    })
  const actual = run.input.overrideBackup.get(p) ?? pick.chosen
  B.ledger.serve(actual)
  const backup = trace(B, pre, pool, S, pick, actual, pin !== undefined)
  B.last = actual
  return backup
}
