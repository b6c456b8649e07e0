/**
 * Alpine version ordering: apk-tools' token state machine (src/version.c,
 * `apk_version_validate` / `apk_version_compare`).
 * `digit{.digit}...{letter}{_suffix{number}}...{~hash}{-rN}`; see readme.md for the rules.
 *
 * A token reader walks the string by character codes and keeps each token as an index range:
 * no regex, no slicing, no allocation per comparison beyond two reusable readers.
 */
import { orderValidFirst } from "../common.ts";
import { compareDigitRanges, compareRanges, isDigit } from "../digits.ts";
import type { VersionScheme } from "../types.ts";

// Token kinds, in the order apk-tools gives them: a later kind may not be followed by an
// earlier one, and when two versions run out of equal tokens the kinds decide.
const INITIAL_DIGIT = 0;
const DIGIT = 1;
const LETTER = 2;
const SUFFIX = 3;
const SUFFIX_NO = 4;
const COMMIT_HASH = 5;
const REVISION_NO = 6;
const END = 7;
const INVALID = 8;

// Suffix ranks: pre-release suffixes below NONE (the release), post-release ones above.
const SUFFIX_INVALID = 0;
const SUFFIX_ALPHA = 1;
const SUFFIX_BETA = 2;
const SUFFIX_PRE = 3;
const SUFFIX_RC = 4;
const SUFFIX_NONE = 5;
const SUFFIX_CVS = 6;
const SUFFIX_SVN = 7;
const SUFFIX_GIT = 8;
const SUFFIX_HG = 9;
const SUFFIX_P = 10;

const HYPHEN = 45;
const DOT = 46;
const ZERO = 48;
const UNDERSCORE = 95;
const LOWER_A = 97;
const LOWER_F = 102;
const LOWER_R = 114;
const LOWER_Z = 122;
const TILDE = 126;

const isLower = (c: number): boolean => c >= LOWER_A && c <= LOWER_Z;
const isHex = (c: number): boolean => isDigit(c) || (c >= LOWER_A && c <= LOWER_F);

/** True when `s[start, end)` spells `word`. */
function spells(s: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) {
    if (s.charCodeAt(start + k) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/** Rank of the suffix word `s[start, end)`, or SUFFIX_INVALID. */
function suffixRank(s: string, start: number, end: number): number {
  switch (s.charCodeAt(start)) {
    case 97: // a
      return spells(s, start, end, "alpha") ? SUFFIX_ALPHA : SUFFIX_INVALID;
    case 98: // b
      return spells(s, start, end, "beta") ? SUFFIX_BETA : SUFFIX_INVALID;
    case 99: // c
      return spells(s, start, end, "cvs") ? SUFFIX_CVS : SUFFIX_INVALID;
    case 103: // g
      return spells(s, start, end, "git") ? SUFFIX_GIT : SUFFIX_INVALID;
    case 104: // h
      return spells(s, start, end, "hg") ? SUFFIX_HG : SUFFIX_INVALID;
    case 112: // p
      if (end - start === 1) return SUFFIX_P;
      return spells(s, start, end, "pre") ? SUFFIX_PRE : SUFFIX_INVALID;
    case 114: // r
      return spells(s, start, end, "rc") ? SUFFIX_RC : SUFFIX_INVALID;
    case 115: // s
      return spells(s, start, end, "svn") ? SUFFIX_SVN : SUFFIX_INVALID;
    default:
      return SUFFIX_INVALID;
  }
}

/** Walks one version string token by token. */
class Reader {
  s = "";
  pos = 0;
  kind: number = INVALID;
  /** The token's text (digits, letter, suffix word or hash) as `s[start, end)`. */
  start = 0;
  end = 0;
  suffix = SUFFIX_INVALID;

  /** Reads the first token: the leading number. */
  first(s: string): void {
    this.s = s;
    this.pos = 0;
    this.kind = INITIAL_DIGIT;
    this.digits();
  }

  private digits(): void {
    const s = this.s;
    let p = this.pos;
    this.start = p;
    while (p < s.length && isDigit(s.charCodeAt(p))) p++;
    this.end = p;
    this.pos = p;
    if (this.start === p) this.kind = INVALID;
  }

  /** Reads the next token; what may follow is decided by the current token's kind. */
  next(): void {
    const s = this.s;
    if (this.pos >= s.length) {
      this.kind = END;
      return;
    }
    const c = s.charCodeAt(this.pos);
    const kind = this.kind;
    if (isLower(c)) {
      // One letter, right after the numbers.
      if (kind > DIGIT) {
        this.kind = INVALID;
        return;
      }
      this.start = this.pos;
      this.end = ++this.pos;
      this.kind = LETTER;
    } else if (c === DOT || isDigit(c)) {
      if (c === DOT) {
        if (kind > DIGIT) {
          this.kind = INVALID;
          return;
        }
        this.pos++;
      }
      if (kind === INITIAL_DIGIT || kind === DIGIT) this.kind = DIGIT;
      else if (kind === SUFFIX) this.kind = SUFFIX_NO;
      else {
        this.kind = INVALID;
        return;
      }
      this.digits();
    } else if (c === UNDERSCORE) {
      if (kind > SUFFIX_NO) {
        this.kind = INVALID;
        return;
      }
      let p = ++this.pos;
      while (p < s.length && isLower(s.charCodeAt(p))) p++;
      this.start = this.pos;
      this.end = p;
      this.pos = p;
      this.suffix = this.start === p ? SUFFIX_INVALID : suffixRank(s, this.start, p);
      this.kind = this.suffix === SUFFIX_INVALID ? INVALID : SUFFIX;
    } else if (c === TILDE) {
      if (kind >= COMMIT_HASH) {
        this.kind = INVALID;
        return;
      }
      let p = ++this.pos;
      while (p < s.length && isHex(s.charCodeAt(p))) p++;
      this.start = this.pos;
      this.end = p;
      this.pos = p;
      this.kind = this.start === p ? INVALID : COMMIT_HASH;
    } else if (c === HYPHEN) {
      if (kind >= REVISION_NO || s.charCodeAt(this.pos + 1) !== LOWER_R) {
        this.kind = INVALID;
        return;
      }
      this.pos += 2;
      this.kind = REVISION_NO;
      this.digits();
    } else {
      this.kind = INVALID;
    }
  }
}

/** Compares two tokens of the same kind. */
function compareTokens(x: Reader, y: Reader): number {
  switch (x.kind) {
    case DIGIT:
      // A later number with a leading zero compares as text, like a decimal fraction:
      // 1.05 < 1.1, 8.2.0 < 8.2.001.
      if (x.s.charCodeAt(x.start) === ZERO || y.s.charCodeAt(y.start) === ZERO) {
        return compareRanges(x.s, x.start, x.end, y.s, y.start, y.end);
      }
      return compareDigitRanges(x.s, x.start, x.end, y.s, y.start, y.end);
    case INITIAL_DIGIT:
    case SUFFIX_NO:
    case REVISION_NO:
      return compareDigitRanges(x.s, x.start, x.end, y.s, y.start, y.end);
    case LETTER: {
      const d = x.s.charCodeAt(x.start) - y.s.charCodeAt(y.start);
      return d < 0 ? -1 : d > 0 ? 1 : 0;
    }
    case SUFFIX:
      return x.suffix < y.suffix ? -1 : x.suffix > y.suffix ? 1 : 0;
    default: // COMMIT_HASH: byte-wise, shorter prefix first (apk_blob_sort)
      return compareRanges(x.s, x.start, x.end, y.s, y.start, y.end);
  }
}

const readerA = new Reader();
const readerB = new Reader();

/**
 * apk-tools' own comparison, for any two strings (valid or not, as `apk version -t` does):
 * token by token while both have a token of the same kind; then the side that stopped on a
 * pre-release suffix is older, else the side whose next token kind ranks later (the end
 * ranks after everything but an invalid token) is older.
 */
export function apkVersionCompare(a: string, b: string): number {
  const x = readerA;
  const y = readerB;
  x.first(a);
  y.first(b);
  while (x.kind === y.kind && x.kind < END) {
    const r = compareTokens(x, y);
    if (r !== 0) return r;
    x.next();
    y.next();
  }
  if (x.kind === y.kind) return 0;
  if (x.kind === SUFFIX && x.suffix < SUFFIX_NONE) return -1;
  if (y.kind === SUFFIX && y.suffix < SUFFIX_NONE) return 1;
  return x.kind > y.kind ? -1 : 1;
}

/** apk_version_validate: every token is allowed where it stands and the string is used up. */
function valid(v: string): boolean {
  if (typeof v !== "string") return false;
  const r = readerA;
  r.first(v);
  while (r.kind < END) r.next();
  return r.kind === END;
}

export const scheme: VersionScheme = {
  meta: {
    id: "apk",
    title: "Alpine version (apk-tools)",
    docsUrl: "https://gitlab.alpinelinux.org/alpine/apk-tools/-/blob/master/src/version.c",
  },
  ...orderValidFirst(valid, apkVersionCompare),
};
