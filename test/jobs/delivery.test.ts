import { afterEach, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ChatPort } from "../../src/ports/chat.ts";
import type { ImagePlan } from "../../src/domain/plan.ts";
import type { Outbound } from "../../src/domain/reply.ts";
import { findExecutable, locateFfmpeg, stitchClips } from "../../src/jobs/stitch.ts";
import type { Db } from "../../src/store/database.ts";
import { startFakeCreatok, type FakeCreatok } from "../fakes/creatok.ts";
import { startFakeOpenAIVideos } from "../fakes/openai-videos.ts";
import {
  CREATOK_PLAN,
  OPENAI_PLAN,
  clock,
  creatokProvider,
  insertQuote,
  jobRows,
  makeJobs,
  openaiProvider,
  tempDir,
  terminalChat,
  testDb,
  tickUntil,
  waitFor,
  type Chat,
  type Clock,
} from "./helpers.ts";

const allDelivered = (db: Db) => () => jobRows(db).every((r) => r.delivered_at !== null);

describe("delivery", () => {
  let fake: FakeCreatok;
  let c: Clock;
  let chat: Chat;
  let db: Db;
  beforeEach(async () => {
    c = clock();
    fake = await startFakeCreatok({ pollsToComplete: 2 });
    chat = await terminalChat();
    db = testDb();
  });
  afterEach(() => fake.close());

  it("delivers a multi-clip video as numbered clips with a note on joining them when ffmpeg is absent", async () => {
    insertQuote(db, { id: "q1", plan: { ...CREATOK_PLAN, segments: [5, 5, 5] } });
    const jobs = makeJobs({ db, providers: [["creatok", creatokProvider(fake.baseUrl, fake.apiKey)]], chat, clock: c, ffmpeg: null });
    jobs.confirm("q1", "alice");
    await tickUntil(jobs, c, allDelivered(db));
    const text = chat.text();
    for (const i of [1, 2, 3]) assert.equal(chat.count(`Clip ${i} of 3 is ready:\nhttp://`), 1);
    assert.equal(chat.count("These clips are parts of one video"), 1);
    const order = [1, 2, 3].map((i) => text.indexOf(`Clip ${i} of 3 is ready`));
    assert.deepEqual([...order].sort((a, b) => a - b), order, "in order");
    assert.ok(text.indexOf("These clips are parts") > order[2]!, "the note comes with the last clip");
  });

  it("reports a failed clip and still delivers the others", async () => {
    fake.failNextTask(); // the first task created fails (moderation)
    insertQuote(db, { id: "q1", plan: { ...CREATOK_PLAN, segments: [5, 5, 5] } });
    const jobs = makeJobs({ db, providers: [["creatok", creatokProvider(fake.baseUrl, fake.apiKey)]], chat, clock: c, ffmpeg: null });
    jobs.confirm("q1", "alice");
    await tickUntil(jobs, c, allDelivered(db));
    const rows = jobRows(db);
    const failed = rows.filter((r) => r.state === "failed");
    assert.equal(failed.length, 1);
    const bad = failed[0]!.segment_index + 1;
    assert.equal(chat.count(`Clip ${bad} of 3 couldn't be made: it was turned down under the content rules.`), 1);
    for (const r of rows.filter((r) => r.state === "succeeded")) assert.equal(chat.count(`Clip ${r.segment_index + 1} of 3 is ready`), 1);
    assert.equal(chat.count("is ready"), 2);
    assert.equal(chat.count("These clips are parts of one video"), 1);
  });

  it("joins the clips into one file with ffmpeg on PATH (a stand-in that concatenates the inputs)", async () => {
    const bin = tempDir("reelsmith-bin-");
    const standIn = join(bin, "ffmpeg");
    writeFileSync(
      standIn,
      // Describes any input it is only asked to read (-i alone), as ffmpeg does, and concatenates otherwise.
      `#!/bin/sh\ncase " $* " in *" -f concat "*) ;; *) echo "  Duration: 00:00:05.00, start: 0.000000" >&2; echo "    Stream #0:0: Video: h264, yuv420p, 64x64, 10 fps" >&2; exit 1 ;; esac\nlist=""\nout=""\nwhile [ $# -gt 0 ]; do\n  case "$1" in -i) list="$2"; shift ;; esac\n  out="$1"\n  shift\ndone\n: > "$out"\nsed -n "s/^file '\\(.*\\)'$/\\1/p" "$list" | while read -r f; do cat "$f" >> "$out"; done\n`,
    );
    chmodSync(standIn, 0o755);
    const ffmpeg = findExecutable("ffmpeg", bin);
    assert.equal(ffmpeg, standIn, "found by looking on PATH");

    insertQuote(db, { id: "q1", plan: { ...CREATOK_PLAN, segments: [5, 5] } });
    const jobs = makeJobs({ db, providers: [["creatok", creatokProvider(fake.baseUrl, fake.apiKey)]], chat, clock: c, ffmpeg: ffmpeg! });
    jobs.confirm("q1", "alice");
    await tickUntil(jobs, c, allDelivered(db));
    assert.equal(chat.count("Your video is ready, joined from 2 clips."), 1);
    assert.equal(chat.count("is ready:"), 0, "no separate clips");
    const rows = jobRows(db);
    assert.equal(new Set(rows.map((r) => r.delivery_message_id)).size, 1, "one message for the group");
    const [file] = readdirSync(chat.downloadDir);
    const joined = readFileSync(join(chat.downloadDir, file!), "utf8");
    const names = rows.map((r) => `fake mp4 for ${r.task_id}.mp4`);
    assert.equal(joined, names.join(""), "the clips, in segment order");
  });

  it("joins real clips with the bundled ffmpeg", async () => {
    const ffmpeg = locateFfmpeg();
    assert.ok(ffmpeg, "@ffmpeg-installer/ffmpeg ships a binary");
    const dir = tempDir();
    const clips = [1, 2].map((i) => {
      const out = join(dir, `c${i}.mp4`);
      execFileSync(ffmpeg, ["-loglevel", "error", "-f", "lavfi", "-i", "testsrc=duration=1:size=64x64:rate=10", "-pix_fmt", "yuv420p", "-y", out]);
      return new Uint8Array(readFileSync(out));
    });
    const joined = await stitchClips(ffmpeg, clips);
    assert.equal(Buffer.from(joined.subarray(4, 8)).toString("latin1"), "ftyp");
    assert.ok(joined.length > Math.max(...clips.map((b) => b.length)), "longer than either clip");
  });

  it("delivers images with an animate button per image", async () => {
    const plan: ImagePlan = { kind: "image", provider: "creatok", modelId: "nano-banana-2", orientation: "1:1", resolution: "2K", n: 2, referenceImages: 0 };
    insertQuote(db, { id: "q1", plan });
    const jobs = makeJobs({ db, providers: [["creatok", creatokProvider(fake.baseUrl, fake.apiKey)]], chat, clock: c });
    jobs.confirm("q1", "alice");
    await tickUntil(jobs, c, allDelivered(db));
    assert.equal(fake.submissions[0]!.kind, "image");
    assert.equal(chat.count("Your 2 images are ready."), 1);
    assert.match(chat.text(), /\[1\] Make another\n\[2\] Animate image 1   \[3\] Animate image 2/);
    const animate = chat.port.choice(3);
    assert.equal(animate?.type, "animate");
    assert.match(animate?.type === "animate" ? animate.imageUrl : "", /-1\.png$/);
  });

  it("explains a task that failed at the provider in plain words", async () => {
    fake.failNextTask();
    insertQuote(db, { id: "q1" });
    const jobs = makeJobs({ db, providers: [["creatok", creatokProvider(fake.baseUrl, fake.apiKey)]], chat, clock: c });
    jobs.confirm("q1", "alice");
    await tickUntil(jobs, c, allDelivered(db));
    assert.equal(jobRows(db)[0]!.state, "failed");
    assert.equal(chat.count("CreatOK turned this request down"), 1);
  });

  it("retries a send that failed and delivers exactly once", async () => {
    let failures = 1;
    const flaky: ChatPort = {
      platform: "terminal",
      send: (to, m: Outbound) => {
        if (m.type === "video" && failures-- > 0) return Promise.reject(new Error("chat platform unavailable"));
        return chat.port.send(to, m);
      },
      edit: (to, id, m) => chat.port.edit(to, id, m),
    };
    insertQuote(db, { id: "q1" });
    const jobs = makeJobs({ db, providers: [["creatok", creatokProvider(fake.baseUrl, fake.apiKey)]], chat: { ...chat, port: Object.assign(flaky, { choice: chat.port.choice }) }, clock: c });
    jobs.confirm("q1", "alice");
    await tickUntil(jobs, c, allDelivered(db));
    assert.equal(failures, -1, "the first send failed");
    assert.equal(chat.count("Your video is ready"), 1);
  });

  it("delivers on start what finished while the bot was down", async () => {
    insertQuote(db, { id: "q1" });
    const down = makeJobs({ db, providers: [["creatok", creatokProvider(fake.baseUrl, fake.apiKey)]], chat, clock: c });
    down.confirm("q1", "alice");
    await down.tick();
    // The task finished and was recorded, then the process died before delivering.
    db.prepare(
      `UPDATE jobs SET state = 'succeeded', finished_at = ?, next_poll_at = NULL,
         outputs = '{"videos":["https://cdn.example/clip.mp4"],"images":[],"thumbnails":[]}'`,
    ).run(c.now());
    const up = makeJobs({ db, providers: [["creatok", creatokProvider(fake.baseUrl, fake.apiKey)]], chat, config: { ownerId: "restarted" } });
    up.start();
    try {
      await waitFor(allDelivered(db));
    } finally {
      await up.stop();
    }
    assert.equal(chat.count("Your video is ready:\nhttps://cdn.example/clip.mp4"), 1);
  });
});

describe("delivery of results behind the provider's key", () => {
  it("downloads an OpenAI-style result and sends it as a file", async () => {
    const c = clock();
    const fake = await startFakeOpenAIVideos({ now: c.now });
    try {
      fake.completeAfterPolls(2);
      const db = testDb();
      const chat = await terminalChat();
      insertQuote(db, { id: "q1", plan: OPENAI_PLAN });
      const jobs = makeJobs({ db, providers: [["openai", openaiProvider(fake.url, fake.apiKey)]], chat, clock: c });
      jobs.confirm("q1", "alice");
      await tickUntil(jobs, c, allDelivered(db));
      const taskId = jobRows(db)[0]!.task_id!;
      assert.equal(chat.count("Your video is ready."), 1);
      assert.doesNotMatch(chat.text(), /\/content\?variant=video/, "a URL the user cannot open is not shown");
      const saved = readFileSync(join(chat.downloadDir, `${taskId}.mp4`));
      assert.deepEqual(new Uint8Array(saved), fake.contentOf(taskId, "video"));
      assert.match(chat.text(), /\[2\] Remix/);
    } finally {
      await fake.close();
    }
  });
});
