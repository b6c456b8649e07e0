import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { rpmvercmp, scheme } from "./index.ts";

type Op = "<" | "=" | ">";
const SIGN: Record<Op, number> = { "<": -1, "=": 0, ">": 1 };
const REVERSE: Record<Op, number> = { "<": 1, "=": 0, ">": -1 };
const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

/**
 * `a OP b`. Every expected result was confirmed with rpm 4.18's own comparison
 * (`rpm --eval '%{lua: print(rpm.vercmp(a, b))}'`, the call rpmvercmp.at uses).
 */
const CASES: [string, Op, string][] = [
  // rpm tests/rpmvercmp.at
  ["1.0", "=", "1.0"],
  ["1.0", "<", "2.0"],
  ["2.0", ">", "1.0"],
  ["2.0.1", "=", "2.0.1"],
  ["2.0", "<", "2.0.1"],
  ["2.0.1", ">", "2.0"],
  ["2.0.1a", "=", "2.0.1a"],
  ["2.0.1a", ">", "2.0.1"],
  ["2.0.1", "<", "2.0.1a"],
  ["5.5p1", "=", "5.5p1"],
  ["5.5p1", "<", "5.5p2"],
  ["5.5p2", ">", "5.5p1"],
  ["5.5p10", "=", "5.5p10"],
  ["5.5p1", "<", "5.5p10"],
  ["5.5p10", ">", "5.5p1"],
  ["10xyz", "<", "10.1xyz"],
  ["10.1xyz", ">", "10xyz"],
  ["xyz10", "=", "xyz10"],
  ["xyz10", "<", "xyz10.1"],
  ["xyz10.1", ">", "xyz10"],
  ["xyz.4", "=", "xyz.4"],
  ["xyz.4", "<", "8"],
  ["8", ">", "xyz.4"],
  ["xyz.4", "<", "2"],
  ["2", ">", "xyz.4"],
  ["5.5p2", "<", "5.6p1"],
  ["5.6p1", ">", "5.5p2"],
  ["5.6p1", "<", "6.5p1"],
  ["6.5p1", ">", "5.6p1"],
  ["6.0.rc1", ">", "6.0"],
  ["6.0", "<", "6.0.rc1"],
  ["10b2", ">", "10a1"],
  ["10a2", "<", "10b2"],
  ["1.0aa", "=", "1.0aa"],
  ["1.0a", "<", "1.0aa"],
  ["1.0aa", ">", "1.0a"],
  ["10.0001", "=", "10.0001"],
  ["10.0001", "=", "10.1"],
  ["10.1", "=", "10.0001"],
  ["10.0001", "<", "10.0039"],
  ["10.0039", ">", "10.0001"],
  ["4.999.9", "<", "5.0"],
  ["5.0", ">", "4.999.9"],
  ["20101121", "=", "20101121"],
  ["20101121", "<", "20101122"],
  ["20101122", ">", "20101121"],
  ["2_0", "=", "2_0"],
  ["2.0", "=", "2_0"],
  ["2_0", "=", "2.0"],
  ["a", "=", "a"],
  ["a+", "=", "a+"],
  ["a+", "=", "a_"],
  ["a_", "=", "a+"],
  ["+a", "=", "+a"],
  ["+a", "=", "_a"],
  ["_a", "=", "+a"],
  ["+_", "=", "+_"],
  ["_+", "=", "+_"],
  ["_+", "=", "_+"],
  ["+", "=", "_"],
  ["_", "=", "+"],
  ["1.0~rc1", "=", "1.0~rc1"],
  ["1.0~rc1", "<", "1.0"],
  ["1.0", ">", "1.0~rc1"],
  ["1.0~rc1", "<", "1.0~rc2"],
  ["1.0~rc2", ">", "1.0~rc1"],
  ["1.0~rc1~git123", "=", "1.0~rc1~git123"],
  ["1.0~rc1~git123", "<", "1.0~rc1"],
  ["1.0~rc1", ">", "1.0~rc1~git123"],
  ["1.0^", "=", "1.0^"],
  ["1.0^", ">", "1.0"],
  ["1.0", "<", "1.0^"],
  ["1.0^git1", "=", "1.0^git1"],
  ["1.0^git1", ">", "1.0"],
  ["1.0", "<", "1.0^git1"],
  ["1.0^git1", "<", "1.0^git2"],
  ["1.0^git2", ">", "1.0^git1"],
  ["1.0^git1", "<", "1.01"],
  ["1.01", ">", "1.0^git1"],
  ["1.0^20160101", "=", "1.0^20160101"],
  ["1.0^20160101", "<", "1.0.1"],
  ["1.0.1", ">", "1.0^20160101"],
  ["1.0^20160101^git1", "=", "1.0^20160101^git1"],
  ["1.0^20160102", ">", "1.0^20160101^git1"],
  ["1.0^20160101^git1", "<", "1.0^20160102"],
  ["1.0~rc1^git1", "=", "1.0~rc1^git1"],
  ["1.0~rc1^git1", ">", "1.0~rc1"],
  ["1.0~rc1", "<", "1.0~rc1^git1"],
  ["1.0^git1~pre", "=", "1.0^git1~pre"],
  ["1.0^git1", ">", "1.0^git1~pre"],
  ["1.0^git1~pre", "<", "1.0^git1"],
  // rpmvercmp.at: documented oddities (RhBug:811992, non-ASCII characters are separators)
  ["1b.fc17", "=", "1b.fc17"],
  ["1b.fc17", "<", "1.fc17"],
  ["1.fc17", ">", "1b.fc17"],
  ["1g.fc17", "=", "1g.fc17"],
  ["1g.fc17", ">", "1.fc17"],
  ["1.fc17", "<", "1g.fc17"],
  ["1.1.α", "=", "1.1.α"],
  ["1.1.α", "=", "1.1.β"],
  ["1.1.β", "=", "1.1.α"],
  ["1.1.αα", "=", "1.1.α"],
  ["1.1.α", "=", "1.1.ββ"],
  ["1.1.ββ", "=", "1.1.αα"],
  // segments: numeric beats alphabetic, leading zeros, lengths, case
  ["1.0", ">", "1.a"],
  ["1.a", "<", "1.0"],
  ["1a", "=", "1.a"],
  ["1.0a", "=", "1.0.a"],
  ["1.0", "<", "1.0a"],
  ["1.0a", "<", "1.0.1"],
  ["1.0.0", ">", "1.0"],
  ["1.00", "=", "1.0"],
  ["1.010", "=", "1.10"],
  ["1.010", ">", "1.9"],
  ["1.001", "<", "1.002"],
  ["1.18446744073709551616", ">", "1.18446744073709551615"],
  ["1.100000000000000000000", ">", "1.99999999999999999999"],
  ["1.A", "<", "1.a"],
  ["1.Z", "<", "1.a"],
  ["1.abc", "<", "1.abd"],
  ["1.abc", ">", "1.ab"],
  ["1.ab", "<", "1.abc"],
  ["abc", "<", "def"],
  ["1.0..", "=", "1.0"],
  ["1..0", "=", "1.0"],
  ["..1", "=", "1"],
  ["1.0%{dist}", ">", "1.0"],
  ["1.0+git", "=", "1.0.git"],
  ["1.0-1", "=", "1.0-1"],
  // tilde and caret (Fedora's versioning guidelines)
  ["1.0~rc1", "<", "1.0~rc2"],
  ["1.0~rc", "<", "1.0~rc1"],
  ["1.0~~", "<", "1.0~"],
  ["1.0~", "<", "1.0"],
  ["1.0~1", ">", "1.0~a"],
  ["0.4.1^20200601git1234abcd", ">", "0.4.1"],
  ["0.4.1^20200601git1234abcd", "<", "0.4.2"],
  ["0.4.1^20200601git1234abcd", "<", "0.4.1.1"],
  ["0.4.1^20200601git1234abcd", "<", "0.4.1^20200602git0000"],
  ["1.0^", "<", "1.0^1"],
  ["1.0^^", ">", "1.0^"],
  ["1.0^~", "<", "1.0^"],
  ["1.0^~", ">", "1.0"],
  ["1.0~^", ">", "1.0~"],
  ["1.0~^", "<", "1.0"],
  ["1.0^a", "<", "1.0a"],
  ["2.0~beta1^git5", "<", "2.0~beta2"],
  ["2.0~beta1^git5", ">", "2.0~beta1"],
  // EVR: epoch (missing = 0), version, release after the last hyphen
  ["0:1.0", "=", "1.0"],
  ["1:1.0", ">", "1.0"],
  ["1:1.0", ">", "2.0"],
  ["1:1.0", "<", "2:0.1"],
  ["10:1.0", ">", "9:9.9"],
  ["01:1.0", "=", "1:1.0"],
  [":1.0", "=", "0:1.0"],
  [":1.0", "=", "1.0"],
  ["1.0-1", "<", "1.0-2"],
  ["1.0-2", "<", "1.0-10"],
  ["1.0-1", "<", "1.0.1-1"],
  ["1.0-1.el9", "<", "1.0-1.el9_1"],
  ["1.0-1.el9_1", "<", "1.0-1.el9_2"],
  ["1.0-1.el8", "<", "1.0-1.el9"],
  ["1.0-1.el9", "<", "1.0-2.el8"],
  ["2.0-1.el9", ">", "1.0-9.el9"],
  ["1.0", "<", "1.0-1"],
  ["1.0", "<", "1.0-"],
  ["1.0-", "<", "1.0-1"],
  ["1.0-", "<", "1.0-0"],
  ["1.0-0", "=", "1.0-00"],
  ["1.0-1-2", "<", "1.0-1-3"],
  ["1.0-1-2", "=", "1.0.1-2"],
  ["1-2:3", "=", "1-2:3"],
  ["1-2:3", "<", "1-2:4"],
  ["0:1.0-1", "=", "1.0-1"],
  ["1:1.0-1", ">", "1.0-1"],
  ["1:1.0-1", "=", "1:1.0-1"],
  ["3:4.18.0-1.fc38", ">", "4.19.0-1.fc39"],
  ["2.8.5-4.el9_2.1", ">", "2.8.5-4.el9_2"],
  ["2.8.5-4.el9_2.1", "<", "2.8.5-4.el9_3"],
  ["3.0.7-24.el9", "<", "3.0.7-25.el9"],
  ["1:3.0.7-24.el9", ">", "3.0.7-25.el9"],
  ["1:1.1.1k-9.el8_7", "<", "1:1.1.1k-12.el8_9"],
  ["1:1.1.1k-12.el8_9", "<", "1:3.0.7-1.el9"],
  ["2.34-60.el9", "<", "2.34-60.el9_2.7"],
  ["2.34-60.el9_2.7", "<", "2.34-83.el9"],
  ["5.14.0-362.8.1.el9_3", "<", "5.14.0-362.13.1.el9_3"],
  ["5.14.0-362.24.1.el9_3", "<", "5.14.0-427.13.1.el9_4"],
  ["4.18.0-513.5.1.el8_9", "<", "4.18.0-513.11.1.el8_9"],
  ["8.0.1-1.fc39", "<", "8.0.1^20231114gitabc-1.fc40"],
  ["8.0.1^20231114gitabc-1.fc40", "<", "8.0.2-1.fc40"],
  ["1.2.3~rc1-1.fc39", "<", "1.2.3-0.1.fc39"],
  ["1.2.3-0.1.rc1.fc39", "<", "1.2.3-1.fc39"],
  ["0.12.0-150400.3.3.1", "<", "0.12.0-150400.3.6.1"],
  ["15.4-150400.1.2", "<", "15.5-150500.1.1"],
  ["2.0.5-lp155.2.3", "<", "2.0.5-lp155.3.1"],
  ["9.3-1.mga9", "<", "9.3-2.mga9"],
  ["1.0.2k-25.amzn2.0.1", "<", "1.0.2k-25.amzn2.0.2"],
];

describe("rpm: compare table", () => {
  for (const [a, op, b] of CASES) {
    it(`${a} ${op} ${b}`, () => {
      assert.ok(scheme.valid(a), `${a} is valid`);
      assert.ok(scheme.valid(b), `${b} is valid`);
      assert.equal(sign(scheme.compare(a, b)), SIGN[op]);
      assert.equal(sign(scheme.compare(b, a)), REVERSE[op]);
    });
  }
  it("every version equals itself", () => {
    for (const [a, , b] of CASES) {
      assert.equal(scheme.compare(a, a), 0, a);
      assert.equal(scheme.compare(b, b), 0, b);
    }
  });
});

describe("rpm: rpmvercmp on one field (no epoch/release split)", () => {
  const cases: [string, Op, string][] = [
    // as one field the colon and the hyphen are plain separators
    ["1:2", "<", "2"],
    ["1.0-2", "=", "1.0.2"],
    ["2-1", ">", "1-9"],
    ["1.0", "<", "1.0.0"],
    ["1.0~rc1", "<", "1.0"],
    ["1.0^git1", "<", "1.0.1"],
    ["1.0^git1", ">", "1.0"],
    ["", "<", "0"],
    ["", "=", ""],
    ["", "<", "^"],
    ["", ">", "~"],
    ["...", "=", ""],
    ["a", "<", "1"],
  ];
  for (const [a, op, b] of cases) {
    it(`"${a}" ${op} "${b}"`, () => {
      assert.equal(sign(rpmvercmp(a, b)), SIGN[op]);
      assert.equal(sign(rpmvercmp(b, a)), REVERSE[op]);
    });
  }
});

describe("rpm: valid", () => {
  const accepted = [
    "1",
    "1.0",
    "0:0",
    ":1.0",
    "1.0-",
    "1:1.0-1.el9",
    "2:8.2.2637-20.el9_1",
    "1.0~rc1",
    "1.0^git1",
    "~",
    "^",
    "+",
    "_",
    "a",
    "1.1.α",
    "%{version}",
  ];
  for (const v of accepted) {
    it(`accepts ${JSON.stringify(v)}`, () => assert.equal(scheme.valid(v), true));
  }
  const refused = [
    "",
    " ",
    "1.0 ",
    " 1.0",
    "1 0",
    "1.0\t-1",
    "1.0\n",
    "1.0\r",
    "\u00a01.0",
    "1.0\u2003",
    "1.0\u3000",
    "\ufeff1.0",
    "1.0\u0000",
    "1.0\u007f",
  ];
  for (const v of refused) {
    it(`refuses ${JSON.stringify(v)}`, () => assert.equal(scheme.valid(v), false));
  }
  it("never throws on a non-string", () => {
    assert.equal(scheme.valid(undefined as unknown as string), false);
    assert.equal(scheme.valid(7 as unknown as string), false);
  });
});

describe("rpm: invalid versions", () => {
  it("sort before every valid version", () => {
    for (const bad of ["", "1.0 ", " ", "1 0"]) {
      for (const good of ["~", "0", "1.0", "_", "0:0"]) {
        assert.ok(scheme.compare(bad, good) < 0, `${JSON.stringify(bad)} < ${good}`);
        assert.ok(scheme.compare(good, bad) > 0, `${good} > ${JSON.stringify(bad)}`);
      }
    }
  });
  it("compare with each other as strings", () => {
    assert.ok(scheme.compare("10 a", "9 a") < 0);
    assert.ok(scheme.compare("b c", "a c") > 0);
    assert.equal(scheme.compare("1 0", "1 0"), 0);
  });
  it("never throws", () => {
    assert.doesNotThrow(() => scheme.compare(null as unknown as string, "1"));
    assert.ok(scheme.compare(null as unknown as string, "1") < 0);
  });
});

describe("rpm: sorting", () => {
  it("sorts a shuffled list into rpm's order", () => {
    const expected = [
      "1.0~alpha",
      "1.0~rc1",
      "1.0~rc1^git1",
      "1.0",
      "1.0-",
      "1.0-0.1.rc1.el9",
      "1.0-1.el8",
      "1.0-1.el9",
      "1.0-1.el9_1",
      "1.0-2.el9",
      "1.0-10.el9",
      "1.0^git1-1",
      "1.0a",
      "1.0.1-1",
      "1.1-1",
      "1.10-1",
      "2.0-1",
      "10-1",
      "1:0.1-1",
      "2:0-1",
    ];
    const shuffled = [
      "1.0-2.el9",
      "2:0-1",
      "1.0~rc1^git1",
      "1.10-1",
      "1.0-",
      "1.0-1.el9_1",
      "1.0a",
      "10-1",
      "1.0~alpha",
      "1.0.1-1",
      "1.0",
      "1:0.1-1",
      "1.0-1.el8",
      "1.0^git1-1",
      "1.0-10.el9",
      "1.0-0.1.rc1.el9",
      "2.0-1",
      "1.0~rc1",
      "1.1-1",
      "1.0-1.el9",
    ];
    assert.deepEqual([...shuffled].sort(scheme.compare), expected);
    assert.deepEqual([...shuffled].reverse().sort(scheme.compare), expected);
  });
  it("puts invalid versions first, ordered as strings", () => {
    assert.deepEqual(["1.0", "b b", "~", "a a", ""].sort(scheme.compare), [
      "",
      "a a",
      "b b",
      "~",
      "1.0",
    ]);
  });
});

describe("rpm: meta and speed", () => {
  it("is named after its folder", () => {
    assert.equal(scheme.meta.id, "rpm");
    assert.match(scheme.meta.docsUrl, /^https:\/\//);
  });
});

const hasRpm = spawnSync("rpm", ["--version"]).status === 0;

describe("rpm: agrees with this machine's rpm", { skip: !hasRpm && "no rpm here" }, () => {
  it("on pseudo-random versions", () => {
    let seed = 4181;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const atoms = [
      "0",
      "1",
      "2",
      "10",
      "007",
      "a",
      "Z",
      "rc",
      "git",
      "el9",
      "~",
      "^",
      ".",
      "_",
      "-",
      ":",
    ];
    const make = () => {
      let s = "";
      for (let k = 1 + Math.floor(rnd() * 6); k > 0; k--)
        s += atoms[Math.floor(rnd() * atoms.length)];
      return rnd() < 0.2 ? `${Math.floor(rnd() * 3)}:${s}` : s;
    };
    const pairs: [string, string][] = [];
    for (let n = 0; n < 300; n++) pairs.push([make(), make()]);
    const script = [
      "%{lua:",
      "local r = {}",
      ...pairs.map(([a, b]) => `r[#r+1] = tostring(rpm.vercmp([[${a}]], [[${b}]]))`),
      'print(table.concat(r, " "))}',
    ].join("\n");
    const run = spawnSync("rpm", ["--eval", script], { encoding: "utf8" });
    const got = run.stdout.trim().split(/\s+/).map(Number);
    assert.equal(got.length, pairs.length, run.stderr);
    pairs.forEach(([a, b], n) => {
      assert.equal(sign(scheme.compare(a, b)), sign(got[n]!), `${a} vs ${b}`);
    });
  });
});
