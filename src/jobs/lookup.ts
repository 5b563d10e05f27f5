/**
 * `/status <id>`: pick up a task by its provider id, e.g. after the user lost track of it or after
 * the hard deadline. It checks once, or follows: then a job row (origin 'status', no quote, never
 * submitted by us) is polled and delivered like any other. Nothing here ever submits.
 */
import { randomUUID } from "node:crypto";
import type { ChatTarget } from "../ports/chat.ts";
import type { ProviderId } from "../domain/catalog.ts";
import { text } from "../domain/reply.ts";
import { ProviderError, type Provider, type TaskStatus } from "../providers/provider.ts";
import { providerLabel, scheduleLimits, send, type JobsContext } from "./context.ts";
import { followingInChat, ownersOfTask, providersOfTask } from "../store/jobs/rows.ts";
import { insertFollowedTask, rearm as rearmJob, settleFollowed } from "../store/jobs/transitions.ts";
import { keepCheckingButton } from "./messages.ts";
import { groupKey, statusColumns, type JobRow } from "./rows.ts";
import { nextPollDelay } from "./schedule.ts";

export interface LookupInput {
  taskId: string;
  provider?: ProviderId;
  /** Which family to ask for where the provider needs it; tried video, then image, when absent. */
  kind?: "video" | "image";
  target: ChatTarget;
  follow: boolean;
  /** The asker is an admin: may look up a task id the bot did not start (STATUS_LOOKUP=admins). */
  admin?: boolean;
}

export type LookupResult =
  /** Several providers could own the id; nothing was said. The caller offers them as choices. */
  | { outcome: "ambiguous"; candidates: ProviderId[] }
  /** No configured provider knows the id; the user was told. */
  | { outcome: "not_found"; providers: ProviderId[] }
  /** The provider could not be asked just now; the user was told to try again. */
  | { outcome: "unreachable"; provider: ProviderId }
  /** Checked once and reported (a finished task was delivered through `jobId`). */
  | { outcome: "checked"; provider: ProviderId; state: TaskStatus["state"]; progress?: number; jobId?: string }
  /** Being followed by job `jobId`; the result will be delivered when it ends. */
  | { outcome: "following"; provider: ProviderId; jobId: string }
  /** Someone else's task, or one the bot did not start and the asker may not look up: told only that. */
  | { outcome: "not_yours" }
  /** Over the asker's lookup or provider-call ceiling; told once a minute, else silent. */
  | { outcome: "limited"; retryAfterMs: number };

/**
 * Id shapes we can recognise. A provider with no entry may own any id; one with an entry owns only
 * ids of that shape (and no other provider's shape).
 */
const ID_SHAPES: Partial<Record<ProviderId, RegExp>> = {
  sandbox: /^sbx_/,
  openai: /^video_/,
};

export function candidatesFor(taskId: string, configured: readonly ProviderId[]): ProviderId[] {
  const shaped = configured.filter((p) => ID_SHAPES[p]?.test(taskId));
  if (shaped.length > 0) return shaped;
  return configured.filter((p) => ID_SHAPES[p] === undefined);
}

export async function lookupStatus(
  ctx: JobsContext,
  input: LookupInput,
  deliverNow: () => Promise<void>,
): Promise<LookupResult> {
  const taskId = input.taskId.trim();
  const who = `${input.target.platform}:${input.target.userId}`;
  const admitted = ctx.statusLimits.admit(who);
  if (!admitted.ok) return limited(ctx, input.target, who, admitted.retryAfterMs, admitted.tell);

  // Ownership first, before any provider call: a task started through the bot is its requester's,
  // and the chat's it was started in (a group's members see it there anyway). The same words
  // answer a stranger whether or not the id exists, so they learn nothing from trying ids.
  const owners = ownersOfTask(ctx.db, taskId);
  const mine = owners.filter(
    (o) => o.platform === input.target.platform && (o.chat_id === input.target.chatId || o.requester_id === input.target.userId),
  );
  const mayLookUpUnknown = input.admin === true || ctx.config.statusLookup === "anyone";
  if (owners.length > 0 ? mine.length === 0 : !mayLookUpUnknown) {
    await tell(ctx, input.target, [text("jobs:status.not_yours", { taskId })]);
    return { outcome: "not_yours" };
  }

  const configured = [...ctx.providers.keys()];
  const known = owners.length > 0 ? [...new Set(mine.map((o) => o.provider))] : providersOfTask(ctx.db, taskId);
  const candidates = input.provider
    ? configured.filter((p) => p === input.provider)
    : known.some((p) => configured.includes(p))
      ? known.filter((p) => configured.includes(p))
      : candidatesFor(taskId, configured);
  if (candidates.length > 1) return { outcome: "ambiguous", candidates };
  const providerId = candidates[0];
  const provider = providerId ? ctx.providers.get(providerId) : undefined;
  if (!providerId || !provider) {
    await tell(ctx, input.target, [text("jobs:status.not_found", { taskId, providers: configured.map((p) => providerLabel(ctx, p)).join(", ") })]);
    return { outcome: "not_found", providers: configured };
  }
  const label = providerLabel(ctx, providerId);

  // A job already following this task in this chat is the one to keep: two would deliver twice.
  const active = followingInChat(ctx.db, providerId, taskId, input.target.platform, input.target.chatId);

  const kinds: ("video" | "image")[] = input.kind ? [input.kind] : active ? [active.kind] : ["video", "image"];
  const checked = await check(provider, taskId, kinds, ctx.signal, () => ctx.statusLimits.spendCall(who));
  if ("limited" in checked) return limited(ctx, input.target, who, ctx.statusLimits.callsBackInMs(who), true);
  if ("error" in checked) {
    const transient = checked.error instanceof ProviderError && (checked.error.kind === "transient" || checked.error.kind === "rate_limited");
    if (transient) {
      await tell(ctx, input.target, [text("jobs:status.unreachable", { provider: label, taskId })]);
      return { outcome: "unreachable", provider: providerId };
    }
    await tell(ctx, input.target, [text("jobs:status.not_found", { taskId, providers: label })]);
    return { outcome: "not_found", providers: [providerId] };
  }
  const { status, kind } = checked;
  const terminal = status.state === "succeeded" || status.state === "failed";

  const followed = active !== undefined && active.told_deadline_at === null && active.next_poll_at !== null;
  if (active && !terminal && (input.follow || followed)) {
    if (!followed) rearm(ctx, active);
    await tell(ctx, input.target, [runningText(label, taskId, status), text("jobs:status.following", { taskId })]);
    return { outcome: "following", provider: providerId, jobId: active.id };
  }

  if (!terminal && !input.follow) {
    await tell(ctx, input.target, [runningText(label, taskId, status), text("jobs:status.offer_follow")], keepCheckingButton(taskId, providerId));
    return { outcome: "checked", provider: providerId, state: status.state, ...(status.progress !== undefined ? { progress: status.progress } : {}) };
  }

  const jobId = active?.id ?? insertStatusJob(ctx, input.target, providerId, taskId, kind, status);
  if (active) settle(ctx, active, status);
  if (terminal) {
    await deliverNow();
    return { outcome: "checked", provider: providerId, state: status.state, jobId };
  }
  await tell(ctx, input.target, [runningText(label, taskId, status), text("jobs:status.following", { taskId })]);
  return { outcome: "following", provider: providerId, jobId };
}

/** `spend` takes one provider call from the asker's allowance; none left stops before the call. */
async function check(
  provider: Provider,
  taskId: string,
  kinds: ("video" | "image")[],
  signal: AbortSignal,
  spend: () => boolean,
): Promise<{ status: TaskStatus; kind: "video" | "image" } | { error: unknown } | { limited: true }> {
  let last: unknown;
  for (const kind of kinds) {
    if (!spend()) return last === undefined ? { limited: true } : { error: last };
    try {
      return { status: await provider.status(taskId, kind, signal), kind };
    } catch (error) {
      last = error;
      if (error instanceof ProviderError && (error.kind === "transient" || error.kind === "rate_limited" || error.kind === "auth")) break;
    }
  }
  return { error: last };
}

function runningText(provider: string, taskId: string, status: TaskStatus) {
  if (status.state === "queued") return text("jobs:status.queued", { provider, taskId });
  return status.progress !== undefined
    ? text("jobs:status.running_percent", { provider, taskId, percent: Math.round(status.progress) })
    : text("jobs:status.running", { provider, taskId });
}

function insertStatusJob(
  ctx: JobsContext,
  target: ChatTarget,
  provider: ProviderId,
  taskId: string,
  kind: "video" | "image",
  status: TaskStatus,
): string {
  const now = ctx.now();
  const id = `job_${randomUUID()}`;
  const terminal = status.state === "succeeded" || status.state === "failed";
  const expectation = ctx.expectations.get(provider, "", kind);
  const delay = nextPollDelay(
    { elapsedMs: 0, pollCount: 1, expectation, ...(status.retryAfterMs !== undefined ? { hintMs: status.retryAfterMs } : {}) },
    scheduleLimits(ctx.config),
    ctx.random,
  );
  insertFollowedTask(ctx.db, {
    id,
    platform: target.platform,
    chatId: target.chatId,
    userId: target.userId,
    language: target.language,
    replyTo: target.replyTo ?? null,
    kind,
    provider,
    state: status.state,
    taskId,
    progress: status.progress ?? null,
    outputs: JSON.stringify(status.outputs),
    error: status.error ? JSON.stringify(status.error) : null,
    raw: JSON.stringify(status.raw ?? null),
    next: terminal ? null : now + delay,
    deadline: now + ctx.config.hardDeadlineMs,
    finished: terminal ? now : null,
    now,
  });
  ctx.touch(id);
  return id;
}

/** Follows an existing job again, e.g. one left at the hard deadline, with a fresh deadline. */
function rearm(ctx: JobsContext, row: JobRow): void {
  const now = ctx.now();
  rearmJob(ctx.db, { id: row.id, now, deadline: now + ctx.config.hardDeadlineMs });
  ctx.touch(groupKey(row));
}

/** A terminal answer for a job we already had: store it so delivery takes over. */
function settle(ctx: JobsContext, row: JobRow, status: TaskStatus): void {
  settleFollowed(ctx.db, statusColumns(row, status, ctx.now()));
  ctx.expectations.invalidate(row.provider, row.model_id);
  ctx.touch(groupKey(row));
}

async function limited(ctx: JobsContext, target: ChatTarget, who: string, retryAfterMs: number, say: boolean): Promise<LookupResult> {
  if (say) {
    ctx.statusLimits.told(who);
    await tell(ctx, target, [text("jobs:status.slow_down", { minutes: Math.max(1, Math.ceil(retryAfterMs / 60_000)) })]);
  }
  return { outcome: "limited", retryAfterMs };
}

async function tell(ctx: JobsContext, target: ChatTarget, lines: ReturnType<typeof text>[], buttons?: ReturnType<typeof keepCheckingButton>): Promise<void> {
  await send(ctx, target, { type: "message", lines, ...(buttons ? { buttons } : {}) });
}
