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
  // semver.org's precedence example (SemVer 2.0.0 item 11), which NuGet follows
  SEMVER_SPEC: [
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-alpha.beta",
    "1.0.0-beta",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc.1",
    "1.0.0",
  ],
  // four-part versions and NuGet 2.x style labels
  HISTORY: [
    "0.9",
    "1.0.0-alpha",
    "1.0.0-Beta",
    "1.0.0-beta.2",
    "1.0.0-rc-1",
    "1.0.0-RC-2",
    "1.0",
    "1.0.0.1-beta",
    "1.0.0.1",
    "1.0.0.10",
    "1.0.1-preview.1",
    "1.0.1",
    "1.2",
    "1.10",
    "2.0.0.0",
    "2147483647.0",
  ],
};

const CASES: readonly (readonly [string, Op, string])[] = [
  // VersionComparerTests.VersionComparisonDefaultEqual: labels ignore case, metadata is ignored
  ["1.0.0", "=", "1.0.0"],
  ["1.0.0-BETA", "=", "1.0.0-beta"],
  ["1.0.0-BETA+AA", "=", "1.0.0-beta+aa"],
  ["1.0.0-BETA.X.y.5.77.0+AA", "=", "1.0.0-beta.x.y.5.77.0+aa"],
  ["1.0.0-BETA+AA", "=", "1.0.0-beta"],
  // VersionComparerTests.VersionComparisonDefaultLess
  ["0.0.0", "<", "1.0.0"],
  ["1.0.0", "<", "1.1.0"],
  ["1.0.0", "<", "1.0.1"],
  ["1.999.9999", "<", "2.1.1"],
  ["1.0.0-BETA", "<", "1.0.0-beta2"],
  ["1.0.0-beta+AA", "<", "1.0.0+aa"],
  ["1.0.0-BETA", "<", "1.0.0-beta.1+AA"],
  ["1.0.0-BETA.X.y.5.77.0+AA", "<", "1.0.0-beta.x.y.5.79.0+aa"],
  ["1.0.0-BETA.X.y.5.79.0+AA", "<", "1.0.0-beta.x.y.5.790.0+abc"],
  ["1.1.0", ">", "1.0.0"],
  ["1.0.1", ">", "1.0.0"],
  ["1.0.0+AA", ">", "1.0.0-beta+aa"],
  // NuGetVersionTest.SemVerLessThanAndGreaterThanOperatorsWorks
  ["1.0", "<", "1.0.1"],
  ["1.23", "<", "1.231"],
  ["1.4.5.6", "<", "1.45.6"],
  ["1.4.5.6", "<", "1.4.5.60"],
  ["1.01", "<", "1.10"],
  ["1.01-alpha", "<", "1.10-beta"],
  ["1.01.0-RC-1", "<", "1.10.0-rc-2"],
  ["1.01-RC-1", "<", "1.01"],
  ["1.01", "<", "1.2-preview"],
  // NuGetVersionTest.SemVerEqualsOperatorWorks: missing parts are 0, leading zeros dropped
  ["1.0", "=", "1.0.0.0"],
  ["1.23.01", "=", "1.23.1"],
  ["1.45.6", "=", "1.45.6.0"],
  ["1.45.6-Alpha", "=", "1.45.6-Alpha"],
  ["1.6.2-BeTa", "=", "1.6.02-beta"],
  ["22.3.07     ", "=", "22.3.07"],
  // VersionParsingTests.VersionLength
  ["2", "=", "2.0"],
  ["2", "=", "2.0.0"],
  ["2", "=", "2.0.0.0"],
  ["2.0.0", "=", "2.0.0.0"],
  // NuGetVersionTest: legacy and hybrid versions, surrounding whitespace
  ["1.022", "=", "1.22.0.0"],
  ["23.2.3", "=", "23.2.3.0"],
  ["1.3.42.10133", ">", "1.3.42"],
  ["1.022-Beta", "=", "1.22-beta"],
  ["  1.022-Beta", "=", "1.22.0.0-Beta"],
  ["23.2.3-Alpha  ", "=", "23.2.3-alpha"],
  ["    1.3.42.10133-PreRelease  ", "=", "1.3.42.10133-prerelease"],
  ["1.3.42.10133-PreRelease", "<", "1.3.42.10133"],
  ["1.3.42.200930-RC-2", ">", "1.3.42.200930-RC-1"],
  ["1.0.0009.01-1.1+A", "=", "1.0.9.1-1.1"],
  ["01.42.0", "=", "1.42.0"],
  ["01.42.0-alpha.1", ">", "1.42.0-alpha"],
  ["2.1.4.3-pre-1", "<", "2.1.4.3"],
  ["2.1.4.3-pre-1", ">", "2.1.4.2"],
  ["1. 2", "=", "1.2"],
  ["1.0 .2", "=", "1.0.2"],
  // SemVer201SpecTests: precedence
  ["1.2.3", "<", "1.2.4"],
  ["1.2.3", "<", "2.0.0"],
  ["9.9.9", "<", "10.1.1"],
  ["1.2.3-alpha", "<", "1.2.3"],
  ["1.2.3-2", "<", "1.2.3-3"],
  ["1.2.3-1.9", "<", "1.2.3-1.50"],
  ["1.2.3-2A", "<", "1.2.3-3A"],
  ["1.2.3-1.50A", "<", "1.2.3-1.9A"],
  ["1.2.3-999999", "<", "1.2.3-Z"],
  ["1.2.3-A.999999", "<", "1.2.3-A.56-2"],
  ["1.2.3-a", "<", "1.2.3-a.2"],
  ["1.2.3-a.2.3.4", "<", "1.2.3-a.2.3.4.5"],
  ["1.2.3-a", "=", "1.2.3-A"],
  ["1.2.3-A-b2-C", "=", "1.2.3-a-B2-c"],
  // SemanticVersionTests: metadata never counts
  ["1.2.3", "=", "1.2.3+0"],
  ["1.2.3", "=", "1.2.3+321"],
  ["1.2.3", "=", "1.2.3+XYZ"],
  ["1.2.3-alpha", "=", "1.2.3-alpha+0"],
  ["1.2.3-alpha", "=", "1.2.3-alpha+10"],
  ["1.2.3-alpha", "=", "1.2.3-alpha+beta"],
  ["0.1.2+AA-02A", "=", "0.1.2"],
  ["0.1.2+A.-A-02A", "=", "0.1.2+zzz"],
  ["1.0.0+build.9", "=", "1.0.0+build.10"],
  ["1.0.0-rc.1+build.1", "<", "1.0.0"],
  ["1.0.0+0.3.7", "=", "1.0.0"],
  // the fourth part (Revision) counts
  ["1.0.0.1", ">", "1.0.0"],
  ["1.0.0.1", ">", "1.0"],
  ["1.0.0.1-beta", ">", "1.0.0"],
  ["1.0.0.1-beta", "<", "1.0.0.1"],
  ["1.0.0.0", "=", "1.0.0"],
  ["1.0.0.0-beta", "=", "1.0-beta"],
  ["4.3.0", "=", "4.3"],
  ["4.3.0.0", "=", "4.3"],
  ["1.2.3.4", "<", "1.2.3.5"],
  ["1.2.3.4", "<", "1.2.4"],
  ["1.2.3.4", ">", "1.2.3.3-zzz"],
  ["1.2.3.10", ">", "1.2.3.9"],
  // numbers compare numerically up to Int32.MaxValue
  ["2147483647.0.0", ">", "2147483646.9.9"],
  ["1.2147483647", ">", "1.99"],
  ["10.0.0", ">", "9.0.0"],
  ["1.0.10", ">", "1.0.9"],
  ["0.0.0", "=", "0"],
  ["001.002.003.004", "=", "1.2.3.4"],
  // labels: a numeric label sorts before an alphanumeric one, and compares as a number
  ["1.0.0-1", "<", "1.0.0-a"],
  ["1.0.0-9", "<", "1.0.0-10"],
  ["1.0.0-0", "<", "1.0.0-1"],
  ["1.0.0-alpha.1", "<", "1.0.0-alpha.a"],
  ["1.0.0-alpha.10", ">", "1.0.0-alpha.9"],
  ["1.0.0-alpha.9", "<", "1.0.0-alpha.10a"],
  ["1.0.0-alpha10", "<", "1.0.0-alpha9"],
  ["1.0.0-rc.1", "<", "1.0.0-rc.1.1"],
  ["1.0.0-rc.1", "<", "1.0.0-rc1"],
  ["1.0.0-rc.2", ">", "1.0.0-rc.1.9"],
  // int.TryParse reads a label beyond Int32 as text, and a leading minus as a sign
  ["1.0.0-2147483647", ">", "1.0.0-9"],
  ["1.0.0-2147483648", ">", "1.0.0-9"],
  ["1.0.0-2147483648", "<", "1.0.0-A"],
  ["1.0.0-2147483648", ">", "1.0.0-2147483647"],
  ["1.0.0-99999999999", ">", "1.0.0-2147483648"],
  ["1.0.0-a.-1", "<", "1.0.0-a.0"],
  ["1.0.0-a.-2", "<", "1.0.0-a.-1"],
  ["1.0.0-a.-", ">", "1.0.0-a.5"],
  // labels compare as upper-case ASCII: `-` < digits < letters, case ignored
  ["1.0.0-a", "<", "1.0.0-B"],
  ["1.0.0-A", "<", "1.0.0-b"],
  ["1.0.0-a", "<", "1.0.0-Z"],
  ["1.0.0-Alpha", "=", "1.0.0-ALPHA"],
  ["1.0.0-alpha", "<", "1.0.0-BETA"],
  ["1.0.0-beta", "<", "1.0.0-beta-1"],
  ["1.0.0-beta-1", "<", "1.0.0-beta0"],
  ["1.0.0-beta-2", ">", "1.0.0-beta-10"],
  ["1.0.0-1a", "<", "1.0.0-a"],
  ["1.0.0--", "<", "1.0.0-0a"],
  ["1.0.0--", ">", "1.0.0-0"],
  ["1.0.0-preview.1", "<", "1.0.0-preview.2"],
  ["1.0.0-preview1", "<", "1.0.0-rc1"],
  ["6.0.0-preview.7.21377.19", "<", "6.0.0-rc.1.21451.13"],
  ["6.0.0-rc.2.21480.5", "<", "6.0.0"],
  ["6.0.0", "<", "6.0.1"],
  ["13.0.1", ">", "12.0.3"],
  ["4.7.2", "<", "4.7.10"],
];

const VALID = [
  "1",
  "2.0",
  "2.0.0",
  "2.0.0.0",
  "1.0.0-Beta",
  "1.0.0-Beta.2",
  "1.0.0+MetaOnly",
  "1.0.0-Beta+Meta",
  "1.0.0-RC.X.35.A.3455+Meta-A-B-C",
  "234.234234.1111",
  "3.4.0.3-RC-3",
  "1.022",
  "01.42.0",
  "01.42.0-alpha+metadata",
  "  1.022-Beta",
  "23.2.3-Alpha  ",
  "1.3.2-CTP-2-Refresh-Alpha",
  "0.1.2--",
  "0.1.2--B-C-",
  "0.1.2--B2.-.C.-A0-",
  "0.1.2-02A",
  "0.1.2-2.02B",
  "0.1.2-2.A.02-",
  "0.1.2-A02.A",
  "0.1.2+02.02-02",
  "0.1.2+000000",
  "0.1.2+-",
  "0.1.2+----.-.-.-",
  "0.1.2----+----",
  "1.2.3-0",
  "1.2.3+0",
  "2147483647.2147483647.2147483647.2147483647",
  // System.Version reads each number with int.TryParse, which allows surrounding whitespace
  "1.0 .2",
  "1. 2",
];

const INVALID = [
  "",
  "   ",
  "1beta",
  "$version$",
  "1.2Av^c",
  "1.2..",
  "1.2.3.4.5",
  "1.2.3.Beta",
  "1.2.3.4This version is full of awesomeness!!",
  "So.is.this",
  "1.34.2Alpha",
  "1.34.2Release Candidate",
  "1.4.7-",
  "1.4.7-*",
  "1.4.7+*",
  "1.4.7-AA.01^",
  "1.4.7-AA.0A^",
  "1.4.7-A^A",
  "1.4.7+AA.01^",
  "0.1.2-Alpha..2",
  "0.1.2-Alpha.",
  "0.1.2-.AA",
  "0.1.2-alp=ha",
  "0.1.2-alp┐jj",
  "0.1.2-a&444",
  "0.1.2-02",
  "0.1.2-2.02",
  "0.1.2-2.A.02",
  "0.1.2-02.A",
  "0.1.2+ÄÄ",
  "0.1.2+22.2ÄÄ",
  "0.1.2+2+A",
  "0.1.2+02A.",
  "0.1.2+02..A",
  "0.1.2+",
  "1.2.3-00",
  "1.2.3-A.00.B",
  "-1.2.3",
  "1.-2.3",
  "v1.0.0",
  "1.0.0-beta+",
  "2147483648.0",
  "1.2.3.2147483648",
  "1.0.x",
  "1.0.0.0.0-beta",
];

describe("nuget: ordered lists", () => {
  for (const [name, list] of Object.entries(ORDERED)) {
    it(name, () => {
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) expectOrder(list[i]!, "<", list[j]!);
        expectOrder(list[i]!, "=", list[i]!);
      }
    });
  }
});

describe("nuget: compare", () => {
  for (const [a, op, b] of CASES) {
    it(`${JSON.stringify(a)} ${op} ${JSON.stringify(b)}`, () => expectOrder(a, op, b));
  }
});

describe("nuget: valid (NuGetVersion.TryParse)", () => {
  for (const v of VALID)
    it(`accepts ${JSON.stringify(v)}`, () => assert.equal(scheme.valid(v), true));
  for (const v of INVALID) {
    it(`refuses ${JSON.stringify(v)}`, () => assert.equal(scheme.valid(v), false));
  }
});

describe("nuget: invalid versions", () => {
  it("sort before every valid version", () => {
    for (const v of INVALID) {
      for (const w of ["0", "1.0.0-alpha", "1.0.0", "1.0.0.1+meta"]) {
        assert.equal(sgn(scheme.compare(v, w)), -1, `${JSON.stringify(v)} < ${w}`);
        assert.equal(sgn(scheme.compare(w, v)), 1, `${w} > ${JSON.stringify(v)}`);
      }
    }
  });
  it("compare among themselves as strings", () => {
    assert.equal(sgn(scheme.compare("1beta", "1.2..")), 1);
    assert.equal(sgn(scheme.compare("1.2..", "1beta")), -1);
    assert.equal(scheme.compare("1beta", "1beta"), 0);
  });
});

describe("nuget: sort", () => {
  it("sorts a shuffled list", () => {
    const expected = ORDERED["HISTORY"]!;
    const shuffled = expected
      .filter((_, i) => i % 2 === 0)
      .concat(expected.filter((_, i) => i % 2 === 1).reverse());
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

describe("nuget: meta", () => {
  it("names the folder", () => {
    assert.equal(scheme.meta.id, "nuget");
    assert.match(scheme.meta.docsUrl, /^https:\/\/learn\.microsoft\.com\//);
  });
});
