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
import { LANGUAGES } from "./languages.ts";
import { LEXICONS, type PromptLexicon } from "./lexicon/index.ts";

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


/** The languages that have descriptive vocabulary, in the order of `LANGUAGES`. */
const TABLES: PromptLexicon[] = LANGUAGES.flatMap((language) => LEXICONS[language].prompt ?? []);
const SPACED_STOP_WORDS = [...new Set(TABLES.flatMap((lex) => (lex.boundary ? lex.stopWords : [])))];

function alternation(patterns: readonly string[]): string {
  return [...patterns].sort((a, b) => b.length - a.length).map((p) => p.replace(/ \?/g, "\\s*").replace(/ /g, "\\s+")).join("|");
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
  // Every spaced language's stop words: the tables of one script all read the same message.
  const own = lex.boundary ? SPACED_STOP_WORDS : lex.stopWords;
  const stops = reach.joined ? own.filter((w) => w !== "and") : own;
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
  // Longest first; a phrase that overlaps one already kept ("anime style" / "style city") is dropped.
  found.sort((a, b) => b[1] - b[0] - (a[1] - a[0]) || a[0] - b[0]);
  const outer: Array<[number, number]> = [];
  for (const [s, e] of found) if (!outer.some(([s2, e2]) => s < e2 && s2 < e)) outer.push([s, e]);
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
  if (brief.kind !== "video" || brief.audio === false) return brief.audio === false && brief.kind === "video" ? "none, silent" : undefined;
  // "epic orchestral music" asks for sound even without "with".
  const asked = phrases(text, (lex) => lex.audio, { words: 2 });
  if (asked.length > 0) return asked.join(", ");
  return brief.audio === true ? "with sound" : undefined;
}

function join(items: string[]): string | undefined {
  return items.length > 0 ? items.join(", ") : undefined;
}

/** The request rendered in the template, one `Label: value` line per supported field. */
export function structurePrompt(brief: Brief, extra: PromptExtras = {}): string {
  const raw = brief.prompt.trim();
  const stripped = extra.stripped ?? (extra.catalog ? stripSettings(raw, extra.catalog) : raw);
  // A picture to animate with no words beyond the request: say what to do with it, not the request.
  const primary = stripped || (brief.animate && brief.referenceImages.length > 0 ? "animate the reference image" : raw);
  // The descriptive lines read the creator's words without the settings ("4k drone shot" is a drone shot).
  const text = stripped || raw;
  const seconds = extra.seconds ?? brief.seconds;
  const texts = quoted(raw);
  const sounds = phrases(text, (lex) => lex.audio, { words: 2 });
  const derived: Partial<Record<PromptLine, string>> = {
    useCase: useCase(brief),
    primary: primary.replace(/\s*\n+\s*/g, "; "),
    camera: join(phrases(text, (lex) => lex.camera, { words: 1 })),
    // A mood word inside a sound phrase ("epic music") describes the sound.
    lighting: join(phrases(text, (lex) => lex.lighting, { words: 2 }).filter((l) => !sounds.some((a) => a.includes(l)))),
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
