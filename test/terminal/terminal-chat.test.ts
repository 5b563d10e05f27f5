import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { locateFfmpeg, probe } from "../../src/media/ffmpeg.ts";
import { cleanEnv, converse, startApp } from "../support/app.ts";

/** The files the terminal chat says it saved, in the order it said so. */
function savedClips(out: string, downloadDir: string): string[] {
  return out.split("\n").map((l) => l.trim()).filter((l) => l.startsWith(downloadDir) && l.endsWith(".mp4"));
}

const QUESTION = /How long should the clip be|Which shape\?|视频要多长|要什么画幅/g;

describe("terminal chat on the sandbox provider", () => {
  it("takes an English brief through recommendation and cost to one stitched, playable video of the asked length", async () => {
    const env = cleanEnv({});
    const run = await converse(env, [
      "I need a 20 second vertical video of a cat surfing",
      { send: "1", after: /\[1\] ✅ Confirm/ },
    ]);
    assert.equal(run.code, 0, run.stderr);
    const out = run.stdout;
    assert.match(out, /sandbox provider/i, "the sandbox is named as such");
    assert.ok((out.match(QUESTION) ?? []).length <= 2, "at most two questions");
    assert.match(out, /I recommend Sandbox Video: .+\./, "a recommendation with its reason");
    assert.match(out, /Shape: Vertical 9:16/);
    assert.match(out, /Length: 20 s as 2 clips \(10 \+ 10 s\)/);
    assert.match(out, /Shot 1 \(10 s\): opening/);
    assert.match(out, /Shot 2 \(10 s\): ending/);
    assert.match(out, /Estimated cost: free \(sandbox\)/);
    assert.equal(run.stdout.match(/Your video is ready, joined from 2 clips\./g)?.length, 1, out);
    const files = savedClips(out, env.DOWNLOAD_DIR!);
    assert.equal(files.length, 1, `one stitched file:\n${out}`);
    assert.ok(existsSync(files[0]!));
    const info = await probe(locateFfmpeg()!, files[0]!);
    assert.equal(info.codec, "h264");
    assert.ok(info.height > info.width, "vertical");
    assert.ok(Math.abs(info.durationSeconds - 20) <= 0.5, `20 ± 0.5 s, read ${info.durationSeconds} s`);
    assert.ok(out.indexOf("Estimated cost") < out.indexOf(files[0]!), "the cost is shown before anything is made");
  });

  it("holds the same conversation in Chinese and answers in Chinese", async () => {
    const run = await converse(cleanEnv({}), [
      "我需要一个20秒的竖屏视频，一只猫在冲浪",
      { send: "好的，生成", after: /现在开始生成吗/ },
    ]);
    assert.equal(run.code, 0, run.stderr);
    const out = run.stdout;
    assert.match(out, /推荐使用 Sandbox Video：.+。/);
    assert.match(out, /画幅：竖屏 9:16/);
    assert.match(out, /预估费用：免费（沙盒）/);
    assert.match(out, /视频好了，由 2 段拼接而成/);
    assert.doesNotMatch(out.slice(out.indexOf("推荐使用")), /I recommend|Estimated cost|is ready/, "no English after the user wrote Chinese");
  });

  it("asks at most two short questions for a vague idea", async () => {
    const env = cleanEnv({});
    const run = await converse(env, [
      "a cat surfing a big wave",
      { send: "2", after: /How long should the clip be/ },
      { send: "1", after: /Which shape\?/ },
      { send: "1", after: /\[1\] ✅ Confirm/ },
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal((run.stdout.match(QUESTION) ?? []).length, 2);
    assert.match(run.stdout, /Length: 8 s/);
    const [file] = savedClips(run.stdout, env.DOWNLOAD_DIR!);
    assert.ok(file, run.stdout);
    assert.ok(Math.abs((await probe(locateFfmpeg()!, file)).durationSeconds - 8) <= 0.5);
  });

  it("keeps an explicit /language choice over the language the user writes in", async () => {
    const run = await converse(cleanEnv({}), [
      "/language zh-CN",
      { send: "an 8 second landscape video of waves at sunset", after: /简体中文回复/ },
      { send: "3", after: /现在开始生成吗/ },
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /推荐使用/);
    assert.match(run.stdout, /已取消/, "the Cancel button works and answers in the chosen language");
    assert.doesNotMatch(run.stdout, /I recommend/);
  });

  it("confirms nothing when nothing is pending", async () => {
    const run = await converse(cleanEnv({}), ["go ahead"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /nothing waiting for your go-ahead/);
    assert.doesNotMatch(run.stdout, /\.mp4/);
  });
});

describe("configuration errors", () => {
  for (const [name, value] of [["POLL_MIN_INTERVAL_MS", "soon"], ["CREATOK_BASE_URL", "not a url"], ["TELEGRAM_BOT_TOKEN", "abc"]] as const) {
    it(`stops with one line naming ${name} when it is wrong`, async () => {
      const child = startApp(cleanEnv({ [name]: value }));
      let stderr = "";
      child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr += d));
      child.stdin!.end();
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      assert.notEqual(code, 0);
      const lines = stderr.trim().split("\n").filter((l) => !l.includes("nodedir"));
      assert.equal(lines.length, 1, stderr);
      assert.match(lines[0]!, new RegExp(`^Configuration error: ${name} `));
      assert.ok(!lines[0]!.includes(value), "the value itself is not echoed (it could be a secret)");
    });
  }
});
