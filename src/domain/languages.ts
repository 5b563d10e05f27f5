/**
 * The languages Reelsmith speaks, as the folders of `locales/` name them. One list, shared by the
 * locales loading, detection, the vocabulary tables, the chat menus and the tests, so a language is
 * added in one place (and the type check then asks for its vocabulary). No I/O.
 */
/** English first: it is the default, and the order in which the parser applies the vocabularies. */
export const LANGUAGES = ["en", "zh-CN", "es", "pt-BR", "ru", "ja", "ko", "id", "vi", "tr", "ar", "hi", "de", "fr", "fa", "uk", "uz", "it", "pl", "th"] as const;

export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = "en";

export function isLanguage(value: string | null | undefined): value is Language {
  return (LANGUAGES as readonly string[]).includes(value ?? "");
}
