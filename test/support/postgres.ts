/**
 * A fresh PostgreSQL database for each test, on TEST_DATABASE_URL or the local server
 * (127.0.0.1:5432, trust authentication) when it answers.
 *
 * Without a server the PostgreSQL suites skip with the reason, except under CI=true, where a missing
 * server fails the run: a CI that silently skipped half the engines would pass while proving
 * nothing. Where the role may not create databases, each test gets its own schema instead.
 */
import { randomBytes } from "node:crypto";
import { afterEach, beforeEach } from "node:test";
import pg from "pg";
import { migrate } from "../../src/store/postgres/migrate.ts";
import { createPool, type Pool, type PoolOptions } from "../../src/store/postgres/pool.ts";

const LOCAL_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export interface FreshDatabase {
  /** Connects to this test's database (or schema) only. */
  url: string;
  /** A pool on it, ended by `drop`. */
  pool(options?: PoolOptions): Pool;
  /** Ends the pools and drops the database or schema. */
  drop(): Promise<void>;
}

export interface TestPostgres {
  /** Why the PostgreSQL tests skip here, or false when they run: pass as node:test's `skip`. */
  skip: string | false;
  fresh(): Promise<FreshDatabase>;
}

async function answers(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set("options", `-c search_path=${schema}`);
  return u.toString();
}

let found: Promise<TestPostgres> | undefined;

/** Finds the server once per test process. */
export function testPostgres(): Promise<TestPostgres> {
  found ??= locate();
  return found;
}

async function locate(): Promise<TestPostgres> {
  const admin = process.env.TEST_DATABASE_URL || LOCAL_URL;
  const failure = await answers(admin);
  if (failure !== undefined) {
    const where = process.env.TEST_DATABASE_URL ? "TEST_DATABASE_URL" : "127.0.0.1:5432";
    if (process.env.CI === "true") throw new Error(`PostgreSQL is needed under CI=true but ${where} does not answer: ${failure}`);
    const skip = `no PostgreSQL at ${where} (${failure})`;
    return { skip, fresh: () => Promise.reject(new Error(skip)) };
  }
  return { skip: false, fresh: () => fresh(admin) };
}

async function fresh(admin: string): Promise<FreshDatabase> {
  const name = `reelsmith_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const control = new pg.Client({ connectionString: admin });
  await control.connect();
  let url: string;
  let dropSql: string;
  try {
    // template0: nothing another test or a person left in template1 leaks in.
    await control.query(`CREATE DATABASE ${name} TEMPLATE template0`);
    url = withDatabase(admin, name);
    // FORCE: a test that failed halfway may leave a connection open.
    dropSql = `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`;
  } catch (error) {
    if ((error as { code?: string }).code !== "42501") throw error;
    await control.query(`CREATE SCHEMA ${name}`);
    url = withSearchPath(admin, name);
    dropSql = `DROP SCHEMA IF EXISTS ${name} CASCADE`;
  } finally {
    await control.end();
  }
  const pools: Pool[] = [];
  return {
    url,
    pool(options) {
      const pool = createPool(url, { max: 4, ...options });
      pools.push(pool);
      return pool;
    },
    async drop() {
      await Promise.all(pools.splice(0).map((p) => p.end()));
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      try {
        await client.query(dropSql);
      } finally {
        await client.end();
      }
    },
  };
}

export interface EachTest {
  db: FreshDatabase;
  /** A pool on `db`, migrated when asked. */
  pool: Pool;
}

/** Inside a describe: a fresh database before each test (migrated when asked), dropped after it. */
export function freshForEachTest(postgres: TestPostgres, options: { migrated?: boolean } = {}): EachTest {
  const current = {} as EachTest;
  beforeEach(async () => {
    current.db = await postgres.fresh();
    current.pool = current.db.pool();
    if (options.migrated) await migrate(current.pool);
  });
  afterEach(() => current.db.drop());
  return current;
}
