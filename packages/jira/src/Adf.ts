/**
 * Atlassian Document Format for comment and description bodies: our markdown templates
 * are converted by `marklassian` and each `{@member}` placeholder becomes an ADF mention
 * node by accountId (Jira identifies users by accountId only). Reading goes the other way:
 * a document's plain text, blocks joined by newlines.
 *
 * @since 0.2.0
 * @module
 */
import { Tracker } from "@sre-uxdd/core"
import { markdownToAdf } from "marklassian"

/**
 * An ADF node (loosely typed: the schema in `adf-schema` is the authority, and the tests
 * validate every document the adapter sends against it).
 *
 * @since 0.2.0
 * @category models
 */
export interface Node {
  readonly type: string
  readonly attrs?: { readonly [k: string]: unknown }
  readonly content?: ReadonlyArray<Node>
  readonly marks?: ReadonlyArray<{ readonly type: string; readonly attrs?: { readonly [k: string]: unknown } }>
  readonly text?: string
}

/**
 * An ADF document.
 *
 * @since 0.2.0
 * @category models
 */
export interface Doc {
  readonly type: "doc"
  readonly version: 1
  readonly content: ReadonlyArray<Node>
}

/**
 * How a member is mentioned: the accountId and the name shown, or `undefined` for a member
 * without a Jira account (their display text is written instead).
 *
 * @since 0.2.0
 * @category models
 */
export type Mentions = (member: string) => { readonly accountId: string; readonly text: string } | undefined

// A placeholder survives markdown conversion as one word (letters and digits only).
const token = (i: number): string => `SREUXDDMENTION${i}X`
const tokenRe = /SREUXDDMENTION(\d+)X/g

const splitMentions = (
  node: Node,
  targets: ReadonlyArray<{ readonly accountId: string; readonly text: string } | string>,
  inCodeBlock = false
): ReadonlyArray<Node> => {
  if (node.type === "text" && node.text !== undefined) {
    const inCode = inCodeBlock || (node.marks ?? []).some((m) => m.type === "code")
    const out: Array<Node> = []
    let last = 0
    for (const m of node.text.matchAll(tokenRe)) {
      const target = targets[Number(m[1])]
      const before = node.text.slice(last, m.index)
      if (before !== "") out.push({ ...node, text: before })
      if (target === undefined) out.push({ ...node, text: m[0] })
      else if (typeof target === "string" || inCode) out.push({ ...node, text: typeof target === "string" ? target : target.text })
      else out.push({ type: "mention", attrs: { id: target.accountId, text: target.text } })
      last = m.index + m[0].length
    }
    if (last === 0) return [node]
    const rest = node.text.slice(last)
    if (rest !== "") out.push({ ...node, text: rest })
    return out
  }
  if (node.content === undefined) return [node]
  return [{ ...node, content: node.content.flatMap((c) => splitMentions(c, targets, inCodeBlock || node.type === "codeBlock")) }]
}

const lists = new Set(["bulletList", "orderedList"])
const emptyParagraph: Node = { type: "paragraph", content: [] }
// The block children the schema allows in list items and quotes (adf-schema 57.7.22).
const allowedIn: { readonly [parent: string]: ReadonlySet<string> } = {
  listItem: new Set(["paragraph", "bulletList", "orderedList", "taskList", "mediaSingle", "codeBlock", "extension"]),
  blockquote: new Set(["paragraph", "orderedList", "bulletList", "codeBlock", "mediaSingle", "mediaGroup", "extension"])
}
const plainText = (
  node: Node
): string => (node.type === "text"
  ? node.text ?? ""
  : (node.content ?? []).map(plainText).join(node.type === "tableRow" ? " | " : node.content?.every((c) => c.type === "text") ? "" : " "))
const asParagraph = (node: Node): Node => {
  const text = plainText(node).trim()
  return { type: "paragraph", content: text === "" ? [] : [{ type: "text", text }] }
}

// marklassian 1.2.1 emits a few shapes the ADF schema refuses for degenerate markdown
// (`1. 1. `, `> `, an empty list item): empty containers and list items that open with a
// nested list. Repair them so that every document validates (checked by a property test).
const repair = (node: Node): Node | undefined => {
  if (node.type === "text") return node.text === undefined || node.text === "" ? undefined : node
  if (node.content === undefined) return node
  const allowed = allowedIn[node.type]
  const content = node.content
    .map(repair)
    .filter((n): n is Node => n !== undefined)
    .map((n) => (allowed === undefined || allowed.has(n.type) ? n : asParagraph(n)))
  if (node.type === "listItem") {
    const first = content[0]
    return { ...node, content: first === undefined || lists.has(first.type) ? [emptyParagraph, ...content] : content }
  }
  if (lists.has(node.type) || node.type === "table" || node.type === "tableRow") return content.length === 0 ? undefined : { ...node, content }
  if ((node.type === "blockquote" || node.type === "panel" || node.type === "tableCell" || node.type === "tableHeader") && content.length === 0)
    return { ...node, content: [emptyParagraph] }
  return { ...node, content }
}

/**
 * Converts a markdown text with `{@member}` placeholders to an ADF document.
 *
 * @example
 * ```ts
 * import { Adf } from "@sre-uxdd/jira"
 *
 * const doc = Adf.fromMarkdown("Handing over to {@ada}: **please** reply.", (m) => m === "ada" ? { accountId: "557058:ada", text: "@Ada" } : undefined)
 * doc.content[0]?.content?.[1]?.type // "mention"
 * ```
 *
 * @since 0.2.0
 * @category constructors
 */
export const fromMarkdown = (markdown: string, mentions: Mentions): Doc => {
  const targets: Array<{ readonly accountId: string; readonly text: string } | string> = []
  const prepared = Tracker.renderMentions(markdown, (member) => {
    targets.push(mentions(member) ?? member)
    return token(targets.length - 1)
  })
  const doc = markdownToAdf(prepared) as Doc
  const content = doc.content.flatMap((n) => splitMentions(n as Node, targets)).map(repair).filter((n): n is Node => n !== undefined)
  return { type: "doc", version: 1, content }
}

/**
 * A paragraph-per-line document of plain text (no markdown), e.g. for a marker footer.
 *
 * @since 0.2.0
 * @category constructors
 */
export const fromText = (text: string): Doc => ({
  type: "doc",
  version: 1,
  content: text.split("\n").filter((l) => l !== "").map((line) => ({ type: "paragraph", content: [{ type: "text", text: line }] }))
})

const inline = (node: Node): string =>
  node.type === "text"
    ? node.text ?? ""
    : node.type === "mention"
    ? String(node.attrs?.["text"] ?? node.attrs?.["id"] ?? "")
    : node.type === "hardBreak"
    ? "\n"
    : (node.content ?? []).map(inline).join("")

const blocks = (node: Node): ReadonlyArray<string> =>
  node.content !== undefined &&
    node.content.some((c) => c.type !== "text" && c.type !== "mention" && c.type !== "hardBreak" && c.type !== "emoji" && c.type !== "inlineCard")
    ? node.content.flatMap(blocks)
    : [inline(node)]

/**
 * The plain text of a document: blocks joined by newlines, mentions as their display text.
 *
 * @since 0.2.0
 * @category getters
 */
export const toText = (doc: unknown): string => {
  if (doc === null || typeof doc !== "object" || (doc as Node).type !== "doc") return typeof doc === "string" ? doc : ""
  return ((doc as Node).content ?? []).flatMap(blocks).join("\n")
}

/**
 * The accountIds mentioned in a document.
 *
 * @since 0.2.0
 * @category getters
 */
export const mentionedAccounts = (doc: unknown): ReadonlyArray<string> => {
  const out: Array<string> = []
  const walk = (n: Node): void => {
    if (n.type === "mention" && typeof n.attrs?.["id"] === "string") out.push(n.attrs["id"])
    for (const c of n.content ?? []) walk(c)
  }
  if (doc !== null && typeof doc === "object") walk(doc as Node)
  return out
}
