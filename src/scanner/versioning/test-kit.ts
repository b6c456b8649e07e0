/**
 * Test-only helpers shared by the version schemes' `index.test.ts` files (import it from tests
 * only): the table runners every scheme needs, so that each test file holds its cases and
 * little else. Every runner checks a comparison both ways round (`compare(a, b)` and
 * `compare(b, a)`), and names each case so that a failure says which one it was.
 */
import assert from "node:assert/strict";
import { basename, dirname } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { VersionScheme } from "./types.ts";

export type Op = "<" | "=" | ">";
/** `a op b`: `["1.0~rc1", "<", "1.0"]`. */
export type OrderCase = readonly [a: string, op: Op, b: string];
export type Compare = (a: string, b: string) => number;

const SIGN: Record<Op, -1 | 0 | 1> = { "<": -1, "=": 0, ">": 1 };
const FLIP: Record<Op, Op> = { "<": ">", "=": "=", ">": "<" };

export const sign = (n: number): -1 | 0 | 1 => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** The operator for a comparison result or an index difference: `opOf(i - j)`. */
export const opOf = (n: number): Op => (n < 0 ? "<" : n > 0 ? ">" : "=");

/** A version as a test name shows it: as written when plain, else quoted (`""`, `" 1.0"`). */
export function show(v: unknown): string {
  if (typeof v === "string" && /^[\x21-\x7e]+$/.test(v)) return v;
  return typeof v === "string" ? JSON.stringify(v) : String(v);
}

export const caseName = (a: string, op: Op, b: string): string => `${show(a)} ${op} ${show(b)}`;

/** `compare(a, b)` has the sign `op` stands for, and `compare(b, a)` the opposite one. */
export function assertOrder(compare: Compare, a: string, op: Op, b: string): void {
  assert.equal(sign(compare(a, b)), SIGN[op], caseName(a, op, b));
  assert.equal(sign(compare(b, a)), SIGN[FLIP[op]], caseName(b, FLIP[op], a));
}

/** Every case of a table, within one test. */
export function assertOrderTable(compare: Compare, cases: readonly OrderCase[]): void {
  for (const [a, op, b] of cases) assertOrder(compare, a, op, b);
}

/**
 * One test per case, named `a op b`. With `valid`, both sides must be valid versions too (a
 * table of valid versions that an invalid one slipped into would test the fallback instead).
 */
export function testOrderTable(
  compare: Compare,
  cases: readonly OrderCase[],
  options: { valid?: (v: string) => boolean } = {},
): void {
  const { valid } = options;
  for (const [a, op, b] of cases) {
    it(caseName(a, op, b), () => {
      if (valid !== undefined) {
        assert.ok(valid(a), `${show(a)} is valid`);
        assert.ok(valid(b), `${show(b)} is valid`);
      }
      assertOrder(compare, a, op, b);
    });
  }
}

/** Every pair (i, j) of a strictly increasing list (i = j included) is in list order. */
export function assertIncreasing(compare: Compare, list: readonly string[]): void {
  for (let i = 0; i < list.length; i++) {
    for (let j = 0; j < list.length; j++) assertOrder(compare, list[i]!, opOf(i - j), list[j]!);
  }
}

/** A list as a test name shows it: by its ends (`0.9 … 2.0.1, 10 versions`). */
export const listName = (list: readonly string[]): string =>
  `${show(list[0])} … ${show(list.at(-1))}, ${list.length} versions`;

/** Named lists as they are; lists in an array named by their ends. */
function named(
  lists: Record<string, readonly string[]> | readonly (readonly string[])[],
): [string, readonly string[]][] {
  return Array.isArray(lists) ? lists.map((list) => [listName(list), list]) : Object.entries(lists);
}

/** One test per increasing list: every pair of it in list order. */
export function testIncreasing(
  compare: Compare,
  lists: Record<string, readonly string[]> | readonly (readonly string[])[],
): void {
  for (const [name, list] of named(lists)) {
    it(`${name}: every pair in list order`, () => assertIncreasing(compare, list));
  }
}

/** The versions a table names, in table order: `a` and `b` of every case. */
export const versionsOf = (cases: readonly OrderCase[]): string[] =>
  cases.flatMap(([a, , b]) => [a, b]);

/** Each version of `versions` equals itself. */
export function assertSelfEqual(compare: Compare, versions: readonly string[]): void {
  for (const v of versions) assert.equal(sign(compare(v, v)), 0, caseName(v, "=", v));
}

/** One test per version: `accepts v` for each of `accepted`, `refuses v` for each of `refused`. */
export function testValidity(
  valid: (v: string) => boolean,
  accepted: readonly string[],
  refused: readonly string[],
): void {
  for (const v of accepted) it(`accepts ${show(v)}`, () => assert.equal(valid(v), true));
  for (const v of refused) it(`refuses ${show(v)}`, () => assert.equal(valid(v), false));
}

/** Every one of `invalid` sorts before every one of `valid` (the VersionScheme contract). */
export function assertInvalidFirst(
  compare: Compare,
  invalid: readonly string[],
  valid: readonly string[],
): void {
  for (const bad of invalid) for (const good of valid) assertOrder(compare, bad, "<", good);
}

/**
 * Values that are not strings: never valid, never a throw, and sorted before `good` like any
 * other invalid version.
 */
export function assertNonStrings(
  scheme: VersionScheme,
  values: readonly unknown[],
  good: string,
): void {
  for (const value of values) {
    const v = value as string;
    assert.equal(scheme.valid(v), false, `valid(${show(value)})`);
    assertOrder(scheme.compare, v, "<", good);
  }
}

/** A deterministic shuffle (mulberry32 seeded with `seed`), so that a failure can be replayed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * A maker of pseudo-random version strings for checks against a packaging tool: 1 to `maxAtoms`
 * of `atoms` joined, one time in five behind an epoch `0:` to `2:`. The generator is a fixed
 * LCG started at `seed`, so every run makes the same versions.
 */
export function randomVersions(
  seed: number,
  atoms: readonly string[],
  maxAtoms: number,
): () => string {
  let state = seed;
  const rnd = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  return () => {
    let s = "";
    for (let k = 1 + Math.floor(rnd() * maxAtoms); k > 0; k--) {
      s += atoms[Math.floor(rnd() * atoms.length)];
    }
    return rnd() < 0.2 ? `${Math.floor(rnd() * 3)}:${s}` : s;
  };
}

/**
 * Sorting gives `sorted` back: from each of `inputs` (a hand-shuffled copy) as given and
 * reversed, and from shuffled copies of `sorted` with the seeds 1 to `seeds`.
 */
export function assertSorts(
  compare: Compare,
  sorted: readonly string[],
  inputs: readonly (readonly string[])[] = [],
  seeds = 25,
): void {
  for (const input of inputs) {
    assert.deepEqual([...input].sort(compare), sorted, "sorting the input as given");
    assert.deepEqual([...input].reverse().sort(compare), sorted, "sorting the input reversed");
  }
  let moved = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const input = shuffled(sorted, seed);
    if (input.some((v, i) => v !== sorted[i])) moved++;
    assert.deepEqual(input.sort(compare), sorted, `sorting the shuffle with seed ${seed}`);
  }
  if (seeds > 0 && new Set(sorted).size > 2) assert.ok(moved > 0, "no shuffle moved anything");
}

/**
 * Sorting `versions` gives a consistent total order: no pair of the sorted list is out of
 * order, and `compare` is antisymmetric on every pair.
 */
export function assertTotalOrder(compare: Compare, versions: readonly string[]): void {
  const sorted = [...new Set(versions)].sort(compare);
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i]!;
      const b = sorted[j]!;
      const c = sign(compare(a, b));
      assert.ok(c <= 0, `${caseName(a, ">", b)} after sorting`);
      assert.equal(sign(compare(b, a)), -c || 0, `compare(${show(b)}, ${show(a)}) is -${c}`);
    }
  }
}

/**
 * The scheme's meta: `id` is the name of the folder of the test file at `testFileUrl` (pass
 * `import.meta.url`), `docsUrl` matches `docsUrl`, and it has a title.
 */
export function testMeta(scheme: VersionScheme, testFileUrl: string, docsUrl: RegExp): void {
  it("meta: named after its folder, with the address of its spec", () => {
    assert.equal(scheme.meta.id, basename(dirname(fileURLToPath(testFileUrl))));
    assert.match(scheme.meta.docsUrl, docsUrl);
    assert.ok(scheme.meta.title.length > 0, "a title");
  });
}

/** What `describeScheme` checks; every part is optional but the meta's. */
export interface SchemeSuite {
  /** The test file's `import.meta.url`: the scheme's id must be the name of its folder. */
  testFile: string;
  docsUrl: RegExp;
  /** Tables of `a op b` cases by name (their source, or the rule they test): a test per case. */
  cases?: Record<string, readonly OrderCase[]>;
  /** Both sides of every case must be valid versions. */
  casesAreValid?: boolean;
  /** Strictly increasing lists: a test per list over every pair of it. */
  increasing?: Record<string, readonly string[]> | readonly (readonly string[])[];
  /** Lists sorting must give back, from seeded shuffles and from `inputs` as given and reversed. */
  sorts?: readonly { sorted: readonly string[]; inputs?: readonly (readonly string[])[] }[];
  /** Sorting these versions gives a consistent total order. */
  totalOrder?: readonly string[];
  valid?: readonly string[];
  invalid?: readonly string[];
  /** Each of `invalid` sorts before each of `valid`. */
  invalidFirst?: { invalid: readonly string[]; valid: readonly string[] };
  /** Invalid versions among themselves: ordered as strings. */
  invalidAsStrings?: readonly OrderCase[];
  /** Values that are not strings, and a valid version they must sort before. */
  nonStrings?: { values: readonly unknown[]; good: string };
}

/**
 * The tests every version scheme has, from its tables: `describe` blocks named `<id>: …`,
 * one test per case or version. A scheme's own further tests sit beside this call.
 */
export function describeScheme(scheme: VersionScheme, suite: SchemeSuite): void {
  const { id } = scheme.meta;
  const { compare } = scheme;
  for (const [name, cases] of Object.entries(suite.cases ?? {})) {
    describe(`${id}: ${name}`, () => {
      testOrderTable(compare, cases, suite.casesAreValid ? { valid: scheme.valid } : {});
    });
  }
  describe(`${id}: order`, () => {
    if (suite.increasing !== undefined) testIncreasing(compare, suite.increasing);
    const tables = Object.values(suite.cases ?? {});
    if (tables.length > 0) {
      it("every version of the case tables equals itself", () => {
        assertSelfEqual(compare, tables.flatMap(versionsOf));
      });
    }
    for (const { sorted, inputs } of suite.sorts ?? []) {
      it(`sorting gives ${listName(sorted)} back`, () => assertSorts(compare, sorted, inputs));
    }
    const { totalOrder } = suite;
    if (totalOrder !== undefined) {
      it("is a total order over every version in the tables", () => {
        assertTotalOrder(compare, totalOrder);
      });
    }
  });
  if (suite.valid !== undefined || suite.invalid !== undefined) {
    describe(`${id}: valid`, () =>
      testValidity(scheme.valid, suite.valid ?? [], suite.invalid ?? []));
  }
  describe(`${id}: invalid versions`, () => {
    const { invalidFirst, invalidAsStrings, nonStrings } = suite;
    if (invalidFirst !== undefined) {
      it("sort before every valid version", () => {
        assertInvalidFirst(compare, invalidFirst.invalid, invalidFirst.valid);
      });
    }
    if (invalidAsStrings !== undefined) {
      it("compare with each other as strings", () => assertOrderTable(compare, invalidAsStrings));
    }
    if (nonStrings !== undefined) {
      it("values that are not strings are invalid, and never throw", () => {
        assertNonStrings(scheme, nonStrings.values, nonStrings.good);
      });
    }
  });
  describe(`${id}: meta`, () => testMeta(scheme, suite.testFile, suite.docsUrl));
}
