import assert from "node:assert/strict";
import { test } from "node:test";
import type { VulnReport } from "../../vulndb/types.ts";
import { toVulnTable } from "./table.ts";
import { finding, pkg, shuffled, vulnReport } from "./testdata/vuln-report.ts";

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes
const ANSI = /\u001b\[[0-9;]*m/g;

function lines(out: string): string[] {
  return out.trimEnd().split("\n");
}

/** The cells of every table row (header rows included), in order. */
function rows(out: string): string[][] {
  return lines(out)
    .filter((l) => l.startsWith("│"))
    .map((l) =>
      l
        .split("│")
        .slice(1, -1)
        .map((c) => c.trim()),
    );
}

const HEAD = ["Package", "Installed", "Fixed", "ID", "Title", "Layer"];

test("header: target, OS, package count, database update time and its age at the scan", () => {
  const out = toVulnTable(vulnReport(), { color: false });
  assert.deepEqual(lines(out).slice(0, 4), [
    "Target:   registry.example.com/team/app:1.4.2 (image)",
    "OS:       Debian GNU/Linux 12 (bookworm)",
    "Packages: 10",
    "Database: updated 2024-06-30T06:34:56Z (30 hours before the scan)",
  ]);
  const old: VulnReport = {
    ...vulnReport(),
    db: { updatedAt: "2024-06-20T12:00:00Z", ecosystems: [] },
  };
  assert.equal(
    lines(toVulnTable(old, { color: false }))[3],
    "Database: updated 2024-06-20T12:00:00Z (11 days before the scan)",
  );
  const never: VulnReport = { ...vulnReport(), db: { updatedAt: null, ecosystems: [] } };
  assert.equal(lines(toVulnTable(never, { color: false }))[3], "Database: never updated");
});

test("one table per severity, CRITICAL first, only severities with findings, each with its count", () => {
  const out = toVulnTable(vulnReport(), { color: false });
  const headings = lines(out).filter((l) => /^[A-Z]+ \(\d+\)$/.test(l));
  assert.deepEqual(headings, ["CRITICAL (1)", "HIGH (3)", "MEDIUM (2)", "LOW (1)", "UNKNOWN (1)"]);
  const r = vulnReport();
  r.findings = r.findings.filter(
    (f) => f.severity.level === "MEDIUM" || f.severity.level === "LOW",
  );
  const some = lines(toVulnTable(r, { color: false })).filter((l) => /^[A-Z]+ \(\d+\)$/.test(l));
  assert.deepEqual(some, ["MEDIUM (2)", "LOW (1)"]);
});

test("rows: grouped by severity, sorted by package, version, id; every column", () => {
  const out = toVulnTable(vulnReport(), { color: false });
  assert.deepEqual(rows(out), [
    HEAD,
    [
      "libssl3",
      "3.0.13-1~deb12u1",
      "3.0.14-1~deb12u1",
      "CVE-2024-0001 (DSA-5700-1)",
      "openssl: a buffer overread in X.509 name checks",
      "8d853c8add5d",
    ],
    HEAD,
    [
      "libc6",
      "2.36-9+deb12u7",
      "will not fix",
      "CVE-2024-0003",
      "glibc: stack overflow in iconv",
      "8d853c8add5d",
    ],
    [
      "ms",
      "2.1.3",
      "2.1.4",
      "GHSA-3xx7-q6hm-8p8w",
      "ms vulnerable to inefficient regular expression complexity",
      "c4a7e9b2d1f0",
    ],
    [
      "ms",
      "2.1.3",
      "2.1.4",
      "GHSA-3xx7-q6hm-8p8w",
      "ms vulnerable to inefficient regular expression complexity",
      "c4a7e9b2d1f0",
    ],
    HEAD,
    [
      "commons-lang3",
      "3.14.0",
      "3.18.0",
      "CVE-2024-0007 (GHSA-j288-q9x7-2f5v)",
      "Apache Commons Lang: uncontrolled recursion in ClassUtils.g…",
      "c4a7e9b2d1f0",
    ],
    // The lowest fixed version; several aliases are counted.
    [
      "requests",
      "2.32.3",
      "2.32.4",
      "CVE-2024-0004 (+2)",
      "Requests leaks Proxy-Authorization headers on redirects",
      "1f8f2e4d3b0a",
    ],
    HEAD,
    [
      "bash",
      "5.2.15-2+b7",
      "no fix yet",
      "CVE-2022-0005",
      "bash: a crafted PS1 can read memory",
      "8d853c8add5d",
    ],
    HEAD,
    [
      "github.com/spf13/cobra",
      "v1.8.1",
      "v1.8.2",
      "GO-2024-0006",
      "Command injection through shell completion scripts generate…",
      "c4a7e9b2d1f0",
    ],
  ]);
});

test("fixed column: end of life in words; layer '-' when unknown; titles at most 60 characters", () => {
  const r = vulnReport();
  r.findings = [
    finding(
      "CVE-2024-1000",
      { ...pkg("bash"), layer: null },
      {
        status: "end_of_life",
        severity: { level: "LOW", score: null, source: "debian" },
        title: `${"x".repeat(59)}yz and more`,
      },
    ),
  ];
  const [, row] = rows(toVulnTable(r, { color: false }));
  assert.deepEqual(row, [
    "bash",
    "5.2.15-2+b7",
    "end of life",
    "CVE-2024-1000",
    `${"x".repeat(59)}…`,
    "-",
  ]);
  assert.equal([...row![4]!].length, 60);
});

test("totals, then the suppressed findings with id, package and reason, then the warnings", () => {
  const out = toVulnTable(vulnReport(), { color: false });
  const all = lines(out);
  const at = all.indexOf("Total: 8 (CRITICAL 1, HIGH 3, MEDIUM 2, LOW 1, UNKNOWN 1)");
  assert.ok(at > 0, out);
  assert.deepEqual(all.slice(at + 1), [
    "Suppressed: 2",
    "  CVE-2024-0008 spdx-correct 3.2.0: build-time only, never sees user input [ignore .drydockignore.yaml, expires 2027-01-31]",
    "  CVE-2024-0009 libc6 2.36-9+deb12u7: vulnerable_code_not_in_execute_path: the app never resolves host names [vex vex/app.openvex.json]",
    "",
    "Warnings (3):",
    "  - golang: no data for the Go standard library yet",
    "  - pypi: 1 package version could not be ordered (broken 1.0)",
    "  - the inventory is partial: 1 part could not be read, so packages (and their vulnerabilities) may be missing",
  ]);
});

test("no findings: says so, still totals and suppressed; no warnings section when there are none", () => {
  const r = vulnReport();
  const clean: VulnReport = {
    ...r,
    findings: [],
    suppressed: [],
    warnings: [],
    inventory: { ...r.inventory, problems: [], partial: false },
  };
  assert.deepEqual(lines(toVulnTable(clean, { color: false })).slice(4), [
    "",
    "No vulnerabilities found.",
    "",
    "Total: 0 (CRITICAL 0, HIGH 0, MEDIUM 0, LOW 0, UNKNOWN 0)",
    "Suppressed: 0",
  ]);
});

test("colour: ANSI only when asked, and the same text once the escapes are removed", () => {
  const plain = toVulnTable(vulnReport(), { color: false });
  const color = toVulnTable(vulnReport(), { color: true });
  assert.equal(plain.match(ANSI), null);
  assert.ok(color.includes("\u001b[91mCRITICAL (1)"), "CRITICAL in bright red");
  assert.ok(color.includes("\u001b[31mHIGH (3)"), "HIGH in red");
  assert.ok(color.includes("\u001b[33m"), "MEDIUM in yellow");
  assert.equal(color.replace(ANSI, ""), plain);
});

test("control characters from the image or the database cannot reach the terminal", () => {
  const r = vulnReport();
  r.findings = [
    finding(
      "CVE-2024-2000",
      { ...pkg("bash"), name: "ba\u001b[2Jsh" },
      { title: "evil\r\u001b]0;pwned\u0007 title" },
    ),
  ];
  r.warnings = ["bad\u001b[31m warning"];
  const out = toVulnTable(r, { color: false });
  assert.equal(out.includes("\u001b"), false);
  assert.equal(out.includes("\r"), false);
  assert.ok(out.includes("ba\ufffd[2Jsh"));
  assert.ok(out.includes("bad\ufffd[31m warning"));
});

test("deterministic: same report, same text, whatever the input order", () => {
  const a = toVulnTable(vulnReport(), { color: true });
  assert.equal(toVulnTable(vulnReport(), { color: true }), a);
  assert.equal(toVulnTable(shuffled(), { color: true }), a);
});
