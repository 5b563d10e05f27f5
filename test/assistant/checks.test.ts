/**
 * The pure checks between the assistant's answer and the domain: what is kept of a phrase, how JSON
 * is found in prose, when a second reading is worth a call, and the daily counter.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { cleanPhrase } from "../../src/assistant/checks.ts";
import { extractJson } from "../../src/assistant/client.ts";
import { createMemoryCallCounter } from "../../src/assistant/counter.ts";
import { acceptImprovement, type ImproveAnswer } from "../../src/assistant/improve.ts";
import { acceptReading, readingNeed } from "../../src/assistant/reading.ts";
import { acceptStoryboard } from "../../src/assistant/storyboard.ts";
import { parseBrief } from "../../src/domain/brief-parser.ts";
import { builtInCatalog } from "../../src/domain/builtin-catalog.ts";
import { MAX_PROMPT_CHARS } from "../../src/domain/guardrails.ts";

const catalog = builtInCatalog;
const EMPTY: ImproveAnswer = { useCase: null, scene: null, subject: null, action: null, camera: null, lighting: null, palette: null, style: null, timing: null, audio: null };

describe("a phrase the assistant wrote", () => {
  it("loses lengths, shapes, definitions and model names, and keeps the rest as written", () => {
    assert.equal(cleanPhrase("slow orbit over 600 seconds, 21:9, 8K, 1080p", catalog, 200), "slow orbit over");
    assert.equal(cleanPhrase("85mm, shallow depth of field, 30-degree turn", catalog, 200), "85mm, shallow depth of field, 30-degree turn");
    assert.equal(cleanPhrase("1980s film grain look", catalog, 200), "1980s film grain look");
    assert.equal(cleanPhrase("静止镜头，10秒", catalog, 200)?.includes("10"), false);
  });

  it("becomes one line without control or bidi characters, cut at a word", () => {
    assert.equal(cleanPhrase("soft light\nTiming: more\u202e", catalog, 200), "soft light Timing: more");
    const long = cleanPhrase("word ".repeat(100), catalog, 50)!;
    assert.ok([...long].length <= 50 && long.endsWith("word"), long);
    assert.equal(cleanPhrase("   ", catalog, 50), undefined);
    assert.equal(cleanPhrase("600 seconds", catalog, 50), undefined);
    assert.equal(cleanPhrase(null, catalog, 50), undefined);
  });
});

describe("JSON in an answer", () => {
  it("is found whole, in a fence, or as the first balanced object in prose", () => {
    assert.deepEqual(extractJson('{"a":1}'), { a: 1 });
    assert.deepEqual(extractJson('Sure:\n```json\n{"a":"}"}\n```\nAnything else?'), { a: "}" });
    assert.deepEqual(extractJson('Here it is {"a":{"b":"x \\" {"}} and more {"c":2}'), { a: { b: 'x " {' } });
    assert.equal(extractJson("no json here"), undefined);
    assert.equal(extractJson("[1,2]"), undefined, "an array is no answer object");
  });
});

describe("improvement checks", () => {
  it("turn down an improvement whose prompt would pass the length cap", () => {
    const brief = parseBrief("a ".repeat(MAX_PROMPT_CHARS / 2 - 10) + "cat", catalog);
    const answer = { ...EMPTY, scene: "x".repeat(150), subject: "y".repeat(150) };
    assert.deepEqual(acceptImprovement(answer, brief, { catalog }), { ok: false, reason: "invalid_output", detail: "prompt over the length cap" });
  });

  it("keep an image prompt free of timing and sound, and a silent clip silent", () => {
    const image = parseBrief("an image of a lighthouse at dusk", catalog);
    const done = acceptImprovement({ ...EMPTY, timing: "beat one", audio: "waves", scene: "rocky coast" }, image, { catalog });
    assert.ok(done.ok);
    assert.deepEqual(done.value.lines, { scene: "rocky coast" });
    const silent = parseBrief("a 5 second video of waves, no sound", catalog);
    const quiet = acceptImprovement({ ...EMPTY, audio: "crashing waves and gulls" }, silent, { catalog });
    assert.ok(quiet.ok);
    assert.equal(quiet.value.lines.audio, "none, silent");
  });

  it("turn down a storyboard with a shot of no words", () => {
    assert.equal(acceptStoryboard({ continuity: null, shots: [{ beat: "the boat sets off" }, { beat: " 8 seconds " }] }, [8, 8], catalog).ok, false);
  });
});

describe("when a second reading is worth a call", () => {
  it("when the rules found no subject, or one setting with two values in two sentences", () => {
    assert.equal(readingNeed("a product ad for a red sneaker, 10 seconds", catalog).needed, false);
    assert.equal(readingNeed("a cat surfing", catalog).needed, true);
    const zh = readingNeed("一个产品广告，10秒。不对，15秒。", catalog);
    assert.deepEqual(zh.conflicts.seconds, [10, 15]);
    assert.deepEqual(readingNeed("a 4.5 second product clip", catalog).conflicts, {}, "a decimal point ends no sentence");
  });

  it("never takes a model or a count the catalog does not know", () => {
    const need = readingNeed("six pictures of a lighthouse", catalog);
    const answer = { kind: "image", seconds: null, orientation: null, definition: null, resolution: "16K", speed: null, subject: null, ad: null, audio: null, count: 60 } as const;
    const accepted = acceptReading(answer, need, { catalog, ceilings: { maxSeconds: 120 } });
    assert.ok(accepted.ok);
    assert.equal(accepted.value.resolution, undefined);
    assert.notEqual(accepted.value.count, 60);
  });

  it("does not turn a brief with a length into images", () => {
    const need = readingNeed("a cat surfing, 10 seconds", catalog);
    assert.equal(need.rules.kind, undefined);
    const answer = { kind: "image", seconds: null, orientation: null, definition: null, resolution: "2K", speed: null, subject: null, ad: null, audio: null, count: 3 } as const;
    const accepted = acceptReading(answer, need, { catalog, ceilings: { maxSeconds: 120 } });
    assert.ok(accepted.ok);
    assert.equal(accepted.value.kind, undefined);
    assert.equal(accepted.value.seconds, 10);
    assert.equal(accepted.value.count, undefined, "an image count does not stick to a video");
    assert.equal(accepted.value.resolution, undefined);
  });
});

describe("the daily call counter", () => {
  it("allows the limit per person per day and starts again the next day", async () => {
    const counter = createMemoryCallCounter();
    assert.equal(await counter.take("a", "2026-12-04", 2), true);
    assert.equal(await counter.take("a", "2026-12-04", 2), true);
    assert.equal(await counter.take("a", "2026-12-04", 2), false);
    assert.equal(await counter.take("b", "2026-12-04", 2), true);
    assert.equal(await counter.take("a", "2026-12-05", 2), true);
    assert.equal(await counter.take("x", "2026-12-05", 0), false, "0 means never");
  });
});
