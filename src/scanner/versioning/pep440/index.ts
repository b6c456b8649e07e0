/**
 * PEP 440 version ordering (packaging.python.org "Version specifiers"), for PyPI. Accepts every
 * spelling the spec's normalisation rules allow (the permissive pattern of its appendix) and
 * orders by the normalised parts: epoch, release (trailing zeros insignificant), then
 * `.devN` < `aN` < `bN` < `rcN` < final < `.postN`, each pre- and post-release with its own
 * `.devN`, and a local label (`+ubuntu.1`) after the same version without one. See readme.md.
 *
 * Numbers are kept as digit strings without leading zeros, so any size compares exactly.
 */
import { cached, orderByParse } from "../common.ts";
import { compareDigits, stripLeadingZeros as int } from "../digits.ts";
import type { VersionScheme } from "../types.ts";

/**
 * Whitespace as Python's `\s` matches it in a str pattern (`str.isspace`): JavaScript's `\s`
 * differs (it lacks `\x1c`-`\x1f` and `\x85`, and has the BOM).
 */
const WS =
  "[\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*";

/**
 * The appendix's permissive pattern, in JavaScript; letters in any case. No `u` flag: without
 * it `i` never folds a non-ASCII letter (`İ`, `ı`, the Kelvin sign) onto an ASCII one, and
 * `\d` is `[0-9]` only.
 */
const PATTERN = new RegExp(
  `^${WS}v?` +
    "(?:(\\d+)!)?" + // epoch
    "(\\d+(?:\\.\\d+)*)" + // release
    "(?:[-_.]?(alpha|beta|preview|pre|rc|a|b|c)[-_.]?(\\d+)?)?" + // pre-release
    "(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d+)?)?" + // post-release, also the implicit `-N`
    "(?:[-_.]?(dev)[-_.]?(\\d+)?)?" + // development release
    "(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?" + // local label
    `${WS}$`,
  "i",
);

/** The appendix's `is_canonical` pattern: a public version already written in normal form. */
const CANONICAL =
  /^([1-9][0-9]*!)?(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*((a|b|rc)(0|[1-9][0-9]*))?(\.post(0|[1-9][0-9]*))?(\.dev(0|[1-9][0-9]*))?$/;

/** Pre-release phases in order. */
const PHASE: Record<string, number> = {
  a: 0,
  alpha: 0,
  b: 1,
  beta: 1,
  c: 2,
  rc: 2,
  pre: 2,
  preview: 2,
};
const PHASE_NAME = ["a", "b", "rc"] as const;

/** Where a version without a pre-release sorts among pre-release phases. */
const BEFORE_ALL_PRE = -1; // a bare `.devN` release: before `a0`
const AFTER_ALL_PRE = 3; // no pre-release: after `rcN`

/** A version reduced to what orders it. */
interface Key {
  epoch: string;
  /** Release numbers, trailing zeros removed (`1.0.0` and `1` are the same release). */
  release: string[];
  /** BEFORE_ALL_PRE, 0..2 (a, b, rc) or AFTER_ALL_PRE. */
  phase: number;
  preN: string;
  /** Null when there is no post-release (sorts before `.post0`). */
  post: string | null;
  /** Null when there is no dev release (sorts after every `.devN`). */
  dev: string | null;
  /** Local segments, lower-cased, numeric ones without leading zeros; or null. */
  local: string[] | null;
  /** Release numbers as written (leading zeros dropped, trailing zeros kept), for `normalize`. */
  written: string[];
  preWritten: boolean;
}

const isNumeric = (s: string): boolean => /^[0-9]+$/.test(s);

function parseKey(v: string): Key | null {
  const m = PATTERN.exec(v);
  if (!m) return null;
  const [, epoch, release, preL, preN, postN1, postL, postN2, devL, devN, local] = m;
  const written = release!.split(".").map(int);
  let end = written.length;
  while (end > 0 && written[end - 1] === "0") end--;
  const hasPre = preL !== undefined;
  const hasPost = postN1 !== undefined || postL !== undefined;
  const hasDev = devL !== undefined;
  return {
    epoch: epoch === undefined ? "0" : int(epoch),
    release: written.slice(0, end),
    phase: hasPre
      ? PHASE[preL.toLowerCase()]!
      : !hasPost && hasDev
        ? BEFORE_ALL_PRE
        : AFTER_ALL_PRE,
    preN: preN === undefined ? "0" : int(preN),
    post: hasPost ? int(postN1 ?? postN2 ?? "0") : null,
    dev: hasDev ? int(devN ?? "0") : null,
    local:
      local === undefined
        ? null
        : local
            .toLowerCase()
            .split(/[-_.]/)
            .map((s) => (isNumeric(s) ? int(s) : s)),
    written,
    preWritten: hasPre,
  };
}

/** Parsed keys by input string (see `cached`). */
const cachedKey = cached(parseKey);

function keyOf(v: string): Key | null {
  return typeof v === "string" ? cachedKey(v) : null;
}

/** Release segments, the shorter padded with zeros (here: trailing zeros are already gone). */
function compareRelease(a: string[], b: string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareDigits(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/**
 * Local labels segment by segment: numbers by value, above any alphanumeric segment;
 * alphanumeric ones as lower-case strings; a label that extends another sorts after it.
 */
function compareLocal(a: string[], b: string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const nx = isNumeric(x);
    const ny = isNumeric(y);
    let c: number;
    if (nx && ny) c = compareDigits(x, y);
    else if (nx !== ny) c = nx ? 1 : -1;
    else c = x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return c;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function compareKeys(a: Key, b: Key): number {
  let c = compareDigits(a.epoch, b.epoch) || compareRelease(a.release, b.release);
  if (c !== 0) return c;
  if (a.phase !== b.phase) return a.phase < b.phase ? -1 : 1;
  if (a.phase !== BEFORE_ALL_PRE && a.phase !== AFTER_ALL_PRE) {
    c = compareDigits(a.preN, b.preN);
    if (c !== 0) return c;
  }
  // No post-release sorts before any `.postN`.
  if (a.post === null || b.post === null) {
    if (a.post !== b.post) return a.post === null ? -1 : 1;
  } else {
    c = compareDigits(a.post, b.post);
    if (c !== 0) return c;
  }
  // No dev release sorts after any `.devN`.
  if (a.dev === null || b.dev === null) {
    if (a.dev !== b.dev) return a.dev === null ? 1 : -1;
  } else {
    c = compareDigits(a.dev, b.dev);
    if (c !== 0) return c;
  }
  // No local label sorts before any.
  if (a.local === null || b.local === null) {
    return a.local === b.local ? 0 : a.local === null ? -1 : 1;
  }
  return compareLocal(a.local, b.local);
}

/**
 * The normalised form of a version (`1.0-ALPHA` -> `1.0a0`, `v1.0-1` -> `1.0.post1`,
 * `1.0+ubuntu-1` -> `1.0+ubuntu.1`), as packaging's `str(Version(v))` prints it; null when
 * `v` is not a PEP 440 version.
 */
export function normalize(v: string): string | null {
  const k = keyOf(v);
  if (k === null) return null;
  let out = k.epoch === "0" ? "" : k.epoch + "!";
  out += k.written.join(".");
  if (k.preWritten) out += PHASE_NAME[k.phase]! + k.preN;
  if (k.post !== null) out += ".post" + k.post;
  if (k.dev !== null) out += ".dev" + k.dev;
  if (k.local !== null) out += "+" + k.local.join(".");
  return out;
}

/** Whether `v` is already in the canonical public form (the appendix's `is_canonical`). */
export function isCanonical(v: string): boolean {
  return typeof v === "string" && CANONICAL.test(v);
}

export const scheme: VersionScheme = {
  meta: {
    id: "pep440",
    title: "PEP 440 (Python version specifiers)",
    docsUrl: "https://packaging.python.org/en/latest/specifications/version-specifiers/",
  },
  ...orderByParse(keyOf, compareKeys),
};
