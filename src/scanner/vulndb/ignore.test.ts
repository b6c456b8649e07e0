import assert from "node:assert/strict";
import { test } from "node:test";
import { type IgnoreError, type IgnoreFile, isDate, parseIgnoreFile } from "./ignore.ts";

const FILE = ".drydockignore.yaml";
const TODAY = "2026-03-15";

function ok(text: string, today = TODAY): IgnoreFile {
  const r = parseIgnoreFile(text, FILE, today);
  if ("error" in r) assert.fail(r.error);
  return r;
}

function error(text: string): string {
  const r = parseIgnoreFile(text, FILE, TODAY);
  assert.ok("error" in r, "expected an error");
  return (r as IgnoreError).error;
}

test("a valid file: entries in file order, with their line, trimmed values and optional package", () => {
  const r = ok(
    [
      "# accepted risks, reviewed monthly",
      "ignore:",
      "  - id: CVE-2024-0001",
      '    reason: "not reachable: we never parse untrusted certificates"',
      "    expires: 2027-01-31",
      "  - id: GHSA-aaaa-bbbb-cccc",
      "    reason: >-",
      "      waiting for upstream",
      "    expires: '2026-12-01'",
      "    package: pkg:npm/lodash",
      "  - id: CVE-2024-0002",
      "    package: openssl",
      "    reason: only used for hashing",
      "    expires: 2026-04-01",
      "",
    ].join("\n"),
  );
  assert.deepEqual(r.expired, []);
  assert.deepEqual(r.entries, [
    {
      id: "CVE-2024-0001",
      reason: "not reachable: we never parse untrusted certificates",
      expires: "2027-01-31",
      line: 3,
    },
    {
      id: "GHSA-aaaa-bbbb-cccc",
      reason: "waiting for upstream",
      expires: "2026-12-01",
      package: "pkg:npm/lodash",
      line: 6,
    },
    {
      id: "CVE-2024-0002",
      reason: "only used for hashing",
      expires: "2026-04-01",
      package: "openssl",
      line: 11,
    },
  ]);
});

test("expiry: before today is expired; today and later still apply", () => {
  const text = [
    "ignore:",
    "  - { id: CVE-1, reason: past, expires: 2026-03-14 }",
    "  - { id: CVE-2, reason: today, expires: 2026-03-15 }",
    "  - { id: CVE-3, reason: future, expires: 2026-03-16 }",
  ].join("\n");
  const r = ok(text);
  assert.deepEqual(
    r.entries.map((e) => e.id),
    ["CVE-2", "CVE-3"],
  );
  assert.deepEqual(
    r.expired.map((e) => [e.id, e.expires, e.line]),
    [["CVE-1", "2026-03-14", 2]],
  );
  // A day later the "today" entry has expired too.
  assert.deepEqual(
    ok(text, "2026-03-16").expired.map((e) => e.id),
    ["CVE-1", "CVE-2"],
  );
});

test("an empty file, a comment-only file and an empty list ignore nothing", () => {
  for (const text of ["", "# nothing yet\n", "ignore:\n", "ignore: []\n"])
    assert.deepEqual(ok(text), { entries: [], expired: [] }, JSON.stringify(text));
});

test("a YAML alias for a shared reason is followed", () => {
  const r = ok(
    [
      "ignore:",
      "  - { id: CVE-1, reason: &why shared reason, expires: 2027-01-01 }",
      "  - { id: CVE-2, reason: *why, expires: 2027-01-01 }",
    ].join("\n"),
  );
  assert.deepEqual(
    r.entries.map((e) => e.reason),
    ["shared reason", "shared reason"],
  );
});

test("YAML 1.1 reads an unquoted date as a timestamp: still understood", () => {
  const r = ok("%YAML 1.1\n---\nignore:\n  - { id: CVE-1, reason: r, expires: 2027-01-31 }\n");
  assert.equal(r.entries[0]!.expires, "2027-01-31");
});

test("errors name the file and the line, with the exact problem", () => {
  const cases: [string, string][] = [
    // missing reason: the entry's line
    [
      "ignore:\n  - id: CVE-2024-1\n    expires: 2027-01-31\n",
      `${FILE}:2: ignore entry 1 (CVE-2024-1): missing "reason" (say why it is safe to ignore)`,
    ],
    // empty reason: the reason's line
    [
      'ignore:\n  - id: CVE-2024-1\n    reason: "  "\n    expires: 2027-01-31\n',
      `${FILE}:3: ignore entry 1 (CVE-2024-1): "reason" must not be empty`,
    ],
    [
      "ignore:\n  - id: CVE-2024-1\n    reason:\n    expires: 2027-01-31\n",
      `${FILE}:3: ignore entry 1 (CVE-2024-1): "reason" must not be empty`,
    ],
    // missing expiry
    [
      "ignore:\n  - id: CVE-2024-1\n    reason: r\n",
      `${FILE}:2: ignore entry 1 (CVE-2024-1): missing "expires" (YYYY-MM-DD)`,
    ],
    // wrong date format, impossible dates
    [
      "ignore:\n  - id: CVE-2024-1\n    reason: r\n    expires: 31/01/2027\n",
      `${FILE}:4: ignore entry 1 (CVE-2024-1): "expires" must be a date YYYY-MM-DD, got "31/01/2027"`,
    ],
    [
      "ignore:\n  - id: CVE-2024-1\n    reason: r\n    expires: 2027-1-31\n",
      `${FILE}:4: ignore entry 1 (CVE-2024-1): "expires" must be a date YYYY-MM-DD, got "2027-1-31"`,
    ],
    [
      "ignore:\n  - id: CVE-2024-1\n    reason: r\n    expires: 2027-02-30\n",
      `${FILE}:4: ignore entry 1 (CVE-2024-1): "expires" 2027-02-30 is not a real date`,
    ],
    [
      "ignore:\n  - id: CVE-2024-1\n    reason: r\n    expires: 2027-13-01\n",
      `${FILE}:4: ignore entry 1 (CVE-2024-1): "expires" 2027-13-01 is not a real date`,
    ],
    [
      "ignore:\n  - id: CVE-2024-1\n    reason: r\n    expires: 20270131\n",
      `${FILE}:4: ignore entry 1 (CVE-2024-1): "expires" must be a date YYYY-MM-DD, got 20270131`,
    ],
    // unknown keys: a typo must not silently ignore nothing
    [
      "ignore:\n  - id: CVE-2024-1\n    reason: r\n    expires: 2027-01-31\n    pakage: openssl\n",
      `${FILE}:5: ignore entry 1: unknown key "pakage" (expected id, reason, expires, package)`,
    ],
    [
      "ignores:\n  - id: CVE-2024-1\n",
      `${FILE}:1: unknown key "ignores" (the file has one key: "ignore")`,
    ],
    // missing or bad id, the second entry's line
    [
      "ignore:\n  - { id: CVE-1, reason: r, expires: 2027-01-31 }\n  - reason: r\n    expires: 2027-01-31\n",
      `${FILE}:3: ignore entry 2: missing "id" (a vulnerability id)`,
    ],
    [
      "ignore:\n  - id: 12\n    reason: r\n    expires: 2027-01-31\n",
      `${FILE}:2: ignore entry 1: "id" must be a vulnerability id such as CVE-2024-1234`,
    ],
    // package: empty, or a broken purl
    [
      "ignore:\n  - id: CVE-1\n    reason: r\n    expires: 2027-01-31\n    package: ''\n",
      `${FILE}:5: ignore entry 1 (CVE-1): "package" must be a purl or a package name`,
    ],
    [
      "ignore:\n  - id: CVE-1\n    reason: r\n    expires: 2027-01-31\n    package: pkg:npm\n",
      `${FILE}:5: ignore entry 1 (CVE-1): "package" pkg:npm is not a valid purl`,
    ],
    // shapes
    ["- id: CVE-1\n", `${FILE}:1: expected a mapping with an "ignore" list`],
    ["ignore:\n  id: CVE-1\n", `${FILE}:2: "ignore" must be a list of entries`],
    [
      "ignore:\n  - CVE-1\n",
      `${FILE}:2: ignore entry 1: expected a mapping with id, reason and expires`,
    ],
    // YAML syntax errors keep the parser's line
    [
      "ignore:\n  - id: CVE-1\n    id: CVE-2\n",
      `${FILE}:3: not valid YAML: Map keys must be unique`,
    ],
    ["ignore:\n\t- id: CVE-1\n", `${FILE}:2: not valid YAML: Tabs are not allowed as indentation`],
  ];
  for (const [text, message] of cases) assert.equal(error(text), message, JSON.stringify(text));
});

test("today must be a real date (a caller's bug, thrown)", () => {
  assert.throws(() => parseIgnoreFile("", FILE, "2026-3-1"), /today must be YYYY-MM-DD/);
});

test("isDate: calendar days only, leap years included", () => {
  assert.equal(isDate("2024-02-29"), true);
  assert.equal(isDate("2023-02-29"), false);
  assert.equal(isDate("2000-02-29"), true);
  assert.equal(isDate("1900-02-29"), false);
  assert.equal(isDate("2027-04-31"), false);
  assert.equal(isDate("2027-00-10"), false);
  assert.equal(isDate("2027-01-31T00:00:00Z"), false);
});
