import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Brief } from "../../src/domain/brief.ts";
import type { Catalog, VideoModel } from "../../src/domain/catalog.ts";
import { parseBrief } from "../../src/domain/brief-parser.ts";
import { segmentPrompt, structurePrompt } from "../../src/domain/prompt.ts";
import { testVideoModel } from "../support/catalog.ts";

function video(id: string, label: string, aliases: string[]): VideoModel {
  return testVideoModel(id, label, aliases);
}

const catalog: Catalog = {
  models: [
    video("veo-3.1-fast-exp", "Veo 3.1 Fast", ["veo fast"]),
    video("veo-3.1-exp", "Veo 3.1 Quality", ["veo"]),
  ],
};

const brief = (text: string): Brief => parseBrief(text, catalog);
const labels = (prompt: string): string[] => prompt.split("\n").map((line) => line.split(":")[0] ?? "");

describe("structurePrompt", () => {
  it("writes only the lines the request supports", () => {
    const prompt = structurePrompt(brief("I need a 20 second vertical video of a cat surfing"), { catalog });
    assert.equal(prompt, "Primary request: a video of a cat surfing\nTiming/beats: 20 seconds");
  });

  it("names a vertical ad for a product a social product ad and keeps the creator's lighting phrase", () => {
    const prompt = structurePrompt(brief("a 20s vertical ad for my matcha, cozy morning light"), { catalog });
    assert.equal(
      prompt,
      [
        "Use case: social product ad",
        "Primary request: an ad for my matcha, cozy morning light",
        "Lighting/mood: cozy morning light",
        "Timing/beats: 20 seconds",
      ].join("\n"),
    );
  });

  it("calls a horizontal product ad a product ad", () => {
    const prompt = structurePrompt(brief("a widescreen commercial for our product"));
    assert.match(prompt, /^Use case: product ad$/m);
  });

  it("adds camera, lighting, audio and constraints lines from the creator's own words", () => {
    const prompt = structurePrompt(
      brief("a close-up of a matte black camera on a pedestal, slow orbit, soft key light, no logos, no text, with upbeat music"),
    );
    assert.match(prompt, /^Camera: close-up, slow orbit$/m);
    assert.match(prompt, /^Lighting\/mood: soft key light$/m);
    assert.match(prompt, /^Audio: upbeat music$/m);
    assert.match(prompt, /^Constraints: no logos, no text$/m);
    assert.deepEqual(labels(prompt), ["Primary request", "Camera", "Lighting/mood", "Audio", "Constraints"]);
  });

  it("has no Camera, Lighting or Audio line when the request names none", () => {
    const prompt = structurePrompt(brief("a dog chasing a ball in the park, 8 seconds"));
    assert.deepEqual(labels(prompt), ["Primary request", "Timing/beats"]);
  });

  it("keeps quoted text verbatim, in straight, curly and corner quotes", () => {
    const prompt = structurePrompt(brief('a coffee poster with the words "Good morning" and “Fresh 9:16 beans”, 标题「早上好」'));
    assert.match(prompt, /^Text \(verbatim\): "Good morning"; "Fresh 9:16 beans"; "早上好"$/m);
  });

  it("says silent when the creator refused sound", () => {
    assert.match(structurePrompt(brief("a silent 10 second clip of snow falling")), /^Audio: none, silent$/m);
  });

  it("leaves timing and audio out of an image prompt", () => {
    const image: Brief = { ...brief("a poster of a lighthouse at sunset with music notes"), audio: true, seconds: 10 };
    const prompt = structurePrompt(image);
    assert.equal(image.kind, "image");
    assert.deepEqual(labels(prompt), ["Primary request", "Lighting/mood"]);
    assert.match(prompt, /^Lighting\/mood: sunset$/m);
  });

  it("reads style, palette and things to avoid", () => {
    const prompt = structurePrompt(brief("anime style city at night, teal and orange palette, avoid flicker"));
    assert.match(prompt, /^Style\/format: anime style$/m);
    assert.match(prompt, /^Color palette: teal and orange palette$/m);
    assert.match(prompt, /^Avoid: flicker$/m);
  });

  it("structures a Chinese request from its own words", () => {
    const prompt = structurePrompt(brief("20秒的竖屏视频，一只猫在夕阳下冲浪，特写，配乐，不要文字"), { catalog });
    assert.equal(
      prompt,
      [
        "Primary request: 视频，一只猫在夕阳下冲浪，特写，配乐，不要文字",
        "Camera: 特写",
        "Lighting/mood: 夕阳",
        "Timing/beats: 20 seconds",
        "Audio: 配乐",
        "Avoid: 文字",
      ].join("\n"),
    );
  });

  it("takes the model name out of the primary request only when given the catalog", () => {
    const withVeo = brief("a paper boat on a pond with veo fast");
    assert.match(structurePrompt(withVeo, { catalog }), /^Primary request: a paper boat on a pond$/m);
    assert.match(structurePrompt(withVeo), /^Primary request: a paper boat on a pond with veo fast$/m);
  });

  it("keeps the whole message when nothing but settings remains", () => {
    assert.match(structurePrompt(brief("一分钟竖屏"), { catalog }), /^Primary request: 一分钟竖屏$/m);
  });

  it("joins a refined prompt's lines into one primary request", () => {
    const refined = parseBrief("make the cat orange", catalog, brief("a cat surfing"));
    assert.match(structurePrompt(refined), /^Primary request: a cat surfing; make the cat orange$/m);
  });

  it("uses a segment's length and the dialogue's own lines over derived ones", () => {
    const prompt = structurePrompt(brief("a 20 second clip of a kite"), {
      seconds: 10,
      lines: { subject: "a red kite", camera: "locked-off wide shot" },
    });
    assert.deepEqual(labels(prompt), ["Primary request", "Subject", "Camera", "Timing/beats"]);
    assert.match(prompt, /^Timing\/beats: 10 seconds$/m);
    assert.match(prompt, /^Camera: locked-off wide shot$/m);
  });
});

describe("segmentPrompt", () => {
  it("leaves a single-segment prompt unchanged", () => {
    assert.equal(segmentPrompt("Primary request: a kite", 0, 1), "Primary request: a kite");
  });

  it("adds a continuity line naming the part", () => {
    assert.equal(
      segmentPrompt("Primary request: a kite", 1, 3),
      "Primary request: a kite\nPart 2 of 3: continue the same scene, same subject and style.",
    );
    assert.match(segmentPrompt("Primary request: a kite", 0, 3), /\nPart 1 of 3: the opening of one continuous scene/);
  });
});
