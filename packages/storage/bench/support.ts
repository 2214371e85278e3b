// The benchmark's history: inquiries of ten events each (an opening, comments by the
// reporter and the team, recorded effort, a close), a day apart, with tracker ids.
import { type Inquiry, Types } from "@sre-uxdd/core"

const perInquiry = 10
const base = Date.UTC(2026, 0, 5, 17)
const HOUR = 3_600_000

export const inquiriesOf = (events: number): number => Math.ceil(events / perInquiry)

export const history = (events: number): ReadonlyArray<Inquiry.Event> => {
  const out: Array<Inquiry.Event> = []
  for (let n = 0; out.length < events; n++) {
    const inquiry = Types.InquiryId.make(`support#${n}`)
    const start = base + (n % 5000) * 600_000 + Math.floor(n / 5000) * 86_400_000
    const at = (h: number) => new Date(start + h * HOUR).toISOString()
    const reporter = `user${n % 997}`
    const evs: ReadonlyArray<Inquiry.Event> = [
      {
        type: "opened",
        inquiry,
        at: at(0),
        actor: reporter,
        reporter,
        channel: "email",
        title: `Question ${n}`,
        labels: [n % 3 === 0 ? "crash" : "question"],
        id: `o${n}`
      },
      { type: "commented", inquiry, at: at(1 + (n % 5)), actor: n % 2 === 0 ? "ada" : "bob", visibility: "public", id: `c${n}-1` },
      { type: "commented", inquiry, at: at(7), actor: reporter, visibility: "public", id: `c${n}-2` },
      { type: "commented", inquiry, at: at(8), actor: "ada", visibility: "internal", id: `c${n}-3` },
      { type: "commented", inquiry, at: at(9), actor: "bob", visibility: "public", id: `c${n}-4` },
      { type: "effort-recorded", inquiry, at: at(10), actor: "ada", minutes: 30, id: `e${n}-1` },
      { type: "commented", inquiry, at: at(11), actor: reporter, visibility: "public", id: `c${n}-5` },
      { type: "commented", inquiry, at: at(12), actor: "ada", visibility: "public", id: `c${n}-6` },
      { type: "effort-recorded", inquiry, at: at(13), actor: "bob", minutes: 15, id: `e${n}-2` },
      { type: "closed", inquiry, at: at(14), actor: "ada", reason: "resolved", id: `x${n}` }
    ]
    for (const e of evs) if (out.length < events) out.push(e)
  }
  return out
}
