/**
 * Comparisons several version schemes share: numbers given as digits (any length, so no
 * parseInt and no overflow) and plain code-unit order, over whole strings or over index ranges
 * of the original strings (which allocates nothing).
 */

const ZERO = 48;
const NINE = 57;

export const isDigit = (c: number): boolean => c >= ZERO && c <= NINE;

/** Compares `a[as, ae)` with `b[bs, be)`: negative, zero or positive. */
export type RangeCompare = (
  a: string,
  as: number,
  ae: number,
  b: string,
  bs: number,
  be: number,
) => number;

/**
 * Code-unit order of `a[as, ae)` and `b[bs, be)` (C's strcmp on ASCII): the first differing
 * code unit decides, else the shorter range (a prefix of the other) sorts first.
 */
export const compareRanges: RangeCompare = (a, as, ae, b, bs, be) => {
  const la = ae - as;
  const lb = be - bs;
  const n = Math.min(la, lb);
  for (let k = 0; k < n; k++) {
    const d = a.charCodeAt(as + k) - b.charCodeAt(bs + k);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return la === lb ? 0 : la < lb ? -1 : 1;
};

/**
 * The numbers written by the digits `a[as, ae)` and `b[bs, be)`, compared by value: leading
 * zeros are skipped (an empty range is 0), then the longer number is the bigger one, else the
 * first differing digit decides.
 */
export const compareDigitRanges: RangeCompare = (a, as, ae, b, bs, be) => {
  while (as < ae && a.charCodeAt(as) === ZERO) as++;
  while (bs < be && b.charCodeAt(bs) === ZERO) bs++;
  if (ae - as !== be - bs) return ae - as < be - bs ? -1 : 1;
  return compareRanges(a, as, ae, b, bs, be);
};

/** `007` -> `7`, `000` -> `0`: digits without leading zeros, at least one digit kept. */
export function stripLeadingZeros(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === ZERO) i++;
  return i === 0 ? digits : digits.slice(i);
}

/** Two numbers written as digit strings without leading zeros, compared by value. */
export function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
