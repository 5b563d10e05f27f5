/** Conversation state and user preferences, keyed by platform + chat + user. */
import { INITIAL_STATE, type DialogueState } from "../dialogue/state.ts";
import type { Db } from "./database.ts";

/** The dialogue state plus what the engine keeps beside it. */
export type StoredConversation = DialogueState & { language?: string; requestMessageId?: string };

export interface ConversationKey {
  platform: string;
  chatId: string;
  userId: string;
}

export function createConversationStore(db: Db) {
  const select = db.prepare<[string, string, string], { state: string }>(
    "SELECT state FROM conversations WHERE platform = ? AND chat_id = ? AND user_id = ?",
  );
  const upsert = db.prepare(
    `INSERT INTO conversations (platform, chat_id, user_id, state, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (platform, chat_id, user_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
  );
  const selectLanguage = db.prepare<[string, string], { language: string | null }>(
    "SELECT language FROM user_prefs WHERE platform = ? AND user_id = ?",
  );
  const upsertLanguage = db.prepare(
    `INSERT INTO user_prefs (platform, user_id, language, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (platform, user_id) DO UPDATE SET language = excluded.language, updated_at = excluded.updated_at`,
  );
  const seenUpdate = db.prepare<[string, string], { one: number }>("SELECT 1 AS one FROM processed_updates WHERE platform = ? AND update_id = ?");
  const markUpdate = db.prepare("INSERT INTO processed_updates (platform, update_id, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
  const pruneUpdates = db.prepare("DELETE FROM processed_updates WHERE seen_at < ?");

  return {
    load(key: ConversationKey): StoredConversation {
      const row = select.get(key.platform, key.chatId, key.userId);
      return row ? (JSON.parse(row.state) as StoredConversation) : { ...INITIAL_STATE };
    },
    save(key: ConversationKey, state: StoredConversation, now: number): void {
      upsert.run(key.platform, key.chatId, key.userId, JSON.stringify(state), now);
    },
    language(platform: string, userId: string): string | undefined {
      return selectLanguage.get(platform, userId)?.language ?? undefined;
    },
    setLanguage(platform: string, userId: string, language: string, now: number): void {
      upsertLanguage.run(platform, userId, language, now);
    },
    seen(platform: string, updateId: string): boolean {
      return seenUpdate.get(platform, updateId) !== undefined;
    },
    /** True the first time an update id is seen: a redelivered update is handled once. */
    firstSight(platform: string, updateId: string, now: number): boolean {
      return markUpdate.run(platform, updateId, now).changes === 1;
    },
    pruneUpdates(olderThan: number): void {
      pruneUpdates.run(olderThan);
    },
  };
}

export type ConversationStore = ReturnType<typeof createConversationStore>;
