/**
 * Model recommendation: which of the configured models suits a brief, and why, as a stable reason
 * code the dialogue turns into a localized sentence. The seeds' rules name CreatOK models; when
 * those are not offered, the closest model by fit and tier takes the rule's place (e.g. SophNet
 * Seedance-1.5-Pro for a long clip).
 */
import type { Brief } from "./brief.ts";
import {
  findModel,
  isRetired,
  maxSeconds,
  type AspectRatio,
  type Catalog,
  type MediaKind,
  type ModelSpec,
  type ProviderId,
  type Tier,
} from "./catalog.ts";
import { definitionShortfall, settleDefinition } from "./definition.ts";
import { fitPlan, splitSeconds, tierDistance } from "./plan.ts";

export type ReasonCode =
  | "user_choice"
  | "replacement"
  | "only_option"
  | "twelve_seconds"
  | "long_clip"
  | "flexible_ratio"
  | "image_guided_product"
  | "fast_iteration"
  | "preview"
  | "final_quality"
  | "product_demo"
  | "portrait"
  | "product_shot"
  | "illustration"
  | "quick_preview"
  | "needs_1k"
  | "best_definition"
  | "general";

export interface Recommendation {
  model: ModelSpec;
  reason: ReasonCode;
  /** Up to two other models of the same kind that also take the brief. */
  alternatives: { model: ModelSpec; reason: ReasonCode }[];
}

export interface RecommendOptions {
  /** YYYY-MM-DD; models retired by then are skipped. */
  today: string;
  /** Host per provider, for retirements that apply on one host only (OpenAI's own API). */
  hosts?: Partial<Record<ProviderId, string>>;
}

/** No configured model makes this kind of media (e.g. images with only video providers). */
export class NoModelError extends Error {
  override readonly name = "NoModelError";
  readonly code = "no_model_for_kind";
  constructor(readonly kind: MediaKind) {
    super(`no configured model makes ${kind}`);
  }
}

/** A seed rule: the models it prefers, in order, and the tier to look for when none is offered. */
interface Rule {
  reason: ReasonCode;
  prefer: string[];
  tier: Tier;
}

const SEEDANCE = "doubao-seedance-2";
const SEEDANCE_FAST = "doubao-seedance-2-fast";
const VEO_FAST = "veo-3.1-fast-exp";
const VEO = "veo-3.1-exp";
const FLEXIBLE_RATIOS: readonly AspectRatio[] = ["1:1", "4:3", "3:4"];

function videoRules(brief: Brief): Rule[] {
  const rules: Rule[] = [];
  const fast = brief.speed === "fast";
  if (brief.seconds === 12) rules.push({ reason: "twelve_seconds", prefer: ["sora-2"], tier: "balanced" });

  const seedanceReason: ReasonCode | undefined =
    brief.seconds !== undefined && brief.seconds > 8
      ? "long_clip"
      : brief.orientation && FLEXIBLE_RATIOS.includes(brief.orientation)
        ? "flexible_ratio"
        : brief.referenceImages.length > 0 && (brief.subject === "product" || brief.ad === true)
          ? "image_guided_product"
          : undefined;
  if (seedanceReason) {
    rules.push(
      fast
        ? { reason: "fast_iteration", prefer: [SEEDANCE_FAST, SEEDANCE], tier: "fast" }
        : { reason: seedanceReason, prefer: [SEEDANCE, SEEDANCE_FAST], tier: "quality" },
    );
  }

  if (fast) rules.push({ reason: "preview", prefer: [VEO_FAST], tier: "fast" });
  if (brief.speed === "quality") rules.push({ reason: "final_quality", prefer: [VEO], tier: "quality" });
  if (brief.subject === "product") {
    // "Formal product demos" go to Veo Quality, "lightweight product demo clips" to Veo Fast.
    rules.push(
      brief.ad === true
        ? { reason: "final_quality", prefer: [VEO], tier: "quality" }
        : { reason: "product_demo", prefer: [VEO_FAST], tier: "fast" },
    );
  }
  // Veo Fast is CreatOK's own default and its cheapest option.
  rules.push({ reason: "general", prefer: [VEO_FAST], tier: "balanced" });
  return rules;
}

function imageRules(brief: Brief): Rule[] {
  const rules: Rule[] = [];
  if (brief.speed === "fast") rules.push({ reason: "quick_preview", prefer: ["seedream-5.0-lite"], tier: "fast" });
  if (brief.subject === "people") rules.push({ reason: "portrait", prefer: ["nano-banana-2"], tier: "balanced" });
  if (brief.subject === "product") rules.push({ reason: "product_shot", prefer: ["nano-banana-pro"], tier: "quality" });
  if (brief.subject === "illustration") {
    rules.push({ reason: "illustration", prefer: ["nano-banana-2"], tier: "balanced" });
  }
  // Seedream has no 1K; the fit check keeps it out, this rule says why the others were chosen.
  if (brief.resolution === "1K") {
    rules.push({ reason: "needs_1k", prefer: ["nano-banana-2", "nano-banana-pro"], tier: "balanced" });
  }
  if (brief.speed === "quality") rules.push({ reason: "final_quality", prefer: ["nano-banana-pro"], tier: "quality" });
  rules.push({ reason: "general", prefer: ["nano-banana-2"], tier: "balanced" });
  return rules;
}

/** What each seed model is best at, to label alternatives. */
const STRENGTH: Record<string, ReasonCode> = {
  [SEEDANCE]: "long_clip",
  [SEEDANCE_FAST]: "fast_iteration",
  "sora-2": "twelve_seconds",
  [VEO_FAST]: "preview",
  [VEO]: "final_quality",
  "seedream-5.0-lite": "quick_preview",
  "nano-banana-pro": "product_shot",
  "nano-banana-2": "general",
};

function strength(model: ModelSpec): ReasonCode {
  const known = STRENGTH[model.id];
  if (known) return known;
  if (model.tier === "quality") return "final_quality";
  if (model.tier === "fast") return model.kind === "video" ? "preview" : "quick_preview";
  return "general";
}

interface Scored {
  model: ModelSpec;
  /** Conflicts other than a length that needs splitting. */
  misfits: number;
  /** How far the model's best definition falls below the one asked for (0: it reaches it). */
  shortfall: number;
  clips: number;
  index: number;
}

function score(brief: Brief, model: ModelSpec, index: number): Scored {
  // A definition above the model's best is not a misfit (the plan takes its best); it ranks by shortfall.
  const shortfall = definitionShortfall(brief, model);
  const result = fitPlan(settleDefinition(brief, model).brief, model);
  if (result.ok) {
    return { model, misfits: 0, shortfall, clips: result.plan.kind === "video" ? result.plan.segments.length : 1, index };
  }
  const misfits = result.conflicts.filter((c) => c.code !== "too_long").length;
  const seconds = brief.seconds ?? (model.kind === "video" ? model.defaults.seconds : 0);
  const clips = model.kind === "video" ? (splitSeconds(model.durations, seconds)?.length ?? 1) : 1;
  return { model, misfits, shortfall, clips, index };
}

/** Closest by fit, then fewest clips, then tier, then the longest single clip, then catalog order. */
function byCloseness(tier: Tier) {
  const longest = (m: ModelSpec) => (m.kind === "video" ? maxSeconds(m.durations) : 0);
  return (a: Scored, b: Scored) =>
    a.misfits - b.misfits ||
    a.shortfall - b.shortfall ||
    a.clips - b.clips ||
    tierDistance(a.model.tier, tier) - tierDistance(b.model.tier, tier) ||
    longest(b.model) - longest(a.model) ||
    a.index - b.index;
}

export function recommend(brief: Brief, catalog: Catalog, options: RecommendOptions): Recommendation {
  const retired = (m: ModelSpec) => isRetired(m, options.today, options.hosts?.[m.provider]);
  const ofKind = catalog.models.filter((m) => m.kind === brief.kind && !retired(m));
  // The sandbox stands in only when no real provider offers this kind.
  const real = ofKind.filter((m) => m.provider !== "sandbox");
  const available = real.length > 0 ? real : ofKind;
  if (available.length === 0) throw new NoModelError(brief.kind);

  const scored = available.map((m, i) => score(brief, m, i));
  const finish = (model: ModelSpec, reason: ReasonCode): Recommendation => ({
    model,
    reason,
    alternatives: scored
      .filter((s) => s.model !== model && s.misfits === 0)
      .sort(byCloseness(model.tier))
      .slice(0, 2)
      .map((s) => ({ model: s.model, reason: strength(s.model) })),
  });

  if (brief.modelId) {
    const named = findModel({ models: available }, brief.modelId);
    if (named) return finish(named, "user_choice");
    const gone = findModel(catalog, brief.modelId);
    const replacement = gone?.retired && findModel({ models: available }, gone.retired.replacement);
    if (replacement) return finish(replacement, "replacement");
  }
  if (available.length === 1 && available[0]) return finish(available[0], "only_option");

  const rules = brief.kind === "video" ? videoRules(brief) : imageRules(brief);
  // A definition asked for ("4K", "1080p") steers towards the models that come closest to it.
  const fitting = scored.filter((s) => s.misfits === 0);
  const least = Math.min(...fitting.map((s) => s.shortfall));
  const preferred = (sharpest: boolean) => {
    for (const rule of rules) {
      for (const id of rule.prefer) {
        const hit = fitting.find((s) => s.model.id === id && (!sharpest || s.shortfall === least));
        if (hit) return { hit, rule };
      }
    }
    return undefined;
  };
  const sharp = preferred(true);
  if (sharp) {
    const plain = preferred(false);
    return finish(sharp.hit.model, plain && plain.hit !== sharp.hit ? "best_definition" : sharp.rule.reason);
  }
  const sharpest = fitting.filter((s) => s.shortfall === least);
  const unruled = sharpest.length > 0 && sharpest.length < fitting.length ? [...sharpest].sort(byCloseness("balanced"))[0] : undefined;
  if (unruled) return finish(unruled.model, "best_definition");
  // No preferred model both offered and fitting: take the first rule whose models are not offered
  // at all and find its closest stand-in; rules whose models are offered but do not fit are skipped.
  const offered = new Set(available.map((m) => m.id));
  const rule = rules.find((r) => !r.prefer.some((id) => offered.has(id))) ?? rules[rules.length - 1];
  const tier = rule?.tier ?? "balanced";
  const best = [...scored].sort(byCloseness(tier))[0];
  if (!best) throw new NoModelError(brief.kind);
  return finish(best.model, rule?.reason ?? "general");
}
