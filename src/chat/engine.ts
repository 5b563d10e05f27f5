/**
 * The conversation engine every chat adapter shares: it picks the reply language, runs the pure
 * dialogue step, stores the new state and any quote in one transaction, then carries out the
 * effects (replies through the platform's port, confirmations through the jobs layer).
 */
import { randomBytes } from "node:crypto";
import type { Catalog, ProviderId } from "../domain/catalog.ts";
import type { Ceilings } from "../domain/plan.ts";
import type { AdminCommand } from "../dialogue/admin.ts";
import { text, type Action, type Button, type Text } from "../domain/reply.ts";
import { step } from "../dialogue/step.ts";
import type { DialogueEvent, DialogueState, Effect } from "../dialogue/state.ts";
import type { Translator } from "../i18n/index.ts";
import { chooseLanguage } from "../i18n/language.ts";
import type { Db } from "../store/database.ts";
import { createConversationStore, type ConversationKey } from "../store/conversations.ts";
import { createQuoteStore } from "../store/quotes.ts";
import { createMediaStore, MAX_IMAGE_BYTES, MediaRejected } from "../store/media.ts";
import { DownloadError, fetchCapped } from "../lib/download.ts";
import { cleanText } from "../domain/clean-text.ts";
import type { ReferenceImage } from "../domain/brief.ts";
import { formatBudget, parseBudget } from "../domain/budget.ts";
import { spendingOn } from "../jobs/ledger.ts";
import type { CancelResult } from "../jobs/cancel.ts";
import type { SpendRefusal, SpendView, Spender } from "../jobs/spending.ts";
import { createAccess, OPEN_ACCESS, type Access } from "./access.ts";
import type { ChatPort, ChatTarget, Platform } from "../ports/chat.ts";
import { overviewLines, refusalLines, usageLines } from "./usage.ts";

/** What the engine needs from the jobs layer. */
export interface JobsApi {
  confirm(quoteId: string, userId: string, context?: { group: boolean; admin: boolean }): { outcome: string; refusal?: SpendRefusal };
  /** Who pays here and what remains today; absent: nothing is limited and the summary says nothing of budgets. */
  spendView?(who: Spender): SpendView;
  lookupStatus(input: { taskId: string; provider?: ProviderId; target: ChatTarget; follow: boolean; admin?: boolean }): Promise<unknown>;
  cancel(target: ChatTarget, quoteId?: string): Promise<CancelResult>;
  /** The quote a finished job came from, to offer it again. */
  quoteOf?(jobId: string): string | undefined;
}

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
}

export interface Handled {
  language: string;
  /** Shown as an alert to the presser only (a press by someone who may not press). */
  alert?: Text;
  duplicate?: boolean;
}

export interface EngineOptions {
  db: Db;
  catalog: () => Catalog;
  jobs: JobsApi;
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
}

const QUOTE_ACTIONS = new Set<Action["type"]>(["confirm", "change", "cancel", "apply_fix", "rewrite_shot"]);

export function createEngine(options: EngineOptions) {
  const { db, translator } = options;
  const now = options.now ?? Date.now;
  const newId = options.newId ?? (() => randomBytes(9).toString("base64url"));
  const conversations = createConversationStore(db);
  const quotes = createQuoteStore(db);
  const media = createMediaStore(db);
  const access = options.access ?? createAccess({ db, config: OPEN_ACCESS });
  const queues = new Map<string, Promise<unknown>>();

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
    const event = withoutInvisibles(raw);
    const key: ConversationKey = { platform: incoming.platform, chatId: incoming.chatId, userId: incoming.userId };
    return serialize(`${key.platform}:${key.chatId}:${key.userId}`, () => handleNow(incoming, key, event));
  }

  async function handleNow(incoming: Incoming, key: ConversationKey, event: DialogueEvent): Promise<Handled> {
    const at = now();
    const state = conversations.load(key);
    const language = chooseLanguage({
      preference: conversations.language(incoming.platform, incoming.userId),
      // /admin's words are ids, amounts and English verbs, never the language someone writes in.
      message: event.type === "text" ? event.text : event.type === "command" && event.name !== "admin" ? event.args : event.type === "images" ? event.caption : undefined,
      conversation: state.language,
      clientLocale: incoming.clientLocale,
      supported: translator.languages,
    });
    // A redelivered update is answered from the dedupe table before anything else happens.
    if (incoming.updateId && conversations.seen(incoming.platform, incoming.updateId)) return { language, duplicate: true };

    const verdict = access.check({ ...key, ...(incoming.guildId ? { guildId: incoming.guildId } : {}) });
    if (verdict === "blocked" || verdict === "not_allowed") {
      const refusal = text(`access.${verdict}`, { id: `${key.platform}:${key.userId}` });
      if (event.type === "press") return { language, alert: refusal };
      await send(targetOf(incoming, language), [refusal]);
      return { language };
    }
    const who: Spender = { ...key, group: incoming.group ?? false, admin: verdict === "admin" };

    if (event.type === "press" && QUOTE_ACTIONS.has(event.action.type) && "quoteId" in event.action && event.action.quoteId) {
      const quote = quotes.get(event.action.quoteId);
      // Anyone in a group can press a button; only the requester's press counts.
      if (quote && (quote.requester_id !== incoming.userId || quote.chat_id !== incoming.chatId)) {
        return { language, alert: text("press.not_yours") };
      }
    }

    let current: DialogueState = state;
    let stepEvent = event;
    if (event.type === "press" && (event.action.type === "again" || event.action.type === "remix")) {
      const prepared = againState(event.action.jobId);
      if (!prepared) {
        await send(targetOf(incoming, language), [text("press.stale")]);
        return { language };
      }
      current = { ...prepared.state, chosenRef: prepared.ref };
      if (event.action.type === "again") stepEvent = { type: "press", action: { type: "choose_model", ref: prepared.ref } };
    }
    if (event.type === "press" && event.action.type === "animate") {
      // The picture becomes the first frame of a new video brief: fetched here, kept as our own bytes.
      const image = await fetchReference(event.action.imageUrl, at);
      if (!image) {
        await send(targetOf(incoming, language), [text("media.fetch_failed")]);
        return { language };
      }
      current = { phase: "idle", asked: [] };
      stepEvent = { type: "images", images: [image] };
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
      ...(options.jobs.spendView ? { spend: options.jobs.spendView(who) } : {}),
    });

    const target = targetOf(incoming, language);
    // The clip answers the message that started the brief, not the last answer to a question.
    const opensBrief = state.phase === "idle" || (event.type === "command" && (event.name === "video" || event.name === "image"));
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
      alert = (await carryOut(effect, target, at, who, state.quoteId === (effect.type === "confirm" ? effect.quoteId : undefined) ? reopen : undefined)) ?? alert;
    }
    return { language: target.language, alert };
  }

  async function fetchReference(url: string, at: number): Promise<ReferenceImage | undefined> {
    try {
      const bytes = await fetchCapped(url, MAX_IMAGE_BYTES, 30_000);
      return media.save(bytes, url.split("/").pop()?.split("?")[0] ?? "image", at);
    } catch (error) {
      if (error instanceof DownloadError || error instanceof MediaRejected) return undefined;
      throw error;
    }
  }

  /** A finished job's quote as a fresh brief, offered again with the same model. */
  function againState(jobId: string): { state: DialogueState; ref: string } | undefined {
    const quoteId = options.jobs.quoteOf?.(jobId);
    const quote = quoteId ? quotes.get(quoteId) : undefined;
    if (!quote) return undefined;
    return {
      state: { phase: "idle", asked: ["seconds", "orientation"], brief: JSON.parse(quote.brief) },
      ref: `${quote.provider}:${quote.model_id}`,
    };
  }

  async function carryOut(effect: Effect, target: ChatTarget, at: number, who: Spender, reopen?: () => void): Promise<Text | undefined> {
    switch (effect.type) {
      case "reply":
        await send(target, effect.message.lines, effect.message.buttons);
        return undefined;
      case "confirm": {
        const { outcome, refusal } = options.jobs.confirm(effect.quoteId, target.userId, { group: who.group, admin: who.admin });
        if (outcome === "claimed") return undefined;
        if (outcome === "not_requester") return text("press.not_yours");
        if (outcome === "refused" && refusal) {
          reopen?.();
          await send(target, refusalLines(refusal));
          return undefined;
        }
        await send(target, [text(`confirm.${outcome}`)]);
        return undefined;
      }
      case "usage": {
        const view = options.jobs.spendView?.(who);
        await send(target, view ? usageLines(view, who) : [text("usage.unlimited"), text("usage.id", { id: `${who.platform}:${who.userId}` })]);
        return undefined;
      }
      case "admin":
        await send(target, who.admin ? admin(effect.command, who, at) : [text("admin.not_admin")]);
        return undefined;
      case "status":
        await options.jobs.lookupStatus({ taskId: effect.taskId, provider: effect.provider, target, follow: effect.follow, admin: who.admin });
        return undefined;
      case "cancel_job":
        await send(target, [cancelText(await options.jobs.cancel(target, effect.quoteId))]);
        return undefined;
      case "set_language":
        conversations.setLanguage(target.platform, target.userId, effect.language, at);
        target.language = effect.language;
        await send(target, [text("language.set")]);
        return undefined;
      case "create_quote":
      case "close_quote":
      case "again":
        return undefined;
    }
  }

  /** Carries out an admin's command; the sender was checked to be an admin. */
  function admin(command: AdminCommand, who: Spender, at: number): Text[] {
    const by = `${who.platform}:${who.userId}`;
    switch (command.type) {
      case "help":
        return [text("admin.help")];
      case "invalid":
        return [text(`admin.bad_${command.problem}`)];
      case "allow":
      case "block": {
        const platform = command.user.platform ?? who.platform;
        const user = `${platform}:${command.user.id}`;
        if (command.type === "block" && access.isAdmin(platform, command.user.id)) return [text("admin.cannot_block_admin", { user })];
        access.store.setStatus({ platform, userId: command.user.id, status: command.type === "allow" ? "allowed" : "blocked", by, now: at });
        return [text(command.type === "allow" ? "admin.allowed" : "admin.blocked", { user })];
      }
      case "budget": {
        const budget = formatBudget(parseBudget(command.budget));
        const shown = budget === "off" ? text("usage.no_limit") : budget;
        if (command.scope === "chat") {
          access.store.setBudget({ scope: "chat", platform: who.platform, id: who.chatId, budget, by, now: at });
          return [text("admin.budget_chat", { budget: shown })];
        }
        const platform = command.user.platform ?? who.platform;
        access.store.setBudget({ scope: "user", platform, id: command.user.id, budget, by, now: at });
        return [text("admin.budget_user", { user: `${platform}:${command.user.id}`, budget: shown })];
      }
      case "payer":
        if (!who.group) return [text("admin.payer_not_group")];
        access.store.setPayer({ platform: who.platform, chatId: who.chatId, policy: command.policy, by, now: at });
        return [text("admin.payer", { policy: text(`payer.${command.policy}`) })];
      case "overview": {
        const day = options.jobs.spendView?.(who).day ?? new Date(at).toISOString().slice(0, 10);
        return overviewLines(day, spendingOn(db, day));
      }
    }
  }

  async function send(target: ChatTarget, lines: Text[], buttons?: Button[][]): Promise<void> {
    const port = options.ports[target.platform];
    if (!port) throw new Error(`no chat port for ${target.platform}`);
    await port.send(target, buttons ? { type: "message", lines, buttons } : { type: "message", lines });
  }

  function targetOf(incoming: Incoming, language: string): ChatTarget {
    return {
      platform: incoming.platform,
      chatId: incoming.chatId,
      userId: incoming.userId,
      language,
      replyTo: incoming.messageId,
      context: incoming.context,
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

  return { handle, languageFor, translator };
}

export type Engine = ReturnType<typeof createEngine>;

/** What a /cancel with no brief open did to the newest request; a cancelled one held nothing more. */
function cancelText(result: CancelResult): Text {
  switch (result.outcome) {
    case "cancelled":
      return text(result.kept.length > 0 ? "jobs:cancel.partial" : "jobs:cancel.done");
    case "not_cancellable":
      return text(`jobs:cancel.${result.reason}`, { provider: result.provider });
    case "not_requester":
      return text("jobs:cancel.not_yours");
    case "not_found":
      return text("jobs:cancel.not_found");
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
    case "press":
      return event;
  }
}
