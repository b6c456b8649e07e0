/**
 * The `valid` / `compare` pair in the forms several version schemes share: the contract of
 * types.ts (an invalid version sorts before every valid one, two invalid versions compare as
 * strings) around a scheme's own parsing and ordering of valid versions.
 */
import type { VersionScheme } from "./types.ts";

type Order = Pick<VersionScheme, "valid" | "compare">;

/**
 * The order of `a` and `b` when at least one of them is invalid (`okA` / `okB` tell which are
 * valid): an invalid version sorts before every valid one, two invalid versions compare as
 * strings.
 */
export function compareInvalid(a: string, okA: boolean, b: string, okB: boolean): number {
  if (okA) return 1;
  if (okB) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

interface OrderOptions {
  /** Two equal strings are equal without being parsed or validated first. */
  shortcutEqual?: boolean;
}

/** For a scheme that parses a version into what orders it (null when it is not a version). */
export function orderByParse<T>(
  parse: (v: string) => T | null,
  compareParsed: (a: T, b: T) => number,
  options: OrderOptions = {},
): Order {
  const shortcut = options.shortcutEqual === true;
  return {
    valid: (v: string): boolean => parse(v) !== null,
    compare(a: string, b: string): number {
      if (shortcut && a === b) return 0;
      const pa = parse(a);
      const pb = parse(b);
      if (pa === null || pb === null) return compareInvalid(a, pa !== null, b, pb !== null);
      return compareParsed(pa, pb);
    },
  };
}

/** For a scheme with a validity test and an order of valid versions. */
export function orderValidFirst(
  valid: (v: string) => boolean,
  compareValid: (a: string, b: string) => number,
): Order {
  return {
    valid,
    compare(a: string, b: string): number {
      const okA = valid(a);
      const okB = valid(b);
      return okA && okB ? compareValid(a, b) : compareInvalid(a, okA, b, okB);
    },
  };
}

/**
 * For a scheme that parses a version into index ranges of the string, kept in a reusable record
 * (`newParts` makes one), so that a comparison allocates nothing. `parse` fills `out` and tells
 * whether `v` is valid; `compareParts` orders `a` and `b` by the ranges `x` and `y` hold.
 */
export function orderByScan<P>(
  newParts: () => P,
  parse: (v: string, out: P) => boolean,
  compareParts: (a: string, x: P, b: string, y: P) => number,
): Order {
  const x = newParts();
  const y = newParts();
  return {
    valid: (v: string): boolean => parse(v, x),
    compare(a: string, b: string): number {
      const okA = parse(a, x);
      const okB = parse(b, y);
      return okA && okB ? compareParts(a, x, b, y) : compareInvalid(a, okA, b, okB);
    },
  };
}

/**
 * `parse` with its results kept by input string. Advisory ranges repeat the same few versions
 * for every package checked, so most look-ups hit; the cache is cleared when it holds `limit`
 * entries rather than tracking recency. `parse` must never return undefined.
 */
export function cached<T>(parse: (v: string) => T, limit = 4096): (v: string) => T {
  const cache = new Map<string, T>();
  return (v: string): T => {
    let p = cache.get(v);
    if (p === undefined) {
      p = parse(v);
      if (cache.size >= limit) cache.clear();
      cache.set(v, p);
    }
    return p;
  };
}
