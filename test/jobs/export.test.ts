import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { writeArtifacts, type JobArtifact } from "../../src/jobs/artifacts.ts";
import type { Db } from "../../src/store/database.ts";
import { startFakeCreatok, type FakeCreatok } from "../fakes/creatok.ts";
import { clock, creatokProvider, insertQuote, jobRows, makeJobs, tempDir, terminalChat, testDb, tickUntil } from "./helpers.ts";

const run = promisify(execFile);

describe("export-job", () => {
  let fake: FakeCreatok;
  let db: Db;
  let dbPath: string;
  before(async () => {
    fake = await startFakeCreatok({ pollsToComplete: 2 });
    dbPath = join(tempDir(), "export.db");
    db = testDb(dbPath);
    const c = clock();
    const chat = await terminalChat();
    insertQuote(db, { id: "ok", prompt: "A lighthouse at dusk" });
    insertQuote(db, { id: "bad" });
    const jobs = makeJobs({ db, providers: [["creatok", creatokProvider(fake.baseUrl, fake.apiKey)]], chat, clock: c });
    jobs.confirm("ok", "alice");
    await jobs.tick();
    fake.failNextTask();
    jobs.confirm("bad", "alice");
    await tickUntil(jobs, c, () => jobRows(db).every((r) => r.delivered_at !== null));
  });
  after(async () => {
    db.close();
    await fake.close();
  });

  it("writes result.json with the task id, status, video URL and raw payloads, and a readable result.md", () => {
    const job = jobRows(db, "quote_id = 'ok'")[0]!;
    const dir = join(tempDir(), "out");
    writeArtifacts(db, job.id, dir);
    const result = JSON.parse(readFileSync(join(dir, "result.json"), "utf8")) as JobArtifact;
    assert.equal(result.job_id, job.id);
    assert.equal(result.task_id, job.task_id);
    assert.equal(result.status, "succeeded");
    assert.equal(result.video_url, `${fake.baseUrl}/files/${job.task_id}.mp4`);
    assert.equal((result.raw.submit as { data: { task_id: string } }).data.task_id, job.task_id);
    assert.equal((result.raw.status as { data: { status: string } }).data.status, "succeeded");
    assert.match(result.prompt ?? "", /A lighthouse at dusk/);
    const md = readFileSync(join(dir, "result.md"), "utf8");
    assert.match(md, new RegExp(`Task id: ${job.task_id}`));
    assert.ok(md.includes(result.video_url!), "result.md shows the video URL");
  });

  it("finds a job by its provider task id and records why it failed", () => {
    const job = jobRows(db, "quote_id = 'bad'")[0]!;
    const { artifact } = writeArtifacts(db, job.task_id!, join(tempDir(), "out"));
    assert.equal(artifact.job_id, job.id);
    assert.equal(artifact.status, "failed");
    assert.equal(artifact.error?.kind, "moderation");
    assert.equal(artifact.video_url, undefined);
  });

  it("runs as a command with --out and --db", async () => {
    const job = jobRows(db, "quote_id = 'ok'")[0]!;
    const out = join(tempDir(), "cli-out");
    const { stdout } = await run(process.execPath, ["--import", "tsx", "src/cli/export-job.ts", job.task_id!, "--out", out, "--db", dbPath]);
    assert.equal(stdout.trim(), out);
    assert.ok(existsSync(join(out, "result.json")) && existsSync(join(out, "result.md")));
    await assert.rejects(run(process.execPath, ["--import", "tsx", "src/cli/export-job.ts", "no-such-job", "--db", dbPath]), /no job with id or task id no-such-job/);
  });
});
