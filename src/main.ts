/**
 * The process: reads the configuration, builds the bot with `createApp`, starts it, runs the
 * terminal chat when no chat platform is configured, and stops on a signal. Nothing else starts
 * or stops anything.
 */
import { config as loadDotenv } from "dotenv";
import { createApp } from "./app.ts";
import { ConfigError, enabledTransports, loadConfig, type Config } from "./config.ts";
import { runTerminalChat, TERMINAL_CHAT } from "./chat/terminal/app.ts";
import { createLogger, secretValues } from "./log.ts";

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
  const log = createLogger({ level: logLevel, secrets: secretValues(config) });
  // The terminal chat is a local try-out: it serves HTTP only when asked to with HTTP_PORT.
  const app = await createApp(config, { log, serveHttp: !terminal || Boolean(process.env.HTTP_PORT?.trim()) });

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    try {
      await app.stop();
    } catch (error) {
      log.error({ err: error instanceof Error ? error.message : String(error) }, "shutdown incomplete");
      code = 1;
    }
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      log.info({ signal }, "stopping");
      void shutdown(0);
    });
  }

  await app.start();
  log.info({ providers: [...app.providers.keys()], transports: terminal ? ["terminal"] : transports }, "reelsmith started");

  if (terminal) {
    await runTerminalChat({
      conversations: app.conversations,
      port: app.terminal,
      input: process.stdin,
      output: process.stdout,
      pending: () => app.jobs.pending(TERMINAL_CHAT.platform, TERMINAL_CHAT.chatId),
      sandbox: app.sandbox,
    });
    await shutdown(0);
    return;
  }
  const unavailable = transports.filter((t) => t !== "discord" && t !== "telegram");
  if (unavailable.length > 0) {
    log.error({ transports: unavailable }, "chat transports are not available in this build yet; unset their tokens to use the terminal chat");
    await shutdown(1);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`Reelsmith stopped: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
