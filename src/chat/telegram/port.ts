/**
 * Telegram as a ChatPort: replies in HTML parse mode with everything escaped, inline keyboards
 * whose callback_data is an opaque id from the button store, and results delivered by the best
 * route Telegram allows (platforms.md §1.2): a video by URL up to 20 MB, else downloaded and
 * uploaded up to 50 MB, else a link with its thumbnail; images as an album. In groups every reply
 * answers the request it belongs to, so members can tell whose clip is whose.
 */
import { GrammyError, InputFile, type Api } from "grammy";
import type { InlineKeyboardMarkup, InputMediaPhoto, Message as TgMessage } from "grammy/types";
import { text, type Button, type ImagesDelivery, type Message, type Outbound, type Text, type VideoDelivery } from "../../domain/reply.ts";
import type { Translator } from "../../i18n/index.ts";
import type { ButtonStore } from "../../store/buttons.ts";
import { ChatRateLimited, ChatUnreachable, type ChatPort, type ChatTarget, type Sent } from "../../ports/chat.ts";
import { fetchCapped, isFetchable, probeLength } from "../../lib/download.ts";
import { escapeHtml, plainText } from "./html.ts";

/** Telegram fetches a file from a URL itself only up to this size. */
export const URL_SEND_LIMIT = 20 * 1024 * 1024;
/** A bot may upload files up to this size. */
export const UPLOAD_LIMIT = 50 * 1024 * 1024;
export const TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
/** Photos in one album. */
const ALBUM_LIMIT = 10;

export interface TelegramPortDeps {
  api: Api;
  translator: Translator;
  buttons: ButtonStore;
  now?: () => number;
  /** How long to wait for a result file's headers and body. */
  probeTimeoutMs?: number;
  downloadTimeoutMs?: number;
}

type SendOptions = {
  parse_mode: "HTML";
  reply_markup?: InlineKeyboardMarkup;
  reply_parameters?: { message_id: number; allow_sending_without_reply: true };
};

/** Group and supergroup ids are negative; private chats are the user's own (positive) id. */
export function isGroupChat(chatId: string): boolean {
  return chatId.startsWith("-");
}

export function createTelegramPort(deps: TelegramPortDeps): ChatPort {
  const { api, translator, buttons } = deps;
  const now = deps.now ?? Date.now;
  const probeTimeoutMs = deps.probeTimeoutMs ?? 10_000;
  const downloadTimeoutMs = deps.downloadTimeoutMs ?? 120_000;

  function keyboard(to: ChatTarget, rows: Button[][] | undefined): InlineKeyboardMarkup | undefined {
    if (!rows || rows.length === 0) return undefined;
    const owner = { platform: "telegram", chatId: to.chatId, ownerId: to.userId };
    const ids = buttons.registerRows(rows.map((row) => row.map((b) => b.action)), owner, now());
    return {
      inline_keyboard: rows.map((row, r) =>
        row.map((b, c) => ({ text: translator.render(to.language, b.label), callback_data: ids[r]![c]! })),
      ),
    };
  }

  function options(to: ChatTarget, rows?: Button[][]): SendOptions {
    const markup = keyboard(to, rows);
    return {
      parse_mode: "HTML",
      ...(markup ? { reply_markup: markup } : {}),
      ...(isGroupChat(to.chatId) && to.replyTo && /^\d+$/.test(to.replyTo)
        ? { reply_parameters: { message_id: Number(to.replyTo), allow_sending_without_reply: true as const } }
        : {}),
    };
  }

  /** Paragraphs packed into messages under Telegram's length limit; buttons go on the last one. */
  async function sendText(to: ChatTarget, lines: Text[], rows?: Button[][]): Promise<Sent> {
    const chunks = pack(lines.map((line) => translator.render(to.language, line)), TEXT_LIMIT);
    let last: TgMessage | undefined;
    for (const [i, chunk] of chunks.entries()) {
      const opts = i === chunks.length - 1 ? options(to, rows) : options(to);
      last = await api.sendMessage(Number(to.chatId), escapeHtml(chunk), opts);
    }
    return { messageId: String(last!.message_id) };
  }

  /**
   * Sends media with its caption, or, when the caption is longer than Telegram allows under media,
   * the media alone followed by the caption as a message.
   */
  async function withCaption(
    to: ChatTarget,
    caption: Text[],
    rows: Button[][] | undefined,
    sendMedia: (opts: SendOptions & { caption?: string }) => Promise<TgMessage>,
  ): Promise<Sent> {
    const plain = plainText(translator, to.language, caption);
    if (plain.length <= CAPTION_LIMIT) {
      const sent = await sendMedia({ ...options(to, rows), caption: escapeHtml(plain) });
      return { messageId: String(sent.message_id) };
    }
    const sent = await sendMedia(options(to));
    await sendText(to, caption, rows);
    return { messageId: String(sent.message_id) };
  }

  async function sendVideo(to: ChatTarget, d: VideoDelivery): Promise<Sent> {
    const chatId = Number(to.chatId);
    const upload = (file: Uint8Array | string, name: string) => {
      void activity(to, "upload_video");
      return withCaption(to, d.caption, d.buttons, (opts) =>
        api.sendVideo(chatId, new InputFile(file, name), { ...opts, supports_streaming: true }),
      );
    };
    if (d.file) {
      // InputFile streams a path from disk.
      if (d.file.size <= UPLOAD_LIMIT) return upload(d.file.path, d.file.name);
      // The URL needs our credentials, so there is no link to give either: say why.
      return sendText(to, [...d.caption, text("telegram:video.too_large")], d.buttons);
    }
    // An internal address is neither fetched nor handed to Telegram to fetch: the caption carries the URL.
    if (!isFetchable(d.url)) return sendText(to, d.caption, d.buttons);
    const size = await probeLength(d.url, probeTimeoutMs);
    if (size !== undefined && size <= URL_SEND_LIMIT) {
      try {
        return await withCaption(to, d.caption, d.buttons, (opts) => api.sendVideo(chatId, d.url, { ...opts, supports_streaming: true }));
      } catch (error) {
        // Telegram could not fetch it (the host refused it, or the size was wrong): try the bytes.
        if (!isBadRequest(error)) throw error;
      }
    }
    if (size === undefined || size <= UPLOAD_LIMIT) {
      const bytes = await download(d.url, UPLOAD_LIMIT, downloadTimeoutMs);
      if (bytes) return upload(bytes, fileNameOf(d.url));
    }
    return sendLink(to, d);
  }

  /** Too large to send, or not fetchable: the caption carries the URL, shown under the thumbnail. */
  async function sendLink(to: ChatTarget, d: VideoDelivery): Promise<Sent> {
    if (d.thumbnailUrl && isFetchable(d.thumbnailUrl)) {
      try {
        return await withCaption(to, d.caption, d.buttons, (opts) => api.sendPhoto(Number(to.chatId), d.thumbnailUrl!, opts));
      } catch (error) {
        if (!isBadRequest(error)) throw error;
      }
    }
    return sendText(to, d.caption, d.buttons);
  }

  async function sendImages(to: ChatTarget, d: ImagesDelivery): Promise<Sent> {
    const chatId = Number(to.chatId);
    const urls = d.urls.slice(0, ALBUM_LIMIT);
    // Telegram could not fetch the images: the links still reach the user.
    const links = () => sendText(to, [...d.caption, text("telegram:images.links", { urls: d.urls.join("\n") })], d.buttons);
    if (!urls.every(isFetchable)) return links();
    if (urls.length === 1) {
      try {
        return await withCaption(to, d.caption, d.buttons, (opts) => api.sendPhoto(chatId, urls[0]!, opts));
      } catch (error) {
        if (!isBadRequest(error)) throw error;
        return links();
      }
    }
    let album: TgMessage[];
    try {
      const media: InputMediaPhoto[] = urls.map((url) => ({ type: "photo", media: url }));
      const { reply_parameters } = options(to);
      album = await api.sendMediaGroup(chatId, media, reply_parameters ? { reply_parameters } : {});
    } catch (error) {
      if (!isBadRequest(error)) throw error;
      return links();
    }
    // An album cannot carry buttons, so the caption and buttons follow it as one message.
    await sendText(to, d.caption, d.buttons);
    return { messageId: String(album[0]!.message_id) };
  }

  async function activity(to: ChatTarget, kind: "typing" | "upload_video"): Promise<void> {
    try {
      await api.sendChatAction(Number(to.chatId), kind);
    } catch {
      // A chat action is decoration; never let it fail a reply.
    }
  }

  return {
    platform: "telegram",
    async send(to: ChatTarget, message: Outbound): Promise<Sent> {
      try {
        if (message.type === "video") return await sendVideo(to, message);
        if (message.type === "images") return await sendImages(to, message);
        return await sendText(to, message.lines, message.buttons);
      } catch (error) {
        throw portError(to, error);
      }
    },
    async edit(to: ChatTarget, messageId: string, message: Message): Promise<void> {
      const html = escapeHtml(pack(message.lines.map((l) => translator.render(to.language, l)), TEXT_LIMIT)[0] ?? "");
      const markup = keyboard(to, message.buttons);
      try {
        await api.editMessageText(Number(to.chatId), Number(messageId), html, {
          parse_mode: "HTML",
          ...(markup ? { reply_markup: markup } : {}),
        });
      } catch (error) {
        if (error instanceof GrammyError && /message is not modified/i.test(error.description)) return;
        throw portError(to, error);
      }
    },
    activity,
  };
}

/** 400s that mean the chat itself is gone or closed to us, not that this one message was wrong. */
const UNREACHABLE_400 = /chat not found|bot was kicked|user is deactivated|not enough rights to send|have no rights to send|CHAT_WRITE_FORBIDDEN|PEER_ID_INVALID/i;

function isBadRequest(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400 && !UNREACHABLE_400.test(error.description);
}

/** Telegram's answers as the port's errors: 403 and a gone chat end sending; a 429 says how long to wait. */
function portError(to: ChatTarget, error: unknown): unknown {
  if (!(error instanceof GrammyError)) return error;
  if (error.error_code === 403 || (error.error_code === 400 && UNREACHABLE_400.test(error.description))) {
    return new ChatUnreachable("telegram", to.chatId, `${error.error_code} ${error.description}`);
  }
  const retryAfter = error.parameters.retry_after;
  if (error.error_code === 429 && retryAfter !== undefined) return new ChatRateLimited("telegram", to.chatId, retryAfter * 1000);
  return error;
}

/** Paragraphs joined with blank lines into chunks of at most `limit` characters. */
export function pack(paragraphs: string[], limit: number): string[] {
  const chunks: string[] = [];
  let current = "";
  for (const paragraph of paragraphs) {
    for (let rest = paragraph; rest.length > 0; rest = rest.slice(limit)) {
      const piece = rest.slice(0, limit);
      if (current.length > 0 && current.length + 2 + piece.length <= limit) current += `\n\n${piece}`;
      else {
        if (current.length > 0) chunks.push(current);
        current = piece;
      }
    }
  }
  if (current.length > 0 || chunks.length === 0) chunks.push(current);
  return chunks;
}

/** The file's bytes, or undefined when it cannot be fetched or is larger than `limit`. */
async function download(url: string, limit: number, timeoutMs: number): Promise<Uint8Array | undefined> {
  return fetchCapped(url, limit, timeoutMs).catch(() => undefined);
}

function fileNameOf(url: string): string {
  try {
    const last = new URL(url).pathname.split("/").pop() ?? "";
    const safe = last.replace(/[^\w.-]+/g, "_").slice(0, 80);
    return /\.\w{2,4}$/.test(safe) ? safe : "video.mp4";
  } catch {
    return "video.mp4";
  }
}
