import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { compile, MissingParameterError } from "../../../src/store/postgres/sql.ts";

describe("named parameters for PostgreSQL", () => {
  it("numbers names in order of first use and reuses the number of a repeated name", () => {
    const out = compile("UPDATE jobs SET lease_until = @until, updated_at = @now WHERE id = @id AND lease_until <= @now", {
      id: "j1",
      now: 5,
      until: 10,
    });
    assert.equal(out.text, "UPDATE jobs SET lease_until = $1, updated_at = $2 WHERE id = $3 AND lease_until <= $2");
    assert.deepEqual(out.values, [10, 5, "j1"]);
  });

  it("leaves quoted strings, quoted identifiers, comments and casts as they are", () => {
    const source = `SELECT 'mail@home', 'it''s @x', "odd@name" -- @nope\n FROM t /* @no */ WHERE a = @a::bigint`;
    const out = compile(source, { a: 1 });
    assert.equal(out.text, `SELECT 'mail@home', 'it''s @x', "odd@name" -- @nope\n FROM t /* @no */ WHERE a = $1::bigint`);
    assert.deepEqual(out.values, [1]);
  });

  it("refuses a statement whose parameter the caller forgot, instead of binding NULL", () => {
    assert.throws(() => compile("SELECT * FROM jobs WHERE id = @id", {}), (e: unknown) => e instanceof MissingParameterError && e.parameter === "id");
    assert.deepEqual(compile("SELECT * FROM jobs WHERE id = @id", { id: null }).values, [null], "an explicit null is a value");
  });
});
