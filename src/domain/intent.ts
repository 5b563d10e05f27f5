/**
 * Whole-message intents: is this message a plain "yes, go" or a plain "cancel"?
 *
 * A message qualifies only when every word of it belongs to the intent's vocabulary, so "yes, but
 * make it vertical" carries a change and is not a confirmation. Vocabulary is per language and
 * every table applies to every message; each language's lives in `lexicon/<code>.ts`.
 */
import { LANGUAGES, type Language } from "./languages.ts";
import { LEXICONS, type IntentLexicon } from "./lexicon/index.ts";

/** Each language's intent vocabulary, from its file in `lexicon/`. */
export const INTENT_LEXICON: Readonly<Record<Language, IntentLexicon>> = Object.fromEntries(
  LANGUAGES.map((language) => [language, LEXICONS[language].intent]),
) as Record<Language, IntentLexicon>;

const TABLES: IntentLexicon[] = LANGUAGES.map((language) => INTENT_LEXICON[language]);

/** Longer than this, a message says more than yes or no. */
const MAX_LENGTH = 60;

function word(lex: IntentLexicon, phrase: string): string {
  const body = phrase.replace(/ /g, "\\s+");
  return lex.boundary ? `${body}(?![${lex.boundary}])` : body;
}

function alternatives(pick: (lex: IntentLexicon) => string[]): string {
  // Longest phrase first, by the phrase and not its pattern: a table with a longer word-boundary
  // class would otherwise put its "ok" before Polish "okej".
  return TABLES.flatMap((lex) => pick(lex).map((p) => [p.length, word(lex, p)] as const))
    .sort((a, b) => b[0] - a[0])
    .map(([, pattern]) => pattern)
    .join("|");
}

/** Group 1 is an intent phrase; otherwise the match is a filler. */
function intentMatcher(wanted: (lex: IntentLexicon) => string[], fillers: (lex: IntentLexicon) => string[]): RegExp {
  return new RegExp(`(${alternatives(wanted)})|(?:${alternatives(fillers)})`, "uy");
}

// Built on first use: parsing these two patterns (hundreds of phrases, each with a Unicode
// property lookahead) costs tens of milliseconds, which start-up would otherwise pay.
let confirm: RegExp | undefined;
let cancel: RegExp | undefined;
const CONFIRM = () => (confirm ??= intentMatcher((lex) => lex.confirm, (lex) => lex.fillers));
const CANCEL = () => (cancel ??= intentMatcher((lex) => lex.cancel, (lex) => [...lex.fillers, ...lex.cancelFillers]));

/**
 * Whether the whole message is made of intent phrases and fillers, with at least one intent phrase.
 * Read left to right, longest phrase first, skipping punctuation and spaces between phrases.
 */
function consistsOf(text: string, matcher: RegExp): boolean {
  const message = text.normalize("NFKC").toLowerCase().replace(/[’‘`]/g, "'").trim();
  if (message.length === 0 || message.length > MAX_LENGTH) return false;
  const separator = /[\s\p{P}~]+/uy;
  let at = 0;
  let seen = false;
  while (at < message.length) {
    separator.lastIndex = at;
    if (separator.exec(message)) {
      at = separator.lastIndex;
      if (at >= message.length) break;
    }
    matcher.lastIndex = at;
    const m = matcher.exec(message);
    if (!m || m[0].length === 0) return false;
    if (m[1] !== undefined) seen = true;
    at = matcher.lastIndex;
  }
  return seen;
}

/** "go ahead", "yes please", "好的，生成": a plain confirmation with nothing else in it. */
export function isConfirmation(text: string): boolean {
  return consistsOf(text, CONFIRM());
}

/** "cancel", "never mind", "算了": a plain cancellation with nothing else in it. */
export function isCancellation(text: string): boolean {
  return consistsOf(text, CANCEL());
}
