/**
 * Configuration from the environment (and an optional .env), validated at start. A wrong value stops
 * the start with one line that names the variable; nothing half-configured runs.
 */
import { z } from "zod";
import { BudgetSyntaxError, parseBudget, PAYER_POLICIES, UNLIMITED, type Budget, type PayerPolicy } from "./domain/budget.ts";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const url = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? fallback : v.trim()))
    .pipe(z.url({ protocol: /^https?$/, error: "must be a valid http(s) URL" }).transform((v) => v.replace(/\/+$/, "")));

const optionalUrl = optionalString.pipe(z.url({ protocol: /^https?$/, error: "must be a valid http(s) URL" }).optional());

const integer = (fallback: number, min: number, max: number = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === "" ? String(fallback) : v.trim()))
    .pipe(z.string().regex(/^\d+$/, "must be a whole number"))
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

/** "telegram:123,discord:456,789": a bare id matches on every platform. */
const idList = z
  .string()
  .optional()
  .transform((v) => (v ?? "").split(/[,\s]+/).map((s) => s.trim()).filter(Boolean))
  .pipe(
    z.array(
      z.string().regex(/^(?:(?:telegram|discord|terminal):)?[A-Za-z0-9_-]{1,64}$/, "must be ids separated by commas, each \"platform:id\" (telegram:123, discord:456) or a bare id"),
    ),
  );

/** "50" (in any unit) or "credits:100,USD:5"; empty means no limit. */
const budget = z
  .string()
  .optional()
  .transform((v, ctx): Budget => {
    try {
      return parseBudget(v ?? "");
    } catch (error) {
      if (!(error instanceof BudgetSyntaxError)) throw error;
      ctx.addIssue({ code: "custom", message: "must be a number such as 50, or units such as credits:100,USD:5 (empty for no limit)" });
      return UNLIMITED;
    }
  });

const timeZone = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : "UTC"))
  .refine((zone) => {
    // Every implementation knows UTC (ECMA-402), and the first DateTimeFormat loads ICU's time-zone
    // data, tens of milliseconds of each start: the default needs no check.
    if (zone === "UTC") return true;
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, "must be an IANA time zone such as UTC or Europe/Berlin");

const schema = z
  .object({
    DATABASE_PATH: z.string().optional().transform((v) => (v && v.trim() !== "" ? v.trim() : "./data/reelsmith.db")),
    // Coming: selects PostgreSQL instead of the SQLite file (issue 16); read but not used yet.
    DATABASE_URL: optionalString.pipe(
      z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" }).optional(),
    ),
    LOG_LEVEL: z
      .string()
      .optional()
      .transform((v) => (v && v.trim() !== "" ? v.trim() : "info"))
      .pipe(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], { error: "must be one of fatal, error, warn, info, debug, trace, silent" })),

    TELEGRAM_BOT_TOKEN: optionalString.pipe(
      z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, "must look like 123456:ABC-DEF… (from BotFather)").optional(),
    ),
    TELEGRAM_API_ROOT: url("https://api.telegram.org"),
    TELEGRAM_WEBHOOK_URL: optionalUrl,
    TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(
      z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, "must be 1-256 characters of A-Z, a-z, 0-9, _ and -").optional(),
    ),

    DISCORD_TOKEN: optionalString,
    DISCORD_APPLICATION_ID: optionalString.pipe(z.string().regex(/^\d+$/, "must be a numeric id").optional()),
    DISCORD_API_ROOT: url("https://discord.com/api"),
    DISCORD_GUILD_ID: optionalString.pipe(z.string().regex(/^\d+$/, "must be a numeric id").optional()),

    CREATOK_API_KEY: optionalString,
    CREATOK_BASE_URL: url("https://www.creatok.ai"),
    SOPH_API_KEY: optionalString,
    SOPHNET_BASE_URL: url("https://www.sophnet.com/api/open-apis/projects/easyllms/videogenerator"),
    VOLC_ACCESSKEY: optionalString,
    VOLC_SECRETKEY: optionalString,
    JIMENG_VIDEO_API_URL: url("https://visual.volcengineapi.com"),
    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: url("https://api.openai.com/v1"),
    OPENAI_VIDEO_MODELS: z.string().optional().transform((v) => (v && v.trim() !== "" ? v.trim() : "sora-2,sora-2-pro")),

    // Push completions: the key OpenAI-style gateways sign their webhooks with (POST /hooks/openai),
    // and the bot's public address, from which callback URLs are built for providers that take one.
    OPENAI_WEBHOOK_SECRET: optionalString,
    PUBLIC_BASE_URL: optionalUrl.transform((v) => v?.replace(/\/+$/, "")),

    POLL_MIN_INTERVAL_MS: integer(5_000, 10),
    POLL_MAX_INTERVAL_MS: integer(60_000, 10),
    JOB_DEADLINE_MINUTES: integer(60, 1, 24 * 60),
    PROVIDER_CONCURRENCY: integer(4, 1, 1000),
    QUOTE_TTL_MINUTES: integer(30, 1, 24 * 60),
    CAPABILITIES_REFRESH_MINUTES: integer(30, 1, 24 * 60),
    SANDBOX_DURATION_MS: integer(4_000, 0, 10 * 60_000),
    // Caps on one request whatever the budget: a longer one is explained and offered what fits.
    MAX_CLIPS_PER_REQUEST: integer(8, 1, 100),
    MAX_SECONDS_PER_REQUEST: integer(120, 1, 3_600),
    // An ffmpeg binary to use instead of the bundled one (@ffmpeg-installer/ffmpeg) or the PATH's.
    FFMPEG_PATH: optionalString,
    DOWNLOAD_DIR: z.string().optional().transform((v) => (v && v.trim() !== "" ? v.trim() : "./data/downloads")),
    // 0 asks the system for a free port (tests); the port in use is logged.
    HTTP_PORT: integer(8080, 0, 65_535),
    // Loopback by default: /metrics and /healthz are for the operator; a container sets 0.0.0.0.
    HTTP_HOST: z
      .string()
      .optional()
      .transform((v) => (v && v.trim() !== "" ? v.trim() : "127.0.0.1"))
      .pipe(z.string().regex(/^(?:[A-Za-z0-9.-]+|[0-9A-Fa-f:.]+)$/, "must be an address to listen on, such as 127.0.0.1, 0.0.0.0 or ::")),

    ACCESS: z
      .string()
      .optional()
      .transform((v) => (v && v.trim() !== "" ? v.trim().toLowerCase() : "open"))
      .pipe(z.enum(["open", "allowlist"], { error: "must be open or allowlist" })),
    ADMIN_USER_IDS: idList,
    ALLOWED_USER_IDS: idList,
    ALLOWED_CHAT_IDS: idList,
    ALLOWED_GUILD_IDS: idList,
    USER_DAILY_BUDGET: budget,
    CHAT_DAILY_BUDGET: budget,
    GROUP_PAYER: z
      .string()
      .optional()
      .transform((v) => (v && v.trim() !== "" ? v.trim().toLowerCase() : "requester"))
      .pipe(z.enum(PAYER_POLICIES as readonly [PayerPolicy, ...PayerPolicy[]], { error: "must be requester, pool or admins" })),
    BUDGET_TIMEZONE: timeZone,

    // Safe to open to the public (issue 13): what one person can start, look up and leave behind.
    MAX_ACTIVE_JOBS_PER_USER: integer(3, 0, 1000),
    STATUS_LOOKUP: z
      .string()
      .optional()
      .transform((v) => (v && v.trim() !== "" ? v.trim().toLowerCase() : "admins"))
      .pipe(z.enum(["admins", "anyone"], { error: "must be admins or anyone" })),
    STATUS_LOOKUPS_PER_MINUTE: integer(5, 1, 10_000),
    STATUS_PROVIDER_CALLS_PER_HOUR: integer(30, 1, 1_000_000),
    RETENTION_DAYS: integer(30, 0, 3650),

    // The optional writing partner: an OpenAI-compatible chat-completions endpoint (off unless all three are set).
    ASSISTANT_BASE_URL: optionalUrl.transform((v) => v?.replace(/\/+$/, "")),
    ASSISTANT_API_KEY: optionalString,
    ASSISTANT_MODEL: optionalString,
    ASSISTANT_TIMEOUT_MS: integer(8_000, 100, 120_000),
    ASSISTANT_DAILY_CALLS: integer(50, 0, 1_000_000),
  })
  .superRefine((c, ctx) => {
    if (c.POLL_MIN_INTERVAL_MS > c.POLL_MAX_INTERVAL_MS) {
      ctx.addIssue({ code: "custom", path: ["POLL_MIN_INTERVAL_MS"], message: "must not exceed POLL_MAX_INTERVAL_MS" });
    }
    if ((c.VOLC_ACCESSKEY === undefined) !== (c.VOLC_SECRETKEY === undefined)) {
      ctx.addIssue({ code: "custom", path: [c.VOLC_ACCESSKEY ? "VOLC_SECRETKEY" : "VOLC_ACCESSKEY"], message: "is needed together with the other Volcengine key" });
    }
    if (c.DISCORD_TOKEN && !c.DISCORD_APPLICATION_ID) {
      ctx.addIssue({ code: "custom", path: ["DISCORD_APPLICATION_ID"], message: "is needed when DISCORD_TOKEN is set" });
    }
    const assistant = [c.ASSISTANT_BASE_URL, c.ASSISTANT_API_KEY, c.ASSISTANT_MODEL];
    if (assistant.some((v) => v !== undefined) && assistant.some((v) => v === undefined)) {
      const missing = (["ASSISTANT_BASE_URL", "ASSISTANT_API_KEY", "ASSISTANT_MODEL"] as const).find((name) => c[name] === undefined)!;
      ctx.addIssue({ code: "custom", path: [missing], message: "is needed together with ASSISTANT_BASE_URL, ASSISTANT_API_KEY and ASSISTANT_MODEL (the assistant is off unless all three are set)" });
    }
    if (c.TELEGRAM_WEBHOOK_URL && !c.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({ code: "custom", path: ["TELEGRAM_WEBHOOK_SECRET"], message: "is needed when TELEGRAM_WEBHOOK_URL is set (Telegram echoes it so forged updates are refused)" });
    }
  });

export type Config = z.output<typeof schema>;

export class ConfigError extends Error {
  override readonly name = "ConfigError";
  constructor(readonly variable: string, reason: string) {
    super(`${variable} ${reason}`);
  }
}

/** Parses the environment; throws ConfigError naming the first wrong variable (never its value: it may be a secret). */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const variable = String(issue.path[0] ?? "configuration");
  const reason = /^(must|is) /.test(issue.message) ? issue.message : `is invalid (${issue.message})`;
  throw new ConfigError(variable, reason);
}

/** Which chat transports and providers this configuration turns on. */
export function enabledTransports(c: Config): Array<"telegram" | "discord"> {
  const out: Array<"telegram" | "discord"> = [];
  if (c.TELEGRAM_BOT_TOKEN) out.push("telegram");
  if (c.DISCORD_TOKEN) out.push("discord");
  return out;
}
