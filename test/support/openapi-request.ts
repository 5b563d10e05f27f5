/**
 * Checks a request as it went over the wire against an OpenAPI 3.1 document: the operation exists,
 * path and query parameters and the body match their schemas (no properties the schema does not
 * name), the content type is one the operation takes, and Accept admits one of its answers.
 */
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";

export interface WireRequest {
  method: string;
  /** Path and query, as the server saw them (e.g. /v1/videos?limit=50). */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: unknown;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
}

const DOC = "spec.json";

export function loadRequestValidator(specPath: string, basePath: string) {
  const spec = parse(readFileSync(specPath, "utf8"), { maxAliasCount: -1 }) as {
    paths: Record<string, Record<string, Operation>>;
    components: unknown;
  };
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ $id: DOC, components: spec.components });
  const cache = new Map<string, ReturnType<typeof ajv.compile>>();
  /** Inline schemas point into the document with "#/…": make that the added document. */
  const compile = (schema: unknown, closed = false) => {
    const text = JSON.stringify(schema).replace(/"\$ref":"#\//g, `"$ref":"${DOC}#/`);
    const key = `${closed}:${text}`;
    let validate = cache.get(key);
    if (!validate) {
      const parsed = JSON.parse(text) as object;
      validate = ajv.compile(closed ? { allOf: [parsed], unevaluatedProperties: false } : parsed);
      cache.set(key, validate);
    }
    return validate;
  };
  const templates = Object.keys(spec.paths)
    .map((t) => ({ template: t, params: (t.match(/\{/g) ?? []).length, pattern: new RegExp(`^${t.replace(/\{[^}]+\}/g, "([^/]+)")}$`) }))
    .sort((a, b) => a.params - b.params);

  return async function validateRequest(req: WireRequest): Promise<string[]> {
    const url = new URL(req.path, "http://wire");
    const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname;
    const where = `${req.method} ${req.path}`;
    const found = templates.find((t) => t.pattern.test(path) && spec.paths[t.template]![req.method.toLowerCase()]);
    if (!found) return [`${where}: no such operation in the spec`];
    const op = spec.paths[found.template]![req.method.toLowerCase()]!;
    const errors: string[] = [];
    const check = (what: string, schema: unknown, value: unknown, closed = false) => {
      const validate = compile(schema, closed);
      if (!validate(value)) errors.push(`${where}: ${what} ${ajv.errorsText(validate.errors)} (got ${JSON.stringify(value).slice(0, 200)})`);
    };

    const names = [...found.template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    const values = found.pattern.exec(path)!.slice(1).map(decodeURIComponent);
    const params = op.parameters ?? [];
    for (const [i, name] of names.entries()) {
      const p = params.find((q) => q.in === "path" && q.name === name);
      if (p?.schema) check(`path parameter ${name}`, p.schema, values[i]);
    }
    for (const [name, raw] of url.searchParams) {
      const p = params.find((q) => q.in === "query" && q.name === name);
      if (!p) {
        errors.push(`${where}: query parameter ${name} is not in the spec`);
        continue;
      }
      const type = (p.schema as { type?: string } | undefined)?.type;
      const value = (type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
      if (p.schema) check(`query parameter ${name}`, p.schema, value);
    }
    for (const p of params) {
      if (p.in === "query" && p.required && !url.searchParams.has(p.name)) errors.push(`${where}: required query parameter ${p.name} missing`);
    }

    const contentType = String(req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (op.requestBody) {
      const media = op.requestBody.content[contentType];
      if (!media) errors.push(`${where}: content type "${contentType}" is not one of ${Object.keys(op.requestBody.content).join(", ")}`);
      else check("body", media.schema, await bodyOf(req, contentType), true);
    } else if (req.body.length > 0) {
      errors.push(`${where}: the operation takes no body, got ${req.body.length} bytes`);
    }

    const answers = Object.entries(op.responses)
      .filter(([status]) => /^2/.test(status))
      .flatMap(([, r]) => Object.keys(r.content ?? {}));
    const accept = String(req.headers.accept ?? "*/*");
    if (answers.length > 0 && !accepts(accept, answers)) errors.push(`${where}: Accept "${accept}" admits none of ${answers.join(", ")}`);
    return errors;
  };
}

/** The body as the schema sees it: multipart fields as strings, file parts as a binary placeholder. */
async function bodyOf(req: WireRequest, contentType: string): Promise<unknown> {
  if (contentType === "application/json") return JSON.parse(req.body.toString("utf8"));
  if (contentType === "multipart/form-data") {
    const form = await new Request("http://wire", { method: "POST", headers: { "content-type": String(req.headers["content-type"]) }, body: req.body }).formData();
    const out: Record<string, unknown> = {};
    for (const [name, value] of form.entries()) out[name] = typeof value === "string" ? value : "<binary>";
    return out;
  }
  return req.body.toString("utf8");
}

function accepts(header: string, types: string[]): boolean {
  const ranges = header.split(",").map((r) => r.split(";")[0]!.trim().toLowerCase()).filter(Boolean);
  return types.some((t) => ranges.some((r) => r === "*/*" || r === t || (r.endsWith("/*") && t.startsWith(r.slice(0, -1)))));
}
