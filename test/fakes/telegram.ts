/**
 * A loopback Telegram Bot API server for end-to-end tests (platforms.md §6.1). It speaks the wire
 * protocol grammY uses: `/bot<token>/<method>` with JSON, form or multipart bodies, Telegram's
 * `{ok, result}` / `{ok:false, error_code, description, parameters}` envelope, real `getUpdates`
 * long polling (offset confirmation, limit, a held timeout, wake on inject, 409 for a second
 * poller or while a webhook is set), webhook delivery with the secret header, `/file/bot<token>/…`
 * downloads, message ids per chat, HTML parse mode checked the way Telegram checks it, and media
 * by URL fetched the way Telegram fetches it. Tests act as users (send text, photos, documents,
 * press buttons), read what the chat shows, wait for calls, and inject faults per method.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const FAKE_BOT_ID = 7_000_001;
/** Shaped like a real token (`\d+:[A-Za-z0-9_-]{35}`), so leak checks look for the real shape. */
export const FAKE_TELEGRAM_TOKEN = `${FAKE_BOT_ID}:AAH3kq9ZfakeTOKENforTESTSonly_x7Yq2`;
export const FAKE_BOT_USERNAME = "reelsmith_test_bot";

export interface FakeUser {
  id: number;
  first_name: string;
  username?: string;
  language_code?: string;
}

export interface FakeChat {
  id: number;
  type: "private" | "group" | "supergroup";
  title?: string;
  first_name?: string;
}

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  /** Files uploaded with multipart, by part name. */
  files: Record<string, UploadedFile>;
  at: number;
  /** The HTTP status the fake answered. */
  status: number;
  description?: string;
}

export interface MediaSent {
  kind: "video" | "photo" | "document";
  source: "url" | "upload" | "file_id";
  url?: string;
  bytes?: Uint8Array;
}

export interface InlineButton {
  text: string;
  callback_data?: string;
  url?: string;
}

/** A message in a chat as the fake keeps it; `text`/`caption` are what the user sees. */
export interface ChatMessage {
  message_id: number;
  chat: FakeChat;
  from: { id: number; is_bot: boolean; first_name: string; username?: string; language_code?: string };
  date: number;
  text?: string;
  caption?: string;
  /** What the bot sent before HTML parsing. */
  raw?: string;
  reply_markup?: { inline_keyboard: InlineButton[][] };
  reply_to_message_id?: number;
  media?: MediaSent;
  media_group_id?: string;
  edits: number;
  /** Telegram-shaped fields for updates (photo, document, entities …). */
  extra?: Record<string, unknown>;
}

export type Fault =
  | { kind: "429"; retryAfter: number }
  | { kind: "5xx"; status?: number }
  | { kind: "not_modified" }
  | { kind: "error"; code: number; description: string };

interface Waiter {
  res: ServerResponse;
  limit: number;
  timer: NodeJS.Timeout;
}

interface StoredFile {
  bytes: Uint8Array;
  /** Reported size; may exceed the bytes held (a "25 MB" document without 25 MB in memory). */
  size: number;
  path: string;
}

const URL_FETCH_LIMIT = { photo: 5 * 1024 * 1024, video: 20 * 1024 * 1024, document: 20 * 1024 * 1024 };
const UPLOAD_LIMIT = { photo: 10 * 1024 * 1024, video: 50 * 1024 * 1024, document: 50 * 1024 * 1024 };
const DOWNLOAD_LIMIT = 20 * 1024 * 1024;
const ALLOWED_TAGS = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji"]);
const JSON_FIELDS = new Set(["reply_markup", "reply_parameters", "media", "entities", "caption_entities", "link_preview_options", "commands", "allowed_updates", "scope"]);

class ApiFailure extends Error {
  constructor(readonly code: number, readonly description: string, readonly parameters?: Record<string, unknown>) {
    super(description);
  }
}

/** Telegram's HTML parse mode: only its tags, balanced; entities decoded. Returns the visible text. */
export function parseTelegramHtml(html: string): string {
  let out = "";
  const stack: string[] = [];
  for (let i = 0; i < html.length; ) {
    const c = html[i]!;
    if (c === "<") {
      const tag = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^<>]*)?)>/.exec(html.slice(i));
      if (!tag) throw new ApiFailure(400, `Bad Request: can't parse entities: Unexpected end of name token at byte offset ${Buffer.byteLength(html.slice(0, i))}`);
      const name = tag[2]!.toLowerCase();
      if (!ALLOWED_TAGS.has(name)) {
        throw new ApiFailure(400, `Bad Request: can't parse entities: Unsupported start tag "${name}" at byte offset ${Buffer.byteLength(html.slice(0, i))}`);
      }
      if (tag[1]) {
        if (stack.pop() !== name) throw new ApiFailure(400, `Bad Request: can't parse entities: Unmatched end tag at byte offset ${Buffer.byteLength(html.slice(0, i))}, expected "</${stack.at(-1) ?? ""}>", found "</${name}>"`);
      } else {
        stack.push(name);
      }
      i += tag[0].length;
      continue;
    }
    if (c === "&") {
      const entity = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);/.exec(html.slice(i));
      if (!entity) throw new ApiFailure(400, `Bad Request: can't parse entities: Unsupported HTML entity at byte offset ${Buffer.byteLength(html.slice(0, i))}`);
      const name = entity[1]!;
      out +=
        name === "lt" ? "<" : name === "gt" ? ">" : name === "amp" ? "&" : name === "quot" ? '"'
          : String.fromCodePoint(name.startsWith("#x") ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1)));
      i += entity[0].length;
      continue;
    }
    if (c === ">") throw new ApiFailure(400, `Bad Request: can't parse entities: Character '>' is reserved at byte offset ${Buffer.byteLength(html.slice(0, i))}`);
    out += c;
    i++;
  }
  if (stack.length > 0) throw new ApiFailure(400, `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${stack.at(-1)}"`);
  return out;
}

function parseMultipart(body: Buffer, contentType: string): { fields: Record<string, string>; files: Record<string, UploadedFile> } {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) throw new ApiFailure(400, "Bad Request: multipart boundary missing");
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const fields: Record<string, string> = {};
  const files: Record<string, UploadedFile> = {};
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    let part = body.subarray(start + delimiter.length, next);
    if (part[0] === 0x0d && part[1] === 0x0a) part = part.subarray(2);
    if (part.at(-2) === 0x0d && part.at(-1) === 0x0a) part = part.subarray(0, part.length - 2);
    const split = part.indexOf("\r\n\r\n");
    if (split !== -1) {
      const headers = part.subarray(0, split).toString("utf8");
      const content = part.subarray(split + 4);
      const disposition = /content-disposition:\s*form-data\s*;([^\r\n]*)/i.exec(headers)?.[1] ?? "";
      const name = /\bname=(?:"([^"]*)"|([^;\s]+))/i.exec(disposition);
      const filename = /\bfilename=(?:"([^"]*)"|([^;\r\n]+))/i.exec(disposition);
      const key = name?.[1] ?? name?.[2];
      if (key !== undefined) {
        if (filename) files[key] = { name: (filename[1] ?? filename[2] ?? "").trim(), bytes: new Uint8Array(content) };
        else fields[key] = content.toString("utf8");
      }
    }
    start = next;
  }
  return { fields, files };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function byteLength(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

export interface FakeTelegram {
  apiRoot: string;
  token: string;
  bot: { id: number; is_bot: true; first_name: string; username: string };
  /** Every API call in order. */
  readonly calls: ApiCall[];
  /** Calls made inside a 429 window they were told to wait out. */
  readonly floodViolations: number;
  /** Callback answers by query id. */
  readonly answers: Map<string, { text?: string; show_alert?: boolean }>;
  /** Paths of /file/bot… downloads. */
  readonly fileDownloads: string[];
  /** Commands registered with setMyCommands, by language code ("" for the default list). */
  readonly commands: Map<string, { command: string; description: string }[]>;
  /** The webhook set with setWebhook, if any. */
  readonly webhook: { url: string; secret?: string } | undefined;
  privateChat(user: FakeUser): FakeChat;
  group(id: number, title: string): FakeChat;
  /**
   * A text message. With `senderChat` it is posted as a channel (or, with the group itself, as the
   * anonymous admin): `from` is then Telegram's shared placeholder account for that kind of sender.
   */
  sendText(chat: FakeChat, from: FakeUser, text: string, options?: { replyTo?: number; senderChat?: { id: number; type: "channel" | "supergroup" | "group"; title: string } }): ChatMessage;
  /** A message of another kind (sticker, voice, location …): `fields` are its Telegram fields. */
  sendOther(chat: FakeChat, from: FakeUser, fields: Record<string, unknown>): ChatMessage;
  /** The user edits a text message they sent: an `edited_message` update. */
  editText(chat: FakeChat, messageId: number, text: string): void;
  /** Members with status "administrator" in a chat (or channel), answered by getChatMember. */
  setAdmins(chatId: number, userIds: number[]): void;
  sendPhoto(chat: FakeChat, from: FakeUser, bytes: Uint8Array, options?: { caption?: string; mediaGroupId?: string; replyTo?: number }): ChatMessage;
  sendDocument(chat: FakeChat, from: FakeUser, doc: { bytes?: Uint8Array; size?: number; mimeType?: string; fileName: string; caption?: string }): ChatMessage;
  /** Presses an inline button of a message; returns the callback query id. */
  press(chat: FakeChat, from: FakeUser, messageId: number, data: string): string;
  /** Presses the button whose label matches, on the newest bot message in the chat that has it. */
  pressButton(chat: FakeChat, from: FakeUser, label: string | RegExp): string;
  /** Messages the bot sent to a chat, oldest first. */
  botMessages(chatId: number): ChatMessage[];
  message(chatId: number, messageId: number): ChatMessage | undefined;
  waitForMessage(chatId: number, predicate: (m: ChatMessage) => boolean, timeoutMs?: number): Promise<ChatMessage>;
  waitForCall(method: string, predicate?: (c: ApiCall) => boolean, timeoutMs?: number): Promise<ApiCall>;
  waitForAnswer(queryId: string, timeoutMs?: number): Promise<{ text?: string; show_alert?: boolean }>;
  /** The next `times` calls of `method` answer with the fault. */
  failNext(method: string, fault: Fault, times?: number): void;
  /** The user blocks the bot (or the bot is removed from the group): every call for the chat answers 403 from now on. */
  block(chatId: number): void;
  /** Updates not yet confirmed by getUpdates (or not yet accepted by the webhook). */
  pendingUpdates(): number;
  close(): Promise<void>;
}

export async function startFakeTelegram(options: { token?: string; username?: string } = {}): Promise<FakeTelegram> {
  const token = options.token ?? FAKE_TELEGRAM_TOKEN;
  const bot = { id: Number(token.split(":")[0]), is_bot: true as const, first_name: "Reelsmith", username: options.username ?? FAKE_BOT_USERNAME };
  const calls: ApiCall[] = [];
  const answers = new Map<string, { text?: string; show_alert?: boolean }>();
  const fileDownloads: string[] = [];
  const commands = new Map<string, { command: string; description: string }[]>();
  const chats = new Map<number, FakeChat>();
  const messages = new Map<number, Map<number, ChatMessage>>();
  const nextMessageId = new Map<number, number>();
  const files = new Map<string, StoredFile>();
  const faults: { method: string; fault: Fault; left: number }[] = [];
  const blocked = new Set<string>();
  const floodUntil = new Map<string, number>();
  const listeners = new Set<() => void>();
  let updates: Array<Record<string, unknown> & { update_id: number }> = [];
  let nextUpdateId = 1;
  let nextFileId = 1;
  let nextQueryId = 1;
  const admins = new Map<number, Set<number>>();
  let waiter: Waiter | undefined;
  let allowedUpdates: string[] | undefined;
  let webhook: { url: string; secret?: string } | undefined;
  let delivering = false;
  let closed = false;
  let floodViolations = 0;
  let baseUrl = "";

  const notify = () => {
    for (const l of [...listeners]) l();
  };

  function chatMessages(chatId: number): Map<number, ChatMessage> {
    let m = messages.get(chatId);
    if (!m) {
      m = new Map();
      messages.set(chatId, m);
    }
    return m;
  }

  function allocate(chatId: number): number {
    const id = (nextMessageId.get(chatId) ?? 0) + 1;
    nextMessageId.set(chatId, id);
    return id;
  }

  function toTelegram(m: ChatMessage, withReply = true): Record<string, unknown> {
    const out: Record<string, unknown> = { message_id: m.message_id, from: m.from, chat: m.chat, date: m.date, ...m.extra };
    if (m.text !== undefined) out.text = m.text;
    if (m.caption !== undefined) out.caption = m.caption;
    if (m.reply_markup) out.reply_markup = m.reply_markup;
    if (m.media_group_id) out.media_group_id = m.media_group_id;
    if (withReply && m.reply_to_message_id !== undefined) {
      const replied = messages.get(m.chat.id)?.get(m.reply_to_message_id);
      // Telegram nests one level only.
      if (replied) out.reply_to_message = toTelegram(replied, false);
    }
    return out;
  }

  // ---- updates -----------------------------------------------------------------------------

  function pushUpdate(content: Record<string, unknown>): void {
    updates.push({ update_id: nextUpdateId++, ...content });
    wakePoller();
    void deliverWebhook();
  }

  function deliverable(): Array<Record<string, unknown> & { update_id: number }> {
    if (!allowedUpdates || allowedUpdates.length === 0) return updates;
    return updates.filter((u) => allowedUpdates!.some((type) => type in u));
  }

  function answerPoll(w: Waiter): void {
    clearTimeout(w.timer);
    if (waiter === w) waiter = undefined;
    ok(w.res, deliverable().slice(0, w.limit));
  }

  function wakePoller(): void {
    if (waiter && deliverable().length > 0) answerPoll(waiter);
  }

  function getUpdates(params: Record<string, unknown>, res: ServerResponse): void {
    if (webhook) throw new ApiFailure(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    const offset = Number(params.offset ?? 0);
    if (offset > 0) updates = updates.filter((u) => u.update_id >= offset);
    const limit = Math.min(100, Math.max(1, Number(params.limit ?? 100)));
    const timeout = Math.min(50, Math.max(0, Number(params.timeout ?? 0)));
    if (Array.isArray(params.allowed_updates)) allowedUpdates = params.allowed_updates as string[];
    if (waiter) {
      // Telegram ends the older poll when a newer one arrives.
      const old = waiter;
      waiter = undefined;
      clearTimeout(old.timer);
      fail(old.res, new ApiFailure(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"));
    }
    const ready = deliverable();
    if (ready.length > 0 || timeout === 0 || closed) {
      ok(res, ready.slice(0, limit));
      return;
    }
    const w: Waiter = { res, limit, timer: setTimeout(() => answerPoll(w), timeout * 1000) };
    waiter = w;
    res.on("close", () => {
      if (waiter === w) {
        clearTimeout(w.timer);
        waiter = undefined;
      }
    });
  }

  async function deliverWebhook(): Promise<void> {
    if (delivering || !webhook || closed) return;
    delivering = true;
    try {
      while (webhook && !closed && updates.length > 0) {
        const update = updates[0]!;
        const target = webhook;
        let accepted = false;
        try {
          const res = await fetch(target.url, {
            method: "POST",
            headers: { "content-type": "application/json", ...(target.secret ? { "x-telegram-bot-api-secret-token": target.secret } : {}) },
            body: JSON.stringify(update),
            signal: AbortSignal.timeout(10_000),
          });
          await res.arrayBuffer();
          accepted = res.ok;
        } catch {
          accepted = false;
        }
        if (accepted) updates = updates.filter((u) => u.update_id !== update.update_id);
        else await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      delivering = false;
    }
  }

  // ---- media -------------------------------------------------------------------------------

  function storeFile(bytes: Uint8Array, size: number, folder: string, extension: string): string {
    const id = `FILE${String(nextFileId++).padStart(6, "0")}`;
    files.set(id, { bytes, size, path: `${folder}/file_${id}.${extension}` });
    return id;
  }

  async function resolveMedia(kind: MediaSent["kind"], value: unknown, uploaded: Record<string, UploadedFile>): Promise<MediaSent> {
    if (typeof value !== "string" || value.length === 0) throw new ApiFailure(400, `Bad Request: there is no ${kind} in the request`);
    if (value.startsWith("attach://")) {
      const file = uploaded[value.slice("attach://".length)];
      if (!file) throw new ApiFailure(400, "Bad Request: wrong HTTP URL specified");
      if (file.bytes.byteLength > UPLOAD_LIMIT[kind]) throw new ApiFailure(413, "Request Entity Too Large");
      return { kind, source: "upload", bytes: file.bytes };
    }
    if (/^https?:\/\//.test(value)) {
      // Telegram downloads the URL itself and refuses what it cannot fetch or what is too large.
      try {
        const res = await fetch(value, { signal: AbortSignal.timeout(5000) });
        const bytes = new Uint8Array(await res.arrayBuffer());
        if (!res.ok || bytes.byteLength > URL_FETCH_LIMIT[kind]) throw new Error("refused");
        return { kind, source: "url", url: value, bytes };
      } catch {
        throw new ApiFailure(400, "Bad Request: failed to get HTTP URL content");
      }
    }
    const known = files.get(value);
    if (!known) throw new ApiFailure(400, "Bad Request: wrong file identifier/HTTP URL specified");
    return { kind, source: "file_id", bytes: known.bytes };
  }

  function mediaField(media: MediaSent): Record<string, unknown> {
    const bytes = media.bytes ?? new Uint8Array();
    const extension = media.kind === "photo" ? "jpg" : media.kind === "video" ? "mp4" : "dat";
    const fileId = storeFile(bytes, bytes.byteLength, `${media.kind}s`, extension);
    const base = { file_id: fileId, file_unique_id: `U${fileId}`, file_size: bytes.byteLength };
    if (media.kind === "photo") return { photo: [{ ...base, width: 320, height: 320 }] };
    if (media.kind === "video") return { video: { ...base, width: 720, height: 1280, duration: 5 } };
    return { document: base };
  }

  // ---- sending -----------------------------------------------------------------------------

  function knownChat(chatId: unknown): FakeChat {
    const chat = chats.get(Number(chatId));
    if (!chat) throw new ApiFailure(400, "Bad Request: chat not found");
    return chat;
  }

  function checkMarkup(markup: unknown): ChatMessage["reply_markup"] {
    if (markup === undefined) return undefined;
    const rows = (markup as { inline_keyboard?: InlineButton[][] }).inline_keyboard;
    if (!Array.isArray(rows)) throw new ApiFailure(400, "Bad Request: can't parse reply keyboard markup JSON object");
    for (const row of rows) {
      for (const b of row) {
        if (typeof b.text !== "string" || b.text.length === 0) throw new ApiFailure(400, "Bad Request: text buttons are unallowed in the inline keyboard");
        if (b.callback_data !== undefined && (byteLength(b.callback_data) < 1 || byteLength(b.callback_data) > 64)) {
          throw new ApiFailure(400, "Bad Request: BUTTON_DATA_INVALID");
        }
      }
    }
    return { inline_keyboard: rows };
  }

  function replyTarget(chat: FakeChat, params: Record<string, unknown>): number | undefined {
    const reply = params.reply_parameters as { message_id?: number; allow_sending_without_reply?: boolean } | undefined;
    if (!reply?.message_id) return undefined;
    if (chatMessages(chat.id).has(reply.message_id)) return reply.message_id;
    if (reply.allow_sending_without_reply) return undefined;
    throw new ApiFailure(400, "Bad Request: message to be replied not found");
  }

  function visible(value: unknown, parseMode: unknown, limit: number, what: "text" | "caption"): string {
    const raw = typeof value === "string" ? value : "";
    const shown = parseMode === "HTML" ? parseTelegramHtml(raw) : raw;
    if (shown.length > limit) throw new ApiFailure(400, what === "text" ? "Bad Request: message is too long" : "Bad Request: message caption is too long");
    return shown;
  }

  function botMessage(chat: FakeChat, fields: Partial<ChatMessage>): ChatMessage {
    const m: ChatMessage = { message_id: allocate(chat.id), chat, from: { ...bot }, date: Math.floor(Date.now() / 1000), edits: 0, ...fields };
    chatMessages(chat.id).set(m.message_id, m);
    notify();
    return m;
  }

  async function sendMedia(kind: MediaSent["kind"], params: Record<string, unknown>, uploaded: Record<string, UploadedFile>) {
    const chat = knownChat(params.chat_id);
    const caption = params.caption === undefined ? undefined : visible(params.caption, params.parse_mode, 1024, "caption");
    const reply_markup = checkMarkup(params.reply_markup);
    const replyTo = replyTarget(chat, params);
    const media = await resolveMedia(kind, params[kind], uploaded);
    const m = botMessage(chat, {
      ...(caption !== undefined ? { caption, raw: String(params.caption) } : {}),
      ...(reply_markup ? { reply_markup } : {}),
      ...(replyTo !== undefined ? { reply_to_message_id: replyTo } : {}),
      media,
      extra: mediaField(media),
    });
    return toTelegram(m);
  }

  async function call(method: string, params: Record<string, unknown>, uploaded: Record<string, UploadedFile>, res: ServerResponse): Promise<unknown> {
    switch (method) {
      case "getMe":
        return { ...bot, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };
      case "getUpdates":
        getUpdates(params, res);
        return undefined;
      case "deleteWebhook":
        webhook = undefined;
        if (params.drop_pending_updates) updates = [];
        return true;
      case "setWebhook": {
        if (typeof params.url !== "string" || params.url === "") {
          webhook = undefined;
          return true;
        }
        webhook = { url: params.url, ...(typeof params.secret_token === "string" ? { secret: params.secret_token } : {}) };
        if (Array.isArray(params.allowed_updates)) allowedUpdates = params.allowed_updates as string[];
        if (waiter) answerPoll(waiter);
        void deliverWebhook();
        return true;
      }
      case "getWebhookInfo":
        return { url: webhook?.url ?? "", has_custom_certificate: false, pending_update_count: updates.length };
      case "setMyCommands": {
        const list = params.commands as { command: string; description: string }[];
        for (const c of list) {
          if (!/^[a-z0-9_]{1,32}$/.test(c.command) || c.description.length < 1 || c.description.length > 256) {
            throw new ApiFailure(400, "Bad Request: BOT_COMMAND_INVALID");
          }
        }
        commands.set(typeof params.language_code === "string" ? params.language_code : "", list);
        return true;
      }
      case "sendMessage": {
        const chat = knownChat(params.chat_id);
        const shown = visible(params.text, params.parse_mode, 4096, "text");
        if (shown.trim().length === 0) throw new ApiFailure(400, "Bad Request: message text is empty");
        const reply_markup = checkMarkup(params.reply_markup);
        const replyTo = replyTarget(chat, params);
        const m = botMessage(chat, {
          text: shown,
          raw: String(params.text),
          ...(reply_markup ? { reply_markup } : {}),
          ...(replyTo !== undefined ? { reply_to_message_id: replyTo } : {}),
        });
        return toTelegram(m);
      }
      case "editMessageText": {
        const chat = knownChat(params.chat_id);
        const m = chatMessages(chat.id).get(Number(params.message_id));
        if (!m || m.from.id !== bot.id) throw new ApiFailure(400, "Bad Request: message to edit not found");
        const shown = visible(params.text, params.parse_mode, 4096, "text");
        const reply_markup = checkMarkup(params.reply_markup);
        if (shown === m.text && JSON.stringify(reply_markup) === JSON.stringify(m.reply_markup)) {
          throw new ApiFailure(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
        }
        m.text = shown;
        m.raw = String(params.text);
        if (reply_markup) m.reply_markup = reply_markup;
        else delete m.reply_markup;
        m.edits += 1;
        notify();
        return toTelegram(m);
      }
      case "sendChatAction":
        knownChat(params.chat_id);
        return true;
      case "answerCallbackQuery":
        answers.set(String(params.callback_query_id), {
          ...(typeof params.text === "string" ? { text: params.text } : {}),
          ...(params.show_alert === true ? { show_alert: true } : {}),
        });
        notify();
        return true;
      case "sendVideo":
        return sendMedia("video", params, uploaded);
      case "sendPhoto":
        return sendMedia("photo", params, uploaded);
      case "sendDocument":
        return sendMedia("document", params, uploaded);
      case "sendMediaGroup": {
        const chat = knownChat(params.chat_id);
        const items = params.media as { type: "photo" | "video" | "document"; media: string; caption?: string; parse_mode?: string }[];
        if (!Array.isArray(items) || items.length < 2 || items.length > 10) throw new ApiFailure(400, "Bad Request: wrong number of media in the album");
        const replyTo = replyTarget(chat, params);
        const resolved = [];
        for (const item of items) resolved.push({ item, media: await resolveMedia(item.type, item.media, uploaded) });
        const groupId = String(Date.now()) + String(nextFileId);
        return resolved.map(({ item, media }) =>
          toTelegram(
            botMessage(chat, {
              ...(item.caption !== undefined ? { caption: visible(item.caption, item.parse_mode, 1024, "caption") } : {}),
              ...(replyTo !== undefined ? { reply_to_message_id: replyTo } : {}),
              media,
              media_group_id: groupId,
              extra: mediaField(media),
            }),
          ),
        );
      }
      case "getChatMember": {
        const chatId = Number(params.chat_id);
        const userId = Number(params.user_id);
        if (!chats.has(chatId) && !admins.has(chatId)) throw new ApiFailure(400, "Bad Request: chat not found");
        const status = admins.get(chatId)?.has(userId) ? "administrator" : "member";
        return { status, user: { id: userId, is_bot: false, first_name: `User ${userId}` } };
      }
      case "getFile": {
        const file = files.get(String(params.file_id));
        if (!file) throw new ApiFailure(400, "Bad Request: invalid file_id");
        if (file.size > DOWNLOAD_LIMIT) throw new ApiFailure(400, "Bad Request: file is too big");
        return { file_id: params.file_id, file_unique_id: `U${String(params.file_id)}`, file_size: file.size, file_path: file.path };
      }
      default:
        throw new ApiFailure(404, "Not Found: method not found");
    }
  }

  // ---- HTTP --------------------------------------------------------------------------------

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (res.destroyed || res.headersSent) return;
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  }

  function ok(res: ServerResponse, result: unknown): void {
    send(res, 200, { ok: true, result });
  }

  function fail(res: ServerResponse, failure: ApiFailure): void {
    const retryAfter = failure.parameters?.retry_after;
    send(
      res,
      failure.code,
      { ok: false, error_code: failure.code, description: failure.description, ...(failure.parameters ? { parameters: failure.parameters } : {}) },
      retryAfter !== undefined ? { "retry-after": String(retryAfter) } : {},
    );
  }

  function takeFault(method: string): Fault | undefined {
    const index = faults.findIndex((f) => f.method === method);
    const entry = faults[index];
    if (!entry) return undefined;
    if (--entry.left <= 0) faults.splice(index, 1);
    return entry.fault;
  }

  function faultFailure(fault: Fault): ApiFailure {
    switch (fault.kind) {
      case "429":
        return new ApiFailure(429, `Too Many Requests: retry after ${fault.retryAfter}`, { retry_after: fault.retryAfter });
      case "5xx":
        return new ApiFailure(fault.status ?? 502, "Bad Gateway");
      case "not_modified":
        return new ApiFailure(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message");
      case "error":
        return new ApiFailure(fault.code, fault.description);
    }
  }

  async function parseParams(req: IncomingMessage, url: URL): Promise<{ params: Record<string, unknown>; files: Record<string, UploadedFile> }> {
    const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
    let uploaded: Record<string, UploadedFile> = {};
    const body = await readBody(req);
    const type = req.headers["content-type"] ?? "";
    if (body.length > 0) {
      if (type.includes("application/json")) Object.assign(params, JSON.parse(body.toString("utf8")));
      else if (type.includes("multipart/form-data")) {
        const parsed = parseMultipart(body, type);
        Object.assign(params, parsed.fields);
        uploaded = parsed.files;
      } else if (type.includes("application/x-www-form-urlencoded")) Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString("utf8"))));
    }
    for (const key of Object.keys(params)) {
      const value = params[key];
      if (typeof value === "string" && JSON_FIELDS.has(key)) {
        try {
          params[key] = JSON.parse(value);
        } catch {
          throw new ApiFailure(400, `Bad Request: can't parse ${key} JSON object`);
        }
      }
    }
    return { params, files: uploaded };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake.invalid");
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) {
      if (file[1] !== token) return send(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
      const stored = [...files.values()].find((f) => f.path === decodeURIComponent(file[2]!));
      if (!stored) return send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      fileDownloads.push(stored.path);
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(stored.bytes.byteLength) });
      res.end(Buffer.from(stored.bytes));
      return;
    }
    const route = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!route) return send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    if (route[1] !== token) return send(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    const method = route[2]!;
    const entry: ApiCall = { method, params: {}, files: {}, at: Date.now(), status: 200 };
    calls.push(entry);
    try {
      const { params, files: uploaded } = await parseParams(req, url);
      entry.params = params;
      entry.files = uploaded;
      const fault = takeFault(method);
      if (fault) throw faultFailure(fault);
      if (params.chat_id !== undefined && blocked.has(String(params.chat_id))) {
        const chat = chats.get(Number(params.chat_id));
        throw new ApiFailure(403, chat && chat.type !== "private" ? "Forbidden: bot was kicked from the supergroup chat" : "Forbidden: bot was blocked by the user");
      }
      const floodKey = `${method}:${String(params.chat_id ?? "")}`;
      const until = floodUntil.get(floodKey);
      if (until !== undefined && Date.now() < until) {
        floodViolations += 1;
        throw new ApiFailure(429, "Too Many Requests: retry after 1", { retry_after: Math.ceil((until - Date.now()) / 1000) });
      }
      const result = await call(method, params, uploaded, res);
      if (result !== undefined) ok(res, result);
    } catch (error) {
      const failure = error instanceof ApiFailure ? error : new ApiFailure(500, "Internal Server Error");
      entry.status = failure.code;
      entry.description = failure.description;
      const retryAfter = failure.parameters?.retry_after;
      if (typeof retryAfter === "number") floodUntil.set(`${method}:${String(entry.params.chat_id ?? "")}`, Date.now() + retryAfter * 1000);
      fail(res, failure);
    } finally {
      notify();
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function waitUntil<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = probe();
        if (found === undefined) return false;
        listeners.delete(check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      if (!check()) listeners.add(check);
    });
  }

  function userMessage(chat: FakeChat, from: FakeUser, fields: Partial<ChatMessage>, replyTo?: number): ChatMessage {
    chats.set(chat.id, chat);
    const m: ChatMessage = {
      message_id: allocate(chat.id),
      chat,
      from: { id: from.id, is_bot: false, first_name: from.first_name, ...(from.username ? { username: from.username } : {}), ...(from.language_code ? { language_code: from.language_code } : {}) },
      date: Math.floor(Date.now() / 1000),
      edits: 0,
      ...(replyTo !== undefined ? { reply_to_message_id: replyTo } : {}),
      ...fields,
    };
    chatMessages(chat.id).set(m.message_id, m);
    pushUpdate({ message: toTelegram(m) });
    return m;
  }

  function entitiesOf(text: string): Record<string, unknown>[] {
    const entities: Record<string, unknown>[] = [];
    const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
    if (command) entities.push({ type: "bot_command", offset: 0, length: command[0].length });
    for (const m of text.matchAll(/(^|\s)(@[A-Za-z0-9_]{5,})/g)) entities.push({ type: "mention", offset: m.index + m[1]!.length, length: m[2]!.length });
    return entities;
  }

  function press(chat: FakeChat, from: FakeUser, messageId: number, data: string): string {
    const message = chatMessages(chat.id).get(messageId);
    if (!message) throw new Error(`no message ${messageId} in chat ${chat.id}`);
    const id = String(nextQueryId++);
    pushUpdate({
      callback_query: {
        id,
        from: { id: from.id, is_bot: false, first_name: from.first_name, ...(from.language_code ? { language_code: from.language_code } : {}) },
        message: toTelegram(message),
        chat_instance: `ci${chat.id}`,
        data,
      },
    });
    return id;
  }

  return {
    apiRoot: baseUrl,
    token,
    bot,
    calls,
    get floodViolations() {
      return floodViolations;
    },
    answers,
    fileDownloads,
    commands,
    get webhook() {
      return webhook;
    },
    privateChat(user) {
      const chat: FakeChat = { id: user.id, type: "private", first_name: user.first_name };
      chats.set(chat.id, chat);
      return chat;
    },
    group(id, title) {
      const chat: FakeChat = { id, type: "supergroup", title };
      chats.set(chat.id, chat);
      return chat;
    },
    sendText(chat, from, text, opts = {}) {
      const entities = entitiesOf(text);
      const sender = opts.senderChat;
      // Telegram's placeholder accounts: Channel_Bot for channel posts, GroupAnonymousBot for anonymous admins.
      const speaker: FakeUser = sender
        ? sender.id === chat.id ? { id: 1087968824, first_name: "Group", username: "GroupAnonymousBot" } : { id: 136817688, first_name: "Channel", username: "Channel_Bot" }
        : from;
      const extra = { ...(entities.length > 0 ? { entities } : {}), ...(sender ? { sender_chat: sender } : {}) };
      return userMessage(chat, speaker, { text, ...(Object.keys(extra).length > 0 ? { extra } : {}) }, opts.replyTo);
    },
    sendOther(chat, from, fields) {
      return userMessage(chat, from, { extra: fields });
    },
    editText(chat, messageId, text) {
      const m = chatMessages(chat.id).get(messageId);
      if (!m || m.text === undefined) throw new Error(`no text message ${messageId} in chat ${chat.id}`);
      m.text = text;
      m.edits += 1;
      const entities = entitiesOf(text);
      m.extra = { ...m.extra, entities };
      pushUpdate({ edited_message: { ...toTelegram(m), edit_date: Math.floor(Date.now() / 1000) } });
    },
    setAdmins(chatId, userIds) {
      admins.set(chatId, new Set(userIds));
    },
    sendPhoto(chat, from, bytes, opts = {}) {
      const small = storeFile(bytes.subarray(0, Math.min(bytes.byteLength, 64)), Math.min(bytes.byteLength, 64), "photos", "jpg");
      const large = storeFile(bytes, bytes.byteLength, "photos", "jpg");
      const photo = [
        { file_id: small, file_unique_id: `U${small}`, width: 90, height: 90, file_size: Math.min(bytes.byteLength, 64) },
        { file_id: large, file_unique_id: `U${large}`, width: 1280, height: 1280, file_size: bytes.byteLength },
      ];
      return userMessage(
        chat,
        from,
        {
          ...(opts.caption !== undefined ? { caption: opts.caption } : {}),
          ...(opts.mediaGroupId ? { media_group_id: opts.mediaGroupId } : {}),
          extra: { photo, ...(opts.caption ? { caption_entities: entitiesOf(opts.caption) } : {}) },
        },
        opts.replyTo,
      );
    },
    sendDocument(chat, from, doc) {
      const bytes = doc.bytes ?? new Uint8Array();
      const size = doc.size ?? bytes.byteLength;
      const id = storeFile(bytes, size, "documents", doc.fileName.split(".").pop() ?? "dat");
      return userMessage(chat, from, {
        ...(doc.caption !== undefined ? { caption: doc.caption } : {}),
        extra: {
          document: { file_id: id, file_unique_id: `U${id}`, file_name: doc.fileName, file_size: size, ...(doc.mimeType ? { mime_type: doc.mimeType } : {}) },
        },
      });
    },
    press,
    pressButton(chat, from, label) {
      const matches = (t: string) => (typeof label === "string" ? t === label : label.test(t));
      const candidates = [...chatMessages(chat.id).values()].filter((m) => m.from.id === bot.id).reverse();
      for (const m of candidates) {
        const button = m.reply_markup?.inline_keyboard.flat().find((b) => matches(b.text));
        if (button?.callback_data) return press(chat, from, m.message_id, button.callback_data);
      }
      throw new Error(`no button ${String(label)} in chat ${chat.id}`);
    },
    botMessages(chatId) {
      return [...chatMessages(chatId).values()].filter((m) => m.from.id === bot.id);
    },
    message(chatId, messageId) {
      return chatMessages(chatId).get(messageId);
    },
    waitForMessage(chatId, predicate, timeoutMs = 10_000) {
      return waitUntil(() => [...chatMessages(chatId).values()].find((m) => m.from.id === bot.id && predicate(m)), timeoutMs, `a message in chat ${chatId}`);
    },
    waitForCall(method, predicate = () => true, timeoutMs = 10_000) {
      return waitUntil(() => calls.find((c) => c.method === method && predicate(c)), timeoutMs, `a ${method} call`);
    },
    waitForAnswer(queryId, timeoutMs = 10_000) {
      return waitUntil(() => answers.get(queryId), timeoutMs, `the answer to callback ${queryId}`);
    },
    failNext(method, fault, times = 1) {
      faults.push({ method, fault, left: times });
    },
    block(chatId) {
      blocked.add(String(chatId));
    },
    pendingUpdates() {
      return updates.length;
    },
    async close() {
      closed = true;
      webhook = undefined;
      if (waiter) answerPoll(waiter);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
