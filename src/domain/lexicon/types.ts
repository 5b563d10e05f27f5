/**
 * The shape of one language's vocabulary. Each language has one file (`<code>.ts`, the code as in
 * `locales/`) holding everything the parser, the intent reader, the structured prompt and the
 * language detector know of it. Patterns are regular-expression source matched case-insensitively
 * with the `u` flag; a literal space matches any run of whitespace.
 */
import type { Language } from "../languages.ts";
import type { Speed, Subject } from "../brief.ts";
import type { AspectRatio } from "../catalog.ts";

export interface BriefLexicon {
  /**
   * Character-class body of this language's word characters, for whole-word matching. Absent for
   * languages written without spaces (Chinese, Japanese), whose phrases match anywhere.
   */
  boundary?: string;
  /** Number words ("ten" → 10); several in a row add up ("twenty five"). Digits always work. */
  numberWords: Record<string, number>;
  /** Numerals that do not simply add up (二十五), with their reader. */
  numeral?: { pattern: string; value: (written: string) => number | undefined };
  /** Duration units as [pattern, seconds per unit]. */
  units: ReadonlyArray<readonly [string, number]>;
  /** Whole duration phrases ("half a minute", "半分钟"). */
  fixedDurations: Record<string, number>;
  /** Rejects a number-and-unit match that is something else ("in her 20s", "80s style"). */
  notDuration?: (before: string, matched: string, after: string) => boolean;
  imageNouns: string[];
  videoNouns: string[];
  /** Words before a media noun that make it a reference ("this photo"), not the thing to make. */
  referenceBefore: string[];
  /** Words after a media noun that make it a style ("poster style"), not the thing to make. */
  styleAfter: string[];
  /** Counted nouns that mean images ("3 images", "三张"). */
  imageCountNouns: string[];
  /** Counted nouns that only say how many ("3 variations"). */
  variantNouns: string[];
  orientation: Partial<Record<AspectRatio, string[]>>;
  /** Platforms whose format implies a ratio; weaker than an explicit orientation word. */
  platforms: Partial<Record<AspectRatio, string[]>>;
  /** Definition words, by the definition they mean. */
  definitions: Record<string, string[]>;
  speed: Record<Speed, string[]>;
  subject: Record<Subject, string[]>;
  ad: string[];
  audio: { on: string[]; off: string[] };
  /** Words that negate a following setting ("not vertical", "不要竖屏"). */
  negations: string[];
  /** Words after a setting that negate it, where the negation comes last ("vertikal emas", "عمودی نه"). */
  negationsAfter?: string[];
  /** Words that belong to a setting phrase when it is stripped from the prompt ("in 4k", "20秒的"). */
  settingBefore: string[];
  settingAfter: string[];
  /** Words that carry no creative content in a follow-up ("make it", "改成"). */
  fillers: string[];
  /**
   * Image-to-video wording ("animate this photo", "use it as the first frame", "把这张图做成视频"): the
   * brief is a video made from a picture. Matched phrases are settings, so they leave the prompt.
   */
  animate?: string[];
  /** Requests to the bot and chat filler that open a sentence ("can you make me", "gimme", "帮我生成"). */
  requests?: string[];
  /** Requests that close one, where the verb comes last ("を作ってください", "बना दो", "yapar mısın"). */
  requestEnds?: string[];
  /** Politeness words, left out of the prompt wherever they stand ("please", "por favor", "请"). */
  politeness?: string[];
  /**
   * Words asking for picture quality ("high quality", "高画质"): the best definition the model offers.
   * They say "quality" for the recommendation too, so they are read without being masked.
   */
  sharpness?: string[];
  /** Words naming a model variant ("fast" in "fast seedance version", "快速版"), by the variant. */
  variants?: Partial<Record<ModelVariant, string[]>>;
}

/** Variant words as catalogs spell them in labels and aliases ("Seedance 2 Fast", "sora pro"). */
export type ModelVariant = "fast" | "pro" | "lite" | "quality" | "turbo";

export interface IntentLexicon {
  /** Character-class body of word characters, for whole-word matching; absent for unspaced scripts. */
  boundary?: string;
  confirm: string[];
  cancel: string[];
  /** Words that may surround either intent without changing it ("please", "吧"). */
  fillers: string[];
  /** Words that may surround a cancellation only ("no, cancel"). */
  cancelFillers: string[];
}

/**
 * Descriptive phrases, as regular-expression source (case-insensitive, `u` flag). A match is kept as
 * written; modifier words before it ("cozy morning" light) come along unless they are `stopWords`.
 */
export interface PromptLexicon {
  boundary?: string;
  camera: string[];
  lighting: string[];
  palette: string[];
  style: string[];
  audio: string[];
  /** Introduces a hard constraint ("no logos"); the phrase is kept whole. */
  constraint: string[];
  /** Introduces something to avoid ("avoid flicker"); only the object is kept. */
  avoid: string[];
  /** Words that end a run of modifiers going leftwards. */
  stopWords: string[];
  /** Objects of a constraint that belong to the Audio line instead ("no music"). */
  audioObjects: string[];
}

/**
 * What the language detector scores a message on, among the languages that share its script: the
 * Latin-script languages, Russian and Ukrainian in Cyrillic, Arabic and Persian in the Arabic script.
 */
export interface DetectionVocabulary {
  /** The script the words are written in; Latin when absent. */
  script?: "Latin" | "Cyrillic" | "Arabic";
  /** The language's commonest short words and the words creators send it, lower case, space-separated. */
  words: string;
  /** Letters only some Latin-script languages use, as a character class, with the weight each lends. */
  letters?: ReadonlyArray<readonly [string, number]>;
}

export interface LanguageLexicon {
  code: Language;
  brief: BriefLexicon;
  intent: IntentLexicon;
  /** Descriptive vocabulary for the structured prompt; absent where none is written yet. */
  prompt?: PromptLexicon;
  /** Only languages that share a script need words: the others are told by their script alone. */
  detection?: DetectionVocabulary;
}
