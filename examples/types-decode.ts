// Decoding user input with path-precise errors: the convention every core decoder follows.
import { Types } from "@sre-uxdd/core"
import { Schema } from "effect"
import assert from "node:assert/strict"

const Member = Schema.Struct({ id: Types.MemberId, name: Schema.String })
const decode = Types.decoderSync(Schema.Struct({ members: Schema.Array(Member) }), "roster")

const roster = decode({ members: [{ id: "ada", name: "Ada" }] })
console.log(`decoded ${roster.members.length} member(s)`)

try {
  decode({ members: [{ id: "ada", name: "Ada" }, { id: "", name: 7 }] })
  assert.fail("expected a ValidationError")
} catch (error) {
  assert.ok(error instanceof Types.ValidationError)
  console.log(error.message)
  assert.deepEqual(
    error.problems.map((p) => p.path),
    ["members[1].id", "members[1].name"]
  )
}
