import { afterEach, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { ImageModel, VideoModel } from "../../src/domain/catalog.ts";
import { CapabilitiesError, createCreatokProvider } from "../../src/providers/creatok.ts";
import { createHttp } from "../../src/providers/http.ts";
import type { ImageRequest, Provider, VideoRequest } from "../../src/providers/provider.ts";
import {
  MODERATION_MESSAGE,
  creatokCapabilitiesFixture,
  startFakeCreatok,
  type FakeCreatok,
} from "../fakes/creatok.ts";
import { rejection } from "../support/provider.ts";

const fastHttp = () => createHttp({ provider: "creatok", baseDelayMs: 1, maxDelayMs: 5 });

function providerFor(fake: FakeCreatok, overrides: { apiKey?: string; timeoutMs?: number } = {}): Provider {
  return createCreatokProvider({
    apiKey: overrides.apiKey ?? fake.apiKey,
    baseUrl: fake.baseUrl,
    http: fastHttp(),
    ...(overrides.timeoutMs !== undefined ? { timeoutMs: overrides.timeoutMs } : {}),
  });
}


/** Capabilities refused as a contract break that names the offending field. */
async function rejectsCapabilitiesAt(provider: Provider, path: string): Promise<CapabilitiesError> {
  let refused: CapabilitiesError | undefined;
  await assert.rejects(provider.capabilities(), (error: unknown) => {
    assert.ok(error instanceof CapabilitiesError, "expected error instanceof CapabilitiesError");
    assert.equal(error.path, path);
    refused = error;
    return true;
  });
  return refused!;
}

const video = (overrides: Partial<VideoRequest> = {}): VideoRequest => ({
  kind: "video",
  model: "doubao-seedance-2",
  prompt: "A ceramic mug rotating on a marble counter, morning light",
  seconds: 10,
  orientation: "9:16",
  definition: "720p",
  images: [],
  ...overrides,
});

const image = (overrides: Partial<ImageRequest> = {}): ImageRequest => ({
  kind: "image",
  model: "nano-banana-2",
  prompt: "Flat-lay of a skincare set on linen",
  resolution: "2K",
  n: 2,
  aspectRatio: "16:9",
  images: [],
  ...overrides,
});

describe("CreatOK provider", () => {
  let fake: FakeCreatok;
  let provider: Provider;

  beforeEach(async () => {
    fake = await startFakeCreatok();
    provider = providerFor(fake);
  });
  afterEach(async () => {
    await fake.close();
  });

  describe("capabilities", () => {
    it("maps live video models into catalog entries with limits, defaults and credit estimates", async () => {
      const models = await provider.capabilities();
      const videos = models.filter((m): m is VideoModel => m.kind === "video");
      assert.deepEqual(videos.map((m) => m.id), [
        "veo-3.1-fast-exp", "doubao-seedance-2", "doubao-seedance-2-fast", "sora-2", "veo-3.1-exp",
      ]);
      const seedance = videos.find((m) => m.id === "doubao-seedance-2");
      assert.ok(seedance, "expected seedance");
      assert.equal(seedance.provider, "creatok");
      assert.deepEqual(seedance.durations, { min: 4, max: 15 });
      assert.deepEqual(seedance.definitions, ["480p", "720p"]);
      assert.deepEqual(seedance.orientations, ["9:16", "16:9", "1:1", "4:3", "3:4"]);
      assert.equal(seedance.maxReferenceImages, 5);
      assert.deepEqual(seedance.modes, ["text", "reference_images"]);
      assert.deepEqual(seedance.defaults, { seconds: 5, definition: "480p", orientation: "9:16" });
      assert.equal(seedance.pricing?.currency, "credits");
      assert.deepEqual(
        seedance.pricing?.videoEstimates?.find((e) => e.definition === "720p" && e.seconds === 10 && e.orientation === "1:1"),
        { definition: "720p", seconds: 10, orientation: "1:1", amount: 20 },
      );
      assert.deepEqual(videos.find((m) => m.id === "sora-2")?.durations, { allowed: [12] });
      assert.deepEqual(videos.find((m) => m.id === "veo-3.1-exp")?.durations, { max: 8 });
      assert.equal(seedance.tier, "balanced");
      assert.equal(seedance.typicalSeconds, 120);
      assert.deepEqual(seedance.aliases, []);
    });

    it("maps live image models with resolutions, counts, per-image prices and default aspect ratios", async () => {
      const images = (await provider.capabilities()).filter((m): m is ImageModel => m.kind === "image");
      assert.deepEqual(images.map((m) => m.id), ["nano-banana-2", "seedream-5.0-lite", "nano-banana-pro", "gpt-image-2"]);
      const seedream = images.find((m) => m.id === "seedream-5.0-lite");
      assert.deepEqual(seedream?.resolutions, ["2K", "4K"]);
      assert.deepEqual(seedream?.n, { min: 1, max: 4 });
      assert.deepEqual(seedream?.pricing, { currency: "credits", perImage: { "2K": 1, "4K": 2 } });
      assert.deepEqual(seedream?.defaults, { resolution: "2K", n: 1, aspectRatio: "1:1" });
      assert.equal(seedream?.maxReferenceImages, 5);
      assert.equal(seedream?.typicalSeconds, 30);
      // gpt-image-2 reports aspect_ratios: null.
      assert.deepEqual(images.find((m) => m.id === "gpt-image-2")?.aspectRatios, ["1:1", "16:9", "9:16"]);
    });

    it("drops orientations the catalog cannot express and keeps the rest", async () => {
      const caps = creatokCapabilitiesFixture();
      const sora = caps.video.models.find((m) => m.id === "sora-2");
      assert.ok(sora, "expected sora");
      sora.limits.orientations = ["2.39:1", "16:9"];
      fake.setCapabilities(caps);
      const mapped = (await provider.capabilities()).find((m) => m.id === "sora-2") as VideoModel;
      assert.deepEqual(mapped.orientations, ["16:9"]);
      assert.equal(mapped.defaults.orientation, "16:9");
    });

    it("rejects a payload whose default model is not one of its models, naming that field", async () => {
      fake.failNext("malformed_capabilities");
      const error = await rejectsCapabilitiesAt(provider, "data.capabilities.video.default_model");
      assert.match(error.message, /data\.capabilities\.video\.default_model/);
    });

    it("rejects a duration limit with neither enum, min nor max", async () => {
      const caps = creatokCapabilitiesFixture();
      const third = caps.video.models[2];
      assert.ok(third, "expected third");
      third.limits.durations = { min: null, max: null, enum: null };
      fake.setCapabilities(caps);
      await rejectsCapabilitiesAt(provider, "data.capabilities.video.models[2].limits.durations");
    });

    it("rejects an image model missing its resolutions", async () => {
      const caps = creatokCapabilitiesFixture();
      const first = caps.image.models[0];
      assert.ok(first, "expected first");
      delete first.limits.resolutions;
      fake.setCapabilities(caps);
      await rejectsCapabilitiesAt(provider, "data.capabilities.image.models[0].limits.resolutions");
    });

    it("reports a refused key on capabilities as an auth failure, not a contract error", async () => {
      const error = await rejection(providerFor(fake, { apiKey: "ok_wrong_key_123456" }).capabilities());
      assert.equal(error.kind, "auth");
    });
  });

  describe("video and image generation", () => {
    it("submits a video, then reports queued, running and succeeded with the video URL", async () => {
      const submission = await provider.submit(video());
      assert.equal(fake.submissions.length, 1);
      assert.deepEqual(fake.submissions[0]?.body, {
        prompt: "A ceramic mug rotating on a marble counter, morning light",
        orientation: "9:16",
        seconds: 10,
        definition: "720p",
        model: "doubao-seedance-2",
      });
      assert.equal(submission.taskId, fake.submissions[0]?.taskId);

      const first = await provider.status(submission.taskId, "video");
      const second = await provider.status(submission.taskId, "video");
      const third = await provider.status(submission.taskId, "video");
      assert.equal(first.state, "queued");
      assert.equal(second.state, "running");
      assert.equal(typeof second.progress, "number");
      assert.equal(third.state, "succeeded");
      assert.deepEqual(third.outputs.videos, [`${fake.baseUrl}/files/${submission.taskId}.mp4`]);
      assert.deepEqual(third.outputs.images, []);
      assert.ok(third.raw, "expected third.raw");
      const statusQueries = fake.state.requests.filter((r) => r.route === "status").map((r) => r.query.task_type);
      assert.deepEqual(statusQueries, ["video_generation", "video_generation", "video_generation"]);
    });

    it("submits an image request in the image body shape and returns every image with its thumbnail", async () => {
      fake.completeAfterPolls(1);
      const submission = await provider.submit(image());
      assert.deepEqual(fake.submissions[0]?.body, {
        prompt: "Flat-lay of a skincare set on linen",
        model: "nano-banana-2",
        resolution: "2K",
        n: 2,
        aspect_ratio: "16:9",
      });
      const status = await provider.status(submission.taskId, "image");
      assert.equal(status.state, "succeeded");
      assert.equal(status.outputs.images.length, 2);
      assert.equal(status.outputs.thumbnails.length, 2);
      assert.deepEqual(fake.state.requests.at(-1)?.query, { task_id: submission.taskId, task_type: "image_generation" });
    });

    it("uploads a reference image to the presigned URL without our key and passes its object key", async () => {
      const bytes = new Uint8Array(randomBytes(4096));
      const uploaded = await provider.upload({ bytes, mime: "image/png", fileName: "/tmp/mug.png" });
      assert.equal(fake.uploads.length, 1);
      const received = fake.uploads[0];
      assert.ok(received, "expected received");
      assert.deepEqual(received.bytes, bytes);
      assert.equal(received.hadAuthorization, false);
      assert.equal(received.contentType, "image/png");
      assert.deepEqual(received.declared, {
        fileName: "mug.png",
        fileType: "image/png",
        fileSize: 4096,
        prefix: "open-skills/reference-images",
      });
      assert.equal(uploaded.ref, received.objectKey);

      await provider.submit(video({ images: [uploaded] }));
      assert.deepEqual(fake.submissions[0]?.body.referenceImageKeys, [received.objectKey]);
      assert.equal(fake.submissions[0]?.status, 200);
    });

    it("passes uploaded keys to image generation as imageObjectKeys", async () => {
      const uploaded = await provider.upload({ bytes: new Uint8Array([1, 2, 3]), mime: "image/jpeg", fileName: "a.jpg" });
      await provider.submit(image({ images: [uploaded], aspectRatio: undefined }));
      const body = fake.submissions[0]?.body;
      assert.deepEqual(body?.imageObjectKeys, [uploaded.ref]);
      assert.equal("aspect_ratio" in (body ?? {}), false);
    });

    it("refuses an image type CreatOK does not accept before contacting it", async () => {
      const error = await rejection(provider.upload({ bytes: new Uint8Array([60]), mime: "image/svg+xml", fileName: "x.svg" }));
      assert.equal(error.kind, "invalid_input");
      assert.equal(fake.state.requests.length, 0);
    });

    it("counts an unknown status string as running and a pending one as queued", async () => {
      fake.scriptNextTask(["pending", "rendering", ""]);
      const { taskId } = await provider.submit(video());
      assert.equal((await provider.status(taskId, "video")).state, "queued");
      assert.equal((await provider.status(taskId, "video")).state, "running");
      assert.equal((await provider.status(taskId, "video")).state, "running");
    });
  });

  describe("failures", () => {
    it("maps a refused key to auth", async () => {
      const error = await rejection(providerFor(fake, { apiKey: "ok_wrong_key_123456" }).submit(video()));
      assert.equal(error.kind, "auth");
      assert.equal(error.details.status, 401);
    });

    it("maps 429 to rate_limited with the server's Retry-After, and does not resubmit", async () => {
      fake.failNext({ kind: "rate_limited", retryAfterSeconds: 7 }, { on: "submit" });
      const error = await rejection(provider.submit(video()));
      assert.equal(error.kind, "rate_limited");
      assert.equal(error.details.retryAfterMs, 7000);
      assert.equal(fake.submissions.length, 1);
    });

    it("reports an HTML 502 on submit as transient with an unknown outcome, after exactly one submission", async () => {
      fake.failNext("html502", { on: "submit" });
      const error = await rejection(provider.submit(video()));
      assert.equal(error.kind, "transient");
      assert.equal(error.details.outcomeUnknown, true);
      assert.equal(error.details.status, 502);
      assert.doesNotMatch(error.message, /<html|nginx/i);
      assert.equal(fake.submissions.length, 1);
    });

    it("reports a submission that times out as transient with an unknown outcome", async () => {
      const impatient = providerFor(fake, { timeoutMs: 150 });
      fake.failNext({ kind: "slow", delayMs: 5_000 }, { on: "submit" });
      const error = await rejection(impatient.submit(video()));
      assert.equal(error.kind, "transient");
      assert.equal(error.details.outcomeUnknown, true);
      assert.equal(fake.submissions.length, 1);
    });

    it("retries a status check through HTML 502 pages and then succeeds", async () => {
      fake.completeAfterPolls(1);
      const { taskId } = await provider.submit(video());
      fake.failNext("html502", { on: "status", times: 2 });
      const status = await provider.status(taskId, "video");
      assert.equal(status.state, "succeeded");
      assert.equal(fake.state.requests.filter((r) => r.route === "status").length, 3);
    });

    it("gives up on a status check that keeps failing with a transient error, without claiming an unknown outcome", async () => {
      const { taskId } = await provider.submit(video());
      fake.failNext("html502", { on: "status", times: 10 });
      const error = await rejection(provider.status(taskId, "video"));
      assert.equal(error.kind, "transient");
      assert.notEqual(error.details.outcomeUnknown, true);
    });

    it("reports a task failed by moderation with kind moderation and the server's message", async () => {
      fake.completeAfterPolls(1);
      fake.failNextTask();
      const { taskId } = await provider.submit(video());
      const status = await provider.status(taskId, "video");
      assert.equal(status.state, "failed");
      assert.deepEqual(status.error, { kind: "moderation", message: MODERATION_MESSAGE });
    });

    it("reports any other task failure with kind unknown", async () => {
      fake.completeAfterPolls(1);
      fake.failNextTask("Upstream render node crashed");
      const { taskId } = await provider.submit(video());
      const status = await provider.status(taskId, "video");
      assert.deepEqual(status.error, { kind: "unknown", message: "Upstream render node crashed" });
    });

    it("maps a non-zero code on HTTP 200 by its message: credits, moderation, otherwise invalid input", async () => {
      fake.failNext({ kind: "error_code", code: 40021, msg: "Insufficient credits balance" }, { on: "submit" });
      const quota = await rejection(provider.submit(video()));
      assert.equal(quota.kind, "quota");
      assert.equal(quota.details.code, 40021);

      fake.failNext({ kind: "http_error", status: 200, body: { code: 40031, message: "Prompt hit the risk control" } }, { on: "submit" });
      assert.equal((await rejection(provider.submit(video()))).kind, "moderation");

      fake.failNext({ kind: "error_code", code: 40001, msg: "model is offline" }, { on: "submit" });
      const invalid = await rejection(provider.submit(video()));
      assert.equal(invalid.kind, "invalid_input");
      assert.match(invalid.message, /model is offline/);
    });

    it("maps a 400 from the server's own validation to invalid_input", async () => {
      const error = await rejection(provider.submit(video({ model: "veo-3.1-exp", seconds: 12 })));
      assert.equal(error.kind, "invalid_input");
      assert.match(error.message, /at most 8/);
      assert.equal(fake.state.tasks.size, 0);
    });

    it("maps 402 to quota", async () => {
      fake.failNext({ kind: "http_error", status: 402, body: { code: 402, msg: "Payment required" } }, { on: "submit" });
      assert.equal((await rejection(provider.submit(image()))).kind, "quota");
    });

    it("never puts the API key in an error message, even when the server echoes it", async () => {
      const messages: string[] = [];
      const collect = async (promise: Promise<unknown>) => messages.push((await rejection(promise)).message);

      fake.failNext({ kind: "error_code", code: 40101, msg: `token ${fake.apiKey} is disabled` }, { on: "submit" });
      await collect(provider.submit(video()));
      fake.failNext({ kind: "http_error", status: 403, body: { code: 403, message: `Authorization: Bearer ${fake.apiKey}` } });
      await collect(provider.capabilities());
      fake.failNext("html502", { on: "submit" });
      await collect(provider.submit(video()));
      fake.failNext("rate_limited", { on: "submit" });
      await collect(provider.submit(video()));
      await collect(provider.submit(video({ seconds: 3 })));
      fake.failNext({ kind: "slow", delayMs: 5_000 }, { on: "submit" });
      await collect(providerFor(fake, { timeoutMs: 100 }).submit(video()));

      assert.equal(messages.length, 6);
      for (const message of messages) {
        assert.ok(!message.includes(fake.apiKey), `key leaked in: ${message}`);
        assert.doesNotMatch(message, /Bearer\s+ok_/);
      }
      assert.match(messages[0] ?? "", /\[redacted\]/);
    });
  });
});
