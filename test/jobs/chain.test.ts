/**
 * Chained shots end to end (issue 22, "Must show"): the real bot, the terminal chat, and a CreatOK
 * fake that serves real mp4 clips rendered with the bundled ffmpeg. Seedance 2 takes reference
 * images and makes at most 15 s, so a 25 s brief is two shots: the second is submitted only after
 * the first finished, carrying the first clip's last frame as an uploaded image, and the chat gets
 * one stitched video of 25 s. The same holds when the bot is SIGKILLed between the two shots.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { text } from "../../src/domain/reply.ts";
import { createTranslator, type Translator } from "../../src/i18n/index.ts";
import { locateFfmpeg, probe, renderTestClip } from "../../src/media/ffmpeg.ts";
import type { VideoPlan } from "../../src/domain/plan.ts";
import { createHttp } from "../../src/providers/http.ts";
import { createSophnetProvider } from "../../src/providers/sophnet.ts";
import { startSophnetFake } from "../fakes/sophnet.ts";
import { startFakeCreatok, type FakeCreatok, type FakeTask } from "../fakes/creatok.ts";
import { cleanEnv } from "../support/app.ts";
import { confirmRequest, launchBot, ledgerProblems, occurrences, readJobs, readLedger, startHoldingProxy, waitForJobs, type Bot } from "../support/crash.ts";
import { tempDir } from "../support/temp.ts";
import { assertLedgerBalanced, clock, CREATOK_PLAN, creatokProvider, insertQuote, jobRows, makeJobs, terminalChat, testDb, tickUntil } from "./helpers.ts";

const BRIEF = "a 25 second seedance 2 video of a paper boat drifting down a rainy street, first it sets off from a gutter, then it sails past glowing shop windows";
const PRESIGN = /^\/api\/open\/skills\/upload\/image\/presigned$/;

const ffmpeg = locateFfmpeg();

/**
 * The first frame of an image or clip decoded to 32×32 RGB (small enough to compare byte by byte);
 * `lastFrame` reverses the clip first, so every frame is decoded and the very last one kept: the
 * test's own way of finding it, not the bot's.
 */
function rgb(file: string, options: { lastFrame?: boolean } = {}): Buffer {
  const filter = `${options.lastFrame ? "reverse," : ""}scale=32:32`;
  const out = spawnSync(ffmpeg!, ["-hide_banner", "-v", "error", "-i", file, "-frames:v", "1", "-vf", filter, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], {
    maxBuffer: 1 << 20,
  });
  assert.equal(out.status, 0, out.stderr.toString());
  assert.equal(out.stdout.length, 32 * 32 * 3);
  return out.stdout;
}

function meanDifference(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

describe("a 25 s brief on a 15 s model that takes images: two chained shots, one stitched video", { skip: ffmpeg ? false : "no ffmpeg", concurrency: true }, () => {
  let t: Translator;
  const bots: Bot[] = [];
  const closers: (() => Promise<void>)[] = [];

  before(async () => {
    t = await createTranslator();
  });
  after(async () => {
    await Promise.all(bots.map((b) => b.kill()));
    await Promise.all(closers.map((close) => close()));
  });

  /** A CreatOK fake whose finished tasks are real clips of the submitted length, each rendered once. */
  async function world() {
    const dir = tempDir("reelsmith-chain-");
    const rendered = new Map<string, Promise<string>>();
    const clipOf = (task: FakeTask): Promise<string> => {
      let file = rendered.get(task.id);
      if (!file) {
        const path = join(dir, `${task.id}.mp4`);
        file = renderTestClip(ffmpeg!, path, { seconds: Number(task.body.seconds), width: 144, height: 256, font: "" }).then(() => path);
        rendered.set(task.id, file);
      }
      return file;
    };
    // Results are fetched through the proxy: the bot trusts the loopback origin it was configured with.
    let front = "";
    const fake = await startFakeCreatok({ pollsToComplete: 2, videoFile: clipOf, resultUrl: (id) => `${front}/files/${id}.mp4` });
    const proxy = await startHoldingProxy(fake.baseUrl);
    front = proxy.url;
    closers.push(async () => {
      await proxy.close();
      await fake.close();
    });
    const env = cleanEnv({ CREATOK_API_KEY: fake.apiKey, CREATOK_BASE_URL: proxy.url, LOG_LEVEL: "info" });
    return { fake, proxy, env, dir, clipOf };
  }

  function start(env: Record<string, string>): Bot {
    const bot = launchBot(env);
    bots.push(bot);
    return bot;
  }

  /** Two submissions with their own prompts, the second after the first finished, from its last frame. */
  async function assertChained(fake: FakeCreatok, dir: string, clipOf: (task: FakeTask) => Promise<string>): Promise<void> {
    assert.equal(fake.submissions.length, 2, `one submission per shot: ${JSON.stringify(fake.submissions.map((s) => s.body))}`);
    const [first, second] = fake.submissions as [(typeof fake.submissions)[0], (typeof fake.submissions)[0]];
    assert.notEqual(first.body.prompt, second.body.prompt, "each shot has its own prompt");
    assert.deepEqual([first.body.seconds, second.body.seconds].map(Number).reduce((a, b) => a + b), 25);
    assert.equal(first.body.referenceImageKeys, undefined, "the first shot starts from the words alone");
    const task = fake.state.tasks.get(first.taskId!)!;
    assert.ok(task.succeededAt !== undefined && second.receivedAt >= task.succeededAt, "the second shot was submitted after the first finished");

    const keys = second.body.referenceImageKeys as string[];
    assert.equal(keys?.length, 1, "the second shot carries one image");
    const upload = fake.uploads.find((u) => u.objectKey === keys[0]);
    assert.ok(upload, "the image was uploaded first");
    const sent = join(dir, "sent-frame.jpg");
    writeFileSync(sent, upload.bytes);
    const clip = await clipOf(task);
    const last = rgb(sent);
    const expected = rgb(clip, { lastFrame: true });
    const opening = rgb(clip);
    const toLast = meanDifference(last, expected);
    const toOpening = meanDifference(last, opening);
    assert.ok(toLast < 6, `the uploaded image is the first clip's last frame (mean difference ${toLast.toFixed(2)})`);
    assert.ok(toOpening > toLast * 3, `and not its opening (${toOpening.toFixed(2)} vs ${toLast.toFixed(2)})`);
  }

  /** One stitched video of 25 s in the chat, with the shots' links under it. */
  async function assertOneStitchedVideo(chat: string, downloadDir: string, fake: FakeCreatok): Promise<void> {
    const files = readdirSync(downloadDir).filter((f) => f.endsWith(".mp4"));
    assert.equal(files.length, 1, `one video reached the chat: ${files.join(", ")}`);
    const path = join(downloadDir, files[0]!);
    assert.equal(occurrences(chat, `${path}\n`), 1, `the video is shown once:\n${chat}`);
    assert.equal(occurrences(chat, t.render("en", text("jobs:done.stitched", { total: 2 }))), 1, chat);
    for (const s of fake.submissions) assert.equal(occurrences(chat, `/files/${s.taskId}.mp4`), 1, `shot ${s.taskId} is linked once:\n${chat}`);
    const info = await probe(ffmpeg!, path);
    assert.ok(Math.abs(info.durationSeconds - 25) <= 0.5, `the video lasts 25 ± 0.5 s, not ${info.durationSeconds}`);
  }

  function assertLedgerSettled(dbPath: string): void {
    const jobs = readJobs(dbPath);
    const ledger = readLedger(dbPath);
    assert.deepEqual(ledgerProblems(jobs, ledger), []);
    assert.equal(jobs.length, 2);
    assert.ok(jobs.every((j) => j.state === "succeeded" && j.delivered_at !== null), JSON.stringify(jobs, null, 1));
  }

  it("submits the second shot from the first one's last frame and delivers one 25 s video", async () => {
    const w = await world();
    const bot = start(w.env);
    const card = await confirmRequest(bot, BRIEF);
    assert.match(card, /13|15/, card);
    bot.end();
    const code = await bot.waitExit(60_000);
    assert.equal(code, 0, `${bot.stdout}\n${bot.stderr}`);
    await assertChained(w.fake, w.dir, w.clipOf);
    await assertOneStitchedVideo(bot.stdout, w.env.DOWNLOAD_DIR!, w.fake);
    assertLedgerSettled(w.env.DATABASE_PATH!);
  });

  it("killed after the first shot finished: the restart submits the second once and delivers one stitched video", async () => {
    const w = await world();
    // The second shot's frame upload is where the bot is when it dies: shot 1 is done, shot 2 unsent.
    const presign = w.proxy.hold("POST", PRESIGN);
    const bot = start(w.env);
    await confirmRequest(bot, BRIEF);
    await presign.reached;
    const [done, waiting] = readJobs(w.env.DATABASE_PATH!);
    assert.equal(done?.state, "succeeded");
    assert.equal(waiting?.state, "submitting");
    assert.equal(waiting.submit_started_at, null, "the second shot had not been sent");
    assert.equal(waiting.after_job_id, done.id, "the second shot waits on the first");
    assert.equal(w.fake.submissions.length, 1);
    await bot.kill();
    const early = existsSync(w.env.DOWNLOAD_DIR!) ? readdirSync(w.env.DOWNLOAD_DIR!).filter((f) => f.endsWith(".mp4")) : [];
    assert.deepEqual(early, [], "nothing was delivered before the kill");

    const second = start(w.env);
    second.end();
    const code = await second.waitExit(60_000);
    assert.equal(code, 0, `${second.stdout}\n${second.stderr}`);
    await waitForJobs(w.env.DATABASE_PATH!, (rows) => rows.every((r) => r.delivered_at !== null));
    await assertChained(w.fake, w.dir, w.clipOf);
    await assertOneStitchedVideo(bot.stdout + second.stdout, w.env.DOWNLOAD_DIR!, w.fake);
    assertLedgerSettled(w.env.DATABASE_PATH!);
  });
});

describe("a chain with a failed shot", { skip: ffmpeg ? false : "no ffmpeg" }, () => {
  it("stops there: later shots are never sent, their holds are released, and what was made is delivered with which shot failed", async () => {
    const dir = tempDir("reelsmith-chain-");
    const fake = await startFakeCreatok({
      pollsToComplete: 2,
      videoFile: async (task) => {
        const path = join(dir, `${task.id}.mp4`);
        if (!existsSync(path)) await renderTestClip(ffmpeg!, path, { seconds: Number(task.body.seconds), width: 144, height: 256, font: "" });
        return path;
      },
    });
    try {
      const c = clock();
      const chat = await terminalChat();
      const db = testDb();
      const shot = (seconds: number, beat: string) => ({ seconds, role: "beat" as const, beat, prompt: `A paper boat: ${beat}` });
      insertQuote(db, {
        id: "q1",
        amount: 15,
        plan: { ...CREATOK_PLAN, segments: [5, 5, 5], shots: [shot(5, "sets off"), shot(5, "sails on"), shot(5, "reaches the sea")], chainable: true },
      });
      fake.scriptNextTask(["queued", "succeeded"]);
      fake.failNextTask(); // the second shot is turned down (moderation)
      const jobs = makeJobs({ db, providers: [["creatok", creatokProvider(fake.baseUrl, fake.apiKey)]], chat, clock: c, ffmpeg: ffmpeg! });
      assert.equal(jobs.confirm("q1", "alice").outcome, "claimed");
      const rows = jobRows(db);
      assert.deepEqual(rows.map((r) => r.after_job_id), [null, rows[0]!.id, rows[1]!.id], "each shot waits on the one before");
      await tickUntil(jobs, c, () => jobRows(db).every((r) => r.delivered_at !== null));

      assert.deepEqual(fake.submissions.map((s) => s.body.prompt), ["A paper boat: sets off", "A paper boat: sails on"], "the third shot was never sent");
      assert.equal(fake.uploads.length, 1, "only the second shot took a frame");
      const [first, second, third] = jobRows(db);
      assert.deepEqual([first!.state, second!.state, third!.state], ["succeeded", "failed", "failed"]);
      const t = chat.translator;
      const reason = (key: "chain_stopped" | "moderation") => t.render("en", text(`jobs:reason.${key}`));
      assert.equal(chat.count("Clip 1 of 3 is ready"), 1, chat.text());
      assert.equal(chat.count(t.render("en", text("jobs:failed.segment", { index: 2, total: 3, reason: text("jobs:reason.moderation") }))), 1, chat.text());
      assert.equal(chat.count(t.render("en", text("jobs:failed.segment", { index: 3, total: 3, reason: text("jobs:reason.chain_stopped") }))), 1, chat.text());
      assert.ok(chat.text().includes(reason("chain_stopped")));
      const totals = assertLedgerBalanced(db);
      assert.equal(totals.releases.count, 2, "the failed shot and the one behind it hold nothing");
      assert.equal(totals.settlements.count, 1);
      assert.equal(totals.open.count, 0);
    } finally {
      await fake.close();
    }
  });
});

describe("a chain on a provider that returns its own last frame", () => {
  it("asks for it with the shot another follows and starts the next shot from it, with no ffmpeg at all", async () => {
    const fake = await startSophnetFake();
    fake.completeAfterPolls(1);
    try {
      const c = clock();
      const chat = await terminalChat();
      const db = testDb();
      const shot = (seconds: number, beat: string) => ({ seconds, role: "beat" as const, beat, prompt: `A lighthouse: ${beat}` });
      const plan: VideoPlan = {
        kind: "video", provider: "sophnet", modelId: "Seedance-1.5-Pro", orientation: "16:9", definition: "720p",
        segments: [5, 5], referenceImages: 0, shots: [shot(5, "dusk falls"), shot(5, "the beam turns")], chainable: true,
      };
      insertQuote(db, { id: "q1", plan, amount: null, currency: null });
      const provider = createSophnetProvider({ apiKey: fake.apiKey, baseUrl: fake.baseUrl, http: createHttp({ provider: "sophnet", baseDelayMs: 1, maxDelayMs: 5 }) });
      const jobs = makeJobs({ db, providers: [["sophnet", provider]], chat, clock: c, ffmpeg: null });
      assert.equal(jobs.confirm("q1", "alice").outcome, "claimed");
      await tickUntil(jobs, c, () => jobRows(db).every((r) => r.delivered_at !== null));

      const [first, second] = fake.submissions;
      assert.equal(fake.submissions.length, 2);
      assert.equal(first!.body.return_last_frame, true, "the first shot is asked for its last frame");
      assert.equal(second!.body.return_last_frame, undefined, "nothing follows the second");
      const upload = fake.uploads.at(-1)!;
      assert.equal(fake.uploads.length, 1);
      assert.equal(Buffer.from(upload.bytes).subarray(8).toString(), `last frame of ${first!.taskId}`, "the provider's own last frame was uploaded");
      assert.equal(upload.mime, "image/png");
      const image = (second!.body.content as { type: string; role?: string; image_url?: { url: string } }[]).find((c) => c.type === "image_url");
      assert.deepEqual([image?.role, image?.image_url?.url], ["first_frame", upload.signedUrl], "it is the second shot's first frame");
      assert.ok(jobRows(db).every((r) => r.state === "succeeded"));
    } finally {
      await fake.close();
    }
  });
});
