/**
 * The process logger: pino JSON lines on stderr, with secrets removed twice. `redact` paths blank
 * fields that hold credentials by name (a token, a key, an Authorization header), whatever their
 * value; then every finished line is scrubbed of the configured secret values and of anything
 * shaped like a credential, wherever it ended up (an error message, a URL, a nested field). The
 * second pass matters most: a Telegram file URL carries the bot token inside an ordinary string.
 */
import { destination, pino, stdTimeFunctions, type DestinationStream, type Logger } from "pino";
import type { Config } from "./config.ts";

export type { Logger } from "pino";

/** Every configuration value that is a credential; the log-scan test sets each of them. */
export const SECRET_VARIABLES = [
  "TELEGRAM_BOT_TOKEN",
  "TELEGRAM_WEBHOOK_SECRET",
  "DISCORD_TOKEN",
  "CREATOK_API_KEY",
  "SOPH_API_KEY",
  "VOLC_ACCESSKEY",
  "VOLC_SECRETKEY",
  "OPENAI_API_KEY",
  "OPENAI_WEBHOOK_SECRET",
  "ASSISTANT_API_KEY",
] as const satisfies ReadonlyArray<keyof Config>;

export const REDACTED = "[redacted]";

const SECRET_FIELDS = [
  "token", "apiKey", "api_key", "accessKey", "accessKeyId", "secretKey", "secret", "password",
  "authorization", "Authorization", "cookie", "x-api-key",
];

/** Field paths blanked by name, at the top level and one level down (`{ req: { headers } }` included). */
export const REDACT_PATHS = [
  ...SECRET_FIELDS.flatMap((f) => [`["${f}"]`, `*["${f}"]`]),
  ...["authorization", "Authorization", "x-telegram-bot-api-secret-token", "x-api-key", "cookie"].flatMap((h) => [
    `headers["${h}"]`,
    `*.headers["${h}"]`,
  ]),
];

/** Credential shapes that are scrubbed even when nobody configured them here. */
const SHAPES: Array<[RegExp, string]> = [
  // https://api.telegram.org/file/bot<token>/<path>: the whole URL goes, not only the token.
  [/(?:https?:\/\/)?[^\s"'<>\\]*\/file\/bot[^\s"'<>\\]*/g, REDACTED],
  // Telegram bot tokens, alone or in a Bot API method URL.
  [/\d{6,}:[A-Za-z0-9_-]{30,}/g, REDACTED],
  // Discord bot tokens: base64 user id, timestamp, HMAC.
  [/[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}/g, REDACTED],
  // OpenAI-style keys.
  [/\bsk-[A-Za-z0-9_-]{16,}/g, REDACTED],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
];

/** Shorter values would mangle ordinary words in every line, and are no secret worth the name. */
const MIN_SECRET_LENGTH = 4;

/** The configured credential values, for the scrubber. */
export function secretValues(config: Pick<Config, (typeof SECRET_VARIABLES)[number]>): string[] {
  return SECRET_VARIABLES.map((name) => config[name]).filter((v): v is string => typeof v === "string" && v.length > 0);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A function that removes the given secret values (as written, JSON-escaped and URL-encoded) and
 * every credential shape from a text. Usable on anything about to leave the process.
 */
export function createScrubber(secrets: readonly string[]): (text: string) => string {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s.length < MIN_SECRET_LENGTH) continue;
    forms.add(s);
    forms.add(JSON.stringify(s).slice(1, -1));
    forms.add(encodeURIComponent(s));
  }
  // Longest first, so a secret that contains another is removed whole.
  const literal = forms.size > 0 ? new RegExp([...forms].sort((a, b) => b.length - a.length).map(escapeRegExp).join("|"), "g") : undefined;
  return (text) => {
    let out = literal ? text.replace(literal, REDACTED) : text;
    for (const [shape, replacement] of SHAPES) out = out.replace(shape, replacement);
    return out;
  };
}

export interface LoggerOptions {
  level: string;
  /** Configured credential values (see `secretValues`). */
  secrets: readonly string[];
  /** Where lines go; stderr by default, since stdout is the conversation in the terminal chat. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const scrub = createScrubber(options.secrets);
  // Synchronous, so the last lines before a shutdown's process.exit are not lost.
  const target = options.destination ?? destination({ dest: 2, sync: true });
  const scrubbed: DestinationStream = { write: (line: string) => target.write(scrub(line)) };
  return pino(
    {
      level: options.level,
      base: undefined,
      timestamp: stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
    },
    scrubbed,
  );
}
