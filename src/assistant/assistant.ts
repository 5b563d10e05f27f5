/**
 * The optional writing partner as the application uses it: three questions, each answered either by
 * the assistant (after the domain's checks) or by a fallback with its reason, on which the caller
 * keeps the rule-based result it already has. Nothing here throws for a failed call, and nothing
 * shows a failure to the creator: a fallback is logged (reason, status, use) and the card is the one
 * the rules made.
 *
 * `caller` is a local key for the daily cap ("telegram:123"); it is never sent.
 */
import type { Brief } from "../domain/brief.ts";
import type { BriefFields } from "../domain/brief-parser.ts";
import { budgetDay } from "../domain/budget.ts";
import type { Catalog } from "../domain/catalog.ts";
import type { Accepted } from "./checks.ts";
import { AssistantError, createAssistantClient, type AssistantClientOptions, type AssistantFailure, type AssistantSettings } from "./client.ts";
import { createMemoryCallCounter, type AssistantCallCounter } from "./counter.ts";
import { acceptImprovement, improveJob, type ImprovedPrompt, type ImproveOptions } from "./improve.ts";
import { acceptReading, readingJob, type ReadingCeilings, type ReadingNeed } from "./reading.ts";
import type { ChatJob } from "./request.ts";
import { acceptStoryboard, storyboardJob, type StoryboardDraft } from "./storyboard.ts";

export type FallbackReason = AssistantFailure | "off" | "capped";

export type AssistantResult<T> = { ok: true; value: T } | { ok: false; reason: FallbackReason };

export interface AssistantDeps {
  /** Undefined: the assistant is off and every question falls back with "off". */
  settings: AssistantSettings | undefined;
  /** `ASSISTANT_DAILY_CALLS`. */
  dailyCalls: number;
  /** `BUDGET_TIMEZONE`: the assistant's day starts when the budget day does. */
  timeZone: string;
  /** The part of a pino-style logger this uses (declared here, so the assistant needs no log module). */
  log: { warn(fields: object, message: string): void; debug(fields: object, message: string): void };
  counter?: AssistantCallCounter;
  now?: () => number;
  http?: AssistantClientOptions;
}

export interface Assistant {
  readonly enabled: boolean;
  /** "✨ Improve": the structured prompt lines for this brief. */
  improve(caller: string, brief: Brief, options: ImproveOptions): Promise<AssistantResult<ImprovedPrompt>>;
  /** The shots of a multi-segment plan: one per segment, seconds from `segments`. */
  storyboard(caller: string, idea: string, segments: readonly number[], catalog: Catalog): Promise<AssistantResult<StoryboardDraft>>;
  /** The brief's fields after a second reading (call only when `readingNeed(...).needed`). */
  reread(caller: string, text: string, need: ReadingNeed, options: { catalog: Catalog; ceilings: ReadingCeilings }): Promise<AssistantResult<BriefFields>>;
}

type Use = "improve" | "storyboard" | "reading";

export function createAssistant(deps: AssistantDeps): Assistant {
  const client = deps.settings ? createAssistantClient(deps.settings, deps.http) : undefined;
  const counter = deps.counter ?? createMemoryCallCounter();
  const now = deps.now ?? Date.now;

  async function run<A, T>(use: Use, caller: string, job: ChatJob<A>, accept: (answer: A) => Accepted<T>): Promise<AssistantResult<T>> {
    if (!client) return { ok: false, reason: "off" };
    const fallback = (reason: FallbackReason, extra: Record<string, unknown> = {}): AssistantResult<T> => {
      deps.log.warn({ use, reason, ...extra }, "assistant fallback; using the rule-based result");
      return { ok: false, reason };
    };
    if (!(await counter.take(caller, budgetDay(now(), deps.timeZone), deps.dailyCalls))) return fallback("capped");
    let answer: A;
    try {
      answer = await client.ask(job);
    } catch (error) {
      if (!(error instanceof AssistantError)) throw error;
      return fallback(error.reason, { status: error.status, err: error.message, format: client.format });
    }
    const accepted = accept(answer);
    if (!accepted.ok) return fallback(accepted.reason, { err: accepted.detail });
    deps.log.debug({ use, format: client.format }, "assistant answered");
    return accepted;
  }

  return {
    enabled: client !== undefined,
    improve: (caller, brief, options) =>
      run("improve", caller, improveJob(brief, options), (answer) => acceptImprovement(answer, brief, options)),
    storyboard: (caller, idea, segments, catalog) =>
      run("storyboard", caller, storyboardJob(idea, segments), (answer) => acceptStoryboard(answer, segments, catalog)),
    reread: (caller, text, need, options) =>
      run("reading", caller, readingJob(text), (answer) => acceptReading(answer, need, options)),
  };
}
