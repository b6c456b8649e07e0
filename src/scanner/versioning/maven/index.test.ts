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
  // ComparableVersionTest.VERSIONS_QUALIFIER
  VERSIONS_QUALIFIER: [
    "1-alpha2snapshot",
    "1-alpha2",
    "1-alpha-123",
    "1-beta-2",
    "1-beta123",
    "1-m2",
    "1-m11",
    "1-rc",
    "1-cr2",
    "1-rc123",
    "1-SNAPSHOT",
    "1",
    "1-sp",
    "1-sp2",
    "1-sp123",
    "1-abc",
    "1-def",
    "1-pom-1",
    "1-1-snapshot",
    "1-1",
    "1-2",
    "1-123",
  ],
  // ComparableVersionTest.VERSIONS_NUMBER
  VERSIONS_NUMBER: [
    "2.0",
    "2.0.a",
    "2-1",
    "2.0.2",
    "2.0.123",
    "2.1.0",
    "2.1-a",
    "2.1b",
    "2.1-c",
    "2.1-1",
    "2.1.0.1",
    "2.2",
    "2.123",
    "11.a2",
    "11.a11",
    "11.b2",
    "11.b11",
    "11.m2",
    "11.m11",
    "11",
    "11.a",
    "11b",
    "11c",
    "11m",
  ],
  // the qualifier ladder of the POM reference, with aliases
  QUALIFIERS: [
    "1.0-alpha-1",
    "1.0-beta-1",
    "1.0-milestone-1",
    "1.0-rc-1",
    "1.0-SNAPSHOT",
    "1.0",
    "1.0-sp-1",
    "1.0-abc",
    "1.0-xyz",
    "1.0-1",
    "1.0.1",
  ],
  // a typical release history
  RELEASES: [
    "NotAVersionString",
    "1.0a1-SNAPSHOT",
    "1.0-alpha1",
    "1.0beta1-SNAPSHOT",
    "1.0-b2",
    "1.0-beta3.SNAPSHOT",
    "1.0-beta3",
    "1.0-milestone1-SNAPSHOT",
    "1.0-m2",
    "1.0-rc1-SNAPSHOT",
    "1.0-cr1",
    "1.0-SNAPSHOT",
    "1.0",
    "1.0-sp",
    "1.0-a",
    "1.0-whatever",
    "1.0.z",
    "1.0.1",
    "1.0.1.0.0.0.0.0.0.0.0.0.0.0.1",
  ],
};

const CASES: readonly (readonly [string, Op, string])[] = [
  // testVersionsEqual
  ["1", "=", "1"],
  ["1", "=", "1.0"],
  ["1", "=", "1.0.0"],
  ["1.0", "=", "1.0.0"],
  ["1", "=", "1-0"],
  ["1", "=", "1.0-0"],
  ["1.0", "=", "1.0-0"],
  ["1a", "=", "1-a"],
  ["1a", "=", "1.0-a"],
  ["1a", "=", "1.0.0-a"],
  ["1.0a", "=", "1-a"],
  ["1.0.0a", "=", "1-a"],
  ["1x", "=", "1-x"],
  ["1x", "=", "1.0-x"],
  ["1x", "=", "1.0.0-x"],
  ["1.0x", "=", "1-x"],
  ["1.0.0x", "=", "1-x"],
  ["1cr", "=", "1rc"],
  ["1a1", "=", "1-alpha-1"],
  ["1b2", "=", "1-beta-2"],
  ["1m3", "=", "1-milestone-3"],
  ["1X", "=", "1x"],
  ["1A", "=", "1a"],
  ["1B", "=", "1b"],
  ["1M", "=", "1m"],
  ["1Cr", "=", "1Rc"],
  ["1cR", "=", "1rC"],
  ["1m3", "=", "1Milestone3"],
  ["1m3", "=", "1MileStone3"],
  ["1m3", "=", "1MILESTONE3"],
  // testVersionsHaveSameOrderButAreNotEqual: ga, final and release are the release itself
  ["1ga", "=", "1"],
  ["1release", "=", "1"],
  ["1final", "=", "1"],
  ["1Ga", "=", "1"],
  ["1GA", "=", "1"],
  ["1RELEASE", "=", "1"],
  ["1RELeaSE", "=", "1"],
  ["1Final", "=", "1"],
  ["1FinaL", "=", "1"],
  ["1FINAL", "=", "1"],
  ["1.0-ga", "=", "1.0.final"],
  ["1.0.RELEASE", "=", "1.0"],
  // testVersionComparing
  ["1", "<", "2"],
  ["1.5", "<", "2"],
  ["1", "<", "2.5"],
  ["1.0", "<", "1.1"],
  ["1.1", "<", "1.2"],
  ["1.0.0", "<", "1.1"],
  ["1.0.1", "<", "1.1"],
  ["1.1", "<", "1.2.0"],
  ["1.0-alpha-1", "<", "1.0"],
  ["1.0-alpha-1", "<", "1.0-alpha-2"],
  ["1.0-alpha-1", "<", "1.0-beta-1"],
  ["1.0-beta-1", "<", "1.0-SNAPSHOT"],
  ["1.0-SNAPSHOT", "<", "1.0"],
  ["1.0-alpha-1-SNAPSHOT", "<", "1.0-alpha-1"],
  ["1.0", "<", "1.0-1"],
  ["1.0-1", "<", "1.0-2"],
  ["1.0.0", "<", "1.0-1"],
  ["2.0-1", "<", "2.0.1"],
  ["2.0.1-klm", "<", "2.0.1-lmn"],
  ["2.0.1", "<", "2.0.1-xyz"],
  ["2.0.1", "<", "2.0.1-123"],
  ["2.0.1-xyz", "<", "2.0.1-123"],
  // testLeadingZeroes
  ["0.7", "<", "2"],
  ["0.2", "<", "1.0.7"],
  // testVersionEqualWithLeadingZeroes / testVersionZeroEqualWithLeadingZeroes
  ["0000000000000000001", "=", "1"],
  ["000000000000000001", "=", "01"],
  ["0000000001", "=", "000000001"],
  ["0000000000001", "=", "001"],
  ["0000000000000000000", "=", "0"],
  ["0000000000", "=", "00"],
  ["1.000000000000000000007", "=", "1.7"],
  // case and letters
  ["1.0.0-alpha1", "=", "1.0.0-ALPHA1"],
  ["1.a", "=", "1.A"],
  ["1.é", "=", "1.É"],
  ["1-abcdefghijklmnopqrstuvwxyz", "=", "1-ABCDEFGHIJKLMNOPQRSTUVWXYZ"],
  ["1", ">", "é"],
  ["1", ">", "\u{1D7E4}"],
  ["7", ">", "J"],
  ["7", ">", "c"],
  // only ASCII digits are digits
  ["1", ">", "\u0668"],
  ["9", ">", "\u0668"],
  ["aardvark", "<", "zebra"],
  ["zebra", "<", "ζέβρα"],
  // MNG-5568
  ["6.1.0rc3", "<", "6.1.0"],
  ["6.1.0rc3", "<", "6.1H.5-beta"],
  ["6.1.0", "<", "6.1H.5-beta"],
  // MNG-6572: numbers of any length
  ["20190126.230843", "<", "1234567890.12345"],
  ["1234567890.12345", "<", "123456789012345.1H.5-beta"],
  ["20190126.230843", "<", "123456789012345.1H.5-beta"],
  ["123456789012345.1H.5-beta", "<", "12345678901234567890.1H.5-beta"],
  ["1234567890.12345", "<", "12345678901234567890.1H.5-beta"],
  ["20190126.230843", "<", "12345678901234567890.1H.5-beta"],
  ["1.2147483647", "<", "1.2147483648"],
  ["1.9223372036854775807", "<", "1.9223372036854775808"],
  ["1.123456789012345678901234567890", "<", "1.123456789012345678901234567891"],
  ["1.99999999999999999999999", ">", "1.999999999"],
  // MNG-6964
  ["1-0.alpha", "<", "1"],
  ["1-0.beta", "<", "1"],
  ["1-0.alpha", "<", "1-0.beta"],
  // MNG-7644: 1.0.0.X1 < 1.0.0-X2, and 2-X == 2.0.X == 2.0.0.X, for any qualifier X
  ["1.0.0.abc1", "<", "1.0.0-abc2"],
  ["1.0.0.alpha1", "<", "1.0.0-alpha2"],
  ["1.0.0.a1", "<", "1.0.0-a2"],
  ["1.0.0.beta1", "<", "1.0.0-beta2"],
  ["1.0.0.b1", "<", "1.0.0-b2"],
  ["1.0.0.def1", "<", "1.0.0-def2"],
  ["1.0.0.milestone1", "<", "1.0.0-milestone2"],
  ["1.0.0.m1", "<", "1.0.0-m2"],
  ["1.0.0.RC1", "<", "1.0.0-RC2"],
  ["2-abc", "=", "2.0.abc"],
  ["2-abc", "=", "2.0.0.abc"],
  ["2.0.abc", "=", "2.0.0.abc"],
  ["2-alpha", "=", "2.0.alpha"],
  ["2-alpha", "=", "2.0.0.alpha"],
  ["2.0.alpha", "=", "2.0.0.alpha"],
  ["2-a", "=", "2.0.a"],
  ["2-a", "=", "2.0.0.a"],
  ["2.0.a", "=", "2.0.0.a"],
  ["2-beta", "=", "2.0.beta"],
  ["2-beta", "=", "2.0.0.beta"],
  ["2.0.beta", "=", "2.0.0.beta"],
  ["2-b", "=", "2.0.b"],
  ["2-b", "=", "2.0.0.b"],
  ["2.0.b", "=", "2.0.0.b"],
  ["2-def", "=", "2.0.def"],
  ["2-def", "=", "2.0.0.def"],
  ["2.0.def", "=", "2.0.0.def"],
  ["2-milestone", "=", "2.0.milestone"],
  ["2-milestone", "=", "2.0.0.milestone"],
  ["2.0.milestone", "=", "2.0.0.milestone"],
  ["2-m", "=", "2.0.m"],
  ["2-m", "=", "2.0.0.m"],
  ["2.0.m", "=", "2.0.0.m"],
  ["2-RC", "=", "2.0.RC"],
  ["2-RC", "=", "2.0.0.RC"],
  ["2.0.RC", "=", "2.0.0.RC"],
  // MNG-7714: sp sorts after final
  ["1.0.final-redhat", "<", "1.0-sp1-redhat"],
  ["1.0.final-redhat", "<", "1.0-sp-1-redhat"],
  ["1.0.final-redhat", "<", "1.0-sp.1-redhat"],
  // qualifier order: alpha < beta < milestone < rc < snapshot < release < sp < unknown
  ["1-alpha", "<", "1-beta"],
  ["1-beta", "<", "1-milestone"],
  ["1-milestone", "<", "1-rc"],
  ["1-rc", "<", "1-snapshot"],
  ["1-snapshot", "<", "1"],
  ["1", "<", "1-sp"],
  ["1-sp", "<", "1-aaa"],
  ["1-rc", "=", "1-cr"],
  ["1-RC-1", "=", "1-CR1"],
  ["1-a", ">", "1-sp"],
  ["1-a1", "<", "1-b1"],
  ["1-m1", "<", "1-rc1"],
  ["1-sp1", ">", "1-sp"],
  ["1-x1", ">", "1-x"],
  ["1-ga1", ">", "1"],
  ["1-ga0", "=", "1"],
  ["1-foo", "<", "1-foo1"],
  ["1.0-Beta-2", "=", "1.0-beta2"],
  ["1.0.0-M1", "=", "1.0.0-milestone-1"],
  ["1.0-alpha-10", ">", "1.0-alpha-9"],
  ["1.0-alpha10", ">", "1.0-alpha9"],
  ["1.0-RC1", "<", "1.0.0"],
  ["1.0.0.Final", "=", "1.0.0"],
  ["5.3.0.Final", "<", "5.3.1.Final"],
  ["5.4.0.CR1", "<", "5.4.0.Final"],
  ["2.9.10.1", ">", "2.9.10"],
  ["2.9.10.8", "<", "2.9.11"],
  ["2.12.7.1", ">", "2.12.7"],
  ["31.1-jre", ">", "31.1-android"],
  ["31.1-jre", "<", "32.0.0-android"],
  ["9.4.44.v20210927", ">", "9.4.43.v20210629"],
  ["9.4.44.v20210927", "<", "9.4.44.v20211011"],
  // a timestamped snapshot is a "-number" build, so it sorts after the release
  ["1.2.3-20200101.121212-1", ">", "1.2.3"],
  ["1.2-SNAPSHOT", "<", "1.2.7"],
  ["1.0-", "=", "1.0"],
  ["1..0", "=", "1"],
  ["-1", ">", "0"],
  ["1_0", ">", "1"],
];

const VALID = [
  "1",
  "1.0",
  "1.0-SNAPSHOT",
  "1.0.0.RELEASE",
  "1.0.0.Final",
  "2.12.7.1",
  "31.1-jre",
  "9.4.44.v20210927",
  "NotAVersionString",
  "é",
  "1-",
  "-1",
  "12345678901234567890.1",
];

const INVALID = ["", " ", "1.0 beta", "1.0\n", "\t1", "1.0\u00a0"];

describe("maven: ordered lists from the spec and ComparableVersionTest", () => {
  for (const [name, list] of Object.entries(ORDERED)) {
    it(name, () => {
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) expectOrder(list[i]!, "<", list[j]!);
        expectOrder(list[i]!, "=", list[i]!);
      }
    });
  }
});

describe("maven: compare", () => {
  for (const [a, op, b] of CASES) it(`${a} ${op} ${b}`, () => expectOrder(a, op, b));
});

describe("maven: valid", () => {
  for (const v of VALID)
    it(`accepts ${JSON.stringify(v)}`, () => assert.equal(scheme.valid(v), true));
  for (const v of INVALID) {
    it(`refuses ${JSON.stringify(v)}`, () => assert.equal(scheme.valid(v), false));
  }
});

describe("maven: invalid versions", () => {
  it("sort before every valid version", () => {
    for (const v of INVALID) {
      for (const w of ["0", "1.0", "NotAVersionString", "1-alpha"]) {
        assert.equal(sgn(scheme.compare(v, w)), -1, `${JSON.stringify(v)} < ${w}`);
        assert.equal(sgn(scheme.compare(w, v)), 1, `${w} > ${JSON.stringify(v)}`);
      }
    }
  });
  it("compare among themselves as strings", () => {
    assert.equal(sgn(scheme.compare("", " ")), -1);
    assert.equal(sgn(scheme.compare("1.0 b", "1.0 a")), 1);
    assert.equal(scheme.compare("1 0", "1 0"), 0);
  });
});

describe("maven: sort", () => {
  it("sorts a shuffled list into the spec's order", () => {
    const expected = ORDERED["RELEASES"]!;
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

describe("maven: meta", () => {
  it("names the folder", () => {
    assert.equal(scheme.meta.id, "maven");
    assert.match(scheme.meta.docsUrl, /^https:\/\/maven\.apache\.org\//);
  });
});
