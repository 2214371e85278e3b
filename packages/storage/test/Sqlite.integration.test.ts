import { Sqlite } from "@sre-uxdd/storage"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll } from "vitest"
import { behaviours } from "./support/behaviours.js"

const dir = mkdtempSync(join(tmpdir(), "sre-sqlite-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0

behaviours("Sqlite (a file)", () => Sqlite.layer({ file: join(dir, `store-${n++}.db`) }))
