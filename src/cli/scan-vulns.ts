/**
 * `drydock scan image|dir --scanners vulns`: the inventory matched against the local
 * vulnerability database, then the ignore file, VEX documents and filters applied.
 */
import { existsSync, readFileSync } from "node:fs";
import { openVulnStore, vulnDbPath } from "../app/scan.ts";
import { DrydockError } from "../core/errors.ts";
import type { InventoryReport } from "../scanner/report/inventory.ts";
import { type IgnoreFile, parseIgnoreFile } from "../scanner/vulndb/ignore.ts";
import { vulnerabilityReport } from "../scanner/vulndb/match.ts";
import { applySuppressions, filterFindings, parseSeverities } from "../scanner/vulndb/suppress.ts";
import type { Severity, VulnReport } from "../scanner/vulndb/types.ts";
import { parseVex } from "../scanner/vulndb/vex.ts";
import type { ScanOptions } from "./scan.ts";

export const DEFAULT_IGNORE_FILE = ".drydockignore.yaml";

export async function scanVulnerabilities(
  inventory: InventoryReport,
  opts: ScanOptions,
): Promise<VulnReport> {
  const severities = severitiesOf(opts.severity);
  const maxAgeHours = Number(opts.dbMaxAge ?? "120");
  if (!Number.isFinite(maxAgeHours) || maxAgeHours <= 0)
    throw new DrydockError("INVALID", "--db-max-age must be a positive number of hours");
  const file = vulnDbPath(opts.db);
  if (!existsSync(file))
    throw new DrydockError(
      "INVALID",
      `no vulnerability database at ${file}: run \`drydock db update\` (or \`drydock db import PATH\` offline)`,
    );
  const now = new Date();
  const store = openVulnStore(file, { create: false });
  let report: VulnReport;
  try {
    report = vulnerabilityReport(inventory, store, { now, maxAgeHours });
  } finally {
    store.close();
  }

  const today = now.toISOString().slice(0, 10);
  const ignorePath =
    opts.ignorefile ?? (existsSync(DEFAULT_IGNORE_FILE) ? DEFAULT_IGNORE_FILE : null);
  let ignore: IgnoreFile | null = null;
  if (ignorePath) {
    const parsed = parseIgnoreFile(readText(ignorePath), ignorePath, today);
    if ("error" in parsed) throw new DrydockError("INVALID", parsed.error);
    ignore = parsed;
    for (const e of ignore.expired)
      report.warnings.push(
        `${ignorePath}: the entry for ${e.id} expired on ${e.expires} and no longer applies`,
      );
  }
  const vex = (opts.vex ?? []).map((f) => {
    const statements = parseVex(readText(f), f);
    if ("error" in statements) throw new DrydockError("INVALID", statements.error);
    return { file: f, statements };
  });
  const { findings, suppressed } = applySuppressions(report.findings, {
    ignore: ignore?.entries ?? [],
    ...(ignorePath ? { ignoreFile: ignorePath } : {}),
    vex,
    imageRef: inventory.target.ref,
    imageDigest: inventory.target.digest,
    packages: inventory.packages,
  });
  const filter = {
    ...(severities ? { severities } : {}),
    ignoreUnfixed: opts.ignoreUnfixed === true,
  };
  return {
    ...report,
    findings: filterFindings(findings, filter),
    suppressed: filterFindings(suppressed, filter) as typeof suppressed,
  };
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new DrydockError(
      "INVALID",
      `${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
}

function severitiesOf(list: string | undefined): Severity[] | null {
  if (!list) return null;
  const parsed = parseSeverities(list);
  if ("error" in parsed) throw new DrydockError("INVALID", `--severity: ${parsed.error}`);
  return parsed;
}
