import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ImageModel, ModelSpec, VideoModel } from "../../src/domain/catalog.ts";
import type { ImagePlan, VideoPlan } from "../../src/domain/plan.ts";
import { PlanModelMismatchError, quotePlan } from "../../src/domain/quote.ts";
import { builtInModel } from "../support/catalog.ts";

const model = builtInModel;

function videoPlan(m: ModelSpec, extra: Partial<VideoPlan> = {}): VideoPlan {
  const v = m as VideoModel;
  return {
    kind: "video",
    provider: v.provider,
    modelId: v.id,
    orientation: v.defaults.orientation,
    definition: v.defaults.definition,
    segments: [v.defaults.seconds],
    referenceImages: 0,
    ...extra,
  };
}

function imagePlan(m: ModelSpec, extra: Partial<ImagePlan> = {}): ImagePlan {
  const i = m as ImageModel;
  return {
    kind: "image",
    provider: i.provider,
    modelId: i.id,
    orientation: i.defaults.aspectRatio,
    resolution: i.defaults.resolution,
    n: 1,
    referenceImages: 0,
    ...extra,
  };
}

/** A test model with a hand-written price table, so the expected numbers are visible here. */
const priced: VideoModel = {
  kind: "video",
  provider: "creatok",
  id: "priced-video",
  label: "Priced",
  aliases: [],
  modes: ["text"],
  tier: "balanced",
  typicalSeconds: 60,
  durations: { min: 4, max: 8 },
  definitions: ["720p"],
  orientations: ["9:16", "16:9"],
  maxReferenceImages: 0,
  defaults: { seconds: 8, definition: "720p", orientation: "9:16" },
  pricing: {
    currency: "credits",
    videoEstimates: [
      { definition: "720p", seconds: 8, orientation: "9:16", amount: 6 },
      { definition: "720p", seconds: 4, orientation: "9:16", amount: 3 },
      { definition: "720p", seconds: 8, orientation: "16:9", amount: 7 },
    ],
  },
};

describe("quotePlan", () => {
  it("takes the estimate whose definition, seconds and orientation all match", () => {
    assert.deepEqual(quotePlan(videoPlan(priced), priced), { currency: "credits", total: 6, perSegment: [6], basis: "exact" });
    assert.equal(quotePlan(videoPlan(priced, { orientation: "16:9" }), priced).total, 7);
  });

  it("gives no estimate when no entry matches exactly", () => {
    const quote = quotePlan(videoPlan(priced, { segments: [5] }), priced);
    assert.deepEqual(quote, { currency: null, total: null, perSegment: [null], basis: "none" });
    assert.equal(quotePlan(videoPlan(priced, { orientation: "16:9", segments: [4] }), priced).total, null);
  });

  it("sums the segments of a multi-segment plan", () => {
    const quote = quotePlan(videoPlan(priced, { segments: [8, 8, 4] }), priced);
    assert.deepEqual(quote, { currency: "credits", total: 15, perSegment: [6, 6, 3], basis: "exact" });
  });

  it("gives no total when any one segment has no price", () => {
    const quote = quotePlan(videoPlan(priced, { segments: [8, 5] }), priced);
    assert.equal(quote.total, null);
    assert.equal(quote.basis, "none");
    assert.deepEqual(quote.perSegment, [6, null]);
  });

  it("multiplies a per-second price by each segment's length", () => {
    const perSecond: VideoModel = { ...priced, pricing: { currency: "USD", perSecond: { "720p": 0.1 } } };
    const quote = quotePlan(videoPlan(perSecond, { segments: [8, 4] }), perSecond);
    assert.deepEqual(quote, { currency: "USD", total: 1.2, perSegment: [0.8, 0.4], basis: "per_second" });
  });

  it("has no estimate for a model without prices", () => {
    const jimeng = model("jimeng:jimeng-video-3.0");
    assert.deepEqual(quotePlan(videoPlan(jimeng, { segments: [10, 10] }), jimeng), {
      currency: null,
      total: null,
      perSegment: [null, null],
      basis: "none",
    });
  });

  it("prices images per image at the plan's resolution times n", () => {
    const nbp = model("creatok:nano-banana-pro") as ImageModel;
    const each = nbp.pricing?.perImage?.["4K"];
    assert.equal(typeof each, "number");
    const quote = quotePlan(imagePlan(nbp, { resolution: "4K", n: 3 }), nbp);
    assert.deepEqual(quote, { currency: "credits", total: (each ?? 0) * 3, perSegment: [(each ?? 0) * 3], basis: "per_image" });
  });

  it("has no image estimate for a resolution without a price", () => {
    const seedream = model("creatok:seedream-5.0-lite");
    assert.equal(quotePlan(imagePlan(seedream, { resolution: "1K" }), seedream).total, null);
  });

  it("quotes the built-in Seedance estimate for its default plan", () => {
    const seedance = model("creatok:doubao-seedance-2");
    const quote = quotePlan(videoPlan(seedance, { segments: [15, 5] }), seedance);
    assert.equal(quote.basis, "exact");
    assert.equal(quote.perSegment.length, 2);
    assert.ok(quote.total !== null && quote.total > 0, "expected quote.total !== null && quote.total > 0");
  });

  it("costs nothing in the sandbox", () => {
    const sandboxVideo = model("sandbox:sandbox-video");
    const sandboxImage = model("sandbox:sandbox-image");
    assert.equal(quotePlan(videoPlan(sandboxVideo, { segments: [15, 5] }), sandboxVideo).total, 0);
    assert.equal(quotePlan(imagePlan(sandboxImage, { n: 4 }), sandboxImage).total, 0);
  });

  it("refuses to quote a plan with another model's prices", () => {
    assert.throws(() => quotePlan(videoPlan(priced), model("creatok:veo-3.1-exp")), PlanModelMismatchError);
  });
});
