import { createHash } from "node:crypto";
import * as CDX from "@cyclonedx/cyclonedx-library";
import type { Package } from "../catalog/types.ts";
import type { InventoryReport } from "./inventory.ts";
import { reportHash, sortedPackages } from "./json.ts";

/**
 * SPDX 2.3 JSON (spdx.github.io/spdx-spec/v2.3): one package for the image (purpose CONTAINER)
 * that the document DESCRIBES and that CONTAINS one package per found package. Ids and the
 * namespace are derived from the content, so the same report gives the same document.
 */
export function toSpdx(report: InventoryReport): string {
  const image = imagePackage(report);
  const ids = packageIds(sortedPackages(report.packages));
  const doc = {
    spdxVersion: "SPDX-2.3",
    dataLicense: "CC0-1.0",
    SPDXID: "SPDXRef-DOCUMENT",
    name: report.target.ref,
    documentNamespace: `https://drydock.invalid/spdx/${reportHash(report)}`,
    creationInfo: {
      created: spdxDate(report.createdAt),
      creators: [`Tool: drydock-${report.tool.version}`],
      ...(report.partial
        ? { comment: `Partial inventory: ${report.problems.length} part(s) could not be read.` }
        : {}),
    },
    packages: [image, ...ids.map(({ pkg, id }) => spdxPackage(pkg, id))],
    relationships: [
      {
        spdxElementId: "SPDXRef-DOCUMENT",
        relationshipType: "DESCRIBES",
        relatedSpdxElement: image.SPDXID,
      },
      ...ids.map(({ id }) => ({
        spdxElementId: image.SPDXID,
        relationshipType: "CONTAINS",
        relatedSpdxElement: id,
      })),
    ],
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

const IMAGE_ID = "SPDXRef-Image";

function imagePackage(report: InventoryReport) {
  const t = report.target;
  const sha256 = t.digest?.startsWith("sha256:") ? t.digest.slice("sha256:".length) : null;
  const facts = [
    t.platform && `platform ${t.platform}`,
    t.os && `os ${t.os.prettyName ?? [t.os.id, t.os.versionId].filter(Boolean).join(" ")}`,
    t.kind === "image" && `${t.layers.length} layer(s)`,
  ].filter((s): s is string => typeof s === "string" && s !== "");
  return {
    SPDXID: IMAGE_ID,
    name: t.ref,
    ...(t.digest ? { versionInfo: t.digest } : {}),
    downloadLocation: "NOASSERTION",
    filesAnalyzed: false,
    ...(sha256 ? { checksums: [{ algorithm: "SHA256", checksumValue: sha256 }] } : {}),
    licenseConcluded: "NOASSERTION",
    licenseDeclared: "NOASSERTION",
    copyrightText: "NOASSERTION",
    primaryPackagePurpose: t.kind === "image" ? "CONTAINER" : "FILE",
    ...(facts.length > 0 ? { comment: facts.join("; ") } : {}),
  };
}

function spdxPackage(p: Package, id: string) {
  const declared = spdxLicenseExpression(p.licenses ?? []);
  const where = [`read from ${p.path}`];
  if (p.layer) where.push(`in layer ${p.layer}`);
  if (p.source) where.push(`source package ${p.source.name} ${p.source.version}`);
  return {
    SPDXID: id,
    name: p.name,
    versionInfo: p.version,
    downloadLocation: "NOASSERTION",
    filesAnalyzed: false,
    licenseConcluded: "NOASSERTION",
    licenseDeclared: declared ?? "NOASSERTION",
    ...(declared === null && p.licenses && p.licenses.length > 0
      ? { licenseComments: `Declared license(s), not an SPDX expression: ${p.licenses.join("; ")}` }
      : {}),
    copyrightText: "NOASSERTION",
    externalRefs: [
      { referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: p.purl },
    ],
    sourceInfo: where.join(", "),
  };
}

/**
 * `SPDXRef-Package-<type>-<name>-<hash of purl and path>`: readable, stable across scans, and
 * unique (the same purl at two paths gets two ids; a repeated record gets a counter).
 */
export function packageIds(sorted: readonly Package[]): { pkg: Package; id: string }[] {
  const seen = new Map<string, number>();
  return sorted.map((pkg) => {
    const hash = createHash("sha256").update(`${pkg.purl}\n${pkg.path}`).digest("hex").slice(0, 16);
    let id = `SPDXRef-Package-${idString(pkg.type)}-${idString(pkg.name)}-${hash}`;
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    if (n > 1) id += `-${n}`;
    return { pkg, id };
  });
}

/** SPDX idstring: letters, digits, `.` and `-` only. */
function idString(s: string): string {
  return s.replace(/[^A-Za-z0-9.-]+/g, "-").replace(/^-+|-+$/g, "") || "x";
}

/** SPDX timestamps are `YYYY-MM-DDThh:mm:ssZ` in UTC, without fractions of a second. */
function spdxDate(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d+Z$/, "Z");
}

/**
 * One SPDX license expression (Annex D) for a package's declared licenses, joined with AND,
 * or null when any of them is not an expression over SPDX License List ids (Debian names such as
 * `GPL-2+`, free text, or LicenseRef-s, which would need extracted licensing info). Ids are
 * given their canonical case.
 */
export function spdxLicenseExpression(licenses: readonly string[]): string | null {
  const parts: string[] = [];
  for (const license of licenses) {
    const expr = parseLicenseExpression(license);
    if (expr === null) return null;
    let text = expr.text;
    while (isParenthesised(text)) text = text.slice(1, -1);
    if (!parts.includes(text)) parts.push(text);
  }
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0]!;
  return parts.map((p) => (/\s/.test(p) ? `(${p})` : p)).join(" AND ");
}

function isParenthesised(expr: string): boolean {
  if (!expr.startsWith("(") || !expr.endsWith(")")) return false;
  let depth = 0;
  for (let i = 0; i < expr.length; i++) {
    if (expr[i] === "(") depth++;
    else if (expr[i] === ")") depth--;
    if (depth === 0 && i < expr.length - 1) return false;
  }
  return true;
}

/** A single SPDX License List id (canonical case), or undefined. Includes deprecated ids such as GPL-2.0+. */
export function spdxId(s: string): string | undefined {
  return CDX.SPDX.fixupSpdxId(s);
}

/**
 * Parses `compound = or; or = and ("OR" and)*; and = with ("AND" with)*;
 * with = simple ["WITH" exception]; simple = id ["+"] | "(" or ")"`, operators in upper case.
 * Returns the expression re-written with canonical ids and single spaces, or null.
 */
function parseLicenseExpression(input: string): { text: string } | null {
  const tokens = input.match(/\(|\)|[^\s()]+/g);
  if (!tokens) return null;
  let i = 0;
  const peek = () => tokens[i];
  const or = (): string | null => {
    let left = and();
    while (left !== null && peek() === "OR") {
      i++;
      const right = and();
      left = right === null ? null : `${left} OR ${right}`;
    }
    return left;
  };
  const and = (): string | null => {
    let left = withExpr();
    while (left !== null && peek() === "AND") {
      i++;
      const right = withExpr();
      left = right === null ? null : `${left} AND ${right}`;
    }
    return left;
  };
  const withExpr = (): string | null => {
    const left = simple();
    if (left === null || peek() !== "WITH") return left;
    i++;
    const exception = spdxId(tokens[i++] ?? "");
    return exception ? `${left} WITH ${exception}` : null;
  };
  const simple = (): string | null => {
    const token = tokens[i++];
    if (token === undefined) return null;
    if (token === "(") {
      const inner = or();
      return inner !== null && tokens[i++] === ")" ? `(${inner})` : null;
    }
    if (token === ")" || token === "AND" || token === "OR" || token === "WITH") return null;
    const exact = spdxId(token);
    if (exact) return exact;
    const plus = token.endsWith("+") ? spdxId(token.slice(0, -1)) : undefined;
    return plus ? `${plus}+` : null;
  };
  const text = or();
  return text !== null && i === tokens.length ? { text } : null;
}
