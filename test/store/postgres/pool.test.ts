import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { migrate } from "../../../src/store/postgres/migrate.ts";
import { transaction, UnsafeIntegerError, type Pool } from "../../../src/store/postgres/pool.ts";
import { freshForEachTest, testPostgres } from "../../support/postgres.ts";

const postgres = await testPostgres();

/** Resolves once `parties` callers have arrived: each waits until all have. */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const all = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++arrived === parties) open();
    return all;
  };
}

describe("PostgreSQL pool and transactions", { skip: postgres.skip }, () => {
  const t = freshForEachTest(postgres);

  it("reads BIGINT times back as numbers, as SQLite does, and refuses one a number cannot hold", async () => {
    await migrate(t.pool);
    await t.pool.query("INSERT INTO processed_updates (platform, update_id, seen_at) VALUES ('telegram', '1', $1)", [1_800_000_000_123]);
    const { rows } = await t.pool.query<{ seen_at: unknown; n: unknown }>("SELECT seen_at, COUNT(*) OVER () AS n FROM processed_updates");
    assert.equal(rows[0]!.seen_at, 1_800_000_000_123);
    assert.equal(rows[0]!.n, 1, "COUNT(*) is a number too");
    await assert.rejects(t.pool.query("SELECT 9007199254740993::bigint AS x"), UnsafeIntegerError);
  });

  it("commits what the function wrote, and on a throw leaves nothing written", async () => {
    await t.pool.query("CREATE TABLE t (x INTEGER)");
    await transaction(t.pool, (c) => c.query("INSERT INTO t VALUES (1)"));
    await assert.rejects(
      transaction(t.pool, async (c) => {
        await c.query("INSERT INTO t VALUES (2)");
        throw new Error("changed my mind");
      }),
      /changed my mind/,
    );
    assert.deepEqual((await t.pool.query("SELECT x FROM t")).rows, [{ x: 1 }]);
    assert.equal(t.pool.idleCount, t.pool.totalCount, "every connection went back to the pool");
  });

  it("runs a transaction that lost a serialization conflict again, so two concurrent checks cannot both pass", async () => {
    // Write skew: each of two transactions sees two people on call and lets its own go. Serializable
    // fails one of them; its retry then sees one left and keeps that one on call.
    await t.pool.query("CREATE TABLE on_call (name TEXT PRIMARY KEY, on_call BOOLEAN NOT NULL)");
    await t.pool.query("INSERT INTO on_call VALUES ('ana', true), ('ben', true)");
    const bothRead = barrier(2);
    let runs = 0;
    const leave = (name: string) =>
      transaction(
        t.pool,
        async (c) => {
          const first = ++runs <= 2;
          const { rows } = await c.query<{ n: number }>("SELECT COUNT(*) AS n FROM on_call WHERE on_call");
          if (first) await bothRead();
          if (rows[0]!.n < 2) return false;
          await c.query("UPDATE on_call SET on_call = false WHERE name = $1", [name]);
          return true;
        },
        { random: () => 0 },
      );
    const left = await Promise.all([leave("ana"), leave("ben")]);
    assert.deepEqual(left.sort(), [false, true], "exactly one could leave");
    assert.equal(runs, 3, "the loser ran once more");
    assert.deepEqual((await t.pool.query("SELECT name FROM on_call WHERE on_call")).rows.length, 1);
  });

  it("gives up after the allowed tries and throws the serialization failure", async () => {
    let runs = 0;
    const conflict = Object.assign(new Error("could not serialize access"), { code: "40001" });
    await assert.rejects(
      transaction(
        t.pool,
        async () => {
          runs++;
          throw conflict;
        },
        { attempts: 3, random: () => 0 },
      ),
      (e: unknown) => e === conflict,
    );
    assert.equal(runs, 3);
  });
});
