/**
 * Who pays for a confirmation and whether it fits their budget today. The confirmation claim asks
 * this inside its transaction (so two presses cannot both fit the last of a budget), and the engine
 * asks for the same picture to show what remains in the summary and in /usage.
 */
import {
  judgeBudget,
  linesFor,
  nextReset,
  payerFor,
  budgetDay,
  roundAmount,
  UNLIMITED,
  type Budget,
  type BudgetSnapshot,
  type BudgetState,
  type PayerPolicy,
} from "../domain/budget.ts";
import { createAccessStore, type AccessStore } from "../store/access.ts";
import type { Db } from "../store/database.ts";
import { spentByUser, spentInChat } from "../store/jobs/ledger.ts";

/** The operator's configuration: USER_DAILY_BUDGET, CHAT_DAILY_BUDGET, GROUP_PAYER, BUDGET_TIMEZONE. */
export interface SpendRules {
  userBudget: Budget;
  chatBudget: Budget;
  groupPayer: PayerPolicy;
  timeZone: string;
}

export const NO_LIMITS: SpendRules = { userBudget: UNLIMITED, chatBudget: UNLIMITED, groupPayer: "requester", timeZone: "UTC" };

/** The person confirming, where. */
export interface Spender {
  platform: string;
  chatId: string;
  userId: string;
  /** A group chat (Telegram group, Discord server channel); private chats have no pool. */
  group: boolean;
  admin: boolean;
}

/** Everything the summary and /usage need to say about money, for one spender, today. */
export interface SpendView extends BudgetSnapshot {
  policy: PayerPolicy;
  day: string;
  /** When today's budgets reset (epoch ms) and the zone they reset in. */
  resetAt: number;
  timeZone: string;
}

export type SpendRefusal =
  | { reason: "admins_only" }
  | { reason: "over_budget"; scope: "user" | "chat"; limit: number; spent: number; remaining: number; amount: number; currency: string; resetAt: number; timeZone: string }
  | { reason: "no_estimate"; scope: "user" | "chat" };

export type SpendDecision = { ok: true; payer: "user" | "chat"; day: string } | { ok: false; refusal: SpendRefusal };

/** One store per connection: the claim asks on every confirmation, so its statements are prepared once. */
const stores = new WeakMap<Db, AccessStore>();
function storeOf(db: Db): AccessStore {
  let store = stores.get(db);
  if (!store) stores.set(db, (store = createAccessStore(db)));
  return store;
}

export function spendView(db: Db, rules: SpendRules, who: Spender, now: number): SpendView {
  const store = storeOf(db);
  const day = budgetDay(now, rules.timeZone);
  const policy = store.payer(who.platform, who.chatId) ?? rules.groupPayer;
  const decision = payerFor({ group: who.group, policy, admin: who.admin });
  const budgets: BudgetState[] = [];
  if (decision.ok && decision.payer.kind === "user") {
    budgets.push({
      scope: "user",
      budget: store.budget("user", who.platform, who.userId) ?? rules.userBudget,
      spent: spentByUser(db, { platform: who.platform, userId: who.userId, day }),
    });
  }
  if (who.group) {
    budgets.push({
      scope: "chat",
      budget: store.budget("chat", who.platform, who.chatId) ?? rules.chatBudget,
      spent: spentInChat(db, { platform: who.platform, chatId: who.chatId, day }),
    });
  }
  return {
    policy,
    payer: decision.ok ? decision.payer.kind : "admins_only",
    budgets,
    day,
    resetAt: nextReset(now, rules.timeZone),
    timeZone: rules.timeZone,
  };
}

/** Whether `who` may spend `amount` of `currency` now, and from whose budget. */
export function decideSpend(db: Db, rules: SpendRules, who: Spender, amount: number | null, currency: string | null, now: number): SpendDecision {
  const view = spendView(db, rules, who, now);
  if (view.payer === "admins_only") return { ok: false, refusal: { reason: "admins_only" } };
  const verdict = judgeBudget(amount, linesFor(view, currency));
  if (verdict.ok) return { ok: true, payer: view.payer, day: view.day };
  if (verdict.reason === "no_estimate") return { ok: false, refusal: { reason: "no_estimate", scope: verdict.scope } };
  return {
    ok: false,
    refusal: {
      reason: "over_budget",
      scope: verdict.scope,
      limit: verdict.limit,
      spent: verdict.spent,
      remaining: verdict.remaining,
      amount: roundAmount(amount ?? 0),
      currency: currency ?? "",
      resetAt: view.resetAt,
      timeZone: view.timeZone,
    },
  };
}
