/**
 * How plans, limits, conflicts and quotes are put into words: Text values with parameters, so the
 * transport translates them in the user's language.
 */
import { limitFor, linesFor, roundAmount, type BudgetSnapshot } from "../domain/budget.ts";
import { maxSeconds, minSeconds, type AspectRatio, type Catalog, type ModelSpec } from "../domain/catalog.ts";
import { enforcesContentRules } from "../domain/guardrails.ts";
import type { Conflict, Fix, Plan } from "../domain/plan.ts";
import type { Quote } from "../domain/quote.ts";
import { shotPreview } from "../domain/storyboard.ts";
import { text, type MessageKey, type Text } from "../domain/reply.ts";

/** i18next reads ":" as a namespace separator, so "9:16" is keyed as "9x16". */
type Keyed<R extends string> = R extends `${infer W}:${infer H}` ? `${W}x${H}` : R;
export function orientationKey(orientation: AspectRatio): MessageKey {
  return `orientation.${orientation.replace(":", "x") as Keyed<AspectRatio>}`;
}

export function modelLabel(model: ModelSpec): string {
  return model.label;
}

export function secondsRange(model: ModelSpec): Text {
  if (model.kind !== "video") return text("limits.none");
  const d = model.durations;
  if (d.allowed && d.allowed.length > 0) return text("limits.seconds_list", { list: d.allowed.join("/") });
  return text("limits.seconds_range", { min: minSeconds(d), max: maxSeconds(d) });
}

export function modelLimits(model: ModelSpec): Text {
  if (model.kind === "video") {
    return text("limits.video", {
      seconds: secondsRange(model),
      definitions: model.definitions.join("/"),
      orientations: model.orientations.join(" "),
      images: model.maxReferenceImages,
    });
  }
  return text("limits.image", {
    resolutions: model.resolutions.join("/"),
    max: model.n.max,
    images: model.maxReferenceImages,
  });
}

function segmentsText(segments: number[]): string {
  return segments.map((s) => `${s}`).join(" + ");
}

export function fixLabel(fix: Fix, catalog: Catalog): Text {
  switch (fix.kind) {
    case "split":
      return text("fix.split", { count: fix.segments.length, segments: segmentsText(fix.segments) });
    case "switch_model": {
      const model = catalog.models.find((m) => m.id === fix.modelId && m.provider === fix.provider);
      const label = model ? modelLabel(model) : fix.modelId;
      return fix.segments && fix.segments.length > 1
        ? text("fix.switch_model_split", { model: label, segments: segmentsText(fix.segments) })
        : text("fix.switch_model", { model: label });
    }
    case "use_value":
      return text(`fix.use_${fix.field}`, { value: String(fix.value) });
    case "drop_images":
      return text("fix.drop_images", { count: fix.keep });
  }
}

export function conflictLines(conflicts: Conflict[], model: ModelSpec): Text[] {
  return conflicts.map((c) =>
    typeof c.limit === "object" && "clips" in c.limit
      ? text(`conflict.${c.code}`, { seconds: c.limit.seconds, clips: c.limit.clips, asked: String(c.asked) })
      : text(`conflict.${c.code}`, {
      model: modelLabel(model),
      limit: String(c.limit),
      asked: String(c.asked),
    }),
  );
}

/** Long enough to recognise the idea, short enough for a summary line. */
const PROMPT_PREVIEW = 280;

export function summaryLines(
  plan: Plan,
  model: ModelSpec,
  quote: Quote,
  /** `asked`: the seconds the creator asked for, so a plan that cannot make exactly that says so. */
  options: { sandbox: boolean; stitching: boolean; idea: string; asked?: number; spend?: BudgetSnapshot },
): Text[] {
  const items: Text[] = [];
  const idea = options.idea.trim();
  if (idea) {
    items.push(text("summary.prompt", { prompt: idea.length > PROMPT_PREVIEW ? `${idea.slice(0, PROMPT_PREVIEW - 1)}…` : idea }));
  }
  items.push(text("summary.model", { model: modelLabel(model), id: model.id }));
  if (plan.kind === "video") {
    const total = plan.segments.reduce((a, b) => a + b, 0);
    items.push(text("summary.orientation", { orientation: text(orientationKey(plan.orientation)) }));
    items.push(text("summary.definition", { definition: plan.definition ?? "" }));
    items.push(
      plan.segments.length > 1
        ? text("summary.seconds_multi", { total, count: plan.segments.length, segments: segmentsText(plan.segments) })
        : text("summary.seconds", { seconds: total }),
    );
    if (options.asked !== undefined && options.asked !== total) {
      items.push(text("summary.real_total", { total, asked: options.asked, model: modelLabel(model) }));
    }
    items.push(text(plan.segments.length > 1 ? (options.stitching ? "summary.multi_stitched" : "summary.multi_assemble") : "summary.single"));
    if (plan.shots && plan.shots.length > 1) {
      const list = plan.shots.map((shot, i) =>
        text("summary.shot", {
          index: i + 1,
          seconds: shot.seconds,
          beat: shot.role === "beat" ? shotPreview(shot) : text(`storyboard.${shot.role}`),
        }),
      );
      items.push(text("summary.shots", { list }));
      if (!plan.chainable) items.push(text("summary.shots_independent"));
    }
  } else {
    items.push(text("summary.resolution", { resolution: plan.resolution ?? "" }));
    items.push(text("summary.count", { count: plan.n ?? 1 }));
    items.push(text("summary.aspect", { aspect: text(orientationKey(plan.orientation)) }));
  }
  items.push(plan.referenceImages > 0 ? text("summary.images", { count: plan.referenceImages }) : text("summary.no_images"));
  if (plan.audio) items.push(text("summary.audio"));
  items.push(costLine(quote, options.sandbox));
  if (options.spend) items.push(...budgetItems(quote, options.spend));
  const lines: Text[] = [text("summary.header", { items })];
  if (enforcesContentRules(model)) lines.push(text("guard.content_rules", { model: modelLabel(model) }));
  if (options.sandbox) lines.push(text("sandbox.notice"));
  return lines;
}

/**
 * What remains of each budget that applies after this estimate, or that it does not fit, or that
 * this person may not confirm here at all. Nothing when no budget limits this quote's unit.
 */
export function budgetItems(quote: Quote, spend: BudgetSnapshot): Text[] {
  if (spend.payer === "admins_only") return [text("summary.admins_only")];
  const items: Text[] = [];
  const lines = linesFor(spend, quote.currency);
  for (const line of lines) {
    if (quote.total === null || quote.currency === null) {
      if (!line.unlimited) items.push(text("summary.budget_no_estimate"));
      continue;
    }
    const limit = limitFor(spend.budgets.find((b) => b.scope === line.scope)!.budget, quote.currency);
    if (limit === undefined) continue;
    const before = Math.max(0, roundAmount(limit - line.spent));
    const after = roundAmount(before - quote.total);
    items.push(
      after >= 0
        ? text(`summary.budget_left_${line.scope}`, { left: amountText(after, quote.currency), limit: amountText(limit, quote.currency) })
        : text(`summary.budget_over_${line.scope}`, { left: amountText(before, quote.currency) }),
    );
  }
  // One "no estimate" line is enough when both a personal and a group budget apply.
  return items.filter((t, i) => t.key !== "summary.budget_no_estimate" || items.findIndex((x) => x.key === t.key) === i);
}

/** An amount in its unit: "12 credits", "0.5 USD". */
export function amountText(amount: number, unit: string): Text {
  return unit === "credits" ? text("currency.credits", { count: amount }) : text("currency.money", { amount, currency: unit });
}

export function costLine(quote: Quote, sandbox: boolean): Text {
  if (sandbox) return text("summary.cost_sandbox");
  if (quote.total === null || quote.currency === null) return text("summary.cost_unknown");
  return text("summary.cost", { cost: amountText(quote.total, quote.currency) });
}
