/**
 * The composition root: reads the configuration, opens the database, builds providers, the
 * catalog, the jobs layer and the chat transports, and owns start-up and shutdown. Nothing else
 * starts anything.
 */
import { hostname } from "node:os";
import { config as loadDotenv } from "dotenv";
import { pino, destination } from "pino";
import { ConfigError, enabledTransports, loadConfig, type Config } from "./config.ts";
import { createEngine } from "./chat/engine.ts";
import type { ChatPort, Platform } from "./chat/port.ts";
import { runTerminalChat, TERMINAL_CHAT } from "./chat/terminal/app.ts";
import { createTerminalPort } from "./chat/terminal/port.ts";
import { createTranslator } from "./i18n/index.ts";
import { createJobs } from "./jobs/index.ts";
import { findExecutable } from "./jobs/stitch.ts";
import { createCatalogService, createProviders, providerHosts } from "./providers/registry.ts";
import { openDatabase } from "./store/database.ts";

function readConfig(): Config {
  loadDotenv({ quiet: true });
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const transports = enabledTransports(config);
  const terminal = transports.length === 0;
  // In the terminal chat stdout is the conversation, so logs go to stderr and only warnings by default.
  const logLevel = process.env.LOG_LEVEL ? config.LOG_LEVEL : terminal ? "warn" : config.LOG_LEVEL;
  const log = pino({ level: logLevel, base: undefined }, destination(2));

  const db = openDatabase(config.DATABASE_PATH);
  const translator = await createTranslator();
  const providers = createProviders(config);
  const sandbox = providers.has("sandbox");
  const catalog = createCatalogService(providers, providerHosts(config));
  for (const failure of await catalog.refresh(AbortSignal.timeout(30_000))) {
    log.warn({ provider: failure.provider, err: failure.error.message }, "capabilities unavailable; using built-in models");
  }
  const refresh = setInterval(() => {
    void catalog.refresh(AbortSignal.timeout(30_000)).then((failures) => {
      for (const f of failures) log.warn({ provider: f.provider, err: f.error.message }, "capabilities refresh failed");
    });
  }, config.CAPABILITIES_REFRESH_MINUTES * 60_000);
  refresh.unref();

  const ports: Partial<Record<Platform, ChatPort>> = {};
  const terminalPort = createTerminalPort({ output: process.stdout, translator, downloadDir: config.DOWNLOAD_DIR });
  ports.terminal = terminalPort;

  const ffmpeg = findExecutable("ffmpeg") ?? null;
  const stitching = ffmpeg !== null;
  const jobs = createJobs({
    db,
    providers,
    catalog: catalog.current,
    ports,
    ffmpeg,
    log,
    config: {
      pollMinMs: config.POLL_MIN_INTERVAL_MS,
      pollMaxMs: config.POLL_MAX_INTERVAL_MS,
      hardDeadlineMs: config.JOB_DEADLINE_MINUTES * 60_000,
      leaseMs: 30_000,
      providerConcurrency: config.PROVIDER_CONCURRENCY,
      progressEditIntervalMs: 15_000,
      // Stable across restarts, so a restarted process takes its own leases back at once.
      ownerId: `reelsmith@${hostname()}`,
    },
  });
  const engine = createEngine({
    db,
    catalog: catalog.current,
    jobs,
    translator,
    ports,
    quoteTtlMs: config.QUOTE_TTL_MINUTES * 60_000,
    sandbox,
    stitching,
  });

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    clearInterval(refresh);
    await jobs.stop();
    db.close();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  jobs.start();
  log.info({ providers: [...providers.keys()], transports: terminal ? ["terminal"] : transports }, "reelsmith started");

  if (terminal) {
    await runTerminalChat({
      engine,
      port: terminalPort,
      input: process.stdin,
      output: process.stdout,
      pending: () => jobs.pending(TERMINAL_CHAT.platform, TERMINAL_CHAT.chatId),
      sandbox,
    });
    await shutdown(0);
    return;
  }
  log.error({ transports }, "chat transports are not available in this build yet; unset their tokens to use the terminal chat");
  await shutdown(1);
}

main().catch((error: unknown) => {
  process.stderr.write(`Reelsmith stopped: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
