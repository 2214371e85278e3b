import { defineConfig } from "vitest/config"

// One vitest run covers every package's test/ folder. Tests that must also pass under
// several process time zones are named *.tz.test.ts; scripts/test.mjs reruns them per TZ.
export default defineConfig({
  resolve: { conditions: ["@sre-uxdd/source"] },
  ssr: { resolve: { conditions: ["@sre-uxdd/source"] } },
  test: {
    include: ["packages/*/test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    coverage: { provider: "v8", include: ["packages/*/src/**/*.ts"], reporter: ["text-summary", "html"] }
  }
})
