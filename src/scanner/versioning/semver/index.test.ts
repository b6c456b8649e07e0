import assert from "node:assert/strict";
import { describe, test } from "node:test";
import nodeSemver from "semver";
import { scheme } from "./index.ts";

const { compare, valid } = scheme;

const sign = (n: number): -1 | 0 | 1 => (n < 0 ? -1 : n > 0 ? 1 : 0);

/** compare(a, b) has the sign `want`, and compare(b, a) the opposite one. */
function assertOrder(a: string, b: string, want: -1 | 0 | 1): void {
  assert.equal(sign(compare(a, b)), want, `compare(${JSON.stringify(a)}, ${JSON.stringify(b)})`);
  assert.equal(
    sign(compare(b, a)),
    want === 0 ? 0 : -want,
    `compare(${JSON.stringify(b)}, ${JSON.stringify(a)})`,
  );
}

/** Deterministic shuffle (mulberry32), so a failure can be reproduced. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
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

/** node-semver test/fixtures/comparisons.js: the first is greater than the second. */
const NODE_SEMVER_GREATER: [string, string][] = [
  ["0.0.0", "0.0.0-foo"],
  ["0.0.1", "0.0.0"],
  ["1.0.0", "0.9.9"],
  ["0.10.0", "0.9.0"],
  ["0.99.0", "0.10.0"],
  ["2.0.0", "1.2.3"],
  ["v0.0.0", "0.0.0-foo"],
  ["v0.0.1", "0.0.0"],
  ["v1.0.0", "0.9.9"],
  ["v0.10.0", "0.9.0"],
  ["v0.99.0", "0.10.0"],
  ["v2.0.0", "1.2.3"],
  ["0.0.0", "v0.0.0-foo"],
  ["0.0.1", "v0.0.0"],
  ["1.0.0", "v0.9.9"],
  ["0.10.0", "v0.9.0"],
  ["0.99.0", "v0.10.0"],
  ["2.0.0", "v1.2.3"],
  ["1.2.3", "1.2.3-asdf"],
  ["1.2.3", "1.2.3-4"],
  ["1.2.3", "1.2.3-4-foo"],
  ["1.2.3-5-foo", "1.2.3-5"],
  ["1.2.3-5", "1.2.3-4"],
  ["1.2.3-5-foo", "1.2.3-5-Foo"],
  ["3.0.0", "2.7.2+asdf"],
  ["1.2.3-a.10", "1.2.3-a.5"],
  ["1.2.3-a.b", "1.2.3-a.5"],
  ["1.2.3-a.b", "1.2.3-a"],
  ["1.2.3-a.b.c.10.d.5", "1.2.3-a.b.c.5.d.100"],
  ["1.2.3-r2", "1.2.3-r100"],
  ["1.2.3-r100", "1.2.3-R2"],
];

/** node-semver test/fixtures/equality.js (its loose forms included: we accept those prefixes). */
const NODE_SEMVER_EQUAL: [string, string][] = [
  ["1.2.3", "v1.2.3"],
  ["1.2.3", "=1.2.3"],
  ["1.2.3", "v 1.2.3"],
  ["1.2.3", "= 1.2.3"],
  ["1.2.3", " v1.2.3"],
  ["1.2.3", " =1.2.3"],
  ["1.2.3", " v 1.2.3"],
  ["1.2.3", " = 1.2.3"],
  ["1.2.3-0", "v1.2.3-0"],
  ["1.2.3-0", "=1.2.3-0"],
  ["1.2.3-0", "v 1.2.3-0"],
  ["1.2.3-0", "= 1.2.3-0"],
  ["1.2.3-0", " v1.2.3-0"],
  ["1.2.3-0", " =1.2.3-0"],
  ["1.2.3-0", " v 1.2.3-0"],
  ["1.2.3-0", " = 1.2.3-0"],
  ["1.2.3-1", "v1.2.3-1"],
  ["1.2.3-1", "=1.2.3-1"],
  ["1.2.3-1", "v 1.2.3-1"],
  ["1.2.3-1", "= 1.2.3-1"],
  ["1.2.3-1", " v1.2.3-1"],
  ["1.2.3-1", " =1.2.3-1"],
  ["1.2.3-1", " v 1.2.3-1"],
  ["1.2.3-1", " = 1.2.3-1"],
  ["1.2.3-beta", "v1.2.3-beta"],
  ["1.2.3-beta", "=1.2.3-beta"],
  ["1.2.3-beta", "v 1.2.3-beta"],
  ["1.2.3-beta", "= 1.2.3-beta"],
  ["1.2.3-beta", " v1.2.3-beta"],
  ["1.2.3-beta", " =1.2.3-beta"],
  ["1.2.3-beta", " v 1.2.3-beta"],
  ["1.2.3-beta", " = 1.2.3-beta"],
  ["1.2.3-beta+build", " = 1.2.3-beta+otherbuild"],
  ["1.2.3+build", " = 1.2.3+otherbuild"],
  ["1.2.3-beta+build", "1.2.3-beta+otherbuild"],
  ["1.2.3+build", "1.2.3+otherbuild"],
  ["  v1.2.3+build", "1.2.3+otherbuild"],
];

/** semver.org §11: the examples of precedence, in increasing order. */
const SPEC_EXAMPLES = [
  ["1.0.0", "2.0.0", "2.1.0", "2.1.1"],
  ["1.0.0-alpha", "1.0.0"],
  [
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-alpha.beta",
    "1.0.0-beta",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc.1",
    "1.0.0",
  ],
];

/** Further cases: each rule of §11 on its own, the short forms, big numbers. */
const MORE: [string, string, -1 | 0 | 1][] = [
  // §11.2: numerically, field by field.
  ["1.9.0", "1.10.0", -1],
  ["1.0.9", "1.0.10", -1],
  ["9.0.0", "10.0.0", -1],
  ["1.2.3", "1.2.3", 0],
  ["0.0.0", "0.0.0", 0],
  ["2.0.0", "1.99.99", 1],
  ["1.1.0", "1.0.99", 1],
  // Numbers of any size, digit by digit (no overflow, no floating point).
  ["9007199254740993.0.0", "9007199254740992.0.0", 1],
  ["99999999999999999999999.0.0", "9999999999999999999999.0.0", 1],
  ["1.0.99999999999999999999", "1.0.99999999999999999998", 1],
  ["1.0.0-99999999999999999999", "1.0.0-99999999999999999998", 1],
  ["1.0.0-99999999999999999999", "1.0.0-a", -1],
  // §11.3: a pre-release sorts before its release, after the one before.
  ["1.0.0-alpha", "1.0.0", -1],
  ["1.0.0-0", "1.0.0", -1],
  ["1.0.0-rc.99", "1.0.0", -1],
  ["0.9.9", "1.0.0-0", -1],
  ["1.0.0", "1.0.1-0", -1],
  // §11.4.1: digits-only identifiers by value.
  ["1.0.0-2", "1.0.0-10", -1],
  ["1.0.0-alpha.2", "1.0.0-alpha.10", -1],
  ["1.0.0-0", "1.0.0-1", -1],
  // §11.4.2: others in ASCII order (uppercase before lowercase, hyphen before digits).
  ["1.0.0-B", "1.0.0-a", -1],
  ["1.0.0-Alpha", "1.0.0-alpha", -1],
  ["1.0.0-a-", "1.0.0-a0", -1],
  ["1.0.0-a10", "1.0.0-a9", -1],
  ["1.0.0-rc1", "1.0.0-rc10", -1],
  ["1.0.0-1a", "1.0.0-a", -1],
  ["1.0.0--", "1.0.0-0a", -1],
  // §11.4.3: digits-only identifiers before alphanumeric ones.
  ["1.0.0-1", "1.0.0-a", -1],
  ["1.0.0-999", "1.0.0-0a", -1],
  ["1.0.0-alpha.1", "1.0.0-alpha.a", -1],
  ["1.0.0-rc.1", "1.0.0-rc1", -1],
  // §11.4.4: a larger set wins when all before are equal.
  ["1.0.0-alpha", "1.0.0-alpha.0", -1],
  ["1.0.0-0", "1.0.0-0.0", -1],
  ["1.0.0-a.b", "1.0.0-a.b.c", -1],
  ["1.0.0-a.b.c", "1.0.0-a.b.c", 0],
  // §10: build metadata does not count.
  ["1.0.0+build.1", "1.0.0+build.2", 0],
  ["1.0.0+20130313144700", "1.0.0", 0],
  ["1.0.0-beta+exp.sha.5114f85", "1.0.0-beta", 0],
  ["1.0.0-alpha+001", "1.0.0-alpha", 0],
  ["1.0.0+zzz", "1.0.1+aaa", -1],
  ["1.0.0-rc.1+build.1", "1.0.0-rc.1+build.0", 0],
  ["2.0.0-rc.1+build.123", "2.0.0-rc.1", 0],
  // Short forms (OSV advisories): a missing minor or patch is 0.
  ["1", "1.0.0", 0],
  ["1.0", "1.0.0", 0],
  ["1.2", "1.2.0", 0],
  ["0", "0.0.0", 0],
  ["v1", "1.0.0", 0],
  ["=1.2", "1.2.0", 0],
  ["1", "1.0.1", -1],
  ["1.2", "1.2.1", -1],
  ["1.2", "1.10", -1],
  ["1.19", "1.2", 1],
  ["2", "1.99.99", 1],
  ["1.0", "1.0.0-rc.1", 1],
  ["0", "0.0.0-0", 1],
  ["1", "1.0", 0],
  // Prefixes and surrounding whitespace.
  ["=v1.2.3", "1.2.3", 0],
  ["v1.2.3-alpha", "1.2.3-alpha", 0],
  ["\t1.2.3\n", "1.2.3", 0],
  ["v1.2.3", "v1.2.4", -1],
  ["=1.2.3-rc.1", "v1.2.3", -1],
  // Values seen in OSV npm and crates.io ranges.
  ["0.0.0-20230101", "0.0.0", -1],
  ["4.17.21", "4.17.20", 1],
  ["1.0.0-beta.3", "1.0.0-beta.10", -1],
  ["0.4.0-alpha.1", "0.3.9", 1],
  ["7.0.0-next.0", "7.0.0-beta.0", 1],
  ["7.0.0-canary.1", "7.0.0-beta.9", 1],
];

/** An increasing list over every rule: sorting any shuffle of it must give it back. */
const ORDERED = [
  "0.0.0-0",
  "0.0.0-foo",
  "0.0.0",
  "0.0.1",
  "0.9.0",
  "0.9.9",
  "0.10.0",
  "0.99.0",
  "1.0.0-0",
  "1.0.0-0.0",
  "1.0.0-1",
  "1.0.0-9",
  "1.0.0-10",
  "1.0.0-A",
  "1.0.0-alpha",
  "1.0.0-alpha.1",
  "1.0.0-alpha.beta",
  "1.0.0-beta",
  "1.0.0-beta.2",
  "1.0.0-beta.11",
  "1.0.0-rc.1",
  "1.0.0",
  "1.2.3-4",
  "1.2.3-5",
  "1.2.3-5-Foo",
  "1.2.3-5-foo",
  "1.2.3-R2",
  "1.2.3-a",
  "1.2.3-a.5",
  "1.2.3-a.10",
  "1.2.3-a.b",
  "1.2.3-a.b.c.5.d.100",
  "1.2.3-a.b.c.10.d.5",
  "1.2.3-asdf",
  "1.2.3-r100",
  "1.2.3-r2",
  "1.2.3",
  "2.0.0",
  "2.1.0",
  "2.1.1",
  "2.7.2+asdf",
  "3.0.0",
  "10.20.30",
  "99999999999999999999999.999999999999999999.99999999999999999",
];

/** Valid: semver.org's regex suite, node-semver's valid-versions.js, and the OSV spellings. */
const VALID = [
  "0.0.4",
  "1.2.3",
  "10.20.30",
  "1.1.2-prerelease+meta",
  "1.1.2+meta",
  "1.1.2+meta-valid",
  "1.0.0-alpha",
  "1.0.0-beta",
  "1.0.0-alpha.beta",
  "1.0.0-alpha.beta.1",
  "1.0.0-alpha.1",
  "1.0.0-alpha0.valid",
  "1.0.0-alpha.0valid",
  "1.0.0-alpha-a.b-c-somethinglong+build.1-aef.1-its-okay",
  "1.0.0-rc.1+build.1",
  "2.0.0-rc.1+build.123",
  "1.2.3-beta",
  "10.2.3-DEV-SNAPSHOT",
  "1.2.3-SNAPSHOT-123",
  "1.0.0",
  "2.0.0",
  "1.1.7",
  "2.0.0+build.1848",
  "2.0.1-alpha.1227",
  "1.0.0-alpha+beta",
  "1.2.3----RC-SNAPSHOT.12.9.1--.12+788",
  "1.2.3----R-S.12.9.1--.12+meta",
  "1.2.3----RC-SNAPSHOT.12.9.1--.12",
  "1.0.0+0.build.1-rc.10000aaa-kk-0.1",
  "99999999999999999999999.999999999999999999.99999999999999999",
  "1.0.0-0A.is.legal",
  "2.1.0",
  "3.2.1",
  "1.2.3-0",
  "1.2.3-123",
  "1.2.3-1.2.3",
  "1.2.3-1a",
  "1.2.3-a1",
  "1.2.3-alpha",
  "1.2.3-alpha.1",
  "1.2.3-alpha-1",
  "1.2.3-alpha-.-beta",
  "1.2.3+456",
  "1.2.3+build",
  "1.2.3+new-build",
  "1.2.3+build.1",
  "1.2.3+build.1a",
  "1.2.3+build.a1",
  "1.2.3+build.alpha",
  "1.2.3+build.alpha.beta",
  "1.2.3-alpha+build",
  "1.0.0+001", // build identifiers may have leading zeros
  "1.0.0-x.7.z.92",
  "1.0.0-0.3.7",
  // Accepted beyond strict SemVer 2 (see readme.md).
  "v1.2.3",
  "=1.2.3",
  "=v1.2.3",
  "v 1.2.3",
  "= 1.2.3",
  " 1.2.3 ",
  "1.2.3\n",
  "1",
  "1.2",
  "0",
  "v1",
  "v1.2",
  "=1",
];

/** Invalid: semver.org's regex suite (less `1` and `1.2`, which we accept) and more. */
const INVALID = [
  "1.2.3-0123",
  "1.2.3-0123.0123",
  "1.1.2+.123",
  "+invalid",
  "-invalid",
  "-invalid+invalid",
  "-invalid.01",
  "alpha",
  "alpha.beta",
  "alpha.beta.1",
  "alpha.1",
  "alpha+beta",
  "alpha_beta",
  "alpha.",
  "alpha..",
  "beta",
  "1.0.0-alpha_beta",
  "-alpha.",
  "1.0.0-alpha..",
  "1.0.0-alpha..1",
  "1.0.0-alpha...1",
  "1.0.0-alpha....1",
  "1.0.0-alpha.....1",
  "1.0.0-alpha......1",
  "1.0.0-alpha.......1",
  "01.1.1",
  "1.01.1",
  "1.1.01",
  "1.2.3.DEV",
  "1.2-SNAPSHOT",
  "1.2.31.2.3----RC-SNAPSHOT.12.09.1--..12+788",
  "1.2-RC-SNAPSHOT",
  "-1.0.3-gamma+b7718",
  "+justmeta",
  "9.8.7+meta+meta",
  "9.8.7-whatever+meta+meta",
  "99999999999999999999999.999999999999999999.99999999999999999----RC-SNAPSHOT.12.09.1--------------------------------..12",
  // Empty identifiers (semver.org §9, §10).
  "1.0.0-.123",
  "1.0.0-...",
  "1.0.0-123.",
  "1.0.0-+",
  "1.0.0-+123",
  "1.0.0-",
  "1.0.0+.123",
  "1.0.0+...",
  "1.0.0+123.",
  "1.0.0+",
  // node-semver's invalid-versions.js and loose-only forms.
  "hello, world",
  "xyz",
  "1.2.3foo",
  "1.2.3-beta.01",
  "01.02.03",
  // Not versions at all, or not this scheme's.
  "",
  " ",
  "v",
  "=",
  "vv1.2.3",
  "V1.2.3",
  "v=1.2.3",
  "1.2.3.4",
  "1.",
  "1.2.",
  ".1.2",
  "1..2",
  "1.2-beta",
  "1-beta",
  "1.2+build",
  "1+build",
  "1.2.3 beta",
  "1.2.3-be ta",
  "1 .2.3",
  "a.b.c",
  "1.2.x",
  "*",
  "^1.2.3",
  "~1.2.3",
  ">=1.2.3",
  "1.2.3 - 2.0.0",
  "1.2.3-ä",
  "１.２.３",
  "1.2.3-alpha!",
];

describe("semver: compare", () => {
  test("node-semver comparisons.js: first greater than second", () => {
    for (const [a, b] of NODE_SEMVER_GREATER) assertOrder(a, b, 1);
  });

  test("node-semver equality.js: equal", () => {
    for (const [a, b] of NODE_SEMVER_EQUAL) assertOrder(a, b, 0);
  });

  test("semver.org §11 examples, every pair", () => {
    for (const list of SPEC_EXAMPLES) {
      for (let i = 0; i < list.length; i++) {
        for (let j = 0; j < list.length; j++) {
          assertOrder(list[i]!, list[j]!, i < j ? -1 : i > j ? 1 : 0);
        }
      }
    }
  });

  test("each rule of §11, the short forms, big numbers", () => {
    for (const [a, b, want] of MORE) assertOrder(a, b, want);
  });

  test("the ordered list, every pair", () => {
    for (let i = 0; i < ORDERED.length; i++) {
      for (let j = 0; j < ORDERED.length; j++) {
        assertOrder(ORDERED[i]!, ORDERED[j]!, i < j ? -1 : i > j ? 1 : 0);
      }
    }
  });

  test("sorting shuffled copies of the ordered list gives the list back", () => {
    for (let seed = 1; seed <= 25; seed++) {
      assert.deepEqual(shuffled(ORDERED, seed).sort(compare), ORDERED, `seed ${seed}`);
    }
  });

  test("agrees with node-semver on every pair of strict versions it can hold", () => {
    const strict = [...ORDERED, ...VALID].filter(
      (v) => nodeSemver.valid(v) !== null && v.trim() === v && !/^[=v]/.test(v),
    );
    assert.ok(strict.length > 60, `only ${strict.length} strict versions`);
    for (const a of strict) {
      for (const b of strict) {
        assert.equal(sign(compare(a, b)), nodeSemver.compare(a, b), `${a} vs ${b}`);
      }
    }
  });

  test("invalid versions sort before valid ones, and among themselves as strings", () => {
    for (const bad of ["", "alpha", "1.2.3.4", "01.1.1", "1.0.0-"]) {
      for (const good of ["0", "0.0.0-0", "1.0.0", "v1.2.3"]) assertOrder(bad, good, -1);
    }
    assertOrder("abc", "abd", -1);
    assertOrder("1.2.3.4", "1.2.3.5", -1);
    assertOrder("not a version", "not a version", 0);
  });
});

describe("semver: valid", () => {
  test("valid versions", () => {
    for (const v of VALID) assert.equal(valid(v), true, JSON.stringify(v));
  });

  test("invalid versions", () => {
    for (const v of INVALID) assert.equal(valid(v), false, JSON.stringify(v));
  });

  test("agrees with node-semver's strict parser on the strict inputs", () => {
    for (const v of [...VALID, ...INVALID]) {
      // Short forms, `=`, inner blanks and numbers above 2^53 are where we differ on purpose.
      if (!/^\d+\.\d+\.\d+/.test(v) || /\d{16}/.test(v)) continue;
      assert.equal(valid(v), nodeSemver.valid(v) !== null, JSON.stringify(v));
    }
  });

  test("never throws on values that are not strings", () => {
    for (const v of [undefined, null, 1, 1.2, {}, [], { toString: () => "1.2.3" }, /1.2.3/]) {
      assert.equal(valid(v as unknown as string), false);
      assert.equal(sign(compare(v as unknown as string, "1.0.0")), -1);
    }
  });

  test("meta", () => {
    assert.equal(scheme.meta.id, "semver");
    assert.match(scheme.meta.docsUrl, /^https:\/\/semver\.org\//);
  });
});
