import { cached, orderByParse } from "../common.ts";
import { compareDigits, stripLeadingZeros } from "../digits.ts";
import type { VersionScheme } from "../types.ts";

/**
 * Composer's version order (composer/semver `VersionParser::normalize`, then PHP's
 * `version_compare` on the normalised strings), see `readme.md` beside this file.
 *
 * `dev-<branch>` versions have no order in Composer; here they sort before every numbered
 * version, among themselves by branch name, and equal only the same branch.
 */

/** PHP `trim()`'s default characters. */
const TRIM = /^[ \t\n\r\0\v]+|[ \t\n\r\0\v]+$/g;
/** PCRE's `\s` (ASCII) and its `$`, which also matches before a final newline. */
const ALIAS = /^([^,\t\n\v\f\r ]+) +as +([^,\t\n\v\f\r ]+)\n?$/;
const STABILITY_FLAG = /@(?:stable|RC|beta|alpha|dev)\n?$/i;
const METADATA = /^([^,\t\n\v\f\r +]+)\+[^\t\n\v\f\r ]+\n?$/;
/** `[._-]?(stability)(numbers)?([.-]?dev)?`, the part after the numbers. */
const MODIFIER =
  "[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\\d+)*)?)?([.-]?dev)?\\n?$";
const CLASSICAL = new RegExp(`^v?(\\d{1,5})(\\.\\d+)?(\\.\\d+)?(\\.\\d+)?${MODIFIER}`, "i");
const DATE = new RegExp(`^v?(\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3}){0,2})${MODIFIER}`, "i");
const DEV_SUFFIX = /([^\n]*?)[.-]?dev\n?$/i;
const NUMBERED_BRANCH = /^v?(\d+)(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?\n?$/i;

function expandStability(stability: string): string {
  const s = stability.toLowerCase();
  if (s === "a") return "alpha";
  if (s === "b") return "beta";
  if (s === "p" || s === "pl") return "patch";
  if (s === "rc") return "RC";
  return s;
}

/** `VersionParser::normalize`, or null where it throws. */
export function normalize(input: string): string | null {
  let version = input.replace(TRIM, "");
  const alias = ALIAS.exec(version);
  if (alias !== null) version = alias[1]!;
  const flag = STABILITY_FLAG.exec(version);
  if (flag !== null) version = version.slice(0, version.length - flag[0].length);
  if (version === "master" || version === "trunk" || version === "default") {
    version = "dev-" + version;
  }
  if (version.slice(0, 4).toLowerCase() === "dev-") return "dev-" + version.slice(4);
  const meta = METADATA.exec(version);
  if (meta !== null) version = meta[1]!;

  let normalized: string | null = null;
  let modifier: (string | undefined)[] = [];
  const classical = CLASSICAL.exec(version);
  if (classical !== null) {
    normalized =
      classical[1]! + (classical[2] || ".0") + (classical[3] || ".0") + (classical[4] || ".0");
    modifier = classical.slice(5, 8);
  } else {
    const date = DATE.exec(version);
    if (date !== null) {
      normalized = date[1]!.replace(/\D/g, ".");
      modifier = date.slice(2, 5);
    }
  }
  if (normalized !== null) {
    const [stability, numbers, dev] = modifier;
    if (stability) {
      if (stability === "stable") return normalized;
      normalized +=
        "-" + expandStability(stability) + (numbers ? numbers.replace(/^[.-]+/, "") : "");
    }
    if (dev) normalized += "-dev";
    return normalized;
  }

  // `1.x-dev`, `2.0.*-dev`: a numbered branch, read as its highest version.
  const devSuffix = DEV_SUFFIX.exec(version);
  if (devSuffix !== null) {
    const branch = NUMBERED_BRANCH.exec(devSuffix[1]!.replace(TRIM, ""));
    if (branch !== null) {
      let numbered = "";
      for (let i = 1; i <= 4; i++) {
        const part = branch[i];
        numbered += part === undefined ? ".x" : part.replace(/[*X]/g, "x");
      }
      return numbered.replaceAll("x", "9999999") + "-dev";
    }
  }
  return null;
}

/** A normalised numbered version as `version_compare` reads it: numbers and words. */
type Token =
  | { readonly num: true; readonly digits: string }
  | { readonly num: false; readonly order: number };

type Parsed =
  | { readonly branch: string }
  | { readonly branch: null; readonly tokens: readonly Token[] };

/** PHP's special forms, matched as prefixes in this order; anything else is -1. */
const FORMS: readonly (readonly [string, number])[] = [
  ["dev", 0],
  ["alpha", 1],
  ["a", 1],
  ["beta", 2],
  ["b", 2],
  ["RC", 3],
  ["rc", 3],
  ["#", 4],
  ["pl", 5],
  ["p", 5],
];
/** The order of a number when it meets a word. */
const NUMBER_ORDER = 4;

function formOrder(word: string): number {
  for (const [prefix, order] of FORMS) if (word.startsWith(prefix)) return order;
  return -1;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * `version_compare`'s canonical form split into tokens: `-`, `_`, `+` and other
 * non-alphanumerics separate, and so does every change between digits and non-digits.
 */
function tokenize(v: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < v.length) {
    const c = v.charCodeAt(i);
    const alnum = isDigitCode(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!alnum) {
      i++;
      continue;
    }
    const digit = isDigitCode(c);
    let j = i + 1;
    while (j < v.length) {
      const d = v.charCodeAt(j);
      const dAlnum = isDigitCode(d) || (d >= 65 && d <= 90) || (d >= 97 && d <= 122);
      if (!dAlnum || isDigitCode(d) !== digit) break;
      j++;
    }
    const text = v.slice(i, j);
    if (digit) {
      tokens.push({ num: true, digits: stripLeadingZeros(text) });
    } else {
      tokens.push({ num: false, order: formOrder(text) });
    }
    i = j;
  }
  return tokens;
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

function compareTokens(a: Token, b: Token): number {
  if (a.num && b.num) return compareDigits(a.digits, b.digits);
  return sign((a.num ? NUMBER_ORDER : a.order) - (b.num ? NUMBER_ORDER : b.order));
}

/** `version_compare` on two normalised versions. */
function versionCompare(a: readonly Token[], b: readonly Token[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareTokens(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  // The longer one: a further number makes it larger (1.0 < 1.0.0); a further word compares
  // with a number's place (1.0-beta < 1.0 < 1.0-patch).
  if (a.length > n) {
    const t = a[n]!;
    return t.num ? 1 : sign(t.order - NUMBER_ORDER);
  }
  if (b.length > n) {
    const t = b[n]!;
    return t.num ? -1 : sign(NUMBER_ORDER - t.order);
  }
  return 0;
}

function parse(v: string): Parsed | null {
  const normalized = normalize(v);
  if (normalized === null) return null;
  if (normalized.startsWith("dev-")) return { branch: normalized.slice(4) };
  return { branch: null, tokens: tokenize(normalized) };
}

/** Parsed versions, cached: the matcher compares the same few strings many times over. */
const parsed = cached(parse);

/** Numbered versions by `version_compare`; branches before them, by name among themselves. */
function compareParsed(pa: Parsed, pb: Parsed): number {
  if (pa.branch !== null || pb.branch !== null) {
    if (pa.branch === null) return 1;
    if (pb.branch === null) return -1;
    return pa.branch < pb.branch ? -1 : pa.branch > pb.branch ? 1 : 0;
  }
  return versionCompare(pa.tokens, pb.tokens);
}

export const scheme: VersionScheme = {
  meta: {
    id: "packagist",
    title: "Packagist (Composer)",
    docsUrl: "https://getcomposer.org/doc/articles/versions.md",
  },
  ...orderByParse(parsed, compareParsed, { shortcutEqual: true }),
};
