// The example team's profile and a fresh repository directory holding it (no source imports,
// so that the end-to-end test can run against an installed `sre` without loading the workspace's).
import { copyFileSync, mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

export const example = join(import.meta.dirname, "..", "..", "..", "..", "examples", "visit-team.yaml")

export const repo = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "sre-cmd-"))
  copyFileSync(example, join(dir, "sre.config.yaml"))
  return dir
}
