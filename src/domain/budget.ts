/**
 * Daily budgets in the provider's own unit, and who pays in a group. Plain data, no I/O.
 *
 * A budget is written "50" (50 of whatever unit a quote is in: credits, USD, …, each counted on
 * its own) or per unit, "credits:100,USD:5" (a unit it does not name is not limited). Spending is
 * counted per budget day, which starts at midnight in the configured time zone.
 */

export interface Budget {
  /** Applies to every unit the budget does not name; undefined: those units are not limited. */
  any?: number;
  perUnit: Record<string, number>;
}

export const UNLIMITED: Budget = { perUnit: {} };

export type PayerPolicy = "requester" | "pool" | "admins";
export const PAYER_POLICIES: readonly PayerPolicy[] = ["requester", "pool", "admins"];

export class BudgetSyntaxError extends Error {
  override readonly name = "BudgetSyntaxError";
  constructor(readonly input: string) {
    super(`"${input}" is not a budget: use a number such as 50, or units such as credits:100,USD:5`);
  }
}

const AMOUNT = /^\d+(?:\.\d+)?$/;
const UNIT = /^[A-Za-z][A-Za-z0-9_-]{0,15}$/;

/** Parses "50", "credits:100,USD:5", "off"/"" (unlimited). Throws BudgetSyntaxError. */
export function parseBudget(input: string): Budget {
  const s = input.trim();
  if (s === "" || /^(off|none|unlimited)$/i.test(s)) return UNLIMITED;
  const budget: Budget = { perUnit: {} };
  for (const part of s.split(/[,\s]+/).filter(Boolean)) {
    const [unit, amount] = part.includes(":") ? (part.split(":", 2) as [string, string]) : [undefined, part];
    if (!AMOUNT.test(amount)) throw new BudgetSyntaxError(input);
    if (unit === undefined) {
      budget.any = Number(amount);
    } else {
      if (!UNIT.test(unit)) throw new BudgetSyntaxError(input);
      budget.perUnit[normalUnit(unit)] = Number(amount);
    }
  }
  return budget;
}

/** The same budget as text, the way `parseBudget` reads it. */
export function formatBudget(budget: Budget): string {
  const parts = Object.entries(budget.perUnit).map(([unit, amount]) => `${unit}:${amount}`);
  if (budget.any !== undefined) parts.unshift(String(budget.any));
  return parts.length > 0 ? parts.join(",") : "off";
}

/** Credits are "credits" whatever the case; currencies are upper case (ISO). */
export function normalUnit(unit: string): string {
  return unit.toLowerCase() === "credits" ? "credits" : unit.toUpperCase();
}

/** The daily limit for a unit; undefined when that unit is not limited. */
export function limitFor(budget: Budget, unit: string): number | undefined {
  return budget.perUnit[normalUnit(unit)] ?? budget.any;
}

export function isUnlimited(budget: Budget): boolean {
  return budget.any === undefined && Object.keys(budget.perUnit).length === 0;
}

/** Drops floating-point noise from sums of prices. */
export function roundAmount(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

// Building a DateTimeFormat costs far more than using one, and every confirmation reads the day.
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const clockFormats = new Map<string, Intl.DateTimeFormat>();

function formatFor(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = cache.get(timeZone);
  if (!format) {
    format = make();
    cache.set(timeZone, format);
  }
  return format;
}

/** The budget day (YYYY-MM-DD) an instant falls in, in `timeZone`. */
export function budgetDay(at: number, timeZone: string): string {
  const parts = formatFor(dayFormats, timeZone, () =>
    new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }),
  ).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** The instant the next budget day starts: midnight after `at`, in `timeZone`. */
export function nextReset(at: number, timeZone: string): number {
  const today = budgetDay(at, timeZone);
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const midnightUtc = Date.UTC(y, m - 1, d + 1);
  // The zone's offset at that moment, found by reading the wall clock there (twice, for DST edges).
  let guess = midnightUtc;
  for (let i = 0; i < 2; i++) guess = midnightUtc - offsetAt(guess, timeZone);
  return guess;
}

function offsetAt(at: number, timeZone: string): number {
  const parts = formatFor(clockFormats, timeZone, () =>
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    }),
  ).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return wall - Math.floor(at / 1000) * 1000;
}

/** "2026-01-16 00:00 UTC": a reset instant (from `nextReset`) as the zone's wall clock shows it. */
export function resetLabel(resetAt: number, timeZone: string): string {
  return `${budgetDay(resetAt, timeZone)} 00:00 ${timeZone}`;
}

/** Whose budget a confirmation spends. */
export type Payer = { kind: "user" } | { kind: "chat" };

export type PayerDecision = { ok: true; payer: Payer } | { ok: false; reason: "admins_only" };

/**
 * In a private chat the requester pays. In a group the chat's policy decides: the requester's own
 * budget, the group's pool, or only admins may confirm (and then the pool pays).
 */
export function payerFor(input: { group: boolean; policy: PayerPolicy; admin: boolean }): PayerDecision {
  if (!input.group || input.policy === "requester") return { ok: true, payer: { kind: "user" } };
  if (input.policy === "admins" && !input.admin) return { ok: false, reason: "admins_only" };
  return { ok: true, payer: { kind: "chat" } };
}

/** One budget to respect: its scope, its limit for the quote's unit, and what is spent today. */
export interface BudgetLine {
  scope: "user" | "chat";
  limit: number | undefined;
  /** Unlimited in every unit (matters for quotes without an estimate). */
  unlimited: boolean;
  spent: number;
}

export type BudgetVerdict =
  | { ok: true }
  | { ok: false; reason: "over_budget"; scope: "user" | "chat"; limit: number; spent: number; remaining: number }
  | { ok: false; reason: "no_estimate"; scope: "user" | "chat" };

/**
 * Whether `amount` fits every budget line. A quote with no estimate fits only where no budget
 * applies at all: an unknown cost cannot be checked against a limit.
 */
export function judgeBudget(amount: number | null, lines: BudgetLine[]): BudgetVerdict {
  for (const line of lines) {
    if (amount === null) {
      if (!line.unlimited) return { ok: false, reason: "no_estimate", scope: line.scope };
      continue;
    }
    if (line.limit === undefined) continue;
    if (roundAmount(line.spent + amount) > line.limit) {
      return { ok: false, reason: "over_budget", scope: line.scope, limit: line.limit, spent: line.spent, remaining: Math.max(0, roundAmount(line.limit - line.spent)) };
    }
  }
  return { ok: true };
}

/** One budget that applies to a person in a chat, with today's spending in every unit. */
export interface BudgetState {
  scope: "user" | "chat";
  budget: Budget;
  spent: Record<string, number>;
}

/** Who would pay for a confirmation here, and the budgets that apply: what the summary shows. */
export interface BudgetSnapshot {
  /** "admins_only" when this person may not confirm in this chat. */
  payer: "user" | "chat" | "admins_only";
  budgets: BudgetState[];
}

/** The budget lines a quote in `currency` is judged against. */
export function linesFor(snapshot: Pick<BudgetSnapshot, "budgets">, currency: string | null): BudgetLine[] {
  return snapshot.budgets.map((b) => ({
    scope: b.scope,
    limit: currency === null ? undefined : limitFor(b.budget, currency),
    unlimited: isUnlimited(b.budget),
    spent: currency === null ? 0 : (b.spent[currency] ?? 0),
  }));
}
