/**
 * SemVer 2.0.0 precedence (semver.org §11), for npm, crates.io and OSV `SEMVER` ranges.
 * Strict SemVer 2 plus the spellings advisories really use: surrounding whitespace, a leading
 * `=` and/or `v`, and the short forms `1` / `1.2` (missing minor/patch are 0). See readme.md.
 *
 * Works on character codes and index ranges of the original strings: numbers of any length
 * are compared digit by digit (no parseInt, no overflow), and a comparison allocates nothing.
 */
import { orderByScan } from "../common.ts";
import { compareDigitRanges, compareRanges, isDigit } from "../digits.ts";
import type { VersionScheme } from "../types.ts";

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const PLUS = 43;
const HYPHEN = 45;
const DOT = 46;
const ZERO = 48;
const EQUALS = 61;
const UPPER_A = 65;
const UPPER_Z = 90;
const LOWER_A = 97;
const LOWER_V = 118;
const LOWER_Z = 122;

/** `[0-9A-Za-z-]`, the characters of a pre-release or build identifier. */
const isIdentChar = (c: number): boolean =>
  isDigit(c) || (c >= UPPER_A && c <= UPPER_Z) || (c >= LOWER_A && c <= LOWER_Z) || c === HYPHEN;
const isBlank = (c: number): boolean => c === SPACE || c === TAB || c === LF || c === CR;

/**
 * One parsed version: index ranges into the string it was parsed from. An empty number range
 * (a short form's missing minor or patch) means 0; an empty pre-release range means none.
 */
export interface SemverParts {
  majS: number;
  majE: number;
  minS: number;
  minE: number;
  patS: number;
  patE: number;
  preS: number;
  preE: number;
}

export const newSemverParts = (): SemverParts => ({
  majS: 0,
  majE: 0,
  minS: 0,
  minE: 0,
  patS: 0,
  patE: 0,
  preS: 0,
  preE: 0,
});

/**
 * A numeric identifier at `i`: digits, no leading zero unless it is `0` itself. Returns the
 * index after it, or -1.
 */
function scanNumber(v: string, i: number, end: number): number {
  let j = i;
  while (j < end && isDigit(v.charCodeAt(j))) j++;
  if (j === i) return -1;
  if (j - i > 1 && v.charCodeAt(i) === ZERO) return -1;
  return j;
}

/**
 * Dot-separated identifiers at `i` (none empty). In a pre-release (`strict`), an identifier of
 * digits only must not have a leading zero; build identifiers may. Returns the index after
 * them, or -1.
 */
function scanIdentifiers(v: string, i: number, end: number, strict: boolean): number {
  let j = i;
  for (;;) {
    const start = j;
    let digitsOnly = true;
    while (j < end) {
      const c = v.charCodeAt(j);
      if (!isIdentChar(c)) break;
      if (!isDigit(c)) digitsOnly = false;
      j++;
    }
    if (j === start) return -1; // empty identifier
    if (strict && digitsOnly && j - start > 1 && v.charCodeAt(start) === ZERO) return -1;
    if (j < end && v.charCodeAt(j) === DOT) {
      j++;
      continue;
    }
    return j;
  }
}

/**
 * Parse `v[i, end)`, which starts at the major number, into `out`:
 * `MAJOR[.MINOR[.PATCH[-PRE][+BUILD]]]`, where the short forms `1` and `1.2` take neither a
 * pre-release nor build metadata. True when all of the range is such a version.
 */
export function parseSemverAt(v: string, i: number, end: number, out: SemverParts): boolean {
  out.majS = i;
  i = scanNumber(v, i, end);
  if (i < 0) return false;
  out.majE = i;
  out.minS = out.minE = out.patS = out.patE = out.preS = out.preE = i;
  if (i === end) return true; // `1`
  if (v.charCodeAt(i) !== DOT) return false;
  out.minS = ++i;
  i = scanNumber(v, i, end);
  if (i < 0) return false;
  out.minE = out.patS = out.patE = out.preS = out.preE = i;
  if (i === end) return true; // `1.2`
  if (v.charCodeAt(i) !== DOT) return false;
  out.patS = ++i;
  i = scanNumber(v, i, end);
  if (i < 0) return false;
  out.patE = out.preS = out.preE = i;

  if (i < end && v.charCodeAt(i) === HYPHEN) {
    out.preS = i + 1;
    i = scanIdentifiers(v, i + 1, end, true);
    if (i < 0) return false;
    out.preE = i;
  }
  if (i < end && v.charCodeAt(i) === PLUS) {
    i = scanIdentifiers(v, i + 1, end, false);
    if (i < 0) return false;
  }
  return i === end;
}

/** Parse `v` into `out`; true when `v` is a version this scheme accepts. */
function parse(v: string, out: SemverParts): boolean {
  if (typeof v !== "string") return false;
  let i = 0;
  let end = v.length;
  while (i < end && isBlank(v.charCodeAt(i))) i++;
  while (end > i && isBlank(v.charCodeAt(end - 1))) end--;
  // Prefixes node-semver and advisories use: `=`, `v`, `=v`, with optional blanks after each.
  if (i < end && v.charCodeAt(i) === EQUALS) {
    i++;
    while (i < end && isBlank(v.charCodeAt(i))) i++;
  }
  if (i < end && v.charCodeAt(i) === LOWER_V) {
    i++;
    while (i < end && isBlank(v.charCodeAt(i))) i++;
  }
  return parseSemverAt(v, i, end, out);
}

function allDigits(s: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!isDigit(s.charCodeAt(k))) return false;
  return true;
}

/**
 * §11.4: identifiers left to right; digits-only ones compare numerically and sort before
 * alphanumeric ones, which compare in ASCII order; a longer set wins when all before are
 * equal. Both ranges are non-empty, well-formed pre-releases.
 */
function comparePre(a: string, as: number, ae: number, b: string, bs: number, be: number) {
  let i = as;
  let j = bs;
  for (;;) {
    let ie = i;
    while (ie < ae && a.charCodeAt(ie) !== DOT) ie++;
    let je = j;
    while (je < be && b.charCodeAt(je) !== DOT) je++;
    const na = allDigits(a, i, ie);
    const nb = allDigits(b, j, je);
    if (na !== nb) return na ? -1 : 1;
    const c = na ? compareDigitRanges(a, i, ie, b, j, je) : compareRanges(a, i, ie, b, j, je);
    if (c !== 0) return c;
    const moreA = ie < ae;
    const moreB = je < be;
    if (!moreA || !moreB) return moreA === moreB ? 0 : moreA ? 1 : -1;
    i = ie + 1;
    j = je + 1;
  }
}

/**
 * SemVer 2 precedence (§11) of two parsed versions: `x` holds ranges into `a`, `y` into `b`.
 * Numbers compare by value at any length; build metadata does not count.
 */
export function compareSemverParts(a: string, x: SemverParts, b: string, y: SemverParts): number {
  const c =
    compareDigitRanges(a, x.majS, x.majE, b, y.majS, y.majE) ||
    compareDigitRanges(a, x.minS, x.minE, b, y.minS, y.minE) ||
    compareDigitRanges(a, x.patS, x.patE, b, y.patS, y.patE);
  if (c !== 0) return c;
  // §11.3: a pre-release sorts before the release it leads up to.
  const preA = x.preS < x.preE;
  const preB = y.preS < y.preE;
  if (!preA || !preB) return preA === preB ? 0 : preA ? -1 : 1;
  return comparePre(a, x.preS, x.preE, b, y.preS, y.preE);
}

export const scheme: VersionScheme = {
  meta: {
    id: "semver",
    title: "Semantic Versioning 2.0.0",
    docsUrl: "https://semver.org/spec/v2.0.0.html#spec-item-11",
  },
  ...orderByScan(newSemverParts, parse, compareSemverParts),
};
