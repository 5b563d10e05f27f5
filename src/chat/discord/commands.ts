/**
 * The slash commands as data: names, options and their localizations come from here and
 * locales/<language>/discord.json, so registering, handling and translating read one definition.
 * Also the translation of a command's options into brief fields, an admin command or the one value
 * /status and /language take, and the model autocomplete over the live catalog.
 */
import {
  ApplicationCommandOptionType,
  InteractionContextType,
  Locale,
  Routes,
  type APIApplicationCommandOptionChoice,
  type REST,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import { ASPECT_RATIOS, isRetired, type Catalog } from "../../domain/catalog.ts";
import { text, type MessageKey } from "../../domain/reply.ts";
import type { Language } from "../../domain/languages.ts";
import { adminFromOptions, type AdminCommand } from "../../dialogue/admin.ts";
import { orientationKey } from "../../dialogue/summary.ts";
import type { CommandName, RequestOptions } from "../../dialogue/state.ts";
import { MAX_PROMPT_CHARS } from "../../domain/guardrails.ts";
import { DEFAULT_LANGUAGE, type Translator } from "../../i18n/index.ts";
import { normalizeLocale } from "../../i18n/language.ts";

type OptionKind = "string" | "integer" | "attachment" | "user";

interface OptionSpec {
  name: string;
  kind: OptionKind;
  required?: boolean;
  autocomplete?: boolean;
  min?: number;
  max?: number;
  maxLength?: number;
  /** Fixed choices; `label` is an i18n key, or absent when the value reads the same in every language. */
  choices?: (translator: Translator) => Array<{ value: string; label?: MessageKey }>;
}

/** A command Discord offers: one with a name and a description in discord.json. */
type DiscordCommandName = CommandName & (MessageKey extends infer K ? (K extends `discord:command.${infer N}.name` ? N : never) : never);

interface CommandSpec {
  name: DiscordCommandName;
  options: OptionSpec[];
}

/** The product cap on prompts (platforms.md §3.5), checked by Discord before we see the text. */
const MAX_PROMPT = MAX_PROMPT_CHARS;
const MAX_VIDEO_SECONDS = 120;
const MAX_IMAGES = 4;

const prompt: OptionSpec = { name: "prompt", kind: "string", required: true, maxLength: MAX_PROMPT };
const shapes = () => ASPECT_RATIOS.map((r) => ({ value: r, label: orientationKey(r) }));

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: "video",
    options: [
      prompt,
      { name: "duration", kind: "integer", min: 1, max: MAX_VIDEO_SECONDS },
      { name: "orientation", kind: "string", choices: shapes },
      { name: "model", kind: "string", autocomplete: true, maxLength: 100 },
      { name: "image", kind: "attachment" },
      { name: "last_image", kind: "attachment" },
    ],
  },
  {
    name: "image",
    options: [
      prompt,
      { name: "resolution", kind: "string", choices: () => ["1K", "2K", "4K"].map((value) => ({ value })) },
      { name: "aspect", kind: "string", choices: shapes },
      { name: "count", kind: "integer", min: 1, max: MAX_IMAGES },
      { name: "image", kind: "attachment" },
    ],
  },
  { name: "status", options: [{ name: "task_id", kind: "string", required: true, maxLength: 200 }] },
  { name: "models", options: [] },
  {
    name: "language",
    options: [{ name: "language", kind: "string", choices: (t) => t.languages.map((value) => ({ value, label: `language.name.${value as Language}` })) }],
  },
  { name: "cancel", options: [] },
  { name: "usage", options: [] },
  {
    // Everyone sees it; the app answers anyone but an admin with a refusal.
    name: "admin",
    options: [
      {
        name: "action",
        kind: "string",
        required: true,
        choices: () => ADMIN_ACTIONS.map((value) => ({ value, label: `discord:command.admin.choice.${value}` })),
      },
      { name: "user", kind: "user" },
      { name: "value", kind: "string", maxLength: 100 },
    ],
  },
];

const ADMIN_ACTIONS = ["allow", "block", "budget", "payer", "overview"] as const;

/** Options whose values are attachments, in the order they become reference images (first frame, last frame). */
export const IMAGE_OPTIONS = ["image", "last_image"] as const;

const KINDS: Record<
  OptionKind,
  ApplicationCommandOptionType.String | ApplicationCommandOptionType.Integer | ApplicationCommandOptionType.Attachment | ApplicationCommandOptionType.User
> = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  attachment: ApplicationCommandOptionType.Attachment,
  user: ApplicationCommandOptionType.User,
};

const DISCORD_LOCALES = Object.values(Locale) as string[];

/** Discord locales a language of ours serves: "en" → en-US and en-GB, "zh-CN" → zh-CN, "es" → es-ES and es-419. */
export function discordLocales(language: string): string[] {
  if (DISCORD_LOCALES.includes(language)) return [language];
  return DISCORD_LOCALES.filter((l) => l.split("-")[0] === language);
}

/** `{ "zh-CN": "…" }` for every language that has its own text for the key (no English stand-ins). */
function localized(translator: Translator, key: MessageKey): Record<string, string> {
  const out: Record<string, string> = {};
  for (const language of translator.languages) {
    if (!translator.has(language, key)) continue;
    const value = translator.render(language, text(key));
    for (const locale of discordLocales(language)) out[locale] = value;
  }
  return out;
}

/**
 * `key` is a command or one of its options. Option names are plain strings per command, so their
 * keys are not checked by the type; registering renders each and the Discord tests see the texts.
 */
function named(translator: Translator, key: `discord:command.${DiscordCommandName}` | `discord:command.${DiscordCommandName}.option.${string}`) {
  const name = `${key}.name` as MessageKey;
  const description = `${key}.description` as MessageKey;
  return {
    name: translator.render(DEFAULT_LANGUAGE, text(name)),
    name_localizations: localized(translator, name),
    description: translator.render(DEFAULT_LANGUAGE, text(description)),
    description_localizations: localized(translator, description),
  };
}

/** The command definitions to register; `global` adds the contexts (servers and DMs with the bot). */
export function commandData(translator: Translator, scope: { global: boolean }): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return COMMANDS.map((command) => {
    const key = `discord:command.${command.name}` as const;
    return {
      ...named(translator, key),
      name: command.name,
      ...(scope.global ? { contexts: [InteractionContextType.Guild, InteractionContextType.BotDM] } : {}),
      options: command.options.map((o) => {
        const choices = o.choices?.(translator).map((c): APIApplicationCommandOptionChoice<string> => ({
          name: c.label ? translator.render(DEFAULT_LANGUAGE, text(c.label)) : c.value,
          value: c.value,
          ...(c.label ? { name_localizations: localized(translator, c.label) } : {}),
        }));
        return {
          ...named(translator, `${key}.option.${o.name}`),
          name: o.name,
          type: KINDS[o.kind],
          required: o.required ?? false,
          ...(o.autocomplete ? { autocomplete: true } : {}),
          ...(o.min !== undefined ? { min_value: o.min } : {}),
          ...(o.max !== undefined ? { max_value: o.max } : {}),
          ...(o.maxLength !== undefined ? { max_length: o.maxLength } : {}),
          ...(choices ? { choices } : {}),
        };
      }),
    } as RESTPostAPIChatInputApplicationCommandsJSONBody;
  });
}

/** Bulk-overwrites the commands globally, or in one server (instant, for development). */
export async function registerCommands(input: {
  rest: REST;
  applicationId: string;
  translator: Translator;
  guildId?: string;
}): Promise<number> {
  const route = input.guildId
    ? Routes.applicationGuildCommands(input.applicationId, input.guildId)
    : Routes.applicationCommands(input.applicationId);
  const body = commandData(input.translator, { global: input.guildId === undefined });
  const saved = (await input.rest.put(route, { body })) as unknown[];
  return saved.length;
}

export type OptionValues = Partial<Record<string, string | number>>;

/**
 * /video's and /image's options as the brief fields they state, each already the domain's value;
 * the prompt is the idea, which the dialogue reads as a brief. Nothing is turned back into words.
 */
export function requestOf(name: "video" | "image", options: OptionValues, catalog: Catalog): { idea: string; options: RequestOptions } {
  const idea = typeof options.prompt === "string" ? options.prompt : "";
  const shape = name === "video" ? options.orientation : options.aspect;
  const orientation = ASPECT_RATIOS.find((r) => r === shape);
  const fields: RequestOptions = { ...(orientation ? { orientation } : {}) };
  if (name === "video") {
    if (typeof options.duration === "number") fields.seconds = options.duration;
    if (typeof options.model === "string" && options.model.trim() !== "") fields.modelId = modelIdOf(catalog, options.model.trim());
  } else {
    if (typeof options.resolution === "string") fields.resolution = options.resolution;
    if (typeof options.count === "number") fields.count = options.count;
  }
  return { idea, options: fields };
}

/**
 * The model option names a model by the id autocomplete gave, or by what the user typed instead
 * (a label or an alias); anything else is kept as typed, and the recommendation says what it can offer.
 */
function modelIdOf(catalog: Catalog, typed: string): string {
  const wanted = typed.toLowerCase();
  const model = catalog.models.find((m) => m.kind === "video" && [m.id, m.label, ...m.aliases].some((s) => s.toLowerCase() === wanted));
  return model?.id ?? typed;
}

/** /admin's options as the command they state: the action, a picked user, and a value. */
export function adminOf(options: OptionValues): AdminCommand {
  const value = typeof options.value === "string" ? options.value : undefined;
  return adminFromOptions({
    action: String(options.action ?? ""),
    ...(options.user !== undefined ? { user: { platform: "discord", id: String(options.user) } } : {}),
    ...(value !== undefined ? { value } : {}),
  });
}

/** The one value /status and /language take, as the word they take in a chat. */
export function commandArgs(name: Exclude<CommandName, "video" | "image" | "admin">, options: OptionValues): string {
  const value = name === "status" ? options.task_id : name === "language" ? options.language : undefined;
  return value === undefined ? "" : String(value).trim();
}

/** Autocomplete choices for the model option: live video models matching what was typed, at most 25. */
export function modelChoices(
  catalog: Catalog,
  typed: string,
  translator: Translator,
  locale: string | undefined,
  today: string,
): Array<{ name: string; value: string }> {
  const language = normalizeLocale(locale, translator.languages) ?? DEFAULT_LANGUAGE;
  const query = typed.trim().toLowerCase();
  return catalog.models
    .filter((m) => m.kind === "video" && !isRetired(m, today))
    .filter((m) => query === "" || [m.id, m.label, ...m.aliases].some((s) => s.toLowerCase().includes(query)))
    .slice(0, 25)
    .map((m) => ({
      name: translator.render(language, text("discord:autocomplete.model", { model: m.label, id: m.id, provider: m.provider })).slice(0, 100),
      value: m.id,
    }));
}
