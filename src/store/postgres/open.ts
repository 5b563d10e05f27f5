/**
 * Opens the PostgreSQL engine: the pool, with every migration applied before anything else runs
 * (the PostgreSQL counterpart of `openDatabase`). Selected by DATABASE_URL once the store port is
 * async; not wired into src/main.ts yet.
 */
import { migrate } from "./migrate.ts";
import { createPool, type Pool, type PoolOptions } from "./pool.ts";

export async function openPostgres(url: string, options: PoolOptions = {}): Promise<Pool> {
  const pool = createPool(url, options);
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}
