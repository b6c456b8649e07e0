import assert from "node:assert/strict";
import { test } from "node:test";
import { cvssBaseScore, levelForScore } from "./cvss.ts";

/**
 * [label, vector, official base score]. The v3.x rows are the FIRST "CVSS v3.0 / v3.1
 * Examples" documents (first.org/cvss/v3.0/examples, first.org/cvss/v3.1/examples); the v4.0
 * rows are the FIRST "CVSS v4.0 Examples" document (first.org/cvss/v4.0/examples), whose
 * scores the FIRST v4.0 calculator reproduces.
 */
const OFFICIAL: [string, string, number][] = [
  // CVSS v3.1 examples
  ["CVE-2013-0375 MySQL stored SQL injection", "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4],
  ["CVE-2014-3566 SSLv3 POODLE", "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1],
  ["CVE-2012-1516 VMware guest to host", "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9],
  ["CVE-2009-0783 Tomcat XML parser", "CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", 4.2],
  ["CVE-2012-0384 Cisco IOS (re-scored)", "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", 7.2],
  ["CVE-2015-1098 Apple iWork", "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 7.8],
  ["CVE-2014-0160 Heartbleed", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5],
  ["CVE-2014-6271 Shellshock", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8],
  ["CVE-2008-1447 DNS Kaminsky", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N", 6.8],
  ["CVE-2014-2005 Sophos login bypass", "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 6.8],
  ["CVE-2010-0467 Joomla traversal", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N", 5.8],
  ["CVE-2012-1342 Cisco ACL bypass", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:L/A:N", 5.8],
  ["CVE-2013-6014 Juniper proxy ARP", "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:H", 9.3],
  ["CVE-2011-1265 Windows Bluetooth", "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.8],
  ["CVE-2014-2019 iOS control bypass", "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N", 4.6],
  ["CVE-2015-0970 SearchBlox CSRF", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 8.8],
  ["CVE-2014-0224 OpenSSL CCS MITM", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", 7.4],
  ["CVE-2012-5376 Chrome sandbox", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H", 9.6],
  ["CVE-2016-0128 Badlock", "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:N", 6.8],
  ["CVE-2016-2118 Badlock", "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:H", 7.5],
  ["CVE-2019-7551 Cantemo stored XSS", "CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:H/I:H/A:H", 9.0],
  ["CVE-2017-5942 WordPress plugin XSS", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1],
  ["CVE-2016-5558 Oracle Outside In", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:L/A:L", 8.6],
  ["CVE-2016-5729 Lenovo ThinkPwn", "CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H", 8.2],
  ["CVE-2015-2890 flash lock on resume", "CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:N/I:H/A:H", 6.0],
  ["CVE-2018-3652 Intel DCI", "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 7.6],
  ["CVE-2019-0884 scripting engine", "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N", 4.2],
  // CVSS v3.0 examples
  ["v3.0 CVE-2013-1937 phpMyAdmin XSS", "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1],
  ["v3.0 CVE-2014-9253 DokuWiki XSS", "CVSS:3.0/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", 5.4],
  ["v3.0 CVE-2012-0384 Cisco IOS", "CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8],
  ["v3.0 CVE-2009-0658 Adobe Acrobat", "CVSS:3.0/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 7.8],
  ["v3.0 CVE-2012-1516 VMware", "CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9],
  ["v3.0 CVE-2014-3566 POODLE", "CVSS:3.0/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1],
  ["v3.0 CVE-2013-6014 Juniper", "CVSS:3.0/AV:A/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:H", 9.3],
  // By definition: no impact scores 0.0 whatever the exploitability.
  ["v3.0 no impact", "CVSS:3.0/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N", 0],
  // CVSS v4.0 examples (base metrics only)
  [
    "v4 CVE-2022-41741 nginx mp4",
    "CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
    7.3,
  ],
  [
    "v4 CVE-2020-3549 Cisco FMC",
    "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
    7.7,
  ],
  ["v4 AT:P, VI/VA low", "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N", 8.3],
  ["v4 local, UI:A", "CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N", 4.6],
  [
    "v4 subsequent only, UI:A",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:A/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N",
    5.1,
  ],
  ["v4 subsequent only", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N", 6.9],
  ["v4 PR:H, SC:H only", "CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:N/VC:N/VI:N/VA:N/SC:H/SI:N/SA:N", 5.9],
  ["v4 local, all high", "CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 9.4],
  ["v4 adjacent", "CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:N/VI:L/VA:N/SC:H/SI:N/SA:H", 6.4],
  ["v4 physical, all high", "CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 8.6],
  ["v4 PR:L, VC:H", "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N", 7.1],
  ["v4 AT:P, VC:H", "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N", 8.2],
  ["v4 VA:H, SA:L", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:L", 8.7],
  ["v4 PR:L, UI:P", "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:P/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N", 5.1],
  ["v4 AT:P, PR:L", "CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 7.7],
  ["v4 local PR:H", "CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N", 8.3],
  ["v4 local UI:P", "CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.5],
  ["v4 physical AT:P", "CVSS:4.0/AV:P/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 5.4],
  [
    "v4 VC:H only (Heartbleed-like)",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N",
    8.7,
  ],
  ["v4 PR:H, VC:H", "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N", 6.9],
  [
    "v4 network, vulnerable high",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
    9.3,
  ],
  ["v4 SI:L only", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:L/SA:N", 6.9],
  ["v4 maximum", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 10],
  // v4.0 examples with supplemental metrics, which never change a score
  [
    "v4 physical, supplemental S:P V:D",
    "CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:H/SA:N/S:P/V:D",
    8.3,
  ],
  [
    "v4 supplemental R:I",
    "CVSS:4.0/AV:L/AC:L/AT:N/PR:H/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/R:I",
    9.3,
  ],
  ["v4 AT:P, R:I", "CVSS:4.0/AV:L/AC:L/AT:P/PR:H/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/R:I", 8.7],
  [
    "v4 S:P AU:Y V:C RE:L",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/S:P/AU:Y/V:C/RE:L",
    9.4,
  ],
  ["v4 adjacent S:P", "CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N/S:P", 8.6],
  ["v4 V:C", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N/V:C", 8.7],
];

test("official example vectors score their published base score", () => {
  assert.ok(OFFICIAL.length >= 40);
  for (const [label, vector, score] of OFFICIAL) {
    const got = cvssBaseScore(vector);
    assert.ok(got, `${label}: ${vector} was rejected`);
    assert.equal(got.score, score, `${label}: ${vector}`);
    assert.equal(got.version, vector.slice(5, 8), label);
    assert.equal(got.vector, vector, label);
  }
});

test("threat, temporal and environmental metrics do not change the base score", () => {
  const cases: [string, string, number][] = [
    // FIRST v4.0 examples: CVSS-BT 5.2, CVSS-B 7.7 (CVE-2020-3549).
    ["v4 E:U", "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U", 7.7],
    // CVSS-BT 6.6, CVSS-B 8.7.
    ["v4 E:U (2)", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:L/E:U", 8.7],
    // CVSS-BE 8.1, CVSS-B 8.3.
    [
      "v4 environmental",
      "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N/CR:H/IR:L/AR:L/MAV:N/MAC:H/MVC:H/MVI:L/MVA:L",
      8.3,
    ],
    // CVSS-BTE 7.0, CVSS-B 9.4.
    [
      "v4 threat + environmental",
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:P/CR:L/IR:H/AR:L/MAV:L/MAC:H/MAT:N/MPR:N/MUI:N/MVC:N/MVI:H/MVA:L/MSC:N/MSI:S/MSA:L",
      9.4,
    ],
    // CVSS-BE 9.7 (MSI:S), CVSS-B 8.6.
    ["v4 MSI:S", "CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N/MSI:S/S:P", 8.6],
    // E:A is the value an undefined E stands for: same score either way.
    ["v4 E:A", "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A", 9.2],
    // v3.1: temporal 8.8, base 9.8.
    ["v3.1 temporal", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C", 9.8],
    // v3.1: environmental 8.0 (scm-rs/cvss-rs tests), base 7.8.
    [
      "v3.1 environmental",
      "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H/MAV:A/MAC:L/MPR:N/MUI:X/MS:U/CR:L/IR:H/AR:X",
      7.8,
    ],
    // v3.0: temporal 5.6 (goark/go-cvss tests), base 6.1.
    ["v3.0 temporal", "CVSS:3.0/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N/E:F/RL:W/RC:R", 6.1],
  ];
  for (const [label, vector, score] of cases) {
    assert.equal(cvssBaseScore(vector)?.score, score, `${label}: ${vector}`);
  }
});

test("metric order does not matter (advisory databases publish out-of-order vectors)", () => {
  const pairs: [string, string][] = [
    // GHSA-28g4-38q8-3cwc was published in this order (github/advisory-database#7448).
    [
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/SC:N/VI:H/SI:N/VA:H/SA:N",
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
    ],
    [
      "CVSS:3.1/S:U/AV:N/AC:L/PR:H/UI:N/C:L/I:L/A:N/E:F/RL:X",
      "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:N",
    ],
    [
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/MAV:A/MAC:H/MAT:N/MPR:L/MUI:N/MVC:L/MVI:H/MVA:H/MSC:L/MSI:S/MSA:S/CR:L/IR:H/AR:H/E:P",
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H",
    ],
  ];
  for (const [shuffled, canonical] of pairs) {
    const a = cvssBaseScore(shuffled);
    const b = cvssBaseScore(canonical);
    assert.ok(a && b, shuffled);
    assert.equal(a.score, b.score, shuffled);
  }
  assert.equal(cvssBaseScore(pairs[1]![1])?.score, 3.8);
  assert.equal(cvssBaseScore(pairs[2]![1])?.score, 9.4);
});

test("surrounding white space is dropped, including from the returned vector", () => {
  const got = cvssBaseScore("  CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n");
  assert.deepEqual(got, {
    version: "3.1",
    score: 9.8,
    vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
  });
});

const V31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
const V40 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";

const MALFORMED: [string, string][] = [
  ["empty", ""],
  ["blank", "   "],
  ["prefix only", "CVSS:3.1"],
  ["prefix and slash", "CVSS:3.1/"],
  ["garbage", "not a vector"],
  ["v2 vector", "AV:N/AC:L/Au:N/C:P/I:P/A:P"],
  ["v2 vector with temporal metrics", "AV:N/AC:L/Au:N/C:C/I:C/A:C/E:F/RL:OF/RC:C"],
  ["v2 with a made-up prefix", "CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P"],
  ["v3 metrics without a prefix", "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"],
  ["unknown version", "CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"],
  ["lower-case prefix", V31.replace("CVSS", "cvss")],
  ["v3 missing A", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H"],
  ["v3 missing S", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/C:H/I:H/A:H"],
  ["v3 duplicate, same value", `${V31}/A:H`],
  ["v3 duplicate, other value", `${V31}/A:L`],
  ["v3 duplicate optional metric", `${V31}/E:P/E:U`],
  ["v3 unknown metric", `${V31}/FOO:B`],
  ["v3 unknown value", "CVSS:3.1/AV:Z/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"],
  ["v3 base metric not defined", "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"],
  ["v3 lower-case value", "CVSS:3.1/AV:n/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"],
  ["v3 lower-case metric", "CVSS:3.1/av:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"],
  ["v3 value of v4 E", `${V31}/E:A`],
  ["v3 with v4 metrics", "CVSS:3.1/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"],
  ["v3 trailing slash", `${V31}/`],
  ["v3 empty part", "CVSS:3.1/AV:N/AC:L//PR:N/UI:N/S:U/C:H/I:H/A:H"],
  ["v3 part without colon", `${V31}/E`],
  ["v3 part with two colons", "CVSS:3.1/AV:N:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"],
  ["v3 empty value", `${V31}/E:`],
  ["v3 empty metric", `${V31}/:P`],
  ["v3 inner white space", "CVSS:3.1/AV:N /AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"],
  ["v4 metrics with a v3 prefix", V40.replace("4.0", "3.1")],
  ["v3 metrics with a v4 prefix", V31.replace("3.1", "4.0")],
  ["v4 missing SA", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N"],
  ["v4 missing AT", "CVSS:4.0/AV:N/AC:L/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"],
  ["v4 duplicate", `${V40}/VC:L`],
  [
    "v4 S value only allowed in MSI",
    "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N",
  ],
  ["v4 UI:R (a v3 value)", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"],
  ["v4 base metric not defined", "CVSS:4.0/AV:N/AC:X/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"],
  ["v4 provider urgency lower case", `${V40}/U:red`],
  ["v4 unknown metric", `${V40}/RL:O`],
  ["v4 v3 scope metric", `${V40}/MS:U`],
  ["absurdly long", `${V31}${"/E:X".repeat(400)}`],
];

test("malformed vectors return null", () => {
  for (const [label, vector] of MALFORMED) {
    assert.equal(cvssBaseScore(vector), null, `${label}: ${JSON.stringify(vector)}`);
  }
});

test("the valid neighbours of the malformed cases are accepted (the rejections are specific)", () => {
  for (const vector of [
    V31,
    V40,
    `${V31}/E:U/RL:O/RC:C/CR:H/IR:M/AR:L/MAV:P/MAC:H/MPR:H/MUI:R/MS:C/MC:N/MI:N/MA:N`,
    `${V31}/E:X/RL:X/RC:X`,
    `${V40}/U:Red`,
    `${V40}/U:Clear/R:X/RE:H`,
    `${V40}/MSI:S/MSA:S`,
  ]) {
    assert.notEqual(cvssBaseScore(vector), null, vector);
  }
  assert.equal(cvssBaseScore(`${V40}/U:Red`)?.score, 9.3);
});

test("never throws, whatever it is given", () => {
  for (const input of [undefined, null, 42, {}, [], "CVSS:4.0/", "CVSS:4.0/AV", "/", ":"]) {
    assert.doesNotThrow(() => cvssBaseScore(input as unknown as string));
    assert.equal(cvssBaseScore(input as unknown as string), null, String(input));
  }
  // Object.prototype keys are not metrics.
  assert.equal(cvssBaseScore(`${V31}/constructor:X`), null);
  assert.equal(cvssBaseScore(`${V31}/__proto__:X`), null);
  assert.equal(cvssBaseScore("CVSS:3.1/toString:X"), null);
});

test("levelForScore follows the CVSS qualitative scale; 0.0 (None) is UNKNOWN", () => {
  const cases: [number, string][] = [
    [0, "UNKNOWN"],
    [0.1, "LOW"],
    [2.5, "LOW"],
    [3.9, "LOW"],
    [4.0, "MEDIUM"],
    [5.5, "MEDIUM"],
    [6.9, "MEDIUM"],
    [7.0, "HIGH"],
    [8.9, "HIGH"],
    [9.0, "CRITICAL"],
    [9.8, "CRITICAL"],
    [10, "CRITICAL"],
    [-1, "UNKNOWN"],
    [10.1, "UNKNOWN"],
    [Number.NaN, "UNKNOWN"],
    [Number.POSITIVE_INFINITY, "UNKNOWN"],
  ];
  for (const [score, level] of cases) {
    assert.equal(levelForScore(score), level, String(score));
  }
});

test("the official examples' scores land in the levels FIRST names for them", () => {
  const level = (v: string) => levelForScore(cvssBaseScore(v)!.score);
  assert.equal(level("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N"), "LOW"); // POODLE 3.1
  assert.equal(level("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N"), "MEDIUM"); // 6.4
  assert.equal(level("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"), "HIGH"); // Heartbleed
  assert.equal(level("CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:H/I:H/A:H"), "CRITICAL"); // 9.0
  assert.equal(level("CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"), "HIGH");
  assert.equal(level("CVSS:3.0/AV:P/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:N"), "UNKNOWN"); // 0.0
  assert.equal(
    level("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N"),
    "UNKNOWN", // no impact anywhere scores 0.0
  );
});
