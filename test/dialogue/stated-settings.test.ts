/**
 * Nothing the creator stated is dropped silently: a definition above what the models offer, an
 * image-to-video request without its picture, and a model this deployment does not offer are each
 * named in the reply.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { builtInCatalog } from "../../src/domain/builtin-catalog.ts";
import { forProviders, type Catalog } from "../../src/domain/catalog.ts";
import type { Action, Message } from "../../src/domain/reply.ts";
import { step } from "../../src/dialogue/step.ts";
import { INITIAL_STATE, type DialogueEvent, type DialogueState, type Effect, type StepContext } from "../../src/dialogue/state.ts";

let counter = 0;
function ctx(catalog: Catalog): StepContext {
  return {
    catalog, today: "2026-11-21", now: 1_000_000, newId: `q${++counter}`, quoteTtlMs: 600_000,
    sandbox: false, stitching: false, languages: ["en", "zh-CN"],
  };
}

const say = (text: string): DialogueEvent => ({ type: "text", text });
const press = (action: Action): DialogueEvent => ({ type: "press", action });
const replies = (effects: Effect[]): Message[] => effects.flatMap((e) => (e.type === "reply" ? [e.message] : []));
const lines = (effects: Effect[]) => replies(effects).flatMap((m) => m.lines);
const keys = (effects: Effect[]): string[] => lines(effects).map((l) => l.key);
const buttons = (effects: Effect[]): Action[] => replies(effects).flatMap((m) => (m.buttons ?? []).flat().map((b) => b.action));
const quoteOf = (effects: Effect[]) => {
  const e = effects.find((x) => x.type === "create_quote");
  assert.ok(e && e.type === "create_quote", "expected a quote");
  return e.quote;
};

function run(catalog: Catalog, events: DialogueEvent[], start: DialogueState = INITIAL_STATE) {
  let state = start;
  const all: Effect[][] = [];
  for (const event of events) {
    const result = step(state, event, ctx(catalog));
    state = result.state;
    all.push(result.effects);
  }
  return { state, all };
}

const creatok = forProviders(builtInCatalog, ["creatok"]);
const withSophnet = forProviders(builtInCatalog, ["creatok", "sophnet"]);

describe("stated settings are honoured or named", () => {
  it("plans a 4K request at the best definition on offer and says what that is", () => {
    const { all } = run(creatok, [say("cinematic 4k drone shot of a coastline at sunrise, widescreen, 8 seconds")]);
    const quote = quoteOf(all[0]!);
    assert.equal(quote.plan.kind === "video" && quote.plan.definition, "720p", "CreatOK's best here is 720p");
    const note = lines(all[0]!).find((l) => l.key === "offer.definition_best");
    assert.ok(note, "the card says 4K is not reachable");
    assert.equal(note.params?.asked, "4K");
    assert.equal(note.params?.best, "720p");
    assert.doesNotMatch(quote.prompt, /4k/i, "the quality word is not in the provider's prompt");
  });

  it("steers a 1080p request to a model that offers 1080p when one is configured", () => {
    const { all } = run(withSophnet, [say("a 10 second vertical clip of rain on a window in 1080p")]);
    const quote = quoteOf(all[0]!);
    assert.equal(quote.plan.kind === "video" && quote.plan.definition, "1080p");
    assert.ok(!keys(all[0]!).includes("offer.definition_best"), "nothing to excuse");
  });

  it("gives a 'high quality' request the best definition of the chosen model, with nothing to excuse", () => {
    const { all } = run(creatok, [say("a high quality 10 second vertical clip of a waterfall in a jungle")]);
    const quote = quoteOf(all[0]!);
    assert.equal(quote.plan.kind === "video" && quote.plan.definition, "720p", "Seedance's best, not its 480p default");
    assert.ok(!keys(all[0]!).includes("offer.definition_best"));
  });

  it("asks for the picture when an animate request comes without one, and goes on without it on the button", () => {
    const { state, all } = run(creatok, [say("animate this photo: the girl waves at the camera, 8s vertical")]);
    assert.equal(state.awaiting, "picture");
    assert.ok(keys(all[0]!).includes("ask.picture"));
    const skip = buttons(all[0]!).find((a) => a.type === "answer" && a.field === "picture");
    assert.ok(skip, "a button goes on without a picture");
    const next = step(state, press(skip), ctx(creatok));
    assert.ok(next.effects.some((e) => e.type === "create_quote"), "8 s and vertical were stated: straight to the offer");
    assert.equal(quoteOf(next.effects).kind, "video");
  });

  it("makes a video with the picture as reference when the photo comes with an animate caption", () => {
    const image = { id: "img1", mime: "image/jpeg", name: "product.jpg", bytes: 1000 };
    const result = step(INITIAL_STATE, {
      type: "images", images: [image],
      caption: "use my product photo as the first frame and make it spin 360 degrees, 8s vertical",
    }, ctx(creatok));
    const quote = quoteOf(result.effects);
    assert.equal(quote.kind, "video");
    assert.equal(quote.plan.referenceImages, 1);
    assert.deepEqual(quote.plan.kind === "video" && quote.plan.segments, [8]);
    assert.equal(quote.plan.orientation, "9:16");
  });

  it("names a model that is not configured instead of silently using another", () => {
    const { all } = run(creatok, [say("用即梦做一个10秒的竖屏视频，一只熊猫在吃竹子")]);
    const note = lines(all[0]!).find((l) => l.key === "offer.model_unavailable");
    assert.ok(note, "Jimeng is named as unavailable");
    assert.equal(note.params?.named, "Jimeng Video 3.0");
    quoteOf(all[0]!);
  });
});
