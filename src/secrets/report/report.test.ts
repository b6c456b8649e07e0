import assert from "node:assert/strict";
import { test } from "node:test";
import { fingerprint, redact } from "../engine.ts";
import type { Finding } from "../types.ts";
import { SecretsJson, type SecretsReport, toJson } from "./json.ts";
import { toJunit } from "./junit.ts";
import { toSarif } from "./sarif.ts";
import { toTable } from "./table.ts";

// Stand-in secrets, assembled at run time.
const S1 = ["AbCdEfGh", "IjKlMnOp", "QrStUvWx"].join("");
const S2 = ["ZyXwVuTs", "RqPoNmLk"].join("");

function f(path: string, line: number, column: number, ruleId: string, secret: string): Finding {
  return {
    ruleId,
    title: `${ruleId} title`,
    severity: ruleId.startsWith("generic-") ? "medium" : "critical",
    origin: { path },
    line,
    column,
    secret,
    redacted: redact(secret),
    fingerprint: fingerprint(ruleId, secret),
  };
}

function report(findings: Finding[]): SecretsReport {
  return {
    tool: { name: "drydock", version: "0.0.0-test" },
    target: { kind: "dir", path: "." },
    rules: [
      {
        id: "vendor-key",
        title: "Vendor key",
        severity: "critical",
        keywords: [],
        docsUrl: "https://example.invalid/v",
      },
      {
        id: "generic-secret",
        title: "Generic secret",
        severity: "medium",
        keywords: [],
        docsUrl: "",
      },
    ],
    findings,
    stats: {
      files: 3,
      bytes: 1234,
      skipped: [
        { path: "z.bin", reason: "binary" },
        { path: "a.lnk", reason: "symbolic link (not followed)" },
      ],
      suppressed: { baseline: 0 },
    },
    errors: [{ path: "bad.zip", reason: "decompression bomb? ..." }],
  };
}

const findings = [
  f("b.env", 2, 1, "vendor-key", S1),
  f("a.env", 9, 3, "generic-secret", S2),
  f("a.env", 9, 3, "generic-apple", S2),
  f("a.env", 1, 5, "vendor-key", S1),
];

test("JSON: one order whatever the input order, redacted unless asked, parses back", () => {
  const one = toJson(report(findings), { showSecrets: false });
  const two = toJson(report([...findings].reverse()), { showSecrets: false });
  assert.equal(one, two);
  const doc = SecretsJson.parse(JSON.parse(one));
  assert.deepEqual(
    doc.findings.map((x) => [x.path, x.line, x.column, x.ruleId]),
    [
      ["a.env", 1, 5, "vendor-key"],
      ["a.env", 9, 3, "generic-apple"],
      ["a.env", 9, 3, "generic-secret"],
      ["b.env", 2, 1, "vendor-key"],
    ],
  );
  assert.deepEqual(
    doc.stats.skipped.map((k) => k.path),
    ["a.lnk", "z.bin"],
  );
  assert.ok(!one.includes(S1) && !one.includes(S2));
  const shown = SecretsJson.parse(JSON.parse(toJson(report(findings), { showSecrets: true })));
  assert.equal(shown.findings[0]!.secret, S1);
});

test("every format redacts by default and shows with showSecrets", () => {
  const r = report(findings);
  for (const render of [
    (show: boolean) => toJson(r, { showSecrets: show }),
    (show: boolean) => toSarif(r, { showSecrets: show }),
    (show: boolean) => toJunit(r, { showSecrets: show }),
    (show: boolean) => toTable(r, { showSecrets: show, color: false }),
  ]) {
    const hidden = render(false);
    assert.ok(!hidden.includes(S1) && !hidden.includes(S2));
    assert.ok(hidden.includes(redact(S1)));
    assert.ok(render(true).includes(S1));
  }
});

test("table: rows, counts by severity, skipped by reason, errors", () => {
  const text = toTable(report(findings), { showSecrets: false, color: false });
  assert.match(text, /critical +│? *vendor-key/);
  assert.match(text, /4 findings \(critical 2, medium 2\) in 3 files, 0\.0 MB/);
  assert.match(text, /skipped 2 \(binary 1, symbolic link 1\)/);
  assert.match(text, /Errors \(1\)/);
  // Control characters from a file name never reach the terminal.
  const evil = toTable(report([f("x\u001b[2J.env", 1, 1, "vendor-key", S1)]), {
    showSecrets: false,
    color: false,
  });
  assert.ok(!evil.includes("\u001b"));
  assert.match(toTable(report([]), { showSecrets: false, color: false }), /No secrets found/);
});

test("JUnit: a suite per file, a case per rule, escaped; a clean scan is one passing case", () => {
  const xml = toJunit(report([f("a<&\u0001>.env", 1, 1, "vendor-key", S1)]), {
    showSecrets: false,
  });
  assert.match(xml, /<testsuite name="a&lt;&amp;\ufffd&gt;\.env" tests="1" failures="1"/);
  assert.match(xml, /<testcase classname="bad\.zip" name="read">/);
  assert.ok(!xml.includes("\u0001"));
  const clean = toJunit({ ...report([]), errors: [] }, { showSecrets: false });
  assert.match(clean, /tests="1" failures="0" errors="0"/);
  assert.match(clean, /<testcase classname="drydock\.secrets" name="no secrets found"\/>/);
});

test("SARIF: rules with levels, results pointing at them, fingerprints", () => {
  const log = JSON.parse(toSarif(report(findings), { showSecrets: false }));
  const run = log.runs[0];
  const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
  // A finding of a rule not in the list still gets a descriptor.
  assert.deepEqual(ids, ["generic-secret", "vendor-key", "generic-apple"]);
  assert.equal(run.tool.driver.rules[1].helpUri, "https://example.invalid/v");
  assert.equal(run.tool.driver.rules[0].helpUri, undefined);
  for (const res of run.results) assert.equal(ids[res.ruleIndex], res.ruleId);
  assert.equal(run.results[0].level, "error");
  assert.equal(run.results[1].level, "warning");
  assert.equal(run.invocations[0].executionSuccessful, false);
  assert.equal(
    run.results[0].partialFingerprints["drydockFingerprint/v1"],
    findings[3]!.fingerprint,
  );
});
