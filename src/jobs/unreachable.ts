/**
 * Chats that can no longer be written to. A port says so with one error (ChatUnreachable: blocked,
 * kicked, chat gone); from then on nothing is sent to that chat for the jobs already there: no
 * result, no status edit, no note. Sending on would only collect the same refusal on every pass.
 */
import { ChatUnreachable } from "../ports/chat.ts";
import type { Db } from "../store/database.ts";
import { endChatDeliveries } from "../store/jobs/deliveries.ts";

/** Ends the chat's deliveries when `error` says it is unreachable; true when it did. */
export function endDeliveriesIfUnreachable(db: Db, error: unknown, now: number, log: (event: string, fields: Record<string, unknown>) => void): boolean {
  if (!(error instanceof ChatUnreachable)) return false;
  const requests = endChatDeliveries(db, { platform: error.platform, chatId: error.chatId, reason: error.reason, now });
  log("delivery_failed_chat_unreachable", { platform: error.platform, chatId: error.chatId, reason: error.reason, requests: requests.length });
  return true;
}
