// Runs test/fixtures/worker.ts as a separate Node process (TypeScript through tsx, the
// workspace's source condition), with its output as lines.
import { type ChildProcess, spawn, type SpawnOptions } from "node:child_process"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const worker = fileURLToPath(new URL("../fixtures/worker.ts", import.meta.url))
// tsx's loader by absolute URL, so a worker may run in any working directory.
const tsx = pathToFileURL(join(dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist", "loader.mjs")).href

export interface Target {
  readonly backend: "sqlite" | "postgres"
  readonly file?: string
  readonly url?: string
  readonly schema?: string
}

export interface Running {
  readonly child: ChildProcess
  /** Resolves when a line matching `pattern` is printed (rejects if the process ends first). */
  readonly waitFor: (pattern: RegExp) => Promise<string>
  /** Resolves with the exit code (or signal) and every line printed. */
  readonly exit: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly lines: ReadonlyArray<string> }>
}

export const startWorker = (target: Target, command: string, args: ReadonlyArray<string | number> = [], options: SpawnOptions = {}): Running => {
  const child = spawn(process.execPath, ["--conditions=@sre-uxdd/source", "--import", tsx, worker, JSON.stringify(target), command, ...args.map(String)], {
    stdio: ["ignore", "pipe", "pipe"],
    ...options
  })
  const lines: Array<string> = []
  const waiters: Array<{ pattern: RegExp; resolve: (l: string) => void; reject: (e: Error) => void }> = []
  let buffer = ""
  let stderr = ""
  child.stdout?.on("data", (d: Buffer) => {
    buffer += d.toString()
    let i: number
    while ((i = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, i)
      buffer = buffer.slice(i + 1)
      lines.push(line)
      for (const w of [...waiters]) {
        if (w.pattern.test(line)) {
          waiters.splice(waiters.indexOf(w), 1)
          w.resolve(line)
        }
      }
    }
  })
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()))
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; lines: ReadonlyArray<string> }>((resolve) => {
    child.on("exit", (code, signal) => {
      for (const w of waiters)
        w.reject(new Error(`worker ${command} ended (${code ?? signal}) before printing ${w.pattern}; output: ${lines.join(" | ")} ${stderr}`))
      resolve({ code, signal, lines })
    })
  })
  return {
    child,
    exit,
    waitFor: (pattern) => {
      const seen = lines.find((l) => pattern.test(l))
      if (seen !== undefined) return Promise.resolve(seen)
      return new Promise((resolve, reject) => waiters.push({ pattern, resolve, reject }))
    }
  }
}

/** Runs a worker to its end and answers its output lines; fails unless it exits with 0. */
export const runWorker = async (
  target: Target,
  command: string,
  args: ReadonlyArray<string | number> = [],
  options: SpawnOptions = {}
): Promise<ReadonlyArray<string>> => {
  const r = await startWorker(target, command, args, options).exit
  if (r.code !== 0) throw new Error(`worker ${command} exited with ${r.code ?? r.signal}: ${r.lines.join(" | ")}`)
  return r.lines
}
