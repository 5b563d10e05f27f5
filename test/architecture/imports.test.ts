/**
 * No import circles in src/: a circle makes start-up order matter (a module can see another half
 * loaded), and in this codebase each one so far was a layer reaching back into the one that uses it.
 * Type-only imports count (see graph.ts).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { circles, circleThrough, importGraph } from "./graph.ts";

/**
 * TODAY'S CIRCLES, one edge each that closes it, so the test holds on main while they are being
 * removed. The test fails when an edge here is gone or no longer closes a circle: delete it then.
 * Never add to this list; break the circle instead.
 */
const ALLOWED_CIRCLE_EDGES: ReadonlyArray<readonly [from: string, to: string]> = [
  // Empty since the jobs' SQL moved behind store repositories (core-jobs), which removed the last
  // one (jobs/context.ts → expectations.ts → rows.ts → context.ts).
];

const graph = importGraph();
const edges = [...new Map(graph.imports.filter((i) => i.to).map((i) => [`${i.from} ${i.to}`, [i.from, i.to!] as const])).values()];
const key = ([a, b]: readonly [string, string]) => `${a} → ${b}`;

describe("the import graph of src/", () => {
  it("resolves every relative import to a file", () => {
    assert.ok(graph.files.length > 50 && edges.length > 100, "the parser found the sources and their imports");
    assert.deepEqual(graph.unresolved.map((i) => `${i.from}: ${i.specifier}`), []);
  });

  it("has no import circle", () => {
    const allowed = new Set(ALLOWED_CIRCLE_EDGES.map(key));
    const rest = edges.filter((e) => !allowed.has(key(e)));
    const found = circles(graph.files, rest).map((c) => circleThrough(c[0]!, c, rest));
    assert.deepEqual(found, [], `import circles in src/:\n${found.join("\n")}`);
  });

  it("keeps the allowlist of circles to edges that still close one", () => {
    const components = circles(graph.files, edges);
    const stale = ALLOWED_CIRCLE_EDGES.filter(([a, b]) => {
      const present = edges.some((e) => e[0] === a && e[1] === b);
      return !present || !components.some((c) => c.includes(a) && c.includes(b));
    }).map(key);
    assert.deepEqual(stale, [], `fixed: remove from ALLOWED_CIRCLE_EDGES in test/architecture/imports.test.ts:\n${stale.join("\n")}`);
  });

  it("finds a circle when there is one", () => {
    const files = ["a.ts", "b.ts", "c.ts", "d.ts"];
    const found = circles(files, [["a.ts", "b.ts"], ["b.ts", "c.ts"], ["c.ts", "a.ts"], ["c.ts", "d.ts"]]);
    assert.deepEqual(found, [["a.ts", "b.ts", "c.ts"]]);
    assert.equal(circleThrough("a.ts", found[0]!, [["a.ts", "b.ts"], ["b.ts", "c.ts"], ["c.ts", "a.ts"]]), "a.ts → b.ts → c.ts → a.ts");
    assert.deepEqual(circles(["a.ts"], [["a.ts", "a.ts"]]), [["a.ts"]], "a file importing itself");
    assert.deepEqual(circles(files, [["a.ts", "b.ts"], ["b.ts", "c.ts"], ["a.ts", "c.ts"]]), [], "a diamond is no circle");
  });
});
