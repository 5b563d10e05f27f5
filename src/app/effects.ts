/**
 * Carrying out a dialogue step's effects: replies through the platform's port, a confirmation
 * through the jobs layer (its outcome typed, not a string), /usage, /status, /cancel, a language
 * choice and the admins' commands.
 */
import type { Button, MessageKey, Text } from "../domain/reply.ts";
import { text } from "../domain/reply.ts";
import type { Effect } from "../dialogue/state.ts";
import type { CancelResult, ClaimResult, Jobs, SpendRefusal, Spender } from "../jobs/index.ts";
import { ChatRateLimited, type ChatPort, type ChatTarget, type Platform } from "../ports/chat.ts";
import type { ConversationStore } from "../store/conversations.ts";
import { runAdminCommand, type AdminDeps } from "./admin.ts";
import { refusalLines, usageLines } from "./usage.ts";

/** The part of the jobs layer a conversation uses. */
export type ConversationJobs = Pick<Jobs, "confirm" | "spendView" | "overview" | "lookupStatus" | "cancel" | "quoteOf">;

/** What pressing Confirm came to, as the conversation tells it. */
export type ConfirmOutcome =
  | { type: "started" }
  /** Someone else's quote: nothing was written. */
  | { type: "not_yours" }
  /** Refused for money before anything was written; the offer stays open to refine. */
  | { type: "refused"; refusal: SpendRefusal }
  /** The quote can no longer be confirmed. */
  | { type: "closed"; reason: "expired" | "already_confirmed" | "cancelled" | "not_found" }
  /** MAX_ACTIVE_JOBS_PER_USER requests are already on their way; the offer stays open for a later press. */
  | { type: "at_limit"; limit: number };

export function confirmOutcome(result: ClaimResult): ConfirmOutcome {
  switch (result.outcome) {
    case "claimed":
      return { type: "started" };
    case "not_requester":
      return { type: "not_yours" };
    case "refused":
      return { type: "refused", refusal: result.refusal };
    case "too_many_active":
      return { type: "at_limit", limit: result.limit };
    case "expired":
    case "already_confirmed":
    case "cancelled":
    case "not_found":
      return { type: "closed", reason: result.outcome };
  }
}

const CLOSED_TEXT: Record<Extract<ConfirmOutcome, { type: "closed" }>["reason"], MessageKey> = {
  expired: "confirm.expired",
  already_confirmed: "confirm.already_confirmed",
  cancelled: "confirm.cancelled",
  not_found: "confirm.not_found",
};

export interface EffectDeps {
  jobs: ConversationJobs;
  ports: Partial<Record<Platform, ChatPort>>;
  conversations: ConversationStore;
  admin: AdminDeps;
  /**
   * How long a reply may wait in all for the platform's "retry after" (Telegram's 429). A reply
   * waits and then sends, never "Something went wrong" in its place; only a wait beyond this
   * bound gives up (the error goes to the transport's log). Default 15 minutes.
   */
  maxReplyWaitMs?: number;
  /** The clock the waits run on; a test's may be faster. */
  sleep?: (ms: number) => Promise<void>;
}

export interface EffectScope {
  target: ChatTarget;
  who: Spender;
  at: number;
  /** The step came from a button press: a Confirm already used is told in the press's alert. */
  press?: boolean;
  /** Puts the offer back when a confirmation of the offer just shown is refused for money. */
  reopen?: () => void;
}

export function createEffects(deps: EffectDeps) {
  const maxReplyWaitMs = deps.maxReplyWaitMs ?? 15 * 60_000;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  async function send(target: ChatTarget, lines: Text[], buttons?: Button[][]): Promise<void> {
    const port = deps.ports[target.platform];
    if (!port) throw new Error(`no chat port for ${target.platform}`);
    const message = buttons ? { type: "message" as const, lines, buttons } : { type: "message" as const, lines };
    for (let waited = 0; ; ) {
      try {
        await port.send(target, message);
        return;
      } catch (error) {
        if (!(error instanceof ChatRateLimited) || waited + error.retryAfterMs > maxReplyWaitMs) throw error;
        waited += error.retryAfterMs;
        await sleep(error.retryAfterMs);
      }
    }
  }

  /** Carries out one effect; an alert for the presser comes back instead of a message. */
  async function carryOut(effect: Effect, scope: EffectScope): Promise<Text | undefined> {
    const { target, who, at } = scope;
    switch (effect.type) {
      case "reply":
        await send(target, effect.message.lines, effect.message.buttons);
        return undefined;
      case "confirm": {
        const outcome = confirmOutcome(deps.jobs.confirm(effect.quoteId, target.userId, { group: who.group, admin: who.admin }));
        switch (outcome.type) {
          case "started":
            return undefined;
          case "not_yours":
            return text("press.not_yours");
          case "refused":
            scope.reopen?.();
            await send(target, refusalLines(outcome.refusal));
            return undefined;
          case "closed":
            // A repeated press is answered in its own alert; an expired or replaced offer is worth
            // a message, since what to do next (send the idea again) outlives the alert.
            if (scope.press && outcome.reason === "already_confirmed") return text(CLOSED_TEXT[outcome.reason]);
            await send(target, [text(CLOSED_TEXT[outcome.reason])]);
            return undefined;
          case "at_limit":
            await send(target, [text("confirm.too_many_active")]);
            return undefined;
        }
        return undefined;
      }
      case "usage":
        await send(target, usageLines(deps.jobs.spendView(who), who));
        return undefined;
      case "admin":
        await send(target, runAdminCommand(deps.admin, effect.command, who, at));
        return undefined;
      case "status":
        await deps.jobs.lookupStatus({ taskId: effect.taskId, ...(effect.provider ? { provider: effect.provider } : {}), target, follow: effect.follow, admin: who.admin });
        return undefined;
      case "cancel_job":
        await send(target, [cancelText(await deps.jobs.cancel(target, effect.quoteId))]);
        return undefined;
      case "set_language":
        deps.conversations.setLanguage(target.platform, target.userId, effect.language, at);
        target.language = effect.language;
        await send(target, [text("language.set")]);
        return undefined;
      case "create_quote":
      case "close_quote":
      case "again":
        return undefined;
    }
  }

  return { carryOut, send };
}

export type Effects = ReturnType<typeof createEffects>;

/** What a /cancel with no brief open did to the newest request; a cancelled one held nothing more. */
function cancelText(result: CancelResult): Text {
  switch (result.outcome) {
    case "cancelled":
      return text(result.kept.length > 0 ? "jobs:cancel.partial" : "jobs:cancel.done");
    case "not_cancellable":
      return text(`jobs:cancel.${result.reason}`, { provider: result.provider });
    case "not_requester":
      return text("jobs:cancel.not_yours");
    case "not_found":
      return text("jobs:cancel.not_found");
  }
}
