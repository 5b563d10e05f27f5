import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Brief, ReferenceImage } from "../../src/domain/brief.ts";
import { builtInCatalog } from "../../src/domain/builtin-catalog.ts";
import { forProviders, modelRef, type Catalog, type ProviderId } from "../../src/domain/catalog.ts";
import { NoModelError, recommend, type Recommendation } from "../../src/domain/recommend.ts";

const BEFORE = { today: "2026-06-01" };
const AFTER = { today: "2026-10-01" };

function catalog(...providers: ProviderId[]): Catalog {
  return forProviders(builtInCatalog, providers);
}

function without(base: Catalog, ...ids: string[]): Catalog {
  return { models: base.models.filter((m) => !ids.includes(m.id)) };
}

/** The model a recommendation picked, and the reason it gives the user for it. */
function assertPick(r: Recommendation, modelId: string, reason: string): void {
  assert.equal(r.model.id, modelId);
  assert.equal(r.reason, reason);
}

function images(count: number): ReferenceImage[] {
  return Array.from({ length: count }, (_, i) => ({ id: `img${i}`, mime: "image/jpeg", name: `r${i}.jpg`, bytes: 2048 }));
}

function video(extra: Partial<Brief> = {}): Brief {
  return { kind: "video", prompt: "a sneaker on a rooftop", referenceImages: [], ...extra };
}

function image(extra: Partial<Brief> = {}): Brief {
  return { kind: "image", prompt: "a ceramic mug", referenceImages: [], ...extra };
}

const creatok = catalog("creatok");

describe("recommend for video on CreatOK", () => {
  it("prefers Seedance 2 for clips longer than 8 seconds", () => {
    assertPick(recommend(video({ seconds: 15 }), creatok, BEFORE), "doubao-seedance-2", "long_clip");
  });

  it("prefers Seedance 2 for square and 4:3/3:4 ratios", () => {
    for (const orientation of ["1:1", "4:3", "3:4"] as const) {
      const r = recommend(video({ seconds: 6, orientation }), creatok, BEFORE);
      assert.equal(r.model.id, "doubao-seedance-2", orientation);
      assert.equal(r.reason, "flexible_ratio");
    }
  });

  it("prefers Seedance 2 for image-guided product videos", () => {
    assertPick(recommend(video({ seconds: 6, subject: "product", referenceImages: images(2) }), creatok, BEFORE), "doubao-seedance-2", "image_guided_product");
  });

  it("prefers Seedance 2 Fast on the Seedance path when speed matters", () => {
    assertPick(recommend(video({ seconds: 12, orientation: "1:1", speed: "fast" }), creatok, BEFORE), "doubao-seedance-2-fast", "fast_iteration");
  });

  it("prefers Sora 2 for exactly 12 seconds", () => {
    const r = recommend(video({ seconds: 12 }), creatok, BEFORE);
    assert.equal(modelRef(r.model), "creatok:sora-2");
    assert.equal(r.reason, "twelve_seconds");
  });

  it("passes over Sora 2 for 12 seconds in a ratio it cannot make", () => {
    const r = recommend(video({ seconds: 12, orientation: "1:1" }), creatok, BEFORE);
    assert.equal(r.model.id, "doubao-seedance-2");
  });

  it("prefers Veo 3.1 Fast for previews and quick tests", () => {
    assertPick(recommend(video({ seconds: 6, speed: "fast" }), creatok, BEFORE), "veo-3.1-fast-exp", "preview");
  });

  it("prefers Veo 3.1 Fast for a light product demo and Veo 3.1 for a formal one", () => {
    const light = recommend(video({ seconds: 8, subject: "product" }), creatok, BEFORE);
    assert.equal(light.model.id, "veo-3.1-fast-exp");
    assert.equal(light.reason, "product_demo");
    const formal = recommend(video({ seconds: 8, subject: "product", ad: true }), creatok, BEFORE);
    assert.equal(formal.model.id, "veo-3.1-exp");
    assert.equal(formal.reason, "final_quality");
  });

  it("prefers Veo 3.1 for final quality", () => {
    assertPick(recommend(video({ seconds: 8, speed: "quality" }), creatok, BEFORE), "veo-3.1-exp", "final_quality");
  });

  it("moves to Seedance when Veo cannot take the reference images", () => {
    const r = recommend(video({ seconds: 6, speed: "fast", referenceImages: images(5) }), creatok, BEFORE);
    assert.ok(r.model.id.startsWith("doubao-seedance-2"), r.model.id);
    assert.ok(r.model.maxReferenceImages >= 5, "expected r.model.maxReferenceImages >= 5");
  });

  it("falls back to a general pick with nothing specific asked", () => {
    assertPick(recommend(video(), creatok, BEFORE), "veo-3.1-fast-exp", "general");
  });

  it("offers up to two other fitting video models as alternatives", () => {
    const r = recommend(video({ seconds: 15 }), creatok, BEFORE);
    assert.ok(r.alternatives.length > 0 && r.alternatives.length <= 2, "expected r.alternatives.length > 0 && r.alternatives.length <= 2");
    for (const alt of r.alternatives) {
      assert.equal(alt.model.kind, "video");
      assert.notEqual(modelRef(alt.model), modelRef(r.model));
      assert.equal(typeof alt.reason, "string");
    }
    assert.equal(new Set(r.alternatives.map((a) => modelRef(a.model))).size, r.alternatives.length);
  });
});

describe("recommend follows the user's choice", () => {
  it("takes a model the user named even when the rules would pick another", () => {
    assertPick(recommend(video({ seconds: 15, modelId: "veo-3.1-exp" }), creatok, BEFORE), "veo-3.1-exp", "user_choice");
  });

  it("ignores a named model that no configured provider offers", () => {
    assertPick(recommend(video({ seconds: 15, modelId: "jimeng-video-3.0-pro" }), creatok, BEFORE), "doubao-seedance-2", "long_clip");
  });

  it("offers the replacement of a retired model the user named", () => {
    assertPick(recommend(video({ seconds: 8, modelId: "sora-2-pro" }), catalog("creatok", "openai"), AFTER), "veo-3.1-exp", "replacement");
  });
});

describe("recommend skips retired models", () => {
  it("uses OpenAI's Sora 2 for 12 s before its retirement", () => {
    const r = recommend(video({ seconds: 12 }), catalog("openai", "sophnet"), BEFORE);
    assert.equal(modelRef(r.model), "openai:sora-2");
  });

  it("skips OpenAI's Sora 2 after 2026-09-24 on api.openai.com", () => {
    const r = recommend(video({ seconds: 12 }), catalog("openai", "sophnet"), {
      ...AFTER,
      hosts: { openai: "api.openai.com" },
    });
    assert.equal(r.model.provider, "sophnet");
    assert.equal(r.model.id, "Seedance-1.5-Pro");
    assert.ok(r.alternatives.every((a) => a.model.provider !== "openai"), "expected r.alternatives.every((a) => a.model.provider !== \"openai\")");
  });

  it("keeps Sora 2 on another /v1/videos gateway after that date", () => {
    const r = recommend(video({ seconds: 12 }), catalog("openai"), { ...AFTER, hosts: { openai: "videos.gateway.example" } });
    assert.equal(modelRef(r.model), "openai:sora-2");
  });
});

describe("recommend without the preferred models", () => {
  it("takes SophNet Seedance-1.5-Pro for a long clip when CreatOK is absent", () => {
    const r = recommend(video({ seconds: 20 }), catalog("sophnet", "jimeng"), BEFORE);
    assert.equal(modelRef(r.model), "sophnet:Seedance-1.5-Pro");
    assert.equal(r.reason, "long_clip");
  });

  it("takes Jimeng for a 10 s clip in 21:9, the only model that makes it", () => {
    const r = recommend(video({ seconds: 10, orientation: "21:9" }), catalog("sophnet", "jimeng"), BEFORE);
    assert.equal(r.model.provider, "jimeng");
  });

  it("takes a fast model for a preview when Veo is not offered", () => {
    const r = recommend(video({ seconds: 5, speed: "fast" }), catalog("sophnet"), BEFORE);
    assert.equal(r.model.tier, "fast");
    assert.ok(r.model.modes.includes("text"), "a text-to-video model, as the brief has no image");
    assert.equal(r.reason, "preview");
  });

  it("picks an image-to-video model when the brief brings a first frame", () => {
    const r = recommend(video({ seconds: 5, referenceImages: images(1) }), without(catalog("sophnet"), "Seedance-1.5-Pro"), BEFORE);
    assert.ok(r.model.maxReferenceImages >= 1, r.model.id);
  });

  it("falls back to Seedance 2 Fast for a long clip when Seedance 2 is not offered", () => {
    assertPick(recommend(video({ seconds: 14 }), without(creatok, "doubao-seedance-2"), BEFORE), "doubao-seedance-2-fast", "long_clip");
  });

  it("says the only configured model is the only option", () => {
    const r = recommend(video({ seconds: 5 }), { models: creatok.models.filter((m) => m.id === "veo-3.1-exp" || m.kind === "image") }, BEFORE);
    assert.equal(r.model.id, "veo-3.1-exp");
    assert.equal(r.reason, "only_option");
    assert.deepEqual(r.alternatives, []);
  });

  it("uses the sandbox only when no real provider offers the kind", () => {
    const withSandbox = catalog("creatok", "sandbox");
    assert.equal(recommend(video(), withSandbox, BEFORE).model.provider, "creatok");
    assert.equal(recommend(video(), catalog("sandbox"), BEFORE).model.id, "sandbox-video");
    assert.equal(recommend(image(), catalog("jimeng", "sandbox"), BEFORE).model.id, "sandbox-image");
  });

  it("throws a typed error when nothing makes the kind asked for", () => {
    assert.throws(
      () => recommend(image(), catalog("jimeng", "sophnet"), BEFORE),
      (e: unknown) => e instanceof NoModelError && e.kind === "image",
    );
  });
});

describe("recommend for images", () => {
  const imageCases: [name: string, brief: Partial<Brief>, model: string, reason: string][] = [
    ["prefers Nano Banana 2 for portraits and people", { subject: "people" }, "nano-banana-2", "portrait"],
    ["prefers Nano Banana Pro for product shots", { subject: "product" }, "nano-banana-pro", "product_shot"],
    ["prefers Nano Banana 2 for illustration", { subject: "illustration" }, "nano-banana-2", "illustration"],
    ["prefers Seedream 5.0 Lite for quick previews", { speed: "fast" }, "seedream-5.0-lite", "quick_preview"],
  ];
  for (const [name, brief, model, reason] of imageCases) {
    it(name, () => {
      assertPick(recommend(image(brief), creatok, BEFORE), model, reason);
    });
  }

  it("never picks Seedream when 1K is asked, even for a quick preview", () => {
    const r = recommend(image({ speed: "fast", resolution: "1K" }), creatok, BEFORE);
    assert.notEqual(r.model.id, "seedream-5.0-lite");
    assert.ok(["nano-banana-2", "nano-banana-pro"].includes(r.model.id));
    assert.equal(r.reason, "needs_1k");
    assert.ok(r.alternatives.every((a) => a.model.id !== "seedream-5.0-lite"), "expected r.alternatives.every((a) => a.model.id !== \"seedream-5.0-lite\")");
  });

  it("falls back to Nano Banana 2 as the general pick", () => {
    assertPick(recommend(image(), creatok, BEFORE), "nano-banana-2", "general");
  });

  it("only recommends image models for an image brief", () => {
    const r = recommend(image(), catalog("creatok", "sophnet"), BEFORE);
    assert.equal(r.model.kind, "image");
    assert.ok(r.alternatives.every((a) => a.model.kind === "image"), "expected r.alternatives.every((a) => a.model.kind === \"image\")");
  });
});
