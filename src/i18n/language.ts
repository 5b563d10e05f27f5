/**
 * Which language a reply is written in: an explicit /language choice, then the language of the
 * user's message, then the language the conversation already uses, then the client's locale, then
 * English. Detection is by script; a message with too little text to tell says nothing.
 */
import { DEFAULT_LANGUAGE } from "./index.ts";

const SCRIPTS: Array<{ language: string; pattern: RegExp }> = [
  { language: "ja", pattern: /[\u3040-\u30ff]/gu },
  { language: "ko", pattern: /[\uac00-\ud7af\u1100-\u11ff]/gu },
  { language: "zh-CN", pattern: /[\u4e00-\u9fff\u3400-\u4dbf]/gu },
  { language: "ru", pattern: /[\u0400-\u04ff]/gu },
  { language: "ar", pattern: /[\u0600-\u06ff]/gu },
  { language: "hi", pattern: /[\u0900-\u097f]/gu },
];

const LATIN_WORD = /\p{Script=Latin}{2,}/gu;

/** The language a message is written in, or undefined when it carries no signal ("9:16", "2", "ok"). */
export function detectLanguage(message: string, supported: readonly string[]): string | undefined {
  const text = message.replace(/https?:\/\/\S+/g, "").replace(/^\/\w+(@\w+)?/, "");
  let best: { language: string; count: number } | undefined;
  for (const { language, pattern } of SCRIPTS) {
    const count = text.match(pattern)?.length ?? 0;
    // Japanese kana settle it even beside kanji; for the others the most frequent script wins.
    if (count > 0 && language === "ja") return pick("ja", supported);
    if (count > (best?.count ?? 0)) best = { language, count };
  }
  if (best && best.count >= 2) return pick(best.language, supported);
  const latinWords = text.match(LATIN_WORD) ?? [];
  if (best && best.count >= 1 && latinWords.length <= 1) return pick(best.language, supported);
  // Latin script needs a real sentence to tell anything; a detector for Latin languages comes with more locales.
  if (latinWords.length >= 2 || latinWords.some((w) => w.length >= 5)) return pick("en", supported);
  return undefined;
}

function pick(language: string, supported: readonly string[]): string | undefined {
  return supported.includes(language) ? language : undefined;
}

/** Maps a client locale ("zh-hans", "zh_CN", "en-US", "pt-br") to a supported language. */
export function normalizeLocale(locale: string | undefined, supported: readonly string[]): string | undefined {
  if (!locale) return undefined;
  const lower = locale.toLowerCase().replace("_", "-");
  const exact = supported.find((s) => s.toLowerCase() === lower);
  if (exact) return exact;
  if (lower.startsWith("zh")) return supported.includes("zh-CN") ? "zh-CN" : undefined;
  const base = lower.split("-")[0];
  return supported.find((s) => s.toLowerCase() === base || s.toLowerCase().split("-")[0] === base);
}

export function chooseLanguage(input: {
  preference?: string | null;
  message?: string;
  conversation?: string;
  clientLocale?: string;
  supported: readonly string[];
}): string {
  const { supported } = input;
  if (input.preference && supported.includes(input.preference)) return input.preference;
  return (
    (input.message !== undefined ? detectLanguage(input.message, supported) : undefined) ??
    (input.conversation && supported.includes(input.conversation) ? input.conversation : undefined) ??
    normalizeLocale(input.clientLocale, supported) ??
    DEFAULT_LANGUAGE
  );
}
