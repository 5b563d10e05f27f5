import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { Signer } from "@volcengine/openapi";
import {
  canonicalQuery,
  parseVolcAuthorization,
  parseVolcDate,
  rfc3986,
  signVolcRequest,
  volcDate,
} from "../../src/providers/volc-signer.ts";

const credentials = { accessKeyId: "AKLTdummyAccessKeyId0001", secretKey: "dummySecretKey/With+Symbols==" };

const dates = [
  new Date("2026-01-02T03:04:05Z"),
  new Date("2024-02-29T23:59:59Z"),
  new Date("1999-12-31T00:00:00Z"),
];

const bodies = {
  ascii: JSON.stringify({ req_key: "jimeng_t2v_v30", prompt: "a cat on a skateboard", seed: -1, frames: 121 }),
  nonAscii: JSON.stringify({
    req_key: "jimeng_ti2v_v30_pro",
    prompt: "一只猫在滑板上 🐱🛹，夕阳下的城市",
    seed: 42,
    frames: 241,
    aspect_ratio: "9:16",
  }),
};

/** What the SDK writes into the headers for the same request. */
function sdkSign(
  params: Record<string, string>,
  headers: Record<string, string>,
  body: string,
  date: Date,
  creds = credentials,
): Record<string, string> {
  const signed = { ...headers };
  const signer = new Signer(
    { region: "cn-north-1", method: "POST", pathname: "/", params: { ...params }, headers: signed, body },
    "cv",
  );
  signer.addAuthorization(creds, date);
  return signer.request.headers as Record<string, string>;
}

function oursSign(
  params: Record<string, string>,
  headers: Record<string, string>,
  body: string,
  date: Date,
  creds = credentials,
  signedHeaders?: string[],
) {
  return signVolcRequest({
    ...creds,
    signedHeaders,
    region: "cn-north-1",
    service: "cv",
    method: "POST",
    path: "/",
    query: params,
    headers,
    body,
    date,
  });
}

const submit = { Action: "CVSync2AsyncSubmitTask", Version: "2022-08-31" };
const query = { Action: "CVSync2AsyncGetResult", Version: "2022-08-31" };

describe("signVolcRequest agrees with the Volcengine SDK signer", () => {
  for (const date of dates) {
    for (const [bodyName, body] of Object.entries(bodies)) {
      it(`produces the SDK's Authorization with Host for a ${bodyName} body on ${date.toISOString()}`, () => {
        const headers = { Host: "visual.volcengineapi.com", "Content-Type": "application/json" };
        const sdk = sdkSign(submit, headers, body, date);
        const ours = oursSign(submit, headers, body, date);
        assert.equal(ours.Authorization, sdk["Authorization"]);
        assert.equal(ours["X-Date"], sdk["X-Date"]);
        assert.equal(ours["X-Content-Sha256"], sdk["X-Content-Sha256"]);
        assert.match(ours.Authorization, /SignedHeaders=host;x-content-sha256;x-date,/);
      });

      it(`produces the SDK's Authorization without Host for a ${bodyName} body on ${date.toISOString()}`, () => {
        const headers = { "Content-Type": "application/json" };
        const sdk = sdkSign(query, headers, body, date);
        const ours = oursSign(query, headers, body, date);
        assert.equal(ours.Authorization, sdk["Authorization"]);
        assert.match(ours.Authorization, /SignedHeaders=x-content-sha256;x-date,/);
      });
    }
  }

  it("matches the SDK when query names and values need RFC 3986 escaping, in any key order", () => {
    const params = { Version: "2022-08-31", "b key": "it's (a) *test*!", Action: "Ünïcode ~ok_.-", a: "x=y&z" };
    const headers = { Host: "127.0.0.1:8080" };
    const date = dates[0]!;
    assert.equal(oursSign(params, headers, bodies.nonAscii, date).Authorization,
      sdkSign(params, headers, bodies.nonAscii, date)["Authorization"]);
  });

  it("matches the SDK for other credentials, an extra signed header and whitespace in header values", () => {
    const creds = { accessKeyId: "AKLTanother", secretKey: "短密钥-secret" };
    const headers = { Host: "  visual.volcengineapi.com  ", "X-Custom": "a   b\t c" };
    const date = dates[1]!;
    const names = ["host", "x-custom", "x-content-sha256", "x-date"];
    assert.equal(oursSign(submit, headers, bodies.ascii, date, creds, names).Authorization,
      sdkSign(submit, headers, bodies.ascii, date, creds)["Authorization"]);
  });

  it("detects a one-byte change of the body, since the payload hash is part of the signature", () => {
    const headers = { Host: "visual.volcengineapi.com" };
    const date = dates[0]!;
    const a = oursSign(submit, headers, bodies.ascii, date);
    const b = oursSign(submit, headers, bodies.ascii.replace("cat", "cot"), date);
    assert.notEqual(a.Authorization, b.Authorization);
  });
});

describe("signVolcRequest options", () => {
  it("hashes the exact UTF-8 bytes of the body, whether given as text or bytes", () => {
    const date = dates[0]!;
    const asText = oursSign(submit, { Host: "h" }, bodies.nonAscii, date);
    const asBytes = signVolcRequest({
      ...credentials, region: "cn-north-1", service: "cv", method: "POST", path: "/", query: submit,
      headers: { Host: "h" }, body: new TextEncoder().encode(bodies.nonAscii), date,
    });
    assert.equal(asBytes.Authorization, asText.Authorization);
    assert.equal(asText["X-Content-Sha256"], createHash("sha256").update(Buffer.from(bodies.nonAscii, "utf8")).digest("hex"));
  });

  it("signs content-type when asked to, as the Jimeng skill does, and lists it in SignedHeaders", () => {
    const headers = { Host: "visual.volcengineapi.com", "Content-Type": "application/json" };
    const base = { ...credentials, region: "cn-north-1", service: "cv", method: "POST", path: "/", query: submit, body: bodies.ascii, date: dates[0]! };
    const withType = signVolcRequest({ ...base, headers, signedHeaders: ["content-type", "host", "x-content-sha256", "x-date"] });
    const without = signVolcRequest({ ...base, headers });
    assert.match(withType.Authorization, /SignedHeaders=content-type;host;x-content-sha256;x-date,/);
    assert.notEqual(withType.Authorization, without.Authorization);
    const changedType = signVolcRequest({ ...base, headers: { ...headers, "Content-Type": "text/plain" }, signedHeaders: ["content-type", "host", "x-content-sha256", "x-date"] });
    assert.notEqual(changedType.Authorization, withType.Authorization);
  });

  it("refuses to sign a header that the request does not carry", () => {
    assert.throws(() => signVolcRequest({
      ...credentials, region: "cn-north-1", service: "cv", method: "POST", path: "/", query: submit,
      headers: {}, body: "", date: dates[0]!, signedHeaders: ["host", "x-date"],
    }), /host/);
  });

  it("round-trips X-Date and the parts of the Authorization header", () => {
    const date = dates[0]!;
    assert.equal(volcDate(date), "20260102T030405Z");
    assert.equal(parseVolcDate("20260102T030405Z")?.toISOString(), date.toISOString());
    assert.equal(parseVolcDate("2026-01-02"), undefined);
    const parsed = parseVolcAuthorization(oursSign(submit, { Host: "h" }, bodies.ascii, date).Authorization);
    assert.deepEqual(
      { ...parsed, signature: undefined },
      { accessKeyId: credentials.accessKeyId, shortDate: "20260102", region: "cn-north-1", service: "cv", signedHeaders: ["host", "x-content-sha256", "x-date"], signature: undefined },
    );
  });

  it("encodes query strings the RFC 3986 way, sorted by name", () => {
    assert.equal(rfc3986("a b!'()*~"), "a%20b%21%27%28%29%2A~");
    assert.equal(canonicalQuery({ Version: "2022-08-31", Action: "CVSync2AsyncGetResult" }),
      "Action=CVSync2AsyncGetResult&Version=2022-08-31");
  });
});
