/**
 * The secret scan report, and its drydock JSON form (secrets v1):
 *
 * ```json
 * { "version": 1, "tool": { "name": "drydock", "version": "0.1.0" },
 *   "target": { "kind": "dir", "path": "." },
 *   "findings": [{ "ruleId", "title", "severity", "path", "line", "column", "redacted",
 *                  "fingerprint", "paired"?, "commit"?, "layer"?, "field"?, "secret"? }],
 *   "stats": { "files"?, "commits"?, "bytes", "skipped": [{ "path", "reason" }],
 *              "suppressed": { "baseline" } },
 *   "errors": [{ "path", "reason" }] }
 * ```
 *
 * Findings are sorted by path, line, column, rule (then commit, layer, fingerprint), skipped
 * and errors by path: the same scan gives the same bytes. `secret` is there only with
 * `showSecrets` (`--show-secrets`); every format shows the redacted text otherwise.
 */
import { z } from "zod";
import type { Finding, RuleMeta } from "../types.ts";

export interface PathNote {
  path: string;
  reason: string;
}

export interface SecretsReport {
  tool: { name: "drydock"; version: string };
  target: { kind: "dir" | "git" | "staged"; path: string };
  /** Every rule that ran (SARIF lists them); not part of the JSON form. */
  rules: RuleMeta[];
  findings: Finding[];
  stats: {
    files?: number;
    commits?: number;
    bytes: number;
    skipped: PathNote[];
    suppressed: { baseline: number };
  };
  errors: PathNote[];
}

export interface ReportOptions {
  /** Print the secrets themselves (`--show-secrets`); redacted otherwise. */
  showSecrets: boolean;
}

export function toJson(report: SecretsReport, opts: ReportOptions): string {
  const r = report;
  const stats: Record<string, unknown> = {};
  if (r.stats.files !== undefined) stats.files = r.stats.files;
  if (r.stats.commits !== undefined) stats.commits = r.stats.commits;
  stats.bytes = r.stats.bytes;
  stats.skipped = sortedNotes(r.stats.skipped);
  stats.suppressed = { baseline: r.stats.suppressed.baseline };
  const doc = {
    version: 1,
    tool: { name: r.tool.name, version: r.tool.version },
    target: { kind: r.target.kind, path: r.target.path },
    findings: sortedFindings(r.findings).map((f) => findingJson(f, opts)),
    stats,
    errors: sortedNotes(r.errors),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function findingJson(f: Finding, opts: ReportOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ruleId: f.ruleId,
    title: f.title,
    severity: f.severity,
    path: f.origin.path,
    line: f.line,
    column: f.column,
    redacted: f.redacted,
    fingerprint: f.fingerprint,
  };
  if (f.paired !== undefined) out.paired = f.paired;
  if (f.origin.commit !== undefined) out.commit = { ...f.origin.commit };
  if (f.origin.layer !== undefined) out.layer = f.origin.layer;
  if (f.origin.field !== undefined) out.field = f.origin.field;
  if (opts.showSecrets) out.secret = f.secret;
  return out;
}

/** Path, line, column, rule, then commit, layer, fingerprint: a total order. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.origin.path, b.origin.path) ||
    a.line - b.line ||
    a.column - b.column ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.origin.commit?.sha ?? "", b.origin.commit?.sha ?? "") ||
    cmp(a.origin.layer ?? "", b.origin.layer ?? "") ||
    cmp(a.fingerprint, b.fingerprint)
  );
}

export function sortedFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

export function sortedNotes(notes: readonly PathNote[]): PathNote[] {
  return [...notes]
    .sort((a, b) => cmp(a.path, b.path) || cmp(a.reason, b.reason))
    .map((n) => ({ path: n.path, reason: n.reason }));
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const Note = z.strictObject({ path: z.string(), reason: z.string() });

/** Parses secrets v1 JSON (the output of toJson) back; rejects unknown fields. */
export const SecretsJson = z.strictObject({
  version: z.literal(1),
  tool: z.strictObject({ name: z.literal("drydock"), version: z.string() }),
  target: z.strictObject({ kind: z.enum(["dir", "git", "staged"]), path: z.string() }),
  findings: z.array(
    z.strictObject({
      ruleId: z.string(),
      title: z.string(),
      severity: z.enum(["critical", "high", "medium", "low"]),
      path: z.string(),
      line: z.number().int().positive(),
      column: z.number().int().positive(),
      redacted: z.string(),
      fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
      paired: z.string().optional(),
      commit: z
        .strictObject({ sha: z.string(), author: z.string(), email: z.string(), date: z.string() })
        .optional(),
      layer: z.string().optional(),
      field: z.string().optional(),
      secret: z.string().optional(),
    }),
  ),
  stats: z.strictObject({
    files: z.number().int().nonnegative().optional(),
    commits: z.number().int().nonnegative().optional(),
    bytes: z.number().int().nonnegative(),
    skipped: z.array(Note),
    suppressed: z.strictObject({ baseline: z.number().int().nonnegative() }),
  }),
  errors: z.array(Note),
});
export type SecretsJson = z.infer<typeof SecretsJson>;
