/**
 * Slash commands as data: what is registered (names, localizations, option order and limits), how
 * `npm run discord:register` puts them on Discord, how options become brief fields and admin commands, and the small text rules of the Discord port.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { REST } from "discord.js";
import { adminOf, commandArgs, commandData, discordLocales, modelChoices, registerCommands, requestOf } from "../../src/chat/discord/commands.ts";
import { parseAdmin } from "../../src/dialogue/admin.ts";
import { escapeForDiscord, split } from "../../src/chat/discord/port.ts";
import { builtInCatalog } from "../../src/domain/builtin-catalog.ts";
import { createTranslator, type Translator } from "../../src/i18n/index.ts";
import { startFakeDiscord, type FakeDiscord } from "../fakes/discord.ts";

const run = promisify(execFile);
// Discord's rule for command and option names (application-commands.mdx).
const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

interface Option {
  name: string;
  name_localizations: Record<string, string>;
  description: string;
  description_localizations: Record<string, string>;
  type: number;
  required: boolean;
  autocomplete?: boolean;
  choices?: Array<{ name: string; value: string; name_localizations?: Record<string, string> }>;
}

describe("Discord slash command definitions", () => {
  let translator: Translator;
  before(async () => {
    translator = await createTranslator();
  });

  it("maps our languages to Discord's locales", () => {
    assert.deepEqual(discordLocales("en").sort(), ["en-GB", "en-US"]);
    assert.deepEqual(discordLocales("zh-CN"), ["zh-CN"]);
    assert.deepEqual(discordLocales("ja"), ["ja"]);
    for (const language of ["uk", "it", "pl", "th"]) assert.deepEqual(discordLocales(language), [language]);
    // Discord has no Persian or Uzbek: those users see the English names.
    assert.deepEqual(discordLocales("fa"), []);
    assert.deepEqual(discordLocales("uz"), []);
  });

  it("localizes every command in Ukrainian, Italian, Polish and Thai, and registers nothing for Persian or Uzbek", () => {
    for (const command of commandData(translator, { global: true })) {
      const names = (command.name_localizations ?? {}) as Record<string, string>;
      const descriptions = (command.description_localizations ?? {}) as Record<string, string>;
      for (const locale of ["uk", "it", "pl", "th"]) {
        assert.ok(names[locale], `${command.name} has a ${locale} name`);
        assert.notEqual(descriptions[locale], command.description, `${command.name} is translated in ${locale}`);
      }
      for (const locale of ["fa", "uz"]) assert.equal(names[locale], undefined, `${command.name} in ${locale}`);
    }
  });

  it("defines the eight commands with names and descriptions in English, British English and Simplified Chinese", () => {
    const commands = commandData(translator, { global: true });
    assert.deepEqual(commands.map((c) => c.name), ["video", "image", "status", "models", "language", "cancel", "usage", "admin"]);
    for (const command of commands) {
      const names = (command.name_localizations ?? {}) as Record<string, string>;
      const descriptions = (command.description_localizations ?? {}) as Record<string, string>;
      for (const locale of ["en-US", "en-GB", "zh-CN"]) {
        assert.ok(names[locale], `${command.name} has a ${locale} name`);
        assert.ok(descriptions[locale], `${command.name} has a ${locale} description`);
      }
      assert.notEqual(descriptions["zh-CN"], command.description, `${command.name} is really translated`);
      const options = (command.options ?? []) as Option[];
      for (const text of [command.name, ...Object.values(names), ...options.flatMap((o) => [o.name, ...Object.values(o.name_localizations)])]) {
        assert.match(text, NAME);
        assert.equal(text, text.toLowerCase());
      }
      for (const d of [command.description, ...Object.values(descriptions), ...options.flatMap((o) => [o.description, ...Object.values(o.description_localizations)])]) {
        assert.ok(d.length >= 1 && d.length <= 100, `description within 1–100 characters: ${d}`);
      }
      // Discord rejects a required option after an optional one.
      const firstOptional = options.findIndex((o) => !o.required);
      assert.ok(firstOptional === -1 || options.slice(firstOptional).every((o) => !o.required), command.name);
    }
  });

  it("gives /video its prompt, duration, orientation, autocompleted model and two image options", () => {
    const video = commandData(translator, { global: false }).find((c) => c.name === "video");
    const options = (video?.options ?? []) as Option[];
    assert.deepEqual(options.map((o) => [o.name, o.type, o.required]), [
      ["prompt", 3, true],
      ["duration", 4, false],
      ["orientation", 3, false],
      ["model", 3, false],
      ["image", 11, false],
      ["last_image", 11, false],
    ]);
    assert.equal(options.find((o) => o.name === "model")?.autocomplete, true);
    const vertical = options.find((o) => o.name === "orientation")?.choices?.find((c) => c.value === "9:16");
    assert.equal(vertical?.name, translator.t("en")("orientation.9x16"));
    assert.equal(vertical?.name_localizations?.["zh-CN"], translator.t("zh-CN")("orientation.9x16"));
    assert.equal("contexts" in (video ?? {}), false, "contexts are for global commands only");
  });

  it("keeps every command within Discord's 8000 characters of names, descriptions and values over all locales", () => {
    const size = (v: unknown, key = ""): number => {
      if (key.endsWith("_localizations") && v && typeof v === "object") return Object.values(v).reduce((n: number, s) => n + String(s).length, 0);
      if (typeof v === "string") return ["name", "description", "value"].includes(key) ? v.length : 0;
      if (typeof v === "number") return key === "value" ? String(v).length : 0;
      if (Array.isArray(v)) return v.reduce((n: number, x) => n + size(x, key), 0);
      if (v && typeof v === "object") return Object.entries(v).reduce((n, [k, x]) => n + size(x, k), 0);
      return 0;
    };
    for (const command of commandData(translator, { global: true })) {
      assert.ok(size(command) <= 8000, `/${command.name} has ${size(command)} characters`);
    }
  });

  it("makes global commands available in servers and in DMs with the bot", () => {
    for (const command of commandData(translator, { global: true })) assert.deepEqual(command.contexts, [0, 1]);
  });

  it("turns /admin options into the command they state, meaning what the same words mean in a chat", () => {
    assert.deepEqual(adminOf({ action: "budget", value: "credits:50" }), { type: "budget", scope: "chat", budget: "credits:50" });
    assert.deepEqual(adminOf({ action: "budget", user: "123", value: "off" }), { type: "budget", scope: "user", user: { platform: "discord", id: "123" }, budget: "off" });
    assert.deepEqual(adminOf({ action: "block", user: "123" }), { type: "block", user: { platform: "discord", id: "123" } });
    assert.deepEqual(adminOf({ action: "allow", value: "telegram:77" }), { type: "allow", user: { platform: "telegram", id: "77" } });
    assert.deepEqual(adminOf({ action: "payer", value: "pool" }), { type: "payer", policy: "pool" });
    assert.deepEqual(adminOf({ action: "payer", value: "everyone" }), { type: "invalid", problem: "policy" });
    assert.deepEqual(adminOf({ action: "budget", user: "123", value: "lots" }), { type: "invalid", problem: "amount" });
    for (const words of ["budget chat credits:50", "budget discord:123 off", "block discord:123", "allow telegram:77", "payer pool"]) {
      const [action, ...rest] = words.split(" ");
      const chat = parseAdmin(words);
      const user = rest.find((w) => w.startsWith("discord:"))?.slice("discord:".length);
      const value = rest.filter((w) => w !== "chat" && !w.startsWith("discord:")).join(" ");
      assert.deepEqual(adminOf({ action: action!, ...(user ? { user } : {}), ...(value ? { value } : {}) }), chat, words);
    }
    assert.equal(commandArgs("status", { task_id: " abc123 " }), "abc123");
    const admin = commandData(translator, { global: true }).find((c) => c.name === "admin")!;
    const action = (admin.options as Option[])[0]!;
    assert.equal(action.required, true);
    assert.ok(Object.keys(admin.name_localizations ?? {}).includes("zh-CN"));
  });

  it("turns /video options into brief fields and keeps the prompt as the idea, unparsed", () => {
    const request = requestOf("video", { prompt: "a fox in the snow", duration: 20, orientation: "16:9", model: "doubao-seedance-2" }, builtInCatalog);
    assert.deepEqual(request, { idea: "a fox in the snow", options: { orientation: "16:9", seconds: 20, modelId: "doubao-seedance-2" } });
    assert.deepEqual(requestOf("video", { prompt: "just words" }, builtInCatalog), { idea: "just words", options: {} });
    const model = builtInCatalog.models.find((m) => m.kind === "video" && m.label.toLowerCase() !== m.id)!;
    assert.equal(requestOf("video", { prompt: "x", model: model.label.toUpperCase() }, builtInCatalog).options.modelId, model.id, "a typed label names the model");
  });

  it("turns /image options into resolution, shape and count", () => {
    const request = requestOf("image", { prompt: "a silver watch", resolution: "4K", aspect: "1:1", count: 3 }, builtInCatalog);
    assert.deepEqual(request.options, { orientation: "1:1", resolution: "4K", count: 3 });
  });

  it("autocompletes video models only, matching id, name or alias, at most 25", () => {
    const today = "2026-01-15";
    const veo = modelChoices(builtInCatalog, "veo", translator, "en-US", today);
    assert.ok(veo.length > 0);
    for (const c of veo) {
      const model = builtInCatalog.models.find((m) => m.id === c.value);
      assert.equal(model?.kind, "video");
      assert.ok(c.name.length <= 100);
    }
    assert.ok(modelChoices(builtInCatalog, "", translator, "en-US", today).length <= 25);
    assert.deepEqual(modelChoices(builtInCatalog, "nano banana", translator, "en-US", today), [], "image models are not offered for /video");
  });
});

describe("Discord text rules", () => {
  it("leaves URLs verbatim and escapes Markdown in other text", () => {
    const url = "https://cdn.example.com/clips/my_clip__v2*final.mp4?sig=a_b";
    assert.equal(escapeForDiscord(url), url);
    assert.equal(escapeForDiscord(`${url}\n${url}`), `${url}\n${url}`);
    assert.equal(escapeForDiscord("make it **bold** _now_"), "make it \\*\\*bold\\*\\* \\_now\\_");
  });

  it("splits long text at line breaks into pieces of at most 2000 characters", () => {
    const paragraph = "x".repeat(1500);
    const parts = split(`${paragraph}\n\n${paragraph}\n\n${paragraph}`);
    assert.equal(parts.length, 3);
    for (const p of parts) assert.ok(p.length <= 2000 && p.length > 0);
    assert.deepEqual(split("short"), ["short"]);
    assert.ok(split("y".repeat(4500)).every((p) => p.length <= 2000));
  });
});

describe("npm run discord:register", () => {
  let discord: FakeDiscord;
  before(async () => {
    discord = await startFakeDiscord();
  });
  after(async () => {
    await discord?.close();
  });

  const register = (guildId: string) =>
    run(process.execPath, ["--import", "tsx", "src/cli/discord-register.ts"], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DISCORD_TOKEN: discord.token,
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_ROOT: discord.apiRoot,
        DISCORD_GUILD_ID: guildId,
      },
    });

  it("registers the commands in one server when DISCORD_GUILD_ID is set", async () => {
    const out = await register("123456789012345678");
    assert.match(out.stdout, /8 commands registered in server 123456789012345678/);
    assert.equal(discord.commands.get("123456789012345678")?.length, 8);
    assert.equal(discord.commands.has("global"), false);
    assert.equal(out.stdout.includes(discord.token) || out.stderr.includes(discord.token), false);
  });

  it("registers them globally, with the bot's authorization, when no server is named", async () => {
    const translator = await createTranslator();
    const rest = new REST({ api: discord.apiRoot }).setToken(discord.token);
    assert.equal(await registerCommands({ rest, applicationId: discord.applicationId, translator }), 8);
    assert.equal(discord.commands.get("global")?.length, 8);
    assert.ok(discord.calls.filter((c) => c.route === "commands").every((c) => c.authorized));
  });
});
