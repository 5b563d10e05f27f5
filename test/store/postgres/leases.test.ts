import { describe, it } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";
import { claimDue, renewLeases } from "../../../src/store/postgres/leases.ts";
import type { Pool } from "../../../src/store/postgres/pool.ts";
import { execute } from "../../../src/store/postgres/sql.ts";
import { freshForEachTest, testPostgres } from "../../support/postgres.ts";

const postgres = await testPostgres();

const T = 1_800_000_000_000;
const LEASE = 30_000;

/** Job rows as the jobs layer writes them, due at `nextPollAt`. */
async function addJobs(pool: Pool, count: number, fields: { state?: string; nextPollAt?: number | null; provider?: string; prefix?: string } = {}): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `${fields.prefix ?? "job"}_${String(i).padStart(4, "0")}`);
  for (const [i, id] of ids.entries()) {
    await execute(
      pool,
      `INSERT INTO jobs (id, platform, chat_id, requester_id, language, kind, provider, model_id, request, state, next_poll_at, created_at, updated_at)
       VALUES (@id, 'telegram', '1', '2', 'en', 'video', @provider, 'm', '{}', @state, @nextPollAt, @createdAt, @createdAt)`,
      { id, provider: fields.provider ?? "sandbox", state: fields.state ?? "queued", nextPollAt: fields.nextPollAt === undefined ? T : fields.nextPollAt, createdAt: T - 1000 + i },
    );
  }
  return ids;
}

const poll = (owner: string, now: number, limit = 10) => ({ states: ["queued", "running"], owner, now, leaseMs: LEASE, limit });

describe("PostgreSQL lease claims", { skip: postgres.skip }, () => {
  const t = freshForEachTest(postgres, { migrated: true });

  it("never gives one row to two replicas claiming at once, and together they take every due row", async () => {
    const ids = await addJobs(t.pool, 120);
    const replicas = [
      { owner: "replica-a", pool: t.db.pool({ max: 4 }) },
      { owner: "replica-b", pool: t.db.pool({ max: 4 }) },
    ];
    const got = new Map<string, string[]>(replicas.map((r) => [r.owner, []]));
    // Four claim loops per replica, each taking small batches until nothing is due.
    await Promise.all(
      replicas.flatMap((r) =>
        Array.from({ length: 4 }, async () => {
          for (;;) {
            const rows = await claimDue(r.pool, poll(r.owner, T, 3));
            if (rows.length === 0) return;
            got.get(r.owner)!.push(...rows.map((row) => row.id));
          }
        }),
      ),
    );
    const all = [...got.values()].flat();
    assert.equal(new Set(all).size, all.length, "no row claimed twice");
    assert.deepEqual([...all].sort(), ids);
    assert.ok(got.get("replica-a")!.length > 0 && got.get("replica-b")!.length > 0, "both replicas took part");
    const owners = await t.pool.query<{ id: string; lease_owner: string }>("SELECT id, lease_owner FROM jobs");
    for (const row of owners.rows) assert.ok(got.get(row.lease_owner)!.includes(row.id), `${row.id} is leased to the replica that got it`);
  });

  it("passes over a row another transaction holds instead of waiting for it", async () => {
    await addJobs(t.pool, 2);
    const holder = await t.pool.connect();
    // Would fail with a lock timeout, not hang, if the claim waited on the held row.
    const claimer = new pg.Client({ connectionString: t.db.url, lock_timeout: 2_000 });
    await claimer.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT id FROM jobs WHERE id = 'job_0000' FOR UPDATE");
      const rows = await claimDue(claimer, poll("replica-b", T));
      assert.deepEqual(rows.map((r) => r.id), ["job_0001"]);
      await holder.query("ROLLBACK");
      assert.deepEqual((await claimDue(claimer, poll("replica-b", T))).map((r) => r.id), ["job_0000"]);
    } finally {
      holder.release();
      await claimer.end();
    }
  });

  it("keeps a leased row from other replicas until the lease ends, then lets the next claim take it", async () => {
    await addJobs(t.pool, 1);
    const [first] = await claimDue(t.pool, poll("replica-a", T));
    assert.equal(first?.lease_owner, "replica-a");
    assert.equal(first?.lease_until, T + LEASE);
    assert.deepEqual(await claimDue(t.pool, poll("replica-b", T + LEASE - 1)), [], "still leased");
    // replica-a died without releasing: its lease lapses and the row is due again.
    const [taken] = await claimDue(t.pool, poll("replica-b", T + LEASE));
    assert.equal(taken?.id, first.id);
    assert.equal(taken?.lease_owner, "replica-b");
  });

  it("renewing a lease holds the row through a slow call and reports a lease already lost", async () => {
    const [id] = await addJobs(t.pool, 1);
    await claimDue(t.pool, poll("replica-a", T));
    assert.equal(await renewLeases(t.pool, { ids: [id!], owner: "replica-a", until: T + 20_000 + LEASE }), 1);
    assert.deepEqual(await claimDue(t.pool, poll("replica-b", T + LEASE)), [], "the renewed lease still holds");
    assert.equal((await claimDue(t.pool, poll("replica-b", T + 20_000 + LEASE))).length, 1);
    assert.equal(await renewLeases(t.pool, { ids: [id!], owner: "replica-a", until: T + 90_000 }), 0, "replica-a learns it lost the row");
  });

  it("claims only due rows in the asked states and providers, up to the limit, earliest due first", async () => {
    await addJobs(t.pool, 3, { prefix: "late", nextPollAt: T + 5_000 });
    await addJobs(t.pool, 1, { prefix: "done", state: "succeeded" });
    await addJobs(t.pool, 2, { prefix: "other", provider: "creatok" });
    await addJobs(t.pool, 3, { prefix: "early", nextPollAt: T - 5_000 });
    await addJobs(t.pool, 2, { prefix: "new", state: "submitting", nextPollAt: null });

    const polls = await claimDue(t.pool, { ...poll("a", T, 2), providers: ["sandbox"] });
    assert.deepEqual(polls.map((r) => r.id), ["early_0000", "early_0001"], "earliest due first, up to the limit");
    const submissions = await claimDue(t.pool, { states: ["submitting"], owner: "a", now: T, leaseMs: LEASE, limit: 10 });
    assert.deepEqual(submissions.map((r) => r.id), ["new_0000", "new_0001"], "a row never scheduled (next_poll_at NULL) is due");
    const rest = await claimDue(t.pool, poll("a", T, 10));
    assert.deepEqual(rest.map((r) => r.id), ["early_0002", "other_0000", "other_0001"], "neither late nor finished rows");
  });
});
