import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { builtInCatalog } from "../../src/domain/builtin-catalog.ts";
import {
  acceptsSeconds,
  isRetired,
  maxSeconds,
  mergeCatalog,
  minSeconds,
  modelRef,
  type ImageModel,
  type ModelSpec,
  type VideoModel,
} from "../../src/domain/catalog.ts";

function video(ref: string): VideoModel {
  const model = builtInCatalog.models.find((m) => modelRef(m) === ref);
  assert.ok(model, `${ref} is in the built-in catalog`);
  assert.equal(model.kind, "video");
  return model as VideoModel;
}

function image(ref: string): ImageModel {
  const model = builtInCatalog.models.find((m) => modelRef(m) === ref);
  assert.ok(model, `${ref} is in the built-in catalog`);
  assert.equal(model.kind, "image");
  return model as ImageModel;
}

/** Every whole second from 1 to 30 the model accepts in one clip. */
function acceptedSeconds(model: VideoModel): number[] {
  return Array.from({ length: 30 }, (_, i) => i + 1).filter((s) => acceptsSeconds(model.durations, s));
}

const span = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const sorted = (values: readonly string[]) => [...values].sort();

describe("built-in catalog: CreatOK video (seed 000)", () => {
  for (const id of ["doubao-seedance-2", "doubao-seedance-2-fast"]) {
    it(`${id} takes 4–15 s at 480p/720p in all five ratios with up to 5 reference images, 480p by default`, () => {
      const m = video(`creatok:${id}`);
      assert.deepEqual(acceptedSeconds(m), span(4, 15));
      assert.deepEqual(m.definitions, ["480p", "720p"]);
      assert.deepEqual(sorted(m.orientations), sorted(["9:16", "16:9", "1:1", "4:3", "3:4"]));
      assert.equal(m.maxReferenceImages, 5);
      assert.equal(m.defaults.definition, "480p");
      assert.ok(acceptsSeconds(m.durations, m.defaults.seconds), "expected acceptsSeconds(m.durations, m.defaults.seconds)");
    });
  }

  it("Sora 2 on CreatOK takes exactly 12 s at 720p, portrait or landscape, with one reference image", () => {
    const m = video("creatok:sora-2");
    assert.deepEqual(acceptedSeconds(m), [12]);
    assert.deepEqual(m.definitions, ["720p"]);
    assert.deepEqual(sorted(m.orientations), sorted(["9:16", "16:9"]));
    assert.equal(m.maxReferenceImages, 1);
    assert.equal(m.defaults.seconds, 12);
    assert.equal(m.defaults.definition, "720p");
    assert.equal(m.retired, undefined);
  });

  for (const id of ["veo-3.1-fast-exp", "veo-3.1-exp"]) {
    it(`${id} takes at most 8 s at 720p with up to 3 reference images`, () => {
      const m = video(`creatok:${id}`);
      assert.equal(maxSeconds(m.durations), 8);
      assert.equal(minSeconds(m.durations), 4);
      assert.equal(acceptsSeconds(m.durations, 9), false);
      assert.deepEqual(m.definitions, ["720p"]);
      assert.equal(m.defaults.definition, "720p");
      assert.equal(m.maxReferenceImages, 3);
      assert.deepEqual(sorted(m.orientations), sorted(["16:9", "9:16"]));
    });
  }

  it("ranks Veo Fast and Seedance Fast as fast, Veo and Seedance 2 as quality", () => {
    assert.equal(video("creatok:veo-3.1-fast-exp").tier, "fast");
    assert.equal(video("creatok:doubao-seedance-2-fast").tier, "fast");
    assert.equal(video("creatok:veo-3.1-exp").tier, "quality");
    assert.equal(video("creatok:doubao-seedance-2").tier, "quality");
  });

  it("carries the names creators use, in lower case", () => {
    assert.ok(video("creatok:doubao-seedance-2").aliases.includes("seedance 2"), "expected video(\"creatok:doubao-seedance-2\").aliases.includes(\"seedance 2\")");
    assert.ok(video("creatok:doubao-seedance-2-fast").aliases.includes("seedance fast"), "expected video(\"creatok:doubao-seedance-2-fast\").aliases.includes(\"seedance fast\")");
    assert.ok(video("creatok:veo-3.1-fast-exp").aliases.includes("veo fast"), "expected video(\"creatok:veo-3.1-fast-exp\").aliases.includes(\"veo fast\")");
    assert.ok(video("creatok:veo-3.1-exp").aliases.includes("veo"), "expected video(\"creatok:veo-3.1-exp\").aliases.includes(\"veo\")");
    for (const m of builtInCatalog.models) {
      for (const alias of m.aliases) assert.equal(alias, alias.toLowerCase(), `${modelRef(m)} alias ${alias}`);
    }
  });

  it("prices CreatOK video in credits within the fixture's 3–30 range", () => {
    for (const m of builtInCatalog.models.filter((x) => x.provider === "creatok" && x.kind === "video")) {
      const estimates = m.pricing?.videoEstimates ?? [];
      assert.ok(estimates.length > 0, modelRef(m));
      assert.equal(m.pricing?.currency, "credits");
      for (const e of estimates) assert.ok(e.amount >= 3 && e.amount <= 30, `${modelRef(m)} ${e.seconds}s ${e.amount}`);
    }
  });
});

describe("built-in catalog: CreatOK image (seed 001)", () => {
  it("Seedream 5.0 Lite offers 2K and 4K only", () => {
    assert.deepEqual(image("creatok:seedream-5.0-lite").resolutions, ["2K", "4K"]);
  });

  for (const id of ["nano-banana-pro", "nano-banana-2", "gpt-image-2"]) {
    it(`${id} offers 1K, 2K and 4K`, () => {
      assert.deepEqual(image(`creatok:${id}`).resolutions, ["1K", "2K", "4K"]);
    });
  }

  for (const id of ["seedream-5.0-lite", "nano-banana-pro", "nano-banana-2", "gpt-image-2"]) {
    it(`${id} makes 1–4 images in 1:1, 16:9 or 9:16 from up to 5 references, 2K square by default`, () => {
      const m = image(`creatok:${id}`);
      assert.deepEqual(m.n, { min: 1, max: 4 });
      assert.deepEqual(sorted(m.aspectRatios), sorted(["1:1", "16:9", "9:16"]));
      assert.equal(m.maxReferenceImages, 5);
      assert.deepEqual(m.defaults, { resolution: "2K", n: 1, aspectRatio: "1:1" });
      for (const r of m.resolutions) assert.equal(typeof m.pricing?.perImage?.[r], "number", `${id} ${r}`);
    });
  }
});

describe("built-in catalog: SophNet (seed 002)", () => {
  it("Seedance-1.5-Pro takes 4–12 s at 480p/720p/1080p with sound and a first frame, 720p by default", () => {
    const m = video("sophnet:Seedance-1.5-Pro");
    assert.deepEqual(acceptedSeconds(m), span(4, 12));
    assert.deepEqual(m.definitions, ["480p", "720p", "1080p"]);
    assert.ok(m.modes.includes("audio"), "expected m.modes.includes(\"audio\")");
    assert.ok(m.modes.includes("first_frame"), "expected m.modes.includes(\"first_frame\")");
    assert.equal(m.defaults.definition, "720p");
  });

  it("offers every model the skill names, each 5 s only except Seedance", () => {
    for (const id of ["Wan2.6-T2V", "Wan2.6-I2V", "Wan2.2-T2V-A14B", "Wan2.2-I2V-A14B", "ViduQ2-turbo"]) {
      assert.deepEqual(acceptedSeconds(video(`sophnet:${id}`)), [5], id);
    }
  });

  it("takes first and last frames only on Wan2.2-I2V-A14B, and no image on text-to-video models", () => {
    assert.ok(video("sophnet:Wan2.2-I2V-A14B").modes.includes("first_last"), "expected video(\"sophnet:Wan2.2-I2V-A14B\").modes.includes(\"first_last\")");
    assert.equal(video("sophnet:Wan2.2-I2V-A14B").maxReferenceImages, 2);
    assert.ok(video("sophnet:Wan2.6-I2V").modes.includes("first_frame"), "expected video(\"sophnet:Wan2.6-I2V\").modes.includes(\"first_frame\")");
    assert.equal(video("sophnet:Wan2.6-T2V").maxReferenceImages, 0);
    assert.equal(video("sophnet:Wan2.2-T2V-A14B").maxReferenceImages, 0);
  });

  it("covers the ratios of the documented 720P/1080P sizes", () => {
    assert.deepEqual(sorted(video("sophnet:Seedance-1.5-Pro").orientations), sorted(["16:9", "9:16", "1:1", "4:3", "3:4"]));
  });
});

describe("built-in catalog: Jimeng (seed 003)", () => {
  it("jimeng-video-3.0 makes 5 or 10 s at 720p in six ratios from 0–2 images", () => {
    const m = video("jimeng:jimeng-video-3.0");
    assert.deepEqual(acceptedSeconds(m), [5, 10]);
    assert.deepEqual(m.definitions, ["720p"]);
    assert.deepEqual(sorted(m.orientations), sorted(["16:9", "4:3", "1:1", "3:4", "9:16", "21:9"]));
    assert.equal(m.maxReferenceImages, 2);
    assert.ok(m.modes.includes("first_last"), "expected m.modes.includes(\"first_last\")");
    assert.ok(m.aliases.includes("即梦"), "expected m.aliases.includes(\"\u5373\u68a6\")");
  });

  it("the 1080p and Pro variants render 1080p; Pro takes at most one image", () => {
    assert.deepEqual(video("jimeng:jimeng-video-3.0-1080p").definitions, ["1080p"]);
    const pro = video("jimeng:jimeng-video-3.0-pro");
    assert.deepEqual(pro.definitions, ["1080p"]);
    assert.equal(pro.maxReferenceImages, 1);
    assert.ok(pro.aliases.includes("jimeng pro"), "expected pro.aliases.includes(\"jimeng pro\")");
    assert.deepEqual(acceptedSeconds(pro), [5, 10]);
  });

  it("expects minutes, not seconds, per generation", () => {
    assert.ok(video("jimeng:jimeng-video-3.0").typicalSeconds >= 120, "expected video(\"jimeng:jimeng-video-3.0\").typicalSeconds >= 120");
  });
});

describe("built-in catalog: OpenAI-style /v1/videos (seed 004)", () => {
  it("sora-2 takes 4, 8 or 12 s at 720p landscape or portrait with one reference, remix and audio", () => {
    const m = video("openai:sora-2");
    assert.deepEqual(acceptedSeconds(m), [4, 8, 12]);
    assert.deepEqual(m.definitions, ["720p"]);
    assert.deepEqual(sorted(m.orientations), sorted(["16:9", "9:16"]));
    assert.equal(m.maxReferenceImages, 1);
    assert.equal(m.defaults.seconds, 4);
    assert.ok(m.modes.includes("remix") && m.modes.includes("audio"), "expected m.modes.includes(\"remix\") && m.modes.includes(\"audio\")");
  });

  it("sora-2-pro offers only what OpenAI's spec allows (no 1920x1080)", () => {
    assert.deepEqual(video("openai:sora-2-pro").definitions, ["720p"]);
    assert.deepEqual(acceptedSeconds(video("openai:sora-2-pro")), [4, 8, 12]);
  });

  it("retires both on api.openai.com from 2026-09-24, and not on other hosts", () => {
    for (const ref of ["openai:sora-2", "openai:sora-2-pro"]) {
      const m = video(ref);
      assert.equal(isRetired(m, "2026-09-23", "api.openai.com"), false, ref);
      assert.equal(isRetired(m, "2026-09-24", "api.openai.com"), true, ref);
      assert.equal(isRetired(m, "2027-01-01", "gateway.example.com"), false, ref);
    }
    assert.equal(video("openai:sora-2").retired?.replacement, "doubao-seedance-2");
    assert.equal(video("openai:sora-2-pro").retired?.replacement, "veo-3.1-exp");
  });
});

describe("built-in catalog: sandbox and overall shape", () => {
  it("the sandbox video model mirrors Seedance limits at no cost", () => {
    const m = video("sandbox:sandbox-video");
    assert.deepEqual(acceptedSeconds(m), span(4, 15));
    assert.deepEqual(m.definitions, ["480p", "720p"]);
    assert.equal(m.orientations.length, 5);
    assert.equal(m.maxReferenceImages, 5);
    assert.deepEqual(m.pricing?.perSecond, { "480p": 0, "720p": 0 });
    assert.deepEqual(image("sandbox:sandbox-image").n, { min: 1, max: 4 });
  });

  it("every model's defaults are within its own limits, and provider+id is unique", () => {
    const refs = new Set<string>();
    for (const m of builtInCatalog.models) {
      assert.ok(!refs.has(modelRef(m)), `duplicate ${modelRef(m)}`);
      refs.add(modelRef(m));
      if (m.kind === "video") {
        assert.ok(acceptsSeconds(m.durations, m.defaults.seconds), modelRef(m));
        assert.ok(m.definitions.includes(m.defaults.definition), modelRef(m));
        assert.ok(m.orientations.includes(m.defaults.orientation), modelRef(m));
      } else {
        assert.ok(m.resolutions.includes(m.defaults.resolution), modelRef(m));
        assert.ok(m.aspectRatios.includes(m.defaults.aspectRatio), modelRef(m));
        assert.ok(m.defaults.n >= m.n.min && m.defaults.n <= m.n.max, modelRef(m));
      }
    }
  });
});

describe("mergeCatalog with the built-in catalog", () => {
  it("keeps aliases, tier and typical time from built-ins while taking live limits", () => {
    const builtIn = video("creatok:doubao-seedance-2");
    const live: ModelSpec = {
      ...builtIn,
      aliases: [],
      tier: "balanced",
      typicalSeconds: 1,
      durations: { min: 4, max: 12 },
      pricing: undefined,
    };
    const merged = mergeCatalog(builtInCatalog, { creatok: [live] });
    const m = merged.models.find((x) => modelRef(x) === "creatok:doubao-seedance-2") as VideoModel;
    assert.deepEqual(m.durations, { min: 4, max: 12 });
    assert.ok(m.aliases.includes("seedance"), "expected m.aliases.includes(\"seedance\")");
    assert.equal(m.tier, "quality");
    assert.equal(m.typicalSeconds, builtIn.typicalSeconds);
    // CreatOK reported one model: its other built-ins give way, other providers stay.
    assert.equal(merged.models.some((x) => modelRef(x) === "creatok:veo-3.1-exp"), false);
    assert.ok(merged.models.some((x) => modelRef(x) === "jimeng:jimeng-video-3.0"), "expected merged.models.some((x) => modelRef(x) === \"jimeng:jimeng-video-3.0\")");
  });
});
