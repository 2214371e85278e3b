import { Effect, Layer } from "effect"
import { Tracker } from "@sre-uxdd/core"
import { trackerSuite } from "@sre-uxdd/testing"
import { GitHub } from "../src/index.js"
import { discussionsHarness, issuesHarness } from "./harness.js"
import { baseOptions, useFake } from "./support.js"

const { fake } = useFake()

const layer = (sources: ReadonlyArray<unknown>) =>
  Layer.effect(
    Tracker.Tracker,
    Effect.suspend(() =>
      Effect.map(GitHub.make({ ...baseOptions(fake.url), sources: sources as never }, { retryAfterBaseValue: 1, env: {} }), (a) => a.tracker)
    )
  )

trackerSuite("GitHub Issues on the fake", layer([{ kind: "issues", repo: "visit-dav/support" }]), issuesHarness(fake))
trackerSuite(
  "GitHub Discussions on the fake",
  layer([{ kind: "discussions", repo: "visit-dav/visit", category: "Q&A", label: "SRE" }]),
  discussionsHarness(fake)
)
