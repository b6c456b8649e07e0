import type { OsInfo, Package } from "../catalog/types.ts";
import type { InventoryReport } from "../report/inventory.ts";
import { schemeForEcosystem, schemeForRange } from "../versioning/api.ts";
import { goToolchainToSemver } from "../versioning/go/index.ts";
import type { VersionScheme } from "../versioning/types.ts";
import type { CompactRecord } from "./import.ts";
import { normalizeName } from "./names.ts";
import type { OsvAffected, OsvRange, OsvRecord } from "./osv.ts";
import type { VulnStore } from "./ports.ts";
import { fixStatusOf, severityOf } from "./severity/select.ts";
import {
  type FixStatus,
  SEVERITIES,
  type SeverityInfo,
  type VulnFinding,
  type VulnReport,
} from "./types.ts";

/**
 * Where a package is looked up: the OSV ecosystem (base for the index, and a test for the
 * full ecosystem string with its release), the name and version to compare.
 */
interface Target {
  base: string;
  /** Accepts an affected entry's full ecosystem (`Debian:12`, `Ubuntu:22.04:LTS`, `npm`). */
  ecosystem: (eco: string) => boolean;
  /** The ecosystem a finding names (`Debian:12`). */
  label: string;
  name: string;
  version: string;
  via: "package" | "source";
  scheme: VersionScheme;
  osFamily: string | null;
}

const LANGUAGE: Partial<Record<Package["type"], string>> = {
  npm: "npm",
  pypi: "PyPI",
  golang: "Go",
  maven: "Maven",
  gem: "RubyGems",
  composer: "Packagist",
  cargo: "crates.io",
  nuget: "NuGet",
};

/** Why an OS package cannot be matched, once per report. */
type OsTarget =
  | { ok: true; base: string; accepts: (eco: string) => boolean; label: string; family: string }
  | { ok: false; reason: string };

/** The distribution's OSV ecosystem for the image's OS (`Debian:12`, `Alpine:v3.20`, ...). */
export function osEcosystem(os: OsInfo | null, type: "deb" | "apk" | "rpm"): OsTarget {
  if (!os) return { ok: false, reason: "the image has no /etc/os-release" };
  const v = os.versionId ?? "";
  const major = v.split(".")[0] ?? "";
  const family = [os.id, ...os.idLike];
  if (type === "deb" && os.id === "ubuntu" && v) {
    const label = `Ubuntu:${v}`;
    // `Ubuntu:22.04:LTS` and `Ubuntu:22.04`; not the paid `Ubuntu:Pro:...` streams.
    return {
      ok: true,
      base: "Ubuntu",
      label,
      family: "ubuntu",
      accepts: (eco) => eco === label || eco.startsWith(`${label}:`),
    };
  }
  if (type === "deb" && family.includes("debian") && major) {
    const label = `Debian:${major}`;
    return { ok: true, base: "Debian", label, family: "debian", accepts: (eco) => eco === label };
  }
  if (type === "apk" && os.id === "alpine") {
    const m = /^(\d+)\.(\d+)/.exec(v);
    if (!m) return { ok: false, reason: `Alpine release "${v}" is not major.minor[.patch]` };
    const label = `Alpine:v${m[1]}.${m[2]}`;
    return { ok: true, base: "Alpine", label, family: "alpine", accepts: (eco) => eco === label };
  }
  if (type === "rpm" && major) {
    if (os.id === "rocky" || os.id === "almalinux") {
      const base = os.id === "rocky" ? "Rocky Linux" : "AlmaLinux";
      const label = `${base}:${major}`;
      return { ok: true, base, label, family: "redhat", accepts: (eco) => eco === label };
    }
    if (os.id === "rhel" || os.id === "centos" || family.includes("rhel")) {
      // `Red Hat:enterprise_linux:9::appstream`, `Red Hat:rhel_eus:9.2::baseos`
      return {
        ok: true,
        base: "Red Hat",
        label: `Red Hat:${major}`,
        family: "redhat",
        accepts: (eco) => {
          const release = eco.split(":")[2] ?? "";
          return release === major || release.startsWith(`${major}.`);
        },
      };
    }
  }
  return { ok: false, reason: `no OSV data source for ${type} packages on ${os.id} ${v}`.trim() };
}

function targetsFor(pkg: Package, os: OsInfo | null, warn: (m: string) => void): Target[] {
  if (pkg.osOwned) return []; // matched through the OS package that installed its files
  if (pkg.type === "deb" || pkg.type === "apk" || pkg.type === "rpm") {
    const t = osEcosystem(os, pkg.type);
    if (!t.ok) {
      warn(`${pkg.type} packages were not matched: ${t.reason}`);
      return [];
    }
    const scheme = schemeForEcosystem(t.base)!;
    // Distributions publish advisories per source package (Debian, Ubuntu) or origin (Alpine).
    const bySource = pkg.source && pkg.type !== "rpm";
    return [
      {
        base: t.base,
        ecosystem: t.accepts,
        label: t.label,
        name: normalizeName(t.base, bySource ? pkg.source!.name : pkg.name),
        version: bySource ? pkg.source!.version : pkg.version,
        via: bySource ? "source" : "package",
        scheme,
        osFamily: t.family,
      },
    ];
  }
  const base = LANGUAGE[pkg.type];
  if (!base) return [];
  let version = pkg.version;
  if (pkg.type === "golang" && (pkg.name === "stdlib" || pkg.name === "toolchain")) {
    version = goToolchainToSemver(version) ?? version;
  }
  return [
    {
      base,
      ecosystem: (eco) => eco === base,
      label: base,
      name: normalizeName(base, pkg.name),
      version,
      via: "package",
      scheme: schemeForEcosystem(base)!,
      osFamily: null,
    },
  ];
}

/** One affected entry that includes the installed version. */
interface Hit {
  record: CompactRecord;
  affected: OsvAffected;
  fixed: string[];
}

/**
 * Whether `version` is in an OSV range (osv-schema "Evaluation"): events sorted by version
 * (`introduced: "0"` first; at equal versions introduced before fixed, so a zero-width range
 * is empty); the last event at or below the version decides: introduced -> affected, fixed ->
 * not, last_affected -> affected only up to and including it; a `limit` caps the range.
 * Returns the fixes above the version, or null when not affected; `undefined` when an event
 * version cannot be ordered (the range is skipped, with a warning).
 */
export function inRange(
  version: string,
  range: Pick<OsvRange, "events">,
  scheme: VersionScheme,
): string[] | null | undefined {
  type Ev = { kind: "introduced" | "fixed" | "last_affected" | "limit"; v: string };
  const events: Ev[] = [];
  for (const e of range.events) {
    const kind = Object.keys(e).find((k) =>
      ["introduced", "fixed", "last_affected", "limit"].includes(k),
    ) as Ev["kind"] | undefined;
    if (!kind) continue;
    const v = (e as Record<string, string>)[kind]!;
    if (kind === "introduced" && v === "0") {
      events.push({ kind, v });
      continue;
    }
    if (kind === "limit" && v === "*") continue;
    if (!scheme.valid(v)) return undefined;
    events.push({ kind, v });
  }
  const order = { introduced: 0, last_affected: 1, fixed: 2, limit: 3 };
  const cmp = (a: Ev, b: Ev): number => {
    const az = a.kind === "introduced" && a.v === "0";
    const bz = b.kind === "introduced" && b.v === "0";
    if (az || bz) return az && bz ? 0 : az ? -1 : 1;
    return scheme.compare(a.v, b.v) || order[a.kind] - order[b.kind];
  };
  events.sort(cmp);
  let affected = false;
  let upper: Ev | null = null;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const atOrBelow =
      e.kind === "introduced" && e.v === "0" ? true : scheme.compare(e.v, version) <= 0;
    if (e.kind === "limit") {
      if (atOrBelow) return null;
      continue;
    }
    if (!atOrBelow) {
      // The first event above the version; if it ends the range, it is the fix.
      if (affected && (e.kind === "fixed" || e.kind === "last_affected")) upper = e;
      if (affected) break;
      continue;
    }
    if (e.kind === "introduced") affected = true;
    else if (e.kind === "fixed") affected = false;
    else if (e.kind === "last_affected") affected = affected && scheme.compare(version, e.v) === 0;
  }
  if (!affected) return null;
  return upper?.kind === "fixed" ? [upper.v] : [];
}

/** Whether an affected entry includes the version: its ranges, then its explicit `versions`. */
function affects(
  a: OsvAffected,
  target: Target,
  warn: (m: string) => void,
  recordId: string,
): string[] | null {
  let hit: string[] | null = null;
  for (const range of a.ranges ?? []) {
    const scheme = schemeForRange(range.type, target.base);
    if (!scheme) continue; // GIT ranges name commits
    const r = inRange(target.version, range, scheme);
    if (r === undefined) {
      warn(
        `${recordId}: a ${range.type} range has a version ${scheme.meta.id} cannot order; skipped`,
      );
      continue;
    }
    if (r) hit = [...(hit ?? []), ...r];
  }
  if (hit) return hit;
  for (const v of a.versions ?? []) {
    if (
      v === target.version ||
      (target.scheme.valid(v) && target.scheme.compare(v, target.version) === 0)
    )
      return [];
  }
  return null;
}

export interface MatchResult {
  findings: VulnFinding[];
  warnings: string[];
}

/**
 * Every known vulnerability of every package in the inventory. OS packages are matched by
 * source package against the image's release; language packages by name in their ecosystem;
 * language packages the OS package manager installed only through the OS record. Withdrawn
 * records are never returned by the store. Advisories that are aliases of each other become
 * one finding.
 */
export function matchInventory(inventory: InventoryReport, store: VulnStore): MatchResult {
  const warnings = new Set<string>();
  const warn = (m: string) => warnings.add(m);
  const os = inventory.target.os;
  const cache = new Map<string, CompactRecord[]>();
  const findings: VulnFinding[] = [];
  for (const pkg of inventory.packages) {
    for (const target of targetsFor(pkg, os, warn)) {
      // A Go main module built from a checkout, a local replacement: nothing to look up.
      if (target.version === "" || target.version === "(devel)") continue;
      if (!target.scheme.valid(target.version)) {
        warn(
          `${pkg.name} ${target.version} (${pkg.path}): not a ${target.scheme.meta.id} version; not matched`,
        );
        continue;
      }
      const key = `${target.base}\0${target.name}`;
      let records = cache.get(key);
      if (!records) {
        records = store.lookup(target.base, target.name).map((j) => JSON.parse(j) as CompactRecord);
        cache.set(key, records);
      }
      const hits: Hit[] = [];
      for (const record of records) {
        for (const a of record.affected) {
          if (!a.package || !target.ecosystem(a.package.ecosystem)) continue;
          if (normalizeName(target.base, a.package.name) !== target.name) continue;
          const fixed = affects(a, target, warn, record.id);
          if (fixed) hits.push({ record, affected: a, fixed });
        }
      }
      findings.push(...merge(hits, pkg, target));
    }
  }
  findings.sort(compareFindings);
  return { findings, warnings: [...warnings].sort() };
}

/** Groups hits that describe the same problem (aliases) into findings. */
function merge(hits: Hit[], pkg: Package, target: Target): VulnFinding[] {
  if (hits.length === 0) return [];
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let p = parent.get(x) ?? x;
    if (p !== x) {
      p = find(p);
      parent.set(x, p);
    }
    return p;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  const idsOf = (r: CompactRecord, withUpstream: boolean) => [
    r.id,
    ...(r.aliases ?? []),
    ...(withUpstream ? (r.upstream ?? []) : []),
  ];
  // Records about several upstream problems (a DSA fixing five CVEs) join each problem's finding.
  const multi = (r: CompactRecord) => (r.upstream?.length ?? 0) > 1;
  const byRecord = new Map<string, Hit[]>();
  for (const h of hits) byRecord.set(h.record.id, [...(byRecord.get(h.record.id) ?? []), h]);
  for (const [, hs] of byRecord) {
    const r = hs[0]!.record;
    if (multi(r)) continue;
    const ids = idsOf(r, true);
    for (const id of ids) union(ids[0]!, id);
  }
  const groups = new Map<string, Hit[]>();
  for (const [, hs] of byRecord) {
    const r = hs[0]!.record;
    if (multi(r)) continue;
    const root = find(r.id);
    groups.set(root, [...(groups.get(root) ?? []), ...hs]);
  }
  for (const [, hs] of byRecord) {
    const r = hs[0]!.record;
    if (!multi(r)) continue;
    const roots = new Set(
      idsOf(r, true)
        .filter((id) => parent.has(id) || groups.has(id))
        .map(find)
        .filter((root) => groups.has(root)),
    );
    if (roots.size === 0) groups.set(r.id, hs);
    for (const root of roots) groups.get(root)!.push(...hs);
  }
  return [...groups.values()].map((group) => finding(group, pkg, target));
}

const SOURCE_RANK: Record<string, number> = {
  debian: 0,
  ubuntu: 0,
  alpine: 0,
  redhat: 0,
  "cvss-v4.0": 1,
  "cvss-v3.1": 2,
  "cvss-v3.0": 3,
  ghsa: 4,
  none: 5,
};

function finding(group: Hit[], pkg: Package, target: Target): VulnFinding {
  const records = [...new Map(group.map((h) => [h.record.id, h.record])).values()].sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  const ids = new Set<string>();
  for (const r of records) {
    ids.add(r.id);
    for (const a of r.aliases ?? []) ids.add(a);
    if ((r.upstream?.length ?? 0) === 1) ids.add(r.upstream![0]!);
  }
  const cves = [...ids].filter((id) => id.startsWith("CVE-")).sort(compareIds);
  const id = cves[0] ?? records[0]!.id;
  const fixes = [...new Set(group.flatMap((h) => h.fixed))].sort((a, b) =>
    target.scheme.compare(a, b),
  );
  let severity: SeverityInfo | null = null;
  for (const h of group) {
    // The compact record keeps the summary as `title` (Red Hat puts its rating there).
    const record = { ...h.record, summary: h.record.title } as unknown as OsvRecord;
    const s = severityOf(record, h.affected, target.osFamily);
    if (!severity || better(s, severity)) severity = s;
  }
  const status: FixStatus =
    fixes.length > 0
      ? "fixed"
      : group
          .map((h) => fixStatusOf(h.affected, false))
          .reduce<FixStatus>((acc, s) => (acc === "unfixed" ? s : acc), "unfixed");
  const titled = records.find((r) => r.title && r.title !== r.id) ?? records[0]!;
  return {
    id,
    aliases: [...ids].filter((x) => x !== id).sort(compareIds),
    advisories: records.map((r) => r.id),
    package: {
      type: pkg.type,
      name: pkg.name,
      version: pkg.version,
      purl: pkg.purl,
      path: pkg.path,
      layer: pkg.layer ?? null,
      ...(pkg.source ? { source: pkg.source } : {}),
    },
    ecosystem: target.label,
    matchedBy: { name: target.name, version: target.version, via: target.via },
    fixedVersions: fixes,
    status,
    severity: severity!,
    title: titled.title,
    urls: [...new Set(records.flatMap((r) => r.urls))].slice(0, 5),
  };
}

function better(a: SeverityInfo, b: SeverityInfo): boolean {
  const ra = SOURCE_RANK[a.source] ?? 5;
  const rb = SOURCE_RANK[b.source] ?? 5;
  if (ra !== rb) return ra < rb;
  return SEVERITIES.indexOf(a.level) > SEVERITIES.indexOf(b.level);
}

/** CVE-2021-9999 before CVE-2021-10000: ids compare by their numeric parts. */
export function compareIds(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

/** Report order: severity (critical first), package name, version, path, id. */
export function compareFindings(a: VulnFinding, b: VulnFinding): number {
  return (
    SEVERITIES.indexOf(b.severity.level) - SEVERITIES.indexOf(a.severity.level) ||
    str(a.package.name, b.package.name) ||
    str(a.package.version, b.package.version) ||
    str(a.package.path, b.package.path) ||
    compareIds(a.id, b.id)
  );
}

function str(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface VulnReportOptions {
  now: Date;
  /** Warn when the newest import is older than this (hours). */
  maxAgeHours: number;
}

/** The report of a vulnerability scan (before suppressions and filters). */
export function vulnerabilityReport(
  inventory: InventoryReport,
  store: VulnStore,
  opts: VulnReportOptions,
): VulnReport {
  const sources = store.sources();
  const { findings, warnings } = matchInventory(inventory, store);
  const updatedAt =
    sources
      .map((s) => s.updatedAt)
      .sort()
      .at(-1) ?? null;
  const extra: string[] = [];
  if (!updatedAt) {
    extra.push(
      "the vulnerability database is empty: run `drydock db update` (or `drydock db import`)",
    );
  } else {
    const ageHours = (opts.now.getTime() - Date.parse(updatedAt)) / 3_600_000;
    if (ageHours > opts.maxAgeHours)
      extra.push(
        `the vulnerability database was last updated ${formatAge(ageHours)} ago (${updatedAt}): run \`drydock db update\``,
      );
  }
  return {
    schemaVersion: 1,
    inventory,
    db: {
      updatedAt,
      ecosystems: sources.map((s) => ({ name: s.source, records: s.records })),
    },
    findings,
    suppressed: [],
    warnings: [...extra, ...warnings],
  };
}

function formatAge(hours: number): string {
  return hours >= 48 ? `${Math.floor(hours / 24)} days` : `${Math.floor(hours)} hours`;
}
