import { Store } from "@sre-uxdd/core"
import { Sqlite } from "@sre-uxdd/storage"
import { storeSuite } from "@sre-uxdd/testing"
import { Effect, Layer } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll } from "vitest"
import { behaviours } from "./support/behaviours.js"

const dir = mkdtempSync(join(tmpdir(), "sre-sqlite-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
/** A store on a new file each time the layer is built. */
const fresh = () => Layer.effect(Store.Store, Effect.suspend(() => Sqlite.make({ file: join(dir, `store-${n++}.db`) })))

storeSuite("Sqlite (a file)", fresh())
behaviours("Sqlite (a file)", fresh)
