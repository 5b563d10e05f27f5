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
 * The chat can no longer be written to: the user blocked the bot, the bot was removed from the
 * group, the chat or channel is gone, or the bot lost access to it. Sending again will not help,
 * so whoever sends stops for good (the jobs layer ends the deliveries of that chat). Every port
 * turns its platform's answers for these cases into this one error.
 */
export class ChatUnreachable extends Error {
  override readonly name = "ChatUnreachable";
  constructor(
    readonly platform: Platform,
    readonly chatId: string,
    /** The platform's own words or code, for the log: "403 Forbidden: bot was blocked by the user". */
    readonly reason: string,
  ) {
    super(`${platform} chat ${chatId} is unreachable: ${reason}`);
  }
}

/** The platform asked us to wait before sending to this chat again (longer than the port waits itself). */
export class ChatRateLimited extends Error {
  override readonly name = "ChatRateLimited";
  constructor(
    readonly platform: Platform,
    readonly chatId: string,
    readonly retryAfterMs: number,
  ) {
    super(`${platform} chat ${chatId}: retry after ${retryAfterMs} ms`);
  }
}
