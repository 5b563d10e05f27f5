/**
 * One status message per request, edited in place as its jobs move (queued, running with percent
 * where the provider says, ready). Edits are throttled per chat: at most one per interval, the
 * latest state of every request in that chat merged into whatever edit comes next, so a busy group
 * stays under the platform's per-chat limits. Only requests marked as changed are looked at.
 */
import { ChatRateLimited, type ChatPort, type Platform } from "../ports/chat.ts";
import type { ProviderId } from "../domain/catalog.ts";
import { text, type Message, type Text } from "../domain/reply.ts";
import type { Db } from "../store/database.ts";
import type { Log } from "./context.ts";
import { stateText } from "./messages.ts";
import { markStatusEdited, setStatusMessage } from "../store/jobs/status-messages.ts";
import { groupRows, isTerminal, targetOf, type JobRow } from "./rows.ts";
import { endDeliveriesIfUnreachable } from "./unreachable.ts";

export interface Progress {
  touch(groupKey: string): void;
  /** Brings changed status messages up to date, within the per-chat edit budget. */
  flush(): Promise<void>;
}

export function createProgress(deps: {
  db: Db;
  ports: Partial<Record<Platform, ChatPort>>;
  now: () => number;
  intervalMs: number;
  label: (provider: ProviderId) => string;
  log: Log;
  /** Where a waiting request stands in its provider's line (1 is next); undefined when it is not waiting. */
  position?: (provider: ProviderId, groupKey: string) => number | undefined;
}): Progress {
  const dirty = new Set<string>();
  const shown = new Map<string, string>();
  const lastEdit = new Map<string, number>();
  /** Chats that asked us to wait (a 429 longer than the port waits): nothing is sent there until then. */
  const quietUntil = new Map<string, number>();
  let running: Promise<void> | undefined;

  async function update(key: string): Promise<void> {
    const rows = groupRows(deps.db, key);
    const first = rows[0];
    const port = first ? deps.ports[first.platform] : undefined;
    // An unreachable chat gets no status message and no edit.
    if (!first || !port || first.delivery_failed_at !== null) {
      dirty.delete(key);
      return;
    }
    if (deps.now() < (quietUntil.get(`${first.platform}:${first.chat_id}`) ?? 0)) return; // stays marked
    const waiting = rows.some((r) => r.state === "submitting" && r.submit_started_at === null);
    const message = render([first, ...rows.slice(1)], deps.label(first.provider), waiting ? deps.position?.(first.provider, key) : undefined);
    const rendered = JSON.stringify(message);
    const target = targetOf(first);
    const now = deps.now();
    if (first.status_message_id === null) {
      dirty.delete(key);
      // A request that ended before anything was shown needs no status: its result says it all.
      if (rows.every((r) => isTerminal(r.state))) return;
      const sent = await port.send(target, { type: "message", ...message });
      // A platform that showed nothing leaves nothing to edit: the next change sends a status anew.
      if (sent.messageId !== null) setStatusMessage(deps.db, key, sent.messageId, now);
      shown.set(key, rendered);
      return;
    }
    if (shown.get(key) === rendered) {
      dirty.delete(key);
      return;
    }
    const chat = `${first.platform}:${first.chat_id}`;
    if (now - (lastEdit.get(chat) ?? Number.NEGATIVE_INFINITY) < deps.intervalMs) return; // stays marked
    lastEdit.set(chat, now);
    dirty.delete(key);
    await port.edit(target, first.status_message_id, message);
    shown.set(key, rendered);
    markStatusEdited(deps.db, key, now);
  }

  async function flushAll(): Promise<void> {
    for (const key of [...dirty]) {
      try {
        await update(key);
      } catch (error) {
        dirty.delete(key);
        deps.log("status_message_failed", { group: key, error: error instanceof Error ? error.message : String(error) });
        if (error instanceof ChatRateLimited) {
          quietUntil.set(`${error.platform}:${error.chatId}`, deps.now() + error.retryAfterMs);
          dirty.add(key);
        } else endDeliveriesIfUnreachable(deps.db, error, deps.now(), deps.log);
      }
    }
  }

  return {
    touch(key) {
      dirty.add(key);
    },
    flush() {
      running ??= flushAll().finally(() => {
        running = undefined;
      });
      return running;
    },
  };
}

/** `position`: the request's place in its provider's line while it waits for a free slot. */
export function render(rows: readonly [JobRow, ...JobRow[]], provider: string, position?: number): Message {
  const [first] = rows;
  const status = (r: JobRow): Text => stateText(r.state, r.progress, r.told_deadline_at !== null);
  const line = position !== undefined ? [text("jobs:progress.position", { position, provider })] : [];
  if (rows.length === 1 && first.segment_count <= 1) {
    const lines: Text[] = [text(`jobs:progress.${first.kind}`, { provider, status: status(first) }), ...line];
    if (first.task_id !== null && !isTerminal(first.state)) lines.push(text("jobs:progress.reference", { taskId: first.task_id }));
    return { lines };
  }
  const total = first.segment_count;
  return {
    lines: [
      text("jobs:progress.clips", { provider, total }),
      ...rows.map((r) => text("jobs:progress.segment", { index: r.segment_index + 1, total, status: status(r) })),
      ...line,
    ],
  };
}
