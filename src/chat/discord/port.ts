/**
 * Discord as a ChatPort. Replies to a user's own interaction (questions, the offer to confirm) are
 * ephemeral: only the requester sees them and can press their buttons. Results, and everything the
 * jobs layer says later, are public messages in the channel, so a clip is shared where it was
 * asked for. Through the interaction token while it is valid, as a channel message after that.
 * A finished clip is attached when it fits the interaction's upload limit, else linked; the
 * provider's URL is shown as it came.
 */
import { readFile } from "node:fs/promises";
import {
  ButtonStyle,
  ComponentType,
  DiscordAPIError,
  escapeMarkdown,
  MessageFlags,
  Routes,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIMessage,
  type REST,
  type RawFile,
} from "discord.js";
import type { Action, Button, Message, Outbound, Text } from "../../domain/reply.ts";
import type { Translator } from "../../i18n/index.ts";
import type { ButtonStore } from "../../store/buttons.ts";
import { ChatUnreachable, type ChatPort, type ChatTarget, type Sent } from "../../ports/chat.ts";
import { fetchCapped } from "../../lib/download.ts";
import { DEFAULT_ATTACHMENT_LIMIT, type InteractionHandle, type InteractionLog } from "./interactions.ts";

/** Discord's limits: message content, buttons per row, rows per message, button label. */
const MAX_CONTENT = 2000;
const MAX_ROW = 5;
const MAX_ROWS = 5;
const MAX_LABEL = 80;
/** Sent messages whose edit route is remembered. */
const MAX_ROUTES = 2000;

/** Context key under which the bot passes the interaction a reply belongs to. */
export const INTERACTION_CONTEXT = "interactionId";

export interface DiscordPortLogger {
  warn(fields: object, message: string): void;
}

export interface DiscordPortDeps {
  rest: REST;
  applicationId: string;
  translator: Translator;
  buttons: ButtonStore;
  interactions: InteractionLog;
  now: () => number;
  log?: DiscordPortLogger;
  /** How a public clip URL is fetched to attach it; by default over HTTP with the upload limit as cap. */
  fetchClip?: (url: string, maxBytes: number) => Promise<Uint8Array>;
}

type Route = { via: "webhook"; handle: InteractionHandle } | { via: "channel"; chatId: string };

const URL_LINE = /^https?:\/\/\S+$/;

/** Markdown-escapes user and provider text, but leaves URLs exactly as they came (a `\_` would break them). */
export function escapeForDiscord(value: string): string {
  const lines = value.split("\n");
  if (lines.every((line) => URL_LINE.test(line.trim()))) return value;
  return escapeMarkdown(value);
}

const STYLES: Partial<Record<Action["type"], ButtonStyle>> = {
  confirm: ButtonStyle.Success,
  cancel: ButtonStyle.Danger,
  again: ButtonStyle.Primary,
};

export function createDiscordPort(deps: DiscordPortDeps): ChatPort {
  const { rest, translator, interactions } = deps;
  const fetchClip = deps.fetchClip ?? ((url: string, maxBytes: number) => fetchCapped(url, maxBytes, 120_000));
  /** How each message we sent can be edited: through its token, or as a channel message. */
  const routes = new Map<string, Route>();

  const render = (language: string, lines: Text[]) => lines.map((t) => translator.render(language, t, escapeForDiscord)).join("\n\n");

  function components(to: ChatTarget, rows: Button[][] | undefined): APIActionRowComponent<APIButtonComponentWithCustomId>[] {
    if (!rows || rows.length === 0) return [];
    // Rows wider than Discord allows are re-flowed; beyond 25 buttons the rest are dropped.
    const fitted = rows.every((r) => r.length <= MAX_ROW) && rows.length <= MAX_ROWS ? rows : chunk(rows.flat(), MAX_ROW).slice(0, MAX_ROWS);
    const owner = { platform: "discord", chatId: to.chatId, ownerId: to.userId };
    const ids = deps.buttons.registerRows(fitted.map((row) => row.map((b) => b.action)), owner, deps.now());
    return fitted.map((row, r) => ({
      type: ComponentType.ActionRow,
      components: row.map((b, c) => ({
        type: ComponentType.Button,
        style: (STYLES[b.action.type] ?? ButtonStyle.Secondary) as APIButtonComponentWithCustomId["style"],
        label: translator.render(to.language, b.label).slice(0, MAX_LABEL),
        custom_id: ids[r]![c]!,
      })),
    }));
  }

  /** The clip as a file when it fits the upload limit; undefined means link it instead. */
  async function clipFile(message: Extract<Outbound, { type: "video" }>, limit: number): Promise<RawFile | undefined> {
    if (message.file) {
      // discord.js takes an attachment as bytes; within the upload limit that is bounded.
      return message.file.size <= limit ? { name: message.file.name, data: await readFile(message.file.path), contentType: message.file.mime } : undefined;
    }
    try {
      const bytes = await fetchClip(message.url, limit);
      return { name: clipName(message.url), data: bytes, contentType: "video/mp4" };
    } catch (error) {
      // Too large, expired or unreachable: the link still works for the user.
      deps.log?.warn({ error: error instanceof Error ? error.message : String(error) }, "discord_clip_not_attached");
      return undefined;
    }
  }

  async function post(route: Route, body: Record<string, unknown>, files: RawFile[], ephemeral: boolean, replaceOriginal: boolean): Promise<APIMessage> {
    const withFiles = files.length > 0 ? { files } : {};
    if (route.via === "webhook") {
      const { handle } = route;
      if (replaceOriginal) {
        handle.originalPending = false;
        return (await rest.patch(Routes.webhookMessage(handle.applicationId, handle.token, "@original"), { body, auth: false, ...withFiles })) as APIMessage;
      }
      const flags = ((body.flags as number | undefined) ?? 0) | (ephemeral ? MessageFlags.Ephemeral : 0);
      return (await rest.post(Routes.webhook(handle.applicationId, handle.token), {
        body: { ...body, flags },
        query: new URLSearchParams({ wait: "true" }),
        auth: false,
        ...withFiles,
      })) as APIMessage;
    }
    return (await rest.post(Routes.channelMessages(route.chatId), { body, ...withFiles })) as APIMessage;
  }

  async function send(to: ChatTarget, message: Outbound): Promise<Sent> {
    const ownReply = to.context?.[INTERACTION_CONTEXT];
    const handle = ownReply ? interactions.get(ownReply) : interactions.latest(to.chatId, to.userId);
    const usable = interactions.usable(handle) ? handle : undefined;
    // Replies within the user's own interaction are for them alone; results and later news are shared.
    const ephemeral = Boolean(ownReply) && message.type === "message";
    const limit = usable?.attachmentSizeLimit ?? handle?.attachmentSizeLimit ?? DEFAULT_ATTACHMENT_LIMIT;

    let content = render(to.language, message.type === "message" ? message.lines : message.caption);
    const files: RawFile[] = [];
    let flags = 0;
    if (message.type === "video") {
      const file = await clipFile(message, limit);
      if (file) {
        files.push(file);
        // The clip is right there; a second player from the link's embed would only repeat it.
        flags |= MessageFlags.SuppressEmbeds;
      } else if (!content.includes(message.url)) {
        content = `${content}\n${message.url}`;
      }
    } else if (message.type === "images") {
      content = [content, ...message.urls].join("\n");
    }

    // A public message must not go out as the first follow-up of a pending deferral: it would
    // become that (ephemeral) reply. The channel is the safe way then.
    const route: Route =
      usable && (ephemeral || !usable.originalPending) ? { via: "webhook", handle: usable } : { via: "channel", chatId: to.chatId };
    const parts = split(content);
    const rows = components(to, message.buttons);
    let sent: { message: APIMessage; route: Route } | undefined;
    for (const [i, part] of parts.entries()) {
      const last = i === parts.length - 1;
      const body: Record<string, unknown> = {
        content: part,
        allowed_mentions: { parse: [] },
        ...(flags ? { flags } : {}),
        ...(last && rows.length > 0 ? { components: rows } : {}),
      };
      sent = await postWithFallback(sent?.route ?? route, body, last ? files : [], ephemeral, to);
    }
    const { message: posted, route: used } = sent as { message: APIMessage; route: Route };
    remember(posted.id, used);
    return { messageId: posted.id };
  }

  function remember(messageId: string, route: Route): void {
    routes.set(messageId, route);
    // Status messages are edited for minutes, not days; old entries can go.
    if (routes.size > MAX_ROUTES) routes.delete(routes.keys().next().value as string);
  }

  /**
   * A token Discord no longer accepts (401, or 404 for an unknown webhook) means nothing was posted,
   * so a public message can safely go to the channel instead. A reply meant for the requester alone
   * is never posted publicly; that failure, like any other, is left to the caller.
   */
  async function postWithFallback(route: Route, body: Record<string, unknown>, files: RawFile[], ephemeral: boolean, to: ChatTarget): Promise<{ message: APIMessage; route: Route }> {
    const replaceOriginal = route.via === "webhook" && ephemeral && route.handle.originalPending;
    try {
      return { message: await post(route, body, files, ephemeral, replaceOriginal), route };
    } catch (error) {
      const rejectedToken = route.via === "webhook" && error instanceof DiscordAPIError && (error.status === 401 || error.status === 404);
      if (!rejectedToken || ephemeral) throw error;
      deps.log?.warn({ status: error.status, code: error.code }, "discord_token_rejected");
      const channel: Route = { via: "channel", chatId: to.chatId };
      return { message: await post(channel, body, files, false, false), route: channel };
    }
  }

  async function edit(to: ChatTarget, messageId: string, message: Message): Promise<void> {
    const body = {
      content: split(render(to.language, message.lines))[0],
      components: components(to, message.buttons),
      allowed_mentions: { parse: [] },
    };
    const route = routes.get(messageId);
    if (route?.via === "webhook" && interactions.usable(route.handle)) {
      await rest.patch(Routes.webhookMessage(route.handle.applicationId, route.handle.token, messageId), { body, auth: false });
      return;
    }
    await rest.patch(Routes.channelMessage(to.chatId, messageId), { body });
  }

  return {
    platform: "discord",
    send: (to, message) => send(to, message).catch((error: unknown) => Promise.reject(portError(to, error))),
    edit: (to, messageId, message) => edit(to, messageId, message).catch((error: unknown) => Promise.reject(portError(to, error))),
  };
}

/**
 * Discord's codes for a channel or DM the bot can no longer post in: 50007 cannot send messages to
 * this user (DMs closed, or the bot is blocked), 10003 unknown channel, 50001 missing access.
 * (discord.js waits out 429s itself.)
 */
const UNREACHABLE_CODES = new Set<number | string>([50007, 10003, 50001]);

function portError(to: ChatTarget, error: unknown): unknown {
  if (error instanceof DiscordAPIError && UNREACHABLE_CODES.has(error.code)) {
    return new ChatUnreachable("discord", to.chatId, `${error.status} ${error.code}`);
  }
  return error;
}

/** Splits text into pieces Discord accepts, at paragraph or line breaks where possible. */
export function split(content: string, max = MAX_CONTENT): string[] {
  const parts: string[] = [];
  let rest = content.length > 0 ? content : "\u200b";
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const cut = Math.max(window.lastIndexOf("\n\n"), window.lastIndexOf("\n"));
    const at = cut > max / 2 ? cut : max;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n+/, "");
  }
  parts.push(rest);
  return parts;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function clipName(url: string): string {
  const last = new URL(url).pathname.split("/").pop() ?? "";
  const safe = last.replace(/[^\w.-]+/g, "_").slice(0, 80);
  return /\.(mp4|mov|webm)$/i.test(safe) ? safe : "clip.mp4";
}
