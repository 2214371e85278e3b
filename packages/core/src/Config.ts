/**
 * The team profile: one document a team keeps in git (YAML or JSON) with everything
 * the process needs: the team and its members, coverage, the shift grid and rotation
 * strategy, response goals per priority, the stale rule, the escalation policy, the
 * supported first-contact platforms, message templates, the simulation model, and
 * (later) tracker and storage settings.
 *
 * Decoding checks the shape of the whole document first, then every section with its
 * module's own decoder (`Coverage`, `Team`, `Shift`, `Inquiry` goals, `Platforms`,
 * template catalogs), and reports every problem at once with its full path, e.g.
 * `team.members[2].weight: expected a number in (0, 1], got 1.5`. Unknown fields are
 * errors too (`goal: unknown field, got ...`), so a misspelt key is never silently ignored. YAML syntax errors
 * name the line and column. {@link jsonSchema} exports the profile's JSON Schema so
 * editors can validate and complete it.
 *
 * @since 0.1.0
 * @module
 */
import { Effect, Result, Schema } from "effect"
import * as YAML from "yaml"
import * as Coverage from "./Coverage.js"
import * as Escalation from "./Escalation.js"
import * as Inquiry from "./Inquiry.js"
import * as Platforms from "./Platforms.js"
import type * as Rotation from "./Rotation.js"
import * as Shift from "./Shift.js"
import * as Simulation from "./Simulation.js"
import * as Team from "./Team.js"
import * as T from "./internal/templates.js"
import * as Types from "./Types.js"

const catalogs = {
  handoff: T.handoff,
  escalation: T.escalation,
  promotion: T.promotion,
  platforms: T.platforms,
  postmortem: T.postmortem
} as const

/**
 * The template groups a profile may override, one per process module.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TemplateGroup = Schema.Literals(["handoff", "escalation", "promotion", "platforms", "postmortem"])

const TemplateTexts = Schema.Record(Schema.String, Schema.String)

/**
 * The stale rule: an inquiry without reporter activity for `after` (calendar time) is
 * closed as answered with `label` (VisIt: 21 days, `wontfix`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const StaleSpec = Schema.Struct({
  after: Simulation.DurationMs,
  label: Schema.optionalKey(Schema.NonEmptyString),
  whenResolved: Schema.optionalKey(Schema.Boolean)
})

/**
 * The escalation policy, in `Escalation.Policy`'s terms: after how much covered time
 * without progress the Backup is enlisted, then experts (members whose tags match the
 * inquiry's), then promotion; how many experts at once; when a developer must tell
 * the team they will be away (VisIt: more than 4 hours during business hours); and the
 * access tags that need special routing (VisIt: classified computing, where the
 * customer's required response time is asked first).
 *
 * @since 0.1.0
 * @category schemas
 */
export const EscalationSpec = Schema.Struct({
  enlistBackupAfter: Schema.optionalKey(Simulation.DurationMs),
  enlistExpertsAfter: Schema.optionalKey(Simulation.DurationMs),
  promoteAfter: Schema.optionalKey(Simulation.DurationMs),
  maxExperts: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 50 }, { message: "expected a whole number in [0, 50]" }))),
  awayNoticeAfter: Schema.optionalKey(Simulation.DurationMs),
  specialAccess: Schema.optionalKey(Schema.Array(Schema.NonEmptyString))
})

/**
 * The rotation policy: the strategy (see `Rotation.strategies`), the guard's
 * look-ahead, whether a Backup is assigned, and the share of a shift's covered time
 * a member may be absent before being unavailable for it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RotationSpec = Schema.Struct({
  strategy: Schema.optionalKey(Schema.Literals(["guarded", "greedy", "round-robin", "nominal-50", "swrr"])),
  horizon: Schema.optionalKey(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 520 }, { message: "expected a whole number of shifts in [1, 520]" }))),
  backup: Schema.optionalKey(Schema.Boolean),
  unavailableShare: Schema.optionalKey(
    Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1, exclusiveMinimum: true }, { message: "expected a share in (0, 1]" }))
  )
})

/**
 * The simulation section: the seed and horizon used by default, and the model.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SimulationSpec = Schema.Struct({
  seed: Schema.optionalKey(Schema.Int),
  years: Schema.optionalKey(
    Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 1000, exclusiveMinimum: true }, { message: "expected years in (0, 1000]" }))
  ),
  model: Schema.optionalKey(Simulation.ModelSpec)
})

/**
 * The JSON form of a team profile. `tracker` and `storage` are kept as given for the
 * adapters that read them.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Spec = Schema.Struct({
  name: Schema.NonEmptyString,
  team: Team.Spec,
  coverage: Coverage.Spec,
  shifts: Shift.Spec,
  rotation: Schema.optionalKey(RotationSpec),
  goals: Schema.optionalKey(Inquiry.GoalsSpec),
  stale: Schema.optionalKey(StaleSpec),
  escalation: Schema.optionalKey(EscalationSpec),
  platforms: Schema.optionalKey(Platforms.Spec),
  templates: Schema.optionalKey(
    Schema.Struct({
      handoff: Schema.optionalKey(TemplateTexts),
      escalation: Schema.optionalKey(TemplateTexts),
      promotion: Schema.optionalKey(TemplateTexts),
      platforms: Schema.optionalKey(TemplateTexts),
      postmortem: Schema.optionalKey(TemplateTexts)
    })
  ),
  simulation: Schema.optionalKey(SimulationSpec),
  tracker: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown)),
  storage: Schema.optionalKey(Schema.Record(Schema.String, Schema.Unknown))
})

/**
 * @since 0.1.0
 * @category models
 */
export type Spec = typeof Spec.Encoded

/**
 * A decoded team profile: every section decoded by its module.
 *
 * @since 0.1.0
 * @category models
 */
export interface Profile {
  readonly name: string
  readonly team: Team.Team
  readonly coverage: Coverage.Calendar
  readonly shifts: Shift.Grid
  readonly rotation: {
    readonly strategy: Rotation.Strategy
    readonly horizon: number | undefined
    readonly backup: boolean
    readonly unavailableShare: number | undefined
  }
  readonly goals: Inquiry.Goals
  readonly stale: { readonly afterMillis: number; readonly label: string; readonly whenResolved: boolean }
  /**
   * Usable as it is by the functions that apply it: `Escalation`'s `Context.policy`
   * (timers, `maxExperts`, the `specialAccess` tags) and `Handoff.awayNotice`'s options
   * (`threshold` is the file's `awayNoticeAfter`, under the name that function takes).
   * Durations in milliseconds.
   *
   * @example
   * ```ts
   * import type { Types } from "@sre-uxdd/core"
   * import { Config, Escalation, Handoff } from "@sre-uxdd/core"
   *
   * declare const profile: Config.Profile
   * declare const duty: Types.Duty
   * declare const subject: Escalation.Subject
   * const { team, coverage } = profile
   * Escalation.suggest(subject, { duty, team, coverage, now: duty.start, policy: profile.escalation })
   * Handoff.awayNotice({ member: duty.primary, start: duty.start, end: duty.end }, { ...profile.escalation, duty, coverage })
   * ```
   */
  readonly escalation: Escalation.Policy & { readonly threshold: number; readonly specialAccess: ReadonlyArray<string> }
  readonly platforms: Platforms.Policy | undefined
  /** Every template group with the team's overrides merged into the defaults. */
  readonly templates: { readonly [G in typeof TemplateGroup.Type]: { readonly [name: string]: string } }
  readonly simulation: { readonly seed: number; readonly years: number; readonly model: Simulation.ModelSpec }
  readonly tracker: { readonly [key: string]: unknown } | undefined
  readonly storage: { readonly [key: string]: unknown } | undefined
  /** The document as decoded (durations in ms), for tools that re-emit it. */
  readonly spec: typeof Spec.Type
}

const SUBJECT = "team profile"

const prefix = (section: string, problems: ReadonlyArray<Types.Problem>): ReadonlyArray<Types.Problem> =>
  problems.map((p) => ({ path: p.path === "" ? section : p.path.startsWith("[") ? `${section}${p.path}` : `${section}.${p.path}`, message: p.message }))

/** Runs a section decoder, collecting its problems under `section` instead of throwing. */
const section = <A>(name: string, problems: Array<Types.Problem>, decode: () => A): A | undefined => {
  try {
    return decode()
  } catch (error) {
    if (error instanceof Types.ValidationError) {
      problems.push(...prefix(name, error.problems))
      return undefined
    }
    throw error
  }
}

const delegated = ["coverage", "team", "shifts", "goals", "platforms"] as const

const dedupe = (problems: ReadonlyArray<Types.Problem>): ReadonlyArray<Types.Problem> => {
  const seen = new Set<string>()
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

// Team's and Inquiry's decoders take the encoded form; the shape check already passed,
// so the raw input sections are handed to them as they are.
const isRecord = (u: unknown): u is { readonly [key: string]: unknown } => typeof u === "object" && u !== null && !Array.isArray(u)
const raw = (input: unknown, key: string): unknown => (isRecord(input) ? input[key] : undefined)

/**
 * Decodes a team profile from parsed JSON or YAML (a plain object), with every
 * problem named by its path. Fails with a `Types.ValidationError`.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeResult = (input: unknown): Result.Result<Profile, Types.ValidationError> => {
  const problems: Array<Types.Problem> = []
  // Unknown fields are errors: a misspelt key (`goal:` for `goals:`) would otherwise be lost silently.
  const shape = Schema.decodeUnknownResult(Spec)(input, { errors: "all", onExcessProperty: "error" })
  if (Result.isFailure(shape)) {
    for (const p of Types.problemsOf(shape.failure.issue, input)) {
      if (p.message.startsWith("unknown field")) problems.push(p)
      // Sections with a decoder of their own report their other problems below (and more of them).
      else if (!delegated.some((d) => p.path === d || p.path.startsWith(`${d}.`) || p.path.startsWith(`${d}[`))) problems.push(p)
    }
  }
  const has = (key: string): boolean => isRecord(input) && key in input
  const coverage = has("coverage") ? section("coverage", problems, () => Coverage.decodeSync(raw(input, "coverage"))) : undefined
  const team = has("team") ? section("team", problems, () => Team.decodeSync(raw(input, "team"))) : undefined
  const zone = coverage?.timeZone
  const shifts = has("shifts") ? section("shifts", problems, () => Shift.decodeSync(raw(input, "shifts"), zone)) : undefined
  const goals = section("goals", problems, () => Inquiry.goals(raw(input, "goals") ?? {}))
  const platforms = has("platforms") ? section("platforms", problems, () => Platforms.decodeSync(raw(input, "platforms"))) : undefined
  const templates = {} as { [G in typeof TemplateGroup.Type]: { readonly [name: string]: string } }
  const rawTemplates = raw(input, "templates")
  for (const group of TemplateGroup.literals) {
    const given = isRecord(rawTemplates) ? rawTemplates[group] : undefined
    const merged = T.merge(catalogs[group] as T.Catalog<string>, isRecord(given) ? (given as { readonly [name: string]: string }) : undefined, SUBJECT)
    if (Result.isSuccess(merged)) templates[group] = merged.success
    else problems.push(...merged.failure.problems.map((p) => ({ path: p.path.replace(/^templates\./, `templates.${group}.`), message: p.message })))
  }
  if (Result.isFailure(shape)) {
    if (!has("coverage")) problems.push({ path: "coverage", message: "Missing key" })
    if (!has("team")) problems.push({ path: "team", message: "Missing key" })
    if (!has("shifts")) problems.push({ path: "shifts", message: "Missing key" })
    return Result.fail(new Types.ValidationError({ subject: SUBJECT, problems: dedupe(problems) }))
  }
  const spec = shape.success
  const simulation = spec.simulation
  // The priorities of the model's mix must have goals, or they would silently take the default.
  const mix = simulation?.model?.priorityMix
  if (mix !== undefined && goals !== undefined) {
    for (const name of Object.keys(mix).sort()) {
      if (!goals.byPriority.has(name) && name !== "default") {
        problems.push({ path: `simulation.model.priorityMix.${name}`, message: `no goal for priority ${JSON.stringify(name)}: add goals.byPriority.${name}` })
      }
    }
  }
  if (team !== undefined && team.members.length === 0) problems.push({ path: "team.members", message: "expected at least one member, got []" })
  if (problems.length > 0 || coverage === undefined || team === undefined || shifts === undefined || goals === undefined) {
    return Result.fail(new Types.ValidationError({ subject: SUBJECT, problems: dedupe(problems) }))
  }
  return Result.succeed({
    name: spec.name,
    team,
    coverage,
    shifts,
    rotation: {
      strategy: spec.rotation?.strategy ?? "guarded",
      horizon: spec.rotation?.horizon,
      backup: spec.rotation?.backup ?? true,
      unavailableShare: spec.rotation?.unavailableShare
    },
    goals,
    stale: { afterMillis: spec.stale?.after ?? 21 * 24 * 3_600_000, label: spec.stale?.label ?? "wontfix", whenResolved: spec.stale?.whenResolved ?? true },
    escalation: {
      enlistBackupAfter: spec.escalation?.enlistBackupAfter ?? Escalation.defaultPolicy.enlistBackupAfter,
      enlistExpertsAfter: spec.escalation?.enlistExpertsAfter ?? Escalation.defaultPolicy.enlistExpertsAfter,
      promoteAfter: spec.escalation?.promoteAfter ?? Escalation.defaultPolicy.promoteAfter,
      maxExperts: spec.escalation?.maxExperts ?? Escalation.defaultPolicy.maxExperts,
      threshold: spec.escalation?.awayNoticeAfter ?? 4 * 3_600_000,
      specialAccess: spec.escalation?.specialAccess ?? []
    },
    platforms,
    templates,
    simulation: {
      seed: simulation?.seed ?? 1,
      years: simulation?.years ?? 1,
      model: (raw(input, "simulation") as { model?: Simulation.ModelSpec } | undefined)?.model ?? {}
    },
    tracker: spec.tracker,
    storage: spec.storage,
    spec
  })
}

/**
 * Decodes a team profile, throwing a `Types.ValidationError` naming every bad path.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decodeSync = (input: unknown): Profile => {
  const r = decodeResult(input)
  if (Result.isSuccess(r)) return r.success
  throw r.failure
}

/**
 * Effect variant of {@link decodeSync}.
 *
 * @since 0.1.0
 * @category decoding
 */
export const decode = (input: unknown): Effect.Effect<Profile, Types.ValidationError> => Effect.fromResult(decodeResult(input))

// Aliases (`*defaults`) and merge keys (`<<: *defaults`) are common in hand-written profiles;
// this bounds how far they may expand, so a small "alias bomb" cannot exhaust memory.
const MAX_ALIAS_COUNT = 1000

const textFail = (problems: ReadonlyArray<Types.Problem>): never => {
  throw new Types.ValidationError({ subject: SUBJECT, problems })
}

/**
 * Parses YAML (or JSON, which is YAML) text to plain data. A syntax error is reported once,
 * with its line and column (what follows a syntax error is not read, so nothing else is
 * reported with it); duplicate keys and mappings or sequences used as keys are errors too.
 * Aliases and merge keys work, up to a bound that refuses alias bombs with the alias's line.
 *
 * @since 0.1.0
 * @category decoding
 */
export const parseText = (text: string): unknown => {
  if (typeof text !== "string") textFail([{ path: "", message: `expected YAML or JSON text, got ${typeof text}` }])
  const lineCounter = new YAML.LineCounter()
  const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true, merge: true, logLevel: "error", lineCounter })
  const at = (offset: number | undefined): string => {
    if (offset === undefined) return ""
    const pos = lineCounter.linePos(offset)
    return `line ${pos.line}, column ${pos.col}: `
  }
  const first = doc.errors[0]
  if (first !== undefined) {
    textFail([{
      path: "",
      message: `${first.linePos === undefined ? at(first.pos[0]) : `line ${first.linePos[0].line}, column ${first.linePos[0].col}: `}${
        (first.message.split(" at line ")[0] ?? first.code).trim()
      }`
    }])
  }
  const problems: Array<Types.Problem> = []
  YAML.visit(doc, {
    Pair: (_key, pair) => {
      if (YAML.isCollection(pair.key)) {
        problems.push({
          path: "",
          message: `${at(pair.key.range?.[0])}a ${YAML.isMap(pair.key) ? "mapping" : "sequence"} cannot be a key: keys are plain text`
        })
      }
    }
  })
  if (problems.length > 0) textFail(problems)
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
  } catch (error) {
    // What the YAML library refuses while resolving aliases and merge keys (an alias bomb, a
    // merge of something that is not a mapping), named at the first alias or merge key.
    let where: number | undefined
    YAML.visit(doc, {
      Alias: (_key, node) => {
        where ??= node.range?.[0]
      },
      Pair: (_key, pair) => {
        if (YAML.isScalar(pair.key) && pair.key.value === "<<") where ??= pair.key.range?.[0]
      }
    })
    const reason = error instanceof Error ? error.message : String(error)
    return textFail([
      {
        path: "",
        message: `${at(where)}${
          /Excessive alias count/.test(reason) ? `aliases expand to too much data (more than ${MAX_ALIAS_COUNT} copies): write the values out` : reason
        }`
      }
    ])
  }
}

/**
 * Parses and decodes a profile from YAML or JSON text.
 *
 * @example
 * ```ts
 * import { Config } from "@sre-uxdd/core"
 *
 * const profile = Config.fromText(`
 * name: Tiny team
 * team:
 *   members:
 *     - { id: ada, name: Ada, weight: 1 }
 *     - { id: bob, name: Bob, weight: 0.5 }
 * coverage:
 *   timeZone: Europe/Berlin
 *   weekly: [{ days: [mon, tue, wed], windows: ["09:00-17:00"] }]
 * shifts: { start: "2026-01-05", at: "09:00", length: { weeks: 2 } }
 * `)
 * profile.rotation.strategy // "guarded"
 * ```
 *
 * @since 0.1.0
 * @category decoding
 */
export const fromText = (text: string): Profile => decodeSync(parseText(text))

/**
 * The JSON Schema (draft 2020-12) of the profile document, for editors (e.g. the
 * YAML language server's `# yaml-language-server: $schema=...` comment). It is a
 * first check: the decoder remains the authority (it also checks time zones,
 * windows, unique ids and templates).
 *
 * @since 0.1.0
 * @category schemas
 */
export const jsonSchema = (): { readonly [key: string]: unknown } => {
  const document = Schema.toJsonSchemaDocument(Spec, { onExcessProperty: "error" })
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://sre-uxdd.dev/schemas/team-profile.json",
    title: "sre-uxdd team profile",
    ...document.schema,
    ...(Object.keys(document.definitions).length === 0 ? {} : { $defs: document.definitions })
  }
}
