/**
 * Button payloads kept server-side: Telegram's callback_data (64 bytes) and Discord's custom_id
 * (100 characters) carry only the opaque id, and a press still resolves after a restart.
 */
import { randomBytes } from "node:crypto";
import type { Action } from "../domain/reply.ts";
import type { Db } from "./database.ts";

export interface StoredAction {
  action: Action;
  platform: string;
  chatId: string;
  ownerId: string;
}

export function createButtonStore(db: Db, newId: () => string = () => randomBytes(12).toString("base64url")) {
  const insert = db.prepare(
    "INSERT INTO button_actions (id, platform, chat_id, owner_id, action, created_at) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const select = db.prepare<[string], { action: string; platform: string; chat_id: string; owner_id: string }>(
    "SELECT action, platform, chat_id, owner_id FROM button_actions WHERE id = ?",
  );
  const prune = db.prepare("DELETE FROM button_actions WHERE created_at < ?");
  return {
    /** Stores the action and returns its 16-character id. */
    register(action: Action, owner: { platform: string; chatId: string; ownerId: string }, now: number): string {
      const id = newId();
      insert.run(id, owner.platform, owner.chatId, owner.ownerId, JSON.stringify(action), now);
      return id;
    },
    /** Every button of a keyboard in one commit (one fsync), ids in the same shape as the rows. */
    registerRows(rows: Action[][], owner: { platform: string; chatId: string; ownerId: string }, now: number): string[][] {
      return db.transaction(() =>
        rows.map((row) =>
          row.map((action) => {
            const id = newId();
            insert.run(id, owner.platform, owner.chatId, owner.ownerId, JSON.stringify(action), now);
            return id;
          }),
        ),
      )();
    },
    resolve(id: string): StoredAction | undefined {
      const row = select.get(id);
      if (!row) return undefined;
      return { action: JSON.parse(row.action) as Action, platform: row.platform, chatId: row.chat_id, ownerId: row.owner_id };
    },
    prune(olderThan: number): number {
      return prune.run(olderThan).changes;
    },
  };
}

export type ButtonStore = ReturnType<typeof createButtonStore>;
