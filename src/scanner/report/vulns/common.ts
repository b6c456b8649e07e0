/** What every vulnerability format shares: the order of findings, the counts, the words for a fix. */
import { type FixStatus, SEVERITIES, type Severity, type VulnFinding } from "../../vulndb/types.ts";

/** Severities as reports list them: critical first. */
export const SEVERITY_ORDER: readonly Severity[] = [...SEVERITIES].reverse();

const RANK = new Map<Severity, number>(SEVERITY_ORDER.map((s, i) => [s, i]));

/**
 * The order of every format: severity (critical first), package name, package version, id, then
 * path and purl so two findings never tie.
 */
export function compareFindings(a: VulnFinding, b: VulnFinding): number {
  return (
    (RANK.get(a.severity.level) ?? SEVERITY_ORDER.length) -
      (RANK.get(b.severity.level) ?? SEVERITY_ORDER.length) ||
    cmp(a.package.name, b.package.name) ||
    cmp(a.package.version, b.package.version) ||
    cmp(a.id, b.id) ||
    cmp(a.package.path, b.package.path) ||
    cmp(a.package.purl, b.package.purl)
  );
}

export function sortedFindings<T extends VulnFinding>(findings: readonly T[]): T[] {
  return [...findings].sort(compareFindings);
}

/** Findings per severity, every severity present (critical first). */
export function countBySeverity(findings: readonly VulnFinding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITY_ORDER.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity.level] += 1;
  return counts;
}

/** `Total: 12 (CRITICAL 1, HIGH 4, MEDIUM 5, LOW 2, UNKNOWN 0)`. */
export function totalsLine(findings: readonly VulnFinding[]): string {
  const counts = countBySeverity(findings);
  return `Total: ${findings.length} (${SEVERITY_ORDER.map((s) => `${s} ${counts[s]}`).join(", ")})`;
}

const STATUS_TEXT: Record<FixStatus, string> = {
  fixed: "fixed",
  unfixed: "no fix yet",
  will_not_fix: "will not fix",
  end_of_life: "end of life",
};

/** The lowest fixed version, else the status in words ("no fix yet", "will not fix", "end of life"). */
export function fixedText(f: VulnFinding): string {
  return f.fixedVersions[0] ?? STATUS_TEXT[f.status];
}

/** `sha256:0123456789abcdef...` -> `0123456789ab`, as `docker history` shows ids; `-` when unknown. */
export function shortLayer(layer: string | null | undefined): string {
  if (!layer) return "-";
  return layer.slice(layer.indexOf(":") + 1).slice(0, 12);
}

/**
 * Where an advisory id is published: CVEs at NVD, GHSAs in the GitHub Advisory Database, the
 * rest at OSV (which mirrors every database drydock reads).
 */
export function advisorySource(id: string): { name: string; url: string } {
  const enc = encodeURIComponent(id);
  if (/^CVE-\d{4}-\d+$/i.test(id))
    return { name: "NVD", url: `https://nvd.nist.gov/vuln/detail/${enc}` };
  if (/^GHSA(-[0-9a-z]{4}){3}$/i.test(id))
    return { name: "GitHub", url: `https://github.com/advisories/${enc}` };
  return { name: "OSV", url: `https://osv.dev/vulnerability/${enc}` };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
