import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { openDatabase } from "../../src/store/database.ts";
import { column, statement } from "../../src/store/statement.ts";

describe("typed statements", () => {
  it("prepares each SQL text once per database and keeps row and column reads of the same text apart", () => {
    const a = openDatabase(":memory:");
    const b = openDatabase(":memory:");
    try {
      a.exec("CREATE TABLE t (id TEXT, n INTEGER); INSERT INTO t VALUES ('x', 1), ('y', 2)");
      b.exec("CREATE TABLE t (id TEXT, n INTEGER); INSERT INTO t VALUES ('z', 3)");
      const text = "SELECT n, id FROM t ORDER BY n";
      assert.equal(statement<[], { n: number }>(a, text), statement<[], { n: number }>(a, text), "cached per database");
      // The same text read as rows and as a first column: a shared statement would flip the other's mode.
      assert.deepEqual(column<[], number>(a, text).all(), [1, 2]);
      assert.deepEqual(statement<[], { n: number; id: string }>(a, text).all(), [{ n: 1, id: "x" }, { n: 2, id: "y" }]);
      assert.deepEqual(column<[], number>(a, text).all(), [1, 2]);
      // Another connection gets its own statement, reading its own data.
      assert.deepEqual(column<[], number>(b, text).all(), [3]);
      assert.equal(statement<{ id: string }, never>(a, "UPDATE t SET n = n + 1 WHERE id = @id").run({ id: "x" }).changes, 1);
    } finally {
      a.close();
      b.close();
    }
  });
});
