// A real PostgreSQL for the integration tests: a private server started from the machine's
// binaries (password authentication over TCP, so wrong credentials can be tested), else the
// server at DATABASE_URL, else none: the tests then skip with a loud notice, or fail when
// SRE_UXDD_REQUIRE_SERVICES=1.
import { execFileSync } from "node:child_process"
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"

export interface Postgres {
  /** A superuser URL (with its password). */
  readonly url: string
  /** The same server as another user and password. */
  readonly as: (user: string, password: string) => string
  /** Whether the server checks passwords (a private server does; one at DATABASE_URL may trust). */
  readonly checksPasswords: boolean
  readonly stop: () => void
}

export const adminPassword = "pg-admin-s3cret"

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once("error", reject)
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      srv.close(() => resolve(port))
    })
  })

const binDir = (): string | undefined => {
  const root = "/usr/lib/postgresql"
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "initdb"))).sort((a, b) => Number(a) - Number(b))
  const last = versions[versions.length - 1]
  return last === undefined ? undefined : join(root, last, "bin")
}

const withUser = (url: string, user: string, password: string): string => {
  const u = new URL(url)
  u.username = encodeURIComponent(user)
  u.password = encodeURIComponent(password)
  return u.toString()
}

const startPrivate = async (bin: string): Promise<Postgres> => {
  const data = mkdtempSync(join(tmpdir(), "sre-pg-"))
  const pwfile = join(data, "..", `${data.split("/").pop()}.pw`)
  writeFileSync(pwfile, `${adminPassword}\n`)
  const root = process.getuid?.() === 0
  const as = (cmd: string, args: ReadonlyArray<string>) =>
    root ? execFileSync("runuser", ["-u", "postgres", "--", cmd, ...args], { stdio: "pipe" }) : execFileSync(cmd, args, { stdio: "pipe" })
  if (root) {
    execFileSync("chown", ["postgres:postgres", data, pwfile])
    chmodSync(pwfile, 0o600)
  }
  as(join(bin, "initdb"), [
    "-D",
    data,
    "-U",
    "postgres",
    "--auth-local=trust",
    "--auth-host=scram-sha-256",
    `--pwfile=${pwfile}`,
    "-E",
    "UTF8",
    "--locale=C.UTF-8",
    "--no-sync"
  ])
  rmSync(pwfile, { force: true })
  const port = await freePort()
  as(join(bin, "pg_ctl"), [
    "-D",
    data,
    "-l",
    join(data, "server.log"),
    "-w",
    "-t",
    "60",
    "-o",
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${data} -c fsync=off -c max_connections=200`,
    "start"
  ])
  const url = `postgres://postgres:${adminPassword}@127.0.0.1:${port}/postgres`
  return {
    url,
    as: (user, password) => withUser(url, user, password),
    checksPasswords: true,
    stop: () => {
      try {
        as(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"])
      } finally {
        rmSync(data, { recursive: true, force: true })
      }
    }
  }
}

/** Starts or finds a server; `undefined` (after a loud notice) when there is none and none is required. */
export const findPostgres = async (): Promise<Postgres | undefined> => {
  const bin = binDir()
  const problems: Array<string> = []
  if (bin !== undefined) {
    try {
      return await startPrivate(bin)
    } catch (e) {
      problems.push(`starting a private server from ${bin} failed: ${e instanceof Error ? e.message : String(e)}`)
    }
  } else problems.push("no PostgreSQL binaries under /usr/lib/postgresql (apt-get install postgresql)")
  const env = process.env.DATABASE_URL
  if (env !== undefined && env !== "") return { url: env, as: (u, p) => withUser(env, u, p), checksPasswords: false, stop: () => {} }
  problems.push("DATABASE_URL is not set")
  const message = `PostgreSQL integration tests: no server (${problems.join("; ")})`
  if (process.env.SRE_UXDD_REQUIRE_SERVICES === "1") throw new Error(`${message}, and SRE_UXDD_REQUIRE_SERVICES=1 requires one`)
  console.warn(`\n${"!".repeat(78)}\n!!! SKIPPED: ${message}\n${"!".repeat(78)}\n`)
  return undefined
}
