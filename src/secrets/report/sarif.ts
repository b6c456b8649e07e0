/**
 * SARIF 2.1.0 (OASIS, https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html), as
 * GitHub code scanning and most CI dashboards read it: one run; `tool.driver.rules` lists
 * every rule that ran (id, name, shortDescription, helpUri, defaultConfiguration.level); one
 * result per finding with its rule, level, message, location (path relative to the scanned
 * root, `%SRCROOT%`, line and column in UTF-16 code units) and `partialFingerprints` (the
 * finding's fingerprint, so a dashboard tracks it across commits and line moves). Read errors
 * become tool execution notifications. The message shows the redacted secret unless
 * `showSecrets`.
 */

import { sarifArtifact, sarifLog } from "../../core/sarif.ts";
import type { Finding, RuleMeta, Severity } from "../types.ts";
import { type ReportOptions, type SecretsReport, sortedFindings, sortedNotes } from "./json.ts";

type Level = "error" | "warning" | "note";

const LEVEL: Record<Severity, Level> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
};

export function toSarif(report: SecretsReport, opts: ReportOptions): string {
  const rules = [...report.rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // A finding of a rule not in the list (it ran elsewhere, e.g. in git.ts) still gets one.
  const known = new Set(rules.map((r) => r.id));
  for (const f of report.findings) {
    if (known.has(f.ruleId)) continue;
    known.add(f.ruleId);
    rules.push({ id: f.ruleId, title: f.title, severity: f.severity, keywords: [], docsUrl: "" });
  }
  const index = new Map(rules.map((r, i) => [r.id, i]));
  return sarifLog({
    toolVersion: report.tool.version,
    rules: rules.map(ruleJson),
    executionSuccessful: report.errors.length === 0,
    notifications: sortedNotes(report.errors).map((e) => ({
      level: "error",
      message: { text: `${e.path}: ${e.reason}` },
      locations: [{ physicalLocation: { artifactLocation: sarifArtifact(e.path) } }],
    })),
    root: `the scanned ${report.target.kind}: ${report.target.path}`,
    results: sortedFindings(report.findings).map((f) => resultJson(f, index, opts)),
    extra: { columnKind: "utf16CodeUnits" },
  });
}

function ruleJson(r: RuleMeta): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: r.id,
    name: pascal(r.id),
    shortDescription: { text: r.title },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: { severity: r.severity, tags: ["security", "secret"] },
  };
  if (/^https?:\/\//.test(r.docsUrl)) out.helpUri = r.docsUrl;
  return out;
}

function resultJson(f: Finding, index: Map<string, number>, opts: ReportOptions) {
  const shown = opts.showSecrets ? f.secret : f.redacted;
  const region: Record<string, number> = { startLine: f.line, startColumn: f.column };
  if (!f.secret.includes("\n")) region.endColumn = f.column + f.secret.length;
  const properties: Record<string, unknown> = { severity: f.severity };
  if (f.paired) properties.paired = f.paired;
  if (f.origin.commit) properties.commit = { ...f.origin.commit };
  if (f.origin.layer) properties.layer = f.origin.layer;
  if (f.origin.field) properties.field = f.origin.field;
  return {
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId),
    level: LEVEL[f.severity],
    message: { text: `${f.title}: ${shown}` },
    locations: [{ physicalLocation: { artifactLocation: sarifArtifact(f.origin.path), region } }],
    partialFingerprints: { "drydockFingerprint/v1": f.fingerprint },
    properties,
  };
}

/** `aws-access-key-id` -> `AwsAccessKeyId`, SARIF's readable rule name. */
function pascal(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}
