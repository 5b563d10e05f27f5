/**
 * Crash tests of the real bot process (issue 4, "Must show"): the bot is SIGKILLed at each phase of
 * a paid job, restarted on the same database, and must still submit once per confirmation, end
 * every job delivered (or failed/unknown with the user told), and never show a result twice.
 * Issue 7: at every kill and after every restart the ledger balances (holds = settlements +
 * releases + open holds) and each job's hold is closed exactly as its state says, once.
 *
 * Kills are timed on the wire, not with sleeps: a proxy in front of the provider fake forwards the
 * request of the phase under test and withholds the answer, so the provider has done its part and
 * the bot is provably inside that call when it dies.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { text, type MessageKey } from "../../src/domain/reply.ts";
import { createTranslator, type Translator } from "../../src/i18n/index.ts";
import type { JobRow, StoredRequest } from "../../src/jobs/rows.ts";
import { startFakeCreatok } from "../fakes/creatok.ts";
import { startFakeOpenAIVideos } from "../fakes/openai-videos.ts";
import { cleanEnv } from "../support/app.ts";
import {
  confirmRequest,
  launchBot,
  ledgerProblems,
  occurrences,
  readJobs,
  readLedger,
  startHoldingProxy,
  waitForJobs,
  type Bot,
  type HoldingProxy,
} from "../support/crash.ts";

const WAVES = "an 8 second landscape video of waves at sunset";
const LIGHTHOUSE = "an 8 second landscape video of a lighthouse in fog";

const CREATOK_SUBMIT = /^\/api\/open\/skills\/tasks$/;
const CREATOK_STATUS = /^\/api\/open\/skills\/tasks\/status\?/;
const OPENAI_CREATE = /^\/v1\/videos$/;
const OPENAI_CONTENT = /^\/v1\/videos\/[^/]+\/content/;

// Each test has its own fakes, proxy and database, so the five run side by side: most of their
// time is two bot start-ups each.
describe("a bot killed at any phase of a paid job, then restarted on the same database", { concurrency: true }, () => {
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

  function start(env: Record<string, string>): Bot {
    const bot = launchBot(env);
    bots.push(bot);
    return bot;
  }

  async function creatokWorld(extra: Record<string, string> = {}) {
    const fake = await startFakeCreatok({ pollsToComplete: 2 });
    const proxy = await startHoldingProxy(fake.baseUrl);
    closers.push(async () => {
      await proxy.close();
      await fake.close();
    });
    // A daily budget, so the real process runs the whole spending path (CreatOK quotes in credits).
    const env = cleanEnv({ CREATOK_API_KEY: fake.apiKey, CREATOK_BASE_URL: proxy.url, LOG_LEVEL: "info", USER_DAILY_BUDGET: "credits:1000", ...extra });
    return { fake, proxy, env, prompts: () => fake.submissions.map((s) => String(s.body.prompt)) };
  }

  async function openaiWorld() {
    const fake = await startFakeOpenAIVideos();
    fake.completeAfterPolls(2);
    const proxy = await startHoldingProxy(new URL(fake.url).origin);
    closers.push(async () => {
      await proxy.close();
      await fake.close();
    });
    const env = cleanEnv({
      OPENAI_API_KEY: fake.apiKey,
      OPENAI_BASE_URL: `${proxy.url}/v1`,
      OPENAI_VIDEO_MODELS: "sora-2:4/8/12",
      LOG_LEVEL: "info",
    });
    return { fake, proxy, env, prompts: () => fake.submissions.map((s) => s.fields.prompt ?? "") };
  }

  /** The second life: no input at all, so the terminal waits for every pending job and exits. */
  async function restartUntilSettled(env: Record<string, string>): Promise<Bot> {
    const bot = start(env);
    bot.end();
    const code = await bot.waitExit(40_000);
    assert.equal(code, 0, `the restarted bot settles every job and exits cleanly:\n${bot.stdout}\n${bot.stderr}`);
    return bot;
  }

  const promptOf = (row: JobRow) => (JSON.parse(row.request) as StoredRequest).prompt;

  /** The ledger agrees with the jobs; after a restart every hold is closed. */
  function assertLedger(dbPath: string, settled: boolean): void {
    const rows = readJobs(dbPath);
    const ledger = readLedger(dbPath);
    assert.ok(ledger.some((e) => e.kind === "hold"), "confirmations were held");
    assert.deepEqual(ledgerProblems(rows, ledger), [], JSON.stringify(ledger, null, 1));
    if (settled) {
      const open = ledger.filter((h) => h.kind === "hold" && !ledger.some((c) => c.kind !== "hold" && c.job_id === h.job_id));
      assert.deepEqual(open, [], "no hold is left open once every job ended");
    }
  }
  const render = (key: MessageKey, params: Record<string, string> = {}) => t.render("en", text(key, params));

  /** Each confirmed job's prompt reached the provider exactly once, and nothing else did. */
  function assertOneSubmissionPerConfirmation(rows: JobRow[], submittedPrompts: string[]): void {
    // multipart/form-data carries line breaks as CRLF (undici's FormData normalises them).
    const sent = submittedPrompts.map((p) => p.replace(/\r\n/g, "\n"));
    assert.deepEqual(sent.sort(), rows.map(promptOf).sort());
  }

  function assertEveryJobTold(rows: JobRow[]): void {
    for (const row of rows) {
      assert.ok(["succeeded", "failed", "unknown"].includes(row.state), `job ${row.id} ended, not ${row.state}`);
      assert.notEqual(row.delivered_at, null, `job ${row.id} (${row.state}) was delivered or its user told`);
      assert.notEqual(row.delivery_message_id, null, `job ${row.id} records the message it was told with`);
    }
  }

  /** CreatOK results are links: each one shown once across both lives of the bot. */
  function assertEachLinkShownOnce(rows: JobRow[], chat: string, baseUrl: string): void {
    for (const row of rows) {
      assert.equal(row.state, "succeeded");
      const shown = render("jobs:done.video", { url: `${baseUrl}/files/${row.task_id}.mp4` });
      assert.equal(occurrences(chat, shown), 1, `the result of ${row.task_id} is shown exactly once:\n${chat}`);
    }
  }

  /** /v1/videos results need the key, so the bot saves the file: each saved and shown once. */
  function assertEachFileShownOnce(rows: JobRow[], chat: string, downloadDir: string): void {
    for (const row of rows) {
      assert.equal(row.state, "succeeded");
      const path = join(downloadDir, `${row.task_id}.mp4`);
      assert.ok(existsSync(path), `${path} was saved`);
      assert.equal(occurrences(chat, `${path}\n`), 1, `the file of ${row.task_id} is shown exactly once:\n${chat}`);
    }
    assert.equal(occurrences(chat, render("jobs:done.video_file")), rows.length, chat);
  }

  it("after the confirmation claim, before the submit call: the job is submitted once by the restarted bot", async () => {
    // One call at a time to CreatOK, and the first job's poll held: the second confirmation is
    // claimed and committed but cannot reach the provider before the kill.
    const w = await creatokWorld({ PROVIDER_CONCURRENCY: "1" });
    const poll = w.proxy.hold("GET", CREATOK_STATUS);
    const bot = start(w.env);
    await confirmRequest(bot, WAVES);
    await poll.reached;
    await confirmRequest(bot, LIGHTHOUSE);
    const claimed = await waitForJobs(w.env.DATABASE_PATH!, (rows) => rows.length === 2);
    const waiting = claimed[1]!;
    assert.equal(waiting.state, "submitting");
    assert.equal(waiting.submit_started_at, null, "the second job had not started its submit call");
    assert.equal(w.fake.submissions.length, 1, "only the first job reached the provider");
    await bot.kill();
    assertLedger(w.env.DATABASE_PATH!, false);

    const second = await restartUntilSettled(w.env);
    assertLedger(w.env.DATABASE_PATH!, true);
    const rows = readJobs(w.env.DATABASE_PATH!);
    assert.equal(rows.length, 2);
    assertOneSubmissionPerConfirmation(rows, w.prompts());
    assertEveryJobTold(rows);
    assertEachLinkShownOnce(rows, bot.stdout + second.stdout, w.fake.baseUrl);
  });

  it(
    "after the submit call reached a provider with a task list: the restart finds the task there, delivers once, resubmits nothing",
    async () => {
      const w = await openaiWorld();
      const create = w.proxy.hold("POST", OPENAI_CREATE);
      const bot = start(w.env);
      await confirmRequest(bot, WAVES);
      await create.reached;
      const [inFlight] = await waitForJobs(w.env.DATABASE_PATH!, (rows) => rows.length === 1);
      assert.equal(inFlight!.state, "submitting");
      assert.notEqual(inFlight!.submit_started_at, null, "the submit call was under way");
      assert.equal(inFlight!.task_id, null, "the task id never reached the bot");
      await bot.kill();
      assertLedger(w.env.DATABASE_PATH!, false);

      const second = await restartUntilSettled(w.env);
      assertLedger(w.env.DATABASE_PATH!, true);
      const rows = readJobs(w.env.DATABASE_PATH!);
      assertOneSubmissionPerConfirmation(rows, w.prompts());
      assert.equal(rows[0]!.task_id, w.fake.submissions[0]!.videoId, "the job adopted the video the provider made");
      assertEveryJobTold(rows);
      assertEachFileShownOnce(rows, bot.stdout + second.stdout, w.env.DOWNLOAD_DIR!);
    },
  );

  it("after the submit call reached a provider without a task list: the job is unknown, the user is told plainly, nothing is resubmitted", async () => {
    const w = await creatokWorld();
    const submit = w.proxy.hold("POST", CREATOK_SUBMIT);
    const bot = start(w.env);
    await confirmRequest(bot, WAVES);
    await submit.reached;
    await waitForJobs(w.env.DATABASE_PATH!, (rows) => rows.length === 1 && rows[0]!.submit_started_at !== null);
    await bot.kill();
    assertLedger(w.env.DATABASE_PATH!, false);

    const second = await restartUntilSettled(w.env);
    assertLedger(w.env.DATABASE_PATH!, true);
    const rows = readJobs(w.env.DATABASE_PATH!);
    assertOneSubmissionPerConfirmation(rows, w.prompts());
    assert.equal(rows[0]!.state, "unknown");
    assert.equal(rows[0]!.task_id, null);
    assertEveryJobTold(rows);
    const told = render("jobs:unknown", { provider: "CreatOK" });
    assert.equal(occurrences(bot.stdout + second.stdout, told), 1, `the user is told once:\n${second.stdout}`);
  });

  it("while polling: the restarted bot follows the task to its end and delivers it once", async () => {
    const w = await creatokWorld();
    const poll = w.proxy.hold("GET", CREATOK_STATUS);
    const bot = start(w.env);
    await confirmRequest(bot, WAVES);
    await poll.reached;
    const [polling] = readJobs(w.env.DATABASE_PATH!);
    assert.ok(polling?.task_id, "the task id was stored before the first poll");
    assert.ok(polling.state === "queued" || polling.state === "running", polling.state);
    await bot.kill();
    assert.equal(occurrences(bot.stdout, `/files/${polling.task_id}.mp4`), 0, "nothing was delivered before the kill");
    assertLedger(w.env.DATABASE_PATH!, false);

    const second = await restartUntilSettled(w.env);
    assertLedger(w.env.DATABASE_PATH!, true);
    const rows = readJobs(w.env.DATABASE_PATH!);
    assertOneSubmissionPerConfirmation(rows, w.prompts());
    assert.equal(rows[0]!.task_id, polling.task_id);
    assertEveryJobTold(rows);
    assertEachLinkShownOnce(rows, bot.stdout + second.stdout, w.fake.baseUrl);
  });

  it("while delivering: the result held mid-download is delivered exactly once after the restart", async () => {
    const w = await openaiWorld();
    const download = w.proxy.hold("GET", OPENAI_CONTENT);
    const bot = start(w.env);
    await confirmRequest(bot, WAVES);
    await download.reached;
    const [finished] = readJobs(w.env.DATABASE_PATH!);
    assert.equal(finished?.state, "succeeded");
    assert.equal(finished.delivered_at, null);
    await bot.kill();
    assert.equal(occurrences(bot.stdout, render("jobs:done.video_file")), 0, "nothing was delivered before the kill");
    assertLedger(w.env.DATABASE_PATH!, false);

    const second = await restartUntilSettled(w.env);
    assertLedger(w.env.DATABASE_PATH!, true);
    const rows = readJobs(w.env.DATABASE_PATH!);
    assertOneSubmissionPerConfirmation(rows, w.prompts());
    assertEveryJobTold(rows);
    assertEachFileShownOnce(rows, bot.stdout + second.stdout, w.env.DOWNLOAD_DIR!);
  });
});
