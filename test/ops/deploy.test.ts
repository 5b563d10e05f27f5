/**
 * The deployment files checked without a Docker engine: docker-compose.yml against the official
 * Compose Specification schema (vendored in test/fixtures/compose-spec.json, from
 * compose-spec/compose-spec `schema/compose-spec.json` at 170098ba07d9f53c383a41bfd4c5166b0a4529a6),
 * the Dockerfile through dockerfile-utils' linter (the checks behind VS Code's Docker support),
 * and both for what operators rely on: the volume, the health check, the user, the signals.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Ajv } from "ajv";
import { DockerfileParser, type Instruction } from "dockerfile-ast";
import { validate as lintDockerfile } from "dockerfile-utils";
import { parse as parseYaml } from "yaml";
import { ROOT } from "../support/app.ts";

const read = (file: string) => readFileSync(join(ROOT, file), "utf8");

function composeValidator() {
  const schema = JSON.parse(read("test/fixtures/compose-spec.json")) as Record<string, unknown>;
  // The schema names its draft by an https URL Ajv does not know; Ajv's default is that draft (07).
  delete schema.$schema;
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

interface ComposeService {
  build?: string | { context?: string; dockerfile?: string };
  env_file?: string | Array<string | { path: string }>;
  environment?: Record<string, string> | string[];
  volumes?: Array<string | { type?: string; source?: string; target: string }>;
  healthcheck?: { test: string | string[] };
  restart?: string;
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

describe("docker-compose.yml", () => {
  const validateCompose = composeValidator();
  const compose = parseYaml(read("docker-compose.yml")) as ComposeFile;
  const bot = compose.services.bot!;

  it("follows the Compose Specification schema", () => {
    assert.ok(validateCompose(compose), JSON.stringify(validateCompose.errors, null, 2));
  });

  it("is checked by a schema that refuses a misspelt key and a wrong type", () => {
    const broken = structuredClone(compose);
    (broken.services.bot as Record<string, unknown>).healthchek = bot.healthcheck;
    assert.equal(validateCompose(broken), false);
    const wrongType = structuredClone(compose);
    (wrongType.services.bot as Record<string, unknown>).restart = 5;
    assert.equal(validateCompose(wrongType), false);
  });

  it("runs the bot from the Dockerfile here, configured by .env", () => {
    const context = typeof bot.build === "string" ? bot.build : (bot.build?.context ?? ".");
    const dockerfile = typeof bot.build === "object" ? (bot.build.dockerfile ?? "Dockerfile") : "Dockerfile";
    assert.ok(existsSync(join(ROOT, context, dockerfile)));
    const envFiles = [bot.env_file ?? []].flat().map((e) => (typeof e === "string" ? e : e.path));
    assert.deepEqual(envFiles, [".env"]);
  });

  it("keeps the database on a named volume mounted at /data", () => {
    const mount = (bot.volumes ?? [])
      .map((v) => (typeof v === "string" ? { source: v.split(":")[0], target: v.split(":")[1] } : v))
      .find((v) => v.target === "/data");
    assert.ok(mount?.source, "a volume at /data");
    assert.ok(compose.volumes && mount.source in compose.volumes, `${mount.source} is a named volume, not a host folder`);
    const env = Array.isArray(bot.environment)
      ? Object.fromEntries(bot.environment.map((e) => e.split("=", 2) as [string, string]))
      : (bot.environment ?? {});
    assert.ok(env.DATABASE_PATH?.startsWith("/data/"), "the database file lives on the volume");
  });

  it("restarts the bot and checks /healthz on the port the bot listens on", () => {
    assert.ok(["always", "unless-stopped", "on-failure"].includes(bot.restart ?? ""), `restart: ${bot.restart}`);
    const test = [bot.healthcheck?.test ?? []].flat().join(" ");
    const env = bot.environment as Record<string, string>;
    assert.ok(test.includes(`127.0.0.1:${env.HTTP_PORT}/healthz`), test);
  });
});

/** A Dockerfile's instructions grouped by build stage. */
function stages(content: string): Array<{ image: string; name: string | undefined; instructions: Instruction[] }> {
  const out: Array<{ image: string; name: string | undefined; instructions: Instruction[] }> = [];
  for (const instruction of DockerfileParser.parse(content).getInstructions()) {
    if (instruction.getKeyword() === "FROM") {
      const [image = "", , name] = instruction.getArguments().map((a) => a.getValue());
      out.push({ image, name, instructions: [] });
    } else {
      out.at(-1)?.instructions.push(instruction);
    }
  }
  return out;
}

const argsOf = (i: Instruction) => i.getArgumentsContent() ?? "";
const keyword = (list: Instruction[], k: string) => list.filter((i) => i.getKeyword() === k);

/** Minimal .dockerignore matching: `*` within one path segment, the last matching line wins. */
function ignoredByDockerignore(path: string): boolean {
  let ignored = false;
  for (const raw of read(".dockerignore").split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const negate = line.startsWith("!");
    const pattern = (negate ? line.slice(1) : line).replace(/^\/+|\/+$/g, "");
    const regex = new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^/]*")}(/.*)?$`);
    if (regex.test(path)) ignored = !negate;
  }
  return ignored;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith(".ts") ? [path] : [];
  });
}

describe("Dockerfile", () => {
  const content = read("Dockerfile");
  const all = stages(content);
  const final = all.at(-1)!;

  it("passes the Dockerfile linter", () => {
    assert.deepEqual(lintDockerfile(content).map((d) => `line ${d.range.start.line + 1}: ${d.message}`), []);
  });

  it("is checked by a linter that finds a broken instruction", () => {
    assert.ok(lintDockerfile(`${content}\nEXPOSE eighty\n`).length > 0);
  });

  it("builds in one stage and runs in a slim Node LTS image in another", () => {
    assert.ok(all.length >= 2, "multi-stage");
    for (const stage of all) {
      const major = /^node:(\d+)-[a-z]+-slim$/.exec(stage.image)?.[1];
      assert.ok(major, `${stage.image} is a slim Node image`);
      assert.ok(Number(major) >= 20 && Number(major) % 2 === 0, `${stage.image} is an LTS line the app supports`);
    }
    assert.equal(new Set(all.map((s) => s.image)).size, 1, "one image, so the native module built in the first stage runs in the last");
  });

  it("compiles the TypeScript in a build stage and runs the compiled JavaScript, with production dependencies only", () => {
    const runsOf = (stage: (typeof all)[number]) => keyword(stage.instructions, "RUN").map(argsOf).join("\n");
    const compiler = all.slice(0, -1).find((s) => /\bnpm run build\b|\btsc\b/.test(runsOf(s)));
    assert.ok(compiler?.name, "a named stage runs the build (esbuild into dist/)");
    const production = all.slice(0, -1).find((s) => /npm ci --omit=dev/.test(runsOf(s)));
    assert.ok(production?.name, "a named stage installs the production dependencies");
    assert.notEqual(production.name, compiler.name, "the dev dependencies that compile never reach the runtime's node_modules");

    const copies = keyword(final.instructions, "COPY").map((c) => ({
      stage: /--from=(\S+)/.exec(c.getTextContent())?.[1],
      sources: c.getArguments().map((a) => a.getValue()).filter((a) => !a.startsWith("--")).slice(0, -1),
    }));
    const from = (stage: string | undefined, source: string) =>
      copies.some((c) => c.stage === stage && c.sources.some((a) => a.replace(/\/$/, "") === source));
    assert.ok(from(compiler.name, "/app/dist"), "the runtime takes dist/ from the build stage");
    assert.ok(from(production.name, "/app/node_modules"), "the runtime takes node_modules from the production stage");
    const fromContext = copies.filter((c) => c.stage === undefined).flatMap((c) => c.sources);
    assert.ok(!fromContext.includes("src"), "no TypeScript sources in the runtime image");
    assert.ok(fromContext.includes("package.json"), "package.json marks dist/ as ES modules");
    for (const dir of ["migrations", "locales"]) assert.ok(fromContext.includes(dir), `${dir}/ is read at run time`);

    const cmd = JSON.parse(argsOf(keyword(final.instructions, "CMD").at(-1)!)) as string[];
    assert.deepEqual(cmd, ["node", "dist/main.js"], "plain JavaScript, no compiler hook at start");
    assert.ok(keyword(final.instructions, "ENV").some((e) => /\bHTTP_HOST=0\.0\.0\.0\b/.test(argsOf(e))), "listens beyond the container's loopback");
  });

  it("installs compilers only to build, and ffmpeg with the production dependencies", () => {
    const finalRuns = keyword(final.instructions, "RUN").map(argsOf).join("\n");
    for (const tool of ["python3", "make", "g++", "build-essential"]) {
      assert.ok(!new RegExp(`(^|\\s)${tool.replace("+", "\\+")}(\\s|$)`).test(finalRuns), `${tool} is not in the runtime image`);
    }
    assert.doesNotMatch(finalRuns, /apt-get install[^\n&]*\bffmpeg\b/, "the bundled ffmpeg serves; a second one from apt would only add weight");
    const manifest = JSON.parse(read("package.json")) as { dependencies: Record<string, string>; allowScripts?: Record<string, boolean> };
    assert.ok(manifest.dependencies["@ffmpeg-installer/ffmpeg"], "ffmpeg is a production dependency, so npm ci --omit=dev brings it");
    assert.ok(/^COPY --from=deps \/app\/node_modules /m.test(read("Dockerfile")), "the runtime gets the production node_modules");
    const buildRuns = all.slice(0, -1).flatMap((s) => keyword(s.instructions, "RUN").map(argsOf)).join("\n");
    assert.match(buildRuns, /npm ci --omit=dev/, "production dependencies only");
  });

  it("runs as a user other than root, with the database on a volume at /data", () => {
    const user = keyword(final.instructions, "USER").at(-1);
    assert.ok(user, "a USER in the runtime stage");
    assert.ok(!["root", "0", "root:root", "0:0"].includes(argsOf(user).trim()), `USER ${argsOf(user)}`);
    assert.ok(keyword(final.instructions, "VOLUME").some((v) => argsOf(v).includes("/data")));
    assert.ok(keyword(final.instructions, "ENV").some((e) => /\bDATABASE_PATH=\/data\/reelsmith\.db\b/.test(argsOf(e))));
  });

  it("starts node directly, in exec form, so SIGTERM reaches the bot's shutdown", () => {
    const cmd = keyword(final.instructions, "CMD").at(-1);
    assert.ok(cmd);
    const argv = JSON.parse(argsOf(cmd)) as string[];
    assert.equal(argv[0], "node");
    // dist/ is built, not committed: the entry is compiled from the source of the same name.
    const entry = argv.at(-1)!;
    const source = entry.replace(/^dist\/(.*)\.js$/, "src/$1.ts");
    assert.ok(existsSync(join(ROOT, source)), `${entry} is compiled from ${source}, which exists`);
  });

  it("copies only files that exist and that .dockerignore lets through", () => {
    for (const copy of all.flatMap((s) => keyword(s.instructions, "COPY"))) {
      if (/--from=/.test(copy.getTextContent())) continue;
      const args = copy.getArguments().map((a) => a.getValue()).filter((a) => !a.startsWith("--"));
      for (const source of args.slice(0, -1)) {
        assert.ok(existsSync(join(ROOT, source)), `${source} exists`);
        assert.ok(!ignoredByDockerignore(source), `${source} is not excluded by .dockerignore`);
      }
    }
    assert.ok(ignoredByDockerignore(".env"), "secrets never enter the build context");
    assert.ok(ignoredByDockerignore("node_modules"), "dependencies are installed in the image, not copied");
  });

  it("has every package the bot imports among the production dependencies it installs", () => {
    const pkg = JSON.parse(read("package.json")) as { dependencies: Record<string, string> };
    const imported = new Set<string>();
    for (const file of sourceFiles(join(ROOT, "src"))) {
      const source = readFileSync(file, "utf8");
      const specifiers = [
        ...source.matchAll(/^(?:import|export)(?!\s+type\b)[^;]*?from\s+"([^".][^"]*)"/gm),
        // Loaded on demand (undici, the chat libraries), but loaded all the same.
        ...source.matchAll(/\bimport\(\s*"([^".][^"]*)"\s*\)/g),
      ].map((m) => m[1]!);
      for (const spec of specifiers) {
        if (spec.startsWith("node:")) continue;
        imported.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!);
      }
    }
    assert.ok(imported.size > 0);
    const missing = [...imported].filter((name) => !(name in pkg.dependencies));
    assert.deepEqual(missing, [], "imported by src/ but not installed by npm ci --omit=dev");
    assert.ok(imported.has("undici"), "a dynamic import counts");
  });
});

describe("package.json and the build", () => {
  const pkg = JSON.parse(read("package.json")) as {
    scripts: Record<string, string>;
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };

  it("starts plain JavaScript from dist/, built before start when a source is newer", () => {
    assert.equal(pkg.scripts.start, "node dist/main.js");
    assert.equal(pkg.scripts["export-job"], "node dist/cli/export-job.js");
    assert.equal(pkg.scripts["discord:register"], "node dist/cli/discord-register.js");
    for (const script of ["start", "export-job", "discord:register"]) {
      assert.equal(pkg.scripts[`pre${script}`], "node scripts/build.mjs --if-stale", `${script} builds first when dist/ is stale`);
      const entry = pkg.scripts[script]!.split(" ").at(-1)!;
      assert.ok(existsSync(join(ROOT, entry.replace(/^dist\/(.*)\.js$/, "src/$1.ts"))), `${entry} has a source`);
    }
  });

  it("keeps tsx a development tool", () => {
    assert.ok(!("tsx" in pkg.dependencies), "nothing at run time compiles TypeScript");
    assert.ok("tsx" in pkg.devDependencies, "tests and benchmarks still run the sources");
    assert.ok("typescript" in pkg.devDependencies);
  });

  it("bundles each entry with esbuild, a development tool, into dist/", () => {
    assert.ok("esbuild" in pkg.devDependencies, "the build stage installs dev dependencies; the runtime never loads esbuild");
    assert.ok(!("esbuild" in pkg.dependencies));
    const build = read("scripts/build.mjs");
    for (const script of ["start", "export-job", "discord:register"]) {
      const entry = pkg.scripts[script]!.split(" ").at(-1)!.replace(/^dist\/(.*)\.js$/, "$1");
      assert.ok(build.includes(`"${entry}"`), `scripts/build.mjs bundles ${entry}`);
    }
  });

  it("keeps built output out of git and out of the image's build context", () => {
    assert.ok(read(".gitignore").split("\n").includes("dist/"));
    assert.ok(ignoredByDockerignore("dist"), "the image compiles its own");
  });
});
