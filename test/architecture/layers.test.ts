/**
 * The layering of docs' target architecture (design.md; README "Architecture"), as a test: which
 * folder of src/ may import which, and which packages with I/O belong to which folder. A file in a
 * layer that imports a layer outside its list is an upward (or sideways) arrow.
 *
 * Files outside the layers are the composition root (main.ts, app.ts, cli/) and the process's own
 * infrastructure (config.ts, log.ts, metrics.ts, http/): they wire the layers and may import any of
 * them, and no layer may import them except where the table says so (providers read config).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { importGraph, type Import } from "./graph.ts";

type Layer = "domain" | "dialogue" | "app" | "providers" | "jobs" | "chat" | "store" | "i18n" | "ports" | "lib" | "media" | "assistant";

/** What each layer may import besides itself. */
const MAY_IMPORT: Record<Layer, ReadonlyArray<Layer | "config">> = {
  // Plain TypeScript: catalog, briefs, plans, quotes. Nothing with I/O, no other layer.
  domain: [],
  // The pure state machine.
  dialogue: ["domain"],
  // The conversation runner and its effects: the chat platforms through the port, the jobs layer
  // through its public entry only (src/jobs/index.ts, see JOBS_ENTRY), its own rows through the
  // store's repositories, the translator for the reply language, the guarded download helper.
  app: ["domain", "dialogue", "ports", "jobs", "store", "i18n", "lib"],
  providers: ["domain", "config", "lib", "media"],
  // Claim, submit, poll, deliver: through the chat port, never the chat adapters or the app.
  jobs: ["domain", "providers", "store", "ports", "lib", "media"],
  // Adapters only: platform events in, replies out, through the app and the port types; what they
  // translate with (texts, dialogue events, the translator) and their own platform state.
  chat: ["ports", "app", "domain", "dialogue", "i18n", "store", "lib"],
  // Storage is the floor: the types it stores and neutral modules, never a layer with behaviour above it.
  store: ["domain", "dialogue", "ports", "lib"],
  i18n: ["domain"],
  // Neutral port types that both sides import.
  ports: ["domain", "dialogue"],
  // Small neutral helpers (backoff, capped download, the lazy undici).
  lib: [],
  // ffmpeg as a process: locating, probing, last frames, joining, test clips.
  media: [],
  // The optional writing partner: a chat-completions client checked against the domain.
  assistant: ["domain", "config", "lib"],
};

/** The one module of the jobs layer that layers above it may import. */
const JOBS_ENTRY = "src/jobs/index.ts";

/** Layers that must stay pure: no node: module and no package at all. */
const PURE: readonly Layer[] = ["domain", "dialogue"];

/** Packages with I/O and the folders (or files) of src/ that may import them. */
const PACKAGE_OWNERS: Record<string, readonly string[]> = {
  "better-sqlite3": ["src/store/"],
  pg: ["src/store/"],
  grammy: ["src/chat/telegram/"],
  "@grammyjs/": ["src/chat/telegram/"],
  "discord.js": ["src/chat/discord/", "src/cli/discord-register.ts"],
  i18next: ["src/i18n/"],
  undici: ["src/providers/", "src/lib/", "src/assistant/"],
  pino: ["src/log.ts"],
  "prom-client": ["src/metrics.ts"],
};

/**
 * TODAY'S VIOLATIONS, exact edges (importing file → imported file or package), so the test holds
 * on main while they are being removed (issue 15). The test fails when an edge here is gone: delete
 * it then, so this list only shrinks. Never add to it; fix the import instead.
 */
const ALLOWED_VIOLATIONS: readonly string[] = [];

function layerOf(file: string): Layer | undefined {
  const folder = /^src\/([^/]+)\//.exec(file)?.[1];
  return folder !== undefined && folder in MAY_IMPORT ? (folder as Layer) : undefined;
}

function packageOf(specifier: string): string {
  return specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!;
}

/** Why an import breaks the layering, or undefined when it does not. */
function violation(i: Import): string | undefined {
  const from = layerOf(i.from);
  if (i.to !== undefined) {
    if (from === undefined) return undefined;
    // The English locale files as a type (MessageKey): erased at build, so no I/O reaches the domain.
    if (i.typeOnly && /^locales\/en\/[a-z]+\.json$/.test(i.to)) return undefined;
    const to = layerOf(i.to);
    if (to === from) return undefined;
    if (to === "jobs" && from !== "jobs" && i.to !== JOBS_ENTRY) return `${from}/ may import the jobs layer only through ${JOBS_ENTRY}`;
    const target = to ?? (i.to === "src/config.ts" ? "config" : undefined);
    if (target !== undefined && MAY_IMPORT[from].includes(target)) return undefined;
    return `${from}/ may not import ${target !== undefined ? `${target}/` : i.to}`;
  }
  if (from !== undefined && PURE.includes(from)) return `${from}/ is pure: no node: module, no package`;
  if (i.specifier.startsWith("node:")) return undefined;
  const name = packageOf(i.specifier);
  const owners = Object.entries(PACKAGE_OWNERS).find(([p]) => (p.endsWith("/") ? name.startsWith(p) : name === p))?.[1];
  if (!owners || /^src\/(main|app)\.ts$|^src\/cli\//.test(i.from)) return undefined;
  return owners.some((o) => (o.endsWith("/") ? i.from.startsWith(o) : i.from === o)) ? undefined : `${name} belongs to ${owners.join(", ")}`;
}

const graph = importGraph();
const edgeOf = (i: Import) => `${i.from} → ${i.to ?? packageOf(i.specifier)}`;

function violations(): Map<string, string> {
  const found = new Map<string, string>();
  for (const i of graph.imports) {
    const why = violation(i);
    if (why) found.set(edgeOf(i), why);
  }
  return found;
}

describe("layers of src/", () => {
  it("import only the layers below them, and packages with I/O only where they belong", () => {
    const allowed = new Set(ALLOWED_VIOLATIONS);
    const found = [...violations()].filter(([edge]) => !allowed.has(edge)).map(([edge, why]) => `${edge}  (${why})`);
    assert.deepEqual(found, [], `layering broken:\n${found.join("\n")}`);
  });

  it("keeps the allowlist to violations that still exist", () => {
    const found = violations();
    const fixed = ALLOWED_VIOLATIONS.filter((edge) => !found.has(edge));
    assert.deepEqual(fixed, [], `fixed: remove from ALLOWED_VIOLATIONS in test/architecture/layers.test.ts:\n${fixed.join("\n")}`);
  });

  it("is checked by rules that refuse an upward import", () => {
    const edge = (from: string, to: string): Import => ({ from, specifier: "x", to, typeOnly: false });
    const pkg = (from: string, specifier: string): Import => ({ from, specifier, typeOnly: false });
    assert.ok(violation(edge("src/domain/plan.ts", "src/store/database.ts")), "domain imports no other layer");
    assert.ok(violation(pkg("src/domain/plan.ts", "node:fs")), "domain has no I/O");
    assert.ok(violation(edge("src/dialogue/step.ts", "src/i18n/index.ts")), "dialogue imports only domain");
    assert.ok(violation(edge("src/jobs/delivery.ts", "src/chat/telegram/port.ts")), "jobs never chat/");
    assert.ok(violation(edge("src/jobs/delivery.ts", "src/app/runner.ts")), "jobs never app/");
    assert.ok(violation(edge("src/chat/telegram/bot.ts", "src/jobs/ledger.ts")), "chat adapters never jobs/");
    assert.ok(violation(edge("src/store/quotes.ts", "src/jobs/rows.ts")), "store never above it");
    assert.ok(violation(edge("src/providers/http.ts", "src/main.ts")), "no layer imports the composition root");
    assert.ok(violation(pkg("src/jobs/delivery.ts", "grammy")), "grammy is the Telegram adapter's");
    assert.equal(violation(edge("src/jobs/delivery.ts", "src/ports/chat.ts")), undefined, "the chat port is neutral");
    assert.equal(violation(edge("src/main.ts", "src/chat/telegram/bot.ts")), undefined, "the composition root wires anything");
    assert.equal(violation(pkg("src/chat/telegram/bot.ts", "@grammyjs/runner")), undefined);
  });
});
