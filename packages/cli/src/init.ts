/**
 * What `sre init` writes: a commented profile template, the scheduled GitHub Actions workflow,
 * and the support intake forms of the tracker (a GitHub issue form and discussion category
 * form, or a Jira request type description). Existing files are never overwritten.
 *
 * @since 0.1.0
 * @module
 */

/**
 * The commented profile template.
 *
 * @since 0.1.0
 * @category templates
 */
export const profile = (tracker: "github" | "jira"): string =>
  `# The team profile of sre-uxdd: one file the team keeps in git. \`sre validate\` checks it.
# Every section is documented in docs/profile.md of sre-uxdd. Fields marked (required) must be set.
name: My team                       # (required) shown in messages and the report

team:                               # (required)
  members:                          # (required) one entry per developer sharing support duty
    # weight: percent-time in (0, 1]; a 50% developer serves half as many shifts
    - { id: ana, name: Ana Example, weight: 1, handles: { ${tracker === "github" ? "github: ana-example" : "jira: 5b10ac8d82e05b22cc7d4ef5"} } }
    - { id: ben, name: Ben Example, weight: 0.5, handles: { ${tracker === "github" ? "github: ben-example" : "jira: 5b10a2844c20165700ede21g"} } }

coverage:                           # (required) the hours support is watched, in an IANA zone
  timeZone: America/Los_Angeles
  weekly:
    - days: [mon, tue, wed, thu, fri]
      windows: ["09:00-12:00", "13:00-17:00"]
  holidays:
    regions: [US]                   # public holidays of these regions (date-holidays codes)

shifts:                             # (required) one-week shifts handed over Monday at 09:00
  start: "2026-01-05"
  at: "09:00"
  length: { weeks: 1 }

rotation:
  strategy: guarded                 # fair by percent-time, with a look-ahead guard
  backup: true

goals:
  default: 4 hours                  # first response within 4 covered hours
  byPriority: { high: 1 hour }

stale:
  after: 21 days                    # close inquiries waiting on the reporter this long
  label: wontfix

tracker:
${
    tracker === "github"
      ? `  kind: github
  sources:
    - { kind: issues, repo: my-org/support }
    # - { kind: discussions, repo: my-org/product, category: Q&A, label: support }
  product: { repo: my-org/product } # promotions become issues here
  # scheduleItem: my-org/support#1  # members are mentioned here when their duties change
  # the token comes from GITHUB_TOKEN; members' GitHub logins from team.members[].handles.github`
      : `  kind: jira
  site: https://my-org.atlassian.net  # or JIRA_SITE_URL
  sources:
    - { project: SUP }              # a support project; or { labels: [support], jql: "project != SUP" }
  product: { project: PROD, linkType: Relates } # promotions become issues here
  # credentials come from JIRA_EMAIL and JIRA_API_TOKEN (or JIRA_OAUTH_TOKEN); members'
  # Atlassian accountIds from team.members[].handles.jira`
  }

storage:
  sqlite: .sre/sre.db               # beside this file; or postgres: { urlEnv: DATABASE_URL, schema: my_team }
`

/**
 * The scheduled GitHub Actions workflow: sync and tick every 15 minutes, publish weekly.
 *
 * @since 0.1.0
 * @category templates
 */
export const workflow = (tracker: "github" | "jira"): string => {
  const env = tracker === "github"
    ? `{ GITHUB_TOKEN: "\${{ secrets.GITHUB_TOKEN }}" }`
    : `{ JIRA_EMAIL: "\${{ secrets.JIRA_EMAIL }}", JIRA_API_TOKEN: "\${{ secrets.JIRA_API_TOKEN }}" }`
  return `# Runs the support process: sync the tracker and take the actions due every 15 minutes,
# publish the next weeks of the schedule every Monday. The store lives in the Actions cache
# (rebuildable from the tracker with \`sre sync --full\`); point storage at PostgreSQL to share it.
name: support rotation
on:
  schedule:
    - cron: "*/15 * * * *"
    - cron: "0 6 * * 1"
  workflow_dispatch: {}
permissions:
  contents: write
  issues: write
  discussions: write
concurrency:
  group: sre-uxdd
  cancel-in-progress: false
jobs:
  run:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: 24 }
      - uses: actions/cache@v4
        with:
          path: .sre
          key: sre-store-\${{ github.run_id }}
          restore-keys: sre-store-
      - run: npx --yes @sre-uxdd/cli sync
        env: ${env}
      - run: npx --yes @sre-uxdd/cli tick
        env: ${env}
      - if: github.event.schedule == '0 6 * * 1'
        env: ${env}
        run: |
          npx --yes @sre-uxdd/cli schedule publish --weeks 8
          git config user.name "sre-uxdd[bot]"
          git config user.email "sre-uxdd@users.noreply.github.com"
          git add sre.schedule.yaml && git commit -m "schedule: publish the next weeks" && git push || echo "nothing to publish"
          # last, so that a pair it could not tell (exit 4) fails the run without losing the schedule
          npx --yes @sre-uxdd/cli announce --post
`
}

/**
 * The GitHub issue form for support requests.
 *
 * @since 0.1.0
 * @category templates
 */
export const issueForm = `name: Support request
description: Ask the team for help; the developer on support duty answers.
labels: [support]
body:
  - type: markdown
    attributes:
      value: See SUPPORT.md for when we answer and how fast.
  - type: textarea
    id: question
    attributes: { label: What do you need help with?, description: What you did, what you expected, what happened. }
    validations: { required: true }
  - type: input
    id: version
    attributes: { label: Version, description: The version you use (and your platform). }
  - type: textarea
    id: logs
    attributes: { label: Logs or error messages, render: shell }
`

/**
 * The GitHub discussion category form for support requests.
 *
 * @since 0.1.0
 * @category templates
 */
export const discussionForm = `labels: [SRE]
body:
  - type: textarea
    id: question
    attributes: { label: What do you need help with?, description: What you did, what you expected, what happened. }
    validations: { required: true }
  - type: input
    id: version
    attributes: { label: Version }
`

/**
 * The Jira Service Management request type to create, described for the project admin.
 *
 * @since 0.1.0
 * @category templates
 */
export const jiraRequestType = `# Jira request type for support inquiries

Create a request type "Get help" in the support project (Project settings > Request types),
issue type "Support", with the fields:

- Summary (required): "What do you need help with?"
- Description (required): "What you did, what you expected, what happened."
- Version (text field): "The version you use, and your platform."
- Attachment: logs or screenshots.

Set the portal group "Support", and add the label \`support\` by automation when a request
is created, so that \`sre sync\` finds it through the profile's tracker sources.
`

/**
 * The files `sre init` writes, by path relative to the repository.
 *
 * @since 0.1.0
 * @category templates
 */
export const files = (tracker: "github" | "jira"): ReadonlyArray<readonly [string, string]> => [
  ["sre.config.yaml", profile(tracker)],
  [".github/workflows/sre-uxdd.yml", workflow(tracker)],
  ...(tracker === "github"
    ? ([
      [".github/ISSUE_TEMPLATE/support.yml", issueForm],
      [".github/DISCUSSION_TEMPLATE/support.yml", discussionForm]
    ] as const)
    : ([["docs/jira-request-type.md", jiraRequestType]] as const))
]
