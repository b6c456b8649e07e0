import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { before, test } from "node:test";
import ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import type { VulnReport } from "../../vulndb/types.ts";
import { toVulnSarif } from "./sarif.ts";
import {
  COUNTS,
  finding,
  MS_NESTED,
  MS_TOP,
  ORDER,
  pkg,
  shuffled,
  vulnReport,
} from "./testdata/vuln-report.ts";

interface Rule {
  id: string;
  shortDescription: { text: string };
  helpUri?: string;
  defaultConfiguration: { level: string };
  properties: { tags: string[]; "security-severity"?: string; severity: string };
}
interface Result {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[];
  partialFingerprints: Record<string, string>;
  properties: { severity: string; packageName: string; installedVersion: string };
  suppressions?: { kind: string; justification: string; properties: Record<string, string> }[];
}

let validate: ValidateFunction;
before(async () => {
  const schema = JSON.parse(
    await readFile(
      new URL("../../../../test/fixtures/sarif-schema-2.1.0.json", import.meta.url),
      "utf8",
    ),
  );
  const validator = new ajv.default({ strict: false, allErrors: true });
  addFormats.default(validator);
  validate = validator.compile(schema);
});

function run(r: VulnReport = vulnReport()) {
  const log = JSON.parse(toVulnSarif(r));
  return log.runs[0] as {
    tool: { driver: { name: string; version: string; rules: Rule[] } };
    results: Result[];
    invocations: {
      executionSuccessful: boolean;
      toolExecutionNotifications: { level: string; message: { text: string } }[];
    }[];
  };
}

test("valid SARIF 2.1.0 (the OASIS JSON schema), with findings and without", () => {
  const full = JSON.parse(toVulnSarif(vulnReport()));
  assert.equal(validate(full), true, JSON.stringify(validate.errors, null, 2));
  assert.equal(full.version, "2.1.0");
  const empty = JSON.parse(
    toVulnSarif({ ...vulnReport(), findings: [], suppressed: [], warnings: [] }),
  );
  assert.equal(validate(empty), true, JSON.stringify(validate.errors, null, 2));
  assert.deepEqual(empty.runs[0].results, []);
  assert.deepEqual(empty.runs[0].tool.driver.rules, []);
  // The validator does reject: a level SARIF does not define.
  full.runs[0].results[0].level = "critical";
  assert.equal(validate(full), false);
});

test("one rule per vulnerability id, sorted, with title, help URL, level, tags and security-severity", () => {
  const rules = run().tool.driver.rules;
  assert.deepEqual(
    rules.map((r) => r.id),
    [
      "CVE-2022-0005",
      "CVE-2024-0001",
      "CVE-2024-0003",
      "CVE-2024-0004",
      "CVE-2024-0007",
      "CVE-2024-0008",
      "CVE-2024-0009",
      "GHSA-3xx7-q6hm-8p8w",
      "GO-2024-0006",
    ],
  );
  const rule = (id: string) => rules.find((r) => r.id === id)!;
  const ssl = rule("CVE-2024-0001");
  assert.equal(ssl.shortDescription.text, "openssl: a buffer overread in X.509 name checks");
  assert.equal(ssl.helpUri, "https://security-tracker.debian.org/tracker/CVE-2024-0001");
  assert.equal(ssl.defaultConfiguration.level, "error");
  assert.equal(ssl.properties["security-severity"], "9.8");
  assert.deepEqual(ssl.properties.tags, ["security", "vulnerability", "CRITICAL"]);
  // No score known: no security-severity (GitHub would otherwise trust a made-up number).
  assert.equal("security-severity" in rule("GHSA-3xx7-q6hm-8p8w").properties, false);
  assert.equal(rule("CVE-2024-0004").properties["security-severity"], "5.3");
  // No URL: no helpUri.
  assert.equal(rule("CVE-2024-0003").helpUri, undefined);
  assert.equal(rule("CVE-2022-0005").defaultConfiguration.level, "note");
  assert.equal(rule("GO-2024-0006").defaultConfiguration.level, "note");
  assert.equal(rule("CVE-2024-0007").defaultConfiguration.level, "warning");
});

test("a rule's security-severity is the highest score of its findings; non-http URLs are not a helpUri", () => {
  const r = vulnReport();
  r.findings = [
    finding("CVE-2024-3000", pkg("bash"), {
      severity: { level: "MEDIUM", score: 5, source: "cvss-v3.1" },
      urls: ["ftp://example.com/x", "https://example.com/advisory"],
    }),
    finding("CVE-2024-3000", pkg("libc6"), {
      severity: { level: "HIGH", score: 7.25, source: "cvss-v3.1" },
    }),
  ];
  r.suppressed = [];
  const [rule] = run(r).tool.driver.rules;
  assert.equal(rule!.properties["security-severity"], "7.3");
  assert.equal(rule!.defaultConfiguration.level, "error");
  assert.ok(validate(JSON.parse(toVulnSarif(r))), JSON.stringify(validate.errors));
});

test("one result per finding, in report order, then the suppressed ones; levels by severity", () => {
  const { results, tool } = run();
  assert.equal(results.length, COUNTS.total + COUNTS.suppressed);
  const active = results.filter((x) => !x.suppressions);
  assert.deepEqual(
    active.map((x) => [x.properties.severity, x.properties.packageName, x.ruleId]),
    ORDER,
  );
  assert.deepEqual(
    active.map((x) => x.level),
    ["error", "error", "error", "error", "warning", "warning", "note", "note"],
  );
  for (const x of results) assert.equal(tool.driver.rules[x.ruleIndex]!.id, x.ruleId);
});

test("message names the package, installed and fixed version; location is the package's file, relative", () => {
  const { results } = run();
  const ssl = results.find((x) => x.ruleId === "CVE-2024-0001")!;
  assert.equal(
    ssl.message.text,
    "Package libssl3 3.0.13-1~deb12u1 (deb) is affected by CVE-2024-0001 (CRITICAL): fixed in 3.0.14-1~deb12u1. openssl: a buffer overread in X.509 name checks",
  );
  assert.deepEqual(ssl.locations, [
    {
      physicalLocation: {
        artifactLocation: { uri: "var/lib/dpkg/status", uriBaseId: "%SRCROOT%" },
      },
    },
  ]);
  const bash = results.find((x) => x.ruleId === "CVE-2022-0005")!;
  assert.ok(
    bash.message.text.includes(
      "bash 5.2.15-2+b7 (deb) is affected by CVE-2022-0005 (LOW): no fix yet.",
    ),
  );
  const libc = results.find((x) => x.ruleId === "CVE-2024-0003")!;
  assert.ok(libc.message.text.includes(": will not fix."));
  const ms = results.filter((x) => x.ruleId === "GHSA-3xx7-q6hm-8p8w");
  assert.deepEqual(
    ms.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri),
    [MS_NESTED.slice(1), MS_TOP.slice(1)],
  );
  for (const x of results)
    assert.ok(!x.locations[0]!.physicalLocation.artifactLocation.uri.startsWith("/"));
});

test("suppressed findings carry an external suppression with the reason", () => {
  const { results } = run();
  const suppressed = results.filter((x) => x.suppressions);
  assert.deepEqual(
    suppressed.map((x) => [x.ruleId, x.suppressions]),
    [
      [
        "CVE-2024-0008",
        [
          {
            kind: "external",
            justification: "build-time only, never sees user input",
            properties: {
              drydockKind: "ignore",
              source: ".drydockignore.yaml",
              expires: "2027-01-31",
            },
          },
        ],
      ],
      [
        "CVE-2024-0009",
        [
          {
            kind: "external",
            justification: "vulnerable_code_not_in_execute_path: the app never resolves host names",
            properties: { drydockKind: "vex", source: "vex/app.openvex.json" },
          },
        ],
      ],
    ],
  );
});

test("fingerprints: distinct per finding, unchanged when only the installed version changes", () => {
  const { results } = run();
  const prints = results.map((x) => x.partialFingerprints["drydockVulnerability/v1"]);
  assert.equal(new Set(prints).size, prints.length);
  const r = vulnReport();
  r.findings = r.findings.map((f) =>
    f.id === "CVE-2024-0001" ? { ...f, package: { ...f.package, version: "3.0.13-1~deb12u2" } } : f,
  );
  const after = run(r).results.find((x) => x.ruleId === "CVE-2024-0001")!;
  assert.equal(after.properties.installedVersion, "3.0.13-1~deb12u2");
  assert.equal(
    after.partialFingerprints["drydockVulnerability/v1"],
    results.find((x) => x.ruleId === "CVE-2024-0001")!.partialFingerprints[
      "drydockVulnerability/v1"
    ],
  );
});

test("warnings and unreadable parts are tool notifications; a partial inventory is not a successful run", () => {
  const [inv] = run().invocations;
  assert.equal(inv!.executionSuccessful, false);
  assert.deepEqual(
    inv!.toolExecutionNotifications.map((n) => [n.level, n.message.text]),
    [
      ["warning", "golang: no data for the Go standard library yet"],
      ["warning", "pypi: 1 package version could not be ordered (broken 1.0)"],
      [
        "warning",
        "/usr/local/lib/python3.12/site-packages/broken-1.0.dist-info/METADATA: no Name: field",
      ],
    ],
  );
});

test("deterministic: same report, same bytes, whatever the input order", () => {
  const a = toVulnSarif(vulnReport());
  assert.equal(toVulnSarif(vulnReport()), a);
  assert.equal(toVulnSarif(shuffled()), a);
});
