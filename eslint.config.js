// One lint tool for the whole workspace: typescript-eslint's flat config.
import { builtinModules } from "node:module"
import js from "@eslint/js"
import tseslint from "typescript-eslint"

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), "node:*"]

export default tseslint.config(
  { ignores: ["**/dist/**", "**/build/**", "**/node_modules/**", "docs/api/**", "examples/out/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { console: "readonly", process: "readonly", URL: "readonly" } },
    rules: {
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-namespace": "off",
      "no-console": "off"
    }
  },
  {
    // Dependencies point inward: core is pure and knows no adapter, vendor SDK or Node API.
    files: ["packages/core/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: nodeBuiltins.filter((m) => m !== "node:*").map((name) => ({
            name,
            message: "@sre-uxdd/core must not import Node built-ins: it runs anywhere."
          })),
          patterns: [
            { group: ["node:*"], message: "@sre-uxdd/core must not import Node built-ins." },
            { group: ["@sre-uxdd/*", "!@sre-uxdd/core"], message: "core must not import an adapter package." },
            {
              group: ["@octokit/*", "octokit", "jira.js", "better-sqlite3", "pg", "@effect/sql-*", "@effect/platform-node*"],
              message: "core must not import a vendor SDK or driver."
            }
          ]
        }
      ],
      "no-restricted-globals": ["error", { name: "process", message: "core must not read the process environment." }]
    }
  }
)
