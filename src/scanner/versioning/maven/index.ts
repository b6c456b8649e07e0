import { cached } from "../common.ts";
import { compareDigits, stripLeadingZeros } from "../digits.ts";
import type { VersionScheme } from "../types.ts";

/**
 * Maven's version order (maven-artifact `ComparableVersion`), see `readme.md` beside this file.
 *
 * A version is parsed into a tree of items: numbers, qualifier strings, "combinations" (a
 * qualifier glued to a number, `rc1`), and sub-lists (opened by `-` and by digit/letter
 * transitions). Trailing "null" items are trimmed, then trees are compared item by item.
 */

const NUM = 0;
const STR = 1;
const COMB = 2;
const LIST = 3;

/** A number; `digits` has no leading zeros ("0" for zero), so any length compares exactly. */
interface NumItem {
  readonly k: typeof NUM;
  readonly digits: string;
}

/** A qualifier; `rank` orders the well-known ones, 7 = unknown (then ordered by `value`). */
interface StrItem {
  readonly k: typeof STR;
  readonly rank: number;
  readonly value: string;
}

/** A qualifier immediately followed by a number (`rc1`, `alpha-2`, `sp3`). */
interface CombItem {
  readonly k: typeof COMB;
  readonly str: StrItem;
  readonly num: NumItem;
}

interface ListItem {
  readonly k: typeof LIST;
  readonly items: Item[];
}

type Item = NumItem | StrItem | CombItem | ListItem;

/** Rank of the empty qualifier: the release itself. */
const RELEASE = 5;
const UNKNOWN = 7;

const RANKS: ReadonlyMap<string, number> = new Map([
  ["alpha", 0],
  ["beta", 1],
  ["milestone", 2],
  ["rc", 3],
  ["cr", 3],
  ["snapshot", 4],
  ["", RELEASE],
  ["ga", RELEASE],
  ["final", RELEASE],
  ["release", RELEASE],
  ["sp", 6],
]);

const ZERO: NumItem = { k: NUM, digits: "0" };

function numItem(digits: string): NumItem {
  const d = stripLeadingZeros(digits);
  return d === "0" ? ZERO : { k: NUM, digits: d };
}

function strItem(raw: string, followedByDigit: boolean): StrItem {
  let value = raw;
  if (followedByDigit && value.length === 1) {
    // a1 = alpha-1, b1 = beta-1, m1 = milestone-1
    if (value === "a") value = "alpha";
    else if (value === "b") value = "beta";
    else if (value === "m") value = "milestone";
  }
  if (value === "cr") value = "rc";
  return { k: STR, rank: RANKS.get(value) ?? UNKNOWN, value };
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

function combItem(text: string): CombItem {
  // Letters then digits; a `-` between them (`alpha-1`) is dropped.
  const clean = text.includes("-") ? text.replaceAll("-", "") : text;
  let at = 0;
  while (at < clean.length && !isDigitCode(clean.charCodeAt(at))) at++;
  return { k: COMB, str: strItem(clean.slice(0, at), true), num: numItem(clean.slice(at)) };
}

function makeItem(combination: boolean, digit: boolean, text: string): Item {
  if (combination) return combItem(text);
  if (digit) return numItem(text);
  return strItem(text, false);
}

function isNullItem(item: Item): boolean {
  switch (item.k) {
    case NUM:
      return item.digits === "0";
    case STR:
      return item.value === "";
    case COMB:
      return false;
    default:
      return item.items.length === 0;
  }
}

/** Trim trailing null items (and nulls that only precede a qualifier), innermost list first. */
function normalizeList(items: Item[]): void {
  for (let i = items.length - 1; i >= 0; i--) {
    if (!isNullItem(items[i]!)) continue;
    const next = items[i + 1];
    if (next === undefined || next.k === STR) {
      items.splice(i, 1);
    } else if (next.k === LIST) {
      const first = next.items[0];
      if (first !== undefined && (first.k === COMB || first.k === STR)) items.splice(i, 1);
    }
  }
  // Removing a zero prefix must not leave an extra level of nesting.
  const only = items.length === 1 ? items[0]! : null;
  if (only !== null && only.k === LIST) {
    items.length = 0;
    for (const item of only.items) items.push(item);
  }
}

function parse(version: string): ListItem {
  const s = version.toLowerCase();
  const root: ListItem = { k: LIST, items: [] };
  let list = root.items;
  const stack: Item[][] = [list];
  const open = (): void => {
    const sub: ListItem = { k: LIST, items: [] };
    list.push(sub);
    list = sub.items;
    stack.push(list);
  };
  let digit = false;
  let combination = false;
  let start = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 /* . */) {
      list.push(i === start ? ZERO : makeItem(combination, digit, s.slice(start, i)));
      combination = false;
      start = i + 1;
    } else if (c === 45 /* - */) {
      if (i === start) {
        list.push(ZERO);
      } else {
        // `x-1` is read as the combination `x1`.
        if (!digit && i !== n - 1 && isDigitCode(s.charCodeAt(i + 1))) {
          combination = true;
          continue;
        }
        list.push(makeItem(combination, digit, s.slice(start, i)));
      }
      start = i + 1;
      if (list.length > 0) open();
      combination = false;
    } else if (isDigitCode(c)) {
      if (!digit && i > start) {
        // letters then digits: a combination such as `rc1`
        combination = true;
        if (list.length > 0) open();
      }
      digit = true;
    } else {
      if (digit && i > start) {
        // digits then letters: the letters open a sub-list
        list.push(makeItem(combination, true, s.slice(start, i)));
        start = i;
        open();
        combination = false;
      }
      digit = false;
    }
  }
  if (n > start) {
    // A trailing qualifier after `.` is treated like one after `-` (`1.0.x1` < `1.0-x2`).
    if (!digit && list.length > 0) open();
    list.push(makeItem(combination, digit, s.slice(start)));
  }
  for (let i = stack.length - 1; i >= 0; i--) normalizeList(stack[i]!);
  return root;
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

function compareStr(a: StrItem, b: StrItem): number {
  if (a.rank !== b.rank) return a.rank < b.rank ? -1 : 1;
  if (a.rank !== UNKNOWN) return 0;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/** How `item` compares with a missing item (the other version ended). */
function compareToMissing(item: Item): number {
  switch (item.k) {
    case NUM:
      return item.digits === "0" ? 0 : 1;
    case STR:
      return sign(item.rank - RELEASE);
    case COMB: {
      const r = sign(item.str.rank - RELEASE);
      return r !== 0 ? r : item.num.digits === "0" ? 0 : 1;
    }
    default:
      for (const child of item.items) {
        const r = compareToMissing(child);
        if (r !== 0) return r;
      }
      return 0;
  }
}

function compareItems(a: Item, b: Item): number {
  switch (a.k) {
    case NUM:
      return b.k === NUM ? compareDigits(a.digits, b.digits) : 1;
    case STR:
      switch (b.k) {
        case NUM:
          return -1;
        case STR:
          return compareStr(a, b);
        case COMB: {
          const r = compareStr(a, b.str);
          if (r !== 0) return r;
          // `x` < `x1`; for a release qualifier the number alone decides (`ga` = `ga0`)
          if (a.rank === RELEASE) return b.num.digits === "0" ? 0 : -1;
          return -1;
        }
        default:
          return -compareItems(b, a);
      }
    case COMB:
      switch (b.k) {
        case NUM:
          return -1;
        case STR:
          return -compareItems(b, a);
        case COMB: {
          const r = compareStr(a.str, b.str);
          return r !== 0 ? r : compareDigits(a.num.digits, b.num.digits);
        }
        default:
          return -compareItems(b, a);
      }
    default:
      switch (b.k) {
        case NUM:
          return -1;
        case LIST:
          return compareLists(a.items, b.items);
        default: {
          // A list against a single qualifier: its first item decides, the rest against nothing.
          let r = a.items.length === 0 ? -compareToMissing(b) : compareItems(a.items[0]!, b);
          for (let i = 1; r === 0 && i < a.items.length; i++) r = compareToMissing(a.items[i]!);
          return r;
        }
      }
  }
}

function compareLists(a: readonly Item[], b: readonly Item[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const l = a[i];
    const r = b[i];
    const c =
      l === undefined
        ? r === undefined
          ? 0
          : -compareToMissing(r)
        : r === undefined
          ? compareToMissing(l)
          : compareItems(l, r);
    if (c !== 0) return c;
  }
  return 0;
}

/** Parsed versions, cached: the matcher compares the same few strings many times over. */
const parsed = cached(parse);

/** Maven itself accepts any string; we refuse empty ones and whitespace or control characters. */
const INVALID_CHAR = /[\s\p{Cc}]/u;

function valid(v: string): boolean {
  return v.length > 0 && !INVALID_CHAR.test(v);
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
  return compareLists(parsed(a).items, parsed(b).items);
}

export const scheme: VersionScheme = {
  meta: {
    id: "maven",
    title: "Maven (ComparableVersion)",
    docsUrl: "https://maven.apache.org/pom.html#version-order-specification",
  },
  valid,
  compare,
};
