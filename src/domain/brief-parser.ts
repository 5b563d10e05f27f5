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
import { builtInCatalog } from "./builtin-catalog.ts";
import { LEXICONS, type BriefLexicon, type ModelVariant } from "./lexicon/index.ts";

/** One language's parser vocabulary; each language's lives in `lexicon/<code>.ts`. */
export type Lexicon = BriefLexicon;

/** The parser's tables by language, in the order of `LANGUAGES`. */
export const LEXICON: Readonly<Record<Language, Lexicon>> = Object.fromEntries(
  LANGUAGES.map((language) => [language, LEXICONS[language].brief]),
) as Record<Language, Lexicon>;

const TABLES: Lexicon[] = LANGUAGES.map((language) => LEXICON[language]);

/**
 * Scripts, to skip tables that cannot match: a message in Chinese needs no Latin-language table,
 * and running all of them on every message was most of the parser's time.
 */
const SCRIPTS: readonly RegExp[] = [
  /\p{Script=Latin}/u,
  /\p{Script=Han}/u,
  /[\p{Script=Hiragana}\p{Script=Katakana}]/u,
  /\p{Script=Hangul}/u,
  /\p{Script=Cyrillic}/u,
  /\p{Script=Arabic}/u,
  /\p{Script=Devanagari}/u,
  /\p{Script=Thai}/u,
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

// Worked out on first use: reading every phrase of every table takes tens of milliseconds, which
// every start would otherwise pay before the bot is ready.
let tableScriptsByLexicon: Map<Lexicon, Set<number> | undefined> | undefined;

function tablesFor(text: string): Lexicon[] {
  const present = scriptsIn(text);
  tableScriptsByLexicon ??= new Map(TABLES.map((lex) => [lex, tableScripts(lex)] as const));
  const byLexicon = tableScriptsByLexicon;
  return TABLES.filter((lex) => {
    const scripts = byLexicon.get(lex);
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

/**
 * Full-width ASCII (９：１６, ，) folded to ASCII, and the digits of other scripts (Arabic-Indic ٢٠,
 * Persian ۲۰, Devanagari २०, Thai ๒๐) to ASCII digits, one code unit for one, so offsets stay valid and
 * every numeric rule ("۱:۱", "۴K", "๒๐ วินาที") reads them.
 */
function fold(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E\u3000]/g, (c) => (c === "\u3000" ? " " : String.fromCharCode(c.charCodeAt(0) - 0xfee0)))
    .replace(/[\u0660-\u0669\u06F0-\u06F9\u0966-\u096F\u0E50-\u0E59]/g, (c) => {
      const code = c.charCodeAt(0);
      const zero = code >= 0x0e50 ? 0x0e50 : code >= 0x0966 ? 0x0966 : code >= 0x06f0 ? 0x06f0 : 0x0660;
      return String(code - zero);
    });
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
      // "a ?b" is an optional space; any other space is any run of whitespace.
      .map((p) => p.replace(/ \?/g, "\\s*").replace(/ /g, "\\s+"))
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

// A table's own lists keep their compiled pattern, so a message costs no string building or hashing.
const phrasePatterns = new Map<Lexicon, WeakMap<readonly string[], RegExp>>();

function phrases(lex: Lexicon, patterns: readonly string[]): RegExp | undefined {
  if (patterns.length === 0) return undefined;
  let own = phrasePatterns.get(lex);
  if (!own) phrasePatterns.set(lex, (own = new WeakMap()));
  let re = own.get(patterns);
  if (!re) own.set(patterns, (re = regex(bounded(lex, alternation(patterns)))));
  re.lastIndex = 0;
  return re;
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

/** Whether a word after a setting negates it, in languages that put the negation last ("vertikal emas", "عمودی نه"). */
function negatedAfter(scan: Scan, end: number): boolean {
  const after = scan.work.slice(end, end + 24);
  return scan.tables.some((lex) => {
    if (!lex.negationsAfter?.length) return false;
    const tail = lex.boundary ? `(?![${lex.boundary}])` : "";
    return regex(`^\\s*(?:${alternation(lex.negationsAfter)})${tail}`).test(after);
  });
}

const numberSources = new Map<Lexicon, string>();

function numberSource(lex: Lexicon): string {
  let source = numberSources.get(lex);
  if (source === undefined) numberSources.set(lex, (source = buildNumberSource(lex)));
  return source;
}

function buildNumberSource(lex: Lexicon): string {
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

interface ModelHit {
  start: number;
  end: number;
  model: ModelSpec;
}

function modelHits(scan: Scan, catalog: Catalog): ModelHit[] {
  const hits: ModelHit[] = [];
  for (const model of catalog.models) {
    for (const name of new Set([model.id, model.label, ...model.aliases])) {
      const source = namePattern(name);
      if (!source) continue;
      for (const m of matches(scan, regex(source))) hits.push({ start: m.index, end: m.index + m[0].length, model });
    }
  }
  return hits;
}

/** The words a model's names are made of ("seedance", "2", "fast"), lower case. */
function nameTokens(model: ModelSpec): Set<string> {
  const tokens = new Set<string>();
  for (const name of [model.id, model.label, ...model.aliases]) {
    for (const t of name.toLowerCase().split(/[\s_.-]+|(?<=\p{L})(?=\d)|(?<=\d)(?=\p{L})/u)) if (t) tokens.add(t);
  }
  return tokens;
}

/** Nouns that make a word next to a model name its variant ("the fast version", "versión rápida"). */
const VERSION_WORDS = "(?:versions?|versi[oó]n|versão|versao|versiyon\\p{L}*|верси\\p{L}*|versi|phiên bản|bản|models?|modelo|modell|модел\\p{L}*|one|mode|modo|variant\\p{L}*|edition|tier)(?![\\p{L}])";

/**
 * A variant word near a named model ("fast seedance version", "veo, the fast one", "即梦专业版") picks
 * the catalog's model of the same family with that variant in its name, when there is one.
 */
function readVariant(scan: Scan, catalog: Catalog, hit: ModelHit): ModelSpec | undefined {
  const family = fold(scan.text.slice(hit.start, hit.end)).toLowerCase().match(/\p{L}+/u)?.[0];
  if (!family) return undefined;
  const own = nameTokens(hit.model);
  for (const lex of scan.tables) {
    for (const [variant, words] of Object.entries(lex.variants ?? {}) as Array<[ModelVariant, string[]]>) {
      if (own.has(variant)) continue;
      const word = lex.boundary ? `(?<![${lex.boundary}])(?:${alternation(words)})(?![${lex.boundary}])` : `(?:${alternation(words)})`;
      // Up to three words after the name, ending the phrase or naming a version ("seedance but the fast
      // one", "seedance, fast, 10s"), so "seedance with a fast camera pan" keeps Seedance; or just before it.
      const gap = lex.boundary ? "(?:[\\s,]+[\\p{L}\\d.]+){0,3}?[\\s,]+" : "[^，。,.!?！？]{0,4}?";
      const end = lex.boundary ? `(?=\\s*(?:[,.;:!?)(]|$|${VERSION_WORDS}))` : "";
      const after = regex(`^${gap}(${word})${end}`).exec(scan.work.slice(hit.end, hit.end + 40));
      const beforeText = scan.work.slice(Math.max(0, hit.start - 30), hit.start);
      const before = regex(`(${word})${lex.boundary ? "(?:[\\s,]+[\\p{L}\\d.]+){0,1}?[\\s,]+" : "\\s*"}$`).exec(beforeText);
      // The words between the name and the variant go too ("veo, the fast one", "seedance versión rápida").
      const found = after
        ? { start: hit.end, end: hit.end + after[0].length }
        : before
          ? { start: hit.start - beforeText.length + before.index, end: hit.start }
          : undefined;
      if (!found || negated(scan, found.start)) continue;
      const candidate = catalog.models.find((m) => {
        if (m === hit.model || m.kind !== hit.model.kind) return false;
        const tokens = nameTokens(m);
        return tokens.has(family) && tokens.has(variant);
      });
      if (!candidate) continue;
      const version = regex(`^\\s*${VERSION_WORDS}`).exec(scan.work.slice(found.end));
      const through = version ? found.end + version[0].length : found.end;
      mask(scan, found.start, through, true);
      return candidate;
    }
  }
  return undefined;
}

function readModel(scan: Scan, catalog: Catalog): ModelSpec | undefined {
  const hits = modelHits(scan, catalog);
  // Longest first, so "veo fast" beats "veo"; among equals the earliest.
  hits.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  let chosen: ModelHit | undefined;
  const taken: Array<[number, number]> = [];
  for (const hit of hits) {
    if (taken.some(([s, e]) => hit.start < e && s < hit.end)) continue;
    if (negated(scan, hit.start)) continue;
    taken.push([hit.start, hit.end]);
    chosen ??= hit;
  }
  for (const [s, e] of taken) mask(scan, s, e, true);
  if (!chosen) return undefined;
  return readVariant(scan, catalog, chosen) ?? chosen.model;
}

const unoffered = new WeakMap<Catalog, Catalog>();

/** The built-in models this catalog does not offer, worked out once per catalog. */
function notOffered(catalog: Catalog): Catalog {
  let rest = unoffered.get(catalog);
  if (!rest) {
    const offered = new Set(catalog.models.map((m) => m.id));
    rest = { models: builtInCatalog.models.filter((m) => !offered.has(m.id)) };
    unoffered.set(catalog, rest);
  }
  return rest;
}

/**
 * A model the creator named that this deployment does not offer ("用即梦…" without Jimeng): its label,
 * so the dialogue says so instead of silently using another. Known names come from the built-in catalog.
 */
function readUnavailableModel(scan: Scan, catalog: Catalog): string | undefined {
  // Short Latin names are everyday words too ("a wan smile", "veo" in Spanish); those need a version.
  const distinctive = (h: ModelHit) => !/^[\p{Script=Latin}]{1,3}$/u.test(scan.text.slice(h.start, h.end).trim());
  const hits = modelHits(scan, notOffered(catalog)).filter((h) => distinctive(h) && !negated(scan, h.start));
  hits.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const hit = hits[0];
  if (!hit) return undefined;
  mask(scan, hit.start, hit.end, true);
  return hit.model.label;
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
  for (const m of matches(scan, regex("(?<![\\d.])(\\d{1,4})\\s*[:x×*]\\s*(\\d{1,4})(?!\\d|\\.\\d|\\s*(?:mm|cm|m|ft)\\b)"))) {
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

/** "1080p", "2160p", with a Latin or a Cyrillic p ("1080р"). */
function readNumericDefinition(scan: Scan): string | undefined {
  let found: string | undefined;
  for (const m of matches(scan, regex("(?<![\\p{Script=Latin}\\p{Script=Cyrillic}\\d])(480|720|1080|1440|2160)\\s*[pр](?![\\p{Script=Latin}\\p{Script=Cyrillic}\\d])"))) {
    if (negated(scan, m.index)) continue;
    found ??= `${m[1]}p`;
    mask(scan, m.index, m.index + m[0].length, true);
  }
  return found;
}

/** The definition a video takes for a resolution word: "4K" asks for 2160p, "2K" for 1440p. */
const K_DEFINITION: Record<string, string> = { "2K": "1440p", "4K": "2160p" };

/** "4K", "2k", "4 K", and the Cyrillic "4К" ("в 4К"). */
function readResolution(scan: Scan): string | undefined {
  let found: string | undefined;
  for (const m of matches(scan, regex("(?<![\\p{Script=Latin}\\p{Script=Cyrillic}\\d])([124])\\s?[kк](?![\\p{Script=Latin}\\p{Script=Cyrillic}\\d])"))) {
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
        if (options.negatable && (negated(scan, m.index) || negatedAfter(scan, m.index + m[0].length))) continue;
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
      // Only the number goes: "3 images of a cafe" still asks for images of a cafe. A classifier goes
      // with its number ("3张", "3枚"), or "生成3张猫的图片" would leave "生成张猫的图片".
      const counted = lex.boundary
        ? `${lead}(${number})(?=${gap}(?:${alternation(nouns)})${tail})`
        : `(${number})${gap}(?:${alternation(nouns)})`;
      for (const m of matches(scan, regex(counted))) {
        const value = numberValue(lex, m[1] ?? "");
        if (value === undefined || !Number.isInteger(value) || value < 1 || value > 20) continue;
        if (result.count === undefined) result = { count: value, image };
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
        // "estilo fotografia de comida" is a style, as "poster style" is.
        if (regex(`${refLead}(?:${alternation(lex.styleAfter)})\\s*$`).test(before)) continue;
        if (regex(`^${style}`).test(after)) continue;
        hits.push({ start: m.index, kind });
      }
    }
  }
  hits.sort((a, b) => a.start - b.start);
  return hits[0]?.kind;
}

/**
 * Whether any table's phrase occurs. `content`: the words are creative content, not a setting.
 * `setting`: the phrase is masked and leaves the prompt.
 */
function has(scan: Scan, pick: (lex: Lexicon) => string[], content = false, setting = false): boolean {
  if (setting) return maskLongest(scan, pick) > 0;
  let found = false;
  for (const lex of scan.tables) {
    for (const m of matches(scan, phrases(lex, pick(lex)))) {
      found = true;
      if (!content) scan.recognized.push([m.index, m.index + m[0].length]);
    }
  }
  return found;
}

/** "high quality": leaves the prompt like a setting but stays readable, since it also asks for the quality tier. */
function readSharpness(scan: Scan): boolean {
  let found = false;
  for (const lex of scan.tables) {
    for (const m of matches(scan, phrases(lex, lex.sharpness ?? []))) {
      if (negated(scan, m.index)) continue;
      found = true;
      scan.settings.push([m.index, m.index + m[0].length]);
    }
  }
  return found;
}

/**
 * Masks every table's phrases as settings, the longest first where tables overlap ("anima essa
 * foto" is Portuguese whole, not Spanish "anima" and a leftover "essa foto"). Returns how many.
 */
function maskLongest(scan: Scan, pick: (lex: Lexicon) => string[]): number {
  const hits: Array<[number, number]> = [];
  for (const lex of scan.tables) {
    for (const m of matches(scan, phrases(lex, pick(lex)))) {
      if (!negated(scan, m.index)) hits.push([m.index, m.index + m[0].length]);
    }
  }
  hits.sort((a, b) => b[1] - b[0] - (a[1] - a[0]) || a[0] - b[0]);
  const kept: Array<[number, number]> = [];
  for (const [s, e] of hits) if (!kept.some(([s2, e2]) => s < e2 && s2 < e)) kept.push([s, e]);
  for (const [s, e] of kept) mask(scan, s, e, true);
  return kept.length;
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
  else {
    const unavailable = readUnavailableModel(scan, catalog);
    if (unavailable) fields.unavailableModel = unavailable;
  }

  const ratio = readNumericRatio(scan);
  const definition = readNumericDefinition(scan);
  const resolution = readResolution(scan);
  const seconds = readChineseMinutesSeconds(scan) ?? readDuration(scan);
  if (seconds !== undefined) fields.seconds = seconds;

  const audio = readAudio(scan);
  if (audio !== undefined) fields.audio = audio;

  // Read both, so a platform word leaves the prompt even when an explicit shape, which wins, is there.
  const shape = readKeyed(scan, (lex) => lex.orientation, { setting: true, negatable: true });
  const platform = readKeyed(scan, (lex) => lex.platforms, { setting: true, negatable: true });
  const orientation = ratio ?? shape ?? platform;
  if (orientation) fields.orientation = orientation;

  const wordDefinition = readKeyed(scan, (lex) => lex.definitions, { setting: true, negatable: true });
  const sharp = readSharpness(scan);
  const asked = definition ?? wordDefinition ?? (resolution ? K_DEFINITION[resolution] : undefined) ?? (sharp ? "best" : undefined);
  if (asked) fields.definition = asked;
  if (resolution) fields.resolution = resolution;

  const count = readCount(scan);
  if (count.count !== undefined) fields.count = count.count;

  const speed = readKeyed(scan, (lex) => lex.speed, { setting: false, negatable: false });
  if (speed) fields.speed = speed;
  const subject = readSubject(scan);
  if (subject) fields.subject = subject;
  if (has(scan, (lex) => lex.ad)) fields.ad = true;

  // A named model is the most specific statement of kind; then image-to-video wording ("animate this
  // photo", which names a photo but asks for a video); then the first media noun; then a count of images.
  const animate = model?.kind !== "image" && has(scan, (lex) => lex.animate ?? [], false, true);
  if (animate) fields.animate = true;
  const kind = model?.kind ?? (animate ? "video" : undefined) ?? readKind(scan) ?? (count.image ? "image" : undefined);
  if (kind) fields.kind = kind;

  return { fields, settings: scan.settings, recognized: scan.recognized };
}

// ---------------------------------------------------------------------------------------------
// Stripping and merging

function extendSpan(text: string, [start, end]: [number, number], tables: Lexicon[]): [number, number] {
  let s = start;
  let e = end;
  for (const lex of tables) {
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
  return cleanText(withoutSettings(text, catalog));
}

/** Letters of scripts written with spaces between words (all but Chinese and Japanese). */
// Devanagari words end in vowel signs (the ा of कृपया), which are marks, not letters.
const SPACED = /[\p{L}\p{M}\p{N}]/u;
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** The text with each settings phrase replaced by a sentinel, articles mended, gaps joined. */
function withoutSettings(text: string, catalog: Catalog): string {
  const tables = tablesFor(fold(text));
  const spans = readBrief(text, catalog).settings.map((s) => extendSpan(text, s, tables)).sort((a, b) => a[0] - b[0]);
  let out = "";
  let at = 0;
  for (const [s, e] of spans) {
    if (s < at) { at = Math.max(at, e); continue; }
    out += text.slice(at, s) + SENTINEL;
    at = e;
  }
  out += text.slice(at);
  return out
    // "gimme a tiktok of a cat": the platform was the noun; "a … of" goes with it.
    .replace(/(?<![\p{L}\p{N}])(?:a|an)[\s\u0001]*\u0001[\s\u0001]*of\s+/giu, "")
    // "a 20s vertical ad" loses its settings: the article follows the word that now comes next.
    .replace(/(?<![\p{L}\p{N}])(a|an)[\s\u0001]*\u0001[\s\u0001]*(?=(\p{L}))/giu, (_all, article: string, next: string) => {
      const word = /[aeiou]/i.test(next) ? "an" : "a";
      return `${article.startsWith("A") ? word.replace("a", "A") : word} `;
    })
    // Where a phrase came out, a space stays unless both neighbours are Chinese or Japanese.
    // A dash that stood between two phrases that came out goes with them.
    .replace(/(?:[\s\u0001]|(?<=[\s\u0001])[-–—]+(?=[\s\u0001]|$))*\u0001(?:[\s\u0001]|(?<=[\s\u0001])[-–—]+(?=[\s\u0001]|$))*/gu, (gap, offset: number, whole: string) => {
      const before = whole.slice(0, offset).slice(-1);
      const after = whole.slice(offset + gap.length, offset + gap.length + 1);
      const spaced = (c: string) => SPACED.test(c) && !UNSPACED.test(c);
      return spaced(before) || spaced(after) || (SPACED.test(before) && SPACED.test(after) && /\s/.test(gap)) ? " " : "";
    });
}

/** Sentence and clause marks, Latin and CJK. */
const STOPS = "[.!?。！？؟]";
const MARKS = "[,.;:!?，。；：！？、…،؛؟]";

/** Requests to the bot, filler and politeness taken out, and the punctuation they leave mended. */
function cleanText(text: string): string {
  let out = text;
  const tables = tablesFor(fold(text));
  for (let pass = 0; pass < 3; pass++) {
    const before = out;
    for (const lex of tables) out = withoutRequests(lex, out);
    if (out === before) break;
  }
  return tidy(out);
}

const requestPatterns = new Map<Lexicon, { start?: RegExp; end?: RegExp; polite?: RegExp }>();

function requestsOf(lex: Lexicon): { start?: RegExp; end?: RegExp; polite?: RegExp } {
  let found = requestPatterns.get(lex);
  if (!found) {
    const lead = lex.boundary ? `(?<![${lex.boundary}'’])` : "";
    const tail = lex.boundary ? `(?![${lex.boundary}'’])` : "";
    // At the start of the message or of a sentence, one or several in a row, with their commas.
    const opening = `(?<=^[\\s${MARKS.slice(1, -1)}]*|${STOPS}\\s*|\\n\\s*)`;
    const closing = `(?=[\\s${MARKS.slice(1, -1)}]*(?:$|\\n))`;
    found = {
      ...(lex.requests?.length
        ? { start: new RegExp(`${opening}(?:${lead}(?:${alternation(lex.requests)})${tail}[\\s,，、:：]*)+`, "giu") }
        : {}),
      ...(lex.requestEnds?.length
        ? { end: new RegExp(`[\\s,，、]*${lead}(?:${alternation(lex.requestEnds)})${tail}${closing}`, "giu") }
        : {}),
      ...(lex.politeness?.length
        ? { polite: new RegExp(`[\\s,，、]*${lead}(?:${alternation(lex.politeness)})${tail}(?=[\\s${MARKS.slice(1, -1)}]|$)`, "giu") }
        : {}),
    };
    requestPatterns.set(lex, found);
  }
  return found;
}

function withoutRequests(lex: Lexicon, text: string): string {
  const { start, end, polite } = requestsOf(lex);
  let out = text;
  if (start) out = out.replace(start, "");
  if (polite) out = out.replace(polite, "");
  if (end) out = out.replace(end, "");
  return out;
}

/** No punctuation runs, none at the start, only a full stop at the end. */
/** A dash standing between spaces or marks separates, like a comma. */
const LONE_DASH = /(?<=^|[\s,.;:!?，。；：！？、…،؛؟])[-–—]+(?=$|[\s,.;:!?，。；：！？、…،؛؟])/gu;

function tidy(text: string): string {
  return text
    // Dashes that lost what they separated go; two in a row become one.
    .replace(/(?<=^|[\s])[-–—]+(?:\s+[-–—]+)+(?=\s|$)/gu, "-")
    .replace(new RegExp(`(?:${MARKS}\\s*)[-–—]+(?=\\s|$)|(?<=^|\\s)[-–—]+(?=\\s*${MARKS})`, "gu"), (m) => m.replace(/[-–—]+/gu, ""))
    .replace(/^\s*[-–—]+\s*|\s*[-–—]+\s*$/gu, "")
    .replace(/[ \t]+/g, " ")
    .replace(/ +([,.;:!?，。；：！？、…،؛؟])/g, "$1")
    // A run of marks with nothing between them keeps its strongest: a full stop over a comma.
    .replace(new RegExp(`${MARKS}(?:\\s*${MARKS})+`, "gu"), (run) => {
      const marks = run.replace(/\s+/g, "");
      const stop = [...marks].find((c) => /[.!?。！？؟]/u.test(c));
      const first = marks[0]!;
      const chosen = stop ?? first;
      return /[。！？，、；：]/u.test(chosen) ? chosen : `${chosen} `;
    })
    .replace(/^[\s,，、;；:：.。!！?？…،؛؟-]+/u, "")
    .replace(/[\s,，、;；:：،؛-]+$/u, "")
    .replace(/[ \t]+/g, " ")
    .replace(/ +\n|\n +/g, "\n")
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

  // A model named now settles which one; one named earlier that was not offered no longer applies.
  if (reading.fields.modelId) delete merged.unavailableModel;
  const kind: MediaKind = merged.kind ?? "video";
  // A model kept from the base that cannot make the newly asked kind no longer applies.
  if (merged.modelId && !reading.fields.modelId) {
    const model = catalog.models.find((m) => m.id === merged.modelId);
    if (model && model.kind !== kind) delete merged.modelId;
  }
  return { ...merged, kind, prompt, referenceImages: base?.referenceImages ?? [] };
}
