// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${X}` references are test inputs
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { describe, test } from "node:test";
import { ruleCandidates, ruleFinds } from "../match.ts";
import { rules } from "./index.ts";

/* Credentials are derived at test time from labels: none is written in the repository. */
const pw = (label: string, n = 16) =>
  createHash("sha256").update(label).digest("base64url").slice(0, n);
const basic = (user: string, password: string) =>
  Buffer.from(`${user}:${password}`).toString("base64");
const rule = (id: string) => rules.find((r) => r.meta.id === id)!;

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
const jwt = () => {
  const input = `${b64({ alg: "HS256" })}.${b64({ sub: "robot" })}`;
  return `${input}.${createHmac("sha256", "k").update(input).digest("base64url")}`;
};

const CASES: { id: string; found: string[]; notFound: string[]; secret?: string }[] = [
  {
    id: "basic-auth-header",
    secret: basic("ci", pw("ba1")),
    found: [
      `curl -H "Authorization: Basic ${basic("ci", pw("ba1"))}" https://registry.corp.net/v2/`,
      `headers = {"Authorization": "Basic ${basic("deploy@corp.net", pw("ba2"))}"}`,
      `req.Header.Set("Authorization", "Basic ${basic("svc", pw("ba3"))}")`,
      `proxy_set_header Proxy-Authorization "Basic ${basic("proxy", pw("ba4"))}";`,
      // a token as the user and an empty password (Stripe, Mailgun style)
      `Authorization: Basic ${basic(`key_${pw("ba5", 24)}`, "")}`,
    ],
    notFound: [
      `Authorization: Basic ${basic("Aladdin", "open sesame")}`, // RFC 7617's example
      `Authorization: Basic ${basic("user", "password")}`,
      "Authorization: Basic <base64 user:password>",
      'headers["Authorization"] = "Basic " + btoa(user + ":" + pass)',
      `Authorization: Basic ${Buffer.from(pw("ba6", 20)).toString("base64")}`, // no colon
      `Authorization: Basic ${basic("admin", "admin")}`,
      `Basic ${basic("ci", pw("ba7"))}`, // no header: Basic is a word
    ],
  },
  {
    id: "bearer-auth-header",
    secret: `at_${pw("be1", 40)}`,
    found: [
      `curl -H 'Authorization: Bearer at_${pw("be1", 40)}' https://api.corp.net`,
      `{"headers": {"Authorization": "Bearer ${pw("be2", 32)}"}}`,
      `Authorization: Bearer ${Buffer.from(pw("be3", 30)).toString("base64")}`,
    ],
    notFound: [
      "Authorization: Bearer ${TOKEN}",
      "fetch(url, { headers: { Authorization: `Bearer ${token}` } })",
      "Authorization: Bearer YOUR_ACCESS_TOKEN_GOES_HERE",
      "Authorization: Bearer abcdefabcdefabcdefabcdef",
      `Authorization: Bearer ${jwt()}`, // the jwt rule reports it
      "Authorization: Bearer <token>",
    ],
  },
];

describe("auth-headers rules", () => {
  test("every rule has a table", () => {
    assert.deepEqual(CASES.map((c) => c.id).sort(), rules.map((r) => r.meta.id).sort());
  });
  for (const c of CASES) {
    test(`${c.id}: finds`, () => {
      for (const text of c.found) assert.ok(ruleFinds(rule(c.id), text), text);
    });
    test(`${c.id}: does not find`, () => {
      for (const text of c.notFound) assert.ok(!ruleFinds(rule(c.id), text), text);
    });
    if (c.secret !== undefined)
      test(`${c.id}: the secret is the credential`, () => {
        assert.deepEqual(
          ruleCandidates(rule(c.id), c.found[0]!).map((x) => x.secret),
          [c.secret],
        );
      });
  }
});
