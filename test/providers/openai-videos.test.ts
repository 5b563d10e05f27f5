import { after, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Agent } from "undici";
import { isRetired, type VideoModel } from "../../src/domain/catalog.ts";
import { createHttp } from "../../src/providers/http.ts";
import {
  createOpenAIVideosProvider,
  parseVideoModelList,
  SORA_REPLACEMENTS,
  type OpenAIVideoModelConfig,
} from "../../src/providers/openai-videos.ts";
import type { Provider, VideoRequest } from "../../src/providers/provider.ts";
import { startFakeOpenAIVideos, type FakeFailure, type FakeOpenAIVideos } from "../fakes/openai-videos.ts";
import { rejection, videoRequest } from "../support/provider.ts";

// A gateway that allows more than OpenAI's spec (16/20 s, 1080p) says so in OPENAI_VIDEO_MODELS.
const MODELS: OpenAIVideoModelConfig[] = parseVideoModelList("sora-2,sora-2-pro:4/8/12/16/20:1280x720/720x1280/1920x1080/1080x1920,gateway-video:5/10");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x10, 0x80, 0x7f, 0x00]);

function request(overrides: Partial<VideoRequest> = {}): VideoRequest {
  return videoRequest("sora-2", { prompt: "a matte black camera on a pedestal, slow orbit", seconds: 8, orientation: "16:9", ...overrides });
}


describe("OpenAI-style Videos provider", () => {
  let fake: FakeOpenAIVideos;
  let provider: Provider;
  const http = createHttp({ provider: "openai", baseDelayMs: 1, maxDelayMs: 5 });
  const afterShutdown = () => "2026-10-01";

  before(async () => {
    fake = await startFakeOpenAIVideos();
    provider = createOpenAIVideosProvider({ apiKey: fake.apiKey, baseUrl: fake.url, models: MODELS, http, today: afterShutdown });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.completeAfterPolls(3);
    fake.pollAfterMs = undefined;
  });

  it("submits a video, follows it from queued through running to succeeded, and downloads the exact bytes", async () => {
    const { taskId } = await provider.submit(request());
    assert.match(taskId, /^video_/);

    const first = await provider.status(taskId, "video");
    assert.equal(first.state, "queued");
    const second = await provider.status(taskId, "video");
    assert.equal(second.state, "running");
    assert.ok((second.progress ?? 0) > 0, "expected (second.progress ?? 0) > 0");
    const done = await provider.status(taskId, "video");
    assert.equal(done.state, "succeeded");
    assert.deepEqual(done.outputs.videos, [`${fake.url}/videos/${taskId}/content?variant=video`]);
    assert.deepEqual(done.outputs.thumbnails, [`${fake.url}/videos/${taskId}/content?variant=thumbnail`]);

    const video = await provider.download!(taskId, "video");
    assert.equal(video.mime, "video/mp4");
    assert.deepEqual(video.bytes, fake.contentOf(taskId, "video"));
    const thumb = await provider.download!(taskId, "thumbnail");
    assert.equal(thumb.mime, "image/webp");
    assert.deepEqual(thumb.bytes, fake.contentOf(taskId, "thumbnail"));
  });

  it("sends prompt, model, seconds as a string and the size that definition and orientation mean", async () => {
    const { taskId } = await provider.submit(request({ model: "sora-2-pro", seconds: 16, definition: "1080p", orientation: "9:16" }));
    const sent = fake.submissions.find((s) => s.videoId === taskId);
    assert.ok(sent, "expected sent");
    assert.match(sent.contentType, /^multipart\/form-data; boundary=/);
    assert.deepEqual(sent.fields, {
      prompt: "a matte black camera on a pedestal, slow orbit",
      model: "sora-2-pro",
      seconds: "16",
      size: "1080x1920",
    });
    assert.equal(sent.inputReference, undefined);
  });

  it("delivers the reference image as an intact input_reference file", async () => {
    const image = await provider.upload({ bytes: PNG, mime: "image/png", fileName: "frame.png" });
    assert.equal(image.ref, "inline");
    const { taskId } = await provider.submit(request({ images: [image] }));
    const sent = fake.submissions.find((s) => s.videoId === taskId);
    assert.ok(sent?.inputReference, "expected sent?.inputReference");
    assert.deepEqual(sent.inputReference.bytes, PNG);
    assert.equal(sent.inputReference.type, "image/png");
    assert.equal(sent.inputReference.name, "frame.png");
  });

  it("accepts only jpeg, png and webp reference images", async () => {
    for (const mime of ["image/jpeg", "image/png", "image/webp"]) {
      const uploaded = await provider.upload({ bytes: PNG, mime, fileName: "x" });
      assert.equal(uploaded.mime, mime);
    }
    const error = await rejection(provider.upload({ bytes: PNG, mime: "image/gif", fileName: "x.gif" }));
    assert.equal(error.kind, "invalid_input");
  });

  it("rejects sizes, lengths, models and image counts the model does not offer before any request", async () => {
    const image = await provider.upload({ bytes: PNG, mime: "image/png", fileName: "frame.png" });
    const cases: [Partial<VideoRequest>, string][] = [
      [{ definition: "1080p" }, "unsupported_size"],
      [{ orientation: "1:1" }, "unsupported_size"],
      [{ seconds: 16 }, "unsupported_seconds"],
      [{ model: "gateway-video", seconds: 4 }, "unsupported_seconds"],
      [{ model: "sora-3" }, "unknown_model"],
      [{ images: [image, image] }, "too_many_images"],
    ];
    const before = fake.requests.length;
    for (const [overrides, code] of cases) {
      const error = await rejection(provider.submit(request(overrides)));
      assert.equal(error.kind, "invalid_input");
      assert.equal(error.details.code, code, JSON.stringify(overrides));
    }
    assert.equal(fake.requests.length, before);
  });

  it("submits a gateway model with its own seconds and the default sizes", async () => {
    const { taskId } = await provider.submit(request({ model: "gateway-video", seconds: 10, orientation: "9:16" }));
    assert.deepEqual(
      { seconds: fake.videos.get(taskId)?.seconds, size: fake.videos.get(taskId)?.size },
      { seconds: "10", size: "720x1280" },
    );
  });

  describe("a rejected create", () => {
    const cases: [FakeFailure, string, { outcomeUnknown?: boolean; code?: string }][] = [
      ["invalid_request", "invalid_input", {}],
      ["moderation", "moderation", { code: "moderation_blocked" }],
      ["unauthorized", "auth", {}],
      ["forbidden", "auth", {}],
      ["not_found", "invalid_input", {}],
      ["rate_limited", "rate_limited", {}],
      ["insufficient_quota", "quota", { code: "insufficient_quota" }],
      ["server_error", "transient", { outcomeUnknown: true }],
      ["bad_gateway_html", "transient", { outcomeUnknown: true }],
      ["drop", "transient", { outcomeUnknown: true }],
    ];
    for (const [failure, kind, expected] of cases) {
      it(`maps the fake's ${failure} reply to ${kind} and is sent exactly once`, async () => {
        const videosBefore = fake.videos.size;
        const requestsBefore = fake.requests.length;
        fake.failNext(failure, { route: "create" });
        const error = await rejection(provider.submit(request()));
        assert.equal(error.kind, kind);
        assert.equal(error.details.outcomeUnknown ?? false, expected.outcomeUnknown ?? false);
        if (expected.code) assert.equal(error.details.code, expected.code);
        assert.equal(fake.requests.length - requestsBefore, 1);
        assert.equal(fake.videos.size, videosBefore);
      });
    }

    it("carries the Retry-After wait of a 429", async () => {
      fake.failNext("rate_limited", { route: "create", retryAfterSeconds: 7 });
      const error = await rejection(provider.submit(request()));
      assert.equal(error.kind, "rate_limited");
      assert.equal(error.details.retryAfterMs, 7000);
      assert.equal(error.details.status, 429);
    });
  });

  it("reports a create whose connection dropped after the server stored it as an unknown outcome that list() reconciles", async () => {
    const since = Date.now() - 1000;
    const prompt = "a lighthouse at dusk, waves in slow motion";
    const videosBefore = fake.videos.size;
    fake.failNext("store_then_drop");

    const error = await rejection(provider.submit(request({ prompt })));
    assert.equal(error.kind, "transient");
    assert.equal(error.details.outcomeUnknown, true);

    const stored = [...fake.videos.values()].filter((v) => v.prompt === prompt);
    assert.equal(stored.length, 1);
    assert.equal(fake.videos.size, videosBefore + 1);
    const listed = await provider.list!(since);
    const match = listed.filter((t) => t.prompt === prompt);
    assert.equal(match.length, 1);
    assert.equal(match[0]?.taskId, stored[0]?.id);
    assert.equal(match[0]?.model, "sora-2");
    assert.ok((match[0]?.createdAt ?? 0) >= since - 1000, "expected (match[0]?.createdAt ?? 0) >= since - 1000");
  });

  it("retries a status read through an HTML 502 page", async () => {
    const { taskId } = await provider.submit(request());
    fake.failNext("bad_gateway_html", { route: "retrieve" });
    const status = await provider.status(taskId, "video");
    assert.equal(status.state, "queued");
  });

  it("gives up on reads after repeated 502s with a transient error that is not an unknown outcome", async () => {
    const { taskId } = await provider.submit(request());
    fake.failNext("bad_gateway_html", { route: "retrieve", times: 4 });
    const error = await rejection(provider.status(taskId, "video"));
    assert.equal(error.kind, "transient");
    assert.equal(error.details.outcomeUnknown ?? false, false);
  });

  it("treats the status of an unknown video as invalid input", async () => {
    const error = await rejection(provider.status("video_missing", "video"));
    assert.equal(error.kind, "invalid_input");
    assert.equal(error.details.status, 404);
  });

  it("honours the openai-poll-after-ms header as the next poll hint", async () => {
    fake.pollAfterMs = 12_000;
    const { taskId } = await provider.submit(request());
    const status = await provider.status(taskId, "video");
    assert.equal(status.retryAfterMs, 12_000);
  });

  describe("a video that does not complete", () => {
    const cases: ["moderation" | "failed" | "canceled" | "expired" | "unknown_status", string, string | undefined][] = [
      ["moderation", "failed", "moderation"],
      ["failed", "failed", "unknown"],
      ["canceled", "failed", "unknown"],
      ["expired", "failed", "unknown"],
      ["unknown_status", "running", undefined],
    ];
    for (const [outcome, state, kind] of cases) {
      it(`ends as ${state}${kind ? ` with a ${kind} error` : ""} when the server says ${outcome}`, async () => {
        fake.completeAfterPolls(1);
        fake.endNextVideo(outcome);
        const { taskId } = await provider.submit(request());
        const status = await provider.status(taskId, "video");
        assert.equal(status.state, state);
        assert.equal(status.error?.kind, kind);
        assert.deepEqual(status.outputs.videos, []);
      });
    }

    it("keeps the server's moderation message", async () => {
      fake.completeAfterPolls(1);
      fake.endNextVideo("moderation");
      const { taskId } = await provider.submit(request());
      const status = await provider.status(taskId, "video");
      assert.match(status.error?.message ?? "", /moderation/);
    });
  });

  it("remixes a finished video into a new task", async () => {
    fake.completeAfterPolls(1);
    const { taskId } = await provider.submit(request());
    await provider.status(taskId, "video");
    const remix = await provider.remix!(taskId, "same shot, teal and sand palette");
    assert.notEqual(remix.taskId, taskId);
    assert.equal(fake.videos.get(remix.taskId)?.remixed_from_video_id, taskId);
    assert.equal(fake.videos.get(remix.taskId)?.prompt, "same shot, teal and sand palette");
  });

  it("cancels a video by deleting it", async () => {
    const { taskId } = await provider.submit(request());
    await provider.cancel!(taskId);
    assert.equal(fake.videos.has(taskId), false);
    assert.equal(fake.requests.at(-1)?.method, "DELETE");
  });

  it("lists newest first across pages and stops at the first video older than the window", async () => {
    const local = await startFakeOpenAIVideos();
    try {
      const listing = createOpenAIVideosProvider({ apiKey: local.apiKey, baseUrl: local.url, models: MODELS, http });
      const nowS = Math.floor(Date.now() / 1000);
      for (let i = 0; i < 200; i++) {
        local.seedVideo({ id: `video_seed_${String(i).padStart(3, "0")}`, created_at: nowS - 10 * i, prompt: `seed ${i}` });
      }
      // The 120 newest are inside the window: the third page crosses its edge, so no fourth page is read.
      const since = (nowS - 10 * 119) * 1000;
      const listed = await listing.list!(since);
      assert.equal(listed.length, 120);
      assert.equal(listed[0]?.taskId, "video_seed_000");
      assert.equal(listed.at(-1)?.taskId, "video_seed_119");
      assert.equal(listed[5]?.createdAt, (nowS - 50) * 1000);
      const listRequests = local.requests.filter((r) => r.route === "list");
      assert.equal(listRequests.length, 3);
      assert.match(listRequests[1]?.path ?? "", /after=video_seed_049/);
    } finally {
      await local.close();
    }
  });

  it("needs the key to download content", async () => {
    fake.completeAfterPolls(1);
    const { taskId } = await provider.submit(request());
    await provider.status(taskId, "video");
    const stranger = createOpenAIVideosProvider({ apiKey: "sk-not-the-key-987654", baseUrl: fake.url, models: MODELS, http });
    const error = await rejection(stranger.download!(taskId, "video"));
    assert.equal(error.kind, "auth");
    assert.equal(error.details.status, 401);
  });

  it("never puts the key in an error message, even when the server echoes it", async () => {
    const key = "sk-proj-VerySecretKey_1234567890abcdef";
    const stranger = createOpenAIVideosProvider({ apiKey: key, baseUrl: fake.url, models: MODELS, http });
    const errors = [
      await rejection(stranger.submit(request())),
      await rejection(stranger.status("video_000001", "video")),
      await rejection(stranger.list!(0)),
    ];
    for (const error of errors) {
      assert.equal(error.kind, "auth");
      assert.ok(!error.message.includes(key), error.message);
      assert.ok(!error.message.includes("VerySecretKey"), error.message);
    }
    const echoed = fake.requests.filter((r) => !r.authorized);
    assert.ok(echoed.length >= 3, "the fake saw the wrong key and echoed it");
  });

  describe("the retired Sora models", () => {
    it("refuses sora-2 on api.openai.com from the shutdown date without any connection", async () => {
      let connects = 0;
      const offline = new Agent({
        connect: (_opts, callback) => {
          connects += 1;
          callback(new Error("offline"), null);
        },
      });
      try {
        const openai = createOpenAIVideosProvider({
          apiKey: "sk-test",
          models: MODELS,
          http: createHttp({ provider: "openai", baseDelayMs: 1, maxDelayMs: 5, dispatcher: offline }),
          today: () => "2026-09-24",
        });
        for (const [model, replacement] of [["sora-2", "doubao-seedance-2"], ["sora-2-pro", "veo-3.1-exp"]] as const) {
          const error = await rejection(openai.submit(request({ model })));
          assert.equal(error.kind, "invalid_input");
          assert.equal(error.details.code, "model_retired");
          assert.ok(error.message.includes(replacement), error.message);
        }
        assert.equal(connects, 0);

        // The same client on the day before still goes to the network, so the counter can see it.
        const before = createOpenAIVideosProvider({
          apiKey: "sk-test",
          models: MODELS,
          http: createHttp({ provider: "openai", baseDelayMs: 1, maxDelayMs: 5, dispatcher: offline }),
          today: () => "2026-09-23",
        });
        const error = await rejection(before.submit(request()));
        assert.equal(error.kind, "transient");
        assert.equal(error.details.outcomeUnknown, true);
        assert.equal(connects, 1);
      } finally {
        await offline.close();
      }
    });

    it("still serves sora-2 on a gateway after the shutdown date", async () => {
      const { taskId } = await provider.submit(request({ model: "sora-2" }));
      assert.equal(fake.videos.get(taskId)?.model, "sora-2");
    });

    it("names the replacements for both Sora families", () => {
      assert.deepEqual(SORA_REPLACEMENTS, { "sora-2": "doubao-seedance-2", "sora-2-pro": "veo-3.1-exp" });
    });
  });

  it("describes the configured models as catalog entries", async () => {
    const specs = (await provider.capabilities()) as VideoModel[];
    assert.deepEqual(specs.map((m) => m.id), ["sora-2", "sora-2-pro", "gateway-video"]);
    const [sora, pro, gateway] = specs;
    assert.ok(sora && pro && gateway, "expected sora && pro && gateway");
    assert.equal(sora.provider, "openai");
    assert.deepEqual(sora.definitions, ["720p"]);
    assert.deepEqual(pro.definitions, ["720p", "1080p"]);
    assert.deepEqual([...pro.orientations].sort(), ["16:9", "9:16"]);
    assert.deepEqual(pro.durations, { allowed: [4, 8, 12, 16, 20] });
    assert.equal(pro.tier, "quality");
    assert.equal(sora.tier, "balanced");
    assert.deepEqual(sora.modes, ["text", "first_frame", "remix", "audio"]);
    assert.equal(sora.maxReferenceImages, 1);
    assert.deepEqual(gateway.defaults, { seconds: 5, definition: "720p", orientation: "16:9" });
    assert.equal(gateway.retired, undefined);
    assert.deepEqual(pro.retired, { date: "2026-09-24", replacement: "veo-3.1-exp", host: "api.openai.com" });
    assert.equal(pro.pricing, undefined);
    assert.equal(isRetired(sora, "2026-09-24", "api.openai.com"), true);
    assert.equal(isRetired(sora, "2026-09-24", "127.0.0.1"), false);
  });
});

describe("parseVideoModelList", () => {
  it("reads ids with optional seconds and gives each its sizes", () => {
    assert.deepEqual(parseVideoModelList("sora-2:4/8/12, sora-2-pro-2025-10-06:4/8/12/16/20,acme/clip-1"), [
      { id: "sora-2", seconds: [4, 8, 12], sizes: ["1280x720", "720x1280"] },
      {
        id: "sora-2-pro-2025-10-06",
        seconds: [4, 8, 12, 16, 20],
        sizes: ["1280x720", "720x1280", "1024x1792", "1792x1024"],
      },
      { id: "acme/clip-1", seconds: [4, 8, 12], sizes: ["1280x720", "720x1280"] },
    ]);
  });

  it("reads the sizes a gateway allows beyond the spec", () => {
    assert.deepEqual(parseVideoModelList("sora-2-pro:4/8/12/16/20:1280x720/1920x1080/1920x1080"), [
      { id: "sora-2-pro", seconds: [4, 8, 12, 16, 20], sizes: ["1280x720", "1920x1080"] },
    ]);
  });

  it("sorts and de-duplicates seconds", () => {
    assert.deepEqual(parseVideoModelList("x:12/4/4")[0]?.seconds, [4, 12]);
  });

  it("reads an empty value as no models", () => {
    assert.deepEqual(parseVideoModelList("  "), []);
  });

  for (const bad of ["sora-2:", "sora-2:4/x", "sora-2:4//8", "sora-2:0", "sora-2,,sora-2-pro", ":4/8", "sora-2:4:8", "sora-2:4:1920", "sora-2:4:1280x720:x", "sora 2", "sora-2,sora-2"]) {
    it(`rejects the malformed value ${JSON.stringify(bad)}`, () => {
      assert.throws(() => parseVideoModelList(bad), /OPENAI_VIDEO_MODELS/);
    });
  }
});
