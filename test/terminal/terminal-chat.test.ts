import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { cleanEnv, converse, startApp } from "../support/app.ts";

const QUESTION = /How long should the clip be|Which shape\?|视频要多长|要什么画幅/g;

describe("terminal chat on the sandbox provider", () => {
  it("takes an English brief through recommendation and cost to a delivered sandbox clip", async () => {
    const run = await converse(cleanEnv({}), [
      "I need a 20 second vertical video of a cat surfing",
      { send: "1", after: /\[1\] ✅ Confirm/ },
    ]);
    assert.equal(run.code, 0, run.stderr);
    const out = run.stdout;
    assert.match(out, /sandbox provider/i, "the sandbox is named as such");
    assert.ok((out.match(QUESTION) ?? []).length <= 2, "at most two questions");
    assert.match(out, /I recommend Sandbox Video: .+\./, "a recommendation with its reason");
    assert.match(out, /Shape: Vertical 9:16/);
    assert.match(out, /Length: 20 s as 2 clips \(15 \+ 5 s\)/);
    assert.match(out, /Estimated cost: free \(sandbox\)/);
    const urls = out.match(/https:\/\/sandbox\.reelsmith\.invalid\/clips\/[0-9a-f]+\.mp4/g) ?? [];
    assert.equal(new Set(urls).size, 2, `both clips delivered once:\n${out}`);
    assert.ok(out.indexOf("Estimated cost") < out.indexOf(urls[0]!), "the cost is shown before anything is made");
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
    assert.match(out, /第 1\/2 段好了/);
    assert.doesNotMatch(out.slice(out.indexOf("推荐使用")), /I recommend|Estimated cost|is ready/, "no English after the user wrote Chinese");
  });

  it("asks at most two short questions for a vague idea", async () => {
    const run = await converse(cleanEnv({}), [
      "a cat surfing a big wave",
      { send: "2", after: /How long should the clip be/ },
      { send: "1", after: /Which shape\?/ },
      { send: "1", after: /\[1\] ✅ Confirm/ },
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal((run.stdout.match(QUESTION) ?? []).length, 2);
    assert.match(run.stdout, /Length: 8 s/);
    assert.match(run.stdout, /sandbox\.reelsmith\.invalid\/clips\//);
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
    assert.doesNotMatch(run.stdout, /sandbox\.reelsmith\.invalid/);
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
