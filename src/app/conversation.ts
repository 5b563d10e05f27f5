/**
 * The conversation runner every chat adapter shares: for one incoming event it picks the reply
 * language, checks access and who may press, loads the conversation, runs the pure dialogue step,
 * stores the new state and any quote in one transaction, then carries out the effects.
 */
import { randomBytes } from "node:crypto";
import type { Ceilings } from "../domain/plan.ts";
import type { Catalog } from "../domain/catalog.ts";
import { cleanText } from "../domain/clean-text.ts";
import { text, type Text } from "../domain/reply.ts";
import { step } from "../dialogue/step.ts";
import type { DialogueEvent, DialogueState } from "../dialogue/state.ts";
import type { Translator } from "../i18n/index.ts";
import { chooseLanguage } from "../i18n/language.ts";
import type { Spender } from "../jobs/index.ts";
import type { ChatPort, ChatTarget, Platform } from "../ports/chat.ts";
import { createConversationStore, type ConversationKey } from "../store/conversations.ts";
import type { Db } from "../store/database.ts";
import { createMediaStore } from "../store/media.ts";
import { createQuoteStore } from "../store/quotes.ts";
import { createAccess, OPEN_ACCESS, type Access } from "./access.ts";
import { createEffects, type ConversationJobs } from "./effects.ts";
import { notTheirs } from "./ownership.ts";
import { createRateLimiter, DEFAULT_RATE_LIMIT, type RateLimit } from "./rate-limit.ts";
import { isResultAction, restartFromResult } from "./result-buttons.ts";

export type { ConversationJobs } from "./effects.ts";

export interface Incoming {
  platform: Platform;
  chatId: string;
  userId: string;
  /** Telegram language_code, Discord locale. */
  clientLocale?: string;
  /** The user's message, replied to in groups. */
  messageId?: string;
  /** The platform's update id, so a redelivered update is handled once. */
  updateId?: string;
  /** Platform context to keep with replies (e.g. a Discord interaction token). */
  context?: Record<string, string>;
  /** A group chat (Telegram group, Discord server channel), where the payer policy applies. */
  group?: boolean;
  /** The Discord server, for ALLOWED_GUILD_IDS. */
  guildId?: string;
  /** For a press: the person the platform's stored button was made for. */
  buttonOwnerId?: string;
  /**
   * For a press: called once, as soon as the press is accepted (no refusal) or refused (with the
   * alert and its language), before its work runs, so a platform can stop its spinner at once.
   */
  acknowledge?: (refusal?: { alert: Text; language: string }) => Promise<void>;
}

export interface Handled {
  language: string;
  /** Shown to the presser only, when the press was not acknowledged with it. */
  alert?: Text;
  duplicate?: boolean;
  /** The speaker's message rate limit dropped the message. */
  dropped?: boolean;
}

export interface ConversationOptions {
  db: Db;
  catalog: () => Catalog;
  jobs: ConversationJobs;
  translator: Translator;
  ports: Partial<Record<Platform, ChatPort>>;
  now?: () => number;
  newId?: () => string;
  quoteTtlMs: number;
  sandbox: boolean;
  stitching: boolean;
  /** Who may use the bot; absent: everyone (ACCESS=open, no admins). */
  access?: Access;
  /** MAX_CLIPS_PER_REQUEST / MAX_SECONDS_PER_REQUEST; absent: no ceiling. */
  ceilings?: Ceilings;
  /** The per-speaker message rate limit; absent: DEFAULT_RATE_LIMIT. The terminal is the operator's own and is not limited. */
  rateLimit?: RateLimit;
  /** How long a reply waits in all for the platform's "retry after", and the clock it waits on. */
  replyWait?: { maxMs?: number; sleep?: (ms: number) => Promise<void> };
}

export function createConversationRunner(options: ConversationOptions) {
  const { db, translator } = options;
  const now = options.now ?? Date.now;
  const newId = options.newId ?? (() => randomBytes(9).toString("base64url"));
  const conversations = createConversationStore(db);
  const quotes = createQuoteStore(db);
  const media = createMediaStore(db);
  const access = options.access ?? createAccess({ db, config: OPEN_ACCESS });
  const effects = createEffects({
    jobs: options.jobs,
    ports: options.ports,
    conversations,
    admin: { access, overview: () => options.jobs.overview() },
    ...(options.replyWait?.maxMs !== undefined ? { maxReplyWaitMs: options.replyWait.maxMs } : {}),
    ...(options.replyWait?.sleep ? { sleep: options.replyWait.sleep } : {}),
  });
  const queues = new Map<string, Promise<unknown>>();
  const limiter = createRateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT, now);
  const speakerOf = (incoming: Pick<Incoming, "platform" | "userId">) => `${incoming.platform}:${incoming.userId}`;
  /** Presses are not counted: a press creates no quote, and repeated presses are answered in their alert. */
  const limited = (incoming: Incoming, event: DialogueEvent) => incoming.platform !== "terminal" && event.type !== "press";

  /** One step at a time per conversation, whatever the transport's own ordering. */
  function serialize<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = queues.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    queues.set(key, settled);
    void settled.then(() => {
      if (queues.get(key) === settled) queues.delete(key);
    });
    return next;
  }

  async function handle(incoming: Incoming, raw: DialogueEvent): Promise<Handled> {
    if (limited(incoming, raw)) {
      const admission = limiter.take(speakerOf(incoming));
      if (admission === "drop") return { language: "", dropped: true };
      if (admission === "drop_and_notify") {
        const language = languageFor(incoming);
        await effects.send(targetOf(incoming, language), [text("rate.slow_down")]);
        return { language, dropped: true };
      }
    }
    const event = withoutInvisibles(raw);
    const key: ConversationKey = { platform: incoming.platform, chatId: incoming.chatId, userId: incoming.userId };
    let acknowledged = false;
    /** Acknowledges the press; a refusal the platform could not show that way comes back as the alert. */
    const acknowledge = async (refusal?: { alert: Text; language: string }): Promise<Text | undefined> => {
      if (acknowledged || !incoming.acknowledge) return refusal?.alert;
      acknowledged = true;
      await incoming.acknowledge(refusal);
      return undefined;
    };
    try {
      return await serialize(`${key.platform}:${key.chatId}:${key.userId}`, () => handleNow(incoming, key, event, acknowledge));
    } finally {
      // A failure before the verdict still stops the spinner.
      await acknowledge().catch(() => undefined);
    }
  }

  async function handleNow(
    incoming: Incoming,
    key: ConversationKey,
    event: DialogueEvent,
    acknowledge: (refusal?: { alert: Text; language: string }) => Promise<Text | undefined>,
  ): Promise<Handled> {
    const at = now();
    const state = conversations.load(key);
    const language = chooseLanguage({
      preference: conversations.language(incoming.platform, incoming.userId),
      message: wordsOf(event),
      conversation: state.language,
      clientLocale: incoming.clientLocale,
      supported: translator.languages,
    });
    // A redelivered update is answered from the dedupe table before anything else happens.
    if (incoming.updateId && conversations.seen(incoming.platform, incoming.updateId)) {
      await acknowledge();
      return { language, duplicate: true };
    }

    const verdict = access.check({ ...key, ...(incoming.guildId ? { guildId: incoming.guildId } : {}) });
    if (verdict === "blocked" || verdict === "not_allowed") {
      const refusal = text(`access.${verdict}`, { id: `${key.platform}:${key.userId}` });
      if (event.type === "press") return { language, alert: await acknowledge({ alert: refusal, language }) };
      await effects.send(targetOf(incoming, language), [refusal]);
      return { language };
    }
    const who: Spender = { ...key, group: incoming.group ?? false, admin: verdict === "admin" };
    if (event.type === "press" && notTheirs(incoming, event.action, (id) => quotes.get(id))) {
      return { language, alert: await acknowledge({ alert: text("press.not_yours"), language }) };
    }
    // A press is acknowledged once its step has run, so what it came to (a Confirm already used by
    // an earlier press) is said in the press's own alert, not as one more chat message per press.

    let current: DialogueState = state;
    let stepEvent = event;
    if (event.type === "press" && isResultAction(event.action)) {
      const restart = await restartFromResult({ quoteOfJob: (jobId) => quoteOfJob(jobId), media }, event.action, at);
      if (!restart.ok) {
        await effects.send(targetOf(incoming, language), [restart.refusal]);
        return { language };
      }
      current = restart.state;
      stepEvent = restart.event;
    }

    const result = step(current, stepEvent, {
      catalog: options.catalog(),
      today: new Date(at).toISOString().slice(0, 10),
      now: at,
      newId: newId(),
      quoteTtlMs: options.quoteTtlMs,
      sandbox: options.sandbox,
      stitching: options.stitching,
      languages: translator.languages,
      ...(options.ceilings ? { ceilings: options.ceilings } : {}),
      spend: options.jobs.spendView(who),
    });

    const target = targetOf(incoming, language);
    // The clip answers the message that started the brief, not the last answer to a question.
    const opensBrief = state.phase === "idle" || event.type === "request" || (event.type === "command" && (event.name === "video" || event.name === "image"));
    const requestMessageId = result.state.phase === "idle"
      ? undefined
      : opensBrief ? incoming.messageId : (state.requestMessageId ?? incoming.messageId);
    // The update id is recorded in the same commit as the state it produced: one fsync per update,
    // and a crash between the two cannot leave an update marked handled with its step lost.
    let duplicate = false;
    db.transaction(() => {
      if (incoming.updateId && !conversations.firstSight(incoming.platform, incoming.updateId, at)) {
        duplicate = true;
        return;
      }
      conversations.save(key, { ...result.state, language, requestMessageId }, at);
      for (const effect of result.effects) {
        if (effect.type === "create_quote") {
          quotes.insert(effect.quote, { platform: key.platform, chatId: key.chatId, requesterId: key.userId, language, replyTo: requestMessageId ?? incoming.messageId }, at);
        } else if (effect.type === "close_quote") {
          quotes.close(effect.quoteId, effect.state);
        }
      }
    })();
    if (duplicate) return { language, duplicate: true };

    // A confirmation refused for money keeps the offer open: "make it 5 seconds" or another model
    // still refines it, and its Confirm works once the budget allows.
    const reopen = () => conversations.save(key, { ...state, language }, now());
    let alert: Text | undefined;
    for (const effect of result.effects) {
      const ofShownOffer = effect.type === "confirm" && state.quoteId === effect.quoteId;
      alert = (await effects.carryOut(effect, { target, who, at, press: event.type === "press", ...(ofShownOffer ? { reopen } : {}) })) ?? alert;
    }
    if (alert) return { language: target.language, alert: await acknowledge({ alert, language: target.language }) };
    return { language: target.language };
  }

  function quoteOfJob(jobId: string) {
    const quoteId = options.jobs.quoteOf(jobId);
    return quoteId ? quotes.get(quoteId) : undefined;
  }

  function targetOf(incoming: Incoming, language: string): ChatTarget {
    return {
      platform: incoming.platform,
      chatId: incoming.chatId,
      userId: incoming.userId,
      language,
      ...(incoming.messageId ? { replyTo: incoming.messageId } : {}),
      ...(incoming.context ? { context: incoming.context } : {}),
    };
  }

  /**
   * The language for something a transport says outside a dialogue step (a refused file, an
   * alert): the user's choice, then the conversation's language, then the client's locale.
   */
  function languageFor(incoming: Pick<Incoming, "platform" | "chatId" | "userId" | "clientLocale">): string {
    const state = conversations.load({ platform: incoming.platform, chatId: incoming.chatId, userId: incoming.userId });
    return chooseLanguage({
      preference: conversations.language(incoming.platform, incoming.userId),
      conversation: state.language,
      clientLocale: incoming.clientLocale,
      supported: translator.languages,
    });
  }

  /**
   * Answers a message the dialogue never sees (an unsupported kind, an edit) with a short note in
   * the speaker's language: counted against the rate limit like any message, said once per update.
   */
  async function note(incoming: Incoming, lines: Text[]): Promise<void> {
    if (incoming.platform !== "terminal" && limiter.take(speakerOf(incoming)) !== "admit") return;
    if (incoming.updateId && !conversations.firstSight(incoming.platform, incoming.updateId, now())) return;
    await effects.send(targetOf(incoming, languageFor(incoming)), lines);
  }

  /** Whether the speaker's next message would be dropped (a transport then skips its "typing"). */
  function throttled(incoming: Pick<Incoming, "platform" | "userId">): boolean {
    return incoming.platform !== "terminal" && limiter.throttled(speakerOf(incoming));
  }

  return { handle, languageFor, note, throttled, translator };
}

export type ConversationRunner = ReturnType<typeof createConversationRunner>;

/** The words the language is guessed from; /admin's words are ids, amounts and English verbs. */
function wordsOf(event: DialogueEvent): string | undefined {
  switch (event.type) {
    case "text":
      return event.text;
    case "command":
      return event.name === "admin" ? undefined : event.args;
    case "images":
      return event.caption;
    case "request":
      return event.idea;
    case "admin":
    case "press":
      return undefined;
  }
}

/** User text cleaned once, here, before language detection, the dialogue or a provider sees it. */
function withoutInvisibles(event: DialogueEvent): DialogueEvent {
  switch (event.type) {
    case "text":
      return { ...event, text: cleanText(event.text) };
    case "command":
      return { ...event, args: cleanText(event.args) };
    case "images":
      return event.caption === undefined ? event : { ...event, caption: cleanText(event.caption) };
    case "request":
      return { ...event, idea: cleanText(event.idea) };
    case "admin":
    case "press":
      return event;
  }
}
