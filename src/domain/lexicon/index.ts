/**
 * Every language's vocabulary, by locale code. Typed by `Language`, so a language added to
 * `LANGUAGES` without its vocabulary file fails the type check.
 */
import type { Language } from "../languages.ts";
import { ar } from "./ar.ts";
import { de } from "./de.ts";
import { en } from "./en.ts";
import { es } from "./es.ts";
import { fa } from "./fa.ts";
import { fr } from "./fr.ts";
import { hi } from "./hi.ts";
import { id } from "./id.ts";
import { it } from "./it.ts";
import { ja } from "./ja.ts";
import { ko } from "./ko.ts";
import { pl } from "./pl.ts";
import { ptBR } from "./pt-BR.ts";
import { ru } from "./ru.ts";
import { th } from "./th.ts";
import { tr } from "./tr.ts";
import type { LanguageLexicon } from "./types.ts";
import { uk } from "./uk.ts";
import { uz } from "./uz.ts";
import { vi } from "./vi.ts";
import { zhCN } from "./zh-CN.ts";

export type { BriefLexicon, DetectionVocabulary, IntentLexicon, LanguageLexicon, ModelVariant, PromptLexicon } from "./types.ts";

export const LEXICONS: Readonly<Record<Language, LanguageLexicon>> = {
  ar, de, en, es, fa, fr, hi, id, it, ja, ko, pl, "pt-BR": ptBR, ru, th, tr, uk, uz, vi, "zh-CN": zhCN,
};
