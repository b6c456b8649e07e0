import { cached, orderByParse } from "../common.ts";
import type { VersionScheme } from "../types.ts";

/**
 * NuGet's version order (NuGet.Versioning `NuGetVersion` with `VersionComparer.Default`), see
 * `readme.md` beside this file.
 *
 * `Major.Minor[.Patch[.Revision]]` (missing parts are 0), then optional SemVer 2 release labels
 * after `-` (compared case-insensitively) and build metadata after `+` (ignored).
 */

interface Parsed {
  /** Major, minor, patch, revision. */
  readonly parts: readonly [number, number, number, number];
  /** Release labels upper-cased (null: a release), with their value when numeric. */
  readonly labels: readonly string[] | null;
  readonly numeric: readonly (number | null)[];
}

const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;

/** One identifier of labels or metadata: non-empty `[0-9A-Za-z-]`. */
const IDENTIFIER = /^[0-9A-Za-z-]+$/;
/** A purely numeric identifier with a leading zero, which labels (not metadata) refuse. */
const LEADING_ZERO = /^0[0-9]+$/;
/** What .NET's `int.TryParse` accepts among identifier characters. */
const INTEGER = /^-?[0-9]+$/;
/** A number of System.Version: `int.TryParse` allows whitespace around the digits. */
const VERSION_NUMBER = /^[\t-\r ]*[0-9]+[\t-\r ]*$/;

function identifiersValid(text: string, allowLeadingZeros: boolean): boolean {
  for (const part of text.split(".")) {
    if (!IDENTIFIER.test(part)) return false;
    if (!allowLeadingZeros && LEADING_ZERO.test(part)) return false;
  }
  return true;
}

function labelValue(label: string): number | null {
  if (!INTEGER.test(label)) return null;
  const n = Number(label);
  return n >= INT32_MIN && n <= INT32_MAX ? n : null;
}

/** .NET's `String.Trim()`: the characters for which `char.IsWhiteSpace` holds. */
const TRIM =
  /^[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

function parse(input: string): Parsed | null {
  const s = input.replace(TRIM, "");
  if (s === "") return null;
  // Sections as NuGet splits them: the first `-` or `+` ends the version numbers; after a `-`
  // the labels run to the next `+`; the metadata is the rest. A separator at the very end
  // makes the string invalid.
  let versionPart = s;
  let labelPart: string | null = null;
  let metadata: string | null = null;
  const dash = s.indexOf("-");
  const plus = s.indexOf("+");
  const first = dash < 0 ? plus : plus < 0 ? dash : Math.min(dash, plus);
  if (first >= 0) {
    if (first === s.length - 1) return null;
    versionPart = s.slice(0, first);
    if (first === dash) {
      const end = s.indexOf("+", first + 1);
      if (end < 0) {
        labelPart = s.slice(first + 1);
      } else {
        if (end === s.length - 1) return null;
        labelPart = s.slice(first + 1, end);
        metadata = s.slice(end + 1);
      }
    } else {
      metadata = s.slice(first + 1);
    }
  }
  if (versionPart === "") return null;

  // System.Version: 2 to 4 non-negative 32-bit numbers (a lone number gets ".0").
  const numbers = versionPart.split(".");
  if (numbers.length > 4) return null;
  const parts: [number, number, number, number] = [0, 0, 0, 0];
  for (let i = 0; i < numbers.length; i++) {
    const text = numbers[i]!;
    if (!VERSION_NUMBER.test(text)) return null;
    const n = Number(text.trim());
    if (n > INT32_MAX) return null;
    parts[i] = n;
  }

  if (labelPart !== null && !identifiersValid(labelPart, false)) return null;
  if (metadata !== null && !identifiersValid(metadata, true)) return null;

  if (labelPart === null) return { parts, labels: null, numeric: [] };
  const raw = labelPart.split(".");
  return { parts, labels: raw.map((l) => l.toUpperCase()), numeric: raw.map(labelValue) };
}

function compareLabels(a: Parsed, b: Parsed): number {
  const la = a.labels;
  const lb = b.labels;
  if (la === null || lb === null) {
    if (la === lb) return 0;
    return la === null ? 1 : -1; // a release sorts after its prereleases
  }
  const n = Math.max(la.length, lb.length);
  for (let i = 0; i < n; i++) {
    if (i >= la.length) return -1;
    if (i >= lb.length) return 1;
    const na = a.numeric[i]!;
    const nb = b.numeric[i]!;
    if (na !== null && nb !== null) {
      if (na !== nb) return na < nb ? -1 : 1;
    } else if (na !== null) {
      return -1; // numeric labels sort before alphanumeric ones
    } else if (nb !== null) {
      return 1;
    } else {
      const sa = la[i]!;
      const sb = lb[i]!;
      if (sa !== sb) return sa < sb ? -1 : 1;
    }
  }
  return 0;
}

function compareParsed(a: Parsed, b: Parsed): number {
  for (let i = 0; i < 4; i++) {
    const x = a.parts[i]!;
    const y = b.parts[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return compareLabels(a, b);
}

/** Parsed versions, cached: the matcher compares the same few strings many times over. */
const parsed = cached(parse);

export const scheme: VersionScheme = {
  meta: {
    id: "nuget",
    title: "NuGet (NuGet.Versioning)",
    docsUrl: "https://learn.microsoft.com/en-us/nuget/concepts/package-versioning",
  },
  ...orderByParse(parsed, compareParsed, { shortcutEqual: true }),
};
