import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  bundledFfmpeg,
  extractLastFrame,
  locateFfmpeg,
  MediaError,
  parseProbe,
  probe,
  renderTestClip,
  stitchFiles,
  wrap,
} from "../../src/media/ffmpeg.ts";

let dir: string;
let ffmpeg: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), "reelsmith-media-"));
  const found = locateFfmpeg();
  assert.ok(found, "an ffmpeg comes with the install");
  ffmpeg = found;
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe("locating ffmpeg", () => {
  it("uses FFMPEG_PATH first, then the bundled binary, then the PATH", () => {
    const bin = mkdtempSync(join(dir, "bin-"));
    const onPath = join(bin, "ffmpeg");
    writeFileSync(onPath, "#!/bin/sh\n");
    chmodSync(onPath, 0o755);
    assert.equal(locateFfmpeg({ configured: "/opt/ffmpeg/bin/ffmpeg", pathEnv: bin }), "/opt/ffmpeg/bin/ffmpeg");
    const bundled = bundledFfmpeg();
    assert.ok(bundled?.includes("@ffmpeg-installer"), "the package's own binary");
    assert.equal(locateFfmpeg({ configured: "  ", pathEnv: bin }), bundled);
    assert.ok(statSync(bundled!).mode & 0o100, "installed executable");
  });
});

describe("probing", () => {
  it("reads duration, codec, size, frame rate and audio from ffmpeg's description", () => {
    const info = parseProbe(
      "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'a.mp4':\n  Duration: 00:01:02.50, start: 0.000000, bitrate: 900 kb/s\n" +
        "    Stream #0:0(und): Video: hevc (Main) (hvc1 / 0x31637668), yuv420p(tv), 1280x720 [SAR 1:1 DAR 16:9], 800 kb/s, 29.97 fps, 29.97 tbr, 30k tbn (default)\n" +
        "    Stream #0:1(und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, stereo, fltp, 128 kb/s (default)\n",
    );
    assert.deepEqual(info, { durationSeconds: 62.5, codec: "hevc", width: 1280, height: 720, fps: 29.97, audioCodec: "aac" });
    assert.equal(parseProbe("a.mp4: Invalid data found when processing input"), undefined);
  });

  it("probes a rendered clip and refuses what is not a video", async () => {
    const clip = join(dir, "probe.mp4");
    await renderTestClip(ffmpeg, clip, { seconds: 3, width: 160, height: 96, caption: "probe me" });
    const info = await probe(ffmpeg, clip);
    assert.equal(info.codec, "h264");
    assert.equal(info.width, 160);
    assert.equal(info.height, 96);
    assert.equal(info.fps, 24);
    assert.ok(Math.abs(info.durationSeconds - 3) < 0.1, String(info.durationSeconds));
    const junk = join(dir, "junk.mp4");
    writeFileSync(junk, "not a video");
    await assert.rejects(probe(ffmpeg, junk), MediaError);
  });
});

describe("last frame", () => {
  it("is the clip's final picture, not its first", async () => {
    const clip = join(dir, "frames.mp4");
    await renderTestClip(ffmpeg, clip, { seconds: 2, width: 160, height: 96, fps: 10 });
    const last = join(dir, "last.png");
    await extractLastFrame(ffmpeg, clip, last);
    // The frames the test takes itself: the 20th (last) and the first, as raw RGB.
    const rgb = (select: string) => frameRgb(clip, select);
    const mine = await rgbOf(last);
    assert.deepEqual(mine, await rgb("eq(n\\,19)"), "same pixels as the clip's last frame");
    assert.notDeepEqual(mine, await rgb("eq(n\\,0)"), "not the first frame (the pattern moves)");
  });
});

describe("stitching", () => {
  it("joins clips of one format by stream copy, to the sum of their lengths", async () => {
    const a = join(dir, "a.mp4");
    const b = join(dir, "b.mp4");
    await renderTestClip(ffmpeg, a, { seconds: 3, width: 160, height: 96 });
    await renderTestClip(ffmpeg, b, { seconds: 2, width: 160, height: 96 });
    const out = join(dir, "ab.mp4");
    const result = await stitchFiles(ffmpeg, [a, b], out);
    assert.equal(result.reencoded, false);
    assert.ok(Math.abs(result.info.durationSeconds - 5) < 0.2, String(result.info.durationSeconds));
  });

  it("re-encodes clips that differ in size or frame rate, to the first clip's format", async () => {
    const a = join(dir, "wide.mp4");
    const b = join(dir, "tall.mp4");
    await renderTestClip(ffmpeg, a, { seconds: 2, width: 160, height: 96, fps: 24 });
    await renderTestClip(ffmpeg, b, { seconds: 2, width: 96, height: 160, fps: 30 });
    const out = join(dir, "mixed.mp4");
    const result = await stitchFiles(ffmpeg, [a, b], out);
    assert.equal(result.reencoded, true);
    assert.equal(result.info.width, 160);
    assert.equal(result.info.height, 96);
    assert.equal(result.info.fps, 24);
    assert.ok(Math.abs(result.info.durationSeconds - 4) < 0.3, String(result.info.durationSeconds));
  });

  it("fails with a MediaError and leaves no partial output", async () => {
    const junk = join(dir, "junk2.mp4");
    writeFileSync(junk, "nope");
    const out = join(dir, "never.mp4");
    await assert.rejects(stitchFiles(ffmpeg, [junk], out), MediaError);
    assert.throws(() => statSync(out));
  });
});

describe("captions", () => {
  it("wraps words into at most three lines", () => {
    assert.equal(wrap("a cat sniffs the bowl and jumps", 12), "a cat sniffs\nthe bowl and\njumps");
    assert.equal(wrap("one two three four five six seven eight", 3).split("\n").length, 3);
  });
});

async function frameRgb(clip: string, select: string): Promise<Buffer> {
  const out = join(dir, `sel-${Math.random().toString(36).slice(2)}.rgb`);
  const { execFileSync } = await import("node:child_process");
  execFileSync(ffmpeg, ["-hide_banner", "-loglevel", "error", "-i", clip, "-vf", `select=${select}`, "-vsync", "0", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-y", out]);
  return readFileSync(out);
}

async function rgbOf(image: string): Promise<Buffer> {
  const out = join(dir, `img-${Math.random().toString(36).slice(2)}.rgb`);
  const { execFileSync } = await import("node:child_process");
  execFileSync(ffmpeg, ["-hide_banner", "-loglevel", "error", "-i", image, "-f", "rawvideo", "-pix_fmt", "rgb24", "-y", out]);
  return readFileSync(out);
}
