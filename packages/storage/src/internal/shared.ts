// What both backends share: how a record becomes a row and back, the line format of an
// export, the order of an export, and the wording of errors.
import { type Inquiry, Store, Types } from "@sre-uxdd/core"
import { Schema } from "effect"
import { createHash } from "node:crypto"

/** Rows a page of a stream reads at a time: bounded memory whatever the history's size. */
export const pageSize = 1000

export interface EventRow {
  readonly inquiry: string
  readonly keyHash: string
  readonly atMs: number
  readonly body: string
}

/**
 * The row of an event. Its key (`Store.eventKey`) is kept as it is when it is a short tracker
 * id, else hashed, so a long content key (an opening with its body) fits any index; the two
 * forms cannot collide (`id:…` and `#…`). The body is the event's JSON; an export writes
 * every record as canonical JSON (sorted keys) whatever the stored text.
 */
export const eventRow = (event: Inquiry.Event): EventRow => {
  const body = JSON.stringify(event)
  const key = event.id !== undefined ? `id:${event.id}` : `content:${Store.canonicalJson(event)}`
  const keyHash = event.id !== undefined && key.length <= 120 ? key : `#${createHash("sha256").update(key).digest("base64url")}`
  return { inquiry: event.inquiry, keyHash, atMs: Types.toMillis(event.at), body }
}

export const corrupt = (detail: string): Store.StoreError => new Store.StoreError({ reason: "corrupt", detail, retryable: false })
export const invalid = (detail: string): Store.StoreError => new Store.StoreError({ reason: "invalid-input", detail, retryable: false })

/** Parses a stored JSON body; a body that is not JSON is a corrupt store, named by where it is. */
export const parseBody = <A>(body: unknown, where: string): A => {
  if (typeof body !== "string") throw corrupt(`${where}: expected stored JSON text, found ${typeof body}`)
  try {
    return JSON.parse(body) as A
  } catch {
    throw corrupt(`${where}: stored JSON is unreadable`)
  }
}

/**
 * Sorts events read with their stored instants into `Store.compareEvents` order, computing
 * each event's instant and key once (not once per comparison).
 */
export const sortEvents = (rows: ReadonlyArray<{ readonly atMs: number; readonly event: Inquiry.Event }>): Array<Inquiry.Event> =>
  rows
    .map((r) => ({ at: r.atMs, inquiry: r.event.inquiry, key: Store.eventKey(r.event), event: r.event }))
    .sort((a, b) => (a.at !== b.at ? a.at - b.at : a.inquiry !== b.inquiry ? (a.inquiry < b.inquiry ? -1 : 1) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => r.event)

/** Reads stored event rows (`at_ms`, `body`) into events in `Store.compareEvents` order. */
export const readEvents = (rows: ReadonlyArray<{ readonly [k: string]: unknown }>, where: string): Array<Inquiry.Event> =>
  sortEvents(rows.map((r) => ({ atMs: Number(r.at_ms), event: parseBody<Inquiry.Event>(r.body, where) })))

/** One line of an export: the record as canonical JSON. */
export const line = (record: Store.Record): string => Store.canonicalJson(record)

export const formatLine = line({ kind: "format", version: 1 })

const decodeRecord = Schema.decodeUnknownResult(Store.Record)

/** Reads line `n` (1-based) of an import; a bad line fails naming its number and what is wrong. */
export const readLine = (text: string, n: number): Store.Record => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw invalid(`import line ${n}: not JSON`)
  }
  const decoded = decodeRecord(json)
  if (decoded._tag === "Failure") throw invalid(`import line ${n}: ${decoded.failure.message}`)
  const record = decoded.success
  if (n === 1 && record.kind !== "format") throw invalid(`import line 1: expected the format line ${formatLine}, found kind "${record.kind}"`)
  if (n > 1 && record.kind === "format") throw invalid(`import line ${n}: a second format line`)
  return record
}

/** The sections of an export, in the order they are written and must be read back. */
export const sectionOrder: ReadonlyArray<Store.Record["kind"]> = ["format", "event", "item", "schedule", "cursor", "pending", "receipt", "snapshot"]

/** Checks that import records come section by section in export order (so an import is an exact copy). */
export const sectionChecker = () => {
  let at = 0
  let lastSeq = 0
  return (record: Store.Record, n: number): void => {
    const i = sectionOrder.indexOf(record.kind)
    if (i < at)
      throw invalid(
        `import line ${n}: a ${record.kind} record after the ${sectionOrder[at]} records (an export lists ${sectionOrder.join(", ")} in that order)`
      )
    at = i
    if (record.kind === "event") {
      if (!(Number.isSafeInteger(record.seq) && record.seq > lastSeq))
        throw invalid(`import line ${n}: event seq ${record.seq} is not an integer above the previous ${lastSeq}`)
      lastSeq = record.seq
    }
  }
}

/** A connection URL with its password replaced, fit for messages and logs. */
export const redactUrl = (url: string): string => {
  try {
    const u = new URL(url)
    if (u.password !== "") u.password = "***"
    for (const k of [...u.searchParams.keys()]) if (/pass|secret|token/i.test(k)) u.searchParams.set(k, "***")
    return u.toString()
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@/]*@/, "//$1:***@")
  }
}

/** Removes every occurrence of the secrets from a message. */
export const scrub = (text: string, secrets: ReadonlyArray<string>): string =>
  secrets.filter((s) => s.length > 0).reduce((t, s) => t.split(s).join("***"), text)

/** The last schema version this code knows; a database at a higher version is refused. */
export const schemaVersion = 1

export const tooNew = (found: number, where: string, pkg: string): Store.StoreError =>
  new Store.StoreError({
    reason: "version-too-new",
    detail: `${where} has schema version ${found}, newer than version ${schemaVersion} that ${pkg} knows: upgrade @sre-uxdd/storage to open it`,
    retryable: false
  })
