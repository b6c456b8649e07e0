import assert from "node:assert/strict";
import { test } from "node:test";
import { toCycloneDx } from "./cyclonedx.ts";
import { comparePackages, type InventoryReport } from "./inventory.ts";
import { normalizeReport, toJson } from "./json.ts";
import { InventoryJson } from "./json-schema.ts";
import { toSpdx } from "./spdx.ts";
import { toTable } from "./table.ts";
import { report } from "./testdata/inventory-report.ts";

test("toJson: 2-space indent, trailing newline, packages in comparePackages order", () => {
  const out = toJson(report());
  assert.ok(out.endsWith("}\n"));
  assert.ok(out.startsWith('{\n  "schemaVersion": 1,\n  "tool": {\n    "name": "drydock",'));
  const parsed = JSON.parse(out) as InventoryReport;
  const expected = [...report().packages].sort(comparePackages);
  assert.deepEqual(
    parsed.packages.map((p) => [p.type, p.name, p.path]),
    expected.map((p) => [p.type, p.name, p.path]),
  );
  assert.deepEqual(
    parsed.packages.map((p) => p.type),
    ["deb", "deb", "deb", "golang", "maven", "npm", "npm", "npm", "npm", "pypi"],
  );
});

test("toJson: keys in schema order, at every level", () => {
  const parsed = JSON.parse(toJson(report()));
  assert.deepEqual(Object.keys(parsed), [
    "schemaVersion",
    "tool",
    "createdAt",
    "target",
    "packages",
    "problems",
    "partial",
  ]);
  assert.deepEqual(Object.keys(parsed.target), [
    "kind",
    "ref",
    "digest",
    "platform",
    "os",
    "layers",
  ]);
  const libc = parsed.packages.find((p: { name: string }) => p.name === "libc6");
  assert.deepEqual(Object.keys(libc), [
    "type",
    "name",
    "version",
    "purl",
    "path",
    "layer",
    "arch",
    "source",
    "licenses",
  ]);
  const babel = parsed.packages.find((p: { name: string }) => p.name === "@babel/code-frame");
  assert.deepEqual(Object.keys(babel.metadata), ["author", "private"]);
  assert.deepEqual(Object.keys(babel.metadata.author), ["email", "name"]);
});

test("InventoryJson parses the output back into the same report", () => {
  const r = report();
  const back = InventoryJson.parse(JSON.parse(toJson(r)));
  assert.deepEqual(back, normalizeReport(r));
  assert.equal(back.packages.length, r.packages.length);
  assert.deepEqual(back.problems, r.problems);
});

test("InventoryJson rejects fields outside the schema and a wrong version", () => {
  const json = JSON.parse(toJson(report()));
  assert.equal(InventoryJson.safeParse({ ...json, extra: 1 }).success, false);
  assert.equal(InventoryJson.safeParse({ ...json, schemaVersion: 2 }).success, false);
  const badPackage = { ...json, packages: [{ ...json.packages[0], type: "snap" }] };
  assert.equal(InventoryJson.safeParse(badPackage).success, false);
});

test("toJson: a directory scan with nulls and an empty inventory", () => {
  const r: InventoryReport = {
    schemaVersion: 1,
    tool: { name: "drydock", version: "0.1.0" },
    createdAt: "2024-07-01T00:00:00Z",
    target: { kind: "dir", ref: "dir:.", digest: null, platform: null, os: null, layers: [] },
    packages: [],
    problems: [],
    partial: false,
  };
  const out = toJson(r);
  assert.deepEqual(InventoryJson.parse(JSON.parse(out)), r);
});

/** The same report with its lists and object keys in another order. */
function shuffled(): InventoryReport {
  const r = report();
  r.packages.reverse();
  for (const p of r.packages)
    if (p.metadata) p.metadata = Object.fromEntries(Object.entries(p.metadata).reverse());
  return r;
}

const FORMATS: [string, (r: InventoryReport) => string][] = [
  ["json", toJson],
  ["cyclonedx", toCycloneDx],
  ["spdx", toSpdx],
  ["table", (r) => toTable(r, { color: false })],
  ["table (color)", (r) => toTable(r, { color: true })],
];

for (const [name, format] of FORMATS) {
  test(`${name}: the same report gives byte-identical output, whatever the input order`, () => {
    const a = format(report());
    assert.equal(format(report()), a);
    assert.equal(format(shuffled()), a);
  });

  test(`${name}: does not change the report it is given`, () => {
    const r = shuffled();
    const before = structuredClone(r);
    format(r);
    assert.deepEqual(r, before);
  });
}

test("every format has the same package count", () => {
  const r = report();
  const n = r.packages.length;
  assert.equal(n, 10);
  assert.equal(JSON.parse(toJson(r)).packages.length, n);
  const cdx = JSON.parse(toCycloneDx(r));
  assert.equal(cdx.components.length, n);
  const spdx = JSON.parse(toSpdx(r));
  assert.equal(
    spdx.packages.filter((p: { SPDXID: string }) => p.SPDXID !== "SPDXRef-Image").length,
    n,
  );
  assert.equal(
    spdx.relationships.filter(
      (x: { relationshipType: string }) => x.relationshipType === "CONTAINS",
    ).length,
    n,
  );
  const table = toTable(r, { color: false });
  assert.match(table.trimEnd().split("\n").at(-1)!, new RegExp(`^${n} packages `));
  assert.equal(
    table
      .split("\n")
      .filter((l) => /^│ (deb|npm|pypi|golang|maven) /.test(l) && l.split("│").length === 8).length,
    n,
  );
});
