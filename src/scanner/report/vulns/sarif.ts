/**
 * SARIF 2.1.0 (OASIS, https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), as
 * GitHub code scanning reads it: one run; one rule per vulnerability id (shortDescription = the
 * title, helpUri = the first advisory URL, `properties.security-severity` = the CVSS base score
 * when known, which GitHub turns into critical/high/medium/low, and tags); one result per
 * finding, level error (CRITICAL, HIGH), warning (MEDIUM) or note (LOW, UNKNOWN), located at the
 * file the package was read from (relative to the scanned root), with a fingerprint that stays
 * the same across versions of the package. Suppressed findings are results too, with an
 * external suppression and its justification, so dashboards show them as dismissed. Warnings and
 * unreadable parts of the target become tool execution notifications.
 */
import { createHash } from "node:crypto";
import { sarifArtifact, sarifLog } from "../../../core/sarif.ts";
import type { Severity, SuppressedFinding, VulnFinding, VulnReport } from "../../vulndb/types.ts";
import { normalizeReport } from "../json.ts";
import { compareFindings, fixedText, sortedFindings } from "./common.ts";

type Level = "error" | "warning" | "note";

const LEVEL: Record<Severity, Level> = {
  CRITICAL: "error",
  HIGH: "error",
  MEDIUM: "warning",
  LOW: "note",
  UNKNOWN: "note",
};

export function toVulnSarif(report: VulnReport): string {
  const inv = report.inventory;
  const findings = sortedFindings(report.findings);
  const suppressed = sortedFindings(report.suppressed);
  const rules = rulesOf([...findings, ...suppressed]);
  const index = new Map(rules.map((r, i) => [r.id, i]));

  const notifications = [
    ...[...report.warnings].sort().map((w) => ({ level: "warning", message: { text: w } })),
    ...normalizeReport(inv).problems.map((p) => ({
      level: "warning",
      message: { text: `${p.path}: ${p.reason}` },
      locations: [{ physicalLocation: { artifactLocation: sarifArtifact(p.path) } }],
    })),
  ];
  return sarifLog({
    toolVersion: inv.tool.version,
    rules,
    // As in the secrets report: parts of the target could not be read.
    executionSuccessful: !inv.partial,
    notifications,
    root:
      inv.target.kind === "image"
        ? `the root filesystem of the image ${inv.target.ref}${inv.target.digest ? `@${inv.target.digest}` : ""}`
        : `the scanned directory ${inv.target.ref}`,
    results: [
      ...findings.map((f) => resultJson(f, index)),
      ...suppressed.map((f) => resultJson(f, index)),
    ],
    extra: {
      properties: {
        target: {
          kind: inv.target.kind,
          ref: inv.target.ref,
          digest: inv.target.digest,
          platform: inv.target.platform,
        },
        dbUpdatedAt: report.db.updatedAt,
      },
    },
  });
}

interface Rule {
  id: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri?: string;
  help: { text: string; markdown: string };
  defaultConfiguration: { level: Level };
  properties: Record<string, unknown>;
}

/**
 * One rule per id, sorted by id. Its facts come from the id's most severe finding (the first in
 * report order); the security-severity is the highest known score among its findings.
 */
function rulesOf(findings: VulnFinding[]): Rule[] {
  const byId = new Map<string, VulnFinding[]>();
  for (const f of [...findings].sort(compareFindings)) {
    const list = byId.get(f.id) ?? [];
    list.push(f);
    byId.set(f.id, list);
  }
  return [...byId.keys()].sort(cmp).map((id) => {
    const list = byId.get(id)!;
    const first = list[0]!;
    const title = first.title.trim() || id;
    const scores = list.map((f) => f.severity.score).filter((s): s is number => s !== null);
    const aliases = [...new Set(list.flatMap((f) => f.aliases))].sort(cmp);
    const properties: Record<string, unknown> = {
      tags: ["security", "vulnerability", first.severity.level],
      severity: first.severity.level,
      aliases,
    };
    if (scores.length > 0) properties["security-severity"] = Math.max(...scores).toFixed(1);
    const urls = first.urls.filter(isHttpUrl);
    const rule: Rule = {
      id,
      shortDescription: { text: title },
      fullDescription: { text: aliases.length > 0 ? `${title} (${aliases.join(", ")})` : title },
      help: {
        text: [`${id}: ${title}`, ...urls].join("\n"),
        markdown: [`**${id}**: ${escapeMarkdown(title)}`, ...urls.map((u) => `- <${u}>`)].join(
          "\n\n",
        ),
      },
      defaultConfiguration: { level: LEVEL[first.severity.level] },
      properties,
    };
    if (urls[0]) rule.helpUri = urls[0];
    return rule;
  });
}

function resultJson(f: VulnFinding | SuppressedFinding, index: Map<string, number>) {
  const p = f.package;
  const fix = f.fixedVersions.length > 0 ? `fixed in ${fixedText(f)}` : fixedText(f);
  const properties: Record<string, unknown> = {
    severity: f.severity.level,
    score: f.severity.score,
    severitySource: f.severity.source,
    packageType: p.type,
    packageName: p.name,
    installedVersion: p.version,
    fixedVersions: [...f.fixedVersions],
    status: f.status,
    purl: p.purl,
    layer: p.layer ?? null,
  };
  const result: Record<string, unknown> = {
    ruleId: f.id,
    ruleIndex: index.get(f.id),
    level: LEVEL[f.severity.level],
    message: {
      text: `Package ${p.name} ${p.version} (${p.type}) is affected by ${f.id} (${f.severity.level}): ${fix}. ${f.title}`.trim(),
    },
    locations: [{ physicalLocation: { artifactLocation: sarifArtifact(p.path) } }],
    partialFingerprints: { "drydockVulnerability/v1": fingerprint(f) },
    properties,
  };
  if ("suppression" in f) {
    const s = f.suppression;
    const suppression: Record<string, unknown> = {
      kind: "external",
      justification: s.reason,
      properties: {
        drydockKind: s.kind,
        source: s.source,
        ...(s.expires ? { expires: s.expires } : {}),
      },
    };
    result.suppressions = [suppression];
  }
  return result;
}

/**
 * sha256 of id, package type and name, and path (not the version): the same alert whether the
 * package is upgraded to another vulnerable version or not, so a dashboard keeps its history.
 */
function fingerprint(f: VulnFinding): string {
  return createHash("sha256")
    .update([f.id, f.package.type, f.package.name, f.package.path].join("\n"))
    .digest("hex");
}

function isHttpUrl(u: string): boolean {
  if (!/^https?:\/\//i.test(u)) return false;
  try {
    new URL(u);
    return true;
  } catch {
    return false;
  }
}

function escapeMarkdown(s: string): string {
  return s.replace(/([\\`*_[\]<>#|])/g, "\\$1");
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
