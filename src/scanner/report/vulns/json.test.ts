import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import type { VulnReport } from "../../vulndb/types.ts";
import { toVulnJson, VulnJson } from "./json.ts";
import { COUNTS, ORDER, shuffled, vulnReport } from "./testdata/vuln-report.ts";

function doc(r: VulnReport = vulnReport()) {
  return VulnJson.parse(JSON.parse(toVulnJson(r)));
}

test("parses back with the documented schema (unknown fields rejected); 2-space indent, one newline", () => {
  const out = toVulnJson(vulnReport());
  assert.ok(out.startsWith('{\n  "schemaVersion": 1,\n'));
  assert.ok(out.endsWith("}\n") && !out.endsWith("\n\n"));
  const d = VulnJson.parse(JSON.parse(out));
  assert.equal(d.schemaVersion, 1);
  assert.throws(() => VulnJson.parse({ ...JSON.parse(out), extra: 1 }));
});

test("key order is the schema's, at the top and in every finding", () => {
  const raw = JSON.parse(toVulnJson(vulnReport()));
  assert.deepEqual(Object.keys(raw), [
    "schemaVersion",
    "tool",
    "createdAt",
    "target",
    "packages",
    "partial",
    "db",
    "summary",
    "findings",
    "suppressed",
    "warnings",
  ]);
  const findingKeys = [
    "id",
    "aliases",
    "severity",
    "package",
    "fixedVersions",
    "status",
    "title",
    "urls",
    "advisories",
    "ecosystem",
    "matchedBy",
  ];
  for (const f of raw.findings) assert.deepEqual(Object.keys(f), findingKeys);
  for (const f of raw.suppressed) assert.deepEqual(Object.keys(f), [...findingKeys, "suppression"]);
  assert.deepEqual(Object.keys(raw.findings[0].severity), ["level", "score", "source", "vector"]);
  assert.deepEqual(Object.keys(raw.findings[0].package), [
    "type",
    "name",
    "version",
    "purl",
    "path",
    "layer",
    "source",
  ]);
  assert.deepEqual(Object.keys(raw.summary.bySeverity), [
    "CRITICAL",
    "HIGH",
    "MEDIUM",
    "LOW",
    "UNKNOWN",
  ]);
});

test("findings sorted by severity (critical first), package, version, id, path; suppressed the same way", () => {
  const d = doc();
  assert.deepEqual(
    d.findings.map((f) => [f.severity.level, f.package.name, f.id]),
    ORDER,
  );
  // The two ms findings differ only by path: the nested one sorts first.
  assert.deepEqual(
    d.findings.filter((f) => f.package.name === "ms").map((f) => f.package.path),
    [
      "/usr/src/app/node_modules/debug/node_modules/ms/package.json",
      "/usr/src/app/node_modules/ms/package.json",
    ],
  );
  assert.deepEqual(
    d.suppressed.map((f) => [f.severity.level, f.id, f.suppression.kind]),
    [
      ["HIGH", "CVE-2024-0008", "ignore"],
      ["MEDIUM", "CVE-2024-0009", "vex"],
    ],
  );
});

test("summary: counts per severity, total, fixable, suppressed", () => {
  const d = doc();
  assert.deepEqual(d.summary, {
    total: COUNTS.total,
    bySeverity: {
      CRITICAL: COUNTS.CRITICAL,
      HIGH: COUNTS.HIGH,
      MEDIUM: COUNTS.MEDIUM,
      LOW: COUNTS.LOW,
      UNKNOWN: COUNTS.UNKNOWN,
    },
    fixable: 6,
    suppressed: COUNTS.suppressed,
  });
});

test("target and counts from the inventory, not its package list", () => {
  const r = vulnReport();
  const d = doc(r);
  assert.equal(d.packages, r.inventory.packages.length);
  assert.equal(d.partial, true);
  assert.equal(d.target.ref, "registry.example.com/team/app:1.4.2");
  assert.equal(d.target.digest, r.inventory.target.digest);
  assert.equal(d.target.layers.length, 3);
  assert.equal("inventory" in JSON.parse(toVulnJson(r)), false);
  assert.deepEqual(d.db, {
    updatedAt: "2024-06-30T06:34:56Z",
    ecosystems: [
      { name: "Debian:12", records: 5400 },
      { name: "PyPI", records: 800 },
      { name: "npm", records: 1200 },
    ],
  });
});

test("nullable fields are always present; optional facts of the finding carried over", () => {
  const d = doc();
  const libc = d.findings.find((f) => f.id === "CVE-2024-0003")!;
  assert.deepEqual(libc.severity, { level: "HIGH", score: null, source: "debian", vector: null });
  assert.deepEqual(libc.package.source, { name: "glibc", version: "2.36-9+deb12u7" });
  assert.deepEqual(libc.fixedVersions, []);
  assert.equal(libc.status, "will_not_fix");
  assert.deepEqual(libc.matchedBy, { name: "glibc", version: "2.36-9+deb12u7", via: "source" });
  const requests = d.findings.find((f) => f.id === "CVE-2024-0004")!;
  assert.equal(requests.package.source, null);
  assert.deepEqual(requests.fixedVersions, ["2.32.4", "2.33.0"]);
  assert.equal(
    requests.severity.vector,
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N",
  );
  const vex = d.suppressed.find((f) => f.suppression.kind === "vex")!;
  assert.deepEqual(vex.suppression, {
    kind: "vex",
    reason: "vulnerable_code_not_in_execute_path: the app never resolves host names",
    source: "vex/app.openvex.json",
    expires: null,
  });
  const ignored = d.suppressed.find((f) => f.suppression.kind === "ignore")!;
  assert.equal(ignored.suppression.expires, "2027-01-31");
  // A package without a layer (a directory scan) has layer null.
  const r = vulnReport();
  r.findings[0]!.package.layer = undefined;
  assert.equal(doc(r).findings.find((f) => f.id === r.findings[0]!.id)!.package.layer, null);
});

test("deterministic: the same report gives the same bytes, whatever the input order", () => {
  const a = toVulnJson(vulnReport());
  assert.equal(toVulnJson(vulnReport()), a);
  assert.equal(toVulnJson(shuffled()), a);
});

test("an empty report", () => {
  const d = doc({ ...vulnReport(), findings: [], suppressed: [], warnings: [] });
  assert.deepEqual(d.findings, []);
  assert.deepEqual(d.suppressed, []);
  assert.equal(d.summary.total, 0);
  assert.deepEqual(d.summary.bySeverity, { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 });
});

test("readme.md documents every field of the output, and no field that is not there", async () => {
  const readme = await readFile(new URL("./readme.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("## drydock vulnerabilities v1"));
  const documented = new Set(
    [...section.matchAll(/^\| `([^`]+)` +\|/gm)].map((m) => m[1]!).filter((f) => f !== "field"),
  );
  const paths = new Set<string>();
  // Every key path; a list of objects is `name[]` with its items' fields below it, a list of
  // strings is one field.
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      if (!value.some((v) => v !== null && typeof v === "object")) paths.add(path);
      else for (const v of value) walk(v, `${path}[]`);
      return;
    }
    if (path) paths.add(path);
    if (value !== null && typeof value === "object")
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
  };
  walk(JSON.parse(toVulnJson(vulnReport())), "");
  // Fields present in some outputs only.
  for (const p of [...paths])
    if (p.startsWith("suppressed[].") && !p.startsWith("suppressed[].suppression")) paths.delete(p);
  assert.ok(documented.size >= 70, `only ${documented.size} fields found in readme.md`);
  const missing = [...paths].filter((p) => !documented.has(p));
  const stale = [...documented].filter((p) => !paths.has(p));
  assert.deepEqual(missing, [], "fields in the output but not in readme.md");
  assert.deepEqual(stale, [], "fields in readme.md but not in the output");
});
