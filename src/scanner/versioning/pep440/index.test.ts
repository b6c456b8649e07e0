import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isCanonical, normalize, scheme } from "./index.ts";

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

/** Every pair of an increasing list. */
function assertIncreasing(list: readonly string[]): void {
  for (let i = 0; i < list.length; i++) {
    for (let j = 0; j < list.length; j++) {
      assertOrder(list[i]!, list[j]!, i < j ? -1 : i > j ? 1 : 0);
    }
  }
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

/** pypa/packaging tests/test_version.py `VERSIONS`: strictly increasing. */
const PACKAGING_VERSIONS = [
  // Implicit epoch of 0
  "1.0.dev0",
  "1.0.dev456",
  "1.0.dev456+local",
  "1.0a0",
  "1.0a0.post0.dev0",
  "1.0a0.post0",
  "1.0a1.dev1",
  "1.0a1.dev1+local",
  "1.0a1",
  "1.0a1+local",
  "1.0b0",
  "1.0b1.dev456",
  "1.0b2",
  "1.0b2.post345.dev456",
  "1.0b2.post345",
  "1.0b2-346",
  "1.0rc0",
  "1.0rc1.dev1",
  "1.0c1",
  "1.0rc2",
  "1.0",
  "1.0.post0.dev0",
  "1.0.post0",
  "1.0.post456.dev34",
  "1.0.post456",
  "1.0.post456+local",
  "1.0.1.dev1",
  "1.0.1a1",
  "1.0.1",
  "1.0.1+local",
  "1.0.1.post1",
  "1.1.dev1",
  "1.2+a",
  "1.2+abc",
  "1.2+abcdef",
  "1.2+def",
  "1.2+0",
  "1.2+1",
  "1.2+1.abc",
  "1.2+1.1",
  "1.2+1.1.0",
  "1.2+2",
  "1.2+123",
  "1.2+123456",
  "1.2.r32+123456",
  "1.2.rev33+123456",
  // Explicit epoch of 1
  "1!1.0.dev0",
  "1!1.0.dev456",
  "1!1.0.dev456+local",
  "1!1.0a0",
  "1!1.0a0.post0.dev0",
  "1!1.0a0.post0",
  "1!1.0a1.dev1",
  "1!1.0a1.dev1+local",
  "1!1.0a1",
  "1!1.0a1+local",
  "1!1.0b0",
  "1!1.0b1.dev456",
  "1!1.0b2",
  "1!1.0b2.post345.dev456",
  "1!1.0b2.post345",
  "1!1.0b2-346",
  "1!1.0rc0",
  "1!1.0rc1.dev1",
  "1!1.0c1",
  "1!1.0rc2",
  "1!1.0",
  "1!1.0.post0.dev0",
  "1!1.0.post0",
  "1!1.0.post456.dev34",
  "1!1.0.post456",
  "1!1.0.post456+local",
  "1!1.0.1.dev1",
  "1!1.0.1a1",
  "1!1.0.1",
  "1!1.0.1+local",
  "1!1.0.1.post1",
  "1!1.1.dev1",
  "1!1.2+a",
  "1!1.2+abc",
  "1!1.2+abcdef",
  "1!1.2+def",
  "1!1.2+0",
  "1!1.2+1",
  "1!1.2+1.abc",
  "1!1.2+1.1",
  "1!1.2+1.1.0",
  "1!1.2+2",
  "1!1.2+123",
  "1!1.2+123456",
  "1!1.2.r32+123456",
  "1!1.2.rev33+123456",
];

/** The spec's increasing examples ("Summary of permitted suffixes", release segments, epochs). */
const SPEC_LISTS = [
  [
    "1.dev0",
    "1.0.dev456",
    "1.0a1",
    "1.0a2.dev456",
    "1.0a12.dev456",
    "1.0a12",
    "1.0b1.dev456",
    "1.0b2",
    "1.0b2.post345.dev456",
    "1.0b2.post345",
    "1.0rc1.dev456",
    "1.0rc1",
    "1.0",
    "1.0+abc.5",
    "1.0+abc.7",
    "1.0+5",
    "1.0.post456.dev34",
    "1.0.post456",
    "1.0.15",
    "1.1.dev1",
  ],
  ["0.9", "0.9.1", "0.9.2", "0.9.10", "0.9.11", "1.0", "1.0.1", "1.1", "2.0", "2.0.1"],
  ["2012.4", "2012.7", "2012.10", "2013.1", "2013.6"],
  ["1.0", "1.1", "2.0", "2013.10", "2014.04"],
  ["2013.10", "2014.04", "1!1.0", "1!1.1", "1!2.0"],
  ["0.9", "1.0a1", "1.0a2", "1.0b1", "1.0rc1", "1.0", "1.1a1"],
  [
    "0.9",
    "1.0.dev1",
    "1.0.dev2",
    "1.0.dev3",
    "1.0.dev4",
    "1.0c1",
    "1.0c2",
    "1.0",
    "1.0.post1",
    "1.1.dev1",
  ],
  ["1.1.0", "1.1.1", "1.1.2", "1.2.0"],
  ["2012.1", "2012.2", "2012.3", "2012.15", "2013.1", "2013.2"],
];

/** pypa/packaging test_normalized_versions: input and its normal form. */
const NORMALIZED: [string, string][] = [
  // Development releases
  ["1.0dev", "1.0.dev0"],
  ["1.0.dev", "1.0.dev0"],
  ["1.0dev1", "1.0.dev1"],
  ["1.0-dev", "1.0.dev0"],
  ["1.0-dev1", "1.0.dev1"],
  ["1.0DEV", "1.0.dev0"],
  ["1.0.DEV", "1.0.dev0"],
  ["1.0DEV1", "1.0.dev1"],
  ["1.0.DEV1", "1.0.dev1"],
  ["1.0-DEV", "1.0.dev0"],
  ["1.0-DEV1", "1.0.dev1"],
  // Alpha
  ["1.0a", "1.0a0"],
  ["1.0.a", "1.0a0"],
  ["1.0.a1", "1.0a1"],
  ["1.0-a", "1.0a0"],
  ["1.0-a1", "1.0a1"],
  ["1.0alpha", "1.0a0"],
  ["1.0.alpha", "1.0a0"],
  ["1.0.alpha1", "1.0a1"],
  ["1.0-alpha", "1.0a0"],
  ["1.0-alpha1", "1.0a1"],
  ["1.0A", "1.0a0"],
  ["1.0.A", "1.0a0"],
  ["1.0.A1", "1.0a1"],
  ["1.0-A", "1.0a0"],
  ["1.0-A1", "1.0a1"],
  ["1.0ALPHA", "1.0a0"],
  ["1.0.ALPHA", "1.0a0"],
  ["1.0.ALPHA1", "1.0a1"],
  ["1.0-ALPHA", "1.0a0"],
  ["1.0-ALPHA1", "1.0a1"],
  // Beta
  ["1.0b", "1.0b0"],
  ["1.0.b", "1.0b0"],
  ["1.0.b1", "1.0b1"],
  ["1.0-b", "1.0b0"],
  ["1.0-b1", "1.0b1"],
  ["1.0beta", "1.0b0"],
  ["1.0.beta", "1.0b0"],
  ["1.0.beta1", "1.0b1"],
  ["1.0-beta", "1.0b0"],
  ["1.0-beta1", "1.0b1"],
  ["1.0B", "1.0b0"],
  ["1.0.B", "1.0b0"],
  ["1.0.B1", "1.0b1"],
  ["1.0-B", "1.0b0"],
  ["1.0-B1", "1.0b1"],
  ["1.0BETA", "1.0b0"],
  ["1.0.BETA", "1.0b0"],
  ["1.0.BETA1", "1.0b1"],
  ["1.0-BETA", "1.0b0"],
  ["1.0-BETA1", "1.0b1"],
  // Release candidates
  ["1.0c", "1.0rc0"],
  ["1.0.c", "1.0rc0"],
  ["1.0.c1", "1.0rc1"],
  ["1.0-c", "1.0rc0"],
  ["1.0-c1", "1.0rc1"],
  ["1.0rc", "1.0rc0"],
  ["1.0.rc", "1.0rc0"],
  ["1.0.rc1", "1.0rc1"],
  ["1.0-rc", "1.0rc0"],
  ["1.0-rc1", "1.0rc1"],
  ["1.0C", "1.0rc0"],
  ["1.0.C", "1.0rc0"],
  ["1.0.C1", "1.0rc1"],
  ["1.0-C", "1.0rc0"],
  ["1.0-C1", "1.0rc1"],
  ["1.0RC", "1.0rc0"],
  ["1.0.RC", "1.0rc0"],
  ["1.0.RC1", "1.0rc1"],
  ["1.0-RC", "1.0rc0"],
  ["1.0-RC1", "1.0rc1"],
  // Post releases
  ["1.0post", "1.0.post0"],
  ["1.0.post", "1.0.post0"],
  ["1.0post1", "1.0.post1"],
  ["1.0-post", "1.0.post0"],
  ["1.0-post1", "1.0.post1"],
  ["1.0POST", "1.0.post0"],
  ["1.0.POST", "1.0.post0"],
  ["1.0POST1", "1.0.post1"],
  ["1.0r", "1.0.post0"],
  ["1.0rev", "1.0.post0"],
  ["1.0.POST1", "1.0.post1"],
  ["1.0.r1", "1.0.post1"],
  ["1.0.rev1", "1.0.post1"],
  ["1.0-POST", "1.0.post0"],
  ["1.0-POST1", "1.0.post1"],
  ["1.0-5", "1.0.post5"],
  ["1.0-r5", "1.0.post5"],
  ["1.0-rev5", "1.0.post5"],
  // Local version case insensitivity
  ["1.0+AbC", "1.0+abc"],
  // Integer normalization
  ["1.01", "1.1"],
  ["1.0a05", "1.0a5"],
  ["1.0b07", "1.0b7"],
  ["1.0c056", "1.0rc56"],
  ["1.0rc09", "1.0rc9"],
  ["1.0.post000", "1.0.post0"],
  ["1.1.dev09000", "1.1.dev9000"],
  ["00!1.2", "1.2"],
  ["0100!0.0", "100!0.0"],
  // Other normalizations
  ["v1.0", "1.0"],
  ["   v1.0\t\n", "1.0"],
  ["\u202f1.0\t\u2029\n ", "1.0"],
  // The spec's own examples
  ["1.1RC1", "1.1rc1"],
  ["1.1.a1", "1.1a1"],
  ["1.1-a1", "1.1a1"],
  ["1.0a.1", "1.0a1"],
  ["1.1alpha1", "1.1a1"],
  ["1.1beta2", "1.1b2"],
  ["1.1c3", "1.1rc3"],
  ["1.2a", "1.2a0"],
  ["1.2-post2", "1.2.post2"],
  ["1.2post2", "1.2.post2"],
  ["1.2.post-2", "1.2.post2"],
  ["1.0-r4", "1.0.post4"],
  ["1.2.post", "1.2.post0"],
  ["1.0-1", "1.0.post1"],
  ["1.2-dev2", "1.2.dev2"],
  ["1.2dev2", "1.2.dev2"],
  ["1.2.dev", "1.2.dev0"],
  ["1.0+ubuntu-1", "1.0+ubuntu.1"],
  ["1.0\n", "1.0"],
  ["1.0+foo0100", "1.0+foo0100"],
  // Separators, spellings and combinations checked against packaging 26.2
  ["1.0pre", "1.0rc0"],
  ["1.0preview1", "1.0rc1"],
  ["1.0.PREVIEW.2", "1.0rc2"],
  ["1.0_alpha_1", "1.0a1"],
  ["1.0-rc-1", "1.0rc1"],
  ["1.0a-1", "1.0a1"],
  ["1.0a1-1", "1.0a1.post1"],
  ["1.0rc1.r1", "1.0rc1.post1"],
  ["1.0.post-", "1.0.post0"],
  ["1.0.dev-", "1.0.dev0"],
  ["1.0.dev.1", "1.0.dev1"],
  ["1.0_rev_3", "1.0.post3"],
  ["1.0-1.dev1", "1.0.post1.dev1"],
  ["1.0-1dev1", "1.0.post1.dev1"],
  ["1.0+a_b-c.d", "1.0+a.b.c.d"],
  ["1.0+01", "1.0+1"],
  ["1.0+1.01", "1.0+1.1"],
  ["1!1.0+ABC.Def-1", "1!1.0+abc.def.1"],
  ["V1.0", "1.0"],
  ["v1", "1"],
  ["0!1.0.2", "1.0.2"],
  ["1.0.0", "1.0.0"],
  ["1.2.3-beta.1", "1.2.3b1"],
  ["1.0.0-beta+build", "1.0.0b0+build"],
  ["2!1.0a1.post2.dev3+Local_7", "2!1.0a1.post2.dev3+local.7"],
];

/** pypa/packaging test_version_str_repr: already normal, printed back unchanged. */
const ALREADY_NORMAL = [
  "1.0.dev456",
  "1.0a1",
  "1.0a2.dev456",
  "1.0a12.dev456",
  "1.0a12",
  "1.0b1.dev456",
  "1.0b2",
  "1.0b2.post345.dev456",
  "1.0b2.post345",
  "1.0rc1.dev456",
  "1.0rc1",
  "1.0",
  "1.0.post456.dev34",
  "1.0.post456",
  "1.0.1",
  "1.0.3+7",
  "1.0.5+9.5",
  "1.2+1234.abc",
  "1.2+123456",
  "1.2+123abc",
  "1.2+123abc456",
  "1.2+abc",
  "1.2+abc123",
  "1.2+abc123def",
  "1.1.dev1",
  "7!1.0.dev456",
  "7!1.0a1",
  "7!1.0a2.dev456",
  "7!1.0a12.dev456",
  "7!1.0a12",
  "7!1.0b1.dev456",
  "7!1.0b2",
  "7!1.0b2.post345.dev456",
  "7!1.0b2.post345",
  "7!1.0rc1.dev456",
  "7!1.0rc1",
  "7!1.0",
  "7!1.0.post456.dev34",
  "7!1.0.post456",
  "7!1.0.1",
  "7!1.0.2",
  "7!1.0.3+7",
  "7!1.0.4+8.0",
  "7!1.0.5+9.5",
  "7!1.1.dev1",
];

/** Pairs for each rule on its own. */
const CASES: [string, string, -1 | 0 | 1][] = [
  // Release segment: numerically, trailing zeros insignificant.
  ["1.0", "1.0.0", 0],
  ["1", "1.0.0.0", 0],
  ["1.0.0.1", "1.0", 1],
  ["1.0.1", "1", 1],
  ["1.9", "1.10", -1],
  ["1.01", "1.1", 0],
  ["1.0.0", "1.0.00", 0],
  ["2.0", "10.0", -1],
  ["99999999999999999999999.0", "99999999999999999999998.9", 1],
  ["1.0.99999999999999999999", "1.0.100000000000000000000", -1],
  // Epochs: all of a later epoch after all of an earlier one.
  ["1!0.1", "9999.0", 1],
  ["0!1.0", "1.0", 0],
  ["00!1.2", "1.2", 0],
  ["2!1.0", "1!2.0", 1],
  ["1!1.0.dev0", "2014.04", 1],
  // dev < pre < final < post, with the dev of each.
  ["1.0.dev1", "1.0a0", -1],
  ["1.0.dev1", "1.0a0.dev0", -1],
  ["1.0a1.dev1", "1.0a1", -1],
  ["1.0a1", "1.0a1.post0.dev0", -1],
  ["1.0a1.post1", "1.0a2.dev0", -1],
  ["1.0a99", "1.0b0", -1],
  ["1.0b99", "1.0rc0", -1],
  ["1.0rc99", "1.0", -1],
  ["1.0", "1.0.post0.dev0", -1],
  ["1.0.post0.dev5", "1.0.post0", -1],
  ["1.0.post1.dev0", "1.0.post0", 1],
  ["1.0.post99", "1.0.1.dev0", -1],
  ["1.0.dev99", "0.9.post99", 1],
  ["1.0.dev0", "1.0.dev00", 0],
  ["1.0a1", "1.0alpha1", 0],
  ["1.0b2", "1.0beta2", 0],
  ["1.0rc1", "1.0c1", 0],
  ["1.0rc1", "1.0pre1", 0],
  ["1.0rc1", "1.0preview1", 0],
  ["1.0.post1", "1.0-1", 0],
  ["1.0.post1", "1.0.rev1", 0],
  ["1.0.post1", "1.0-r1", 0],
  ["1.0.post0", "1.0post", 0],
  ["1.0.dev0", "1.0-dev", 0],
  ["1.0a0", "1.0a", 0],
  ["1.0", "v1.0", 0],
  ["1.0", " 1.0\n", 0],
  ["1.0rc1", "1.0RC1", 0],
  // Local labels: after the same version without one, before its post-releases.
  ["1.0", "1.0+local", -1],
  ["1.0+local", "1.0.post0", -1],
  ["1.0+zzz", "1.0.post0.dev0", -1],
  ["1.0a1+local", "1.0a2", -1],
  ["1.0.dev1+local", "1.0.dev2", -1],
  ["1.0+ubuntu.1", "1.0+ubuntu-1", 0],
  ["1.0+ubuntu.1", "1.0+UBUNTU_1", 0],
  ["1.0+ubuntu.1", "1.0+ubuntu.2", -1],
  ["1.0+ubuntu.2", "1.0+ubuntu.10", -1],
  ["1.0+ubuntu.1", "1.0+ubuntu.1.1", -1],
  ["1.0+1", "1.0+01", 0],
  ["1.0+abc", "1.0+1", -1],
  ["1.0+zzz", "1.0+0", -1],
  ["1.0+abc.1", "1.0+abc.a", 1],
  ["1.0+a10", "1.0+a9", -1],
  ["1.0+deb10u1", "1.0+deb9u2", -1],
  ["1.0+1.2", "1.0+1.10", -1],
  ["1.0+1", "1.0+1.0", -1],
  ["1.0+99999999999999999999", "1.0+99999999999999999998", 1],
  ["1.0.0+local", "1+local", 0],
];

const VALID = [
  ...PACKAGING_VERSIONS,
  ...SPEC_LISTS.flat(),
  ...NORMALIZED.map(([v]) => v),
  ...ALREADY_NORMAL,
  "0",
  "0!0",
  "1.0.post1+ubuntu.1",
  "1.0+1-2_3.4",
  "\x1c1.0\x85",
];

/** pypa/packaging test_invalid_versions, and more. */
const INVALID = [
  "french toast",
  "1.0+a+",
  "1.0++",
  "1.0+_foobar",
  "1.0+foo&asd",
  "1.0+1+1",
  "1. 0",
  "1 .0",
  "1. 0a1",
  "1 .0a1",
  "1.0 a1",
  "1.0a 1",
  "٠١٢.٣٤٥.٦٧٨٩",
  ".",
  "..",
  "1..0",
  "1.0.",
  ".1.0",
  "1..2.3",
  "1.0+\u0130",
  // The spec: `1.0-` is not a post-release.
  "1.0-",
  // More, each refused by packaging 26.2 too.
  "",
  " ",
  "v",
  "vv1.0",
  "v 1.0",
  "1.0+",
  "1.0--1",
  "1.0_1",
  "1.0+a..b",
  "1.0+.a",
  "1.0+a.",
  "1!",
  "!1.0",
  "1!1!1.0",
  "1.0a1b2",
  "1.0a1.dev1.post1",
  "1.0.post1a1",
  "1.0.dev1a1",
  "1.0-1-1",
  "1.0pos",
  "1.0.postt",
  "1.0\u212a",
  "1.0+\u212a",
  "1.0\u0131",
  "\ufeff1.0",
  "1.0\u200b",
  "1.0-SNAPSHOT",
  "1.0.0-beta.x+build", // but `1.0.0-beta+build` is valid: 1.0.0b0+build
  "latest",
  "*",
  "==1.0",
  ">=1.0",
  "1.*",
];

describe("pep440: compare", () => {
  test("pypa/packaging VERSIONS, every pair", () => {
    assertIncreasing(PACKAGING_VERSIONS);
  });

  test("the spec's ordered examples, every pair", () => {
    for (const list of SPEC_LISTS) assertIncreasing(list);
  });

  test("sorting shuffled copies of the ordered lists gives them back", () => {
    for (let seed = 1; seed <= 25; seed++) {
      const got = shuffled(PACKAGING_VERSIONS, seed).sort(compare);
      assert.deepEqual(got, PACKAGING_VERSIONS, `seed ${seed}`);
      for (const list of SPEC_LISTS) {
        assert.deepEqual(shuffled(list, seed).sort(compare), list, `seed ${seed}`);
      }
    }
  });

  test("each rule on its own", () => {
    for (const [a, b, want] of CASES) assertOrder(a, b, want);
  });

  test("a version equals its normal form", () => {
    for (const [v, norm] of NORMALIZED) assertOrder(v, norm, 0);
  });

  test("invalid versions sort before valid ones, and among themselves as strings", () => {
    for (const bad of ["", "french toast", "1.0-", "1..0"]) {
      for (const good of ["0", "0.dev0", "1.0", "1!0"]) assertOrder(bad, good, -1);
    }
    assertOrder("1.0-", "1.0--1", -1);
    assertOrder("french toast", "french toast", 0);
  });
});

describe("pep440: valid and normalize", () => {
  test("valid versions", () => {
    for (const v of VALID) assert.equal(valid(v), true, JSON.stringify(v));
  });

  test("invalid versions", () => {
    for (const v of INVALID) {
      assert.equal(valid(v), false, JSON.stringify(v));
      assert.equal(normalize(v), null, JSON.stringify(v));
    }
  });

  test("normalisation (packaging's test_normalized_versions and the spec's examples)", () => {
    for (const [v, norm] of NORMALIZED) assert.equal(normalize(v), norm, JSON.stringify(v));
  });

  test("normal forms print back unchanged", () => {
    // Of packaging's VERSIONS, all but `-346`, `c1`, `.r32` and `.rev33` are written normally.
    const normal = PACKAGING_VERSIONS.filter((v) => !/-|\dc\d|\.r/.test(v));
    assert.equal(normal.length, PACKAGING_VERSIONS.length - 8);
    for (const v of [...ALREADY_NORMAL, ...normal]) {
      assert.equal(normalize(v), v, v);
    }
  });

  test("isCanonical: the appendix's check for the canonical public form", () => {
    for (const v of ["0", "1.0", "1.0.0", "1!1.0", "1.0a1", "1.0rc0", "1.0.post1", "1.0.dev0"]) {
      assert.equal(isCanonical(v), true, v);
    }
    assert.equal(isCanonical("1.0a1.post2.dev3"), true);
    for (const v of [
      "v1.0",
      "1.0c1",
      "1.0RC1",
      "1.0-1",
      "01.0",
      "1.01",
      "0!1.0",
      "1.0+local",
      "1.0.a1",
      "1.0alpha1",
      "1.0post1",
      "1.0.dev",
      " 1.0",
    ]) {
      assert.equal(isCanonical(v), false, v);
    }
  });

  test("never throws on values that are not strings", () => {
    for (const v of [undefined, null, 1, 1.5, {}, [], /1.0/]) {
      assert.equal(valid(v as unknown as string), false);
      assert.equal(normalize(v as unknown as string), null);
      assert.equal(isCanonical(v as unknown as string), false);
      assert.equal(sign(compare(v as unknown as string, "1.0")), -1);
    }
  });

  test("repeated look-ups give the same answers (the parse cache)", () => {
    for (let round = 0; round < 3; round++) {
      assert.equal(sign(compare("1.0a1", "1.0")), -1);
      assert.equal(valid("french toast"), false);
      assert.equal(normalize("1.0-1"), "1.0.post1");
    }
    // More distinct versions than the cache holds: answers stay right after it is cleared.
    for (let i = 0; i < 5000; i++) assert.equal(sign(compare(`1.${i}`, `1.${i + 1}`)), -1);
    assert.equal(normalize("1.0-1"), "1.0.post1");
  });

  test("meta", () => {
    assert.equal(scheme.meta.id, "pep440");
    assert.match(scheme.meta.docsUrl, /^https:\/\/packaging\.python\.org\//);
  });
});
