import type { Package } from "../catalog/types.ts";
import type { InventoryReport } from "../report/inventory.ts";

/** Severity levels, lowest first (the order tables and `--severity` use). */
export const SEVERITIES = ["UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A finding's severity and where it came from (the report always says which). */
export interface SeverityInfo {
  level: Severity;
  /** Base score 0.0-10.0 when computed from a CVSS vector, else null. */
  score: number | null;
  /**
   * `cvss-v4.0`, `cvss-v3.1`, `cvss-v3.0` (computed by drydock from `vector`), or the
   * distribution's own rating (`debian`, `ubuntu`, `alpine`, `redhat`), or the advisory
   * database's label (`ghsa`), or `none`.
   */
  source: string;
  vector?: string;
}

/** What the distribution says about the package (OS packages); language packages: fixed or unfixed. */
export type FixStatus = "fixed" | "unfixed" | "will_not_fix" | "end_of_life";

/** One problem in one installed package: advisories that are aliases of each other are merged. */
export interface VulnFinding {
  /** The primary id: the CVE when one is known, else the first advisory id. */
  id: string;
  /** Every other id of the same problem (GHSA, PYSEC, GO, RUSTSEC, DSA, ...), sorted. */
  aliases: string[];
  /** The OSV records that matched (ids), sorted. */
  advisories: string[];
  package: Pick<Package, "type" | "name" | "version" | "purl" | "path" | "layer" | "source">;
  /** OSV ecosystem the match was made in, e.g. `Debian:12`, `npm`. */
  ecosystem: string;
  /** OS packages are matched by their source package: then the name and version matched. */
  matchedBy: { name: string; version: string; via: "package" | "source" };
  /** Versions that fix it (the lowest first); empty when there is no fix. */
  fixedVersions: string[];
  status: FixStatus;
  severity: SeverityInfo;
  /** One line (OSV `summary`, else the first line of `details`). */
  title: string;
  /** Advisory web pages (OSV `references` of type ADVISORY/WEB first), at most 5. */
  urls: string[];
}

/** Why a finding is not counted: an ignore-file entry or an OpenVEX statement. */
export interface Suppression {
  kind: "ignore" | "vex";
  /** The ignore entry's reason, or the VEX justification (plus impact statement when given). */
  reason: string;
  /** The file the entry came from. */
  source: string;
  /** Ignore entries: their expiry date (YYYY-MM-DD). */
  expires?: string;
}

export interface SuppressedFinding extends VulnFinding {
  suppression: Suppression;
}

/** `drydock scan image|dir` with vulnerabilities: the input of every vulnerability output format. */
export interface VulnReport {
  schemaVersion: 1;
  /** The inventory the findings were matched on (target, packages, problems). */
  inventory: InventoryReport;
  db: {
    /** When the local database was last updated (ISO 8601), null if never. */
    updatedAt: string | null;
    /** Ecosystems with their record counts. */
    ecosystems: { name: string; records: number }[];
  };
  /** Sorted: severity (critical first), package name, package version, id. */
  findings: VulnFinding[];
  /** Findings an ignore file or a VEX document suppressed; same order. */
  suppressed: SuppressedFinding[];
  /** Packages whose version could not be ordered, or ecosystems without data, and a stale database. */
  warnings: string[];
}
