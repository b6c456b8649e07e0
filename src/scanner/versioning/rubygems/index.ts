import { cached } from "../common.ts";
import { compareDigits, stripLeadingZeros } from "../digits.ts";
import type { VersionScheme } from "../types.ts";

/**
 * RubyGems' version order (`Gem::Version#<=>`), see `readme.md` beside this file.
 *
 * A version is a list of segments, each a number or a run of ASCII letters. Any letter makes
 * it a prerelease, which sorts before the release it precedes (`1.0.a` < `1.0`).
 */

/** `Gem::Version::ANCHORED_VERSION_PATTERN`; Ruby's `\s` is ASCII whitespace only. */
const ANCHORED =
  /^[ \t\n\v\f\r]*(?:[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?[ \t\n\v\f\r]*$/;

const SEGMENT = /[0-9]+|[a-zA-Z]+/g;

/**
 * Canonical segments: numbers are digit strings without leading zeros ("0" for zero), letter
 * runs are kept as they are; `num[i]` tells which is which.
 */
interface Parsed {
  readonly text: string;
  readonly seg: readonly string[];
  readonly num: readonly boolean[];
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

function parse(v: string): Parsed {
  // `Gem::Version.new`: strip, "" means "0", every `-` becomes `.pre.`
  let text = v.replace(/^[ \t\n\v\f\r\0]+|[ \t\n\v\f\r\0]+$/g, "");
  if (text === "") text = "0";
  text = text.replaceAll("-", ".pre.");
  const seg: string[] = [];
  const num: boolean[] = [];
  for (const m of text.matchAll(SEGMENT)) {
    const s = m[0];
    const isNum = isDigitCode(s.charCodeAt(0));
    seg.push(isNum ? stripLeadingZeros(s) : s);
    num.push(isNum);
  }
  // Canonical form: the release part (before the first letter segment) and the prerelease
  // part each lose their trailing zero segments, so 1.0 == 1.0.0 and 1.0.a.0 == 1.a.
  let firstLetter = num.indexOf(false);
  if (firstLetter < 0) firstLetter = seg.length;
  let end = seg.length;
  while (end > firstLetter && num[end - 1] && seg[end - 1] === "0") end--;
  let releaseEnd = firstLetter;
  while (releaseEnd > 0 && seg[releaseEnd - 1] === "0") releaseEnd--;
  const canonSeg = seg.slice(0, releaseEnd).concat(seg.slice(firstLetter, end));
  const canonNum = num.slice(0, releaseEnd).concat(num.slice(firstLetter, end));
  return { text, seg: canonSeg, num: canonNum };
}

function compareParsed(a: Parsed, b: Parsed): number {
  if (a.text === b.text) return 0;
  const la = a.seg.length;
  const lb = b.seg.length;
  const limit = Math.min(la, lb);
  for (let i = 0; i < limit; i++) {
    const an = a.num[i]!;
    const bn = b.num[i]!;
    const as = a.seg[i]!;
    const bs = b.seg[i]!;
    if (an !== bn) return an ? 1 : -1; // a letter segment sorts before a number
    if (as === bs) continue;
    if (an) return compareDigits(as, bs);
    return as < bs ? -1 : 1; // byte order, so case matters: "B" < "a"
  }
  // The longer one decides by its first remaining non-zero segment: a letter makes it a
  // prerelease of the shorter (so smaller), a number makes it larger.
  if (la > limit) {
    for (let i = limit; i < la; i++) {
      if (!a.num[i]) return -1;
      if (a.seg[i] !== "0") return 1;
    }
  } else {
    for (let i = limit; i < lb; i++) {
      if (!b.num[i]) return 1;
      if (b.seg[i] !== "0") return -1;
    }
  }
  return 0;
}

/** Parsed versions, cached: the matcher compares the same few strings many times over. */
const parsed = cached(parse);

function valid(v: string): boolean {
  return ANCHORED.test(v);
}

function compare(a: string, b: string): number {
  if (a === b) return 0;
  const va = valid(a);
  const vb = valid(b);
  if (!va || !vb) {
    if (va) return 1;
    if (vb) return -1;
    return a < b ? -1 : 1;
  }
  return compareParsed(parsed(a), parsed(b));
}

export const scheme: VersionScheme = {
  meta: {
    id: "rubygems",
    title: "RubyGems (Gem::Version)",
    docsUrl: "https://guides.rubygems.org/patterns/#semantic-versioning",
  },
  valid,
  compare,
};
