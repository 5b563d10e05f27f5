/**
 * From the creator's words to what each provider submission carries: a 25 s brief on a 15 s
 * model is two shots with prompts of their own, each with its own timing.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { builtInCatalog } from "../../src/domain/builtin-catalog.ts";
import { forProviders } from "../../src/domain/catalog.ts";
import { step } from "../../src/dialogue/step.ts";
import { INITIAL_STATE, type StepContext } from "../../src/dialogue/state.ts";
import { requestsFor } from "../../src/jobs/claim.ts";

const ctx: StepContext = {
  catalog: forProviders(builtInCatalog, ["creatok"]),
  today: "2026-11-21",
  now: 1,
  newId: "q1",
  quoteTtlMs: 60_000,
  sandbox: false,
  stitching: true,
  languages: ["en"],
};

function submissions(words: string) {
  const { effects } = step(INITIAL_STATE, { type: "text", text: words }, ctx);
  const quote = effects.flatMap((e) => (e.type === "create_quote" ? [e.quote] : []))[0];
  assert.ok(quote, "an offer");
  return { quote, requests: requestsFor(quote.plan, quote.prompt, quote.brief) };
}

describe("storyboard submissions", () => {
  it("a 25 s brief with beats is two submissions, each its own beat and its own length", () => {
    const { requests } = submissions("a 25 second vertical video of a fox in a snowy forest, cinematic: first it sniffs the snow, then it pounces, finally it trots away");
    assert.equal(requests.length, 2);
    const [a, b] = requests.map((r) => r.prompt);
    assert.notEqual(a, b);
    assert.match(a!, /^Primary request: it sniffs the snow$/m);
    assert.match(b!, /^Primary request: it pounces; then it trots away$/m);
    assert.deepEqual(requests.map((r) => r.kind === "video" && r.seconds), [13, 12]);
    assert.match(a!, /^Timing\/beats: 13 seconds$/m);
    assert.match(b!, /^Timing\/beats: 12 seconds$/m);
    for (const p of [a!, b!]) {
      assert.match(p, /^Scene\/background: a vertical video of a fox in a snowy forest, cinematic$|^Scene\/background: .*fox in a snowy forest/m);
      assert.match(p, /^Style\/format: cinematic$/m);
      assert.doesNotMatch(p, /25 seconds|Part \d of/);
    }
  });

  it("an idea without beats is told as an opening and an ending, not one description twice", () => {
    const { quote, requests } = submissions("a 25 second vertical video of a paper boat on a rainy street");
    assert.equal(quote.plan.kind === "video" && quote.plan.shots?.map((s) => s.role).join(","), "opening,ending");
    assert.equal(requests.length, 2);
    assert.match(requests[0]!.prompt, /^Primary request: Opening of .*paper boat/m);
    assert.match(requests[1]!.prompt, /^Primary request: Ending of .*paper boat/m);
    assert.doesNotMatch(requests.map((r) => r.prompt).join("\n"), /25 seconds/);
  });

  it("a single clip keeps the one structured prompt", () => {
    const { quote, requests } = submissions("a 10 second vertical video of a paper boat");
    assert.equal(quote.plan.kind === "video" && quote.plan.shots, undefined);
    assert.equal(requests[0]!.prompt, quote.prompt);
  });
});
