import * as CDX from "@cyclonedx/cyclonedx-library";
import type { Package } from "../catalog/types.ts";
import type { InventoryReport } from "./inventory.ts";
import { reportHash, sortedPackages } from "./json.ts";
import { spdxId, spdxLicenseExpression } from "./spdx.ts";

const { Models, Enums } = CDX;

/**
 * CycloneDX 1.6 JSON: metadata.component is the scanned image (type container; a directory is
 * type file) and depends on one library component per package. Package facts with no CycloneDX
 * field are `drydock:*` properties (see readme.md). bom-refs and the serial number are derived
 * from the content, and lists keep our order (the library's own sort is locale-dependent), so the
 * same report gives the same bytes.
 */
export function toCycloneDx(report: InventoryReport): string {
  const t = report.target;
  const image = new Models.Component(
    t.kind === "image" ? Enums.ComponentType.Container : Enums.ComponentType.File,
    t.ref,
    { bomRef: t.digest ? `${t.ref}@${t.digest}` : t.ref },
  );
  if (t.digest) {
    image.version = t.digest;
    const [algorithm, hex] = t.digest.split(":", 2);
    const hash = algorithm ? HASHES[algorithm] : undefined;
    if (hash && hex) image.hashes.set(hash, hex);
  }
  addProperties(image, [
    ["drydock:target:kind", t.kind],
    ["drydock:image:digest", t.digest],
    ["drydock:image:platform", t.platform],
    ["drydock:os:id", t.os?.id],
    ["drydock:os:versionId", t.os?.versionId],
    ["drydock:os:prettyName", t.os?.prettyName],
    ...t.layers.map((l) => ["drydock:layer", l.diffId] as const),
  ]);

  const tool = new Models.Component(Enums.ComponentType.Application, report.tool.name, {
    version: report.tool.version,
  });
  const metadata = new Models.Metadata({
    timestamp: new Date(report.createdAt),
    tools: new Models.Tools({ components: new Models.ComponentRepository([tool]) }),
    component: image,
  });
  addProperties(metadata, [
    ["drydock:partial", String(report.partial)],
    ...report.problems.map((p) => ["drydock:problem", problemText(p)] as const),
  ]);

  const bom = new Models.Bom({ metadata, serialNumber: serialNumber(report) });
  const refs = bomRefs(sortedPackages(report.packages));
  for (const { pkg, ref } of refs) {
    const component = packageComponent(pkg, ref);
    bom.components.add(component);
    image.dependencies.add(component.bomRef);
  }

  const serializer = new CDX.Serialize.JsonSerializer(
    new CDX.Serialize.JSON.Normalize.Factory(CDX.Spec.Spec1dot6),
  );
  return `${serializer.serialize(bom, { sortLists: false, space: 2 })}\n`;
}

const HASHES: Record<string, CDX.Enums.HashAlgorithm> = {
  sha256: Enums.HashAlgorithm["SHA-256"],
  sha384: Enums.HashAlgorithm["SHA-384"],
  sha512: Enums.HashAlgorithm["SHA-512"],
};

function packageComponent(p: Package, ref: string): CDX.Models.Component {
  const c = new Models.Component(Enums.ComponentType.Library, p.name, {
    bomRef: ref,
    version: p.version,
    purl: p.purl,
  });
  for (const license of licenses(p.licenses ?? [])) c.licenses.add(license);
  addProperties(c, [
    ["drydock:package:type", p.type],
    ["drydock:path", p.path],
    ["drydock:layer", p.layer],
    ["drydock:package:arch", p.arch],
    ["drydock:source", p.source?.name],
    ["drydock:source:version", p.source?.version],
    ["drydock:package:osOwned", p.osOwned === undefined ? undefined : String(p.osOwned)],
  ]);
  return c;
}

/**
 * SPDX ids as `license.id`; anything else that is a valid SPDX expression as one `expression`
 * (CycloneDX allows one expression, not a mix); otherwise ids plus `license.name` for the rest.
 */
function licenses(declared: readonly string[]): CDX.Models.License[] {
  if (declared.length === 0) return [];
  const ids = declared.map(spdxId);
  if (ids.every((id) => id !== undefined))
    return [...new Set(ids)].map((id) => new Models.SpdxLicense(id));
  const expression = spdxLicenseExpression(declared);
  if (expression !== null) return [new Models.LicenseExpression(expression)];
  return [...new Set(declared)].map((l) => {
    const id = spdxId(l);
    return id ? new Models.SpdxLicense(id) : new Models.NamedLicense(l);
  });
}

type PropertyValue = string | null | undefined;

function addProperties(
  target: { properties: CDX.Models.PropertyRepository },
  props: readonly (readonly [string, PropertyValue])[],
): void {
  for (const [name, value] of props) {
    if (typeof value === "string" && value !== "")
      target.properties.add(new Models.Property(name, value));
  }
}

function problemText(p: { path: string; reason: string; layer?: string | null }): string {
  return p.layer ? `${p.path} (layer ${p.layer}): ${p.reason}` : `${p.path}: ${p.reason}`;
}

/** The purl when it is unique in the report; else purl|path; a record repeated exactly gets |2, |3... */
export function bomRefs(sorted: readonly Package[]): { pkg: Package; ref: string }[] {
  const perPurl = new Map<string, number>();
  for (const p of sorted) perPurl.set(p.purl, (perPurl.get(p.purl) ?? 0) + 1);
  const seen = new Map<string, number>();
  return sorted.map((pkg) => {
    let ref = perPurl.get(pkg.purl) === 1 ? pkg.purl : `${pkg.purl}|${pkg.path}`;
    const n = (seen.get(ref) ?? 0) + 1;
    seen.set(ref, n);
    if (n > 1) ref += `|${n}`;
    return { pkg, ref };
  });
}

/**
 * urn:uuid from a hash of the whole report: the same report gives the same serial number and any
 * change gives a new one. Laid out as a version 5 (name-based) UUID, as the CycloneDX schema asks.
 */
function serialNumber(report: InventoryReport): string {
  const h = reportHash(report).slice(0, 32).split("");
  h[12] = "5";
  h[16] = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = h.join("");
  return `urn:uuid:${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
