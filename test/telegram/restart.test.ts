/**
 * The real application as a child process (`node --import tsx src/main.ts`), configured only
 * through its environment to use the fake Bot API and the CreatOK fake, killed hard mid-job and
 * started again on the same database.
 */
import assert from "node:assert/strict";
import Database from "better-sqlite3";
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { startFakeCreatok, type FakeCreatok } from "../fakes/creatok.ts";
import { startFakeTelegram, type FakeTelegram } from "../fakes/telegram.ts";
import { tempDir, user } from "./harness.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface App {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

describe("a restart while a clip is being made", () => {
  let telegram: FakeTelegram;
  let creatok: FakeCreatok;
  const apps: App[] = [];
  const dir = tempDir();

  before(async () => {
    telegram = await startFakeTelegram();
    creatok = await startFakeCreatok();
  });
  after(async () => {
    for (const app of apps) {
      if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill("SIGKILL");
      await app.exited;
    }
    await telegram.close();
    await creatok.close();
  });

  function startApp(): App {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? dir,
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_API_ROOT: telegram.apiRoot,
      DATABASE_PATH: join(dir, "reelsmith.db"),
      DOWNLOAD_DIR: join(dir, "downloads"),
      CREATOK_API_KEY: creatok.apiKey,
      CREATOK_BASE_URL: creatok.baseUrl,
      POLL_MIN_INTERVAL_MS: "20",
      POLL_MAX_INTERVAL_MS: "100",
      LOG_LEVEL: "info",
      // Set, so a stray .env cannot switch on anything else (dotenv never overrides a set variable).
      DISCORD_TOKEN: "",
      DISCORD_APPLICATION_ID: "",
      SOPH_API_KEY: "",
      VOLC_ACCESSKEY: "",
      VOLC_SECRETKEY: "",
      OPENAI_API_KEY: "",
      TELEGRAM_WEBHOOK_URL: "",
    };
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const app = { child, output: () => output, exited };
    apps.push(app);
    return app;
  }

  /** Resolves once the app polls for updates (started), or fails with what it printed. */
  async function started(app: App, pollsBefore: number): Promise<void> {
    const polling = telegram.waitForCall("getUpdates", () => telegram.calls.filter((c) => c.method === "getUpdates").length > pollsBefore, 30_000);
    const died = app.exited.then((code) => {
      throw new Error(`the app exited (${code}) before polling:\n${app.output()}`);
    });
    await Promise.race([polling, died]);
  }

  const polls = () => telegram.calls.filter((c) => c.method === "getUpdates").length;
  const videos = (chatId: number) => telegram.botMessages(chatId).filter((m) => m.media?.kind === "video");

  it("delivers the clip exactly once after the process is killed mid-job", { timeout: 90_000 }, async () => {
    const tess = user("Tess", "en");
    const chat = telegram.privateChat(tess);
    // The task keeps running until the test lets it finish.
    creatok.scriptNextTask(["queued", "running"]);

    const first = startApp();
    await started(first, 0);
    telegram.sendText(chat, tess, "An 8 second vertical video of a hummingbird drinking from a red flower");
    await telegram.waitForMessage(chat.id, (m) => m.reply_markup?.inline_keyboard.flat().some((b) => b.text === "✅ Confirm") ?? false, 20_000);
    telegram.pressButton(chat, tess, "✅ Confirm");
    // Submitted and being followed: the provider has the task and has been asked about it.
    await waitFor(() => creatok.submissions.length === 1 && (creatok.state.tasks.get(creatok.submissions[0]!.taskId ?? "")?.polls ?? 0) >= 1, 20_000);
    first.child.kill("SIGKILL");
    await first.exited;
    assert.equal(videos(chat.id).length, 0, "nothing was delivered before the kill");

    // While the process was down, the provider finished the clip.
    const task = creatok.state.tasks.get(creatok.submissions[0]!.taskId!)!;
    task.script.push("succeeded");

    const second = startApp();
    await started(second, polls());
    const clip = await telegram.waitForMessage(chat.id, (m) => m.media?.kind === "video", 30_000);
    assert.ok(clip.caption!.includes(`${creatok.baseUrl}/files/${task.id}.mp4`));

    // Killed again once the delivery is recorded, then started once more: the clip is not posted
    // twice. (Between Telegram's answer and that record is the one window where a kill repeats it.)
    await waitFor(() => delivered(join(dir, "reelsmith.db")), 20_000);
    second.child.kill("SIGKILL");
    await second.exited;
    const third = startApp();
    await started(third, polls());
    // A second brief, made and delivered by the third process: by the time its clip arrives, that
    // process's jobs loop has run many passes with the first job in the table, so a second copy of
    // the first clip would already have been posted.
    const ivy = user("Ivy", "en");
    const other = telegram.privateChat(ivy);
    telegram.sendText(other, ivy, "An 8 second vertical video of a paper boat drifting down a rainy street");
    await telegram.waitForMessage(other.id, (m) => m.reply_markup?.inline_keyboard.flat().some((b) => b.text === "✅ Confirm") ?? false, 20_000);
    telegram.pressButton(other, ivy, "✅ Confirm");
    await telegram.waitForMessage(other.id, (m) => m.media?.kind === "video", 30_000);
    third.child.kill("SIGTERM");
    assert.equal(await third.exited, 0, "a SIGTERM shuts down cleanly");

    assert.equal(videos(chat.id).length, 1, "the clip was delivered exactly once");
    assert.equal(creatok.submissions.length, 2, "the first job was submitted once, the second once");
    for (const app of apps) {
      assert.ok(!app.output().includes(telegram.token.split(":")[1]!), "the token never appears in the logs");
      assert.ok(!app.output().includes("/file/bot"), "no Telegram file URL appears in the logs");
    }
  });
});

function delivered(path: string): boolean {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT COUNT(*) FROM jobs WHERE delivered_at IS NOT NULL").pluck().get() as number) > 0;
  } finally {
    db.close();
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for a condition");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
