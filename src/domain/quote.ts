/**
 * Quotes: the estimated cost of exactly one plan, from the catalog's price data. An estimate is
 * shown only when every clip has a price; otherwise the quote says honestly that there is none.
 */
import { modelRef, type ModelSpec } from "./catalog.ts";
import type { Plan } from "./plan.ts";

export type QuoteBasis = "exact" | "per_second" | "per_image" | "none";

export interface Quote {
  /** "credits" or an ISO currency; null when there is no estimate. */
  currency: string | null;
  total: number | null;
  /** One entry per video segment (one for an image request); null where no price is known. */
  perSegment: (number | null)[];
  basis: QuoteBasis;
}

export class PlanModelMismatchError extends Error {
  override readonly name = "PlanModelMismatchError";
  constructor(readonly planRef: string, readonly modelRef: string) {
    super(`plan for ${planRef} quoted with model ${modelRef}`);
  }
}

export function quotePlan(plan: Plan, model: ModelSpec): Quote {
  const planRef = `${plan.provider}:${plan.modelId}`;
  if (planRef !== modelRef(model)) throw new PlanModelMismatchError(planRef, modelRef(model));
  const pricing = model.pricing;

  let basis: QuoteBasis = "none";
  let perSegment: (number | null)[];
  if (plan.kind === "image") {
    const each = pricing?.perImage?.[plan.resolution];
    basis = "per_image";
    perSegment = [each === undefined ? null : round(each * plan.n)];
  } else if (pricing?.videoEstimates && pricing.videoEstimates.length > 0) {
    // CreatOK's rule: an estimate applies only when definition, seconds and orientation all match.
    const estimates = pricing.videoEstimates;
    basis = "exact";
    perSegment = plan.segments.map(
      (seconds) =>
        estimates.find(
          (e) => e.definition === plan.definition && e.seconds === seconds && e.orientation === plan.orientation,
        )?.amount ?? null,
    );
  } else {
    const rate = pricing?.perSecond?.[plan.definition];
    basis = "per_second";
    perSegment = plan.segments.map((seconds) => (rate === undefined ? null : round(rate * seconds)));
  }

  if (!pricing || perSegment.length === 0 || perSegment.some((p) => p === null)) {
    return { currency: null, total: null, perSegment, basis: "none" };
  }
  const total = round((perSegment as number[]).reduce((a, b) => a + b, 0));
  return { currency: pricing.currency, total, perSegment, basis };
}

/** Drops floating-point noise (0.1 × 3 = 0.30000000000000004) without rounding real prices. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
