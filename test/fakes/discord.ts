/**
 * A loopback Discord: REST under `/api/v10` and the gateway on the same port, enough for discord.js
 * 14 to log in and for a test to play users (platforms.md §6.2).
 *
 * REST: `GET /gateway/bot` (with `session_start_limit`, or discord.js crashes), interaction
 * callbacks (204 with no content type), webhook follow-ups and edits (`@original` arrives as
 * `%40original`), channel messages with multipart attachments, command registration, and a small
 * CDN for attachment options. Tokens can be expired to answer 401 like Discord does after 15 min.
 * Gateway: HELLO, IDENTIFY → READY (+ GUILD_CREATE per guild), heartbeat → ACK, and dispatch of
 * INTERACTION_CREATE built from helpers for slash commands, button clicks and autocomplete.
 * Every REST request lands in `calls`; `waitFor` waits for one that matches.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

const DISCORD_EPOCH = 1_420_070_400_000n;

export interface FakeUser {
  id: string;
  username: string;
  /** The client's language, sent as the interaction's `locale`. */
  locale: string;
}

export interface FakeFile {
  field: string;
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

export type CallRoute =
  | "gateway"
  | "callback"
  | "webhook_create"
  | "webhook_edit"
  | "webhook_delete"
  | "channel_create"
  | "channel_edit"
  | "commands"
  | "cdn"
  | "unknown";

export interface DiscordCall {
  method: string;
  /** Path after `/api/v10`, percent-decoded (`/webhooks/1/tok/messages/@original`). */
  path: string;
  route: CallRoute;
  /** The JSON body, or multipart `payload_json`. */
  body: Record<string, unknown> | undefined;
  files: FakeFile[];
  /** Whether `Authorization: Bot <token>` was present and right. */
  authorized: boolean;
  interactionId?: string;
  token?: string;
  channelId?: string;
  /** The message created or edited, when the call did that. */
  message?: FakeMessage;
  status: number;
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  content: string;
  flags: number;
  components: unknown[];
  attachments: Array<{ id: string; filename: string; size: number; content_type: string }>;
  /** Set for interaction responses and follow-ups. */
  webhook_id?: string;
  /** The interaction token it was posted through, if any. */
  via?: "interaction" | "channel";
  token?: string;
  /** The bytes of attached files, by filename. */
  files: Map<string, Uint8Array>;
}

export interface FakeGuild {
  id: string;
  channelIds: string[];
}

export interface FakeDiscordOptions {
  token?: string;
  applicationId?: string;
  /** Short in tests so heartbeats really happen; default 1000 ms. */
  heartbeatIntervalMs?: number;
  guilds?: FakeGuild[];
}

export interface InteractionRef {
  id: string;
  token: string;
}

export interface SlashCommandInput {
  user: FakeUser;
  channelId: string;
  /** Absent: a DM with the bot. */
  guildId?: string;
  name: string;
  options?: Record<string, string | number | FakeAttachment>;
  attachmentSizeLimit?: number;
}

export interface ClickInput {
  user: FakeUser;
  channelId: string;
  guildId?: string;
  attachmentSizeLimit?: number;
  customId: string;
  /** The message the button is on (as the bot sent it). */
  message: FakeMessage;
}

export interface AutocompleteInput {
  user: FakeUser;
  channelId: string;
  guildId?: string;
  name: string;
  focused: string;
  value: string;
  options?: Record<string, string | number>;
}

export interface FakeAttachment {
  id: string;
  filename: string;
  size: number;
  content_type: string;
  url: string;
  proxy_url: string;
}

export interface FakeDiscord {
  /** Root to pass as `rest.api` (`http://127.0.0.1:PORT/api`). */
  apiRoot: string;
  token: string;
  applicationId: string;
  botUserId: string;
  calls: DiscordCall[];
  /** Every message created, in order (channel posts, follow-ups, interaction originals). */
  messages: FakeMessage[];
  /** Registered commands by scope ("global" or a guild id). */
  commands: Map<string, unknown[]>;
  /** IDENTIFY payloads received (the token field removed). */
  identifies: Array<Record<string, unknown>>;
  heartbeats: number;
  /** RESUMEs received (a client that lost its connection and came back). */
  resumes: number;
  /** Resolves once a client has identified and been sent READY. */
  ready(): Promise<void>;
  slashCommand(input: SlashCommandInput): InteractionRef;
  click(input: ClickInput): InteractionRef;
  autocomplete(input: AutocompleteInput): InteractionRef;
  /** Stores bytes on the fake CDN and returns the attachment object to pass as an option. */
  attachment(bytes: Uint8Array, filename: string, contentType: string): FakeAttachment;
  /** From now on webhook calls with this token answer 401 (Discord: tokens live 15 minutes). */
  expireToken(token: string): void;
  /** The first call (already made or coming) that matches; rejects after `timeoutMs`. */
  waitFor(match: (call: DiscordCall) => boolean, timeoutMs?: number): Promise<DiscordCall>;
  /** Closes open gateway connections, as a network blip would (the client resumes or re-identifies). */
  dropConnections(): void;
  close(): Promise<void>;
}

function snowflakes(): () => string {
  let increment = 0n;
  return () => {
    increment = (increment + 1n) & 0xfffn;
    return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | increment).toString();
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** Discord answers 204 with no body; a JSON content type here would crash undici's parser in the client. */
function noContent(res: ServerResponse): void {
  res.writeHead(204);
  res.end();
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseBody(req: IncomingMessage, raw: Buffer): Promise<{ body: Record<string, unknown> | undefined; files: FakeFile[] }> {
  const type = req.headers["content-type"] ?? "";
  if (raw.length === 0) return { body: undefined, files: [] };
  if (type.startsWith("multipart/form-data")) {
    const form = await new Response(raw, { headers: { "content-type": type } }).formData();
    const files: FakeFile[] = [];
    let body: Record<string, unknown> | undefined;
    for (const [field, value] of form.entries()) {
      if (typeof value === "string") {
        if (field === "payload_json") body = JSON.parse(value) as Record<string, unknown>;
      } else {
        files.push({ field, name: value.name, contentType: value.type, bytes: new Uint8Array(await value.arrayBuffer()) });
      }
    }
    return { body, files };
  }
  return { body: JSON.parse(raw.toString("utf8")) as Record<string, unknown>, files: [] };
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const token = options.token ?? "fake-bot-token.discord.test";
  const nextId = snowflakes();
  const applicationId = options.applicationId ?? nextId();
  const botUserId = applicationId;
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 1000;
  const guilds = options.guilds ?? [];
  const calls: DiscordCall[] = [];
  const messages: FakeMessage[] = [];
  const commands = new Map<string, unknown[]>();
  const identifies: Array<Record<string, unknown>> = [];
  const cdn = new Map<string, { bytes: Uint8Array; type: string }>();
  const expired = new Set<string>();
  /** Interaction token → its id and the message that stands for `@original`. */
  const interactions = new Map<string, { id: string; channelId: string; original?: FakeMessage; guildId?: string }>();
  const waiters = new Set<{ match: (c: DiscordCall) => boolean; resolve: (c: DiscordCall) => void }>();
  const sockets = new Set<WebSocket>();
  let sequence = 0;
  let readyResolve: () => void = () => undefined;
  let readyPromise = new Promise<void>((resolve) => (readyResolve = resolve));

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { message: String(error), code: 0 });
      else res.end();
    });
  });
  const wss = new WebSocketServer({ server });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  const wsUrl = `ws://127.0.0.1:${port}`;

  const botUser = { id: botUserId, username: "reelsmith", discriminator: "0", avatar: null, global_name: null, bot: true };

  function record(call: DiscordCall): void {
    calls.push(call);
    for (const w of [...waiters]) {
      if (w.match(call)) {
        waiters.delete(w);
        w.resolve(call);
      }
    }
  }

  function newMessage(channelId: string, body: Record<string, unknown> | undefined, files: FakeFile[], via: FakeMessage["via"], tokenUsed?: string): FakeMessage {
    const message: FakeMessage = {
      id: nextId(),
      channel_id: channelId,
      content: "",
      flags: 0,
      components: [],
      attachments: [],
      files: new Map(),
      ...(via ? { via } : {}),
      ...(tokenUsed ? { token: tokenUsed, webhook_id: applicationId } : {}),
    };
    applyEdit(message, body, files);
    messages.push(message);
    return message;
  }

  function applyEdit(message: FakeMessage, body: Record<string, unknown> | undefined, files: FakeFile[]): void {
    if (!body) return;
    if (typeof body.content === "string") message.content = body.content;
    if (typeof body.flags === "number") message.flags = body.flags;
    if (Array.isArray(body.components)) message.components = body.components;
    for (const f of files) {
      message.attachments.push({ id: nextId(), filename: f.name, size: f.bytes.byteLength, content_type: f.contentType });
      message.files.set(f.name, f.bytes);
    }
  }

  function wire(message: FakeMessage): Record<string, unknown> {
    return {
      id: message.id,
      channel_id: message.channel_id,
      type: 0,
      content: message.content,
      author: botUser,
      attachments: message.attachments.map((a) => ({ ...a, url: `${base}/cdn/${a.id}/${a.filename}`, proxy_url: `${base}/cdn/${a.id}/${a.filename}` })),
      embeds: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: message.flags,
      components: message.components,
      ...(message.webhook_id ? { webhook_id: message.webhook_id, application_id: applicationId } : {}),
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", base);
    const method = req.method ?? "GET";
    const raw = await readBody(req);

    if (url.pathname.startsWith("/cdn/")) {
      const id = url.pathname.split("/")[2] ?? "";
      const file = cdn.get(id);
      record({ method, path: url.pathname, route: "cdn", body: undefined, files: [], authorized: false, status: file ? 200 : 404 });
      if (!file) return json(res, 404, { message: "Not Found" });
      res.writeHead(200, { "content-type": file.type, "content-length": String(file.bytes.byteLength) });
      res.end(Buffer.from(file.bytes));
      return;
    }

    if (!url.pathname.startsWith("/api/v10/")) return json(res, 404, { message: "404: Not Found", code: 0 });
    const parts = url.pathname.slice("/api/v10".length).split("/").filter(Boolean).map(decodeURIComponent);
    const path = `/${parts.join("/")}`;
    const authorized = req.headers.authorization === `Bot ${token}`;
    const { body, files } = await parseBody(req, raw);
    const call: DiscordCall = { method, path, route: "unknown", body, files, authorized, status: 200 };
    const done = (status: number, payload?: unknown) => {
      call.status = status;
      record(call);
      if (status === 204) return noContent(res);
      json(res, status, payload ?? {});
    };
    const unauthorized = () => done(401, { message: "401: Unauthorized", code: 0 });

    // GET /gateway/bot
    if (method === "GET" && path === "/gateway/bot") {
      call.route = "gateway";
      if (!authorized) return unauthorized();
      return done(200, { url: wsUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 } });
    }

    // POST /interactions/{id}/{token}/callback
    if (method === "POST" && parts[0] === "interactions" && parts[3] === "callback") {
      call.route = "callback";
      call.interactionId = parts[1];
      call.token = parts[2];
      const known = interactions.get(parts[2] ?? "");
      if (!known || known.id !== parts[1]) return done(404, { message: "Unknown interaction", code: 10062 });
      const type = body?.type;
      const data = (body?.data ?? undefined) as Record<string, unknown> | undefined;
      // A reply (4) or a deferred reply (5) creates the interaction's own message: `@original`.
      if (type === 4 || type === 5) {
        known.original = newMessage(known.channelId, { content: "", ...data }, files, "interaction", parts[2]);
        call.message = known.original;
      }
      if (type === 7 && known.original) applyEdit(known.original, data, files);
      return done(204);
    }

    // Webhooks: follow-ups and edits through an interaction token (no bot authorization needed).
    if (parts[0] === "webhooks" && parts[1] === applicationId && parts[2]) {
      const tokenUsed = parts[2];
      call.token = tokenUsed;
      const known = interactions.get(tokenUsed);
      if (!known || expired.has(tokenUsed)) {
        call.route = method === "POST" ? "webhook_create" : method === "DELETE" ? "webhook_delete" : "webhook_edit";
        return done(401, { message: "Invalid Webhook Token", code: 50027 });
      }
      call.channelId = known.channelId;
      call.interactionId = known.id;
      if (method === "POST" && parts.length === 3) {
        call.route = "webhook_create";
        const message = newMessage(known.channelId, body, files, "interaction", tokenUsed);
        call.message = message;
        return url.searchParams.get("wait") === "true" ? done(200, wire(message)) : done(204);
      }
      if (parts[3] === "messages" && parts[4]) {
        const target = parts[4] === "@original" ? known.original : messages.find((m) => m.id === parts[4] && m.token === tokenUsed);
        if (method === "DELETE") {
          call.route = "webhook_delete";
          if (!target) return done(404, { message: "Unknown Message", code: 10008 });
          messages.splice(messages.indexOf(target), 1);
          if (parts[4] === "@original") known.original = undefined;
          return done(204);
        }
        if (method === "PATCH") {
          call.route = "webhook_edit";
          if (!target) return done(404, { message: "Unknown Message", code: 10008 });
          applyEdit(target, body, files);
          call.message = target;
          return done(200, wire(target));
        }
      }
    }

    // Channel messages (the bot's own authority).
    if (parts[0] === "channels" && parts[2] === "messages") {
      call.channelId = parts[1];
      if (!authorized) return unauthorized();
      if (method === "POST" && parts.length === 3) {
        call.route = "channel_create";
        const message = newMessage(parts[1] ?? "", body, files, "channel");
        call.message = message;
        return done(200, wire(message));
      }
      if (method === "PATCH" && parts[3]) {
        call.route = "channel_edit";
        const target = messages.find((m) => m.id === parts[3] && m.channel_id === parts[1]);
        if (!target) return done(404, { message: "Unknown Message", code: 10008 });
        // Ephemeral messages exist only for their interaction; the channel has no such message.
        if ((target.flags & 64) !== 0) return done(404, { message: "Unknown Message", code: 10008 });
        applyEdit(target, body, files);
        call.message = target;
        return done(200, wire(target));
      }
    }

    // Command registration: global or per guild (bulk overwrite).
    if (parts[0] === "applications" && parts[1] === applicationId && method === "PUT") {
      call.route = "commands";
      if (!authorized) return unauthorized();
      const scope = parts[2] === "guilds" ? (parts[3] ?? "") : "global";
      // A bulk overwrite's body is a JSON array.
      const list = (Array.isArray(body) ? body : []) as Array<Record<string, unknown>>;
      const stored = list.map((c) => ({ ...c, id: nextId(), application_id: applicationId, version: nextId() }));
      commands.set(scope, stored);
      return done(200, stored);
    }

    return done(404, { message: "404: Not Found", code: 0 });
  }

  function send(socket: WebSocket, payload: unknown): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(payload));
  }

  /** Events for a session that is between connections wait, as Discord replays them on RESUME. */
  const undelivered: Array<{ t: string; d: unknown }> = [];

  function dispatch(t: string, d: unknown): void {
    if (sockets.size === 0) {
      undelivered.push({ t, d });
      return;
    }
    for (const socket of sockets) send(socket, { op: 0, t, s: ++sequence, d });
  }

  function flush(): void {
    for (const event of undelivered.splice(0)) dispatch(event.t, event.d);
  }

  wss.on("connection", (socket) => {
    send(socket, { op: 10, d: { heartbeat_interval: heartbeatIntervalMs } });
    socket.on("message", (data) => {
      const payload = JSON.parse(String(data)) as { op: number; d: Record<string, unknown> | number | null };
      if (payload.op === 1) {
        fake.heartbeats += 1;
        send(socket, { op: 11 });
        return;
      }
      if (payload.op === 2 || payload.op === 6) {
        const d = (payload.d ?? {}) as Record<string, unknown>;
        if (d.token !== token) {
          socket.close(4004, "Authentication failed.");
          return;
        }
        sockets.add(socket);
        if (payload.op === 6) {
          fake.resumes += 1;
          send(socket, { op: 0, t: "RESUMED", s: ++sequence, d: {} });
          flush();
          return;
        }
        const { token: _secret, ...rest } = d;
        identifies.push(rest);
        send(socket, {
          op: 0,
          t: "READY",
          s: ++sequence,
          d: {
            v: 10,
            user: botUser,
            guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
            session_id: randomBytes(8).toString("hex"),
            resume_gateway_url: wsUrl,
            application: { id: applicationId, flags: 0 },
          },
        });
        for (const g of guilds) send(socket, { op: 0, t: "GUILD_CREATE", s: ++sequence, d: guildPayload(g) });
        readyResolve();
        flush();
      }
    });
    socket.on("close", () => sockets.delete(socket));
  });

  function guildPayload(g: FakeGuild): Record<string, unknown> {
    return {
      id: g.id,
      name: `Guild ${g.id}`,
      icon: null,
      owner_id: "1",
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [{ id: g.id, name: "@everyone", permissions: "2248473465835073", position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      system_channel_id: null,
      system_channel_flags: 0,
      premium_tier: 0,
      preferred_locale: "en-US",
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      joined_at: new Date().toISOString(),
      large: false,
      unavailable: false,
      member_count: 3,
      members: [],
      channels: g.channelIds.map((id, position) => ({ id, type: 0, name: `channel-${position}`, position, permission_overwrites: [], nsfw: false, parent_id: null })),
      threads: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  function userPayload(user: FakeUser): Record<string, unknown> {
    return { id: user.id, username: user.username, discriminator: "0", avatar: null, global_name: user.username };
  }

  /** The fields every interaction carries, in a guild channel or a DM. */
  function envelope(type: number, input: { user: FakeUser; channelId: string; guildId?: string }, attachmentSizeLimit?: number): InteractionRef & { payload: Record<string, unknown> } {
    const id = nextId();
    const interactionToken = `aW50ZXJhY3Rpb246${randomBytes(24).toString("base64url")}`;
    interactions.set(interactionToken, { id, channelId: input.channelId, ...(input.guildId ? { guildId: input.guildId } : {}) });
    const where = input.guildId
      ? {
          guild_id: input.guildId,
          guild_locale: "en-US",
          channel: { id: input.channelId, type: 0, guild_id: input.guildId, name: "general", position: 0, permission_overwrites: [], nsfw: false, parent_id: null },
          member: { user: userPayload(input.user), roles: [], permissions: "2248473465835073", joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0, nick: null, avatar: null, pending: false, premium_since: null },
          authorizing_integration_owners: { "0": input.guildId },
          context: 0,
        }
      : {
          user: userPayload(input.user),
          channel: { id: input.channelId, type: 1, recipients: [userPayload(input.user)], flags: 0, last_message_id: null },
          authorizing_integration_owners: { "0": "0" },
          context: 1,
        };
    const payload: Record<string, unknown> = {
      id,
      application_id: applicationId,
      type,
      token: interactionToken,
      version: 1,
      channel_id: input.channelId,
      locale: input.user.locale,
      app_permissions: "2248473465835073",
      entitlements: [],
      attachment_size_limit: attachmentSizeLimit ?? 10 * 1024 * 1024,
      ...where,
    };
    return { id, token: interactionToken, payload };
  }

  function optionList(values: Record<string, string | number | FakeAttachment>, focused?: string) {
    const attachments: Record<string, FakeAttachment> = {};
    const list = Object.entries(values).map(([name, value]) => {
      if (typeof value === "object") {
        attachments[value.id] = value;
        return { name, type: 11, value: value.id };
      }
      return { name, type: typeof value === "number" ? 4 : 3, value, ...(name === focused ? { focused: true } : {}) };
    });
    return { list, attachments };
  }

  const fake: FakeDiscord = {
    apiRoot: `${base}/api`,
    token,
    applicationId,
    botUserId,
    calls,
    messages,
    commands,
    identifies,
    heartbeats: 0,
    resumes: 0,
    ready: () => readyPromise,
    slashCommand(input) {
      const { id, token: t, payload } = envelope(2, input, input.attachmentSizeLimit);
      const { list, attachments } = optionList(input.options ?? {});
      payload.data = {
        id: nextId(),
        name: input.name,
        type: 1,
        options: list,
        ...(Object.keys(attachments).length > 0 ? { resolved: { attachments } } : {}),
      };
      dispatch("INTERACTION_CREATE", payload);
      return { id, token: t };
    },
    click(input) {
      const { id, token: t, payload } = envelope(3, input, input.attachmentSizeLimit);
      // For a component, `@original` is the message the button is on.
      const known = interactions.get(t);
      const clicked = messages.find((m) => m.id === input.message.id);
      if (known && clicked) known.original = clicked;
      payload.data = { custom_id: input.customId, component_type: 2 };
      payload.message = wire(input.message);
      dispatch("INTERACTION_CREATE", payload);
      return { id, token: t };
    },
    autocomplete(input) {
      const { id, token: t, payload } = envelope(4, input);
      const { list } = optionList({ ...(input.options ?? {}), [input.focused]: input.value }, input.focused);
      payload.data = { id: nextId(), name: input.name, type: 1, options: list };
      dispatch("INTERACTION_CREATE", payload);
      return { id, token: t };
    },
    attachment(bytes, filename, contentType) {
      const id = nextId();
      cdn.set(id, { bytes, type: contentType });
      const url = `${base}/cdn/${id}/${encodeURIComponent(filename)}`;
      return { id, filename, size: bytes.byteLength, content_type: contentType, url, proxy_url: url };
    },
    expireToken(t) {
      expired.add(t);
    },
    waitFor(match, timeoutMs = 10_000) {
      const found = calls.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve: (c: DiscordCall) => (clearTimeout(timer), resolve(c)) };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const recent = calls.slice(-8).map((c) => `${c.method} ${c.route} ${c.status}`).join("; ");
          reject(new Error(`fake Discord: no matching call within ${timeoutMs} ms (recent: ${recent})`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    dropConnections() {
      for (const socket of sockets) socket.terminate();
      sockets.clear();
      readyPromise = new Promise<void>((resolve) => (readyResolve = resolve));
    },
    async close() {
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
