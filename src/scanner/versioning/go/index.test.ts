import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { goToolchainToSemver, scheme } from "./index.ts";

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

/**
 * golang.org/x/mod/semver semver_test.go `tests`: input and canonical form ("" = invalid), in
 * increasing order; inputs with the same canonical form are equal.
 */
const XMOD: [string, string][] = [
  ["bad", ""],
  ["v1-alpha.beta.gamma", ""],
  ["v1-pre", ""],
  ["v1+meta", ""],
  ["v1-pre+meta", ""],
  ["v1.2-pre", ""],
  ["v1.2+meta", ""],
  ["v1.2-pre+meta", ""],
  ["v1.0.0-alpha", "v1.0.0-alpha"],
  ["v1.0.0-alpha.1", "v1.0.0-alpha.1"],
  ["v1.0.0-alpha.beta", "v1.0.0-alpha.beta"],
  ["v1.0.0-beta", "v1.0.0-beta"],
  ["v1.0.0-beta.2", "v1.0.0-beta.2"],
  ["v1.0.0-beta.11", "v1.0.0-beta.11"],
  ["v1.0.0-rc.1", "v1.0.0-rc.1"],
  ["v1", "v1.0.0"],
  ["v1.0", "v1.0.0"],
  ["v1.0.0", "v1.0.0"],
  ["v1.2", "v1.2.0"],
  ["v1.2.0", "v1.2.0"],
  ["v1.2.3-456", "v1.2.3-456"],
  ["v1.2.3-456.789", "v1.2.3-456.789"],
  ["v1.2.3-456-789", "v1.2.3-456-789"],
  ["v1.2.3-456a", "v1.2.3-456a"],
  ["v1.2.3-pre", "v1.2.3-pre"],
  ["v1.2.3-pre+meta", "v1.2.3-pre"],
  ["v1.2.3-pre.1", "v1.2.3-pre.1"],
  ["v1.2.3-zzz", "v1.2.3-zzz"],
  ["v1.2.3", "v1.2.3"],
  ["v1.2.3+meta", "v1.2.3"],
  ["v1.2.3+meta-pre", "v1.2.3"],
  ["v1.2.3+meta-pre.sha.256a", "v1.2.3"],
];

const PSEUDO = "20191109021931-daa7c04131f5";

/** Pairs: x/mod's explicit ones, pseudo-versions (go.dev/ref/mod#pseudo-versions), OSV forms. */
const CASES: [string, string, -1 | 0 | 1][] = [
  // x/mod TestCompare's explicit pairs (numbers compare numerically: v1.2 < v1.19).
  ["v1", "v1", 0],
  ["v2", "v1", 1],
  ["v1", "v2", -1],
  ["v1.2", "v1.19", -1],
  ["v1.19", "v1.2", 1],
  ["v1.9.0", "v1.10.0", -1],
  ["v1.0.9", "v1.0.10", -1],
  ["v9.0.0", "v10.0.0", -1],
  ["v1.0.0-beta.9", "v1.0.0-beta.10", -1],
  ["v99999999999999999999.0.0", "v99999999999999999998.0.0", 1],
  ["v1.0.0-99999999999999999999", "v1.0.0-99999999999999999998", 1],
  // vX.0.0-yyyymmddhhmmss-abcdefabcdef: no earlier tag; before vX.0.0 and every X.0.0-pre.
  [`v0.0.0-${PSEUDO}`, "v0.0.0", -1],
  [`v0.0.0-${PSEUDO}`, "v0.1.0", -1],
  [`v0.0.0-${PSEUDO}`, "v0.0.0-20191109021930-ffffffffffff", 1],
  [`v0.0.0-${PSEUDO}`, "v0.0.0-20200101000000-000000000000", -1],
  [`v0.0.0-${PSEUDO}`, "v0.0.0-20191109021931-000000000000", 1],
  [`v0.0.0-${PSEUDO}`, `v0.0.0-${PSEUDO}`, 0],
  [`v1.0.0-${PSEUDO}`, "v0.99.99", 1],
  [`v1.0.0-${PSEUDO}`, "v1.0.0-alpha", -1],
  [`v2.0.0-${PSEUDO}`, "v1.9.9", 1],
  // vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdef: after vX.Y.Z, before vX.Y.(Z+1) and its pre-releases.
  [`v1.2.4-0.${PSEUDO}`, "v1.2.3", 1],
  [`v1.2.4-0.${PSEUDO}`, "v1.2.4", -1],
  [`v1.2.4-0.${PSEUDO}`, "v1.2.4-rc.1", -1],
  [`v1.2.4-0.${PSEUDO}`, "v1.2.4-alpha", -1],
  [`v1.2.4-0.${PSEUDO}`, "v1.2.4-0", 1],
  [`v1.2.4-0.${PSEUDO}`, "v1.2.4-1", -1],
  [`v1.2.4-0.${PSEUDO}`, "v1.2.4-0.20200101000000-000000000000", -1],
  [`v1.2.4-0.${PSEUDO}`, "v1.2.3-0.20200101000000-000000000000", 1],
  // vX.Y.Z-pre.0.yyyymmddhhmmss-abcdef: after vX.Y.Z-pre, before vX.Y.Z-pre.1.
  [`v1.2.3-pre.0.${PSEUDO}`, "v1.2.3-pre", 1],
  [`v1.2.3-pre.0.${PSEUDO}`, "v1.2.3-pre.1", -1],
  [`v1.2.3-pre.0.${PSEUDO}`, "v1.2.3", -1],
  [`v1.2.3-rc.1.0.${PSEUDO}`, "v1.2.3-rc.1", 1],
  [`v1.2.3-rc.1.0.${PSEUDO}`, "v1.2.3-rc.2", -1],
  [`v1.2.3-alpha.0.${PSEUDO}`, "v1.2.3-beta", -1],
  // +incompatible is build metadata: ignored.
  ["v2.0.0+incompatible", "v2.0.0", 0],
  ["v2.0.0+incompatible", "v1.9.9", 1],
  ["v3.1.0+incompatible", "v3.1.1", -1],
  ["v4.0.0+incompatible", "v4.0.0+other", 0],
  [`v2.0.1-0.${PSEUDO}+incompatible`, "v2.0.0+incompatible", 1],
  [`v2.0.1-0.${PSEUDO}+incompatible`, "v2.0.1", -1],
  [`v2.0.1-0.${PSEUDO}+incompatible`, `v2.0.1-0.${PSEUDO}`, 0],
  // OSV Go records leave the v out.
  ["1.2.3", "v1.2.3", 0],
  ["1.2.3-pre", "v1.2.3-pre", 0],
  ["1", "v1.0.0", 0],
  ["1.2", "v1.2.0", 0],
  ["0", "v0.0.0", 0],
  [`0.0.0-${PSEUDO}`, `v0.0.0-${PSEUDO}`, 0],
  ["0.0.0-20220314234659-1baeb1ce4c0b", "v0.0.0-20211215153901-e495a2d5b3d3", 1],
  ["0.17.0", "v0.0.0-20220722155217-630584e8d5aa", 1],
  ["1.2.3", "v1.2.4", -1],
  ["2.0.0+incompatible", "v2.0.0", 0],
  // Go toolchain versions against the SemVer of stdlib / toolchain OSV records.
  ["go1.21rc2", "1.21.0-rc.2", 0],
  ["go1.20", "1.20.0", 0],
  ["go1.21.3", "1.21.3", 0],
  ["go1.21.0", "v1.21.0", 0],
  ["go1.21", "go1.21.0", 0],
  ["go1", "1.0.0", 0],
  ["go1.20-pre4", "1.20.0-pre.4", 0],
  ["go1.19beta1", "1.19.0-beta.1", 0],
  ["go1.19", "go1.19", 0],
  ["go1.19.1", "go1.19", 1],
  ["go1.12.2", "go1.18", -1],
  ["go1.21rc1", "go1.21rc2", -1],
  ["go1.21rc2", "go1.21.0", -1],
  ["go1.21rc1", "1.21.0-0", 1],
  ["go1.21.0", "1.21.0-0", 1],
  ["go1.20.11", "1.21.0-0", -1],
  ["go1.20.10", "1.20.11", -1],
  ["go1.21.3", "1.21.4", -1],
  ["go1.19beta1", "go1.19rc1", -1],
  ["go1.9.2rc2", "go1.9.2", -1],
  ["go1.9", "go1.10", -1],
  ["go1.21.3 X:boringcrypto", "1.21.3", 0],
];

/** Increasing list over every rule: sorting any shuffle of it must give it back. */
const ORDERED = [
  `v0.0.0-${PSEUDO}`,
  "v0.0.0-20200101000000-000000000000",
  "v0.0.0",
  "v0.1.0",
  "v1.0.0-alpha",
  "v1.0.0-alpha.1",
  "v1.0.0-alpha.beta",
  "v1.0.0-beta",
  "v1.0.0-beta.2",
  "v1.0.0-beta.11",
  "v1.0.0-rc.1",
  "v1.0.0",
  "v1.2.0",
  `v1.2.3-0.${PSEUDO}`,
  "v1.2.3-456",
  "v1.2.3-456.789",
  "v1.2.3-456-789",
  "v1.2.3-456a",
  "v1.2.3-pre",
  `v1.2.3-pre.0.${PSEUDO}`,
  "v1.2.3-pre.1",
  "v1.2.3-zzz",
  "v1.2.3",
  `v1.2.4-0.${PSEUDO}`,
  "v1.2.4-rc.1",
  "v1.2.4",
  "v1.19.0",
  "v2.0.0+incompatible",
  `v2.0.1-0.${PSEUDO}+incompatible`,
  "v2.0.1",
  "v10.0.0",
];

/** Go releases in release order, with the bound stdlib records use for "any 1.21 pre-release". */
const TOOLCHAINS = [
  "go1",
  "go1.9",
  "go1.9.2rc2",
  "go1.9.2",
  "go1.10",
  "go1.19beta1",
  "go1.19rc1",
  "go1.19rc2",
  "go1.19",
  "go1.19.1",
  "go1.19.13",
  "go1.20beta1",
  "go1.20-pre4",
  "go1.20rc1",
  "go1.20",
  "go1.20.11",
  "1.21.0-0",
  "go1.21rc2",
  "go1.21.0",
  "go1.21.3",
  "go1.22rc1",
  "go1.22.0",
];

const TOOLCHAIN_TO_SEMVER: [string, string | null][] = [
  // The examples of the brief and of golang/vuln's and golang/vulndb's tests.
  ["go1.21.3", "1.21.3"],
  ["1.21.3", "1.21.3"],
  ["go1.21rc2", "1.21.0-rc.2"],
  ["go1.21.0", "1.21.0"],
  ["go1.20", "1.20.0"],
  ["go1.19", "1.19.0"],
  ["go1.20-pre4", "1.20.0-pre.4"],
  ["go1.2.3", "1.2.3"],
  ["go1.19beta1", "1.19.0-beta.1"],
  ["go1.9.2rc2", "1.9.2-rc.2"],
  ["go1.21rc0", "1.21.0-rc.0"],
  ["go1", "1.0.0"],
  ["1", "1.0.0"],
  ["1.20", "1.20.0"],
  ["1.21rc2", "1.21.0-rc.2"],
  ["go1.100.0", "1.100.0"],
  // Only the first field counts (runtime.Version() of an experiment build, stray blanks).
  ["go1.21.3 X:boringcrypto", "1.21.3"],
  [" go1.22.1\n", "1.22.1"],
  ["go1.22.1\tX:nocoverageredesign", "1.22.1"],
  // Not a Go release tag.
  ["go1.0", null],
  ["1.0", null],
  ["", null],
  ["go", null],
  ["gox", null],
  ["go2", null],
  ["devel go1.22-abc", null],
  ["go1.22-abc", null],
  ["go1.22.0-bigcorp", null],
  ["v1.21.3", null],
  ["go1.21.3.4", null],
  ["go1.21.", null],
  ["go1.21rc", null],
  ["go1.21alpha1", null],
  ["go1.21RC1", null],
  ["go1.021", null],
  ["go01.21", null],
  ["go1.21.03", null],
  ["go1.21rc01", null],
  ["Go1.21.3", null],
];

const VALID = [
  ...XMOD.filter(([, out]) => out !== "").map(([v]) => v),
  ...XMOD.filter(([, out]) => out !== "").map(([v]) => v.slice(1)),
  "v0",
  "0",
  "v0.0.0",
  `v0.0.0-${PSEUDO}`,
  `0.0.0-${PSEUDO}`,
  `v1.2.4-0.${PSEUDO}`,
  `v1.2.3-pre.0.${PSEUDO}`,
  "v2.0.0+incompatible",
  "1.2.3+incompatible",
  "v1.2.3-012a",
  "v1.2.3-0",
  "v1.2.3-0.0",
  "v1.2.3--",
  "v1.2.3+001",
  "v99999999999999999999.0.0",
  "go1.21.3",
  "go1.21rc2",
  "go1.20",
  "go1",
  "go1.20-pre4",
];

const INVALID = [
  ...XMOD.filter(([, out]) => out === "").map(([v]) => v),
  ...XMOD.filter(([, out]) => out === "").map(([v]) => v.slice(1)),
  "",
  "v",
  "vbad",
  "V1.2.3",
  "vv1.2.3",
  "v01.2.3",
  "v1.02.3",
  "v1.2.03",
  "01.2.3",
  "v1.2.3-0123",
  "v1.2.3-01",
  "v1.2.3-",
  "v1.2.3+",
  "v1.2.3-pre..1",
  "v1.2.3-pre.",
  "v1.2.3+meta..x",
  "v1.2.3+meta+meta",
  "v1.2.3.4",
  "v1.2.",
  "v1.",
  " v1.2.3",
  "v1.2.3 ",
  "=v1.2.3",
  "v 1.2.3",
  "v1.2.3-pre_1",
  "v1.2.3-ü",
  "v-1.2.3",
  "1.2-pre",
  "1-pre",
  "1.2+meta",
  "go1.0",
  "go",
  "gov1.2.3",
  "go1.21.0-bigcorp",
  "devel go1.22",
  "go1.21RC1",
];

describe("go: compare", () => {
  test("x/mod semver_test.go: every pair of valid inputs, in list order", () => {
    const ok = XMOD.filter(([, out]) => out !== "");
    for (let i = 0; i < ok.length; i++) {
      for (let j = 0; j < ok.length; j++) {
        const [a, ca] = ok[i]!;
        const [b, cb] = ok[j]!;
        assertOrder(a, b, ca === cb ? 0 : i < j ? -1 : 1);
      }
    }
  });

  test("x/mod's inputs without the v compare like their v form", () => {
    for (const [v, out] of XMOD) {
      if (out === "" || v === "bad") continue;
      assertOrder(v.slice(1), v, 0);
      assertOrder(v.slice(1), out, 0);
    }
  });

  test("x/mod's invalid inputs sort before every valid one", () => {
    for (const [bad, out] of XMOD) {
      if (out !== "") continue;
      for (const good of ["v0.0.0", `v0.0.0-${PSEUDO}`, "v1", "1.2.3", "go1.21.3"]) {
        assertOrder(bad, good, -1);
      }
    }
  });

  test("pseudo-versions, +incompatible, OSV spellings, toolchain versions", () => {
    for (const [a, b, want] of CASES) assertOrder(a, b, want);
  });

  test("the ordered list, every pair", () => {
    for (let i = 0; i < ORDERED.length; i++) {
      for (let j = 0; j < ORDERED.length; j++) {
        assertOrder(ORDERED[i]!, ORDERED[j]!, i < j ? -1 : i > j ? 1 : 0);
      }
    }
  });

  test("the same list without the v prefix, every pair against the v form", () => {
    for (let i = 0; i < ORDERED.length; i++) {
      for (let j = 0; j < ORDERED.length; j++) {
        assertOrder(ORDERED[i]!.slice(1), ORDERED[j]!, i < j ? -1 : i > j ? 1 : 0);
      }
    }
  });

  test("toolchain versions in release order, every pair", () => {
    for (let i = 0; i < TOOLCHAINS.length; i++) {
      for (let j = 0; j < TOOLCHAINS.length; j++) {
        assertOrder(TOOLCHAINS[i]!, TOOLCHAINS[j]!, i < j ? -1 : i > j ? 1 : 0);
      }
    }
  });

  test("sorting shuffled copies of the ordered lists gives them back", () => {
    for (let seed = 1; seed <= 25; seed++) {
      assert.deepEqual(shuffled(ORDERED, seed).sort(compare), ORDERED, `seed ${seed}`);
      assert.deepEqual(shuffled(TOOLCHAINS, seed).sort(compare), TOOLCHAINS, `seed ${seed}`);
    }
  });

  test("two invalid versions compare as strings", () => {
    assertOrder("bad", "v1-pre", -1);
    assertOrder("v1.2-pre", "v1-pre", 1);
    assertOrder("go1.0", "go1.0", 0);
  });
});

describe("go: valid", () => {
  test("valid versions", () => {
    for (const v of VALID) assert.equal(valid(v), true, JSON.stringify(v));
  });

  test("invalid versions", () => {
    for (const v of INVALID) assert.equal(valid(v), false, JSON.stringify(v));
  });

  test("never throws on values that are not strings", () => {
    for (const v of [undefined, null, 1, {}, [], /v1/]) {
      assert.equal(valid(v as unknown as string), false);
      assert.equal(sign(compare(v as unknown as string, "v1.0.0")), -1);
      assert.equal(goToolchainToSemver(v as unknown as string), null);
    }
  });

  test("meta", () => {
    assert.equal(scheme.meta.id, "go");
    assert.match(scheme.meta.docsUrl, /^https:\/\/go\.dev\//);
  });
});

describe("goToolchainToSemver", () => {
  test("converts Go release tags the way the Go vulndb does", () => {
    for (const [tag, want] of TOOLCHAIN_TO_SEMVER) {
      assert.equal(goToolchainToSemver(tag), want, JSON.stringify(tag));
    }
  });

  test("every conversion is a valid version that compares equal to the tag", () => {
    for (const [tag, want] of TOOLCHAIN_TO_SEMVER) {
      if (want === null) continue;
      assert.equal(valid(want), true, want);
      assert.equal(valid(`v${want}`), true, want);
      if (tag.startsWith("go") && !/\s/.test(tag)) assertOrder(tag, want, 0);
    }
  });
});
