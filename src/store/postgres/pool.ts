/**
 * The PostgreSQL connection pool (node-postgres) and the one way to run a transaction on it.
 *
 * BIGINT columns (times in ms) come back as JS numbers, as they do from better-sqlite3, so one row
 * type serves both engines. The parser is set on this pool only, never on the driver's globals.
 */
import pg from "pg";
import { fullJitter } from "../../lib/backoff.ts";

export type Pool = pg.Pool;
export type Client = pg.PoolClient;

/** PostgreSQL's oid for int8 (BIGINT, and COUNT(*)'s type). */
const INT8_OID = 20;

export class UnsafeIntegerError extends RangeError {
  override readonly name = "UnsafeIntegerError";
  constructor(readonly value: string) {
    super(`BIGINT ${value} does not fit a JS number exactly`);
  }
}

function parseInt8(text: string): number {
  const n = Number(text);
  // Rounding an id or a time silently would be worse than failing the read.
  if (!Number.isSafeInteger(n)) throw new UnsafeIntegerError(text);
  return n;
}

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID && format !== "binary" ? parseInt8 : pg.types.getTypeParser(oid, format as "text")) as pg.CustomTypesConfig["getTypeParser"],
};

export interface PoolOptions {
  /** Connections this replica may hold; all replicas together must stay under the server's max_connections. */
  max?: number;
  /** Shown in pg_stat_activity, so an operator can tell replicas apart. */
  applicationName?: string;
  /**
   * An idle connection that breaks (server restart, network) is reported here instead of crashing
   * the process; the pool replaces it on the next checkout.
   */
  onError?: (error: Error) => void;
}

export function createPool(url: string, options: PoolOptions = {}): Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? "reelsmith",
    connectionTimeoutMillis: 10_000,
    // A transaction is short and holds no network call; one left open this long is a bug that
    // would otherwise keep its row locks (and block every claim behind them) forever.
    idle_in_transaction_session_timeout: 30_000,
    types,
  });
  pool.on("error", (error) => options.onError?.(error));
  return pool;
}

export type Isolation = "read committed" | "repeatable read" | "serializable";

export interface TransactionOptions {
  /**
   * Default serializable: the SQLite repositories were written for `BEGIN IMMEDIATE`, where a
   * transaction sees no one else's writes (a budget check then a hold), and serializable keeps
   * that true here at the price of a retry. A transaction whose only write is one conditional
   * UPDATE may ask for read committed.
   */
  isolation?: Isolation;
  /** Tries in all before a serialization failure is thrown to the caller. */
  attempts?: number;
  /** Waits between tries; injected by tests. */
  random?: () => number;
}

/** serialization_failure and deadlock_detected: the server rolled the transaction back and it may simply run again. */
const RETRYABLE = new Set(["40001", "40P01"]);

export function isRetryable(error: unknown): boolean {
  return typeof error === "object" && error !== null && RETRYABLE.has((error as { code?: unknown }).code as string);
}

/**
 * Runs `fn` in one transaction on one connection and commits, or rolls back and rethrows. On a
 * serialization failure the whole of `fn` runs again (after a short jittered wait), so `fn` must do
 * nothing but database work: no provider call, no chat message, no state outside its return value.
 */
export async function transaction<T>(pool: Pool, fn: (client: Client) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  const isolation = options.isolation ?? "serializable";
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query(`BEGIN ISOLATION LEVEL ${isolation.toUpperCase()}`);
      const result = await fn(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      try {
        await client.query("ROLLBACK");
      } catch {
        // The connection itself failed: it must not go back to the pool.
        broken = true;
      }
      if (!isRetryable(error) || attempt >= attempts) throw error;
    } finally {
      client.release(broken);
    }
    await new Promise((resolve) => setTimeout(resolve, 5 + fullJitter(attempt, 10, 500, options.random)));
  }
}
