// The composition: e-mail over SMTP against a local smtp-server, and a tick with nothing new
// reading no event history (a counting store around the real SQLite store).
import { Effect, Exit, Scope, Stream } from "effect"
import { readFileSync, writeFileSync } from "node:fs"
import type { AddressInfo } from "node:net"
import { join } from "node:path"
import { SMTPServer } from "smtp-server"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { Store } from "@sre-uxdd/core"
import * as Compose from "../src/compose.js"
import { dutiesOf } from "../src/commands/run.js"
import { load } from "../src/profileFile.js"
import { type FakeGitHub, startFake, TOKEN, trackerSection } from "./support/fakeGitHub.js"
import { example, repo } from "./support/sre.js"

const HOUR = 3_600_000
const T0 = Date.parse("2026-12-01T18:00:00Z")

let fake: FakeGitHub
beforeAll(async () => {
  fake = await startFake()
  fake.setTime(T0 - 2 * HOUR)
})
afterAll(async () => {
  await fake.stop()
})

const profileWith = (extra: string) => {
  const dir = repo()
  const text = readFileSync(example, "utf8").replace("handles: { github: ana-m }", "handles: { github: ana-m, email: ana@example.org }") +
    trackerSection(fake.url) + extra
  writeFileSync(join(dir, "sre.config.yaml"), text)
  return load(join(dir, "sre.config.yaml"))
}

const withServices = async <A>(
  env: Compose.Environment,
  options: Compose.ServiceOptions,
  use: (s: Compose.Services, loaded: ReturnType<typeof load>) => Promise<A>
): Promise<A> => {
  const loaded = profileWith("")
  const scope = await Effect.runPromise(Scope.make())
  try {
    const services = await Effect.runPromise(
      Compose.services(loaded.profile, loaded.file, dutiesOf(loaded, T0), { GITHUB_TOKEN: TOKEN, ...env }, options).pipe(
        Effect.provideService(Scope.Scope, scope)
      )
    )
    return await use(services, loaded)
  } finally {
    await Effect.runPromise(Scope.close(scope, Exit.void))
  }
}

describe("e-mail over SMTP", () => {
  const mails: Array<{ from: string; to: Array<string>; data: string }> = []
  let server: SMTPServer
  let port = 0
  beforeAll(async () => {
    server = new SMTPServer({
      secure: false,
      authOptional: false,
      disabledCommands: ["STARTTLS"],
      onAuth(auth, _session, callback) {
        if (auth.username === "sre" && auth.password === "smtp-secret-pw") callback(null, { user: "sre" })
        else callback(new Error("bad credentials"))
      },
      onData(stream, session, callback) {
        const chunks: Array<Buffer> = []
        stream.on("data", (c: Buffer) => chunks.push(c))
        stream.on("end", () => {
          mails.push({
            from: session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((r) => r.address),
            data: Buffer.concat(chunks).toString("utf8")
          })
          callback()
        })
      }
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()))
    port = (server.server.address() as AddressInfo).port
  })
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  const smtpEnv = () => ({
    SRE_UXDD_SMTP_HOST: "127.0.0.1",
    SRE_UXDD_SMTP_PORT: String(port),
    SRE_UXDD_SMTP_USER: "sre",
    SRE_UXDD_SMTP_PASSWORD: "smtp-secret-pw",
    SRE_UXDD_SMTP_FROM: "support-bot@example.org"
  })

  it("sends a notice to a member with an e-mail handle by e-mail, with its action key as a header, and the others by tracker mention", async () => {
    const loaded = profileWith("")
    const smtp = Compose.smtpFromEnv(smtpEnv())
    expect(smtp).toBeDefined()
    const mentioned: Array<string> = []
    const fallback = {
      deliver: (action: { readonly key: string; readonly _tag: string }, now: number) =>
        Effect.sync(
          () => (mentioned.push(action.key),
            { key: action.key, action: action._tag, outcome: "delivered" as const, executedAt: now, detail: "mentioned", requests: 1, events: [] })
        )
    }
    const notifier = Compose.emailNotifier(loaded.profile, smtp as Compose.Smtp, fallback as never)
    const toAna = {
      _tag: "Notify" as const,
      key: "x:s1:breached:primary",
      member: "ana" as never,
      inquiry: "visit-dav/support#1" as never,
      text: "Response goal breached on visit-dav/support#1"
    }
    const receipt = await Effect.runPromise(notifier.deliver(toAna, T0))
    expect(receipt.detail).toBe("e-mailed to ana@example.org")
    await Effect.runPromise(notifier.deliver({ ...toAna, key: "x:s1:breached:backup", member: "ben" as never }, T0))
    expect(mentioned).toEqual(["x:s1:breached:backup"])
    expect(mails).toHaveLength(1)
    expect(mails[0]?.from).toBe("support-bot@example.org")
    expect(mails[0]?.to).toEqual(["ana@example.org"])
    expect(mails[0]?.data).toContain("Response goal breached on visit-dav/support#1")
    expect(mails[0]?.data).toContain("X-Sre-Uxdd-Key: x:s1:breached:primary")
  })

  it("an unreachable or refusing server is a retryable NotifierError without the password", async () => {
    const loaded = profileWith("")
    const refused = Compose.emailNotifier(loaded.profile, { ...(Compose.smtpFromEnv(smtpEnv()) as Compose.Smtp), password: "wrong-password-123" }, {
      deliver: () => Effect.die("unused")
    })
    const exit = await Effect.runPromiseExit(refused.deliver({ _tag: "Notify", key: "k", member: "ana" as never, text: "t" }, T0))
    expect(Exit.isFailure(exit)).toBe(true)
    expect(JSON.stringify(exit)).toContain("NotifierError")
    expect(JSON.stringify(exit)).not.toContain("wrong-password-123")
    const down = Compose.emailNotifier(loaded.profile, { ...(Compose.smtpFromEnv(smtpEnv()) as Compose.Smtp), port: 9 }, {
      deliver: () => Effect.die("unused")
    })
    const exit2 = await Effect.runPromiseExit(down.deliver({ _tag: "Notify", key: "k", member: "ana" as never, text: "t" }, T0))
    expect(JSON.stringify(exit2)).toMatch(/"retryable":true/)
  })
})

describe("sre tick with nothing new", () => {
  it("reads no event history (0 events calls, 0 rows of changesAfter); one new comment reads 1 and 1", async () => {
    fake.openIssue("visit-dav/support", { title: "Question about pick", user: "kim-user", at: T0 - HOUR })
    const counts = { events: 0, changes: 0 }
    const counting = (s: Store.Store["Service"]): Store.Store["Service"] => ({
      ...s,
      events: (inquiry) => Effect.tap(s.events(inquiry), () => Effect.sync(() => void counts.events++)),
      changesAfter: (seq) => Stream.tap(s.changesAfter(seq), () => Effect.sync(() => void counts.changes++))
    })
    await withServices({}, { wrapStore: counting }, async ({ runner }) => {
      await Effect.runPromise(runner.run({ now: T0 }))
      await Effect.runPromise(runner.run({ now: T0 + 60_000 }))
      counts.events = 0
      counts.changes = 0
      await Effect.runPromise(runner.tick({ now: T0 + 120_000 }))
      expect(counts).toEqual({ events: 0, changes: 0 })
      fake.addComment("visit-dav/support", 1, { user: "kim-user", body: "any news?", at: T0 + 150_000 })
      await Effect.runPromise(runner.sync({ now: T0 + 180_000 }))
      counts.events = 0
      counts.changes = 0
      await Effect.runPromise(runner.tick({ now: T0 + 180_000 }))
      expect(counts).toEqual({ events: 1, changes: 1 })
    })
  })
})
