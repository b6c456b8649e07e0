import Table from "cli-table3";
import type { Severity } from "../types.ts";
import { type ReportOptions, type SecretsReport, sortedFindings } from "./json.ts";

export interface TableOptions extends ReportOptions {
  /** ANSI colours (severities, headings); off for pipes and files. */
  color: boolean;
}

const SEVERITIES: Severity[] = ["critical", "high", "medium", "low"];

/**
 * What a person reads in a terminal: one row per finding (severity, rule, path:line, the
 * redacted secret), then the counts by severity and a line on what was skipped. Every value
 * from the scanned files is stripped of control characters, so a crafted file name or secret
 * cannot move the cursor or recolour the terminal.
 */
export function toTable(report: SecretsReport, opts: TableOptions): string {
  const s = styles(opts.color);
  const out: string[] = [];
  const findings = sortedFindings(report.findings);
  if (findings.length > 0) {
    const table = new Table({
      head: ["Severity", "Rule", "Location", "Secret"].map((h) => s.bold(h)),
      style: { head: [], border: [], compact: true },
    });
    for (const f of findings) {
      const where = f.origin.commit ? ` @ ${f.origin.commit.sha.slice(0, 12)}` : "";
      const layer = f.origin.layer
        ? ` (layer ${f.origin.layer.replace(/^sha256:/, "").slice(0, 12)})`
        : "";
      table.push([
        s.severity(f.severity),
        clean(f.paired ? `${f.ruleId} + ${f.paired}` : f.ruleId),
        clean(`${f.origin.path}:${f.line}${where}${layer}`),
        clean(opts.showSecrets ? f.secret : f.redacted),
      ]);
    }
    out.push(table.toString(), "");
  } else out.push("No secrets found.", "");

  const counts = new Map<Severity, number>();
  for (const f of findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  const bySeverity = SEVERITIES.filter((sev) => counts.has(sev)).map(
    (sev) => `${s.severity(sev)} ${counts.get(sev)}`,
  );
  let summary = `${plural(findings.length, "finding")}`;
  if (bySeverity.length > 0) summary += ` (${bySeverity.join(", ")})`;
  const scanned: string[] = [];
  if (report.stats.files !== undefined) scanned.push(plural(report.stats.files, "file"));
  if (report.stats.commits !== undefined) scanned.push(plural(report.stats.commits, "commit"));
  scanned.push(`${(report.stats.bytes / 1e6).toFixed(1)} MB`);
  summary += ` in ${scanned.join(", ")}`;
  if (report.stats.suppressed.baseline > 0)
    summary += `; ${report.stats.suppressed.baseline} in the baseline not shown`;
  out.push(summary);

  if (report.stats.skipped.length > 0) {
    const reasons = new Map<string, number>();
    for (const k of report.stats.skipped) {
      const reason = k.reason.replace(/ \(.*\)$/, "");
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    const list = [...reasons].map(([r, n]) => `${clean(r)} ${n}`).join(", ");
    out.push(s.dim(`skipped ${report.stats.skipped.length} (${list}); --format json lists them`));
  }
  if (report.errors.length > 0) {
    out.push("", s.yellow(s.bold(`Errors (${report.errors.length}): these could not be scanned`)));
    for (const e of report.errors) out.push(s.yellow(`  ${clean(e.path)}: ${clean(e.reason)}`));
  }
  return `${out.join("\n")}\n`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Replaces C0/C1 control characters and bidi overrides with U+FFFD. */
export function clean(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, "\ufffd");
}

interface Styles {
  bold(s: string): string;
  dim(s: string): string;
  yellow(s: string): string;
  severity(sev: Severity): string;
}

function styles(color: boolean): Styles {
  const wrap = (open: number, close: number) => (s: string) =>
    color ? `\u001b[${open}m${s}\u001b[${close}m` : s;
  const colour: Record<Severity, (s: string) => string> = {
    critical: (s) => wrap(1, 22)(wrap(31, 39)(s)),
    high: wrap(31, 39),
    medium: wrap(33, 39),
    low: wrap(36, 39),
  };
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    yellow: wrap(33, 39),
    severity: (sev) => colour[sev](sev),
  };
}
