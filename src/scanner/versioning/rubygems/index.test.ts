import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scheme } from "./index.ts";

type Op = "<" | "=" | ">";
const WANT: Record<Op, number> = { "<": -1, "=": 0, ">": 1 };

function sgn(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

function expectOrder(a: string, op: Op, b: string): void {
  const want = WANT[op];
  assert.equal(sgn(scheme.compare(a, b)), want, `${a} ${op} ${b}`);
  assert.equal(sgn(scheme.compare(b, a)), want === 0 ? 0 : -want, `reverse of ${a} ${op} ${b}`);
}

/** Each list is in ascending order; every pair is checked both ways. */
const ORDERED: Record<string, readonly string[]> = {
  // the class comment of Gem::Version: "Prereleases sort between real releases"
  PRERELEASES: ["0.9", "1.0.a.2", "1.0.b1", "1.0"],
  // test_semver
  SEMVER: ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0"],
  HISTORY: [
    "0.0.1",
    "0.1",
    "0.9.9",
    "1.0.0.a",
    "1.0.0.a.1",
    "1.0.0.a.2",
    "1.0.0.a10",
    "1.0.0.b",
    "1.0.0.beta",
    "1.0.0.beta.2",
    "1.0.0.pre",
    "1.0.0.rc1",
    "1.0.0",
    "1.0.0.1",
    "1.0.1",
    "1.1",
    "1.2",
    "1.10",
    "2.0.0.dev",
    "2.0.0",
    "10.0",
  ],
};

const CASES: readonly (readonly [string, Op, string])[] = [
  // test_spaceship
  ["1.0", "=", "1.0.0"],
  ["1.0", ">", "1.0.a"],
  ["1.8.2", ">", "0.0.0"],
  ["1.8.2", ">", "1.8.2.a"],
  ["1.8.2.b", ">", "1.8.2.a"],
  ["1.8.2.a", "<", "1.8.2"],
  ["1.8.2.a10", ">", "1.8.2.a9"],
  ["", "=", "0"],
  ["0.beta.1", "=", "0.0.beta.1"],
  ["0.0.beta", "<", "0.0.beta.1"],
  ["0.0.beta", "<", "0.beta.1"],
  ["5.a", "<", "5.0.0.rc2"],
  ["5.x", ">", "5.0.0.rc2"],
  ["1.9.3", "=", "1.9.3"],
  ["1.9.3", ">", "1.9.2.99"],
  ["1.9.3", "<", "1.9.3.1"],
  // test_equals2, test_eql_eh, test_hash (== ignores precision)
  ["1.2", "=", "1.2"],
  ["1.2", "<", "1.3"],
  ["1.2.b1", "=", "1.2.b.1"],
  ["1.2", "=", "1.2.0"],
  ["1.2.pre.1", "=", "1.2.0.pre.1.0"],
  // test_initialize: surrounding whitespace is stripped
  ["1.0", "=", "1.0 "],
  ["1.0", "=", " 1.0 "],
  ["1.0", "=", "1.0\n"],
  ["1.0", "=", "\n1.0\n"],
  ["1", "=", "1"],
  // test_empty_version
  ["   ", "=", "0"],
  [" ", "=", ""],
  // test_semver (hyphens become .pre.)
  ["1.0.0-alpha", "<", "1.0.0-alpha.1"],
  ["1.0.0-alpha.1", "<", "1.0.0-beta.2"],
  ["1.0.0-beta.2", "<", "1.0.0-beta.11"],
  ["1.0.0-beta.11", "<", "1.0.0-rc.1"],
  ["1.0.0-rc1", "<", "1.0.0"],
  ["1.0.0-rc1", "=", "1.0.0-rc.1"],
  ["1.0.0-1", "<", "1"],
  // test_prerelease / test_release: a prerelease sorts before its release
  ["1.2.0.a", "<", "1.2.0"],
  ["2.9.b", "<", "2.9"],
  ["22.1.50.0.d", "<", "22.1.50"],
  ["1.2.d.42", "<", "1.2"],
  ["1.A", "<", "1"],
  ["1-1", "<", "1"],
  ["1-a", "<", "1"],
  ["1.1.rc10", "<", "1.1"],
  ["1.9.3.alpha.5", "<", "1.9.3"],
  ["1.9.3.alpha.5", ">", "1.9.2"],
  // test_frozen_version
  ["1.freeze.test", "<", "1"],
  // test_sort_key_*
  ["1.0.0", ">", "0.0.1.20220404083012"],
  ["0.7.0", ">", "0.6.63000"],
  ["18.0.1", "<", "18.0.2"],
  ["9.8.7.1", ">", "9.8.7"],
  ["2.30.1.250000", ">", "2.30.1.24999"],
  ["1.1.1.1.1.1.1", ">", "1.1.1.1.1.1"],
  // test_canonical_segments
  ["1.0.0", "=", "1"],
  ["1.0.0.a.1.0", "=", "1.a.1"],
  ["1.2.3-1", "=", "1.2.3.pre.1"],
  // trailing zeros are ignored in the release part and in the prerelease part
  ["1.0.0.0.0", "=", "1"],
  ["0", "=", "0.0.0"],
  ["1.0.a.0", "=", "1.a"],
  ["1.0.a.0.0", "=", "1.0.0.a"],
  ["1.0a", "=", "1.a"],
  ["1.a.0.1", ">", "1.a"],
  ["1.a.0.1", "<", "1.a.1"],
  ["1.0.a.1", "<", "1.0.a.1.0.1"],
  // letters split from digits
  ["1.0.a10", "=", "1.0.a.10"],
  ["1.0a1", "=", "1.0.a.1"],
  ["1.a1b2", "=", "1.a.1.b.2"],
  ["1.0.rc10", ">", "1.0.rc9"],
  ["1.0.rc10", "<", "1.0.rc10.1"],
  ["3.2.0.pre1", "<", "3.2.0.pre2"],
  ["3.2.0.pre1", "<", "3.2.0.rc1"],
  // numbers beat letters at the same position
  ["1.0.1", ">", "1.0.a"],
  ["1.0.0.1", ">", "1.0.a"],
  ["1.a.1", "<", "1.1"],
  ["1.1.a", "<", "1.1.0.1"],
  ["1.a", ">", "0.9"],
  ["0.a", "<", "0.0.1"],
  // letter runs compare by bytes: case matters, uppercase first
  ["1.0.A", "<", "1.0.a"],
  ["1.0.B", "<", "1.0.a"],
  ["1.0.Z", "<", "1.0.a"],
  ["1.0.a", "<", "1.0.alpha"],
  ["1.0.alpha", "<", "1.0.b"],
  ["1.0.beta", "<", "1.0.pre"],
  ["1.0.pre", "<", "1.0.rc"],
  ["1.0.rc", "<", "1.0.z"],
  ["1.0.ALPHA", "<", "1.0.alpha"],
  ["1.0.RC1", "<", "1.0.rc1"],
  // numbers are compared as numbers, of any size, leading zeros ignored
  ["1.01", "=", "1.1"],
  ["1.001.0001", "=", "1.1.1"],
  ["1.10", ">", "1.9"],
  ["1.2", "<", "1.10"],
  ["3.10", ">", "3.2"],
  ["1.99999999999999999999", ">", "1.9"],
  ["1.99999999999999999999", "<", "1.100000000000000000000"],
  ["123456789012345678901234567890", "=", "0123456789012345678901234567890"],
  ["2022.01.01", ">", "2021.12.31"],
  ["20220101", ">", "2022.1.1"],
  // a hyphen becomes ".pre.", so it is never the same as a dot
  ["1.0.0-beta.1", ">", "1.0.0.beta.1"],
  ["1.0.0-beta.1", "=", "1.0.0.pre.beta.1"],
  ["1.0-alpha", ">", "1.0.alpha"],
  ["1.0-pre", "<", "1.0.pre"],
  ["1.0.0-1", "<", "1.0.0.1"],
  ["1.0.0-1", "=", "1.0.0.pre.1"],
  ["1.0.0-1", ">", "1.0.0-a"],
  ["1-1-1", "=", "1.pre.1.pre.1"],
  ["1.0.0-x-y", "=", "1.0.0.pre.x.pre.y"],
  ["1.0.0-rc.1", "<", "1.0.0-rc.2"],
  ["1.0.0-rc.1", ">", "1.0.0-beta.9"],
  ["1.0.0-0", "<", "1.0.0"],
  ["1.0.0-0", "=", "1.0.0.pre"],
  // common prerelease shapes
  ["4.0.0.beta1", "<", "4.0.0.beta2"],
  ["4.0.0.beta2", "<", "4.0.0.rc1"],
  ["4.0.0.rc1", "<", "4.0.0"],
  ["4.0.0", "<", "4.0.1.rc1"],
  ["6.1.7.1", ">", "6.1.7"],
  ["6.1.7.1", "<", "6.1.7.2"],
  ["7.0.0.alpha2", "<", "7.0.0.beta1"],
  ["7.0.0.alpha2", ">", "6.1.7.3"],
  ["2.0.0.dev", "<", "2.0.0.rc1"],
  ["1.2.3.pre.beta.1", ">", "1.2.3.beta.1"],
  ["0.1.0.a", "<", "0.1.0"],
  ["0.1.0.a", ">", "0.0.9"],
  ["1.0.0.a", "=", "1.a"],
  ["1.0.0.a", "<", "1.0.0.0.1"],
  ["1.0.0.b", ">", "1.0.0.a.9"],
  ["10.0.0.a", ">", "9.99"],
  ["1.2.3.4.5.6.7.8", ">", "1.2.3.4.5.6.7"],
  ["1.2.3.4.5.6.7.8", "<", "1.2.3.4.5.6.8"],
  ["1.0.0.a.b", "<", "1.0.0.a.c"],
  // a letter segment is less than a number, and a further letter segment makes a prerelease
  ["1.0.0.a.b", "<", "1.0.0.a.1"],
  ["1.0.0.a.b", "<", "1.0.0.a"],
  ["1.0.0.a.b.0", "=", "1.0.0.a.b"],
];

const VALID = [
  "",
  " ",
  "0",
  "1",
  "1.0",
  "1.0 ",
  " 1.0 ",
  "\n1.0\n",
  "1.2.3.4.5",
  "1.0.a",
  "1.0.A",
  "1.0.a10",
  "1.0a",
  "1.2.3-1",
  "1.2.3-alpha.1",
  "1.0.0-x-y",
  "1-1",
  "1-a",
  "1.0.0.pre.beta.1",
  "1.99999999999999999999",
];

const INVALID = [
  "junk",
  "an incorrect version",
  "1.0\n2.0",
  "1..2",
  "1.2 3.4",
  "2.3422222.222.222222222.22222.ads0as.dasd0.ddd2222.2.qd3e.",
  "a1.0",
  ".1",
  "1.",
  "1.0.",
  "1-",
  "1.0-",
  "1.0-a.",
  "1.0-a..b",
  "1.0+build",
  "v1.0",
  "1.0_1",
  "1,0",
  "-1",
  "1.0.é",
];

describe("rubygems: ordered lists", () => {
  for (const [name, list] of Object.entries(ORDERED)) {
    it(name, () => {
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) expectOrder(list[i]!, "<", list[j]!);
        expectOrder(list[i]!, "=", list[i]!);
      }
    });
  }
});

describe("rubygems: compare", () => {
  for (const [a, op, b] of CASES) {
    it(`${JSON.stringify(a)} ${op} ${JSON.stringify(b)}`, () => expectOrder(a, op, b));
  }
});

describe("rubygems: valid (Gem::Version::ANCHORED_VERSION_PATTERN)", () => {
  for (const v of VALID)
    it(`accepts ${JSON.stringify(v)}`, () => assert.equal(scheme.valid(v), true));
  for (const v of INVALID) {
    it(`refuses ${JSON.stringify(v)}`, () => assert.equal(scheme.valid(v), false));
  }
  it("refuses a long malformed version quickly (CVE-2013-4287)", () => {
    const evil = "1." + "1".repeat(50_000) + "." + "a0".repeat(50_000) + ".";
    const start = performance.now();
    assert.equal(scheme.valid(evil), false);
    assert.ok(performance.now() - start < 1000);
  });
});

describe("rubygems: invalid versions", () => {
  it("sort before every valid version", () => {
    for (const v of INVALID) {
      for (const w of ["", "0", "1.0", "1.0.a"]) {
        assert.equal(sgn(scheme.compare(v, w)), -1, `${JSON.stringify(v)} < ${w}`);
        assert.equal(sgn(scheme.compare(w, v)), 1, `${w} > ${JSON.stringify(v)}`);
      }
    }
  });
  it("compare among themselves as strings", () => {
    assert.equal(sgn(scheme.compare("junk", "1..2")), 1);
    assert.equal(sgn(scheme.compare("1..2", "junk")), -1);
    assert.equal(scheme.compare("junk", "junk"), 0);
  });
});

describe("rubygems: sort", () => {
  it("sorts a shuffled list", () => {
    const expected = ORDERED["HISTORY"]!;
    const shuffled = expected
      .filter((_, i) => i % 3 === 2)
      .concat(expected.filter((_, i) => i % 3 !== 2).reverse());
    assert.notDeepEqual(shuffled, expected);
    assert.deepEqual([...shuffled].sort(scheme.compare), expected);
  });

  it("is a total order over every version in this file", () => {
    const all = [
      ...new Set([...Object.values(ORDERED).flat(), ...CASES.flatMap(([a, , b]) => [a, b])]),
    ];
    const sorted = [...all].sort(scheme.compare);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const c = sgn(scheme.compare(sorted[i]!, sorted[j]!));
        assert.ok(c <= 0, `${sorted[i]} <= ${sorted[j]} after sorting`);
        assert.equal(sgn(scheme.compare(sorted[j]!, sorted[i]!)), c === 0 ? 0 : -c);
      }
    }
  });
});

describe("rubygems: meta", () => {
  it("names the folder", () => {
    assert.equal(scheme.meta.id, "rubygems");
    assert.match(scheme.meta.docsUrl, /^https:\/\//);
  });
});
