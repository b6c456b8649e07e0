import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, test } from "node:test";
import { RULES_C } from "./list-c.ts";
import { ruleCandidates } from "./match.ts";

const MB2 = 2 * 1024 * 1024;
const fill = (unit: string) => unit.repeat(Math.ceil(MB2 / unit.length)).slice(0, MB2);

/**
 * Single 2 MB lines built to make a careless pattern backtrack: the four the brief names, and
 * one per shape this group's patterns start with (a scheme, a key=value chain, a PEM line, a
 * JWT head, a curl command, a netrc entry...), each without the part that would end a match.
 */
const HOSTILE: [string, string][] = [
  ["a", fill("a")],
  ["base64 noise", randomBytes(MB2).toString("base64").slice(0, MB2)],
  ["password=", fill("password=")],
  ["BEGIN RSA PRIVATE KEY", fill("-----BEGIN RSA PRIVATE KEY-----")],
  ["BEGIN + body, no END", `-----BEGIN PRIVATE KEY-----\n${fill("QUJD")}`],
  ["eyJ.", fill("eyJhbGciOiJIUzI1NiJ9.")],
  ["postgres://u:", fill("postgres://u:p")],
  ["https://a:b@", fill("https://a:b@")],
  ["Server=x;", fill("Server=x;")],
  ["jdbc:x:", fill("jdbc:mysql:")],
  ['"password": "', fill('"password": "')],
  ["api_key = a", fill("api_key = a")],
  ["<password>", fill("<password>")],
  ['"d":"', fill('"kty":"EC","d":"')],
  ["curl -u ", fill("curl -u ")],
  ["docker login ", fill("docker login ")],
  ["machine h login u ", fill("machine h login u ")],
  ["Authorization: Basic ", fill("Authorization: Basic ")],
  ["a:5432:", fill("a:5432:")],
  ["bindpw x ", fill("bindpw xyzw ")],
  ["PuTTY", fill("PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\n")],
  ["whitespace", fill(" \t")],
];

describe("RULES_C", () => {
  test("there are at least 35 rule types", () => {
    assert.ok(RULES_C.length >= 35, String(RULES_C.length));
  });

  test("ids are unique and kebab-case", () => {
    const ids = RULES_C.map((r) => r.meta.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  test("patterns have the g flag; keywords are lowercase and not empty; docs are https", () => {
    for (const { meta, pattern } of RULES_C) {
      assert.ok(pattern.flags.includes("g"), meta.id);
      assert.ok(meta.keywords.length > 0, meta.id);
      for (const k of meta.keywords) {
        assert.ok(k.length > 0, meta.id);
        assert.equal(k, k.toLowerCase(), `${meta.id}: ${k}`);
      }
      assert.match(meta.docsUrl, /^https:\/\/\S+$/, meta.id);
      assert.ok(meta.title.length > 0, meta.id);
      assert.ok(["critical", "high", "medium", "low"].includes(meta.severity), meta.id);
    }
  });

  test("a catch-all rule says so in its id (the engine lets a specific rule win over it)", () => {
    for (const { meta } of RULES_C)
      if (meta.severity === "medium" && meta.docsUrl.includes("cwe.mitre.org"))
        assert.ok(meta.id.startsWith("generic-"), meta.id);
  });

  for (const [name, text] of HOSTILE) {
    test(`every rule is fast on a 2 MB line: ${name}`, (t) => {
      const slow: string[] = [];
      let total = 0;
      let worst = { id: "", ms: 0 };
      for (const rule of RULES_C) {
        const start = performance.now();
        ruleCandidates(rule, text);
        const ms = performance.now() - start;
        total += ms;
        if (ms > worst.ms) worst = { id: rule.meta.id, ms };
        if (ms >= 2000) slow.push(`${rule.meta.id}: ${ms.toFixed(0)} ms`);
      }
      t.diagnostic(
        `${name}: all ${RULES_C.length} rules ${total.toFixed(0)} ms, slowest ${worst.id} ${worst.ms.toFixed(0)} ms`,
      );
      assert.deepEqual(slow, []);
    });
  }
});
