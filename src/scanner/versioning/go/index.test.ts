import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { assertOrder, describeScheme, type OrderCase, opOf } from "../test-kit.ts";
import { goToolchainToSemver, scheme } from "./index.ts";

const { compare, valid } = scheme;

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
const CASES: OrderCase[] = [
  // x/mod TestCompare's explicit pairs (numbers compare numerically: v1.2 < v1.19).
  ["v1", "=", "v1"],
  ["v2", ">", "v1"],
  ["v1", "<", "v2"],
  ["v1.2", "<", "v1.19"],
  ["v1.19", ">", "v1.2"],
  ["v1.9.0", "<", "v1.10.0"],
  ["v1.0.9", "<", "v1.0.10"],
  ["v9.0.0", "<", "v10.0.0"],
  ["v1.0.0-beta.9", "<", "v1.0.0-beta.10"],
  ["v99999999999999999999.0.0", ">", "v99999999999999999998.0.0"],
  ["v1.0.0-99999999999999999999", ">", "v1.0.0-99999999999999999998"],
  // vX.0.0-yyyymmddhhmmss-abcdefabcdef: no earlier tag; before vX.0.0 and every X.0.0-pre.
  [`v0.0.0-${PSEUDO}`, "<", "v0.0.0"],
  [`v0.0.0-${PSEUDO}`, "<", "v0.1.0"],
  [`v0.0.0-${PSEUDO}`, ">", "v0.0.0-20191109021930-ffffffffffff"],
  [`v0.0.0-${PSEUDO}`, "<", "v0.0.0-20200101000000-000000000000"],
  [`v0.0.0-${PSEUDO}`, ">", "v0.0.0-20191109021931-000000000000"],
  [`v0.0.0-${PSEUDO}`, "=", `v0.0.0-${PSEUDO}`],
  [`v1.0.0-${PSEUDO}`, ">", "v0.99.99"],
  [`v1.0.0-${PSEUDO}`, "<", "v1.0.0-alpha"],
  [`v2.0.0-${PSEUDO}`, ">", "v1.9.9"],
  // vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdef: after vX.Y.Z, before vX.Y.(Z+1) and its pre-releases.
  [`v1.2.4-0.${PSEUDO}`, ">", "v1.2.3"],
  [`v1.2.4-0.${PSEUDO}`, "<", "v1.2.4"],
  [`v1.2.4-0.${PSEUDO}`, "<", "v1.2.4-rc.1"],
  [`v1.2.4-0.${PSEUDO}`, "<", "v1.2.4-alpha"],
  [`v1.2.4-0.${PSEUDO}`, ">", "v1.2.4-0"],
  [`v1.2.4-0.${PSEUDO}`, "<", "v1.2.4-1"],
  [`v1.2.4-0.${PSEUDO}`, "<", "v1.2.4-0.20200101000000-000000000000"],
  [`v1.2.4-0.${PSEUDO}`, ">", "v1.2.3-0.20200101000000-000000000000"],
  // vX.Y.Z-pre.0.yyyymmddhhmmss-abcdef: after vX.Y.Z-pre, before vX.Y.Z-pre.1.
  [`v1.2.3-pre.0.${PSEUDO}`, ">", "v1.2.3-pre"],
  [`v1.2.3-pre.0.${PSEUDO}`, "<", "v1.2.3-pre.1"],
  [`v1.2.3-pre.0.${PSEUDO}`, "<", "v1.2.3"],
  [`v1.2.3-rc.1.0.${PSEUDO}`, ">", "v1.2.3-rc.1"],
  [`v1.2.3-rc.1.0.${PSEUDO}`, "<", "v1.2.3-rc.2"],
  [`v1.2.3-alpha.0.${PSEUDO}`, "<", "v1.2.3-beta"],
  // +incompatible is build metadata: ignored.
  ["v2.0.0+incompatible", "=", "v2.0.0"],
  ["v2.0.0+incompatible", ">", "v1.9.9"],
  ["v3.1.0+incompatible", "<", "v3.1.1"],
  ["v4.0.0+incompatible", "=", "v4.0.0+other"],
  [`v2.0.1-0.${PSEUDO}+incompatible`, ">", "v2.0.0+incompatible"],
  [`v2.0.1-0.${PSEUDO}+incompatible`, "<", "v2.0.1"],
  [`v2.0.1-0.${PSEUDO}+incompatible`, "=", `v2.0.1-0.${PSEUDO}`],
  // OSV Go records leave the v out.
  ["1.2.3", "=", "v1.2.3"],
  ["1.2.3-pre", "=", "v1.2.3-pre"],
  ["1", "=", "v1.0.0"],
  ["1.2", "=", "v1.2.0"],
  ["0", "=", "v0.0.0"],
  [`0.0.0-${PSEUDO}`, "=", `v0.0.0-${PSEUDO}`],
  ["0.0.0-20220314234659-1baeb1ce4c0b", ">", "v0.0.0-20211215153901-e495a2d5b3d3"],
  ["0.17.0", ">", "v0.0.0-20220722155217-630584e8d5aa"],
  ["1.2.3", "<", "v1.2.4"],
  ["2.0.0+incompatible", "=", "v2.0.0"],
  // Go toolchain versions against the SemVer of stdlib / toolchain OSV records.
  ["go1.21rc2", "=", "1.21.0-rc.2"],
  ["go1.20", "=", "1.20.0"],
  ["go1.21.3", "=", "1.21.3"],
  ["go1.21.0", "=", "v1.21.0"],
  ["go1.21", "=", "go1.21.0"],
  ["go1", "=", "1.0.0"],
  ["go1.20-pre4", "=", "1.20.0-pre.4"],
  ["go1.19beta1", "=", "1.19.0-beta.1"],
  ["go1.19", "=", "go1.19"],
  ["go1.19.1", ">", "go1.19"],
  ["go1.12.2", "<", "go1.18"],
  ["go1.21rc1", "<", "go1.21rc2"],
  ["go1.21rc2", "<", "go1.21.0"],
  ["go1.21rc1", ">", "1.21.0-0"],
  ["go1.21.0", ">", "1.21.0-0"],
  ["go1.20.11", "<", "1.21.0-0"],
  ["go1.20.10", "<", "1.20.11"],
  ["go1.21.3", "<", "1.21.4"],
  ["go1.19beta1", "<", "go1.19rc1"],
  ["go1.9.2rc2", "<", "go1.9.2"],
  ["go1.9", "<", "go1.10"],
  ["go1.21.3 X:boringcrypto", "=", "1.21.3"],
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

const NON_STRINGS = [undefined, null, 1, {}, [], /v1/];

describeScheme(scheme, {
  testFile: import.meta.url,
  docsUrl: /^https:\/\/go\.dev\//,
  cases: { "pseudo-versions, +incompatible, OSV spellings, toolchain versions": CASES },
  increasing: { "the ordered list": ORDERED, "toolchain versions in release order": TOOLCHAINS },
  sorts: [{ sorted: ORDERED }, { sorted: TOOLCHAINS }],
  valid: VALID,
  invalid: INVALID,
  invalidFirst: {
    invalid: XMOD.filter(([, out]) => out === "").map(([v]) => v),
    valid: ["v0.0.0", `v0.0.0-${PSEUDO}`, "v1", "1.2.3", "go1.21.3"],
  },
  invalidAsStrings: [
    ["bad", "<", "v1-pre"],
    ["v1.2-pre", ">", "v1-pre"],
    ["go1.0", "=", "go1.0"],
  ],
  nonStrings: { values: NON_STRINGS, good: "v1.0.0" },
});

describe("go: x/mod semver_test.go", () => {
  test("every pair of valid inputs, in list order", () => {
    const ok = XMOD.filter(([, out]) => out !== "");
    for (let i = 0; i < ok.length; i++) {
      for (let j = 0; j < ok.length; j++) {
        const [a, ca] = ok[i]!;
        const [b, cb] = ok[j]!;
        assertOrder(compare, a, ca === cb ? "=" : opOf(i - j), b);
      }
    }
  });

  test("inputs without the v compare like their v form", () => {
    for (const [v, out] of XMOD) {
      if (out === "" || v === "bad") continue;
      assertOrder(compare, v.slice(1), "=", v);
      assertOrder(compare, v.slice(1), "=", out);
    }
  });
});

describe("go: the v is optional", () => {
  test("the ordered list without the v prefix, every pair against the v form", () => {
    for (let i = 0; i < ORDERED.length; i++) {
      for (let j = 0; j < ORDERED.length; j++) {
        assertOrder(compare, ORDERED[i]!.slice(1), opOf(i - j), ORDERED[j]!);
      }
    }
  });
});

describe("goToolchainToSemver", () => {
  test("never throws on values that are not strings", () => {
    for (const v of NON_STRINGS) assert.equal(goToolchainToSemver(v as unknown as string), null);
  });

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
      if (tag.startsWith("go") && !/\s/.test(tag)) assertOrder(compare, tag, "=", want);
    }
  });
});
