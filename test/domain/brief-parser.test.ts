import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Brief } from "../../src/domain/brief.ts";
import type { Catalog, ImageModel, VideoModel } from "../../src/domain/catalog.ts";
import { parseBrief, readBrief, stripSettings, type BriefFields } from "../../src/domain/brief-parser.ts";

function video(id: string, label: string, aliases: string[]): VideoModel {
  return {
    kind: "video", id, label, aliases, provider: "creatok", modes: ["text"], tier: "balanced", typicalSeconds: 60,
    durations: { min: 4, max: 15 }, definitions: ["720p"], orientations: ["9:16", "16:9"], maxReferenceImages: 1,
    defaults: { seconds: 8, definition: "720p", orientation: "9:16" },
  };
}

function image(id: string, label: string, aliases: string[]): ImageModel {
  return {
    kind: "image", id, label, aliases, provider: "creatok", modes: ["text"], tier: "balanced", typicalSeconds: 30,
    resolutions: ["1K", "2K", "4K"], aspectRatios: ["1:1"], n: { min: 1, max: 4 }, maxReferenceImages: 1,
    defaults: { resolution: "2K", n: 1, aspectRatio: "1:1" },
  };
}

/** The real ids with the aliases creators use, independent of the built-in catalog's contents. */
const catalog: Catalog = {
  models: [
    video("doubao-seedance-2", "Seedance 2", ["seedance", "seedance 2"]),
    video("doubao-seedance-2-fast", "Seedance 2 Fast", ["seedance fast", "seedance 2 fast"]),
    video("sora-2", "Sora 2", ["sora", "sora 2"]),
    video("veo-3.1-fast-exp", "Veo 3.1 Fast", ["veo fast", "veo 3.1 fast"]),
    video("veo-3.1-exp", "Veo 3.1 Quality", ["veo", "veo 3.1", "veo quality"]),
    video("jimeng-video-3.0", "Jimeng Video 3.0", ["jimeng", "即梦"]),
    image("seedream-5.0-lite", "Seedream 5.0 Lite", ["seedream", "seedream lite"]),
    image("nano-banana-pro", "Nano Banana Pro", ["nano banana pro"]),
    image("nano-banana-2", "Nano Banana 2", ["nano banana", "nano banana 2"]),
  ],
};

const read = (text: string): BriefFields => readBrief(text, catalog).fields;

describe("readBrief reads what an English message says and nothing more", () => {
  const cases: Array<[string, BriefFields]> = [
    ["I need a 20 second vertical video of a cat surfing", { seconds: 20, orientation: "9:16", kind: "video" }],
    ["a 20s vertical ad for my matcha, cozy morning light", { seconds: 20, orientation: "9:16", subject: "product", ad: true }],
    ["nano banana pro product shot of a watch, 4k", { modelId: "nano-banana-pro", resolution: "4K", definition: "2160p", subject: "product", kind: "image" }],
    ["3 square images of a cozy cafe", { count: 3, orientation: "1:1", kind: "image" }],
    ["a portrait of a woman", { subject: "people" }],
    ["a portrait of a woman in portrait mode", { subject: "people", orientation: "9:16" }],
    ["half a minute of waves", { seconds: 30 }],
    ["a minute long clip of rain", { seconds: 60, kind: "video" }],
    ["1 min", { seconds: 60 }],
    ["1.5 minutes of a sunrise timelapse", { seconds: 90 }],
    ["ten seconds", { seconds: 10 }],
    ["a twenty-five second teaser", { seconds: 25 }],
    ["a 20-second clip", { seconds: 20, kind: "video" }],
    ["make it 20 sec", { seconds: 20 }],
    ["20 s", { seconds: 20 }],
    ["1 minute 30 seconds", { seconds: 90 }],
    ["veo fast", { modelId: "veo-3.1-fast-exp", kind: "video" }],
    ["use veo for this", { modelId: "veo-3.1-exp", kind: "video" }],
    ["Veo 3.1 Fast please", { modelId: "veo-3.1-fast-exp", kind: "video" }],
    ["seedance fast", { modelId: "doubao-seedance-2-fast", kind: "video" }],
    ["seedance", { modelId: "doubao-seedance-2", kind: "video" }],
    ["nano banana", { modelId: "nano-banana-2", kind: "image" }],
    ["nano banana 2 images of a cat", { modelId: "nano-banana-2", kind: "image" }],
    ["sora-2, 12 seconds", { modelId: "sora-2", seconds: 12, kind: "video" }],
    ["a tiktok for my bakery", { orientation: "9:16" }],
    ["9x16 please", { orientation: "9:16" }],
    ["1920x1080 footage of a city", { orientation: "16:9", kind: "video" }],
    ["a landscape video for youtube", { orientation: "16:9", kind: "video" }],
    ["a mountain landscape at sunset", {}],
    ["a cat in a town square", {}],
    ["make it square", { orientation: "1:1" }],
    ["ultrawide 21:9 shot of a desert", { orientation: "21:9" }],
    ["a man wearing shorts", { subject: "people" }],
    ["a woman in her 20s, 80s style", { subject: "people" }],
    ["in full hd", { definition: "1080p" }],
    ["HD please", { definition: "720p" }],
    ["a 480p quick preview", { definition: "480p", speed: "fast" }],
    ["final version with upbeat music", { speed: "quality", audio: true }],
    ["no sound, just a rough draft", { audio: false, speed: "fast" }],
    ["a woman in a formal dress", { subject: "people" }],
    ["four pictures of dogs", { count: 4, kind: "image" }],
    ["an anime illustration of a girl", { subject: "illustration", kind: "image" }],
    ["a poster of a video game", { kind: "image" }],
    ["turn this photo into a video", { kind: "video", animate: true }],
    ["a 2k photo-realistic video", { resolution: "2K", definition: "1440p", kind: "video" }],
    ["vertical, not landscape", { orientation: "9:16" }],
    ["not sora, use seedance", { modelId: "doubao-seedance-2", kind: "video" }],
    ["a promo for our e-commerce store", { subject: "product", ad: true }],
  ];
  for (const [text, expected] of cases) {
    it(`reads ${JSON.stringify(text)}`, () => assert.deepEqual(read(text), expected));
  }
});

describe("readBrief reads what a Chinese message says and nothing more", () => {
  const cases: Array<[string, BriefFields]> = [
    ["一分钟竖屏", { seconds: 60, orientation: "9:16" }],
    ["20秒的竖屏视频，一只猫在冲浪", { seconds: 20, orientation: "9:16", kind: "video" }],
    ["20 秒钟的横屏视频", { seconds: 20, orientation: "16:9", kind: "video" }],
    ["半分钟", { seconds: 30 }],
    ["十秒", { seconds: 10 }],
    ["二十秒", { seconds: 20 }],
    ["一分半的广告", { seconds: 90, ad: true }],
    ["1分30秒的视频", { seconds: 90, kind: "video" }],
    ["正方形的海报", { orientation: "1:1", kind: "image" }],
    ["长方形的盒子", {}],
    ["高清", { definition: "720p" }],
    ["超清", { definition: "1080p" }],
    ["全高清", { definition: "1080p" }],
    ["1080P高清", { definition: "1080p" }],
    ["三张图", { count: 3, kind: "image" }],
    ["要4K的图", { resolution: "4K", definition: "2160p", kind: "image" }],
    ["用即梦做一个横屏视频", { modelId: "jimeng-video-3.0", orientation: "16:9", kind: "video" }],
    ["快速预览，静音", { speed: "fast", audio: false }],
    ["正式成片，要配乐", { speed: "quality", audio: true }],
    ["我的产品电商宣传片", { subject: "product", ad: true }],
    ["真人模特的照片", { subject: "people", kind: "image" }],
    ["动漫插画", { subject: "illustration", kind: "image" }],
    ["９：１６的抖音视频", { orientation: "9:16", kind: "video" }],
    ["我要vertical的视频", { orientation: "9:16", kind: "video" }],
    ["不要竖屏，要横屏", { orientation: "16:9" }],
  ];
  for (const [text, expected] of cases) {
    it(`reads ${JSON.stringify(text)}`, () => assert.deepEqual(read(text), expected));
  }
});

describe("readBrief ignores settings written inside quoted text", () => {
  it("keeps a vertical and a length in a poster's words from becoming settings", () => {
    assert.deepEqual(read('a poster with the words "vertical 20 seconds"'), { kind: "image" });
    assert.deepEqual(read("海报上写「竖屏10秒」"), { kind: "image" });
  });
});

describe("parseBrief builds a brief and refines an existing one", () => {
  it("defaults to a video and keeps the whole message as the prompt", () => {
    const brief = parseBrief("I need a 20 second vertical video of a cat surfing", catalog);
    assert.deepEqual(brief, {
      kind: "video",
      prompt: "I need a 20 second vertical video of a cat surfing",
      seconds: 20,
      orientation: "9:16",
      referenceImages: [],
    });
  });

  it("makes a brief that names an image model an image brief", () => {
    assert.equal(parseBrief("seedream, a red bicycle", catalog).kind, "image");
  });

  const base: Brief = {
    kind: "video",
    prompt: "a cat surfing",
    seconds: 20,
    orientation: "9:16",
    modelId: "veo-3.1-exp",
    referenceImages: [{ id: "img1", mime: "image/png", name: "cat.png", bytes: 10 }],
  };

  it("overrides only the settings a follow-up names and keeps the prompt", () => {
    const brief = parseBrief("make it 10 seconds and horizontal", catalog, base);
    assert.deepEqual(brief, { ...base, seconds: 10, orientation: "16:9" });
  });

  it("switches the model when a follow-up names another one", () => {
    const brief = parseBrief("use veo fast instead", catalog, base);
    assert.equal(brief.modelId, "veo-3.1-fast-exp");
    assert.equal(brief.seconds, 20);
    assert.equal(brief.prompt, "a cat surfing");
  });

  it("appends creative words of a follow-up to the prompt", () => {
    const brief = parseBrief("make the cat orange", catalog, base);
    assert.equal(brief.prompt, "a cat surfing\nmake the cat orange");
    assert.equal(brief.orientation, "9:16");
  });

  it("refines a Chinese brief from a Chinese follow-up", () => {
    const zh = parseBrief("20秒的竖屏视频，一只猫在冲浪", catalog);
    const brief = parseBrief("改成横屏，十秒", catalog, zh);
    assert.equal(brief.prompt, "20秒的竖屏视频，一只猫在冲浪");
    assert.equal(brief.orientation, "16:9");
    assert.equal(brief.seconds, 10);
  });

  it("drops a kept model that cannot make the newly asked kind", () => {
    const brief = parseBrief("actually make it an image", catalog, base);
    assert.equal(brief.kind, "image");
    assert.equal(brief.modelId, undefined);
  });

  it("takes the message as the prompt when the base has none yet", () => {
    const brief = parseBrief("a dog on a skateboard", catalog, { ...base, prompt: "" });
    assert.equal(brief.prompt, "a dog on a skateboard");
    assert.equal(brief.seconds, 20);
  });
});

describe("stripSettings takes settings phrases out of the prompt", () => {
  const cases: Array<[string, string]> = [
    ["I need a 20 second vertical video of a cat surfing", "a video of a cat surfing"],
    ["a 20s vertical ad for my matcha, cozy morning light", "an ad for my matcha, cozy morning light"],
    ["nano banana pro product shot of a watch, 4k", "product shot of a watch"],
    ["3 square images of a cozy cafe", "images of a cozy cafe"],
    ["a cat surfing in 1080p with veo fast", "a cat surfing"],
    ["20秒的竖屏视频，一只猫在冲浪", "视频，一只猫在冲浪"],
    ["a tiktok ad for my bakery", "an ad for my bakery"],
  ];
  for (const [text, expected] of cases) {
    it(`strips ${JSON.stringify(text)}`, () => assert.equal(stripSettings(text, catalog), expected));
  }
});
