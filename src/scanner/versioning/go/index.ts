/**
 * Go module versions (go.dev/ref/mod#versions), ordered the way golang.org/x/mod/semver
 * orders them: SemVer 2 precedence, `vX` / `vX.Y` shorthand for `vX.0.0` / `vX.Y.0`, build
 * metadata (`+incompatible`) ignored. The `v` is optional because OSV Go records leave it
 * out. Pseudo-versions are ordinary SemVer pre-releases and need no special case. Go toolchain
 * versions (`go1.21rc2`) are accepted too, converted the way the Go vulndb converts them.
 * See readme.md.
 */
import type { VersionScheme } from "../types.ts";

const HYPHEN = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const PLUS = 43;
const UPPER_A = 65;
const UPPER_Z = 90;
const LOWER_A = 97;
const LOWER_G = 103;
const LOWER_O = 111;
const LOWER_V = 118;
const LOWER_Z = 122;

const isDigit = (c: number): boolean => c >= ZERO && c <= NINE;
const isIdentChar = (c: number): boolean =>
  isDigit(c) || (c >= UPPER_A && c <= UPPER_Z) || (c >= LOWER_A && c <= LOWER_Z) || c === HYPHEN;

/** Index ranges into the parsed string; an empty number range is 0, an empty pre none. */
interface Parts {
  majS: number;
  majE: number;
  minS: number;
  minE: number;
  patS: number;
  patE: number;
  preS: number;
  preE: number;
}

const newParts = (): Parts => ({
  majS: 0,
  majE: 0,
  minS: 0,
  minE: 0,
  patS: 0,
  patE: 0,
  preS: 0,
  preE: 0,
});

/** Digits without a leading zero (x/mod's `parseInt`); the index after them, or -1. */
function scanNumber(v: string, i: number, end: number): number {
  let j = i;
  while (j < end && isDigit(v.charCodeAt(j))) j++;
  if (j === i) return -1;
  if (j - i > 1 && v.charCodeAt(i) === ZERO) return -1;
  return j;
}

/**
 * Dot-separated `[0-9A-Za-z-]+` identifiers; in a pre-release (`strict`) a digits-only one
 * must not start with 0. The index after them, or -1.
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
    if (j === start) return -1;
    if (strict && digitsOnly && j - start > 1 && v.charCodeAt(start) === ZERO) return -1;
    if (j < end && v.charCodeAt(j) === DOT) {
      j++;
      continue;
    }
    return j;
  }
}

/**
 * A module version with or without its `v`: `vMAJOR[.MINOR[.PATCH[-PRE][+BUILD]]]`, where the
 * shorthands `v1` and `v1.2` take neither a pre-release nor build metadata (as in x/mod).
 */
function parseModule(v: string, out: Parts): boolean {
  const end = v.length;
  let i = 0;
  if (end > 0 && v.charCodeAt(0) === LOWER_V) i = 1;
  out.majS = i;
  i = scanNumber(v, i, end);
  if (i < 0) return false;
  out.majE = i;
  out.minS = out.minE = out.patS = out.patE = out.preS = out.preE = i;
  if (i === end) return true;
  if (v.charCodeAt(i) !== DOT) return false;
  out.minS = ++i;
  i = scanNumber(v, i, end);
  if (i < 0) return false;
  out.minE = out.patS = out.patE = out.preS = out.preE = i;
  if (i === end) return true;
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

const isToolchain = (v: string): boolean =>
  v.length > 2 && v.charCodeAt(0) === LOWER_G && v.charCodeAt(1) === LOWER_O;

/** `go1.21.3`, `go1.21rc2`, `go1.20-pre4`: major.minor, optional .patch, optional pre-release. */
const TOOLCHAIN = /^(\d+\.\d+)(\.\d+)?(?:(beta|rc|-pre)(\d+))?$/;

/**
 * A Go toolchain version (the `stdlib` and `toolchain` modules' versions) as the SemVer the Go
 * vulndb writes in OSV records, without a `v`: `go1.21.3` -> `1.21.3`, `go1.20` -> `1.20.0`,
 * `go1.21rc2` -> `1.21.0-rc.2`, `go1.19beta1` -> `1.19.0-beta.1`, `go1.20-pre4` ->
 * `1.20.0-pre.4`, `go1` -> `1.0.0`. The `go` prefix is optional (`1.21.3`); only the first
 * blank-separated field counts (`go1.21.3 X:boringcrypto`). Null when it is not a Go release
 * tag (`go1.0`, which never existed, `devel go1.22-abc`, leading zeros).
 */
export function goToolchainToSemver(v: string): string | null {
  if (typeof v !== "string") return null;
  const field = v.trim().split(/\s+/, 1)[0] ?? "";
  const tag = field.startsWith("go") ? field.slice(2) : field;
  if (tag === "1") return "1.0.0";
  if (tag === "1.0") return null;
  const m = TOOLCHAIN.exec(tag);
  if (!m) return null;
  let out = m[1]! + (m[2] ?? ".0");
  if (m[3] !== undefined) out += "-" + (m[3] === "-pre" ? "pre" : m[3]) + "." + m[4]!;
  return parseModule(out, scratchT) ? out : null;
}

/** Toolchain conversions by tag: there are few distinct tags, and converting takes a regex. */
const toolchainCache = new Map<string, string | null>();

function toolchainSemver(v: string): string | null {
  let s = toolchainCache.get(v);
  if (s === undefined) {
    s = goToolchainToSemver(v);
    if (toolchainCache.size >= 1024) toolchainCache.clear();
    toolchainCache.set(v, s);
  }
  return s;
}

/** The string whose ranges `parse` filled: `v` itself, or its toolchain conversion. */
function parse(v: string, out: Parts): string | null {
  if (typeof v !== "string") return null;
  if (isToolchain(v)) {
    const s = toolchainSemver(v);
    return s !== null && parseModule(s, out) ? s : null;
  }
  return parseModule(v, out) ? v : null;
}

function compareNumber(a: string, as: number, ae: number, b: string, bs: number, be: number) {
  let la = ae - as;
  let lb = be - bs;
  if (la === 1 && a.charCodeAt(as) === ZERO) la = 0;
  if (lb === 1 && b.charCodeAt(bs) === ZERO) lb = 0;
  if (la !== lb) return la < lb ? -1 : 1;
  for (let k = 0; k < la; k++) {
    const d = a.charCodeAt(as + k) - b.charCodeAt(bs + k);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

function allDigits(s: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!isDigit(s.charCodeAt(k))) return false;
  return true;
}

/** SemVer §11.4 over two non-empty pre-release ranges (x/mod's `comparePrerelease`). */
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
    if (na && nb) {
      const c = compareNumber(a, i, ie, b, j, je);
      if (c !== 0) return c;
    } else if (na !== nb) {
      return na ? -1 : 1;
    } else {
      const la = ie - i;
      const lb = je - j;
      const n = Math.min(la, lb);
      for (let k = 0; k < n; k++) {
        const d = a.charCodeAt(i + k) - b.charCodeAt(j + k);
        if (d !== 0) return d < 0 ? -1 : 1;
      }
      if (la !== lb) return la < lb ? -1 : 1;
    }
    const moreA = ie < ae;
    const moreB = je < be;
    if (!moreA || !moreB) return moreA === moreB ? 0 : moreA ? 1 : -1;
    i = ie + 1;
    j = je + 1;
  }
}

const scratchA = newParts();
const scratchB = newParts();
const scratchT = newParts();

function valid(v: string): boolean {
  return parse(v, scratchA) !== null;
}

function compare(a: string, b: string): number {
  const sa = parse(a, scratchA);
  const sb = parse(b, scratchB);
  if (sa === null || sb === null) {
    if (sa !== null) return 1;
    if (sb !== null) return -1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const x = scratchA;
  const y = scratchB;
  const c =
    compareNumber(sa, x.majS, x.majE, sb, y.majS, y.majE) ||
    compareNumber(sa, x.minS, x.minE, sb, y.minS, y.minE) ||
    compareNumber(sa, x.patS, x.patE, sb, y.patS, y.patE);
  if (c !== 0) return c;
  const preA = x.preS < x.preE;
  const preB = y.preS < y.preE;
  if (!preA || !preB) return preA === preB ? 0 : preA ? -1 : 1;
  return comparePre(sa, x.preS, x.preE, sb, y.preS, y.preE);
}

export const scheme: VersionScheme = {
  meta: {
    id: "go",
    title: "Go module version",
    docsUrl: "https://go.dev/ref/mod#versions",
  },
  valid,
  compare,
};
