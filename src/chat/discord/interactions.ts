/**
 * Recent interactions and their tokens, in memory. A token lets the bot answer in the channel where
 * the user asked, even in a DM or a server it cannot post in, but only for 15 minutes; the port asks
 * here whether one is still usable and otherwise posts a channel message. Kept in memory on purpose:
 * after a restart a token of unknown age is not worth the risk of a failed delivery, so the channel
 * is used instead.
 */

/** Discord's default per-file upload limit, when an interaction does not say. */
export const DEFAULT_ATTACHMENT_LIMIT = 10 * 1024 * 1024;

/** Tokens live 15 minutes; a minute of margin covers a slow upload. */
export const TOKEN_TTL_MS = 14 * 60_000;

export interface InteractionHandle {
  id: string;
  applicationId: string;
  token: string;
  chatId: string;
  userId: string;
  /** Our clock when the interaction arrived. */
  receivedAt: number;
  attachmentSizeLimit: number;
  /**
   * A deferred reply ("thinking…") not yet replaced. Discord turns the first follow-up into that
   * reply, ephemeral flag included, so the port must edit it instead or avoid the token.
   */
  originalPending: boolean;
}

export interface InteractionLog {
  remember(handle: InteractionHandle): void;
  get(id: string): InteractionHandle | undefined;
  /** The newest interaction of this user in this channel. */
  latest(chatId: string, userId: string): InteractionHandle | undefined;
  /** The token may still be used. */
  usable(handle: InteractionHandle | undefined): handle is InteractionHandle;
}

export function createInteractionLog(options: { now: () => number; ttlMs?: number }): InteractionLog {
  const ttl = options.ttlMs ?? TOKEN_TTL_MS;
  const byId = new Map<string, InteractionHandle>();
  const newest = new Map<string, InteractionHandle>();
  const key = (chatId: string, userId: string) => `${chatId}:${userId}`;

  function prune(): void {
    const cutoff = options.now() - ttl;
    for (const [id, h] of byId) if (h.receivedAt < cutoff) byId.delete(id);
    for (const [k, h] of newest) if (h.receivedAt < cutoff) newest.delete(k);
  }

  return {
    remember(handle) {
      prune();
      byId.set(handle.id, handle);
      newest.set(key(handle.chatId, handle.userId), handle);
    },
    get: (id) => byId.get(id),
    latest: (chatId, userId) => newest.get(key(chatId, userId)),
    usable(handle): handle is InteractionHandle {
      return handle !== undefined && options.now() - handle.receivedAt < ttl;
    },
  };
}
