/**
 * Telegram's HTML parse mode. Locale strings and verbatim parameters (prompts, task ids, provider
 * URLs) are all plain text, so a rendered Text is escaped as a whole: a prompt with `<b>` or `&`
 * shows literally and can never break the message.
 */
import type { Text } from "../../domain/reply.ts";
import type { Translator } from "../../i18n/index.ts";

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Paragraphs as Telegram shows them, unescaped: for lengths and for button labels. */
export function plainText(translator: Translator, language: string, lines: Text[]): string {
  return lines.map((line) => translator.render(language, line)).join("\n\n");
}

/** Paragraphs as HTML for `parse_mode: "HTML"`. */
export function htmlText(translator: Translator, language: string, lines: Text[]): string {
  return escapeHtml(plainText(translator, language, lines));
}
