/**
 * The real process (`node --import tsx src/main.ts`) with Discord and CreatOK pointed at loopback
 * fakes: killed while a confirmed clip is still being made, started again on the same database,
 * it posts the clip once and records that it did.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { openDatabase } from "../../src/store/database.ts";
import { startFakeCreatok, type FakeCreatok } from "../fakes/creatok.ts";
import { startFakeDiscord, type FakeDiscord, type FakeMessage } from "../fakes/discord.ts";
import { botEnv, until } from "./harness.ts";

const GUILD = "910000000000000001";
const CHANNEL = "910000000000000101";
const SUCCESS = 3;
const PRIMARY = 1;

interface Running {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

function buttons(message: FakeMessage): Array<{ custom_id: string; style: number }> {
  return (message.components as Array<{ components: Array<{ custom_id: string; style: number }> }>).flatMap((r) => r.components);
}

describe("a restart in the middle of a Discord job", () => {
  let discord: FakeDiscord;
  let creatok: FakeCreatok;
  let dir: string;
  const children: Running[] = [];

  before(async () => {
    discord = await startFakeDiscord({ guilds: [{ id: GUILD, channelIds: [CHANNEL] }], heartbeatIntervalMs: 1000 });
    creatok = await startFakeCreatok();
    dir = mkdtempSync(join(tmpdir(), "reelsmith-discord-restart-"));
  });

  after(async () => {
    for (const r of children) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill("SIGKILL");
    await Promise.all(children.map((r) => r.exited));
    await discord?.close();
    await creatok?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function startBot(): Running {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "test",
      DATABASE_PATH: join(dir, "reelsmith.db"),
      LOG_LEVEL: "warn",
      ...botEnv(discord, creatok),
      // Any free port: tests run side by side.
      HTTP_PORT: "0",
      // Set empty so a developer's .env cannot switch on anything else.
      TELEGRAM_BOT_TOKEN: "",
      SOPH_API_KEY: "",
      VOLC_ACCESSKEY: "",
      VOLC_SECRETKEY: "",
      OPENAI_API_KEY: "",
      DISCORD_GUILD_ID: "",
    };
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: process.cwd(), env, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const running = { child, stderr: () => err, exited };
    children.push(running);
    return running;
  }

  async function kill(r: Running, signal: NodeJS.Signals): Promise<void> {
    r.child.kill(signal);
    await r.exited;
  }

  async function identified(count: number, r: Running): Promise<void> {
    await until(() => discord.identifies.length >= count || r.child.exitCode !== null, 20_000, `login #${count}`);
    assert.equal(r.child.exitCode, null, `the bot exited early:\n${r.stderr()}`);
  }

  const clips = () => discord.messages.filter((m) => m.channel_id === CHANNEL && buttons(m).some((b) => b.style === PRIMARY));

  it("delivers the clip exactly once", { timeout: 60_000 }, async () => {
    creatok.scriptNextTask(["queued", "running"]);
    const first = startBot();
    await identified(1, first);

    const requester = { id: "710000000000000001", username: "maker", locale: "en-US" };
    const ask = discord.slashCommand({
      user: requester,
      channelId: CHANNEL,
      guildId: GUILD,
      name: "video",
      options: { prompt: "a paper crane unfolding itself on a desk", duration: 8, orientation: "9:16" },
    });
    const offerCall = await discord.waitFor((c) => c.token === ask.token && c.message !== undefined && buttons(c.message).some((b) => b.style === SUCCESS), 15_000);
    const offer = offerCall.message as FakeMessage;
    const confirm = buttons(offer).find((b) => b.style === SUCCESS)?.custom_id as string;
    discord.click({ user: requester, channelId: CHANNEL, guildId: GUILD, customId: confirm, message: offer });

    // Killed once the task id is stored (the provider is being polled) and before the clip is ready.
    await until(() => creatok.state.requests.some((r) => r.route === "status"), 15_000, "the first status poll");
    await kill(first, "SIGKILL");
    assert.equal(creatok.submissions.length, 1);
    assert.deepEqual(clips(), []);
    const task = [...creatok.state.tasks.values()][0];
    assert.ok(task);
    task.script.push("succeeded");

    const second = startBot();
    await identified(2, second);
    const delivered = await discord.waitFor((c) => c.message !== undefined && clips().includes(c.message), 20_000);
    // The token of the click was not kept across the restart: the channel is the safe way.
    assert.equal(delivered.route, "channel_create");
    assert.equal(delivered.message?.attachments.length, 1);
    await kill(second, "SIGTERM");

    const db = openDatabase(join(dir, "reelsmith.db"));
    try {
      const row = db.prepare("SELECT delivered_at, delivery_message_id FROM jobs").get() as { delivered_at: number | null; delivery_message_id: string | null };
      assert.ok(row.delivered_at !== null);
      assert.equal(row.delivery_message_id, delivered.message?.id);
    } finally {
      db.close();
    }

    // The row says delivered, with the message posted: the delivery sweep at every start skips it.
    assert.equal(clips().length, 1);
    assert.equal(creatok.submissions.length, 1);
  });
});
