/**
 * The composition root as a function: from a configuration (and what a test or benchmark puts in
 * place of the real thing) to the whole bot, built but not started. `src/main.ts` calls it and
 * alone starts and stops the process; benchmarks and test harnesses call it instead of copying the
 * wiring. Importing this module starts nothing.
 */
import { hostname } from "node:os";
import type { Writable } from "node:stream";
import type { Config } from "./config.ts";
import { createAccess } from "./app/access.ts";
import { createConversationRunner, type ConversationRunner } from "./app/conversation.ts";
import type { RateLimit } from "./app/rate-limit.ts";
import type { DiscordTransport, DiscordTransportDeps } from "./chat/discord/bot.ts";
import type { TelegramTransport, TelegramTransportOptions } from "./chat/telegram/bot.ts";
import { createTerminalPort, type TerminalPort } from "./chat/terminal/port.ts";
import type { Catalog, ProviderId } from "./domain/catalog.ts";
import { mountHooks } from "./http/hooks.ts";
import { checkHealth, createHttpServer, type HttpServer } from "./http/server.ts";
import { createTranslator, type Translator } from "./i18n/index.ts";
import { createJobs, locateFfmpeg, type Jobs, type JobsConfig, type SpendRules } from "./jobs/index.ts";
import { createLogger, secretValues, type Logger } from "./log.ts";
import { createMetrics, type Metrics } from "./metrics.ts";
import type { ChatPort, Platform } from "./ports/chat.ts";
import type { Provider } from "./providers/provider.ts";
import { createCatalogService, createProviders, providerHosts, type CatalogService } from "./providers/registry.ts";
import { openDatabase, type Db } from "./store/database.ts";

/** What a test or benchmark puts in place of the real thing; anything absent comes from the configuration. */
export interface AppOverrides {
  /** The clock of the conversations and the jobs layer. */
  now?: () => number;
  random?: () => number;
  /** Quote ids. */
  newId?: () => string;
  /** An open database instead of opening DATABASE_PATH. */
  db?: Db;
  translator?: Translator;
  providers?: ReadonlyMap<ProviderId, Provider>;
  /** A fixed catalog instead of the providers' live capabilities (nothing refreshes then). */
  catalog?: Catalog;
  /** Ports beside (or instead of) the configured platforms'. */
  ports?: Partial<Record<Platform, ChatPort>>;
  jobs?: Partial<JobsConfig>;
  /** Budgets and the group payer policy instead of the configured ones. */
  spending?: SpendRules;
  /** ffmpeg: a path, or null for none; looked up on PATH when absent. */
  ffmpeg?: string | null;
  quoteTtlMs?: number;
  /** The per-speaker message rate limit instead of DEFAULT_RATE_LIMIT. */
  rateLimit?: RateLimit;
  log?: Logger;
  /** Where the terminal chat writes; stdout by default. */
  terminalOutput?: Writable;
  telegram?: Partial<Pick<TelegramTransportOptions, "now" | "pollTimeoutSeconds" | "albumDebounceMs" | "retry" | "apiTimeoutSeconds" | "botInfo">>;
  discord?: Partial<Pick<DiscordTransportDeps, "now" | "tokenTtlMs" | "fetchClip">>;
  /** Wraps what the transports call, e.g. a benchmark's timing; metrics are applied first. */
  wrap?: { conversations?(runner: ConversationRunner): ConversationRunner; port?(port: ChatPort): ChatPort };
  /** Serves HTTP (health, metrics, the Telegram webhook) on start; default true. */
  serveHttp?: boolean;
}

export interface App {
  readonly config: Config;
  readonly db: Db;
  readonly log: Logger;
  readonly translator: Translator;
  readonly providers: ReadonlyMap<ProviderId, Provider>;
  readonly catalog: () => Catalog;
  readonly metrics: Metrics;
  readonly jobs: Jobs;
  readonly conversations: ConversationRunner;
  readonly ports: Partial<Record<Platform, ChatPort>>;
  readonly terminal: TerminalPort;
  readonly telegram: TelegramTransport | undefined;
  readonly discord: DiscordTransport | undefined;
  readonly http: HttpServer;
  /** The built-in sandbox is the provider. */
  readonly sandbox: boolean;
  /** The HTTP port in use once started (0 before, or when HTTP is not served). */
  readonly httpPort: number;
  /** Reads the catalog, serves HTTP, connects the chat transports, then starts the jobs layer. */
  start(): Promise<void>;
  /**
   * No new updates (a webhook arrives over HTTP), then the ones in hand finish, then the jobs layer
   * finishes its calls and frees its leases, so the next start picks up at once; then the database closes.
   */
  stop(): Promise<void>;
}

const CATALOG_TIMEOUT_MS = 30_000;

export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const log = overrides.log ?? createLogger({ level: config.LOG_LEVEL, secrets: secretValues(config) });
  const db = overrides.db ?? openDatabase(config.DATABASE_PATH);
  const metrics = createMetrics({ db });
  const translator = overrides.translator ?? (await createTranslator());
  const providers = overrides.providers ?? createProviders(config, metrics.instrumentProvider);
  const sandbox = providers.has("sandbox");
  const fixed = overrides.catalog;
  const live: CatalogService | undefined = fixed ? undefined : createCatalogService(providers, providerHosts(config));
  const catalog = fixed ? () => fixed : live!.current;

  const ports: Partial<Record<Platform, ChatPort>> = {};
  const terminal = createTerminalPort({ output: overrides.terminalOutput ?? process.stdout, translator, downloadDir: config.DOWNLOAD_DIR });
  ports.terminal = terminal;
  Object.assign(ports, overrides.ports);

  const ffmpeg = overrides.ffmpeg !== undefined ? overrides.ffmpeg : (locateFfmpeg({ configured: config.FFMPEG_PATH }) ?? null);
  const jobs = createJobs({
    db,
    providers,
    catalog,
    ports,
    ffmpeg,
    log,
    ...(overrides.now ? { now: overrides.now } : {}),
    ...(overrides.random ? { random: overrides.random } : {}),
    spending: overrides.spending ?? {
      userBudget: config.USER_DAILY_BUDGET,
      chatBudget: config.CHAT_DAILY_BUDGET,
      groupPayer: config.GROUP_PAYER,
      timeZone: config.BUDGET_TIMEZONE,
    },
    config: {
      pollMinMs: config.POLL_MIN_INTERVAL_MS,
      pollMaxMs: config.POLL_MAX_INTERVAL_MS,
      hardDeadlineMs: config.JOB_DEADLINE_MINUTES * 60_000,
      leaseMs: 30_000,
      providerConcurrency: config.PROVIDER_CONCURRENCY,
      progressEditIntervalMs: 15_000,
      // Stable across restarts, so a restarted process takes its own leases back at once.
      ownerId: `reelsmith@${hostname()}`,
      maxActivePerUser: config.MAX_ACTIVE_JOBS_PER_USER,
      statusLookup: config.STATUS_LOOKUP,
      statusLimits: { lookupsPerMinute: config.STATUS_LOOKUPS_PER_MINUTE, providerCallsPerHour: config.STATUS_PROVIDER_CALLS_PER_HOUR },
      retentionDays: config.RETENTION_DAYS,
      ...(config.PUBLIC_BASE_URL ? { publicBaseUrl: config.PUBLIC_BASE_URL } : {}),
      ...overrides.jobs,
    },
  });
  const runner = metrics.instrumentRunner(
    createConversationRunner({
      db,
      catalog,
      jobs,
      translator,
      ports,
      quoteTtlMs: overrides.quoteTtlMs ?? config.QUOTE_TTL_MINUTES * 60_000,
      sandbox,
      stitching: ffmpeg !== null,
      ceilings: { maxClips: config.MAX_CLIPS_PER_REQUEST, maxSeconds: config.MAX_SECONDS_PER_REQUEST },
      ...(overrides.now ? { now: overrides.now } : {}),
      ...(overrides.newId ? { newId: overrides.newId } : {}),
      ...(overrides.rateLimit ? { rateLimit: overrides.rateLimit } : {}),
      access: createAccess({
        db,
        config: {
          mode: config.ACCESS,
          admins: config.ADMIN_USER_IDS,
          users: config.ALLOWED_USER_IDS,
          chats: config.ALLOWED_CHAT_IDS,
          guilds: config.ALLOWED_GUILD_IDS,
        },
      }),
    }),
  );
  const conversations = overrides.wrap?.conversations?.(runner) ?? runner;
  const platformPort = <P extends ChatPort>(port: P): ChatPort => {
    const counted = metrics.instrumentPort(port);
    return overrides.wrap?.port?.(counted) ?? counted;
  };

  // Chat libraries load only when their transport is on: discord.js alone takes seconds to import.
  const discord =
    config.DISCORD_TOKEN && config.DISCORD_APPLICATION_ID
      ? (await import("./chat/discord/bot.ts")).createDiscordTransport({
          token: config.DISCORD_TOKEN,
          applicationId: config.DISCORD_APPLICATION_ID,
          apiRoot: config.DISCORD_API_ROOT,
          conversations,
          db,
          translator,
          catalog,
          log,
          ...overrides.discord,
        })
      : undefined;
  if (discord) ports.discord = platformPort(discord.port);
  const webhook = config.TELEGRAM_WEBHOOK_URL && config.TELEGRAM_WEBHOOK_SECRET
    ? { url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET }
    : undefined;
  const telegram = config.TELEGRAM_BOT_TOKEN
    ? (await import("./chat/telegram/bot.ts")).createTelegramTransport({
        token: config.TELEGRAM_BOT_TOKEN,
        apiRoot: config.TELEGRAM_API_ROOT,
        db,
        translator,
        conversations,
        log,
        ...(webhook ? { webhook } : {}),
        ...overrides.telegram,
      })
    : undefined;
  if (telegram) ports.telegram = platformPort(telegram.port);

  const http = createHttpServer({
    health: () =>
      checkHealth({
        db,
        transports: {
          ...(discord ? { discord: () => discord.client.isReady() } : {}),
          ...(telegram ? { telegram: () => telegram.connected() } : {}),
        },
      }),
    metrics,
    log,
  });
  if (telegram && webhook) http.route("POST", new URL(webhook.url).pathname, (req, res) => telegram.webhook(req, res));
  // Push completions: signed webhooks (OPENAI_WEBHOOK_SECRET) and callback URLs (PUBLIC_BASE_URL).
  const callbackProviders = config.PUBLIC_BASE_URL ? [...providers.values()].filter((p) => p.acceptsCallbackUrl).map((p) => p.id) : [];
  mountHooks(http, { db, jobs, openaiSecret: config.OPENAI_WEBHOOK_SECRET, callbackProviders, log });

  let refresh: NodeJS.Timeout | undefined;
  let httpPort = 0;

  async function refreshCatalog(): Promise<void> {
    if (!live) return;
    for (const failure of await live.refresh(AbortSignal.timeout(CATALOG_TIMEOUT_MS))) {
      log.warn({ provider: failure.provider, err: failure.error.message }, "capabilities unavailable; using built-in models");
    }
  }

  return {
    config,
    db,
    log,
    translator,
    providers,
    catalog,
    metrics,
    jobs,
    conversations,
    ports,
    terminal,
    telegram,
    discord,
    http,
    sandbox,
    get httpPort() {
      return httpPort;
    },

    async start() {
      await refreshCatalog();
      if (live) {
        refresh = setInterval(() => {
          void live.refresh(AbortSignal.timeout(CATALOG_TIMEOUT_MS)).then((failures) => {
            for (const f of failures) log.warn({ provider: f.provider, err: f.error.message }, "capabilities refresh failed");
          });
        }, config.CAPABILITIES_REFRESH_MINUTES * 60_000);
        refresh.unref();
      }
      if (overrides.serveHttp ?? true) httpPort = await http.listen(config.HTTP_PORT, config.HTTP_HOST);
      // Logged in before the jobs start, so a result finished while we were down can be posted at once.
      if (discord) await discord.start();
      if (telegram) await telegram.start();
      jobs.start();
    },

    async stop() {
      clearInterval(refresh);
      try {
        await http.close();
        await telegram?.stop();
        await discord?.stop();
        await jobs.stop();
      } finally {
        db.close();
      }
    },
  };
}
