import { after, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHttp } from "../../src/providers/http.ts";
import type { Provider, VideoRequest } from "../../src/providers/provider.ts";
import {
  createJimengProvider,
  decodeJimengTaskId,
  JIMENG_MAX_IMAGE_BYTES,
  jimengErrorKind,
  jimengReqKey,
} from "../../src/providers/jimeng.ts";
import { parseVolcAuthorization } from "../../src/providers/volc-signer.ts";
import { startJimengFake, type JimengFake } from "../fakes/jimeng.ts";
import { assertInterimStatusesRun, rejection, videoRequest } from "../support/provider.ts";

const http = createHttp({ provider: "jimeng", baseDelayMs: 1, maxDelayMs: 5 });
const fixedNow = () => new Date("2026-01-02T03:04:05Z");

function video(overrides: Partial<VideoRequest> = {}): VideoRequest {
  return videoRequest("jimeng-video-3.0", { prompt: "一只猫在滑板上 🐱🛹", seconds: 5, orientation: "9:16", ...overrides });
}


const png = (size: number) => new Uint8Array(size).map((_, i) => (i * 13 + 1) % 256);

describe("Jimeng provider against a loopback Volcengine that verifies signatures", () => {
  let fake: JimengFake;
  let provider: Provider;

  before(async () => {
    fake = await startJimengFake();
    provider = createJimengProvider({
      accessKeyId: fake.accessKeyId, secretKey: fake.secretKey, baseUrl: fake.baseUrl, http, now: fixedNow,
    });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.completeAfterPolls(1);
    fake.interimStatuses(["in_queue", "generating"]);
  });

  it("submits a signed text-to-video task, then reports queued, running and succeeded with the video URL", async () => {
    fake.completeAfterPolls(3);
    const failuresBefore = fake.signatureFailures;
    const submission = await provider.submit(video());
    const sent = fake.submissions.at(-1)!;
    assert.equal(submission.taskId, `jimeng_t2v_v30:${sent.taskId}`);
    assert.deepEqual(sent.body, {
      req_key: "jimeng_t2v_v30", prompt: "一只猫在滑板上 🐱🛹", seed: -1, frames: 121, aspect_ratio: "9:16",
    });
    assert.equal(sent.headers["x-date"], "20260102T030405Z");
    assert.deepEqual(parseVolcAuthorization(sent.headers["authorization"]!)?.signedHeaders, ["host", "x-content-sha256", "x-date"]);

    const states = [];
    for (let i = 0; i < 3; i++) states.push(await provider.status(submission.taskId, "video"));
    assert.deepEqual(states.map((s) => s.state), ["queued", "running", "succeeded"]);
    assert.deepEqual(states[2]!.outputs.videos, [`${fake.baseUrl}/files/${sent.taskId}.mp4`]);
    assert.deepEqual(fake.queries.at(-1), { req_key: "jimeng_t2v_v30", task_id: sent.taskId });
    assert.equal(fake.signatureFailures, failuresBefore, "every request carried a valid signature");
  });

  it("is refused with an auth error when signing with a wrong secret, and the secret stays out of the message", async () => {
    const wrongSecret = "totally-wrong-secret-value";
    const wrong = createJimengProvider({
      accessKeyId: fake.accessKeyId, secretKey: wrongSecret, baseUrl: fake.baseUrl, http, now: fixedNow,
    });
    const before = fake.signatureFailures;
    const error = await rejection(wrong.submit(video()));
    assert.equal(error.kind, "auth");
    assert.equal(error.details.code, "SignatureDoesNotMatch");
    assert.equal(fake.signatureFailures, before + 1);
    assert.ok(!error.message.includes(wrongSecret), "expected !error.message.includes(wrongSecret)");
    assert.ok(!error.message.includes(fake.secretKey), "expected !error.message.includes(fake.secretKey)");

    const status = await rejection(wrong.status("jimeng_t2v_v30:1", "video"));
    assert.equal(status.kind, "auth");
  });

  it("is refused with an auth error for an unknown access key", async () => {
    const wrong = createJimengProvider({
      accessKeyId: "AKLTnobody", secretKey: fake.secretKey, baseUrl: fake.baseUrl, http, now: fixedNow,
    });
    const error = await rejection(wrong.submit(video()));
    assert.equal(error.kind, "auth");
    assert.equal(error.details.code, "InvalidAccessKey");
  });

  it("asks for 121 frames for 5 s and 241 for 10 s, and refuses other lengths before calling", async () => {
    await provider.submit(video({ seconds: 5 }));
    assert.equal(fake.submissions.at(-1)!.body.frames, 121);
    await provider.submit(video({ seconds: 10 }));
    assert.equal(fake.submissions.at(-1)!.body.frames, 241);
    const count = fake.submissions.length;
    assert.equal((await rejection(provider.submit(video({ seconds: 8 })))).kind, "invalid_input");
    assert.equal(fake.submissions.length, count);
  });

  it("sends uploaded images as base64 in binary_data_base64 with the image-to-video req_key and no aspect ratio", async () => {
    const first = png(5000);
    const last = png(3000).reverse();
    const a = await provider.upload({ bytes: first, mime: "image/png", fileName: "first.png" });
    const b = await provider.upload({ bytes: last, mime: "image/jpeg", fileName: "last.jpg" });
    assert.equal(a.ref, "inline");

    const one = await provider.submit(video({ images: [a] }));
    let sent = fake.submissions.at(-1)!;
    assert.equal(sent.reqKey, "jimeng_i2v_first_v30");
    assert.ok(one.taskId.startsWith("jimeng_i2v_first_v30:"), "expected one.taskId.startsWith(\"jimeng_i2v_first_v30:\")");
    assert.deepEqual(new Uint8Array(Buffer.from(sent.body.binary_data_base64[0], "base64")), first);
    assert.equal(sent.body.aspect_ratio, undefined);
    assert.equal(sent.body.image_urls, undefined);

    await provider.submit(video({ model: "jimeng-video-3.0-1080p", images: [a, b], seed: 7 }));
    sent = fake.submissions.at(-1)!;
    assert.equal(sent.reqKey, "jimeng_i2v_first_tail_v30_1080");
    assert.equal(sent.body.seed, 7);
    assert.deepEqual(sent.body.binary_data_base64.map((s: string) => new Uint8Array(Buffer.from(s, "base64"))), [first, last]);
  });

  it("sends http image references as image_urls", async () => {
    await provider.submit(video({ model: "jimeng-video-3.0-pro", images: [{ ref: "https://cdn.example/a.png", mime: "image/png" }] }));
    const sent = fake.submissions.at(-1)!;
    assert.equal(sent.reqKey, "jimeng_ti2v_v30_pro");
    assert.deepEqual(sent.body.image_urls, ["https://cdn.example/a.png"]);
  });

  it("refuses images that are not JPEG or PNG, or larger than 4.7 MB", async () => {
    assert.equal((await rejection(provider.upload({ bytes: png(10), mime: "image/webp", fileName: "a.webp" }))).kind, "invalid_input");
    assert.equal((await rejection(provider.upload({ bytes: new Uint8Array(JIMENG_MAX_IMAGE_BYTES + 1), mime: "image/png", fileName: "big.png" }))).kind, "invalid_input");
    const ok = await provider.upload({ bytes: new Uint8Array(JIMENG_MAX_IMAGE_BYTES), mime: "image/jpeg", fileName: "max.jpg" });
    assert.equal(ok.bytes?.byteLength, JIMENG_MAX_IMAGE_BYTES);
  });

  it("maps input moderation codes on submit to moderation errors naming the input", async () => {
    for (const code of [50411, 50412, 50413, 50518]) {
      fake.failNext("submit", { type: "business", code });
      const error = await rejection(provider.submit(video()));
      assert.equal(error.kind, "moderation", `code ${code}`);
      assert.equal(error.details.code, code);
      assert.equal(error.details.status, 400);
      assert.match(error.message, /input/);
      assert.notEqual(error.details.outcomeUnknown, true);
    }
  });

  it("maps 50429 and 50430 to rate_limited with the Retry-After wait, and 50500/50501 to transient with unknown outcome", async () => {
    fake.failNext("submit", { type: "business", code: 50429, retryAfterSeconds: 3 });
    let error = await rejection(provider.submit(video()));
    assert.equal(error.kind, "rate_limited");
    assert.equal(error.details.retryAfterMs, 3000);
    assert.notEqual(error.details.outcomeUnknown, true);
    fake.failNext("submit", { type: "business", code: 50430 });
    assert.equal((await rejection(provider.submit(video()))).kind, "rate_limited");

    for (const code of [50500, 50501]) {
      fake.failNext("submit", { type: "business", code });
      error = await rejection(provider.submit(video()));
      assert.equal(error.kind, "transient");
      assert.equal(error.details.outcomeUnknown, true);
    }
  });

  it("treats an HTML 502 page or a dropped connection on submit as transient with unknown outcome, without retrying", async () => {
    const count = fake.submissions.length;
    fake.failNext("submit", { type: "html502" });
    let error = await rejection(provider.submit(video()));
    assert.equal(error.kind, "transient");
    assert.equal(error.details.outcomeUnknown, true);
    fake.failNext("submit", { type: "drop" });
    error = await rejection(provider.submit(video()));
    assert.equal(error.kind, "transient");
    assert.equal(error.details.outcomeUnknown, true);
    assert.equal(fake.submissions.length, count);

    fake.failNext("submit", { type: "dropAfterAccept" });
    error = await rejection(provider.submit(video()));
    assert.equal(error.details.outcomeUnknown, true);
    assert.equal(fake.submissions.length, count + 1, "the task exists although we never saw its id");
  });

  it("maps gateway errors by their code", async () => {
    fake.failNext("submit", { type: "gateway", code: "AuthFailure", status: 403 });
    assert.equal((await rejection(provider.submit(video()))).kind, "auth");
    fake.failNext("submit", { type: "gateway", code: "FlowLimitExceeded", status: 429 });
    assert.equal((await rejection(provider.submit(video()))).kind, "rate_limited");
  });

  it("retries a status read through a 502 and a 50500, then succeeds", async () => {
    const { taskId } = await provider.submit(video());
    fake.failNext("query", { type: "html502" });
    fake.failNext("query", { type: "business", code: 50500 });
    assert.equal((await provider.status(taskId, "video")).state, "succeeded");
  });

  it("reports output moderation found while polling as a failed task of kind moderation", async () => {
    fake.completeAfterPolls(2, { type: "code", code: 50516 });
    const { taskId } = await provider.submit(video());
    assert.equal((await provider.status(taskId, "video")).state, "queued");
    const status = await provider.status(taskId, "video");
    assert.equal(status.state, "failed");
    assert.equal(status.error?.kind, "moderation");
    assert.match(status.error!.message, /output/);
  });

  it("reports not_found, expired and done-without-video as failed", async () => {
    for (const outcome of [{ type: "status", status: "not_found" }, { type: "status", status: "expired" }, { type: "doneWithoutVideo" }] as const) {
      fake.completeAfterPolls(1, outcome);
      const { taskId } = await provider.submit(video());
      const status = await provider.status(taskId, "video");
      assert.equal(status.state, "failed");
      assert.equal(status.error?.kind, "unknown");
    }
  });

  it("counts empty and unknown data.status values as still running", async () => {
    await assertInterimStatusesRun(provider, fake, ["", "preprocessing", "waiting"], video());
  });

  it("queries with the req_key of the submission, recovered from the task id", async () => {
    const { taskId } = await provider.submit(video({ model: "jimeng-video-3.0-1080p" }));
    const bare = decodeJimengTaskId(taskId)!.taskId;
    assert.equal((await provider.status(taskId, "video")).state, "succeeded");
    assert.deepEqual(fake.queries.at(-1), { req_key: "jimeng_t2v_v30_1080p", task_id: bare });
    const wrongKey = await provider.status(`jimeng_t2v_v30:${bare}`, "video");
    assert.equal(wrongKey.state, "failed", "the fake finds a task only under its own req_key");
    assert.equal((await rejection(provider.status(bare, "video"))).kind, "invalid_input");
  });

  it("refuses a model with no mode for the number of images given", async () => {
    const image = { ref: "https://cdn.example/a.png", mime: "image/png" };
    assert.equal((await rejection(provider.submit(video({ model: "jimeng-video-3.0-pro", images: [image, image] })))).kind, "invalid_input");
    assert.equal((await rejection(provider.submit(video({ model: "jimeng-video-9" })))).kind, "invalid_input");
  });

  it("offers no live capabilities, so the built-in catalog applies", async () => {
    assert.deepEqual(await provider.capabilities(), []);
  });
});

describe("jimengReqKey", () => {
  it("picks the req_key by model and number of images", () => {
    assert.equal(jimengReqKey("jimeng-video-3.0", 0), "jimeng_t2v_v30");
    assert.equal(jimengReqKey("jimeng-video-3.0", 1), "jimeng_i2v_first_v30");
    assert.equal(jimengReqKey("jimeng-video-3.0", 2), "jimeng_i2v_first_tail_v30");
    assert.equal(jimengReqKey("jimeng-video-3.0-1080p", 0), "jimeng_t2v_v30_1080p");
    assert.equal(jimengReqKey("jimeng-video-3.0-1080p", 1), "jimeng_i2v_first_v30_1080");
    assert.equal(jimengReqKey("jimeng-video-3.0-1080p", 2), "jimeng_i2v_first_tail_v30_1080");
    assert.equal(jimengReqKey("jimeng-video-3.0-pro", 0), "jimeng_ti2v_v30_pro");
    assert.equal(jimengReqKey("jimeng-video-3.0-pro", 1), "jimeng_ti2v_v30_pro");
    assert.equal(jimengReqKey("jimeng-video-3.0-pro", 2), undefined);
    assert.equal(jimengReqKey("jimeng-video-3.0", 3), undefined);
  });
});

describe("jimengErrorKind", () => {
  it("classifies moderation, rate-limit and internal codes", () => {
    for (const code of [50411, 50412, 50413, 50518, 50511, 50516, 50517, 50519]) assert.equal(jimengErrorKind(code), "moderation");
    assert.equal(jimengErrorKind(50429), "rate_limited");
    assert.equal(jimengErrorKind(50430), "rate_limited");
    assert.equal(jimengErrorKind(50500), "transient");
    assert.equal(jimengErrorKind(50501), "transient");
    assert.equal(jimengErrorKind(50400), "unknown");
  });
});
