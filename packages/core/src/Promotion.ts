/**
 * Promotion: when an inquiry cannot be resolved within support work, the Primary
 * resolves it by filing a well-documented product-development issue (or by adding
 * the new report to a known issue and putting it back up for review). The support
 * item is then answered and closed, and the product issue always links back to it.
 *
 * @since 0.1.0
 * @module
 */
import { Effect, Schema } from "effect"
import * as Action from "./Action.js"
import * as T from "./internal/templates.js"
import * as Types from "./Types.js"

/**
 * What promotion needs to know about the inquiry. The field names match
 * `Inquiry.State`, so a replayed state (plus its `url`, if any) can be passed as is.
 *
 * @since 0.1.0
 * @category models
 */
export interface Subject {
  readonly inquiry: Types.InquiryId
  readonly title: string
  readonly reporter: string
  readonly openedAt: Types.Millis
  readonly phase: "open" | "resolved" | "closed"
  readonly promotions: ReadonlyArray<{ readonly reference: string }>
  /** Link to the support item, shown in the product issue. */
  readonly url?: string | undefined
}

/**
 * What the Primary learned: a summary, and the reproducer and work-around if any.
 *
 * @since 0.1.0
 * @category models
 */
export interface Details {
  /** Product issue title (default: the inquiry's title). */
  readonly title?: string | undefined
  readonly summary: string
  readonly reproducer?: string | undefined
  readonly workaround?: string | undefined
  /** Extra labels for the product issue. */
  readonly labels?: ReadonlyArray<string> | undefined
}

/**
 * Labels the plan uses. `product`: put on every new product issue (default
 * `["from-support"]`); `needsReview` / `reviewed`: the label change that puts a known
 * issue back into review (default `"needs-review"` added, `"reviewed"` removed);
 * `promoted`: put on the support item (default `"promoted"`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Labels {
  readonly product?: ReadonlyArray<string> | undefined
  readonly needsReview?: string | undefined
  readonly reviewed?: string | undefined
  readonly promoted?: string | undefined
}

/**
 * Templates of the promotion texts.
 *
 * @since 0.1.0
 * @category templates
 */
export interface Templates {
  /** Body of a new product issue: `{inquiry}`, `{url}`, `{summary}`, `{reproducer}`, `{workaround}`, `{reporter}`, `{openedAt}`, `{title}`. */
  readonly issueBody: string
  /** Added to a known issue: `{inquiry}`, `{url}`, `{summary}`, `{reproducer}`, `{workaround}`, `{reporter}`, `{openedAt}`, `{issue}`. */
  readonly knownUpdate: string
  /** Resolving comment after filing a new issue: `{customer}`, `{issue}`, `{workaroundNote}`, `{title}`, `{inquiry}`. */
  readonly resolvingNew: string
  /** Resolving comment after updating a known issue: same placeholders. */
  readonly resolvingKnown: string
  /** The work-around sentence inserted as `{workaroundNote}`: `{workaround}`. */
  readonly workaroundNote: string
}

/**
 * The default promotion texts.
 *
 * @since 0.1.0
 * @category templates
 */
export const defaultTemplates: Templates = T.promotion.texts

/**
 * Options of {@link plan}.
 *
 * @since 0.1.0
 * @category models
 */
export interface PlanOptions {
  /** The shift in which the promotion happens (part of the idempotency keys). */
  readonly shift: number
  /** A known product issue (e.g. `"visit-dav/visit#5123"`): update it instead of filing a new one. */
  readonly known?: string | undefined
  /** The customer's name as used in messages (default: the reporter id). */
  readonly customer?: string | undefined
  readonly labels?: Labels | undefined
  readonly templates?: Partial<Templates> | undefined
  /** Zone for times in texts (default `"UTC"`). */
  readonly timeZone?: string | undefined
  readonly applied?: Iterable<Action.Key> | undefined
}

/**
 * The inquiry was already promoted (to `reference`); promoting twice would file a
 * duplicate product issue.
 *
 * @since 0.1.0
 * @category errors
 */
export class AlreadyPromotedError extends Schema.TaggedError<AlreadyPromotedError>()("AlreadyPromotedError", {
  inquiry: Schema.String,
  reference: Schema.String
}) {
  override get message(): string {
    return `inquiry ${this.inquiry} was already promoted to ${this.reference}`
  }
}

/**
 * The inquiry is closed: no action may target it.
 *
 * @since 0.1.0
 * @category errors
 */
export class InquiryClosedError extends Schema.TaggedError<InquiryClosedError>()("InquiryClosedError", {
  inquiry: Schema.String
}) {
  override get message(): string {
    return `inquiry ${this.inquiry} is closed`
  }
}

// A work-around as a sentence of its own: the comment's next sentence follows it, so it must end.
const sentence = (text: string): string => {
  const t = text.trim()
  return /[.!?…]["')\]]*$/.test(t) ? t : `${t}.`
}

const uniqueSorted = (labels: Iterable<string>): ReadonlyArray<string> => [...new Set(labels)].filter((l) => l !== "").sort()

/**
 * Plans a promotion. Without `known`: a `CreateIssue` draft (title, body with the
 * back-reference, summary, reproducer and work-around sections, labels), a public
 * resolving `Comment` on the support item (its `{issue}` token is filled by the
 * executor from the created issue), a `promoted` label and a `Close`. With `known`:
 * an `UpdateIssue` (new information with the back-reference, `needs-review` added,
 * `reviewed` removed) instead of the new issue, then the same comment, label and
 * close. Resuming a partly applied plan (same shift, `applied` keys) returns the
 * rest; promoting an inquiry that is already promoted or closed fails.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Promotion, Types } from "@sre-uxdd/core"
 *
 * const subject = {
 *   inquiry: Types.InquiryId.make("support#41"), title: "Crash reading large Silo files",
 *   reporter: "kim", openedAt: Date.UTC(2024, 0, 23, 17), phase: "open" as const, promotions: []
 * }
 * const plan = Effect.runSync(Promotion.plan(subject, { summary: "Reader overflows on files over 2 GB." }, { shift: 4 }))
 * plan.map((a) => a._tag) // ["CreateIssue", "Comment", "AddLabel", "Close"]
 * ```
 *
 * @since 0.1.0
 * @category decisions
 */
export const plan = (
  subject: Subject,
  details: Details,
  options: PlanOptions
): Effect.Effect<ReadonlyArray<Action.Action>, AlreadyPromotedError | InquiryClosedError | Types.ValidationError> =>
  Effect.gen(function*() {
    const problems: Array<Types.Problem> = []
    if (details.summary.trim() === "")
      problems.push({ path: "details.summary", message: `expected a non-empty summary, got ${JSON.stringify(details.summary)}` })
    if (options.known !== undefined && options.known.trim() === "")
      problems.push({ path: "known", message: `expected a product issue reference, got ${JSON.stringify(options.known)}` })
    if (!Number.isInteger(options.shift) || options.shift < 0)
      problems.push({ path: "shift", message: `expected a shift index (integer >= 0), got ${options.shift}` })
    if (problems.length > 0)
      return yield* Effect.fail(new Types.ValidationError({ subject: "promotion", problems }))
    const templates = yield* Effect.fromResult(T.merge(T.promotion, options.templates, "promotion templates"))

    const id = subject.inquiry
    const shift = options.shift
    const mainKey = options.known === undefined ? Action.key(id, shift, "promote") : Action.key(id, shift, "update-known", options.known)
    const applied = new Set(options.applied ?? [])
    const resuming = applied.has(mainKey)
    if (!resuming) {
      const previous = subject.promotions[0]
      if (previous !== undefined)
        return yield* Effect.fail(new AlreadyPromotedError({ inquiry: id, reference: previous.reference }))
      if (subject.phase === "closed")
        return yield* Effect.fail(new InquiryClosedError({ inquiry: id }))
    } else if (subject.phase === "closed") {
      return []
    }

    const zone = options.timeZone ?? "UTC"
    const labels = options.labels ?? {}
    const missing = "Not available yet."
    const vars = {
      inquiry: id,
      title: details.title ?? subject.title,
      url: subject.url === undefined ? "" : ` (${subject.url})`,
      summary: details.summary.trim(),
      reproducer: details.reproducer?.trim() || missing,
      workaround: details.workaround?.trim() || missing,
      reporter: subject.reporter,
      openedAt: T.formatInstant(subject.openedAt, zone),
      customer: options.customer ?? subject.reporter,
      workaroundNote: details.workaround === undefined || details.workaround.trim() === ""
        ? ""
        : T.render(templates.workaroundNote, { workaround: sentence(details.workaround) }),
      issue: options.known ?? "{issue}"
    }
    const actions: Array<Action.Action> = []
    if (options.known === undefined) {
      const draft: Action.IssueDraft = {
        title: vars.title,
        body: T.render(templates.issueBody, vars),
        labels: uniqueSorted([...(labels.product ?? ["from-support"]), ...(details.labels ?? [])]),
        supportItem: id,
        ...(subject.url === undefined ? {} : { supportUrl: subject.url })
      }
      actions.push({ _tag: "CreateIssue", key: mainKey, inquiry: id, draft })
      actions.push({
        _tag: "Comment",
        key: Action.key(id, shift, "promote-comment"),
        inquiry: id,
        text: T.render(templates.resolvingNew, vars),
        visibility: "public",
        issueFrom: mainKey
      })
    } else {
      actions.push({
        _tag: "UpdateIssue",
        key: mainKey,
        inquiry: id,
        issue: options.known,
        text: T.render(templates.knownUpdate, vars),
        addLabels: [labels.needsReview ?? "needs-review"],
        removeLabels: labels.reviewed === undefined ? ["reviewed"] : labels.reviewed === "" ? [] : [labels.reviewed]
      })
      actions.push({
        _tag: "Comment",
        key: Action.key(id, shift, "promote-comment"),
        inquiry: id,
        text: T.render(templates.resolvingKnown, vars),
        visibility: "public"
      })
    }
    const promotedLabel = labels.promoted ?? "promoted"
    actions.push({ _tag: "AddLabel", key: Action.key(id, shift, "label", promotedLabel), inquiry: id, label: promotedLabel })
    actions.push({ _tag: "Close", key: Action.key(id, shift, "close"), inquiry: id, reason: options.known === undefined ? "promoted" : "known-issue" })
    return Action.pending(actions, applied)
  })
