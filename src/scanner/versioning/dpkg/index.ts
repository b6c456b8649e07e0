/**
 * Debian version ordering (Debian Policy 5.6.12, dpkg's `parseversion` and `verrevcmp`).
 * `[epoch:]upstream_version[-debian_revision]`; see readme.md for the rules in words.
 *
 * Works on character codes and index ranges of the original string: no regex, no slicing,
 * no allocation per comparison beyond two reusable scratch records.
 */
import { orderByScan } from "../common.ts";
import { compareDigitRanges, isDigit } from "../digits.ts";
import type { VersionScheme } from "../types.ts";

const TAB = 9;
const SPACE = 32;
const PLUS = 43;
const HYPHEN = 45;
const DOT = 46;
const ZERO = 48;
const COLON = 58;
const UPPER_A = 65;
const UPPER_Z = 90;
const LOWER_A = 97;
const LOWER_Z = 122;
const TILDE = 126;

/** dpkg refuses epochs above INT_MAX ("epoch in version is too big"). */
const MAX_EPOCH = 2147483647;

const isAlpha = (c: number): boolean =>
  (c >= UPPER_A && c <= UPPER_Z) || (c >= LOWER_A && c <= LOWER_Z);
const isBlank = (c: number): boolean => c === SPACE || c === TAB;

/** One parsed version: index ranges into the string it was parsed from. */
interface Parts {
  epoch: number;
  upStart: number;
  upEnd: number;
  revStart: number;
  revEnd: number;
}

const newParts = (): Parts => ({ epoch: 0, upStart: 0, upEnd: 0, revStart: 0, revEnd: 0 });

/**
 * Split `v` into epoch, upstream version and revision, validating it like dpkg's
 * `parseversion`: surrounding blanks are trimmed, anything dpkg reports as an error is
 * refused, and of its warnings only "does not start with a digit" is tolerated (invalid
 * characters are refused). Fills `out` and returns true when valid.
 */
function parse(v: string, out: Parts): boolean {
  if (typeof v !== "string") return false;
  let start = 0;
  let end = v.length;
  while (start < end && isBlank(v.charCodeAt(start))) start++;
  while (end > start && isBlank(v.charCodeAt(end - 1))) end--;
  if (start === end) return false; // empty

  // Epoch: everything before the first colon, digits only, at most INT_MAX.
  let colon = -1;
  for (let i = start; i < end; i++) {
    if (v.charCodeAt(i) === COLON) {
      colon = i;
      break;
    }
  }
  let epoch = 0;
  let upStart = start;
  if (colon >= 0) {
    if (colon === start) return false; // ":1" — empty epoch
    for (let i = start; i < colon; i++) {
      const c = v.charCodeAt(i);
      if (!isDigit(c)) return false; // "a:1", "-1:0", "1 :0"
      epoch = epoch * 10 + (c - ZERO);
      if (epoch > MAX_EPOCH) return false;
    }
    upStart = colon + 1;
    if (upStart === end) return false; // "1:" — nothing after the colon
  }

  // Revision: after the last hyphen.
  let hyphen = -1;
  for (let i = end - 1; i >= upStart; i--) {
    if (v.charCodeAt(i) === HYPHEN) {
      hyphen = i;
      break;
    }
  }
  const upEnd = hyphen >= 0 ? hyphen : end;
  const revStart = hyphen >= 0 ? hyphen + 1 : end;
  if (hyphen >= 0 && revStart === end) return false; // "1.0-" — empty revision
  if (upStart === upEnd) return false; // "-1", "0:-1" — empty upstream version

  // Upstream: alphanumerics and . + ~ - : (a leading non-digit is only a dpkg warning).
  for (let i = upStart; i < upEnd; i++) {
    const c = v.charCodeAt(i);
    if (
      !isDigit(c) &&
      !isAlpha(c) &&
      c !== DOT &&
      c !== PLUS &&
      c !== TILDE &&
      c !== HYPHEN &&
      c !== COLON
    ) {
      return false;
    }
  }
  // Revision: alphanumerics and . + ~
  for (let i = revStart; i < end; i++) {
    const c = v.charCodeAt(i);
    if (!isDigit(c) && !isAlpha(c) && c !== DOT && c !== PLUS && c !== TILDE) return false;
  }

  out.epoch = epoch;
  out.upStart = upStart;
  out.upEnd = upEnd;
  out.revStart = revStart;
  out.revEnd = end;
  return true;
}

/**
 * Sort weight of one character in a non-digit run: `~` before the end of the part, the end
 * (and a digit, which ends the run) next, then letters, then every other character.
 * `c < 0` stands for the end of the part.
 */
function weight(c: number): number {
  if (c < 0 || isDigit(c)) return 0;
  if (isAlpha(c)) return c;
  if (c === TILDE) return -1;
  return c + 256;
}

/**
 * Policy's comparison of one part (upstream version or revision), over `a[as, ae)` and
 * `b[bs, be)`: alternately a non-digit run compared character by character with `weight`,
 * then a digit run compared as an integer of any length.
 */
function compareRange(a: string, as: number, ae: number, b: string, bs: number, be: number) {
  let i = as;
  let j = bs;
  while (i < ae || j < be) {
    // Non-digit prefix. Equal weights mean the same character on both sides (the end and a
    // digit never both reach here), so both indexes stay in range when they advance.
    while ((i < ae && !isDigit(a.charCodeAt(i))) || (j < be && !isDigit(b.charCodeAt(j)))) {
      const wa = weight(i < ae ? a.charCodeAt(i) : -1);
      const wb = weight(j < be ? b.charCodeAt(j) : -1);
      if (wa !== wb) return wa < wb ? -1 : 1;
      i++;
      j++;
    }
    // Digit run, compared as an integer of any length.
    let ie = i;
    while (ie < ae && isDigit(a.charCodeAt(ie))) ie++;
    let je = j;
    while (je < be && isDigit(b.charCodeAt(je))) je++;
    const c = compareDigitRanges(a, i, ie, b, j, je);
    if (c !== 0) return c;
    i = ie;
    j = je;
  }
  return 0;
}

/**
 * Policy's comparison of one version part as a whole string (no epoch/revision splitting):
 * `verrevcmp("1.0~rc1", "1.0") < 0`, `verrevcmp("~", "") < 0`. Any string is accepted.
 */
export function verrevcmp(a: string, b: string): number {
  return compareRange(a, 0, a.length, b, 0, b.length);
}

/** Epoch, then upstream version, then revision; `x` holds ranges into `a`, `y` into `b`. */
function compareParts(a: string, x: Parts, b: string, y: Parts): number {
  if (x.epoch !== y.epoch) return x.epoch < y.epoch ? -1 : 1;
  const up = compareRange(a, x.upStart, x.upEnd, b, y.upStart, y.upEnd);
  if (up !== 0) return up;
  // A missing revision is the empty string, which sorts like "0".
  return compareRange(a, x.revStart, x.revEnd, b, y.revStart, y.revEnd);
}

export const scheme: VersionScheme = {
  meta: {
    id: "dpkg",
    title: "Debian version (dpkg)",
    docsUrl: "https://www.debian.org/doc/debian-policy/ch-controlfields.html#version",
  },
  ...orderByScan(newParts, parse, compareParts),
};
