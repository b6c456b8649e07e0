import { createHash } from "node:crypto";
import type { Package, Problem } from "../catalog/types.ts";
import { comparePackages, type InventoryReport } from "./inventory.ts";

/**
 * drydock inventory v1: the InventoryReport as it is, with a fixed order (packages by
 * comparePackages, problems by path, layer, reason; object keys in the order of the schema,
 * reader metadata keys sorted) so the same report always gives the same bytes. See readme.md.
 */
export function toJson(report: InventoryReport): string {
  return `${JSON.stringify(normalizeReport(report), null, 2)}\n`;
}

/** The report with every list in output order and every key in schema order. */
export function normalizeReport(report: InventoryReport): InventoryReport {
  const t = report.target;
  return {
    schemaVersion: report.schemaVersion,
    tool: { name: report.tool.name, version: report.tool.version },
    createdAt: report.createdAt,
    target: {
      kind: t.kind,
      ref: t.ref,
      digest: t.digest,
      platform: t.platform,
      os: t.os && {
        id: t.os.id,
        versionId: t.os.versionId,
        versionCodename: t.os.versionCodename,
        prettyName: t.os.prettyName,
        idLike: [...t.os.idLike],
      },
      layers: t.layers.map((l) => ({ diffId: l.diffId, digest: l.digest, size: l.size })),
    },
    packages: sortedPackages(report.packages).map(normalizePackage),
    problems: [...report.problems].sort(compareProblems).map(normalizeProblem),
    partial: report.partial,
  };
}

export function sortedPackages(packages: readonly Package[]): Package[] {
  return [...packages].sort(comparePackages);
}

function normalizePackage(p: Package): Package {
  const out: Package = {
    type: p.type,
    name: p.name,
    version: p.version,
    purl: p.purl,
    path: p.path,
  };
  if (p.layer !== undefined) out.layer = p.layer;
  if (p.arch !== undefined) out.arch = p.arch;
  if (p.source !== undefined) out.source = { name: p.source.name, version: p.source.version };
  if (p.licenses !== undefined) out.licenses = [...p.licenses];
  if (p.osOwned !== undefined) out.osOwned = p.osOwned;
  if (p.metadata !== undefined) out.metadata = sortKeys(p.metadata) as Record<string, unknown>;
  return out;
}

function normalizeProblem(p: Problem): Problem {
  const out: Problem = { path: p.path, reason: p.reason };
  if (p.layer !== undefined) out.layer = p.layer;
  return out;
}

function compareProblems(a: Problem, b: Problem): number {
  return cmp(a.path, b.path) || cmp(a.layer ?? "", b.layer ?? "") || cmp(a.reason, b.reason);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Reader metadata is free-form JSON: sort its object keys (at every depth) for stable output. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort())
      out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** sha256 (hex) of the drydock JSON of a report: the seed of document ids in the other formats. */
export function reportHash(report: InventoryReport): string {
  return createHash("sha256").update(toJson(report)).digest("hex");
}
