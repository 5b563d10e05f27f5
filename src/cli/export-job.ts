/**
 * `npm run export-job -- <job id | task id> [--out <dir>] [--db <path>]`: writes the job's
 * result.json and result.md (default ./outputs/<job id>/). The database defaults to DATABASE_PATH.
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { JobNotFoundError, writeArtifacts } from "../jobs/artifacts.ts";
import { openDatabase } from "../store/database.ts";

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: "string" }, db: { type: "string" } },
  });
  const ref = positionals[0];
  if (!ref) {
    process.stderr.write("usage: npm run export-job -- <job id | task id> [--out <dir>] [--db <path>]\n");
    return 2;
  }
  const path = values.db ?? process.env.DATABASE_PATH ?? "./data/reelsmith.db";
  if (!existsSync(path)) {
    process.stderr.write(`no database at ${path}\n`);
    return 2;
  }
  const db = openDatabase(path);
  try {
    const { dir } = writeArtifacts(db, ref, values.out);
    process.stdout.write(`${dir}\n`);
    return 0;
  } catch (error) {
    if (error instanceof JobNotFoundError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    db.close();
  }
}

process.exitCode = main(process.argv.slice(2));
