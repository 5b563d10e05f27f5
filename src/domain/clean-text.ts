/**
 * What a person typed, cleaned before anything else reads it (language detection, commands, the
 * brief parser, the summary, the provider's prompt). Control characters could hide in a prompt or
 * break a log line (NUL, BEL, ESC sequences), and bidi controls make the text shown differ from the
 * text sent (U+202E reverses what follows). Newlines and tabs are kept: they are how people write.
 * Zero-width characters go too: copied out of a right-to-left message ("/status 123abc" from an
 * Arabic reply) they would become part of an id or a number.
 */

// C0 but tab (U+0009) and newline (U+000A), DEL, C1; bidi embeddings, overrides, isolates and marks;
// zero-width spaces and joiners, word joiner and invisible operators, the byte-order mark.
const UNWANTED = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/** The text without control, bidi and zero-width characters; what is left may be empty. */
export function cleanText(input: string): string {
  return input.replace(UNWANTED, "");
}

/** True when nothing readable is left once the text is cleaned and trimmed. */
export function isEmptyText(input: string): boolean {
  return cleanText(input).trim().length === 0;
}
