/**
 * The import graph of src/, read with the TypeScript parser (so multi-line imports, `export … from`,
 * `import("…")` and `typeof import("…")` are all seen, and nothing in a comment or a string is).
 * Type-only imports count: a layer that names another's types depends on it all the same, and the
 * circles the architecture forbids are circles of modules, whatever crosses them.
 */
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

export const ROOT = join(import.meta.dirname, "..", "..");

export interface Import {
  /** The importing file, from the repository root with "/" separators: "src/jobs/rows.ts". */
  from: string;
  /** The specifier as written: "./context.ts", "undici", "node:fs". */
  specifier: string;
  /** For a relative specifier, the file it names, like `from`. */
  to?: string;
  typeOnly: boolean;
}

const posix = (path: string) => path.split(sep).join("/");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [path] : [];
  });
}

function importsOf(file: string): Import[] {
  const from = posix(relative(ROOT, file));
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: Import[] = [];
  const add = (literal: ts.Node | undefined, typeOnly: boolean) => {
    if (!literal || !ts.isStringLiteralLike(literal)) return;
    const specifier = literal.text;
    const to = specifier.startsWith(".") ? posix(relative(ROOT, resolve(dirname(file), specifier))) : undefined;
    found.push({ from, specifier, ...(to ? { to } : {}), typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const typeOnly = clause !== undefined && (clause.isTypeOnly ||
        (!clause.name && clause.namedBindings !== undefined && ts.isNamedImports(clause.namedBindings) &&
          clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier, typeOnly);
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

export interface Graph {
  files: string[];
  imports: Import[];
  /** Relative imports whose file does not exist. */
  unresolved: Import[];
}

export function importGraph(dir = join(ROOT, "src")): Graph {
  const files = sourceFiles(dir).map((f) => posix(relative(ROOT, f))).sort();
  const imports = files.flatMap((f) => importsOf(join(ROOT, f)));
  const unresolved = imports.filter((i) => i.to !== undefined && !existsSync(join(ROOT, i.to)));
  return { files, imports, unresolved };
}

/** Strongly connected components (Tarjan): every circle lies inside one of more than one file, or is a self-import. */
export function circles(files: readonly string[], edges: ReadonlyArray<readonly [string, string]>): string[][] {
  const next = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const [a, b] of edges) next.get(a)?.push(b);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const connect = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (next.get(v) ?? []).includes(v)) components.push(component.sort());
    }
  };
  for (const f of files) if (!index.has(f)) connect(f);
  return components;
}

/** One circle through `start` inside its component, as a path "a → b → … → a", for the failure message. */
export function circleThrough(start: string, component: readonly string[], edges: ReadonlyArray<readonly [string, string]>): string {
  const inside = new Set(component);
  const next = new Map<string, string[]>();
  for (const [a, b] of edges) if (inside.has(a) && inside.has(b)) next.set(a, [...(next.get(a) ?? []), b]);
  const previous = new Map<string, string>();
  const queue = [start];
  const seen = new Set([start]);
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of next.get(v) ?? []) {
      if (w === start) {
        const path = [v];
        for (let p = v; p !== start; p = previous.get(p)!) path.unshift(previous.get(p)!);
        return [...path, start].join(" → ");
      }
      if (!seen.has(w)) {
        seen.add(w);
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return component.join(", ");
}
