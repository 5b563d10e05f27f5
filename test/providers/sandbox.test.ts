import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { locateFfmpeg, probe } from "../../src/media/ffmpeg.ts";
import { captionOf, createSandboxProvider } from "../../src/providers/sandbox.ts";
import type { GenerationRequest, Provider, TaskStatus } from "../../src/providers/provider.ts";

let dir: string;
const ffmpeg = locateFfmpeg()!;

before(() => {
  dir = mkdtempSync(join(tmpdir(), "reelsmith-sandbox-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function settled(provider: Provider, taskId: string): Promise<TaskStatus> {
  for (;;) {
    const status = await provider.status(taskId, "video");
    if (status.state === "succeeded" || status.state === "failed") return status;
    await new Promise((r) => setTimeout(r, 25));
  }
}

const request = (prompt: string, seconds: number, orientation = "9:16"): GenerationRequest =>
  ({ kind: "video", model: "sandbox-video", prompt, seconds, orientation, definition: "480p", images: [] });

describe("the sandbox with ffmpeg", () => {
  it("makes a real clip of the asked length and shape, downloaded as bytes", async () => {
    const provider = createSandboxProvider({ durationMs: 10, clips: { dir, ffmpeg } });
    const { taskId } = await provider.submit(request("Primary request: a cat sniffs the bowl\nTiming/beats: 4 seconds", 4));
    const status = await settled(provider, taskId);
    assert.equal(status.state, "succeeded");
    const url = status.outputs.videos[0]!;
    assert.match(url, /^file:\/\//);
    const info = await probe(ffmpeg, fileURLToPath(url));
    assert.equal(info.codec, "h264");
    assert.ok(info.height > info.width, "vertical");
    assert.ok(Math.abs(info.durationSeconds - 4) < 0.1);
    const download = await provider.download!(taskId, "video");
    assert.equal(download.mime, "video/mp4");
    assert.equal(Buffer.from(download.bytes.subarray(4, 8)).toString("latin1"), "ftyp");
    const thumb = await provider.download!(taskId, "thumbnail");
    assert.equal(thumb.mime, "image/jpeg");
    assert.equal(thumb.bytes[0], 0xff);
  });

  it("is not finished before its clip is on disk, and a restart renders it again", async () => {
    const first = createSandboxProvider({ durationMs: 0, clips: { dir, ffmpeg } });
    const { taskId } = await first.submit(request("a paper boat", 4, "16:9"));
    const done = await settled(first, taskId);
    const file = fileURLToPath(done.outputs.videos[0]!);
    unlinkSync(file);
    // A new process (a new provider) with the clip gone: running again, then the same file back.
    const second = createSandboxProvider({ durationMs: 0, clips: { dir, ffmpeg } });
    assert.equal((await second.status(taskId, "video")).state, "running");
    const again = await settled(second, taskId);
    assert.equal(fileURLToPath(again.outputs.videos[0]!), file);
    assert.ok((await probe(ffmpeg, file)).width > 0);
  });

  it("makes real images", async () => {
    const provider = createSandboxProvider({ durationMs: 0, clips: { dir, ffmpeg } });
    const { taskId } = await provider.submit({ kind: "image", model: "sandbox-image", prompt: "a bottle", resolution: "2K", n: 2, aspectRatio: "1:1", images: [] });
    const status = await settled(provider, taskId);
    assert.equal(status.outputs.images.length, 2);
    for (const url of status.outputs.images) assert.equal((await probe(ffmpeg, fileURLToPath(url))).codec, "png");
  });

  it("fails a task whose render description is gone instead of running forever", async () => {
    const provider = createSandboxProvider({ durationMs: 0, clips: { dir, ffmpeg } });
    const lost = "sbx_v1_0_0_00112233aabbccdd";
    const status = await provider.status(lost, "video");
    assert.equal(status.state, "failed");
    assert.equal(status.error?.message, "the sandbox no longer has this clip");
    await assert.rejects(provider.download!(lost, "video"));
  });

  it("captions with the shot's own first words", () => {
    assert.equal(captionOf("Primary request: it jumps on the counter; then it falls asleep\nScene/background: a kitchen"), "it jumps on the counter; then it");
    assert.equal(captionOf("waves"), "waves");
  });
});

describe("the sandbox without ffmpeg", () => {
  it("keeps its placeholder links and offers no download", async () => {
    const provider = createSandboxProvider({ durationMs: 0 });
    assert.equal(provider.download, undefined);
    const { taskId } = await provider.submit(request("waves", 5));
    const status = await provider.status(taskId, "video");
    assert.match(status.outputs.videos[0]!, /^https:\/\/sandbox\.reelsmith\.invalid\/clips\//);
  });
});
