import Table from "cli-table3";
import type { Severity, SuppressedFinding, VulnFinding, VulnReport } from "../../vulndb/types.ts";
import { clean } from "../table.ts";
import {
  countBySeverity,
  fixedText,
  SEVERITY_ORDER,
  shortLayer,
  sortedFindings,
  totalsLine,
} from "./common.ts";

export interface VulnTableOptions {
  /** ANSI styles (severity colours, bold headings, dim layer ids); off for pipes and files. */
  color: boolean;
}

const TITLE_MAX = 60;

/**
 * What a person reads in a terminal: the target, OS and database age; one table per severity
 * (critical first) with package, installed version, fixed version (or why there is none), id,
 * title and layer; the totals; the suppressed findings with their reason; the warnings. Values
 * from the image and the database are stripped of control characters first.
 */
export function toVulnTable(report: VulnReport, opts: VulnTableOptions): string {
  const s = styles(opts.color);
  const t = report.inventory.target;
  const out: string[] = [];

  const header: [string, string][] = [
    ["Target", `${t.ref} (${t.kind})`],
    ["OS", osText(report)],
    ["Packages", String(report.inventory.packages.length)],
    ["Database", dbText(report)],
  ];
  for (const [k, v] of header) out.push(`${s.bold(`${k}:`.padEnd(10))}${clean(v)}`);
  out.push("");

  const findings = sortedFindings(report.findings);
  if (findings.length === 0) {
    out.push(s.green("No vulnerabilities found."), "");
  } else {
    const counts = countBySeverity(findings);
    for (const level of SEVERITY_ORDER) {
      if (counts[level] === 0) continue;
      out.push(s.severity(level, `${level} (${counts[level]})`));
      const table = makeTable(s, ["Package", "Installed", "Fixed", "ID", "Title", "Layer"]);
      for (const f of findings.filter((x) => x.severity.level === level))
        table.push([
          clean(f.package.name),
          clean(f.package.version),
          f.fixedVersions.length > 0 ? s.green(clean(fixedText(f))) : s.dim(fixedText(f)),
          clean(idText(f)),
          clean(shorten(f.title, TITLE_MAX)),
          s.dim(clean(shortLayer(f.package.layer))),
        ]);
      out.push(table.toString(), "");
    }
  }

  out.push(s.bold(totalsLine(findings)));
  const suppressed = sortedFindings(report.suppressed);
  out.push(`Suppressed: ${suppressed.length}`);
  for (const f of suppressed) out.push(`  ${clean(suppressedText(f))}`);

  const warnings = [...report.warnings].sort();
  const problems = report.inventory.problems.length;
  if (report.inventory.partial || problems > 0)
    warnings.push(
      `the inventory is partial: ${problems} part${problems === 1 ? "" : "s"} could not be read, so packages (and their vulnerabilities) may be missing`,
    );
  if (warnings.length > 0) {
    out.push("", s.yellow(s.bold(`Warnings (${warnings.length}):`)));
    for (const w of warnings) out.push(s.yellow(`  - ${clean(w)}`));
  }
  return `${out.join("\n")}\n`;
}

/** `CVE-2024-1 (GHSA-xxxx-xxxx-xxxx)` with one alias, `CVE-2024-1 (+3)` with more. */
function idText(f: VulnFinding): string {
  if (f.aliases.length === 0) return f.id;
  if (f.aliases.length === 1) return `${f.id} (${f.aliases[0]})`;
  return `${f.id} (+${f.aliases.length})`;
}

/** `CVE-2024-1 libfoo 1.2: reason [vex vex/app.json]`, `... [ignore .drydockignore.yaml, expires 2027-01-31]`. */
function suppressedText(f: SuppressedFinding): string {
  const s = f.suppression;
  const where = s.expires ? `${s.source}, expires ${s.expires}` : s.source;
  return `${f.id} ${f.package.name} ${f.package.version}: ${s.reason} [${s.kind} ${where}]`;
}

function osText(r: VulnReport): string {
  const os = r.inventory.target.os;
  if (!os) return "-";
  return (
    os.prettyName ??
    [os.id, os.versionId, os.versionCodename && `(${os.versionCodename})`].filter(Boolean).join(" ")
  );
}

/**
 * `updated 2024-06-30T06:34:56Z (30 hours before the scan)`. The age is measured against the
 * scan time (createdAt), not the clock, so the same report prints the same text.
 */
function dbText(r: VulnReport): string {
  const updated = r.db.updatedAt;
  if (!updated) return "never updated";
  const ms = Date.parse(r.inventory.createdAt) - Date.parse(updated);
  if (!Number.isFinite(ms) || ms < 0) return `updated ${updated}`;
  const hours = Math.floor(ms / 3_600_000);
  const age =
    hours < 48 ? `${hours} hour${hours === 1 ? "" : "s"}` : `${Math.floor(hours / 24)} days`;
  return `updated ${updated} (${age} before the scan)`;
}

/** At most `max` characters (code points), an ellipsis marking the cut. */
function shorten(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, " ").trim()];
  return chars.length <= max
    ? chars.join("")
    : `${chars
        .slice(0, max - 1)
        .join("")
        .trimEnd()}…`;
}

interface Styles {
  bold(s: string): string;
  dim(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  severity(level: Severity, s: string): string;
}

function styles(color: boolean): Styles {
  const wrap =
    (open: string, close: string) =>
    (s: string): string =>
      color ? `\u001b[${open}m${s}\u001b[${close}m` : s;
  const bold = wrap("1", "22");
  const red = wrap("31", "39");
  const colours: Record<Severity, (s: string) => string> = {
    CRITICAL: wrap("91", "39"),
    HIGH: red,
    MEDIUM: wrap("33", "39"),
    LOW: wrap("36", "39"),
    UNKNOWN: wrap("2", "22"),
  };
  return {
    bold,
    dim: wrap("2", "22"),
    yellow: wrap("33", "39"),
    green: wrap("32", "39"),
    severity: (level, s) => bold(colours[level](s)),
  };
}

function makeTable(s: Styles, head: string[]): Table.Table {
  return new Table({
    head: head.map((h) => s.bold(h)),
    // cli-table3 would colour through @colors/colors; we style cells ourselves, so no colour here.
    style: { head: [], border: [], compact: true },
  });
}
