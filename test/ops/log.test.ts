import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadConfig } from "../../src/config.ts";
import { createLogger, createScrubber, REDACTED, SECRET_VARIABLES, secretValues } from "../../src/log.ts";
import { ROOT } from "../support/app.ts";

const TELEGRAM_TOKEN = "7000001:AAH3kq9ZfakeTOKENforTESTSonly_x7Yq2";
const API_KEY = "ok_live_9f8e7d6c5b4a";

function capture(secrets: string[], level = "trace") {
  const lines: string[] = [];
  const log = createLogger({ level, secrets, destination: { write: (line: string) => void lines.push(line) } });
  return { log, text: () => lines.join(""), records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe("log redaction", () => {
  it("blanks fields named like credentials whatever their value", () => {
    const out = capture([]);
    out.log.info(
      {
        token: "t-1",
        apiKey: "k-2",
        req: { headers: { authorization: "Bearer abc", "x-telegram-bot-api-secret-token": "s-3" } },
        provider: { secretKey: "k-4" },
      },
      "request",
    );
    const [record] = out.records();
    assert.equal(record!.token, REDACTED);
    assert.equal(record!.apiKey, REDACTED);
    assert.deepEqual(record!.req, { headers: { authorization: REDACTED, "x-telegram-bot-api-secret-token": REDACTED } });
    assert.deepEqual(record!.provider, { secretKey: REDACTED });
    assert.doesNotMatch(out.text(), /t-1|k-2|abc|s-3|k-4/);
  });

  it("removes configured secret values wherever they appear: message, nested fields, errors", () => {
    const out = capture([API_KEY]);
    out.log.warn({ attempt: { request: { note: `sent ${API_KEY} as x-key` } } }, `calling with ${API_KEY}`);
    out.log.error({ err: new Error(`401 for key ${API_KEY}`) }, "provider refused");
    const text = out.text();
    assert.ok(!text.includes(API_KEY), text);
    assert.equal(text.split(REDACTED).length - 1, 4, "message, nested note, error message and its stack");
  });

  it("removes a secret also when JSON escaping or URL encoding changed how it is written", () => {
    const secret = 'pa"ss/word+with\\odd&chars';
    const out = capture([secret]);
    out.log.info({ url: `https://x.test/?key=${encodeURIComponent(secret)}`, raw: secret }, "escaped");
    const text = out.text();
    assert.ok(!text.includes(JSON.stringify(secret).slice(1, -1)), text);
    assert.ok(!text.includes(encodeURIComponent(secret)), text);
    assert.deepEqual(out.records()[0]!.raw, REDACTED);
  });

  it("removes a Telegram file URL whole, whatever the API root, even with no token configured", () => {
    const out = capture([]);
    out.log.warn({ err: new Error(`fetch failed: http://127.0.0.1:40123/file/bot${TELEGRAM_TOKEN}/photos/file_7.jpg`) }, "download failed");
    out.log.info({}, `got https://api.telegram.org/file/bot${TELEGRAM_TOKEN}/documents/a.png done`);
    const text = out.text();
    assert.doesNotMatch(text, /\/file\/bot|photos\/file_7|documents\/a\.png/);
    assert.ok(!text.includes(TELEGRAM_TOKEN));
    assert.equal(out.records()[1]!.msg, `got ${REDACTED} done`);
  });

  it("removes anything shaped like a bot token or a bearer credential", () => {
    const scrub = createScrubber([]);
    assert.equal(scrub(`GET https://api.telegram.org/bot${TELEGRAM_TOKEN}/getMe`), `GET https://api.telegram.org/bot${REDACTED}/getMe`);
    assert.equal(scrub("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload"), `Authorization: Bearer ${REDACTED}`);
    assert.equal(scrub("key sk-proj-abcdefghijklmnopqrstu"), `key ${REDACTED}`);
  });

  it("leaves ordinary text alone", () => {
    const scrub = createScrubber([API_KEY]);
    const line = '{"msg":"job_delivered","job":"j_8Kd2","chat":"-1001234","at":"2026-11-21T10:00:00.000Z"}';
    assert.equal(scrub(line), line);
  });

  it("knows every credential the configuration takes", () => {
    // .env.example lists every variable the configuration reads.
    const documented = [...readFileSync(join(ROOT, ".env.example"), "utf8").matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
    const variables = documented.filter((name) => /TOKEN|KEY|SECRET|PASSWORD/.test(name));
    assert.deepEqual([...variables].sort(), [...SECRET_VARIABLES].sort());
    const config = loadConfig({ CREATOK_API_KEY: API_KEY, TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN });
    assert.deepEqual(secretValues(config).sort(), [API_KEY, TELEGRAM_TOKEN].sort());
  });

  it("writes nothing below the configured level", () => {
    const out = capture([], "warn");
    out.log.info({}, "routine");
    out.log.warn({}, "worth a look");
    assert.deepEqual(out.records().map((r) => r.msg), ["worth a look"]);
  });
});
