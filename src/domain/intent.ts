/**
 * Whole-message intents: is this message a plain "yes, go" or a plain "cancel"?
 *
 * A message qualifies only when every word of it belongs to the intent's vocabulary, so "yes, but
 * make it vertical" carries a change and is not a confirmation. Vocabulary is per language and
 * every table applies to every message; adding a language means adding a table.
 */

interface IntentLexicon {
  /** Character-class body of word characters, for whole-word matching; absent for unspaced scripts. */
  boundary?: string;
  confirm: string[];
  cancel: string[];
  /** Words that may surround either intent without changing it ("please", "吧"). */
  fillers: string[];
  /** Words that may surround a cancellation only ("no, cancel"). */
  cancelFillers: string[];
}

export const INTENT_LEXICON = {
  en: {
    boundary: "\\p{Script=Latin}\\p{N}_",
    confirm: [
      "yes", "yeah", "yep", "yup", "ya", "sure", "of course", "ok", "okay", "alright", "all right", "go",
      "go ahead", "go for it", "do it", "let's do it", "lets do it", "let's go", "lets go", "start", "start it",
      "start now", "start generating", "start generation", "begin", "generate", "generate it", "generate them",
      "make it", "make them", "make the video", "make the videos", "make the image", "make the images",
      "create it", "render it", "run it", "use this version", "use this one", "use this", "use that",
      "confirm", "confirmed", "i confirm", "proceed", "submit", "sounds good", "looks good", "lgtm", "perfect",
      "great", "good", "fine", "that's fine", "that works", "works for me", "deal", "correct", "👍", "👌", "✅", "🆗",
    ],
    cancel: [
      "cancel", "cancel it", "cancel that", "cancel this", "cancel the (?:video|image|images|job|task|generation|request|order)",
      "stop", "stop it", "never mind", "nevermind", "nvm", "forget it", "forget about it", "abort", "drop it",
      "scrap it", "no thanks", "no thank you", "not now", "don't generate", "do not generate", "don't do it",
      "❌",
    ],
    fillers: ["please", "pls", "plz", "now", "then", "thanks", "thank you", "and", "just", "oh", "so", "🙏"],
    cancelFillers: ["no", "ok", "okay", "actually", "hmm", "sorry", "wait"],
  },
  zh: {
    confirm: [
      "好", "好的", "好啊", "好滴", "行", "行的", "可以", "可以的", "没问题", "确认", "确定", "是", "是的", "对", "对的",
      "嗯", "嗯嗯", "同意", "生成", "开始", "开始生成", "开始吧", "继续", "出图", "就这样", "就这个", "就用这个",
      "用这个", "用这个版本", "这个版本", "就这个版本", "做", "做吧", "搞起", "开搞", "冲", "来", "来吧", "ok",
    ],
    cancel: [
      "取消", "算了", "不要了", "不用了", "停", "停止", "别做了", "先不要", "不做了", "放弃", "不需要了", "不生成了",
      "还是算了", "取消生成",
    ],
    fillers: ["吧", "啊", "呀", "哈", "了", "呢", "请", "现在", "马上", "那", "那就", "就"],
    cancelFillers: ["还是", "哦", "嗯"],
  },
} satisfies Record<string, IntentLexicon>;

const TABLES: IntentLexicon[] = Object.values(INTENT_LEXICON);

/** Longer than this, a message says more than yes or no. */
const MAX_LENGTH = 60;

function word(lex: IntentLexicon, phrase: string): string {
  const body = phrase.replace(/ /g, "\\s+");
  return lex.boundary ? `${body}(?![${lex.boundary}])` : body;
}

function alternatives(pick: (lex: IntentLexicon) => string[]): string {
  return TABLES.flatMap((lex) => pick(lex).map((p) => word(lex, p)))
    .sort((a, b) => b.length - a.length)
    .join("|");
}

/** Group 1 is an intent phrase; otherwise the match is a filler. */
function intentMatcher(wanted: (lex: IntentLexicon) => string[], fillers: (lex: IntentLexicon) => string[]): RegExp {
  return new RegExp(`(${alternatives(wanted)})|(?:${alternatives(fillers)})`, "uy");
}

const CONFIRM = intentMatcher((lex) => lex.confirm, (lex) => lex.fillers);
const CANCEL = intentMatcher((lex) => lex.cancel, (lex) => [...lex.fillers, ...lex.cancelFillers]);

/**
 * Whether the whole message is made of intent phrases and fillers, with at least one intent phrase.
 * Read left to right, longest phrase first, skipping punctuation and spaces between phrases.
 */
function consistsOf(text: string, matcher: RegExp): boolean {
  const message = text.normalize("NFKC").toLowerCase().replace(/[’‘`]/g, "'").trim();
  if (message.length === 0 || message.length > MAX_LENGTH) return false;
  const separator = /[\s\p{P}~]+/uy;
  let at = 0;
  let seen = false;
  while (at < message.length) {
    separator.lastIndex = at;
    if (separator.exec(message)) {
      at = separator.lastIndex;
      if (at >= message.length) break;
    }
    matcher.lastIndex = at;
    const m = matcher.exec(message);
    if (!m || m[0].length === 0) return false;
    if (m[1] !== undefined) seen = true;
    at = matcher.lastIndex;
  }
  return seen;
}

/** "go ahead", "yes please", "好的，生成": a plain confirmation with nothing else in it. */
export function isConfirmation(text: string): boolean {
  return consistsOf(text, CONFIRM);
}

/** "cancel", "never mind", "算了": a plain cancellation with nothing else in it. */
export function isCancellation(text: string): boolean {
  return consistsOf(text, CANCEL);
}
