/**
 * The Telegram transport: a grammY bot that turns updates into dialogue events for the shared
 * conversation runner, and the ChatPort the runner and the jobs layer reply through.
 *
 * Updates come by long polling with @grammyjs/runner (updates of one chat handled in order,
 * different chats in parallel) or, when a webhook URL is configured, through grammY's
 * `webhookCallback`, which checks the secret token, mounted on the bot's HTTP server. Every API call goes through @grammyjs/auto-retry, so a 429 is waited out and a 5xx is
 * retried instead of losing a message. Importing this module starts nothing: `start` does.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { autoRetry } from "@grammyjs/auto-retry";
import { run, sequentialize, type RunnerHandle } from "@grammyjs/runner";
import { Bot, BotError, GrammyError, HttpError, webhookCallback, type Context } from "grammy";
import type { LanguageCode, Message as TgMessage, UserFromGetMe } from "grammy/types";
import type { ReferenceImage } from "../../domain/brief.ts";
import { text, type Text } from "../../domain/reply.ts";
import type { DialogueEvent } from "../../dialogue/state.ts";
import type { Translator } from "../../i18n/index.ts";
import { createButtonStore } from "../../store/buttons.ts";
import { createConversationStore } from "../../store/conversations.ts";
import type { Db } from "../../store/database.ts";
import { createMediaStore, MAX_IMAGE_BYTES, MediaRejected } from "../../store/media.ts";
import type { ConversationRunner, Incoming } from "../../app/conversation.ts";
import { ChatRateLimited, type ChatPort, type ChatTarget } from "../../ports/chat.ts";
import { isChatSpeaker, MENU_COMMANDS, mediaCaption, speakerOf, textEvent, type BotIdentity } from "./inbound.ts";
import { createAlbums, createFileFetcher, TelegramFileError } from "./media.ts";
import { createTelegramPort } from "./port.ts";

/** The part of a pino logger the transport uses. */
export interface TelegramLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface TelegramTransportOptions {
  token: string;
  /** TELEGRAM_API_ROOT, without a trailing slash: the real Bot API or a test's fake. */
  apiRoot: string;
  db: Db;
  translator: Translator;
  conversations: ConversationRunner;
  log?: TelegramLog;
  now?: () => number;
  /** Webhook mode (TELEGRAM_WEBHOOK_URL and its secret); long polling when absent. */
  webhook?: { url: string; secret: string };
  /** Long-poll timeout in seconds; Telegram holds a poll at most 50 s. Default 30. */
  pollTimeoutSeconds?: number;
  /** How long to wait for more photos of one album. Default 1 s. */
  albumDebounceMs?: number;
  /**
   * auto-retry limits. Bounded by default so a send never outlives the jobs layer's delivery
   * lease (30 s) by much: a long wait is better handed back to the jobs layer's own retry.
   */
  retry?: { maxRetryAttempts?: number; maxDelaySeconds?: number };
  /** grammY's per-request timeout. Default 120 s, room for a 50 MB upload (grammY's own is 500 s). */
  apiTimeoutSeconds?: number;
  /** Skips getMe (tests that know the bot). */
  botInfo?: UserFromGetMe;
}

export interface TelegramTransport {
  readonly port: ChatPort;
  /** Registers the commands, then polls or sets the webhook. */
  start(): Promise<void>;
  /** Stops taking updates, finishes those in hand, and confirms them to Telegram. */
  stop(): Promise<void>;
  /** The webhook endpoint for an HTTP server (webhook mode): 401 for a wrong secret. */
  webhook(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** For /healthz: the webhook is set, or the long-polling loop is running. */
  connected(): boolean;
}

// edited_message: an edited brief is answered (the bot says it used the original), never ignored.
const ALLOWED_UPDATES = ["message", "edited_message", "callback_query"] as const;
/** Message kinds the bot cannot use: each gets a short note of what it can take. */
const UNSUPPORTED = ["sticker", "voice", "audio", "video", "video_note", "animation", "location", "venue", "contact", "poll", "dice"] as const;
const MAX_WEBHOOK_BODY = 1024 * 1024;

export function createTelegramTransport(options: TelegramTransportOptions): TelegramTransport {
  const { db, translator, token, conversations } = options;
  const now = options.now ?? Date.now;
  const log = options.log;
  const bot = new Bot(token, {
    client: { apiRoot: options.apiRoot, timeoutSeconds: options.apiTimeoutSeconds ?? 120 },
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  bot.api.config.use(
    autoRetry({
      maxRetryAttempts: options.retry?.maxRetryAttempts ?? 3,
      maxDelaySeconds: options.retry?.maxDelaySeconds ?? 30,
    }),
  );
  // The runner retries failed polls silently (its own logging would print the token-bearing URL),
  // so a poll that fails is logged here, safely.
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (!result.ok && method === "getUpdates") log?.warn({ error: `${result.error_code} ${result.description}` }, "telegram polling failed");
      return result;
    } catch (error) {
      if (method === "getUpdates" && !signal?.aborted) log?.warn({ error: describe(error) }, "telegram polling failed");
      throw error;
    }
  });

  const buttons = createButtonStore(db);
  const media = createMediaStore(db);
  const updates = createConversationStore(db);
  const port = createTelegramPort({ api: bot.api, translator, buttons, now });
  const fetchFile = createFileFetcher({ api: bot.api, apiRoot: options.apiRoot, token });
  const albums = createAlbums<Incoming>({
    debounceMs: options.albumDebounceMs ?? 1000,
    flush: async (album) => {
      try {
        await handle(album.context, { type: "images", images: album.images, ...(album.caption ? { caption: album.caption } : {}) });
      } catch (error) {
        log?.error({ error: describe(error) }, "telegram album failed");
      }
    },
  });

  let runner: RunnerHandle | undefined;
  let lastUpdateId: number | undefined;
  const inFlight = new Set<Promise<unknown>>();

  const me = (): BotIdentity => ({ id: bot.botInfo.id, username: bot.botInfo.username });

  /** A token must never reach a log line, whatever an error message carries. */
  function describe(error: unknown): string {
    let message: string;
    if (error instanceof GrammyError) message = `${error.method}: ${error.error_code} ${error.description}`;
    else if (error instanceof HttpError) message = error.message; // leaves out the cause, which holds the URL
    else if (error instanceof Error) message = `${error.name}: ${error.message}`;
    else message = String(error);
    return message.split(token).join("<token>");
  }

  function languageFor(incoming: Pick<Incoming, "chatId" | "userId"> & { clientLocale?: string | undefined }): string {
    const { clientLocale, ...who } = incoming;
    return conversations.languageFor({ platform: "telegram", ...who, ...(clientLocale ? { clientLocale } : {}) });
  }

  function targetOf(incoming: Incoming, language: string): ChatTarget {
    return {
      platform: "telegram",
      chatId: incoming.chatId,
      userId: incoming.userId,
      language,
      ...(incoming.messageId ? { replyTo: incoming.messageId } : {}),
    };
  }

  /** Says something the dialogue never sees (a refused file), in the user's language. */
  async function say(incoming: Incoming, lines: Text[]): Promise<void> {
    await port.send(targetOf(incoming, languageFor(incoming)), { type: "message", lines });
  }

  async function handle(incoming: Incoming, event: DialogueEvent): Promise<void> {
    const handled = await conversations.handle(incoming, event);
    // A press is acknowledged with its refusal; an alert that comes later (a race lost at the claim) is said.
    if (handled.alert) await port.send(targetOf(incoming, handled.language), { type: "message", lines: [handled.alert] });
  }

  function incomingOf(ctx: Context & { msg: TgMessage }): Incoming {
    return {
      platform: "telegram",
      chatId: String(ctx.msg.chat.id),
      userId: speakerOf(ctx.msg),
      ...(ctx.from?.language_code ? { clientLocale: ctx.from.language_code } : {}),
      messageId: String(ctx.msg.message_id),
      updateId: String(ctx.update.update_id),
      group: ctx.msg.chat.type !== "private",
    };
  }

  /**
   * Who a press speaks for. A press carries the real person in `from`, never the channel they
   * posted as, so buttons made for a chat speaker (a channel, or a group's anonymous admins) are
   * pressed on its behalf by that chat's administrators only, as Telegram reports them; anyone
   * else presses as themselves, which the ownership check then refuses. A lookup that fails (the
   * bot cannot see the channel's members) refuses too.
   */
  async function pressedAs(ownerId: string, presser: string): Promise<string> {
    if (!isChatSpeaker(ownerId) || ownerId === presser) return presser;
    try {
      const member = await bot.api.getChatMember(Number(ownerId), Number(presser));
      return member.status === "creator" || member.status === "administrator" ? ownerId : presser;
    } catch (error) {
      log?.warn({ error: describe(error) }, "telegram admin lookup failed");
      return presser;
    }
  }

  async function referenceImage(message: TgMessage): Promise<ReferenceImage> {
    let fileId: string;
    let size: number | undefined;
    let name: string;
    if (message.photo && message.photo.length > 0) {
      const largest = message.photo[message.photo.length - 1]!;
      fileId = largest.file_id;
      size = largest.file_size;
      name = `photo-${message.message_id}.jpg`;
    } else if (message.document) {
      const doc = message.document;
      // The declared type is the sender's claim: an image/* document is still sniffed once downloaded.
      if (doc.mime_type && !doc.mime_type.startsWith("image/")) throw new MediaRejected("not_an_image", "media.not_an_image");
      fileId = doc.file_id;
      size = doc.file_size;
      name = doc.file_name ?? `image-${message.message_id}`;
    } else {
      throw new MediaRejected("not_an_image", "media.not_an_image");
    }
    if (size !== undefined && size > MAX_IMAGE_BYTES) throw new MediaRejected("too_large", "media.too_large");
    let bytes: Uint8Array;
    try {
      bytes = await fetchFile(fileId);
    } catch (error) {
      if (error instanceof TelegramFileError && error.reason === "too_large") throw new MediaRejected("too_large", "media.too_large");
      throw error;
    }
    return media.save(bytes, name, now());
  }

  if (options.webhook) {
    // Acknowledged at once, handled after: a slow reply (a 429 wait) must not make Telegram time
    // out and deliver the update again. Per-chat order still comes from sequentialize.
    bot.use((ctx, next) => {
      track(next().catch((error: unknown) => bot.errorHandler(new BotError(error, ctx))));
    });
  }
  // Remembered so stop() can confirm the last update to Telegram, as bot.stop() would.
  bot.use(async (ctx, next) => {
    lastUpdateId = Math.max(lastUpdateId ?? 0, ctx.update.update_id);
    await next();
  });
  // Every press in one handler, before the per-chat queue: it is answered as soon as the app has
  // decided who may press, never behind the chat's other updates; the app orders steps per conversation.
  bot.on("callback_query:data", async (ctx) => {
    const query = ctx.callbackQuery;
    const presser = String(query.from.id);
    const chatId = query.message ? String(query.message.chat.id) : undefined;
    const locale = query.from.language_code;
    const stored = buttons.resolve(query.data);
    const answer = async (refusal?: { alert: Text; language: string }): Promise<void> => {
      await ctx
        .answerCallbackQuery(refusal ? { text: translator.render(refusal.language, refusal.alert), show_alert: true } : undefined)
        .catch((error: unknown) => log?.warn({ error: describe(error) }, "telegram callback answer failed"));
    };
    if (!stored || stored.platform !== "telegram" || (chatId !== undefined && stored.chatId !== chatId)) {
      const language = languageFor({ chatId: stored?.chatId ?? chatId ?? presser, userId: presser, clientLocale: locale });
      await answer({ alert: text("press.stale"), language });
      return;
    }
    const request = query.message && "reply_to_message" in query.message ? query.message.reply_to_message : undefined;
    await handle(
      {
        platform: "telegram",
        chatId: stored.chatId,
        userId: await pressedAs(stored.ownerId, presser),
        ...(locale ? { clientLocale: locale } : {}),
        // In a group the keyboard's message answers the request: the next replies answer it too.
        ...(request ? { messageId: String(request.message_id) } : {}),
        updateId: String(ctx.update.update_id),
        group: query.message ? query.message.chat.type !== "private" : false,
        buttonOwnerId: stored.ownerId,
        acknowledge: answer,
      },
      { type: "press", action: stored.action },
    );
  });
  bot.use(sequentialize((ctx: Context) => (ctx.chat ? String(ctx.chat.id) : undefined)));

  bot.on("message:text", async (ctx) => {
    const event = textEvent(ctx.msg, me());
    if (!event) return;
    const incoming = incomingOf(ctx);
    // Photos of an album still being gathered come before whatever the same person wrote next.
    await albums.flushPrefix(`${incoming.chatId}:${incoming.userId}:`);
    if (!conversations.throttled(incoming)) void ctx.replyWithChatAction("typing").catch(() => undefined);
    await handle(incoming, event);
  });

  bot.on(["message:photo", "message:document"], async (ctx) => {
    const message = ctx.msg;
    const incoming = incomingOf(ctx);
    const albumKey = message.media_group_id ? `${incoming.chatId}:${incoming.userId}:${message.media_group_id}` : undefined;
    const { addressed, caption } = mediaCaption(message, me());
    // In a group only the first photo of an album carries the caption that addresses the bot.
    if (!addressed && !(albumKey && albums.has(albumKey))) return;
    let image: ReferenceImage | undefined;
    try {
      image = await referenceImage(message);
    } catch (error) {
      if (!(error instanceof MediaRejected)) throw error;
      // Refusals never reach the conversation runner, so a redelivered update is filtered here.
      if (updates.firstSight("telegram", incoming.updateId!, now())) await say(incoming, [text(error.i18nKey)]);
    }
    if (albumKey) {
      albums.add(albumKey, incoming, { messageId: message.message_id, ...(image ? { image } : {}), ...(caption ? { caption } : {}) });
      return;
    }
    if (image) await handle(incoming, { type: "images", images: [image], ...(caption ? { caption } : {}) });
  });

  // A document that is not an image is refused above, with media.not_an_image.
  bot.on("message", async (ctx) => {
    if (!UNSUPPORTED.some((kind) => kind in ctx.msg)) return;
    // In a group only what is addressed to the bot (a reply to it, a captioned mention) is answered.
    if (!mediaCaption(ctx.msg, me()).addressed) return;
    await conversations.note(incomingOf(ctx), [text("telegram:unsupported.message")]);
  });

  // The original was already read and acted on (an offer made, a question asked): re-reading an
  // edit could change a brief under an offer already shown, so the bot says which one it used.
  bot.on("edited_message:text", async (ctx) => {
    if (!textEvent(ctx.msg, me())) return;
    await conversations.note(incomingOf(ctx), [text("telegram:edited.used_original")]);
  });

  bot.catch(async (error: BotError) => {
    const ctx = error.ctx;
    log?.error({ updateId: ctx.update.update_id, error: describe(error.error) }, "telegram update failed");
    const chat = ctx.chat;
    const from = ctx.from;
    // Telegram asked for quiet in this chat: an error message would be refused too.
    if (!chat || !from || error.error instanceof ChatRateLimited) return;
    const incoming: Incoming = {
      platform: "telegram",
      chatId: String(chat.id),
      userId: ctx.msg ? speakerOf(ctx.msg) : String(from.id),
      ...(from.language_code ? { clientLocale: from.language_code } : {}),
      ...(ctx.msg ? { messageId: String(ctx.msg.message_id) } : {}),
    };
    await say(incoming, [text("telegram:error.generic")]).catch(() => undefined);
  });

  async function registerCommands(): Promise<void> {
    const commandsIn = (language: string) =>
      MENU_COMMANDS.map((command) => ({ command, description: translator.render(language, text(`telegram:commands.${command}`)) }));
    // The default list, for clients in a language we do not speak, and one per language we do: each
    // language has a code of its own, so the calls are independent and go out together (one round
    // trip of start-up instead of fifteen).
    await Promise.all([
      bot.api.setMyCommands(commandsIn("en")),
      ...translator.languages.map((language) =>
        bot.api.setMyCommands(commandsIn(language), { language_code: language.split("-")[0]!.toLowerCase() as LanguageCode }),
      ),
    ]);
  }

  function track(work: Promise<unknown>): void {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  }

  let webhookSet = false;
  // grammY's own webhook handler: it checks the secret token (401 otherwise) and reads the update.
  const handleWebhook = options.webhook
    ? webhookCallback(bot, "http", { secretToken: options.webhook.secret, onTimeout: "return" })
    : undefined;

  return {
    port,

    connected(): boolean {
      return options.webhook ? webhookSet : runner?.isRunning() === true;
    },

    async start(): Promise<void> {
      // getMe, the command menus and the webhook setting do not depend on one another: they are
      // sent together, and start waits for the slowest rather than for their sum.
      const commands = registerCommands().catch((error: unknown) => {
        log?.warn({ error: describe(error) }, "telegram commands not registered");
      });
      if (options.webhook) {
        await Promise.all([
          bot.init(),
          bot.api.setWebhook(options.webhook.url, { secret_token: options.webhook.secret, allowed_updates: [...ALLOWED_UPDATES] }),
          commands,
        ]);
        webhookSet = true;
        log?.info({ username: bot.botInfo.username, mode: "webhook" }, "telegram started");
        return;
      }
      // getUpdates answers 409 while a webhook is set.
      await Promise.all([bot.init(), bot.api.deleteWebhook(), commands]);
      runner = run(bot, {
        runner: {
          fetch: { timeout: options.pollTimeoutSeconds ?? 30, allowed_updates: [...ALLOWED_UPDATES] },
          // The runner's own logging prints the raw error, whose cause holds the token-bearing URL.
          silent: true,
        },
      });
      const task = runner.task();
      if (task) {
        track(
          task.catch((error: unknown) => {
            log?.error({ error: describe(error) }, "telegram polling stopped");
          }),
        );
      }
      log?.info({ username: bot.botInfo.username, mode: "polling" }, "telegram started");
    },

    async stop(): Promise<void> {
      const handle = runner;
      runner = undefined;
      if (handle?.isRunning()) await handle.stop();
      await albums.flushAll();
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      if (handle && lastUpdateId !== undefined) {
        // The runner does not confirm what it handled; without this a restart would see it again.
        await bot.api.getUpdates({ offset: lastUpdateId + 1, limit: 1, timeout: 0 }).catch(() => undefined);
      }
    },

    async webhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
      if (!handleWebhook) {
        res.writeHead(404).end();
        return;
      }
      if (Number(req.headers["content-length"] ?? 0) > MAX_WEBHOOK_BODY) {
        res.writeHead(413).end();
        return;
      }
      await handleWebhook(req, res);
    },
  };
}
