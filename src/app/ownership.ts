/**
 * Who may press a button: the one ownership check of a press. Anyone in a group (or who sees a
 * public Discord message) can press; only the person the buttons were made for changes anything.
 * The chat adapters only say who made the buttons; the jobs layer's conditional claim stays as
 * the money's last guard, not as a second decision.
 */
import type { Action } from "../domain/reply.ts";
import type { QuoteRow } from "../store/quotes.ts";

export interface Presser {
  chatId: string;
  userId: string;
  /** The person a platform's stored button was made for, when the platform keeps one. */
  buttonOwnerId?: string;
}

const QUOTE_ACTIONS = new Set<Action["type"]>(["confirm", "change", "cancel", "apply_fix", "rewrite_shot"]);

/** The quote a press acts on, if it acts on one. */
export function quoteIdOf(action: Action): string | undefined {
  return QUOTE_ACTIONS.has(action.type) && "quoteId" in action && action.quoteId ? action.quoteId : undefined;
}

/** True when the press is someone else's: the button was made for another, or the quote is another's. */
export function notTheirs(presser: Presser, action: Action, quoteOf: (id: string) => Pick<QuoteRow, "requester_id" | "chat_id"> | undefined): boolean {
  if (presser.buttonOwnerId !== undefined && presser.buttonOwnerId !== presser.userId) return true;
  const quoteId = quoteIdOf(action);
  const quote = quoteId ? quoteOf(quoteId) : undefined;
  return quote !== undefined && (quote.requester_id !== presser.userId || quote.chat_id !== presser.chatId);
}
