/**
 * i18next, loaded once from locales/<language>/<namespace>.json. The locale travels explicitly:
 * callers take a fixed `t` per message; nothing changes a global language.
 */
import i18next, { type i18n as I18n, type TFunction } from "i18next";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_LANGUAGE, LANGUAGES } from "../domain/languages.ts";
import type { Param, Text } from "../domain/reply.ts";

export const LOCALES_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "locales");
export { DEFAULT_LANGUAGE, LANGUAGES } from "../domain/languages.ts";

export interface Translator {
  languages: string[];
  t(language: string): TFunction;
  /** Renders a Text, escaping verbatim string parameters with the transport's escaper. */
  render(language: string, value: Text, escape?: (s: string) => string): string;
  has(language: string, key: string): boolean;
}

/** The locale files of every language in `LANGUAGES`; a language without its folder fails loudly here. */
export function loadResources(dir: string = LOCALES_DIR): Record<string, Record<string, unknown>> {
  const resources: Record<string, Record<string, unknown>> = {};
  for (const language of LANGUAGES) {
    const namespaces: Record<string, unknown> = {};
    for (const file of readdirSync(join(dir, language)).filter((f) => f.endsWith(".json"))) {
      namespaces[file.slice(0, -5)] = JSON.parse(readFileSync(join(dir, language, file), "utf8"));
    }
    resources[language] = namespaces;
  }
  return resources;
}

export async function createTranslator(dir: string = LOCALES_DIR): Promise<Translator> {
  const resources = loadResources(dir);
  const instance: I18n = i18next.createInstance();
  const namespaces = [...new Set(Object.values(resources).flatMap((r) => Object.keys(r)))];
  await instance.init({
    resources: resources as never,
    ns: namespaces,
    defaultNS: "common",
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: Object.keys(resources),
    nonExplicitSupportedLngs: false,
    load: "currentOnly",
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  const fixed = new Map<string, TFunction>();
  const t = (language: string): TFunction => {
    let f = fixed.get(language);
    if (!f) {
      f = instance.getFixedT(language);
      fixed.set(language, f);
    }
    return f;
  };
  const render = (language: string, value: Text, escape: (s: string) => string = (s) => s): string => {
    const params: Record<string, unknown> = {};
    for (const [name, p] of Object.entries(value.params ?? {})) params[name] = renderParam(language, p, escape);
    return t(language)(value.key, params) as string;
  };
  const renderParam = (language: string, p: Param, escape: (s: string) => string): string | number => {
    if (typeof p === "number") return p;
    if (typeof p === "string") return escape(p);
    if (Array.isArray(p)) return p.map((x) => render(language, x, escape)).join("\n");
    return render(language, p, escape);
  };
  return {
    languages: Object.keys(resources),
    t,
    render,
    has: (language, key) => instance.exists(key, { lng: language, fallbackLng: false } as never),
  };
}
