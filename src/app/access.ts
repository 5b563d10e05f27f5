/**
 * Who may use the bot at all, decided before the dialogue sees a message. Admins always may;
 * someone an admin blocked never may; otherwise `ACCESS=open` lets everyone in, and
 * `ACCESS=allowlist` only listed users, chats and Discord servers, plus users an admin allowed.
 *
 * Ids in the lists are "platform:id" (telegram:123, discord:456) or a bare id that matches on any
 * platform. The terminal chat's user is terminal:local.
 */
import { createAccessStore, type AccessStore } from "../store/access.ts";
import type { Db } from "../store/database.ts";

export interface AccessConfig {
  mode: "open" | "allowlist";
  admins: readonly string[];
  users: readonly string[];
  chats: readonly string[];
  guilds: readonly string[];
}

export const OPEN_ACCESS: AccessConfig = { mode: "open", admins: [], users: [], chats: [], guilds: [] };

export type AccessVerdict = "admin" | "allowed" | "blocked" | "not_allowed";

export interface Asker {
  platform: string;
  chatId: string;
  userId: string;
  /** The Discord server the message came from. */
  guildId?: string;
}

export function listed(list: readonly string[], platform: string, id: string): boolean {
  return list.includes(`${platform}:${id}`) || list.includes(id);
}

export function createAccess(deps: { db: Db; config: AccessConfig }) {
  const store: AccessStore = createAccessStore(deps.db);
  const { config } = deps;

  function isAdmin(platform: string, userId: string): boolean {
    return listed(config.admins, platform, userId);
  }

  function check(who: Asker): AccessVerdict {
    if (isAdmin(who.platform, who.userId)) return "admin";
    const status = store.status(who.platform, who.userId);
    if (status === "blocked") return "blocked";
    if (config.mode === "open" || status === "allowed") return "allowed";
    if (listed(config.users, who.platform, who.userId) || listed(config.chats, who.platform, who.chatId)) return "allowed";
    if (who.guildId !== undefined && listed(config.guilds, who.platform, who.guildId)) return "allowed";
    return "not_allowed";
  }

  return { check, isAdmin, store };
}

export type Access = ReturnType<typeof createAccess>;
