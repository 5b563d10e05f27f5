import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startFakeCreatok, type FakeCreatok } from "../fakes/creatok.ts";
import { startJimengFake, type JimengFake } from "../fakes/jimeng.ts";
import { startFakeOpenAIVideos, type FakeOpenAIVideos } from "../fakes/openai-videos.ts";
import { startSophnetFake, type SophnetFake } from "../fakes/sophnet.ts";
import { cleanEnv, converse } from "../support/app.ts";

const CONFIRM = { send: "1", after: /\[1\] ✅ Confirm/ };

describe("terminal chat against each provider's wire protocol", () => {
  let creatok: FakeCreatok;
  let sophnet: SophnetFake;
  let jimeng: JimengFake;
  let openai: FakeOpenAIVideos;

  before(async () => {
    [creatok, sophnet, jimeng, openai] = await Promise.all([
      startFakeCreatok({ pollsToComplete: 2 }),
      startSophnetFake(),
      startJimengFake(),
      startFakeOpenAIVideos(),
    ]);
    openai.completeAfterPolls(2);
  });
  after(async () => {
    await Promise.all([creatok.close(), sophnet.close(), jimeng.close(), openai.close()]);
  });

  it("CreatOK: live models, one submission, the provider URL verbatim", async () => {
    const run = await converse(cleanEnv({ CREATOK_API_KEY: creatok.apiKey, CREATOK_BASE_URL: creatok.baseUrl }), [
      "an 8 second landscape video of waves at sunset",
      CONFIRM,
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /sandbox/i, "a real provider is not called a sandbox");
    assert.match(run.stdout, /Estimated cost: \d+ credits?/);
    assert.equal(creatok.submissions.length, 1);
    assert.ok(run.stdout.includes(`${creatok.baseUrl}/files/`), `the clip URL is shown:\n${run.stdout}`);
  });

  it("SophNet: one submission, the provider URL verbatim", async () => {
    const run = await converse(cleanEnv({ SOPH_API_KEY: sophnet.apiKey, SOPHNET_BASE_URL: sophnet.baseUrl }), [
      "a 5 second landscape video of waves at sunset",
      CONFIRM,
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(sophnet.submissions.length, 1);
    assert.match(run.stdout, /Estimated cost: the provider publishes no estimate/, "no price is invented");
    assert.match(run.stdout, /\/files\/[^\s]+\.mp4/, run.stdout);
  });

  it("Jimeng: signed requests, one submission, the provider URL verbatim", async () => {
    const run = await converse(
      cleanEnv({ VOLC_ACCESSKEY: jimeng.accessKeyId, VOLC_SECRETKEY: jimeng.secretKey, JIMENG_VIDEO_API_URL: jimeng.baseUrl }),
      ["a 5 second landscape video of waves at sunset", CONFIRM],
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(jimeng.submissions.length, 1);
    assert.match(run.stdout, /https?:\/\/\S+\.mp4/, run.stdout);
  });

  it("/v1/videos gateway: the clip needs the key, so the bot downloads it itself", async () => {
    const env = cleanEnv({ OPENAI_API_KEY: openai.apiKey, OPENAI_BASE_URL: openai.url, OPENAI_VIDEO_MODELS: "sora-2:4/8/12" });
    const run = await converse(env, ["an 8 second landscape video of waves at sunset", CONFIRM]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(openai.submissions.length, 1);
    const files = readdirSync(env.DOWNLOAD_DIR!);
    assert.equal(files.length, 1, run.stdout);
    assert.ok(readFileSync(join(env.DOWNLOAD_DIR!, files[0]!)).byteLength > 0);
    assert.ok(run.stdout.includes(join(env.DOWNLOAD_DIR!, files[0]!)), run.stdout);
    assert.ok(!run.stdout.includes(openai.apiKey), "the key never reaches the chat");
  });
});
