/**
 * The Discord transport: a discord.js client on the gateway with the Guilds intent only (slash
 * commands and buttons arrive as interactions, in servers and in DMs alike; no message content is
 * read). Every interaction is acknowledged first, within Discord's 3 s: commands with an ephemeral
 * "thinking…", button presses with a silent deferred update. Then it becomes a dialogue event for
 * the shared conversation runner, and its replies come back through the Discord port.
 *
 * `DISCORD_API_ROOT` is passed as `rest.api`; the gateway URL follows from `GET /gateway/bot`, so a
 * test points both at a loopback fake with one setting.
 */
import {
  ApplicationCommandOptionType,
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Routes,
  type Attachment,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
} from "discord.js";
import type { ReferenceImage } from "../../domain/brief.ts";
import type { Catalog } from "../../domain/catalog.ts";
import { text, type Text } from "../../domain/reply.ts";
import type { CommandName } from "../../dialogue/state.ts";
import type { Translator } from "../../i18n/index.ts";
import { createButtonStore } from "../../store/buttons.ts";
import type { Db } from "../../store/database.ts";
import { createMediaStore, MAX_IMAGE_BYTES, MediaRejected } from "../../store/media.ts";
import type { ConversationRunner, Handled, Incoming } from "../../app/conversation.ts";
import type { ChatPort, ChatTarget } from "../../ports/chat.ts";
import { adminOf, COMMANDS, commandArgs, IMAGE_OPTIONS, modelChoices, requestOf, type OptionValues } from "./commands.ts";
import { DownloadError, fetchCapped, trustOrigin } from "../../lib/download.ts";
import { createInteractionLog, DEFAULT_ATTACHMENT_LIMIT, type InteractionHandle } from "./interactions.ts";
import { createDiscordPort, INTERACTION_CONTEXT } from "./port.ts";

export interface DiscordLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface DiscordTransportDeps {
  token: string;
  applicationId: string;
  /** DISCORD_API_ROOT, e.g. https://discord.com/api (discord.js adds /v10). */
  apiRoot: string;
  conversations: ConversationRunner;
  db: Db;
  translator: Translator;
  catalog: () => Catalog;
  log?: DiscordLogger;
  now?: () => number;
  /** How long an interaction token is used for follow-ups; default 14 min (Discord allows 15). */
  tokenTtlMs?: number;
  /** Fetches a public clip URL to attach it (tests inject; default HTTP with the upload limit as cap). */
  fetchClip?: (url: string, maxBytes: number) => Promise<Uint8Array>;
}

export interface DiscordTransport {
  port: ChatPort;
  client: Client;
  /** Logs in and resolves once the gateway session is ready. */
  start(): Promise<void>;
  /** Closes the gateway connection; conversations in flight are not cut off. */
  stop(): Promise<void>;
}

const COMMAND_NAMES = new Set<string>(COMMANDS.map((c) => c.name));
const DOWNLOAD_TIMEOUT_MS = 30_000;

export function createDiscordTransport(deps: DiscordTransportDeps): DiscordTransport {
  const { conversations, translator } = deps;
  const now = deps.now ?? Date.now;
  const log = deps.log;
  const buttons = createButtonStore(deps.db);
  const media = createMediaStore(deps.db);
  const interactions = createInteractionLog({ now, ...(deps.tokenTtlMs !== undefined ? { ttlMs: deps.tokenTtlMs } : {}) });

  // REST over Node's own fetch. Importing undici 7 (the providers' HTTP) installs its Agent as the
  // process-wide dispatcher that every undici copy shares; @discordjs/rest's default request (its
  // own undici 6) then hands its multipart FormData to that Agent, which cannot read it ("action is
  // not a function"), so clips never attached. fetch encodes the body itself before dispatching.
  // Attachments come from Discord's CDN; a configured API root (a proxy, a test's fake) serves them itself.
  trustOrigin(deps.apiRoot);
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: deps.apiRoot, makeRequest: fetch as never } });
  const port = createDiscordPort({
    rest: client.rest,
    applicationId: deps.applicationId,
    translator,
    buttons,
    interactions,
    now,
    ...(log ? { log } : {}),
    ...(deps.fetchClip ? { fetchClip: deps.fetchClip } : {}),
  });

  function remember(i: ChatInputCommandInteraction | ButtonInteraction, chatId: string, originalPending: boolean): InteractionHandle {
    const handle: InteractionHandle = {
      id: i.id,
      applicationId: i.applicationId,
      token: i.token,
      chatId,
      userId: i.user.id,
      receivedAt: now(),
      attachmentSizeLimit: i.attachmentSizeLimit ?? DEFAULT_ATTACHMENT_LIMIT,
      originalPending,
    };
    interactions.remember(handle);
    return handle;
  }

  function incomingOf(i: Interaction, chatId: string): Incoming {
    return {
      platform: "discord",
      chatId,
      userId: i.user.id,
      clientLocale: i.locale,
      updateId: i.id,
      context: { [INTERACTION_CONTEXT]: i.id },
      // A server channel is a group with a payer policy; a DM with the bot is private.
      group: i.guildId !== null,
      ...(i.guildId ? { guildId: i.guildId } : {}),
    };
  }

  function targetOf(incoming: Incoming, language: string): ChatTarget {
    return { platform: "discord", chatId: incoming.chatId, userId: incoming.userId, language, ...(incoming.context ? { context: incoming.context } : {}) };
  }

  /** A language for answers the conversation runner does not produce (alerts before it runs, errors). */
  function languageOf(i: Interaction): string {
    return conversations.languageFor({ platform: "discord", chatId: i.channelId ?? "", userId: i.user.id, clientLocale: i.locale });
  }

  async function say(incoming: Incoming, language: string, line: Text): Promise<void> {
    await port.send(targetOf(incoming, language), { type: "message", lines: [line] });
  }

  /** Shows the alert, if any, and clears a "thinking…" nobody replaced (a duplicate, or nothing to say). */
  async function finish(handle: InteractionHandle, incoming: Incoming, handled: Handled): Promise<void> {
    if (handled.alert) await say(incoming, handled.language, handled.alert);
    if (handle.originalPending) {
      handle.originalPending = false;
      await client.rest
        .delete(Routes.webhookMessage(handle.applicationId, handle.token, "@original"), { auth: false })
        .catch((error: unknown) => log?.warn({ interaction: handle.id, error: messageOf(error) }, "discord_thinking_not_cleared"));
    }
  }

  async function downloadImage(a: Attachment): Promise<ReferenceImage> {
    if (a.size > MAX_IMAGE_BYTES) throw new MediaRejected("too_large", "media.too_large");
    const bytes = await fetchCapped(a.url, MAX_IMAGE_BYTES, DOWNLOAD_TIMEOUT_MS).catch((error: unknown) => {
      if (error instanceof DownloadError && error.reason === "too_large") throw new MediaRejected("too_large", "media.too_large");
      throw error;
    });
    return media.save(bytes, a.name, now());
  }

  async function onCommand(i: ChatInputCommandInteraction, chatId: string): Promise<void> {
    await i.deferReply({ flags: MessageFlags.Ephemeral });
    const handle = remember(i, chatId, true);
    const incoming = incomingOf(i, chatId);
    if (!COMMAND_NAMES.has(i.commandName)) return finish(handle, incoming, { language: languageOf(i), alert: text("help.unknown_command") });
    const name = i.commandName as CommandName;

    const values: OptionValues = {};
    for (const option of i.options.data) {
      if (option.type !== ApplicationCommandOptionType.Attachment && (typeof option.value === "string" || typeof option.value === "number")) {
        values[option.name] = option.value;
      }
    }
    if (name === "admin") return finish(handle, incoming, await conversations.handle(incoming, { type: "admin", command: adminOf(values) }));
    if (name !== "video" && name !== "image") {
      return finish(handle, incoming, await conversations.handle(incoming, { type: "command", name, args: commandArgs(name, values) }));
    }
    const attachments = IMAGE_OPTIONS.map((o) => i.options.getAttachment(o)).filter((a): a is Attachment => a !== null);
    let images: ReferenceImage[];
    try {
      images = [];
      for (const a of attachments) images.push(await downloadImage(a));
    } catch (error) {
      const line = error instanceof MediaRejected ? text(error.i18nKey) : text("discord:error.image_download");
      if (!(error instanceof MediaRejected)) log?.warn({ interaction: i.id, error: messageOf(error) }, "discord_attachment_failed");
      return finish(handle, incoming, { language: languageOf(i), alert: line });
    }
    // One event for the command, its options and its pictures: one step, one offer.
    const { idea, options } = requestOf(name, values, deps.catalog());
    return finish(handle, incoming, await conversations.handle(incoming, { type: "request", kind: name, idea, options, images }));
  }

  async function onPress(i: ButtonInteraction, chatId: string): Promise<void> {
    await i.deferUpdate();
    const handle = remember(i, chatId, false);
    const incoming = incomingOf(i, chatId);
    const stored = buttons.resolve(i.customId);
    if (!stored || stored.platform !== "discord") return finish(handle, incoming, { language: languageOf(i), alert: text("press.stale") });
    // Who may press is the conversation runner's one decision; the button says who it was made for.
    const handled = await conversations.handle({ ...incoming, buttonOwnerId: stored.ownerId }, { type: "press", action: stored.action });
    await finish(handle, incoming, handled);
    // An answered question or offer should not invite a second press; results keep Again/Remix.
    if (!handled.alert && !handled.duplicate && i.message.flags.has(MessageFlags.Ephemeral)) {
      await i.editReply({ components: [] }).catch((error: unknown) => log?.warn({ interaction: i.id, error: messageOf(error) }, "discord_buttons_not_cleared"));
    }
  }

  async function onAutocomplete(i: AutocompleteInteraction): Promise<void> {
    const focused = i.options.getFocused(true);
    const today = new Date(now()).toISOString().slice(0, 10);
    const choices = focused.name === "model" ? modelChoices(deps.catalog(), String(focused.value), translator, i.locale, today) : [];
    await i.respond(choices);
  }

  /** The one error boundary: a failure is logged (never a token) and the user told, where possible. */
  async function onInteraction(i: Interaction): Promise<void> {
    const chatId = i.channelId;
    if (!chatId) return;
    try {
      if (i.isAutocomplete()) await onAutocomplete(i);
      else if (i.isChatInputCommand()) await onCommand(i, chatId);
      else if (i.isButton()) await onPress(i, chatId);
    } catch (error) {
      log?.warn({ interaction: i.id, type: i.type, error: messageOf(error) }, "discord_interaction_failed");
      if (i.isRepliable() && (i.deferred || i.replied)) {
        await say(incomingOf(i, chatId), languageOf(i), text("discord:error.generic")).catch(() => undefined);
      }
    }
  }

  client.on(Events.InteractionCreate, (i) => void onInteraction(i));
  client.on(Events.Error, (error) => log?.warn({ error: messageOf(error) }, "discord_client_error"));

  return {
    port,
    client,
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(deps.token);
      await ready;
      log?.info({ user: client.user?.id }, "discord_ready");
    },
    async stop() {
      await client.destroy();
    },
  };
}

/** An error's message only: discord.js errors keep the request URL, which holds interaction tokens. */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
