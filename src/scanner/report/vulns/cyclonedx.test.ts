import assert from "node:assert/strict";
import { test } from "node:test";
import * as CDX from "@cyclonedx/cyclonedx-library";
import type { VulnReport } from "../../vulndb/types.ts";
import { toCycloneDx } from "../cyclonedx.ts";
import { toVulnCycloneDx } from "./cyclonedx.ts";
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

interface Vuln {
  "bom-ref": string;
  id: string;
  source: { name: string; url: string };
  references?: { id: string; source: { name: string; url: string } }[];
  ratings: {
    score?: number;
    severity: string;
    method?: string;
    vector?: string;
    source?: { name: string };
  }[];
  description?: string;
  recommendation?: string;
  advisories?: { url: string }[];
  affects: { ref: string; versions: { version: string; status: string }[] }[];
  analysis?: { state: string; justification?: string; detail?: string };
  properties?: { name: string; value: string }[];
}

function bom(r: VulnReport = vulnReport()) {
  return JSON.parse(toVulnCycloneDx(r));
}

function vulns(r?: VulnReport): Vuln[] {
  return bom(r).vulnerabilities ?? [];
}

const validator = new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot6);

test("valid CycloneDX 1.6 (the library's strict JSON schema validator)", async () => {
  const out = toVulnCycloneDx(vulnReport());
  assert.equal(await validator.validate(out), null);
  // The validator does reject: a rating method 1.6 does not define.
  assert.notEqual(
    await validator.validate(out.replace('"method": "CVSSv31"', '"method": "CVSSv9"')),
    null,
  );
  // No findings at all: still valid, no vulnerabilities key.
  const empty = toVulnCycloneDx({ ...vulnReport(), findings: [], suppressed: [] });
  assert.equal(await validator.validate(empty), null);
  assert.equal("vulnerabilities" in JSON.parse(empty), false);
});

test("components, metadata and dependencies are the inventory's BOM; the serial number is its own", () => {
  const r = vulnReport();
  const inv = JSON.parse(toCycloneDx(r.inventory));
  const doc = bom(r);
  assert.equal(doc.specVersion, "1.6");
  assert.deepEqual(doc.components, inv.components);
  assert.deepEqual(doc.metadata, inv.metadata);
  assert.deepEqual(doc.dependencies, inv.dependencies);
  assert.match(
    doc.serialNumber,
    /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
  );
  assert.notEqual(doc.serialNumber, inv.serialNumber);
  // A change in the findings alone gives a new serial number.
  const other = vulnReport();
  other.findings[0]!.fixedVersions = ["2.32.5"];
  assert.notEqual(bom(other).serialNumber, doc.serialNumber);
  assert.deepEqual(Object.keys(doc).slice(-2), ["dependencies", "vulnerabilities"]);
});

test("one vulnerability per finding in report order, then the suppressed ones; affects the component", () => {
  const doc = bom();
  const list: Vuln[] = doc.vulnerabilities;
  assert.equal(list.length, COUNTS.total + COUNTS.suppressed);
  const components = new Map<string, { name: string; purl: string }>(
    doc.components.map((c: { "bom-ref": string; name: string; purl: string }) => [c["bom-ref"], c]),
  );
  assert.deepEqual(
    list
      .slice(0, COUNTS.total)
      .map((v) => [
        v.ratings[0]!.severity.toUpperCase(),
        components.get(v.affects[0]!.ref)?.name,
        v.id,
      ]),
    ORDER,
  );
  assert.deepEqual(
    list.slice(COUNTS.total).map((v) => v.id),
    ["CVE-2024-0008", "CVE-2024-0009"],
  );
  // The same advisory in two copies of ms: two entries, each naming its own component.
  const ms = list.filter((v) => v.id === "GHSA-3xx7-q6hm-8p8w");
  assert.deepEqual(
    ms.map((v) => v.affects),
    [
      [
        {
          ref: `pkg:npm/ms@2.1.3|${MS_NESTED}`,
          versions: [{ version: "2.1.3", status: "affected" }],
        },
      ],
      [{ ref: `pkg:npm/ms@2.1.3|${MS_TOP}`, versions: [{ version: "2.1.3", status: "affected" }] }],
    ],
  );
  const refs = [
    ...doc.components.map((c: { "bom-ref": string }) => c["bom-ref"]),
    ...list.map((v) => v["bom-ref"]),
  ];
  assert.equal(new Set(refs).size, refs.length, "bom-refs are unique");
});

test("id, source, references to aliases, description, advisories, recommendation", () => {
  const list = vulns();
  const ssl = list.find((v) => v.id === "CVE-2024-0001")!;
  assert.deepEqual(ssl.source, {
    name: "NVD",
    url: "https://nvd.nist.gov/vuln/detail/CVE-2024-0001",
  });
  assert.deepEqual(ssl.references, [
    { id: "DSA-5700-1", source: { name: "OSV", url: "https://osv.dev/vulnerability/DSA-5700-1" } },
  ]);
  assert.equal(ssl.description, "openssl: a buffer overread in X.509 name checks");
  assert.deepEqual(ssl.advisories, [
    { url: "https://security-tracker.debian.org/tracker/CVE-2024-0001" },
  ]);
  assert.equal(ssl.recommendation, "Upgrade to 3.0.14-1~deb12u1");
  const requests = list.find((v) => v.id === "CVE-2024-0004")!;
  assert.deepEqual(
    requests.references!.map((x) => [x.id, x.source.name]),
    [
      ["GHSA-9wx4-h78v-vm56", "GitHub"],
      ["PYSEC-2024-60", "OSV"],
    ],
  );
  assert.equal(requests.recommendation, "Upgrade to 2.32.4", "the lowest fixed version");
  const ghsa = list.find((v) => v.id === "GHSA-3xx7-q6hm-8p8w")!;
  assert.deepEqual(ghsa.source, {
    name: "GitHub",
    url: "https://github.com/advisories/GHSA-3xx7-q6hm-8p8w",
  });
  // No fix: no recommendation; the status is a property.
  const libc = list.find((v) => v.id === "CVE-2024-0003")!;
  assert.equal(libc.recommendation, undefined);
  assert.deepEqual(
    libc.properties!.filter((p) => p.name === "drydock:fix:status").map((p) => p.value),
    ["will_not_fix"],
  );
});

test("ratings: CVSS method, score and vector; a distribution's label as method other; unknown", () => {
  const byId = new Map(vulns().map((v) => [v.id, v]));
  assert.deepEqual(byId.get("CVE-2024-0001")!.ratings, [
    {
      score: 9.8,
      severity: "critical",
      method: "CVSSv31",
      vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    },
  ]);
  assert.deepEqual(byId.get("CVE-2024-0004")!.ratings, [
    {
      score: 5.3,
      severity: "medium",
      method: "CVSSv4",
      vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N",
    },
  ]);
  assert.deepEqual(byId.get("CVE-2024-0007")!.ratings[0]!.method, "CVSSv3");
  assert.deepEqual(byId.get("CVE-2024-0003")!.ratings, [
    { source: { name: "debian" }, severity: "high", method: "other" },
  ]);
  assert.deepEqual(byId.get("GHSA-3xx7-q6hm-8p8w")!.ratings, [
    { source: { name: "ghsa" }, severity: "high", method: "other" },
  ]);
  assert.deepEqual(byId.get("GO-2024-0006")!.ratings, [{ severity: "unknown" }]);
});

test("analysis: VEX not_affected with the justification mapped; ignore entries in_triage with the reason", () => {
  const byId = new Map(vulns().map((v) => [v.id, v]));
  const vex = byId.get("CVE-2024-0009")!;
  assert.deepEqual(vex.analysis, {
    state: "not_affected",
    justification: "code_not_reachable",
    detail: "vulnerable_code_not_in_execute_path: the app never resolves host names",
  });
  assert.equal(vex.affects[0]!.versions[0]!.status, "unaffected");
  const ignored = byId.get("CVE-2024-0008")!;
  assert.deepEqual(ignored.analysis, {
    state: "in_triage",
    detail: "build-time only, never sees user input",
  });
  assert.equal(ignored.affects[0]!.versions[0]!.status, "affected");
  assert.deepEqual(
    ignored.properties!.filter((p) => p.name.startsWith("drydock:suppression:")),
    [
      { name: "drydock:suppression:kind", value: "ignore" },
      { name: "drydock:suppression:source", value: ".drydockignore.yaml" },
      { name: "drydock:suppression:expires", value: "2027-01-31" },
    ],
  );
  assert.equal(byId.get("CVE-2024-0001")!.analysis, undefined);
});

test("every OpenVEX justification maps to a CycloneDX one; an impact statement alone maps to none", async () => {
  const expected: [string, string | undefined][] = [
    ["component_not_present: gone", "code_not_present"],
    ["vulnerable_code_not_present", "code_not_present"],
    ["vulnerable_code_not_in_execute_path", "code_not_reachable"],
    ["vulnerable_code_cannot_be_controlled_by_adversary: input is fixed", "requires_environment"],
    ["inline_mitigations_already_exist", "protected_by_mitigating_control"],
    ["we patched it ourselves", undefined],
  ];
  const r = vulnReport();
  r.findings = [];
  r.suppressed = expected.map(([reason], i) => ({
    ...finding(`CVE-2024-90${i}0`, pkg("bash")),
    suppression: { kind: "vex" as const, reason, source: "v.json" },
  }));
  const out = toVulnCycloneDx(r);
  assert.equal(await validator.validate(out), null);
  assert.deepEqual(
    JSON.parse(out).vulnerabilities.map((v: Vuln) => [
      v.analysis!.detail,
      v.analysis!.justification,
    ]),
    expected,
  );
});

test("a finding whose package the inventory does not list still points at a component", async () => {
  const r = vulnReport();
  const stray = {
    ...pkg("bash"),
    name: "zlib1g",
    purl: "pkg:deb/debian/zlib1g@1.2.13",
    version: "1.2.13",
  };
  r.findings = [finding("CVE-2024-4000", stray)];
  const doc = bom(r);
  assert.equal(await validator.validate(JSON.stringify(doc)), null);
  const ref = doc.vulnerabilities[0].affects[0].ref;
  assert.equal(ref, "pkg:deb/debian/zlib1g@1.2.13");
  assert.ok(doc.components.some((c: { "bom-ref": string }) => c["bom-ref"] === ref));
  assert.equal(doc.components.length, r.inventory.packages.length + 1);
});

test("deterministic: same report, same bytes, whatever the input order", () => {
  const a = toVulnCycloneDx(vulnReport());
  assert.equal(toVulnCycloneDx(vulnReport()), a);
  assert.equal(toVulnCycloneDx(shuffled()), a);
});
