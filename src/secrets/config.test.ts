import assert from "node:assert/strict";
import { test } from "node:test";
import { DrydockError } from "../core/errors.ts";
import { applyBaseline, baselineOf, parseBaseline } from "./baseline.ts";
import { engineOptionsFrom, parseSecretsConfig } from "./config.ts";
import { fingerprint } from "./engine.ts";
import type { Finding, SecretRule } from "./types.ts";

const RULE: SecretRule = {
  meta: { id: "test-rule", title: "t", severity: "high", keywords: ["x"], docsUrl: "" },
  pattern: /x/g,
};

test("config: every key parses; an empty file is an empty configuration", () => {
  const c = parseSecretsConfig(
    [
      "allowlist:",
      '  paths: ["test/fixtures/", "*.snap"]',
      "  rules: [test-rule]",
      `  fingerprints: ["${"a".repeat(64)}"]`,
      "disableRules: []",
      "allowInlineAllows: false",
      "maxFileBytes: 1048576",
      "archives: { maxBytes: 1000, maxDepth: 1 }",
    ].join("\n"),
    "c.yaml",
  );
  assert.deepEqual(c.allowlist?.paths, ["test/fixtures/", "*.snap"]);
  assert.equal(c.allowInlineAllows, false);
  assert.deepEqual(c.archives, { maxBytes: 1000, maxDepth: 1 });
  assert.deepEqual(parseSecretsConfig("", "empty.yaml"), {});
  const opts = engineOptionsFrom(c, [RULE], "c.yaml");
  assert.equal(opts.allowInline, false);
  assert.deepEqual(opts.allowlist?.rules, ["test-rule"]);
});

test("config errors name the file and the key", () => {
  const cases: [string, RegExp][] = [
    ["allowlist:\n  pathz: [a]\n", /^c\.yaml: allowlist\.pathz: unknown key$/],
    ["maxFileBytes: 0\n", /^c\.yaml: maxFileBytes: /],
    ["allowInlineAllows: sometimes\n", /^c\.yaml: allowInlineAllows: /],
    ["archives: { maxDepth: -1 }\n", /^c\.yaml: archives\.maxDepth: /],
    ["allowlist: { fingerprints: [abc] }\n", /^c\.yaml: allowlist\.fingerprints\.0: a sha256/],
    ["key: [unclosed\n", /^c\.yaml: not valid YAML/],
    ["- a list\n", /^c\.yaml: \(top level\): /],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => parseSecretsConfig(text, "c.yaml"),
      (err: unknown) => err instanceof DrydockError && message.test(err.message),
      text,
    );
  }
  assert.throws(
    () => engineOptionsFrom({ disableRules: ["nope"] }, [RULE], "c.yaml"),
    /c\.yaml: disableRules\.0: unknown rule id "nope"/,
  );
  // The inline-allow pseudo-rule may be allowlisted.
  engineOptionsFrom({ allowlist: { rules: ["allow-without-reason"] } }, [RULE], "c.yaml");
});

function finding(ruleId: string, secret: string, path: string): Finding {
  return {
    ruleId,
    title: ruleId,
    severity: "high",
    origin: { path },
    line: 1,
    column: 1,
    secret,
    redacted: "****",
    fingerprint: fingerprint(ruleId, secret),
  };
}

test("baseline: fingerprints only, one per secret, in a stable order; matching by fingerprint", () => {
  const secretA = ["value", "one", "aaaa"].join("-");
  const secretB = ["value", "two", "bbbb"].join("-");
  const found = [
    finding("r", secretB, "z.env"),
    finding("r", secretA, "b.env"),
    finding("r", secretA, "a.env"),
  ];
  const b = baselineOf(found);
  assert.deepEqual(
    b.fingerprints.map((f) => f.path),
    ["a.env", "z.env"],
  );
  const text = JSON.stringify(b);
  assert.ok(!text.includes(secretA) && !text.includes(secretB));
  const again = parseBaseline(text, "b.json");
  const { kept, suppressed } = applyBaseline(
    [...found, finding("r", "value-three-cccc", "c.env")],
    again,
  );
  assert.deepEqual(
    kept.map((f) => f.origin.path),
    ["c.env"],
  );
  assert.equal(suppressed, 3);
  assert.throws(
    () => parseBaseline('{"version": 2, "fingerprints": []}', "b.json"),
    /b\.json: version/,
  );
  assert.throws(() => parseBaseline("{", "b.json"), /baseline b\.json is not JSON/);
});
