import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { builtInCatalog } from "../../src/domain/builtin-catalog.ts";
import { forProviders } from "../../src/domain/catalog.ts";
import type { Action, Message } from "../../src/domain/reply.ts";
import { step } from "../../src/dialogue/step.ts";
import { stepContext } from "../support/dialogue.ts";
import { INITIAL_STATE, type DialogueEvent, type DialogueState, type Effect, type StepContext } from "../../src/dialogue/state.ts";

const ctx = stepContext;

const say = (text: string): DialogueEvent => ({ type: "text", text });
const press = (action: Action): DialogueEvent => ({ type: "press", action });
const replies = (effects: Effect[]): Message[] => effects.flatMap((e) => (e.type === "reply" ? [e.message] : []));
const keys = (effects: Effect[]): string[] => replies(effects).flatMap((m) => m.lines.map((l) => l.key));
const buttons = (effects: Effect[]): Action[] => replies(effects).flatMap((m) => (m.buttons ?? []).flat().map((b) => b.action));

function run(events: DialogueEvent[], start: DialogueState = INITIAL_STATE) {
  let state = start;
  const all: Effect[][] = [];
  for (const event of events) {
    const result = step(state, event, ctx());
    state = result.state;
    all.push(result.effects);
  }
  return { state, all };
}

describe("dialogue step", () => {
  it("goes straight to an offer when the brief already says length and shape", () => {
    const { state, all } = run([say("I need a 20 second vertical video of a cat surfing")]);
    const effects = all[0]!;
    const quote = effects.find((e) => e.type === "create_quote");
    assert.ok(quote && quote.type === "create_quote", "expected quote && quote.type === \"create_quote\"");
    assert.equal(quote.quote.modelId, "doubao-seedance-2", "long clips go to Seedance 2");
    assert.equal(quote.quote.plan.kind, "video");
    assert.deepEqual(quote.quote.plan.kind === "video" && quote.quote.plan.segments, [10, 10]);
    assert.equal(quote.quote.plan.orientation, "9:16");
    assert.equal(state.phase, "confirming");
    assert.equal(state.quoteId, quote.quote.id);
    assert.ok(keys(effects).includes("offer.recommendation"), "expected keys(effects).includes(\"offer.recommendation\")");
    assert.ok(keys(effects).includes("conflict.too_long"), "the 15 s limit is explained");
    assert.ok(buttons(effects).some((a) => a.type === "confirm" && a.quoteId === quote.quote.id), "expected buttons(effects).some((a) => a.type === \"confirm\" && a.quoteId === quote.quote.i");
    assert.ok(!effects.some((e) => e.type === "confirm"), "nothing is confirmed before the user says so");
  });

  it("asks at most two questions, then offers", () => {
    const { state, all } = run([say("a cat surfing a big wave"), say("10"), press({ type: "answer", field: "orientation", value: "16:9" })]);
    assert.deepEqual(keys(all[0]!), ["ask.seconds"]);
    assert.deepEqual(keys(all[1]!), ["ask.orientation"]);
    assert.ok(all[2]!.some((e) => e.type === "create_quote"), "expected all[2]!.some((e) => e.type === \"create_quote\")");
    assert.equal(state.phase, "confirming");
    assert.equal(state.brief?.seconds, 10);
    assert.equal(state.brief?.orientation, "16:9");
  });

  it("asks only what the text leaves out", () => {
    const { all } = run([say("a vertical clip of rain on a window")]);
    assert.deepEqual(keys(all[0]!), ["ask.seconds"]);
  });

  it("does nothing on a confirmation when no quote is pending", () => {
    const { state, all } = run([say("go ahead")]);
    assert.equal(state.phase, "idle");
    assert.ok(!all[0]!.some((e) => e.type === "confirm" || e.type === "create_quote"), "expected !all[0]!.some((e) => e.type === \"confirm\" || e.type === \"create_quote\")");
    assert.deepEqual(keys(all[0]!), ["confirm.nothing_pending"]);
  });

  it("confirms the pending quote on a natural confirmation, in English or Chinese", () => {
    for (const yes of ["go ahead", "好的，生成"]) {
      const { state, all } = run([say("an 8 second landscape video of waves at sunset"), say(yes)]);
      const quote = all[0]!.find((e) => e.type === "create_quote");
      assert.ok(quote && quote.type === "create_quote", "expected quote && quote.type === \"create_quote\"");
      assert.deepEqual(all[1], [{ type: "confirm", quoteId: quote.quote.id }]);
      assert.equal(state.phase, "idle");
    }
  });

  it("replaces the offer when the user changes something while confirming", () => {
    const { state, all } = run([say("an 8 second landscape video of waves at sunset"), say("make it square")]);
    const first = all[0]!.find((e) => e.type === "create_quote");
    const second = all[1]!.find((e) => e.type === "create_quote");
    assert.ok(first?.type === "create_quote" && second?.type === "create_quote", "expected first?.type === \"create_quote\" && second?.type === \"create_quote\"");
    assert.ok(all[1]!.some((e) => e.type === "close_quote" && e.quoteId === first.quote.id && e.state === "superseded"), "expected all[1]!.some((e) => e.type === \"close_quote\" && e.quoteId === first.quote.id && ");
    assert.equal(second.quote.plan.orientation, "1:1");
    assert.equal(state.brief?.prompt, "an 8 second landscape video of waves at sunset", "the creative request is kept");
    assert.notEqual(second.quote.modelId, "veo-3.1-fast-exp", "Veo makes no square clips, so another model is recommended");
    assert.equal(state.quoteId, second.quote.id);
  });

  it("cancels a pending offer and closes its quote", () => {
    const { state, all } = run([say("an 8 second landscape video of waves at sunset"), say("cancel")]);
    const quote = all[0]!.find((e) => e.type === "create_quote");
    assert.ok(quote?.type === "create_quote", "expected quote?.type === \"create_quote\"");
    assert.ok(all[1]!.some((e) => e.type === "close_quote" && e.quoteId === quote.quote.id && e.state === "cancelled"), "expected all[1]!.some((e) => e.type === \"close_quote\" && e.quoteId === quote.quote.id && ");
    assert.equal(state.phase, "idle");
  });

  it("offers fixes for a conflict that a split cannot solve, and applies the one pressed", () => {
    const { state, all } = run([say("a 12 second 1:1 video of a spinning top with veo fast")]);
    assert.equal(state.phase, "fixing");
    assert.ok(keys(all[0]!).includes("fix.choose"), "expected keys(all[0]!).includes(\"fix.choose\")");
    const fixes = buttons(all[0]!).filter((a) => a.type === "apply_fix");
    assert.ok(fixes.length >= 1, "expected fixes.length >= 1");
    const next = step(state, press(fixes[0]!), ctx());
    assert.ok(next.effects.some((e) => e.type === "create_quote"), "expected next.effects.some((e) => e.type === \"create_quote\")");
    assert.equal(next.state.phase, "confirming");
  });

  it("treats /status with an id as a status lookup that never creates a quote", () => {
    const { all } = run([{ type: "command", name: "status", args: "task_123" }]);
    assert.deepEqual(all[0], [{ type: "status", taskId: "task_123", follow: false }]);
  });

  it("starts an image brief with /image and recommends an image model", () => {
    const { all } = run([{ type: "command", name: "image", args: "a product shot of a silver watch" }]);
    const quote = all[0]!.find((e) => e.type === "create_quote");
    assert.ok(quote?.type === "create_quote", "expected quote?.type === \"create_quote\"");
    assert.equal(quote.quote.kind, "image");
    assert.equal(quote.quote.modelId, "nano-banana-pro");
  });

  it("says so when the configured providers offer no model of the asked kind", () => {
    const { all } = run([{ type: "command", name: "image", args: "a cat" }].map((e) => e as DialogueEvent), INITIAL_STATE);
    assert.ok(all[0], "expected all[0]");
    const sophnetOnly = step(INITIAL_STATE, { type: "command", name: "image", args: "a cat" }, ctx({ catalog: forProviders(builtInCatalog, ["sophnet"]) }));
    assert.deepEqual(keys(sophnetOnly.effects), ["offer.no_model_image"]);
  });
});

describe("a command with its options and pictures (Discord's /video and /image)", () => {
  const image = { id: "img-1", mime: "image/png", name: "mug.png", bytes: 120 };

  it("takes the options as brief fields that win over the idea's words, and the pictures as references", () => {
    const { state, all } = run([
      { type: "request", kind: "video", idea: "a 5 second square clip of this mug turning", options: { seconds: 8, orientation: "9:16" }, images: [image] },
    ]);
    assert.equal(state.phase, "confirming", "nothing left to ask: one step, one offer");
    assert.equal(state.brief?.seconds, 8);
    assert.equal(state.brief?.orientation, "9:16");
    assert.deepEqual(state.brief?.referenceImages, [image]);
    assert.match(state.brief?.prompt ?? "", /mug turning/);
    assert.equal(all[0]!.filter((e) => e.type === "create_quote").length, 1);
  });

  it("reads settings the options leave out from the idea, and keeps the kind the command names", () => {
    const { state } = run([{ type: "request", kind: "image", idea: "a 16:9 poster of a lighthouse", options: { count: 2 }, images: [] }]);
    assert.equal(state.brief?.kind, "image");
    assert.equal(state.brief?.orientation, "16:9");
    assert.equal(state.brief?.count, 2);
  });
});
