/**
 * Storyboards: a multi-clip plan told as a list of shots, one beat of the idea each, in order.
 *
 * The beats are the creator's own when they wrote them ("first …, then …, finally …", numbered
 * lines, "scene 1: …", in every supported language); otherwise the idea is told as an opening, a
 * development and an ending. Plain text in, plain data out: no I/O.
 */

/** Where a shot's beat comes from: the creator's words, or a part of the arc drawn from the idea. */
export type ShotRole = "beat" | "opening" | "build" | "turn" | "rise" | "peak" | "ending";

/** The middle of a drawn arc, in story order; fewer middle shots take an even pick of them. */
const MIDDLE: readonly ShotRole[] = ["build", "turn", "rise", "peak"];

export interface Shot {
  seconds: number;
  role: ShotRole;
  /** What happens in this shot: the creator's words for a `beat`, else the idea this part of the arc tells. */
  beat: string;
  /** The full provider prompt of this shot (filled in by the dialogue, which has the brief). */
  prompt?: string;
}

export interface Beats {
  /** What the creator wrote around the beats (subject, setting), shared by every shot. */
  context: string;
  beats: string[];
}

/** Clause openers that say "first", "then" and "finally", per language; compared case-insensitively. */
const SEQUENCE_MARKERS: Record<string, { first: string[]; next: string[]; last: string[] }> = {
  en: {
    first: ["first of all", "firstly", "first", "at first", "to start", "to begin"],
    next: ["and then", "after that", "afterwards", "then", "next"],
    last: ["and finally", "finally", "lastly", "in the end", "at the end"],
  },
  de: {
    first: ["zuerst", "zunächst", "als erstes", "erst"],
    next: ["und dann", "danach", "anschließend", "dann", "als nächstes"],
    last: ["und schließlich", "schließlich", "zum schluss", "am ende", "zuletzt"],
  },
  es: {
    first: ["primero", "al principio", "para empezar"],
    next: ["y luego", "luego", "después", "a continuación", "entonces"],
    last: ["y finalmente", "finalmente", "por último", "al final"],
  },
  fr: {
    first: ["tout d'abord", "d'abord", "premièrement", "au début"],
    next: ["et puis", "puis", "ensuite", "après ça", "après cela"],
    last: ["et enfin", "enfin", "finalement", "pour finir", "à la fin"],
  },
  "pt-BR": {
    first: ["primeiro", "primeiramente", "no começo", "no início"],
    next: ["e depois", "depois", "em seguida", "então", "aí"],
    last: ["e finalmente", "finalmente", "por fim", "no final", "no fim"],
  },
  ru: {
    first: ["сначала", "сперва", "вначале", "во-первых"],
    next: ["а потом", "потом", "затем", "после этого", "дальше"],
    last: ["и наконец", "наконец", "в конце", "в итоге"],
  },
  tr: {
    first: ["ilk olarak", "öncelikle", "önce", "ilk önce", "başta"],
    next: ["daha sonra", "ardından", "sonra", "sonrasında"],
    last: ["son olarak", "en sonunda", "sonunda", "en son"],
  },
  vi: {
    first: ["đầu tiên", "trước tiên", "lúc đầu"],
    next: ["sau đó", "tiếp theo", "tiếp đến", "rồi"],
    last: ["cuối cùng", "sau cùng"],
  },
  id: {
    first: ["pertama-tama", "pertama", "mula-mula", "awalnya"],
    next: ["setelah itu", "kemudian", "lalu", "selanjutnya", "sesudah itu"],
    last: ["akhirnya", "terakhir", "pada akhirnya"],
  },
  ar: {
    first: ["أولاً", "أولا", "في البداية", "بدايةً", "بداية"],
    next: ["وبعد ذلك", "بعد ذلك", "ثم", "وبعدها", "بعدها"],
    last: ["وأخيراً", "وأخيرا", "أخيراً", "أخيرا", "في النهاية"],
  },
  hi: {
    first: ["सबसे पहले", "पहले", "शुरू में"],
    next: ["उसके बाद", "इसके बाद", "फिर", "तब"],
    last: ["अंत में", "आखिर में", "आख़िर में", "आखिरकार"],
  },
  ja: {
    first: ["まず", "最初に", "はじめに", "初めに"],
    next: ["次に", "それから", "その後", "続いて"],
    last: ["最後に", "最終的に", "そして最後に"],
  },
  ko: {
    first: ["먼저", "처음에", "우선", "첫째"],
    next: ["그 다음", "그다음", "그리고 나서", "그 후", "이어서", "다음으로"],
    last: ["마지막으로", "끝으로", "결국"],
  },
  "zh-CN": {
    first: ["首先", "一开始", "开始时", "起初"],
    next: ["然后", "接着", "随后", "之后", "接下来"],
    last: ["最后", "最终", "结尾"],
  },
};

/** Words that label a numbered scene or shot ("scene 1:", "第1幕："), every supported language. */
const SCENE_WORDS = [
  "scene", "shot", "szene", "einstellung", "escena", "toma", "scène", "plan", "cena", "tomada", "adegan",
  "sahne", "cảnh", "сцена", "кадр", "مشهد", "المشهد", "لقطة", "दृश्य", "シーン", "場面", "カット", "장면", "씬",
  "场景", "镜头", "画面", "第",
];

const LETTER = "\\p{L}\\p{M}\\p{N}";
/** Where a clause starts: the text's start or punctuation, in any of the scripts we read. */
const CLAUSE_START = "(?:^|[\\n,.;:!?，。；：、،؛!？！।])\\s*";

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s+");
}

const ALL_MARKERS = Object.values(SEQUENCE_MARKERS).flatMap((m) => [
  ...m.first.map((w) => ({ w, first: true })),
  ...[...m.next, ...m.last].map((w) => ({ w, first: false })),
]);
const FIRST_WORDS = new Set(ALL_MARKERS.filter((m) => m.first).map((m) => m.w.toLowerCase()));
const MARKER = new RegExp(
  `${CLAUSE_START}(${[...new Set(ALL_MARKERS.map((m) => m.w))].sort((a, b) => b.length - a.length).map(escape).join("|")})` +
    // A Latin, Cyrillic or Devanagari marker ends at a word boundary; CJK markers need none.
    `(?:(?<=[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}])|(?![${LETTER}]))\\s*[,，、:：]?\\s*`,
  "giu",
);
const NUMERAL = "(?:\\d{1,2}|[一二三四五六七八九十]{1,3}|[①-⑳])";
const SCENE = new RegExp(
  `(?:^|(?<=[\\s\\n,.;:!?，。；：、]))(?:${SCENE_WORDS.map(escape).join("|")})\\s*${NUMERAL}\\s*(?:幕|场|場|번|\\.)?\\s*[:：.)\\-–—]\\s*`,
  "giu",
);
const NUMBERED_LINE = new RegExp(`^\\s*(?:${NUMERAL}\\s*[.)、:：\\-–]|[-•*·]|[①-⑳])\\s*(\\S.*)$`, "u");

/** The beats the creator wrote, in order; undefined when the idea is not written as a sequence. */
export function findBeats(idea: string): Beats | undefined {
  return numberedLines(idea) ?? sceneLabels(idea) ?? sequenceWords(idea);
}

function numberedLines(idea: string): Beats | undefined {
  const context: string[] = [];
  const beats: string[] = [];
  for (const line of idea.split(/\r?\n/)) {
    const item = NUMBERED_LINE.exec(line);
    if (item) beats.push(clean(item[1]!));
    else if (line.trim()) context.push(line.trim());
  }
  return beats.filter(Boolean).length >= 2 ? { context: clean(context.join(" ")), beats: beats.filter(Boolean) } : undefined;
}

function sceneLabels(idea: string): Beats | undefined {
  const marks = [...idea.matchAll(SCENE)];
  if (marks.length < 2) return undefined;
  return cut(idea, marks.map((m) => ({ start: m.index, end: m.index + m[0].length })), true);
}

function sequenceWords(idea: string): Beats | undefined {
  const marks = [...idea.matchAll(MARKER)].map((m) => {
    // The clause start (punctuation) stays with the text before; the marker begins after it.
    const at = m.index + m[0].indexOf(m[1]!);
    return { start: at, end: m.index + m[0].length, first: FIRST_WORDS.has(m[1]!.toLowerCase()) };
  });
  if (marks.length < 2) return undefined;
  // Before an explicit "first" the words set the scene; without one they are the first beat.
  return cut(idea, marks, marks[0]!.first);
}

function cut(idea: string, marks: { start: number; end: number }[], leadIsContext: boolean): Beats | undefined {
  const lead = clean(idea.slice(0, marks[0]!.start));
  const beats = marks.map((m, i) => clean(idea.slice(m.end, marks[i + 1]?.start ?? idea.length))).filter(Boolean);
  if (!leadIsContext && lead) beats.unshift(lead);
  if (beats.length < 2) return undefined;
  return { context: leadIsContext ? lead : "", beats };
}

/** Trims the joining punctuation and conjunctions a beat was cut out with. */
function clean(s: string): string {
  return s
    .replace(/\s+/g, " ")
    .replace(/^[\s,.;:!?，。；：、،؛\-–—]+/u, "")
    .replace(/[\s,.;:，。；：、،؛\-–—]+$/u, "")
    .replace(/\s+(?:and|und|y|et|e|и|ve|và|dan|और)$/iu, "")
    .trim();
}

/**
 * The shots of a plan with these clip lengths. Beats the creator wrote are spread over the clips
 * in order (several to a clip when there are more beats than clips; a beat carried over several
 * clips when there are fewer); otherwise the idea is told as opening, development and ending.
 */
export function storyboard(idea: string, segments: readonly number[], written?: readonly string[]): { context: string; shots: Shot[] } {
  const found = written && written.length > 0 ? { context: findBeats(idea)?.context ?? "", beats: [...written] } : findBeats(idea);
  if (!found) return { context: idea.trim(), shots: arc(idea.trim(), segments) };
  return { context: found.context, shots: spread(found.beats, segments) };
}

function spread(beats: readonly string[], segments: readonly number[]): Shot[] {
  const count = segments.length;
  if (beats.length >= count) {
    return segments.map((seconds, i) => {
      const mine = beats.slice(Math.floor((i * beats.length) / count), Math.floor(((i + 1) * beats.length) / count));
      return { seconds, role: "beat", beat: mine.join("; then ") };
    });
  }
  // Fewer beats than clips: each beat runs over consecutive clips, its start, middle and close.
  const owner = segments.map((_, i) => Math.floor((i * beats.length) / count));
  return segments.map((seconds, i) => {
    const beat = beats[owner[i]!]!;
    const firstOfBeat = owner[i - 1] !== owner[i];
    const lastOfBeat = owner[i + 1] !== owner[i];
    const phase = firstOfBeat ? "" : lastOfBeat ? " (its close, as it completes)" : " (carrying on from the previous shot)";
    return { seconds, role: "beat", beat: `${beat}${phase}` };
  });
}

function arc(idea: string, segments: readonly number[]): Shot[] {
  const last = segments.length - 1;
  const middle = Math.max(0, segments.length - 2);
  // Each middle shot its own part of the arc; past four, neighbours share one and carry it on.
  const phases = Array.from({ length: middle }, (_, k) =>
    middle <= MIDDLE.length ? MIDDLE[Math.round((k * (MIDDLE.length - 1)) / Math.max(1, middle - 1))]! : MIDDLE[Math.floor((k * MIDDLE.length) / middle)]!,
  );
  if (middle === 1) phases[0] = "build";
  return segments.map((seconds, i): Shot => {
    if (i === 0) return { seconds, role: "opening", beat: `Opening of ${idea}: establish the subject and the setting as the action begins` };
    if (i === last) return { seconds, role: "ending", beat: `Ending of ${idea}: the action resolves, settling on a final image` };
    const role = phases[i - 1]!;
    const carried = phases[i - 2] === role ? " (carrying on from the previous shot)" : "";
    return { seconds, role, beat: `${ARC_WORDS[role]} ${idea}: ${ARC_ACTION[role]}${carried}` };
  });
}

const ARC_WORDS: Partial<Record<ShotRole, string>> = {
  build: "Development of",
  turn: "Turn in",
  rise: "Rising action of",
  peak: "Climax of",
};
const ARC_ACTION: Partial<Record<ShotRole, string>> = {
  build: "the action gets under way and builds",
  turn: "something shifts and the action takes a new direction",
  rise: "the movement grows bigger and faster",
  peak: "the action reaches its peak moment",
};

/** The board with shot `index` (0-based) told in the creator's new words. */
export function rewriteShot(shots: readonly Shot[], index: number, words: string): Shot[] {
  return shots.map((s, i) => (i === index ? { seconds: s.seconds, role: "beat", beat: clean(words) } : { ...s }));
}

/** A whole new list from the creator: their beats if they wrote a sequence, else one per line, else one beat. */
export function writtenBeats(words: string): string[] {
  const found = findBeats(words);
  if (found) return found.beats;
  const lines = words.split(/\r?\n/).map(clean).filter(Boolean);
  return lines.length > 0 ? lines : [clean(words)].filter(Boolean);
}

/** One short line of a shot for the summary card. */
export function shotPreview(shot: Shot, max = 80): string {
  const text = shot.beat.replace(/\s+/g, " ").trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
