/**
 * The confirmation claim: the one place a quote turns into paid work.
 *
 * One conditional UPDATE moves the quote from pending to confirmed, and in the same synchronous
 * transaction one job row per segment is written (the intent, before any provider call). A double
 * press, a redelivered update or another member's press finds the quote no longer pending (or not
 * theirs), changes nothing and charges nothing.
 */
import { randomUUID } from "node:crypto";
import type { Brief } from "../domain/brief.ts";
import type { Plan } from "../domain/plan.ts";
import { segmentPrompt } from "../domain/prompt.ts";
import { roundAmount } from "../domain/budget.ts";
import type { Db } from "../store/database.ts";
import { activeRequests, confirmQuote } from "../store/jobs/claims.ts";
import type { StoredRequest } from "./rows.ts";
import { decideSpend, NO_LIMITS, type SpendRefusal, type SpendRules } from "./spending.ts";
import type { QuoteRow } from "../store/quotes.ts";

export type ClaimResult =
  | { outcome: "claimed"; jobIds: string[] }
  /** Refused before anything was written: over budget, no estimate under a budget, or admins only. */
  | { outcome: "refused"; refusal: SpendRefusal }
  /** The requester already has `limit` requests waiting or running (MAX_ACTIVE_JOBS_PER_USER); nothing was written. */
  | { outcome: "too_many_active"; limit: number }
  | { outcome: "not_requester" }
  | { outcome: "expired" }
  | { outcome: "already_confirmed" }
  | { outcome: "cancelled" }
  | { outcome: "not_found" };


/** The provider requests of a plan, one per segment (an image plan is one request). */
export function requestsFor(plan: Plan, prompt: string, brief: Pick<Brief, "referenceImages">): StoredRequest[] {
  const images = brief.referenceImages.slice(0, plan.referenceImages).map((r) => r.id);
  if (plan.kind === "image") {
    return [{ kind: "image", model: plan.modelId, prompt, resolution: plan.resolution, n: plan.n, aspectRatio: plan.orientation, images }];
  }
  const segments = plan.segments.length > 0 ? plan.segments : [];
  return segments.map((seconds, index) => ({
    kind: "video",
    model: plan.modelId,
    // A storyboard gives each shot its own prompt; quotes made before storyboards fall back.
    prompt: plan.shots?.[index]?.prompt ?? segmentPrompt(prompt, index, segments.length),
    seconds,
    orientation: plan.orientation,
    definition: plan.definition,
    images,
    ...(plan.audio !== undefined ? { audio: plan.audio } : {}),
  }));
}

/**
 * Shots run one after another, each from the last frame of the one before, where the model takes an
 * input image (the storyboard marked the plan `chainable` from the catalog); else they run in
 * parallel as independent takes.
 */
export function isChained(plan: Plan): boolean {
  return plan.kind === "video" && plan.chainable === true && plan.segments.length > 1;
}

/** Where the confirmation happens and who presses: a group has a pool; an admin may confirm anywhere. */
export interface ClaimContext {
  group: boolean;
  admin: boolean;
}

export function claimQuote(
  db: Db,
  input: {
    quoteId: string;
    userId: string;
    now: number;
    newId?: () => string;
    rules?: SpendRules;
    context?: ClaimContext;
    /** MAX_ACTIVE_JOBS_PER_USER: requests one person may have waiting or running; 0 or absent for no cap. */
    maxActive?: number;
  },
): ClaimResult {
  const newId = input.newId ?? (() => `job_${randomUUID()}`);
  let spend: { payer: "user" | "chat"; day: string } | undefined;
  return confirmQuote<ClaimResult>(db, { quoteId: input.quoteId, userId: input.userId, now: input.now }, {
    check(before) {
      if (!before) return { outcome: "not_found" };
      if (before.state !== "pending" || before.requester_id !== input.userId || before.expires_at <= input.now) {
        return refusal(before, input.userId, input.now);
      }
      if (input.maxActive && activeRequests(db, before.platform, input.userId) >= input.maxActive) {
        return { outcome: "too_many_active", limit: input.maxActive };
      }
      // Judged in the claim's transaction, so two presses cannot both fit the last of a budget.
      const spender = { platform: before.platform, chatId: before.chat_id, userId: input.userId, group: input.context?.group ?? false, admin: input.context?.admin ?? false };
      const decision = decideSpend(db, input.rules ?? NO_LIMITS, spender, before.amount, before.currency, input.now);
      if (!decision.ok) return { outcome: "refused", refusal: decision.refusal };
      spend = { payer: decision.payer, day: decision.day };
      return undefined;
    },
    lost: (quote) => refusal(quote, input.userId, input.now),
    jobs(quote) {
      const plan = JSON.parse(quote.plan) as Plan;
      const requests = requestsFor(plan, quote.prompt, JSON.parse(quote.brief) as Brief);
      // A plan without segments would confirm (and perhaps charge) for nothing; refuse it whole.
      if (requests.length === 0) throw new EmptyPlanError(quote.id);
      if (!spend) throw new Error(`quote ${quote.id} was confirmed without a spend decision`);
      const { payer, day } = spend;
      const amounts = segmentAmounts(quote, requests);
      const chained = isChained(plan);
      const jobs = requests.map((request, index) => ({
        id: newId(),
        request: JSON.stringify(request),
        amount: amounts[index] ?? 0,
        payer,
        day,
        // Every shot is written and held now; a chained one waits for the shot before it.
        ...(chained && index > 0 ? { afterIndex: index - 1 } : {}),
      }));
      return { jobs, result: { outcome: "claimed", jobIds: jobs.map((j) => j.id) } };
    },
  });
}

/**
 * What each segment holds: its own estimate where the quote kept one, else the total split by
 * length. The parts always add up to the quoted total.
 */
function segmentAmounts(quote: QuoteRow, requests: StoredRequest[]): number[] {
  const total = quote.amount ?? 0;
  const stored = quote.segment_amounts ? (JSON.parse(quote.segment_amounts) as (number | null)[]) : undefined;
  if (stored && stored.length === requests.length && stored.every((a) => typeof a === "number")) return stored as number[];
  const weights = requests.map((r) => (r.kind === "video" ? r.seconds : 1));
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => roundAmount((total * w) / sum));
  // Rounding leftovers go to the last part, so holds add up to the quote exactly.
  parts[parts.length - 1] = roundAmount(total - parts.slice(0, -1).reduce((a, b) => a + b, 0));
  return parts;
}

/** Why a press claimed nothing. Someone else's press is refused before anything about the quote is said. */
function refusal(quote: QuoteRow, userId: string, now: number): ClaimResult {
  if (quote.requester_id !== userId) return { outcome: "not_requester" };
  if (quote.state === "confirmed") return { outcome: "already_confirmed" };
  if (quote.state === "cancelled" || quote.state === "superseded") return { outcome: "cancelled" };
  if (quote.state === "expired" || quote.expires_at <= now) return { outcome: "expired" };
  return { outcome: "not_found" };
}

export class EmptyPlanError extends Error {
  override readonly name = "EmptyPlanError";
  constructor(readonly quoteId: string) {
    super(`quote ${quoteId} has a plan with no segments`);
  }
}
