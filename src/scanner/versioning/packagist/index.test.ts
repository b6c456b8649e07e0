import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { normalize, scheme } from "./index.ts";

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
  // the stability ladder: dev < alpha < beta < RC < stable < patch
  STABILITIES: [
    "dev-master",
    "1.0.0-dev",
    "1.0.0-alpha-dev",
    "1.0.0-alpha",
    "1.0.0-alpha1-dev",
    "1.0.0-alpha1",
    "1.0.0-alpha2",
    "1.0.0-beta",
    "1.0.0-beta1",
    "1.0.0-beta2",
    "1.0.0-beta10",
    "1.0.0-RC1",
    "1.0.0-RC2",
    "1.0.0",
    "1.0.0-patch1",
    "1.0.0-p2",
    "1.0.0.1-dev",
    "1.0.0.1",
    "1.0.1-dev",
    "1.0.1",
    "1.x-dev",
    "2.0.0-dev",
  ],
  // a package's history with branches, dates and four-part versions
  HISTORY: [
    "dev-develop",
    "dev-feature/x",
    "dev-master",
    "v0.1.0",
    "0.9.9",
    "1.0.0-beta.1",
    "1.0.0-beta.2",
    "v1.0.0-RC1",
    "1.0.0",
    "1.0.0.1",
    "1.0.1",
    "1.1",
    "1.10.0",
    "1.x-dev",
    "2.0.x-dev",
    "2010.01.02",
    "20100102",
    "20100102.1",
  ],
};

const CASES: readonly (readonly [string, Op, string])[] = [
  // ComparatorTest
  ["1.25.0", ">", "1.24.0"],
  ["1.25.0", "=", "1.25.0"],
  ["1.25.0", "<", "1.26.0"],
  ["1.26.0", ">", "dev-foo"],
  ["1.0.0", "<", "1.2-dev"],
  ["1.25.0-beta2.1", "<", "1.25.0-b.3"],
  ["1.25.0-b2.1", "<", "1.25.0beta.3"],
  ["1.25.0-b-2.1", "<", "1.25.0-rc"],
  ["1.25.0-beta2.1", "=", "1.25.0-b.2.1"],
  ["1.25.0beta2.1", "=", "1.25.0-b2.1"],
  // branches: before every numbered version, by name among themselves, equal only to the same
  ["dev-foo", "<", "1.26.0"],
  ["dev-foo", "<", "dev-master"],
  ["dev-foo", ">", "dev-bar"],
  ["dev-foo", "=", "dev-foo"],
  ["dev-foo", "=", "DEV-foo"],
  ["dev-Foo", "<", "dev-foo"],
  ["dev-master", "=", "master"],
  ["dev-trunk", "=", "trunk"],
  ["dev-default", "=", "default"],
  ["dev-master", "<", "0.0.0-dev"],
  ["dev-master", "<", "0"],
  ["dev-1.0", "<", "0.1"],
  ["dev-master", "=", "dev-master as 1.0.0"],
  ["dev-foo@dev", "=", "dev-foo"],
  ["dev-load-varnish-only-when-used as ^2.0", "=", "dev-load-varnish-only-when-used"],
  // VersionParserTest::successfulNormalizedVersions, as equalities
  ["1.0.0", "=", "1.0.0.0"],
  ["1.0.0", "=", "1"],
  ["1.0", "=", "1.0.0.0"],
  ["1.0.0RC1dev", "=", "1.0.0.0-RC1-dev"],
  ["1.0.0-rC15-dev", "=", "1.0.0.RC.15-dev"],
  ["1.0.0-rc1", "=", "1.0.0.0-RC1"],
  ["1.0.0.pl3-dev", "=", "1.0.0.0-patch3-dev"],
  ["1.0-dev", "=", "1.0.0.0-dev"],
  ["0", "=", "0.0.0.0"],
  ["10.4.13-beta", "=", "10.4.13.0-beta"],
  ["10.4.13beta2", "=", "10.4.13.0-beta2"],
  ["10.4.13beta.2", "=", "10.4.13-beta2"],
  ["v1.13.11-beta.0", "=", "1.13.11.0-beta0"],
  ["10.4.13-b", "=", "10.4.13-beta"],
  ["10.4.13-b5", "=", "10.4.13.0-beta5"],
  ["v1.0.0", "=", "1.0.0"],
  ["V1.0.0", "=", "1.0.0"],
  ["2010.01", "=", "2010.1.0.0"],
  ["2010.01.02", "=", "2010.1.2.0"],
  ["v20100102", "=", "20100102"],
  ["2010-01-02", "=", "v2010-01-02"],
  ["2010-01-02.5", "=", "2010.1.2.5"],
  ["20100102-203040", "=", "20100102.203040"],
  ["20100102203040-10", "=", "20100102203040.10"],
  ["20100102-203040-p1", "=", "20100102.203040-patch1"],
  ["201903.0-p2", "=", "201903.0-patch2"],
  ["1.0.0-beta.5+foo", "=", "1.0.0-beta5"],
  ["1.0.0+foo", "=", "1.0.0"],
  ["1.0.0-alpha.3.1+foo", "=", "1.0.0-alpha3.1"],
  ["1.0.0-alpha-2.1-3+foo", "=", "1.0.0-alpha2.1.3"],
  ["1.0.0+foo as 2.0", "=", "1.0.0"],
  ["1.0.0+foo@dev", "=", "1.0.0"],
  ["00.01.03.04", "=", "0.1.3.4"],
  ["0700", "=", "700"],
  [" 1.0.0", "=", "1.0.0 "],
  ["1.x-dev", "=", "1.9999999.9999999.9999999-dev"],
  ["1.0.x-dev", "=", "1.0.9999999.9999999-dev"],
  ["v1.0.3.*-dev", "=", "1.0.3.9999999-dev"],
  // stability words and their short forms
  ["1.0.0-a1", "=", "1.0.0-alpha1"],
  ["1.0.0-b1", "=", "1.0.0-beta1"],
  ["1.0.0-RC1", "=", "1.0.0-rc1"],
  ["1.0.0-RC1", "=", "1.0.0.RC.1"],
  ["1.0.0-p1", "=", "1.0.0-patch1"],
  ["1.0.0-pl1", "=", "1.0.0-patch1"],
  ["1.0.0-stable", "=", "1.0.0"],
  ["1.0.0@stable", "=", "1.0.0"],
  ["1.0.0-beta", "=", "1.0.0beta"],
  ["1.0.0-BETA2", "=", "1.0.0-beta2"],
  ["1.0.0_beta2", "=", "1.0.0-beta2"],
  ["1.0.0-alpha", "<", "1.0.0-beta"],
  ["1.0.0-beta", "<", "1.0.0-RC"],
  ["1.0.0-RC", "<", "1.0.0"],
  ["1.0.0", "<", "1.0.0-patch"],
  ["1.0.0-dev", "<", "1.0.0-alpha"],
  ["1.0.0-beta-dev", "<", "1.0.0-beta"],
  ["1.0.0-beta1-dev", "<", "1.0.0-beta1"],
  ["1.0.0-beta1-dev", ">", "1.0.0-beta"],
  ["1.0.0-beta1", "<", "1.0.0-beta1.1"],
  ["1.0.0-beta1.1", "<", "1.0.0-beta2"],
  ["1.0.0-beta2", ">", "1.0.0-beta1.5"],
  ["1.0.0-beta9", "<", "1.0.0-beta10"],
  ["1.0.0-beta", "<", "1.0.0-beta0"],
  ["1.0.0-RC1", "<", "1.0.0-RC1.1"],
  ["1.0.0-patch1-dev", "<", "1.0.0-patch1"],
  ["1.0.0-patch1-dev", ">", "1.0.0"],
  ["1.0.0-patch1", "<", "1.0.1-dev"],
  ["1.0.0-patch1", "<", "1.0.0.1"],
  ["1.0.0-RC1", ">", "1.0.0-beta99"],
  ["1.0.0-RC1", "<", "1.0.0.0"],
  // numbers: up to four parts, compared numerically
  ["1.2.3.4", ">", "1.2.3"],
  ["1.2.3.4", "<", "1.2.4"],
  ["1.2.3.10", ">", "1.2.3.9"],
  ["1.01", "=", "1.1"],
  ["1.10", ">", "1.9"],
  ["1.9999.9999", "<", "2.0.0"],
  ["1.9999.9999", "<", "2.0.0-dev"],
  ["0.1.97", "=", "v0.1.97"],
  ["0.1.93", "<", "0.1.97"],
  ["99999", ">", "9999.9999"],
  ["2.0.0-alpha", "<", "2.0.0"],
  ["2.0.0-alpha", ">", "1.9999.9999"],
  ["1.2.3-beta", "<", "1.2.3"],
  ["1.0.0beta", "<", "1.0.0"],
  ["0.0.1-beta", ">", "0.0.1-alpha"],
  ["0.5.4-alpha", "<", "0.5.4-beta"],
  // numbered branches stand for their highest version
  ["1.x-dev", ">", "1.99999.0"],
  ["1.x-dev", "<", "2.0.0-dev"],
  ["1.x-dev", "<", "1.9999999.9999999.9999999"],
  ["2.0.x-dev", ">", "2.0.5"],
  ["2.0.x-dev", "<", "2.1.0"],
  ["2.x-dev", "=", "2.*-dev"],
  // dates: a date version is its numbers, so its length counts as in version_compare
  ["20100102", ">", "9999.0"],
  ["2010.01.02", ">", "2010-01-02"],
  ["2010-01-02", "<", "2010-01-03"],
  ["2010-01-02-10-20-30.0.3", "=", "2010-01-02-10-20-30.0.03"],
  ["20230131.0.0", "<", "20230131.0.1"],
  ["202301310000.0.0", ">", "20230131.0.0"],
  ["20100102.x-dev", "=", "20100102.9999999.9999999.9999999-dev"],
  ["201903.0", "<", "201903.0-p2"],
  // a stability Composer keeps but version_compare does not know ranks below dev
  ["1.0.0-STABLE", "<", "1.0.0-dev"],
  ["1.0.0-STABLE", "=", "1.0.0-Stable"],
  // typical security advisories
  ["5.4.46", "<", "5.4.47"],
  ["6.0.0-BETA1", "<", "6.0.0"],
  ["6.0.0-BETA1", ">", "5.4.99"],
  ["2.4.0-alpha", "<", "2.4.0"],
  ["3.2.1", ">", "2.4.0"],
  ["v2.3.1", "=", "2.3.1"],
  ["4.0.0-RC2", ">", "4.0.0-RC1"],
  ["1.0.0-alpha10", ">", "1.0.0-alpha9"],
];

/** VersionParserTest::successfulNormalizedVersions and ::failingNormalizedVersions. */
const NORMALIZED: readonly (readonly [string, string])[] = [
  ["1.0.0", "1.0.0.0"],
  ["1.2.3.4", "1.2.3.4"],
  ["1.0.0RC1dev", "1.0.0.0-RC1-dev"],
  ["1.0.0-rC15-dev", "1.0.0.0-RC15-dev"],
  ["1.0.0.RC.15-dev", "1.0.0.0-RC15-dev"],
  ["1.0.0-rc1", "1.0.0.0-RC1"],
  ["1.0.0.pl3-dev", "1.0.0.0-patch3-dev"],
  ["1.0-dev", "1.0.0.0-dev"],
  ["0", "0.0.0.0"],
  ["10.4.13-beta", "10.4.13.0-beta"],
  ["10.4.13beta2", "10.4.13.0-beta2"],
  ["10.4.13beta.2", "10.4.13.0-beta2"],
  ["v1.13.11-beta.0", "1.13.11.0-beta0"],
  ["1.13.11.0-beta0", "1.13.11.0-beta0"],
  ["10.4.13-b", "10.4.13.0-beta"],
  ["10.4.13-b5", "10.4.13.0-beta5"],
  ["v1.0.0", "1.0.0.0"],
  ["2010.01", "2010.01.0.0"],
  ["2010.01.02", "2010.01.02.0"],
  ["2010.1.555", "2010.1.555.0"],
  ["2010.10.200", "2010.10.200.0"],
  ["20230131.0.0", "20230131.0.0"],
  ["202301310000.0.0", "202301310000.0.0"],
  ["v20100102", "20100102"],
  ["20100102", "20100102"],
  ["20100102.0", "20100102.0"],
  ["20100102.1.0", "20100102.1.0"],
  ["20100102.0.3", "20100102.0.3"],
  ["2010-01-02-10-20-30.0.3", "2010.01.02.10.20.30.0.3"],
  ["2010-01-02-10-20-30.5", "2010.01.02.10.20.30.5"],
  ["2010-01-02", "2010.01.02"],
  ["2012.06.07", "2012.06.07.0"],
  ["2010-01-02.5", "2010.01.02.5"],
  ["20100102-203040", "20100102.203040"],
  ["20100102.x-dev", "20100102.9999999.9999999.9999999-dev"],
  ["20100102.203040.x-dev", "20100102.203040.9999999.9999999-dev"],
  ["20100102203040-10", "20100102203040.10"],
  ["20100102-203040-p1", "20100102.203040-patch1"],
  ["201903.0", "201903.0"],
  ["201903.x-dev", "201903.9999999.9999999.9999999-dev"],
  ["201903.0-p2", "201903.0-patch2"],
  ["dev-master", "dev-master"],
  ["master", "dev-master"],
  ["dev-trunk", "dev-trunk"],
  ["1.x-dev", "1.9999999.9999999.9999999-dev"],
  ["dev-feature-foo", "dev-feature-foo"],
  ["DEV-FOOBAR", "dev-FOOBAR"],
  ["dev-feature/foo", "dev-feature/foo"],
  ["dev-feature+issue-1", "dev-feature+issue-1"],
  ["dev-master as 1.0.0", "dev-master"],
  ["dev-load-varnish-only-when-used as ^2.0", "dev-load-varnish-only-when-used"],
  ["dev-load-varnish-only-when-used@dev as ^2.0@dev", "dev-load-varnish-only-when-used"],
  ["1.0.0+foo@dev", "1.0.0.0"],
  ["dev-load-varnish-only-when-used@stable", "dev-load-varnish-only-when-used"],
  ["1.0.0-beta.5+foo", "1.0.0.0-beta5"],
  ["1.0.0+foo", "1.0.0.0"],
  ["1.0.0-alpha.3.1+foo", "1.0.0.0-alpha3.1"],
  ["1.0.0-alpha2.1+foo", "1.0.0.0-alpha2.1"],
  ["1.0.0-alpha-2.1-3+foo", "1.0.0.0-alpha2.1-3"],
  ["1.0.0+foo as 2.0", "1.0.0.0"],
  ["00.01.03.04", "00.01.03.04"],
  ["000.001.003.004", "000.001.003.004"],
  ["0.000.103.204", "0.000.103.204"],
  ["0700", "0700.0.0.0"],
  ["041.x-dev", "041.9999999.9999999.9999999-dev"],
  ["dev-041.003", "dev-041.003"],
  ["dev-1.0.0-dev<1.0.5-dev", "dev-1.0.0-dev<1.0.5-dev"],
  ["dev-foo bar", "dev-foo bar"],
  [" 1.0.0", "1.0.0.0"],
  ["1.0.0 ", "1.0.0.0"],
  // VersionParserTest::successfulNormalizedBranches, through the `-dev` suffix
  ["v1.x-dev", "1.9999999.9999999.9999999-dev"],
  ["v1.*-dev", "1.9999999.9999999.9999999-dev"],
  ["v1.0.x-dev", "1.0.9999999.9999999-dev"],
  ["v1.0.3.*-dev", "1.0.3.9999999-dev"],
  ["2.0.x-dev", "2.0.9999999.9999999-dev"],
  ["2.4.4.x-dev", "2.4.4.9999999-dev"],
];

const INVALID = [
  "",
  "a",
  "1.0.0-meh",
  "1.0.0.0.0",
  "feature-foo",
  "1.0.0+foo bar",
  "1.0.1-SNAPSHOT",
  "1.0.0<1.0.5-dev",
  "1.0.0-dev<1.0.5-dev",
  "foo bar-dev",
  "1.0 .2",
  " as ",
  " as 1.2",
  "^",
  "^8 || ^",
  "~",
  "~1 ~",
  "~1",
  "^1",
  "1.*",
  "20100102.0.3.4",
  "dev",
  "feature-dev",
  "1.2.3.4.x-dev",
  "1.0.0-beta.x",
  "1.0.0-0.3.7",
  "1.0.0-x.7.z.92",
  ">=1.0",
  "v",
];

describe("packagist: ordered lists", () => {
  for (const [name, list] of Object.entries(ORDERED)) {
    it(name, () => {
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) expectOrder(list[i]!, "<", list[j]!);
        expectOrder(list[i]!, "=", list[i]!);
      }
    });
  }
});

describe("packagist: compare", () => {
  for (const [a, op, b] of CASES) {
    it(`${JSON.stringify(a)} ${op} ${JSON.stringify(b)}`, () => expectOrder(a, op, b));
  }
});

describe("packagist: normalize (VersionParser::normalize)", () => {
  for (const [input, expected] of NORMALIZED) {
    it(`${JSON.stringify(input)} -> ${expected}`, () => {
      assert.equal(normalize(input), expected);
      assert.equal(scheme.valid(input), true);
    });
  }
  for (const v of INVALID) {
    it(`refuses ${JSON.stringify(v)}`, () => {
      assert.equal(normalize(v), null);
      assert.equal(scheme.valid(v), false);
    });
  }
});

describe("packagist: invalid versions", () => {
  it("sort before every valid version, branches included", () => {
    for (const v of INVALID) {
      for (const w of ["dev-master", "0", "1.0.0-dev", "1.0.0"]) {
        assert.equal(sgn(scheme.compare(v, w)), -1, `${JSON.stringify(v)} < ${w}`);
        assert.equal(sgn(scheme.compare(w, v)), 1, `${w} > ${JSON.stringify(v)}`);
      }
    }
  });
  it("compare among themselves as strings", () => {
    assert.equal(sgn(scheme.compare("a", "1.0.0-meh")), 1);
    assert.equal(sgn(scheme.compare("1.0.0-meh", "a")), -1);
    assert.equal(scheme.compare("a", "a"), 0);
  });
});

describe("packagist: sort", () => {
  it("sorts like Semver::sort (SemverTest::sortProvider)", () => {
    const versions = ["1.0", "0.1", "0.1", "3.2.1", "2.4.0-alpha", "2.4.0"];
    assert.deepEqual([...versions].sort(scheme.compare), [
      "0.1",
      "0.1",
      "1.0",
      "2.4.0-alpha",
      "2.4.0",
      "3.2.1",
    ]);
  });

  it("sorts a shuffled list", () => {
    const expected = ORDERED["HISTORY"]!;
    const shuffled = expected
      .filter((_, i) => i % 2 === 1)
      .concat(expected.filter((_, i) => i % 2 === 0).reverse());
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

describe("packagist: meta", () => {
  it("names the folder", () => {
    assert.equal(scheme.meta.id, "packagist");
    assert.match(scheme.meta.docsUrl, /^https:\/\/getcomposer\.org\//);
  });
});
