/**
 * RPM version ordering: `rpmvercmp` (rpm's lib/rpmvercmp.c) for each field, and rpm's EVR
 * comparison (`rpmverCmp`, rpmio/rpmver.c) for `[epoch:]version[-release]`.
 * See readme.md for the rules in words.
 *
 * Works on character codes and index ranges of the original strings: no regex, no slicing.
 */
import { orderValidFirst } from "../common.ts";
import { compareDigitRanges, compareRanges, isDigit } from "../digits.ts";
import type { VersionScheme } from "../types.ts";

const HYPHEN = 45;
const COLON = 58;
const UPPER_A = 65;
const UPPER_Z = 90;
const CARET = 94;
const LOWER_A = 97;
const LOWER_Z = 122;
const TILDE = 126;

const isAlpha = (c: number): boolean =>
  (c >= UPPER_A && c <= UPPER_Z) || (c >= LOWER_A && c <= LOWER_Z);
/** rpm's separators: everything that is not an ASCII letter or digit, `~` or `^`. */
const isSeparator = (c: number): boolean =>
  !isDigit(c) && !isAlpha(c) && c !== TILDE && c !== CARET;

/** rpmvercmp over `a[as, ae)` and `b[bs, be)`. */
function vercmpRange(a: string, as: number, ae: number, b: string, bs: number, be: number) {
  if (compareRanges(a, as, ae, b, bs, be) === 0) return 0;
  let i = as;
  let j = bs;
  while (i < ae || j < be) {
    while (i < ae && isSeparator(a.charCodeAt(i))) i++;
    while (j < be && isSeparator(b.charCodeAt(j))) j++;
    const ca = i < ae ? a.charCodeAt(i) : -1;
    const cb = j < be ? b.charCodeAt(j) : -1;

    // `~` sorts before everything, the end of the string included.
    if (ca === TILDE || cb === TILDE) {
      if (ca !== TILDE) return 1;
      if (cb !== TILDE) return -1;
      i++;
      j++;
      continue;
    }
    // `^` sorts after the end of the string but before anything else.
    if (ca === CARET || cb === CARET) {
      if (ca < 0) return -1;
      if (cb < 0) return 1;
      if (ca !== CARET) return 1;
      if (cb !== CARET) return -1;
      i++;
      j++;
      continue;
    }
    if (ca < 0 || cb < 0) break;

    // One segment: a run of digits or a run of letters, typed by `a`'s first character.
    let ei = i;
    let ej = j;
    const numeric = isDigit(ca);
    if (numeric) {
      while (ei < ae && isDigit(a.charCodeAt(ei))) ei++;
      while (ej < be && isDigit(b.charCodeAt(ej))) ej++;
    } else {
      while (ei < ae && isAlpha(a.charCodeAt(ei))) ei++;
      while (ej < be && isAlpha(b.charCodeAt(ej))) ej++;
    }
    // `b` has a segment of the other kind here: numeric beats alphabetic.
    if (ej === j) return numeric ? 1 : -1;
    // Numbers by value (leading zeros skipped, the longer one bigger), letters as strcmp.
    const rc = numeric ? compareDigitRanges(a, i, ei, b, j, ej) : compareRanges(a, i, ei, b, j, ej);
    if (rc !== 0) return rc;
    i = ei;
    j = ej;
  }
  if (i >= ae && j >= be) return 0;
  return i >= ae ? -1 : 1;
}

/**
 * rpm's segment comparison of two version (or release) strings, without EVR splitting:
 * `rpmvercmp("1.0~rc1", "1.0") < 0`, `rpmvercmp("1.0^git1", "1.0.1") < 0`.
 */
export function rpmvercmp(a: string, b: string): number {
  return vercmpRange(a, 0, a.length, b, 0, b.length);
}

/** An EVR split into index ranges; `relStart < 0` means no release. */
interface Evr {
  epochEnd: number;
  verStart: number;
  verEnd: number;
  relStart: number;
}

/**
 * rpm's parseEVR: a leading run of digits ended by `:` is the epoch (an empty one means 0),
 * the release follows the last `-`, the version is what lies between.
 */
function splitEvr(v: string, out: Evr): void {
  let k = 0;
  while (k < v.length && isDigit(v.charCodeAt(k))) k++;
  const hasEpoch = k < v.length && v.charCodeAt(k) === COLON;
  out.epochEnd = hasEpoch ? k : 0;
  out.verStart = hasEpoch ? k + 1 : 0;
  let hyphen = -1;
  for (let i = v.length - 1; i >= out.verStart; i--) {
    if (v.charCodeAt(i) === HYPHEN) {
      hyphen = i;
      break;
    }
  }
  out.verEnd = hyphen >= 0 ? hyphen : v.length;
  out.relStart = hyphen >= 0 ? hyphen + 1 : -1;
}

const evrA: Evr = { epochEnd: 0, verStart: 0, verEnd: 0, relStart: -1 };
const evrB: Evr = { epochEnd: 0, verStart: 0, verEnd: 0, relStart: -1 };

/**
 * rpm's EVR comparison (`rpmverCmp`): epoch (missing = 0), then version, then release —
 * a missing release sorts before any release, the empty one (`1.0-`) included.
 */
function compareEvr(a: string, b: string): number {
  splitEvr(a, evrA);
  splitEvr(b, evrB);
  const e = compareDigitRanges(a, 0, evrA.epochEnd, b, 0, evrB.epochEnd);
  if (e !== 0) return e;
  const v = vercmpRange(a, evrA.verStart, evrA.verEnd, b, evrB.verStart, evrB.verEnd);
  if (v !== 0) return v;
  if (evrA.relStart < 0 || evrB.relStart < 0) {
    if (evrA.relStart < 0 && evrB.relStart < 0) return 0;
    return evrA.relStart < 0 ? -1 : 1;
  }
  return vercmpRange(a, evrA.relStart, a.length, b, evrB.relStart, b.length);
}

/** Unicode White_Space outside ASCII. */
const isWideSpace = (c: number): boolean =>
  c === 0x85 ||
  c === 0xa0 ||
  c === 0x1680 ||
  (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 ||
  c === 0x2029 ||
  c === 0x202f ||
  c === 0x205f ||
  c === 0x3000 ||
  c === 0xfeff;

/** Non-empty, no whitespace and no control characters. */
function valid(v: string): boolean {
  if (typeof v !== "string" || v.length === 0) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) return false;
    if (c >= 0x80 && (c <= 0x9f || isWideSpace(c))) return false;
  }
  return true;
}

export const scheme: VersionScheme = {
  meta: {
    id: "rpm",
    title: "RPM version (rpmvercmp, epoch:version-release)",
    docsUrl: "https://rpm-software-management.github.io/rpm/manual/dependencies.html#versioning",
  },
  ...orderValidFirst(valid, compareEvr),
};
