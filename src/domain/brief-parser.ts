/**
 * Reads a creator's message into brief fields: only what the words say, nothing guessed.
 *
 * The vocabulary lives in one file per language (`lexicon/<code>.ts`); every table whose script occurs
 * is applied to every message, because a Chinese creator may well type "9:16" or "vertical". Adding a
 * language means adding its file. Patterns are regular-expression source matched case-insensitively with the `u` flag; a
 * literal space in a pattern matches any run of whitespace.
 *
 * Rules run from the most specific to the least (quoted text, model names, numeric settings, then
 * words), and every phrase a rule recognizes is masked so a later rule cannot read it again: "nano
 * banana 2 images" names a model, not a count of two.
 */
import type { Brief, Subject } from "./brief.ts";
import { ASPECT_RATIOS, type AspectRatio, type Catalog, type MediaKind, type ModelSpec } from "./catalog.ts";
import { LANGUAGES, type Language } from "./languages.ts";
import { LEXICONS, type BriefLexicon } from "./lexicon/index.ts";

/** One language's parser vocabulary; each language's lives in `lexicon/<code>.ts`. */
export type Lexicon = BriefLexicon;

/** The parser's tables by language, in the order of `LANGUAGES`. */
export const LEXICON: Readonly<Record<Language, Lexicon>> = Object.fromEntries(
  LANGUAGES.map((language) => [language, LEXICONS[language].brief]),
) as Record<Language, Lexicon>;

const TABLES: Lexicon[] = LANGUAGES.map((language) => LEXICON[language]);

/**
 * Scripts, to skip tables that cannot match: a message in Chinese needs no Latin-language table,
 * and running all fourteen on every message was most of the parser's time.
 */
const SCRIPTS: readonly RegExp[] = [
  /\p{Script=Latin}/u,
  /\p{Script=Han}/u,
  /[\p{Script=Hiragana}\p{Script=Katakana}]/u,
  /\p{Script=Hangul}/u,
  /\p{Script=Cyrillic}/u,
  /\p{Script=Arabic}/u,
  /\p{Script=Devanagari}/u,
];

function scriptsIn(text: string): Set<number> {
  const found = new Set<number>();
  SCRIPTS.forEach((script, i) => {
    if (script.test(text)) found.add(i);
  });
  return found;
}

function collectStrings(value: unknown, out: string[]): void {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectStrings(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) collectStrings(v, out);
}

/** The scripts a table's phrases are written in; undefined when some phrase uses none (digits only), so the table always runs. */
function tableScripts(lex: Lexicon): Set<number> | undefined {
  const phrases: string[] = [];
  // Record keys are codes ("9:16", "fast"), except where the words themselves are the keys.
  collectStrings({ ...lex, boundary: undefined, notDuration: undefined, numeral: lex.numeral?.pattern }, phrases);
  phrases.push(...Object.keys(lex.numberWords), ...Object.keys(lex.fixedDurations));
  const scripts = new Set<number>();
  for (const phrase of phrases) {
    // Escapes (\d, \s, \p{L}) are syntax, not letters of the language.
    const literal = phrase.replace(/\\[pP]\{[^}]*\}|\\u\{?[0-9a-fA-F]+\}?|\\[a-zA-Z]/g, "");
    const own = scriptsIn(literal);
    if (own.size === 0 && /[\p{L}\p{N}]/u.test(literal)) return undefined;
    for (const i of own) scripts.add(i);
  }
  return scripts;
}

const TABLE_SCRIPTS = new Map(TABLES.map((lex) => [lex, tableScripts(lex)] as const));

function tablesFor(text: string): Lexicon[] {
  const present = scriptsIn(text);
  return TABLES.filter((lex) => {
    const scripts = TABLE_SCRIPTS.get(lex);
    return scripts === undefined || [...scripts].some((i) => present.has(i));
  });
}

/** Fields the message states; every absent field is one it does not mention. */
export type BriefFields = Partial<Omit<Brief, "prompt" | "referenceImages">>;

export interface BriefReading {
  fields: BriefFields;
  /** [start, end) of settings phrases ("20 second", "vertical", "with veo fast"), for stripping. */
  settings: Array<[number, number]>;
  /** [start, end) of everything recognized, settings and intents alike. */
  recognized: Array<[number, number]>;
}

// ---------------------------------------------------------------------------------------------
// Matching machinery

interface Scan {
  text: string;
  /** A copy of `text` with full-width forms folded and recognized phrases blanked; same length. */
  work: string;
  /** The language tables whose script occurs in the text. */
  tables: Lexicon[];
  settings: Array<[number, number]>;
  recognized: Array<[number, number]>;
}

/** Full-width ASCII (９：１６, ，) folded to ASCII one code unit for one, so offsets stay valid. */
function fold(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (c) =>
    c === "\u3000" ? " " : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

/** Length of the text a pattern matches literally, ignoring lookarounds: orders longest first. */
function literalLength(pattern: string): number {
  return pattern.replace(/\(\?<?[=!](?:[^()]|\([^()]*\))*\)/g, "").length;
}

// The lexicon's lists are built once; their alternations are kept rather than sorted on every message.
// Lists made on the fly (the keys of a table, a catalog's names) are found again by their text.
const alternations = new WeakMap<readonly string[], string>();
const alternationsByText = new Map<string, string>();

function alternation(patterns: readonly string[]): string {
  let body = alternations.get(patterns);
  if (body !== undefined) return body;
  const key = patterns.join("\u0000");
  body = alternationsByText.get(key);
  if (body === undefined) {
    body = [...patterns]
      .sort((a, b) => literalLength(b) - literalLength(a))
      .map((p) => p.replace(/ /g, "\\s+"))
      .join("|");
    alternationsByText.set(key, body);
  }
  alternations.set(patterns, body);
  return body;
}

function bounded(lex: Lexicon, body: string): string {
  return lex.boundary ? `(?<![${lex.boundary}])(?:${body})(?![${lex.boundary}])` : `(?:${body})`;
}

const compiled = new Map<string, RegExp>();
function regex(source: string): RegExp {
  let re = compiled.get(source);
  if (!re) {
    re = new RegExp(source, "giu");
    compiled.set(source, re);
  }
  re.lastIndex = 0;
  return re;
}

function phrases(lex: Lexicon, patterns: readonly string[]): RegExp | undefined {
  return patterns.length > 0 ? regex(bounded(lex, alternation(patterns))) : undefined;
}

function matches(scan: Scan, re: RegExp | undefined): RegExpExecArray[] {
  if (!re) return [];
  re.lastIndex = 0;
  return [...scan.work.matchAll(re)].filter((m) => m[0].length > 0);
}

function mask(scan: Scan, start: number, end: number, setting: boolean): void {
  scan.work = scan.work.slice(0, start) + " ".repeat(end - start) + scan.work.slice(end);
  scan.recognized.push([start, end]);
  if (setting) scan.settings.push([start, end]);
}

function negated(scan: Scan, start: number): boolean {
  const before = scan.work.slice(Math.max(0, start - 24), start);
  return scan.tables.some((lex) => {
    if (lex.negations.length === 0) return false;
    const words = alternation(lex.negations);
    const lead = lex.boundary ? `(?<![${lex.boundary}])` : "";
    return regex(`${lead}(?:${words})\\s*(?:the\\s+|a\\s+|an\\s+)?$`).test(before);
  });
}

function numberSource(lex: Lexicon): string {
  const parts = ["\\d+(?:[.,]\\d+)?"];
  const words = Object.keys(lex.numberWords);
  if (words.length > 0) {
    const one = alternation(words);
    parts.push(`(?:${one})(?:[\\s-]+(?:${one}))?`);
  }
  if (lex.numeral) parts.push(lex.numeral.pattern);
  return parts.join("|");
}

function numberValue(lex: Lexicon, written: string): number | undefined {
  const w = written.trim().toLowerCase();
  if (/^\d/.test(w)) return Number(w.replace(",", "."));
  const tokens = w.split(/[\s-]+/);
  if (tokens.every((t) => lex.numberWords[t] !== undefined)) {
    return tokens.reduce((sum, t) => sum + (lex.numberWords[t] ?? 0), 0);
  }
  return lex.numeral?.value(w);
}

// ---------------------------------------------------------------------------------------------
// Rules

function maskQuotes(scan: Scan): void {
  for (const m of matches(scan, regex(QUOTED))) mask(scan, m.index, m.index + m[0].length, false);
}

/** Quoted text the creator wants verbatim: "…", “…”, 「…」, 『…』, «…», „…“. */
export const QUOTED = "\"[^\"\\n]+\"|“[^”\\n]+”|「[^」\\n]+」|『[^』\\n]+』|«[^»\\n]+»|„[^“”\\n]+[“”]";

const namePatterns = new Map<string, string | undefined>();

function namePattern(name: string): string | undefined {
  if (!namePatterns.has(name)) namePatterns.set(name, buildNamePattern(name));
  return namePatterns.get(name);
}

function buildNamePattern(name: string): string | undefined {
  const n = name.trim().toLowerCase();
  // Two Latin letters match too much ("ai"); two Han characters are a name (即梦).
  if (n.length < 2 || (n.length < 3 && /^[\p{Script=Latin}\p{N}]+$/u.test(n))) return undefined;
  const tokens = n.split(/[\s_-]+|(?<=\p{L})(?=\d)|(?<=\d)(?=\p{L})/u).filter(Boolean);
  const body = tokens.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[\\s_-]*");
  const latin = "\\p{Script=Latin}\\p{N}";
  const lead = /^[\p{Script=Latin}\p{N}]/u.test(n) ? `(?<![${latin}])` : "";
  const tail = /[\p{Script=Latin}\p{N}]$/u.test(n) ? `(?![${latin}]|\\.\\d)` : "";
  return `${lead}${body}${tail}`;
}

function readModel(scan: Scan, catalog: Catalog): ModelSpec | undefined {
  const hits: Array<{ start: number; end: number; model: ModelSpec }> = [];
  for (const model of catalog.models) {
    for (const name of new Set([model.id, model.label, ...model.aliases])) {
      const source = namePattern(name);
      if (!source) continue;
      for (const m of matches(scan, regex(source))) hits.push({ start: m.index, end: m.index + m[0].length, model });
    }
  }
  // Longest first, so "veo fast" beats "veo"; among equals the earliest.
  hits.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  let chosen: ModelSpec | undefined;
  const taken: Array<[number, number]> = [];
  for (const hit of hits) {
    if (taken.some(([s, e]) => hit.start < e && s < hit.end)) continue;
    if (negated(scan, hit.start)) continue;
    taken.push([hit.start, hit.end]);
    chosen ??= hit.model;
  }
  for (const [s, e] of taken) mask(scan, s, e, true);
  return chosen;
}

function reduceRatio(w: number, h: number): AspectRatio | undefined {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const g = gcd(w, h);
  const ratio = `${w / g}:${h / g}`;
  return (ASPECT_RATIOS as readonly string[]).includes(ratio) ? (ratio as AspectRatio) : undefined;
}

/** "9:16", "9x16", "16：9", and pixel sizes such as "1080x1920" or "1280*720". */
function readNumericRatio(scan: Scan): AspectRatio | undefined {
  let found: AspectRatio | undefined;
  for (const m of matches(scan, regex("(?<![\\d.])(\\d{1,4})\\s*[:x×*]\\s*(\\d{1,4})(?![\\d.]|\\s*(?:mm|cm|m|ft)\\b)"))) {
    const w = Number(m[1]);
    const h = Number(m[2]);
    const written = `${w}:${h}`;
    const pixels = w >= 240 && h >= 240;
    if (!(ASPECT_RATIOS as readonly string[]).includes(written) && !pixels) continue;
    const ratio = reduceRatio(w, h);
    if (!ratio || negated(scan, m.index)) continue;
    found ??= ratio;
    mask(scan, m.index, m.index + m[0].length, true);
  }
  return found;
}

function readNumericDefinition(scan: Scan): string | undefined {
  let found: string | undefined;
  for (const m of matches(scan, regex("(?<![\\p{Script=Latin}\\d])(480|720|1080)\\s*p(?![\\p{Script=Latin}\\d])"))) {
    if (negated(scan, m.index)) continue;
    found ??= `${m[1]}p`;
    mask(scan, m.index, m.index + m[0].length, true);
  }
  return found;
}

function readResolution(scan: Scan): string | undefined {
  let found: string | undefined;
  for (const m of matches(scan, regex("(?<![\\p{Script=Latin}\\d])([124])\\s?k(?![\\p{Script=Latin}\\d])"))) {
    if (negated(scan, m.index)) continue;
    found ??= `${m[1]}K`;
    mask(scan, m.index, m.index + m[0].length, true);
  }
  return found;
}

function readDuration(scan: Scan): number | undefined {
  const hits: Array<{ start: number; end: number; seconds: number; minutes: boolean }> = [];
  for (const lex of scan.tables) {
    for (const m of matches(scan, phrases(lex, Object.keys(lex.fixedDurations)))) {
      const key = Object.keys(lex.fixedDurations).find((k) => regex(`^${k.replace(/ /g, "\\s+")}$`).test(m[0]));
      const seconds = key === undefined ? undefined : lex.fixedDurations[key];
      if (seconds === undefined) continue;
      hits.push({ start: m.index, end: m.index + m[0].length, seconds, minutes: seconds >= 60 });
      mask(scan, m.index, m.index + m[0].length, true);
    }
  }
  for (const lex of scan.tables) {
    const number = numberSource(lex);
    const units = [...lex.units].sort((a, b) => b[0].length - a[0].length);
    for (const [unit, perUnit] of units) {
      const joiner = lex.boundary ? "[\\s-]*" : "\\s*";
      const source = bounded(lex, `(${number})${joiner}(?:${unit})`);
      for (const m of matches(scan, regex(source))) {
        const value = numberValue(lex, m[1] ?? "");
        if (value === undefined || value <= 0 || value >= 1000) continue;
        const before = scan.text.slice(Math.max(0, m.index - 12), m.index);
        const after = scan.text.slice(m.index + m[0].length, m.index + m[0].length + 12);
        if (lex.notDuration?.(before, m[0], after)) continue;
        hits.push({ start: m.index, end: m.index + m[0].length, seconds: Math.round(value * perUnit), minutes: perUnit === 60 });
        mask(scan, m.index, m.index + m[0].length, true);
      }
    }
  }
  hits.sort((a, b) => a.start - b.start);
  const first = hits[0];
  if (!first) return undefined;
  // "1 minute 30 seconds", "1分钟30秒": a minutes phrase directly followed by a seconds phrase.
  const next = hits[1];
  if (next && first.minutes && !next.minutes && /^[\s,]*(?:and\s*)?零?$/i.test(scan.text.slice(first.end, next.start))) {
    return first.seconds + next.seconds;
  }
  return first.seconds;
}

/** "1分30秒": the Chinese minute "分" alone is too common a character to be a unit anywhere else. */
function readChineseMinutesSeconds(scan: Scan): number | undefined {
  const zh = LEXICON["zh-CN"];
  const n = zh.numeral!.pattern;
  const m = matches(scan, regex(`(\\d+|${n})\\s*分\\s*(\\d+|${n})\\s*秒钟?`))[0];
  if (!m) return undefined;
  const minutes = numberValue(zh, m[1] ?? "");
  const seconds = numberValue(zh, m[2] ?? "");
  if (minutes === undefined || seconds === undefined) return undefined;
  mask(scan, m.index, m.index + m[0].length, true);
  return minutes * 60 + seconds;
}

/** First non-negated hit over all tables of a per-value pattern table; masks every hit. */
function readKeyed<K extends string>(
  scan: Scan,
  pick: (lex: Lexicon) => Partial<Record<K, string[]>>,
  options: { setting: boolean; negatable: boolean },
): K | undefined {
  const hits: Array<{ start: number; key: K }> = [];
  for (const lex of scan.tables) {
    for (const [key, patterns] of Object.entries(pick(lex)) as Array<[K, string[] | undefined]>) {
      for (const m of matches(scan, phrases(lex, patterns ?? []))) {
        if (options.negatable && negated(scan, m.index)) continue;
        hits.push({ start: m.index, key });
        mask(scan, m.index, m.index + m[0].length, options.setting);
      }
    }
  }
  hits.sort((a, b) => a.start - b.start);
  return hits[0]?.key;
}

function readCount(scan: Scan): { count?: number; image: boolean } {
  let result: { count?: number; image: boolean } = { image: false };
  for (const lex of scan.tables) {
    const number = numberSource(lex);
    const gap = lex.boundary ? "\\s+(?:[\\p{L}-]+\\s+){0,2}?" : "\\s*";
    for (const [nouns, image] of [[lex.imageCountNouns, true], [lex.variantNouns, false]] as const) {
      if (nouns.length === 0) continue;
      const lead = lex.boundary ? `(?<![${lex.boundary}])` : "";
      const tail = lex.boundary ? `(?![${lex.boundary}])` : "";
      for (const m of matches(scan, regex(`${lead}(${number})(?=${gap}(?:${alternation(nouns)})${tail})`))) {
        const value = numberValue(lex, m[1] ?? "");
        if (value === undefined || !Number.isInteger(value) || value < 1 || value > 20) continue;
        if (result.count === undefined) result = { count: value, image };
        // Only the number goes: "3 images of a cafe" still asks for images of a cafe.
        mask(scan, m.index, m.index + m[0].length, true);
      }
    }
  }
  return result;
}

function readKind(scan: Scan): MediaKind | undefined {
  const hits: Array<{ start: number; kind: MediaKind }> = [];
  for (const lex of scan.tables) {
    const ref = alternation(lex.referenceBefore);
    const refLead = lex.boundary ? `(?<![${lex.boundary}])` : "";
    const style = `(?=[\\s-]*(?:${alternation(lex.styleAfter)}))`;
    for (const [kind, nouns] of [["image", lex.imageNouns], ["video", lex.videoNouns]] as const) {
      for (const m of matches(scan, phrases(lex, nouns))) {
        const before = scan.work.slice(Math.max(0, m.index - 24), m.index);
        const after = scan.work.slice(m.index + m[0].length);
        if (regex(`${refLead}(?:${ref})\\s*$`).test(before)) continue;
        if (regex(`^${style}`).test(after)) continue;
        hits.push({ start: m.index, kind });
      }
    }
  }
  hits.sort((a, b) => a.start - b.start);
  return hits[0]?.kind;
}

/** Whether any table's phrase occurs. `content`: the words are creative content, not a setting. */
function has(scan: Scan, pick: (lex: Lexicon) => string[], content = false): boolean {
  let found = false;
  for (const lex of scan.tables) {
    for (const m of matches(scan, phrases(lex, pick(lex)))) {
      found = true;
      if (!content) scan.recognized.push([m.index, m.index + m[0].length]);
    }
  }
  return found;
}

function readSubject(scan: Scan): Subject | undefined {
  // A product is the purpose and an illustration a style; people are most often incidental.
  const order: Subject[] = ["product", "illustration", "people"];
  return order.find((s) => has(scan, (lex) => lex.subject[s], true));
}

function readAudio(scan: Scan): boolean | undefined {
  const off = readKeyed(scan, (lex) => ({ off: lex.audio.off }), { setting: false, negatable: false });
  const on = readKeyed(scan, (lex) => ({ on: lex.audio.on }), { setting: false, negatable: false });
  if (off) return false;
  return on ? true : undefined;
}

/** Reads what one message says, without merging. Pure. */
export function readBrief(text: string, catalog: Catalog): BriefReading {
  const work = fold(text);
  const scan: Scan = { text, work, tables: tablesFor(work), settings: [], recognized: [] };
  const fields: BriefFields = {};
  maskQuotes(scan);
  scan.recognized.length = 0;

  const model = readModel(scan, catalog);
  if (model) fields.modelId = model.id;

  const ratio = readNumericRatio(scan);
  const definition = readNumericDefinition(scan);
  const resolution = readResolution(scan);
  const seconds = readChineseMinutesSeconds(scan) ?? readDuration(scan);
  if (seconds !== undefined) fields.seconds = seconds;

  const audio = readAudio(scan);
  if (audio !== undefined) fields.audio = audio;

  const orientation =
    ratio ??
    readKeyed(scan, (lex) => lex.orientation, { setting: true, negatable: true }) ??
    readKeyed(scan, (lex) => lex.platforms, { setting: false, negatable: true });
  if (orientation) fields.orientation = orientation;

  const wordDefinition = readKeyed(scan, (lex) => lex.definitions, { setting: true, negatable: true });
  if (definition ?? wordDefinition) fields.definition = definition ?? wordDefinition;
  if (resolution) fields.resolution = resolution;

  const count = readCount(scan);
  if (count.count !== undefined) fields.count = count.count;

  const speed = readKeyed(scan, (lex) => lex.speed, { setting: false, negatable: false });
  if (speed) fields.speed = speed;
  const subject = readSubject(scan);
  if (subject) fields.subject = subject;
  if (has(scan, (lex) => lex.ad)) fields.ad = true;

  // A named model is the most specific statement of kind; then the first media noun; then a count of images.
  const kind = model?.kind ?? readKind(scan) ?? (count.image ? "image" : undefined);
  if (kind) fields.kind = kind;

  return { fields, settings: scan.settings, recognized: scan.recognized };
}

// ---------------------------------------------------------------------------------------------
// Stripping and merging

function extendSpan(text: string, [start, end]: [number, number]): [number, number] {
  let s = start;
  let e = end;
  for (const lex of TABLES) {
    const lead = lex.boundary ? `(?<![${lex.boundary}])` : "";
    const tail = lex.boundary ? `(?![${lex.boundary}])` : "";
    const before = regex(`${lead}(?:${alternation(lex.settingBefore)})\\s*$`).exec(fold(text.slice(0, s)));
    if (before) s = before.index;
    const after = regex(`^\\s*(?:${alternation(lex.settingAfter)})${tail}`).exec(fold(text.slice(e)));
    if (after) e += after[0].length;
  }
  return [s, e];
}

const SENTINEL = "\u0001";

/**
 * The message with its settings phrases taken out ("I need a 20 second vertical video of a cat
 * surfing" → "I need a video of a cat surfing"), for the provider's prompt.
 */
export function stripSettings(text: string, catalog: Catalog): string {
  const spans = readBrief(text, catalog).settings.map((s) => extendSpan(text, s)).sort((a, b) => a[0] - b[0]);
  let out = "";
  let at = 0;
  for (const [s, e] of spans) {
    if (s < at) { at = Math.max(at, e); continue; }
    out += text.slice(at, s) + SENTINEL;
    at = e;
  }
  out += text.slice(at);
  return out
    // "a 20s vertical ad" loses its settings: the article follows the word that now comes next.
    .replace(/(?<![\p{L}\p{N}])(a|an)[\s\u0001]*\u0001[\s\u0001]*(?=(\p{L}))/giu, (_all, article: string, next: string) => {
      const word = /[aeiou]/i.test(next) ? "an" : "a";
      return `${article.startsWith("A") ? word.replace("a", "A") : word} `;
    })
    // Where a phrase came out, a space stays between words of spaced scripts only.
    .replace(/[\s\u0001]*\u0001[\s\u0001]*/gu, (gap, offset: number, whole: string) => {
      const before = whole.slice(0, offset).slice(-1);
      const after = whole.slice(offset + gap.length, offset + gap.length + 1);
      const spaced = /[\p{Script=Latin}\p{N}]/u;
      return spaced.test(before) || spaced.test(after) ? " " : "";
    })
    .replace(/[ \t]+/g, " ")
    .replace(/ +([,.;:!?，。；：！？、])/g, "$1")
    .replace(/([,，、;；])(?:\s*[,，、;；])+/g, "$1")
    .replace(/^[\s,，、;；.。]+|[\s,，、;；]+$/g, "")
    .trim();
}

/** Whether a follow-up says something creative beyond the settings it names. */
function hasCreativeContent(text: string, reading: BriefReading): boolean {
  let rest = fold(text);
  for (const [s, e] of reading.recognized) rest = rest.slice(0, s) + " ".repeat(e - s) + rest.slice(e);
  for (const lex of TABLES) {
    const lead = lex.boundary ? `(?<![${lex.boundary}])` : "";
    const tail = lex.boundary ? `(?![${lex.boundary}])` : "";
    for (const list of [lex.fillers, lex.settingBefore, lex.settingAfter]) {
      rest = rest.replace(regex(`${lead}(?:${alternation(list)})${tail}`), " ");
    }
  }
  return /\p{L}/u.test(rest);
}

function defined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Reads `text` into a brief. With a `base` (the brief so far), it refines: the values the text
 * states override, the ones it does not mention are kept. A follow-up that adds creative words
 * ("make the cat orange") is appended to the prompt; one that only changes settings ("20s
 * vertical") leaves the prompt as it was. Kind defaults to video.
 */
export function parseBrief(text: string, catalog: Catalog, base?: Partial<Brief>): Brief {
  const reading = readBrief(text, catalog);
  const merged: BriefFields = { ...defined(base), ...defined(reading.fields) };
  delete (merged as Partial<Brief>).prompt;
  delete (merged as Partial<Brief>).referenceImages;

  const words = text.trim();
  const before = base?.prompt?.trim() ?? "";
  let prompt = words;
  if (before.length > 0) prompt = words.length > 0 && hasCreativeContent(text, reading) ? `${before}\n${words}` : before;

  const kind: MediaKind = merged.kind ?? "video";
  // A model kept from the base that cannot make the newly asked kind no longer applies.
  if (merged.modelId && !reading.fields.modelId) {
    const model = catalog.models.find((m) => m.id === merged.modelId);
    if (model && model.kind !== kind) delete merged.modelId;
  }
  return { ...merged, kind, prompt, referenceImages: base?.referenceImages ?? [] };
}
