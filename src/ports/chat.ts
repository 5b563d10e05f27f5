/**
 * The seam between the bot's core and a chat platform. Telegram, Discord and the terminal each
 * implement it; the dialogue engine and the jobs layer talk only to this.
 */
import type { Message, Outbound } from "../domain/reply.ts";

export type Platform = "terminal" | "telegram" | "discord";

/** Where a reply goes, and in which language it is written. */
export interface ChatTarget {
  platform: Platform;
  chatId: string;
  /** The requester; in groups, their message is replied to and only they may press. */
  userId: string;
  language: string;
  /** Message id of the request, to reply to in groups. */
  replyTo?: string;
  /** Platform context that must survive a restart (e.g. a Discord interaction token and its age). */
  context?: Record<string, string>;
}

export interface Sent {
  /**
   * The message shown, to edit or reply to later; null when the platform showed nothing to refer
   * to. A port never makes one up.
   */
  messageId: string | null;
}

export interface ChatPort {
  readonly platform: Platform;
  send(to: ChatTarget, message: Outbound): Promise<Sent>;
  /** Edits a message in place; "not modified" is not an error. */
  edit(to: ChatTarget, messageId: string, message: Message): Promise<void>;
  /** "typing" or "upload_video", where the platform shows such a thing. */
  activity?(to: ChatTarget, kind: "typing" | "upload_video"): Promise<void>;
}

/**
 * The platform asked us to wait before sending again (Telegram's 429 `retry_after` beyond what the
 * transport waits out itself). Whoever sent decides: a conversation reply waits and sends, the
 * jobs layer hands the delivery back to its own schedule.
 */
export class ChatRetryLater extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`chat platform asked to retry after ${retryAfterMs} ms`);
    this.name = "ChatRetryLater";
  }
}
