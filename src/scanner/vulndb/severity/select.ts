import type { OsvAffected, OsvRecord, OsvSeverity } from "../osv.ts";
import type { FixStatus, Severity, SeverityInfo } from "../types.ts";
import { type CvssScore, cvssBaseScore, levelForScore } from "./cvss.ts";

/**
 * Which severity a finding shows, and what the distribution says about fixing it. The
 * mappings, with the sources they come from, are described in readme.md next to this file.
 */

type Family = "debian" | "ubuntu" | "redhat" | "alpine";

/** The families the matcher passes, plus the os-release ids that mean the same data source. */
const FAMILIES: Readonly<Record<string, Family>> = {
  debian: "debian",
  ubuntu: "ubuntu",
  alpine: "alpine",
  redhat: "redhat",
  rhel: "redhat",
  centos: "redhat",
  rocky: "redhat",
  almalinux: "redhat",
};

/** Debian security tracker urgencies (after dropping a trailing `*` or `**`). */
const DEBIAN_URGENCY: Readonly<Record<string, Severity>> = {
  unimportant: "LOW",
  low: "LOW",
  medium: "MEDIUM",
  high: "HIGH",
};

/** Ubuntu CVE tracker priorities. */
const UBUNTU_PRIORITY: Readonly<Record<string, Severity>> = {
  negligible: "LOW",
  low: "LOW",
  medium: "MEDIUM",
  high: "HIGH",
  critical: "CRITICAL",
};

/** Red Hat's four-point impact scale (also used by the AlmaLinux and Rocky Linux rebuilds). */
const REDHAT_IMPACT: Readonly<Record<string, Severity>> = {
  low: "LOW",
  moderate: "MEDIUM",
  important: "HIGH",
  critical: "CRITICAL",
};

/** GitHub advisory database labels (OSV `database_specific.severity`). */
const GHSA_SEVERITY: Readonly<Record<string, Severity>> = {
  low: "LOW",
  moderate: "MEDIUM",
  medium: "MEDIUM",
  high: "HIGH",
  critical: "CRITICAL",
};

/** `Important: openssl security update`: how Red Hat, AlmaLinux and Rocky titles start. */
const REDHAT_SUMMARY = /^\s*(low|moderate|important|critical)\s*:/i;

function field(obj: Record<string, unknown> | undefined, key: string): string | null {
  const v = obj?.[key];
  return typeof v === "string" ? v : null;
}

function lookup(table: Readonly<Record<string, Severity>>, value: string | null): Severity | null {
  if (value === null) return null;
  const key = value.trim().toLowerCase();
  return Object.hasOwn(table, key) ? table[key]! : null;
}

function scoresOfType(list: OsvSeverity[] | undefined, type: string): string[] {
  return (list ?? []).filter((s) => s.type.toLowerCase() === type).map((s) => s.score);
}

function firstRated(table: Readonly<Record<string, Severity>>, values: (string | null)[]) {
  for (const v of values) {
    const level = lookup(table, v);
    if (level) return level;
  }
  return null;
}

function debianRating(affected: OsvAffected | null): Severity | null {
  const urgency = field(affected?.ecosystem_specific, "urgency");
  // `low*` / `medium**`: the asterisks only say how the urgency was assigned.
  return lookup(DEBIAN_URGENCY, urgency === null ? null : urgency.replace(/\*+\s*$/, ""));
}

function ubuntuRating(record: OsvRecord, affected: OsvAffected | null): Severity | null {
  return firstRated(UBUNTU_PRIORITY, [
    // Per package (older records carry only this), then the CVE's own priority.
    field(affected?.ecosystem_specific, "ubuntu_priority"),
    ...scoresOfType(affected?.severity, "ubuntu"),
    ...scoresOfType(record.severity, "ubuntu"),
  ]);
}

function redhatRating(record: OsvRecord, affected: OsvAffected | null): Severity | null {
  return firstRated(REDHAT_IMPACT, [
    field(affected?.database_specific, "severity"),
    field(record.database_specific, "severity"),
    REDHAT_SUMMARY.exec(record.summary ?? "")?.[1] ?? null,
  ]);
}

function distributionRating(
  record: OsvRecord,
  affected: OsvAffected | null,
  family: Family,
): Severity | null {
  switch (family) {
    case "debian":
      return debianRating(affected);
    case "ubuntu":
      return ubuntuRating(record, affected);
    case "redhat":
      return redhatRating(record, affected);
    case "alpine":
      // Alpine's secdb (and so its OSV records) lists fixes only, never a rating.
      return null;
  }
}

const VERSION_RANK: Readonly<Record<CvssScore["version"], number>> = {
  "4.0": 0,
  "3.1": 1,
  "3.0": 2,
};

/** The newest valid CVSS v3/v4 vector of a list (the first one of that version); else null. */
function bestCvss(list: OsvSeverity[] | undefined): CvssScore | null {
  let best: CvssScore | null = null;
  for (const s of list ?? []) {
    if (s.type !== "CVSS_V4" && s.type !== "CVSS_V3") continue;
    const scored = cvssBaseScore(s.score);
    if (scored && (!best || VERSION_RANK[scored.version] < VERSION_RANK[best.version])) {
      best = scored;
    }
  }
  return best;
}

/**
 * The severity of `record` for one installed package. `affected` is the entry that matched
 * (null when unknown); `osFamily` is the distribution of an OS package (`debian`, `ubuntu`,
 * `redhat`, `alpine`, ...) and null for language packages. In order:
 *  1. OS packages: the distribution's own rating, when the record gives a usable one;
 *  2. a CVSS vector drydock can score: v4.0 before v3.1 before v3.0, the affected entry's
 *     `severity` list before the record's (the first list with a valid vector decides);
 *  3. the GitHub advisory label in the record's `database_specific.severity`;
 *  4. UNKNOWN, source `none`.
 */
export function severityOf(
  record: OsvRecord,
  affected: OsvAffected | null,
  osFamily: string | null,
): SeverityInfo {
  const family = osFamily === null ? undefined : FAMILIES[osFamily.trim().toLowerCase()];
  if (family !== undefined) {
    const level = distributionRating(record, affected, family);
    if (level) return { level, score: null, source: family };
  }
  const cvss = bestCvss(affected?.severity) ?? bestCvss(record.severity);
  if (cvss) {
    return {
      level: levelForScore(cvss.score),
      score: cvss.score,
      source: `cvss-v${cvss.version}`,
      vector: cvss.vector,
    };
  }
  const label = lookup(GHSA_SEVERITY, field(record.database_specific, "severity"));
  if (label) return { level: label, score: null, source: "ghsa" };
  return { level: "UNKNOWN", score: null, source: "none" };
}

/** Tracker states meaning the distribution decided not to (or not yet to) ship a fix. */
const WILL_NOT_FIX = new Set([
  "no-dsa",
  "ignored",
  "postponed",
  "will-not-fix",
  "wontfix",
  "deferred",
  "fix-deferred",
]);
/** The release (or the package in it) is no longer supported. */
const END_OF_LIFE = new Set(["end-of-life", "out-of-support-scope"]);

/** `<no-dsa>`, `Will not fix`, `end_of_life` -> `no-dsa`, `will-not-fix`, `end-of-life`. */
function normalizeState(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/^<(.*)>$/, "$1")
    .trim()
    .replace(/[\s_]+/g, "-");
}

/**
 * The fix status of one affected entry: `fixed` when a fixed version is known (`hasFix`);
 * otherwise what the distribution's tracker says, read from `ecosystem_specific.status`,
 * then `database_specific.status`, then the Debian urgency: the first recognised value
 * decides. Anything else (language packages, `open`, `needed`, `not yet assigned`) is
 * `unfixed`.
 */
export function fixStatusOf(affected: OsvAffected, hasFix: boolean): FixStatus {
  if (hasFix) return "fixed";
  const values = [
    field(affected.ecosystem_specific, "status"),
    field(affected.database_specific, "status"),
    field(affected.ecosystem_specific, "urgency"),
  ];
  for (const v of values) {
    if (v === null) continue;
    const state = normalizeState(v);
    if (WILL_NOT_FIX.has(state)) return "will_not_fix";
    if (END_OF_LIFE.has(state)) return "end_of_life";
  }
  return "unfixed";
}
