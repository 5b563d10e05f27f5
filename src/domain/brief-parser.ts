/**
 * Reads a creator's message into brief fields: only what the words say, nothing guessed.
 *
 * The vocabulary lives in per-language tables (`LEXICON`); every table is applied to every message,
 * because a Chinese creator may well type "9:16" or "vertical". Adding a language means adding a
 * table. Patterns are regular-expression source matched case-insensitively with the `u` flag; a
 * literal space in a pattern matches any run of whitespace.
 *
 * Rules run from the most specific to the least (quoted text, model names, numeric settings, then
 * words), and every phrase a rule recognizes is masked so a later rule cannot read it again: "nano
 * banana 2 images" names a model, not a count of two.
 */
import type { Brief, Speed, Subject } from "./brief.ts";
import { ASPECT_RATIOS, type AspectRatio, type Catalog, type MediaKind, type ModelSpec } from "./catalog.ts";

export interface Lexicon {
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
  /** Words that belong to a setting phrase when it is stripped from the prompt ("in 4k", "20秒的"). */
  settingBefore: string[];
  settingAfter: string[];
  /** Words that carry no creative content in a follow-up ("make it", "改成"). */
  fillers: string[];
}

const EN_NUMBERS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60,
  seventy: 70, eighty: 80, ninety: 90,
};

const ZH_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

/** 十五 = 15, 二十 = 20, 一百二十 = 120. */
function chineseNumeral(written: string): number | undefined {
  let total = 0;
  let current = 0;
  for (const ch of written) {
    const digit = ZH_DIGITS[ch];
    if (digit !== undefined) current = digit;
    else if (ch === "十") { total += (current || 1) * 10; current = 0; }
    else if (ch === "百") { total += (current || 1) * 100; current = 0; }
    else return undefined;
  }
  return total + current;
}

const FORMAT_NOUNS = "(?:mode|orientation|format|video|videos|clip|clips|ratio|aspect|layout|version|screen|shot|image|images)";
const TURN_INTO = "(?:make|turn|switch|change|flip|rotate) (?:it |this |that )?(?:to |into )?";

export const LEXICON = {
  en: {
    boundary: "\\p{Script=Latin}\\p{N}_",
    numberWords: EN_NUMBERS,
    units: [
      ["seconds", 1], ["second", 1], ["secs", 1], ["sec", 1], ["s", 1],
      ["minutes", 60], ["minute", 60], ["mins", 60], ["min", 60],
    ],
    fixedDurations: {
      "half a minute": 30, "half-minute": 30, "half minute": 30,
      "a minute and a half": 90, "one and a half minutes": 90, "a minute": 60,
    },
    notDuration: (before, matched, after) =>
      // Decades and ages: "in her 20s", "the '90s", "80s style".
      /^\d*0s$/i.test(matched.replace(/\s/g, "")) &&
      (/(?:\b(?:her|his|their|my|your|our|the|early|mid|late)\s+|['’])$/i.test(before) ||
        /^[\s-]*(?:style|styled|vibes?|aesthetic|look|era|fashion|music|retro|vintage|nostalgia|kids?)\b/i.test(after)),
    imageNouns: [
      "images?(?![\\s-]*to[\\s-]*video)", "pictures?", "pics?", "photos?(?!-)", "photographs?",
      "posters?", "illustrations?", "wallpapers?", "artworks?", "drawings?", "thumbnails?", "headshots?",
    ],
    videoNouns: ["videos?", "clips?", "footage", "animations?", "short film"],
    referenceBefore: [
      "this", "these", "that", "those", "my", "the", "attached", "uploaded", "reference", "first", "last", "from",
    ],
    styleAfter: ["style", "styled", "look", "aesthetic", "vibe"],
    imageCountNouns: [
      "images?", "pictures?", "pics?", "photos?", "photographs?", "posters?", "illustrations?", "wallpapers?",
      "drawings?", "headshots?",
    ],
    variantNouns: ["variations?", "versions?", "options?"],
    orientation: {
      "9:16": [
        "vertical(?:ly)?", `portrait(?= ${FORMAT_NOUNS})`, "in portrait", `${TURN_INTO}portrait`,
        "^\\s*portrait(?=\\s*[.!]?\\s*$)",
      ],
      "16:9": [
        "horizontal(?:ly)?", "widescreen", "wide screen", `landscape(?= ${FORMAT_NOUNS})`, "in landscape",
        `${TURN_INTO}landscape`, "^\\s*landscape(?=\\s*[.!]?\\s*$)",
      ],
      "1:1": [
        `square(?= ${FORMAT_NOUNS}|[\\s-]*(?:crop|frame|post|posts|canvas|format))`,
        // "a town square", "on the square" are places; elsewhere "square" is the format.
        "(?<!\\b(?:town|times|city|public|village|market|red|the|a|an|on|in|at|main) )square(?! (?:meters?|feet|foot|miles?|kilometers?))",
      ],
      "21:9": ["ultra[\\s-]?wide", "cinemascope"],
    },
    platforms: {
      "9:16": [
        "tik[\\s-]?tok", "(?:instagram |ig )?reels?(?<!fishing reels?)", "youtube shorts", "(?:for|as|on) shorts",
        "shorts (?:video|format|clip)s?", "instagram stor(?:y|ies)", "snapchat",
      ],
      "16:9": ["youtube(?! shorts)"],
    },
    definitions: {
      "720p": ["(?<!full[\\s-]*)hd", "high[\\s-]definition"],
      "1080p": ["full[\\s-]?hd", "fhd", "full high[\\s-]definition"],
    },
    speed: {
      fast: [
        "quick preview", "previews?", "tests?", "testing", "test run", "drafts?",
        "rough (?:cut|draft|version|pass|preview|sketch|idea)", "iterat(?:e|ing|ion|ions)",
        "(?:fast|quick|cheap) (?:preview|version|draft|test|iteration|model|option|one|pass|look|try|mock-?up)",
        "fastest", "as fast as possible",
      ],
      quality: [
        "final(?! (?:scene|shot|frame|moment|seconds?|beat|part|segment|boss|act|chapter|image|word))",
        "high[\\s-]quality", "highest quality", "best quality", "top quality", "premium quality",
        "polished(?! (?:marble|wood|wooden|floors?|stone|metal|steel|silver|brass|concrete|shoes|nails|surface|table|granite))",
        "formal(?! (?:dress|wear|attire|suit|gown|outfit|event|dinner|party))",
        "production[\\s-](?:quality|ready|grade)", "hero version",
      ],
    },
    subject: {
      product: [
        "products?", "e-?commerce", "packshots?", "merch(?:andise)?", "(?:my|our) brand",
        "my (?:[\\p{L}-]+ ){0,2}(?:ad|advert|commercial|promo)", "(?:ad|advert|commercial|promo) for (?:my|our)",
      ],
      people: [
        "portraits? of", "persons?", "people", "wom[ae]n", "m[ae]n", "girls?", "boys?", "lady", "ladies",
        "guys?", "kids?", "child(?:ren)?", "couple(?! of)", "headshots?", "selfies?", "humans?",
        "(?:fashion|female|male|runway|human) models?", "models? (?:walking|posing|wearing|holding|sitting|standing|smiling|dancing)",
      ],
      illustration: [
        "illustrations?", "illustrated", "concept art", "anime", "cartoons?", "drawings?", "manga", "comics?",
        "hand[\\s-]drawn", "watercolou?rs?", "pixel art", "line art",
      ],
    },
    ad: ["ads?", "adverts?", "advertisements?", "advertising", "commercials?", "promos?", "promotional", "marketing (?:video|clip|spot)"],
    audio: {
      off: [
        "no (?:sound|audio|music|voice-?over|soundtrack|narration)", "without (?:any )?(?:sound|audio|music|voice-?over)",
        "silent(?! (?:film|movie|era))", "muted?", "sound off",
      ],
      on: [
        "with (?:[\\p{L}-]+ ){0,2}?(?:music|sounds?|audio|voice-?over|narration|soundtrack|sound effects|dialogue)",
        "add (?:some |a )?(?:music|sound|audio|voice-?over|narration|soundtrack)", "voice-?overs?", "narration",
        "narrator", "soundtrack", "background music", "sound effects", "sound on",
      ],
    },
    negations: ["not", "no", "instead of", "rather than", "without", "don't use", "do not use", "never"],
    settingBefore: ["in", "at", "for", "with", "using", "use", "via", "on", "of"],
    settingAfter: [
      "format", "orientation", "mode", "aspect ratio", "ratio", "resolution", "long", "model", "please",
    ],
    fillers: [
      "yes", "yeah", "ok", "okay", "sure", "please", "make", "it", "this", "that", "change", "switch", "turn",
      "to", "into", "use", "instead", "rather", "and", "but", "actually", "the", "a", "an", "video", "videos",
      "clip", "image", "images", "version", "one", "can", "could", "would", "you", "i", "want", "need", "let's",
      "lets", "now", "also", "then", "just", "same", "with", "so", "go", "do", "be", "is", "should", "in", "as",
      "of", "for", "more", "bit", "little",
    ],
  },
  zh: {
    numberWords: {},
    numeral: { pattern: "[零〇一二两三四五六七八九十百]+", value: chineseNumeral },
    units: [["秒钟", 1], ["秒鐘", 1], ["秒", 1], ["分钟", 60], ["分鐘", 60]],
    fixedDurations: {
      "半分钟": 30, "半分鐘": 30, "一分半钟": 90, "一分半": 90, "一分钟半": 90, "两分半钟": 150, "两分半": 150,
    },
    imageNouns: ["图片", "图像", "照片", "海报", "插画", "壁纸", "配图", "头像", "封面图", "(?<=[的张幅])图(?!生)", "[出做生画]图"],
    videoNouns: ["视频", "短片", "影片", "动画", "片子"],
    referenceBefore: ["这张", "那张", "这幅", "这个", "那个", "这些", "参考", "上传的", "我的"],
    styleAfter: ["风", "风格", "感", "质感"],
    imageCountNouns: ["张", "幅"],
    variantNouns: ["个版本", "种"],
    orientation: {
      "9:16": ["竖屏", "竖版", "竖的", "竖向", "竖构图", "竖幅", "竖着"],
      "16:9": ["横屏", "横版", "横的", "横向", "横构图", "横着", "宽屏"],
      "1:1": ["正方形", "(?<!长)方形", "方图"],
    },
    platforms: {
      "9:16": ["抖音", "快手", "视频号"],
      "16:9": ["[Bb]站", "哔哩哔哩"],
    },
    definitions: {
      "480p": ["标清"],
      "720p": ["(?<![0-9kKpP]\\s*)(?<!超|全)高清"],
      // UHD names 4K, beyond any video definition offered; it asks for the best there is.
      "1080p": ["全高清", "超清", "超高清", "蓝光"],
    },
    speed: {
      fast: ["快速(?=预览|测试|版|生成|出|迭代|看|试)", "预览", "测试", "草稿", "试试", "试一下", "小样", "粗略"],
      quality: ["正式", "高质量", "高品质", "高画质", "成片", "最终", "精品", "最好的效果", "最佳效果"],
    },
    subject: {
      product: ["产品", "商品", "电商", "带货"],
      people: ["人像", "人物", "真人", "模特", "女孩", "男孩", "女生", "男生", "女人", "男人", "美女", "帅哥", "小孩", "孩子"],
      illustration: ["插画", "概念图", "概念艺术", "动漫", "卡通", "漫画", "手绘", "二次元", "水彩"],
    },
    ad: ["广告", "宣传", "推广", "促销"],
    audio: {
      off: ["静音", "无声", "不要声音", "没有声音", "不带声音", "去掉声音", "不要音乐", "不要配乐", "不要配音", "无音乐"],
      on: ["有声音", "带声音", "有声", "配乐", "配音", "背景音乐", "音效", "旁白", "加音乐", "加上音乐", "带音乐"],
    },
    negations: ["不要", "而不是", "不是", "别用", "不用"],
    settingBefore: ["用", "使用", "改成", "换成"],
    settingAfter: ["的", "模型", "左右"],
    fillers: [
      "好的", "可以", "改成", "换成", "改为", "使用", "用", "吧", "的", "请", "视频", "图片", "要", "我要", "还是",
      "做成", "一个", "那就", "就", "也", "再", "了", "呢", "啊", "嗯", "帮我", "给我", "弄", "成", "换", "改", "是",
    ],
  },
} satisfies Record<string, Lexicon>;

export type LexiconLang = keyof typeof LEXICON;
const TABLES: Lexicon[] = Object.values(LEXICON);

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

function alternation(patterns: readonly string[]): string {
  return [...patterns]
    .sort((a, b) => literalLength(b) - literalLength(a))
    .map((p) => p.replace(/ /g, "\\s+"))
    .join("|");
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
  return TABLES.some((lex) => {
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

function namePattern(name: string): string | undefined {
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
  for (const lex of TABLES) {
    for (const m of matches(scan, phrases(lex, Object.keys(lex.fixedDurations)))) {
      const key = Object.keys(lex.fixedDurations).find((k) => regex(`^${k.replace(/ /g, "\\s+")}$`).test(m[0]));
      const seconds = key === undefined ? undefined : lex.fixedDurations[key];
      if (seconds === undefined) continue;
      hits.push({ start: m.index, end: m.index + m[0].length, seconds, minutes: seconds >= 60 });
      mask(scan, m.index, m.index + m[0].length, true);
    }
  }
  for (const lex of TABLES) {
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
  const n = LEXICON.zh.numeral.pattern;
  const m = matches(scan, regex(`(\\d+|${n})\\s*分\\s*(\\d+|${n})\\s*秒钟?`))[0];
  if (!m) return undefined;
  const minutes = numberValue(LEXICON.zh, m[1] ?? "");
  const seconds = numberValue(LEXICON.zh, m[2] ?? "");
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
  for (const lex of TABLES) {
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
  for (const lex of TABLES) {
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
  for (const lex of TABLES) {
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
  for (const lex of TABLES) {
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
  const scan: Scan = { text, work: fold(text), settings: [], recognized: [] };
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
