import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { scheme, verrevcmp } from "./index.ts";

type Op = "<" | "=" | ">";
const SIGN: Record<Op, number> = { "<": -1, "=": 0, ">": 1 };
const REVERSE: Record<Op, number> = { "<": 1, "=": 0, ">": -1 };
const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

/**
 * `a OP b` for valid versions. Every expected result was confirmed with
 * `dpkg --compare-versions` (dpkg 1.21).
 */
const CASES: [string, Op, string][] = [
  // dpkg scripts/t/Dpkg_Version.t (its two cases with an empty revision or upstream version are in the invalid table)
  ["1.0-1", "<", "2.0-2"],
  ["2.2~rc-4", "<", "2.2-1"],
  ["2.2-1", ">", "2.2~rc-4"],
  ["1.0000-1", "=", "1.0-1"],
  ["1", "=", "0:1"],
  ["0", "=", "0:0-0"],
  ["2:2.5", ">", "1:7.5"],
  ["1:0foo", ">", "0foo"],
  ["0:0foo", "=", "0foo"],
  ["0foo", "=", "0foo"],
  ["0foo", ">", "0fo"],
  ["0foo~1", "<", "0foo"],
  ["0foo~foo+Bar", "<", "0foo~foo+bar"],
  ["0foo~~", "<", "0foo~"],
  ["1~", "<", "1"],
  ["12345+that-really-is-some-ver-0", "<", "12345+that-really-is-some-ver-10"],
  ["0foo-0", "<", "0foo-01"],
  ["0foo.bar", ">", "0foobar"],
  ["0foo.bar", ">", "0foo1bar"],
  ["0foo.bar", ">", "0foo0bar"],
  ["0foo1bar-1", "<", "0foobar-1"],
  ["0foo2.0", ">", "0foo2"],
  ["0foo2.0.0", "<", "0foo2.10.0"],
  ["0foo2.0", "<", "0foo2.0.0"],
  ["0foo2.0", "<", "0foo2.10"],
  ["0foo2.1", "<", "0foo2.10"],
  ["1.09", "=", "1.9"],
  ["1.0.8+nmu1", ">", "1.0.8"],
  ["3.11", ">", "3.10+nmu1"],
  ["0.9j-20080306-4", ">", "0.9i-20070324-2"],
  ["1.2.0~b7-1", ">", "1.2.0~b6-1"],
  ["1.011-1", ">", "1.06-2"],
  ["0.0.9+dfsg1-1", ">", "0.0.8+dfsg1-3"],
  ["4.6.99+svn6582-1", ">", "4.6.99+svn6496-1"],
  ["53", ">", "52"],
  ["0.9.9~pre122-1", ">", "0.9.9~pre111-1"],
  ["2:2.3.2-2+lenny2", ">", "2:2.3.2-2"],
  ["1:3.8.1-1", ">", "3.8.GA-1"],
  ["1.0.1+gpl-1", ">", "1.0.1-2"],
  ["1a", "<", "1000a"],
  // dpkg lib/dpkg/t/t-version.c: test_version_compare and the versions test_version_parse accepts
  ["0:0-0", "=", "0:0-00"],
  ["0:00-0", "=", "0:0-0"],
  ["1:2-3", "=", "1:2-3"],
  ["0:0-0", "<", "1:0-0"],
  ["0:a-0", "<", "0:b-0"],
  ["0:0-a", "<", "0:0-b"],
  ["0:1-1", "<", "0:2-1"],
  ["0:1-1", "<", "0:1-2"],
  ["0:0", "=", "0"],
  ["0:0.0-0.0", "=", "0.0-0.0"],
  ["5:1", "=", "5:1-0"],
  ["0:0-0-0", "=", "0-0-0"],
  ["0:0:0-0", "=", "0:0:0-0"],
  ["0:0:0:0-0", "=", "0:0:0:0-0"],
  ["0:0:0-0-0", "=", "0:0:0-0-0"],
  ["0:0-0:0-0", "=", "0:0-0:0-0"],
  ["0:09azAZ.-+~:-0", "=", "0:09azAZ.-+~:-0"],
  ["0:0-azAZ09.+~", "=", "0:0-azAZ09.+~"],
  // Debian Policy 5.6.12: ~ before everything (even the end), letters before non-letters, absent revision = "0"
  ["1.0~rc1", "<", "1.0"],
  ["1.0~rc1", "<", "1.0~rc2"],
  ["1.0~rc1-1", "<", "1.0-0"],
  ["1.0~~", "<", "1.0~~a"],
  ["1.0~~a", "<", "1.0~"],
  ["1.0~", "<", "1.0"],
  ["1.0", "<", "1.0a"],
  ["1.0a", "<", "1.0b"],
  ["1.0a", "<", "1.0+"],
  ["1.0+", "<", "1.0."],
  ["1.0.", ">", "1.0A"],
  ["1.0A", "<", "1.0a"],
  ["1.0Z", "<", "1.0a"],
  ["1.0.0", ">", "1.0"],
  ["1.0-0", "=", "1.0"],
  ["1.0-1", ">", "1.0"],
  ["1.0-0.1", ">", "1.0-0"],
  // Debian and Ubuntu archive versions: stable updates, backports, binNMUs, security and kernel revisions
  ["1.0-1~bpo1", "<", "1.0-1"],
  ["1.0-1+b1", ">", "1.0-1"],
  ["1.0-1+b1", "<", "1.0-1.1"],
  ["1.0-1+deb12u1", "<", "1.0-1+deb12u2"],
  ["1.0-1+deb11u3", "<", "1.0-1+deb12u1"],
  ["1.0-1~deb11u1", "<", "1.0-1"],
  ["1.0-1~deb11u1", "<", "1.0-1~deb12u1"],
  ["2.36-9+deb12u4", "<", "2.36-9+deb12u10"],
  ["2.36-9+deb12u9", "<", "2.36-9+deb12u10"],
  ["3.0.11-1~deb12u2", "<", "3.0.13-1~deb12u1"],
  ["3.0.11-1~deb12u2", "<", "3.0.11-1"],
  ["1:9.18.24-1", "<", "1:9.18.28-1~deb12u2"],
  ["1:9.18.28-1~deb12u2", ">", "9.20.0-1"],
  ["1:2.38.1-5+deb12u1", "<", "1:2.38.1-5+deb12u2"],
  ["1:2.38.1-5+b1", "<", "1:2.38.1-5+deb12u1"],
  ["252.30-1~deb12u2", "<", "252.31-1~deb12u1"],
  ["7.88.1-10+deb12u5", "<", "7.88.1-10+deb12u8"],
  ["2.9.14+dfsg-1.3~deb12u1", "<", "2.9.14+dfsg-1.3"],
  ["1.2.13.dfsg-1", "<", "1.2.13.dfsg-1+b1"],
  ["5.2.15-2+b2", "<", "5.2.15-2+b7"],
  ["5.2.15-2", "<", "5.2.15-2+b2"],
  ["2024a-0+deb12u1", "<", "2024b-0+deb12u1"],
  ["2024a-0+deb12u1", "<", "2024a-1"],
  ["1:2024a-0", ">", "2025a-0"],
  ["9.2p1-2+deb12u3", ">", "9.2p1-2+deb12u2"],
  ["1:9.2p1-2", "<", "1:9.2p1-2+deb12u1"],
  ["3.4.3-1ubuntu1", "<", "3.4.3-1ubuntu1.1"],
  ["3.0.2-0ubuntu1.15", ">", "3.0.2-0ubuntu1.9"],
  ["3.0.2-0ubuntu1.10", ">", "3.0.2-0ubuntu1.9"],
  ["2.35-0ubuntu3.6", "<", "2.35-0ubuntu3.8"],
  ["2.35-0ubuntu3", "<", "2.35-0ubuntu3.1"],
  ["1.2-3ubuntu1", ">", "1.2-3"],
  ["1.2-3ubuntu1", "<", "1.2-4"],
  ["1.2-3build1", "<", "1.2-3ubuntu1"],
  ["1.2-3ubuntu0.1", "<", "1.2-3ubuntu1"],
  ["1.2-3ubuntu0.20.04.1", "<", "1.2-3ubuntu0.22.04.1"],
  ["1.2-3~ubuntu20.04.1", "<", "1.2-3~ubuntu22.04.1"],
  ["1.2-3~ubuntu22.04.1", "<", "1.2-3"],
  ["5.15.0-91.101", "<", "5.15.0-101.111"],
  ["5.15.0-91.101", "<", "5.15.0-91.102"],
  ["6.8.0-31.31~22.04.1", "<", "6.8.0-31.31"],
  ["1:1.1.1f-1ubuntu2.20", ">", "1:1.1.1f-1ubuntu2.3"],
  ["1.18.0-6ubuntu14.4", "<", "1.18.0-6ubuntu14.5"],
  ["2.7.18-1~20.04.3", "<", "2.7.18-1~20.04.4"],
  ["8.2.3995-1ubuntu2.15", "<", "8.2.3995-1ubuntu2.16"],
  ["1:8.2.3995-1ubuntu2", ">", "8.2.4000-1"],
  // upstream version: dotted numbers, suffixes
  ["0.9.8", "<", "0.9.10"],
  ["0.9.10", "<", "0.10"],
  ["0.10", ">", "0.9a"],
  ["1.2.3", "<", "1.2.3.0"],
  ["1.2.3", "<", "1.2.3+"],
  ["1.2.3+", ">", "1.2.3~"],
  ["1.2.3+dfsg", ">", "1.2.3"],
  ["1.2.3+dfsg", "<", "1.2.3.1"],
  ["1.2.3~dfsg", "<", "1.2.3"],
  ["1.2.3-1", "<", "1.2.3+1"],
  ["1.2.3-1", "<", "1.2.3.1-1"],
  // numbers of any length, leading zeros, epochs
  ["10", ">", "9"],
  ["10", "=", "010"],
  ["100000000000000000000000000", ">", "99999999999999999999999999"],
  ["1.00000000000000000000000000001", "=", "1.1"],
  ["1.18446744073709551616", ">", "1.18446744073709551615"],
  ["2:1.0", ">", "1:9.0"],
  ["10:1.0", ">", "9:1.0"],
  ["01:1.0", "=", "1:1.0"],
  ["2147483647:1", ">", "2147483646:1"],
  // the debian revision
  ["0:1.0-1", "=", "1.0-1"],
  ["1.0-1a", "<", "1.0-1b"],
  ["1.0-1a", "<", "1.0-1."],
  ["1.0-1~", "<", "1.0-1"],
  ["1.0-1~~", "<", "1.0-1~"],
  ["1.0-0~", "<", "1.0"],
  ["1.0-a", ">", "1.0-0"],
  ["1.0-A", "<", "1.0-a"],
  ["1.0-1.1", ">", "1.0-1+1"],
  ["1.0-1+1", ">", "1.0-1~1"],
  // accepted oddities: no leading digit (a dpkg warning only), several hyphens, colons after an epoch
  ["abc", ">", "1"],
  ["abc", "<", "abd"],
  ["0abc", "<", "0abd"],
  ["a1", "=", "a1"],
  ["1:a", ">", "0:z"],
  ["1.0-1-1", "<", "1.0-1-2"],
  ["1.0-1-1", ">", "1.0-1"],
  ["1-1-1", ">", "1-1.1"],
  ["1:1.2:3-1", ">", "1:1.2.3-1"],
  ["1:1.2:3-1", ">", "1:1.2+3-1"],
  ["1:1.2:3-1", ">", "1:1.2a3-1"],
  // release progressions
  ["1.0~alpha", "<", "1.0~beta"],
  ["1.0~beta", "<", "1.0~rc"],
  ["1.0~rc", "<", "1.0"],
  ["1.0", "<", "1.0.1~alpha"],
  ["1.0.1~alpha", "<", "1.0.1"],
  ["1.0.1", "<", "1.0.1+git20200101"],
  ["1.0.1+git20200101", "<", "1.0.1+git20200102"],
  ["1.0.1+git20200101", "<", "1.0.1.1"],
  ["1.0.1+really1.0.0", ">", "1.0.1"],
  ["1.0.1+really1.0.0", "<", "1.0.2"],
  ["1.2.3~rc1+dfsg", ">", "1.2.3~rc1"],
  ["1.2.3~rc1+dfsg", "<", "1.2.3~rc2"],
  ["20240101", ">", "20231231"],
  ["20240101", "<", "1:0"],
  ["1.0+20240101", ">", "1.0+20231231"],
  ["1.0", "<", "1.0+0"],
  ["1.0", "<", "1.0.0"],
  ["0.0", ">", "0"],
  ["0.0.0", ">", "0.0"],
];

describe("dpkg: compare table", () => {
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

describe("dpkg: one part (verrevcmp), Debian Policy's examples", () => {
  it("~~ < ~~a < ~ < (empty) < a", () => {
    const order = ["~~", "~~a", "~", "", "a"];
    for (let i = 0; i < order.length; i++) {
      for (let j = 0; j < order.length; j++) {
        assert.equal(
          sign(verrevcmp(order[i]!, order[j]!)),
          sign(i - j),
          `${order[i]} vs ${order[j]}`,
        );
      }
    }
  });
  const parts: [string, Op, string][] = [
    ["", "=", "0"],
    ["", "=", "00"],
    ["", "<", "1"],
    ["", "<", "a"],
    ["", "<", "."],
    ["", ">", "~"],
    ["a", "<", "b"],
    ["Z", "<", "a"],
    ["z", "<", "+"],
    ["+", "<", "-"],
    ["-", "<", "."],
    [".", "<", ":"],
    ["~~", "<", "~"],
    ["0~", "<", "0"],
    ["9", "<", "10"],
    ["0010", "=", "10"],
    ["1.2", "<", "1.10"],
    ["1a", "<", "1.a"],
    ["a1", "<", "a.1"],
  ];
  for (const [a, op, b] of parts) {
    it(`"${a}" ${op} "${b}"`, () => {
      assert.equal(sign(verrevcmp(a, b)), SIGN[op]);
      assert.equal(sign(verrevcmp(b, a)), REVERSE[op]);
    });
  }
});

describe("dpkg: valid", () => {
  const accepted = [
    "0",
    "0:0",
    "0:0-0",
    "0:0.0-0.0",
    "1:0",
    "5:1",
    "01:1",
    "2147483647:1",
    "0:0-0-0",
    "0:0-0-0-0",
    "0:0:0-0",
    "0:0:0:0-0",
    "0:0:0-0-0",
    "0:0-0:0-0",
    "0:09azAZ.-+~:-0",
    "0:0-azAZ09.+~",
    "  \t0:0-1",
    "0:0-1\t  ",
    "\t  0:0-1  \t",
    "1.0~",
    "1.0+",
    "1.0.",
    "1.0-1~",
    "1.2.3-1~bpo11+1",
    "2:1.2.3+dfsg-4ubuntu0.22.04.1",
    "6.8.0-31.31~22.04.1",
    // dpkg only warns when the upstream version does not start with a digit
    "0:abc3-0",
    "abc",
    "foo5.2",
    "0:foo5.2",
    "~1",
  ];
  for (const v of accepted) {
    it(`accepts ${JSON.stringify(v)}`, () => assert.equal(scheme.valid(v), true));
  }

  const refused = [
    "",
    "  ",
    "\t",
    "0:",
    ":1",
    "0:0 0-1",
    "1 0",
    "-1:0-1",
    "+1:0", // dpkg's strtol lets a sign through; Policy says the epoch is an unsigned integer
    "999999999999999999999999:0-1",
    "2147483648:1",
    "a:0-0",
    "A:0-0",
    "10a:5.2",
    "1.2:3",
    "-0",
    "0:-0",
    "-0.6.5",
    "1.0-",
    "0foo-",
    "1.0-1-",
    "5.2@3-2",
    "0:0-0:0",
    "1:1-1:1",
    "1.0\n",
    "é1",
    "1.0-ü",
    ...[..."!#@$%&/|\\<>()[]{};,_=*^'"].map((c) => `0:0${c}-0`),
    ...[..."!#@$%&/|\\<>()[]{}:;,_=*^'"].map((c) => `0:0-${c}`),
  ];
  for (const v of refused) {
    it(`refuses ${JSON.stringify(v)}`, () => assert.equal(scheme.valid(v), false));
  }

  it("never throws on a non-string", () => {
    assert.equal(scheme.valid(undefined as unknown as string), false);
    assert.equal(scheme.valid(null as unknown as string), false);
    assert.equal(scheme.valid(42 as unknown as string), false);
  });
});

describe("dpkg: invalid versions", () => {
  it("sort before every valid version", () => {
    for (const bad of ["", "1.0-", "a:1", "1.0 1", "-0.6.5"]) {
      for (const good of ["0", "0~", "~", "1:0", "abc"]) {
        assert.ok(scheme.compare(bad, good) < 0, `${bad} < ${good}`);
        assert.ok(scheme.compare(good, bad) > 0, `${good} > ${bad}`);
      }
    }
  });
  it("compare with each other as strings", () => {
    assert.ok(scheme.compare("1.0-", "2.0-") < 0);
    assert.ok(scheme.compare("b:1", "a:1") > 0);
    assert.equal(scheme.compare("1.0-", "1.0-"), 0);
    // dpkg would order these two the other way; as strings "10" < "9"
    assert.ok(scheme.compare("10@", "9@") < 0);
  });
  it("never throws", () => {
    assert.doesNotThrow(() => scheme.compare(undefined as unknown as string, "1"));
    assert.ok(scheme.compare(undefined as unknown as string, "1") < 0);
  });
});

describe("dpkg: sorting", () => {
  it("sorts a shuffled list into dpkg's order", () => {
    const shuffled = [
      "1.0",
      "1.0a",
      "1:0.1",
      "1.0-1ubuntu1",
      "1.0~~a",
      "1.0~rc1-1",
      "2.0",
      "1.0-1+b1",
      "1.0-1",
      "1.0-1ubuntu0.1",
      "2:0",
      "1.0-1.1",
      "1.0~beta1",
      "1.0-1~bpo11+1",
      "10.0",
      "1.10",
      "1.0~~",
      "1.0~alpha",
      "1:1.0",
      "1.0-2",
      "1.1",
      "1.0-1+deb12u1",
      "1.0~rc1",
      "1.0+dfsg-1",
      "1.0.1",
      "1.0-0.1",
    ];
    const expected = [
      "1.0~~",
      "1.0~~a",
      "1.0~alpha",
      "1.0~beta1",
      "1.0~rc1",
      "1.0~rc1-1",
      "1.0",
      "1.0-0.1",
      "1.0-1~bpo11+1",
      "1.0-1",
      "1.0-1ubuntu0.1",
      "1.0-1ubuntu1",
      "1.0-1+b1",
      "1.0-1+deb12u1",
      "1.0-1.1",
      "1.0-2",
      "1.0a",
      "1.0+dfsg-1",
      "1.0.1",
      "1.1",
      "1.10",
      "2.0",
      "10.0",
      "1:0.1",
      "1:1.0",
      "2:0",
    ];
    assert.deepEqual([...shuffled].sort(scheme.compare), expected);
    assert.deepEqual([...shuffled].reverse().sort(scheme.compare), expected);
  });
  it("puts invalid versions first, ordered as strings", () => {
    const list = ["1.0", "x y", "0:0", "1.0-", "~", ""];
    assert.deepEqual([...list].sort(scheme.compare), ["", "1.0-", "x y", "~", "0:0", "1.0"]);
  });
});

describe("dpkg: meta and speed", () => {
  it("is named after its folder", () => {
    assert.equal(scheme.meta.id, "dpkg");
    assert.match(scheme.meta.docsUrl, /^https:\/\//);
  });
});

const hasDpkg = spawnSync("dpkg", ["--version"]).status === 0;

describe("dpkg: agrees with this machine's dpkg", { skip: !hasDpkg && "no dpkg here" }, () => {
  it("on pseudo-random versions", () => {
    let seed = 20240601;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const atoms = [
      "0",
      "1",
      "2",
      "9",
      "10",
      "007",
      "a",
      "Z",
      "~",
      ".",
      "+",
      "-",
      "rc",
      "dfsg",
      "+b1",
    ];
    const make = () => {
      let s = "";
      for (let k = 1 + Math.floor(rnd() * 5); k > 0; k--)
        s += atoms[Math.floor(rnd() * atoms.length)];
      return rnd() < 0.2 ? `${Math.floor(rnd() * 3)}:${s}` : s;
    };
    let checked = 0;
    while (checked < 40) {
      const a = make();
      const b = make();
      if (!scheme.valid(a) || !scheme.valid(b)) continue;
      const want = execFileSync("sh", [
        "-c",
        'if dpkg --compare-versions -- "$1" lt "$2"; then echo -1; ' +
          'elif dpkg --compare-versions -- "$1" eq "$2"; then echo 0; else echo 1; fi',
        "sh",
        a,
        b,
      ])
        .toString()
        .trim();
      assert.equal(sign(scheme.compare(a, b)), Number(want), `${a} vs ${b}`);
      checked++;
    }
  });
});
