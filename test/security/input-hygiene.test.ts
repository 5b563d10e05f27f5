/**
 * Input hygiene (issue 13): control characters (but newline and tab) and bidi controls are gone
 * before anything reads the text. End to end: the terminal chat of the real bot, the CreatOK fake
 * receiving the prompt; a message of nothing but such characters gets the "describe it" help.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startFakeCreatok, type FakeCreatok } from "../fakes/creatok.ts";
import { cleanEnv, converse } from "../support/app.ts";
import { cleanText, isEmptyText } from "../../src/domain/clean-text.ts";

const UNWANTED = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

describe("input hygiene", () => {
  let creatok: FakeCreatok;
  before(async () => {
    creatok = await startFakeCreatok({ pollsToComplete: 2 });
  });
  after(() => creatok.close());

  const env = () => cleanEnv({ CREATOK_API_KEY: creatok.apiKey, CREATOK_BASE_URL: creatok.baseUrl, TELEGRAM_BOT_TOKEN: "", DISCORD_TOKEN: "" });

  it("NUL, BEL and U+202E never reach the summary or the provider's prompt", async () => {
    const run = await converse(env(), [
      "an 8 second landscape video of \u0000waves\u0007 at sun\u202Eset, \u001B[31mred\u001B[0m sky\u2066",
      { send: "1", after: /\[1\] ✅ Confirm/ },
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(creatok.submissions.length, 1);
    const prompt = String(creatok.submissions[0]!.body.prompt);
    assert.match(prompt, /waves at sunset/, prompt);
    assert.doesNotMatch(prompt, UNWANTED, JSON.stringify(prompt));
    assert.doesNotMatch(run.stdout, UNWANTED, "nothing of them is echoed back either");
  });

  it("a message of only such characters gets the short help, not an offer", async () => {
    const before = creatok.submissions.length;
    const run = await converse(env(), [
      "\u0000\u0007\u202E\u200F\u2066 \u0008",
      { send: "/cancel", after: /What should the video show\?/ },
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /What should the video show\? Describe it in a sentence or two\./);
    assert.doesNotMatch(run.stdout, /Confirm|Estimated cost|How long should the clip be/, "not treated as a brief");
    assert.equal(creatok.submissions.length, before);
  });

  it("keeps newlines, tabs and every script's letters", () => {
    assert.equal(cleanText("a\tb\nc\r\n"), "a\tb\nc\n");
    assert.equal(cleanText("مرحبا\u200F 123\u202Eabc"), "مرحبا 123abc");
    assert.equal(cleanText("猫が\u0000サーフィン"), "猫がサーフィン");
    assert.equal(cleanText("\u0085x\u009B"), "x", "C1 controls go too");
    assert.equal(isEmptyText("\u0000\u0007\u202E \t\n"), true);
    assert.equal(isEmptyText("\u0000a"), false);
  });
});
