/**
 * Every catalog model, every total from 5 to 120 s: the plan offered (directly, or through any fix
 * that keeps the model) is a list of clips the model accepts, none under 4 s, within the request
 * ceilings, balanced and as few as the model allows; and the card shows either the total asked
 * for or, explicitly, the real total.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Brief } from "../../src/domain/brief.ts";
import { builtInCatalog } from "../../src/domain/builtin-catalog.ts";
import { acceptsSeconds, maxSeconds, modelRef, type VideoModel } from "../../src/domain/catalog.ts";
import { applyFix, fitPlan, type Ceilings, type Plan } from "../../src/domain/plan.ts";
import { quotePlan } from "../../src/domain/quote.ts";
import { summaryLines } from "../../src/dialogue/summary.ts";
import type { Text } from "../../src/domain/reply.ts";

const CEILINGS: Ceilings = { maxClips: 8, maxSeconds: 120 };
const videoModels = builtInCatalog.models.filter((m): m is VideoModel => m.kind === "video");

function brief(model: VideoModel, seconds: number): Brief {
  // Image-to-video models need a picture; give one so only the length is in question.
  const referenceImages = model.modes.includes("text") ? [] : [{ id: "img", mime: "image/png", name: "a.png", bytes: 10 }];
  return { kind: "video", prompt: "a paper boat on a rainy street", seconds, referenceImages };
}

function flatten(t: Text): Text[] {
  const nested = Object.values(t.params ?? {}).flatMap((v) =>
    Array.isArray(v) ? v.flatMap(flatten) : typeof v === "object" && v !== null && "key" in v ? flatten(v as Text) : [],
  );
  return [t, ...nested];
}

function checkPlan(model: VideoModel, asked: number, plan: Plan, how: string): void {
  assert.equal(plan.kind, "video");
  if (plan.kind !== "video") return;
  const where = `${modelRef(model)} ${asked} s via ${how}: ${plan.segments.join("+")}`;
  const segments = plan.segments;
  assert.ok(segments.length >= 1 && segments.length <= CEILINGS.maxClips, where);
  for (const s of segments) {
    assert.ok(acceptsSeconds(model.durations, s), `${where}: ${s} s is not a length the model makes`);
    assert.ok(s >= 4, `${where}: ${s} s is under 4 s`);
  }
  const total = segments.reduce((a, b) => a + b, 0);
  assert.ok(total <= CEILINGS.maxSeconds, where);
  if (!model.durations.allowed && segments.length > 1) {
    assert.ok(Math.max(...segments) - Math.min(...segments) <= 1, `${where}: unbalanced`);
    assert.equal(segments.length, Math.ceil(total / maxSeconds(model.durations)), `${where}: more clips than needed`);
  }
  const lines = summaryLines(plan, model, quotePlan(plan, model), { sandbox: false, stitching: true, idea: "a paper boat", asked }).flatMap(flatten);
  const real = lines.find((t) => t.key === "summary.real_total");
  if (total === asked) {
    assert.equal(real, undefined, `${where}: a real total is stated though the plan makes what was asked`);
  } else {
    assert.ok(real, `${where}: the card does not say the real total is ${total} s`);
    assert.equal(real.params?.total, total, where);
    assert.equal(real.params?.asked, asked, where);
  }
}

describe("plans for every catalog model and every total from 5 to 120 s", () => {
  for (const model of videoModels) {
    it(modelRef(model), () => {
      for (let asked = 5; asked <= 120; asked++) {
        const b = brief(model, asked);
        const fit = fitPlan(b, model, { catalog: builtInCatalog, ceilings: CEILINGS });
        if (fit.ok) {
          checkPlan(model, asked, fit.plan, "fit");
          const segments = fit.plan.kind === "video" ? fit.plan.segments : [];
          assert.equal(segments.reduce((a, c) => a + c, 0), asked, `${modelRef(model)} ${asked} s fits directly`);
          continue;
        }
        const fixes = fit.conflicts.flatMap((c) => c.fixes);
        assert.ok(fixes.length > 0, `${modelRef(model)} ${asked} s: no way forward`);
        for (const fix of fixes) {
          const plan = applyFix(b, model, fix, builtInCatalog, { ceilings: CEILINGS });
          const target = videoModels.find((m) => modelRef(m) === `${plan.provider}:${plan.modelId}`)!;
          checkPlan(target, asked, plan, JSON.stringify(fix));
        }
      }
    });
  }

  it("25 s on a 15 s model is 13 + 12, and 20 s on Sora's 4/8/12 is 12 + 8 with the real total stated only when it differs", () => {
    const seedance = videoModels.find((m) => m.id === "doubao-seedance-2")!;
    const fit = fitPlan(brief(seedance, 25), seedance, { ceilings: CEILINGS });
    assert.equal(fit.ok, false);
    const split = !fit.ok ? fit.conflicts[0]!.fixes[0]! : undefined;
    assert.deepEqual(split, { kind: "split", segments: [13, 12] });
    const sora = videoModels.find((m) => modelRef(m) === "openai:sora-2")!;
    const plan = applyFix(brief(sora, 20), sora, { kind: "split", segments: [12, 8] });
    assert.deepEqual(plan.kind === "video" && plan.segments, [12, 8]);
    const over = applyFix(brief(sora, 22), sora, !fitPlan(brief(sora, 22), sora).ok ? { kind: "split", segments: [12, 12] } : { kind: "split", segments: [] });
    assert.deepEqual(over.kind === "video" && over.segments, [12, 12]);
  });

  it("a 10 minute request is explained and offered the longest plan within the ceilings", () => {
    const seedance = videoModels.find((m) => m.id === "doubao-seedance-2")!;
    const fit = fitPlan(brief(seedance, 600), seedance, { ceilings: CEILINGS });
    assert.equal(fit.ok, false);
    const conflict = !fit.ok ? fit.conflicts[0] : undefined;
    assert.equal(conflict?.code, "over_ceiling");
    assert.deepEqual(conflict?.limit, { clips: 8, seconds: 120 });
    assert.deepEqual(conflict?.fixes, [{ kind: "use_value", field: "seconds", value: 120 }]);
    const plan = applyFix(brief(seedance, 600), seedance, conflict!.fixes[0]!, undefined, { ceilings: CEILINGS });
    assert.deepEqual(plan.kind === "video" && plan.segments, Array(8).fill(15));
    // A model with shorter clips reaches less within eight clips.
    const veo = videoModels.find((m) => m.id === "veo-3.1-exp")!;
    const veoFit = fitPlan(brief(veo, 600), veo, { ceilings: CEILINGS });
    assert.deepEqual(!veoFit.ok && veoFit.conflicts[0]!.fixes, [{ kind: "use_value", field: "seconds", value: 64 }]);
  });
});
