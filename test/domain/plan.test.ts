import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Brief, ReferenceImage } from "../../src/domain/brief.ts";
import { builtInCatalog } from "../../src/domain/builtin-catalog.ts";
import { forProviders, type Catalog } from "../../src/domain/catalog.ts";
import {
  applyFix,
  fitPlan,
  splitSeconds,
  UnknownModelError,
  UnresolvedConflictError,
  type Conflict,
  type FitResult,
  type Plan,
  type VideoPlan,
} from "../../src/domain/plan.ts";
import { builtInModel } from "../support/catalog.ts";

const creatok: Catalog = forProviders(builtInCatalog, ["creatok"]);

const model = builtInModel;

function images(count: number): ReferenceImage[] {
  return Array.from({ length: count }, (_, i) => ({ id: `img${i}`, mime: "image/png", name: `p${i}.png`, bytes: 1000 }));
}

function video(extra: Partial<Brief> = {}): Brief {
  return { kind: "video", prompt: "a sneaker spinning", referenceImages: [], ...extra };
}

function image(extra: Partial<Brief> = {}): Brief {
  return { kind: "image", prompt: "a bottle on marble", referenceImages: [], ...extra };
}

function planOf(result: FitResult): Plan {
  assert.ok(result.ok, `expected a plan, got ${JSON.stringify(!result.ok && result.conflicts.map((c) => c.code))}`);
  return result.plan;
}

function videoPlan(plan: Plan): VideoPlan {
  assert.equal(plan.kind, "video");
  return plan as VideoPlan;
}

function conflictsOf(result: FitResult): Conflict[] {
  assert.equal(result.ok, false, "expected conflicts");
  return result.ok ? [] : result.conflicts;
}

describe("splitSeconds", () => {
  it("makes the fewest clips the maximum allows, balanced to within a second, longest first", () => {
    assert.deepEqual(splitSeconds({ min: 4, max: 8 }, 20), [7, 7, 6]);
    assert.deepEqual(splitSeconds({ min: 4, max: 15 }, 20), [10, 10]);
    assert.deepEqual(splitSeconds({ min: 4, max: 8 }, 24), [8, 8, 8]);
    assert.deepEqual(splitSeconds({ min: 4, max: 15 }, 25), [13, 12]);
    assert.deepEqual(splitSeconds({ min: 4, max: 8 }, 17), [6, 6, 5]);
    assert.deepEqual(splitSeconds({ min: 4, max: 15 }, 16), [8, 8]);
  });

  it("never makes a clip under 4 s, even where the model's minimum is lower", () => {
    assert.deepEqual(splitSeconds({ min: 1, max: 5 }, 6), [4, 4]);
    assert.deepEqual(splitSeconds({ min: 1, max: 10 }, 11), [6, 5]);
    assert.deepEqual(splitSeconds({ allowed: [2, 4, 8] }, 10), [8, 4]);
  });

  it("uses only allowed values on list-limited models, fewest clips first", () => {
    assert.deepEqual(splitSeconds({ allowed: [5, 10] }, 20), [10, 10]);
    assert.deepEqual(splitSeconds({ allowed: [4, 8, 12] }, 20), [12, 8]);
    // Balanced among the fewest: 8 + 8, not 12 + 4.
    assert.deepEqual(splitSeconds({ allowed: [4, 8, 12] }, 16), [8, 8]);
    // Unreachable exactly: the smallest total above, in the fewest clips.
    assert.deepEqual(splitSeconds({ allowed: [4, 8, 12] }, 22), [12, 12]);
    assert.deepEqual(splitSeconds({ allowed: [12] }, 20), [12, 12]);
  });

  it("returns a single clip when the length fits, and nothing below the minimum", () => {
    assert.deepEqual(splitSeconds({ min: 4, max: 15 }, 9), [9]);
    assert.equal(splitSeconds({ min: 4, max: 8 }, 2), undefined);
  });
});

describe("fitPlan for video", () => {
  it("fits a request within the limits as a single shot", () => {
    const plan = planOf(fitPlan(video({ seconds: 10, orientation: "1:1" }), model("creatok:doubao-seedance-2")));
    assert.deepEqual(plan, {
      kind: "video",
      provider: "creatok",
      modelId: "doubao-seedance-2",
      orientation: "1:1",
      definition: "480p",
      segments: [10],
      referenceImages: 0,
    });
  });

  it("defaults to the lowest definition: 480p on Seedance, 720p on Veo and Sora", () => {
    assert.equal(videoPlan(planOf(fitPlan(video(), model("creatok:doubao-seedance-2")))).definition, "480p");
    assert.equal(videoPlan(planOf(fitPlan(video(), model("creatok:veo-3.1-fast-exp")))).definition, "720p");
    assert.equal(videoPlan(planOf(fitPlan(video({ seconds: 12 }), model("creatok:sora-2")))).definition, "720p");
  });

  it("keeps a definition the brief asks for", () => {
    const plan = planOf(fitPlan(video({ definition: "720p" }), model("creatok:doubao-seedance-2")));
    assert.equal(videoPlan(plan).definition, "720p");
  });

  it("takes the model's default orientation and length when the brief gives none", () => {
    const plan = planOf(fitPlan(video(), model("creatok:veo-3.1-fast-exp")));
    assert.equal(plan.orientation, "9:16");
    assert.deepEqual(videoPlan(plan).segments, [8]);
  });

  it("flags 20 s on Veo as too long, offering [8,8,4] on Veo or [15,5] on Seedance", () => {
    const [conflict, ...rest] = conflictsOf(
      fitPlan(video({ seconds: 20 }), model("creatok:veo-3.1-fast-exp"), { catalog: creatok }),
    );
    assert.equal(rest.length, 0);
    assert.equal(conflict?.code, "too_long");
    assert.equal(conflict?.limit, 8);
    assert.equal(conflict?.asked, 20);
    assert.deepEqual(conflict?.fixes[0], { kind: "split", segments: [7, 7, 6] });
    assert.ok(conflict?.fixes.some((f) => f.kind === "use_value" && f.field === "seconds" && f.value === 8), "expected conflict?.fixes.some((f) => f.kind === \"use_value\" && f.field === \"seconds\" && f");
    const switches = conflict?.fixes.filter((f) => f.kind === "switch_model") ?? [];
    assert.ok(switches.length > 0 && switches.length <= 2, "expected switches.length > 0 && switches.length <= 2");
    for (const s of switches) {
      assert.ok(s.kind === "switch_model" && s.modelId.startsWith("doubao-seedance-2"), JSON.stringify(s));
      assert.deepEqual(s.kind === "switch_model" && s.segments, [10, 10]);
    }
  });

  it("applies the split to produce a multi-segment plan", () => {
    const brief = video({ seconds: 20 });
    const veo = model("creatok:veo-3.1-fast-exp");
    const plan = applyFix(brief, veo, { kind: "split", segments: [8, 8, 4] }, creatok);
    assert.equal(plan.kind, "video");
    assert.deepEqual(videoPlan(plan).segments, [8, 8, 4]);
    assert.equal(plan.modelId, "veo-3.1-fast-exp");
  });

  it("applies a switch to Seedance as a [10,10] plan on Seedance", () => {
    const plan = applyFix(
      video({ seconds: 20 }),
      model("creatok:veo-3.1-fast-exp"),
      { kind: "switch_model", provider: "creatok", modelId: "doubao-seedance-2", segments: [10, 10] },
      creatok,
    );
    assert.equal(plan.modelId, "doubao-seedance-2");
    assert.deepEqual(videoPlan(plan).segments, [10, 10]);
    assert.equal(videoPlan(plan).definition, "480p");
  });

  it("honours an already accepted split passed back in", () => {
    const plan = planOf(fitPlan(video({ seconds: 20 }), model("creatok:veo-3.1-exp"), { segments: [8, 8, 4] }));
    assert.deepEqual(videoPlan(plan).segments, [8, 8, 4]);
    // A split that no longer adds up to the brief is ignored.
    assert.equal(fitPlan(video({ seconds: 24 }), model("creatok:veo-3.1-exp"), { segments: [8, 8, 4] }).ok, false);
  });

  it("accepts exactly 12 s on CreatOK's Sora 2 and offers 12 s for any other length", () => {
    const sora = model("creatok:sora-2");
    assert.deepEqual(videoPlan(planOf(fitPlan(video({ seconds: 12 }), sora))).segments, [12]);
    const [conflict] = conflictsOf(fitPlan(video({ seconds: 8 }), sora));
    assert.equal(conflict?.code, "too_short");
    assert.deepEqual(conflict?.fixes[0], { kind: "use_value", field: "seconds", value: 12 });
  });

  it("snaps a length between allowed values to the nearest one (ties go longer)", () => {
    const sora = model("openai:sora-2");
    const [five] = conflictsOf(fitPlan(video({ seconds: 5 }), sora));
    assert.equal(five?.code, "duration_not_allowed");
    assert.deepEqual(five?.limit, [4, 8, 12]);
    assert.deepEqual(five?.fixes[0], { kind: "use_value", field: "seconds", value: 4 });
    const [six] = conflictsOf(fitPlan(video({ seconds: 6 }), sora));
    assert.deepEqual(six?.fixes[0], { kind: "use_value", field: "seconds", value: 8 });
  });

  it("splits 20 s on Jimeng into two 10 s clips", () => {
    const [conflict] = conflictsOf(fitPlan(video({ seconds: 20 }), model("jimeng:jimeng-video-3.0")));
    assert.deepEqual(conflict?.fixes[0], { kind: "split", segments: [10, 10] });
  });

  it("flags a clip shorter than the minimum with the minimum as the fix", () => {
    const [conflict] = conflictsOf(fitPlan(video({ seconds: 2 }), model("creatok:doubao-seedance-2")));
    assert.equal(conflict?.code, "too_short");
    assert.equal(conflict?.limit, 4);
    assert.deepEqual(conflict?.fixes[0], { kind: "use_value", field: "seconds", value: 4 });
  });

  it("flags an unsupported orientation with the nearest supported one and models that have it", () => {
    const veo = model("creatok:veo-3.1-exp");
    const [square] = conflictsOf(fitPlan(video({ orientation: "1:1" }), veo, { catalog: creatok }));
    assert.equal(square?.code, "orientation_unsupported");
    assert.deepEqual(square?.fixes[0], { kind: "use_value", field: "orientation", value: "9:16" });
    assert.ok(square?.fixes.some((f) => f.kind === "switch_model" && f.modelId === "doubao-seedance-2"), "expected square?.fixes.some((f) => f.kind === \"switch_model\" && f.modelId === \"doubao-see");
    const [landscape] = conflictsOf(fitPlan(video({ orientation: "4:3" }), veo));
    assert.deepEqual(landscape?.fixes[0], { kind: "use_value", field: "orientation", value: "16:9" });
    const [portrait] = conflictsOf(fitPlan(video({ orientation: "3:4" }), veo));
    assert.deepEqual(portrait?.fixes[0], { kind: "use_value", field: "orientation", value: "9:16" });
  });

  it("flags an unsupported definition with the nearest one", () => {
    const [conflict] = conflictsOf(fitPlan(video({ definition: "1080p" }), model("creatok:doubao-seedance-2")));
    assert.equal(conflict?.code, "definition_unsupported");
    assert.deepEqual(conflict?.limit, ["480p", "720p"]);
    assert.deepEqual(conflict?.fixes[0], { kind: "use_value", field: "definition", value: "720p" });
  });

  it("flags too many reference images, offering to keep the maximum or to switch", () => {
    const brief = video({ referenceImages: images(4) });
    const veo = model("creatok:veo-3.1-fast-exp");
    const [conflict] = conflictsOf(fitPlan(brief, veo, { catalog: creatok }));
    assert.equal(conflict?.code, "too_many_images");
    assert.equal(conflict?.limit, 3);
    assert.equal(conflict?.asked, 4);
    assert.deepEqual(conflict?.fixes[0], { kind: "drop_images", keep: 3 });
    assert.ok(conflict?.fixes.some((f) => f.kind === "switch_model" && f.modelId.startsWith("doubao-seedance-2")), "expected conflict?.fixes.some((f) => f.kind === \"switch_model\" && f.modelId.startsWith(\"d");
    const plan = applyFix(brief, veo, { kind: "drop_images", keep: 3 });
    assert.equal(plan.referenceImages, 3);
  });

  it("asks for an image on an image-to-video model given none, and cannot fix it without switching", () => {
    const i2v = model("sophnet:Wan2.6-I2V");
    const sophnet = forProviders(builtInCatalog, ["sophnet"]);
    const [conflict] = conflictsOf(fitPlan(video(), i2v, { catalog: sophnet }));
    assert.equal(conflict?.code, "image_required");
    assert.ok(conflict?.fixes.every((f) => f.kind === "switch_model"), "expected conflict?.fixes.every((f) => f.kind === \"switch_model\")");
    assert.ok((conflict?.fixes.length ?? 0) > 0, "expected (conflict?.fixes.length ?? 0) > 0");
    assert.throws(() => applyFix(video(), i2v, { kind: "use_value", field: "seconds", value: 5 }), UnresolvedConflictError);
  });

  it("flags sound on a model without it, and keeps the audio choice where supported", () => {
    const [conflict] = conflictsOf(fitPlan(video({ audio: true }), model("sophnet:Wan2.6-T2V")));
    assert.equal(conflict?.code, "audio_unsupported");
    assert.deepEqual(conflict?.fixes[0], { kind: "use_value", field: "audio", value: false });
    const plan = planOf(fitPlan(video({ audio: true }), model("sophnet:Seedance-1.5-Pro")));
    assert.equal(plan.audio, true);
  });

  it("reports every conflict at once", () => {
    const codes = conflictsOf(
      fitPlan(video({ seconds: 20, orientation: "1:1", referenceImages: images(5) }), model("creatok:veo-3.1-exp")),
    ).map((c) => c.code);
    assert.deepEqual(codes.sort(), ["orientation_unsupported", "too_long", "too_many_images"]);
  });

  it("applying one fix settles the remaining conflicts with their own nearest fixes", () => {
    const plan = applyFix(
      video({ seconds: 20, orientation: "1:1", referenceImages: images(5) }),
      model("creatok:veo-3.1-exp"),
      { kind: "use_value", field: "orientation", value: "16:9" },
    );
    assert.equal(plan.orientation, "16:9");
    assert.equal(plan.referenceImages, 3);
    assert.deepEqual(videoPlan(plan).segments, [7, 7, 6]);
  });

  it("does not offer retired or sandbox models as switches", () => {
    const catalog: Catalog = { models: [...builtInCatalog.models] };
    const [conflict] = conflictsOf(
      fitPlan(video({ seconds: 4, orientation: "1:1" }), model("creatok:veo-3.1-exp"), {
        catalog,
        today: "2026-10-01",
      }),
    );
    for (const fix of conflict?.fixes ?? []) {
      if (fix.kind !== "switch_model") continue;
      assert.notEqual(fix.provider, "sandbox");
      assert.notEqual(fix.provider, "openai");
    }
  });

  it("refuses a switch to a model that is not in the catalog", () => {
    assert.throws(
      () =>
        applyFix(video(), model("creatok:veo-3.1-exp"), { kind: "switch_model", provider: "jimeng", modelId: "jimeng-video-3.0" }, creatok),
      UnknownModelError,
    );
  });

  it("rejects a brief of the other kind as a programming error", () => {
    assert.throws(() => fitPlan(image(), model("creatok:veo-3.1-exp")), TypeError);
  });
});

describe("fitPlan for images", () => {
  it("defaults to 2K, one image, square", () => {
    const plan = planOf(fitPlan(image(), model("creatok:nano-banana-2")));
    assert.deepEqual(plan, {
      kind: "image",
      provider: "creatok",
      modelId: "nano-banana-2",
      orientation: "1:1",
      resolution: "2K",
      n: 1,
      referenceImages: 0,
    });
  });

  it("never plans Seedream at 1K: offers 2K or a Nano Banana model", () => {
    const [conflict] = conflictsOf(fitPlan(image({ resolution: "1K" }), model("creatok:seedream-5.0-lite"), { catalog: creatok }));
    assert.equal(conflict?.code, "resolution_unsupported");
    assert.deepEqual(conflict?.limit, ["2K", "4K"]);
    assert.deepEqual(conflict?.fixes[0], { kind: "use_value", field: "resolution", value: "2K" });
    const switches = conflict?.fixes.filter((f) => f.kind === "switch_model").map((f) => f.kind === "switch_model" && f.modelId);
    assert.deepEqual(switches, ["nano-banana-2", "nano-banana-pro"]);
    const plan = applyFix(image({ resolution: "1K" }), model("creatok:seedream-5.0-lite"), { kind: "switch_model", provider: "creatok", modelId: "nano-banana-2" }, creatok);
    assert.equal(plan.modelId, "nano-banana-2");
    assert.equal(plan.kind === "image" && plan.resolution, "1K");
  });

  it("flags a count outside 1–4 with the nearest count", () => {
    const [conflict] = conflictsOf(fitPlan(image({ count: 6 }), model("creatok:nano-banana-pro")));
    assert.equal(conflict?.code, "count_out_of_range");
    assert.deepEqual(conflict?.limit, { min: 1, max: 4 });
    assert.deepEqual(conflict?.fixes[0], { kind: "use_value", field: "count", value: 4 });
  });

  it("flags an aspect ratio the image model lacks", () => {
    const [wide] = conflictsOf(fitPlan(image({ orientation: "21:9" }), model("creatok:nano-banana-2")));
    assert.equal(wide?.code, "orientation_unsupported");
    assert.deepEqual(wide?.fixes[0], { kind: "use_value", field: "orientation", value: "16:9" });
    // 4:3 sits as close to 1:1 as to 16:9; the tie goes to the model's default.
    const [classic] = conflictsOf(fitPlan(image({ orientation: "4:3" }), model("creatok:nano-banana-2")));
    assert.deepEqual(classic?.fixes[0], { kind: "use_value", field: "orientation", value: "1:1" });
  });
});
