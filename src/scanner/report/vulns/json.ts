import { z } from "zod";
import {
  SEVERITIES,
  type Severity,
  type SuppressedFinding,
  type VulnFinding,
  type VulnReport,
} from "../../vulndb/types.ts";
import { normalizeReport } from "../json.ts";
import { PackageTypeJson, TargetJson } from "../json-schema.ts";
import { countBySeverity, SEVERITY_ORDER, sortedFindings } from "./common.ts";

/**
 * drydock vulnerabilities v1: the target, the database, counts, the findings and the suppressed
 * findings, with a fixed order (findings by compareFindings, ecosystems by name, warnings
 * sorted; object keys in the order of the schema) so the same report always gives the same
 * bytes. The inventory's package list is left out (it has its own format); `packages` counts it.
 * See readme.md.
 */
export function toVulnJson(report: VulnReport): string {
  return `${JSON.stringify(vulnJsonDocument(report), null, 2)}\n`;
}

function vulnJsonDocument(report: VulnReport): VulnJson {
  const inv = normalizeReport(report.inventory);
  const counts = countBySeverity(report.findings);
  return {
    schemaVersion: 1,
    tool: inv.tool,
    createdAt: inv.createdAt,
    target: inv.target,
    packages: inv.packages.length,
    partial: inv.partial,
    db: {
      updatedAt: report.db.updatedAt,
      ecosystems: [...report.db.ecosystems]
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map((e) => ({ name: e.name, records: e.records })),
    },
    summary: {
      total: report.findings.length,
      bySeverity: {
        CRITICAL: counts.CRITICAL,
        HIGH: counts.HIGH,
        MEDIUM: counts.MEDIUM,
        LOW: counts.LOW,
        UNKNOWN: counts.UNKNOWN,
      },
      fixable: report.findings.filter((f) => f.fixedVersions.length > 0).length,
      suppressed: report.suppressed.length,
    },
    findings: sortedFindings(report.findings).map(findingJson),
    suppressed: sortedFindings(report.suppressed).map(suppressedJson),
    warnings: [...report.warnings].sort(),
  };
}

function findingJson(f: VulnFinding): FindingJson {
  const p = f.package;
  return {
    id: f.id,
    aliases: [...f.aliases].sort(),
    severity: {
      level: f.severity.level,
      score: f.severity.score,
      source: f.severity.source,
      vector: f.severity.vector ?? null,
    },
    package: {
      type: p.type,
      name: p.name,
      version: p.version,
      purl: p.purl,
      path: p.path,
      layer: p.layer ?? null,
      source: p.source ? { name: p.source.name, version: p.source.version } : null,
    },
    fixedVersions: [...f.fixedVersions],
    status: f.status,
    title: f.title,
    urls: [...f.urls],
    advisories: [...f.advisories].sort(),
    ecosystem: f.ecosystem,
    matchedBy: { name: f.matchedBy.name, version: f.matchedBy.version, via: f.matchedBy.via },
  };
}

function suppressedJson(f: SuppressedFinding): SuppressedJson {
  const s = f.suppression;
  return {
    ...findingJson(f),
    suppression: { kind: s.kind, reason: s.reason, source: s.source, expires: s.expires ?? null },
  };
}

const SeverityJson = z.enum(SEVERITIES);

const FindingJson = z.strictObject({
  id: z.string().min(1),
  aliases: z.array(z.string()),
  severity: z.strictObject({
    level: SeverityJson,
    score: z.number().min(0).max(10).nullable(),
    source: z.string(),
    vector: z.string().nullable(),
  }),
  package: z.strictObject({
    type: PackageTypeJson,
    name: z.string().min(1),
    version: z.string(),
    purl: z.string().startsWith("pkg:"),
    path: z.string(),
    layer: z.string().nullable(),
    source: z.strictObject({ name: z.string(), version: z.string() }).nullable(),
  }),
  fixedVersions: z.array(z.string()),
  status: z.enum(["fixed", "unfixed", "will_not_fix", "end_of_life"]),
  title: z.string(),
  urls: z.array(z.string()),
  advisories: z.array(z.string()),
  ecosystem: z.string(),
  matchedBy: z.strictObject({
    name: z.string(),
    version: z.string(),
    via: z.enum(["package", "source"]),
  }),
});
type FindingJson = z.infer<typeof FindingJson>;

const SuppressedJson = FindingJson.extend({
  suppression: z.strictObject({
    kind: z.enum(["ignore", "vex"]),
    reason: z.string(),
    source: z.string(),
    expires: z.string().nullable(),
  }),
});
type SuppressedJson = z.infer<typeof SuppressedJson>;

const count = z.number().int().nonnegative();

/** Parses drydock vulnerabilities v1 (the output of toVulnJson); unknown fields are rejected. */
export const VulnJson = z.strictObject({
  schemaVersion: z.literal(1),
  tool: z.strictObject({ name: z.literal("drydock"), version: z.string() }),
  createdAt: z.iso.datetime(),
  target: TargetJson,
  packages: count,
  partial: z.boolean(),
  db: z.strictObject({
    updatedAt: z.string().nullable(),
    ecosystems: z.array(z.strictObject({ name: z.string(), records: count })),
  }),
  summary: z.strictObject({
    total: count,
    bySeverity: z.strictObject(
      Object.fromEntries(SEVERITY_ORDER.map((s) => [s, count])) as Record<Severity, typeof count>,
    ),
    fixable: count,
    suppressed: count,
  }),
  findings: z.array(FindingJson),
  suppressed: z.array(SuppressedJson),
  warnings: z.array(z.string()),
});
export type VulnJson = z.infer<typeof VulnJson>;
