/**
 * Finding and reading the team profile: `--config FILE`, else `sre.config.yaml` (or `.yml`,
 * `.json`) in the working directory or the nearest parent. Every problem is reported with its
 * path in the profile and its line and column in the file.
 *
 * @since 0.1.0
 * @module
 */
import { Config, Types } from "@sre-uxdd/core"
import { existsSync, readFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from "yaml"

/**
 * The profile file names looked for, in order.
 *
 * @since 0.1.0
 * @category constants
 */
export const profileNames: ReadonlyArray<string> = ["sre.config.yaml", "sre.config.yml", "sre.config.json"]

/**
 * One problem of a profile file, where it is.
 *
 * @since 0.1.0
 * @category models
 */
export interface Located {
  readonly path: string
  readonly message: string
  readonly line: number | undefined
  readonly column: number | undefined
}

/**
 * A profile that cannot be used: the file is missing, unreadable or invalid.
 *
 * @since 0.1.0
 * @category errors
 */
export class ProfileFileError extends Error {
  readonly _tag = "ProfileFileError"
  constructor(
    readonly file: string | undefined,
    readonly reason: "not-found" | "unreadable" | "invalid",
    readonly problems: ReadonlyArray<Located>
  ) {
    super(
      [
        reason === "not-found"
          ? `no team profile found (looked for ${profileNames.join(", ")} from ${file ?? "."} upwards; pass --config FILE or run \`sre init\`)`
          : reason === "unreadable"
          ? `cannot read the team profile ${file}`
          : `the team profile ${file} has ${problems.length} problem${problems.length === 1 ? "" : "s"}:`,
        ...problems.map((p) => `  ${formatLocated(file, p)}`)
      ].join("\n")
    )
    this.name = "ProfileFileError"
  }
}

/**
 * `file:line:column: path: message`, the form editors and CI annotations understand.
 *
 * @since 0.1.0
 * @category formatting
 */
export const formatLocated = (file: string | undefined, p: Located): string =>
  `${file ?? "profile"}${p.line === undefined ? "" : `:${p.line}:${p.column ?? 1}`}: ${p.path === "" ? "" : `${p.path}: `}${p.message}`

/**
 * The profile file to use: `explicit` when given, else the nearest `sre.config.*` from `cwd` up.
 *
 * @since 0.1.0
 * @category discovery
 */
export const discover = (cwd: string, explicit: string | undefined): string => {
  if (explicit !== undefined) {
    const file = resolve(cwd, explicit)
    if (!existsSync(file)) throw new ProfileFileError(file, "not-found", [])
    return file
  }
  let dir = resolve(cwd)
  for (;;) {
    for (const name of profileNames) {
      const file = join(dir, name)
      if (existsSync(file)) return file
    }
    const parent = dirname(dir)
    if (parent === dir) throw new ProfileFileError(resolve(cwd), "not-found", [])
    dir = parent
  }
}

/** Splits `team.members[1].weight` into `["team", "members", 1, "weight"]`. */
const segments = (path: string): ReadonlyArray<string | number> => {
  const out: Array<string | number> = []
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g)) {
    if (m[2] !== undefined) out.push(Number(m[2]))
    else if (m[3] !== undefined) out.push(m[3])
    else if (m[1] !== undefined) out.push(m[1])
  }
  return out
}

/**
 * The line and column (1-based) of the deepest node of `path` that exists in the YAML text:
 * its value, or with `at: "key"` the key that names it.
 *
 * @since 0.1.0
 * @category locating
 */
export const locate = (
  text: string,
  path: string,
  at: "value" | "key" = "value"
): { readonly line: number; readonly column: number } | undefined => {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: false, uniqueKeys: false })
  let node: unknown = doc.contents
  let offset: number | undefined = rangeStart(node)
  const segs = segments(path)
  for (const [i, seg] of segs.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg))
      if (pair === undefined) break
      offset = rangeStart(pair.key) ?? offset
      // A problem with the key itself (an unknown setting) is where the key is written.
      if (at === "key" && i === segs.length - 1) break
      node = pair.value
      offset = rangeStart(node) ?? offset
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg]
      if (item === undefined) break
      node = item
      offset = rangeStart(node) ?? offset
    } else break
  }
  if (offset === undefined) return undefined
  const { line, col } = lineCounter.linePos(offset)
  return { line, column: col }
}

const rangeStart = (node: unknown): number | undefined => {
  const range = (node as { readonly range?: ReadonlyArray<number> } | null | undefined)?.range
  return range?.[0]
}

/**
 * A profile read from its file, with the text kept for locating later problems.
 *
 * @since 0.1.0
 * @category models
 */
export interface LoadedProfile {
  readonly file: string
  readonly text: string
  readonly profile: Config.Profile
}

/**
 * Reads and decodes a profile file; every problem is located in the file.
 *
 * @since 0.1.0
 * @category loading
 */
export const load = (file: string): LoadedProfile => {
  let text: string
  try {
    text = readFileSync(file, "utf8")
  } catch (error) {
    throw new ProfileFileError(file, "unreadable", [{ path: "", message: (error as Error).message, line: undefined, column: undefined }])
  }
  try {
    return { file, text, profile: Config.fromText(text) }
  } catch (error) {
    if (error instanceof Types.ValidationError) {
      throw new ProfileFileError(
        file,
        "invalid",
        error.problems.map((p) => {
          const at = lineOf(p.message) ?? locate(text, p.path)
          return { path: p.path, message: p.message, line: at?.line, column: at?.column }
        })
      )
    }
    throw error
  }
}

/** Syntax errors already carry their position ("at line 3, column 5"). */
const lineOf = (message: string): { readonly line: number; readonly column: number } | undefined => {
  const m = /line (\d+), column (\d+)/.exec(message)
  return m === null ? undefined : { line: Number(m[1]), column: Number(m[2]) }
}
