import type { OsInfo, Package, Problem } from "../catalog/types.ts";

/** What `drydock scan image` / `scan dir` found: the input of every output format. */
export interface InventoryReport {
  schemaVersion: 1;
  tool: { name: "drydock"; version: string };
  /** When the scan ran (ISO 8601). Formats that need a timestamp use this, so output is reproducible. */
  createdAt: string;
  target: {
    kind: "image" | "dir";
    /** As the user wrote it: `oci:DIR:tag`, `docker-archive:FILE`, `dir:PATH`, `host/ns/repo:tag`. */
    ref: string;
    /** Manifest digest for images; null for directories. */
    digest: string | null;
    /** e.g. linux/amd64 */
    platform: string | null;
    os: OsInfo | null;
    /** Layers in order, bottom first. */
    layers: { diffId: string; digest: string | null; size: number | null }[];
  };
  /** Sorted by type, name, version, path. */
  packages: Package[];
  /** Every part that could not be read; `partial` is true when there is any. */
  problems: Problem[];
  partial: boolean;
}

/** The order every output uses. */
export function comparePackages(a: Package, b: Package): number {
  return (
    cmp(a.type, b.type) ||
    cmp(a.name, b.name) ||
    cmp(a.version, b.version) ||
    cmp(a.path, b.path) ||
    cmp(a.purl, b.purl)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
