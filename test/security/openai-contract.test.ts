/**
 * The OpenAI contract (issue 13): every request the /v1/videos client makes (create, retrieve,
 * list, content, remix, delete) is checked against OpenAI's published spec with ajv, as it reached
 * the loopback fake. With the default model list the bot offers only what the spec allows; a
 * gateway that allows more (1080p, 20 s) is configured through OPENAI_VIDEO_MODELS.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadConfig } from "../../src/config.ts";
import type { VideoModel } from "../../src/domain/catalog.ts";
import { createHttp } from "../../src/providers/http.ts";
import { createOpenAIVideosProvider, parseVideoModelList } from "../../src/providers/openai-videos.ts";
import type { Provider } from "../../src/providers/provider.ts";
import { createProviders } from "../../src/providers/registry.ts";
import { startFakeOpenAIVideos, type FakeOpenAIVideos } from "../fakes/openai-videos.ts";
import { loadRequestValidator } from "../support/openapi-request.ts";
import { videoRequest } from "../support/provider.ts";

const SPEC = "/work/shared/specs/openai-openapi.yml";
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
const http = createHttp({ provider: "openai", baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 2 });

async function untilCompleted(provider: Provider, taskId: string): Promise<void> {
  for (let i = 0; i < 10; i++) if ((await provider.status(taskId, "video")).state === "succeeded") return;
  throw new Error(`${taskId} never completed`);
}

describe("the /v1/videos contract", () => {
  let fake: FakeOpenAIVideos;
  let validate: ReturnType<typeof loadRequestValidator>;
  before(async () => {
    fake = await startFakeOpenAIVideos();
    fake.completeAfterPolls(2);
    validate = loadRequestValidator(SPEC, "/v1");
  });
  after(() => fake.close());

  it("sends only requests the published spec accepts, for every size and length the default models offer", async () => {
    const config = loadConfig({ OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.url });
    const provider = createOpenAIVideosProvider({ apiKey: fake.apiKey, baseUrl: fake.url, models: parseVideoModelList(config.OPENAI_VIDEO_MODELS), http, today: () => "2026-01-15" });
    const models = (await provider.capabilities()) as VideoModel[];
    assert.deepEqual(models.map((m) => m.id), ["sora-2", "sora-2-pro"]);
    let last = "";
    for (const m of models) {
      for (const definition of m.definitions) {
        for (const orientation of m.orientations) {
          for (const seconds of m.durations.allowed ?? []) {
            last = (await provider.submit(videoRequest(m.id, { definition, orientation, seconds }))).taskId;
          }
        }
      }
    }
    const withImage = await provider.submit(
      videoRequest("sora-2", { seconds: 4, images: [{ ref: "inline", mime: "image/png", bytes: PNG, fileName: "ref.png" }] }),
    );
    await untilCompleted(provider, last);
    await provider.download!(last, "video");
    await provider.download!(last, "thumbnail");
    await provider.remix!(last, "the same shot at night");
    // Enough videos for a second page, so `after` is sent too.
    const nowS = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 60; i++) fake.seedVideo({ id: `video_seed_${String(i).padStart(3, "0")}`, created_at: nowS - i, prompt: `seed ${i}` });
    await provider.list!(Date.now() - 3600_000);
    await provider.cancel!(withImage.taskId);

    const routes = new Set(fake.requests.map((r) => r.route));
    for (const route of ["create", "retrieve", "list", "content", "remix", "delete"] as const) assert.ok(routes.has(route), `the client made a ${route} request`);
    assert.ok(fake.requests.some((r) => r.path.includes("after=")), "a second list page was asked for");
    const errors = (await Promise.all(fake.requests.map((r) => validate(r)))).flat();
    assert.deepEqual(errors, [], errors.join("\n"));
  });

  it("asks for the content as video/mp4, which the spec answers with", async () => {
    const content = fake.requests.filter((r) => r.route === "content" && r.path.includes("variant=video"));
    assert.ok(content.length > 0);
    for (const r of content) assert.equal(r.headers.accept, "video/mp4");
  });

  it("offers 1080p and 20 s only when OPENAI_VIDEO_MODELS says the gateway takes them, and sends them", async () => {
    const config = loadConfig({
      OPENAI_API_KEY: fake.apiKey,
      OPENAI_BASE_URL: fake.url,
      OPENAI_VIDEO_MODELS: "sora-2-pro:4/8/12/16/20:1280x720/720x1280/1920x1080/1080x1920",
    });
    const provider = createProviders(config).get("openai")!;
    const [pro] = (await provider.capabilities()) as VideoModel[];
    assert.deepEqual(pro!.definitions, ["720p", "1080p"]);
    assert.deepEqual(pro!.durations.allowed, [4, 8, 12, 16, 20]);
    const before = fake.submissions.length;
    await provider.submit(videoRequest("sora-2-pro", { definition: "1080p", orientation: "9:16", seconds: 20 }));
    const sent = fake.submissions.slice(before);
    assert.equal(sent.length, 1);
    assert.deepEqual({ size: sent[0]!.fields.size, seconds: sent[0]!.fields.seconds }, { size: "1080x1920", seconds: "20" });
  });

  it("the validator itself refuses what the spec does not allow", async () => {
    const form = new FormData();
    form.append("prompt", "x");
    form.append("size", "1920x1080");
    form.append("seconds", "20");
    const request = new Request("http://wire/v1/videos", { method: "POST", body: form });
    const body = Buffer.from(await request.arrayBuffer());
    const errors = await validate({ method: "POST", path: "/v1/videos", headers: { "content-type": request.headers.get("content-type")!, accept: "application/json" }, body });
    assert.equal(errors.length, 1, errors.join("\n"));
    assert.match(errors[0]!, /size|seconds|enum/);
    const binary = await validate({ method: "GET", path: "/v1/videos/video_1/content?variant=video", headers: { accept: "application/binary" }, body: Buffer.alloc(0) });
    assert.match(binary.join("\n"), /Accept "application\/binary" admits none/);
  });
});
