import assert from "node:assert/strict";
import { test } from "node:test";
import type { Severity, VulnReport } from "../../vulndb/types.ts";
import { SEVERITY_ORDER } from "./common.ts";
import { toVulnCycloneDx } from "./cyclonedx.ts";
import { toVulnJson, VulnJson } from "./json.ts";
import { toVulnSarif } from "./sarif.ts";
import { toVulnTable } from "./table.ts";
import { COUNTS, finding, pkg, vulnReport } from "./testdata/vuln-report.ts";

type Counts = Record<Severity | "total" | "suppressed", number>;

function empty(): Counts {
  return { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0, total: 0, suppressed: 0 };
}

/** Counts as each format shows them, read back from its output. */
function fromTable(r: VulnReport): Counts {
  const out = toVulnTable(r, { color: false });
  const m =
    /^Total: (\d+) \(CRITICAL (\d+), HIGH (\d+), MEDIUM (\d+), LOW (\d+), UNKNOWN (\d+)\)$/m.exec(
      out,
    )!;
  const s = /^Suppressed: (\d+)$/m.exec(out)!;
  return {
    total: Number(m[1]),
    CRITICAL: Number(m[2]),
    HIGH: Number(m[3]),
    MEDIUM: Number(m[4]),
    LOW: Number(m[5]),
    UNKNOWN: Number(m[6]),
    suppressed: Number(s[1]),
  };
}

function fromJson(r: VulnReport): Counts {
  const d = VulnJson.parse(JSON.parse(toVulnJson(r)));
  // The summary agrees with the lists it sums up.
  for (const level of SEVERITY_ORDER)
    assert.equal(
      d.summary.bySeverity[level],
      d.findings.filter((f) => f.severity.level === level).length,
    );
  return { ...d.summary.bySeverity, total: d.findings.length, suppressed: d.suppressed.length };
}

function fromSarif(r: VulnReport): Counts {
  const results: { properties: { severity: Severity }; suppressions?: unknown[] }[] = JSON.parse(
    toVulnSarif(r),
  ).runs[0].results;
  const c = empty();
  for (const x of results) {
    if (x.suppressions) c.suppressed += 1;
    else {
      c.total += 1;
      c[x.properties.severity] += 1;
    }
  }
  return c;
}

function fromCycloneDx(r: VulnReport): Counts {
  const list: { ratings: { severity: string }[]; analysis?: unknown }[] =
    JSON.parse(toVulnCycloneDx(r)).vulnerabilities ?? [];
  const c = empty();
  for (const v of list) {
    if (v.analysis) c.suppressed += 1;
    else {
      c.total += 1;
      c[v.ratings[0]!.severity.toUpperCase() as Severity] += 1;
    }
  }
  return c;
}

function all(r: VulnReport): Record<string, Counts> {
  return {
    table: fromTable(r),
    json: fromJson(r),
    sarif: fromSarif(r),
    cyclonedx: fromCycloneDx(r),
  };
}

test("the four formats show the same counts per severity, total and suppressed", () => {
  const expected = { ...COUNTS };
  for (const [format, counts] of Object.entries(all(vulnReport())))
    assert.deepEqual(counts, expected, format);
});

test("…for an empty report and for one with a single severity too", () => {
  const none = { ...vulnReport(), findings: [], suppressed: [] };
  for (const [format, counts] of Object.entries(all(none)))
    assert.deepEqual(counts, empty(), format);
  const one = {
    ...vulnReport(),
    findings: [
      finding("CVE-1", pkg("bash"), { severity: { level: "LOW", score: 2, source: "cvss-v3.1" } }),
    ],
    suppressed: [],
  };
  for (const [format, counts] of Object.entries(all(one)))
    assert.deepEqual(counts, { ...empty(), LOW: 1, total: 1 }, format);
});

test("the same suppressed findings with the same reasons everywhere", () => {
  const r = vulnReport();
  const reasons = r.suppressed.map((s) => s.suppression.reason).sort();
  const table = toVulnTable(r, { color: false });
  for (const reason of reasons) assert.ok(table.includes(reason), reason);
  assert.deepEqual(
    VulnJson.parse(JSON.parse(toVulnJson(r)))
      .suppressed.map((s) => s.suppression.reason)
      .sort(),
    reasons,
  );
  assert.deepEqual(
    JSON.parse(toVulnSarif(r))
      .runs[0].results.filter((x: { suppressions?: unknown }) => x.suppressions)
      .map((x: { suppressions: { justification: string }[] }) => x.suppressions[0]!.justification)
      .sort(),
    reasons,
  );
  assert.deepEqual(
    JSON.parse(toVulnCycloneDx(r))
      .vulnerabilities.filter((v: { analysis?: unknown }) => v.analysis)
      .map((v: { analysis: { detail: string } }) => v.analysis.detail)
      .sort(),
    reasons,
  );
});
