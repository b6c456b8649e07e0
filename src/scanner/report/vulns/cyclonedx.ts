import { createHash } from "node:crypto";
import * as CDX from "@cyclonedx/cyclonedx-library";
import type { Package } from "../../catalog/types.ts";
import type { SuppressedFinding, VulnFinding, VulnReport } from "../../vulndb/types.ts";
import { type VexJustification, vexJustificationOf } from "../../vulndb/vex.ts";
import { bomRefs, toCycloneDx } from "../cyclonedx.ts";
import type { InventoryReport } from "../inventory.ts";
import { reportHash, sortedPackages } from "../json.ts";
import { advisorySource, sortedFindings } from "./common.ts";
import { toVulnJson } from "./json.ts";

const { Models, Enums } = CDX;
const V = Models.Vulnerability;
const E = Enums.Vulnerability;

/**
 * CycloneDX 1.6 JSON: the inventory's BOM exactly as `toCycloneDx` writes it (metadata, one
 * component per package with its purl-based bom-ref, dependencies) plus `vulnerabilities`: one
 * per finding (the same id in two packages is two entries, each with its own rating, fix and
 * analysis), built with the library's vulnerability model and normalised by its 1.6 serializer.
 * Suppressed findings are listed with an `analysis`: VEX `not_affected` as `not_affected` with
 * the justification mapped to CycloneDX's, ignore-file entries as `in_triage` with the reason.
 * The serial number is derived from the inventory and the findings, so the same report gives
 * the same bytes. See readme.md.
 */
export function toVulnCycloneDx(report: VulnReport): string {
  const inventory = withFindingPackages(report);
  const refs = refIndex(inventory.packages);
  const vulns: CDX.Models.Vulnerability.Vulnerability[] = [];
  const used = new Map<string, number>();
  const all: (VulnFinding | SuppressedFinding)[] = [
    ...sortedFindings(report.findings),
    ...sortedFindings(report.suppressed),
  ];
  for (const f of all) {
    const ref = refs.get(key(f.package))!;
    let bomRef = `${f.id}|${ref}`;
    const n = (used.get(bomRef) ?? 0) + 1;
    used.set(bomRef, n);
    if (n > 1) bomRef += `|${n}`;
    vulns.push(vulnerability(f, ref, bomRef));
  }

  const factory = new CDX.Serialize.JSON.Normalize.Factory(CDX.Spec.Spec1dot6);
  const doc = JSON.parse(toCycloneDx(inventory)) as Record<string, unknown>;
  doc.serialNumber = serialNumber(inventory, report);
  if (vulns.length > 0)
    doc.vulnerabilities = factory
      .makeForVulnerability()
      .normalizeIterable(new V.VulnerabilityRepository(vulns), { sortLists: false });
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function vulnerability(
  f: VulnFinding | SuppressedFinding,
  componentRef: string,
  bomRef: string,
): CDX.Models.Vulnerability.Vulnerability {
  const source = advisorySource(f.id);
  const v = new V.Vulnerability({
    bomRef,
    id: f.id,
    source: new V.Source({ name: source.name, url: source.url }),
    description: f.title || undefined,
  });
  for (const alias of [...f.aliases].sort()) {
    const s = advisorySource(alias);
    v.references.add(new V.Reference(alias, new V.Source({ name: s.name, url: s.url })));
  }
  v.ratings.add(rating(f));
  for (const url of f.urls) v.advisories.add(new V.Advisory(url));
  if (f.fixedVersions[0]) v.recommendation = `Upgrade to ${f.fixedVersions[0]}`;

  const suppression = "suppression" in f ? f.suppression : undefined;
  const notAffected = suppression?.kind === "vex";
  v.affects.add(
    new V.Affect(new Models.BomRef(componentRef), {
      versions: new V.AffectedVersionRepository([
        new V.AffectedSingleVersion(f.package.version, {
          status: notAffected ? E.AffectStatus.Unaffected : E.AffectStatus.Affected,
        }),
      ]),
    }),
  );
  if (suppression?.kind === "vex") {
    const justification = JUSTIFICATION[vexJustificationOf(suppression.reason) ?? ""];
    v.analysis = new V.Analysis({
      state: E.AnalysisState.NotAffected,
      ...(justification ? { justification } : {}),
      detail: suppression.reason,
    });
  } else if (suppression?.kind === "ignore") {
    v.analysis = new V.Analysis({ state: E.AnalysisState.InTriage, detail: suppression.reason });
  }

  const props: [string, string | undefined][] = [
    ["drydock:fix:status", f.status],
    ...f.fixedVersions.map((x) => ["drydock:fixedVersion", x] as [string, string]),
    ["drydock:ecosystem", f.ecosystem],
    ...[...f.advisories].sort().map((a) => ["drydock:advisory", a] as [string, string]),
    [
      "drydock:matchedBy",
      f.matchedBy.via === "source"
        ? `source ${f.matchedBy.name} ${f.matchedBy.version}`
        : undefined,
    ],
    ["drydock:severity:source", f.severity.source],
    ["drydock:suppression:kind", suppression?.kind],
    ["drydock:suppression:source", suppression?.source],
    ["drydock:suppression:expires", suppression?.expires],
  ];
  for (const [name, value] of props) if (value) v.properties.add(new Models.Property(name, value));
  return v;
}

/** The finding's severity as a CycloneDX rating: score and vector when computed from CVSS. */
function rating(f: VulnFinding): CDX.Models.Vulnerability.Rating {
  const s = f.severity;
  const severity = SEVERITY[s.level];
  const method = METHOD[s.source];
  if (method) {
    return new V.Rating({
      severity,
      method,
      ...(s.score !== null ? { score: s.score } : {}),
      ...(s.vector ? { vector: s.vector } : {}),
    });
  }
  if (s.source === "none" || s.source === "") return new V.Rating({ severity });
  // A distribution's or database's own label (debian, ubuntu, ghsa, ...).
  return new V.Rating({
    severity,
    method: E.RatingMethod.Other,
    source: new V.Source({ name: s.source }),
    ...(s.score !== null ? { score: s.score } : {}),
  });
}

const SEVERITY: Record<VulnFinding["severity"]["level"], CDX.Enums.Vulnerability.Severity> = {
  CRITICAL: E.Severity.Critical,
  HIGH: E.Severity.High,
  MEDIUM: E.Severity.Medium,
  LOW: E.Severity.Low,
  UNKNOWN: E.Severity.Unknown,
};

const METHOD: Record<string, CDX.Enums.Vulnerability.RatingMethod> = {
  "cvss-v4.0": E.RatingMethod.CVSSv4,
  "cvss-v3.1": E.RatingMethod.CVSSv31,
  "cvss-v3.0": E.RatingMethod.CVSSv3,
  "cvss-v2.0": E.RatingMethod.CVSSv2,
};

/**
 * OpenVEX justifications in CycloneDX terms (CycloneDX has no "component not present"; its
 * nearest is that the code is not there).
 */
const JUSTIFICATION: Record<string, CDX.Enums.Vulnerability.AnalysisJustification> = {
  component_not_present: E.AnalysisJustification.CodeNotPresent,
  vulnerable_code_not_present: E.AnalysisJustification.CodeNotPresent,
  vulnerable_code_not_in_execute_path: E.AnalysisJustification.CodeNotReachable,
  vulnerable_code_cannot_be_controlled_by_adversary: E.AnalysisJustification.RequiresEnvironment,
  inline_mitigations_already_exist: E.AnalysisJustification.ProtectedByMitigatingControl,
} satisfies Record<VexJustification, CDX.Enums.Vulnerability.AnalysisJustification>;

function key(p: Pick<Package, "purl" | "path">): string {
  return `${p.purl}\n${p.path}`;
}

/**
 * The inventory, plus a package for any finding whose package (purl and path) it does not list,
 * so every `affects` names a component of the BOM.
 */
function withFindingPackages(report: VulnReport): InventoryReport {
  const known = new Set(report.inventory.packages.map(key));
  const extra: Package[] = [];
  for (const f of [...report.findings, ...report.suppressed]) {
    const k = key(f.package);
    if (known.has(k)) continue;
    known.add(k);
    extra.push({ ...f.package });
  }
  if (extra.length === 0) return report.inventory;
  return { ...report.inventory, packages: [...report.inventory.packages, ...extra] };
}

/** purl+path -> the bom-ref toCycloneDx gives that package (the first when listed twice). */
function refIndex(packages: readonly Package[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const { pkg, ref } of bomRefs(sortedPackages(packages)))
    if (!out.has(key(pkg))) out.set(key(pkg), ref);
  return out;
}

/** urn:uuid from the inventory's hash and the vulnerability JSON, laid out as a version 5 UUID. */
function serialNumber(inventory: InventoryReport, report: VulnReport): string {
  const h = createHash("sha256")
    .update(reportHash(inventory))
    .update("\n")
    .update(toVulnJson(report))
    .digest("hex")
    .slice(0, 32)
    .split("");
  h[12] = "5";
  h[16] = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = h.join("");
  return `urn:uuid:${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
