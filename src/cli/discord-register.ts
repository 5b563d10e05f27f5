/**
 * `npm run discord:register`: registers the slash commands for DISCORD_APPLICATION_ID, in the
 * server DISCORD_GUILD_ID when set (instant, for development), otherwise globally (servers and DMs
 * with the bot). Run it again after changing commands or their translations.
 */
import { REST } from "discord.js";
import { config as loadDotenv } from "dotenv";
import { registerCommands } from "../chat/discord/commands.ts";
import { ConfigError, loadConfig } from "../config.ts";
import { createTranslator } from "../i18n/index.ts";

async function main(): Promise<number> {
  loadDotenv({ quiet: true });
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) {
    process.stderr.write("Configuration error: DISCORD_TOKEN and DISCORD_APPLICATION_ID are needed to register commands\n");
    return 2;
  }
  const rest = new REST({ api: config.DISCORD_API_ROOT }).setToken(config.DISCORD_TOKEN);
  const count = await registerCommands({
    rest,
    applicationId: config.DISCORD_APPLICATION_ID,
    translator: await createTranslator(),
    ...(config.DISCORD_GUILD_ID ? { guildId: config.DISCORD_GUILD_ID } : {}),
  });
  process.stdout.write(`${count} commands registered ${config.DISCORD_GUILD_ID ? `in server ${config.DISCORD_GUILD_ID}` : "globally"}\n`);
  return 0;
}

// Exits explicitly: the REST client's keep-alive connections would hold the process open for seconds.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Only the message: a REST error object carries the request, and the request the token.
    process.stderr.write(`Registering commands failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
