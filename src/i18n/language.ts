/**
 * Which language a reply is written in: an explicit /language choice, then the language of the
 * user's message, then the language the conversation already uses, then the client's locale, then
 * English.
 *
 * Detection goes by script first (kana, hangul, Han, Cyrillic, Arabic, Devanagari, Thai). Latin-script
 * messages are short ("hazlo vertical", "dikey yap"), far too short for a trigram detector alone, so
 * they are scored on the letters only one language uses (ñ, ã, ğ, ß, ơ, ł) and on word lists of each
 * language's function words and the words creators use; the trigram detector (franc) only settles
 * a tie on a longer message. Two other scripts are shared and scored the same way: Cyrillic by
 * Russian and Ukrainian (і ї є ґ against ы э ъ ё), the Arabic script by Arabic and Persian (پ چ ژ گ ی ک
 * against ة ي ك); there the script's first language stands when nothing tells them apart, unless the
 * conversation already speaks one of the others. A message with too little to tell says nothing,
 * and the conversation's language or the client's locale decides.
 */
import { francAll } from "franc-min";
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from "../domain/languages.ts";
import { LEXICONS } from "../domain/lexicon/index.ts";

type SharedScript = "Latin" | "Cyrillic" | "Arabic";

/** Each script's letters; where several languages write it, the one that stands on a tie. */
const SCRIPTS: Array<{ language: Language; pattern: RegExp; shared?: SharedScript }> = [
  { language: "ja", pattern: /[\u3040-\u30ff]/gu },
  { language: "ko", pattern: /[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]/gu },
  { language: "zh-CN", pattern: /[\u4e00-\u9fff\u3400-\u4dbf]/gu },
  { language: "ru", pattern: /[\u0400-\u04ff]/gu, shared: "Cyrillic" },
  { language: "ar", pattern: /[\u0600-\u06ff\u0750-\u077f]/gu, shared: "Arabic" },
  { language: "hi", pattern: /[\u0900-\u097f]/gu },
  { language: "th", pattern: /[\u0e00-\u0e7f]/gu },
];

/**
 * Japanese forms of kanji that neither Simplified nor Traditional Chinese writes (縦 for 纵/縱, 図 for
 * 图/圖), so a Japanese message without kana ("縦長", "画像変換") is still Japanese.
 */
const JAPANESE_KANJI = /[縦図広売気変楽歳円応絵様価発転続実単伝覧読経軽済払駅働険徴沢権]/u;

/** A script's words, each spelled one way: Uzbek oʻ/gʻ with ʻ, the Ukrainian apostrophe as ', Persian ی/ک for ي/ك. */
const WORD: Record<SharedScript, { pattern: RegExp; fold: (lower: string) => string }> = {
  Latin: { pattern: /[\p{Script=Latin}ʻ]+/gu, fold: (t) => t.replace(/(?<=[og])['‘’`ʼʻ](?=\p{L})/gu, "ʻ") },
  Cyrillic: { pattern: /[\p{Script=Cyrillic}']+/gu, fold: (t) => t.replace(/[ʼ’]/gu, "'") },
  Arabic: { pattern: /\p{Script=Arabic}+/gu, fold: (t) => t.replace(/ي/gu, "ی").replace(/ك/gu, "ک").replace(/[\u064B-\u0652\u0670]/gu, "") },
};

function wordsIn(script: SharedScript, lower: string): string[] {
  return (WORD[script].fold(lower).match(WORD[script].pattern) ?? []).map((w) => w.replace(/^'+|'+$/g, "")).filter(Boolean);
}

/**
 * The words and letters of the languages that share a script, from their files in `domain/lexicon/`.
 * A word two languages share counts for both and so tells nothing between them.
 */
const SCORED = LANGUAGES.flatMap((language) => {
  const detection = LEXICONS[language].detection;
  if (!detection) return [];
  const script: SharedScript = detection.script ?? "Latin";
  return [{
    language,
    script,
    words: new Set(wordsIn(script, detection.words.toLowerCase())),
    letters: (detection.letters ?? []).map(([pattern, weight]) => ({ pattern: new RegExp(pattern, "gu"), weight })),
  }];
});

/** Scores of the languages written in a script that the message gives any, best first. */
function scores(script: SharedScript, lower: string, words: string[]): Array<[Language, number]> {
  const found = new Map<Language, number>();
  const add = (language: Language, by: number) => found.set(language, (found.get(language) ?? 0) + by);
  const group = SCORED.filter((s) => s.script === script);
  for (const word of words) for (const { language, words: known } of group) if (known.has(word)) add(language, 1);
  for (const { language, letters } of group) {
    for (const { pattern, weight } of letters) {
      const count = lower.match(pattern)?.length ?? 0;
      if (count > 0) add(language, weight * Math.min(count, 3));
    }
  }
  return [...found.entries()].sort((a, b) => b[1] - a[1]);
}

/**
 * Which of a shared script's languages a message is in: the best score, or the script's first
 * language when none scores above the rest, with `tied` naming those nothing told apart.
 */
function within(script: SharedScript, owner: Language, text: string): { language: Language; tied?: Language[] } {
  const lower = text.toLowerCase();
  const ranked = scores(script, lower, wordsIn(script, lower));
  const [first, second] = ranked;
  if (first && (!second || first[1] > second[1])) return { language: first[0] };
  const top = first?.[1] ?? 0;
  const tied = SCORED.filter((s) => s.script === script && (ranked.find(([l]) => l === s.language)?.[1] ?? 0) === top).map((s) => s.language);
  return { language: owner, tied: tied.includes(owner) ? tied : [owner, ...tied] };
}

/** franc's ISO 639-3 codes for the Latin-script languages we scored. */
const FRANC: Record<string, Language> = {
  eng: "en", spa: "es", por: "pt-BR", ind: "id", vie: "vi", tur: "tr", deu: "de", fra: "fr", ita: "it", pol: "pl", uzn: "uz",
};
/** Below this many letters a trigram guess is noise. */
const FRANC_MIN_LETTERS = 24;
/** With no word we know at all, it needs a longer message still. */
const FRANC_MIN_LETTERS_UNKNOWN = 40;

/** The language a message is written in, or undefined when it carries no signal ("9:16", "2", "ok"). */
export function detectLanguage(message: string, supported: readonly string[]): string | undefined {
  return readLanguage(message, supported).language;
}

/** The language of a message and, where its script's languages could not be told apart, which they were. */
function readLanguage(message: string, supported: readonly string[]): { language?: string; tied?: readonly string[] } {
  // A command's arguments are ids and names ("/status qui", "/status <uuid>"); only a brief written
  // after one ("/video hazlo con veo fast") is prose, and it takes more than one word.
  const command = /^\s*\/\w+(?:@\w+)?/.exec(message);
  const text = words(command ? message.slice(command[0].length) : message);
  if (command && text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length < 2) return {};
  let best: { language: Language; count: number; shared?: SharedScript } | undefined;
  for (const { language, pattern, shared } of SCRIPTS) {
    const count = text.match(pattern)?.length ?? 0;
    // Japanese kana settle it even beside kanji; for the others the most frequent script wins.
    if (count > 0 && language === "ja") return { language: pick("ja", supported) };
    if (count > (best?.count ?? 0)) best = { language, count, ...(shared ? { shared } : {}) };
  }
  if (best?.language === "zh-CN" && JAPANESE_KANJI.test(text)) best = { language: "ja", count: best.count };
  const latin = detectLatin(text);
  if (best && (best.count >= 2 || (best.count >= 1 && (latin === undefined || latin.letters <= 4)))) {
    if (!best.shared) return { language: pick(best.language, supported) };
    const found = within(best.shared, best.language, text);
    return { language: pick(found.language, supported), ...(found.tied ? { tied: found.tied } : {}) };
  }
  return latin?.language === undefined ? {} : { language: pick(latin.language, supported) };
}

/**
 * Only the words of a message: links, e-mail addresses, mentions, ids, UUIDs, tokens and anything
 * with a digit in it, or too long to be a word, say nothing about its language.
 */
function words(message: string): string {
  return message
    .normalize("NFC")
    .split(/\s+/)
    .filter((token) => !/^(?:https?:\/\/|www\.)|@|^[#$]/iu.test(token))
    // Ids and keys are ASCII with digits in them; "20秒的竖屏视频" keeps its words.
    .map((token) => token.replace(/[\w\-:.+/=]*\d[\w\-:.+/=]*/gu, " "))
    // Chinese and Japanese write without spaces: only a Latin "word" can be too long to be one.
    .filter((token) => !(/^\p{Script=Latin}+$/u.test(token.trim()) && token.trim().length > MAX_WORD))
    .join(" ");
}

/** Longer than this, a "word" is a token or a key (German compounds stay well under it). */
const MAX_WORD = 30;

/** A word of a real language has a vowel and no long run of one letter or of consonants. */
function plausible(word: string): boolean {
  return /[aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿăđơưıœ]/u.test(word) && !/(\p{L})\1\1/u.test(word) &&
    !/[^aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿăơưıœ\P{L}]{6}/u.test(word);
}

function detectLatin(text: string): { language?: string; letters: number } | undefined {
  const lower = text.toLowerCase();
  const words = wordsIn("Latin", lower);
  const letters = words.join("").length;
  if (words.length === 0) return undefined;
  const ranked = scores("Latin", lower, words);
  const [first, second] = ranked;
  if (first && (!second || first[1] > second[1])) return { language: first[0], letters };
  // A tie, or no word we know: only a longer message of real words lets the trigram detector tell.
  if (letters < (first ? FRANC_MIN_LETTERS : FRANC_MIN_LETTERS_UNKNOWN)) return { letters };
  if (words.filter(plausible).length < words.length * 0.8) return { letters };
  const tied = first ? ranked.filter(([, score]) => score === first[1]).map(([language]) => language) : Object.values(FRANC);
  const only = Object.entries(FRANC).filter(([, language]) => tied.includes(language)).map(([code]) => code);
  const [guess] = francAll(words.join(" "), { only, minLength: 1 });
  return { ...(guess && FRANC[guess[0]] ? { language: FRANC[guess[0]] } : {}), letters };
}

function pick(language: string, supported: readonly string[]): string | undefined {
  return supported.includes(language) ? language : undefined;
}

/** Maps a client locale ("zh-hans", "zh_CN", "en-US", "pt-br", "es-419") to a supported language. */
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
  const read = input.message !== undefined ? readLanguage(input.message, supported) : {};
  // "давай" is Russian and Ukrainian alike: a conversation in one of them keeps its language.
  if (read.tied && input.conversation && read.tied.includes(input.conversation) && supported.includes(input.conversation)) {
    return input.conversation;
  }
  return (
    read.language ??
    (input.conversation && supported.includes(input.conversation) ? input.conversation : undefined) ??
    normalizeLocale(input.clientLocale, supported) ??
    DEFAULT_LANGUAGE
  );
}
