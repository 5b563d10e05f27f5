import { after, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHttp } from "../../src/providers/http.ts";
import type { Provider, VideoRequest } from "../../src/providers/provider.ts";
import { createSophnetProvider, readSophnetEnvelope, sophnetSize } from "../../src/providers/sophnet.ts";
import { startSophnetFake, type SophnetFake } from "../fakes/sophnet.ts";
import { rejection, videoRequest } from "../support/provider.ts";

const http = createHttp({ provider: "sophnet", baseDelayMs: 1, maxDelayMs: 5 });

function video(overrides: Partial<VideoRequest> = {}): VideoRequest {
  return videoRequest("Seedance-1.5-Pro", { prompt: "a lighthouse at dusk, waves crashing", seconds: 5, orientation: "16:9", ...overrides });
}


describe("SophNet provider against a loopback SophNet", () => {
  let fake: SophnetFake;
  let provider: Provider;

  before(async () => {
    fake = await startSophnetFake();
    provider = createSophnetProvider({ apiKey: fake.apiKey, baseUrl: fake.baseUrl, http });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.useEnvelope("status");
    fake.completeAfterPolls(1);
    fake.interimStatuses(["queued", "running"]);
  });

  it("submits a text-to-video job, then reports it queued, running and succeeded with the video URL", async () => {
    fake.completeAfterPolls(3);
    const submission = await provider.submit(video({ negativePrompt: "blurry" }));
    const sent = fake.submissions.at(-1)!;
    assert.equal(submission.taskId, sent.taskId);
    assert.equal(sent.authorization, `Bearer ${fake.apiKey}`);
    assert.deepEqual(sent.body, {
      model: "Seedance-1.5-Pro",
      content: [{ type: "text", text: "a lighthouse at dusk, waves crashing", negative_prompt: "blurry" }],
      parameters: { size: "1280*720", duration: 5 },
    });

    const states = [];
    for (let i = 0; i < 3; i++) states.push(await provider.status(submission.taskId, "video"));
    assert.deepEqual(states.map((s) => s.state), ["queued", "running", "succeeded"]);
    assert.deepEqual(states[2]!.outputs.videos, [`${fake.origin}/files/${submission.taskId}.mp4`]);
  });

  it("asks for the clip's last frame when a chained shot follows, and reports the last_frame_url it gets", async () => {
    const plain = await provider.submit(video());
    assert.equal(fake.submissions.at(-1)!.body.return_last_frame, undefined, "not asked for a shot nothing follows");
    assert.equal((await provider.status(plain.taskId, "video")).outputs.lastFrame, undefined);

    const chained = await provider.submit(video({ returnLastFrame: true }));
    assert.equal(fake.submissions.at(-1)!.body.return_last_frame, true, "at the top level, as the relay DTO has it");
    const status = await provider.status(chained.taskId, "video");
    assert.equal(status.state, "succeeded");
    assert.equal(status.outputs.lastFrame, `${fake.origin}/files/${chained.taskId}-last.png`);
  });

  it("reads the code/data envelope on create and status as well", async () => {
    fake.useEnvelope("code");
    const submission = await provider.submit(video());
    const status = await provider.status(submission.taskId, "video");
    assert.equal(status.state, "succeeded");
    assert.equal(status.outputs.videos.length, 1);
    assert.deepEqual(Object.keys(status.raw as object).sort(), ["code", "data", "message"]);
  });

  it("counts empty and unknown task statuses as still running", async () => {
    fake.completeAfterPolls(4);
    fake.interimStatuses(["", "processing", "pending_review"]);
    const { taskId } = await provider.submit(video());
    for (let i = 0; i < 3; i++) assert.equal((await provider.status(taskId, "video")).state, "running");
    assert.equal((await provider.status(taskId, "video")).state, "succeeded");
  });

  it("sends first and last frames as image_url items with their roles, and audio and draft in parameters", async () => {
    await provider.submit(video({
      model: "Wan2.2-I2V-A14B",
      definition: "1080p",
      orientation: "9:16",
      seconds: 10,
      audio: true,
      draft: true,
      images: [
        { ref: "https://cdn.example/first.png", mime: "image/png" },
        { ref: "https://cdn.example/last.png", mime: "image/png" },
      ],
    }));
    const body = fake.submissions.at(-1)!.body;
    assert.deepEqual(body.content.slice(1), [
      { type: "image_url", image_url: { url: "https://cdn.example/first.png" }, role: "first_frame" },
      { type: "image_url", image_url: { url: "https://cdn.example/last.png" }, role: "last_frame" },
    ]);
    assert.deepEqual(body.parameters, { size: "1080*1920", duration: 10, generate_audio: true, draft: true });
  });

  it("uploads an image as multipart field file, its bytes intact, and uses the signed URL as first frame", async () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 31 + 7) % 256);
    const uploaded = await provider.upload({ bytes, mime: "image/png", fileName: "frame one.png" });
    const received = fake.uploads.at(-1)!;
    assert.equal(uploaded.ref, received.signedUrl);
    assert.equal(received.fieldName, "file");
    assert.equal(received.fileName, "frame one.png");
    assert.equal(received.mime, "image/png");
    assert.deepEqual(received.bytes, bytes);

    const served = await fetch(uploaded.ref);
    assert.deepEqual(new Uint8Array(await served.arrayBuffer()), bytes);

    await provider.submit(video({ images: [uploaded] }));
    assert.equal(fake.submissions.at(-1)!.body.content[1].image_url.url, uploaded.ref);
  });

  it("reads the signed URL from the code/data envelope too", async () => {
    fake.useEnvelope("code");
    const uploaded = await provider.upload({ bytes: new Uint8Array([1, 2, 3]), mime: "image/jpeg", fileName: "a.jpg" });
    assert.equal(uploaded.ref, fake.uploads.at(-1)!.signedUrl);
  });

  it("reports a wrong API key as an auth error that does not contain the key", async () => {
    const wrongKey = "sk-wrong-secret-123456";
    const wrong = createSophnetProvider({ apiKey: wrongKey, baseUrl: fake.baseUrl, http });
    const error = await rejection(wrong.submit(video()));
    assert.equal(error.kind, "auth");
    assert.equal(error.details.status, 401);
    assert.ok(!error.message.includes(wrongKey), "expected !error.message.includes(wrongKey)");
    assert.equal((await rejection(wrong.status("cgt-000001", "video"))).kind, "auth");
  });

  it("reports HTTP 429 as rate_limited with the Retry-After wait", async () => {
    fake.failNext("create", { type: "rateLimit", retryAfterSeconds: 7 });
    const error = await rejection(provider.submit(video()));
    assert.equal(error.kind, "rate_limited");
    assert.equal(error.details.retryAfterMs, 7000);
    assert.notEqual(error.details.outcomeUnknown, true);
  });

  it("reports 400 and 422 as invalid_input, and moderation wording as moderation", async () => {
    fake.failNext("create", { type: "http", status: 400, message: "parameters.size not supported" });
    assert.equal((await rejection(provider.submit(video()))).kind, "invalid_input");
    fake.failNext("create", { type: "http", status: 422, message: "duration out of range" });
    assert.equal((await rejection(provider.submit(video()))).kind, "invalid_input");
    fake.failNext("create", { type: "http", status: 400, message: "输入内容包含敏感信息" });
    assert.equal((await rejection(provider.submit(video()))).kind, "moderation");
    fake.failNext("create", { type: "rejected", code: 10086, message: "prompt violates content policy: sensitive" });
    assert.equal((await rejection(provider.submit(video()))).kind, "moderation");
  });

  it("treats an HTML 502 page, a non-JSON 200 and a dropped connection on create as transient with unknown outcome", async () => {
    fake.failNext("create", { type: "html502" });
    let error = await rejection(provider.submit(video()));
    assert.equal(error.kind, "transient");
    assert.equal(error.details.outcomeUnknown, true);
    assert.ok(!error.message.includes("<html>"), "expected !error.message.includes(\"<html>\")");

    fake.failNext("create", { type: "notJson" });
    error = await rejection(provider.submit(video()));
    assert.equal(error.kind, "transient");
    assert.equal(error.details.outcomeUnknown, true);

    const before = fake.submissions.length;
    fake.failNext("create", { type: "dropAfterAccept" });
    error = await rejection(provider.submit(video()));
    assert.equal(error.kind, "transient");
    assert.equal(error.details.outcomeUnknown, true);
    assert.equal(fake.submissions.length, before + 1, "the task exists although we never saw its id");

    fake.failNext("create", { type: "rejected", code: 0, message: "ok" });
    error = await rejection(provider.submit(video()));
    assert.equal(error.details.outcomeUnknown, true, "accepted without a task id: the task may exist");
  });

  it("reports a status query the envelope marks as failed as transient, so the poller keeps the job", async () => {
    const { taskId } = await provider.submit(video());
    fake.failNext("status", { type: "rejected", code: 10001, message: "query temporarily unavailable" });
    const error = await rejection(provider.status(taskId, "video"));
    assert.equal(error.kind, "transient");
    assert.equal((await provider.status(taskId, "video")).state, "succeeded");
  });

  it("never retries a submission, even after a 502", async () => {
    const before = fake.submissions.length;
    fake.failNext("create", { type: "html502" }, 1);
    await rejection(provider.submit(video()));
    await provider.submit(video());
    assert.equal(fake.submissions.length, before + 1, "only the later, separate submit reached the server");
  });

  it("retries a status read through an HTML 502 page and succeeds", async () => {
    const { taskId } = await provider.submit(video());
    fake.failNext("status", { type: "html502" }, 2);
    const status = await provider.status(taskId, "video");
    assert.equal(status.state, "succeeded");
  });

  it("reports a task failed by moderation with the provider's message, and a cancelled one as failed", async () => {
    fake.completeAfterPolls(1, { status: "failed", code: "OutputVideoSensitiveContentDetected", message: "The output video may contain sensitive information" });
    let { taskId } = await provider.submit(video());
    let status = await provider.status(taskId, "video");
    assert.equal(status.state, "failed");
    assert.deepEqual(status.error, { kind: "moderation", message: "The output video may contain sensitive information" });

    fake.completeAfterPolls(1, { status: "failed", message: "internal worker crashed" });
    ({ taskId } = await provider.submit(video()));
    status = await provider.status(taskId, "video");
    assert.deepEqual(status.error, { kind: "unknown", message: "internal worker crashed" });

    fake.completeAfterPolls(1, { status: "cancelled" });
    ({ taskId } = await provider.submit(video()));
    status = await provider.status(taskId, "video");
    assert.equal(status.state, "failed");
  });

  it("keeps the key out of error messages even when the provider echoes it", async () => {
    fake.failNext("create", { type: "http", status: 400, message: `bad request for key ${fake.apiKey}` });
    const error = await rejection(provider.submit(video()));
    assert.ok(!error.message.includes(fake.apiKey), "expected !error.message.includes(fake.apiKey)");
    assert.match(error.message, /\*\*\*/);
  });

  it("rejects sizes SophNet does not document before calling it", async () => {
    const before = fake.submissions.length;
    const error = await rejection(provider.submit(video({ definition: "480p", orientation: "4:3" })));
    assert.equal(error.kind, "invalid_input");
    assert.equal(fake.submissions.length, before);
  });

  it("derives the upload endpoint from the base URL's origin", async () => {
    const elsewhere = createSophnetProvider({ apiKey: fake.apiKey, baseUrl: `${fake.baseUrl}/`, http });
    await elsewhere.upload({ bytes: new Uint8Array([9]), mime: "image/png", fileName: "x.png" });
    assert.deepEqual(fake.uploads.at(-1)!.bytes, new Uint8Array([9]));
  });

  it("offers no live capabilities, so the built-in catalog applies", async () => {
    assert.deepEqual(await provider.capabilities(), []);
  });
});

describe("sophnetSize", () => {
  it("maps each definition and aspect ratio to a documented W*H size", () => {
    assert.equal(sophnetSize("480p", "16:9"), "832*480");
    assert.equal(sophnetSize("480p", "1:1"), "640*640");
    assert.equal(sophnetSize("720P", "16:9"), "1280*720");
    assert.equal(sophnetSize("720p", "9:16"), "720*1280");
    assert.equal(sophnetSize("720p", "1:1"), "960*960");
    assert.equal(sophnetSize("720p", "4:3"), "1088*832");
    assert.equal(sophnetSize("720p", "3:4"), "832*1088");
    assert.equal(sophnetSize("1080p", "16:9"), "1920*1080");
    assert.equal(sophnetSize("1080p", "9:16"), "1080*1920");
    assert.equal(sophnetSize("1080p", "1:1"), "1440*1440");
    assert.equal(sophnetSize("1080p", "4:3"), "1632*1248");
    assert.equal(sophnetSize("1080p", "3:4"), "1248*1632");
  });

  it("falls back to the nearest documented 480p size for 9:16, which SophNet does not list", () => {
    assert.equal(sophnetSize("480p", "9:16"), "640*640");
  });

  it("has no size for undocumented combinations", () => {
    assert.equal(sophnetSize("480p", "21:9"), undefined);
    assert.equal(sophnetSize("4k", "16:9"), undefined);
  });
});

describe("readSophnetEnvelope", () => {
  it("takes the payload from data or result and judges success by code or status", () => {
    assert.deepEqual(readSophnetEnvelope({ code: 0, data: { task_id: "a" } }), { ok: true, code: 0, message: "", payload: { task_id: "a" } });
    assert.deepEqual(readSophnetEnvelope({ status: 0, message: "请求成功", result: { task_id: "b" }, timestamp: 1 }),
      { ok: true, code: 0, message: "请求成功", payload: { task_id: "b" } });
    assert.equal(readSophnetEnvelope({ status: 500, message: "boom", result: null })?.ok, false);
    assert.equal(readSophnetEnvelope("<html>"), undefined);
    assert.equal(readSophnetEnvelope({ task_id: "c" }), undefined);
  });
});
