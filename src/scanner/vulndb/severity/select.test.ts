import assert from "node:assert/strict";
import { test } from "node:test";
import type { OsvAffected, OsvRecord, OsvSeverity } from "../osv.ts";
import type { FixStatus, SeverityInfo } from "../types.ts";
import { fixStatusOf, severityOf } from "./select.ts";

// Vectors with known base scores (FIRST examples).
const V31_CRIT = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"; // 9.8
const V31_HIGH = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"; // 7.5
const V30_MED = "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N"; // 6.1
const V40_HIGH = "CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"; // 7.3
const V40_MED = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N"; // 5.1
const V31_NONE = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N"; // 0.0
const V2 = "AV:N/AC:L/Au:N/C:P/I:P/A:P";

const v3 = (score: string): OsvSeverity => ({ type: "CVSS_V3", score });
const v4 = (score: string): OsvSeverity => ({ type: "CVSS_V4", score });

function record(extra: Partial<OsvRecord> = {}): OsvRecord {
  return { id: "TEST-1", modified: "2026-01-01T00:00:00Z", ...extra };
}

function affected(extra: Partial<OsvAffected> = {}): OsvAffected {
  return { package: { ecosystem: "Debian:12", name: "openssl" }, ...extra };
}

const debian = (urgency: unknown) => affected({ ecosystem_specific: { urgency } });

const cvss = (level: SeverityInfo["level"], score: number, version: string, vector: string) => ({
  level,
  score,
  source: `cvss-v${version}`,
  vector,
});
const rated = (level: SeverityInfo["level"], source: string): SeverityInfo => ({
  level,
  score: null,
  source,
});
const NONE: SeverityInfo = { level: "UNKNOWN", score: null, source: "none" };

type Case = [string, OsvRecord, OsvAffected | null, string | null, SeverityInfo];

function run(cases: Case[]): void {
  for (const [label, rec, aff, family, want] of cases) {
    assert.deepEqual(severityOf(rec, aff, family), want, label);
  }
}

test("Debian: the security tracker urgency of the affected entry", () => {
  const withCvss = record({ severity: [v3(V31_CRIT)] });
  run([
    ["low", withCvss, debian("low"), "debian", rated("LOW", "debian")],
    ["unimportant is LOW", withCvss, debian("unimportant"), "debian", rated("LOW", "debian")],
    ["medium", withCvss, debian("medium"), "debian", rated("MEDIUM", "debian")],
    ["high", withCvss, debian("high"), "debian", rated("HIGH", "debian")],
    ["low*", withCvss, debian("low*"), "debian", rated("LOW", "debian")],
    ["medium**", withCvss, debian("medium**"), "debian", rated("MEDIUM", "debian")],
    ["high*", withCvss, debian("high*"), "debian", rated("HIGH", "debian")],
    ["case and spaces", withCvss, debian(" Medium "), "debian", rated("MEDIUM", "debian")],
    [
      "not yet assigned is no rating",
      withCvss,
      debian("not yet assigned"),
      "debian",
      cvss("CRITICAL", 9.8, "3.1", V31_CRIT),
    ],
    [
      "end-of-life is no rating",
      withCvss,
      debian("end-of-life"),
      "debian",
      cvss("CRITICAL", 9.8, "3.1", V31_CRIT),
    ],
    ["unknown word", withCvss, debian("urgent"), "debian", cvss("CRITICAL", 9.8, "3.1", V31_CRIT)],
    ["not a string", withCvss, debian(3), "debian", cvss("CRITICAL", 9.8, "3.1", V31_CRIT)],
    ["no urgency", withCvss, affected(), "debian", cvss("CRITICAL", 9.8, "3.1", V31_CRIT)],
    ["affected unknown", withCvss, null, "debian", cvss("CRITICAL", 9.8, "3.1", V31_CRIT)],
    [
      "language package: urgency not read",
      withCvss,
      debian("low"),
      null,
      cvss("CRITICAL", 9.8, "3.1", V31_CRIT),
    ],
    ["no other data", record(), debian("not yet assigned"), "debian", NONE],
  ]);
});

test("Ubuntu: the package priority, then the CVE priority (severity type Ubuntu)", () => {
  const ubuntu = (score: string): OsvSeverity => ({ type: "Ubuntu", score });
  const rec = (score: string) => record({ severity: [v3(V31_HIGH), ubuntu(score)] });
  const pkg = (p: string) =>
    affected({
      package: { ecosystem: "Ubuntu:22.04:LTS", name: "openssh" },
      ecosystem_specific: { ubuntu_priority: p },
    });
  run([
    ["negligible is LOW", rec("negligible"), null, "ubuntu", rated("LOW", "ubuntu")],
    ["low", rec("low"), null, "ubuntu", rated("LOW", "ubuntu")],
    ["medium beats the CVSS vector", rec("medium"), null, "ubuntu", rated("MEDIUM", "ubuntu")],
    ["high", rec("high"), null, "ubuntu", rated("HIGH", "ubuntu")],
    ["critical", rec("critical"), null, "ubuntu", rated("CRITICAL", "ubuntu")],
    ["case-insensitive", rec("High"), null, "ubuntu", rated("HIGH", "ubuntu")],
    ["package priority first", rec("low"), pkg("high"), "ubuntu", rated("HIGH", "ubuntu")],
    ["older records: package only", record(), pkg("negligible"), "ubuntu", rated("LOW", "ubuntu")],
    ["untriaged package", rec("medium"), pkg("untriaged"), "ubuntu", rated("MEDIUM", "ubuntu")],
    [
      "affected severity list",
      record(),
      affected({ severity: [ubuntu("critical")] }),
      "ubuntu",
      rated("CRITICAL", "ubuntu"),
    ],
    ["untriaged everywhere", rec("untriaged"), null, "ubuntu", cvss("HIGH", 7.5, "3.1", V31_HIGH)],
    [
      "type spelled in capitals",
      record({ severity: [{ type: "UBUNTU", score: "low" }] }),
      null,
      "ubuntu",
      rated("LOW", "ubuntu"),
    ],
    // The family picks the reader: Debian images do not read Ubuntu priorities, and back.
    ["Ubuntu rating on Debian", rec("low"), null, "debian", cvss("HIGH", 7.5, "3.1", V31_HIGH)],
    ["Debian urgency on Ubuntu", record(), debian("high"), "ubuntu", NONE],
    ["language package", rec("low"), null, null, cvss("HIGH", 7.5, "3.1", V31_HIGH)],
  ]);
});

test("Red Hat: the impact rating of the affected entry, the record, or the title", () => {
  const rh = (severity: string) => affected({ database_specific: { severity } });
  const withCvss = (extra: Partial<OsvRecord> = {}) =>
    record({ severity: [v3(V31_CRIT)], ...extra });
  run([
    ["Low", withCvss(), rh("Low"), "redhat", rated("LOW", "redhat")],
    ["Moderate", withCvss(), rh("Moderate"), "redhat", rated("MEDIUM", "redhat")],
    ["Important", withCvss(), rh("Important"), "redhat", rated("HIGH", "redhat")],
    ["Critical", record(), rh("Critical"), "redhat", rated("CRITICAL", "redhat")],
    [
      "record level",
      withCvss({ database_specific: { severity: "Moderate" } }),
      null,
      "redhat",
      rated("MEDIUM", "redhat"),
    ],
    [
      "affected before record",
      withCvss({ database_specific: { severity: "Low" } }),
      rh("Important"),
      "redhat",
      rated("HIGH", "redhat"),
    ],
    [
      "title prefix (RHSA/ALSA/RLSA summaries)",
      withCvss({ summary: "Important: nodejs:22 security update" }),
      null,
      "redhat",
      rated("HIGH", "redhat"),
    ],
    [
      "record field before title",
      withCvss({ summary: "Low: x", database_specific: { severity: "Critical" } }),
      null,
      "redhat",
      rated("CRITICAL", "redhat"),
    ],
    [
      "title without a rating",
      withCvss({ summary: "kernel security update" }),
      null,
      "redhat",
      cvss("CRITICAL", 9.8, "3.1", V31_CRIT),
    ],
    ["rhel alias", record(), rh("Moderate"), "rhel", rated("MEDIUM", "redhat")],
    ["rocky alias", record(), rh("Moderate"), "rocky", rated("MEDIUM", "redhat")],
    ["almalinux alias", record(), rh("Moderate"), "AlmaLinux", rated("MEDIUM", "redhat")],
    [
      "a GitHub label is not a Red Hat rating",
      record({ database_specific: { severity: "HIGH" } }),
      null,
      "redhat",
      rated("HIGH", "ghsa"),
    ],
    [
      "Red Hat fields ignored for language packages",
      withCvss({ summary: "Low: x" }),
      rh("Low"),
      null,
      cvss("CRITICAL", 9.8, "3.1", V31_CRIT),
    ],
  ]);
});

test("Alpine and unknown families: no distribution rating, CVSS decides", () => {
  const rec = record({ severity: [v4(V40_HIGH)] });
  run([
    ["alpine", rec, affected(), "alpine", cvss("HIGH", 7.3, "4.0", V40_HIGH)],
    [
      "alpine with urgency-like data",
      rec,
      debian("low"),
      "alpine",
      cvss("HIGH", 7.3, "4.0", V40_HIGH),
    ],
    ["unknown family", rec, debian("low"), "wolfi", cvss("HIGH", 7.3, "4.0", V40_HIGH)],
    ["alpine, nothing", record(), affected(), "alpine", NONE],
  ]);
});

test("CVSS: v4.0 over v3.1 over v3.0; the affected entry's list before the record's", () => {
  run([
    [
      "v4.0 preferred in one list whatever the order",
      record({ severity: [v3(V30_MED), v3(V31_CRIT), v4(V40_HIGH)] }),
      null,
      null,
      cvss("HIGH", 7.3, "4.0", V40_HIGH),
    ],
    [
      "v3.1 over v3.0",
      record({ severity: [v3(V30_MED), v3(V31_HIGH)] }),
      null,
      null,
      cvss("HIGH", 7.5, "3.1", V31_HIGH),
    ],
    [
      "v3.0 alone",
      record({ severity: [v3(V30_MED)] }),
      null,
      null,
      cvss("MEDIUM", 6.1, "3.0", V30_MED),
    ],
    [
      "first of the same version",
      record({ severity: [v3(V31_HIGH), v3(V31_CRIT)] }),
      null,
      null,
      cvss("HIGH", 7.5, "3.1", V31_HIGH),
    ],
    [
      "affected list wins, even with an older version",
      record({ severity: [v4(V40_HIGH)] }),
      affected({ severity: [v3(V30_MED)] }),
      null,
      cvss("MEDIUM", 6.1, "3.0", V30_MED),
    ],
    [
      "affected list without a valid vector: the record's",
      record({ severity: [v3(V31_CRIT)] }),
      affected({ severity: [v4("CVSS:4.0/AV:N"), v3(V2), { type: "CVSS_V2", score: V2 }] }),
      null,
      cvss("CRITICAL", 9.8, "3.1", V31_CRIT),
    ],
    [
      "malformed v4.0 skipped for a valid v3.1",
      record({ severity: [v4(`${V40_HIGH}/VC:L`), v3(V31_HIGH)] }),
      null,
      null,
      cvss("HIGH", 7.5, "3.1", V31_HIGH),
    ],
    [
      "a v4.0 vector filed as CVSS_V3 is still v4.0",
      record({ severity: [v3(V31_CRIT), v3(V40_MED)] }),
      null,
      null,
      cvss("MEDIUM", 5.1, "4.0", V40_MED),
    ],
    [
      "CVSS v2 is never used",
      record({ severity: [{ type: "CVSS_V2", score: V2 }] }),
      null,
      null,
      NONE,
    ],
    [
      "other severity types are not CVSS",
      record({ severity: [{ type: "Ubuntu", score: V31_CRIT }] }),
      null,
      null,
      NONE,
    ],
    [
      "zero score: UNKNOWN, but scored",
      record({ severity: [v3(V31_NONE)] }),
      null,
      null,
      cvss("UNKNOWN", 0, "3.1", V31_NONE),
    ],
    [
      "vector white space trimmed",
      record({ severity: [v3(` ${V31_CRIT} `)] }),
      null,
      null,
      cvss("CRITICAL", 9.8, "3.1", V31_CRIT),
    ],
  ]);
});

test("GitHub advisory label when there is no usable vector", () => {
  const ghsa = (severity: unknown) => record({ id: "GHSA-xxxx", database_specific: { severity } });
  run([
    ["LOW", ghsa("LOW"), null, null, rated("LOW", "ghsa")],
    ["MODERATE is MEDIUM", ghsa("MODERATE"), null, null, rated("MEDIUM", "ghsa")],
    ["HIGH", ghsa("HIGH"), null, null, rated("HIGH", "ghsa")],
    ["CRITICAL", ghsa("CRITICAL"), null, null, rated("CRITICAL", "ghsa")],
    ["unknown label", ghsa("SEVERE"), null, null, NONE],
    ["not a string", ghsa(9), null, null, NONE],
    [
      "a vector beats the label",
      record({ severity: [v3(V31_HIGH)], database_specific: { severity: "LOW" } }),
      null,
      null,
      cvss("HIGH", 7.5, "3.1", V31_HIGH),
    ],
    [
      "an unusable vector does not",
      record({ severity: [v3(V2)], database_specific: { severity: "MODERATE" } }),
      null,
      null,
      rated("MEDIUM", "ghsa"),
    ],
    [
      "the distribution beats the label",
      ghsa("CRITICAL"),
      debian("low"),
      "debian",
      rated("LOW", "debian"),
    ],
    [
      "the affected entry's label is not read",
      record(),
      affected({ database_specific: { severity: "HIGH" } }),
      null,
      NONE,
    ],
  ]);
});

test("nothing at all: UNKNOWN from none, without a vector", () => {
  const got = severityOf(record(), null, null);
  assert.deepEqual(got, NONE);
  assert.equal("vector" in got, false);
  assert.deepEqual(severityOf(record({ severity: [], affected: [] }), affected(), "debian"), NONE);
});

test("records shaped like the published ones", () => {
  // UBUNTU-CVE-2024-6387 (regreSSHion): CVSS 8.1 and Ubuntu priority high.
  const ubuntu = record({
    id: "UBUNTU-CVE-2024-6387",
    severity: [
      { type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H" },
      { type: "Ubuntu", score: "high" },
    ],
  });
  assert.deepEqual(severityOf(ubuntu, null, "ubuntu"), rated("HIGH", "ubuntu"));
  // The same record for a language package: the vector, 8.1.
  assert.deepEqual(
    severityOf(ubuntu, null, null),
    cvss("HIGH", 8.1, "3.1", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H"),
  );
  // An RHSA: the rating is in the title, the record also has a vector.
  const rhsa = record({
    id: "RHSA-2026:76750",
    summary: "Important: nodejs:22 security update",
    severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H" }],
  });
  assert.deepEqual(severityOf(rhsa, null, "redhat"), rated("HIGH", "redhat"));
  // A GHSA with both vector kinds: v4.0 decides.
  const ghsa = record({
    id: "GHSA-35q8-9mj6-wjmf",
    severity: [
      { type: "CVSS_V3", score: V31_CRIT },
      { type: "CVSS_V4", score: "CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N" },
    ],
    database_specific: { severity: "HIGH", github_reviewed: true },
  });
  assert.deepEqual(
    severityOf(ghsa, null, null),
    cvss("HIGH", 7.7, "4.0", "CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"),
  );
});

test("fixStatusOf: a known fix always wins", () => {
  for (const a of [
    affected(),
    affected({ ecosystem_specific: { status: "will-not-fix" } }),
    debian("end-of-life"),
  ]) {
    assert.equal(fixStatusOf(a, true), "fixed");
  }
});

test("fixStatusOf: tracker states without a fix", () => {
  const es = (extra: Record<string, unknown>) => affected({ ecosystem_specific: extra });
  const ds = (extra: Record<string, unknown>) => affected({ database_specific: extra });
  const cases: [string, OsvAffected, FixStatus][] = [
    ["Debian no-dsa", es({ status: "no-dsa" }), "will_not_fix"],
    ["Debian tracker tag <no-dsa>", es({ status: "<no-dsa>" }), "will_not_fix"],
    ["Debian ignored", es({ status: "ignored" }), "will_not_fix"],
    ["Debian postponed", es({ status: "postponed" }), "will_not_fix"],
    ["will-not-fix", es({ status: "will-not-fix" }), "will_not_fix"],
    ["wontfix", es({ status: "wontfix" }), "will_not_fix"],
    ["Ubuntu deferred", es({ status: "deferred" }), "will_not_fix"],
    ["Red Hat Will not fix", ds({ status: "Will not fix" }), "will_not_fix"],
    ["Red Hat Fix deferred", ds({ status: "Fix deferred" }), "will_not_fix"],
    ["upper case, underscores", ds({ status: "WILL_NOT_FIX" }), "will_not_fix"],
    ["status end-of-life", es({ status: "end-of-life" }), "end_of_life"],
    ["tracker tag <end-of-life>", es({ status: "<end-of-life>" }), "end_of_life"],
    ["Red Hat Out of support scope", ds({ status: "Out of support scope" }), "end_of_life"],
    ["Debian urgency end-of-life", debian("end-of-life"), "end_of_life"],
    [
      "unrecognised status, then the urgency",
      es({ status: "open", urgency: "end-of-life" }),
      "end_of_life",
    ],
    [
      "ecosystem status before urgency",
      es({ status: "postponed", urgency: "end-of-life" }),
      "will_not_fix",
    ],
    [
      "ecosystem status before database status",
      affected({
        ecosystem_specific: { status: "end-of-life" },
        database_specific: { status: "wontfix" },
      }),
      "end_of_life",
    ],
    [
      "database status before urgency",
      affected({
        ecosystem_specific: { urgency: "end-of-life" },
        database_specific: { status: "ignored" },
      }),
      "will_not_fix",
    ],
    ["urgency unimportant", debian("unimportant"), "unfixed"],
    ["urgency not yet assigned", debian("not yet assigned"), "unfixed"],
    ["urgency low*", debian("low*"), "unfixed"],
    ["Ubuntu needed", es({ status: "needed" }), "unfixed"],
    ["Red Hat Affected", ds({ status: "Affected" }), "unfixed"],
    ["status not a string", es({ status: ["no-dsa"] }), "unfixed"],
    ["language package", affected({ package: { ecosystem: "npm", name: "lodash" } }), "unfixed"],
    ["empty status", es({ status: "" }), "unfixed"],
  ];
  for (const [label, a, want] of cases) {
    assert.equal(fixStatusOf(a, false), want, label);
  }
});
