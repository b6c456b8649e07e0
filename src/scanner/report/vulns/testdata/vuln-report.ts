import type { Package } from "../../../catalog/types.ts";
import type { SuppressedFinding, VulnFinding, VulnReport } from "../../../vulndb/types.ts";
import { report as inventory, packages } from "../../testdata/inventory-report.ts";

/**
 * Test fixture: findings on the inventory fixture (a Debian 12 image with npm, Python, Go and
 * Maven packages). Every severity, a finding with no fix, one that will not be fixed, the same
 * advisory at two paths of one package, one suppressed by the ignore file and one by VEX.
 * Deliberately not in output order: every format must sort.
 */
export function pkg(name: string, path?: string): VulnFinding["package"] {
  const p = packages().find((x) => x.name === name && (path === undefined || x.path === path));
  if (!p) throw new Error(`no package ${name} in the inventory fixture`);
  const out: VulnFinding["package"] = {
    type: p.type,
    name: p.name,
    version: p.version,
    purl: p.purl,
    path: p.path,
    layer: p.layer ?? null,
  };
  if (p.source) out.source = { ...p.source };
  return out;
}

export function finding(
  id: string,
  p: VulnFinding["package"],
  over: Partial<Omit<VulnFinding, "package" | "id">> = {},
): VulnFinding {
  return {
    id,
    aliases: [],
    advisories: [id],
    package: p,
    ecosystem: ecosystemOf(p.type),
    matchedBy: { name: p.name, version: p.version, via: "package" },
    fixedVersions: [],
    status: "unfixed",
    severity: { level: "UNKNOWN", score: null, source: "none" },
    title: `${id} in ${p.name}`,
    urls: [],
    ...over,
  };
}

function ecosystemOf(type: Package["type"]): string {
  const map: Partial<Record<Package["type"], string>> = {
    deb: "Debian:12",
    npm: "npm",
    pypi: "PyPI",
    golang: "Go",
    maven: "Maven",
  };
  return map[type] ?? type;
}

export const MS_NESTED = "/usr/src/app/node_modules/debug/node_modules/ms/package.json";
export const MS_TOP = "/usr/src/app/node_modules/ms/package.json";

export function findings(): VulnFinding[] {
  return [
    finding("CVE-2024-0004", pkg("requests"), {
      aliases: ["GHSA-9wx4-h78v-vm56", "PYSEC-2024-60"],
      advisories: ["GHSA-9wx4-h78v-vm56", "PYSEC-2024-60"],
      fixedVersions: ["2.32.4", "2.33.0"],
      status: "fixed",
      severity: {
        level: "MEDIUM",
        score: 5.3,
        source: "cvss-v4.0",
        vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N",
      },
      title: "Requests leaks Proxy-Authorization headers on redirects",
      urls: ["https://github.com/advisories/GHSA-9wx4-h78v-vm56", "https://osv.dev/PYSEC-2024-60"],
    }),
    finding("GHSA-3xx7-q6hm-8p8w", pkg("ms", MS_TOP), {
      fixedVersions: ["2.1.4"],
      status: "fixed",
      severity: { level: "HIGH", score: null, source: "ghsa" },
      title: "ms vulnerable to inefficient regular expression complexity",
      urls: ["https://github.com/advisories/GHSA-3xx7-q6hm-8p8w"],
    }),
    finding("CVE-2022-0005", pkg("bash"), {
      ecosystem: "Debian:12",
      matchedBy: { name: "bash", version: "5.2.15-2", via: "source" },
      severity: { level: "LOW", score: null, source: "debian" },
      title: "bash: a crafted PS1 can read memory",
    }),
    finding("CVE-2024-0001", pkg("libssl3"), {
      aliases: ["DSA-5700-1"],
      advisories: ["DEBIAN-CVE-2024-0001", "DSA-5700-1"],
      matchedBy: { name: "openssl", version: "3.0.13-1~deb12u1", via: "source" },
      fixedVersions: ["3.0.14-1~deb12u1"],
      status: "fixed",
      severity: {
        level: "CRITICAL",
        score: 9.8,
        source: "cvss-v3.1",
        vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
      },
      title: "openssl: a buffer overread in X.509 name checks",
      urls: ["https://security-tracker.debian.org/tracker/CVE-2024-0001"],
    }),
    finding("GO-2024-0006", pkg("github.com/spf13/cobra"), {
      fixedVersions: ["v1.8.2"],
      status: "fixed",
      title:
        "Command injection through shell completion scripts generated for unusual program names in cobra",
      urls: ["https://pkg.go.dev/vuln/GO-2024-0006"],
    }),
    finding("CVE-2024-0003", pkg("libc6"), {
      matchedBy: { name: "glibc", version: "2.36-9+deb12u7", via: "source" },
      status: "will_not_fix",
      severity: { level: "HIGH", score: null, source: "debian" },
      title: "glibc: stack overflow in iconv",
    }),
    finding("GHSA-3xx7-q6hm-8p8w", pkg("ms", MS_NESTED), {
      fixedVersions: ["2.1.4"],
      status: "fixed",
      severity: { level: "HIGH", score: null, source: "ghsa" },
      title: "ms vulnerable to inefficient regular expression complexity",
      urls: ["https://github.com/advisories/GHSA-3xx7-q6hm-8p8w"],
    }),
    finding("CVE-2024-0007", pkg("commons-lang3"), {
      aliases: ["GHSA-j288-q9x7-2f5v"],
      fixedVersions: ["3.18.0"],
      status: "fixed",
      severity: {
        level: "MEDIUM",
        score: 6.5,
        source: "cvss-v3.0",
        vector: "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
      },
      title: "Apache Commons Lang: uncontrolled recursion in ClassUtils.getClass",
      urls: ["https://nvd.nist.gov/vuln/detail/CVE-2024-0007"],
    }),
  ];
}

export function suppressed(): SuppressedFinding[] {
  return [
    {
      ...finding("CVE-2024-0009", pkg("libc6"), {
        matchedBy: { name: "glibc", version: "2.36-9+deb12u7", via: "source" },
        fixedVersions: ["2.36-9+deb12u8"],
        status: "fixed",
        severity: { level: "MEDIUM", score: 5.9, source: "cvss-v3.1" },
        title: "glibc: getaddrinfo use-after-free",
      }),
      suppression: {
        kind: "vex",
        reason: "vulnerable_code_not_in_execute_path: the app never resolves host names",
        source: "vex/app.openvex.json",
      },
    },
    {
      ...finding("CVE-2024-0008", pkg("spdx-correct"), {
        aliases: ["GHSA-aaaa-bbbb-cccc"],
        severity: { level: "HIGH", score: 7.5, source: "cvss-v3.1" },
        title: "spdx-correct: prototype pollution",
      }),
      suppression: {
        kind: "ignore",
        reason: "build-time only, never sees user input",
        source: ".drydockignore.yaml",
        expires: "2027-01-31",
      },
    },
  ];
}

export function vulnReport(): VulnReport {
  return {
    schemaVersion: 1,
    inventory: inventory(),
    db: {
      updatedAt: "2024-06-30T06:34:56Z",
      ecosystems: [
        { name: "npm", records: 1200 },
        { name: "Debian:12", records: 5400 },
        { name: "PyPI", records: 800 },
      ],
    },
    findings: findings(),
    suppressed: suppressed(),
    warnings: [
      "pypi: 1 package version could not be ordered (broken 1.0)",
      "golang: no data for the Go standard library yet",
    ],
  };
}

/** The counts every format must agree on. */
export const COUNTS = {
  CRITICAL: 1,
  HIGH: 3,
  MEDIUM: 2,
  LOW: 1,
  UNKNOWN: 1,
  total: 8,
  suppressed: 2,
};

/** The findings in output order: severity (critical first), package name, version, id, path. */
export const ORDER: [string, string, string][] = [
  ["CRITICAL", "libssl3", "CVE-2024-0001"],
  ["HIGH", "libc6", "CVE-2024-0003"],
  ["HIGH", "ms", "GHSA-3xx7-q6hm-8p8w"],
  ["HIGH", "ms", "GHSA-3xx7-q6hm-8p8w"],
  ["MEDIUM", "commons-lang3", "CVE-2024-0007"],
  ["MEDIUM", "requests", "CVE-2024-0004"],
  ["LOW", "bash", "CVE-2022-0005"],
  ["UNKNOWN", "github.com/spf13/cobra", "GO-2024-0006"],
];

/** The same report with every list the formats sort given in reverse. */
export function shuffled(): VulnReport {
  const r = vulnReport();
  return {
    ...r,
    inventory: { ...r.inventory, packages: [...r.inventory.packages].reverse() },
    db: { ...r.db, ecosystems: [...r.db.ecosystems].reverse() },
    findings: [...r.findings].reverse().map((f) => ({ ...f, aliases: [...f.aliases].reverse() })),
    suppressed: [...r.suppressed].reverse(),
    warnings: [...r.warnings].reverse(),
  };
}
