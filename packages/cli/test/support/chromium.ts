// Finds Debian's Chromium for browser tests. Without it the tests skip with a loud notice,
// unless SRE_UXDD_REQUIRE_SERVICES=1 (set by .ci/run), where a missing browser is a failure.
import { existsSync } from "node:fs"

const candidates = [process.env["SRE_UXDD_CHROMIUM"], "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter((p): p is string => p !== undefined && p !== "")

export const chromiumPath: string | undefined = candidates.find((p) => existsSync(p))

export const requireServices = process.env["SRE_UXDD_REQUIRE_SERVICES"] === "1"

if (chromiumPath === undefined) {
  const message = `Chromium not found (looked at ${candidates.join(", ")}): browser tests ${
    requireServices ? "FAIL (SRE_UXDD_REQUIRE_SERVICES=1)" : "are SKIPPED"
  }; install it with \`apt-get install -y chromium\``
  console.warn(`\n${"!".repeat(100)}\n!!! ${message}\n${"!".repeat(100)}\n`)
  if (requireServices) throw new Error(message)
}

export const launchArgs = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
