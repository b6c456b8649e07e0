/**
 * A baseline: the findings a team has looked at and accepted (or is rotating away), so that
 * only new ones fail a build. It holds fingerprints (sha256 of rule id and secret), never a
 * secret, not even redacted: `{ "version": 1, "fingerprints": [{ fingerprint, ruleId, path }] }`.
 * `ruleId` and `path` are there for people reading the file; matching is by fingerprint only,
 * so a baselined secret moved to another line or file stays baselined.
 *
 * A fingerprint cannot be reversed, but a short or guessable secret (a dictionary password)
 * can be found again by hashing guesses: treat a baseline as internal, like the code it covers.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { DrydockError } from "../core/errors.ts";
import { writeFileAtomic } from "../core/files.ts";
import type { Finding } from "./types.ts";

export const Baseline = z.strictObject({
  version: z.literal(1),
  fingerprints: z.array(
    z.strictObject({
      fingerprint: z.string().regex(/^[0-9a-f]{64}$/, "a sha256 in lowercase hex"),
      ruleId: z.string(),
      path: z.string(),
    }),
  ),
});
export type Baseline = z.infer<typeof Baseline>;

/** The baseline of `findings`: one entry per fingerprint, in a stable order. */
export function baselineOf(findings: readonly Finding[]): Baseline {
  const byFingerprint = new Map<string, { fingerprint: string; ruleId: string; path: string }>();
  for (const f of findings) {
    const prev = byFingerprint.get(f.fingerprint);
    if (!prev || f.origin.path < prev.path)
      byFingerprint.set(f.fingerprint, {
        fingerprint: f.fingerprint,
        ruleId: f.ruleId,
        path: f.origin.path,
      });
  }
  const fingerprints = [...byFingerprint.values()].sort(
    (a, b) => cmp(a.path, b.path) || cmp(a.ruleId, b.ruleId) || cmp(a.fingerprint, b.fingerprint),
  );
  return { version: 1, fingerprints };
}

/** Findings whose fingerprint is not in the baseline, and how many were dropped. */
export function applyBaseline(
  findings: readonly Finding[],
  baseline: Baseline,
): { kept: Finding[]; suppressed: number } {
  const known = new Set(baseline.fingerprints.map((f) => f.fingerprint));
  const kept = findings.filter((f) => !known.has(f.fingerprint));
  return { kept, suppressed: findings.length - kept.length };
}

/** Reads and validates a baseline file; errors name the file and what is wrong. */
export async function readBaseline(file: string): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new DrydockError(
      "INVALID",
      `cannot read baseline ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  return parseBaseline(text, file);
}

export function parseBaseline(text: string, file: string): Baseline {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new DrydockError("INVALID", `baseline ${file} is not JSON: ${(err as Error).message}`);
  }
  const parsed = Baseline.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
    throw new DrydockError("INVALID", `baseline ${file}: ${at}: ${issue.message}`);
  }
  return parsed.data;
}

/** Writes the baseline of `findings` (atomically: a crash leaves the old file or the new). */
export async function writeBaseline(file: string, findings: readonly Finding[]): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(baselineOf(findings), null, 2)}\n`, {
    mode: 0o644,
    dirMode: 0o755,
  });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
