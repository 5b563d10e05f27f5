/**
 * The structured prompt sent to a provider (the Sora skill's "prompt augmentation" template).
 *
 * It only makes explicit what the creator's words already say: a line appears when the brief or the
 * prompt supports it, and its content is the creator's own phrase ("cozy morning light"), never an
 * invented requirement. Lines the dialogue established by other means come in through `extra.lines`.
 */
import type { Brief } from "./brief.ts";
import { QUOTED, stripSettings } from "./brief-parser.ts";
import type { Catalog } from "./catalog.ts";
import type { Shot } from "./storyboard.ts";

export type PromptLine =
  | "useCase" | "primary" | "scene" | "subject" | "action" | "camera" | "lighting" | "palette" | "style"
  | "timing" | "audio" | "text" | "constraints" | "avoid";

/** Template order and labels; the labels are the provider-facing template, not UI text. */
const LABELS: ReadonlyArray<readonly [PromptLine, string]> = [
  ["useCase", "Use case"],
  ["primary", "Primary request"],
  ["scene", "Scene/background"],
  ["subject", "Subject"],
  ["action", "Action"],
  ["camera", "Camera"],
  ["lighting", "Lighting/mood"],
  ["palette", "Color palette"],
  ["style", "Style/format"],
  ["timing", "Timing/beats"],
  ["audio", "Audio"],
  ["text", "Text (verbatim)"],
  ["constraints", "Constraints"],
  ["avoid", "Avoid"],
];

export interface PromptExtras {
  /** The catalog, so model names the creator typed ("with veo fast") leave the primary request. */
  catalog?: Catalog;
  /** The request with its settings already taken out, when the caller has it (saves a second parse). */
  stripped?: string;
  /** Length of this clip when it is one segment of a longer plan; defaults to the brief's seconds. */
  seconds?: number;
  /** Lines the dialogue established otherwise; each wins over the one derived from the brief. */
  lines?: Partial<Record<PromptLine, string>>;
  /** Added to the Constraints line (what one shot must keep from the others). */
  continuity?: string;
}

/**
 * Descriptive phrases per language, as regular-expression source (case-insensitive, `u` flag). A
 * match is kept as written; `modifiers` words before it ("cozy morning" light) come along unless
 * they are `stopWords`.
 */
interface PromptLexicon {
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

const PROMPT_LEXICON = {
  en: {
    boundary: "\\p{Script=Latin}\\p{N}_",
    camera: [
      "extreme close-?ups?", "close-?ups?", "wide shots?", "wide-angle", "wide angle", "medium shots?", "long shots?",
      "establishing shots?", "aerial(?: shots?| views?)?", "drone (?:shots?|footage)", "tracking shots?",
      "dolly(?: in| out| zoom)?", "(?:slow |quick |smooth |gentle )?zoom(?:s|ing)?(?: in| out)?",
      "(?:slow |smooth |gentle )?pan(?:s|ning)?(?= left| right| across| over| to)(?: left| right| across)?", "panning",
      "(?:slow |smooth |gentle )?orbit(?:s|ing)?", "(?:slow )?(?:push[- ]in|pull[- ]back)", "tilt(?:s|ing)? (?:up|down)",
      "hand-?held", "pov", "point of view", "first-person", "overhead(?: shots?)?", "top-down", "bird'?s[- ]eye(?: view)?",
      "low[- ]angle", "high[- ]angle", "macro", "\\d{2,3}\\s?mm(?! film)", "shallow depth of field", "bokeh",
      "static shot", "locked-off", "slow[- ]motion", "slow-mo", "time-?lapse", "crane shots?", "steadicam", "gimbal",
    ],
    lighting: [
      "golden hour", "blue hour", "sunset", "sunrise", "dusk", "dawn", "twilight", "neon(?: lights?| glow)?",
      "candle-?light", "candlelit", "moonlight", "moonlit", "sunlight", "sunlit", "daylight", "backlight", "backlit",
      "rim light", "lighting",
      "lights?(?! (?:blue|green|pink|purple|yellow|red|orange|brown|gr[ae]y|weight|breeze|rain|snow|touch|meal|snack|jacket|dress|fabric|colou?r|colou?red|years?|speed))",
      "(?:dimly |brightly |softly )?lit",
    ],
    palette: ["colou?r palette", "palette", "colou?r scheme", "colou?r grading", "tones", "colou?rs"],
    style: [
      "anime", "cartoon", "watercolou?r", "oil painting", "pixel art", "3d render", "3d animation", "claymation",
      "stop[- ]motion", "cinematic", "film grain", "\\d{2}\\s?mm film", "vhs", "documentary", "photo-?realistic",
      "hyper-?realistic", "realistic", "minimalist", "flat design", "isometric", "cyberpunk", "vintage", "retro",
      "noir", "comic(?: book)?", "concept art", "illustration", "hand-?drawn", "sketch", "line art", "low[- ]poly",
      "ugc",
    ],
    audio: [
      "music", "soundtrack", "voice-?over", "narration", "sound effects", "sounds", "ambience", "ambient sound",
      "dialogue",
    ],
    constraint: ["no", "without"],
    avoid: ["avoid", "don't show", "do not show", "don't include", "do not include"],
    stopWords: [
      "a", "an", "the", "at", "in", "on", "with", "and", "or", "of", "for", "under", "during", "by", "to", "my",
      "our", "your", "their", "his", "her", "into", "from", "is", "are", "while", "as", "it", "its", "this",
      "that", "some", "has", "have", "add", "want", "need", "like", "make",
    ],
    audioObjects: ["sound", "audio", "music", "voice-?over", "soundtrack", "narration"],
  },
  zh: {
    camera: [
      "特写", "近景", "中景", "远景", "全景", "航拍", "俯拍", "仰拍", "俯视", "跟拍", "推镜头", "拉镜头", "摇镜头",
      "环绕(?:镜头|拍摄)", "慢镜头", "慢动作", "延时(?:摄影)?", "广角", "第一人称", "手持", "固定镜头",
      "镜头(?:缓慢)?(?:推进|拉远|环绕|跟随)",
    ],
    lighting: [
      "灯光", "光线", "光影", "阳光", "月光", "烛光", "晨光", "逆光", "侧光", "柔光", "暖光", "冷光", "自然光", "顶光",
      "夕阳", "日落", "日出", "黄昏", "霓虹灯?", "黄金时刻", "余晖", "晨曦",
      "(?:温暖的|柔和的|明亮的|昏暗的|温馨的|清晨的|金色的)光",
    ],
    palette: ["色调", "配色", "色系"],
    style: [
      "动漫", "二次元", "卡通", "插画", "水彩", "油画", "像素风?", "超写实", "写实", "电影感", "电影质感", "胶片感?",
      "赛博朋克", "国风", "中国风", "水墨", "复古", "极简", "手绘", "纪录片",
    ],
    audio: ["背景音乐", "配乐", "配音", "音效", "旁白", "环境音", "音乐"],
    constraint: [],
    avoid: ["不要出现", "不要有", "不要", "避免", "别"],
    stopWords: ["在", "的", "是", "和", "用", "把", "有", "个", "只", "一", "要", "让", "里", "上", "下", "中"],
    audioObjects: ["声音", "音乐", "配乐", "配音", "了"],
  },
} satisfies Record<string, PromptLexicon>;

const TABLES: PromptLexicon[] = Object.values(PROMPT_LEXICON);

function alternation(patterns: readonly string[]): string {
  return [...patterns].sort((a, b) => b.length - a.length).map((p) => p.replace(/ /g, "\\s+")).join("|");
}

function bounded(lex: PromptLexicon, body: string): RegExp {
  const source = lex.boundary ? `(?<![${lex.boundary}])(?:${body})(?![${lex.boundary}])` : `(?:${body})`;
  return new RegExp(source, "giu");
}

interface Reach {
  /** Modifier words (or characters, unspaced) a phrase may take from its left. */
  words: number;
  /** Whether "and" may join modifiers ("teal and orange palette"). */
  joined?: boolean;
}

/** Extends a match leftwards over modifier words, stopping at stop words and punctuation. */
function withModifiers(lex: PromptLexicon, text: string, start: number, reach: Reach): number {
  const before = text.slice(0, start);
  const stops = reach.joined ? lex.stopWords.filter((w) => w !== "and") : lex.stopWords;
  const stop = new RegExp(`^(?:${alternation(stops)})$`, "iu");
  if (lex.boundary) {
    // Letters joined by a hyphen belong to the phrase ("candle-lit", "neon-lit").
    const attached = /[\p{L}\p{N}-]*-$/u.exec(before);
    let s = attached ? attached.index : start;
    for (let i = 0; i < reach.words; i++) {
      const m = /([\p{L}\p{N}'\/-]+)\s+$/u.exec(text.slice(0, s));
      if (!m || stop.test(m[1]!)) break;
      s = m.index;
    }
    return s;
  }
  let s = start;
  for (let i = 0; i < reach.words + 1; i++) {
    const ch = text.slice(0, s).slice(-1);
    if (!/\p{Script=Han}/u.test(ch) || stop.test(ch)) break;
    s -= 1;
  }
  return s;
}

/** Every phrase of the kind the prompt names, as written, in order; one inside another counts once. */
function phrases(text: string, pick: (lex: PromptLexicon) => string[], reach: Reach = { words: 0 }): string[] {
  const found: Array<[number, number]> = [];
  for (const lex of TABLES) {
    const patterns = pick(lex);
    if (patterns.length === 0) continue;
    for (const m of text.matchAll(bounded(lex, alternation(patterns)))) {
      const start = reach.words > 0 ? withModifiers(lex, text, m.index, reach) : m.index;
      found.push([start, m.index + m[0].length]);
    }
  }
  const outer = found.filter(([s, e], i) =>
    !found.some(([s2, e2], j) => j !== i && s2 <= s && e <= e2 && (e2 - s2 > e - s || j < i)),
  );
  outer.sort((a, b) => a[0] - b[0]);
  return [...new Set(outer.map(([s, e]) => text.slice(s, e).trim()))];
}

/** "no logos", "without text"; in Chinese "不要文字" is read as something to avoid. Audio refusals excluded. */
function negatives(text: string, pick: (lex: PromptLexicon) => string[], keepTrigger: boolean): string[] {
  const out: string[] = [];
  for (const lex of TABLES) {
    const triggers = pick(lex);
    if (triggers.length === 0) continue;
    const audio = new RegExp(`^(?:any |the |a )?(?:${alternation(lex.audioObjects)})`, "iu");
    const object = lex.boundary
      ? "((?:[\\p{L}\\p{N}'-]+)(?:\\s+[\\p{L}\\p{N}'-]+){0,3}?)(?=\\s*(?:[,.;!?]|$|\\s(?:and|or|but|with|in|on)\\b))"
      : "([\\p{Script=Han}A-Za-z0-9]{1,8})";
    const lead = lex.boundary ? `(?<![${lex.boundary}])` : "";
    const tail = lex.boundary ? `(?![${lex.boundary}])` : "";
    const re = new RegExp(`${lead}(${alternation(triggers)})${tail}\\s*${object}`, "giu");
    for (const m of text.matchAll(re)) {
      const what = m[2] ?? "";
      if (audio.test(what)) continue;
      out.push(keepTrigger ? `${m[1]} ${what}`.replace(/\s+/g, " ") : what);
    }
  }
  return out;
}

function quoted(text: string): string[] {
  return [...text.matchAll(new RegExp(QUOTED, "gu"))].map((m) => m[0].slice(1, -1).trim()).filter(Boolean);
}

function useCase(brief: Brief): string | undefined {
  const social = brief.orientation === "9:16";
  if (brief.ad) {
    if (brief.subject === "product") return social ? "social product ad" : "product ad";
    return social ? "social ad" : "ad";
  }
  if (brief.subject === "product") return brief.kind === "image" ? "product image" : "product video";
  return undefined;
}

function audioLine(brief: Brief, text: string): string | undefined {
  if (brief.kind !== "video" || brief.audio === undefined) return undefined;
  if (brief.audio === false) return "none, silent";
  const asked = phrases(text, (lex) => lex.audio, { words: 2 });
  return asked.length > 0 ? asked.join(", ") : "with sound";
}

function join(items: string[]): string | undefined {
  return items.length > 0 ? items.join(", ") : undefined;
}

/** The request rendered in the template, one `Label: value` line per supported field. */
export function structurePrompt(brief: Brief, extra: PromptExtras = {}): string {
  const text = brief.prompt.trim();
  const primary = (extra.stripped ?? (extra.catalog ? stripSettings(text, extra.catalog) : text)) || text;
  const seconds = extra.seconds ?? brief.seconds;
  const texts = quoted(text);
  const derived: Partial<Record<PromptLine, string>> = {
    useCase: useCase(brief),
    primary: primary.replace(/\s*\n+\s*/g, "; "),
    camera: join(phrases(text, (lex) => lex.camera, { words: 1 })),
    lighting: join(phrases(text, (lex) => lex.lighting, { words: 2 })),
    palette: join(phrases(text, (lex) => lex.palette, { words: 3, joined: true })),
    style: join(phrases(text, (lex) => lex.style)),
    timing: brief.kind === "video" && seconds !== undefined ? `${seconds} seconds` : undefined,
    audio: audioLine(brief, text),
    text: texts.length > 0 ? texts.map((t) => `"${t}"`).join("; ") : undefined,
    constraints: join([...negatives(text, (lex) => lex.constraint, true), ...(extra.continuity ? [extra.continuity] : [])]),
    avoid: join(negatives(text, (lex) => lex.avoid, false)),
  };
  const lines = { ...derived, ...extra.lines };
  return LABELS.flatMap(([key, label]) => {
    const value = lines[key]?.trim();
    return value ? [`${label}: ${value}`] : [];
  }).join("\n");
}

/**
 * The prompt of one shot of a storyboard: its own beat as the primary request and only its own
 * timing, with everything the shots share (subject and setting as the creator wrote them, camera
 * language, lighting, palette, style, audio, constraints) derived from the whole request, so the
 * separately generated clips cut together as one video.
 */
export function shotPrompt(brief: Brief, board: { context: string; shots: readonly Shot[] }, index: number, extra: Omit<PromptExtras, "seconds" | "lines" | "continuity"> = {}): string {
  const shot = board.shots[index];
  if (!shot) throw new RangeError(`no shot ${index + 1} in a board of ${board.shots.length}`);
  const previous = board.shots[index - 1];
  const keep = "same subject, setting, style, lighting, colour palette and camera language as the other shots of this video";
  const continuity = previous
    ? `${keep}; picks up exactly where the previous shot ended (${previous.beat})`
    : `${keep}; this is the first shot, ending where the next one can pick up`;
  return structurePrompt(brief, {
    ...extra,
    seconds: shot.seconds,
    lines: {
      primary: shot.beat,
      ...(shot.role === "beat" && board.context ? { scene: board.context } : {}),
    },
    continuity,
  });
}

/**
 * The prompt of one segment of a multi-segment plan made before plans carried shots: the shared
 * prompt plus a continuity line. `index` is 0-based; a single-segment plan is unchanged.
 */
export function segmentPrompt(base: string, index: number, total: number): string {
  if (total <= 1) return base;
  const part = `Part ${index + 1} of ${total}`;
  const continuity = index === 0
    ? `${part}: the opening of one continuous scene; later parts continue it with the same subject and style.`
    : `${part}: continue the same scene, same subject and style.`;
  return `${base}\n${continuity}`;
}
