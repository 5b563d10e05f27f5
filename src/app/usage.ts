/**
 * Money in words: /usage for anyone, the admins' overview, and why a confirmation was refused.
 * Text values only; the transport translates them.
 */
import { formatBudget, isUnlimited, limitFor, resetLabel, roundAmount, type BudgetState } from "../domain/budget.ts";
import { text, type Text } from "../domain/reply.ts";
import { amountText } from "../dialogue/summary.ts";
import type { DayOverview, SpendRefusal, SpendRow, SpendView } from "../jobs/index.ts";

/** What this person spent today and what remains, in every unit that has spending or a limit. */
export function usageLines(view: SpendView, who: { platform: string; userId: string; group: boolean }): Text[] {
  const items: Text[] = [];
  for (const b of view.budgets) items.push(...budgetLines(b));
  if (who.group) items.push(text("usage.payer", { policy: text(`payer.${view.policy}`) }));
  return [
    text("usage.header", { day: view.day, reset: resetLabel(view.resetAt, view.timeZone), items }),
    text("usage.id", { id: `${who.platform}:${who.userId}` }),
  ];
}

function budgetLines(b: BudgetState): Text[] {
  const units = [...new Set([...Object.keys(b.spent), ...Object.keys(b.budget.perUnit)])].sort();
  if (units.length === 0) {
    const limit = isUnlimited(b.budget) ? text("usage.no_limit") : formatBudget(b.budget);
    return [text(`usage.${b.scope}_nothing`, { limit })];
  }
  return units.map((unit) => {
    const spent = b.spent[unit] ?? 0;
    const limit = limitFor(b.budget, unit);
    if (limit === undefined) return text(`usage.${b.scope}_open`, { spent: amountText(spent, unit) });
    return text(`usage.${b.scope}_limited`, {
      spent: amountText(spent, unit),
      left: amountText(Math.max(0, roundAmount(limit - spent)), unit),
    });
  });
}

/** Today's spending by person and by chat, for admins. */
export function overviewLines(spending: DayOverview): Text[] {
  const entry = (row: SpendRow): Text =>
    text("admin.overview_entry", {
      who: `${row.platform}:${row.id}`,
      spent: row.currency === null ? text("admin.no_estimate") : amountText(row.spent, row.currency),
      jobs: row.jobs,
    });
  const lines: Text[] = [text("admin.overview_header", { day: spending.day, open: spending.openHolds })];
  if (spending.users.length === 0) return [...lines, text("admin.overview_empty")];
  lines.push(text("admin.overview_users", { list: spending.users.map(entry) }));
  lines.push(text("admin.overview_chats", { list: spending.chats.map(entry) }));
  return lines;
}

/** Why a confirmation was refused before any provider call, and what to do instead. */
export function refusalLines(refusal: SpendRefusal): Text[] {
  switch (refusal.reason) {
    case "admins_only":
      return [text("confirm.admins_only")];
    case "no_estimate":
      return [text("confirm.no_estimate")];
    case "over_budget":
      return [
        text(`confirm.over_budget_${refusal.scope}`, {
          cost: amountText(refusal.amount, refusal.currency),
          left: amountText(refusal.remaining, refusal.currency),
          limit: amountText(refusal.limit, refusal.currency),
        }),
        text("confirm.over_budget_options", { reset: resetLabel(refusal.resetAt, refusal.timeZone) }),
      ];
  }
}
