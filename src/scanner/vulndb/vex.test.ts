import assert from "node:assert/strict";
import { test } from "node:test";
import { parseVex, type VexStatement, vexJustificationOf, vexReason } from "./vex.ts";

const FILE = "app.openvex.json";

function doc(statements: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    "@context": "https://openvex.dev/ns/v0.2.0",
    "@id": "https://openvex.dev/docs/example/vex-1",
    author: "Security Team <security@example.com>",
    timestamp: "2024-06-01T10:00:00Z",
    version: 1,
    statements,
    ...extra,
  });
}

function ok(text: string): VexStatement[] {
  const r = parseVex(text, FILE);
  if ("error" in r) assert.fail(r.error);
  return r;
}

function error(text: string): string {
  const r = parseVex(text, FILE);
  assert.ok("error" in r, "expected an error");
  return r.error;
}

test("a v0.2.0 document: vulnerability with aliases, products with identifiers, hashes and subcomponents", () => {
  const [s] = ok(
    doc([
      {
        vulnerability: {
          "@id": "https://nvd.nist.gov/vuln/detail/CVE-2021-44228",
          name: "CVE-2021-44228",
          description: "Log4Shell",
          aliases: ["GHSA-jfh8-c2jp-5v3q", "CVE-2021-44228"],
        },
        timestamp: "2024-06-02T08:00:00.123456789-06:00",
        products: [
          {
            "@id": "pkg:oci/app@sha256%3Aabc?repository_url=registry.example.com/team/app",
            identifiers: { purl: "pkg:oci/app" },
            hashes: { "sha-256": "ABC", md5: "ignored" },
            subcomponents: [{ "@id": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1" }],
          },
        ],
        status: "not_affected",
        justification: "vulnerable_code_not_in_execute_path",
        impact_statement: "  JNDI lookups are disabled by configuration.  ",
      },
    ]),
  );
  assert.deepEqual(s, {
    vulnerability: { name: "CVE-2021-44228", aliases: ["GHSA-jfh8-c2jp-5v3q"] },
    products: [
      {
        ids: [
          "pkg:oci/app@sha256%3Aabc?repository_url=registry.example.com/team/app",
          "pkg:oci/app",
          "sha256:abc",
        ],
        subcomponents: [{ ids: ["pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"] }],
      },
    ],
    status: "not_affected",
    justification: "vulnerable_code_not_in_execute_path",
    impactStatement: "JNDI lookups are disabled by configuration.",
    timestamp: "2024-06-02T08:00:00.123456789-06:00",
    index: 0,
  });
});

test("timestamps: the statement's last_updated, else its timestamp, else the document's", () => {
  const statements = ok(
    doc([
      { vulnerability: { name: "CVE-1" }, products: ["pkg:npm/a"], status: "affected" },
      {
        vulnerability: { name: "CVE-1" },
        products: ["pkg:npm/a"],
        status: "fixed",
        timestamp: "2024-06-03T00:00:00Z",
      },
      {
        vulnerability: { name: "CVE-1" },
        products: ["pkg:npm/a"],
        status: "under_investigation",
        timestamp: "2024-06-03T00:00:00Z",
        last_updated: "2024-06-04T00:00:00+02:00",
      },
    ]),
  );
  assert.deepEqual(
    statements.map((s) => [s.index, s.status, s.timestamp]),
    [
      [0, "affected", "2024-06-01T10:00:00Z"],
      [1, "fixed", "2024-06-03T00:00:00Z"],
      [2, "under_investigation", "2024-06-04T00:00:00+02:00"],
    ],
  );
});

test("legacy layouts: a string vulnerability, string products, statement-level subcomponents, @id only", () => {
  const [a, b] = ok(
    doc([
      {
        vulnerability: "CVE-2023-1111",
        products: ["pkg:apk/wolfi/git@2.39.0-r1", "pkg:apk/wolfi/git@2.39.0-r2"],
        subcomponents: ["pkg:apk/wolfi/curl"],
        status: "not_affected",
        justification: "component_not_present",
      },
      {
        vulnerability: { "@id": "https://nvd.nist.gov/vuln/detail/CVE-2023-2222" },
        products: [{ "@id": "pkg:npm/a", subcomponents: [{ "@id": "pkg:npm/b" }] }],
        subcomponents: [{ "@id": "pkg:npm/c" }],
        status: "fixed",
      },
    ]),
  );
  assert.deepEqual(a!.vulnerability, { name: "CVE-2023-1111", aliases: [] });
  assert.deepEqual(a!.products, [
    { ids: ["pkg:apk/wolfi/git@2.39.0-r1"], subcomponents: [{ ids: ["pkg:apk/wolfi/curl"] }] },
    { ids: ["pkg:apk/wolfi/git@2.39.0-r2"], subcomponents: [{ ids: ["pkg:apk/wolfi/curl"] }] },
  ]);
  assert.deepEqual(b!.vulnerability, {
    name: "https://nvd.nist.gov/vuln/detail/CVE-2023-2222",
    aliases: ["CVE-2023-2222"],
  });
  assert.deepEqual(b!.products[0]!.subcomponents, [{ ids: ["pkg:npm/b"] }, { ids: ["pkg:npm/c"] }]);
});

test("not_affected with only an impact statement is valid; with neither it is not", () => {
  const [s] = ok(
    doc([
      {
        vulnerability: { name: "CVE-1" },
        products: ["pkg:npm/a"],
        status: "not_affected",
        impact_statement: "patched in our build",
      },
    ]),
  );
  assert.equal(s!.justification, null);
  assert.equal(s!.impactStatement, "patched in our build");
  assert.equal(
    error(
      doc([
        {
          vulnerability: { name: "CVE-1" },
          products: ["pkg:npm/a"],
          status: "not_affected",
          impact_statement: " ",
        },
      ]),
    ),
    `${FILE}: statements[0] (CVE-1): a not_affected statement needs a "justification" or an "impact_statement"`,
  );
});

test("errors name the file, the statement and the problem", () => {
  const s = (extra: Record<string, unknown>) => ({
    vulnerability: { name: "CVE-9" },
    products: ["pkg:npm/a"],
    status: "affected",
    ...extra,
  });
  const cases: [string, string][] = [
    ["{", `${FILE}: not valid JSON: `],
    ["[]", `${FILE}: not an OpenVEX document (expected a JSON object)`],
    [
      doc([s({})], { "@context": "https://cyclonedx.org" }),
      `${FILE}: "@context" is not https://openvex.dev/ns/...: not an OpenVEX document`,
    ],
    [doc([s({})], { statements: {} }), `${FILE}: "statements" must be a list`],
    [
      doc([s({ status: "not_afected" })]),
      `${FILE}: statements[0] (CVE-9): "status" must be one of not_affected, affected, fixed, under_investigation, got "not_afected"`,
    ],
    [
      doc([s({ status: "not_affected", justification: "no_reason" })]),
      `${FILE}: statements[0] (CVE-9): "justification" must be one of component_not_present, vulnerable_code_not_present, vulnerable_code_not_in_execute_path, vulnerable_code_cannot_be_controlled_by_adversary, inline_mitigations_already_exist, got "no_reason"`,
    ],
    [
      doc([s({}), s({ products: [] })]),
      `${FILE}: statements[1] (CVE-9): no "products": a statement must name what it is about`,
    ],
    [
      doc([s({ products: [{ "@id": "pkg:oci/app", subcomponent: [{ "@id": "pkg:npm/a" }] }] })]),
      `${FILE}: statements[0] (CVE-9).products[0]: unknown key "subcomponent"`,
    ],
    [
      doc([s({ products: [{ identifiers: {} }] })]),
      `${FILE}: statements[0] (CVE-9).products[0]: no identifier (@id, identifiers.purl or hashes)`,
    ],
    [
      doc([s({ products: [{ "@id": "pkg:oci/app", subcomponents: [{ name: "x" }] }] })]),
      `${FILE}: statements[0] (CVE-9).products[0].subcomponents: [0]: unknown key "name"`,
    ],
    [doc([s({ justifcation: "x" })]), `${FILE}: statements[0]: unknown key "justifcation"`],
    [
      doc([s({ vulnerability: { aliases: ["CVE-9"] } })]),
      `${FILE}: statements[0].vulnerability: missing "name"`,
    ],
    [
      doc([s({ vulnerability: 7 })]),
      `${FILE}: statements[0].vulnerability: expected an object with a name`,
    ],
    [
      doc([s({ timestamp: "yesterday" })]),
      `${FILE}: statements[0] (CVE-9): not an RFC 3339 date-time: "yesterday"`,
    ],
    [
      doc([s({})], { timestamp: undefined }),
      `${FILE}: statements[0] (CVE-9): no timestamp (neither the statement nor the document has one)`,
    ],
  ];
  for (const [text, message] of cases) {
    const got = error(text);
    if (message.endsWith("not valid JSON: ")) assert.ok(got.startsWith(message), got);
    else assert.equal(got, message);
  }
});

test("document-level extras are ignored; the ns URL without a version is accepted", () => {
  const statements = ok(
    doc([{ vulnerability: { name: "CVE-1" }, products: ["pkg:npm/a"], status: "fixed" }], {
      "@context": "https://openvex.dev/ns",
      tooling: "vexctl",
      role: "Maintainer",
      last_updated: "2024-06-05T00:00:00Z",
    }),
  );
  assert.equal(statements.length, 1);
});

test("vexReason and vexJustificationOf round-trip the justification", () => {
  const both = vexReason({
    justification: "component_not_present",
    impactStatement: "not shipped",
  });
  assert.equal(both, "component_not_present: not shipped");
  assert.equal(vexJustificationOf(both), "component_not_present");
  assert.equal(
    vexReason({ justification: "inline_mitigations_already_exist", impactStatement: null }),
    "inline_mitigations_already_exist",
  );
  assert.equal(
    vexJustificationOf("inline_mitigations_already_exist"),
    "inline_mitigations_already_exist",
  );
  assert.equal(vexReason({ justification: null, impactStatement: "custom patch" }), "custom patch");
  assert.equal(vexJustificationOf("custom patch"), null);
});
