/**
 * Every alternative a plan offers, pressed: it applies, and it changes only what it says. Driven
 * through `step` with the buttons the dialogue itself sent.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { stepContext } from "../support/dialogue.ts";
import type { Fix } from "../../src/domain/plan.ts";
import type { Action, Button } from "../../src/domain/reply.ts";
import { step } from "../../src/dialogue/step.ts";
import { INITIAL_STATE, type DialogueState, type Effect, type QuoteDraft, type StepContext } from "../../src/dialogue/state.ts";

const ctx = (): StepContext => stepContext({ stitching: true, ceilings: { maxClips: 8, maxSeconds: 120 } });

const buttonsOf = (effects: Effect[]): Button[] => effects.flatMap((e) => (e.type === "reply" ? (e.message.buttons ?? []).flat() : []));
const keysOf = (effects: Effect[]): string[] => effects.flatMap((e) => (e.type === "reply" ? e.message.lines.map((l) => l.key) : []));
const quoteOf = (effects: Effect[]): QuoteDraft | undefined => effects.flatMap((e) => (e.type === "create_quote" ? [e.quote] : []))[0];
const alternatives = (effects: Effect[]): Action[] =>
  buttonsOf(effects).map((b) => b.action).filter((a) => a.type === "apply_fix" || a.type === "choose_model");

function say(state: DialogueState, words: string) {
  return step(state, { type: "text", text: words }, ctx());
}
function press(state: DialogueState, action: Action) {
  return step(state, { type: "press", action }, ctx());
}

interface Settled {
  modelId: string;
  orientation: string;
  definition: string;
  segments: number[];
  idea: string;
}
function settled(quote: QuoteDraft): Settled {
  assert.equal(quote.plan.kind, "video");
  const plan = quote.plan.kind === "video" ? quote.plan : undefined;
  return { modelId: quote.modelId, orientation: plan!.orientation, definition: plan!.definition, segments: plan!.segments, idea: quote.brief.prompt };
}

describe("the plan's alternatives", () => {
  it("each alternative on a 25 s square card applies and keeps the shape, the definition and the idea", () => {
    const first = say(INITIAL_STATE, "a 25 second square video of a cat surfing at sunset");
    const before = settled(quoteOf(first.effects)!);
    assert.deepEqual(before.segments, [13, 12]);
    assert.equal(before.orientation, "1:1");
    const offered = alternatives(first.effects);
    assert.ok(offered.filter((a) => a.type === "apply_fix").length >= 2, JSON.stringify(offered));
    assert.ok(offered.some((a) => a.type === "choose_model"), JSON.stringify(offered));

    for (const action of offered) {
      const fix: Fix | undefined = action.type === "apply_fix" ? first.state.fixes?.[action.index] : undefined;
      const after = press(first.state, action);
      const label = JSON.stringify(fix ?? action);
      assert.ok(!keysOf(after.effects).includes("press.stale"), `${label} answered "belongs to an earlier step"`);
      const quote = quoteOf(after.effects);
      assert.ok(quote, `${label} made no new offer`);
      assert.ok(after.effects.some((e) => e.type === "close_quote" && e.quoteId === first.state.quoteId), `${label} left the old quote open`);
      const now = settled(quote);
      assert.equal(now.orientation, "1:1", `${label} changed the shape`);
      assert.equal(now.definition, before.definition, `${label} changed the definition`);
      assert.equal(now.idea, before.idea, `${label} changed the idea`);
      if (fix?.kind === "use_value") {
        assert.equal(fix.field, "seconds");
        assert.deepEqual(now.segments, [Number(fix.value)]);
        assert.equal(now.modelId, before.modelId, `${label} changed the model`);
      } else if (fix?.kind === "switch_model") {
        assert.equal(now.modelId, fix.modelId);
        assert.deepEqual(now.segments, fix.segments);
      } else if (action.type === "choose_model") {
        assert.equal(`creatok:${now.modelId}`, action.ref);
        assert.equal(now.segments.reduce((a, b) => a + b, 0) >= 25, true, `${label} shortened the video`);
      }
    }
  });

  it("a fix for one conflict leaves the others asked, not settled behind the creator's back", () => {
    const first = say(INITIAL_STATE, "a 20 second square video of a cat with veo 3.1");
    assert.equal(first.state.phase, "fixing");
    const fixes = first.state.fixes ?? [];
    assert.equal(new Set(fixes.map((f) => JSON.stringify(f))).size, fixes.length, "each fix is offered once");
    const offered = alternatives(first.effects);
    assert.equal(offered.length, fixes.length);
    for (const action of offered) {
      assert.equal(action.type, "apply_fix");
      const fix = first.state.fixes![(action as { index: number }).index]!;
      const after = press(first.state, action);
      assert.ok(!keysOf(after.effects).includes("press.stale"), JSON.stringify(fix));
      const quote = quoteOf(after.effects);
      if (fix.kind === "split") {
        // Veo makes no square clips: the split is taken, and the shape is asked about again.
        assert.equal(quote, undefined, "a square request was not quietly made vertical");
        assert.equal(after.state.phase, "fixing");
        assert.deepEqual(after.state.segments, fix.segments);
        assert.ok(keysOf(after.effects).includes("conflict.orientation_unsupported"));
        assert.ok(!keysOf(after.effects).includes("conflict.too_long"), "the accepted split is kept");
        assert.equal(after.state.brief?.orientation, "1:1");
        // Choosing the shape next makes an offer with the split that was chosen.
        const shape = alternatives(after.effects).find((a) => a.type === "apply_fix" && after.state.fixes![a.index]!.kind === "use_value")!;
        const offer = quoteOf(press(after.state, shape).effects);
        assert.deepEqual(offer && settled(offer).segments, fix.segments);
      } else if (fix.kind === "use_value" && fix.field === "orientation") {
        assert.equal(quote && settled(quote).orientation, fix.value);
        assert.equal(quote && settled(quote).modelId, "veo-3.1-exp");
        assert.equal(quote?.plan.kind === "video" && quote.plan.segments.reduce((a, b) => a + b, 0), 20);
      } else if (fix.kind === "use_value" && fix.field === "seconds") {
        assert.equal(after.state.brief?.seconds, fix.value);
        assert.equal(after.state.brief?.orientation, "1:1");
      } else if (fix.kind === "switch_model") {
        assert.equal(quote && settled(quote).modelId, fix.modelId);
        assert.equal(quote && settled(quote).orientation, "1:1");
        assert.deepEqual(quote && settled(quote).segments, fix.segments);
      }
    }
  });

  it("an alternative on an older card is stale", () => {
    const first = say(INITIAL_STATE, "a 25 second square video of a cat surfing");
    const second = say(first.state, "make it 16:9");
    const old = alternatives(first.effects).find((a) => a.type === "apply_fix")!;
    const after = press(second.state, old);
    assert.ok(keysOf(after.effects).includes("press.stale"));
    assert.equal(quoteOf(after.effects), undefined);
  });

  it("a 10 minute vertical video is explained and offered a plan within the ceilings", () => {
    const first = say(INITIAL_STATE, "a 10 minute vertical video of a cat");
    const quote = quoteOf(first.effects);
    assert.ok(quote, "a plan is offered");
    assert.ok(keysOf(first.effects).includes("conflict.over_ceiling"));
    assert.equal(quote.plan.kind, "video");
    if (quote.plan.kind !== "video") return;
    assert.ok(quote.plan.segments.length <= 8);
    assert.ok(quote.plan.segments.reduce((a, b) => a + b, 0) <= 120);
    assert.equal(quote.plan.orientation, "9:16");
    assert.equal(quote.plan.shots?.length, quote.plan.segments.length);
  });
});

describe("rewriting shots", () => {
  it("Change offers each shot and the whole list; a rewrite is on the next card", () => {
    const first = say(INITIAL_STATE, "a 25 second vertical video of a paper boat on a rainy street");
    const quote = quoteOf(first.effects)!;
    assert.equal(quote.plan.kind === "video" && quote.plan.shots?.length, 2);
    const change = press(first.state, { type: "change", quoteId: quote.id });
    const rewrites = buttonsOf(change.effects).map((b) => b.action).filter((a) => a.type === "rewrite_shot");
    assert.equal(rewrites.length, 3, "shot 1, shot 2 and all shots");
    const asking = press(change.state, rewrites[1]!);
    assert.ok(keysOf(asking.effects).includes("ask.rewrite_shot"));
    const done = say(asking.state, "the boat spins into a drain and vanishes");
    const next = quoteOf(done.effects)!;
    assert.ok(done.effects.some((e) => e.type === "close_quote" && e.quoteId === quote.id));
    const shots = next.plan.kind === "video" ? next.plan.shots! : [];
    assert.equal(shots[1]!.beat, "the boat spins into a drain and vanishes");
    assert.match(shots[1]!.prompt!, /^Primary request: the boat spins into a drain and vanishes$/m);
    assert.equal(shots[0]!.beat, quote.plan.kind === "video" ? quote.plan.shots![0]!.beat : "");

    const all = press(done.state, { type: "rewrite_shot", quoteId: next.id });
    assert.ok(keysOf(all.effects).includes("ask.rewrite_shots"));
    const list = say(all.state, "first the boat is folded, then it is set on the water, finally it sails away");
    const third = quoteOf(list.effects)!;
    const beats = third.plan.kind === "video" ? third.plan.shots!.map((s) => s.beat) : [];
    assert.deepEqual(beats, ["the boat is folded", "it is set on the water; then it sails away"]);
    assert.equal(third.plan.kind === "video" && third.plan.orientation, "9:16");
  });
});
