/**
 * The admin commands as typed data, read from the words after /admin or from Discord's options.
 * Pure: whether the sender is an admin, and the effect itself, are the application layer's.
 *
 *   /admin allow <user>            /admin budget <user> <amount|off>
 *   /admin block <user>            /admin budget chat <amount|off>
 *   /admin payer requester|pool|admins
 *   /admin overview
 */
import { BudgetSyntaxError, PAYER_POLICIES, parseBudget, type PayerPolicy } from "../domain/budget.ts";

/** A person as an admin names them: "telegram:123", "discord:123", a Discord mention, or a bare id (this platform). */
export interface UserRef {
  platform?: string;
  id: string;
}

export type AdminCommand =
  | { type: "help" }
  | { type: "allow"; user: UserRef }
  | { type: "block"; user: UserRef }
  | { type: "budget"; scope: "user"; user: UserRef; budget: string }
  | { type: "budget"; scope: "chat"; budget: string }
  | { type: "payer"; policy: PayerPolicy }
  | { type: "overview" }
  | { type: "invalid"; problem: "user" | "amount" | "policy" };

const PLATFORMS = ["telegram", "discord", "terminal"];

export function parseUserRef(word: string | undefined): UserRef | undefined {
  if (!word) return undefined;
  const mention = /^<@!?(\d+)>$/.exec(word);
  if (mention) return { platform: "discord", id: mention[1]! };
  const qualified = /^([a-z]+):([A-Za-z0-9_-]{1,64})$/.exec(word);
  if (qualified && PLATFORMS.includes(qualified[1]!)) return { platform: qualified[1]!, id: qualified[2]! };
  if (/^[A-Za-z0-9_-]{1,64}$/.test(word)) return { id: word };
  return undefined;
}

function budgetText(words: string[]): string | undefined {
  const value = words.join(",");
  if (value === "") return undefined;
  try {
    parseBudget(value);
    return value;
  } catch (error) {
    if (error instanceof BudgetSyntaxError) return undefined;
    throw error;
  }
}

export function parseAdmin(args: string): AdminCommand {
  const [verb = "", ...rest] = args.trim().split(/\s+/).filter(Boolean);
  const action = verb.toLowerCase();
  if (action === "budget") {
    const [who, ...amount] = rest;
    const chat = who?.toLowerCase() === "chat" || who?.toLowerCase() === "group";
    return adminCommand(action, chat ? { scope: "chat" } : { user: parseUserRef(who) }, amount);
  }
  return adminCommand(action, { user: parseUserRef(rest[0]) }, rest);
}

/**
 * The command from a platform's options (Discord's /admin: an action, a picked user, a value), so
 * nothing is turned into words first. A budget without a user is the chat's.
 */
export function adminFromOptions(input: { action: string; user?: UserRef; value?: string }): AdminCommand {
  const words = input.value?.trim().split(/\s+/).filter(Boolean) ?? [];
  const user = input.user ?? parseUserRef(words[0]);
  if (input.action === "budget") return adminCommand("budget", input.user ? { user: input.user } : { scope: "chat" }, words);
  return adminCommand(input.action.toLowerCase(), { user }, words);
}

/** One command from its action, whom it is about, and the words of its value. */
function adminCommand(action: string, about: { user?: UserRef | undefined } | { scope: "chat" }, value: string[]): AdminCommand {
  const user = "user" in about ? about.user : undefined;
  switch (action) {
    case "allow":
    case "block":
      return user ? { type: action, user } : { type: "invalid", problem: "user" };
    case "budget": {
      const budget = budgetText(value);
      if ("scope" in about) return budget === undefined ? { type: "invalid", problem: "amount" } : { type: "budget", scope: "chat", budget };
      if (!user) return { type: "invalid", problem: "user" };
      return budget === undefined ? { type: "invalid", problem: "amount" } : { type: "budget", scope: "user", user, budget };
    }
    case "payer": {
      const policy = value[0]?.toLowerCase() as PayerPolicy | undefined;
      return policy && PAYER_POLICIES.includes(policy) ? { type: "payer", policy } : { type: "invalid", problem: "policy" };
    }
    case "overview":
    case "usage":
      return { type: "overview" };
    default:
      return { type: "help" };
  }
}
