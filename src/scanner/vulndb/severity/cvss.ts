// The calculator ships as a CommonJS/UMD bundle: Node's ESM loader only exposes it as the
// default export (its named exports are not statically detectable).
import calculator from "ae-cvss-calculator";
import type { Severity } from "../types.ts";

/**
 * CVSS base scores for the vectors advisories carry (OSV `severity[].score` of type `CVSS_V3`
 * or `CVSS_V4`). drydock validates the vector itself, strictly, and leaves the arithmetic (the
 * v3 formulas and the v4 macrovector tables with their interpolation) to `ae-cvss-calculator`,
 * which accepts almost anything without complaint: unknown metrics throw, but missing ones
 * silently score 0, duplicates silently overwrite, and the `CVSS:x.y` prefix is ignored.
 */

export type CvssVersion = "3.0" | "3.1" | "4.0";

export interface CvssScore {
  version: CvssVersion;
  /** The BASE score (CVSS-B for v4.0): threat, temporal, environmental metrics are ignored. */
  score: number;
  /** The vector as given (surrounding white space removed). */
  vector: string;
}

type MetricTable = Readonly<Record<string, readonly string[]>>;

const V3_BASE: MetricTable = {
  AV: ["N", "A", "L", "P"],
  AC: ["L", "H"],
  PR: ["N", "L", "H"],
  UI: ["N", "R"],
  S: ["U", "C"],
  C: ["H", "L", "N"],
  I: ["H", "L", "N"],
  A: ["H", "L", "N"],
};

/** Temporal and environmental metrics (v3.0 and v3.1 define the same ones). */
const V3_OPTIONAL: MetricTable = {
  E: ["X", "H", "F", "P", "U"],
  RL: ["X", "U", "W", "T", "O"],
  RC: ["X", "C", "R", "U"],
  CR: ["X", "H", "M", "L"],
  IR: ["X", "H", "M", "L"],
  AR: ["X", "H", "M", "L"],
  MAV: ["X", "N", "A", "L", "P"],
  MAC: ["X", "L", "H"],
  MPR: ["X", "N", "L", "H"],
  MUI: ["X", "N", "R"],
  MS: ["X", "U", "C"],
  MC: ["X", "H", "L", "N"],
  MI: ["X", "H", "L", "N"],
  MA: ["X", "H", "L", "N"],
};

const V4_BASE: MetricTable = {
  AV: ["N", "A", "L", "P"],
  AC: ["L", "H"],
  AT: ["N", "P"],
  PR: ["N", "L", "H"],
  UI: ["N", "P", "A"],
  VC: ["H", "L", "N"],
  VI: ["H", "L", "N"],
  VA: ["H", "L", "N"],
  SC: ["H", "L", "N"],
  SI: ["H", "L", "N"],
  SA: ["H", "L", "N"],
};

/** Threat, environmental and supplemental metrics. */
const V4_OPTIONAL: MetricTable = {
  E: ["X", "A", "P", "U"],
  CR: ["X", "H", "M", "L"],
  IR: ["X", "H", "M", "L"],
  AR: ["X", "H", "M", "L"],
  MAV: ["X", "N", "A", "L", "P"],
  MAC: ["X", "L", "H"],
  MAT: ["X", "N", "P"],
  MPR: ["X", "N", "L", "H"],
  MUI: ["X", "N", "P", "A"],
  MVC: ["X", "H", "L", "N"],
  MVI: ["X", "H", "L", "N"],
  MVA: ["X", "H", "L", "N"],
  MSC: ["X", "H", "L", "N"],
  MSI: ["X", "S", "H", "L", "N"],
  MSA: ["X", "S", "H", "L", "N"],
  S: ["X", "N", "P"],
  AU: ["X", "N", "Y"],
  R: ["X", "A", "U", "I"],
  V: ["X", "D", "C"],
  RE: ["X", "L", "M", "H"],
  U: ["X", "Clear", "Green", "Amber", "Red"],
};

const VERSIONS: Readonly<
  Record<string, { version: CvssVersion; base: MetricTable; optional: MetricTable }>
> = {
  "CVSS:3.0": { version: "3.0", base: V3_BASE, optional: V3_OPTIONAL },
  "CVSS:3.1": { version: "3.1", base: V3_BASE, optional: V3_OPTIONAL },
  "CVSS:4.0": { version: "4.0", base: V4_BASE, optional: V4_OPTIONAL },
};

/** Far longer than any real vector (a full v4.0 one is about 250 characters). */
const MAX_VECTOR_LENGTH = 1024;

/**
 * Parses and validates a v3.0, v3.1 or v4.0 vector: the `CVSS:x.y` prefix, then `/`-separated
 * `METRIC:VALUE` pairs, each metric at most once, every base metric present and defined (not
 * `X`), every other metric one the version defines, with a value it defines (case-sensitive,
 * as the specifications write them). Metric order is not enforced: the specifications ask for
 * their order, but advisory databases have published out-of-order vectors whose meaning is
 * unambiguous. Returns the version and the base metrics in specification order, or null.
 */
function parseVector(vector: string): { version: CvssVersion; base: string } | null {
  const parts = vector.split("/");
  const spec = VERSIONS[parts[0] ?? ""];
  if (spec === undefined) return null;
  const seen = new Map<string, string>();
  for (const part of parts.slice(1)) {
    const colon = part.indexOf(":");
    if (colon <= 0 || part.indexOf(":", colon + 1) >= 0) return null;
    const metric = part.slice(0, colon);
    const value = part.slice(colon + 1);
    if (seen.has(metric)) return null;
    const allowed = Object.hasOwn(spec.base, metric)
      ? spec.base[metric]
      : Object.hasOwn(spec.optional, metric)
        ? spec.optional[metric]
        : undefined;
    if (allowed === undefined || !allowed.includes(value)) return null;
    seen.set(metric, value);
  }
  const base: string[] = [parts[0]!];
  for (const metric of Object.keys(spec.base)) {
    const value = seen.get(metric);
    if (value === undefined) return null;
    base.push(`${metric}:${value}`);
  }
  return { version: spec.version, base: base.join("/") };
}

/** The library's base score for a validated base-only vector, or null when it misbehaves. */
function computeBase(version: CvssVersion, baseVector: string): number | null {
  let raw: number | undefined;
  switch (version) {
    case "3.0":
      raw = new calculator.Cvss3P0(baseVector).calculateScores().base;
      break;
    case "3.1":
      raw = new calculator.Cvss3P1(baseVector).calculateScores().base;
      break;
    case "4.0":
      raw = new calculator.Cvss4P0(baseVector).calculateScores().base;
      break;
  }
  if (typeof raw !== "number" || !Number.isFinite(raw) || raw < 0 || raw > 10) return null;
  // Scores are defined to one decimal; drop floating-point noise.
  return Math.round(raw * 10) / 10;
}

/**
 * The base score of a CVSS v3.0, v3.1 or v4.0 vector, or null for anything malformed (no or
 * an unknown `CVSS:` prefix, which includes every CVSS v2 vector; unknown metrics or values;
 * a metric given twice; a base metric missing or `X`; empty parts). Never throws.
 *
 * Threat (v4.0), temporal (v3.x), environmental and supplemental metrics are validated but do
 * not change the result: only the base metrics are scored.
 */
export function cvssBaseScore(vector: string): CvssScore | null {
  if (typeof vector !== "string") return null;
  const trimmed = vector.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_VECTOR_LENGTH) return null;
  const parsed = parseVector(trimmed);
  if (parsed === null) return null;
  try {
    const score = computeBase(parsed.version, parsed.base);
    return score === null ? null : { version: parsed.version, score, vector: trimmed };
  } catch {
    return null;
  }
}

/**
 * The CVSS qualitative severity rating scale (the same in v3.0, v3.1 and v4.0, and the one
 * NVD uses): 0.1-3.9 LOW, 4.0-6.9 MEDIUM, 7.0-8.9 HIGH, 9.0-10.0 CRITICAL.
 *
 * 0.0 is rated "None" by the scale, a level drydock does not have: it is returned as UNKNOWN
 * rather than LOW, since a vector claiming no impact at all says nothing about how bad the
 * problem is (the score, 0.0, stays visible next to it). Anything outside 0.0-10.0, or not a
 * number, is UNKNOWN as well.
 */
export function levelForScore(score: number): Severity {
  if (!Number.isFinite(score) || score <= 0 || score > 10) return "UNKNOWN";
  if (score >= 9) return "CRITICAL";
  if (score >= 7) return "HIGH";
  if (score >= 4) return "MEDIUM";
  return "LOW";
}
