/**
 * The statements' `@name` parameters, compiled to PostgreSQL's `$1, $2, …`.
 *
 * The SQLite repositories bind objects to `@name` placeholders (better-sqlite3); PostgreSQL only
 * knows positional ones. Compiling the same text lets a statement that is portable SQL be written
 * once for both engines, and keeps a named statement readable where it is PostgreSQL-only. Quoted
 * strings, quoted identifiers and comments are left alone, so `'a@b'` is not a parameter.
 */
import type { QueryResultRow } from "pg";

export type Params = Readonly<Record<string, unknown>>;

export interface Compiled {
  text: string;
  values: unknown[];
}

/** Something that runs a query: the pool, or one client inside a transaction. */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

export class MissingParameterError extends Error {
  override readonly name = "MissingParameterError";
  constructor(readonly parameter: string) {
    super(`missing named parameter @${parameter}`);
  }
}

interface Parsed {
  text: string;
  names: string[];
}

// Parsing costs more than the small statements it serves; a text is parsed once per process.
const parsed = new Map<string, Parsed>();

function parse(source: string): Parsed {
  const names: string[] = [];
  let text = "";
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    const skipTo = (end: string, from: number) => {
      const at = source.indexOf(end, from);
      return at === -1 ? source.length : at + end.length;
    };
    let next: number | undefined;
    if (c === "'" || c === '"') next = skipTo(c, i + 1);
    else if (c === "-" && source[i + 1] === "-") next = skipTo("\n", i + 2);
    else if (c === "/" && source[i + 1] === "*") next = skipTo("*/", i + 2);
    if (next !== undefined) {
      // A doubled quote ('it''s') simply reads as two adjacent quoted runs.
      text += source.slice(i, next);
      i = next;
      continue;
    }
    const name = c === "@" ? /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i + 1))?.[0] : undefined;
    if (name === undefined) {
      text += c;
      i++;
      continue;
    }
    let index = names.indexOf(name);
    if (index === -1) index = names.push(name) - 1;
    text += `$${index + 1}`;
    i += 1 + name.length;
  }
  return { text, names };
}

/** `UPDATE jobs SET lease_owner = @owner WHERE id = @id` with {owner, id} → `$1`, `$2` and [owner, id]. */
export function compile(source: string, params: Params = {}): Compiled {
  let statement = parsed.get(source);
  if (!statement) {
    statement = parse(source);
    parsed.set(source, statement);
  }
  const values = statement.names.map((name) => {
    // As better-sqlite3 does: a name the object lacks is a bug in the caller, not a NULL.
    if (!Object.hasOwn(params, name)) throw new MissingParameterError(name);
    return params[name];
  });
  return { text: statement.text, values };
}

/** The rows a named statement returns. */
export async function rows<R extends QueryResultRow>(db: Queryable, source: string, params?: Params): Promise<R[]> {
  const { text, values } = compile(source, params);
  return (await db.query<R>(text, values)).rows;
}

/** Runs a named statement and returns how many rows it changed: a claim checks this count. */
export async function execute(db: Queryable, source: string, params?: Params): Promise<number> {
  const { text, values } = compile(source, params);
  return (await db.query(text, values)).rowCount ?? 0;
}
