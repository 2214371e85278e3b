// sre report (the static page from the store) and sre serve (webhooks, the live report, the
// calendar feed, health, a tick timer).
import { type Inquiry, Rotation, type Store, type Tracker, Types } from "@sre-uxdd/core"
import { Console, Effect, Option, Redacted } from "effect"
import { Command, Flag } from "effect/cli"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { mkdirSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import * as Compose from "../compose.js"
import { planUntil } from "../planning.js"
import type { LoadedProfile } from "../profileFile.js"
import * as ScheduleFile from "../scheduleFile.js"
import { scrub, withServices } from "./run.js"
import { configFlag, jsonFlag, print } from "./shared.js"

const WEEK = 7 * 86_400_000
const YEAR = 365 * 86_400_000

const scheduleAt = (loaded: LoadedProfile, until: number): Rotation.Schedule =>
  planUntil(loaded.profile, ScheduleFile.read(ScheduleFile.pathFor(loaded.file)), until)

// The page and its charting library are loaded on first use, so that other commands stay fast.
const page = (loaded: LoadedProfile, store: Store.Store["Service"], now: number) =>
  Effect.flatMap(
    Effect.promise(() => Promise.all([import("../report.js"), import("../reportData.js")])),
    ([Report, ReportData]) =>
      Effect.map(ReportData.fromStore(store, { profile: loaded.profile, schedule: scheduleAt(loaded, now + 9 * WEEK), now }), Report.render)
  )

/**
 * `sre report [--out DIR]`.
 *
 * @since 0.1.0
 * @category commands
 */
export const report = Command.make("report", {
  config: configFlag,
  json: jsonFlag,
  out: Flag.String("out").pipe(Flag.withDescription("the directory to write index.html into (default: report/ beside the profile)"), Flag.optional)
}, ({ config, json, out }) =>
  withServices(config, json, (loaded, { store }, now) =>
    Effect.gen(function*() {
      const started = performance.now()
      const html = yield* page(loaded, store, now)
      const dir = Option.getOrElse(out, () => join(dirname(loaded.file), "report"))
      mkdirSync(dir, { recursive: true })
      const file = join(dir, "index.html")
      writeFileSync(file, html)
      const ms = Math.round(performance.now() - started)
      yield* json ? print({ wrote: file, bytes: html.length, millis: ms }) : Console.log(`wrote ${file} (${Math.round(html.length / 1024)} KiB in ${ms} ms)`)
    }), { tracker: false })).pipe(Command.withDescription("write the team's report page (static HTML, works offline)"))

/**
 * The calendar feed: the whole team's, or one member's duties, a year ahead, shown as free
 * time (`TRANSP:TRANSPARENT`) with Primary and Backup named.
 *
 * @since 0.1.0
 * @category calendar
 */
export const calendar = (loaded: LoadedProfile, now: number, member: string | undefined): string => {
  const schedule = scheduleAt(loaded, now + YEAR)
  return Rotation.toICalendar({ ...schedule, duties: schedule.duties.filter((d) => d.end > now - 4 * WEEK && d.start < now + YEAR) }, {
    name: `${loaded.profile.name} support`,
    transparent: true,
    ...(member === undefined ? {} : { member })
  })
}

/**
 * Options of {@link makeServer}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ServerOptions {
  readonly loaded: LoadedProfile
  readonly services: Compose.Services
  readonly now: () => number
  /**
   * The GitHub webhook secret; without it, or when the profile's tracker is not GitHub,
   * `/webhooks/github` answers 404.
   */
  readonly githubSecret: string | undefined
  /**
   * The Jira webhook secret; without it, or when the profile's tracker is not Jira,
   * `/webhooks/jira` answers 404.
   */
  readonly jiraSecret?: string | undefined
  /** Largest accepted body (default 1 MiB). */
  readonly maxBody?: number | undefined
  readonly log?: ((line: string) => void) | undefined
}

/** A verified webhook delivery, whichever tracker sent it. */
interface Received {
  readonly duplicate: boolean
  /** The item and events the delivery carries, stored before the run. */
  readonly item: Tracker.Item | undefined
  readonly events: ReadonlyArray<Inquiry.Event>
  /** Whether the run syncs the tracker first (the delivery does not carry all it changed). */
  readonly refresh: boolean
}

/** A refused delivery: 401 for a wrong or missing signature, 400 for a malformed one. */
interface Refused {
  readonly status: 400 | 401
  readonly detail: string
}

/**
 * One tracker's webhook receiver: checks the signature on the raw body before parsing it,
 * de-duplicates, and maps the delivery (each adapter's own `Webhooks`/`Webhook` module).
 */
type Receive = (headers: IncomingMessage["headers"], body: Uint8Array) => Effect.Effect<Received, Refused>

/**
 * The receiver of `/webhooks/github`: the GitHub adapter's (`X-Hub-Signature-256`), whose
 * deliveries carry the item and its new events.
 */
const githubReceiver = async (loaded: LoadedProfile, secret: string): Promise<Receive> => {
  const receiver = (await import("@sre-uxdd/github")).Webhooks.receiver({
    secret,
    members: loaded.profile.team.members.flatMap((m) => (m.handles.github === undefined ? [] : [{ id: m.id, login: m.handles.github }]))
  })
  return (headers, body) =>
    Effect.mapError(
      Effect.map(receiver.receive(headers, body), (d) => ({ duplicate: d.duplicate, item: d.item, events: d.events, refresh: d.refresh })),
      (e) => ({ status: e.reason === "signature" ? 401 : 400, detail: `${e.reason}: ${e.detail}` })
    )
}

/**
 * The receiver of `/webhooks/jira`: the Jira adapter's (`X-Hub-Signature`, de-duplicated by
 * `X-Atlassian-Webhook-Identifier`). A Jira delivery names the issue but is not mapped to
 * events here: the run syncs first, and the incremental sync reads what changed on it.
 */
const jiraReceiver = async (secret: string): Promise<Receive> => {
  const receive = (await import("@sre-uxdd/jira")).Webhook.receiver({ secret: Redacted.make(secret) })
  return (headers, body) =>
    Effect.mapError(
      Effect.map(receive(headers, body), (d) => ({ duplicate: d.duplicate, item: undefined, events: [], refresh: true })),
      (e) => ({ status: e.reason === "malformed" ? 400 : 401, detail: `${e.reason}: ${e.detail}` })
    )
}

/**
 * The server of `sre serve`, as a plain `node:http` server (not yet listening), and `kick`,
 * which runs one tick and execute (coalescing requests that arrive during a run).
 *
 * @since 0.1.0
 * @category server
 */
export const makeServer = async (options: ServerOptions) => {
  const { loaded, services } = options
  const { runner, store } = services
  const maxBody = options.maxBody ?? 1 << 20
  const log = options.log ?? (() => undefined)
  const stats = { deliveries: 0, duplicates: 0, rejected: 0, runs: 0, lastRun: undefined as string | undefined, lastError: undefined as string | undefined }
  // Only the profile's tracker has a webhook route: the other one answers 404.
  const kind = Compose.trackerKind(loaded.profile)
  const receivers: { readonly github: Receive | undefined; readonly jira: Receive | undefined } = {
    github: kind === "github" && options.githubSecret !== undefined ? await githubReceiver(loaded, options.githubSecret) : undefined,
    jira: kind === "jira" && options.jiraSecret !== undefined && options.jiraSecret !== "" ? await jiraReceiver(options.jiraSecret) : undefined
  }
  let running: Promise<void> | undefined
  let again = false
  let needSync = false
  const runOnce = async (): Promise<void> => {
    const now = options.now()
    const program = Effect.gen(function*() {
      if (needSync) {
        needSync = false
        yield* runner.sync({ now })
      }
      yield* runner.tick({ now })
      yield* runner.execute({ now })
    })
    try {
      await Effect.runPromise(program)
      stats.runs++
      stats.lastRun = new Date(now).toISOString()
    } catch (error) {
      stats.lastError = scrub(error instanceof Error ? error.message : String(error))
      log(`run failed: ${stats.lastError}`)
    }
  }
  /** Runs tick and execute now, or once more after the run in progress. */
  const kick = (sync = false): Promise<void> => {
    if (sync) needSync = true
    if (running !== undefined) {
      again = true
      return running
    }
    running = (async () => {
      do {
        again = false
        await runOnce()
      } while (again)
      running = undefined
    })()
    return running
  }
  const send = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { "content-type": type, "cache-control": "no-store" })
    res.end(body)
  }
  const readBody = (req: IncomingMessage): Promise<Buffer | "too-large"> =>
    new Promise((resolve, reject) => {
      const declared = Number(req.headers["content-length"] ?? "0")
      if (declared > maxBody) {
        resolve("too-large")
        req.resume()
        return
      }
      const chunks: Array<Buffer> = []
      let size = 0
      let over = false
      req.on("data", (c: Buffer) => {
        size += c.length
        if (size > maxBody) over = true
        else chunks.push(c)
      })
      req.on("end", () => resolve(over ? "too-large" : Buffer.concat(chunks)))
      req.on("error", reject)
    })
  const notConfigured = {
    github: kind === "github"
      ? "GitHub webhooks are not configured (set SRE_UXDD_GITHUB_WEBHOOK_SECRET)\n"
      : `the profile's tracker is ${kind}, not GitHub\n`,
    jira: kind === "jira" ? "Jira webhooks are not configured (set SRE_UXDD_JIRA_WEBHOOK_SECRET)\n" : `the profile's tracker is ${kind}, not Jira\n`
  }
  // The one webhook path of both trackers: size limit, the receiver (signature before parsing,
  // de-duplication), the delivery's item and events stored, then a run (sync first if asked).
  const webhook = async (tracker: "github" | "jira", req: IncomingMessage, res: ServerResponse) => {
    const receive = receivers[tracker]
    if (receive === undefined) {
      req.resume()
      return send(res, 404, "text/plain", notConfigured[tracker])
    }
    const body = await readBody(req)
    if (body === "too-large") {
      stats.rejected++
      res.setHeader("connection", "close")
      return send(res, 413, "text/plain", `body larger than ${maxBody} bytes\n`)
    }
    const received = await Effect.runPromise(Effect.result(receive(req.headers, body)))
    if (received._tag === "Failure") {
      stats.rejected++
      return send(res, received.failure.status, "text/plain", `${received.failure.detail}\n`)
    }
    const delivery = received.success
    if (delivery.duplicate) {
      stats.duplicates++
      return send(res, 200, "text/plain", "duplicate\n")
    }
    stats.deliveries++
    const stored = await Effect.runPromise(
      Effect.result(
        Effect.gen(function*() {
          if (delivery.item !== undefined) yield* store.putItems([delivery.item])
          if (delivery.events.length > 0) yield* store.append(delivery.events)
        })
      )
    )
    if (stored._tag === "Failure") return send(res, 503, "text/plain", `store unavailable: ${stored.failure.detail}\n`)
    void kick(delivery.refresh)
    return send(res, 202, "text/plain", "accepted\n")
  }
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost")
    const route = `${req.method ?? "GET"} ${url.pathname}`
    switch (route) {
      case "POST /webhooks/github":
        return webhook("github", req, res)
      case "POST /webhooks/jira":
        return webhook("jira", req, res)
      case "GET /healthz":
        return send(res, 200, "application/json", `${JSON.stringify({ ok: true, ...stats })}\n`)
      case "GET /schedule.ics": {
        const member = url.searchParams.get("member") ?? undefined
        if (member !== undefined && !loaded.profile.team.members.some((m) => m.id === member))
          return send(res, 404, "text/plain", `no member ${JSON.stringify(member)}\n`)
        return send(res, 200, "text/calendar; charset=utf-8", calendar(loaded, options.now(), member))
      }
      case "GET /": {
        const html = await Effect.runPromise(page(loaded, store, options.now()))
        return send(res, 200, "text/html; charset=utf-8", html)
      }
      default:
        req.resume()
        return send(res, 404, "text/plain", "not found\n")
    }
  }
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`request failed: ${scrub(error instanceof Error ? error.message : String(error))}`)
      if (!res.headersSent) send(res, 500, "text/plain", "internal error\n")
      else res.end()
    })
  })
  const idle = async () => {
    while (running !== undefined) await running
  }
  return { server, kick, idle, stats }
}

/**
 * `sre serve [--host H] [--port P] [--interval MINUTES]`.
 *
 * @since 0.1.0
 * @category commands
 */
export const serve = Command.make("serve", {
  config: configFlag,
  json: jsonFlag,
  host: Flag.String("host").pipe(Flag.withDefault("127.0.0.1")),
  port: Flag.Int("port").pipe(Flag.withDescription("0 picks a free port (printed)"), Flag.withDefault(8080)),
  interval: Flag.Finite("interval").pipe(Flag.withDescription("minutes between timed sync and tick runs (0: none)"), Flag.withDefault(5))
}, ({ config, json, host, port, interval }) =>
  withServices(config, json, (loaded, services) =>
    // The server is a scoped resource: SIGINT/SIGTERM interrupt the command (NodeRuntime), and
    // the release stops the timer, closes the server, waits for the run in progress, then the
    // store closes with the command's scope.
    Effect.scoped(Effect.andThen(
      Effect.acquireRelease(
        Effect.promise(async () => {
          const app = await makeServer({
            loaded,
            services,
            now: () => (process.env["SRE_UXDD_NOW"] === undefined ? Date.now() : Types.toMillis(process.env["SRE_UXDD_NOW"])),
            githubSecret: process.env["SRE_UXDD_GITHUB_WEBHOOK_SECRET"],
            jiraSecret: process.env["SRE_UXDD_JIRA_WEBHOOK_SECRET"],
            log: (line) => console.error(line)
          })
          await new Promise<void>((resolve, reject) => {
            app.server.once("error", reject)
            app.server.listen(port, host, () => resolve())
          })
          const address = app.server.address() as AddressInfo
          console.log(
            json ? JSON.stringify({ listening: `http://${address.address}:${address.port}` }) : `listening on http://${address.address}:${address.port}`
          )
          const timer = interval > 0 ? setInterval(() => void app.kick(true), interval * 60_000) : undefined
          void app.kick(true)
          return { app, timer }
        }),
        ({ app, timer }) =>
          Effect.promise(async () => {
            if (timer !== undefined) clearInterval(timer)
            await new Promise<void>((resolve) => {
              app.server.close(() => resolve())
              app.server.closeIdleConnections()
            })
            await app.idle()
            console.error("stopped")
          })
      ),
      Effect.never
    )))).pipe(Command.withDescription("serve webhooks, the live report, the calendar feed and health on one port"))
