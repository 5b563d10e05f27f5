/**
 * The admins' writes: allow and block people, set budgets and a group's payer policy, and read
 * today's spending. The dialogue only parses the command; whether the sender is an admin is
 * decided here, before anything changes.
 */
import type { AdminCommand } from "../dialogue/admin.ts";
import { formatBudget, parseBudget } from "../domain/budget.ts";
import { text, type Text } from "../domain/reply.ts";
import type { DayOverview, Spender } from "../jobs/index.ts";
import type { Access } from "./access.ts";
import { overviewLines } from "./usage.ts";

export interface AdminDeps {
  access: Access;
  /** Today's spending, from the jobs layer's ledger. */
  overview(): DayOverview;
}

/** What an admin command did, as lines for the sender; a non-admin changes nothing. */
export function runAdminCommand(deps: AdminDeps, command: AdminCommand, who: Spender, at: number): Text[] {
  if (!who.admin) return [text("admin.not_admin")];
  const { access } = deps;
  const by = `${who.platform}:${who.userId}`;
  switch (command.type) {
    case "help":
      return [text("admin.help")];
    case "invalid":
      return [text(`admin.bad_${command.problem}`)];
    case "allow":
    case "block": {
      const platform = command.user.platform ?? who.platform;
      const user = `${platform}:${command.user.id}`;
      if (command.type === "block" && access.isAdmin(platform, command.user.id)) return [text("admin.cannot_block_admin", { user })];
      access.store.setStatus({ platform, userId: command.user.id, status: command.type === "allow" ? "allowed" : "blocked", by, now: at });
      return [text(command.type === "allow" ? "admin.allowed" : "admin.blocked", { user })];
    }
    case "budget": {
      const budget = formatBudget(parseBudget(command.budget));
      const shown = budget === "off" ? text("usage.no_limit") : budget;
      if (command.scope === "chat") {
        access.store.setBudget({ scope: "chat", platform: who.platform, id: who.chatId, budget, by, now: at });
        return [text("admin.budget_chat", { budget: shown })];
      }
      const platform = command.user.platform ?? who.platform;
      access.store.setBudget({ scope: "user", platform, id: command.user.id, budget, by, now: at });
      return [text("admin.budget_user", { user: `${platform}:${command.user.id}`, budget: shown })];
    }
    case "payer":
      if (!who.group) return [text("admin.payer_not_group")];
      access.store.setPayer({ platform: who.platform, chatId: who.chatId, policy: command.policy, by, now: at });
      return [text("admin.payer", { policy: text(`payer.${command.policy}`) })];
    case "overview":
      return overviewLines(deps.overview());
  }
}
